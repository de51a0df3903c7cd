/* wb-webhook.c: the outbox's delivery thread
 *
 * One thread of its own sends the outbox's due messages one at a time
 * with libsoup's synchronous API, so neither the main loop that serves
 * HTTP nor the request workers ever wait on a slow receiver. Each POST is
 * signed with HMAC-SHA256 over its exact body. A 2xx marks the message
 * sent; anything else schedules a retry with exponential backoff, until
 * the last attempt marks it failed. Every attempt carries the same
 * message id, so the receiver can drop what it has already seen.
 *
 * Retries are scheduled on the real clock, not the server's clock file:
 * they are about a receiver coming back, not about the case's calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-error.h"
#include "wb-log.h"
#include "wb-outbox.h"
#include "wb-store-private.h"
#include "wb-webhook.h"

/* How long the thread sleeps with nothing due: a message queued by an
 * action goes out within this time. */
#define POLL_MS 1000
#define SEND_TIMEOUT_S 10

struct _WbWebhook
{
  WbServer     *server;
  char         *url;
  char         *secret;
  gsize         secret_len;
  guint         base_ms;
  guint         cap_ms;
  guint         max_attempts;

  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  gboolean      stopping;
  GCancellable *cancellable;
  SoupSession  *session;       /* the thread's own */
};

typedef struct
{
  gint64  id;
  char   *message_id;
  char   *channel;
  char   *text;
  gint64  attempts;
  char   *action;
  gint64  history_id;
  gint64  case_id;
  char   *case_no;
  char   *phone;
  char   *upstream_id;
  char   *source;
  char   *state;
  char   *unit_code;
} Message;

static void
message_free (Message *m)
{
  g_free (m->message_id);
  g_free (m->channel);
  g_free (m->text);
  g_free (m->action);
  g_free (m->case_no);
  g_free (m->phone);
  g_free (m->upstream_id);
  g_free (m->source);
  g_free (m->state);
  g_free (m->unit_code);
  g_free (m);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Message, message_free)

typedef enum
{
  OUTCOME_SENT,
  OUTCOME_REFUSED,
  OUTCOME_CANCELLED,
} Outcome;

static gboolean
stopping (WbWebhook *self)
{
  gboolean stop;

  g_mutex_lock (&self->lock);
  stop = self->stopping;
  g_mutex_unlock (&self->lock);
  return stop;
}

/* The next due message, or NULL in *out. */
static gboolean
next_due (WbDbConn  *conn,
          Message  **out,
          GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT o.id, o.message_id, o.channel, o.text, o.attempts, o.action, o.history_id, "
    "c.id, c.case_no, c.applicant_phone, c.upstream_id, c.source, c.state, c.unit_code "
    "FROM outbox o JOIN cases c ON c.id = o.case_id "
    "WHERE o.status = 'pending' AND o.next_attempt_at <= $1 "
    "ORDER BY o.next_attempt_at, o.id LIMIT 1", error);
  g_autofree char *now = wb_outbox_real_now (0);
  GError *local_error = NULL;
  Message *m;

  *out = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, now);
  if (!wb_db_step (s, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, local_error);
      return FALSE;
    }
  m = g_new0 (Message, 1);
  m->id = wb_db_col_int (s, 0);
  m->message_id = wb_store_dup_col (s, 1);
  m->channel = wb_store_dup_col (s, 2);
  m->text = wb_store_dup_col (s, 3);
  m->attempts = wb_db_col_int (s, 4);
  m->action = wb_store_dup_col (s, 5);
  m->history_id = wb_db_col_int (s, 6);
  m->case_id = wb_db_col_int (s, 7);
  m->case_no = wb_store_dup_col (s, 8);
  m->phone = wb_store_dup_col (s, 9);
  m->upstream_id = wb_store_dup_col (s, 10);
  m->source = wb_store_dup_col (s, 11);
  m->state = wb_store_dup_col (s, 12);
  m->unit_code = wb_store_dup_col (s, 13);
  *out = m;
  return TRUE;
}

/* Milliseconds until the earliest pending message is due, at most
 * POLL_MS. */
static gint64
ms_until_next (WbDbConn *conn)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'", NULL);
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 ms;

  if (s == NULL || !wb_db_step (s, NULL) || wb_db_col_is_null (s, 0))
    return POLL_MS;
  if (!(due = g_date_time_new_from_iso8601 (wb_db_col_text (s, 0), NULL)))
    return POLL_MS;
  ms = g_date_time_difference (due, now) / G_TIME_SPAN_MILLISECOND;
  return CLAMP (ms, 0, POLL_MS);
}

