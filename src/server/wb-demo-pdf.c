/* wb-demo-pdf.c: fake "scanned" material PDFs for the demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-demo-pdf.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "wb-error.h"

/* A4 at 100 dpi, what a counter scanner in "document" mode produces.  Much
 * lower and CJK strokes smear; higher only bloats the demo database. */
#define PAGE_W_PX 827
#define PAGE_H_PX 1169
#define PAGE_W_PT 595.276
#define PAGE_H_PT 841.890

#define MARGIN    80.0
#define CONTENT_W (PAGE_W_PX - 2 * MARGIN)

/* Lower edge of the area body lines may use on page one; anything longer is
 * dropped rather than pushed under the form. */
#define BODY_LIMIT_Y 560.0

#define SERIF_FAMILY "Noto Serif CJK SC"
#define SANS_FAMILY  "Noto Sans CJK SC"

/* ------------------------------------------------------------------------ */
/* Fake particulars                                                          */
/* ------------------------------------------------------------------------ */

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
  "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
};

static const char * const given_male[] = {
  "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超",
  "浩然", "宇轩", "志强", "建国", "子豪", "俊杰",
};

static const char * const given_female[] = {
  "秀英", "敏", "静", "丽", "艳", "娟", "霞", "芳", "婷", "雪梅",
  "欣怡", "子涵", "雨桐", "佳琪", "思琪", "玉兰",
};

static const char * const ethnic_groups[] = {
  "汉", "汉", "汉", "汉", "汉", "汉", "回", "满", "壮", "苗",
};

static const char * const mobile_prefixes[] = {
  "13", "15", "17", "18", "19",
};

/* Deliberately fictional places, so no demo address is somebody's home. */
static const char * const cities[] = {
  "云泽市", "江澜市", "南屏市", "青岚市", "临渊市", "白鹭市",
};

static const char * const districts[] = {
  "东城区", "新华区", "滨江区", "高新区", "城南区", "长乐区",
};

static const char * const roads[] = {
  "文昌路", "人民路", "解放大道", "建设路", "中山北路", "和平街",
  "学府路", "湖滨东路",
};

static const char * const record_events[] = {
  "换领居民身份证",
  "变更联系电话",
  "补录曾用名",
  "变更服务处所",
  "更正文化程度",
};

typedef struct
{
  const char *name_surname;
  const char *name_given;
  gboolean    male;
  const char *ethnic;
  int         birth_y, birth_m, birth_d;
  const char *city;
  const char *district;
  char       *address;
  char       *id_number;
  char       *phone;
  char       *seal_text;
  guint       serial;
  int         issue_y, issue_m, issue_d;
} FakeDoc;

static void
fake_doc_clear (FakeDoc *doc)
{
  g_clear_pointer (&doc->address, g_free);
  g_clear_pointer (&doc->id_number, g_free);
  g_clear_pointer (&doc->phone, g_free);
  g_clear_pointer (&doc->seal_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FakeDoc, fake_doc_clear)

#define PICK(rand, array) \
  ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
random_date (GRand *rand,
             int    first_year,
             int    last_year,
             int   *y,
             int   *m,
             int   *d)
{
  *y = g_rand_int_range (rand, first_year, last_year + 1);
  *m = g_rand_int_range (rand, 1, 13);
  /* 28 keeps every month valid without a calendar; nobody checks. */
  *d = g_rand_int_range (rand, 1, 29);
}

/* A GB 11643 shaped number with a correct check digit, but the region code
 * starts with "99", which no province uses: it looks right on screen and
 * checks out arithmetically, yet can never be a real person's number. */
static char *
fake_id_number (GRand   *rand,
                gboolean male,
                int      y,
                int      m,
                int      d)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check_chars[] = "10X98765432";
  char digits[19];
  int seq;
  int sum = 0;

  seq = g_rand_int_range (rand, 0, 500) * 2 + (male ? 1 : 0);
  g_snprintf (digits, sizeof digits, "99%02d%02d%04d%02d%02d%03d",
              g_rand_int_range (rand, 1, 20), g_rand_int_range (rand, 1, 30),
              y, m, d, seq);
  for (guint i = 0; i < 17; i++)
    sum += (digits[i] - '0') * weights[i];
  digits[17] = check_chars[sum % 11];
  digits[18] = '\0';

  return g_strdup (digits);
}

