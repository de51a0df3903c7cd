/* wb-pdf-view.c
 *
 * Pages are rows of a GtkListView, so only the rows on screen exist. Each
 * row's size comes from the page sizes read at load time; binding a row
 * queues an urgent render job and unbinding it cancels the job and drops
 * the bitmap, which bounds memory by the rows the list keeps. Poppler is
 * only touched by the scheduler's workers.
 *
 * The thumbnail sidebar is a one-column GtkGridView over the same pages,
 * built the same way at high priority, so visible pages still come first.
 * It has no model while hidden, so a hidden sidebar renders nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "viewer/wb-page-paintable.h"
#include "viewer/wb-pdf-view-private.h"
#include "wb-context.h"

#define MIN_SCALE    0.25
#define MAX_SCALE    4.0
#define ZOOM_STEP    1.2
#define ROW_PADDING  WB_PDF_ROW_PADDING
/* A little room so fit-width never needs a horizontal scrollbar. */
#define FIT_MARGIN   8
/* Thumbnails are this wide in pixels, whatever the page's size. */
#define THUMB_WIDTH  96

G_DEFINE_FINAL_TYPE (WbPdfPage, wb_pdf_page, G_TYPE_OBJECT)

G_DEFINE_FINAL_TYPE (WbPdfView, wb_pdf_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROTATION,
  PROP_SHOW_THUMBNAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void clear_document (WbPdfView *self);
static void go_to_page     (WbPdfView *self,
                            guint      index);

static void
cancel_job (WbPdfPage    *page,
            WbRenderJob **job)
{
  if (*job == NULL)
    return;
  g_signal_handlers_disconnect_by_data (*job, page);
  if (page->view != NULL && !wb_render_job_is_finished (*job))
    wb_job_scheduler_cancel (page->view->scheduler, *job);
  g_clear_object (job);
}

static void
page_cancel_job (WbPdfPage *page)
{
  cancel_job (page, &page->job);
}

static void
page_cancel_thumbnail_job (WbPdfPage *page)
{
  cancel_job (page, &page->thumb_job);
}

void
wb_pdf_view_page_cancel_job (WbPdfPage *page)
{
  page_cancel_job (page);
}

static void
wb_pdf_page_dispose (GObject *object)
{
  WbPdfPage *page = (WbPdfPage *) object;

  page_cancel_job (page);
  page_cancel_thumbnail_job (page);
  g_clear_object (&page->texture);
  g_clear_object (&page->thumb_texture);
  g_clear_pointer (&page->error, g_free);

  G_OBJECT_CLASS (wb_pdf_page_parent_class)->dispose (object);
}

static void
wb_pdf_page_class_init (WbPdfPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wb_pdf_page_dispose;
}

static void
wb_pdf_page_init (WbPdfPage *page)
{
  page->lru_link.data = page;
}

/* What a caseworker reads on a page that cannot be drawn; the engine's
 * own words, which name the page and the sizes, go in the tooltip. */
static const char *
describe_page_error (const GError *error)
{
  if (g_error_matches (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TIMEOUT))
    return _("This page took too long to draw.");
  if (g_error_matches (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TOO_LARGE))
    return _("This page is too large to draw at this zoom.");
  return _("This page is damaged and cannot be shown.");
}

static void
page_show_error (WbPdfPage *page)
{
  if (page->error_label == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (page->error_label), page->error != NULL);
  if (page->error != NULL)
    gtk_label_set_label (page->error_label, page->error);
}

static gboolean
texture_fits (WbPdfView *self,
              WbPdfPage *page)
{
  return page->texture != NULL && page->texture_rotation == wb_pdf_view_page_rotation (self, page);
}

static void
on_job_finished_cb (WbRenderJob *job,
                    WbPdfPage   *page)
{
  WbPdfView *self = page->view;
  cairo_surface_t *surface;

  if (self == NULL || job != page->job)
    return;

  surface = wb_render_job_get_surface (job);
  if (surface != NULL)
    {
      gboolean for_cairo = wb_page_paintable_widget_uses_cairo (GTK_WIDGET (self));
      g_autoptr(GdkPaintable) texture = GDK_PAINTABLE (wb_page_paintable_new (surface, for_cairo));

      g_clear_pointer (&page->error, g_free);
      wb_pdf_view_cache_set_texture (self, page, texture, wb_render_job_get_scale (job),
                                     wb_render_job_get_rotation (job));
      if (page->picture != NULL)
        {
          gtk_picture_set_paintable (page->picture, page->texture);
          page_show_error (page);
          if (self->n_rendered == 0)
            wb_context_trace ("material-first-page");
          self->n_rendered++;
        }
    }
  else
    {
      const GError *error = wb_render_job_get_error (job);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Page %u not rendered: %s", page->index + 1, error->message);
          g_free (page->error);
          page->error = g_strdup (describe_page_error (error));
          page->error_scale = wb_render_job_get_scale (job);
          if (page->picture != NULL)
            {
              gtk_widget_set_tooltip_text (GTK_WIDGET (page->picture), error->message);
              page_show_error (page);
            }
        }
    }
  g_clear_object (&page->job);
  wb_pdf_view_cache_trim (self);
  /* A render that was already running when the zoom changed. */
  if (page->picture != NULL && page->error == NULL && !wb_pdf_view_cache_is_fresh (self, page))
    wb_pdf_view_page_queue_render (self, page, WB_JOB_PRIORITY_URGENT);
}

