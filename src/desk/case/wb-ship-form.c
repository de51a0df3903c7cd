/* wb-ship-form.c
 *
 * The couriers the centres use are offered by the names the applicant
 * reads on the parcel and in the SMS, whatever the desk's language; any
 * other is typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-ship-form.h"
#include "wb-text.h"

struct _WbShipForm
{
  AdwBin          parent_instance;

  GtkDropDown    *courier_dropdown;
  AdwEntryRow    *other_row;
  AdwEntryRow    *tracking_row;
};

static const char *couriers[] = { "中国邮政 EMS", "顺丰速运", "京东物流", NULL };

static void wb_ship_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbShipForm, wb_ship_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_ship_form_iface_init))

static gboolean
other_courier (WbShipForm *self)
{
  return gtk_drop_down_get_selected (self->courier_dropdown) >= g_strv_length ((char **) couriers);
}

static void
on_changed_cb (WbShipForm *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->other_row), other_courier (self));
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static char *
dup_courier (WbShipForm *self)
{
  if (other_courier (self))
    return wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->other_row)));
  return g_strdup (couriers[gtk_drop_down_get_selected (self->courier_dropdown)]);
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbShipForm *self = WB_SHIP_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *courier = dup_courier (self);
  g_autofree char *tracking = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->tracking_row)));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "courier");
  json_builder_add_string_value (b, courier);
  json_builder_set_member_name (b, "tracking_no");
  json_builder_add_string_value (b, tracking);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbShipForm *self = WB_SHIP_FORM (form);
  g_autofree char *courier = dup_courier (self);

  if (wb_text_is_blank (courier))
    return g_strdup (_("Name the courier."));
  if (wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->tracking_row))))
    return g_strdup (_("Enter the tracking number from the waybill."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return GTK_WIDGET (WB_SHIP_FORM (form)->tracking_row);
}

static void
wb_ship_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_ship_form_class_init (WbShipFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-ship-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbShipForm, courier_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbShipForm, other_row);
  gtk_widget_class_bind_template_child (widget_class, WbShipForm, tracking_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
wb_ship_form_init (WbShipForm *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new ((const char * const *) couriers);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (names, _("Other courier"));
  gtk_drop_down_set_model (self->courier_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->courier_dropdown, 0);
  g_signal_connect_object (self->courier_dropdown, "notify::selected",
                           G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->other_row), FALSE);
}

GtkWidget *
wb_ship_form_new (void)
{
  return g_object_new (WB_TYPE_SHIP_FORM, NULL);
}
