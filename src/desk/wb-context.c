/* wb-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "wb-context.h"
#include "wb-json.h"

struct _WbContext
{
  GObject      parent_instance;

  WbApiClient *client;
  WbChangeFeed *feed;
  JsonObject  *user;
  WbRoles      roles;
};

G_DEFINE_FINAL_TYPE (WbContext, wb_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_USER,
  N_PROPS
};

enum {
  ERROR,
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
wb_context_dispose (GObject *object)
{
  WbContext *self = (WbContext *) object;

  if (self->feed != NULL)
    wb_change_feed_stop (self->feed);
  g_clear_object (&self->feed);
  g_clear_object (&self->client);
  g_clear_pointer (&self->user, json_object_unref);

  G_OBJECT_CLASS (wb_context_parent_class)->dispose (object);
}

static void
wb_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WbContext *self = WB_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_USER:
      g_value_set_boxed (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WbContext *self = WB_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_USER:
      wb_context_set_user (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_context_class_init (WbContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wb_context_dispose;
  object_class->get_property = wb_context_get_property;
  object_class->set_property = wb_context_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, WB_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_boxed ("user", NULL, NULL, JSON_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wb_context_init (WbContext *self)
{
}

WbContext *
wb_context_new (WbApiClient *client)
{
  return g_object_new (WB_TYPE_CONTEXT, "client", client, NULL);
}

WbApiClient *
wb_context_get_client (WbContext *self)
{
  g_return_val_if_fail (WB_IS_CONTEXT (self), NULL);
  return self->client;
}

WbChangeFeed *
wb_context_get_feed (WbContext *self)
{
  g_return_val_if_fail (WB_IS_CONTEXT (self), NULL);
  return self->feed;
}

void
wb_context_set_feed (WbContext    *self,
                     WbChangeFeed *feed)
{
  g_return_if_fail (WB_IS_CONTEXT (self));
  if (self->feed != NULL)
    wb_change_feed_stop (self->feed);
  g_set_object (&self->feed, feed);
}

JsonObject *
wb_context_get_user (WbContext *self)
{
  g_return_val_if_fail (WB_IS_CONTEXT (self), NULL);
  return self->user;
}

void
wb_context_set_user (WbContext  *self,
                     JsonObject *user)
{
  g_return_if_fail (WB_IS_CONTEXT (self));

  g_clear_pointer (&self->user, json_object_unref);
  self->roles = 0;
  if (user != NULL)
    {
      self->user = json_object_ref (user);
      if (json_object_has_member (user, "roles") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (user, "roles")))
        {
          JsonArray *roles = json_object_get_array_member (user, "roles");

          for (guint i = 0; i < json_array_get_length (roles); i++)
            {
              WbRole role;
              if (wb_role_from_string (json_array_get_string_element (roles, i), &role))
                self->roles |= role;
            }
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

WbRoles
wb_context_get_roles (WbContext *self)
{
  g_return_val_if_fail (WB_IS_CONTEXT (self), 0);
  return self->roles;
}

const char *
wb_context_get_username (WbContext *self)
{
  g_return_val_if_fail (WB_IS_CONTEXT (self), NULL);
  return wb_json_string (self->user, "username");
}

gboolean
wb_context_get_demo (WbContext *self)
{
  g_return_val_if_fail (WB_IS_CONTEXT (self), FALSE);
  return self->user != NULL && json_object_get_boolean_member_with_default (self->user, "demo", FALSE);
}

void
wb_context_report_error (WbContext    *self,
                         const GError *error)
{
  g_return_if_fail (WB_IS_CONTEXT (self));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_signal_emit (self, signals[ERROR], 0, error);
}

void
wb_context_notify (WbContext  *self,
                   const char *message)
{
  g_return_if_fail (WB_IS_CONTEXT (self));
  g_signal_emit (self, signals[NOTICE], 0, message);
}

static gboolean
trace_enabled (gint64 *ms)
{
  static gint64 started;
  static int enabled = -1;

  if (enabled < 0)
    {
      enabled = g_strcmp0 (g_getenv ("WANGBAN_TRACE"), "1") == 0;
      started = g_get_monotonic_time ();
    }
  *ms = (g_get_monotonic_time () - started) / 1000;
  return enabled;
}

void
wb_context_trace (const char *event)
{
  gint64 ms;

  if (!trace_enabled (&ms))
    return;
  fprintf (stderr, "{\"event\":\"%s\",\"ms\":%" G_GINT64_FORMAT "}\n", event, ms);
  fflush (stderr);
}

void
wb_context_trace_position (const char *event,
                           guint       position)
{
  gint64 ms;

  if (!trace_enabled (&ms))
    return;
  fprintf (stderr, "{\"event\":\"%s\",\"ms\":%" G_GINT64_FORMAT ",\"position\":%u}\n",
           event, ms, position);
  fflush (stderr);
}
