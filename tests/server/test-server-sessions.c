/* test-server-sessions.c: sign-in, lockout, session expiry, sign-out and
 * the demo password against a real wangban-server
 *
 * Time moves only through the server's clock file, so nothing here sleeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-server.h"

#define ADMIN_PASSWORD   "Liaoning-Admin-2026!"
#define HANDLER_PASSWORD "Heping-Handler-0302"
#define MINUTE           60

static WbTestServer *shared_demo;

/* One demo server for the tests that need nothing but the default
 * settings. Each of them uses its own accounts and its own hour of the
 * day, so they do not disturb one another. */
static WbTestServer *
demo_server (void)
{
  const char *args[] = { "--demo", NULL };

  if (shared_demo == NULL)
    shared_demo = wb_test_server_start (args, "2026-03-02T01:00:00Z");
  return shared_demo;
}

/* Sets the server's clock to @base plus @offset_s seconds. */
static void
set_clock (WbTestServer *server,
           const char   *base,
           gint64        offset_s)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (base, NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (start);
  now = g_date_time_add_seconds (start, offset_s);
  text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  wb_test_server_set_clock (server, text);
}

static WbTestReply *
sign_in (WbTestServer *server,
         const char   *username,
         const char   *password)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  /* Built, not printed, so any password is quoted correctly. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = json_to_string (root, FALSE);

  return wb_test_request (server, "POST", "/sessions", NULL, body);
}

static char *
sign_in_ok (WbTestServer *server,
            const char   *username,
            const char   *password)
{
  g_autoptr(WbTestReply) reply = sign_in (server, username, password);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (wb_test_reply_object (reply), "token"));
}

static const char *
error_message (WbTestReply *reply)
{
  JsonObject *err = json_object_get_object_member (wb_test_reply_object (reply), "error");

  return json_object_get_string_member (err, "message");
}

/* 401 with the challenge the contract promises. */
static void
assert_unauthorized (WbTestReply *reply)
{
  g_assert_cmpuint (reply->status, ==, 401);
  g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "unauthorized");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "WWW-Authenticate"), ==,
                   "Bearer realm=\"wangban\"");
}

static guint
me_status (WbTestServer *server,
           const char   *token)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/me", token, NULL);

  if (reply->status == 401)
    assert_unauthorized (reply);
  return reply->status;
}

static gint64
retry_after (WbTestReply *reply)
{
  const char *value = soup_message_headers_get_one (reply->headers, "Retry-After");
  guint64 seconds = 0;

  g_assert_nonnull (value);
  g_assert_true (g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &seconds, NULL));
  return (gint64) seconds;
}

