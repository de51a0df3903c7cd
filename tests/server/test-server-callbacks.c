/* test-server-callbacks.c: the callback scheduler and 好差评 against a
 * real server: the task each step files, the retry rules on the server's
 * clock, a delivery choice and a rating logged with a call, the bad
 * rating's rectification, dialling, and the agenda's filters and scope
 *
 * One demo server serves every test; each test pins the clock it needs
 * and signs in again, because moving the clock ends idle sessions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "wb-test-server.h"

#define HANDLER     "handler.210102"
#define COMPLAINT   "complaint.210102"
#define OTHER       "handler.210103"
#define CITY_VIEWER "viewer.210100"
#define OTHER_VIEWER "viewer.210103"
#define BIZADMIN    "bizadmin.210000"
#define AUDITOR     "auditor.210000"
#define UNIT        "210102"
#define ITEM        "ZA-WFZ"
#define CLEAR_PHONE "13812345678"

/* Monday 2026-03-02, 10:00 in Beijing; no holiday for weeks around. */
#define MONDAY_10AM "2026-03-02T02:00:00Z"

static WbTestServer *server;

static void
fail_reply (const char  *what,
            WbTestReply *reply)
{
  g_error ("%s answered %u: %.*s", what, reply->status,
           (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
}

static char *
sign_in_at (const char *now_iso,
            const char *user)
{
  wb_test_server_set_clock (server, now_iso);
  return wb_test_login (server, user);
}

static JsonObject *
get_ok (const char *token,
        const char *path)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  if (reply->status != 200)
    fail_reply (path, reply);
  return json_object_ref (wb_test_reply_object (reply));
}

static guint
status_of (const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, method, path, token, body);

  return reply->status;
}

static void
act (const char *token,
     gint64      id,
     const char *action,
     const char *body)
{
  g_autoptr(WbTestReply) reply = wb_test_act (server, token, id, action, body);

  if (reply->status != 200)
    fail_reply (action, reply);
}

static gint64
new_case (const char *tag)
{
  static guint counter;
  g_autofree char *upstream = g_strdup_printf ("CB-%s-%u", tag, ++counter);

  return wb_test_intake (server, upstream, ITEM, UNIT);
}

/* The case's task of that purpose as the agenda lists it, or NULL. */
static JsonObject *
find_task (const char *token,
           gint64      case_id,
           const char *purpose)
{
  g_autofree char *path = g_strdup_printf ("/callbacks?purpose=%s&limit=200", purpose);
  g_autoptr(JsonObject) page = get_ok (token, path);
  JsonArray *items = json_object_get_array_member (page, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *cb = json_array_get_object_element (items, i);

      if (json_object_get_int_member (cb, "case_id") == case_id)
        return json_object_ref (cb);
    }
  return NULL;
}

static guint
open_tasks (const char *token,
            gint64      case_id,
            const char *purpose)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/callbacks", case_id);
  g_autoptr(JsonObject) page = get_ok (token, path);
  JsonArray *items = json_object_get_array_member (page, "items");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *cb = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (cb, "kind"), purpose) &&
          g_str_equal (json_object_get_string_member (cb, "status"), "open"))
        n++;
    }
  return n;
}

static WbTestReply *
attempt (const char *token,
         gint64      callback_id,
         const char *body)
{
  g_autofree char *path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/attempts", callback_id);

  return wb_test_request (server, "POST", path, token, body);
}

static JsonObject *
attempt_ok (const char *token,
            gint64      callback_id,
            const char *body)
{
  g_autoptr(WbTestReply) reply = attempt (token, callback_id, body);

  if (reply->status != 200)
    fail_reply ("attempt", reply);
  return json_object_ref (wb_test_reply_object (reply));
}

static gint64
put_rule (const char *token,
          const char *purpose,
          const char *body)
{
  g_autofree char *path = g_strdup_printf ("/callback-rules/%s", purpose);

  return status_of ("PUT", path, token, body);
}

static gboolean
audit_has (const char *action,
           const char *object,
           const char *reason)
{
  g_autofree char *auditor = wb_test_login (server, AUDITOR);
  g_autoptr(JsonObject) page = get_ok (auditor, "/audit?limit=200");
  JsonArray *items = json_object_get_array_member (page, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (row, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member (row, "object"), object) == 0 &&
          (reason == NULL ||
           (!json_object_get_null_member (row, "reason") &&
            g_strcmp0 (json_object_get_string_member (row, "reason"), reason) == 0)))
        return TRUE;
    }
  return FALSE;
}

static char *
case_no (const char *token,
         gint64      id)
{
  g_autoptr(JsonObject) c = wb_test_get_case (server, token, id, NULL);

  return g_strdup (json_object_get_string_member (c, "case_no"));
}

/* Mail, shipped and delivered: the satisfaction call is due. */
static void
deliver_by_mail (const char *token,
                 gint64      id)
{
  act (token, id, "platform_pass", "{}");
  act (token, id, "accept", "{}");
  act (token, id, "approve", "{\"result\":\"无犯罪记录证明已开具\"}");
  act (token, id, "choose_delivery", "{\"method\":\"mail\",\"address\":\"辽宁省沈阳市和平区中山路88号\"}");
  act (token, id, "ship", "{\"courier\":\"中国邮政EMS\",\"tracking_no\":\"EMS0001\"}");
  act (token, id, "confirm_delivery", "{}");
}

