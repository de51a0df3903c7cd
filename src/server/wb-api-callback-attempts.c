/* wb-api-callback-attempts.c: logging a call, and what its outcome does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-api-callbacks-private.h"
#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-clock.h"
#include "wb-error.h"
#include "wb-idempotency.h"
#include "wb-json.h"
#include "wb-mask.h"

#define MAX_NOTES_CHARS 2000

typedef struct
{
  const char *outcome;
  const char *notes;
  char       *call_back_at;
  JsonObject *answers;
  JsonNode   *stored;        /* the answers as kept with the attempt */
} Attempt;

static void
attempt_clear (Attempt *a)
{
  g_free (a->call_back_at);
  g_clear_pointer (&a->stored, json_node_unref);
}

static gboolean
parse_attempt (JsonObject  *body,
               const char  *now,
               Attempt     *a,
               GError     **error)
{
  JsonNode *node;

  a->outcome = wb_json_string (body, "outcome");
  if (!wb_callback_outcome_known (a->outcome))
    return wb_api_callbacks_fail (error, WB_ERROR_INVALID,
                                  "outcome takes reached, no_answer, busy, wrong_number, refused or call_later");
  node = json_object_get_member (body, "notes");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      a->notes = wb_json_string (body, "notes");
      if (a->notes == NULL || g_utf8_strlen (a->notes, -1) > MAX_NOTES_CHARS)
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "notes takes text of at most 2000 characters");
      if (wb_text_is_blank (a->notes))
        a->notes = NULL;
    }
  node = json_object_get_member (body, "answers");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "answers takes an object");
      a->answers = json_node_get_object (node);
    }

  node = json_object_get_member (body, "call_back_at");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!g_str_equal (a->outcome, "call_later"))
        return wb_api_callbacks_fail (error, WB_ERROR_UNPROCESSABLE, "call_back_at goes only with the outcome call_later");
      if (!(a->call_back_at = wb_api_callbacks_parse_instant (wb_json_string (body, "call_back_at"))))
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "call_back_at takes an ISO 8601 time with its zone");
      if (strcmp (a->call_back_at, now) <= 0)
        return wb_api_callbacks_fail (error, WB_ERROR_UNPROCESSABLE, "call_back_at must lie in the future");
    }
  else if (g_str_equal (a->outcome, "call_later"))
    return wb_api_callbacks_fail (error, WB_ERROR_UNPROCESSABLE, "Say when to call back (field “call_back_at”)");
  return TRUE;
}

