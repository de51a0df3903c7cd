/* test-id-number.c: GB 11643 check characters and birth dates
 *
 * The known-valid numbers were computed independently of this code (the
 * first two are the samples printed in GB 11643 itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "wb-error.h"
#include "wb-id-number.h"

static void
assert_valid (const char *id)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("valid: %s", id);
  wb_id_number_validate (id, &error);
  g_assert_no_error (error);
}

/* Rejected with WB_ERROR_INVALID and a message that mentions @keyword, so
 * the caseworker learns which part to re-check. */
static void
assert_invalid (const char *id,
                const char *keyword)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("invalid: %s", id != NULL ? id : "(null)");
  g_assert_false (wb_id_number_validate (id, &error));
  g_assert_error (error, WB_ERROR, WB_ERROR_INVALID);
  if (strstr (error->message, keyword) == NULL)
    g_error ("message “%s” does not mention “%s”", error->message, keyword);
}

/* Completes @first17 with its correct check character, so that only the
 * part under test is wrong. */
static void
assert_invalid_with_check (const char *first17,
                           const char *keyword)
{
  char id[19];

  g_assert_cmpuint (strlen (first17), ==, 17);
  memcpy (id, first17, 17);
  id[17] = wb_id_number_check_char (first17);
  id[18] = '\0';
  assert_invalid (id, keyword);
}

