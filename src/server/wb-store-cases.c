/* wb-store-cases.c: cases and what the flow files beside them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

#define CASE_COLUMNS \
  "c.id, c.case_no, c.upstream_id, c.source, c.item_code, c.item_version, i.name, " \
  "c.unit_code, c.state, c.stage, c.assignee_id, a.username, a.display_name, " \
  "c.applicant_name, c.applicant_id_number, c.applicant_phone, c.applicant_address, " \
  "c.submitted_at, c.received_on, c.deadline, c.clock_stopped_on, c.deadline_extended, " \
  "c.supplement_count, c.delivery_method, c.delivery_address, c.tracking_no, c.pickup_slot, " \
  "c.result, c.refusal_basis, c.refusal_reason, c.fees_collected, c.version, c.updated_at, " \
  "i.promised_days, c.clock_stopped_days, c.extension_days, " \
  "c.courier, c.printed_at, c.pickup_slot_id, c.collector, c.agent_name, c.agent_id_number, " \
  "c.handed_over_at, " \
  "(SELECT ps.day FROM pickup_slots ps WHERE ps.id = c.pickup_slot_id), " \
  "(SELECT ps.start_time FROM pickup_slots ps WHERE ps.id = c.pickup_slot_id), " \
  "(SELECT ps.end_time FROM pickup_slots ps WHERE ps.id = c.pickup_slot_id) "
#define CASE_FROM \
  "FROM cases c JOIN items i ON i.code = c.item_code AND i.version = c.item_version " \
  "LEFT JOIN users a ON a.id = c.assignee_id "

void
wb_case_free (WbCase *c)
{
  if (c == NULL)
    return;
  g_free (c->case_no);
  g_free (c->upstream_id);
  g_free (c->source);
  g_free (c->item_code);
  g_free (c->item_name);
  g_free (c->unit_code);
  g_free (c->assignee_username);
  g_free (c->assignee_name);
  g_free (c->applicant_name);
  g_free (c->applicant_id_number);
  g_free (c->applicant_phone);
  g_free (c->applicant_address);
  g_free (c->submitted_at);
  g_free (c->received_on);
  g_free (c->deadline);
  g_free (c->clock_stopped_on);
  g_free (c->delivery_method);
  g_free (c->delivery_address);
  g_free (c->tracking_no);
  g_free (c->pickup_slot);
  g_free (c->result);
  g_free (c->refusal_basis);
  g_free (c->refusal_reason);
  g_free (c->updated_at);
  g_free (c->courier);
  g_free (c->printed_at);
  g_free (c->collector);
  g_free (c->agent_name);
  g_free (c->agent_id_number);
  g_free (c->handed_over_at);
  g_free (c->pickup_day);
  g_free (c->pickup_start);
  g_free (c->pickup_end);
  g_free (c);
}

static WbCase *
case_from_row (WbDbStmt *s)
{
  WbCase *c = g_new0 (WbCase, 1);
  guint i = 0;

  c->id = wb_db_col_int (s, i++);
  c->case_no = wb_store_dup_col (s, i++);
  c->upstream_id = wb_store_dup_col (s, i++);
  c->source = wb_store_dup_col (s, i++);
  c->item_code = wb_store_dup_col (s, i++);
  c->item_version = wb_db_col_int (s, i++);
  c->item_name = wb_store_dup_col (s, i++);
  c->unit_code = wb_store_dup_col (s, i++);
  if (!wb_case_state_from_string (wb_db_col_text (s, i++), &c->state))
    c->state = WB_STATE_SUBMITTED;
  if (!wb_delivery_stage_from_string (wb_db_col_text (s, i++), &c->stage))
    c->stage = WB_STAGE_NONE;
  c->assignee_id = wb_db_col_is_null (s, i) ? 0 : wb_db_col_int (s, i);
  i++;
  c->assignee_username = wb_store_dup_col (s, i++);
  c->assignee_name = wb_store_dup_col (s, i++);
  c->applicant_name = wb_store_dup_col (s, i++);
  c->applicant_id_number = wb_store_dup_col (s, i++);
  c->applicant_phone = wb_store_dup_col (s, i++);
  c->applicant_address = wb_store_dup_col (s, i++);
  c->submitted_at = wb_store_dup_col (s, i++);
  c->received_on = wb_store_dup_col (s, i++);
  c->deadline = wb_store_dup_col (s, i++);
  c->clock_stopped_on = wb_store_dup_col (s, i++);
  c->deadline_extended = wb_db_col_int (s, i++) != 0;
  c->supplement_count = wb_db_col_int (s, i++);
  c->delivery_method = wb_store_dup_col (s, i++);
  c->delivery_address = wb_store_dup_col (s, i++);
  c->tracking_no = wb_store_dup_col (s, i++);
  c->pickup_slot = wb_store_dup_col (s, i++);
  c->result = wb_store_dup_col (s, i++);
  c->refusal_basis = wb_store_dup_col (s, i++);
  c->refusal_reason = wb_store_dup_col (s, i++);
  c->fees_collected = wb_db_col_is_null (s, i) ? -1 : wb_db_col_int (s, i);
  i++;
  c->version = wb_db_col_int (s, i++);
  c->updated_at = wb_store_dup_col (s, i++);
  c->promised_days = wb_db_col_int (s, i++);
  c->clock_stopped_days = wb_db_col_int (s, i++);
  c->extension_days = wb_db_col_int (s, i++);
  c->courier = wb_store_dup_col (s, i++);
  c->printed_at = wb_store_dup_col (s, i++);
  c->pickup_slot_id = wb_db_col_is_null (s, i) ? 0 : wb_db_col_int (s, i);
  i++;
  c->collector = wb_store_dup_col (s, i++);
  c->agent_name = wb_store_dup_col (s, i++);
  c->agent_id_number = wb_store_dup_col (s, i++);
  c->handed_over_at = wb_store_dup_col (s, i++);
  c->pickup_day = wb_store_dup_col (s, i++);
  c->pickup_start = wb_store_dup_col (s, i++);
  c->pickup_end = wb_store_dup_col (s, i++);
  return c;
}

gboolean
wb_store_case_get (WbDbConn  *conn,
                   gint64     id,
                   WbCase   **out,
                   GError   **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT " CASE_COLUMNS CASE_FROM "WHERE c.id = $1", error);
  GError *local_error = NULL;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  wb_db_bind_int (stmt, 1, id);
  if (wb_db_step (stmt, &local_error))
    *out = case_from_row (stmt);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_case_by_upstream (WbDbConn    *conn,
                           const char  *upstream_id,
                           gint64      *out_id,
                           GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT id FROM cases WHERE upstream_id = $1", error);
  GError *local_error = NULL;

  *out_id = 0;
  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, upstream_id);
  if (wb_db_step (stmt, &local_error))
    *out_id = wb_db_col_int (stmt, 0);
  return wb_store_finish (local_error, error);
}

/* The service that filed a case through intake, or NULL for a case that
 * did not come from one. */
