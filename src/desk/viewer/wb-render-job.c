/* wb-render-job.c: one page rendered to a bitmap, off the main loop
 *
 * A job finishes exactly once. Three parties can try to finish it: the
 * worker with its result, the watchdog when poppler overruns, and the
 * scheduler when a queued job is cancelled. The first to flip `state` wins
 * and the others drop what they hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <sys/mman.h>

#include "wb-page-scale.h"
#include "wb-render-job-private.h"

/* cairo image surfaces cannot be wider or taller than this. */
#define MAX_SURFACE_SIDE 32767

enum
{
  STATE_PENDING,
  STATE_COMPLETED,
};

struct _WbRenderJob
{
  GObject           parent_instance;

  /* owned references */
  WbDocument       *document;
  GCancellable     *cancellable;
  GMainContext     *context;

  guint             page;
  double            scale;
  guint             rotation;
  WbJobPriority     priority;   /* changed under the scheduler's lock */

  int               state;      /* atomic */
  GThread          *render_thread;
  gint64            render_time;

  /* the result, written by the winner of `state`, read on the main context */
  cairo_surface_t  *surface;
  GError           *error;
  gboolean          finished;
};

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (WbRenderJob, wb_render_job, G_TYPE_OBJECT)

static gboolean
deliver_cb (gpointer user_data)
{
  WbRenderJob *self = user_data;

  /* Cancellation is decided here, on the main context, so a job cancelled
   * from the main thread can never hand out a surface afterwards. */
  if (self->surface != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      self->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         "Rendering was cancelled");
    }

  self->finished = TRUE;
  g_signal_emit (self, signals[FINISHED], 0);

  return G_SOURCE_REMOVE;
}

void
wb_render_job_complete (WbRenderJob     *self,
                        cairo_surface_t *surface,
                        GError          *error)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (WB_IS_RENDER_JOB (self));
  g_return_if_fail ((surface == NULL) != (error == NULL));

  if (!g_atomic_int_compare_and_exchange (&self->state, STATE_PENDING, STATE_COMPLETED))
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      g_clear_error (&error);
      return;
    }

  self->surface = surface;
  self->error = error;

  /* Always through an idle, never g_main_context_invoke(): that would run
   * ::finished re-entrantly inside a cancel call made on the main thread. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[wangban] render job finished");
  g_source_set_callback (source, deliver_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
}

typedef struct
{
  void  *data;
  size_t size;
} Mapping;

static const cairo_user_data_key_t mapping_key;

static void
unmap (void *user_data)
{
  Mapping *mapping = user_data;

  munmap (mapping->data, mapping->size);
  g_free (mapping);
}

/* A page bitmap gets pages of its own from the kernel and gives them back
 * when it is freed. From malloc, bitmaps made on the workers and freed on
 * the main thread stay in the workers' arenas: paging through a 350-page
 * book grew the desk by twice the cache budget. */
static cairo_surface_t *
create_surface (int w,
                int h)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, w);
  cairo_surface_t *surface;
  Mapping *mapping;
  void *data;

  if (stride <= 0)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  data = mmap (NULL, (size_t) stride * h, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
#ifdef MADV_HUGEPAGE
  /* A page drawn large for shrinking is tens of megabytes, touched once;
   * in 4 KiB pages the kernel's faults took a fifth of its render. */
  if ((size_t) stride * h >= 4 * 1024 * 1024)
    madvise (data, (size_t) stride * h, MADV_HUGEPAGE);
#endif

  mapping = g_new (Mapping, 1);
  mapping->data = data;
  mapping->size = (size_t) stride * h;
  surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, w, h, stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS
      || cairo_surface_set_user_data (surface, &mapping_key, mapping, unmap) != CAIRO_STATUS_SUCCESS)
    {
      /* The surface must be gone before its pixels are. */
      cairo_surface_destroy (surface);
      unmap (mapping);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
    }
  return surface;
}

static gboolean
return_remove_cb (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  WbRenderJob *self = user_data;

  if (g_atomic_int_get (&self->state) != STATE_PENDING)
    return G_SOURCE_REMOVE;

  /* Poppler cannot be interrupted: the worker stays inside it holding the
   * document lock. Marking the document stuck makes the jobs behind it fail
   * at once with TIMEOUT until poppler returns. */
  wb_document_mark_stuck (self->document);
  wb_render_job_complete (self, NULL,
                          g_error_new (WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TIMEOUT,
                                       "Page %u took too long to render", self->page + 1));

  return G_SOURCE_REMOVE;
}

