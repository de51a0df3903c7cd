/* wb-log.h: JSON-lines logging on stderr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void wb_log_install (void);
/* Writes one JSON object per line. Pairs of key, value strings follow the
 * message, ended by NULL; a value starting with '#' is written as a number.
 * Callers never pass personal data or secrets. */
void wb_log_event   (const char *level,
                     const char *message,
                     ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
