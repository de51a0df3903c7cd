/* test-server-flow.c: a case from intake to archive, through both delivery
 * branches and a refusal, and the inbox a caseworker finds it in
 *
 * One demo server serves every test here; each test pins the clock it
 * needs and signs in again, because moving the clock ends idle sessions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-server.h"

#define HANDLER "handler.210102"
#define VIEWER  "viewer.210100"
#define AUDITOR "auditor.210102"
#define UNIT    "210102"

/* Friday 2026-02-13, 10:00 in Beijing: the last working day before the
 * Spring Festival break (02-14 is a make-up working Saturday, 02-15..23
 * are off). */
#define FRIDAY_10AM "2026-02-13T02:00:00Z"

/* The applicant intake_post files (the same one wb_test_intake uses). */
#define CLEAR_NAME      "欧阳娜娜"
#define CLEAR_ID        "11010519491231002X"
#define CLEAR_PHONE     "13812345678"
#define CLEAR_ADDRESS   "辽宁省沈阳市和平区南京北街1号"
#define MAIL_ADDRESS    "辽宁省沈阳市和平区中山路88号3单元501室"

typedef struct
{
  WbTestServer *server;
  char         *token;      /* HANDLER's session */
  gint64        seq;        /* how far the change feed has been read */
} Flow;

static Flow flow;

static void
start_server (void)
{
  const char *args[] = { "--demo", NULL };

  flow.server = wb_test_server_start (args, FRIDAY_10AM);
}

/* Small JSON and HTTP helpers */

static const char *
str_member (JsonObject *obj,
            const char *name)
{
  g_assert_true (json_object_has_member (obj, name));
  return json_object_get_string_member (obj, name);
}

static JsonObject *
get_object (const char *path)
{
  g_autoptr(WbTestReply) reply = wb_test_request (flow.server, "GET", path, flow.token, NULL);

  if (reply->status != 200)
    g_error ("GET %s answered %u: %.*s", path, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  return json_object_ref (wb_test_reply_object (reply));
}

static JsonArray *
get_items (const char *path)
{
  g_autoptr(JsonObject) obj = get_object (path);

  return json_array_ref (json_object_get_array_member (obj, "items"));
}

static JsonArray *
case_history (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);

  return get_items (path);
}

static JsonArray *
case_callbacks (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/callbacks", id);

  return get_items (path);
}

static guint
count_open_callbacks (gint64      id,
                      const char *kind)
{
  g_autoptr(JsonArray) callbacks = case_callbacks (id);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (callbacks); i++)
    {
      JsonObject *cb = json_array_get_object_element (callbacks, i);

      /* The tasks still to do; one whose reason went is cancelled. */
      if (g_strcmp0 (str_member (cb, "kind"), kind) == 0 &&
          g_strcmp0 (str_member (cb, "status"), "open") == 0)
        n++;
    }
  return n;
}

static char *
calendar_deadline (const char *start,
                   guint       working_days)
{
  g_autofree char *path = g_strdup_printf ("/calendar/deadline?start=%s&working_days=%u",
                                           start, working_days);
  g_autoptr(JsonObject) obj = get_object (path);

  g_assert_true (json_object_get_boolean_member (obj, "calendar_complete"));
  return g_strdup (str_member (obj, "deadline"));
}

/* Reads the change feed from flow.seq to its end, the way the desk catches
 * up, and returns every event shown. */
static JsonArray *
read_changes (void)
{
  JsonArray *all = json_array_new ();
  gint64 since = flow.seq;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
      g_autoptr(JsonObject) obj = get_object (path);
      JsonArray *events = json_object_get_array_member (obj, "events");
      gint64 last = json_object_get_int_member (obj, "last_seq");

      g_assert_cmpint (last, >=, since);
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *ev = json_array_get_object_element (events, i);

          /* In order, after `since`, and only of the handler's own unit. */
          g_assert_cmpint (json_object_get_int_member (ev, "seq"), >, since);
          g_assert_cmpint (json_object_get_int_member (ev, "seq"), <=, last);
          g_assert_cmpstr (str_member (ev, "unit_code"), ==, UNIT);
          json_array_add_element (all, json_node_copy (json_array_get_element (events, i)));
        }
      if (last == since)
        break;
      since = last;
    }

  flow.seq = since;
  return all;
}

static guint
count_events (JsonArray  *events,
              const char *kind,
              gint64      case_id)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);

      if (g_strcmp0 (str_member (ev, "kind"), kind) == 0 &&
          json_object_get_int_member (ev, "case_id") == case_id)
        n++;
    }
  return n;
}

static void
sign_in_at (const char *now_iso)
{
  g_autoptr(JsonArray) skipped = NULL;

  wb_test_server_set_clock (flow.server, now_iso);
  g_free (flow.token);
  flow.token = wb_test_login (flow.server, HANDLER);
  skipped = read_changes ();
}

/* Personal data */

static void
assert_no_clear_data (GBytes *body)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  g_assert_null (strstr (text, CLEAR_NAME));
  g_assert_null (strstr (text, CLEAR_ID));
  g_assert_null (strstr (text, CLEAR_PHONE));
  g_assert_null (strstr (text, "南京北街"));
  g_assert_null (strstr (text, "中山路88号"));
}

static void
assert_masked (JsonObject *c)
{
  JsonObject *applicant = json_object_get_object_member (c, "applicant");
  const char *id_number = str_member (applicant, "id_number");

  /* Surname only (a compound surname stays whole), ID number with its
   * middle starred, mobile number as 138****5678, address cut after the
   * district. */
  g_assert_cmpstr (str_member (applicant, "name"), ==, "欧阳**");
  g_assert_cmpstr (id_number, ==, "1101**********002X");
  g_assert_cmpuint (strlen (id_number), ==, 18);
  g_assert_cmpstr (str_member (applicant, "phone"), ==, "138****5678");
  g_assert_cmpstr (str_member (applicant, "address"), ==, "辽宁省沈阳市和平区***");
  if (json_object_has_member (c, "delivery_address") &&
      !json_object_get_null_member (c, "delivery_address"))
    g_assert_cmpstr (str_member (c, "delivery_address"), ==, "辽宁省沈阳市和平区***");
}

