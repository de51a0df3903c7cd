/* wb-api-materials.c: a case's scanned materials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-pdf-check.h"
#include "wb-scope.h"

gboolean
wb_api_materials_list (WbRequest   *req,
                       WbResponse  *res,
                       GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  JsonNode *items;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  if (!(items = wb_store_materials_json (req->conn, c->id, 0, error)))
    return FALSE;
  wb_response_items (res, items);
  return TRUE;
}

gboolean
wb_api_materials_upload (WbRequest   *req,
                         WbResponse  *res,
                         GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *name = wb_request_query (req, "name");
  gint64 material_id = 0;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  if (!(req->user->roles & WB_ROLE_HANDLER) || g_strcmp0 (req->user->unit_code, c->unit_code) != 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "Only a handler of the case's unit may add materials");
      return FALSE;
    }
  if (wb_case_state_is_terminal (c->state))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_CONFLICT,
                           "A closed case takes no more materials");
      return FALSE;
    }
  if (wb_text_is_blank (name) || g_utf8_strlen (name, -1) > 200 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Give the material a name (query parameter “name”)");
      return FALSE;
    }
  if (!wb_pdf_check (req->body, req->server->config.max_upload_file, error))
    return FALSE;

  if (!(sha = wb_blob_store_put (req->server->blobs, req->body, error)))
    return FALSE;

  now = wb_request_now_iso (req);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "add_material",
      .object = c->case_no, .result = "ok", .request_id = req->request_id,
    };
    if (!wb_store_material_add (req->conn, c->id, name, sha, g_bytes_get_size (req->body),
                                now, req->user->username, &material_id, error) ||
        !wb_store_event_add (req->conn, now, "case.materials", c->id, c->unit_code, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_int (b, "id", material_id);
  wb_json_add_string (b, "name", name);
  wb_json_add_string (b, "sha256", sha);
  wb_json_add_int (b, "size", g_bytes_get_size (req->body));
  wb_json_add_string (b, "content_type", "application/pdf");
  wb_json_add_string (b, "uploaded_at", now);
  wb_json_add_string (b, "uploaded_by", req->user->username);
  wb_json_add_int (b, "rotation", 0);
  json_builder_set_member_name (b, "review");
  json_builder_add_null_value (b);
  json_builder_end_object (b);
  wb_response_builder (res, 201, b);
  return TRUE;
}

/* Replies with one material as the list shows it. */
static gboolean
respond_material (WbRequest   *req,
                  WbResponse  *res,
                  gint64       case_id,
                  gint64       material_id,
                  GError     **error)
{
  g_autoptr(JsonNode) items = NULL;
  JsonArray *array;

  if (!(items = wb_store_materials_json (req->conn, case_id, material_id, error)))
    return FALSE;
  array = json_node_get_array (items);
  if (json_array_get_length (array) != 1)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such material");
      return FALSE;
    }
  wb_response_json (res, 200, json_array_get_element (array, 0));
  return TRUE;
}

/* The reviewer's verdict on one material. The supplement notice is later
 * built from the deficient ones, so a deficiency must say what is wrong. */
/* The case and one of its materials, for a handler of the case's unit:
 * 403 for anyone else, 404 when the material is not the case's. */
static gboolean
load_handled_material (WbRequest   *req,
                       const char  *verb,
                       WbCase     **out_case,
                       gint64      *out_material,
                       GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *name = NULL;
  gint64 size = 0;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  if (!(req->user->roles & WB_ROLE_HANDLER) || g_strcmp0 (req->user->unit_code, c->unit_code) != 0)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                   "Only a handler of the case's unit may %s its materials", verb);
      return FALSE;
    }
  if (!wb_request_param_id (req, "material", out_material, error))
    return FALSE;
  if (!wb_store_material_get (req->conn, c->id, *out_material, &sha, &name, &size, error))
    return FALSE;
  if (sha == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such material");
      return FALSE;
    }
  *out_case = g_steal_pointer (&c);
  return TRUE;
}