static JsonObject *
answer_object (Attempt    *a,
               const char *name)
{
  JsonNode *node = a->answers ? json_object_get_member (a->answers, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* What a reached applicant answered does what the purpose needs: a
 * delivery choice moves the case, a rating is recorded. */
static gboolean
apply_answers (WbRequest   *req,
               WbCallback  *cb,
               WbCase      *c,
               Attempt     *a,
               const char  *now,
               GError     **error)
{
  if (g_str_equal (cb->purpose, "delivery_choice"))
    {
      JsonObject *delivery = answer_object (a, "delivery");
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonObject) kept = json_object_new ();
      JsonObject *root = json_object_new ();
      const char *method, *address;

      if (delivery == NULL)
        {
          json_object_unref (root);
          return wb_api_callbacks_fail (error, WB_ERROR_UNPROCESSABLE,
                                        "A reached delivery-choice call needs the choice (answers.delivery)");
        }
      method = wb_json_string (delivery, "method");
      address = wb_json_string (delivery, "address");
      if (method != NULL)
        json_object_set_string_member (body, "method", method);
      if (address != NULL)
        json_object_set_string_member (body, "address", address);
      /* The address is kept in clear on the case alone. */
      json_object_set_string_member (kept, "method", method);
      if (address != NULL)
        {
          g_autofree char *masked = wb_mask_address (address);
          json_object_set_string_member (kept, "address", masked);
        }
      json_object_set_object_member (root, "delivery", json_object_ref (kept));
      a->stored = json_node_init_object (json_node_alloc (), root);
      json_object_unref (root);
      return wb_case_action_apply (req, c, WB_ACTION_CHOOSE_DELIVERY, body, now, error);
    }

  if (g_str_equal (cb->purpose, "satisfaction") || g_str_equal (cb->purpose, "revisit"))
    {
      JsonObject *rating = answer_object (a, "rating");
      const char *comment = NULL;
      gint64 level = 0;

      if (!wb_callbacks_rating_level (rating, &level))
        return wb_api_callbacks_fail (error, WB_ERROR_UNPROCESSABLE,
                                      "A reached call of this purpose needs the rating (answers.rating.level, 1 to 5)");
      if (!wb_callbacks_rating_comment (rating, &comment))
        return wb_api_callbacks_fail (error, WB_ERROR_INVALID, "The rating's comment takes text of at most 500 characters");
      {
        JsonObject *root = json_object_new ();
        JsonObject *kept = json_object_new ();

        json_object_set_int_member (kept, "level", level);
        json_object_set_string_member (kept, "comment", comment);
        json_object_set_object_member (root, "rating", kept);
        a->stored = json_node_init_object (json_node_alloc (), root);
        json_object_unref (root);
      }
      return wb_callbacks_rate (req, c, level, comment, "call", cb->id, now, error);
    }

  if (g_str_equal (cb->purpose, "bad_rating") && a->notes == NULL)
    return wb_api_callbacks_fail (error, WB_ERROR_UNPROCESSABLE,
                                  "Say what the applicant said about the bad rating (field “notes”)");
  return TRUE;
}

static gboolean
schedule_retry (WbRequest       *req,
                WbCallback      *cb,
                WbCallbackRule  *rule,
                const char      *now_iso,
                gboolean        *give_up,
                GError         **error)
{
  WbCalendar *calendar = req->server->calendar;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, NULL);
  g_autoptr(GDateTime) day_start = NULL;
  g_autoptr(GDateTime) day_end = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 calls_today;
  GDate today;

  /* 3 working days from the first unanswered call since the applicant
   * was last spoken to. */
  if (cb->give_up_at == NULL)
    {
      g_autoptr(GDateTime) until = wb_work_time_add (calendar, now,
                                                     rule->give_up_after_days * WB_WORK_DAY_MINUTES);
      cb->give_up_at = wb_time_to_iso (until);
    }
  *give_up = strcmp (now_iso, cb->give_up_at) >= 0;
  if (*give_up)
    return TRUE;

  /* Calls on the task on the centre's calendar day, this one included. */
  wb_clock_local_date (now, &today);
  {
    g_autoptr(GDateTime) midnight = g_date_time_new_utc (g_date_get_year (&today), g_date_get_month (&today),
                                                         g_date_get_day (&today), 0, 0, 0);
    day_start = g_date_time_add_hours (midnight, -8);
    day_end = g_date_time_add_days (day_start, 1);
  }
  from = wb_time_to_iso (day_start);
  to = wb_time_to_iso (day_end);
  if (!wb_store_callback_calls_between (req->conn, cb->id, from, to, &calls_today, error))
    return FALSE;

  next = wb_callback_next_try (calendar, now, rule->retry_after_minutes, calls_today,
                               rule->max_attempts_per_day);
  g_free (cb->due_at);
  cb->due_at = wb_time_to_iso (next);
  return TRUE;
}

