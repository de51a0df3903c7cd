/* wb-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wb-demo-pdf.h"
#include "wb-test-server.h"

static char *
server_binary (void)
{
  const char *build = g_getenv ("WB_BUILD_DIR");

  g_assert_nonnull (build);
  return g_build_filename (build, "src", "server", "wangban-server", NULL);
}

/* If the test dies, its server follows instead of holding the test
 * runner's pipes open until the timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
wb_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      wb_test_rm_rf (child);
    }
  g_rmdir (path);
}

/* Crash cleanup.
 *
 * A failed assertion aborts the test (a fatal g_error traps, and meson
 * ends a test that overruns with SIGTERM) without ever reaching
 * wb_test_server_stop. PR_SET_PDEATHSIG alone is not enough: the server
 * dies only once the whole test process is gone, and until then it keeps
 * the test's stdout and stderr open, so meson waits for the timeout,
 * and nobody removes its directory. Hence one handler for every test
 * program, which knows every server still running.
 *
 * The handler may run at any point, even inside malloc, so it only reads
 * this fixed table and calls kill, waitpid, fork, execlp and raise. A
 * slot's dir outlives its pid: set before it, freed after it is cleared,
 * so the handler never follows a dangling path, and a server that has
 * already been reaped is never signalled (its pid may belong to someone
 * else by then) while its directory still goes. */
typedef struct
{
  volatile pid_t pid;   /* 0: not running (or not yet) */
  char *volatile dir;   /* NULL with pid 0: free slot */
} LiveServer;

static LiveServer live_servers[8];

static void
on_fatal_signal (int signum)
{
  for (guint i = 0; i < G_N_ELEMENTS (live_servers); i++)
    if (live_servers[i].pid > 0)
      {
        kill (live_servers[i].pid, SIGKILL);
        waitpid (live_servers[i].pid, NULL, 0);
      }
  for (guint i = 0; i < G_N_ELEMENTS (live_servers); i++)
    if (live_servers[i].dir != NULL)
      {
        pid_t child = fork ();

        if (child == 0)
          {
            execlp ("rm", "rm", "-rf", "--", live_servers[i].dir, (char *) NULL);
            _exit (127);
          }
        if (child > 0)
          waitpid (child, NULL, 0);
      }
  /* The signal stays blocked until we return, then ends the process as
   * it would have without us (core dump and all). */
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
register_live_server (WbTestServer *server)
{
  /* SIGBUS too: a bad access to a mapped file (SQLite maps its
   * database) arrives as that rather than SIGSEGV. */
  static const int fatal_signals[] = { SIGABRT, SIGTRAP, SIGSEGV, SIGBUS, SIGTERM };
  static gboolean installed;
  pid_t pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (server->process), NULL, 10);

  g_assert_cmpint (pid, >, 0);
  if (!installed)
    {
      struct sigaction action = { 0 };

      action.sa_handler = on_fatal_signal;
      sigemptyset (&action.sa_mask);
      for (guint i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
        sigaction (fatal_signals[i], &action, NULL);
      installed = TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (live_servers); i++)
    if (live_servers[i].pid == 0 && live_servers[i].dir == NULL)
      {
        live_servers[i].dir = g_strdup (server->dir);
        live_servers[i].pid = pid;
        return;
      }
  g_error ("more than %u test servers at once", (guint) G_N_ELEMENTS (live_servers));
}

static LiveServer *
find_live_server (WbTestServer *server)
{
  for (guint i = 0; i < G_N_ELEMENTS (live_servers); i++)
    if (live_servers[i].dir != NULL && strcmp (live_servers[i].dir, server->dir) == 0)
      return &live_servers[i];
  return NULL;
}

void
wb_test_server_set_clock (WbTestServer *server,
                          const char   *now_iso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (now_iso == NULL)
    {
      now = g_date_time_new_now_utc ();
      text = g_date_time_format_iso8601 (now);
      now_iso = text;
    }
  g_file_set_contents (server->clock_file, now_iso, -1, &error);
  g_assert_no_error (error);
}

WbTestServer *
wb_test_server_start (const char * const *extra,
                      const char         *now_iso)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  WbTestServer *server = g_new0 (WbTestServer, 1);
  GInputStream *stdout_pipe;

  server->dir = g_dir_make_tmp ("wangban-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->clock_file = g_build_filename (server->dir, "clock", NULL);
  wb_test_server_set_clock (server, now_iso);

  g_ptr_array_add (argv, server_binary ());
  g_ptr_array_add (argv, g_strdup ("--listen=127.0.0.1:0"));
  g_ptr_array_add (argv, g_strdup_printf ("--data-dir=%s", server->dir));
  g_ptr_array_add (argv, g_strdup_printf ("--clock-file=%s", server->clock_file));
  g_ptr_array_add (argv, g_strdup ("--workers=4"));
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  /* stderr (the JSON log) goes to the test's own stderr, which meson
   * keeps in the test log. */
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  }
  g_assert_no_error (error);
  register_live_server (server);

  stdout_pipe = g_subprocess_get_stdout_pipe (server->process);
  out = g_data_input_stream_new (stdout_pipe);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line); /* the server exited before listening */
      if (g_str_has_prefix (line, "demo intake credential: "))
        server->service_token = g_strdup (line + strlen ("demo intake credential: "));
      if (g_str_has_prefix (line, "listening on "))
        {
          const char *uri = line + strlen ("listening on ");
          server->base = g_strdup_printf ("%sapi/v1", uri);
          break;
        }
    }

  server->session = soup_session_new_with_options ("timeout", 60, NULL);
  return server;
}

