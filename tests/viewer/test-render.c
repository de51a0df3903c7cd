/* test-render.c: the rendering engine and wangban-render against the corpus
 *
 * The expectations below are written out from the corpus README, not read
 * back from the code: every file there must render, ask for a password or
 * fail with a clear message, and none may crash or hang the tool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "viewer/wb-document.h"
#include "viewer/wb-document-text.h"
#include "viewer/wb-job-scheduler.h"

typedef enum
{
  RENDERS,
  ASKS_PASSWORD,   /* and "abc" opens it */
  CANNOT_OPEN,
} Expect;

typedef struct
{
  const char *name;
  Expect      expect;
  guint       n_pages;
} CorpusFile;

static const CorpusFile corpus[] = {
  { "scan-a4-300dpi-20p.pdf", RENDERS, 20 },
  { "issue5567.pdf", RENDERS, 1 },
  { "issue5481.pdf", RENDERS, 3 },
  { "issue7229.pdf", RENDERS, 2 },
  { "cmykjpeg.pdf", RENDERS, 1 },
  { "large_jpeg_downscale.pdf", RENDERS, 1 },
  { "bug_jpx.pdf", RENDERS, 1 },
  { "ccitt_EndOfBlock_false.pdf", RENDERS, 1 },
  { "bitmap-mmr.pdf", RENDERS, 1 },
  { "bitmap-halftone.pdf", RENDERS, 1 },
  { "red_stamp.pdf", RENDERS, 1 },
  { "XiaoBiaoSong.pdf", RENDERS, 1 },
  { "SimFang-variant.pdf", RENDERS, 1 },
  { "tracemonkey.pdf", RENDERS, 14 },
  { "pdkids.pdf", RENDERS, 55 },
  { "freeculture.pdf", RENDERS, 352 },
  { "rotation.pdf", RENDERS, 2 },
  { "issue5747.pdf", RENDERS, 1 },
  { "empty_protected.pdf", RENDERS, 1 },
  { "issue6010_1.pdf", ASKS_PASSWORD, 1 },
  { "GHOSTSCRIPT-698804-1-fuzzed.pdf", RENDERS, 1 },
  { "PDFBOX-3148-2-fuzzed.pdf", RENDERS, 1 },
  { "REDHAT-1531897-0.pdf", CANNOT_OPEN, 0 },
  { "bug1020226.pdf", CANNOT_OPEN, 0 },
  { "poppler-395-0-fuzzed.pdf", CANNOT_OPEN, 0 },
  { "poppler-85140-0.pdf", CANNOT_OPEN, 0 },
};

/* Pages rendered per file: enough to cover the first ones, cheap enough to
 * keep the whole run well under a minute on two cores. */
#define MAX_PAGES 3
#define TEST_DPI 36

static char *
corpus_dir (void)
{
  const char *srcdir = g_getenv ("WB_SOURCE_DIR");
  char *dir;

  g_assert_nonnull (srcdir);
  dir = g_build_filename (srcdir, "..", "shared", "pdf-corpus", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("The PDF corpus is missing: %s", dir);
  return dir;
}

static char *
corpus_path (const char *name)
{
  g_autofree char *dir = corpus_dir ();

  return g_build_filename (dir, name, NULL);
}

static const CorpusFile *
find_expectation (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    if (strcmp (corpus[i].name, name) == 0)
      return &corpus[i];
  return NULL;
}

/* A file added to the corpus without an expectation here fails the test. */
static void
test_corpus_complete (void)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr(GDir) gdir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0;

  gdir = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      if (!g_str_has_suffix (name, ".pdf"))
        continue;
      if (find_expectation (name) == NULL)
        g_error ("No expectation for corpus file %s", name);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (corpus));
}

/* ---- the command-line tool ---- */

typedef struct
{
  gboolean  done;
  gboolean  timed_out;
  char     *out;
  char     *err;
} RunResult;

