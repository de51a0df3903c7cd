/* test-server-supplement-e2e.c: one supplement round trip, end to end
 *
 * A 3-working-day item (户籍证明) received on Friday 2026-02-13, the day
 * before 春节 2026 (02-15..02-23 off, Saturday 02-14 worked). The handler
 * asks for the missing application form at once; the applicant's form
 * arrives through the platform on Wednesday 02-25, when the case has stood
 * still for three working days (02-14, 02-24, 02-25). Then the case is
 * accepted and granted. Each step is checked where a person would see it:
 * the case, its history, the notices' text, their verification codes,
 * the callback task, the outbox, the change feed and the audit trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "wb-test-server.h"

#define HANDLER      "handler.210102"
#define AUDITOR      "auditor.210000"
#define UNIT         "210102"
#define UNIT_NAME    "沈阳市公安局和平分局网办中心"
#define ITEM         "HZ-HJZM"
#define UPSTREAM     "E2E-SUPPLEMENT-0001"
#define FRIDAY_10AM  "2026-02-13T02:00:00Z"
#define RETURN_DAY   "2026-02-25T02:00:00Z"
#define SERVICE      "service:demo-platform"  /* the demo intake credential */

static WbTestServer *server;
static char *token;

static void
sign_in_at (const char *now_iso)
{
  wb_test_server_set_clock (server, now_iso);
  g_free (token);
  token = wb_test_login (server, HANDLER);
}

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return json_object_get_string_member (o, name);
}

static JsonObject *
act (gint64      id,
     const char *action,
     const char *body)
{
  g_autoptr(WbTestReply) reply = wb_test_act (server, token, id, action, body);

  if (reply->status != 200)
    g_error ("%s answered %u: %.*s", action, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  return json_object_ref (wb_test_reply_object (reply));
}

static JsonArray *
get_items (const char *path,
           const char *as)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, as, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_ref (json_object_get_array_member (wb_test_reply_object (reply), "items"));
}

static JsonArray *
history (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);

  return get_items (path, token);
}

/* The newest history row: the one with the highest id. */
static JsonObject *
last_history_row (gint64 id)
{
  g_autoptr(JsonArray) items = history (id);
  JsonObject *newest = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);

      if (newest == NULL || json_object_get_int_member (row, "id") > json_object_get_int_member (newest, "id"))
        newest = row;
    }
  g_assert_nonnull (newest);
  return json_object_ref (newest);
}

static JsonObject *
find_material (JsonArray  *items,
               const char *name)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *m = json_array_get_object_element (items, i);

      if (g_strcmp0 (str_member (m, "name"), name) == 0)
        return m;
    }
  return NULL;
}

static GBytes *
material_content (gint64 id,
                  gint64 material_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/content",
                                           id, material_id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_bytes_ref (reply->body);
}

/* pdftotext breaks lines where the page does. */
static void
assert_contains (const char *text,
                 const char *needle)
{
  g_autoptr(GString) flat = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n' && *p != '\f')
      g_string_append_c (flat, *p);
  if (strstr (flat->str, needle) == NULL)
    g_error ("“%s” is not in the notice's text:\n%s", needle, text);
}

/* The notice the last action filed: its history detail names it, it is a
 * material of the case with the same SHA-256, its text says what it must,
 * and anyone holding the paper can check it by its code. */
static void
check_notice (gint64              id,
              const char         *case_no,
              const char         *material_name,
              const char         *title,
              const char         *kind,
              const char * const *expected_text)
{
  g_autoptr(JsonObject) row = last_history_row (id);
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
  g_autoptr(JsonArray) materials = get_items (path, token);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *verify_path = NULL;
  JsonObject *detail = json_object_get_object_member (row, "detail");
  const char *code = str_member (detail, "notice_code");
  JsonObject *m = find_material (materials, material_name);

  g_assert_cmpstr (str_member (detail, "notice"), ==, material_name);
  g_assert_cmpstr (str_member (detail, "notice_kind"), ==, kind);
  g_assert_nonnull (code);
  g_assert_nonnull (m);
  g_assert_cmpstr (str_member (m, "sha256"), ==, str_member (detail, "notice_sha256"));

  pdf = material_content (id, json_object_get_int_member (m, "id"));
  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      assert_contains (text, title);
      assert_contains (text, case_no);
      assert_contains (text, UNIT_NAME);
      assert_contains (text, code);
      for (guint i = 0; expected_text[i] != NULL; i++)
        assert_contains (text, expected_text[i]);
    }

  /* No session: whoever is shown the paper has no account. */
  verify_path = g_strdup_printf ("/notices/%s", code);
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", verify_path, NULL, NULL);
    JsonObject *found;

    g_assert_cmpuint (reply->status, ==, 200);
    found = wb_test_reply_object (reply);
    g_assert_cmpstr (str_member (found, "kind"), ==, kind);
    g_assert_cmpstr (str_member (found, "case_no"), ==, case_no);
    g_assert_cmpstr (str_member (found, "unit_name"), ==, UNIT_NAME);
    g_assert_cmpstr (str_member (found, "item_name"), ==, "户籍证明");
    g_assert_cmpstr (str_member (found, "sha256"), ==, str_member (detail, "notice_sha256"));
  }
}

