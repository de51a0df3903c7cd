/* test-calendar.c: working days against the real 2025 and 2026 data files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "wb-calendar.h"
#include "wb-error.h"
#include "wb-test-calendar.h"

/* Compared as strings so a failure names the day and what it was. */
static void
assert_day (WbCalendar *cal,
            const char *iso,
            gboolean    working)
{
  GDate d = wb_test_date (iso);
  g_autofree char *got = g_strdup_printf ("%s %s", iso,
                                          wb_calendar_is_working_day (cal, &d)
                                          ? "working" : "off");
  g_autofree char *want = g_strdup_printf ("%s %s", iso,
                                           working ? "working" : "off");

  g_assert_cmpstr (got, ==, want);
}

static void
assert_add (WbCalendar *cal,
            const char *start,
            guint       n,
            const char *expected)
{
  GDate s = wb_test_date (start);
  GDate out;
  g_autofree char *got = NULL;

  g_date_clear (&out, 1);
  wb_calendar_add_working_days (cal, &s, n, &out);
  got = wb_date_to_iso (&out);
  g_assert_cmpstr (got, ==, expected);
}

static guint
between (WbCalendar *cal,
         const char *from,
         const char *to)
{
  GDate f = wb_test_date (from);
  GDate t = wb_test_date (to);

  return wb_calendar_working_days_between (cal, &f, &t);
}

static void
test_example (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();

  /* The documented example: Sat 02-14 is worked, 02-15..02-23 are off. */
  assert_add (cal, "2026-02-13", 3, "2026-02-25");
  assert_add (cal, "2026-02-13", 1, "2026-02-14");
  assert_add (cal, "2026-02-13", 2, "2026-02-24");
  g_assert_cmpuint (between (cal, "2026-02-13", "2026-02-25"), ==, 3);
}

static void
test_zero_and_alias (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  GDate d = wb_test_date ("2026-02-15");
  g_autofree char *iso = NULL;

  /* n == 0 is the start itself, even when the start is a holiday. */
  assert_add (cal, "2026-02-15", 0, "2026-02-15");

  /* The result may overwrite the start. */
  wb_calendar_add_working_days (cal, &d, 1, &d);
  iso = wb_date_to_iso (&d);
  g_assert_cmpstr (iso, ==, "2026-02-24");
}

typedef struct
{
  const char *first_off;
  const char *last_off;
  const char *name;
  const char *last_working_before;
  const char *first_working_after;
  const char *makeup[3];
} HolidayCase;

static const HolidayCase holidays[] = {
  /* 2025 */
  { "2025-01-01", "2025-01-01", "元旦", "2024-12-31", "2025-01-02", { NULL } },
  { "2025-01-28", "2025-02-04", "春节", "2025-01-27", "2025-02-05",
    { "2025-01-26", "2025-02-08", NULL } },
  { "2025-04-04", "2025-04-06", "清明节", "2025-04-03", "2025-04-07", { NULL } },
  { "2025-05-01", "2025-05-05", "劳动节", "2025-04-30", "2025-05-06",
    { "2025-04-27", NULL } },
  { "2025-05-31", "2025-06-02", "端午节", "2025-05-30", "2025-06-03", { NULL } },
  { "2025-10-01", "2025-10-08", "国庆节、中秋节", "2025-09-30", "2025-10-09",
    { "2025-09-28", "2025-10-11", NULL } },
  /* 2026 */
  { "2026-01-01", "2026-01-03", "元旦", "2025-12-31", "2026-01-04",
    { "2026-01-04", NULL } },
  { "2026-02-15", "2026-02-23", "春节", "2026-02-14", "2026-02-24",
    { "2026-02-14", "2026-02-28", NULL } },
  { "2026-04-04", "2026-04-06", "清明节", "2026-04-03", "2026-04-07", { NULL } },
  { "2026-05-01", "2026-05-05", "劳动节", "2026-04-30", "2026-05-06",
    { "2026-05-09", NULL } },
  { "2026-06-19", "2026-06-21", "端午节", "2026-06-18", "2026-06-22", { NULL } },
  { "2026-09-25", "2026-09-27", "中秋节", "2026-09-24", "2026-09-28", { NULL } },
  { "2026-10-01", "2026-10-07", "国庆节", "2026-09-30", "2026-10-08",
    { "2026-09-20", "2026-10-10", NULL } },
};

