/* wb-roles.h: staff roles (standard 6.3) and separation of duties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WB_ROLE_SYSADMIN     = 1 << 0,
  WB_ROLE_BIZADMIN     = 1 << 1,
  WB_ROLE_HANDLER      = 1 << 2,
  WB_ROLE_VIEWER       = 1 << 3,
  WB_ROLE_STATISTICIAN = 1 << 4,
  WB_ROLE_ANNOUNCER    = 1 << 5,
  WB_ROLE_COMPLAINT    = 1 << 6,
  WB_ROLE_AUDITOR      = 1 << 7,
} WbRole;

#define WB_N_ROLES 8

/* A set of WbRole bits. */
typedef guint WbRoles;

const char *wb_role_to_string     (WbRole       role);
const char *wb_role_label_zh      (WbRole       role);
gboolean    wb_role_from_string   (const char  *name,
                                   WbRole      *out);
WbRole      wb_role_nth           (guint        index);
gboolean    wb_roles_parse        (const char  *comma_list,
                                   WbRoles     *out,
                                   GError     **error);
char       *wb_roles_to_string    (WbRoles      roles);
gboolean    wb_roles_validate     (WbRoles      roles,
                                   GError     **error);

G_END_DECLS
