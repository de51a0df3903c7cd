/* wb-material-cache.c
 *
 * Files are named by their SHA-256, so a name says what the bytes must
 * be: a cached file is hashed again before this process first uses it,
 * because a cache directory can be touched by anything, and a caseworker
 * must never read a scan that is not the one the applicant sent. After
 * that the file's identity (device, inode, size, modification and change
 * times) stands for the check: any write to the file, or a file put in its
 * place, changes the change time, which no program can set back (on
 * kernels before 6.13 the change time has the timer tick's resolution, so
 * two same-size writes within one tick could share it; the first use in a
 * process always hashes). That saves re-reading an 8 MB scan each time a
 * caseworker flips back to it.
 * Hashing and writing run on worker threads; the download is libsoup's,
 * on the main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "viewer/wb-material-cache.h"

struct _WbMaterialCache
{
  GObject  parent_instance;

  char       *directory;
  guint       n_downloads;

  /* path → identity of the file when its bytes were last verified;
   * read and written by workers, so under the mutex */
  GMutex      verified_lock;
  GHashTable *verified;
  guint       n_hashed;
};

G_DEFINE_FINAL_TYPE (WbMaterialCache, wb_material_cache, G_TYPE_OBJECT)

G_DEFINE_QUARK (wb-material-cache-error-quark, wb_material_cache_error)

typedef struct
{
  WbApiClient *client;
  gint64       case_id;
  gint64       material_id;
  char        *sha256;
  char        *path;
  GBytes      *bytes;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->client);
  g_free (data->sha256);
  g_free (data->path);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

/* Takes @digest, already normalized. */
static FetchData *
fetch_data_new (WbMaterialCache *self,
                char            *digest)
{
  FetchData *data = g_new0 (FetchData, 1);
  g_autofree char *name = g_strconcat (digest, ".pdf", NULL);

  data->sha256 = digest;
  data->path = g_build_filename (self->directory, name, NULL);
  return data;
}

/* A listed digest becomes part of a file name, so only exactly 64 hex
 * digits are taken: nothing from the server can point outside the cache. */
static char *
normalize_digest (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return NULL;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (sha256[i]))
      return NULL;
  return g_ascii_strdown (sha256, -1);
}

static gboolean
digest_matches (GChecksum  *checksum,
                const char *expected)
{
  return g_ascii_strcasecmp (g_checksum_get_string (checksum), expected) == 0;
}

static void
set_mismatch_error (GError    **error,
                    const char *sha256)
{
  g_set_error (error, WB_MATERIAL_CACHE_ERROR, WB_MATERIAL_CACHE_ERROR_DIGEST_MISMATCH,
               _("The downloaded file is not the one the case lists (its SHA-256 should be %.12s…). It may have been damaged on the way; try again."),
               sha256);
}

/* What stands for a file's bytes once they have been hashed. */
static char *
identity_of (const struct stat *st)
{
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld",
                          (uintmax_t) st->st_dev, (uintmax_t) st->st_ino, (intmax_t) st->st_size,
                          (intmax_t) st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                          (intmax_t) st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

static gboolean
is_verified (WbMaterialCache *self,
             const char      *path,
             const char      *identity)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->verified_lock);
  const char *known = g_hash_table_lookup (self->verified, path);

  return identity != NULL && known != NULL && strcmp (known, identity) == 0;
}

static void
remember_verified (WbMaterialCache *self,
                   const char      *path,
                   char            *identity)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->verified_lock);

  if (identity != NULL)
    g_hash_table_replace (self->verified, g_strdup (path), identity);
  else
    g_hash_table_remove (self->verified, path);
}

/* Runs on a worker: TRUE when a cached copy exists and is intact. A copy
 * that fails the check is removed so the download replaces it. */
static void
check_cached_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  WbMaterialCache *self = source_object;
  FetchData *data = task_data;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = NULL;
  g_autofree char *identity = NULL;
  struct stat st;
  gssize n = 0;
  int fd;

  /* The identity is the descriptor's, and the bytes hashed are read from
   * it: a link or a file swapped in under the name between the two would
   * otherwise lend its identity to bytes nobody hashed. */
  fd = g_open (data->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      /* A link where a file should be is not ours: it goes. */
      if (errno == ELOOP)
        g_unlink (data->path);
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_task_return_boolean (task, FALSE);
      return;
    }
  identity = identity_of (&st);
  if (is_verified (self, data->path, identity))
    {
      close (fd);
      g_task_return_boolean (task, TRUE);
      return;
    }

  buffer = g_malloc (64 * 1024);
  for (;;)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          close (fd);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return;
        }
      n = read (fd, buffer, 64 * 1024);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_checksum_update (checksum, buffer, n);
    }
  if (n < 0)
    g_debug ("Cached material %s unreadable: %s", data->path, g_strerror (errno));
  close (fd);

  if (n == 0 && digest_matches (checksum, data->sha256))
    {
      remember_verified (self, data->path, g_steal_pointer (&identity));
      /* Counted once the outcome is remembered, so a test that saw the
       * count move also sees the result. */
      g_atomic_int_inc (&self->n_hashed);
      g_task_return_boolean (task, TRUE);
      return;
    }
  remember_verified (self, data->path, NULL);
  g_debug ("Cached material %s is damaged; downloading it again", data->path);
  g_unlink (data->path);
  g_atomic_int_inc (&self->n_hashed);
  g_task_return_boolean (task, FALSE);
}

/* Runs on a worker: verifies the downloaded bytes, then writes them to a
 * temporary file beside the final one and renames it into place, so a
 * reader never sees half a file under the digest's name. */
