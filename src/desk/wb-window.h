/* wb-window.h: the desk's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_WINDOW (wb_window_get_type ())
G_DECLARE_FINAL_TYPE (WbWindow, wb_window, WB, WINDOW, AdwApplicationWindow)

WbWindow  *wb_window_new          (GtkApplication *application);
/* Points the window at a server: it resumes a stored session when one is
 * still valid, and otherwise asks the user to sign in. */
void       wb_window_set_server   (WbWindow       *self,
                                   const char     *base_url,
                                   gboolean        demo);
void       wb_window_show_status  (WbWindow       *self,
                                   const char     *status);
void       wb_window_show_error   (WbWindow       *self,
                                   const char     *message);
WbContext *wb_window_get_context  (WbWindow       *self);
/* Opens the case in a tab, or shows its tab if it is open already. */
void       wb_window_open_case    (WbWindow       *self,
                                   gint64          case_id);
GtkWidget *wb_window_get_inbox    (WbWindow       *self);
GtkWidget *wb_window_get_signin_page (WbWindow    *self);
/* The sidebar: the inbox first, then the user's saved filters. */
GtkListBox *wb_window_get_sidebar (WbWindow      *self);
gboolean   wb_window_is_signed_in (WbWindow       *self);
/* After the server's idle time without input the window locks; the
 * password opens it again with the same tabs. */
gboolean   wb_window_is_locked    (WbWindow       *self);
void       wb_window_unlock       (WbWindow       *self,
                                   const char     *password);
const char *wb_window_get_lock_error (WbWindow    *self);
/* The uncollected certificates' tab, once opened from the sidebar. */
GtkWidget *wb_window_get_uncollected (WbWindow    *self);
/* The business administrator's pickup capacity tab, once opened. */
GtkWidget *wb_window_get_capacity (WbWindow       *self);
/* The callback agenda (a WbCallbacksView), or NULL for roles without
 * one; it exists from sign-in, whether its tab is open or not. */
GtkWidget *wb_window_get_callbacks (WbWindow      *self);
/* Shows the agenda and opens the log-call dialog of @callback_id;
 * returns the dialog, or NULL when it opens later (after loading, or
 * after unlocking a locked window) or not at all (the user does not
 * call). */
GtkWidget *wb_window_open_callback (WbWindow      *self,
                                    gint64         callback_id);
/* The open tab of a case, or NULL. */
GtkWidget *wb_window_get_case_view (WbWindow      *self,
                                    gint64         case_id);

G_END_DECLS
