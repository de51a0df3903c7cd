/* wb-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "callbacks/wb-callbacks-view.h"
#include "case/wb-case-view.h"
#include "delivery/wb-capacity-view.h"
#include "delivery/wb-uncollected-view.h"
#include "inbox/wb-inbox-view.h"
#include "signin/wb-signin-page.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-secret.h"
#include "wb-window.h"

struct _WbWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  WbSigninPage         *signin_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *user_title;
  AdwTabBar            *tab_bar;
  AdwTabView           *tab_view;
  AdwStatusPage        *lock_page;
  AdwEntryRow          *lock_password_row;
  GtkLabel             *lock_error_label;
  GtkButton            *unlock_button;

  /* owned */
  WbContext            *context;
  GCancellable         *cancellable;
  GSettings            *settings;
  char                 *server_url;
  gboolean              demo;
  GtkWidget            *inbox;
  AdwTabPage           *inbox_page;
  AdwTabPage           *uncollected_page;
  AdwTabPage           *capacity_page;
  GtkWidget            *callbacks;      /* kept while signed in: it notifies */
  AdwTabPage           *callbacks_page;
  gint64                pending_callback; /* clicked while locked */
  gint64                last_input;
  guint                 idle_timer;
  guint                 filters_refresh;
};

G_DEFINE_FINAL_TYPE (WbWindow, wb_window, ADW_TYPE_APPLICATION_WINDOW)

static void lock (WbWindow *self);
static void on_feed_case_changed_cb (WbChangeFeed *feed, gint64 case_id, const char *kind,
                                     WbWindow *self);

/* Follows the server's change feed for this session; every 5 s unless
 * WANGBAN_POLL_MS says otherwise. */
static void
follow_changes (WbWindow *self)
{
  const char *env = g_getenv ("WANGBAN_POLL_MS");
  guint interval = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 0;
  g_autoptr(WbChangeFeed) feed = wb_change_feed_new (wb_context_get_client (self->context),
                                                     interval > 0 ? interval : 5000);

  g_signal_connect_object (feed, "case-changed", G_CALLBACK (on_feed_case_changed_cb), self, 0);
  wb_context_set_feed (self->context, feed);
}
static void on_secret_stored_cb_forward (GObject *source, GAsyncResult *result, gpointer user_data);

/* Any key, click or pointer motion counts as the caseworker being there. */
static void
note_input (WbWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   WbWindow              *self)
{
  note_input (self);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_idle_check_cb (gpointer data)
{
  WbWindow *self = data;
  JsonObject *user;
  gint64 idle_s;

  if (self->context == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "main"))
    return G_SOURCE_CONTINUE;
  user = wb_context_get_user (self->context);
  idle_s = json_object_get_int_member_with_default (user, "idle_timeout_s", 900);
  /* The server's idle time: the window locks when the session would end. */
  if ((g_get_monotonic_time () - self->last_input) / G_USEC_PER_SEC >= idle_s)
    lock (self);
  return G_SOURCE_CONTINUE;
}

static void
lock (WbWindow *self)
{
  g_autofree char *description = NULL;

  /* Polling would keep the server session alive while nobody is here. */
  if (wb_context_get_feed (self->context) != NULL)
    wb_change_feed_stop (wb_context_get_feed (self->context));
  description = g_strdup_printf (_("Signed in as %s. The desk locked itself after a while without use; enter your password to go on."),
                                 wb_context_get_username (self->context));
  adw_status_page_set_description (self->lock_page, description);
  gtk_editable_set_text (GTK_EDITABLE (self->lock_password_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->lock_error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "lock");
  gtk_widget_grab_focus (GTK_WIDGET (self->lock_password_row));
}

static void
on_unlocked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  const char *token;

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), TRUE);
  if (self->context == NULL)
    return;
  if (reply == NULL)
    {
      g_autofree char *message = g_error_matches (error, WB_ERROR, WB_ERROR_UNAUTHORIZED)
        ? g_strdup (_("Wrong password.")) : wb_api_error_describe (error);

      gtk_label_set_label (self->lock_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->lock_error_label), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->lock_password_row), "");
      return;
    }

  /* A new session under the same account; the open tabs carry on. */
  token = wb_json_string (wb_api_reply_object (reply), "token");
  wb_api_client_set_token (wb_context_get_client (self->context), token);
  wb_secret_store_async (self->server_url, wb_context_get_username (self->context), token,
                         NULL, on_secret_stored_cb_forward, NULL);
  /* The same feed goes on from where it stopped: every open view keeps
   * listening, and hears what changed while the desk was locked. */
  if (wb_context_get_feed (self->context) != NULL)
    wb_change_feed_resume (wb_context_get_feed (self->context));
  else
    follow_changes (self);
  note_input (self);
  gtk_stack_set_visible_child_name (self->stack, "main");
  if (self->pending_callback != 0)
    {
      gint64 id = self->pending_callback;

      self->pending_callback = 0;
      wb_window_open_callback (self, id);
    }
}

