/* wb-api-notices.c: previewing a notice, and checking one by its code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-case-json.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-mask.h"
#include "wb-notices.h"
#include "wb-scope.h"
#include "wb-units.h"

/* The notice the action would issue, drawn from the same draft the
 * action files, so the handler sees what the applicant will be served.
 * It needs the permission the action needs, and it writes nothing but
 * the audit record: the preview shows the applicant's name in clear. */
gboolean
wb_api_cases_notice_preview (WbRequest   *req,
                             WbResponse  *res,
                             GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(WbCase) c = NULL;
  g_autoptr(WbNoticeDraft) draft = NULL;
  g_autoptr(GBytes) pdf = NULL;
  const char *action_name;
  WbCaseAction action;
  WbCaseFacts facts;
  WbNoticeKind kind;

  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  action_name = wb_json_string (body, "action");
  if (!wb_case_action_from_string (action_name, &action) ||
      !wb_notice_kind_for_action (WB_STATE_SUBMITTED, action, &kind))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID,
                           "Field “action” must be one of: request_supplement, accept, approve, refuse");
      return FALSE;
    }

  if (!wb_scope_load_case (req, &c, error))
    return FALSE;
  wb_case_facts_for (req, c, &facts);
  if (!wb_case_flow_check (&facts, action, error) ||
      !wb_case_flow_validate_body (action, body, error) ||
      !wb_notice_draft_for_action (req, c, action, body, &draft, error))
    return FALSE;
  g_assert (draft != NULL);

  if (!(pdf = wb_notice_draft_preview (draft, error)))
    return FALSE;

  if (!wb_audit_request_checked (req, "preview_notice", c->case_no, "ok", action_name, error))
    return FALSE;
  wb_response_bytes (res, 200, "application/pdf", pdf);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}

/* Anonymous lookups per peer address: a bucket of LOOKUP_BURST that
 * refills at LOOKUP_PER_MINUTE. A person checking papers never comes
 * near it; a script guessing codes, or filling the audit trail, does. */
#define LOOKUP_BURST 30.0
#define LOOKUP_PER_MINUTE 30.0
#define LOOKUP_PEERS_MAX 4096

typedef struct
{
  double tokens;
  gint64 at;       /* monotonic µs of the last refill */
} Bucket;

G_LOCK_DEFINE_STATIC (lookups);
static GHashTable *lookups;   /* peer address → Bucket */

static void
bucket_refill (Bucket *b,
               gint64  now)
{
  b->tokens = MIN (LOOKUP_BURST, b->tokens + (now - b->at) * LOOKUP_PER_MINUTE / (60.0 * G_USEC_PER_SEC));
  b->at = now;
}

static gboolean
bucket_is_full (gpointer key,
                gpointer value,
                gpointer data)
{
  Bucket *b = value;

  bucket_refill (b, *(gint64 *) data);
  return b->tokens >= LOOKUP_BURST;
}

/* Takes one lookup from @peer's bucket: 0 if it may go ahead, else the
 * seconds until it may. */
static guint
lookup_take (const char *peer)
{
  gint64 now = g_get_monotonic_time ();
  guint wait = 0;
  Bucket *b;

  G_LOCK (lookups);
  if (lookups == NULL)
    lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!(b = g_hash_table_lookup (lookups, peer)))
    {
      /* A full bucket is the same as none; when even that leaves no
       * room, many peers are busy at once and forgetting them all keeps
       * the memory bounded, at the price of a fresh start for each. */
      if (g_hash_table_size (lookups) >= LOOKUP_PEERS_MAX)
        g_hash_table_foreach_remove (lookups, bucket_is_full, &now);
      if (g_hash_table_size (lookups) >= LOOKUP_PEERS_MAX)
        g_hash_table_remove_all (lookups);
      b = g_new (Bucket, 1);
      b->tokens = LOOKUP_BURST;
      b->at = now;
      g_hash_table_insert (lookups, g_strdup (peer), b);
    }
  bucket_refill (b, now);
  if (b->tokens >= 1.0)
    b->tokens -= 1.0;
  else
    wait = (guint) ((1.0 - b->tokens) * 60.0 / LOOKUP_PER_MINUTE) + 1;
  G_UNLOCK (lookups);
  return wait;
}

/* Open to anyone holding the paper: an employer, a bank or a court
 * checking a notice has no account here, and the 80-bit code is the
 * capability. The answer therefore carries nothing personal beyond the
 * masked name, and every lookup of a well-formed code, found or not, is
 * audited. A malformed one is refused before anything is written, and
 * each peer has a budget of lookups, so the anonymous route cannot be
 * made to write without end. */
gboolean
wb_api_notices_get (WbRequest   *req,
                    WbResponse  *res,
                    GError     **error)
{
  g_autofree char *code = wb_notice_code_normalize (wb_request_param (req, "code"));
  g_autofree char *kind_name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *issued_at = NULL;
  g_autofree char *masked = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) china = NULL;
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *issued_on = NULL;
  const WbUnit *unit;
  WbNoticeKind kind;
  gint64 case_id = 0;
  guint wait_s;

  if ((wait_s = lookup_take (req->peer)) > 0)
    {
      g_autofree char *retry_after = g_strdup_printf ("%u", wait_s);

      wb_response_header (res, "Retry-After", retry_after);
      g_set_error_literal (error, WB_ERROR, WB_ERROR_TOO_MANY_REQUESTS,
                           "Too many notice lookups from this address; try again later");
      return FALSE;
    }
  if (code == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND,
                           "No notice has this verification code");
      return FALSE;
    }
  if (!wb_store_notice_lookup (req->conn, code, &kind_name, &case_id, &sha256, &issued_at, error))
    return FALSE;
  if (case_id != 0 && !wb_store_case_get (req->conn, case_id, &c, error))
    return FALSE;
  if (c == NULL || !wb_notice_kind_from_string (kind_name, &kind))
    {
      /* The code itself is not recorded: it is a capability, and a
       * mistyped one is close to the real one. */
      wb_audit_request (req, "verify_notice", "notice", "failed", "unknown verification code");
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND,
                           "No notice has this verification code");
      return FALSE;
    }

  china = g_time_zone_new_offset (8 * 3600);
  issued = g_date_time_new_from_iso8601 (issued_at, NULL);
  if (issued != NULL)
    {
      local = g_date_time_to_timezone (issued, china);
      issued_on = g_date_time_format (local, "%Y-%m-%d");
    }
  unit = wb_units_get (req->server->units, c->unit_code);
  masked = wb_mask_name (c->applicant_name);

  b = json_builder_new ();
  json_builder_begin_object (b);
  wb_json_add_string (b, "code", code);
  wb_json_add_string (b, "kind", kind_name);
  wb_json_add_string (b, "title", wb_notice_kind_title (kind));
  wb_json_add_string (b, "case_no", c->case_no);
  wb_json_add_string (b, "unit_code", c->unit_code);
  wb_json_add_string (b, "unit_name", unit != NULL ? unit->name : c->unit_code);
  wb_json_add_string (b, "item_name", c->item_name);
  wb_json_add_string (b, "issued_at", issued_at);
  wb_json_add_string (b, "issued_on", issued_on);
  wb_json_add_string (b, "sha256", sha256);
  wb_json_add_string (b, "applicant_name_masked", masked);
  json_builder_end_object (b);

  wb_audit_request (req, "verify_notice", c->case_no, "ok", NULL);
  wb_response_builder (res, 200, b);
  wb_response_header (res, "Cache-Control", "no-store");
  return TRUE;
}
