/* wb-pdf-view.h: a material's pages, one under the other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WB_TYPE_PDF_VIEW (wb_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (WbPdfView, wb_pdf_view, WB, PDF_VIEW, GtkWidget)

GtkWidget  *wb_pdf_view_new                 (void);

/* Shows a spinner with @title until a file or an error is given. */
void        wb_pdf_view_show_loading        (WbPdfView  *self,
                                             const char *title);
/* Opens @file off the main loop; a damaged or protected file shows an
 * error page instead of pages. */
void        wb_pdf_view_load_file           (WbPdfView  *self,
                                             GFile      *file,
                                             const char *title);
/* Shows why a document cannot be shown, e.g. a failed download. */
void        wb_pdf_view_show_error          (WbPdfView    *self,
                                             const char   *title,
                                             const GError *error);
/* Turns the pages clockwise by @degrees (0, 90, 180 or 270); it holds for
 * the next document too, until set again. The viewer.rotate-left and
 * viewer.rotate-right actions change it a quarter at a time. */
void        wb_pdf_view_set_rotation        (WbPdfView    *self,
                                             guint         degrees);
guint       wb_pdf_view_get_rotation        (WbPdfView    *self);

/* Adds @tool to the toolbar, before the zoom buttons. */
void        wb_pdf_view_add_tool            (WbPdfView    *self,
                                             GtkWidget    *tool);

/* The thumbnail sidebar; viewer.show-thumbnails (F9) toggles it. */
void        wb_pdf_view_set_show_thumbnails (WbPdfView    *self,
                                             gboolean      show);
gboolean    wb_pdf_view_get_show_thumbnails (WbPdfView    *self);

/* For tests and the page indicator. */
gboolean    wb_pdf_view_is_loaded           (WbPdfView  *self);
const char *wb_pdf_view_get_error           (WbPdfView  *self);
guint       wb_pdf_view_get_n_pages         (WbPdfView  *self);
/* Pages whose bitmap has arrived since the document was opened. */
guint       wb_pdf_view_get_rendered_count  (WbPdfView  *self);
/* The page the indicator shows, counting from 1; 0 without a document. */
guint       wb_pdf_view_get_current_page    (WbPdfView  *self);
/* Thumbnails whose bitmap has arrived since the document was opened. */
guint       wb_pdf_view_get_thumbnails_rendered (WbPdfView *self);
/* Pixels per point; fit-width until the user zooms. */
double      wb_pdf_view_get_scale           (WbPdfView  *self);
GFile      *wb_pdf_view_get_file            (WbPdfView  *self);

/* Search: hits of the last search, the one shown (counting from 1, 0 for
 * none), and what the search bar says. */
gboolean    wb_pdf_view_is_searching        (WbPdfView  *self);
guint       wb_pdf_view_get_n_hits          (WbPdfView  *self);
guint       wb_pdf_view_get_current_hit     (WbPdfView  *self);
const char *wb_pdf_view_get_search_status   (WbPdfView  *self);
/* Times text went to the clipboard since the view was made. */
guint       wb_pdf_view_get_n_copied        (WbPdfView  *self);

/* The password page is up; @wrong once a password was refused. */
gboolean    wb_pdf_view_needs_password      (WbPdfView  *self,
                                             gboolean   *wrong);

/* Why page @number (from 1) shows no bitmap, as written on the page. */
const char *wb_pdf_view_get_page_error      (WbPdfView  *self,
                                             guint       number);

/* Writes the open file, the download checked against its digest, to
 * @destination: what "Save a Copy…" does once a file is chosen. */
void        wb_pdf_view_save_copy           (WbPdfView  *self,
                                             GFile      *destination);
/* Copies saved since the view was made. */
guint       wb_pdf_view_get_n_saved         (WbPdfView  *self);

/* Prints every page into a PDF file at @path without a dialog, exactly as
 * viewer.print prints them, as "Print to File" does; tests use it. */
void        wb_pdf_view_print_to_file       (WbPdfView  *self,
                                             const char *path);
gboolean    wb_pdf_view_is_printing         (WbPdfView  *self);

/* The page bitmaps held, the most held since the document opened, the
 * budget, and how many were dropped to keep to it, in bytes. */
gsize       wb_pdf_view_get_cache_bytes     (WbPdfView  *self);
gsize       wb_pdf_view_get_cache_peak      (WbPdfView  *self);
gsize       wb_pdf_view_get_cache_budget    (WbPdfView  *self);
guint       wb_pdf_view_get_n_evicted       (WbPdfView  *self);

G_END_DECLS
