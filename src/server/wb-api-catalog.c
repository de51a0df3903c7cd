/* wb-api-catalog.c: items, units, calendars and the change feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-case-json.h"
#include "wb-error.h"
#include "wb-scope.h"

#include <string.h>

gboolean
wb_api_items_list (WbRequest   *req,
                   WbResponse  *res,
                   GError     **error)
{
  JsonNode *items = wb_store_items_json (req->conn, NULL, FALSE, error);

  if (items == NULL)
    return FALSE;
  wb_response_items (res, items);
  return TRUE;
}

gboolean
wb_api_items_get (WbRequest   *req,
                  WbResponse  *res,
                  GError     **error)
{
  const char *code = wb_request_param (req, "code");
  g_autoptr(JsonNode) versions = wb_store_items_json (req->conn, code, TRUE, error);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *obj;

  if (versions == NULL)
    return FALSE;
  array = json_node_get_array (versions);
  if (json_array_get_length (array) == 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such item");
      return FALSE;
    }

  obj = json_object_new ();
  json_object_set_member (obj, "item", json_node_copy (json_array_get_element (array, 0)));
  json_object_set_member (obj, "versions", json_node_ref (versions));
  root = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  wb_response_json (res, 200, root);
  return TRUE;
}

gboolean
wb_api_units_list (WbRequest   *req,
                   WbResponse  *res,
                   GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GPtrArray *all = wb_units_all (req->server->units);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < all->len; i++)
    {
      const WbUnit *unit = all->pdata[i];

      json_builder_begin_object (b);
      wb_json_add_string (b, "code", unit->code);
      wb_json_add_string (b, "name", unit->name);
      wb_json_add_int (b, "level", unit->level);
      wb_json_add_string (b, "parent_code", unit->parent_code);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  return TRUE;
}

gboolean
wb_api_calendar_deadline (WbRequest   *req,
                          WbResponse  *res,
                          GError     **error)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *deadline_iso = NULL;
  const char *start_text = wb_request_query (req, "start");
  const char *days_text = wb_request_query (req, "working_days");
  GDate start, deadline;
  guint64 days;
  gboolean complete = TRUE;

  if (start_text == NULL || !wb_date_parse_iso (start_text, &start))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "start must be a real date written YYYY-MM-DD");
      return FALSE;
    }
  if (days_text == NULL || !g_ascii_string_to_unsigned (days_text, 10, 0, 3650, &days, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "working_days must be a whole number from 0 to 3650");
      return FALSE;
    }

  wb_calendar_add_working_days (req->server->calendar, &start, days, &deadline);
  deadline_iso = wb_date_to_iso (&deadline);
  for (int y = g_date_get_year (&start); y <= g_date_get_year (&deadline); y++)
    if (!wb_calendar_has_year (req->server->calendar, y))
      complete = FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_string (b, "start", start_text);
  wb_json_add_int (b, "working_days", days);
  wb_json_add_string (b, "deadline", deadline_iso);
  wb_json_add_bool (b, "calendar_complete", complete);
  wb_json_add_string (b, "note", complete ? NULL :
                      "No holiday calendar is loaded for part of this period; only weekends were counted as days off");
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  return TRUE;
}

/* Calendars run to year 9999; see wb_calendar_add_working_days(). */
static gboolean
year_param (WbRequest  *req,
            int        *year,
            GError    **error)
{
  const char *text = wb_request_param (req, "year");
  guint64 value;

  if (text == NULL || strlen (text) != 4 ||
      !g_ascii_string_to_unsigned (text, 10, 1, 9999, &value, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The year is written as four digits, 0001 to 9999");
      return FALSE;
    }
  *year = (int) value;
  return TRUE;
}

static void
respond_text (WbResponse *res,
              const char *text,
              gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);

  wb_response_bytes (res, 200, "text/plain; charset=utf-8", bytes);
}

/* The text loaded through the API if there is one, else the file the
 * server was built with. */
gboolean
wb_api_calendar_get (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) builtin = NULL;
  int year;

  if (!year_param (req, &year, error))
    return FALSE;
  if (!wb_store_calendar_get (req->conn, year, &body, error))
    return FALSE;
  if (body != NULL)
    {
      respond_text (res, body, strlen (body));
      return TRUE;
    }

  path = g_strdup_printf ("/io/github/wangban/server/calendar/%04d.cal", year);
  builtin = g_resources_lookup_data (path, 0, NULL);
  if (builtin == NULL)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_NOT_FOUND,
                   "No calendar is loaded for %04d; only weekends count as days off", year);
      return FALSE;
    }
  wb_response_bytes (res, 200, "text/plain; charset=utf-8", builtin);
  return TRUE;
}

/* The calendar the server would start with now: the built-in years,
 * then every stored one, as wb_server_new() loads them. Read inside the
 * transaction that stores a year, it already counts with that year. */
static WbCalendar *
calendar_as_stored (WbDbConn  *conn,
                    GError   **error)
{
  static const char *dir = "/io/github/wangban/server/calendar/";
  g_autoptr(WbCalendar) calendar = wb_calendar_new ();
  g_auto(GStrv) names = g_resources_enumerate_children (dir, 0, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (dir, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
      const char *data;
      gsize len;

      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &len);
      if (!wb_calendar_load_data (calendar, data, len, error))
        return NULL;
    }
  if (!wb_store_calendars_load (conn, calendar, error))
    return NULL;
  return g_steal_pointer (&calendar);
}

/* Clocks are computed when they are read, but the inbox sorts and filters
 * by the stored promised deadline. Only a deadline on or after the new
 * year's first day can move. Runs in the transaction that stores the
 * year, with the calendar as it will be: if it fails, nothing is stored.
 * A case whose deadline moved is a new version, and open desks hear so. */
