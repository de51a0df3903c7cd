/* wb-notice-pdf.h: the notices a centre serves on an applicant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WB_NOTICE_SUPPLEMENT,      /* 补正材料一次性告知书, on request_supplement */
  WB_NOTICE_ACCEPTANCE,      /* 受理通知书, on accept */
  WB_NOTICE_NON_ACCEPTANCE,  /* 不予受理决定书, on refuse before acceptance */
  WB_NOTICE_GRANT,           /* 准予许可决定书, on approve */
  WB_NOTICE_REFUSAL,         /* 不予许可决定书, on refuse after acceptance */
  WB_N_NOTICE_KINDS
} WbNoticeKind;

typedef struct
{
  const char *name;      /* the material as the item's list names it */
  const char *reason;    /* what was wrong with what was sent; NULL if nothing was */
} WbNoticeItem;

/* Fields a kind does not use are ignored; text that may be NULL prints
 * nothing. */
typedef struct
{
  WbNoticeKind        kind;
  const char         *unit_name;       /* the centre issuing the notice */
  const char         *case_no;
  const char         *item_name;
  const char         *item_basis;      /* the item's own legal basis; may be NULL */
  const char         *applicant_name;  /* in clear: the notice is addressed to her */
  const char         *received_on;     /* ISO date the application arrived; may be NULL */
  /* Supplement: the missing materials. Acceptance: the materials received. */
  const WbNoticeItem *items;
  guint               n_items;
  guint               sequence;        /* supplement: 1 for the first notice on the case */
  const char         *note;            /* supplement: free text */
  const char         *reason;          /* supplement: why a further notice is needed */
  const char         *deadline;        /* acceptance: ISO date the decision is due by */
  const char         *result;          /* grant: what is granted */
  const char         *legal_basis;     /* refusals: the basis the handler chose */
  const char         *refusal_reason;  /* refusals: the reasons */
  /* NULL only on a preview, which is marked as a draft on every page. */
  const char         *verification_code;
  gboolean            preview;
  GDateTime          *issued_at;       /* dates the notice and stamps the PDF */
} WbNotice;

/* Wire names ("supplement", "acceptance", "non_acceptance", "grant",
 * "refusal") and printed titles. */
const char *wb_notice_kind_to_string   (WbNoticeKind  kind);
gboolean    wb_notice_kind_from_string (const char   *name,
                                        WbNoticeKind *out);
const char *wb_notice_kind_title       (WbNoticeKind  kind);

/* Renders the notice as an A4 PDF with real (searchable, copyable) text.
 * The same notice always gives the same bytes. */
GBytes *wb_notice_pdf_render (const WbNotice  *notice,
                              GError         **error);

G_END_DECLS
