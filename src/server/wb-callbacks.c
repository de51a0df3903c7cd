/* wb-callbacks.c: when to call, when to give up, and what a rating opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-audit.h"
#include "wb-callbacks.h"
#include "wb-clock.h"
#include "wb-error.h"
#include "wb-log.h"
#include "wb-outbox.h"

/* The centre keeps China Standard Time: UTC+8, no daylight saving. */
#define LOCAL_OFFSET_HOURS 8

#define MAX_COMMENT_CHARS 500

const char * const wb_callback_purposes[] = {
  "supplement", "delivery_choice", "result_notice", "satisfaction", "bad_rating", "revisit", NULL
};

static const char * const outcomes[] = {
  "reached", "no_answer", "busy", "wrong_number", "refused", "call_later", NULL
};

gboolean
wb_callback_purpose_known (const char *purpose)
{
  return purpose != NULL && g_strv_contains (wb_callback_purposes, purpose);
}

gboolean
wb_callback_outcome_known (const char *outcome)
{
  return outcome != NULL && g_strv_contains (outcomes, outcome);
}

/* Working time */

static void
local_day (GDateTime *t,
           GDate     *out)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (t);

  wb_clock_local_date (utc, out);
}

/* Minutes since local midnight. */
static int
local_minute (GDateTime *t)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (t);
  g_autoptr(GDateTime) local = g_date_time_add_hours (utc, LOCAL_OFFSET_HOURS);

  return g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

static GDateTime *
local_at (const GDate *day,
          int          hour)
{
  g_autoptr(GDateTime) wall = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                                                   g_date_get_day (day), hour, 0, 0);

  return g_date_time_add_hours (wall, -LOCAL_OFFSET_HOURS);
}

GDateTime *
wb_work_next_morning (WbCalendar *calendar,
                      GDateTime  *t)
{
  GDate day;

  local_day (t, &day);
  do
    g_date_add_days (&day, 1);
  while (!wb_calendar_is_working_day (calendar, &day));
  return local_at (&day, WB_WORK_START_HOUR);
}

GDateTime *
wb_work_time_start (WbCalendar *calendar,
                    GDateTime  *t)
{
  GDate day;
  int minute = local_minute (t);

  local_day (t, &day);
  if (wb_calendar_is_working_day (calendar, &day))
    {
      if (minute < WB_WORK_START_HOUR * 60)
        return local_at (&day, WB_WORK_START_HOUR);
      if (minute < WB_WORK_END_HOUR * 60)
        return g_date_time_to_utc (t);
    }
  return wb_work_next_morning (calendar, t);
}

GDateTime *
wb_work_time_add (WbCalendar *calendar,
                  GDateTime  *t,
                  gint64      minutes)
{
  g_autoptr(GDateTime) cur = wb_work_time_start (calendar, t);
  GTimeSpan left = MAX (minutes, 0) * G_TIME_SPAN_MINUTE;

  for (;;)
    {
      GDate day;
      g_autoptr(GDateTime) end = NULL;
      GTimeSpan room;

      local_day (cur, &day);
      end = local_at (&day, WB_WORK_END_HOUR);
      room = g_date_time_difference (end, cur);
      if (left <= room)
        return g_date_time_add (cur, left);
      left -= room;
      {
        GDateTime *next = wb_work_next_morning (calendar, cur);
        g_date_time_unref (cur);
        cur = next;
      }
    }
}

GDateTime *
wb_callback_next_try (WbCalendar *calendar,
                      GDateTime  *now,
                      guint       retry_minutes,
                      guint       calls_today,
                      guint       max_per_day)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) next = NULL;
  GDate day;

  if (calls_today >= max_per_day)
    return wb_work_next_morning (calendar, now);

  /* A rule longer than a working day can only be counted in working
   * time; a short one lands the same day or waits for the morning. */
  if (retry_minutes >= WB_WORK_DAY_MINUTES)
    return wb_work_time_add (calendar, now, retry_minutes);

  start = wb_work_time_start (calendar, now);
  next = g_date_time_add_minutes (start, retry_minutes);
  local_day (start, &day);
  end = local_at (&day, WB_WORK_END_HOUR);
  if (g_date_time_compare (next, end) > 0)
    return wb_work_next_morning (calendar, start);
  return g_steal_pointer (&next);
}

gboolean
wb_callback_revisit_picked (const char *seed,
                            gint64      case_id,
                            guint       percent)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  guint8 digest[32];
  gsize len = sizeof digest;
  guint32 value;

  if (percent == 0)
    return FALSE;
  if (percent >= 100)
    return TRUE;
  /* Keyed, so nobody who knows a case id can tell whether it will be
   * called, and deterministic, so a test can say which one is. */
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) (seed ? seed : ""), seed ? strlen (seed) : 0);
  g_hmac_update (hmac, (const guchar *) id, -1);
  g_hmac_get_digest (hmac, digest, &len);
  value = ((guint32) digest[0] << 24) | ((guint32) digest[1] << 16) |
          ((guint32) digest[2] << 8) | digest[3];
  return value % 100 < percent;
}

