/* wb-extend-form.c
 *
 * A case's deadline may be extended once (the server then leaves
 * extend_deadline out of allowed_actions), by at most 10 working days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-extend-form.h"
#include "wb-text.h"

struct _WbExtendForm
{
  AdwBin         parent_instance;

  GtkLabel      *deadline_label;
  GtkSpinButton *days_button;
  AdwEntryRow   *reason_row;
};

static void wb_extend_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbExtendForm, wb_extend_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_extend_form_iface_init))

static void
on_changed_cb (WbExtendForm *self)
{
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbExtendForm *self = WB_EXTEND_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *reason = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "days");
  json_builder_add_int_value (b, gtk_spin_button_get_value_as_int (self->days_button));
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbExtendForm *self = WB_EXTEND_FORM (form);

  if (wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))))
    return g_strdup (_("Say why the case needs more time."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return GTK_WIDGET (WB_EXTEND_FORM (form)->days_button);
}

static void
wb_extend_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_extend_form_class_init (WbExtendFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-extend-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbExtendForm, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, WbExtendForm, days_button);
  gtk_widget_class_bind_template_child (widget_class, WbExtendForm, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
wb_extend_form_init (WbExtendForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wb_extend_form_new (const char *deadline)
{
  WbExtendForm *self = g_object_new (WB_TYPE_EXTEND_FORM, NULL);
  g_autofree char *text = NULL;

  /* Translators: a date, YYYY-MM-DD */
  text = g_strdup_printf (_("The case is due on %s. The deadline can be extended only once; the applicant is told the new date."),
                          deadline ? deadline : "—");
  gtk_label_set_label (self->deadline_label, text);
  return GTK_WIDGET (self);
}
