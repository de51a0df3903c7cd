/* wb-case-view-delivery.c: the case view's delivery section
 *
 * What the window staff needs at the counter: the booked slot, whether
 * the certificate is printed, who collected it, and the applicant's
 * rating. Personal data comes masked from the server and stays so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-case-view-private.h"
#include "wb-case-format.h"
#include "wb-json.h"

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
add (WbCaseView *self,
     GPtrArray  *rows,
     const char *name,
     const char *title,
     const char *value)
{
  GtkWidget *row;

  if (value == NULL)
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (self->delivery_group, row);
  g_ptr_array_add (rows, row);
}

static char *
rating_text (JsonObject *rating)
{
  const char *comment = wb_json_string (rating, "comment");
  const char *source = g_strcmp0 (wb_json_string (rating, "source"), "window") == 0
    ? _("at the window") : _("by phone");
  const char *level = wb_format_rating_level (json_object_get_int_member_with_default (rating, "level", 0));

  if (comment != NULL)
    /* Translators: rating level, where it was given, the comment */
    return g_strdup_printf (_("%s, %s: “%s”"), level, source, comment);
  /* Translators: rating level, where it was given */
  return g_strdup_printf (_("%s, %s"), level, source);
}

void
wb_case_view_show_delivery (WbCaseView *self)
{
  JsonObject *delivery = object_member (self->kase, "delivery");
  JsonObject *rating = object_member (self->kase, "rating");
  JsonObject *slot = object_member (delivery, "pickup_slot");
  JsonObject *agent = object_member (delivery, "agent");
  GPtrArray *rows = g_object_get_data (G_OBJECT (self->delivery_group), "wb-rows");
  g_autofree char *printed = NULL;
  g_autofree char *handed = NULL;
  g_autofree char *slot_text = NULL;
  g_autofree char *collector = NULL;
  g_autofree char *rated = NULL;
  const char *method;

  if (rows == NULL)
    {
      rows = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (self->delivery_group), "wb-rows", rows, (GDestroyNotify) g_ptr_array_unref);
    }
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (self->delivery_group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);

  method = wb_json_string (delivery, "method");
  if (g_strcmp0 (method, "mail") == 0)
    {
      add (self, rows, "delivery-method", _("Method"), _("Free delivery by mail"));
      add (self, rows, "delivery-address", _("Mailing address"), wb_json_string (delivery, "address"));
      add (self, rows, "delivery-courier", _("Courier"), wb_json_string (delivery, "courier"));
      add (self, rows, "delivery-tracking", _("Tracking number"), wb_json_string (delivery, "tracking_no"));
    }
  else if (g_strcmp0 (method, "window") == 0)
    {
      add (self, rows, "delivery-method", _("Method"), _("Pickup at the window"));
      if (wb_json_string (delivery, "printed_at") != NULL)
        printed = wb_format_time (wb_json_string (delivery, "printed_at"));
      add (self, rows, "delivery-printed", _("Certificate printed"), printed ? printed : _("Not yet"));
      if (slot != NULL)
        slot_text = g_strdup_printf ("%s %s–%s", wb_json_string (slot, "date"),
                                     wb_json_string (slot, "start"), wb_json_string (slot, "end"));
      add (self, rows, "delivery-slot", _("Pickup slot"), slot_text);
      if (g_strcmp0 (wb_json_string (delivery, "collector"), "agent") == 0 && agent != NULL)
        /* Translators: the agent's masked name and ID number */
        collector = g_strdup_printf (_("Agent %s (%s)"), wb_json_string (agent, "name"),
                                     wb_json_string (agent, "id_number"));
      else if (g_strcmp0 (wb_json_string (delivery, "collector"), "applicant") == 0)
        collector = g_strdup (_("The applicant in person"));
      add (self, rows, "delivery-collector", _("Collected by"), collector);
      if (wb_json_string (delivery, "handed_over_at") != NULL)
        handed = wb_format_time (wb_json_string (delivery, "handed_over_at"));
      add (self, rows, "delivery-handed-over", _("Handed over"), handed);
    }
  if (rating != NULL)
    {
      rated = rating_text (rating);
      add (self, rows, "delivery-rating", _("Rating"), rated);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->delivery_group), rows->len > 0);
}