/* The issuing body differs by document type; a police seal on a birth
 * certificate would look wrong to anyone who has seen the real thing. */
static char *
fake_seal_text (const char *title,
                const char *city,
                const char *district)
{
  if (strstr (title, "出生") != NULL)
    return g_strdup_printf ("%s妇幼保健院", city);
  if (strstr (title, "营业执照") != NULL)
    return g_strdup_printf ("%s市场监督管理局", city);
  if (strstr (title, "合同") != NULL || strstr (title, "协议") != NULL)
    return g_strdup_printf ("%s安居房屋租赁有限公司", city);
  if (strstr (title, "学") != NULL)
    return g_strdup_printf ("%s%s第一中学", city, district);
  return g_strdup_printf ("%s公安局%s分局", city, district);
}

static void
fake_doc_init (FakeDoc    *doc,
               const char *title,
               GRand      *rand)
{
  doc->male = g_rand_boolean (rand);
  doc->name_surname = PICK (rand, surnames);
  doc->name_given = doc->male ? PICK (rand, given_male) : PICK (rand, given_female);
  doc->ethnic = PICK (rand, ethnic_groups);
  random_date (rand, 1960, 2005, &doc->birth_y, &doc->birth_m, &doc->birth_d);
  doc->city = PICK (rand, cities);
  doc->district = PICK (rand, districts);
  doc->address = g_strdup_printf ("%s%s%s%d号%d栋%d单元%d室",
                                  doc->city, doc->district, PICK (rand, roads),
                                  g_rand_int_range (rand, 1, 400),
                                  g_rand_int_range (rand, 1, 30),
                                  g_rand_int_range (rand, 1, 5),
                                  g_rand_int_range (rand, 1, 33) * 100 + g_rand_int_range (rand, 1, 5));
  doc->id_number = fake_id_number (rand, doc->male,
                                   doc->birth_y, doc->birth_m, doc->birth_d);
  /* Masked the way service centres print phone numbers on copies. */
  doc->phone = g_strdup_printf ("%s%d****%04d",
                                PICK (rand, mobile_prefixes),
                                g_rand_int_range (rand, 0, 10),
                                g_rand_int_range (rand, 0, 10000));
  doc->seal_text = fake_seal_text (title, doc->city, doc->district);
  doc->serial = g_rand_int_range (rand, 100000000, 999999999);
  random_date (rand, 2015, 2024, &doc->issue_y, &doc->issue_m, &doc->issue_d);
}

/* ------------------------------------------------------------------------ */
/* Text                                                                      */
/* ------------------------------------------------------------------------ */

typedef struct
{
  cairo_t              *cr;
  PangoLayout          *layout;
  PangoFontDescription *serif_bold;
  PangoFontDescription *serif;
  PangoFontDescription *sans;
  GRand                *rand;
  const FakeDoc        *doc;
  double                ink;   /* toner density of this page */
} Painter;

typedef struct
{
  PangoFontDescription *font;
  double                size;     /* px */
  double                width;    /* <= 0: single line, no wrapping */
  PangoAlignment        align;
  double                spacing;  /* extra px between characters */
  double                indent;   /* first-line indent, px */
  double                gray;     /* < 0: the page's ink */
} TextStyle;

