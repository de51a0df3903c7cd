/* test-desk-window.c: the desk's window against a real server, driven
 * through its actions and widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "case/wb-case-view.h"
#include "case/wb-decision-dialog.h"
#include "inbox/wb-case-list-model.h"
#include "inbox/wb-case-row.h"
#include "inbox/wb-inbox-table.h"
#include "inbox/wb-inbox-view.h"
#include "signin/wb-signin-page.h"
#include "viewer/wb-material-cache.h"
#include "viewer/wb-pdf-view.h"
#include "wb-secret.h"
#include "wb-handler-picker.h"
#include "wb-test-desk.h"

static WbTestServer *server;

static gboolean
signin_error_shown (gpointer data)
{
  return wb_signin_page_get_error (WB_SIGNIN_PAGE (wb_window_get_signin_page (data))) != NULL;
}

static gboolean
model_has_rows (gpointer data)
{
  gboolean loading = TRUE;

  g_object_get (data, "loading", &loading, NULL);
  return !loading && g_list_model_get_n_items (data) > 0;
}

static gboolean
model_settled (gpointer data)
{
  gboolean loading = TRUE;

  g_object_get (data, "loading", &loading, NULL);
  return !loading;
}

static void
test_server_down (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  WbSigninPage *page = WB_SIGNIN_PAGE (wb_window_get_signin_page (window));

  /* Port 1 on loopback: nothing listens there. */
  wb_window_set_server (window, "http://127.0.0.1:1", FALSE);
  wb_test_iterate (200);
  wb_signin_page_submit (page, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (signin_error_shown, window, "the unreachable-server message");
  g_assert_nonnull (strstr (wb_signin_page_get_error (page), "cannot be reached"));
  g_assert_false (wb_window_is_signed_in (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A server whose certificate nobody vouches for: the desk refuses it and
 * says it is a certificate problem, not a wrong password. */
static void
test_tls_failure (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wangban-tls-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *accept = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) tls_server = NULL;
  g_autoptr(GError) error = NULL;
  WbWindow *window;
  WbSigninPage *page;
  guint16 port = free_port ();
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { (char *) "openssl", (char *) "req", (char *) "-x509",
                                                 (char *) "-newkey", (char *) "rsa:2048", (char *) "-nodes",
                                                 (char *) "-keyout", key, (char *) "-out", cert,
                                                 (char *) "-days", (char *) "1",
                                                 (char *) "-subj", (char *) "/CN=127.0.0.1", NULL },
                               NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  accept = g_strdup_printf ("127.0.0.1:%u", port);
  tls_server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                 G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                                 "openssl", "s_server", "-accept", accept, "-cert", cert, "-key", key,
                                 "-www", "-quiet", NULL);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC / 2);

  window = wb_test_desk_new_window ();
  page = WB_SIGNIN_PAGE (wb_window_get_signin_page (window));
  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  wb_window_set_server (window, url, FALSE);
  wb_test_iterate (200);
  wb_signin_page_submit (page, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (signin_error_shown, window, "the certificate message");
  g_assert_nonnull (strstr (wb_signin_page_get_error (page), "certificate"));
  g_assert_false (wb_window_is_signed_in (window));
  gtk_window_destroy (GTK_WINDOW (window));

  g_subprocess_force_exit (tls_server);
  g_unlink (key);
  g_unlink (cert);
  g_rmdir (dir);
}

static void
test_wrong_password (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  WbSigninPage *page = WB_SIGNIN_PAGE (wb_window_get_signin_page (window));

  wb_test_desk_sign_in (window, NULL, "handler.210102", "not the password");
  wb_test_wait_for (signin_error_shown, window, "the wrong-password message");
  g_assert_cmpstr (wb_signin_page_get_error (page), ==, "Wrong username or password.");
  g_assert_false (wb_window_is_signed_in (window));

  /* A field left empty is named, and the keyboard goes to it. */
  wb_signin_page_submit (page, "handler.210102", "");
  g_assert_cmpstr (wb_signin_page_get_error (page), ==, "Enter your password.");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (page)));
  wb_signin_page_submit (page, "", "secret");
  g_assert_cmpstr (wb_signin_page_get_error (page), ==, "Enter your username.");
  g_assert_false (wb_window_is_signed_in (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  WbWindow *window;
  gint64    id;
} CaseWait;

static gboolean
case_loaded (gpointer data)
{
  CaseWait *w = data;
  GtkWidget *view = wb_window_get_case_view (w->window, w->id);
  gboolean loading = TRUE;

  if (view == NULL)
    return FALSE;
  g_object_get (view, "loading", &loading, NULL);
  return !loading && wb_case_view_get_case (WB_CASE_VIEW (view)) != NULL;
}

static const char *
case_state (WbWindow *window,
            gint64    id)
{
  JsonObject *c = wb_case_view_get_case (WB_CASE_VIEW (wb_window_get_case_view (window, id)));
  return json_object_get_string_member (c, "state");
}

typedef struct
{
  WbWindow   *window;
  gint64      id;
  const char *state;
} StateWait;

static gboolean
case_in_state (gpointer data)
{
  StateWait *w = data;
  GtkWidget *view = wb_window_get_case_view (w->window, w->id);
  gboolean loading = TRUE;

  g_object_get (view, "loading", &loading, NULL);
  return !loading && g_strcmp0 (case_state (w->window, w->id), w->state) == 0;
}

static gboolean
notice_shown (gpointer data)
{
  CaseWait *w = data;
  GtkWidget *view = wb_window_get_case_view (w->window, w->id);
  return wb_case_view_get_notice (WB_CASE_VIEW (view)) != NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return (AdwMessageDialog *) wb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

/* A reason dialog (wb-text-dialog.c) as a person answers it: the
 * confirming @response is off until a reason is typed, then gives it. */
static void
answer_with_reason (const char *response,
                    const char *reason)
{
  AdwMessageDialog *dialog;

  wb_test_wait_for (dialog_shown, NULL, "the reason dialog");
  dialog = find_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, response));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Accepting opens its dialog (test-desk-decisions.c tests it); this
 * issues the decision there as a person confirming it would. */
static void
issue_in_decision_dialog (void)
{
  WbDecisionDialog *dialog = wb_test_find_decision_dialog ();

  if (dialog == NULL)
    g_error ("no decision dialog open");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.issue", NULL);
}

static gboolean
id_revealed (gpointer data)
{
  CaseWait *w = data;
  GtkWidget *view = wb_window_get_case_view (w->window, w->id);
  const char *id = wb_case_view_get_applicant_field (WB_CASE_VIEW (view), "id_number");
  return id != NULL && strchr (id, '*') == NULL;
}

/* One signed-in session, start to end: the first page, sorting,
 * filtering, a case tab, claim, a 412 conflict and a reveal. */
static void
test_work_a_case (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  WbInboxView *inbox;
  GListModel *model;
  g_autofree char *token = NULL;
  gint64 id;
  CaseWait cw;
  StateWait sw;

  /* No live updates here: the 412 below needs a change the desk has not
   * yet heard of, as happens between two polls. */
  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  g_assert_nonnull (inbox);
  model = wb_inbox_view_get_model (inbox);
  wb_test_wait_for (model_has_rows, model, "the first page");

  /* The default view is the work in progress: cases under review or
   * waiting for materials, none decided or closed. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (model, i);
      const char *states[] = { "submitted", "unit_review", "supplement", "accepted", NULL };
      g_assert_true (g_strv_contains (states, wb_case_row_get_state (row)));
    }

  /* Sort: the list starts by deadline; the case-number title pressed
   * once sorts up, twice down, and each asks the server. */
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "sort=deadline&order=asc"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (inbox), "inbox.sort", "s", "case_no"));
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "sort=case_no&order=asc"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (inbox), "inbox.sort", "s", "case_no"));
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "sort=case_no&order=desc"));
  wb_test_wait_for (model_has_rows, model, "the sorted page");
  for (guint i = 1; i < MIN (50, g_list_model_get_n_items (model)); i++)
    {
      g_autoptr(WbCaseRow) a = g_list_model_get_item (model, i - 1);
      g_autoptr(WbCaseRow) b = g_list_model_get_item (model, i);
      g_assert_cmpint (strcmp (wb_case_row_get_case_no (a), wb_case_row_get_case_no (b)), >, 0);
    }

  /* Filter: unit review only (after in progress, to deliver, all, platform). */
  {
    GtkDropDown *state_dropdown = NULL;
    GtkWidget *toolbar = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (inbox)));

    for (GtkWidget *c = gtk_widget_get_first_child (toolbar); c; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_DROP_DOWN (c) && state_dropdown == NULL)
        state_dropdown = GTK_DROP_DOWN (c);
    g_assert_nonnull (state_dropdown);
    gtk_drop_down_set_selected (state_dropdown, 4);
    g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "state=unit_review&"));
    wb_test_wait_for (model_settled, model, "the filtered page");
    g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(WbCaseRow) row = g_list_model_get_item (model, i);
        g_assert_cmpstr (wb_case_row_get_state (row), ==, "unit_review");
      }
  }

  /* Open a case that is not ours yet: a fresh intake, unassigned. */
  id = wb_test_intake (server, "desk-test-1", "ZA-WFZ", "210102");
  token = wb_test_login (server, "handler.210102");
  {
    g_autoptr(WbTestReply) pass = wb_test_act (server, token, id, "platform_pass", NULL);
    g_autoptr(WbTestReply) reassign = NULL;
    g_assert_cmpuint (pass->status, ==, 200);
    /* Give it to nobody by handing it on is not possible; claim from the
     * desk takes it over from the API session's first touch instead. */
    (void) reassign;
  }
  /* Opened while the keyboard is in the sidebar, as after Alt+1 and a
   * search from there. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (wb_window_get_sidebar (window), 0)));
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  g_assert_cmpstr (case_state (window, id), ==, "unit_review");
  /* The opened case has the keyboard, so its shortcuts work at once. */
  {
    GtkWidget *view = wb_window_get_case_view (window, id);
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_true (focus == view || (focus != NULL && gtk_widget_is_ancestor (focus, view)));
  }
  /* Masked until revealed. */
  g_assert_nonnull (strchr (wb_case_view_get_applicant_field (WB_CASE_VIEW (wb_window_get_case_view (window, id)), "id_number"), '*'));

  /* A 412: the case moves on behind the desk's back; the desk's accept
   * then meets a stale ETag, reloads and says so. */
  {
    g_autoptr(WbTestReply) behind = wb_test_act (server, token, id, "request_supplement",
                                                 "{\"missing\":[\"申请表\"]}");
    g_autoptr(WbTestReply) back = NULL;
    GtkWidget *accept;

    g_assert_cmpuint (behind->status, ==, 200);
    accept = wb_case_view_get_action_button (WB_CASE_VIEW (wb_window_get_case_view (window, id)), "accept");
    g_assert_nonnull (accept);
    /* "clicked" directly: activate needs a realized button, and a tab
     * opened a moment ago may not be drawn yet. */
    g_signal_emit_by_name (accept, "clicked");
    issue_in_decision_dialog ();
    wb_test_wait_for (notice_shown, &cw, "the conflict notice");
    /* The notice says what changed: from unit review to awaiting materials. */
    g_assert_nonnull (strstr (wb_case_view_get_notice (WB_CASE_VIEW (wb_window_get_case_view (window, id))),
                              "Awaiting Materials"));
    sw.window = window;
    sw.id = id;
    sw.state = "supplement";
    wb_test_wait_for (case_in_state, &sw, "the reloaded case");
    back = wb_test_act (server, token, id, "supplement_received", NULL);
    g_assert_cmpuint (back->status, ==, 200);
    wb_case_view_reload (WB_CASE_VIEW (wb_window_get_case_view (window, id)));
    sw.state = "unit_review";
    wb_test_wait_for (case_in_state, &sw, "the case back in review");
  }

  /* Accept from the desk: one click, the case moves on. */
  {
    GtkWidget *accept = wb_case_view_get_action_button (WB_CASE_VIEW (wb_window_get_case_view (window, id)), "accept");

    g_assert_nonnull (accept);
    /* "clicked" directly: activate needs a realized button, and a tab
     * opened a moment ago may not be drawn yet. */
    g_signal_emit_by_name (accept, "clicked");
    issue_in_decision_dialog ();
    sw.state = "accepted";
    wb_test_wait_for (case_in_state, &sw, "the accepted case");
  }

  /* Reveal asks for a reason and then shows the clear values. */
  {
    gtk_widget_activate_action (wb_window_get_case_view (window, id), "case.reveal", NULL);
    answer_with_reason ("reveal", "回访申请人核实材料");
    wb_test_wait_for (id_revealed, &cw, "the revealed ID number");
    g_assert_cmpstr (wb_case_view_get_applicant_field (WB_CASE_VIEW (wb_window_get_case_view (window, id)), "id_number"),
                     ==, "11010519491231002X");
    /* The card says these are the clear values and that the look was
     * recorded. */
    {
      GtkWidget *group = wb_test_find_widget_of_type (wb_window_get_case_view (window, id), ADW_TYPE_PREFERENCES_GROUP);

      g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "recorded"));
    }
  }

  /* Closing the tab drops the clear values with the view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  wb_test_iterate (50);
  g_assert_null (wb_window_get_case_view (window, id));

  /* Alt+1 from the sidebar puts the keyboard in the list of cases. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (wb_window_get_sidebar (window), 0)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inbox", NULL);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (inbox)));
    g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW));
    g_assert_nonnull (gtk_widget_get_ancestor (focus, WB_TYPE_INBOX_TABLE));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The inbox's filter drop-downs, in order: state, item, assignee, due. */