/* A job already running for this page at the right scale is kept, and
 * only moved up when a preload becomes a page on screen. */
void
wb_pdf_view_page_queue_render (WbPdfView     *self,
                               WbPdfPage     *page,
                               WbJobPriority  priority)
{
  double scale = wb_pdf_view_device_scale (self);
  guint rotation = wb_pdf_view_page_rotation (self, page);

  if (page->job != NULL
      && wb_render_job_get_rotation (page->job) == rotation
      && (fabs (wb_render_job_get_scale (page->job) - scale) < 1e-6
          /* Already in poppler at about this scale: cancelling would
           * not stop it, only make the page wait for a second render.
           * It is shown when it lands, and rendered again at the
           * right scale then. */
          || (wb_render_job_get_render_thread (page->job) != NULL
              && fabs (wb_render_job_get_scale (page->job) / scale - 1) < 0.25)))
    {
      if (priority < wb_render_job_get_priority (page->job))
        wb_job_scheduler_set_priority (self->scheduler, page->job, priority);
      return;
    }

  page_cancel_job (page);
  page->job = wb_render_job_new (self->document, page->index, scale, rotation);
  g_signal_connect (page->job, "finished", G_CALLBACK (on_job_finished_cb), page);
  wb_job_scheduler_push (self->scheduler, page->job, priority);
}

guint
wb_pdf_view_page_rotation (WbPdfView *self,
                           WbPdfPage *page)
{
  return (self->rotation + page->rotation) % 360;
}

/* A page turned a quarter shows its height across. */
double
wb_pdf_view_page_shown_width (WbPdfView *self,
                              WbPdfPage *page)
{
  return wb_pdf_view_page_rotation (self, page) % 180 == 0 ? page->width : page->height;
}

double
wb_pdf_view_page_shown_height (WbPdfView *self,
                               WbPdfPage *page)
{
  return wb_pdf_view_page_rotation (self, page) % 180 == 0 ? page->height : page->width;
}

#define page_shown_width wb_pdf_view_page_shown_width
#define page_shown_height wb_pdf_view_page_shown_height

WbPdfPage *
wb_pdf_view_get_page (WbPdfView *self,
                      guint      index)
{
  g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), index);

  /* The store holds a reference for as long as the document is open. */
  return page;
}

/* A bitmap at a stale scale is shown stretched until the new one comes,
 * which beats a blank page while zooming. A page that failed at this
 * scale is not tried again. */
static void
page_show (WbPdfView *self,
           WbPdfPage *page)
{
  gtk_widget_set_size_request (GTK_WIDGET (page->picture),
                               (int) ceil (page_shown_width (self, page) * self->scale),
                               (int) ceil (page_shown_height (self, page) * self->scale));
  gtk_picture_set_paintable (page->picture, texture_fits (self, page) ? page->texture : NULL);
  if (page->error != NULL && fabs (page->error_scale - wb_pdf_view_device_scale (self)) > 1e-6)
    g_clear_pointer (&page->error, g_free);
  page_show_error (page);
  gtk_widget_queue_draw (page->marks);
  /* The list binds rows beyond the viewport too; those wait for the
   * preloader, which renders them only when they come near. */
  if (page->error == NULL && !wb_pdf_view_cache_is_fresh (self, page)
      && wb_pdf_view_page_is_visible (self, page))
    wb_pdf_view_page_queue_render (self, page, WB_JOB_PRIORITY_URGENT);
}

static void
on_row_set_up_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  WbPdfView                *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *marks = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (overlay, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "wb-pdf-page");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), marks);
  wb_pdf_view_marks_set_up (self, item, marks);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  /* At the top: a page too large to draw can be metres long. */
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (label, 48);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_can_target (label, FALSE);
  gtk_widget_set_visible (label, FALSE);
  gtk_widget_add_css_class (label, "error");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), label);

  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, overlay);
}

static void
on_row_bound_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 WbPdfView                *self)
{
  WbPdfPage *page = gtk_list_item_get_item (item);
  GtkWidget *overlay = gtk_list_item_get_child (item);
  g_autofree char *alt = NULL;

  page->picture = GTK_PICTURE (gtk_overlay_get_child (GTK_OVERLAY (overlay)));
  page->marks = gtk_widget_get_next_sibling (GTK_WIDGET (page->picture));
  page->error_label = GTK_LABEL (gtk_widget_get_next_sibling (page->marks));
  gtk_widget_set_tooltip_text (GTK_WIDGET (page->picture), NULL);
  /* Translators: how a screen reader names a page of a material */
  alt = g_strdup_printf (_("Page %u"), page->index + 1);
  gtk_picture_set_alternative_text (page->picture, alt);
  /* Moved to the end of the cache: the page is on screen again. */
  wb_pdf_view_cache_touch (self, page);
  page_show (self, page);
  wb_pdf_view_queue_preload (self);
}

/* The page's bitmap stays in the cache, so scrolling back is instant;
 * the cache drops the pages seen longest ago once over its budget. */
static void
on_row_unbound_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   WbPdfView                *self)
{
  WbPdfPage *page = gtk_list_item_get_item (item);

  gtk_picture_set_paintable (page->picture, NULL);
  gtk_widget_set_visible (GTK_WIDGET (page->error_label), FALSE);
  page->picture = NULL;
  page->marks = NULL;
  page->error_label = NULL;
  /* An urgent render for a page that left the screen is not wanted; the
   * preloader asks again at low priority if it is still near. */
  if (page->job != NULL && wb_render_job_get_priority (page->job) == WB_JOB_PRIORITY_URGENT)
    page_cancel_job (page);
  wb_pdf_view_cache_trim (self);
  wb_pdf_view_queue_preload (self);
}

