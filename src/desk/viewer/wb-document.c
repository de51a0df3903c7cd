/* wb-document.c: a PDF opened off the main loop, with its page sizes known
 *
 * Poppler is not thread-safe, so every call into it, from whichever thread,
 * goes through wb_document_lock(). The lock is a flag guarded by a mutex and
 * a condition rather than a bare GMutex, because a GMutex cannot be waited
 * for with a deadline and a page that hangs poppler must not take every job
 * behind it down with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "wb-document.h"

/* A page bigger than this (in points, about 14 m) is a damaged size. */
#define MAX_PAGE_POINTS 40000.0

typedef enum
{
  COVER_UNKNOWN,
  COVER_IMAGE,
  COVER_OTHER,
} Cover;

typedef struct
{
  double   width;
  double   height;
  gboolean broken;
  Cover    cover;   /* learnt on first render, under the poppler lock */
} PageInfo;

struct _WbDocument
{
  GObject          parent_instance;

  /* owned references */
  GFile           *file;
  PopplerDocument *poppler;   /* only touched between lock and unlock */

  /* read once at load time, immutable afterwards */
  PageInfo        *pages;
  guint            n_pages;

  /* the poppler lock */
  GMutex           state_lock;
  GCond            state_cond;
  gboolean         busy;
  gboolean         stuck;
};

G_DEFINE_FINAL_TYPE (WbDocument, wb_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (wb-document-error-quark, wb_document_error)

typedef struct
{
  GFile *file;
  char  *password;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  /* The password should not linger in freed memory. */
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_clear_pointer (&data->password, g_free);
  g_free (data);
}

static gboolean
size_is_sane (double width,
              double height)
{
  return isfinite (width) && isfinite (height)
         && width >= 1.0 && height >= 1.0
         && width <= MAX_PAGE_POINTS && height <= MAX_PAGE_POINTS;
}

static GError *
translate_open_error (GError     *error,
                      GFile      *file,
                      const char *password)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    return g_error_new (WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_ENCRYPTED,
                        password != NULL && *password != '\0'
                        ? "“%s” is protected and the password is wrong"
                        : "“%s” is protected by a password",
                        name);

  if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR
      || g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_OPEN_FILE))
    return g_error_new (WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_UNREADABLE,
                        "Cannot read “%s”: %s", name, error->message);

  return g_error_new (WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                      "“%s” is damaged and cannot be opened (%s)",
                      name, error->message);
}

WbDocument *
wb_document_load_sync (GFile         *file,
                       const char    *password,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(WbDocument) self = NULL;
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *poppler;
  int n_pages;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  poppler = poppler_document_new_from_gfile (file, password, cancellable, &local_error);
  if (poppler == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_error (error, translate_open_error (local_error, file, password));
      return NULL;
    }

  self = g_object_new (WB_TYPE_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  self->poppler = poppler;

  /* Nobody else can see the object yet, but the sizes are read under the lock
   * all the same so the rule "poppler only under the lock" has no exception. */
  wb_document_lock (self, G_MAXINT64, NULL);

  n_pages = poppler_document_get_n_pages (poppler);
  /* A fuzzed page tree can claim millions of pages; poppler then reports
   * none it can reach, which is as good as a damaged file. */
  if (n_pages <= 0)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      wb_document_unlock (self);
      g_set_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                   "“%s” is damaged: it has no pages that can be read", name);
      return NULL;
    }

  self->n_pages = n_pages;
  self->pages = g_new0 (PageInfo, n_pages);
  for (guint i = 0; i < self->n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (poppler, i);
      PageInfo *info = &self->pages[i];

      if (page != NULL)
        {
          poppler_page_get_size (page, &info->width, &info->height);
          g_object_unref (page);
        }

      if (page == NULL || !size_is_sane (info->width, info->height))
        {
          info->broken = TRUE;
          info->width = 595.0;
          info->height = 842.0;
        }

      if (g_cancellable_is_cancelled (cancellable))
        break;
    }

  wb_document_unlock (self);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  WbDocument *document;

  document = wb_document_load_sync (data->file, data->password, cancellable, &error);
  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
wb_document_load_async (GFile               *file,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_document_load_async);

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  g_task_run_in_thread (task, load_thread);
}

WbDocument *
wb_document_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
wb_document_get_file (WbDocument *self)
{
  g_return_val_if_fail (WB_IS_DOCUMENT (self), NULL);

  return self->file;
}

guint
wb_document_get_n_pages (WbDocument *self)
{
  g_return_val_if_fail (WB_IS_DOCUMENT (self), 0);

  return self->n_pages;
}