static GtkDropDown *
nth_dropdown (WbInboxView *inbox,
              guint        n)
{
  GtkWidget *toolbar = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (inbox)));

  for (GtkWidget *c = gtk_widget_get_first_child (toolbar); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_DROP_DOWN (c) && n-- == 0)
      return GTK_DROP_DOWN (c);
  return NULL;
}

static GtkDropDown *
state_dropdown_of (WbInboxView *inbox)
{
  return nth_dropdown (inbox, 0);
}

static gboolean
items_listed (gpointer data)
{
  GListModel *items = gtk_drop_down_get_model (data);
  return items != NULL && g_list_model_get_n_items (items) > 1;
}

/* The first saved filter in the sidebar; the rows of other views (the
 * uncollected certificates) carry no query. */
static GtkListBoxRow *
first_filter_row (WbWindow *window)
{
  GtkListBoxRow *row;
  int i = 1;

  while ((row = gtk_list_box_get_row_at_index (wb_window_get_sidebar (window), i++)) != NULL)
    if (g_object_get_data (G_OBJECT (row), "wb-query") != NULL)
      return row;
  return NULL;
}

/* The count shown beside the first saved filter in the sidebar. */
static gint64
sidebar_filter_count (WbWindow *window)
{
  GtkListBoxRow *row = first_filter_row (window);
  GtkWidget *box, *count;

  if (row == NULL)
    return -1;
  box = gtk_list_box_row_get_child (row);
  count = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  return g_ascii_strtoll (gtk_label_get_label (GTK_LABEL (count)), NULL, 10);
}