/* The set of actions the desk would enable, compared as a sorted list. */
static int
compare_strings (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
allowed_text (JsonObject *c)
{
  JsonArray *allowed = json_object_get_array_member (c, "allowed_actions");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (allowed); i++)
    g_ptr_array_add (names, (gpointer) json_array_get_string_element (allowed, i));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_allowed (JsonObject *c,
                const char *expected)
{
  g_auto(GStrv) words = g_strsplit (expected, " ", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *want = NULL;
  g_autofree char *got = allowed_text (c);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_ptr_array_add (names, words[i]);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  want = g_strjoinv (" ", (char **) names->pdata);
  g_assert_cmpstr (got, ==, want);
}

static gboolean
allows (JsonObject *c,
        const char *action)
{
  JsonArray *allowed = json_object_get_array_member (c, "allowed_actions");

  for (guint i = 0; i < json_array_get_length (allowed); i++)
    if (g_strcmp0 (json_array_get_string_element (allowed, i), action) == 0)
      return TRUE;
  return FALSE;
}

/* Intake */

static WbTestReply *
intake_post (const char *upstream_id,
             const char *item_code,
             GBytes     *pdf)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *app = g_strdup_printf (
    "{\"upstream_id\":\"%s\",\"platform\":\"辽宁政务服务网\",\"item_code\":\"%s\",\"unit_code\":\"" UNIT "\","
    "\"applicant\":{\"name\":\"" CLEAR_NAME "\",\"id_number\":\"" CLEAR_ID "\",\"phone\":\"" CLEAR_PHONE "\","
    "\"address\":\"" CLEAR_ADDRESS "\"},"
    "\"materials\":[{\"name\":\"申请表\",\"part\":\"m1\"}]}", upstream_id, item_code);

  soup_multipart_append_form_string (multipart, "application", app);
  soup_multipart_append_form_file (multipart, "m1", "form.pdf", "application/pdf", pdf);
  soup_multipart_to_message (multipart, headers, &body);
  return wb_test_request_full (flow.server, "POST", "/intake/applications", flow.server->service_token,
                               NULL, soup_message_headers_get_one (headers, "Content-Type"), body);
}

static gint64
intake_case (const char *upstream_id,
             const char *item_code)
{
  g_autoptr(GBytes) pdf = wb_test_pdf_bytes ();
  g_autoptr(WbTestReply) reply = intake_post (upstream_id, item_code, pdf);
  g_autoptr(JsonArray) events = NULL;
  gint64 id;

  g_assert_cmpuint (reply->status, ==, 201);
  id = json_object_get_int_member (wb_test_reply_object (reply), "case_id");
  g_assert_cmpint (id, >, 0);
  events = read_changes ();
  g_assert_cmpuint (count_events (events, "case.created", id), ==, 1);
  return id;
}

/* One step of the flow, checked the way the desk relies on it: the action
 * was offered, the answer is the moved case with a new ETag, the history
 * gained exactly one row naming the handler, and the change feed says so. */
static JsonObject *
step (gint64      id,
      const char *action,
      const char *body,
      const char *to_state,
      const char *to_stage,
      const char *allowed_after)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) before = wb_test_get_case (flow.server, flow.token, id, &etag);
  g_autoptr(JsonArray) history_before = case_history (id);
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) events = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *etag_again = NULL;
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", id, action);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *expected_etag = NULL;
  const char *headers[] = { "If-Match", etag, "Idempotency-Key", key, NULL };
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  gint64 seq_before = flow.seq;
  JsonObject *c, *row;
  const char *new_etag;
  guint n;

  /* The desk only offers what the server lists. */
  if (!allows (before, action))
    {
      g_autofree char *offered = allowed_text (before);
      g_error ("%s is not offered in state %s (offered: %s)", action,
               str_member (before, "state"), offered);
    }

  reply = wb_test_request_full (flow.server, "POST", path, flow.token, headers, NULL, bytes);
  if (reply->status != 200)
    g_error ("%s answered %u: %.*s", action, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  c = wb_test_reply_object (reply);

  g_assert_cmpint (json_object_get_int_member (c, "id"), ==, id);
  g_assert_cmpstr (str_member (c, "state"), ==, to_state);
  g_assert_cmpstr (str_member (c, "stage"), ==, to_stage);
  g_assert_cmpint (json_object_get_int_member (c, "version"), ==,
                   json_object_get_int_member (before, "version") + 1);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
  g_assert_null (soup_message_headers_get_one (reply->headers, "Idempotent-Replayed"));

  new_etag = soup_message_headers_get_one (reply->headers, "ETag");
  expected_etag = g_strdup_printf ("\"v%" G_GINT64_FORMAT "\"", json_object_get_int_member (c, "version"));
  g_assert_cmpstr (new_etag, !=, etag);
  g_assert_cmpstr (new_etag, ==, expected_etag);

  /* The acting handler answers for the case (首问负责). */
  g_assert_false (json_object_get_null_member (c, "assignee"));
  g_assert_cmpstr (str_member (json_object_get_object_member (c, "assignee"), "username"), ==, HANDLER);

  assert_masked (c);
  assert_no_clear_data (reply->body);
  assert_allowed (c, allowed_after);

  /* A later read agrees with the answer. */
  again = wb_test_get_case (flow.server, flow.token, id, &etag_again);
  g_assert_cmpstr (etag_again, ==, new_etag);
  g_assert_cmpstr (str_member (again, "state"), ==, to_state);
  assert_masked (again);

  history = case_history (id);
  n = json_array_get_length (history);
  g_assert_cmpuint (n, ==, json_array_get_length (history_before) + 1);
  row = json_array_get_object_element (history, n - 1);
  g_assert_cmpstr (str_member (row, "actor"), ==, HANDLER);
  g_assert_cmpstr (str_member (row, "action"), ==, action);
  g_assert_cmpstr (str_member (row, "from_state"), ==, str_member (before, "state"));
  g_assert_cmpstr (str_member (row, "to_state"), ==, to_state);
  g_assert_cmpstr (str_member (row, "at"), ==, str_member (c, "updated_at"));

  events = read_changes ();
  g_assert_cmpint (flow.seq, >, seq_before);
  g_assert_cmpuint (count_events (events, "case.updated", id), ==, 1);

  return json_object_ref (c);
}

/* Posts an action that must be refused, and checks nothing changed. */
static void
step_refused (gint64      id,
              const char *action,
              const char *body,
              guint       status,
              const char *code)
{
  g_autoptr(JsonObject) before = wb_test_get_case (flow.server, flow.token, id, NULL);
  g_autoptr(JsonArray) history_before = case_history (id);
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) events = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(WbTestReply) reply = wb_test_act (flow.server, flow.token, id, action, body);

  if (reply->status != status)
    g_error ("%s answered %u, not %u: %.*s", action, reply->status, status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  g_assert_cmpstr (wb_test_reply_error_code (reply), ==, code);

  after = wb_test_get_case (flow.server, flow.token, id, NULL);
  g_assert_cmpint (json_object_get_int_member (after, "version"), ==,
                   json_object_get_int_member (before, "version"));
  g_assert_cmpstr (str_member (after, "state"), ==, str_member (before, "state"));
  history = case_history (id);
  g_assert_cmpuint (json_array_get_length (history), ==, json_array_get_length (history_before));
  events = read_changes ();
  g_assert_cmpuint (count_events (events, "case.updated", id), ==, 0);
}

static JsonObject *
last_history_detail (gint64 id)
{
  g_autoptr(JsonArray) history = case_history (id);
  JsonObject *row = json_array_get_object_element (history, json_array_get_length (history) - 1);

  return json_object_ref (json_object_get_object_member (row, "detail"));
}

static void
assert_clock (JsonObject *c,
              const char *status,
              gint64      days_left)
{
  JsonObject *clock = json_object_get_object_member (c, "clock");

  g_assert_cmpstr (str_member (clock, "status"), ==, status);
  if (days_left == G_MININT64)
    g_assert_true (json_object_get_null_member (clock, "working_days_left"));
  else
    g_assert_cmpint (json_object_get_int_member (clock, "working_days_left"), ==, days_left);
  g_assert_true (json_object_get_boolean_member (clock, "calendar_complete"));
}

#define NO_DAYS G_MININT64

