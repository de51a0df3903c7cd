/* wb-case-flow.c: one table holds every transition, so the server's checks,
 * the allowed-actions list it sends the desk and the tests all read the same
 * rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-case-flow.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-text.h"

#define S(x) (1u << (WB_STATE_##x))
#define ACTIVE_STATES (S(SUBMITTED) | S(UNIT_REVIEW) | S(SUPPLEMENT) | S(ACCEPTED) | \
                       S(COMPLETED) | S(DELIVERING) | S(DELIVERED) | S(REFUSED))

static const struct {
  const char *name;
  const char *label_zh;
} state_names[WB_N_STATES] = {
  [WB_STATE_SUBMITTED]   = { "submitted",   "待平台审核" },
  [WB_STATE_UNIT_REVIEW] = { "unit_review", "待责任单位审核" },
  [WB_STATE_SUPPLEMENT]  = { "supplement",  "待补正" },
  [WB_STATE_ACCEPTED]    = { "accepted",    "已受理" },
  [WB_STATE_COMPLETED]   = { "completed",   "已办结" },
  [WB_STATE_DELIVERING]  = { "delivering",  "送达中" },
  [WB_STATE_DELIVERED]   = { "delivered",   "已送达" },
  [WB_STATE_REFUSED]     = { "refused",     "不予受理" },
  [WB_STATE_ARCHIVED]    = { "archived",    "已归档" },
  [WB_STATE_WITHDRAWN]   = { "withdrawn",   "已撤回" },
};

static const char *stage_names[WB_N_STAGES] = {
  [WB_STAGE_NONE]            = "none",
  [WB_STAGE_MAIL_PENDING]    = "mail_pending",
  [WB_STAGE_MAIL_SHIPPED]    = "mail_shipped",
  [WB_STAGE_WINDOW_PRINTING] = "window_printing",
  [WB_STAGE_WINDOW_READY]    = "window_ready",
  [WB_STAGE_WINDOW_BOOKED]   = "window_booked",
};

static const char * const delivery_methods[] = { "mail", "window", NULL };

static const WbFieldSpec assign_fields[] = {
  { "assignee", WB_FIELD_TEXT, TRUE, NULL },
};
static const WbFieldSpec supplement_fields[] = {
  { "missing", WB_FIELD_TEXT_LIST, TRUE, NULL },
  { "note", WB_FIELD_TEXT, FALSE, NULL },
  /* Required by the server on a second request for the same submission. */
  { "reason", WB_FIELD_TEXT, FALSE, NULL },
};
static const WbFieldSpec approve_fields[] = {
  { "result", WB_FIELD_TEXT, TRUE, NULL },
};
static const WbFieldSpec refuse_fields[] = {
  { "legal_basis", WB_FIELD_TEXT, TRUE, NULL },
  { "reason", WB_FIELD_TEXT, TRUE, NULL },
};
static const WbFieldSpec reason_fields[] = {
  { "reason", WB_FIELD_TEXT, TRUE, NULL },
};
static const WbFieldSpec extend_fields[] = {
  { "days", WB_FIELD_DAYS, TRUE, NULL },
  { "reason", WB_FIELD_TEXT, TRUE, NULL },
};
static const WbFieldSpec delivery_fields[] = {
  { "method", WB_FIELD_CHOICE, TRUE, delivery_methods },
  /* Required for mail; checked together with method. */
  { "address", WB_FIELD_TEXT, FALSE, NULL },
};
static const WbFieldSpec ship_fields[] = {
  { "courier", WB_FIELD_TEXT, TRUE, NULL },
  { "tracking_no", WB_FIELD_TEXT, TRUE, NULL },
};
static const WbFieldSpec pickup_fields[] = {
  /* A slot from the unit's pickup capacity (GET .../pickup-slots). */
  { "slot_id", WB_FIELD_COUNT, TRUE, NULL },
};
static const char * const collectors[] = { "applicant", "agent", NULL };
static const WbFieldSpec hand_over_fields[] = {
  { "collector", WB_FIELD_CHOICE, TRUE, collectors },
  /* Required for an agent; the server checks the ID number (GB 11643). */
  { "agent_name", WB_FIELD_TEXT, FALSE, NULL },
  { "agent_id_number", WB_FIELD_TEXT, FALSE, NULL },
};
static const WbFieldSpec archive_fields[] = {
  { "fees_collected", WB_FIELD_COUNT, TRUE, NULL },
};

typedef struct
{
  const char        *name;
  guint              from_states;
  WbDeliveryStage    stage;        /* required when from is `delivering` */
  gboolean           owner_only;   /* the assignee, or anyone while unassigned */
  const WbFieldSpec *fields;
  guint              n_fields;
} ActionRule;

#define FIELDS(f) f, G_N_ELEMENTS (f)

