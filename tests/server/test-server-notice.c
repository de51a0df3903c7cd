/* test-server-notice.c: the notices a case's actions file (一次性告知书,
 * 受理通知书, 不予受理决定书, 准予许可决定书, 不予许可决定书), checking
 * them by their verification code, and previewing them
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


/* pdftotext breaks lines where the page does; a sentence is found
 * across them once the breaks are gone. */
static void
assert_contains (const char *text,
                 const char *needle)
{
  g_autoptr(GString) flat = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n' && *p != '\f')
      g_string_append_c (flat, *p);
  if (strstr (flat->str, needle) == NULL)
    g_error ("“%s” is not in the notice's text:\n%s", needle, text);
}

/* The detail of the newest history row. */
static JsonObject *
last_history_detail (WbTestServer *server,
                     const char   *token,
                     gint64        case_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", case_id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  /* Oldest first or newest first: the row of the latest action is the
   * one with the highest id. */
  {
    JsonObject *newest = NULL;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *row = json_array_get_object_element (items, i);

        if (newest == NULL ||
            json_object_get_int_member (row, "id") > json_object_get_int_member (newest, "id"))
          newest = row;
      }
    return json_object_ref (json_object_get_object_member (newest, "detail"));
  }
}

static guint
history_length (WbTestServer *server,
                const char   *token,
                gint64        case_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", case_id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (wb_test_reply_object (reply), "items"));
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

  /* The history row names the notice and the code printed on it. */
  {
    g_autoptr(JsonObject) detail = last_history_detail (server, handler, id);
    const char *code = json_object_get_string_member (detail, "notice_code");

    g_assert_cmpstr (json_object_get_string_member (detail, "notice"), ==, "一次性告知书（第1次）");
    g_assert_cmpstr (json_object_get_string_member (detail, "notice_kind"), ==, "supplement");
    g_assert_cmpstr (json_object_get_string_member (detail, "notice_sha256"), ==,
                     json_object_get_string_member (notice, "sha256"));
    g_assert_cmpuint (strlen (code), ==, 19);
    if (text != NULL)
      assert_contains (text, code);
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

  /* Once accepted, the acceptance notice lists what the applicant sent,
   * not the notices the centre filed beside it. */
  {
    g_autoptr(WbTestReply) back = wb_test_act (server, handler, id, "supplement_received", "{}");
    g_autoptr(WbTestReply) accepted = NULL;
    g_autoptr(JsonArray) now = NULL;
    g_autoptr(GBytes) accept_pdf = NULL;
    g_autofree char *accept_text = NULL;
    JsonObject *accept;

    g_assert_cmpuint (back->status, ==, 200);
    accepted = wb_test_act (server, handler, id, "accept", "{}");
    g_assert_cmpuint (accepted->status, ==, 200);
    now = list_materials (server, handler, id);
    accept = find_material (now, "受理通知书");
    g_assert_nonnull (accept);
    accept_pdf = material_content (server, handler, id, json_object_get_int_member (accept, "id"));
    accept_text = wb_test_pdf_text (accept_pdf);
    if (accept_text != NULL)
      {
        assert_contains (accept_text, "1．居民户口簿");
        g_assert_null (strstr (accept_text, "2．"));
        g_assert_null (strstr (accept_text, "告知书（"));
      }
  }

  wb_test_assert_alive (server);
  wb_test_server_stop (server);
}

static WbTestReply *
preview (WbTestServer *server,
         const char   *token,
         gint64        case_id,
         const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/notice-preview", case_id);

  return wb_test_request (server, "POST", path, token, body);
}

static GBytes *
preview_pdf (WbTestServer *server,
             const char   *token,
             gint64        case_id,
             const char   *body)
{
  g_autoptr(WbTestReply) reply = preview (server, token, case_id, body);

  if (reply->status != 200)
    g_error ("preview %s answered %u: %.*s", body, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/pdf");
  g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), 5, "%PDF-", 5);
  return g_bytes_ref (reply->body);
}

