/* test-case-list-model.c: the inbox model against a real wangban-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "api/wb-api-client.h"
#include "inbox/wb-case-list-model.h"
#include "wb-error.h"
#include "wb-test-server.h"

#define HANDLER   "handler.210102"
#define PAGE      100
/* The model's first load: two pages, so GTK builds its rows once. */
#define FIRST (2 * PAGE)
#define TIMEOUT_S 30

static WbTestServer *server;
static char *token;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

/* Sees the model as a GtkListView does: only through its signals. */
typedef struct
{
  WbCaseListModel *model;
  GArray          *changes;      /* Change */
  guint            n;            /* n_items as the signals told it */
  guint            first_pages;
  GPtrArray       *errors;       /* GError */
} Recorder;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Recorder   *rec)
{
  Change change = { position, removed, added };

  /* A view that trusts the ranges must end up with the model's length. */
  g_assert_cmpuint (position + removed, <=, rec->n);
  rec->n = rec->n - removed + added;
  g_assert_cmpuint (rec->n, ==, g_list_model_get_n_items (model));
  g_array_append_val (rec->changes, change);
}

static void
on_first_page_cb (WbCaseListModel *model,
                  Recorder        *rec)
{
  rec->first_pages++;
}

static void
on_failed_cb (WbCaseListModel *model,
              const GError    *error,
              Recorder        *rec)
{
  g_ptr_array_add (rec->errors, g_error_copy (error));
}

static Recorder *
recorder_new (WbCaseListModel *model)
{
  Recorder *rec = g_new0 (Recorder, 1);

  rec->model = model;
  rec->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  rec->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  rec->n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), rec);
  g_signal_connect (model, "first-page", G_CALLBACK (on_first_page_cb), rec);
  g_signal_connect (model, "failed", G_CALLBACK (on_failed_cb), rec);
  return rec;
}

static void
recorder_reset (Recorder *rec)
{
  g_array_set_size (rec->changes, 0);
  g_ptr_array_set_size (rec->errors, 0);
  rec->first_pages = 0;
}

static void
recorder_free (Recorder *rec)
{
  g_signal_handlers_disconnect_by_data (rec->model, rec);
  g_array_unref (rec->changes);
  g_ptr_array_unref (rec->errors);
  g_free (rec);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

static void
assert_change (Recorder *rec,
               guint     index,
               guint     position,
               guint     removed,
               guint     added)
{
  Change *change;

  g_assert_cmpuint (index, <, rec->changes->len);
  change = &g_array_index (rec->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

static WbCaseListModel *
model_new_as (const char *as_token)
{
  g_autoptr(WbApiClient) client = NULL;
  g_autofree char *origin = NULL;

  /* The desk is configured with the server's origin, not the API root. */
  g_assert_true (g_str_has_suffix (server->base, "/api/v1"));
  origin = g_strndup (server->base, strlen (server->base) - strlen ("/api/v1"));
  client = wb_api_client_new (origin);
  wb_api_client_set_token (client, as_token);
  return wb_case_list_model_new (client);
}

static WbCaseListModel *
model_new (void)
{
  return model_new_as (token);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_loaded (WbCaseListModel *model)
{
  gboolean expired = FALSE;
  guint timeout = g_timeout_add_seconds (TIMEOUT_S, on_timeout_cb, &expired);

  while (wb_case_list_model_get_loading (model) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (timeout);
}

/* Gives a cancelled request time to come back, so a late reply would
 * have landed in the model before the test looks. */
static void
settle (void)
{
  gboolean expired = FALSE;

  g_timeout_add (250, on_timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

/* Everything the server lists for query, paged through the REST API
 * directly and with another page size than the model's. */
static GPtrArray *
rest_list (const char *query)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *escaped = cursor ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/cases?%s&limit=200%s%s", query,
                                               escaped ? "&cursor=" : "", escaped ? escaped : "");
      g_autoptr(WbTestReply) reply = wb_test_request (server, "GET", path, token, NULL);
      JsonObject *page;
      JsonArray *items;

      g_assert_cmpuint (reply->status, ==, 200);
      page = wb_test_reply_object (reply);
      items = json_object_get_array_member (page, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (all, json_object_ref (json_array_get_object_element (items, i)));
      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (page, "next_cursor"))
        cursor = g_strdup (json_object_get_string_member (page, "next_cursor"));
    }
  while (cursor != NULL);

  return all;
}

static WbCaseRow *
row_at (WbCaseListModel *model,
        guint            position)
{
  WbCaseRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (row);
  /* get_item hands out a reference; the model keeps its own. */
  g_object_unref (row);
  return row;
}

/* Binds one row of every page, as a caseworker scrolling to the bottom
 * would, and waits for each. */
static void
walk_all (WbCaseListModel *model,
          Recorder        *rec)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint position = 0; position < n; position += PAGE)
    {
      wb_case_list_model_ensure (model, position);
      wait_loaded (model);
      g_assert_cmpuint (rec->errors->len, ==, 0);
    }
}

/* The inbox shows exactly the server's list, in its order, each case once. */
static void
assert_same_cases (WbCaseListModel *model,
                   GPtrArray       *rest)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_cmpuint (n, ==, rest->len);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = wb_case_row_get_id (row_at (model, i));

      g_assert_true (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)));
      g_assert_cmpint (id, ==, json_object_get_int_member (rest->pdata[i], "id"));
      g_assert_cmpint (wb_case_list_model_find (model, id), ==, i);
    }
}