static void
test_tasks_at_each_step (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *bizadmin = wb_test_login (server, BIZADMIN);
  g_autofree char *city_bizadmin = wb_test_login (server, "bizadmin.210100");
  g_autoptr(JsonObject) task = NULL;
  gint64 supplement = new_case ("supplement");
  gint64 approved = new_case ("approved");
  gint64 refused = new_case ("refused");
  gint64 mailed = new_case ("mailed");

  /* Materials missing: call at once; the handler who asked calls. */
  act (handler, supplement, "platform_pass", "{}");
  act (handler, supplement, "request_supplement", "{\"missing\":[\"居民户口簿\"]}");
  task = find_task (handler, supplement, "supplement");
  g_assert_nonnull (task);
  g_assert_cmpstr (json_object_get_string_member (task, "due_at"), ==, MONDAY_10AM);
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "open");
  g_assert_cmpint (json_object_get_int_member (task, "attempts"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task, "assignee"),
                                                  "username"), ==, HANDLER);
  g_assert_cmpstr (json_object_get_string_member (task, "unit_code"), ==, UNIT);
  g_clear_pointer (&task, json_object_unref);
  /* The case lists the same task. */
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/callbacks", supplement);
    g_autoptr(JsonObject) page = get_ok (handler, path);
    JsonObject *cb = json_array_get_object_element (json_object_get_array_member (page, "items"), 0);

    g_assert_cmpstr (json_object_get_string_member (cb, "purpose"), ==, "supplement");
    g_assert_cmpstr (json_object_get_string_member (cb, "assignee"), ==, HANDLER);
    g_assert_cmpint (json_object_get_int_member (cb, "attempts"), ==, 0);
    g_assert_true (json_object_get_null_member (cb, "last_outcome"));
  }

  /* A second request while the first call is still open files nothing. */
  act (handler, supplement, "supplement_received", "{}");
  act (handler, supplement, "request_supplement",
       "{\"missing\":[\"居民户口簿\"],\"reason\":\"补正的户口簿缺少本人页\"}");
  g_assert_cmpuint (open_tasks (handler, supplement, "supplement"), ==, 1);

  act (handler, approved, "platform_pass", "{}");
  act (handler, approved, "accept", "{}");
  g_assert_null (find_task (handler, approved, "delivery_choice"));
  act (handler, approved, "approve", "{\"result\":\"无犯罪记录证明已开具\"}");
  task = find_task (handler, approved, "delivery_choice");
  g_assert_nonnull (task);
  g_assert_cmpstr (json_object_get_string_member (task, "due_at"), ==, MONDAY_10AM);
  g_clear_pointer (&task, json_object_unref);

  /* A purpose's rule may give the call some working days. */
  g_assert_cmpuint (put_rule (bizadmin, "result_notice", "{\"due_after_working_days\":2}"), ==, 200);
  act (handler, refused, "refuse",
       "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十八条\",\"reason\":\"申请人户籍不在本辖区\"}");
  task = find_task (handler, refused, "result_notice");
  g_assert_nonnull (task);
  g_assert_cmpstr (json_object_get_string_member (task, "due_at"), ==, "2026-03-04T02:00:00Z");
  g_clear_pointer (&task, json_object_unref);
  g_assert_cmpuint (put_rule (bizadmin, "result_notice", "{\"due_after_working_days\":0}"), ==, 200);

  deliver_by_mail (handler, mailed);
  task = find_task (handler, mailed, "satisfaction");
  g_assert_nonnull (task);
  /* Satisfaction calls are anyone's on the unit's desk. */
  g_assert_true (json_object_get_null_member (task, "assignee"));
  g_clear_pointer (&task, json_object_unref);
  /* The delivery choice was recorded directly: nobody need call. */
  g_assert_cmpuint (open_tasks (handler, mailed, "delivery_choice"), ==, 0);

  /* Revisits: only the province's business administrator sets the share. */
  g_assert_cmpuint (put_rule (handler, "revisit", "{\"revisit_share_percent\":100}"), ==, 403);
  g_assert_cmpuint (put_rule (city_bizadmin, "revisit", "{\"revisit_share_percent\":100}"), ==, 403);
  g_assert_cmpuint (put_rule (bizadmin, "revisit", "{\"revisit_share_percent\":101}"), ==, 422);
  g_assert_cmpuint (put_rule (bizadmin, "satisfaction", "{\"revisit_share_percent\":5}"), ==, 422);
  g_assert_cmpuint (put_rule (bizadmin, "revisit", "{\"revisit_share_percent\":0}"), ==, 200);
  act (handler, refused, "archive", "{\"fees_collected\":0}");
  g_assert_null (find_task (handler, refused, "revisit"));
  g_assert_cmpuint (put_rule (bizadmin, "revisit", "{\"revisit_share_percent\":100}"), ==, 200);
  act (handler, mailed, "archive", "{\"fees_collected\":0}");
  task = find_task (handler, mailed, "revisit");
  g_assert_nonnull (task);
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "open");
  g_clear_pointer (&task, json_object_unref);
  g_assert_true (audit_has ("set_callback_rule", "callback_rule:revisit", NULL));

  {
    g_autoptr(JsonObject) rules = get_ok (handler, "/callback-rules");
    JsonArray *items = json_object_get_array_member (rules, "items");
    gboolean seen = FALSE;

    g_assert_cmpuint (json_array_get_length (items), ==, 6);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *rule = json_array_get_object_element (items, i);

        g_assert_false (json_object_has_member (rule, "revisit_seed"));
        if (g_str_equal (json_object_get_string_member (rule, "purpose"), "revisit"))
          {
            seen = TRUE;
            g_assert_cmpint (json_object_get_int_member (rule, "revisit_share_percent"), ==, 100);
            g_assert_cmpstr (json_object_get_string_member (rule, "updated_by"), ==, BIZADMIN);
          }
        else
          {
            g_assert_cmpint (json_object_get_int_member (rule, "retry_after_working_minutes"), ==, 120);
            g_assert_cmpint (json_object_get_int_member (rule, "max_attempts_per_day"), ==, 3);
            g_assert_cmpint (json_object_get_int_member (rule, "give_up_after_working_days"), ==, 3);
          }
      }
    g_assert_true (seen);
  }
  g_assert_cmpuint (put_rule (bizadmin, "revisit", "{\"revisit_share_percent\":10}"), ==, 200);
}

