/* wb-case-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wb-case-format.h"

/* pill: how strongly the inbox's pill shows the state's text colour,
 * chosen to look like the case header's badge, whose lighter background
 * colours style.css sets. */
static const struct {
  const char *state;
  const char *label;
  const char *css;
  double      pill;
} states[] = {
  { "submitted",   N_("Platform Review"),    "wb-state-new",     0.13 },
  { "unit_review", N_("Unit Review"),        "wb-state-review",  0.2 },
  { "supplement",  N_("Awaiting Materials"), "wb-state-waiting", 0.18 },
  { "accepted",    N_("Accepted"),           "wb-state-active",  0.16 },
  { "completed",   N_("Completed"),          "wb-state-done",    0.09 },
  { "delivering",  N_("Delivering"),         "wb-state-done",    0.09 },
  { "delivered",   N_("Delivered"),          "wb-state-done",    0.09 },
  { "refused",     N_("Refused"),            "wb-state-refused", 0.14},
  { "archived",    N_("Archived"),           "wb-state-closed",  0.1 },
  { "withdrawn",   N_("Withdrawn"),          "wb-state-closed",  0.1 },
};

static const char * const clock_classes[] = { "success", "warning", "error", "dim-label", NULL };
static const char * const state_classes[] = {
  "wb-state-new", "wb-state-review", "wb-state-waiting", "wb-state-active",
  "wb-state-done", "wb-state-refused", "wb-state-closed", NULL
};

const char *
wb_format_state_label (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].state, state) == 0)
      return _(states[i].label);
  return state;
}

/* Leaves @wanted (or none) of @classes on @widget. Classes already right
 * are not touched: every change restyles the widget. */
static void
set_one_class (GtkWidget          *widget,
               const char * const *classes,
               const char         *wanted)
{
  for (guint i = 0; classes[i]; i++)
    {
      gboolean want = g_strcmp0 (classes[i], wanted) == 0;

      if (want != gtk_widget_has_css_class (widget, classes[i]))
        {
          if (want)
            gtk_widget_add_css_class (widget, classes[i]);
          else
            gtk_widget_remove_css_class (widget, classes[i]);
        }
    }
}

void
wb_format_set_tooltip (GtkWidget  *widget,
                       const char *text)
{
  /* GTK 4 lends the text: freeing it here would free it twice. */
  const char *current = gtk_widget_get_tooltip_text (widget);

  /* Setting a tooltip asks the display where the pointer is, a round
   * trip to the X server: hundreds a frame while the inbox scrolls. */
  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

const char *
wb_format_state_class (const char *state,
                       double     *pill)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (states[i].state, state) == 0)
      {
        if (pill != NULL)
          *pill = states[i].pill;
        return states[i].css;
      }
  if (pill != NULL)
    *pill = 0;
  return NULL;
}

void
wb_format_state_badge (GtkWidget  *label,
                       const char *state)
{
  set_one_class (label, state_classes, wb_format_state_class (state, NULL));
  gtk_label_set_label (GTK_LABEL (label), wb_format_state_label (state));
}

char *
wb_format_clock_text (const char  *status,
                      int          days_left,
                      gboolean     calendar_complete,
                      const char **css)
{
  g_autofree char *text = NULL;
  const char *style = NULL;

  if (g_strcmp0 (status, "running") == 0)
    {
      text = g_strdup_printf (g_dngettext (NULL, "%d working day left", "%d working days left", days_left), days_left);
      style = "success";
    }
  else if (g_strcmp0 (status, "due_today") == 0)
    {
      text = g_strdup (_("Due today"));
      style = "warning";
    }
  else if (g_strcmp0 (status, "overdue") == 0)
    {
      text = g_strdup_printf (g_dngettext (NULL, "%d working day overdue", "%d working days overdue", -days_left), -days_left);
      style = "error";
    }
  else if (g_strcmp0 (status, "stopped") == 0 && days_left < 0)
    {
      /* Already late when the applicant was asked for materials. */
      text = g_strdup_printf (g_dngettext (NULL, "Stopped, %d day overdue", "Stopped, %d days overdue", -days_left), -days_left);
      style = "error";
    }
  else if (g_strcmp0 (status, "stopped") == 0 && days_left == 0)
    {
      /* "0 days left" read as a mistake: the day it resumes is the last. */
      text = g_strdup (_("Stopped, due the day it resumes"));
      style = "dim-label";
    }
  else if (g_strcmp0 (status, "stopped") == 0)
    {
      text = g_strdup_printf (g_dngettext (NULL, "Stopped, %d day left", "Stopped, %d days left", days_left), days_left);
      style = "dim-label";
    }
  else
    text = g_strdup ("—");

  if (css != NULL)
    *css = style;
  /* Beyond the published holiday calendar only weekends count. */
  if (!calendar_complete)
    return g_strconcat (text, " *", NULL);
  return g_steal_pointer (&text);
}

const char *
wb_format_clock_estimate_note (void)
{
  return _("No holiday calendar is loaded for part of this period; only weekends were counted as days off.");
}

