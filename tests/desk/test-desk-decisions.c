/* test-desk-decisions.c: the decision dialogs of a case against a real
 * server, driven through their actions and widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "case/wb-case-view.h"
#include "case/wb-decision-dialog.h"
#include "case/wb-accept-form.h"
#include "case/wb-supplement-form.h"
#include "viewer/wb-pdf-view.h"
#include "wb-test-desk.h"

static WbTestServer *server;

/* Loaded, with its item and materials, and in the state asked for. */
static void
open_case (WbTestCaseWait *w,
           WbWindow       *window,
           gint64          id,
           const char     *state)
{
  wb_test_open_case (w, window, id, TRUE, state, NULL);
}

static void
wait_state (WbTestCaseWait *w,
            const char     *state)
{
  wb_test_wait_case (w, state, NULL);
}

/* Clicks the action's button in the case's action bar. */
static WbDecisionDialog *
open_dialog (WbTestCaseWait *w,
             const char     *action)
{
  WbDecisionDialog *dialog = wb_test_open_decision (wb_test_case_view (w), action);

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (w->window));
  return dialog;
}

/* The action a key press runs in the dialog, or NULL. */
static char *
key_action (WbDecisionDialog *dialog,
            const char       *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (text, trigger) && GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }
  return NULL;
}

/* TRUE when the keyboard focus is in @name. */
static gboolean
focus_in (WbDecisionDialog *dialog,
          const char       *name)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

  return focus != NULL && (focus == wb_test_field (dialog, name) || gtk_widget_is_ancestor (focus, wb_test_field (dialog, name)));
}

/* A fresh application in unit review for the handler's unit. */
static gint64
new_case (const char *upstream,
          const char *item,
          char      **token)
{
  gint64 id = wb_test_intake (server, upstream, item, "210102");
  g_autoptr(WbTestReply) pass = NULL;

  *token = wb_test_login (server, "handler.210102");
  pass = wb_test_act (server, *token, id, "platform_pass", NULL);
  g_assert_cmpuint (pass->status, ==, 200);
  return id;
}

static JsonObject *
first_material (const char *token,
                gint64      id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
  g_autoptr(WbTestReply) list = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (list->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (list), "items");
  return json_object_ref (json_array_get_object_element (items, 0));
}

static gboolean
strv_array_has (JsonArray  *array,
                const char *text)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* The reviewer found the household register lacking; the dialog ticks it
 * with that reason, ticks the application form that never arrived, and
 * issuing lists both, plus an item typed in, and stops the clock. */
