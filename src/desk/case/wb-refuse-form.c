/* wb-refuse-form.c
 *
 * A refusal must name its legal basis and its reasons (行政许可法
 * Art. 38). The basis is picked from the item's grounds where the
 * catalogue lists them, or written in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-refuse-form.h"
#include "wb-json.h"
#include "wb-text.h"

struct _WbRefuseForm
{
  AdwBin         parent_instance;

  GtkLabel      *kind_label;
  AdwComboRow   *basis_row;
  AdwEntryRow   *basis_entry;
  AdwEntryRow   *reason_row;
  GtkLabel      *remedy_label;

  GtkStringList *grounds;  /* the item's grounds, then "written in" */
};

static void wb_refuse_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbRefuseForm, wb_refuse_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_refuse_form_iface_init))

static gboolean
written_in (WbRefuseForm *self)
{
  return adw_combo_row_get_selected (self->basis_row) + 1 >= g_list_model_get_n_items (G_LIST_MODEL (self->grounds));
}

static void
on_changed_cb (WbRefuseForm *self)
{
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static void
on_basis_selected_cb (WbRefuseForm *self)
{
  if (self->grounds == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->basis_entry), written_in (self));
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static char *
dup_basis (WbRefuseForm *self)
{
  if (written_in (self))
    return wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->basis_entry)));
  return g_strdup (gtk_string_list_get_string (self->grounds, adw_combo_row_get_selected (self->basis_row)));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbRefuseForm *self = WB_REFUSE_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *basis = dup_basis (self);
  g_autofree char *reason = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "legal_basis");
  json_builder_add_string_value (b, basis);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbRefuseForm *self = WB_REFUSE_FORM (form);
  g_autofree char *basis = dup_basis (self);

  if (wb_text_is_blank (basis))
    return g_strdup (_("Give the legal basis for the refusal."));
  if (wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))))
    return g_strdup (_("Give the reasons for the refusal."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  WbRefuseForm *self = WB_REFUSE_FORM (form);

  return written_in (self) ? GTK_WIDGET (self->basis_entry) : GTK_WIDGET (self->basis_row);
}

static void
wb_refuse_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_refuse_form_dispose (GObject *object)
{
  WbRefuseForm *self = (WbRefuseForm *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_REFUSE_FORM);
  g_clear_object (&self->grounds);

  G_OBJECT_CLASS (wb_refuse_form_parent_class)->dispose (object);
}

static void
wb_refuse_form_class_init (WbRefuseFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_refuse_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-refuse-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbRefuseForm, kind_label);
  gtk_widget_class_bind_template_child (widget_class, WbRefuseForm, basis_row);
  gtk_widget_class_bind_template_child (widget_class, WbRefuseForm, basis_entry);
  gtk_widget_class_bind_template_child (widget_class, WbRefuseForm, reason_row);
  gtk_widget_class_bind_template_child (widget_class, WbRefuseForm, remedy_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_basis_selected_cb);
}

static void
wb_refuse_form_init (WbRefuseForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A ground may come as text or as an object naming its basis. */
static const char *
ground_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      const char *text = wb_json_string (obj, "legal_basis");

      return text ? text : wb_json_string (obj, "text");
    }
  return NULL;
}

GtkWidget *
wb_refuse_form_new (JsonObject *item,
                    gboolean    accepted)
{
  WbRefuseForm *self = g_object_new (WB_TYPE_REFUSE_FORM, NULL);
  GtkStringList *grounds = gtk_string_list_new (NULL);
  JsonNode *list = item ? json_object_get_member (item, "refusal_grounds") : NULL;

  gtk_label_set_label (self->kind_label,
                       accepted ? _("The application was accepted; refusing it now issues a decision not to grant the permit.")
                                : _("Refusing issues a decision not to accept the application."));

  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
      {
        const char *text = ground_text (json_array_get_element (json_node_get_array (list), i));

        if (!wb_text_is_blank (text))
          gtk_string_list_append (grounds, text);
      }
  /* Until the catalogue lists grounds, the item's own legal basis is
   * the likeliest one. */
  if (g_list_model_get_n_items (G_LIST_MODEL (grounds)) == 0 && item != NULL &&
      !wb_text_is_blank (wb_json_string (item, "legal_basis")))
    gtk_string_list_append (grounds, wb_json_string (item, "legal_basis"));
  gtk_string_list_append (grounds, _("Other, written in"));

  self->grounds = grounds;
  adw_combo_row_set_model (self->basis_row, G_LIST_MODEL (grounds));
  adw_combo_row_set_selected (self->basis_row, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->basis_entry), written_in (self));
  return GTK_WIDGET (self);
}
