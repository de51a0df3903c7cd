/* test-statutory-clock.c: both limits, stops, the extension and the
 * deemed-acceptance countdown, against the real 2025 and 2026 calendars
 *
 * Every expected date was counted by hand on the State Council's notices
 * (see the comments), not produced by the code under test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-statutory-clock.h"
#include "wb-test-calendar.h"

static WbStatutoryClockInput
input (const char   *received,
       guint         promised_days,
       WbClockPhase  phase,
       const char   *today)
{
  WbStatutoryClockInput in = { 0 };

  in.received = wb_test_date (received);
  in.promised_days = promised_days;
  in.legal_days = WB_CLOCK_LEGAL_DAYS;
  g_date_clear (&in.stopped_on, 1);
  in.phase = phase;
  in.today = wb_test_date (today);
  return in;
}

static void
assert_date (const GDate *got,
             const char  *expected)
{
  g_autofree char *iso = g_date_valid (got) ? wb_date_to_iso (got) : g_strdup ("(invalid)");

  g_assert_cmpstr (iso, ==, expected);
}

static void
assert_clock (const WbStatutoryClock *clock,
              const char    *status,
              const char    *promised,
              gint64         promised_left,
              const char    *legal,
              gint64         legal_left)
{
  g_assert_cmpstr (wb_clock_status_to_string (clock->status), ==, status);
  assert_date (&clock->promised_deadline, promised);
  assert_date (&clock->legal_deadline, legal);
  if (clock->status != WB_CLOCK_STATUS_FINISHED)
    {
      g_assert_cmpint (clock->promised_left, ==, promised_left);
      g_assert_cmpint (clock->legal_left, ==, legal_left);
    }
}

/* 2026 春节: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked. */
static void
test_spring_festival_2026 (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2026-02-13", 3, WB_CLOCK_PHASE_RUNNING, "2026-02-13");
  WbStatutoryClock clock;

  /* Promised: 02-14 (Sat, worked), 02-24, 02-25. Legal: 02-14, 24, 25, 26,
   * 27, 28 (Sat, worked), then 03-02..03-19 on weekdays makes 20. */
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "running", "2026-02-25", 3, "2026-03-19", 20);
  g_assert_true (clock.calendar_complete);

  /* During the holiday the days left do not shrink. */
  in.today = wb_test_date ("2026-02-20");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "running", "2026-02-25", 2, "2026-03-19", 19);

  in.today = wb_test_date ("2026-02-25");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "due_today", "2026-02-25", 0, "2026-03-19", 17);

  /* The make-up Saturday is a working day: one day late on it. */
  in.today = wb_test_date ("2026-02-28");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "overdue", "2026-02-25", -3, "2026-03-19", 14);
}

/* 2025 春节: 01-28..02-04 off, Sunday 01-26 and Saturday 02-08 worked. */
static void
test_spring_festival_2025 (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  static const struct { guint days; const char *deadline; } cases[] = {
    { 1, "2025-01-26" },  /* Sunday, worked */
    { 2, "2025-01-27" },
    { 3, "2025-02-05" },  /* straight over the holiday */
    { 5, "2025-02-07" },
    { 6, "2025-02-08" },  /* Saturday, worked */
    { 7, "2025-02-10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      WbStatutoryClockInput in = input ("2025-01-24", cases[i].days, WB_CLOCK_PHASE_RUNNING, "2025-01-24");
      WbStatutoryClock clock;

      wb_statutory_clock_compute (cal, &in, &clock);
      assert_date (&clock.promised_deadline, cases[i].deadline);
      g_assert_cmpint (clock.promised_left, ==, cases[i].days);
    }
}

/* 2025 国庆节、中秋节: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11
 * worked. */
static void
test_national_day_2025 (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2025-09-26", 5, WB_CLOCK_PHASE_RUNNING, "2025-10-10");
  WbStatutoryClock clock;

  /* 09-28 (Sun), 29, 30, then 10-09, 10-10. Legal: on from 10-11 (Sat)
   * through 10-30. */
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "due_today", "2025-10-10", 0, "2025-10-30", 15);

  in.today = wb_test_date ("2025-10-11");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "overdue", "2025-10-10", -1, "2025-10-30", 14);

  /* A Sunday after the deadline: still late, not "due today". */
  in.today = wb_test_date ("2025-10-12");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "overdue", "2025-10-10", -1, "2025-10-30", 14);

  in.today = wb_test_date ("2025-10-13");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "overdue", "2025-10-10", -2, "2025-10-30", 13);
}

/* 2026: 中秋节 09-25..09-27 and 国庆节 10-01..10-07 off, Sunday 09-20 and
 * Saturday 10-10 worked. */