/* The three-working-day item a caseworker would pick for this flow. */
static const char *
three_day_item (void)
{
  static char *code;
  g_autoptr(JsonArray) items = NULL;

  if (code != NULL)
    return code;
  items = get_items ("/items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member (item, "promised_days") == 3 &&
          (code == NULL || g_strcmp0 (str_member (item, "code"), "HZ-HJZM") == 0))
        {
          g_free (code);
          code = g_strdup (str_member (item, "code"));
        }
    }
  g_assert_nonnull (code);
  return code;
}

/* Tests */

static void
test_intake (void)
{
  g_autoptr(GBytes) pdf = wb_test_pdf_bytes ();
  g_autoptr(WbTestReply) first = NULL;
  g_autoptr(WbTestReply) again = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonArray) materials = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) events = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *case_no = NULL;
  g_autofree char *path = NULL;
  JsonObject *result, *m, *row, *detail;
  const char *item = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  item = three_day_item ();

  first = intake_post ("FLOW-INTAKE-0001", item, pdf);
  if (first->status != 201)
    g_error ("intake answered %u: %.*s", first->status,
             (int) g_bytes_get_size (first->body), (const char *) g_bytes_get_data (first->body, NULL));
  result = wb_test_reply_object (first);
  id = json_object_get_int_member (result, "case_id");
  g_assert_cmpint (id, >, 0);
  g_assert_false (json_object_get_boolean_member (result, "replayed"));
  case_no = g_strdup (str_member (result, "case_no"));
  /* <unit>-<local date of receipt>-<sequence> */
  g_assert_true (g_str_has_prefix (case_no, UNIT "-20260213-"));
  g_assert_cmpuint (strlen (case_no), ==, strlen ("210102-20260213-00001"));

  {
    g_autofree char *case_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, id);
    g_autoptr(WbTestReply) got = wb_test_request (flow.server, "GET", case_path, flow.token, NULL);

    /* A case names a person even masked: never cached on the way. */
    g_assert_cmpuint (got->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (got->headers, "Cache-Control"), ==, "no-store");
    assert_no_clear_data (got->body);
  }
  c = wb_test_get_case (flow.server, flow.token, id, &etag);
  g_assert_cmpstr (etag, ==, "\"v1\"");
  g_assert_cmpstr (str_member (c, "case_no"), ==, case_no);
  g_assert_cmpstr (str_member (c, "state"), ==, "submitted");
  g_assert_cmpstr (str_member (c, "state_label"), ==, "待平台审核");
  g_assert_cmpstr (str_member (c, "stage"), ==, "none");
  g_assert_cmpstr (str_member (c, "unit_code"), ==, UNIT);
  g_assert_cmpstr (str_member (c, "item_code"), ==, item);
  g_assert_cmpint (json_object_get_int_member (c, "item_version"), ==, 1);
  g_assert_cmpstr (str_member (c, "source"), ==, "辽宁政务服务网");
  g_assert_true (json_object_get_null_member (c, "assignee"));
  g_assert_cmpstr (str_member (c, "submitted_at"), ==, FRIDAY_10AM);
  g_assert_cmpstr (str_member (c, "received_on"), ==, "2026-02-13");
  g_assert_cmpint (json_object_get_int_member (c, "supplement_count"), ==, 0);
  g_assert_false (json_object_get_boolean_member (c, "deadline_extended"));
  g_assert_true (json_object_get_null_member (c, "fees_collected"));

  /* Three working days from Friday 02-13: Saturday 02-14 is worked, the
   * festival runs 02-15..23, so 02-24 and 02-25 complete the count. */
  deadline = calendar_deadline ("2026-02-13", 3);
  g_assert_cmpstr (deadline, ==, "2026-02-25");
  g_assert_cmpstr (str_member (c, "deadline"), ==, "2026-02-25");
  assert_clock (c, "running", 3);

  assert_masked (c);
  /* Unassigned: any handler of the unit may take it or act on it. */
  assert_allowed (c, "claim assign platform_pass request_supplement refuse");

  /* The material sent is filed, byte for byte. */
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
  materials = get_items (path);
  g_assert_cmpuint (json_array_get_length (materials), ==, 1);
  m = json_array_get_object_element (materials, 0);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_assert_cmpstr (str_member (m, "name"), ==, "申请表");
  g_assert_cmpstr (str_member (m, "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (m, "size"), ==, g_bytes_get_size (pdf));
  g_assert_cmpstr (str_member (m, "content_type"), ==, "application/pdf");
  g_assert_true (g_str_has_prefix (str_member (m, "uploaded_by"), "service:"));

  history = case_history (id);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  row = json_array_get_object_element (history, 0);
  g_assert_cmpstr (str_member (row, "action"), ==, "intake");
  g_assert_true (g_str_has_prefix (str_member (row, "actor"), "service:"));
  g_assert_true (json_object_get_null_member (row, "from_state"));
  g_assert_cmpstr (str_member (row, "to_state"), ==, "submitted");
  detail = json_object_get_object_member (row, "detail");
  g_assert_cmpstr (str_member (detail, "upstream_id"), ==, "FLOW-INTAKE-0001");
  g_assert_cmpint (json_object_get_int_member (detail, "materials"), ==, 1);

  events = read_changes ();
  g_assert_cmpuint (count_events (events, "case.created", id), ==, 1);
  g_clear_pointer (&events, json_array_unref);

  /* The platform retries after a lost answer: the same case, nothing new. */
  again = intake_post ("FLOW-INTAKE-0001", item, pdf);
  g_assert_cmpuint (again->status, ==, 200);
  result = wb_test_reply_object (again);
  g_assert_true (json_object_get_boolean_member (result, "replayed"));
  g_assert_cmpint (json_object_get_int_member (result, "case_id"), ==, id);
  g_assert_cmpstr (str_member (result, "case_no"), ==, case_no);

  events = read_changes ();
  g_assert_cmpuint (json_array_get_length (events), ==, 0);
  g_clear_pointer (&history, json_array_unref);
  history = case_history (id);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/cases?q=%s", case_no);
  found = get_items (path);
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_clear_pointer (&c, json_object_unref);
  c = wb_test_get_case (flow.server, flow.token, id, NULL);
  g_assert_cmpint (json_object_get_int_member (c, "version"), ==, 1);
}

static void
assert_reveal (gint64      id,
               const char *delivery_address)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/reveal", id);
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(WbTestReply) no_reason = NULL;
  g_autoptr(WbTestReply) viewer_reply = NULL;
  g_autoptr(WbTestReply) audit = NULL;
  g_autofree char *viewer = wb_test_login (flow.server, VIEWER);
  g_autofree char *auditor = wb_test_login (flow.server, AUDITOR);
  g_autoptr(JsonObject) c = wb_test_get_case (flow.server, flow.token, id, NULL);
  const char *reason = "电话联系申请人核实邮寄地址";
  g_autofree char *body = g_strdup_printf ("{\"reason\":\"%s\"}", reason);
  JsonObject *clear;
  JsonArray *entries;
  gboolean audited = FALSE;

  /* Without a stated reason there is no reveal. */
  no_reason = wb_test_request (flow.server, "POST", path, flow.token, "{}");
  g_assert_cmpuint (no_reason->status, ==, 400);
  assert_no_clear_data (no_reason->body);

  /* A supervisor sees the case, masked, and may not reveal it. */
  viewer_reply = wb_test_request (flow.server, "POST", path, viewer, body);
  g_assert_cmpuint (viewer_reply->status, ==, 403);
  assert_no_clear_data (viewer_reply->body);

  reply = wb_test_request (flow.server, "POST", path, flow.token, body);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
  clear = wb_test_reply_object (reply);
  g_assert_cmpstr (str_member (clear, "name"), ==, CLEAR_NAME);
  g_assert_cmpstr (str_member (clear, "id_number"), ==, CLEAR_ID);
  g_assert_cmpstr (str_member (clear, "phone"), ==, CLEAR_PHONE);
  g_assert_cmpstr (str_member (clear, "address"), ==, CLEAR_ADDRESS);
  g_assert_cmpstr (str_member (clear, "delivery_address"), ==, delivery_address);

  /* The reveal is on the record, with who asked and why. */
  audit = wb_test_request (flow.server, "GET", "/audit?limit=50", auditor, NULL);
  g_assert_cmpuint (audit->status, ==, 200);
  entries = json_object_get_array_member (wb_test_reply_object (audit), "items");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      if (g_strcmp0 (str_member (e, "action"), "reveal") == 0 &&
          g_strcmp0 (str_member (e, "object"), str_member (c, "case_no")) == 0 &&
          g_strcmp0 (str_member (e, "actor"), HANDLER) == 0 &&
          g_strcmp0 (str_member (e, "reason"), reason) == 0)
        audited = TRUE;
    }
  g_assert_true (audited);
  assert_no_clear_data (audit->body);
}

