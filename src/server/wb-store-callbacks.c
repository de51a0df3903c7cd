/* wb-store-callbacks.c: callback tasks, their attempts and rules, the
 * ratings they collect and the rectifications a bad rating opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

#define CALLBACK_COLUMNS \
  "b.id, b.case_id, c.case_no, i.name, b.unit_code, b.kind, b.due_at, b.status, b.attempts, " \
  "b.last_outcome, b.last_attempt_at, b.give_up_at, b.created_at, b.closed_at, b.assignee_id, " \
  "a.username, a.display_name, c.applicant_name, c.applicant_phone "
#define CALLBACK_FROM \
  "FROM callbacks b JOIN cases c ON c.id = b.case_id " \
  "JOIN items i ON i.code = c.item_code AND i.version = c.item_version " \
  "LEFT JOIN users a ON a.id = b.assignee_id "

void
wb_callback_free (WbCallback *cb)
{
  if (cb == NULL)
    return;
  g_free (cb->case_no);
  g_free (cb->item_name);
  g_free (cb->unit_code);
  g_free (cb->purpose);
  g_free (cb->due_at);
  g_free (cb->status);
  g_free (cb->last_outcome);
  g_free (cb->last_attempt_at);
  g_free (cb->give_up_at);
  g_free (cb->created_at);
  g_free (cb->closed_at);
  g_free (cb->assignee_username);
  g_free (cb->assignee_name);
  g_free (cb->applicant_name);
  g_free (cb->applicant_phone);
  g_free (cb);
}

void
wb_callback_rule_clear (WbCallbackRule *rule)
{
  g_clear_pointer (&rule->purpose, g_free);
  g_clear_pointer (&rule->revisit_seed, g_free);
  g_clear_pointer (&rule->updated_at, g_free);
  g_clear_pointer (&rule->updated_by, g_free);
}

static WbCallback *
callback_from_row (WbDbStmt *s)
{
  WbCallback *cb = g_new0 (WbCallback, 1);

  cb->id = wb_db_col_int (s, 0);
  cb->case_id = wb_db_col_int (s, 1);
  cb->case_no = wb_store_dup_col (s, 2);
  cb->item_name = wb_store_dup_col (s, 3);
  cb->unit_code = wb_store_dup_col (s, 4);
  cb->purpose = wb_store_dup_col (s, 5);
  cb->due_at = wb_store_dup_col (s, 6);
  cb->status = wb_store_dup_col (s, 7);
  cb->attempts = wb_db_col_int (s, 8);
  cb->last_outcome = wb_store_dup_col (s, 9);
  cb->last_attempt_at = wb_store_dup_col (s, 10);
  cb->give_up_at = wb_store_dup_col (s, 11);
  cb->created_at = wb_store_dup_col (s, 12);
  cb->closed_at = wb_store_dup_col (s, 13);
  cb->assignee_id = wb_db_col_is_null (s, 14) ? 0 : wb_db_col_int (s, 14);
  cb->assignee_username = wb_store_dup_col (s, 15);
  cb->assignee_name = wb_store_dup_col (s, 16);
  cb->applicant_name = wb_store_dup_col (s, 17);
  cb->applicant_phone = wb_store_dup_col (s, 18);
  return cb;
}

gboolean
wb_store_callback_add (WbDbConn    *conn,
                       gint64       case_id,
                       const char  *kind,
                       const char  *due_at,
                       const char  *now,
                       GError     **error)
{
  /* One open task per case and purpose: the partial unique index
   * callbacks_one_open turns a second one into nothing. */
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO callbacks (case_id, kind, due_at, created_at, unit_code) "
    "SELECT $1, $2, $3, $4, c.unit_code FROM cases c WHERE c.id = $1 "
    "ON CONFLICT DO NOTHING", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_text (s, 2, kind);
  wb_db_bind_text (s, 3, due_at);
  wb_db_bind_text (s, 4, now);
  return wb_store_run (s, error);
}

