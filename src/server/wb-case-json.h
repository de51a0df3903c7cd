/* wb-case-json.h: how a case looks on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-json.h"
#include "wb-store.h"

G_BEGIN_DECLS

void   wb_case_facts_for      (WbRequest     *req,
                               const WbCase  *c,
                               WbCaseFacts   *facts);
/* Adds the case as one JSON object to b. Personal data is always masked
 * here; clear values leave only through the reveal endpoint. */
void   wb_case_json_add       (WbJsonWriter  *w,
                               WbRequest     *req,
                               const WbCase  *c,
                               gboolean       detail);
char  *wb_case_etag           (const WbCase  *c);
void   wb_case_respond        (WbRequest     *req,
                               WbResponse    *res,
                               const WbCase  *c,
                               guint          status);

G_END_DECLS
