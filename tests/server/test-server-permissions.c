/* test-server-permissions.c: who may read, act on, reveal and administer
 * what (standard 6.3 and 6.2.2, GB/T 22239), checked against one real
 * demo server
 *
 * Every denial a test provokes is remembered by its request id; the audit
 * test then expects the auditor to find each of them in the trail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "wb-case-flow.h"
#include "wb-test-server.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define NEW_USER_PASSWORD "Perm-Test-Passwort-2026"

/* The applicant intake() files, in clear. */
#define APPLICANT_NAME "欧阳娜娜"
#define APPLICANT_ID_NUMBER "11010519491231002X"
#define APPLICANT_PHONE "13812345678"
#define APPLICANT_ADDRESS "辽宁省沈阳市和平区南京北街1号"

static const char * const account_units[] = {
  "210000", "210100", "210102", "210103", "210123", NULL
};

/* Every role of the demo district 210102 except the handler. */
static const char * const non_handlers_210102[] = {
  "sysadmin.210102", "bizadmin.210102", "viewer.210102", "statistician.210102",
  "announcer.210102", "complaint.210102", "auditor.210102", NULL
};

/* People of other units, including the supervisors above 210102. */
static const char * const outsiders_210102[] = {
  "handler.210103", "handler.210100", "handler.210000", "viewer.210100",
  "viewer.210000", "statistician.210100", "complaint.210103", NULL
};

/* Roles that read no cases at all. */
static const char * const non_reader_roles[] = {
  "sysadmin", "bizadmin", "announcer", "auditor", NULL
};

typedef struct
{
  char *request_id;
  char *actor;
} Denial;

static WbTestServer *server;
static GHashTable *tokens;      /* username → bearer token */
static GPtrArray *denials;      /* Denial*: every 403 the tests provoked */
static GHashTable *unit_parent; /* unit code → parent code ("" for the province) */
static gint64 case_210103;
static gint64 case_210123;
static gint64 case_210100;
static gint64 case_dalian;

static void
denial_free (Denial *denial)
{
  g_free (denial->request_id);
  g_free (denial->actor);
  g_free (denial);
}

static const char *
token_for (const char *username)
{
  const char *token = g_hash_table_lookup (tokens, username);

  if (token == NULL)
    {
      char *fresh = wb_test_login (server, username);

      g_hash_table_insert (tokens, g_strdup (username), fresh);
      token = fresh;
    }
  return token;
}

static char *
next_key (void)
{
  static guint counter;

  return g_strdup_printf ("perm-%u-%u", (guint) getpid (), ++counter);
}

static WbTestReply *
get_as (const char *username,
        const char *path)
{
  return wb_test_request (server, "GET", path, token_for (username), NULL);
}

static WbTestReply *
get_case_as (const char *username,
             gint64      case_id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, case_id);

  return get_as (username, path);
}

/* POSTs an action the way the desk does: with the ETag it holds and a
 * fresh Idempotency-Key. */
static WbTestReply *
post_action (const char *username,
             gint64      case_id,
             const char *action,
             const char *etag,
             const char *json_body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", case_id, action);
  g_autofree char *key = next_key ();
  const char *headers[] = { "If-Match", etag, "Idempotency-Key", key, NULL };
  g_autoptr(GBytes) body = json_body ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  return wb_test_request_full (server, "POST", path, token_for (username), headers, NULL, body);
}

static WbTestReply *
reveal_as (const char *username,
           gint64      case_id,
           const char *json_body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/reveal", case_id);

  return wb_test_request (server, "POST", path, token_for (username), json_body);
}

static const char *
reply_text (WbTestReply *reply)
{
  static char buf[512];
  gsize len = 0;
  const char *data = reply->body ? g_bytes_get_data (reply->body, &len) : NULL;

  g_snprintf (buf, sizeof buf, "%.*s", (int) MIN (len, sizeof buf - 1), data ? data : "");
  return buf;
}

static void
assert_status (WbTestReply *reply,
               guint        status)
{
  if (reply->status != status)
    g_test_message ("expected %u, got %u: %s", status, reply->status, reply_text (reply));
  g_assert_cmpuint (reply->status, ==, status);
}

/* The error shape every client relies on: one "error" object with a
 * stable code, a message for people and the request id that also names
 * the response (X-Request-Id) and the audit record, and nothing else, so
 * a refused request leaks no data. */
static const char *
assert_error (WbTestReply *reply,
              guint        status,
              const char  *code)
{
  JsonObject *root, *err;
  const char *request_id;

  assert_status (reply, status);
  root = wb_test_reply_object (reply);
  g_assert_cmpuint (json_object_get_size (root), ==, 1);
  g_assert_cmpstr (wb_test_reply_error_code (reply), ==, code);
  err = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member_with_default (err, "message", ""), !=, "");
  request_id = json_object_get_string_member_with_default (err, "request_id", NULL);
  g_assert_nonnull (request_id);
  g_assert_cmpstr (request_id, !=, "");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Request-Id"), ==, request_id);
  return request_id;
}

