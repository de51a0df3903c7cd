/* wb-case-format.h: how states, clocks and times read on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

const char *wb_format_state_label (const char *state);
void        wb_format_state_badge (GtkLabel   *label,
                                   const char *state);
/* The statutory clock: green while days remain, amber on the last day,
 * red when overdue, grey while stopped for missing materials. */
void        wb_format_clock       (GtkLabel   *label,
                                   const char *status,
                                   int         days_left,
                                   gboolean    calendar_complete);
/* An ISO 8601 instant as the centre's local date and time. */
char       *wb_format_time        (const char *iso);
const char *wb_format_action_label (const char *action);

G_END_DECLS