static void
on_unlock_cb (WbWindow *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(WbApiClient) client = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->lock_password_row));

  if (self->context == NULL || *password == '\0')
    return;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, wb_context_get_username (self->context));
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  /* A client without the old token: signing in needs none. */
  client = wb_api_client_new (self->server_url);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), FALSE);
  wb_api_client_request_async (client, "POST", "/sessions", body, NULL, self->cancellable,
                               on_unlocked_cb, g_object_ref (self));
}

static void
reset_session (WbWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* Closing the tabs drops every revealed value along with its view.
   * The inbox is no longer special once the session ends. */
  self->inbox_page = NULL;
  self->uncollected_page = NULL;
  self->capacity_page = NULL;
  self->callbacks_page = NULL;
  self->pending_callback = 0;
  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, 0);
      adw_tab_view_set_page_pinned (self->tab_view, page, FALSE);
      adw_tab_view_close_page (self->tab_view, page);
    }
  self->inbox = NULL;
  g_clear_object (&self->callbacks);

  while (gtk_list_box_get_row_at_index (self->sidebar_list, 0) != NULL)
    gtk_list_box_remove (self->sidebar_list, GTK_WIDGET (gtk_list_box_get_row_at_index (self->sidebar_list, 0)));

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      wb_context_set_feed (self->context, NULL);
    }
  g_clear_object (&self->context);
}

static void
on_context_error_cb (WbContext    *context,
                     const GError *error,
                     WbWindow     *self)
{
  g_autofree char *message = wb_api_error_describe (error);

  /* A session the server has ended sends the user back to sign in. */
  if (g_error_matches (error, WB_ERROR, WB_ERROR_UNAUTHORIZED))
    {
      reset_session (self);
      gtk_stack_set_visible_child_name (self->stack, "signin");
      wb_signin_page_show_error (self->signin_page, _("Your session has ended. Sign in again."));
      return;
    }
  wb_window_show_error (self, message);
}

static void
on_context_notice_cb (WbContext  *context,
                      const char *message,
                      WbWindow   *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_inbox_open_case_cb (GtkWidget *inbox,
                       gint64     case_id,
                       WbWindow  *self)
{
  wb_window_open_case (self, case_id);
}

static void load_filters (WbWindow *self);

static void
on_filter_deleted_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(WbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply == NULL && self->context != NULL)
    wb_context_report_error (self->context, error);
  load_filters (self);
}

static void
on_delete_filter_clicked_cb (GtkButton *button,
                             WbWindow  *self)
{
  g_autofree char *path = g_strdup_printf ("/filters/%" G_GINT64_FORMAT,
                                           *(gint64 *) g_object_get_data (G_OBJECT (button), "wb-filter-id"));

  if (self->context == NULL)
    return;
  wb_api_client_request_async (wb_context_get_client (self->context), "DELETE", path, NULL, NULL,
                               self->cancellable, on_filter_deleted_cb, g_object_ref (self));
}

static GtkWidget *
filter_row (WbWindow   *self,
            JsonObject *filter)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (wb_json_string (filter, "name"));
  GtkWidget *count = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gint64 id = json_object_get_int_member (filter, "id");
  JsonNode *count_node = json_object_get_member (filter, "count");

  gtk_widget_set_margin_start (box, 30);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  if (count_node != NULL && !JSON_NODE_HOLDS_NULL (count_node))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (count_node));
      gtk_label_set_label (GTK_LABEL (count), text);
    }
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Delete this saved filter"));
  g_object_set_data_full (G_OBJECT (remove), "wb-filter-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_delete_filter_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "wb-query", g_strdup (wb_json_string (filter, "query")), g_free);
  gtk_widget_set_tooltip_text (row, wb_json_string (filter, "name"));
  return row;
}

