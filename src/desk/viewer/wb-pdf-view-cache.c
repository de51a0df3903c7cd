/* wb-pdf-view-cache.c: the viewer's page bitmaps, within a byte budget
 *
 * Every page bitmap the viewer holds, on screen or kept for scrolling
 * back, is counted against the budget (the viewer-cache-size setting). Pages
 * are kept least recently shown first, and once over the budget the oldest
 * ones that are not on screen go. Pages on screen are never dropped, so a
 * budget smaller than one screenful still shows the screen.
 *
 * Just beyond the rows on screen, a couple of pages are rendered at low
 * priority, so paging down finds them ready; a preload that is no longer
 * near the screen is cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "viewer/wb-page-paintable.h"
#include "viewer/wb-pdf-view-private.h"

#define SETTINGS_SCHEMA   "io.github.wangban.Desk"
#define CACHE_SIZE_KEY    "viewer-cache-size"
#define DEFAULT_BUDGET_MB 64
/* Pages rendered ahead of the screen, below and above it. */
#define PRELOAD_AFTER     2
#define PRELOAD_BEFORE    1

double
wb_pdf_view_device_scale (WbPdfView *self)
{
  return self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static void
read_budget (WbPdfView *self)
{
  guint mb = self->settings != NULL ? g_settings_get_uint (self->settings, CACHE_SIZE_KEY)
                                    : DEFAULT_BUDGET_MB;

  self->cache_budget = (gsize) MAX (mb, 1) * 1024 * 1024;
}

static void
on_budget_changed_cb (GSettings  *settings,
                      const char *key,
                      WbPdfView  *self)
{
  read_budget (self);
  wb_pdf_view_cache_trim (self);
}

void
wb_pdf_view_cache_init (WbPdfView *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_queue_init (&self->lru);
  /* Without the installed schema (a test of the widget alone) the
   * default budget holds. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, CACHE_SIZE_KEY))
    {
      self->settings = g_settings_new (SETTINGS_SCHEMA);
      g_signal_connect_object (self->settings, "changed::" CACHE_SIZE_KEY,
                               G_CALLBACK (on_budget_changed_cb), self, 0);
    }
  read_budget (self);
}


void
wb_pdf_view_cache_drop (WbPdfView *self,
                        WbPdfPage *page)
{
  if (page->texture == NULL)
    return;
  g_queue_unlink (&self->lru, &page->lru_link);
  self->cache_bytes -= page->texture_bytes;
  page->texture_bytes = 0;
  g_clear_object (&page->texture);
}

void
wb_pdf_view_cache_set_texture (WbPdfView    *self,
                               WbPdfPage    *page,
                               GdkPaintable *texture,
                               double        scale,
                               guint         rotation)
{
  wb_pdf_view_cache_drop (self, page);
  page->texture = g_object_ref (texture);
  page->texture_scale = scale;
  page->texture_rotation = rotation;
  page->texture_bytes = wb_page_paintable_get_size (WB_PAGE_PAINTABLE (texture));
  self->cache_bytes += page->texture_bytes;
  g_queue_push_tail_link (&self->lru, &page->lru_link);
}

void
wb_pdf_view_cache_touch (WbPdfView *self,
                         WbPdfPage *page)
{
  if (page->texture == NULL)
    return;
  g_queue_unlink (&self->lru, &page->lru_link);
  g_queue_push_tail_link (&self->lru, &page->lru_link);
}

/* The pages in the viewport, mapped through the page sizes as the page
 * indicator does: the list binds rows beyond the viewport too, and those
 * may give up their bitmaps. */
static gboolean
visible_range (WbPdfView *self,
               guint     *first,
               guint     *last)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  double upper = gtk_adjustment_get_upper (adj);
  double total = 0, top, bottom, start = 0;
  g_autofree double *heights = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      heights[i] = wb_pdf_view_page_shown_height (self, page) * self->scale + WB_PDF_ROW_PADDING;
      total += heights[i];
    }
  if (n == 0 || total <= 0)
    return FALSE;
  if (upper > 0)
    {
      top = gtk_adjustment_get_value (adj) * total / upper;
      bottom = (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)) * total / upper;
    }
  else if (self->last_height > 0)
    {
      /* Before the list's first layout: it opens at the top. */
      top = 0;
      bottom = self->last_height;
    }
  else
    return FALSE;
  *first = 0;
  *last = n - 1;
  for (guint i = 0; i < n; i++)
    {
      if (start + heights[i] <= top)
        *first = i + 1;
      if (start >= bottom)
        {
          *last = i > 0 ? i - 1 : 0;
          break;
        }
      start += heights[i];
    }
  *first = MIN (*first, *last);
  return TRUE;
}

