/* test-server-outbox.c: decisions reach the applicant through the
 * webhook (6.6.1), signed, retried, never twice, and the case's history
 * says how it went
 *
 * The receiver is a SoupServer in this process on a loopback port; the
 * tests iterate the main context while they wait for the server's
 * delivery thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "wb-test-server.h"

#define HANDLER   "handler.210102"
#define BIZADMIN  "bizadmin.210000"
#define CLEAR_ID    "11010519491231002X"
#define CLEAR_PHONE "13812345678"
#define SECRET    "outbox-test-secret-不要外传"
/* Friday 2026-02-13, 10:00 in Beijing. */
#define FRIDAY_10AM "2026-02-13T02:00:00Z"
#define WAIT_S 30

typedef enum
{
  ANSWER_OK,
  ANSWER_FAIL_TWICE,    /* 503 for the first two attempts of each message */
  ANSWER_ALWAYS_FAIL,
  ANSWER_HANG,          /* never answers */
} Answer;

typedef struct
{
  char   *message_id;   /* the header */
  char   *signature;
  GBytes *body;
} Delivery;

typedef struct
{
  SoupServer *soup;
  char       *url;
  Answer      answer;
  GPtrArray  *deliveries;
  GHashTable *seen;     /* message id → attempts so far */
  GPtrArray  *held;     /* messages left hanging */
  char       *secret_path;
} Receiver;

static void
delivery_free (Delivery *d)
{
  g_free (d->message_id);
  g_free (d->signature);
  g_bytes_unref (d->body);
  g_free (d);
}

static void
on_hook_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  Receiver *r = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Delivery *d = g_new0 (Delivery, 1);
  guint attempts;

  d->message_id = g_strdup (soup_message_headers_get_one (headers, "X-Wangban-Message-Id"));
  d->signature = g_strdup (soup_message_headers_get_one (headers, "X-Wangban-Signature"));
  d->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_ptr_array_add (r->deliveries, d);

  attempts = GPOINTER_TO_UINT (g_hash_table_lookup (r->seen, d->message_id ? d->message_id : "")) + 1;
  g_hash_table_insert (r->seen, g_strdup (d->message_id ? d->message_id : ""), GUINT_TO_POINTER (attempts));

  switch (r->answer)
    {
    case ANSWER_OK:
      soup_server_message_set_status (msg, 200, NULL);
      break;
    case ANSWER_FAIL_TWICE:
      soup_server_message_set_status (msg, attempts <= 2 ? 503 : 204, NULL);
      break;
    case ANSWER_ALWAYS_FAIL:
      soup_server_message_set_status (msg, 500, NULL);
      break;
    case ANSWER_HANG:
      soup_server_message_pause (msg);
      g_ptr_array_add (r->held, g_object_ref (msg));
      break;
    }
}

