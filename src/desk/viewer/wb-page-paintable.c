/* wb-page-paintable.c: a rendered page, drawn the cheap way for the renderer
 *
 * GTK 4.8's software renderer draws a texture by downloading it into a new
 * cairo surface, converting every pixel, on every frame. For two or three
 * page-sized bitmaps that alone takes tens of milliseconds per frame while
 * scrolling. Drawn as a cairo node, the page is one blit from the surface
 * poppler rendered into. A GL renderer keeps textures on the GPU, so there
 * the page stays a texture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-page-paintable.h"

struct _WbPagePaintable
{
  GObject          parent_instance;

  cairo_surface_t *surface;
  GdkTexture      *texture;  /* made on first use, without cairo only */
  gboolean         for_cairo;
};

static void wb_page_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbPagePaintable, wb_page_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, wb_page_paintable_iface_init))

/* cairo's ARGB32 is GDK_MEMORY_DEFAULT; the texture shares the surface's
 * pixels instead of copying them. */
static GdkTexture *
make_texture (cairo_surface_t *surface)
{
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                        (gsize) stride * height,
                                                        (GDestroyNotify) cairo_surface_destroy,
                                                        cairo_surface_reference (surface));

  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
wb_page_paintable_snapshot (GdkPaintable *paintable,
                            GdkSnapshot  *snapshot,
                            double        width,
                            double        height)
{
  WbPagePaintable *self = WB_PAGE_PAINTABLE (paintable);
  int sw = cairo_image_surface_get_width (self->surface);
  int sh = cairo_image_surface_get_height (self->surface);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  if (self->for_cairo)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &bounds);

      cairo_scale (cr, width / sw, height / sh);
      cairo_set_source_surface (cr, self->surface, 0, 0);
      /* Smoothing only for a bitmap shown at another scale than it was
       * drawn at, while its replacement renders. */
      if (ABS (width - sw) < 1 && ABS (height - sh) < 1)
        cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
      cairo_paint (cr);
      cairo_destroy (cr);
      return;
    }

  if (self->texture == NULL)
    self->texture = make_texture (self->surface);
  gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->texture, &bounds);
}

static int
wb_page_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return cairo_image_surface_get_width (WB_PAGE_PAINTABLE (paintable)->surface);
}

static int
wb_page_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return cairo_image_surface_get_height (WB_PAGE_PAINTABLE (paintable)->surface);
}

static GdkPaintableFlags
wb_page_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_CONTENTS | GDK_PAINTABLE_STATIC_SIZE;
}

static void
wb_page_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = wb_page_paintable_snapshot;
  iface->get_intrinsic_width = wb_page_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = wb_page_paintable_get_intrinsic_height;
  iface->get_flags = wb_page_paintable_get_flags;
}

static void
wb_page_paintable_finalize (GObject *object)
{
  WbPagePaintable *self = (WbPagePaintable *) object;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (wb_page_paintable_parent_class)->finalize (object);
}

static void
wb_page_paintable_class_init (WbPagePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wb_page_paintable_finalize;
}

static void
wb_page_paintable_init (WbPagePaintable *self)
{
}

WbPagePaintable *
wb_page_paintable_new (cairo_surface_t *surface,
                       gboolean         for_cairo)
{
  WbPagePaintable *self;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, NULL);

  self = g_object_new (WB_TYPE_PAGE_PAINTABLE, NULL);
  cairo_surface_flush (surface);
  self->surface = cairo_surface_reference (surface);
  self->for_cairo = for_cairo;
  return self;
}

gsize
wb_page_paintable_get_size (WbPagePaintable *self)
{
  g_return_val_if_fail (WB_IS_PAGE_PAINTABLE (self), 0);

  return (gsize) cairo_image_surface_get_stride (self->surface)
         * cairo_image_surface_get_height (self->surface);
}

gboolean
wb_page_paintable_widget_uses_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}