/* A 403, remembered so the audit test can look for it. */
static void
assert_denied (WbTestReply *reply,
               const char  *username)
{
  const char *request_id = assert_error (reply, 403, "forbidden");
  Denial *denial = g_new0 (Denial, 1);

  denial->request_id = g_strdup (request_id);
  denial->actor = g_strdup (username);
  g_ptr_array_add (denials, denial);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_null_member (JsonObject *obj,
                const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* Every case the caller can list with this filter, following the cursor to
 * the last page. Returns JsonObject references. */
static GPtrArray *
list_all_cases (const char *username,
                const char *filter)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;

  for (guint page = 0; ; page++)
    {
      g_autoptr(GString) path = g_string_new ("/cases?limit=200");
      g_autoptr(WbTestReply) reply = NULL;
      JsonObject *root;
      JsonArray *items;

      g_assert_cmpuint (page, <, 100);
      if (filter != NULL)
        g_string_append_printf (path, "&%s", filter);
      if (cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
          g_string_append_printf (path, "&cursor=%s", escaped);
        }

      reply = get_as (username, path->str);
      assert_status (reply, 200);
      root = wb_test_reply_object (reply);
      items = json_object_get_array_member (root, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (out, json_object_ref (json_array_get_object_element (items, i)));

      g_clear_pointer (&cursor, g_free);
      if (is_null_member (root, "next_cursor"))
        break;
      cursor = g_strdup (json_object_get_string_member (root, "next_cursor"));
    }

  return out;
}

static gboolean
cases_include (GPtrArray *cases,
               gint64     case_id)
{
  for (guint i = 0; i < cases->len; i++)
    if (json_object_get_int_member (cases->pdata[i], "id") == case_id)
      return TRUE;
  return FALSE;
}

/* Whether unit lies at or below ancestor in the unit tree. */
static gboolean
unit_within (const char *unit,
             const char *ancestor)
{
  for (guint depth = 0; unit != NULL && *unit && depth < 4; depth++)
    {
      if (g_str_equal (unit, ancestor))
        return TRUE;
      unit = g_hash_table_lookup (unit_parent, unit);
    }
  return FALSE;
}

static void
load_units (void)
{
  g_autoptr(WbTestReply) reply = get_as ("viewer.210000", "/units");
  JsonArray *items;

  assert_status (reply, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *unit = json_array_get_object_element (items, i);
      const char *parent = is_null_member (unit, "parent_code")
        ? "" : json_object_get_string_member (unit, "parent_code");

      g_hash_table_insert (unit_parent,
                           g_strdup (json_object_get_string_member (unit, "code")),
                           g_strdup (parent));
    }
  g_assert_true (unit_within ("210123", "210100"));
  g_assert_false (unit_within ("210200", "210100"));
}

/* The change feed as the caller's desk catches up on it from the start:
 * every event it is shown. */
static GPtrArray *
read_feed (const char *username)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 since = 0;

  for (guint page = 0; ; page++)
    {
      g_autofree char *path = g_strdup_printf ("/changes?limit=1000&since=%" G_GINT64_FORMAT, since);
      g_autoptr(WbTestReply) reply = get_as (username, path);
      JsonObject *root;
      JsonArray *items;
      gint64 last;

      g_assert_cmpuint (page, <, 1000);
      assert_status (reply, 200);
      root = wb_test_reply_object (reply);
      items = json_object_get_array_member (root, "events");
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (events, json_object_ref (json_array_get_object_element (items, i)));
      last = json_object_get_int_member (root, "last_seq");
      g_assert_cmpint (last, >=, since);
      if (last == since)
        break;
      since = last;
    }
  return events;
}

/* Every event the caller is shown lies in unit (exactly, or at or below
 * it when below is set); returns whether case_id's creation was shown. */
static gboolean
assert_feed_within (const char *username,
                    const char *unit,
                    gboolean    below,
                    gint64      case_id)
{
  g_autoptr(GPtrArray) events = read_feed (username);
  gboolean seen = FALSE;

  g_assert_cmpuint (events->len, >, 0);
  for (guint i = 0; i < events->len; i++)
    {
      const char *event_unit = json_object_get_string_member (events->pdata[i], "unit_code");

      if (below)
        g_assert_true (unit_within (event_unit, unit));
      else
        g_assert_cmpstr (event_unit, ==, unit);
      if (json_object_get_int_member (events->pdata[i], "case_id") == case_id &&
          g_strcmp0 (json_object_get_string_member (events->pdata[i], "kind"), "case.created") == 0)
        seen = TRUE;
    }
  return seen;
}

/* A small, well-formed one-page PDF (correct xref offsets), all text, so
 * the intake's file check cannot trip over binary content. */
static GBytes *
material_pdf (void)
{
  static const char content[] = "BT /F1 18 Tf 72 760 Td (Wangban permissions test material) Tj ET\n";
  const char *objects[5];
  g_autofree char *stream = g_strdup_printf ("<< /Length %u >>\nstream\n%sendstream",
                                             (guint) strlen (content), content);
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
  objects[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>";
  objects[3] = stream;
  objects[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010u 00000 n \n", (guint) offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%u\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (objects) + 1, (guint) xref);

  return g_string_free_to_bytes (pdf);
}

/* Files a new application for unit_code through the intake API, as an
 * upstream platform does; returns the new case's id. */
static gint64
intake (const char *unit_code)
{
  static guint counter;
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) pdf = material_pdf ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autofree char *app = g_strdup_printf (
    "{\"upstream_id\":\"PERM-%s-%u-%u\",\"platform\":\"辽宁政务服务网\",\"item_code\":\"HZ-SFZ-HL\","
    "\"unit_code\":\"%s\",\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\",\"phone\":\"%s\","
    "\"address\":\"%s\"},\"materials\":[{\"name\":\"居民户口簿\",\"part\":\"file1\"}]}",
    unit_code, (guint) getpid (), ++counter, unit_code,
    APPLICANT_NAME, APPLICANT_ID_NUMBER, APPLICANT_PHONE, APPLICANT_ADDRESS);
  JsonObject *result;

  soup_multipart_append_form_string (multipart, "application", app);
  soup_multipart_append_form_file (multipart, "file1", "hukou.pdf", "application/pdf", pdf);
  soup_multipart_to_message (multipart, headers, &body);
  reply = wb_test_request_full (server, "POST", "/intake/applications", server->service_token,
                                NULL, soup_message_headers_get_one (headers, "Content-Type"), body);
  assert_status (reply, 201);
  result = wb_test_reply_object (reply);
  g_assert_false (json_object_get_boolean_member (result, "replayed"));
  return json_object_get_int_member (result, "case_id");
}

/* ------------------------------------------------------------------ */
/* 1. Every role against every action                                 */

typedef struct
{
  const char *action;
  const char *body;
  const char *state_after;
  const char *stage_after;
} Step;

/* Four walks that between them offer each of the 17 actions to the
 * handler at least once. */
static const Step mail_walk[] = {
  { "claim", NULL, "submitted", "none" },
  { "assign", "{\"assignee\":\"handler.210102\"}", "submitted", "none" },
  { "platform_pass", NULL, "unit_review", "none" },
  { "request_supplement", "{\"missing\":[\"居民户口簿\",\"照片回执\"],\"note\":\"请于5个工作日内补齐\"}", "supplement", "none" },
  { "supplement_received", NULL, "unit_review", "none" },
  { "accept", NULL, "accepted", "none" },
  { "extend_deadline", "{\"days\":3,\"reason\":\"需外省协查户籍信息\"}", "accepted", "none" },
  { "approve", "{\"result\":\"准予办理，证件已制作完成\"}", "completed", "none" },
  { "choose_delivery", "{\"method\":\"mail\",\"address\":\"辽宁省沈阳市和平区南京北街1号\"}", "delivering", "mail_pending" },
  { "ship", "{\"courier\":\"EMS\",\"tracking_no\":\"EMS102030405\"}", "delivering", "mail_shipped" },
  { "confirm_delivery", NULL, "delivered", "none" },
  { "archive", "{\"fees_collected\":2000}", "archived", "none" },
};

static const Step window_walk[] = {
  { "platform_pass", NULL, "unit_review", "none" },
  { "accept", NULL, "accepted", "none" },
  { "approve", "{\"result\":\"准予办理\"}", "completed", "none" },
  { "choose_delivery", "{\"method\":\"window\"}", "delivering", "window_printing" },
  { "print_ready", NULL, "delivering", "window_ready" },
  { "book_pickup", NULL /* a slot three days ahead */, "delivering", "window_booked" },
  { "hand_over", "{\"collector\":\"applicant\"}", "delivered", "none" },
};

static const Step withdraw_walk[] = {
  { "request_supplement", "{\"missing\":[\"居民户口簿\"]}", "supplement", "none" },
  { "withdraw", "{\"reason\":\"申请人来电主动撤回申请\"}", "withdrawn", "none" },
};

static const Step refuse_walk[] = {
  { "refuse", "{\"legal_basis\":\"《中华人民共和国居民身份证法》第十一条\",\"reason\":\"申请人不符合办理条件\"}", "refused", "none" },
  { "archive", "{\"fees_collected\":0}", "archived", "none" },
};

/* The body the handler sends for a step (the others send the same). */
static char *
step_body (const Step *step)
{
  g_autoptr(GTimeZone) beijing = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) slot = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  JsonArray *slots;

  if (!g_str_equal (step->action, "book_pickup"))
    return g_strdup (step->body);

  /* The unit's business administrator opens the day first. */
  beijing = g_time_zone_new_offset (8 * 3600);
  now = g_date_time_new_now (beijing);
  slot = g_date_time_add_days (now, 3);
  path = g_date_time_format (slot, "/units/210102/pickup-capacity/%Y-%m-%d");
  reply = wb_test_request (server, "PUT", path, token_for ("bizadmin.210102"),
                           "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":50}]}");
  assert_status (reply, 200);
  slots = json_object_get_array_member (wb_test_reply_object (reply), "items");
  return g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}",
                          json_object_get_int_member (json_array_get_object_element (slots, 0), "id"));
}