gboolean
wb_store_case_filed_by (WbDbConn    *conn,
                        gint64       case_id,
                        char       **out_service,
                        GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT actor FROM case_history WHERE case_id = $1 AND action = 'intake' "
    "ORDER BY id LIMIT 1", error);
  GError *local_error = NULL;

  *out_service = NULL;
  if (stmt == NULL)
    return FALSE;
  wb_db_bind_int (stmt, 1, case_id);
  if (wb_db_step (stmt, &local_error))
    *out_service = wb_store_dup_col (stmt, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_case_insert (WbDbConn  *conn,
                      WbCase    *c,
                      GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO cases (case_no, upstream_id, source, item_code, item_version, unit_code, state, stage, "
    "assignee_id, applicant_name, applicant_id_number, applicant_phone, applicant_address, "
    "submitted_at, received_on, deadline, clock_stopped_on, supplement_count, updated_at, version, "
    "sort_deadline) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, "
    WB_SORT_DEADLINE_SQL ("$16", "$7") ")",
    error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, c->case_no);
  wb_db_bind_text (s, 2, c->upstream_id);
  wb_db_bind_text (s, 3, c->source);
  wb_db_bind_text (s, 4, c->item_code);
  wb_db_bind_int (s, 5, c->item_version);
  wb_db_bind_text (s, 6, c->unit_code);
  wb_db_bind_text (s, 7, wb_case_state_to_string (c->state));
  wb_db_bind_text (s, 8, wb_delivery_stage_to_string (c->stage));
  if (c->assignee_id > 0)
    wb_db_bind_int (s, 9, c->assignee_id);
  else
    wb_db_bind_null (s, 9);
  wb_db_bind_text (s, 10, c->applicant_name);
  wb_db_bind_text (s, 11, c->applicant_id_number);
  wb_db_bind_text (s, 12, c->applicant_phone);
  wb_db_bind_text (s, 13, c->applicant_address);
  wb_db_bind_text (s, 14, c->submitted_at);
  wb_db_bind_text (s, 15, c->received_on);
  wb_db_bind_text (s, 16, c->deadline);
  wb_db_bind_text (s, 17, c->clock_stopped_on);
  wb_db_bind_int (s, 18, c->supplement_count);
  wb_db_bind_text (s, 19, c->updated_at);
  if (!wb_store_run (s, error))
    return FALSE;
  c->id = wb_db_last_insert_id (conn);
  c->version = 1;
  return TRUE;
}

gboolean
wb_store_case_update (WbDbConn  *conn,
                      WbCase    *c,
                      GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE cases SET state = $2, stage = $3, assignee_id = $4, deadline = $5, clock_stopped_on = $6, "
    "sort_deadline = " WB_SORT_DEADLINE_SQL ("$5", "$2") ", "
    "deadline_extended = $7, supplement_count = $8, delivery_method = $9, delivery_address = $10, "
    "tracking_no = $11, pickup_slot = $12, result = $13, refusal_basis = $14, refusal_reason = $15, "
    "fees_collected = $16, updated_at = $17, version = version + 1, "
    "clock_stopped_days = $19, extension_days = $20, "
    "courier = $21, printed_at = $22, pickup_slot_id = $23, collector = $24, agent_name = $25, "
    "agent_id_number = $26, handed_over_at = $27 "
    "WHERE id = $1 AND version = $18", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, c->id);
  wb_db_bind_text (s, 2, wb_case_state_to_string (c->state));
  wb_db_bind_text (s, 3, wb_delivery_stage_to_string (c->stage));
  if (c->assignee_id > 0)
    wb_db_bind_int (s, 4, c->assignee_id);
  else
    wb_db_bind_null (s, 4);
  wb_db_bind_text (s, 5, c->deadline);
  wb_db_bind_text (s, 6, c->clock_stopped_on);
  wb_db_bind_int (s, 7, c->deadline_extended);
  wb_db_bind_int (s, 8, c->supplement_count);
  wb_db_bind_text (s, 9, c->delivery_method);
  wb_db_bind_text (s, 10, c->delivery_address);
  wb_db_bind_text (s, 11, c->tracking_no);
  wb_db_bind_text (s, 12, c->pickup_slot);
  wb_db_bind_text (s, 13, c->result);
  wb_db_bind_text (s, 14, c->refusal_basis);
  wb_db_bind_text (s, 15, c->refusal_reason);
  if (c->fees_collected >= 0)
    wb_db_bind_int (s, 16, c->fees_collected);
  else
    wb_db_bind_null (s, 16);
  wb_db_bind_text (s, 17, c->updated_at);
  wb_db_bind_int (s, 18, c->version);
  wb_db_bind_int (s, 19, c->clock_stopped_days);
  wb_db_bind_int (s, 20, c->extension_days);
  wb_db_bind_text (s, 21, c->courier);
  wb_db_bind_text (s, 22, c->printed_at);
  if (c->pickup_slot_id > 0)
    wb_db_bind_int (s, 23, c->pickup_slot_id);
  else
    wb_db_bind_null (s, 23);
  wb_db_bind_text (s, 24, c->collector);
  wb_db_bind_text (s, 25, c->agent_name);
  wb_db_bind_text (s, 26, c->agent_id_number);
  wb_db_bind_text (s, 27, c->handed_over_at);
  if (!wb_store_run (s, error))
    return FALSE;
  if (wb_db_changes (conn) != 1)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_PRECONDITION_FAILED,
                           "The case was changed by someone else; reload it");
      return FALSE;
    }
  c->version++;
  return TRUE;
}

