/* test-callback-hours.c: working time and the retry rule of callbacks
 *
 * Times are written in the centre's local time (+08:00) and compared in
 * UTC, as the server stores them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-callbacks.h"
#include "wb-clock.h"

static WbCalendar *calendar;

static GDateTime *
at (const char *local)
{
  g_autofree char *text = g_strconcat (local, "+08:00", NULL);
  GDateTime *dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return dt;
}

static void
assert_local (GDateTime  *got,
              const char *expected_local)
{
  g_autoptr(GDateTime) want = at (expected_local);
  g_autoptr(GDateTime) got_utc = g_date_time_to_utc (got);
  g_autoptr(GDateTime) want_utc = g_date_time_to_utc (want);
  g_autofree char *got_text = wb_time_to_iso (got_utc);
  g_autofree char *want_text = wb_time_to_iso (want_utc);

  g_assert_cmpstr (got_text, ==, want_text);
}

static void
check_start (const char *t,
             const char *expected)
{
  g_autoptr(GDateTime) in = at (t);
  g_autoptr(GDateTime) out = wb_work_time_start (calendar, in);

  assert_local (out, expected);
}

static void
check_next (const char *t,
            guint       calls_today,
            const char *expected)
{
  g_autoptr(GDateTime) in = at (t);
  g_autoptr(GDateTime) out = wb_callback_next_try (calendar, in, 120, calls_today, 3);

  assert_local (out, expected);
}

static void
check_add (const char *t,
           gint64      minutes,
           const char *expected)
{
  g_autoptr(GDateTime) in = at (t);
  g_autoptr(GDateTime) out = wb_work_time_add (calendar, in, minutes);

  assert_local (out, expected);
}

static void
test_work_time_start (void)
{
  /* Monday 2026-03-02. */
  check_start ("2026-03-02T08:00:00", "2026-03-02T09:00:00");
  check_start ("2026-03-02T10:30:00", "2026-03-02T10:30:00");
  check_start ("2026-03-02T16:59:00", "2026-03-02T16:59:00");
  check_start ("2026-03-02T17:00:00", "2026-03-03T09:00:00");
  /* Late on Friday 03-06, and on the weekend: Monday morning. */
  check_start ("2026-03-06T18:00:00", "2026-03-09T09:00:00");
  check_start ("2026-03-07T10:00:00", "2026-03-09T09:00:00");
  /* Friday 02-13 before the festival: the make-up Saturday 02-14 is
   * worked, then nothing until Tuesday 02-24. */
  check_start ("2026-02-13T17:30:00", "2026-02-14T09:00:00");
  check_start ("2026-02-14T17:30:00", "2026-02-24T09:00:00");
  check_start ("2026-02-18T11:00:00", "2026-02-24T09:00:00");
}

static void
test_retry (void)
{
  /* No answer: two hours later, the same day. */
  check_next ("2026-03-02T10:00:00", 1, "2026-03-02T12:00:00");
  check_next ("2026-03-02T12:00:00", 2, "2026-03-02T14:00:00");
  /* 17:00 sharp is still the working day; 17:30 is the next morning. */
  check_next ("2026-03-02T15:00:00", 1, "2026-03-02T17:00:00");
  check_next ("2026-03-02T15:30:00", 1, "2026-03-03T09:00:00");
  /* The third call of the day was the last: the fourth is tomorrow's. */
  check_next ("2026-03-02T14:00:00", 3, "2026-03-03T09:00:00");
  /* A call after hours counts from the next start of working time. */
  check_next ("2026-03-02T18:00:00", 1, "2026-03-03T11:00:00");
  check_next ("2026-03-02T07:00:00", 1, "2026-03-02T11:00:00");
  /* Friday afternoon rolls over the weekend, and the festival. */
  check_next ("2026-03-06T16:00:00", 1, "2026-03-09T09:00:00");
  check_next ("2026-02-14T16:00:00", 1, "2026-02-24T09:00:00");
}

static void
test_work_time_add (void)
{
  /* Three working days of eight hours. */
  check_add ("2026-03-02T10:00:00", 3 * WB_WORK_DAY_MINUTES, "2026-03-05T10:00:00");
  check_add ("2026-03-05T10:00:00", 3 * WB_WORK_DAY_MINUTES, "2026-03-10T10:00:00");
  /* One working day from an evening: the whole next working day. */
  check_add ("2026-03-02T20:00:00", WB_WORK_DAY_MINUTES, "2026-03-03T17:00:00");
  check_add ("2026-02-13T16:00:00", WB_WORK_DAY_MINUTES, "2026-02-14T16:00:00");
  check_add ("2026-02-14T16:00:00", WB_WORK_DAY_MINUTES, "2026-02-24T16:00:00");
  check_add ("2026-03-02T10:00:00", 0, "2026-03-02T10:00:00");
}

static void
test_revisit_share (void)
{
  guint picked = 0;

  for (gint64 id = 1; id <= 2000; id++)
    {
      g_assert_false (wb_callback_revisit_picked ("seed-one", id, 0));
      g_assert_true (wb_callback_revisit_picked ("seed-one", id, 100));
      if (wb_callback_revisit_picked ("seed-one", id, 10))
        picked++;
      /* The same seed always picks the same cases. */
      g_assert_cmpint (wb_callback_revisit_picked ("seed-one", id, 10), ==,
                       wb_callback_revisit_picked ("seed-one", id, 10));
    }
  /* About a tenth; a hash this even stays well inside these bounds. */
  g_assert_cmpuint (picked, >, 120);
  g_assert_cmpuint (picked, <, 280);
}

static void
load_year (int year)
{
  g_autofree char *path = g_strdup_printf ("/io/github/wangban/server/calendar/%d.cal", year);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = g_resources_lookup_data (path, 0, &error);

  g_assert_no_error (error);
  wb_calendar_load_data (calendar, g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  calendar = wb_calendar_new ();
  load_year (2026);

  g_test_add_func ("/callback-hours/work-time-start", test_work_time_start);
  g_test_add_func ("/callback-hours/retry", test_retry);
  g_test_add_func ("/callback-hours/work-time-add", test_work_time_add);
  g_test_add_func ("/callback-hours/revisit-share", test_revisit_share);
  return g_test_run ();
}