static void
test_supplement (void)
{
  g_autofree char *token = NULL;
  g_autofree char *review_path = NULL;
  g_autoptr(JsonObject) material = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(WbTestReply) marked = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  JsonArray *missing;
  WbTestCaseWait w;
  gint64 id;

  id = new_case ("decisions-supplement", "ZA-WFZ", &token);
  material = first_material (token, id);
  g_assert_cmpstr (json_object_get_string_member (material, "name"), ==, "居民户口簿");
  review_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/review",
                                 id, json_object_get_int_member (material, "id"));
  marked = wb_test_request (server, "PUT", review_path, token,
                            "{\"verdict\":\"deficient\",\"reason\":\"缺少本人页\"}");
  g_assert_cmpuint (marked->status, ==, 200);

  window = wb_test_desk_signed_in_window ("handler.210102");
  open_case (&w, window, id, "unit_review");
  dialog = open_dialog (&w, "request_supplement");

  /* Pre-ticked: the deficient material with its reason, and the
   * required form that never arrived. No second-request warning. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "居民户口簿"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "reason:居民户口簿"))), ==, "缺少本人页");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "申请表"))));
  g_assert_false (gtk_widget_get_visible (wb_test_field (dialog, "second-request")));
  g_assert_true (wb_test_can_issue (dialog));
  g_assert_null (wb_decision_dialog_get_missing (dialog));

  /* Nothing ticked: nothing to issue, and the dialog says so. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "居民户口簿")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "申请表")), FALSE);
  g_assert_false (wb_test_can_issue (dialog));
  g_assert_nonnull (wb_decision_dialog_get_missing (dialog));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "居民户口簿")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "申请表")), TRUE);

  /* A received material needs its reason; full-width spaces are none. */
  wb_test_set_text (dialog, "reason:居民户口簿", "\u3000 ");
  g_assert_false (wb_test_can_issue (dialog));
  g_assert_nonnull (strstr (wb_decision_dialog_get_missing (dialog), "居民户口簿"));
  wb_test_set_text (dialog, "reason:居民户口簿", "缺少户主页和本人页");
  g_assert_true (wb_test_can_issue (dialog));

  /* A free-text item. */
  wb_test_set_text (dialog, "add-item", "委托书原件");
  g_signal_emit_by_name (wb_test_field (dialog, "add-item-button"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "add-item"))), ==, "");
  wb_test_set_text (dialog, "note", "请于十个工作日内补正");

  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wait_state (&w, "supplement");

  detail = wb_test_history_detail (token, id, "request_supplement");
  missing = json_object_get_array_member (detail, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 3);
  g_assert_true (strv_array_has (missing, "居民户口簿"));
  g_assert_true (strv_array_has (missing, "申请表"));
  g_assert_true (strv_array_has (missing, "委托书原件"));
  g_assert_cmpstr (json_object_get_string_member (detail, "note"), ==, "请于十个工作日内补正");
  /* The edited reason became the mark the notice quotes. */
  after = first_material (token, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "review"), "reason"),
                   ==, "缺少户主页和本人页");
  /* Once issued, the action is gone from the bar. */
  g_assert_null (wb_case_view_get_action_button (wb_test_case_view (&w), "request_supplement"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
error_shown (gpointer data)
{
  return wb_decision_dialog_get_error (data) != NULL;
}

static gboolean
preview_settled (gpointer data);

/* The preview is the notice that would issue: a deficiency edited in the
 * dialog is written back as the mark first, so the preview quotes it.
 * Previewing issues nothing. */
static void
test_supplement_preview (void)
{
  g_autofree char *token = NULL;
  g_autofree char *review_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) material = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(WbTestReply) marked = NULL;
  g_autoptr(GBytes) pdf = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  WbPdfView *viewer;
  WbTestCaseWait w;
  gint64 id;

  id = new_case ("decisions-preview", "ZA-WFZ", &token);
  material = first_material (token, id);
  review_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/review",
                                 id, json_object_get_int_member (material, "id"));
  marked = wb_test_request (server, "PUT", review_path, token,
                            "{\"verdict\":\"deficient\",\"reason\":\"复印不清\"}");
  g_assert_cmpuint (marked->status, ==, 200);

  window = wb_test_desk_signed_in_window ("handler.210102");
  open_case (&w, window, id, "unit_review");
  dialog = open_dialog (&w, "request_supplement");
  wb_test_set_text (dialog, "reason:居民户口簿", "户主页复印不清，请提交原件");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.preview", NULL);
  wb_test_wait_for (preview_settled, dialog, "the notice preview");
  g_assert_null (wb_decision_dialog_get_toast (dialog));
  g_assert_true (wb_decision_dialog_is_previewing (dialog));
  viewer = WB_PDF_VIEW (wb_decision_dialog_get_preview_view (dialog));
  g_assert_null (wb_pdf_view_get_error (viewer));
  pdf = g_file_load_bytes (wb_pdf_view_get_file (viewer), NULL, NULL, NULL);
  g_assert_nonnull (pdf);
  text = wb_test_pdf_text (pdf);
  if (text != NULL)
    {
      g_assert_nonnull (strstr (text, "户主页复印不清"));
      g_assert_nonnull (strstr (text, "申请表"));
    }
  after = first_material (token, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "review"), "reason"),
                   ==, "户主页复印不清，请提交原件");

  /* Escape twice: back to the form, then away; nothing was issued. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.cancel", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.cancel", NULL);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  g_clear_pointer (&after, json_object_unref);
  after = wb_test_get_case (server, token, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "unit_review");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A second request on the same submission needs a reason in the desk;
 * a desk that did not know of the first request meets the server's 422
 * in the dialog, with the request id, and keeps what was typed. */