static const ActionRule rules[WB_N_ACTIONS] = {
  [WB_ACTION_CLAIM]               = { "claim", ACTIVE_STATES, WB_STAGE_NONE, FALSE, NULL, 0 },
  [WB_ACTION_ASSIGN]              = { "assign", ACTIVE_STATES, WB_STAGE_NONE, FALSE, FIELDS (assign_fields) },
  [WB_ACTION_PLATFORM_PASS]       = { "platform_pass", S(SUBMITTED), WB_STAGE_NONE, TRUE, NULL, 0 },
  [WB_ACTION_REQUEST_SUPPLEMENT]  = { "request_supplement", S(SUBMITTED) | S(UNIT_REVIEW), WB_STAGE_NONE, TRUE, FIELDS (supplement_fields) },
  [WB_ACTION_SUPPLEMENT_RECEIVED] = { "supplement_received", S(SUPPLEMENT), WB_STAGE_NONE, TRUE, NULL, 0 },
  [WB_ACTION_ACCEPT]              = { "accept", S(UNIT_REVIEW), WB_STAGE_NONE, TRUE, NULL, 0 },
  [WB_ACTION_APPROVE]             = { "approve", S(ACCEPTED), WB_STAGE_NONE, TRUE, FIELDS (approve_fields) },
  [WB_ACTION_REFUSE]              = { "refuse", S(SUBMITTED) | S(UNIT_REVIEW) | S(ACCEPTED), WB_STAGE_NONE, TRUE, FIELDS (refuse_fields) },
  [WB_ACTION_WITHDRAW]            = { "withdraw", S(SUPPLEMENT), WB_STAGE_NONE, TRUE, FIELDS (reason_fields) },
  [WB_ACTION_EXTEND_DEADLINE]     = { "extend_deadline", S(ACCEPTED), WB_STAGE_NONE, TRUE, FIELDS (extend_fields) },
  [WB_ACTION_CHOOSE_DELIVERY]     = { "choose_delivery", S(COMPLETED), WB_STAGE_NONE, TRUE, FIELDS (delivery_fields) },
  [WB_ACTION_SHIP]                = { "ship", S(DELIVERING), WB_STAGE_MAIL_PENDING, TRUE, FIELDS (ship_fields) },
  [WB_ACTION_CONFIRM_DELIVERY]    = { "confirm_delivery", S(DELIVERING), WB_STAGE_MAIL_SHIPPED, TRUE, NULL, 0 },
  [WB_ACTION_PRINT_READY]         = { "print_ready", S(DELIVERING), WB_STAGE_WINDOW_PRINTING, TRUE, NULL, 0 },
  [WB_ACTION_BOOK_PICKUP]         = { "book_pickup", S(DELIVERING), WB_STAGE_WINDOW_READY, TRUE, FIELDS (pickup_fields) },
  [WB_ACTION_HAND_OVER]           = { "hand_over", S(DELIVERING), WB_STAGE_WINDOW_BOOKED, TRUE, FIELDS (hand_over_fields) },
  [WB_ACTION_ARCHIVE]             = { "archive", S(DELIVERED) | S(REFUSED), WB_STAGE_NONE, TRUE, FIELDS (archive_fields) },
};

const char *
wb_case_state_to_string (WbCaseState state)
{
  g_return_val_if_fail (state < WB_N_STATES, NULL);
  return state_names[state].name;
}

const char *
wb_case_state_label_zh (WbCaseState state)
{
  g_return_val_if_fail (state < WB_N_STATES, NULL);
  return state_names[state].label_zh;
}

gboolean
wb_case_state_from_string (const char  *name,
                           WbCaseState *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < WB_N_STATES; i++)
    if (g_str_equal (state_names[i].name, name))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
wb_case_state_is_terminal (WbCaseState state)
{
  return state == WB_STATE_ARCHIVED || state == WB_STATE_WITHDRAWN;
}

/* The statutory clock runs from submission until the decision; it is
 * stopped while the applicant owes materials (行政许可法 Art. 32). */
gboolean
wb_case_state_clock_runs (WbCaseState state)
{
  return state == WB_STATE_SUBMITTED ||
         state == WB_STATE_UNIT_REVIEW ||
         state == WB_STATE_ACCEPTED;
}

const char *
wb_delivery_stage_to_string (WbDeliveryStage stage)
{
  g_return_val_if_fail (stage < WB_N_STAGES, NULL);
  return stage_names[stage];
}

gboolean
wb_delivery_stage_from_string (const char      *name,
                               WbDeliveryStage *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < WB_N_STAGES; i++)
    if (g_str_equal (stage_names[i], name))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
wb_case_action_to_string (WbCaseAction action)
{
  g_return_val_if_fail (action < WB_N_ACTIONS, NULL);
  return rules[action].name;
}