typedef struct
{
  WbWindow *window;
  gint64    count;
} CountWait;

static gboolean
filter_count_is (gpointer data)
{
  CountWait *w = data;
  return sidebar_filter_count (w->window) == w->count;
}

typedef struct
{
  WbCaseRow  *row;
  const char *state;
} RowWait;

static gboolean
row_in_state (gpointer data)
{
  RowWait *w = data;
  return g_strcmp0 (wb_case_row_get_state (w->row), w->state) == 0;
}

/* A change made elsewhere reaches the row on screen through the change
 * feed, in place, without a reload. */
static void
test_live_updates (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  g_autofree char *token = NULL;
  g_autoptr(WbCaseRow) row = NULL;
  g_autoptr(WbTestReply) acted = NULL;
  GListModel *model;
  RowWait w;
  guint n_before;
  gint64 count_before;

  /* Poll often, so the update arrives within the test. */
  g_setenv ("WANGBAN_POLL_MS", "200", TRUE);
  wb_test_desk_sign_in (window, NULL, "handler.210103", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  model = wb_inbox_view_get_model (WB_INBOX_VIEW (wb_window_get_inbox (window)));
  wb_test_wait_for (model_has_rows, model, "the first page");
  /* Only the cases awaiting platform review. */
  gtk_drop_down_set_selected (state_dropdown_of (WB_INBOX_VIEW (wb_window_get_inbox (window))), 3);
  wb_test_wait_for (model_settled, model, "the platform-review page");

  for (guint i = 0; i < g_list_model_get_n_items (model) && row == NULL; i++)
    {
      g_autoptr(WbCaseRow) candidate = g_list_model_get_item (model, i);
      if (g_strcmp0 (wb_case_row_get_state (candidate), "submitted") == 0)
        row = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (row);
  n_before = g_list_model_get_n_items (model);

  /* Save this view; the sidebar shows its count. */
  wb_inbox_view_save_filter (WB_INBOX_VIEW (wb_window_get_inbox (window)), "live-count");
  g_assert_nonnull (wb_inbox_view_get_query (WB_INBOX_VIEW (wb_window_get_inbox (window))));
  {
    CountWait cw0 = { window, -1 };
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (sidebar_filter_count (window) < 0 && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    cw0.count = sidebar_filter_count (window);
    g_assert_cmpint (cw0.count, >, 0);
    count_before = cw0.count;
  }

  token = wb_test_login (server, "handler.210103");
  acted = wb_test_act (server, token, wb_case_row_get_id (row), "platform_pass", NULL);
  g_assert_cmpuint (acted->status, ==, 200);

  w.row = row;
  w.state = "unit_review";
  wb_test_wait_for (row_in_state, &w, "the row to show its new state");
  g_assert_cmpstr (wb_case_row_get_assignee_username (row), ==, "handler.210103");

  /* The case left platform review: the saved filter's count follows. */
  {
    CountWait cw = { window, count_before - 1 };
    g_autoptr(WbTestReply) filters = NULL;
    JsonArray *items;

    wb_test_wait_for (filter_count_is, &cw, "the saved filter's count to drop by one");

    /* Leave the account's sidebar as it was for the other tests. */
    filters = wb_test_request (server, "GET", "/filters", token, NULL);
    items = json_object_get_array_member (wb_test_reply_object (filters), "items");
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        g_autofree char *path = g_strdup_printf ("/filters/%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (json_array_get_object_element (items, i), "id"));
        g_autoptr(WbTestReply) gone = wb_test_request (server, "DELETE", path, token, NULL);
        g_assert_cmpuint (gone->status, ==, 204);
      }
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_before);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GListModel *model;
  guint       n;
  const char *username;
} AssignWait;

static gboolean
first_rows_assigned (gpointer data)
{
  AssignWait *w = data;

  for (guint i = 0; i < w->n; i++)
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (w->model, i);
      if (g_strcmp0 (wb_case_row_get_assignee_username (row), w->username) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
on_notice_cb (WbContext  *context,
              const char *message,
              char      **last)
{
  g_free (*last);
  *last = g_strdup (message);
}

static gboolean
notice_is (gpointer data)
{
  const char * const *pair = data;

  return g_strcmp0 (*(char **) pair[0], pair[1]) == 0;
}

/* Ctrl+Shift+A reaches the inbox's assign before the list, which holding
 * the keyboard would otherwise take it as "unselect all". */
static gboolean
assign_shortcut_captured (GtkWidget *inbox)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (inbox);
  g_autoptr(GtkShortcutTrigger) keys = gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), keys) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "inbox.assign") == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Several cases handed to a colleague at once, from the inbox. */
static gboolean
search_applied (gpointer data)
{
  return strstr (wb_inbox_view_get_query (data), "q=2026") != NULL;
}

static void
test_bulk_assign (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  g_autofree char *admin = wb_test_login (server, "sysadmin.210100");
  g_autoptr(WbTestReply) created = wb_test_request (server, "POST", "/users", admin,
    "{\"username\":\"handler2.210102\",\"display_name\":\"李明\",\"unit_code\":\"210102\","
    "\"roles\":[\"handler\"],\"password\":\"Second-Handler-2026\"}");
  WbInboxView *inbox;
  GListModel *model;
  GtkWidget *picker;
  AssignWait w;
  g_autofree char *notice = NULL;

  g_assert_cmpuint (created->status, ==, 201);
  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  model = wb_inbox_view_get_model (inbox);
  wb_test_wait_for (model_has_rows, model, "the first page");
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 3);

  /* Nothing selected, nothing to assign: the button waits for rows. */
  picker = wb_test_find_widget_of_type (GTK_WIDGET (inbox), WB_TYPE_HANDLER_PICKER);
  g_assert_nonnull (picker);
  g_assert_false (gtk_widget_get_sensitive (picker));
  gtk_selection_model_select_range (wb_inbox_view_get_selection (inbox), 0, 3, TRUE);
  g_assert_true (gtk_widget_get_sensitive (picker));
  g_assert_true (assign_shortcut_captured (GTK_WIDGET (inbox)));
  g_signal_connect (wb_window_get_context (window), "notice", G_CALLBACK (on_notice_cb), &notice);
  wb_inbox_view_assign_selected (inbox, "handler2.210102");
  w.model = model;
  w.n = 3;
  w.username = "handler2.210102";
  wb_test_wait_for (first_rows_assigned, &w, "the three rows to show the new assignee");
  /* One message says what came of them all. */
  {
    const char *assigned[] = { (const char *) &notice, "Assigned 3 cases" };

    wb_test_wait_for (notice_is, assigned, "the assignment's summary");
  }

  /* A claim of cases already the caseworker's asks the server nothing
   * and says so, instead of relaying one refusal per case. */
  {
    GtkBitset *mine = gtk_bitset_new_empty ();
    const char *claimed[] = { (const char *) &notice, NULL };

    for (guint i = 0; i < g_list_model_get_n_items (model) && gtk_bitset_get_size (mine) < 2; i++)
      {
        g_autoptr(WbCaseRow) row = g_list_model_get_item (model, i);

        if (g_strcmp0 (wb_case_row_get_assignee_username (row), "handler.210102") == 0)
          gtk_bitset_add (mine, i);
      }
    g_assert_cmpuint (gtk_bitset_get_size (mine), ==, 2);
    gtk_selection_model_unselect_all (wb_inbox_view_get_selection (inbox));
    gtk_selection_model_set_selection (wb_inbox_view_get_selection (inbox), mine, mine);
    gtk_bitset_unref (mine);
    gtk_widget_activate_action (GTK_WIDGET (inbox), "inbox.claim", NULL);
    claimed[1] = "2 were already yours";
    wb_test_wait_for (notice_is, claimed, "the claim's summary");
  }
  /* The row after the selection is untouched. */
  {
    g_autoptr(WbCaseRow) fourth = g_list_model_get_item (model, 3);
    if (fourth != NULL)
      g_assert_cmpstr (wb_case_row_get_assignee_username (fourth), !=, "handler2.210102");
  }

  /* A new search reuses the rows on screen for other cases: what was
   * selected is no longer selected, so a bulk action cannot reach cases
   * the caseworker never picked. */
  gtk_selection_model_select_range (wb_inbox_view_get_selection (inbox), 0, 3, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (wb_test_find_widget_of_type (GTK_WIDGET (inbox), GTK_TYPE_SEARCH_ENTRY)), "2026");
  wb_test_wait_for (search_applied, inbox, "the search to reach the model");
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (wb_inbox_view_get_selection (inbox));

    g_assert_true (gtk_bitset_is_empty (selected));
  }
  g_assert_false (gtk_widget_get_sensitive (picker));
  g_signal_handlers_disconnect_by_data (wb_window_get_context (window), &notice);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
filter_listed (gpointer data)
{
  return first_filter_row (data) != NULL;
}


/* A filter saved from the inbox appears in the sidebar with its count,
 * and choosing it shows what it selects, controls and all. */
static void
test_saved_filter (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  WbInboxView *inbox;
  GListModel *model;
  GtkDropDown *states;
  GtkListBoxRow *row;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  wb_test_desk_sign_in (window, NULL, "handler.210103", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  model = wb_inbox_view_get_model (inbox);
  wb_test_wait_for (model_has_rows, model, "the first page");

  states = state_dropdown_of (inbox);
  gtk_drop_down_set_selected (states, 5);
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "state=supplement&"));
  /* Newest first: the order is saved with the filter. */
  gtk_widget_activate_action (GTK_WIDGET (inbox), "inbox.sort", "s", "submitted");
  gtk_widget_activate_action (GTK_WIDGET (inbox), "inbox.sort", "s", "submitted");
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "sort=submitted&order=desc"));
  wb_inbox_view_save_filter (inbox, "待补正");
  wb_test_wait_for (filter_listed, window, "the saved filter in the sidebar");

  gtk_drop_down_set_selected (states, 0);
  gtk_widget_activate_action (GTK_WIDGET (inbox), "inbox.sort", "s", "deadline");
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "sort=deadline&order=asc"));
  wb_test_wait_for (model_settled, model, "the in-progress page");
  row = first_filter_row (window);
  g_signal_emit_by_name (wb_window_get_sidebar (window), "row-activated", row);
  g_assert_cmpuint (gtk_drop_down_get_selected (states), ==, 5);
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "state=supplement&"));
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "sort=submitted&order=desc"));
  wb_test_wait_for (model_settled, model, "the saved filter's page");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WbCaseRow) r = g_list_model_get_item (model, i);
      g_assert_cmpstr (wb_case_row_get_state (r), ==, "supplement");
    }

  /* The item filter, from the published catalogue. */
  wb_test_wait_for (items_listed, nth_dropdown (inbox, 1), "the item list");
  wb_inbox_view_apply_query (inbox, "item=ZA-WFZ");
  g_assert_cmpuint (gtk_drop_down_get_selected (nth_dropdown (inbox, 1)), >, 0);
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "item=ZA-WFZ&"));
  wb_test_wait_for (model_settled, model, "the item's page");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WbCaseRow) r = g_list_model_get_item (model, i);
      g_assert_cmpstr (wb_case_row_get_item_name (r), ==, "无犯罪记录证明");
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A case waiting on the applicant's materials ends at their request: the
 * caseworker records why, and the case is withdrawn. */