/* The flow's hooks */

static char *
due_after_days (WbRequest  *req,
                gint64      days,
                const char *now_iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, NULL);
  g_autoptr(GDateTime) due = NULL;

  if (days <= 0 || now == NULL)
    return g_strdup (now_iso);
  due = wb_work_time_add (req->server->calendar, now, days * WB_WORK_DAY_MINUTES);
  return wb_time_to_iso (due);
}

gboolean
wb_callbacks_file (WbRequest   *req,
                   gint64       case_id,
                   const char  *purpose,
                   const char  *now,
                   GError     **error)
{
  WbCallbackRule rule;
  g_autofree char *due = NULL;

  if (!wb_store_callback_rule_get (req->conn, purpose, &rule, error))
    return FALSE;
  due = due_after_days (req, rule.due_after_days, now);
  wb_callback_rule_clear (&rule);
  return wb_store_callback_add (req->conn, case_id, purpose, due, now, error);
}

gboolean
wb_callbacks_after_action (WbRequest    *req,
                           WbCase       *c,
                           WbCaseAction  action,
                           const char   *now,
                           GError      **error)
{
  if (c->assignee_id > 0 && !wb_store_callbacks_hand_to (req->conn, c->id, c->assignee_id, error))
    return FALSE;

  switch (action)
    {
    case WB_ACTION_CHOOSE_DELIVERY:
      /* The choice reached the case another way: nobody need call. */
      return wb_store_callbacks_cancel (req->conn, c->id, "delivery_choice", now, error);

    case WB_ACTION_SUPPLEMENT_RECEIVED:
      /* The materials came, whether or not the call got through: a call
       * asking for them now would only confuse the applicant. */
      return wb_store_callbacks_cancel (req->conn, c->id, "supplement", now, error);

    case WB_ACTION_WITHDRAW:
      return wb_store_callbacks_cancel (req->conn, c->id, NULL, now, error);

    case WB_ACTION_ARCHIVE:
      {
        WbCallbackRule rule;
        gboolean picked;

        if (!wb_store_callback_rule_get (req->conn, "revisit", &rule, error))
          return FALSE;
        picked = wb_callback_revisit_picked (rule.revisit_seed, c->id, MAX (rule.revisit_percent, 0));
        wb_callback_rule_clear (&rule);
        return !picked || wb_callbacks_file (req, c->id, "revisit", now, error);
      }

    default:
      return TRUE;
    }
}

gboolean
wb_callbacks_rate (WbRequest   *req,
                   WbCase      *c,
                   gint64       level,
                   const char  *comment,
                   const char  *source,
                   gint64       callback_id,
                   const char  *now,
                   GError     **error)
{
  WbCallbackRule rule;
  g_autoptr(GDateTime) now_dt = NULL;
  g_autofree char *due = NULL;
  g_autofree char *deadline = NULL;
  gint64 rating_id;
  GDate today, last;
  gboolean ok;

  if (!wb_store_rating_add (req->conn, c->id, level, comment, source, callback_id,
                            req->user->username, now, &rating_id, error) ||
      !wb_store_event_add (req->conn, now, "case.rating", c->id, c->unit_code, error))
    return FALSE;
  if (level > 2)
    return TRUE;

  /* 不满意 or 非常不满意: called back within a working day, rectified
   * within the configured working days (6.6). */
  if (!wb_store_callback_rule_get (req->conn, "bad_rating", &rule, error))
    return FALSE;
  due = due_after_days (req, MAX (rule.due_after_days, 0), now);
  now_dt = g_date_time_new_from_iso8601 (now, NULL);
  wb_clock_local_date (now_dt, &today);
  wb_calendar_add_working_days (req->server->calendar, &today,
                                rule.rectify_within_days > 0 ? rule.rectify_within_days : 5, &last);
  deadline = wb_date_to_iso (&last);
  wb_callback_rule_clear (&rule);

  ok = wb_store_rectification_add (req->conn, c->id, rating_id, c->unit_code, due, deadline, now, error) &&
       wb_store_callback_add (req->conn, c->id, "bad_rating", due, now, error);
  return ok;
}

