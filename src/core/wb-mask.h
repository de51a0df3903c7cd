/* wb-mask.h: the default display masking of personal data
 *
 * Every function accepts NULL (giving ""), empty strings and invalid UTF-8
 * (repaired first), trims surrounding whitespace, counts characters rather
 * than bytes, and returns a newly allocated string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* First 4 and last 4 characters: 2101**********123X. Strings shorter than 16
 * characters keep a quarter of their length at each end, so at least half is
 * always hidden. */
char *wb_mask_id_number (const char *id);

/* Mobile numbers (11 digits starting with 1, optionally written with +86,
 * 0086, spaces or hyphens): first 3 and last 4 digits, 138****5678. Anything
 * else (landlines, short numbers) keeps at most its last 4 characters and
 * never more than half of them. */
char *wb_mask_phone     (const char *phone);

/* Surname only: 张三 -> 张*, 张三丰 -> 张**, 欧阳娜娜 -> 欧阳**. A common
 * compound surname is kept whole when the name has at least three
 * characters; a two-character name always has a one-character surname
 * (欧阳 -> 欧*). A one-character name gives "*". */
char *wb_mask_name      (const char *name);

/* Keeps the address up to and including the district or county level, then
 * "***": the first 区 or 县 (not 自治区, 小区, 社区 and the like), 旗, or a
 * county-level 市 that follows a prefecture-level 市, 地区, 自治州 or 盟.
 * With no such marker the first 6 characters are kept, but never more than
 * half the address. An address that ends at the district is returned
 * unchanged. */
char *wb_mask_address   (const char *address);

G_END_DECLS
