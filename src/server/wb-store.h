/* wb-store.h: the domain's storage, over any WbDb driver
 *
 * Handlers call these and never write SQL. Each function works inside
 * whatever transaction the caller holds on conn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wb-case-flow.h"
#include "wb-request.h"

G_BEGIN_DECLS

typedef struct
{
  gint64           id;
  char            *case_no;
  char            *upstream_id;
  char            *source;
  char            *item_code;
  gint64           item_version;
  char            *item_name;
  char            *unit_code;
  WbCaseState      state;
  WbDeliveryStage  stage;
  gint64           assignee_id;        /* 0 when unassigned */
  char            *assignee_username;
  char            *assignee_name;
  char            *applicant_name;
  char            *applicant_id_number;
  char            *applicant_phone;
  char            *applicant_address;
  char            *submitted_at;
  char            *received_on;
  char            *deadline;
  char            *clock_stopped_on;
  gboolean         deadline_extended;
  gint64           supplement_count;
  char            *delivery_method;
  char            *delivery_address;
  char            *tracking_no;
  char            *pickup_slot;
  char            *result;
  char            *refusal_basis;
  char            *refusal_reason;
  gint64           fees_collected;     /* -1 until archived */
  gint64           version;
  char            *updated_at;
  /* The statutory clock's counts (wb-statutory-clock.h); promised_days is
   * the item version's promised limit. */
  gint64           promised_days;
  gint64           clock_stopped_days;
  gint64           extension_days;
  /* Delivery (wb-store-delivery.c). pickup_day/start/end are read from
   * the booked slot and never written back. */
  char            *courier;
  char            *printed_at;
  gint64           pickup_slot_id;     /* 0 when none is booked */
  char            *collector;          /* "applicant" or "agent" */
  char            *agent_name;
  char            *agent_id_number;
  char            *handed_over_at;
  char            *pickup_day;
  char            *pickup_start;
  char            *pickup_end;
} WbCase;

void     wb_case_free (WbCase *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbCase, wb_case_free)

/* The time-limit sort key (migration 0011): the deadline, with '~'
 * before it while the case waits in 'supplement' with its clock
 * stopped, so those sort after every running clock. As SQL over a
 * deadline and a state expression, and in C for a cursor
 * (wb_case_sort_deadline()). */
#define WB_SORT_DEADLINE_SQL(deadline, state) \
  "CASE WHEN " state " = 'supplement' THEN '~' || " deadline " ELSE " deadline " END"
char    *wb_case_sort_deadline (const WbCase *c);

typedef enum
{
  WB_SORT_DEADLINE,
  WB_SORT_SUBMITTED,
  WB_SORT_CASE_NO,
  WB_SORT_UPDATED,
} WbCaseSort;

typedef enum
{
  WB_ASSIGNEE_FILTER_ANY,
  WB_ASSIGNEE_FILTER_NONE,
  WB_ASSIGNEE_FILTER_USER,
} WbAssigneeFilter;

typedef struct
{
  GPtrArray       *units;           /* allowed unit codes; NULL = every unit */
  GPtrArray       *states;          /* state names; NULL = any */
  const char      *item_code;
  WbAssigneeFilter assignee;
  gint64           assignee_id;
  const char      *deadline_before; /* deadline < this date (overdue) */
  const char      *deadline_upto;   /* deadline <= this date (due soon) */
  gboolean         running_only;    /* only cases whose clock runs */
  gboolean         repeat_supplement; /* only cases flagged repeat_supplement */
  const char      *text;            /* case number prefix or full applicant name */
  WbCaseSort       sort;
  gboolean         descending;
  const char      *after_value;     /* cursor: sort value and id of the last row */
  gint64           after_id;
  guint            offset;          /* rows to skip: a jump into the list */
  guint            limit;
} WbCaseQuery;

gboolean   wb_store_migrate          (WbDbConn    *conn,
                                      GError     **error);
