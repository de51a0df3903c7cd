/* wb-api-delivery.h: the delivery steps of an action, for apply_effects()
 *
 * Each runs inside the action's write transaction and records what the
 * history row shows in @detail, with personal data masked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-store.h"

G_BEGIN_DECLS

/* Books the slot named by body's slot_id for @c, freeing the slot it held:
 * 422 for an unknown, past or other unit's slot, 409 when it is full. */
gboolean wb_delivery_book_pickup (WbRequest   *req,
                                  WbCase      *c,
                                  JsonObject  *body,
                                  JsonObject  *detail,
                                  GError     **error);
/* Records who collected the certificate: 422 for an agent without a name
 * or with an ID number GB 11643 refuses. */
gboolean wb_delivery_hand_over   (WbRequest   *req,
                                  WbCase      *c,
                                  JsonObject  *body,
                                  const char  *now,
                                  JsonObject  *detail,
                                  GError     **error);

G_END_DECLS