char *
wb_case_sort_deadline (const WbCase *c)
{
  if (c->deadline == NULL)
    return NULL;
  return c->state == WB_STATE_SUPPLEMENT ? g_strconcat ("~", c->deadline, NULL) : g_strdup (c->deadline);
}

static const char *
sort_column (WbCaseSort sort)
{
  switch (sort)
    {
    case WB_SORT_SUBMITTED: return "c.submitted_at";
    case WB_SORT_CASE_NO:   return "c.case_no";
    case WB_SORT_UPDATED:   return "c.updated_at";
    case WB_SORT_DEADLINE:
    default:                return "c.sort_deadline";
    }
}

/* The WHERE clause both the list and the count use; its values go into
 * @params (texts borrowed from q). */
static void
append_where (const WbCaseQuery *q,
              GString           *sql,
              WbSqlParams       *params,
              gboolean           with_cursor)
{
  const char *col = sort_column (q->sort);
  const char *cmp = q->descending ? "<" : ">";

#define PARAM(v) wb_sql_param_text (params, (v))

  if (q->units != NULL)
    wb_sql_params_in (params, sql, "c.unit_code", q->units);
  if (q->states != NULL && q->states->len > 0)
    wb_sql_params_in (params, sql, "c.state", q->states);
  if (q->running_only)
    g_string_append (sql, " AND c.state IN ('submitted', 'unit_review', 'accepted')");
  /* The case JSON's "repeat_supplement" flag (wb-case-json.c). */
  if (q->repeat_supplement)
    g_string_append (sql, " AND c.supplement_count > 1");
  if (q->item_code != NULL)
    g_string_append_printf (sql, " AND c.item_code = $%u", PARAM (q->item_code));
  if (q->assignee == WB_ASSIGNEE_FILTER_NONE)
    g_string_append (sql, " AND c.assignee_id IS NULL");
  else if (q->assignee == WB_ASSIGNEE_FILTER_USER)
    g_string_append_printf (sql, " AND c.assignee_id = $%u", wb_sql_param_int (params, q->assignee_id));
  /* Running clocks only (running_only): their sort key is the deadline,
   * and the list's index is on the sort key. */
  if (q->deadline_before != NULL)
    g_string_append_printf (sql, " AND c.sort_deadline < $%u", PARAM (q->deadline_before));
  if (q->deadline_upto != NULL)
    g_string_append_printf (sql, " AND c.sort_deadline <= $%u", PARAM (q->deadline_upto));
  if (q->text != NULL)
    {
      guint n = PARAM (q->text);
      g_string_append_printf (sql, " AND (substr(c.case_no, 1, length($%u)) = $%u OR c.applicant_name = $%u)",
                              n, n, n);
    }
  if (with_cursor && q->after_value != NULL)
    {
      guint v = PARAM (q->after_value);
      guint id = wb_sql_param_int (params, q->after_id);

      g_string_append_printf (sql, " AND (%s %s $%u OR (%s = $%u AND c.id %s $%u))",
                              col, cmp, v, col, v, cmp, id);
    }

#undef PARAM
}

