/* wb-routes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "wb-api.h"
#include "wb-routes.h"

static const WbRoute routes[] = {
  { "GET",    "/api/v1/health",                                 WB_AUTH_NONE,    FALSE, wb_api_health },
  { "POST",   "/api/v1/sessions",                               WB_AUTH_NONE,    FALSE, wb_api_sessions_create },
  { "DELETE", "/api/v1/sessions/current",                       WB_AUTH_USER,    FALSE, wb_api_sessions_delete },
  { "GET",    "/api/v1/me",                                     WB_AUTH_USER,    FALSE, wb_api_me },
  { "GET",    "/api/v1/cases",                                  WB_AUTH_USER,    FALSE, wb_api_cases_list },
  { "GET",    "/api/v1/cases/{id}",                             WB_AUTH_USER,    FALSE, wb_api_cases_get },
  { "POST",   "/api/v1/cases/{id}/actions/{action}",            WB_AUTH_USER,    FALSE, wb_api_cases_action },
  { "GET",    "/api/v1/cases/{id}/history",                     WB_AUTH_USER,    FALSE, wb_api_cases_history },
  { "GET",    "/api/v1/cases/{id}/callbacks",                   WB_AUTH_USER,    FALSE, wb_api_cases_callbacks },
  { "POST",   "/api/v1/cases/{id}/reveal",                      WB_AUTH_USER,    FALSE, wb_api_cases_reveal },
  { "POST",   "/api/v1/cases/{id}/rating",                      WB_AUTH_USER,    FALSE, wb_api_cases_rating },
  { "GET",    "/api/v1/callbacks",                              WB_AUTH_USER,    FALSE, wb_api_callbacks_list },
  { "GET",    "/api/v1/callbacks/{id}",                         WB_AUTH_USER,    FALSE, wb_api_callbacks_get },
  { "POST",   "/api/v1/callbacks/{id}/attempts",                WB_AUTH_USER,    FALSE, wb_api_callbacks_attempt },
  { "POST",   "/api/v1/callbacks/{id}/reveal-phone",            WB_AUTH_USER,    FALSE, wb_api_callbacks_reveal_phone },
  { "GET",    "/api/v1/callback-rules",                         WB_AUTH_USER,    FALSE, wb_api_callback_rules_list },
  { "PUT",    "/api/v1/callback-rules/{purpose}",               WB_AUTH_USER,    FALSE, wb_api_callback_rules_set },
  { "GET",    "/api/v1/rectifications",                         WB_AUTH_USER,    FALSE, wb_api_rectifications_list },
  { "GET",    "/api/v1/cases/{id}/materials",                   WB_AUTH_USER,    FALSE, wb_api_materials_list },
  { "POST",   "/api/v1/cases/{id}/materials",                   WB_AUTH_USER,    TRUE,  wb_api_materials_upload },
  { "GET",    "/api/v1/cases/{id}/materials/{material}/content", WB_AUTH_USER,   FALSE, wb_api_materials_content },
  { "PUT",    "/api/v1/cases/{id}/materials/{material}/review", WB_AUTH_USER,    FALSE, wb_api_materials_review },
  { "PUT",    "/api/v1/cases/{id}/materials/{material}/rotation", WB_AUTH_USER,  FALSE, wb_api_materials_rotation },
  { "POST",   "/api/v1/cases/{id}/notice-preview",              WB_AUTH_USER,    FALSE, wb_api_cases_notice_preview },
  { "GET",    "/api/v1/notices/{code}",                         WB_AUTH_NONE,    FALSE, wb_api_notices_get },
  { "GET",    "/api/v1/filters",                                WB_AUTH_USER,    FALSE, wb_api_filters_list },
  { "POST",   "/api/v1/filters",                                WB_AUTH_USER,    FALSE, wb_api_filters_create },
  { "DELETE", "/api/v1/filters/{id}",                           WB_AUTH_USER,    FALSE, wb_api_filters_delete },
  { "GET",    "/api/v1/message-templates",                      WB_AUTH_USER,    FALSE, wb_api_message_templates_list },
  { "PUT",    "/api/v1/message-templates/{action}/{channel}",   WB_AUTH_USER,    FALSE, wb_api_message_templates_set },
  { "GET",    "/api/v1/changes",                                WB_AUTH_USER,    FALSE, wb_api_changes },
  { "GET",    "/api/v1/calendar/deadline",                      WB_AUTH_USER,    FALSE, wb_api_calendar_deadline },
  { "GET",    "/api/v1/calendar/{year}",                        WB_AUTH_USER,    FALSE, wb_api_calendar_get },
  { "PUT",    "/api/v1/calendar/{year}",                        WB_AUTH_USER,    FALSE, wb_api_calendar_put },
  { "GET",    "/api/v1/items",                                  WB_AUTH_USER,    FALSE, wb_api_items_list },
  { "GET",    "/api/v1/items/{code}",                           WB_AUTH_USER,    FALSE, wb_api_items_get },
  { "GET",    "/api/v1/units",                                  WB_AUTH_USER,    FALSE, wb_api_units_list },
  { "PUT",    "/api/v1/units/{code}/pickup-capacity/{date}",    WB_AUTH_USER,    FALSE, wb_api_pickup_capacity_put },
  { "GET",    "/api/v1/units/{code}/pickup-slots",              WB_AUTH_USER,    FALSE, wb_api_pickup_slots_list },
  { "GET",    "/api/v1/certificates/uncollected",               WB_AUTH_USER,    FALSE, wb_api_certificates_uncollected },
  { "GET",    "/api/v1/users",                                  WB_AUTH_USER,    FALSE, wb_api_users_list },
  { "POST",   "/api/v1/users",                                  WB_AUTH_USER,    FALSE, wb_api_users_create },
  { "PUT",    "/api/v1/users/{id}/roles",                       WB_AUTH_USER,    FALSE, wb_api_users_set_roles },
  { "GET",    "/api/v1/audit",                                  WB_AUTH_USER,    FALSE, wb_api_audit_list },
  { "POST",   "/api/v1/intake/applications",                    WB_AUTH_SERVICE, TRUE,  wb_api_intake_create },
  { "POST",   "/api/v1/intake/{upstream_id}/supplement",        WB_AUTH_SERVICE, TRUE,  wb_api_intake_supplement },
};

/* A segment may hold letters, digits, '-', '_' and '.', never "." or "..";
 * anything else cannot name one of our resources. */
