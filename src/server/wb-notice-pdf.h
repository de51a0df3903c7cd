/* wb-notice-pdf.h: the one-time supplement notice (一次性告知书)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;      /* the material as the item's list names it */
  const char *reason;    /* what was wrong with what was sent; NULL if nothing was */
} WbNoticeItem;

typedef struct
{
  const char         *unit_name;       /* the centre issuing the notice */
  const char         *case_no;
  const char         *item_name;
  const char         *applicant_name;  /* in clear: the notice is addressed to her */
  guint               sequence;        /* 1 for the first notice on the case */
  const WbNoticeItem *items;
  guint               n_items;
  const char         *note;            /* free text; may be NULL */
  const char         *reason;          /* why a further notice is needed; may be NULL */
  GDateTime          *issued_at;       /* dates the notice and stamps the PDF */
} WbNotice;

/* Renders the notice as an A4 PDF with real (searchable, copyable) text.
 * The same notice always gives the same bytes. */
GBytes *wb_notice_pdf_render (const WbNotice  *notice,
                              GError         **error);

G_END_DECLS
