/* test-server-materials.c: the reviewer's verdict on each material, from
 * which the one-time supplement notice is built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-server.h"

#define HANDLER "handler.210102"

static JsonObject *
first_material (WbTestServer *server,
                const char   *token,
                gint64        case_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", case_id);
  g_autoptr(WbTestReply) list = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  return json_object_ref (json_array_get_object_element (items, 0));
}

static WbTestReply *
review (WbTestServer *server,
        const char   *token,
        gint64        case_id,
        gint64        material_id,
        const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/review",
                                           case_id, material_id);

  return wb_test_request (server, "PUT", path, token, body);
}

static void
test_review (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, NULL);
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autofree char *auditor = wb_test_login (server, "auditor.210000");
  g_autoptr(JsonObject) material = NULL;
  JsonObject *reviewed;
  gint64 id, material_id;

  id = wb_test_intake (server, "MAT-REVIEW-0001", "ZA-WFZ", "210102");
  material = first_material (server, handler, id);
  material_id = json_object_get_int_member (material, "id");
  g_assert_true (json_object_has_member (material, "review"));
  g_assert_true (json_object_get_null_member (material, "review"));

  /* Only a handler of the case's unit judges its materials; supervisors
   * and complaint handlers read them, and are refused. */
  {
    const char *others[] = { "viewer.210100", "complaint.210102", "handler.210103", NULL };
    for (guint i = 0; others[i] != NULL; i++)
      {
        g_autofree char *token = wb_test_login (server, others[i]);
        g_autoptr(WbTestReply) denied = review (server, token, id, material_id, "{\"verdict\":\"accepted\"}");
        g_assert_cmpuint (denied->status, ==, 403);
      }
  }

  /* A deficiency the notice cannot explain is refused, also when the
   * reason is only full-width spaces from a Chinese input method. */
  {
    const char *bad[] = {
      "{\"verdict\":\"deficient\"}",
      "{\"verdict\":\"deficient\",\"reason\":\"\"}",
      "{\"verdict\":\"deficient\",\"reason\":\"\u3000\u3000 \"}",
      "{\"verdict\":\"rejected\",\"reason\":\"x\"}",
      "{\"verdict\":1}",
      "{}",
      NULL
    };
    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(WbTestReply) refused = review (server, handler, id, material_id, bad[i]);
        g_assert_cmpuint (refused->status, ==, 400);
      }
  }

  {
    g_autoptr(WbTestReply) missing = review (server, handler, id, 999999, "{\"verdict\":\"accepted\"}");
    g_assert_cmpuint (missing->status, ==, 404);
  }

  {
    g_autoptr(WbTestReply) accepted = review (server, handler, id, material_id, "{\"verdict\":\"accepted\"}");
    g_assert_cmpuint (accepted->status, ==, 200);
    reviewed = json_object_get_object_member (wb_test_reply_object (accepted), "review");
    g_assert_cmpstr (json_object_get_string_member (reviewed, "verdict"), ==, "accepted");
    g_assert_true (json_object_get_null_member (reviewed, "reason"));
    g_assert_cmpstr (json_object_get_string_member (reviewed, "reviewer"), ==, HANDLER);
  }

  /* A second verdict replaces the first: the notice uses the latest. */
  {
    g_autoptr(WbTestReply) deficient = review (server, handler, id, material_id,
                                               "{\"verdict\":\"deficient\",\"reason\":\"缺少本人页\"}");
    g_autoptr(JsonObject) listed = NULL;
    g_assert_cmpuint (deficient->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (deficient), "id"), ==, material_id);

    listed = first_material (server, handler, id);
    reviewed = json_object_get_object_member (listed, "review");
    g_assert_cmpstr (json_object_get_string_member (reviewed, "verdict"), ==, "deficient");
    g_assert_cmpstr (json_object_get_string_member (reviewed, "reason"), ==, "缺少本人页");
    g_assert_nonnull (json_object_get_string_member (reviewed, "reviewed_at"));
  }

  /* The earlier verdicts live on in the audit trail, with the reason. */
  {
    g_autoptr(WbTestReply) audit = wb_test_request (server, "GET", "/audit?limit=50", auditor, NULL);
    JsonArray *entries;
    guint reviews = 0;
    gboolean with_reason = FALSE;

    g_assert_cmpuint (audit->status, ==, 200);
    entries = json_object_get_array_member (wb_test_reply_object (audit), "items");
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        if (g_strcmp0 (json_object_get_string_member (e, "action"), "review_material") != 0 ||
            g_strcmp0 (json_object_get_string_member (e, "result"), "ok") != 0)
          continue;
        reviews++;
        g_assert_cmpstr (json_object_get_string_member (e, "actor"), ==, HANDLER);
        if (!json_object_get_null_member (e, "reason") &&
            g_strcmp0 (json_object_get_string_member (e, "reason"), "缺少本人页") == 0)
          with_reason = TRUE;
      }
    g_assert_cmpuint (reviews, ==, 2);
    g_assert_true (with_reason);
  }

  wb_test_server_stop (server);
}

