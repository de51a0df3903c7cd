/* wb-store-private.h: helpers shared by the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-error.h"
#include "wb-store.h"

G_BEGIN_DECLS

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

G_END_DECLS
