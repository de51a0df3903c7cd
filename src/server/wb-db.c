/* wb-db.c: connection pool and statement cache over a driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-db-private.h"
#include "wb-error.h"

/* Prepared statements one connection keeps. */
#define MAX_CACHED_STATEMENTS 256

struct _WbDb
{
  const WbDbDriver *driver;
  char             *location;
  GMutex            lock;
  GPtrArray        *idle;      /* WbDbConn* ready for use */
};

struct _WbDbConn
{
  WbDb       *db;
  gpointer    handle;
  GHashTable *cache;           /* sql → WbDbStmt* */
};

struct _WbDbStmt
{
  WbDbConn *conn;
  gpointer  handle;
  char     *sql;
  gboolean  in_use;
  gboolean  cached;
};

static void
stmt_free (WbDbStmt *stmt)
{
  stmt->conn->db->driver->finalize (stmt->handle);
  g_free (stmt->sql);
  g_free (stmt);
}

static void
conn_free (WbDbConn *conn)
{
  g_hash_table_destroy (conn->cache);
  conn->db->driver->disconnect (conn->handle);
  g_free (conn);
}

WbDb *
wb_db_open (const char  *location,
            GError     **error)
{
  WbDb *db;
  WbDbConn *conn;

  g_return_val_if_fail (location != NULL, NULL);

  if (g_str_has_prefix (location, "postgresql://") ||
      g_str_has_prefix (location, "postgres://"))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAVAILABLE,
                           "This build has no PostgreSQL driver yet");
      return NULL;
    }

  db = g_new0 (WbDb, 1);
  db->driver = &wb_db_sqlite_driver;
  db->location = g_strdup (location);
  g_mutex_init (&db->lock);
  db->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);

  /* Connect once up front so a bad path fails at start-up, not on the
   * first request. */
  if (!(conn = wb_db_acquire (db, error)))
    {
      wb_db_close (db);
      return NULL;
    }
  wb_db_release (db, conn);

  return db;
}

void
wb_db_close (WbDb *db)
{
  if (db == NULL)
    return;
  g_ptr_array_unref (db->idle);
  g_mutex_clear (&db->lock);
  g_free (db->location);
  g_free (db);
}

WbDbKind
wb_db_get_kind (WbDb *db)
{
  return db->driver == &wb_db_sqlite_driver ? WB_DB_SQLITE : WB_DB_POSTGRESQL;
}

const char *
wb_db_describe (WbDb *db)
{
  return db->driver->name;
}

WbDbConn *
wb_db_acquire (WbDb    *db,
               GError **error)
{
  WbDbConn *conn = NULL;
  gpointer handle;

  g_mutex_lock (&db->lock);
  if (db->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (db->idle, db->idle->len - 1);
  g_mutex_unlock (&db->lock);

  if (conn != NULL)
    return conn;

  if (!(handle = db->driver->connect (db->location, error)))
    return NULL;

  conn = g_new0 (WbDbConn, 1);
  conn->db = db;
  conn->handle = handle;
  conn->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) stmt_free);
  return conn;
}

void
wb_db_release (WbDb     *db,
               WbDbConn *conn)
{
  if (conn == NULL)
    return;
  /* A connection goes back clean: a transaction left open by a code path
   * that forgot its rollback would otherwise hold the write lock, or leak
   * its half-done work into the next request's commit. */
  if (db->driver->in_transaction (conn->handle))
    {
      g_warning ("A database connection was released inside a transaction; rolled back");
      wb_db_rollback (conn);
    }
  g_mutex_lock (&db->lock);
  g_ptr_array_add (db->idle, conn);
  g_mutex_unlock (&db->lock);
}

gboolean
wb_db_exec (WbDbConn    *conn,
            const char  *sql,
            GError     **error)
{
  return conn->db->driver->exec (conn->handle, sql, error);
}

gboolean
wb_db_begin_write (WbDbConn  *conn,
                   GError   **error)
{
  return wb_db_exec (conn, conn->db->driver->begin_write_sql, error);
}

gboolean
wb_db_commit (WbDbConn  *conn,
              GError   **error)
{
  return wb_db_exec (conn, "COMMIT", error);
}

void
wb_db_rollback (WbDbConn *conn)
{
  g_autoptr(GError) error = NULL;

  if (!wb_db_exec (conn, "ROLLBACK", &error))
    g_debug ("Rollback failed: %s", error->message);
}

