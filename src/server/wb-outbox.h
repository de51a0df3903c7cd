/* wb-outbox.h: messages that tell the applicant about decisions (6.6.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-store.h"

G_BEGIN_DECLS

/* The channels, in the order messages are queued and templates listed. */
extern const char * const wb_outbox_channels[];

/* TRUE when the action is a decision the applicant is told about. */
gboolean  wb_outbox_action_notifies (const char   *action);
/* The actions that notify, NULL-terminated. */
const char * const *wb_outbox_notifying_actions (void);
gboolean  wb_outbox_channel_known   (const char   *channel);
/* The built-in wording for (action, channel). */
const char *wb_outbox_default_text  (const char   *action,
                                     const char   *channel);
/* Fails with WB_ERROR_UNPROCESSABLE on a placeholder the renderer does
 * not know, so a typo is caught when saved, not when an SMS goes out. */
gboolean  wb_outbox_check_template  (const char   *text,
                                     GError      **error);
/* The placeholders a template may use, NULL-terminated. */
const char * const *wb_outbox_placeholders (void);

/* Queues the applicant's messages for the decision just written to the
 * case's history, inside the caller's transaction. c is the case as
 * updated by the action. Actions that tell the applicant nothing queue
 * nothing. */
gboolean  wb_outbox_queue           (WbRequest    *req,
                                     WbCase       *c,
                                     WbCaseAction  action,
                                     const char   *now,
                                     GError      **error);

/* The same for a message that is not a case action's, such as
 * "callback_unreachable"; its history row must be the case's newest. */
gboolean  wb_outbox_queue_named     (WbRequest    *req,
                                     WbCase       *c,
                                     const char   *name,
                                     const char   *now,
                                     GError      **error);

/* The template in force: the administrator's text, or the default. */
gboolean  wb_outbox_template_get    (WbDbConn     *conn,
                                     const char   *action,
                                     const char   *channel,
                                     char        **text,
                                     char        **updated_at,
                                     char        **updated_by,
                                     GError      **error);
gboolean  wb_outbox_template_set    (WbDbConn     *conn,
                                     const char   *action,
                                     const char   *channel,
                                     const char   *text,
                                     const char   *now,
                                     const char   *by,
                                     GError      **error);

/* Real time with microseconds, the format of outbox.next_attempt_at. */
char     *wb_outbox_real_now        (gint64        plus_ms);

G_END_DECLS
