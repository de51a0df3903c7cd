/* wb-api-case-actions.c: moving a case through the flow
 *
 * One action is one write transaction: the idempotency record, the case
 * row, its history, the change-feed event, the callbacks the flow creates
 * and the audit record commit together or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-api-delivery.h"
#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-case-json.h"
#include "wb-error.h"
#include "wb-idempotency.h"
#include "wb-json.h"
#include "wb-notices.h"
#include "wb-outbox.h"
#include "wb-scope.h"
#include "wb-units.h"

typedef struct
{
  WbRequest    *req;
  WbCase       *c;
  WbCaseAction  action;
  JsonObject   *body;
  JsonObject   *detail;     /* goes into the history row */
  GDate         today;
  const char   *now;
} ActionCtx;

static void
copy_member (ActionCtx  *ctx,
             const char *name)
{
  JsonNode *node = json_object_get_member (ctx->body, name);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    json_object_set_member (ctx->detail, name, json_node_copy (node));
}

static char *
dup_member (ActionCtx  *ctx,
            const char *name)
{
  return g_strdup (wb_json_string (ctx->body, name));
}

static gboolean
add_callback (ActionCtx   *ctx,
              const char  *kind,
              GError     **error)
{
  return wb_callbacks_file (ctx->req, ctx->c->id, kind, ctx->now, error);
}

