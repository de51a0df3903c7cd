/* wb-mask.c: masking for display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-mask.h"

#include <string.h>

/* The most common two-character surnames. Longer ones are too rare to be
 * worth the risk of mistaking a given name for a surname. */
static const char * const compound_surnames[] = {
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
  "长孙", "宇文", "司徒", "夏侯", "令狐", "轩辕", "端木", "独孤", "南宫",
  "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "赫连",
  "万俟", "钟离", "宗政", "濮阳", "淳于", "单于", "拓跋", "闾丘", "东郭",
  "司空", "左丘", "第五", "公羊", "仲孙", "鲜于", "乐正", "漆雕",
};

/* Words ending in 区 that are not a district: a province-level autonomous
 * region or SAR, a prefecture-level 地区, or places inside a district. */
static const char * const not_district_words[] = {
  "自治区", "行政区", "地区", "小区", "社区", "校区", "园区", "景区", "厂区",
  "片区", "街区", "住宅区",
};

/* Copies @text, repairing invalid UTF-8 and trimming whitespace, so the
 * maskers below can count characters safely. */
static char *
normalize (const char *text)
{
  char *copy;

  if (text == NULL)
    return g_strdup ("");
  copy = g_utf8_validate (text, -1, NULL) ? g_strdup (text)
                                          : g_utf8_make_valid (text, -1);
  return g_strstrip (copy);
}

static void
append_stars (GString *out,
              glong    n)
{
  for (glong i = 0; i < n; i++)
    g_string_append_c (out, '*');
}

/* Keeps the first @head and last @tail characters of @text and replaces the
 * rest with one '*' per character. */
static char *
keep_ends (const char *text,
           glong       head,
           glong       tail)
{
  glong n = g_utf8_strlen (text, -1);
  const char *head_end;
  const char *tail_start;
  GString *out;

  if (head + tail > n)
    return g_strdup (text);

  head_end = g_utf8_offset_to_pointer (text, head);
  tail_start = g_utf8_offset_to_pointer (text, n - tail);
  out = g_string_sized_new (strlen (text));
  g_string_append_len (out, text, head_end - text);
  append_stars (out, n - head - tail);
  g_string_append (out, tail_start);
  return g_string_free (out, FALSE);
}

char *
wb_mask_id_number (const char *id)
{
  g_autofree char *text = normalize (id);
  glong keep = MIN (4, g_utf8_strlen (text, -1) / 4);

  return keep_ends (text, keep, keep);
}

char *
wb_mask_phone (const char *phone)
{
  g_autofree char *text = normalize (phone);
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean only_phone_chars = TRUE;
  const char *mobile = NULL;
  glong n;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr (" -+()", *p) == NULL)
        only_phone_chars = FALSE;
    }

  if (only_phone_chars)
    {
      if (digits->len == 11)
        mobile = digits->str;
      else if (digits->len == 13 && g_str_has_prefix (digits->str, "86"))
        mobile = digits->str + 2;
      else if (digits->len == 15 && g_str_has_prefix (digits->str, "0086"))
        mobile = digits->str + 4;
    }
  if (mobile != NULL && mobile[0] == '1')
    return keep_ends (mobile, 3, 4);

  n = g_utf8_strlen (text, -1);
  return keep_ends (text, 0, MIN (4, n / 2));
}

char *
wb_mask_name (const char *name)
{
  g_autofree char *text = normalize (name);
  glong n = g_utf8_strlen (text, -1);
  glong keep = 1;

  if (n == 0)
    return g_strdup ("");
  if (n == 1)
    return g_strdup ("*");

  if (n >= 3)
    {
      for (guint i = 0; i < G_N_ELEMENTS (compound_surnames); i++)
        if (g_str_has_prefix (text, compound_surnames[i]))
          {
            keep = 2;
            break;
          }
    }

  return keep_ends (text, keep, 0);
}

/* Whether the text from @start to @end (exclusive) ends with one of
 * @words. Byte comparison is enough: UTF-8 never matches across a character
 * boundary. */
static gboolean
ends_with_any (const char         *start,
               const char         *end,
               const char * const *words,
               gsize               n_words)
{
  for (gsize i = 0; i < n_words; i++)
    {
      gsize len = strlen (words[i]);

      if ((gsize) (end - start) >= len && memcmp (end - len, words[i], len) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Returns the byte offset just after the district-level marker, or -1. */
static gssize
find_district_end (const char *text)
{
  static const char * const city_not_unit_before[] = { "超市", "城市" };
  static const char * const red_flag[] = { "红旗" };
  static const char * const prefecture_region[] = { "地区" };
  static const char * const autonomous_prefecture[] = { "自治州" };
  /* Character index of the first prefecture-level unit (a 市, 地区, 自治州
   * or 盟): a 市 after it is a county-level city. */
  gssize prefecture = -1;
  gssize index = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      switch (c)
        {
        case 0x533A:   /* 区 */
          if (ends_with_any (text, next, prefecture_region, 1))
            {
              if (prefecture < 0)
                prefecture = index;
            }
          else if (!ends_with_any (text, next, not_district_words,
                                   G_N_ELEMENTS (not_district_words)))
            return next - text;
          break;

        case 0x53BF:   /* 县 */
          return next - text;

        case 0x65D7:   /* 旗, but not the 红旗 of countless street names */
          if (!ends_with_any (text, next, red_flag, 1))
            return next - text;
          break;

        case 0x5DDE:   /* 州: only 自治州 is a unit, 锦州 is part of a name */
          if (prefecture < 0 && ends_with_any (text, next, autonomous_prefecture, 1))
            prefecture = index;
          break;

        case 0x76DF:   /* 盟 */
          if (prefecture < 0)
            prefecture = index;
          break;

        case 0x5E02:   /* 市 */
          /* Skip 市场, 超市 and 城市, which name places, not cities. */
          if (g_str_has_prefix (next, "场")
              || ends_with_any (text, next, city_not_unit_before,
                                G_N_ELEMENTS (city_not_unit_before)))
            break;
          /* A 市 right after the prefecture is a street (沈阳市市府大路),
           * not a county-level city, which has a name of its own. */
          if (prefecture >= 0 && index - prefecture >= 2)
            return next - text;
          if (prefecture < 0)
            prefecture = index;
          break;

        default:
          break;
        }
    }

  return -1;
}

char *
wb_mask_address (const char *address)
{
  g_autofree char *text = normalize (address);
  gssize end = find_district_end (text);
  glong keep;

  if (*text == '\0')
    return g_strdup ("");

  if (end >= 0)
    {
      if (text[end] == '\0')
        return g_steal_pointer (&text);
      return g_strdup_printf ("%.*s***", (int) end, text);
    }

  /* No marker: keep a little context, but never most of a short address,
   * which could be all of it ("和平路1号"). */
  keep = MIN (6, g_utf8_strlen (text, -1) / 2);
  return g_strdup_printf ("%.*s***",
                          (int) (g_utf8_offset_to_pointer (text, keep) - text),
                          text);
}