gboolean
wb_store_cases_list (WbDbConn           *conn,
                     const WbCaseQuery  *q,
                     GPtrArray         **out_cases,
                     GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(WbSqlParams) params = wb_sql_params_new ();
  g_autoptr(WbDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) wb_case_free);
  const char *dir = q->descending ? "DESC" : "ASC";
  const char *col = sort_column (q->sort);
  GError *local_error = NULL;

  if (q->offset == 0)
    {
      g_string_append (sql, "SELECT " CASE_COLUMNS CASE_FROM "WHERE 1 = 1");
      append_where (q, sql, params, TRUE);
      g_string_append_printf (sql, " ORDER BY %s %s, c.id %s LIMIT $%u", col, dir, dir,
                              wb_sql_param_int (params, q->limit));
    }
  else
    {
      guint limit, offset;

      /* The rows skipped are only stepped over in the index: the joins and
       * the row reads happen for the page alone. With the joins inside,
       * a jump to row 80,000 of one unit took 180 ms instead of 10. */
      g_string_append (sql, "SELECT " CASE_COLUMNS "FROM (SELECT c.id AS page_id FROM cases c WHERE 1 = 1");
      append_where (q, sql, params, TRUE);
      limit = wb_sql_param_int (params, q->limit);
      offset = wb_sql_param_int (params, q->offset);
      g_string_append_printf (sql, " ORDER BY %s %s, c.id %s LIMIT $%u OFFSET $%u) page "
                              "JOIN cases c ON c.id = page.page_id "
                              "JOIN items i ON i.code = c.item_code AND i.version = c.item_version "
                              "LEFT JOIN users a ON a.id = c.assignee_id "
                              "ORDER BY %s %s, c.id %s",
                              col, dir, dir, limit, offset, col, dir, dir);
    }

  if (!(stmt = wb_db_prepare (conn, sql->str, error)))
    return FALSE;
  wb_sql_params_bind (params, stmt);

  while (wb_db_step (stmt, &local_error))
    g_ptr_array_add (cases, case_from_row (stmt));
  if (!wb_store_finish (local_error, error))
    return FALSE;

  *out_cases = g_steal_pointer (&cases);
  return TRUE;
}

