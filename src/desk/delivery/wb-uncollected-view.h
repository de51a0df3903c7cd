/* wb-uncollected-view.h: certificates waiting at the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_UNCOLLECTED_VIEW (wb_uncollected_view_get_type ())
G_DECLARE_FINAL_TYPE (WbUncollectedView, wb_uncollected_view, WB, UNCOLLECTED_VIEW, AdwBin)

/* Emits ::open-case (gint64 case id) when a row is activated. */
GtkWidget *wb_uncollected_view_new        (WbContext         *context);
void       wb_uncollected_view_reload     (WbUncollectedView *self);
gboolean   wb_uncollected_view_is_loading (WbUncollectedView *self);
/* The case ids listed, oldest print first. */
GArray    *wb_uncollected_view_dup_ids    (WbUncollectedView *self);
/* The row of @case_id, or NULL. */
GtkWidget *wb_uncollected_view_get_row    (WbUncollectedView *self,
                                           gint64             case_id);

G_END_DECLS
