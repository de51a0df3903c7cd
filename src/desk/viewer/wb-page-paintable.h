/* wb-page-paintable.h: a rendered page, drawn the cheap way for the renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WB_TYPE_PAGE_PAINTABLE (wb_page_paintable_get_type ())
G_DECLARE_FINAL_TYPE (WbPagePaintable, wb_page_paintable, WB, PAGE_PAINTABLE, GObject)

/* Keeps a reference to @surface, an ARGB32 image. With @for_cairo the page
 * is drawn as a cairo node, straight from the surface; otherwise as a
 * texture, which a GL renderer uploads once. */
WbPagePaintable *wb_page_paintable_new      (cairo_surface_t *surface,
                                             gboolean         for_cairo);
gsize            wb_page_paintable_get_size (WbPagePaintable *self);

/* TRUE when @widget is drawn by GTK's software renderer. */
gboolean         wb_page_paintable_widget_uses_cairo (GtkWidget *widget);

G_END_DECLS
