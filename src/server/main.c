/* main.c: wangban-server's command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "wb-admin.h"
#include "wb-auth.h"
#include "wb-demo.h"
#include "wb-log.h"
#include "wb-routes.h"
#include "wb-server.h"

#define DEMO_CASES 2000

static char *
read_password (void)
{
  const char *env = g_getenv ("WANGBAN_ADMIN_PASSWORD");
  char line[1100];

  if (env != NULL)
    return g_strdup (env);
  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  return g_strdup (g_strchomp (line));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbServer) server = NULL;
  WbServerConfig config;
  gboolean print_routes = FALSE;
  int demo_scale = 0;
  int idle = 0, lifetime = 0, workers = 0;
  char *admin = NULL, *admin_unit = NULL, *admin_unit_name = NULL, *service = NULL;
  char *listen = NULL, *db = NULL, *data_dir = NULL, *clock_file = NULL;
  char *webhook_url = NULL, *webhook_secret_file = NULL;
  int retry_base_ms = 0, retry_max_ms = 0, max_attempts = 0;
  int status;

  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port to listen on (port 0 picks one)", "ADDR:PORT" },
    { "db", 0, 0, G_OPTION_ARG_STRING, &db, "Database: a SQLite file path", "LOCATION" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Directory for the database and stored files", "DIR" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &config.demo, "Seed demo data into an empty database and accept the demo password", NULL },
    { "demo-scale", 0, 0, G_OPTION_ARG_INT, &demo_scale, "Seed N demo cases (implies --demo)", "N" },
    { "create-admin", 0, 0, G_OPTION_ARG_STRING, &admin, "Create a system administrator (password on stdin) and exit", "USERNAME" },
    { "admin-unit", 0, 0, G_OPTION_ARG_STRING, &admin_unit, "Unit code for --create-admin", "CODE" },
    { "admin-unit-name", 0, 0, G_OPTION_ARG_STRING, &admin_unit_name, "Create the unit with this name if it is missing", "NAME" },
    { "create-service", 0, 0, G_OPTION_ARG_STRING, &service, "Create an intake credential for an upstream platform, print it and exit", "NAME" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle, "End sessions idle this many seconds (default 900)", "S" },
    { "session-lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime, "End sessions this many seconds after sign-in (default 43200)", "S" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, "Worker threads (default 8)", "N" },
    { "clock-file", 0, 0, G_OPTION_ARG_FILENAME, &clock_file, "For tests: read the current time from this file", "PATH" },
    { "webhook-url", 0, 0, G_OPTION_ARG_STRING, &webhook_url, "Deliver messages to applicants by POSTing them here", "URL" },
    { "webhook-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &webhook_secret_file, "File holding the HMAC-SHA256 key that signs each webhook POST", "PATH" },
    { "webhook-retry-base-ms", 0, 0, G_OPTION_ARG_INT, &retry_base_ms, "First wait before a failed delivery is retried; doubles each time (default 30000)", "MS" },
    { "webhook-retry-max-ms", 0, 0, G_OPTION_ARG_INT, &retry_max_ms, "Longest wait between retries (default 3600000)", "MS" },
    { "webhook-max-attempts", 0, 0, G_OPTION_ARG_INT, &max_attempts, "Attempts before a message is marked failed (default 10)", "N" },
    { "print-routes", 0, 0, G_OPTION_ARG_NONE, &print_routes, "Print the API routes and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  wb_server_config_init (&config);
  wb_log_install ();

  context = g_option_context_new ("— the Wangban case server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (print_routes)
    {
      wb_routes_print ();
      return 0;
    }

  if (listen)
    {
      g_free (config.listen);
      config.listen = listen;
    }
  config.db_location = db;
  config.data_dir = data_dir;
  config.clock_file = clock_file;
  config.webhook_url = webhook_url;
  config.webhook_secret_file = webhook_secret_file;
  if (retry_base_ms < 0 || retry_max_ms < 0 || max_attempts < 0)
    {
      g_printerr ("--webhook-retry-base-ms, --webhook-retry-max-ms and --webhook-max-attempts must be positive\n");
      return 2;
    }
  if (retry_base_ms > 0)
    config.webhook_retry_base_ms = retry_base_ms;
  if (retry_max_ms > 0)
    config.webhook_retry_max_ms = retry_max_ms;
  if (max_attempts > 0)
    config.webhook_max_attempts = max_attempts;
  if (demo_scale < 0 || idle < 0 || lifetime < 0 || workers < 0 || workers > 64)
    {
      g_printerr ("Numeric options must be positive (and --workers at most 64)\n");
      return 2;
    }
  if (demo_scale > 0)
    config.demo = TRUE;
  if (idle > 0)
    config.idle_timeout_s = idle;
  if (lifetime > 0)
    config.absolute_timeout_s = lifetime;
  if (workers > 0)
    config.workers = workers;

  if (!wb_auth_init (&error) || !(server = wb_server_new (&config, &error)))
    {
      g_printerr ("wangban-server: %s\n", error->message);
      return 1;
    }
  wb_server_config_clear (&config);

  if (admin != NULL)
    {
      g_autofree char *password = read_password ();

      if (password == NULL || admin_unit == NULL)
        {
          g_printerr ("--create-admin needs --admin-unit and a password on standard input\n");
          return 2;
        }
      if (!wb_admin_create_sysadmin (server, admin, admin_unit, admin_unit_name, password, &error))
        {
          g_printerr ("wangban-server: %s\n", error->message);
          return 1;
        }
      printf ("created system administrator %s\n", admin);
      return 0;
    }

  if (service != NULL)
    {
      g_autofree char *token = wb_admin_create_service (server, service, &error);

      if (token == NULL)
        {
          g_printerr ("wangban-server: %s\n", error->message);
          return 1;
        }
      printf ("Service %s\n", token);
      return 0;
    }

  if (server->config.demo &&
      (!wb_demo_seed (server, demo_scale > 0 ? (guint) demo_scale : DEMO_CASES, &error) ||
       !wb_server_reload_units (server, &error)))
    {
      g_printerr ("wangban-server: %s\n", error->message);
      return 1;
    }

  status = wb_server_run (server, &error);
  if (error != NULL)
    g_printerr ("wangban-server: %s\n", error->message);
  return status;
}
