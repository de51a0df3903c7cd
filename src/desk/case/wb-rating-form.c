/* wb-rating-form.c
 *
 * The five levels are the national 好差评 scale. Nothing is pre-chosen:
 * the applicant gives the rating, not the caseworker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-rating-form.h"
#include "wb-case-format.h"
#include "wb-text.h"

#define MAX_COMMENT_CHARS 500

struct _WbRatingForm
{
  AdwBin          parent_instance;

  GtkBox         *levels_box;
  AdwEntryRow    *comment_row;
  GtkLabel       *bad_label;

  int             level;
};

static void wb_rating_form_iface_init (WbDecisionFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbRatingForm, wb_rating_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (WB_TYPE_DECISION_FORM, wb_rating_form_iface_init))

static void
on_changed_cb (WbRatingForm *self)
{
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static void
on_level_toggled_cb (GtkCheckButton *button,
                     WbRatingForm   *self)
{
  if (gtk_check_button_get_active (button))
    self->level = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "wb-level"));
  /* Said before the rating is recorded, so nobody is surprised by the
   * callback the complaint handlers will make. */
  gtk_widget_set_visible (GTK_WIDGET (self->bad_label), self->level > 0 && self->level <= 2);
  wb_decision_form_changed (WB_DECISION_FORM (self));
}

static JsonNode *
build_body (WbDecisionForm *form)
{
  WbRatingForm *self = WB_RATING_FORM (form);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *comment = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->comment_row)));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "level");
  json_builder_add_int_value (b, self->level);
  /* The server takes a blank comment as none; leave it out instead. */
  if (*comment != '\0')
    {
      json_builder_set_member_name (b, "comment");
      json_builder_add_string_value (b, comment);
    }
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, "window");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
dup_missing (WbDecisionForm *form)
{
  WbRatingForm *self = WB_RATING_FORM (form);

  if (self->level == 0)
    return g_strdup (_("Choose the rating the applicant gave."));
  if (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->comment_row)), -1) > MAX_COMMENT_CHARS)
    return g_strdup (_("The comment takes at most 500 characters."));
  return NULL;
}

static GtkWidget *
get_first_field (WbDecisionForm *form)
{
  return gtk_widget_get_first_child (GTK_WIDGET (WB_RATING_FORM (form)->levels_box));
}

static void
wb_rating_form_iface_init (WbDecisionFormInterface *iface)
{
  iface->build_body = build_body;
  iface->dup_missing = dup_missing;
  iface->get_first_field = get_first_field;
}

static void
wb_rating_form_class_init (WbRatingFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-rating-form.ui");
  gtk_widget_class_bind_template_child (widget_class, WbRatingForm, levels_box);
  gtk_widget_class_bind_template_child (widget_class, WbRatingForm, comment_row);
  gtk_widget_class_bind_template_child (widget_class, WbRatingForm, bad_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
}

static void
wb_rating_form_init (WbRatingForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wb_rating_form_add_levels (self->levels_box, G_CALLBACK (on_level_toggled_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->bad_label), FALSE);
}

void
wb_rating_form_add_levels (GtkBox    *box,
                           GCallback  on_toggled,
                           gpointer   user_data)
{
  GtkCheckButton *group = NULL;

  /* Nothing pre-chosen: the applicant gives the rating. */
  for (int level = 5; level >= 1; level--)
    {
      GtkWidget *button = gtk_check_button_new_with_label (wb_format_rating_level (level));
      g_autofree char *name = g_strdup_printf ("level-%d", level);

      gtk_widget_set_name (button, name);
      g_object_set_data (G_OBJECT (button), "wb-level", GINT_TO_POINTER (level));
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      g_signal_connect (button, "toggled", on_toggled, user_data);
      gtk_box_append (box, button);
    }
}

GtkWidget *
wb_rating_form_new (void)
{
  return g_object_new (WB_TYPE_RATING_FORM, NULL);
}

int
wb_rating_form_get_level (WbRatingForm *self)
{
  g_return_val_if_fail (WB_IS_RATING_FORM (self), 0);
  return self->level;
}
