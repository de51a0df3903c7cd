/* wb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wb-application.h"
#include "wb-context.h"
#include "wb-demo-server.h"
#include "wb-window.h"

struct _WbApplication
{
  AdwApplication  parent_instance;

  char           *server;
  gboolean        demo;
  GSubprocess    *demo_server;
  GCancellable   *cancellable;
  WbNotificationHook notification_hook;
  gpointer        notification_data;
  guint           watch_fdo;
  guint           watch_gtk;
  gboolean        have_fdo;
  gboolean        have_gtk;
};

G_DEFINE_FINAL_TYPE (WbApplication, wb_application, ADW_TYPE_APPLICATION)

static WbWindow *
main_window (WbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return WB_IS_WINDOW (window) ? WB_WINDOW (window) : NULL;
}

static void
on_demo_server_started_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(WbApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  WbWindow *window = main_window (self);

  self->demo_server = wb_demo_server_start_finish (result, &url, &error);
  if (window == NULL)
    return;
  if (self->demo_server == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The demo server could not start: %s"), error->message);
      wb_window_show_error (window, message);
      return;
    }
  wb_context_trace ("server-ready");
  wb_window_set_server (window, url, TRUE);
}

static void
wb_application_activate (GApplication *app)
{
  WbApplication *self = WB_APPLICATION (app);
  WbWindow *window = main_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = wb_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));

  if (self->demo)
    {
      wb_window_show_status (window, _("Starting the demo server…"));
      wb_demo_server_start_async (self->cancellable, on_demo_server_started_cb, g_object_ref (self));
    }
  else
    {
      g_autoptr(GSettings) settings = g_settings_new ("io.github.wangban.Desk");
      g_autofree char *last = g_settings_get_string (settings, "last-server");
      const char *server = self->server ? self->server : last;

      if (server != NULL && *server)
        wb_window_set_server (window, server, FALSE);
    }
}

static int
wb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  WbApplication *self = WB_APPLICATION (app);

  g_variant_dict_lookup (options, "server", "s", &self->server);
  g_variant_dict_lookup (options, "demo", "b", &self->demo);
  return -1;
}

static void
wb_application_shutdown (GApplication *app)
{
  WbApplication *self = WB_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watch_fdo, g_bus_unwatch_name);
  g_clear_handle_id (&self->watch_gtk, g_bus_unwatch_name);
  /* The demo server is the desk's child and stops with it. */
  wb_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);

  G_APPLICATION_CLASS (wb_application_parent_class)->shutdown (app);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  WbApplication *self = user_data;
  const char *developers[] = { _("The Wangban developers"), NULL };

  adw_show_about_window (GTK_WINDOW (main_window (self)),
                         "application-name", _("Wangban Desk"),
                         "application-icon", "io.github.wangban.Desk",
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("The caseworker’s desk of a public-security online service centre"),
                         NULL);
}

/* A click on a "callback due" notification: the window comes forward
 * with the call's dialog open. */
static void
open_callback_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  WbApplication *self = user_data;
  WbWindow *window = main_window (self);

  if (window == NULL)
    return;
  gtk_window_present (GTK_WINDOW (window));
  wb_window_open_callback (window, g_variant_get_int64 (parameter));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
on_name_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
on_name_vanished_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  *(gboolean *) user_data = FALSE;
}

static void
wb_application_startup (GApplication *app)
{
  WbApplication *self = WB_APPLICATION (app);

  static const GActionEntry entries[] = {
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
    { "open-callback", open_callback_activated, "x", NULL, NULL, { 0 } },
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *inbox_accels[] = { "<Alt>1", NULL };
  const char *find_accels[] = { "<Control>f", NULL };
  const char *claim_accels[] = { "<Control>m", NULL };
  const char *assign_accels[] = { "<Control><Shift>a", NULL };
  const char *save_accels[] = { "<Control>s", NULL };
  const char *reload_accels[] = { "F5", NULL };
  const char *reveal_accels[] = { "<Control><Shift>r", NULL };
  const char *log_call_accels[] = { "<Control>l", NULL };

  G_APPLICATION_CLASS (wb_application_parent_class)->startup (app);

  /* GLib sends notifications to whichever of these servers runs (and
   * warns when none answers); knowing beforehand lets a session without
   * one, e.g. a kiosk or a test's private bus, go without quietly. */
  self->watch_fdo = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                                      G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                      on_name_appeared_cb, on_name_vanished_cb, &self->have_fdo, NULL);
  self->watch_gtk = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.gtk.Notifications",
                                      G_BUS_NAME_WATCHER_FLAGS_NONE,
                                      on_name_appeared_cb, on_name_vanished_cb, &self->have_gtk, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.close-tab", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-inbox", inbox_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "inbox.find", find_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "inbox.claim", claim_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "inbox.assign", assign_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "inbox.save-filter", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "inbox.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "case.reveal", reveal_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "callbacks.log-call", log_call_accels);
}

static void
wb_application_finalize (GObject *object)
{
  WbApplication *self = (WbApplication *) object;

  g_clear_pointer (&self->server, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wb_application_parent_class)->finalize (object);
}

static void
wb_application_class_init (WbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = wb_application_finalize;
  app_class->activate = wb_application_activate;
  app_class->startup = wb_application_startup;
  app_class->shutdown = wb_application_shutdown;
  app_class->handle_local_options = wb_application_handle_local_options;
}

static void
wb_application_init (WbApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Connect to this server"), N_("URL") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start a demo server with sample cases and use it"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

void
wb_application_send_notification (WbApplication *self,
                                  const char    *id,
                                  GNotification *notification)
{
  g_return_if_fail (WB_IS_APPLICATION (self));

  if (self->notification_hook != NULL)
    {
      self->notification_hook (id, notification, self->notification_data);
      return;
    }
  if (!self->have_fdo && !self->have_gtk)
    {
      g_debug ("No notification server on the session bus; %s not shown", id);
      return;
    }
  if (g_application_get_is_registered (G_APPLICATION (self)))
    g_application_send_notification (G_APPLICATION (self), id, notification);
}

void
wb_application_set_notification_hook (WbApplication      *self,
                                      WbNotificationHook  hook,
                                      gpointer            user_data)
{
  g_return_if_fail (WB_IS_APPLICATION (self));
  self->notification_hook = hook;
  self->notification_data = user_data;
}

WbApplication *
wb_application_new (void)
{
  /* NON_UNIQUE: a demo desk and a production desk may run side by side. */
  return g_object_new (WB_TYPE_APPLICATION,
                       "application-id", "io.github.wangban.Desk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/wangban/Desk",
                       NULL);
}
