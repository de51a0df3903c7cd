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
/* The style class that colours @state (wb-state-*), and in @pill how
 * strongly the inbox's pill shows that colour. */
const char *wb_format_state_class (const char *state,
                                   double     *pill);
/* Shows @state on a GtkLabel in its colour. */
void        wb_format_state_badge (GtkWidget  *label,
                                   const char *state);
/* The statutory clock: green while days remain, amber on the last day,
 * red when overdue, grey while stopped for missing materials. */
char       *wb_format_clock_text  (const char  *status,
                                   int          days_left,
                                   gboolean     calendar_complete,
                                   const char **css);
/* What the "*" of an estimated clock means. */
const char *wb_format_clock_estimate_note (void);
/* Shows the clock on a GtkLabel, coloured by wb_format_clock_text()'s
 * style class (success, warning, error or dim-label). */
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