static void
test_withdraw (void)
{
  g_autofree char *token = wb_test_login (server, "handler.210102");
  gint64 id = wb_test_intake (server, "desk-withdraw-1", "ZA-WFZ", "210102");
  WbWindow *window;
  GtkWidget *view, *withdraw;
  CaseWait cw;
  StateWait sw;

  wb_test_act_ok (token, id, "platform_pass", NULL);
  wb_test_act_ok (token, id, "request_supplement", "{\"missing\":[\"申请表\"]}");
  window = wb_test_desk_signed_in_window ("handler.210102");
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  g_assert_cmpstr (case_state (window, id), ==, "supplement");
  view = wb_window_get_case_view (window, id);
  withdraw = wb_case_view_get_action_button (WB_CASE_VIEW (view), "withdraw");
  g_assert_nonnull (withdraw);

  /* No reason, no withdrawal. */
  g_signal_emit_by_name (withdraw, "clicked");
  answer_with_reason ("withdraw", "申请人来电要求撤回");
  sw.window = window;
  sw.id = id;
  sw.state = "withdrawn";
  wb_test_wait_for (case_in_state, &sw, "the withdrawn case");
  /* Nothing is left to do on it. */
  g_assert_null (wb_case_view_get_action_button (WB_CASE_VIEW (view), "withdraw"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

/* A narrow window shows one pane: the work, with a way back to the
 * views, and Alt+1 always back to the inbox. */
static void
test_narrow_window (void)
{
  WbWindow *window = wb_test_desk_signed_in_window ("handler.210102");
  AdwLeaflet *leaflet = ADW_LEAFLET (wb_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  GtkWidget *sidebar = GTK_WIDGET (wb_window_get_sidebar (window));
  GtkWidget *inbox = wb_window_get_inbox (window);

  gtk_window_set_default_size (GTK_WINDOW (window), 560, 700);
  wb_test_wait_for (folded, leaflet, "the window to fold");
  g_assert_false (gtk_widget_is_ancestor (sidebar, adw_leaflet_get_visible_child (leaflet)) ||
                  sidebar == adw_leaflet_get_visible_child (leaflet));
  g_assert_true (gtk_widget_is_ancestor (inbox, adw_leaflet_get_visible_child (leaflet)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  g_assert_true (gtk_widget_is_ancestor (sidebar, adw_leaflet_get_visible_child (leaflet)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inbox", NULL);
  g_assert_true (gtk_widget_is_ancestor (inbox, adw_leaflet_get_visible_child (leaflet)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
lock_error_shown (gpointer data)
{
  return wb_window_get_lock_error (data) != NULL;
}

/* With no input for the server's idle time the window locks; the wrong
 * password keeps it locked, the right one opens it with the tabs kept. */
static void
test_idle_lock (void)
{
  const char *args[] = { "--demo", "--idle-timeout=2", NULL };
  WbTestServer *idle_server = wb_test_server_start (args, NULL);
  g_autofree char *idle_origin = wb_test_server_origin (idle_server);
  WbWindow *window = NULL;
  GtkWidget *inbox;
  GListModel *model;
  g_autoptr(WbCaseRow) row = NULL;
  g_autofree char *token = NULL;
  g_autoptr(WbTestReply) acted = NULL;
  RowWait w;

  /* Poll often, so what changed while locked arrives within the test. */
  g_setenv ("WANGBAN_POLL_MS", "200", TRUE);
  window = wb_test_desk_new_window ();
  wb_test_desk_sign_in (window, idle_origin, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  inbox = wb_window_get_inbox (window);
  model = wb_inbox_view_get_model (WB_INBOX_VIEW (inbox));
  wb_test_wait_for (model_has_rows, model, "the first page");
  for (guint i = 0; i < g_list_model_get_n_items (model) && row == NULL; i++)
    {
      g_autoptr(WbCaseRow) candidate = g_list_model_get_item (model, i);
      if (g_strcmp0 (wb_case_row_get_state (candidate), "submitted") == 0)
        row = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (row);
  wb_test_wait_for (wb_test_locked, window, "the idle lock");
  g_assert_false (wb_window_is_signed_in (window));

  /* A colleague moves a case on while the desk is locked. */
  token = wb_test_login (idle_server, "handler.210102");
  acted = wb_test_act (idle_server, token, wb_case_row_get_id (row), "platform_pass", NULL);
  g_assert_cmpuint (acted->status, ==, 200);

  wb_window_unlock (window, "not the password");
  wb_test_wait_for (lock_error_shown, window, "the wrong-password message");
  g_assert_true (wb_window_is_locked (window));

  wb_window_unlock (window, WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "unlocking");
  /* The same inbox, not a new session's… */
  g_assert_true (wb_window_get_inbox (window) == inbox);
  /* …still following the change feed, from where it stopped. */
  w.row = row;
  w.state = "unit_review";
  wb_test_wait_for (row_in_state, &w, "the row changed while locked");
  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  wb_test_desk_stop_server (idle_server);
}

typedef struct
{
  gboolean done;
  char    *token;
} Lookup;

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lookup *l = user_data;

  l->token = wb_secret_lookup_finish (result, NULL, NULL);
  l->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* What the keyring holds for the test server, as a later start sees it. */
static char *
stored_token (void)
{
  Lookup l = { 0 };

  wb_secret_lookup_async (wb_test_desk_get_origin (), NULL, on_looked_up_cb, &l);
  wb_test_wait_for (lookup_done, &l, "the keyring");
  return l.token;
}

static gboolean
token_stored (gpointer data)
{
  g_autofree char *token = stored_token ();
  return token != NULL;
}

/* The token went to the keyring: a new window resumes without a
 * password, and signing out forgets it. */
static void
test_resume_and_sign_out (void)
{
  WbWindow *first = wb_test_desk_new_window ();
  WbWindow *second;

  wb_test_desk_sign_in (first, NULL, "viewer.210100", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, first, "sign-in");
  wb_test_wait_for (token_stored, NULL, "the token in the keyring");
  gtk_window_destroy (GTK_WINDOW (first));

  second = wb_test_desk_new_window ();
  wb_window_set_server (second, wb_test_desk_get_origin (), FALSE);
  wb_test_wait_for (wb_test_signed_in, second, "resuming from the keyring");

  gtk_widget_activate_action (GTK_WIDGET (second), "win.sign-out", NULL);
  g_assert_false (wb_window_is_signed_in (second));
  gtk_window_destroy (GTK_WINDOW (second));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    char *left;

    /* Signing out deletes the token, never just hides it. */
    while ((left = stored_token ()) != NULL && g_get_monotonic_time () < deadline)
      g_free (left);
    g_assert_null (left);
  }

  /* Nothing to resume now: the window waits for a password. */
  second = wb_test_desk_new_window ();
  wb_window_set_server (second, wb_test_desk_get_origin (), FALSE);
  for (int i = 0; i < 2000 && !wb_window_is_signed_in (second); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_false (wb_window_is_signed_in (second));
  gtk_window_destroy (GTK_WINDOW (second));
}

static gboolean
materials_listed (gpointer data)
{
  CaseWait *w = data;
  GtkWidget *view = wb_window_get_case_view (w->window, w->id);

  return view != NULL && wb_case_view_has_materials (WB_CASE_VIEW (view));
}

/* Loaded with a page on screen, or given up with an error. */
static gboolean
viewer_settled (gpointer data)
{
  WbPdfView *viewer = data;

  return wb_pdf_view_get_error (viewer) != NULL ||
         (wb_pdf_view_is_loaded (viewer) && wb_pdf_view_get_rendered_count (viewer) > 0);
}

static void
open_material_and_wait (GtkWidget *view,
                        WbPdfView *viewer,
                        gint64     material_id)
{
  gboolean was_visible = gtk_widget_get_visible (GTK_WIDGET (viewer));

  gtk_widget_activate_action (view, "case.open-material", "x", material_id);
  /* A closed viewer is shown once there is something to show, or after a
   * moment with its spinner: never first with a spinner for a scan that
   * is already here. */
  if (!was_visible)
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (viewer)));
  wb_test_wait_for (viewer_settled, viewer, "the material to show");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (viewer)));
  g_assert_null (wb_pdf_view_get_error (viewer));
  g_assert_cmpuint (wb_pdf_view_get_n_pages (viewer), >, 0);
  g_assert_cmpuint (wb_pdf_view_get_rendered_count (viewer), >, 0);
}

/* The first material listed for case @id, as @token sees it, and its
 * digest in @sha256 when asked for. */
static gint64
first_material (const char  *token,
                gint64       id,
                char       **sha256)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
  g_autoptr(WbTestReply) list = wb_test_request (server, "GET", path, token, NULL);
  JsonObject *material;

  g_assert_cmpuint (list->status, ==, 200);
  material = json_array_get_object_element (json_object_get_array_member (wb_test_reply_object (list), "items"), 0);
  if (sha256 != NULL)
    *sha256 = g_strdup (json_object_get_string_member (material, "sha256"));
  return json_object_get_int_member (material, "id");
}

/* The first material of a fresh case: downloaded once, verified, kept in
 * the cache, then shown from the cache; a damaged cached copy is fetched
 * again rather than shown. */
static void
test_open_material (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  WbMaterialCache *cache = wb_material_cache_get_default ();
  g_autofree char *token = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  WbPdfView *viewer;
  gint64 id, material_id;
  guint downloads;
  CaseWait cw;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  id = wb_test_intake (server, "desk-viewer-1", "ZA-WFZ", "210102");
  token = wb_test_login (server, "handler.210102");
  {
    g_autoptr(WbTestReply) pass = wb_test_act (server, token, id, "platform_pass", NULL);
    g_assert_cmpuint (pass->status, ==, 200);
  }
  material_id = first_material (token, id, &sha256);
  file_name = g_strconcat (sha256, ".pdf", NULL);
  cached = g_build_filename (g_get_user_cache_dir (), "wangban-desk", "materials", file_name, NULL);

  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  wb_test_wait_for (materials_listed, &cw, "the received materials");
  view = wb_window_get_case_view (window, id);
  viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (viewer)));

  /* First open: one download, verified and stored under its digest. */
  downloads = wb_material_cache_get_n_downloads (cache);
  open_material_and_wait (view, viewer, material_id);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, downloads + 1);
  g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpfloat (wb_pdf_view_get_scale (viewer), >, 0);

  /* Zooming renders the pages again at the new scale. */
  {
    double fit = wb_pdf_view_get_scale (viewer);

    gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL);
    g_assert_cmpfloat (wb_pdf_view_get_scale (viewer), >, fit);
    gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-fit", NULL);
  }

  /* Second open, as Enter on the material's row does it: from the cache,
   * no download. */
  {
    GtkWidget *row = wb_test_find_actionable (view, "case.open-material");

    g_assert_true (GTK_IS_LIST_BOX_ROW (row));
    g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
    g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row))),
                     ==, material_id);
    g_signal_emit_by_name (row, "activate");
    g_assert_false (wb_pdf_view_is_loaded (viewer));
    wb_test_wait_for (viewer_settled, viewer, "the cached material to show");
    g_assert_null (wb_pdf_view_get_error (viewer));
    g_assert_cmpuint (wb_pdf_view_get_rendered_count (viewer), >, 0);
  }
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, downloads + 1);

  /* A cached copy that no longer matches its digest is replaced. */
  g_assert_true (g_file_set_contents (cached, "not the scan", -1, &error));
  g_assert_no_error (error);
  open_material_and_wait (view, viewer, material_id);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, downloads + 2);

  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.close", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (viewer)));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  WbCaseView *view;
  gint64      material_id;
  const char *expected;
} VerdictWait;