static void
test_mail_branch (void)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JsonObject) viewed = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *viewer = NULL;
  g_autofree char *history_path = NULL;
  g_autoptr(WbTestReply) history_reply = NULL;
  const char * const actions[] = {
    "intake", "platform_pass", "request_supplement", "supplement_received",
    "request_supplement", "supplement_received", "accept", "extend_deadline",
    "approve", "choose_delivery", "ship", "confirm_delivery", "archive", NULL
  };
  gint64 id, stopped_left;

  sign_in_at (FRIDAY_10AM);
  id = intake_case ("FLOW-MAIL-0001", three_day_item ());

  c = step (id, "platform_pass", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  assert_clock (c, "running", 3);
  g_clear_pointer (&c, json_object_unref);

  /* 一次性告知: every missing material in one notice; the clock stops. */
  c = step (id, "request_supplement",
            "{\"missing\":[\"申请表\",\"户口簿本人页\"],\"note\":\"请补齐后重新提交\"}",
            "supplement", "none", "assign supplement_received withdraw");
  g_assert_cmpint (json_object_get_int_member (c, "supplement_count"), ==, 1);
  g_assert_cmpstr (str_member (c, "deadline"), ==, "2026-02-25");
  assert_clock (c, "stopped", 3);
  stopped_left = 3;
  g_assert_cmpuint (count_open_callbacks (id, "supplement"), ==, 1);
  {
    g_autoptr(JsonArray) callbacks = case_callbacks (id);
    JsonObject *cb = json_array_get_object_element (callbacks, 0);

    /* Supplement callbacks are due at once. */
    g_assert_cmpstr (str_member (cb, "kind"), ==, "supplement");
    g_assert_cmpstr (str_member (cb, "due_at"), ==, FRIDAY_10AM);
  }
  detail = last_history_detail (id);
  g_assert_false (json_object_get_boolean_member (detail, "flagged"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (detail, "missing")), ==, 2);
  g_clear_pointer (&detail, json_object_unref);
  g_clear_pointer (&c, json_object_unref);

  /* The applicant comes back after the festival, on Wednesday 02-25.
   * Working days passed since the clock stopped: 02-14, 02-24, 02-25. */
  sign_in_at ("2026-02-25T02:00:00Z");
  c = wb_test_get_case (flow.server, flow.token, id, NULL);
  assert_clock (c, "stopped", stopped_left);
  g_clear_pointer (&c, json_object_unref);
  g_free (expected);
  expected = calendar_deadline ("2026-02-13", 3);
  g_assert_cmpstr (expected, ==, "2026-02-25");

  c = step (id, "supplement_received", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  detail = last_history_detail (id);
  g_assert_cmpint (json_object_get_int_member (detail, "paused_working_days"), ==, 3);
  g_clear_pointer (&detail, json_object_unref);
  g_free (expected);
  expected = calendar_deadline ("2026-02-25", 3);
  g_assert_cmpstr (expected, ==, "2026-02-28");  /* a make-up working Saturday */
  g_assert_cmpstr (str_member (c, "deadline"), ==, expected);
  /* The clock resumes with the days it had left when it stopped. */
  assert_clock (c, "running", stopped_left);
  g_clear_pointer (&c, json_object_unref);

  /* The materials came: the call asking for them is off the list. */
  g_assert_cmpuint (count_open_callbacks (id, "supplement"), ==, 0);

  /* A second request on the same submission must say why. */
  step_refused (id, "request_supplement", "{\"missing\":[\"申请表\"]}", 422, "unprocessable");
  g_assert_cmpuint (count_open_callbacks (id, "supplement"), ==, 0);
  c = step (id, "request_supplement",
            "{\"missing\":[\"申请表\"],\"reason\":\"补正的申请表缺少申请人签名\"}",
            "supplement", "none", "assign supplement_received withdraw");
  g_assert_cmpint (json_object_get_int_member (c, "supplement_count"), ==, 2);
  assert_clock (c, "stopped", 3);
  detail = last_history_detail (id);
  /* Supervisors see a repeated request flagged, with its reason. */
  g_assert_true (json_object_get_boolean_member (detail, "flagged"));
  g_assert_cmpstr (str_member (detail, "reason"), ==, "补正的申请表缺少申请人签名");
  g_clear_pointer (&detail, json_object_unref);
  /* The second request asks for a call of its own. */
  g_assert_cmpuint (count_open_callbacks (id, "supplement"), ==, 1);
  g_clear_pointer (&c, json_object_unref);

  /* Received the same day: no working day passed, the deadline stays. */
  c = step (id, "supplement_received", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  g_assert_cmpstr (str_member (c, "deadline"), ==, "2026-02-28");
  detail = last_history_detail (id);
  g_assert_cmpint (json_object_get_int_member (detail, "paused_working_days"), ==, 0);
  g_clear_pointer (&detail, json_object_unref);
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "accept", "{}", "accepted", "none",
            "assign approve refuse extend_deadline");
  g_assert_cmpstr (str_member (c, "state_label"), ==, "已受理");
  assert_clock (c, "running", 3);
  g_clear_pointer (&c, json_object_unref);

  /* Extended once, by five working days after the current deadline. */
  c = step (id, "extend_deadline", "{\"days\":5,\"reason\":\"需向户籍地核实信息\"}",
            "accepted", "none", "assign approve refuse");
  g_free (expected);
  expected = calendar_deadline ("2026-02-28", 5);
  g_assert_cmpstr (expected, ==, "2026-03-06");
  g_assert_cmpstr (str_member (c, "deadline"), ==, expected);
  g_assert_true (json_object_get_boolean_member (c, "deadline_extended"));
  assert_clock (c, "running", 8);
  detail = last_history_detail (id);
  g_assert_cmpstr (str_member (detail, "previous_deadline"), ==, "2026-02-28");
  g_assert_cmpint (json_object_get_int_member (detail, "days"), ==, 5);
  g_clear_pointer (&detail, json_object_unref);
  g_clear_pointer (&c, json_object_unref);
  step_refused (id, "extend_deadline", "{\"days\":2,\"reason\":\"再次延期\"}", 409, "conflict");
  c = wb_test_get_case (flow.server, flow.token, id, NULL);
  g_assert_cmpstr (str_member (c, "deadline"), ==, "2026-03-06");
  g_clear_pointer (&c, json_object_unref);

  /* Wrong state for a delivery action: refused, nothing moves. */
  step_refused (id, "ship", "{\"tracking_no\":\"EMS1\"}", 409, "conflict");

  c = step (id, "approve", "{\"result\":\"准予开具户籍证明\"}", "completed", "none",
            "assign choose_delivery");
  g_assert_cmpstr (str_member (c, "result"), ==, "准予开具户籍证明");
  assert_clock (c, "finished", NO_DAYS);
  g_assert_cmpuint (count_open_callbacks (id, "delivery_choice"), ==, 1);
  g_clear_pointer (&c, json_object_unref);

  /* Mail needs an address. */
  step_refused (id, "choose_delivery", "{\"method\":\"mail\"}", 422, "unprocessable");
  c = step (id, "choose_delivery", "{\"method\":\"mail\",\"address\":\"" MAIL_ADDRESS "\"}",
            "delivering", "mail_pending", "assign ship");
  g_assert_cmpstr (str_member (c, "delivery_method"), ==, "mail");
  g_assert_cmpstr (str_member (c, "delivery_address"), ==, "辽宁省沈阳市和平区***");
  g_clear_pointer (&c, json_object_unref);

  /* Only a handler of the unit reads the address in clear, with a reason. */
  assert_reveal (id, MAIL_ADDRESS);

  /* A supervisor reads the case masked and can act on nothing. */
  viewer = wb_test_login (flow.server, VIEWER);
  viewed = wb_test_get_case (flow.server, viewer, id, NULL);
  assert_masked (viewed);
  assert_allowed (viewed, "");

  c = step (id, "ship", "{\"courier\":\"EMS\",\"tracking_no\":\"EMS1234567890\"}", "delivering", "mail_shipped",
            "assign confirm_delivery");
  g_assert_cmpstr (str_member (c, "tracking_no"), ==, "EMS1234567890");
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "confirm_delivery", "{}", "delivered", "none", "assign archive");
  g_assert_cmpuint (count_open_callbacks (id, "satisfaction"), ==, 1);
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "archive", "{\"fees_collected\":0}", "archived", "none", "");
  g_assert_cmpint (json_object_get_int_member (c, "fees_collected"), ==, 0);
  g_assert_cmpstr (str_member (c, "tracking_no"), ==, "EMS1234567890");
  assert_clock (c, "finished", NO_DAYS);
  g_clear_pointer (&c, json_object_unref);

  /* Closed means closed. */
  step_refused (id, "claim", "{}", 409, "conflict");

  /* The history tells the whole story, in order, without personal data. */
  history = case_history (id);
  g_assert_cmpuint (json_array_get_length (history), ==, g_strv_length ((char **) actions));
  for (guint i = 0; actions[i]; i++)
    {
      JsonObject *row = json_array_get_object_element (history, i);

      g_assert_cmpstr (str_member (row, "action"), ==, actions[i]);
      if (i > 0)
        {
          JsonObject *prev = json_array_get_object_element (history, i - 1);
          g_assert_cmpstr (str_member (row, "from_state"), ==, str_member (prev, "to_state"));
        }
    }
  history_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  history_reply = wb_test_request (flow.server, "GET", history_path, flow.token, NULL);
  assert_no_clear_data (history_reply->body);
}

