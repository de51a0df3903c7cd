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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/smoke/demo-start", test_demo_start);
  return g_test_run ();
}
