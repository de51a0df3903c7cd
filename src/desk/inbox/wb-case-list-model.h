/* wb-case-list-model.h: the inbox as a list model, paged by the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "api/wb-api-client.h"
#include "inbox/wb-case-row.h"

G_BEGIN_DECLS

#define WB_TYPE_CASE_LIST_MODEL (wb_case_list_model_get_type ())
G_DECLARE_FINAL_TYPE (WbCaseListModel, wb_case_list_model, WB, CASE_LIST_MODEL, GObject)

WbCaseListModel *wb_case_list_model_new         (WbApiClient     *client);
WbApiClient     *wb_case_list_model_get_client  (WbCaseListModel *self);
/* The filters and sort of GET /cases without cursor and limit, e.g.
 * "state=accepted&assignee=me&sort=deadline&order=asc"; "" lists
 * everything in scope, NULL nothing. A different query cancels the load
 * in flight, empties the model and loads the first page. */
const char      *wb_case_list_model_get_query   (WbCaseListModel *self);
void             wb_case_list_model_set_query   (WbCaseListModel *self,
                                                 const char      *query);
gboolean         wb_case_list_model_get_loading (WbCaseListModel *self);
gboolean         wb_case_list_model_get_has_more (WbCaseListModel *self);
/* Call from the factory's bind: loads the next page once a bound row is
 * within 30 rows of the end. */
void             wb_case_list_model_ensure      (WbCaseListModel *self,
                                                 guint            position);
/* Loads the same query again from the first page. */
void             wb_case_list_model_reload      (WbCaseListModel *self);
/* Replaces a loaded row's data in place (the row notifies what changed;
 * the model emits no items-changed). FALSE when the case is not loaded. */
gboolean         wb_case_list_model_patch       (WbCaseListModel *self,
                                                 JsonObject      *summary);
/* The row's position, or -1 when the case is not loaded. */
gint             wb_case_list_model_find        (WbCaseListModel *self,
                                                 gint64           id);

G_END_DECLS
