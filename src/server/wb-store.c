/* wb-store.c: migrations, sessions, credentials and users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-store-private.h"

static const char *migrations[] = {
  "0001-init.sql",
  "0002-saved-filters.sql",
  "0003-material-reviews.sql",
  "0004-material-rotation.sql",
  "0005-notices.sql",
  "0006-outbox.sql",
  "0007-clock.sql",
  "0008-list-order-indexes.sql",
  "0009-callbacks.sql",
  "0010-delivery.sql",
  "0011-stopped-clocks-sort-last.sql",
};

gboolean
wb_store_finish (GError  *local_error,
                 GError **error)
{
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
wb_store_run (WbDbStmt  *stmt,
              GError   **error)
{
  GError *local_error = NULL;

  wb_db_step (stmt, &local_error);
  return wb_store_finish (local_error, error);
}

char *
wb_store_dup_col (WbDbStmt *stmt,
                  guint     col)
{
  return g_strdup (wb_db_col_text (stmt, col));
}

JsonNode *
wb_store_rows_json (WbDbStmt           *stmt,
                    const char * const *names,
                    const char         *kinds,
                    GError            **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GError *local_error = NULL;

  json_builder_begin_array (b);
  while (wb_db_step (stmt, &local_error))
    {
      json_builder_begin_object (b);
      for (guint i = 0; names[i] != NULL; i++)
        {
          json_builder_set_member_name (b, names[i]);
          if (wb_db_col_is_null (stmt, i))
            {
              json_builder_add_null_value (b);
              continue;
            }
          switch (kinds[i])
            {
            case 'i':
              json_builder_add_int_value (b, wb_db_col_int (stmt, i));
              break;
            case 'b':
              json_builder_add_boolean_value (b, wb_db_col_int (stmt, i) != 0);
              break;
            case 'j':
              {
                JsonNode *node = json_from_string (wb_db_col_text (stmt, i), NULL);
                if (node == NULL)
                  node = json_node_new (JSON_NODE_NULL);
                json_builder_add_value (b, node);
              }
              break;
            default:
              json_builder_add_string_value (b, wb_db_col_text (stmt, i));
              break;
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (!wb_store_finish (local_error, error))
    return NULL;
  return json_builder_get_root (b);
}

/* A migration's version is the number its file name starts with. */
static int
migration_version (const char *name)
{
  return (int) g_ascii_strtoll (name, NULL, 10);
}

static gboolean
applied_versions (WbDbConn    *conn,
                  GHashTable  *out,
                  GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn, "SELECT version FROM schema_version", error);
  GError *local_error = NULL;

  if (stmt == NULL)
    return FALSE;
  while (wb_db_step (stmt, &local_error))
    g_hash_table_add (out, GINT_TO_POINTER ((int) wb_db_col_int (stmt, 0)));
  return wb_store_finish (local_error, error);
}

/* schema_version holds one row per applied migration. Engineers add
 * migrations side by side, so 0010 may reach a database before 0009:
 * every listed migration whose number has no row runs, in list order,
 * rather than only those above the highest number. */
