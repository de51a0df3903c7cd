/* wb-webhook.h: delivers the outbox to a configured webhook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-server.h"

G_BEGIN_DECLS

typedef struct _WbWebhook WbWebhook;

/* Starts the delivery thread. Without a configured URL there is nothing
 * to start: returns NULL and leaves error unset, and messages wait in
 * the outbox until a server with a URL runs. */
WbWebhook *wb_webhook_start (WbServer   *server,
                             GError    **error);
/* Cancels a delivery in flight (it stays pending, to be sent again with
 * the same message id) and joins the thread. */
void       wb_webhook_stop  (WbWebhook  *self);

G_END_DECLS
