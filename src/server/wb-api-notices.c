/* wb-api-notices.c: previewing a notice, and checking one by its code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-case-json.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-mask.h"
#include "wb-notices.h"
#include "wb-scope.h"
#include "wb-units.h"

/* The notice the action would issue, drawn from the same draft the
 * action files, so the handler sees what the applicant will be served.
 * It needs the permission the action needs, and it writes nothing but
 * the audit record: the preview shows the applicant's name in clear. */
gboolean
wb_api_cases_notice_preview (WbRequest   *req,
                             WbResponse  *res,
                             GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WbCase) c = NULL;
  g_autoptr(WbNoticeDraft) draft = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *action_name;
  WbCaseAction action;
  WbCaseFacts facts;
  WbNoticeKind kind;

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  action_name = wb_json_string (body, "action");
  if (!wb_case_action_from_string (action_name, &action) ||
      !wb_notice_kind_for_action (WB_STATE_SUBMITTED, action, &kind))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Field “action” must be one of: request_supplement, accept, approve, refuse");
      return FALSE;
    }

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  wb_case_facts_for (req, c, &facts);
  if (!wb_case_flow_check (&facts, action, error) ||
      !wb_case_flow_validate_body (action, body, error) ||
      !wb_notice_draft_for_action (req, c, action, body, &draft, error))
    return FALSE;
  g_assert (draft != NULL);

  if (!(pdf = wb_notice_draft_preview (draft, error)))
    return FALSE;

  if (!wb_audit_request_checked (req, "preview_notice", c->case_no, "ok", action_name, error))
    return FALSE;
  wb_response_bytes (res, 200, "application/pdf", pdf);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}

/* Open to anyone holding the paper: an employer, a bank or a court
 * checking a notice has no account here, and the 80-bit code is the
 * capability. The answer therefore carries nothing personal beyond the
 * masked name, and every lookup, found or not, is audited. */
gboolean
wb_api_notices_get (WbRequest   *req,
                    WbResponse  *res,
                    GError     **error)
{
  g_autofree char *code = wb_notice_code_normalize (wb_request_param (req, "code"));
  g_autofree char *kind_name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *issued_at = NULL;
  g_autofree char *masked = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) china = NULL;
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *issued_on = NULL;
  const WbUnit *unit;
  WbNoticeKind kind;
  gint64 case_id = 0;

  if (code != NULL &&
      !wb_store_notice_lookup (req->conn, code, &kind_name, &case_id, &sha256, &issued_at, error))
    return FALSE;
  if (case_id != 0 && !wb_store_case_get (req->conn, case_id, &c, error))
    return FALSE;
  if (c == NULL || !wb_notice_kind_from_string (kind_name, &kind))
    {
      /* The code itself is not recorded: it is a capability, and a
       * mistyped one is close to the real one. */
      wb_audit_request (req, "verify_notice", "notice", "failed", "unknown verification code");
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND,
                           "No notice has this verification code");
      return FALSE;
    }

  china = g_time_zone_new_offset (8 * 3600);
  issued = g_date_time_new_from_iso8601 (issued_at, NULL);
  if (issued != NULL)
    {
      local = g_date_time_to_timezone (issued, china);
      issued_on = g_date_time_format (local, "%Y-%m-%d");
    }
  unit = wb_units_get (req->server->units, c->unit_code);
  masked = wb_mask_name (c->applicant_name);

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_string (b, "code", code);
  wb_json_add_string (b, "kind", kind_name);
  wb_json_add_string (b, "title", wb_notice_kind_title (kind));
  wb_json_add_string (b, "case_no", c->case_no);
  wb_json_add_string (b, "unit_code", c->unit_code);
  wb_json_add_string (b, "unit_name", unit != NULL ? unit->name : c->unit_code);
  wb_json_add_string (b, "item_name", c->item_name);
  wb_json_add_string (b, "issued_at", issued_at);
  wb_json_add_string (b, "issued_on", issued_on);
  wb_json_add_string (b, "sha256", sha256);
  wb_json_add_string (b, "applicant_name_masked", masked);
  json_builder_end_object (b);

  wb_audit_request (req, "verify_notice", c->case_no, "ok", NULL);
  wb_response_builder (res, 200, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}