void
wb_format_clock (GtkWidget  *label,
                 const char *status,
                 int         days_left,
                 gboolean    calendar_complete)
{
  const char *css = NULL;
  g_autofree char *text = wb_format_clock_text (status, days_left, calendar_complete, &css);

  wb_format_set_tooltip (label, calendar_complete ? NULL : wb_format_clock_estimate_note ());
  set_one_class (label, clock_classes, css);
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
append_part (GString    *text,
             const char *part)
{
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

char *
wb_format_clock_details (JsonObject *clock)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *status;
  const char *promised, *legal;
  gint64 legal_left;

  if (clock == NULL)
    return NULL;
  status = json_object_get_string_member_with_default (clock, "status", NULL);
  promised = json_object_get_string_member_with_default (clock, "promised_deadline", NULL);
  legal = json_object_get_string_member_with_default (clock, "legal_deadline", NULL);
  if (g_strcmp0 (status, "finished") == 0 || promised == NULL || legal == NULL)
    return NULL;
  legal_left = json_object_get_int_member_with_default (clock, "legal_working_days_left", 0);

  /* The promised limit already shows as the clock label and the header's
   * "due" date; this line says the rest. */
  {
    g_autofree char *part = NULL;
    int n = (int) CLAMP (ABS (legal_left), 0, G_MAXINT);

    /* Translators: the legal time limit (法定时限), a date, then days */
    if (legal_left > 0)
      part = g_strdup_printf (g_dngettext (NULL, "Legal limit %s, %d working day left",
                                           "Legal limit %s, %d working days left", n), legal, n);
    else if (legal_left == 0)
      part = g_strdup_printf (_("Legal limit %s, due today"), legal);
    else
      part = g_strdup_printf (g_dngettext (NULL, "Legal limit %s, %d working day overdue",
                                           "Legal limit %s, %d working days overdue", n), legal, n);
    append_part (text, part);
  }
  if (json_object_get_boolean_member_with_default (clock, "extended", FALSE))
    {
      int n = (int) CLAMP (json_object_get_int_member_with_default (clock, "extension_working_days", 0), 0, G_MAXINT);
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL, "Extended by %d working day",
                                                            "Extended by %d working days", n), n);
      append_part (text, part);
    }
  if (g_strcmp0 (status, "stopped") == 0)
    {
      int n = (int) CLAMP (json_object_get_int_member_with_default (clock, "stopped_working_days", 0), 0, G_MAXINT);
      g_autofree char *part = g_strdup_printf (g_dngettext (NULL,
                                                            "Stopped for supplementary materials, %d working day so far",
                                                            "Stopped for supplementary materials, %d working days so far",
                                                            n), n);
      append_part (text, part);
    }
  /* 行政许可法 Art. 32: unless told what is missing within 5 working days
   * of receipt, the applicant's application counts as accepted. */
  if (json_object_has_member (clock, "deemed_accepted_working_days_left"))
    {
      gint64 left = json_object_get_int_member (clock, "deemed_accepted_working_days_left");
      int n = (int) CLAMP (left, 0, G_MAXINT);
      g_autofree char *part = NULL;

      if (left > 0)
        part = g_strdup_printf (g_dngettext (NULL, "%d working day until deemed accepted",
                                             "%d working days until deemed accepted", n), n);
      else if (left == 0)
        part = g_strdup (_("Deemed accepted after today unless materials are requested"));
      else
        part = g_strdup (_("Deemed accepted: no materials were requested within 5 working days"));
      append_part (text, part);
    }
  if (!json_object_get_boolean_member_with_default (clock, "calendar_complete", TRUE))
    append_part (text, _("Weekends only past the published calendar"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
wb_format_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (iso ? iso : "");
  /* Centres keep China Standard Time whatever the machine says. */
  local = g_date_time_add_hours (utc, 8);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static const struct {
  const char *action;
  const char *label;
} actions[] = {
  { "claim", N_("Claim") },
  { "assign", N_("Assign…") },
  { "platform_pass", N_("Pass Platform Review") },
  { "accept", N_("Accept") },
  { "request_supplement", N_("Request Materials…") },
  { "supplement_received", N_("Materials Received") },
  { "approve", N_("Approve…") },
  { "refuse", N_("Refuse…") },
  { "withdraw", N_("Withdraw…") },
  { "extend_deadline", N_("Extend Deadline…") },
  { "choose_delivery", N_("Choose Delivery…") },
  { "ship", N_("Ship…") },
  { "confirm_delivery", N_("Confirm Delivery") },
  { "print_ready", N_("Certificate Printed") },
  { "book_pickup", N_("Book Pickup…") },
  { "hand_over", N_("Hand Over") },
  { "archive", N_("Archive…") },
  /* Not actions anyone takes: the server's outbox records in the history
   * whether the applicant was told of a decision, per channel. */
  { "sms_sent", N_("SMS Sent to Applicant") },
  { "sms_failed", N_("SMS to Applicant Failed") },
  { "app_sent", N_("App Message Sent to Applicant") },
  { "app_failed", N_("App Message to Applicant Failed") },
  { "web_sent", N_("Web Message Sent to Applicant") },
  { "web_failed", N_("Web Message to Applicant Failed") },
};

const char *
wb_format_action_label (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      return _(actions[i].label);
  return action;
}

const char *
wb_format_rating_level (gint64 level)
{
  switch (level)
    {
    case 5: return _("Very satisfied");
    case 4: return _("Satisfied");
    case 3: return _("Fairly satisfied");
    case 2: return _("Dissatisfied");
    case 1: return _("Very dissatisfied");
    default: return "—";
    }
}
