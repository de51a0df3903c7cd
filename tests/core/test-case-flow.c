/* test-case-flow.c: the case state machine as a caseworker meets it
 *
 * The expected rules below are written out from ARCHITECTURE.md "The case"
 * and the standard's Figure 1, not read back from wb-case-flow.c, so a slip
 * in the code's table shows up here as a difference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "wb-case-flow.h"
#include "wb-error.h"

/* Every place a case can stand: each state, and inside `delivering` each
 * stage. No other state/stage pair can occur. */
typedef struct
{
  WbCaseState     state;
  WbDeliveryStage stage;
} Position;

static const Position positions[] = {
  { WB_STATE_SUBMITTED,   WB_STAGE_NONE },
  { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
  { WB_STATE_SUPPLEMENT,  WB_STAGE_NONE },
  { WB_STATE_ACCEPTED,    WB_STAGE_NONE },
  { WB_STATE_COMPLETED,   WB_STAGE_NONE },
  { WB_STATE_DELIVERING,  WB_STAGE_MAIL_PENDING },
  { WB_STATE_DELIVERING,  WB_STAGE_MAIL_SHIPPED },
  { WB_STATE_DELIVERING,  WB_STAGE_WINDOW_PRINTING },
  { WB_STATE_DELIVERING,  WB_STAGE_WINDOW_READY },
  { WB_STATE_DELIVERING,  WB_STAGE_WINDOW_BOOKED },
  { WB_STATE_DELIVERED,   WB_STAGE_NONE },
  { WB_STATE_REFUSED,     WB_STAGE_NONE },
  { WB_STATE_ARCHIVED,    WB_STAGE_NONE },
  { WB_STATE_WITHDRAWN,   WB_STAGE_NONE },
};

static const WbRole non_handler_roles[] = {
  WB_ROLE_VIEWER,
  WB_ROLE_STATISTICIAN,
  WB_ROLE_COMPLAINT,
  WB_ROLE_SYSADMIN,
  WB_ROLE_BIZADMIN,
  WB_ROLE_ANNOUNCER,
  WB_ROLE_AUDITOR,
};

static const WbAssigneeRelation assignees[] = {
  WB_ASSIGNEE_NONE,
  WB_ASSIGNEE_SELF,
  WB_ASSIGNEE_OTHER,
};

#define SUPPLEMENT_BODY \
  "{\"missing\": [\"户口簿首页复印件\", \"近期免冠照片\"], \"note\": \"照片需白底\"}"
#define APPROVE_BODY "{\"result\": \"准予办理，制发居住证\"}"
#define REFUSE_BODY \
  "{\"legal_basis\": \"《中华人民共和国行政许可法》第三十八条第二款\", " \
  "\"reason\": \"申请人不符合居住证申领条件\"}"
#define WITHDRAW_BODY "{\"reason\": \"申请人电话告知撤回申请\"}"
#define EXTEND_BODY "{\"days\": 10, \"reason\": \"需赴外省核查户籍信息\"}"
#define MAIL_BODY \
  "{\"method\": \"mail\", \"address\": \"辽宁省沈阳市和平区南京北街1号 张三 13812345678\"}"
#define WINDOW_BODY "{\"method\": \"window\"}"
#define SHIP_BODY "{\"courier\": \"EMS\", \"tracking_no\": \"1178234567890\"}"
#define PICKUP_BODY "{\"slot_id\": 7}"
#define HAND_OVER_BODY "{\"collector\": \"applicant\"}"
#define ARCHIVE_BODY "{\"fees_collected\": 0}"

/* The architecture's table, one row per (from, action), plus the once-only
 * deadline extension, which leaves the case where it is. */
typedef struct
{
  WbCaseState     from;
  WbDeliveryStage from_stage;
  WbCaseAction    action;
  const char     *body;
  WbCaseState     to;
  WbDeliveryStage to_stage;
} Transition;

static const Transition transitions[] = {
  { WB_STATE_SUBMITTED, WB_STAGE_NONE, WB_ACTION_PLATFORM_PASS, NULL,
    WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
  { WB_STATE_SUBMITTED, WB_STAGE_NONE, WB_ACTION_REQUEST_SUPPLEMENT, SUPPLEMENT_BODY,
    WB_STATE_SUPPLEMENT, WB_STAGE_NONE },
  { WB_STATE_SUBMITTED, WB_STAGE_NONE, WB_ACTION_REFUSE, REFUSE_BODY,
    WB_STATE_REFUSED, WB_STAGE_NONE },

  { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE, WB_ACTION_ACCEPT, NULL,
    WB_STATE_ACCEPTED, WB_STAGE_NONE },
  { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE, WB_ACTION_REQUEST_SUPPLEMENT, SUPPLEMENT_BODY,
    WB_STATE_SUPPLEMENT, WB_STAGE_NONE },
  { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE, WB_ACTION_REFUSE, REFUSE_BODY,
    WB_STATE_REFUSED, WB_STAGE_NONE },

  { WB_STATE_SUPPLEMENT, WB_STAGE_NONE, WB_ACTION_SUPPLEMENT_RECEIVED, NULL,
    WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
  { WB_STATE_SUPPLEMENT, WB_STAGE_NONE, WB_ACTION_WITHDRAW, WITHDRAW_BODY,
    WB_STATE_WITHDRAWN, WB_STAGE_NONE },

  { WB_STATE_ACCEPTED, WB_STAGE_NONE, WB_ACTION_APPROVE, APPROVE_BODY,
    WB_STATE_COMPLETED, WB_STAGE_NONE },
  { WB_STATE_ACCEPTED, WB_STAGE_NONE, WB_ACTION_REFUSE, REFUSE_BODY,
    WB_STATE_REFUSED, WB_STAGE_NONE },
  { WB_STATE_ACCEPTED, WB_STAGE_NONE, WB_ACTION_EXTEND_DEADLINE, EXTEND_BODY,
    WB_STATE_ACCEPTED, WB_STAGE_NONE },

  { WB_STATE_COMPLETED, WB_STAGE_NONE, WB_ACTION_CHOOSE_DELIVERY, MAIL_BODY,
    WB_STATE_DELIVERING, WB_STAGE_MAIL_PENDING },
  { WB_STATE_COMPLETED, WB_STAGE_NONE, WB_ACTION_CHOOSE_DELIVERY, WINDOW_BODY,
    WB_STATE_DELIVERING, WB_STAGE_WINDOW_PRINTING },

  /* Mail: ship, then confirm receipt. */
  { WB_STATE_DELIVERING, WB_STAGE_MAIL_PENDING, WB_ACTION_SHIP, SHIP_BODY,
    WB_STATE_DELIVERING, WB_STAGE_MAIL_SHIPPED },
  { WB_STATE_DELIVERING, WB_STAGE_MAIL_SHIPPED, WB_ACTION_CONFIRM_DELIVERY, NULL,
    WB_STATE_DELIVERED, WB_STAGE_NONE },

  /* Window: printed, pickup slot booked, handed over. */
  { WB_STATE_DELIVERING, WB_STAGE_WINDOW_PRINTING, WB_ACTION_PRINT_READY, NULL,
    WB_STATE_DELIVERING, WB_STAGE_WINDOW_READY },
  { WB_STATE_DELIVERING, WB_STAGE_WINDOW_READY, WB_ACTION_BOOK_PICKUP, PICKUP_BODY,
    WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED },
  /* Booking again moves the pickup to another slot. */
  { WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED, WB_ACTION_BOOK_PICKUP, PICKUP_BODY,
    WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED },
  { WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED, WB_ACTION_HAND_OVER, HAND_OVER_BODY,
    WB_STATE_DELIVERED, WB_STAGE_NONE },

  { WB_STATE_DELIVERED, WB_STAGE_NONE, WB_ACTION_ARCHIVE, ARCHIVE_BODY,
    WB_STATE_ARCHIVED, WB_STAGE_NONE },
  { WB_STATE_REFUSED, WB_STAGE_NONE, WB_ACTION_ARCHIVE, ARCHIVE_BODY,
    WB_STATE_ARCHIVED, WB_STAGE_NONE },
};

/* ---- helpers ---------------------------------------------------------- */

static JsonObject *
object_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Any JSON value, scalars included, via a wrapping object. */
static JsonNode *
value_from_json (const char *json)
{
  g_autofree char *wrapped = g_strdup_printf ("{\"v\": %s}", json);
  g_autoptr(JsonObject) object = object_from_json (wrapped);

  return json_node_copy (json_object_get_member (object, "v"));
}

static gboolean
is_terminal (WbCaseState state)
{
  return state == WB_STATE_ARCHIVED || state == WB_STATE_WITHDRAWN;
}

static gboolean
is_bookkeeping (WbCaseAction action)
{
  return action == WB_ACTION_CLAIM || action == WB_ACTION_ASSIGN;
}

static const Transition *
find_transition (Position     pos,
                 WbCaseAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == pos.state &&
        transitions[i].from_stage == pos.stage &&
        transitions[i].action == action)
      return &transitions[i];
  return NULL;
}

/* What a handler of the case's unit may do, from the table above. */
static gboolean
expect_handler_may (Position           pos,
                    WbCaseAction       action,
                    WbAssigneeRelation assignee,
                    gboolean           deadline_extended)
{
  if (is_terminal (pos.state))
    return FALSE;
  if (action == WB_ACTION_CLAIM)
    return assignee != WB_ASSIGNEE_SELF;
  if (action == WB_ACTION_ASSIGN)
    return TRUE;
  if (action == WB_ACTION_EXTEND_DEADLINE && deadline_extended)
    return FALSE;
  return find_transition (pos, action) != NULL && assignee != WB_ASSIGNEE_OTHER;
}

static WbCaseFacts
make_facts (WbRoles            roles,
            gboolean           in_unit,
            WbAssigneeRelation assignee,
            Position           pos,
            gboolean           deadline_extended)
{
  WbCaseFacts facts = {
    .actor_roles = roles,
    .actor_in_case_unit = in_unit,
    .assignee = assignee,
    .state = pos.state,
    .stage = pos.stage,
    .deadline_extended = deadline_extended,
  };

  return facts;
}

static const char *
assignee_name (WbAssigneeRelation assignee)
{
  switch (assignee)
    {
    case WB_ASSIGNEE_NONE:
      return "unassigned";
    case WB_ASSIGNEE_SELF:
      return "self";
    case WB_ASSIGNEE_OTHER:
      return "other";
    default:
      return "?";
    }
}

static char *
describe (const WbCaseFacts *facts,
          WbCaseAction       action)
{
  return g_strdup_printf ("%s at %s/%s (roles 0x%x, %s unit, assignee %s%s)",
                          wb_case_action_to_string (action),
                          wb_case_state_to_string (facts->state),
                          wb_delivery_stage_to_string (facts->stage),
                          facts->actor_roles,
                          facts->actor_in_case_unit ? "own" : "other",
                          assignee_name (facts->assignee),
                          facts->deadline_extended ? ", deadline extended" : "");
}

/* The table tests tally every difference and fail once at the end, so one
 * wrong cell does not hide the others. */
typedef struct
{
  guint checked;
  guint failed;
} Tally;

static void
expect_allowed (Tally             *tally,
                const WbCaseFacts *facts,
                WbCaseAction       action)
{
  g_autoptr(GError) error = NULL;

  tally->checked++;
  if (wb_case_flow_check (facts, action, &error))
    {
      if (error != NULL)
        {
          g_autofree char *what = describe (facts, action);

          g_test_message ("%s: allowed but set an error", what);
          tally->failed++;
        }
      return;
    }

  {
    g_autofree char *what = describe (facts, action);

    g_test_message ("expected allowed: %s; refused: %s", what,
                    error != NULL ? error->message : "(no error set)");
    tally->failed++;
  }
}

/* code < 0: refused with any WB_ERROR code. */
static void
expect_refused (Tally             *tally,
                const WbCaseFacts *facts,
                WbCaseAction       action,
                int                code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;

  tally->checked++;
  if (wb_case_flow_check (facts, action, &error))
    {
      what = describe (facts, action);
      g_test_message ("expected refused: %s; it was allowed", what);
      tally->failed++;
      return;
    }

  if (error == NULL)
    {
      what = describe (facts, action);
      g_test_message ("%s: refused without an error", what);
      tally->failed++;
    }
  else if (error->domain != WB_ERROR || (code >= 0 && error->code != code))
    {
      what = describe (facts, action);
      g_test_message ("%s: expected %s, got %s (%s)", what,
                      code >= 0 ? wb_error_code_name (code) : "a WB_ERROR",
                      error->domain == WB_ERROR ? wb_error_code_name (error->code) : "foreign domain",
                      error->message);
      tally->failed++;
    }
}

static void
tally_finish (Tally *tally)
{
  g_assert_cmpuint (tally->checked, >, 0);
  if (tally->failed > 0)
    g_test_fail_printf ("%u of %u checks differ from the expected rules (listed above)",
                        tally->failed, tally->checked);
}

static void
assert_check_ok (const WbCaseFacts *facts,
                 WbCaseAction       action)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_case_flow_check (facts, action, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
assert_check_fails (const WbCaseFacts *facts,
                    WbCaseAction       action,
                    int                code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_case_flow_check (facts, action, &error);

  g_assert_error (error, WB_ERROR, code);
  g_assert_false (ok);
}

/* ---- (1) the transition table ----------------------------------------- */

static void
check_table_for (WbAssigneeRelation assignee)
{
  Tally tally = { 0, 0 };

  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    for (guint a = 0; a < WB_N_ACTIONS; a++)
      {
        WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, assignee, positions[p], FALSE);

        if (expect_handler_may (positions[p], a, assignee, FALSE))
          expect_allowed (&tally, &facts, a);
        else
          /* Wrong state or stage, or claiming one's own case. */
          expect_refused (&tally, &facts, a, WB_ERROR_CONFLICT);
      }

  tally_finish (&tally);
}

static void
test_table_assignee (void)
{
  check_table_for (WB_ASSIGNEE_SELF);
}

static void
test_table_unassigned (void)
{
  check_table_for (WB_ASSIGNEE_NONE);
}

/* Claim and assign only change who holds the case, in every active state
 * and every delivery stage: a colleague must be able to take over a case
 * that waits for hand-over while its handler is away. */
static void
test_table_bookkeeping_in_delivery (void)
{
  Tally tally = { 0, 0 };

  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    for (guint i = 0; i < G_N_ELEMENTS (assignees); i++)
      {
        WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, assignees[i], positions[p], FALSE);

        if (is_terminal (positions[p].state))
          {
            expect_refused (&tally, &facts, WB_ACTION_CLAIM, WB_ERROR_CONFLICT);
            expect_refused (&tally, &facts, WB_ACTION_ASSIGN, WB_ERROR_CONFLICT);
            continue;
          }

        if (assignees[i] == WB_ASSIGNEE_SELF)
          expect_refused (&tally, &facts, WB_ACTION_CLAIM, WB_ERROR_CONFLICT);
        else
          expect_allowed (&tally, &facts, WB_ACTION_CLAIM);
        expect_allowed (&tally, &facts, WB_ACTION_ASSIGN);
      }

  tally_finish (&tally);
}

static void
test_target_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      const Transition *t = &transitions[i];
      Position from = { t->from, t->from_stage };
      WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, WB_ASSIGNEE_SELF, from, FALSE);
      g_autoptr(JsonObject) body = t->body != NULL ? object_from_json (t->body) : NULL;
      g_autoptr(GError) error = NULL;
      WbCaseState state = WB_N_STATES;
      WbDeliveryStage stage = WB_N_STAGES;

      g_test_message ("%s from %s/%s", wb_case_action_to_string (t->action),
                      wb_case_state_to_string (t->from),
                      wb_delivery_stage_to_string (t->from_stage));

      g_assert_true (wb_case_flow_validate_body (t->action, body, &error));
      g_assert_no_error (error);
      assert_check_ok (&facts, t->action);

      wb_case_flow_target (&facts, t->action, body, &state, &stage);
      g_assert_cmpstr (wb_case_state_to_string (state), ==, wb_case_state_to_string (t->to));
      g_assert_cmpstr (wb_delivery_stage_to_string (stage), ==, wb_delivery_stage_to_string (t->to_stage));
    }
}

