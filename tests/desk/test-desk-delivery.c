/* test-desk-delivery.c: delivery by mail and at the window, the pickup
 * slots, the hand-over, the uncollected list and the window rating,
 * against a real server, driven through the desk's widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "case/wb-case-view.h"
#include "case/wb-decision-dialog.h"
#include "case/wb-pickup-form.h"
#include "delivery/wb-capacity-view.h"
#include "delivery/wb-uncollected-view.h"
#include "wb-id-number.h"
#include "wb-test-desk.h"

static WbTestServer *server;

/* What the case's delivery section says on a row, or NULL without it. */
static const char *
delivery_row (WbTestCaseWait *w,
              const char     *name)
{
  GtkWidget *row = wb_test_find_named (GTK_WIDGET (wb_test_case_view (w)), name);

  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

static WbDecisionDialog *
open_dialog (WbTestCaseWait *w,
             const char     *action)
{
  WbDecisionDialog *dialog = wb_test_open_decision (wb_test_case_view (w), action);

  /* No notice for these steps, so nothing to preview. */
  g_assert_false (gtk_widget_get_visible (wb_test_field (dialog, "preview")));
  return dialog;
}

static void
click_simple (WbTestCaseWait *w,
              const char     *action)
{
  GtkWidget *button = wb_case_view_get_action_button (wb_test_case_view (w), action);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  /* One click, no dialog. */
  g_assert_null (wb_test_find_decision_dialog ());
}

/* A case of the handler's unit, approved and waiting for its delivery
 * choice. */
static gint64
completed_case (const char *upstream,
                char      **token)
{
  gint64 id = wb_test_intake (server, upstream, "ZA-WFZ", "210102");

  *token = wb_test_login (server, "handler.210102");
  wb_test_act_ok (*token, id, "platform_pass", NULL);
  wb_test_act_ok (*token, id, "accept", NULL);
  wb_test_act_ok (*token, id, "approve", "{\"result\":\"经查询，申请人无犯罪记录，准予出具证明。\"}");
  return id;
}

/* Mail: the address typed (the masked one on file is no address), a
 * courier from the list or typed, the tracking number, then a click to
 * confirm delivery. */
static void
test_mail (void)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) chosen = NULL;
  g_autoptr(JsonObject) shipped = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  WbTestCaseWait w;
  gint64 id;

  id = completed_case ("delivery-mail", &token);
  window = wb_test_desk_signed_in_window ("handler.210102");
  wb_test_open_case (&w, window, id, FALSE, "completed", "choose_delivery");

  dialog = open_dialog (&w, "choose_delivery");
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_check (dialog, "method-mail");
  /* Empty, not the masked address on file. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "address"))), ==, "");
  g_assert_false (wb_test_can_issue (dialog));
  g_assert_nonnull (wb_decision_dialog_get_missing (dialog));
  wb_test_set_text (dialog, "address", "\u3000 ");
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "address", "辽宁省沈阳市和平区南京北街1号 张三收");
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the delivery dialog to close");
  wb_test_wait_case (&w, "delivering", "ship");
  chosen = wb_test_history_detail (token, id, "choose_delivery");
  g_assert_cmpstr (json_object_get_string_member (chosen, "method"), ==, "mail");

  dialog = open_dialog (&w, "ship");
  /* The first courier is chosen; the tracking number is not there yet. */
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "tracking", "EA123456789CN");
  g_assert_true (wb_test_can_issue (dialog));
  /* "Other": its name must be typed. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_field (dialog, "courier")), 3);
  g_assert_true (gtk_widget_get_visible (wb_test_field (dialog, "courier-other")));
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "courier-other", "圆通速递");
  g_assert_true (wb_test_can_issue (dialog));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (wb_test_field (dialog, "courier")), 0);
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the ship dialog to close");
  wb_test_wait_case (&w, "delivering", "confirm_delivery");
  shipped = wb_test_history_detail (token, id, "ship");
  g_assert_cmpstr (json_object_get_string_member (shipped, "courier"), ==, "中国邮政 EMS");
  g_assert_cmpstr (json_object_get_string_member (shipped, "tracking_no"), ==, "EA123456789CN");
  /* The case shows where it went: masked address, courier, number. */
  g_assert_cmpstr (delivery_row (&w, "delivery-tracking"), ==, "EA123456789CN");
  g_assert_cmpstr (delivery_row (&w, "delivery-courier"), ==, "中国邮政 EMS");
  g_assert_nonnull (delivery_row (&w, "delivery-address"));
  g_assert_null (strstr (delivery_row (&w, "delivery-address"), "南京北街1号"));

  click_simple (&w, "confirm_delivery");
  wb_test_wait_case (&w, "delivered", NULL);
  /* Mailed: no window rating here, that comes by the satisfaction call. */
  g_assert_null (wb_case_view_get_action_button (wb_test_case_view (&w), "rate"));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  WbWindow *window;
  gint64    id;
  gboolean  listed;
} Uncollected;

