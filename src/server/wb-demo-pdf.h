/* wb-demo-pdf.h: fake "scanned" material PDFs for the demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Renders a demo material the way a counter scanner would deliver it: every
 * page is a single grayscale raster image (A4, 100 dpi) with a slight skew,
 * speckles and an edge shadow, so the desk's viewer and any text extraction
 * behave as they do with real uploads.  The content is fake and marked as a
 * demo sample on every page.
 *
 * title: document title drawn large; lines: NULL-terminated body lines (may
 * be NULL); pages >= 1; seed: drives skew/noise and the fake particulars.
 * The same arguments always give the same bytes.  Returns the PDF bytes. */
GBytes *wb_demo_pdf_render (const char         *title,
                            const char * const *lines,
                            guint               n_pages,
                            guint32             seed,
                            GError            **error);

G_END_DECLS
