/* wb-document-text.h: finding and copying a document's text, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-document.h"

G_BEGIN_DECLS

/* Where a search matched: page counting from 0, and the rectangle in points
 * with the origin at the page's top left, in the page as shown before the
 * user turns it (its own /Rotate applied). */
typedef struct
{
  guint  page;
  double x1;
  double y1;
  double x2;
  double y2;
} WbTextHit;

/* Searches every page, ignoring case, each page under the document lock so
 * rendering goes on between pages. Hits come in page order. */
void       wb_document_find_text_async  (WbDocument          *document,
                                         const char          *text,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* An array of WbTextHit. *@has_text tells a search that found nothing on
 * pages with text from one on a scan that has no text to search. */
GArray    *wb_document_find_text_finish (WbDocument          *document,
                                         GAsyncResult        *result,
                                         gboolean            *has_text,
                                         GError             **error);

/* The text of @page, or only the text inside @area (points, top-left
 * origin, as in WbTextHit) when it is not NULL. */
void       wb_document_get_text_async   (WbDocument          *document,
                                         guint                page,
                                         const WbTextHit     *area,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char      *wb_document_get_text_finish  (WbDocument          *document,
                                         GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