static void
on_filters_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(WbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  GtkWidget *row, *next;
  JsonArray *items;

  if (reply == NULL)
    {
      if (self->context != NULL)
        wb_context_report_error (self->context, error);
      return;
    }

  /* The first row is the inbox; the saved filters follow it, and the
   * other views (rows without a query) come after them and stay. */
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list)); row != NULL; row = next)
    {
      next = gtk_widget_get_next_sibling (row);
      if (g_object_get_data (G_OBJECT (row), "wb-query") != NULL)
        gtk_list_box_remove (self->sidebar_list, row);
    }
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    gtk_list_box_insert (self->sidebar_list, filter_row (self, json_array_get_object_element (items, i)), 1 + (int) i);
}

static gboolean
on_filters_refresh_cb (gpointer data)
{
  WbWindow *self = data;

  self->filters_refresh = 0;
  load_filters (self);
  return G_SOURCE_REMOVE;
}

/* Counts follow the cases: a burst of changes refreshes them once, a
 * couple of seconds after it settles. */
static void
on_feed_case_changed_cb (WbChangeFeed *feed,
                         gint64        case_id,
                         const char   *kind,
                         WbWindow     *self)
{
  g_clear_handle_id (&self->filters_refresh, g_source_remove);
  self->filters_refresh = g_timeout_add_seconds (2, on_filters_refresh_cb, self);
}

static void
load_filters (WbWindow *self)
{
  if (self->context == NULL || self->inbox == NULL)
    return;
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", "/filters", NULL, NULL,
                               self->cancellable, on_filters_loaded_cb, g_object_ref (self));
}

static GtkWidget *
sidebar_row (const char *icon,
             const char *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
show_main (WbWindow *self)
{
  JsonObject *user = wb_context_get_user (self->context);
  JsonObject *unit = json_object_get_object_member (user, "unit");
  JsonArray *labels = json_object_get_array_member (user, "role_labels");
  g_autoptr(GString) subtitle = g_string_new (wb_json_string (unit, "name"));
  g_autofree char *title = NULL;

  for (guint i = 0; i < json_array_get_length (labels); i++)
    g_string_append_printf (subtitle, "%s%s", i == 0 ? " · " : "、", json_array_get_string_element (labels, i));
  title = g_strdup_printf ("%s (%s)", wb_json_string (user, "display_name"), wb_json_string (user, "username"));
  adw_window_title_set_title (self->user_title, title);
  adw_window_title_set_subtitle (self->user_title, subtitle->str);

  /* The views the roles allow; the server still checks every call. */
  if (wb_context_get_roles (self->context) &
      (WB_ROLE_HANDLER | WB_ROLE_VIEWER | WB_ROLE_STATISTICIAN | WB_ROLE_COMPLAINT))
    {
      gtk_list_box_append (self->sidebar_list, sidebar_row ("wb-inbox-symbolic", _("Inbox")));
      self->inbox = wb_inbox_view_new (self->context);
      g_signal_connect (self->inbox, "open-case", G_CALLBACK (on_inbox_open_case_cb), self);
      g_signal_connect_swapped (self->inbox, "filters-changed", G_CALLBACK (load_filters), self);
      self->inbox_page = adw_tab_view_append (self->tab_view, self->inbox);
      adw_tab_page_set_title (self->inbox_page, _("Inbox"));
      adw_tab_page_set_icon (self->inbox_page, g_themed_icon_new ("wb-inbox-symbolic"));
      adw_tab_view_set_page_pinned (self->tab_view, self->inbox_page, TRUE);
    }
  /* The window staff's list; the server scopes it to the user's units. */
  if (wb_context_get_roles (self->context) & (WB_ROLE_HANDLER | WB_ROLE_VIEWER))
    {
      GtkWidget *row = sidebar_row ("mail-send-symbolic", _("Uncollected Certificates"));

      gtk_widget_set_name (row, "uncollected");
      g_object_set_data (G_OBJECT (row), "wb-view", (gpointer) "uncollected");
      gtk_list_box_append (self->sidebar_list, row);
    }
  if (wb_context_get_roles (self->context) & WB_ROLE_BIZADMIN)
    {
      GtkWidget *row = sidebar_row ("x-office-calendar-symbolic", _("Pickup Capacity"));

      gtk_widget_set_name (row, "capacity");
      g_object_set_data (G_OBJECT (row), "wb-view", (gpointer) "capacity");
      gtk_list_box_append (self->sidebar_list, row);
    }
  /* The callback agenda lives from sign-in, before its tab is opened,
   * so that a call falling due is announced; supervisors read it. */
  if (wb_context_get_roles (self->context) &
      (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT | WB_ROLE_VIEWER | WB_ROLE_STATISTICIAN))
    {
      GtkWidget *row = sidebar_row ("call-start-symbolic", _("Callbacks"));

      gtk_widget_set_name (row, "callbacks");
      g_object_set_data (G_OBJECT (row), "wb-view", (gpointer) "callbacks");
      gtk_list_box_append (self->sidebar_list, row);
      self->callbacks = g_object_ref_sink (wb_callbacks_view_new (self->context));
      g_signal_connect (self->callbacks, "open-case", G_CALLBACK (on_inbox_open_case_cb), self);
    }
  if (self->inbox == NULL)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-information-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Nothing to Work On Here Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Your roles do not include reading cases. Their views arrive in a later version of the desk."));
      adw_tab_page_set_title (adw_tab_view_append (self->tab_view, status), _("Welcome"));
    }

  gtk_stack_set_visible_child_name (self->stack, "main");
  /* The keyboard starts in the inbox's search field, not the sidebar:
   * a caseworker's first act is usually finding a case. */
  if (self->inbox != NULL)
    wb_inbox_view_focus_search (WB_INBOX_VIEW (self->inbox));
  note_input (self);
  load_filters (self);
  wb_context_trace ("signed-in");
}