gboolean
wb_pdf_view_page_is_visible (WbPdfView *self,
                             WbPdfPage *page)
{
  guint first, last;

  /* Before the list has a size, every bound row counts as on screen. */
  if (!visible_range (self, &first, &last))
    return TRUE;
  return page->index >= first && page->index <= last;
}

void
wb_pdf_view_cache_trim (WbPdfView *self)
{
  GList *link = self->lru.head;
  guint first = 0, last = G_MAXUINT;

  if (self->cache_bytes > self->cache_budget)
    visible_range (self, &first, &last);
  while (self->cache_bytes > self->cache_budget && link != NULL)
    {
      GList *next = link->next;
      WbPdfPage *page = link->data;

      if (page->index < first || page->index > last)
        {
          if (page->picture != NULL)
            gtk_picture_set_paintable (page->picture, NULL);
          wb_pdf_view_cache_drop (self, page);
          self->n_evicted++;
        }
      link = next;
    }
  self->cache_peak = MAX (self->cache_peak, self->cache_bytes);
}

gboolean
wb_pdf_view_cache_is_fresh (WbPdfView *self,
                            WbPdfPage *page)
{
  return page->texture != NULL
         && page->texture_rotation == wb_pdf_view_page_rotation (self, page)
         && fabs (page->texture_scale - wb_pdf_view_device_scale (self)) < 1e-6;
}

void
wb_pdf_view_cache_clear (WbPdfView *self)
{
  g_clear_handle_id (&self->preload_source, g_source_remove);
  while (self->lru.head != NULL)
    wb_pdf_view_cache_drop (self, self->lru.head->data);
  self->cache_bytes = 0;
  self->cache_peak = 0;
  self->n_evicted = 0;
}

static gsize
estimated_bytes (WbPdfView *self,
                 WbPdfPage *page)
{
  double scale = wb_pdf_view_device_scale (self);

  return (gsize) (ceil (wb_pdf_view_page_shown_width (self, page) * scale)
                  * ceil (wb_pdf_view_page_shown_height (self, page) * scale) * 4);
}

static gboolean
preload_idle (gpointer user_data)
{
  WbPdfView *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  guint first, last;
  gsize room;

  self->preload_source = 0;
  if (self->document == NULL || !visible_range (self, &first, &last))
    return G_SOURCE_REMOVE;

  /* Pages in the viewport first, whatever the budget: a row bound before
   * it scrolled into view may have given its bitmap up meanwhile. */
  for (guint i = first; i <= last && i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      if (page->picture != NULL && page->error == NULL && !wb_pdf_view_cache_is_fresh (self, page))
        wb_pdf_view_page_queue_render (self, page, WB_JOB_PRIORITY_URGENT);
    }

  room = self->cache_bytes < self->cache_budget ? self->cache_budget - self->cache_bytes : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      gboolean near = i + PRELOAD_BEFORE >= first && i <= last + PRELOAD_AFTER;

      if (i >= first && i <= last)
        continue;
      if (!near)
        {
          /* Rows the list keeps bound far off screen render only when they
           * come near; a preload that is no longer near is cancelled. */
          if (page->job != NULL && wb_render_job_get_priority (page->job) != WB_JOB_PRIORITY_URGENT)
            wb_pdf_view_page_cancel_job (page);
          continue;
        }
      if (page->error != NULL || wb_pdf_view_cache_is_fresh (self, page))
        continue;
      /* A preload the budget would drop at once would only be rendered
       * again and again. */
      if (estimated_bytes (self, page) > room)
        continue;
      room -= estimated_bytes (self, page);
      wb_pdf_view_page_queue_render (self, page, WB_JOB_PRIORITY_LOW);
    }
  return G_SOURCE_REMOVE;
}

/* From an idle: rows are bound and unbound in the middle of a layout, and
 * the range is only known once the layout is done. */
void
wb_pdf_view_queue_preload (WbPdfView *self)
{
  if (self->preload_source != 0 || self->document == NULL)
    return;
  self->preload_source = g_idle_add_full (G_PRIORITY_LOW, preload_idle, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->preload_source),
                            "[wangban] viewer preload");
}

void
wb_pdf_view_cache_dispose (WbPdfView *self)
{
  wb_pdf_view_cache_clear (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
}
