/* test-server-calendar.c: loading a new year's calendar through the API
 *
 * Without a 2027 file, 2027-01-01 is a plain Friday and every clock that
 * reaches into 2027 says it counted weekends only. The business
 * administrator loads the year; every clock counts with it at once, and a
 * server started later on the same database still does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "wb-test-server.h"

#define UNIT      "210102"
#define HANDLER   "handler." UNIT
/* A calendar moves every unit's deadlines: the province's to load. */
#define BIZADMIN  "bizadmin.210000"
#define AUDITOR   "auditor.210000"
/* Monday 2026-12-28, 10:00 in the centre. */
#define MONDAY    "2026-12-28T02:00:00Z"

/* Test data in the real format, not the State Council's 2027 notice. */
static const char cal_2027[] =
  "# test calendar\n"
  "year 2027\n"
  "holiday 2027-01-01..2027-01-03 元旦\n";

static WbTestServer *server;

static WbTestReply *
put_calendar (const char *token,
              const char *year,
              const char *type,
              const char *text)
{
  g_autofree char *path = g_strdup_printf ("/calendar/%s", year);
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return wb_test_request_full (server, "PUT", path, token, NULL, type, body);
}

static char *
reply_text (WbTestReply *reply)
{
  return g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

static const char *
error_message (WbTestReply *reply)
{
  JsonObject *obj = json_node_get_object (reply->json);

  return json_object_get_string_member (json_object_get_object_member (obj, "error"), "message");
}

/* The first working day after 2026-12-31, as the deadline calculator
 * counts it, and whether it says the calendar was complete. */
static char *
new_year_deadline (WbTestServer *s,
                   const char   *token,
                   gboolean     *complete)
{
  g_autoptr(WbTestReply) reply = wb_test_request (s, "GET", "/calendar/deadline?start=2026-12-31&working_days=1",
                                                  token, NULL);
  g_autoptr(JsonObject) obj = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  obj = json_object_ref (wb_test_reply_object (reply));
  *complete = json_object_get_boolean_member (obj, "calendar_complete");
  return g_strdup (json_object_get_string_member (obj, "deadline"));
}

static gboolean
audited (const char *action,
         const char *object,
         const char *result)
{
  g_autofree char *auditor = wb_test_login (server, AUDITOR);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/audit?limit=200", auditor, NULL);
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  obj = json_object_ref (wb_test_reply_object (reply));
  items = json_object_get_array_member (obj, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (row, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member (row, "object"), object) == 0 &&
          g_strcmp0 (json_object_get_string_member (row, "result"), result) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
exec_sql (const char *sql)
{
  g_autofree char *path = wb_test_server_db_path (server);
  char *errmsg = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 15000);
  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s", errmsg);
  sqlite3_close (db);
}

static gint64
last_seq (const char *token)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/changes", token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_int_member (wb_test_reply_object (reply), "last_seq");
}

/* Whether the change feed after @since says the case changed. */
static gboolean
feed_has_update (const char *token,
                 gint64      since,
                 gint64      case_id)
{
  g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *events;

  g_assert_cmpuint (reply->status, ==, 200);
  events = json_object_get_array_member (wb_test_reply_object (reply), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (ev, "kind"), "case.updated") &&
          json_object_get_int_member (ev, "case_id") == case_id)
        return TRUE;
    }
  return FALSE;
}