/* White paper, the job's rotation, then poppler, on a @w × @h surface. */
static void
paint_page (WbRenderJob *self,
            PopplerPage *page,
            cairo_t     *cr,
            double       scale,
            int          w,
            int          h)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  switch (self->rotation)
    {
    case 90:
      cairo_translate (cr, w, 0);
      break;
    case 180:
      cairo_translate (cr, w, h);
      break;
    case 270:
      cairo_translate (cr, 0, h);
      break;
    default:
      break;
    }
  cairo_rotate (cr, self->rotation * G_PI / 180.0);
  cairo_scale (cr, scale, scale);

  poppler_page_render (page, cr);
}

static cairo_surface_t *
render (WbRenderJob  *self,
        guint64       pixel_budget,
        guint         timeout_ms,
        GError      **error)
{
  cairo_surface_t *surface = NULL;
  cairo_surface_t *big = NULL;
  cairo_t *cr;
  PopplerDocument *poppler;
  PopplerPage *page;
  g_autoptr(GSource) watchdog = NULL;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  gboolean supersampled = FALSE;
  double width, height;
  double pixel_width, pixel_height;
  int w, h;

  if (self->page >= wb_document_get_n_pages (self->document))
    {
      g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                   "The document has no page %u", self->page + 1);
      return NULL;
    }

  if (wb_document_page_is_broken (self->document, self->page))
    {
      g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                   "Page %u is damaged: it has no valid size", self->page + 1);
      return NULL;
    }

  wb_document_get_page_size (self->document, self->page, &width, &height);
  if (self->rotation == 90 || self->rotation == 270)
    {
      double tmp = width;

      width = height;
      height = tmp;
    }

  /* Checked in doubles first so an absurd scale cannot overflow an int. */
  pixel_width = ceil (width * self->scale);
  pixel_height = ceil (height * self->scale);
  if (!isfinite (pixel_width) || !isfinite (pixel_height)
      || pixel_width < 1 || pixel_height < 1
      || pixel_width > MAX_SURFACE_SIDE || pixel_height > MAX_SURFACE_SIDE
      || pixel_width * pixel_height > (double) pixel_budget)
    {
      g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TOO_LARGE,
                   "Page %u would need a %.0f × %.0f bitmap, more than the viewer allows",
                   self->page + 1, pixel_width, pixel_height);
      return NULL;
    }
  w = (int) pixel_width;
  h = (int) pixel_height;

  poppler = wb_document_lock (self->document,
                              g_get_monotonic_time () + (gint64) timeout_ms * 1000,
                              error);
  if (poppler == NULL)
    return NULL;

  /* Armed only once the lock is held, so time spent waiting behind another
   * page does not count against this one. */
  watchdog = g_timeout_source_new (timeout_ms);
  g_source_set_static_name (watchdog, "[wangban] render watchdog");
  g_source_set_callback (watchdog, watchdog_cb, g_object_ref (self), g_object_unref);
  g_source_attach (watchdog, self->context);

  page = poppler_document_get_page (poppler, self->page);
  if (page == NULL)
    g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                 "Page %u is damaged and cannot be read", self->page + 1);
  else
    {
      double big_w = ceil (width * WB_PAGE_SUPERSAMPLE_SCALE);
      double big_h = ceil (height * WB_PAGE_SUPERSAMPLE_SCALE);
      double render_scale = self->scale;

      /* A scan shrunk a long way renders faster large and shrunk by us;
       * see wb-page-scale.c. Not a thumbnail: at a few dozen dpi the
       * large render costs more than it saves. */
      if (self->scale >= WB_PAGE_SUPERSAMPLE_MIN_SCALE
          && self->scale < WB_PAGE_SUPERSAMPLE_SCALE * 0.75
          && big_w <= MAX_SURFACE_SIDE && big_h <= MAX_SURFACE_SIDE
          && big_w * big_h <= (double) pixel_budget
          && wb_document_page_is_image (self->document, self->page, page))
        {
          render_scale = WB_PAGE_SUPERSAMPLE_SCALE;
          supersampled = TRUE;
          big = create_surface ((int) big_w, (int) big_h);
        }
      else
        big = create_surface (w, h);

      if (cairo_surface_status (big) == CAIRO_STATUS_SUCCESS)
        {
          cr = cairo_create (big);
          paint_page (self, page, cr, render_scale,
                      cairo_image_surface_get_width (big),
                      cairo_image_surface_get_height (big));
          status = cairo_status (cr);
          cairo_destroy (cr);
        }
      else
        status = cairo_surface_status (big);
      g_object_unref (page);
    }

  wb_document_unlock (self->document);
  g_source_destroy (watchdog);

  if (error != NULL && *error != NULL)
    {
      g_clear_pointer (&big, cairo_surface_destroy);
      return NULL;
    }

  if (status == CAIRO_STATUS_SUCCESS && supersampled)
    {
      /* Shrunk outside the lock, so the next page's poppler call need not
       * wait for it. */
      surface = create_surface (w, h);
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = wb_page_scale_into (big, surface);
      cairo_surface_destroy (big);
    }
  else
    surface = big;

  if (status == CAIRO_STATUS_NO_MEMORY)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TOO_LARGE,
                   "Not enough memory for the %d × %d bitmap of page %u",
                   w, h, self->page + 1);
      return NULL;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                   "Page %u could not be drawn: %s",
                   self->page + 1, cairo_status_to_string (status));
      return NULL;
    }

  cairo_surface_flush (surface);
  return surface;
}

