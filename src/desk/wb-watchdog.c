/* wb-watchdog.c
 *
 * The time between leaving poll() and entering it again is the time the
 * loop spent dispatching: exactly how long the window could not react.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "wb-watchdog.h"

static GPollFunc real_poll;
static gint64 left_poll;
static gint64 threshold_us;

static gint
watched_poll (GPollFD *fds,
              guint    n_fds,
              gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint result;

  if (left_poll != 0 && now - left_poll > threshold_us)
    {
      fprintf (stderr, "{\"event\":\"slow-iteration\",\"ms\":%" G_GINT64_FORMAT "}\n",
               (now - left_poll) / 1000);
      fflush (stderr);
    }

  result = real_poll (fds, n_fds, timeout);
  left_poll = g_get_monotonic_time ();
  return result;
}

void
wb_watchdog_install (guint threshold_ms)
{
  GMainContext *context = g_main_context_default ();

  if (real_poll != NULL)
    return;
  threshold_us = (gint64) threshold_ms * 1000;
  real_poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, watched_poll);
}
