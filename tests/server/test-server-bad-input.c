/* test-server-bad-input.c: malformed, hostile and oversized requests get
 * a clean error, and the server stays up
 *
 * Every error is checked for the contract's shape,
 * {"error": {"code", "message", "request_id"}} with a matching
 * X-Request-Id header, for a code that fits the status, and for internals
 * (SQL, file paths) that must stay in the log. After each one the server
 * must still answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-test-server.h"

#define MIB (1024 * 1024)
#define CLOCK "2026-03-02T01:00:00Z"

static WbTestServer *server;
static char *handler_token;

static void
setup_server (void)
{
  const char *args[] = { "--demo", NULL };

  if (server != NULL)
    return;
  server = wb_test_server_start (args, CLOCK);
  /* The clock never moves here, so this session never expires. */
  handler_token = wb_test_login (server, "handler.210102");
}

/* The one code the contract gives each status. */
static const char *
code_for_status (guint status)
{
  switch (status)
    {
    case 400: return "invalid_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 412: return "precondition_failed";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 416: return "range_not_satisfiable";
    case 422: return "unprocessable";
    case 423: return "account_locked";
    case 428: return "precondition_required";
    case 411: return "length_required";
    case 431: return "headers_too_large";
    default:  return NULL;
    }
}

static void
assert_no_internals (WbTestReply *reply)
{
  gsize len;
  const char *data = g_bytes_get_data (reply->body, &len);
  g_autofree char *text = g_ascii_strdown (data ? data : "", data ? (gssize) len : 0);
  static const char *leaks[] = {
    "sqlite", "sql ", "select ", "constraint", "/tmp", "/home", "/work", "/usr",
    "wangban.db", "blobs", ".c:", "assert", NULL,
  };

  for (guint i = 0; leaks[i] != NULL; i++)
    if (strstr (text, leaks[i]) != NULL)
      g_error ("error body leaks “%s”: %s", leaks[i], text);
  if (server != NULL && strstr (text, server->dir) != NULL)
    g_error ("error body leaks the data directory: %s", text);
}

/* Checks one error answer completely, then that the server is still up. */
static void
assert_error (WbTestReply *reply,
              guint        status)
{
  const char *header_id = soup_message_headers_get_one (reply->headers, "X-Request-Id");
  const char *expected = code_for_status (status);
  JsonObject *obj, *err;

  if (reply->status != status)
    g_error ("expected %u, got %u: %.*s", status, reply->status,
             (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));

  g_assert_nonnull (header_id);
  g_assert_cmpstr (header_id, !=, "");
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  obj = json_node_get_object (reply->json);
  g_assert_cmpuint (json_object_get_size (obj), ==, 1);
  g_assert_true (json_object_has_member (obj, "error"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "error")));
  err = json_object_get_object_member (obj, "error");

  g_assert_cmpuint (json_object_get_size (err), ==, 3);
  g_assert_nonnull (json_object_get_string_member_with_default (err, "code", NULL));
  g_assert_cmpstr (json_object_get_string_member_with_default (err, "message", ""), !=, "");
  /* The id in the body is the one in the header and in the log. */
  g_assert_cmpstr (json_object_get_string_member_with_default (err, "request_id", NULL), ==, header_id);
  if (expected != NULL)
    g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, expected);

  assert_no_internals (reply);
  wb_test_assert_alive (server);
}

static const char *
error_message (WbTestReply *reply)
{
  return json_object_get_string_member (json_object_get_object_member (wb_test_reply_object (reply), "error"),
                                        "message");
}

static WbTestReply *
request_typed (const char *method,
               const char *path,
               const char *token,
               const char *content_type,
               const char *body)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  return wb_test_request_full (server, method, path, token, NULL, content_type, bytes);
}

/* Paths that no route could name. The server answers 404; a few (an
 * encoded "../" or NUL) libsoup itself refuses with a bare 400 before the
 * server sees them, which is as safe. */
static void
assert_no_such_path (WbTestReply *reply)
{
  if (reply->status == 400 && reply->json == NULL)
    {
      g_assert_nonnull (soup_message_headers_get_one (reply->headers, "X-Request-Id"));
      assert_no_internals (reply);
      wb_test_assert_alive (server);
      return;
    }
  assert_error (reply, 404);
}

/* GET /cases?QUERY must answer 400. */
static void
assert_bad_query (const char *path)
{
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, handler_token, NULL);

  assert_error (reply, 400);
}

/* --- raw HTTP, for what a well-behaved client library will not send --- */

static guint16
server_port (void)
{
  g_autoptr(GUri) uri = g_uri_parse (server->base, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint16) g_uri_get_port (uri);
}

static GSocketConnection *
raw_connect (guint timeout_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *conn;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", server_port (), NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), timeout_s);
  return conn;
}

