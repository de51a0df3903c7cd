/* wb-routes.h: the API's route table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-request.h"

G_BEGIN_DECLS

typedef enum
{
  WB_AUTH_NONE,
  WB_AUTH_USER,
  WB_AUTH_SERVICE,
} WbAuthKind;

typedef struct
{
  const char *method;
  const char *pattern;     /* segments in braces capture one path segment */
  WbAuthKind  auth;
  gboolean    large_body;  /* material uploads and intake */
  WbHandler   handler;
} WbRoute;

/* Returns the route for method and path, filling params. When the path
 * exists under another method, *path_known is set so the caller answers
 * 405 rather than 404. */
const WbRoute *wb_routes_match  (const char  *method,
                                 const char  *path,
                                 GHashTable **params,
                                 gboolean    *path_known);
void           wb_routes_print  (void);

G_END_DECLS
