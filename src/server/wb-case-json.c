/* wb-case-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-callbacks.h"
#include "wb-case-json.h"
#include "wb-json.h"
#include "wb-mask.h"

void
wb_case_facts_for (WbRequest    *req,
                   const WbCase *c,
                   WbCaseFacts  *facts)
{
  facts->actor_roles = req->user->roles;
  facts->actor_in_case_unit = g_strcmp0 (req->user->unit_code, c->unit_code) == 0;
  if (c->assignee_id == 0)
    facts->assignee = WB_ASSIGNEE_NONE;
  else if (c->assignee_id == req->user->id)
    facts->assignee = WB_ASSIGNEE_SELF;
  else
    facts->assignee = WB_ASSIGNEE_OTHER;
  facts->state = c->state;
  facts->stage = c->stage;
  facts->deadline_extended = c->deadline_extended;
}

char *
wb_case_etag (const WbCase *c)
{
  return g_strdup_printf ("\"v%" G_GINT64_FORMAT "\"", c->version);
}

static WbClockPhase
clock_phase (WbCaseState state)
{
  if (state == WB_STATE_SUPPLEMENT)
    return WB_CLOCK_PHASE_STOPPED;
  if (!wb_case_state_clock_runs (state))
    return WB_CLOCK_PHASE_FINISHED;
  if (state == WB_STATE_ACCEPTED)
    return WB_CLOCK_PHASE_RUNNING;
  return WB_CLOCK_PHASE_BEFORE_ACCEPTANCE;
}

gboolean
wb_case_clock (WbCalendar       *calendar,
               const WbCase     *c,
               const GDate      *today,
               WbStatutoryClock *out)
{
  WbStatutoryClockInput in = { 0 };

  if (!wb_date_parse_iso (c->received_on, &in.received))
    return FALSE;
  in.promised_days = MAX (c->promised_days, 0);
  in.legal_days = WB_CLOCK_LEGAL_DAYS;
  in.stopped_days = MAX (c->clock_stopped_days, 0);
  in.extension_days = MAX (c->extension_days, 0);
  in.phase = clock_phase (c->state);
  /* A case stopped before the stop date was recorded counts from today. */
  if (in.phase != WB_CLOCK_PHASE_STOPPED || !wb_date_parse_iso (c->clock_stopped_on, &in.stopped_on))
    g_date_clear (&in.stopped_on, 1);
  in.notice_sent = c->supplement_count > 0;
  in.today = *today;
  wb_statutory_clock_compute (calendar, &in, out);
  return TRUE;
}

char *
wb_case_stored_deadline (WbCalendar   *calendar,
                         const WbCase *c)
{
  GDate received, deadline;

  if (!wb_date_parse_iso (c->received_on, &received))
    return g_strdup (c->deadline);
  wb_calendar_add_working_days (calendar, &received,
                                MAX (c->promised_days, 0) + MAX (c->clock_stopped_days, 0) +
                                MAX (c->extension_days, 0),
                                &deadline);
  return wb_date_to_iso (&deadline);
}

guint
wb_case_restart_clock (WbCalendar  *calendar,
                       WbCase      *c,
                       const GDate *today)
{
  GDate stopped;
  guint paused = 0;

  /* The clock did not run while the applicant owed materials: both
   * deadlines move back by the working days that passed. */
  if (c->clock_stopped_on && wb_date_parse_iso (c->clock_stopped_on, &stopped))
    paused = wb_statutory_clock_stopped_days (calendar, &stopped, today);
  c->clock_stopped_days += paused;
  g_free (c->deadline);
  c->deadline = wb_case_stored_deadline (calendar, c);
  g_clear_pointer (&c->clock_stopped_on, g_free);
  return paused;
}

static void
date_member (WbJsonWriter *w,
             const char   *name,
             const GDate  *date)
{
  g_autofree char *iso = g_date_valid (date) ? wb_date_to_iso (date) : NULL;

  wb_jw_string_member (w, name, iso);
}

static void
days_member (WbJsonWriter *w,
             const char   *name,
             gboolean      have,
             gint64        days)
{
  wb_jw_member (w, name);
  if (have)
    wb_jw_int (w, days);
  else
    wb_jw_null (w);
}

/* The statutory clock as the desk shows it: green while days remain,
 * amber on the last day, red once overdue, grey while stopped. Status and
 * working_days_left follow the promised limit, the tighter of the two. */
