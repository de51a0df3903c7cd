/* wb-blob-store.h: content-addressed storage for materials and notices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _WbBlobStore WbBlobStore;

WbBlobStore *wb_blob_store_new   (const char   *directory,
                                  GError      **error);
void         wb_blob_store_free  (WbBlobStore  *self);
/* Stores bytes under their SHA-256 and returns the hex digest. Storing the
 * same bytes twice keeps one copy. */
char        *wb_blob_store_put   (WbBlobStore  *self,
                                  GBytes       *bytes,
                                  GError      **error);
/* Maps the blob read-only; the digest must be 64 lowercase hex digits. */
GMappedFile *wb_blob_store_open  (WbBlobStore  *self,
                                  const char   *sha256,
                                  GError      **error);
gboolean     wb_blob_store_has   (WbBlobStore  *self,
                                  const char   *sha256);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbBlobStore, wb_blob_store_free)

G_END_DECLS
