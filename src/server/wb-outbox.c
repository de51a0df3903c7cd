/* wb-outbox.c: queueing the applicant's messages and their templates
 *
 * A decision and the messages announcing it commit together, so the
 * applicant is never told of a decision that was rolled back, and never
 * left untold of one that stands. Delivery is wb-webhook.c's business.
 *
 * The messages carry the case number, the item and the unit, never the
 * ID number: no placeholder yields it. The phone number is only where an
 * SMS goes, and is read from the case when it is sent, not copied here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-error.h"
#include "wb-outbox.h"
#include "wb-store-private.h"
#include "wb-units.h"

const char * const wb_outbox_channels[] = { "sms", "app", "web", NULL };

static const char * const placeholders[] = {
  "case_no", "item", "unit", "deadline", "tracking_no", "courier", NULL
};

/* An SMS is short and signed with the unit, as Chinese gateways expect;
 * the app and the web have room to say where to look next. */
static const struct {
  const char *action;
  const char *sms;
  const char *online;
} defaults[] = {
  { "accept",
    "【{unit}】您申请的{item}（办件号{case_no}）已受理，承诺于{deadline}前办结。可凭办件号查询办理进度。",
    "您申请的{item}已受理。办件号：{case_no}；办理单位：{unit}；承诺办结日期：{deadline}。可凭办件号随时查询办理进度。" },
  { "request_supplement",
    "【{unit}】您申请的{item}（办件号{case_no}）材料需补正，请按一次性告知书补齐所列材料后重新提交，补齐前办理时限暂停计算。",
    "您申请的{item}（办件号{case_no}）材料需补正。{unit}已出具一次性告知书，列明需补正的全部材料，请查看告知书并补齐后重新提交。补齐前办理时限暂停计算。" },
  { "approve",
    "【{unit}】您申请的{item}（办件号{case_no}）已准予许可。工作人员将与您联系，确认免费邮寄或窗口领取。",
    "您申请的{item}（办件号{case_no}）已准予许可，请查看准予许可决定书。{unit}工作人员将与您联系，确认免费邮寄或到窗口领取。" },
  { "refuse",
    "【{unit}】您申请的{item}（办件号{case_no}）经审查未予准许，理由和法律依据见决定书。如有异议，可在60日内申请行政复议或在6个月内提起行政诉讼。",
    "您申请的{item}（办件号{case_no}）经{unit}审查未予准许，理由和法律依据请查看决定书。如有异议，可自收到决定书之日起60日内申请行政复议，或在6个月内依法提起行政诉讼。" },
  { "extend_deadline",
    "【{unit}】您申请的{item}（办件号{case_no}）办理时限依法延长至{deadline}，给您带来不便，敬请谅解。",
    "您申请的{item}（办件号{case_no}）因情况复杂，{unit}依法将办理时限延长至{deadline}。给您带来不便，敬请谅解。" },
  { "ship",
    "【{unit}】您申请的{item}（办件号{case_no}）证件已由{courier}免费邮寄，快递单号{tracking_no}，请注意查收。",
    "您申请的{item}（办件号{case_no}）证件已由{unit}交{courier}免费邮寄，快递单号：{tracking_no}。请注意查收。" },
  { "print_ready",
    "【{unit}】您申请的{item}（办件号{case_no}）证件已制好，请预约领取时间，携带本人有效身份证件到窗口领取。",
    "您申请的{item}（办件号{case_no}）证件已制好。请预约领取时间，携带本人有效身份证件到{unit}窗口领取。" },
  /* Not a decision: the callback scheduler gave up reaching the
   * applicant by phone (wb-callbacks.c). Only by SMS, to the number that
   * did not answer; an empty text switches the other channels off. */
  { "callback_unreachable",
    "【{unit}】您好，我们就您申请的{item}（办件号{case_no}）多次致电未能联系上您。如需办理相关事宜，请与{unit}联系。",
    "" },
};

