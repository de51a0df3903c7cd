/* wb-pdf-check.h: what the server accepts as a material file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A PDF starts with "%PDF-" within its first 1024 bytes (some producers
 * put junk first) and has an "%%EOF" near its end. Anything else is
 * refused before it reaches the blob store. */
gboolean wb_pdf_check (GBytes  *bytes,
                       gsize    max_size,
                       GError **error);

G_END_DECLS