static gboolean
row_shows (gpointer data)
{
  VerdictWait *w = data;
  const char *subtitle = wb_case_view_get_material_subtitle (w->view, w->material_id);

  return subtitle != NULL && strstr (subtitle, w->expected) != NULL;
}

static gboolean
subtitle_is (GtkWidget     *widget,
             gconstpointer  text)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) == 0;
}

/* A handler reads a scan, finds it lacking, says why in the dialog; the
 * row then shows the verdict and the server holds it for the notice. */
static void
test_review_material (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(WbTestReply) after = NULL;
  JsonObject *review;
  GtkWidget *view;
  WbPdfView *viewer;
  gint64 id, material_id;
  CaseWait cw;
  VerdictWait rw;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  /* An item that asks for the household register the intake sends. */
  id = wb_test_intake (server, "desk-review-1", "HZ-SFZ-HL", "210102");
  token = wb_test_login (server, "handler.210102");
  material_id = first_material (token, id, NULL);

  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  wb_test_wait_for (materials_listed, &cw, "the received materials");
  view = wb_window_get_case_view (window, id);
  viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)));
  open_material_and_wait (view, viewer, material_id);

  /* A handler gets both verdicts beside the scan. */
  g_assert_nonnull (wb_test_find_actionable (GTK_WIDGET (viewer), "case.accept-material"));
  g_assert_nonnull (wb_test_find_actionable (GTK_WIDGET (viewer), "case.mark-deficient"));

  {
    AdwMessageDialog *dialog;
    GtkWidget *entry;

    gtk_widget_activate_action (view, "case.mark-deficient", NULL);
    wb_test_wait_for (dialog_shown, NULL, "the deficiency dialog");
    dialog = find_message_dialog ();
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deficient"));
    entry = adw_message_dialog_get_extra_child (dialog);
    /* Full-width spaces are no reason. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "\u3000\u3000");
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "deficient"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "缺少户口簿本人页");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "deficient"));
    adw_message_dialog_response (dialog, "deficient");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  rw.view = WB_CASE_VIEW (view);
  rw.material_id = material_id;
  rw.expected = "缺少户口簿本人页";
  wb_test_wait_for (row_shows, &rw, "the verdict on the material's row");
  /* The checklist counts it as still owed, with the reason. */
  g_assert_nonnull (wb_test_find_widget (view, subtitle_is, "Deficient: 缺少户口簿本人页"));

  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
  after = wb_test_request (server, "GET", path, token, NULL);
  g_assert_cmpuint (after->status, ==, 200);
  review = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (wb_test_reply_object (after), "items"), 0), "review");
  g_assert_nonnull (review);
  g_assert_cmpstr (json_object_get_string_member (review, "verdict"), ==, "deficient");
  g_assert_cmpstr (json_object_get_string_member (review, "reason"), ==, "缺少户口簿本人页");
  g_assert_cmpstr (json_object_get_string_member (review, "reviewer"), ==, "handler.210102");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Supervisors read the scans but do not judge them. */