static const char * const notifying[] = {
  "accept", "request_supplement", "approve", "refuse", "extend_deadline", "ship", "print_ready",
  "callback_unreachable", NULL
};

const char * const *
wb_outbox_notifying_actions (void)
{
  return notifying;
}

const char * const *
wb_outbox_placeholders (void)
{
  return placeholders;
}

gboolean
wb_outbox_action_notifies (const char *action)
{
  return action != NULL && g_strv_contains (notifying, action);
}

gboolean
wb_outbox_channel_known (const char *channel)
{
  return channel != NULL && g_strv_contains (wb_outbox_channels, channel);
}

const char *
wb_outbox_default_text (const char *action,
                        const char *channel)
{
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_strcmp0 (defaults[i].action, action) == 0)
      return g_strcmp0 (channel, "sms") == 0 ? defaults[i].sms : defaults[i].online;
  return NULL;
}

/* The length of "{name}" at p when name looks like a placeholder
 * (lower-case letters and '_'), else 0: other braces are plain text. */
static gsize
placeholder_at (const char  *p,
                char       **name)
{
  const char *q = p + 1;

  while ((*q >= 'a' && *q <= 'z') || *q == '_')
    q++;
  if (*q != '}' || q == p + 1)
    return 0;
  *name = g_strndup (p + 1, q - p - 1);
  return q - p + 1;
}

