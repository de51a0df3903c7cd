/* wb-supplement-form.h: 一次性告知: everything the applicant must bring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"
#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_SUPPLEMENT_FORM (wb_supplement_form_get_type ())
G_DECLARE_FINAL_TYPE (WbSupplementForm, wb_supplement_form, WB, SUPPLEMENT_FORM, AdwBin)

/* @kase: the case as loaded (its supplement_count); @required: the item's
 * materials list; @received: the case's materials with their review
 * marks. Any of the arrays may be NULL while not yet loaded. */
GtkWidget *wb_supplement_form_new (WbContext  *context,
                                   JsonObject *kase,
                                   JsonArray  *required,
                                   JsonArray  *received);

G_END_DECLS
