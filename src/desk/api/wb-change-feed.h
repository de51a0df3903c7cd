/* wb-change-feed.h: follows the server's change feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "api/wb-api-client.h"

G_BEGIN_DECLS

#define WB_TYPE_CHANGE_FEED (wb_change_feed_get_type ())
G_DECLARE_FINAL_TYPE (WbChangeFeed, wb_change_feed, WB, CHANGE_FEED, GObject)

/* Polls GET /changes every interval_ms and emits ::case-changed (case id,
 * event kind) for each event in the user's scope. It starts from where
 * the feed stands when created, so only later changes are reported. */
WbChangeFeed *wb_change_feed_new  (WbApiClient  *client,
                                   guint         interval_ms);
void          wb_change_feed_stop (WbChangeFeed *self);
/* Polls again after a stop, from the last event seen: what changed while
 * the feed was stopped is reported now. Every view keeps its handlers. */
void          wb_change_feed_resume (WbChangeFeed *self);

G_END_DECLS
