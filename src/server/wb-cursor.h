/* wb-cursor.h: the opaque cursor of a keyset-paged list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The last row's sort value and id, opaque to clients. */
char     *wb_cursor_encode (const char  *value,
                            gint64       id);
/* FALSE for anything wb_cursor_encode() did not write. */
gboolean  wb_cursor_decode (const char  *cursor,
                            char       **value,
                            gint64      *id);

G_END_DECLS
