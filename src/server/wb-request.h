/* wb-request.h: one API request as a worker thread sees it
 *
 * Everything a handler needs is copied off the SoupServerMessage on the main
 * thread, so handlers run on workers without touching libsoup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "wb-server.h"
#include "wb-text.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *username;
  char   *display_name;
  char   *unit_code;
  WbRoles roles;
  gboolean is_demo;
} WbUser;

typedef struct
{
  WbServer           *server;
  char               *request_id;
  const char         *method;
  char               *path;
  GHashTable         *query;     /* owned copy, may be NULL */
  GHashTable         *params;    /* path parameters */
  SoupMessageHeaders *headers;
  GBytes             *body;
  char               *peer;
  GDateTime          *now;
  WbDbConn           *conn;
  /* Who is calling: a signed-in user, or an upstream service. */
  WbUser             *user;
  char               *service;
  char               *session_hash;
} WbRequest;

typedef struct
{
  guint      status;
  char      *content_type;
  GBytes    *body;
  GPtrArray *headers;            /* name, value, name, value … */
  char      *log_actor;
} WbResponse;

typedef gboolean (*WbHandler) (WbRequest  *req,
                               WbResponse *res,
                               GError    **error);

void        wb_user_free             (WbUser      *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbUser, wb_user_free)

const char *wb_request_actor         (WbRequest   *req);
const char *wb_request_param         (WbRequest   *req,
                                      const char  *name);
gboolean    wb_request_param_id      (WbRequest   *req,
                                      const char  *name,
                                      gint64      *out,
                                      GError     **error);
const char *wb_request_query         (WbRequest   *req,
                                      const char  *name);
const char *wb_request_header        (WbRequest   *req,
                                      const char  *name);
/* The body as a JSON object; an empty body gives an empty object. */
JsonObject *wb_request_json_object   (WbRequest   *req,
                                      GError     **error);
char       *wb_request_now_iso       (WbRequest   *req);
void        wb_request_today         (WbRequest   *req,
                                      GDate       *out);

void        wb_response_json         (WbResponse  *res,
                                      guint        status,
                                      JsonNode    *node);
void        wb_response_builder      (WbResponse  *res,
                                      guint        status,
                                      JsonBuilder *builder);
/* Answers 200 with {"items": @items}, the shape of every list; takes
 * @items. */
void        wb_response_items        (WbResponse  *res,
                                      JsonNode    *items);
void        wb_response_bytes        (WbResponse  *res,
                                      guint        status,
                                      const char  *content_type,
                                      GBytes      *bytes);
void        wb_response_header       (WbResponse  *res,
                                      const char  *name,
                                      const char  *value);
void        wb_response_error        (WbResponse  *res,
                                      const char  *request_id,
                                      const GError *error);

/* Small JSON-building helpers that keep handlers short. */
void        wb_json_add_string       (JsonBuilder *b,
                                      const char  *name,
                                      const char  *value);
void        wb_json_add_int          (JsonBuilder *b,
                                      const char  *name,
                                      gint64       value);
void        wb_json_add_bool         (JsonBuilder *b,
                                      const char  *name,
                                      gboolean     value);

G_END_DECLS
