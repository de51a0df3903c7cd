/* test-server-concurrency.c: retries and races, as an offline outbox and a
 * room full of caseworkers produce them
 *
 * One demo server serves every test here. Threads each use their own
 * SoupSession (the harness's session belongs to the main thread), collect
 * what they saw, and the main thread asserts on it after joining them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-audit.h"
#include "wb-db.h"
#include "wb-test-server.h"

#define HANDLER       "handler.210102"
#define OTHER_HANDLER "handler.210103"
#define FRIDAY_10AM   "2026-02-13T02:00:00Z"
#define N_RACERS      8

static WbTestServer *server;
static char *token;           /* HANDLER */
static char *token_b;         /* a second session of HANDLER, as on a second desk */
static char *token_h2;        /* handler2.210102, created by the race test */
static char *token_h2b;       /* a second session of it */
static GBytes *pdf;           /* shared read-only by every thread */

/* Requests from any thread */

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", 60, NULL);
}

/* Like wb_test_request_full, on the caller's own session, and without
 * asserting: a thread reports a transport failure as status 0 with the
 * message as body. */
static WbTestReply *
send_on (SoupSession        *session,
         const char         *method,
         const char         *path,
         const char         *credential,
         const char * const *headers,
         const char         *body_type,
         GBytes             *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *request_headers = soup_message_get_request_headers (msg);
  WbTestReply *reply = g_new0 (WbTestReply, 1);

  if (credential != NULL)
    {
      g_autofree char *auth = g_str_has_prefix (credential, "Service ")
        ? g_strdup (credential) : g_strdup_printf ("Bearer %s", credential);
      soup_message_headers_replace (request_headers, "Authorization", auth);
    }
  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, body_type ? body_type : "application/json", body);

  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->body == NULL)
    {
      reply->status = 0;
      reply->body = g_bytes_new (error->message, strlen (error->message));
      return reply;
    }
  reply->status = soup_message_get_status (msg);

  {
    gsize len;
    const char *data = g_bytes_get_data (reply->body, &len);
    g_autoptr(JsonParser) parser = json_parser_new ();

    if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
      reply->json = json_node_ref (json_parser_get_root (parser));
  }
  return reply;
}

static WbTestReply *
post_action (SoupSession *session,
             const char  *credential,
             gint64       case_id,
             const char  *action,
             const char  *if_match,
             const char  *key,
             const char  *json_body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", case_id, action);
  g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));
  const char *headers[5] = { NULL };
  guint n = 0;

  if (if_match != NULL)
    {
      headers[n++] = "If-Match";
      headers[n++] = if_match;
    }
  headers[n++] = "Idempotency-Key";
  headers[n++] = key;
  return send_on (session, "POST", path, credential, headers, NULL, body);
}

static WbTestReply *
intake_on (SoupSession *session,
           const char  *upstream_id,
           const char  *unit_code)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *app = g_strdup_printf (
    "{\"upstream_id\":\"%s\",\"platform\":\"辽事通APP\",\"item_code\":\"ZA-WFZ\",\"unit_code\":\"%s\","
    "\"applicant\":{\"name\":\"欧阳娜娜\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\","
    "\"address\":\"辽宁省沈阳市和平区南京北街1号\"},"
    "\"materials\":[{\"name\":\"申请表\",\"part\":\"m1\"}]}", upstream_id, unit_code);

  soup_multipart_append_form_string (multipart, "application", app);
  soup_multipart_append_form_file (multipart, "m1", "form.pdf", "application/pdf", pdf);
  soup_multipart_to_message (multipart, headers, &body);
  return send_on (session, "POST", "/intake/applications", server->service_token, NULL,
                  soup_message_headers_get_one (headers, "Content-Type"), body);
}

static char *
reply_text (WbTestReply *reply)
{
  return g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

/* Main-thread helpers */

static const char *
str_member (JsonObject *obj,
            const char *name)
{
  g_assert_true (json_object_has_member (obj, name));
  return json_object_get_string_member (obj, name);
}

static JsonArray *
history (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_ref (json_object_get_array_member (wb_test_reply_object (reply), "items"));
}

static guint
history_rows (gint64      id,
              const char *action)
{
  g_autoptr(JsonArray) rows = history (id);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (action == NULL ||
        g_strcmp0 (str_member (json_array_get_object_element (rows, i), "action"), action) == 0)
      n++;
  return n;
}

static gint64
case_version (gint64  id,
              char  **state)
{
  g_autoptr(JsonObject) c = wb_test_get_case (server, token, id, NULL);

  if (state != NULL)
    *state = g_strdup (str_member (c, "state"));
  return json_object_get_int_member (c, "version");
}

static char *
current_etag (gint64 id)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) c = wb_test_get_case (server, token, id, &etag);

  return g_steal_pointer (&etag);
}

static gint64
feed_end (void)
{
  gint64 since = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
      g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
      gint64 last;

      g_assert_cmpuint (reply->status, ==, 200);
      last = json_object_get_int_member (wb_test_reply_object (reply), "last_seq");
      if (last == since)
        return last;
      since = last;
    }
}