/* The effects beyond the state change, per action. */
static gboolean
apply_effects (ActionCtx  *ctx,
               GError    **error)
{
  WbRequest *req = ctx->req;
  WbCase *c = ctx->c;
  WbCalendar *calendar = req->server->calendar;
  g_autoptr(WbNoticeDraft) notice = NULL;

  /* Drafted from the case as it stands before the action, as the
   * preview drafts it; issued once the effects below have held. */
  if (!wb_notice_draft_for_action (req, c, ctx->action, ctx->body, &notice, error))
    return FALSE;

  switch (ctx->action)
    {
    case WB_ACTION_CLAIM:
      json_object_set_string_member (ctx->detail, "previous_assignee", c->assignee_username);
      c->assignee_id = req->user->id;
      break;

    case WB_ACTION_ASSIGN:
      {
        g_autoptr(WbUser) target = NULL;
        const char *name = json_object_get_string_member (ctx->body, "assignee");

        if (!wb_store_user_by_name (req->conn, name, &target, error))
          return FALSE;
        if (target == NULL || !(target->roles & WB_ROLE_HANDLER) ||
            g_strcmp0 (target->unit_code, c->unit_code) != 0)
          {
            g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                                 "The assignee must be a handler of the case's unit");
            return FALSE;
          }
        json_object_set_string_member (ctx->detail, "assignee", target->username);
        c->assignee_id = target->id;
      }
      break;

    case WB_ACTION_REQUEST_SUPPLEMENT:
      /* 一次性告知: the draft above refused a second request without its
       * reason; supervisors see a second one flagged. */
      copy_member (ctx, "missing");
      copy_member (ctx, "note");
      copy_member (ctx, "reason");
      c->supplement_count++;
      json_object_set_boolean_member (ctx->detail, "flagged", c->supplement_count > 1);
      g_free (c->clock_stopped_on);
      c->clock_stopped_on = wb_date_to_iso (&ctx->today);
      if (!add_callback (ctx, "supplement", error))
        return FALSE;
      break;

    case WB_ACTION_SUPPLEMENT_RECEIVED:
      json_object_set_int_member (ctx->detail, "paused_working_days",
                                  wb_case_restart_clock (calendar, c, &ctx->today));
      break;

    case WB_ACTION_APPROVE:
      g_free (c->result);
      c->result = dup_member (ctx, "result");
      copy_member (ctx, "result");
      if (!add_callback (ctx, "delivery_choice", error))
        return FALSE;
      break;

    case WB_ACTION_REFUSE:
      g_free (c->refusal_basis);
      g_free (c->refusal_reason);
      c->refusal_basis = dup_member (ctx, "legal_basis");
      c->refusal_reason = dup_member (ctx, "reason");
      copy_member (ctx, "legal_basis");
      copy_member (ctx, "reason");
      g_clear_pointer (&c->clock_stopped_on, g_free);
      if (!add_callback (ctx, "result_notice", error))
        return FALSE;
      break;

    case WB_ACTION_WITHDRAW:
      copy_member (ctx, "reason");
      break;

    case WB_ACTION_EXTEND_DEADLINE:
      {
        /* Art. 42: once, by at most 10 working days; the flow already
         * refused a second extension and any other number of days. Both
         * the promised and the legal deadline move. */
        json_object_set_string_member (ctx->detail, "previous_deadline", c->deadline);
        c->extension_days = CLAMP (json_object_get_int_member (ctx->body, "days"),
                                   0, WB_CLOCK_MAX_EXTENSION_DAYS);
        g_free (c->deadline);
        c->deadline = wb_case_stored_deadline (calendar, c);
        c->deadline_extended = TRUE;
        copy_member (ctx, "days");
        copy_member (ctx, "reason");
      }
      break;

    case WB_ACTION_CHOOSE_DELIVERY:
      g_free (c->delivery_method);
      c->delivery_method = dup_member (ctx, "method");
      copy_member (ctx, "method");
      if (g_str_equal (c->delivery_method, "mail"))
        {
          g_free (c->delivery_address);
          c->delivery_address = dup_member (ctx, "address");
        }
      break;

    case WB_ACTION_SHIP:
      g_free (c->courier);
      c->courier = dup_member (ctx, "courier");
      g_free (c->tracking_no);
      c->tracking_no = dup_member (ctx, "tracking_no");
      copy_member (ctx, "courier");
      copy_member (ctx, "tracking_no");
      break;

    case WB_ACTION_PRINT_READY:
      /* The uncollected list waits from here. */
      g_free (c->printed_at);
      c->printed_at = g_strdup (ctx->now);
      break;

    case WB_ACTION_BOOK_PICKUP:
      if (!wb_delivery_book_pickup (req, c, ctx->body, ctx->detail, error))
        return FALSE;
      break;

    case WB_ACTION_HAND_OVER:
      if (!wb_delivery_hand_over (req, c, ctx->body, ctx->now, ctx->detail, error))
        return FALSE;
      if (!add_callback (ctx, "satisfaction", error))
        return FALSE;
      break;

    case WB_ACTION_CONFIRM_DELIVERY:
      if (!add_callback (ctx, "satisfaction", error))
        return FALSE;
      break;

    case WB_ACTION_ARCHIVE:
      /* 6.7.1: the archive record needs the outcome and who served. */
      if (c->result == NULL && c->refusal_reason == NULL)
        {
          g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                               "The archive record is incomplete: the case has no recorded result");
          return FALSE;
        }
      c->fees_collected = json_object_get_int_member (ctx->body, "fees_collected");
      copy_member (ctx, "fees_collected");
      break;

    case WB_ACTION_PLATFORM_PASS:
    case WB_ACTION_ACCEPT:
      break;

    case WB_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }

  /* The notice is filed in the action's transaction, so an action
   * without its notice (or a notice without its action) never exists. */
  return notice == NULL || wb_notice_draft_issue (req, notice, c, ctx->now, ctx->detail, error);
}