static void
assert_status (WbTestReply *reply,
               guint        status,
               const char  *code)
{
  if (reply->status != status)
    g_error ("expected %u, got %u: %.*s", status, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  if (code != NULL)
    g_assert_cmpstr (wb_test_reply_error_code (reply), ==, code);
}

/* A preview shows the notice as the action would issue it, marked as a
 * draft and without a code, and leaves the case exactly as it was. */
static void
test_preview (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, "2026-02-13T02:00:00Z");
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autofree char *viewer = wb_test_login (server, "viewer.210102");
  g_autofree char *other = wb_test_login (server, "handler.210103");
  g_autofree char *etag = NULL;
  g_autofree char *etag_after = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonArray) before_items = NULL;
  g_autoptr(JsonArray) after_items = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) refusal = NULL;
  g_autofree char *text = NULL;
  const char *supplement = "{\"action\":\"request_supplement\",\"missing\":[\"居民户口簿\",\"照片回执\"],"
                           "\"note\":\"请上传彩色扫描件\"}";
  guint history_before;
  gint64 id;

  id = wb_test_intake (server, "NOTICE-PREVIEW", "ZA-WFZ", "210102");
  c = wb_test_get_case (server, handler, id, &etag);
  before_items = list_materials (server, handler, id);
  history_before = history_length (server, handler, id);

  /* The permission is the action's: not a viewer, not another unit. */
  {
    g_autoptr(WbTestReply) denied = preview (server, viewer, id, supplement);
    g_autoptr(WbTestReply) foreign = preview (server, other, id, supplement);
    g_autoptr(WbTestReply) anonymous = preview (server, NULL, id, supplement);

    assert_status (denied, 403, "forbidden");
    g_assert_cmpuint (foreign->status, ==, 403);
    assert_status (anonymous, 401, "unauthorized");
  }

  /* The body is validated as the action validates it. */
  {
    g_autoptr(WbTestReply) no_action = preview (server, handler, id, "{\"missing\":[\"照片回执\"]}");
    g_autoptr(WbTestReply) not_a_notice = preview (server, handler, id, "{\"action\":\"claim\"}");
    g_autoptr(WbTestReply) no_missing = preview (server, handler, id, "{\"action\":\"request_supplement\"}");
    g_autoptr(WbTestReply) action_no_missing = NULL;
    g_autoptr(WbTestReply) no_basis = preview (server, handler, id,
                                               "{\"action\":\"refuse\",\"reason\":\"不符合条件\"}");
    g_autoptr(WbTestReply) wrong_state = preview (server, handler, id,
                                                  "{\"action\":\"approve\",\"result\":\"准予\"}");

    assert_status (no_action, 400, "invalid_request");
    assert_status (not_a_notice, 400, "invalid_request");
    g_assert_cmpuint (no_missing->status, >=, 400);
    g_assert_cmpuint (no_missing->status, <, 500);
    /* Whatever the action answers to the same fields, so does its
     * preview. */
    action_no_missing = wb_test_act (server, handler, id, "request_supplement", "{}");
    g_assert_cmpuint (no_missing->status, ==, action_no_missing->status);
    g_assert_cmpstr (wb_test_reply_error_code (no_missing), ==, wb_test_reply_error_code (action_no_missing));
    g_assert_cmpuint (no_basis->status, ==, no_missing->status);
    assert_status (wrong_state, 409, "conflict");
  }

  first = preview_pdf (server, handler, id, supplement);
  second = preview_pdf (server, handler, id, supplement);
  /* Same case, same body, same moment: the same bytes. */
  g_assert_true (g_bytes_equal (first, second));

  text = wb_test_pdf_text (first);
  if (text != NULL)
    {
      assert_contains (text, "样稿（预览）");
      assert_contains (text, "样稿无核验码");
      assert_contains (text, "补正材料一次性告知书");
      assert_contains (text, "居民户口簿");
      assert_contains (text, "照片回执");
      assert_contains (text, "请上传彩色扫描件");
      assert_contains (text, "第1次");
      assert_contains (text, json_object_get_string_member (c, "case_no"));
    }

  refusal = preview_pdf (server, handler, id,
                         "{\"action\":\"refuse\",\"legal_basis\":\"《中华人民共和国行政许可法》第三十二条第一款第（二）项\","
                         "\"reason\":\"申请事项不属于本中心职权范围\"}");
  g_clear_pointer (&text, g_free);
  text = wb_test_pdf_text (refusal);
  if (text != NULL)
    {
      /* Refused before acceptance: the application is not accepted. */
      assert_contains (text, "不予受理决定书");
      assert_contains (text, "样稿（预览）");
      assert_contains (text, "第三十二条第一款第（二）项");
      assert_contains (text, "申请事项不属于本中心职权范围");
      assert_contains (text, "六十日内依法申请行政复议");
      assert_contains (text, "六个月内依法向人民法院提起行政诉讼");
    }

  /* Nothing was filed, and the case did not move. */
  after = wb_test_get_case (server, handler, id, &etag_after);
  g_assert_cmpstr (etag, ==, etag_after);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "submitted");
  after_items = list_materials (server, handler, id);
  g_assert_cmpuint (json_array_get_length (after_items), ==, json_array_get_length (before_items));
  g_assert_cmpuint (history_length (server, handler, id), ==, history_before);

  /* The second request's rule holds in the preview as in the action. */
  {
    g_autoptr(WbTestReply) issued = wb_test_act (server, handler, id, "request_supplement",
                                                 "{\"missing\":[\"照片回执\"]}");
    g_autoptr(WbTestReply) back = NULL;
    g_autoptr(WbTestReply) no_reason = NULL;
    g_autoptr(GBytes) again = NULL;
    g_autofree char *again_text = NULL;

    g_assert_cmpuint (issued->status, ==, 200);
    back = wb_test_act (server, handler, id, "supplement_received", "{}");
    g_assert_cmpuint (back->status, ==, 200);
    no_reason = preview (server, handler, id, "{\"action\":\"request_supplement\",\"missing\":[\"照片回执\"]}");
    assert_status (no_reason, 422, "unprocessable");

    again = preview_pdf (server, handler, id,
                         "{\"action\":\"request_supplement\",\"missing\":[\"照片回执\"],\"reason\":\"照片回执已过期\"}");
    again_text = wb_test_pdf_text (again);
    if (again_text != NULL)
      {
        assert_contains (again_text, "第2次");
        assert_contains (again_text, "照片回执已过期");
      }
  }

  wb_test_assert_alive (server);
  wb_test_server_stop (server);
}