static void
test_review_hidden_for_viewer (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  GtkWidget *view;
  gint64 id;
  CaseWait cw;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  id = wb_test_intake (server, "desk-review-2", "ZA-WFZ", "210102");
  wb_test_desk_sign_in (window, NULL, "viewer.210100", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  view = wb_window_get_case_view (window, id);
  g_assert_null (wb_test_find_actionable (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)), "case.accept-material"));
  g_assert_null (wb_test_find_actionable (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)), "case.mark-deficient"));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  const char *token;
  gint64      case_id;
  gint64      rotation;
} StoredRotation;

/* Asks the server, as another desk would see it. */
typedef struct
{
  WbPdfView *viewer;
  guint      before;
} RenderWait;

static gboolean
rendered_again (gpointer data)
{
  RenderWait *w = data;

  return wb_pdf_view_get_rendered_count (w->viewer) > w->before;
}

static gboolean
rotation_stored (gpointer data)
{
  StoredRotation *w = data;
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", w->case_id);
  g_autoptr(WbTestReply) list = wb_test_request (server, "GET", path, w->token, NULL);
  JsonObject *m = json_array_get_object_element (json_object_get_array_member (wb_test_reply_object (list), "items"), 0);

  return json_object_get_int_member (m, "rotation") == w->rotation;
}

/* A handler turns a sideways scan; the server keeps the turn, and the
 * scan opens turned the next time. */
static void
test_rotate_material (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  g_autofree char *token = NULL;
  g_autofree char *reader = NULL;
  GtkWidget *view;
  WbPdfView *viewer;
  gint64 id, material_id;
  CaseWait cw;
  StoredRotation sr;
  RenderWait rw;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  id = wb_test_intake (server, "desk-rotate-1", "ZA-WFZ", "210102");
  token = wb_test_login (server, "handler.210102");
  material_id = first_material (token, id, NULL);

  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  wb_test_wait_for (materials_listed, &cw, "the received materials");
  view = wb_window_get_case_view (window, id);
  viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)));
  open_material_and_wait (view, viewer, material_id);
  g_assert_cmpuint (wb_pdf_view_get_rotation (viewer), ==, 0);

  /* Left from upright is three quarters right, and the turned pages are
   * drawn again. */
  rw.viewer = viewer;
  rw.before = wb_pdf_view_get_rendered_count (viewer);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.rotate-left", NULL);
  g_assert_cmpuint (wb_pdf_view_get_rotation (viewer), ==, 270);
  wb_test_wait_for (rendered_again, &rw, "the turned pages");
  reader = wb_test_login (server, "viewer.210100");
  sr.token = reader;
  sr.case_id = id;
  sr.rotation = 270;
  wb_test_wait_for (rotation_stored, &sr, "the rotation on the server");

  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.rotate-right", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.rotate-right", NULL);
  g_assert_cmpuint (wb_pdf_view_get_rotation (viewer), ==, 90);
  sr.rotation = 90;
  wb_test_wait_for (rotation_stored, &sr, "the second rotation on the server");

  /* A fresh tab opens the scan as it was left. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  wb_test_iterate (50);
  g_assert_null (wb_window_get_case_view (window, id));
  wb_window_open_case (window, id);
  wb_test_wait_for (case_loaded, &cw, "the case tab again");
  wb_test_wait_for (materials_listed, &cw, "the received materials again");
  view = wb_window_get_case_view (window, id);
  viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)));
  open_material_and_wait (view, viewer, material_id);
  g_assert_cmpuint (wb_pdf_view_get_rotation (viewer), ==, 90);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
thumbnail_rendered (gpointer data)
{
  return wb_pdf_view_get_thumbnails_rendered (data) > 0;
}

/* A handler pages through a 14-page scan: to the end, to a page by
 * number, and by the thumbnails beside it. */