gboolean
wb_store_cases_count (WbDbConn           *conn,
                      const WbCaseQuery  *q,
                      gint64             *out,
                      GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT COUNT(*) FROM cases c WHERE 1 = 1");
  g_autoptr(WbSqlParams) params = wb_sql_params_new ();
  g_autoptr(WbDbStmt) stmt = NULL;
  GError *local_error = NULL;

  append_where (q, sql, params, FALSE);
  if (!(stmt = wb_db_prepare (conn, sql->str, error)))
    return FALSE;
  wb_sql_params_bind (params, stmt);
  *out = 0;
  if (wb_db_step (stmt, &local_error))
    *out = wb_db_col_int (stmt, 0);
  return wb_store_finish (local_error, error);
}

/* Saved filters: a name and the query string the inbox sent. */
JsonNode *
wb_store_filters_json (WbDbConn  *conn,
                       gint64     user_id,
                       GError   **error)
{
  static const char * const names[] = { "id", "name", "query", "created_at", NULL };
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT id, name, query, created_at FROM saved_filters WHERE user_id = $1 ORDER BY name", error);

  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, user_id);
  return wb_store_rows_json (s, names, "isss", error);
}

gboolean
wb_store_filter_add (WbDbConn    *conn,
                     gint64       user_id,
                     const char  *name,
                     const char  *query,
                     const char  *now,
                     gint64      *out_id,
                     GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO saved_filters (user_id, name, query, created_at) VALUES ($1, $2, $3, $4)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, user_id);
  wb_db_bind_text (s, 2, name);
  wb_db_bind_text (s, 3, query);
  wb_db_bind_text (s, 4, now);
  if (!wb_store_run (s, error))
    return FALSE;
  *out_id = wb_db_last_insert_id (conn);
  return TRUE;
}

gboolean
wb_store_filter_delete (WbDbConn  *conn,
                        gint64     user_id,
                        gint64     id,
                        gboolean  *deleted,
                        GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "DELETE FROM saved_filters WHERE id = $1 AND user_id = $2", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, id);
  wb_db_bind_int (s, 2, user_id);
  if (!wb_store_run (s, error))
    return FALSE;
  *deleted = wb_db_changes (conn) > 0;
  return TRUE;
}