static void
test_window_branch (void)
{
  g_autoptr(JsonObject) c = NULL;
  g_autofree char *code = NULL;
  g_autofree char *slot_body = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  /* Another three-day item, so the inbox holds more than one kind. */
  {
    g_autoptr(JsonArray) items = get_items ("/items");

    for (guint i = 0; i < json_array_get_length (items) && code == NULL; i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        if (json_object_get_int_member (item, "promised_days") == 3 &&
            g_strcmp0 (str_member (item, "code"), three_day_item ()) != 0)
          code = g_strdup (str_member (item, "code"));
      }
    if (code == NULL)
      code = g_strdup (three_day_item ());
  }
  id = intake_case ("FLOW-WINDOW-0001", code);
  c = wb_test_get_case (flow.server, flow.token, id, NULL);
  g_assert_cmpstr (str_member (c, "deadline"), ==, "2026-02-25");
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "platform_pass", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  g_clear_pointer (&c, json_object_unref);
  c = step (id, "accept", "{}", "accepted", "none", "assign approve refuse extend_deadline");
  g_clear_pointer (&c, json_object_unref);
  step_refused (id, "approve", "{\"result\":\"  \"}", 422, "unprocessable");
  c = step (id, "approve", "{\"result\":\"无犯罪记录证明已开具\"}", "completed", "none",
            "assign choose_delivery");
  g_assert_cmpuint (count_open_callbacks (id, "delivery_choice"), ==, 1);
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "choose_delivery", "{\"method\":\"window\"}", "delivering", "window_printing",
            "assign print_ready");
  g_assert_cmpstr (str_member (c, "delivery_method"), ==, "window");
  g_assert_true (json_object_get_null_member (c, "delivery_address"));
  g_clear_pointer (&c, json_object_unref);

  /* Not handed over before it is printed and booked. */
  step_refused (id, "hand_over", "{}", 409, "conflict");
  step_refused (id, "ship", "{\"tracking_no\":\"EMS1\"}", 409, "conflict");

  /* Nothing is mailed, so there is no delivery address to reveal. */
  assert_reveal (id, NULL);

  c = step (id, "print_ready", "{}", "delivering", "window_ready", "assign book_pickup");
  g_clear_pointer (&c, json_object_unref);
  /* A booking takes a slot the unit opened, not a free-text time. */
  step_refused (id, "book_pickup", "{\"slot\":\"2026-03-02T09:30:00+08:00\"}", 422, "unprocessable");
  {
    g_autofree char *admin = wb_test_login (flow.server, "bizadmin." UNIT);
    g_autoptr(WbTestReply) opened = wb_test_request (flow.server, "PUT", "/units/" UNIT "/pickup-capacity/2026-03-02",
      admin, "{\"slots\":[{\"start\":\"09:30\",\"end\":\"10:00\",\"capacity\":5}]}");
    JsonArray *slots;

    g_assert_cmpuint (opened->status, ==, 200);
    slots = json_object_get_array_member (wb_test_reply_object (opened), "items");
    slot_body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}",
                                 json_object_get_int_member (json_array_get_object_element (slots, 0), "id"));
  }
  c = step (id, "book_pickup", slot_body, "delivering", "window_booked",
            "assign book_pickup hand_over");
  g_assert_cmpstr (str_member (c, "pickup_slot"), ==, "2026-03-02T09:30:00+08:00");
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "hand_over", "{\"collector\":\"applicant\"}", "delivered", "none", "assign archive");
  g_assert_cmpuint (count_open_callbacks (id, "satisfaction"), ==, 1);
  g_clear_pointer (&c, json_object_unref);

  step_refused (id, "archive", "{}", 422, "unprocessable");
  c = step (id, "archive", "{\"fees_collected\":0}", "archived", "none", "");
  g_assert_cmpint (json_object_get_int_member (c, "fees_collected"), ==, 0);
  g_assert_cmpstr (str_member (c, "pickup_slot"), ==, "2026-03-02T09:30:00+08:00");
  g_clear_pointer (&c, json_object_unref);

  {
    g_autoptr(JsonArray) history = case_history (id);
    /* intake + 8 actions; the refused attempts left no trace */
    g_assert_cmpuint (json_array_get_length (history), ==, 9);
  }
}

