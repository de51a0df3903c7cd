/* wb-case-row.h: one case as the inbox shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WB_TYPE_CASE_ROW (wb_case_row_get_type ())
G_DECLARE_FINAL_TYPE (WbCaseRow, wb_case_row, WB, CASE_ROW, GObject)

/* summary is a CaseSummary (or a full Case) as the server sent it. */
WbCaseRow  *wb_case_row_new                   (JsonObject *summary);
/* A row whose case is still on its way from the server: every getter
 * returns NULL or 0 until the first update fills it, which notifies only
 * "id". */
WbCaseRow  *wb_case_row_new_placeholder       (void);
gboolean    wb_case_row_is_placeholder        (WbCaseRow  *self);
/* Takes the case's newer data and notifies only the properties whose
 * values changed, so bound widgets refresh in place. The summary must
 * describe the same case. */
void        wb_case_row_update                (WbCaseRow  *self,
                                               JsonObject *summary);
/* Makes the row another case. Only for a list that starts over (a new
 * search or a reload): the rows on screen take the new cases in place,
 * so the view keeps its widgets instead of building every row again.
 * Notifies only "id". */
void        wb_case_row_replace               (WbCaseRow  *self,
                                               JsonObject *summary);
/* Makes the row a placeholder again, for a list that starts over:
 * notifies only "id". */
void        wb_case_row_clear                 (WbCaseRow  *self);

gint64      wb_case_row_get_id                (WbCaseRow  *self);
const char *wb_case_row_get_case_no           (WbCaseRow  *self);
const char *wb_case_row_get_item_name         (WbCaseRow  *self);
const char *wb_case_row_get_unit_name         (WbCaseRow  *self);
/* Masked by the server, e.g. "张*". */
const char *wb_case_row_get_applicant_name    (WbCaseRow  *self);
const char *wb_case_row_get_state             (WbCaseRow  *self);
const char *wb_case_row_get_state_label       (WbCaseRow  *self);
const char *wb_case_row_get_stage             (WbCaseRow  *self);
/* running, due_today, overdue, stopped or finished. */
const char *wb_case_row_get_clock_status      (WbCaseRow  *self);
/* Working days to the deadline; 0 when the clock status is finished. */
int         wb_case_row_get_days_left         (WbCaseRow  *self);
gboolean    wb_case_row_get_calendar_complete (WbCaseRow  *self);
/* NULL while the case is unassigned. */
const char *wb_case_row_get_assignee_name     (WbCaseRow  *self);
const char *wb_case_row_get_assignee_username (WbCaseRow  *self);
const char *wb_case_row_get_submitted_at      (WbCaseRow  *self);
const char *wb_case_row_get_deadline          (WbCaseRow  *self);
gint64      wb_case_row_get_version           (WbCaseRow  *self);
/* The applicant was asked for materials more than once (the server's
 * "repeat_supplement" flag): the unit's supervisors should look. */
gboolean    wb_case_row_get_repeat_supplement (WbCaseRow  *self);

G_END_DECLS
