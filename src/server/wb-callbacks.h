/* wb-callbacks.h: callback tasks, when to call again, and the ratings
 * the calls collect (standard 6.6, 好差评)
 *
 * Working time is 09:00-17:00, the centre's local time (UTC+8), on the
 * calendar's working days. The arithmetic below is pure: it takes an
 * instant in any zone and the calendar, and answers an instant in UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-calendar.h"
#include "wb-json.h"
#include "wb-store.h"

G_BEGIN_DECLS

#define WB_WORK_START_HOUR   9
#define WB_WORK_END_HOUR    17
#define WB_WORK_DAY_MINUTES ((WB_WORK_END_HOUR - WB_WORK_START_HOUR) * 60)

/* @t itself while it lies in working time (17:00 sharp does not),
 * otherwise the next start of working time. */
GDateTime *wb_work_time_start   (WbCalendar *calendar,
                                 GDateTime  *t);
/* 09:00 on the first working day after @t's local date. */
GDateTime *wb_work_next_morning (WbCalendar *calendar,
                                 GDateTime  *t);
/* @minutes of working time after @t; time outside working hours does
 * not count. Three working days are 3 × WB_WORK_DAY_MINUTES. */
GDateTime *wb_work_time_add     (WbCalendar *calendar,
                                 GDateTime  *t,
                                 gint64      minutes);
/* When to try again after an unanswered call at @now that was the
 * @calls_today-th call of the task on @now's local date: @retry_minutes
 * later, counted from the start of working time; a time that would fall
 * after 17:00, or a call over the day's @max_per_day, moves to the next
 * working morning. */
GDateTime *wb_callback_next_try (WbCalendar *calendar,
                                 GDateTime  *now,
                                 guint       retry_minutes,
                                 guint       calls_today,
                                 guint       max_per_day);

/* The purposes, NULL-terminated. */
extern const char * const wb_callback_purposes[];
gboolean   wb_callback_purpose_known (const char *purpose);
gboolean   wb_callback_outcome_known (const char *outcome);

/* Whether an archived case is revisited: a keyed hash of its id below
 * the share, so 0 picks none and 100 picks every case. */
gboolean   wb_callback_revisit_picked (const char *seed,
                                       gint64      case_id,
                                       guint       percent);

/* Files a task of @purpose for the case, due as the purpose's rule says
 * (due_after_days working days from @now, or at once), unless the case
 * already has an open one of that purpose. */
gboolean   wb_callbacks_file         (WbRequest    *req,
                                      gint64        case_id,
                                      const char   *purpose,
                                      const char   *now,
                                      GError      **error);

/* What the flow's actions do to the callbacks beyond creating their
 * task (which wb-api-case-actions.c does): hands the case's own tasks to
 * its handler, cancels a delivery-choice task made moot by a choice
 * recorded directly, and picks archived cases for a revisit. Inside the
 * action's transaction, after the case row was written. */
gboolean   wb_callbacks_after_action (WbRequest    *req,
                                      WbCase       *c,
                                      WbCaseAction  action,
                                      const char   *now,
                                      GError      **error);

/* Records a rating inside the caller's write transaction. A bad one
 * (level 1 or 2) opens a rectification and a bad_rating task for the
 * unit's complaint handlers. @callback_id is 0 for a rating given at
 * the window. */
gboolean   wb_callbacks_rate         (WbRequest    *req,
                                      WbCase       *c,
                                      gint64        level,
                                      const char   *comment,
                                      const char   *source,
                                      gint64        callback_id,
                                      const char   *now,
                                      GError      **error);

/* A rating as a client sends it, at the window or in a call's answers:
 * "level" a whole number from 1 to 5, "comment" text of at most 500
 * characters or absent. Each is FALSE for a value that is not one; a
 * blank comment reads as none. @rating may be NULL. */
gboolean   wb_callbacks_rating_level   (JsonObject   *rating,
                                        gint64       *level);
gboolean   wb_callbacks_rating_comment (JsonObject   *rating,
                                        const char  **comment);

/* Closes @cb as unreachable inside the caller's write transaction; with
 * @tell_applicant, an SMS goes to the applicant through the outbox. */
gboolean   wb_callbacks_mark_unreachable (WbRequest  *req,
                                          WbCallback *cb,
                                          const char *actor,
                                          gboolean    tell_applicant,
                                          const char *now,
                                          GError    **error);

/* The same for a read that must not fail for it: a failure is logged,
 * and the next request sweeps again. */
void       wb_callbacks_sweep_quietly (WbRequest   *req);

/* Adds the case's latest rating, or null, as the member "rating". */
void       wb_callbacks_add_rating   (WbJsonWriter *w,
                                      WbRequest    *req,
                                      gint64        case_id);

/* Marks every open task whose give-up time has passed as unreachable, in
 * a transaction of its own; a no-op read when none has. The clock is the
 * server's, so tests move it with --clock-file. */
gboolean   wb_callbacks_sweep        (WbRequest    *req,
                                      GError      **error);

G_END_DECLS