static gboolean
log_call (WbRequest   *req,
          WbCallback  *cb,
          Attempt     *a,
          const char  *now,
          GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  WbAuditRecord record = {
    .actor = req->user->username, .peer = req->peer, .action = "callback_attempt",
    .object = cb->case_no, .result = "ok", .reason = a->outcome, .request_id = req->request_id,
  };
  const char *outcome = a->outcome;
  gboolean unreachable = FALSE, tell = FALSE;

  if (!wb_store_case_get (req->conn, cb->case_id, &c, error))
    return FALSE;
  if (c == NULL)
    return wb_api_callbacks_fail (error, WB_ERROR_INTERNAL, "The callback's case is gone");

  if (g_str_equal (outcome, "reached") && !apply_answers (req, cb, c, a, now, error))
    return FALSE;
  if (!wb_store_callback_attempt_add (req->conn, cb->id, now, req->user->id, outcome, a->notes,
                                      a->call_back_at, a->stored, error))
    return FALSE;

  /* 首问负责 once more: whoever calls first answers for the task. */
  if (cb->assignee_id == 0)
    cb->assignee_id = req->user->id;
  cb->attempts++;
  g_free (cb->last_outcome);
  cb->last_outcome = g_strdup (outcome);
  g_free (cb->last_attempt_at);
  cb->last_attempt_at = g_strdup (now);

  if (g_str_equal (outcome, "reached") || g_str_equal (outcome, "refused"))
    {
      g_free (cb->status);
      cb->status = g_strdup ("done");
      g_free (cb->closed_at);
      cb->closed_at = g_strdup (now);
    }
  else if (g_str_equal (outcome, "call_later"))
    {
      /* Spoken to: the give-up clock starts again at the next silence. */
      g_free (cb->due_at);
      cb->due_at = g_strdup (a->call_back_at);
      g_clear_pointer (&cb->give_up_at, g_free);
    }
  else if (g_str_equal (outcome, "wrong_number"))
    unreachable = TRUE;    /* an SMS to a wrong number helps nobody */
  else
    {
      WbCallbackRule rule;
      gboolean ok;

      if (!wb_store_callback_rule_get (req->conn, cb->purpose, &rule, error))
        return FALSE;
      ok = schedule_retry (req, cb, &rule, now, &unreachable, error);
      wb_callback_rule_clear (&rule);
      if (!ok)
        return FALSE;
      tell = unreachable;
    }

  if (unreachable)
    {
      if (!wb_callbacks_mark_unreachable (req, cb, req->user->username, tell, now, error))
        return FALSE;
    }
  else if (!wb_store_callback_update (req->conn, cb, error) ||
           !wb_store_event_add (req->conn, now, "case.callbacks", c->id, c->unit_code, error))
    return FALSE;
  return wb_audit_append (req->conn, now, &record, error);
}

gboolean
wb_api_callbacks_attempt (WbRequest   *req,
                          WbResponse  *res,
                          GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WbCallback) cb = NULL;
  g_autofree char *now = wb_request_now_iso (req);
  /* A retried call log (the answer was lost on the way) must not log
   * the call twice: with an Idempotency-Key, the first answer is replayed. */
  g_autofree char *fingerprint = wb_idempotency_fingerprint (req, NULL);
  const char *key = wb_request_header (req, "Idempotency-Key");
  Attempt a = { 0 };
  gboolean replayed = FALSE;
  gboolean ok;

  if (key != NULL && (*key == '\0' || strlen (key) > WB_IDEMPOTENCY_KEY_MAX))
    return wb_api_callbacks_fail (error, WB_ERROR_INVALID,
                                  "An Idempotency-Key has 1 to 128 characters");
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  if (!wb_callbacks_sweep (req, error))
    return FALSE;

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  ok = wb_idempotency_replay (req, res, key, fingerprint, &replayed, error);
  if (ok && !replayed)
    ok = wb_api_callbacks_load (req, &cb, error) &&
         wb_api_callbacks_require_caller (req, cb, error) &&
         (g_strcmp0 (cb->status, "open") == 0 ||
          wb_api_callbacks_fail (error, WB_ERROR_CONFLICT, "The callback is closed")) &&
         parse_attempt (body, now, &a, error) &&
         log_call (req, cb, &a, now, error) &&
         wb_api_callbacks_respond (req, res, cb->id, error) &&
         wb_idempotency_remember (req, res, key, fingerprint, NULL, now, error);
  ok = ok && wb_db_commit (req->conn, error);
  attempt_clear (&a);
  if (!ok)
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }
  return TRUE;
}
