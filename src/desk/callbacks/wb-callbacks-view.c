/* wb-callbacks-view.c
 *
 * The agenda the callers work from. The server sorts the open tasks by
 * due time; the groups (overdue, due now, later today, upcoming) follow
 * from that order and the clock alone, so as time passes rows change
 * group without moving and without a reload: a timer only redraws the
 * headers and the relative times. The change feed reloads the list when
 * a case's callbacks change anywhere.
 *
 * A task that falls due while the desk runs is announced with a
 * GNotification, also while the window is hidden. Tasks already due at
 * the first load are not: they are on screen, and a burst of dozens of
 * notifications at sign-in would teach people to ignore them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "callbacks/wb-call-dialog.h"
#include "callbacks/wb-call-script.h"
#include "callbacks/wb-callback-row.h"
#include "callbacks/wb-callbacks-view.h"
#include "wb-application.h"
#include "wb-case-format.h"
#include "wb-json.h"

#define MAX_PAGES 5
#define TICK_SECONDS 20

struct _WbCallbacksView
{
  AdwBin        parent_instance;

  GtkDropDown  *purpose_dropdown;
  GtkDropDown  *assignee_dropdown;
  GtkLabel     *count_label;
  GtkStack     *stack;
  GtkListBox   *list;

  WbContext    *context;
  GCancellable *cancellable;
  GDateTime    *now_override;
  GHashTable   *due_seen;     /* ids known to be due, so each is announced once */
  WbChangeFeed *feed;         /* the one followed */
  GPtrArray    *pending;      /* tasks of the pages loaded so far */
  gint64        open_after_load;
  guint         refresh;
  guint         tick;
  gboolean      loading;
  gboolean      again;
  gboolean      loaded_once;
};

G_DEFINE_FINAL_TYPE (WbCallbacksView, wb_callbacks_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const purposes[] = {
  NULL, "supplement", "delivery_choice", "result_notice", "satisfaction", "bad_rating", "revisit",
};
static const char * const assignees[] = { "any", "me", "none" };

static GDateTime *
now (WbCallbacksView *self)
{
  return self->now_override ? g_date_time_ref (self->now_override) : g_date_time_new_now_utc ();
}

static gboolean
can_call (WbCallbacksView *self)
{
  return (wb_context_get_roles (self->context) & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)) != 0;
}

static void
announce (WbCallbacksView   *self,
          WbCallbackRowData *d)
{
  JsonObject *applicant = json_object_get_object_member (d->task, "applicant");
  g_autoptr(GNotification) n = g_notification_new (_("Callback due"));
  g_autofree char *id = g_strdup_printf ("callback-%" G_GINT64_FORMAT, d->id);
  g_autofree char *body = NULL;
  GApplication *app = g_application_get_default ();

  /* Supervisors read the agenda; the calls are not theirs to make. */
  if (!can_call (self))
    return;
  /* The masked name and the case number, nothing more: a notification
   * shows on a locked screen and in the notification list. */
  /* Translators: purpose: masked name, case number */
  body = g_strdup_printf (_("%s: %s, case %s"), wb_call_purpose_label (wb_json_string (d->task, "purpose")),
                          applicant ? wb_json_string (applicant, "name") : "—", wb_json_string (d->task, "case_no"));
  g_notification_set_body (n, body);
  g_notification_set_priority (n, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (n, "app.open-callback", "x", d->id);
  if (WB_IS_APPLICATION (app))
    wb_application_send_notification (WB_APPLICATION (app), id, n);
}

/* Regroups the rows by the clock and announces the tasks that fell due. */
static void
regroup (WbCallbacksView *self,
         gboolean         announce_due)
{
  g_autoptr(GDateTime) at = now (self);
  gboolean changed = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      WbCallbackRowData *d = wb_callback_row_get_data (row);

      if (d == NULL)
        continue;
      changed |= wb_callback_row_update (row, at);
      /* A task moved to a later try is announced again when that falls due. */
      if (d->group > WB_CALLBACK_DUE_NOW)
        g_hash_table_remove (self->due_seen, &d->id);
      else if (g_hash_table_add (self->due_seen, g_memdup2 (&d->id, sizeof d->id)) && announce_due)
        announce (self, d);
    }
  if (changed)
    gtk_list_box_invalidate_headers (self->list);
}

