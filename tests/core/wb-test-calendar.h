/* wb-test-calendar.h: what the calendar and clock tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-calendar.h"

G_BEGIN_DECLS

/* The date "YYYY-MM-DD"; a malformed one is a bug in the test. */
GDate       wb_test_date          (const char *iso);
/* Loads the project's own file for @year into @cal, again if it was. */
void        wb_test_load_calendar_year (WbCalendar *cal,
                                        int         year);
/* A calendar with the project's own 2025 and 2026 files loaded, read
 * from $WB_SOURCE_DIR/data/calendar as the server ships them. */
WbCalendar *wb_test_real_calendar (void);

G_END_DECLS