static void
start_session (WbWindow   *self,
               const char *token,
               JsonObject *user)
{
  g_autoptr(WbApiClient) client = wb_api_client_new (self->server_url);

  reset_session (self);
  wb_api_client_set_token (client, token);
  self->context = wb_context_new (client);
  wb_context_set_user (self->context, user);
  follow_changes (self);
  g_signal_connect (self->context, "error", G_CALLBACK (on_context_error_cb), self);
  g_signal_connect (self->context, "notice", G_CALLBACK (on_context_notice_cb), self);
  wb_signin_page_set_busy (self->signin_page, NULL);
  show_main (self);
}

static void
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Without a keyring the desk still works; it just cannot resume. */
  if (!wb_secret_store_finish (result, &error))
    g_debug ("Session not stored in the keyring: %s", error->message);
}

static void
on_secret_stored_cb_forward (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  on_secret_stored_cb (source, result, user_data);
}

static char *
describe_sign_in_error (const GError *error)
{
  if (g_error_matches (error, WB_ERROR, WB_ERROR_UNAUTHORIZED))
    return g_strdup (_("Wrong username or password."));
  if (g_error_matches (error, WB_ERROR, WB_ERROR_LOCKED))
    {
      const char *p = error->message;
      guint64 minutes = 15;

      /* The server's message names the minutes left; keep that number. */
      while (*p && !g_ascii_isdigit (*p))
        p++;
      if (*p)
        minutes = g_ascii_strtoull (p, NULL, 10);
      return g_strdup_printf (g_dngettext (NULL,
                                           "The account is locked after too many wrong passwords. Try again in %u minute.",
                                           "The account is locked after too many wrong passwords. Try again in %u minutes.",
                                           minutes),
                              (guint) minutes);
    }
  return wb_api_error_describe (error);
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  JsonObject *obj, *user;
  const char *token;

  if (reply == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = describe_sign_in_error (error);
      wb_signin_page_show_error (self->signin_page, message);
      return;
    }

  obj = wb_api_reply_object (reply);
  token = wb_json_string (obj, "token");
  user = json_object_get_object_member (obj, "user");
  g_settings_set_string (self->settings, "last-server", self->server_url);
  wb_secret_store_async (self->server_url, wb_json_string (user, "username"), token,
                         NULL, on_secret_stored_cb, NULL);
  start_session (self, token, user);
}