/* Counts the feed's events of one kind after `since`; case_id 0 counts
 * every case. */
static guint
feed_count (gint64      since,
            const char *kind,
            gint64      case_id)
{
  guint n = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
      g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
      JsonObject *obj;
      JsonArray *events;
      gint64 last;

      g_assert_cmpuint (reply->status, ==, 200);
      obj = wb_test_reply_object (reply);
      events = json_object_get_array_member (obj, "events");
      last = json_object_get_int_member (obj, "last_seq");
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *ev = json_array_get_object_element (events, i);

          if (g_strcmp0 (str_member (ev, "kind"), kind) == 0 &&
              (case_id == 0 || json_object_get_int_member (ev, "case_id") == case_id))
            n++;
        }
      if (last == since)
        return n;
      since = last;
    }
}

static gint64
fresh_case (const char *upstream_id)
{
  return wb_test_intake (server, upstream_id, "ZA-WFZ", "210102");
}

static void
assert_error (WbTestReply *reply,
              guint        status,
              const char  *code)
{
  if (reply->status != status)
    {
      g_autofree char *text = reply_text (reply);
      g_error ("expected %u %s, got %u: %s", status, code, reply->status, text);
    }
  g_assert_cmpstr (wb_test_reply_error_code (reply), ==, code);
}

/* The server's own database, read beside it as an operator would. */
static gint64
db_count (const char *sql,
          const char *param)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = wb_test_server_db_path (server);
  WbDb *db = wb_db_open (path, &error);
  WbDbConn *conn;
  gint64 n = -1;

  g_assert_no_error (error);
  conn = wb_db_acquire (db, &error);
  g_assert_no_error (error);
  {
    g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn, sql, &error);

    g_assert_no_error (error);
    if (param != NULL)
      wb_db_bind_text (stmt, 1, param);
    g_assert_true (wb_db_step (stmt, &error));
    g_assert_no_error (error);
    n = wb_db_col_int (stmt, 0);
  }
  wb_db_release (db, conn);
  wb_db_close (db);
  return n;
}

static void
assert_audit_chain_intact (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = wb_test_server_db_path (server);
  WbDb *db = wb_db_open (path, &error);
  WbDbConn *conn;
  gint64 n;

  g_assert_no_error (error);
  conn = wb_db_acquire (db, &error);
  g_assert_no_error (error);
  n = wb_audit_verify (conn, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  wb_db_release (db, conn);
  wb_db_close (db);
}

/* A start gate, so racing threads send at the same moment. */

typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  waiting;
  gboolean open;
} Gate;

static void
gate_wait (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->waiting++;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
}

static void
gate_open_when_all (Gate  *gate,
                    guint  n)
{
  g_mutex_lock (&gate->mutex);
  while (gate->waiting < n)
    g_cond_wait (&gate->cond, &gate->mutex);
  gate->open = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

static void
gate_init (Gate *gate)
{
  g_mutex_init (&gate->mutex);
  g_cond_init (&gate->cond);
  gate->waiting = 0;
  gate->open = FALSE;
}

static void
gate_clear (Gate *gate)
{
  g_mutex_clear (&gate->mutex);
  g_cond_clear (&gate->cond);
}

/* Tests */

static void
test_idempotent_replay (void)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *etag0 = NULL;
  g_autofree char *state = NULL;
  g_autofree char *other_token = NULL;
  g_autoptr(WbTestReply) first = NULL;
  g_autoptr(WbTestReply) moved = NULL;
  g_autoptr(WbTestReply) replay = NULL;
  g_autoptr(WbTestReply) replay_no_match = NULL;
  g_autoptr(WbTestReply) other_body = NULL;
  g_autoptr(WbTestReply) other_action = NULL;
  g_autoptr(WbTestReply) other_user = NULL;
  const char *etag1;
  gint64 id, other_id, seq;

  id = fresh_case ("CONC-IDEM-0001");
  etag0 = current_etag (id);
  seq = feed_end ();

  first = post_action (server->session, token, id, "platform_pass", etag0, key, "{}");
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  etag1 = soup_message_headers_get_one (first->headers, "ETag");
  g_assert_cmpstr (etag1, !=, etag0);

  /* The case moves on before the desk's retry arrives. */
  moved = wb_test_act (server, token, id, "request_supplement", "{\"missing\":[\"申请表\"]}");
  g_assert_cmpuint (moved->status, ==, 200);

  /* The retry, with the key, body and (now stale) ETag of the first try,
   * gets the first answer back, byte for byte. */
  replay = post_action (server->session, token, id, "platform_pass", etag0, key, "{}");
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "ETag"), ==, etag1);
  g_assert_true (g_bytes_equal (replay->body, first->body));

  /* The key is checked before If-Match: a retry that lost its header too
   * is still the same request. */
  replay_no_match = post_action (server->session, token, id, "platform_pass", NULL, key, "{}");
  g_assert_cmpuint (replay_no_match->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (replay_no_match->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (replay_no_match->body, first->body));

  /* Changed once, not three times. */
  g_assert_cmpint (case_version (id, &state), ==, 3);
  g_assert_cmpstr (state, ==, "supplement");
  g_assert_cmpuint (history_rows (id, "platform_pass"), ==, 1);
  g_assert_cmpuint (history_rows (id, NULL), ==, 3);
  g_assert_cmpuint (feed_count (seq, "case.updated", id), ==, 2);

  /* The same key for another request is a client bug, not a retry. */
  other_body = post_action (server->session, token, id, "platform_pass", "*", key,
                            "{\"note\":\"不同的请求\"}");
  assert_error (other_body, 422, "unprocessable");
  other_action = post_action (server->session, token, id, "supplement_received", "*", key, "{}");
  assert_error (other_action, 422, "unprocessable");
  g_assert_cmpint (case_version (id, NULL), ==, 3);
  g_assert_cmpuint (history_rows (id, NULL), ==, 3);

  /* Keys are kept per user: another desk may happen to pick the same one. */
  other_id = wb_test_intake (server, "CONC-IDEM-0002", "ZA-WFZ", "210103");
  other_token = wb_test_login (server, OTHER_HANDLER);
  {
    g_autofree char *other_etag = NULL;
    g_autoptr(JsonObject) c = wb_test_get_case (server, other_token, other_id, &other_etag);

    other_user = post_action (server->session, other_token, other_id, "platform_pass", other_etag, key, "{}");
  }
  g_assert_cmpuint (other_user->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (other_user->headers, "Idempotent-Replayed"));
  g_assert_cmpstr (str_member (wb_test_reply_object (other_user), "state"), ==, "unit_review");
}