gboolean   wb_store_count            (WbDbConn    *conn,
                                      const char  *table,
                                      gint64      *out,
                                      GError     **error);

/* Sessions and credentials */
gboolean   wb_store_session_create   (WbDbConn *conn, const char *hash, gint64 user_id,
                                      const char *now, const char *peer, GError **error);
gboolean   wb_store_session_lookup   (WbDbConn *conn, const char *hash, WbUser **user,
                                      char **created_at, char **last_seen, GError **error);
gboolean   wb_store_session_touch    (WbDbConn *conn, const char *hash, const char *now, GError **error);
gboolean   wb_store_session_delete   (WbDbConn *conn, const char *hash, GError **error);
gboolean   wb_store_service_create   (WbDbConn *conn, const char *name, const char *hash,
                                      const char *now, GError **error);
gboolean   wb_store_service_lookup   (WbDbConn *conn, const char *hash, char **name, GError **error);

/* Users */
gboolean   wb_store_user_for_login   (WbDbConn *conn, const char *username, WbUser **user,
                                      char **password_hash, char **locked_until,
                                      gboolean *disabled, GError **error);
gboolean   wb_store_user_get         (WbDbConn *conn, gint64 id, WbUser **user, GError **error);
gboolean   wb_store_user_by_name     (WbDbConn *conn, const char *username, WbUser **user, GError **error);
gboolean   wb_store_user_insert      (WbDbConn *conn, const char *username, const char *display_name,
                                      const char *unit_code, WbRoles roles, const char *password_hash,
                                      gboolean is_demo, const char *now, gint64 *out_id, GError **error);
gboolean   wb_store_user_set_roles   (WbDbConn *conn, gint64 id, WbRoles roles, GError **error);
gboolean   wb_store_users_in_units   (WbDbConn *conn, GPtrArray *units, WbRoles with_role,
                                      GPtrArray **out_users, GError **error);
gboolean   wb_store_login_failed     (WbDbConn *conn, gint64 user_id, const char *now,
                                      const char *window_start, gint64 *failures, GError **error);
gboolean   wb_store_login_succeeded  (WbDbConn *conn, gint64 user_id, GError **error);
gboolean   wb_store_user_lock        (WbDbConn *conn, gint64 user_id, const char *until, GError **error);

/* Units and items */
gboolean   wb_store_unit_insert      (WbDbConn *conn, const char *code, const char *name,
                                      int level, const char *parent, GError **error);
gboolean   wb_store_item_insert      (WbDbConn *conn, JsonObject *item, const char *now, GError **error);
/* The newest version of each item, or one item's versions; as JSON. */
JsonNode  *wb_store_items_json       (WbDbConn *conn, const char *code, gboolean all_versions,
                                      GError **error);
gboolean   wb_store_item_latest      (WbDbConn *conn, const char *code, gint64 *version,
                                      char **name, gint64 *promised_days, GError **error);
JsonNode  *wb_store_item_materials   (WbDbConn *conn, const char *code, gint64 version, GError **error);
gboolean   wb_store_item_basis       (WbDbConn *conn, const char *code, gint64 version, char **basis,
                                      GError **error);

/* Cases */
gboolean   wb_store_case_get         (WbDbConn *conn, gint64 id, WbCase **out, GError **error);
gboolean   wb_store_case_by_upstream (WbDbConn *conn, const char *upstream_id, gint64 *out_id,
                                      GError **error);
gboolean   wb_store_case_filed_by    (WbDbConn *conn, gint64 case_id, char **out_service,
                                      GError **error);
gboolean   wb_store_case_insert      (WbDbConn *conn, WbCase *c, GError **error);
/* Writes every mutable field; fails with WB_ERROR_PRECONDITION_FAILED if
 * the stored version is no longer c->version, then bumps c->version. */
gboolean   wb_store_case_update      (WbDbConn *conn, WbCase *c, GError **error);
gboolean   wb_store_cases_list       (WbDbConn *conn, const WbCaseQuery *query,
                                      GPtrArray **out_cases, GError **error);
