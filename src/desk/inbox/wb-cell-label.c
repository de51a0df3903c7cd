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
 * A state badge's pill is drawn here too, from a small texture made once
 * per colour and size: as a CSS background with rounded corners, cairo
 * clipped each of them to a path, which cost more than all the text of a
 * frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-cell-label.h"

/* Around the text on a pill, as the case header's badge has it. */
#define PILL_PAD_X 10
#define PILL_PAD_Y 1

struct _WbCellLabel
{
  GtkWidget    parent_instance;

  char        *text;
  gboolean     numeric;
  /* A badge cell keeps a pill's room whether or not it shows one, so a
   * row is as tall while its page loads as after. */
  gboolean     badge;
  double       pill;

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
    *minimum = *natural = line_height (self) + (self->badge ? 2 * PILL_PAD_Y : 0);
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

/* A pill of @color filling @width × @height, kept for the next cell of
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

static void
wb_cell_label_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  WbCellLabel *self = WB_CELL_LABEL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int inset = self->badge ? PILL_PAD_X : 0;
  PangoLayout *layout;
  GdkRGBA color;
  int text_height;

  if (self->text == NULL || *self->text == '\0' || width <= 2 * inset)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (self->pill > 0 && height > 0)
    {
      GdkRGBA tint = color;

      tint.alpha *= self->pill;
      gtk_snapshot_append_texture (snapshot,
                                   pill_texture (&tint, width, height, gtk_widget_get_scale_factor (widget)),
                                   &GRAPHENE_RECT_INIT (0, 0, width, height));
    }

  layout = ensure_layout (self, width - 2 * inset);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (inset, MAX (0, (height - text_height) / 2)));
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

void
wb_cell_label_set_badge (WbCellLabel *self,
                         gboolean     badge)
{
  g_return_if_fail (WB_IS_CELL_LABEL (self));

  if (self->badge == !!badge)
    return;
  self->badge = !!badge;
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
wb_cell_label_set_pill (WbCellLabel *self,
                        double       strength)
{
  g_return_if_fail (WB_IS_CELL_LABEL (self));

  strength = CLAMP (strength, 0, 1);
  if (self->pill == strength)
    return;
  self->pill = strength;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