static void
on_sign_in_cb (WbWindow   *self,
               const char *server,
               const char *username,
               const char *password)
{
  g_autoptr(WbApiClient) client = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_free (self->server_url);
  self->server_url = g_strstrip (g_strdup (server));
  if (!g_str_has_prefix (self->server_url, "http://") && !g_str_has_prefix (self->server_url, "https://"))
    {
      char *with_scheme = g_strconcat ("https://", self->server_url, NULL);
      g_free (self->server_url);
      self->server_url = with_scheme;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  client = wb_api_client_new (self->server_url);
  wb_signin_page_set_busy (self->signin_page, _("Signing in…"));
  wb_api_client_request_async (client, "POST", "/sessions", body, NULL, self->cancellable,
                               on_signed_in_cb, g_object_ref (self));
}

typedef struct
{
  WbWindow    *self;
  WbApiClient *client;
  char        *token;
} Resume;

static void
resume_free (Resume *r)
{
  g_object_unref (r->self);
  g_object_unref (r->client);
  g_free (r->token);
  g_free (r);
}

static void
on_resume_me_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Resume *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply != NULL)
    start_session (r->self, r->token, wb_api_reply_object (reply));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      wb_signin_page_set_busy (r->self->signin_page, NULL);
      /* An expired token is forgotten; any other failure says why. */
      if (g_error_matches (error, WB_ERROR, WB_ERROR_UNAUTHORIZED))
        wb_secret_clear_async (r->self->server_url, NULL, NULL, NULL);
      else
        {
          g_autofree char *message = wb_api_error_describe (error);
          wb_signin_page_show_error (r->self->signin_page, message);
        }
    }
  resume_free (r);
}

static void
on_secret_looked_up_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *token = wb_secret_lookup_finish (result, &username, &error);
  Resume *r;

  if (token == NULL)
    {
      if (error != NULL)
        g_debug ("No keyring: %s", error->message);
      wb_signin_page_set_busy (self->signin_page, NULL);
      return;
    }

  wb_signin_page_set_username (self->signin_page, username);
  r = g_new0 (Resume, 1);
  r->self = g_object_ref (self);
  r->client = wb_api_client_new (self->server_url);
  r->token = g_steal_pointer (&token);
  wb_api_client_set_token (r->client, r->token);
  wb_api_client_request_async (r->client, "GET", "/me", NULL, NULL, self->cancellable,
                               on_resume_me_cb, r);
}

void
wb_window_set_server (WbWindow   *self,
                      const char *base_url,
                      gboolean    demo)
{
  g_return_if_fail (WB_IS_WINDOW (self));

  g_free (self->server_url);
  self->server_url = g_strdup (base_url);
  self->demo = demo;
  wb_signin_page_set_server (self->signin_page, base_url);
  wb_signin_page_set_demo (self->signin_page, demo);
  wb_signin_page_set_busy (self->signin_page, _("Looking for a saved session…"));
  wb_secret_lookup_async (base_url, self->cancellable, on_secret_looked_up_cb, g_object_ref (self));
}

void
wb_window_show_status (WbWindow   *self,
                       const char *status)
{
  g_return_if_fail (WB_IS_WINDOW (self));
  wb_signin_page_set_busy (self->signin_page, status);
}