static void on_case_changed_cb (WbChangeFeed *feed, gint64 case_id, const char *kind,
                                WbCallbacksView *self);

/* Follows the session's feed, whichever it is now. */
static void
follow_feed (WbCallbacksView *self)
{
  WbChangeFeed *feed = wb_context_get_feed (self->context);

  if (feed == self->feed)
    return;
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_set_object (&self->feed, feed);
  if (feed != NULL)
    g_signal_connect_object (feed, "case-changed", G_CALLBACK (on_case_changed_cb), self, 0);
}

static gboolean
on_tick_cb (gpointer data)
{
  follow_feed (data);
  regroup (data, TRUE);
  return G_SOURCE_CONTINUE;
}

static void load (WbCallbacksView *self);

static char *
list_path (WbCallbacksView *self,
           const char      *cursor)
{
  guint purpose = gtk_drop_down_get_selected (self->purpose_dropdown);
  guint assignee = gtk_drop_down_get_selected (self->assignee_dropdown);
  g_autoptr(GString) path = g_string_new ("/callbacks?status=open&limit=200");

  if (purpose > 0 && purpose < G_N_ELEMENTS (purposes))
    g_string_append_printf (path, "&purpose=%s", purposes[purpose]);
  if (assignee > 0 && assignee < G_N_ELEMENTS (assignees))
    g_string_append_printf (path, "&assignee=%s", assignees[assignee]);
  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      g_string_append_printf (path, "&cursor=%s", escaped);
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
show_tasks (WbCallbacksView *self)
{
  g_autoptr(GDateTime) at = now (self);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  gint64 keep = selected && wb_callback_row_get_data (GTK_WIDGET (selected)) ? wb_callback_row_get_data (GTK_WIDGET (selected))->id : 0;
  g_autofree char *count = NULL;
  GtkWidget *child;
  guint n = self->pending->len;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = wb_callback_row_new (self->pending->pdata[i], at, can_call (self));

      gtk_list_box_append (self->list, row);
      if (wb_callback_row_get_data (row)->id == keep)
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
    }
  g_ptr_array_set_size (self->pending, 0);
  count = g_strdup_printf (g_dngettext (NULL, "%u open callback", "%u open callbacks", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  /* A task that came in already due (filed just now) is news too. */
  regroup (self, self->loaded_once);
  self->loaded_once = TRUE;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WbCallbacksView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  JsonObject *page;
  JsonArray *items;
  const char *cursor;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->again)
    {
      self->again = FALSE;
      self->loading = FALSE;
      g_ptr_array_set_size (self->pending, 0);
      load (self);
      return;
    }
  if (reply == NULL)
    {
      self->loading = FALSE;
      g_ptr_array_set_size (self->pending, 0);
      wb_context_report_error (self->context, error);
      return;
    }
  page = wb_api_reply_object (reply);
  items = json_object_get_array_member (page, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    g_ptr_array_add (self->pending, json_object_ref (json_array_get_object_element (items, i)));
  cursor = wb_json_string (page, "next_cursor");
  /* A day's agenda is a few dozen calls; five full pages is a backlog
   * the filters are for. */
  if (cursor != NULL && self->pending->len < MAX_PAGES * 200)
    {
      g_autofree char *path = list_path (self, cursor);

      wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                                   self->cancellable, on_loaded_cb, g_object_ref (self));
      return;
    }
  self->loading = FALSE;
  show_tasks (self);
  if (self->open_after_load != 0)
    {
      gint64 id = self->open_after_load;

      self->open_after_load = 0;
      if (wb_callbacks_view_get_row (self, id) != NULL)
        wb_callbacks_view_log_call (self, id);
      else
        wb_context_notify (self->context, _("That callback is no longer open, or the filter hides it."));
    }
}

static void
load (WbCallbacksView *self)
{
  g_autofree char *path = NULL;

  if (self->loading)
    {
      self->again = TRUE;
      return;
    }
  self->loading = TRUE;
  path = list_path (self, NULL);
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                               self->cancellable, on_loaded_cb, g_object_ref (self));
}