static void
test_target_bookkeeping (void)
{
  g_autoptr(JsonObject) assign_body = object_from_json ("{\"assignee\": \"u-1024\"}");

  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    {
      WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, WB_ASSIGNEE_NONE, positions[p], FALSE);
      WbCaseState state = WB_N_STATES;
      WbDeliveryStage stage = WB_N_STAGES;

      if (is_terminal (positions[p].state))
        continue;

      wb_case_flow_target (&facts, WB_ACTION_CLAIM, NULL, &state, &stage);
      g_assert_cmpint (state, ==, positions[p].state);
      g_assert_cmpint (stage, ==, positions[p].stage);

      state = WB_N_STATES;
      stage = WB_N_STAGES;
      wb_case_flow_target (&facts, WB_ACTION_ASSIGN, assign_body, &state, &stage);
      g_assert_cmpint (state, ==, positions[p].state);
      g_assert_cmpint (stage, ==, positions[p].stage);
    }
}

/* ---- whole cases, step by step ---------------------------------------- */

typedef struct
{
  WbCaseAction    action;
  const char     *body;
  WbCaseState     state;
  WbDeliveryStage stage;
} Step;

static void
walk (const Step *steps,
      guint       n_steps)
{
  WbCaseFacts facts = {
    .actor_roles = WB_ROLE_HANDLER,
    .actor_in_case_unit = TRUE,
    .assignee = WB_ASSIGNEE_NONE,
    .state = WB_STATE_SUBMITTED,
    .stage = WB_STAGE_NONE,
    .deadline_extended = FALSE,
  };
  WbCaseAction allowed[WB_N_ACTIONS];
  guint n;

  for (guint i = 0; i < n_steps; i++)
    {
      const Step *step = &steps[i];
      g_autoptr(JsonObject) body = step->body != NULL ? object_from_json (step->body) : NULL;
      g_autoptr(GError) error = NULL;
      WbCaseState state = WB_N_STATES;
      WbDeliveryStage stage = WB_N_STAGES;
      gboolean offered = FALSE;

      g_test_message ("step %u: %s at %s/%s", i, wb_case_action_to_string (step->action),
                      wb_case_state_to_string (facts.state),
                      wb_delivery_stage_to_string (facts.stage));

      /* The desk offers the action the caseworker wants next. */
      n = wb_case_flow_allowed (&facts, allowed);
      for (guint j = 0; j < n; j++)
        if (allowed[j] == step->action)
          offered = TRUE;
      g_assert_true (offered);

      g_assert_true (wb_case_flow_validate_body (step->action, body, &error));
      g_assert_no_error (error);
      assert_check_ok (&facts, step->action);

      wb_case_flow_target (&facts, step->action, body, &state, &stage);
      g_assert_cmpstr (wb_case_state_to_string (state), ==, wb_case_state_to_string (step->state));
      g_assert_cmpstr (wb_delivery_stage_to_string (stage), ==, wb_delivery_stage_to_string (step->stage));

      facts.state = state;
      facts.stage = stage;
      if (step->action == WB_ACTION_CLAIM)
        facts.assignee = WB_ASSIGNEE_SELF;
      if (step->action == WB_ACTION_EXTEND_DEADLINE)
        facts.deadline_extended = TRUE;
    }

  /* Every walk ends in a terminal state, where nothing more happens. */
  g_assert_true (wb_case_state_is_terminal (facts.state));
  n = wb_case_flow_allowed (&facts, allowed);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_walk_mail (void)
{
  static const Step steps[] = {
    { WB_ACTION_CLAIM, NULL, WB_STATE_SUBMITTED, WB_STAGE_NONE },
    { WB_ACTION_PLATFORM_PASS, NULL, WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
    { WB_ACTION_ACCEPT, NULL, WB_STATE_ACCEPTED, WB_STAGE_NONE },
    { WB_ACTION_EXTEND_DEADLINE, EXTEND_BODY, WB_STATE_ACCEPTED, WB_STAGE_NONE },
    { WB_ACTION_APPROVE, APPROVE_BODY, WB_STATE_COMPLETED, WB_STAGE_NONE },
    { WB_ACTION_CHOOSE_DELIVERY, MAIL_BODY, WB_STATE_DELIVERING, WB_STAGE_MAIL_PENDING },
    { WB_ACTION_SHIP, SHIP_BODY, WB_STATE_DELIVERING, WB_STAGE_MAIL_SHIPPED },
    { WB_ACTION_CONFIRM_DELIVERY, NULL, WB_STATE_DELIVERED, WB_STAGE_NONE },
    { WB_ACTION_ARCHIVE, ARCHIVE_BODY, WB_STATE_ARCHIVED, WB_STAGE_NONE },
  };

  walk (steps, G_N_ELEMENTS (steps));
}

static void
test_walk_window (void)
{
  static const Step steps[] = {
    { WB_ACTION_CLAIM, NULL, WB_STATE_SUBMITTED, WB_STAGE_NONE },
    { WB_ACTION_PLATFORM_PASS, NULL, WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
    { WB_ACTION_REQUEST_SUPPLEMENT, SUPPLEMENT_BODY, WB_STATE_SUPPLEMENT, WB_STAGE_NONE },
    { WB_ACTION_SUPPLEMENT_RECEIVED, NULL, WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
    { WB_ACTION_ACCEPT, NULL, WB_STATE_ACCEPTED, WB_STAGE_NONE },
    { WB_ACTION_APPROVE, APPROVE_BODY, WB_STATE_COMPLETED, WB_STAGE_NONE },
    { WB_ACTION_CHOOSE_DELIVERY, WINDOW_BODY, WB_STATE_DELIVERING, WB_STAGE_WINDOW_PRINTING },
    { WB_ACTION_PRINT_READY, NULL, WB_STATE_DELIVERING, WB_STAGE_WINDOW_READY },
    { WB_ACTION_BOOK_PICKUP, PICKUP_BODY, WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED },
    { WB_ACTION_HAND_OVER, HAND_OVER_BODY, WB_STATE_DELIVERED, WB_STAGE_NONE },
    { WB_ACTION_ARCHIVE, ARCHIVE_BODY, WB_STATE_ARCHIVED, WB_STAGE_NONE },
  };

  walk (steps, G_N_ELEMENTS (steps));
}

static void
test_walk_refused (void)
{
  static const Step at_platform[] = {
    { WB_ACTION_REFUSE, REFUSE_BODY, WB_STATE_REFUSED, WB_STAGE_NONE },
    { WB_ACTION_ARCHIVE, ARCHIVE_BODY, WB_STATE_ARCHIVED, WB_STAGE_NONE },
  };
  static const Step at_unit[] = {
    { WB_ACTION_PLATFORM_PASS, NULL, WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
    { WB_ACTION_REFUSE, REFUSE_BODY, WB_STATE_REFUSED, WB_STAGE_NONE },
    { WB_ACTION_ARCHIVE, ARCHIVE_BODY, WB_STATE_ARCHIVED, WB_STAGE_NONE },
  };
  static const Step after_acceptance[] = {
    { WB_ACTION_PLATFORM_PASS, NULL, WB_STATE_UNIT_REVIEW, WB_STAGE_NONE },
    { WB_ACTION_ACCEPT, NULL, WB_STATE_ACCEPTED, WB_STAGE_NONE },
    { WB_ACTION_REFUSE, REFUSE_BODY, WB_STATE_REFUSED, WB_STAGE_NONE },
    { WB_ACTION_ARCHIVE, ARCHIVE_BODY, WB_STATE_ARCHIVED, WB_STAGE_NONE },
  };

  walk (at_platform, G_N_ELEMENTS (at_platform));
  walk (at_unit, G_N_ELEMENTS (at_unit));
  walk (after_acceptance, G_N_ELEMENTS (after_acceptance));
}

static void
test_walk_withdrawn (void)
{
  static const Step steps[] = {
    { WB_ACTION_REQUEST_SUPPLEMENT, SUPPLEMENT_BODY, WB_STATE_SUPPLEMENT, WB_STAGE_NONE },
    { WB_ACTION_WITHDRAW, WITHDRAW_BODY, WB_STATE_WITHDRAWN, WB_STAGE_NONE },
  };

  walk (steps, G_N_ELEMENTS (steps));
}

static void
test_terminal (void)
{
  for (guint s = 0; s < WB_N_STATES; s++)
    g_assert_cmpint (wb_case_state_is_terminal (s), ==, is_terminal (s));

  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    {
      if (!is_terminal (positions[p].state))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (assignees); i++)
        for (guint e = 0; e < 2; e++)
          {
            WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, assignees[i], positions[p], e);
            WbCaseAction allowed[WB_N_ACTIONS];

            g_assert_cmpuint (wb_case_flow_allowed (&facts, allowed), ==, 0);
            for (guint a = 0; a < WB_N_ACTIONS; a++)
              assert_check_fails (&facts, a, WB_ERROR_CONFLICT);
          }
    }
}

/* ---- (2) roles ------------------------------------------------------- */

static void
refuse_everything (Tally   *tally,
                   WbRoles  roles,
                   gboolean in_unit)
{
  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    for (guint i = 0; i < G_N_ELEMENTS (assignees); i++)
      for (guint e = 0; e < 2; e++)
        {
          WbCaseFacts facts = make_facts (roles, in_unit, assignees[i], positions[p], e);

          for (guint a = 0; a < WB_N_ACTIONS; a++)
            expect_refused (tally, &facts, a, WB_ERROR_FORBIDDEN);
        }
}

static void
test_roles_non_handler (void)
{
  Tally tally = { 0, 0 };
  WbRoles all_others = 0;

  for (guint r = 0; r < G_N_ELEMENTS (non_handler_roles); r++)
    {
      refuse_everything (&tally, non_handler_roles[r], TRUE);
      refuse_everything (&tally, non_handler_roles[r], FALSE);
      all_others |= non_handler_roles[r];
    }

  /* Holding every other role together still does not make a handler. */
  refuse_everything (&tally, all_others, TRUE);
  /* Nor does holding no role at all. */
  refuse_everything (&tally, 0, TRUE);

  tally_finish (&tally);
}

static void
test_roles_other_unit (void)
{
  Tally tally = { 0, 0 };

  refuse_everything (&tally, WB_ROLE_HANDLER, FALSE);
  refuse_everything (&tally, WB_ROLE_HANDLER | WB_ROLE_BIZADMIN | WB_ROLE_SYSADMIN, FALSE);

  tally_finish (&tally);
}

/* A handler who also holds an allowed second role still handles. */
static void
test_roles_handler_plus (void)
{
  static const WbRoles sets[] = {
    WB_ROLE_HANDLER | WB_ROLE_BIZADMIN,
    WB_ROLE_HANDLER | WB_ROLE_STATISTICIAN | WB_ROLE_ANNOUNCER,
    WB_ROLE_HANDLER | WB_ROLE_SYSADMIN,
  };
  Tally tally = { 0, 0 };

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
      for (guint a = 0; a < WB_N_ACTIONS; a++)
        {
          WbCaseFacts facts = make_facts (sets[s], TRUE, WB_ASSIGNEE_NONE, positions[p], FALSE);

          if (expect_handler_may (positions[p], a, WB_ASSIGNEE_NONE, FALSE))
            expect_allowed (&tally, &facts, a);
          else
            expect_refused (&tally, &facts, a, WB_ERROR_CONFLICT);
        }

  tally_finish (&tally);
}

/* ---- (3) the assignee (首问负责) --------------------------------------- */

static void
test_assignee_other (void)
{
  Tally tally = { 0, 0 };

  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    for (guint a = 0; a < WB_N_ACTIONS; a++)
      {
        WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, WB_ASSIGNEE_OTHER, positions[p], FALSE);

        if (is_terminal (positions[p].state))
          expect_refused (&tally, &facts, a, WB_ERROR_CONFLICT);
        else if (is_bookkeeping (a))
          /* Take it over, or hand it on. */
          expect_allowed (&tally, &facts, a);
        else if (find_transition (positions[p], a) != NULL)
          /* Right state, wrong person. */
          expect_refused (&tally, &facts, a, WB_ERROR_FORBIDDEN);
        else
          expect_refused (&tally, &facts, a, -1);
      }

  tally_finish (&tally);

  /* The plain cases, spelled out. */
  {
    Position review = { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE };
    WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, WB_ASSIGNEE_OTHER, review, FALSE);

    assert_check_fails (&facts, WB_ACTION_ACCEPT, WB_ERROR_FORBIDDEN);
    assert_check_fails (&facts, WB_ACTION_REFUSE, WB_ERROR_FORBIDDEN);
    assert_check_fails (&facts, WB_ACTION_REQUEST_SUPPLEMENT, WB_ERROR_FORBIDDEN);
    assert_check_ok (&facts, WB_ACTION_CLAIM);
    assert_check_ok (&facts, WB_ACTION_ASSIGN);
  }
}

static void
test_assignee_claim_own (void)
{
  for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
    {
      WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, WB_ASSIGNEE_SELF, positions[p], FALSE);

      assert_check_fails (&facts, WB_ACTION_CLAIM, WB_ERROR_CONFLICT);
    }
}

