/* test-desk-viewer.c: the document viewer in a real window under Xvfb,
 * with materials uploaded to a real server and opened from the case view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "case/wb-case-view.h"
#include "viewer/wb-document.h"
#include "viewer/wb-pdf-view.h"
#include "wb-test-desk.h"
#include "wb-watchdog.h"

static WbTestServer *server;

typedef struct
{
  WbWindow  *window;
  gint64     case_id;
  gint64     material_id;
  GtkWidget *view;
  WbPdfView *viewer;
} Desk;

static gboolean
case_ready (gpointer data)
{
  Desk *d = data;
  GtkWidget *view = wb_window_get_case_view (d->window, d->case_id);
  gboolean loading = TRUE;

  if (view == NULL)
    return FALSE;
  g_object_get (view, "loading", &loading, NULL);
  return !loading && wb_case_view_get_case (WB_CASE_VIEW (view)) != NULL
         && wb_case_view_has_materials (WB_CASE_VIEW (view));
}

/* Loaded with a page on screen, asking for a password, or given up. */
static gboolean
viewer_settled (gpointer data)
{
  WbPdfView *viewer = data;

  return wb_pdf_view_get_error (viewer) != NULL
         || wb_pdf_view_needs_password (viewer, NULL)
         || (wb_pdf_view_is_loaded (viewer) && wb_pdf_view_get_rendered_count (viewer) > 0);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A handler files @corpus_name from ../shared/pdf-corpus as a material of
 * a new case, signs in to the desk, opens the case and the material. */
static void
open_file_material (Desk       *d,
                    const char *key,
                    const char *path,
                    const char *corpus_name)
{
  g_autofree char *token = wb_test_login (server, "handler.210102");
  g_autofree char *upload_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(WbTestReply) upload = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  d->case_id = wb_test_intake (server, key, "ZA-WFZ", "210102");
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  upload_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials?name=%s", d->case_id, corpus_name);
  upload = wb_test_request_full (server, "POST", upload_path, token, NULL, "application/pdf", pdf);
  g_assert_cmpuint (upload->status, ==, 201);
  d->material_id = json_object_get_int_member (wb_test_reply_object (upload), "id");

  d->window = wb_window_new (GTK_APPLICATION (wb_test_desk_get_app ()));
  /* Wide enough for the case list, the case and the viewer side by side,
   * so the viewer is on screen and really draws. */
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1380, 860);
  gtk_window_present (GTK_WINDOW (d->window));
  wb_test_desk_sign_in (d->window, NULL, "handler.210102", WB_TEST_PASSWORD);
  wb_test_wait_for (wb_test_signed_in, d->window, "sign-in");

  wb_window_open_case (d->window, d->case_id);
  wb_test_wait_for (case_ready, d, "the case and its materials");
  d->view = wb_window_get_case_view (d->window, d->case_id);
  d->viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (d->view)));
  /* The case and the viewer side by side are wider than the test display
   * leaves beside the sidebar: go to them, as the sidebar's rows do. */
  adw_leaflet_navigate (ADW_LEAFLET (wb_test_find_widget_of_type (GTK_WIDGET (d->window), ADW_TYPE_LEAFLET)),
                        ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_activate_action (d->view, "case.open-material", "x", d->material_id);
  wb_test_wait_for (viewer_settled, d->viewer, "the material to show");
  wb_test_wait_for (widget_mapped, d->viewer, "the viewer on screen");
}

static void
open_corpus_material (Desk       *d,
                      const char *key,
                      const char *corpus_name)
{
  g_autofree char *path = g_build_filename (g_getenv ("WB_SOURCE_DIR"), "..", "shared", "pdf-corpus",
                                            corpus_name, NULL);

  open_file_material (d, key, path, corpus_name);
}

static void
open_and_check (Desk       *d,
                const char *key,
                const char *corpus_name)
{
  open_corpus_material (d, key, corpus_name);
  g_assert_null (wb_pdf_view_get_error (d->viewer));
  g_assert_false (wb_pdf_view_needs_password (d->viewer, NULL));
  g_assert_cmpuint (wb_pdf_view_get_rendered_count (d->viewer), >, 0);
}

