/* wb-case-view.h: one case in a tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_CASE_VIEW (wb_case_view_get_type ())
G_DECLARE_FINAL_TYPE (WbCaseView, wb_case_view, WB, CASE_VIEW, AdwBin)

GtkWidget  *wb_case_view_new          (WbContext  *context,
                                       gint64      case_id);
gint64      wb_case_view_get_case_id  (WbCaseView *self);
/* The case as last loaded, or NULL while loading. */
JsonObject *wb_case_view_get_case     (WbCaseView *self);
void        wb_case_view_reload       (WbCaseView *self);
/* What the view shows: an applicant field ("name", "id_number", "phone",
 * "address"), the notice above the case (NULL when none), and the button
 * for an action (NULL when the action is not offered). */
const char *wb_case_view_get_applicant_field (WbCaseView *self,
                                              const char *field);
const char *wb_case_view_get_notice          (WbCaseView *self);
GtkWidget  *wb_case_view_get_action_button   (WbCaseView *self,
                                              const char *action);
/* The material viewer beside the case, hidden until a material is opened
 * with the case.open-material action (its id as an int64). */
GtkWidget  *wb_case_view_get_pdf_view        (WbCaseView *self);
/* TRUE once the received materials have been listed. */
gboolean    wb_case_view_has_materials       (WbCaseView *self);
/* TRUE once the catalogue item (its materials list and refusal grounds)
 * has been loaded, which the decision dialogs need. */
gboolean    wb_case_view_has_item            (WbCaseView *self);
/* Records a verdict ("accepted" or "deficient", the latter with a reason)
 * on the material open in the viewer, as the viewer's buttons do. */
void        wb_case_view_review_material     (WbCaseView *self,
                                              const char *verdict,
                                              const char *reason);
/* The subtitle of a material's row in "Received Materials", which ends
 * with its verdict once reviewed; NULL when the row is not shown. */
const char *wb_case_view_get_material_subtitle (WbCaseView *self,
                                                gint64      material_id);

G_END_DECLS