static void
test_assignee_unassigned (void)
{
  Tally tally = { 0, 0 };

  /* Anyone in the unit may work an unassigned case. */
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      Position from = { transitions[i].from, transitions[i].from_stage };
      WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, WB_ASSIGNEE_NONE, from, FALSE);

      expect_allowed (&tally, &facts, transitions[i].action);
    }

  tally_finish (&tally);
}

/* ---- (4) extend once, (5) state guards -------------------------------- */

static void
test_extend_once (void)
{
  Position accepted = { WB_STATE_ACCEPTED, WB_STAGE_NONE };

  for (guint i = 0; i < 2; i++)
    {
      WbAssigneeRelation who = i == 0 ? WB_ASSIGNEE_SELF : WB_ASSIGNEE_NONE;
      WbCaseFacts fresh = make_facts (WB_ROLE_HANDLER, TRUE, who, accepted, FALSE);
      WbCaseFacts extended = make_facts (WB_ROLE_HANDLER, TRUE, who, accepted, TRUE);

      assert_check_ok (&fresh, WB_ACTION_EXTEND_DEADLINE);
      assert_check_fails (&extended, WB_ACTION_EXTEND_DEADLINE, WB_ERROR_CONFLICT);

      /* The extended case still moves on. */
      assert_check_ok (&extended, WB_ACTION_APPROVE);
      assert_check_ok (&extended, WB_ACTION_REFUSE);
      assert_check_ok (&extended, WB_ACTION_ASSIGN);
    }
}