gboolean
wb_store_next_case_no (WbDbConn    *conn,
                       const char  *unit_code,
                       const char  *today,
                       char       **out,
                       GError     **error)
{
  g_autoptr(WbDbStmt) stmt = NULL;
  g_autofree char *prefix = NULL;
  GError *local_error = NULL;
  guint64 seq = 0;
  char digits[9] = { 0 };

  /* 210102-20261127-00042: unit, local date, daily sequence. */
  for (guint i = 0, j = 0; today[i] && j < 8; i++)
    if (g_ascii_isdigit (today[i]))
      digits[j++] = today[i];
  prefix = g_strdup_printf ("%s-%s-", unit_code, digits);

  if (!(stmt = wb_db_prepare (conn,
                              "SELECT MAX(case_no) FROM cases WHERE case_no >= $1 AND case_no < $1 || '~'",
                              error)))
    return FALSE;
  wb_db_bind_text (stmt, 1, prefix);
  if (wb_db_step (stmt, &local_error) && !wb_db_col_is_null (stmt, 0))
    {
      const char *last = wb_db_col_text (stmt, 0);
      seq = g_ascii_strtoull (last + strlen (prefix), NULL, 10);
    }
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out = g_strdup_printf ("%s%05" G_GUINT64_FORMAT, prefix, seq + 1);
  return TRUE;
}

gboolean
wb_store_history_add (WbDbConn    *conn,
                      gint64       case_id,
                      const char  *at,
                      const char  *actor,
                      const char  *action,
                      const char  *from_state,
                      const char  *to_state,
                      JsonObject  *detail,
                      GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO case_history (case_id, at, actor, action, from_state, to_state, detail) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);
  g_autofree char *detail_text = NULL;

  if (s == NULL)
    return FALSE;
  if (detail != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), detail);
      detail_text = json_to_string (node, FALSE);
    }
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_text (s, 2, at);
  wb_db_bind_text (s, 3, actor);
  wb_db_bind_text (s, 4, action);
  wb_db_bind_text (s, 5, from_state);
  wb_db_bind_text (s, 6, to_state);
  wb_db_bind_text (s, 7, detail_text ? detail_text : "{}");
  return wb_store_run (s, error);
}

JsonNode *
wb_store_history_json (WbDbConn  *conn,
                       gint64     case_id,
                       GError   **error)
{
  static const char * const names[] = { "id", "at", "actor", "actor_name", "action", "from_state", "to_state",
                                         "detail", NULL };
  /* The desk names who acted as colleagues know them, not by login. */
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT h.id, h.at, h.actor, u.display_name, h.action, h.from_state, h.to_state, h.detail "
    "FROM case_history h LEFT JOIN users u ON u.username = h.actor "
    "WHERE h.case_id = $1 ORDER BY h.id", error);

  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, case_id);
  return wb_store_rows_json (s, names, "issssssj", error);
}

gboolean
wb_store_event_add (WbDbConn    *conn,
                    const char  *at,
                    const char  *kind,
                    gint64       case_id,
                    const char  *unit_code,
                    GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO events (at, kind, case_id, unit_code) VALUES ($1, $2, $3, $4)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, at);
  wb_db_bind_text (s, 2, kind);
  wb_db_bind_int (s, 3, case_id);
  wb_db_bind_text (s, 4, unit_code);
  return wb_store_run (s, error);
}

JsonNode *
wb_store_events_json (WbDbConn   *conn,
                      gint64      since,
                      GPtrArray  *units,
                      guint       limit,
                      gint64     *out_last,
                      GError    **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT seq, at, kind, case_id, unit_code FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
    error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GError *local_error = NULL;

  *out_last = since;
  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, since);
  wb_db_bind_int (s, 2, limit);

  json_builder_begin_array (b);
  while (wb_db_step (s, &local_error))
    {
      const char *unit = wb_db_col_text (s, 4);

      *out_last = wb_db_col_int (s, 0);
      /* Events outside the caller's scope advance the cursor but are not
       * shown: the desk needs to move past them, not to see them. */
      if (units != NULL && !g_ptr_array_find_with_equal_func (units, unit, g_str_equal, NULL))
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, wb_db_col_int (s, 0));
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, wb_db_col_text (s, 1));
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, wb_db_col_text (s, 2));
      json_builder_set_member_name (b, "case_id");
      json_builder_add_int_value (b, wb_db_col_int (s, 3));
      json_builder_set_member_name (b, "unit_code");
      json_builder_add_string_value (b, unit);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (!wb_store_finish (local_error, error))
    return NULL;
  return json_builder_get_root (b);
}

