/* wb-case-flow.h: the case state machine (standard Figure 1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "wb-roles.h"

G_BEGIN_DECLS

typedef enum
{
  WB_STATE_SUBMITTED,
  WB_STATE_UNIT_REVIEW,
  WB_STATE_SUPPLEMENT,
  WB_STATE_ACCEPTED,
  WB_STATE_COMPLETED,
  WB_STATE_DELIVERING,
  WB_STATE_DELIVERED,
  WB_STATE_REFUSED,
  WB_STATE_ARCHIVED,
  WB_STATE_WITHDRAWN,
  WB_N_STATES
} WbCaseState;

/* Where a case in `delivering` stands. Mail: waiting to ship, then in the
 * post. Window pickup: being printed, ready, then a pickup slot booked. */
typedef enum
{
  WB_STAGE_NONE,
  WB_STAGE_MAIL_PENDING,
  WB_STAGE_MAIL_SHIPPED,
  WB_STAGE_WINDOW_PRINTING,
  WB_STAGE_WINDOW_READY,
  WB_STAGE_WINDOW_BOOKED,
  WB_N_STAGES
} WbDeliveryStage;

typedef enum
{
  WB_ACTION_CLAIM,
  WB_ACTION_ASSIGN,
  WB_ACTION_PLATFORM_PASS,
  WB_ACTION_REQUEST_SUPPLEMENT,
  WB_ACTION_SUPPLEMENT_RECEIVED,
  WB_ACTION_ACCEPT,
  WB_ACTION_APPROVE,
  WB_ACTION_REFUSE,
  WB_ACTION_WITHDRAW,
  WB_ACTION_EXTEND_DEADLINE,
  WB_ACTION_CHOOSE_DELIVERY,
  WB_ACTION_SHIP,
  WB_ACTION_CONFIRM_DELIVERY,
  WB_ACTION_PRINT_READY,
  WB_ACTION_BOOK_PICKUP,
  WB_ACTION_HAND_OVER,
  WB_ACTION_ARCHIVE,
  WB_N_ACTIONS
} WbCaseAction;

typedef enum
{
  WB_FIELD_TEXT,       /* non-empty string */
  WB_FIELD_TEXT_LIST,  /* non-empty array of non-empty strings */
  WB_FIELD_COUNT,      /* integer >= 0 */
  WB_FIELD_DAYS,       /* integer 1..10 */
  WB_FIELD_DATE_TIME,  /* ISO 8601 date-time */
  WB_FIELD_CHOICE,     /* one of choices */
} WbFieldKind;

typedef struct
{
  const char        *name;
  WbFieldKind        kind;
  gboolean           required;
  const char * const *choices;
} WbFieldSpec;

typedef enum
{
  WB_ASSIGNEE_NONE,
  WB_ASSIGNEE_SELF,
  WB_ASSIGNEE_OTHER,
} WbAssigneeRelation;

/* What the rules need to know about one actor and one case. The server fills
 * it in; the rules stay free of storage and HTTP. */
typedef struct
{
  WbRoles            actor_roles;
  gboolean           actor_in_case_unit;
  WbAssigneeRelation assignee;
  WbCaseState        state;
  WbDeliveryStage    stage;
  gboolean           deadline_extended;
} WbCaseFacts;

const char        *wb_case_state_to_string    (WbCaseState      state);
const char        *wb_case_state_label_zh     (WbCaseState      state);
gboolean           wb_case_state_from_string  (const char      *name,
                                               WbCaseState     *out);
gboolean           wb_case_state_is_terminal  (WbCaseState      state);
gboolean           wb_case_state_clock_runs   (WbCaseState      state);

const char        *wb_delivery_stage_to_string   (WbDeliveryStage  stage);
gboolean           wb_delivery_stage_from_string (const char      *name,
                                                  WbDeliveryStage *out);

const char        *wb_case_action_to_string   (WbCaseAction     action);
gboolean           wb_case_action_from_string (const char      *name,
                                               WbCaseAction    *out);
const WbFieldSpec *wb_case_action_fields      (WbCaseAction     action,
                                               guint           *n_fields);

gboolean           wb_case_flow_check         (const WbCaseFacts *facts,
                                               WbCaseAction       action,
                                               GError           **error);
guint              wb_case_flow_allowed       (const WbCaseFacts *facts,
                                               WbCaseAction      *out_actions);
void               wb_case_flow_target        (const WbCaseFacts *facts,
                                               WbCaseAction       action,
                                               JsonObject        *body,
                                               WbCaseState       *out_state,
                                               WbDeliveryStage   *out_stage);
gboolean           wb_case_flow_validate_body (WbCaseAction       action,
                                               JsonObject        *body,
                                               GError           **error);

G_END_DECLS