static void
on_thumbnail_job_finished_cb (WbRenderJob *job,
                              WbPdfPage   *page)
{
  WbPdfView *self = page->view;
  cairo_surface_t *surface;

  if (self == NULL || job != page->thumb_job)
    return;

  /* A page that fails to render says why on the page itself; its
   * thumbnail just stays blank. */
  surface = wb_render_job_get_surface (job);
  if (surface != NULL)
    {
      g_clear_object (&page->thumb_texture);
      page->thumb_texture = GDK_PAINTABLE (wb_page_paintable_new (surface,
                                                                  wb_page_paintable_widget_uses_cairo (GTK_WIDGET (self))));
      if (page->thumb_picture != NULL)
        gtk_picture_set_paintable (page->thumb_picture, page->thumb_texture);
      self->n_thumbnails_rendered++;
    }
  g_clear_object (&page->thumb_job);
}

static void
thumbnail_show (WbPdfView *self,
                WbPdfPage *page)
{
  double width = MAX (page_shown_width (self, page), 1);
  double scale = THUMB_WIDTH / width;

  gtk_widget_set_size_request (GTK_WIDGET (page->thumb_picture), THUMB_WIDTH,
                               (int) ceil (page_shown_height (self, page) * scale));
  gtk_picture_set_paintable (page->thumb_picture,
                             page->thumb_texture ? page->thumb_texture : NULL);
  if (page->thumb_texture != NULL || page->thumb_job != NULL)
    return;

  scale *= gtk_widget_get_scale_factor (GTK_WIDGET (self));
  page->thumb_job = wb_render_job_new (self->document, page->index, scale, self->rotation);
  g_signal_connect (page->thumb_job, "finished", G_CALLBACK (on_thumbnail_job_finished_cb), page);
  wb_job_scheduler_push (self->scheduler, page->thumb_job, WB_JOB_PRIORITY_HIGH);
}

static void
on_thumbnail_set_up_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        WbPdfView                *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "wb-pdf-thumbnail");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
on_thumbnail_bound_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       WbPdfView                *self)
{
  WbPdfPage *page = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  g_autofree char *alt = NULL;
  g_autofree char *number = g_strdup_printf ("%u", page->index + 1);

  page->thumb_picture = GTK_PICTURE (gtk_widget_get_first_child (box));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), number);
  alt = g_strdup_printf (_("Page %u"), page->index + 1);
  gtk_picture_set_alternative_text (page->thumb_picture, alt);
  thumbnail_show (self, page);
}

/* As with the pages, only bound thumbnails hold a bitmap. */
static void
on_thumbnail_unbound_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         WbPdfView                *self)
{
  WbPdfPage *page = gtk_list_item_get_item (item);

  gtk_picture_set_paintable (page->thumb_picture, NULL);
  page->thumb_picture = NULL;
  page_cancel_thumbnail_job (page);
  g_clear_object (&page->thumb_texture);
}

static void
show_current_page (WbPdfView *self,
                   guint      current,
                   guint      n)
{
  g_autofree char *text = NULL;

  self->current_page = current;
  /* Translators: the page shown and the number of pages, e.g. "3 / 12" */
  text = g_strdup_printf (_("%u / %u"), n > 0 ? current + 1 : 0, n);
  gtk_label_set_label (self->page_label, text);

  /* Never overwrite a number the user is typing. */
  if (!(gtk_widget_get_state_flags (GTK_WIDGET (self->page_entry)) & GTK_STATE_FLAG_FOCUS_WITHIN))
    {
      g_autofree char *number = n > 0 ? g_strdup_printf ("%u", current + 1) : g_strdup ("");

      gtk_editable_set_text (GTK_EDITABLE (self->page_entry), number);
    }
}

/* Which page is in the middle of the viewport. The list only knows the
 * heights of rows it has built, so the position is mapped through the
 * page sizes, which are all known. */
static void
update_page_label (WbPdfView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = self->pages ? g_list_model_get_n_items (G_LIST_MODEL (self->pages)) : 0;
  double upper = gtk_adjustment_get_upper (adj);
  double total = 0;
  g_autofree double *starts = g_new (double, n + 1);
  gboolean jumped = self->jump_page >= 0 && (guint) self->jump_page < n;
  guint current = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      starts[i] = total;
      total += page_shown_height (self, page) * self->scale + ROW_PADDING;
    }
  starts[n] = total;

  if (upper > 0 && n > 0)
    {
      double top = gtk_adjustment_get_value (adj) * total / upper;
      double bottom = (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)) * total / upper;
      double middle = (top + bottom) / 2;

      while (current + 1 < n && starts[current + 1] <= middle)
        current++;

      /* The list scrolls to a jump on its next layout, so the page jumped
       * to counts until it has been on screen and then left it. */
      if (jumped)
        {
          guint jump = self->jump_page;

          if (starts[jump] < bottom && starts[jump + 1] > top)
            {
              self->jump_seen = TRUE;
              current = jump;
            }
          else if (!self->jump_seen)
            current = jump;
          else
            self->jump_page = -1;
        }
    }
  else if (jumped)
    current = self->jump_page;

  show_current_page (self, current, n);
}

