/* wb-render-job.h: one page rendered to a bitmap, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "wb-document.h"

G_BEGIN_DECLS

/* Lower value runs first: visible pages, then visible thumbnails, then
 * pages preloaded around the viewport. */
typedef enum
{
  WB_JOB_PRIORITY_URGENT,
  WB_JOB_PRIORITY_HIGH,
  WB_JOB_PRIORITY_LOW,
  WB_JOB_N_PRIORITIES,
} WbJobPriority;

#define WB_TYPE_RENDER_JOB (wb_render_job_get_type ())

G_DECLARE_FINAL_TYPE (WbRenderJob, wb_render_job, WB, RENDER_JOB, GObject)

/* @page counts from 0; @rotation (0, 90, 180 or 270) is the user's, on top of
 * the page's own /Rotate; @scale is pixels per point. */
WbRenderJob     *wb_render_job_new                (WbDocument    *document,
                                                   guint          page,
                                                   double         scale,
                                                   guint          rotation);
WbDocument      *wb_render_job_get_document       (WbRenderJob   *self);
guint            wb_render_job_get_page           (WbRenderJob   *self);
double           wb_render_job_get_scale          (WbRenderJob   *self);
guint            wb_render_job_get_rotation       (WbRenderJob   *self);
WbJobPriority    wb_render_job_get_priority       (WbRenderJob   *self);
GCancellable    *wb_render_job_get_cancellable    (WbRenderJob   *self);

/* Cancels the job. If it has not finished yet it finishes with
 * G_IO_ERROR_CANCELLED and never with a surface, even when a worker had
 * already rendered it: the result is dropped on the main context. */
void             wb_render_job_cancel             (WbRenderJob   *self);

/* The result, valid once ::finished has been emitted (exactly once, on the
 * main context the job was pushed from). Exactly one of the surface and the
 * error is set. */
gboolean         wb_render_job_is_finished        (WbRenderJob   *self);
cairo_surface_t *wb_render_job_get_surface        (WbRenderJob   *self);
const GError    *wb_render_job_get_error          (WbRenderJob   *self);
/* Time spent rendering on the worker, in microseconds. */
gint64           wb_render_job_get_render_time    (WbRenderJob   *self);
/* The thread poppler ran on for this job, or NULL if it never ran. Tests use
 * it to prove the main thread never renders. */
GThread         *wb_render_job_get_render_thread  (WbRenderJob   *self);

G_END_DECLS