static void
test_state_guard (void)
{
  static const struct {
    WbCaseState     state;
    WbDeliveryStage stage;
    WbCaseAction    action;
  } wrong[] = {
    { WB_STATE_SUBMITTED, WB_STAGE_NONE, WB_ACTION_ACCEPT },
    { WB_STATE_SUBMITTED, WB_STAGE_NONE, WB_ACTION_APPROVE },
    { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE, WB_ACTION_PLATFORM_PASS },
    { WB_STATE_UNIT_REVIEW, WB_STAGE_NONE, WB_ACTION_APPROVE },
    { WB_STATE_SUPPLEMENT, WB_STAGE_NONE, WB_ACTION_ACCEPT },
    { WB_STATE_SUPPLEMENT, WB_STAGE_NONE, WB_ACTION_REQUEST_SUPPLEMENT },
    { WB_STATE_SUPPLEMENT, WB_STAGE_NONE, WB_ACTION_EXTEND_DEADLINE },
    { WB_STATE_ACCEPTED, WB_STAGE_NONE, WB_ACTION_REQUEST_SUPPLEMENT },
    { WB_STATE_ACCEPTED, WB_STAGE_NONE, WB_ACTION_WITHDRAW },
    { WB_STATE_COMPLETED, WB_STAGE_NONE, WB_ACTION_ARCHIVE },
    { WB_STATE_COMPLETED, WB_STAGE_NONE, WB_ACTION_REFUSE },
    { WB_STATE_COMPLETED, WB_STAGE_NONE, WB_ACTION_EXTEND_DEADLINE },
    { WB_STATE_COMPLETED, WB_STAGE_NONE, WB_ACTION_SHIP },
    { WB_STATE_DELIVERING, WB_STAGE_MAIL_PENDING, WB_ACTION_CONFIRM_DELIVERY },
    { WB_STATE_DELIVERING, WB_STAGE_MAIL_PENDING, WB_ACTION_CHOOSE_DELIVERY },
    { WB_STATE_DELIVERING, WB_STAGE_MAIL_PENDING, WB_ACTION_PRINT_READY },
    { WB_STATE_DELIVERING, WB_STAGE_MAIL_SHIPPED, WB_ACTION_SHIP },
    { WB_STATE_DELIVERING, WB_STAGE_MAIL_SHIPPED, WB_ACTION_HAND_OVER },
    { WB_STATE_DELIVERING, WB_STAGE_WINDOW_PRINTING, WB_ACTION_SHIP },
    { WB_STATE_DELIVERING, WB_STAGE_WINDOW_PRINTING, WB_ACTION_BOOK_PICKUP },
    { WB_STATE_DELIVERING, WB_STAGE_WINDOW_READY, WB_ACTION_PRINT_READY },
    { WB_STATE_DELIVERING, WB_STAGE_WINDOW_READY, WB_ACTION_HAND_OVER },
    { WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED, WB_ACTION_CONFIRM_DELIVERY },
    { WB_STATE_DELIVERING, WB_STAGE_WINDOW_BOOKED, WB_ACTION_ARCHIVE },
    { WB_STATE_DELIVERED, WB_STAGE_NONE, WB_ACTION_HAND_OVER },
    { WB_STATE_DELIVERED, WB_STAGE_NONE, WB_ACTION_REFUSE },
    { WB_STATE_REFUSED, WB_STAGE_NONE, WB_ACTION_ACCEPT },
    { WB_STATE_REFUSED, WB_STAGE_NONE, WB_ACTION_REFUSE },
    { WB_STATE_ARCHIVED, WB_STAGE_NONE, WB_ACTION_ARCHIVE },
    { WB_STATE_ARCHIVED, WB_STAGE_NONE, WB_ACTION_ASSIGN },
    { WB_STATE_WITHDRAWN, WB_STAGE_NONE, WB_ACTION_SUPPLEMENT_RECEIVED },
    { WB_STATE_WITHDRAWN, WB_STAGE_NONE, WB_ACTION_CLAIM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    for (guint j = 0; j < 2; j++)
      {
        Position pos = { wrong[i].state, wrong[i].stage };
        WbAssigneeRelation who = j == 0 ? WB_ASSIGNEE_SELF : WB_ASSIGNEE_NONE;
        WbCaseFacts facts = make_facts (WB_ROLE_HANDLER, TRUE, who, pos, FALSE);

        g_test_message ("%s at %s/%s", wb_case_action_to_string (wrong[i].action),
                        wb_case_state_to_string (pos.state),
                        wb_delivery_stage_to_string (pos.stage));
        g_assert_false (expect_handler_may (pos, wrong[i].action, who, FALSE));
        assert_check_fails (&facts, wrong[i].action, WB_ERROR_CONFLICT);
      }
}

/* ---- (6) the allowed list the desk shows ------------------------------ */

static void
test_allowed_matches_check (void)
{
  static const WbRoles role_sets[] = {
    WB_ROLE_HANDLER,
    WB_ROLE_HANDLER | WB_ROLE_BIZADMIN,
    WB_ROLE_VIEWER,
    WB_ROLE_SYSADMIN | WB_ROLE_BIZADMIN,
    0,
  };
  guint combinations = 0;

  for (guint r = 0; r < G_N_ELEMENTS (role_sets); r++)
    for (guint u = 0; u < 2; u++)
      for (guint i = 0; i < G_N_ELEMENTS (assignees); i++)
        for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
          for (guint e = 0; e < 2; e++)
            {
              WbCaseFacts facts = make_facts (role_sets[r], u == 0, assignees[i], positions[p], e);
              WbCaseAction allowed[WB_N_ACTIONS];
              guint32 from_allowed = 0;
              guint32 from_check = 0;
              guint32 expected = 0;
              guint n;

              n = wb_case_flow_allowed (&facts, allowed);
              g_assert_cmpuint (n, <=, WB_N_ACTIONS);
              for (guint k = 0; k < n; k++)
                {
                  g_assert_cmpuint (allowed[k], <, WB_N_ACTIONS);
                  /* Each action at most once. */
                  g_assert_false (from_allowed & (1u << allowed[k]));
                  from_allowed |= 1u << allowed[k];
                }

              for (guint a = 0; a < WB_N_ACTIONS; a++)
                {
                  if (wb_case_flow_check (&facts, a, NULL))
                    from_check |= 1u << a;
                  if ((role_sets[r] & WB_ROLE_HANDLER) && u == 0 &&
                      expect_handler_may (positions[p], a, assignees[i], e))
                    expected |= 1u << a;
                }

              g_assert_cmphex (from_allowed, ==, from_check);
              if (from_allowed != expected)
                {
                  g_test_message ("allowed set at %s/%s (roles 0x%x, %s unit, assignee %s%s): "
                                  "got 0x%x, expected 0x%x",
                                  wb_case_state_to_string (facts.state),
                                  wb_delivery_stage_to_string (facts.stage),
                                  facts.actor_roles, u == 0 ? "own" : "other",
                                  assignee_name (facts.assignee),
                                  e ? ", deadline extended" : "",
                                  from_allowed, expected);
                  g_test_fail ();
                }
              combinations++;
            }

  g_assert_cmpuint (combinations, ==, G_N_ELEMENTS (role_sets) * 2 * 3 * G_N_ELEMENTS (positions) * 2);
}

/* ---- (7) request bodies ---------------------------------------------- */

typedef struct
{
  WbCaseAction action;
  const char  *valid;          /* a small body that passes */
  const char  *required[3];    /* NULL-terminated */
} BodySpec;

/* Indexed by action. */
static const BodySpec body_specs[] = {
  { WB_ACTION_CLAIM, "{}", { NULL } },
  { WB_ACTION_ASSIGN, "{\"assignee\": \"u-1024\"}", { "assignee", NULL } },
  { WB_ACTION_PLATFORM_PASS, "{}", { NULL } },
  { WB_ACTION_REQUEST_SUPPLEMENT, "{\"missing\": [\"户口簿\"]}", { "missing", NULL } },
  { WB_ACTION_SUPPLEMENT_RECEIVED, "{}", { NULL } },
  { WB_ACTION_ACCEPT, "{}", { NULL } },
  { WB_ACTION_APPROVE, APPROVE_BODY, { "result", NULL } },
  { WB_ACTION_REFUSE, REFUSE_BODY, { "legal_basis", "reason", NULL } },
  { WB_ACTION_WITHDRAW, WITHDRAW_BODY, { "reason", NULL } },
  { WB_ACTION_EXTEND_DEADLINE, EXTEND_BODY, { "days", "reason", NULL } },
  { WB_ACTION_CHOOSE_DELIVERY, WINDOW_BODY, { "method", NULL } },
  { WB_ACTION_SHIP, SHIP_BODY, { "courier", "tracking_no", NULL } },
  { WB_ACTION_CONFIRM_DELIVERY, "{}", { NULL } },
  { WB_ACTION_PRINT_READY, "{}", { NULL } },
  { WB_ACTION_BOOK_PICKUP, PICKUP_BODY, { "slot_id", NULL } },
  { WB_ACTION_HAND_OVER, HAND_OVER_BODY, { "collector", NULL } },
  { WB_ACTION_ARCHIVE, ARCHIVE_BODY, { "fees_collected", NULL } },
};

G_STATIC_ASSERT (G_N_ELEMENTS (body_specs) == WB_N_ACTIONS);

static void
assert_body_ok (WbCaseAction  action,
                JsonObject   *body)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_case_flow_validate_body (action, body, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* A malformed body (a value of the wrong kind or out of range) is a bad
 * request, 400. */
static void
assert_body_invalid (WbCaseAction  action,
                     JsonObject   *body)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_case_flow_validate_body (action, body, &error);

  g_assert_error (error, WB_ERROR, WB_ERROR_INVALID);
  g_assert_false (ok);
}

/* A decision without a required field, or with it blank, is well formed
 * but lacks what the decision needs: 422, as the issue asks. */
static void
assert_body_incomplete (WbCaseAction  action,
                        JsonObject   *body)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_case_flow_validate_body (action, body, &error);

  g_assert_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE);
  g_assert_false (ok);
}