static gboolean
on_refresh_cb (gpointer data)
{
  WbCallbacksView *self = data;

  self->refresh = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* Any change to a case may file, move or close its callbacks; a burst
 * of changes (a bulk action) reloads once. */
static void
on_case_changed_cb (WbChangeFeed    *feed,
                    gint64           case_id,
                    const char      *kind,
                    WbCallbacksView *self)
{
  g_clear_handle_id (&self->refresh, g_source_remove);
  self->refresh = g_timeout_add (500, on_refresh_cb, self);
}

static void
on_filter_changed_cb (WbCallbacksView *self)
{
  if (self->context != NULL)
    load (self);
}

static void
on_row_activated_cb (WbCallbacksView *self,
                     GtkListBoxRow   *row)
{
  WbCallbackRowData *d = wb_callback_row_get_data (GTK_WIDGET (row));

  if (d != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, d->case_id);
}

static GtkWidget *open_dialog (WbCallbacksView *self,
                               JsonObject      *task);

static void
on_logged_cb (WbCallDialog    *dialog,
              WbCallbacksView *self)
{
  /* The task moved, closed or went unreachable: the server says which. */
  load (self);
}

/* The dialog names the applicant and may show the number in clear: it
 * goes out of sight with the agenda (the window locks or hides), drops
 * the number, and comes back as typed when the agenda is shown again. */
static void
on_view_unmapped_cb (WbCallDialog *dialog)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (dialog)))
    return;
  g_object_set_data (G_OBJECT (dialog), "wb-hidden-with-agenda", GINT_TO_POINTER (TRUE));
  wb_call_dialog_forget_phone (dialog);
  gtk_widget_set_visible (GTK_WIDGET (dialog), FALSE);
}

