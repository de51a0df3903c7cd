/* test-text.c: the one rule for "says something", shared by server and desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-text.h"

static void
test_blank (void)
{
  g_assert_true (wb_text_is_blank (NULL));
  g_assert_true (wb_text_is_blank (""));
  g_assert_true (wb_text_is_blank (" \t\n"));
  /* The ideographic space a Chinese input method types. */
  g_assert_true (wb_text_is_blank ("\u3000\u3000"));
  g_assert_true (wb_text_is_blank ("\xff\xfe"));
  g_assert_false (wb_text_is_blank ("回访"));
  g_assert_false (wb_text_is_blank ("\u3000x\u3000"));
}

static void
test_trim (void)
{
  g_autofree char *a = wb_text_trim ("\u3000 回访申请人 \u3000");
  g_autofree char *b = wb_text_trim ("  ");
  g_autofree char *c = wb_text_trim ("a b");
  g_autofree char *d = wb_text_trim (NULL);

  g_assert_cmpstr (a, ==, "回访申请人");
  g_assert_cmpstr (b, ==, "");
  g_assert_cmpstr (c, ==, "a b");
  g_assert_cmpstr (d, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/blank", test_blank);
  g_test_add_func ("/text/trim", test_trim);
  return g_test_run ();
}
