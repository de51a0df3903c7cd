/* wb-scope.h: who may see which cases (standard 6.3, 6.2.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-store.h"

G_BEGIN_DECLS

/* The units whose cases the caller may read: NULL in *out means all.
 * Fails with WB_ERROR_FORBIDDEN for roles that read no cases. */
gboolean wb_scope_case_units    (WbRequest   *req,
                                 GPtrArray  **out,
                                 GError     **error);
gboolean wb_scope_can_read_case (WbRequest   *req,
                                 const char  *unit_code);
/* Loads the case named by the {id} parameter if the caller may read it:
 * 404 when absent, 403 when out of scope. */
gboolean wb_scope_load_case     (WbRequest   *req,
                                 WbCase     **out,
                                 GError     **error);
/* Units at or below the caller's own unit, for administrators. */
GPtrArray *wb_scope_units_below (WbRequest   *req);
gboolean wb_scope_require_role  (WbRequest   *req,
                                 WbRoles      any_of,
                                 GError     **error);

G_END_DECLS