static void
assert_token_shape (const char *token)
{
  g_assert_nonnull (token);
  /* 32 random bytes as unpadded base64url. */
  g_assert_cmpuint (strlen (token), >=, 43);
  for (const char *p = token; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

static void
test_sign_in (void)
{
  const char *t0 = "2026-03-02T01:00:00Z";
  WbTestServer *server = demo_server ();
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(WbTestReply) me = NULL;
  g_autoptr(WbTestReply) bad = NULL;
  g_autoptr(WbTestReply) none = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (t0, NULL);
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *other = NULL;
  JsonObject *obj, *user;
  const char *token;

  set_clock (server, t0, 0);
  reply = sign_in (server, "handler.210102", WB_TEST_PASSWORD);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
  obj = wb_test_reply_object (reply);
  token = json_object_get_string_member (obj, "token");
  assert_token_shape (token);
  g_assert_cmpint (json_object_get_int_member (obj, "idle_timeout_s"), ==, 900);
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (obj, "expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_difference (expires, now), ==, 12 * G_TIME_SPAN_HOUR);
  user = json_object_get_object_member (obj, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "handler.210102");

  /* The token opens the user routes. */
  me = wb_test_request (server, "GET", "/me", token, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  obj = wb_test_reply_object (me);
  g_assert_cmpstr (json_object_get_string_member (obj, "username"), ==, "handler.210102");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "unit"), "code"), ==, "210102");
  g_assert_cmpint (json_object_get_int_member (obj, "idle_timeout_s"), ==, 900);

  /* Every sign-in gets its own token. */
  other = sign_in_ok (server, "handler.210102", WB_TEST_PASSWORD);
  g_assert_cmpstr (other, !=, token);

  /* A token that was never issued, and no token at all. */
  bad = wb_test_request (server, "GET", "/me", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL);
  assert_unauthorized (bad);
  none = wb_test_request (server, "GET", "/me", NULL, NULL);
  assert_unauthorized (none);
}

static void
test_lockout (void)
{
  const char *t0 = "2026-03-02T02:00:00Z";
  WbTestServer *server = demo_server ();
  g_autofree char *other = NULL;
  g_autofree char *token = NULL;
  g_autofree char *wrong_message = NULL;

  set_clock (server, t0, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(WbTestReply) reply = sign_in (server, "viewer.210102", "not-the-password");

      assert_unauthorized (reply);
      if (wrong_message == NULL)
        wrong_message = g_strdup (error_message (reply));
    }

  /* The fifth failure within 15 minutes locks the account. */
  {
    g_autoptr(WbTestReply) reply = sign_in (server, "viewer.210102", "not-the-password");

    g_assert_cmpuint (reply->status, ==, 423);
    g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "account_locked");
    g_assert_cmpint (retry_after (reply), ==, 15 * MINUTE);
  }

  /* While locked, even the right password is refused, and the answer
   * says how long to wait. */
  {
    g_autoptr(WbTestReply) reply = sign_in (server, "viewer.210102", WB_TEST_PASSWORD);

    g_assert_cmpuint (reply->status, ==, 423);
    g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "account_locked");
    g_assert_cmpint (retry_after (reply), >=, 15 * MINUTE - 5);
    g_assert_cmpint (retry_after (reply), <=, 15 * MINUTE);
    g_assert_nonnull (strstr (error_message (reply), "15 minutes"));
  }
  set_clock (server, t0, 5 * MINUTE);
  {
    g_autoptr(WbTestReply) reply = sign_in (server, "viewer.210102", WB_TEST_PASSWORD);

    g_assert_cmpuint (reply->status, ==, 423);
    g_assert_cmpint (retry_after (reply), ==, 10 * MINUTE);
    g_assert_nonnull (strstr (error_message (reply), "10 minutes"));
  }

  /* The lock is on one account, not on the peer or the unit. */
  other = sign_in_ok (server, "viewer.210103", WB_TEST_PASSWORD);
  g_assert_cmpuint (me_status (server, other), ==, 200);
  g_clear_pointer (&other, g_free);
  other = sign_in_ok (server, "handler.210102", WB_TEST_PASSWORD);
  g_assert_cmpuint (me_status (server, other), ==, 200);

  /* Once the 15 minutes have passed the right password works again. */
  set_clock (server, t0, 16 * MINUTE);
  token = sign_in_ok (server, "viewer.210102", WB_TEST_PASSWORD);
  g_assert_cmpuint (me_status (server, token), ==, 200);

  /* An unknown username is answered exactly like a wrong password, so
   * the answer does not tell which usernames exist. */
  {
    g_autoptr(WbTestReply) reply = sign_in (server, "nobody.999999", "not-the-password");

    assert_unauthorized (reply);
    g_assert_cmpstr (error_message (reply), ==, wrong_message);
  }
}

