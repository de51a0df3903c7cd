/* wb-approve-form.h: 准予 and 办结: the result the applicant is told
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_APPROVE_FORM (wb_approve_form_get_type ())
G_DECLARE_FINAL_TYPE (WbApproveForm, wb_approve_form, WB, APPROVE_FORM, AdwBin)

GtkWidget *wb_approve_form_new (void);

G_END_DECLS