static void
test_if_match (void)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *key2 = g_uuid_string_random ();
  g_autofree char *key3 = g_uuid_string_random ();
  g_autofree char *current = NULL;
  g_autofree char *state = NULL;
  g_autoptr(WbTestReply) missing = NULL;
  g_autoptr(WbTestReply) passed = NULL;
  g_autoptr(WbTestReply) stale = NULL;
  g_autoptr(WbTestReply) any = NULL;
  gint64 id;

  id = fresh_case ("CONC-IFMATCH-0001");

  missing = post_action (server->session, token, id, "platform_pass", NULL, key, "{}");
  assert_error (missing, 428, "precondition_required");
  g_assert_cmpint (case_version (id, NULL), ==, 1);
  g_assert_cmpuint (history_rows (id, NULL), ==, 1);

  passed = wb_test_act (server, token, id, "platform_pass", NULL);
  g_assert_cmpuint (passed->status, ==, 200);

  /* A desk still showing version 1 may not accept what it has not seen;
   * the answer names the version to reload. */
  stale = post_action (server->session, token, id, "accept", "\"v1\"", key2, "{}");
  assert_error (stale, 412, "precondition_failed");
  current = current_etag (id);
  g_assert_cmpstr (current, ==, "\"v2\"");
  g_assert_cmpstr (soup_message_headers_get_one (stale->headers, "ETag"), ==, current);
  g_assert_cmpint (case_version (id, &state), ==, 2);
  g_assert_cmpstr (state, ==, "unit_review");
  g_assert_cmpuint (history_rows (id, NULL), ==, 2);

  any = post_action (server->session, token, id, "accept", "*", key3, "{}");
  g_assert_cmpuint (any->status, ==, 200);
  g_assert_cmpstr (str_member (wb_test_reply_object (any), "state"), ==, "accepted");
  g_assert_cmpstr (soup_message_headers_get_one (any->headers, "ETag"), ==, "\"v3\"");
  g_assert_cmpuint (history_rows (id, "accept"), ==, 1);
}

/* Racers: several desks press a button on the same version of a case. */

typedef struct
{
  const char *action;
  const char *body;
} Move;

typedef struct
{
  Gate        *gate;
  const char  *credential;
  gint64       case_id;
  const Move  *move;
  const char  *if_match;
  char        *key;
  WbTestReply *reply;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *r = data;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(WbTestReply) warm = NULL;

  /* Open the connection first, so the race is between requests, not
   * between TCP handshakes. */
  warm = send_on (session, "GET", "/health", NULL, NULL, NULL, NULL);
  gate_wait (r->gate);
  r->reply = post_action (session, r->credential, r->case_id, r->move->action, r->if_match,
                          r->key, r->move->body);
  return NULL;
}

/* Sends N_RACERS requests at once, all with the ETag the case has now.
 * Racer i makes moves[i % n_moves] with credentials[i % n_credentials].
 * same_key makes them one request retried N times. Losers may only be
 * told the case changed (412) or, with allow_forbidden, that another
 * handler answers for it (403). Returns how many got 200. */
