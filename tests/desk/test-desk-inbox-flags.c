/* test-desk-inbox-flags.c: a case whose applicant was asked for materials
 * twice, as the inbox shows it: a mark with a tooltip in the state column
 * for everyone, and a filter for the unit's supervisors only; and the
 * inbox's cells, which must look like the labels they replace
 *
 * Runs under Xvfb in the C locale, so the texts are the English msgids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox/wb-case-list-model.h"
#include "inbox/wb-case-row.h"
#include "inbox/wb-cell-label.h"
#include "inbox/wb-inbox-view.h"
#include "wb-case-format.h"
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

/* A state cell carrying the mark: its tooltip says why, and its text is
 * the state followed by the flag. */
static gboolean
is_marked_cell (GtkWidget     *widget,
                gconstpointer  data)
{
  return WB_IS_CELL_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), MARK_TOOLTIP) == 0;
}

static WbCellLabel *
find_marked_cell (GtkWidget *widget)
{
  return (WbCellLabel *) wb_test_find_widget (widget, is_marked_cell, NULL);
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
  WbCellLabel *cell;
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
  g_assert_true (g_str_has_prefix (wb_cell_label_get_text (cell), "Awaiting Materials"));
  g_assert_true (g_str_has_suffix (wb_cell_label_get_text (cell), "⚑"));

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

/* A cell is one line tall whatever it says, as tall as a label with the
 * same text, and a badge keeps room for its pill even while its row
 * waits for its case, so rows never change height as pages arrive. */
static void
test_cell_height (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cell = wb_cell_label_new ();
  GtkWidget *badge = wb_cell_label_new ();
  GtkWidget *label = gtk_label_new ("公章刻制备案 210102-20261115-00001");
  int empty, line;

  gtk_box_append (GTK_BOX (box), cell);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  empty = height_of (cell);
  wb_cell_label_set_text (WB_CELL_LABEL (cell), "公章刻制备案 210102-20261115-00001");
  line = height_of (cell);
  g_assert_cmpint (line, >, 0);
  g_assert_cmpint (line, ==, empty);
  g_assert_cmpint (ABS (line - height_of (label)), <=, 2);
  g_assert_cmpstr (wb_cell_label_get_text (WB_CELL_LABEL (cell)), ==, "公章刻制备案 210102-20261115-00001");

  wb_cell_label_set_badge (WB_CELL_LABEL (badge), TRUE);
  empty = height_of (badge);
  g_assert_cmpint (empty, >, line);
  wb_format_state_badge (badge, "accepted");
  g_assert_cmpstr (wb_cell_label_get_text (WB_CELL_LABEL (badge)), ==, "Accepted");
  g_assert_true (gtk_widget_has_css_class (badge, "wb-state-active"));
  g_assert_cmpint (height_of (badge), ==, empty);
  wb_format_state_badge (badge, NULL);
  g_assert_false (gtk_widget_has_css_class (badge, "wb-state-active"));
  g_assert_cmpint (height_of (badge), ==, empty);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_desk_init (&argc, &argv, args, NULL);

  g_test_add_func ("/desk/inbox/repeat-supplement", test_repeat_supplement);
  g_test_add_func ("/desk/inbox/cell-height", test_cell_height);
  return wb_test_desk_run ();
}
