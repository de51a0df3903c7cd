/* wb-cell-label.c: one line of text in an inbox cell, cheap to change
 *
 * GTK 4.8's column view keeps widgets for up to 200 rows, seven cells
 * each, and measures every one of them whenever its text changes: a
 * GtkLabel shapes its text to answer, so a new search reshaped 1,400
 * strings, most of them for rows nobody sees. This cell is as tall as one
 * line of its font whatever it says, is as wide as its column gives it,
 * and shapes its text only when it is drawn, which only the rows on
 * screen are. Changing its text is a redraw, never a new layout of the
 * list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-cell-label.h"

struct _WbCellLabel
{
  GtkWidget    parent_instance;

  char        *text;
  gboolean     numeric;

  /* Made on first draw; dropped when the text, the width or the font
   * changes. */
  PangoLayout *layout;
  int          layout_width;
  guint        layout_serial;

  /* The height of one line, for the font its context had at that serial. */
  int          line_height;
  guint        height_serial;
};

G_DEFINE_FINAL_TYPE (WbCellLabel, wb_cell_label, GTK_TYPE_WIDGET)

/* One line in the cell's font, with Latin and Han glyphs, so a fallback
 * font's taller lines are counted as a GtkLabel would count them. */
static int
line_height (WbCellLabel *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);

  if (self->line_height == 0 || serial != self->height_serial)
    {
      g_autoptr(PangoLayout) sample = pango_layout_new (context);
      int height;

      pango_layout_set_text (sample, "Ag办件", -1);
      pango_layout_get_pixel_size (sample, NULL, &height);
      self->line_height = MAX (height, 1);
      self->height_serial = serial;
    }
  return self->line_height;
}

static void
wb_cell_label_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  WbCellLabel *self = WB_CELL_LABEL (widget);

  /* Across, the column decides: every inbox column has a fixed width. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 0;
  else
    *minimum = *natural = line_height (self);
}

static void
drop_layout (WbCellLabel *self)
{
  g_clear_object (&self->layout);
}

static PangoLayout *
ensure_layout (WbCellLabel *self,
               int          width)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);

  if (self->layout != NULL && (serial != self->layout_serial || width != self->layout_width))
    drop_layout (self);
  if (self->layout == NULL)
    {
      self->layout = pango_layout_new (context);
      pango_layout_set_text (self->layout, self->text ? self->text : "", -1);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (self->layout, width * PANGO_SCALE);
      if (self->numeric)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->layout, attrs);
          pango_attr_list_unref (attrs);
        }
      self->layout_width = width;
      self->layout_serial = serial;
    }
  return self->layout;
}

static void
wb_cell_label_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  WbCellLabel *self = WB_CELL_LABEL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  GdkRGBA color;
  int text_height;

  if (self->text == NULL || *self->text == '\0' || width <= 0)
    return;

  layout = ensure_layout (self, width);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, MAX (0, (height - text_height) / 2)));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
wb_cell_label_finalize (GObject *object)
{
  WbCellLabel *self = (WbCellLabel *) object;

  g_clear_pointer (&self->text, g_free);
  drop_layout (self);

  G_OBJECT_CLASS (wb_cell_label_parent_class)->finalize (object);
}

static void
wb_cell_label_class_init (WbCellLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wb_cell_label_finalize;
  widget_class->measure = wb_cell_label_measure;
  widget_class->snapshot = wb_cell_label_snapshot;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
wb_cell_label_init (WbCellLabel *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
wb_cell_label_new (void)
{
  return g_object_new (WB_TYPE_CELL_LABEL, NULL);
}

void
wb_cell_label_set_text (WbCellLabel *self,
                        const char  *text)
{
  g_return_if_fail (WB_IS_CELL_LABEL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  drop_layout (self);
  /* Screen readers read the cell as the label it stands in for. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text ? self->text : "",
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
wb_cell_label_get_text (WbCellLabel *self)
{
  g_return_val_if_fail (WB_IS_CELL_LABEL (self), NULL);
  return self->text;
}

void
wb_cell_label_set_numeric (WbCellLabel *self,
                           gboolean     numeric)
{
  g_return_if_fail (WB_IS_CELL_LABEL (self));

  if (self->numeric == !!numeric)
    return;
  self->numeric = !!numeric;
  drop_layout (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