static Receiver *
receiver_new (Answer answer)
{
  g_autoptr(GError) error = NULL;
  Receiver *r = g_new0 (Receiver, 1);
  GSList *uris;
  int fd;

  r->answer = answer;
  r->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify) delivery_free);
  r->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->held = g_ptr_array_new_with_free_func (g_object_unref);
  r->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (r->soup, "/hook", on_hook_cb, r, NULL);
  soup_server_listen_local (r->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (r->soup);
  r->url = g_strdup_printf ("http://127.0.0.1:%d/hook", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fd = g_file_open_tmp ("wangban-webhook-secret-XXXXXX", &r->secret_path, &error);
  g_assert_no_error (error);
  close (fd);
  /* A trailing newline, as an editor leaves it, is not part of the key. */
  g_file_set_contents (r->secret_path, SECRET "\n", -1, &error);
  g_assert_no_error (error);
  return r;
}

static void
receiver_free (Receiver *r)
{
  g_unlink (r->secret_path);
  g_free (r->secret_path);
  g_ptr_array_unref (r->held);
  soup_server_disconnect (r->soup);
  g_object_unref (r->soup);
  g_ptr_array_unref (r->deliveries);
  g_hash_table_unref (r->seen);
  g_free (r->url);
  g_free (r);
}

static WbTestServer *
start_server (Receiver   *r,
              const char *max_attempts)
{
  g_autofree char *url = g_strdup_printf ("--webhook-url=%s", r->url);
  g_autofree char *secret = g_strdup_printf ("--webhook-secret-file=%s", r->secret_path);
  g_autofree char *attempts = g_strdup_printf ("--webhook-max-attempts=%s", max_attempts);
  const char *args[] = {
    "--demo-scale=3", url, secret, "--webhook-retry-base-ms=50", "--webhook-retry-max-ms=200",
    attempts, NULL
  };

  return wb_test_server_start (args, FRIDAY_10AM);
}

/* Serves the receiver until cond holds or WAIT_S pass. The server's
 * delivery thread works on its own schedule, so waiting is the test. */
static gboolean
wait_until (gboolean (*cond) (gpointer),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
  return TRUE;
}

typedef struct
{
  Receiver *r;
  guint     n;
} Count;

static gboolean
has_deliveries (gpointer data)
{
  Count *c = data;

  return c->r->deliveries->len >= c->n;
}

static void
wait_deliveries (Receiver *r,
                 guint     n)
{
  Count c = { r, n };

  if (!wait_until (has_deliveries, &c))
    g_error ("The receiver got %u deliveries, expected %u", r->deliveries->len, n);
}

/* The outbox as stored, for what no API shows: statuses and attempts. */
static void
outbox_counts (WbTestServer *server,
               const char   *status,
               gint64       *rows,
               gint64       *attempts)
{
  g_autofree char *path = wb_test_server_db_path (server);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*), COALESCE(SUM(attempts), 0) FROM outbox "
                                       "WHERE status = ?1 OR ?1 IS NULL", -1, &stmt, NULL), ==, SQLITE_OK);
  if (status != NULL)
    sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *rows = sqlite3_column_int64 (stmt, 0);
  if (attempts != NULL)
    *attempts = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Checks what every receiver relies on: a valid signature over the
 * exact body, the id in the header and the body alike, and no ID number
 * anywhere. */
static JsonObject *
check_delivery (Delivery *d)
{
  gsize len;
  const char *data = g_bytes_get_data (d->body, &len);
  g_autofree char *expected = g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) SECRET,
                                                       strlen (SECRET), (const guchar *) data, len);
  g_autofree char *header = g_strconcat ("sha256=", expected, NULL);
  g_autofree char *text = g_strndup (data, len);
  JsonObject *body = parse_object (d->body);

  g_assert_cmpstr (d->signature, ==, header);
  g_assert_nonnull (d->message_id);
  g_assert_cmpstr (json_object_get_string_member (body, "message_id"), ==, d->message_id);
  g_assert_null (strstr (text, CLEAR_ID));
  /* The phone is where an SMS goes, never part of what it says. */
  g_assert_null (strstr (json_object_get_string_member (body, "text"), CLEAR_PHONE));
  return body;
}

static JsonObject *
find_channel (Receiver   *r,
              const char *channel,
              Delivery  **out)
{
  for (guint i = 0; i < r->deliveries->len; i++)
    {
      Delivery *d = r->deliveries->pdata[i];
      JsonObject *body = check_delivery (d);

      if (g_str_equal (json_object_get_string_member (body, "channel"), channel))
        {
          if (out)
            *out = d;
          return body;
        }
      json_object_unref (body);
    }
  g_error ("No %s message was delivered", channel);
  return NULL;
}