static guint
race (gint64              id,
      const Move         *moves,
      guint               n_moves,
      const char * const *credentials,
      guint               n_credentials,
      gboolean            same_key,
      gboolean            allow_forbidden,
      Racer              *racers)
{
  g_autofree char *etag = current_etag (id);
  g_autofree char *shared_key = g_uuid_string_random ();
  GThread *threads[N_RACERS];
  Gate gate;
  guint ok = 0;

  gate_init (&gate);
  for (guint i = 0; i < N_RACERS; i++)
    {
      racers[i].gate = &gate;
      racers[i].credential = credentials[i % n_credentials];
      racers[i].case_id = id;
      racers[i].move = &moves[i % n_moves];
      racers[i].if_match = etag;
      racers[i].key = same_key ? g_strdup (shared_key) : g_uuid_string_random ();
      racers[i].reply = NULL;
      threads[i] = g_thread_new ("racer", racer_thread, &racers[i]);
    }
  gate_open_when_all (&gate, N_RACERS);
  for (guint i = 0; i < N_RACERS; i++)
    g_thread_join (threads[i]);
  gate_clear (&gate);

  for (guint i = 0; i < N_RACERS; i++)
    {
      WbTestReply *reply = racers[i].reply;

      if (reply->status == 200)
        ok++;
      else if (reply->status == 412)
        g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "precondition_failed");
      else if (reply->status == 409)
        g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "conflict");
      else if (reply->status == 403 && allow_forbidden)
        g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "forbidden");
      else
        {
          g_autofree char *text = reply_text (reply);
          g_error ("%s racer %u got %u: %s", racers[i].move->action, i, reply->status, text);
        }
    }
  return ok;
}

static Racer *
race_winner (Racer *racers)
{
  for (guint i = 0; i < N_RACERS; i++)
    if (racers[i].reply->status == 200)
      return &racers[i];
  g_assert_not_reached ();
}

static void
racers_clear (Racer *racers)
{
  for (guint i = 0; i < N_RACERS; i++)
    {
      g_clear_pointer (&racers[i].key, g_free);
      g_clear_pointer (&racers[i].reply, wb_test_reply_free);
    }
}

/* Checks one round's outcome: one change, recorded once, and every loser
 * told which version to reload. */
static void
assert_one_change (gint64      id,
                   Racer      *racers,
                   gint64      version_before,
                   guint       rows_before,
                   const char *to_state)
{
  g_autofree char *state = NULL;
  g_autofree char *now_etag = current_etag (id);
  Racer *winner = race_winner (racers);
  g_autoptr(JsonArray) rows = NULL;
  JsonObject *last;

  g_assert_cmpint (case_version (id, &state), ==, version_before + 1);
  g_assert_cmpstr (state, ==, to_state);
  g_assert_cmpstr (str_member (wb_test_reply_object (winner->reply), "state"), ==, to_state);
  g_assert_cmpstr (soup_message_headers_get_one (winner->reply->headers, "ETag"), ==, now_etag);

  rows = history (id);
  g_assert_cmpuint (json_array_get_length (rows), ==, rows_before + 1);
  last = json_array_get_object_element (rows, rows_before);
  g_assert_cmpstr (str_member (last, "action"), ==, winner->move->action);
  g_assert_cmpstr (str_member (last, "to_state"), ==, to_state);

  for (guint i = 0; i < N_RACERS; i++)
    if (racers[i].reply->status == 412)
      g_assert_cmpstr (soup_message_headers_get_one (racers[i].reply->headers, "ETag"), ==, now_etag);
}

static char *
login_with (const char *username,
            const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", "/sessions", NULL, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (str_member (wb_test_reply_object (reply), "token"));
}

static void
ensure_second_handler (void)
{
  g_autofree char *sysadmin = NULL;
  g_autoptr(WbTestReply) created = NULL;
  const char *password = "Second-Desk-Pass-2026";

  if (token_h2 != NULL)
    return;
  sysadmin = wb_test_login (server, "sysadmin.210102");
  created = wb_test_request (server, "POST", "/users", sysadmin,
                             "{\"username\":\"handler2.210102\",\"display_name\":\"第二窗口办理员\","
                             "\"unit_code\":\"210102\",\"roles\":[\"handler\"],"
                             "\"password\":\"Second-Desk-Pass-2026\"}");
  g_assert_cmpuint (created->status, ==, 201);
  token_h2 = login_with ("handler2.210102", password);
  token_h2b = login_with ("handler2.210102", password);
}

