/* wb-material-cache.h: case materials downloaded once, kept by digest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "api/wb-api-client.h"

G_BEGIN_DECLS

#define WB_MATERIAL_CACHE_ERROR (wb_material_cache_error_quark ())

typedef enum
{
  WB_MATERIAL_CACHE_ERROR_BAD_DIGEST,      /* the listed digest is not a SHA-256 */
  WB_MATERIAL_CACHE_ERROR_DIGEST_MISMATCH, /* the bytes are not the ones listed */
} WbMaterialCacheError;

GQuark wb_material_cache_error_quark (void);

#define WB_TYPE_MATERIAL_CACHE (wb_material_cache_get_type ())

G_DECLARE_FINAL_TYPE (WbMaterialCache, wb_material_cache, WB, MATERIAL_CACHE, GObject)

/* The cache under the user's cache directory, shared by every window. */
WbMaterialCache *wb_material_cache_get_default    (void);
/* A cache in @directory; for tests. */
WbMaterialCache *wb_material_cache_new            (const char          *directory);
const char      *wb_material_cache_get_directory  (WbMaterialCache     *self);

/* Finds the file of a material whose SHA-256 is @sha256 (hex): from the
 * cache when a verified copy is there, else downloaded through @client and
 * verified before it is stored. Finishes with the cached GFile. */
void             wb_material_cache_fetch_async    (WbMaterialCache     *self,
                                                   WbApiClient         *client,
                                                   gint64               case_id,
                                                   gint64               material_id,
                                                   const char          *sha256,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GFile           *wb_material_cache_fetch_finish   (WbMaterialCache     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Hashes the cached copy of @sha256, if there is one, on a worker, so
 * that opening it later need not wait for the check. Called when a case
 * lists its materials. */
void             wb_material_cache_verify_in_background (WbMaterialCache *self,
                                                         const char      *sha256);

/* How many times a cached file has been read through to check its digest;
 * tests use it to see a verified file trusted until it changes. */
guint            wb_material_cache_get_n_hashed    (WbMaterialCache    *self);

/* How many downloads this cache has started; tests use it to see a cached
 * file reused. */
guint            wb_material_cache_get_n_downloads (WbMaterialCache    *self);

G_END_DECLS