static gboolean
refresh_stored_deadlines (WbRequest   *req,
                          WbCalendar  *calendar,
                          int          year,
                          const char  *now,
                          GError     **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *first_day = g_strdup_printf ("%04d-01-01", year);

  if (!wb_store_case_clocks_from (req->conn, first_day, &cases, error))
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    {
      WbCase *c = cases->pdata[i];
      g_autofree char *deadline = wb_case_stored_deadline (calendar, c);

      if (g_strcmp0 (deadline, c->deadline) == 0)
        continue;
      if (!wb_store_case_set_deadline (req->conn, c->id, deadline, error) ||
          !wb_store_event_add (req->conn, now, "case.updated", c->id, c->unit_code, error))
        return FALSE;
    }
  return TRUE;
}

/* A refusal after the role check is recorded like the load it refused. */
static gboolean
refuse_calendar (WbRequest   *req,
                 const char  *object,
                 GError     **error,
                 WbErrorCode  code,
                 const char  *message)
{
  wb_audit_request (req, "load_calendar", object, "failed", message);
  g_set_error_literal (error, WB_ERROR, code, message);
  return FALSE;
}

/* Two loads at once would each count without the other's year, and could
 * make the years live in another order than they were stored. */
static GMutex calendar_put_lock;

/* A new year's State Council notice, loaded without a new release. The
 * text is checked on a scratch calendar first, so a bad file never
 * touches the live one. It is stored, and the stored deadlines it moves
 * rewritten, in one transaction before it goes live, so what every clock
 * counts on survives a restart and a failure changes nothing. It moves
 * every unit's legal deadlines, so only the province's business
 * administrator loads one. */
gboolean
wb_api_calendar_put (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autoptr(WbCalendar) scratch = wb_calendar_new ();
  g_autoptr(WbCalendar) future = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *now = NULL;
  g_autofree char *object = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mismatch = NULL;
  const WbUnit *unit;
  const char *content_type;
  const char *data;
  gsize len = 0;
  int year;

  if (!wb_scope_require_role (req, WB_ROLE_BIZADMIN, error))
    return FALSE;
  unit = wb_units_get (req->server->units, req->user->unit_code);
  if (unit == NULL || unit->level != 1)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "A calendar moves every unit's deadlines; only a business administrator of the province may load one");
      return FALSE;
    }
  if (!year_param (req, &year, error))
    return FALSE;
  object = g_strdup_printf ("calendar:%04d", year);

  content_type = wb_request_header (req, "Content-Type");
  if (content_type == NULL || !g_str_has_prefix (content_type, "text/plain"))
    return refuse_calendar (req, object, error, WB_ERROR_UNSUPPORTED_MEDIA,
                            "Send the calendar file as text/plain; charset=utf-8");

  data = req->body != NULL ? g_bytes_get_data (req->body, &len) : NULL;
  /* The parser's message starts with "line N:". */
  if (!wb_calendar_load_data (scratch, data, len, &parse_error))
    return refuse_calendar (req, object, error, WB_ERROR_UNPROCESSABLE, parse_error->message);
  if (!wb_calendar_has_year (scratch, year))
    {
      mismatch = g_strdup_printf ("The file's “year” line names another year than %04d", year);
      return refuse_calendar (req, object, error, WB_ERROR_UNPROCESSABLE, mismatch);
    }

  /* Valid UTF-8 without NULs, or the parser would have refused it. */
  text = g_strndup (data, len);
  now = wb_request_now_iso (req);
  locker = g_mutex_locker_new (&calendar_put_lock);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "load_calendar",
      .object = object, .result = "ok", .request_id = req->request_id,
    };

    if (!wb_store_calendar_put (req->conn, year, text, req->user->username, now, error) ||
        !(future = calendar_as_stored (req->conn, error)) ||
        !refresh_stored_deadlines (req, future, year, now, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  /* Every clock computed from now on counts with it. It parsed above, so
   * this cannot fail short of memory. */
  if (!wb_calendar_load_data (req->server->calendar, text, len, error))
    return FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_int (b, "year", year);
  wb_json_add_bool (b, "loaded", TRUE);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  return TRUE;
}

gboolean
wb_api_changes (WbRequest   *req,
                WbResponse  *res,
                GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *text;
  guint64 since = 0, limit = 500;
  gint64 last = 0;
  JsonNode *events;
  JsonObject *obj;

  if (!wb_scope_case_units (req, &units, error))
    return FALSE;
  /* Every desk polls here, so a callback past its give-up time closes
   * (and its SMS goes out) within a poll, whoever has the agenda open. */
  wb_callbacks_sweep_quietly (req);
  if ((text = wb_request_query (req, "limit")) != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, 1000, &limit, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "limit takes a number from 1 to 1000");
      return FALSE;
    }
  /* Without since, the answer is only where the feed stands now: a desk
   * that has just loaded its lists follows on from there. */
  if ((text = wb_request_query (req, "since")) == NULL)
    {
      gint64 latest = 0;

      if (!wb_store_events_latest (req->conn, &latest, error))
        return FALSE;
      obj = json_object_new ();
      json_object_set_array_member (obj, "events", json_array_new ());
      json_object_set_int_member (obj, "last_seq", latest);
      root = json_node_init_object (json_node_alloc (), obj);
      json_object_unref (obj);
      wb_response_json (res, 200, root);
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &since, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "since must be a sequence number");
      return FALSE;
    }

  if (!(events = wb_store_events_json (req->conn, since, units, limit, &last, error)))
    return FALSE;
  obj = json_object_new ();
  json_object_set_member (obj, "events", events);
  json_object_set_int_member (obj, "last_seq", last);
  root = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  wb_response_json (res, 200, root);
  return TRUE;
}
