/* wb-secret.c: one secret per server holds {"username","token"}; the
 * password itself is never stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "wb-json.h"
#include "wb-secret.h"

static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    "io.github.wangban.Desk.Session", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
wb_secret_store_async (const char          *server,
                       const char          *username,
                       const char          *token,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *value = NULL;
  g_autofree char *label = g_strdup_printf (_("Wangban session on %s"), server);

  g_task_set_source_tag (task, wb_secret_store_async);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  value = json_to_string (root, FALSE);

  secret_password_store (session_schema (), SECRET_COLLECTION_DEFAULT, label, value,
                         cancellable, on_stored_cb, task, "server", server, NULL);
}

gboolean
wb_secret_store_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char *token;
  char *username;
} Found;

static void
found_free (Found *found)
{
  g_free (found->token);
  g_free (found->username);
  g_free (found);
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autofree char *value = secret_password_lookup_finish (result, &error);
  g_autoptr(JsonNode) node = NULL;
  Found *found = g_new0 (Found, 1);

  if (error != NULL)
    {
      found_free (found);
      g_task_return_error (task, error);
      return;
    }
  if (value != NULL && (node = json_from_string (value, NULL)) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      found->token = g_strdup (wb_json_string (obj, "token"));
      found->username = g_strdup (wb_json_string (obj, "username"));
    }
  g_task_return_pointer (task, found, (GDestroyNotify) found_free);
}

void
wb_secret_lookup_async (const char          *server,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, wb_secret_lookup_async);
  secret_password_lookup (session_schema (), cancellable, on_looked_up_cb, task,
                          "server", server, NULL);
}

char *
wb_secret_lookup_finish (GAsyncResult  *result,
                         char         **username,
                         GError       **error)
{
  Found *found = g_task_propagate_pointer (G_TASK (result), error);
  char *token;

  if (found == NULL)
    return NULL;
  token = g_steal_pointer (&found->token);
  if (username != NULL)
    *username = g_steal_pointer (&found->username);
  found_free (found);
  return token;
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
wb_secret_clear_async (const char          *server,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, wb_secret_clear_async);
  secret_password_clear (session_schema (), cancellable, on_cleared_cb, task,
                         "server", server, NULL);
}

gboolean
wb_secret_clear_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
