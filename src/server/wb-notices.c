/* wb-notices.c: which notice an action issues, and issuing it
 *
 * The same draft serves the action and its preview, so what the handler
 * previews is what the applicant is served, but for the draft mark and
 * the verification code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-notices.h"

#include <sodium.h>

#include "wb-blob-store.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-units.h"

/* 32 symbols without the look-alikes 0/O and 1/I, so a code read off
 * paper and typed in still matches. 32 divides 256, so every symbol is
 * equally likely; sixteen of them carry 80 random bits, far beyond
 * guessing or walking through them. */
static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
#define CODE_SYMBOLS 16
G_STATIC_ASSERT (sizeof code_alphabet - 1 == 32);

struct _WbNoticeDraft
{
  WbNotice   notice;
  GPtrArray *strings;    /* owns the notice's text */
  GArray    *items;      /* WbNoticeItem */
};

void
wb_notice_draft_free (WbNoticeDraft *draft)
{
  if (draft == NULL)
    return;
  g_ptr_array_unref (draft->strings);
  g_array_unref (draft->items);
  g_free (draft);
}

static const char *
keep (WbNoticeDraft *draft,
      char          *text)
{
  if (text != NULL)
    g_ptr_array_add (draft->strings, text);
  return text;
}

static const char *
keep_copy (WbNoticeDraft *draft,
           const char    *text)
{
  return keep (draft, g_strdup (text));
}

/* Text the handler may have left empty: a blank note prints nothing. */
static const char *
optional_text (JsonObject *body,
               const char *name)
{
  const char *text = wb_json_string (body, name);

  return wb_text_is_blank (text) ? NULL : text;
}

gboolean
wb_notice_kind_for_action (WbCaseState   state,
                           WbCaseAction  action,
                           WbNoticeKind *out)
{
  switch (action)
    {
    case WB_ACTION_REQUEST_SUPPLEMENT:
      *out = WB_NOTICE_SUPPLEMENT;
      return TRUE;
    case WB_ACTION_ACCEPT:
      *out = WB_NOTICE_ACCEPTANCE;
      return TRUE;
    case WB_ACTION_APPROVE:
      *out = WB_NOTICE_GRANT;
      return TRUE;
    case WB_ACTION_REFUSE:
      /* Before acceptance the application itself is turned away (Art.
       * 32); after it, the licence is refused (Art. 38). */
      *out = state == WB_STATE_ACCEPTED ? WB_NOTICE_REFUSAL : WB_NOTICE_NON_ACCEPTANCE;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
draft_supplement (WbRequest      *req,
                  const WbCase   *c,
                  JsonObject     *body,
                  WbNoticeDraft  *draft,
                  GError        **error)
{
  JsonArray *missing = json_object_get_array_member (body, "missing");
  guint n_missing = json_array_get_length (missing);

  /* 一次性告知: one notice lists everything. A second one on the same
   * submission must say why, and supervisors see it flagged. */
  if (c->supplement_count >= 1 && wb_text_is_blank (wb_json_string (body, "reason")))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                           "A second supplement request must give a reason (field “reason”)");
      return FALSE;
    }

  for (guint i = 0; i < n_missing; i++)
    {
      WbNoticeItem item = { 0 };
      char *reason = NULL;

      item.name = keep_copy (draft, json_array_get_string_element (missing, i));
      /* The reviewer's finding tells the applicant what to fix, not only
       * what to bring. */
      if (!wb_store_material_deficiency (req->conn, c->id, item.name, &reason, error))
        return FALSE;
      item.reason = keep (draft, reason);
      g_array_append_val (draft->items, item);
    }

  draft->notice.sequence = c->supplement_count + 1;
  draft->notice.note = keep_copy (draft, optional_text (body, "note"));
  draft->notice.reason = keep_copy (draft, optional_text (body, "reason"));
  return TRUE;
}

static gboolean
draft_acceptance (WbRequest      *req,
                  const WbCase   *c,
                  WbNoticeDraft  *draft,
                  GError        **error)
{
  g_autoptr(GPtrArray) names = NULL;

  if (!wb_store_case_received_names (req->conn, c->id, &names, error))
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      WbNoticeItem item = { keep_copy (draft, g_ptr_array_index (names, i)), NULL };
      g_array_append_val (draft->items, item);
    }
  draft->notice.deadline = keep_copy (draft, c->deadline);
  return TRUE;
}

