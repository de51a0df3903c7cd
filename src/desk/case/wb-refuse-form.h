/* wb-refuse-form.h: 不予受理 / 不予许可: legal basis, reasons, remedy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_REFUSE_FORM (wb_refuse_form_get_type ())
G_DECLARE_FINAL_TYPE (WbRefuseForm, wb_refuse_form, WB, REFUSE_FORM, AdwBin)

/* @item: the catalogue item (its refusal_grounds, else its legal_basis,
 * are offered as the basis); may be NULL. @accepted: the application was
 * already accepted, so this refuses the permit rather than the application. */
GtkWidget *wb_refuse_form_new (JsonObject *item,
                               gboolean    accepted);

G_END_DECLS