static void
raw_send (GSocketConnection *conn,
          const char        *data,
          gsize              len)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  g_output_stream_write_all (out, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads one response. Returns NULL if none arrives before the socket's
 * timeout. */
static WbTestReply *
raw_read_reply (GSocketConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  WbTestReply *reply;
  const char *end = NULL;
  gsize header_len = 0;
  goffset body_len = -1;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      guint8 chunk[16384];
      gssize n;

      if (end == NULL && buf->len > 0)
        {
          end = g_strstr_len ((const char *) buf->data, buf->len, "\r\n\r\n");
          if (end != NULL)
            {
              g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

              header_len = end - (const char *) buf->data + 4;
              g_assert_true (soup_headers_parse_response ((const char *) buf->data, header_len - 2,
                                                          headers, NULL, NULL, NULL));
              body_len = soup_message_headers_get_content_length (headers);
            }
        }
      if (end != NULL && buf->len >= header_len + body_len)
        break;

      n = g_input_stream_read (in, chunk, sizeof chunk, NULL, &error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return NULL;
      g_assert_no_error (error);
      if (n == 0)
        {
          g_assert_nonnull (end);   /* the server hung up mid-answer */
          break;
        }
      g_byte_array_append (buf, chunk, n);
    }

  reply = g_new0 (WbTestReply, 1);
  reply->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_assert_true (soup_headers_parse_response ((const char *) buf->data, header_len - 2,
                                              reply->headers, NULL, &reply->status, NULL));
  reply->body = g_bytes_new (buf->data + header_len, buf->len - header_len);
  {
    gsize len;
    const char *data = g_bytes_get_data (reply->body, &len);
    g_autoptr(JsonParser) parser = json_parser_new ();

    if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
      reply->json = json_node_ref (json_parser_get_root (parser));
  }
  return reply;
}

/* One request on its own connection, exactly as written. */
static WbTestReply *
raw_get (const char *target,
         const char *token)
{
  g_autoptr(GSocketConnection) conn = raw_connect (30);
  g_autofree char *auth = token ? g_strdup_printf ("Authorization: Bearer %s\r\n", token) : g_strdup ("");
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
                                              "Connection: close\r\n\r\n", target, auth);
  WbTestReply *reply;

  raw_send (conn, request, strlen (request));
  reply = raw_read_reply (conn);
  g_assert_nonnull (reply);
  return reply;
}

/* --- cases to work on --- */

static gboolean
allows (JsonObject *c,
        const char *action)
{
  JsonArray *actions;

  if (!json_object_has_member (c, "allowed_actions"))
    return FALSE;
  actions = json_object_get_array_member (c, "allowed_actions");
  for (guint i = 0; i < json_array_get_length (actions); i++)
    if (g_strcmp0 (json_array_get_string_element (actions, i), action) == 0)
      return TRUE;
  return FALSE;
}

/* A case of handler.210102's unit on which the handler may perform
 * @action right now. */
static gint64
find_case_allowing (const char *states,
                    const char *action)
{
  g_autofree char *path = g_strdup_printf ("/cases?state=%s&limit=200", states);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, handler_token, NULL);
  JsonArray *items;

  g_assert_cmpuint (reply->status, ==, 200);
  items = json_object_get_array_member (wb_test_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (items, i), "id");
      g_autoptr(JsonObject) c = wb_test_get_case (server, handler_token, id, NULL);

      if (allows (c, action))
        return id;
    }
  g_error ("the demo data has no %s case that handler.210102 may %s", states, action);
  return 0;
}

static gint64
case_version (gint64 id)
{
  g_autoptr(JsonObject) c = wb_test_get_case (server, handler_token, id, NULL);

  return json_object_get_int_member (c, "version");
}

/* An action with the case's current ETag and a fresh key, so that only
 * the body can be at fault. */
static WbTestReply *
act (gint64      id,
     const char *action,
     const char *content_type,
     const char *body)
{
  static guint counter;
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) c = wb_test_get_case (server, handler_token, id, &etag);
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", id, action);
  g_autofree char *key = g_strdup_printf ("bad-input-%u", ++counter);
  const char *headers[] = { "If-Match", etag, "Idempotency-Key", key, NULL };
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;

  return wb_test_request_full (server, "POST", path, handler_token, headers, content_type, bytes);
}

/* The action is refused with status and the case is left exactly as it
 * was: 400 for a malformed body, 422 for a decision lacking a required
 * field or sending it blank. */
static void
assert_action_refused_with (gint64      id,
                            const char *action,
                            const char *body,
                            guint       status)
{
  gint64 before = case_version (id);
  g_autoptr(WbTestReply) reply = act (id, action, NULL, body);

  assert_error (reply, status);
  g_assert_cmpint (case_version (id), ==, before);
}

static void
assert_action_refused (gint64      id,
                       const char *action,
                       const char *body)
{
  assert_action_refused_with (id, action, body, 400);
}

