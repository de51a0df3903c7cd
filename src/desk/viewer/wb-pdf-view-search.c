/* wb-pdf-view-search.c: finding text, selecting it and copying it
 *
 * Searching and reading text are poppler calls, so they run on worker
 * threads under the document lock (wb-document-text.c); the main loop
 * only draws the hits. A scan has no text to search: the search bar says
 * so instead of finding nothing.
 *
 * Hits and the selection are drawn on a layer over each row's picture, in
 * the page's own points turned as the page is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "viewer/wb-pdf-view-private.h"

/* A drag shorter than this, in pixels, is a click: it clears the selection. */
#define MIN_DRAG 3

/* From the page's own points (origin top left) to the points of the page
 * as shown, turned clockwise by the view's and the page's rotation. */
static void
to_shown (WbPdfView *self,
          WbPdfPage *page,
          double     x,
          double     y,
          double    *sx,
          double    *sy)
{
  double w = page->width, h = page->height;

  switch (wb_pdf_view_page_rotation (self, page))
    {
    case 90:
      *sx = h - y, *sy = x;
      break;
    case 180:
      *sx = w - x, *sy = h - y;
      break;
    case 270:
      *sx = y, *sy = w - x;
      break;
    default:
      *sx = x, *sy = y;
      break;
    }
}

static void
from_shown (WbPdfView *self,
            WbPdfPage *page,
            double     sx,
            double     sy,
            double    *x,
            double    *y)
{
  double w = page->width, h = page->height;

  switch (wb_pdf_view_page_rotation (self, page))
    {
    case 90:
      *x = sy, *y = h - sx;
      break;
    case 180:
      *x = w - sx, *y = h - sy;
      break;
    case 270:
      *x = w - sy, *y = sx;
      break;
    default:
      *x = sx, *y = sy;
      break;
    }
}

/* @rect in page points to a rectangle in the page as shown, in points. */
static graphene_rect_t
rect_to_shown (WbPdfView       *self,
               WbPdfPage       *page,
               const WbTextHit *rect)
{
  double ax, ay, bx, by;
  graphene_rect_t r;

  to_shown (self, page, rect->x1, rect->y1, &ax, &ay);
  to_shown (self, page, rect->x2, rect->y2, &bx, &by);
  graphene_rect_init (&r, MIN (ax, bx), MIN (ay, by), fabs (bx - ax), fabs (by - ay));
  return r;
}

static void
redraw_marks (WbPdfView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbPdfPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      if (page->marks != NULL)
        gtk_widget_queue_draw (page->marks);
    }
}

/* The first hit on page @index or after it. */
static guint
first_hit_from (WbPdfView *self,
                guint      index)
{
  guint lo = 0, hi = self->hits ? self->hits->len : 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->hits, WbTextHit, mid).page < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
fill_rect (cairo_t               *cr,
           const graphene_rect_t *r,
           double                 scale)
{
  cairo_rectangle (cr, r->origin.x * scale, r->origin.y * scale,
                   r->size.width * scale, r->size.height * scale);
  cairo_fill (cr);
}

static void
draw_marks (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GtkListItem *item = user_data;
  WbPdfPage *page = gtk_list_item_get_item (item);
  WbPdfView *self;
  double scale;

  if (page == NULL || page->view == NULL)
    return;
  self = page->view;
  scale = width / MAX (wb_pdf_view_page_shown_width (self, page), 1);

  for (guint i = first_hit_from (self, page->index);
       self->hits != NULL && i < self->hits->len; i++)
    {
      const WbTextHit *hit = &g_array_index (self->hits, WbTextHit, i);
      graphene_rect_t r;

      if (hit->page != page->index)
        break;
      r = rect_to_shown (self, page, hit);
      if ((int) i == self->current_hit)
        cairo_set_source_rgba (cr, 1.0, 0.47, 0.0, 0.55);
      else
        cairo_set_source_rgba (cr, 1.0, 0.85, 0.0, 0.4);
      fill_rect (cr, &r, scale);
    }

  if (self->selection_page == (int) page->index)
    {
      graphene_rect_t r = rect_to_shown (self, page, &self->selection);

      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.3);
      fill_rect (cr, &r, scale);
    }
}

static void
set_status (WbPdfView  *self,
            const char *text)
{
  gtk_label_set_label (self->search_label, text);
}

