/* viewer-probe.c: the desk's viewer timed and weighed, for bench/viewer.sh
 *
 *   viewer-probe open PDF    time from opening a material in the case view
 *                            to its first page painted: first from the
 *                            server, then from the local cache
 *   viewer-probe rss PDF     the process's resident memory before opening
 *                            PDF and after paging through all of it
 *
 * It runs the real desk window against a real wangban-server on loopback,
 * as the widget tests do, and prints one JSON line per figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "case/wb-case-view.h"
#include "signin/wb-signin-page.h"
#include "viewer/wb-pdf-view.h"
#include "wb-application.h"
#include "wb-secret.h"
#include "wb-test-server.h"
#include "wb-window.h"

static WbTestServer *server;
static char *origin;
static WbApplication *app;

typedef gboolean (*Condition) (gpointer data);

static void
wait_for (Condition    cond,
          gpointer     data,
          const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  wb_secret_clear_finish (result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
signed_in (gpointer data)
{
  return wb_window_is_signed_in (data);
}

typedef struct
{
  WbWindow  *window;
  gint64     case_id;
  gint64     material_id;
  GtkWidget *view;
  WbPdfView *viewer;
  gboolean   painted;
  gint64     painted_at;
} Probe;

static gboolean
case_ready (gpointer data)
{
  Probe *p = data;
  GtkWidget *view = wb_window_get_case_view (p->window, p->case_id);
  gboolean loading = TRUE;

  if (view == NULL)
    return FALSE;
  g_object_get (view, "loading", &loading, NULL);
  return !loading && wb_case_view_get_case (WB_CASE_VIEW (view)) != NULL
         && wb_case_view_has_materials (WB_CASE_VIEW (view));
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

static void
set_up (Probe      *p,
        const char *pdf_path)
{
  g_autofree char *token = wb_test_login (server, "handler.210102");
  g_autofree char *name = g_path_get_basename (pdf_path);
  g_autofree char *upload_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(WbTestReply) upload = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cleared = FALSE;
  gsize length;

  g_setenv ("WANGBAN_POLL_MS", "600000", TRUE);
  p->case_id = wb_test_intake (server, "bench-viewer", "ZA-WFZ", "210102");
  if (!g_file_get_contents (pdf_path, &contents, &length, &error))
    g_error ("%s", error->message);
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  upload_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials?name=%s", p->case_id, name);
  upload = wb_test_request_full (server, "POST", upload_path, token, NULL, "application/pdf", pdf);
  if (upload->status != 201)
    g_error ("upload failed: %u", upload->status);
  p->material_id = json_object_get_int_member (wb_test_reply_object (upload), "id");

  p->window = wb_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (p->window), 1380, 860);
  gtk_window_present (GTK_WINDOW (p->window));
  wb_secret_clear_async (origin, NULL, on_cleared_cb, &cleared);
  wait_for (flag_set, &cleared, "the keyring");
  wb_window_set_server (p->window, origin, FALSE);
  for (int i = 0; i < 200; i++)
    g_main_context_iteration (NULL, FALSE);
  wb_signin_page_submit (WB_SIGNIN_PAGE (wb_window_get_signin_page (p->window)),
                         "handler.210102", WB_TEST_PASSWORD);
  wait_for (signed_in, p->window, "sign-in");
  wb_window_open_case (p->window, p->case_id);
  wait_for (case_ready, p, "the case");
  p->view = wb_window_get_case_view (p->window, p->case_id);
  p->viewer = WB_PDF_VIEW (wb_case_view_get_pdf_view (WB_CASE_VIEW (p->view)));
  adw_leaflet_navigate (ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (p->view), ADW_TYPE_LEAFLET)),
                        ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Probe         *p)
{
  if (!p->painted && wb_pdf_view_get_rendered_count (p->viewer) > 0)
    {
      p->painted = TRUE;
      p->painted_at = g_get_monotonic_time ();
    }
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
}

/* From the caseworker's open to the frame that shows the first page. */
static double
time_open (Probe *p)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (p->window));
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), p);
  gint64 start;

  p->painted = FALSE;
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (p->view, "case.open-material", "x", p->material_id);
  wait_for (flag_set, &p->painted, "the first page on screen");
  g_signal_handler_disconnect (clock, handler);
  return (p->painted_at - start) / 1000.0;
}

static gboolean
page_shown (gpointer data)
{
  Probe *p = data;

  return wb_pdf_view_get_current_page (p->viewer) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (p->viewer), "want"));
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  Probe p = { 0 };

  gtk_init ();
  if (argc != 3)
    {
      fprintf (stderr, "usage: viewer-probe open|rss PDF\n");
      return 1;
    }
  server = wb_test_server_start (args, NULL);
  origin = g_strndup (server->base, strlen (server->base) - strlen ("/api/v1"));
  app = wb_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  if (g_str_equal (argv[1], "open"))
    {
      double first, cached;

      set_up (&p, argv[2]);
      first = time_open (&p);
      gtk_widget_activate_action (GTK_WIDGET (p.viewer), "viewer.close", NULL);
      /* Reopened a second later, as a caseworker going back to it would:
       * the first opening's preloads and checks have finished by then,
       * and are not what this measures. */
      settle (1000);
      cached = time_open (&p);
      printf ("{\"measure\":\"open-to-first-page\",\"download_ms\":%.1f,\"cached_ms\":%.1f}\n", first, cached);
    }
  else
    {
      long before, after;
      guint n;

      /* WB_CACHE_MB shows what the rest of the process costs. */
      if (g_getenv ("WB_CACHE_MB") != NULL)
        {
          g_autoptr(GSettings) settings = g_settings_new ("io.github.wangban.Desk");

          g_settings_set_uint (settings, "viewer-cache-size", atoi (g_getenv ("WB_CACHE_MB")));
        }
      set_up (&p, argv[2]);
      before = rss_kb ();
      time_open (&p);
      n = wb_pdf_view_get_n_pages (p.viewer);
      for (guint page = 1; page <= n; page++)
        {
          guint drawn = wb_pdf_view_get_rendered_count (p.viewer);
          gint64 until = g_get_monotonic_time () + 300000;

          g_object_set_data (G_OBJECT (p.viewer), "want", GUINT_TO_POINTER (page));
          gtk_widget_activate_action (GTK_WIDGET (p.viewer), "viewer.go-to-page", "i", page);
          wait_for (page_shown, &p, "the page");
          /* Until the page is drawn, unless it was preloaded and is
           * already there. */
          while (wb_pdf_view_get_rendered_count (p.viewer) == drawn && g_get_monotonic_time () < until)
            {
              g_main_context_iteration (NULL, FALSE);
              g_usleep (1000);
            }
        }
      /* Let the last renders land. */
      for (int i = 0; i < 500; i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      after = rss_kb ();
      printf ("{\"measure\":\"rss\",\"pages\":%u,\"before_kb\":%ld,\"after_kb\":%ld,"
              "\"cache_budget_kb\":%" G_GSIZE_FORMAT ",\"cache_peak_kb\":%" G_GSIZE_FORMAT ",\"evicted\":%u}\n",
              n, before, after, wb_pdf_view_get_cache_budget (p.viewer) / 1024,
              wb_pdf_view_get_cache_peak (p.viewer) / 1024, wb_pdf_view_get_n_evicted (p.viewer));
    }

  gtk_window_destroy (GTK_WINDOW (p.window));
  g_clear_object (&app);
  wb_test_server_stop (server);
  g_free (origin);
  return 0;
}