static gboolean
uncollected_is (gpointer data)
{
  Uncollected *u = data;
  GtkWidget *view = wb_window_get_uncollected (u->window);

  if (view == NULL || wb_uncollected_view_is_loading (WB_UNCOLLECTED_VIEW (view)))
    return FALSE;
  return (wb_uncollected_view_get_row (WB_UNCOLLECTED_VIEW (view), u->id) != NULL) == u->listed;
}

static gboolean
slots_loaded (gpointer data)
{
  return !wb_pickup_form_is_loading (WB_PICKUP_FORM (wb_decision_dialog_get_form (data)));
}

/* The first slot row a person could choose. */
static GtkWidget *
first_open_slot (WbDecisionDialog *dialog)
{
  GtkWidget *list = wb_test_field (dialog, "slots");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_sensitive (row))
      return row;
  return NULL;
}

static void
choose_slot (GtkWidget *row)
{
  GtkWidget *radio = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

  g_assert_true (gtk_widget_get_sensitive (row));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
}

static gboolean
notice_shown (gpointer data)
{
  return wb_case_view_get_notice (wb_test_case_view (data)) != NULL;
}

/* At the window: printed, listed as uncollected, a slot booked, handed
 * to an agent whose ID number is checked in the dialog, gone from the
 * list through the change feed; then the applicant's rating. */