void
wb_window_show_error (WbWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (WB_IS_WINDOW (self));

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "signin"))
    {
      wb_signin_page_show_error (self->signin_page, message);
      return;
    }
  toast = adw_toast_new (message);
  /* Errors stay until dismissed: they carry the request id to report. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

WbContext *
wb_window_get_context (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return self->context;
}

GtkWidget *
wb_window_get_inbox (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return self->inbox;
}

GtkListBox *
wb_window_get_sidebar (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return self->sidebar_list;
}

GtkWidget *
wb_window_get_signin_page (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->signin_page);
}

gboolean
wb_window_is_locked (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), FALSE);
  return g_str_equal (gtk_stack_get_visible_child_name (self->stack), "lock");
}

void
wb_window_unlock (WbWindow   *self,
                  const char *password)
{
  g_return_if_fail (WB_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->lock_password_row), password);
  on_unlock_cb (self);
}

const char *
wb_window_get_lock_error (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->lock_error_label))
    ? gtk_label_get_label (self->lock_error_label) : NULL;
}

gboolean
wb_window_is_signed_in (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), FALSE);
  return self->context != NULL &&
         g_str_equal (gtk_stack_get_visible_child_name (self->stack), "main");
}

static AdwTabPage *
find_case_page (WbWindow *self,
                gint64    case_id)
{
  for (int i = 0; i < adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      AdwTabPage *p = adw_tab_view_get_nth_page (self->tab_view, i);
      GtkWidget *child = adw_tab_page_get_child (p);

      if (WB_IS_CASE_VIEW (child) && wb_case_view_get_case_id (WB_CASE_VIEW (child)) == case_id)
        return p;
    }
  return NULL;
}

GtkWidget *
wb_window_get_case_view (WbWindow *self,
                         gint64    case_id)
{
  AdwTabPage *page;

  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  page = find_case_page (self, case_id);
  return page ? adw_tab_page_get_child (page) : NULL;
}

void
wb_window_open_case (WbWindow *self,
                     gint64    case_id)
{
  GtkWidget *view;
  AdwTabPage *page;

  g_return_if_fail (WB_IS_WINDOW (self));
  g_return_if_fail (self->context != NULL);

  if ((page = find_case_page (self, case_id)) != NULL)
    {
      adw_tab_view_set_selected_page (self->tab_view, page);
      gtk_widget_grab_focus (adw_tab_page_get_child (page));
      return;
    }

  view = wb_case_view_new (self->context, case_id);
  page = adw_tab_view_append (self->tab_view, view);
  g_object_bind_property (view, "title", page, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (view, "loading", page, "loading", G_BINDING_SYNC_CREATE);
  adw_tab_view_set_selected_page (self->tab_view, page);
  gtk_widget_grab_focus (view);
}

static void
on_uncollected_open_case_cb (GtkWidget *view,
                             gint64     case_id,
                             WbWindow  *self)
{
  wb_window_open_case (self, case_id);
}

static void
show_uncollected (WbWindow *self)
{
  GtkWidget *view;

  if (self->uncollected_page == NULL)
    {
      view = wb_uncollected_view_new (self->context);
      g_signal_connect (view, "open-case", G_CALLBACK (on_uncollected_open_case_cb), self);
      self->uncollected_page = adw_tab_view_append (self->tab_view, view);
      adw_tab_page_set_title (self->uncollected_page, _("Uncollected Certificates"));
    }
  adw_tab_view_set_selected_page (self->tab_view, self->uncollected_page);
}

static void
show_capacity (WbWindow *self)
{
  if (self->capacity_page == NULL)
    {
      self->capacity_page = adw_tab_view_append (self->tab_view, wb_capacity_view_new (self->context));
      adw_tab_page_set_title (self->capacity_page, _("Pickup Capacity"));
    }
  adw_tab_view_set_selected_page (self->tab_view, self->capacity_page);
}

GtkWidget *
wb_window_get_capacity (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return self->capacity_page ? adw_tab_page_get_child (self->capacity_page) : NULL;
}

GtkWidget *
wb_window_get_uncollected (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return self->uncollected_page ? adw_tab_page_get_child (self->uncollected_page) : NULL;
}

static void
show_callbacks (WbWindow *self)
{
  if (self->callbacks == NULL)
    return;
  if (self->callbacks_page == NULL)
    {
      self->callbacks_page = adw_tab_view_append (self->tab_view, self->callbacks);
      adw_tab_page_set_title (self->callbacks_page, _("Callbacks"));
    }
  adw_tab_view_set_selected_page (self->tab_view, self->callbacks_page);
}

GtkWidget *
wb_window_get_callbacks (WbWindow *self)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  return self->callbacks;
}

GtkWidget *
wb_window_open_callback (WbWindow *self,
                         gint64    callback_id)
{
  g_return_val_if_fail (WB_IS_WINDOW (self), NULL);
  if (self->callbacks == NULL)
    return NULL;
  /* The password first; then the call the notification was about. */
  if (wb_window_is_locked (self))
    {
      self->pending_callback = callback_id;
      return NULL;
    }
  show_callbacks (self);
  return wb_callbacks_view_log_call (WB_CALLBACKS_VIEW (self->callbacks), callback_id);
}

