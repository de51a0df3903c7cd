/* wb-store-catalog.c: units and the versioned item catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

gboolean
wb_store_unit_insert (WbDbConn    *conn,
                      const char  *code,
                      const char  *name,
                      int          level,
                      const char  *parent,
                      GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO units (code, name, level, parent_code) VALUES ($1, $2, $3, $4)", error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, code);
  wb_db_bind_text (s, 2, name);
  wb_db_bind_int (s, 3, level);
  wb_db_bind_text (s, 4, parent);
  return wb_store_run (s, error);
}

gboolean
wb_store_item_insert (WbDbConn    *conn,
                      JsonObject  *item,
                      const char  *now,
                      GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO items (code, version, name, area, legal_basis, guide, promised_days, fee_fen, "
    "fee_note, delivery_options, materials, published_at, refusal_grounds) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", error);
  g_autoptr(JsonNode) materials = NULL;
  g_autoptr(JsonNode) delivery = NULL;
  g_autoptr(JsonNode) grounds = NULL;
  g_autofree char *materials_text = NULL;
  g_autofree char *delivery_text = NULL;
  g_autofree char *grounds_text = NULL;

  if (s == NULL)
    return FALSE;
  materials = json_node_copy (json_object_get_member (item, "materials"));
  delivery = json_node_copy (json_object_get_member (item, "delivery_options"));
  materials_text = json_to_string (materials, FALSE);
  delivery_text = json_to_string (delivery, FALSE);
  /* An item published without its own grounds offers none to choose
   * from; the handler then writes the basis in. */
  if (json_object_has_member (item, "refusal_grounds"))
    grounds = json_node_copy (json_object_get_member (item, "refusal_grounds"));
  else
    grounds = json_node_init_array (json_node_alloc (), json_array_new ());
  grounds_text = json_to_string (grounds, FALSE);

  wb_db_bind_text (s, 1, json_object_get_string_member (item, "code"));
  wb_db_bind_int (s, 2, json_object_get_int_member_with_default (item, "version", 1));
  wb_db_bind_text (s, 3, json_object_get_string_member (item, "name"));
  wb_db_bind_text (s, 4, json_object_get_string_member (item, "area"));
  wb_db_bind_text (s, 5, json_object_get_string_member (item, "legal_basis"));
  wb_db_bind_text (s, 6, json_object_get_string_member (item, "guide"));
  wb_db_bind_int (s, 7, json_object_get_int_member (item, "promised_days"));
  wb_db_bind_int (s, 8, json_object_get_int_member_with_default (item, "fee_fen", 0));
  wb_db_bind_text (s, 9, json_object_get_string_member_with_default (item, "fee_note", ""));
  wb_db_bind_text (s, 10, delivery_text);
  wb_db_bind_text (s, 11, materials_text);
  wb_db_bind_text (s, 12, now);
  wb_db_bind_text (s, 13, grounds_text);
  return wb_store_run (s, error);
}

JsonNode *
wb_store_items_json (WbDbConn    *conn,
                     const char  *code,
                     gboolean     all_versions,
                     GError     **error)
{
  static const char * const names[] = { "code", "version", "name", "area", "legal_basis", "guide",
                                        "promised_days", "fee_fen", "fee_note", "delivery_options",
                                        "materials", "published_at", "refusal_grounds", NULL };
  g_autoptr(WbDbStmt) s = NULL;

  if (all_versions)
    s = wb_db_prepare (conn,
                       "SELECT code, version, name, area, legal_basis, guide, promised_days, fee_fen, "
                       "fee_note, delivery_options, materials, published_at, refusal_grounds "
                       "FROM items WHERE code = $1 ORDER BY version DESC", error);
  else
    s = wb_db_prepare (conn,
                       "SELECT code, version, name, area, legal_basis, guide, promised_days, fee_fen, "
                       "fee_note, delivery_options, materials, published_at, refusal_grounds "
                       "FROM items i "
                       "WHERE version = (SELECT MAX(version) FROM items j WHERE j.code = i.code) "
                       "ORDER BY area, code", error);
  if (s == NULL)
    return NULL;
  if (all_versions)
    wb_db_bind_text (s, 1, code);
  return wb_store_rows_json (s, names, "sissssiisjjsj", error);
}

gboolean
wb_store_item_latest (WbDbConn    *conn,
                      const char  *code,
                      gint64      *version,
                      char       **name,
                      gint64      *promised_days,
                      GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT version, name, promised_days FROM items WHERE code = $1 ORDER BY version DESC LIMIT 1",
    error);
  GError *local_error = NULL;

  *version = 0;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, code);
  if (wb_db_step (s, &local_error))
    {
      *version = wb_db_col_int (s, 0);
      *name = wb_store_dup_col (s, 1);
      *promised_days = wb_db_col_int (s, 2);
    }
  return wb_store_finish (local_error, error);
}

JsonNode *
wb_store_item_materials (WbDbConn    *conn,
                         const char  *code,
                         gint64       version,
                         GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT materials FROM items WHERE code = $1 AND version = $2", error);
  GError *local_error = NULL;
  JsonNode *node = NULL;

  if (s == NULL)
    return NULL;
  wb_db_bind_text (s, 1, code);
  wb_db_bind_int (s, 2, version);
  if (wb_db_step (s, &local_error))
    node = json_from_string (wb_db_col_text (s, 0), NULL);
  if (!wb_store_finish (local_error, error))
    return NULL;
  if (node == NULL)
    node = json_node_init_array (json_node_alloc (), json_array_new ());
  return node;
}

/* The item's own legal basis, which a decision to grant cites. */
gboolean
wb_store_item_basis (WbDbConn    *conn,
                     const char  *code,
                     gint64       version,
                     char       **basis,
                     GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT legal_basis FROM items WHERE code = $1 AND version = $2", error);
  GError *local_error = NULL;

  *basis = NULL;
  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, code);
  wb_db_bind_int (s, 2, version);
  if (wb_db_step (s, &local_error))
    *basis = wb_store_dup_col (s, 0);
  return wb_store_finish (local_error, error);
}