/* Performs an action and returns the notice it filed: its PDF, the
 * history row's detail, and the material's checksum. */
static GBytes *
act_and_fetch_notice (WbTestServer  *server,
                      const char    *token,
                      gint64         case_id,
                      const char    *action,
                      const char    *body,
                      const char    *material_name,
                      JsonObject   **detail_out)
{
  g_autoptr(WbTestReply) acted = wb_test_act (server, token, case_id, action, body);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(JsonObject) detail = NULL;
  JsonObject *m;

  if (acted->status != 200)
    g_error ("%s answered %u: %.*s", action, acted->status,
             (int) g_bytes_get_size (acted->body), (const char *) g_bytes_get_data (acted->body, NULL));

  detail = last_history_detail (server, token, case_id);
  g_assert_cmpstr (json_object_get_string_member (detail, "notice"), ==, material_name);
  items = list_materials (server, token, case_id);
  m = find_material (items, material_name);
  g_assert_nonnull (m);
  g_assert_cmpstr (json_object_get_string_member (m, "sha256"), ==,
                   json_object_get_string_member (detail, "notice_sha256"));
  g_assert_cmpint (json_object_get_int_member (m, "id"), ==,
                   json_object_get_int_member (detail, "notice_material_id"));
  *detail_out = g_steal_pointer (&detail);
  return material_content (server, token, case_id, json_object_get_int_member (m, "id"));
}

/* What a person holding the paper learns from its code: enough to know
 * it is genuine, and nothing personal beyond the masked name. */
static JsonObject *
verify (WbTestServer *server,
        const char   *code)
{
  g_autofree char *path = g_strdup_printf ("/notices/%s", code);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, NULL, NULL);

  if (reply->status != 200)
    g_error ("GET %s answered %u", path, reply->status);
  return json_object_ref (wb_test_reply_object (reply));
}

