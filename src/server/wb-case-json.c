/* wb-case-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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

static gboolean
calendar_covers (WbCalendar  *calendar,
                 const GDate *from,
                 const GDate *to)
{
  for (int y = g_date_get_year (from); y <= g_date_get_year (to); y++)
    if (!wb_calendar_has_year (calendar, y))
      return FALSE;
  return TRUE;
}

/* The statutory clock as the inbox shows it: green while days remain,
 * amber on the last day, red once overdue, grey while stopped. */
static void
add_clock (WbJsonWriter *w,
           WbRequest    *req,
           const WbCase *c)
{
  WbCalendar *calendar = req->server->calendar;
  GDate today, deadline, stopped;
  const char *status;
  gint64 left = 0;
  gboolean have_left = TRUE;
  gboolean complete;

  wb_request_today (req, &today);
  if (!wb_date_parse_iso (c->deadline, &deadline))
    deadline = today;

  if (c->state == WB_STATE_SUPPLEMENT && c->clock_stopped_on &&
      wb_date_parse_iso (c->clock_stopped_on, &stopped))
    {
      status = "stopped";
      /* A case already late when the clock stopped stays late. */
      if (g_date_compare (&deadline, &stopped) >= 0)
        {
          left = wb_calendar_working_days_between (calendar, &stopped, &deadline);
          complete = calendar_covers (calendar, &stopped, &deadline);
        }
      else
        {
          left = -(gint64) wb_calendar_working_days_between (calendar, &deadline, &stopped);
          complete = calendar_covers (calendar, &deadline, &stopped);
        }
    }
  else if (wb_case_state_clock_runs (c->state))
    {
      if (g_date_compare (&deadline, &today) >= 0)
        left = wb_calendar_working_days_between (calendar, &today, &deadline);
      else
        left = -(gint64) wb_calendar_working_days_between (calendar, &deadline, &today);
      status = left > 0 ? "running" : left == 0 ? "due_today" : "overdue";
      complete = g_date_compare (&deadline, &today) >= 0
        ? calendar_covers (calendar, &today, &deadline)
        : calendar_covers (calendar, &deadline, &today);
    }
  else
    {
      status = "finished";
      have_left = FALSE;
      complete = TRUE;
    }

  wb_jw_member (w, "clock");
  wb_jw_begin_object (w);
  wb_jw_string_member (w, "status", status);
  wb_jw_member (w, "working_days_left");
  if (have_left)
    wb_jw_int (w, left);
  else
    wb_jw_null (w);
  /* Past the last published calendar only weekends count as days off;
   * the desk says so beside the clock. */
  wb_jw_bool_member (w, "calendar_complete", complete);
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
      wb_jw_string_member (w, "result", c->result);
      wb_jw_string_member (w, "refusal_basis", c->refusal_basis);
      wb_jw_string_member (w, "refusal_reason", c->refusal_reason);
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
