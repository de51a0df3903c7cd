/* wb-cursor.c: the opaque cursor of a keyset-paged list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-cursor.h"

#include <string.h>

char *
wb_cursor_encode (const char *value,
                  gint64      id)
{
  g_autofree char *raw = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, value, id);

  return g_base64_encode ((const guchar *) raw, strlen (raw));
}

gboolean
wb_cursor_decode (const char  *cursor,
                  char       **value,
                  gint64      *id)
{
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  guint64 parsed;
  char *nl;

  /* A client writes what it likes here: bound it before decoding. */
  if (strlen (cursor) > 256 || !(raw = g_base64_decode (cursor, &len)) || len == 0)
    return FALSE;
  text = g_strndup ((const char *) raw, len);
  if (!g_utf8_validate (text, -1, NULL) || (nl = strchr (text, '\n')) == NULL)
    return FALSE;
  *nl = '\0';
  if (!g_ascii_string_to_unsigned (nl + 1, 10, 1, G_MAXINT64, &parsed, NULL))
    return FALSE;
  *value = g_strdup (text);
  *id = parsed;
  return TRUE;
}