gboolean
wb_outbox_check_template (const char  *text,
                          GError     **error)
{
  for (const char *p = strchr (text, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      g_autofree char *name = NULL;

      if (placeholder_at (p, &name) > 0 && !g_strv_contains (placeholders, name))
        {
          g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                       "Unknown placeholder {%s}; known are {case_no}, {item}, {unit}, {deadline}, {tracking_no} and {courier}",
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
chinese_date (const char *iso)
{
  GDate date;

  if (iso == NULL || !wb_date_parse_iso (iso, &date))
    return g_strdup (iso ? iso : "");
  return g_strdup_printf ("%d年%d月%d日", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

static char *
render (const char *text,
        GHashTable *values)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      g_autofree char *name = NULL;
      gsize len = *p == '{' ? placeholder_at (p, &name) : 0;

      if (len > 0 && g_hash_table_contains (values, name))
        {
          g_string_append (out, g_hash_table_lookup (values, name));
          p += len;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
wb_outbox_real_now (gint64 plus_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, plus_ms * G_TIME_SPAN_MILLISECOND);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gboolean
wb_outbox_template_get (WbDbConn    *conn,
                        const char  *action,
                        const char  *channel,
                        char       **text,
                        char       **updated_at,
                        char       **updated_by,
                        GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT text, updated_at, updated_by FROM message_templates WHERE action = $1 AND channel = $2",
    error);
  GError *local_error = NULL;

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, action);
  wb_db_bind_text (s, 2, channel);
  if (wb_db_step (s, &local_error))
    {
      *text = wb_store_dup_col (s, 0);
      if (updated_at)
        *updated_at = wb_store_dup_col (s, 1);
      if (updated_by)
        *updated_by = wb_store_dup_col (s, 2);
      return TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *text = g_strdup (wb_outbox_default_text (action, channel));
  if (updated_at)
    *updated_at = NULL;
  if (updated_by)
    *updated_by = NULL;
  return TRUE;
}

gboolean
wb_outbox_template_set (WbDbConn    *conn,
                        const char  *action,
                        const char  *channel,
                        const char  *text,
                        const char  *now,
                        const char  *by,
                        GError     **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "INSERT INTO message_templates (action, channel, text, updated_at, updated_by) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (action, channel) DO UPDATE SET "
    "text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    error);

  if (s == NULL)
    return FALSE;
  wb_db_bind_text (s, 1, action);
  wb_db_bind_text (s, 2, channel);
  wb_db_bind_text (s, 3, text);
  wb_db_bind_text (s, 4, now);
  wb_db_bind_text (s, 5, by);
  return wb_store_run (s, error);
}

/* The history row the action has just written: the write lock is held,
 * so the case's newest row is ours. */
static gboolean
decision_row (WbDbConn  *conn,
              gint64     case_id,
              gint64    *out,
              GError   **error)
{
  g_autoptr(WbDbStmt) s = wb_db_prepare (conn,
    "SELECT MAX(id) FROM case_history WHERE case_id = $1", error);
  GError *local_error = NULL;

  if (s == NULL)
    return FALSE;
  wb_db_bind_int (s, 1, case_id);
  *out = 0;
  if (wb_db_step (s, &local_error) && !wb_db_col_is_null (s, 0))
    *out = wb_db_col_int (s, 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (*out == 0)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INTERNAL, "The decision has no history row");
      return FALSE;
    }
  return TRUE;
}

/* Who can be reached where: an SMS needs the phone, the app and the
 * web need the application's id on the platform it came from. */
static gboolean
reachable (WbCase     *c,
           const char *channel)
{
  if (g_str_equal (channel, "sms"))
    return c->applicant_phone != NULL && *c->applicant_phone != '\0';
  return c->upstream_id != NULL && *c->upstream_id != '\0';
}

gboolean
wb_outbox_queue (WbRequest    *req,
                 WbCase       *c,
                 WbCaseAction  action,
                 const char   *now,
                 GError      **error)
{
  return wb_outbox_queue_named (req, c, wb_case_action_to_string (action), now, error);
}

gboolean
wb_outbox_queue_named (WbRequest   *req,
                       WbCase      *c,
                       const char  *name,
                       const char  *now,
                       GError     **error)
{
  const WbUnit *unit = wb_units_get (req->server->units, c->unit_code);
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *due = NULL;
  gint64 history_id;

  if (!wb_outbox_action_notifies (name))
    return TRUE;
  if (!decision_row (req->conn, c->id, &history_id, error))
    return FALSE;

  deadline = chinese_date (c->deadline);
  values = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (values, (char *) "case_no", c->case_no);
  g_hash_table_insert (values, (char *) "item", c->item_name ? c->item_name : c->item_code);
  g_hash_table_insert (values, (char *) "unit", unit != NULL ? unit->name : c->unit_code);
  g_hash_table_insert (values, (char *) "deadline", deadline);
  g_hash_table_insert (values, (char *) "tracking_no", c->tracking_no ? c->tracking_no : (char *) "");
  /* A number alone does not say which courier's site to look it up on. */
  g_hash_table_insert (values, (char *) "courier", c->courier ? c->courier : (char *) "");
  due = wb_outbox_real_now (0);

  for (guint i = 0; wb_outbox_channels[i] != NULL; i++)
    {
      const char *channel = wb_outbox_channels[i];
      g_autofree char *template = NULL;
      g_autofree char *text = NULL;
      g_autofree char *message_id = NULL;
      g_autoptr(WbDbStmt) s = NULL;

      if (!reachable (c, channel))
        continue;
      if (!wb_outbox_template_get (req->conn, name, channel, &template, NULL, NULL, error))
        return FALSE;
      /* An emptied template switches the channel off for this decision. */
      if (wb_text_is_blank (template))
        continue;

      text = render (template, values);
      message_id = g_uuid_string_random ();
      if (!(s = wb_db_prepare (req->conn,
              "INSERT INTO outbox (message_id, case_id, history_id, action, channel, text, "
              "next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
              "ON CONFLICT (history_id, channel) DO NOTHING", error)))
        return FALSE;
      wb_db_bind_text (s, 1, message_id);
      wb_db_bind_int (s, 2, c->id);
      wb_db_bind_int (s, 3, history_id);
      wb_db_bind_text (s, 4, name);
      wb_db_bind_text (s, 5, channel);
      wb_db_bind_text (s, 6, text);
      wb_db_bind_text (s, 7, due);
      wb_db_bind_text (s, 8, now);
      if (!wb_store_run (s, error))
        return FALSE;
    }
  return TRUE;
}