static void
test_race_two_handlers (void)
{
  static const Move pass[] = { { "platform_pass", "{}" } };
  static const Move decide[] = {
    { "accept", "{}" },
    { "refuse", "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十八条\",\"reason\":\"不符合条件\"}" },
    { "request_supplement", "{\"missing\":[\"申请表\"]}" },
  };
  const char *everyone[4];
  const char *winner_sessions[2];
  const char *loser;
  Racer racers[N_RACERS];
  gint64 id, version;
  guint rows;
  const char *assignee;
  g_autofree char *to_state = NULL;

  ensure_second_handler ();
  everyone[0] = token;
  everyone[1] = token_h2;
  everyone[2] = token_b;
  everyone[3] = token_h2b;
  id = fresh_case ("CONC-RACE-0001");

  /* Two handlers open the same new case and both press 平台审核通过. */
  version = case_version (id, NULL);
  rows = history_rows (id, NULL);
  g_assert_cmpuint (race (id, pass, 1, everyone, 4, FALSE, FALSE, racers), ==, 1);
  assert_one_change (id, racers, version, rows, "unit_review");
  {
    g_autoptr(JsonObject) c = wb_test_get_case (server, token, id, NULL);
    const char *winner_token = race_winner (racers)->credential;
    gboolean first_won = winner_token == token || winner_token == token_b;

    /* 首问负责: whoever won answers for the case. */
    assignee = str_member (json_object_get_object_member (c, "assignee"), "username");
    g_assert_cmpstr (assignee, ==, first_won ? HANDLER : "handler2.210102");
    winner_sessions[0] = first_won ? token : token_h2;
    winner_sessions[1] = first_won ? token_b : token_h2b;
    loser = first_won ? token_h2 : token;
  }
  racers_clear (racers);

  /* Then each decides differently at the same moment: one decision
   * stands, the rest change nothing. */
  version = case_version (id, NULL);
  rows = history_rows (id, NULL);
  g_assert_cmpuint (race (id, decide, G_N_ELEMENTS (decide), everyone, 4, FALSE, TRUE, racers), ==, 1);
  {
    const char *action = race_winner (racers)->move->action;

    to_state = g_strdup (g_str_equal (action, "accept") ? "accepted"
                         : g_str_equal (action, "refuse") ? "refused" : "supplement");
    /* Only the case's own handler can have won. */
    g_assert_true (race_winner (racers)->credential == winner_sessions[0] ||
                   race_winner (racers)->credential == winner_sessions[1]);
  }
  assert_one_change (id, racers, version, rows, to_state);
  racers_clear (racers);

  /* The other handler, reloaded, is told to claim it first. */
  {
    g_autoptr(WbTestReply) late = wb_test_act (server, loser, id,
                                               g_str_equal (to_state, "accepted") ? "approve"
                                               : g_str_equal (to_state, "refused") ? "archive"
                                               : "supplement_received",
                                               g_str_equal (to_state, "accepted") ? "{\"result\":\"准予\"}"
                                               : g_str_equal (to_state, "refused") ? "{\"fees_collected\":0}"
                                               : "{}");

    assert_error (late, 403, "forbidden");
    g_assert_cmpuint (history_rows (id, NULL), ==, rows + 1);
  }

  wb_test_assert_alive (server);
}

static void
test_race_same_etag (void)
{
  static const Move rounds[] = {
    { "accept", "{}" },
    { "approve", "{\"result\":\"无犯罪记录证明已开具\"}" },
    { "choose_delivery", "{\"method\":\"window\"}" },
  };
  static const char * const to_states[] = { "accepted", "completed", "delivering" };
  static const Move print[] = { { "print_ready", "{}" } };
  const char *sessions[] = { token, token_b };
  Racer racers[N_RACERS];
  gint64 id = fresh_case ("CONC-RACE-0002");
  g_autoptr(WbTestReply) passed = wb_test_act (server, token, id, "platform_pass", NULL);

  g_assert_cmpuint (passed->status, ==, 200);

  /* One handler on two desks, N threads pressing the same button. */
  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      gint64 version = case_version (id, NULL);
      guint rows = history_rows (id, NULL);

      g_assert_cmpuint (race (id, &rounds[r], 1, sessions, 2, FALSE, FALSE, racers), ==, 1);
      assert_one_change (id, racers, version, rows, to_states[r]);
      g_assert_cmpuint (history_rows (id, rounds[r].action), ==, 1);
      racers_clear (racers);
    }

  /* One outbox entry retried from N threads at once: performed once,
   * every answer the same. */
  {
    gint64 version = case_version (id, NULL);
    guint rows = history_rows (id, NULL);
    guint fresh = 0;

    g_assert_cmpuint (race (id, print, 1, sessions, 2, TRUE, FALSE, racers), ==, N_RACERS);
    for (guint i = 0; i < N_RACERS; i++)
      {
        if (soup_message_headers_get_one (racers[i].reply->headers, "Idempotent-Replayed") == NULL)
          fresh++;
        else
          g_assert_cmpstr (soup_message_headers_get_one (racers[i].reply->headers, "Idempotent-Replayed"), ==,
                           "true");
        g_assert_true (g_bytes_equal (racers[i].reply->body, racers[0].reply->body));
      }
    g_assert_cmpuint (fresh, ==, 1);
    g_assert_cmpint (case_version (id, NULL), ==, version + 1);
    g_assert_cmpuint (history_rows (id, NULL), ==, rows + 1);
    g_assert_cmpuint (history_rows (id, "print_ready"), ==, 1);
    racers_clear (racers);
  }

  wb_test_assert_alive (server);
}

/* Many desks at work on different cases, reading and writing at once. */

#define N_WORKERS 6

typedef struct
{
  Gate       *gate;
  guint       index;
  const char *credential;
  const char *unit_code;
  const char *pickup_body;
  gint64      case_id;
  char       *case_no;
  guint       requests;
  GString    *failures;   /* one line per unexpected answer */
} Worker;

