/* wb-notice-pdf.c: the notices a centre serves on an applicant
 *
 * The one-time supplement notice (Art. 32 of the Administrative Licensing
 * Law), the acceptance notice, and the three decisions: not accepted,
 * granted, refused. Each is a document served on the applicant and kept
 * in the case file, so it is drawn as real text (not an image) that a
 * reader can search and copy, and it names her in clear. All five share
 * one page: heading, salutation, a body per kind, signature, date and
 * the verification code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-notice-pdf.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "wb-calendar.h"
#include "wb-error.h"

/* A4 in PostScript points, the unit a cairo PDF surface draws in. */
#define PAGE_W 595.276
#define PAGE_H 841.890

/* Margins close to GB/T 9704 (official documents), so a printed notice
 * looks like the centre's other papers. */
#define MARGIN_X  76.0
#define MARGIN_T  72.0
#define MARGIN_B  80.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM    (PAGE_H - MARGIN_B)

#define SERIF_FAMILY "Noto Serif CJK SC"
#define SANS_FAMILY  "Noto Sans CJK SC"

#define BODY_SIZE 12.0

#define PREVIEW_MARK "样稿（预览）"

static const struct {
  const char *name;
  const char *title;
} kinds[WB_N_NOTICE_KINDS] = {
  [WB_NOTICE_SUPPLEMENT]     = { "supplement",     "补正材料一次性告知书" },
  [WB_NOTICE_ACCEPTANCE]     = { "acceptance",     "受理通知书" },
  [WB_NOTICE_NON_ACCEPTANCE] = { "non_acceptance", "不予受理决定书" },
  [WB_NOTICE_GRANT]          = { "grant",          "准予许可决定书" },
  [WB_NOTICE_REFUSAL]        = { "refusal",        "不予许可决定书" },
};

const char *
wb_notice_kind_to_string (WbNoticeKind kind)
{
  g_return_val_if_fail (kind < WB_N_NOTICE_KINDS, NULL);
  return kinds[kind].name;
}