gboolean
wb_api_materials_review (WbRequest   *req,
                         WbResponse  *res,
                         GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *now = NULL;
  g_autofree char *object = NULL;
  const char *verdict;
  const char *reason;
  gint64 material_id;

  /* Reviewing is part of handling the case, as adding materials is. */
  if (!load_handled_material (req, "review", &c, &material_id, error))
    return FALSE;
  if (wb_case_state_is_terminal (c->state))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_CONFLICT,
                           "The materials of a closed case can no longer be reviewed");
      return FALSE;
    }

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  verdict = wb_json_string (body, "verdict");
  reason = wb_json_string (body, "reason");
  if (g_strcmp0 (verdict, "accepted") != 0 && g_strcmp0 (verdict, "deficient") != 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The verdict (field “verdict”) is “accepted” or “deficient”");
      return FALSE;
    }
  if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > 500))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The reason (field “reason”) is at most 500 characters");
      return FALSE;
    }
  /* A blank reason on an accepted material carries nothing worth storing. */
  if (wb_text_is_blank (reason))
    reason = NULL;
  if (g_str_equal (verdict, "deficient") && reason == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Say what is missing or wrong (field “reason”)");
      return FALSE;
    }

  now = wb_request_now_iso (req);
  object = g_strdup_printf ("%s/material/%" G_GINT64_FORMAT, c->case_no, material_id);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "review_material",
      .object = object, .result = "ok", .reason = reason, .request_id = req->request_id,
    };
    if (!wb_store_material_review (req->conn, material_id, verdict, reason,
                                   req->user->username, now, error) ||
        !wb_store_event_add (req->conn, now, "case.materials", c->id, c->unit_code, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  return respond_material (req, res, c->id, material_id, error);
}

/* How a scan is turned to read upright, kept so that it opens upright
 * for everyone. It changes how the file is shown, not the file or the
 * record, so a closed case may still be turned. */
gboolean
wb_api_materials_rotation (WbRequest   *req,
                           WbResponse  *res,
                           GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *now = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  JsonNode *node;
  gint64 material_id, degrees = -1;

  /* A shared setting of the case's file: its handlers keep it. */
  if (!load_handled_material (req, "turn", &c, &material_id, error))
    return FALSE;

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  node = json_object_get_member (body, "degrees");
  /* Read the node's type first: json-glib's getters warn on a mismatch. */
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    degrees = json_node_get_int (node);
  if (degrees != 0 && degrees != 90 && degrees != 180 && degrees != 270)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "The rotation (field “degrees”) is 0, 90, 180 or 270");
      return FALSE;
    }

  now = wb_request_now_iso (req);
  object = g_strdup_printf ("%s/material/%" G_GINT64_FORMAT, c->case_no, material_id);
  /* The trail has no detail column: the new angle goes where a reason
   * would, so an auditor sees what the file was turned to. */
  detail = g_strdup_printf ("%" G_GINT64_FORMAT, degrees);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "rotate_material",
      .object = object, .result = "ok", .reason = detail, .request_id = req->request_id,
    };
    if (!wb_store_material_set_rotation (req->conn, material_id, degrees, error) ||
        !wb_store_event_add (req->conn, now, "case.materials", c->id, c->unit_code, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  return respond_material (req, res, c->id, material_id, error);
}

/* One range of the form bytes=A-B, bytes=A- or bytes=-N. Several ranges
 * are answered with the whole file, which RFC 9110 allows. */
static gboolean
parse_range (const char *header,
             gsize       size,
             gsize      *start,
             gsize      *end,
             gboolean   *whole)
{
  const char *spec;
  const char *dash;
  guint64 a, b;

  *whole = FALSE;
  if (!g_str_has_prefix (header, "bytes="))
    {
      *whole = TRUE;
      return TRUE;
    }
  spec = header + 6;
  if (strchr (spec, ',') != NULL)
    {
      *whole = TRUE;
      return TRUE;
    }
  dash = strchr (spec, '-');
  if (dash == NULL)
    return FALSE;

  if (dash == spec)
    {
      if (!g_ascii_string_to_unsigned (dash + 1, 10, 1, G_MAXUINT64, &b, NULL) || size == 0)
        return FALSE;
      *start = b >= size ? 0 : size - b;
      *end = size - 1;
      return TRUE;
    }

  {
    g_autofree char *first = g_strndup (spec, dash - spec);
    if (!g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT64, &a, NULL) || a >= size)
      return FALSE;
  }
  if (dash[1] == '\0')
    b = size - 1;
  else if (!g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXUINT64, &b, NULL) || b < a)
    return FALSE;
  *start = a;
  *end = MIN (b, size - 1);
  return TRUE;
}

gboolean
wb_api_materials_content (WbRequest   *req,
                          WbResponse  *res,
                          GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autofree char *etag = NULL;
  const char *range;
  gint64 material_id, size = 0;
  gsize len, start = 0, end = 0;
  gboolean whole = TRUE;

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  if (!wb_request_param_id (req, "material", &material_id, error))
    return FALSE;
  if (!wb_store_material_get (req->conn, c->id, material_id, &sha, &name, &size, error))
    return FALSE;
  if (sha == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No such material");
      return FALSE;
    }
  if (!(mapped = wb_blob_store_open (req->server->blobs, sha, error)))
    return FALSE;
  all = g_mapped_file_get_bytes (mapped);
  len = g_bytes_get_size (all);
  etag = g_strdup_printf ("\"%s\"", sha);

  range = wb_request_header (req, "Range");
  if (range != NULL && !parse_range (range, len, &start, &end, &whole))
    {
      g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, len);
      wb_response_header (res, "Content-Range", content_range);
      g_set_error_literal (error, WB_ERROR, WB_ERROR_RANGE, "The requested range is outside the file");
      return FALSE;
    }

  /* Materials are scans of personal documents: each read is recorded.
   * A viewer fetching many ranges of one file is recorded once, on the
   * request that starts at the beginning. */
  if (range == NULL || whole || start == 0)
    {
      g_autofree char *object = g_strdup_printf ("%s/material/%" G_GINT64_FORMAT, c->case_no, material_id);
      if (!wb_audit_request_checked (req, "read_material", object, "ok", NULL, error))
        return FALSE;
    }

  wb_response_header (res, "Accept-Ranges", "bytes");
  wb_response_header (res, "ETag", etag);
  wb_response_header (res, "Cache-Control", "private, no-store");
  if (range == NULL || whole)
    {
      wb_response_bytes (res, 200, "application/pdf", all);
      return TRUE;
    }

  {
    g_autoptr(GBytes) part = g_bytes_new_from_bytes (all, start, end - start + 1);
    g_autofree char *content_range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                                      start, end, len);
    wb_response_header (res, "Content-Range", content_range);
    wb_response_bytes (res, 206, "application/pdf", part);
  }
  return TRUE;
}