gboolean
wb_store_events_latest (WbDbConn  *conn,
                        gint64    *out,
                        GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn, "SELECT MAX(seq) FROM events", error);
  GError *local_error = NULL;

  *out = 0;
  if (s == NULL)
    return FALSE;
  if (wb_db_step (s, &local_error) && !wb_db_col_is_null (s, 0))
    *out = wb_db_col_int (s, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_material_add (WbDbConn    *conn,
                       gint64       case_id,
                       const char  *name,
                       const char  *sha256,
                       gint64       size,
                       const char  *now,
                       const char  *by,
                       gint64      *out_id,
                       GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO materials (case_id, name, sha256, size, content_type, uploaded_at, uploaded_by) "
    "VALUES ($1, $2, $3, $4, 'application/pdf', $5, $6)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_text (s, 2, name);
  wb_db_bind_text (s, 3, sha256);
  wb_db_bind_int (s, 4, size);
  wb_db_bind_text (s, 5, now);
  wb_db_bind_text (s, 6, by);
  if (!wb_store_run (s, error))
    return FALSE;
  if (out_id)
    *out_id = wb_db_last_insert_id (conn);
  return TRUE;
}

/* A material with its review nested, so a client reads the verdict
 * beside the file it judges. material_id 0 lists the whole case. */
JsonNode *
wb_store_materials_json (WbDbConn  *conn,
                         gint64     case_id,
                         gint64     material_id,
                         GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT m.id, m.name, m.sha256, m.size, m.content_type, m.uploaded_at, m.uploaded_by, m.rotation, "
    "r.verdict, r.reason, r.reviewer, r.reviewed_at "
    "FROM materials m LEFT JOIN material_reviews r ON r.material_id = m.id "
    "WHERE m.case_id = $1 AND ($2 = 0 OR m.id = $2) ORDER BY m.id", error);
  g_autoptr(JsonBuilder) b = NULL;
  GError *local_error = NULL;

  if (s == NULL)
    return NULL;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_int (s, 2, material_id);

  b = json_builder_new ();
  json_builder_begin_array (b);
  while (wb_db_step (s, &local_error))
    {
      json_builder_begin_object (b);
      wb_json_add_int (b, "id", wb_db_col_int (s, 0));
      wb_json_add_string (b, "name", wb_db_col_text (s, 1));
      wb_json_add_string (b, "sha256", wb_db_col_text (s, 2));
      wb_json_add_int (b, "size", wb_db_col_int (s, 3));
      wb_json_add_string (b, "content_type", wb_db_col_text (s, 4));
      wb_json_add_string (b, "uploaded_at", wb_db_col_text (s, 5));
      wb_json_add_string (b, "uploaded_by", wb_db_col_text (s, 6));
      wb_json_add_int (b, "rotation", wb_db_col_int (s, 7));
      json_builder_set_member_name (b, "review");
      if (wb_db_col_is_null (s, 8))
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          wb_json_add_string (b, "verdict", wb_db_col_text (s, 8));
          json_builder_set_member_name (b, "reason");
          if (wb_db_col_is_null (s, 9))
            json_builder_add_null_value (b);
          else
            json_builder_add_string_value (b, wb_db_col_text (s, 9));
          wb_json_add_string (b, "reviewer", wb_db_col_text (s, 10));
          wb_json_add_string (b, "reviewed_at", wb_db_col_text (s, 11));
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (!wb_store_finish (local_error, error))
    return NULL;
  return json_builder_get_root (b);
}

gboolean
wb_store_material_set_rotation (WbDbConn  *conn,
                                gint64     material_id,
                                gint64     degrees,
                                GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn, "UPDATE materials SET rotation = $1 WHERE id = $2", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, degrees);
  wb_db_bind_int (s, 2, material_id);
  return wb_store_run (s, error);
}

/* One row per material: a new verdict replaces the old one, whose trace
 * stays in the audit trail. */