static double
max_page_width (WbPdfView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  double width = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      width = MAX (width, page_shown_width (self, page));
    }
  return width;
}

static double
max_page_height (WbPdfView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  double height = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      height = MAX (height, page_shown_height (self, page));
    }
  return height;
}

static void
update_zoom_label (WbPdfView *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f%%", self->scale * 100);

  gtk_button_set_label (self->zoom_button, text);
}

/* Rows keep their place in the model, so changing the scale or the
 * rotation resizes the bound rows and renders them again. After a zoom
 * the old bitmaps stay up, stretched, until the new ones come; after a
 * turn they are the wrong way round and go. */
static void
render_again (WbPdfView *self,
              gboolean   keep_textures)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      if (page->picture == NULL || !keep_textures)
        page_cancel_job (page);
      if (!keep_textures)
        {
          wb_pdf_view_cache_drop (self, page);
          g_clear_pointer (&page->error, g_free);
        }
      /* An error at another scale is cleared, and the page tried again,
       * by page_show(). */
      if (page->picture != NULL)
        page_show (self, page);
    }
  update_page_label (self);
  wb_pdf_view_queue_preload (self);
}

static void
set_scale (WbPdfView *self,
           double     scale)
{
  scale = CLAMP (scale, MIN_SCALE, MAX_SCALE);
  if (fabs (scale - self->scale) < 0.001)
    return;
  self->scale = scale;
  update_zoom_label (self);
  render_again (self, TRUE);
  wb_pdf_view_update_actions (self);
  /* Resized rows move the list back to its own anchor: a jump it has not
   * shown yet, e.g. End pressed while the fit still settles, is made
   * again at the new sizes. */
  if (self->jump_page >= 0 && !self->jump_seen)
    go_to_page (self, self->jump_page);
}

/* Fit width makes the widest page fill the width; fit page also keeps
 * the tallest one within the height, so a whole page is in view. */
static void
apply_fit (WbPdfView *self)
{
  double width = self->document ? max_page_width (self) : 0;
  double height = self->document ? max_page_height (self) : 0;
  int available = self->last_width - ROW_PADDING - FIT_MARGIN;
  double scale;

  if (width <= 0 || available <= 0)
    return;
  scale = available / width;
  if (self->zoom_mode == WB_PDF_ZOOM_FIT_PAGE && height > 0 && self->last_height > ROW_PADDING)
    scale = MIN (scale, (self->last_height - ROW_PADDING) / height);
  /* A scrollbar that comes and goes moves the width by a few pixels and
   * back. Growing that little is ignored, so the fit settles instead of
   * rendering every page twice; shrinking is not, or the page would
   * overflow. */
  if (scale > self->scale && scale < self->scale * 1.03)
    return;
  set_scale (self, scale);
}

/* Fit width for pages not yet in the list, or 100 % before the view has
 * a width. */
static double
fit_width_scale (WbPdfView *self,
                 GPtrArray *pages)
{
  int available = self->last_width - ROW_PADDING - FIT_MARGIN;
  double width = 0;

  for (guint i = 0; i < pages->len; i++)
    width = MAX (width, page_shown_width (self, g_ptr_array_index (pages, i)));
  if (width <= 0 || available <= 0)
    return 1.0;
  return CLAMP (available / width, MIN_SCALE, MAX_SCALE);
}

static gboolean
fit_idle (gpointer user_data)
{
  WbPdfView *self = user_data;

  self->fit_source = 0;
  if (self->zoom_mode != WB_PDF_ZOOM_FREE)
    apply_fit (self);
  return G_SOURCE_REMOVE;
}

void
wb_pdf_view_update_actions (WbPdfView *self)
{
  gboolean loaded = self->document != NULL;
  static const char * const needs_document[] = {
    "viewer.zoom-fit", "viewer.zoom-fit-page", "viewer.zoom-reset",
    "viewer.rotate-left", "viewer.rotate-right", "viewer.rotate-page-left", "viewer.rotate-page-right",
    "viewer.go-to-page", "viewer.next-page", "viewer.previous-page", "viewer.first-page", "viewer.last-page",
    "viewer.find", "viewer.copy-page-text", "viewer.print", "viewer.save-copy",
  };

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", loaded && self->scale < MAX_SCALE - 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", loaded && self->scale > MIN_SCALE + 0.001);
  for (guint i = 0; i < G_N_ELEMENTS (needs_document); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), needs_document[i], loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.find-next", loaded && self->hits && self->hits->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.find-previous", loaded && self->hits && self->hits->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.copy", loaded && self->selection_page >= 0);
}

#define update_actions wb_pdf_view_update_actions

/* Where page @index starts, and the height of all pages, in pixels at the
 * current scale. */
static void
page_offsets (WbPdfView *self,
              guint      index,
              double    *start,
              double    *total)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  *start = *total = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      if (i == index)
        *start = *total;
      *total += page_shown_height (self, page) * self->scale + ROW_PADDING;
    }
}

/* Jumps by moving the list's adjustment to where the page starts, mapped
 * through the page sizes as update_page_label() maps back. GTK 4.8 has no
 * gtk_list_view_scroll_to(), and its "list.scroll-to-item" action moved
 * the list on the first jump only: later ones left it where it was. */