static void
test_refused (void)
{
  g_autoptr(JsonObject) c = NULL;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  id = intake_case ("FLOW-REFUSED-0001", three_day_item ());

  /* A refusal names its legal basis. */
  step_refused (id, "refuse", "{\"reason\":\"不符合条件\"}", 422, "unprocessable");
  c = step (id, "refuse",
            "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十八条\",\"reason\":\"申请人户籍不在本辖区\"}",
            "refused", "none", "assign archive");
  g_assert_cmpstr (str_member (c, "state_label"), ==, "不予受理");
  g_assert_cmpstr (str_member (c, "refusal_basis"), ==, "《中华人民共和国行政许可法》第三十八条");
  g_assert_cmpstr (str_member (c, "refusal_reason"), ==, "申请人户籍不在本辖区");
  g_assert_true (json_object_get_null_member (c, "result"));
  assert_clock (c, "finished", NO_DAYS);
  g_assert_cmpuint (count_open_callbacks (id, "result_notice"), ==, 1);
  g_clear_pointer (&c, json_object_unref);

  step_refused (id, "accept", "{}", 409, "conflict");
  step_refused (id, "archive", "{\"fees_collected\":-1}", 400, "invalid_request");

  c = step (id, "archive", "{\"fees_collected\":0}", "archived", "none", "");
  g_assert_cmpint (json_object_get_int_member (c, "fees_collected"), ==, 0);
  g_assert_cmpstr (str_member (c, "refusal_reason"), ==, "申请人户籍不在本辖区");
  g_clear_pointer (&c, json_object_unref);
}

/* The inbox */

typedef enum
{
  SORT_DEADLINE,
  SORT_SUBMITTED,
  SORT_CASE_NO,
  SORT_UPDATED,
} SortKey;

/* The order the API promises: by time limit, a case waiting for the
 * applicant's materials (its clock stopped) comes after every other. */
static char *
sort_value (JsonObject *c,
            SortKey     key)
{
  switch (key)
    {
    case SORT_SUBMITTED: return g_strdup (str_member (c, "submitted_at"));
    case SORT_CASE_NO:   return g_strdup (str_member (c, "case_no"));
    case SORT_UPDATED:   return g_strdup (str_member (c, "updated_at"));
    case SORT_DEADLINE:
    default:
      if (g_strcmp0 (str_member (c, "state"), "supplement") == 0)
        return g_strconcat ("~", str_member (c, "deadline"), NULL);
      return g_strdup (str_member (c, "deadline"));
    }
}

/* Walks every page of a query and returns the cases in order. Asserts what
 * paging promises: full pages until the last, no case twice, the order
 * kept across page boundaries, ties broken by id, and a null cursor at the
 * end. */
static GPtrArray *
walk (const char *credential,
      const char *query,
      guint       limit,
      SortKey     key,
      gboolean    descending)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  for (;;)
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/cases?%s%slimit=%u%s%s", query, *query ? "&" : "", limit,
                                               escaped ? "&cursor=" : "", escaped ? escaped : "");
      g_autoptr(WbTestReply) reply = wb_test_request (flow.server, "GET", path, credential, NULL);
      JsonObject *page;
      JsonArray *items;
      guint n;
      gboolean last;

      if (reply->status != 200)
        g_error ("GET %s answered %u", path, reply->status);
      page = wb_test_reply_object (reply);
      items = json_object_get_array_member (page, "items");
      n = json_array_get_length (items);
      last = json_object_get_null_member (page, "next_cursor");
      assert_no_clear_data (reply->body);

      g_assert_cmpuint (n, <=, limit);
      if (!last)
        g_assert_cmpuint (n, ==, limit);
      for (guint i = 0; i < n; i++)
        {
          JsonObject *c = json_array_get_object_element (items, i);
          gint64 id = json_object_get_int_member (c, "id");

          g_assert_cmpstr (str_member (c, "unit_code"), ==, UNIT);
          if (g_hash_table_contains (seen, &id))
            g_error ("case %" G_GINT64_FORMAT " listed twice in %s", id, query);
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));

          if (all->len > 0)
            {
              JsonObject *prev = all->pdata[all->len - 1];
              g_autofree char *before = sort_value (prev, key);
              g_autofree char *after = sort_value (c, key);
              int cmp = g_strcmp0 (before, after);

              if (cmp == 0)
                cmp = json_object_get_int_member (prev, "id") < id ? -1 : 1;
              if (descending)
                cmp = -cmp;
              if (cmp >= 0)
                g_error ("out of order in %s: %s/%" G_GINT64_FORMAT " before %s/%" G_GINT64_FORMAT,
                         query, before, json_object_get_int_member (prev, "id"), after, id);
            }
          g_ptr_array_add (all, json_object_ref (c));
        }
      pages++;
      g_assert_cmpuint (pages, <, 1000);
      if (last)
        break;
      g_free (cursor);
      cursor = g_strdup (str_member (page, "next_cursor"));
    }

  return all;
}

static gboolean
listed (GPtrArray *cases,
        gint64     id)
{
  for (guint i = 0; i < cases->len; i++)
    if (json_object_get_int_member (cases->pdata[i], "id") == id)
      return TRUE;
  return FALSE;
}

static JsonObject *
find_listed (GPtrArray *cases,
             gint64     id)
{
  for (guint i = 0; i < cases->len; i++)
    if (json_object_get_int_member (cases->pdata[i], "id") == id)
      return cases->pdata[i];
  return NULL;
}

static void
assert_same_cases (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_true (listed (b, json_object_get_int_member (a->pdata[i], "id")));
}

/* The desk's scrollbar jumps: a page at any offset is the same rows the
 * cursor walk put there, and count=true tells how long the list is. */
static void
assert_offset_jumps (GPtrArray *walked)
{
  static const char * const bad_queries[] = {
    "/cases?offset=-1", "/cases?offset=10000001", "/cases?offset=x",
    "/cases?count=maybe", NULL
  };
  guint offsets[] = { 0, 1, 49, 50, walked->len / 2, walked->len - 3, walked->len, walked->len + 10 };

  for (guint k = 0; k < G_N_ELEMENTS (offsets); k++)
    {
      g_autofree char *path = g_strdup_printf ("/cases?sort=deadline&count=true&limit=7&offset=%u", offsets[k]);
      g_autoptr(WbTestReply) reply = wb_test_request (flow.server, "GET", path, flow.token, NULL);
      JsonObject *page;
      JsonArray *items;
      guint expected = MIN (7, walked->len > offsets[k] ? walked->len - offsets[k] : 0);

      g_assert_cmpuint (reply->status, ==, 200);
      page = wb_test_reply_object (reply);
      g_assert_cmpint (json_object_get_int_member (page, "total"), ==, walked->len);
      items = json_object_get_array_member (page, "items");
      g_assert_cmpuint (json_array_get_length (items), ==, expected);
      for (guint i = 0; i < expected; i++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "id"), ==,
                         json_object_get_int_member (walked->pdata[offsets[k] + i], "id"));
    }

  /* Without count=true there is no total to pay for. */
  {
    g_autoptr(WbTestReply) reply = wb_test_request (flow.server, "GET", "/cases?limit=1", flow.token, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_false (json_object_has_member (wb_test_reply_object (reply), "total"));
  }

  for (guint i = 0; bad_queries[i]; i++)
    {
      g_autoptr(WbTestReply) reply = wb_test_request (flow.server, "GET", bad_queries[i], flow.token, NULL);

      g_assert_cmpuint (reply->status, ==, 400);
    }

  /* A cursor and an offset at once would mean two different places. */
  {
    g_autoptr(WbTestReply) first = wb_test_request (flow.server, "GET", "/cases?limit=2", flow.token, NULL);
    const char *cursor = str_member (wb_test_reply_object (first), "next_cursor");
    g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/cases?limit=2&offset=4&cursor=%s", escaped);
    g_autoptr(WbTestReply) both = wb_test_request (flow.server, "GET", path, flow.token, NULL);

    g_assert_cmpuint (both->status, ==, 400);
  }
}

