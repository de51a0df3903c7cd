/* test-server-clock.c: the case's clock on the wire through the flow
 *
 * A 3-working-day item (户籍证明) received on Friday 2026-02-13, the day
 * before 春节 2026 (02-15..02-23 off, Saturdays 02-14 and 02-28 worked).
 * Every date below was counted by hand on that calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-test-server.h"

#define HANDLER      "handler.210102"
#define UNIT         "210102"
#define ITEM         "HZ-HJZM"
#define FRIDAY_10AM  "2026-02-13T02:00:00Z"

static WbTestServer *server;
static char *token;

static void
sign_in_at (const char *now_iso)
{
  wb_test_server_set_clock (server, now_iso);
  g_free (token);
  token = wb_test_login (server, HANDLER);
}

static JsonObject *
clock_of (JsonObject *c)
{
  g_assert_true (json_object_has_member (c, "clock"));
  return json_object_get_object_member (c, "clock");
}

typedef struct
{
  const char *status;
  gint64      left;            /* promised */
  const char *promised;
  gint64      legal_left;
  const char *legal;
  gint64      stopped;
  gboolean    extended;
  const char *deemed_on;       /* NULL: the countdown must be absent */
  gint64      deemed_left;
} Expect;

static void
assert_clock (JsonObject   *c,
              const Expect *e)
{
  JsonObject *clock = clock_of (c);

  g_assert_cmpstr (json_object_get_string_member (clock, "status"), ==, e->status);
  g_assert_cmpint (json_object_get_int_member (clock, "working_days_left"), ==, e->left);
  g_assert_cmpstr (json_object_get_string_member (clock, "promised_deadline"), ==, e->promised);
  g_assert_cmpint (json_object_get_int_member (clock, "legal_working_days_left"), ==, e->legal_left);
  g_assert_cmpstr (json_object_get_string_member (clock, "legal_deadline"), ==, e->legal);
  g_assert_cmpint (json_object_get_int_member (clock, "stopped_working_days"), ==, e->stopped);
  g_assert_cmpint (json_object_get_boolean_member (clock, "extended"), ==, e->extended);
  g_assert_true (json_object_get_boolean_member (clock, "calendar_complete"));
  if (e->deemed_on != NULL)
    {
      g_assert_cmpstr (json_object_get_string_member (clock, "deemed_accepted_on"), ==, e->deemed_on);
      g_assert_cmpint (json_object_get_int_member (clock, "deemed_accepted_working_days_left"), ==,
                       e->deemed_left);
    }
  else
    {
      g_assert_false (json_object_has_member (clock, "deemed_accepted_on"));
      g_assert_false (json_object_has_member (clock, "deemed_accepted_working_days_left"));
    }
}

