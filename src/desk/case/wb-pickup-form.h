/* wb-pickup-form.h: a window pickup slot for the applicant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"
#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_PICKUP_FORM (wb_pickup_form_get_type ())
G_DECLARE_FINAL_TYPE (WbPickupForm, wb_pickup_form, WB, PICKUP_FORM, AdwBin)

/* Lists @unit_code's slots from today on; @current_slot is the slot the
 * case holds now (0 for none), which cannot be booked again. */
GtkWidget *wb_pickup_form_new    (WbContext    *context,
                                  const char   *unit_code,
                                  gint64        current_slot);
/* Reloads the slots from the server. */
void       wb_pickup_form_reload (WbPickupForm *self);
/* TRUE while the slots are loading. */
gboolean   wb_pickup_form_is_loading (WbPickupForm *self);
/* What the form says above the slots, e.g. that a slot was just filled;
 * NULL when nothing. */
const char *wb_pickup_form_get_status (WbPickupForm *self);

G_END_DECLS