static void
test_delivery_choice_by_call (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(WbTestReply) refused = NULL;
  gint64 id = new_case ("choice");
  gint64 cb_id;

  act (handler, id, "platform_pass", "{}");
  act (handler, id, "accept", "{}");
  act (handler, id, "approve", "{\"result\":\"无犯罪记录证明已开具\"}");
  task = find_task (handler, id, "delivery_choice");
  cb_id = json_object_get_int_member (task, "id");
  before = wb_test_get_case (server, handler, id, NULL);

  /* Reached, but without the choice: refused, nothing recorded. */
  refused = attempt (handler, cb_id, "{\"outcome\":\"reached\",\"notes\":\"申请人接听\"}");
  g_assert_cmpuint (refused->status, ==, 422);
  {
    g_autoptr(JsonObject) same = wb_test_get_case (server, handler, id, NULL);
    g_autoptr(JsonObject) still = find_task (handler, id, "delivery_choice");

    g_assert_cmpint (json_object_get_int_member (same, "version"), ==,
                     json_object_get_int_member (before, "version"));
    g_assert_cmpint (json_object_get_int_member (still, "attempts"), ==, 0);
  }

  done = attempt_ok (handler, cb_id,
                     "{\"outcome\":\"reached\",\"notes\":\"申请人选择邮寄\","
                     "\"answers\":{\"delivery\":{\"method\":\"mail\",\"address\":\"辽宁省沈阳市和平区中山路88号3单元501室\"}}}");
  g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "done");
  g_assert_cmpint (json_object_get_int_member (done, "attempts"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (done, "last_outcome"), ==, "reached");
  {
    JsonArray *log = json_object_get_array_member (done, "attempt_log");
    JsonObject *row = json_array_get_object_element (log, 0);
    JsonObject *answers = json_object_get_object_member (row, "answers");

    g_assert_cmpuint (json_array_get_length (log), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (row, "caller"), ==, HANDLER);
    g_assert_cmpstr (json_object_get_string_member (row, "outcome"), ==, "reached");
    g_assert_cmpstr (json_object_get_string_member (row, "at"), ==, MONDAY_10AM);
    /* The address is in clear on the case alone. */
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answers, "delivery"),
                                                    "address"), ==, "辽宁省沈阳市和平区***");
  }

  /* The case moved as the choose_delivery action moves it. */
  after = wb_test_get_case (server, handler, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "delivering");
  g_assert_cmpstr (json_object_get_string_member (after, "stage"), ==, "mail_pending");
  g_assert_cmpstr (json_object_get_string_member (after, "delivery_method"), ==, "mail");
  g_assert_cmpint (json_object_get_int_member (after, "version"), ==,
                   json_object_get_int_member (before, "version") + 1);
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
    g_autoptr(JsonObject) history = get_ok (handler, path);
    JsonArray *rows = json_object_get_array_member (history, "items");
    JsonObject *last = json_array_get_object_element (rows, json_array_get_length (rows) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "choose_delivery");
    g_assert_cmpstr (json_object_get_string_member (last, "actor"), ==, HANDLER);
  }

  /* A closed task takes no more calls. */
  g_clear_pointer (&refused, wb_test_reply_free);
  refused = attempt (handler, cb_id, "{\"outcome\":\"no_answer\"}");
  g_assert_cmpuint (refused->status, ==, 409);
}

