/* wb-api-ratings.c: the callback rules, ratings given at the window, and
 * the rectifications bad ratings open (好差评)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-scope.h"
#include "wb-units.h"


static gboolean
fail (GError     **error,
      WbErrorCode  code,
      const char  *message)
{
  g_set_error_literal (error, WB_ERROR, code, message);
  return FALSE;
}

static void
add_rule (JsonBuilder          *b,
          const WbCallbackRule *rule)
{
  json_builder_begin_object (b);
  wb_json_add_string (b, "purpose", rule->purpose);
  wb_json_add_int (b, "retry_after_working_minutes", rule->retry_after_minutes);
  wb_json_add_int (b, "max_attempts_per_day", rule->max_attempts_per_day);
  wb_json_add_int (b, "give_up_after_working_days", rule->give_up_after_days);
  wb_json_add_int (b, "due_after_working_days", rule->due_after_days);
  /* The seed stays on the server: whoever knew it could tell which
   * archived cases will be called. */
  if (rule->rectify_within_days >= 0)
    wb_json_add_int (b, "rectify_within_working_days", rule->rectify_within_days);
  if (rule->revisit_percent >= 0)
    wb_json_add_int (b, "revisit_share_percent", rule->revisit_percent);
  wb_json_add_string (b, "updated_at", rule->updated_at);
  wb_json_add_string (b, "updated_by", rule->updated_by);
  json_builder_end_object (b);
}

/* The rules hold no personal data; everyone who works callbacks may
 * read how they are scheduled. */
gboolean
wb_api_callback_rules_list (WbRequest   *req,
                            WbResponse  *res,
                            GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; wb_callback_purposes[i] != NULL; i++)
    {
      WbCallbackRule rule;

      if (!wb_store_callback_rule_get (req->conn, wb_callback_purposes[i], &rule, error))
        return FALSE;
      add_rule (b, &rule);
      wb_callback_rule_clear (&rule);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  return TRUE;
}

/* A member that must be an integer in [min, max] when present. */
static gboolean
take_int (JsonObject  *body,
          const char  *name,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                   "%s takes a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   name, min, max);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
update_rule (JsonObject      *body,
             WbCallbackRule  *rule,
             GError         **error)
{
  gboolean bad = g_str_equal (rule->purpose, "bad_rating");
  gboolean revisit = g_str_equal (rule->purpose, "revisit");
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &node))
    {
      static const char * const common[] = {
        "retry_after_working_minutes", "max_attempts_per_day", "give_up_after_working_days",
        "due_after_working_days", NULL
      };

      if (g_strv_contains (common, name) ||
          (bad && g_str_equal (name, "rectify_within_working_days")) ||
          (revisit && (g_str_equal (name, "revisit_share_percent") || g_str_equal (name, "revisit_seed"))))
        continue;
      g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                   "The %s rule has no setting “%s”", rule->purpose, name);
      return FALSE;
    }

  if (!take_int (body, "retry_after_working_minutes", 1, 2400, &rule->retry_after_minutes, error) ||
      !take_int (body, "max_attempts_per_day", 1, 20, &rule->max_attempts_per_day, error) ||
      !take_int (body, "give_up_after_working_days", 1, 30, &rule->give_up_after_days, error) ||
      !take_int (body, "due_after_working_days", 0, 30, &rule->due_after_days, error) ||
      !take_int (body, "rectify_within_working_days", 1, 60, &rule->rectify_within_days, error) ||
      !take_int (body, "revisit_share_percent", 0, 100, &rule->revisit_percent, error))
    return FALSE;

  if (json_object_has_member (body, "revisit_seed"))
    {
      const char *seed = wb_json_string (body, "revisit_seed");

      if (seed == NULL || strlen (seed) < 8 || strlen (seed) > 128)
        return fail (error, WB_ERROR_UNPROCESSABLE, "revisit_seed takes text of 8 to 128 bytes");
      g_free (rule->revisit_seed);
      rule->revisit_seed = g_strdup (seed);
    }
  return TRUE;
}

/* One set of rules serves every unit, so only a business administrator
 * of the province changes it, as with the message templates. */