/* A case's tasks, oldest first; `kind` stays beside `purpose` for the
 * clients that read it before there were more purposes. */
JsonNode *
wb_store_callbacks_json (WbDbConn  *conn,
                         gint64     case_id,
                         GError   **error)
{
  static const char * const names[] = { "id", "kind", "purpose", "due_at", "status", "created_at",
                                        "attempts", "last_outcome", "last_attempt_at", "closed_at",
                                        "assignee", NULL };
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT b.id, b.kind, b.kind, b.due_at, b.status, b.created_at, b.attempts, b.last_outcome, "
    "b.last_attempt_at, b.closed_at, a.username "
    "FROM callbacks b LEFT JOIN users a ON a.id = b.assignee_id WHERE b.case_id = $1 ORDER BY b.id", error);

  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, case_id);
  return wb_store_rows_json (s, names, "isssssissss", error);
}

gboolean
wb_store_callback_get (WbDbConn    *conn,
                       gint64       id,
                       WbCallback **out,
                       GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT " CALLBACK_COLUMNS CALLBACK_FROM "WHERE b.id = $1", error);
  GError *local_error = NULL;

  *out = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, id);
  if (wb_db_step (s, &local_error))
    *out = callback_from_row (s);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_callbacks_list (WbDbConn               *conn,
                         const WbCallbackQuery  *q,
                         GPtrArray             **out,
                         GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " CALLBACK_COLUMNS CALLBACK_FROM "WHERE 1 = 1");
  g_autoptr(WbSqlParams) params = wb_sql_params_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) wb_callback_free);
  g_autoptr(WbDbStmt) s = NULL;
  GError *local_error = NULL;

#define PARAM(v) wb_sql_param_text (params, (v))
  if (q->units != NULL)
    wb_sql_params_in (params, sql, "b.unit_code", q->units);
  if (q->purposes != NULL && q->purposes->len > 0)
    wb_sql_params_in (params, sql, "b.kind", q->purposes);
  if (q->status != NULL)
    g_string_append_printf (sql, " AND b.status = $%u", PARAM (q->status));
  if (q->assignee == WB_ASSIGNEE_FILTER_NONE)
    g_string_append (sql, " AND b.assignee_id IS NULL");
  else if (q->assignee == WB_ASSIGNEE_FILTER_USER)
    g_string_append_printf (sql, " AND b.assignee_id = $%u", wb_sql_param_int (params, q->assignee_id));
  if (q->due_before != NULL)
    g_string_append_printf (sql, " AND b.due_at < $%u", PARAM (q->due_before));
  if (q->due_after != NULL)
    g_string_append_printf (sql, " AND b.due_at >= $%u", PARAM (q->due_after));
  if (q->after_due != NULL)
    {
      guint v = PARAM (q->after_due);
      guint id = wb_sql_param_int (params, q->after_id);

      g_string_append_printf (sql, " AND (b.due_at > $%u OR (b.due_at = $%u AND b.id > $%u))", v, v, id);
    }
#undef PARAM
  g_string_append_printf (sql, " ORDER BY b.due_at, b.id LIMIT $%u", wb_sql_param_int (params, q->limit));

  if (!(s = wb_db_prepare (conn, sql->str, error)))
    return FALSE;
  wb_sql_params_bind (params, s);
  while (wb_db_step (s, &local_error))
    g_ptr_array_add (rows, callback_from_row (s));
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out = g_steal_pointer (&rows);
  return TRUE;
}

gboolean
wb_store_callback_update (WbDbConn          *conn,
                          const WbCallback  *cb,
                          GError           **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE callbacks SET status = $2, due_at = $3, attempts = $4, last_outcome = $5, "
    "last_attempt_at = $6, give_up_at = $7, assignee_id = $8, closed_at = $9 WHERE id = $1", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, cb->id);
  wb_db_bind_text (s, 2, cb->status);
  wb_db_bind_text (s, 3, cb->due_at);
  wb_db_bind_int (s, 4, cb->attempts);
  wb_db_bind_text (s, 5, cb->last_outcome);
  wb_db_bind_text (s, 6, cb->last_attempt_at);
  wb_db_bind_text (s, 7, cb->give_up_at);
  if (cb->assignee_id > 0)
    wb_db_bind_int (s, 8, cb->assignee_id);
  else
    wb_db_bind_null (s, 8);
  wb_db_bind_text (s, 9, cb->closed_at);
  return wb_store_run (s, error);
}