static void
test_second_supplement (void)
{
  g_autofree char *token = NULL;
  g_autoptr(WbTestReply) first = NULL;
  g_autoptr(WbTestReply) back = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JsonObject) stale = NULL;
  g_autoptr(WbContext) context = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  WbTestCaseWait w;
  gint64 id;

  id = new_case ("decisions-second", "ZA-WFZ", &token);
  first = wb_test_act (server, token, id, "request_supplement", "{\"missing\":[\"申请表\"]}");
  g_assert_cmpuint (first->status, ==, 200);
  back = wb_test_act (server, token, id, "supplement_received", NULL);
  g_assert_cmpuint (back->status, ==, 200);

  window = wb_test_desk_signed_in_window ("handler.210102");
  open_case (&w, window, id, "unit_review");

  /* The desk's own dialog asks why, and will not issue without it. */
  dialog = open_dialog (&w, "request_supplement");
  g_assert_true (gtk_widget_get_visible (wb_test_field (dialog, "second-request")));
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "second-reason", "\u3000");
  g_assert_false (wb_test_can_issue (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.cancel", NULL);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the cancelled dialog to close");

  /* The same decision from a desk whose copy of the case predates the
   * first request: the form asks no reason, the server does. */
  stale = json_object_new ();
  json_object_set_int_member (stale, "id", id);
  json_object_set_int_member (stale, "supplement_count", 0);
  g_object_get (wb_test_case_view (&w), "context", &context, NULL);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *etag = NULL;
    g_autoptr(JsonObject) fresh = wb_test_get_case (server, token, id, &etag);
    JsonArray *required;
    WbDecisionTexts texts = { "Request Materials", "_Issue Notice", "issued", FALSE, TRUE };

    g_assert_true (json_parser_load_from_data (parser, "[{\"name\":\"申请表\"}]", -1, NULL));
    required = json_node_get_array (json_parser_get_root (parser));
    dialog = wb_decision_dialog_new (context, id, "stale", etag, "request_supplement", &texts,
                                     WB_DECISION_FORM (wb_supplement_form_new (context, stale, required, NULL)));
    gtk_window_present (GTK_WINDOW (dialog));
  }
  wb_test_set_text (dialog, "note", "请补交申请表");
  wb_test_issue (dialog);
  wb_test_wait_for (error_shown, dialog, "the server's refusal in the dialog");
  g_assert_nonnull (strstr (wb_decision_dialog_get_error (dialog), "reason"));
  g_assert_nonnull (strstr (wb_decision_dialog_get_error (dialog), "request "));
  g_assert_true (wb_test_find_decision_dialog () == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "note"))), ==, "请补交申请表");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (wb_test_field (dialog, "申请表"))));
  g_assert_true (wb_test_can_issue (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* With the reason, the second request goes out, flagged. */
  dialog = open_dialog (&w, "request_supplement");
  wb_test_set_text (dialog, "second-reason", "补交的申请表缺少签名");
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wait_state (&w, "supplement");
  detail = wb_test_history_detail (token, id, "request_supplement");
  g_assert_cmpstr (json_object_get_string_member (detail, "reason"), ==, "补交的申请表缺少签名");
  g_assert_true (json_object_get_boolean_member (detail, "flagged"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A refusal needs its legal basis and its reasons, and shows the
 * remedies the notice will carry. */
static void
test_refuse (void)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) after = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  GtkWidget *basis;
  const char *remedy;
  WbTestCaseWait w;
  gint64 id;

  id = new_case ("decisions-refuse", "ZA-WFZ", &token);
  window = wb_test_desk_signed_in_window ("handler.210102");
  open_case (&w, window, id, "unit_review");
  dialog = open_dialog (&w, "refuse");

  remedy = gtk_label_get_label (GTK_LABEL (wb_test_field (dialog, "remedy")));
  g_assert_nonnull (strstr (remedy, "60"));
  g_assert_nonnull (strstr (remedy, "6"));

  /* A basis from the item's list is offered first; reasons are missing. */
  basis = wb_test_field (dialog, "basis");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (basis))), >=, 2);
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "reason", "  ");
  g_assert_false (wb_test_can_issue (dialog));

  /* Written in: blank is no basis. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (basis),
                              g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (basis))) - 1);
  g_assert_true (gtk_widget_get_visible (wb_test_field (dialog, "basis-other")));
  wb_test_set_text (dialog, "reason", "申请人不属于本机关管辖范围");
  g_assert_false (wb_test_can_issue (dialog));
  g_assert_nonnull (wb_decision_dialog_get_missing (dialog));
  wb_test_set_text (dialog, "basis-other", "\u3000");
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "basis-other", "《中华人民共和国行政许可法》第三十二条第一款第二项");
  g_assert_true (wb_test_can_issue (dialog));

  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wait_state (&w, "refused");
  after = wb_test_get_case (server, token, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "refusal_basis"), ==,
                   "《中华人民共和国行政许可法》第三十二条第一款第二项");
  g_assert_cmpstr (json_object_get_string_member (after, "refusal_reason"), ==, "申请人不属于本机关管辖范围");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
preview_settled (gpointer data)
{
  WbDecisionDialog *dialog = data;
  WbPdfView *viewer = WB_PDF_VIEW (wb_decision_dialog_get_preview_view (dialog));

  return wb_decision_dialog_get_toast (dialog) != NULL || wb_pdf_view_get_error (viewer) != NULL ||
         (wb_pdf_view_is_loaded (viewer) && wb_pdf_view_get_rendered_count (viewer) > 0);
}

/* Accept, extend once, approve: each through its dialog, end to end. */
static void
test_accept_extend_approve (void)
{
  g_autofree char *token = NULL;
  g_autofree char *deadline = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) detail = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  WbTestCaseWait w;
  gint64 id;

  id = new_case ("decisions-accept", "ZA-WFZ", &token);
  window = wb_test_desk_signed_in_window ("handler.210102");
  open_case (&w, window, id, "unit_review");

  /* Accept: nothing to fill in; the notice can be previewed first. */
  dialog = open_dialog (&w, "accept");
  g_assert_true (wb_test_can_issue (dialog));
  g_assert_true (gtk_widget_get_visible (wb_test_field (dialog, "preview")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.preview", NULL);
  wb_test_wait_for (preview_settled, dialog, "the notice preview");
  if (wb_decision_dialog_get_toast (dialog) != NULL)
    /* Without the preview endpoint, the dialog says so and stays usable. */
    g_assert_false (wb_decision_dialog_is_previewing (dialog));
  else
    {
      g_assert_true (wb_decision_dialog_is_previewing (dialog));
      g_assert_null (wb_pdf_view_get_error (WB_PDF_VIEW (wb_decision_dialog_get_preview_view (dialog))));
      /* Escape on the preview goes back to the form, not away. */
      gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.cancel", NULL);
      g_assert_false (wb_decision_dialog_is_previewing (dialog));
      g_assert_true (wb_test_find_decision_dialog () == dialog);
    }
  g_assert_true (wb_test_can_issue (dialog));
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wait_state (&w, "accepted");

  /* Extend: a reason is required; once done, the action is gone. */
  deadline = g_strdup (json_object_get_string_member (wb_case_view_get_case (wb_test_case_view (&w)), "deadline"));
  dialog = open_dialog (&w, "extend_deadline");
  g_assert_false (wb_test_can_issue (dialog));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (wb_test_field (dialog, "days")), 3);
  wb_test_set_text (dialog, "reason", "需要实地核查");
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wait_state (&w, "accepted");
  detail = wb_test_history_detail (token, id, "extend_deadline");
  g_assert_cmpint (json_object_get_int_member (detail, "days"), ==, 3);
  after = wb_test_get_case (server, token, id, NULL);
  g_assert_true (json_object_get_boolean_member (after, "deadline_extended"));
  g_assert_cmpstr (json_object_get_string_member (after, "deadline"), >, deadline);
  g_assert_null (wb_case_view_get_action_button (wb_test_case_view (&w), "extend_deadline"));
  g_clear_pointer (&after, json_object_unref);

  /* Approve: the result is required, and approval completes the case.
   * The keyboard starts in the result; Escape cancels, Ctrl+Enter issues. */
  dialog = open_dialog (&w, "approve");
  g_assert_true (focus_in (dialog, "result"));
  {
    g_autofree char *escape = key_action (dialog, "Escape");
    g_autofree char *ctrl_return = key_action (dialog, "<Control>Return");

    g_assert_cmpstr (escape, ==, "decision.cancel");
    g_assert_cmpstr (ctrl_return, ==, "decision.issue");
  }
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "result", " ");
  g_assert_false (wb_test_can_issue (dialog));
  wb_test_set_text (dialog, "result", "准予开具无犯罪记录证明");
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wait_state (&w, "completed");
  after = wb_test_get_case (server, token, id, NULL);
  g_assert_cmpstr (json_object_get_string_member (after, "result"), ==, "准予开具无犯罪记录证明");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