static void
test_json_bodies (void)
{
  static const char *bad_sign_ins[] = {
    "{\"username\":",                                        /* truncated */
    "{username: 'handler.210102'}",                          /* not JSON */
    "[\"handler.210102\",\"Wangban-Demo-2026\"]",            /* an array */
    "\"handler.210102\"",                                    /* a string */
    "42",
    "null",
    "{\"username\":42,\"password\":\"Wangban-Demo-2026\"}",  /* wrong types */
    "{\"username\":\"handler.210102\"}",                     /* missing */
    "{\"username\":\"\xff\xfe\",\"password\":\"x\"}",        /* not UTF-8 */
    NULL,
  };
  gint64 id;

  setup_server ();

  for (guint i = 0; bad_sign_ins[i] != NULL; i++)
    {
      g_autoptr(WbTestReply) reply = wb_test_request (server, "POST", "/sessions", NULL, bad_sign_ins[i]);
      assert_error (reply, 400);
    }

  /* A body in another media type is refused as such, before any parsing. */
  {
    g_autoptr(WbTestReply) reply = request_typed ("POST", "/sessions", NULL, "text/plain",
                                                  "username=handler.210102&password=Wangban-Demo-2026");
    assert_error (reply, 415);
  }
  {
    g_autoptr(WbTestReply) reply = request_typed ("POST", "/sessions", NULL, "application/x-www-form-urlencoded",
                                                  "username=handler.210102&password=Wangban-Demo-2026");
    assert_error (reply, 415);
  }

  /* Case actions: malformed bodies, and fields of the wrong kind. */
  id = find_case_allowing ("submitted,unit_review", "request_supplement");
  assert_action_refused (id, "request_supplement", "{\"missing\": [");
  assert_action_refused (id, "request_supplement", "[\"居民户口簿\"]");
  assert_action_refused (id, "request_supplement", "\"居民户口簿\"");
  assert_action_refused (id, "request_supplement", "{\"missing\":\"居民户口簿\"}");
  assert_action_refused_with (id, "request_supplement", "{\"missing\":[]}", 422);
  assert_action_refused_with (id, "request_supplement", "{}", 422);
  assert_action_refused (id, "request_supplement", "{\"missing\":[42]}");
  {
    gint64 before = case_version (id);
    g_autoptr(WbTestReply) reply = act (id, "request_supplement", "text/plain", "missing=居民户口簿");

    assert_error (reply, 415);
    g_assert_cmpint (case_version (id), ==, before);
  }

  id = find_case_allowing ("accepted", "extend_deadline");
  assert_action_refused (id, "extend_deadline", "{\"days\":\"5\",\"reason\":\"需要实地核查\"}");
  assert_action_refused (id, "extend_deadline", "{\"days\":5.5,\"reason\":\"需要实地核查\"}");
  assert_action_refused (id, "extend_deadline", "{\"days\":0,\"reason\":\"需要实地核查\"}");
  assert_action_refused (id, "extend_deadline", "{\"days\":11,\"reason\":\"需要实地核查\"}");
  assert_action_refused_with (id, "extend_deadline", "{\"days\":5,\"reason\":\"   \"}", 422);

  id = find_case_allowing ("delivered,refused", "archive");
  assert_action_refused (id, "archive", "{\"fees_collected\":-1}");
  assert_action_refused (id, "archive", "{\"fees_collected\":\"2000\"}");
  assert_action_refused (id, "archive", "{\"fees_collected\":true}");
  assert_action_refused_with (id, "archive", "{\"fees_collected\":null}", 422);
}

static void
test_routes (void)
{
  gint64 id;

  setup_server ();
  id = wb_test_find_case (server, handler_token, "state=accepted");
  g_assert_cmpint (id, >, 0);

  {
    g_autoptr(WbTestReply) reply = act (id, "teleport", NULL, "{}");
    assert_error (reply, 404);
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/nothing-here", handler_token, NULL);
    assert_error (reply, 404);
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/cases/1/secrets", handler_token, NULL);
    assert_error (reply, 404);
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/api/v1/cases", handler_token, NULL);
    assert_error (reply, 404);
  }

  /* The path exists under another method. */
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "DELETE", "/cases", handler_token, NULL);
    assert_error (reply, 405);
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "PUT", "/sessions", NULL, "{}");
    assert_error (reply, 405);
  }
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/intake/applications", handler_token, NULL);
    assert_error (reply, 405);
  }

  /* Nothing outside the API is served. */
  {
    g_autoptr(WbTestReply) reply = raw_get ("/", NULL);
    assert_error (reply, 404);
  }
  {
    g_autoptr(WbTestReply) reply = raw_get ("/etc/passwd", NULL);
    assert_error (reply, 404);
  }
  {
    g_autoptr(WbTestReply) reply = raw_get ("/api/v1/../../etc/passwd", handler_token);
    assert_error (reply, 404);
  }
  {
    g_autoptr(WbTestReply) reply = raw_get ("/api/v1/cases/..%2F..%2F..%2Fetc%2Fpasswd", handler_token);
    assert_no_such_path (reply);
  }
  {
    g_autoptr(WbTestReply) reply = raw_get ("/api/v1/cases/1/materials/..%2F..%2F..%2Fwangban.db/content",
                                            handler_token);
    assert_no_such_path (reply);
  }
}