static const char *
str_or_null (JsonObject *obj,
             const char *name)
{
  if (obj == NULL || json_object_get_null_member (obj, name))
    return NULL;
  return json_object_get_string_member (obj, name);
}

/* What the inbox row shows is what the server said about the case. */
static void
assert_row_shows (WbCaseRow  *row,
                  JsonObject *c)
{
  JsonObject *clock = json_object_get_object_member (c, "clock");
  JsonObject *applicant = json_object_get_object_member (c, "applicant");
  JsonObject *assignee = json_object_get_null_member (c, "assignee")
    ? NULL : json_object_get_object_member (c, "assignee");

  g_assert_cmpint (wb_case_row_get_id (row), ==, json_object_get_int_member (c, "id"));
  g_assert_cmpstr (wb_case_row_get_case_no (row), ==, str_or_null (c, "case_no"));
  g_assert_cmpstr (wb_case_row_get_item_name (row), ==, str_or_null (c, "item_name"));
  g_assert_cmpstr (wb_case_row_get_unit_name (row), ==, str_or_null (c, "unit_name"));
  g_assert_cmpstr (wb_case_row_get_applicant_name (row), ==, str_or_null (applicant, "name"));
  g_assert_cmpstr (wb_case_row_get_state (row), ==, str_or_null (c, "state"));
  g_assert_cmpstr (wb_case_row_get_state_label (row), ==, str_or_null (c, "state_label"));
  g_assert_cmpstr (wb_case_row_get_stage (row), ==, str_or_null (c, "stage"));
  g_assert_cmpstr (wb_case_row_get_clock_status (row), ==, str_or_null (clock, "status"));
  if (!json_object_get_null_member (clock, "working_days_left"))
    g_assert_cmpint (wb_case_row_get_days_left (row), ==,
                     json_object_get_int_member (clock, "working_days_left"));
  else
    g_assert_cmpstr (wb_case_row_get_clock_status (row), ==, "finished");
  g_assert_cmpint (wb_case_row_get_calendar_complete (row), ==,
                   json_object_get_boolean_member (clock, "calendar_complete"));
  g_assert_cmpstr (wb_case_row_get_assignee_name (row), ==, str_or_null (assignee, "display_name"));
  g_assert_cmpstr (wb_case_row_get_assignee_username (row), ==, str_or_null (assignee, "username"));
  g_assert_cmpstr (wb_case_row_get_submitted_at (row), ==, str_or_null (c, "submitted_at"));
  g_assert_cmpstr (wb_case_row_get_deadline (row), ==, str_or_null (c, "deadline"));
  g_assert_cmpint (wb_case_row_get_version (row), ==, json_object_get_int_member (c, "version"));
}