typedef enum
{
  ACCEPTED,
  MALFORMED,    /* 400 */
  INCOMPLETE,   /* 422 */
} BodyOutcome;

/* The action's valid body with one member replaced by a JSON value. */
static JsonObject *
body_with (WbCaseAction  action,
           const char   *field,
           const char   *value_json)
{
  JsonObject *body = object_from_json (body_specs[action].valid);

  json_object_set_member (body, field, value_from_json (value_json));
  return body;
}

static void
check_value (WbCaseAction  action,
             const char   *field,
             const char   *value_json,
             BodyOutcome   outcome)
{
  g_autoptr(JsonObject) body = body_with (action, field, value_json);

  g_test_message ("%s: %s = %s", wb_case_action_to_string (action), field, value_json);
  if (outcome == ACCEPTED)
    assert_body_ok (action, body);
  else if (outcome == MALFORMED)
    assert_body_invalid (action, body);
  else
    assert_body_incomplete (action, body);
}

static void
test_body_required (void)
{
  for (guint a = 0; a < WB_N_ACTIONS; a++)
    {
      const BodySpec *spec = &body_specs[a];
      g_autoptr(JsonObject) valid = NULL;
      g_autoptr(JsonObject) empty = object_from_json ("{}");
      const WbFieldSpec *fields;
      guint n_fields = 0;
      guint n_required = 0;
      guint n_listed = g_strv_length ((char **) spec->required);

      g_assert_cmpint (spec->action, ==, a);
      g_test_message ("%s", wb_case_action_to_string (a));

      valid = object_from_json (spec->valid);
      assert_body_ok (a, valid);

      /* The field list the server publishes agrees on what is required. */
      fields = wb_case_action_fields (a, &n_fields);
      for (guint f = 0; f < n_fields; f++)
        if (fields[f].required)
          {
            g_assert_true (g_strv_contains (spec->required, fields[f].name));
            n_required++;
          }
      g_assert_cmpuint (n_required, ==, n_listed);

      if (n_listed == 0)
        {
          assert_body_ok (a, NULL);
          assert_body_ok (a, empty);
          continue;
        }

      assert_body_incomplete (a, NULL);
      assert_body_incomplete (a, empty);

      for (guint r = 0; spec->required[r] != NULL; r++)
        {
          g_autoptr(JsonObject) missing = object_from_json (spec->valid);
          g_autoptr(JsonObject) null = body_with (a, spec->required[r], "null");

          json_object_remove_member (missing, spec->required[r]);
          assert_body_incomplete (a, missing);
          assert_body_incomplete (a, null);
        }
    }
}

