/* wb-store-delivery.c: pickup capacity and its bookings
 *
 * A slot's booked count is the number of cases holding it. Taking a place
 * is one conditional UPDATE (booked < capacity) whose changed-row count
 * says whether it held; the table's CHECK (booked <= capacity) refuses the
 * same overbooking should any other statement try it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

static gboolean
slot_booked (WbDbConn    *conn,
             const char  *unit_code,
             const char  *day,
             const char  *start,
             gint64      *out_id,
             gint64      *out_booked,
             GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT id, booked FROM pickup_slots WHERE unit_code = $1 AND day = $2 AND start_time = $3", error);
  GError *local_error = NULL;

  *out_id = 0;
  *out_booked = 0;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, unit_code);
  wb_db_bind_text (s, 2, day);
  wb_db_bind_text (s, 3, start);
  if (wb_db_step (s, &local_error))
    {
      *out_id = wb_db_col_int (s, 0);
      *out_booked = wb_db_col_int (s, 1);
    }
  return wb_store_finish (local_error, error);
}

/* Slots of the day that the new list no longer holds go, unless someone
 * booked them. */
static gboolean
drop_unlisted (WbDbConn                *conn,
               const char              *unit_code,
               const char              *day,
               const WbPickupSlotSpec  *slots,
               guint                    n_slots,
               GError                 **error)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;

  {
    g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
      "SELECT start_time, booked FROM pickup_slots WHERE unit_code = $1 AND day = $2", error);

    if (s == NULL)
      return FALSE;
    wb_db_bind_text (s, 1, unit_code);
    wb_db_bind_text (s, 2, day);
    while (wb_db_step (s, &local_error))
      {
        const char *start = wb_db_col_text (s, 0);
        gboolean listed = FALSE;

        for (guint i = 0; i < n_slots && !listed; i++)
          listed = g_str_equal (slots[i].start, start);
        if (listed)
          continue;
        if (wb_db_col_int (s, 1) > 0)
          {
            g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                         "The slot from %s on %s has %" G_GINT64_FORMAT " bookings and cannot be removed",
                         start, day, wb_db_col_int (s, 1));
            return FALSE;
          }
        g_ptr_array_add (gone, g_strdup (start));
      }
    if (!wb_store_finish (local_error, error))
      return FALSE;
  }

  for (guint i = 0; i < gone->len; i++)
    {
      g_autoptr(WbDbStmt) d = wb_db_prepare (conn,
        "DELETE FROM pickup_slots WHERE unit_code = $1 AND day = $2 AND start_time = $3", error);

      if (d == NULL)
        return FALSE;
      wb_db_bind_text (d, 1, unit_code);
      wb_db_bind_text (d, 2, day);
      wb_db_bind_text (d, 3, gone->pdata[i]);
      if (!wb_store_run (d, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
wb_store_pickup_day_put (WbDbConn                *conn,
                         const char              *unit_code,
                         const char              *day,
                         const WbPickupSlotSpec  *slots,
                         guint                    n_slots,
                         const char              *by,
                         const char              *now,
                         GError                 **error)
{
  if (!drop_unlisted (conn, unit_code, day, slots, n_slots, error))
    return FALSE;

  for (guint i = 0; i < n_slots; i++)
    {
      g_autoptr(WbDbStmt) s = NULL;
      gint64 id, booked;

      if (!slot_booked (conn, unit_code, day, slots[i].start, &id, &booked, error))
        return FALSE;
      if (id != 0 && slots[i].capacity < booked)
        {
          g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                       "The slot from %s on %s already has %" G_GINT64_FORMAT
                       " bookings; its capacity cannot be lower",
                       slots[i].start, day, booked);
          return FALSE;
        }

      if (id != 0)
        {
          s = wb_db_prepare (conn,
            "UPDATE pickup_slots SET end_time = $1, capacity = $2, updated_at = $3, updated_by = $4 "
            "WHERE id = $5", error);
          if (s == NULL)
            return FALSE;
          wb_db_bind_int (s, 5, id);
        }
      else
        {
          s = wb_db_prepare (conn,
            "INSERT INTO pickup_slots (end_time, capacity, updated_at, updated_by, unit_code, day, start_time) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);
          if (s == NULL)
            return FALSE;
          wb_db_bind_text (s, 5, unit_code);
          wb_db_bind_text (s, 6, day);
          wb_db_bind_text (s, 7, slots[i].start);
        }
      wb_db_bind_text (s, 1, slots[i].end);
      wb_db_bind_int (s, 2, slots[i].capacity);
      wb_db_bind_text (s, 3, now);
      wb_db_bind_text (s, 4, by);
      if (!wb_store_run (s, error))
        return FALSE;
    }
  return TRUE;
}

JsonNode *
wb_store_pickup_slots_json (WbDbConn    *conn,
                            const char  *unit_code,
                            const char  *from,
                            const char  *to,
                            GError     **error)
{
  static const char * const names[] = {
    "id", "date", "start", "end", "capacity", "booked", "available", NULL
  };
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT id, day, start_time, end_time, capacity, booked, capacity - booked "
    "FROM pickup_slots WHERE unit_code = $1 AND day >= $2 AND day <= $3 "
    "ORDER BY day, start_time", error);

  if (s == NULL)
    return NULL;
  wb_db_bind_text (s, 1, unit_code);
  wb_db_bind_text (s, 2, from);
  wb_db_bind_text (s, 3, to);
  return wb_store_rows_json (s, names, "isssiii", error);
}

gboolean
wb_store_pickup_slot_get (WbDbConn    *conn,
                          gint64       id,
                          char       **unit_code,
                          char       **day,
                          char       **start,
                          GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT unit_code, day, start_time FROM pickup_slots WHERE id = $1", error);
  GError *local_error = NULL;

  *unit_code = *day = *start = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, id);
  if (wb_db_step (s, &local_error))
    {
      *unit_code = wb_store_dup_col (s, 0);
      *day = wb_store_dup_col (s, 1);
      *start = wb_store_dup_col (s, 2);
    }
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_pickup_slot_take (WbDbConn  *conn,
                           gint64     id,
                           gboolean  *taken,
                           GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE pickup_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity", error);

  *taken = FALSE;
  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, id);
  if (!wb_store_run (s, error))
    return FALSE;
  *taken = wb_db_changes (conn) == 1;
  return TRUE;
}

gboolean
wb_store_pickup_slot_release (WbDbConn  *conn,
                              gint64     id,
                              GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "UPDATE pickup_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, id);
  return wb_store_run (s, error);
}
