/* wb-inbox-row.c: one case in the inbox, every column drawn by one widget
 *
 * GTK 4.8's list views build a new widget for each row that scrolls into
 * view and destroy the one that scrolled out. A column view's row is a
 * row widget, a cell per column and a child per cell, and every new cell
 * makes its column ask all its other cells to measure and allocate
 * again: with the 200 rows GTK keeps, some 3,000 widgets a frame while
 * scrolling. This row is one widget in a GtkListView. Its height is one
 * line of its font whatever it shows, its columns come from
 * WbInboxColumns, and it shapes its text only when drawn, which only the
 * rows on screen are.
 *
 * A state's pill is drawn from a small texture made once per colour and
 * size: as a CSS background with rounded corners, cairo clipped each of
 * them to a path, which cost more than all the text of a frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox/wb-inbox-row.h"
#include "wb-case-format.h"

/* Above and below the text, as a compact table row has it. */
#define PAD_Y 3
/* Above and below a state's text, inside its pill. */
#define PILL_PAD_Y 1

struct _WbInboxRow
{
  GtkWidget       parent_instance;

  WbInboxColumns *columns;
  WbCaseRow      *row;

  char           *text[WB_INBOX_N_COLUMNS];
  /* The style class whose colour a text takes (wb-case-format.c). */
  const char     *style[WB_INBOX_N_COLUMNS];
  double          pill;

  /* Made on first draw; dropped when the text or the font changes (the
   * columns' serial). */
  PangoLayout    *layout[WB_INBOX_N_COLUMNS];
  guint           layout_serial;
};

G_DEFINE_FINAL_TYPE (WbInboxRow, wb_inbox_row, GTK_TYPE_WIDGET)

static void
wb_inbox_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  WbInboxRow *self = WB_INBOX_ROW (widget);

  /* Measured once for all rows, per font. */
  wb_inbox_columns_measure (self->columns, widget);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* A narrow window shrinks the long columns, then scrolls across. */
      *minimum = wb_inbox_columns_get_minimum (self->columns);
      *natural = wb_inbox_columns_get_natural (self->columns);
    }
  else
    /* The pill's room is kept while the row waits for its case, so rows
     * never change height as pages arrive. */
    *minimum = *natural = wb_inbox_columns_get_line_height (self->columns) + 2 * PILL_PAD_Y + 2 * PAD_Y;
}

static void
drop_layouts (WbInboxRow *self)
{
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    g_clear_object (&self->layout[i]);
}

static PangoLayout *
ensure_layout (WbInboxRow    *self,
               WbInboxColumn  column,
               int            width)
{
  PangoLayout *layout;

  if (self->layout_serial != wb_inbox_columns_get_serial (self->columns))
    {
      drop_layouts (self);
      self->layout_serial = wb_inbox_columns_get_serial (self->columns);
    }
  layout = self->layout[column];
  if (layout == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      layout = self->layout[column] = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text[column]);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (wb_inbox_column_is_numeric (column))
        pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      if (column == WB_INBOX_COLUMN_STATE)
        {
          pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
        }
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  if (pango_layout_get_width (layout) != width * PANGO_SCALE)
    pango_layout_set_width (layout, width * PANGO_SCALE);
  return layout;
}

/* A pill of @color filling @width × @height, kept for the next row of
 * the same colour and size: a handful of states, one column width. */
static GdkTexture *
pill_texture (const GdkRGBA *color,
              int            width,
              int            height,
              int            scale)
{
  static GHashTable *pills;
  g_autofree char *key = NULL;
  GdkTexture *texture;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  double r = height / 2.0;

  if (pills == NULL)
    pills = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  key = g_strdup_printf ("%.3f %.3f %.3f %.3f %d %d %d",
                         color->red, color->green, color->blue, color->alpha, width, height, scale);
  texture = g_hash_table_lookup (pills, key);
  if (texture != NULL)
    return texture;
  /* Widths change only with the window's columns; never let it grow. */
  if (g_hash_table_size (pills) > 256)
    g_hash_table_remove_all (pills);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - r, r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, r, r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height * scale);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT,
                                    bytes, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  g_hash_table_insert (pills, g_steal_pointer (&key), texture);
  return texture;
}

/* The colour style.css gives @style, from the theme's named colours:
 * the row draws its columns itself, so no widget carries the class. */
static void
style_color (GtkWidget     *widget,
             const char    *style,
             const GdkRGBA *fg,
             GdkRGBA       *color)
{
  static const struct {
    const char *style;
    const char *named;
    double      alpha;
  } styles[] = {
    { "wb-state-new",     "accent_color",  1 },
    { "wb-state-review",  "accent_color",  1 },
    { "wb-state-waiting", "warning_color", 1 },
    { "wb-state-active",  "success_color", 1 },
    { "wb-state-done",    "success_color", 1 },
    { "wb-state-refused", "error_color",   1 },
    { "wb-state-closed",  NULL,            0.7 },
    { "success",          "success_color", 1 },
    { "warning",          "warning_color", 1 },
    { "error",            "error_color",   1 },
    { "dim-label",        NULL,            0.55 },
  };

  *color = *fg;
  for (guint i = 0; style != NULL && i < G_N_ELEMENTS (styles); i++)
    if (g_str_equal (styles[i].style, style))
      {
        G_GNUC_BEGIN_IGNORE_DEPRECATIONS
        if (styles[i].named != NULL &&
            !gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), styles[i].named, color))
          *color = *fg;
        G_GNUC_END_IGNORE_DEPRECATIONS
        color->alpha *= styles[i].alpha;
        return;
      }
}

