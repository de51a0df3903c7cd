/* wb-inbox-columns.h: the inbox's columns, their widths and places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  WB_INBOX_COLUMN_CASE_NO,
  WB_INBOX_COLUMN_ITEM,
  WB_INBOX_COLUMN_APPLICANT,
  WB_INBOX_COLUMN_STATE,
  WB_INBOX_COLUMN_CLOCK,
  WB_INBOX_COLUMN_ASSIGNEE,
  WB_INBOX_COLUMN_SUBMITTED,
  WB_INBOX_N_COLUMNS
} WbInboxColumn;

/* Between a column's edge and its text, in the header and in every row. */
#define WB_INBOX_CELL_PAD_X 8
/* Between a state pill's edge and its text. */
#define WB_INBOX_PILL_PAD_X 10

#define WB_TYPE_INBOX_COLUMNS (wb_inbox_columns_get_type ())
G_DECLARE_FINAL_TYPE (WbInboxColumns, wb_inbox_columns, WB, INBOX_COLUMNS, GObject)

WbInboxColumns *wb_inbox_columns_new        (void);

/* The column's title, translated. */
const char     *wb_inbox_column_get_title    (WbInboxColumn column);
/* The server's name for sorting by the column, or NULL if it cannot. */
const char     *wb_inbox_column_get_sort_key (WbInboxColumn column);
/* Case numbers and times line their digits up. */
gboolean        wb_inbox_column_is_numeric   (WbInboxColumn column);

/* Measures each column's widest value, and one line, in @widget's font.
 * Emits "changed" when a size differs from before; cheap when the font
 * has not changed. */
void            wb_inbox_columns_measure     (WbInboxColumns *self,
                                              GtkWidget      *widget);
/* Where each column sits in a row @width pixels wide: the item column
 * takes what is left over, and a narrow row takes room from the item
 * and assignee columns first. @x and @w hold WB_INBOX_N_COLUMNS values. */
void            wb_inbox_columns_place       (WbInboxColumns *self,
                                              int             width,
                                              int            *x,
                                              int            *w);
/* The height of one line of text, for the font last measured in. */
int             wb_inbox_columns_get_line_height (WbInboxColumns *self);
/* Changes whenever the font does: text shaped at another serial is stale. */
guint           wb_inbox_columns_get_serial  (WbInboxColumns *self);
/* The width every column wants. */
int             wb_inbox_columns_get_natural (WbInboxColumns *self);
/* The narrowest a row can be with every column shown, the long ones cut
 * short: narrower windows scroll across. */
int             wb_inbox_columns_get_minimum (WbInboxColumns *self);

G_END_DECLS
