/* wb-api-sessions.c: health, sign-in, sign-out and the current user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-auth.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-store.h"

/* Verifying against this when the username is unknown makes a wrong
 * username cost as long as a wrong password, so timing reveals nothing. */
static char *dummy_hash;

gboolean
wb_api_health (WbRequest   *req,
               WbResponse  *res,
               GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  wb_json_add_string (b, "status", "ok");
  wb_json_add_string (b, "version", PACKAGE_VERSION);
  wb_json_add_bool (b, "demo", req->server->config.demo);
  json_builder_end_object (b);
  wb_response_builder (res, 200, b);
  return TRUE;
}

static void
add_me (JsonBuilder *b,
        WbRequest   *req,
        WbUser      *user)
{
  const WbUnit *unit = wb_units_get (req->server->units, user->unit_code);

  json_builder_begin_object (b);
  wb_json_add_int (b, "id", user->id);
  wb_json_add_string (b, "username", user->username);
  wb_json_add_string (b, "display_name", user->display_name);
  json_builder_set_member_name (b, "unit");
  json_builder_begin_object (b);
  wb_json_add_string (b, "code", user->unit_code);
  wb_json_add_string (b, "name", unit ? unit->name : NULL);
  wb_json_add_int (b, "level", unit ? unit->level : 0);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "roles");
  json_builder_begin_array (b);
  for (guint i = 0; i < WB_N_ROLES; i++)
    if (user->roles & wb_role_nth (i))
      json_builder_add_string_value (b, wb_role_to_string (wb_role_nth (i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "role_labels");
  json_builder_begin_array (b);
  for (guint i = 0; i < WB_N_ROLES; i++)
    if (user->roles & wb_role_nth (i))
      json_builder_add_string_value (b, wb_role_label_zh (wb_role_nth (i)));
  json_builder_end_array (b);
  wb_json_add_int (b, "idle_timeout_s", req->server->config.idle_timeout_s);
  wb_json_add_bool (b, "demo", req->server->config.demo);
  json_builder_end_object (b);
}

static gboolean
sign_in_failed (WbRequest   *req,
                WbUser      *user,
                const char  *username,
                GError     **error)
{
  g_autofree char *now = wb_request_now_iso (req);
  g_autoptr(GDateTime) window = g_date_time_add_seconds (req->now, -WB_LOCKOUT_WINDOW_S);
  g_autofree char *window_start = wb_time_to_iso (window);
  gint64 failures = 0;
  gboolean locked = FALSE;
  WbAuditRecord record = {
    .actor = username,
    .peer = req->peer,
    .action = "sign_in",
    .object = "session",
    .result = "failed",
    .reason = "wrong username or password",
    .request_id = req->request_id,
  };

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  if (user != NULL)
    {
      if (!wb_store_login_failed (req->conn, user->id, now, window_start, &failures, error))
        goto fail;
      if (failures >= WB_LOCKOUT_FAILURES)
        {
          g_autoptr(GDateTime) until_dt = g_date_time_add_seconds (req->now, WB_LOCKOUT_DURATION_S);
          g_autofree char *until = wb_time_to_iso (until_dt);

          if (!wb_store_user_lock (req->conn, user->id, until, error))
            goto fail;
          record.reason = "wrong password; account locked";
          locked = TRUE;
        }
    }
  if (!wb_audit_append (req->conn, now, &record, error) ||
      !wb_db_commit (req->conn, error))
    goto fail;

  if (locked)
    g_set_error (error, WB_ERROR, WB_ERROR_LOCKED,
                 "Too many wrong passwords: the account is locked for %d minutes",
                 WB_LOCKOUT_DURATION_S / 60);
  else
    g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAUTHORIZED,
                         "Wrong username or password");
  return FALSE;

fail:
  wb_db_rollback (req->conn);
  return FALSE;
}