static void
show_hit (WbPdfView *self)
{
  const WbTextHit *hit;
  g_autoptr(WbPdfPage) page = NULL;
  g_autofree char *status = NULL;
  graphene_rect_t r;

  if (self->hits == NULL || self->current_hit < 0)
    return;
  hit = &g_array_index (self->hits, WbTextHit, self->current_hit);
  page = g_list_model_get_item (G_LIST_MODEL (self->pages), hit->page);
  if (page == NULL)
    return;
  r = rect_to_shown (self, page, hit);
  wb_pdf_view_scroll_to (self, hit->page, r.origin.y * self->scale);
  /* Translators: the search hit shown and the number of hits, e.g. "3 of 12" */
  status = g_strdup_printf (_("%d of %u"), self->current_hit + 1, self->hits->len);
  set_status (self, status);
  redraw_marks (self);
}

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WbPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean has_text = FALSE;
  GArray *hits = wb_document_find_text_finish (WB_DOCUMENT (source), result, &has_text, &error);

  if (hits == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->search_cancellable);
  self->searching = FALSE;
  if (hits == NULL)
    {
      g_debug ("Search failed: %s", error->message);
      set_status (self, _("The search could not finish"));
      return;
    }
  g_clear_pointer (&self->hits, g_array_unref);
  self->hits = hits;
  self->no_text_layer = !has_text;
  self->current_hit = -1;
  if (hits->len == 0)
    {
      set_status (self, self->no_text_layer ? _("This document has no text layer") : _("No matches"));
      if (self->no_text_layer)
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_label),
                                     _("It is a scan: its pages are pictures, with no text to find or copy."));
    }
  else
    {
      /* From where the caseworker is reading, not from the first page. */
      self->current_hit = first_hit_from (self, self->current_page);
      if ((guint) self->current_hit >= hits->len)
        self->current_hit = 0;
      show_hit (self);
    }
  redraw_marks (self);
  wb_pdf_view_update_actions (self);
}

static void
cancel_search (WbPdfView *self)
{
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->searching = FALSE;
}

void
wb_pdf_view_search_clear (WbPdfView *self)
{
  cancel_search (self);
  if (self->copy_cancellable != NULL)
    g_cancellable_cancel (self->copy_cancellable);
  g_clear_object (&self->copy_cancellable);
  g_clear_pointer (&self->hits, g_array_unref);
  self->current_hit = -1;
  self->no_text_layer = FALSE;
  self->selection_page = -1;
  if (self->search_label != NULL)
    {
      set_status (self, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_label), NULL);
    }
  if (self->pages != NULL)
    redraw_marks (self);
}

static void
on_search_changed_cb (WbPdfView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  cancel_search (self);
  g_clear_pointer (&self->hits, g_array_unref);
  self->current_hit = -1;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_label), NULL);
  redraw_marks (self);
  wb_pdf_view_update_actions (self);
  if (self->document == NULL || text[0] == '\0')
    {
      set_status (self, "");
      return;
    }
  self->searching = TRUE;
  set_status (self, _("Searching…"));
  self->search_cancellable = g_cancellable_new ();
  wb_document_find_text_async (self->document, text, self->search_cancellable,
                               on_found_cb, g_object_ref (self));
}