static void
on_communicated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RunResult *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                        &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
on_run_timeout_cb (gpointer user_data)
{
  RunResult *run = user_data;

  run->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs wangban-render, fails the test on a crash or a hang, and returns its
 * exit status. */
static int
run_tool (const char  *const *args,
          char               **out,
          char               **err)
{
  g_autofree char *tool = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  RunResult run = { 0 };
  guint timeout_id;

  g_assert_nonnull (g_getenv ("WB_BUILD_DIR"));
  tool = g_build_filename (g_getenv ("WB_BUILD_DIR"), "src", "render", "wangban-render", NULL);
  g_ptr_array_add (argv, tool);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);

  /* The watchdog is 10 s per page; 30 s means the tool itself hung. */
  timeout_id = g_timeout_add_seconds (30, on_run_timeout_cb, &run);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicated_cb, &run);
  while (!run.done && !run.timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (run.timed_out)
    {
      g_subprocess_force_exit (proc);
      g_error ("wangban-render %s hung", g_strjoinv (" ", (char **) args));
    }
  g_source_remove (timeout_id);

  if (!g_subprocess_get_if_exited (proc))
    g_error ("wangban-render %s crashed (signal %d); stderr: %s",
             g_strjoinv (" ", (char **) args), g_subprocess_get_term_sig (proc), run.err);

  *out = run.out;
  *err = run.err;
  return g_subprocess_get_exit_status (proc);
}

static void
test_tool_corpus (void)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;

  tmp = g_dir_make_tmp ("wb-render-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      const CorpusFile *f = &corpus[i];
      g_autofree char *path = corpus_path (f->name);
      g_autofree char *outdir = g_build_filename (tmp, f->name, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *pages = g_strdup_printf ("1-%u", MAX_PAGES);
      const char *args[] = { "--dpi", G_STRINGIFY (TEST_DPI), "--pages", pages,
                             "--output", outdir, path, NULL };
      int status;

      g_test_message ("wangban-render %s", f->name);
      status = run_tool (args, &out, &err);

      switch (f->expect)
        {
        case RENDERS:
          {
            g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
            guint n = MIN (f->n_pages, MAX_PAGES);

            g_assert_cmpint (status, ==, 0);
            g_assert_cmpuint (g_strv_length (lines), ==, n);
            for (guint p = 0; p < n; p++)
              {
                g_autofree char *want = g_strdup_printf ("{\"page\":%u,\"ms\":", p + 1);
                g_autofree char *png = g_strdup_printf ("%s/page-%03u.png", outdir, p + 1);

                if (!g_str_has_prefix (lines[p], want))
                  g_error ("%s page %u: %s", f->name, p + 1, lines[p]);
                g_assert_true (strstr (lines[p], "\"width\":") != NULL);
                g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
                g_unlink (png);
              }
            break;
          }

        case ASKS_PASSWORD:
          {
            g_autofree char *out2 = NULL;
            g_autofree char *err2 = NULL;
            const char *with_password[] = { "--dpi", G_STRINGIFY (TEST_DPI), "--password", "abc",
                                            "--output", outdir, path, NULL };
            const char *wrong_password[] = { "--password", "nope", "--output", outdir, path, NULL };
            g_autofree char *png = g_strdup_printf ("%s/page-001.png", outdir);

            g_assert_cmpint (status, ==, 3);
            g_assert_cmpstr (out, ==, "");
            g_assert_true (strstr (err, "password") != NULL);

            g_clear_pointer (&out2, g_free);
            g_clear_pointer (&err2, g_free);
            g_assert_cmpint (run_tool (wrong_password, &out2, &err2), ==, 3);
            g_assert_true (strstr (err2, "wrong") != NULL);

            g_clear_pointer (&out2, g_free);
            g_clear_pointer (&err2, g_free);
            g_assert_cmpint (run_tool (with_password, &out2, &err2), ==, 0);
            g_assert_true (g_str_has_prefix (out2, "{\"page\":1,\"ms\":"));
            g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
            g_unlink (png);
            break;
          }

        case CANNOT_OPEN:
          g_assert_cmpint (status, ==, 2);
          g_assert_cmpstr (out, ==, "");
          /* A clear message names the file and says what is wrong. */
          g_assert_true (strstr (err, f->name) != NULL);
          g_assert_true (strstr (err, "damaged") != NULL);
          break;

        default:
          g_assert_not_reached ();
        }

      g_rmdir (outdir);
    }

  g_rmdir (tmp);
}

