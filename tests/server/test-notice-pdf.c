/* test-notice-pdf.c: the notices served on an applicant, as documents
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

/* pdftotext breaks lines where the page does; a sentence is found
 * across them once the breaks are gone. */
static void
assert_has (const char *text,
            const char *needle)
{
  g_autoptr(GString) flat = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n' && *p != '\f')
      g_string_append_c (flat, *p);
  if (strstr (flat->str, needle) == NULL)
    g_error ("“%s” is not in the notice's text:\n%s", needle, text);
}

static const WbNoticeItem received[] = {
  { "申请表", NULL },
  { "居民户口簿", NULL },
};

static WbNotice
decision (WbNoticeKind  kind,
          GDateTime    *issued_at)
{
  WbNotice n = {
    .kind = kind,
    .unit_name = "沈阳市公安局和平分局网办中心",
    .case_no = "210102-20260213-00007",
    .item_name = "无犯罪记录证明",
    .item_basis = "《公安机关办理犯罪记录查询工作规定》",
    .applicant_name = "欧阳娜娜",
    .received_on = "2026-02-12",
    .deadline = "2026-02-27",
    .result = "开具无犯罪记录证明一份",
    .legal_basis = "《中华人民共和国行政许可法》第三十八条第二款",
    .refusal_reason = "申请人提交的居民户口簿与户籍档案不一致",
    .verification_code = "7K3M-Q9TB-X2RD-HW5P",
    .issued_at = issued_at,
  };

  if (kind == WB_NOTICE_ACCEPTANCE)
    {
      n.items = received;
      n.n_items = G_N_ELEMENTS (received);
    }
  return n;
}

static GBytes *
render_notice (const WbNotice *n)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf = wb_notice_pdf_render (n, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  return pdf;
}

/* Every kind: the same input gives the same bytes, and a preview is a
 * different document from the notice itself. */
static void
test_kinds_deterministic (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);

  for (guint k = 0; k < WB_N_NOTICE_KINDS; k++)
    {
      WbNotice n = decision (k, at);
      WbNotice draft = n;
      g_autoptr(GBytes) first = NULL;
      g_autoptr(GBytes) second = NULL;
      g_autoptr(GBytes) preview = NULL;

      if (k == WB_NOTICE_SUPPLEMENT)
        {
          n.items = items;
          n.n_items = G_N_ELEMENTS (items);
          n.sequence = 1;
          draft = n;
        }
      draft.preview = TRUE;
      draft.verification_code = NULL;
      first = render_notice (&n);
      second = render_notice (&n);
      preview = render_notice (&draft);
      g_assert_true (g_bytes_equal (first, second));
      g_assert_false (g_bytes_equal (first, preview));
    }
}

static char *
notice_text (const WbNotice *n)
{
  g_autoptr(GBytes) pdf = render_notice (n);

  return wb_test_pdf_text (pdf);
}

static void
assert_common (const char *text,
               const char *title)
{
  assert_has (text, title);
  assert_has (text, "沈阳市公安局和平分局网办中心");
  assert_has (text, "210102-20260213-00007");
  assert_has (text, "无犯罪记录证明");
  assert_has (text, "欧阳娜娜");
  assert_has (text, "2026年2月13日");
  assert_has (text, "核验码：7K3M-Q9TB-X2RD-HW5P");
}

static void
assert_remedy (const char *text)
{
  assert_has (text, "六十日内依法申请行政复议");
  assert_has (text, "六个月内依法向人民法院提起行政诉讼");
}

static void
test_acceptance_text (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);
  WbNotice n = decision (WB_NOTICE_ACCEPTANCE, at);
  g_autofree char *text = notice_text (&n);

  if (text == NULL)
    return;
  assert_common (text, "受理通知书");
  assert_has (text, "您于2026年2月12日提交的");
  assert_has (text, "本中心决定予以受理");
  assert_has (text, "1．申请表");
  assert_has (text, "2．居民户口簿");
  assert_has (text, "本中心将于2026年2月27日前作出决定");
  assert_has (text, "第三十二条第一款第（五）项");
  g_assert_null (strstr (text, "行政复议"));
}

static void
test_grant_text (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);
  WbNotice n = decision (WB_NOTICE_GRANT, at);
  g_autofree char *text = notice_text (&n);

  if (text == NULL)
    return;
  assert_common (text, "准予许可决定书");
  assert_has (text, "本中心决定准予行政许可");
  assert_has (text, "开具无犯罪记录证明一份");
  assert_has (text, "《公安机关办理犯罪记录查询工作规定》");
  g_assert_null (strstr (text, "不予"));
}

static void
test_refusals_text (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);
  WbNotice not_accepted = decision (WB_NOTICE_NON_ACCEPTANCE, at);
  WbNotice refused = decision (WB_NOTICE_REFUSAL, at);
  g_autofree char *first = notice_text (&not_accepted);
  g_autofree char *second = notice_text (&refused);

  if (first == NULL || second == NULL)
    return;

  assert_common (first, "不予受理决定书");
  assert_has (first, "不符合受理条件");
  assert_has (first, "本中心决定不予受理");
  assert_has (first, "不予受理的理由");
  assert_has (first, "申请人提交的居民户口簿与户籍档案不一致");
  assert_has (first, "《中华人民共和国行政许可法》第三十八条第二款");
  assert_remedy (first);

  assert_common (second, "不予许可决定书");
  assert_has (second, "不符合法定条件、标准");
  assert_has (second, "本中心决定不予行政许可");
  assert_has (second, "不予许可的理由");
  assert_has (second, "申请人提交的居民户口簿与户籍档案不一致");
  assert_has (second, "《中华人民共和国行政许可法》第三十八条第二款");
  assert_remedy (second);
}

/* A preview says so on every page and carries no code a reader could
 * mistake for a real one. */
static void
test_preview_marked (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-02-13T02:30:00Z", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree WbNoticeItem *many = g_new0 (WbNoticeItem, 60);
  WbNotice n = decision (WB_NOTICE_SUPPLEMENT, at);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;

  for (guint i = 0; i < 60; i++)
    {
      char *name = g_strdup_printf ("材料%02u", i + 1);
      g_ptr_array_add (names, name);
      many[i].name = name;
      many[i].reason = "需加盖公章";
    }
  n.items = many;
  n.n_items = 60;
  n.sequence = 1;
  n.preview = TRUE;
  text = notice_text (&n);
  if (text == NULL)
    return;

  g_assert_null (strstr (text, "7K3M"));
  assert_has (text, "样稿无核验码");
  /* pdftotext ends each page with a form feed. */
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 3);
  for (guint i = 0; pages[i + 1] != NULL; i++)
    if (strstr (pages[i], "样稿") == NULL)
      g_error ("page %u of the preview is not marked:\n%s", i + 1, pages[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notice-pdf/deterministic", test_deterministic);
  g_test_add_func ("/notice-pdf/text", test_text);
  g_test_add_func ("/notice-pdf/long-list", test_long_list);
  g_test_add_func ("/notice-pdf/kinds-deterministic", test_kinds_deterministic);
  g_test_add_func ("/notice-pdf/acceptance", test_acceptance_text);
  g_test_add_func ("/notice-pdf/grant", test_grant_text);
  g_test_add_func ("/notice-pdf/refusals", test_refusals_text);
  g_test_add_func ("/notice-pdf/preview-marked", test_preview_marked);
  return g_test_run ();
}
