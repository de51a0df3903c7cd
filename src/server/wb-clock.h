/* wb-clock.h: the server's notion of now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WbClock WbClock;

/* With a control file, now is the ISO 8601 instant written in it, read on
 * every call; tests move time forward without sleeping. */
WbClock   *wb_clock_new        (const char *control_file);
void       wb_clock_free       (WbClock    *clock);
GDateTime *wb_clock_now        (WbClock    *clock);
char      *wb_clock_now_iso    (WbClock    *clock);
/* The centre's calendar date: China Standard Time, UTC+8, no DST. */
void       wb_clock_local_date (GDateTime  *instant,
                                GDate      *out);
char      *wb_time_to_iso      (GDateTime  *instant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbClock, wb_clock_free)

G_END_DECLS
