/* wb-handler-picker.h: a button that lists the unit's handlers to pick one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wb-context.h"

G_BEGIN_DECLS

#define WB_TYPE_HANDLER_PICKER (wb_handler_picker_get_type ())
G_DECLARE_FINAL_TYPE (WbHandlerPicker, wb_handler_picker, WB, HANDLER_PICKER, AdwBin)

/* Emits ::picked (username) when a handler is chosen. The list is asked
 * of the server each time it opens, so it is never stale. */
GtkWidget *wb_handler_picker_new   (WbContext       *context,
                                    const char      *label);
void       wb_handler_picker_popup (WbHandlerPicker *self);

G_END_DECLS
