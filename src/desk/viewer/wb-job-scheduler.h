/* wb-job-scheduler.h: a few worker threads that render pages by priority
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-render-job.h"

G_BEGIN_DECLS

/* Defaults: the "absurd bitmap" limit and the 10 s watchdog. */
#define WB_JOB_SCHEDULER_DEFAULT_PIXEL_BUDGET (100u * 1000u * 1000u)
#define WB_JOB_SCHEDULER_DEFAULT_TIMEOUT_MS   10000u

#define WB_TYPE_JOB_SCHEDULER (wb_job_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (WbJobScheduler, wb_job_scheduler, WB, JOB_SCHEDULER, GObject)

/* @n_workers of 0 picks a small default (2). */
WbJobScheduler *wb_job_scheduler_new              (guint           n_workers);

void            wb_job_scheduler_set_pixel_budget (WbJobScheduler *self,
                                                   guint64         n_pixels);
void            wb_job_scheduler_set_timeout      (WbJobScheduler *self,
                                                   guint           timeout_ms);

/* Queues @job; its ::finished is emitted on the calling thread's default
 * main context. A job can be pushed once. */
void            wb_job_scheduler_push             (WbJobScheduler *self,
                                                   WbRenderJob    *job,
                                                   WbJobPriority   priority);
/* Moves a queued job to another queue; a running job just keeps running. */
void            wb_job_scheduler_set_priority     (WbJobScheduler *self,
                                                   WbRenderJob    *job,
                                                   WbJobPriority   priority);
/* Cancels @job and, if it is still queued, takes it off the queue so it
 * finishes (cancelled) without waiting for a free worker. */
void            wb_job_scheduler_cancel           (WbJobScheduler *self,
                                                   WbRenderJob    *job);
guint           wb_job_scheduler_get_n_queued     (WbJobScheduler *self);

G_END_DECLS