static void
test_tool_errors (void)
{
  g_autofree char *path = corpus_path ("issue5567.pdf");
  g_autofree char *tmp = g_dir_make_tmp ("wb-render-XXXXXX", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *huge[] = { "--dpi", "5000", "--output", tmp, path, NULL };
  const char *missing[] = { "--output", tmp, "/nonexistent/wangban.pdf", NULL };

  /* An absurd bitmap is a page error, not a failure of the document. */
  g_assert_cmpint (run_tool (huge, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"page\":1,\"error\":\""));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_tool (missing, &out, &err), ==, 2);
  g_assert_true (strstr (err, "Cannot read") != NULL);

  g_rmdir (tmp);
}

/* ---- the API ---- */

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static WbDocument *
load (const char  *name,
      const char  *password,
      GError     **error)
{
  g_autofree char *path = corpus_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  wb_document_load_async (file, password, NULL, on_loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return wb_document_load_finish (result, error);
}

static void
on_job_finished_cb (WbRenderJob *job,
                    GPtrArray   *finished)
{
  /* ::finished comes on the main context, never from a worker. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (finished, g_object_ref (job));
}

static void
wait_for (GPtrArray *finished,
          guint      n)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (finished->len < n)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("Only %u of %u jobs finished in 30 s", finished->len, n);
    }
}

static WbRenderJob *
push (WbJobScheduler *scheduler,
      WbDocument     *document,
      guint           page,
      double          scale,
      WbJobPriority   priority,
      GPtrArray      *finished)
{
  WbRenderJob *job = wb_render_job_new (document, page, scale, 0);

  g_signal_connect (job, "finished", G_CALLBACK (on_job_finished_cb), finished);
  wb_job_scheduler_push (scheduler, job, priority);
  return job;
}

static void
test_api_corpus (void)
{
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (2);

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      const CorpusFile *f = &corpus[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(WbDocument) document = NULL;
      g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
      guint n;

      g_test_message ("WbDocument %s", f->name);
      document = load (f->name, NULL, &error);

      if (f->expect == CANNOT_OPEN)
        {
          g_assert_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_DAMAGED);
          g_assert_null (document);
          continue;
        }
      if (f->expect == ASKS_PASSWORD)
        {
          g_assert_error (error, WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_ENCRYPTED);
          g_clear_error (&error);
          document = load (f->name, "abc", &error);
        }

      g_assert_no_error (error);
      g_assert_cmpuint (wb_document_get_n_pages (document), ==, f->n_pages);

      n = MIN (f->n_pages, MAX_PAGES);
      for (guint p = 0; p < n; p++)
        g_ptr_array_add (jobs, push (scheduler, document, p, TEST_DPI / 72.0,
                                     WB_JOB_PRIORITY_URGENT, finished));
      wait_for (finished, n);

      for (guint p = 0; p < n; p++)
        {
          WbRenderJob *job = g_ptr_array_index (jobs, p);
          cairo_surface_t *surface = wb_render_job_get_surface (job);
          double w, h;

          g_assert_no_error ((GError *) wb_render_job_get_error (job));
          g_assert_nonnull (surface);
          wb_document_get_page_size (document, p, &w, &h);
          g_assert_cmpint (cairo_image_surface_get_width (surface), ==, (int) ceil (w * TEST_DPI / 72.0));
          g_assert_cmpint (cairo_image_surface_get_height (surface), ==, (int) ceil (h * TEST_DPI / 72.0));
          /* Rendering never happens on the main thread. */
          g_assert_nonnull (wb_render_job_get_render_thread (job));
          g_assert_true (wb_render_job_get_render_thread (job) != g_thread_self ());
        }
    }
}

