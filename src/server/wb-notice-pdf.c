/* wb-notice-pdf.c: the one-time supplement notice (一次性告知书)
 *
 * Art. 32 of the Administrative Licensing Law makes the centre tell the
 * applicant everything that is missing in one notice. The notice is a
 * document served on her and kept in the case file, so it is drawn as
 * real text (not an image) that a reader can search and copy, and it
 * names her in clear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-notice-pdf.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

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

/* Every page carries the case number, so a loose sheet finds its file. */
static void
draw_footer (Painter *p)
{
  g_autofree char *text = g_strdup_printf ("案件编号：%s　　第%u页",
                                           p->notice->case_no, p->page);
  int w, h;

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

static void
draw_notice (Painter    *p,
             GDateTime  *local)
{
  const WbNotice *n = p->notice;
  g_autofree char *heading = NULL;
  g_autofree char *number = NULL;
  g_autofree char *salutation = NULL;
  g_autofree char *opening = NULL;
  g_autofree char *date = NULL;

  flow (p, p->sans, 14, PANGO_ALIGN_CENTER, 0, 0, 10, n->unit_name);
  flow (p, p->serif_bold, 22, PANGO_ALIGN_CENTER, 0, 0, 4, "补正材料一次性告知书");
  heading = g_strdup_printf ("（第%u次告知）", n->sequence);
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_CENTER, 0, 0, 8, heading);
  number = g_strdup_printf ("案件编号：%s", n->case_no);
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_RIGHT, 0, 0, 4, number);

  /* Rule under the heading, as on printed official forms. */
  cairo_set_source_rgb (p->cr, 0, 0, 0);
  cairo_set_line_width (p->cr, 1.2);
  cairo_move_to (p->cr, MARGIN_X, p->y + 4);
  cairo_line_to (p->cr, MARGIN_X + CONTENT_W, p->y + 4);
  cairo_stroke (p->cr);
  p->y += 18;

  salutation = g_strdup_printf ("%s：", n->applicant_name != NULL ? n->applicant_name : "申请人");
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 0, 0, 6, salutation);

  opening = g_strdup_printf ("您申请办理的“%s”事项（案件编号：%s），经审查，申请材料不齐全或者"
                             "不符合法定形式。现将需要补正的全部内容一次性告知如下：",
                             n->item_name != NULL ? n->item_name : "", n->case_no);
  body (p, opening);

  for (guint i = 0; i < n->n_items; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u．%s", i + 1, n->items[i].name);

      flow (p, p->serif_bold, BODY_SIZE, PANGO_ALIGN_LEFT, 2 * BODY_SIZE, 0,
            n->items[i].reason ? 2 : 6, line);
      if (n->items[i].reason != NULL)
        {
          g_autofree char *why = g_strdup_printf ("存在问题：%s", n->items[i].reason);

          flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 3.5 * BODY_SIZE, 0, 6, why);
        }
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
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_LEFT, 0, 2 * BODY_SIZE, 24,
        "法律依据：《中华人民共和国行政许可法》第三十二条");

  date = g_strdup_printf ("%d年%d月%d日",
                          g_date_time_get_year (local),
                          g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local));
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_RIGHT, 0, 0, 4, n->unit_name);
  flow (p, p->serif, BODY_SIZE, PANGO_ALIGN_RIGHT, 0, 0, 0, date);

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
  title = g_strdup_printf ("补正材料一次性告知书 %s（第%u次）", notice->case_no, notice->sequence);
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
                   "Could not render the supplement notice for %s: %s",
                   notice->case_no, cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
