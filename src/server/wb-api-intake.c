/* wb-api-intake.c: applications from the upstream service platforms
 * (standard 5.4.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-case-json.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-id-number.h"
#include "wb-pdf-check.h"
#include "wb-store.h"

#define MAX_MATERIALS 30

typedef struct
{
  char   *name;
  GBytes *bytes;
  char   *sha256;
} Upload;

static void
upload_free (Upload *u)
{
  g_free (u->name);
  g_clear_pointer (&u->bytes, g_bytes_unref);
  g_free (u->sha256);
  g_free (u);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
phone_ok (const char *phone)
{
  gsize n = 0;

  if (phone == NULL)
    return FALSE;
  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        n++;
      else if (*p != '-' && *p != ' ' && *p != '+')
        return FALSE;
    }
  return n >= 7 && n <= 15;
}

static const char *
get_text (JsonObject *obj,
          const char *name,
          guint       max_chars)
{
  const char *value = wb_json_string (obj, name);

  if (wb_text_is_blank (value) || g_utf8_strlen (value, -1) > max_chars)
    return NULL;
  return value;
}

/* Splits the multipart body into the application JSON and its files. */
static JsonObject *
read_parts (WbRequest   *req,
            GHashTable  *files,
            GError     **error)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *application = NULL;
  int n;

  multipart = soup_multipart_new_from_message (req->headers, req->body);
  if (multipart == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNSUPPORTED_MEDIA,
                           "The body must be multipart/form-data");
      return NULL;
    }

  n = soup_multipart_get_length (multipart);
  for (int i = 0; i < n; i++)
    {
      SoupMessageHeaders *headers;
      GBytes *body;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      if (!soup_multipart_get_part (multipart, i, &headers, &body))
        continue;
      if (!soup_message_headers_get_content_disposition (headers, &disposition, &params) ||
          (name = g_hash_table_lookup (params, "name")) == NULL)
        {
          invalid (error, "Every part needs a Content-Disposition with a name");
          g_clear_pointer (&application, json_object_unref);
          return NULL;
        }

      if (g_str_equal (name, "application"))
        {
          gsize len;
          const char *data = g_bytes_get_data (body, &len);
          JsonNode *root;

          if (application != NULL || !g_utf8_validate (data, len, NULL) ||
              !json_parser_load_from_data (parser, data, len, NULL) ||
              (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
            {
              invalid (error, "The application part must be one JSON object");
              g_clear_pointer (&application, json_object_unref);
              return NULL;
            }
          application = json_object_ref (json_node_get_object (root));
        }
      else if (g_hash_table_size (files) < MAX_MATERIALS && !g_hash_table_contains (files, name))
        g_hash_table_insert (files, g_strdup (name), g_bytes_ref (body));
      else
        {
          invalid (error, "Too many or duplicate file parts");
          g_clear_pointer (&application, json_object_unref);
          return NULL;
        }
    }

  if (application == NULL)
    invalid (error, "The application part is missing");
  return application;
}

static void
respond_case (WbResponse *res,
              guint       status,
              gint64      id,
              const char *case_no,
              gboolean    replayed)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  wb_json_add_int (b, "case_id", id);
  wb_json_add_string (b, "case_no", case_no);
  wb_json_add_bool (b, "replayed", replayed);
  json_builder_end_object (b);
  wb_response_builder (res, status, b);
}

