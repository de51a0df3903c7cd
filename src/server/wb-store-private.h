/* wb-store-private.h: helpers shared by the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-error.h"
#include "wb-store.h"

G_BEGIN_DECLS

/* Ends a wb_db_step() loop: hands on the error that stopped it, if one
 * did, and says whether the rows were read to the end. */
gboolean  wb_store_finish     (GError      *local_error,
                               GError     **error);
/* Steps a statement that returns no rows. */
gboolean  wb_store_run        (WbDbStmt    *stmt,
                               GError     **error);
/* Turns every row into a JSON object. names[i] names column i; kinds[i]
 * is 's' text, 'i' integer, 'b' boolean, 'j' JSON text kept as JSON. */
JsonNode *wb_store_rows_json  (WbDbStmt    *stmt,
                               const char * const *names,
                               const char  *kinds,
                               GError     **error);
char     *wb_store_dup_col    (WbDbStmt    *stmt,
                               guint        col);

/* The parameters of a statement built at run time. Every value a caller
 * sends, numbers included, goes in as a parameter: the connection keeps
 * one prepared statement per distinct SQL text for its whole life, so a
 * number written into the text (an offset, a cursor's id) would add a
 * statement for every value anyone ever sent. */
typedef struct _WbSqlParams WbSqlParams;

WbSqlParams *wb_sql_params_new   (void);
void         wb_sql_params_free  (WbSqlParams *params);
/* Each returns the parameter's number, for "$N" in the text. Text is
 * borrowed and must outlive the binding. */
guint        wb_sql_param_text   (WbSqlParams *params,
                                  const char  *text);
guint        wb_sql_param_int    (WbSqlParams *params,
                                  gint64       value);
void         wb_sql_params_bind  (WbSqlParams *params,
                                  WbDbStmt    *stmt);
/* Appends " AND @column IN ($a, $b, …)", a parameter per value of
 * @values (borrowed texts). No values is no rows: "IN (NULL)", since SQL
 * refuses "IN ()". */
void         wb_sql_params_in    (WbSqlParams *params,
                                  GString     *sql,
                                  const char  *column,
                                  GPtrArray   *values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbSqlParams, wb_sql_params_free)

G_END_DECLS