static void
test_national_day_2026 (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  static const struct { guint days; const char *deadline; } cases[] = {
    { 1, "2026-09-20" },   /* Sunday, worked */
    { 2, "2026-09-21" },
    { 5, "2026-09-24" },
    { 6, "2026-09-28" },   /* Friday 09-25 is 中秋节 */
    { 8, "2026-09-30" },
    { 9, "2026-10-08" },
    { 11, "2026-10-10" },  /* Saturday, worked */
    { 12, "2026-10-12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      WbStatutoryClockInput in = input ("2026-09-18", cases[i].days, WB_CLOCK_PHASE_RUNNING, "2026-09-18");
      WbStatutoryClock clock;

      wb_statutory_clock_compute (cal, &in, &clock);
      assert_date (&clock.promised_deadline, cases[i].deadline);
    }
}

/* Stopped on Wednesday 03-04, materials in on Thursday 03-12. */
static void
test_stop_and_restart (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2026-03-02", 10, WB_CLOCK_PHASE_RUNNING, "2026-03-04");
  GDate stopped = wb_test_date ("2026-03-04");
  GDate resumed = wb_test_date ("2026-03-12");
  WbStatutoryClock clock;

  /* Promised 03-03..03-16, legal 03-17..03-30. */
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "running", "2026-03-16", 8, "2026-03-30", 18);

  /* A week into the stop: the deadlines have moved by the 5 working days
   * 03-05..03-11, the days left have not changed. 清明节 (04-04..04-06)
   * lies in the way of the legal deadline. */
  in.phase = WB_CLOCK_PHASE_STOPPED;
  in.notice_sent = TRUE;
  in.stopped_on = stopped;
  in.today = wb_test_date ("2026-03-11");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "stopped", "2026-03-23", 8, "2026-04-07", 18);
  g_assert_cmpuint (clock.stopped_days, ==, 5);
  g_assert_false (clock.deemed_applies);

  /* The stop ends: 03-05..03-12 are 6 working days. */
  g_assert_cmpuint (wb_statutory_clock_stopped_days (cal, &stopped, &resumed), ==, 6);
  in.phase = WB_CLOCK_PHASE_BEFORE_ACCEPTANCE;
  in.stopped_days = 6;
  g_date_clear (&in.stopped_on, 1);
  in.today = resumed;
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "running", "2026-03-24", 8, "2026-04-08", 18);
  g_assert_cmpuint (clock.stopped_days, ==, 6);
  /* A notice went out, so Art. 32's countdown is over for good. */
  g_assert_false (clock.deemed_applies);

  /* A second stop adds to the first. */
  in.phase = WB_CLOCK_PHASE_STOPPED;
  in.stopped_on = wb_test_date ("2026-03-13");
  in.today = wb_test_date ("2026-03-17");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "stopped", "2026-03-26", 7, "2026-04-10", 17);
  g_assert_cmpuint (clock.stopped_days, ==, 8);
}

/* A stop across 春节 2026: the worked Saturdays count as stopped days. */
static void
test_stop_over_spring_festival (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2026-02-09", 5, WB_CLOCK_PHASE_STOPPED, "2026-02-26");
  GDate stopped = wb_test_date ("2026-02-12");
  GDate resumed = wb_test_date ("2026-02-26");
  WbStatutoryClock clock;

  /* Promised: 02-10, 11, 12, 13, 14 (Sat, worked). Stopped on 02-12 with
   * 02-13 and 02-14 left. */
  in.notice_sent = TRUE;
  in.stopped_on = stopped;
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_cmpstr (wb_clock_status_to_string (clock.status), ==, "stopped");
  g_assert_cmpint (clock.promised_left, ==, 2);

  /* 02-13, 02-14, 02-24, 02-25, 02-26: five working days stood still. */
  g_assert_cmpuint (wb_statutory_clock_stopped_days (cal, &stopped, &resumed), ==, 5);
  in.phase = WB_CLOCK_PHASE_RUNNING;
  in.stopped_days = 5;
  g_date_clear (&in.stopped_on, 1);
  wb_statutory_clock_compute (cal, &in, &clock);
  /* 02-27 and the worked Saturday 02-28 are the two days left. */
  assert_date (&clock.promised_deadline, "2026-02-28");
  g_assert_cmpint (clock.promised_left, ==, 2);
}

static void
test_extension (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2026-03-02", 10, WB_CLOCK_PHASE_RUNNING, "2026-03-02");
  WbStatutoryClock clock;

  in.extension_days = WB_CLOCK_MAX_EXTENSION_DAYS;
  /* Promised 10 + 10 = 03-30. Legal 20 + 10: 03-31..04-03, then 04-07..
   * 04-14 after 清明节. */
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "running", "2026-03-30", 20, "2026-04-14", 30);

  /* Together with a stop: 3 stopped days and a 5-day extension. */
  in.extension_days = 5;
  in.stopped_days = 3;
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_clock (&clock, "running", "2026-03-26", 18, "2026-04-10", 28);
}