static void
test_body_text (void)
{
  static const struct {
    WbCaseAction action;
    const char  *field;
  } text_fields[] = {
    { WB_ACTION_ASSIGN, "assignee" },
    { WB_ACTION_APPROVE, "result" },
    { WB_ACTION_REFUSE, "legal_basis" },
    { WB_ACTION_REFUSE, "reason" },
    { WB_ACTION_WITHDRAW, "reason" },
    { WB_ACTION_EXTEND_DEADLINE, "reason" },
    { WB_ACTION_SHIP, "courier" },
    { WB_ACTION_SHIP, "tracking_no" },
  };
  static const char * const blank[] = {
    "\"\"", "\"   \"", "\"\\n\\t\"", "\"\u3000\"",
  };
  static const char * const bad[] = {
    "42", "0", "true", "[]", "[\"u-1024\"]", "{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      check_value (text_fields[i].action, text_fields[i].field, "\"一段说明\"", ACCEPTED);
      for (guint b = 0; b < G_N_ELEMENTS (blank); b++)
        check_value (text_fields[i].action, text_fields[i].field, blank[b], INCOMPLETE);
      for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
        check_value (text_fields[i].action, text_fields[i].field, bad[b], MALFORMED);
    }
}

static void
test_body_text_list (void)
{
  static const char * const blank[] = {
    "[]",                         /* nothing listed */
    "[\"户口簿\", \"\"]",
    "[\"  \"]",
  };
  static const char * const bad[] = {
    "\"户口簿\"",                 /* a string, not a list */
    "[1]",
    "[\"户口簿\", 2]",            /* one non-string in the list */
    "[\"户口簿\", true]",
    "[\"户口簿\", null]",
    "[\"户口簿\", [\"照片\"]]",
    "[\"\", 2]",                  /* malformed outweighs blank */
    "{\"0\": \"户口簿\"}",
    "3",
  };

  check_value (WB_ACTION_REQUEST_SUPPLEMENT, "missing", "[\"户口簿\"]", ACCEPTED);
  check_value (WB_ACTION_REQUEST_SUPPLEMENT, "missing", "[\"户口簿\", \"近期免冠照片\", \"居住证明\"]", ACCEPTED);
  for (guint b = 0; b < G_N_ELEMENTS (blank); b++)
    check_value (WB_ACTION_REQUEST_SUPPLEMENT, "missing", blank[b], INCOMPLETE);
  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    check_value (WB_ACTION_REQUEST_SUPPLEMENT, "missing", bad[b], MALFORMED);

  /* A second request gives its reason in an optional text field; an
   * optional field sent blank says nothing either. */
  check_value (WB_ACTION_REQUEST_SUPPLEMENT, "reason", "\"首次告知遗漏婚姻证明\"", ACCEPTED);
  check_value (WB_ACTION_REQUEST_SUPPLEMENT, "reason", "7", MALFORMED);
  check_value (WB_ACTION_REQUEST_SUPPLEMENT, "reason", "\"  \"", INCOMPLETE);
  check_value (WB_ACTION_REQUEST_SUPPLEMENT, "note", "\"\"", INCOMPLETE);
}

