/* wb-inbox-table.c: the inbox's column titles above its list
 *
 * The titles sit where WbInboxColumns places the rows' columns. A title
 * the server can sort by is a button; pressing it again turns the order
 * round, and an arrow shows which way the list runs.
 *
 * The list is laid out first and the titles after it, over its rows as
 * laid out in that same frame: a scrollbar that is not overlaid makes
 * the rows narrower than the table, the theme may pad them, and a narrow
 * window scrolls them across.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox/wb-inbox-row.h"
#include "inbox/wb-inbox-table.h"

struct _WbInboxTable
{
  GtkWidget       parent_instance;

  WbInboxColumns *columns;
  GtkWidget      *body;
  GtkWidget      *list;
  GtkWidget      *titles[WB_INBOX_N_COLUMNS];
  GtkWidget      *arrows[WB_INBOX_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (WbInboxTable, wb_inbox_table, GTK_TYPE_WIDGET)

static int
titles_height (WbInboxTable *self)
{
  int height = 0;

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      int nat;

      gtk_widget_measure (self->titles[i], GTK_ORIENTATION_VERTICAL, -1, NULL, &nat, NULL, NULL);
      height = MAX (height, nat);
    }
  return height;
}

static void
wb_inbox_table_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  WbInboxTable *self = WB_INBOX_TABLE (widget);
  int titles = titles_height (self);
  int body_for = for_size;

  if (orientation == GTK_ORIENTATION_HORIZONTAL && for_size >= 0)
    body_for = MAX (for_size - titles, 0);
  gtk_widget_measure (self->body, orientation, body_for, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum += titles;
      *natural += titles;
    }
  else
    {
      /* The titles take what the rows take. */
      wb_inbox_columns_measure (self->columns, widget);
      *natural = MAX (*natural, wb_inbox_columns_get_natural (self->columns));
    }
}

/* A row of the list, as the list has just laid it out, or NULL. */
static GtkWidget *
some_row (WbInboxTable *self)
{
  for (GtkWidget *item = gtk_widget_get_first_child (self->list); item; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (WB_IS_INBOX_ROW (row) && gtk_widget_get_width (row) > 0)
        return row;
    }
  return NULL;
}

static void
wb_inbox_table_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  WbInboxTable *self = WB_INBOX_TABLE (widget);
  int x[WB_INBOX_N_COLUMNS], w[WB_INBOX_N_COLUMNS];
  int titles = titles_height (self);
  int across = width, left = 0;
  GtkWidget *row;

  gtk_widget_size_allocate (self->body, &(GtkAllocation) { 0, titles, width, MAX (height - titles, 0) }, -1);

  /* Over the rows as just laid out: where the theme's padding, the
   * scrollbar and scrolling across put them, as wide as they are. */
  if ((row = some_row (self)) != NULL)
    {
      graphene_point_t origin;

      if (gtk_widget_compute_point (row, widget, &GRAPHENE_POINT_INIT (0, 0), &origin))
        left = (int) origin.x;
      across = gtk_widget_get_width (row);
    }
  wb_inbox_columns_place (self->columns, across, x, w);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      int min;

      /* A title never gets less than it needs; past the edge it is cut. */
      gtk_widget_measure (self->titles[i], GTK_ORIENTATION_HORIZONTAL, titles, &min, NULL, NULL, NULL);
      gtk_widget_size_allocate (self->titles[i],
                                &(GtkAllocation) { left + x[i], 0, MAX (w[i], min), titles }, -1);
    }
}

static void
wb_inbox_table_dispose (GObject *object)
{
  WbInboxTable *self = (WbInboxTable *) object;

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    if (self->titles[i] != NULL)
      {
        gtk_widget_unparent (self->titles[i]);
        self->titles[i] = NULL;
        self->arrows[i] = NULL;
      }
  if (self->body != NULL)
    {
      gtk_widget_unparent (self->body);
      self->body = NULL;
      self->list = NULL;
    }
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (wb_inbox_table_parent_class)->dispose (object);
}

static void
wb_inbox_table_class_init (WbInboxTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_inbox_table_dispose;
  widget_class->measure = wb_inbox_table_measure;
  widget_class->size_allocate = wb_inbox_table_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "wb-inbox-table");
  /* Only a frame: the titles and the list speak for themselves. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
wb_inbox_table_init (WbInboxTable *self)
{
  /* Titles scrolled across are cut at the table's edge. */
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

static GtkWidget *
sort_button (WbInboxTable  *self,
             WbInboxColumn  column)
{
  GtkWidget *button = gtk_button_new ();
  /* The arrow follows the title, as the text starts each cell. */
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), title_label (column));
  self->arrows[column] = gtk_image_new ();
  gtk_widget_set_visible (self->arrows[column], FALSE);
  gtk_box_append (GTK_BOX (box), self->arrows[column]);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "inbox.sort");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", wb_inbox_column_get_sort_key (column));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, wb_inbox_column_get_title (column),
                                  -1);
  return button;
}

GtkWidget *
wb_inbox_table_new (WbInboxColumns *columns,
                    GtkWidget      *body,
                    GtkWidget      *list)
{
  WbInboxTable *self;

  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (columns), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (body), NULL);
  g_return_val_if_fail (GTK_IS_SCROLLABLE (list), NULL);
  g_return_val_if_fail (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (list)) != NULL, NULL);

  self = g_object_new (WB_TYPE_INBOX_TABLE, NULL);
  self->columns = g_object_ref (columns);
  g_signal_connect_object (columns, "changed", G_CALLBACK (gtk_widget_queue_resize), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      self->titles[i] = wb_inbox_column_get_sort_key (i) ? sort_button (self, i) : title_label (i);
      gtk_widget_set_parent (self->titles[i], GTK_WIDGET (self));
    }
  /* After the titles, so Tab reaches the list last. */
  self->body = body;
  self->list = list;
  gtk_widget_set_parent (body, GTK_WIDGET (self));
  /* Scrolling across moves only the list's rows; the titles follow. A
   * change while the list is laid out inside this table's own layout is
   * already seen there. */
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (list)), "value-changed",
                           G_CALLBACK (gtk_widget_queue_allocate), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
wb_inbox_table_set_sort (WbInboxTable *self,
                         const char   *key,
                         gboolean      descending)
{
  g_return_if_fail (WB_IS_INBOX_TABLE (self));

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
