/* wb-text.h: what counts as saying something
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for NULL, invalid UTF-8, or only white space, including the
 * ideographic space (U+3000) Chinese input methods type: "　" is no more
 * a reason than "". Server and desk use the same rule, so the desk never
 * offers a button the server would refuse. */
gboolean  wb_text_is_blank (const char *text);
/* A copy without leading and trailing white space of any script. */
char     *wb_text_trim     (const char *text);

G_END_DECLS
