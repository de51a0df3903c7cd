/* wb-test-desk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "signin/wb-signin-page.h"
#include "wb-secret.h"
#include "wb-test-desk.h"

static WbTestServer *server;
static char *origin;
static WbApplication *app;
static guint wait_timeout = 20;

/* Xvfb runs no window manager, so a text entry that had focus never gets
 * its focus-out event and GTK 4.8 warns about it. That one warning is
 * about the test display, not the desk; every other warning stays fatal
 * (G_DEBUG=fatal-warnings) because it goes on to the default writer. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "GtkText - did not receive a focus-out event"))
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

WbTestServer *
wb_test_desk_init (int                 *argc,
                   char              ***argv,
                   const char * const  *server_args,
                   const char          *now_iso)
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (argc, argv, NULL);

  server = wb_test_server_start (server_args, now_iso);
  origin = wb_test_server_origin (server);

  app = wb_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);
  return server;
}

int
wb_test_desk_run (void)
{
  int status = g_test_run ();

  g_clear_object (&app);
  wb_test_server_stop (server);
  g_clear_pointer (&origin, g_free);
  return status;
}

WbApplication *
wb_test_desk_get_app (void)
{
  return app;
}

const char *
wb_test_desk_get_origin (void)
{
  return origin;
}

void
wb_test_desk_set_wait_timeout (guint seconds)
{
  wait_timeout = seconds;
}

char *
wb_test_server_origin (WbTestServer *test_server)
{
  return g_strndup (test_server->base, strlen (test_server->base) - strlen ("/api/v1"));
}

void
wb_test_desk_stop_server (WbTestServer *test_server)
{
  /* A window's connections close on the main loop after it is destroyed;
   * stopping their server first would leave them failing mid-request. */
  wb_test_settle (300);
  wb_test_server_stop (test_server);
}

