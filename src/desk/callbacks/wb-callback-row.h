/* wb-callback-row.h: one task of the callback agenda as a list row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The agenda's groups, in the order they are shown. */
typedef enum
{
  WB_CALLBACK_OVERDUE,
  WB_CALLBACK_DUE_NOW,
  WB_CALLBACK_LATER_TODAY,
  WB_CALLBACK_UPCOMING,
} WbCallbackGroup;

/* How long a task counts as "due now" before it is overdue. */
#define WB_CALLBACK_DUE_NOW_MINUTES 15

typedef struct
{
  gint64      id;
  gint64      case_id;
  GDateTime  *due;
  JsonObject *task;
  int         group;
} WbCallbackRowData;

/* The group @due falls in at @now: overdue when it fell due more than
 * WB_CALLBACK_DUE_NOW_MINUTES ago, due now until then, later today up
 * to the centre's local midnight (UTC+8), upcoming after. */
WbCallbackGroup    wb_callback_group_for      (GDateTime     *due,
                                               GDateTime     *now);
/* A row for @task as GET /callbacks lists it. Its buttons activate
 * "callbacks.open-case" (the case id) and, when @can_call,
 * "callbacks.call" (the task id). */
GtkWidget         *wb_callback_row_new        (JsonObject    *task,
                                               GDateTime     *now,
                                               gboolean       can_call);
/* The task behind a row, or NULL for another widget. */
WbCallbackRowData *wb_callback_row_get_data   (GtkWidget     *row);
/* Regroups the row at @now and rewrites its relative due time; TRUE
 * when its group changed. */
gboolean           wb_callback_row_update     (GtkWidget     *row,
                                               GDateTime     *now);
/* The list's header function: a heading where a group starts. */
void               wb_callback_row_header_func (GtkListBoxRow *row,
                                                GtkListBoxRow *before,
                                                gpointer       user_data);

G_END_DECLS
