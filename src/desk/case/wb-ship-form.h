/* wb-ship-form.h: the courier and tracking number of a mailed certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_SHIP_FORM (wb_ship_form_get_type ())
G_DECLARE_FINAL_TYPE (WbShipForm, wb_ship_form, WB, SHIP_FORM, AdwBin)

GtkWidget *wb_ship_form_new (void);

G_END_DECLS
