/* main.c: wangban-render, the viewer's engine on the command line
 *
 * It loads with WbDocument and renders with WbJobScheduler exactly as the
 * viewer does, so a file that misbehaves in the desk can be reproduced, and
 * timed, from a shell.
 *
 * Exit codes: 0 the document opened (pages may still have failed: each says
 * so in its JSON line), 1 bad arguments, 2 cannot open, 3 password needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "viewer/wb-document.h"
#include "viewer/wb-job-scheduler.h"

enum
{
  EXIT_RENDERED = 0,
  EXIT_USAGE = 1,
  EXIT_CANNOT_OPEN = 2,
  EXIT_PASSWORD = 3,
};

typedef struct
{
  GMainLoop    *loop;
  WbDocument   *document;
  char         *output_dir;
  GPtrArray    *jobs;       /* in page order */
  guint         next_print; /* index into jobs of the next line to print */
  guint         n_failed;
  GError       *open_error;
} Render;

static void
print_json_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
print_ready_lines (Render *render)
{
  /* Jobs finish in any order; lines come out in page order. */
  while (render->next_print < render->jobs->len)
    {
      WbRenderJob *job = g_ptr_array_index (render->jobs, render->next_print);
      cairo_surface_t *surface;
      g_autoptr(GString) line = NULL;
      guint page;

      if (!wb_render_job_is_finished (job))
        return;

      page = wb_render_job_get_page (job) + 1;
      surface = wb_render_job_get_surface (job);
      line = g_string_new (NULL);

      if (surface != NULL)
        {
          g_autofree char *name = g_strdup_printf ("page-%03u.png", page);
          g_autofree char *path = g_build_filename (render->output_dir, name, NULL);
          cairo_status_t status = cairo_surface_write_to_png (surface, path);

          if (status == CAIRO_STATUS_SUCCESS)
            g_string_append_printf (line, "{\"page\":%u,\"ms\":%.1f,\"width\":%d,\"height\":%d}",
                                    page, wb_render_job_get_render_time (job) / 1000.0,
                                    cairo_image_surface_get_width (surface),
                                    cairo_image_surface_get_height (surface));
          else
            {
              g_autofree char *message = g_strdup_printf ("Cannot write %s: %s", path,
                                                          cairo_status_to_string (status));

              g_string_append_printf (line, "{\"page\":%u,\"error\":", page);
              print_json_string (line, message);
              g_string_append_c (line, '}');
              render->n_failed++;
            }
        }
      else
        {
          const GError *error = wb_render_job_get_error (job);

          g_string_append_printf (line, "{\"page\":%u,\"error\":", page);
          print_json_string (line, error->message);
          g_string_append_c (line, '}');
          render->n_failed++;
        }

      puts (line->str);
      fflush (stdout);

      /* Drop the bitmap now: a long book must not keep every page. */
      g_ptr_array_index (render->jobs, render->next_print) = NULL;
      g_object_unref (job);
      render->next_print++;
    }

  g_main_loop_quit (render->loop);
}

/* Printed jobs leave NULL holes in the array. */
static void
job_unref_nullable (gpointer job)
{
  if (job != NULL)
    g_object_unref (job);
}

static void
on_job_finished_cb (WbRenderJob *job,
                    Render      *render)
{
  print_ready_lines (render);
}

static void
on_document_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Render *render = user_data;

  /* The error is kept for main() to pick the exit code. */
  render->document = wb_document_load_finish (result, &render->open_error);
  g_main_loop_quit (render->loop);
}

static gboolean
parse_pages (const char *spec,
             guint       n_pages,
             guint      *first,
             guint      *last)
{
  g_auto(GStrv) parts = NULL;
  guint64 a, b;

  if (spec == NULL)
    {
      *first = 1;
      *last = n_pages;
      return TRUE;
    }

  parts = g_strsplit (spec, "-", 2);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT, &a, NULL))
    return FALSE;
  if (parts[1] == NULL)
    b = a;
  else if (*parts[1] == '\0')
    b = n_pages;
  else if (!g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &b, NULL))
    return FALSE;

  if (a > b)
    return FALSE;

  *first = a;
  *last = MIN (b, n_pages);
  return *first <= *last;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *pages = NULL;
  g_autofree char *password = NULL;
  g_autofree char *output_dir = NULL;
  g_auto(GStrv) files = NULL;
  double dpi = 96.0;
  GOptionEntry entries[] = {
    { "pages", 0, 0, G_OPTION_ARG_STRING, &pages, "Pages to render, e.g. 3 or 2-5 (from 1)", "A-B" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution (default 96)", "N" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_dir, "Where page-NNN.png go (default .)", "DIR" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "Password of a protected PDF", "P" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(WbJobScheduler) scheduler = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  Render render = { 0 };
  guint first, last;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("FILE");
  g_option_context_set_summary (context,
                                "Render pages of a PDF to PNG with the Wangban viewer's engine,\n"
                                "printing one JSON line of timings per page.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("wangban-render: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      g_printerr ("wangban-render: give exactly one PDF file\n");
      return EXIT_USAGE;
    }
  if (!(dpi >= 1.0 && dpi <= 10000.0))
    {
      g_printerr ("wangban-render: --dpi must be between 1 and 10000\n");
      return EXIT_USAGE;
    }
  if (output_dir == NULL)
    output_dir = g_strdup (".");
  if (g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_printerr ("wangban-render: cannot create %s: %s\n", output_dir, g_strerror (saved_errno));
      return EXIT_USAGE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  render.loop = loop;
  render.output_dir = output_dir;

  file = g_file_new_for_commandline_arg (files[0]);
  wb_document_load_async (file, password, NULL, on_document_loaded_cb, &render);
  g_main_loop_run (loop);

  if (render.document == NULL)
    {
      g_autoptr(GError) open_error = g_steal_pointer (&render.open_error);

      g_printerr ("wangban-render: %s\n", open_error->message);
      if (g_error_matches (open_error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_ENCRYPTED))
        return EXIT_PASSWORD;
      return EXIT_CANNOT_OPEN;
    }

  if (!parse_pages (pages, wb_document_get_n_pages (render.document), &first, &last))
    {
      g_printerr ("wangban-render: --pages %s is not a page range of this %u-page document\n",
                  pages, wb_document_get_n_pages (render.document));
      g_clear_object (&render.document);
      return EXIT_USAGE;
    }

  scheduler = wb_job_scheduler_new (0);
  jobs = g_ptr_array_new_with_free_func (job_unref_nullable);
  render.jobs = jobs;
  for (guint page = first; page <= last; page++)
    {
      WbRenderJob *job = wb_render_job_new (render.document, page - 1, dpi / 72.0, 0);

      g_signal_connect (job, "finished", G_CALLBACK (on_job_finished_cb), &render);
      g_ptr_array_add (jobs, job);
      wb_job_scheduler_push (scheduler, job, WB_JOB_PRIORITY_URGENT);
    }
  g_main_loop_run (loop);

  if (render.n_failed > 0)
    g_printerr ("wangban-render: %u of %u pages failed\n", render.n_failed, jobs->len);

  /* A worker may still be stuck in poppler after a TIMEOUT: exit without
   * waiting for it, which dropping the scheduler never does. */
  g_clear_object (&render.document);
  return EXIT_RENDERED;
}
