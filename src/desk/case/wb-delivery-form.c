/* wb-delivery-form.c
 *
 * The address field starts empty on purpose: the case holds the
 * applicant's address masked, and a certificate mailed to
 * "辽宁省沈阳市和平区***" goes nowhere. The caseworker types the address
 * the applicant gives on the phone or at the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-delivery-form.h"
#include "wb-text.h"

struct _WbDeliveryForm
{
  AdwBin          parent_instance;

  GtkCheckButton *mail_button;
  GtkCheckButton *window_button;
  AdwEntryRow    *address_row;
  GtkLabel       *address_hint;
};

static void wb_delivery_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbDeliveryForm, wb_delivery_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_delivery_form_iface_init))

static gboolean
by_mail (WbDeliveryForm *self)
{
  return gtk_check_button_get_active (self->mail_button);
}

static void
on_changed_cb (WbDeliveryForm *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), by_mail (self));
  gtk_widget_set_visible (GTK_WIDGET (self->address_hint), by_mail (self));
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbDeliveryForm *self = WB_DELIVERY_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, by_mail (self) ? "mail" : "window");
  if (by_mail (self))
    {
      g_autofree char *address = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->address_row)));

      json_builder_set_member_name (b, "address");
      json_builder_add_string_value (b, address);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbDeliveryForm *self = WB_DELIVERY_FORM (form);

  if (!by_mail (self) && !gtk_check_button_get_active (self->window_button))
    return g_strdup (_("Choose how the applicant receives the certificate."));
  if (by_mail (self) && wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->address_row))))
    return g_strdup (_("Enter the mailing address the applicant gave."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return GTK_WIDGET (WB_DELIVERY_FORM (form)->mail_button);
}

static void
wb_delivery_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_delivery_form_class_init (WbDeliveryFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-delivery-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbDeliveryForm, mail_button);
  gtk_widget_class_bind_template_child (widget_class, WbDeliveryForm, window_button);
  gtk_widget_class_bind_template_child (widget_class, WbDeliveryForm, address_row);
  gtk_widget_class_bind_template_child (widget_class, WbDeliveryForm, address_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
wb_delivery_form_init (WbDeliveryForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->address_hint), FALSE);
}

static gboolean
offers (JsonArray  *options,
        const char *method)
{
  if (options == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (options); i++)
    if (g_strcmp0 (json_array_get_string_element (options, i), method) == 0)
      return TRUE;
  return FALSE;
}

GtkWidget *
wb_delivery_form_new (JsonArray *options)
{
  WbDeliveryForm *self = g_object_new (WB_TYPE_DELIVERY_FORM, NULL);

  /* Only what the item's guide promises; the server accepts either. */
  gtk_widget_set_visible (GTK_WIDGET (self->mail_button), offers (options, "mail"));
  gtk_widget_set_visible (GTK_WIDGET (self->window_button), offers (options, "window"));
  return GTK_WIDGET (self);
}