static void
test_inbox (void)
{
  static const char * const states[] = {
    "submitted", "unit_review", "supplement", "accepted", "completed",
    "delivering", "delivered", "refused", "archived", "withdrawn", NULL
  };
  g_autoptr(GPtrArray) by_deadline = NULL;
  g_autoptr(GPtrArray) by_deadline_big = NULL;
  g_autoptr(GPtrArray) by_deadline_desc = NULL;
  g_autoptr(GPtrArray) by_case_no = NULL;
  g_autoptr(GPtrArray) by_submitted = NULL;
  g_autoptr(GPtrArray) by_updated = NULL;
  g_autoptr(GPtrArray) by_viewer = NULL;
  g_autofree char *viewer = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(WbTestReply) bad = NULL;
  g_autofree char *case_no = NULL;
  g_autofree char *query = NULL;
  g_autofree char *name_query = NULL;
  g_autofree char *escaped = NULL;
  const char *item = NULL;
  guint total = 0;
  gint64 id;

  sign_in_at (FRIDAY_10AM);
  item = three_day_item ();
  id = intake_case ("FLOW-INBOX-0001", item);
  c = wb_test_get_case (flow.server, flow.token, id, NULL);
  case_no = g_strdup (str_member (c, "case_no"));
  g_clear_pointer (&c, json_object_unref);

  /* A new case waits, unassigned, for whoever takes it. */
  cases = walk (flow.token, "assignee=none", 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    g_assert_true (json_object_get_null_member (cases->pdata[i], "assignee"));
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "assignee=me", 200, SORT_DEADLINE, FALSE);
  g_assert_false (listed (cases, id));
  g_clear_pointer (&cases, g_ptr_array_unref);

  c = step (id, "platform_pass", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  g_clear_pointer (&c, json_object_unref);

  cases = walk (flow.token, "assignee=me", 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *assignee = json_object_get_object_member (cases->pdata[i], "assignee");
      g_assert_nonnull (assignee);
      g_assert_cmpstr (str_member (assignee, "username"), ==, HANDLER);
    }
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "assignee=none", 200, SORT_DEADLINE, FALSE);
  g_assert_false (listed (cases, id));
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "assignee=" HANDLER, 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* By state */
  cases = walk (flow.token, "state=submitted,unit_review", 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    {
      const char *state = str_member (cases->pdata[i], "state");
      g_assert_true (g_str_equal (state, "submitted") || g_str_equal (state, "unit_review"));
    }
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "state=supplement", 200, SORT_DEADLINE, FALSE);
  g_assert_false (listed (cases, id));
  g_assert_cmpuint (cases->len, >, 0);
  for (guint i = 0; i < cases->len; i++)
    {
      g_assert_cmpstr (str_member (cases->pdata[i], "state"), ==, "supplement");
      g_assert_cmpstr (str_member (json_object_get_object_member (cases->pdata[i], "clock"), "status"), ==,
                       "stopped");
    }
  g_clear_pointer (&cases, g_ptr_array_unref);
  /* The desk's work in progress by time limit: the cases waiting for
   * the applicant, their clocks stopped, after every running one, where
   * their old deadlines had put them among the overdue. */
  cases = walk (flow.token, "state=submitted,unit_review,supplement,accepted", 200, SORT_DEADLINE, FALSE);
  {
    guint first_waiting = cases->len;

    for (guint i = 0; i < cases->len; i++)
      {
        gboolean waiting = g_str_equal (str_member (cases->pdata[i], "state"), "supplement");

        if (waiting && first_waiting == cases->len)
          first_waiting = i;
        g_assert_true (waiting == (i >= first_waiting));
      }
    g_assert_cmpuint (first_waiting, >, 0);
    g_assert_cmpuint (first_waiting, <, cases->len);
  }
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* By item */
  g_free (query);
  query = g_strdup_printf ("item=%s", item);
  cases = walk (flow.token, query, 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    g_assert_cmpstr (str_member (cases->pdata[i], "item_code"), ==, item);
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "item=ZA-LG", 200, SORT_DEADLINE, FALSE);
  g_assert_false (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    g_assert_cmpstr (str_member (cases->pdata[i], "item_code"), ==, "ZA-LG");
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* By case number, whole or prefix, and by full name only. */
  g_free (query);
  query = g_strdup_printf ("q=%s", case_no);
  cases = walk (flow.token, query, 50, SORT_DEADLINE, FALSE);
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_true (listed (cases, id));
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "q=" UNIT "-20260213-&sort=case_no", 50, SORT_CASE_NO, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    g_assert_true (g_str_has_prefix (str_member (cases->pdata[i], "case_no"), UNIT "-20260213-"));
  g_clear_pointer (&cases, g_ptr_array_unref);
  escaped = g_uri_escape_string (CLEAR_NAME, NULL, FALSE);
  name_query = g_strdup_printf ("q=%s", escaped);
  cases = walk (flow.token, name_query, 50, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    assert_masked (cases->pdata[i]);
  g_clear_pointer (&cases, g_ptr_array_unref);
  g_free (escaped);
  escaped = g_uri_escape_string ("欧阳", NULL, FALSE);
  g_free (name_query);
  name_query = g_strdup_printf ("q=%s", escaped);
  cases = walk (flow.token, name_query, 50, SORT_DEADLINE, FALSE);
  g_assert_cmpuint (cases->len, ==, 0);
  g_clear_pointer (&cases, g_ptr_array_unref);

  /* Due: not yet on Friday; due soon the day before; overdue in June. */
  cases = walk (flow.token, "due=overdue", 200, SORT_DEADLINE, FALSE);
  g_assert_false (listed (cases, id));
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "due=soon", 200, SORT_DEADLINE, FALSE);
  g_assert_false (listed (cases, id));
  g_clear_pointer (&cases, g_ptr_array_unref);

  sign_in_at ("2026-02-24T02:00:00Z");
  cases = walk (flow.token, "due=soon", 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    g_assert_cmpstr (str_member (cases->pdata[i], "deadline"), <=, "2026-02-25");
  c = json_object_ref (find_listed (cases, id));
  assert_clock (c, "running", 1);
  g_clear_pointer (&c, json_object_unref);
  g_clear_pointer (&cases, g_ptr_array_unref);

  sign_in_at ("2026-06-01T02:00:00Z");
  cases = walk (flow.token, "due=overdue", 200, SORT_DEADLINE, FALSE);
  g_assert_true (listed (cases, id));
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *listed_case = cases->pdata[i];
      const char *state = str_member (listed_case, "state");
      JsonObject *clock = json_object_get_object_member (listed_case, "clock");

      /* Only cases whose clock runs can be overdue. */
      g_assert_true (g_str_equal (state, "submitted") || g_str_equal (state, "unit_review") ||
                     g_str_equal (state, "accepted"));
      g_assert_cmpstr (str_member (listed_case, "deadline"), <, "2026-06-01");
      g_assert_cmpstr (str_member (clock, "status"), ==, "overdue");
      g_assert_cmpint (json_object_get_int_member (clock, "working_days_left"), <, 0);
    }
  g_clear_pointer (&cases, g_ptr_array_unref);
  cases = walk (flow.token, "due=overdue&state=supplement", 200, SORT_DEADLINE, FALSE);
  g_assert_cmpuint (cases->len, ==, 0);
  g_clear_pointer (&cases, g_ptr_array_unref);

  sign_in_at (FRIDAY_10AM);

  /* Paging through the whole unit: the same cases whatever the page size
   * or sort, each once, in order. */
  by_deadline = walk (flow.token, "", 50, SORT_DEADLINE, FALSE);
  g_assert_cmpuint (by_deadline->len, >, 100);
  g_assert_true (listed (by_deadline, id));
  by_deadline_big = walk (flow.token, "sort=deadline&order=asc", 200, SORT_DEADLINE, FALSE);
  g_assert_cmpuint (by_deadline_big->len, ==, by_deadline->len);
  for (guint i = 0; i < by_deadline->len; i++)
    g_assert_cmpint (json_object_get_int_member (by_deadline->pdata[i], "id"), ==,
                     json_object_get_int_member (by_deadline_big->pdata[i], "id"));
  /* Descending is the same list backwards, ties included. */
  by_deadline_desc = walk (flow.token, "sort=deadline&order=desc", 50, SORT_DEADLINE, TRUE);
  g_assert_cmpuint (by_deadline_desc->len, ==, by_deadline->len);
  for (guint i = 0; i < by_deadline->len; i++)
    g_assert_cmpint (json_object_get_int_member (by_deadline->pdata[i], "id"), ==,
                     json_object_get_int_member (by_deadline_desc->pdata[by_deadline->len - 1 - i], "id"));
  by_case_no = walk (flow.token, "sort=case_no&order=desc", 50, SORT_CASE_NO, TRUE);
  assert_same_cases (by_deadline, by_case_no);
  by_submitted = walk (flow.token, "sort=submitted", 50, SORT_SUBMITTED, FALSE);
  assert_same_cases (by_deadline, by_submitted);
  by_updated = walk (flow.token, "sort=updated&order=desc", 50, SORT_UPDATED, TRUE);
  assert_same_cases (by_deadline, by_updated);
  /* The most recently changed case is on top. */
  g_assert_cmpstr (sort_value (by_updated->pdata[0], SORT_UPDATED), >=, "2026-02-13T02:00:00Z");

  /* No gaps: the states partition the unit. */
  for (guint s = 0; states[s]; s++)
    {
      g_autofree char *state_query = g_strdup_printf ("state=%s", states[s]);
      g_autoptr(GPtrArray) part = walk (flow.token, state_query, 50, SORT_DEADLINE, FALSE);

      for (guint i = 0; i < part->len; i++)
        {
          g_assert_cmpstr (str_member (part->pdata[i], "state"), ==, states[s]);
          g_assert_true (listed (by_deadline, json_object_get_int_member (part->pdata[i], "id")));
        }
      total += part->len;
    }
  g_assert_cmpuint (total, ==, by_deadline->len);

  /* The city's supervisor, narrowing to the district, pages through the
   * very same list. */
  viewer = wb_test_login (flow.server, VIEWER);
  by_viewer = walk (viewer, "unit=" UNIT, 50, SORT_DEADLINE, FALSE);
  g_assert_cmpuint (by_viewer->len, ==, by_deadline->len);
  for (guint i = 0; i < by_deadline->len; i++)
    g_assert_cmpint (json_object_get_int_member (by_viewer->pdata[i], "id"), ==,
                     json_object_get_int_member (by_deadline->pdata[i], "id"));

  /* A cursor the server did not issue is refused, not guessed at. */
  bad = wb_test_request (flow.server, "GET", "/cases?cursor=not-a-cursor", flow.token, NULL);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpstr (wb_test_reply_error_code (bad), ==, "invalid_request");

  assert_offset_jumps (by_deadline);
}

/* A case already overdue when the applicant is asked for more: the clock
 * stops, and while stopped it must still say how far behind it was, or the
 * inbox would show a late case as having time in hand. Kept last, as a
 * failure here aborts the run. */
static void
test_overdue_supplement_clock (void)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autofree char *expected = NULL;
  gint64 id, stopped_left;

  sign_in_at (FRIDAY_10AM);
  id = intake_case ("FLOW-LATE-0001", three_day_item ());
  c = step (id, "platform_pass", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  g_clear_pointer (&c, json_object_unref);

  /* Tuesday 03-10: 02-26, 02-27, 02-28 (worked), 03-02..06, 03-09, 03-10
   * have passed since the deadline of 02-25. */
  sign_in_at ("2026-03-10T02:00:00Z");
  c = wb_test_get_case (flow.server, flow.token, id, NULL);
  assert_clock (c, "overdue", -10);
  g_clear_pointer (&c, json_object_unref);

  c = step (id, "request_supplement", "{\"missing\":[\"申请表\"]}", "supplement", "none",
            "assign supplement_received withdraw");
  stopped_left = json_object_get_int_member (json_object_get_object_member (c, "clock"), "working_days_left");
  g_assert_cmpstr (str_member (json_object_get_object_member (c, "clock"), "status"), ==, "stopped");
  g_clear_pointer (&c, json_object_unref);

  /* Two working days later the materials arrive: the deadline moves by
   * those two days, and the case is exactly as late as before. */
  sign_in_at ("2026-03-12T02:00:00Z");
  c = step (id, "supplement_received", "{}", "unit_review", "none",
            "assign request_supplement accept refuse");
  detail = last_history_detail (id);
  g_assert_cmpint (json_object_get_int_member (detail, "paused_working_days"), ==, 2);
  expected = calendar_deadline ("2026-02-25", 2);
  g_assert_cmpstr (str_member (c, "deadline"), ==, expected);
  assert_clock (c, "overdue", -10);

  g_assert_cmpint (stopped_left, ==, -10);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/flow/intake", test_intake);
  g_test_add_func ("/server/flow/mail-branch", test_mail_branch);
  g_test_add_func ("/server/flow/window-branch", test_window_branch);
  g_test_add_func ("/server/flow/refused", test_refused);
  g_test_add_func ("/server/flow/inbox", test_inbox);
  g_test_add_func ("/server/flow/overdue-supplement-clock", test_overdue_supplement_clock);

  start_server ();
  ret = g_test_run ();
  wb_test_server_stop (flow.server);
  g_free (flow.token);
  return ret;
}