gboolean
wb_case_action_apply (WbRequest    *req,
                      WbCase       *c,
                      WbCaseAction  action,
                      JsonObject   *body,
                      const char   *now,
                      GError      **error)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  const char *from_state;
  WbCaseFacts facts;
  WbCaseState to_state;
  WbDeliveryStage to_stage;
  ActionCtx ctx = { 0 };

  wb_case_facts_for (req, c, &facts);
  if (!wb_case_flow_check (&facts, action, error))
    return FALSE;
  if (!wb_case_flow_validate_body (action, body, error))
    return FALSE;

  ctx.req = req;
  ctx.c = c;
  ctx.action = action;
  ctx.body = body;
  ctx.detail = detail;
  ctx.now = now;
  wb_request_today (req, &ctx.today);

  /* 首问负责: acting on an unassigned case makes it yours. */
  if (action != WB_ACTION_ASSIGN && action != WB_ACTION_CLAIM && c->assignee_id == 0)
    c->assignee_id = req->user->id;

  if (!apply_effects (&ctx, error))
    return FALSE;

  from_state = wb_case_state_to_string (c->state);
  wb_case_flow_target (&facts, action, body, &to_state, &to_stage);
  c->state = to_state;
  c->stage = to_stage;
  g_free (c->updated_at);
  c->updated_at = g_strdup (now);

  if (!wb_store_case_update (req->conn, c, error))
    return FALSE;

  {
    WbAuditRecord record = {
      .actor = req->user->username,
      .peer = req->peer,
      .action = wb_case_action_to_string (action),
      .object = c->case_no,
      .result = "ok",
      .reason = wb_json_string (body, "reason"),
      .request_id = req->request_id,
    };

    return wb_store_history_add (req->conn, c->id, now, req->user->username,
                                 wb_case_action_to_string (action), from_state,
                                 wb_case_state_to_string (to_state), detail, error) &&
           wb_store_event_add (req->conn, now, "case.updated", c->id, c->unit_code, error) &&
           wb_outbox_queue (req, c, action, now, error) &&
           wb_callbacks_after_action (req, c, action, now, error) &&
           wb_audit_append (req->conn, now, &record, error);
  }
}

static gboolean
perform (WbRequest    *req,
         WbResponse   *res,
         WbCaseAction  action,
         JsonObject   *body,
         const char   *key,
         const char   *fingerprint,
         GError      **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autoptr(WbCase) fresh = NULL;
  g_autofree char *now = wb_request_now_iso (req);
  g_autofree char *etag = NULL;
  g_autofree char *new_etag = NULL;
  const char *if_match;
  gboolean replayed;

  if (!wb_idempotency_replay (req, res, key, fingerprint, &replayed, error))
    return FALSE;
  if (replayed)
    return TRUE;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;

  etag = wb_case_etag (c);
  if_match = wb_request_header (req, "If-Match");
  if (if_match == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_PRECONDITION_REQUIRED,
                           "Send If-Match with the case's ETag");
      return FALSE;
    }
  if (!g_str_equal (if_match, etag) && !g_str_equal (if_match, "*"))
    {
      wb_response_header (res, "ETag", etag);
      g_set_error (error, WB_ERROR, WB_ERROR_PRECONDITION_FAILED,
                   "The case changed since you loaded it (now at version %" G_GINT64_FORMAT "); reload it",
                   c->version);
      return FALSE;
    }

  if (!wb_case_action_apply (req, c, action, body, now, error))
    return FALSE;

  /* Reload so the answer carries the assignee's name and the new
   * allowed actions exactly as a later GET would. */
  if (!wb_store_case_get (req->conn, c->id, &fresh, error))
    return FALSE;
  wb_case_respond (req, res, fresh, 200);
  new_etag = wb_case_etag (fresh);
  return wb_idempotency_remember (req, res, key, fingerprint, new_etag, now, error);
}

gboolean
wb_api_cases_action (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *fingerprint = NULL;
  const char *action_name = wb_request_param (req, "action");
  const char *key;
  WbCaseAction action;
  gint64 id;

  if (!wb_request_param_id (req, "id", &id, error))
    return FALSE;
  if (!wb_case_action_from_string (action_name, &action))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such action");
      return FALSE;
    }

  key = wb_request_header (req, "Idempotency-Key");
  if (key == NULL || *key == '\0' || strlen (key) > WB_IDEMPOTENCY_KEY_MAX)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Send an Idempotency-Key header (at most 128 characters)");
      return FALSE;
    }

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;

  fingerprint = wb_idempotency_fingerprint (req, action_name);

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  if (!perform (req, res, action, body, key, fingerprint, error))
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }
  if (!wb_db_commit (req->conn, error))
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }
  return TRUE;
}
