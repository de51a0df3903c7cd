/* wb-capacity-view.h: a unit's window pickup slots, day by day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_CAPACITY_VIEW (wb_capacity_view_get_type ())
G_DECLARE_FINAL_TYPE (WbCapacityView, wb_capacity_view, WB, CAPACITY_VIEW, AdwBin)

/* For the signed-in user's unit. */
GtkWidget  *wb_capacity_view_new        (WbContext      *context);
/* Shows the slots of @date (YYYY-MM-DD), as the calendar does. */
void        wb_capacity_view_set_date   (WbCapacityView *self,
                                         const char     *date);
gboolean    wb_capacity_view_is_busy    (WbCapacityView *self);
/* Appends an editable slot after the last one. */
void        wb_capacity_view_add_slot   (WbCapacityView *self);
void        wb_capacity_view_save       (WbCapacityView *self);
/* The slot rows, first to last. */
guint       wb_capacity_view_get_n_slots (WbCapacityView *self);
GtkWidget  *wb_capacity_view_get_slot   (WbCapacityView *self,
                                         guint           index);
/* What the view says now, e.g. the server's refusal; NULL when nothing. */
const char *wb_capacity_view_get_status (WbCapacityView *self);

G_END_DECLS
