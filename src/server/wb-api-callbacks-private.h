/* wb-api-callbacks-private.h: what the callback handlers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-error.h"
#include "wb-store.h"

G_BEGIN_DECLS

gboolean  wb_api_callbacks_fail           (GError      **error,
                                           WbErrorCode   code,
                                           const char   *message);
/* An instant with its zone, as UTC text that sorts with the stored
 * ones; NULL when it is not one. */
char     *wb_api_callbacks_parse_instant  (const char   *text);
/* Loads the {id} callback if the caller may read its unit's cases. */
gboolean  wb_api_callbacks_load           (WbRequest    *req,
                                           WbCallback  **out,
                                           GError      **error);
/* Only the people who call: a handler or complaint handler of the unit. */
gboolean  wb_api_callbacks_require_caller (WbRequest    *req,
                                           WbCallback   *cb,
                                           GError      **error);
/* Answers with the task and its calls. */
gboolean  wb_api_callbacks_respond        (WbRequest    *req,
                                           WbResponse   *res,
                                           gint64        id,
                                           GError      **error);

G_END_DECLS
