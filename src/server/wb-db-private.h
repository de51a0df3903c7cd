/* wb-db-private.h: what a storage driver implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-db.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  /* Run once per pooled connection, right after connecting. */
  gpointer    (*connect)        (const char *location, GError **error);
  void        (*disconnect)     (gpointer handle);
  gboolean    (*exec)           (gpointer handle, const char *sql, GError **error);
  gpointer    (*prepare)        (gpointer handle, const char *sql, GError **error);
  void        (*finalize)       (gpointer stmt);
  void        (*reset)          (gpointer stmt);
  void        (*bind_text)      (gpointer stmt, guint index, const char *value);
  void        (*bind_int)       (gpointer stmt, guint index, gint64 value);
  void        (*bind_null)      (gpointer stmt, guint index);
  int         (*step)           (gpointer stmt, GError **error);   /* 1 row, 0 done, -1 error */
  const char *(*col_text)       (gpointer stmt, guint col);
  gint64      (*col_int)        (gpointer stmt, guint col);
  gboolean    (*col_is_null)    (gpointer stmt, guint col);
  gint64      (*last_insert_id) (gpointer handle);
  gint64      (*changes)        (gpointer handle);
  gboolean    (*in_transaction) (gpointer handle);
  const char *begin_write_sql;
} WbDbDriver;

extern const WbDbDriver wb_db_sqlite_driver;

G_END_DECLS
