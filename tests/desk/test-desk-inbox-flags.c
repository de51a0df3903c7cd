/* test-desk-inbox-flags.c: a case whose applicant was asked for materials
 * twice, as the inbox shows it: a mark with a tooltip in the state column
 * for everyone, and a filter for the unit's supervisors only; and the
 * inbox's rows and titles, which draw and place the columns themselves
 *
 * Runs under Xvfb in the C locale, so the texts are the English msgids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox/wb-case-list-model.h"
#include "inbox/wb-case-row.h"
#include "inbox/wb-inbox-table.h"
#include "inbox/wb-inbox-row.h"
#include "inbox/wb-inbox-view.h"
#include "wb-case-format.h"
#include "wb-handler-picker.h"
#include "wb-test-desk.h"

#define HANDLER       "handler.210102"
#define VIEWER        "viewer.210102"
#define FILTER_LABEL  "Repeat Supplement Requests"
#define MARK_TOOLTIP  "The applicant was asked for materials more than once"

static WbTestServer *server;

static gboolean
model_settled_with_rows (gpointer data)
{
  gboolean loading = TRUE;

  g_object_get (data, "loading", &loading, NULL);
  return !loading && g_list_model_get_n_items (data) > 0;
}

static gboolean
is_toggle (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkToggleButton *
find_toggle (GtkWidget  *widget,
             const char *label)
{
  return (GtkToggleButton *) wb_test_find_widget (widget, is_toggle, label);
}

/* A row on screen whose state carries the mark: the pointer over the
 * state reads why. */
