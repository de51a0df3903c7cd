/* wb-job-scheduler.c: a few worker threads that render pages by priority
 *
 * One queue per priority, as in Evince's scheduler: a worker always takes
 * the oldest job of the most urgent non-empty queue. Preloading never
 * takes every worker, and waits while a page on screen is being drawn: a
 * poppler call cannot be interrupted, and a page the caseworker has just
 * scrolled to or opened must not wait for, or share the two cores with, a
 * page nobody is looking at yet. The queues live in a
 * refcounted Pool shared with the workers, so dropping the scheduler never
 * waits for a thread: a worker stuck in poppler past its watchdog simply
 * exits, and frees the pool, once poppler lets go of it.
 *
 * Known limit: a worker stuck in poppler is not replaced. Its document fails
 * fast, but with every worker stuck in a different document nothing else
 * would render until poppler returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-job-scheduler.h"
#include "wb-render-job-private.h"

#define DEFAULT_N_WORKERS 2

typedef struct
{
  gatomicrefcount ref_count;
  GMutex          lock;
  GCond           cond;
  GQueue          queues[WB_JOB_N_PRIORITIES];  /* of owned WbRenderJob */
  gboolean        quit;
  guint           n_workers;
  guint           n_low_running;
  guint           n_urgent_running;
  guint64         pixel_budget;
  guint           timeout_ms;
} Pool;

struct _WbJobScheduler
{
  GObject  parent_instance;

  Pool    *pool;
};

G_DEFINE_FINAL_TYPE (WbJobScheduler, wb_job_scheduler, G_TYPE_OBJECT)

static Pool *
pool_ref (Pool *pool)
{
  g_atomic_ref_count_inc (&pool->ref_count);
  return pool;
}

static void
pool_unref (Pool *pool)
{
  if (!g_atomic_ref_count_dec (&pool->ref_count))
    return;

  for (guint i = 0; i < WB_JOB_N_PRIORITIES; i++)
    g_queue_clear_full (&pool->queues[i], g_object_unref);
  g_mutex_clear (&pool->lock);
  g_cond_clear (&pool->cond);
  g_free (pool);
}

/* Called with the pool lock held. */
static WbRenderJob *
pool_pop (Pool  *pool,
          guint *priority)
{
  for (guint i = 0; i < WB_JOB_N_PRIORITIES; i++)
    {
      WbRenderJob *job;

      if (i == WB_JOB_PRIORITY_LOW
          && (pool->n_low_running >= MAX (pool->n_workers, 2) - 1
              || pool->n_urgent_running > 0))
        break;
      job = g_queue_pop_head (&pool->queues[i]);
      if (job != NULL)
        {
          *priority = i;
          pool->n_low_running += i == WB_JOB_PRIORITY_LOW;
          pool->n_urgent_running += i == WB_JOB_PRIORITY_URGENT;
          return job;
        }
    }
  return NULL;
}

static gpointer
worker_thread (gpointer data)
{
  Pool *pool = data;

  for (;;)
    {
      WbRenderJob *job = NULL;
      guint priority = 0;
      guint64 pixel_budget;
      guint timeout_ms;

      g_mutex_lock (&pool->lock);
      while (!pool->quit && (job = pool_pop (pool, &priority)) == NULL)
        g_cond_wait (&pool->cond, &pool->lock);
      pixel_budget = pool->pixel_budget;
      timeout_ms = pool->timeout_ms;
      g_mutex_unlock (&pool->lock);

      if (job == NULL)
        break;

      wb_render_job_run (job, pixel_budget, timeout_ms);
      wb_render_job_unref_on_context (job);

      if (priority != WB_JOB_PRIORITY_HIGH)
        {
          /* A preload may have been waiting for this job to finish. */
          g_mutex_lock (&pool->lock);
          pool->n_low_running -= priority == WB_JOB_PRIORITY_LOW;
          pool->n_urgent_running -= priority == WB_JOB_PRIORITY_URGENT;
          g_cond_broadcast (&pool->cond);
          g_mutex_unlock (&pool->lock);
        }
    }

  pool_unref (pool);
  return NULL;
}

WbJobScheduler *
wb_job_scheduler_new (guint n_workers)
{
  WbJobScheduler *self = g_object_new (WB_TYPE_JOB_SCHEDULER, NULL);

  if (n_workers == 0)
    n_workers = DEFAULT_N_WORKERS;
  self->pool->n_workers = n_workers;

  for (guint i = 0; i < n_workers; i++)
    {
      g_autofree char *name = g_strdup_printf ("wb-render-%u", i);

      /* Detached at once: see the file comment on why nothing joins. */
      g_thread_unref (g_thread_new (name, worker_thread, pool_ref (self->pool)));
    }

  return self;
}

void
wb_job_scheduler_set_pixel_budget (WbJobScheduler *self,
                                   guint64         n_pixels)
{
  g_return_if_fail (WB_IS_JOB_SCHEDULER (self));

  g_mutex_lock (&self->pool->lock);
  self->pool->pixel_budget = n_pixels;
  g_mutex_unlock (&self->pool->lock);
}