static void
test_navigate_material (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  g_autofree char *token = NULL;
  g_autofree char *upload_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(WbTestReply) upload = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  WbPdfView *viewer;
  GtkAdjustment *adj;
  gint64 id, material_id;
  gsize length;
  guint n;
  CaseWait cw;
  WbTestPageWait pw;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  id = wb_test_intake (server, "desk-navigate-1", "ZA-WFZ", "210102");
  token = wb_test_login (server, "handler.210102");
  pdf_path = g_build_filename (g_getenv ("WB_SOURCE_DIR"), "..", "shared", "pdf-corpus", "tracemonkey.pdf", NULL);
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, &error));
  g_assert_no_error (error);
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  upload_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials?name=tracemonkey.pdf", id);
  upload = wb_test_request_full (server, "POST", upload_path, token, NULL, "application/pdf", pdf);
  g_assert_cmpuint (upload->status, ==, 201);
  material_id = json_object_get_int_member (wb_test_reply_object (upload), "id");

  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  wb_window_open_case (window, id);
  cw.window = window;
  cw.id = id;
  wb_test_wait_for (case_loaded, &cw, "the case tab");
  wb_test_wait_for (materials_listed, &cw, "the received materials");
  view = wb_window_get_case_view (window, id);
  viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (view)));
  /* The case and the viewer side by side are wider than the window
   * leaves beside the sidebar, so the window folds: go to them, as the
   * sidebar's rows do, or the pages are never laid out and cannot
   * scroll. */
  adw_leaflet_navigate (ADW_LEAFLET (gtk_widget_get_ancestor (view, ADW_TYPE_LEAFLET)),
                        ADW_NAVIGATION_DIRECTION_FORWARD);
  open_material_and_wait (view, viewer, material_id);
  n = wb_pdf_view_get_n_pages (viewer);
  g_assert_cmpuint (n, ==, 14);
  g_assert_cmpuint (wb_pdf_view_get_current_page (viewer), ==, 1);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (wb_test_find_widget_of_type (GTK_WIDGET (viewer), GTK_TYPE_LIST_VIEW)));

  pw.viewer = viewer;
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.last-page", NULL);
  pw.page = n;
  wb_test_wait_for (wb_test_page_current, &pw, "the last page");
  /* Let the list lay out each jump, so the page indicator is checked
   * against where the list really scrolled and not only where it was
   * asked to. */
  wb_test_settle (200);
  g_assert_cmpuint (wb_pdf_view_get_current_page (viewer), ==, n);
  /* The list really scrolled, to the last page's top when the page is
   * taller than the viewport, so not always to the very end. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, gtk_adjustment_get_upper (adj) * (n - 2) / n);

  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.go-to-page", "i", 3);
  pw.page = 3;
  wb_test_wait_for (wb_test_page_current, &pw, "page 3");
  wb_test_settle (200);
  g_assert_cmpuint (wb_pdf_view_get_current_page (viewer), ==, 3);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, gtk_adjustment_get_upper (adj) * 3 / n);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, gtk_adjustment_get_upper (adj) * 1 / n);

  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next-page", NULL);
  g_assert_cmpuint (wb_pdf_view_get_current_page (viewer), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.previous-page", NULL);
  g_assert_cmpuint (wb_pdf_view_get_current_page (viewer), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.first-page", NULL);
  pw.page = 1;
  wb_test_wait_for (wb_test_page_current, &pw, "the first page");
  wb_test_settle (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);

  /* The sidebar renders nothing until it is shown. */
  g_assert_false (wb_pdf_view_get_show_thumbnails (viewer));
  g_assert_cmpuint (wb_pdf_view_get_thumbnails_rendered (viewer), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.show-thumbnails", NULL);
  g_assert_true (wb_pdf_view_get_show_thumbnails (viewer));
  wb_test_wait_for (thumbnail_rendered, viewer, "a thumbnail");
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.show-thumbnails", NULL);
  g_assert_false (wb_pdf_view_get_show_thumbnails (viewer));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GFile) file = wb_material_cache_fetch_finish (WB_MATERIAL_CACHE (source), result, error);

  g_assert_null (file);
}

static gboolean
error_set (gpointer data)
{
  return *(GError **) data != NULL;
}

static void
on_fetched_file_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GFile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = wb_material_cache_fetch_finish (WB_MATERIAL_CACHE (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
file_set (gpointer data)
{
  return *(GFile **) data != NULL;
}

static gboolean
hashed_at_least (gpointer data)
{
  gpointer *args = data;

  return wb_material_cache_get_n_hashed (args[0]) >= GPOINTER_TO_UINT (args[1]);
}

static void
fetch_and_wait (WbMaterialCache *cache,
                WbApiClient     *client,
                gint64           case_id,
                gint64           material_id,
                const char      *sha256)
{
  g_autoptr(GFile) file = NULL;

  wb_material_cache_fetch_async (cache, client, case_id, material_id, sha256,
                                 NULL, on_fetched_file_cb, &file);
  wb_test_wait_for (file_set, &file, "the material from the cache");
}

/* A cached file is read through once a session; after that its identity
 * stands for it, until anything writes to it, even keeping its size and
 * modification time. */
static void
test_material_verified_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wangban-cache-XXXXXX", NULL);
  g_autoptr(WbMaterialCache) cache = wb_material_cache_new (dir);
  g_autoptr(WbApiClient) client = wb_api_client_new (wb_test_desk_get_origin ());
  g_autofree char *token = wb_test_login (server, "handler.210102");
  g_autofree char *cached = NULL;
  g_autofree char *sha256 = NULL;
  gint64 id, material_id;
  struct stat before;
  struct timespec times[2];
  gpointer args[2];
  int fd;

  id = wb_test_intake (server, "desk-viewer-3", "ZA-WFZ", "210102");
  material_id = first_material (token, id, &sha256);
  cached = g_strconcat (dir, "/", sha256, ".pdf", NULL);
  wb_api_client_set_token (client, token);

  /* Downloaded and hashed as it arrived, then read back from disk once in
   * the background; the uses that follow trust that. */
  args[0] = cache;
  args[1] = GUINT_TO_POINTER (1);
  fetch_and_wait (cache, client, id, material_id, sha256);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, 1);
  wb_test_wait_for (hashed_at_least, args, "the read-back after the download");
  fetch_and_wait (cache, client, id, material_id, sha256);
  fetch_and_wait (cache, client, id, material_id, sha256);
  g_assert_cmpuint (wb_material_cache_get_n_hashed (cache), ==, 1);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, 1);

  /* One byte changed in place, with the size and modification time put
   * back: the change time still moves, so the file is hashed, found wrong
   * and downloaded again (and read back once more). */
  g_assert_cmpint (g_stat (cached, &before), ==, 0);
  g_usleep (20 * 1000);
  fd = g_open (cached, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "X", 1, before.st_size / 2), ==, 1);
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (futimens (fd, times), ==, 0);
  close (fd);
  fetch_and_wait (cache, client, id, material_id, sha256);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, 2);
  args[1] = GUINT_TO_POINTER (3);
  wb_test_wait_for (hashed_at_least, args, "the check and the read-back");
  fetch_and_wait (cache, client, id, material_id, sha256);
  g_assert_cmpuint (wb_material_cache_get_n_hashed (cache), ==, 3);

  /* A cache that has not checked the file yet, as after a restart: the
   * background check a case view starts does the reading, so the open
   * that follows does not. */
  {
    g_autoptr(WbMaterialCache) restarted = wb_material_cache_new (dir);

    wb_material_cache_verify_in_background (restarted, sha256);
    args[0] = restarted;
    args[1] = GUINT_TO_POINTER (1);
    wb_test_wait_for (hashed_at_least, args, "the background check");
    fetch_and_wait (restarted, client, id, material_id, sha256);
    g_assert_cmpuint (wb_material_cache_get_n_hashed (restarted), ==, 1);
    g_assert_cmpuint (wb_material_cache_get_n_downloads (restarted), ==, 0);
  }

  /* A link in the file's place, even to the right bytes, is not trusted:
   * it goes, and the material is downloaded again. */
  {
    g_autoptr(WbMaterialCache) linked = wb_material_cache_new (dir);
    g_autofree char *elsewhere = g_strconcat (dir, "/elsewhere.pdf", NULL);

    g_assert_cmpint (g_rename (cached, elsewhere), ==, 0);
    g_assert_cmpint (symlink (elsewhere, cached), ==, 0);
    fetch_and_wait (linked, client, id, material_id, sha256);
    g_assert_cmpuint (wb_material_cache_get_n_downloads (linked), ==, 1);
    g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR) && !g_file_test (cached, G_FILE_TEST_IS_SYMLINK));
  }

  wb_test_rm_rf (dir);
}

