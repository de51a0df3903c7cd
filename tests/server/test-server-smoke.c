/* test-server-smoke.c: the server starts on demo data, answers, and
 * stops cleanly on SIGTERM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-server.h"

static void
test_demo_start (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, NULL);
  g_autofree char *token = NULL;
  g_autoptr(WbTestReply) me = NULL;
  g_autoptr(WbTestReply) cases = NULL;
  JsonArray *items;

  wb_test_assert_alive (server);
  g_assert_nonnull (server->service_token);

  token = wb_test_login (server, "handler.210102");
  me = wb_test_request (server, "GET", "/me", token, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (wb_test_reply_object (me), "username"), ==, "handler.210102");

  /* A handler's inbox holds only the handler's own unit. */
  cases = wb_test_request (server, "GET", "/cases?limit=200", token, NULL);
  g_assert_cmpuint (cases->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (cases), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 10);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i), "unit_code"), ==, "210102");

  wb_test_server_stop (server);
}

/* A desk that has just loaded its lists asks where the feed stands and
 * then sees exactly the changes that follow. */
static void
test_changes_follow_on (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, NULL);
  g_autofree char *token = wb_test_login (server, "handler.210102");
  g_autofree char *path = NULL;
  g_autoptr(WbTestReply) now = wb_test_request (server, "GET", "/changes", token, NULL);
  g_autoptr(WbTestReply) acted = NULL;
  g_autoptr(WbTestReply) after = NULL;
  JsonArray *events;
  gboolean updated = FALSE;
  gint64 last, id;
  guint n;

  g_assert_cmpuint (now->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (now), "events")), ==, 0);
  last = json_object_get_int_member (wb_test_reply_object (now), "last_seq");
  g_assert_cmpint (last, >, 0);

  id = wb_test_find_case (server, token, "state=unit_review&assignee=me");
  g_assert_cmpint (id, >, 0);
  acted = wb_test_act (server, token, id, "accept", NULL);
  g_assert_cmpuint (acted->status, ==, 200);

  path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT, last);
  after = wb_test_request (server, "GET", path, token, NULL);
  events = json_object_get_array_member (wb_test_reply_object (after), "events");
  /* The case changed, and its acceptance notice joined its materials:
   * every event that follows is about this case, and none is missed. */
  n = json_array_get_length (events);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      g_assert_cmpint (json_object_get_int_member (event, "case_id"), ==, id);
      updated |= g_strcmp0 (json_object_get_string_member (event, "kind"), "case.updated") == 0;
    }
  g_assert_true (updated);
  g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (after), "last_seq"), ==, last + n);

  wb_test_server_stop (server);
}

/* Saved filters belong to one user, count what the inbox would show,
 * and refuse what the inbox would refuse. */
static void
test_saved_filters (void)
{
  const char *args[] = { "--demo", NULL };
  WbTestServer *server = wb_test_server_start (args, NULL);
  g_autofree char *handler = wb_test_login (server, "handler.210102");
  g_autofree char *viewer = wb_test_login (server, "viewer.210100");
  g_autofree char *admin = wb_test_login (server, "sysadmin.210000");
  g_autoptr(WbTestReply) listed = wb_test_request (server, "GET", "/cases?state=supplement&limit=200", handler, NULL);
  g_autoptr(WbTestReply) saved = NULL;
  g_autoptr(WbTestReply) again = NULL;
  g_autoptr(WbTestReply) bad = NULL;
  g_autoptr(WbTestReply) mine = NULL;
  g_autoptr(WbTestReply) theirs = NULL;
  g_autoptr(WbTestReply) steal = NULL;
  g_autoptr(WbTestReply) gone = NULL;
  g_autoptr(WbTestReply) after = NULL;
  g_autoptr(WbTestReply) denied = NULL;
  g_autofree char *path = NULL;
  guint expected;
  gint64 id;

  expected = json_array_get_length (json_object_get_array_member (wb_test_reply_object (listed), "items"));
  /* One page holds them all, so the page's length is the true count. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (wb_test_reply_object (listed), "next_cursor")));

  saved = wb_test_request (server, "POST", "/filters", handler, "{\"name\":\"待补正\",\"query\":\"state=supplement\"}");
  g_assert_cmpuint (saved->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (saved), "count"), ==, expected);
  id = json_object_get_int_member (wb_test_reply_object (saved), "id");

  again = wb_test_request (server, "POST", "/filters", handler, "{\"name\":\"待补正\",\"query\":\"state=accepted\"}");
  g_assert_cmpuint (again->status, ==, 409);
  bad = wb_test_request (server, "POST", "/filters", handler, "{\"name\":\"坏\",\"query\":\"state=nope\"}");
  g_assert_cmpuint (bad->status, ==, 400);

  mine = wb_test_request (server, "GET", "/filters", handler, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (mine), "items")), ==, 1);
  theirs = wb_test_request (server, "GET", "/filters", viewer, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (theirs), "items")), ==, 0);

  path = g_strdup_printf ("/filters/%" G_GINT64_FORMAT, id);
  steal = wb_test_request (server, "DELETE", path, viewer, NULL);
  g_assert_cmpuint (steal->status, ==, 404);
  gone = wb_test_request (server, "DELETE", path, handler, NULL);
  g_assert_cmpuint (gone->status, ==, 204);
  after = wb_test_request (server, "GET", "/filters", handler, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (after), "items")), ==, 0);

  denied = wb_test_request (server, "GET", "/filters", admin, NULL);
  g_assert_cmpuint (denied->status, ==, 403);

  wb_test_server_stop (server);
}

typedef struct
{
  WbTestServer *server;
  guint         status;
} SignIn;

static gpointer
sign_in_thread (gpointer data)
{
  SignIn *s = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (s->server->base, "/sessions", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  const char *body = "{\"username\":\"handler.210103\",\"password\":\"" WB_TEST_PASSWORD "\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  s->status = soup_message_get_status (msg);
  return NULL;
}

/* SIGTERM while a sign-in (an argon2id verification, tens of
 * milliseconds) is in flight: the caller still gets its answer, and the
 * server exits cleanly afterwards. */
static void
test_sigterm_finishes_in_flight (void)
{
  const char *args[] = { "--demo", NULL };
  SignIn s = { 0 };
  GThread *thread;

  s.server = wb_test_server_start (args, NULL);
  thread = g_thread_new ("sign-in", sign_in_thread, &s);
  /* Let the request reach a worker before the signal. */
  g_usleep (G_USEC_PER_SEC / 100);
  wb_test_server_stop (s.server);
  g_thread_join (thread);
  g_assert_cmpuint (s.status, ==, 201);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/smoke/demo-start", test_demo_start);
  g_test_add_func ("/server/smoke/sigterm-finishes-in-flight", test_sigterm_finishes_in_flight);
  g_test_add_func ("/server/smoke/changes-follow-on", test_changes_follow_on);
  g_test_add_func ("/server/smoke/saved-filters", test_saved_filters);
  return g_test_run ();
}