gboolean
wb_store_migrate (WbDbConn  *conn,
                  GError   **error)
{
  g_autoptr(GHashTable) applied = g_hash_table_new (NULL, NULL);
  GError *local_error = NULL;
  int current = wb_db_schema_version (conn, error);

  if (current < 0)
    return FALSE;

  if (current > migration_version (migrations[G_N_ELEMENTS (migrations) - 1]))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_UNAVAILABLE,
                   "The database schema (version %d) is newer than this server knows", current);
      return FALSE;
    }
  if (!applied_versions (conn, applied, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      int version = migration_version (migrations[i]);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) sql = NULL;
      g_autofree char *text = NULL;

      if (g_hash_table_contains (applied, GINT_TO_POINTER (version)))
        continue;

      path = g_strdup_printf ("/io/github/wangban/server/sql/sqlite/%s", migrations[i]);
      /* A migration listed before its file is in the tree is skipped
       * until it arrives; it runs then, whatever ran after it. */
      if (!(sql = g_resources_lookup_data (path, 0, &local_error)))
        {
          if (g_error_matches (local_error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND))
            {
              g_clear_error (&local_error);
              continue;
            }
          g_propagate_error (error, local_error);
          return FALSE;
        }
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));

      /* Each migration and its version stamp commit together or not at all. */
      if (!wb_db_begin_write (conn, error))
        return FALSE;
      if (!wb_db_exec (conn, text, error) ||
          !wb_db_set_schema_version (conn, version, error) ||
          !wb_db_commit (conn, error))
        {
          wb_db_rollback (conn);
          g_prefix_error (error, "Migration %s failed: ", migrations[i]);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
wb_store_count (WbDbConn    *conn,
                const char  *table,
                gint64      *out,
                GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(WbDbStmt) stmt = NULL;
  GError *local_error = NULL;
  static const char *known[] = { "units", "users", "items", "cases", "audit", "events", "materials", NULL };

  /* The table name cannot be a parameter; allow only our own tables. */
  g_return_val_if_fail (g_strv_contains (known, table), FALSE);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  if (!(stmt = wb_db_prepare (conn, sql, error)))
    return FALSE;
  *out = 0;
  if (wb_db_step (stmt, &local_error))
    *out = wb_db_col_int (stmt, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_session_create (WbDbConn    *conn,
                         const char  *hash,
                         gint64       user_id,
                         const char  *now,
                         const char  *peer,
                         GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, peer) "
    "VALUES ($1, $2, $3, $3, $4)", error);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, hash);
  wb_db_bind_int (stmt, 2, user_id);
  wb_db_bind_text (stmt, 3, now);
  wb_db_bind_text (stmt, 4, peer);
  return wb_store_run (stmt, error);
}

#define USER_COLUMNS "u.id, u.username, u.display_name, u.unit_code, u.roles, u.is_demo"

static WbUser *
user_from_row (WbDbStmt *stmt,
               guint     first)
{
  WbUser *user = g_new0 (WbUser, 1);

  user->id = wb_db_col_int (stmt, first);
  user->username = wb_store_dup_col (stmt, first + 1);
  user->display_name = wb_store_dup_col (stmt, first + 2);
  user->unit_code = wb_store_dup_col (stmt, first + 3);
  if (!wb_roles_parse (wb_db_col_text (stmt, first + 4), &user->roles, NULL))
    user->roles = 0;
  user->is_demo = wb_db_col_int (stmt, first + 5) != 0;
  return user;
}

gboolean
wb_store_session_lookup (WbDbConn    *conn,
                         const char  *hash,
                         WbUser     **user,
                         char       **created_at,
                         char       **last_seen,
                         GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT " USER_COLUMNS ", s.created_at, s.last_seen_at "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = $1 AND u.disabled = 0", error);
  GError *local_error = NULL;

  *user = NULL;
  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, hash);
  if (wb_db_step (stmt, &local_error))
    {
      *user = user_from_row (stmt, 0);
      *created_at = wb_store_dup_col (stmt, 6);
      *last_seen = wb_store_dup_col (stmt, 7);
    }
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_session_touch (WbDbConn    *conn,
                        const char  *hash,
                        const char  *now,
                        GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", error);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, hash);
  wb_db_bind_text (stmt, 2, now);
  return wb_store_run (stmt, error);
}

gboolean
wb_store_session_delete (WbDbConn    *conn,
                         const char  *hash,
                         GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "DELETE FROM sessions WHERE token_hash = $1", error);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, hash);
  return wb_store_run (stmt, error);
}

gboolean
wb_store_service_create (WbDbConn    *conn,
                         const char  *name,
                         const char  *hash,
                         const char  *now,
                         GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "INSERT INTO service_credentials (name, token_hash, created_at) VALUES ($1, $2, $3)", error);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, name);
  wb_db_bind_text (stmt, 2, hash);
  wb_db_bind_text (stmt, 3, now);
  return wb_store_run (stmt, error);
}

gboolean
wb_store_service_lookup (WbDbConn    *conn,
                         const char  *hash,
                         char       **name,
                         GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT name FROM service_credentials WHERE token_hash = $1", error);
  GError *local_error = NULL;

  *name = NULL;
  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, hash);
  if (wb_db_step (stmt, &local_error))
    *name = wb_store_dup_col (stmt, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_user_for_login (WbDbConn    *conn,
                         const char  *username,
                         WbUser     **user,
                         char       **password_hash,
                         char       **locked_until,
                         gboolean    *disabled,
                         GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT " USER_COLUMNS ", u.password_hash, u.locked_until, u.disabled "
    "FROM users u WHERE u.username = $1", error);
  GError *local_error = NULL;

  *user = NULL;
  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, username);
  if (wb_db_step (stmt, &local_error))
    {
      *user = user_from_row (stmt, 0);
      *password_hash = wb_store_dup_col (stmt, 6);
      *locked_until = wb_store_dup_col (stmt, 7);
      *disabled = wb_db_col_int (stmt, 8) != 0;
    }
  return wb_store_finish (local_error, error);
}