static void
test_holiday_edges (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();

  for (guint i = 0; i < G_N_ELEMENTS (holidays); i++)
    {
      const HolidayCase *h = &holidays[i];
      GDate d = wb_test_date (h->first_off);
      GDate last = wb_test_date (h->last_off);

      /* Dates only: the test log is not necessarily UTF-8. */
      g_test_message ("holiday %s..%s", h->first_off, h->last_off);

      /* Every day of the holiday is off and carries the holiday's name. */
      for (; g_date_compare (&d, &last) <= 0; g_date_add_days (&d, 1))
        {
          g_autofree char *iso = wb_date_to_iso (&d);

          assert_day (cal, iso, FALSE);
          g_assert_cmpstr (wb_calendar_holiday_name (cal, &d), ==, h->name);
        }

      /* The working days on either side, and nothing worked in between:
       * one working day after the last one before is the first one after. */
      assert_day (cal, h->last_working_before, TRUE);
      assert_day (cal, h->first_working_after, TRUE);
      assert_add (cal, h->last_working_before, 1, h->first_working_after);
      g_assert_cmpuint (between (cal, h->last_working_before,
                                 h->first_working_after), ==, 1);

      /* Make-up days are weekend days that count as working days. */
      for (guint m = 0; h->makeup[m] != NULL; m++)
        {
          GDate md = wb_test_date (h->makeup[m]);
          GDateWeekday wd = g_date_get_weekday (&md);

          g_assert_true (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY);
          assert_day (cal, h->makeup[m], TRUE);
          g_assert_null (wb_calendar_holiday_name (cal, &md));
        }
    }
}

static void
test_makeup_counts (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();

  /* The Saturday before the 2025 Spring Festival week is off as usual,
   * the Sunday is a make-up working day. */
  assert_day (cal, "2025-01-25", FALSE);
  assert_day (cal, "2025-01-26", TRUE);
  assert_add (cal, "2025-01-24", 1, "2025-01-26");
  assert_add (cal, "2025-01-24", 2, "2025-01-27");
  assert_add (cal, "2025-01-24", 3, "2025-02-05");

  /* After the 2026 Spring Festival, Sat 02-28 is worked, Sun 03-01 is not. */
  assert_add (cal, "2026-02-27", 1, "2026-02-28");
  assert_add (cal, "2026-02-27", 2, "2026-03-02");

  /* An ordinary weekend in a year with data is still off. */
  {
    GDate saturday = wb_test_date ("2026-03-07");

    assert_day (cal, "2026-03-07", FALSE);
    assert_day (cal, "2026-03-08", FALSE);
    g_assert_null (wb_calendar_holiday_name (cal, &saturday));
  }
}

static void
test_year_totals (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();

  /* Counted independently from DOMAIN-FACTS.md: 261 weekdays in each year,
   * minus the weekday holidays, plus the make-up days. A mistyped date in
   * either file changes these. */
  g_assert_cmpuint (between (cal, "2024-12-31", "2025-12-31"), ==, 248);
  g_assert_cmpuint (between (cal, "2025-12-31", "2026-12-31"), ==, 248);
  g_assert_cmpuint (between (cal, "2026-12-31", "2027-12-31"), ==, 261);
}

static void
test_year_boundary (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();

  assert_day (cal, "2025-12-31", TRUE);
  assert_day (cal, "2026-01-01", FALSE);
  assert_day (cal, "2026-01-02", FALSE);
  assert_day (cal, "2026-01-03", FALSE);
  assert_day (cal, "2026-01-04", TRUE);   /* a Sunday, worked */
  assert_day (cal, "2026-01-05", TRUE);

  assert_add (cal, "2025-12-31", 1, "2026-01-04");
  assert_add (cal, "2025-12-30", 2, "2026-01-04");
  assert_add (cal, "2025-12-31", 2, "2026-01-05");
  g_assert_cmpuint (between (cal, "2025-12-31", "2026-01-05"), ==, 2);
  g_assert_cmpuint (between (cal, "2025-12-29", "2026-01-04"), ==, 3);
}

