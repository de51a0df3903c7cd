/* wb-api.h: every API handler, one file per resource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-request.h"

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

G_END_DECLS