static void
test_path_ids (void)
{
  g_autofree char *long_id = NULL;
  g_autofree char *long_path = NULL;
  g_autoptr(WbTestReply) units = NULL;
  const char *bad[] = {
    "/cases/1%2F2", "/cases/-1", "/cases/0", "/cases/abc", "/cases/99999999999999999999",
    "/cases/1.0", "/cases/1e3", "/cases/0x10", "/cases/%20" "1", "/cases/1%00",
    "/cases/-1/history", "/cases/abc/materials", "/cases/1.0/actions/claim",
    "/cases/99999999999999999999/materials/1/content",
    NULL,
  };

  setup_server ();

  for (guint i = 0; bad[i] != NULL; i++)
    {
      const char *method = strstr (bad[i], "/actions/") ? "POST" : "GET";
      g_autoptr(WbTestReply) reply = wb_test_request (server, method, bad[i], handler_token, NULL);

      g_test_message ("%s %s", method, bad[i]);
      assert_no_such_path (reply);
    }

  long_id = g_strnfill (4000, '7');
  long_path = g_strdup_printf ("/cases/%s", long_id);
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", long_path, handler_token, NULL);
    assert_error (reply, 404);
  }
  {
    gint64 id = wb_test_find_case (server, handler_token, "state=accepted");
    g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%s/content", id, long_id);
    g_autoptr(WbTestReply) reply = NULL;

    g_assert_cmpint (id, >, 0);
    reply = wb_test_request (server, "GET", path, handler_token, NULL);
    assert_error (reply, 404);
  }

  /* Dot segments, sent raw (a client library would resolve them first).
   * The server either refuses them or resolves them as RFC 3986 says,
   * which keeps them inside the API: /cases/../units is /units. */
  units = wb_test_request (server, "GET", "/units", handler_token, NULL);
  g_assert_cmpuint (units->status, ==, 200);
  for (guint i = 0; i < 2; i++)
    {
      const char *target = i == 0 ? "/api/v1/cases/../units" : "/api/v1/cases/%2E%2E/units";
      g_autoptr(WbTestReply) reply = raw_get (target, handler_token);

      if (reply->status == 200)
        g_assert_true (g_bytes_equal (reply->body, units->body));
      else
        assert_error (reply, 404);
      wb_test_assert_alive (server);
    }
}

static void
test_query_values (void)
{
  setup_server ();

  assert_bad_query ("/cases?limit=0");
  assert_bad_query ("/cases?limit=abc");
  assert_bad_query ("/cases?limit=201");
  assert_bad_query ("/cases?limit=-5");
  assert_bad_query ("/cases?limit=99999999999999999999999");
  assert_bad_query ("/cases?sort=evil");
  assert_bad_query ("/cases?sort=deadline;DROP%20TABLE%20cases");
  assert_bad_query ("/cases?order=sideways");
  assert_bad_query ("/cases?state=nope");
  assert_bad_query ("/cases?state=submitted,nope");
  assert_bad_query ("/cases?cursor=garbage");
  assert_bad_query ("/cases?cursor=%25%25%25");
  assert_bad_query ("/cases?due=never");
  assert_bad_query ("/cases?unit=999999");
  assert_bad_query ("/cases?assignee=nobody.999999");
  assert_bad_query ("/changes?since=-1");
  assert_bad_query ("/changes?since=abc");
  assert_bad_query ("/changes?limit=0");

  /* A sane query still works afterwards. */
  {
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/cases?limit=1&sort=updated&order=desc",
                                                    handler_token, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
}

/* A small, valid PDF that is all text: the xref offsets are exact. */
static GBytes *
text_pdf (void)
{
  static const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    "<< /Length 27 >>\nstream\n0 0 1 rg 72 700 200 50 re f\nendstream",
  };
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint) G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (objects) + 1, xref);
  return g_string_free_to_bytes (pdf);
}

/* --- intake --- */

typedef struct
{
  const char *name;
  GBytes     *bytes;
} Part;

static char *
application_json (const char *upstream_id,
                  const char *id_number,
                  const char *part)
{
  return g_strdup_printf (
    "{\"upstream_id\":\"%s\",\"platform\":\"辽宁政务服务网\",\"item_code\":\"HZ-SFZ-HL\","
    "\"unit_code\":\"210102\",\"applicant\":{\"name\":\"欧阳娜娜\",\"id_number\":\"%s\","
    "\"phone\":\"13812345678\",\"address\":\"辽宁省沈阳市和平区南京北街1号\"},"
    "\"materials\":[{\"name\":\"居民户口簿\",\"part\":\"%s\"}]}",
    upstream_id, id_number, part);
}

/* POSTs a multipart intake form: the application part (if any) and the
 * given file parts. */
static WbTestReply *
intake (const char *token,
        const char *application,
        const Part *parts,
        guint       n_parts)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;

  if (application != NULL)
    soup_multipart_append_form_string (multipart, "application", application);
  for (guint i = 0; i < n_parts; i++)
    soup_multipart_append_form_file (multipart, parts[i].name, "scan.pdf", "application/pdf", parts[i].bytes);
  soup_multipart_to_message (multipart, headers, &body);

  return wb_test_request_full (server, "POST", "/intake/applications", token, NULL,
                               soup_message_headers_get_one (headers, "Content-Type"), body);
}

