/* wb-admin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-admin.h"
#include "wb-audit.h"
#include "wb-auth.h"
#include "wb-error.h"
#include "wb-store.h"

gboolean
wb_admin_create_sysadmin (WbServer    *server,
                          const char  *username,
                          const char  *unit_code,
                          const char  *unit_name,
                          const char  *password,
                          GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = wb_clock_now_iso (server->clock);
  g_autofree char *object = g_strdup_printf ("user:%s", username);
  WbDbConn *conn;
  gboolean ok = FALSE;
  WbAuditRecord record = {
    .actor = "command-line", .peer = "local", .action = "create_user",
    .object = object, .result = "ok", .reason = "sysadmin",
  };

  if (strlen (password) < 12 || g_str_equal (password, WB_DEMO_PASSWORD))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The password needs at least 12 characters and may not be the demo password");
      return FALSE;
    }
  if (!(hash = wb_auth_hash_password (password, error)))
    return FALSE;
  if (!(conn = wb_db_acquire (server->db, error)))
    return FALSE;
  if (!wb_db_begin_write (conn, error))
    goto out;

  if (wb_units_get (server->units, unit_code) == NULL)
    {
      if (unit_name == NULL)
        {
          g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                       "Unit %s does not exist; give --admin-unit-name to create it", unit_code);
          goto rollback;
        }
      if (!wb_store_unit_insert (conn, unit_code, unit_name, 1, NULL, error))
        goto rollback;
    }

  if (!wb_store_user_insert (conn, username, username, unit_code, WB_ROLE_SYSADMIN, hash,
                             FALSE, now, NULL, error) ||
      !wb_audit_append (conn, now, &record, error) ||
      !wb_db_commit (conn, error))
    goto rollback;

  ok = wb_server_reload_units (server, error);
  goto out;

rollback:
  wb_db_rollback (conn);
out:
  wb_db_release (server->db, conn);
  return ok;
}

char *
wb_admin_create_service (WbServer    *server,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *now = wb_clock_now_iso (server->clock);
  char *token = NULL;
  WbDbConn *conn;

  if (!(conn = wb_db_acquire (server->db, error)))
    return NULL;
  token = wb_auth_create_service (conn, name, now, error);
  wb_db_release (server->db, conn);
  return token;
}
