/* wb-demo.c: seeds a believable centre: units, items, accounts, and cases
 * in every state with histories, callbacks and scanned materials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "wb-auth.h"
#include "wb-demo.h"
#include "wb-demo-data.h"
#include "wb-demo-pdf.h"
#include "wb-error.h"
#include "wb-id-number.h"
#include "wb-log.h"
#include "wb-store.h"

/* The demo platform's credential; the seeded cases are recorded as filed
 * by it, so the same credential can send their applicants' supplements. */
#define DEMO_SERVICE "demo-platform"
#define DEMO_SERVICE_ACTOR "service:" DEMO_SERVICE

/* Above this many cases the seeder writes the case, one material and one
 * history row only: enough for the inbox benchmark, quick at a million. */
#define FULL_DETAIL_LIMIT 20000

typedef struct
{
  WbServer   *server;
  WbDbConn   *conn;
  GRand      *rand;
  GHashTable *blobs;        /* material name → sha256 */
  GHashTable *handlers;     /* unit code → user id (boxed gint64) */
  GHashTable *case_seq;     /* "unit-date" → last sequence */
  GDateTime  *now;
  gboolean    full;
} Seeder;

static const char *
pick (GRand              *rand,
      const char * const *list)
{
  guint n = g_strv_length ((char **) list);

  return list[g_rand_int_range (rand, 0, n)];
}

