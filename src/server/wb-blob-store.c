/* wb-blob-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wb-blob-store.h"
#include "wb-error.h"

struct _WbBlobStore
{
  char *directory;
};

WbBlobStore *
wb_blob_store_new (const char  *directory,
                   GError     **error)
{
  WbBlobStore *self;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, WB_ERROR, WB_ERROR_UNAVAILABLE,
                   "Cannot create blob directory %s: %s", directory, g_strerror (saved));
      return NULL;
    }

  self = g_new0 (WbBlobStore, 1);
  self->directory = g_strdup (directory);
  return self;
}

void
wb_blob_store_free (WbBlobStore *self)
{
  if (self == NULL)
    return;
  g_free (self->directory);
  g_free (self);
}

static gboolean
is_digest (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (const char *p = sha256; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* Two levels of fan-out keep any one directory small at a million blobs. */
static char *
blob_path (WbBlobStore *self,
           const char  *sha256)
{
  char a[3] = { sha256[0], sha256[1], 0 };
  char b[3] = { sha256[2], sha256[3], 0 };

  return g_build_filename (self->directory, a, b, sha256, NULL);
}

char *
wb_blob_store_put (WbBlobStore  *self,
                   GBytes       *bytes,
                   GError      **error)
{
  g_autofree char *digest = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd;
  gsize written = 0;

  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  path = blob_path (self, digest);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&digest);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    goto fail;

  /* Write beside the target, sync, then rename: a reader never sees half
   * a blob, and a crash leaves at most a stray temporary file. */
  tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;
  while (written < len)
    {
      gssize n = write (fd, data + written, len - written);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          close (fd);
          g_unlink (tmp);
          goto fail;
        }
      written += n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      goto fail;
    }

  return g_steal_pointer (&digest);

fail:
  {
    int saved = errno;
    g_set_error (error, WB_ERROR, WB_ERROR_INTERNAL,
                 "Cannot store blob: %s", g_strerror (saved));
  }
  return NULL;
}

GMappedFile *
wb_blob_store_open (WbBlobStore  *self,
                    const char   *sha256,
                    GError      **error)
{
  g_autofree char *path = NULL;
  GMappedFile *mapped;

  if (!is_digest (sha256))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "Not a SHA-256 digest");
      return NULL;
    }

  path = blob_path (self, sha256);
  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "The stored file is missing");
  return mapped;
}

gboolean
wb_blob_store_has (WbBlobStore *self,
                   const char  *sha256)
{
  g_autofree char *path = NULL;

  if (!is_digest (sha256))
    return FALSE;
  path = blob_path (self, sha256);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}
