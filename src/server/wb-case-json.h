/* wb-case-json.h: how a case looks on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-json.h"
#include "wb-statutory-clock.h"
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
/* Adds the member "pickup_slot": the booked slot, or null. */
void   wb_case_json_add_pickup_slot (WbJsonWriter *w,
                                     const WbCase *c);
char  *wb_case_etag           (const WbCase  *c);
/* The case's statutory clock on @today (wb-statutory-clock.h). FALSE only
 * when the row's receipt date is unreadable. */
gboolean wb_case_clock        (WbCalendar       *calendar,
                               const WbCase     *c,
                               const GDate      *today,
                               WbStatutoryClock *out);
/* The promised deadline as cases.deadline stores it for sorting and
 * filters: pushed by the stops that ended and by the extension, not by a
 * stop still running. */
char  *wb_case_stored_deadline (WbCalendar   *calendar,
                                const WbCase *c);
/* The applicant's supplement arrived on @today: the clock runs again.
 * Adds the working days it stood to the case, moves the stored deadline
 * and clears the stop; returns the days added. */
guint  wb_case_restart_clock  (WbCalendar    *calendar,
                               WbCase        *c,
                               const GDate   *today);
void   wb_case_respond        (WbRequest     *req,
                               WbResponse    *res,
                               const WbCase  *c,
                               guint          status);

G_END_DECLS
