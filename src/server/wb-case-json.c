/* wb-case-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-case-json.h"
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
add_clock (JsonBuilder  *b,
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
      left = wb_calendar_working_days_between (calendar, &stopped, &deadline);
      complete = calendar_covers (calendar, &stopped, &deadline);
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

  json_builder_set_member_name (b, "clock");
  json_builder_begin_object (b);
  wb_json_add_string (b, "status", status);
  json_builder_set_member_name (b, "working_days_left");
  if (have_left)
    json_builder_add_int_value (b, left);
  else
    json_builder_add_null_value (b);
  /* Past the last published calendar only weekends count as days off;
   * the desk says so beside the clock. */
  wb_json_add_bool (b, "calendar_complete", complete);
  json_builder_end_object (b);
}

static void
add_masked (JsonBuilder *b,
            const char  *name,
            char *(*mask) (const char *),
            const char  *value)
{
  g_autofree char *masked = value ? mask (value) : NULL;

  wb_json_add_string (b, name, masked);
}

void
wb_case_json_add (JsonBuilder  *b,
                  WbRequest    *req,
                  const WbCase *c,
                  gboolean      detail)
{
  const WbUnit *unit = wb_units_get (req->server->units, c->unit_code);

  json_builder_begin_object (b);
  wb_json_add_int (b, "id", c->id);
  wb_json_add_string (b, "case_no", c->case_no);
  wb_json_add_string (b, "item_code", c->item_code);
  wb_json_add_int (b, "item_version", c->item_version);
  wb_json_add_string (b, "item_name", c->item_name);
  wb_json_add_string (b, "unit_code", c->unit_code);
  wb_json_add_string (b, "unit_name", unit ? unit->name : NULL);
  wb_json_add_string (b, "state", wb_case_state_to_string (c->state));
  wb_json_add_string (b, "state_label", wb_case_state_label_zh (c->state));
  wb_json_add_string (b, "stage", wb_delivery_stage_to_string (c->stage));

  json_builder_set_member_name (b, "assignee");
  if (c->assignee_id > 0)
    {
      json_builder_begin_object (b);
      wb_json_add_int (b, "id", c->assignee_id);
      wb_json_add_string (b, "username", c->assignee_username);
      wb_json_add_string (b, "display_name", c->assignee_name);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "applicant");
  json_builder_begin_object (b);
  add_masked (b, "name", wb_mask_name, c->applicant_name);
  add_masked (b, "id_number", wb_mask_id_number, c->applicant_id_number);
  add_masked (b, "phone", wb_mask_phone, c->applicant_phone);
  add_masked (b, "address", wb_mask_address, c->applicant_address);
  json_builder_end_object (b);

  wb_json_add_string (b, "submitted_at", c->submitted_at);
  wb_json_add_string (b, "received_on", c->received_on);
  wb_json_add_string (b, "deadline", c->deadline);
  add_clock (b, req, c);
  wb_json_add_bool (b, "deadline_extended", c->deadline_extended);
  wb_json_add_int (b, "supplement_count", c->supplement_count);
  wb_json_add_int (b, "version", c->version);
  wb_json_add_string (b, "updated_at", c->updated_at);

  if (detail)
    {
      WbCaseFacts facts;
      WbCaseAction actions[WB_N_ACTIONS];
      guint n;

      wb_json_add_string (b, "source", c->source);
      wb_json_add_string (b, "delivery_method", c->delivery_method);
      add_masked (b, "delivery_address", wb_mask_address, c->delivery_address);
      wb_json_add_string (b, "tracking_no", c->tracking_no);
      wb_json_add_string (b, "pickup_slot", c->pickup_slot);
      wb_json_add_string (b, "result", c->result);
      wb_json_add_string (b, "refusal_basis", c->refusal_basis);
      wb_json_add_string (b, "refusal_reason", c->refusal_reason);
      json_builder_set_member_name (b, "fees_collected");
      if (c->fees_collected >= 0)
        json_builder_add_int_value (b, c->fees_collected);
      else
        json_builder_add_null_value (b);

      /* The desk builds its action bar from this list alone. */
      wb_case_facts_for (req, c, &facts);
      n = wb_case_flow_allowed (&facts, actions);
      json_builder_set_member_name (b, "allowed_actions");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        json_builder_add_string_value (b, wb_case_action_to_string (actions[i]));
      json_builder_end_array (b);
    }

  json_builder_end_object (b);
}

void
wb_case_respond (WbRequest    *req,
                 WbResponse   *res,
                 const WbCase *c,
                 guint         status)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *etag = wb_case_etag (c);

  wb_case_json_add (b, req, c, TRUE);
  wb_response_builder (res, status, b);
  wb_response_header (res, "ETag", etag);
  wb_response_header (res, "Cache-Control", "no-store");
}
