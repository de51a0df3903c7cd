/* wb-api-cases.c: the inbox query, one case, its history, callbacks and
 * the audited reveal of personal data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-case-filter.h"
#include "wb-case-json.h"
#include "wb-cursor.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-scope.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200
#define MAX_OFFSET 10000000

/* The row's value of the sort key, for the next page's cursor. */
static char *
sort_value (const WbCase *c,
            WbCaseSort    sort)
{
  switch (sort)
    {
    case WB_SORT_SUBMITTED: return g_strdup (c->submitted_at);
    case WB_SORT_CASE_NO:   return g_strdup (c->case_no);
    case WB_SORT_UPDATED:   return g_strdup (c->updated_at);
    case WB_SORT_DEADLINE:
    default:                return wb_case_sort_deadline (c);
    }
}

static gboolean
bad_query (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, message);
  return FALSE;
}

gboolean
wb_api_cases_list (WbRequest   *req,
                   WbResponse  *res,
                   GError     **error)
{
  g_auto(WbCaseFilter) f = { 0 };
  WbCaseQuery *q = &f.q;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(WbJsonWriter) w = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *after = NULL;
  const char *text;
  guint64 limit = DEFAULT_PAGE;
  gboolean with_total = FALSE;
  gint64 total = 0;

  if (!wb_case_filter_parse (&f, req, req->query, error))
    return FALSE;

  if ((text = wb_request_query (req, "limit")) != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, MAX_PAGE, &limit, NULL))
    return bad_query (error, "limit takes a number from 1 to 200");
  /* One row more than asked tells whether another page follows. */
  q->limit = limit + 1;

  if ((text = wb_request_query (req, "cursor")) != NULL)
    {
      if (!wb_cursor_decode (text, &after, &q->after_id))
        return bad_query (error, "The cursor is not one this server issued");
      q->after_value = after;
    }

  /* A jump to row N of a long list (the scrollbar dragged half-way down a
   * million cases) cannot walk the cursor chain; the offset costs the
   * database a skip over the index instead. */
  if ((text = wb_request_query (req, "offset")) != NULL)
    {
      guint64 offset = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_OFFSET, &offset, NULL))
        return bad_query (error, "offset takes a number from 0 to 10000000");
      if (q->after_value != NULL)
        return bad_query (error, "Send either cursor or offset, not both");
      q->offset = offset;
    }

  if ((text = wb_request_query (req, "count")) != NULL)
    {
      if (g_str_equal (text, "true"))
        with_total = TRUE;
      else if (!g_str_equal (text, "false"))
        return bad_query (error, "count takes true or false");
    }

  if (!wb_store_cases_list (req->conn, q, &cases, error))
    return FALSE;
  if (with_total && !wb_store_cases_count (req->conn, q, &total, error))
    return FALSE;

  w = wb_json_writer_new ();
  wb_jw_begin_object (w);
  if (with_total)
    wb_jw_int_member (w, "total", total);
  wb_jw_member (w, "items");
  wb_jw_begin_array (w);
  for (guint i = 0; i < cases->len && i < limit; i++)
    wb_case_json_add (w, req, cases->pdata[i], FALSE);
  wb_jw_end_array (w);
  if (cases->len > limit)
    {
      const WbCase *last = cases->pdata[limit - 1];
      g_autofree char *value = sort_value (last, q->sort);
      g_autofree char *cursor = wb_cursor_encode (value, last->id);
      wb_jw_string_member (w, "next_cursor", cursor);
    }
  else
    wb_jw_string_member (w, "next_cursor", NULL);
  wb_jw_end_object (w);

  bytes = wb_json_writer_free_to_bytes (g_steal_pointer (&w));
  wb_response_bytes (res, 200, "application/json; charset=utf-8", bytes);
  return TRUE;
}

gboolean
wb_api_cases_get (WbRequest   *req,
                  WbResponse  *res,
                  GError     **error)
{
  g_autoptr(WbCase) c = NULL;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  /* Even masked, a case names a person: who opened it is recorded. */
  if (!wb_audit_request_checked (req, "view_case", c->case_no, "ok", NULL, error))
    return FALSE;
  wb_case_respond (req, res, c, 200);
  return TRUE;
}

static gboolean
respond_items (WbResponse  *res,
               JsonNode    *items,
               GError     **error)
{
  if (items == NULL)
    return FALSE;
  wb_response_items (res, items);
  return TRUE;
}

gboolean
wb_api_cases_history (WbRequest   *req,
                      WbResponse  *res,
                      GError     **error)
{
  g_autoptr(WbCase) c = NULL;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  return respond_items (res, wb_store_history_json (req->conn, c->id, error), error);
}

gboolean
wb_api_cases_callbacks (WbRequest   *req,
                        WbResponse  *res,
                        GError     **error)
{
  g_autoptr(WbCase) c = NULL;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  return respond_items (res, wb_store_callbacks_json (req->conn, c->id, error), error);
}

gboolean
wb_api_cases_reveal (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *reason;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;

  /* Only the people who must speak to the applicant see clear values;
   * supervisors work on masked data (6.1 安全责任). */
  if (!(req->user->roles & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)) ||
      g_strcmp0 (req->user->unit_code, c->unit_code) != 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "Only a handler or complaint handler of the case's unit may reveal personal data");
      return FALSE;
    }

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  reason = wb_json_string (body, "reason");
  if (wb_text_is_blank (reason) || g_utf8_strlen (reason, -1) > 500)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Say why the personal data is needed (field “reason”)");
      return FALSE;
    }

  /* Unrecorded, nothing is revealed. */
  if (!wb_audit_request_checked (req, "reveal", c->case_no, "ok", reason, error))
    return FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_string (b, "name", c->applicant_name);
  wb_json_add_string (b, "id_number", c->applicant_id_number);
  wb_json_add_string (b, "phone", c->applicant_phone);
  wb_json_add_string (b, "address", c->applicant_address);
  wb_json_add_string (b, "delivery_address", c->delivery_address);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}
