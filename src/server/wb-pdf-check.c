/* wb-pdf-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wb-error.h"
#include "wb-pdf-check.h"

gboolean
wb_pdf_check (GBytes  *bytes,
              gsize    max_size,
              GError **error)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  gsize head = MIN (len, 1024);
  gsize tail_start = len > 1024 ? len - 1024 : 0;

  if (len == 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, "The file is empty");
      return FALSE;
    }
  if (len > max_size)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_TOO_LARGE,
                   "The file is larger than %" G_GSIZE_FORMAT " MB", max_size / (1024 * 1024));
      return FALSE;
    }
  /* memmem, not g_strstr_len: PDFs are binary and hold NUL bytes. */
  if (memmem (data, head, "%PDF-", 5) == NULL ||
      memmem (data + tail_start, len - tail_start, "%%EOF", 5) == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNSUPPORTED_MEDIA,
                           "Only PDF files are accepted as materials");
      return FALSE;
    }
  return TRUE;
}