gboolean
wb_notice_kind_from_string (const char   *name,
                            WbNoticeKind *out)
{
  for (guint i = 0; name != NULL && i < WB_N_NOTICE_KINDS; i++)
    if (g_str_equal (kinds[i].name, name))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
wb_notice_kind_title (WbNoticeKind kind)
{
  g_return_val_if_fail (kind < WB_N_NOTICE_KINDS, NULL);
  return kinds[kind].title;
}

typedef struct
{
  cairo_t              *cr;
  PangoLayout          *layout;
  PangoLayout          *footer;
  PangoFontDescription *serif;
  PangoFontDescription *serif_bold;
  PangoFontDescription *sans;
  const WbNotice       *notice;
  double                y;
  guint                 page;
} Painter;

static void
set_font (PangoLayout          *layout,
          PangoFontDescription *font,
          double                size)
{
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
}

/* A draft must not pass for the real thing on any sheet of it, so the
 * mark crosses every page, not only the first. */
static void
draw_preview_mark (Painter *p)
{
  int w, h;

  set_font (p->footer, p->sans, 64);
  pango_layout_set_text (p->footer, PREVIEW_MARK, -1);
  pango_cairo_update_layout (p->cr, p->footer);
  pango_layout_get_size (p->footer, &w, &h);

  cairo_save (p->cr);
  cairo_translate (p->cr, PAGE_W / 2, PAGE_H / 2);
  cairo_rotate (p->cr, -G_PI / 4);
  cairo_move_to (p->cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
  cairo_set_source_rgba (p->cr, 0.8, 0.1, 0.1, 0.18);
  pango_cairo_show_layout (p->cr, p->footer);
  cairo_restore (p->cr);
  cairo_set_source_rgb (p->cr, 0, 0, 0);
}

/* Every page carries the case number, so a loose sheet finds its file,
 * and on a preview the mark in words, which the diagonal one is not to
 * a screen reader or a text search. */
static void
draw_footer (Painter *p)
{
  g_autofree char *text = g_strdup_printf ("%s办件编号：%s　　第%u页",
                                           p->notice->preview ? PREVIEW_MARK "　　" : "",
                                           p->notice->case_no, p->page);
  int w, h;

  if (p->notice->preview)
    draw_preview_mark (p);

  set_font (p->footer, p->sans, 9);
  pango_layout_set_text (p->footer, text, -1);
  pango_cairo_update_layout (p->cr, p->footer);
  pango_layout_get_size (p->footer, &w, &h);
  cairo_move_to (p->cr, MARGIN_X + (CONTENT_W - (double) w / PANGO_SCALE) / 2, PAGE_H - MARGIN_B / 2 - 6);
  pango_cairo_show_layout (p->cr, p->footer);
}

static void
next_page (Painter *p)
{
  draw_footer (p);
  cairo_show_page (p->cr);
  p->page++;
  p->y = MARGIN_T;
}

/* Lays out one paragraph and draws it line by line, so a long list or
 * note runs onto the next page instead of off the bottom of this one. */
static void
flow (Painter              *p,
      PangoFontDescription *font,
      double                size,
      PangoAlignment        align,
      double                left,
      double                indent,
      double                space_after,
      const char           *text)
{
  PangoLayoutIter *iter;

  set_font (p->layout, font, size);
  pango_layout_set_width (p->layout, (int) ((CONTENT_W - left) * PANGO_SCALE));
  pango_layout_set_alignment (p->layout, align);
  pango_layout_set_indent (p->layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_text (p->layout, text != NULL ? text : "", -1);
  pango_cairo_update_layout (p->cr, p->layout);

  iter = pango_layout_get_iter (p->layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      int top, bottom, baseline;
      double height;

      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      baseline = pango_layout_iter_get_baseline (iter);
      height = (double) (bottom - top) / PANGO_SCALE;

      if (p->y + height > BOTTOM)
        next_page (p);
      cairo_move_to (p->cr,
                     MARGIN_X + left + (double) logical.x / PANGO_SCALE,
                     p->y + (double) (baseline - top) / PANGO_SCALE);
      pango_cairo_show_layout_line (p->cr, line);
      p->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  p->y += space_after;
}

static void
body (Painter    *p,
      const char *text)
{
  /* First-line indent of two characters, as Chinese prose is set. */
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 0, 2 * BODY_SIZE, 6, text);
}

/* One numbered or labelled entry: its name in bold, its detail below. */
static void
entry (Painter    *p,
       const char *label,
       const char *detail)
{
  flow (p, p->serif_bold, BODY_SIZE, PANGO_ALIGN_LEFT, 2 * BODY_SIZE, 0,
        detail != NULL ? 2 : 6, label);
  if (detail != NULL)
    flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 3.5 * BODY_SIZE, 0, 6, detail);
}

static void
basis_line (Painter    *p,
            const char *basis)
{
  g_autofree char *text = g_strdup_printf ("法律依据：%s", basis);

  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 0, 2 * BODY_SIZE, 24, text);
}

/* "2026-02-13" as a notice writes it: 2026年2月13日; NULL if unreadable. */
static char *
format_iso_date (const char *iso)
{
  GDate date;

  if (iso == NULL || !wb_date_parse_iso (iso, &date))
    return NULL;
  return g_strdup_printf ("%u年%u月%u日", g_date_get_year (&date),
                          (guint) g_date_get_month (&date), g_date_get_day (&date));
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* “您于2026年2月13日提交的”, or without the date when it is unknown. */
static char *
submitted_phrase (const WbNotice *n)
{
  g_autofree char *received = format_iso_date (n->received_on);

  if (received == NULL)
    return g_strdup ("您提交的");
  return g_strdup_printf ("您于%s提交的", received);
}

static void
supplement_body (Painter *p)
{
  const WbNotice *n = p->notice;
  g_autofree char *opening = NULL;

  opening = g_strdup_printf ("您申请办理的“%s”事项（办件编号：%s），经审查，申请材料不齐全或者"
                             "不符合法定形式。现将需要补正的全部内容一次性告知如下：",
                             or_empty (n->item_name), n->case_no);
  body (p, opening);

  for (guint i = 0; i < n->n_items; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u．%s", i + 1, n->items[i].name);
      g_autofree char *why = NULL;

      if (n->items[i].reason != NULL)
        why = g_strdup_printf ("存在问题：%s", n->items[i].reason);
      entry (p, line, why);
    }

  if (n->note != NULL)
    {
      g_autofree char *note = g_strdup_printf ("补充说明：%s", n->note);
      body (p, note);
    }
  /* A further notice breaks the “once” of 一次性告知; the applicant is
   * owed the reason as much as the supervisors are. */
  if (n->reason != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("再次告知的原因：%s", n->reason);
      body (p, reason);
    }

  body (p, "请您按上述内容补正全部材料后，通过原申请渠道上传，或者携带材料原件到本中心窗口提交。"
           "自本告知书发出之日起至收到全部补正材料之日止，办理时限暂停计算；"
           "收到全部补正材料后，本中心将继续办理。");
  body (p, "如对本告知内容有疑问，请与本中心联系。");
  basis_line (p, "《中华人民共和国行政许可法》第三十二条");
}

static void
acceptance_body (Painter *p)
{
  const WbNotice *n = p->notice;
  g_autofree char *submitted = submitted_phrase (n);
  g_autofree char *due = format_iso_date (n->deadline);
  g_autofree char *opening = NULL;

  opening = g_strdup_printf ("%s“%s”申请（办件编号：%s），经审查，申请材料齐全、符合法定形式，"
                             "本中心决定予以受理。",
                             submitted, or_empty (n->item_name), n->case_no);
  body (p, opening);

  if (n->n_items > 0)
    {
      body (p, "本中心已收到您提交的下列材料：");
      for (guint i = 0; i < n->n_items; i++)
        {
          g_autofree char *line = g_strdup_printf ("%u．%s", i + 1, n->items[i].name);
          entry (p, line, NULL);
        }
    }

  if (due != NULL)
    {
      g_autofree char *when = g_strdup_printf ("本中心将于%s前作出决定，并将结果告知您。"
                                               "依法需要听证、检验、检测、鉴定或者专家评审的，"
                                               "所需时间不计算在办理期限内。", due);
      body (p, when);
    }
  basis_line (p, "《中华人民共和国行政许可法》第三十二条第一款第（五）项");
}

static void
grant_body (Painter *p)
{
  const WbNotice *n = p->notice;
  g_autofree char *submitted = submitted_phrase (n);
  g_autofree char *opening = NULL;
  g_autofree char *basis = NULL;

  opening = g_strdup_printf ("%s“%s”申请（办件编号：%s），经审查，符合法定条件、标准。"
                             "本中心决定准予行政许可，办理结果如下：",
                             submitted, or_empty (n->item_name), n->case_no);
  body (p, opening);
  entry (p, "办理结果", or_empty (n->result));
  body (p, "请按您选择的送达方式领取办理结果；如需变更送达方式，请与本中心联系。");

  basis = n->item_basis != NULL
    ? g_strdup_printf ("%s；《中华人民共和国行政许可法》第三十八条第一款", n->item_basis)
    : g_strdup ("《中华人民共和国行政许可法》第三十八条第一款");
  basis_line (p, basis);
}

/* Both refusals owe the applicant the legal basis, the reasons and the
 * way to challenge them (Art. 38(2) of the Administrative Licensing Law;
 * Art. 20 of the Administrative Reconsideration Law; Art. 46 of the
 * Administrative Procedure Law). */
static void
refusal_body (Painter  *p,
              gboolean  accepted)
{
  const WbNotice *n = p->notice;
  g_autofree char *submitted = submitted_phrase (n);
  g_autofree char *opening = NULL;

  opening = g_strdup_printf ("%s“%s”申请（办件编号：%s），经审查，%s。"
                             "本中心决定%s，理由和依据如下：",
                             submitted, or_empty (n->item_name), n->case_no,
                             accepted ? "不符合法定条件、标准" : "不符合受理条件",
                             accepted ? "不予行政许可" : "不予受理");
  body (p, opening);
  entry (p, accepted ? "不予许可的理由" : "不予受理的理由", or_empty (n->refusal_reason));
  entry (p, "法律依据", or_empty (n->legal_basis));
  body (p, "如不服本决定，您可以自收到本决定书之日起六十日内依法申请行政复议，"
           "也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。");
  p->y += 18;
}

static void
draw_heading (Painter *p)
{
  const WbNotice *n = p->notice;
  g_autofree char *number = NULL;

  if (n->preview)
    flow (p, p->sans, BODY_SIZE, PANGO_ALIGN_LEFT, 0, 0, 6,
          PREVIEW_MARK "　本件为样稿，未经签发，不具效力，不得送达申请人");

  flow (p, p->sans, 14, PANGO_ALIGN_CENTER, 0, 0, 10, n->unit_name);
  flow (p, p->serif_bold, 22, PANGO_ALIGN_CENTER, 0, 0, 4, wb_notice_kind_title (n->kind));
  if (n->kind == WB_NOTICE_SUPPLEMENT)
    {
      g_autofree char *sequence = g_strdup_printf ("（第%u次告知）", n->sequence);
      flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_CENTER, 0, 0, 8, sequence);
    }
  else
    p->y += 8;
  number = g_strdup_printf ("办件编号：%s", n->case_no);
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_RIGHT, 0, 0, 4, number);

  /* Rule under the heading, as on printed official forms. */
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_set_line_width (p->cr, 1.2);
  cairo_move_to (p->cr, MARGIN_X, p->y + 4);
  cairo_line_to (p->cr, MARGIN_X + CONTENT_W, p->y + 4);
  cairo_stroke (p->cr);
  p->y += 18;
}