static GBytes *
message_body (Message *m)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (b);
  wb_json_add_string (b, "message_id", m->message_id);
  wb_json_add_string (b, "case_no", m->case_no);
  wb_json_add_string (b, "action", m->action);
  wb_json_add_string (b, "channel", m->channel);
  /* The app and the web reach the applicant through the platform the
   * application came from, which knows its own application id. */
  if (g_str_equal (m->channel, "sms"))
    wb_json_add_string (b, "to", m->phone);
  else
    {
      wb_json_add_string (b, "to", m->upstream_id);
      wb_json_add_string (b, "platform", m->source);
    }
  wb_json_add_string (b, "text", m->text);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static Outcome
post (WbWebhook  *self,
      Message    *m,
      char      **problem)
{
  g_autoptr(GBytes) body = message_body (m);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", self->url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hmac = NULL;
  g_autofree char *signature = NULL;
  SoupMessageHeaders *headers;
  guint status;

  hmac = g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) self->secret, self->secret_len,
                                  g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  signature = g_strconcat ("sha256=", hmac, NULL);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "X-Wangban-Message-Id", m->message_id);
  soup_message_headers_replace (headers, "X-Wangban-Signature", signature);
  soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", body);

  reply = soup_session_send_and_read (self->session, msg, self->cancellable, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return OUTCOME_CANCELLED;
      *problem = g_strdup (error->message);
      return OUTCOME_REFUSED;
    }
  status = soup_message_get_status (msg);
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return OUTCOME_SENT;
  *problem = g_strdup_printf ("HTTP %u", status);
  return OUTCOME_REFUSED;
}

static gint64
backoff_ms (WbWebhook *self,
            gint64     attempts)
{
  gint64 delay = self->base_ms;

  for (gint64 i = 1; i < attempts && delay < self->cap_ms; i++)
    delay *= 2;
  return MIN (delay, (gint64) self->cap_ms);
}

/* A delivered or abandoned message leaves a row in the case's history,
 * and the change feed makes open desks show it. */
static gboolean
record_final (WbDbConn   *conn,
              Message    *m,
              const char *outcome,
              const char *problem,
              const char *now,
              GError    **error)
{
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autofree char *action = g_strdup_printf ("%s_%s", m->channel, outcome);
  g_autoptr(WbDbStmt) s = NULL;
  g_autofree char *state = NULL;
  GError *local_error = NULL;

  /* The state the case is in now: it may have moved on while the
   * receiver took its time. */
  if (!(s = wb_db_prepare (conn, "SELECT state FROM cases WHERE id = $1", error)))
    return FALSE;
  wb_db_bind_int (s, 1, m->case_id);
  if (wb_db_step (s, &local_error))
    state = wb_store_dup_col (s, 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_pointer (&s, wb_db_done);

  json_object_set_string_member (detail, "channel", m->channel);
  json_object_set_string_member (detail, "outcome", outcome);
  json_object_set_string_member (detail, "message_id", m->message_id);
  json_object_set_string_member (detail, "decision", m->action);
  json_object_set_int_member (detail, "decision_history_id", m->history_id);
  json_object_set_int_member (detail, "attempts", m->attempts + 1);
  if (problem != NULL)
    json_object_set_string_member (detail, "error", problem);

  return wb_store_history_add (conn, m->case_id, now, "service:outbox", action, NULL,
                               state != NULL ? state : m->state, detail, error) &&
         wb_store_event_add (conn, now, "case.messages", m->case_id, m->unit_code, error);
}

static gboolean
record (WbWebhook   *self,
        WbDbConn    *conn,
        Message     *m,
        Outcome      outcome,
        const char  *problem,
        GError     **error)
{
  g_autofree char *now = wb_clock_now_iso (self->server->clock);
  g_autofree char *next = NULL;
  g_autoptr(WbDbStmt) s = NULL;
  gint64 attempts = m->attempts + 1;
  const char *status;

  if (outcome == OUTCOME_SENT)
    status = "sent";
  else if (attempts >= self->max_attempts)
    status = "failed";
  else
    status = "pending";
  next = wb_outbox_real_now (outcome == OUTCOME_SENT ? 0 : backoff_ms (self, attempts));

  if (!wb_db_begin_write (conn, error))
    return FALSE;
  if (!(s = wb_db_prepare (conn,
          "UPDATE outbox SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, "
          "updated_at = $6, sent_at = CASE WHEN $2 = 'sent' THEN $6 ELSE NULL END "
          "WHERE id = $1 AND status = 'pending'", error)))
    goto fail;
  wb_db_bind_int (s, 1, m->id);
  wb_db_bind_text (s, 2, status);
  wb_db_bind_int (s, 3, attempts);
  wb_db_bind_text (s, 4, next);
  if (problem != NULL)
    wb_db_bind_text (s, 5, problem);
  else
    wb_db_bind_null (s, 5);
  wb_db_bind_text (s, 6, now);
  if (!wb_store_run (s, error))
    goto fail;
  g_clear_pointer (&s, wb_db_done);
  /* No longer pending: whoever settled it wrote its history. */
  if (wb_db_changes (conn) != 1)
    {
      wb_db_rollback (conn);
      return TRUE;
    }

  if (!g_str_equal (status, "pending") &&
      !record_final (conn, m, status, problem, now, error))
    goto fail;
  if (!wb_db_commit (conn, error))
    goto fail;

  {
    char attempts_text[32];

    g_snprintf (attempts_text, sizeof attempts_text, "#%" G_GINT64_FORMAT, attempts);
    wb_log_event (g_str_equal (status, "sent") ? "info" : "warning",
                  g_str_equal (status, "sent") ? "message delivered"
                  : g_str_equal (status, "failed") ? "message delivery failed; giving up"
                  : "message delivery failed; will retry",
                  "message_id", m->message_id, "case_no", m->case_no, "channel", m->channel,
                  "attempts", attempts_text, "error", problem, NULL);
  }
  return TRUE;

fail:
  wb_db_rollback (conn);
  return FALSE;
}

/* Sends what is due; returns how long to sleep. */
static gint64
deliver_due (WbWebhook *self)
{
  WbDb *db = self->server->db;

  while (!stopping (self))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(Message) m = NULL;
      g_autofree char *problem = NULL;
      WbDbConn *conn;
      Outcome outcome;
      gboolean ok;

      if (!(conn = wb_db_acquire (db, &error)))
        break;
      ok = next_due (conn, &m, &error);
      if (!ok || m == NULL)
        {
          gint64 wait = ok ? ms_until_next (conn) : POLL_MS;

          wb_db_release (db, conn);
          if (!ok)
            wb_log_event ("error", "outbox read failed", "detail", error->message, NULL);
          return wait;
        }
      /* No connection is held while the receiver takes its time. */
      wb_db_release (db, conn);

      outcome = post (self, m, &problem);
      if (outcome == OUTCOME_CANCELLED)
        break;

      if (!(conn = wb_db_acquire (db, &error)))
        break;
      ok = record (self, conn, m, outcome, problem, &error);
      wb_db_release (db, conn);
      if (!ok)
        {
          wb_log_event ("error", "outbox write failed", "detail", error->message, NULL);
          return POLL_MS;
        }
    }
  return POLL_MS;
}

