/* wb-change-feed.c
 *
 * Polling for now; the push channel replaces the timer later and keeps
 * the same signal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "api/wb-change-feed.h"
#include "wb-json.h"

struct _WbChangeFeed
{
  GObject       parent_instance;

  WbApiClient  *client;
  GCancellable *cancellable;
  gint64        last_seq;
  gboolean      started;
  gboolean      in_flight;
  guint         interval_ms;
  guint         timer_id;
};

G_DEFINE_FINAL_TYPE (WbChangeFeed, wb_change_feed, G_TYPE_OBJECT)

enum {
  CASE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void poll_now (WbChangeFeed *self);

static void
on_changes_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WbChangeFeed) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  JsonObject *obj;
  JsonArray *events;

  self->in_flight = FALSE;
  if (reply == NULL)
    {
      /* A missed poll is retried on the next tick; the window reports
       * lost connections through its own requests. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Change feed: %s", error->message);
      return;
    }

  obj = wb_api_reply_object (reply);
  events = json_object_get_array_member (obj, "events");
  for (guint i = 0; self->started && i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);
      g_signal_emit (self, signals[CASE_CHANGED], 0,
                     json_object_get_int_member (ev, "case_id"), wb_json_string (ev, "kind"));
    }
  self->last_seq = json_object_get_int_member (obj, "last_seq");
  self->started = TRUE;

  /* A full page means more are waiting: catch up without waiting. */
  if (json_array_get_length (events) >= 500)
    poll_now (self);
}

static void
poll_now (WbChangeFeed *self)
{
  g_autofree char *path = NULL;

  if (self->in_flight)
    return;
  self->in_flight = TRUE;
  path = self->started
    ? g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT, self->last_seq)
    : g_strdup ("/changes");
  wb_api_client_request_async (self->client, "GET", path, NULL, NULL, self->cancellable,
                               on_changes_cb, g_object_ref (self));
}

static gboolean
on_tick_cb (gpointer data)
{
  poll_now (data);
  return G_SOURCE_CONTINUE;
}

static void
wb_change_feed_dispose (GObject *object)
{
  WbChangeFeed *self = (WbChangeFeed *) object;

  wb_change_feed_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wb_change_feed_parent_class)->dispose (object);
}

static void
wb_change_feed_class_init (WbChangeFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wb_change_feed_dispose;

  signals[CASE_CHANGED] = g_signal_new ("case-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
}

static void
wb_change_feed_init (WbChangeFeed *self)
{
  self->cancellable = g_cancellable_new ();
}

WbChangeFeed *
wb_change_feed_new (WbApiClient *client,
                    guint        interval_ms)
{
  WbChangeFeed *self = g_object_new (WB_TYPE_CHANGE_FEED, NULL);

  self->client = g_object_ref (client);
  self->interval_ms = interval_ms;
  /* The timer holds no reference: dispose removes it. */
  self->timer_id = g_timeout_add (interval_ms, on_tick_cb, self);
  poll_now (self);
  return self;
}

void
wb_change_feed_resume (WbChangeFeed *self)
{
  g_return_if_fail (WB_IS_CHANGE_FEED (self));

  if (self->timer_id != 0)
    return;
  /* The stopped feed's requests stay cancelled; this one starts afresh
   * from the last event it saw, so nothing that changed meanwhile is
   * missed. */
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->timer_id = g_timeout_add (self->interval_ms, on_tick_cb, self);
  self->in_flight = FALSE;
  poll_now (self);
}

void
wb_change_feed_stop (WbChangeFeed *self)
{
  g_return_if_fail (WB_IS_CHANGE_FEED (self));
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
