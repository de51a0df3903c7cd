/* wb-id-number.h: resident ID numbers (GB 11643)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The check character ('0'..'9' or 'X') for the first 17 characters of an ID
 * number. Returns 0 unless @first17 is exactly 17 ASCII digits. */
char     wb_id_number_check_char (const char *first17);

/* Checks an 18-character ID number: 17 digits and a check character (digit,
 * 'X' or 'x'), a birth date that exists, is not before 1800 and is not in the
 * future (in China Standard Time), and a matching check character. On failure
 * sets WB_ERROR_INVALID with an English message that says which part is
 * wrong. The message never repeats the number itself, so it is safe to log. */
gboolean wb_id_number_validate   (const char  *id,
                                  GError     **error);

/* Builds an 18-character number with the correct check character, for demo
 * data and tests. @division6 must be six digits, the date must exist and lie
 * in 1800..9999, and @seq3 must be at most 999. The birth date is taken as
 * given: a future date yields a number wb_id_number_validate() refuses. */
char    *wb_id_number_make       (const char *division6,
                                  int         year,
                                  int         month,
                                  int         day,
                                  guint       seq3);

G_END_DECLS