static void
test_lockout_window (void)
{
  const char *t0 = "2026-03-02T03:00:00Z";
  WbTestServer *server = demo_server ();
  g_autofree char *token = NULL;

  /* Four failures, then one more 16 minutes later: never five within 15
   * minutes, so no lock. */
  set_clock (server, t0, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(WbTestReply) reply = sign_in (server, "statistician.210102", "not-the-password");
      assert_unauthorized (reply);
    }
  set_clock (server, t0, 16 * MINUTE);
  {
    g_autoptr(WbTestReply) reply = sign_in (server, "statistician.210102", "not-the-password");
    assert_unauthorized (reply);
  }
  token = sign_in_ok (server, "statistician.210102", WB_TEST_PASSWORD);
  g_assert_cmpuint (me_status (server, token), ==, 200);

  /* A successful sign-in clears the count: four more failures still do
   * not lock. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(WbTestReply) reply = sign_in (server, "statistician.210102", "not-the-password");
      assert_unauthorized (reply);
    }
  g_clear_pointer (&token, g_free);
  token = sign_in_ok (server, "statistician.210102", WB_TEST_PASSWORD);
}

static void
test_idle_expiry (void)
{
  const char *t0 = "2026-03-02T04:00:00Z";
  WbTestServer *server = demo_server ();
  g_autofree char *token = NULL;
  g_autofree char *bystander = NULL;

  set_clock (server, t0, 0);
  token = sign_in_ok (server, "announcer.210102", WB_TEST_PASSWORD);

  /* Each request keeps the session alive for another 15 minutes. */
  set_clock (server, t0, 14 * MINUTE);
  g_assert_cmpuint (me_status (server, token), ==, 200);
  set_clock (server, t0, 28 * MINUTE);
  g_assert_cmpuint (me_status (server, token), ==, 200);

  /* 16 minutes without a request end it. */
  set_clock (server, t0, 44 * MINUTE);
  bystander = sign_in_ok (server, "announcer.210103", WB_TEST_PASSWORD);
  g_assert_cmpuint (me_status (server, token), ==, 401);

  /* Ended for good: turning the clock back does not revive it. */
  set_clock (server, t0, 29 * MINUTE);
  g_assert_cmpuint (me_status (server, token), ==, 401);

  /* Only the idle session ended. */
  set_clock (server, t0, 45 * MINUTE);
  g_assert_cmpuint (me_status (server, bystander), ==, 200);
}

static void
test_sign_out (void)
{
  const char *t0 = "2026-03-02T05:00:00Z";
  WbTestServer *server = demo_server ();
  g_autofree char *token = NULL;
  g_autofree char *second = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(WbTestReply) again = NULL;

  set_clock (server, t0, 0);
  token = sign_in_ok (server, "bizadmin.210102", WB_TEST_PASSWORD);
  second = sign_in_ok (server, "bizadmin.210102", WB_TEST_PASSWORD);

  reply = wb_test_request (server, "DELETE", "/sessions/current", token, NULL);
  g_assert_cmpuint (reply->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (reply->body), ==, 0);

  /* The token stops working at once… */
  g_assert_cmpuint (me_status (server, token), ==, 401);
  again = wb_test_request (server, "DELETE", "/sessions/current", token, NULL);
  assert_unauthorized (again);

  /* …and only that token: the same user's other session goes on. */
  g_assert_cmpuint (me_status (server, second), ==, 200);
}

/* Runs `wangban-server --create-admin` the way an operator would: the
 * password on standard input, or in WANGBAN_ADMIN_PASSWORD. Returns the
 * exit status. */
