/* wb-api-intake.c: applications from the upstream service platforms
 * (standard 5.4.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-case-json.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-id-number.h"
#include "wb-outbox.h"
#include "wb-pdf-check.h"
#include "wb-statutory-clock.h"
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

/* Splits the multipart body into the JSON part named json_part and the
 * files. */
static JsonObject *
read_parts (WbRequest   *req,
            const char  *json_part,
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

      if (g_str_equal (name, json_part))
        {
          gsize len;
          const char *data = g_bytes_get_data (body, &len);
          JsonNode *root;

          if (application != NULL || !g_utf8_validate (data, len, NULL) ||
              !json_parser_load_from_data (parser, data, len, NULL) ||
              (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
            {
              g_set_error (error, WB_ERROR, WB_ERROR_INVALID,
                           "The %s part must be one JSON object", json_part);
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
    g_set_error (error, WB_ERROR, WB_ERROR_INVALID, "The %s part is missing", json_part);
  return application;
}

/* Checks every listed material (a name and a file part that is a real
 * PDF) and collects them in uploads. */
static gboolean
read_materials (WbRequest   *req,
                JsonObject  *obj,
                GHashTable  *files,
                GPtrArray   *uploads,
                GError     **error)
{
  JsonArray *materials;

  if (!json_object_has_member (obj, "materials") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "materials")))
    return invalid (error, "materials must list the files sent");
  materials = json_object_get_array_member (obj, "materials");
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
  return TRUE;
}

/* Blobs go in before the transaction: they are content-addressed, so a
 * failed transaction leaves at most an unreferenced file, never a case
 * without its scans. */
static gboolean
store_blobs (WbRequest  *req,
             GPtrArray  *uploads,
             GError    **error)
{
  for (guint i = 0; i < uploads->len; i++)
    {
      Upload *u = uploads->pdata[i];
      if (!(u->sha256 = wb_blob_store_put (req->server->blobs, u->bytes, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_materials (WbRequest   *req,
               gint64       case_id,
               GPtrArray   *uploads,
               const char  *now,
               GError     **error)
{
  for (guint i = 0; i < uploads->len; i++)
    {
      Upload *u = uploads->pdata[i];
      if (!wb_store_material_add (req->conn, case_id, u->name, u->sha256, g_bytes_get_size (u->bytes),
                                  now, req->service, NULL, error))
        return FALSE;
    }
  return TRUE;
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
  const char *upstream_id, *item_code, *unit_code, *platform;
  gint64 item_version = 0, promised_days = 0, existing = 0;
  GDate today;

  if (!(app = read_parts (req, "application", files, error)))
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

  if (!read_materials (req, app, files, uploads, error))
    return FALSE;

  if (!wb_store_item_latest (req->conn, item_code, &item_version, &item_name, &promised_days, error))
    return FALSE;
  if (item_version == 0)
    return invalid (error, "Unknown item_code");

  if (!store_blobs (req, uploads, error))
    return FALSE;

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

  if (!add_materials (req, c->id, uploads, now, error))
    goto fail;

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

/* The answer to a supplement, stored whole under its idempotency key so a
 * retry gets exactly what the first attempt got. */
static char *
supplement_answer (WbCase *c,
                   gint64  paused,
                   guint   n_materials)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  wb_json_add_int (b, "case_id", c->id);
  wb_json_add_string (b, "case_no", c->case_no);
  wb_json_add_string (b, "state", wb_case_state_to_string (c->state));
  wb_json_add_string (b, "deadline", c->deadline);
  wb_json_add_int (b, "paused_working_days", paused);
  wb_json_add_int (b, "materials", n_materials);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
respond_supplement (WbResponse *res,
                    const char *text,
                    gboolean    replayed)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *obj;

  /* The stored text is our own; it always parses. */
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_assert_not_reached ();
  obj = json_node_get_object (json_parser_get_root (parser));
  json_object_set_boolean_member (obj, "replayed", replayed);
  wb_response_json (res, 200, json_parser_get_root (parser));
  if (replayed)
    wb_response_header (res, "Idempotent-Replayed", "true");
  wb_response_header (res, "Cache-Control", "no-store");
}

/* What the supplement says, independent of how the multipart body was
 * framed: a platform that retries builds a new boundary, and that must
 * still count as the same request. */
static char *
supplement_fingerprint (const char *upstream_id,
                        const char *note,
                        GPtrArray  *uploads)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) upstream_id, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) (note ? note : ""), -1);
  for (guint i = 0; i < uploads->len; i++)
    {
      Upload *u = uploads->pdata[i];

      g_checksum_update (sum, (const guchar *) "\n", 1);
      g_checksum_update (sum, (const guchar *) u->name, -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
      g_checksum_update (sum, (const guchar *) u->sha256, -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* The applicant's supplement (补正材料) arriving from the platform that
 * filed the case. It is the `supplement_received` action performed by the
 * service: the clock restarts and both deadlines move back by the working
 * days the case spent waiting for the applicant. */
static gboolean
receive_supplement (WbRequest   *req,
                    WbResponse  *res,
                    const char  *upstream_id,
                    const char  *key,
                    const char  *note,
                    const char  *supplement_id,
                    GPtrArray   *uploads,
                    GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autofree char *fingerprint = supplement_fingerprint (upstream_id, note, uploads);
  g_autofree char *idem_key = g_strdup_printf ("supplement:%s:%s", upstream_id, key);
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_body = NULL;
  g_autofree char *stored_etag = NULL;
  g_autofree char *filed_by = NULL;
  g_autofree char *now = wb_request_now_iso (req);
  g_autofree char *answer = NULL;
  WbCaseFacts facts = { 0 };
  WbCaseState to_state;
  WbDeliveryStage to_stage;
  guint stored_status = 0;
  gint64 id = 0;
  guint paused = 0;
  GDate today;

  if (!wb_store_idem_get (req->conn, req->service, idem_key, &stored_hash, &stored_status,
                          &stored_body, &stored_etag, error))
    return FALSE;
  if (stored_hash != NULL)
    {
      if (!g_str_equal (stored_hash, fingerprint))
        {
          g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                               "This supplement key was already used for different materials");
          return FALSE;
        }
      respond_supplement (res, stored_body, TRUE);
      return TRUE;
    }

  if (!wb_store_case_by_upstream (req->conn, upstream_id, &id, error))
    return FALSE;
  if (id == 0 || !wb_store_case_get (req->conn, id, &c, error) || c == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No case has this upstream id");
      return FALSE;
    }
  /* A platform answers for the applications it filed, and only those. */
  if (!wb_store_case_filed_by (req->conn, c->id, &filed_by, error))
    return FALSE;
  if (g_strcmp0 (filed_by, req->service) != 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "This case was filed by another platform");
      return FALSE;
    }
  if (c->state != WB_STATE_SUPPLEMENT)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_CONFLICT,
                   "The case is %s, not waiting for a supplement",
                   wb_case_state_to_string (c->state));
      return FALSE;
    }

  if (!add_materials (req, c->id, uploads, now, error))
    return FALSE;

  /* The same restart as a handler's supplement_received. */
  wb_request_today (req, &today);
  paused = wb_case_restart_clock (req->server->calendar, c, &today);

  facts.state = c->state;
  facts.stage = c->stage;
  wb_case_flow_target (&facts, WB_ACTION_SUPPLEMENT_RECEIVED, NULL, &to_state, &to_stage);
  c->state = to_state;
  c->stage = to_stage;
  g_free (c->updated_at);
  c->updated_at = g_strdup (now);
  if (!wb_store_case_update (req->conn, c, error))
    return FALSE;

  json_object_set_int_member (detail, "paused_working_days", paused);
  json_object_set_int_member (detail, "materials", uploads->len);
  if (note != NULL)
    json_object_set_string_member (detail, "note", note);
  if (supplement_id != NULL)
    json_object_set_string_member (detail, "supplement_id", supplement_id);

  {
    WbAuditRecord record = {
      .actor = req->service, .peer = req->peer, .action = "supplement_received",
      .object = c->case_no, .result = "ok", .request_id = req->request_id,
    };

    if (!wb_store_history_add (req->conn, c->id, now, req->service,
                               wb_case_action_to_string (WB_ACTION_SUPPLEMENT_RECEIVED),
                               wb_case_state_to_string (WB_STATE_SUPPLEMENT),
                               wb_case_state_to_string (to_state), detail, error) ||
        !wb_store_event_add (req->conn, now, "case.updated", c->id, c->unit_code, error) ||
        !wb_store_event_add (req->conn, now, "case.materials", c->id, c->unit_code, error) ||
        !wb_outbox_queue (req, c, WB_ACTION_SUPPLEMENT_RECEIVED, now, error) ||
        !wb_callbacks_after_action (req, c, WB_ACTION_SUPPLEMENT_RECEIVED, now, error) ||
        !wb_audit_append (req->conn, now, &record, error))
      return FALSE;
  }

  answer = supplement_answer (c, paused, uploads->len);
  if (!wb_store_idem_put (req->conn, req->service, idem_key, fingerprint, 200, answer, NULL, now, error))
    return FALSE;
  respond_supplement (res, answer, FALSE);
  return TRUE;
}

gboolean
wb_api_intake_supplement (WbRequest   *req,
                          WbResponse  *res,
                          GError     **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) upload_free);
  g_autoptr(JsonObject) supplement = NULL;
  const char *upstream_id = wb_request_param (req, "upstream_id");
  const char *key = wb_request_header (req, "Idempotency-Key");
  const char *supplement_id, *note = NULL;

  if (upstream_id == NULL || strlen (upstream_id) > 128)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND, "No case has this upstream id");
      return FALSE;
    }
  if (!(supplement = read_parts (req, "supplement", files, error)))
    return FALSE;

  if (json_object_has_member (supplement, "note") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (supplement, "note")) &&
      (note = get_text (supplement, "note", 1000)) == NULL)
    return invalid (error, "note must be non-blank text of at most 1000 characters");

  supplement_id = NULL;
  if (json_object_has_member (supplement, "supplement_id") &&
      (supplement_id = get_text (supplement, "supplement_id", 128)) == NULL)
    return invalid (error, "supplement_id must be non-blank text of at most 128 characters");

  /* The platform names each supplement once; either way will do, and
   * when both are sent they must agree. */
  if (key != NULL && (*key == '\0' || strlen (key) > 128))
    return invalid (error, "Idempotency-Key must have 1 to 128 characters");
  if (key != NULL && supplement_id != NULL && !g_str_equal (key, supplement_id))
    return invalid (error, "Idempotency-Key and supplement_id differ");
  if (key == NULL)
    key = supplement_id;
  if (key == NULL)
    return invalid (error, "Send an Idempotency-Key header or a supplement_id");

  if (!read_materials (req, supplement, files, uploads, error))
    return FALSE;
  if (uploads->len == 0)
    return invalid (error, "A supplement brings at least one material");
  if (!store_blobs (req, uploads, error))
    return FALSE;

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  if (!receive_supplement (req, res, upstream_id, key, note, supplement_id, uploads, error) ||
      !wb_db_commit (req->conn, error))
    {
      wb_db_rollback (req->conn);
      return FALSE;
    }
  return TRUE;
}