/* A closed case's file is final: its materials keep their verdicts. */
static void
test_review_closed_case (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, NULL);
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autoptr(JsonObject) material = NULL;
  g_autoptr(WbTestReply) refused = NULL;
  gint64 id;

  id = wb_test_find_case (server, handler, "state=archived");
  g_assert_cmpint (id, >, 0);
  material = first_material (server, handler, id);
  refused = review (server, handler, id, json_object_get_int_member (material, "id"),
                    "{\"verdict\":\"accepted\"}");
  g_assert_cmpuint (refused->status, ==, 409);

  wb_test_server_stop (server);
}

static WbTestReply *
rotate (WbTestServer *server,
        const char   *token,
        gint64        case_id,
        gint64        material_id,
        const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/rotation",
                                           case_id, material_id);

  return wb_test_request (server, "PUT", path, token, body);
}

/* A sideways scan turned once by a handler opens upright for everyone
 * who may read it; the turn is audited. */
static void
test_rotation (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, NULL);
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autofree char *viewer = wb_test_login (server, "viewer.210100");
  g_autofree char *auditor = wb_test_login (server, "auditor.210000");
  g_autoptr(JsonObject) material = NULL;
  gint64 id, material_id;

  id = wb_test_intake (server, "MAT-ROTATE-0001", "ZA-WFZ", "210102");
  material = first_material (server, handler, id);
  material_id = json_object_get_int_member (material, "id");
  g_assert_cmpint (json_object_get_int_member (material, "rotation"), ==, 0);

  {
    const char *others[] = { "viewer.210100", "complaint.210102", "handler.210103", NULL };
    for (guint i = 0; others[i] != NULL; i++)
      {
        g_autofree char *token = wb_test_login (server, others[i]);
        g_autoptr(WbTestReply) denied = rotate (server, token, id, material_id, "{\"degrees\":90}");
        g_assert_cmpuint (denied->status, ==, 403);
      }
  }
  {
    const char *bad[] = {
      "{\"degrees\":45}", "{\"degrees\":-90}", "{\"degrees\":360}", "{\"degrees\":\"90\"}",
      "{\"degrees\":90.0}", "{}", NULL
    };
    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(WbTestReply) refused = rotate (server, handler, id, material_id, bad[i]);
        g_assert_cmpuint (refused->status, ==, 400);
      }
  }
  {
    g_autoptr(WbTestReply) missing = rotate (server, handler, id, 999999, "{\"degrees\":90}");
    g_assert_cmpuint (missing->status, ==, 404);
  }
  {
    g_autoptr(WbTestReply) turned = rotate (server, handler, id, material_id, "{\"degrees\":270}");
    g_autoptr(JsonObject) seen = NULL;

    g_assert_cmpuint (turned->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (turned), "rotation"), ==, 270);
    seen = first_material (server, viewer, id);
    g_assert_cmpint (json_object_get_int_member (seen, "rotation"), ==, 270);
  }
  {
    g_autoptr(WbTestReply) audit = wb_test_request (server, "GET", "/audit?limit=50", auditor, NULL);
    JsonArray *entries = json_object_get_array_member (wb_test_reply_object (audit), "items");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *e = json_array_get_object_element (entries, i);
        if (g_strcmp0 (json_object_get_string_member (e, "action"), "rotate_material") == 0 &&
            g_strcmp0 (json_object_get_string_member (e, "result"), "ok") == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (e, "actor"), ==, HANDLER);
            g_assert_cmpstr (json_object_get_string_member (e, "reason"), ==, "270");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  wb_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/materials/review", test_review);
  g_test_add_func ("/server/materials/review-closed-case", test_review_closed_case);
  g_test_add_func ("/server/materials/rotation", test_rotation);
  return g_test_run ();
}
