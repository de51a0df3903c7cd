/* wb-callbacks-view.h: the callback agenda
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "callbacks/wb-callback-row.h"
#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_CALLBACKS_VIEW (wb_callbacks_view_get_type ())
G_DECLARE_FINAL_TYPE (WbCallbacksView, wb_callbacks_view, WB, CALLBACKS_VIEW, AdwBin)

/* Emits ::open-case (gint64 case id) when a row is activated or its
 * open button clicked. */
GtkWidget *wb_callbacks_view_new        (WbContext       *context);
void       wb_callbacks_view_reload     (WbCallbacksView *self);
gboolean   wb_callbacks_view_is_loading (WbCallbacksView *self);
/* The time the agenda is grouped by; NULL goes back to the computer's
 * clock. Tests set the server's clock file's time here too. */
void       wb_callbacks_view_set_now    (WbCallbacksView *self,
                                         GDateTime       *now);
/* The group of a listed task, or -1 when it is not listed. */
int        wb_callbacks_view_get_group  (WbCallbacksView *self,
                                         gint64           callback_id);
/* The row of a listed task, or NULL. */
GtkWidget *wb_callbacks_view_get_row    (WbCallbacksView *self,
                                         gint64           callback_id);
/* Selects a listed task, as a click would. */
gboolean   wb_callbacks_view_select     (WbCallbacksView *self,
                                         gint64           callback_id);
/* Opens the log-call dialog for a task (loading it when it is not
 * listed, e.g. from a notification); returns the dialog, or NULL when
 * the user may not call. */
GtkWidget *wb_callbacks_view_log_call   (WbCallbacksView *self,
                                         gint64           callback_id);

G_END_DECLS
