/* wb-idempotency.c: the first answer to a write, replayed to its retries
 *
 * A client whose answer was lost on the way sends the write again with
 * the same Idempotency-Key. The key keeps the request's fingerprint and
 * the answer, so the retry gets that answer instead of writing twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-idempotency.h"
#include "wb-error.h"
#include "wb-store.h"

#include <string.h>

char *
wb_idempotency_fingerprint (WbRequest  *req,
                            const char *action)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 0;
  const guchar *data = req->body ? g_bytes_get_data (req->body, &len) : NULL;

  g_checksum_update (sum, (const guchar *) req->path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  if (action != NULL)
    {
      g_checksum_update (sum, (const guchar *) action, -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  if (data != NULL)
    g_checksum_update (sum, data, len);
  return g_strdup (g_checksum_get_string (sum));
}

static char *
user_key (WbRequest *req)
{
  return g_strdup_printf ("user:%" G_GINT64_FORMAT, req->user->id);
}

gboolean
wb_idempotency_replay (WbRequest   *req,
                       WbResponse  *res,
                       const char  *key,
                       const char  *fingerprint,
                       gboolean    *replayed,
                       GError     **error)
{
  g_autofree char *owner = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  guint status = 0;

  *replayed = FALSE;
  if (key == NULL)
    return TRUE;
  owner = user_key (req);
  if (!wb_store_idem_get (req->conn, owner, key, &stored_hash, &status, &body, &etag, error))
    return FALSE;
  if (stored_hash == NULL)
    return TRUE;

  if (!g_str_equal (stored_hash, fingerprint))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                           "This Idempotency-Key was already used for a different request");
      return FALSE;
    }

  {
    gsize len = strlen (body);
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), len);

    wb_response_bytes (res, status, "application/json; charset=utf-8", bytes);
  }
  if (etag != NULL)
    wb_response_header (res, "ETag", etag);
  wb_response_header (res, "Idempotent-Replayed", "true");
  wb_response_header (res, "Cache-Control", "no-store");
  *replayed = TRUE;
  return TRUE;
}

gboolean
wb_idempotency_remember (WbRequest   *req,
                         WbResponse  *res,
                         const char  *key,
                         const char  *fingerprint,
                         const char  *etag,
                         const char  *now,
                         GError     **error)
{
  g_autofree char *owner = NULL;
  g_autofree char *text = NULL;

  if (key == NULL)
    return TRUE;
  owner = user_key (req);
  text = g_strndup (g_bytes_get_data (res->body, NULL), g_bytes_get_size (res->body));
  return wb_store_idem_put (req->conn, owner, key, fingerprint, res->status, text, etag, now, error);
}