static void
setup_layout (Painter         *p,
              const TextStyle *style,
              const char      *text)
{
  pango_font_description_set_absolute_size (style->font, style->size * PANGO_SCALE);
  pango_layout_set_font_description (p->layout, style->font);
  pango_layout_set_width (p->layout, style->width > 0 ? (int) (style->width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (p->layout, style->align);
  pango_layout_set_indent (p->layout, (int) (style->indent * PANGO_SCALE));

  if (style->spacing > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (style->spacing * PANGO_SCALE)));
      pango_layout_set_attributes (p->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  else
    {
      pango_layout_set_attributes (p->layout, NULL);
    }

  pango_layout_set_text (p->layout, text, -1);
  cairo_set_source_rgb (p->cr,
                        style->gray < 0 ? p->ink : style->gray,
                        style->gray < 0 ? p->ink : style->gray,
                        style->gray < 0 ? p->ink : style->gray);
}

/* Returns the height used, so callers can flow text downwards. */
static double
draw_text (Painter         *p,
           const TextStyle *style,
           double           x,
           double           y,
           const char      *text)
{
  int w, h;

  setup_layout (p, style, text);
  pango_layout_get_pixel_size (p->layout, &w, &h);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, p->layout);
  /* Showing a layout leaves the current point set, and a later arc would
   * start with a stray line from it. */
  cairo_new_path (p->cr);

  return h;
}

static void
draw_text_in_cell (Painter         *p,
                   const TextStyle *style,
                   double           x,
                   double           y,
                   double           cell_w,
                   double           cell_h,
                   const char      *text)
{
  TextStyle s = *style;
  int w, h;

  if (text == NULL || *text == '\0')
    return;

  s.width = cell_w - 16;
  setup_layout (p, &s, text);
  pango_layout_get_pixel_size (p->layout, &w, &h);
  cairo_move_to (p->cr, x + 8, y + (cell_h - h) / 2);
  pango_cairo_show_layout (p->cr, p->layout);
  cairo_new_path (p->cr);
}

/* ------------------------------------------------------------------------ */
/* Page content                                                              */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *label1;
  const char *value1;
  const char *label2;   /* NULL: value1 spans the rest of the row */
  const char *value2;
  double      height;
} FormRow;

static double
draw_form (Painter       *p,
           double         y,
           const FormRow *rows,
           guint          n_rows)
{
  const double label_w = 124;
  const double half_w = CONTENT_W / 2;
  const double top = y;
  TextStyle label = { p->sans, 16, 0, PANGO_ALIGN_CENTER, 0, 0, -1 };
  TextStyle value = { p->serif, 17, 0, PANGO_ALIGN_LEFT, 0, 0, -1 };
  cairo_t *cr = p->cr;

  cairo_set_source_rgb (cr, p->ink, p->ink, p->ink);
  cairo_set_line_width (cr, 1.0);

  for (guint i = 0; i < n_rows; i++)
    {
      const FormRow *row = &rows[i];

      /* Separator under the row and the label/value splits; the outer frame
       * is drawn thicker at the end like on printed forms. */
      cairo_set_source_rgb (cr, p->ink, p->ink, p->ink);
      cairo_move_to (cr, MARGIN, y + row->height);
      cairo_line_to (cr, MARGIN + CONTENT_W, y + row->height);
      cairo_move_to (cr, MARGIN + label_w, y);
      cairo_line_to (cr, MARGIN + label_w, y + row->height);
      if (row->label2 != NULL)
        {
          cairo_move_to (cr, MARGIN + half_w, y);
          cairo_line_to (cr, MARGIN + half_w, y + row->height);
          cairo_move_to (cr, MARGIN + half_w + label_w, y);
          cairo_line_to (cr, MARGIN + half_w + label_w, y + row->height);
        }
      cairo_stroke (cr);

      draw_text_in_cell (p, &label, MARGIN, y, label_w, row->height, row->label1);
      if (row->label2 != NULL)
        {
          draw_text_in_cell (p, &value, MARGIN + label_w, y,
                             half_w - label_w, row->height, row->value1);
          draw_text_in_cell (p, &label, MARGIN + half_w, y,
                             label_w, row->height, row->label2);
          draw_text_in_cell (p, &value, MARGIN + half_w + label_w, y,
                             half_w - label_w, row->height, row->value2);
        }
      else
        {
          draw_text_in_cell (p, &value, MARGIN + label_w, y,
                             CONTENT_W - label_w, row->height, row->value1);
        }

      y += row->height;
    }

  cairo_set_source_rgb (cr, p->ink, p->ink, p->ink);
  cairo_set_line_width (cr, 2.2);
  cairo_rectangle (cr, MARGIN, top, CONTENT_W, y - top);
  cairo_stroke (cr);

  return y;
}

