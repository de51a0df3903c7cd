/* test-server-notice.c: a supplement request files its one-time notice
 * (一次性告知书) with the case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "wb-test-server.h"

#define HANDLER "handler.210102"

static JsonArray *
list_materials (WbTestServer *server,
                const char   *token,
                gint64        case_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", case_id);
  g_autoptr(WbTestReply) list = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (list->status, ==, 200);
  return json_array_ref (json_object_get_array_member (wb_test_reply_object (list), "items"));
}

static JsonObject *
find_material (JsonArray  *items,
               const char *name)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *m = json_array_get_object_element (items, i);
      if (g_strcmp0 (json_object_get_string_member (m, "name"), name) == 0)
        return m;
    }
  return NULL;
}

static GBytes *
material_content (WbTestServer *server,
                  const char   *token,
                  gint64        case_id,
                  gint64        material_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/content",
                                           case_id, material_id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/pdf");
  return g_bytes_ref (reply->body);
}


static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the notice's text:\n%s", needle, text);
}

static void
test_notice_filed (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, "2026-02-13T02:00:00Z");
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  const char *case_no;
  JsonObject *notice;
  gint64 id, hukou_id;

  id = wb_test_intake (server, "NOTICE-0001", "ZA-WFZ", "210102");
  c = wb_test_get_case (server, handler, id, NULL);
  case_no = json_object_get_string_member (c, "case_no");

  /* The reviewer's finding on the household register goes into the
   * notice beside the item, so the applicant knows what to fix. */
  items = list_materials (server, handler, id);
  hukou_id = json_object_get_int_member (find_material (items, "居民户口簿"), "id");
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/review",
                                             id, hukou_id);
    g_autoptr(WbTestReply) reviewed = wb_test_request (server, "PUT", path, handler,
                                                       "{\"verdict\":\"deficient\",\"reason\":\"缺少本人页\"}");
    g_assert_cmpuint (reviewed->status, ==, 200);
  }
  g_clear_pointer (&items, json_array_unref);

  {
    g_autoptr(WbTestReply) acted = wb_test_act (server, handler, id, "request_supplement",
                                                "{\"missing\":[\"居民户口簿\",\"照片回执\"],"
                                                "\"note\":\"请上传彩色扫描件\"}");
    g_assert_cmpuint (acted->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (wb_test_reply_object (acted), "state"), ==, "supplement");
  }

  items = list_materials (server, handler, id);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  notice = find_material (items, "一次性告知书（第1次）");
  g_assert_nonnull (notice);
  g_assert_cmpstr (json_object_get_string_member (notice, "uploaded_by"), ==, HANDLER);
  g_assert_cmpstr (json_object_get_string_member (notice, "content_type"), ==, "application/pdf");
  g_assert_true (json_object_get_null_member (notice, "review"));

  pdf = material_content (server, handler, id, json_object_get_int_member (notice, "id"));
  g_assert_cmpint (json_object_get_int_member (notice, "size"), ==, g_bytes_get_size (pdf));
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      assert_contains (text, case_no);
      assert_contains (text, "居民户口簿");
      assert_contains (text, "缺少本人页");
      assert_contains (text, "照片回执");
      assert_contains (text, "请上传彩色扫描件");
      assert_contains (text, "第三十二条");
      /* Addressed to the applicant herself, so in clear. */
      assert_contains (text, "欧阳娜娜");
      assert_contains (text, "2026年2月13日");
    }

  /* A second request on the case needs its reason and files a second
   * notice beside the first, which stays as served. */
  {
    g_autoptr(WbTestReply) back = wb_test_act (server, handler, id, "supplement_received", "{}");
    g_autoptr(WbTestReply) again = NULL;
    g_autoptr(GBytes) second_pdf = NULL;
    g_autofree char *second_text = NULL;
    JsonObject *second;

    g_assert_cmpuint (back->status, ==, 200);
    again = wb_test_act (server, handler, id, "request_supplement",
                         "{\"missing\":[\"照片回执\"],\"reason\":\"照片回执已过期\"}");
    g_assert_cmpuint (again->status, ==, 200);

    g_clear_pointer (&items, json_array_unref);
    items = list_materials (server, handler, id);
    g_assert_cmpuint (json_array_get_length (items), ==, 3);
    g_assert_nonnull (find_material (items, "一次性告知书（第1次）"));
    second = find_material (items, "一次性告知书（第2次）");
    g_assert_nonnull (second);

    second_pdf = material_content (server, handler, id, json_object_get_int_member (second, "id"));
    g_assert_false (g_bytes_equal (pdf, second_pdf));
    second_text = wb_test_pdf_text (second_pdf);
    if (second_text != NULL)
      {
        assert_contains (second_text, case_no);
        assert_contains (second_text, "照片回执已过期");
        assert_contains (second_text, "第2次");
      }
  }

  wb_test_assert_alive (server);
  wb_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/notice/filed", test_notice_filed);
  return g_test_run ();
}
