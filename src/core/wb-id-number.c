/* wb-id-number.c: GB 11643 check character and birth-date checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-id-number.h"
#include "wb-error.h"

#include <string.h>

#define ID_LENGTH        18
/* Nobody born earlier holds a resident ID; the standard's own sample
 * 440524188001010014 is from 1880. */
#define MIN_BIRTH_YEAR   1800

static const guint weights[ID_LENGTH - 1] = {
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
};

/* Indexed by the weighted sum modulo 11. */
static const char check_chars[] = "10X98765432";

/* @digits must start with 17 ASCII digits. */
static char
compute_check_char (const char *digits)
{
  guint sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    sum += (guint) (digits[i] - '0') * weights[i];
  return check_chars[sum % 11];
}

static gboolean
has_digits (const char *text,
            guint       n)
{
  /* Stops at a NUL in a short string, since NUL is not a digit. */
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static int
digits_value (const char *text,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');
  return value;
}

char
wb_id_number_check_char (const char *first17)
{
  if (first17 == NULL || !has_digits (first17, ID_LENGTH - 1)
      || first17[ID_LENGTH - 1] != '\0')
    return 0;
  return compute_check_char (first17);
}

gboolean
wb_id_number_validate (const char  *id,
                       GError     **error)
{
  g_autoptr(GTimeZone) china = NULL;
  g_autoptr(GDateTime) now = NULL;
  int year, month, day;
  glong n_chars;
  char last;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The ID number is empty");
      return FALSE;
    }

  /* Count characters, not bytes, so a number typed with full-width digits
   * is reported as having bad characters rather than a baffling length. */
  n_chars = g_utf8_validate (id, -1, NULL) ? g_utf8_strlen (id, -1)
                                            : (glong) strlen (id);
  if (n_chars != ID_LENGTH)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "An ID number has %d characters, this one has %ld",
                   ID_LENGTH, n_chars);
      return FALSE;
    }

  last = id[ID_LENGTH - 1];
  if (strlen (id) != ID_LENGTH || !has_digits (id, ID_LENGTH - 1)
      || !(g_ascii_isdigit (last) || last == 'X' || last == 'x'))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "An ID number may only contain the digits 0-9, "
                           "and an X as its last character");
      return FALSE;
    }

  year = digits_value (id + 6, 4);
  month = digits_value (id + 10, 2);
  day = digits_value (id + 12, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                            (GDateYear) year))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The birth date in the ID number (characters 7 "
                           "to 14) is not a date that exists");
      return FALSE;
    }
  if (year < MIN_BIRTH_YEAR)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                   "The birth date in the ID number (characters 7 to 14) "
                   "is before %d", MIN_BIRTH_YEAR);
      return FALSE;
    }

  /* Judge "future" by the date in China, not the server's own time zone: a
   * server on UTC would otherwise refuse a child born after midnight Beijing
   * time until 08:00. China has no daylight saving time. */
  china = g_time_zone_new_offset (8 * 60 * 60);
  now = g_date_time_new_now (china);
  if (year * 10000 + month * 100 + day
      > g_date_time_get_year (now) * 10000
        + g_date_time_get_month (now) * 100
        + g_date_time_get_day_of_month (now))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The birth date in the ID number (characters 7 "
                           "to 14) is in the future");
      return FALSE;
    }

  /* The expected character is deliberately not shown: the mistake is
   * usually in another position, and "fixing" the last character would
   * turn a wrong number into a plausible one. */
  if (g_ascii_toupper (last) != compute_check_char (id))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The ID number's check character (the last one) "
                           "does not match the other 17; a character is "
                           "probably mistyped");
      return FALSE;
    }

  return TRUE;
}

char *
wb_id_number_make (const char *division6,
                   int         year,
                   int         month,
                   int         day,
                   guint       seq3)
{
  char buf[ID_LENGTH + 1];

  g_return_val_if_fail (division6 != NULL, NULL);
  g_return_val_if_fail (strlen (division6) == 6 && has_digits (division6, 6), NULL);
  g_return_val_if_fail (year >= MIN_BIRTH_YEAR && year <= 9999, NULL);
  g_return_val_if_fail (month >= 1 && month <= 12 && day >= 1 && day <= 31, NULL);
  g_return_val_if_fail (g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                                          (GDateYear) year), NULL);
  g_return_val_if_fail (seq3 <= 999, NULL);

  g_snprintf (buf, sizeof buf, "%s%04d%02d%02d%03u",
              division6, year, month, day, seq3);
  buf[ID_LENGTH - 1] = compute_check_char (buf);
  buf[ID_LENGTH] = '\0';
  return g_strdup (buf);
}
