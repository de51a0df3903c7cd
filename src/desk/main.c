/* main.c: wangban-desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "wb-application.h"
#include "wb-context.h"
#include "wb-watchdog.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WbApplication) app = NULL;

  /* Starts the clock the WANGBAN_TRACE milestones are measured from. */
  wb_context_trace ("startup");

  setlocale (LC_ALL, "");
  /* WANGBAN_LOCALEDIR lets the desk run from a build tree in Chinese. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("WANGBAN_LOCALEDIR") ? g_getenv ("WANGBAN_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Debug builds watch the main loop; WANGBAN_WATCHDOG=MS sets or forces
   * the threshold in any build. */
  {
    const char *env = g_getenv ("WANGBAN_WATCHDOG");
    guint threshold = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 0;

#ifdef WB_DEBUG_BUILD
    if (threshold == 0)
      threshold = 50;
#endif
    if (threshold > 0)
      wb_watchdog_install (threshold);
  }

  app = wb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