static void
test_rotation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) rotation = load ("rotation.pdf", NULL, &error);
  g_autoptr(WbDocument) r270 = NULL;
  double w, h;

  g_assert_no_error (error);
  /* Page 1 has /Rotate 0, page 2 /Rotate 90: portrait then landscape. */
  wb_document_get_page_size (rotation, 0, &w, &h);
  g_assert_cmpfloat (w, <, h);
  wb_document_get_page_size (rotation, 1, &w, &h);
  g_assert_cmpfloat (w, >, h);

  /* The page is 595 × 420 unrotated; /Rotate 270 stands it upright. */
  r270 = load ("issue5747.pdf", NULL, &error);
  g_assert_no_error (error);
  wb_document_get_page_size (r270, 0, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 419.52, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 595.2, 0.01);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GArray *
find (WbDocument *document,
      const char *text,
      gboolean   *has_text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *hits;

  wb_document_find_text_async (document, text, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  hits = wb_document_find_text_finish (document, result, has_text, &error);
  g_assert_no_error (error);
  return hits;
}

static char *
read_text (WbDocument      *document,
           guint            page,
           const WbTextHit *area)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  wb_document_get_text_async (document, page, area, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  text = wb_document_get_text_finish (document, result, &error);
  g_assert_no_error (error);
  return text;
}

/* Search finds words in a text PDF, in page order, ignoring case, with
 * rectangles on the page; the text inside a hit's rectangle is the word.
 * A scan has no text: a search there says so rather than finding nothing. */
static void
test_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) paper = load ("tracemonkey.pdf", NULL, &error);
  g_autoptr(WbDocument) scan = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) none = NULL;
  g_autofree char *word = NULL;
  g_autofree char *page = NULL;
  gboolean has_text = FALSE;
  const WbTextHit *first;
  double w, h;

  g_assert_no_error (error);
  hits = find (paper, "specialization", &has_text);
  g_assert_true (has_text);
  g_assert_cmpuint (hits->len, >, 1);
  for (guint i = 1; i < hits->len; i++)
    g_assert_cmpuint (g_array_index (hits, WbTextHit, i - 1).page, <=, g_array_index (hits, WbTextHit, i).page);
  first = &g_array_index (hits, WbTextHit, 0);
  g_assert_cmpuint (first->page, ==, 0);
  wb_document_get_page_size (paper, 0, &w, &h);
  g_assert_cmpfloat (first->x1, <, first->x2);
  g_assert_cmpfloat (first->y1, <, first->y2);
  g_assert_cmpfloat (first->x2, <=, w);
  /* The title is at the top of the page: y counts from the top. */
  g_assert_cmpfloat (first->y1, <, h / 4);

  word = read_text (paper, first->page, first);
  g_assert_nonnull (strstr (word, "Specialization"));
  page = read_text (paper, 0, NULL);
  g_assert_cmpuint (strlen (page), >, strlen (word) * 10);

  scan = load ("scan-a4-300dpi-20p.pdf", NULL, &error);
  g_assert_no_error (error);
  none = find (scan, "culture", &has_text);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (has_text);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) document = load ("freeculture.pdf", NULL, &error);
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (2);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint p = 0; p < 50; p++)
    g_ptr_array_add (jobs, push (scheduler, document, p, 1.0, WB_JOB_PRIORITY_LOW, finished));
  for (guint p = 0; p < 50; p++)
    wb_job_scheduler_cancel (scheduler, g_ptr_array_index (jobs, p));
  g_assert_cmpuint (wb_job_scheduler_get_n_queued (scheduler), ==, 0);

  wait_for (finished, 50);
  for (guint p = 0; p < 50; p++)
    {
      WbRenderJob *job = g_ptr_array_index (jobs, p);

      g_assert_null (wb_render_job_get_surface (job));
      g_assert_error ((GError *) wb_render_job_get_error (job), G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  /* Give a worker that had already started a chance to deliver late: it
   * must not. */
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (finished->len, ==, 50);
}

static void
test_priority (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) document = load ("pdkids.pdf", NULL, &error);
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (2);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WbRenderJob) urgent = NULL;
  g_autoptr(WbRenderJob) moved = NULL;
  guint urgent_at = G_MAXUINT, moved_at = G_MAXUINT;

  g_assert_no_error (error);
  /* Hold the document while queueing, so each worker takes one job and
   * waits: the order that follows is the queues' alone, not how fast a
   * loaded machine happens to render. */
  g_assert_nonnull (wb_document_lock (document, g_get_monotonic_time () + 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
  for (guint p = 0; p < 30; p++)
    g_object_unref (push (scheduler, document, p, 0.5, WB_JOB_PRIORITY_LOW, finished));
  moved = push (scheduler, document, 40, 0.5, WB_JOB_PRIORITY_LOW, finished);
  urgent = push (scheduler, document, 50, 0.5, WB_JOB_PRIORITY_URGENT, finished);
  /* Reprioritised: a thumbnail scrolled into view. */
  wb_job_scheduler_set_priority (scheduler, moved, WB_JOB_PRIORITY_HIGH);
  g_usleep (100 * 1000);
  wb_document_unlock (document);

  wait_for (finished, 32);
  for (guint i = 0; i < finished->len; i++)
    {
      if (g_ptr_array_index (finished, i) == urgent)
        urgent_at = i;
      if (g_ptr_array_index (finished, i) == moved)
        moved_at = i;
    }

  /* In queue order they would come 31st and 32nd. Ahead of them may run
   * only the jobs the workers had already taken and what finishes while
   * they render; with eight test processes on two cores that was seen to
   * reach seven, never more than a quarter of the queue. */
  g_assert_cmpuint (urgent_at, <, 8);
  g_assert_cmpuint (moved_at, <, 8);
  g_assert_nonnull (wb_render_job_get_surface (urgent));
}

/* However many pages wait to be preloaded, one worker stays free for the
 * page on screen: here preloads of one document are stuck behind its lock
 * while a page of another is asked for. */
static void
test_preload_leaves_a_worker (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) busy = load ("pdkids.pdf", NULL, &error);
  g_autoptr(WbDocument) opened = NULL;
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (2);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WbRenderJob) urgent = NULL;

  g_assert_no_error (error);
  opened = load ("tracemonkey.pdf", NULL, &error);
  g_assert_no_error (error);

  g_assert_nonnull (wb_document_lock (busy, g_get_monotonic_time () + 10 * G_USEC_PER_SEC, &error));
  for (guint p = 0; p < 4; p++)
    g_object_unref (push (scheduler, busy, p, 0.5, WB_JOB_PRIORITY_LOW, finished));
  /* Time for both workers to take a preload, were they allowed to. */
  g_usleep (100 * 1000);
  urgent = push (scheduler, opened, 0, 0.5, WB_JOB_PRIORITY_URGENT, finished);
  wait_for (finished, 1);
  g_assert_true (g_ptr_array_index (finished, 0) == urgent);
  g_assert_nonnull (wb_render_job_get_surface (urgent));

  wb_document_unlock (busy);
  wait_for (finished, 5);

  /* And no preload starts while a page on screen is being drawn: the
   * urgent page waits on the lock, the preload of the other document
   * waits for it, though a worker is free. */
  g_ptr_array_set_size (finished, 0);
  g_clear_object (&urgent);
  g_assert_nonnull (wb_document_lock (busy, g_get_monotonic_time () + 10 * G_USEC_PER_SEC, &error));
  urgent = push (scheduler, busy, 0, 0.5, WB_JOB_PRIORITY_URGENT, finished);
  g_usleep (50 * 1000);
  g_object_unref (push (scheduler, opened, 1, 0.5, WB_JOB_PRIORITY_LOW, finished));
  for (gint64 until = g_get_monotonic_time () + 300 * 1000; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (finished->len, ==, 0);
  wb_document_unlock (busy);
  wait_for (finished, 2);
  g_assert_true (g_ptr_array_index (finished, 0) == urgent);
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) document = load ("tracemonkey.pdf", NULL, &error);
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (1);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WbRenderJob) huge = NULL;
  g_autoptr(WbRenderJob) fine = NULL;

  g_assert_no_error (error);
  huge = push (scheduler, document, 0, 100.0, WB_JOB_PRIORITY_URGENT, finished);
  fine = push (scheduler, document, 1, 0.5, WB_JOB_PRIORITY_URGENT, finished);
  wait_for (finished, 2);

  g_assert_error ((GError *) wb_render_job_get_error (huge),
                  WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_nonnull (wb_render_job_get_surface (fine));
}