static gboolean
can_read_cases (const char *username)
{
  return g_str_has_prefix (username, "handler.") || g_str_has_prefix (username, "viewer.") ||
         g_str_has_prefix (username, "statistician.") || g_str_has_prefix (username, "complaint.");
}

/* One actor who may not perform the step tries it, with the case's current
 * ETag and the very body the handler will send. */
static void
try_denied_action (const char *username,
                   gint64      case_id,
                   const Step *step,
                   const char *body,
                   const char *etag)
{
  g_autoptr(WbTestReply) reply = post_action (username, case_id, step->action, etag, body);
  g_autoptr(WbTestReply) after = get_case_as ("handler.210102", case_id);

  assert_denied (reply, username);

  /* Nothing moved: not the state, not the assignee (首问负责 must not make
   * a refused actor the owner), not the version. */
  assert_status (after, 200);
  g_assert_cmpstr (soup_message_headers_get_one (after->headers, "ETag"), ==, etag);
}

static void
walk (const Step *steps,
      guint       n_steps,
      gboolean   *covered)
{
  gint64 case_id = intake ("210102");

  for (guint s = 0; s < n_steps; s++)
    {
      const Step *step = &steps[s];
      g_autoptr(JsonObject) as_handler = NULL;
      g_autoptr(JsonObject) done = NULL;
      g_autoptr(WbTestReply) reply = NULL;
      g_autofree char *etag = NULL;
      g_autofree char *body = step_body (step);
      WbCaseAction action;

      g_test_message ("case %" G_GINT64_FORMAT ": %s", case_id, step->action);
      g_assert_true (wb_case_action_from_string (step->action, &action));
      covered[action] = TRUE;

      /* The handler's desk offers the action right now. */
      as_handler = wb_test_get_case (server, token_for ("handler.210102"), case_id, &etag);
      g_assert_true (array_has_string (json_object_get_array_member (as_handler, "allowed_actions"),
                                       step->action));

      for (guint i = 0; non_handlers_210102[i]; i++)
        try_denied_action (non_handlers_210102[i], case_id, step, body, etag);
      for (guint i = 0; outsiders_210102[i]; i++)
        try_denied_action (outsiders_210102[i], case_id, step, body, etag);

      /* Whoever may read the case is offered no action on it. */
      for (guint i = 0; non_handlers_210102[i]; i++)
        if (can_read_cases (non_handlers_210102[i]))
          {
            g_autoptr(WbTestReply) seen = get_case_as (non_handlers_210102[i], case_id);

            assert_status (seen, 200);
            g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (seen),
                                                                                   "allowed_actions")), ==, 0);
          }

      /* The handler of the unit may. */
      reply = post_action ("handler.210102", case_id, step->action, etag, body);
      assert_status (reply, 200);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "ETag"), !=, etag);
      done = json_object_ref (wb_test_reply_object (reply));
      g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, step->state_after);
      g_assert_cmpstr (json_object_get_string_member (done, "stage"), ==, step->stage_after);
      g_assert_false (is_null_member (done, "assignee"));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (done, "assignee"), "username"),
                       ==, "handler.210102");
    }
}

static void
test_action_matrix (void)
{
  gboolean covered[WB_N_ACTIONS] = { FALSE, };

  walk (mail_walk, G_N_ELEMENTS (mail_walk), covered);
  walk (window_walk, G_N_ELEMENTS (window_walk), covered);
  walk (withdraw_walk, G_N_ELEMENTS (withdraw_walk), covered);
  walk (refuse_walk, G_N_ELEMENTS (refuse_walk), covered);

  /* The flow table has exactly these actions, and each was tried. */
  g_assert_cmpint (WB_N_ACTIONS, ==, 17);
  for (guint a = 0; a < WB_N_ACTIONS; a++)
    {
      if (!covered[a])
        g_test_message ("action %s was never tried", wb_case_action_to_string (a));
      g_assert_true (covered[a]);
    }
}

/* sysadmin, bizadmin, announcer and auditor read no cases, in any unit. */
static void
test_non_readers (void)
{
  gint64 case_210102 = intake ("210102");

  for (guint r = 0; non_reader_roles[r]; r++)
    for (guint u = 0; account_units[u]; u++)
      {
        g_autofree char *username = g_strdup_printf ("%s.%s", non_reader_roles[r], account_units[u]);
        g_autofree char *own_unit = g_strdup_printf ("/cases?unit=%s", account_units[u]);
        g_autofree char *history = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", case_210102);
        g_autoptr(WbTestReply) list = get_as (username, "/cases");
        g_autoptr(WbTestReply) list_unit = get_as (username, own_unit);
        g_autoptr(WbTestReply) one = get_case_as (username, case_210102);
        g_autoptr(WbTestReply) hist = get_as (username, history);
        g_autoptr(WbTestReply) changes = get_as (username, "/changes");

        assert_denied (list, username);
        assert_denied (list_unit, username);
        assert_denied (one, username);
        assert_denied (hist, username);
        assert_denied (changes, username);
      }
}

/* ------------------------------------------------------------------ */
/* 2. Across units                                                    */

static void
assert_case_unreadable (const char *username,
                        gint64      case_id)
{
  static const char * const subpaths[] = { "", "/history", "/callbacks", "/materials", NULL };

  for (guint i = 0; subpaths[i]; i++)
    {
      g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "%s", case_id, subpaths[i]);
      g_autoptr(WbTestReply) reply = get_as (username, path);

      assert_denied (reply, username);
    }
}

