/* wb-audit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-audit.h"
#include "wb-error.h"
#include "wb-log.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static char *
record_hash (const char *prev_hash,
             const char *at,
             const char *actor,
             const char *peer,
             const char *action,
             const char *object,
             const char *result,
             const char *reason)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *fields[] = { prev_hash, at, actor, peer, action, object, result, reason ? reason : "" };

  /* A separator byte that cannot appear in text keeps "ab"+"c" apart from
   * "a"+"bc". */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_checksum_update (sum, (const guchar *) fields[i], strlen (fields[i]));
      g_checksum_update (sum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
wb_audit_append (WbDbConn             *conn,
                 const char           *at,
                 const WbAuditRecord  *r,
                 GError              **error)
{
  g_autoptr(WbDbStmt) last = NULL;
  g_autoptr(WbDbStmt) insert = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  GError *local_error = NULL;

  if (!(last = wb_db_prepare (conn, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", error)))
    return FALSE;
  if (wb_db_step (last, &local_error))
    prev = g_strdup (wb_db_col_text (last, 0));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (prev == NULL)
    prev = g_strdup (GENESIS);

  hash = record_hash (prev, at, r->actor, r->peer, r->action, r->object, r->result, r->reason);

  if (!(insert = wb_db_prepare (conn,
                                "INSERT INTO audit (at, actor, peer, action, object, result, reason, request_id, prev_hash, hash) "
                                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                error)))
    return FALSE;
  wb_db_bind_text (insert, 1, at);
  wb_db_bind_text (insert, 2, r->actor);
  wb_db_bind_text (insert, 3, r->peer);
  wb_db_bind_text (insert, 4, r->action);
  wb_db_bind_text (insert, 5, r->object);
  wb_db_bind_text (insert, 6, r->result);
  wb_db_bind_text (insert, 7, r->reason);
  wb_db_bind_text (insert, 8, r->request_id);
  wb_db_bind_text (insert, 9, prev);
  wb_db_bind_text (insert, 10, hash);
  wb_db_step (insert, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
wb_audit_request_checked (WbRequest   *req,
                          const char  *action,
                          const char  *object,
                          const char  *result,
                          const char  *reason,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *at = wb_request_now_iso (req);
  WbAuditRecord record = {
    .actor = wb_request_actor (req),
    .peer = req->peer,
    .action = action,
    .object = object,
    .result = result,
    .reason = reason,
    .request_id = req->request_id,
  };

  if (!wb_db_begin_write (req->conn, &local_error))
    goto fail;
  if (!wb_audit_append (req->conn, at, &record, &local_error) ||
      !wb_db_commit (req->conn, &local_error))
    {
      wb_db_rollback (req->conn);
      goto fail;
    }
  return TRUE;

fail:
  wb_log_event ("error", "audit record could not be written",
                "request_id", req->request_id,
                "action", action,
                "detail", local_error ? local_error->message : "",
                NULL);
  /* The database's words stay in the log: they may name tables. */
  g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAVAILABLE,
                       "The access could not be recorded in the audit trail, so nothing is shown; try again");
  return FALSE;
}

void
wb_audit_request (WbRequest  *req,
                  const char *action,
                  const char *object,
                  const char *result,
                  const char *reason)
{
  wb_audit_request_checked (req, action, object, result, reason, NULL);
}

gint64
wb_audit_verify (WbDbConn  *conn,
                 GError   **error)
{
  g_autoptr(WbDbStmt) stmt = NULL;
  g_autofree char *prev = g_strdup (GENESIS);
  GError *local_error = NULL;
  gint64 n = 0;

  if (!(stmt = wb_db_prepare (conn,
                              "SELECT id, at, actor, peer, action, object, result, reason, prev_hash, hash "
                              "FROM audit ORDER BY id",
                              error)))
    return -1;

  while (wb_db_step (stmt, &local_error))
    {
      g_autofree char *expect = NULL;

      expect = record_hash (prev,
                            wb_db_col_text (stmt, 1), wb_db_col_text (stmt, 2),
                            wb_db_col_text (stmt, 3), wb_db_col_text (stmt, 4),
                            wb_db_col_text (stmt, 5), wb_db_col_text (stmt, 6),
                            wb_db_col_text (stmt, 7));
      if (g_strcmp0 (prev, wb_db_col_text (stmt, 8)) != 0 ||
          g_strcmp0 (expect, wb_db_col_text (stmt, 9)) != 0)
        {
          g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                       "Audit chain broken at record %" G_GINT64_FORMAT,
                       wb_db_col_int (stmt, 0));
          return -1;
        }
      g_free (prev);
      prev = g_strdup (wb_db_col_text (stmt, 9));
      n++;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }
  return n;
}