static JsonObject *
act (gint64      id,
     const char *action,
     const char *body,
     guint       status)
{
  g_autoptr(WbTestReply) reply = wb_test_act (server, token, id, action, body);

  if (reply->status != status)
    g_error ("%s answered %u, expected %u: %.*s", action, reply->status, status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  return status == 200 ? json_object_ref (wb_test_reply_object (reply)) : NULL;
}

static JsonObject *
get_case (gint64 id)
{
  return wb_test_get_case (server, token, id, NULL);
}

static void
test_supplement_and_extension (void)
{
  g_autoptr(JsonObject) c = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  id = wb_test_intake (server, "CLOCK-0001", ITEM, UNIT);

  /* Promised: 02-14 (Sat, worked), 02-24, 02-25. Legal 20: on to 03-19.
   * Not yet accepted and nothing asked of the applicant: Art. 32's five
   * days run to 02-27. */
  c = get_case (id);
  assert_clock (c, &(Expect) { "running", 3, "2026-02-25", 20, "2026-03-19", 0, FALSE, "2026-02-27", 5 });
  g_assert_cmpstr (json_object_get_string_member (c, "deadline"), ==, "2026-02-25");
  g_clear_pointer (&c, json_object_unref);

  c = act (id, "platform_pass", "{}", 200);
  g_clear_pointer (&c, json_object_unref);

  /* The notice goes out: the clock stops, and the countdown ends for
   * good. */
  c = act (id, "request_supplement", "{\"missing\":[\"申请表\"]}", 200);
  assert_clock (c, &(Expect) { "stopped", 3, "2026-02-25", 20, "2026-03-19", 0, FALSE, NULL, 0 });
  g_clear_pointer (&c, json_object_unref);

  /* Wednesday 02-25, still waiting: 02-14, 02-24 and 02-25 stood still.
   * Both deadlines have moved by three working days; the days left have
   * not changed. */
  sign_in_at ("2026-02-25T02:00:00Z");
  c = get_case (id);
  assert_clock (c, &(Expect) { "stopped", 3, "2026-02-28", 20, "2026-03-24", 3, FALSE, NULL, 0 });
  g_clear_pointer (&c, json_object_unref);

  /* The materials arrive the same day: the clock runs again from there,
   * and the stored deadline (what the inbox sorts by) follows. */
  c = act (id, "supplement_received", "{}", 200);
  assert_clock (c, &(Expect) { "running", 3, "2026-02-28", 20, "2026-03-24", 3, FALSE, NULL, 0 });
  g_assert_cmpstr (json_object_get_string_member (c, "deadline"), ==, "2026-02-28");
  g_clear_pointer (&c, json_object_unref);

  c = act (id, "accept", "{}", 200);
  g_clear_pointer (&c, json_object_unref);

  /* The one extension, 10 working days, moves both limits. Promised
   * 3 + 3 + 10 from 02-13: 03-13. Legal 20 + 3 + 10: 04-08, past 清明节
   * (04-04..04-06). */
  c = act (id, "extend_deadline", "{\"days\":10,\"reason\":\"需向户籍地核实信息\"}", 200);
  assert_clock (c, &(Expect) { "running", 13, "2026-03-13", 30, "2026-04-08", 3, TRUE, NULL, 0 });
  g_assert_cmpstr (json_object_get_string_member (c, "deadline"), ==, "2026-03-13");
  g_assert_cmpint (json_object_get_int_member (clock_of (c), "extension_working_days"), ==, 10);
  g_clear_pointer (&c, json_object_unref);
  /* Only once. */
  act (id, "extend_deadline", "{\"days\":2,\"reason\":\"再次延期\"}", 409);

  /* Monday 03-16: one working day past the promised limit, 16 before the
   * legal one. */
  sign_in_at ("2026-03-16T02:00:00Z");
  c = get_case (id);
  assert_clock (c, &(Expect) { "overdue", -1, "2026-03-13", 16, "2026-04-08", 3, TRUE, NULL, 0 });
  g_clear_pointer (&c, json_object_unref);

  c = act (id, "approve", "{\"result\":\"准予开具户籍证明\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (clock_of (c), "status"), ==, "finished");
  g_assert_true (json_object_get_null_member (clock_of (c), "working_days_left"));
  g_assert_true (json_object_get_null_member (clock_of (c), "legal_working_days_left"));
  g_assert_cmpstr (json_object_get_string_member (clock_of (c), "legal_deadline"), ==, "2026-04-08");
}

/* Art. 32: left untouched past its fifth working day, the application
 * counts as accepted; the make-up Saturday 02-28 is already one day late. */
static void
test_deemed_acceptance (void)
{
  g_autoptr(JsonObject) c = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  id = wb_test_intake (server, "CLOCK-0002", ITEM, UNIT);

  sign_in_at ("2026-02-20T02:00:00Z");   /* a holiday: nothing counts down */
  c = get_case (id);
  assert_clock (c, &(Expect) { "running", 2, "2026-02-25", 19, "2026-03-19", 0, FALSE, "2026-02-27", 4 });
  g_clear_pointer (&c, json_object_unref);

  sign_in_at ("2026-02-27T02:00:00Z");
  c = get_case (id);
  assert_clock (c, &(Expect) { "overdue", -2, "2026-02-25", 15, "2026-03-19", 0, FALSE, "2026-02-27", 0 });
  g_clear_pointer (&c, json_object_unref);

  sign_in_at ("2026-02-28T02:00:00Z");
  c = get_case (id);
  assert_clock (c, &(Expect) { "overdue", -3, "2026-02-25", 14, "2026-03-19", 0, FALSE, "2026-02-27", -1 });
  g_clear_pointer (&c, json_object_unref);

  /* Accepted: the countdown is gone. */
  c = act (id, "platform_pass", "{}", 200);
  g_clear_pointer (&c, json_object_unref);
  c = act (id, "accept", "{}", 200);
  assert_clock (c, &(Expect) { "overdue", -3, "2026-02-25", 14, "2026-03-19", 0, FALSE, NULL, 0 });
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  server = wb_test_server_start (args, FRIDAY_10AM);

  g_test_add_func ("/server/clock/supplement-and-extension", test_supplement_and_extension);
  g_test_add_func ("/server/clock/deemed-acceptance", test_deemed_acceptance);

  status = g_test_run ();
  g_free (token);
  wb_test_server_stop (server);
  return status;
}
