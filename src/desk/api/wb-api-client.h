/* wb-api-client.h: the desk's HTTP+JSON client for wangban-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "wb-types.h"

G_BEGIN_DECLS

/* One answer from the server. */
struct _WbApiReply
{
  guint     status;
  JsonNode *json;        /* NULL when the body was empty or not JSON */
  char     *etag;
  char     *request_id;
};

#define WB_TYPE_API_REPLY (wb_api_reply_get_type ())
GType       wb_api_reply_get_type (void) G_GNUC_CONST;
WbApiReply *wb_api_reply_ref      (WbApiReply *reply);
void        wb_api_reply_unref    (WbApiReply *reply);
JsonObject *wb_api_reply_object   (WbApiReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbApiReply, wb_api_reply_unref)

#define WB_TYPE_API_CLIENT (wb_api_client_get_type ())
G_DECLARE_FINAL_TYPE (WbApiClient, wb_api_client, WB, API_CLIENT, GObject)

WbApiClient *wb_api_client_new            (const char          *base_url);
const char  *wb_api_client_get_base_url   (WbApiClient         *self);
void         wb_api_client_set_token      (WbApiClient         *self,
                                           const char          *token);
const char  *wb_api_client_get_token      (WbApiClient         *self);
/* path is below /api/v1, e.g. "/cases?state=accepted". body may be NULL.
 * headers: NULL-terminated name, value pairs, or NULL.
 * A status of 400 or more finishes with a WB_ERROR whose message is the
 * server's, followed by the request id; network and TLS failures finish
 * with their G_IO_ERROR / G_TLS_ERROR. */
void         wb_api_client_request_async  (WbApiClient         *self,
                                           const char          *method,
                                           const char          *path,
                                           JsonNode            *body,
                                           const char * const  *headers,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
WbApiReply  *wb_api_client_request_finish (WbApiClient         *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* GET @path (below /api/v1) and return the body as it came, for files that
 * are not JSON. Errors as for wb_api_client_request_async(). */
void         wb_api_client_get_bytes_async  (WbApiClient         *self,
                                             const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes      *wb_api_client_get_bytes_finish (WbApiClient         *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* POST @body to @path and return the answer as it came, e.g. a PDF.
 * Finish with wb_api_client_get_bytes_finish(). */
void         wb_api_client_post_bytes_async (WbApiClient         *self,
                                             const char          *path,
                                             JsonNode            *body,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* A message for people, in the user's language, for any request error. */
char        *wb_api_error_describe        (const GError        *error);

G_END_DECLS
