/* wb-auth.h: passwords, tokens, sessions and service credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-request.h"

G_BEGIN_DECLS

/* Accepted only while the server runs with --demo. */
#define WB_DEMO_PASSWORD "Wangban-Demo-2026"

#define WB_LOCKOUT_FAILURES   5
#define WB_LOCKOUT_WINDOW_S   (15 * 60)
#define WB_LOCKOUT_DURATION_S (15 * 60)

gboolean wb_auth_init              (GError     **error);
char    *wb_auth_hash_password     (const char  *password,
                                    GError     **error);
gboolean wb_auth_verify_password   (const char  *hash,
                                    const char  *password);
/* 256 random bits, URL-safe base64. */
char    *wb_auth_new_token         (void);
char    *wb_auth_hash_token        (const char  *token);

gboolean wb_auth_resolve_user      (WbRequest   *req,
                                    GError     **error);
gboolean wb_auth_resolve_service   (WbRequest   *req,
                                    GError     **error);

/* Creates an upstream-platform credential and returns its token once. */
char    *wb_auth_create_service    (WbDbConn    *conn,
                                    const char  *name,
                                    const char  *now,
                                    GError     **error);

G_END_DECLS