static int
create_admin (const char  *data_dir,
              const char  *clock_file,
              const char  *username,
              const char  *password,
              gboolean     via_env,
              char       **out_stdout,
              char       **out_stderr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *binary = g_build_filename (g_getenv ("WB_BUILD_DIR"), "src", "server", "wangban-server", NULL);
  g_autofree char *dir_arg = g_strdup_printf ("--data-dir=%s", data_dir);
  g_autofree char *clock_arg = g_strdup_printf ("--clock-file=%s", clock_file);
  g_autofree char *input = NULL;
  const char *argv[] = {
    binary, dir_arg, clock_arg, "--create-admin", username,
    "--admin-unit", "210000", "--admin-unit-name", "辽宁省公安厅网办中心", NULL,
  };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (via_env)
    g_subprocess_launcher_setenv (launcher, "WANGBAN_ADMIN_PASSWORD", password, TRUE);
  else
    {
      g_subprocess_launcher_unsetenv (launcher, "WANGBAN_ADMIN_PASSWORD");
      input = g_strdup_printf ("%s\n", password);
    }

  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static void
test_create_admin (void)
{
  const char *t0 = "2026-03-02T01:00:00Z";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wangban-admin-XXXXXX", &error);
  g_autofree char *clock_file = NULL;
  g_autofree char *dir_arg = NULL;
  g_autofree char *token = NULL;
  g_autofree char *handler_token = NULL;
  WbTestServer *server;
  int status;

  g_assert_no_error (error);
  clock_file = g_build_filename (dir, "clock", NULL);
  g_file_set_contents (clock_file, t0, -1, &error);
  g_assert_no_error (error);

  /* Weak passwords are refused, and leave no account behind. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = create_admin (dir, clock_file, "admin1", "short-pw", FALSE, &out, &err);
    g_assert_cmpint (status, !=, 0);
    g_assert_nonnull (strstr (err, "12 characters"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = create_admin (dir, clock_file, "admin1", WB_TEST_PASSWORD, FALSE, &out, &err);
    g_assert_cmpint (status, !=, 0);
    g_assert_nonnull (strstr (err, "demo password"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = create_admin (dir, clock_file, "admin1", WB_TEST_PASSWORD, TRUE, &out, &err);
    g_assert_cmpint (status, !=, 0);
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = create_admin (dir, clock_file, "admin1", ADMIN_PASSWORD, FALSE, &out, &err);
    if (status != 0)
      g_error ("--create-admin failed (%d): %s", status, err);
    g_assert_nonnull (strstr (out, "admin1"));
  }

  /* A production server: no --demo. */
  dir_arg = g_strdup_printf ("--data-dir=%s", dir);
  {
    const char *args[] = { dir_arg, NULL };
    server = wb_test_server_start (args, t0);
  }

  {
    g_autoptr(WbTestReply) health = wb_test_request (server, "GET", "/health", NULL, NULL);

    g_assert_cmpuint (health->status, ==, 200);
    g_assert_false (json_object_get_boolean_member (wb_test_reply_object (health), "demo"));
  }

  /* The administrator signs in with the password given on the command
   * line, in the unit the command line created. */
  token = sign_in_ok (server, "admin1", ADMIN_PASSWORD);
  {
    g_autoptr(WbTestReply) me = wb_test_request (server, "GET", "/me", token, NULL);
    JsonObject *obj, *unit;
    JsonArray *roles;

    g_assert_cmpuint (me->status, ==, 200);
    obj = wb_test_reply_object (me);
    unit = json_object_get_object_member (obj, "unit");
    g_assert_cmpstr (json_object_get_string_member (unit, "code"), ==, "210000");
    g_assert_cmpstr (json_object_get_string_member (unit, "name"), ==, "辽宁省公安厅网办中心");
    roles = json_object_get_array_member (obj, "roles");
    g_assert_cmpuint (json_array_get_length (roles), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "sysadmin");
    g_assert_false (json_object_get_boolean_member (obj, "demo"));
  }

  /* The administrator creates a colleague, who can then sign in. The
   * demo password is no password for a real account. */
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", "/users", token,
      "{\"username\":\"handler.new\",\"display_name\":\"李明\",\"unit_code\":\"210000\","
      "\"roles\":[\"handler\"],\"password\":\"Wangban-Demo-2026\"}");

    g_assert_cmpuint (reply->status, ==, 400);
    g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "invalid_request");
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", "/users", token,
      "{\"username\":\"handler.new\",\"display_name\":\"李明\",\"unit_code\":\"210000\","
      "\"roles\":[\"handler\"],\"password\":\"" HANDLER_PASSWORD "\"}");
    JsonObject *obj;

    g_assert_cmpuint (reply->status, ==, 201);
    obj = wb_test_reply_object (reply);
    g_assert_cmpstr (json_object_get_string_member (obj, "username"), ==, "handler.new");
    g_assert_cmpstr (json_object_get_string_member (obj, "unit_code"), ==, "210000");
    g_assert_false (json_object_has_member (obj, "password"));
  }
  handler_token = sign_in_ok (server, "handler.new", HANDLER_PASSWORD);
  {
    g_autoptr(WbTestReply) me = wb_test_request (server, "GET", "/me", handler_token, NULL);
    JsonArray *roles;

    g_assert_cmpuint (me->status, ==, 200);
    roles = json_object_get_array_member (wb_test_reply_object (me), "roles");
    g_assert_cmpuint (json_array_get_length (roles), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, "handler");
  }

  wb_test_server_stop (server);
  wb_test_rm_rf (dir);
}

