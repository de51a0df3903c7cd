/* wb-cell-label.h: one line of text in an inbox cell, cheap to change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WB_TYPE_CELL_LABEL (wb_cell_label_get_type ())

G_DECLARE_FINAL_TYPE (WbCellLabel, wb_cell_label, WB, CELL_LABEL, GtkWidget)

GtkWidget  *wb_cell_label_new          (void);
/* Replaces the text. The cell keeps its size, so this only redraws it. */
void        wb_cell_label_set_text     (WbCellLabel *self,
                                        const char  *text);
const char *wb_cell_label_get_text     (WbCellLabel *self);
/* Draws digits at one width, as the "numeric" style class asks. */
void        wb_cell_label_set_numeric  (WbCellLabel *self,
                                        gboolean     numeric);

/* Makes the cell a badge: its text inset, with room for a pill around it. */
void        wb_cell_label_set_badge    (WbCellLabel *self,
                                        gboolean     badge);
/* A badge's pill, in the text's own colour at @strength (0 to 1; 0 for
 * none). */
void        wb_cell_label_set_pill     (WbCellLabel *self,
                                        double       strength);

G_END_DECLS
