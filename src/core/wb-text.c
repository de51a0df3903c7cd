/* wb-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-text.h"

gboolean
wb_text_is_blank (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

char *
wb_text_trim (const char *text)
{
  const char *start, *end, *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  start = text;
  while (*start && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start;
  for (p = start; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      end = g_utf8_next_char (p);
  return g_strndup (start, end - start);
}