/* The outcome rows in the case's history, as "sms_sent,app_sent,…". */
static char *
history_outcomes (WbTestServer *server,
                  const char   *token,
                  gint64        id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;
  GString *out = g_string_new (NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *h = json_array_get_object_element (items, i);
      const char *action = json_object_get_string_member (h, "action");
      JsonObject *detail = json_object_get_object_member (h, "detail");

      if (!g_str_has_suffix (action, "_sent") && !g_str_has_suffix (action, "_failed"))
        continue;
      /* The row names its channel and outcome in the detail as well. */
      g_assert_true (g_str_has_prefix (action, json_object_get_string_member (detail, "channel")));
      g_assert_true (g_str_has_suffix (action, json_object_get_string_member (detail, "outcome")));
      g_assert_cmpstr (json_object_get_string_member (h, "actor"), ==, "service:outbox");
      if (out->len)
        g_string_append_c (out, ',');
      g_string_append (out, action);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  WbTestServer *server;
  const char   *token;
  gint64        id;
  guint         n;
} HistoryWait;

static gboolean
history_has (gpointer data)
{
  HistoryWait *w = data;
  g_autofree char *outcomes = history_outcomes (w->server, w->token, w->id);
  g_auto(GStrv) parts = g_strsplit (outcomes, ",", -1);

  return *outcomes != '\0' && g_strv_length (parts) >= w->n;
}

static char *
wait_outcomes (WbTestServer *server,
               const char   *token,
               gint64        id,
               guint         n)
{
  HistoryWait w = { server, token, id, n };

  if (!wait_until (history_has, &w))
    g_error ("The history shows only: %s", history_outcomes (server, token, id));
  return history_outcomes (server, token, id);
}

static gint64
case_in_review (WbTestServer *server,
                const char   *token,
                const char   *upstream_id)
{
  gint64 id = wb_test_intake (server, upstream_id, "ZA-WFZ", "210102");
  g_autoptr(WbTestReply) passed = wb_test_act (server, token, id, "platform_pass", NULL);

  g_assert_cmpuint (passed->status, ==, 200);
  return id;
}

static void
test_decision_delivered (void)
{
  Receiver *r = receiver_new (ANSWER_OK);
  WbTestServer *server = start_server (r, "5");
  g_autofree char *token = wb_test_login (server, HANDLER);
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) sms = NULL;
  g_autoptr(JsonObject) app = NULL;
  g_autofree char *outcomes = NULL;
  g_autofree char *path = NULL;
  const char *case_no, *text;
  gint64 id, rows;
  const char *key_headers[5];

  id = case_in_review (server, token, "OUTBOX-0001");
  /* Passing platform review is no decision for the applicant. */
  outbox_counts (server, NULL, &rows, NULL);
  g_assert_cmpint (rows, ==, 0);

  {
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) before = wb_test_get_case (server, token, id, &etag);
    g_autoptr(WbTestReply) accepted = NULL;
    g_autoptr(WbTestReply) replayed = NULL;

    path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/accept", id);
    key_headers[0] = "If-Match";
    key_headers[1] = etag;
    key_headers[2] = "Idempotency-Key";
    key_headers[3] = "outbox-accept-1";
    key_headers[4] = NULL;
    accepted = wb_test_request_full (server, "POST", path, token, key_headers, NULL, NULL);
    g_assert_cmpuint (accepted->status, ==, 200);
    /* A retried request whose answer was lost queues nothing again. */
    replayed = wb_test_request_full (server, "POST", path, token, key_headers, NULL, NULL);
    g_assert_cmpuint (replayed->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (replayed->headers, "Idempotent-Replayed"), ==, "true");
  }

  c = wb_test_get_case (server, token, id, NULL);
  case_no = json_object_get_string_member (c, "case_no");

  wait_deliveries (r, 3);
  sms = find_channel (r, "sms", NULL);
  g_assert_cmpstr (json_object_get_string_member (sms, "case_no"), ==, case_no);
  g_assert_cmpstr (json_object_get_string_member (sms, "action"), ==, "accept");
  g_assert_cmpstr (json_object_get_string_member (sms, "to"), ==, CLEAR_PHONE);
  text = json_object_get_string_member (sms, "text");
  g_assert_nonnull (strstr (text, case_no));
  g_assert_nonnull (strstr (text, "已受理"));
  g_assert_nonnull (strstr (text, "无犯罪记录证明"));
  g_assert_nonnull (strstr (text, "【沈阳市公安局和平分局网办中心】"));
  /* The promised date, as the applicant reads dates. */
  {
    guint y = 0, m = 0, d = 0;
    g_autofree char *date = NULL;

    g_assert_cmpint (sscanf (json_object_get_string_member (c, "deadline"), "%u-%u-%u", &y, &m, &d), ==, 3);
    date = g_strdup_printf ("%u年%u月%u日", y, m, d);
    g_assert_nonnull (strstr (text, date));
  }

  /* The app reaches the applicant through the platform's application. */
  app = find_channel (r, "app", NULL);
  g_assert_cmpstr (json_object_get_string_member (app, "to"), ==, "OUTBOX-0001");
  g_assert_cmpstr (json_object_get_string_member (app, "platform"), ==, "辽宁政务服务网");

  outcomes = wait_outcomes (server, token, id, 3);
  g_assert_cmpstr (outcomes, ==, "sms_sent,app_sent,web_sent");
  outbox_counts (server, "sent", &rows, NULL);
  g_assert_cmpint (rows, ==, 3);
  outbox_counts (server, NULL, &rows, NULL);
  g_assert_cmpint (rows, ==, 3);
  g_assert_cmpuint (g_hash_table_size (r->seen), ==, 3);

  /* Open desks learn of it from the change feed. */
  {
    g_autoptr(WbTestReply) feed = wb_test_request (server, "GET", "/changes?since=0", token, NULL);
    JsonArray *events = json_object_get_array_member (wb_test_reply_object (feed), "events");
    guint found = 0;

    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *ev = json_array_get_object_element (events, i);
        if (g_str_equal (json_object_get_string_member (ev, "kind"), "case.messages") &&
            json_object_get_int_member (ev, "case_id") == id)
          found++;
      }
    g_assert_cmpuint (found, ==, 3);
  }

  wb_test_server_stop (server);
  receiver_free (r);
}

