/* wb-scope.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-error.h"
#include "wb-scope.h"

GPtrArray *
wb_scope_units_below (WbRequest *req)
{
  GPtrArray *all = wb_units_all (req->server->units);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      const WbUnit *unit = all->pdata[i];
      if (wb_units_within (req->server->units, unit->code, req->user->unit_code))
        g_ptr_array_add (out, unit->code);
    }
  return out;
}

gboolean
wb_scope_case_units (WbRequest  *req,
                     GPtrArray **out,
                     GError    **error)
{
  WbRoles roles = req->user->roles;
  const WbUnit *own = wb_units_get (req->server->units, req->user->unit_code);

  *out = NULL;

  /* Supervisors (viewer, statistician) see their own unit and, from a
   * city or the province, the units below it (6.2.1, 6.2.2). */
  if (roles & (WB_ROLE_VIEWER | WB_ROLE_STATISTICIAN))
    {
      if (own != NULL && own->level == 1)
        return TRUE;
      *out = wb_scope_units_below (req);
      return TRUE;
    }

  /* Handlers and complaint handlers work their own unit's cases. */
  if (roles & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT))
    {
      *out = g_ptr_array_new ();
      g_ptr_array_add (*out, req->user->unit_code);
      return TRUE;
    }

  g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                       "Your roles do not include reading cases");
  return FALSE;
}

gboolean
wb_scope_can_read_case (WbRequest  *req,
                        const char *unit_code)
{
  WbRoles roles = req->user->roles;

  if (roles & (WB_ROLE_VIEWER | WB_ROLE_STATISTICIAN))
    return wb_units_within (req->server->units, unit_code, req->user->unit_code);
  if (roles & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT))
    return g_strcmp0 (unit_code, req->user->unit_code) == 0;
  return FALSE;
}

gboolean
wb_scope_load_case (WbRequest  *req,
                    WbCase    **out,
                    GError    **error)
{
  g_autoptr(WbCase) c = NULL;
  gint64 id;

  if (!wb_request_param_id (req, "id", &id, error))
    return FALSE;
  if (!wb_store_case_get (req->conn, id, &c, error))
    return FALSE;
  if (c == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such case");
      return FALSE;
    }
  if (!wb_scope_can_read_case (req, c->unit_code))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "This case is outside your unit's scope");
      return FALSE;
    }
  *out = g_steal_pointer (&c);
  return TRUE;
}

gboolean
wb_scope_require_role (WbRequest  *req,
                       WbRoles     any_of,
                       GError    **error)
{
  if (req->user->roles & any_of)
    return TRUE;
  {
    g_autofree char *names = wb_roles_to_string (any_of);
    g_set_error (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                 "This needs one of the roles: %s", names);
  }
  return FALSE;
}