static void
note (Worker      *w,
      const char  *what,
      WbTestReply *reply)
{
  g_autofree char *text = reply_text (reply);

  g_string_append_printf (w->failures, "worker %u: %s answered %u: %.200s\n",
                          w->index, what, reply->status, text);
}

static gboolean
expect_ok (Worker      *w,
           const char  *what,
           WbTestReply *reply)
{
  w->requests++;
  if (reply->status >= 200 && reply->status < 300 && reply->json != NULL)
    return TRUE;
  note (w, what, reply);
  return FALSE;
}

static void
read_around (Worker      *w,
             SoupSession *session)
{
  static const char * const paths[] = {
    "/cases?limit=20&sort=updated&order=desc",
    "/cases?state=submitted,unit_review,accepted&limit=50",
    "/changes?since=0&limit=200",
    "/items",
  };
  g_autofree char *history_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", w->case_id);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(WbTestReply) reply = send_on (session, "GET", paths[i], w->credential, NULL, NULL, NULL);
      expect_ok (w, paths[i], reply);
    }
  {
    g_autoptr(WbTestReply) reply = send_on (session, "GET", history_path, w->credential, NULL, NULL, NULL);
    expect_ok (w, history_path, reply);
  }
}

static gpointer
worker_thread (gpointer data)
{
  static const struct
  {
    const char *action;
    const char *body;
  } steps[] = {
    { "platform_pass", "{}" },
    { "accept", "{}" },
    { "approve", "{\"result\":\"无犯罪记录证明已开具\"}" },
    { "choose_delivery", "{\"method\":\"window\"}" },
    { "print_ready", "{}" },
    { "book_pickup", NULL /* the worker's unit's slot */ },
    { "hand_over", "{\"collector\":\"applicant\"}" },
    { "archive", "{\"fees_collected\":0}" },
  };
  Worker *w = data;
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *upstream = g_strdup_printf ("CONC-LOAD-%s-%u", w->unit_code, w->index);
  g_autofree char *case_path = NULL;

  {
    g_autoptr(WbTestReply) warm = send_on (session, "GET", "/health", NULL, NULL, NULL, NULL);
  }
  gate_wait (w->gate);

  {
    g_autoptr(WbTestReply) created = intake_on (session, upstream, w->unit_code);

    if (!expect_ok (w, "intake", created))
      return NULL;
    if (created->status != 201)
      note (w, "intake of a new upstream id", created);
    w->case_id = json_object_get_int_member (json_node_get_object (created->json), "case_id");
    w->case_no = g_strdup (json_object_get_string_member (json_node_get_object (created->json), "case_no"));
  }
  case_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, w->case_id);

  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(WbTestReply) got = send_on (session, "GET", case_path, w->credential, NULL, NULL, NULL);
      g_autoptr(WbTestReply) done = NULL;
      g_autofree char *key = g_uuid_string_random ();
      const char *etag;

      if (!expect_ok (w, case_path, got))
        return NULL;
      etag = soup_message_headers_get_one (got->headers, "ETag");
      done = post_action (session, w->credential, w->case_id, steps[s].action, etag, key,
                          steps[s].body ? steps[s].body : w->pickup_body);
      if (!expect_ok (w, steps[s].action, done))
        return NULL;
      read_around (w, session);
    }
  return NULL;
}

/* A supervisor's desk following the change feed while everyone works. */
typedef struct
{
  const char *credential;
  gint64      since;
  gint        stop;        /* atomic */
  JsonArray  *events;      /* every event seen, in order */
  GString    *failures;
} Follower;

static gboolean
follow_once (Follower    *f,
             SoupSession *session,
             gboolean    *moved)
{
  g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=50", f->since);
  g_autoptr(WbTestReply) reply = send_on (session, "GET", path, f->credential, NULL, NULL, NULL);
  JsonObject *obj;
  JsonArray *events;
  gint64 last;

  if (reply->status != 200 || reply->json == NULL)
    {
      g_autofree char *text = reply_text (reply);
      g_string_append_printf (f->failures, "changes answered %u: %.200s\n", reply->status, text);
      return FALSE;
    }
  obj = json_node_get_object (reply->json);
  events = json_object_get_array_member (obj, "events");
  last = json_object_get_int_member (obj, "last_seq");
  for (guint i = 0; i < json_array_get_length (events); i++)
    json_array_add_element (f->events, json_node_copy (json_array_get_element (events, i)));
  *moved = last != f->since;
  if (last < f->since)
    g_string_append_printf (f->failures, "last_seq went back from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "\n",
                            f->since, last);
  f->since = last;
  return TRUE;
}

static gpointer
follower_thread (gpointer data)
{
  Follower *f = data;
  g_autoptr(SoupSession) session = new_session ();
  gboolean moved = TRUE;

  while (!g_atomic_int_get (&f->stop))
    if (!follow_once (f, session, &moved))
      return NULL;
  /* Catch up after the last write, as the desk does after a gap. */
  do
    if (!follow_once (f, session, &moved))
      return NULL;
  while (moved);
  return NULL;
}