static void
step_hit (WbPdfView *self,
          int        step)
{
  if (self->hits == NULL || self->hits->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  self->current_hit = (self->current_hit + step + (int) self->hits->len) % (int) self->hits->len;
  show_hit (self);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  step_hit (WB_PDF_VIEW (widget), 1);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  step_hit (WB_PDF_VIEW (widget), -1);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
on_search_mode_cb (WbPdfView *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    return;
  /* Closing the bar takes the highlights with it. */
  cancel_search (self);
  g_clear_pointer (&self->hits, g_array_unref);
  self->current_hit = -1;
  set_status (self, "");
  redraw_marks (self);
  wb_pdf_view_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_text_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WbPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = wb_document_get_text_finish (WB_DOCUMENT (source), result, &error);

  if (text == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->copy_cancellable);
  if (text == NULL || g_strstrip (text)[0] == '\0')
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      wb_pdf_view_show_toast (self, _("Nothing was copied: there is no text there. A scan has none."));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  wb_pdf_view_show_toast (self, _("Text copied"));
  self->n_copied++;
}

static void
read_text (WbPdfView       *self,
           guint            page,
           const WbTextHit *area)
{
  if (self->document == NULL)
    return;
  if (self->copy_cancellable != NULL)
    g_cancellable_cancel (self->copy_cancellable);
  g_clear_object (&self->copy_cancellable);
  self->copy_cancellable = g_cancellable_new ();
  wb_document_get_text_async (self->document, page, area, self->copy_cancellable,
                              on_text_read_cb, g_object_ref (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  if (self->selection_page < 0)
    return;
  read_text (self, self->selection_page, &self->selection);
}

static void
copy_page_text_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);

  read_text (self, self->current_page, NULL);
}

static WbPdfPage *
item_page (GtkGesture *gesture)
{
  GtkWidget *marks = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *item = g_object_get_data (G_OBJECT (marks), "wb-list-item");
  WbPdfPage *page = item != NULL ? gtk_list_item_get_item (item) : NULL;

  return page != NULL && page->view != NULL ? page : NULL;
}

static void
select_to (WbPdfView *self,
           WbPdfPage *page,
           GtkWidget *marks,
           double     x,
           double     y)
{
  double scale = gtk_widget_get_width (marks) / MAX (wb_pdf_view_page_shown_width (self, page), 1);
  double ax, ay, bx, by;

  from_shown (self, page, self->drag_x / scale, self->drag_y / scale, &ax, &ay);
  from_shown (self, page, x / scale, y / scale, &bx, &by);
  self->selection_page = page->index;
  self->selection.page = page->index;
  self->selection.x1 = CLAMP (MIN (ax, bx), 0, page->width);
  self->selection.y1 = CLAMP (MIN (ay, by), 0, page->height);
  self->selection.x2 = CLAMP (MAX (ax, bx), 0, page->width);
  self->selection.y2 = CLAMP (MAX (ay, by), 0, page->height);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  gpointer        user_data)
{
  WbPdfPage *page = item_page (GTK_GESTURE (gesture));
  WbPdfView *self;

  if (page == NULL)
    return;
  self = page->view;
  self->drag_x = x;
  self->drag_y = y;
  /* A new drag starts a new selection, wherever the old one was. */
  if (self->selection_page >= 0)
    {
      self->selection_page = -1;
      redraw_marks (self);
      wb_pdf_view_update_actions (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          dx,
                   double          dy,
                   gpointer        user_data)
{
  WbPdfPage *page = item_page (GTK_GESTURE (gesture));
  GtkWidget *marks = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  WbPdfView *self;

  if (page == NULL || (fabs (dx) < MIN_DRAG && fabs (dy) < MIN_DRAG))
    return;
  self = page->view;
  select_to (self, page, marks, self->drag_x + dx, self->drag_y + dy);
  gtk_widget_queue_draw (marks);
  wb_pdf_view_update_actions (self);
}

void
wb_pdf_view_marks_set_up (WbPdfView   *self,
                          GtkListItem *item,
                          GtkWidget   *marks)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  /* The item outlives the widget: the factory's rows are only freed
   * with the list. */
  g_object_set_data (G_OBJECT (marks), "wb-list-item", item);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (marks), draw_marks, item, NULL);
  gtk_widget_set_cursor_from_name (marks, "text");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), NULL);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), NULL);
  gtk_widget_add_controller (marks, GTK_EVENT_CONTROLLER (drag));
}

static void
on_search_next_cb (WbPdfView *self)
{
  step_hit (self, 1);
}

static void
on_search_previous_cb (WbPdfView *self)
{
  step_hit (self, -1);
}

/* Shift+Enter goes back, as in every search field. */
static gboolean
on_shift_enter_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  return gtk_widget_activate_action (user_data, "viewer.find-previous", NULL);
}

void
wb_pdf_view_search_init (WbPdfView *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->current_hit = -1;
  self->selection_page = -1;
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "next-match",
                           G_CALLBACK (on_search_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "previous-match",
                           G_CALLBACK (on_search_previous_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_cb), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_SHIFT_MASK),
                                                          gtk_callback_action_new (on_shift_enter_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_SHIFT_MASK),
                                                          gtk_callback_action_new (on_shift_enter_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

void
wb_pdf_view_search_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "viewer.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "viewer.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "viewer.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "viewer.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "viewer.copy-page-text", NULL, copy_page_text_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "viewer.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "viewer.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "viewer.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "viewer.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "viewer.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "viewer.copy", NULL);
}