gboolean   wb_store_cases_count      (WbDbConn *conn, const WbCaseQuery *query, gint64 *out,
                                      GError **error);
JsonNode  *wb_store_filters_json     (WbDbConn *conn, gint64 user_id, GError **error);
gboolean   wb_store_filter_add       (WbDbConn *conn, gint64 user_id, const char *name, const char *query,
                                      const char *now, gint64 *out_id, GError **error);
gboolean   wb_store_filter_delete    (WbDbConn *conn, gint64 user_id, gint64 id, gboolean *deleted,
                                      GError **error);
gboolean   wb_store_next_case_no     (WbDbConn *conn, const char *unit_code, const char *today,
                                      char **out, GError **error);

gboolean   wb_store_history_add      (WbDbConn *conn, gint64 case_id, const char *at, const char *actor,
                                      const char *action, const char *from_state, const char *to_state,
                                      JsonObject *detail, GError **error);
JsonNode  *wb_store_history_json     (WbDbConn *conn, gint64 case_id, GError **error);
gboolean   wb_store_event_add        (WbDbConn *conn, const char *at, const char *kind,
                                      gint64 case_id, const char *unit_code, GError **error);
/* Events after since, within units (NULL = all), at most limit. */
JsonNode  *wb_store_events_json      (WbDbConn *conn, gint64 since, GPtrArray *units, guint limit,
                                      gint64 *out_last, GError **error);
gboolean   wb_store_events_latest    (WbDbConn *conn, gint64 *out, GError **error);
gboolean   wb_store_callback_add     (WbDbConn *conn, gint64 case_id, const char *kind,
                                      const char *due_at, const char *now, GError **error);
JsonNode  *wb_store_callbacks_json   (WbDbConn *conn, gint64 case_id, GError **error);

gboolean   wb_store_material_add     (WbDbConn *conn, gint64 case_id, const char *name, const char *sha256,
                                      gint64 size, const char *now, const char *by, gint64 *out_id,
                                      GError **error);
/* material_id 0 lists every material of the case. */
JsonNode  *wb_store_materials_json   (WbDbConn *conn, gint64 case_id, gint64 material_id,
                                      GError **error);
gboolean   wb_store_material_set_rotation (WbDbConn *conn, gint64 material_id, gint64 degrees,
                                           GError **error);
gboolean   wb_store_material_review  (WbDbConn *conn, gint64 material_id, const char *verdict,
                                      const char *reason, const char *reviewer, const char *now,
                                      GError **error);
gboolean   wb_store_material_get     (WbDbConn *conn, gint64 case_id, gint64 material_id, char **sha256,
                                      char **name, gint64 *size, GError **error);
/* The reason of the latest deficient verdict on a material of that name
 * in the case; NULL when none was found deficient. */
gboolean   wb_store_material_deficiency (WbDbConn *conn, gint64 case_id, const char *name,
                                         char **reason, GError **error);

/* Notices served on applicants (wb-store-notices.c). A lookup of an
 * unknown code leaves *case_id at 0. */
gboolean   wb_store_notice_add       (WbDbConn *conn, const char *code, const char *kind, gint64 case_id,
                                      gint64 material_id, const char *sha256, const char *issued_at,
                                      GError **error);
gboolean   wb_store_notice_lookup    (WbDbConn *conn, const char *code, char **kind, gint64 *case_id,
                                      char **sha256, char **issued_at, GError **error);
gboolean   wb_store_case_received_names (WbDbConn *conn, gint64 case_id, GPtrArray **out,
                                         GError **error);

/* Delivery (wb-store-delivery.c). Putting a day replaces its slots: one
 * missing from the list is removed, and one whose start matches keeps its
 * id and bookings; removing a booked slot, or lowering a capacity below
 * its bookings, fails with WB_ERROR_CONFLICT. */
typedef struct
{
  const char *start;       /* HH:MM */
  const char *end;
  gint64      capacity;
} WbPickupSlotSpec;

