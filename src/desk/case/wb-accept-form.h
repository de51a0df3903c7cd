/* wb-accept-form.h: 受理: what accepting an application issues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_ACCEPT_FORM (wb_accept_form_get_type ())
G_DECLARE_FINAL_TYPE (WbAcceptForm, wb_accept_form, WB, ACCEPT_FORM, AdwBin)

/* @deadline: the date the decision is due, as the case states it */
GtkWidget *wb_accept_form_new (const char *deadline);

G_END_DECLS
