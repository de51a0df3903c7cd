/* test-desk-callbacks.c: the Callbacks view against a real server and its
 * clock: the agenda's groups at a given time and a row moving from later
 * today to due now without a reload, the notification when it falls due
 * and its click, the log-call dialog for every purpose with its
 * validation, and dialling, which the audit trail records
 *
 * The desk groups by its own clock; the test pins it to the server's
 * clock file (wb_callbacks_view_set_now) so both agree. Sessions are
 * made to outlast the clock's jumps.
 *
 * Notifications: under the test's private session bus nothing owns
 * org.freedesktop.Notifications, and GLib's fallback backend warns
 * (fatal here) when the call fails. The test therefore captures them
 * through the application's notification hook, which stands where
 * g_application_send_notification() is called.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "callbacks/wb-call-dialog.h"
#include "callbacks/wb-callbacks-view.h"
#include "wb-test-desk.h"

#define HANDLER     "handler.210102"
#define COMPLAINT   "complaint.210102"
#define CLEAR_PHONE "13812345678"

/* Monday 2026-03-02 in Beijing (UTC+8): 09:30, 10:00, 14:00, 14:01. */
#define MON_0930 "2026-03-02T01:30:00Z"
#define MON_1000 "2026-03-02T02:00:00Z"
#define MON_1400 "2026-03-02T06:00:00Z"
#define MON_1401 "2026-03-02T06:01:00Z"
#define TUE_1000 "2026-03-03T02:00:00Z"

static WbTestServer *server;
static GPtrArray *notified;
static char *last_notice;

static void
on_notification_cb (const char    *id,
                    GNotification *notification,
                    gpointer       user_data)
{
  g_ptr_array_add (notified, g_strdup (id));
}

static gboolean
was_notified (gint64 callback_id)
{
  g_autofree char *id = g_strdup_printf ("callback-%" G_GINT64_FORMAT, callback_id);

  for (guint i = 0; i < notified->len; i++)
    if (g_str_equal (notified->pdata[i], id))
      return TRUE;
  return FALSE;
}

static void
on_notice_cb (WbContext  *context,
              const char *message,
              gpointer    user_data)
{
  g_free (last_notice);
  last_notice = g_strdup (message);
}

static WbWindow *
signed_in_window (const char *username)
{
  WbWindow *window = wb_test_desk_signed_in_window (username);

  g_signal_connect (wb_window_get_context (window), "notice", G_CALLBACK (on_notice_cb), NULL);
  return window;
}

static gboolean
view_idle (gpointer data)
{
  return !wb_callbacks_view_is_loading (data);
}

/* Opens the Callbacks tab from the sidebar, its clock at @now_iso. */
static WbCallbacksView *
open_agenda (WbWindow   *window,
             const char *now_iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, NULL);
  GtkListBoxRow *row = wb_test_sidebar_row (window, "callbacks");
  WbCallbacksView *view;

  g_assert_nonnull (row);
  g_signal_emit_by_name (wb_window_get_sidebar (window), "row-activated", row);
  view = WB_CALLBACKS_VIEW (wb_window_get_callbacks (window));
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (view)) != NULL);
  wb_callbacks_view_set_now (view, now);
  wb_callbacks_view_reload (view);
  wb_test_wait_for (view_idle, view, "the agenda to load");
  return view;
}

static void
set_now (WbCallbacksView *view,
         const char      *now_iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, NULL);

  wb_test_server_set_clock (server, now_iso);
  wb_callbacks_view_set_now (view, now);
}

static gint64
new_case (const char *tag)
{
  static guint counter;
  g_autofree char *upstream = g_strdup_printf ("DESK-CB-%s-%u", tag, ++counter);

  return wb_test_intake (server, upstream, "ZA-WFZ", "210102");
}

/* The case's open task of @purpose, as the agenda API lists it. */
static gint64
task_of (const char *token,
         gint64      case_id,
         const char *purpose)
{
  g_autofree char *path = g_strdup_printf ("/callbacks?status=open&limit=200&purpose=%s", purpose);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *cb = json_array_get_object_element (items, i);

      if (json_object_get_int_member (cb, "case_id") == case_id)
        return json_object_get_int_member (cb, "id");
    }
  return 0;
}