/* Closing the window of a signed-in caller hides it: the desk goes on
 * announcing the calls that fall due (the application stays alive while
 * it has a window, hidden or not), and a notification brings it back.
 * Quit (Ctrl+Q) ends it. */
static gboolean
wb_window_close_request (GtkWindow *window)
{
  WbWindow *self = WB_WINDOW (window);

  if (self->context != NULL && self->callbacks != NULL &&
      (wb_context_get_roles (self->context) & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)))
    {
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (wb_window_parent_class)->close_request (window);
}

static gboolean
on_close_page_cb (WbWindow   *self,
                  AdwTabPage *page)
{
  if (page == self->callbacks_page)
    self->callbacks_page = NULL;
  if (page == self->uncollected_page)
    self->uncollected_page = NULL;
  if (page == self->capacity_page)
    self->capacity_page = NULL;
  /* The inbox tab is pinned and stays; case tabs close. */
  adw_tab_view_close_page_finish (self->tab_view, page, page != self->inbox_page || self->context == NULL);
  return GDK_EVENT_STOP;
}

static void
on_sidebar_row_activated_cb (WbWindow      *self,
                             GtkListBoxRow *row)
{
  const char *query = g_object_get_data (G_OBJECT (row), "wb-query");

  if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "wb-view"), "uncollected") == 0 && self->context != NULL)
    {
      show_uncollected (self);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      return;
    }
  if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "wb-view"), "callbacks") == 0 && self->context != NULL)
    {
      show_callbacks (self);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      return;
    }
  if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "wb-view"), "capacity") == 0 && self->context != NULL)
    {
      show_capacity (self);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      return;
    }
  if (query != NULL && self->inbox != NULL)
    wb_inbox_view_apply_query (WB_INBOX_VIEW (self->inbox), query);
  if (self->inbox_page != NULL)
    adw_tab_view_set_selected_page (self->tab_view, self->inbox_page);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_signed_out_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  /* The local session is gone either way; a failure here only means
   * the server ends it by idle time instead. */
  if (reply == NULL)
    g_debug ("Sign-out request failed: %s", error->message);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WbWindow *self = WB_WINDOW (widget);

  if (self->context == NULL)
    return;
  wb_api_client_request_async (wb_context_get_client (self->context), "DELETE", "/sessions/current",
                               NULL, NULL, NULL, on_signed_out_cb, NULL);
  wb_secret_clear_async (self->server_url, NULL, NULL, NULL);
  reset_session (self);
  wb_signin_page_set_busy (self->signin_page, NULL);
  gtk_stack_set_visible_child_name (self->stack, "signin");
}

static void
close_tab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WbWindow *self = WB_WINDOW (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL && page != self->inbox_page)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WbWindow *self = WB_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
show_inbox_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WbWindow *self = WB_WINDOW (widget);

  if (self->inbox_page != NULL)
    adw_tab_view_set_selected_page (self->tab_view, self->inbox_page);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  /* The shortcut is for working the list, wherever the keyboard was. */
  if (self->inbox != NULL)
    wb_inbox_view_focus_list (WB_INBOX_VIEW (self->inbox));
}

static void
wb_window_dispose (GObject *object)
{
  WbWindow *self = (WbWindow *) object;

  g_clear_handle_id (&self->idle_timer, g_source_remove);
  g_clear_handle_id (&self->filters_refresh, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->callbacks);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (wb_window_parent_class)->dispose (object);
}

static void
wb_window_class_init (WbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = wb_window_close_request;

  g_type_ensure (WB_TYPE_SIGNIN_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/wb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, user_title);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, lock_page);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, lock_password_row);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, lock_error_label);
  gtk_widget_class_bind_template_child (widget_class, WbWindow, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL, close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.show-inbox", NULL, show_inbox_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close-tab", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-inbox", NULL);
}

static void
wb_window_init (WbWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Watch input before any widget handles it, so every key counts. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  controller = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (note_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "pressed", G_CALLBACK (note_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  self->last_input = g_get_monotonic_time ();
  self->idle_timer = g_timeout_add_seconds (1, on_idle_check_cb, self);
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("io.github.wangban.Desk");
}

WbWindow *
wb_window_new (GtkApplication *application)
{
  return g_object_new (WB_TYPE_WINDOW, "application", application, NULL);
}
