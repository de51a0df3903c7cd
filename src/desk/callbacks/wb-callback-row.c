/* wb-callback-row.c
 *
 * A row says what a caller needs before dialling: the purpose, the case
 * and item, the applicant's masked name and phone, when the call is due
 * (relative and absolute) and how the calls so far went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "callbacks/wb-call-script.h"
#include "callbacks/wb-callback-row.h"
#include "wb-case-format.h"
#include "wb-json.h"

static void
row_data_free (gpointer data)
{
  WbCallbackRowData *d = data;

  g_date_time_unref (d->due);
  json_object_unref (d->task);
  g_free (d);
}

WbCallbackRowData *
wb_callback_row_get_data (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "wb-callback");
}

WbCallbackGroup
wb_callback_group_for (GDateTime *due,
                       GDateTime *now)
{
  g_autoptr(GDateTime) local_now = g_date_time_add_hours (now, 8);
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next_midnight = NULL;
  GTimeSpan ago = g_date_time_difference (now, due);

  if (ago > (GTimeSpan) WB_CALLBACK_DUE_NOW_MINUTES * G_TIME_SPAN_MINUTE)
    return WB_CALLBACK_OVERDUE;
  if (ago >= 0)
    return WB_CALLBACK_DUE_NOW;
  /* The centre's day (UTC+8), whatever zone the desk runs in. */
  midnight = g_date_time_new_utc (g_date_time_get_year (local_now), g_date_time_get_month (local_now),
                                  g_date_time_get_day_of_month (local_now), 0, 0, 0);
  next_midnight = g_date_time_add_hours (midnight, 24 - 8);
  return g_date_time_compare (due, next_midnight) < 0 ? WB_CALLBACK_LATER_TODAY : WB_CALLBACK_UPCOMING;
}

static const char *
group_title (int group)
{
  switch (group)
    {
    case WB_CALLBACK_OVERDUE:
      return _("Overdue");
    case WB_CALLBACK_DUE_NOW:
      return _("Due Now");
    case WB_CALLBACK_LATER_TODAY:
      return _("Later Today");
    default:
      return _("Upcoming");
    }
}

static char *
relative_time (GDateTime *due,
               GDateTime *now)
{
  GTimeSpan diff = g_date_time_difference (due, now);
  gint64 minutes = (diff < 0 ? -diff : diff) / G_TIME_SPAN_MINUTE;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("now"));
  if (diff > 0)
    {
      if (days > 0)
        return g_strdup_printf (g_dngettext (NULL, "in %d day", "in %d days", days), (int) days);
      if (hours > 0)
        return g_strdup_printf (g_dngettext (NULL, "in %d hour", "in %d hours", hours), (int) hours);
      return g_strdup_printf (g_dngettext (NULL, "in %d minute", "in %d minutes", minutes), (int) minutes);
    }
  if (days > 0)
    return g_strdup_printf (g_dngettext (NULL, "%d day ago", "%d days ago", days), (int) days);
  if (hours > 0)
    return g_strdup_printf (g_dngettext (NULL, "%d hour ago", "%d hours ago", hours), (int) hours);
  return g_strdup_printf (g_dngettext (NULL, "%d minute ago", "%d minutes ago", minutes), (int) minutes);
}

static void
update_subtitle (GtkWidget *row,
                 GDateTime *at)
{
  WbCallbackRowData *d = wb_callback_row_get_data (row);
  JsonObject *applicant = json_object_get_object_member (d->task, "applicant");
  g_autofree char *absolute = wb_format_time (wb_json_string (d->task, "due_at"));
  g_autofree char *relative = relative_time (d->due, at);
  gint64 attempts = json_object_get_int_member_with_default (d->task, "attempts", 0);
  const char *last = wb_json_string (d->task, "last_outcome");
  g_autofree char *calls = NULL;
  g_autofree char *subtitle = NULL;

  if (attempts == 0)
    calls = g_strdup (_("not called yet"));
  else
    /* Translators: number of calls so far, then the last call's outcome */
    calls = g_strdup_printf (g_dngettext (NULL, "%d call, last: %s", "%d calls, last: %s", attempts),
                             (int) attempts, wb_call_outcome_label (last));
  /* Translators: masked name · masked phone · due relative (absolute) · calls */
  subtitle = g_strdup_printf (_("%s · %s · due %s (%s) · %s"),
                              applicant ? wb_json_string (applicant, "name") : "—",
                              applicant ? wb_json_string (applicant, "phone") : "—",
                              relative, absolute, calls);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

gboolean
wb_callback_row_update (GtkWidget *row,
                        GDateTime *at)
{
  WbCallbackRowData *d = wb_callback_row_get_data (row);
  int group = wb_callback_group_for (d->due, at);
  gboolean changed = group != d->group;

  d->group = group;
  update_subtitle (row, at);
  return changed;
}

GtkWidget *
wb_callback_row_new (JsonObject *task,
                     GDateTime  *at,
                     gboolean    can_call)
{
  WbCallbackRowData *d = g_new0 (WbCallbackRowData, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_from_icon_name ("document-open-symbolic");
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  d->id = json_object_get_int_member_with_default (task, "id", 0);
  d->case_id = json_object_get_int_member_with_default (task, "case_id", 0);
  d->due = g_date_time_new_from_iso8601 (wb_json_string (task, "due_at"), NULL);
  if (d->due == NULL)
    d->due = g_date_time_ref (at);
  d->task = json_object_ref (task);
  d->group = wb_callback_group_for (d->due, at);
  g_object_set_data_full (G_OBJECT (row), "wb-callback", d, row_data_free);

  name = g_strdup_printf ("callback:%" G_GINT64_FORMAT, d->id);
  gtk_widget_set_name (row, name);
  /* Translators: callback purpose · case number · service item */
  title = g_strdup_printf (_("%s · %s · %s"), wb_call_purpose_label (wb_json_string (task, "purpose")),
                           wb_json_string (task, "case_no"), wb_json_string (task, "item_name"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  update_subtitle (row, at);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (can_call)
    {
      GtkWidget *call = gtk_button_new_from_icon_name ("call-start-symbolic");

      gtk_widget_set_name (call, "log-call");
      gtk_widget_set_valign (call, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (call, "flat");
      gtk_widget_set_tooltip_text (call, _("Log a call (Ctrl+L)"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (call), "callbacks.call");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (call), "x", d->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), call);
    }
  gtk_widget_set_name (open, "open-case");
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (open, "flat");
  gtk_widget_set_tooltip_text (open, _("Open the case"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "callbacks.open-case");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x", d->case_id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
  return row;
}

void
wb_callback_row_header_func (GtkListBoxRow *row,
                             GtkListBoxRow *before,
                             gpointer       user_data)
{
  int group = wb_callback_row_get_data (GTK_WIDGET (row))->group;
  GtkWidget *header;
  g_autofree char *name = NULL;

  if (before != NULL && wb_callback_row_get_data (GTK_WIDGET (before))->group == group)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (group_title (group));
  name = g_strdup_printf ("group:%d", group);
  gtk_widget_set_name (header, name);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_add_css_class (header, "heading");
  if (group == WB_CALLBACK_OVERDUE)
    gtk_widget_add_css_class (header, "error");
  gtk_list_box_row_set_header (row, header);
}