static void
test_intake (void)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  static const struct { const char *id_number; const char *what; } bad_ids[] = {
    { "110105194912310021", "wrong check character" },
    { "11010519900230001X", "30 February" },
    { "11010519491231002", "17 characters" },
    { "1101051949123100２X", "a full-width digit" },
  };
  g_autoptr(GBytes) pdf = text_pdf ();
  g_autoptr(GBytes) png_bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *good = NULL;
  Part good_part = { "file1", pdf };

  setup_server ();
  good = application_json ("bad-input-ok", "11010519491231002X", "file1");

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autofree char *app = application_json ("bad-input-id", bad_ids[i].id_number, "file1");
      g_autoptr(WbTestReply) reply = intake (server->service_token, app, &good_part, 1);

      g_test_message ("ID number with %s", bad_ids[i].what);
      assert_error (reply, 400);
      g_assert_nonnull (strstr (error_message (reply), "ID number"));
    }

  /* Not multipart at all. */
  {
    g_autoptr(WbTestReply) reply = request_typed ("POST", "/intake/applications", server->service_token,
                                                  "application/json", good);
    assert_error (reply, 415);
  }

  /* Materials that are not PDFs, or nothing at all. */
  {
    Part part = { "file1", png_bytes };
    g_autoptr(WbTestReply) reply = intake (server->service_token, good, &part, 1);
    assert_error (reply, 415);
  }
  {
    Part part = { "file1", hello };
    g_autoptr(WbTestReply) reply = intake (server->service_token, good, &part, 1);
    assert_error (reply, 415);
  }
  {
    Part part = { "file1", empty };
    g_autoptr(WbTestReply) reply = intake (server->service_token, good, &part, 1);
    assert_error (reply, 400);
  }

  /* The form itself is incomplete or inconsistent. */
  {
    g_autoptr(WbTestReply) reply = intake (server->service_token, NULL, &good_part, 1);
    assert_error (reply, 400);
  }
  {
    g_autoptr(WbTestReply) reply = intake (server->service_token, "{\"upstream_id\":", &good_part, 1);
    assert_error (reply, 400);
  }
  {
    g_autoptr(WbTestReply) reply = intake (server->service_token, "[1,2,3]", &good_part, 1);
    assert_error (reply, 400);
  }
  {
    g_autofree char *app = application_json ("bad-input-ok", "11010519491231002X", "file2");
    g_autoptr(WbTestReply) reply = intake (server->service_token, app, &good_part, 1);
    assert_error (reply, 400);
  }

  /* Only an upstream platform's credential opens intake. */
  {
    g_autoptr(WbTestReply) reply = intake ("Service AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", good, &good_part, 1);
    assert_error (reply, 401);
  }
  {
    g_autoptr(WbTestReply) reply = intake (handler_token, good, &good_part, 1);
    assert_error (reply, 401);
  }
  {
    g_autoptr(WbTestReply) reply = intake (NULL, good, &good_part, 1);
    assert_error (reply, 401);
  }

  /* None of the refusals created anything: the same upstream id is new. */
  {
    g_autoptr(WbTestReply) reply = intake (server->service_token, good, &good_part, 1);
    JsonObject *obj;

    if (reply->status != 201)
      g_error ("a valid application answered %u: %.*s", reply->status,
               (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
    obj = wb_test_reply_object (reply);
    g_assert_false (json_object_get_boolean_member (obj, "replayed"));
    g_assert_cmpint (json_object_get_int_member (obj, "case_id"), >, 0);
  }
  wb_test_assert_alive (server);
}

/* --- materials --- */

static guint
material_count (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", id);
  g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, handler_token, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (wb_test_reply_object (reply), "items"));
}

static WbTestReply *
upload (gint64      id,
        const char *query,
        GBytes     *bytes)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials%s", id, query);

  return wb_test_request_full (server, "POST", path, handler_token, NULL, "application/pdf", bytes);
}

static WbTestReply *
get_range (const char *path,
           const char *range)
{
  const char *headers[] = { "Range", range, NULL };

  return wb_test_request_full (server, "GET", path, handler_token, range ? headers : NULL, NULL, NULL);
}

