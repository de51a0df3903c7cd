/* wb-inbox-header.h: the inbox's column titles, which sort the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox/wb-inbox-columns.h"

G_BEGIN_DECLS

#define WB_TYPE_INBOX_HEADER (wb_inbox_header_get_type ())
G_DECLARE_FINAL_TYPE (WbInboxHeader, wb_inbox_header, WB, INBOX_HEADER, GtkWidget)

/* A sortable column's title is a button that activates "inbox.sort" with
 * the column's sort key. */
GtkWidget *wb_inbox_header_new      (WbInboxColumns *columns);
/* Shows the arrow on the column sorted by @key. */
void       wb_inbox_header_set_sort (WbInboxHeader  *self,
                                     const char     *key,
                                     gboolean        descending);
/* Scrolls the titles across with the list's rows. */
void       wb_inbox_header_set_hadjustment (WbInboxHeader *self,
                                            GtkAdjustment *hadjustment);

G_END_DECLS