static void
test_year_without_data (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  GDate new_year = wb_test_date ("2027-01-01");

  g_assert_true (wb_calendar_has_year (cal, 2025));
  g_assert_true (wb_calendar_has_year (cal, 2026));
  g_assert_false (wb_calendar_has_year (cal, 2027));
  g_assert_false (wb_calendar_has_year (cal, 2024));

  /* No file: only weekends are off, so 2027-01-01 (a Friday) is worked. */
  assert_day (cal, "2027-01-01", TRUE);
  g_assert_null (wb_calendar_holiday_name (cal, &new_year));
  assert_day (cal, "2027-01-02", FALSE);
  assert_day (cal, "2027-01-03", FALSE);
  assert_day (cal, "2027-02-08", TRUE);   /* a Monday near the Spring Festival */

  assert_add (cal, "2026-12-31", 1, "2027-01-01");
  assert_add (cal, "2027-01-01", 1, "2027-01-04");
  assert_add (cal, "2027-01-01", 5, "2027-01-08");
  assert_add (cal, "2027-01-01", 6, "2027-01-11");
  g_assert_cmpuint (between (cal, "2027-01-01", "2027-01-11"), ==, 6);

  /* An empty calendar behaves the same for every year. */
  {
    g_autoptr(WbCalendar) empty = wb_calendar_new ();

    assert_day (empty, "2026-01-01", TRUE);
    assert_day (empty, "2026-01-04", FALSE);
    assert_add (empty, "2026-02-13", 3, "2026-02-18");
  }
}

static void
test_between (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();

  g_assert_cmpuint (between (cal, "2026-02-25", "2026-02-25"), ==, 0);
  g_assert_cmpuint (between (cal, "2026-02-25", "2026-02-13"), ==, 0);
  /* @from is excluded, @to included. */
  g_assert_cmpuint (between (cal, "2026-02-24", "2026-02-25"), ==, 1);
  g_assert_cmpuint (between (cal, "2026-02-23", "2026-02-24"), ==, 1);
  g_assert_cmpuint (between (cal, "2026-02-14", "2026-02-23"), ==, 0);
  /* Clock stopped from Friday 09-26 over the whole National Day week of
   * 2025: Sun 09-28, 09-29, 09-30, 10-09 and 10-10. */
  g_assert_cmpuint (between (cal, "2025-09-26", "2025-10-10"), ==, 5);
}

/* The day-count shortcut must agree with walking day by day, across both
 * data years and the fallback years either side. */
static void
test_between_matches_walk (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  GDate from = wb_test_date ("2024-11-20");
  GDate end = wb_test_date ("2027-02-10");

  for (; g_date_compare (&from, &end) < 0; g_date_add_days (&from, 11))
    {
      GDate to = from;
      guint walked = 0;

      for (guint span = 0; span < 420; span++)
        {
          g_date_add_days (&to, 1);
          if (wb_calendar_is_working_day (cal, &to))
            walked++;
          if (span % 7 == 3)
            g_assert_cmpuint (wb_calendar_working_days_between (cal, &from, &to),
                              ==, walked);
        }
    }
}

/* add_working_days and working_days_between are inverses: pushing a
 * deadline back by the stopped working days lands on the right date. */
static void
test_add_matches_between (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  GDate start = wb_test_date ("2024-12-20");
  GDate end = wb_test_date ("2026-12-31");

  for (; g_date_compare (&start, &end) < 0; g_date_add_days (&start, 5))
    for (guint n = 1; n <= 30; n += 7)
      {
        GDate out;

        wb_calendar_add_working_days (cal, &start, n, &out);
        g_assert_true (wb_calendar_is_working_day (cal, &out));
        g_assert_cmpuint (wb_calendar_working_days_between (cal, &start, &out),
                          ==, n);
      }
}

typedef struct
{
  const char *text;
  guint       line;
  const char *why;
} BadFile;

