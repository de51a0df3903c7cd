/* wb-page-scale.h: shrinking a rendered page with a filter that stays fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The scale a page made of images is drawn at before it is shrunk to the
 * scale asked for, in device pixels per point (216 dpi). See
 * wb-page-scale.c for why. */
#define WB_PAGE_SUPERSAMPLE_SCALE 3.0
/* Below this (36 dpi: thumbnails) a page renders at its own scale. */
#define WB_PAGE_SUPERSAMPLE_MIN_SCALE 0.5

/* Fills @dest, an image surface smaller than @source, with @source shrunk to
 * fit it. Every source pixel counts towards the result, so thin strokes and
 * small print in a scan survive. Returns a cairo status. */
cairo_status_t wb_page_scale_into (cairo_surface_t *source,
                                   cairo_surface_t *dest);

G_END_DECLS
