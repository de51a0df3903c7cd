/* wb-uncollected-view.c
 *
 * The list the window staff works from: every certificate printed and
 * not yet collected, the longest waiting first, as the server orders it.
 * It follows the change feed, so a hand-over at the next window takes
 * the row away here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "delivery/wb-uncollected-view.h"
#include "wb-case-format.h"
#include "wb-json.h"

struct _WbUncollectedView
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkLabel     *count_label;

  WbContext    *context;
  GCancellable *cancellable;
  GArray       *ids;
  guint         refresh;      /* debounce of change-feed events */
  gboolean      loading;
  gboolean      again;        /* a change arrived while loading */
};

G_DEFINE_FINAL_TYPE (WbUncollectedView, wb_uncollected_view, ADW_TYPE_BIN)

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

static char *
slot_text (JsonObject *item)
{
  JsonNode *node = json_object_get_member (item, "pickup_slot");
  JsonObject *slot;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("no slot booked"));
  slot = json_node_get_object (node);
  /* Translators: a booked pickup slot: date, start and end time */
  return g_strdup_printf (_("slot %s %s–%s"), wb_json_string (slot, "date"),
                          wb_json_string (slot, "start"), wb_json_string (slot, "end"));
}

static GtkWidget *
item_row (JsonObject *item)
{
  gint64 id = json_object_get_int_member_with_default (item, "id", 0);
  gint64 days = json_object_get_int_member_with_default (item, "days_waiting", 0);
  JsonObject *applicant = json_object_get_object_member (item, "applicant");
  g_autofree char *title = g_strdup_printf ("%s · %s", wb_json_string (item, "case_no"),
                                            wb_json_string (item, "item_name"));
  g_autofree char *printed = wb_format_time (wb_json_string (item, "printed_at"));
  g_autofree char *slot = slot_text (item);
  g_autofree char *waiting = g_strdup_printf (g_dngettext (NULL, "waiting %d day", "waiting %d days", days),
                                              (int) days);
  /* Translators: masked applicant name, print time, days waiting, slot */
  g_autofree char *subtitle = g_strdup_printf (_("%s · printed %s · %s · %s"),
                                               applicant ? wb_json_string (applicant, "name") : "—",
                                               printed, waiting, slot);
  g_autofree char *name = g_strdup_printf ("case:%" G_GINT64_FORMAT, id);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "wb-case-id", g_memdup2 (&id, sizeof id), g_free);
  /* A week at the window is worth a phone call. */
  if (days >= 7)
    gtk_widget_add_css_class (row, "warning");
  return row;
}

static void load (WbUncollectedView *self);

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WbUncollectedView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  g_autofree char *count = NULL;
  GtkWidget *child;
  JsonArray *items;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (self->again)
    {
      self->again = FALSE;
      load (self);
      return;
    }
  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->ids, 0);
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  n = items ? json_array_get_length (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 id = json_object_get_int_member_with_default (item, "id", 0);

      g_array_append_val (self->ids, id);
      gtk_list_box_append (self->list, item_row (item));
    }
  count = g_strdup_printf (g_dngettext (NULL, "%u certificate waiting to be collected, the longest waiting first.",
                                        "%u certificates waiting to be collected, the longest waiting first.", n), n);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
load (WbUncollectedView *self)
{
  if (self->loading)
    {
      self->again = TRUE;
      return;
    }
  self->loading = TRUE;
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", "/certificates/uncollected",
                               NULL, NULL, self->cancellable, on_loaded_cb, g_object_ref (self));
}

static gboolean
on_refresh_cb (gpointer data)
{
  WbUncollectedView *self = data;

  self->refresh = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A burst of changes (a bulk action) reloads the list once. */
static void
on_case_changed_cb (WbChangeFeed      *feed,
                    gint64             case_id,
                    const char        *kind,
                    WbUncollectedView *self)
{
  g_clear_handle_id (&self->refresh, g_source_remove);
  self->refresh = g_timeout_add (500, on_refresh_cb, self);
}

static void
on_row_activated_cb (WbUncollectedView *self,
                     GtkListBoxRow     *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "wb-case-id");

  if (id != NULL)
    g_signal_emit (self, signals[OPEN_CASE], 0, *id);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wb_uncollected_view_reload (WB_UNCOLLECTED_VIEW (widget));
}

static void
wb_uncollected_view_constructed (GObject *object)
{
  WbUncollectedView *self = (WbUncollectedView *) object;

  G_OBJECT_CLASS (wb_uncollected_view_parent_class)->constructed (object);
  if (wb_context_get_feed (self->context) != NULL)
    g_signal_connect_object (wb_context_get_feed (self->context), "case-changed",
                             G_CALLBACK (on_case_changed_cb), self, 0);
  load (self);
}

static void
wb_uncollected_view_dispose (GObject *object)
{
  WbUncollectedView *self = (WbUncollectedView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_UNCOLLECTED_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->ids, g_array_unref);

  G_OBJECT_CLASS (wb_uncollected_view_parent_class)->dispose (object);
}

static void
wb_uncollected_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WbUncollectedView *self = WB_UNCOLLECTED_VIEW (object);

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
wb_uncollected_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  WbUncollectedView *self = WB_UNCOLLECTED_VIEW (object);

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
wb_uncollected_view_class_init (WbUncollectedViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wb_uncollected_view_constructed;
  object_class->dispose = wb_uncollected_view_dispose;
  object_class->get_property = wb_uncollected_view_get_property;
  object_class->set_property = wb_uncollected_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/delivery/wb-uncollected-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WbUncollectedView, stack);
  gtk_widget_class_bind_template_child (widget_class, WbUncollectedView, list);
  gtk_widget_class_bind_template_child (widget_class, WbUncollectedView, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "uncollected.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "uncollected.reload", NULL);
}

static void
wb_uncollected_view_init (WbUncollectedView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

GtkWidget *
wb_uncollected_view_new (WbContext *context)
{
  return g_object_new (WB_TYPE_UNCOLLECTED_VIEW, "context", context, NULL);
}

void
wb_uncollected_view_reload (WbUncollectedView *self)
{
  g_return_if_fail (WB_IS_UNCOLLECTED_VIEW (self));
  load (self);
}

gboolean
wb_uncollected_view_is_loading (WbUncollectedView *self)
{
  g_return_val_if_fail (WB_IS_UNCOLLECTED_VIEW (self), FALSE);
  return self->loading || self->refresh != 0;
}

GArray *
wb_uncollected_view_dup_ids (WbUncollectedView *self)
{
  GArray *copy;

  g_return_val_if_fail (WB_IS_UNCOLLECTED_VIEW (self), NULL);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len);
  g_array_append_vals (copy, self->ids->data, self->ids->len);
  return copy;
}

GtkWidget *
wb_uncollected_view_get_row (WbUncollectedView *self,
                             gint64             case_id)
{
  g_return_val_if_fail (WB_IS_UNCOLLECTED_VIEW (self), NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      gint64 *id = g_object_get_data (G_OBJECT (row), "wb-case-id");

      if (id != NULL && *id == case_id)
        return row;
    }
  return NULL;
}