static void
test_cross_unit (void)
{
  gint64 case_210102 = intake ("210102");
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GPtrArray) complaint_view = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autofree char *etag = NULL;

  /* Another district's handler can neither read nor touch the case. */
  assert_case_unreadable ("handler.210103", case_210102);
  c = wb_test_get_case (server, token_for ("handler.210102"), case_210102, &etag);
  {
    g_autoptr(WbTestReply) reply = post_action ("handler.210103", case_210102, "claim", etag, NULL);
    g_autoptr(WbTestReply) upload = NULL;
    g_autoptr(GBytes) pdf = material_pdf ();
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials?name=%%E5%%B1%%85", case_210102);
    const char *headers[] = { NULL };

    assert_denied (reply, "handler.210103");
    upload = wb_test_request_full (server, "POST", path, token_for ("handler.210103"),
                                   headers, "application/pdf", pdf);
    assert_denied (upload, "handler.210103");

    /* Only the unit's handler files materials with a case. */
    for (guint i = 0; non_handlers_210102[i]; i++)
      {
        g_autoptr(WbTestReply) own = wb_test_request_full (server, "POST", path, token_for (non_handlers_210102[i]),
                                                           headers, "application/pdf", pdf);
        assert_denied (own, non_handlers_210102[i]);
      }
  }
  {
    g_autoptr(WbTestReply) reply = get_as ("handler.210103", "/cases?unit=210102");
    assert_denied (reply, "handler.210103");
  }
  {
    g_autoptr(JsonObject) again = NULL;
    g_autofree char *etag_again = NULL;

    again = wb_test_get_case (server, token_for ("handler.210102"), case_210102, &etag_again);
    g_assert_cmpstr (etag_again, ==, etag);
    g_assert_true (is_null_member (again, "assignee"));
  }

  /* The same holds the other way round, and the city handler does not
   * reach down into its districts. */
  assert_case_unreadable ("handler.210102", case_210103);
  assert_case_unreadable ("handler.210100", case_210102);

  /* A handler's inbox is the own unit's, whole, and nothing else. */
  inbox = list_all_cases ("handler.210102", NULL);
  g_assert_cmpuint (inbox->len, >, 10);
  for (guint i = 0; i < inbox->len; i++)
    g_assert_cmpstr (json_object_get_string_member (inbox->pdata[i], "unit_code"), ==, "210102");
  g_assert_true (cases_include (inbox, case_210102));
  g_assert_false (cases_include (inbox, case_210103));
  g_assert_false (cases_include (inbox, case_dalian));
  {
    g_autoptr(WbTestReply) other = get_as ("handler.210102", "/cases?unit=210103");
    g_autoptr(WbTestReply) above = get_as ("handler.210102", "/cases?unit=210100");

    assert_denied (other, "handler.210102");
    assert_denied (above, "handler.210102");
  }

  /* A complaint handler reads the own unit's cases, is offered no action
   * on them and reads no other unit's. */
  complaint_view = list_all_cases ("complaint.210102", NULL);
  g_assert_cmpuint (complaint_view->len, ==, inbox->len);
  for (guint i = 0; i < complaint_view->len; i++)
    g_assert_cmpstr (json_object_get_string_member (complaint_view->pdata[i], "unit_code"), ==, "210102");
  {
    g_autoptr(WbTestReply) seen = get_case_as ("complaint.210102", case_210102);
    g_autoptr(WbTestReply) act = NULL;

    assert_status (seen, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (seen),
                                                                           "allowed_actions")), ==, 0);
    act = post_action ("complaint.210102", case_210102, "claim", etag, NULL);
    assert_denied (act, "complaint.210102");
  }
  assert_case_unreadable ("complaint.210102", case_210103);
  {
    g_autoptr(WbTestReply) other = get_as ("complaint.210102", "/cases?unit=210103");
    assert_denied (other, "complaint.210102");
  }

  /* The change feed keeps to the same scope: it tells a desk about its
   * own unit's cases and nothing else. */
  g_assert_true (assert_feed_within ("handler.210102", "210102", FALSE, case_210102));
  g_assert_true (assert_feed_within ("complaint.210102", "210102", FALSE, case_210102));
  g_assert_false (assert_feed_within ("handler.210103", "210103", FALSE, case_210102));
  g_assert_false (assert_feed_within ("handler.210100", "210100", FALSE, case_210102));
}

/* The rules never offer a handler an action on another unit's case, in
 * any state, delivery stage or assignment; the desk builds its action bar
 * from this list alone. */
static void
test_cross_unit_never_offered (void)
{
  for (guint state = 0; state < WB_N_STATES; state++)
    for (guint stage = 0; stage < WB_N_STAGES; stage++)
      for (guint assignee = WB_ASSIGNEE_NONE; assignee <= WB_ASSIGNEE_OTHER; assignee++)
        for (guint extended = 0; extended < 2; extended++)
          {
            WbCaseAction actions[WB_N_ACTIONS];
            WbCaseFacts facts = {
              .actor_roles = WB_ROLE_HANDLER,
              .actor_in_case_unit = FALSE,
              .assignee = assignee,
              .state = state,
              .stage = stage,
              .deadline_extended = extended,
            };

            g_assert_cmpuint (wb_case_flow_allowed (&facts, actions), ==, 0);
          }
}

/* ------------------------------------------------------------------ */
/* 3. Supervisors' scope                                              */

static void
assert_no_actions_offered (const char *username,
                           gint64      case_id)
{
  g_autoptr(WbTestReply) seen = get_case_as (username, case_id);

  assert_status (seen, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (seen),
                                                                         "allowed_actions")), ==, 0);
}

static void
assert_supervisor_acts_nowhere (const char *username,
                                gint64      case_id)
{
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) c = wb_test_get_case (server, token_for ("handler.210102"), case_id, &etag);

  for (guint a = 0; a < WB_N_ACTIONS; a++)
    {
      g_autoptr(WbTestReply) reply = post_action (username, case_id, wb_case_action_to_string (a), etag, NULL);
      g_autoptr(WbTestReply) after = get_case_as ("handler.210102", case_id);

      assert_denied (reply, username);
      g_assert_cmpstr (soup_message_headers_get_one (after->headers, "ETag"), ==, etag);
    }
}

static void
check_supervisor_scope (const char *role)
{
  g_autofree char *district = g_strdup_printf ("%s.210102", role);
  g_autofree char *city = g_strdup_printf ("%s.210100", role);
  g_autofree char *province = g_strdup_printf ("%s.210000", role);
  gint64 case_210102 = intake ("210102");
  g_autoptr(GPtrArray) district_view = NULL;
  g_autoptr(GPtrArray) city_view = NULL;
  g_autoptr(GPtrArray) province_view = NULL;
  g_autoptr(GHashTable) city_units = g_hash_table_new (g_str_hash, g_str_equal);

  /* A district supervisor sees the own district only. */
  district_view = list_all_cases (district, NULL);
  g_assert_cmpuint (district_view->len, >, 10);
  for (guint i = 0; i < district_view->len; i++)
    g_assert_cmpstr (json_object_get_string_member (district_view->pdata[i], "unit_code"), ==, "210102");
  g_assert_true (cases_include (district_view, case_210102));
  assert_case_unreadable (district, case_210103);
  assert_case_unreadable (district, case_210100);
  {
    g_autoptr(WbTestReply) sibling = get_as (district, "/cases?unit=210103");
    g_autoptr(WbTestReply) above = get_as (district, "/cases?unit=210100");

    assert_denied (sibling, district);
    assert_denied (above, district);
  }
  assert_no_actions_offered (district, case_210102);

  /* A city supervisor sees the city's own unit and every district and
   * county below it (6.2.2), and no other city. */
  city_view = list_all_cases (city, NULL);
  for (guint i = 0; i < city_view->len; i++)
    {
      const char *unit = json_object_get_string_member (city_view->pdata[i], "unit_code");

      if (!unit_within (unit, "210100"))
        g_test_message ("%s sees a case of unit %s", city, unit);
      g_assert_true (unit_within (unit, "210100"));
      g_hash_table_add (city_units, (gpointer) unit);
    }
  g_assert_true (g_hash_table_contains (city_units, "210100"));
  g_assert_true (g_hash_table_contains (city_units, "210102"));
  g_assert_true (g_hash_table_contains (city_units, "210103"));
  g_assert_true (g_hash_table_contains (city_units, "210123"));
  /* …and the Shenyang districts without demo accounts (2000 seeded cases
   * spread over them). */
  g_assert_cmpuint (g_hash_table_size (city_units), >, 5);
  g_assert_true (cases_include (city_view, case_210102));
  g_assert_true (cases_include (city_view, case_210123));
  g_assert_false (cases_include (city_view, case_dalian));
  {
    g_autoptr(GPtrArray) county = list_all_cases (city, "unit=210123");
    g_autoptr(WbTestReply) dalian = get_as (city, "/cases?unit=210200");
    g_autoptr(WbTestReply) above = get_as (city, "/cases?unit=210000");

    g_assert_cmpuint (county->len, >, 0);
    for (guint i = 0; i < county->len; i++)
      g_assert_cmpstr (json_object_get_string_member (county->pdata[i], "unit_code"), ==, "210123");
    assert_denied (dalian, city);
    assert_denied (above, city);
  }
  assert_case_unreadable (city, case_dalian);
  assert_no_actions_offered (city, case_210102);
  assert_no_actions_offered (city, case_210123);

  /* The province supervises every unit (6.2.1). */
  province_view = list_all_cases (province, NULL);
  g_assert_cmpuint (province_view->len, >, city_view->len);
  g_assert_true (cases_include (province_view, case_dalian));
  g_assert_true (cases_include (province_view, case_210102));
  for (guint i = 0; i < city_view->len; i++)
    g_assert_true (cases_include (province_view,
                                  json_object_get_int_member (city_view->pdata[i], "id")));
  {
    g_autoptr(GPtrArray) dalian = list_all_cases (province, "unit=210200");

    g_assert_true (cases_include (dalian, case_dalian));
    for (guint i = 0; i < dalian->len; i++)
      g_assert_cmpstr (json_object_get_string_member (dalian->pdata[i], "unit_code"), ==, "210200");
  }
  assert_no_actions_offered (province, case_dalian);

  /* Their change feeds keep to the same scope. */
  g_assert_true (assert_feed_within (district, "210102", FALSE, case_210102));
  g_assert_false (assert_feed_within (district, "210102", FALSE, case_210103));
  g_assert_true (assert_feed_within (city, "210100", TRUE, case_210123));
  g_assert_false (assert_feed_within (city, "210100", TRUE, case_dalian));
  g_assert_true (assert_feed_within (province, "210000", TRUE, case_dalian));

  /* Supervisors never act, on any action, at any level. */
  assert_supervisor_acts_nowhere (district, case_210102);
  assert_supervisor_acts_nowhere (city, case_210102);
  assert_supervisor_acts_nowhere (province, case_210102);
}