static void
test_bad_rating (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *complaint = wb_test_login (server, COMPLAINT);
  g_autofree char *city_viewer = wb_test_login (server, CITY_VIEWER);
  g_autofree char *other_viewer = wb_test_login (server, OTHER_VIEWER);
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  gint64 id = new_case ("rating");
  JsonObject *rating;
  gint64 rect_id = 0;

  deliver_by_mail (handler, id);
  task = find_task (complaint, id, "satisfaction");

  /* Reached, the applicant rates 不满意 (2) with a comment. */
  reply = attempt (complaint, json_object_get_int_member (task, "id"),
                   "{\"outcome\":\"reached\",\"answers\":{\"rating\":{\"level\":9}}}");
  g_assert_cmpuint (reply->status, ==, 422);
  {
    g_autoptr(JsonObject) done = attempt_ok (complaint, json_object_get_int_member (task, "id"),
                                             "{\"outcome\":\"reached\",\"answers\":{\"rating\":"
                                             "{\"level\":2,\"comment\":\"等了很久才收到\"}}}");

    g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "done");
  }

  c = wb_test_get_case (server, handler, id, NULL);
  rating = json_object_get_object_member (c, "rating");
  g_assert_nonnull (rating);
  g_assert_cmpint (json_object_get_int_member (rating, "level"), ==, 2);
  g_assert_true (json_object_get_boolean_member (rating, "bad"));
  g_assert_cmpstr (json_object_get_string_member (rating, "comment"), ==, "等了很久才收到");
  g_assert_cmpstr (json_object_get_string_member (rating, "source"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (rating, "rated_by"), ==, COMPLAINT);

  /* The rectification: called back within one working day (Tuesday
   * 10:00), rectified within five (Monday 03-09). */
  {
    g_autoptr(JsonObject) page = get_ok (complaint, "/rectifications?status=open");
    JsonArray *items = json_object_get_array_member (page, "items");

    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *r = json_array_get_object_element (items, i);

        if (json_object_get_int_member (r, "case_id") != id)
          continue;
        rect_id = json_object_get_int_member (r, "id");
        g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "open");
        g_assert_cmpstr (json_object_get_string_member (r, "unit_code"), ==, UNIT);
        g_assert_cmpint (json_object_get_int_member (r, "rating_level"), ==, 2);
        g_assert_cmpstr (json_object_get_string_member (r, "callback_due_at"), ==, "2026-03-03T02:00:00Z");
        g_assert_cmpstr (json_object_get_string_member (r, "deadline"), ==, "2026-03-09");
      }
    g_assert_cmpint (rect_id, >, 0);
  }
  /* Supervisors above the unit see it; another district and handlers do not. */
  {
    g_autoptr(JsonObject) page = get_ok (city_viewer, "/rectifications?status=open");
    g_autoptr(JsonObject) other = get_ok (other_viewer, "/rectifications");
    JsonArray *items = json_object_get_array_member (page, "items");
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (items); i++)
      seen |= json_object_get_int_member (json_array_get_object_element (items, i), "id") == rect_id;
    g_assert_true (seen);
    items = json_object_get_array_member (other, "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, i), "id"), !=,
                       rect_id);
    g_assert_cmpuint (status_of ("GET", "/rectifications", handler, NULL), ==, 403);
  }

  /* The complaint desk's bad-rating call, due by Tuesday 10:00. */
  bad = find_task (complaint, id, "bad_rating");
  g_assert_nonnull (bad);
  g_assert_cmpstr (json_object_get_string_member (bad, "due_at"), ==, "2026-03-03T02:00:00Z");
  g_assert_true (json_object_get_null_member (bad, "assignee"));
  g_clear_pointer (&reply, wb_test_reply_free);
  reply = attempt (complaint, json_object_get_int_member (bad, "id"), "{\"outcome\":\"reached\"}");
  g_assert_cmpuint (reply->status, ==, 422);
  {
    g_autoptr(JsonObject) done = attempt_ok (complaint, json_object_get_int_member (bad, "id"),
                                             "{\"outcome\":\"reached\",\"notes\":\"已核实，快递延误，已致歉\"}");

    g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "done");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (done, "assignee"),
                                                    "username"), ==, COMPLAINT);
  }

  /* A mailed certificate is not rated at the window. */
  g_clear_pointer (&reply, wb_test_reply_free);
  {
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/rating", id);
    g_assert_cmpuint (status_of ("POST", path, handler, "{\"level\":5,\"source\":\"window\"}"), ==, 409);
  }
}

/* Window pickup through hand-over. */
static void
hand_over_at_window (const char *handler,
                     gint64      id)
{
  g_autofree char *bizadmin = wb_test_login (server, "bizadmin.210102");
  gint64 slot_id;

  act (handler, id, "platform_pass", "{}");
  act (handler, id, "accept", "{}");
  act (handler, id, "approve", "{\"result\":\"无犯罪记录证明已开具\"}");
  act (handler, id, "choose_delivery", "{\"method\":\"window\"}");
  act (handler, id, "print_ready", "{}");
  {
    g_autoptr(WbTestReply) put = wb_test_request (server, "PUT", "/units/" UNIT "/pickup-capacity/2026-03-03",
                                                  bizadmin,
                                                  "{\"slots\":[{\"start\":\"09:00\",\"end\":\"10:00\",\"capacity\":5}]}");
    g_autoptr(JsonObject) slots = NULL;
    JsonArray *items;

    if (put->status != 200)
      fail_reply ("pickup-capacity", put);
    slots = get_ok (handler, "/units/" UNIT "/pickup-slots?from=2026-03-03&to=2026-03-03");
    items = json_object_get_array_member (slots, "items");
    g_assert_cmpuint (json_array_get_length (items), >=, 1);
    slot_id = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", slot_id);
    act (handler, id, "book_pickup", body);
  }
  act (handler, id, "hand_over", "{\"collector\":\"applicant\"}");
}

/* The status of the case's one task of @purpose. */
static char *
task_status (const char *token,
             gint64      case_id,
             const char *purpose,
             gint64     *attempts)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/callbacks", case_id);
  g_autoptr(JsonObject) page = get_ok (token, path);
  JsonArray *items = json_object_get_array_member (page, "items");
  char *status = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *cb = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (cb, "kind"), purpose))
        {
          g_assert_null (status);
          status = g_strdup (json_object_get_string_member (cb, "status"));
          *attempts = json_object_get_int_member (cb, "attempts");
        }
    }
  g_assert_nonnull (status);
  return status;
}

/* Window pickup through hand-over, then rated at the window. */
static void
test_window_rating (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  g_autoptr(JsonObject) c = NULL;
  gint64 id = new_case ("window");
  gint64 attempts = -1;

  hand_over_at_window (handler, id);
  g_assert_cmpuint (open_tasks (handler, id, "satisfaction"), ==, 1);

  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/rating", id);
  g_assert_cmpuint (status_of ("POST", path, handler, "{\"level\":0}"), ==, 400);
  g_assert_cmpuint (status_of ("POST", path, handler, "{\"level\":5,\"source\":\"call\"}"), ==, 422);
  {
    g_autofree char *other = wb_test_login (server, OTHER);
    g_assert_cmpuint (status_of ("POST", path, other, "{\"level\":5}"), ==, 403);
  }
  g_assert_cmpuint (status_of ("POST", path, handler,
                               "{\"level\":5,\"comment\":\"窗口服务热情\",\"source\":\"window\"}"), ==, 201);
  g_assert_cmpuint (status_of ("POST", path, handler, "{\"level\":4,\"source\":\"window\"}"), ==, 409);

  c = wb_test_get_case (server, handler, id, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "rating"), "level"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "rating"), "source"),
                   ==, "window");
  /* Rated at the window: the satisfaction call has its answer and is
   * done without a call, and a good rating opens nothing. */
  g_assert_cmpuint (open_tasks (handler, id, "satisfaction"), ==, 0);
  status = task_status (handler, id, "satisfaction", &attempts);
  g_assert_cmpstr (status, ==, "done");
  g_assert_cmpint (attempts, ==, 0);
  g_assert_cmpuint (open_tasks (handler, id, "bad_rating"), ==, 0);
}