/* The shipping SMS names the courier with the tracking number: the
 * number alone does not say where to look it up. */
static void
test_ship_names_courier (void)
{
  Receiver *r = receiver_new (ANSWER_OK);
  WbTestServer *server = start_server (r, "5");
  g_autofree char *token = wb_test_login (server, HANDLER);
  JsonObject *sms = NULL;
  gint64 id;

  id = case_in_review (server, token, "OUTBOX-SHIP");
  {
    g_autoptr(WbTestReply) accepted = wb_test_act (server, token, id, "accept", NULL);
    g_autoptr(WbTestReply) approved = wb_test_act (server, token, id, "approve", "{\"result\":\"准予出具\"}");
    g_autoptr(WbTestReply) chosen = wb_test_act (server, token, id, "choose_delivery",
                                                 "{\"method\":\"mail\",\"address\":\"辽宁省沈阳市和平区南京北街1号\"}");
    g_autoptr(WbTestReply) shipped = wb_test_act (server, token, id, "ship",
                                                  "{\"courier\":\"顺丰速运\",\"tracking_no\":\"SF1234567890\"}");

    g_assert_cmpuint (accepted->status, ==, 200);
    g_assert_cmpuint (approved->status, ==, 200);
    g_assert_cmpuint (chosen->status, ==, 200);
    g_assert_cmpuint (shipped->status, ==, 200);
  }
  /* accept, approve and ship, on three channels each. */
  wait_deliveries (r, 9);
  for (guint i = 0; i < r->deliveries->len && sms == NULL; i++)
    {
      JsonObject *body = check_delivery (r->deliveries->pdata[i]);

      if (g_str_equal (json_object_get_string_member (body, "action"), "ship") &&
          g_str_equal (json_object_get_string_member (body, "channel"), "sms"))
        sms = body;
      else
        json_object_unref (body);
    }
  g_assert_nonnull (sms);
  g_assert_nonnull (strstr (json_object_get_string_member (sms, "text"), "顺丰速运"));
  g_assert_nonnull (strstr (json_object_get_string_member (sms, "text"), "SF1234567890"));
  json_object_unref (sms);

  wb_test_server_stop (server);
  receiver_free (r);
}

static void
test_retried_with_same_id (void)
{
  Receiver *r = receiver_new (ANSWER_FAIL_TWICE);
  WbTestServer *server = start_server (r, "5");
  g_autofree char *token = wb_test_login (server, HANDLER);
  g_autoptr(WbTestReply) refused = NULL;
  g_autofree char *outcomes = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 id, rows, attempts;

  id = case_in_review (server, token, "OUTBOX-0002");
  refused = wb_test_act (server, token, id, "refuse",
                         "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十八条\",\"reason\":\"不符合条件\"}");
  g_assert_cmpuint (refused->status, ==, 200);

  /* Three messages, each refused twice and then taken. */
  outcomes = wait_outcomes (server, token, id, 3);
  g_assert_cmpstr (outcomes, ==, "sms_sent,app_sent,web_sent");
  g_assert_cmpuint (r->deliveries->len, ==, 9);
  g_assert_cmpuint (g_hash_table_size (r->seen), ==, 3);
  g_hash_table_iter_init (&iter, r->seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), ==, 3);

  /* Every attempt of a message is the same message. */
  for (guint i = 0; i < r->deliveries->len; i++)
    for (guint j = 0; j < r->deliveries->len; j++)
      {
        Delivery *a = r->deliveries->pdata[i], *b = r->deliveries->pdata[j];
        if (g_str_equal (a->message_id, b->message_id))
          g_assert_true (g_bytes_equal (a->body, b->body));
      }
  {
    g_autoptr(JsonObject) sms = find_channel (r, "sms", NULL);
    const char *text = json_object_get_string_member (sms, "text");

    g_assert_nonnull (strstr (text, "决定书"));
    g_assert_nonnull (strstr (text, "60日"));
  }

  outbox_counts (server, "sent", &rows, &attempts);
  g_assert_cmpint (rows, ==, 3);
  g_assert_cmpint (attempts, ==, 9);

  wb_test_server_stop (server);
  receiver_free (r);
}