static void
test_viewer_scope (void)
{
  check_supervisor_scope ("viewer");
}

static void
test_statistician_scope (void)
{
  check_supervisor_scope ("statistician");
}

/* ------------------------------------------------------------------ */
/* 4. Revealing personal data                                         */

static void
assert_revealed (WbTestReply *reply)
{
  const char *cache_control = soup_message_headers_get_one (reply->headers, "Cache-Control");
  JsonObject *clear;

  assert_status (reply, 200);
  /* Clear personal data must never sit in a cache. */
  g_assert_nonnull (cache_control);
  g_assert_nonnull (strstr (cache_control, "no-store"));
  clear = wb_test_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (clear, "name"), ==, APPLICANT_NAME);
  g_assert_cmpstr (json_object_get_string_member (clear, "id_number"), ==, APPLICANT_ID_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (clear, "phone"), ==, APPLICANT_PHONE);
  g_assert_cmpstr (json_object_get_string_member (clear, "address"), ==, APPLICANT_ADDRESS);
}

static void
test_reveal (void)
{
  gint64 case_id = intake ("210102");
  g_autoptr(JsonObject) masked = wb_test_get_case (server, token_for ("handler.210102"), case_id, NULL);
  JsonObject *applicant = json_object_get_object_member (masked, "applicant");
  g_autofree char *long_reason = NULL;
  g_autofree char *long_body = NULL;

  /* Ordinary reads never carry the clear values. */
  g_assert_cmpstr (json_object_get_string_member (applicant, "name"), !=, APPLICANT_NAME);
  g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), !=, APPLICANT_ID_NUMBER);
  g_assert_cmpstr (json_object_get_string_member (applicant, "phone"), !=, APPLICANT_PHONE);

  /* The people who must speak to the applicant may, saying why. */
  {
    g_autoptr(WbTestReply) handler = reveal_as ("handler.210102", case_id,
                                                "{\"reason\":\"电话通知申请人补正材料\"}");
    g_autoptr(WbTestReply) complaint = reveal_as ("complaint.210102", case_id,
                                                  "{\"reason\":\"回复申请人投诉\"}");

    assert_revealed (handler);
    assert_revealed (complaint);
  }

  /* Without a stated reason nobody gets clear values. */
  long_reason = g_strnfill (501, 'x');
  long_body = g_strdup_printf ("{\"reason\":\"%s\"}", long_reason);
  {
    const char *bad_bodies[] = { NULL, "{}", "{\"reason\":\"\"}", "{\"reason\":\"   \"}",
                                 "{\"reason\":\" \\t\\r\\n\"}", "{\"reason\":null}",
                                 "{\"reason\":42}", long_body };

    for (guint i = 0; i < G_N_ELEMENTS (bad_bodies); i++)
      {
        g_autoptr(WbTestReply) handler = reveal_as ("handler.210102", case_id, bad_bodies[i]);
        g_autoptr(WbTestReply) complaint = reveal_as ("complaint.210102", case_id, bad_bodies[i]);

        assert_error (handler, 400, "invalid_request");
        assert_error (complaint, 400, "invalid_request");
      }
  }

  /* Supervisors work on masked data, other units see nothing, and the
   * roles that read no cases reveal none either. */
  {
    const char *refused[] = { "viewer.210100", "viewer.210102", "viewer.210000", "statistician.210102",
                              "handler.210103", "handler.210100", "complaint.210103",
                              "sysadmin.210102", "bizadmin.210102", "announcer.210102", "auditor.210102" };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(WbTestReply) reply = reveal_as (refused[i], case_id, "{\"reason\":\"想看一下\"}");

        assert_denied (reply, refused[i]);
      }
  }
}

/* U+3000, the ideographic space a Chinese input method types, says no
 * more than an ASCII space: such a reason is blank and reveals nothing. */
static void
test_reveal_fullwidth_blank_reason (void)
{
  gint64 case_id = intake ("210102");
  const char *bodies[] = {
    "{\"reason\":\"\u3000\"}",
    "{\"reason\":\"\u3000\u3000\u3000\"}",
    "{\"reason\":\" \u3000 \"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(WbTestReply) reply = reveal_as ("handler.210102", case_id, bodies[i]);

      g_test_message ("reveal with body %s", bodies[i]);
      assert_error (reply, 400, "invalid_request");
    }
}

/* ------------------------------------------------------------------ */
/* 5. Users and separation of duties                                  */

static WbTestReply *
create_user_as (const char *admin,
                const char *username,
                const char *unit_code,
                const char *roles_json)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"display_name\":\"测试用户\","
                                           "\"unit_code\":\"%s\",\"password\":\"%s\",\"roles\":%s}",
                                           username, unit_code, NEW_USER_PASSWORD, roles_json);

  return wb_test_request (server, "POST", "/users", token_for (admin), body);
}

static WbTestReply *
set_roles_as (const char *admin,
              gint64      user_id,
              const char *roles_json)
{
  g_autofree char *path = g_strdup_printf ("/users/%" G_GINT64_FORMAT "/roles", user_id);
  g_autofree char *body = g_strdup_printf ("{\"roles\":%s}", roles_json);

  return wb_test_request (server, "PUT", path, token_for (admin), body);
}

static JsonObject *
find_user (JsonArray  *users,
           const char *username)
{
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_strcmp0 (json_object_get_string_member (user, "username"), username) == 0)
        return user;
    }
  return NULL;
}

static void
assert_roles (JsonArray  *roles,
              const char *only_role)
{
  g_assert_cmpuint (json_array_get_length (roles), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (roles, 0), ==, only_role);
}