static gboolean
search_done (gpointer data)
{
  return !wb_pdf_view_is_searching (data) && wb_pdf_view_get_search_status (data)[0] != '\0';
}

static gboolean
page_past (gpointer data)
{
  WbTestPageWait *w = data;

  return wb_pdf_view_get_current_page (w->viewer) > w->page;
}

static void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
copied (gpointer data)
{
  return wb_pdf_view_get_n_copied (data) > 0;
}

static WbPdfView *copy_viewer;

static gboolean
copied_more (gpointer data)
{
  return wb_pdf_view_get_n_copied (copy_viewer) > *(guint *) data;
}

/* The drag that selects text on a page. */
static GtkGesture *
find_drag (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

static void
type_search (WbPdfView  *viewer,
             const char *text)
{
  GtkWidget *entry = wb_test_find_widget_of_type (GTK_WIDGET (viewer), GTK_TYPE_SEARCH_ENTRY);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.find", NULL));
  wb_test_wait_for (widget_mapped, entry, "the search bar");
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  wb_test_wait_for (search_done, viewer, "the search");
}

/* A word in a text PDF: hits counted, the first one shown, Ctrl+G and
 * Shift+Ctrl+G step through them and the pages follow; the page's text
 * goes to the clipboard. */
static void
test_search (void)
{
  Desk d = { 0 };
  g_autofree char *expected = NULL;
  g_autofree char *clip = NULL;
  WbTestPageWait pw;
  guint n;

  open_and_check (&d, "desk-viewer-search", "tracemonkey.pdf");
  copy_viewer = d.viewer;
  type_search (d.viewer, "trace");
  n = wb_pdf_view_get_n_hits (d.viewer);
  g_assert_cmpuint (n, >, 10);
  g_assert_cmpuint (wb_pdf_view_get_current_hit (d.viewer), ==, 1);
  expected = g_strdup_printf ("1 of %u", n);
  g_assert_cmpstr (wb_pdf_view_get_search_status (d.viewer), ==, expected);

  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.find-next", NULL);
  g_assert_cmpuint (wb_pdf_view_get_current_hit (d.viewer), ==, 2);
  /* Back past the first wraps to the last hit, pages further on. */
  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.find-previous", NULL);
  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.find-previous", NULL);
  g_assert_cmpuint (wb_pdf_view_get_current_hit (d.viewer), ==, n);
  pw.viewer = d.viewer;
  pw.page = 5;
  wb_test_wait_for (page_past, &pw, "the last hit's page");
  wb_test_settle (200);
  g_assert_cmpuint (wb_pdf_view_get_current_page (d.viewer), >, 5);

  /* A word that is not there. */
  type_search (d.viewer, "zzqqxx");
  g_assert_cmpuint (wb_pdf_view_get_n_hits (d.viewer), ==, 0);
  g_assert_cmpstr (wb_pdf_view_get_search_status (d.viewer), ==, "No matches");

  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.copy-page-text", NULL);
  wb_test_wait_for (copied, d.viewer, "the page's text on the clipboard");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (d.viewer)), NULL,
                                 on_clipboard_read_cb, &clip);
  wb_test_wait_for (string_set, &clip, "the clipboard");
  g_assert_nonnull (strstr (clip, "race"));

  /* A drag over the title selects it, and Ctrl+C copies just that. */
  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.first-page", NULL);
  wb_test_settle (200);
  g_clear_pointer (&clip, g_free);
  {
    GtkWidget *marks = wb_test_find_widget_of_type (GTK_WIDGET (d.viewer), GTK_TYPE_DRAWING_AREA);
    GtkGesture *drag = find_drag (marks);
    double scale = wb_pdf_view_get_scale (d.viewer);
    guint before = wb_pdf_view_get_n_copied (d.viewer);

    g_assert_false (gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.copy", NULL)
                    && wb_pdf_view_get_n_copied (d.viewer) > before);
    /* The title runs about 75 to 110 points from the page's top. */
    g_signal_emit_by_name (drag, "drag-begin", 40 * scale, 70 * scale);
    g_signal_emit_by_name (drag, "drag-update", 500 * scale, 45 * scale);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.copy", NULL));
    wb_test_wait_for (copied_more, &before, "the selection on the clipboard");
  }
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (d.viewer)), NULL,
                                 on_clipboard_read_cb, &clip);
  wb_test_wait_for (string_set, &clip, "the clipboard");
  g_assert_nonnull (strstr (clip, "Specialization"));
  g_assert_null (strstr (clip, "Andreas Gal"));

  gtk_window_destroy (GTK_WINDOW (d.window));
}

