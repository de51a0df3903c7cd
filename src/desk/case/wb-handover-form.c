/* wb-handover-form.c
 *
 * An agent's ID number is checked here with the same GB 11643 rule the
 * server applies, so a mistyped digit is caught while the agent still
 * stands at the window. The number goes only into the action's body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-handover-form.h"
#include "wb-id-number.h"
#include "wb-text.h"

struct _WbHandoverForm
{
  AdwBin              parent_instance;

  GtkCheckButton     *applicant_button;
  GtkCheckButton     *agent_button;
  AdwPreferencesGroup *agent_group;
  AdwEntryRow        *name_row;
  AdwEntryRow        *id_row;
};

static void wb_handover_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbHandoverForm, wb_handover_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_handover_form_iface_init))

static gboolean
by_agent (WbHandoverForm *self)
{
  return gtk_check_button_get_active (self->agent_button);
}

static char *
dup_id_number (WbHandoverForm *self)
{
  g_autofree char *id = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->id_row)));

  return g_ascii_strup (id, -1);
}

static gboolean
id_valid (WbHandoverForm *self)
{
  g_autofree char *id = dup_id_number (self);

  return wb_id_number_validate (id, NULL);
}

static void
on_changed_cb (WbHandoverForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));

  gtk_widget_set_visible (GTK_WIDGET (self->agent_group), by_agent (self));
  /* Marked once all 18 characters are there, not while typing. */
  if (strlen (text) >= 18 && !id_valid (self))
    gtk_widget_add_css_class (GTK_WIDGET (self->id_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbHandoverForm *self = WB_HANDOVER_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "collector");
  json_builder_add_string_value (b, by_agent (self) ? "agent" : "applicant");
  if (by_agent (self))
    {
      g_autofree char *name = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
      g_autofree char *id = dup_id_number (self);

      json_builder_set_member_name (b, "agent_name");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "agent_id_number");
      json_builder_add_string_value (b, id);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbHandoverForm *self = WB_HANDOVER_FORM (form);

  if (!by_agent (self) && !gtk_check_button_get_active (self->applicant_button))
    return g_strdup (_("Say who collected the certificate."));
  if (!by_agent (self))
    return NULL;
  if (wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row))))
    return g_strdup (_("Enter the agent’s name as on the ID card."));
  if (wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->id_row))))
    return g_strdup (_("Enter the agent’s resident ID number."));
  if (!id_valid (self))
    return g_strdup (_("The agent’s ID number is not a valid resident ID number (18 characters, with the check digit); read it again from the card."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return GTK_WIDGET (WB_HANDOVER_FORM (form)->applicant_button);
}

static void
wb_handover_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_handover_form_class_init (WbHandoverFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-handover-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbHandoverForm, applicant_button);
  gtk_widget_class_bind_template_child (widget_class, WbHandoverForm, agent_button);
  gtk_widget_class_bind_template_child (widget_class, WbHandoverForm, agent_group);
  gtk_widget_class_bind_template_child (widget_class, WbHandoverForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, WbHandoverForm, id_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
wb_handover_form_init (WbHandoverForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->agent_group), FALSE);
}

GtkWidget *
wb_handover_form_new (void)
{
  return g_object_new (WB_TYPE_HANDOVER_FORM, NULL);
}