static const BadFile bad_files[] = {
  { "holiday 2026-01-01 元旦\n", 1, "no year line before a holiday" },
  { "# only a comment\n\n", 1, "no year line at all" },
  { "", 1, "empty file" },
  { "year 2026\n", 1, "a year without holidays" },
  { "year 2026\nholiday 2025-12-31 元旦\n", 2, "date before the year" },
  { "year 2026\nholiday 2026-12-31..2027-01-01 元旦\n", 2, "range leaves the year" },
  { "year 2026\nholiday 2026-01-01 元旦\nworkday 2027-01-02 调休\n", 3,
    "workday in another year" },
  { "year 2026\nholiday 2026-02-30 春节\n", 2, "impossible date" },
  { "year 2026\nholiday 2026-13-01 春节\n", 2, "month 13" },
  { "year 2026\nholiday 2026-1-1 元旦\n", 2, "short date" },
  { "year 2026\nholiday 2026-01-01x 元旦\n", 2, "trailing junk on a date" },
  { "year 2026\nholiday 2026-01-01\n", 2, "missing name" },
  { "year 2026\nholiday\n", 2, "missing date" },
  { "year 2026\nholiday 2026-01-03..2026-01-01 元旦\n", 2, "range ends before it starts" },
  { "year 2026\nholiday 2026-01-01.. 元旦\n", 2, "range without an end" },
  { "year 2026\nholidays 2026-01-01 元旦\n", 2, "unknown statement" },
  { "year twenty\nholiday 2026-01-01 元旦\n", 1, "year not a number" },
  { "year 26\n", 1, "two-digit year" },
  { "year 2026 2027\n", 1, "text after the year" },
  { "year 0000\n", 1, "year zero" },
  { "year 2026\nholiday 2026-01-01 元旦\nyear 2026\n", 3, "second year line" },
  { "year 2026\nholiday 2026-01-01..2026-01-03 元旦\nholiday 2026-01-03 元旦\n", 3,
    "day listed twice" },
  { "year 2026\nholiday 2026-01-01..2026-01-03 元旦\nworkday 2026-01-03 调休\n", 3,
    "day both off and worked" },
  { "year 2026\nholiday 2026-01-01 元旦\nworkday 2026-01-05 调休\n", 3,
    "make-up day on a Monday" },
  { "year 2026\r\nholiday 2026-01-01 \xe5\x85\x83\xff\r\n", 2, "invalid UTF-8" },
};

static void
test_parser_rejects (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const BadFile *b = &bad_files[i];
      g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = g_strdup_printf ("line %u: ", b->line);
      GDate d = wb_test_date ("2026-01-01");

      g_test_message ("%s", b->why);
      g_assert_false (wb_calendar_load_data (cal, b->text, strlen (b->text), &error));
      g_assert_error (error, WB_ERROR, WB_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("%s: message “%s” does not start with “%s”",
                 b->why, error->message, prefix);

      /* A rejected file changes nothing: 2026 keeps its real data. */
      g_assert_true (wb_calendar_has_year (cal, 2026));
      g_assert_cmpstr (wb_calendar_holiday_name (cal, &d), ==, "元旦");
      assert_day (cal, "2026-01-04", TRUE);
    }

  /* Embedded NUL within the given length. */
  {
    static const char text[] = "year 2027\nholiday 2027-01-01 元\0旦\n";
    g_autoptr(WbCalendar) cal = wb_calendar_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (wb_calendar_load_data (cal, text, sizeof text - 1, &error));
    g_assert_error (error, WB_ERROR, WB_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "line 2: "));
    g_assert_false (wb_calendar_has_year (cal, 2027));
  }
}

static void
test_parser_accepts (void)
{
  static const char text[] =
    "\xEF\xBB\xBF# 2027 draft\r\n"
    "\r\n"
    "   year 2027   # declared first\r\n"
    "holiday\t2027-01-01 元旦  # trailing comment\r\n"
    "holiday 2027-02-06..2027-02-12 春节 假期\r\n"
    "workday 2027-02-13..2027-02-14 春节调休\r\n";
  g_autoptr(WbCalendar) cal = wb_calendar_new ();
  g_autoptr(GError) error = NULL;
  GDate d = wb_test_date ("2027-02-06");
  GDate jan1 = wb_test_date ("2027-01-01");

  wb_calendar_load_data (cal, text, sizeof text - 1, &error);
  g_assert_no_error (error);
  g_assert_true (wb_calendar_has_year (cal, 2027));

  g_assert_cmpstr (wb_calendar_holiday_name (cal, &jan1), ==, "元旦");
  /* Names may contain spaces; surrounding whitespace is dropped. */
  g_assert_cmpstr (wb_calendar_holiday_name (cal, &d), ==, "春节 假期");
  assert_day (cal, "2027-02-13", TRUE);
  assert_day (cal, "2027-02-14", TRUE);
  assert_day (cal, "2027-02-15", TRUE);
}