static void
assert_verifies (WbTestServer *server,
                 JsonObject   *detail,
                 const char   *kind,
                 const char   *case_no)
{
  const char *code = json_object_get_string_member (detail, "notice_code");
  g_autoptr(JsonObject) found = verify (server, code);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), found);
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_cmpstr (json_object_get_string_member (found, "kind"), ==, kind);
  g_assert_cmpstr (json_object_get_string_member (found, "case_no"), ==, case_no);
  g_assert_cmpstr (json_object_get_string_member (found, "unit_name"), ==, "沈阳市公安局和平分局网办中心");
  g_assert_cmpstr (json_object_get_string_member (found, "item_name"), ==, "无犯罪记录证明");
  g_assert_cmpstr (json_object_get_string_member (found, "issued_on"), ==, "2026-02-13");
  g_assert_cmpstr (json_object_get_string_member (found, "sha256"), ==,
                   json_object_get_string_member (detail, "notice_sha256"));
  g_assert_cmpstr (json_object_get_string_member (found, "applicant_name_masked"), ==, "欧阳**");
  /* Nothing in clear: not the name, the ID number, the phone or the
   * address. */
  g_assert_null (strstr (text, "娜娜"));
  g_assert_null (strstr (text, "11010519491231002X"));
  g_assert_null (strstr (text, "13812345678"));
  g_assert_null (strstr (text, "南京北街"));
}

