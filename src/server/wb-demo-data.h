/* wb-demo-data.h: the fixed tables behind --demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *code;
  const char *name;
  int         level;
  const char *parent;
} WbDemoUnit;

typedef struct
{
  const char *code;
  const char *name;
  const char *area;
  const char *legal_basis;
  const char *guide;
  int         promised_days;
  int         fee_fen;
  const char *fee_note;
  const char *delivery;          /* "mail,window" */
  const char *materials[5];      /* NULL-terminated */
  /* What a refusal may cite, offered to the handler; NULL-terminated. */
  const char *refusal_grounds[5];
} WbDemoItem;

extern const WbDemoUnit wb_demo_units[];
extern const guint      wb_demo_n_units;
extern const WbDemoItem wb_demo_items[];
extern const guint      wb_demo_n_items;
/* Units that get one account per role. */
extern const char * const wb_demo_account_units[];
extern const char * const wb_demo_surnames[];
extern const char * const wb_demo_given[];
extern const char * const wb_demo_streets[];

G_END_DECLS
