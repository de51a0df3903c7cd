/* wb-context.h: the services one signed-in session shares
 *
 * Widgets get the context as a construct property, never from a global.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "api/wb-api-client.h"
#include "api/wb-change-feed.h"
#include "wb-roles.h"

G_BEGIN_DECLS

#define WB_TYPE_CONTEXT (wb_context_get_type ())
G_DECLARE_FINAL_TYPE (WbContext, wb_context, WB, CONTEXT, GObject)

WbContext   *wb_context_new             (WbApiClient  *client);
WbApiClient *wb_context_get_client      (WbContext    *self);
/* The change feed of this session; NULL until set. */
WbChangeFeed *wb_context_get_feed       (WbContext    *self);
void         wb_context_set_feed        (WbContext    *self,
                                         WbChangeFeed *feed);
/* The signed-in user as GET /me returns it; NULL before sign-in. */
JsonObject  *wb_context_get_user        (WbContext    *self);
void         wb_context_set_user        (WbContext    *self,
                                         JsonObject   *user);
WbRoles      wb_context_get_roles       (WbContext    *self);
const char  *wb_context_get_username    (WbContext    *self);
gboolean     wb_context_get_demo        (WbContext    *self);
/* Shows an error to the user (the window listens to ::error). */
void         wb_context_report_error    (WbContext    *self,
                                         const GError *error);
/* Shows a short notice (the window listens to ::notice). */
void         wb_context_notify          (WbContext    *self,
                                         const char   *message);
/* Writes a WANGBAN_TRACE milestone, ms since process start. */
void         wb_context_trace           (const char   *event);
/* The same with the inbox row it concerns, for the jump benchmark. */
void         wb_context_trace_position  (const char   *event,
                                         guint         position);

G_END_DECLS