static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) document = load ("scan-a4-300dpi-20p.pdf", NULL, &error);
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (2);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WbRenderJob) slow = NULL;
  g_autoptr(WbRenderJob) after = NULL;

  g_assert_no_error (error);

  /* A 1 ms watchdog stands in for a page that hangs poppler: a full-page
   * JPEG at 300 dpi takes far longer than that. */
  wb_job_scheduler_set_timeout (scheduler, 1);
  slow = push (scheduler, document, 0, 300.0 / 72.0, WB_JOB_PRIORITY_URGENT, finished);
  wait_for (finished, 1);
  g_assert_error ((GError *) wb_render_job_get_error (slow),
                  WB_DOCUMENT_ERROR, WB_DOCUMENT_ERROR_TIMEOUT);
  g_assert_null (wb_render_job_get_surface (slow));

  /* The rest of the document still works once poppler lets go. */
  wb_job_scheduler_set_timeout (scheduler, WB_JOB_SCHEDULER_DEFAULT_TIMEOUT_MS);
  while (wb_document_is_stuck (document))
    g_usleep (10 * 1000);
  after = push (scheduler, document, 1, 0.5, WB_JOB_PRIORITY_URGENT, finished);
  wait_for (finished, 2);
  g_assert_nonnull (wb_render_job_get_surface (after));
  /* ::finished came once: the worker's late result was dropped. */
  g_assert_cmpuint (finished->len, ==, 2);
}