static void
on_view_mapped_cb (WbCallDialog *dialog)
{
  if (g_object_steal_data (G_OBJECT (dialog), "wb-hidden-with-agenda") != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
open_dialog (WbCallbacksView *self,
             JsonObject      *task)
{
  g_autoptr(GDateTime) at = now (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  WbCallDialog *dialog = wb_call_dialog_new (self->context, task, at);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "logged", G_CALLBACK (on_logged_cb), self, 0);
  g_signal_connect_object (self, "unmap", G_CALLBACK (on_view_unmapped_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "map", G_CALLBACK (on_view_mapped_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "destroy", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
log_call_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WbCallbacksView *self = WB_CALLBACKS_VIEW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  if (row != NULL && wb_callback_row_get_data (GTK_WIDGET (row)) != NULL)
    wb_callbacks_view_log_call (self, wb_callback_row_get_data (GTK_WIDGET (row))->id);
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[OPEN_CASE], 0, g_variant_get_int64 (parameter));
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WbCallbacksView *self = WB_CALLBACKS_VIEW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  wb_callbacks_view_select (self, id);
  wb_callbacks_view_log_call (self, id);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wb_callbacks_view_reload (WB_CALLBACKS_VIEW (widget));
}

static GtkStringList *
string_list (const char * const *labels,
             guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, labels[i]);
  return list;
}

static void
wb_callbacks_view_constructed (GObject *object)
{
  WbCallbacksView *self = (WbCallbacksView *) object;
  const char *purpose_labels[G_N_ELEMENTS (purposes)];
  const char *assignee_labels[] = { _("All"), _("Mine"), _("Unassigned") };
  g_autoptr(GtkStringList) purpose_model = NULL;
  g_autoptr(GtkStringList) assignee_model = NULL;

  G_OBJECT_CLASS (wb_callbacks_view_parent_class)->constructed (object);

  purpose_labels[0] = _("All purposes");
  for (guint i = 1; i < G_N_ELEMENTS (purposes); i++)
    purpose_labels[i] = wb_call_purpose_label (purposes[i]);
  purpose_model = string_list (purpose_labels, G_N_ELEMENTS (purposes));
  assignee_model = string_list (assignee_labels, G_N_ELEMENTS (assignee_labels));
  /* The models are set before any load: each change of selection loads. */
  self->loading = TRUE;
  gtk_drop_down_set_model (self->purpose_dropdown, G_LIST_MODEL (purpose_model));
  gtk_drop_down_set_model (self->assignee_dropdown, G_LIST_MODEL (assignee_model));
  self->loading = FALSE;
  self->again = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "callbacks.log-call", can_call (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "callbacks.call", can_call (self));

  follow_feed (self);
  self->tick = g_timeout_add_seconds (TICK_SECONDS, on_tick_cb, self);
  load (self);
}

static void
wb_callbacks_view_dispose (GObject *object)
{
  WbCallbacksView *self = (WbCallbacksView *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh, g_source_remove);
  g_clear_handle_id (&self->tick, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_CALLBACKS_VIEW);
  g_clear_object (&self->cancellable);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  g_clear_object (&self->context);
  g_clear_pointer (&self->now_override, g_date_time_unref);
  g_clear_pointer (&self->due_seen, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (wb_callbacks_view_parent_class)->dispose (object);
}

static void
wb_callbacks_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WbCallbacksView *self = WB_CALLBACKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_callbacks_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WbCallbacksView *self = WB_CALLBACKS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_callbacks_view_class_init (WbCallbacksViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wb_callbacks_view_constructed;
  object_class->dispose = wb_callbacks_view_dispose;
  object_class->get_property = wb_callbacks_view_get_property;
  object_class->set_property = wb_callbacks_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/callbacks/wb-callbacks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WbCallbacksView, purpose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbCallbacksView, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbCallbacksView, count_label);
  gtk_widget_class_bind_template_child (widget_class, WbCallbacksView, stack);
  gtk_widget_class_bind_template_child (widget_class, WbCallbacksView, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "callbacks.log-call", NULL, log_call_action);
  gtk_widget_class_install_action (widget_class, "callbacks.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "callbacks.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "callbacks.call", "x", call_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "callbacks.log-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "callbacks.reload", NULL);
}

static void
wb_callbacks_view_init (WbCallbacksView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->due_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gtk_list_box_set_header_func (self->list, wb_callback_row_header_func, NULL, NULL);
}

GtkWidget *
wb_callbacks_view_new (WbContext *context)
{
  return g_object_new (WB_TYPE_CALLBACKS_VIEW, "context", context, NULL);
}

void
wb_callbacks_view_reload (WbCallbacksView *self)
{
  g_return_if_fail (WB_IS_CALLBACKS_VIEW (self));
  load (self);
}

gboolean
wb_callbacks_view_is_loading (WbCallbacksView *self)
{
  g_return_val_if_fail (WB_IS_CALLBACKS_VIEW (self), FALSE);
  return self->loading || self->refresh != 0;
}

void
wb_callbacks_view_set_now (WbCallbacksView *self,
                           GDateTime       *at)
{
  g_return_if_fail (WB_IS_CALLBACKS_VIEW (self));
  g_clear_pointer (&self->now_override, g_date_time_unref);
  if (at != NULL)
    self->now_override = g_date_time_ref (at);
  regroup (self, self->loaded_once);
}

GtkWidget *
wb_callbacks_view_get_row (WbCallbacksView *self,
                           gint64           callback_id)
{
  g_return_val_if_fail (WB_IS_CALLBACKS_VIEW (self), NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (wb_callback_row_get_data (row) != NULL && wb_callback_row_get_data (row)->id == callback_id)
      return row;
  return NULL;
}

int
wb_callbacks_view_get_group (WbCallbacksView *self,
                             gint64           callback_id)
{
  GtkWidget *row = wb_callbacks_view_get_row (self, callback_id);

  return row != NULL ? wb_callback_row_get_data (row)->group : -1;
}

gboolean
wb_callbacks_view_select (WbCallbacksView *self,
                          gint64           callback_id)
{
  GtkWidget *row = wb_callbacks_view_get_row (self, callback_id);

  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
  gtk_widget_grab_focus (row);
  return TRUE;
}

GtkWidget *
wb_callbacks_view_log_call (WbCallbacksView *self,
                            gint64           callback_id)
{
  GtkWidget *row;

  g_return_val_if_fail (WB_IS_CALLBACKS_VIEW (self), NULL);
  if (!can_call (self))
    return NULL;
  row = wb_callbacks_view_get_row (self, callback_id);
  if (row == NULL)
    {
      /* From a notification for a task filed after the last load. */
      self->open_after_load = callback_id;
      if (!self->loading)
        load (self);
      return NULL;
    }
  return open_dialog (self, wb_callback_row_get_data (row)->task);
}