static void
test_materials (void)
{
  g_autoptr(GBytes) pdf = text_pdf ();
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) html = g_bytes_new_static ("<html>%PDF-</html>", 18);
  g_autofree char *content = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *expected_range = NULL;
  gsize size = g_bytes_get_size (pdf);
  const guint8 *data = g_bytes_get_data (pdf, NULL);
  gint64 id, material;
  guint before;

  setup_server ();
  g_assert_cmpuint (size, >, 200);
  id = wb_test_find_case (server, handler_token, "state=accepted");
  g_assert_cmpint (id, >, 0);
  before = material_count (id);

  {
    g_autoptr(WbTestReply) reply = upload (id, "?name=x", hello);
    assert_error (reply, 415);
  }
  {
    g_autoptr(WbTestReply) reply = upload (id, "?name=x", html);
    assert_error (reply, 415);
  }
  {
    g_autoptr(WbTestReply) reply = upload (id, "?name=x", empty);
    assert_error (reply, 400);
  }
  {
    g_autoptr(WbTestReply) reply = upload (id, "", pdf);
    assert_error (reply, 400);
  }
  {
    g_autoptr(WbTestReply) reply = upload (id, "?name=%20%20", pdf);
    assert_error (reply, 400);
  }
  g_assert_cmpuint (material_count (id), ==, before);

  /* A real PDF is filed, and comes back byte for byte. */
  {
    g_autoptr(WbTestReply) reply = upload (id, "?name=%E5%B1%85%E6%B0%91%E6%88%B7%E5%8F%A3%E7%B0%BF", pdf);
    JsonObject *obj;

    g_assert_cmpuint (reply->status, ==, 201);
    obj = wb_test_reply_object (reply);
    material = json_object_get_int_member (obj, "id");
    g_assert_cmpint (material, >, 0);
    g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "居民户口簿");
    g_assert_cmpint (json_object_get_int_member (obj, "size"), ==, (gint64) size);
    sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
    g_assert_cmpstr (json_object_get_string_member (obj, "sha256"), ==, sha);
  }
  g_assert_cmpuint (material_count (id), ==, before + 1);

  content = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/content", id, material);
  {
    g_autoptr(WbTestReply) reply = get_range (content, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_true (g_bytes_equal (reply->body, pdf));
    g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==, "application/pdf");
  }
  {
    g_autoptr(WbTestReply) reply = get_range (content, "bytes=0-99");
    g_autofree char *expected = g_strdup_printf ("bytes 0-99/%" G_GSIZE_FORMAT, size);

    g_assert_cmpuint (reply->status, ==, 206);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Range"), ==, expected);
    g_assert_cmpuint (g_bytes_get_size (reply->body), ==, 100);
    g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), 100, data, 100);
  }
  {
    g_autoptr(WbTestReply) reply = get_range (content, "bytes=-10");

    expected_range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                      size - 10, size - 1, size);
    g_assert_cmpuint (reply->status, ==, 206);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Range"), ==, expected_range);
    g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body), data + size - 10, 10);
  }

  /* Ranges that cannot be served say how large the file is. */
  {
    g_autofree char *unsatisfiable = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, size);
    const char *bad_ranges[] = { "bytes=999999999-", "bytes=50-10", "bytes=abc", "bytes=-0", NULL };

    for (guint i = 0; bad_ranges[i] != NULL; i++)
      {
        g_autoptr(WbTestReply) reply = get_range (content, bad_ranges[i]);

        assert_error (reply, 416);
        g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Content-Range"), ==, unsatisfiable);
      }
  }
  wb_test_assert_alive (server);
}

/* --- limits --- */

static GBytes *
fake_pdf (gsize size)
{
  guint8 *data = g_malloc (size);

  memset (data, ' ', size);
  memcpy (data, "%PDF-1.4\n", 9);
  memcpy (data + size - 6, "%%EOF\n", 6);
  return g_bytes_new_take (data, size);
}