static void
test_decisions (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, "2026-02-13T02:00:00Z");
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accept_code = NULL;
  const char *case_no;
  gint64 granted, not_accepted, refused;

  /* Accepted, then granted. */
  granted = wb_test_intake (server, "NOTICE-GRANT", "ZA-WFZ", "210102");
  c = wb_test_get_case (server, handler, granted, NULL);
  case_no = json_object_get_string_member (c, "case_no");
  {
    g_autoptr(WbTestReply) passed = wb_test_act (server, handler, granted, "platform_pass", "{}");
    g_assert_cmpuint (passed->status, ==, 200);
  }
  pdf = act_and_fetch_notice (server, handler, granted, "accept", "{}", "受理通知书", &detail);
  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      assert_contains (text, "沈阳市公安局和平分局网办中心");
      assert_contains (text, "受理通知书");
      assert_contains (text, case_no);
      assert_contains (text, "无犯罪记录证明");
      assert_contains (text, "欧阳娜娜");
      assert_contains (text, "予以受理");
      /* What she sent, itemised. */
      assert_contains (text, "1．居民户口簿");
      assert_contains (text, "2026年2月13日");
      assert_contains (text, json_object_get_string_member (detail, "notice_code"));
    }
  assert_verifies (server, detail, "acceptance", case_no);
  accept_code = g_strdup (json_object_get_string_member (detail, "notice_code"));
  g_clear_pointer (&detail, json_object_unref);
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  pdf = act_and_fetch_notice (server, handler, granted, "approve",
                              "{\"result\":\"开具无犯罪记录证明一份\"}", "准予许可决定书", &detail);
  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      assert_contains (text, "准予许可决定书");
      assert_contains (text, case_no);
      assert_contains (text, "决定准予行政许可");
      assert_contains (text, "开具无犯罪记录证明一份");
      assert_contains (text, "《公安部关于印发〈公安机关办理犯罪记录查询工作规定〉的通知》");
      assert_contains (text, json_object_get_string_member (detail, "notice_code"));
    }
  assert_verifies (server, detail, "grant", case_no);
  /* Each notice has its own code. */
  g_assert_cmpstr (accept_code, !=, json_object_get_string_member (detail, "notice_code"));
  g_clear_pointer (&detail, json_object_unref);
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&c, json_object_unref);

  /* Refused before acceptance: 不予受理决定书. A refusal without its
   * basis or reasons is turned away and files nothing. */
  not_accepted = wb_test_intake (server, "NOTICE-NOT-ACCEPTED", "ZA-WFZ", "210102");
  c = wb_test_get_case (server, handler, not_accepted, NULL);
  case_no = json_object_get_string_member (c, "case_no");
  {
    g_autoptr(WbTestReply) no_basis = wb_test_act (server, handler, not_accepted, "refuse",
                                                   "{\"reason\":\"不符合条件\"}");
    g_autoptr(WbTestReply) no_reason = wb_test_act (server, handler, not_accepted, "refuse",
                                                    "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十八条第二款\"}");
    g_autoptr(WbTestReply) blank = wb_test_act (server, handler, not_accepted, "refuse",
                                                "{\"legal_basis\":\"  \",\"reason\":\"不符合条件\"}");
    g_autoptr(JsonArray) items = list_materials (server, handler, not_accepted);

    g_assert_cmpuint (no_basis->status, >=, 400);
    g_assert_cmpuint (no_basis->status, <, 500);
    g_assert_cmpuint (no_reason->status, ==, no_basis->status);
    g_assert_cmpuint (blank->status, ==, no_basis->status);
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
  }
  pdf = act_and_fetch_notice (server, handler, not_accepted, "refuse",
                              "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十二条第一款第（二）项\","
                              "\"reason\":\"申请人户籍不在本辖区\"}", "不予受理决定书", &detail);
  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      assert_contains (text, "不予受理决定书");
      assert_contains (text, case_no);
      assert_contains (text, "欧阳娜娜");
      assert_contains (text, "本中心决定不予受理");
      assert_contains (text, "《中华人民共和国行政许可法》第三十二条第一款第（二）项");
      assert_contains (text, "申请人户籍不在本辖区");
      assert_contains (text, "六十日内依法申请行政复议");
      assert_contains (text, "六个月内依法向人民法院提起行政诉讼");
      assert_contains (text, json_object_get_string_member (detail, "notice_code"));
    }
  assert_verifies (server, detail, "non_acceptance", case_no);
  g_clear_pointer (&detail, json_object_unref);
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&c, json_object_unref);

  /* Refused after acceptance: 不予许可决定书. */
  refused = wb_test_intake (server, "NOTICE-REFUSED", "ZA-WFZ", "210102");
  c = wb_test_get_case (server, handler, refused, NULL);
  case_no = json_object_get_string_member (c, "case_no");
  {
    g_autoptr(WbTestReply) passed = wb_test_act (server, handler, refused, "platform_pass", "{}");
    g_autoptr(WbTestReply) accepted = wb_test_act (server, handler, refused, "accept", "{}");

    g_assert_cmpuint (passed->status, ==, 200);
    g_assert_cmpuint (accepted->status, ==, 200);
  }
  pdf = act_and_fetch_notice (server, handler, refused, "refuse",
                              "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十八条第二款\","
                              "\"reason\":\"申请人提交的居民户口簿与户籍档案不一致\"}", "不予许可决定书", &detail);
  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      assert_contains (text, "不予许可决定书");
      assert_contains (text, case_no);
      assert_contains (text, "本中心决定不予行政许可");
      assert_contains (text, "《中华人民共和国行政许可法》第三十八条第二款");
      assert_contains (text, "申请人提交的居民户口簿与户籍档案不一致");
      assert_contains (text, "六十日内依法申请行政复议");
      assert_contains (text, "六个月内依法向人民法院提起行政诉讼");
    }
  assert_verifies (server, detail, "refusal", case_no);

  wb_test_assert_alive (server);
  wb_test_server_stop (server);
}

/* The code is checked by anyone, typed as people type it; an unknown
 * one is a 404 with the usual error body; every lookup is audited. */