static gboolean
is_marked_cell (GtkWidget     *widget,
                gconstpointer  data)
{
  g_autofree char *tooltip = NULL;

  if (!WB_IS_INBOX_ROW (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  tooltip = wb_inbox_row_dup_tooltip (WB_INBOX_ROW (widget), WB_INBOX_COLUMN_STATE);
  return g_strcmp0 (tooltip, MARK_TOOLTIP) == 0;
}

static WbInboxRow *
find_marked_cell (GtkWidget *widget)
{
  return (WbInboxRow *) wb_test_find_widget (widget, is_marked_cell, NULL);
}

static gboolean
marked_cell_shown (gpointer data)
{
  return find_marked_cell (data) != NULL;
}

static void
test_repeat_supplement (void)
{
  g_autofree char *token = wb_test_login (server, HANDLER);
  WbWindow *window;
  WbInboxView *inbox;
  GListModel *model;
  GtkToggleButton *toggle;
  WbInboxRow *cell;
  gboolean found = FALSE;
  gint64 id;

  /* Asked once, the materials came, asked again with a reason. */
  id = wb_test_intake (server, "DESK-FLAG-0001", "HZ-HJZM", "210102");
  wb_test_act_ok (token, id, "request_supplement", "{\"missing\":[\"申请表\"]}");
  wb_test_act_ok (token, id, "supplement_received", "{}");
  wb_test_act_ok (token, id, "request_supplement", "{\"missing\":[\"申请表\"],\"reason\":\"补交的申请表未签字\"}");

  window = wb_test_desk_signed_in_window (VIEWER);
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  model = wb_inbox_view_get_model (inbox);
  wb_test_wait_for (model_settled_with_rows, model, "the first page");

  toggle = find_toggle (GTK_WIDGET (inbox), FILTER_LABEL);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  /* A supervisor is not offered claim and assign, which only handlers
   * may do. */
  g_assert_false (gtk_widget_get_visible (wb_test_find_widget_of_type (GTK_WIDGET (inbox), WB_TYPE_HANDLER_PICKER)));
  g_assert_false (gtk_widget_get_visible (wb_test_find_actionable (GTK_WIDGET (inbox), "inbox.claim")));
  g_assert_null (strstr (wb_inbox_view_get_query (inbox), "flag="));

  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "flag=repeat_supplement&"));
  wb_test_wait_for (model_settled_with_rows, model, "the flagged cases");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (model, i);

      g_assert_true (wb_case_row_get_repeat_supplement (row));
      found = found || wb_case_row_get_id (row) == id;
    }
  g_assert_true (found);

  /* The mark in the state column, on screen. */
  wb_test_wait_for (marked_cell_shown, inbox, "a marked state cell");
  cell = find_marked_cell (GTK_WIDGET (inbox));
  g_assert_true (g_str_has_prefix (wb_inbox_row_get_text (cell, WB_INBOX_COLUMN_STATE), "Awaiting Materials"));
  g_assert_true (g_str_has_suffix (wb_inbox_row_get_text (cell, WB_INBOX_COLUMN_STATE), "⚑"));
  /* Only the state explains the mark. */
  g_assert_null (wb_inbox_row_dup_tooltip (cell, WB_INBOX_COLUMN_CASE_NO));

  /* A saved filter brings the choice back; clearing it lists more. */
  wb_inbox_view_apply_query (inbox, "state=supplement");
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_null (strstr (wb_inbox_view_get_query (inbox), "flag="));
  wb_inbox_view_apply_query (inbox, "flag=repeat_supplement");
  g_assert_true (gtk_toggle_button_get_active (toggle));
  g_assert_nonnull (strstr (wb_inbox_view_get_query (inbox), "flag=repeat_supplement&"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A handler works the cases; the supervisors' filter is not offered. */
  window = wb_test_desk_signed_in_window (HANDLER);
  inbox = WB_INBOX_VIEW (wb_window_get_inbox (window));
  wb_test_wait_for (model_settled_with_rows, wb_inbox_view_get_model (inbox), "the handler's first page");
  toggle = find_toggle (GTK_WIDGET (inbox), FILTER_LABEL);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  g_assert_true (gtk_widget_get_visible (wb_test_find_widget_of_type (GTK_WIDGET (inbox), WB_TYPE_HANDLER_PICKER)));
  g_assert_true (gtk_widget_get_visible (wb_test_find_actionable (GTK_WIDGET (inbox), "inbox.claim")));
  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_null (strstr (wb_inbox_view_get_query (inbox), "flag="));
  gtk_window_destroy (GTK_WINDOW (window));
}

static int
height_of (GtkWidget *widget)
{
  int height;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  return height;
}

static gboolean
item_cut_short (gpointer data)
{
  g_autofree char *tooltip = wb_inbox_row_dup_tooltip (data, WB_INBOX_COLUMN_ITEM);

  return tooltip != NULL;
}

/* A row is one line tall whatever it shows, about as tall as a label
 * with the same text plus the state's pill, and keeps that height while
 * it waits for its case, so rows never change height as pages arrive.
 * A narrow row cuts its longest text short, and the pointer reads it
 * whole. */
static void
test_row_height (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr(WbInboxColumns) columns = wb_inbox_columns_new ();
  GtkWidget *row = wb_inbox_row_new (columns);
  GtkWidget *label = gtk_label_new ("公章刻制备案 210102-20261115-00001");
  g_autoptr(WbCaseRow) placeholder = wb_case_row_new_placeholder ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(WbCaseRow) accepted = NULL;
  g_autofree char *tooltip = NULL;
  int empty, waiting;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"id\":7,\"case_no\":\"210102-20261115-00001\",\"item_name\":\"机动车驾驶证补领与换领及其他一并办理的业务\","
    "\"applicant\":{\"name\":\"欧阳*\"},\"state\":\"accepted\",\"submitted_at\":\"2026-11-15T01:00:00Z\","
    "\"version\":1,\"clock\":{\"status\":\"running\",\"working_days_left\":3,\"calendar_complete\":true}}",
    -1, NULL));
  accepted = wb_case_row_new (json_node_get_object (json_parser_get_root (parser)));

  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, -1);
  gtk_window_present (GTK_WINDOW (window));

  empty = height_of (row);
  g_assert_cmpint (empty, >=, height_of (label));
  g_assert_cmpint (empty, <=, height_of (label) + 12);

  wb_inbox_row_set_case (WB_INBOX_ROW (row), placeholder);
  waiting = height_of (row);
  g_assert_cmpint (waiting, ==, empty);
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_CASE_NO), ==, "…");
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_STATE), ==, "");

  wb_inbox_row_set_case (WB_INBOX_ROW (row), accepted);
  g_assert_cmpint (height_of (row), ==, empty);
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_CASE_NO), ==, "210102-20261115-00001");
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_STATE), ==, "Accepted");
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_CLOCK), ==, "3 working days left");
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_ASSIGNEE), ==, "Unassigned");

  /* Drawn at 640 pixels, the long item name is cut short. */
  wb_test_wait_for (item_cut_short, row, "the item drawn cut short");
  tooltip = wb_inbox_row_dup_tooltip (WB_INBOX_ROW (row), WB_INBOX_COLUMN_ITEM);
  g_assert_cmpstr (tooltip, ==, "机动车驾驶证补领与换领及其他一并办理的业务");
  g_assert_null (wb_inbox_row_dup_tooltip (WB_INBOX_ROW (row), WB_INBOX_COLUMN_CASE_NO));

  /* A row scrolled out lets go of its case. */
  wb_inbox_row_set_case (WB_INBOX_ROW (row), NULL);
  g_assert_null (wb_inbox_row_get_case (WB_INBOX_ROW (row)));
  g_assert_cmpstr (wb_inbox_row_get_text (WB_INBOX_ROW (row), WB_INBOX_COLUMN_CASE_NO), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  WbInboxColumns *columns;
  GtkWidget      *table;
  GtkWidget      *list;
  gboolean        narrow;
  int             scrolled;
} Table;

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WbInboxColumns           *columns)
{
  gtk_list_item_set_child (item, wb_inbox_row_new (columns));
}

/* Every title starts where its column starts in the rows on screen, and
 * the rows are scrolled across by t->scrolled (past the theme's padding
 * of a row, which the application's style sheet takes away). */
