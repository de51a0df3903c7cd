/* wb-approve-form.c
 *
 * Approval completes the case (the flow goes from accepted to completed
 * in one step), so there is no separate completion dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-approve-form.h"
#include "wb-text.h"

struct _WbApproveForm
{
  AdwBin       parent_instance;

  AdwEntryRow *result_row;
};

static void wb_approve_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbApproveForm, wb_approve_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_approve_form_iface_init))

static void
on_changed_cb (WbApproveForm *self)
{
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbApproveForm *self = WB_APPROVE_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *result = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->result_row)));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "result");
  json_builder_add_string_value (b, result);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbApproveForm *self = WB_APPROVE_FORM (form);

  if (wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->result_row))))
    return g_strdup (_("Write the result the decision states."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return GTK_WIDGET (WB_APPROVE_FORM (form)->result_row);
}

static void
wb_approve_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_approve_form_class_init (WbApproveFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-approve-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbApproveForm, result_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
wb_approve_form_init (WbApproveForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wb_approve_form_new (void)
{
  return g_object_new (WB_TYPE_APPROVE_FORM, NULL);
}