/* Purpose NULL closes the open tasks of every purpose. */
static gboolean
close_open (WbDbConn    *conn,
            gint64       case_id,
            const char  *purpose,
            const char  *status,
            const char  *now,
            GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE callbacks SET status = $4, closed_at = $3 "
    "WHERE case_id = $1 AND status = 'open' AND ($2 IS NULL OR kind = $2)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_text (s, 2, purpose);
  wb_db_bind_text (s, 3, now);
  wb_db_bind_text (s, 4, status);
  return wb_store_run (s, error);
}

gboolean
wb_store_callbacks_cancel (WbDbConn    *conn,
                           gint64       case_id,
                           const char  *purpose,
                           const char  *now,
                           GError     **error)
{
  return close_open (conn, case_id, purpose, "cancelled", now, error);
}

gboolean
wb_store_callbacks_settle (WbDbConn    *conn,
                           gint64       case_id,
                           const char  *purpose,
                           const char  *now,
                           GError     **error)
{
  /* Settling is for one purpose; NULL would settle every open call. */
  g_return_val_if_fail (purpose != NULL, FALSE);
  return close_open (conn, case_id, purpose, "done", now, error);
}

gboolean
wb_store_callbacks_hand_to (WbDbConn  *conn,
                            gint64     case_id,
                            gint64     user_id,
                            GError   **error)
{
  /* The calls that belong to the case's handling, not to the complaint
   * desk: the handler answering for the case makes them. */
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE callbacks SET assignee_id = $2 WHERE case_id = $1 AND status = 'open' "
    "AND assignee_id IS NULL AND kind IN ('supplement', 'delivery_choice', 'result_notice')", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_int (s, 2, user_id);
  return wb_store_run (s, error);
}

gboolean
wb_store_callbacks_to_give_up (WbDbConn    *conn,
                               const char  *now,
                               GArray     **out_ids,
                               GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT id FROM callbacks WHERE status = 'open' AND give_up_at IS NOT NULL "
    "AND give_up_at <= $1 ORDER BY id LIMIT 500", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *local_error = NULL;

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, now);
  while (wb_db_step (s, &local_error))
    {
      gint64 id = wb_db_col_int (s, 0);
      g_array_append_val (ids, id);
    }
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out_ids = g_steal_pointer (&ids);
  return TRUE;
}

gboolean
wb_store_callback_attempt_add (WbDbConn    *conn,
                               gint64       callback_id,
                               const char  *at,
                               gint64       caller_id,
                               const char  *outcome,
                               const char  *notes,
                               const char  *call_back_at,
                               JsonNode    *answers,
                               GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO callback_attempts (callback_id, at, caller_id, outcome, notes, call_back_at, answers) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);
  g_autofree char *text = answers ? json_to_string (answers, FALSE) : NULL;

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, callback_id);
  wb_db_bind_text (s, 2, at);
  wb_db_bind_int (s, 3, caller_id);
  wb_db_bind_text (s, 4, outcome);
  wb_db_bind_text (s, 5, notes);
  wb_db_bind_text (s, 6, call_back_at);
  wb_db_bind_text (s, 7, text);
  return wb_store_run (s, error);
}

gboolean
wb_store_callback_calls_between (WbDbConn    *conn,
                                 gint64       callback_id,
                                 const char  *from,
                                 const char  *to,
                                 gint64      *out,
                                 GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT COUNT(*) FROM callback_attempts WHERE callback_id = $1 AND at >= $2 AND at < $3", error);
  GError *local_error = NULL;

  *out = 0;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, callback_id);
  wb_db_bind_text (s, 2, from);
  wb_db_bind_text (s, 3, to);
  if (wb_db_step (s, &local_error))
    *out = wb_db_col_int (s, 0);
  return wb_store_finish (local_error, error);
}

