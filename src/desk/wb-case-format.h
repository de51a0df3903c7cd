/* wb-case-format.h: how states, clocks and times read on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *wb_format_state_label (const char *state);
/* Sets the tooltip only if it differs from the one shown. */
void        wb_format_set_tooltip (GtkWidget  *widget,
                                   const char *text);
void        wb_format_state_badge (GtkWidget  *label,
                                   const char *state);
/* The statutory clock: green while days remain, amber on the last day,
 * red when overdue, grey while stopped for missing materials. */
void        wb_format_clock       (GtkWidget  *label,
                                   const char *status,
                                   int         days_left,
                                   gboolean    calendar_complete);
/* One line for the case header, under wb_format_clock()'s promised limit:
 * the legal limit, the extension, the stop, the deemed-acceptance
 * countdown and a note when the calendar is incomplete. NULL for a
 * finished clock. */
char       *wb_format_clock_details (JsonObject *clock);
/* An ISO 8601 instant as the centre's local date and time. */
char       *wb_format_time        (const char *iso);
const char *wb_format_action_label (const char *action);
/* A satisfaction rating (好差评): 5 very satisfied down to 1 very
 * dissatisfied; "—" for any other number. */
const char *wb_format_rating_level (gint64      level);

G_END_DECLS
