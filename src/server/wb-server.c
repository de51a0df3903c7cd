/* wb-server.c: listening, limits, and handing requests to worker threads
 *
 * The main loop only parses and writes HTTP. Each API request is paused,
 * copied into a WbRequest and run on a worker thread with its own database
 * connection; the response comes back to the main loop to be written. A
 * slow query or a password hash therefore never stalls other clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "wb-audit.h"
#include "wb-auth.h"
#include "wb-error.h"
#include "wb-log.h"
#include "wb-routes.h"
#include "wb-server.h"
#include "wb-store.h"
#include "wb-webhook.h"

#define MAX_HEADER_COUNT 64
#define MAX_HEADER_BYTES (16 * 1024)

typedef struct
{
  WbServer          *server;
  SoupServerMessage *msg;
  const WbRoute     *route;
  WbRequest          req;
  WbResponse         res;
  gboolean           disconnected;
} Job;

typedef struct
{
  WbServer   *server;
  SoupServer *soup;
  GMainLoop  *loop;
  GThreadPool *pool;
  GHashTable *in_flight;   /* SoupServerMessage* handed to a worker */
  gboolean    draining;
} RunState;

void
wb_server_config_init (WbServerConfig *config)
{
  memset (config, 0, sizeof *config);
  config->listen = g_strdup ("127.0.0.1:8470");
  config->idle_timeout_s = 15 * 60;
  config->absolute_timeout_s = 12 * 60 * 60;
  config->workers = 8;
  config->max_json_body = 1024 * 1024;
  config->max_upload_file = 50 * 1024 * 1024;
  config->webhook_retry_base_ms = 30 * 1000;
  config->webhook_retry_max_ms = 60 * 60 * 1000;
  config->webhook_max_attempts = 10;
}

void
wb_server_config_clear (WbServerConfig *config)
{
  g_clear_pointer (&config->listen, g_free);
  g_clear_pointer (&config->db_location, g_free);
  g_clear_pointer (&config->data_dir, g_free);
  g_clear_pointer (&config->clock_file, g_free);
  g_clear_pointer (&config->webhook_url, g_free);
  g_clear_pointer (&config->webhook_secret_file, g_free);
}

static gboolean
load_calendars (WbCalendar  *calendar,
                GError     **error)
{
  static const char *years[] = { "2025", "2026" };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autofree char *path = g_strdup_printf ("/io/github/wangban/server/calendar/%s.cal", years[i]);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
      gsize len;
      const char *data;

      if (bytes == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &len);
      if (!wb_calendar_load_data (calendar, data, len, error))
        return FALSE;
    }
  return TRUE;
}