static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *dir = g_path_get_dirname (data->path);
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guchar *bytes = g_bytes_get_data (data->bytes, &len);

  g_checksum_update (checksum, bytes, len);
  if (!digest_matches (checksum, data->sha256))
    {
      set_mismatch_error (&error, data->sha256);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Cannot create the cache folder %s: %s"), dir, g_strerror (saved));
      return;
    }

  /* CONSISTENT writes a temporary file in the same folder, syncs it and
   * renames it over the final name. */
  if (!g_file_set_contents_full (data->path, (const char *) bytes, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_material_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The bytes were hashed in memory before they were written; what is on
   * disk now is read back on a worker while the first page renders, so
   * the next open finds it verified. */
  wb_material_cache_verify_in_background (g_task_get_source_object (task), data->sha256);
  g_task_return_pointer (task, g_file_new_for_path (data->path), g_object_unref);
}

static void
on_material_downloaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GTask) store = NULL;
  g_autoptr(GError) error = NULL;

  data->bytes = wb_api_client_get_bytes_finish (WB_API_CLIENT (source), result, &error);
  if (data->bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The inner task borrows the outer one's data; the outer task is kept
   * alive as the callback's user data until the inner one finishes. */
  store = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                      on_material_stored_cb, g_object_ref (task));
  g_task_set_source_tag (store, store_thread);
  g_task_set_task_data (store, data, NULL);
  g_task_run_in_thread (store, store_thread);
}

static void
on_cache_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WbMaterialCache *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean cached;

  cached = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (cached)
    {
      g_task_return_pointer (task, g_file_new_for_path (data->path), g_object_unref);
      return;
    }

  self->n_downloads++;
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/content",
                          data->case_id, data->material_id);
  wb_api_client_get_bytes_async (data->client, path, g_task_get_cancellable (task),
                                 on_material_downloaded_cb, g_object_ref (task));
}

static void
wb_material_cache_finalize (GObject *object)
{
  WbMaterialCache *self = (WbMaterialCache *) object;

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->verified, g_hash_table_unref);
  g_mutex_clear (&self->verified_lock);

  G_OBJECT_CLASS (wb_material_cache_parent_class)->finalize (object);
}

static void
wb_material_cache_class_init (WbMaterialCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wb_material_cache_finalize;
}

static void
wb_material_cache_init (WbMaterialCache *self)
{
  g_mutex_init (&self->verified_lock);
  self->verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

WbMaterialCache *
wb_material_cache_get_default (void)
{
  static WbMaterialCache *cache;

  if (g_once_init_enter (&cache))
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "wangban-desk", "materials", NULL);

      g_once_init_leave (&cache, wb_material_cache_new (dir));
    }
  return cache;
}

WbMaterialCache *
wb_material_cache_new (const char *directory)
{
  WbMaterialCache *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (WB_TYPE_MATERIAL_CACHE, NULL);
  self->directory = g_strdup (directory);
  return self;
}

const char *
wb_material_cache_get_directory (WbMaterialCache *self)
{
  g_return_val_if_fail (WB_IS_MATERIAL_CACHE (self), NULL);
  return self->directory;
}

void
wb_material_cache_fetch_async (WbMaterialCache     *self,
                               WbApiClient         *client,
                               gint64               case_id,
                               gint64               material_id,
                               const char          *sha256,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) check = NULL;
  g_autofree char *digest = NULL;
  FetchData *data;

  g_return_if_fail (WB_IS_MATERIAL_CACHE (self));
  g_return_if_fail (WB_IS_API_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_material_cache_fetch_async);

  digest = normalize_digest (sha256);
  if (digest == NULL)
    {
      g_task_return_new_error (task, WB_MATERIAL_CACHE_ERROR, WB_MATERIAL_CACHE_ERROR_BAD_DIGEST,
                               _("The server listed this material without a valid SHA-256, so it cannot be checked."));
      return;
    }

  data = fetch_data_new (self, g_steal_pointer (&digest));
  data->client = g_object_ref (client);
  data->case_id = case_id;
  data->material_id = material_id;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  check = g_task_new (self, cancellable, on_cache_checked_cb, g_object_ref (task));
  g_task_set_source_tag (check, check_cached_thread);
  g_task_set_task_data (check, data, NULL);
  g_task_run_in_thread (check, check_cached_thread);
}

void
wb_material_cache_verify_in_background (WbMaterialCache *self,
                                        const char      *sha256)
{
  g_autoptr(GTask) check = NULL;
  char *digest = normalize_digest (sha256);

  g_return_if_fail (WB_IS_MATERIAL_CACHE (self));

  if (digest == NULL)
    return;
  /* A file that is not there fails the check on the worker: nothing is
   * downloaded unasked, and the main loop never waits on the disk. */
  check = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (check, wb_material_cache_verify_in_background);
  g_task_set_priority (check, G_PRIORITY_LOW);
  g_task_set_task_data (check, fetch_data_new (self, digest), (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (check, check_cached_thread);
}

GFile *
wb_material_cache_fetch_finish (WbMaterialCache  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (WB_IS_MATERIAL_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
wb_material_cache_get_n_downloads (WbMaterialCache *self)
{
  g_return_val_if_fail (WB_IS_MATERIAL_CACHE (self), 0);
  return self->n_downloads;
}

guint
wb_material_cache_get_n_hashed (WbMaterialCache *self)
{
  g_return_val_if_fail (WB_IS_MATERIAL_CACHE (self), 0);
  return g_atomic_int_get (&self->n_hashed);
}
