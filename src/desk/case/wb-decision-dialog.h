/* wb-decision-dialog.h: a modal window that issues one decision on a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "case/wb-decision-form.h"
#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_DECISION_DIALOG (wb_decision_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WbDecisionDialog, wb_decision_dialog, WB, DECISION_DIALOG, AdwWindow)

/* Texts the dialog shows for its action. */
typedef struct
{
  const char *title;          /* the window title, e.g. "Refuse" */
  const char *issue_label;    /* the issue button, with a mnemonic */
  const char *issued_message; /* the toast after the server took it */
  gboolean    destructive;    /* a refusal: the button looks like one */
  gboolean    previewable;    /* the action issues a notice to preview */
  const char *endpoint;       /* NULL: the case action; else a resource
                               * below the case, e.g. "rating", posted
                               * without If-Match */
} WbDecisionTexts;

/* The dialog sends @action with @form's body to the case at version
 * @etag (If-Match) under an Idempotency-Key. It emits ::done and closes
 * when the server took the decision (error NULL) or the case changed
 * meanwhile (a WB_ERROR_PRECONDITION_FAILED error); any other error
 * stays in the dialog with what the user typed. */
WbDecisionDialog *wb_decision_dialog_new       (WbContext             *context,
                                                gint64                 case_id,
                                                const char            *case_no,
                                                const char            *etag,
                                                const char            *action,
                                                const WbDecisionTexts *texts,
                                                WbDecisionForm        *form);
WbDecisionForm   *wb_decision_dialog_get_form  (WbDecisionDialog      *self);
const char       *wb_decision_dialog_get_action (WbDecisionDialog     *self);
/* What the dialog says: the server's error (NULL when none), and what
 * is missing before the decision can be issued (NULL when nothing). */
const char       *wb_decision_dialog_get_error   (WbDecisionDialog    *self);
const char       *wb_decision_dialog_get_missing (WbDecisionDialog    *self);
/* The last message toasted in the dialog, e.g. a failed preview. */
const char       *wb_decision_dialog_get_toast   (WbDecisionDialog    *self);
/* TRUE while the notice preview is shown. */
gboolean          wb_decision_dialog_is_previewing (WbDecisionDialog  *self);
GtkWidget        *wb_decision_dialog_get_preview_view (WbDecisionDialog *self);

G_END_DECLS