/* Outbox rows queued for one action of the case, as stored: no API lists
 * the outbox, and with no webhook configured they stay pending. */
static gint64
outbox_rows (gint64      id,
             const char *action)
{
  g_autofree char *path = wb_test_server_db_path (server);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM outbox WHERE case_id = ?1 AND action = ?2 "
                                       "AND status = 'pending'", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
feed_position (void)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/changes", token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_int_member (wb_test_reply_object (reply), "last_seq");
}

static gboolean
feed_has (gint64      since,
          gint64      id,
          const char *kind)
{
  g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT, since);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *events;

  g_assert_cmpuint (reply->status, ==, 200);
  events = json_object_get_array_member (wb_test_reply_object (reply), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      if (json_object_get_int_member (e, "case_id") == id && g_strcmp0 (str_member (e, "kind"), kind) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The applicant's supplement as the platform sends it. Each call frames
 * the multipart body anew, as a platform retrying would. */
static WbTestReply *
send_supplement (const char *upstream_id,
                 const char *key,
                 const char *json)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) pdf = wb_test_pdf_bytes ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = g_strdup_printf ("/intake/%s/supplement", upstream_id);
  const char *key_headers[] = { "Idempotency-Key", key, NULL };

  soup_multipart_append_form_string (multipart, "supplement", json);
  soup_multipart_append_form_file (multipart, "form", "form.pdf", "application/pdf", pdf);
  soup_multipart_to_message (multipart, headers, &body);
  return wb_test_request_full (server, "POST", path, server->service_token, key != NULL ? key_headers : NULL,
                               soup_message_headers_get_one (headers, "Content-Type"), body);
}

#define SUPPLEMENT_JSON \
  "{\"note\":\"已补交本人签字的申请表\",\"materials\":[{\"name\":\"申请表\",\"part\":\"form\"}]}"