static void
go_to_page (WbPdfView *self,
            guint      index)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  double upper = gtk_adjustment_get_upper (adj);
  double total, start;

  if (n == 0)
    return;
  index = MIN (index, n - 1);
  page_offsets (self, index, &start, &total);
  self->jump_page = index;
  self->jump_seen = FALSE;
  if (total > 0)
    gtk_adjustment_set_value (adj, start * upper / total);
  update_page_label (self);
}

/* Brings @y pixels below the top of page @index into view, a third of
 * the way down, unless it already is in view. */
void
wb_pdf_view_scroll_to (WbPdfView *self,
                       guint      index,
                       double     y)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  double upper = gtk_adjustment_get_upper (adj);
  double page_size = gtk_adjustment_get_page_size (adj);
  double value = gtk_adjustment_get_value (adj);
  double total, start, target;

  if (index >= n)
    return;
  page_offsets (self, index, &start, &total);
  if (total <= 0)
    return;
  target = (start + ROW_PADDING / 2 + y) * upper / total;
  self->jump_page = index;
  self->jump_seen = FALSE;
  if (target < value + 8 || target > value + page_size - 24)
    gtk_adjustment_set_value (adj, target - page_size / 3);
  update_page_label (self);
}

/* The parameter is the page number as shown, counting from 1. */
static void
go_to_page_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);
  int number = g_variant_get_int32 (parameter);

  go_to_page (self, number > 1 ? (guint) number - 1 : 0);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  go_to_page (self, self->current_page + 1);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  go_to_page (self, self->current_page > 0 ? self->current_page - 1 : 0);
}

static void
first_page_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  go_to_page (WB_PDF_VIEW (widget), 0);
}

static void
last_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  go_to_page (WB_PDF_VIEW (widget), G_MAXUINT);
}

static void
on_page_entry_activated_cb (WbPdfView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->page_entry))));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  guint64 number = 0;

  if (n > 0 && g_ascii_string_to_unsigned (text, 10, 1, n, &number, NULL))
    gtk_widget_activate_action (GTK_WIDGET (self), "viewer.go-to-page", "i", (gint32) number);
  else
    gtk_widget_error_bell (GTK_WIDGET (self->page_entry));

  /* Hand the keys back to the pages, so PgDn works right after a jump
   * and the entry shows the page again. */
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  show_current_page (self, self->current_page, n);
}

static void
on_thumbnail_activated_cb (WbPdfView *self,
                           guint      position)
{
  go_to_page (self, position);
}

/* The list view and its scrolled window bind these keys to move their
 * own cursor, and they see the key first. The view takes them in the
 * capture phase instead, except while a text field has the focus, where
 * Home and End move the text cursor. */
static gboolean
on_page_key_cb (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (GTK_IS_EDITABLE (focus))
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

static void
add_page_key (GtkShortcutController *controller,
              guint                  keyval,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                                          gtk_callback_action_new (on_page_key_cb, (gpointer) action, NULL)));
}

static void
set_show_thumbnails (WbPdfView *self,
                     gboolean   show)
{
  show = !!show;
  if (show == self->show_thumbnails)
    return;
  self->show_thumbnails = show;
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail_scroller), show);
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail_separator), show);
  /* Without a model the grid unbinds every thumbnail, which cancels
   * their jobs and frees their bitmaps. */
  gtk_grid_view_set_model (self->thumbnail_grid, show ? self->thumbnail_model : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_THUMBNAILS]);
}

/* A turned page makes a turned thumbnail. */
static void
thumbnails_again (WbPdfView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      page_cancel_thumbnail_job (page);
      g_clear_object (&page->thumb_texture);
      if (page->thumb_picture != NULL)
        thumbnail_show (self, page);
    }
}

static void
rotate_left_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  wb_pdf_view_set_rotation (self, (self->rotation + 270) % 360);
}

static void
rotate_right_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  wb_pdf_view_set_rotation (self, (self->rotation + 90) % 360);
}

/* One sideways sheet in an upright scan is turned for this reading only:
 * what the server keeps, for everyone, is the turn of the whole material. */
static void
rotate_page (WbPdfView *self,
             guint      degrees)
{
  g_autoptr(WbPdfPage) page = NULL;

  if (self->document == NULL)
    return;
  page = g_list_model_get_item (G_LIST_MODEL (self->pages), self->current_page);
  if (page == NULL)
    return;
  page->rotation = (page->rotation + degrees) % 360;
  page_cancel_job (page);
  wb_pdf_view_cache_drop (self, page);
  page_cancel_thumbnail_job (page);
  g_clear_object (&page->thumb_texture);
  if (page->thumb_picture != NULL)
    thumbnail_show (self, page);
  if (self->zoom_mode != WB_PDF_ZOOM_FREE)
    apply_fit (self);
  if (page->picture != NULL)
    page_show (self, page);
  update_page_label (self);
}

static void
rotate_page_left_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  rotate_page (WB_PDF_VIEW (widget), 270);
}

static void
rotate_page_right_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  rotate_page (WB_PDF_VIEW (widget), 90);
}

static void
zoom_by (WbPdfView *self,
         double     factor)
{
  self->zoom_mode = WB_PDF_ZOOM_FREE;
  set_scale (self, self->scale * factor);
  update_actions (self);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  zoom_by (WB_PDF_VIEW (widget), ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_by (WB_PDF_VIEW (widget), 1 / ZOOM_STEP);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  self->zoom_mode = WB_PDF_ZOOM_FREE;
  set_scale (self, 1.0);
  update_actions (self);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  self->zoom_mode = WB_PDF_ZOOM_FIT_WIDTH;
  apply_fit (self);
  update_actions (self);
}

static void
zoom_fit_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  self->zoom_mode = WB_PDF_ZOOM_FIT_PAGE;
  apply_fit (self);
  update_actions (self);
}

