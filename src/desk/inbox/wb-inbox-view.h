/* wb-inbox-view.h: the caseworker's inbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_INBOX_VIEW (wb_inbox_view_get_type ())
G_DECLARE_FINAL_TYPE (WbInboxView, wb_inbox_view, WB, INBOX_VIEW, AdwBin)

GtkWidget  *wb_inbox_view_new        (WbContext   *context);
GListModel *wb_inbox_view_get_model  (WbInboxView *self);
/* The query the inbox sends, without paging, e.g. for tests. */
const char *wb_inbox_view_get_query  (WbInboxView *self);
GtkSelectionModel *wb_inbox_view_get_selection (WbInboxView *self);
/* Puts the keyboard in the search field, where a day's work starts. */
void               wb_inbox_view_focus_search (WbInboxView *self);
/* Puts the keyboard in the list, or in the search field when the list
 * is empty. */
void               wb_inbox_view_focus_list   (WbInboxView *self);
/* Hands every selected case to the handler, as the Assign list does. */
void        wb_inbox_view_assign_selected (WbInboxView *self,
                                           const char  *username);
/* Shows what a saved filter's query selects, setting the controls to
 * match; and saves the current query under a name. */
void        wb_inbox_view_apply_query (WbInboxView *self,
                                       const char  *query);
void        wb_inbox_view_save_filter (WbInboxView *self,
                                       const char  *name);

G_END_DECLS
