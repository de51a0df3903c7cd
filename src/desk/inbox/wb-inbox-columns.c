/* wb-inbox-columns.c: the inbox's columns, their widths and places
 *
 * The header and every row place the columns with the same function and
 * the same widths, so a row needs no widget per cell to line up under
 * its title.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox/wb-inbox-columns.h"
#include "wb-case-format.h"

struct _WbInboxColumns
{
  GObject parent_instance;

  int     natural[WB_INBOX_N_COLUMNS];
  /* The font the widths were measured in: every row asks, and each has
   * its own Pango context, so the font, not the context, is compared. */
  PangoFontDescription *font;
  /* Counts the fonts measured in, so rows know when to shape anew. */
  guint   serial;
  int     line_height;
  guint   changed_source;
};

G_DEFINE_FINAL_TYPE (WbInboxColumns, wb_inbox_columns, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *title;
  const char *sort;
  gboolean    numeric;
  /* How much of its width a narrow window may take, in percent. */
  int         shrink;
} columns[WB_INBOX_N_COLUMNS] = {
  [WB_INBOX_COLUMN_CASE_NO]   = { N_("Case No."),   "case_no",   TRUE,  0 },
  [WB_INBOX_COLUMN_ITEM]      = { N_("Item"),       NULL,        FALSE, 25 },
  [WB_INBOX_COLUMN_APPLICANT] = { N_("Applicant"),  NULL,        FALSE, 0 },
  [WB_INBOX_COLUMN_STATE]     = { N_("State"),      NULL,        FALSE, 0 },
  [WB_INBOX_COLUMN_CLOCK]     = { N_("Time Limit"), "deadline",  FALSE, 0 },
  [WB_INBOX_COLUMN_ASSIGNEE]  = { N_("Assignee"),   NULL,        FALSE, 40 },
  [WB_INBOX_COLUMN_SUBMITTED] = { N_("Submitted"),  "submitted", TRUE,  0 },
};

/* The order a narrow row takes room in: the longest texts, which
 * ellipsize, and never the case number or the clock. */
static const WbInboxColumn shrink_order[] = {
  WB_INBOX_COLUMN_ITEM, WB_INBOX_COLUMN_ASSIGNEE,
};

const char *
wb_inbox_column_get_title (WbInboxColumn column)
{
  g_return_val_if_fail (column < WB_INBOX_N_COLUMNS, NULL);
  return _(columns[column].title);
}

const char *
wb_inbox_column_get_sort_key (WbInboxColumn column)
{
  g_return_val_if_fail (column < WB_INBOX_N_COLUMNS, NULL);
  return columns[column].sort;
}

gboolean
wb_inbox_column_is_numeric (WbInboxColumn column)
{
  g_return_val_if_fail (column < WB_INBOX_N_COLUMNS, FALSE);
  return columns[column].numeric;
}