static void
test_window (void)
{
  g_autofree char *token = NULL;
  g_autofree char *good_id = wb_id_number_make ("210102", 1985, 6, 15, 123);
  g_autofree char *bad_id = g_strdup (good_id);
  g_autoptr(JsonObject) booked = NULL;
  g_autofree char *slot_start = NULL;
  g_autoptr(JsonObject) handed = NULL;
  g_autoptr(JsonObject) after = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  GtkWidget *slot;
  JsonObject *rating;
  Uncollected u;
  WbTestCaseWait w;
  gint64 id;

  /* One wrong digit: the check character no longer matches. */
  bad_id[16] = bad_id[16] == '9' ? '0' : bad_id[16] + 1;
  id = completed_case ("delivery-window", &token);
  window = wb_test_desk_signed_in_window ("handler.210102");
  wb_test_open_case (&w, window, id, FALSE, "completed", "choose_delivery");

  dialog = open_dialog (&w, "choose_delivery");
  wb_test_check (dialog, "method-window");
  g_assert_false (gtk_widget_get_visible (wb_test_field (dialog, "address")));
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the delivery dialog to close");
  wb_test_wait_case (&w, "delivering", "print_ready");

  click_simple (&w, "print_ready");
  wb_test_wait_case (&w, "delivering", "book_pickup");

  /* The sidebar's list shows the printed certificate. */
  g_assert_nonnull (wb_test_sidebar_row (window, "uncollected"));
  g_signal_emit_by_name (wb_window_get_sidebar (window), "row-activated", wb_test_sidebar_row (window, "uncollected"));
  u.window = window;
  u.id = id;
  u.listed = TRUE;
  wb_test_wait_for (uncollected_is, &u, "the case in the uncollected list");

  dialog = open_dialog (&w, "book_pickup");
  wb_test_wait_for (slots_loaded, dialog, "the pickup slots");
  g_assert_false (wb_test_can_issue (dialog));
  slot = first_open_slot (dialog);
  g_assert_nonnull (slot);
  choose_slot (slot);
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the booking dialog to close");
  wb_test_wait_case (&w, "delivering", "hand_over");
  booked = wb_test_history_detail (token, id, "book_pickup");
  g_assert_cmpint (json_object_get_int_member (booked, "slot_id"), >, 0);
  /* The counter sees the booked slot on the case. */
  g_assert_nonnull (delivery_row (&w, "delivery-slot"));
  slot_start = g_strdup_printf ("%.10s %.5s", json_object_get_string_member (booked, "slot"),
                                json_object_get_string_member (booked, "slot") + 11);
  g_assert_true (g_str_has_prefix (delivery_row (&w, "delivery-slot"), slot_start));

  dialog = open_dialog (&w, "hand_over");
  wb_test_check (dialog, "collector-agent");
  wb_test_set_text (dialog, "agent-name", "李四");
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "agent-id", bad_id);
  g_assert_false (wb_test_can_issue (dialog));
  g_assert_nonnull (wb_decision_dialog_get_missing (dialog));
  wb_test_set_text (dialog, "agent-id", good_id);
  g_assert_true (wb_test_can_issue (dialog));
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the hand-over dialog to close");
  wb_test_wait_case (&w, "delivered", "rate");
  handed = wb_test_history_detail (token, id, "hand_over");
  g_assert_cmpstr (json_object_get_string_member (handed, "collector"), ==, "agent");
  /* Stored masked in the history, and shown masked on the case. */
  g_assert_cmpstr (json_object_get_string_member (handed, "agent_id_number"), !=, good_id);
  g_assert_nonnull (delivery_row (&w, "delivery-collector"));
  g_assert_null (strstr (delivery_row (&w, "delivery-collector"), good_id));
  g_assert_nonnull (strstr (delivery_row (&w, "delivery-collector"), json_object_get_string_member (handed, "agent_id_number")));

  /* Handed over at one window, gone from the list everywhere. */
  u.listed = FALSE;
  wb_test_wait_for (uncollected_is, &u, "the case to leave the uncollected list");

  /* The applicant is not pleased: 不满意. */
  dialog = open_dialog (&w, "rate");
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_check (dialog, "level-2");
  wb_test_set_text (dialog, "comment", "等候时间太长");
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the rating dialog to close");
  wb_test_wait_for (notice_shown, &w, "the rectification note");
  g_assert_cmpstr (wb_case_view_get_notice (wb_test_case_view (&w)), ==,
                   g_dgettext (GETTEXT_PACKAGE, "The applicant was dissatisfied. A rectification task was opened for the unit’s complaint handlers, with a callback to the applicant due within one working day."));
  wb_test_wait_case (&w, "delivered", NULL);
  after = wb_test_get_case (server, token, id, NULL);
  rating = json_object_get_object_member (after, "rating");
  g_assert_cmpint (json_object_get_int_member (rating, "level"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (rating, "source"), ==, "window");
  g_assert_cmpstr (json_object_get_string_member (rating, "comment"), ==, "等候时间太长");
  /* One window rating per case. */
  g_assert_null (wb_case_view_get_action_button (wb_test_case_view (&w), "rate"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
ready_for_pickup (const char *upstream,
                  char      **token)
{
  gint64 id = completed_case (upstream, token);

  wb_test_act_ok (*token, id, "choose_delivery", "{\"method\":\"window\"}");
  wb_test_act_ok (*token, id, "print_ready", NULL);
  return id;
}

static GtkWidget *
slot_row (WbDecisionDialog *dialog,
          gint64            slot_id)
{
  g_autofree char *name = g_strdup_printf ("slot:%" G_GINT64_FORMAT, slot_id);

  return wb_test_field (dialog, name);
}

typedef struct
{
  WbDecisionDialog *dialog;
  gint64            slot_id;
} SlotWait;

static gboolean
slot_reloaded_full (gpointer data)
{
  SlotWait *s = data;
  g_autofree char *name = g_strdup_printf ("slot:%" G_GINT64_FORMAT, s->slot_id);
  GtkWidget *row;

  if (!slots_loaded (s->dialog))
    return FALSE;
  row = wb_test_find_named (GTK_WIDGET (s->dialog), name);
  return row != NULL && !gtk_widget_get_sensitive (row);
}

/* A full slot is shown but cannot be chosen; a slot filled between
 * loading and booking is refused with 409, and the form reloads and
 * says so. */
static void
test_full_slot (void)
{
  g_autofree char *token = NULL;
  g_autofree char *other_token = NULL;
  g_autofree char *third_token = NULL;
  g_autofree char *admin = wb_test_login (server, "bizadmin.210102");
  g_autofree char *path = NULL;
  g_autofree char *day = NULL;
  g_autofree char *body_a = NULL;
  g_autofree char *body_b = NULL;
  g_autoptr(WbTestReply) listed = NULL;
  g_autoptr(WbTestReply) put = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  JsonArray *items;
  GtkWidget *listed_row;
  Uncollected u;
  SlotWait sw;
  WbTestCaseWait w;
  gint64 id, other, third, first_slot = 0, second_slot = 0;

  id = ready_for_pickup ("delivery-full-a", &token);
  other = ready_for_pickup ("delivery-full-b", &other_token);
  third = ready_for_pickup ("delivery-full-c", &third_token);

  /* The last day the demo opened: nothing booked there yet. Two slots
   * of one place each. */
  listed = wb_test_request (server, "GET", "/units/210102/pickup-slots", token, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (listed), "items");
  g_assert_cmpuint (json_array_get_length (items), >, 0);
  day = g_strdup (json_object_get_string_member (json_array_get_object_element (items, json_array_get_length (items) - 1),
                                                 "date"));
  path = g_strdup_printf ("/units/210102/pickup-capacity/%s", day);
  put = wb_test_request (server, "PUT", path, admin,
                         "{\"slots\":[{\"start\":\"08:00\",\"end\":\"08:30\",\"capacity\":1},"
                         "{\"start\":\"08:30\",\"end\":\"09:00\",\"capacity\":1}]}");
  g_assert_cmpuint (put->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (put), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  first_slot = json_object_get_int_member (json_array_get_object_element (items, 0), "id");
  second_slot = json_object_get_int_member (json_array_get_object_element (items, 1), "id");
  body_a = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", first_slot);
  body_b = g_strdup_printf ("{\"slot_id\":%" G_GINT64_FORMAT "}", second_slot);
  wb_test_act_ok (other_token, other, "book_pickup", body_a);

  window = wb_test_desk_signed_in_window ("handler.210102");
  /* From the uncollected list, a row opens its case. */
  g_signal_emit_by_name (wb_window_get_sidebar (window), "row-activated", wb_test_sidebar_row (window, "uncollected"));
  u.window = window;
  u.id = other;
  u.listed = TRUE;
  wb_test_wait_for (uncollected_is, &u, "the booked case in the uncollected list");
  g_assert_null (wb_window_get_case_view (window, other));
  listed_row = wb_uncollected_view_get_row (WB_UNCOLLECTED_VIEW (wb_window_get_uncollected (window)), other);
  g_signal_emit_by_name (gtk_widget_get_parent (listed_row), "row-activated", listed_row);
  g_assert_nonnull (wb_window_get_case_view (window, other));

  wb_test_open_case (&w, window, id, FALSE, "delivering", "book_pickup");
  dialog = open_dialog (&w, "book_pickup");
  wb_test_wait_for (slots_loaded, dialog, "the pickup slots");
  /* Listed, but not offered. */
  g_assert_false (gtk_widget_get_sensitive (slot_row (dialog, first_slot)));
  g_assert_true (gtk_widget_get_sensitive (slot_row (dialog, second_slot)));
  choose_slot (slot_row (dialog, second_slot));
  g_assert_true (wb_test_can_issue (dialog));

  /* Another window takes the last place meanwhile. */
  wb_test_act_ok (third_token, third, "book_pickup", body_b);
  wb_test_issue (dialog);
  sw.dialog = dialog;
  sw.slot_id = second_slot;
  wb_test_wait_for (slot_reloaded_full, &sw, "the slots to reload with the slot full");
  g_assert_nonnull (wb_decision_dialog_get_error (dialog));
  g_assert_nonnull (wb_pickup_form_get_status (WB_PICKUP_FORM (wb_decision_dialog_get_form (dialog))));
  /* Nothing chosen after the reload, so nothing to send. */
  g_assert_false (wb_test_can_issue (dialog));
  g_assert_true (wb_test_find_decision_dialog () == dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.cancel", NULL);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
capacity_idle (gpointer data)
{
  GtkWidget *view = wb_window_get_capacity (data);

  return view != NULL && !wb_capacity_view_is_busy (WB_CAPACITY_VIEW (view));
}

static GtkWidget *
slot_field (WbCapacityView *view,
            guint           index,
            const char     *name)
{
  GtkWidget *found = wb_test_find_named (wb_capacity_view_get_slot (view, index), name);

  g_assert_nonnull (found);
  return found;
}

/* The business administrator opens a day's slots: a time that does not
 * read HH:MM is caught before anything is sent; saved slots are the
 * unit's, and show their bookings when the day is opened again. */
static void
test_capacity (void)
{
  g_autofree char *token = wb_test_login (server, "handler.210102");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 60);
  g_autofree char *day = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *path = g_strdup_printf ("/units/210102/pickup-slots?from=%s&to=%s", day, day);
  g_autoptr(WbTestReply) before = NULL;
  g_autoptr(WbTestReply) after = NULL;
  WbCapacityView *view;
  WbWindow *window;
  JsonArray *items;

  window = wb_test_desk_signed_in_window ("bizadmin.210102");
  /* No case work for this role: no uncollected list either. */
  g_assert_null (wb_test_sidebar_row (window, "uncollected"));
  g_assert_nonnull (wb_test_sidebar_row (window, "capacity"));
  g_signal_emit_by_name (wb_window_get_sidebar (window), "row-activated", wb_test_sidebar_row (window, "capacity"));
  wb_test_wait_for (capacity_idle, window, "the capacity view");
  view = WB_CAPACITY_VIEW (wb_window_get_capacity (window));
  wb_capacity_view_set_date (view, day);
  wb_test_wait_for (capacity_idle, window, "the day's slots");
  g_assert_cmpuint (wb_capacity_view_get_n_slots (view), ==, 0);

  wb_capacity_view_add_slot (view);
  wb_capacity_view_add_slot (view);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (slot_field (view, 1, "start"))), ==, "10:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (slot_field (view, 1, "end"))), ==, "11:00");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (slot_field (view, 0, "capacity")), 2);
  gtk_editable_set_text (GTK_EDITABLE (slot_field (view, 1, "end")), "9:30");
  wb_capacity_view_save (view);
  g_assert_nonnull (wb_capacity_view_get_status (view));
  g_assert_false (wb_capacity_view_is_busy (view));
  before = wb_test_request (server, "GET", path, token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (before), "items")), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (slot_field (view, 1, "end")), "11:30");
  wb_capacity_view_save (view);
  wb_test_wait_for (capacity_idle, window, "the save");
  g_assert_null (wb_capacity_view_get_status (view));
  after = wb_test_request (server, "GET", path, token, NULL);
  items = json_object_get_array_member (wb_test_reply_object (after), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "start"), ==, "09:00");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "capacity"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "end"), ==, "11:30");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 1), "capacity"), ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_desk_init (&argc, &argv, args, NULL);
  /* The uncollected list follows the change feed: poll it briskly. */
  g_setenv ("WANGBAN_POLL_MS", "300", TRUE);

  g_test_add_func ("/desk/delivery/mail", test_mail);
  g_test_add_func ("/desk/delivery/window", test_window);
  g_test_add_func ("/desk/delivery/full-slot", test_full_slot);
  g_test_add_func ("/desk/delivery/capacity", test_capacity);
  return wb_test_desk_run ();
}
