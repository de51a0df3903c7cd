/* wb-api-callbacks.c: the callback agenda, one task, and dialling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-api-callbacks-private.h"
#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-clock.h"
#include "wb-cursor.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-mask.h"
#include "wb-scope.h"
#include "wb-units.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200

gboolean
wb_api_callbacks_fail (GError     **error,
                       WbErrorCode  code,
                       const char  *message)
{
  g_set_error_literal (error, WB_ERROR, code, message);
  return FALSE;
}

/* An instant with its zone, as UTC text that sorts with the stored ones. */
char *
wb_api_callbacks_parse_instant (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (text == NULL || strlen (text) > 64 || !(dt = g_date_time_new_from_iso8601 (text, NULL)))
    return NULL;
  utc = g_date_time_to_utc (dt);
  return wb_time_to_iso (utc);
}

static void
add_masked (JsonBuilder *b,
            const char  *name,
            char *(*mask) (const char *),
            const char  *value)
{
  g_autofree char *masked = value ? mask (value) : NULL;

  wb_json_add_string (b, name, masked);
}

static void
add_callback (JsonBuilder *b,
              WbRequest   *req,
              WbCallback  *cb)
{
  const WbUnit *unit = wb_units_get (req->server->units, cb->unit_code);

  wb_json_add_int (b, "id", cb->id);
  wb_json_add_int (b, "case_id", cb->case_id);
  wb_json_add_string (b, "case_no", cb->case_no);
  wb_json_add_string (b, "item_name", cb->item_name);
  wb_json_add_string (b, "unit_code", cb->unit_code);
  wb_json_add_string (b, "unit_name", unit ? unit->name : NULL);
  wb_json_add_string (b, "purpose", cb->purpose);
  wb_json_add_string (b, "due_at", cb->due_at);
  wb_json_add_string (b, "status", cb->status);
  wb_json_add_int (b, "attempts", cb->attempts);
  wb_json_add_string (b, "last_outcome", cb->last_outcome);
  wb_json_add_string (b, "last_attempt_at", cb->last_attempt_at);
  wb_json_add_string (b, "give_up_at", cb->give_up_at);
  wb_json_add_string (b, "created_at", cb->created_at);
  wb_json_add_string (b, "closed_at", cb->closed_at);
  json_builder_set_member_name (b, "assignee");
  if (cb->assignee_id > 0)
    {
      json_builder_begin_object (b);
      wb_json_add_int (b, "id", cb->assignee_id);
      wb_json_add_string (b, "username", cb->assignee_username);
      wb_json_add_string (b, "display_name", cb->assignee_name);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "applicant");
  json_builder_begin_object (b);
  add_masked (b, "name", wb_mask_name, cb->applicant_name);
  add_masked (b, "phone", wb_mask_phone, cb->applicant_phone);
  json_builder_end_object (b);
}

gboolean
wb_api_callbacks_respond (WbRequest   *req,
                          WbResponse  *res,
                          gint64       id,
                          GError     **error)
{
  g_autoptr(WbCallback) cb = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  JsonNode *log;

  if (!wb_store_callback_get (req->conn, id, &cb, error))
    return FALSE;
  if (!(log = wb_store_callback_attempts_json (req->conn, id, error)))
    return FALSE;
  json_builder_begin_object (b);
  add_callback (b, req, cb);
  json_builder_set_member_name (b, "attempt_log");
  json_builder_add_value (b, log);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}

/* Loads the {id} callback if the caller may read its unit's cases. */
gboolean
wb_api_callbacks_load (WbRequest   *req,
                       WbCallback **out,
                       GError     **error)
{
  g_autoptr(WbCallback) cb = NULL;
  gint64 id;

  if (!wb_request_param_id (req, "id", &id, error) ||
      !wb_store_callback_get (req->conn, id, &cb, error))
    return FALSE;
  if (cb == NULL)
    return wb_api_callbacks_fail (error, WB_ERROR_NOT_FOUND, "No such callback");
  if (!wb_scope_can_read_case (req, cb->unit_code))
    return wb_api_callbacks_fail (error, WB_ERROR_FORBIDDEN, "This callback is outside your unit's scope");
  *out = g_steal_pointer (&cb);
  return TRUE;
}

/* Only the people who call: a handler or complaint handler of the unit. */
gboolean
wb_api_callbacks_require_caller (WbRequest   *req,
                                 WbCallback  *cb,
                                 GError     **error)
{
  if (!(req->user->roles & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)) ||
      g_strcmp0 (req->user->unit_code, cb->unit_code) != 0)
    return wb_api_callbacks_fail (error, WB_ERROR_FORBIDDEN,
                                  "Only a handler or complaint handler of the callback's unit may call the applicant");
  return TRUE;
}