static void
test_body_days (void)
{
  static const char * const good[] = { "1", "2", "5", "10" };
  static const char * const bad[] = {
    "0", "11", "-1", "100", "\"5\"", "\"\"", "5.5", "true", "[5]",
  };

  for (guint g = 0; g < G_N_ELEMENTS (good); g++)
    check_value (WB_ACTION_EXTEND_DEADLINE, "days", good[g], ACCEPTED);
  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    check_value (WB_ACTION_EXTEND_DEADLINE, "days", bad[b], MALFORMED);
}

static void
test_body_count (void)
{
  static const char * const good[] = { "0", "1", "250" };
  static const char * const bad[] = { "-1", "\"0\"", "\"\"", "1.5", "false", "[]" };

  for (guint g = 0; g < G_N_ELEMENTS (good); g++)
    check_value (WB_ACTION_ARCHIVE, "fees_collected", good[g], ACCEPTED);
  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    check_value (WB_ACTION_ARCHIVE, "fees_collected", bad[b], MALFORMED);
}

/* A pickup names a slot the unit opened, by its id; whether it exists
 * and has room is the server's to say. */
static void
test_body_pickup (void)
{
  static const char * const bad[] = {
    "\"2025-05-06T09:30:00+08:00\"", "\"7\"", "-1", "7.5", "true", "[7]", "{}",
  };

  check_value (WB_ACTION_BOOK_PICKUP, "slot_id", "7", ACCEPTED);
  check_value (WB_ACTION_BOOK_PICKUP, "slot_id", "123456789", ACCEPTED);
  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    check_value (WB_ACTION_BOOK_PICKUP, "slot_id", bad[b], MALFORMED);
}

/* Who collected the certificate: the applicant, or an agent (whose ID
 * number the server checks). */
static void
test_body_hand_over (void)
{
  static const char * const bad[] = { "\"neighbour\"", "\"Agent\"", "1", "[\"agent\"]" };

  check_value (WB_ACTION_HAND_OVER, "collector", "\"applicant\"", ACCEPTED);
  check_value (WB_ACTION_HAND_OVER, "collector", "\"agent\"", ACCEPTED);
  check_value (WB_ACTION_HAND_OVER, "agent_name", "\"张伟民\"", ACCEPTED);
  check_value (WB_ACTION_HAND_OVER, "agent_id_number", "42", MALFORMED);
  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    check_value (WB_ACTION_HAND_OVER, "collector", bad[b], MALFORMED);
}

static void
test_body_delivery (void)
{
  static const struct {
    const char *body;
    BodyOutcome outcome;
  } cases[] = {
    { MAIL_BODY, ACCEPTED },
    { WINDOW_BODY, ACCEPTED },
    /* The window needs no address, but one given is no harm. */
    { "{\"method\": \"window\", \"address\": \"沈阳市和平区\"}", ACCEPTED },
    /* Mail without somewhere to send it to. */
    { "{\"method\": \"mail\"}", INCOMPLETE },
    { "{\"method\": \"mail\", \"address\": null}", INCOMPLETE },
    { "{\"method\": \"mail\", \"address\": \"\"}", INCOMPLETE },
    { "{\"method\": \"mail\", \"address\": \"   \"}", INCOMPLETE },
    { "{\"method\": \"mail\", \"address\": 110000}", MALFORMED },
    { "{\"method\": \"mail\", \"address\": [\"沈阳市\"]}", MALFORMED },
    /* Only the two methods exist. */
    { "{\"method\": \"courier\", \"address\": \"沈阳市和平区\"}", MALFORMED },
    { "{\"method\": \"MAIL\", \"address\": \"沈阳市和平区\"}", MALFORMED },
    { "{\"method\": \"Window\"}", MALFORMED },
    { "{\"method\": \"\"}", INCOMPLETE },
    { "{\"method\": 1}", MALFORMED },
    { "{\"method\": [\"mail\"], \"address\": \"沈阳市和平区\"}", MALFORMED },
    { "{\"method\": null}", INCOMPLETE },
    { "{\"address\": \"沈阳市和平区\"}", INCOMPLETE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = object_from_json (cases[i].body);

      g_test_message ("choose_delivery %s", cases[i].body);
      if (cases[i].outcome == ACCEPTED)
        assert_body_ok (WB_ACTION_CHOOSE_DELIVERY, body);
      else if (cases[i].outcome == MALFORMED)
        assert_body_invalid (WB_ACTION_CHOOSE_DELIVERY, body);
      else
        assert_body_incomplete (WB_ACTION_CHOOSE_DELIVERY, body);
    }
}

/* ---- (8) names -------------------------------------------------------- */

static void
test_strings_states (void)
{
  static const struct {
    WbCaseState state;
    const char *name;
    const char *label;   /* where the architecture gives exactly one */
  } expected[] = {
    { WB_STATE_SUBMITTED, "submitted", "待平台审核" },
    { WB_STATE_UNIT_REVIEW, "unit_review", "待责任单位审核" },
    { WB_STATE_SUPPLEMENT, "supplement", "待补正" },
    { WB_STATE_ACCEPTED, "accepted", "已受理" },
    { WB_STATE_COMPLETED, "completed", "已办结" },
    { WB_STATE_DELIVERING, "delivering", NULL },
    { WB_STATE_DELIVERED, "delivered", "已送达" },
    { WB_STATE_REFUSED, "refused", NULL },
    { WB_STATE_ARCHIVED, "archived", NULL },
    { WB_STATE_WITHDRAWN, "withdrawn", NULL },
  };
  static const char *unknown[] = {
    NULL, "", "Submitted", "SUBMITTED", " submitted", "submitted ", "unit-review",
    "review", "closed", "待平台审核", "none",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == WB_N_STATES);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      WbCaseState parsed = WB_N_STATES;
      const char *label = wb_case_state_label_zh (expected[i].state);

      g_assert_cmpstr (wb_case_state_to_string (expected[i].state), ==, expected[i].name);
      g_assert_true (wb_case_state_from_string (expected[i].name, &parsed));
      g_assert_cmpint (parsed, ==, expected[i].state);

      g_assert_nonnull (label);
      g_assert_true (g_utf8_validate (label, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (label, -1), <, strlen (label)); /* not ASCII */
      if (expected[i].label != NULL)
        g_assert_cmpstr (label, ==, expected[i].label);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      WbCaseState parsed = WB_STATE_ACCEPTED;

      g_assert_false (wb_case_state_from_string (unknown[i], &parsed));
      g_assert_cmpint (parsed, ==, WB_STATE_ACCEPTED);
    }
}

static void
test_strings_stages (void)
{
  static const struct {
    WbDeliveryStage stage;
    const char     *name;
  } expected[] = {
    { WB_STAGE_NONE, "none" },
    { WB_STAGE_MAIL_PENDING, "mail_pending" },
    { WB_STAGE_MAIL_SHIPPED, "mail_shipped" },
    { WB_STAGE_WINDOW_PRINTING, "window_printing" },
    { WB_STAGE_WINDOW_READY, "window_ready" },
    { WB_STAGE_WINDOW_BOOKED, "window_booked" },
  };
  static const char *unknown[] = {
    NULL, "", "mail", "window", "Mail_Pending", "mail-pending", "delivering", "shipped",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == WB_N_STAGES);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      WbDeliveryStage parsed = WB_N_STAGES;

      g_assert_cmpstr (wb_delivery_stage_to_string (expected[i].stage), ==, expected[i].name);
      g_assert_true (wb_delivery_stage_from_string (expected[i].name, &parsed));
      g_assert_cmpint (parsed, ==, expected[i].stage);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      WbDeliveryStage parsed = WB_STAGE_WINDOW_READY;

      g_assert_false (wb_delivery_stage_from_string (unknown[i], &parsed));
      g_assert_cmpint (parsed, ==, WB_STAGE_WINDOW_READY);
    }
}

