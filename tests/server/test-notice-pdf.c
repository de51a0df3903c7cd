/* test-notice-pdf.c: the one-time supplement notice as a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "wb-notice-pdf.h"
#include "wb-test-server.h"

static const WbNoticeItem items[] = {
  { "居民户口簿", "缺少本人页" },
  { "照片回执", NULL },
};

static GBytes *
render (GDateTime *issued_at,
        guint      sequence)
{
  g_autoptr(GError) error = NULL;
  WbNotice notice = {
    .unit_name = "沈阳市和平区公安分局网办中心",
    .case_no = "210102-20260213-00001",
    .item_name = "户口迁移",
    .applicant_name = "欧阳娜娜",
    .sequence = sequence,
    .items = items,
    .n_items = G_N_ELEMENTS (items),
    .note = "请提供原件扫描件",
    .reason = sequence > 1 ? "首次告知遗漏照片回执" : NULL,
    .issued_at = issued_at,
  };
  GBytes *pdf = wb_notice_pdf_render (&notice, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  return pdf;
}

static void
test_deterministic (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-02-14T02:30:00Z", NULL);
  g_autoptr(GBytes) first = render (at, 1);
  g_autoptr(GBytes) second = render (at, 1);
  g_autoptr(GBytes) other_day = render (later, 1);

  g_assert_cmpuint (g_bytes_get_size (first), >, 5);
  g_assert_cmpmem (g_bytes_get_data (first, NULL), 5, "%PDF-", 5);
  g_assert_true (g_bytes_equal (first, second));
  /* The issue date is part of the notice, so it must show in the bytes. */
  g_assert_false (g_bytes_equal (first, other_day));
}

static void
test_text (void)
{
  /* 23:30 UTC is already the next day in China: the notice is dated as
   * the centre's calendar says. */
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T23:30:00Z", NULL);
  g_autoptr(GBytes) pdf = render (at, 2);
  g_autofree char *text = wb_test_pdf_text (pdf);

  if (text == NULL)
    return;
  {
    const char *expected[] = {
      "补正材料一次性告知书", "沈阳市和平区公安分局网办中心", "210102-20260213-00001",
      "户口迁移", "欧阳娜娜", "1．居民户口簿", "缺少本人页", "2．照片回执",
      "请提供原件扫描件", "首次告知遗漏照片回执", "第2次",
      "《中华人民共和国行政许可法》第三十二条", "2026年2月14日",
    };
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      if (strstr (text, expected[i]) == NULL)
        g_error ("“%s” is not in the notice's text:\n%s", expected[i], text);
  }
}

/* A list too long for one page runs on, rather than off the paper. */
static void
test_long_list (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree WbNoticeItem *many = g_new0 (WbNoticeItem, 60);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  WbNotice notice = {
    .unit_name = "网办中心", .case_no = "210102-20260213-00002", .item_name = "户口迁移",
    .applicant_name = "欧阳娜娜", .sequence = 1, .items = many, .n_items = 60,
    .issued_at = at,
  };

  for (guint i = 0; i < 60; i++)
    {
      char *name = g_strdup_printf ("材料%02u", i + 1);
      g_ptr_array_add (names, name);
      many[i].name = name;
      many[i].reason = "需加盖公章";
    }
  pdf = wb_notice_pdf_render (&notice, &error);
  g_assert_no_error (error);
  text = wb_test_pdf_text (pdf);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "材料60"));
  g_assert_nonnull (strstr (text, "第2页"));
  g_assert_nonnull (strstr (text, "第三十二条"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notice-pdf/deterministic", test_deterministic);
  g_test_add_func ("/notice-pdf/text", test_text);
  g_test_add_func ("/notice-pdf/long-list", test_long_list);
  return g_test_run ();
}