static void
test_mixed_load (void)
{
  static const char * const units[] = { "210102", "210103" };
  g_autofree char *token_other = wb_test_login (server, OTHER_HANDLER);
  g_autoptr(GHashTable) case_nos = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *viewer = wb_test_login (server, "viewer.210100");
  Worker workers[N_WORKERS];
  GThread *threads[N_WORKERS];
  GThread *follower;
  Follower follow = { 0 };
  Gate gate;

  char *pickup_bodies[G_N_ELEMENTS (units)] = { NULL };

  /* Each unit's business administrator opens enough pickup places for
   * every worker of the unit. */
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      g_autofree char *admin_name = g_strdup_printf ("bizadmin.%s", units[u]);
      g_autofree char *admin = wb_test_login (server, admin_name);
      g_autofree char *path = g_strdup_printf ("/units/%s/pickup-capacity/2026-03-02", units[u]);
      g_autoptr(WbTestReply) opened = wb_test_request (server, "PUT", path, admin,
        "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":100}]}");
      JsonArray *slots;

      g_assert_cmpuint (opened->status, ==, 200);
      slots = json_object_get_array_member (wb_test_reply_object (opened), "items");
      pickup_bodies[u] = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}",
                                          json_object_get_int_member (json_array_get_object_element (slots, 0), "id"));
    }

  follow.credential = viewer;
  follow.since = feed_end ();
  follow.events = json_array_new ();
  follow.failures = g_string_new (NULL);
  follower = g_thread_new ("follower", follower_thread, &follow);

  gate_init (&gate);
  for (guint i = 0; i < N_WORKERS; i++)
    {
      Worker *w = &workers[i];

      memset (w, 0, sizeof *w);
      w->gate = &gate;
      w->index = i;
      w->unit_code = units[i % G_N_ELEMENTS (units)];
      w->pickup_body = pickup_bodies[i % G_N_ELEMENTS (units)];
      w->credential = i % 2 ? token_other : (i % 4 ? token_b : token);
      w->failures = g_string_new (NULL);
      threads[i] = g_thread_new ("worker", worker_thread, w);
    }
  gate_open_when_all (&gate, N_WORKERS);
  for (guint i = 0; i < N_WORKERS; i++)
    g_thread_join (threads[i]);
  gate_clear (&gate);
  g_atomic_int_set (&follow.stop, 1);
  g_thread_join (follower);

  /* The live feed showed every change once, in order, with no gaps a desk
   * would have to reload for. */
  if (follow.failures->len > 0)
    g_error ("%s", follow.failures->str);
  for (guint i = 1; i < json_array_get_length (follow.events); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (follow.events, i - 1), "seq"), <,
                     json_object_get_int_member (json_array_get_object_element (follow.events, i), "seq"));

  for (guint i = 0; i < N_WORKERS; i++)
    {
      Worker *w = &workers[i];
      guint created = 0, updated = 0;

      for (guint e = 0; e < json_array_get_length (follow.events); e++)
        {
          JsonObject *ev = json_array_get_object_element (follow.events, e);

          if (json_object_get_int_member (ev, "case_id") != w->case_id)
            continue;
          g_assert_cmpstr (str_member (ev, "unit_code"), ==, w->unit_code);
          if (g_str_equal (str_member (ev, "kind"), "case.created"))
            created++;
          else if (g_str_equal (str_member (ev, "kind"), "case.updated"))
            updated++;
        }
      g_assert_cmpuint (created, ==, 1);
      g_assert_cmpuint (updated, ==, 8);
    }

  for (guint i = 0; i < N_WORKERS; i++)
    {
      Worker *w = &workers[i];
      g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", w->case_id);
      g_autoptr(WbTestReply) rows = NULL;
      g_autoptr(WbTestReply) c = NULL;
      g_autofree char *case_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, w->case_id);

      if (w->failures->len > 0)
        g_error ("%s", w->failures->str);
      g_assert_cmpuint (w->requests, ==, 1 + 8 * 7);

      /* Every case went all the way, each step recorded once. */
      c = wb_test_request (server, "GET", case_path, w->credential, NULL);
      g_assert_cmpuint (c->status, ==, 200);
      g_assert_cmpstr (str_member (wb_test_reply_object (c), "state"), ==, "archived");
      g_assert_cmpstr (str_member (wb_test_reply_object (c), "unit_code"), ==, w->unit_code);
      rows = wb_test_request (server, "GET", path, w->credential, NULL);
      g_assert_cmpuint (rows->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (rows), "items")),
                        ==, 9);

      /* Case numbers handed out at the same moment never collide. */
      g_assert_false (g_hash_table_contains (case_nos, w->case_no));
      g_hash_table_add (case_nos, w->case_no);
    }

  /* Concurrent writers never fork the hash chain of the audit trail. */
  assert_audit_chain_intact ();
  wb_test_assert_alive (server);

  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_string_free (workers[i].failures, TRUE);
      g_free (workers[i].case_no);
    }
  json_array_unref (follow.events);
  g_string_free (follow.failures, TRUE);
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    g_free (pickup_bodies[u]);
}

/* An upstream platform that retries eagerly, from several connections. */