guint
wb_db_n_cached (WbDbConn *conn)
{
  return g_hash_table_size (conn->cache);
}

WbDbStmt *
wb_db_prepare (WbDbConn    *conn,
               const char  *sql,
               GError     **error)
{
  WbDbStmt *stmt = g_hash_table_lookup (conn->cache, sql);
  gpointer handle;

  if (stmt != NULL && !stmt->in_use)
    {
      stmt->in_use = TRUE;
      return stmt;
    }

  if (!(handle = conn->db->driver->prepare (conn->handle, sql, error)))
    return NULL;

  stmt = g_new0 (WbDbStmt, 1);
  stmt->conn = conn;
  stmt->handle = handle;
  stmt->sql = g_strdup (sql);
  stmt->in_use = TRUE;

  /* A statement already running (a nested use of the same SQL) gets a
   * private copy that is finalized when done. So does any statement once
   * the cache is full: the store binds every value it is sent, so the
   * distinct texts are few, and a cap keeps a slip from growing the
   * connection without bound. */
  if (!g_hash_table_contains (conn->cache, sql) &&
      g_hash_table_size (conn->cache) < MAX_CACHED_STATEMENTS)
    {
      stmt->cached = TRUE;
      g_hash_table_insert (conn->cache, stmt->sql, stmt);
    }

  return stmt;
}

void
wb_db_bind_text (WbDbStmt   *stmt,
                 guint       index,
                 const char *value)
{
  if (value == NULL)
    stmt->conn->db->driver->bind_null (stmt->handle, index);
  else
    stmt->conn->db->driver->bind_text (stmt->handle, index, value);
}

void
wb_db_bind_int (WbDbStmt *stmt,
                guint     index,
                gint64    value)
{
  stmt->conn->db->driver->bind_int (stmt->handle, index, value);
}

void
wb_db_bind_null (WbDbStmt *stmt,
                 guint     index)
{
  stmt->conn->db->driver->bind_null (stmt->handle, index);
}

gboolean
wb_db_step (WbDbStmt  *stmt,
            GError   **error)
{
  return stmt->conn->db->driver->step (stmt->handle, error) == 1;
}

const char *
wb_db_col_text (WbDbStmt *stmt,
                guint     col)
{
  return stmt->conn->db->driver->col_text (stmt->handle, col);
}

gint64
wb_db_col_int (WbDbStmt *stmt,
               guint     col)
{
  return stmt->conn->db->driver->col_int (stmt->handle, col);
}

gboolean
wb_db_col_is_null (WbDbStmt *stmt,
                   guint     col)
{
  return stmt->conn->db->driver->col_is_null (stmt->handle, col);
}

gint64
wb_db_last_insert_id (WbDbConn *conn)
{
  return conn->db->driver->last_insert_id (conn->handle);
}

gint64
wb_db_changes (WbDbConn *conn)
{
  return conn->db->driver->changes (conn->handle);
}

void
wb_db_done (WbDbStmt *stmt)
{
  if (stmt == NULL)
    return;
  stmt->conn->db->driver->reset (stmt->handle);
  stmt->in_use = FALSE;
  if (!stmt->cached)
    stmt_free (stmt);
}

int
wb_db_schema_version (WbDbConn  *conn,
                      GError   **error)
{
  g_autoptr(WbDbStmt) stmt = NULL;
  GError *local_error = NULL;
  int version = 0;

  if (!wb_db_exec (conn,
                   "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                   error))
    return -1;
  if (!(stmt = wb_db_prepare (conn, "SELECT MAX(version) FROM schema_version", error)))
    return -1;
  if (wb_db_step (stmt, &local_error))
    version = wb_db_col_is_null (stmt, 0) ? 0 : (int) wb_db_col_int (stmt, 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }
  return version;
}

gboolean
wb_db_set_schema_version (WbDbConn  *conn,
                          int        version,
                          GError   **error)
{
  g_autoptr(WbDbStmt) stmt = NULL;
  GError *local_error = NULL;

  if (!(stmt = wb_db_prepare (conn, "INSERT INTO schema_version (version) VALUES ($1)", error)))
    return FALSE;
  wb_db_bind_int (stmt, 1, version);
  wb_db_step (stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