/* Poppler's own rendering of @page at @scale, turned by @rotation, drawn
 * here the plain way: what the viewer's shortcut for scans must match. */
static cairo_surface_t *
render_directly (WbDocument *document,
                 guint       index,
                 double      scale,
                 int         rotation)
{
  PopplerDocument *poppler = wb_document_lock (document, G_MAXINT64, NULL);
  PopplerPage *page = poppler_document_get_page (poppler, index);
  cairo_surface_t *surface;
  double w, h;
  int sw, sh;
  cairo_t *cr;

  wb_document_get_page_size (document, index, &w, &h);
  sw = (int) ceil ((rotation % 180 ? h : w) * scale);
  sh = (int) ceil ((rotation % 180 ? w : h) * scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sw, sh);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (rotation == 90)
    cairo_translate (cr, sw, 0);
  cairo_rotate (cr, rotation * G_PI / 180.0);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_object_unref (page);
  wb_document_unlock (document);

  return surface;
}

/* The mean difference between two same-sized bitmaps, in levels of 255 per
 * channel, and the share of dark ("inked") pixels in each. */
static double
compare_bitmaps (cairo_surface_t *a,
                 cairo_surface_t *b,
                 double          *ink_a,
                 double          *ink_b)
{
  int w = cairo_image_surface_get_width (a);
  int h = cairo_image_surface_get_height (a);
  guint64 diff = 0, dark_a = 0, dark_b = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);

  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = (const guint32 *) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *) (cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < w; x++)
        {
          guint sum_a = 0, sum_b = 0;

          for (int shift = 0; shift < 24; shift += 8)
            {
              int ca = (ra[x] >> shift) & 0xff;
              int cb = (rb[x] >> shift) & 0xff;

              diff += ABS (ca - cb);
              sum_a += ca;
              sum_b += cb;
            }
          dark_a += sum_a < 3 * 128;
          dark_b += sum_b < 3 * 128;
        }
    }

  *ink_a = (double) dark_a / ((double) w * h);
  *ink_b = (double) dark_b / ((double) w * h);
  return (double) diff / (3.0 * w * h);
}

