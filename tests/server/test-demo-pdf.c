/* test-demo-pdf.c: the demo materials must look like scans, not documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "wb-demo-pdf.h"

#define SEED 20240312u
#define N_PAGES 2

static const char * const body_lines[] = {
  "兹有我所辖区居民，因办理户籍业务需要，特提供本材料。",
  "以上信息经核实无误。",
  NULL,
};

/* Rendering takes a noticeable fraction of a second, so the tests share
 * one document. */
static GBytes *
shared_pdf (void)
{
  static GBytes *pdf = NULL;

  if (pdf == NULL)
    {
      g_autoptr(GError) error = NULL;

      pdf = wb_demo_pdf_render ("居民户口簿", body_lines, N_PAGES, SEED, &error);
      g_assert_no_error (error);
      g_assert_nonnull (pdf);
    }

  return pdf;
}

/* Bounded search, since the PDF holds binary streams with NUL bytes. */
static const guint8 *
find_bytes (const guint8 *hay,
            gsize         hay_len,
            const char   *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= hay_len; i++)
    if (memcmp (hay + i, needle, n) == 0)
      return hay + i;
  return NULL;
}

static guint
count_occurrences (GBytes     *bytes,
                   const char *needle,
                   const char *not_followed_by)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  const guint8 *p = data;
  gsize n = strlen (needle);
  guint count = 0;

  while ((p = find_bytes (p, len - (p - data), needle)) != NULL)
    {
      p += n;
      if (not_followed_by == NULL || (gsize) (p - data) >= len ||
          strchr (not_followed_by, *p) == NULL)
        count++;
    }

  return count;
}

static char *
write_temp_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("wb-demo-pdf-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* Runs a poppler tool on the shared PDF and returns its stdout, or NULL
 * (after marking the test skipped) when the tool is not installed. */
static char *
run_poppler_tool (const char *tool,
                  const char *extra_arg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (tool);
  g_autofree char *path = NULL;
  g_autofree char *err_out = NULL;
  char *out = NULL;
  const char *spawn_argv[4] = { NULL, };
  int wait_status;

  if (program == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s not on PATH (poppler-utils)", tool);

      g_test_skip (msg);
      return NULL;
    }

  path = write_temp_pdf (shared_pdf ());
  spawn_argv[0] = program;
  spawn_argv[1] = path;
  spawn_argv[2] = extra_arg;
  g_spawn_sync (NULL, (char **) spawn_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err_out, &wait_status, &error);
  g_unlink (path);
  g_assert_no_error (error);
  g_spawn_check_wait_status (wait_status, &error);
  if (error != NULL)
    g_test_message ("%s stderr: %s", tool, err_out);
  g_assert_no_error (error);

  return out;
}

static void
test_structure (void)
{
  GBytes *pdf = shared_pdf ();
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);

  g_assert_cmpuint (len, >, 5);
  g_assert_cmpmem (data, 5, "%PDF-", 5);

  /* "/Type /Pages" is the page tree, not a page. */
  g_assert_cmpuint (count_occurrences (pdf, "/Type /Page", "s"), ==, N_PAGES);

  /* One image per page and no fonts at all: nothing is vector text. */
  g_assert_cmpuint (count_occurrences (pdf, "/Subtype /Image", NULL), ==, N_PAGES);
  g_assert_cmpuint (count_occurrences (pdf, "/Font", NULL), ==, 0);
  /* Grayscale, as the scanner would deliver it; RGB would triple the size. */
  g_assert_cmpuint (count_occurrences (pdf, "/DeviceGray", NULL), >=, N_PAGES);
}

static void
test_size (void)
{
  gsize len = g_bytes_get_size (shared_pdf ());

  g_test_message ("%" G_GSIZE_FORMAT " bytes for %d pages", len, N_PAGES);
  g_assert_cmpuint (len / N_PAGES, <, 400 * 1024);
}

static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) other = NULL;

  again = wb_demo_pdf_render ("居民户口簿", body_lines, N_PAGES, SEED, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, shared_pdf ()));

  other = wb_demo_pdf_render ("居民户口簿", body_lines, N_PAGES, SEED + 1, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (other, shared_pdf ()));
}

static void
test_default_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;

  pdf = wb_demo_pdf_render ("营业执照", NULL, 1, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_occurrences (pdf, "/Type /Page", "s"), ==, 1);
}

static void
test_pdfinfo_pages (void)
{
  g_autofree char *out = run_poppler_tool ("pdfinfo", NULL);
  g_auto(GStrv) lines = NULL;
  gboolean found = FALSE;

  if (out == NULL)
    return;

  /* The padding after "Pages:" is poppler's business, so compare fields. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Pages:"))
        {
          g_assert_cmpint (atoi (lines[i] + strlen ("Pages:")), ==, N_PAGES);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_no_extractable_text (void)
{
  g_autofree char *out = run_poppler_tool ("pdftotext", "-");
  GString *visible;

  if (out == NULL)
    return;

  /* Pages come out as form feeds and newlines at most. */
  visible = g_string_new (NULL);
  for (const char *p = out; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (visible, *p);

  g_assert_cmpstr (visible->str, ==, "");
  g_string_free (visible, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-pdf/structure", test_structure);
  g_test_add_func ("/demo-pdf/size", test_size);
  g_test_add_func ("/demo-pdf/deterministic", test_deterministic);
  g_test_add_func ("/demo-pdf/default-lines", test_default_lines);
  g_test_add_func ("/demo-pdf/pdfinfo-pages", test_pdfinfo_pages);
  g_test_add_func ("/demo-pdf/no-extractable-text", test_no_extractable_text);

  ret = g_test_run ();

  return ret;
}