dialog_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* The idle lock hides an open decision with its case, and unlocking
 * brings it back as it was typed. */
static void
test_hidden_while_locked (void)
{
  const char *args[] = { "--demo", "--idle-timeout=5", NULL };
  WbTestServer *idle_server = wb_test_server_start (args, NULL);
  g_autofree char *idle_origin = wb_test_server_origin (idle_server);
  g_autofree char *token = wb_test_login (idle_server, "handler.210102");
  gint64 id = wb_test_intake (idle_server, "decisions-locked", "ZA-WFZ", "210102");
  g_autoptr(WbTestReply) pass = wb_test_act (idle_server, token, id, "platform_pass", NULL);
  WbWindow *window;
  WbDecisionDialog *dialog;
  WbTestCaseWait w;

  g_assert_cmpuint (pass->status, ==, 200);
  window = wb_test_desk_new_window ();
  wb_test_desk_sign_in (window, idle_origin, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  open_case (&w, window, id, "unit_review");
  dialog = open_dialog (&w, "refuse");
  wb_test_set_text (dialog, "reason", "材料不符合法定形式");

  wb_test_wait_for (wb_test_locked, window, "the idle lock");
  wb_test_wait_for (dialog_hidden, dialog, "the dialog to hide with its case");
  g_assert_true (wb_test_find_decision_dialog () == NULL);

  wb_window_unlock (window, WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "unlocking");
  g_assert_true (wb_test_find_decision_dialog () == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wb_test_field (dialog, "reason"))), ==, "材料不符合法定形式");

  /* Closing the tab takes the unfinished decision with it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close with its tab");

  gtk_window_destroy (GTK_WINDOW (window));
  wb_test_desk_stop_server (idle_server);
}

/* A preview the server cannot give (here: no such case) is a toast in
 * the dialog, which stays on its form. */
