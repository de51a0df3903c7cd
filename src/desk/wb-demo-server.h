/* wb-demo-server.h: the embedded demo server behind `wangban-desk --demo`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starts `wangban-server --demo` on a free loopback port with its own data
 * directory under the user's data dir, and finishes once it listens. */
void         wb_demo_server_start_async  (GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GSubprocess *wb_demo_server_start_finish (GAsyncResult        *result,
                                          char               **base_url,
                                          GError             **error);
/* Asks the server to finish its requests and exit, and waits briefly. */
void         wb_demo_server_stop         (GSubprocess         *process);

G_END_DECLS