static void
on_row_notify_cb (GObject    *row,
                  GParamSpec *pspec,
                  GHashTable *notified)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (notified, pspec->name));

  g_hash_table_insert (notified, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static void
on_rows_filled_cb (WbCaseListModel *model,
                   guint            position,
                   guint            n_rows,
                   GArray          *fills)
{
  Change fill = { position, 0, n_rows };

  g_array_append_val (fills, fill);
}

static void
test_first_page (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("unit=210102");
  g_autoptr(WbCaseRow) beyond = NULL;

  /* The demo centre must need several pages, or paging goes untested. */
  g_assert_cmpuint (rest->len, >, FIRST + PAGE);

  /* Nothing is fetched before the inbox says what to show. */
  g_assert_false (wb_case_list_model_get_loading (model));
  g_assert_false (wb_case_list_model_get_complete (model));

  wb_case_list_model_set_query (model, "unit=210102");
  /* The inbox shows a spinner, not "no cases", until the page is in. */
  g_assert_true (wb_case_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_loaded (model);

  g_assert_cmpuint (rec->errors->len, ==, 0);
  g_assert_cmpuint (rec->first_pages, ==, 1);
  /* The first page appears on its own, then the count makes the list as
   * long as the server's, so the scrollbar tells the truth. */
  g_assert_cmpuint (rec->changes->len, ==, 2);
  assert_change (rec, 0, 0, 0, FIRST);
  assert_change (rec, 1, FIRST, 0, rest->len - FIRST);
  g_assert_true (wb_case_list_model_get_complete (model));
  g_assert_false (wb_case_list_model_get_loading (model));

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == WB_TYPE_CASE_ROW);
  for (guint i = 0; i < FIRST; i++)
    assert_row_shows (row_at (model, i), rest->pdata[i]);
  /* The rows beyond wait for a view to show them. */
  beyond = g_list_model_get_item (G_LIST_MODEL (model), FIRST);
  g_assert_true (wb_case_row_is_placeholder (beyond));
  g_assert_null (wb_case_row_get_case_no (beyond));
  g_assert_false (wb_case_list_model_get_loading (model));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), rest->len));
}

/* A list that fits one page needs no count: the page is the count. */
static void
test_single_page (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("state=accepted");

  g_assert_cmpuint (rest->len, >, 0);
  g_assert_cmpuint (rest->len, <, PAGE);

  wb_case_list_model_set_query (model, "state=accepted");
  wait_loaded (model);
  g_assert_cmpuint (rec->changes->len, ==, 1);
  assert_change (rec, 0, 0, 0, rest->len);
  g_assert_true (wb_case_list_model_get_complete (model));
  assert_same_cases (model, rest);
}

