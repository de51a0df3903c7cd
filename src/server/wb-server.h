/* wb-server.h: the server, its configuration and its shared services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "wb-blob-store.h"
#include "wb-calendar.h"
#include "wb-clock.h"
#include "wb-db.h"
#include "wb-roles.h"
#include "wb-units.h"

G_BEGIN_DECLS

typedef struct
{
  char    *listen;              /* ADDR:PORT */
  char    *db_location;
  char    *data_dir;
  char    *clock_file;
  gboolean demo;
  guint    demo_scale;
  guint    idle_timeout_s;
  guint    absolute_timeout_s;
  guint    workers;
  gsize    max_json_body;
  gsize    max_upload_file;
  char    *webhook_url;         /* NULL: messages wait in the outbox */
  char    *webhook_secret_file;
  guint    webhook_retry_base_ms;
  guint    webhook_retry_max_ms;
  guint    webhook_max_attempts;
} WbServerConfig;

typedef struct _WbServer WbServer;

struct _WbServer
{
  WbServerConfig  config;
  WbDb           *db;
  WbBlobStore    *blobs;
  WbCalendar     *calendar;
  WbClock        *clock;
  WbUnits        *units;
};

void      wb_server_config_init    (WbServerConfig  *config);
void      wb_server_config_clear   (WbServerConfig  *config);
/* Opens storage, applies migrations and loads calendars and units. */
WbServer *wb_server_new            (const WbServerConfig *config,
                                    GError         **error);
gboolean  wb_server_reload_units   (WbServer        *self,
                                    GError         **error);
void      wb_server_free           (WbServer        *self);
/* Listens and serves until SIGTERM or SIGINT; returns the exit status. */
int       wb_server_run            (WbServer        *self,
                                    GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbServer, wb_server_free)

G_END_DECLS