static void
test_deemed_acceptance (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2026-02-13", 3, WB_CLOCK_PHASE_BEFORE_ACCEPTANCE, "2026-02-13");
  WbStatutoryClock clock;

  /* 02-14 (Sat, worked), then 02-24..02-27. */
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_true (clock.deemed_applies);
  assert_date (&clock.deemed_accepted_on, "2026-02-27");
  g_assert_cmpint (clock.deemed_left, ==, 5);

  in.today = wb_test_date ("2026-02-20");
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_cmpint (clock.deemed_left, ==, 4);

  in.today = wb_test_date ("2026-02-27");
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_cmpint (clock.deemed_left, ==, 0);

  in.today = wb_test_date ("2026-02-28");
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_cmpint (clock.deemed_left, ==, -1);

  /* Once a notice went out, or the case was accepted, it never applies. */
  in.notice_sent = TRUE;
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_false (clock.deemed_applies);
  in.notice_sent = FALSE;
  in.phase = WB_CLOCK_PHASE_RUNNING;
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_false (clock.deemed_applies);
  in.phase = WB_CLOCK_PHASE_FINISHED;
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_false (clock.deemed_applies);
  g_assert_cmpstr (wb_clock_status_to_string (clock.status), ==, "finished");
  assert_date (&clock.promised_deadline, "2026-02-25");
}

/* No 2027 file: 2027-01-01 counts as a plain Friday until one is loaded. */
static void
test_year_without_calendar (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  WbStatutoryClockInput in = input ("2026-12-21", 10, WB_CLOCK_PHASE_RUNNING, "2026-12-21");
  g_autoptr(GError) error = NULL;
  WbStatutoryClock clock;
  static const char cal_2027[] =
    "year 2027\n"
    "holiday 2027-01-01 元旦\n";

  /* 12-22..12-25, 12-28..12-31, 01-01 (weekends only), 01-04. */
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_date (&clock.promised_deadline, "2027-01-04");
  g_assert_false (clock.calendar_complete);

  /* A case wholly inside 2026 is complete. */
  in.received = wb_test_date ("2026-11-02");
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_true (clock.calendar_complete);

  /* ... unless today lies in a year without a file. */
  in.today = wb_test_date ("2027-01-04");
  wb_statutory_clock_compute (cal, &in, &clock);
  g_assert_false (clock.calendar_complete);

  /* Loading the year corrects every clock at once. */
  wb_calendar_load_data (cal, cal_2027, sizeof cal_2027 - 1, &error);
  g_assert_no_error (error);
  in.received = wb_test_date ("2026-12-21");
  in.today = wb_test_date ("2026-12-21");
  wb_statutory_clock_compute (cal, &in, &clock);
  assert_date (&clock.promised_deadline, "2027-01-05");
  g_assert_true (clock.calendar_complete);
}

static void
test_days_left (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  GDate friday = wb_test_date ("2026-03-06");
  GDate saturday = wb_test_date ("2026-03-07");
  GDate monday = wb_test_date ("2026-03-09");

  g_assert_cmpint (wb_statutory_clock_days_left (cal, &friday, &monday), ==, 1);
  g_assert_cmpint (wb_statutory_clock_days_left (cal, &saturday, &monday), ==, 1);
  g_assert_cmpint (wb_statutory_clock_days_left (cal, &monday, &monday), ==, 0);
  g_assert_cmpint (wb_statutory_clock_days_left (cal, &saturday, &friday), ==, -1);
  g_assert_cmpint (wb_statutory_clock_days_left (cal, &monday, &friday), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/statutory-clock/spring-festival-2026", test_spring_festival_2026);
  g_test_add_func ("/statutory-clock/spring-festival-2025", test_spring_festival_2025);
  g_test_add_func ("/statutory-clock/national-day-2025", test_national_day_2025);
  g_test_add_func ("/statutory-clock/national-day-2026", test_national_day_2026);
  g_test_add_func ("/statutory-clock/stop-and-restart", test_stop_and_restart);
  g_test_add_func ("/statutory-clock/stop-over-spring-festival", test_stop_over_spring_festival);
  g_test_add_func ("/statutory-clock/extension", test_extension);
  g_test_add_func ("/statutory-clock/deemed-acceptance", test_deemed_acceptance);
  g_test_add_func ("/statutory-clock/year-without-calendar", test_year_without_calendar);
  g_test_add_func ("/statutory-clock/days-left", test_days_left);

  return g_test_run ();
}