static JsonObject *
task_detail (const char *token,
             gint64      callback_id)
{
  g_autofree char *path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT, callback_id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_ref (wb_test_reply_object (reply));
}

static void
call_later_via_api (const char *token,
                    gint64      callback_id,
                    const char *when)
{
  g_autofree char *path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/attempts", callback_id);
  g_autofree char *body = g_strdup_printf ("{\"outcome\":\"call_later\",\"call_back_at\":\"%s\"}", when);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", path, token, body);

  g_assert_cmpuint (reply->status, ==, 200);
}

static gint64
supplement_case (const char *token,
                 const char *tag)
{
  gint64 id = new_case (tag);

  wb_test_act_ok (token, id, "platform_pass", NULL);
  wb_test_act_ok (token, id, "request_supplement", "{\"missing\":[\"居民户口簿\",\"近期免冠照片\"]}");
  return id;
}

static gint64
approved_case (const char *token,
               const char *tag)
{
  gint64 id = new_case (tag);

  wb_test_act_ok (token, id, "platform_pass", NULL);
  wb_test_act_ok (token, id, "accept", NULL);
  wb_test_act_ok (token, id, "approve", "{\"result\":\"经查询，申请人无犯罪记录，准予出具证明。\"}");
  return id;
}

static gint64
delivered_case (const char *token,
                const char *tag)
{
  gint64 id = approved_case (token, tag);

  wb_test_act_ok (token, id, "choose_delivery", "{\"method\":\"mail\",\"address\":\"辽宁省沈阳市和平区中山路88号\"}");
  wb_test_act_ok (token, id, "ship", "{\"courier\":\"中国邮政 EMS\",\"tracking_no\":\"EA000000001CN\"}");
  wb_test_act_ok (token, id, "confirm_delivery", NULL);
  return id;
}