void
wb_render_job_run (WbRenderJob *self,
                   guint64      pixel_budget,
                   guint        timeout_ms)
{
  GError *error = NULL;
  cairo_surface_t *surface;
  gint64 start;

  g_return_if_fail (WB_IS_RENDER_JOB (self));
  g_return_if_fail (self->context != NULL);

  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    {
      wb_render_job_complete (self, NULL, error);
      return;
    }

  self->render_thread = g_thread_self ();
  start = g_get_monotonic_time ();
  surface = render (self, pixel_budget, timeout_ms, &error);
  self->render_time = g_get_monotonic_time () - start;

  wb_render_job_complete (self, surface, error);
}

void
wb_render_job_unref_on_context (WbRenderJob *self)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (WB_IS_RENDER_JOB (self));

  source = g_idle_source_new ();
  g_source_set_static_name (source, "[wangban] render job unref");
  g_source_set_callback (source, return_remove_cb, self, g_object_unref);
  g_source_attach (source, self->context);
}

WbRenderJob *
wb_render_job_new (WbDocument *document,
                   guint       page,
                   double      scale,
                   guint       rotation)
{
  WbRenderJob *self;

  g_return_val_if_fail (WB_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (rotation % 90 == 0, NULL);

  self = g_object_new (WB_TYPE_RENDER_JOB, NULL);
  self->document = g_object_ref (document);
  self->page = page;
  self->scale = scale;
  self->rotation = rotation % 360;

  return self;
}

WbDocument *
wb_render_job_get_document (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), NULL);
  return self->document;
}

guint
wb_render_job_get_page (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), 0);
  return self->page;
}

double
wb_render_job_get_scale (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), 0);
  return self->scale;
}

guint
wb_render_job_get_rotation (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), 0);
  return self->rotation;
}

WbJobPriority
wb_render_job_get_priority (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), WB_JOB_PRIORITY_LOW);
  return self->priority;
}

void
wb_render_job_set_priority (WbRenderJob   *self,
                            WbJobPriority  priority)
{
  g_return_if_fail (WB_IS_RENDER_JOB (self));
  g_return_if_fail (priority < WB_JOB_N_PRIORITIES);
  self->priority = priority;
}

void
wb_render_job_set_context (WbRenderJob  *self,
                           GMainContext *context)
{
  g_return_if_fail (WB_IS_RENDER_JOB (self));
  g_return_if_fail (self->context == NULL);
  self->context = g_main_context_ref (context);
}

GCancellable *
wb_render_job_get_cancellable (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), NULL);
  return self->cancellable;
}

void
wb_render_job_cancel (WbRenderJob *self)
{
  g_return_if_fail (WB_IS_RENDER_JOB (self));
  g_cancellable_cancel (self->cancellable);
}

gboolean
wb_render_job_is_finished (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), FALSE);
  return self->finished;
}

cairo_surface_t *
wb_render_job_get_surface (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), NULL);
  return self->finished ? self->surface : NULL;
}

const GError *
wb_render_job_get_error (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), NULL);
  return self->finished ? self->error : NULL;
}

gint64
wb_render_job_get_render_time (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), 0);
  return self->render_time;
}

GThread *
wb_render_job_get_render_thread (WbRenderJob *self)
{
  g_return_val_if_fail (WB_IS_RENDER_JOB (self), NULL);
  return self->render_thread;
}

static void
wb_render_job_finalize (GObject *object)
{
  WbRenderJob *self = (WbRenderJob *) object;

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_error (&self->error);
  g_clear_object (&self->document);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (wb_render_job_parent_class)->finalize (object);
}

static void
wb_render_job_class_init (WbRenderJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wb_render_job_finalize;

  /**
   * WbRenderJob::finished:
   *
   * Emitted once, on the main context the job was queued from, when the job
   * has a surface or an error.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
wb_render_job_init (WbRenderJob *self)
{
  self->cancellable = g_cancellable_new ();
  self->priority = WB_JOB_PRIORITY_LOW;
  self->state = STATE_PENDING;
}