static void
wb_inbox_row_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  WbInboxRow *self = WB_INBOX_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int x[WB_INBOX_N_COLUMNS], w[WB_INBOX_N_COLUMNS];
  GdkRGBA fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  wb_inbox_columns_place (self->columns, width, x, w);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      int left = x[i] + WB_INBOX_CELL_PAD_X;
      int room = MIN (w[i], width - x[i]) - 2 * WB_INBOX_CELL_PAD_X;
      PangoLayout *layout;
      GdkRGBA color;
      int text_height;

      if (self->text[i] == NULL || *self->text[i] == '\0' || room <= 0)
        continue;
      style_color (widget, self->style[i], &fg, &color);
      if (i == WB_INBOX_COLUMN_STATE)
        {
          if (self->pill > 0 && height > 2 * PAD_Y)
            {
              GdkRGBA tint = color;

              tint.alpha *= self->pill;
              gtk_snapshot_append_texture (snapshot,
                                           pill_texture (&tint, room, height - 2 * PAD_Y,
                                                         gtk_widget_get_scale_factor (widget)),
                                           &GRAPHENE_RECT_INIT (left, PAD_Y, room, height - 2 * PAD_Y));
            }
          left += WB_INBOX_PILL_PAD_X;
          room -= 2 * WB_INBOX_PILL_PAD_X;
          if (room <= 0)
            continue;
        }
      layout = ensure_layout (self, i, room);
      pango_layout_get_pixel_size (layout, NULL, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (left, MAX (0, (height - text_height) / 2)));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }
}

static WbInboxColumn
column_at (WbInboxRow *self,
           int         px)
{
  int x[WB_INBOX_N_COLUMNS], w[WB_INBOX_N_COLUMNS];

  wb_inbox_columns_place (self->columns, gtk_widget_get_width (GTK_WIDGET (self)), x, w);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    if (px >= x[i] && px < x[i] + w[i])
      return i;
  return WB_INBOX_N_COLUMNS;
}

