/* wb-watchdog.h: reports main-loop iterations that run too long
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every iteration of the default main context that works (outside its
 * poll) for longer than threshold_ms prints a JSON line on stderr:
 * {"event":"slow-iteration","ms":N}. */
void wb_watchdog_install (guint threshold_ms);

G_END_DECLS