gboolean
wb_notice_draft_for_action (WbRequest       *req,
                            const WbCase    *c,
                            WbCaseAction     action,
                            JsonObject      *body,
                            WbNoticeDraft  **out,
                            GError         **error)
{
  g_autoptr(WbNoticeDraft) draft = NULL;
  const WbUnit *unit;
  WbNoticeKind kind;
  WbNotice *n;

  *out = NULL;
  if (!wb_notice_kind_for_action (c->state, action, &kind))
    return TRUE;

  draft = g_new0 (WbNoticeDraft, 1);
  draft->strings = g_ptr_array_new_with_free_func (g_free);
  draft->items = g_array_new (FALSE, TRUE, sizeof (WbNoticeItem));
  n = &draft->notice;

  unit = wb_units_get (req->server->units, c->unit_code);
  n->kind = kind;
  n->unit_name = keep_copy (draft, unit != NULL ? unit->name : c->unit_code);
  n->case_no = keep_copy (draft, c->case_no);
  n->item_name = keep_copy (draft, c->item_name);
  n->applicant_name = keep_copy (draft, c->applicant_name);
  n->received_on = keep_copy (draft, c->received_on);
  n->issued_at = req->now;

  switch (kind)
    {
    case WB_NOTICE_SUPPLEMENT:
      if (!draft_supplement (req, c, body, draft, error))
        return FALSE;
      break;
    case WB_NOTICE_ACCEPTANCE:
      if (!draft_acceptance (req, c, draft, error))
        return FALSE;
      break;
    case WB_NOTICE_GRANT:
      {
        char *basis = NULL;

        if (!wb_store_item_basis (req->conn, c->item_code, c->item_version, &basis, error))
          return FALSE;
        n->item_basis = keep (draft, basis);
        n->result = keep_copy (draft, wb_json_string (body, "result"));
      }
      break;
    case WB_NOTICE_NON_ACCEPTANCE:
    case WB_NOTICE_REFUSAL:
      n->legal_basis = keep_copy (draft, wb_json_string (body, "legal_basis"));
      n->refusal_reason = keep_copy (draft, wb_json_string (body, "reason"));
      break;
    case WB_N_NOTICE_KINDS:
    default:
      g_assert_not_reached ();
    }

  n->items = (const WbNoticeItem *) draft->items->data;
  n->n_items = draft->items->len;
  *out = g_steal_pointer (&draft);
  return TRUE;
}

static char *
new_code (void)
{
  guchar raw[CODE_SYMBOLS];
  GString *code = g_string_sized_new (CODE_SYMBOLS + CODE_SYMBOLS / 4);

  if (sodium_init () < 0)
    g_error ("libsodium failed to initialise");
  randombytes_buf (raw, sizeof raw);
  for (guint i = 0; i < CODE_SYMBOLS; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, code_alphabet[raw[i] % (sizeof code_alphabet - 1)]);
    }
  sodium_memzero (raw, sizeof raw);
  return g_string_free (code, FALSE);
}

char *
wb_notice_code_normalize (const char *text)
{
  GString *code;
  guint n = 0;

  if (text == NULL)
    return NULL;
  code = g_string_sized_new (CODE_SYMBOLS + CODE_SYMBOLS / 4);
  for (const char *p = text; *p != '\0'; p++)
    {
      char ch = g_ascii_toupper (*p);

      if (ch == '-' || ch == ' ')
        continue;
      if (strchr (code_alphabet, ch) == NULL || n == CODE_SYMBOLS)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      if (n > 0 && n % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, ch);
      n++;
    }
  if (n != CODE_SYMBOLS)
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

/* The blob goes first: it is content-addressed, so a rollback of the
 * action leaves at most an unreferenced file, never a notice on record
 * without its document. */
gboolean
wb_notice_draft_issue (WbRequest      *req,
                       WbNoticeDraft  *draft,
                       const WbCase   *c,
                       const char     *now,
                       JsonObject     *detail,
                       GError        **error)
{
  WbNotice *n = &draft->notice;
  g_autofree char *code = new_code ();
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *name = NULL;
  gint64 material_id = 0;

  n->preview = FALSE;
  n->verification_code = code;
  if (!(pdf = wb_notice_pdf_render (n, error)))
    return FALSE;
  if (!(sha = wb_blob_store_put (req->server->blobs, pdf, error)))
    return FALSE;

  if (n->kind == WB_NOTICE_SUPPLEMENT)
    name = g_strdup_printf ("一次性告知书（第%u次）", n->sequence);
  else
    name = g_strdup (wb_notice_kind_title (n->kind));

  if (!wb_store_material_add (req->conn, c->id, name, sha, g_bytes_get_size (pdf),
                              now, req->user->username, &material_id, error) ||
      !wb_store_notice_add (req->conn, code, wb_notice_kind_to_string (n->kind), c->id,
                            material_id, sha, now, error))
    return FALSE;

  json_object_set_string_member (detail, "notice", name);
  json_object_set_string_member (detail, "notice_kind", wb_notice_kind_to_string (n->kind));
  json_object_set_string_member (detail, "notice_code", code);
  json_object_set_string_member (detail, "notice_sha256", sha);
  json_object_set_int_member (detail, "notice_material_id", material_id);
  n->verification_code = NULL;
  return wb_store_event_add (req->conn, now, "case.materials", c->id, c->unit_code, error);
}

GBytes *
wb_notice_draft_preview (WbNoticeDraft  *draft,
                         GError        **error)
{
  draft->notice.preview = TRUE;
  draft->notice.verification_code = NULL;
  return wb_notice_pdf_render (&draft->notice, error);
}