static void
test_users (void)
{
  static const char *new_name = "perm.handler.210102";
  static const char * const forbidden_sets[] = {
    "[\"viewer\",\"handler\"]", "[\"complaint\",\"handler\"]", "[\"sysadmin\",\"auditor\"]", NULL
  };
  g_autoptr(WbTestReply) created = NULL;
  g_autoptr(WbTestReply) sign_in = NULL;
  g_autoptr(WbTestReply) admin_list = NULL;
  g_autofree char *new_token = NULL;
  g_autofree char *sign_in_body = NULL;
  JsonObject *user;
  JsonArray *users;
  gint64 new_id;
  gint64 viewer_210100_id;

  /* Separation of duties (6.3, GB/T 22239) is enforced on creation. The
   * same username is tried each time, so a refused attempt that left an
   * account behind would make the last one fail as taken. */
  for (guint i = 0; forbidden_sets[i]; i++)
    {
      g_autoptr(WbTestReply) reply = create_user_as ("sysadmin.210100", new_name, "210102", forbidden_sets[i]);

      assert_error (reply, 422, "unprocessable");
    }
  created = create_user_as ("sysadmin.210100", new_name, "210102", "[\"handler\"]");
  assert_status (created, 201);
  user = wb_test_reply_object (created);
  new_id = json_object_get_int_member (user, "id");
  g_assert_cmpint (new_id, >, 0);
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, new_name);
  g_assert_cmpstr (json_object_get_string_member (user, "unit_code"), ==, "210102");
  assert_roles (json_object_get_array_member (user, "roles"), "handler");

  /* The new handler can sign in and works the district's cases. */
  sign_in_body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", new_name, NEW_USER_PASSWORD);
  sign_in = wb_test_request (server, "POST", "/sessions", NULL, sign_in_body);
  assert_status (sign_in, 201);
  new_token = g_strdup (json_object_get_string_member (wb_test_reply_object (sign_in), "token"));
  g_hash_table_insert (tokens, g_strdup (new_name), g_strdup (new_token));
  {
    g_autoptr(WbTestReply) me = get_as (new_name, "/me");
    g_autoptr(WbTestReply) other = get_as (new_name, "/cases?unit=210103");
    g_autoptr(GPtrArray) inbox = list_all_cases (new_name, NULL);

    assert_status (me, 200);
    assert_roles (json_object_get_array_member (wb_test_reply_object (me), "roles"), "handler");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (wb_test_reply_object (me), "unit"),
                                                    "code"), ==, "210102");
    g_assert_cmpuint (inbox->len, >, 0);
    for (guint i = 0; i < inbox->len; i++)
      g_assert_cmpstr (json_object_get_string_member (inbox->pdata[i], "unit_code"), ==, "210102");
    assert_denied (other, new_name);
  }

  /* 首问负责: the new handler may not work a colleague's case without
   * taking it over first, and is offered exactly that. */
  {
    gint64 case_id = intake ("210102");
    g_autofree char *etag = NULL;
    g_autofree char *etag_after = NULL;
    g_autoptr(WbTestReply) claimed = NULL;
    g_autoptr(WbTestReply) pass = NULL;
    g_autoptr(WbTestReply) take_over = NULL;
    g_autoptr(JsonObject) seen = NULL;
    g_autoptr(JsonObject) after = NULL;
    JsonArray *allowed;

    claimed = wb_test_act (server, token_for ("handler.210102"), case_id, "claim", NULL);
    assert_status (claimed, 200);
    seen = wb_test_get_case (server, token_for (new_name), case_id, &etag);
    allowed = json_object_get_array_member (seen, "allowed_actions");
    g_assert_true (array_has_string (allowed, "claim"));
    g_assert_true (array_has_string (allowed, "assign"));
    g_assert_false (array_has_string (allowed, "platform_pass"));
    g_assert_false (array_has_string (allowed, "refuse"));

    pass = post_action (new_name, case_id, "platform_pass", etag, NULL);
    assert_denied (pass, new_name);
    after = wb_test_get_case (server, token_for (new_name), case_id, &etag_after);
    g_assert_cmpstr (etag_after, ==, etag);
    g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "submitted");

    take_over = post_action (new_name, case_id, "claim", etag, NULL);
    assert_status (take_over, 200);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (wb_test_reply_object (take_over),
                                                                                   "assignee"), "username"),
                     ==, new_name);
  }

  /* Separation of duties holds on a change of roles too, and a refused
   * change leaves the roles as they were. */
  {
    g_autoptr(WbTestReply) viewer = set_roles_as ("sysadmin.210100", new_id, "[\"handler\",\"viewer\"]");
    g_autoptr(WbTestReply) complaint = set_roles_as ("sysadmin.210100", new_id, "[\"complaint\",\"handler\"]");
    g_autoptr(WbTestReply) me = get_as (new_name, "/me");

    g_autoptr(WbTestReply) auditor = set_roles_as ("sysadmin.210100", new_id, "[\"sysadmin\",\"auditor\"]");

    assert_error (viewer, 422, "unprocessable");
    assert_error (complaint, 422, "unprocessable");
    assert_error (auditor, 422, "unprocessable");
    assert_status (me, 200);
    assert_roles (json_object_get_array_member (wb_test_reply_object (me), "roles"), "handler");
  }

  /* A sysadmin administers the own unit and the units below, nothing
   * above or beside it. */
  admin_list = get_as ("sysadmin.210100", "/users");
  assert_status (admin_list, 200);
  users = json_object_get_array_member (wb_test_reply_object (admin_list), "items");
  for (guint i = 0; i < json_array_get_length (users); i++)
    g_assert_true (unit_within (json_object_get_string_member (json_array_get_object_element (users, i), "unit_code"),
                                "210100"));
  g_assert_nonnull (find_user (users, "viewer.210123"));
  g_assert_null (find_user (users, "viewer.210000"));
  user = find_user (users, new_name);
  g_assert_nonnull (user);
  assert_roles (json_object_get_array_member (user, "roles"), "handler");
  user = find_user (users, "viewer.210100");
  g_assert_nonnull (user);
  viewer_210100_id = json_object_get_int_member (user, "id");
  {
    g_autoptr(WbTestReply) up = create_user_as ("sysadmin.210102", "perm.above.210100", "210100", "[\"viewer\"]");
    g_autoptr(WbTestReply) province = create_user_as ("sysadmin.210102", "perm.above.210000", "210000", "[\"viewer\"]");
    g_autoptr(WbTestReply) sibling = create_user_as ("sysadmin.210102", "perm.beside.210103", "210103", "[\"viewer\"]");
    g_autoptr(WbTestReply) roles = set_roles_as ("sysadmin.210102", viewer_210100_id, "[\"handler\"]");
    g_autoptr(WbTestReply) check = get_as ("sysadmin.210100", "/users");

    assert_denied (up, "sysadmin.210102");
    assert_denied (province, "sysadmin.210102");
    assert_denied (sibling, "sysadmin.210102");
    assert_denied (roles, "sysadmin.210102");
    assert_status (check, 200);
    users = json_object_get_array_member (wb_test_reply_object (check), "items");
    g_assert_null (find_user (users, "perm.above.210100"));
    assert_roles (json_object_get_array_member (find_user (users, "viewer.210100"), "roles"), "viewer");
  }

  /* Nor may a city sysadmin change the province's accounts. */
  {
    g_autoptr(WbTestReply) province_list = get_as ("sysadmin.210000", "/users");
    g_autoptr(WbTestReply) roles = NULL;
    JsonObject *province_viewer;

    assert_status (province_list, 200);
    province_viewer = find_user (json_object_get_array_member (wb_test_reply_object (province_list), "items"),
                                 "viewer.210000");
    g_assert_nonnull (province_viewer);
    roles = set_roles_as ("sysadmin.210100", json_object_get_int_member (province_viewer, "id"), "[\"handler\"]");
    assert_denied (roles, "sysadmin.210100");
  }

  /* Only a sysadmin manages accounts. */
  {
    const char *others[] = { "handler.210102", "bizadmin.210100", "auditor.210000", "viewer.210000" };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autoptr(WbTestReply) create = create_user_as (others[i], "perm.nobody.210102", "210102", "[\"announcer\"]");
        g_autoptr(WbTestReply) roles = set_roles_as (others[i], new_id, "[\"announcer\"]");

        assert_denied (create, others[i]);
        assert_denied (roles, others[i]);
      }
  }

  /* A change of roles takes effect at once, on sessions already open. */
  {
    g_autoptr(WbTestReply) demoted = set_roles_as ("sysadmin.210100", new_id, "[\"announcer\"]");
    g_autoptr(WbTestReply) cases = get_as (new_name, "/cases");
    g_autoptr(WbTestReply) me = get_as (new_name, "/me");
    g_autoptr(WbTestReply) restored = NULL;
    g_autoptr(WbTestReply) again = NULL;

    assert_status (demoted, 200);
    assert_roles (json_object_get_array_member (wb_test_reply_object (demoted), "roles"), "announcer");
    assert_denied (cases, new_name);
    assert_status (me, 200);
    assert_roles (json_object_get_array_member (wb_test_reply_object (me), "roles"), "announcer");

    restored = set_roles_as ("sysadmin.210100", new_id, "[\"handler\"]");
    assert_status (restored, 200);
    again = get_as (new_name, "/cases?limit=1");
    assert_status (again, 200);
  }

  /* A handler lists the own unit's handlers (to pick an assignee) and
   * nobody else, whatever role is asked for. */
  {
    const char *paths[] = { "/users", "/users?role=viewer", "/users?role=sysadmin" };

    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      {
        g_autoptr(WbTestReply) reply = get_as ("handler.210102", paths[p]);

        assert_status (reply, 200);
        users = json_object_get_array_member (wb_test_reply_object (reply), "items");
        g_assert_nonnull (find_user (users, "handler.210102"));
        g_assert_nonnull (find_user (users, new_name));
        for (guint i = 0; i < json_array_get_length (users); i++)
          {
            JsonObject *listed = json_array_get_object_element (users, i);

            g_assert_cmpstr (json_object_get_string_member (listed, "unit_code"), ==, "210102");
            g_assert_true (array_has_string (json_object_get_array_member (listed, "roles"), "handler"));
          }
      }
  }
  {
    const char *others[] = { "viewer.210102", "complaint.210102", "auditor.210102", "bizadmin.210102" };

    for (guint i = 0; i < G_N_ELEMENTS (others); i++)
      {
        g_autoptr(WbTestReply) reply = get_as (others[i], "/users");
        assert_denied (reply, others[i]);
      }
  }
}