/* Bytes that do not match the listed digest are refused and not kept. */
static void
test_material_digest_mismatch (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wangban-cache-XXXXXX", NULL);
  g_autoptr(WbMaterialCache) cache = wb_material_cache_new (dir);
  g_autoptr(WbApiClient) client = wb_api_client_new (wb_test_desk_get_origin ());
  g_autofree char *token = wb_test_login (server, "handler.210102");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  gint64 id, material_id;

  id = wb_test_intake (server, "desk-viewer-2", "ZA-WFZ", "210102");
  {
    g_autoptr(WbTestReply) pass = wb_test_act (server, token, id, "platform_pass", NULL);
    g_assert_cmpuint (pass->status, ==, 200);
  }
  material_id = first_material (token, id, NULL);

  wb_api_client_set_token (client, token);
  wb_material_cache_fetch_async (cache, client, id, material_id,
                                 "0000000000000000000000000000000000000000000000000000000000000000",
                                 NULL, on_fetched_cb, &error);
  wb_test_wait_for (error_set, &error, "the digest check");
  g_assert_error (error, WB_MATERIAL_CACHE_ERROR, WB_MATERIAL_CACHE_ERROR_DIGEST_MISMATCH);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, 1);

  /* Nothing was stored, not even a temporary file. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_true (listing == NULL || g_dir_read_name (listing) == NULL);
  g_clear_error (&error);

  /* A digest that is not one is refused before anything is fetched. */
  wb_material_cache_fetch_async (cache, client, id, material_id, "../../etc/passwd",
                                 NULL, on_fetched_cb, &error);
  wb_test_wait_for (error_set, &error, "the digest check");
  g_assert_error (error, WB_MATERIAL_CACHE_ERROR, WB_MATERIAL_CACHE_ERROR_BAD_DIGEST);
  g_assert_cmpuint (wb_material_cache_get_n_downloads (cache), ==, 1);

  /* A file poppler cannot read shows the error page, not pages. */
  {
    g_autofree char *bad = g_build_filename (dir, "damaged.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (bad);
    WbPdfView *viewer = WB_PDF_VIEW (g_object_ref_sink (wb_pdf_view_new ()));

    g_assert_true (g_file_set_contents (bad, "%PDF-1.4\nnot really", -1, NULL));
    wb_pdf_view_load_file (viewer, file, "damaged.pdf");
    wb_test_wait_for (viewer_settled, viewer, "the damaged file's error page");
    g_assert_nonnull (wb_pdf_view_get_error (viewer));
    g_assert_false (wb_pdf_view_is_loaded (viewer));
    g_assert_cmpuint (wb_pdf_view_get_n_pages (viewer), ==, 0);
    g_object_unref (viewer);
  }
  wb_test_rm_rf (dir);
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

/* A caseworker signs in and types a case number: the keyboard starts in
 * the search field, and Enter on a single match opens the case, even when
 * pressed before the results came. */
static void
test_search_enter_opens_case (void)
{
  WbWindow *window = wb_test_desk_new_window ();
  GtkWidget *inbox;
  GtkWidget *entry;
  GtkWidget *focus;
  GListModel *model;
  g_autoptr(WbCaseRow) row = NULL;
  g_autofree char *case_no = NULL;
  gint64 case_id;
  CaseWait w;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  wb_test_desk_sign_in (window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  inbox = wb_window_get_inbox (window);
  model = wb_inbox_view_get_model (WB_INBOX_VIEW (inbox));
  wb_test_wait_for (model_has_rows, model, "the first page");

  entry = wb_test_find_widget_of_type (inbox, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry)));

  /* Copied, not held: a new search turns this row object into another
   * case in place. */
  row = g_list_model_get_item (model, 0);
  case_no = g_strdup (wb_case_row_get_case_no (row));
  case_id = wb_case_row_get_id (row);

  /* The tail of a case number finds nothing, and the inbox says how to
   * search instead of showing an empty table. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "99999");
  g_signal_emit_by_name (entry, "activate");
  wb_test_wait_for (model_settled, model, "the search for a number's tail");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_nonnull (wb_test_find_widget (inbox, label_starts_with, "No case found."));

  gtk_editable_set_text (GTK_EDITABLE (entry), case_no);
  g_signal_emit_by_name (entry, "activate");
  w.window = window;
  w.id = case_id;
  wb_test_wait_for (case_loaded, &w, "the case the search found");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_desk_init (&argc, &argv, args, NULL);

  g_test_add_func ("/desk/window/server-down", test_server_down);
  g_test_add_func ("/desk/window/tls-failure", test_tls_failure);
  g_test_add_func ("/desk/window/wrong-password", test_wrong_password);
  g_test_add_func ("/desk/window/work-a-case", test_work_a_case);
  g_test_add_func ("/desk/window/search-enter-opens-case", test_search_enter_opens_case);
  g_test_add_func ("/desk/window/live-updates", test_live_updates);
  g_test_add_func ("/desk/window/bulk-assign", test_bulk_assign);
  g_test_add_func ("/desk/window/saved-filter", test_saved_filter);
  g_test_add_func ("/desk/window/resume-and-sign-out", test_resume_and_sign_out);
  g_test_add_func ("/desk/window/idle-lock", test_idle_lock);
  g_test_add_func ("/desk/window/narrow", test_narrow_window);
  g_test_add_func ("/desk/window/withdraw", test_withdraw);
  g_test_add_func ("/desk/window/open-material", test_open_material);
  g_test_add_func ("/desk/window/material-digest-mismatch", test_material_digest_mismatch);
  g_test_add_func ("/desk/window/material-verified-once", test_material_verified_once);
  g_test_add_func ("/desk/window/review-material", test_review_material);
  g_test_add_func ("/desk/window/review-hidden-for-viewer", test_review_hidden_for_viewer);
  g_test_add_func ("/desk/window/rotate-material", test_rotate_material);
  g_test_add_func ("/desk/window/navigate-material", test_navigate_material);
  return wb_test_desk_run ();
}
