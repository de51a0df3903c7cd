/* wb-roles.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-roles.h"
#include "wb-error.h"

static const struct {
  WbRole role;
  const char *name;
  const char *label_zh;
} roles[WB_N_ROLES] = {
  { WB_ROLE_SYSADMIN,     "sysadmin",     "系统管理员" },
  { WB_ROLE_BIZADMIN,     "bizadmin",     "业务管理员" },
  { WB_ROLE_HANDLER,      "handler",      "事项办理员" },
  { WB_ROLE_VIEWER,       "viewer",       "办件查看员" },
  { WB_ROLE_STATISTICIAN, "statistician", "事项统计员" },
  { WB_ROLE_ANNOUNCER,    "announcer",    "公告管理员" },
  { WB_ROLE_COMPLAINT,    "complaint",    "投诉处理员" },
  { WB_ROLE_AUDITOR,      "auditor",      "审计管理员" },
};

/* Pairs that one person may never hold together. The first two are the
 * standard's own (6.3); the third follows GB/T 22239, which keeps the people
 * who administer a system apart from the people who audit it. */
static const struct {
  WbRole a;
  WbRole b;
  const char *why;
} forbidden_pairs[] = {
  { WB_ROLE_VIEWER, WB_ROLE_HANDLER,
    "a case viewer supervises handlers and may not handle cases" },
  { WB_ROLE_COMPLAINT, WB_ROLE_HANDLER,
    "a complaint handler answers complaints about handlers and may not handle cases" },
  { WB_ROLE_SYSADMIN, WB_ROLE_AUDITOR,
    "a system administrator may not audit their own administration" },
};

WbRole
wb_role_nth (guint index)
{
  g_return_val_if_fail (index < WB_N_ROLES, 0);
  return roles[index].role;
}

const char *
wb_role_to_string (WbRole role)
{
  for (guint i = 0; i < WB_N_ROLES; i++)
    if (roles[i].role == role)
      return roles[i].name;
  return NULL;
}

const char *
wb_role_label_zh (WbRole role)
{
  for (guint i = 0; i < WB_N_ROLES; i++)
    if (roles[i].role == role)
      return roles[i].label_zh;
  return NULL;
}

gboolean
wb_role_from_string (const char *name,
                     WbRole     *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < WB_N_ROLES; i++)
    if (g_str_equal (roles[i].name, name))
      {
        *out = roles[i].role;
        return TRUE;
      }
  return FALSE;
}

gboolean
wb_roles_parse (const char  *comma_list,
                WbRoles     *out,
                GError     **error)
{
  g_auto(GStrv) parts = NULL;
  WbRoles result = 0;

  if (comma_list == NULL || *comma_list == '\0')
    {
      *out = 0;
      return TRUE;
    }

  parts = g_strsplit (comma_list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      WbRole role;
      const char *name = g_strstrip (parts[i]);

      if (!wb_role_from_string (name, &role))
        {
          g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                       "Unknown role “%s”", name);
          return FALSE;
        }
      result |= role;
    }

  *out = result;
  return TRUE;
}

char *
wb_roles_to_string (WbRoles set)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < WB_N_ROLES; i++)
    if (set & roles[i].role)
      {
        if (str->len > 0)
          g_string_append_c (str, ',');
        g_string_append (str, roles[i].name);
      }

  return g_string_free (str, FALSE);
}

gboolean
wb_roles_validate (WbRoles   set,
                   GError  **error)
{
  if (set == 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "A user needs at least one role");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (forbidden_pairs); i++)
    if ((set & forbidden_pairs[i].a) && (set & forbidden_pairs[i].b))
      {
        g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                     "Roles %s and %s may not be combined: %s",
                     wb_role_to_string (forbidden_pairs[i].a),
                     wb_role_to_string (forbidden_pairs[i].b),
                     forbidden_pairs[i].why);
        return FALSE;
      }

  return TRUE;
}