static void
draw_closing (Painter   *p,
              GDateTime *local)
{
  const WbNotice *n = p->notice;
  g_autofree char *date = NULL;
  g_autofree char *code = NULL;

  date = g_strdup_printf ("%d年%d月%d日",
                          g_date_time_get_year (local),
                          g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local));
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_RIGHT, 0, 0, 4, n->unit_name);
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_RIGHT, 0, 0, 18, date);

  /* Whoever holds the paper, the applicant or a third party she shows
   * it to, can check it against the centre's record with this code. */
  if (n->preview)
    code = g_strdup ("核验码：样稿无核验码，正式签发时生成");
  else if (n->verification_code != NULL)
    code = g_strdup_printf ("核验码：%s（凭此码可向本中心核验本文书的真实性）",
                            n->verification_code);
  if (code != NULL)
    flow (p, p->sans, 10, PANGO_ALIGN_LEFT, 0, 0, 0, code);
}

static void
draw_notice (Painter   *p,
             GDateTime *local)
{
  const WbNotice *n = p->notice;
  g_autofree char *salutation = NULL;

  draw_heading (p);

  salutation = g_strdup_printf ("%s：", n->applicant_name != NULL ? n->applicant_name : "申请人");
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 0, 0, 6, salutation);

  switch (n->kind)
    {
    case WB_NOTICE_SUPPLEMENT:
      supplement_body (p);
      break;
    case WB_NOTICE_ACCEPTANCE:
      acceptance_body (p);
      break;
    case WB_NOTICE_NON_ACCEPTANCE:
      refusal_body (p, FALSE);
      break;
    case WB_NOTICE_GRANT:
      grant_body (p);
      break;
    case WB_NOTICE_REFUSAL:
      refusal_body (p, TRUE);
      break;
    case WB_N_NOTICE_KINDS:
    default:
      g_assert_not_reached ();
    }

  draw_closing (p, local);
  draw_footer (p);
  cairo_show_page (p->cr);
}

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
wb_notice_pdf_render (const WbNotice  *notice,
                      GError         **error)
{
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GTimeZone) china = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *create_date = NULL;
  g_autofree char *title = NULL;
  PangoContext *context;
  cairo_font_options_t *font_options;
  cairo_surface_t *pdf;
  cairo_status_t status;
  Painter p = { 0 };

  g_return_val_if_fail (notice != NULL, NULL);
  g_return_val_if_fail (notice->kind < WB_N_NOTICE_KINDS, NULL);
  g_return_val_if_fail (notice->case_no != NULL && notice->issued_at != NULL, NULL);
  g_return_val_if_fail (notice->n_items == 0 || notice->items != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The date on a notice is the centre's calendar date (UTC+8, no DST),
   * whatever zone the server runs in. */
  china = g_time_zone_new_offset (8 * 3600);
  local = g_date_time_to_timezone (notice->issued_at, china);

  out = g_byte_array_new ();
  pdf = cairo_pdf_surface_create_for_stream (append_to_byte_array, out, PAGE_W, PAGE_H);
  /* cairo would stamp the wall-clock time; the request's time keeps the
   * output the same for the same notice, and is when it was issued. */
  create_date = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+08:00");
  if (notice->kind == WB_NOTICE_SUPPLEMENT)
    title = g_strdup_printf ("%s %s（第%u次）%s", wb_notice_kind_title (notice->kind),
                             notice->case_no, notice->sequence,
                             notice->preview ? " " PREVIEW_MARK : "");
  else
    title = g_strdup_printf ("%s %s%s", wb_notice_kind_title (notice->kind), notice->case_no,
                             notice->preview ? " " PREVIEW_MARK : "");
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATE_DATE, create_date);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_AUTHOR,
                                  notice->unit_name ? notice->unit_name : "");
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Wangban server");

  p.cr = cairo_create (pdf);
  p.notice = notice;
  p.page = 1;
  p.y = MARGIN_T;

  context = pango_cairo_create_context (p.cr);
  /* Hinted metrics would tie line breaks to the rasteriser; a PDF is
   * scaled by every viewer, so lay out in unhinted units. */
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);

  p.layout = pango_layout_new (context);
  p.footer = pango_layout_new (context);
  pango_layout_set_wrap (p.layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_spacing (p.layout, (int) (0.5 * BODY_SIZE * PANGO_SCALE));
  p.serif = pango_font_description_from_string (SERIF_FAMILY);
  p.serif_bold = pango_font_description_from_string (SERIF_FAMILY " Bold");
  p.sans = pango_font_description_from_string (SANS_FAMILY);

  draw_notice (&p, local);

  status = cairo_status (p.cr);
  pango_font_description_free (p.serif);
  pango_font_description_free (p.serif_bold);
  pango_font_description_free (p.sans);
  g_object_unref (p.layout);
  g_object_unref (p.footer);
  g_object_unref (context);
  cairo_destroy (p.cr);
  cairo_surface_finish (pdf);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INTERNAL,
                   "Could not render the %s notice for %s: %s",
                   wb_notice_kind_to_string (notice->kind), notice->case_no,
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
