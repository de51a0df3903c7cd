/* wb-units.h: the three-level unit tree, held in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "wb-db.h"

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *name;
  int   level;        /* 1 province, 2 city, 3 district or county */
  char *parent_code;
} WbUnit;

typedef struct _WbUnits WbUnits;

WbUnits      *wb_units_load         (WbDbConn    *conn,
                                     GError     **error);
void          wb_units_free         (WbUnits     *units);
const WbUnit *wb_units_get          (WbUnits     *units,
                                     const char  *code);
/* TRUE if code is ancestor itself or lies below it. */
gboolean      wb_units_within       (WbUnits     *units,
                                     const char  *code,
                                     const char  *ancestor);
/* Every unit code, tree order: each unit before its children. */
GPtrArray    *wb_units_all          (WbUnits     *units);

G_END_DECLS