static void
add_clock (WbJsonWriter *w,
           WbRequest    *req,
           const WbCase *c)
{
  GDate today;
  WbStatutoryClock clock;
  gboolean have_left;

  wb_request_today (req, &today);
  if (!wb_case_clock (req->server->calendar, c, &today, &clock))
    {
      /* Cannot happen for a row the server wrote; say nothing rather
       * than something wrong. */
      wb_jw_member (w, "clock");
      wb_jw_null (w);
      return;
    }
  have_left = clock.status != WB_CLOCK_STATUS_FINISHED;

  wb_jw_member (w, "clock");
  wb_jw_begin_object (w);
  wb_jw_string_member (w, "status", wb_clock_status_to_string (clock.status));
  days_member (w, "working_days_left", have_left, clock.promised_left);
  date_member (w, "promised_deadline", &clock.promised_deadline);
  days_member (w, "legal_working_days_left", have_left, clock.legal_left);
  date_member (w, "legal_deadline", &clock.legal_deadline);
  wb_jw_int_member (w, "stopped_working_days", clock.stopped_days);
  wb_jw_bool_member (w, "extended", c->deadline_extended);
  wb_jw_int_member (w, "extension_working_days", MAX (c->extension_days, 0));
  if (clock.deemed_applies)
    {
      date_member (w, "deemed_accepted_on", &clock.deemed_accepted_on);
      wb_jw_int_member (w, "deemed_accepted_working_days_left", clock.deemed_left);
    }
  /* Past the last published calendar only weekends count as days off;
   * the desk says so beside the clock. */
  wb_jw_bool_member (w, "calendar_complete", clock.calendar_complete);
  wb_jw_end_object (w);
}

static void
add_masked (WbJsonWriter *w,
            const char   *name,
            char *(*mask) (const char *),
            const char   *value)
{
  g_autofree char *masked = value ? mask (value) : NULL;

  wb_jw_string_member (w, name, masked);
}

void
wb_case_json_add_pickup_slot (WbJsonWriter *w,
                              const WbCase *c)
{
  wb_jw_member (w, "pickup_slot");
  if (c->pickup_slot_id > 0)
    {
      wb_jw_begin_object (w);
      wb_jw_int_member (w, "id", c->pickup_slot_id);
      wb_jw_string_member (w, "date", c->pickup_day);
      wb_jw_string_member (w, "start", c->pickup_start);
      wb_jw_string_member (w, "end", c->pickup_end);
      wb_jw_end_object (w);
    }
  else
    wb_jw_null (w);
}

/* Figure 1's delivery as the case records it; the address and the
 * agent are personal data and masked (the reveal shows the address). */
static void
add_delivery (WbJsonWriter *w,
              const WbCase *c)
{
  wb_jw_member (w, "delivery");
  if (c->delivery_method == NULL)
    {
      wb_jw_null (w);
      return;
    }
  wb_jw_begin_object (w);
  wb_jw_string_member (w, "method", c->delivery_method);
  add_masked (w, "address", wb_mask_address, c->delivery_address);
  wb_jw_string_member (w, "courier", c->courier);
  wb_jw_string_member (w, "tracking_no", c->tracking_no);
  wb_jw_string_member (w, "printed_at", c->printed_at);
  wb_case_json_add_pickup_slot (w, c);
  wb_jw_string_member (w, "collector", c->collector);
  wb_jw_member (w, "agent");
  if (c->agent_name != NULL || c->agent_id_number != NULL)
    {
      wb_jw_begin_object (w);
      add_masked (w, "name", wb_mask_name, c->agent_name);
      add_masked (w, "id_number", wb_mask_id_number, c->agent_id_number);
      wb_jw_end_object (w);
    }
  else
    wb_jw_null (w);
  wb_jw_string_member (w, "handed_over_at", c->handed_over_at);
  wb_jw_end_object (w);
}