static gboolean
saved (gpointer data)
{
  return wb_pdf_view_get_n_saved (data) > 0;
}

static gboolean
printed (gpointer data)
{
  return !wb_pdf_view_is_printing (data);
}

/* Printing renders every page on the scheduler and hands it to the print
 * operation; printed to a file, all 14 pages come out, the right way up.
 * A saved copy is the uploaded file, byte for byte. */
static void
test_print (void)
{
  Desk d = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("wangban-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WbDocument) printed_doc = NULL;
  g_autoptr(GError) error = NULL;
  double width, height;

  open_and_check (&d, "desk-viewer-print", "tracemonkey.pdf");
  wb_pdf_view_print_to_file (d.viewer, path);
  wb_test_wait_for (printed, d.viewer, "the printout");

  /* Pages, not blank sheets: 14 blank pages would take a few KB. */
  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (g_file_info_get_size (info), >, 256 * 1024);
  }
  printed_doc = wb_document_load_sync (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wb_document_get_n_pages (printed_doc), ==, 14);
  wb_document_get_page_size (printed_doc, 0, &width, &height);
  g_assert_cmpfloat (height, >, width);

  /* Save a Copy writes the very bytes that were uploaded. */
  {
    g_autofree char *copy_path = g_build_filename (dir, "copy.pdf", NULL);
    g_autofree char *original_path = g_build_filename (g_getenv ("WB_SOURCE_DIR"), "..", "shared",
                                                       "pdf-corpus", "tracemonkey.pdf", NULL);
    g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
    g_autofree char *copied_bytes = NULL;
    g_autofree char *original = NULL;
    gsize copied_length, original_length;

    wb_pdf_view_save_copy (d.viewer, copy);
    wb_test_wait_for (saved, d.viewer, "the copy");
    g_assert_true (g_file_get_contents (copy_path, &copied_bytes, &copied_length, NULL));
    g_assert_true (g_file_get_contents (original_path, &original, &original_length, NULL));
    g_assert_cmpmem (copied_bytes, copied_length, original, original_length);
    g_unlink (copy_path);
  }

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (d.window));
}

typedef struct
{
  WbPdfView *viewer;
  gboolean   wrong;
} PasswordWait;

static gboolean
password_refused (gpointer data)
{
  PasswordWait *w = data;
  gboolean wrong = FALSE;

  return wb_pdf_view_needs_password (w->viewer, &wrong) && wrong == w->wrong;
}

static gboolean
unlocked (gpointer data)
{
  return !wb_pdf_view_needs_password (data, NULL) && viewer_settled (data);
}

