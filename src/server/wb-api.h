/* wb-api.h: every API handler, one file per resource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-request.h"
#include "wb-store.h"

G_BEGIN_DECLS

#define WB_DECLARE_HANDLER(name) \
  gboolean name (WbRequest *req, WbResponse *res, GError **error)

WB_DECLARE_HANDLER (wb_api_health);
WB_DECLARE_HANDLER (wb_api_sessions_create);
WB_DECLARE_HANDLER (wb_api_sessions_delete);
WB_DECLARE_HANDLER (wb_api_me);
WB_DECLARE_HANDLER (wb_api_cases_list);
WB_DECLARE_HANDLER (wb_api_cases_get);
WB_DECLARE_HANDLER (wb_api_cases_action);
WB_DECLARE_HANDLER (wb_api_cases_history);
WB_DECLARE_HANDLER (wb_api_cases_callbacks);
WB_DECLARE_HANDLER (wb_api_cases_reveal);
WB_DECLARE_HANDLER (wb_api_materials_list);
WB_DECLARE_HANDLER (wb_api_materials_upload);
WB_DECLARE_HANDLER (wb_api_materials_content);
WB_DECLARE_HANDLER (wb_api_materials_review);
WB_DECLARE_HANDLER (wb_api_materials_rotation);
WB_DECLARE_HANDLER (wb_api_cases_notice_preview);
WB_DECLARE_HANDLER (wb_api_notices_get);
WB_DECLARE_HANDLER (wb_api_changes);
WB_DECLARE_HANDLER (wb_api_calendar_deadline);
WB_DECLARE_HANDLER (wb_api_calendar_get);
WB_DECLARE_HANDLER (wb_api_calendar_put);
WB_DECLARE_HANDLER (wb_api_items_list);
WB_DECLARE_HANDLER (wb_api_items_get);
WB_DECLARE_HANDLER (wb_api_units_list);
WB_DECLARE_HANDLER (wb_api_users_list);
WB_DECLARE_HANDLER (wb_api_users_create);
WB_DECLARE_HANDLER (wb_api_users_set_roles);
WB_DECLARE_HANDLER (wb_api_audit_list);
WB_DECLARE_HANDLER (wb_api_intake_create);
WB_DECLARE_HANDLER (wb_api_intake_supplement);
WB_DECLARE_HANDLER (wb_api_filters_list);
WB_DECLARE_HANDLER (wb_api_filters_create);
WB_DECLARE_HANDLER (wb_api_filters_delete);
WB_DECLARE_HANDLER (wb_api_message_templates_list);
WB_DECLARE_HANDLER (wb_api_message_templates_set);
WB_DECLARE_HANDLER (wb_api_pickup_capacity_put);
WB_DECLARE_HANDLER (wb_api_pickup_slots_list);
WB_DECLARE_HANDLER (wb_api_certificates_uncollected);
WB_DECLARE_HANDLER (wb_api_callbacks_list);
WB_DECLARE_HANDLER (wb_api_callbacks_get);
WB_DECLARE_HANDLER (wb_api_callbacks_attempt);
WB_DECLARE_HANDLER (wb_api_callbacks_reveal_phone);
WB_DECLARE_HANDLER (wb_api_callback_rules_list);
WB_DECLARE_HANDLER (wb_api_callback_rules_set);
WB_DECLARE_HANDLER (wb_api_cases_rating);
WB_DECLARE_HANDLER (wb_api_rectifications_list);

/* Moves @c by @action inside the caller's write transaction, as an action
 * request does once its If-Match and Idempotency-Key have passed: the
 * flow's checks, the effects, the case row (its version bumped), the
 * history, the change feed, the applicant's messages, the callbacks and
 * the audit record (wb-api-case-actions.c). */
gboolean wb_case_action_apply (WbRequest    *req,
                               WbCase       *c,
                               WbCaseAction  action,
                               JsonObject   *body,
                               const char   *now,
                               GError      **error);

G_END_DECLS