static void
test_scan_shrunk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WbDocument) scan = load ("scan-a4-300dpi-20p.pdf", NULL, &error);
  g_autoptr(WbDocument) text = NULL;
  g_autoptr(WbJobScheduler) scheduler = wb_job_scheduler_new (2);
  g_autoptr(GPtrArray) finished = g_ptr_array_new_with_free_func (g_object_unref);
  const int rotations[] = { 0, 90 };
  PopplerDocument *poppler;
  PopplerPage *page;

  g_assert_no_error (error);
  text = load ("tracemonkey.pdf", NULL, &error);
  g_assert_no_error (error);

  /* A scanned page is an image page; a typeset one is not, so it keeps
   * rendering at its own scale. */
  poppler = wb_document_lock (scan, G_MAXINT64, NULL);
  page = poppler_document_get_page (poppler, 0);
  g_assert_true (wb_document_page_is_image (scan, 0, page));
  g_object_unref (page);
  wb_document_unlock (scan);
  poppler = wb_document_lock (text, G_MAXINT64, NULL);
  page = poppler_document_get_page (poppler, 0);
  g_assert_false (wb_document_page_is_image (text, 0, page));
  g_object_unref (page);
  wb_document_unlock (text);

  /* At fit width (82 dpi), upright and turned, the scan drawn large and
   * shrunk matches poppler's direct rendering: same size, same ink, and on
   * average within a few levels of each pixel. */
  for (guint i = 0; i < G_N_ELEMENTS (rotations); i++)
    {
      g_autoptr(WbRenderJob) job = wb_render_job_new (scan, 0, 82.0 / 72.0, rotations[i]);
      cairo_surface_t *reference = render_directly (scan, 0, 82.0 / 72.0, rotations[i]);
      double ink_job, ink_reference, difference;

      g_signal_connect (job, "finished", G_CALLBACK (on_job_finished_cb), finished);
      wb_job_scheduler_push (scheduler, job, WB_JOB_PRIORITY_URGENT);
      wait_for (finished, i + 1);
      g_assert_no_error ((GError *) wb_render_job_get_error (job));

      difference = compare_bitmaps (wb_render_job_get_surface (job), reference,
                                    &ink_job, &ink_reference);
      g_test_message ("rotation %d: mean difference %.2f, ink %.4f against %.4f",
                      rotations[i], difference, ink_job, ink_reference);
      g_assert_cmpfloat (ink_reference, >, 0.01);
      g_assert_cmpfloat (fabs (ink_job - ink_reference), <, 0.2 * ink_reference);
      g_assert_cmpfloat (difference, <, 4.0);
      cairo_surface_destroy (reference);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/viewer/corpus/complete", test_corpus_complete);
  g_test_add_func ("/viewer/tool/corpus", test_tool_corpus);
  g_test_add_func ("/viewer/tool/errors", test_tool_errors);
  g_test_add_func ("/viewer/document/corpus", test_api_corpus);
  g_test_add_func ("/viewer/document/rotation", test_rotation);
  g_test_add_func ("/viewer/document/text", test_text);
  g_test_add_func ("/viewer/document/scan-shrunk", test_scan_shrunk);
  g_test_add_func ("/viewer/scheduler/cancel", test_cancel);
  g_test_add_func ("/viewer/scheduler/priority", test_priority);
  g_test_add_func ("/viewer/scheduler/preload-leaves-a-worker", test_preload_leaves_a_worker);
  g_test_add_func ("/viewer/scheduler/too-large", test_too_large);
  g_test_add_func ("/viewer/scheduler/timeout", test_timeout);

  return g_test_run ();
}
