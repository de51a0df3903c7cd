/* wb-pdf-view-private.h: what the viewer's own files share
 *
 * The viewer is one widget split by concern: pages and zoom
 * (wb-pdf-view.c), the bitmap cache (wb-pdf-view-cache.c), search, text
 * selection and copying (wb-pdf-view-search.c), printing and saving
 * (wb-pdf-view-print.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "viewer/wb-document-text.h"
#include "viewer/wb-job-scheduler.h"
#include "viewer/wb-pdf-view.h"

G_BEGIN_DECLS

/* The row padding from style.css (6 px each side). */
#define WB_PDF_ROW_PADDING 12

/* WbPdfPage: one page of the document, as an item of the list model. */
#define WB_TYPE_PDF_PAGE (wb_pdf_page_get_type ())
G_DECLARE_FINAL_TYPE (WbPdfPage, wb_pdf_page, WB, PDF_PAGE, GObject)

struct _WbPdfPage
{
  GObject      parent_instance;

  WbPdfView   *view;     /* unowned; cleared when the view goes */
  guint        index;
  double       width;    /* points */
  double       height;
  guint        rotation; /* this page's own turn, on top of the view's */

  /* the row showing this page, while bound */
  GtkPicture  *picture;
  GtkWidget   *marks;    /* hits and the selection, drawn over the picture */
  GtkLabel    *error_label;

  WbRenderJob *job;      /* the render in flight, if any */
  GdkPaintable *texture;         /* a WbPagePaintable */
  double       texture_scale;    /* device pixels per point it was drawn at */
  guint        texture_rotation;
  gsize        texture_bytes;
  GList        lru_link;         /* in the view's cache, while it has a texture */
  char        *error;            /* why the page could not be drawn */
  double       error_scale;

  /* the same, for the page's thumbnail in the sidebar */
  GtkPicture  *thumb_picture;
  WbRenderJob *thumb_job;
  GdkPaintable *thumb_texture;  /* a WbPagePaintable */
};

typedef enum
{
  WB_PDF_ZOOM_FREE,
  WB_PDF_ZOOM_FIT_WIDTH,
  WB_PDF_ZOOM_FIT_PAGE,
} WbPdfZoomMode;

struct _WbPdfView
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  AdwStatusPage  *password_page;
  GtkPasswordEntry *password_entry;
  GtkLabel       *password_error;
  GtkLabel       *title_label;
  GtkLabel       *page_label;
  GtkEntry       *page_entry;
  GtkButton      *zoom_button;
  GtkBox         *tools_box;
  GtkScrolledWindow *scroller;
  GtkListView    *list_view;
  GtkScrolledWindow *thumbnail_scroller;
  GtkGridView    *thumbnail_grid;
  GtkSeparator   *thumbnail_separator;
  GtkSearchBar   *search_bar;
  GtkSearchEntry *search_entry;
  GtkLabel       *search_label;
  AdwToastOverlay *toast_overlay;

  /* owned */
  GtkSelectionModel *thumbnail_model;
  GListStore     *pages;
  WbDocument     *document;
  WbJobScheduler *scheduler;
  GCancellable   *load_cancellable;
  GSettings      *settings;
  GFile          *file;
  char           *title;
  char           *error;
  char           *password;  /* the one that opened the document, for reloads */
  double          scale;
  guint           rotation;  /* clockwise degrees, on top of each page's own */
  WbPdfZoomMode   zoom_mode;
  int             last_width;
  int             last_height;
  guint           fit_source;
  guint           n_rendered;
  guint           n_thumbnails_rendered;
  gboolean        show_thumbnails;
  gboolean        needs_password;
  gboolean        password_wrong;
  guint           current_page;  /* counts from 0 */
  /* The page last jumped to, or -1. It stays the current page while it is
   * on screen, even when another page fills more of the viewport, e.g. the
   * last page scrolled to the bottom. */
  int             jump_page;
  gboolean        jump_seen;
  double          zoom_scroll;   /* Ctrl+scroll not yet turned into a step */

  /* the bitmap cache (wb-pdf-view-cache.c) */
  GQueue          lru;           /* of WbPdfPage, least recently shown first */
  gsize           cache_bytes;
  gsize           cache_budget;
  gsize           cache_peak;
  guint           n_evicted;
  guint           preload_source;

  /* search and selection (wb-pdf-view-search.c) */
  GCancellable   *search_cancellable;
  GArray         *hits;          /* of WbTextHit, in page order */
  int             current_hit;   /* index into hits, or -1 */
  char           *search_text;
  gboolean        searching;
  gboolean        no_text_layer;
  int             selection_page;  /* -1 without a selection */
  WbTextHit       selection;       /* in points, as WbTextHit */
  double          drag_x;
  double          drag_y;
  GCancellable   *copy_cancellable;
  guint           n_copied;

  /* printing and saving (wb-pdf-view-print.c) */
  GtkPrintOperation *print_operation;
  guint           n_saved;
};