static void
test_verify (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, "2026-02-13T02:00:00Z");
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autofree char *auditor = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *lower = NULL;
  const char *code;
  guint ok = 0, failed = 0;
  gint64 id;

  id = wb_test_intake (server, "NOTICE-VERIFY", "ZA-WFZ", "210102");
  pdf = act_and_fetch_notice (server, handler, id, "request_supplement",
                              "{\"missing\":[\"申请表\"]}", "一次性告知书（第1次）", &detail);
  code = json_object_get_string_member (detail, "notice_code");
  g_assert_true (g_regex_match_simple ("^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$", code, 0, 0));

  /* Lower case and without the dashes, as read off the paper. */
  lower = g_ascii_strdown (code, -1);
  {
    g_autoptr(GString) bare = g_string_new (NULL);

    for (const char *p = lower; *p; p++)
      if (*p != '-')
        g_string_append_c (bare, *p);
    found = verify (server, bare->str);
    g_assert_cmpstr (json_object_get_string_member (found, "code"), ==, code);
    g_assert_cmpstr (json_object_get_string_member (found, "kind"), ==, "supplement");
    g_assert_cmpstr (json_object_get_string_member (found, "title"), ==, "补正材料一次性告知书");
  }

  {
    const char *unknown[] = { "2222-2222-2222-2222", "ABCD", "0000-1111-OOOO-IIII" };

    for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
      {
        g_autofree char *path = g_strdup_printf ("/notices/%s", unknown[i]);
        g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, NULL, NULL);
        JsonObject *error;

        assert_status (reply, 404, "not_found");
        error = json_object_get_object_member (wb_test_reply_object (reply), "error");
        g_assert_nonnull (json_object_get_string_member (error, "message"));
      }
  }

  /* A signed-in caller learns no more than an anonymous one. */
  {
    g_autofree char *path = g_strdup_printf ("/notices/%s", code);
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, handler, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (wb_test_reply_object (reply), "applicant_name_masked"),
                     ==, "欧阳**");
  }

  auditor = wb_test_login (server, "auditor.210000");
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/audit?limit=100", auditor, NULL);
    JsonArray *items;

    g_assert_cmpuint (reply->status, ==, 200);
    items = json_object_get_array_member (wb_test_reply_object (reply), "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *row = json_array_get_object_element (items, i);

        if (g_strcmp0 (json_object_get_string_member (row, "action"), "verify_notice") != 0)
          continue;
        if (g_str_equal (json_object_get_string_member (row, "result"), "ok"))
          ok++;
        else
          failed++;
        /* A code is a capability: the trail never holds one. */
        g_assert_null (strstr (json_object_get_string_member (row, "object"), code + 5));
      }
    /* The anonymous lookup and the signed-in one; the one unknown code
     * of the right shape. The malformed two wrote nothing. */
    g_assert_cmpuint (ok, ==, 2);
    g_assert_cmpuint (failed, ==, 1);
  }

  wb_test_assert_alive (server);
  wb_test_server_stop (server);
}

/* One address guessing codes is slowed down before it can fill the
 * audit trail: 30 lookups a minute, then 429 with a time to wait. */
static void
test_lookup_limit (void)
{
  WbTestServer *server = wb_test_server_start (NULL, "2026-02-13T02:00:00Z");
  guint refused_at = 0;

  for (guint i = 1; i <= 40 && refused_at == 0; i++)
    {
      g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/notices/2222-2222-2222-2222", NULL, NULL);

      if (reply->status == 429)
        {
          const char *retry_after = soup_message_headers_get_one (reply->headers, "Retry-After");
          guint64 seconds = 0;

          g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "too_many_requests");
          g_assert_nonnull (retry_after);
          g_assert_true (g_ascii_string_to_unsigned (retry_after, 10, 1, 60, &seconds, NULL));
          refused_at = i;
        }
      else
        assert_status (reply, 404, "not_found");
    }
  /* The bucket refills while the requests run, by a lookup every two
   * seconds. */
  g_assert_cmpuint (refused_at, >, 30);
  g_assert_cmpuint (refused_at, <=, 40);

  wb_test_assert_alive (server);
  wb_test_server_stop (server);
}

/* Each item offers the grounds a refusal may cite. */
static void
test_refusal_grounds (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, "2026-02-13T02:00:00Z");
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/items", handler, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *grounds = json_object_get_array_member (item, "refusal_grounds");
      gboolean general = FALSE;

      g_assert_nonnull (grounds);
      g_assert_cmpuint (json_array_get_length (grounds), >=, 2);
      for (guint j = 0; j < json_array_get_length (grounds); j++)
        if (g_str_equal (json_array_get_string_element (grounds, j),
                         "《中华人民共和国行政许可法》第三十八条第二款"))
          general = TRUE;
      g_assert_true (general);
    }

  wb_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/notice/filed", test_notice_filed);
  g_test_add_func ("/server/notice/preview", test_preview);
  g_test_add_func ("/server/notice/decisions", test_decisions);
  g_test_add_func ("/server/notice/verify", test_verify);
  g_test_add_func ("/server/notice/lookup-limit", test_lookup_limit);
  g_test_add_func ("/server/notice/refusal-grounds", test_refusal_grounds);
  return g_test_run ();
}
