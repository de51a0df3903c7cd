/* wb-test-calendar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-calendar.h"

GDate
wb_test_date (const char *iso)
{
  GDate d;

  if (!wb_date_parse_iso (iso, &d))
    g_error ("test bug: bad date %s", iso);
  return d;
}

void
wb_test_load_calendar_year (WbCalendar *cal,
                            int         year)
{
  const char *srcdir = g_getenv ("WB_SOURCE_DIR");
  g_autofree char *name = g_strdup_printf ("%d.cal", year);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_nonnull (srcdir);
  path = g_build_filename (srcdir, "data", "calendar", name, NULL);
  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  wb_calendar_load_data (cal, text, len, &error);
  g_assert_no_error (error);
}

WbCalendar *
wb_test_real_calendar (void)
{
  WbCalendar *cal = wb_calendar_new ();

  wb_test_load_calendar_year (cal, 2025);
  wb_test_load_calendar_year (cal, 2026);
  return cal;
}