static void
test_strings_actions (void)
{
  static const struct {
    WbCaseAction action;
    const char  *name;
  } expected[] = {
    { WB_ACTION_CLAIM, "claim" },
    { WB_ACTION_ASSIGN, "assign" },
    { WB_ACTION_PLATFORM_PASS, "platform_pass" },
    { WB_ACTION_REQUEST_SUPPLEMENT, "request_supplement" },
    { WB_ACTION_SUPPLEMENT_RECEIVED, "supplement_received" },
    { WB_ACTION_ACCEPT, "accept" },
    { WB_ACTION_APPROVE, "approve" },
    { WB_ACTION_REFUSE, "refuse" },
    { WB_ACTION_WITHDRAW, "withdraw" },
    { WB_ACTION_EXTEND_DEADLINE, "extend_deadline" },
    { WB_ACTION_CHOOSE_DELIVERY, "choose_delivery" },
    { WB_ACTION_SHIP, "ship" },
    { WB_ACTION_CONFIRM_DELIVERY, "confirm_delivery" },
    { WB_ACTION_PRINT_READY, "print_ready" },
    { WB_ACTION_BOOK_PICKUP, "book_pickup" },
    { WB_ACTION_HAND_OVER, "hand_over" },
    { WB_ACTION_ARCHIVE, "archive" },
  };
  static const char *unknown[] = {
    NULL, "", "Claim", "CLAIM", "approve ", "extend-deadline", "delete", "reopen",
    "submitted", "mail",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == WB_N_ACTIONS);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      WbCaseAction parsed = WB_N_ACTIONS;

      g_assert_cmpstr (wb_case_action_to_string (expected[i].action), ==, expected[i].name);
      g_assert_true (wb_case_action_from_string (expected[i].name, &parsed));
      g_assert_cmpint (parsed, ==, expected[i].action);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      WbCaseAction parsed = WB_ACTION_HAND_OVER;

      g_assert_false (wb_case_action_from_string (unknown[i], &parsed));
      g_assert_cmpint (parsed, ==, WB_ACTION_HAND_OVER);
    }
}

static void
test_clock (void)
{
  for (guint s = 0; s < WB_N_STATES; s++)
    {
      gboolean runs = s == WB_STATE_SUBMITTED ||
                      s == WB_STATE_UNIT_REVIEW ||
                      s == WB_STATE_ACCEPTED;

      g_test_message ("%s", wb_case_state_to_string (s));
      g_assert_cmpint (wb_case_state_clock_runs (s), ==, runs);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Narrow checks first, then the whole-table sweeps, so that without
   * --keep-going one wrong cell in a sweep still leaves the rest reported. */
  g_test_add_func ("/case-flow/strings/states", test_strings_states);
  g_test_add_func ("/case-flow/strings/stages", test_strings_stages);
  g_test_add_func ("/case-flow/strings/actions", test_strings_actions);
  g_test_add_func ("/case-flow/body/required", test_body_required);
  g_test_add_func ("/case-flow/body/text", test_body_text);
  g_test_add_func ("/case-flow/body/text-list", test_body_text_list);
  g_test_add_func ("/case-flow/body/days", test_body_days);
  g_test_add_func ("/case-flow/body/count", test_body_count);
  g_test_add_func ("/case-flow/body/pickup", test_body_pickup);
  g_test_add_func ("/case-flow/body/hand-over", test_body_hand_over);
  g_test_add_func ("/case-flow/body/delivery", test_body_delivery);
  g_test_add_func ("/case-flow/target/table", test_target_table);
  g_test_add_func ("/case-flow/target/claim-assign", test_target_bookkeeping);
  g_test_add_func ("/case-flow/walk/mail", test_walk_mail);
  g_test_add_func ("/case-flow/walk/window", test_walk_window);
  g_test_add_func ("/case-flow/walk/refused", test_walk_refused);
  g_test_add_func ("/case-flow/walk/withdrawn", test_walk_withdrawn);
  g_test_add_func ("/case-flow/guard/terminal", test_terminal);
  g_test_add_func ("/case-flow/guard/state-conflict", test_state_guard);
  g_test_add_func ("/case-flow/guard/extend-deadline-once", test_extend_once);
  g_test_add_func ("/case-flow/guard/clock", test_clock);
  g_test_add_func ("/case-flow/assignee/claim-own", test_assignee_claim_own);
  g_test_add_func ("/case-flow/assignee/unassigned", test_assignee_unassigned);
  g_test_add_func ("/case-flow/roles/non-handler", test_roles_non_handler);
  g_test_add_func ("/case-flow/roles/other-unit", test_roles_other_unit);
  g_test_add_func ("/case-flow/assignee/other", test_assignee_other);
  g_test_add_func ("/case-flow/roles/handler-plus", test_roles_handler_plus);
  g_test_add_func ("/case-flow/table/assignee", test_table_assignee);
  g_test_add_func ("/case-flow/table/unassigned", test_table_unassigned);
  g_test_add_func ("/case-flow/table/claim-assign-everywhere", test_table_bookkeeping_in_delivery);
  g_test_add_func ("/case-flow/table/allowed-matches-check", test_allowed_matches_check);

  return g_test_run ();
}