gboolean
wb_api_intake_create (WbRequest   *req,
                      WbResponse  *res,
                      GError     **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) upload_free);
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(WbCase) c = g_new0 (WbCase, 1);
  g_autofree char *item_name = NULL;
  g_autofree char *now = NULL;
  JsonObject *applicant;
  JsonArray *materials;
  const char *upstream_id, *item_code, *unit_code, *platform;
  gint64 item_version = 0, promised_days = 0, existing = 0;
  GDate today;

  if (!(app = read_parts (req, files, error)))
    return FALSE;

  upstream_id = get_text (app, "upstream_id", 128);
  item_code = get_text (app, "item_code", 64);
  unit_code = get_text (app, "unit_code", 12);
  platform = get_text (app, "platform", 64);
  if (upstream_id == NULL || item_code == NULL || unit_code == NULL)
    return invalid (error, "upstream_id, item_code and unit_code are required");
  if (wb_units_get (req->server->units, unit_code) == NULL)
    return invalid (error, "Unknown unit_code");

  if (!json_object_has_member (app, "applicant") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (app, "applicant")))
    return invalid (error, "applicant is required");
  applicant = json_object_get_object_member (app, "applicant");
  if (get_text (applicant, "name", 64) == NULL || get_text (applicant, "address", 200) == NULL)
    return invalid (error, "The applicant's name and address are required");
  if (!phone_ok (wb_json_string (applicant, "phone")))
    return invalid (error, "The applicant's phone number is not valid");
  if (!wb_id_number_validate (wb_json_string (applicant, "id_number"), error))
    {
      g_prefix_error (error, "Applicant ID number: ");
      return FALSE;
    }

  if (!json_object_has_member (app, "materials") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (app, "materials")))
    return invalid (error, "materials must list the files sent");
  materials = json_object_get_array_member (app, "materials");
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonNode *el = json_array_get_element (materials, i);
      JsonObject *m;
      const char *name, *part;
      GBytes *bytes;
      Upload *u;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        return invalid (error, "Each material is an object with name and part");
      m = json_node_get_object (el);
      name = get_text (m, "name", 200);
      part = get_text (m, "part", 64);
      if (name == NULL || part == NULL || (bytes = g_hash_table_lookup (files, part)) == NULL)
        return invalid (error, "Each material needs a name and the name of a file part that was sent");
      if (!wb_pdf_check (bytes, req->server->config.max_upload_file, error))
        {
          g_prefix_error (error, "Material “%s”: ", name);
          return FALSE;
        }
      u = g_new0 (Upload, 1);
      u->name = g_strdup (name);
      u->bytes = g_bytes_ref (bytes);
      g_ptr_array_add (uploads, u);
    }

  if (!wb_store_item_latest (req->conn, item_code, &item_version, &item_name, &promised_days, error))
    return FALSE;
  if (item_version == 0)
    return invalid (error, "Unknown item_code");

  /* Blobs first: they are content-addressed, so a failed transaction
   * leaves at most an unreferenced file, never a case without its scans. */
  for (guint i = 0; i < uploads->len; i++)
    {
      Upload *u = uploads->pdata[i];
      if (!(u->sha256 = wb_blob_store_put (req->server->blobs, u->bytes, error)))
        return FALSE;
    }

  now = wb_request_now_iso (req);
  wb_request_today (req, &today);

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;

  /* Idempotent on the upstream id: a platform retrying after a lost
   * answer gets the case it already created. */
  if (!wb_store_case_by_upstream (req->conn, upstream_id, &existing, error))
    goto fail;
  if (existing != 0)
    {
      g_autoptr(WbCase) old = NULL;

      wb_db_rollback (req->conn);
      if (!wb_store_case_get (req->conn, existing, &old, error) || old == NULL)
        return FALSE;
      respond_case (res, 200, old->id, old->case_no, TRUE);
      return TRUE;
    }

  c->upstream_id = g_strdup (upstream_id);
  c->source = g_strdup (platform ? platform : "upstream");
  c->item_code = g_strdup (item_code);
  c->item_version = item_version;
  c->unit_code = g_strdup (unit_code);
  c->state = WB_STATE_SUBMITTED;
  c->stage = WB_STAGE_NONE;
  c->applicant_name = g_strdup (json_object_get_string_member (applicant, "name"));
  c->applicant_id_number = g_ascii_strup (json_object_get_string_member (applicant, "id_number"), -1);
  c->applicant_phone = g_strdup (json_object_get_string_member (applicant, "phone"));
  c->applicant_address = g_strdup (json_object_get_string_member (applicant, "address"));
  c->submitted_at = g_strdup (now);
  c->received_on = wb_date_to_iso (&today);
  /* The promised deadline counts from the day of receipt, on the same
   * clock that later moves it. */
  c->promised_days = promised_days;
  c->deadline = wb_case_stored_deadline (req->server->calendar, c);
  c->updated_at = g_strdup (now);

  if (!wb_store_next_case_no (req->conn, unit_code, c->received_on, &c->case_no, error) ||
      !wb_store_case_insert (req->conn, c, error))
    goto fail;

  for (guint i = 0; i < uploads->len; i++)
    {
      Upload *u = uploads->pdata[i];
      if (!wb_store_material_add (req->conn, c->id, u->name, u->sha256, g_bytes_get_size (u->bytes),
                                  now, req->service, NULL, error))
        goto fail;
    }

  {
    WbAuditRecord record = {
      .actor = req->service, .peer = req->peer, .action = "intake",
      .object = c->case_no, .result = "ok", .request_id = req->request_id,
    };
    g_autoptr(JsonObject) detail = json_object_new ();

    json_object_set_string_member (detail, "upstream_id", upstream_id);
    json_object_set_int_member (detail, "materials", uploads->len);
    if (!wb_store_history_add (req->conn, c->id, now, req->service, "intake", NULL,
                               "submitted", detail, error) ||
        !wb_store_event_add (req->conn, now, "case.created", c->id, unit_code, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      goto fail;
  }

  respond_case (res, 201, c->id, c->case_no, FALSE);
  return TRUE;

fail:
  wb_db_rollback (req->conn);
  return FALSE;
}