static gboolean
user_query (WbDbConn    *conn,
            const char  *sql,
            gint64       id,
            const char  *name,
            WbUser     **user,
            GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn, sql, error);
  GError *local_error = NULL;

  *user = NULL;
  if (stmt == NULL)
    return FALSE;
  if (name != NULL)
    wb_db_bind_text (stmt, 1, name);
  else
    wb_db_bind_int (stmt, 1, id);
  if (wb_db_step (stmt, &local_error))
    *user = user_from_row (stmt, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_user_get (WbDbConn  *conn,
                   gint64     id,
                   WbUser   **user,
                   GError   **error)
{
  return user_query (conn, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = $1",
                     id, NULL, user, error);
}

gboolean
wb_store_user_by_name (WbDbConn    *conn,
                       const char  *username,
                       WbUser     **user,
                       GError     **error)
{
  return user_query (conn, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = $1",
                     0, username, user, error);
}

gboolean
wb_store_user_insert (WbDbConn    *conn,
                      const char  *username,
                      const char  *display_name,
                      const char  *unit_code,
                      WbRoles      roles,
                      const char  *password_hash,
                      gboolean     is_demo,
                      const char  *now,
                      gint64      *out_id,
                      GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "INSERT INTO users (username, display_name, unit_code, roles, password_hash, is_demo, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);
  g_autofree char *role_text = wb_roles_to_string (roles);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_text (stmt, 1, username);
  wb_db_bind_text (stmt, 2, display_name);
  wb_db_bind_text (stmt, 3, unit_code);
  wb_db_bind_text (stmt, 4, role_text);
  wb_db_bind_text (stmt, 5, password_hash);
  wb_db_bind_int (stmt, 6, is_demo);
  wb_db_bind_text (stmt, 7, now);
  if (!wb_store_run (stmt, error))
    return FALSE;
  if (out_id)
    *out_id = wb_db_last_insert_id (conn);
  return TRUE;
}

gboolean
wb_store_user_set_roles (WbDbConn  *conn,
                         gint64     id,
                         WbRoles    roles,
                         GError   **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "UPDATE users SET roles = $2 WHERE id = $1", error);
  g_autofree char *role_text = wb_roles_to_string (roles);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_int (stmt, 1, id);
  wb_db_bind_text (stmt, 2, role_text);
  return wb_store_run (stmt, error);
}

gboolean
wb_store_users_in_units (WbDbConn   *conn,
                         GPtrArray  *units,
                         WbRoles     with_role,
                         GPtrArray **out_users,
                         GError    **error)
{
  g_autoptr(WbDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) wb_user_free);
  GError *local_error = NULL;

  if (!(stmt = wb_db_prepare (conn,
                              "SELECT " USER_COLUMNS " FROM users u WHERE u.disabled = 0 "
                              "ORDER BY u.unit_code, u.username", error)))
    return FALSE;

  /* Few enough users per server that filtering here keeps the SQL simple
   * and the unit list out of the statement text. */
  while (wb_db_step (stmt, &local_error))
    {
      WbUser *user = user_from_row (stmt, 0);

      if ((units == NULL || g_ptr_array_find_with_equal_func (units, user->unit_code, g_str_equal, NULL)) &&
          (with_role == 0 || (user->roles & with_role)))
        g_ptr_array_add (users, user);
      else
        wb_user_free (user);
    }
  if (!wb_store_finish (local_error, error))
    return FALSE;
  *out_users = g_steal_pointer (&users);
  return TRUE;
}

