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
/* The filters and sort of GET /cases without paging, e.g.
 * "state=accepted&assignee=me&sort=deadline&order=asc"; "" lists
 * everything in scope, NULL nothing. A different query cancels every load
 * in flight, empties the model and loads the first page. */
const char      *wb_case_list_model_get_query   (WbCaseListModel *self);
void             wb_case_list_model_set_query   (WbCaseListModel *self,
                                                 const char      *query);
/* Whether any page is on its way. */
gboolean         wb_case_list_model_get_loading (WbCaseListModel *self);
/* Whether the model has as many items as the server counted. Until the
 * count is in, the model holds only its first page. */
gboolean         wb_case_list_model_get_complete (WbCaseListModel *self);
/* Call from the factory's bind. Items are placeholders
 * (wb_case_row_is_placeholder()) until their page arrives; this asks for
 * the page of @position, and for its neighbour when @position is near
 * the page's edge. A placeholder is filled in place, so the model emits
 * no items-changed for it. */
void             wb_case_list_model_ensure      (WbCaseListModel *self,
                                                 guint            position);
/* Loads the same query again from the first page. */
void             wb_case_list_model_reload      (WbCaseListModel *self);
/* Replaces a loaded row's data in place (the row notifies what changed;
 * the model emits no items-changed). FALSE when the case is not loaded. */
gboolean         wb_case_list_model_patch       (WbCaseListModel *self,
                                                 JsonObject      *summary);
/* The rows on screen: queued pages load nearest to them first. */
void             wb_case_list_model_set_viewport (WbCaseListModel *self,
                                                  guint            first,
                                                  guint            n_rows);
/* The memory budget: at most @max_pages pages of 100 rows are kept
 * (20 by default); the pages bound longest ago are dropped first. */
void             wb_case_list_model_set_max_pages (WbCaseListModel *self,
                                                   guint            max_pages);
/* Pages held now, loaded or waiting. */
guint            wb_case_list_model_get_n_pages   (WbCaseListModel *self);
/* The row's position, or -1 when the case is not loaded. */
gint             wb_case_list_model_find        (WbCaseListModel *self,
                                                 gint64           id);

G_END_DECLS