static void
test_ensure_fills_in_place (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("unit=210102");
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GHashTable) notified = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WbCaseRow) placeholder = NULL;

  g_signal_connect (model, "rows-filled", G_CALLBACK (on_rows_filled_cb), fills);
  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  recorder_reset (rec);

  /* Binding the rows of the first load asks for nothing. */
  wb_case_list_model_ensure (model, 0);
  wb_case_list_model_ensure (model, FIRST - 31);
  g_assert_false (wb_case_list_model_get_loading (model));

  /* The view holds the placeholder it bound; the page fills that very
   * object, with one notification, and no rows move. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (model), FIRST + 5);
  g_assert_true (wb_case_row_is_placeholder (placeholder));
  g_signal_connect (placeholder, "notify", G_CALLBACK (on_row_notify_cb), notified);

  /* 30 rows before the end of its page the next one is asked for. */
  wb_case_list_model_ensure (model, FIRST - 30);
  g_assert_true (wb_case_list_model_get_loading (model));
  /* Every row bound meanwhile asks again; the page is fetched once. */
  wb_case_list_model_ensure (model, FIRST - 1);
  wb_case_list_model_ensure (model, FIRST + 1);
  wait_loaded (model);
  settle ();

  g_assert_cmpuint (rec->errors->len, ==, 0);
  g_assert_cmpuint (rec->changes->len, ==, 0);
  g_assert_cmpuint (fills->len, ==, 1);
  g_assert_cmpuint (g_array_index (fills, Change, 0).position, ==, FIRST);
  g_assert_cmpuint (g_array_index (fills, Change, 0).added, ==, PAGE);
  g_assert_false (wb_case_row_is_placeholder (placeholder));
  g_assert_true (row_at (model, FIRST + 5) == placeholder);
  assert_row_shows (placeholder, rest->pdata[FIRST + 5]);
  g_assert_cmpuint (g_hash_table_size (notified), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notified, "id")), ==, 1);
  for (guint i = 0; i < FIRST + PAGE; i++)
    {
      WbCaseRow *row = row_at (model, i);

      g_assert_cmpint (wb_case_row_get_id (row), ==, json_object_get_int_member (rest->pdata[i], "id"));
      g_assert_cmpint (wb_case_list_model_find (model, wb_case_row_get_id (row)), ==, i);
    }
  /* first-page marks the inbox appearing, not each page. */
  g_assert_cmpuint (rec->first_pages, ==, 0);
  g_signal_handlers_disconnect_by_data (placeholder, notified);
}

/* The scrollbar dragged to the end: that page loads, and none between. */
static void
test_jump (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("unit=210102");
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (Change));
  guint last = rest->len - 1;
  guint last_page = last / PAGE;

  g_signal_connect (model, "rows-filled", G_CALLBACK (on_rows_filled_cb), fills);
  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  recorder_reset (rec);

  g_assert_cmpuint (last_page, >=, 2);
  g_assert_true (wb_case_row_is_placeholder (row_at (model, last)));
  wb_case_list_model_ensure (model, last);
  wait_loaded (model);

  g_assert_cmpuint (rec->errors->len, ==, 0);
  g_assert_cmpuint (rec->changes->len, ==, 0);
  assert_row_shows (row_at (model, last), rest->pdata[last]);
  assert_row_shows (row_at (model, last_page * PAGE), rest->pdata[last_page * PAGE]);
  /* Only its page was fetched, and the page before it if the jump landed
   * within reach of its edge: none of the pages between. */
  g_assert_cmpuint (fills->len, <=, 2);
  for (guint i = 0; i < fills->len; i++)
    g_assert_cmpuint (g_array_index (fills, Change, i).position, >=, (last_page - 1) * PAGE);
}

/* A list view binds rows well beyond the window; of the pages it asks
 * for, those on screen load first. */
static void
test_viewport_first (void)
{
  /* The province's supervisor sees every unit: enough pages to bind
   * three beyond the first load. */
  g_autofree char *supervisor = wb_test_login (server, "viewer.210000");
  g_autoptr(WbCaseListModel) model = model_new_as (supervisor);
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (Change));
  guint first = FIRST / PAGE;

  g_signal_connect (model, "rows-filled", G_CALLBACK (on_rows_filled_cb), fills);
  wb_case_list_model_set_query (model, "state=submitted,unit_review,supplement,accepted,completed,delivering,delivered,refused,archived,withdrawn");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, (first + 3) * PAGE);

  /* Rows bound from three pages in one frame; the window shows the
   * last of them. */
  wb_case_list_model_set_viewport (model, (first + 2) * PAGE + 5, 10);
  for (guint page = first; page <= first + 2; page++)
    wb_case_list_model_ensure (model, page * PAGE + 10);
  g_assert_true (wb_case_list_model_get_loading (model));
  wait_loaded (model);

  g_assert_cmpuint (rec->errors->len, ==, 0);
  g_assert_cmpuint (fills->len, ==, 3);
  /* Two load at once: the page on screen and its nearest neighbour go
   * first, so the page on screen is in before the one farthest from it. */
  {
    guint shown_at = G_MAXUINT, farthest_at = G_MAXUINT;

    for (guint i = 0; i < fills->len; i++)
      {
        if (g_array_index (fills, Change, i).position == (first + 2) * PAGE)
          shown_at = i;
        if (g_array_index (fills, Change, i).position == first * PAGE)
          farthest_at = i;
      }
    g_assert_cmpuint (shown_at, <, farthest_at);
    g_assert_cmpuint (farthest_at, <, fills->len);
  }
}