static double
draw_particulars_form (Painter *p,
                       double   y)
{
  const FakeDoc *doc = p->doc;
  g_autofree char *name = g_strconcat (doc->name_surname, doc->name_given, NULL);
  g_autofree char *birth = g_strdup_printf ("%d年%d月%d日", doc->birth_y, doc->birth_m, doc->birth_d);
  g_autofree char *ethnic = g_strconcat (doc->ethnic, "族", NULL);
  g_autofree char *issued = g_strdup_printf ("%d年%d月%d日", doc->issue_y, doc->issue_m, doc->issue_d);
  const FormRow rows[] = {
    { "姓名", name, "性别", doc->male ? "男" : "女", 46 },
    { "民族", ethnic, "出生日期", birth, 46 },
    { "公民身份号码", doc->id_number, NULL, NULL, 46 },
    { "住址", doc->address, NULL, NULL, 46 },
    { "联系电话", doc->phone, "登记日期", issued, 46 },
    { "备注", "", NULL, NULL, 96 },
  };

  return draw_form (p, y, rows, G_N_ELEMENTS (rows));
}

/* Continuation pages carry a record table, as household registers and most
 * certificates do on their back pages. */
static double
draw_record_table (Painter *p,
                   double   y)
{
  const double date_w = 150, handler_w = 110, row_h = 44;
  const guint n_rows = 9;
  const guint n_filled = g_rand_int_range (p->rand, 2, 5);
  TextStyle head = { p->sans, 16, 0, PANGO_ALIGN_CENTER, 0, 0, -1 };
  TextStyle cell = { p->serif, 16, 0, PANGO_ALIGN_LEFT, 0, 0, -1 };
  TextStyle cell_c = { p->serif, 16, 0, PANGO_ALIGN_CENTER, 0, 0, -1 };
  const double top = y;
  cairo_t *cr = p->cr;

  cairo_set_source_rgb (cr, p->ink, p->ink, p->ink);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 1; i <= n_rows; i++)
    {
      cairo_move_to (cr, MARGIN, top + i * row_h);
      cairo_line_to (cr, MARGIN + CONTENT_W, top + i * row_h);
    }
  cairo_move_to (cr, MARGIN + date_w, top);
  cairo_line_to (cr, MARGIN + date_w, top + (n_rows + 1) * row_h);
  cairo_move_to (cr, MARGIN + CONTENT_W - handler_w, top);
  cairo_line_to (cr, MARGIN + CONTENT_W - handler_w, top + (n_rows + 1) * row_h);
  cairo_stroke (cr);

  draw_text_in_cell (p, &head, MARGIN, y, date_w, row_h, "日期");
  draw_text_in_cell (p, &head, MARGIN + date_w, y,
                     CONTENT_W - date_w - handler_w, row_h, "变更、更正事项");
  draw_text_in_cell (p, &head, MARGIN + CONTENT_W - handler_w, y,
                     handler_w, row_h, "承办人");

  for (guint i = 0; i < n_filled; i++)
    {
      int ry, rm, rd;
      g_autofree char *date = NULL;
      g_autofree char *event = NULL;
      g_autofree char *handler = NULL;

      y += row_h;
      random_date (p->rand, 2010, 2024, &ry, &rm, &rd);
      date = g_strdup_printf ("%d.%02d.%02d", ry, rm, rd);
      switch (g_rand_int_range (p->rand, 0, 4))
        {
        case 0:
          event = g_strdup_printf ("户口迁入（由%s%s迁来）",
                                   PICK (p->rand, cities), PICK (p->rand, districts));
          break;
        case 1:
          event = g_strdup_printf ("门牌号变更（原%s%d号）",
                                   PICK (p->rand, roads), g_rand_int_range (p->rand, 1, 400));
          break;
        default:
          event = g_strdup (PICK (p->rand, record_events));
          break;
        }
      handler = g_strconcat (PICK (p->rand, surnames), PICK (p->rand, given_male), NULL);

      draw_text_in_cell (p, &cell_c, MARGIN, y, date_w, row_h, date);
      draw_text_in_cell (p, &cell, MARGIN + date_w, y,
                         CONTENT_W - date_w - handler_w, row_h, event);
      draw_text_in_cell (p, &cell_c, MARGIN + CONTENT_W - handler_w, y,
                         handler_w, row_h, handler);
    }

  y = top + (n_rows + 1) * row_h;
  cairo_set_source_rgb (cr, p->ink, p->ink, p->ink);
  cairo_set_line_width (cr, 2.2);
  cairo_rectangle (cr, MARGIN, top, CONTENT_W, y - top);
  cairo_stroke (cr);

  return y;
}

