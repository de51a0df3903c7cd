/* wb-case-filter.h: the inbox filters, read from a query string
 *
 * The case list and saved filters read the same parameters the same way,
 * so a saved filter always means what the list would show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-store.h"

G_BEGIN_DECLS

typedef struct
{
  WbCaseQuery q;
  GPtrArray  *units;
  GPtrArray  *one_unit;
  GPtrArray  *states;
  GStrv       state_names;
  char       *today_iso;
  char       *soon_iso;
} WbCaseFilter;

/* Fills f->q from params (unit, state, item, assignee, due, q, sort,
 * order); the strings in f->q borrow from params and f. Paging (limit,
 * cursor) is the caller's. */
gboolean wb_case_filter_parse (WbCaseFilter  *f,
                               WbRequest     *req,
                               GHashTable    *params,
                               GError       **error);
void     wb_case_filter_clear (WbCaseFilter  *f);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WbCaseFilter, wb_case_filter_clear)

G_END_DECLS