gboolean
wb_case_action_from_string (const char   *name,
                            WbCaseAction *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < WB_N_ACTIONS; i++)
    if (g_str_equal (rules[i].name, name))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const WbFieldSpec *
wb_case_action_fields (WbCaseAction  action,
                       guint        *n_fields)
{
  g_return_val_if_fail (action < WB_N_ACTIONS, NULL);
  *n_fields = rules[action].n_fields;
  return rules[action].fields;
}

gboolean
wb_case_flow_check (const WbCaseFacts  *facts,
                    WbCaseAction        action,
                    GError            **error)
{
  const ActionRule *rule;

  g_return_val_if_fail (action < WB_N_ACTIONS, FALSE);
  rule = &rules[action];

  /* Only handlers move cases, and only their own unit's (6.3). */
  if (!(facts->actor_roles & WB_ROLE_HANDLER))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                   "Only a handler may %s a case", rule->name);
      return FALSE;
    }
  if (!facts->actor_in_case_unit)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "This case belongs to another unit");
      return FALSE;
    }

  if (!(rule->from_states & (1u << facts->state)))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                   "Action %s is not possible while the case is %s",
                   rule->name, wb_case_state_to_string (facts->state));
      return FALSE;
    }
  /* A booked pickup can be moved to another slot: booking again frees
   * the old one. */
  if (facts->state == WB_STATE_DELIVERING && rule->stage != WB_STAGE_NONE &&
      rule->stage != facts->stage &&
      !(action == WB_ACTION_BOOK_PICKUP && facts->stage == WB_STAGE_WINDOW_BOOKED))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                   "Action %s is not possible while delivery is at %s",
                   rule->name, wb_delivery_stage_to_string (facts->stage));
      return FALSE;
    }

  /* 首问负责: the first handler to take a case answers for it. */
  if (rule->owner_only && facts->assignee == WB_ASSIGNEE_OTHER)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                   "The case is assigned to another handler; claim it first");
      return FALSE;
    }
  if (action == WB_ACTION_CLAIM && facts->assignee == WB_ASSIGNEE_SELF)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_CONFLICT,
                           "The case is already assigned to you");
      return FALSE;
    }
  if (action == WB_ACTION_EXTEND_DEADLINE && facts->deadline_extended)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_CONFLICT,
                           "The deadline has already been extended once");
      return FALSE;
    }

  return TRUE;
}

guint
wb_case_flow_allowed (const WbCaseFacts *facts,
                      WbCaseAction      *out_actions)
{
  guint n = 0;

  for (guint i = 0; i < WB_N_ACTIONS; i++)
    if (wb_case_flow_check (facts, i, NULL))
      out_actions[n++] = i;

  return n;
}

void
wb_case_flow_target (const WbCaseFacts *facts,
                     WbCaseAction       action,
                     JsonObject        *body,
                     WbCaseState       *out_state,
                     WbDeliveryStage   *out_stage)
{
  WbCaseState state = facts->state;
  WbDeliveryStage stage = facts->stage;

  switch (action)
    {
    case WB_ACTION_CLAIM:
    case WB_ACTION_ASSIGN:
    case WB_ACTION_EXTEND_DEADLINE:
      break;
    case WB_ACTION_PLATFORM_PASS:
    case WB_ACTION_SUPPLEMENT_RECEIVED:
      state = WB_STATE_UNIT_REVIEW;
      break;
    case WB_ACTION_REQUEST_SUPPLEMENT:
      state = WB_STATE_SUPPLEMENT;
      break;
    case WB_ACTION_ACCEPT:
      state = WB_STATE_ACCEPTED;
      break;
    case WB_ACTION_APPROVE:
      state = WB_STATE_COMPLETED;
      break;
    case WB_ACTION_REFUSE:
      state = WB_STATE_REFUSED;
      break;
    case WB_ACTION_WITHDRAW:
      state = WB_STATE_WITHDRAWN;
      break;
    case WB_ACTION_CHOOSE_DELIVERY:
      state = WB_STATE_DELIVERING;
      if (body != NULL && g_strcmp0 (wb_json_string (body, "method"), "mail") == 0)
        stage = WB_STAGE_MAIL_PENDING;
      else
        stage = WB_STAGE_WINDOW_PRINTING;
      break;
    case WB_ACTION_SHIP:
      stage = WB_STAGE_MAIL_SHIPPED;
      break;
    case WB_ACTION_PRINT_READY:
      stage = WB_STAGE_WINDOW_READY;
      break;
    case WB_ACTION_BOOK_PICKUP:
      stage = WB_STAGE_WINDOW_BOOKED;
      break;
    case WB_ACTION_CONFIRM_DELIVERY:
    case WB_ACTION_HAND_OVER:
      state = WB_STATE_DELIVERED;
      break;
    case WB_ACTION_ARCHIVE:
      state = WB_STATE_ARCHIVED;
      break;
    case WB_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }

  if (state != WB_STATE_DELIVERING)
    stage = WB_STAGE_NONE;

  *out_state = state;
  *out_stage = stage;
}