static gboolean
emit_changed_cb (gpointer data)
{
  WbInboxColumns *self = data;

  self->changed_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int width = 0;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The widest text the column shows, without padding. */
static int
content_width (PangoLayout   *layout,
               PangoLayout   *digits,
               PangoLayout   *badge,
               WbInboxColumn  column)
{
  static const char * const states[] = {
    "submitted", "unit_review", "supplement", "accepted", "completed",
    "delivering", "delivered", "refused", "archived", "withdrawn",
  };
  int content = 0;

  switch (column)
    {
    case WB_INBOX_COLUMN_CASE_NO:
      return text_width (digits, "210102-20261115-00001");
    case WB_INBOX_COLUMN_ITEM:
      return text_width (layout, "机动车驾驶证换证");
    case WB_INBOX_COLUMN_APPLICANT:
      return text_width (layout, "欧阳**");
    case WB_INBOX_COLUMN_STATE:
      /* With the repeat-supplement flag, inside the pill. */
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        {
          g_autofree char *marked = g_strdup_printf ("%s ⚑", wb_format_state_label (states[i]));

          content = MAX (content, text_width (badge, marked));
        }
      return content + 2 * WB_INBOX_PILL_PAD_X;
    case WB_INBOX_COLUMN_CLOCK:
      {
        g_autofree char *stopped = g_strdup_printf (g_dngettext (NULL, "Stopped, %d day left",
                                                                 "Stopped, %d days left", 10), 10);
        g_autofree char *overdue = g_strdup_printf (g_dngettext (NULL, "%d working day overdue",
                                                                 "%d working days overdue", 10), 10);
        g_autofree char *running = g_strdup_printf (g_dngettext (NULL, "%d working day left",
                                                                 "%d working days left", 10), 10);

        content = MAX (text_width (layout, stopped), MAX (text_width (layout, overdue), text_width (layout, running)));
        content = MAX (content, text_width (layout, _("Stopped, due the day it resumes")));
        return content + text_width (layout, " *");
      }
    case WB_INBOX_COLUMN_ASSIGNEE:
      return text_width (layout, "欧阳明华（事项办理员）");
    case WB_INBOX_COLUMN_SUBMITTED:
      return text_width (digits, "2026-11-15 03:00");
    case WB_INBOX_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

void
wb_inbox_columns_measure (WbInboxColumns *self,
                          GtkWidget      *widget)
{
  PangoContext *context;
  const PangoFontDescription *font;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) badge = NULL;
  g_autoptr(PangoLayout) digits = NULL;
  PangoAttrList *attrs;
  gboolean changed = FALSE;

  g_return_if_fail (WB_IS_INBOX_COLUMNS (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  context = gtk_widget_get_pango_context (widget);
  font = pango_context_get_font_description (context);
  if (self->font != NULL && font != NULL && pango_font_description_equal (self->font, font))
    return;
  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = font ? pango_font_description_copy (font) : pango_font_description_new ();
  self->serial++;

  layout = pango_layout_new (context);
  badge = pango_layout_new (context);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (badge, attrs);
  pango_attr_list_unref (attrs);
  /* As the rows draw numbers: every digit one width. */
  digits = pango_layout_new (context);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (digits, attrs);
  pango_attr_list_unref (attrs);

  /* One line with Latin and Han glyphs, so a fallback font's taller line
   * counts as a GtkLabel would count it. */
  {
    int height = 0;

    pango_layout_set_text (layout, "Ag办件", -1);
    pango_layout_get_pixel_size (layout, NULL, &height);
    changed = height != self->line_height;
    self->line_height = MAX (height, 1);
  }

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    {
      /* The title has a sort arrow beside it. */
      int title = text_width (layout, wb_inbox_column_get_title (i)) + 24;
      int width = MAX (title, content_width (layout, digits, badge, i)) + 2 * WB_INBOX_CELL_PAD_X;

      changed = changed || width != self->natural[i];
      self->natural[i] = width;
    }
  /* Rows measure the columns while the list lays them out: the others
   * hear of new widths after that layout, not in the middle of it. */
  if (changed && self->changed_source == 0)
    self->changed_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, emit_changed_cb, self, NULL);
}

void
wb_inbox_columns_place (WbInboxColumns *self,
                        int             width,
                        int            *x,
                        int            *w)
{
  int extra;

  g_return_if_fail (WB_IS_INBOX_COLUMNS (self));

  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    w[i] = self->natural[i];
  extra = width - wb_inbox_columns_get_natural (self);
  if (extra > 0)
    w[WB_INBOX_COLUMN_ITEM] += extra;
  for (guint k = 0; k < G_N_ELEMENTS (shrink_order) && extra < 0; k++)
    {
      WbInboxColumn column = shrink_order[k];
      int take = MIN (-extra, self->natural[column] * columns[column].shrink / 100);

      w[column] -= take;
      extra += take;
    }
  x[0] = 0;
  for (guint i = 1; i < WB_INBOX_N_COLUMNS; i++)
    x[i] = x[i - 1] + w[i - 1];
}

int
wb_inbox_columns_get_natural (WbInboxColumns *self)
{
  int sum = 0;

  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (self), 0);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    sum += self->natural[i];
  return sum;
}

int
wb_inbox_columns_get_line_height (WbInboxColumns *self)
{
  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (self), 1);
  return MAX (self->line_height, 1);
}

guint
wb_inbox_columns_get_serial (WbInboxColumns *self)
{
  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (self), 0);
  return self->serial;
}

int
wb_inbox_columns_get_minimum (WbInboxColumns *self)
{
  int sum = 0;

  g_return_val_if_fail (WB_IS_INBOX_COLUMNS (self), 0);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++)
    sum += self->natural[i] - self->natural[i] * columns[i].shrink / 100;
  return sum;
}

static void
wb_inbox_columns_finalize (GObject *object)
{
  WbInboxColumns *self = (WbInboxColumns *) object;

  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_handle_id (&self->changed_source, g_source_remove);

  G_OBJECT_CLASS (wb_inbox_columns_parent_class)->finalize (object);
}

static void
wb_inbox_columns_class_init (WbInboxColumnsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wb_inbox_columns_finalize;

  /* The widths changed: rows and header draw their columns anew. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
wb_inbox_columns_init (WbInboxColumns *self)
{
}

WbInboxColumns *
wb_inbox_columns_new (void)
{
  return g_object_new (WB_TYPE_INBOX_COLUMNS, NULL);
}