char *
wb_test_server_db_path (WbTestServer *server)
{
  return g_build_filename (server->dir, "wangban.db", NULL);
}

void
wb_test_server_stop (WbTestServer *server)
{
  g_autoptr(GError) error = NULL;
  LiveServer *live = find_live_server (server);

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  /* Reaped: only its directory is left for the crash handler. */
  if (live != NULL)
    live->pid = 0;
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_object_unref (server->process);
  g_object_unref (server->session);
  wb_test_rm_rf (server->dir);
  if (live != NULL)
    {
      char *dir = live->dir;

      live->dir = NULL;
      g_free (dir);
    }
  g_free (server->dir);
  g_free (server->base);
  g_free (server->clock_file);
  g_free (server->service_token);
  g_free (server);
}

void
wb_test_reply_free (WbTestReply *reply)
{
  if (reply == NULL)
    return;
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

WbTestReply *
wb_test_request_full (WbTestServer       *server,
                      const char         *method,
                      const char         *path,
                      const char         *token,
                      const char * const *headers,
                      const char         *body_type,
                      GBytes             *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *request_headers;
  WbTestReply *reply = g_new0 (WbTestReply, 1);

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_str_has_prefix (token, "Service ")
        ? g_strdup (token) : g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (request_headers, "Authorization", auth);
    }
  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, body_type ? body_type : "application/json", body);

  reply->body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  {
    gsize len;
    const char *data = g_bytes_get_data (reply->body, &len);
    g_autoptr(JsonParser) parser = json_parser_new ();

    if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
      reply->json = json_node_ref (json_parser_get_root (parser));
  }
  return reply;
}

WbTestReply *
wb_test_request (WbTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *json_body)
{
  g_autoptr(GBytes) body = json_body ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  return wb_test_request_full (server, method, path, token, NULL, NULL, body);
}