void
wb_test_wait_for (WbTestCondition  cond,
                  gpointer         data,
                  const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + wait_timeout * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
wb_test_iterate (guint n)
{
  for (guint i = 0; i < n; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
wb_test_settle (guint ms)
{
  for (guint i = 0; i < ms; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
wb_test_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
wb_test_signed_in (gpointer data)
{
  return wb_window_is_signed_in (data);
}

gboolean
wb_test_locked (gpointer data)
{
  return wb_window_is_locked (data);
}

WbWindow *
wb_test_desk_new_window (void)
{
  WbWindow *window = wb_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  wb_secret_clear_finish (result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
wb_test_desk_sign_in (WbWindow   *window,
                      const char *at,
                      const char *username,
                      const char *password)
{
  WbSigninPage *page = WB_SIGNIN_PAGE (wb_window_get_signin_page (window));
  gboolean cleared = FALSE;

  if (at == NULL)
    at = origin;
  wb_secret_clear_async (at, NULL, on_cleared_cb, &cleared);
  wb_test_wait_for (wb_test_flag_set, &cleared, "the keyring to forget the last session");

  wb_window_set_server (window, at, FALSE);
  /* Let the keyring lookup finish before typing, as a person would. */
  wb_test_iterate (200);
  wb_signin_page_submit (page, username, password);
}

WbWindow *
wb_test_desk_signed_in_window (const char *username)
{
  WbWindow *window = wb_test_desk_new_window ();

  wb_test_desk_sign_in (window, NULL, username, WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, window, "sign-in");
  return window;
}

GtkWidget *
wb_test_find_widget (GtkWidget         *widget,
                     WbTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = wb_test_find_widget (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
wb_test_find_named (GtkWidget  *widget,
                    const char *name)
{
  return wb_test_find_widget (widget, is_named, name);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), GPOINTER_TO_SIZE (type));
}

GtkWidget *
wb_test_find_widget_of_type (GtkWidget *widget,
                             GType      type)
{
  return wb_test_find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

GtkWidget *
wb_test_find_actionable (GtkWidget  *widget,
                         const char *action)
{
  return wb_test_find_widget (widget, has_action, action);
}

GtkWidget *
wb_test_field (gpointer    dialog,
               const char *name)
{
  GtkWidget *found = wb_test_find_named (GTK_WIDGET (dialog), name);

  if (found == NULL)
    g_error ("no field named %s in the dialog", name);
  return found;
}

void
wb_test_set_text (gpointer    dialog,
                  const char *name,
                  const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (wb_test_field (dialog, name)), text);
}

void
wb_test_check (gpointer    dialog,
               const char *name)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wb_test_field (dialog, name)), TRUE);
}

GtkWindow *
wb_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (w), type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }
  return NULL;
}

GtkListBoxRow *
wb_test_sidebar_row (WbWindow   *window,
                     const char *name)
{
  GtkListBox *list = wb_window_get_sidebar (window);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

WbDecisionDialog *
wb_test_find_decision_dialog (void)
{
  return (WbDecisionDialog *) wb_test_find_toplevel (WB_TYPE_DECISION_DIALOG);
}

gboolean
wb_test_no_decision_dialog (gpointer data)
{
  return wb_test_find_decision_dialog () == NULL;
}

gboolean
wb_test_can_issue (WbDecisionDialog *dialog)
{
  return gtk_widget_get_sensitive (wb_test_field (dialog, "issue"));
}

void
wb_test_issue (WbDecisionDialog *dialog)
{
  g_assert_true (wb_test_can_issue (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.issue", NULL);
}

WbDecisionDialog *
wb_test_open_decision (WbCaseView *view,
                       const char *action)
{
  GtkWidget *button = wb_case_view_get_action_button (view, action);
  WbDecisionDialog *dialog;

  g_assert_nonnull (button);
  g_assert_null (wb_test_find_decision_dialog ());
  /* "clicked" directly: activate needs a realized button. */
  g_signal_emit_by_name (button, "clicked");
  dialog = wb_test_find_decision_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (wb_decision_dialog_get_action (dialog), ==, action);
  return dialog;
}

WbCaseView *
wb_test_case_view (WbTestCaseWait *w)
{
  GtkWidget *view = wb_window_get_case_view (w->window, w->id);

  return view ? WB_CASE_VIEW (view) : NULL;
}

gboolean
wb_test_case_ready (gpointer data)
{
  WbTestCaseWait *w = data;
  WbCaseView *view = wb_test_case_view (w);
  gboolean loading = TRUE;
  JsonObject *c;

  if (view == NULL)
    return FALSE;
  g_object_get (view, "loading", &loading, NULL);
  c = wb_case_view_get_case (view);
  return !loading && c != NULL && wb_case_view_has_item (view) &&
         (!w->materials || wb_case_view_has_materials (view)) &&
         (w->state == NULL || g_strcmp0 (json_object_get_string_member (c, "state"), w->state) == 0) &&
         (w->action == NULL || wb_case_view_get_action_button (view, w->action) != NULL);
}

void
wb_test_wait_case (WbTestCaseWait *w,
                   const char     *state,
                   const char     *action)
{
  g_autofree char *what = g_strdup_printf ("the case in %s offering %s", state ? state : "any state",
                                           action ? action : "anything");

  w->state = state;
  w->action = action;
  wb_test_wait_for (wb_test_case_ready, w, what);
}

void
wb_test_open_case (WbTestCaseWait *w,
                   WbWindow       *window,
                   gint64          id,
                   gboolean        materials,
                   const char     *state,
                   const char     *action)
{
  w->window = window;
  w->id = id;
  w->materials = materials;
  wb_window_open_case (window, id);
  wb_test_wait_case (w, state, action);
}

gboolean
wb_test_page_current (gpointer data)
{
  WbTestPageWait *w = data;

  return wb_pdf_view_get_current_page (w->viewer) == w->page;
}

void
wb_test_act_ok (const char *token,
                gint64      id,
                const char *action,
                const char *body)
{
  g_autoptr(WbTestReply) reply = wb_test_act (server, token, id, action, body);

  if (reply->status != 200)
    g_error ("%s: %u %.*s", action, reply->status, (int) g_bytes_get_size (reply->body),
             (const char *) g_bytes_get_data (reply->body, NULL));
}

JsonObject *
wb_test_history_detail (const char *token,
                        gint64      id,
                        const char *action)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = json_array_get_length (items); i > 0; i--)
    {
      JsonObject *h = json_array_get_object_element (items, i - 1);

      if (g_strcmp0 (json_object_get_string_member (h, "action"), action) == 0)
        return json_object_ref (json_object_get_object_member (h, "detail"));
    }
  g_error ("no %s in the history", action);
  return NULL;
}