static WbCallDialog *
find_dialog (void)
{
  return (WbCallDialog *) wb_test_find_toplevel (WB_TYPE_CALL_DIALOG);
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
can_log (WbCallDialog *dialog)
{
  return gtk_widget_get_sensitive (wb_test_field (dialog, "log"));
}

/* Selects the task's row and presses Ctrl+L's action. */
static WbCallDialog *
open_call (WbCallbacksView *view,
           gint64           callback_id)
{
  WbCallDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (wb_callbacks_view_select (view, callback_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "callbacks.log-call", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (wb_call_dialog_get_id (dialog), ==, callback_id);
  /* Nothing chosen yet, so nothing to log. */
  g_assert_false (can_log (dialog));
  return dialog;
}

typedef struct
{
  WbCallbacksView *view;
  gint64           id;
  int              group;   /* -1: not listed */
} GroupWait;

static gboolean
group_is (gpointer data)
{
  GroupWait *g = data;

  return !wb_callbacks_view_is_loading (g->view) &&
         wb_callbacks_view_get_group (g->view, g->id) == g->group;
}

static void
wait_group (WbCallbacksView *view,
            gint64           id,
            int              group)
{
  GroupWait g = { view, id, group };

  wb_test_wait_for (group_is, &g, "a task to reach its group");
}

/* Logs the dialog's call and waits for the agenda to show its effect. */
static void
log_call (WbCallbacksView *view,
          WbCallDialog    *dialog,
          int              group_after)
{
  gint64 id = wb_call_dialog_get_id (dialog);

  g_assert_true (can_log (dialog));
  g_clear_pointer (&last_notice, g_free);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "call.log", NULL);
  wb_test_wait_for (no_dialog, NULL, "the call dialog to close");
  g_assert_nonnull (last_notice);
  wait_group (view, id, group_after);
}

static gboolean
audit_has (const char *action,
           const char *object,
           const char *reason)
{
  g_autofree char *auditor = wb_test_login (server, "auditor.210000");
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/audit?limit=200", auditor, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *row = json_array_get_object_element (items, i);
      JsonNode *r = json_object_get_member (row, "reason");

      if (g_strcmp0 (json_object_get_string_member (row, "action"), action) == 0 &&
          g_strcmp0 (json_object_get_string_member (row, "object"), object) == 0 &&
          r != NULL && !JSON_NODE_HOLDS_NULL (r) && g_strcmp0 (json_node_get_string (r), reason) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
script_has_missing (gpointer data)
{
  return strstr (wb_call_dialog_get_script (data), "近期免冠照片") != NULL;
}

static gboolean
phone_shown (gpointer data)
{
  return wb_call_dialog_get_phone (data) != NULL;
}

static const char *
subtitle_of (WbCallbacksView *view,
             gint64           id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (wb_callbacks_view_get_row (view, id)));
}

/* The groups at 10:00, a row that falls due at 14:00 without a reload
 * and is announced, the purpose filter, and a notification's click. */
static void
test_agenda (void)
{
  g_autofree char *token = NULL;
  WbCallbacksView *view;
  WbWindow *window;
  GtkWidget *row;
  gint64 overdue, due_now, later, upcoming, nobodys;
  gint64 a, b, c, d, e;

  wb_test_server_set_clock (server, MON_0930);
  token = wb_test_login (server, HANDLER);
  a = supplement_case (token, "overdue");
  wb_test_server_set_clock (server, MON_1000);
  b = supplement_case (token, "due-now");
  c = approved_case (token, "later");
  d = approved_case (token, "upcoming");
  e = delivered_case (token, "unassigned");
  overdue = task_of (token, a, "supplement");
  due_now = task_of (token, b, "supplement");
  later = task_of (token, c, "delivery_choice");
  upcoming = task_of (token, d, "delivery_choice");
  nobodys = task_of (token, e, "satisfaction");
  g_assert_true (overdue && due_now && later && upcoming && nobodys);
  call_later_via_api (token, later, "2026-03-02T14:00:00+08:00");
  call_later_via_api (token, upcoming, TUE_1000);

  window = signed_in_window (HANDLER);
  view = open_agenda (window, MON_1000);
  g_assert_cmpint (wb_callbacks_view_get_group (view, overdue), ==, WB_CALLBACK_OVERDUE);
  g_assert_cmpint (wb_callbacks_view_get_group (view, due_now), ==, WB_CALLBACK_DUE_NOW);
  g_assert_cmpint (wb_callbacks_view_get_group (view, later), ==, WB_CALLBACK_LATER_TODAY);
  g_assert_cmpint (wb_callbacks_view_get_group (view, upcoming), ==, WB_CALLBACK_UPCOMING);
  /* Masked, with the calls so far. */
  g_assert_nonnull (strstr (subtitle_of (view, later), "138****5678"));
  g_assert_null (strstr (subtitle_of (view, later), CLEAR_PHONE));
  g_assert_null (strstr (subtitle_of (view, later), "欧阳娜娜"));
  g_assert_nonnull (strstr (subtitle_of (view, later), g_dgettext (GETTEXT_PACKAGE, "Call later")));
  /* What was due at sign-in is on screen, not announced. */
  g_assert_false (was_notified (overdue));
  g_assert_false (was_notified (due_now));

  /* 14:01: the same row, now due, announced once. */
  row = wb_callbacks_view_get_row (view, later);
  set_now (view, MON_1401);
  g_assert_true (wb_callbacks_view_get_row (view, later) == row);
  g_assert_cmpint (wb_callbacks_view_get_group (view, later), ==, WB_CALLBACK_DUE_NOW);
  g_assert_cmpint (wb_callbacks_view_get_group (view, due_now), ==, WB_CALLBACK_OVERDUE);
  g_assert_cmpint (wb_callbacks_view_get_group (view, upcoming), ==, WB_CALLBACK_UPCOMING);
  g_assert_true (was_notified (later));
  g_assert_false (was_notified (upcoming));
  set_now (view, MON_1401);
  {
    g_autofree char *id = g_strdup_printf ("callback-%" G_GINT64_FORMAT, later);
    guint n = 0;

    for (guint i = 0; i < notified->len; i++)
      if (g_str_equal (notified->pdata[i], id))
        n++;
    g_assert_cmpuint (n, ==, 1);
  }

  /* One purpose only. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_find_named (GTK_WIDGET (view), "purpose")), 2);
  wait_group (view, overdue, -1);
  g_assert_cmpint (wb_callbacks_view_get_group (view, later), ==, WB_CALLBACK_DUE_NOW);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_find_named (GTK_WIDGET (view), "purpose")), 0);
  wait_group (view, overdue, WB_CALLBACK_OVERDUE);

  /* Unassigned: the satisfaction call is anyone's; the supplement call
   * is the handler's who asked. Then mine, then all. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_find_named (GTK_WIDGET (view), "assignee")), 2);
  wait_group (view, overdue, -1);
  g_assert_cmpint (wb_callbacks_view_get_group (view, nobodys), >=, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_find_named (GTK_WIDGET (view), "assignee")), 1);
  wait_group (view, nobodys, -1);
  g_assert_cmpint (wb_callbacks_view_get_group (view, overdue), ==, WB_CALLBACK_OVERDUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_find_named (GTK_WIDGET (view), "assignee")), 0);
  wait_group (view, nobodys, WB_CALLBACK_OVERDUE);

  /* Clicking the notification while the window is hidden brings the
   * window back with the call's dialog. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (wb_window_is_signed_in (window));
  g_action_group_activate_action (G_ACTION_GROUP (wb_test_desk_get_app ()), "open-callback", g_variant_new_int64 (later));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  wb_test_wait_for (has_dialog, NULL, "the call dialog from the notification");
  g_assert_cmpint (wb_call_dialog_get_id (find_dialog ()), ==, later);
  gtk_widget_activate_action (GTK_WIDGET (find_dialog ()), "call.cancel", NULL);
  wb_test_wait_for (no_dialog, NULL, "the dialog to close");

  /* Enter on a row, like its button, opens the case. */
  g_signal_emit_by_name (gtk_widget_get_parent (wb_callbacks_view_get_row (view, due_now)), "row-activated",
                         wb_callbacks_view_get_row (view, due_now));
  g_assert_nonnull (wb_window_get_case_view (window, b));
  g_assert_null (wb_window_get_case_view (window, a));
  g_signal_emit_by_name (wb_test_find_named (wb_callbacks_view_get_row (view, overdue), "open-case"), "clicked");
  g_assert_nonnull (wb_window_get_case_view (window, a));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A supervisor reads the agenda but makes no calls. */
  window = signed_in_window ("viewer.210100");
  view = open_agenda (window, MON_1401);
  g_assert_cmpint (wb_callbacks_view_get_group (view, overdue), ==, WB_CALLBACK_OVERDUE);
  g_assert_null (wb_test_find_named (wb_callbacks_view_get_row (view, overdue), "log-call"));
  g_assert_nonnull (wb_test_find_named (wb_callbacks_view_get_row (view, overdue), "open-case"));
  g_assert_true (wb_callbacks_view_select (view, overdue));
  gtk_widget_activate_action (GTK_WIDGET (view), "callbacks.log-call", NULL);
  g_assert_null (wb_callbacks_view_log_call (view, overdue));
  g_assert_null (find_dialog ());
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Supplement (the script lists the notice's materials; dialling is a
 * recorded reveal), no answer (the next try moves the task), delivery
 * by mail, satisfaction and revisit with their ratings. */
static void
test_log_calls (void)
{
  g_autofree char *token = NULL;
  g_autofree char *bizadmin = NULL;
  g_autofree char *case_no = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) detail = NULL;
  WbCallbacksView *view;
  WbCallDialog *dialog;
  WbWindow *window;
  gint64 sup, unanswered, delivery, satisfaction, revisit;
  gint64 a, b, c, e, f;

  wb_test_server_set_clock (server, MON_1000);
  token = wb_test_login (server, HANDLER);
  bizadmin = wb_test_login (server, "bizadmin.210000");
  a = supplement_case (token, "log-supplement");
  b = supplement_case (token, "log-unanswered");
  c = approved_case (token, "log-delivery");
  e = delivered_case (token, "log-satisfaction");
  f = delivered_case (token, "log-revisit");
  sup = task_of (token, a, "supplement");
  unanswered = task_of (token, b, "supplement");
  delivery = task_of (token, c, "delivery_choice");
  satisfaction = task_of (token, e, "satisfaction");
  g_assert_true (sup && unanswered && delivery && satisfaction);
  {
    g_autoptr(WbTestReply) put = wb_test_request (server, "PUT", "/callback-rules/revisit", bizadmin,
                                                  "{\"revisit_share_percent\":100}");
    g_assert_cmpuint (put->status, ==, 200);
  }
  wb_test_act_ok (token, f, "archive", "{\"fees_collected\":0}");
  revisit = task_of (token, f, "revisit");
  g_assert_true (revisit != 0);

  window = signed_in_window (HANDLER);
  view = open_agenda (window, MON_1000);

  /* Supplement: the script names what the notice asked for. */
  dialog = open_call (view, sup);
  wb_test_wait_for (script_has_missing, dialog, "the missing materials in the script");
  g_assert_nonnull (strstr (wb_call_dialog_get_script (dialog), "居民户口簿"));
  /* Dial: the number in clear, here only, and recorded as a reveal. */
  g_assert_null (wb_call_dialog_get_phone (dialog));
  g_signal_emit_by_name (wb_test_field (dialog, "dial"), "clicked");
  wb_test_wait_for (phone_shown, dialog, "the phone number");
  g_assert_cmpstr (wb_call_dialog_get_phone (dialog), ==, CLEAR_PHONE);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (wb_test_field (dialog, "phone"))), ==, CLEAR_PHONE);
  {
    g_autoptr(JsonObject) c_json = wb_test_get_case (server, token, a, NULL);
    case_no = g_strdup (json_object_get_string_member (c_json, "case_no"));
  }
  g_assert_true (audit_has ("reveal", case_no, "callback"));
  wb_test_check (dialog, "outcome-reached");
  wb_test_set_text (dialog, "notes", "已告知需补正户口簿和照片，申请人表示明白");
  log_call (view, dialog, -1);
  g_assert_cmpstr (last_notice, ==, g_dgettext (GETTEXT_PACKAGE, "Call logged. The callback is done."));
  g_clear_pointer (&detail, json_object_unref);
  detail = task_detail (token, sup);
  g_assert_cmpstr (json_object_get_string_member (detail, "status"), ==, "done");
  g_assert_cmpstr (json_object_get_string_member (detail, "last_outcome"), ==, "reached");

  /* No answer: the next try, two working hours on, is later today. */
  dialog = open_call (view, unanswered);
  wb_test_check (dialog, "outcome-no_answer");
  log_call (view, dialog, WB_CALLBACK_LATER_TODAY);
  g_assert_nonnull (strstr (last_notice, "12:00"));
  g_clear_pointer (&detail, json_object_unref);
  detail = task_detail (token, unanswered);
  g_assert_cmpstr (json_object_get_string_member (detail, "due_at"), ==, "2026-03-02T04:00:00Z");
  /* Due at sign-in, so not announced then; the next try is. */
  g_assert_false (was_notified (unanswered));
  set_now (view, "2026-03-02T04:01:00Z");
  g_assert_cmpint (wb_callbacks_view_get_group (view, unanswered), ==, WB_CALLBACK_DUE_NOW);
  g_assert_true (was_notified (unanswered));

  /* Call later needs a time in the future. */
  dialog = open_call (view, unanswered);
  wb_test_check (dialog, "outcome-call_later");
  g_assert_false (can_log (dialog));
  wb_test_set_text (dialog, "call-back-at", "09:00");
  g_assert_false (can_log (dialog));
  wb_test_set_text (dialog, "call-back-at", "2026-03-03 15:30");
  g_assert_true (can_log (dialog));
  log_call (view, dialog, WB_CALLBACK_UPCOMING);
  g_clear_pointer (&detail, json_object_unref);
  detail = task_detail (token, unanswered);
  g_assert_cmpstr (json_object_get_string_member (detail, "due_at"), ==, "2026-03-03T07:30:00Z");

  /* Delivery by mail: the address is required. */
  dialog = open_call (view, delivery);
  wb_test_check (dialog, "outcome-reached");
  g_assert_false (can_log (dialog));
  g_assert_nonnull (wb_call_dialog_get_missing (dialog));
  wb_test_check (dialog, "method-mail");
  g_assert_false (can_log (dialog));
  wb_test_set_text (dialog, "address", "\u3000 ");
  g_assert_false (can_log (dialog));
  wb_test_set_text (dialog, "address", "辽宁省沈阳市和平区南京北街1号 欧阳娜娜收");
  log_call (view, dialog, -1);
  g_clear_pointer (&after, json_object_unref);
  after = wb_test_get_case (server, token, c, NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "delivering");

  /* Satisfaction: the rating is required; 4 with a comment. */
  dialog = open_call (view, satisfaction);
  wb_test_check (dialog, "outcome-reached");
  g_assert_false (can_log (dialog));
  wb_test_check (dialog, "level-4");
  wb_test_set_text (dialog, "comment", "办理很快，态度也好");
  log_call (view, dialog, -1);
  g_assert_cmpstr (last_notice, ==, g_dgettext (GETTEXT_PACKAGE, "Call logged. The rating is recorded."));
  g_clear_pointer (&after, json_object_unref);
  after = wb_test_get_case (server, token, e, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (after, "rating"), "level"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "rating"), "source"), ==, "call");

  /* Revisit: 5. */
  dialog = open_call (view, revisit);
  wb_test_check (dialog, "outcome-reached");
  g_assert_false (can_log (dialog));
  wb_test_check (dialog, "level-5");
  log_call (view, dialog, -1);
  g_clear_pointer (&after, json_object_unref);
  after = wb_test_get_case (server, token, f, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (after, "rating"), "level"), ==, 5);

  {
    g_autoptr(WbTestReply) put = wb_test_request (server, "PUT", "/callback-rules/revisit", bizadmin,
                                                  "{\"revisit_share_percent\":10}");
    g_assert_cmpuint (put->status, ==, 200);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A satisfaction call rated 不满意 opens a bad-rating call for the
 * complaint handler, who must write down what went wrong; a complaint
 * handler is not offered the delivery answers. */
static void
test_bad_rating (void)
{
  g_autofree char *token = NULL;
  g_autofree char *complaint = NULL;
  g_autoptr(JsonObject) detail = NULL;
  WbCallbacksView *view;
  WbCallDialog *dialog;
  WbWindow *window;
  gint64 e, c, satisfaction, bad, delivery;

  wb_test_server_set_clock (server, MON_1000);
  token = wb_test_login (server, HANDLER);
  e = delivered_case (token, "bad-rating");
  c = approved_case (token, "complaint-delivery");
  satisfaction = task_of (token, e, "satisfaction");
  delivery = task_of (token, c, "delivery_choice");

  window = signed_in_window (HANDLER);
  view = open_agenda (window, MON_1000);
  dialog = open_call (view, satisfaction);
  wb_test_check (dialog, "outcome-reached");
  wb_test_check (dialog, "level-2");
  wb_test_set_text (dialog, "comment", "等了很久才拿到");
  log_call (view, dialog, -1);
  g_assert_cmpstr (last_notice, ==,
                   g_dgettext (GETTEXT_PACKAGE, "Call logged. The rating is recorded; the bad rating opened a rectification for the complaint handlers."));
  gtk_window_destroy (GTK_WINDOW (window));

  complaint = wb_test_login (server, COMPLAINT);
  bad = task_of (complaint, e, "bad_rating");
  g_assert_true (bad != 0);
  window = signed_in_window (COMPLAINT);
  /* Due within a working day: tomorrow 10:00. */
  view = open_agenda (window, MON_1000);
  g_assert_cmpint (wb_callbacks_view_get_group (view, bad), ==, WB_CALLBACK_UPCOMING);

  /* Only handlers choose delivery: reached is not offered, and says why. */
  dialog = open_call (view, delivery);
  g_assert_false (gtk_widget_get_sensitive (wb_test_field (dialog, "outcome-reached")));
  g_assert_true (gtk_widget_get_visible (wb_test_field (dialog, "handler-only")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "call.cancel", NULL);
  wb_test_wait_for (no_dialog, NULL, "the dialog to close");

  set_now (view, TUE_1000);
  g_assert_cmpint (wb_callbacks_view_get_group (view, bad), ==, WB_CALLBACK_DUE_NOW);
  dialog = open_call (view, bad);
  wb_test_server_set_clock (server, TUE_1000);
  wb_test_check (dialog, "outcome-reached");
  g_assert_false (can_log (dialog));
  wb_test_set_text (dialog, "notes", "  ");
  g_assert_false (can_log (dialog));
  wb_test_set_text (dialog, "notes", "申请人反映窗口等候时间长，已致歉并说明整改安排");
  log_call (view, dialog, -1);
  detail = task_detail (complaint, bad);
  g_assert_cmpstr (json_object_get_string_member (detail, "status"), ==, "done");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
error_shown (gpointer data)
{
  return wb_call_dialog_get_error (data) != NULL;
}

/* The server refuses a call on a task closed meanwhile: the dialog
 * stays, says why with the request id, and keeps what was typed. */
static void
test_refused_call (void)
{
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  WbCallbacksView *view;
  WbCallDialog *dialog;
  WbWindow *window;
  gint64 a, task;

  wb_test_server_set_clock (server, MON_1000);
  token = wb_test_login (server, HANDLER);
  a = supplement_case (token, "refused-call");
  task = task_of (token, a, "supplement");
  window = signed_in_window (HANDLER);
  view = open_agenda (window, MON_1000);
  dialog = open_call (view, task);

  wb_test_check (dialog, "outcome-reached");
  wb_test_set_text (dialog, "notes", "已说明需补正的材料");

  /* The window goes (hidden, or locked): the dialog goes with it and
   * drops the clear number; it comes back as typed. */
  g_signal_emit_by_name (wb_test_field (dialog, "dial"), "clicked");
  wb_test_wait_for (phone_shown, dialog, "the phone number");
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  g_assert_null (find_dialog ());
  g_assert_null (wb_call_dialog_get_phone (dialog));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (wb_test_field (dialog, "phone"))), ==, "138****5678");
  gtk_window_present (GTK_WINDOW (window));
  wb_test_wait_for (has_dialog, NULL, "the dialog to come back");
  g_assert_true (find_dialog () == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "notes"))), ==, "已说明需补正的材料");

  path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/attempts", task);
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", path, token,
                                                    "{\"outcome\":\"refused\",\"notes\":\"申请人不愿通话\"}");
    g_assert_cmpuint (reply->status, ==, 200);
  }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "call.log", NULL);
  wb_test_wait_for (error_shown, dialog, "the server's refusal in the dialog");
  g_assert_true (find_dialog () == dialog);
  g_assert_nonnull (strstr (wb_call_dialog_get_error (dialog), "(request "));
  g_assert_true (gtk_widget_get_visible (wb_test_field (dialog, "error")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "notes"))), ==, "已说明需补正的材料");
  g_assert_true (can_log (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "call.cancel", NULL);
  wb_test_wait_for (no_dialog, NULL, "the dialog to close");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Sessions outlast the clock's jumps of a day. */
  const char *args[] = { "--demo-scale", "20", "--idle-timeout", "864000",
                         "--session-lifetime", "864000", NULL };
  int status;

  server = wb_test_desk_init (&argc, &argv, args, MON_1000);
  g_setenv ("WANGBAN_POLL_MS", "300", TRUE);
  notified = g_ptr_array_new_with_free_func (g_free);
  wb_application_set_notification_hook (wb_test_desk_get_app (), on_notification_cb, NULL);

  g_test_add_func ("/desk/callbacks/agenda", test_agenda);
  g_test_add_func ("/desk/callbacks/log-calls", test_log_calls);
  g_test_add_func ("/desk/callbacks/bad-rating", test_bad_rating);
  g_test_add_func ("/desk/callbacks/refused-call", test_refused_call);
  status = wb_test_desk_run ();

  g_ptr_array_unref (notified);
  g_free (last_notice);
  return status;
}