JsonNode *
wb_store_callback_attempts_json (WbDbConn  *conn,
                                 gint64     callback_id,
                                 GError   **error)
{
  static const char * const names[] = { "id", "at", "caller", "caller_name", "outcome", "notes",
                                        "call_back_at", "answers", NULL };
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT t.id, t.at, u.username, u.display_name, t.outcome, t.notes, t.call_back_at, t.answers "
    "FROM callback_attempts t JOIN users u ON u.id = t.caller_id "
    "WHERE t.callback_id = $1 ORDER BY t.id", error);

  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, callback_id);
  return wb_store_rows_json (s, names, "issssssj", error);
}

gboolean
wb_store_callback_rule_get (WbDbConn        *conn,
                            const char      *purpose,
                            WbCallbackRule  *out,
                            GError         **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT purpose, retry_after_minutes, max_attempts_per_day, give_up_after_days, due_after_days, "
    "rectify_within_days, revisit_percent, revisit_seed, updated_at, updated_by "
    "FROM callback_rules WHERE purpose = $1", error);
  GError *local_error = NULL;

  memset (out, 0, sizeof *out);
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, purpose);
  if (wb_db_step (s, &local_error))
    {
      out->purpose = wb_store_dup_col (s, 0);
      out->retry_after_minutes = wb_db_col_int (s, 1);
      out->max_attempts_per_day = wb_db_col_int (s, 2);
      out->give_up_after_days = wb_db_col_int (s, 3);
      out->due_after_days = wb_db_col_int (s, 4);
      out->rectify_within_days = wb_db_col_is_null (s, 5) ? -1 : wb_db_col_int (s, 5);
      out->revisit_percent = wb_db_col_is_null (s, 6) ? -1 : wb_db_col_int (s, 6);
      out->revisit_seed = wb_store_dup_col (s, 7);
      out->updated_at = wb_store_dup_col (s, 8);
      out->updated_by = wb_store_dup_col (s, 9);
    }
  if (!wb_store_finish (local_error, error))
    return FALSE;
  if (out->purpose == NULL)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INTERNAL, "No callback rule for %s", purpose);
      return FALSE;
    }
  return TRUE;
}

gboolean
wb_store_callback_rule_put (WbDbConn              *conn,
                            const WbCallbackRule  *rule,
                            const char            *now,
                            const char            *by,
                            GError               **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE callback_rules SET retry_after_minutes = $2, max_attempts_per_day = $3, "
    "give_up_after_days = $4, due_after_days = $5, rectify_within_days = $6, revisit_percent = $7, "
    "revisit_seed = $8, updated_at = $9, updated_by = $10 WHERE purpose = $1", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, rule->purpose);
  wb_db_bind_int (s, 2, rule->retry_after_minutes);
  wb_db_bind_int (s, 3, rule->max_attempts_per_day);
  wb_db_bind_int (s, 4, rule->give_up_after_days);
  wb_db_bind_int (s, 5, rule->due_after_days);
  if (rule->rectify_within_days >= 0)
    wb_db_bind_int (s, 6, rule->rectify_within_days);
  else
    wb_db_bind_null (s, 6);
  if (rule->revisit_percent >= 0)
    wb_db_bind_int (s, 7, rule->revisit_percent);
  else
    wb_db_bind_null (s, 7);
  wb_db_bind_text (s, 8, rule->revisit_seed);
  wb_db_bind_text (s, 9, now);
  wb_db_bind_text (s, 10, by);
  return wb_store_run (s, error);
}