static void
test_failed_after_last_attempt (void)
{
  Receiver *r = receiver_new (ANSWER_ALWAYS_FAIL);
  WbTestServer *server = start_server (r, "3");
  g_autofree char *token = wb_test_login (server, HANDLER);
  g_autofree char *outcomes = NULL;
  g_autofree char *path = NULL;
  gint64 id, rows, attempts;

  id = case_in_review (server, token, "OUTBOX-0003");
  {
    g_autoptr(WbTestReply) accepted = wb_test_act (server, token, id, "accept", NULL);
    g_assert_cmpuint (accepted->status, ==, 200);
  }

  outcomes = wait_outcomes (server, token, id, 3);
  g_assert_cmpstr (outcomes, ==, "sms_failed,app_failed,web_failed");
  g_assert_cmpuint (r->deliveries->len, ==, 9);
  outbox_counts (server, "failed", &rows, &attempts);
  g_assert_cmpint (rows, ==, 3);
  g_assert_cmpint (attempts, ==, 9);

  /* The history row says why, for whoever calls the applicant instead. */
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
    JsonArray *items = json_object_get_array_member (wb_test_reply_object (reply), "items");
    JsonObject *last = json_array_get_object_element (items, json_array_get_length (items) - 1);
    JsonObject *detail = json_object_get_object_member (last, "detail");

    g_assert_cmpstr (json_object_get_string_member (detail, "error"), ==, "HTTP 500");
    g_assert_cmpint (json_object_get_int_member (detail, "attempts"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (detail, "decision"), ==, "accept");
    g_assert_cmpstr (json_object_get_string_member (last, "to_state"), ==, "accepted");
  }

  wb_test_server_stop (server);
  receiver_free (r);
}

static void
put_template (WbTestServer *server,
              const char   *token,
              const char   *path,
              const char   *body,
              guint         status)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "PUT", path, token, body);

  g_assert_cmpuint (reply->status, ==, status);
}