static void
test_walk_all_pages (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("unit=210102");

  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  recorder_reset (rec);
  walk_all (model, rec);

  assert_same_cases (model, rest);
  /* Pages fill rows in place: the length never changed. */
  g_assert_cmpuint (rec->changes->len, ==, 0);
}

/* Scrolling through a long list keeps only the budget's pages; a page
 * dropped loads again when it comes back into view. */
static void
test_page_budget (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("unit=210102");
  guint n_pages = (rest->len + PAGE - 1) / PAGE;

  g_assert_cmpuint (n_pages, >, 2);
  wb_case_list_model_set_max_pages (model, 2);
  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  /* Rows on screen load without being bound: after a jump the list binds
   * them once, before it has settled. */
  wb_case_list_model_set_viewport (model, FIRST + 10, 5);
  wait_loaded (model);
  assert_row_shows (row_at (model, FIRST + 10), rest->pdata[FIRST + 10]);
  /* Scrolled to the bottom: the pages on screen are never dropped. */
  wb_case_list_model_set_viewport (model, rest->len - 1, 1);
  walk_all (model, rec);
  wait_loaded (model);
  assert_row_shows (row_at (model, rest->len - 1), rest->pdata[rest->len - 1]);
  g_assert_cmpuint (wb_case_list_model_get_n_pages (model), <=, 2);

  /* The first page went; its cases are no longer found, and binding it
   * again brings back the same rows. */
  g_assert_cmpint (wb_case_list_model_find (model, json_object_get_int_member (rest->pdata[0], "id")), ==, -1);
  g_assert_true (wb_case_row_is_placeholder (row_at (model, 0)));
  wb_case_list_model_ensure (model, 0);
  wait_loaded (model);
  assert_row_shows (row_at (model, 0), rest->pdata[0]);
  g_assert_cmpint (wb_case_list_model_find (model, json_object_get_int_member (rest->pdata[0], "id")), ==, 0);
  g_assert_cmpuint (wb_case_list_model_get_n_pages (model), <=, 2);
}

static void
test_filter (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) rest = rest_list ("state=accepted");
  g_autoptr(WbCaseRow) first = NULL;
  gint64 first_id;
  guint n, before;

  g_assert_cmpuint (rest->len, >, 0);

  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  recorder_reset (rec);

  g_assert_cmpuint (rest->len, <, PAGE);
  g_assert_cmpuint (before, >, PAGE);
  first = g_object_ref (row_at (model, 0));
  first_id = wb_case_row_get_id (first);

  wb_case_list_model_set_query (model, "state=accepted");
  /* The old rows stay on screen until the new first page is in; then the
   * rows at the top become the new cases in place, so the view keeps
   * their widgets, and only the rest of the list goes, in one change. */
  g_assert_cmpuint (rec->changes->len, ==, 0);
  /* Nothing loads for the old rows meanwhile, and no change finds them. */
  wb_case_list_model_ensure (model, before - 1);
  g_assert_cmpint (wb_case_list_model_find (model, first_id), ==, -1);
  wait_loaded (model);
  g_assert_cmpuint (rec->changes->len, ==, 1);
  assert_change (rec, 0, rest->len, before - rest->len, 0);
  g_assert_true (row_at (model, 0) == first);
  g_assert_cmpint (wb_case_row_get_id (first), !=, first_id);
  walk_all (model, rec);

  g_assert_cmpuint (rec->first_pages, ==, 1);
  assert_same_cases (model, rest);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (wb_case_row_get_state (row_at (model, i)), ==, "accepted");
}