gboolean
wb_callbacks_mark_unreachable (WbRequest   *req,
                               WbCallback  *cb,
                               const char  *actor,
                               gboolean     tell_applicant,
                               const char  *now,
                               GError     **error)
{
  g_autoptr(WbCase) c = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  const char *state;

  g_free (cb->status);
  cb->status = g_strdup ("unreachable");
  g_free (cb->closed_at);
  cb->closed_at = g_strdup (now);
  if (!wb_store_callback_update (req->conn, cb, error) ||
      !wb_store_case_get (req->conn, cb->case_id, &c, error))
    return FALSE;
  if (c == NULL)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_INTERNAL, "The callback's case is gone");
      return FALSE;
    }

  /* The case's history says the applicant could not be reached, and the
   * SMS hangs off that row as a decision's messages hang off theirs. */
  state = wb_case_state_to_string (c->state);
  json_object_set_string_member (detail, "purpose", cb->purpose);
  json_object_set_int_member (detail, "callback_id", cb->id);
  json_object_set_int_member (detail, "attempts", cb->attempts);
  if (!wb_store_history_add (req->conn, c->id, now, actor,
                             "callback_unreachable", state, state, detail, error) ||
      !wb_store_event_add (req->conn, now, "case.callbacks", c->id, c->unit_code, error))
    return FALSE;
  return !tell_applicant || wb_outbox_queue_named (req, c, "callback_unreachable", now, error);
}

gboolean
wb_callbacks_sweep (WbRequest  *req,
                    GError    **error)
{
  g_autofree char *now = wb_request_now_iso (req);
  g_autoptr(GArray) ids = NULL;

  if (!wb_store_callbacks_to_give_up (req->conn, now, &ids, error))
    return FALSE;
  if (ids->len == 0)
    return TRUE;

  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(WbCallback) cb = NULL;
      WbAuditRecord record = {
        .actor = "service:callbacks", .peer = req->peer, .action = "callback_unreachable",
        .result = "ok", .request_id = req->request_id,
      };

      if (!wb_store_callback_get (req->conn, g_array_index (ids, gint64, i), &cb, error))
        goto fail;
      /* Another request may have swept it first. */
      if (cb == NULL || g_strcmp0 (cb->status, "open") != 0 || cb->give_up_at == NULL ||
          g_strcmp0 (cb->give_up_at, now) > 0)
        continue;
      record.object = cb->case_no;
      record.reason = cb->purpose;
      if (!wb_callbacks_mark_unreachable (req, cb, "service:callbacks", TRUE, now, error) ||
          !wb_audit_append (req->conn, now, &record, error))
        goto fail;
    }
  if (wb_db_commit (req->conn, error))
    return TRUE;

fail:
  wb_db_rollback (req->conn);
  return FALSE;
}

void
wb_callbacks_sweep_quietly (WbRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!wb_callbacks_sweep (req, &error))
    wb_log_event ("error", "overdue callbacks could not be closed",
                  "request_id", req->request_id,
                  "detail", error->message,
                  NULL);
}

void
wb_callbacks_add_rating (WbJsonWriter *w,
                         WbRequest    *req,
                         gint64        case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rating = wb_store_rating_latest_json (req->conn, case_id, &error);
  JsonObject *obj;

  wb_jw_member (w, "rating");
  if (rating == NULL || !JSON_NODE_HOLDS_OBJECT (rating))
    {
      /* A case reads without its rating rather than not at all. */
      if (error != NULL)
        g_warning ("Could not read the rating of case %" G_GINT64_FORMAT ": %s", case_id, error->message);
      wb_jw_null (w);
      return;
    }
  obj = json_node_get_object (rating);
  wb_jw_begin_object (w);
  wb_jw_int_member (w, "id", json_object_get_int_member (obj, "id"));
  wb_jw_int_member (w, "level", json_object_get_int_member (obj, "level"));
  wb_jw_bool_member (w, "bad", json_object_get_int_member (obj, "level") <= 2);
  wb_jw_string_member (w, "comment", wb_json_string (obj, "comment"));
  wb_jw_string_member (w, "source", wb_json_string (obj, "source"));
  wb_jw_string_member (w, "rated_by", wb_json_string (obj, "rated_by"));
  wb_jw_string_member (w, "at", wb_json_string (obj, "at"));
  wb_jw_end_object (w);
}

gboolean
wb_callbacks_rating_level (JsonObject *rating,
                           gint64     *level)
{
  JsonNode *node = rating ? json_object_get_member (rating, "level") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *level = json_node_get_int (node);
  return *level >= 1 && *level <= 5;
}

gboolean
wb_callbacks_rating_comment (JsonObject  *rating,
                             const char **comment)
{
  JsonNode *node = rating ? json_object_get_member (rating, "comment") : NULL;
  const char *text;

  *comment = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  text = wb_json_string (rating, "comment");
  if (text == NULL || g_utf8_strlen (text, -1) > MAX_COMMENT_CHARS)
    return FALSE;
  if (!wb_text_is_blank (text))
    *comment = text;
  return TRUE;
}