static void
test_templates (void)
{
  Receiver *r = receiver_new (ANSWER_OK);
  WbTestServer *server = start_server (r, "5");
  g_autofree char *handler = wb_test_login (server, HANDLER);
  g_autofree char *bizadmin = wb_test_login (server, BIZADMIN);
  g_autofree char *city_bizadmin = wb_test_login (server, "bizadmin.210102");
  const char *custom = "{\"text\":\"【{unit}】办件{case_no}（{item}）已受理，请留意后续短信。\"}";
  g_autoptr(JsonObject) sms = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  /* Only the province's business administrator words the messages. */
  put_template (server, handler, "/message-templates/accept/sms", custom, 403);
  put_template (server, city_bizadmin, "/message-templates/accept/sms", custom, 403);
  put_template (server, bizadmin, "/message-templates/accept/sms",
                "{\"text\":\"{case_no}：{id_number}\"}", 422);
  put_template (server, bizadmin, "/message-templates/accept/fax", custom, 404);
  put_template (server, bizadmin, "/message-templates/archive/sms", custom, 404);
  put_template (server, bizadmin, "/message-templates/accept/sms", custom, 200);
  /* An emptied template sends nothing on that channel. */
  put_template (server, bizadmin, "/message-templates/accept/web", "{\"text\":\"\"}", 200);

  {
    g_autoptr(WbTestReply) list = wb_test_request (server, "GET", "/message-templates", handler, NULL);
    JsonArray *items;
    gboolean seen = FALSE;

    g_assert_cmpuint (list->status, ==, 200);
    items = json_object_get_array_member (wb_test_reply_object (list), "items");
    /* Seven decisions, and the callback scheduler giving up. */
    g_assert_cmpuint (json_array_get_length (items), ==, 8 * 3);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *t = json_array_get_object_element (items, i);
        if (g_str_equal (json_object_get_string_member (t, "action"), "accept") &&
            g_str_equal (json_object_get_string_member (t, "channel"), "sms"))
          {
            seen = TRUE;
            g_assert_true (json_object_get_boolean_member (t, "customized"));
            g_assert_cmpstr (json_object_get_string_member (t, "updated_by"), ==, BIZADMIN);
          }
      }
    g_assert_true (seen);
  }

  /* The change is audited. */
  {
    g_autofree char *auditor = wb_test_login (server, "auditor.210000");
    g_autoptr(WbTestReply) audit = wb_test_request (server, "GET", "/audit", auditor, NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (audit->body, NULL), g_bytes_get_size (audit->body));

    g_assert_cmpuint (audit->status, ==, 200);
    g_assert_nonnull (strstr (text, "message_template:accept/sms"));
  }

  id = case_in_review (server, handler, "OUTBOX-0004");
  {
    g_autoptr(WbTestReply) accepted = wb_test_act (server, handler, id, "accept", NULL);
    g_assert_cmpuint (accepted->status, ==, 200);
  }
  g_free (wait_outcomes (server, handler, id, 2));
  g_assert_cmpuint (r->deliveries->len, ==, 2);

  c = wb_test_get_case (server, handler, id, NULL);
  sms = find_channel (r, "sms", NULL);
  expected = g_strdup_printf ("【沈阳市公安局和平分局网办中心】办件%s（%s）已受理，请留意后续短信。",
                              json_object_get_string_member (c, "case_no"),
                              json_object_get_string_member (c, "item_name"));
  g_assert_cmpstr (json_object_get_string_member (sms, "text"), ==, expected);

  wb_test_server_stop (server);
  receiver_free (r);
}

/* SIGTERM while the receiver hangs: the server still stops at once, and
 * the message waits to be sent again, under the same id. */
static void
test_shutdown_while_delivering (void)
{
  Receiver *r = receiver_new (ANSWER_HANG);
  WbTestServer *server = start_server (r, "5");
  g_autofree char *token = wb_test_login (server, HANDLER);
  gint64 id, rows, attempts;

  id = case_in_review (server, token, "OUTBOX-0005");
  {
    g_autoptr(WbTestReply) accepted = wb_test_act (server, token, id, "accept", NULL);
    g_assert_cmpuint (accepted->status, ==, 200);
  }
  wait_deliveries (r, 1);
  /* The message in flight has not been counted as an attempt. */
  outbox_counts (server, "pending", &rows, &attempts);
  g_assert_cmpint (rows, ==, 3);
  g_assert_cmpint (attempts, ==, 0);

  {
    gint64 started = g_get_monotonic_time ();

    wb_test_server_stop (server);
    /* Well before the 10 s a hanging receiver is given. */
    g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  }
  receiver_free (r);
}

/* The case moves on while the receiver takes its time: the row that
 * says the SMS went out names the state the case is in when it is
 * written, not the one it was in when the POST began. */