JsonObject *
wb_test_reply_object (WbTestReply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

const char *
wb_test_reply_error_code (WbTestReply *reply)
{
  JsonObject *obj, *err;

  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return NULL;
  obj = json_node_get_object (reply->json);
  if (!json_object_has_member (obj, "error"))
    return NULL;
  err = json_object_get_object_member (obj, "error");
  /* Every error carries the request id the log knows it by. */
  g_assert_true (json_object_has_member (err, "request_id"));
  g_assert_true (json_object_has_member (err, "message"));
  return json_object_get_string_member (err, "code");
}

char *
wb_test_login (WbTestServer *server,
               const char   *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                           username, WB_TEST_PASSWORD);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", "/sessions", NULL, body);

  if (reply->status != 201)
    g_error ("sign-in as %s answered %u: %.*s", username, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  return g_strdup (json_object_get_string_member (wb_test_reply_object (reply), "token"));
}

JsonObject *
wb_test_get_case (WbTestServer  *server,
                  const char    *token,
                  gint64         case_id,
                  char         **etag)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, case_id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (reply->headers, "ETag"));
  return json_object_ref (wb_test_reply_object (reply));
}

WbTestReply *
wb_test_act (WbTestServer *server,
             const char   *token,
             gint64        case_id,
             const char   *action,
             const char   *json_body)
{
  static guint counter;
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) c = wb_test_get_case (server, token, case_id, &etag);
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", case_id, action);
  g_autofree char *key = g_strdup_printf ("test-%u-%u", (guint) getpid (), g_atomic_int_add (&counter, 1));
  const char *headers[] = { "If-Match", etag, "Idempotency-Key", key, NULL };
  g_autoptr(GBytes) body = json_body ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  return wb_test_request_full (server, "POST", path, token, headers, NULL, body);
}

GBytes *
wb_test_pdf_bytes (void)
{
  static const char *lines[] = { "测试材料", NULL };
  g_autoptr(GError) error = NULL;
  GBytes *pdf = wb_demo_pdf_render ("居民户口簿", lines, 1, 7, &error);

  g_assert_no_error (error);
  return pdf;
}

gint64
wb_test_intake (WbTestServer *server,
                const char   *upstream_id,
                const char   *item_code,
                const char   *unit_code)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(GBytes) pdf = wb_test_pdf_bytes ();
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autofree char *app = g_strdup_printf (
    "{\"upstream_id\":\"%s\",\"platform\":\"辽宁政务服务网\",\"item_code\":\"%s\",\"unit_code\":\"%s\","
    "\"applicant\":{\"name\":\"欧阳娜娜\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\","
    "\"address\":\"辽宁省沈阳市和平区南京北街1号\"},"
    "\"materials\":[{\"name\":\"居民户口簿\",\"part\":\"file1\"}]}", upstream_id, item_code, unit_code);
  const char *content_type;

  json = g_bytes_new (app, strlen (app));
  soup_multipart_append_form_string (multipart, "application", app);
  soup_multipart_append_form_file (multipart, "file1", "hukou.pdf", "application/pdf", pdf);
  soup_multipart_to_message (multipart, headers, &body);
  content_type = soup_message_headers_get_one (headers, "Content-Type");

  reply = wb_test_request_full (server, "POST", "/intake/applications", server->service_token,
                                NULL, content_type, body);
  if (reply->status != 201 && reply->status != 200)
    g_error ("intake answered %u: %.*s", reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  return json_object_get_int_member (wb_test_reply_object (reply), "case_id");
}

gint64
wb_test_find_case (WbTestServer *server,
                   const char   *token,
                   const char   *query)
{
  g_autofree char *path = g_strdup_printf ("/cases?%s", query);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  if (json_array_get_length (items) == 0)
    return 0;
  return json_object_get_int_member (json_array_get_object_element (items, 0), "id");
}

void
wb_test_assert_alive (WbTestServer *server)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/health", NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
}

char *
wb_test_pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *path = NULL;
  char *out = NULL;
  int fd;

  if (program == NULL)
    {
      g_test_skip ("pdftotext not on PATH (poppler-utils)");
      return NULL;
    }
  fd = g_file_open_tmp ("wb-notice-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           program, "-enc", "UTF-8", path, "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_unlink (path);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return out;
}
