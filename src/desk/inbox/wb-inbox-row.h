/* wb-inbox-row.h: one case in the inbox, every column drawn by one widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox/wb-case-row.h"
#include "inbox/wb-inbox-columns.h"

G_BEGIN_DECLS

#define WB_TYPE_INBOX_ROW (wb_inbox_row_get_type ())
G_DECLARE_FINAL_TYPE (WbInboxRow, wb_inbox_row, WB, INBOX_ROW, GtkWidget)

GtkWidget  *wb_inbox_row_new         (WbInboxColumns *columns);
/* Shows @row (or nothing), and follows its changes until the next call.
 * The widget keeps its height whatever it shows. */
void        wb_inbox_row_set_case    (WbInboxRow     *self,
                                      WbCaseRow      *row);
WbCaseRow  *wb_inbox_row_get_case    (WbInboxRow     *self);
/* The text shown in @column: "…" for the case number of a row whose
 * case is still on its way, "" for its other columns. */
const char *wb_inbox_row_get_text    (WbInboxRow     *self,
                                      WbInboxColumn   column);
/* What the pointer over @column explains, or NULL: the repeated request
 * for materials, an estimated clock, or a text cut short. */
char       *wb_inbox_row_dup_tooltip (WbInboxRow     *self,
                                      WbInboxColumn   column);

G_END_DECLS
