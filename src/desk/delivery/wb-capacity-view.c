/* wb-capacity-view.c
 *
 * The business administrator opens the window's pickup slots one day at
 * a time. The day's list is replaced as a whole (PUT), as the contract
 * has it: a slot whose start stays keeps its bookings, and the server
 * refuses to drop a booked slot or to cut a capacity below its bookings.
 * The desk only checks what it can say better than the server: times
 * that read HH:MM and end after they start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "delivery/wb-capacity-view.h"
#include "wb-json.h"

struct _WbCapacityView
{
  AdwBin        parent_instance;

  GtkCalendar  *calendar;
  GtkLabel     *day_label;
  GtkLabel     *status_label;
  GtkListBox   *slot_list;
  GtkButton    *save_button;

  WbContext    *context;
  GCancellable *cancellable;
  char         *unit_code;
  char         *date;
  char         *status;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (WbCapacityView, wb_capacity_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_status (WbCapacityView *self,
            const char     *status)
{
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
}

static void
set_busy (WbCapacityView *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy && self->date != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->slot_list), !busy);
}

static void
on_remove_clicked_cb (GtkButton      *button,
                      WbCapacityView *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    gtk_list_box_remove (self->slot_list, row);
}

static GtkWidget *
time_entry (const char *name,
            const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 5);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "09:00");
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  return entry;
}

static GtkWidget *
slot_row (WbCapacityView *self,
          const char     *start,
          const char     *end,
          gint64          capacity,
          gint64          booked)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 1000, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  GtkWidget *booked_label = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), time_entry ("start", start));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("–"));
  gtk_box_append (GTK_BOX (box), time_entry ("end", end));
  gtk_widget_set_name (spin, "capacity");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) capacity);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, _("How many applicants the slot takes"));
  gtk_box_append (GTK_BOX (box), spin);
  if (booked > 0)
    {
      /* Translators: pickups already booked in a slot */
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%d booked", "%d booked", booked), (int) booked);

      gtk_label_set_label (GTK_LABEL (booked_label), text);
    }
  gtk_widget_add_css_class (booked_label, "dim-label");
  gtk_widget_set_hexpand (booked_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (booked_label), 0);
  gtk_box_append (GTK_BOX (box), booked_label);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this slot"));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
row_field (GtkWidget  *row,
           const char *name)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_str_equal (gtk_widget_get_name (c), name))
      return c;
  return NULL;
}

static void
show_slots (WbCapacityView *self,
            JsonArray      *items)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slot_list))) != NULL)
    gtk_list_box_remove (self->slot_list, child);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *slot = json_array_get_object_element (items, i);

      gtk_list_box_append (self->slot_list,
                           slot_row (self, wb_json_string (slot, "start"), wb_json_string (slot, "end"),
                                     json_object_get_int_member_with_default (slot, "capacity", 0),
                                     json_object_get_int_member_with_default (slot, "booked", 0)));
    }
}

/* A load and a save both answer with the day's slots. FALSE when there
 * is nothing to show: cancelled, or failed with the status saying why
 * (after a save, what was typed stays, to be corrected). */
static gboolean
show_reply (WbCapacityView *self,
            GObject        *source,
            GAsyncResult   *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  set_busy (self, FALSE);
  if (reply == NULL)
    {
      g_autofree char *message = wb_api_error_describe (error);

      set_status (self, message);
      return FALSE;
    }
  show_slots (self, json_object_get_array_member (wb_api_reply_object (reply), "items"));
  return TRUE;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WbCapacityView) self = user_data;

  show_reply (self, source, result);
}

static void
load (WbCapacityView *self)
{
  g_autofree char *path = g_strdup_printf ("/units/%s/pickup-slots?from=%s&to=%s",
                                           self->unit_code, self->date, self->date);

  set_busy (self, TRUE);
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                               self->cancellable, on_loaded_cb, g_object_ref (self));
}

static gboolean
is_hh_mm (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && text[2] == ':' &&
         g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') < 24 && text[3] < '6';
}

/* The day's slots as typed, or NULL with the status saying what is wrong. */
static JsonNode *
build_body (WbCapacityView *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "slots");
  json_builder_begin_array (b);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->slot_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *start = gtk_editable_get_text (GTK_EDITABLE (row_field (row, "start")));
      const char *end = gtk_editable_get_text (GTK_EDITABLE (row_field (row, "end")));

      if (!is_hh_mm (start) || !is_hh_mm (end) || strcmp (start, end) >= 0)
        {
          set_status (self, _("Each slot needs a start and an end time written as HH:MM, the end after the start."));
          gtk_widget_grab_focus (row_field (row, "start"));
          return NULL;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_string_value (b, start);
      json_builder_set_member_name (b, "end");
      json_builder_add_string_value (b, end);
      json_builder_set_member_name (b, "capacity");
      json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (row_field (row, "capacity"))));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WbCapacityView) self = user_data;

  if (show_reply (self, source, result))
    wb_context_notify (self->context, _("The pickup slots were saved."));
}