/* A new sort or filter turns the rows already made into the new cases in
 * place, and the list keeps its length until the count says otherwise:
 * the view keeps its row widgets, and hears at most one change, at the
 * end of the list. */
static void
test_restart_in_place (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) by_deadline = rest_list ("unit=210102");
  g_autoptr(GPtrArray) by_number = rest_list ("unit=210102&sort=case_no&order=desc");
  g_autoptr(GPtrArray) open_cases = rest_list ("unit=210102&state=submitted,unit_review,supplement,accepted");
  g_autoptr(WbCaseRow) top = NULL;
  g_autoptr(WbCaseRow) second_page = NULL;
  gint64 second_page_id;

  g_test_message ("%u cases, %u open", by_deadline->len, open_cases->len);
  g_assert_cmpuint (by_deadline->len, >, FIRST + PAGE);
  g_assert_cmpuint (open_cases->len, >, PAGE);
  g_assert_cmpuint (open_cases->len, <, FIRST);
  g_assert_cmpuint (open_cases->len, <, by_deadline->len);

  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  wb_case_list_model_ensure (model, FIRST + 50);
  wait_loaded (model);
  top = g_object_ref (row_at (model, 0));
  second_page = g_object_ref (row_at (model, FIRST + 50));
  second_page_id = wb_case_row_get_id (second_page);
  g_assert_cmpint (second_page_id, >, 0);
  recorder_reset (rec);

  /* Another order, the same cases: no change at all. The top row shows
   * the new first case; a row further down waits for its page, empty. */
  wb_case_list_model_set_query (model, "unit=210102&sort=case_no&order=desc");
  wait_loaded (model);
  g_assert_cmpuint (rec->changes->len, ==, 0);
  g_assert_true (row_at (model, 0) == top);
  g_assert_cmpint (wb_case_row_get_id (top), ==, json_object_get_int_member (by_number->pdata[0], "id"));
  g_assert_true (row_at (model, FIRST + 50) == second_page);
  g_assert_true (wb_case_row_is_placeholder (second_page));
  g_assert_cmpint (wb_case_list_model_find (model, second_page_id), !=, FIRST + 50);
  walk_all (model, rec);
  assert_same_cases (model, by_number);
  g_assert_cmpuint (rec->changes->len, ==, 0);

  /* Rows on screen are not bound again after a restart: their pages load
   * all the same. */
  wb_case_list_model_set_viewport (model, FIRST + 50, 10);
  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  g_assert_true (row_at (model, FIRST + 50) == second_page);
  assert_row_shows (second_page, by_deadline->pdata[FIRST + 50]);
  wb_case_list_model_set_viewport (model, 0, 10);

  /* Fewer cases, all in the first load: one change, cutting the end. */
  recorder_reset (rec);
  wb_case_list_model_set_query (model, "unit=210102&state=submitted,unit_review,supplement,accepted");
  wait_loaded (model);
  g_assert_cmpuint (rec->changes->len, ==, 1);
  assert_change (rec, 0, open_cases->len, by_deadline->len - open_cases->len, 0);
  g_assert_true (row_at (model, 0) == top);
  walk_all (model, rec);
  assert_same_cases (model, open_cases);

  /* More cases again: the first load grows the end to its two pages,
   * the count the rest of the way. */
  recorder_reset (rec);
  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  g_assert_cmpuint (rec->changes->len, ==, 2);
  assert_change (rec, 0, open_cases->len, 0, FIRST - open_cases->len);
  assert_change (rec, 1, FIRST, 0, by_deadline->len - FIRST);
  walk_all (model, rec);
  assert_same_cases (model, by_deadline);
}

static void
assert_all_accepted (WbCaseListModel *model,
                     GPtrArray       *accepted)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  assert_same_cases (model, accepted);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (wb_case_row_get_state (row_at (model, i)), ==, "accepted");
}

