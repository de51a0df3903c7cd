/* test-desk-inbox-flags.c: a case whose applicant was asked for materials
 * twice, as the inbox shows it: a mark with a tooltip in the state column
 * for everyone, and a filter for the unit's supervisors only
 *
 * Runs under Xvfb in the C locale, so the texts are the English msgids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox/wb-case-list-model.h"
#include "inbox/wb-case-row.h"
#include "inbox/wb-inbox-view.h"
#include "signin/wb-signin-page.h"
#include "wb-application.h"
#include "wb-secret.h"
#include "wb-test-server.h"
#include "wb-window.h"

#define HANDLER       "handler.210102"
#define VIEWER        "viewer.210102"
#define FILTER_LABEL  "Repeat Supplement Requests"
#define MARK_TOOLTIP  "The applicant was asked for materials more than once"

static WbTestServer *server;
static char *origin;
static WbApplication *app;

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition    cond,
          gpointer     data,
          const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
signed_in (gpointer data)
{
  return wb_window_is_signed_in (data);
}

static gboolean
model_settled_with_rows (gpointer data)
{
  gboolean loading = TRUE;

  g_object_get (data, "loading", &loading, NULL);
  return !loading && g_list_model_get_n_items (data) > 0;
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  wb_secret_clear_finish (result, NULL);
  *(gboolean *) user_data = TRUE;
}

static WbWindow *
signed_in_window (const char *username)
{
  WbWindow *window = wb_window_new (GTK_APPLICATION (app));
  gboolean cleared = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  wb_secret_clear_async (origin, NULL, on_cleared_cb, &cleared);
  wait_for (flag_set, &cleared, "the keyring to forget the last session");
  wb_window_set_server (window, origin, FALSE);
  for (int i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE);
  wb_signin_page_submit (WB_SIGNIN_PAGE (wb_window_get_signin_page (window)), username, WB_TEST_PASSWORD);
  wait_for (signed_in, window, "sign-in");
  return window;
}

static GtkToggleButton *
find_toggle (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkToggleButton *found = find_toggle (c, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A state cell carrying the mark: its tooltip says why, and its text is
 * the state followed by the flag. */
static GtkLabel *
find_marked_cell (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), MARK_TOOLTIP) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_marked_cell (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
marked_cell_shown (gpointer data)
{
  return find_marked_cell (data) != NULL;
}

static void
act (const char *token,
     gint64      id,
     const char *action,
     const char *body)
{
  g_autoptr(WbTestReply) reply = wb_test_act (server, token, id, action, body);

  if (reply->status != 200)
    g_error ("%s answered %u", action, reply->status);
}

static void
test_repeat_supplement (void)
{
  g_autofree char *token = wb_test_login (server, HANDLER);
  WbWindow *window;
  WbInboxView *inbox;
  GListModel *model;
  GtkToggleButton *toggle;
  GtkLabel *cell;
  gboolean found = FALSE;
  gint64 id;

  /* Asked once, the materials came, asked again with a reason. */
  id = wb_test_intake (server, "DESK-FLAG-0001", "HZ-HJZM", "210102");
  act (token, id, "request_supplement", "{\"missing\":[\"申请表\"]}");
  act (token, id, "supplement_received", "{}");
  act (token, id, "request_supplement", "{\"missing\":[\"申请表\"],\"reason\":\"补交的申请表未签字\"}");

  window = signed_in_window (VIEWER);
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  model = wb_inbox_view_get_model (inbox);
  wait_for (model_settled_with_rows, model, "the first page");

  toggle = find_toggle (GTK_WIDGET (inbox), FILTER_LABEL);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  g_assert_null (strstr (wb_inbox_view_get_query (inbox), "flag="));

  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "flag=repeat_supplement&"));
  wait_for (model_settled_with_rows, model, "the flagged cases");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (model, i);

      g_assert_true (wb_case_row_get_repeat_supplement (row));
      found = found || wb_case_row_get_id (row) == id;
    }
  g_assert_true (found);

  /* The mark in the state column, on screen. */
  wait_for (marked_cell_shown, inbox, "a marked state cell");
  cell = find_marked_cell (GTK_WIDGET (inbox));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (cell), "Awaiting Materials"));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (cell), "⚑"));

  /* A saved filter brings the choice back; clearing it lists more. */
  wb_inbox_view_apply_query (inbox, "state=supplement");
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_null (strstr (wb_inbox_view_get_query (inbox), "flag="));
  wb_inbox_view_apply_query (inbox, "flag=repeat_supplement");
  g_assert_true (gtk_toggle_button_get_active (toggle));
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "flag=repeat_supplement&"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A handler works the cases; the supervisors' filter is not offered. */
  window = signed_in_window (HANDLER);
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  wait_for (model_settled_with_rows, wb_inbox_view_get_model (inbox), "the handler's first page");
  toggle = find_toggle (GTK_WIDGET (inbox), FILTER_LABEL);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_null (strstr (wb_inbox_view_get_query (inbox), "flag="));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  /* Xvfb has no window manager; GTK 4.8 warns that a text entry never
   * received its focus-out event (see HACKING). */
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "GtkText - did not receive a focus-out event"))
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int status;

  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);

  server = wb_test_server_start (args, NULL);
  origin = g_strndup (server->base, strlen (server->base) - strlen ("/api/v1"));
  app = wb_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/desk/inbox/repeat-supplement", test_repeat_supplement);
  status = g_test_run ();

  g_clear_object (&app);
  wb_test_server_stop (server);
  g_free (origin);
  return status;
}
