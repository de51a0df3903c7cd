/* wb-rating-form.h: the applicant's rating (好差评) given at the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-decision-form.h"

G_BEGIN_DECLS

#define WB_TYPE_RATING_FORM (wb_rating_form_get_type ())
G_DECLARE_FINAL_TYPE (WbRatingForm, wb_rating_form, WB, RATING_FORM, AdwBin)

GtkWidget *wb_rating_form_new       (void);
/* 1 (非常不满意) to 5 (非常满意); 0 until one is chosen. */
int        wb_rating_form_get_level (WbRatingForm *self);
/* Fills @box with the five levels as one radio group, the best first and
 * none chosen. Each button is named "level-N" and keeps N as "wb-level";
 * @on_toggled goes to its "toggled". The call dialog asks the same
 * question on the phone. */
void       wb_rating_form_add_levels (GtkBox    *box,
                                      GCallback  on_toggled,
                                      gpointer   user_data);

G_END_DECLS