typedef struct
{
  Gate        *gate;
  const char  *upstream_id;
  WbTestReply *reply;
} Intaker;

static gpointer
intaker_thread (gpointer data)
{
  Intaker *it = data;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(WbTestReply) warm = send_on (session, "GET", "/health", NULL, NULL, NULL, NULL);

  gate_wait (it->gate);
  it->reply = intake_on (session, it->upstream_id, "210102");
  return NULL;
}

static void
intake_race_round (const char *upstream_id)
{
  Intaker intakers[N_RACERS];
  GThread *threads[N_RACERS];
  Gate gate;
  gint64 seq = feed_end ();
  gint64 id = 0;
  guint created = 0;
  const char *case_no = NULL;

  gate_init (&gate);
  for (guint i = 0; i < N_RACERS; i++)
    {
      intakers[i].gate = &gate;
      intakers[i].upstream_id = upstream_id;
      intakers[i].reply = NULL;
      threads[i] = g_thread_new ("intaker", intaker_thread, &intakers[i]);
    }
  gate_open_when_all (&gate, N_RACERS);
  for (guint i = 0; i < N_RACERS; i++)
    g_thread_join (threads[i]);
  gate_clear (&gate);

  for (guint i = 0; i < N_RACERS; i++)
    {
      WbTestReply *reply = intakers[i].reply;
      JsonObject *obj;

      if (reply->status != 201 && reply->status != 200)
        {
          g_autofree char *text = reply_text (reply);
          g_error ("intake %u answered %u: %s", i, reply->status, text);
        }
      obj = wb_test_reply_object (reply);
      /* 201 and replayed:false for the one that created it, 200 and
       * replayed:true for every other. */
      if (reply->status == 201)
        {
          created++;
          g_assert_false (json_object_get_boolean_member (obj, "replayed"));
        }
      else
        g_assert_true (json_object_get_boolean_member (obj, "replayed"));
      if (id == 0)
        {
          id = json_object_get_int_member (obj, "case_id");
          case_no = str_member (obj, "case_no");
        }
      g_assert_cmpint (json_object_get_int_member (obj, "case_id"), ==, id);
      g_assert_cmpstr (str_member (obj, "case_no"), ==, case_no);
    }
  g_assert_cmpuint (created, ==, 1);

  /* One case, one intake in its history, one creation in the feed. */
  g_assert_cmpint (db_count ("SELECT COUNT(*) FROM cases WHERE upstream_id = $1", upstream_id), ==, 1);
  g_assert_cmpuint (history_rows (id, NULL), ==, 1);
  g_assert_cmpuint (feed_count (seq, "case.created", 0), ==, 1);
  g_assert_cmpuint (feed_count (seq, "case.created", id), ==, 1);
  {
    g_autofree char *query = g_strdup_printf ("q=%s", case_no);
    g_assert_cmpint (wb_test_find_case (server, token, query), ==, id);
  }

  for (guint i = 0; i < N_RACERS; i++)
    g_clear_pointer (&intakers[i].reply, wb_test_reply_free);
}

static void
test_intake_race (void)
{
  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *upstream_id = g_strdup_printf ("CONC-INTAKE-RACE-%04u", round);

      intake_race_round (upstream_id);
    }
  wb_test_assert_alive (server);
}

/* A replayed answer is the same case, and no more cacheable than the
 * first: the contract promises `Cache-Control: no-store` on every action
 * response. Kept last, as a failure here aborts the run. */
static void
test_replay_not_cached (void)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *etag = NULL;
  g_autoptr(WbTestReply) first = NULL;
  g_autoptr(WbTestReply) replay = NULL;
  gint64 id = fresh_case ("CONC-NOSTORE-0001");

  etag = current_etag (id);
  first = post_action (server->session, token, id, "platform_pass", etag, key, "{}");
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Cache-Control"), ==, "no-store");

  replay = post_action (server->session, token, id, "platform_pass", etag, key, "{}");
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Cache-Control"), ==, "no-store");
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/concurrency/idempotent-replay", test_idempotent_replay);
  g_test_add_func ("/server/concurrency/if-match", test_if_match);
  g_test_add_func ("/server/concurrency/race-two-handlers", test_race_two_handlers);
  g_test_add_func ("/server/concurrency/race-same-etag", test_race_same_etag);
  g_test_add_func ("/server/concurrency/mixed-load", test_mixed_load);
  g_test_add_func ("/server/concurrency/intake-race", test_intake_race);
  g_test_add_func ("/server/concurrency/replay-not-cached", test_replay_not_cached);

  /* The clock stays put, so sessions never idle out mid-test. */
  server = wb_test_server_start (args, FRIDAY_10AM);
  token = wb_test_login (server, HANDLER);
  token_b = wb_test_login (server, HANDLER);
  pdf = wb_test_pdf_bytes ();

  ret = g_test_run ();

  wb_test_server_stop (server);
  g_free (token);
  g_free (token_b);
  g_free (token_h2);
  g_free (token_h2b);
  g_bytes_unref (pdf);
  return ret;
}