gboolean
wb_api_callback_rules_set (WbRequest   *req,
                           WbResponse  *res,
                           GError     **error)
{
  const char *purpose = wb_request_param (req, "purpose");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *now = NULL;
  g_autofree char *object = NULL;
  const WbUnit *unit;
  WbCallbackRule rule;
  gboolean ok;

  if (!wb_scope_require_role (req, WB_ROLE_BIZADMIN, error))
    return FALSE;
  unit = wb_units_get (req->server->units, req->user->unit_code);
  if (unit == NULL || unit->level != 1)
    return fail (error, WB_ERROR_FORBIDDEN,
                 "Callback rules serve every unit; only a business administrator of the province may change them");
  if (!wb_callback_purpose_known (purpose))
    return fail (error, WB_ERROR_NOT_FOUND, "No such callback purpose");
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;

  now = wb_request_now_iso (req);
  object = g_strdup_printf ("callback_rule:%s", purpose);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  if (!wb_store_callback_rule_get (req->conn, purpose, &rule, error))
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "set_callback_rule",
      .object = object, .result = "ok", .reason = NULL, .request_id = req->request_id,
    };

    ok = update_rule (body, &rule, error) &&
         wb_store_callback_rule_put (req->conn, &rule, now, req->user->username, error) &&
         wb_audit_append (req->conn, now, &record, error) &&
         wb_db_commit (req->conn, error);
  }
  wb_callback_rule_clear (&rule);
  if (!ok)
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }

  if (!wb_store_callback_rule_get (req->conn, purpose, &rule, error))
    return FALSE;
  b = json_builder_new ();
  add_rule (b, &rule);
  wb_callback_rule_clear (&rule);
  wb_response_builder (res, 200, b);
  return TRUE;
}

static gboolean
rate_at_window (WbRequest   *req,
                WbCase      *c,
                gint64       level,
                const char  *comment,
                const char  *now,
                GError     **error)
{
  WbAuditRecord record = {
    .actor = req->user->username, .peer = req->peer, .action = "rate",
    .object = c->case_no, .result = "ok", .reason = NULL, .request_id = req->request_id,
  };
  g_autofree char *given = NULL;

  /* One satisfaction rating per case, whichever way it came. */
  if (!wb_store_satisfaction_rating (req->conn, c->id, &given, error))
    return FALSE;
  if (g_strcmp0 (given, "window") == 0)
    return fail (error, WB_ERROR_CONFLICT, "The applicant already rated this case at the window");
  if (given != NULL)
    return fail (error, WB_ERROR_CONFLICT,
                 "The applicant already rated this case on the satisfaction call; a case takes one satisfaction rating");
  /* Rated at the window: the satisfaction call has its answer, and
   * nobody need ask again. */
  return wb_callbacks_rate (req, c, level, comment, "window", 0, now, error) &&
         wb_store_callbacks_settle (req->conn, c->id, "satisfaction", now, error) &&
         wb_store_event_add (req->conn, now, "case.callbacks", c->id, c->unit_code, error) &&
         wb_audit_append (req->conn, now, &record, error);
}

gboolean
wb_api_cases_rating (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WbCase) c = NULL;
  g_autofree char *now = wb_request_now_iso (req);
  g_autoptr(JsonNode) rating = NULL;
  const char *comment = NULL;
  const char *source;
  gint64 level = 0;
  gboolean ok;

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  if (!wb_callbacks_rating_level (body, &level))
    return fail (error, WB_ERROR_INVALID, "level takes a whole number from 1 (非常不满意) to 5 (非常满意)");
  if (!wb_callbacks_rating_comment (body, &comment))
    return fail (error, WB_ERROR_INVALID, "comment takes text of at most 500 characters");
  source = wb_json_string (body, "source");
  if (json_object_has_member (body, "source") && g_strcmp0 (source, "window") != 0)
    return fail (error, WB_ERROR_UNPROCESSABLE,
                 "Here a rating comes from the window; a call's rating is logged with the call");

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  ok = wb_scope_load_case (req, &c, error);
  if (ok && (!(req->user->roles & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)) ||
             g_strcmp0 (req->user->unit_code, c->unit_code) != 0))
    ok = fail (error, WB_ERROR_FORBIDDEN,
               "Only a handler or complaint handler of the case's unit may record a rating");
  /* At the window means after the hand-over. */
  if (ok && (g_strcmp0 (c->delivery_method, "window") != 0 ||
             (c->state != WB_STATE_DELIVERED && c->state != WB_STATE_ARCHIVED)))
    ok = fail (error, WB_ERROR_CONFLICT,
               "A rating at the window follows the hand-over of the certificate");
  ok = ok && rate_at_window (req, c, level, comment, now, error) && wb_db_commit (req->conn, error);
  if (!ok)
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }

  if (!(rating = wb_store_rating_latest_json (req->conn, c->id, error)))
    return FALSE;
  wb_response_json (res, 201, rating);
  return TRUE;
}

gboolean
wb_api_rectifications_list (WbRequest   *req,
                            WbResponse  *res,
                            GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  JsonNode *items;
  const char *status = wb_request_query (req, "status");

  if (!wb_scope_require_role (req, WB_ROLE_COMPLAINT | WB_ROLE_VIEWER | WB_ROLE_STATISTICIAN, error) ||
      !wb_scope_case_units (req, &units, error))
    return FALSE;
  if (status != NULL && !g_str_equal (status, "open") && !g_str_equal (status, "done"))
    return fail (error, WB_ERROR_INVALID, "status takes open or done");
  if (!(items = wb_store_rectifications_json (req->conn, units, status, 500, error)))
    return FALSE;
  wb_response_items (res, items);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}