gboolean
wb_store_login_failed (WbDbConn    *conn,
                       gint64       user_id,
                       const char  *now,
                       const char  *window_start,
                       gint64      *failures,
                       GError     **error)
{
  g_autoptr(WbDbStmt) insert = NULL;
  g_autoptr(WbDbStmt) count = NULL;
  GError *local_error = NULL;

  if (!(insert = wb_db_prepare (conn, "INSERT INTO login_failures (user_id, at) VALUES ($1, $2)", error)))
    return FALSE;
  wb_db_bind_int (insert, 1, user_id);
  wb_db_bind_text (insert, 2, now);
  if (!wb_store_run (insert, error))
    return FALSE;

  if (!(count = wb_db_prepare (conn,
                               "SELECT COUNT(*) FROM login_failures WHERE user_id = $1 AND at > $2",
                               error)))
    return FALSE;
  wb_db_bind_int (count, 1, user_id);
  wb_db_bind_text (count, 2, window_start);
  *failures = 0;
  if (wb_db_step (count, &local_error))
    *failures = wb_db_col_int (count, 0);
  return wb_store_finish (local_error, error);
}

gboolean
wb_store_login_succeeded (WbDbConn  *conn,
                          gint64     user_id,
                          GError   **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "DELETE FROM login_failures WHERE user_id = $1", error);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_int (stmt, 1, user_id);
  return wb_store_run (stmt, error);
}

gboolean
wb_store_user_lock (WbDbConn    *conn,
                    gint64       user_id,
                    const char  *until,
                    GError     **error)
{
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "UPDATE users SET locked_until = $2 WHERE id = $1", error);

  if (stmt == NULL)
    return FALSE;
  wb_db_bind_int (stmt, 1, user_id);
  wb_db_bind_text (stmt, 2, until);
  return wb_store_run (stmt, error);
}

JsonNode *
wb_store_audit_json (WbDbConn  *conn,
                     gint64     before_id,
                     guint      limit,
                     GError   **error)
{
  static const char * const names[] = { "id", "at", "actor", "peer", "action", "object",
                                        "result", "reason", "request_id", "hash", NULL };
  g_autoptr(WbDbStmt) stmt = wb_db_prepare (conn,
    "SELECT id, at, actor, peer, action, object, result, reason, request_id, hash "
    "FROM audit WHERE id < $1 ORDER BY id DESC LIMIT $2", error);

  if (stmt == NULL)
    return NULL;
  wb_db_bind_int (stmt, 1, before_id > 0 ? before_id : G_MAXINT64);
  wb_db_bind_int (stmt, 2, limit);
  return wb_store_rows_json (stmt, names, "isssssssss", error);
}

typedef struct
{
  const char *text;     /* NULL for a number */
  gint64      value;
} SqlParam;

struct _WbSqlParams
{
  GArray *values;       /* SqlParam */
};

WbSqlParams *
wb_sql_params_new (void)
{
  WbSqlParams *params = g_new0 (WbSqlParams, 1);

  params->values = g_array_new (FALSE, TRUE, sizeof (SqlParam));
  return params;
}

void
wb_sql_params_free (WbSqlParams *params)
{
  if (params == NULL)
    return;
  g_array_unref (params->values);
  g_free (params);
}

guint
wb_sql_param_text (WbSqlParams *params,
                   const char  *text)
{
  SqlParam param = { text, 0 };

  g_return_val_if_fail (text != NULL, 0);
  g_array_append_val (params->values, param);
  return params->values->len;
}

guint
wb_sql_param_int (WbSqlParams *params,
                  gint64       value)
{
  SqlParam param = { NULL, value };

  g_array_append_val (params->values, param);
  return params->values->len;
}

void
wb_sql_params_in (WbSqlParams *params,
                  GString     *sql,
                  const char  *column,
                  GPtrArray   *values)
{
  g_string_append_printf (sql, " AND %s IN (", column);
  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (sql, "%s$%u", i ? ", " : "", wb_sql_param_text (params, values->pdata[i]));
  if (values->len == 0)
    g_string_append (sql, "NULL");
  g_string_append (sql, ")");
}

void
wb_sql_params_bind (WbSqlParams *params,
                    WbDbStmt    *stmt)
{
  for (guint i = 0; i < params->values->len; i++)
    {
      const SqlParam *param = &g_array_index (params->values, SqlParam, i);

      if (param->text != NULL)
        wb_db_bind_text (stmt, i + 1, param->text);
      else
        wb_db_bind_int (stmt, i + 1, param->value);
    }
}
