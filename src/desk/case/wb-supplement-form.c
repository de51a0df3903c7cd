/* wb-supplement-form.c
 *
 * The notice takes each deficiency from the material's review mark on
 * the server, so a reason edited here is written back as the mark before
 * the request goes out: the mark, the notice and the audit trail then
 * say the same thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-supplement-form.h"
#include "wb-json.h"
#include "wb-text.h"

typedef struct
{
  char        *name;
  gint64       material_id;  /* the latest received copy; 0 = not received */
  char        *mark;         /* its deficiency reason on the server, or NULL */
  GtkCheckButton *check;
  AdwEntryRow *reason_row;   /* NULL when not received */
} Entry;

struct _WbSupplementForm
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkWidget           *second_group;
  AdwEntryRow         *second_reason_row;
  AdwPreferencesGroup *materials_group;
  AdwPreferencesGroup *extra_group;
  AdwEntryRow         *add_row;
  AdwEntryRow         *note_row;

  /* owned */
  WbContext           *context;
  gint64               case_id;
  gboolean             second;   /* the submission was asked once already */
  GPtrArray           *entries;  /* of Entry */
  GPtrArray           *extras;   /* of AdwActionRow, titled by the item */
};

static void wb_supplement_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbSupplementForm, wb_supplement_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_supplement_form_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *e)
{
  g_free (e->name);
  g_free (e->mark);
  g_free (e);
}

static void
on_changed_cb (WbSupplementForm *self)
{
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static void
on_toggled_cb (GtkCheckButton   *check,
               WbSupplementForm *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = self->entries->pdata[i];

      if (e->check == check && e->reason_row != NULL)
        gtk_widget_set_visible (GTK_WIDGET (e->reason_row), gtk_check_button_get_active (check));
    }
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static void
on_remove_clicked_cb (GtkButton        *button,
                   WbSupplementForm *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "wb-row");

  g_ptr_array_remove (self->extras, row);
  adw_preferences_group_remove (self->extra_group, row);
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static void
on_add_item_activated_cb (WbSupplementForm *self)
{
  g_autofree char *text = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->add_row)));
  GtkWidget *row, *remove;

  if (*text == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_set_name (row, "extra-item");
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove the item"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "wb-row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_preferences_group_add (self->extra_group, row);
  g_ptr_array_add (self->extras, row);
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbSupplementForm *self = WB_SUPPLEMENT_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->second_reason_row));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "missing");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = self->entries->pdata[i];

      if (gtk_check_button_get_active (e->check))
        json_builder_add_string_value (b, e->name);
    }
  for (guint i = 0; i < self->extras->len; i++)
    json_builder_add_string_value (b, adw_preferences_row_get_title (self->extras->pdata[i]));
  json_builder_end_array (b);
  if (!wb_text_is_blank (note))
    {
      g_autofree char *trimmed = wb_text_trim (note);

      json_builder_set_member_name (b, "note");
      json_builder_add_string_value (b, trimmed);
    }
  if (self->second && !wb_text_is_blank (reason))
    {
      g_autofree char *trimmed = wb_text_trim (reason);

      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, trimmed);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbSupplementForm *self = WB_SUPPLEMENT_FORM (form);
  guint ticked = self->extras->len;

  if (self->second && wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->second_reason_row))))
    return g_strdup (_("Say why the applicant is asked a second time."));
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = self->entries->pdata[i];

      if (!gtk_check_button_get_active (e->check))
        continue;
      ticked++;
      /* The applicant has handed this one in: tell them what to fix. */
      if (e->reason_row != NULL && wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (e->reason_row))))
        /* Translators: the name of a material */
        return g_strdup_printf (_("Say what is wrong with “%s”."), e->name);
    }
  if (ticked == 0)
    return g_strdup (_("Tick at least one material, or add an item."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  WbSupplementForm *self = WB_SUPPLEMENT_FORM (form);

  if (self->second)
    return GTK_WIDGET (self->second_reason_row);
  if (self->entries->len > 0)
    return GTK_WIDGET (((Entry *) self->entries->pdata[0])->check);
  return GTK_WIDGET (self->add_row);
}

/* The marks still to write, one after the other. */
typedef struct
{
  GPtrArray *pending;  /* of Entry, not owned */
} Prepare;

static void
prepare_free (Prepare *p)
{
  g_ptr_array_unref (p->pending);
  g_free (p);
}

static void write_next_mark (GTask *task);

static void
on_mark_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Prepare *p = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  Entry *e = p->pending->pdata[0];

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (e->mark);
  e->mark = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (e->reason_row)));
  g_ptr_array_remove_index (p->pending, 0);
  write_next_mark (g_steal_pointer (&task));
}

