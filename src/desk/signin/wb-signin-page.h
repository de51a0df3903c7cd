/* wb-signin-page.h: server, username and password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WB_TYPE_SIGNIN_PAGE (wb_signin_page_get_type ())
G_DECLARE_FINAL_TYPE (WbSigninPage, wb_signin_page, WB, SIGNIN_PAGE, AdwBin)

GtkWidget  *wb_signin_page_new          (void);
void        wb_signin_page_set_server   (WbSigninPage *self,
                                         const char   *server);
const char *wb_signin_page_get_server   (WbSigninPage *self);
void        wb_signin_page_set_username (WbSigninPage *self,
                                         const char   *username);
/* Busy: the form is insensitive and a spinner says why. */
void        wb_signin_page_set_busy     (WbSigninPage *self,
                                         const char   *status);
void        wb_signin_page_show_error   (WbSigninPage *self,
                                         const char   *message);
/* The error shown to the user, or NULL. */
const char *wb_signin_page_get_error    (WbSigninPage *self);
/* In demo mode the page lists the demo accounts to pick from. */
void        wb_signin_page_set_demo     (WbSigninPage *self,
                                         gboolean      demo);
/* Fills the form and signs in, as the sign-in button does. */
void        wb_signin_page_submit       (WbSigninPage *self,
                                         const char   *username,
                                         const char   *password);

G_END_DECLS
