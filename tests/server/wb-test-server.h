/* wb-test-server.h: a real wangban-server process for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *dir;            /* private data directory, removed on stop */
  char        *base;           /* http://127.0.0.1:PORT/api/v1 */
  char        *clock_file;     /* the server reads "now" from here */
  char        *service_token;  /* demo intake credential, "Service …" */
  SoupSession *session;
} WbTestServer;

typedef struct
{
  guint               status;
  GBytes             *body;
  JsonNode           *json;    /* NULL unless the body parsed as JSON */
  SoupMessageHeaders *headers;
} WbTestReply;

#define WB_TEST_PASSWORD "Wangban-Demo-2026"

/* Starts a server on a free loopback port in a fresh directory, with a
 * controllable clock set to now_iso (or the real time when NULL). extra
 * is a NULL-terminated list of further arguments, e.g. "--demo". */
WbTestServer *wb_test_server_start       (const char * const *extra,
                                          const char         *now_iso);
/* Sends SIGTERM and asserts a clean exit. Until then, a test that dies
 * of a failed assertion, a fatal signal or meson's timeout SIGTERM takes
 * the server and its directory with it. */
void          wb_test_server_stop        (WbTestServer       *server);
void          wb_test_server_set_clock   (WbTestServer       *server,
                                          const char         *now_iso);
char         *wb_test_server_db_path     (WbTestServer       *server);
/* Removes a directory tree, for tests that make temporary directories of
 * their own; those are not removed when the test crashes. */
void          wb_test_rm_rf              (const char         *path);

/* headers: NULL-terminated name, value pairs. body_type NULL means JSON. */
WbTestReply  *wb_test_request_full       (WbTestServer       *server,
                                          const char         *method,
                                          const char         *path,
                                          const char         *token,
                                          const char * const *headers,
                                          const char         *body_type,
                                          GBytes             *body);
WbTestReply  *wb_test_request            (WbTestServer       *server,
                                          const char         *method,
                                          const char         *path,
                                          const char         *token,
                                          const char         *json_body);
void          wb_test_reply_free         (WbTestReply        *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbTestReply, wb_test_reply_free)

JsonObject   *wb_test_reply_object       (WbTestReply        *reply);
const char   *wb_test_reply_error_code   (WbTestReply        *reply);
/* Signs in and returns the bearer token; asserts success. */
char         *wb_test_login              (WbTestServer       *server,
                                          const char         *username);
/* GET a case; returns its JSON object (owned) and its ETag. */
JsonObject   *wb_test_get_case           (WbTestServer       *server,
                                          const char         *token,
                                          gint64              case_id,
                                          char              **etag);
/* POSTs an action with the case's current ETag and a fresh key. */
WbTestReply  *wb_test_act                (WbTestServer       *server,
                                          const char         *token,
                                          gint64              case_id,
                                          const char         *action,
                                          const char         *json_body);
/* Sends an application through the intake API with one generated PDF;
 * returns the new case id. */
gint64        wb_test_intake             (WbTestServer       *server,
                                          const char         *upstream_id,
                                          const char         *item_code,
                                          const char         *unit_code);
/* The first case id matching a query string, or 0. */
gint64        wb_test_find_case          (WbTestServer       *server,
                                          const char         *token,
                                          const char         *query);
/* A small but real PDF. */
GBytes       *wb_test_pdf_bytes          (void);
/* The text a reader gets out of a PDF through poppler's pdftotext, or
 * NULL, with the test marked skipped, where pdftotext is missing. */
char         *wb_test_pdf_text           (GBytes             *pdf);
/* Asserts the server still answers. */
void          wb_test_assert_alive       (WbTestServer       *server);

G_END_DECLS