static void
write_next_mark (GTask *task)
{
  WbSupplementForm *self = g_task_get_source_object (task);
  Prepare *p = g_task_get_task_data (task);
  Entry *e;
  g_autofree char *path = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (p->pending->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  e = p->pending->pdata[0];
  reason = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (e->reason_row)));
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/review",
                          self->case_id, e->material_id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, "deficient");
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  wb_api_client_request_async (wb_context_get_client (self->context), "PUT", path, body, NULL,
                               g_task_get_cancellable (task), on_mark_written_cb, task);
}

static void
prepare_async (WbDecisionForm      *form,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  WbSupplementForm *self = WB_SUPPLEMENT_FORM (form);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Prepare *p = g_new0 (Prepare, 1);

  g_task_set_source_tag (task, prepare_async);
  p->pending = g_ptr_array_new ();
  g_task_set_task_data (task, p, (GDestroyNotify) prepare_free);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = self->entries->pdata[i];
      g_autofree char *reason = NULL;

      if (e->reason_row == NULL || !gtk_check_button_get_active (e->check))
        continue;
      reason = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (e->reason_row)));
      if (g_strcmp0 (reason, e->mark) != 0)
        g_ptr_array_add (p->pending, e);
    }
  write_next_mark (task);
}

static gboolean
prepare_finish (WbDecisionForm  *form,
                GAsyncResult    *result,
                GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
wb_supplement_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
  iface->prepare_async = prepare_async;
  iface->prepare_finish = prepare_finish;
}

static void
wb_supplement_form_dispose (GObject *object)
{
  WbSupplementForm *self = (WbSupplementForm *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_SUPPLEMENT_FORM);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->extras, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (wb_supplement_form_parent_class)->dispose (object);
}

static void
wb_supplement_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WbSupplementForm *self = WB_SUPPLEMENT_FORM (object);

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
wb_supplement_form_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WbSupplementForm *self = WB_SUPPLEMENT_FORM (object);

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
wb_supplement_form_class_init (WbSupplementFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_supplement_form_dispose;
  object_class->get_property = wb_supplement_form_get_property;
  object_class->set_property = wb_supplement_form_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-supplement-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbSupplementForm, second_group);
  gtk_widget_class_bind_template_child (widget_class, WbSupplementForm, second_reason_row);
  gtk_widget_class_bind_template_child (widget_class, WbSupplementForm, materials_group);
  gtk_widget_class_bind_template_child (widget_class, WbSupplementForm, extra_group);
  gtk_widget_class_bind_template_child (widget_class, WbSupplementForm, add_row);
  gtk_widget_class_bind_template_child (widget_class, WbSupplementForm, note_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_item_activated_cb);
}

static void
wb_supplement_form_init (WbSupplementForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->extras = g_ptr_array_new ();
}

/* The newest copy of a material: a re-submitted one replaces the old. */
static JsonObject *
latest_received (JsonArray  *received,
                 const char *name)
{
  JsonObject *found = NULL;

  for (guint i = 0; received && i < json_array_get_length (received); i++)
    {
      JsonObject *m = json_array_get_object_element (received, i);

      if (g_strcmp0 (wb_json_string (m, "name"), name) == 0 &&
          (found == NULL || json_object_get_int_member_with_default (m, "id", 0) >
                            json_object_get_int_member_with_default (found, "id", 0)))
        found = m;
    }
  return found;
}

