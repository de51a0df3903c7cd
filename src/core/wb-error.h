/* wb-error.h: the one error domain shared by server and desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WB_ERROR (wb_error_quark ())

/* Each code maps to exactly one HTTP status, so a GError raised deep in the
 * store or the rules reaches the client with the right status and a stable
 * machine-readable code. */
typedef enum
{
  WB_ERROR_INVALID,               /* 400 */
  WB_ERROR_UNAUTHORIZED,          /* 401 */
  WB_ERROR_FORBIDDEN,             /* 403 */
  WB_ERROR_NOT_FOUND,             /* 404 */
  WB_ERROR_METHOD_NOT_ALLOWED,    /* 405 */
  WB_ERROR_CONFLICT,              /* 409 */
  WB_ERROR_LENGTH_REQUIRED,       /* 411 */
  WB_ERROR_PRECONDITION_FAILED,   /* 412 */
  WB_ERROR_TOO_LARGE,             /* 413 */
  WB_ERROR_UNSUPPORTED_MEDIA,     /* 415 */
  WB_ERROR_RANGE,                 /* 416 */
  WB_ERROR_UNPROCESSABLE,         /* 422 */
  WB_ERROR_LOCKED,                /* 423 */
  WB_ERROR_PRECONDITION_REQUIRED, /* 428 */
  WB_ERROR_HEADERS_TOO_LARGE,     /* 431 */
  WB_ERROR_INTERNAL,              /* 500 */
  WB_ERROR_UNAVAILABLE,           /* 503 */
  WB_ERROR_TOO_MANY_REQUESTS,     /* 429 */
} WbErrorCode;

GQuark      wb_error_quark        (void);
guint       wb_error_http_status  (WbErrorCode code);
const char *wb_error_code_name    (WbErrorCode code);
/* The code for an HTTP answer: by the server's code name when it sent one,
 * else by the status. */
WbErrorCode wb_error_from_http    (guint       status,
                                   const char *code_name);

G_END_DECLS