/* ------------------------------------------------------------------ */
/* 6. The audit trail                                                 */

/* The trail's hash: SHA-256 over the previous hash and the record's
 * fields, each followed by a 0x1f separator (wb-audit.c), so anyone
 * holding the trail can check it without the server. */
static char *
chain_hash (const char *prev_hash,
            JsonObject *entry)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *names[] = { "at", "actor", "peer", "action", "object", "result", "reason" };

  g_checksum_update (sum, (const guchar *) prev_hash, -1);
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = is_null_member (entry, names[i]) ? "" : json_object_get_string_member (entry, names[i]);

      g_checksum_update (sum, (const guchar *) value, -1);
      g_checksum_update (sum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* The whole trail as the auditor reads it, oldest first. */
static GPtrArray *
read_audit (const char *auditor)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 before = 0;

  for (guint page = 0; ; page++)
    {
      g_autofree char *path = before > 0
        ? g_strdup_printf ("/audit?limit=500&before=%" G_GINT64_FORMAT, before)
        : g_strdup ("/audit?limit=500");
      g_autoptr(WbTestReply) reply = get_as (auditor, path);
      JsonArray *items;
      guint n;

      g_assert_cmpuint (page, <, 1000);
      assert_status (reply, 200);
      items = json_object_get_array_member (wb_test_reply_object (reply), "items");
      n = json_array_get_length (items);
      if (n == 0)
        break;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *entry = json_array_get_object_element (items, i);
          gint64 id = json_object_get_int_member (entry, "id");

          /* Newest first, strictly. */
          g_assert_true (before == 0 || id < before);
          before = id;
          g_ptr_array_add (entries, json_object_ref (entry));
        }
    }

  /* Oldest first from here on. */
  for (guint i = 0; i < entries->len / 2; i++)
    {
      gpointer tmp = entries->pdata[i];
      entries->pdata[i] = entries->pdata[entries->len - 1 - i];
      entries->pdata[entries->len - 1 - i] = tmp;
    }
  return entries;
}

static JsonObject *
find_entry (GPtrArray  *entries,
            const char *action,
            const char *actor,
            const char *result,
            const char *object,
            const char *reason)
{
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *e = entries->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (e, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "actor"), actor) == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "result"), result) == 0 &&
          (object == NULL || g_strcmp0 (json_object_get_string_member (e, "object"), object) == 0) &&
          (reason == NULL || (!is_null_member (e, "reason") &&
                              g_strcmp0 (json_object_get_string_member (e, "reason"), reason) == 0)))
        return e;
    }
  return NULL;
}

static void
verify_chain_in_database (GPtrArray *entries)
{
  g_autofree char *db_path = wb_test_server_db_path (server);
  g_autoptr(GHashTable) api_hash = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  g_autofree char *first_hash = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0, rows_after = 0;
  char *errmsg = NULL;
  int rc;

  for (guint i = 0; i < entries->len; i++)
    g_hash_table_insert (api_hash,
                         g_memdup2 (&(gint64) { json_object_get_int_member (entries->pdata[i], "id") }, sizeof (gint64)),
                         (gpointer) json_object_get_string_member (entries->pdata[i], "hash"));

  /* Read-only: every row names the hash before it, from the genesis on,
   * and the API shows the hashes the database holds. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 15000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, prev_hash, hash FROM audit ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *prev_hash = (const char *) sqlite3_column_text (stmt, 1);
      const char *hash = (const char *) sqlite3_column_text (stmt, 2);
      const char *shown = g_hash_table_lookup (api_hash, &id);

      g_assert_cmpstr (prev_hash, ==, prev);
      if (shown != NULL)
        g_assert_cmpstr (shown, ==, hash);
      if (first_hash == NULL)
        first_hash = g_strdup (hash);
      g_free (prev);
      prev = g_strdup (hash);
      rows++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (rows, >=, entries->len);

  /* Even with write access to the file, the trail cannot be edited or
   * shortened: triggers refuse both. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 15000);
  rc = sqlite3_exec (db, "UPDATE audit SET reason = 'tampered', result = 'ok' WHERE id = (SELECT MIN(id) FROM audit)",
                     NULL, NULL, &errmsg);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (errmsg);
  g_assert_nonnull (strstr (errmsg, "append-only"));
  g_clear_pointer (&errmsg, sqlite3_free);
  rc = sqlite3_exec (db, "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)", NULL, NULL, &errmsg);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (errmsg);
  g_assert_nonnull (strstr (errmsg, "append-only"));
  g_clear_pointer (&errmsg, sqlite3_free);
  rc = sqlite3_exec (db, "DELETE FROM audit", NULL, NULL, &errmsg);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  g_clear_pointer (&errmsg, sqlite3_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*), (SELECT hash FROM audit ORDER BY id LIMIT 1) FROM audit",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  rows_after = sqlite3_column_int64 (stmt, 0);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, first_hash);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  /* The server may have appended meanwhile, never less. */
  g_assert_cmpint (rows_after, >=, rows);
}

