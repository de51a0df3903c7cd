/* wb-text-dialog.h: ask for one line of text before doing something
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Called with the text, trimmed, when the user confirms. */
typedef void (*WbTextDialogDone) (GObject    *owner,
                                  const char *text);

/* A message dialog with an entry and two responses, "cancel" and
 * response_id. The confirming response is enabled only while the text
 * says something (wb_text_is_blank), the rule the server applies too.
 * done runs only while owner is alive. */
void wb_text_dialog_present (GtkWidget             *parent,
                             const char            *heading,
                             const char            *body,
                             const char            *placeholder,
                             guint                  max_chars,
                             const char            *response_id,
                             const char            *response_label,
                             AdwResponseAppearance  appearance,
                             GObject               *owner,
                             WbTextDialogDone       done);

G_END_DECLS
