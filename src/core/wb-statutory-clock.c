/* wb-statutory-clock.c: a case's time limits from its receipt date
 *
 * Deadlines are recomputed from the receipt date and day counts rather
 * than moved step by step, so a calendar loaded later (a new year's
 * notice) corrects every clock at once. Adding working days in one go or in
 * several steps gives the same day, since each step ends on a working day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-statutory-clock.h"

#include <string.h>

static const GDate *
later (const GDate *a,
       const GDate *b)
{
  return g_date_compare (a, b) >= 0 ? a : b;
}

static const GDate *
earlier (const GDate *a,
         const GDate *b)
{
  return g_date_compare (a, b) <= 0 ? a : b;
}

guint
wb_statutory_clock_stopped_days (WbCalendar  *calendar,
                                 const GDate *stopped_on,
                                 const GDate *resumed_on)
{
  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (stopped_on != NULL && g_date_valid (stopped_on), 0);
  g_return_val_if_fail (resumed_on != NULL && g_date_valid (resumed_on), 0);

  /* The day the notice went out was a day the authority worked on the
   * case; the day the materials arrived was not yet. */
  return wb_calendar_working_days_between (calendar, stopped_on, resumed_on);
}

gint64
wb_statutory_clock_days_left (WbCalendar  *calendar,
                              const GDate *today,
                              const GDate *deadline)
{
  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);
  g_return_val_if_fail (deadline != NULL && g_date_valid (deadline), 0);

  if (g_date_compare (today, deadline) <= 0)
    return wb_calendar_working_days_between (calendar, today, deadline);

  /* A Saturday after a Friday deadline is late, though no working day has
   * passed yet: never report a late case as due today. */
  return -(gint64) MAX (1u, wb_calendar_working_days_between (calendar, deadline, today));
}

gboolean
wb_statutory_clock_calendar_covers (WbCalendar  *calendar,
                                    const GDate *from,
                                    const GDate *to)
{
  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);

  for (int y = g_date_get_year (from); y <= (int) g_date_get_year (to); y++)
    if (!wb_calendar_has_year (calendar, y))
      return FALSE;
  return TRUE;
}

const char *
wb_clock_status_to_string (WbClockStatus status)
{
  switch (status)
    {
    case WB_CLOCK_STATUS_RUNNING:
      return "running";
    case WB_CLOCK_STATUS_DUE_TODAY:
      return "due_today";
    case WB_CLOCK_STATUS_OVERDUE:
      return "overdue";
    case WB_CLOCK_STATUS_STOPPED:
      return "stopped";
    case WB_CLOCK_STATUS_FINISHED:
    default:
      return "finished";
    }
}

void
wb_statutory_clock_compute (WbCalendar                  *calendar,
                            const WbStatutoryClockInput *in,
                            WbStatutoryClock            *out)
{
  const GDate *from, *to;
  GDate reference;
  guint pushed;

  g_return_if_fail (calendar != NULL);
  g_return_if_fail (in != NULL && out != NULL);
  g_return_if_fail (g_date_valid (&in->received) && g_date_valid (&in->today));

  memset (out, 0, sizeof *out);
  g_date_clear (&out->promised_deadline, 1);
  g_date_clear (&out->legal_deadline, 1);
  g_date_clear (&out->deemed_accepted_on, 1);

  out->stopped_days = in->stopped_days;
  /* Left is counted from today, except while the clock stands: then it
   * stays what it was on the day it stopped. */
  reference = in->today;
  if (in->phase == WB_CLOCK_PHASE_STOPPED)
    {
      if (g_date_valid (&in->stopped_on) && g_date_compare (&in->stopped_on, &in->today) < 0)
        {
          out->stopped_days += wb_statutory_clock_stopped_days (calendar, &in->stopped_on, &in->today);
          reference = in->stopped_on;
        }
    }

  pushed = out->stopped_days + in->extension_days;
  wb_calendar_add_working_days (calendar, &in->received, in->promised_days + pushed,
                                &out->promised_deadline);
  wb_calendar_add_working_days (calendar, &in->received, in->legal_days + pushed,
                                &out->legal_deadline);

  if (in->phase == WB_CLOCK_PHASE_STOPPED)
    {
      /* Counted against the deadlines as they stood when the clock
       * stopped, which is the same as counting from today against the
       * pushed ones. */
      GDate promised_then, legal_then;

      wb_calendar_add_working_days (calendar, &in->received,
                                    in->promised_days + in->stopped_days + in->extension_days,
                                    &promised_then);
      wb_calendar_add_working_days (calendar, &in->received,
                                    in->legal_days + in->stopped_days + in->extension_days,
                                    &legal_then);
      out->promised_left = wb_statutory_clock_days_left (calendar, &reference, &promised_then);
      out->legal_left = wb_statutory_clock_days_left (calendar, &reference, &legal_then);
      out->status = WB_CLOCK_STATUS_STOPPED;
    }
  else if (in->phase != WB_CLOCK_PHASE_FINISHED)
    {
      out->promised_left = wb_statutory_clock_days_left (calendar, &in->today, &out->promised_deadline);
      out->legal_left = wb_statutory_clock_days_left (calendar, &in->today, &out->legal_deadline);
      if (g_date_compare (&in->today, &out->promised_deadline) > 0)
        out->status = WB_CLOCK_STATUS_OVERDUE;
      else if (g_date_compare (&in->today, &out->promised_deadline) == 0)
        out->status = WB_CLOCK_STATUS_DUE_TODAY;
      else
        out->status = WB_CLOCK_STATUS_RUNNING;
    }
  else
    out->status = WB_CLOCK_STATUS_FINISHED;

  if (in->phase == WB_CLOCK_PHASE_BEFORE_ACCEPTANCE && !in->notice_sent)
    {
      out->deemed_applies = TRUE;
      wb_calendar_add_working_days (calendar, &in->received, WB_CLOCK_DEEMED_ACCEPT_DAYS,
                                    &out->deemed_accepted_on);
      out->deemed_left = wb_statutory_clock_days_left (calendar, &in->today, &out->deemed_accepted_on);
    }

  /* The years the answer depends on: from the receipt to the last date
   * shown, and today when the clock counts from today. */
  from = &in->received;
  to = later (&out->promised_deadline, &out->legal_deadline);
  if (in->phase != WB_CLOCK_PHASE_FINISHED)
    {
      from = earlier (from, &in->today);
      to = later (to, &in->today);
    }
  if (out->deemed_applies)
    to = later (to, &out->deemed_accepted_on);
  out->calendar_complete = wb_statutory_clock_calendar_covers (calendar, from, to);
}
