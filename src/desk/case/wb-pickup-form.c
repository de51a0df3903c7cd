/* wb-pickup-form.c
 *
 * The slots come from the unit's capacity as the business administrator
 * set it. A full slot stays in the list, insensitive, so the caseworker
 * can tell the applicant it is taken rather than wonder where it went.
 * Two caseworkers may offer the same last place at once; the server
 * books one and answers the other 409, and then the list is reloaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-pickup-form.h"
#include "wb-error.h"
#include "wb-json.h"

struct _WbPickupForm
{
  AdwBin               parent_instance;

  GtkLabel            *status_label;
  GtkListBox          *slot_list;

  WbContext           *context;
  GCancellable        *cancellable;
  char                *unit_code;
  char                *status;
  gint64               current_slot;
  gint64               chosen;       /* 0 until a slot is picked */
  gboolean             loading;
  GtkCheckButton      *group;        /* the first radio, once listed */
};

static void wb_pickup_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbPickupForm, wb_pickup_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_pickup_form_iface_init))

static void
set_status (WbPickupForm *self,
            const char   *status)
{
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
}

static void
on_slot_toggled_cb (GtkCheckButton *button,
                    WbPickupForm   *self)
{
  if (gtk_check_button_get_active (button))
    self->chosen = *(gint64 *) g_object_get_data (G_OBJECT (button), "wb-slot-id");
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static GtkWidget *
slot_row (WbPickupForm *self,
          JsonObject   *slot)
{
  gint64 id = json_object_get_int_member_with_default (slot, "id", 0);
  gint64 capacity = json_object_get_int_member_with_default (slot, "capacity", 0);
  gint64 available = json_object_get_int_member_with_default (slot, "available", 0);
  g_autofree char *title = g_strdup_printf ("%s  %s–%s", wb_json_string (slot, "date"),
                                            wb_json_string (slot, "start"), wb_json_string (slot, "end"));
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("slot:%" G_GINT64_FORMAT, id);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *radio = gtk_check_button_new ();
  gboolean held = id == self->current_slot;

  if (held)
    subtitle = g_strdup (_("The case holds this slot now"));
  else if (available <= 0)
    subtitle = g_strdup (_("Full"));
  else
    /* Translators: free places of all places in a pickup slot */
    subtitle = g_strdup_printf (_("%d of %d places free"), (int) available, (int) capacity);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (radio), "wb-slot-id", g_memdup2 (&id, sizeof id), g_free);
  if (self->group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), self->group);
  else
    self->group = GTK_CHECK_BUTTON (radio);
  gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);
  g_signal_connect (radio, "toggled", G_CALLBACK (on_slot_toggled_cb), self);
  /* Shown, but not offered. */
  gtk_widget_set_sensitive (row, available > 0 && !held);
  return row;
}

static void
on_slots_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WbPickupForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  GtkWidget *child;
  JsonArray *items;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  self->chosen = 0;
  self->group = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->slot_list))) != NULL)
    gtk_list_box_remove (self->slot_list, child);
  if (reply == NULL)
    {
      g_autofree char *message = wb_api_error_describe (error);

      set_status (self, message);
      wb_decision_form_changed (WB_DECISION_FORM (self));
      return;
    }
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    gtk_list_box_append (self->slot_list, slot_row (self, json_array_get_object_element (items, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->slot_list), items != NULL && json_array_get_length (items) > 0);
  if (items == NULL || json_array_get_length (items) == 0)
    set_status (self, _("The unit has opened no pickup slots for the next two weeks. Ask the business administrator to set the pickup capacity."));
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

void
wb_pickup_form_reload (WbPickupForm *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (WB_IS_PICKUP_FORM (self));
  path = g_strdup_printf ("/units/%s/pickup-slots", self->unit_code);
  self->loading = TRUE;
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                               self->cancellable, on_slots_loaded_cb, g_object_ref (self));
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbPickupForm *self = WB_PICKUP_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "slot_id");
  json_builder_add_int_value (b, self->chosen);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbPickupForm *self = WB_PICKUP_FORM (form);

  if (self->loading)
    return g_strdup (_("The pickup slots are loading…"));
  if (self->chosen == 0)
    return g_strdup (_("Choose the slot the applicant will come in."));
  return NULL;
}

static void
refused (WbDecisionForm *form,
         const GError   *error)
{
  WbPickupForm *self = WB_PICKUP_FORM (form);

  /* Someone else took the last place meanwhile: show the slots as they
   * are now, so the next choice is a real one. */
  if (!g_error_matches (error, WB_ERROR, WB_ERROR_CONFLICT))
    return;
  set_status (self, _("That slot was filled just now. The slots have been reloaded; choose another."));
  wb_pickup_form_reload (self);
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return GTK_WIDGET (WB_PICKUP_FORM (form)->slot_list);
}

static void
wb_pickup_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
  iface->refused = refused;
}

static void
wb_pickup_form_dispose (GObject *object)
{
  WbPickupForm *self = (WbPickupForm *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_PICKUP_FORM);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->unit_code, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (wb_pickup_form_parent_class)->dispose (object);
}

static void
wb_pickup_form_class_init (WbPickupFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_pickup_form_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-pickup-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbPickupForm, status_label);
  gtk_widget_class_bind_template_child (widget_class, WbPickupForm, slot_list);
}

static void
wb_pickup_form_init (WbPickupForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
}

GtkWidget *
wb_pickup_form_new (WbContext  *context,
                    const char *unit_code,
                    gint64      current_slot)
{
  WbPickupForm *self = g_object_new (WB_TYPE_PICKUP_FORM, NULL);

  self->context = g_object_ref (context);
  self->unit_code = g_strdup (unit_code);
  self->current_slot = current_slot;
  wb_pickup_form_reload (self);
  return GTK_WIDGET (self);
}

gboolean
wb_pickup_form_is_loading (WbPickupForm *self)
{
  g_return_val_if_fail (WB_IS_PICKUP_FORM (self), FALSE);
  return self->loading;
}

const char *
wb_pickup_form_get_status (WbPickupForm *self)
{
  g_return_val_if_fail (WB_IS_PICKUP_FORM (self), NULL);
  return self->status;
}
