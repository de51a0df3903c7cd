/* wb-secret.h: the session token in the Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     wb_secret_store_async   (const char          *server,
                                  const char          *username,
                                  const char          *token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean wb_secret_store_finish  (GAsyncResult        *result,
                                  GError             **error);
/* Finishes with the stored token (NULL when none) and its username. */
void     wb_secret_lookup_async  (const char          *server,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
char    *wb_secret_lookup_finish (GAsyncResult        *result,
                                  char               **username,
                                  GError             **error);
void     wb_secret_clear_async   (const char          *server,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean wb_secret_clear_finish  (GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
