/* wb-api-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "wb-api-client.h"
#include "wb-error.h"
#include "wb-json.h"

struct _WbApiClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *token;
};

G_DEFINE_FINAL_TYPE (WbApiClient, wb_api_client, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (WbApiReply, wb_api_reply, wb_api_reply_ref, wb_api_reply_unref)

typedef struct
{
  SoupMessage *msg;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->msg);
  g_free (data);
}

WbApiReply *
wb_api_reply_ref (WbApiReply *reply)
{
  g_atomic_rc_box_acquire (reply);
  return reply;
}

static void
reply_clear (WbApiReply *reply)
{
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->etag);
  g_free (reply->request_id);
}

void
wb_api_reply_unref (WbApiReply *reply)
{
  g_atomic_rc_box_release_full (reply, (GDestroyNotify) reply_clear);
}

JsonObject *
wb_api_reply_object (WbApiReply *reply)
{
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return NULL;
  return json_node_get_object (reply->json);
}

static void
wb_api_client_finalize (GObject *object)
{
  WbApiClient *self = (WbApiClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (wb_api_client_parent_class)->finalize (object);
}

static void
wb_api_client_class_init (WbApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wb_api_client_finalize;
}

static void
wb_api_client_init (WbApiClient *self)
{
  /* Six connections per host lets an inbox page, a case and a material
   * load side by side without queueing behind each other. */
  self->session = soup_session_new_with_options ("max-conns-per-host", 6,
                                                 "timeout", 60,
                                                 "user-agent", "wangban-desk/" PACKAGE_VERSION,
                                                 NULL);
}

WbApiClient *
wb_api_client_new (const char *base_url)
{
  WbApiClient *self = g_object_new (WB_TYPE_API_CLIENT, NULL);
  gsize len = strlen (base_url);

  /* Accept "http://host:port" with or without the trailing slash. */
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  return self;
}

const char *
wb_api_client_get_base_url (WbApiClient *self)
{
  g_return_val_if_fail (WB_IS_API_CLIENT (self), NULL);
  return self->base_url;
}

void
wb_api_client_set_token (WbApiClient *self,
                         const char  *token)
{
  g_return_if_fail (WB_IS_API_CLIENT (self));
  g_free (self->token);
  self->token = g_strdup (token);
}

const char *
wb_api_client_get_token (WbApiClient *self)
{
  g_return_val_if_fail (WB_IS_API_CLIENT (self), NULL);
  return self->token;
}

/* Every error answer carries {"error":{code,message,request_id}}, even
 * when the success body would be a file; this turns it into a GError. */
static void
return_http_error (GTask       *task,
                   SoupMessage *msg,
                   JsonNode    *json)
{
  guint status = soup_message_get_status (msg);
  const char *request_id = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "X-Request-Id");
  const char *code = NULL, *message = NULL;

  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json))
    {
      JsonObject *obj = json_node_get_object (json);

      if (json_object_has_member (obj, "error") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "error")))
        {
          JsonObject *err = json_object_get_object_member (obj, "error");
          code = wb_json_string (err, "code");
          message = wb_json_string (err, "message");
        }
    }
  if (message == NULL)
    message = soup_status_get_phrase (status);
  if (request_id != NULL)
    /* Translators: a server error message, then the id that finds it in the server log */
    g_task_return_new_error (task, WB_ERROR, wb_error_from_http (status, code),
                             _("%s (request %s)"), message, request_id);
  else
    g_task_return_new_error (task, WB_ERROR, wb_error_from_http (status, code), "%s", message);
}

static JsonNode *
parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *text = g_bytes_get_data (body, &len);

  if (len == 0 || !json_parser_load_from_data (parser, text, len, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static void
on_send_and_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(WbApiReply) reply = NULL;
  SoupMessageHeaders *headers;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reply = g_atomic_rc_box_new0 (WbApiReply);
  reply->status = soup_message_get_status (data->msg);
  headers = soup_message_get_response_headers (data->msg);
  reply->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  reply->request_id = g_strdup (soup_message_headers_get_one (headers, "X-Request-Id"));
  reply->json = parse_json (body);

  if (reply->status >= 400)
    {
      return_http_error (task, data->msg, reply->json);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) wb_api_reply_unref);
}

static void
on_bytes_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (soup_message_get_status (data->msg) >= 400)
    {
      g_autoptr(JsonNode) json = parse_json (body);

      return_http_error (task, data->msg, json);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

/* Builds the message with the session's token and sends it; the task
 * finishes in callback. */
static void
send (WbApiClient         *self,
      GTask               *task,
      const char          *method,
      const char          *path,
      JsonNode            *body,
      const char * const  *headers,
      GAsyncReadyCallback  callback)
{
  g_autofree char *uri = g_strconcat (self->base_url, "/api/v1", path, NULL);
  RequestData *data = g_new0 (RequestData, 1);
  SoupMessageHeaders *request_headers;

  data->msg = soup_message_new (method, uri);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);
  if (data->msg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a server address"), self->base_url);
      g_object_unref (task);
      return;
    }

  request_headers = soup_message_get_request_headers (data->msg);
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (request_headers, "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (data->msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, data->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), callback, task);
}

void
wb_api_client_request_async (WbApiClient         *self,
                             const char          *method,
                             const char          *path,
                             JsonNode            *body,
                             const char * const  *headers,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WB_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_api_client_request_async);
  send (self, task, method, path, body, headers, on_send_and_read_cb);
}

WbApiReply *
wb_api_client_request_finish (WbApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (WB_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
wb_api_client_get_bytes_async (WbApiClient         *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WB_IS_API_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_api_client_get_bytes_async);
  send (self, task, "GET", path, NULL, NULL, on_bytes_read_cb);
}

void
wb_api_client_post_bytes_async (WbApiClient         *self,
                                const char          *path,
                                JsonNode            *body,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WB_IS_API_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_api_client_post_bytes_async);
  send (self, task, "POST", path, body, NULL, on_bytes_read_cb);
}

GBytes *
wb_api_client_get_bytes_finish (WbApiClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (WB_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
wb_api_error_describe (const GError *error)
{
  if (error->domain == WB_ERROR)
    return g_strdup (error->message);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return g_strdup_printf (_("The server’s security certificate could not be verified: %s"),
                            error->message);
  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf (_("A secure connection to the server could not be made: %s"),
                            error->message);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("The server cannot be reached. Check the address and the network, then try again."));

  return g_strdup_printf (_("The request failed: %s"), error->message);
}
