/* wb-db-sqlite.c: the embedded default driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "wb-db-private.h"
#include "wb-error.h"

static void
set_sqlite_error (GError  **error,
                  sqlite3  *db,
                  int       rc)
{
  int code = WB_ERROR_INTERNAL;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = WB_ERROR_CONFLICT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = WB_ERROR_UNAVAILABLE;
      break;
    default:
      break;
    }

  g_set_error (error, WB_ERROR, code, "SQLite: %s", db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

static gboolean
sqlite_exec (gpointer     handle,
             const char  *sql,
             GError     **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (handle, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle, rc);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static gpointer
sqlite_connect (const char  *location,
                GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (location, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_UNAVAILABLE,
                   "Cannot open database %s: %s", location,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  /* Writers wait for each other instead of failing at once. */
  sqlite3_busy_timeout (db, 15000);

  /* WAL lets readers run beside the one writer; FULL makes each commit
   * durable across a power cut, which a public record needs. */
  if (!sqlite_exec (db,
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA temp_store=MEMORY;",
                    error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static void
sqlite_disconnect (gpointer handle)
{
  sqlite3_close_v2 (handle);
}

static gpointer
sqlite_prepare (gpointer     handle,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, handle, rc);
      return NULL;
    }
  return stmt;
}

static void
sqlite_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sqlite_reset (gpointer stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* The store numbers its parameters $1..$n as PostgreSQL does; SQLite takes
 * "$1" as a name, so look up the slot that name was given. */
static int
param_slot (sqlite3_stmt *stmt,
            guint         index)
{
  char name[16];

  g_snprintf (name, sizeof name, "$%u", index);
  return sqlite3_bind_parameter_index (stmt, name);
}

static void
sqlite_bind_text (gpointer    stmt,
                  guint       index,
                  const char *value)
{
  sqlite3_bind_text (stmt, param_slot (stmt, index), value, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_int (gpointer stmt,
                 guint    index,
                 gint64   value)
{
  sqlite3_bind_int64 (stmt, param_slot (stmt, index), value);
}

static void
sqlite_bind_null (gpointer stmt,
                  guint    index)
{
  sqlite3_bind_null (stmt, param_slot (stmt, index));
}

static int
sqlite_step (gpointer   stmt,
             GError   **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  set_sqlite_error (error, sqlite3_db_handle (stmt), rc);
  return -1;
}

static const char *
sqlite_col_text (gpointer stmt,
                 guint    col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static gint64
sqlite_col_int (gpointer stmt,
                guint    col)
{
  return sqlite3_column_int64 (stmt, col);
}

static gboolean
sqlite_col_is_null (gpointer stmt,
                    guint    col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL;
}

static gint64
sqlite_last_insert_id (gpointer handle)
{
  return sqlite3_last_insert_rowid (handle);
}

static gint64
sqlite_changes (gpointer handle)
{
  return sqlite3_changes64 (handle);
}

static gboolean
sqlite_in_transaction (gpointer handle)
{
  return !sqlite3_get_autocommit (handle);
}

const WbDbDriver wb_db_sqlite_driver = {
  .name = "sqlite",
  .connect = sqlite_connect,
  .disconnect = sqlite_disconnect,
  .exec = sqlite_exec,
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .reset = sqlite_reset,
  .bind_text = sqlite_bind_text,
  .bind_int = sqlite_bind_int,
  .bind_null = sqlite_bind_null,
  .step = sqlite_step,
  .col_text = sqlite_col_text,
  .col_int = sqlite_col_int,
  .col_is_null = sqlite_col_is_null,
  .last_insert_id = sqlite_last_insert_id,
  .changes = sqlite_changes,
  .in_transaction = sqlite_in_transaction,
  .begin_write_sql = "BEGIN IMMEDIATE",
};