WbServer *
wb_server_new (const WbServerConfig  *config,
               GError               **error)
{
  g_autoptr(WbServer) self = g_new0 (WbServer, 1);
  g_autofree char *blob_dir = NULL;
  WbDbConn *conn;

  self->config = *config;
  self->config.listen = g_strdup (config->listen);
  self->config.db_location = g_strdup (config->db_location);
  self->config.data_dir = g_strdup (config->data_dir);
  self->config.clock_file = g_strdup (config->clock_file);
  self->config.webhook_url = g_strdup (config->webhook_url);
  self->config.webhook_secret_file = g_strdup (config->webhook_secret_file);

  if (self->config.data_dir == NULL)
    self->config.data_dir = g_build_filename (g_get_user_data_dir (), "wangban-server", NULL);
  if (g_mkdir_with_parents (self->config.data_dir, 0700) != 0)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_UNAVAILABLE,
                   "Cannot create data directory %s", self->config.data_dir);
      return NULL;
    }
  if (self->config.db_location == NULL)
    self->config.db_location = g_build_filename (self->config.data_dir, "wangban.db", NULL);

  blob_dir = g_build_filename (self->config.data_dir, "blobs", NULL);
  if (!(self->blobs = wb_blob_store_new (blob_dir, error)))
    return NULL;

  self->clock = wb_clock_new (self->config.clock_file);
  self->calendar = wb_calendar_new ();
  if (!load_calendars (self->calendar, error))
    return NULL;

  if (!(self->db = wb_db_open (self->config.db_location, error)))
    return NULL;
  if (!(conn = wb_db_acquire (self->db, error)))
    return NULL;
  /* Years loaded through the API come after the built-in files, so a
   * corrected year replaces the one the server was built with. */
  if (!wb_store_migrate (conn, error) ||
      !wb_store_calendars_load (conn, self->calendar, error))
    {
      wb_db_release (self->db, conn);
      return NULL;
    }
  wb_db_release (self->db, conn);

  if (!wb_server_reload_units (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
wb_server_reload_units (WbServer  *self,
                        GError   **error)
{
  WbDbConn *conn;
  WbUnits *units;

  if (!(conn = wb_db_acquire (self->db, error)))
    return FALSE;
  units = wb_units_load (conn, error);
  wb_db_release (self->db, conn);
  if (units == NULL)
    return FALSE;

  /* Only called before serving starts, so no worker holds the old tree. */
  g_clear_pointer (&self->units, wb_units_free);
  self->units = units;
  return TRUE;
}

void
wb_server_free (WbServer *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->units, wb_units_free);
  g_clear_pointer (&self->db, wb_db_close);
  g_clear_pointer (&self->blobs, wb_blob_store_free);
  g_clear_pointer (&self->calendar, wb_calendar_unref);
  g_clear_pointer (&self->clock, wb_clock_free);
  wb_server_config_clear (&self->config);
  g_free (self);
}

static char *
new_request_id (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

static void
job_free (Job *job)
{
  WbRequest *req = &job->req;
  WbResponse *res = &job->res;

  g_free (req->request_id);
  g_free (req->path);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->params, g_hash_table_unref);
  g_clear_pointer (&req->headers, soup_message_headers_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->peer);
  g_clear_pointer (&req->now, g_date_time_unref);
  g_clear_pointer (&req->user, wb_user_free);
  g_free (req->service);
  g_free (req->session_hash);

  g_free (res->content_type);
  g_clear_pointer (&res->body, g_bytes_unref);
  g_clear_pointer (&res->headers, g_ptr_array_unref);
  g_free (res->log_actor);

  g_clear_object (&job->msg);
  g_free (job);
}

/* Runs on a worker thread. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  WbRequest *req = &job->req;
  WbResponse *res = &job->res;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  req->now = wb_clock_now (job->server->clock);
  req->conn = wb_db_acquire (job->server->db, &error);

  if (req->conn != NULL)
    {
      switch (job->route->auth)
        {
        case WB_AUTH_NONE:
          ok = TRUE;
          break;
        case WB_AUTH_USER:
          ok = wb_auth_resolve_user (req, &error);
          break;
        case WB_AUTH_SERVICE:
          ok = wb_auth_resolve_service (req, &error);
          break;
        default:
          g_assert_not_reached ();
        }

      if (ok)
        ok = job->route->handler (req, res, &error);
    }

  if (!ok)
    {
      if (error == NULL)
        g_set_error_literal (&error, WB_ERROR, WB_ERROR_INTERNAL, "Handler failed without saying why");

      if (g_error_matches (error, WB_ERROR, WB_ERROR_FORBIDDEN) && req->conn != NULL)
        {
          g_autofree char *object = g_strdup_printf ("%s %s", req->method, req->path);
          wb_audit_request (req, "denied", object, "denied", error->message);
        }

      if (error->domain != WB_ERROR ||
          error->code == WB_ERROR_INTERNAL || error->code == WB_ERROR_UNAVAILABLE)
        wb_log_event ("error", "request failed",
                      "request_id", req->request_id,
                      "detail", error->message,
                      NULL);

      wb_response_error (res, req->request_id, error);
      if (g_error_matches (error, WB_ERROR, WB_ERROR_UNAUTHORIZED))
        wb_response_header (res, "WWW-Authenticate", "Bearer realm=\"wangban\"");
    }

  res->log_actor = g_strdup (wb_request_actor (req));
  if (req->conn != NULL)
    wb_db_release (job->server->db, req->conn);
  req->conn = NULL;
}

static gboolean
finish_job (gpointer data)
{
  Job *job = data;
  WbResponse *res = &job->res;
  SoupMessageHeaders *headers;

  if (!job->disconnected)
    {
      headers = soup_server_message_get_response_headers (job->msg);
      for (guint i = 0; i + 1 < res->headers->len; i += 2)
        soup_message_headers_replace (headers, res->headers->pdata[i], res->headers->pdata[i + 1]);
      if (res->content_type != NULL)
        soup_message_headers_replace (headers, "Content-Type", res->content_type);
      if (res->body != NULL)
        soup_message_body_append_bytes (soup_server_message_get_response_body (job->msg), res->body);
      soup_server_message_set_status (job->msg, res->status, NULL);
      g_object_set_data_full (G_OBJECT (job->msg), "wb-actor",
                              g_steal_pointer (&res->log_actor), g_free);
      soup_server_message_unpause (job->msg);
    }

  g_signal_handlers_disconnect_by_data (job->msg, job);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
on_job_done (gpointer data,
             gpointer user_data)
{
  g_main_context_invoke (NULL, finish_job, data);
}

static void
worker (gpointer data,
        gpointer user_data)
{
  run_job (data, user_data);
  on_job_done (data, user_data);
}

static void
on_msg_disconnected_cb (SoupServerMessage *msg,
                        Job               *job)
{
  job->disconnected = TRUE;
}

static void
respond_error_now (SoupServerMessage *msg,
                   WbErrorCode        code,
                   const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (WB_ERROR, code, message);
  WbResponse res = { 0 };
  const char *request_id = g_object_get_data (G_OBJECT (msg), "wb-request-id");
  gsize len;
  const char *data;

  res.headers = g_ptr_array_new_with_free_func (g_free);
  wb_response_error (&res, request_id, error);
  data = g_bytes_get_data (res.body, &len);
  soup_server_message_set_response (msg, res.content_type, SOUP_MEMORY_COPY, data, len);
  soup_server_message_set_status (msg, res.status, NULL);
  g_free (res.content_type);
  g_bytes_unref (res.body);
  g_ptr_array_unref (res.headers);
}

/* Refusing a huge body must not mean reading it first. The connection is
 * taken from libsoup, answered at once with 413 and closed; what the
 * client already sent is drained (up to a bound) so that the close does
 * not reset the connection before the client reads the answer. */
#define DRAIN_LIMIT (4 * 1024 * 1024)

typedef struct
{
  GIOStream    *stream;
  GBytes       *answer;
  GCancellable *cancellable;
  gsize         drained;
  guint         timeout_id;
} Refusal;

static void
refusal_finish (Refusal *r)
{
  g_clear_handle_id (&r->timeout_id, g_source_remove);
  g_io_stream_close_async (r->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (r->stream);
  g_object_unref (r->cancellable);
  g_bytes_unref (r->answer);
  g_free (r);
}

static gboolean
on_refusal_timeout_cb (gpointer data)
{
  Refusal *r = data;

  r->timeout_id = 0;
  /* Ends the drain through the pending read's callback. */
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_refusal_drained_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  Refusal *r = data;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (chunk == NULL || g_bytes_get_size (chunk) == 0 ||
      (r->drained += g_bytes_get_size (chunk)) > DRAIN_LIMIT)
    {
      refusal_finish (r);
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 64 * 1024, G_PRIORITY_LOW,
                                   r->cancellable, on_refusal_drained_cb, r);
}

static void
on_refusal_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  Refusal *r = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_finish (r);
      return;
    }
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (r->stream), 64 * 1024,
                                   G_PRIORITY_LOW, r->cancellable, on_refusal_drained_cb, r);
}