/* Ctrl+wheel zooms; one notch is one zoom step, and a touchpad's small
 * deltas add up to steps. */
static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              WbPdfView                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || self->document == NULL)
    return FALSE;

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    self->zoom_scroll += dy;
  else
    self->zoom_scroll += dy / 50.0;
  while (self->zoom_scroll <= -1)
    {
      zoom_by (self, ZOOM_STEP);
      self->zoom_scroll += 1;
    }
  while (self->zoom_scroll >= 1)
    {
      zoom_by (self, 1 / ZOOM_STEP);
      self->zoom_scroll -= 1;
    }
  return TRUE;
}

/* Closing hides the viewer; whoever shows it again opens a material. */
static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  clear_document (self);
  gtk_widget_set_visible (widget, FALSE);
}

static void
forget_password (WbPdfView *self)
{
  /* It should not linger in freed memory. */
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
clear_document (WbPdfView *self)
{
  guint n = self->pages ? g_list_model_get_n_items (G_LIST_MODEL (self->pages)) : 0;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  wb_pdf_view_search_clear (self);
  if (self->search_bar != NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  wb_pdf_view_cache_clear (self);

  /* Pages can outlive the view in rows the list has not let go yet; cut
   * them off so a late job finds no view. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      page_cancel_job (page);
      page_cancel_thumbnail_job (page);
      page->view = NULL;
    }
  if (self->pages != NULL)
    g_list_store_remove_all (self->pages);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_pointer (&self->error, g_free);
  forget_password (self);
  self->needs_password = FALSE;
  self->password_wrong = FALSE;
  self->n_rendered = 0;
  self->n_thumbnails_rendered = 0;
  self->current_page = 0;
  self->jump_page = -1;
  self->jump_seen = FALSE;
}

static void
show_error_page (WbPdfView  *self,
                 const char *title,
                 const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
  g_signal_emit (self, signals[READY], 0);
}

/* Asked in the viewer itself, not in a dialog: the case details beside
 * it stay usable while the caseworker finds the password. */
static void
show_password_page (WbPdfView *self,
                    gboolean   wrong)
{
  self->needs_password = TRUE;
  self->password_wrong = wrong;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error), wrong);
  if (wrong)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->password_entry), "error");
      gtk_widget_error_bell (GTK_WIDGET (self->password_entry));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->password_entry), "error");
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "password");
  /* Shown first, so the entry can take the focus. */
  g_signal_emit (self, signals[READY], 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->password_entry), 0, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.unlock", TRUE);
}

static void on_document_loaded_cb (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data);

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (!self->needs_password || self->file == NULL || self->load_cancellable != NULL)
    return;
  forget_password (self);
  self->password = g_strdup (password);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), FALSE);
  gtk_widget_action_set_enabled (widget, "viewer.unlock", FALSE);
  self->load_cancellable = g_cancellable_new ();
  wb_document_load_async (self->file, self->password, self->load_cancellable,
                          on_document_loaded_cb, g_object_ref (self));
}

static void
on_password_activated_cb (WbPdfView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "viewer.unlock", NULL);
}

static void
on_document_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WbPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) document = wb_document_load_finish (result, &error);
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (document == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->load_cancellable);
      if (g_error_matches (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_ENCRYPTED))
        show_password_page (self, self->password != NULL);
      else
        show_error_page (self, _("This Document Cannot Be Shown"), error->message);
      return;
    }
  if (self->load_cancellable == NULL || g_cancellable_is_cancelled (self->load_cancellable))
    return;

  g_clear_object (&self->load_cancellable);
  self->needs_password = FALSE;
  self->password_wrong = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.unlock", FALSE);
  self->document = g_steal_pointer (&document);
  n = wb_document_get_n_pages (self->document);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      WbPdfPage *page = g_object_new (WB_TYPE_PDF_PAGE, NULL);

      page->view = self;
      page->index = i;
      wb_document_get_page_size (self->document, i, &page->width, &page->height);
      g_ptr_array_add (items, page);
    }
  /* Sized before the rows are built (the list binds rows as soon as it
   * has items), so the first render is at the scale the user sees. */
  self->zoom_mode = WB_PDF_ZOOM_FIT_WIDTH;
  self->scale = fit_width_scale (self, items);
  update_zoom_label (self);
  g_list_store_splice (self->pages, 0, 0, items->pdata, items->len);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "document");
  update_page_label (self);
  update_actions (self);
  g_signal_emit (self, signals[READY], 0);
}

static void
on_adjustment_changed_cb (WbPdfView *self)
{
  update_page_label (self);
  wb_pdf_view_queue_preload (self);
}

static void
wb_pdf_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* Allocation is the one place the size is known; the fit follows it,
 * from an idle so rows are not resized in the middle of a layout. */