/* One satisfaction rating per case: rated on the call, the applicant
 * is not rated again at the window. */
static void
test_rated_on_call_then_window (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *complaint = wb_test_login (server, COMPLAINT);
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(WbTestReply) second = NULL;
  gint64 id = new_case ("call-then-window");
  gint64 cb_id;

  hand_over_at_window (handler, id);
  task = find_task (complaint, id, "satisfaction");
  g_assert_nonnull (task);
  cb_id = json_object_get_int_member (task, "id");
  g_clear_pointer (&task, json_object_unref);
  task = attempt_ok (complaint, cb_id, "{\"outcome\":\"reached\",\"answers\":{\"rating\":{\"level\":4}}}");
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "done");

  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/rating", id);
  second = wb_test_request (server, "POST", path, handler, "{\"level\":1,\"source\":\"window\"}");
  g_assert_cmpuint (second->status, ==, 409);
  g_assert_nonnull (strstr (json_object_get_string_member (
    json_object_get_object_member (wb_test_reply_object (second), "error"), "message"), "satisfaction call"));

  c = wb_test_get_case (server, handler, id, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "rating"), "level"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "rating"), "source"),
                   ==, "call");
  /* The refused 1 opened no rectification. */
  g_assert_cmpuint (open_tasks (handler, id, "bad_rating"), ==, 0);
}

static void
test_reveal_phone (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *other = wb_test_login (server, OTHER);
  g_autofree char *viewer = wb_test_login (server, CITY_VIEWER);
  g_autofree char *number = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) task = NULL;
  gint64 id = new_case ("reveal");
  gint64 cb_id;

  act (handler, id, "platform_pass", "{}");
  act (handler, id, "request_supplement", "{\"missing\":[\"居民户口簿\"]}");
  task = find_task (handler, id, "supplement");
  cb_id = json_object_get_int_member (task, "id");
  number = case_no (handler, id);
  path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/reveal-phone", cb_id);

  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", path, handler, "{}");
    JsonObject *obj;

    g_assert_cmpuint (reply->status, ==, 200);
    obj = wb_test_reply_object (reply);
    g_assert_cmpstr (json_object_get_string_member (obj, "phone"), ==, CLEAR_PHONE);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==, "no-store");
  }
  g_assert_true (audit_has ("reveal", number, "callback"));

  /* Another district's handler and a supervisor may not dial. */
  g_assert_cmpuint (status_of ("POST", path, other, "{}"), ==, 403);
  g_assert_cmpuint (status_of ("POST", path, viewer, "{}"), ==, 403);

  /* Closed: nobody to dial. The desk retries a call log whose answer it
   * lost under the same key: the call is logged once. */
  {
    g_autofree char *attempts = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/attempts", cb_id);
    const char *body = "{\"outcome\":\"refused\",\"notes\":\"不愿通话\"}";
    const char *headers[] = { "Idempotency-Key", "call-log-reveal-1", NULL };
    g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
    g_autoptr(GBytes) busy = g_bytes_new_static ("{\"outcome\":\"busy\"}", strlen ("{\"outcome\":\"busy\"}"));
    g_autoptr(WbTestReply) first = wb_test_request_full (server, "POST", attempts, handler, headers, NULL, bytes);
    g_autoptr(WbTestReply) again = wb_test_request_full (server, "POST", attempts, handler, headers, NULL, bytes);
    g_autoptr(WbTestReply) misuse = wb_test_request_full (server, "POST", attempts, handler, headers, NULL, busy);
    JsonObject *done;

    g_assert_cmpuint (first->status, ==, 200);
    done = wb_test_reply_object (first);
    g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "done");
    g_assert_cmpint (json_object_get_int_member (done, "attempts"), ==, 1);
    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==, "true");
    g_assert_cmpint (json_object_get_int_member (wb_test_reply_object (again), "attempts"), ==, 1);
    g_assert_cmpuint (misuse->status, ==, 422);
  }
  g_assert_cmpuint (status_of ("POST", path, handler, "{}"), ==, 409);
}