static gboolean
is_nonempty_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  return !wb_text_is_blank (json_node_get_string (node));
}

/* A value of the right shape that says nothing: blank text, or a list
 * with no items or a blank one. That is a decision lacking what it needs
 * (422), not a malformed request (400): the desk's forms apply the same
 * blank-text rule before sending. */
static gboolean
is_blank_value (const WbFieldSpec *spec,
                JsonNode          *node)
{
  if (spec->kind == WB_FIELD_TEXT_LIST)
    {
      JsonArray *array;
      guint n;
      gboolean blank;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      blank = n == 0;
      for (guint i = 0; i < n; i++)
        {
          JsonNode *el = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
            return FALSE;
          if (wb_text_is_blank (json_node_get_string (el)))
            blank = TRUE;
        }
      return blank;
    }

  if (spec->kind == WB_FIELD_COUNT || spec->kind == WB_FIELD_DAYS)
    return FALSE;
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         wb_text_is_blank (json_node_get_string (node));
}

static gboolean
check_field (const WbFieldSpec  *spec,
             JsonNode           *node,
             GError            **error)
{
  switch (spec->kind)
    {
    case WB_FIELD_TEXT:
      if (is_nonempty_string (node))
        return TRUE;
      break;

    case WB_FIELD_TEXT_LIST:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);

          for (guint i = 0; i < n; i++)
            if (!is_nonempty_string (json_array_get_element (array, i)))
              goto bad;
          if (n > 0)
            return TRUE;
        }
      break;

    case WB_FIELD_COUNT:
    case WB_FIELD_DAYS:
      if (JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (node);

          if (spec->kind == WB_FIELD_COUNT && v >= 0)
            return TRUE;
          if (spec->kind == WB_FIELD_DAYS && v >= 1 && v <= 10)
            return TRUE;
        }
      break;

    case WB_FIELD_DATE_TIME:
      if (is_nonempty_string (node))
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

          if (dt != NULL)
            return TRUE;
        }
      break;

    case WB_FIELD_CHOICE:
      if (is_nonempty_string (node) &&
          g_strv_contains (spec->choices, json_node_get_string (node)))
        return TRUE;
      break;

    default:
      g_assert_not_reached ();
    }

bad:
  {
    static const char *expect[] = {
      [WB_FIELD_TEXT] = "a non-empty string",
      [WB_FIELD_TEXT_LIST] = "a non-empty list of non-empty strings",
      [WB_FIELD_COUNT] = "a whole number of 0 or more",
      [WB_FIELD_DAYS] = "a whole number of days from 1 to 10",
      [WB_FIELD_DATE_TIME] = "an ISO 8601 date-time with a time zone",
      [WB_FIELD_CHOICE] = "one of the listed choices",
    };

    if (spec->kind == WB_FIELD_CHOICE)
      {
        g_autofree char *choices = g_strjoinv (", ", (char **) spec->choices);
        g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                     "Field “%s” must be one of: %s", spec->name, choices);
      }
    else
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "Field “%s” must be %s", spec->name, expect[spec->kind]);
  }
  return FALSE;
}

gboolean
wb_case_flow_validate_body (WbCaseAction   action,
                            JsonObject    *body,
                            GError       **error)
{
  const ActionRule *rule;

  g_return_val_if_fail (action < WB_N_ACTIONS, FALSE);
  rule = &rules[action];

  for (guint i = 0; i < rule->n_fields; i++)
    {
      const WbFieldSpec *spec = &rule->fields[i];
      JsonNode *node = body ? json_object_get_member (body, spec->name) : NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (spec->required)
            {
              g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                           "Field “%s” is required for %s", spec->name, rule->name);
              return FALSE;
            }
          continue;
        }
      if (is_blank_value (spec, node))
        {
          if (!spec->required)
            g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                         "Field “%s” must not be blank; leave it out instead", spec->name);
          else if (spec->kind == WB_FIELD_TEXT_LIST)
            g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                         "Field “%s” must list at least one item for %s, none of them blank",
                         spec->name, rule->name);
          else
            g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                         "Field “%s” is required for %s and must not be blank",
                         spec->name, rule->name);
          return FALSE;
        }

      if (!check_field (spec, node, error))
        return FALSE;
    }

  if (action == WB_ACTION_CHOOSE_DELIVERY &&
      g_strcmp0 (wb_json_string (body, "method"), "mail") == 0 &&
      !is_nonempty_string (json_object_get_member (body, "address")))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                           "Field “address” is required when the certificate is mailed");
      return FALSE;
    }

  return TRUE;
}