static void
test_round_trip (void)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *case_no = NULL;
  g_autofree char *first_answer = NULL;
  JsonObject *clock;
  gint64 id, other, since;

  sign_in_at (FRIDAY_10AM);
  id = wb_test_intake (server, UPSTREAM, ITEM, UNIT);
  other = wb_test_intake (server, "E2E-SUPPLEMENT-0002", ITEM, UNIT);
  c = act (id, "platform_pass", "{}");
  case_no = g_strdup (str_member (c, "case_no"));
  g_clear_pointer (&c, json_object_unref);

  /* 一次性告知: the notice is filed, the clock stops, the applicant is
   * to be called at once, and a message to her waits in the outbox. */
  c = act (id, "request_supplement",
           "{\"missing\":[\"申请表\"],\"note\":\"申请表须本人签字\"}");
  g_assert_cmpstr (str_member (c, "state"), ==, "supplement");
  g_assert_cmpstr (str_member (json_object_get_object_member (c, "clock"), "status"), ==, "stopped");
  g_clear_pointer (&c, json_object_unref);
  check_notice (id, case_no, "一次性告知书（第1次）", "补正材料一次性告知书", "supplement",
                (const char *[]) { "申请表", "户籍证明", "2026年2月13日", NULL });
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/callbacks", id);
    g_autoptr(JsonArray) callbacks = get_items (path, token);
    JsonObject *cb;

    g_assert_cmpuint (json_array_get_length (callbacks), ==, 1);
    cb = json_array_get_object_element (callbacks, 0);
    g_assert_cmpstr (str_member (cb, "kind"), ==, "supplement");
    g_assert_cmpstr (str_member (cb, "due_at"), ==, FRIDAY_10AM);
    g_assert_cmpstr (str_member (cb, "status"), ==, "open");
  }
  /* sms to her phone, app and web through the platform that filed it */
  g_assert_cmpint (outbox_rows (id, "request_supplement"), ==, 3);

  /* Wednesday 02-25: the applicant's form arrives at the intake API. */
  sign_in_at (RETURN_DAY);
  since = feed_position ();

  /* Only a case waiting for a supplement takes one, and only under a key
   * that makes a retry safe. */
  {
    g_autoptr(WbTestReply) reply = send_supplement ("E2E-SUPPLEMENT-0002", "e2e-other", SUPPLEMENT_JSON);

    g_assert_cmpuint (reply->status, ==, 409);
    g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "conflict");
  }
  {
    g_autoptr(WbTestReply) reply = send_supplement ("E2E-NO-SUCH-CASE", "e2e-none", SUPPLEMENT_JSON);

    g_assert_cmpuint (reply->status, ==, 404);
  }
  {
    g_autoptr(WbTestReply) reply = send_supplement (UPSTREAM, NULL, SUPPLEMENT_JSON);

    g_assert_cmpuint (reply->status, ==, 400);
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", "/intake/" UPSTREAM "/supplement",
                                                    token, "{}");

    g_assert_cmpuint (reply->status, ==, 401);
  }
  c = wb_test_get_case (server, token, id, NULL);
  g_assert_cmpstr (str_member (c, "state"), ==, "supplement");
  g_clear_pointer (&c, json_object_unref);

  {
    g_autoptr(WbTestReply) reply = send_supplement (UPSTREAM, "e2e-supplement-1", SUPPLEMENT_JSON);
    JsonObject *answer;

    if (reply->status != 200)
      g_error ("supplement answered %u: %.*s", reply->status,
               (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
    answer = wb_test_reply_object (reply);
    g_assert_cmpint (json_object_get_int_member (answer, "case_id"), ==, id);
    g_assert_cmpstr (str_member (answer, "case_no"), ==, case_no);
    g_assert_cmpstr (str_member (answer, "state"), ==, "unit_review");
    g_assert_cmpint (json_object_get_int_member (answer, "paused_working_days"), ==, 3);
    g_assert_cmpstr (str_member (answer, "deadline"), ==, "2026-02-28");
    g_assert_false (json_object_get_boolean_member (answer, "replayed"));
    json_object_remove_member (answer, "replayed");
    first_answer = json_to_string (reply->json, FALSE);
  }

  /* The clock runs again; both deadlines moved back by the three working
   * days it stood still, and the inbox's sort key followed. */
  c = wb_test_get_case (server, token, id, NULL);
  clock = json_object_get_object_member (c, "clock");
  g_assert_cmpstr (str_member (c, "state"), ==, "unit_review");
  g_assert_cmpstr (str_member (c, "deadline"), ==, "2026-02-28");
  g_assert_cmpstr (str_member (clock, "status"), ==, "running");
  g_assert_cmpstr (str_member (clock, "promised_deadline"), ==, "2026-02-28");
  g_assert_cmpstr (str_member (clock, "legal_deadline"), ==, "2026-03-24");
  g_assert_cmpint (json_object_get_int_member (clock, "stopped_working_days"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (clock, "working_days_left"), ==, 3);
  g_clear_pointer (&c, json_object_unref);

  row = last_history_row (id);
  g_assert_cmpstr (str_member (row, "action"), ==, "supplement_received");
  g_assert_cmpstr (str_member (row, "actor"), ==, SERVICE);
  g_assert_cmpstr (str_member (row, "from_state"), ==, "supplement");
  g_assert_cmpstr (str_member (row, "to_state"), ==, "unit_review");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "detail"),
                                               "paused_working_days"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (row, "detail"),
                                               "materials"), ==, 1);

  /* The form is filed with the case, byte for byte. */
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
    g_autoptr(JsonArray) materials = get_items (path, token);
    g_autoptr(GBytes) sent = wb_test_pdf_bytes ();
    g_autoptr(GBytes) stored = NULL;
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, sent);
    JsonObject *m = find_material (materials, "申请表");

    g_assert_nonnull (m);
    g_assert_cmpstr (str_member (m, "sha256"), ==, sha);
    stored = material_content (id, json_object_get_int_member (m, "id"));
    g_assert_true (g_bytes_equal (stored, sent));
  }

  g_assert_true (feed_has (since, id, "case.updated"));
  g_assert_true (feed_has (since, id, "case.materials"));
  /* The materials came: nobody need call to ask for them any more. */
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/callbacks", id);
    g_autoptr(JsonArray) callbacks = get_items (path, token);
    JsonObject *cb;

    g_assert_cmpuint (json_array_get_length (callbacks), ==, 1);
    cb = json_array_get_object_element (callbacks, 0);
    g_assert_cmpstr (str_member (cb, "kind"), ==, "supplement");
    g_assert_cmpstr (str_member (cb, "status"), ==, "cancelled");
  }

  /* A platform that lost the answer retries: it gets the same answer and
   * nothing happens twice. The same key for other materials is refused. */
  {
    g_autoptr(JsonArray) before = history (id);
    g_autoptr(WbTestReply) again = send_supplement (UPSTREAM, "e2e-supplement-1", SUPPLEMENT_JSON);
    g_autoptr(WbTestReply) changed = send_supplement (UPSTREAM, "e2e-supplement-1",
                                                      "{\"note\":\"另一份\",\"materials\":[{\"name\":\"申请表\",\"part\":\"form\"}]}");
    g_autoptr(JsonArray) after = NULL;
    g_autofree char *again_text = NULL;
    JsonObject *answer;

    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
    answer = wb_test_reply_object (again);
    g_assert_true (json_object_get_boolean_member (answer, "replayed"));
    json_object_remove_member (answer, "replayed");
    again_text = json_to_string (again->json, FALSE);
    g_assert_cmpstr (again_text, ==, first_answer);

    g_assert_cmpuint (changed->status, ==, 422);
    after = history (id);
    g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));
  }
  /* A supplement id in the body serves as the key too; the case has moved
   * on, so a second supplement is refused. */
  {
    g_autoptr(WbTestReply) reply = send_supplement (UPSTREAM, NULL,
      "{\"supplement_id\":\"e2e-supplement-2\",\"materials\":[{\"name\":\"申请表\",\"part\":\"form\"}]}");

    g_assert_cmpuint (reply->status, ==, 409);
  }

  /* 受理: the acceptance notice lists what she sent, the form included. */
  c = act (id, "accept", "{}");
  g_assert_cmpstr (str_member (c, "state"), ==, "accepted");
  g_clear_pointer (&c, json_object_unref);
  check_notice (id, case_no, "受理通知书", "受理通知书", "acceptance",
                (const char *[]) { "予以受理", "1．居民户口簿", "2．申请表", "2026年2月25日", NULL });
  g_assert_cmpint (outbox_rows (id, "accept"), ==, 3);

  /* 准予: the grant decision. */
  c = act (id, "approve", "{\"result\":\"开具户籍证明一份\"}");
  g_assert_cmpstr (str_member (c, "state"), ==, "completed");
  g_assert_cmpstr (str_member (json_object_get_object_member (c, "clock"), "status"), ==, "finished");
  g_clear_pointer (&c, json_object_unref);
  check_notice (id, case_no, "准予许可决定书", "准予许可决定书", "grant",
                (const char *[]) { "决定准予行政许可", "开具户籍证明一份", NULL });
  g_assert_cmpint (outbox_rows (id, "approve"), ==, 3);

  /* The history tells the story in order. */
  {
    static const char * const story[] = {
      "intake", "platform_pass", "request_supplement", "supplement_received", "accept", "approve",
    };
    g_autoptr(JsonArray) items = history (id);
    g_autoptr(GPtrArray) actions = g_ptr_array_new ();
    guint next = 0;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *entry = json_array_get_object_element (items, i);

        g_ptr_array_add (actions, (gpointer) str_member (entry, "action"));
        /* A colleague is named as the desk shows them; a service is not. */
        if (g_str_has_prefix (str_member (entry, "actor"), "service:"))
          g_assert_true (json_object_get_null_member (entry, "actor_name"));
        else
          {
            g_assert_false (json_object_get_null_member (entry, "actor_name"));
            g_assert_cmpuint (strlen (str_member (entry, "actor_name")), >, 0);
          }
      }
    for (guint i = 0; i < actions->len && next < G_N_ELEMENTS (story); i++)
      if (g_strcmp0 (actions->pdata[i], story[next]) == 0)
        next++;
    g_assert_cmpuint (next, ==, G_N_ELEMENTS (story));
  }

  /* The service's action is in the audit trail under its own name. */
  {
    g_autofree char *auditor = wb_test_login (server, AUDITOR);
    g_autoptr(JsonArray) items = get_items ("/audit?limit=100", auditor);
    guint found = 0;

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *a = json_array_get_object_element (items, i);

        if (g_strcmp0 (str_member (a, "action"), "supplement_received") == 0 &&
            g_strcmp0 (str_member (a, "object"), case_no) == 0)
          {
            g_assert_cmpstr (str_member (a, "actor"), ==, SERVICE);
            found++;
          }
      }
    g_assert_cmpuint (found, ==, 1);
  }

  c = wb_test_get_case (server, token, other, NULL);
  g_assert_cmpstr (str_member (c, "state"), ==, "submitted");
}

