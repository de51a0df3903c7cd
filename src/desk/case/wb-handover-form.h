/* wb-handover-form.h: who collected the certificate at the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_HANDOVER_FORM (wb_handover_form_get_type ())
G_DECLARE_FINAL_TYPE (WbHandoverForm, wb_handover_form, WB, HANDOVER_FORM, AdwBin)

GtkWidget *wb_handover_form_new (void);

G_END_DECLS
