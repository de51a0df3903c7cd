/* wb-call-dialog.h: logging one call of a callback task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_CALL_DIALOG (wb_call_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WbCallDialog, wb_call_dialog, WB, CALL_DIALOG, AdwWindow)

/* @task is the task as the agenda lists it; @now is the time the agenda
 * goes by (a call-back time must lie after it). Emits ::logged after the
 * server recorded the call, then closes; a refusal stays in the dialog
 * with everything typed. */
WbCallDialog *wb_call_dialog_new         (WbContext    *context,
                                          JsonObject   *task,
                                          GDateTime    *now);
gint64        wb_call_dialog_get_id      (WbCallDialog *self);
/* Drops the clear number (the window locked or hid); Dial fetches it
 * again, as another recorded reveal. */
void          wb_call_dialog_forget_phone (WbCallDialog *self);
/* What the dialog says: the server's error, what is still missing
 * before the call can be logged (NULL when nothing), the clear phone
 * number once dialled (NULL before), and the script. */
const char   *wb_call_dialog_get_error   (WbCallDialog *self);
const char   *wb_call_dialog_get_missing (WbCallDialog *self);
const char   *wb_call_dialog_get_phone   (WbCallDialog *self);
const char   *wb_call_dialog_get_script  (WbCallDialog *self);
/* The message the desk shows after the call was logged, or NULL. */
const char   *wb_call_dialog_get_result  (WbCallDialog *self);

G_END_DECLS