static void
refuse_body_now (SoupServerMessage *msg,
                 const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (WB_ERROR, WB_ERROR_TOO_LARGE, message);
  const char *request_id = g_object_get_data (G_OBJECT (msg), "wb-request-id");
  WbResponse res = { 0 };
  g_autofree char *head = NULL;
  Refusal *r;
  gsize len;
  const char *data;
  GByteArray *answer;

  res.headers = g_ptr_array_new_with_free_func (g_free);
  wb_response_error (&res, request_id, error);
  data = g_bytes_get_data (res.body, &len);
  head = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\n"
                          "Content-Type: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "X-Request-Id: %s\r\n"
                          "Connection: close\r\n\r\n",
                          res.content_type, len, request_id);
  answer = g_byte_array_new ();
  g_byte_array_append (answer, (const guint8 *) head, strlen (head));
  g_byte_array_append (answer, (const guint8 *) data, len);
  g_free (res.content_type);
  g_bytes_unref (res.body);
  g_ptr_array_unref (res.headers);

  r = g_new0 (Refusal, 1);
  r->stream = soup_server_message_steal_connection (msg);
  r->answer = g_byte_array_free_to_bytes (answer);
  r->cancellable = g_cancellable_new ();
  r->timeout_id = g_timeout_add_seconds (5, on_refusal_timeout_cb, r);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (r->stream),
                                   g_bytes_get_data (r->answer, NULL), g_bytes_get_size (r->answer),
                                   G_PRIORITY_DEFAULT, r->cancellable, on_refusal_written_cb, r);
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer k, v;

  if (query == NULL)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy, g_strdup (k), g_strdup (v));
  return copy;
}

