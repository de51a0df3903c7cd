/* wb-demo.h: demo data for a first look and for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-server.h"

G_BEGIN_DECLS

/* Seeds units, items, one account per role in the account units, and
 * n_cases cases, into an empty database. A database that already holds
 * units is left alone. Prints the intake service token on stdout. */
gboolean wb_demo_seed (WbServer  *server,
                       guint      n_cases,
                       GError   **error);

G_END_DECLS
