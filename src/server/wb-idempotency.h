/* wb-idempotency.h: the first answer to a write, replayed to its retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-request.h"

G_BEGIN_DECLS

#define WB_IDEMPOTENCY_KEY_MAX 128

/* What makes two requests the same one: the path, @action when the path
 * alone does not say it, and the body. */
char     *wb_idempotency_fingerprint (WbRequest   *req,
                                      const char  *action);
/* When the caller already used @key, answers as the first time and sets
 * @replayed; fails when the key came with another request. A NULL @key
 * replays nothing. Keys belong to the signed-in user. */
gboolean  wb_idempotency_replay      (WbRequest   *req,
                                      WbResponse  *res,
                                      const char  *key,
                                      const char  *fingerprint,
                                      gboolean    *replayed,
                                      GError     **error);
/* Keeps @res (and @etag, which may be NULL) for the retries of @key, in
 * the write's transaction. A NULL @key keeps nothing. */
gboolean  wb_idempotency_remember    (WbRequest   *req,
                                      WbResponse  *res,
                                      const char  *key,
                                      const char  *fingerprint,
                                      const char  *etag,
                                      const char  *now,
                                      GError     **error);

G_END_DECLS