gboolean
wb_api_callbacks_list (WbRequest   *req,
                       WbResponse  *res,
                       GError     **error)
{
  WbCallbackQuery q = { 0 };
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) one_unit = NULL;
  g_autoptr(GPtrArray) purposes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_auto(GStrv) purpose_names = NULL;
  g_autofree char *due_before = NULL;
  g_autofree char *due_after = NULL;
  g_autofree char *after = NULL;
  const char *text;
  guint64 limit = DEFAULT_PAGE;

  if (!wb_scope_case_units (req, &units, error))
    return FALSE;
  q.units = units;

  if ((text = wb_request_query (req, "unit")) != NULL)
    {
      if (wb_units_get (req->server->units, text) == NULL)
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "Unknown unit");
      if (!wb_scope_can_read_case (req, text))
        return wb_api_callbacks_fail (error, WB_ERROR_FORBIDDEN, "That unit is outside your scope");
      one_unit = g_ptr_array_new ();
      g_ptr_array_add (one_unit, (gpointer) text);
      q.units = one_unit;
    }
  if ((text = wb_request_query (req, "purpose")) != NULL && *text)
    {
      purpose_names = g_strsplit (text, ",", 8);
      purposes = g_ptr_array_new ();
      for (guint i = 0; purpose_names[i]; i++)
        {
          if (!wb_callback_purpose_known (purpose_names[i]))
            return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "Unknown purpose in the purpose filter");
          g_ptr_array_add (purposes, purpose_names[i]);
        }
      q.purposes = purposes;
    }
  if ((text = wb_request_query (req, "status")) != NULL && *text)
    {
      static const char * const statuses[] = { "open", "done", "unreachable", "cancelled", NULL };

      if (!g_strv_contains (statuses, text))
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "status takes open, done, unreachable or cancelled");
      q.status = text;
    }
  text = wb_request_query (req, "assignee");
  if (text == NULL || g_str_equal (text, "any"))
    q.assignee = WB_ASSIGNEE_FILTER_ANY;
  else if (g_str_equal (text, "none"))
    q.assignee = WB_ASSIGNEE_FILTER_NONE;
  else if (g_str_equal (text, "me"))
    {
      q.assignee = WB_ASSIGNEE_FILTER_USER;
      q.assignee_id = req->user->id;
    }
  else
    return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "assignee takes me, none or any");
  if ((text = wb_request_query (req, "due_before")) != NULL &&
      !(q.due_before = due_before = wb_api_callbacks_parse_instant (text)))
    return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "due_before takes an ISO 8601 time with its zone");
  if ((text = wb_request_query (req, "due_after")) != NULL &&
      !(q.due_after = due_after = wb_api_callbacks_parse_instant (text)))
    return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "due_after takes an ISO 8601 time with its zone");
  if ((text = wb_request_query (req, "limit")) != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, MAX_PAGE, &limit, NULL))
    return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "limit takes a number from 1 to 200");
  if ((text = wb_request_query (req, "cursor")) != NULL)
    {
      if (!wb_cursor_decode (text, &after, &q.after_id))
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "The cursor is not one this server issued");
      q.after_due = after;
    }
  /* One row more than asked tells whether another page follows. */
  q.limit = limit + 1;

  wb_callbacks_sweep_quietly (req);
  if (!wb_store_callbacks_list (req->conn, &q, &rows, error))
    return FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len && i < limit; i++)
    {
      json_builder_begin_object (b);
      add_callback (b, req, rows->pdata[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (rows->len > limit)
    {
      const WbCallback *last = rows->pdata[limit - 1];
      g_autofree char *cursor = wb_cursor_encode (last->due_at, last->id);
      wb_json_add_string (b, "next_cursor", cursor);
    }
  else
    wb_json_add_string (b, "next_cursor", NULL);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}

gboolean
wb_api_callbacks_get (WbRequest   *req,
                      WbResponse  *res,
                      GError     **error)
{
  g_autoptr(WbCallback) cb = NULL;

  wb_callbacks_sweep_quietly (req);
  if (!wb_api_callbacks_load (req, &cb, error))
    return FALSE;
  /* Masked, but it names a person and a case: recorded like opening one. */
  if (!wb_audit_request_checked (req, "view_callback", cb->case_no, "ok", NULL, error))
    return FALSE;
  return wb_api_callbacks_respond (req, res, cb->id, error);
}

gboolean
wb_api_callbacks_reveal_phone (WbRequest   *req,
                               WbResponse  *res,
                               GError     **error)
{
  g_autoptr(WbCallback) cb = NULL;
  g_autoptr(JsonBuilder) b = NULL;

  if (!wb_api_callbacks_load (req, &cb, error) || !wb_api_callbacks_require_caller (req, cb, error))
    return FALSE;
  if (g_strcmp0 (cb->status, "open") != 0)
    return wb_api_callbacks_fail (error, WB_ERROR_CONFLICT, "The callback is closed; there is nobody to dial");

  /* The same reveal as the case's, for one field and one reason. */
  if (!wb_audit_request_checked (req, "reveal", cb->case_no, "ok", "callback", error))
    return FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_int (b, "callback_id", cb->id);
  wb_json_add_string (b, "phone", cb->applicant_phone);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}
