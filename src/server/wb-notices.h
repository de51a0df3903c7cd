/* wb-notices.h: which notice an action issues, and issuing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-notice-pdf.h"
#include "wb-store.h"

G_BEGIN_DECLS

/* A notice as an action would issue it, owning everything it points to. */
typedef struct _WbNoticeDraft WbNoticeDraft;

void           wb_notice_draft_free       (WbNoticeDraft  *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbNoticeDraft, wb_notice_draft_free)

/* The notice, if any, an action issues on a case in that state. */
gboolean       wb_notice_kind_for_action  (WbCaseState     state,
                                           WbCaseAction    action,
                                           WbNoticeKind   *out);

/* Drafts the notice action would issue on c, read as it stands before
 * the action, from the action's (already validated) body. *out stays
 * NULL for an action that issues none. Applies the notice's own rule:
 * a second supplement request on the case must give its reason (422). */
gboolean       wb_notice_draft_for_action (WbRequest       *req,
                                           const WbCase    *c,
                                           WbCaseAction     action,
                                           JsonObject      *body,
                                           WbNoticeDraft  **out,
                                           GError         **error);

/* Issues the draft inside the caller's transaction: a fresh
 * verification code, the PDF in the blob store, a material of the case
 * and the notice's row. detail (the history row) gets the notice's
 * title, code and checksum. */
gboolean       wb_notice_draft_issue      (WbRequest       *req,
                                           WbNoticeDraft   *draft,
                                           const WbCase    *c,
                                           const char      *now,
                                           JsonObject      *detail,
                                           GError         **error);

/* The draft as a preview: marked 样稿（预览） and with no code. */
GBytes        *wb_notice_draft_preview    (WbNoticeDraft   *draft,
                                           GError         **error);

/* A verification code as people type it (any case, with or without
 * dashes or spaces) in its canonical XXXX-XXXX-XXXX-XXXX form, or NULL
 * when it cannot be one. */
char          *wb_notice_code_normalize   (const char      *text);

G_END_DECLS
