/* wb-inbox-header.c: the inbox's column titles, which sort the list
 *
 * The titles sit where WbInboxColumns places the rows' columns. A title
 * the server can sort by is a button; pressing it again turns the order
 * round, and an arrow shows which way the list runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox/wb-inbox-header.h"

struct _WbInboxHeader
{
  GtkWidget       parent_instance;

  WbInboxColumns *columns;
  /* The list's, across: the titles follow its rows. */
  GtkAdjustment  *hadjustment;
  GtkWidget      *titles[WB_INBOX_N_COLUMNS];
  GtkWidget      *arrows[WB_INBOX_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (WbInboxHeader, wb_inbox_header, GTK_TYPE_WIDGET)

static void
wb_inbox_header_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  WbInboxHeader *self = WB_INBOX_HEADER (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* A window narrower than the rows scrolls them, and the titles
       * follow (wb_inbox_header_set_hadjustment()). */
      wb_inbox_columns_measure (self->columns, widget);
      *natural = wb_inbox_columns_get_natural (self->columns);
      return;
    }
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      int min, nat;

      gtk_widget_measure (self->titles[i], orientation, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static void
wb_inbox_header_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  WbInboxHeader *self = WB_INBOX_HEADER (widget);
  int x[WB_INBOX_N_COLUMNS], w[WB_INBOX_N_COLUMNS];
  int scrolled = self->hadjustment ? (int) gtk_adjustment_get_value (self->hadjustment) : 0;

  /* As wide as the rows, which are never narrower than their minimum. */
  wb_inbox_columns_place (self->columns, MAX (width, wb_inbox_columns_get_minimum (self->columns)), x, w);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      int min;

      /* A title never gets less than it needs; past the edge it is cut. */
      gtk_widget_measure (self->titles[i], GTK_ORIENTATION_HORIZONTAL, height, &min, NULL, NULL, NULL);
      gtk_widget_size_allocate (self->titles[i],
                                &(GtkAllocation) { x[i] - scrolled, 0, MAX (w[i], min), height }, -1);
    }
}

static void
wb_inbox_header_dispose (GObject *object)
{
  WbInboxHeader *self = (WbInboxHeader *) object;

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    if (self->titles[i] != NULL)
      {
        gtk_widget_unparent (self->titles[i]);
        self->titles[i] = NULL;
        self->arrows[i] = NULL;
      }
  g_clear_object (&self->columns);
  g_clear_object (&self->hadjustment);

  G_OBJECT_CLASS (wb_inbox_header_parent_class)->dispose (object);
}

static void
wb_inbox_header_class_init (WbInboxHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_inbox_header_dispose;
  widget_class->measure = wb_inbox_header_measure;
  widget_class->size_allocate = wb_inbox_header_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "wb-inbox-header");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wb_inbox_header_init (WbInboxHeader *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

static GtkWidget *
title_label (WbInboxColumn column)
{
  GtkWidget *label = gtk_label_new (wb_inbox_column_get_title (column));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

GtkWidget *
wb_inbox_header_new (WbInboxColumns *columns)
{
  WbInboxHeader *self;

  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (columns), NULL);

  self = g_object_new (WB_TYPE_INBOX_HEADER, NULL);
  self->columns = g_object_ref (columns);
  g_signal_connect_object (columns, "changed", G_CALLBACK (gtk_widget_queue_resize), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      const char *key = wb_inbox_column_get_sort_key (i);
      GtkWidget *box;

      if (key == NULL)
        {
          self->titles[i] = title_label (i);
          gtk_widget_set_parent (self->titles[i], GTK_WIDGET (self));
          continue;
        }
      /* The arrow follows the title, as the text starts each cell. */
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_widget_set_halign (box, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), title_label (i));
      self->arrows[i] = gtk_image_new ();
      gtk_widget_set_visible (self->arrows[i], FALSE);
      gtk_box_append (GTK_BOX (box), self->arrows[i]);
      self->titles[i] = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (self->titles[i]), box);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->titles[i]), "inbox.sort");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->titles[i]), "s", key);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->titles[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, wb_inbox_column_get_title (i),
                                      -1);
      gtk_widget_set_parent (self->titles[i], GTK_WIDGET (self));
    }
  return GTK_WIDGET (self);
}

void
wb_inbox_header_set_sort (WbInboxHeader *self,
                          const char    *key,
                          gboolean       descending)
{
  g_return_if_fail (WB_IS_INBOX_HEADER (self));

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      gboolean sorted = g_strcmp0 (wb_inbox_column_get_sort_key (i), key) == 0;

      if (self->arrows[i] == NULL)
        continue;
      gtk_widget_set_visible (self->arrows[i], sorted);
      gtk_image_set_from_icon_name (GTK_IMAGE (self->arrows[i]),
                                    descending ? "pan-down-symbolic" : "pan-up-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->titles[i]),
                                      GTK_ACCESSIBLE_PROPERTY_SORT,
                                      !sorted ? GTK_ACCESSIBLE_SORT_NONE
                                      : descending ? GTK_ACCESSIBLE_SORT_DESCENDING : GTK_ACCESSIBLE_SORT_ASCENDING,
                                      -1);
    }
}

void
wb_inbox_header_set_hadjustment (WbInboxHeader *self,
                                 GtkAdjustment *hadjustment)
{
  g_return_if_fail (WB_IS_INBOX_HEADER (self));
  g_return_if_fail (hadjustment == NULL || GTK_IS_ADJUSTMENT (hadjustment));

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, gtk_widget_queue_allocate, self);
  g_set_object (&self->hadjustment, hadjustment);
  if (hadjustment != NULL)
    g_signal_connect_object (hadjustment, "value-changed", G_CALLBACK (gtk_widget_queue_allocate), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}
