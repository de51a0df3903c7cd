/* wb-extend-form.h: the one extension of a case's deadline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_EXTEND_FORM (wb_extend_form_get_type ())
G_DECLARE_FINAL_TYPE (WbExtendForm, wb_extend_form, WB, EXTEND_FORM, AdwBin)

/* @deadline: the date the case is due now, as the case states it */
GtkWidget *wb_extend_form_new (const char *deadline);

G_END_DECLS