/* Runs after the headers arrive and before the body is read, so an
 * oversized body is refused without reading it. */
static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  RunState *state = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint count = 0;
  gsize bytes = 0;
  goffset length;
  gboolean known = FALSE;
  g_autoptr(GHashTable) params = NULL;
  const WbRoute *route;
  gsize limit;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      count++;
      bytes += strlen (name) + strlen (value) + 4;
    }
  if (count > MAX_HEADER_COUNT || bytes > MAX_HEADER_BYTES)
    {
      respond_error_now (msg, WB_ERROR_HEADERS_TOO_LARGE, "The request headers are too large");
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    {
      /* Without a declared length a body cannot be refused before it is
       * read, so every body must declare one. */
      respond_error_now (msg, WB_ERROR_LENGTH_REQUIRED, "The request body needs a Content-Length");
      return;
    }

  route = wb_routes_match (soup_server_message_get_method (msg), path, &params, &known);
  limit = route && route->large_body
    ? state->server->config.max_upload_file * 4 + 1024 * 1024
    : state->server->config.max_json_body;
  length = soup_message_headers_get_content_length (headers);
  if (length > 0 && (guint64) length > limit)
    refuse_body_now (msg, "The request body is too large");
}

static void maybe_quit (RunState *state);

/* A request leaves the in-flight set once its answer is written, or its
 * client is gone; shutdown waits for the set to empty. */
static void
on_msg_settled_cb (SoupServerMessage *msg,
                   RunState          *state)
{
  if (g_hash_table_remove (state->in_flight, msg))
    maybe_quit (state);
}

static void
api_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  RunState *state = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) params = NULL;
  gboolean known = FALSE;
  const WbRoute *route;
  GSocketAddress *remote;
  Job *job;

  if (state->draining)
    {
      respond_error_now (msg, WB_ERROR_UNAVAILABLE, "The server is shutting down");
      return;
    }

  route = wb_routes_match (method, path, &params, &known);
  if (route == NULL)
    {
      if (known)
        respond_error_now (msg, WB_ERROR_METHOD_NOT_ALLOWED, "That method is not allowed here");
      else
        respond_error_now (msg, WB_ERROR_NOT_FOUND, "No such resource");
      return;
    }

  job = g_new0 (Job, 1);
  job->server = state->server;
  job->msg = g_object_ref (msg);
  job->route = route;
  job->req.server = state->server;
  job->req.request_id = g_strdup (g_object_get_data (G_OBJECT (msg), "wb-request-id"));
  job->req.method = route->method;
  job->req.path = g_strdup (path);
  job->req.query = copy_query (query);
  job->req.params = g_steal_pointer (&params);
  job->req.headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  job->req.body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  remote = soup_server_message_get_remote_address (msg);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    job->req.peer = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  else
    job->req.peer = g_strdup ("unknown");
  job->res.status = 500;
  job->res.headers = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (msg, "disconnected", G_CALLBACK (on_msg_disconnected_cb), job);
  g_hash_table_add (state->in_flight, msg);
  g_signal_connect (msg, "finished", G_CALLBACK (on_msg_settled_cb), state);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_msg_settled_cb), state);
  soup_server_message_pause (msg);
  g_thread_pool_push (state->pool, job, NULL);
}

static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       RunState          *state)
{
  char *request_id = new_request_id ();

  g_object_set_data_full (G_OBJECT (msg), "wb-request-id", request_id, g_free);
  g_object_set_data_full (G_OBJECT (msg), "wb-started",
                          g_memdup2 (&(gint64) { g_get_monotonic_time () }, sizeof (gint64)),
                          g_free);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Request-Id", request_id);
}

static void
maybe_quit (RunState *state)
{
  if (state->draining && g_hash_table_size (state->in_flight) == 0)
    g_main_loop_quit (state->loop);
}