static void
test_demo_password_needs_demo_mode (void)
{
  const char *t0 = "2026-03-02T01:00:00Z";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wangban-demo-db-XXXXXX", &error);
  g_autofree char *dir_arg = g_strdup_printf ("--data-dir=%s", dir);
  g_autofree char *token = NULL;
  g_autofree char *demo_message = NULL;
  WbTestServer *server;

  g_assert_no_error (error);

  /* In demo mode the seeded accounts open with the demo password. */
  {
    const char *args[] = { "--demo", dir_arg, NULL };

    server = wb_test_server_start (args, t0);
    token = sign_in_ok (server, "handler.210102", WB_TEST_PASSWORD);
    wb_test_server_stop (server);
  }

  /* The same database served without --demo: the demo password no
   * longer opens anything, and the refusal looks like any wrong password. */
  {
    const char *args[] = { dir_arg, NULL };
    g_autoptr(WbTestReply) reply = NULL;
    g_autoptr(WbTestReply) health = NULL;
    g_autoptr(WbTestReply) wrong = NULL;

    server = wb_test_server_start (args, t0);
    health = wb_test_request (server, "GET", "/health", NULL, NULL);
    g_assert_cmpuint (health->status, ==, 200);
    g_assert_false (json_object_get_boolean_member (wb_test_reply_object (health), "demo"));

    reply = sign_in (server, "handler.210102", WB_TEST_PASSWORD);
    assert_unauthorized (reply);
    demo_message = g_strdup (error_message (reply));
    wrong = sign_in (server, "handler.210103", "not-the-password");
    assert_unauthorized (wrong);
    g_assert_cmpstr (error_message (wrong), ==, demo_message);
    wb_test_server_stop (server);
  }

  wb_test_rm_rf (dir);
}

static void
test_session_lifetime (void)
{
  const char *t0 = "2026-03-02T01:00:00Z";
  const char *args[] = { "--demo", "--session-lifetime=3600", NULL };
  WbTestServer *server = wb_test_server_start (args, t0);
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (t0, NULL);
  g_autoptr(GDateTime) expires = NULL;
  const char *token;

  reply = sign_in (server, "handler.210102", WB_TEST_PASSWORD);
  g_assert_cmpuint (reply->status, ==, 201);
  token = json_object_get_string_member (wb_test_reply_object (reply), "token");
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (wb_test_reply_object (reply), "expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_difference (expires, start), ==, G_TIME_SPAN_HOUR);

  /* Never idle, yet the session ends an hour after sign-in. */
  for (gint64 m = 10; m <= 50; m += 10)
    {
      set_clock (server, t0, m * MINUTE);
      g_assert_cmpuint (me_status (server, token), ==, 200);
    }
  set_clock (server, t0, 61 * MINUTE);
  g_assert_cmpuint (me_status (server, token), ==, 401);

  wb_test_server_stop (server);
}

static void
test_idle_timeout_option (void)
{
  const char *t0 = "2026-03-02T01:00:00Z";
  const char *args[] = { "--demo", "--idle-timeout=60", NULL };
  WbTestServer *server = wb_test_server_start (args, t0);
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(WbTestReply) me = NULL;
  const char *token;

  reply = sign_in (server, "handler.210102", WB_TEST_PASSWORD);
  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (reply), "idle_timeout_s"), ==, 60);
  token = json_object_get_string_member (wb_test_reply_object (reply), "token");

  /* The desk learns when to lock itself from /me. */
  set_clock (server, t0, 50);
  me = wb_test_request (server, "GET", "/me", token, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (me), "idle_timeout_s"), ==, 60);

  set_clock (server, t0, 50 + 2 * MINUTE);
  g_assert_cmpuint (me_status (server, token), ==, 401);

  wb_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/sessions/sign-in", test_sign_in);
  g_test_add_func ("/server/sessions/lockout", test_lockout);
  g_test_add_func ("/server/sessions/lockout-window", test_lockout_window);
  g_test_add_func ("/server/sessions/idle-expiry", test_idle_expiry);
  g_test_add_func ("/server/sessions/sign-out", test_sign_out);
  g_test_add_func ("/server/sessions/lifetime", test_session_lifetime);
  g_test_add_func ("/server/sessions/idle-timeout-option", test_idle_timeout_option);
  g_test_add_func ("/server/sessions/create-admin", test_create_admin);
  g_test_add_func ("/server/sessions/demo-password-needs-demo-mode", test_demo_password_needs_demo_mode);

  status = g_test_run ();
  if (shared_demo != NULL)
    wb_test_server_stop (g_steal_pointer (&shared_demo));
  return status;
}