void
wb_document_get_page_size (WbDocument *self,
                           guint       page,
                           double     *width,
                           double     *height)
{
  g_return_if_fail (WB_IS_DOCUMENT (self));
  g_return_if_fail (page < self->n_pages);

  if (width != NULL)
    *width = self->pages[page].width;
  if (height != NULL)
    *height = self->pages[page].height;
}

gboolean
wb_document_page_is_broken (WbDocument *self,
                            guint       page)
{
  g_return_val_if_fail (WB_IS_DOCUMENT (self), TRUE);
  g_return_val_if_fail (page < self->n_pages, TRUE);

  return self->pages[page].broken;
}

/* Half the page: a scan with a typed strip or a stamp beside it is still a
 * scan, a report with a photo in it is not. */
#define IMAGE_PAGE_SHARE 0.5

gboolean
wb_document_page_is_image (WbDocument  *self,
                           guint        page,
                           PopplerPage *locked_page)
{
  PageInfo *info;

  g_return_val_if_fail (WB_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (page < self->n_pages, FALSE);
  g_return_val_if_fail (POPPLER_IS_PAGE (locked_page), FALSE);

  info = &self->pages[page];
  if (info->cover == COVER_UNKNOWN)
    {
      GList *mapping = poppler_page_get_image_mapping (locked_page);
      double page_w, page_h, covered = 0;

      /* The mapping walks the content stream without decoding a single
       * image: a fraction of a millisecond on a scan, a few on a dense
       * text page, and only once per page. */
      poppler_page_get_size (locked_page, &page_w, &page_h);
      for (GList *l = mapping; l != NULL; l = l->next)
        {
          PopplerImageMapping *m = l->data;

          covered += fabs (m->area.x2 - m->area.x1) * fabs (m->area.y2 - m->area.y1);
        }
      poppler_page_free_image_mapping (mapping);

      info->cover = (page_w > 0 && page_h > 0 && covered >= IMAGE_PAGE_SHARE * page_w * page_h)
                    ? COVER_IMAGE : COVER_OTHER;
    }

  return info->cover == COVER_IMAGE;
}

PopplerDocument *
wb_document_lock (WbDocument  *self,
                  gint64       deadline_us,
                  GError     **error)
{
  g_return_val_if_fail (WB_IS_DOCUMENT (self), NULL);

  g_mutex_lock (&self->state_lock);
  while (self->busy)
    {
      if (self->stuck
          || !g_cond_wait_until (&self->state_cond, &self->state_lock, deadline_us))
        {
          gboolean stuck = self->stuck;

          g_mutex_unlock (&self->state_lock);
          g_set_error_literal (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TIMEOUT,
                               stuck
                               ? "An earlier page of this document is still stuck in the PDF renderer"
                               : "Timed out waiting for the PDF renderer");
          return NULL;
        }
    }
  self->busy = TRUE;
  g_mutex_unlock (&self->state_lock);

  return self->poppler;
}

void
wb_document_unlock (WbDocument *self)
{
  g_return_if_fail (WB_IS_DOCUMENT (self));

  g_mutex_lock (&self->state_lock);
  g_warn_if_fail (self->busy);
  self->busy = FALSE;
  self->stuck = FALSE;
  g_cond_broadcast (&self->state_cond);
  g_mutex_unlock (&self->state_lock);
}

void
wb_document_mark_stuck (WbDocument *self)
{
  g_return_if_fail (WB_IS_DOCUMENT (self));

  g_mutex_lock (&self->state_lock);
  if (self->busy)
    {
      self->stuck = TRUE;
      /* Wake the waiters so they fail now rather than at their deadline. */
      g_cond_broadcast (&self->state_cond);
    }
  g_mutex_unlock (&self->state_lock);
}

gboolean
wb_document_is_stuck (WbDocument *self)
{
  gboolean stuck;

  g_return_val_if_fail (WB_IS_DOCUMENT (self), FALSE);

  g_mutex_lock (&self->state_lock);
  stuck = self->stuck;
  g_mutex_unlock (&self->state_lock);

  return stuck;
}

static void
wb_document_finalize (GObject *object)
{
  WbDocument *self = (WbDocument *) object;

  /* Jobs hold a reference to the document, so no thread is inside poppler
   * here, not even one stuck past its watchdog. */
  g_clear_object (&self->poppler);
  g_clear_object (&self->file);
  g_clear_pointer (&self->pages, g_free);
  g_mutex_clear (&self->state_lock);
  g_cond_clear (&self->state_cond);

  G_OBJECT_CLASS (wb_document_parent_class)->finalize (object);
}

static void
wb_document_class_init (WbDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wb_document_finalize;
}

static void
wb_document_init (WbDocument *self)
{
  g_mutex_init (&self->state_lock);
  g_cond_init (&self->state_cond);
}