static gboolean
list_has (JsonObject *page,
          gint64      cb_id)
{
  JsonArray *items = json_object_get_array_member (page, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (json_object_get_int_member (json_array_get_object_element (items, i), "id") == cb_id)
      return TRUE;
  return FALSE;
}

static void
test_list_filters (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *complaint = wb_test_login (server, COMPLAINT);
  g_autofree char *other = wb_test_login (server, OTHER);
  g_autofree char *city_viewer = wb_test_login (server, CITY_VIEWER);
  g_autofree char *other_viewer = wb_test_login (server, OTHER_VIEWER);
  g_autofree char *auditor = wb_test_login (server, AUDITOR);
  g_autoptr(JsonObject) supplement = NULL;
  g_autoptr(JsonObject) satisfaction = NULL;
  gint64 a = new_case ("list-a");
  gint64 b = new_case ("list-b");
  gint64 sup_id, sat_id;

  act (handler, a, "platform_pass", "{}");
  act (handler, a, "request_supplement", "{\"missing\":[\"居民户口簿\"]}");
  deliver_by_mail (handler, b);
  supplement = find_task (handler, a, "supplement");
  satisfaction = find_task (handler, b, "satisfaction");
  sup_id = json_object_get_int_member (supplement, "id");
  sat_id = json_object_get_int_member (satisfaction, "id");

  /* Each item names the case and the applicant, masked. */
  g_assert_cmpstr (json_object_get_string_member (supplement, "item_name"), ==, "无犯罪记录证明");
  g_assert_cmpstr (json_object_get_string_member (supplement, "purpose"), ==, "supplement");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (supplement, "applicant"),
                                                  "name"), ==, "欧阳**");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (supplement, "applicant"),
                                                  "phone"), ==, "138****5678");
  {
    g_autoptr(WbTestReply) raw = wb_test_request (server, "GET", "/callbacks?limit=200", handler, NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (raw->body, NULL), g_bytes_get_size (raw->body));

    g_assert_null (strstr (text, CLEAR_PHONE));
    g_assert_null (strstr (text, "欧阳娜娜"));
  }

  /* Purpose, assignee and status. */
  {
    g_autoptr(JsonObject) both = get_ok (handler, "/callbacks?purpose=supplement,satisfaction&status=open&limit=200");
    g_autoptr(JsonObject) mine = get_ok (handler, "/callbacks?assignee=me&limit=200");
    g_autoptr(JsonObject) nobody = get_ok (handler, "/callbacks?assignee=none&limit=200");
    g_autoptr(JsonObject) done = get_ok (handler, "/callbacks?status=done&limit=200");
    g_autoptr(JsonObject) only_sat = get_ok (complaint, "/callbacks?purpose=satisfaction&limit=200");

    g_assert_true (list_has (both, sup_id) && list_has (both, sat_id));
    g_assert_true (list_has (mine, sup_id) && !list_has (mine, sat_id));
    g_assert_true (!list_has (nobody, sup_id) && list_has (nobody, sat_id));
    g_assert_true (!list_has (done, sup_id) && !list_has (done, sat_id));
    g_assert_true (!list_has (only_sat, sup_id) && list_has (only_sat, sat_id));
  }
  g_assert_cmpuint (status_of ("GET", "/callbacks?purpose=lunch", handler, NULL), ==, 400);
  g_assert_cmpuint (status_of ("GET", "/callbacks?assignee=bob", handler, NULL), ==, 400);
  g_assert_cmpuint (status_of ("GET", "/callbacks?due_before=tomorrow", handler, NULL), ==, 400);

  /* The due window, and the order by due time: reschedule one. */
  {
    g_autoptr(JsonObject) later = attempt_ok (handler, sup_id,
                                              "{\"outcome\":\"call_later\",\"call_back_at\":\"2026-03-04T15:00:00+08:00\"}");
    g_autoptr(JsonObject) early = NULL;
    g_autoptr(JsonObject) late = NULL;
    g_autoptr(JsonObject) page1 = NULL;
    JsonArray *items;
    const char *prev = "";

    g_assert_cmpstr (json_object_get_string_member (later, "due_at"), ==, "2026-03-04T07:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (later, "status"), ==, "open");
    early = get_ok (handler, "/callbacks?due_before=2026-03-03T00:00:00%2B08:00&limit=200");
    late = get_ok (handler, "/callbacks?due_after=2026-03-04T00:00:00%2B08:00&limit=200");
    g_assert_true (!list_has (early, sup_id) && list_has (early, sat_id));
    g_assert_true (list_has (late, sup_id) && !list_has (late, sat_id));

    /* Paged one at a time, the pages follow on in due order. */
    page1 = get_ok (handler, "/callbacks?limit=1");
    g_assert_false (json_object_get_null_member (page1, "next_cursor"));
    {
      g_autofree char *cursor = g_uri_escape_string (json_object_get_string_member (page1, "next_cursor"),
                                                     NULL, TRUE);
      g_autofree char *path2 = g_strdup_printf ("/callbacks?limit=200&cursor=%s", cursor);
      g_autoptr(JsonObject) rest = get_ok (handler, path2);
      gint64 first = json_object_get_int_member (json_array_get_object_element (
        json_object_get_array_member (page1, "items"), 0), "id");

      g_assert_false (list_has (rest, first));
      items = json_object_get_array_member (rest, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          const char *due = json_object_get_string_member (json_array_get_object_element (items, i), "due_at");
          g_assert_cmpstr (prev, <=, due);
          prev = due;
        }
    }
  }

  /* Scope: the unit's own desks, supervisors above it, nobody else. */
  {
    g_autoptr(JsonObject) theirs = get_ok (other, "/callbacks?limit=200");
    g_autoptr(JsonObject) city = get_ok (city_viewer, "/callbacks?unit=" UNIT "&limit=200");
    g_autoptr(JsonObject) district = get_ok (other_viewer, "/callbacks?limit=200");
    g_autofree char *detail_path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT, sup_id);
    g_autofree char *attempt_path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/attempts", sup_id);

    g_assert_false (list_has (theirs, sup_id));
    g_assert_true (list_has (city, sup_id));
    g_assert_false (list_has (district, sup_id));
    g_assert_cmpuint (status_of ("GET", "/callbacks?unit=" UNIT, other, NULL), ==, 403);
    g_assert_cmpuint (status_of ("GET", "/callbacks", auditor, NULL), ==, 403);
    g_assert_cmpuint (status_of ("GET", detail_path, other, NULL), ==, 403);
    g_assert_cmpuint (status_of ("GET", detail_path, city_viewer, NULL), ==, 200);
    /* Supervisors read; only the unit's desks call. */
    g_assert_cmpuint (status_of ("POST", attempt_path, city_viewer, "{\"outcome\":\"busy\"}"), ==, 403);
    g_assert_cmpuint (status_of ("POST", attempt_path, other, "{\"outcome\":\"busy\"}"), ==, 403);
    g_assert_cmpuint (status_of ("POST", attempt_path, handler, "{\"outcome\":\"maybe\"}"), ==, 400);
    g_assert_cmpuint (status_of ("POST", attempt_path, handler, "{\"outcome\":\"call_later\"}"), ==, 422);
  }
}