static void
test_query_change_cancels (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) accepted = rest_list ("state=accepted");
  guint before;

  /* One page holds every accepted case, so the new query is complete
   * after its first page and any extra row could only be from the old one. */
  g_assert_cmpuint (accepted->len, >, 0);
  g_assert_cmpuint (accepted->len, <, PAGE);

  /* The caseworker changes the filter before the first page is in. */
  wb_case_list_model_set_query (model, "unit=210102");
  g_assert_true (wb_case_list_model_get_loading (model));
  wb_case_list_model_set_query (model, "state=accepted");
  wait_loaded (model);
  settle ();

  /* A cancelled load is not a failure to show. */
  g_assert_cmpuint (rec->errors->len, ==, 0);
  g_assert_cmpuint (rec->first_pages, ==, 1);
  g_assert_cmpuint (rec->changes->len, ==, 1);
  assert_change (rec, 0, 0, 0, accepted->len);
  assert_all_accepted (model, accepted);

  /* And while a later page of the old query is on its way. */
  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  wb_case_list_model_ensure (model, 2 * PAGE + 50);
  g_assert_true (wb_case_list_model_get_loading (model));
  recorder_reset (rec);

  wb_case_list_model_set_query (model, "state=accepted");
  wait_loaded (model);
  settle ();

  g_assert_cmpuint (rec->errors->len, ==, 0);
  /* One change: the first rows became the accepted cases in place. The
   * old query's page never lands in the new list. */
  g_assert_cmpuint (rec->changes->len, ==, 1);
  assert_change (rec, 0, accepted->len, before - accepted->len, 0);
  g_assert_true (wb_case_list_model_get_complete (model));
  assert_all_accepted (model, accepted);
}

static void
test_server_error (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GPtrArray) accepted = rest_list ("state=accepted");
  GError *error;
  guint before;

  wb_case_list_model_set_query (model, "unit=210102");
  wait_loaded (model);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  recorder_reset (rec);

  wb_case_list_model_set_query (model, "state=nope");
  wait_loaded (model);

  /* The desk shows the server's reason… */
  g_assert_cmpuint (rec->errors->len, ==, 1);
  error = rec->errors->pdata[0];
  g_assert_error (error, WB_ERROR, WB_ERROR_INVALID);
  /* …and no rows that would pass for the answer to the new filter. */
  g_assert_cmpuint (rec->changes->len, ==, 1);
  assert_change (rec, 0, 0, before, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (rec->first_pages, ==, 0);
  g_assert_false (wb_case_list_model_get_loading (model));
  g_assert_false (wb_case_list_model_get_complete (model));
  wb_case_list_model_ensure (model, 0);
  g_assert_false (wb_case_list_model_get_loading (model));

  /* Fixing the filter brings the inbox back, with no new error. */
  recorder_reset (rec);
  wb_case_list_model_set_query (model, "state=accepted");
  wait_loaded (model);
  walk_all (model, rec);
  g_assert_cmpuint (rec->errors->len, ==, 0);
  assert_all_accepted (model, accepted);
}


static GValue *
snapshot_properties (GObject *object,
                     guint   *n_props)
{
  g_autofree GParamSpec **pspecs =
    g_object_class_list_properties (G_OBJECT_GET_CLASS (object), n_props);
  GValue *values = g_new0 (GValue, *n_props);

  for (guint i = 0; i < *n_props; i++)
    {
      g_value_init (&values[i], pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &values[i]);
    }
  return values;
}