gboolean
wb_store_rating_add (WbDbConn    *conn,
                     gint64       case_id,
                     gint64       level,
                     const char  *comment,
                     const char  *source,
                     gint64       callback_id,
                     const char  *by,
                     const char  *at,
                     gint64      *out_id,
                     GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO ratings (case_id, level, comment, source, callback_id, rated_by, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_int (s, 2, level);
  wb_db_bind_text (s, 3, comment);
  wb_db_bind_text (s, 4, source);
  if (callback_id > 0)
    wb_db_bind_int (s, 5, callback_id);
  else
    wb_db_bind_null (s, 5);
  wb_db_bind_text (s, 6, by);
  wb_db_bind_text (s, 7, at);
  if (!wb_store_run (s, error))
    return FALSE;
  *out_id = wb_db_last_insert_id (conn);
  return TRUE;
}

JsonNode *
wb_store_rating_latest_json (WbDbConn  *conn,
                             gint64     case_id,
                             GError   **error)
{
  static const char * const names[] = { "id", "level", "comment", "source", "rated_by", "at", NULL };
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT id, level, comment, source, rated_by, at FROM ratings WHERE case_id = $1 "
    "ORDER BY id DESC LIMIT 1", error);
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *array;

  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, case_id);
  if (!(rows = wb_store_rows_json (s, names, "iissss", error)))
    return NULL;
  array = json_node_get_array (rows);
  if (json_array_get_length (array) == 0)
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_array_get_element (array, 0));
}

gboolean
wb_store_satisfaction_rating (WbDbConn    *conn,
                              gint64       case_id,
                              char       **source,
                              GError     **error)
{
  /* A revisit call's rating is another question, asked later. */
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT r.source FROM ratings r LEFT JOIN callbacks b ON b.id = r.callback_id "
    "WHERE r.case_id = $1 AND (r.source = 'window' OR b.kind = 'satisfaction') "
    "ORDER BY r.id LIMIT 1", error);
  GError *local_error = NULL;

  *source = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  if (wb_db_step (s, &local_error))
    *source = wb_store_dup_col (s, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_rectification_add (WbDbConn    *conn,
                            gint64       case_id,
                            gint64       rating_id,
                            const char  *unit_code,
                            const char  *callback_due_at,
                            const char  *deadline,
                            const char  *now,
                            GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO rectifications (case_id, rating_id, unit_code, callback_due_at, deadline, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_int (s, 2, rating_id);
  wb_db_bind_text (s, 3, unit_code);
  wb_db_bind_text (s, 4, callback_due_at);
  wb_db_bind_text (s, 5, deadline);
  wb_db_bind_text (s, 6, now);
  return wb_store_run (s, error);
}

JsonNode *
wb_store_rectifications_json (WbDbConn    *conn,
                              GPtrArray   *units,
                              const char  *status,
                              guint        limit,
                              GError     **error)
{
  static const char * const names[] = { "id", "case_id", "case_no", "item_name", "unit_code", "status",
                                        "rating_level", "rating_comment", "rating_source", "rated_at",
                                        "callback_due_at", "deadline", "created_at", "closed_at", NULL };
  g_autoptr(GString) sql = g_string_new (
    "SELECT r.id, r.case_id, c.case_no, i.name, r.unit_code, r.status, g.level, g.comment, g.source, "
    "g.at, r.callback_due_at, r.deadline, r.created_at, r.closed_at "
    "FROM rectifications r JOIN ratings g ON g.id = r.rating_id JOIN cases c ON c.id = r.case_id "
    "JOIN items i ON i.code = c.item_code AND i.version = c.item_version WHERE 1 = 1");
  g_autoptr(WbSqlParams) params = wb_sql_params_new ();
  g_autoptr(WbDbStmt) s = NULL;

  if (units != NULL)
    wb_sql_params_in (params, sql, "r.unit_code", units);
  if (status != NULL)
    g_string_append_printf (sql, " AND r.status = $%u", wb_sql_param_text (params, status));
  g_string_append_printf (sql, " ORDER BY r.deadline, r.id LIMIT %u", limit);

  if (!(s = wb_db_prepare (conn, sql->str, error)))
    return NULL;
  wb_sql_params_bind (params, s);
  return wb_store_rows_json (s, names, "iissssissssss" "s", error);
}
