/* wb-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-error.h"

G_DEFINE_QUARK (wb-error-quark, wb_error)

static const struct {
  guint status;
  const char *name;
} error_table[] = {
  [WB_ERROR_INVALID]               = { 400, "invalid_request" },
  [WB_ERROR_UNAUTHORIZED]          = { 401, "unauthorized" },
  [WB_ERROR_FORBIDDEN]             = { 403, "forbidden" },
  [WB_ERROR_NOT_FOUND]             = { 404, "not_found" },
  [WB_ERROR_METHOD_NOT_ALLOWED]    = { 405, "method_not_allowed" },
  [WB_ERROR_CONFLICT]              = { 409, "conflict" },
  [WB_ERROR_LENGTH_REQUIRED]       = { 411, "length_required" },
  [WB_ERROR_PRECONDITION_FAILED]   = { 412, "precondition_failed" },
  [WB_ERROR_TOO_LARGE]             = { 413, "payload_too_large" },
  [WB_ERROR_UNSUPPORTED_MEDIA]     = { 415, "unsupported_media_type" },
  [WB_ERROR_RANGE]                 = { 416, "range_not_satisfiable" },
  [WB_ERROR_UNPROCESSABLE]         = { 422, "unprocessable" },
  [WB_ERROR_LOCKED]                = { 423, "account_locked" },
  [WB_ERROR_PRECONDITION_REQUIRED] = { 428, "precondition_required" },
  [WB_ERROR_HEADERS_TOO_LARGE]     = { 431, "headers_too_large" },
  [WB_ERROR_INTERNAL]              = { 500, "internal_error" },
  [WB_ERROR_UNAVAILABLE]           = { 503, "unavailable" },
  [WB_ERROR_TOO_MANY_REQUESTS]     = { 429, "too_many_requests" },
};

guint
wb_error_http_status (WbErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_table))
    return 500;
  return error_table[code].status;
}

const char *
wb_error_code_name (WbErrorCode code)
{
  if ((guint) code >= G_N_ELEMENTS (error_table))
    return "internal_error";
  return error_table[code].name;
}

WbErrorCode
wb_error_from_http (guint       status,
                    const char *code_name)
{
  if (code_name != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
      if (error_table[i].name != NULL && g_str_equal (error_table[i].name, code_name))
        return i;

  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].status == status)
      return i;

  return status >= 500 ? WB_ERROR_INTERNAL : WB_ERROR_INVALID;
}