static void
test_patch (void)
{
  g_autoptr(WbCaseListModel) model = model_new ();
  g_autoptr(Recorder) rec = recorder_new (model);
  g_autoptr(GHashTable) notified = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WbTestReply) reply = NULL;
  g_autoptr(GPtrArray) archived = rest_list ("unit=210102&state=archived");
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree GValue *before = NULL;
  g_autofree GValue *after = NULL;
  WbCaseRow *row;
  JsonObject *updated;
  gint64 id;
  guint n, n_props;

  wb_case_list_model_set_query (model, "unit=210102&state=unit_review&assignee=me");
  wait_loaded (model);
  walk_all (model, rec);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (archived->len, >, 0);

  row = row_at (model, 0);
  id = wb_case_row_get_id (row);
  g_assert_cmpstr (wb_case_row_get_state (row), ==, "unit_review");
  before = snapshot_properties (G_OBJECT (row), &n_props);
  g_signal_connect (row, "notify", G_CALLBACK (on_row_notify_cb), notified);
  recorder_reset (rec);

  /* The caseworker accepts the case; the desk patches the inbox row
   * with the case the server answered. */
  reply = wb_test_act (server, token, id, "accept", "{}");
  g_assert_cmpuint (reply->status, ==, 200);
  updated = wb_test_reply_object (reply);
  g_assert_true (wb_case_list_model_patch (model, updated));

  assert_row_shows (row, updated);
  g_assert_cmpstr (wb_case_row_get_state (row), ==, "accepted");
  g_assert_cmpint (wb_case_row_get_version (row), ==, json_object_get_int_member (updated, "version"));

  /* Bound widgets refresh for what changed, and only for that. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (notified, "state")), ==, 1);
  after = snapshot_properties (G_OBJECT (row), &n_props);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (row), &n_props);
  for (guint i = 0; i < n_props; i++)
    {
      gboolean changed = g_param_values_cmp (pspecs[i], &before[i], &after[i]) != 0;
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (notified, pspecs[i]->name));

      if (count != (changed ? 1u : 0u))
        g_error ("%s: changed %d, notified %u times", pspecs[i]->name, changed, count);
      g_value_unset (&before[i]);
      g_value_unset (&after[i]);
    }

  /* The row stays where it is: no rows jump under the pointer. */
  g_assert_cmpuint (rec->changes->len, ==, 0);
  g_assert_cmpint (wb_case_list_model_find (model, id), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  /* A case this inbox does not list is not slipped into it. */
  g_assert_cmpint (wb_case_list_model_find (model,
                                            json_object_get_int_member (archived->pdata[0], "id")),
                   ==, -1);
  g_assert_false (wb_case_list_model_patch (model, archived->pdata[0]));
  g_assert_cmpuint (rec->changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  g_signal_handlers_disconnect_by_data (row, notified);
}

/* Closing the inbox while a page is on its way frees it at once; the
 * late reply finds nothing to fill. */
static void
test_dropped_while_loading (void)
{
  WbCaseListModel *model = model_new ();

  wb_case_list_model_set_query (model, "unit=210102");
  g_assert_true (wb_case_list_model_get_loading (model));
  g_assert_finalize_object (model);
  settle ();
  wb_test_assert_alive (server);
}

int
main (int   argc,
      char *argv[])
{
  const char *args[] = { "--demo", NULL };
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/case-list-model/first-page", test_first_page);
  g_test_add_func ("/desk/case-list-model/single-page", test_single_page);
  g_test_add_func ("/desk/case-list-model/ensure-fills-in-place", test_ensure_fills_in_place);
  g_test_add_func ("/desk/case-list-model/jump", test_jump);
  g_test_add_func ("/desk/case-list-model/viewport-first", test_viewport_first);
  g_test_add_func ("/desk/case-list-model/walk-all-pages", test_walk_all_pages);
  g_test_add_func ("/desk/case-list-model/page-budget", test_page_budget);
  g_test_add_func ("/desk/case-list-model/filter", test_filter);
  g_test_add_func ("/desk/case-list-model/restart-in-place", test_restart_in_place);
  g_test_add_func ("/desk/case-list-model/query-change-cancels", test_query_change_cancels);
  g_test_add_func ("/desk/case-list-model/server-error", test_server_error);
  g_test_add_func ("/desk/case-list-model/patch", test_patch);
  g_test_add_func ("/desk/case-list-model/dropped-while-loading", test_dropped_while_loading);

  /* One server for all cases: seeding the demo centre is the slow part. */
  server = wb_test_server_start (args, NULL);
  token = wb_test_login (server, HANDLER);

  ret = g_test_run ();

  g_free (token);
  wb_test_server_stop (server);
  return ret;
}

