/* wb-inbox-table.h: the inbox's column titles above its list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox/wb-inbox-columns.h"

G_BEGIN_DECLS

#define WB_TYPE_INBOX_TABLE (wb_inbox_table_get_type ())
G_DECLARE_FINAL_TYPE (WbInboxTable, wb_inbox_table, WB, INBOX_TABLE, GtkWidget)

/* Titles above @body, a scrolled window around @list, whose rows draw
 * @columns. @list must already have its scrolled window's adjustments. A sortable column's title is a button that activates
 * "inbox.sort" with the column's sort key. */
GtkWidget *wb_inbox_table_new      (WbInboxColumns *columns,
                                    GtkWidget      *body,
                                    GtkWidget      *list);
/* Shows the arrow on the column sorted by @key. */
void       wb_inbox_table_set_sort (WbInboxTable   *self,
                                    const char     *key,
                                    gboolean        descending);

G_END_DECLS
