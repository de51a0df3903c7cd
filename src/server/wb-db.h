/* wb-db.h: the storage driver seam
 *
 * The store writes its SQL once, in the common dialect of SQLite and
 * PostgreSQL, with $1..$n placeholders. A driver only runs statements; the
 * handlers and the store never see which one is underneath.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WbDb     WbDb;
typedef struct _WbDbConn WbDbConn;
typedef struct _WbDbStmt WbDbStmt;

typedef enum
{
  WB_DB_SQLITE,
  WB_DB_POSTGRESQL,
} WbDbKind;

WbDb       *wb_db_open          (const char  *location,
                                 GError     **error);
void        wb_db_close         (WbDb        *db);
WbDbKind    wb_db_get_kind      (WbDb        *db);
const char *wb_db_describe      (WbDb        *db);

/* Connections come from a pool so that worker threads each use their own. */
WbDbConn   *wb_db_acquire       (WbDb        *db,
                                 GError     **error);
void        wb_db_release       (WbDb        *db,
                                 WbDbConn    *conn);

gboolean    wb_db_exec          (WbDbConn    *conn,
                                 const char  *sql,
                                 GError     **error);
/* A write transaction that takes the write lock at once, so two writers
 * never deadlock upgrading a read lock. */
gboolean    wb_db_begin_write   (WbDbConn    *conn,
                                 GError     **error);
gboolean    wb_db_commit        (WbDbConn    *conn,
                                 GError     **error);
void        wb_db_rollback      (WbDbConn    *conn);

/* Statements are cached per connection by their SQL text. */
/* How many prepared statements the connection keeps (for tests). */
guint       wb_db_n_cached      (WbDbConn    *conn);
WbDbStmt   *wb_db_prepare       (WbDbConn    *conn,
                                 const char  *sql,
                                 GError     **error);
void        wb_db_bind_text     (WbDbStmt    *stmt,
                                 guint        index,
                                 const char  *value);
void        wb_db_bind_int      (WbDbStmt    *stmt,
                                 guint        index,
                                 gint64       value);
void        wb_db_bind_null     (WbDbStmt    *stmt,
                                 guint        index);
/* TRUE while there is a row; FALSE at the end or on error (then *error). */
gboolean    wb_db_step          (WbDbStmt    *stmt,
                                 GError     **error);
const char *wb_db_col_text      (WbDbStmt    *stmt,
                                 guint        col);
gint64      wb_db_col_int       (WbDbStmt    *stmt,
                                 guint        col);
gboolean    wb_db_col_is_null   (WbDbStmt    *stmt,
                                 guint        col);
gint64      wb_db_last_insert_id (WbDbConn   *conn);
gint64      wb_db_changes       (WbDbConn    *conn);
/* Ends use of a statement and returns it to the cache. */
void        wb_db_done          (WbDbStmt    *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbDbStmt, wb_db_done)

int         wb_db_schema_version     (WbDbConn   *conn,
                                      GError    **error);
gboolean    wb_db_set_schema_version (WbDbConn   *conn,
                                      int         version,
                                      GError    **error);

G_END_DECLS