static gint64
outbox_rows (gint64      case_id,
             const char *action,
             char      **text)
{
  g_autofree char *path = wb_test_server_db_path (server);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT channel, text FROM outbox WHERE case_id = ?1 AND action = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "sms");
      if (text != NULL)
        *text = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* One unanswered call at @now_iso; returns the task afterwards. */
static JsonObject *
no_answer_at (const char *now_iso,
              gint64      cb_id,
              const char *outcome)
{
  g_autofree char *token = sign_in_at (now_iso, COMPLAINT);
  g_autofree char *body = g_strdup_printf ("{\"outcome\":\"%s\",\"notes\":\"无人接听\"}", outcome);

  return attempt_ok (token, cb_id, body);
}

static void
assert_due (JsonObject *task,
            const char *due_utc,
            gint64      attempts)
{
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (task, "due_at"), ==, due_utc);
  g_assert_cmpint (json_object_get_int_member (task, "attempts"), ==, attempts);
}

static void
test_retry_rules (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *number = NULL;
  g_autofree char *sms = NULL;
  g_autoptr(JsonObject) task = NULL;
  gint64 id = new_case ("retry");
  gint64 cb_id;

  deliver_by_mail (handler, id);
  task = find_task (handler, id, "satisfaction");
  cb_id = json_object_get_int_member (task, "id");
  number = case_no (handler, id);
  g_clear_pointer (&task, json_object_unref);

  /* Monday 10:00 and 12:00: unanswered, two working hours apart. */
  task = no_answer_at (MONDAY_10AM, cb_id, "no_answer");
  assert_due (task, "2026-03-02T04:00:00Z", 1);
  g_assert_cmpstr (json_object_get_string_member (task, "last_outcome"), ==, "no_answer");
  /* Three working days from the first unanswered call. */
  g_assert_cmpstr (json_object_get_string_member (task, "give_up_at"), ==, "2026-03-05T02:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (task, "assignee"),
                                                  "username"), ==, COMPLAINT);
  g_clear_pointer (&task, json_object_unref);
  task = no_answer_at ("2026-03-02T04:00:00Z", cb_id, "busy");
  assert_due (task, "2026-03-02T06:00:00Z", 2);
  g_clear_pointer (&task, json_object_unref);
  /* 14:00 is the third call of the day: the fourth waits for Tuesday 09:00. */
  task = no_answer_at ("2026-03-02T06:00:00Z", cb_id, "no_answer");
  assert_due (task, "2026-03-03T01:00:00Z", 3);
  g_clear_pointer (&task, json_object_unref);

  /* Tuesday 16:00: two hours later is after 17:00, so Wednesday 09:00. */
  task = no_answer_at ("2026-03-03T08:00:00Z", cb_id, "no_answer");
  assert_due (task, "2026-03-04T01:00:00Z", 4);
  g_clear_pointer (&task, json_object_unref);

  /* Thursday 09:30: still within the three days; next try 11:30. */
  task = no_answer_at ("2026-03-05T01:30:00Z", cb_id, "no_answer");
  assert_due (task, "2026-03-05T03:30:00Z", 5);
  g_clear_pointer (&task, json_object_unref);
  g_assert_cmpint (outbox_rows (id, "callback_unreachable", NULL), ==, 0);

  /* Thursday 10:00: three working days without reaching the applicant.
   * The desks' change-feed poll closes the task, agenda open or not. */
  {
    g_autofree char *complaint = sign_in_at ("2026-03-05T02:00:00Z", COMPLAINT);
    g_autofree char *path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT, cb_id);
    g_autoptr(JsonObject) feed = get_ok (complaint, "/changes?since=0&limit=1000");
    g_autoptr(JsonObject) closed = NULL;
    g_autoptr(WbTestReply) late = NULL;
    JsonArray *log;

    g_assert_cmpint (outbox_rows (id, "callback_unreachable", NULL), ==, 1);

    closed = get_ok (complaint, path);
    log = json_object_get_array_member (closed, "attempt_log");

    g_assert_cmpstr (json_object_get_string_member (closed, "status"), ==, "unreachable");
    g_assert_cmpstr (json_object_get_string_member (closed, "closed_at"), ==, "2026-03-05T02:00:00Z");
    g_assert_cmpuint (json_array_get_length (log), ==, 5);

    /* One SMS, by the outbox, naming the case but no personal data. */
    g_assert_cmpint (outbox_rows (id, "callback_unreachable", &sms), ==, 1);
    g_assert_nonnull (strstr (sms, number));
    g_assert_null (strstr (sms, CLEAR_PHONE));

    late = attempt (complaint, cb_id, "{\"outcome\":\"reached\",\"answers\":{\"rating\":{\"level\":5}}}");
    g_assert_cmpuint (late->status, ==, 409);

    /* Listing again sweeps nothing twice. */
    g_clear_pointer (&closed, json_object_unref);
    closed = get_ok (complaint, "/callbacks?status=unreachable&limit=200");
    g_assert_true (list_has (closed, cb_id));
    g_assert_cmpint (outbox_rows (id, "callback_unreachable", NULL), ==, 1);
  }

  /* A wrong number closes the task at once, with no SMS to a stranger. */
  {
    g_autofree char *token = sign_in_at ("2026-03-05T02:00:00Z", HANDLER);
    gint64 other = new_case ("wrong-number");
    g_autoptr(JsonObject) sup = NULL;
    g_autoptr(JsonObject) closed = NULL;

    act (token, other, "platform_pass", "{}");
    act (token, other, "request_supplement", "{\"missing\":[\"居民户口簿\"]}");
    sup = find_task (token, other, "supplement");
    closed = attempt_ok (token, json_object_get_int_member (sup, "id"), "{\"outcome\":\"wrong_number\"}");
    g_assert_cmpstr (json_object_get_string_member (closed, "status"), ==, "unreachable");
    g_assert_cmpint (outbox_rows (other, "callback_unreachable", NULL), ==, 0);
  }
}

