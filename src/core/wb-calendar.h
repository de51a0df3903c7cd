/* wb-calendar.h: working days on the Chinese calendar
 *
 * Public holidays and weekend make-up working days (放假调休) come from one
 * data file per year, so the business administrator can load a new year's
 * State Council notice without a new release. A year without data falls back
 * to "Saturday and Sunday are off"; callers showing a deadline should say so
 * (see wb_calendar_has_year()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Refcounted. Every function may be called from any thread; loading a year
 * takes a writer lock, so it may even run while other threads compute
 * deadlines. */
typedef struct _WbCalendar WbCalendar;

WbCalendar *wb_calendar_new        (void);
WbCalendar *wb_calendar_ref        (WbCalendar *self);
void        wb_calendar_unref      (WbCalendar *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbCalendar, wb_calendar_unref)

/* Parses one year's data file. UTF-8 text, one statement a line; blank lines
 * are ignored and '#' starts a comment that runs to the end of the line:
 *
 *   year 2026
 *   holiday 2026-01-01..2026-01-03 元旦
 *   workday 2026-01-04 元旦调休
 *
 * "holiday FIRST[..LAST] NAME" lists days off, "workday DATE[..DATE] NAME"
 * lists Saturdays or Sundays that are worked. The "year" line must come
 * first, every date must lie in that year, no date may be listed twice and
 * the file must list at least one holiday.
 *
 * On success the year's data replaces any data loaded earlier for the same
 * year. On failure nothing changes and @error (WB_ERROR, WB_ERROR_INVALID)
 * starts with "line N:". */
gboolean    wb_calendar_load_data  (WbCalendar  *self,
                                    const char  *text,
                                    gsize        len,
                                    GError     **error);

/* Whether a data file for @year has been loaded. */
gboolean    wb_calendar_has_year   (WbCalendar *self,
                                    int         year);

gboolean    wb_calendar_is_working_day (WbCalendar  *self,
                                        const GDate *date);

/* The holiday name for a day off that is a listed holiday, else NULL. The
 * string is interned: it stays valid for the life of the process. */
const char *wb_calendar_holiday_name   (WbCalendar  *self,
                                        const GDate *date);

/* Sets @out to the date of the @n-th working day after @start; @start itself
 * never counts, and @n == 0 gives @start. Example: 3 working days from Friday
 * 2026-02-13 is Wednesday 2026-02-25 (Saturday 02-14 is a make-up working day,
 * 02-15..02-23 are off). @out may be @start. @start must be a valid date no
 * later than year 9999 and @n at most 1000000. */
void        wb_calendar_add_working_days     (WbCalendar  *self,
                                              const GDate *start,
                                              guint        n,
                                              GDate       *out);

/* The number of working days d with @from < d <= @to; 0 if @to <= @from.
 * Used to push a deadline back by the working days a case spent with its
 * clock stopped. */
guint       wb_calendar_working_days_between (WbCalendar  *self,
                                              const GDate *from,
                                              const GDate *to);

/* Parses exactly "YYYY-MM-DD" (years 0001..9999). Returns FALSE, and clears
 * @out if given, on NULL, bad syntax or a date that does not exist. */
gboolean    wb_date_parse_iso (const char *text,
                               GDate      *out);

/* "YYYY-MM-DD" for a valid @date. */
char       *wb_date_to_iso    (const GDate *date);

G_END_DECLS
