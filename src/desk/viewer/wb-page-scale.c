/* wb-page-scale.c: shrinking a rendered page with a filter that stays fast
 *
 * Poppler's cairo backend paints a page's images with CAIRO_FILTER_GOOD.
 * When an image shrinks to less than three quarters of its pixels, cairo
 * 1.16 turns that filter into a separable convolution in pixman, and a
 * 300 dpi scan shown at fit width spends most of its render inside it
 * (about 35 ms of a 50 ms page here). At three quarters or more cairo
 * interpolates bilinearly, which costs a fraction of that.
 *
 * So a page that is mostly images is rendered at WB_PAGE_SUPERSAMPLE_SCALE,
 * where a scan of up to 288 dpi is drawn at three quarters or more, and
 * shrunk here: halving steps, each an exact average of 2 × 2 pixels, then
 * one bilinear step of less than half. Text and line art render at their own
 * scale as before, since drawing them larger would cost more, not less.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "wb-page-scale.h"

static cairo_status_t
paint_scaled (cairo_surface_t *source,
              cairo_surface_t *dest)
{
  cairo_t *cr = cairo_create (dest);
  cairo_status_t status;

  cairo_scale (cr,
               (double) cairo_image_surface_get_width (dest) / cairo_image_surface_get_width (source),
               (double) cairo_image_surface_get_height (dest) / cairo_image_surface_get_height (source));
  cairo_set_source_surface (cr, source, 0, 0);
  /* At exactly one half, a bilinear sample falls midway between four source
   * pixels and averages them. Padding keeps the odd last row and column from
   * fading into transparency. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (dest);

  return status;
}

cairo_status_t
wb_page_scale_into (cairo_surface_t *source,
                    cairo_surface_t *dest)
{
  cairo_surface_t *current = cairo_surface_reference (source);
  int dest_w = cairo_image_surface_get_width (dest);
  int dest_h = cairo_image_surface_get_height (dest);
  cairo_status_t status = CAIRO_STATUS_SUCCESS;

  g_return_val_if_fail (dest_w > 0 && dest_h > 0, CAIRO_STATUS_INVALID_SIZE);

  for (;;)
    {
      int w = cairo_image_surface_get_width (current);
      int h = cairo_image_surface_get_height (current);
      cairo_surface_t *half;

      /* Halve only while the half is still at least as big as the target,
       * so the last step is always a shrink of less than two. */
      if (w / 2 < dest_w || h / 2 < dest_h)
        break;

      half = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w / 2, h / 2);
      status = cairo_surface_status (half);
      if (status == CAIRO_STATUS_SUCCESS)
        status = paint_scaled (current, half);
      cairo_surface_destroy (current);
      current = half;
      if (status != CAIRO_STATUS_SUCCESS)
        break;
    }

  if (status == CAIRO_STATUS_SUCCESS)
    status = paint_scaled (current, dest);
  cairo_surface_destroy (current);

  return status;
}