static void
submit_password (WbPdfView  *viewer,
                 const char *password)
{
  GtkWidget *entry = wb_test_find_widget_of_type (GTK_WIDGET (viewer), GTK_TYPE_PASSWORD_ENTRY);

  g_assert_true (gtk_widget_get_mapped (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.unlock", NULL);
}

/* A PDF with a user password asks for it in the viewer; a wrong one is
 * refused and says so, the right one opens the pages. */
static void
test_password (void)
{
  Desk d = { 0 };
  PasswordWait pw;

  open_corpus_material (&d, "desk-viewer-password", "issue6010_1.pdf");
  pw.viewer = d.viewer;
  pw.wrong = FALSE;
  g_assert_true (password_refused (&pw));
  g_assert_null (wb_pdf_view_get_error (d.viewer));
  g_assert_false (wb_pdf_view_is_loaded (d.viewer));

  submit_password (d.viewer, "abd");
  pw.wrong = TRUE;
  wb_test_wait_for (password_refused, &pw, "the wrong password to be refused");
  g_assert_false (wb_pdf_view_is_loaded (d.viewer));
  g_assert_true (gtk_widget_get_visible (wb_test_find_widget_of_type (GTK_WIDGET (d.viewer), GTK_TYPE_PASSWORD_ENTRY)));

  submit_password (d.viewer, "abc");
  wb_test_wait_for (unlocked, d.viewer, "the protected document to open");
  g_assert_false (wb_pdf_view_needs_password (d.viewer, NULL));
  g_assert_null (wb_pdf_view_get_error (d.viewer));
  g_assert_true (wb_pdf_view_is_loaded (d.viewer));
  g_assert_cmpuint (wb_pdf_view_get_rendered_count (d.viewer), >, 0);

  gtk_window_destroy (GTK_WINDOW (d.window));
}

/* Fit page shows a whole A4 page in the viewport, smaller than fit
 * width; zoom stops at 25 % and 400 %. */
static void
test_zoom (void)
{
  Desk d = { 0 };
  GtkWidget *list;
  double fit_width, fit_page;

  open_and_check (&d, "desk-viewer-zoom", "scan-a4-300dpi-20p.pdf");
  list = wb_test_find_widget_of_type (GTK_WIDGET (d.viewer), GTK_TYPE_LIST_VIEW);
  wb_test_settle (200);
  fit_width = wb_pdf_view_get_scale (d.viewer);

  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.zoom-fit-page", NULL);
  wb_test_settle (200);
  fit_page = wb_pdf_view_get_scale (d.viewer);
  g_assert_cmpfloat (fit_page, <, fit_width);
  /* The page, with its padding, fits the height the pages have. */
  g_assert_cmpfloat (842 * fit_page + 12, <=, gtk_widget_get_height (list) + 1);
  g_assert_cmpfloat (842 * fit_page + 12, >, gtk_widget_get_height (list) * 0.9);

  for (int i = 0; i < 30; i++)
    gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (wb_pdf_view_get_scale (d.viewer), 4.0, 1e-6);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.zoom-in", NULL)
                  && wb_pdf_view_get_scale (d.viewer) > 4.0);
  for (int i = 0; i < 30; i++)
    gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (wb_pdf_view_get_scale (d.viewer), 0.25, 1e-6);

  /* Fit width again is what it was, give or take the scrollbar that
   * comes and goes with the zoom. */
  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.zoom-fit", NULL);
  wb_test_settle (200);
  g_assert_cmpfloat_with_epsilon (wb_pdf_view_get_scale (d.viewer), fit_width, fit_width * 0.02);

  gtk_window_destroy (GTK_WINDOW (d.window));
}

static gboolean
page_2_failed (gpointer data)
{
  return wb_pdf_view_get_page_error (data, 2) != NULL;
}

static gboolean
is_visible_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* A visible label under @widget reading @text. */
static GtkWidget *
find_visible_label (GtkWidget  *widget,
                    const char *text)
{
  return wb_test_find_widget (widget, is_visible_label, text);
}

/* A page whose size makes no sense (here 17.6 m tall) is laid out as A4
 * and says on the page that it cannot be shown; the page before it is
 * shown as usual. */
static void
test_damaged_page (void)
{
  Desk d = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("wangban-damaged-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "damaged.pdf", NULL);
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (pdf);
  WbTestPageWait pw;

  cairo_show_page (cr);
  cairo_pdf_surface_set_size (pdf, 595, 50000);
  cairo_rectangle (cr, 10, 10, 100, 100);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (pdf);

  open_file_material (&d, "desk-viewer-damaged", path, "damaged.pdf");
  g_assert_null (wb_pdf_view_get_error (d.viewer));
  g_assert_cmpuint (wb_pdf_view_get_n_pages (d.viewer), ==, 2);
  g_assert_cmpuint (wb_pdf_view_get_rendered_count (d.viewer), >, 0);
  g_assert_null (wb_pdf_view_get_page_error (d.viewer, 1));

  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.go-to-page", "i", 2);
  pw.viewer = d.viewer;
  pw.page = 2;
  wb_test_wait_for (wb_test_page_current, &pw, "page 2");
  wb_test_wait_for (page_2_failed, d.viewer, "page 2 to give up");
  g_assert_cmpstr (wb_pdf_view_get_page_error (d.viewer, 2), ==, "This page is damaged and cannot be shown.");
  wb_test_settle (200);
  g_assert_nonnull (find_visible_label (GTK_WIDGET (d.viewer), "This page is damaged and cannot be shown."));

  /* The rest of the document still works. */
  gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.first-page", NULL);
  pw.page = 1;
  wb_test_wait_for (wb_test_page_current, &pw, "page 1");
  wb_test_settle (200);
  g_assert_null (wb_pdf_view_get_page_error (d.viewer, 1));

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (d.window));
}

static gboolean
budget_is (gpointer data)
{
  return wb_pdf_view_get_cache_budget (data) == 16 * 1024 * 1024;
}

/* Paging through a 20-page scan with a 16 MB cache: every page is drawn,
 * pages seen earlier are dropped, and the bitmaps held never pass the
 * budget. */
static void
test_cache_budget (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.wangban.Desk");
  Desk d = { 0 };
  WbTestPageWait pw;
  guint n;

  open_and_check (&d, "desk-viewer-cache", "scan-a4-300dpi-20p.pdf");
  g_settings_set_uint (settings, "viewer-cache-size", 16);
  wb_test_wait_for (budget_is, d.viewer, "the new cache budget");
  n = wb_pdf_view_get_n_pages (d.viewer);
  g_assert_cmpuint (n, ==, 20);

  pw.viewer = d.viewer;
  for (guint page = 1; page <= n; page++)
    {
      gtk_widget_activate_action (GTK_WIDGET (d.viewer), "viewer.go-to-page", "i", page);
      pw.page = page;
      wb_test_wait_for (wb_test_page_current, &pw, "the page");
      wb_test_settle (200);
      g_assert_cmpuint (wb_pdf_view_get_cache_bytes (d.viewer), <=, 16 * 1024 * 1024);
    }
  g_assert_cmpuint (wb_pdf_view_get_cache_peak (d.viewer), <=, 16 * 1024 * 1024);
  g_assert_cmpuint (wb_pdf_view_get_cache_peak (d.viewer), >, 8 * 1024 * 1024);
  g_assert_cmpuint (wb_pdf_view_get_n_evicted (d.viewer), >, 0);
  g_assert_cmpuint (wb_pdf_view_get_rendered_count (d.viewer), >=, n);

  g_settings_reset (settings, "viewer-cache-size");
  gtk_window_destroy (GTK_WINDOW (d.window));
}

/* The watchdog measures wall time, which on a loaded machine includes
 * time the main thread waited for a CPU. Alongside it, this counts the
 * time the main thread itself worked in each iteration. */
static GPollFunc watchdog_poll;
static gint64 left_poll_cpu;
static gint64 worst_cpu_us;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint
cpu_poll (GPollFD *fds,
          guint    n_fds,
          gint     timeout)
{
  gint64 now = thread_cpu_us ();
  gint result;

  if (left_poll_cpu != 0)
    worst_cpu_us = MAX (worst_cpu_us, now - left_poll_cpu);
  result = watchdog_poll (fds, n_fds, timeout);
  left_poll_cpu = thread_cpu_us ();
  return result;
}

static double
load_per_core (void)
{
  double load = 0;

  if (getloadavg (&load, 1) != 1)
    return 0;
  return load / MAX (g_get_num_processors (), 1);
}

static gboolean
scrolled_to_end (gpointer data)
{
  GtkAdjustment *adj = data;

  return gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
}

/* Scrolling through the scan at a reader's pace, with the watchdog on:
 * no main-loop iteration takes more than 50 ms. And a scan has no text:
 * searching it says so. */
static void
test_scroll_watchdog (void)
{
  Desk d = { 0 };
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;
  GtkAdjustment *adj;
  WbTestPageWait pw;
  int log_fd, saved_fd;
  guint steps = 0;

  open_and_check (&d, "desk-viewer-scroll", "scan-a4-300dpi-20p.pdf");
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (wb_test_find_widget_of_type (GTK_WIDGET (d.viewer),
                                                                             GTK_TYPE_LIST_VIEW)));
  wb_test_settle (200);

  wb_watchdog_install (50);
  watchdog_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, cpu_poll);
  g_main_context_iteration (NULL, FALSE);
  worst_cpu_us = 0;
  log_fd = g_file_open_tmp ("wangban-watchdog-XXXXXX", &log_path, &error);
  g_assert_no_error (error);
  fflush (stderr);
  saved_fd = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (log_fd, STDERR_FILENO), ==, STDERR_FILENO);

  /* A wheel notch at a time, about 60 notches a second. */
  while (!scrolled_to_end (adj) && steps++ < 2000)
    {
      gint64 until = g_get_monotonic_time () + 16000;

      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + 60);
      while (g_get_monotonic_time () < until)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  pw.viewer = d.viewer;
  pw.page = 20;
  wb_test_wait_for (wb_test_page_current, &pw, "the last page");
  wb_test_settle (200);

  fflush (stderr);
  dup2 (saved_fd, STDERR_FILENO);
  close (saved_fd);
  close (log_fd);
  g_assert_true (g_file_get_contents (log_path, &log, NULL, &error));
  g_assert_no_error (error);
  g_unlink (log_path);
  g_test_message ("longest main-loop work in one iteration: %.1f ms", worst_cpu_us / 1000.0);
  /* A stall is the desk's fault unless the machine had more to run than
   * it has cores, and even then the loop itself must not have worked 50
   * ms at a stretch. */
  if (strstr (log, "slow-iteration") != NULL)
    {
      if (load_per_core () < 1.0 || worst_cpu_us > 50000)
        g_error ("the main loop stalled while scrolling:\n%s", log);
      g_test_message ("stalls while the machine was loaded (%.1f per core), not from the desk's work:\n%s",
                      load_per_core (), log);
    }
  g_assert_cmpuint (wb_pdf_view_get_rendered_count (d.viewer), >=, 20);

  type_search (d.viewer, "culture");
  g_assert_cmpuint (wb_pdf_view_get_n_hits (d.viewer), ==, 0);
  g_assert_cmpstr (wb_pdf_view_get_search_status (d.viewer), ==, "This document has no text layer");

  gtk_window_destroy (GTK_WINDOW (d.window));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };

  server = wb_test_desk_init (&argc, &argv, args, NULL);
  /* Whole corpus files are loaded and rendered here, some of them large,
   * so these waits keep the 30 s they were written with. */
  wb_test_desk_set_wait_timeout (30);

  g_test_add_func ("/desk/viewer/search", test_search);
  g_test_add_func ("/desk/viewer/print", test_print);
  g_test_add_func ("/desk/viewer/password", test_password);
  g_test_add_func ("/desk/viewer/zoom", test_zoom);
  g_test_add_func ("/desk/viewer/damaged-page", test_damaged_page);
  g_test_add_func ("/desk/viewer/cache-budget", test_cache_budget);
  g_test_add_func ("/desk/viewer/scroll-watchdog", test_scroll_watchdog);
  return wb_test_desk_run ();
}