static void
audit_refuses_inserts (gboolean refuse)
{
  g_autofree char *path = wb_test_server_db_path (server);
  char *errmsg = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 15000);
  if (sqlite3_exec (db, refuse
                    ? "CREATE TRIGGER test_audit_full BEFORE INSERT ON audit "
                      "BEGIN SELECT RAISE(ABORT, 'test: audit refuses inserts'); END"
                    : "DROP TRIGGER test_audit_full",
                    NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s", errmsg);
  sqlite3_close (db);
}

/* 503, and nothing of the applicant's in the answer. */
static void
assert_unrecorded (const char *method,
                   const char *path,
                   const char *token,
                   const char *body)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, method, path, token, body);
  g_autofree char *text = g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));

  if (reply->status != 503)
    fail_reply (path, reply);
  g_assert_cmpstr (wb_test_reply_error_code (reply), ==, "unavailable");
  g_assert_null (strstr (text, CLEAR_PHONE));
  g_assert_null (strstr (text, "欧阳"));
  g_assert_null (strstr (text, "11010519491231002X"));
  g_assert_null (strstr (text, "%PDF"));
}

/* Personal data shown without its audit record would be a read nobody
 * can account for: when the trail cannot take the row, the data stays
 * on the server. */
static void
test_unrecorded_reads_refused (void)
{
  g_autofree char *handler = sign_in_at (MONDAY_10AM, HANDLER);
  g_autofree char *case_path = NULL;
  g_autofree char *reveal_path = NULL;
  g_autofree char *preview_path = NULL;
  g_autofree char *content_path = NULL;
  g_autofree char *cb_path = NULL;
  g_autofree char *phone_path = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(JsonObject) materials = NULL;
  const char *reason = "{\"reason\":\"核对送达地址\"}";
  gint64 id = new_case ("unrecorded");
  gint64 review = new_case ("unrecorded-preview");
  gint64 cb_id;

  act (handler, id, "platform_pass", "{}");
  act (handler, id, "request_supplement", "{\"missing\":[\"居民户口簿\"]}");
  act (handler, review, "platform_pass", "{}");
  task = find_task (handler, id, "supplement");
  cb_id = json_object_get_int_member (task, "id");
  case_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, id);
  reveal_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/reveal", id);
  preview_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/notice-preview", review);
  {
    g_autofree char *list = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
    materials = get_ok (handler, list);
  }
  content_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/content", id,
                                  json_object_get_int_member (json_array_get_object_element (
                                    json_object_get_array_member (materials, "items"), 0), "id"));
  cb_path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT, cb_id);
  phone_path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/reveal-phone", cb_id);

  audit_refuses_inserts (TRUE);
  assert_unrecorded ("POST", reveal_path, handler, reason);
  assert_unrecorded ("POST", phone_path, handler, "{}");
  assert_unrecorded ("GET", cb_path, handler, NULL);
  assert_unrecorded ("GET", case_path, handler, NULL);
  assert_unrecorded ("GET", content_path, handler, NULL);
  assert_unrecorded ("POST", preview_path, handler,
                     "{\"action\":\"request_supplement\",\"missing\":[\"居民户口簿\"]}");
  audit_refuses_inserts (FALSE);

  /* The same requests answer once the trail takes rows again. */
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", reveal_path, handler, reason);

    if (reply->status != 200)
      fail_reply (reveal_path, reply);
    g_assert_cmpstr (json_object_get_string_member (wb_test_reply_object (reply), "phone"), ==, CLEAR_PHONE);
  }
  g_assert_cmpuint (status_of ("POST", phone_path, handler, "{}"), ==, 200);
  g_assert_cmpuint (status_of ("GET", content_path, handler, NULL), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo-scale", "1", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  server = wb_test_server_start (args, MONDAY_10AM);

  g_test_add_func ("/callbacks/tasks-at-each-step", test_tasks_at_each_step);
  g_test_add_func ("/callbacks/delivery-choice-by-call", test_delivery_choice_by_call);
  g_test_add_func ("/callbacks/bad-rating", test_bad_rating);
  g_test_add_func ("/callbacks/window-rating", test_window_rating);
  g_test_add_func ("/callbacks/rated-on-call-then-window", test_rated_on_call_then_window);
  g_test_add_func ("/callbacks/reveal-phone", test_reveal_phone);
  g_test_add_func ("/callbacks/list-filters", test_list_filters);
  g_test_add_func ("/callbacks/retry-rules", test_retry_rules);
  g_test_add_func ("/callbacks/unrecorded-reads-refused", test_unrecorded_reads_refused);
  status = g_test_run ();
  wb_test_server_stop (server);
  return status;
}