static gboolean
titles_follow_rows (gpointer data)
{
  Table *t = data;
  GtkWidget *row = wb_test_find_widget_of_type (t->list, WB_TYPE_INBOX_ROW);
  GtkWidget *title = gtk_widget_get_first_child (t->table);
  int x[WB_INBOX_N_COLUMNS], w[WB_INBOX_N_COLUMNS];
  graphene_rect_t row_bounds, title_bounds;

  if (row == NULL || !gtk_widget_compute_bounds (row, t->table, &row_bounds) ||
      (int) row_bounds.origin.x > -t->scrolled + 8)
    return FALSE;
  /* A narrow window: the rows wider than the list, which scrolls them. */
  if (t->narrow && gtk_widget_get_width (row) <= gtk_widget_get_width (t->list))
    return FALSE;
  wb_inbox_columns_place (t->columns, gtk_widget_get_width (row), x, w);
  for (guint i = 0; i < WB_INBOX_N_COLUMNS; i++, title = gtk_widget_get_next_sibling (title))
    if (!gtk_widget_compute_bounds (title, t->table, &title_bounds) ||
        (int) title_bounds.origin.x != (int) row_bounds.origin.x + x[i])
      return FALSE;
  return TRUE;
}

/* The columns a row and the titles share: a wide window gives the item
 * what is left over; a narrow one takes room from the item and assignee
 * first and never from the case number; narrower still, the rows keep
 * every column and scroll across, and the titles follow them, also
 * beside a scrollbar that takes room from the list. */
static void
test_columns (void)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(WbInboxColumns) columns = wb_inbox_columns_new ();
  const char *names[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", NULL };
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (gtk_string_list_new (names))));
  GtkWidget *list = gtk_list_view_new (selection, factory);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  int natural, minimum, wide_x[WB_INBOX_N_COLUMNS], wide_w[WB_INBOX_N_COLUMNS];
  int x[WB_INBOX_N_COLUMNS], w[WB_INBOX_N_COLUMNS];
  Table t = { columns, NULL, list, FALSE, 0 };

  wb_inbox_columns_measure (columns, list);
  natural = wb_inbox_columns_get_natural (columns);
  minimum = wb_inbox_columns_get_minimum (columns);
  g_assert_cmpint (minimum, >, 0);
  g_assert_cmpint (minimum, <, natural);

  wb_inbox_columns_place (columns, natural, x, w);
  wb_inbox_columns_place (columns, natural + 100, wide_x, wide_w);
  g_assert_cmpint (wide_w[WB_INBOX_COLUMN_ITEM], ==, w[WB_INBOX_COLUMN_ITEM] + 100);
  g_assert_cmpint (wide_x[WB_INBOX_N_COLUMNS - 1] + wide_w[WB_INBOX_N_COLUMNS - 1], ==, natural + 100);

  wb_inbox_columns_place (columns, minimum, x, w);
  g_assert_cmpint (x[WB_INBOX_N_COLUMNS - 1] + w[WB_INBOX_N_COLUMNS - 1], ==, minimum);
  g_assert_cmpint (w[WB_INBOX_COLUMN_CASE_NO], ==, wide_w[WB_INBOX_COLUMN_CASE_NO]);
  g_assert_cmpint (w[WB_INBOX_COLUMN_CLOCK], ==, wide_w[WB_INBOX_COLUMN_CLOCK]);
  g_assert_cmpint (w[WB_INBOX_COLUMN_ITEM], <, natural);
  g_assert_cmpint (w[WB_INBOX_COLUMN_ASSIGNEE], <, wide_w[WB_INBOX_COLUMN_ASSIGNEE]);
  for (guint i = 1; i < WB_INBOX_N_COLUMNS; i++)
    g_assert_cmpint (x[i], ==, x[i - 1] + w[i - 1]);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), columns);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  /* A scrollbar beside the list, as with "always show scrollbars". */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scroller), FALSE);
  t.table = wb_inbox_table_new (columns, scroller, list);

  /* Only the sortable titles are buttons, for inbox.sort. */
  for (GtkWidget *title = gtk_widget_get_first_child (t.table); title != scroller; title = gtk_widget_get_next_sibling (title))
    if (GTK_IS_BUTTON (title))
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (title)), ==, "inbox.sort");

  gtk_window_set_child (GTK_WINDOW (window), t.table);
  gtk_window_set_default_size (GTK_WINDOW (window), natural + 200, 200);
  gtk_window_present (GTK_WINDOW (window));
  wb_test_wait_for (titles_follow_rows, &t, "the titles over a wide list's columns");

  gtk_window_set_default_size (GTK_WINDOW (window), minimum / 2, 200);
  t.narrow = TRUE;
  wb_test_wait_for (titles_follow_rows, &t, "the titles over a narrow list's columns");
  t.scrolled = 40;
  gtk_adjustment_set_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (list)), 40);
  wb_test_wait_for (titles_follow_rows, &t, "the titles scrolled with the rows");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_desk_init (&argc, &argv, args, NULL);

  g_test_add_func ("/desk/inbox/repeat-supplement", test_repeat_supplement);
  g_test_add_func ("/desk/inbox/row-height", test_row_height);
  g_test_add_func ("/desk/inbox/columns", test_columns);
  return wb_test_desk_run ();
}
