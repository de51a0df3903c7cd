/* wb-json.h: reading untrusted JSON without tripping json-glib's checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The member's string, or NULL when it is absent or not a string. The
 * json-glib getters log a critical on a type mismatch, which a client
 * could otherwise trigger at will. */
const char *wb_json_string (JsonObject *obj,
                            const char *name);

G_END_DECLS
