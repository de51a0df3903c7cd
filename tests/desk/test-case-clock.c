/* test-case-clock.c: how the inbox column and the case header read a
 * clock the real server sent: both limits, the stop, the deemed-acceptance
 * countdown, and the note when a year has no calendar
 *
 * Runs under Xvfb (the labels need a display) in the C locale, so the
 * texts are the English msgids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wb-case-format.h"
#include "wb-test-desk.h"

#define HANDLER      "handler.210102"
#define FRIDAY_10AM  "2026-02-13T02:00:00Z"

static WbTestServer *server;

static JsonObject *
clock_of (const char *token,
          gint64      id)
{
  g_autoptr(JsonObject) c = wb_test_get_case (server, token, id, NULL);

  return json_object_ref (json_object_get_object_member (c, "clock"));
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("expected “%s” in “%s”", part, text ? text : "(null)");
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (text != NULL && strstr (text, part) != NULL)
    g_error ("did not expect “%s” in “%s”", part, text);
}

static void
format_label (GtkLabel   *label,
              JsonObject *clock)
{
  wb_format_clock (GTK_WIDGET (label), json_object_get_string_member (clock, "status"),
                   json_object_get_int_member_with_default (clock, "working_days_left", 0),
                   json_object_get_boolean_member (clock, "calendar_complete"));
}

static void
test_through_supplement (void)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) clock = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autofree char *details = NULL;
  GtkLabel *label = GTK_LABEL (g_object_ref_sink (gtk_label_new (NULL)));
  gint64 id;

  wb_test_server_set_clock (server, FRIDAY_10AM);
  token = wb_test_login (server, HANDLER);
  id = wb_test_intake (server, "DESK-CLOCK-0001", "HZ-HJZM", "210102");

  /* Received, not yet looked at: both limits and Art. 32's countdown. */
  clock = clock_of (token, id);
  format_label (label, clock);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "3 working days left");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "success"));
  details = wb_format_clock_details (clock);
  assert_contains (details, "Legal limit 2026-03-19, 20 working days left");
  assert_contains (details, "5 working days until deemed accepted");
  assert_lacks (details, "Weekends only");
  g_clear_pointer (&details, g_free);
  g_clear_pointer (&clock, json_object_unref);

  reply = wb_test_act (server, token, id, "platform_pass", "{}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, wb_test_reply_free);
  reply = wb_test_act (server, token, id, "request_supplement", "{\"missing\":[\"申请表\"]}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_clear_pointer (&reply, wb_test_reply_free);

  /* Wednesday 02-25, still waiting for the applicant: stopped, grey, the
   * countdown gone, both deadlines already three working days later. */
  wb_test_server_set_clock (server, "2026-02-25T02:00:00Z");
  g_free (token);
  token = wb_test_login (server, HANDLER);
  clock = clock_of (token, id);
  format_label (label, clock);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Stopped, 3 days left");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "dim-label"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "success"));
  /* Stopped on its last day: no "0 days left". */
  {
    const char *css = NULL;
    g_autofree char *last_day = wb_format_clock_text ("stopped", 0, TRUE, &css);

    g_assert_cmpstr (last_day, ==, "Stopped, due the day it resumes");
    g_assert_cmpstr (css, ==, "dim-label");
  }
  details = wb_format_clock_details (clock);
  assert_contains (details, "Legal limit 2026-03-24, 20 working days left");
  assert_contains (details, "Stopped for supplementary materials, 3 working days so far");
  assert_lacks (details, "deemed accepted");
  g_clear_pointer (&details, g_free);
  g_clear_pointer (&clock, json_object_unref);

  g_object_unref (label);
}

/* Received on Monday 2026-12-28: the five days of Art. 32 reach into 2027,
 * for which no calendar is loaded. */
static void
test_year_without_calendar (void)
{
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) clock = NULL;
  g_autofree char *details = NULL;
  GtkLabel *label = GTK_LABEL (g_object_ref_sink (gtk_label_new (NULL)));
  gint64 id;

  wb_test_server_set_clock (server, "2026-12-28T02:00:00Z");
  token = wb_test_login (server, HANDLER);
  id = wb_test_intake (server, "DESK-CLOCK-0002", "HZ-HJZM", "210102");

  clock = clock_of (token, id);
  format_label (label, clock);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "3 working days left *");
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (label)));
  details = wb_format_clock_details (clock);
  assert_contains (details, "Weekends only past the published calendar");
  assert_contains (details, "5 working days until deemed accepted");

  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  g_autoptr(JsonObject) finished = json_object_new ();

  server = wb_test_desk_init (&argc, &argv, args, FRIDAY_10AM);

  /* A finished clock has nothing more to say. */
  json_object_set_string_member (finished, "status", "finished");
  json_object_set_string_member (finished, "promised_deadline", "2026-02-25");
  json_object_set_string_member (finished, "legal_deadline", "2026-03-19");
  g_assert_null (wb_format_clock_details (finished));

  g_test_add_func ("/desk/clock/through-supplement", test_through_supplement);
  g_test_add_func ("/desk/clock/year-without-calendar", test_year_without_calendar);

  return wb_test_desk_run ();
}