gboolean
wb_api_sessions_create (WbRequest   *req,
                        WbResponse  *res,
                        GError     **error)
{
  g_autoptr(JsonObject) body = wb_request_json_object (req, error);
  g_autoptr(WbUser) user = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *locked_until = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *now = NULL;
  g_autofree char *expires = NULL;
  g_autoptr(GDateTime) expires_dt = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *username, *password;
  gboolean disabled = FALSE;
  gboolean password_ok;

  if (body == NULL)
    return FALSE;
  username = wb_json_string (body, "username");
  password = wb_json_string (body, "password");
  if (username == NULL || password == NULL || !*username || !*password ||
      strlen (username) > 64 || strlen (password) > 1024)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Give a username and a password");
      return FALSE;
    }

  if (!wb_store_user_for_login (req->conn, username, &user, &hash, &locked_until, &disabled, error))
    return FALSE;

  if (user != NULL && locked_until != NULL)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (locked_until, NULL);

      if (until != NULL && g_date_time_compare (until, req->now) > 0)
        {
          gint64 seconds = g_date_time_difference (until, req->now) / G_TIME_SPAN_SECOND;
          char retry[32];

          g_snprintf (retry, sizeof retry, "%" G_GINT64_FORMAT, seconds);
          wb_response_header (res, "Retry-After", retry);
          wb_audit_request (req, "sign_in", "session", "denied", "account locked");
          g_set_error (error, WB_ERROR, WB_ERROR_LOCKED,
                       "The account is locked; try again in %" G_GINT64_FORMAT " minutes",
                       (seconds + 59) / 60);
          return FALSE;
        }
    }

  if (g_once_init_enter (&dummy_hash))
    g_once_init_leave (&dummy_hash, wb_auth_hash_password ("not a real password", NULL));

  password_ok = wb_auth_verify_password (user ? hash : dummy_hash, password);
  /* The demo password opens demo accounts only while demo mode is on. */
  if (password_ok && g_str_equal (password, WB_DEMO_PASSWORD) && !req->server->config.demo)
    password_ok = FALSE;

  if (user == NULL || disabled || !password_ok)
    {
      if (!sign_in_failed (req, disabled ? NULL : user, username, error) &&
          g_error_matches (*error, WB_ERROR, WB_ERROR_LOCKED))
        {
          char retry[32];
          g_snprintf (retry, sizeof retry, "%d", WB_LOCKOUT_DURATION_S);
          wb_response_header (res, "Retry-After", retry);
        }
      return FALSE;
    }

  token = wb_auth_new_token ();
  token_hash = wb_auth_hash_token (token);
  now = wb_request_now_iso (req);
  expires_dt = g_date_time_add_seconds (req->now, req->server->config.absolute_timeout_s);
  expires = wb_time_to_iso (expires_dt);

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = user->username, .peer = req->peer, .action = "sign_in",
      .object = "session", .result = "ok", .request_id = req->request_id,
    };

    if (!wb_store_login_succeeded (req->conn, user->id, error) ||
        !wb_store_session_create (req->conn, token_hash, user->id, now, req->peer, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  req->user = g_steal_pointer (&user);
  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_string (b, "token", token);
  wb_json_add_int (b, "idle_timeout_s", req->server->config.idle_timeout_s);
  wb_json_add_string (b, "expires_at", expires);
  json_builder_set_member_name (b, "user");
  add_me (b, req, req->user);
  json_builder_end_object (b);
  wb_response_builder (res, 201, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}

gboolean
wb_api_sessions_delete (WbRequest   *req,
                        WbResponse  *res,
                        GError     **error)
{
  if (!wb_store_session_delete (req->conn, req->session_hash, error))
    return FALSE;
  wb_audit_request (req, "sign_out", "session", "ok", NULL);
  wb_response_bytes (res, 204, NULL, NULL);
  return TRUE;
}

gboolean
wb_api_me (WbRequest   *req,
           WbResponse  *res,
           GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  add_me (b, req, req->user);
  wb_response_builder (res, 200, b);
  return TRUE;
}
