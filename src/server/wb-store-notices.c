/* wb-store-notices.c: notices served on applicants, by verification code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

gboolean
wb_store_notice_add (WbDbConn    *conn,
                     const char  *code,
                     const char  *kind,
                     gint64       case_id,
                     gint64       material_id,
                     const char  *sha256,
                     const char  *issued_at,
                     GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO notices (code, kind, case_id, material_id, sha256, issued_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, code);
  wb_db_bind_text (s, 2, kind);
  wb_db_bind_int (s, 3, case_id);
  wb_db_bind_int (s, 4, material_id);
  wb_db_bind_text (s, 5, sha256);
  wb_db_bind_text (s, 6, issued_at);
  return wb_store_run (s, error);
}

gboolean
wb_store_notice_lookup (WbDbConn    *conn,
                        const char  *code,
                        char       **kind,
                        gint64      *case_id,
                        char       **sha256,
                        char       **issued_at,
                        GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT kind, case_id, sha256, issued_at FROM notices WHERE code = $1", error);
  GError *local_error = NULL;

  *case_id = 0;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, code);
  if (wb_db_step (s, &local_error))
    {
      *kind = wb_store_dup_col (s, 0);
      *case_id = wb_db_col_int (s, 1);
      *sha256 = wb_store_dup_col (s, 2);
      *issued_at = wb_store_dup_col (s, 3);
    }
  return wb_store_finish (local_error, error);
}

/* What the applicant sent, in the order it arrived: every material of
 * the case except the notices the centre filed itself. */
gboolean
wb_store_case_received_names (WbDbConn   *conn,
                              gint64      case_id,
                              GPtrArray **out,
                              GError    **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT name FROM materials WHERE case_id = $1 "
    "AND id NOT IN (SELECT material_id FROM notices WHERE case_id = $1) ORDER BY id", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  while (wb_db_step (s, &local_error))
    g_ptr_array_add (names, wb_store_dup_col (s, 0));
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out = g_steal_pointer (&names);
  return TRUE;
}