static void
test_outcome_names_current_state (void)
{
  Receiver *r = receiver_new (ANSWER_HANG);
  WbTestServer *server = start_server (r, "5");
  g_autofree char *token = wb_test_login (server, HANDLER);
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(WbTestReply) history = NULL;
  SoupServerMessage *held;
  JsonArray *items;
  const char *sent_state = NULL;
  gint64 id;

  id = case_in_review (server, token, "OUTBOX-0006");
  {
    g_autoptr(WbTestReply) accepted = wb_test_act (server, token, id, "accept", NULL);
    g_assert_cmpuint (accepted->status, ==, 200);
  }
  wait_deliveries (r, 1);
  {
    g_autoptr(WbTestReply) approved = wb_test_act (server, token, id, "approve",
                                                   "{\"result\":\"无犯罪记录证明已开具\"}");
    g_assert_cmpuint (approved->status, ==, 200);
  }
  c = wb_test_get_case (server, token, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (c, "state"), !=, "accepted");

  r->answer = ANSWER_OK;
  held = r->held->pdata[0];
  soup_server_message_set_status (held, 200, NULL);
  soup_server_message_unpause (held);
  g_free (wait_outcomes (server, token, id, 1));

  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  history = wb_test_request (server, "GET", path, token, NULL);
  g_assert_cmpuint (history->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (history), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *h = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (h, "action"), "sms_sent") &&
          g_str_equal (json_object_get_string_member (json_object_get_object_member (h, "detail"), "decision"),
                       "accept"))
        sent_state = json_object_get_string_member (h, "to_state");
    }
  g_assert_cmpstr (sent_state, ==, json_object_get_string_member (c, "state"));

  wb_test_server_stop (server);
  receiver_free (r);
}

/* A webhook the server cannot sign for must stop the start, not leave
 * applicants untold while it serves. */
static void
test_unsigned_webhook_refused (void)
{
  g_autofree char *binary = g_build_filename (g_getenv ("WB_BUILD_DIR"), "src", "server", "wangban-server", NULL);
  g_autofree char *dir = g_dir_make_tmp ("wangban-test-XXXXXX", NULL);
  g_autofree char *data_dir = g_strdup_printf ("--data-dir=%s", dir);
  g_autofree char *missing = g_build_filename (dir, "no-such-secret", NULL);
  g_autofree char *secret = g_strdup_printf ("--webhook-secret-file=%s", missing);
  const char *without[] = { binary, "--listen=127.0.0.1:0", data_dir,
                            "--webhook-url=http://127.0.0.1:9/hook", NULL };
  const char *unreadable[] = { binary, "--listen=127.0.0.1:0", data_dir,
                               "--webhook-url=http://127.0.0.1:9/hook", secret, NULL };
  const char * const *cases[] = { without, unreadable };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = g_subprocess_newv (cases[i], G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
      g_assert_null (strstr (out, "listening on"));
      g_assert_nonnull (strstr (err, "--webhook-secret-file"));
    }
  wb_test_rm_rf (dir);
}

/* An SMS carries the applicant's phone number: a URL that would send it
 * across a network in the clear stops the start. */
static void
test_plain_http_refused (void)
{
  g_autofree char *binary = g_build_filename (g_getenv ("WB_BUILD_DIR"), "src", "server", "wangban-server", NULL);
  g_autofree char *dir = g_dir_make_tmp ("wangban-test-XXXXXX", NULL);
  g_autofree char *data_dir = g_strdup_printf ("--data-dir=%s", dir);
  g_autofree char *secret_path = g_build_filename (dir, "secret", NULL);
  g_autofree char *secret = g_strdup_printf ("--webhook-secret-file=%s", secret_path);
  const char *urls[] = { "http://sms.example.gov.cn/hook", "http://10.1.2.3:8080/hook", "http://[2001:db8::1]/hook",
                         "http://localhost.example.com/hook" };

  g_assert_nonnull (dir);
  g_assert_true (g_file_set_contents (secret_path, SECRET "\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *url = g_strdup_printf ("--webhook-url=%s", urls[i]);
      const char *args[] = { binary, "--listen=127.0.0.1:0", data_dir, url, secret, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
      g_assert_null (strstr (out, "listening on"));
      g_assert_nonnull (strstr (err, "https://"));
    }
  wb_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outbox/decision-delivered", test_decision_delivered);
  g_test_add_func ("/outbox/ship-names-courier", test_ship_names_courier);
  g_test_add_func ("/outbox/retried-with-same-id", test_retried_with_same_id);
  g_test_add_func ("/outbox/failed-after-last-attempt", test_failed_after_last_attempt);
  g_test_add_func ("/outbox/templates", test_templates);
  g_test_add_func ("/outbox/shutdown-while-delivering", test_shutdown_while_delivering);
  g_test_add_func ("/outbox/outcome-names-current-state", test_outcome_names_current_state);
  g_test_add_func ("/outbox/unsigned-webhook-refused", test_unsigned_webhook_refused);
  g_test_add_func ("/outbox/plain-http-refused", test_plain_http_refused);
  return g_test_run ();
}