static void
test_audit (void)
{
  gint64 case_id = intake ("210102");
  g_autofree char *etag = NULL;
  g_autofree char *case_no = NULL;
  g_autoptr(JsonObject) c = wb_test_get_case (server, token_for ("handler.210102"), case_id, &etag);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) by_request = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  static const char *reason = "审计核对：电话回访申请人确认送达地址";

  case_no = g_strdup (json_object_get_string_member (c, "case_no"));

  /* Things the trail must show. */
  {
    g_autoptr(WbTestReply) denied = post_action ("bizadmin.210102", case_id, "claim", etag, NULL);
    g_autoptr(WbTestReply) peek = reveal_as ("viewer.210100", case_id, "{\"reason\":\"抽查\"}");
    g_autoptr(WbTestReply) reveal = NULL;
    g_autofree char *reveal_body = g_strdup_printf ("{\"reason\":\"%s\"}", reason);
    g_autoptr(WbTestReply) wrong = wb_test_request (server, "POST", "/sessions", NULL,
                                                    "{\"username\":\"announcer.210103\",\"password\":\"not-the-password\"}");

    assert_denied (denied, "bizadmin.210102");
    assert_denied (peek, "viewer.210100");
    assert_error (wrong, 401, "unauthorized");
    reveal = reveal_as ("handler.210102", case_id, reveal_body);
    assert_revealed (reveal);
  }

  /* Nobody but an auditor reads the trail (GB/T 22239). */
  {
    const char *refused[] = { "sysadmin.210000", "sysadmin.210102", "bizadmin.210102", "handler.210102",
                              "viewer.210000", "statistician.210000", "announcer.210102", "complaint.210102" };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(WbTestReply) reply = get_as (refused[i], "/audit");
        assert_denied (reply, refused[i]);
      }
  }
  for (guint u = 0; account_units[u]; u++)
    {
      g_autofree char *auditor = g_strdup_printf ("auditor.%s", account_units[u]);
      g_autoptr(WbTestReply) reply = get_as (auditor, "/audit?limit=1");

      assert_status (reply, 200);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (reply), "items")),
                        ==, 1);
    }

  entries = read_audit ("auditor.210000");
  g_assert_cmpuint (entries->len, >, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *e = entries->pdata[i];

      if (!is_null_member (e, "request_id"))
        g_hash_table_insert (by_request, (gpointer) json_object_get_string_member (e, "request_id"), e);
    }

  /* Every denial any test provoked is on record, naming who was refused,
   * under the request id the refused client was given. */
  g_assert_cmpuint (denials->len, >, 0);
  for (guint i = 0; i < denials->len; i++)
    {
      Denial *denial = denials->pdata[i];
      JsonObject *e = g_hash_table_lookup (by_request, denial->request_id);

      if (e == NULL)
        g_test_message ("no audit record for the denial of %s (request %s)", denial->actor, denial->request_id);
      g_assert_nonnull (e);
      g_assert_cmpstr (json_object_get_string_member (e, "result"), ==, "denied");
      g_assert_cmpstr (json_object_get_string_member (e, "actor"), ==, denial->actor);
    }
  {
    g_autofree char *object = g_strdup_printf ("POST /api/v1/cases/%" G_GINT64_FORMAT "/actions/claim", case_id);
    g_assert_nonnull (find_entry (entries, "denied", "bizadmin.210102", "denied", object, NULL));
  }

  /* The reveal names who looked, at which case, and why. */
  g_assert_nonnull (find_entry (entries, "reveal", "handler.210102", "ok", case_no, reason));

  /* Sign-ins, good and bad, are on record. */
  g_assert_nonnull (find_entry (entries, "sign_in", "auditor.210000", "ok", "session", NULL));
  g_assert_nonnull (find_entry (entries, "sign_in", "handler.210102", "ok", "session", NULL));
  g_assert_nonnull (find_entry (entries, "sign_in", "announcer.210103", "failed", "session", NULL));

  /* Reading a case is on record too, since even a masked case names a
   * person. */
  g_assert_nonnull (find_entry (entries, "view_case", "handler.210102", "ok", case_no, NULL));

  /* The chain is whole from the first record: each hash covers the
   * previous one and the record's own fields. */
  g_assert_cmpint (json_object_get_int_member (entries->pdata[0], "id"), ==, 1);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *e = entries->pdata[i];
      g_autofree char *expect = chain_hash (prev, e);

      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (e, "id"), >, json_object_get_int_member (entries->pdata[i - 1], "id"));
      if (g_strcmp0 (expect, json_object_get_string_member (e, "hash")) != 0)
        g_test_message ("audit chain broken at record %" G_GINT64_FORMAT, json_object_get_int_member (e, "id"));
      g_assert_cmpstr (expect, ==, json_object_get_string_member (e, "hash"));
      g_free (prev);
      prev = g_strdup (expect);
    }

  verify_chain_in_database (entries);
}

/* ------------------------------------------------------------------ */

static void
setup_server (void)
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_server_start (args, NULL);
  g_assert_nonnull (server->service_token);
  tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  denials = g_ptr_array_new_with_free_func ((GDestroyNotify) denial_free);
  unit_parent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  load_units ();
  case_210103 = intake ("210103");
  case_210123 = intake ("210123");
  case_210100 = intake ("210100");
  case_dalian = intake ("210200");
}

static void
teardown_server (void)
{
  wb_test_assert_alive (server);
  wb_test_server_stop (server);
  server = NULL;
  g_clear_pointer (&tokens, g_hash_table_unref);
  g_clear_pointer (&denials, g_ptr_array_unref);
  g_clear_pointer (&unit_parent, g_hash_table_unref);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/permissions/action-matrix", test_action_matrix);
  g_test_add_func ("/server/permissions/non-readers", test_non_readers);
  g_test_add_func ("/server/permissions/cross-unit", test_cross_unit);
  g_test_add_func ("/server/permissions/cross-unit-never-offered", test_cross_unit_never_offered);
  g_test_add_func ("/server/permissions/viewer-scope", test_viewer_scope);
  g_test_add_func ("/server/permissions/statistician-scope", test_statistician_scope);
  g_test_add_func ("/server/permissions/reveal", test_reveal);
  g_test_add_func ("/server/permissions/users", test_users);
  /* Last: it checks that every denial above reached the trail. */
  g_test_add_func ("/server/permissions/audit", test_audit);
  g_test_add_func ("/server/permissions/reveal-fullwidth-blank-reason", test_reveal_fullwidth_blank_reason);

  setup_server ();
  status = g_test_run ();
  teardown_server ();
  return status;
}