static const char *
district_of (const char *unit_code)
{
  static const struct { const char *code; const char *area; } areas[] = {
    { "210102", "沈阳市和平区" }, { "210103", "沈阳市沈河区" }, { "210104", "沈阳市大东区" },
    { "210105", "沈阳市皇姑区" }, { "210106", "沈阳市铁西区" }, { "210111", "沈阳市苏家屯区" },
    { "210112", "沈阳市浑南区" }, { "210113", "沈阳市沈北新区" }, { "210114", "沈阳市于洪区" },
    { "210115", "沈阳市辽中区" }, { "210123", "沈阳市康平县" }, { "210124", "沈阳市法库县" },
    { "210181", "沈阳市新民市" }, { "210100", "沈阳市和平区" }, { "210000", "沈阳市沈河区" },
    { "210200", "大连市中山区" }, { "210300", "鞍山市铁东区" }, { "210400", "抚顺市新抚区" },
    { "210500", "本溪市平山区" }, { "210600", "丹东市振兴区" }, { "210700", "锦州市古塔区" },
    { "210800", "营口市站前区" }, { "210900", "阜新市海州区" }, { "211000", "辽阳市白塔区" },
    { "211100", "盘锦市兴隆台区" }, { "211200", "铁岭市银州区" }, { "211300", "朝阳市双塔区" },
    { "211400", "葫芦岛市龙港区" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    if (g_str_equal (areas[i].code, unit_code))
      return areas[i].area;
  return "沈阳市和平区";
}

static char *
fake_name (GRand *rand)
{
  return g_strconcat (pick (rand, wb_demo_surnames), pick (rand, wb_demo_given), NULL);
}

static gboolean
seed_catalogue (Seeder  *s,
                GError **error)
{
  g_autofree char *now = wb_time_to_iso (s->now);

  for (guint i = 0; i < wb_demo_n_units; i++)
    if (!wb_store_unit_insert (s->conn, wb_demo_units[i].code, wb_demo_units[i].name,
                               wb_demo_units[i].level, wb_demo_units[i].parent, error))
      return FALSE;

  for (guint i = 0; i < wb_demo_n_items; i++)
    {
      const WbDemoItem *it = &wb_demo_items[i];
      g_autoptr(JsonObject) item = json_object_new ();
      g_auto(GStrv) delivery = g_strsplit (it->delivery, ",", -1);
      JsonArray *materials = json_array_new ();
      JsonArray *options = json_array_new ();
      JsonArray *grounds = json_array_new ();

      json_object_set_string_member (item, "code", it->code);
      json_object_set_int_member (item, "version", 1);
      json_object_set_string_member (item, "name", it->name);
      json_object_set_string_member (item, "area", it->area);
      json_object_set_string_member (item, "legal_basis", it->legal_basis);
      json_object_set_string_member (item, "guide", it->guide);
      json_object_set_int_member (item, "promised_days", it->promised_days);
      json_object_set_int_member (item, "fee_fen", it->fee_fen);
      json_object_set_string_member (item, "fee_note", it->fee_note);
      for (guint j = 0; delivery[j]; j++)
        json_array_add_string_element (options, delivery[j]);
      for (guint j = 0; it->materials[j]; j++)
        {
          JsonObject *m = json_object_new ();
          json_object_set_string_member (m, "name", it->materials[j]);
          json_object_set_boolean_member (m, "required", TRUE);
          json_object_set_string_member (m, "note", "原件扫描件，清晰完整");
          json_array_add_object_element (materials, m);
        }
      json_object_set_array_member (item, "delivery_options", options);
      json_object_set_array_member (item, "materials", materials);
      for (guint j = 0; it->refusal_grounds[j]; j++)
        json_array_add_string_element (grounds, it->refusal_grounds[j]);
      json_object_set_array_member (item, "refusal_grounds", grounds);
      if (!wb_store_item_insert (s->conn, item, now, error))
        return FALSE;
    }
  return TRUE;
}

/* Window pickup for the next ten working days at every unit, so a
 * newcomer can book a slot; through the store call the capacity
 * endpoint uses. Hour slots of four, the last one half an hour. */
static gboolean
seed_pickup_capacity (Seeder  *s,
                      GError **error)
{
  static const WbPickupSlotSpec slots[] = {
    { "09:00", "10:00", 4 }, { "10:00", "11:00", 4 }, { "11:00", "12:00", 4 },
    { "13:30", "14:30", 4 }, { "14:30", "15:30", 4 }, { "15:30", "16:30", 4 },
    { "16:30", "17:00", 4 },
  };
  g_autofree char *now = wb_time_to_iso (s->now);
  GDate today, day;

  wb_clock_local_date (s->now, &today);
  for (guint n = 1; n <= 10; n++)
    {
      g_autofree char *iso = NULL;

      wb_calendar_add_working_days (s->server->calendar, &today, n, &day);
      iso = wb_date_to_iso (&day);
      for (guint i = 0; i < wb_demo_n_units; i++)
        if (!wb_store_pickup_day_put (s->conn, wb_demo_units[i].code, iso, slots, G_N_ELEMENTS (slots),
                                      "bizadmin.210000", now, error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
seed_accounts (Seeder  *s,
               GError **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = wb_time_to_iso (s->now);

  /* One hash for every demo account: they share the published demo
   * password anyway, and forty argon2id runs would slow every start. */
  if (!(hash = wb_auth_hash_password (WB_DEMO_PASSWORD, error)))
    return FALSE;

  for (guint u = 0; wb_demo_account_units[u]; u++)
    for (guint r = 0; r < WB_N_ROLES; r++)
      {
        WbRole role = wb_role_nth (r);
        g_autofree char *username = g_strdup_printf ("%s.%s", wb_role_to_string (role), wb_demo_account_units[u]);
        g_autofree char *person = fake_name (s->rand);
        g_autofree char *display = g_strdup_printf ("%s（%s）", person, wb_role_label_zh (role));
        gint64 id;

        if (!wb_store_user_insert (s->conn, username, display, wb_demo_account_units[u], role,
                                   hash, TRUE, now, &id, error))
          return FALSE;
        if (role == WB_ROLE_HANDLER)
          g_hash_table_insert (s->handlers, g_strdup (wb_demo_account_units[u]), g_memdup2 (&id, sizeof id));
      }
  return TRUE;
}

static const char *
material_blob (Seeder      *s,
               const char  *title,
               GError     **error)
{
  const char *sha = g_hash_table_lookup (s->blobs, title);
  g_autoptr(GBytes) pdf = NULL;
  char *digest;

  if (sha != NULL)
    return sha;

  /* One rendering per kind of document, shared through the
   * content-addressed store: thousands of cases cost a few megabytes. */
  if (!(pdf = wb_demo_pdf_render (title, NULL, 1 + g_str_hash (title) % 2, g_str_hash (title), error)))
    return NULL;
  if (!(digest = wb_blob_store_put (s->server->blobs, pdf, error)))
    return NULL;
  g_hash_table_insert (s->blobs, g_strdup (title), digest);
  g_hash_table_insert (s->blobs, g_strconcat (title, "#size", NULL),
                       g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (pdf)));
  return digest;
}

typedef struct
{
  const char *action;
  WbCaseState to;
} Step;

/* The actions that lead from submission to each demo state. */
static guint
path_to (WbCaseState  state,
         gboolean     mail,
         GRand       *rand,
         Step        *steps)
{
  guint n = 0;

#define STEP(a, s) (steps[n].action = (a), steps[n].to = (s), n++)
  switch (state)
    {
    case WB_STATE_SUBMITTED:
      break;
    case WB_STATE_UNIT_REVIEW:
      STEP ("platform_pass", WB_STATE_UNIT_REVIEW);
      break;
    case WB_STATE_SUPPLEMENT:
    case WB_STATE_WITHDRAWN:
      STEP ("platform_pass", WB_STATE_UNIT_REVIEW);
      STEP ("request_supplement", WB_STATE_SUPPLEMENT);
      if (state == WB_STATE_WITHDRAWN)
        STEP ("withdraw", WB_STATE_WITHDRAWN);
      break;
    case WB_STATE_REFUSED:
      STEP ("platform_pass", WB_STATE_UNIT_REVIEW);
      STEP ("refuse", WB_STATE_REFUSED);
      break;
    case WB_STATE_ARCHIVED:
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          STEP ("platform_pass", WB_STATE_UNIT_REVIEW);
          STEP ("refuse", WB_STATE_REFUSED);
          STEP ("archive", WB_STATE_ARCHIVED);
          break;
        }
      /* fall through */
    case WB_STATE_ACCEPTED:
    case WB_STATE_COMPLETED:
    case WB_STATE_DELIVERING:
    case WB_STATE_DELIVERED:
      STEP ("platform_pass", WB_STATE_UNIT_REVIEW);
      STEP ("accept", WB_STATE_ACCEPTED);
      if (state == WB_STATE_ACCEPTED)
        break;
      STEP ("approve", WB_STATE_COMPLETED);
      if (state == WB_STATE_COMPLETED)
        break;
      STEP ("choose_delivery", WB_STATE_DELIVERING);
      if (state == WB_STATE_DELIVERING)
        break;
      if (mail)
        {
          STEP ("ship", WB_STATE_DELIVERING);
          STEP ("confirm_delivery", WB_STATE_DELIVERED);
        }
      else
        {
          STEP ("print_ready", WB_STATE_DELIVERING);
          STEP ("book_pickup", WB_STATE_DELIVERING);
          STEP ("hand_over", WB_STATE_DELIVERED);
        }
      if (state == WB_STATE_ARCHIVED)
        STEP ("archive", WB_STATE_ARCHIVED);
      break;
    case WB_N_STATES:
    default:
      g_assert_not_reached ();
    }
#undef STEP
  return n;
}

static WbCaseState
pick_state (GRand *rand)
{
  /* Weighted towards what an inbox holds: much in review and accepted,
   * some of everything else. */
  static const struct { WbCaseState state; guint weight; } weights[] = {
    { WB_STATE_SUBMITTED, 14 }, { WB_STATE_UNIT_REVIEW, 16 }, { WB_STATE_SUPPLEMENT, 8 },
    { WB_STATE_ACCEPTED, 18 }, { WB_STATE_COMPLETED, 6 }, { WB_STATE_DELIVERING, 8 },
    { WB_STATE_DELIVERED, 6 }, { WB_STATE_REFUSED, 5 }, { WB_STATE_ARCHIVED, 16 },
    { WB_STATE_WITHDRAWN, 3 },
  };
  guint total = 0, r;

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    total += weights[i].weight;
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    {
      if (r < weights[i].weight)
        return weights[i].state;
      r -= weights[i].weight;
    }
  return WB_STATE_SUBMITTED;
}

static char *
next_case_no (Seeder     *s,
              const char *unit,
              const char *received_on)
{
  g_autofree char *date = g_strdup (received_on);
  g_autofree char *key = NULL;
  gpointer seq;
  guint n;

  /* 2026-02-13 → 20260213, as the intake endpoint numbers cases. */
  memmove (date + 4, date + 5, 2);
  memmove (date + 6, date + 8, 3);
  key = g_strdup_printf ("%s-%s-", unit, date);
  seq = g_hash_table_lookup (s->case_seq, key);
  n = GPOINTER_TO_UINT (seq) + 1;
  g_hash_table_insert (s->case_seq, g_strdup (key), GUINT_TO_POINTER (n));
  return g_strdup_printf ("%s%05u", key, n);
}

static gboolean
seed_case (Seeder  *s,
           GError **error)
{
  GRand *rand = s->rand;
  g_autoptr(WbCase) c = g_new0 (WbCase, 1);
  g_autoptr(GDateTime) submitted = NULL;
  const WbDemoItem *item = &wb_demo_items[g_rand_int_range (rand, 0, wb_demo_n_items)];
  const char *unit;
  gint64 *handler;
  GDate received, deadline;
  Step steps[12];
  guint n_steps;
  gboolean mail;
  WbCaseState target;
  int age_minutes;

  /* Most cases sit where the demo accounts can see them; the rest give a
   * city viewer something to supervise. */
  if (g_rand_int_range (rand, 0, 10) < 7)
    unit = wb_demo_account_units[g_rand_int_range (rand, 0, 5)];
  else
    unit = wb_demo_units[g_rand_int_range (rand, 15, wb_demo_n_units)].code;
  handler = g_hash_table_lookup (s->handlers, unit);

  target = pick_state (rand);
  mail = strstr (item->delivery, "mail") != NULL && g_rand_boolean (rand);
  n_steps = path_to (target, mail, rand, steps);

  /* Older cases have travelled further along the flow. */
  age_minutes = g_rand_int_range (rand, 10, 60 * 24 * (6 + 5 * (int) n_steps));
  submitted = g_date_time_add_minutes (s->now, -age_minutes);
  wb_clock_local_date (submitted, &received);
  wb_calendar_add_working_days (s->server->calendar, &received, item->promised_days, &deadline);

  c->source = g_strdup (g_rand_boolean (rand) ? "辽宁政务服务网" : "辽事通APP");
  c->upstream_id = g_strdup_printf ("LN-%08x%08x", g_rand_int (rand), g_rand_int (rand));
  c->item_code = g_strdup (item->code);
  c->item_version = 1;
  c->unit_code = g_strdup (unit);
  c->state = target;
  c->stage = WB_STAGE_NONE;
  c->assignee_id = (n_steps > 0 && handler) ? *handler : 0;
  c->applicant_name = fake_name (rand);
  c->applicant_id_number = wb_id_number_make (g_str_has_prefix (unit, "2101") && unit[4] != '0' ? unit : "210102",
                                              g_rand_int_range (rand, 1950, 2006),
                                              g_rand_int_range (rand, 1, 13),
                                              g_rand_int_range (rand, 1, 29),
                                              g_rand_int_range (rand, 0, 1000));
  c->applicant_phone = g_strdup_printf ("1%d%d%08d", g_rand_int_range (rand, 3, 9),
                                        g_rand_int_range (rand, 0, 10), g_rand_int_range (rand, 0, 100000000));
  c->applicant_address = g_strdup_printf ("辽宁省%s%s%d号%d单元%d室", district_of (unit),
                                          pick (rand, wb_demo_streets), g_rand_int_range (rand, 1, 300),
                                          g_rand_int_range (rand, 1, 7), g_rand_int_range (rand, 101, 1802));
  c->submitted_at = wb_time_to_iso (submitted);
  c->received_on = wb_date_to_iso (&received);
  c->deadline = wb_date_to_iso (&deadline);
  c->updated_at = g_strdup (c->submitted_at);
  c->case_no = next_case_no (s, unit, c->received_on);
  c->fees_collected = -1;

  for (guint i = 0; i < n_steps; i++)
    {
      if (g_str_equal (steps[i].action, "request_supplement"))
        {
          GDate stopped = received;
          g_date_add_days (&stopped, 1);
          c->supplement_count = 1;
          c->clock_stopped_on = wb_date_to_iso (&stopped);
        }
      else if (g_str_equal (steps[i].action, "approve"))
        c->result = g_strdup ("准予办理，证件已制作完成");
      else if (g_str_equal (steps[i].action, "refuse"))
        {
          c->refusal_basis = g_strdup (item->legal_basis);
          c->refusal_reason = g_strdup ("申请人提交的材料与实际情况不符，不符合办理条件");
          g_clear_pointer (&c->clock_stopped_on, g_free);
        }
      else if (g_str_equal (steps[i].action, "choose_delivery"))
        {
          c->delivery_method = g_strdup (mail ? "mail" : "window");
          c->stage = mail ? WB_STAGE_MAIL_PENDING : WB_STAGE_WINDOW_PRINTING;
          if (mail)
            c->delivery_address = g_strdup (c->applicant_address);
        }
      else if (g_str_equal (steps[i].action, "ship"))
        c->tracking_no = g_strdup_printf ("EMS%09u", g_rand_int_range (rand, 0, 1000000000));
      else if (g_str_equal (steps[i].action, "book_pickup"))
        c->pickup_slot = g_strdup (c->submitted_at);
      else if (g_str_equal (steps[i].action, "archive"))
        c->fees_collected = item->fee_fen;
    }
  if (c->state != WB_STATE_DELIVERING)
    c->stage = WB_STAGE_NONE;

  if (!wb_store_case_insert (s->conn, c, error))
    return FALSE;

  /* wb_store_case_insert writes the opening fields; the rest of the
   * record comes from the same update the flow uses. */
  if (n_steps > 0 && !wb_store_case_update (s->conn, c, error))
    return FALSE;

  for (guint m = 0; item->materials[m]; m++)
    {
      const char *sha = material_blob (s, item->materials[m], error);
      g_autofree char *size_key = g_strconcat (item->materials[m], "#size", NULL);

      if (sha == NULL)
        return FALSE;
      if (!wb_store_material_add (s->conn, c->id, item->materials[m], sha,
                                  g_ascii_strtoll (g_hash_table_lookup (s->blobs, size_key), NULL, 10),
                                  c->submitted_at, DEMO_SERVICE_ACTOR, NULL, error))
        return FALSE;
      if (!s->full)
        break;
    }

  if (!wb_store_history_add (s->conn, c->id, c->submitted_at, DEMO_SERVICE_ACTOR, "intake",
                             NULL, "submitted", NULL, error))
    return FALSE;
  if (!s->full)
    return TRUE;

  for (guint i = 0; i < n_steps; i++)
    {
      g_autoptr(GDateTime) at_dt = g_date_time_add_minutes (submitted, (int) (i + 1) * age_minutes / (int) (n_steps + 1));
      g_autofree char *at = wb_time_to_iso (at_dt);
      g_autofree char *actor = handler ? g_strdup_printf ("handler.%s", unit) : g_strdup_printf ("staff.%s", unit);
      g_autoptr(JsonObject) detail = json_object_new ();
      const char *from = i == 0 ? "submitted" : wb_case_state_to_string (steps[i - 1].to);

      if (g_str_equal (steps[i].action, "request_supplement"))
        {
          JsonArray *missing = json_array_new ();
          json_array_add_string_element (missing, item->materials[0]);
          json_object_set_array_member (detail, "missing", missing);
          json_object_set_string_member (detail, "note", "材料照片不清晰，请重新上传");
        }
      if (!wb_store_history_add (s->conn, c->id, at, actor, steps[i].action, from,
                                 wb_case_state_to_string (steps[i].to), detail, error))
        return FALSE;
    }

  if (c->state == WB_STATE_SUPPLEMENT &&
      !wb_store_callback_add (s->conn, c->id, "supplement", c->updated_at, c->updated_at, error))
    return FALSE;
  if (c->state == WB_STATE_COMPLETED &&
      !wb_store_callback_add (s->conn, c->id, "delivery_choice", c->updated_at, c->updated_at, error))
    return FALSE;
  if (c->state == WB_STATE_DELIVERED &&
      !wb_store_callback_add (s->conn, c->id, "satisfaction", c->updated_at, c->updated_at, error))
    return FALSE;

  return wb_store_event_add (s->conn, c->submitted_at, "case.created", c->id, c->unit_code, error);
}

gboolean
wb_demo_seed (WbServer  *server,
              guint      n_cases,
              GError   **error)
{
  Seeder s = { 0 };
  gint64 units = 0;
  gboolean ok = FALSE;
  g_autofree char *token = NULL;
  g_autofree char *now = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!(s.conn = wb_db_acquire (server->db, error)))
    return FALSE;
  if (!wb_store_count (s.conn, "units", &units, error))
    goto out;
  if (units > 0)
    {
      ok = TRUE;
      goto out;
    }

  s.server = server;
  s.rand = g_rand_new_with_seed (20261127);
  s.blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s.handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s.case_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s.now = wb_clock_now (server->clock);
  s.full = n_cases <= FULL_DETAIL_LIMIT;
  now = wb_time_to_iso (s.now);

  /* One transaction: a million rows commit once, and a failure leaves
   * the database empty rather than half seeded. */
  if (!wb_db_begin_write (s.conn, error))
    goto out;
  if (!seed_catalogue (&s, error) || !seed_accounts (&s, error) || !seed_pickup_capacity (&s, error))
    goto rollback;
  for (guint i = 0; i < n_cases; i++)
    if (!seed_case (&s, error))
      goto rollback;
  if (!(token = wb_auth_create_service (s.conn, DEMO_SERVICE, now, error)))
    goto rollback;
  if (!wb_db_commit (s.conn, error))
    goto rollback;

  {
    char count[32], ms[32];
    g_snprintf (count, sizeof count, "#%u", n_cases);
    g_snprintf (ms, sizeof ms, "#%" G_GINT64_FORMAT, (g_get_monotonic_time () - started) / 1000);
    wb_log_event ("info", "demo data seeded", "cases", count, "ms", ms, NULL);
  }
  /* The intake token is a secret: it goes to stdout for the operator,
   * never into the log. */
  printf ("demo intake credential: Service %s\n", token);
  fflush (stdout);
  ok = TRUE;
  goto out;

rollback:
  wb_db_rollback (s.conn);
out:
  wb_db_release (server->db, s.conn);
  g_clear_pointer (&s.rand, g_rand_free);
  g_clear_pointer (&s.blobs, g_hash_table_unref);
  g_clear_pointer (&s.handlers, g_hash_table_unref);
  g_clear_pointer (&s.case_seq, g_hash_table_unref);
  g_clear_pointer (&s.now, g_date_time_unref);
  return ok;
}