static void
test_reload_replaces_year (void)
{
  static const char first[] = "year 2027\nholiday 2027-01-01 元旦\n";
  static const char second[] = "year 2027\nholiday 2027-01-04 元旦补休\n";
  g_autoptr(WbCalendar) cal = wb_calendar_new ();
  g_autoptr(GError) error = NULL;
  GDate jan1 = wb_test_date ("2027-01-01");
  const char *old_name;

  wb_calendar_load_data (cal, first, sizeof first - 1, &error);
  g_assert_no_error (error);
  assert_day (cal, "2027-01-01", FALSE);
  old_name = wb_calendar_holiday_name (cal, &jan1);

  /* A corrected file replaces the year instead of merging with it. */
  wb_calendar_load_data (cal, second, sizeof second - 1, &error);
  g_assert_no_error (error);
  assert_day (cal, "2027-01-01", TRUE);
  assert_day (cal, "2027-01-04", FALSE);
  g_assert_null (wb_calendar_holiday_name (cal, &jan1));

  /* Names handed out earlier stay valid after the reload. */
  g_assert_cmpstr (old_name, ==, "元旦");
}

static gpointer
deadline_thread (gpointer data)
{
  WbCalendar *cal = data;
  GDate start = wb_test_date ("2026-02-13");

  for (guint i = 0; i < 2000; i++)
    {
      GDate out;
      GDate expected = wb_test_date ("2026-02-25");

      wb_calendar_add_working_days (cal, &start, 3, &out);
      g_assert_cmpint (g_date_compare (&out, &expected), ==, 0);
    }
  return NULL;
}

static void
test_reload_while_reading (void)
{
  g_autoptr(WbCalendar) cal = wb_test_real_calendar ();
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("deadline", deadline_thread, wb_calendar_ref (cal));
  for (guint i = 0; i < 50; i++)
    wb_test_load_calendar_year (cal, 2026);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      wb_calendar_unref (cal);
    }
}

static void
test_iso_dates (void)
{
  GDate d;
  g_autofree char *iso = NULL;

  g_assert_true (wb_date_parse_iso ("2024-02-29", &d));
  iso = wb_date_to_iso (&d);
  g_assert_cmpstr (iso, ==, "2024-02-29");
  g_clear_pointer (&iso, g_free);

  g_assert_true (wb_date_parse_iso ("0001-01-01", &d));
  g_assert_true (wb_date_parse_iso ("9999-12-31", &d));
  iso = wb_date_to_iso (&d);
  g_assert_cmpstr (iso, ==, "9999-12-31");

  g_assert_false (wb_date_parse_iso ("2026-02-29", &d));
  g_assert_false (g_date_valid (&d));
  g_assert_false (wb_date_parse_iso ("2026-04-31", &d));
  g_assert_false (wb_date_parse_iso ("2026-00-10", &d));
  g_assert_false (wb_date_parse_iso ("2026-01-00", &d));
  g_assert_false (wb_date_parse_iso ("0000-01-01", &d));
  g_assert_false (wb_date_parse_iso ("2026-2-1", &d));
  g_assert_false (wb_date_parse_iso ("2026/02/01", &d));
  g_assert_false (wb_date_parse_iso ("2026-02-01 ", &d));
  g_assert_false (wb_date_parse_iso (" 2026-02-01", &d));
  g_assert_false (wb_date_parse_iso ("+026-02-01", &d));
  g_assert_false (wb_date_parse_iso ("2026-02", &d));
  g_assert_false (wb_date_parse_iso ("", &d));
  g_assert_false (wb_date_parse_iso (NULL, &d));
  g_assert_false (wb_date_parse_iso ("２０２６-02-01", &d));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/example", test_example);
  g_test_add_func ("/calendar/zero-and-alias", test_zero_and_alias);
  g_test_add_func ("/calendar/holiday-edges", test_holiday_edges);
  g_test_add_func ("/calendar/makeup-counts", test_makeup_counts);
  g_test_add_func ("/calendar/year-totals", test_year_totals);
  g_test_add_func ("/calendar/year-boundary", test_year_boundary);
  g_test_add_func ("/calendar/year-without-data", test_year_without_data);
  g_test_add_func ("/calendar/between", test_between);
  g_test_add_func ("/calendar/between-matches-walk", test_between_matches_walk);
  g_test_add_func ("/calendar/add-matches-between", test_add_matches_between);
  g_test_add_func ("/calendar/parser/rejects", test_parser_rejects);
  g_test_add_func ("/calendar/parser/accepts", test_parser_accepts);
  g_test_add_func ("/calendar/parser/reload", test_reload_replaces_year);
  g_test_add_func ("/calendar/reload-while-reading", test_reload_while_reading);
  g_test_add_func ("/calendar/iso-dates", test_iso_dates);

  return g_test_run ();
}