static void
test_limits (void)
{
  gint64 id;
  guint before;

  setup_server ();

  /* A JSON body over 1 MiB, its length declared honestly. */
  {
    GString *body = g_string_new ("{\"username\":\"");
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(WbTestReply) reply = NULL;

    while (body->len < MIB + 16)
      g_string_append (body, "handler.210102");
    g_string_append (body, "\",\"password\":\"x\"}");
    bytes = g_string_free_to_bytes (body);
    reply = wb_test_request_full (server, "POST", "/sessions", NULL, NULL, NULL, bytes);
    assert_error (reply, 413);
  }

  /* A material over 50 MB that is otherwise a PDF. */
  id = wb_test_find_case (server, handler_token, "state=accepted");
  g_assert_cmpint (id, >, 0);
  before = material_count (id);
  {
    g_autoptr(GBytes) big = fake_pdf (51 * MIB);
    g_autoptr(WbTestReply) reply = upload (id, "?name=big", big);

    assert_error (reply, 413);
  }
  g_assert_cmpuint (material_count (id), ==, before);

  /* 100 extra headers. */
  {
    g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(WbTestReply) reply = NULL;

    for (guint i = 0; i < 100; i++)
      {
        g_ptr_array_add (headers, g_strdup_printf ("X-Padding-%u", i));
        g_ptr_array_add (headers, g_strdup ("padding"));
      }
    g_ptr_array_add (headers, NULL);
    reply = wb_test_request_full (server, "GET", "/health", NULL,
                                  (const char * const *) headers->pdata, NULL, NULL);
    assert_error (reply, 431);
  }

  /* A chunked body, whose size nobody declared. */
  {
    static const char body[] = "{\"username\":\"handler.210102\",\"password\":\"Wangban-Demo-2026\"}";
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = g_strconcat (server->base, "/sessions", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (body, strlen (body), NULL);
    WbTestReply *reply = g_new0 (WbTestReply, 1);
    g_autoptr(WbTestReply) owned = reply;
    g_autoptr(JsonParser) parser = json_parser_new ();
    gsize len;
    const char *data;

    soup_message_set_request_body (msg, "application/json", stream, -1);
    reply->body = soup_session_send_and_read (server->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_request_headers (msg)), ==,
                     SOUP_ENCODING_CHUNKED);
    reply->status = soup_message_get_status (msg);
    reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
    data = g_bytes_get_data (reply->body, &len);
    if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
      reply->json = json_node_ref (json_parser_get_root (parser));
    assert_error (reply, 411);
  }

  /* A client that asks first is told before it sends the body. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect (10);
    g_autoptr(WbTestReply) reply = NULL;
    g_autofree char *request = g_strdup_printf ("POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "Content-Type: application/json\r\n"
                                                "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n",
                                                64 * MIB);

    raw_send (conn, request, strlen (request));
    reply = raw_read_reply (conn);
    g_assert_nonnull (reply);
    assert_error (reply, 413);
  }
}

/* PDFs as PDF writers make them: compressed, binary streams, with NUL
 * bytes anywhere, including just before the trailer. */
static void
test_binary_pdf (void)
{
  g_autoptr(GBytes) pdf = wb_test_pdf_bytes ();
  gsize size = g_bytes_get_size (pdf);
  const char *data = g_bytes_get_data (pdf, NULL);
  gboolean has_nul = memchr (data + size - MIN (size, 1024), '\0', MIN (size, 1024)) != NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  gint64 id;

  setup_server ();
  g_test_message ("the last KiB of the test PDF %s a NUL byte", has_nul ? "holds" : "holds no");

  id = wb_test_find_case (server, handler_token, "state=accepted");
  g_assert_cmpint (id, >, 0);
  {
    g_autoptr(WbTestReply) reply = upload (id, "?name=binary", pdf);

    if (reply->status != 201)
      g_string_append_printf (failures, "uploading a generated PDF answered %u: %.*s; ", reply->status,
                              (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
    else
      {
        gint64 material = json_object_get_int_member (wb_test_reply_object (reply), "id");
        g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/content",
                                                 id, material);
        g_autoptr(WbTestReply) content = wb_test_request (server, "GET", path, handler_token, NULL);

        g_assert_cmpuint (content->status, ==, 200);
        g_assert_true (g_bytes_equal (content->body, pdf));
      }
  }
  {
    g_autofree char *app = application_json ("bad-input-binary", "11010519491231002X", "file1");
    Part part = { "file1", pdf };
    g_autoptr(WbTestReply) reply = intake (server->service_token, app, &part, 1);

    if (reply->status != 201)
      g_string_append_printf (failures, "an application with a generated PDF answered %u: %.*s", reply->status,
                              (int) g_bytes_get_size (reply->body), (const char *) g_bytes_get_data (reply->body, NULL));
  }
  wb_test_assert_alive (server);
  /* Both are reported, so neither hides the other. */
  if (failures->len > 0)
    g_test_fail_printf ("%s", failures->str);
}

/* An oversized body is refused from its declared length, before it is
 * sent: a server that waits for (and buffers) whatever length a client
 * declares can be made to read and hold gigabytes by anyone. */
static void
test_oversized_body_not_read (void)
{
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(WbTestReply) reply = NULL;
  g_autofree char *request = NULL;

  setup_server ();
  conn = raw_connect (10);
  request = g_strdup_printf ("POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                             "{\"username\":\"", 64 * MIB);
  raw_send (conn, request, strlen (request));

  /* Only a dozen bytes of the 64 MiB have been sent. */
  reply = raw_read_reply (conn);
  if (reply == NULL)
    {
      g_test_fail_printf ("no answer within 10 s to a request declaring a 64 MiB JSON body: "
                          "the server waits to read the whole body before refusing it");
      return;
    }
  assert_error (reply, 413);
}

/* Sends a request without asserting that the server answers. NULL if
 * the connection failed. */
static WbTestReply *
try_request (const char         *method,
             const char         *path,
             const char         *token,
             const char * const *headers,
             const char         *content_type,
             GBytes             *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (server->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(JsonParser) parser = json_parser_new ();
  WbTestReply *reply;
  GBytes *received;
  gsize len;
  const char *data;

  if (token != NULL)
    {
      g_autofree char *auth = g_str_has_prefix (token, "Service ")
        ? g_strdup (token) : g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", body);
  received = soup_session_send_and_read (server->session, msg, NULL, &error);
  if (received == NULL)
    {
      g_test_message ("%s %s: %s", method, path, error->message);
      return NULL;
    }

  reply = g_new0 (WbTestReply, 1);
  reply->body = received;
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (reply->body, &len);
  if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
    reply->json = json_node_ref (json_parser_get_root (parser));
  return reply;
}

static gboolean server_dead;

/* Whether the server survived @what; records the failure if not. */
static gboolean
survived (WbTestReply *reply,
          const char  *what)
{
  g_autoptr(WbTestReply) health = reply != NULL ? try_request ("GET", "/health", NULL, NULL, NULL, NULL) : NULL;

  if (health != NULL && health->status == 200)
    return TRUE;
  server_dead = TRUE;
  g_test_fail_printf ("the server died on %s", what);
  return FALSE;
}

/* Members of the wrong JSON kind (arrays and objects where a string is
 * expected) are the client's mistake, never the server's. */
static void
test_non_string_members (void)
{
  g_autofree char *sysadmin = NULL;
  g_autofree char *reveal_path = NULL;
  g_autofree char *accept_path = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) pdf = wb_test_pdf_bytes ();
  gint64 review_id;
  struct {
    const char *what;
    const char *method;
    const char *path;
    const char *token;
    const char *body;
    guint       status;
  } cases[] = {
    { "a sign-in whose password is a list", "POST", "/sessions", NULL,
      "{\"username\":\"handler.210102\",\"password\":[\"x\"]}", 400 },
    { "a sign-in whose password is an object", "POST", "/sessions", NULL,
      "{\"username\":\"handler.210102\",\"password\":{\"x\":1}}", 400 },
    { "a sign-in whose username is a list", "POST", "/sessions", NULL,
      "{\"username\":[\"handler.210102\"],\"password\":\"x\"}", 400 },
    { "a new user whose display name is an object", "POST", "/users", NULL,
      "{\"username\":\"handler.typed\",\"display_name\":{\"zh\":\"李明\"},\"unit_code\":\"210102\","
      "\"roles\":[\"handler\"],\"password\":\"Heping-Handler-0302\"}", 400 },
    { "a reveal whose reason is a list", "POST", NULL, NULL, "{\"reason\":[\"电话回访\"]}", 400 },
  };

  setup_server ();
  sysadmin = wb_test_login (server, "sysadmin.210000");
  cases[3].token = sysadmin;
  reveal_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/reveal",
                                 wb_test_find_case (server, handler_token, "state=accepted"));
  cases[4].path = reveal_path;
  cases[4].token = handler_token;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new (cases[i].body, strlen (cases[i].body));
      g_autoptr(WbTestReply) reply = try_request (cases[i].method, cases[i].path, cases[i].token, NULL, NULL, body);

      if (!survived (reply, cases[i].what))
        return;
      assert_error (reply, cases[i].status);
    }

  /* An intake application whose applicant's phone is a list. */
  {
    g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
    g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(WbTestReply) reply = NULL;

    soup_multipart_append_form_string (multipart, "application",
      "{\"upstream_id\":\"bad-input-typed\",\"item_code\":\"HZ-SFZ-HL\",\"unit_code\":\"210102\","
      "\"applicant\":{\"name\":\"欧阳娜娜\",\"id_number\":\"11010519491231002X\","
      "\"phone\":[\"13812345678\"],\"address\":\"辽宁省沈阳市和平区南京北街1号\"},"
      "\"materials\":[{\"name\":\"居民户口簿\",\"part\":\"file1\"}]}");
    soup_multipart_append_form_file (multipart, "file1", "scan.pdf", "application/pdf", pdf);
    soup_multipart_to_message (multipart, headers, &body);
    reply = try_request ("POST", "/intake/applications", server->service_token, NULL,
                         soup_message_headers_get_one (headers, "Content-Type"), body);
    if (!survived (reply, "an intake application whose phone is a list"))
      return;
    assert_error (reply, 400);
  }

  /* An action that takes no reason, sent one that is an object: the
   * field may be ignored or refused, but must not hurt the server. */
  review_id = find_case_allowing ("unit_review", "accept");
  json_object_unref (wb_test_get_case (server, handler_token, review_id, &etag));
  accept_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/accept", review_id);
  {
    static const char json[] = "{\"reason\":{\"why\":\"核验完毕\"}}";
    const char *headers[] = { "If-Match", etag, "Idempotency-Key", "bad-input-typed-reason", NULL };
    g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
    g_autoptr(WbTestReply) reply = try_request ("POST", accept_path, handler_token, headers, NULL, body);

    if (!survived (reply, "an accept whose reason is an object"))
      return;
    if (reply->status == 400)
      assert_error (reply, 400);
    else
      g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
test_rapid_bad_requests (void)
{
  setup_server ();

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(WbTestReply) reply = NULL;
      guint expected;

      switch (i % 5)
        {
        case 0:
          reply = wb_test_request (server, "POST", "/sessions", NULL, "{\"username\":");
          expected = 400;
          break;
        case 1:
          reply = wb_test_request (server, "GET", "/no/such/route", NULL, NULL);
          expected = 404;
          break;
        case 2:
          reply = wb_test_request (server, "GET", "/me", "not-a-token", NULL);
          expected = 401;
          break;
        case 3:
          reply = wb_test_request (server, "GET", "/cases?limit=abc", handler_token, NULL);
          expected = 400;
          break;
        default:
          reply = wb_test_request (server, "DELETE", "/cases", handler_token, NULL);
          expected = 405;
          break;
        }
      g_assert_cmpuint (reply->status, ==, expected);
      g_assert_nonnull (wb_test_reply_error_code (reply));
    }

  /* Good requests are served as before. */
  wb_test_assert_alive (server);
  {
    g_autofree char *token = wb_test_login (server, "handler.210103");
    g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", "/cases?limit=5", token, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wb_test_reply_object (reply), "items")), ==, 5);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/bad-input/json-bodies", test_json_bodies);
  g_test_add_func ("/server/bad-input/routes", test_routes);
  g_test_add_func ("/server/bad-input/path-ids", test_path_ids);
  g_test_add_func ("/server/bad-input/query-values", test_query_values);
  g_test_add_func ("/server/bad-input/intake", test_intake);
  g_test_add_func ("/server/bad-input/materials", test_materials);
  g_test_add_func ("/server/bad-input/limits", test_limits);
  g_test_add_func ("/server/bad-input/rapid-bad-requests", test_rapid_bad_requests);
  g_test_add_func ("/server/bad-input/binary-pdf", test_binary_pdf);
  g_test_add_func ("/server/bad-input/oversized-body-not-read", test_oversized_body_not_read);
  g_test_add_func ("/server/bad-input/non-string-members", test_non_string_members);

  status = g_test_run ();
  if (server != NULL && server_dead)
    {
      /* Already reported; collect it without the clean-exit assertion. */
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
      wb_test_rm_rf (server->dir);
    }
  else if (server != NULL)
    wb_test_server_stop (server);
  g_free (handler_token);
  return status;
}