void
wb_capacity_view_save (WbCapacityView *self)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (WB_IS_CAPACITY_VIEW (self));
  if (self->busy || self->date == NULL)
    return;
  set_status (self, NULL);
  if ((body = build_body (self)) == NULL)
    return;
  path = g_strdup_printf ("/units/%s/pickup-capacity/%s", self->unit_code, self->date);
  set_busy (self, TRUE);
  wb_api_client_request_async (wb_context_get_client (self->context), "PUT", path, body, NULL,
                               self->cancellable, on_saved_cb, g_object_ref (self));
}

void
wb_capacity_view_add_slot (WbCapacityView *self)
{
  GtkWidget *last;
  const char *start = "09:00";
  g_autofree char *end = NULL;
  int hour;

  g_return_if_fail (WB_IS_CAPACITY_VIEW (self));
  /* An hour after the last slot, the way days are usually cut. */
  last = gtk_widget_get_last_child (GTK_WIDGET (self->slot_list));
  if (last != NULL && is_hh_mm (gtk_editable_get_text (GTK_EDITABLE (row_field (last, "end")))))
    start = gtk_editable_get_text (GTK_EDITABLE (row_field (last, "end")));
  hour = MIN ((start[0] - '0') * 10 + (start[1] - '0') + 1, 23);
  end = g_strdup_printf ("%02d:%c%c", hour, start[3], start[4]);
  gtk_list_box_append (self->slot_list, slot_row (self, start, end, 4, 0));
}

static void
on_add_clicked_cb (WbCapacityView *self)
{
  wb_capacity_view_add_slot (self);
}

static void
on_save_clicked_cb (WbCapacityView *self)
{
  wb_capacity_view_save (self);
}

void
wb_capacity_view_set_date (WbCapacityView *self,
                           const char     *date)
{
  g_autofree char *title = NULL;

  g_return_if_fail (WB_IS_CAPACITY_VIEW (self));
  g_free (self->date);
  self->date = g_strdup (date);
  /* Translators: the day whose pickup slots are shown, YYYY-MM-DD */
  title = g_strdup_printf (_("Pickup slots on %s"), date);
  gtk_label_set_label (self->day_label, title);
  set_status (self, NULL);
  load (self);
}

static void
on_day_selected_cb (WbCapacityView *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  wb_capacity_view_set_date (self, date);
}

static void
wb_capacity_view_constructed (GObject *object)
{
  WbCapacityView *self = (WbCapacityView *) object;
  JsonObject *user = wb_context_get_user (self->context);
  JsonObject *unit = user ? json_object_get_object_member (user, "unit") : NULL;

  G_OBJECT_CLASS (wb_capacity_view_parent_class)->constructed (object);
  self->unit_code = g_strdup (wb_json_string (unit, "code"));
  on_day_selected_cb (self);
}

static void
wb_capacity_view_dispose (GObject *object)
{
  WbCapacityView *self = (WbCapacityView *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_CAPACITY_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->unit_code, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (wb_capacity_view_parent_class)->dispose (object);
}

static void
wb_capacity_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WbCapacityView *self = WB_CAPACITY_VIEW (object);

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
wb_capacity_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WbCapacityView *self = WB_CAPACITY_VIEW (object);

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
wb_capacity_view_class_init (WbCapacityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wb_capacity_view_constructed;
  object_class->dispose = wb_capacity_view_dispose;
  object_class->get_property = wb_capacity_view_get_property;
  object_class->set_property = wb_capacity_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/delivery/wb-capacity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WbCapacityView, calendar);
  gtk_widget_class_bind_template_child (widget_class, WbCapacityView, day_label);
  gtk_widget_class_bind_template_child (widget_class, WbCapacityView, status_label);
  gtk_widget_class_bind_template_child (widget_class, WbCapacityView, slot_list);
  gtk_widget_class_bind_template_child (widget_class, WbCapacityView, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
wb_capacity_view_init (WbCapacityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
}

GtkWidget *
wb_capacity_view_new (WbContext *context)
{
  return g_object_new (WB_TYPE_CAPACITY_VIEW, "context", context, NULL);
}

gboolean
wb_capacity_view_is_busy (WbCapacityView *self)
{
  g_return_val_if_fail (WB_IS_CAPACITY_VIEW (self), FALSE);
  return self->busy;
}

guint
wb_capacity_view_get_n_slots (WbCapacityView *self)
{
  guint n = 0;

  g_return_val_if_fail (WB_IS_CAPACITY_VIEW (self), 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->slot_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

GtkWidget *
wb_capacity_view_get_slot (WbCapacityView *self,
                           guint           index)
{
  g_return_val_if_fail (WB_IS_CAPACITY_VIEW (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->slot_list, (int) index));
}

const char *
wb_capacity_view_get_status (WbCapacityView *self)
{
  g_return_val_if_fail (WB_IS_CAPACITY_VIEW (self), NULL);
  return self->status;
}