static gboolean
flags_hold (JsonObject *c,
            const char *flag)
{
  JsonArray *flags = json_object_get_array_member (c, "flags");

  g_assert_nonnull (flags);
  for (guint i = 0; i < json_array_get_length (flags); i++)
    if (g_strcmp0 (json_array_get_string_element (flags, i), flag) == 0)
      return TRUE;
  return FALSE;
}

/* The ids listed by /cases?QUERY, after checking the count agrees. */
static GArray *
listed_ids (const char *as,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/cases?count=true&limit=200&%s", query);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, as, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *c = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member (c, "id");

      g_assert_true (flags_hold (c, "repeat_supplement"));
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (reply), "total"), ==, ids->len);
  return ids;
}

static gboolean
holds_id (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* 一次性告知 means once: a second request on the same submission needs a
 * reason and is flagged, on the case and in the list the unit's
 * supervisors filter. A first request is not. */
static void
test_repeat_flagged (void)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(GArray) by_handler = NULL;
  g_autoptr(GArray) by_viewer = NULL;
  g_autofree char *viewer = NULL;
  gint64 once, twice;

  sign_in_at (FRIDAY_10AM);
  once = wb_test_intake (server, "E2E-FLAG-ONCE", ITEM, UNIT);
  twice = wb_test_intake (server, "E2E-FLAG-TWICE", ITEM, UNIT);
  for (guint i = 0; i < 2; i++)
    {
      gint64 id = i == 0 ? once : twice;

      g_clear_pointer (&c, json_object_unref);
      c = act (id, "request_supplement", "{\"missing\":[\"申请表\"]}");
      g_assert_false (flags_hold (c, "repeat_supplement"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "flags")), ==, 0);
    }

  {
    g_autoptr(WbTestReply) reply = send_supplement ("E2E-FLAG-TWICE", "e2e-flag-1", SUPPLEMENT_JSON);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  g_clear_pointer (&c, json_object_unref);
  c = act (twice, "request_supplement",
           "{\"missing\":[\"申请表\"],\"reason\":\"补交的申请表未经本人签字\"}");
  g_assert_true (flags_hold (c, "repeat_supplement"));
  g_assert_cmpint (json_object_get_int_member (c, "supplement_count"), ==, 2);
  {
    g_autoptr(JsonObject) row = last_history_row (twice);

    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (row, "detail"), "flagged"));
  }

  by_handler = listed_ids (token, "flag=repeat_supplement");
  g_assert_true (holds_id (by_handler, twice));
  g_assert_false (holds_id (by_handler, once));

  /* The district's supervisor sees the same mark in the list. */
  viewer = wb_test_login (server, "viewer.210102");
  by_viewer = listed_ids (viewer, "flag=repeat_supplement&unit=" UNIT);
  g_assert_true (holds_id (by_viewer, twice));
  g_assert_false (holds_id (by_viewer, once));
  g_clear_pointer (&c, json_object_unref);
  c = wb_test_get_case (server, viewer, twice, NULL);
  g_assert_true (flags_hold (c, "repeat_supplement"));

  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/cases?flag=urgent", token, NULL);

    g_assert_cmpuint (reply->status, ==, 400);
  }
}

/* A case the demo seeded in `supplement` was filed by the demo platform,
 * so the demo's intake credential can send its applicant's materials. */
static void
test_demo_case_supplemented (void)
{
  g_autofree char *db_path = wb_test_server_db_path (server);
  g_autofree char *upstream_id = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(JsonObject) c = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, upstream_id FROM cases WHERE state = 'supplement' "
                                           "AND unit_code = '210102' AND supplement_count = 1 "
                                           "ORDER BY id LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  upstream_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  sign_in_at (FRIDAY_10AM);
  reply = send_supplement (upstream_id, "demo-case-supplement-1", SUPPLEMENT_JSON);
  g_assert_cmpuint (reply->status, ==, 200);
  c = wb_test_get_case (server, token, id, NULL);
  g_assert_cmpstr (str_member (c, "state"), ==, "unit_review");
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  server = wb_test_server_start (args, FRIDAY_10AM);

  g_test_add_func ("/server/supplement/round-trip", test_round_trip);
  g_test_add_func ("/server/supplement/repeat-flagged", test_repeat_flagged);
  g_test_add_func ("/server/supplement/demo-case-supplemented", test_demo_case_supplemented);

  status = g_test_run ();
  g_free (token);
  wb_test_server_stop (server);
  return status;
}