static gboolean
wb_inbox_row_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip)
{
  WbInboxRow *self = WB_INBOX_ROW (widget);
  WbInboxColumn column = column_at (self, x);
  g_autofree char *text = NULL;

  if (column == WB_INBOX_N_COLUMNS || (text = wb_inbox_row_dup_tooltip (self, column)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* What a column's mark means: the repeated request for materials, or an
 * estimated clock. */
static const char *
explanation (WbInboxRow    *self,
             WbInboxColumn  column)
{
  if (self->row == NULL || wb_case_row_is_placeholder (self->row))
    return NULL;
  if (column == WB_INBOX_COLUMN_STATE && wb_case_row_get_repeat_supplement (self->row))
    return _("The applicant was asked for materials more than once");
  if (column == WB_INBOX_COLUMN_CLOCK && !wb_case_row_get_calendar_complete (self->row))
    return wb_format_clock_estimate_note ();
  return NULL;
}

static void
set_text (WbInboxRow    *self,
          WbInboxColumn  column,
          char          *text,
          const char    *style)
{
  self->style[column] = style;
  if (g_strcmp0 (self->text[column], text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->text[column]);
  self->text[column] = text;
  if (self->layout[column] != NULL)
    pango_layout_set_text (self->layout[column], text, -1);
}

/* Takes the case's values; a redraw, never a new layout of the list. */
static void
refresh (WbInboxRow *self)
{
  WbCaseRow *row = self->row;
  g_autoptr(GString) spoken = g_string_new (NULL);
  g_autoptr(GString) described = g_string_new (NULL);
  const char *note;

  if (row == NULL || wb_case_row_is_placeholder (row))
    {
      /* A row whose page is on its way: a mark where the case number
       * will be. */
      for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
        set_text (self, i, g_strdup (i == WB_INBOX_COLUMN_CASE_NO && row != NULL ? "…" : ""), NULL);
      self->pill = 0;
    }
  else
    {
      const char *assignee = wb_case_row_get_assignee_name (row);
      const char *state_style = wb_format_state_class (wb_case_row_get_state (row), &self->pill);
      const char *label = wb_format_state_label (wb_case_row_get_state (row));
      const char *clock_style = NULL;
      char *clock = wb_format_clock_text (wb_case_row_get_clock_status (row), wb_case_row_get_days_left (row),
                                          wb_case_row_get_calendar_complete (row), &clock_style);

      set_text (self, WB_INBOX_COLUMN_CASE_NO, g_strdup (wb_case_row_get_case_no (row)), NULL);
      set_text (self, WB_INBOX_COLUMN_ITEM, g_strdup (wb_case_row_get_item_name (row)), NULL);
      set_text (self, WB_INBOX_COLUMN_APPLICANT, g_strdup (wb_case_row_get_applicant_name (row)), NULL);
      /* 一次性告知 means once: a second request on one submission is a
       * mark for the unit's supervisors. */
      set_text (self, WB_INBOX_COLUMN_STATE,
                wb_case_row_get_repeat_supplement (row) ? g_strdup_printf ("%s ⚑", label) : g_strdup (label),
                state_style);
      set_text (self, WB_INBOX_COLUMN_CLOCK, clock, clock_style);
      set_text (self, WB_INBOX_COLUMN_ASSIGNEE, g_strdup (assignee ? assignee : _("Unassigned")), NULL);
      set_text (self, WB_INBOX_COLUMN_SUBMITTED, wb_format_time (wb_case_row_get_submitted_at (row)), NULL);
    }

  /* Screen readers read the row as one line, column by column, and
   * what its tooltips explain as its description. */
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    if (*self->text[i])
      g_string_append_printf (spoken, "%s%s", spoken->len ? ", " : "", self->text[i]);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    if ((note = explanation (self, i)) != NULL)
      {
        /* The calendar's whole sentence on every row would be read out
         * on every row; the list's footer says it once. */
        if (i == WB_INBOX_COLUMN_CLOCK)
          note = _("The time limit is an estimate");
        g_string_append_printf (described, "%s%s", described->len ? " " : "", note);
      }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken->str,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, described->str,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_case_notify_cb (WbInboxRow *self)
{
  refresh (self);
}

static void
wb_inbox_row_dispose (GObject *object)
{
  WbInboxRow *self = (WbInboxRow *) object;

  if (self->row != NULL)
    g_signal_handlers_disconnect_by_func (self->row, on_case_notify_cb, self);
  g_clear_object (&self->row);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (wb_inbox_row_parent_class)->dispose (object);
}

static void
wb_inbox_row_finalize (GObject *object)
{
  WbInboxRow *self = (WbInboxRow *) object;

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    g_clear_pointer (&self->text[i], g_free);
  drop_layouts (self);

  G_OBJECT_CLASS (wb_inbox_row_parent_class)->finalize (object);
}

static void
wb_inbox_row_class_init (WbInboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_inbox_row_dispose;
  object_class->finalize = wb_inbox_row_finalize;
  widget_class->measure = wb_inbox_row_measure;
  widget_class->snapshot = wb_inbox_row_snapshot;
  widget_class->query_tooltip = wb_inbox_row_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "wb-inbox-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
wb_inbox_row_init (WbInboxRow *self)
{
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    self->text[i] = g_strdup ("");
  /* Asked only when the pointer rests on the row. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
wb_inbox_row_new (WbInboxColumns *columns)
{
  WbInboxRow *self;

  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (columns), NULL);

  self = g_object_new (WB_TYPE_INBOX_ROW, NULL);
  self->columns = g_object_ref (columns);
  g_signal_connect_object (columns, "changed", G_CALLBACK (gtk_widget_queue_resize), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
wb_inbox_row_set_case (WbInboxRow *self,
                       WbCaseRow  *row)
{
  g_return_if_fail (WB_IS_INBOX_ROW (self));
  g_return_if_fail (row == NULL || WB_IS_CASE_ROW (row));

  if (self->row == row)
    return;
  if (self->row != NULL)
    g_signal_handlers_disconnect_by_func (self->row, on_case_notify_cb, self);
  g_set_object (&self->row, row);
  /* Rows patched from the server update in place. */
  if (row != NULL)
    g_signal_connect_object (row, "notify", G_CALLBACK (on_case_notify_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

WbCaseRow *
wb_inbox_row_get_case (WbInboxRow *self)
{
  g_return_val_if_fail (WB_IS_INBOX_ROW (self), NULL);
  return self->row;
}

const char *
wb_inbox_row_get_text (WbInboxRow    *self,
                       WbInboxColumn  column)
{
  g_return_val_if_fail (WB_IS_INBOX_ROW (self), NULL);
  g_return_val_if_fail (column < WB_INBOX_N_COLUMNS, NULL);
  return self->text[column];
}

char *
wb_inbox_row_dup_tooltip (WbInboxRow    *self,
                          WbInboxColumn  column)
{
  g_return_val_if_fail (WB_IS_INBOX_ROW (self), NULL);
  g_return_val_if_fail (column < WB_INBOX_N_COLUMNS, NULL);

  if (explanation (self, column) != NULL)
    return g_strdup (explanation (self, column));
  /* A name cut short by a narrow window reads in full. */
  if (self->layout[column] != NULL && pango_layout_is_ellipsized (self->layout[column]))
    return g_strdup (self->text[column]);
  return NULL;
}
