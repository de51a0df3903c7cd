/* wb-call-script.c
 *
 * The scripts are written for the phone: short sentences a caseworker
 * can read out, in the order the call goes (greet, say who calls and
 * why, ask, confirm). Each one is a single translatable text so the
 * translation can reorder the sentences freely; the placeholders keep
 * one order: name, unit, item, case number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "callbacks/wb-call-script.h"

const char *
wb_call_purpose_label (const char *purpose)
{
  if (g_strcmp0 (purpose, "supplement") == 0)
    return _("Missing materials");
  if (g_strcmp0 (purpose, "delivery_choice") == 0)
    return _("Delivery choice");
  if (g_strcmp0 (purpose, "result_notice") == 0)
    return _("Result notice");
  if (g_strcmp0 (purpose, "satisfaction") == 0)
    return _("Satisfaction");
  if (g_strcmp0 (purpose, "bad_rating") == 0)
    return _("Bad rating");
  if (g_strcmp0 (purpose, "revisit") == 0)
    return _("Revisit");
  return purpose ? purpose : "—";
}

const char *
wb_call_outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "reached") == 0)
    return _("Reached");
  if (g_strcmp0 (outcome, "no_answer") == 0)
    return _("No answer");
  if (g_strcmp0 (outcome, "busy") == 0)
    return _("Busy");
  if (g_strcmp0 (outcome, "wrong_number") == 0)
    return _("Wrong number");
  if (g_strcmp0 (outcome, "refused") == 0)
    return _("Refused");
  if (g_strcmp0 (outcome, "call_later") == 0)
    return _("Call later");
  return outcome ? outcome : "—";
}

static char *
script_text (const char *purpose,
             const char *name,
             const char *unit_name,
             const char *item_name,
             const char *case_no,
             const char *missing_list)
{
  if (g_strcmp0 (purpose, "supplement") == 0)
    /* Translators: a phone script. %s: masked name, unit, item, case
     * number, then the list of missing materials. Keep the order. */
    return g_strdup_printf (_("Greet: “Hello, may I speak to %s? This is %s. I am calling about your application for %s, case number %s.”\n"
             "Explain: “Some of the materials are missing or need correcting. The notice we sent lists them all at once:”\n"
             "%s\n"
             "Explain how to submit: “Please upload them on the platform where you applied. The time limit stops until they arrive and goes on once they are complete.”\n"
             "Confirm: “Is that all clear? Do you have any questions?”"), name, unit_name, item_name, case_no, missing_list);
  if (g_strcmp0 (purpose, "delivery_choice") == 0)
    /* Translators: a phone script. %s: masked name, unit, item, case number. */
    return g_strdup_printf (_("Greet: “Hello, may I speak to %s? This is %s. Your application for %s, case number %s, has been approved.”\n"
             "Ask: “How would you like to receive the certificate? We can mail it to you free of charge, or you can collect it at our window.”\n"
             "If by mail: “Which address should we send it to? Please give the full address and the recipient.” Read the address back to confirm it.\n"
             "If at the window: “We will let you know when it is printed; you can then book a time to collect it.”\n"
             "Close: “Thank you. Is there anything else we can help with?”"), name, unit_name, item_name, case_no);
  if (g_strcmp0 (purpose, "result_notice") == 0)
    /* Translators: a phone script. %s: masked name, unit, item, case number. */
    return g_strdup_printf (_("Greet: “Hello, may I speak to %s? This is %s. I am calling about your application for %s, case number %s.”\n"
             "Explain: “We were unable to grant the application. The written decision gives the legal basis and the reasons.”\n"
             "Explain the remedy: “If you disagree, you may apply for administrative reconsideration within 60 days or bring a lawsuit within 6 months.”\n"
             "Confirm: “Is that clear? Do you have any questions?”"), name, unit_name, item_name, case_no);
  if (g_strcmp0 (purpose, "satisfaction") == 0)
    /* Translators: a phone script. %s: masked name, unit, item, case number. */
    return g_strdup_printf (_("Greet: “Hello, may I speak to %s? This is %s. You recently received the certificate for %s, case number %s.”\n"
             "Ask: “Could you spare a minute to rate our service? Were you very satisfied, satisfied, fairly satisfied, dissatisfied or very dissatisfied?”\n"
             "Ask: “Is there anything you would like to tell us, or anything we could do better?”\n"
             "Close: “Thank you for your time and your opinion.”"), name, unit_name, item_name, case_no);
  if (g_strcmp0 (purpose, "bad_rating") == 0)
    /* Translators: a phone script. %s: masked name, unit, item, case number. */
    return g_strdup_printf (_("Greet: “Hello, may I speak to %s? This is %s. I am calling about your rating of our service for %s, case number %s.”\n"
             "Apologise: “We are sorry the service did not satisfy you.”\n"
             "Ask: “Could you tell us what went wrong?” Listen, and write down what the applicant says.\n"
             "Explain: “We have opened a rectification. The unit will look into it and put it right within the set time, and we will tell you the result.”\n"
             "Close: “Thank you for telling us. Is there anything else?”"), name, unit_name, item_name, case_no);
  if (g_strcmp0 (purpose, "revisit") == 0)
    /* Translators: a phone script. %s: masked name, unit, item, case number. */
    return g_strdup_printf (_("Greet: “Hello, may I speak to %s? This is %s. Some time ago we handled your application for %s, case number %s, and we are calling to ask about it.”\n"
             "Ask: “How did you find our service: the guidance, the speed and the staff’s manner?”\n"
             "Ask for the rating: “Were you very satisfied, satisfied, fairly satisfied, dissatisfied or very dissatisfied?”\n"
             "Ask: “Do you have any suggestions for us?”\n"
             "Close: “Thank you for your time.”"), name, unit_name, item_name, case_no);
  return NULL;
}

char *
wb_call_script (const char         *purpose,
                const char         *name,
                const char         *unit_name,
                const char         *item_name,
                const char         *case_no,
                const char * const *missing)
{
  g_autoptr(GString) list = g_string_new (NULL);
  char *text;

  name = name ? name : "—";
  unit_name = unit_name ? unit_name : "—";
  item_name = item_name ? item_name : "—";
  case_no = case_no ? case_no : "—";
  for (guint i = 0; missing != NULL && missing[i] != NULL; i++)
    g_string_append_printf (list, "%s  %u. %s", i > 0 ? "\n" : "", i + 1, missing[i]);
  if (list->len == 0)
    g_string_append (list, _("  (see the supplement notice in the case)"));
  text = script_text (purpose, name, unit_name, item_name, case_no, list->str);
  return text ? text : g_strdup ("");
}
