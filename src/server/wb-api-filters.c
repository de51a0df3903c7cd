/* wb-api-filters.c: inbox filters saved on the server for each user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-case-filter.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-scope.h"

#define MAX_NAME_CHARS 40
#define MAX_QUERY_BYTES 1000

/* How many cases the saved query finds for this user now; -1 when the
 * query no longer reads (say, an assignee who has left). */
static gint64
count_for (WbRequest  *req,
           const char *query)
{
  g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  g_auto(WbCaseFilter) f = { 0 };
  gint64 count = -1;

  if (params == NULL || !wb_case_filter_parse (&f, req, params, NULL))
    return -1;
  if (!wb_store_cases_count (req->conn, &f.q, &count, NULL))
    return -1;
  return count;
}

static void
add_filter (WbJsonWriter *w,
            WbRequest    *req,
            gint64        id,
            const char   *name,
            const char   *query,
            const char   *created_at)
{
  gint64 count = count_for (req, query);

  wb_jw_begin_object (w);
  wb_jw_int_member (w, "id", id);
  wb_jw_string_member (w, "name", name);
  wb_jw_string_member (w, "query", query);
  wb_jw_string_member (w, "created_at", created_at);
  wb_jw_member (w, "count");
  if (count >= 0)
    wb_jw_int (w, count);
  else
    wb_jw_null (w);
  wb_jw_end_object (w);
}

static void
respond_writer (WbResponse   *res,
                guint         status,
                WbJsonWriter *w)
{
  g_autoptr(GBytes) bytes = wb_json_writer_free_to_bytes (w);

  wb_response_bytes (res, status, "application/json; charset=utf-8", bytes);
}

gboolean
wb_api_filters_list (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *array;
  WbJsonWriter *w;

  if (!wb_scope_case_units (req, &units, error))
    return FALSE;
  if (!(rows = wb_store_filters_json (req->conn, req->user->id, error)))
    return FALSE;

  array = json_node_get_array (rows);
  w = wb_json_writer_new ();
  wb_jw_begin_object (w);
  wb_jw_member (w, "items");
  wb_jw_begin_array (w);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      add_filter (w, req, json_object_get_int_member (row, "id"), wb_json_string (row, "name"),
                  wb_json_string (row, "query"), wb_json_string (row, "created_at"));
    }
  wb_jw_end_array (w);
  wb_jw_end_object (w);
  respond_writer (res, 200, w);
  return TRUE;
}

gboolean
wb_api_filters_create (WbRequest   *req,
                       WbResponse  *res,
                       GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_auto(WbCaseFilter) f = { 0 };
  g_autofree char *now = NULL;
  const char *name, *query;
  gint64 id = 0;
  WbJsonWriter *w;

  if (!wb_scope_case_units (req, &units, error))
    return FALSE;
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;

  name = wb_json_string (body, "name");
  query = wb_json_string (body, "query");
  if (wb_text_is_blank (name) || g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "Give the filter a name of at most %d characters", MAX_NAME_CHARS);
      return FALSE;
    }
  if (query == NULL || strlen (query) > MAX_QUERY_BYTES ||
      (params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "query must be the inbox's query string, e.g. state=accepted&assignee=me");
      return FALSE;
    }
  /* Stored only if the inbox would accept it now. */
  if (!wb_case_filter_parse (&f, req, params, error))
    return FALSE;

  now = wb_request_now_iso (req);
  if (!wb_store_filter_add (req->conn, req->user->id, name, query, now, &id, error))
    {
      if (g_error_matches (*error, WB_ERROR, WB_ERROR_CONFLICT))
        {
          g_clear_error (error);
          g_set_error_literal (error, WB_ERROR, WB_ERROR_CONFLICT,
                               "You already have a filter with that name");
        }
      return FALSE;
    }
  wb_audit_request (req, "save_filter", name, "ok", NULL);

  w = wb_json_writer_new ();
  add_filter (w, req, id, name, query, now);
  respond_writer (res, 201, w);
  return TRUE;
}

gboolean
wb_api_filters_delete (WbRequest   *req,
                       WbResponse  *res,
                       GError     **error)
{
  gboolean deleted = FALSE;
  gint64 id;

  if (!wb_request_param_id (req, "id", &id, error))
    return FALSE;
  if (!wb_store_filter_delete (req->conn, req->user->id, id, &deleted, error))
    return FALSE;
  /* Another user's filter is as absent as a missing one. */
  if (!deleted)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such filter");
      return FALSE;
    }
  wb_audit_request (req, "delete_filter", wb_request_param (req, "id"), "ok", NULL);
  wb_response_bytes (res, 204, NULL, NULL);
  return TRUE;
}
