/* wb-admin.h: one-off administration from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-server.h"

G_BEGIN_DECLS

/* Creates the first system administrator, and the top unit when the
 * database has none. The password is read from standard input. */
gboolean wb_admin_create_sysadmin (WbServer    *server,
                                   const char  *username,
                                   const char  *unit_code,
                                   const char  *unit_name,
                                   const char  *password,
                                   GError     **error);
char    *wb_admin_create_service  (WbServer    *server,
                                   const char  *name,
                                   GError     **error);

G_END_DECLS
