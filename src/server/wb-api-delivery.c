/* wb-api-delivery.c: pickup capacity, booking and hand-over, and the
 * certificates waiting at the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-api-delivery.h"
#include "wb-audit.h"
#include "wb-case-json.h"
#include "wb-clock.h"
#include "wb-error.h"
#include "wb-id-number.h"
#include "wb-json.h"
#include "wb-mask.h"
#include "wb-scope.h"
#include "wb-units.h"

#define MAX_SLOTS_PER_DAY 48
#define MAX_CAPACITY 1000
#define MAX_RANGE_DAYS 92
#define DEFAULT_RANGE_DAYS 14
#define UNCOLLECTED_LIMIT 500

static gboolean
unprocessable (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE, message);
  return FALSE;
}

/* "HH:MM", 00:00 to 23:59; equal strings compare as the times do. */
static gboolean
is_hh_mm (const char *text)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':')
    return FALSE;
  for (guint i = 0; i < 5; i++)
    if (i != 2 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return (text[0] - '0') * 10 + (text[1] - '0') < 24 &&
         (text[3] - '0') * 10 + (text[4] - '0') < 60;
}

static char *
slot_start_iso (const char *day,
                const char *start)
{
  return g_strdup_printf ("%sT%s:00+08:00", day, start);
}

/* The unit named by {code}: 404 if unknown, 403 unless it is the
 * caller's unit or below it. */
static const WbUnit *
unit_param (WbRequest  *req,
            GError    **error)
{
  const char *code = wb_request_param (req, "code");
  const WbUnit *unit = wb_units_get (req->server->units, code);

  if (unit == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such unit");
      return NULL;
    }
  if (!wb_units_within (req->server->units, unit->code, req->user->unit_code))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "This unit is outside your unit's scope");
      return NULL;
    }
  return unit;
}

static void
respond_items (WbResponse *res,
               JsonNode   *items)
{
  wb_response_items (res, items);
  wb_response_header (res, "Cache-Control", "no-store");
}

static gint
compare_start (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const WbPickupSlotSpec *) a)->start, ((const WbPickupSlotSpec *) b)->start);
}

/* Reads {"slots": [...]}; the specs borrow their strings from @body. */
static GArray *
parse_slots (JsonObject  *body,
             GError     **error)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (WbPickupSlotSpec));
  JsonNode *node = json_object_get_member (body, "slots");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      unprocessable (error, "Send the day's slots as “slots”, a list (empty to close the day)");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_SLOTS_PER_DAY)
    {
      unprocessable (error, "A day holds at most 48 pickup slots");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      JsonObject *slot = JSON_NODE_HOLDS_OBJECT (el) ? json_node_get_object (el) : NULL;
      JsonNode *cap = slot ? json_object_get_member (slot, "capacity") : NULL;
      WbPickupSlotSpec spec = { 0 };

      if (slot == NULL)
        {
          unprocessable (error, "Each slot is an object with “start”, “end” and “capacity”");
          return NULL;
        }
      spec.start = wb_json_string (slot, "start");
      spec.end = wb_json_string (slot, "end");
      if (!is_hh_mm (spec.start) || !is_hh_mm (spec.end) || strcmp (spec.start, spec.end) >= 0)
        {
          unprocessable (error, "A slot's “start” and “end” are times as HH:MM, the start before the end");
          return NULL;
        }
      if (cap == NULL || !JSON_NODE_HOLDS_VALUE (cap) ||
          json_node_get_value_type (cap) != G_TYPE_INT64 ||
          json_node_get_int (cap) < 0 || json_node_get_int (cap) > MAX_CAPACITY)
        {
          unprocessable (error, "A slot's “capacity” is a whole number from 0 to 1000");
          return NULL;
        }
      spec.capacity = json_node_get_int (cap);
      g_array_append_val (specs, spec);
    }

  g_array_sort (specs, compare_start);
  for (guint i = 1; i < specs->len; i++)
    {
      const WbPickupSlotSpec *prev = &g_array_index (specs, WbPickupSlotSpec, i - 1);
      const WbPickupSlotSpec *next = &g_array_index (specs, WbPickupSlotSpec, i);

      if (strcmp (prev->end, next->start) > 0)
        {
          g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                       "The slots %s–%s and %s–%s overlap", prev->start, prev->end,
                       next->start, next->end);
          return NULL;
        }
    }
  return g_steal_pointer (&specs);
}

