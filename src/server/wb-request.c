/* wb-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-error.h"
#include "wb-request.h"

void
wb_user_free (WbUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->unit_code);
  g_free (user);
}

const char *
wb_request_actor (WbRequest *req)
{
  if (req->user != NULL)
    return req->user->username;
  if (req->service != NULL)
    return req->service;
  return "anonymous";
}

const char *
wb_request_param (WbRequest  *req,
                  const char *name)
{
  return req->params ? g_hash_table_lookup (req->params, name) : NULL;
}

gboolean
wb_request_param_id (WbRequest   *req,
                     const char  *name,
                     gint64      *out,
                     GError     **error)
{
  const char *text = wb_request_param (req, name);
  guint64 value;

  /* Ids are plain decimal numbers; anything else (signs, dots, encoded
   * slashes) is a client mistake or a probe, and names no resource. */
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such %s", name);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

const char *
wb_request_query (WbRequest  *req,
                  const char *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

const char *
wb_request_header (WbRequest  *req,
                   const char *name)
{
  return soup_message_headers_get_one (req->headers, name);
}

JsonObject *
wb_request_json_object (WbRequest  *req,
                        GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *content_type;
  gsize len = 0;
  const char *data = req->body ? g_bytes_get_data (req->body, &len) : NULL;
  JsonNode *root;

  if (len == 0)
    return json_object_new ();

  content_type = wb_request_header (req, "Content-Type");
  if (content_type == NULL || !g_str_has_prefix (content_type, "application/json"))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNSUPPORTED_MEDIA,
                           "The body must be application/json");
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The body is not valid JSON");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

char *
wb_request_now_iso (WbRequest *req)
{
  return wb_time_to_iso (req->now);
}

void
wb_request_today (WbRequest *req,
                  GDate     *out)
{
  wb_clock_local_date (req->now, out);
}

void
wb_response_bytes (WbResponse *res,
                   guint       status,
                   const char *content_type,
                   GBytes     *bytes)
{
  res->status = status;
  g_free (res->content_type);
  res->content_type = g_strdup (content_type);
  g_clear_pointer (&res->body, g_bytes_unref);
  res->body = bytes ? g_bytes_ref (bytes) : NULL;
}

void
wb_response_json (WbResponse *res,
                  guint       status,
                  JsonNode   *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  wb_response_bytes (res, status, "application/json; charset=utf-8", bytes);
}

void
wb_response_builder (WbResponse  *res,
                     guint        status,
                     JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  wb_response_json (res, status, root);
}

void
wb_response_items (WbResponse *res,
                   JsonNode   *items)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj = json_object_new ();

  json_object_set_member (obj, "items", items);
  root = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);
  wb_response_json (res, 200, root);
}

void
wb_response_header (WbResponse *res,
                    const char *name,
                    const char *value)
{
  g_ptr_array_add (res->headers, g_strdup (name));
  g_ptr_array_add (res->headers, g_strdup (value));
}

void
wb_response_error (WbResponse   *res,
                   const char   *request_id,
                   const GError *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  WbErrorCode code = WB_ERROR_INTERNAL;
  const char *message = "Something went wrong on the server; the request id identifies it in the log";

  if (error->domain == WB_ERROR)
    code = error->code;
  /* Internal messages (SQL, file paths) stay in the log. */
  if (code != WB_ERROR_INTERNAL && code != WB_ERROR_UNAVAILABLE)
    message = error->message;
  else if (code == WB_ERROR_UNAVAILABLE)
    message = "The server is busy; try again shortly";

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  wb_json_add_string (b, "code", wb_error_code_name (code));
  wb_json_add_string (b, "message", message);
  wb_json_add_string (b, "request_id", request_id);
  json_builder_end_object (b);
  json_builder_end_object (b);

  wb_response_builder (res, wb_error_http_status (code), b);
}

void
wb_json_add_string (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

void
wb_json_add_int (JsonBuilder *b,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
wb_json_add_bool (JsonBuilder *b,
                  const char  *name,
                  gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