static void
test_check_char (void)
{
  g_assert_cmpint (wb_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (wb_id_number_check_char ("44052418800101001"), ==, '4');
  g_assert_cmpint (wb_id_number_check_char ("21010219900307123"), ==, '3');
  g_assert_cmpint (wb_id_number_check_char ("21010219880315009"), ==, '0');

  g_assert_cmpint (wb_id_number_check_char (NULL), ==, 0);
  g_assert_cmpint (wb_id_number_check_char (""), ==, 0);
  g_assert_cmpint (wb_id_number_check_char ("2101021990030712"), ==, 0);
  g_assert_cmpint (wb_id_number_check_char ("210102199003071233"), ==, 0);
  g_assert_cmpint (wb_id_number_check_char ("2101021990030712X"), ==, 0);
  g_assert_cmpint (wb_id_number_check_char ("21010219900307 23"), ==, 0);
}

static void
test_valid (void)
{
  assert_valid ("11010519491231002X");
  assert_valid ("440524188001010014");
  assert_valid ("210102199003071233");
  assert_valid ("21010219880315004X");
  assert_valid ("210102198803150090");
  assert_valid ("210200198001010005");
  /* 2000 is a leap year (divisible by 400). */
  assert_valid ("210102200002294561");
  /* Clerks type the check character in lower case; it is the same number. */
  assert_valid ("11010519491231002x");
  assert_valid ("21010219880315004x");
}

static void
test_wrong_check_char (void)
{
  assert_invalid ("210102199003071234", "check character");
  assert_invalid ("21010219900307123X", "check character");
  assert_invalid ("110105194912310021", "check character");
  /* Mistakes elsewhere are what the check character is for: a changed
   * digit and two swapped digits. */
  assert_invalid ("210102199003071333", "check character");
  assert_invalid ("210102199003071323", "check character");
  assert_invalid ("120102199003071233", "check character");
}

static void
test_birth_date (void)
{
  /* Each of these has a correct check character, so only the date is
   * wrong. */
  assert_invalid ("210102199002300014", "not a date that exists");   /* 02-30 */
  assert_invalid ("210102190002290011", "not a date that exists");   /* 1900 is no leap year */
  assert_valid ("210113202402297778");                               /* 2024 is */

  assert_invalid_with_check ("21010219901301001", "not a date that exists");   /* month 13 */
  assert_invalid_with_check ("21010219900001001", "not a date that exists");   /* month 00 */
  assert_invalid_with_check ("21010219900100001", "not a date that exists");   /* day 00 */
  assert_invalid_with_check ("21010219900431001", "not a date that exists");   /* 04-31 */
  assert_invalid_with_check ("21010200000101001", "not a date that exists");   /* year 0 */
}

static void
test_future_birth_date (void)
{
  g_autoptr(GTimeZone) china = g_time_zone_new_offset (8 * 60 * 60);
  g_autoptr(GDateTime) today = g_date_time_new_now (china);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autofree char *born_today = NULL;
  g_autofree char *born_tomorrow = NULL;

  assert_invalid ("210102299901010019", "future");

  /* A baby registered on the day of birth is fine; judged in Beijing time. */
  born_today = wb_id_number_make ("210102", g_date_time_get_year (today),
                                  g_date_time_get_month (today),
                                  g_date_time_get_day_of_month (today), 1);
  assert_valid (born_today);

  born_tomorrow = wb_id_number_make ("210102", g_date_time_get_year (tomorrow),
                                     g_date_time_get_month (tomorrow),
                                     g_date_time_get_day_of_month (tomorrow), 1);
  assert_invalid (born_tomorrow, "future");
}

static void
test_too_old (void)
{
  assert_invalid_with_check ("21010217991231001", "before 1800");
  assert_valid ("440524188001010014");
}

static void
test_length_and_characters (void)
{
  assert_invalid (NULL, "empty");
  assert_invalid ("", "empty");
  assert_invalid ("21010219900307123", "18 characters");
  assert_invalid ("2101021990030712334", "18 characters");
  /* 15-digit numbers were replaced long ago and are not accepted. */
  assert_invalid ("210102900307123", "18 characters");

  assert_invalid ("21010219900307123A", "digits");
  assert_invalid ("2101021990030712X3", "digits");
  assert_invalid ("x10102199003071233", "digits");
  assert_invalid ("210102 19900307123", "digits");
  assert_invalid ("-10102199003071233", "digits");
  /* Full-width digits from a Chinese input method: 18 characters, but not
   * ASCII digits. */
  assert_invalid ("２１０１０２１９９００３０７１２３３", "digits");
}

static void
test_make (void)
{
  static const char *divisions[] = {
    "210102", "210103", "210113", "210123", "210181", "210200", "211400",
  };
  g_autofree char *a = wb_id_number_make ("210102", 1990, 3, 7, 123);
  g_autofree char *b = wb_id_number_make ("210102", 1988, 3, 15, 4);
  g_autofree char *c = wb_id_number_make ("210102", 2000, 2, 29, 456);

  g_assert_cmpstr (a, ==, "210102199003071233");
  g_assert_cmpstr (b, ==, "21010219880315004X");
  g_assert_cmpstr (c, ==, "210102200002294561");

  /* Demo data: whatever the inputs, the result passes validation. */
  for (guint i = 0; i < G_N_ELEMENTS (divisions); i++)
    for (guint seq = 0; seq <= 999; seq += 37)
      {
        g_autofree char *id = wb_id_number_make (divisions[i], 1950 + (int) seq % 70,
                                                 1 + (int) seq % 12,
                                                 1 + (int) seq % 28, seq);
        g_autoptr(GError) error = NULL;

        g_assert_cmpuint (strlen (id), ==, 18);
        g_assert_true (g_str_has_prefix (id, divisions[i]));
        wb_id_number_validate (id, &error);
        g_assert_no_error (error);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id-number/check-char", test_check_char);
  g_test_add_func ("/id-number/valid", test_valid);
  g_test_add_func ("/id-number/wrong-check-char", test_wrong_check_char);
  g_test_add_func ("/id-number/birth-date", test_birth_date);
  g_test_add_func ("/id-number/future-birth-date", test_future_birth_date);
  g_test_add_func ("/id-number/too-old", test_too_old);
  g_test_add_func ("/id-number/length-and-characters", test_length_and_characters);
  g_test_add_func ("/id-number/make", test_make);

  return g_test_run ();
}