static void
wb_pdf_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
  /* The thumbnails take their share of the width from the pages, the
   * toolbar and the search bar their share of the height. */
  if (gtk_widget_get_width (GTK_WIDGET (self->scroller)) > 0)
    width = gtk_widget_get_width (GTK_WIDGET (self->scroller));
  if (gtk_widget_get_height (GTK_WIDGET (self->scroller)) > 0)
    height = gtk_widget_get_height (GTK_WIDGET (self->scroller));
  if (width != self->last_width || height != self->last_height)
    {
      gboolean fits_height = self->zoom_mode == WB_PDF_ZOOM_FIT_PAGE;
      gboolean changed = width != self->last_width || (fits_height && height != self->last_height);

      self->last_width = width;
      self->last_height = height;
      if (changed && self->zoom_mode != WB_PDF_ZOOM_FREE && self->document != NULL && self->fit_source == 0)
        self->fit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_idle, self, NULL);
    }
}

static void
on_scale_factor_changed_cb (WbPdfView  *self,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  if (self->document != NULL)
    render_again (self, TRUE);
}

static void
wb_pdf_view_dispose (GObject *object)
{
  WbPdfView *self = (WbPdfView *) object;

  g_clear_handle_id (&self->fit_source, g_source_remove);
  wb_pdf_view_print_dispose (self);
  clear_document (self);
  wb_pdf_view_cache_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_PDF_VIEW);
  g_clear_object (&self->thumbnail_model);
  g_clear_object (&self->pages);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (wb_pdf_view_parent_class)->dispose (object);
}

static void
wb_pdf_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WbPdfView *self = WB_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROTATION:
      g_value_set_uint (value, self->rotation);
      break;
    case PROP_SHOW_THUMBNAILS:
      g_value_set_boolean (value, self->show_thumbnails);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_pdf_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WbPdfView *self = WB_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_ROTATION:
      wb_pdf_view_set_rotation (self, g_value_get_uint (value));
      break;
    case PROP_SHOW_THUMBNAILS:
      set_show_thumbnails (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_pdf_view_class_init (WbPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

#ifdef __GLIBC__
  /* Poppler decodes each scanned page through buffers of megabytes, on
   * the render workers. glibc raises its mmap threshold after the first
   * such buffer is freed, and from then on keeps them in the workers'
   * arenas: paging through a 350-page book left the desk 30 MB larger
   * than its page cache explains. A fixed threshold gives them back. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif

  object_class->dispose = wb_pdf_view_dispose;
  object_class->get_property = wb_pdf_view_get_property;
  object_class->set_property = wb_pdf_view_set_property;

  /* Clockwise degrees: 0, 90, 180 or 270. */
  properties[PROP_ROTATION] =
    g_param_spec_uint ("rotation", NULL, NULL, 0, 270, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The thumbnail sidebar; viewer.show-thumbnails toggles it. */
  properties[PROP_SHOW_THUMBNAILS] =
    g_param_spec_boolean ("show-thumbnails", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* There is something to show: the document, an error or the password
   * prompt. A host that waits before showing the viewer shows it now. */
  signals[READY] =
    g_signal_new ("ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  widget_class->measure = wb_pdf_view_measure;
  widget_class->size_allocate = wb_pdf_view_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/viewer/wb-pdf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, stack);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, spinner);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, error_page);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, password_page);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, password_entry);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, password_error);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, title_label);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, page_label);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, tools_box);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, scroller);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, list_view);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, page_entry);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, thumbnail_scroller);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, thumbnail_grid);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, thumbnail_separator);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, search_label);
  gtk_widget_class_bind_template_child (widget_class, WbPdfView, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_page_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_thumbnail_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated_cb);

  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit-page", NULL, zoom_fit_page_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "viewer.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-left", NULL, rotate_left_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-right", NULL, rotate_right_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-page-left", NULL, rotate_page_left_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-page-right", NULL, rotate_page_right_action);
  gtk_widget_class_install_action (widget_class, "viewer.unlock", NULL, unlock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "viewer.zoom-fit-page", NULL);

  gtk_widget_class_install_action (widget_class, "viewer.go-to-page", "i", go_to_page_action);
  gtk_widget_class_install_action (widget_class, "viewer.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "viewer.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "viewer.first-page", NULL, first_page_action);
  gtk_widget_class_install_action (widget_class, "viewer.last-page", NULL, last_page_action);
  gtk_widget_class_install_property_action (widget_class, "viewer.show-thumbnails", "show-thumbnails");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "viewer.show-thumbnails", NULL);

  wb_pdf_view_search_class_init (widget_class);
  wb_pdf_view_print_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "wb-pdf-view");
}

static void
wb_pdf_view_init (WbPdfView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkEventController *keys;
  GtkEventController *scroll;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->scale = 1.0;
  self->zoom_mode = WB_PDF_ZOOM_FIT_WIDTH;
  self->pages = g_list_store_new (WB_TYPE_PDF_PAGE);
  self->scheduler = wb_job_scheduler_new (0);
  wb_pdf_view_cache_init (self);

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_set_up_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bound_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbound_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->pages)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_thumbnail_set_up_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_thumbnail_bound_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_thumbnail_unbound_cb), self);
  gtk_grid_view_set_factory (self->thumbnail_grid, factory);
  g_object_unref (factory);
  self->thumbnail_model = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->pages))));
  self->jump_page = -1;

  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Page_Down, "viewer.next-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Page_Down, "viewer.next-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Page_Up, "viewer.previous-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Page_Up, "viewer.previous-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Home, "viewer.first-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_Home, "viewer.first-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_End, "viewer.last-page");
  add_page_key (GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_KP_End, "viewer.last-page");
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  /* Taken before the scrolled window scrolls with it. */
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (on_adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (on_adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed_cb), NULL);
  wb_pdf_view_search_init (self);
  update_zoom_label (self);
  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.unlock", FALSE);
}

