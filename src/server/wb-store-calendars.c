/* wb-store-calendars.c: calendar years loaded through the API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

#include <string.h>

gboolean
wb_store_calendar_put (WbDbConn    *conn,
                       int          year,
                       const char  *body,
                       const char  *loaded_by,
                       const char  *now,
                       GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO calendars (year, body, loaded_by, loaded_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (year) DO UPDATE SET body = excluded.body, loaded_by = excluded.loaded_by, "
    "loaded_at = excluded.loaded_at", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, year);
  wb_db_bind_text (s, 2, body);
  wb_db_bind_text (s, 3, loaded_by);
  wb_db_bind_text (s, 4, now);
  return wb_store_run (s, error);
}

gboolean
wb_store_calendar_get (WbDbConn    *conn,
                       int          year,
                       char       **body,
                       GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn, "SELECT body FROM calendars WHERE year = $1", error);
  GError *local_error = NULL;

  *body = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, year);
  if (wb_db_step (s, &local_error))
    *body = wb_store_dup_col (s, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_calendars_load (WbDbConn    *conn,
                         WbCalendar  *calendar,
                         GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn, "SELECT year, body FROM calendars ORDER BY year", error);
  GError *local_error = NULL;

  if (s == NULL)
    return FALSE;
  while (wb_db_step (s, &local_error))
    {
      const char *body = wb_db_col_text (s, 1);

      /* Stored only after it parsed, so a failure here means the parser
       * grew stricter since; refusing to start says so plainly. */
      if (!wb_calendar_load_data (calendar, body, strlen (body), error))
        {
          g_prefix_error (error, "Stored calendar for %" G_GINT64_FORMAT ": ", wb_db_col_int (s, 0));
          return FALSE;
        }
    }
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_case_clocks_from (WbDbConn    *conn,
                           const char  *first_day,
                           GPtrArray  **out,
                           GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT c.id, c.received_on, c.deadline, i.promised_days, c.clock_stopped_days, c.extension_days, "
    "c.unit_code "
    "FROM cases c JOIN items i ON i.code = c.item_code AND i.version = c.item_version "
    "WHERE c.state IN ('submitted', 'unit_review', 'accepted', 'supplement') AND c.deadline >= $1",
    error);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) wb_case_free);
  GError *local_error = NULL;

  *out = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, first_day);
  while (wb_db_step (s, &local_error))
    {
      WbCase *c = g_new0 (WbCase, 1);

      c->id = wb_db_col_int (s, 0);
      c->received_on = wb_store_dup_col (s, 1);
      c->deadline = wb_store_dup_col (s, 2);
      c->promised_days = wb_db_col_int (s, 3);
      c->clock_stopped_days = wb_db_col_int (s, 4);
      c->extension_days = wb_db_col_int (s, 5);
      c->unit_code = wb_store_dup_col (s, 6);
      g_ptr_array_add (cases, c);
    }
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out = g_steal_pointer (&cases);
  return TRUE;
}

gboolean
wb_store_case_set_deadline (WbDbConn    *conn,
                            gint64       id,
                            const char  *deadline,
                            GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE cases SET deadline = $2, sort_deadline = " WB_SORT_DEADLINE_SQL ("$2", "state") ", "
    "version = version + 1 WHERE id = $1", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, id);
  wb_db_bind_text (s, 2, deadline);
  return wb_store_run (s, error);
}
