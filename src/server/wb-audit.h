/* wb-audit.h: the append-only, hash-chained audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-request.h"

G_BEGIN_DECLS

typedef struct
{
  const char *actor;
  const char *peer;
  const char *action;
  const char *object;
  const char *result;      /* "ok", "denied", "failed" */
  const char *reason;
  const char *request_id;
} WbAuditRecord;

/* Appends inside the caller's write transaction. */
gboolean wb_audit_append   (WbDbConn            *conn,
                            const char          *at,
                            const WbAuditRecord *record,
                            GError             **error);
/* Appends in a transaction of its own; a failure is logged, never lost
 * silently, and never turns a served request into an error. For
 * denials and refusals, which show nothing. */
void     wb_audit_request  (WbRequest           *req,
                            const char          *action,
                            const char          *object,
                            const char          *result,
                            const char          *reason);
/* The same, but a failure (logged too) is WB_ERROR_UNAVAILABLE: a handler
 * about to show personal data must not show it unrecorded. */
gboolean wb_audit_request_checked (WbRequest    *req,
                                   const char   *action,
                                   const char   *object,
                                   const char   *result,
                                   const char   *reason,
                                   GError      **error);
/* Recomputes the chain; returns the number of rows checked, or -1 with
 * the id of the first broken row in the error. */
gint64   wb_audit_verify   (WbDbConn            *conn,
                            GError             **error);

G_END_DECLS