GtkWidget *
wb_pdf_view_new (void)
{
  return g_object_new (WB_TYPE_PDF_VIEW, NULL);
}

static void
set_title (WbPdfView  *self,
           const char *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_label (self->title_label, title ? title : "");
}

static void
show_loading (WbPdfView  *self,
              const char *title)
{
  clear_document (self);
  set_title (self, title);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);
}

/* The start of a material's opening, as the caseworker sees it: from here
 * to "material-first-page" is what bench/viewer.sh measures. */
void
wb_pdf_view_show_loading (WbPdfView  *self,
                          const char *title)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));

  wb_context_trace ("material-open");
  show_loading (self, title);
}

void
wb_pdf_view_load_file (WbPdfView  *self,
                       GFile      *file,
                       const char *title)
{
  g_autofree char *keep = NULL;

  g_return_if_fail (WB_IS_PDF_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* NULL keeps the title given to wb_pdf_view_show_loading(). */
  keep = g_strdup (title ? title : self->title);
  show_loading (self, keep);
  self->file = g_object_ref (file);
  self->load_cancellable = g_cancellable_new ();
  wb_document_load_async (file, NULL, self->load_cancellable, on_document_loaded_cb, g_object_ref (self));
}

void
wb_pdf_view_show_error (WbPdfView    *self,
                        const char   *title,
                        const GError *error)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));
  g_return_if_fail (error != NULL);

  clear_document (self);
  show_error_page (self, title, error->message);
}

gboolean
wb_pdf_view_is_loaded (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), FALSE);
  return self->document != NULL;
}

const char *
wb_pdf_view_get_error (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), NULL);
  return self->error;
}

guint
wb_pdf_view_get_n_pages (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->document ? wb_document_get_n_pages (self->document) : 0;
}

guint
wb_pdf_view_get_rendered_count (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->n_rendered;
}

double
wb_pdf_view_get_scale (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->scale;
}

GFile *
wb_pdf_view_get_file (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), NULL);
  return self->file;
}

/* The viewer knows nothing of cases; whoever shows it adds the tools that
 * act on the open document, so they sit where the eyes already are. */
void
wb_pdf_view_add_tool (WbPdfView *self,
                      GtkWidget *tool)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (tool));
  gtk_box_append (self->tools_box, tool);
}

/* The rotation stays across documents until set again: whoever opens a
 * material sets the one stored for it. */
void
wb_pdf_view_set_rotation (WbPdfView *self,
                          guint      degrees)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));
  g_return_if_fail (degrees % 90 == 0);

  degrees %= 360;
  if (degrees == self->rotation)
    return;
  self->rotation = degrees;
  if (self->document != NULL)
    {
      /* The bitmaps are the wrong way round now; and a turned page is as
       * wide as it was tall, so fit it again. */
      render_again (self, FALSE);
      if (self->zoom_mode != WB_PDF_ZOOM_FREE)
        apply_fit (self);
      thumbnails_again (self);
      update_actions (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
}

guint
wb_pdf_view_get_rotation (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->rotation;
}

/* Counts from 1, as the page indicator shows it. */
guint
wb_pdf_view_get_current_page (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->document ? self->current_page + 1 : 0;
}

guint
wb_pdf_view_get_thumbnails_rendered (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->n_thumbnails_rendered;
}

void
wb_pdf_view_set_show_thumbnails (WbPdfView *self,
                                 gboolean   show)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));
  set_show_thumbnails (self, show);
}

gboolean
wb_pdf_view_get_show_thumbnails (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), FALSE);
  return self->show_thumbnails;
}

gboolean
wb_pdf_view_is_searching (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), FALSE);
  return self->searching;
}

guint
wb_pdf_view_get_n_hits (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->hits != NULL ? self->hits->len : 0;
}

guint
wb_pdf_view_get_current_hit (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->current_hit >= 0 ? (guint) self->current_hit + 1 : 0;
}

const char *
wb_pdf_view_get_search_status (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), NULL);
  return gtk_label_get_label (self->search_label);
}

guint
wb_pdf_view_get_n_copied (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->n_copied;
}

gboolean
wb_pdf_view_needs_password (WbPdfView *self,
                            gboolean  *wrong)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), FALSE);
  if (wrong != NULL)
    *wrong = self->password_wrong;
  return self->needs_password;
}

gsize
wb_pdf_view_get_cache_bytes (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->cache_bytes;
}

gsize
wb_pdf_view_get_cache_peak (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->cache_peak;
}

gsize
wb_pdf_view_get_cache_budget (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->cache_budget;
}

guint
wb_pdf_view_get_n_evicted (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->n_evicted;
}

/* Why page @number (counting from 1) shows no bitmap, as the page says
 * it; NULL while it renders or once it has. */
const char *
wb_pdf_view_get_page_error (WbPdfView *self,
                            guint      number)
{
  g_autoptr(WbPdfPage) page = NULL;

  g_return_val_if_fail (WB_IS_PDF_VIEW (self), NULL);
  if (number == 0 || (page = g_list_model_get_item (G_LIST_MODEL (self->pages), number - 1)) == NULL)
    return NULL;
  return page->error;
}