gboolean   wb_store_pickup_day_put   (WbDbConn *conn, const char *unit_code, const char *day,
                                      const WbPickupSlotSpec *slots, guint n_slots, const char *by,
                                      const char *now, GError **error);
JsonNode  *wb_store_pickup_slots_json (WbDbConn *conn, const char *unit_code, const char *from,
                                       const char *to, GError **error);
/* An unknown slot leaves *unit_code NULL. */
gboolean   wb_store_pickup_slot_get  (WbDbConn *conn, gint64 id, char **unit_code, char **day,
                                      char **start, GError **error);
/* Takes one place if the slot has one left: *taken says whether it did. */
gboolean   wb_store_pickup_slot_take (WbDbConn *conn, gint64 id, gboolean *taken, GError **error);
gboolean   wb_store_pickup_slot_release (WbDbConn *conn, gint64 id, GError **error);
/* Printed for the window and not handed over, oldest print first
 * (wb-store-cases.c); units NULL means every unit. */
gboolean   wb_store_cases_uncollected (WbDbConn *conn, GPtrArray *units, guint limit,
                                       GPtrArray **out_cases, GError **error);

/* Idempotency */
gboolean   wb_store_idem_get         (WbDbConn *conn, const char *user_key, const char *key,
                                      char **request_hash, guint *status, char **body, char **etag,
                                      GError **error);
gboolean   wb_store_idem_put         (WbDbConn *conn, const char *user_key, const char *key,
                                      const char *request_hash, guint status, const char *body,
                                      const char *etag, const char *now, GError **error);

JsonNode  *wb_store_audit_json       (WbDbConn *conn, gint64 before_id, guint limit, GError **error);

/* Calendar years loaded through the API (wb-store-calendars.c). A year
 * never loaded gives *body == NULL. */
gboolean   wb_store_calendar_put     (WbDbConn *conn, int year, const char *body, const char *loaded_by,
                                      const char *now, GError **error);
gboolean   wb_store_calendar_get     (WbDbConn *conn, int year, char **body, GError **error);
/* Applies every stored year to @calendar, in year order. */
gboolean   wb_store_calendars_load   (WbDbConn *conn, WbCalendar *calendar, GError **error);
/* Cases whose clock has not finished and whose stored deadline is on or
 * after @first_day, with only the fields the clock needs and the unit. A
 * new calendar year can move exactly those. */
gboolean   wb_store_case_clocks_from (WbDbConn *conn, const char *first_day, GPtrArray **out,
                                      GError **error);
/* Rewrites the stored deadline, the sort key of the inbox, and bumps the
 * version: the case on the wire shows the deadline, so a desk's copy
 * is stale. */
gboolean   wb_store_case_set_deadline (WbDbConn *conn, gint64 id, const char *deadline,
                                       GError **error);

/* Callback tasks, their attempts and rules, ratings and rectifications
 * (wb-store-callbacks.c). wb_store_callback_add() above files nothing
 * while the case has an open task of the same purpose. */
typedef struct
{
  gint64  id;
  gint64  case_id;
  char   *case_no;
  char   *item_name;
  char   *unit_code;
  char   *purpose;
  char   *due_at;
  char   *status;
  gint64  attempts;
  char   *last_outcome;
  char   *last_attempt_at;
  char   *give_up_at;
  char   *created_at;
  char   *closed_at;
  gint64  assignee_id;        /* 0 when unassigned */
  char   *assignee_username;
  char   *assignee_name;
  char   *applicant_name;     /* clear: mask before it leaves */
  char   *applicant_phone;
} WbCallback;

void     wb_callback_free (WbCallback *cb);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbCallback, wb_callback_free)

typedef struct
{
  GPtrArray        *units;         /* NULL = every unit */
  GPtrArray        *purposes;      /* NULL = any */
  const char       *status;        /* NULL = any */
  WbAssigneeFilter  assignee;
  gint64            assignee_id;
  const char       *due_before;    /* due_at < this */
  const char       *due_after;     /* due_at >= this */
  const char       *after_due;     /* cursor: the last row's due time and id */
  gint64            after_id;
  guint             limit;
} WbCallbackQuery;

