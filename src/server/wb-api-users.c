/* wb-api-users.c: accounts and roles, and the audit trail's reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-auth.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-scope.h"

#define MIN_PASSWORD_LEN 12

static void
add_user (JsonBuilder  *b,
          const WbUser *user)
{
  json_builder_begin_object (b);
  wb_json_add_int (b, "id", user->id);
  wb_json_add_string (b, "username", user->username);
  wb_json_add_string (b, "display_name", user->display_name);
  wb_json_add_string (b, "unit_code", user->unit_code);
  json_builder_set_member_name (b, "roles");
  json_builder_begin_array (b);
  for (guint i = 0; i < WB_N_ROLES; i++)
    if (user->roles & wb_role_nth (i))
      json_builder_add_string_value (b, wb_role_to_string (wb_role_nth (i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
respond_user (WbResponse   *res,
              guint         status,
              const WbUser *user)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  add_user (b, user);
  wb_response_builder (res, status, b);
}

gboolean
wb_api_users_list (WbRequest   *req,
                   WbResponse  *res,
                   GError     **error)
{
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *role_text = wb_request_query (req, "role");
  WbRole role = 0;

  if (role_text != NULL && !wb_role_from_string (role_text, &role))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "Unknown role");
      return FALSE;
    }

  if (req->user->roles & WB_ROLE_SYSADMIN)
    units = wb_scope_units_below (req);
  else if (req->user->roles & WB_ROLE_HANDLER)
    {
      /* A handler needs colleagues' names to hand a case over, nothing more. */
      units = g_ptr_array_new ();
      g_ptr_array_add (units, req->user->unit_code);
      role = WB_ROLE_HANDLER;
    }
  else
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "Only system administrators and handlers may list users");
      return FALSE;
    }

  if (!wb_store_users_in_units (req->conn, units, role, &users, error))
    return FALSE;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < users->len; i++)
    add_user (b, users->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  return TRUE;
}

static gboolean
parse_role_array (JsonObject  *body,
                  WbRoles     *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (body, "roles");
  JsonArray *array;
  WbRoles roles = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "roles must be a list of role names");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      WbRole role;

      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING ||
          !wb_role_from_string (json_node_get_string (el), &role))
        {
          g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "roles holds an unknown role");
          return FALSE;
        }
      roles |= role;
    }
  if (!wb_roles_validate (roles, error))
    return FALSE;
  *out = roles;
  return TRUE;
}

static gboolean
username_ok (const char *name)
{
  if (name == NULL || strlen (name) < 3 || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
wb_api_users_create (WbRequest   *req,
                     WbResponse  *res,
                     GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WbUser) existing = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  const char *username, *display_name, *unit_code, *password;
  WbRoles roles;
  WbUser created = { 0 };

  if (!wb_scope_require_role (req, WB_ROLE_SYSADMIN, error))
    return FALSE;
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;

  username = wb_json_string (body, "username");
  display_name = wb_json_string (body, "display_name");
  unit_code = wb_json_string (body, "unit_code");
  password = wb_json_string (body, "password");

  if (!username_ok (username))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "username takes 3 to 64 letters, digits, '.', '_' or '-'");
      return FALSE;
    }
  if (wb_text_is_blank (display_name) || g_utf8_strlen (display_name, -1) > 64)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "display_name is required");
      return FALSE;
    }
  if (unit_code == NULL || wb_units_get (req->server->units, unit_code) == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "Unknown unit");
      return FALSE;
    }
  if (!wb_units_within (req->server->units, unit_code, req->user->unit_code))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "That unit is outside your administration");
      return FALSE;
    }
  if (password == NULL || g_utf8_strlen (password, -1) < MIN_PASSWORD_LEN || strlen (password) > 1024 ||
      g_str_equal (password, WB_DEMO_PASSWORD))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "The password needs at least %d characters and may not be the demo password",
                   MIN_PASSWORD_LEN);
      return FALSE;
    }
  if (!parse_role_array (body, &roles, error))
    return FALSE;

  if (!wb_store_user_by_name (req->conn, username, &existing, error))
    return FALSE;
  if (existing != NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE, "That username is taken");
      return FALSE;
    }

  if (!(hash = wb_auth_hash_password (password, error)))
    return FALSE;
  now = wb_request_now_iso (req);

  created.username = (char *) username;
  created.display_name = (char *) display_name;
  created.unit_code = (char *) unit_code;
  created.roles = roles;

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    g_autofree char *role_text = wb_roles_to_string (roles);
    g_autofree char *object = g_strdup_printf ("user:%s", username);
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "create_user",
      .object = object, .result = "ok", .reason = role_text, .request_id = req->request_id,
    };

    if (!wb_store_user_insert (req->conn, username, display_name, unit_code, roles, hash,
                               FALSE, now, &created.id, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  respond_user (res, 201, &created);
  return TRUE;
}

gboolean
wb_api_users_set_roles (WbRequest   *req,
                        WbResponse  *res,
                        GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WbUser) target = NULL;
  g_autofree char *now = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *object = NULL;
  WbRoles roles;
  gint64 id;

  if (!wb_scope_require_role (req, WB_ROLE_SYSADMIN, error))
    return FALSE;
  if (!wb_request_param_id (req, "id", &id, error))
    return FALSE;
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  if (!wb_store_user_get (req->conn, id, &target, error))
    return FALSE;
  if (target == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such user");
      return FALSE;
    }
  if (!wb_units_within (req->server->units, target->unit_code, req->user->unit_code))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "That user is outside your administration");
      return FALSE;
    }
  if (!parse_role_array (body, &roles, error))
    return FALSE;

  now = wb_request_now_iso (req);
  role_text = wb_roles_to_string (roles);
  object = g_strdup_printf ("user:%s", target->username);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "set_roles",
      .object = object, .result = "ok", .reason = role_text, .request_id = req->request_id,
    };

    if (!wb_store_user_set_roles (req->conn, id, roles, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  target->roles = roles;
  respond_user (res, 200, target);
  return TRUE;
}

gboolean
wb_api_audit_list (WbRequest   *req,
                   WbResponse  *res,
                   GError     **error)
{
  JsonNode *items;
  const char *text;
  guint64 before = 0, limit = 100;

  /* GB/T 22239: the auditor reads the trail; nobody else does. */
  if (!wb_scope_require_role (req, WB_ROLE_AUDITOR, error))
    return FALSE;
  if ((text = wb_request_query (req, "before")) != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &before, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "before must be an audit record id");
      return FALSE;
    }
  if ((text = wb_request_query (req, "limit")) != NULL &&
      !g_ascii_string_to_unsigned (text, 10, 1, 500, &limit, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "limit takes a number from 1 to 500");
      return FALSE;
    }

  if (!(items = wb_store_audit_json (req->conn, before, limit, error)))
    return FALSE;
  wb_response_items (res, items);
  return TRUE;
}