gboolean
wb_api_pickup_capacity_put (WbRequest   *req,
                            WbResponse  *res,
                            GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GArray) specs = NULL;
  g_autofree char *now = NULL;
  g_autofree char *object = NULL;
  const char *day = wb_request_param (req, "date");
  const WbUnit *unit;
  JsonNode *items;

  if (!wb_scope_require_role (req, WB_ROLE_BIZADMIN, error))
    return FALSE;
  if (!(unit = unit_param (req, error)))
    return FALSE;
  if (!wb_date_parse_iso (day, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "The date must read YYYY-MM-DD");
      return FALSE;
    }
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  if (!(specs = parse_slots (body, error)))
    return FALSE;

  now = wb_request_now_iso (req);
  object = g_strdup_printf ("pickup:%s:%s", unit->code, day);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "set_pickup_capacity",
      .object = object, .result = "ok", .request_id = req->request_id,
    };

    if (!wb_store_pickup_day_put (req->conn, unit->code, day, (WbPickupSlotSpec *) specs->data,
                                  specs->len, req->user->username, now, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !(items = wb_store_pickup_slots_json (req->conn, unit->code, day, day, error)))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
    if (!wb_db_commit (req->conn, error))
      {
        json_node_unref (items);
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }
  respond_items (res, items);
  return TRUE;
}

gboolean
wb_api_pickup_slots_list (WbRequest   *req,
                          WbResponse  *res,
                          GError     **error)
{
  const char *from_text = wb_request_query (req, "from");
  const char *to_text = wb_request_query (req, "to");
  g_autofree char *from_iso = NULL;
  g_autofree char *to_iso = NULL;
  const WbUnit *unit;
  GDate from, to;
  JsonNode *items;

  if (!(unit = unit_param (req, error)))
    return FALSE;

  if (from_text == NULL)
    wb_request_today (req, &from);
  else if (!wb_date_parse_iso (from_text, &from))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "from must read YYYY-MM-DD");
      return FALSE;
    }
  if (to_text == NULL)
    {
      to = from;
      g_date_add_days (&to, DEFAULT_RANGE_DAYS - 1);
    }
  else if (!wb_date_parse_iso (to_text, &to))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "to must read YYYY-MM-DD");
      return FALSE;
    }
  if (g_date_compare (&from, &to) > 0 || g_date_days_between (&from, &to) >= MAX_RANGE_DAYS)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "from must not be after to, and the range holds at most 92 days");
      return FALSE;
    }

  from_iso = wb_date_to_iso (&from);
  to_iso = wb_date_to_iso (&to);
  if (!(items = wb_store_pickup_slots_json (req->conn, unit->code, from_iso, to_iso, error)))
    return FALSE;
  respond_items (res, items);
  return TRUE;
}

static gint64
days_since (const char  *instant_iso,
            const GDate *today)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (instant_iso, NULL);
  GDate day;

  if (instant == NULL)
    return 0;
  wb_clock_local_date (instant, &day);
  return MAX (g_date_days_between (&day, today), 0);
}

gboolean
wb_api_certificates_uncollected (WbRequest   *req,
                                 WbResponse  *res,
                                 GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(WbJsonWriter) w = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *unit = wb_request_query (req, "unit");
  GDate today;

  if (!wb_scope_case_units (req, &units, error))
    return FALSE;
  if (unit != NULL)
    {
      if (wb_units_get (req->server->units, unit) == NULL)
        {
          g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "No such unit");
          return FALSE;
        }
      if (!wb_scope_can_read_case (req, unit))
        {
          g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                               "This unit is outside your unit's scope");
          return FALSE;
        }
      g_clear_pointer (&units, g_ptr_array_unref);
      units = g_ptr_array_new ();
      g_ptr_array_add (units, (gpointer) unit);
    }

  if (!wb_store_cases_uncollected (req->conn, units, UNCOLLECTED_LIMIT, &cases, error))
    return FALSE;

  wb_request_today (req, &today);
  w = wb_json_writer_new ();
  wb_jw_begin_object (w);
  wb_jw_member (w, "items");
  wb_jw_begin_array (w);
  for (guint i = 0; i < cases->len; i++)
    {
      const WbCase *c = cases->pdata[i];
      g_autofree char *name = wb_mask_name (c->applicant_name);

      wb_jw_begin_object (w);
      wb_jw_int_member (w, "id", c->id);
      wb_jw_string_member (w, "case_no", c->case_no);
      wb_jw_string_member (w, "item_code", c->item_code);
      wb_jw_string_member (w, "item_name", c->item_name);
      wb_jw_string_member (w, "unit_code", c->unit_code);
      wb_jw_member (w, "applicant");
      wb_jw_begin_object (w);
      wb_jw_string_member (w, "name", name);
      wb_jw_end_object (w);
      wb_jw_string_member (w, "printed_at", c->printed_at);
      wb_case_json_add_pickup_slot (w, c);
      wb_jw_int_member (w, "days_waiting", days_since (c->printed_at, &today));
      wb_jw_end_object (w);
    }
  wb_jw_end_array (w);
  wb_jw_end_object (w);

  bytes = wb_json_writer_free_to_bytes (g_steal_pointer (&w));
  wb_response_bytes (res, 200, "application/json; charset=utf-8", bytes);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}

