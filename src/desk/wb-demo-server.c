/* wb-demo-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>

#include "wb-demo-server.h"

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->process);
  g_clear_object (&data->out);
  g_free (data);
}

/* The server is found beside the desk in a build tree, then on PATH;
 * WANGBAN_SERVER overrides both. */
static char *
find_server (void)
{
  const char *env = g_getenv ("WANGBAN_SERVER");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL)
    return g_strdup (env);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *sibling = g_build_filename (dir, "..", "server", "wangban-server", NULL);
      g_autofree char *installed = g_build_filename (dir, "wangban-server", NULL);

      if (g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&sibling);
      if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&installed);
    }
  return g_find_program_in_path ("wangban-server");
}

/* A desk that crashes takes its demo server with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
on_line_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (line == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo server stopped before it was ready"));
      return;
    }
  if (g_str_has_prefix (line, "listening on "))
    {
      g_task_return_pointer (task, g_strdup (line + strlen ("listening on ")), g_free);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    g_data_input_stream_read_line_async (data->out, G_PRIORITY_DEFAULT, cancellable,
                                         on_line_read_cb, g_steal_pointer (&task));
  }
}

void
wb_demo_server_start_async (GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = find_server ();
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "wangban-desk", "demo-server", NULL);
  g_autofree char *data_arg = g_strdup_printf ("--data-dir=%s", data_dir);
  g_autofree char *log_path = NULL;
  StartData *data;

  g_task_set_source_tag (task, wb_demo_server_start_async);

  if (server == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The demo needs wangban-server, which is not installed"));
      return;
    }

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("Cannot create %s"), data_dir);
      return;
    }
  log_path = g_build_filename (data_dir, "server.log", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* The server's JSON log goes to a file beside its data, not the desk's
   * terminal. */
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  data = g_new0 (StartData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);
  data->process = g_subprocess_launcher_spawn (launcher, &error, server, "--demo",
                                               "--listen=127.0.0.1:0", data_arg, NULL);
  if (data->process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process));
  g_data_input_stream_read_line_async (data->out, G_PRIORITY_DEFAULT, cancellable,
                                       on_line_read_cb, g_steal_pointer (&task));
}

GSubprocess *
wb_demo_server_start_finish (GAsyncResult  *result,
                             char         **base_url,
                             GError       **error)
{
  StartData *data;
  char *url;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  url = g_task_propagate_pointer (G_TASK (result), error);
  if (url == NULL)
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  *base_url = url;
  return g_object_ref (data->process);
}

void
wb_demo_server_stop (GSubprocess *process)
{
  if (process == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  /* The server finishes requests in flight first; quit does not wait on a
   * stuck child for longer than this. */
  for (int i = 0; i < 50 && !g_subprocess_get_if_exited (process) &&
                  !g_subprocess_get_if_signaled (process); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (G_USEC_PER_SEC / 50);
    }
  if (!g_subprocess_get_if_exited (process) && !g_subprocess_get_if_signaled (process))
    g_subprocess_force_exit (process);
}