typedef struct
{
  char   *purpose;
  gint64  retry_after_minutes;
  gint64  max_attempts_per_day;
  gint64  give_up_after_days;
  gint64  due_after_days;
  gint64  rectify_within_days;    /* -1 where it does not apply */
  gint64  revisit_percent;        /* -1 where it does not apply */
  char   *revisit_seed;
  char   *updated_at;
  char   *updated_by;
} WbCallbackRule;

void     wb_callback_rule_clear (WbCallbackRule *rule);

gboolean   wb_store_callback_get     (WbDbConn *conn, gint64 id, WbCallback **out, GError **error);
gboolean   wb_store_callbacks_list   (WbDbConn *conn, const WbCallbackQuery *q, GPtrArray **out,
                                      GError **error);
/* Writes the task's status, due time, attempts, outcome, give-up time,
 * assignee and closing time. */
gboolean   wb_store_callback_update  (WbDbConn *conn, const WbCallback *cb, GError **error);
/* Open tasks of a case: purpose NULL means every purpose. */
gboolean   wb_store_callbacks_cancel (WbDbConn *conn, gint64 case_id, const char *purpose,
                                      const char *now, GError **error);
/* Closes the case's open tasks of @purpose as done: what they were to
 * ask is known another way. */
gboolean   wb_store_callbacks_settle (WbDbConn *conn, gint64 case_id, const char *purpose,
                                      const char *now, GError **error);
gboolean   wb_store_callbacks_hand_to (WbDbConn *conn, gint64 case_id, gint64 user_id,
                                       GError **error);
gboolean   wb_store_callbacks_to_give_up (WbDbConn *conn, const char *now, GArray **out_ids,
                                          GError **error);
gboolean   wb_store_callback_attempt_add (WbDbConn *conn, gint64 callback_id, const char *at,
                                          gint64 caller_id, const char *outcome, const char *notes,
                                          const char *call_back_at, JsonNode *answers, GError **error);
/* Calls made on the task from @from up to, not including, @to. */
gboolean   wb_store_callback_calls_between (WbDbConn *conn, gint64 callback_id, const char *from,
                                            const char *to, gint64 *out, GError **error);
JsonNode  *wb_store_callback_attempts_json (WbDbConn *conn, gint64 callback_id, GError **error);

gboolean   wb_store_callback_rule_get (WbDbConn *conn, const char *purpose, WbCallbackRule *out,
                                       GError **error);
gboolean   wb_store_callback_rule_put (WbDbConn *conn, const WbCallbackRule *rule, const char *now,
                                       const char *by, GError **error);

gboolean   wb_store_rating_add       (WbDbConn *conn, gint64 case_id, gint64 level, const char *comment,
                                      const char *source, gint64 callback_id, const char *by,
                                      const char *at, gint64 *out_id, GError **error);
/* The case's latest rating as JSON, or a JSON null. */
JsonNode  *wb_store_rating_latest_json (WbDbConn *conn, gint64 case_id, GError **error);
/* The source ("window" or "call") of the case's one satisfaction
 * rating, or NULL: a rating at the window or on the satisfaction call.
 * A revisit call's rating does not count. */
gboolean   wb_store_satisfaction_rating (WbDbConn *conn, gint64 case_id, char **source,
                                         GError **error);
gboolean   wb_store_rectification_add (WbDbConn *conn, gint64 case_id, gint64 rating_id,
                                       const char *unit_code, const char *callback_due_at,
                                       const char *deadline, const char *now, GError **error);
/* units NULL = every unit; status NULL = any. */
JsonNode  *wb_store_rectifications_json (WbDbConn *conn, GPtrArray *units, const char *status,
                                         guint limit, GError **error);

G_END_DECLS