/* The action steps */

gboolean
wb_delivery_book_pickup (WbRequest   *req,
                         WbCase      *c,
                         JsonObject  *body,
                         JsonObject  *detail,
                         GError     **error)
{
  gint64 slot_id = json_object_get_int_member (body, "slot_id");
  g_autofree char *unit_code = NULL;
  g_autofree char *day = NULL;
  g_autofree char *start = NULL;
  g_autofree char *today_iso = NULL;
  gboolean taken = FALSE;
  GDate today;

  if (!wb_store_pickup_slot_get (req->conn, slot_id, &unit_code, &day, &start, error))
    return FALSE;
  if (unit_code == NULL)
    return unprocessable (error, "No such pickup slot");
  if (!g_str_equal (unit_code, c->unit_code))
    return unprocessable (error, "The pickup slot belongs to another unit than the case");
  wb_request_today (req, &today);
  today_iso = wb_date_to_iso (&today);
  if (strcmp (day, today_iso) < 0)
    return unprocessable (error, "The pickup slot is in the past");
  if (slot_id == c->pickup_slot_id)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_CONFLICT, "The case already holds this pickup slot");
      return FALSE;
    }

  /* Inside the action's write transaction, so the place taken and the
   * case that holds it commit together. */
  if (!wb_store_pickup_slot_take (req->conn, slot_id, &taken, error))
    return FALSE;
  if (!taken)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                   "The pickup slot from %s on %s is fully booked; choose another", start, day);
      return FALSE;
    }
  if (c->pickup_slot_id > 0)
    {
      json_object_set_int_member (detail, "previous_slot_id", c->pickup_slot_id);
      if (!wb_store_pickup_slot_release (req->conn, c->pickup_slot_id, error))
        return FALSE;
    }

  c->pickup_slot_id = slot_id;
  g_free (c->pickup_slot);
  c->pickup_slot = slot_start_iso (day, start);
  json_object_set_int_member (detail, "slot_id", slot_id);
  json_object_set_string_member (detail, "slot", c->pickup_slot);
  return TRUE;
}

gboolean
wb_delivery_hand_over (WbRequest   *req,
                       WbCase      *c,
                       JsonObject  *body,
                       const char  *now,
                       JsonObject  *detail,
                       GError     **error)
{
  const char *collector = wb_json_string (body, "collector");
  const char *agent_name = wb_json_string (body, "agent_name");
  const char *agent_id = wb_json_string (body, "agent_id_number");

  if (g_str_equal (collector, "agent"))
    {
      g_autoptr(GError) id_error = NULL;
      g_autofree char *masked_name = NULL;
      g_autofree char *masked_id = NULL;

      if (wb_text_is_blank (agent_name))
        return unprocessable (error, "Field “agent_name” is required when an agent collects");
      if (agent_id == NULL)
        return unprocessable (error, "Field “agent_id_number” is required when an agent collects");
      /* The validator's message never repeats the number. */
      if (!wb_id_number_validate (agent_id, &id_error))
        {
          g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                       "The agent's ID number is not valid: %s", id_error->message);
          return FALSE;
        }
      g_free (c->agent_name);
      g_free (c->agent_id_number);
      c->agent_name = g_strdup (agent_name);
      c->agent_id_number = g_ascii_strup (agent_id, -1);
      masked_name = wb_mask_name (c->agent_name);
      masked_id = wb_mask_id_number (c->agent_id_number);
      json_object_set_string_member (detail, "agent_name", masked_name);
      json_object_set_string_member (detail, "agent_id_number", masked_id);
    }
  else if (agent_name != NULL || agent_id != NULL)
    return unprocessable (error, "An agent's name and ID number are only for collector “agent”");

  g_free (c->collector);
  c->collector = g_strdup (collector);
  g_free (c->handed_over_at);
  c->handed_over_at = g_strdup (now);
  json_object_set_string_member (detail, "collector", collector);
  return TRUE;
}
