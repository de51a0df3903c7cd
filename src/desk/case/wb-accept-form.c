/* wb-accept-form.c
 *
 * Acceptance needs no fields; the dialog exists so that nobody accepts
 * an application by a stray click, and so the notice can be previewed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-accept-form.h"

struct _WbAcceptForm
{
  AdwBin    parent_instance;

  GtkLabel *deadline_label;
};

static void wb_accept_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbAcceptForm, wb_accept_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_accept_form_iface_init))

static JsonNode *
build_body (WbDecisionForm *form)
{
  return json_node_init_object (json_node_alloc (), json_object_new ());
}

static char *
dup_missing (WbDecisionForm *form)
{
  return NULL;
}

static void
wb_accept_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
}

static void
wb_accept_form_class_init (WbAcceptFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-accept-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbAcceptForm, deadline_label);
}

static void
wb_accept_form_init (WbAcceptForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wb_accept_form_new (const char *deadline)
{
  WbAcceptForm *self = g_object_new (WB_TYPE_ACCEPT_FORM, NULL);
  g_autofree char *text = NULL;

  if (deadline != NULL)
    {
      /* Translators: a date, YYYY-MM-DD */
      text = g_strdup_printf (_("The case is due on %s."), deadline);
      gtk_label_set_label (self->deadline_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->deadline_label), deadline != NULL);
  return GTK_WIDGET (self);
}
