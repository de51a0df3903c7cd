/* wb-document-text.c: finding and copying a document's text, off the main loop
 *
 * Both run on GTask worker threads and take the document lock one page at a
 * time, so a search through 350 pages never holds up the page the
 * caseworker is looking at for more than one page's worth of poppler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wb-document-text.h"
#include "wb-job-scheduler.h"

typedef struct
{
  char     *text;
  guint     page;
  gboolean  has_area;
  WbTextHit area;
  gboolean  has_text;
} TextData;

static void
text_data_free (TextData *data)
{
  g_free (data->text);
  g_free (data);
}

static gint64
lock_deadline (void)
{
  return g_get_monotonic_time () + (gint64) WB_JOB_SCHEDULER_DEFAULT_TIMEOUT_MS * 1000;
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Called with the lock held. */
static gboolean
page_has_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);

  return !text_is_blank (text);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WbDocument *document = source_object;
  TextData *data = task_data;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (WbTextHit));
  guint n = wb_document_get_n_pages (document);

  for (guint i = 0; i < n; i++)
    {
      GError *error = NULL;
      PopplerDocument *poppler;
      PopplerPage *page;
      double height = 0;
      GList *matches;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (wb_document_page_is_broken (document, i))
        continue;

      poppler = wb_document_lock (document, lock_deadline (), &error);
      if (poppler == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      page = poppler_document_get_page (poppler, i);
      if (page == NULL)
        {
          wb_document_unlock (document);
          continue;
        }
      poppler_page_get_size (page, NULL, &height);
      matches = poppler_page_find_text_with_options (page, data->text, POPPLER_FIND_DEFAULT);
      /* Only a search that found nothing needs to know whether there was
       * anything to find; asking every page would read its text twice. */
      if (matches != NULL)
        data->has_text = TRUE;
      g_object_unref (page);
      wb_document_unlock (document);

      /* poppler counts y from the bottom of the page. */
      for (GList *l = matches; l != NULL; l = l->next)
        {
          PopplerRectangle *rect = l->data;
          WbTextHit hit = {
            .page = i,
            .x1 = MIN (rect->x1, rect->x2),
            .x2 = MAX (rect->x1, rect->x2),
            .y1 = height - MAX (rect->y1, rect->y2),
            .y2 = height - MIN (rect->y1, rect->y2),
          };

          g_array_append_val (hits, hit);
        }
      g_list_free_full (matches, (GDestroyNotify) poppler_rectangle_free);
    }

  for (guint i = 0; i < n && !data->has_text; i++)
    {
      GError *error = NULL;
      PopplerDocument *poppler;
      PopplerPage *page;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (wb_document_page_is_broken (document, i))
        continue;
      poppler = wb_document_lock (document, lock_deadline (), &error);
      if (poppler == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      page = poppler_document_get_page (poppler, i);
      if (page != NULL)
        {
          data->has_text = page_has_text (page);
          g_object_unref (page);
        }
      wb_document_unlock (document);
    }

  g_task_return_pointer (task, g_steal_pointer (&hits), (GDestroyNotify) g_array_unref);
}

void
wb_document_find_text_async (WbDocument          *document,
                             const char          *text,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TextData *data;

  g_return_if_fail (WB_IS_DOCUMENT (document));
  g_return_if_fail (text != NULL);

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_document_find_text_async);
  data = g_new0 (TextData, 1);
  data->text = g_strdup (text);
  g_task_set_task_data (task, data, (GDestroyNotify) text_data_free);
  g_task_run_in_thread (task, find_thread);
}

GArray *
wb_document_find_text_finish (WbDocument    *document,
                              GAsyncResult  *result,
                              gboolean      *has_text,
                              GError       **error)
{
  TextData *data;

  g_return_val_if_fail (g_task_is_valid (result, document), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (has_text != NULL)
    *has_text = data->has_text;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_text_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WbDocument *document = source_object;
  TextData *data = task_data;
  GError *error = NULL;
  PopplerDocument *poppler;
  PopplerPage *page;
  char *text = NULL;

  if (data->page >= wb_document_get_n_pages (document)
      || wb_document_page_is_broken (document, data->page))
    {
      g_task_return_new_error (task, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED,
                               "Page %u has no text that can be read", data->page + 1);
      return;
    }

  poppler = wb_document_lock (document, lock_deadline (), &error);
  if (poppler == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  page = poppler_document_get_page (poppler, data->page);
  if (page != NULL)
    {
      if (data->has_area)
        {
          PopplerRectangle rect = {
            .x1 = data->area.x1, .y1 = data->area.y1,
            .x2 = data->area.x2, .y2 = data->area.y2,
          };

          text = poppler_page_get_selected_text (page, POPPLER_SELECTION_GLYPH, &rect);
        }
      else
        text = poppler_page_get_text (page);
      g_object_unref (page);
    }
  wb_document_unlock (document);

  g_task_return_pointer (task, text != NULL ? text : g_strdup (""), g_free);
}

void
wb_document_get_text_async (WbDocument          *document,
                            guint                page,
                            const WbTextHit     *area,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TextData *data;

  g_return_if_fail (WB_IS_DOCUMENT (document));

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_document_get_text_async);
  data = g_new0 (TextData, 1);
  data->page = page;
  if (area != NULL)
    {
      data->has_area = TRUE;
      data->area = *area;
    }
  g_task_set_task_data (task, data, (GDestroyNotify) text_data_free);
  g_task_run_in_thread (task, get_text_thread);
}

char *
wb_document_get_text_finish (WbDocument    *document,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, document), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