static void
draw_star (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  for (int i = 0; i < 10; i++)
    {
      double a = -G_PI / 2 + i * G_PI / 5;
      double rr = (i % 2 == 0) ? r : r * 0.382;

      if (i == 0)
        cairo_move_to (cr, cx + rr * cos (a), cy + rr * sin (a));
      else
        cairo_line_to (cr, cx + rr * cos (a), cy + rr * sin (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* A round official seal.  Red ink would make the whole page an RGB image
 * and triple its size, so it is drawn the mid gray red turns into on a
 * grayscale scan; multiply lets the text underneath show through like ink. */
static void
draw_seal (Painter *p,
           double   cx,
           double   cy)
{
  const double radius = 74;
  const double gray = 0.50;
  const double span = G_PI * 4 / 3;
  g_autofree gunichar *chars = NULL;
  glong n_chars = 0;
  double text_r, size;
  TextStyle arc = { p->serif_bold, 16, 0, PANGO_ALIGN_LEFT, 0, 0, gray };
  TextStyle label = { p->serif_bold, 13, 0, PANGO_ALIGN_LEFT, 0, 0, gray };
  cairo_t *cr = p->cr;
  int w, h;

  chars = g_utf8_to_ucs4_fast (p->doc->seal_text, -1, &n_chars);

  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
  cairo_translate (cr, cx, cy);
  cairo_rotate (cr, g_rand_double_range (p->rand, -0.25, 0.25));

  cairo_set_source_rgb (cr, gray, gray, gray);
  cairo_set_line_width (cr, 4.5);
  cairo_new_path (cr);
  cairo_arc (cr, 0, 0, radius, 0, 2 * G_PI);
  cairo_stroke (cr);
  draw_star (cr, 0, 0, 22);

  /* Shrink the glyphs for long names so they never run into each other. */
  size = MIN (18.0, 0.8 * span * (radius - 16) / MAX (n_chars, 1));
  arc.size = size;
  text_r = radius - 8 - size / 2;

  for (glong i = 0; i < n_chars; i++)
    {
      char utf8[8] = { 0 };
      double a = -G_PI / 2 - span / 2 + span * (i + 0.5) / n_chars;

      g_unichar_to_utf8 (chars[i], utf8);
      cairo_save (cr);
      cairo_rotate (cr, a + G_PI / 2);
      cairo_translate (cr, 0, -text_r);
      setup_layout (p, &arc, utf8);
      pango_cairo_update_layout (cr, p->layout);
      pango_layout_get_pixel_size (p->layout, &w, &h);
      cairo_move_to (cr, -w / 2.0, -h / 2.0);
      pango_cairo_show_layout (cr, p->layout);
      cairo_new_path (cr);
      cairo_restore (cr);
    }

  /* Real seals name their use here; ours says what it is. */
  setup_layout (p, &label, "演示样本");
  pango_cairo_update_layout (cr, p->layout);
  pango_layout_get_pixel_size (p->layout, &w, &h);
  cairo_move_to (cr, -w / 2.0, radius * 0.42 - h / 2.0);
  pango_cairo_show_layout (cr, p->layout);
  cairo_new_path (cr);

  cairo_restore (cr);
  pango_cairo_update_layout (cr, p->layout);
}

static void
draw_page_content (Painter            *p,
                   const char         *title,
                   const char * const *lines,
                   guint               page,
                   guint               n_pages)
{
  static const char * const default_lines[] = {
    "经核对，本复印件与原件内容一致。",
    "申请人对所提交材料的真实性、有效性负责。",
    NULL,
  };
  const FakeDoc *doc = p->doc;
  TextStyle serial = { p->sans, 14, CONTENT_W, PANGO_ALIGN_RIGHT, 0, 0, -1 };
  TextStyle footer = { p->sans, 13, CONTENT_W, PANGO_ALIGN_CENTER, 0, 0, 0.35 };
  TextStyle date = { p->serif, 18, CONTENT_W - 40, PANGO_ALIGN_RIGHT, 0, 0, -1 };
  g_autofree char *serial_text = g_strdup_printf ("编号：No. %09u", doc->serial);
  g_autofree char *footer_text = NULL;
  g_autofree char *date_text = NULL;
  cairo_t *cr = p->cr;
  double y;

  draw_text (p, &serial, MARGIN, 54, serial_text);

  if (page == 1)
    {
      TextStyle head = { p->serif_bold, 40, CONTENT_W, PANGO_ALIGN_CENTER, 10, 0, -1 };

      y = 82 + draw_text (p, &head, MARGIN, 82, title);
    }
  else
    {
      TextStyle head = { p->serif_bold, 28, CONTENT_W, PANGO_ALIGN_CENTER, 4, 0, -1 };
      g_autofree char *cont = g_strconcat (title, "（续页）", NULL);

      y = 90 + draw_text (p, &head, MARGIN, 90, cont);
    }

  /* Double rule under the heading, thick over thin, like printed forms. */
  cairo_set_source_rgb (cr, p->ink, p->ink, p->ink);
  cairo_set_line_width (cr, 2.5);
  cairo_move_to (cr, MARGIN, y + 10);
  cairo_line_to (cr, MARGIN + CONTENT_W, y + 10);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, MARGIN, y + 15);
  cairo_line_to (cr, MARGIN + CONTENT_W, y + 15);
  cairo_stroke (cr);
  y += 36;

  if (page == 1)
    {
      TextStyle body = { p->serif, 18, CONTENT_W, PANGO_ALIGN_LEFT, 0, 36, -1 };

      if (lines == NULL)
        lines = default_lines;
      for (guint i = 0; lines[i] != NULL && y < BODY_LIMIT_Y; i++)
        y += draw_text (p, &body, MARGIN, y, lines[i]) + 8;

      y = draw_particulars_form (p, y + 18);
    }
  else
    {
      y = draw_record_table (p, y + 4);
    }

  if (page == n_pages)
    {
      double date_y = y + 80;

      date_text = g_strdup_printf ("%d年%d月%d日", doc->issue_y, doc->issue_m, doc->issue_d);
      draw_text (p, &date, MARGIN, date_y, date_text);
      draw_seal (p,
                 MARGIN + CONTENT_W - 150 + g_rand_double_range (p->rand, -14, 14),
                 date_y + 12 + g_rand_double_range (p->rand, -12, 12));
    }

  footer_text = g_strdup_printf ("演示数据，非真实证明材料　　第 %u 页／共 %u 页", page, n_pages);
  draw_text (p, &footer, MARGIN, PAGE_H_PX - 70, footer_text);
}

/* ------------------------------------------------------------------------ */
/* Scanner                                                                   */
/* ------------------------------------------------------------------------ */

static inline void
darken_pixel (guint8 *data,
              int     stride,
              int     x,
              int     y,
              guint8  v)
{
  guint32 *px = (guint32 *) (data + (gsize) y * stride) + x;

  /* RGB24 with r == g == b everywhere, so blue stands for the gray level;
   * keeping the channels equal is what lets cairo emit a DeviceGray image. */
  if (v < (*px & 0xff))
    *px = v * 0x010101u;
}

/* Dust on the glass and toner specks.  Kept sparse: every speck breaks a
 * run of white the PDF deflate stream would otherwise compress to nothing. */
static void
add_scanner_noise (cairo_surface_t *surface,
                   GRand           *rand)
{
  guint8 *data;
  int stride;
  guint n_specks = (PAGE_W_PX * PAGE_H_PX) / 1200;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  for (guint i = 0; i < n_specks; i++)
    {
      int x = g_rand_int_range (rand, 0, PAGE_W_PX - 1);
      int y = g_rand_int_range (rand, 0, PAGE_H_PX - 1);
      guint8 v = g_rand_int_range (rand, 70, 210);

      darken_pixel (data, stride, x, y, v);
      if (g_rand_int_range (rand, 0, 100) < 12)
        {
          darken_pixel (data, stride, x + 1, y, v + 30);
          darken_pixel (data, stride, x, y + 1, v + 30);
          darken_pixel (data, stride, x + 1, y + 1, v);
        }
    }

  /* Now and then a faint streak from a scratch on the scanner glass. */
  if (g_rand_int_range (rand, 0, 100) < 40)
    {
      int x = g_rand_int_range (rand, 40, PAGE_W_PX - 40);
      guint8 v = g_rand_int_range (rand, 215, 235);

      for (int y = 0; y < PAGE_H_PX; y++)
        darken_pixel (data, stride, x, y, v);
    }

  cairo_surface_mark_dirty (surface);
}

static cairo_surface_t *
render_scan (const char         *title,
             const char * const *lines,
             guint               page,
             guint               n_pages,
             const FakeDoc      *doc,
             GRand              *rand,
             cairo_status_t     *status)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_font_options_t *font_options;
  PangoContext *context;
  cairo_pattern_t *shade;
  Painter p = { 0 };
  double skew, off_x, off_y;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PAGE_W_PX, PAGE_H_PX);
  *status = cairo_surface_status (surface);
  if (*status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  /* Each page lands on the glass a little differently. */
  skew = g_rand_double_range (rand, -1.5, 1.5) * G_PI / 180;
  off_x = g_rand_double_range (rand, 3, 12);
  off_y = g_rand_double_range (rand, 3, 12);

  cr = cairo_create (surface);

  /* The lid shows around the paper as a light gray. */
  cairo_set_source_rgb (cr, 0.90, 0.90, 0.90);
  cairo_paint (cr);

  cairo_translate (cr, off_x + PAGE_W_PX / 2.0, off_y + PAGE_H_PX / 2.0);
  cairo_rotate (cr, skew);
  cairo_translate (cr, -PAGE_W_PX / 2.0, -PAGE_H_PX / 2.0);

  /* Shadow cast by the paper edge, darkest right at the edge. */
  cairo_set_line_width (cr, 1.2);
  for (int i = 8; i >= 1; i--)
    {
      double g = 0.58 + 0.32 * pow (i / 8.0, 0.7);

      cairo_set_source_rgb (cr, g, g, g);
      cairo_rectangle (cr, -i, -i, PAGE_W_PX + 2 * i, PAGE_H_PX + 2 * i);
      cairo_stroke (cr);
    }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, PAGE_W_PX, PAGE_H_PX);
  cairo_fill (cr);

  /* The edge lifts off the glass a little and comes out grayish. */
  shade = cairo_pattern_create_linear (0, 0, 28, 0);
  cairo_pattern_add_color_stop_rgba (shade, 0, 0.55, 0.55, 0.55, 0.35);
  cairo_pattern_add_color_stop_rgba (shade, 1, 0.55, 0.55, 0.55, 0);
  cairo_set_source (cr, shade);
  cairo_rectangle (cr, 0, 0, 28, PAGE_H_PX);
  cairo_fill (cr);
  cairo_pattern_destroy (shade);

  context = pango_cairo_create_context (cr);
  font_options = cairo_font_options_create ();
  /* Gray antialiasing keeps r == g == b; no hinting because the page is
   * rotated and hinted metrics would snap to the wrong grid. */
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);

  p.cr = cr;
  p.layout = pango_layout_new (context);
  p.serif_bold = pango_font_description_from_string (SERIF_FAMILY " Bold");
  p.serif = pango_font_description_from_string (SERIF_FAMILY);
  p.sans = pango_font_description_from_string (SANS_FAMILY);
  p.rand = rand;
  p.doc = doc;
  /* Exposure varies a little between pages of one batch. */
  p.ink = g_rand_double_range (rand, 0.08, 0.20);

  draw_page_content (&p, title, lines, page, n_pages);

  g_object_unref (p.layout);
  g_object_unref (context);
  pango_font_description_free (p.serif_bold);
  pango_font_description_free (p.serif);
  pango_font_description_free (p.sans);

  *status = cairo_status (cr);
  cairo_destroy (cr);
  if (*status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  add_scanner_noise (surface, rand);

  return surface;
}

/* ------------------------------------------------------------------------ */
/* PDF                                                                       */
/* ------------------------------------------------------------------------ */

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
wb_demo_pdf_render (const char         *title,
                    const char * const *lines,
                    guint               n_pages,
                    guint32             seed,
                    GError            **error)
{
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GRand) rand = NULL;
  g_auto(FakeDoc) doc = { 0 };
  g_autofree char *create_date = NULL;
  cairo_surface_t *pdf;
  cairo_t *cr;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  cairo_status_t finish_status;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (n_pages >= 1, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rand = g_rand_new_with_seed (seed);
  fake_doc_init (&doc, title, rand);

  out = g_byte_array_new ();
  pdf = cairo_pdf_surface_create_for_stream (append_to_byte_array, out,
                                             PAGE_W_PT, PAGE_H_PT);
  /* cairo stamps the current time as CreationDate unless told otherwise,
   * which would make the output differ between runs; the issue date of the
   * fake document doubles as a plausible scan date. */
  create_date = g_strdup_printf ("%04d-%02d-%02dT%02u:%02u:00",
                                 doc.issue_y, doc.issue_m, doc.issue_d,
                                 9 + doc.serial % 8, doc.serial % 60);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATE_DATE, create_date);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_TITLE, title);
  /* Say who made it, so nobody mistakes it for a real upload. */
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Wangban demo scanner");

  cr = cairo_create (pdf);

  for (guint page = 1; page <= n_pages && status == CAIRO_STATUS_SUCCESS; page++)
    {
      /* A fresh surface per page: cairo's PDF backend identifies images by
       * surface, and reusing one could repeat the first page's image. */
      cairo_surface_t *scan = render_scan (title, lines, page, n_pages, &doc, rand, &status);

      if (scan == NULL)
        break;

      cairo_save (cr);
      cairo_scale (cr, PAGE_W_PT / PAGE_W_PX, PAGE_H_PT / PAGE_H_PX);
      cairo_set_source_surface (cr, scan, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (scan);

      status = cairo_status (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  finish_status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);

  if (status == CAIRO_STATUS_SUCCESS)
    status = finish_status;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_INTERNAL,
                   "Could not render demo PDF “%s”: %s",
                   title, cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