static void
test_preview_unavailable (void)
{
  WbWindow *window = wb_test_desk_signed_in_window ("handler.210102");
  WbDecisionTexts texts = { "Accept Application", "_Accept", "accepted", FALSE, TRUE };
  WbDecisionDialog *dialog;

  dialog = wb_decision_dialog_new (wb_window_get_context (window), G_MAXINT32, "none", "\"v1\"", "accept",
                                   &texts, WB_DECISION_FORM (wb_accept_form_new (NULL)));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.preview", NULL);
  wb_test_wait_for (preview_settled, dialog, "the failed preview");
  g_assert_nonnull (wb_decision_dialog_get_toast (dialog));
  g_assert_false (wb_decision_dialog_is_previewing (dialog));
  g_assert_true (wb_test_can_issue (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The case moved on while the dialog was open: the dialog closes, and
 * the case view reloads and says what changed. */
static gboolean
notice_shown (gpointer data)
{
  return wb_case_view_get_notice (wb_test_case_view (data)) != NULL;
}

static void
test_stale_case (void)
{
  g_autofree char *token = NULL;
  g_autoptr(WbTestReply) behind = NULL;
  WbWindow *window;
  WbDecisionDialog *dialog;
  WbTestCaseWait w;
  gint64 id;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  id = new_case ("decisions-stale", "ZA-WFZ", &token);
  window = wb_test_desk_signed_in_window ("handler.210102");
  open_case (&w, window, id, "unit_review");
  dialog = open_dialog (&w, "accept");
  behind = wb_test_act (server, token, id, "refuse",
                        "{\"legal_basis\":\"《中华人民共和国行政许可法》第三十二条\",\"reason\":\"不属于受理范围\"}");
  g_assert_cmpuint (behind->status, ==, 200);
  wb_test_issue (dialog);
  wb_test_wait_for (wb_test_no_decision_dialog, NULL, "the dialog to close");
  wb_test_wait_for (notice_shown, &w, "the conflict notice");
  wait_state (&w, "refused");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_desk_init (&argc, &argv, args, NULL);
  /* Changes arrive by reload after each decision, not by polling. */
  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);

  g_test_add_func ("/desk/decisions/supplement", test_supplement);
  g_test_add_func ("/desk/decisions/supplement-preview", test_supplement_preview);
  g_test_add_func ("/desk/decisions/second-supplement", test_second_supplement);
  g_test_add_func ("/desk/decisions/refuse", test_refuse);
  g_test_add_func ("/desk/decisions/accept-extend-approve", test_accept_extend_approve);
  g_test_add_func ("/desk/decisions/stale-case", test_stale_case);
  g_test_add_func ("/desk/decisions/preview-unavailable", test_preview_unavailable);
  g_test_add_func ("/desk/decisions/hidden-while-locked", test_hidden_while_locked);
  return wb_test_desk_run ();
}