gboolean
wb_store_material_review (WbDbConn    *conn,
                          gint64       material_id,
                          const char  *verdict,
                          const char  *reason,
                          const char  *reviewer,
                          const char  *now,
                          GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO material_reviews (material_id, verdict, reason, reviewer, reviewed_at) "
    "VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (material_id) DO UPDATE SET verdict = excluded.verdict, reason = excluded.reason, "
    "reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, material_id);
  wb_db_bind_text (s, 2, verdict);
  if (reason != NULL)
    wb_db_bind_text (s, 3, reason);
  else
    wb_db_bind_null (s, 3);
  wb_db_bind_text (s, 4, reviewer);
  wb_db_bind_text (s, 5, now);
  return wb_store_run (s, error);
}

gboolean
wb_store_material_get (WbDbConn    *conn,
                       gint64       case_id,
                       gint64       material_id,
                       char       **sha256,
                       char       **name,
                       gint64      *size,
                       GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT sha256, name, size FROM materials WHERE case_id = $1 AND id = $2", error);
  GError *local_error = NULL;

  *sha256 = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_int (s, 2, material_id);
  if (wb_db_step (s, &local_error))
    {
      *sha256 = wb_store_dup_col (s, 0);
      *name = wb_store_dup_col (s, 1);
      *size = wb_db_col_int (s, 2);
    }
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_idem_get (WbDbConn    *conn,
                   const char  *user_key,
                   const char  *key,
                   char       **request_hash,
                   guint       *status,
                   char       **body,
                   char       **etag,
                   GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT request_hash, status, body, etag FROM idempotency WHERE user_key = $1 AND key = $2",
    error);
  GError *local_error = NULL;

  *request_hash = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, user_key);
  wb_db_bind_text (s, 2, key);
  if (wb_db_step (s, &local_error))
    {
      *request_hash = wb_store_dup_col (s, 0);
      *status = wb_db_col_int (s, 1);
      *body = wb_store_dup_col (s, 2);
      *etag = wb_store_dup_col (s, 3);
    }
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_idem_put (WbDbConn    *conn,
                   const char  *user_key,
                   const char  *key,
                   const char  *request_hash,
                   guint        status,
                   const char  *body,
                   const char  *etag,
                   const char  *now,
                   GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO idempotency (user_key, key, request_hash, status, body, etag, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, user_key);
  wb_db_bind_text (s, 2, key);
  wb_db_bind_text (s, 3, request_hash);
  wb_db_bind_int (s, 4, status);
  wb_db_bind_text (s, 5, body);
  wb_db_bind_text (s, 6, etag);
  wb_db_bind_text (s, 7, now);
  return wb_store_run (s, error);
}

/* What the reviewer found wrong with the case's material of this name,
 * for the supplement notice. With several files of one name (a rescan
 * sent beside the first), the latest deficient verdict speaks. */
gboolean
wb_store_material_deficiency (WbDbConn    *conn,
                              gint64       case_id,
                              const char  *name,
                              char       **reason,
                              GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT r.reason FROM materials m JOIN material_reviews r ON r.material_id = m.id "
    "WHERE m.case_id = $1 AND m.name = $2 AND r.verdict = 'deficient' "
    "ORDER BY r.reviewed_at DESC, m.id DESC LIMIT 1", error);
  GError *local_error = NULL;

  *reason = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  wb_db_bind_text (s, 2, name);
  if (wb_db_step (s, &local_error))
    *reason = wb_store_dup_col (s, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_cases_uncollected (WbDbConn    *conn,
                            GPtrArray   *units,
                            guint        limit,
                            GPtrArray  **out_cases,
                            GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " CASE_COLUMNS CASE_FROM
                                         "WHERE c.printed_at IS NOT NULL AND c.handed_over_at IS NULL "
                                         "AND c.state = 'delivering'");
  g_autoptr(WbSqlParams) params = wb_sql_params_new ();
  g_autoptr(WbDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) wb_case_free);
  GError *local_error = NULL;

  if (units != NULL)
    wb_sql_params_in (params, sql, "c.unit_code", units);
  g_string_append_printf (sql, " ORDER BY c.printed_at, c.id LIMIT %u", limit);

  if (!(stmt = wb_db_prepare (conn, sql->str, error)))
    return FALSE;
  wb_sql_params_bind (params, stmt);
  while (wb_db_step (stmt, &local_error))
    g_ptr_array_add (cases, case_from_row (stmt));
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out_cases = g_steal_pointer (&cases);
  return TRUE;
}
