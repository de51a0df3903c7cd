/* wb-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>

#include "wb-auth.h"
#include "wb-error.h"
#include "wb-store.h"

/* Refresh last_seen at most this often: a write per request would turn
 * every read into a durable commit. Idle expiry is coarse by this much. */
#define TOUCH_INTERVAL_S 30

gboolean
wb_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INTERNAL, "libsodium failed to initialise");
      return FALSE;
    }
  return TRUE;
}

char *
wb_auth_hash_password (const char  *password,
                       GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INTERNAL, "Out of memory hashing a password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
wb_auth_verify_password (const char *hash,
                         const char *password)
{
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
wb_auth_new_token (void)
{
  guchar raw[32];
  char encoded[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (encoded, sizeof encoded, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (encoded);
}

char *
wb_auth_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static const char *
bearer_token (WbRequest  *req,
              const char *scheme)
{
  const char *value = wb_request_header (req, "Authorization");
  gsize n = strlen (scheme);

  if (value == NULL || g_ascii_strncasecmp (value, scheme, n) != 0 || value[n] != ' ')
    return NULL;
  value += n + 1;
  while (*value == ' ')
    value++;
  return *value ? value : NULL;
}

static gint64
seconds_between (const char *earlier_iso,
                 GDateTime  *later)
{
  g_autoptr(GDateTime) earlier = g_date_time_new_from_iso8601 (earlier_iso, NULL);

  if (earlier == NULL)
    return G_MAXINT64;
  return g_date_time_difference (later, earlier) / G_TIME_SPAN_SECOND;
}

gboolean
wb_auth_resolve_user (WbRequest  *req,
                      GError    **error)
{
  const char *token = bearer_token (req, "Bearer");
  g_autofree char *hash = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *last_seen = NULL;
  g_autoptr(WbUser) user = NULL;
  const WbServerConfig *config = &req->server->config;

  if (token == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAUTHORIZED, "Sign in first");
      return FALSE;
    }

  hash = wb_auth_hash_token (token);
  if (!wb_store_session_lookup (req->conn, hash, &user, &created_at, &last_seen, error))
    return FALSE;
  if (user == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAUTHORIZED,
                           "The session has ended; sign in again");
      return FALSE;
    }

  if (seconds_between (last_seen, req->now) > (gint64) config->idle_timeout_s ||
      seconds_between (created_at, req->now) > (gint64) config->absolute_timeout_s)
    {
      wb_store_session_delete (req->conn, hash, NULL);
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAUTHORIZED,
                           "The session has expired; sign in again");
      return FALSE;
    }

  if (seconds_between (last_seen, req->now) >= TOUCH_INTERVAL_S)
    {
      g_autofree char *now = wb_request_now_iso (req);
      if (!wb_store_session_touch (req->conn, hash, now, error))
        return FALSE;
    }

  req->user = g_steal_pointer (&user);
  req->session_hash = g_steal_pointer (&hash);
  return TRUE;
}

gboolean
wb_auth_resolve_service (WbRequest  *req,
                         GError    **error)
{
  const char *token = bearer_token (req, "Service");
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  if (token == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAUTHORIZED,
                           "A service credential is required");
      return FALSE;
    }
  hash = wb_auth_hash_token (token);
  if (!wb_store_service_lookup (req->conn, hash, &name, error))
    return FALSE;
  if (name == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNAUTHORIZED,
                           "Unknown service credential");
      return FALSE;
    }
  req->service = g_strdup_printf ("service:%s", name);
  return TRUE;
}

char *
wb_auth_create_service (WbDbConn    *conn,
                        const char  *name,
                        const char  *now,
                        GError     **error)
{
  g_autofree char *token = wb_auth_new_token ();
  g_autofree char *hash = wb_auth_hash_token (token);

  if (!wb_store_service_create (conn, name, hash, now, error))
    return NULL;
  return g_steal_pointer (&token);
}
