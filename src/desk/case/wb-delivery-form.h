/* wb-delivery-form.h: how the certificate reaches the applicant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_DELIVERY_FORM (wb_delivery_form_get_type ())
G_DECLARE_FINAL_TYPE (WbDeliveryForm, wb_delivery_form, WB, DELIVERY_FORM, AdwBin)

/* @options: the item's delivery_options ("mail", "window"), or NULL
 * when the item is not known: both are offered then. */
GtkWidget *wb_delivery_form_new (JsonArray *options);

G_END_DECLS