void
wb_job_scheduler_set_timeout (WbJobScheduler *self,
                              guint           timeout_ms)
{
  g_return_if_fail (WB_IS_JOB_SCHEDULER (self));
  g_return_if_fail (timeout_ms > 0);

  g_mutex_lock (&self->pool->lock);
  self->pool->timeout_ms = timeout_ms;
  g_mutex_unlock (&self->pool->lock);
}

void
wb_job_scheduler_push (WbJobScheduler *self,
                       WbRenderJob    *job,
                       WbJobPriority   priority)
{
  g_autoptr(GMainContext) context = NULL;

  g_return_if_fail (WB_IS_JOB_SCHEDULER (self));
  g_return_if_fail (WB_IS_RENDER_JOB (job));
  g_return_if_fail (priority < WB_JOB_N_PRIORITIES);

  context = g_main_context_ref_thread_default ();
  wb_render_job_set_context (job, context);

  g_mutex_lock (&self->pool->lock);
  wb_render_job_set_priority (job, priority);
  g_queue_push_tail (&self->pool->queues[priority], g_object_ref (job));
  g_cond_signal (&self->pool->cond);
  g_mutex_unlock (&self->pool->lock);
}

void
wb_job_scheduler_set_priority (WbJobScheduler *self,
                               WbRenderJob    *job,
                               WbJobPriority   priority)
{
  Pool *pool;
  WbJobPriority old;

  g_return_if_fail (WB_IS_JOB_SCHEDULER (self));
  g_return_if_fail (WB_IS_RENDER_JOB (job));
  g_return_if_fail (priority < WB_JOB_N_PRIORITIES);

  pool = self->pool;
  g_mutex_lock (&pool->lock);
  old = wb_render_job_get_priority (job);
  if (old != priority && g_queue_remove (&pool->queues[old], job))
    {
      wb_render_job_set_priority (job, priority);
      /* The queue's reference moves with the job. */
      g_queue_push_tail (&pool->queues[priority], job);
    }
  g_mutex_unlock (&pool->lock);
}

void
wb_job_scheduler_cancel (WbJobScheduler *self,
                         WbRenderJob    *job)
{
  Pool *pool;
  gboolean was_queued;

  g_return_if_fail (WB_IS_JOB_SCHEDULER (self));
  g_return_if_fail (WB_IS_RENDER_JOB (job));

  wb_render_job_cancel (job);

  pool = self->pool;
  g_mutex_lock (&pool->lock);
  was_queued = g_queue_remove (&pool->queues[wb_render_job_get_priority (job)], job);
  g_mutex_unlock (&pool->lock);

  if (was_queued)
    {
      wb_render_job_complete (job, NULL,
                              g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                   "Rendering was cancelled"));
      g_object_unref (job);
    }
}

guint
wb_job_scheduler_get_n_queued (WbJobScheduler *self)
{
  guint n = 0;

  g_return_val_if_fail (WB_IS_JOB_SCHEDULER (self), 0);

  g_mutex_lock (&self->pool->lock);
  for (guint i = 0; i < WB_JOB_N_PRIORITIES; i++)
    n += self->pool->queues[i].length;
  g_mutex_unlock (&self->pool->lock);

  return n;
}

static void
wb_job_scheduler_dispose (GObject *object)
{
  WbJobScheduler *self = (WbJobScheduler *) object;

  if (self->pool != NULL)
    {
      Pool *pool = self->pool;

      /* Queued jobs are dropped without ::finished: whoever drops the
       * scheduler no longer wants them. Running ones finish normally. */
      g_mutex_lock (&pool->lock);
      pool->quit = TRUE;
      for (guint i = 0; i < WB_JOB_N_PRIORITIES; i++)
        g_queue_clear_full (&pool->queues[i], g_object_unref);
      g_cond_broadcast (&pool->cond);
      g_mutex_unlock (&pool->lock);

      g_clear_pointer (&self->pool, pool_unref);
    }

  G_OBJECT_CLASS (wb_job_scheduler_parent_class)->dispose (object);
}

static void
wb_job_scheduler_class_init (WbJobSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wb_job_scheduler_dispose;
}

static void
wb_job_scheduler_init (WbJobScheduler *self)
{
  self->pool = g_new0 (Pool, 1);
  g_atomic_ref_count_init (&self->pool->ref_count);
  g_mutex_init (&self->pool->lock);
  g_cond_init (&self->pool->cond);
  for (guint i = 0; i < WB_JOB_N_PRIORITIES; i++)
    g_queue_init (&self->pool->queues[i]);
  self->pool->pixel_budget = WB_JOB_SCHEDULER_DEFAULT_PIXEL_BUDGET;
  self->pool->timeout_ms = WB_JOB_SCHEDULER_DEFAULT_TIMEOUT_MS;
}