static void
test_load_year (void)
{
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autofree char *admin = wb_test_login (server, BIZADMIN);
  g_autofree char *deadline = NULL;
  g_autofree char *text = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *long_etag = NULL;
  g_autofree char *short_etag = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(JsonObject) c = NULL;
  JsonObject *clock;
  gboolean complete = TRUE;
  gint64 id, long_id, since;

  /* Promised 3: 12-29, 12-30, 12-31. Art. 32's five days, weekends only:
   * 12-29..12-31, 01-01 (a Friday, as far as anyone knows), 01-04. */
  id = wb_test_intake (server, "CAL-0001", "HZ-HJZM", UNIT);
  /* 户口迁入, 10 working days: 12-29..12-31, 01-01, 01-04..01-08, 01-11. */
  long_id = wb_test_intake (server, "CAL-0002", "HZ-QR", UNIT);
  c = wb_test_get_case (server, handler, long_id, NULL);
  g_assert_cmpstr (json_object_get_string_member (c, "deadline"), ==, "2027-01-11");
  g_clear_pointer (&c, json_object_unref);
  c = wb_test_get_case (server, handler, id, NULL);
  clock = json_object_get_object_member (c, "clock");
  g_assert_cmpstr (json_object_get_string_member (clock, "promised_deadline"), ==, "2026-12-31");
  g_assert_cmpstr (json_object_get_string_member (clock, "deemed_accepted_on"), ==, "2027-01-04");
  g_assert_false (json_object_get_boolean_member (clock, "calendar_complete"));
  g_clear_pointer (&c, json_object_unref);

  deadline = new_year_deadline (server, handler, &complete);
  g_assert_cmpstr (deadline, ==, "2027-01-01");
  g_assert_false (complete);
  g_clear_pointer (&deadline, g_free);

  /* Nothing stored yet for 2027; the built-in years read back. */
  reply = wb_test_request (server, "GET", "/calendar/2027", handler, NULL);
  g_assert_cmpuint (reply->status, ==, 404);
  g_clear_pointer (&reply, wb_test_reply_free);
  reply = wb_test_request (server, "GET", "/calendar/2026", handler, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  text = reply_text (reply);
  g_assert_nonnull (strstr (text, "holiday 2026-02-15..2026-02-23 春节"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&reply, wb_test_reply_free);

  /* Only the province's business administrator loads a calendar; a
   * district's or a city's, like any other role, is refused, and the
   * refusal recorded. */
  {
    const char *refused[] = { HANDLER, "bizadmin." UNIT, "bizadmin.210100" };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autofree char *token = wb_test_login (server, refused[i]);

        reply = put_calendar (token, "2027", "text/plain; charset=utf-8", cal_2027);
        g_assert_cmpuint (reply->status, ==, 403);
        g_clear_pointer (&reply, wb_test_reply_free);
      }
  }
  g_assert_true (audited ("denied", "PUT /api/v1/calendar/2027", "denied"));
  g_assert_false (audited ("load_calendar", "calendar:2027", "failed"));

  /* A bad file is refused with the line at fault, and changes nothing. */
  reply = put_calendar (admin, "2027", "text/plain; charset=utf-8",
                        "year 2027\nholiday 2027-01-01 元旦\nholiday 2027-02-30 春节\n");
  g_assert_cmpuint (reply->status, ==, 422);
  g_assert_true (g_str_has_prefix (error_message (reply), "line 3: "));
  g_clear_pointer (&reply, wb_test_reply_free);
  reply = put_calendar (admin, "2027", "text/plain; charset=utf-8",
                        "year 2028\nholiday 2028-01-01 元旦\n");
  g_assert_cmpuint (reply->status, ==, 422);
  g_clear_pointer (&reply, wb_test_reply_free);
  reply = put_calendar (admin, "2027", "application/json", cal_2027);
  g_assert_cmpuint (reply->status, ==, 415);
  g_clear_pointer (&reply, wb_test_reply_free);
  reply = put_calendar (admin, "27", "text/plain; charset=utf-8", cal_2027);
  g_assert_cmpuint (reply->status, ==, 400);
  g_clear_pointer (&reply, wb_test_reply_free);
  deadline = new_year_deadline (server, handler, &complete);
  g_assert_cmpstr (deadline, ==, "2027-01-01");
  g_clear_pointer (&deadline, g_free);
  /* The refused files are on record too. */
  g_assert_true (audited ("load_calendar", "calendar:2027", "failed"));
  g_assert_false (audited ("load_calendar", "calendar:2027", "ok"));

  /* A load whose deadlines cannot be rewritten stores nothing and leaves
   * the live calendar as it was. */
  exec_sql ("CREATE TRIGGER test_no_deadlines BEFORE UPDATE OF deadline ON cases "
            "BEGIN SELECT RAISE(ABORT, 'test: deadlines refused'); END");
  reply = put_calendar (admin, "2027", "text/plain; charset=utf-8", cal_2027);
  /* The database's refusal reads as a constraint; what matters is that
   * the load failed. */
  g_assert_cmpuint (reply->status, >=, 400);
  g_clear_pointer (&reply, wb_test_reply_free);
  exec_sql ("DROP TRIGGER test_no_deadlines");
  deadline = new_year_deadline (server, handler, &complete);
  g_assert_cmpstr (deadline, ==, "2027-01-01");
  g_assert_false (complete);
  g_clear_pointer (&deadline, g_free);
  reply = wb_test_request (server, "GET", "/calendar/2027", handler, NULL);
  g_assert_cmpuint (reply->status, ==, 404);
  g_clear_pointer (&reply, wb_test_reply_free);
  c = wb_test_get_case (server, handler, long_id, NULL);
  g_assert_cmpstr (json_object_get_string_member (c, "deadline"), ==, "2027-01-11");
  g_clear_pointer (&c, json_object_unref);

  g_clear_pointer (&c, json_object_unref);
  c = wb_test_get_case (server, handler, long_id, &long_etag);
  g_clear_pointer (&c, json_object_unref);
  c = wb_test_get_case (server, handler, id, &short_etag);
  g_clear_pointer (&c, json_object_unref);
  since = last_seq (handler);

  reply = put_calendar (admin, "2027", "text/plain; charset=utf-8", cal_2027);
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, wb_test_reply_free);
  g_assert_true (audited ("load_calendar", "calendar:2027", "ok"));

  /* At once: the new year's holiday is a day off everywhere. */
  deadline = new_year_deadline (server, handler, &complete);
  g_assert_cmpstr (deadline, ==, "2027-01-04");
  g_assert_true (complete);
  g_clear_pointer (&deadline, g_free);
  c = wb_test_get_case (server, handler, id, NULL);
  clock = json_object_get_object_member (c, "clock");
  g_assert_cmpstr (json_object_get_string_member (clock, "deemed_accepted_on"), ==, "2027-01-05");
  g_assert_true (json_object_get_boolean_member (clock, "calendar_complete"));
  g_clear_pointer (&c, json_object_unref);
  /* The stored deadline the inbox sorts and filters by moved too. The
   * case is a new version, and open desks hear of it. */
  c = wb_test_get_case (server, handler, long_id, &etag);
  g_assert_cmpstr (json_object_get_string_member (c, "deadline"), ==, "2027-01-12");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "clock"), "promised_deadline"),
                   ==, "2027-01-12");
  g_assert_cmpstr (etag, !=, long_etag);
  g_assert_true (feed_has_update (handler, since, long_id));
  g_clear_pointer (&c, json_object_unref);
  g_clear_pointer (&etag, g_free);
  /* A deadline still in 2026 did not move; that case is as it was. */
  c = wb_test_get_case (server, handler, id, &etag);
  g_assert_cmpstr (etag, ==, short_etag);
  g_assert_false (feed_has_update (handler, since, id));
  g_clear_pointer (&c, json_object_unref);

  reply = wb_test_request (server, "GET", "/calendar/2027", handler, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "text/plain");
  text = reply_text (reply);
  g_assert_cmpstr (text, ==, cal_2027);
}

/* A server started later on the same database counts with the year too. */
static void
test_survives_restart (void)
{
  g_autofree char *db = wb_test_server_db_path (server);
  g_autofree char *db_arg = g_strdup_printf ("--db=%s", db);
  /* --demo only for the demo accounts' password; the database is not empty,
   * so nothing is seeded. */
  const char *args[] = { "--demo", db_arg, NULL };
  WbTestServer *second = wb_test_server_start (args, MONDAY);
  g_autofree char *handler = wb_test_login (second, HANDLER);
  g_autofree char *deadline = NULL;
  gboolean complete = FALSE;

  deadline = new_year_deadline (second, handler, &complete);
  g_assert_cmpstr (deadline, ==, "2027-01-04");
  g_assert_true (complete);
  wb_test_server_stop (second);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  server = wb_test_server_start (args, MONDAY);

  g_test_add_func ("/server/calendar/load-year", test_load_year);
  g_test_add_func ("/server/calendar/survives-restart", test_survives_restart);

  status = g_test_run ();
  wb_test_server_stop (server);
  return status;
}