void
wb_case_json_add (WbJsonWriter *w,
                  WbRequest    *req,
                  const WbCase *c,
                  gboolean      detail)
{
  const WbUnit *unit = wb_units_get (req->server->units, c->unit_code);

  wb_jw_begin_object (w);
  wb_jw_int_member (w, "id", c->id);
  wb_jw_string_member (w, "case_no", c->case_no);
  wb_jw_string_member (w, "item_code", c->item_code);
  wb_jw_int_member (w, "item_version", c->item_version);
  wb_jw_string_member (w, "item_name", c->item_name);
  wb_jw_string_member (w, "unit_code", c->unit_code);
  wb_jw_string_member (w, "unit_name", unit ? unit->name : NULL);
  wb_jw_string_member (w, "state", wb_case_state_to_string (c->state));
  wb_jw_string_member (w, "state_label", wb_case_state_label_zh (c->state));
  wb_jw_string_member (w, "stage", wb_delivery_stage_to_string (c->stage));

  wb_jw_member (w, "assignee");
  if (c->assignee_id > 0)
    {
      wb_jw_begin_object (w);
      wb_jw_int_member (w, "id", c->assignee_id);
      wb_jw_string_member (w, "username", c->assignee_username);
      wb_jw_string_member (w, "display_name", c->assignee_name);
      wb_jw_end_object (w);
    }
  else
    wb_jw_null (w);

  wb_jw_member (w, "applicant");
  wb_jw_begin_object (w);
  add_masked (w, "name", wb_mask_name, c->applicant_name);
  add_masked (w, "id_number", wb_mask_id_number, c->applicant_id_number);
  add_masked (w, "phone", wb_mask_phone, c->applicant_phone);
  add_masked (w, "address", wb_mask_address, c->applicant_address);
  wb_jw_end_object (w);

  wb_jw_string_member (w, "submitted_at", c->submitted_at);
  wb_jw_string_member (w, "received_on", c->received_on);
  wb_jw_string_member (w, "deadline", c->deadline);
  add_clock (w, req, c);
  wb_jw_bool_member (w, "deadline_extended", c->deadline_extended);
  wb_jw_int_member (w, "supplement_count", c->supplement_count);
  /* A second supplement request on one submission is flagged to the
   * unit's supervisors; the list filter flag=repeat_supplement asks the
   * same of the store (wb-store-cases.c). */
  wb_jw_member (w, "flags");
  wb_jw_begin_array (w);
  if (c->supplement_count > 1)
    wb_jw_string (w, "repeat_supplement");
  wb_jw_end_array (w);
  wb_jw_int_member (w, "version", c->version);
  wb_jw_string_member (w, "updated_at", c->updated_at);

  if (detail)
    {
      WbCaseFacts facts;
      WbCaseAction actions[WB_N_ACTIONS];
      guint n;

      wb_jw_string_member (w, "source", c->source);
      wb_jw_string_member (w, "delivery_method", c->delivery_method);
      add_masked (w, "delivery_address", wb_mask_address, c->delivery_address);
      wb_jw_string_member (w, "tracking_no", c->tracking_no);
      wb_jw_string_member (w, "pickup_slot", c->pickup_slot);
      add_delivery (w, c);
      wb_jw_string_member (w, "result", c->result);
      wb_jw_string_member (w, "refusal_basis", c->refusal_basis);
      wb_jw_string_member (w, "refusal_reason", c->refusal_reason);
      wb_callbacks_add_rating (w, req, c->id);
      wb_jw_member (w, "fees_collected");
      if (c->fees_collected >= 0)
        wb_jw_int (w, c->fees_collected);
      else
        wb_jw_null (w);

      /* The desk builds its action bar from this list alone. */
      wb_case_facts_for (req, c, &facts);
      n = wb_case_flow_allowed (&facts, actions);
      wb_jw_member (w, "allowed_actions");
      wb_jw_begin_array (w);
      for (guint i = 0; i < n; i++)
        wb_jw_string (w, wb_case_action_to_string (actions[i]));
      wb_jw_end_array (w);
    }

  wb_jw_end_object (w);
}

void
wb_case_respond (WbRequest    *req,
                 WbResponse   *res,
                 const WbCase *c,
                 guint         status)
{
  g_autoptr(WbJsonWriter) w = wb_json_writer_new ();
  g_autofree char *etag = wb_case_etag (c);
  g_autoptr(GBytes) bytes = NULL;

  wb_case_json_add (w, req, c, TRUE);
  bytes = wb_json_writer_free_to_bytes (g_steal_pointer (&w));
  wb_response_bytes (res, status, "application/json; charset=utf-8", bytes);
  wb_response_header (res, "ETag", etag);
  wb_response_header (res, "Cache-Control", "no-store");
}