/* wb-pdf-view.c */
double      wb_pdf_view_page_shown_width   (WbPdfView   *self,
                                            WbPdfPage   *page);
double      wb_pdf_view_page_shown_height  (WbPdfView   *self,
                                            WbPdfPage   *page);
guint       wb_pdf_view_page_rotation      (WbPdfView   *self,
                                            WbPdfPage   *page);
WbPdfPage  *wb_pdf_view_get_page           (WbPdfView   *self,
                                            guint        index);
/* Scrolls so that @y points below the top of @index is in view. */
void        wb_pdf_view_scroll_to          (WbPdfView   *self,
                                            guint        index,
                                            double       y);
void        wb_pdf_view_update_actions     (WbPdfView   *self);

/* wb-pdf-view-cache.c: every page texture, shown or kept, counted against
 * the budget; pages on screen are never dropped. */
double      wb_pdf_view_device_scale       (WbPdfView   *self);
void        wb_pdf_view_cache_init         (WbPdfView   *self);
void        wb_pdf_view_cache_set_texture  (WbPdfView   *self,
                                            WbPdfPage   *page,
                                            GdkPaintable *texture,
                                            double       scale,
                                            guint        rotation);
/* Marks @page as just shown, so it is the last to be dropped. */
void        wb_pdf_view_cache_touch        (WbPdfView   *self,
                                            WbPdfPage   *page);
void        wb_pdf_view_cache_drop         (WbPdfView   *self,
                                            WbPdfPage   *page);
/* Whether any of @page is in the viewport. */
gboolean    wb_pdf_view_page_is_visible    (WbPdfView   *self,
                                            WbPdfPage   *page);
void        wb_pdf_view_cache_trim         (WbPdfView   *self);
void        wb_pdf_view_cache_clear        (WbPdfView   *self);
gboolean    wb_pdf_view_cache_is_fresh     (WbPdfView   *self,
                                            WbPdfPage   *page);
/* Renders the pages just beyond the rows on screen, at low priority, and
 * cancels preloads that are no longer near them. */
void        wb_pdf_view_queue_preload      (WbPdfView   *self);
void        wb_pdf_view_cache_dispose      (WbPdfView   *self);

/* wb-pdf-view.c, used by the cache */
void        wb_pdf_view_page_queue_render  (WbPdfView     *self,
                                            WbPdfPage     *page,
                                            WbJobPriority  priority);
void        wb_pdf_view_page_cancel_job    (WbPdfPage     *page);

/* wb-pdf-view-search.c */
void        wb_pdf_view_search_class_init  (GtkWidgetClass *widget_class);
void        wb_pdf_view_search_init        (WbPdfView   *self);
void        wb_pdf_view_search_clear       (WbPdfView   *self);
/* Sets up the layer over a row's picture that draws hits and the
 * selection and takes the drag that selects text. */
void        wb_pdf_view_marks_set_up       (WbPdfView   *self,
                                            GtkListItem *item,
                                            GtkWidget   *marks);

/* wb-pdf-view-print.c */
void        wb_pdf_view_show_toast         (WbPdfView   *self,
                                            const char  *text);
void        wb_pdf_view_print_class_init   (GtkWidgetClass *widget_class);
void        wb_pdf_view_print_dispose      (WbPdfView   *self);

G_END_DECLS
