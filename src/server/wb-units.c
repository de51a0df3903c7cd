/* wb-units.c: units change rarely and every permission check needs them,
 * so they are read once and answered from memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-units.h"

struct _WbUnits
{
  GHashTable *by_code;   /* code → WbUnit* */
  GPtrArray  *ordered;   /* WbUnit*, tree order */
};

static void
unit_free (WbUnit *unit)
{
  g_free (unit->code);
  g_free (unit->name);
  g_free (unit->parent_code);
  g_free (unit);
}

WbUnits *
wb_units_load (WbDbConn  *conn,
               GError   **error)
{
  g_autoptr(WbDbStmt) stmt = NULL;
  GError *local_error = NULL;
  WbUnits *units;

  stmt = wb_db_prepare (conn,
                        "SELECT code, name, level, parent_code FROM units "
                        "ORDER BY level, code", error);
  if (stmt == NULL)
    return NULL;

  units = g_new0 (WbUnits, 1);
  units->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  units->ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) unit_free);

  while (wb_db_step (stmt, &local_error))
    {
      WbUnit *unit = g_new0 (WbUnit, 1);

      unit->code = g_strdup (wb_db_col_text (stmt, 0));
      unit->name = g_strdup (wb_db_col_text (stmt, 1));
      unit->level = wb_db_col_int (stmt, 2);
      unit->parent_code = g_strdup (wb_db_col_text (stmt, 3));
      g_ptr_array_add (units->ordered, unit);
      g_hash_table_insert (units->by_code, unit->code, unit);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      wb_units_free (units);
      return NULL;
    }

  return units;
}

void
wb_units_free (WbUnits *units)
{
  if (units == NULL)
    return;
  g_hash_table_destroy (units->by_code);
  g_ptr_array_unref (units->ordered);
  g_free (units);
}

const WbUnit *
wb_units_get (WbUnits    *units,
              const char *code)
{
  if (code == NULL)
    return NULL;
  return g_hash_table_lookup (units->by_code, code);
}

gboolean
wb_units_within (WbUnits    *units,
                 const char *code,
                 const char *ancestor)
{
  const WbUnit *unit = wb_units_get (units, code);

  /* Three levels at most, so this walks at most twice. */
  while (unit != NULL)
    {
      if (g_strcmp0 (unit->code, ancestor) == 0)
        return TRUE;
      unit = wb_units_get (units, unit->parent_code);
    }
  return FALSE;
}

GPtrArray *
wb_units_all (WbUnits *units)
{
  return units->ordered;
}