static gpointer
worker_main (gpointer data)
{
  WbWebhook *self = data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  self->session = soup_session_new_with_options ("timeout", SEND_TIMEOUT_S,
                                                 "user-agent", "wangban-server/" PACKAGE_VERSION " ",
                                                 NULL);
  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 wait_ms;

      g_mutex_unlock (&self->lock);
      wait_ms = deliver_due (self);
      g_mutex_lock (&self->lock);
      if (!self->stopping)
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + wait_ms * G_TIME_SPAN_MILLISECOND);
    }
  g_mutex_unlock (&self->lock);

  g_clear_object (&self->session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
webhook_free (WbWebhook *self)
{
  g_free (self->url);
  if (self->secret != NULL)
    memset (self->secret, 0, self->secret_len);
  g_free (self->secret);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

WbWebhook *
wb_webhook_start (WbServer  *server,
                  GError   **error)
{
  const WbServerConfig *config = &server->config;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *secret = NULL;
  gsize len = 0;
  WbWebhook *self;

  if (config->webhook_url == NULL)
    {
      wb_log_event ("info", "no webhook configured; messages to applicants wait in the outbox", NULL);
      return NULL;
    }
  uri = g_uri_parse (config->webhook_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "--webhook-url needs an http or https URL");
      return NULL;
    }
  /* An SMS names the applicant's phone number: it crosses a network
   * only encrypted. A receiver on the same machine may take plain HTTP. */
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && !host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "--webhook-url must use https:// (messages carry applicants' phone numbers); "
                           "plain http:// is accepted only for a loopback address (127.0.0.0/8, ::1, localhost)");
      return NULL;
    }
  if (config->webhook_secret_file == NULL ||
      !g_file_get_contents (config->webhook_secret_file, &secret, &len, NULL) ||
      *g_strchomp (secret) == '\0')
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "--webhook-url needs --webhook-secret-file naming a readable, non-empty file");
      if (secret != NULL)
        memset (secret, 0, len);
      return NULL;
    }

  self = g_new0 (WbWebhook, 1);
  self->server = server;
  self->url = g_strdup (config->webhook_url);
  self->secret_len = strlen (secret);
  self->secret = g_steal_pointer (&secret);
  self->base_ms = MAX (config->webhook_retry_base_ms, 1);
  self->cap_ms = MAX (config->webhook_retry_max_ms, self->base_ms);
  self->max_attempts = MAX (config->webhook_max_attempts, 1);
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("wb-webhook", worker_main, self);
  /* The host only: a URL may carry a token in its path or query. */
  wb_log_event ("info", "delivering messages to applicants through the webhook",
                "host", g_uri_get_host (uri), NULL);
  return self;
}

void
wb_webhook_stop (WbWebhook *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  webhook_free (self);
}