static const char *
deficiency (JsonObject *material)
{
  JsonNode *node = material ? json_object_get_member (material, "review") : NULL;
  JsonObject *review;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  review = json_node_get_object (node);
  if (g_strcmp0 (wb_json_string (review, "verdict"), "deficient") != 0)
    return NULL;
  return wb_json_string (review, "reason");
}

static gboolean
has_entry (WbSupplementForm *self,
           const char       *name)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (((Entry *) self->entries->pdata[i])->name, name))
      return TRUE;
  return FALSE;
}

static void
add_entry (WbSupplementForm *self,
           const char       *name,
           JsonObject       *received)
{
  Entry *e = g_new0 (Entry, 1);
  const char *mark = deficiency (received);
  GtkWidget *row = adw_action_row_new ();
  /* A material that never arrived is missing by definition; a received
   * one only when the reviewer found it deficient. */
  gboolean ticked = received == NULL || mark != NULL;

  e->name = g_strdup (name);
  e->material_id = received ? json_object_get_int_member_with_default (received, "id", 0) : 0;
  e->mark = g_strdup (mark);
  e->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_name (GTK_WIDGET (e->check), name);
  gtk_widget_set_valign (GTK_WIDGET (e->check), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (e->check, ticked);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               received == NULL ? _("Not received")
                                                : mark != NULL ? _("Received · marked deficient")
                                                               : _("Received"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (e->check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (e->check));
  adw_preferences_group_add (self->materials_group, row);

  if (received != NULL)
    {
      g_autofree char *name_key = g_strdup_printf ("reason:%s", name);

      e->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
      gtk_widget_set_name (GTK_WIDGET (e->reason_row), name_key);
      /* Translators: the field under a material: what the applicant must fix */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (e->reason_row), _("What is wrong with it"));
      gtk_editable_set_text (GTK_EDITABLE (e->reason_row), mark ? mark : "");
      gtk_widget_set_visible (GTK_WIDGET (e->reason_row), ticked);
      g_signal_connect_swapped (e->reason_row, "changed", G_CALLBACK (on_changed_cb), self);
      adw_preferences_group_add (self->materials_group, GTK_WIDGET (e->reason_row));
    }
  g_signal_connect (e->check, "toggled", G_CALLBACK (on_toggled_cb), self);
  g_ptr_array_add (self->entries, e);
}

GtkWidget *
wb_supplement_form_new (WbContext  *context,
                        JsonObject *kase,
                        JsonArray  *required,
                        JsonArray  *received)
{
  WbSupplementForm *self = g_object_new (WB_TYPE_SUPPLEMENT_FORM, "context", context, NULL);

  self->case_id = json_object_get_int_member_with_default (kase, "id", 0);
  self->second = json_object_get_int_member_with_default (kase, "supplement_count", 0) >= 1;
  gtk_widget_set_visible (self->second_group, self->second);

  for (guint i = 0; required && i < json_array_get_length (required); i++)
    {
      const char *name = wb_json_string (json_array_get_object_element (required, i), "name");

      if (name != NULL && !has_entry (self, name))
        add_entry (self, name, latest_received (received, name));
    }
  /* What the applicant sent beyond the list counts once it was found
   * wanting, e.g. a household register with the wrong page. */
  for (guint i = 0; received && i < json_array_get_length (received); i++)
    {
      const char *name = wb_json_string (json_array_get_object_element (received, i), "name");
      JsonObject *latest = latest_received (received, name);

      if (name != NULL && !has_entry (self, name) && deficiency (latest) != NULL)
        add_entry (self, name, latest);
    }
  if (self->entries->len == 0)
    gtk_widget_set_visible (GTK_WIDGET (self->materials_group), FALSE);
  return GTK_WIDGET (self);
}