static void
on_request_done_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    RunState          *state)
{
  const gint64 *started = g_object_get_data (G_OBJECT (msg), "wb-started");
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri ? g_uri_get_path (uri) : "";
  char status[16], ms[32];

  /* A notice's verification code is a capability, like a token: the log
   * says a notice was checked, not which. */
  if (g_str_has_prefix (path, "/api/v1/notices/"))
    path = "/api/v1/notices/{code}";

  g_snprintf (status, sizeof status, "#%u", soup_server_message_get_status (msg));
  g_snprintf (ms, sizeof ms, "#%" G_GINT64_FORMAT,
              started ? (g_get_monotonic_time () - *started) / 1000 : 0);

  /* The path only: query strings may carry search text about people. */
  wb_log_event ("info", "request",
                "request_id", g_object_get_data (G_OBJECT (msg), "wb-request-id"),
                "method", soup_server_message_get_method (msg),
                "path", path,
                "status", status,
                "ms", ms,
                "actor", g_object_get_data (G_OBJECT (msg), "wb-actor"),
                NULL);
}

static gboolean
on_terminate_cb (gpointer data)
{
  RunState *state = data;

  if (state->draining)
    return G_SOURCE_CONTINUE;

  wb_log_event ("info", "shutting down; finishing requests in flight", NULL);
  state->draining = TRUE;

  /* Stop accepting; connections already open finish their requests. */
  for (GSList *l = soup_server_get_listeners (state->soup); l; l = l->next)
    g_socket_close (l->data, NULL);

  maybe_quit (state);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_listen (const char      *listen,
              GSocketAddress **out,
              GError         **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = NULL;
  guint64 port;
  GInetAddress *addr;

  if (colon == NULL ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "--listen takes ADDR:PORT, not “%s”", listen);
      return FALSE;
    }
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);
      g_free (host);
      host = inner;
    }
  addr = g_inet_address_new_from_string (host);
  if (addr == NULL)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "--listen needs a numeric address, not “%s”", host);
      return FALSE;
    }
  *out = g_inet_socket_address_new (addr, port);
  g_object_unref (addr);
  return TRUE;
}

int
wb_server_run (WbServer  *self,
               GError   **error)
{
  RunState state = { 0 };
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(SoupServer) soup = NULL;
  WbWebhook *webhook;
  GSList *uris;
  guint sigterm, sigint;

  if (!parse_listen (self->config.listen, &address, error))
    return 2;

  soup = soup_server_new ("server-header", "wangban-server/" PACKAGE_VERSION " ", NULL);
  state.server = self;
  state.soup = soup;
  state.loop = g_main_loop_new (NULL, FALSE);
  state.in_flight = g_hash_table_new (NULL, NULL);
  state.pool = g_thread_pool_new (worker, &state, self->config.workers, FALSE, error);
  if (state.pool == NULL)
    return 1;

  soup_server_add_early_handler (soup, NULL, early_handler, &state, NULL);
  soup_server_add_handler (soup, NULL, api_handler, &state, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started_cb), &state);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_done_cb), &state);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_done_cb), &state);

  /* A bad webhook setting stops the start, before anyone is served. */
  {
    GError *webhook_error = NULL;

    if (!(webhook = wb_webhook_start (self, &webhook_error)) && webhook_error != NULL)
      {
        g_propagate_error (error, webhook_error);
        return 2;
      }
  }

  if (!soup_server_listen (soup, address, 0, error))
    {
      wb_webhook_stop (webhook);
      return 1;
    }

  uris = soup_server_get_uris (soup);
  for (GSList *l = uris; l; l = l->next)
    {
      g_autofree char *uri = g_uri_to_string (l->data);
      char port[16];

      g_snprintf (port, sizeof port, "#%d", g_uri_get_port (l->data));
      /* Tests and the desk read this line to find a port chosen by the OS. */
      printf ("listening on %s\n", uri);
      fflush (stdout);
      wb_log_event ("info", "listening", "uri", uri, "port", port,
                    "db", wb_db_describe (self->db), NULL);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  sigterm = g_unix_signal_add (SIGTERM, on_terminate_cb, &state);
  sigint = g_unix_signal_add (SIGINT, on_terminate_cb, &state);

  g_main_loop_run (state.loop);

  g_source_remove (sigterm);
  g_source_remove (sigint);
  /* Every job has been answered; wait for the workers to return. */
  g_thread_pool_free (state.pool, FALSE, TRUE);
  wb_webhook_stop (webhook);
  soup_server_disconnect (soup);
  g_main_loop_unref (state.loop);
  g_hash_table_unref (state.in_flight);
  wb_log_event ("info", "stopped", NULL);
  return 0;
}