static gboolean
segment_ok (const char *seg)
{
  if (*seg == '\0' || g_str_equal (seg, ".") || g_str_equal (seg, ".."))
    return FALSE;
  for (const char *p = seg; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
pattern_matches (const char  *pattern,
                 char       **parts,
                 GHashTable  *params)
{
  g_auto(GStrv) pat = g_strsplit (pattern, "/", -1);
  guint i;

  for (i = 0; pat[i] != NULL && parts[i] != NULL; i++)
    {
      if (pat[i][0] == '{')
        {
          if (!segment_ok (parts[i]))
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params,
                                 g_strndup (pat[i] + 1, strlen (pat[i]) - 2),
                                 g_strdup (parts[i]));
        }
      else if (!g_str_equal (pat[i], parts[i]))
        return FALSE;
    }

  return pat[i] == NULL && parts[i] == NULL;
}

const WbRoute *
wb_routes_match (const char  *method,
                 const char  *path,
                 GHashTable **params,
                 gboolean    *path_known)
{
  g_auto(GStrv) parts = NULL;
  gsize len = strlen (path);

  *path_known = FALSE;
  *params = NULL;

  /* One trailing slash is forgiven; empty segments elsewhere are not. */
  if (len > 1 && path[len - 1] == '/')
    {
      g_autofree char *trimmed = g_strndup (path, len - 1);
      parts = g_strsplit (trimmed, "/", -1);
    }
  else
    parts = g_strsplit (path, "/", -1);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      GHashTable *p;

      if (!pattern_matches (routes[i].pattern, parts, NULL))
        continue;
      *path_known = TRUE;
      if (!g_str_equal (routes[i].method, method))
        continue;

      p = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      pattern_matches (routes[i].pattern, parts, p);
      *params = p;
      return &routes[i];
    }

  return NULL;
}

void
wb_routes_print (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    printf ("%s %s\n", routes[i].method, routes[i].pattern);
}
