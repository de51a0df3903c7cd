/* wb-render-job-private.h: what the scheduler needs from a job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-render-job.h"

G_BEGIN_DECLS

void     wb_render_job_set_priority   (WbRenderJob   *self,
                                       WbJobPriority  priority);
/* Remembers the main context of the thread that queues the job: results go
 * there. */
void     wb_render_job_set_context    (WbRenderJob   *self,
                                       GMainContext  *context);
/* Runs on a worker thread and ends in wb_render_job_complete(). */
void     wb_render_job_run            (WbRenderJob   *self,
                                       guint64        pixel_budget,
                                       guint          timeout_ms);
/* Takes @surface or @error; only the first call per job wins, the others'
 * results are dropped. ::finished follows on the job's main context. */
void     wb_render_job_complete       (WbRenderJob     *self,
                                       cairo_surface_t *surface,
                                       GError          *error);

/* Drops a worker's reference on the job's main context. The last reference
 * to a job can be the last one to its document, and freeing a
 * PopplerDocument (possibly poppler's global state with it) on a worker
 * races whatever another thread is doing in poppler. */
void     wb_render_job_unref_on_context (WbRenderJob *self);

G_END_DECLS
