/* wb-case-list-model.c
 *
 * The inbox can hold every case of a province, so the model is as long as
 * the server's count but holds only the pages around where the caseworker
 * looks. An item not yet loaded is a placeholder row that its page fills
 * in place when it arrives; the view never sees rows move for that. Pages
 * are fetched by offset, so dragging the scrollbar half-way down a million
 * cases asks for that one page and no page before it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "wb-case-list-model.h"
#include "wb-json.h"

/* One page fills a tall window three times over. */
#define PAGE_SIZE    100
/* The first load brings two pages: GTK 4.8's list views keep widgets
 * for up to 200 rows, and a list shorter than that when the count comes
 * makes it build the rest in that one iteration. */
#define FIRST_PAGES  2
/* A bound row this close to its page's edge asks for the neighbour, so
 * scrolling on rarely shows placeholders. */
#define PREFETCH     30
/* Two loads at once: one for where the caseworker looks, one ahead. */
#define MAX_IN_FLIGHT 2
/* Pages kept: 20 pages are 2,000 rows, some 4 MB, ten windows full.
 * Older pages go. */
#define DEFAULT_MAX_PAGES 20
/* A queued page nobody bound in this many binds is no longer on screen
 * (the scrollbar was dragged past it) and is not fetched. */
#define STALE_BINDS  300

typedef enum
{
  PAGE_EMPTY,
  PAGE_QUEUED,
  PAGE_LOADING,
  PAGE_LOADED,
} PageState;

typedef struct
{
  guint      index;
  PageState  state;
  /* WbCaseRow, placeholders until loaded. */
  GPtrArray *rows;
  /* The bind clock when a row of this page was last bound. */
  guint64    used;
} Page;

struct _WbCaseListModel
{
  GObject       parent_instance;

  WbApiClient  *client;
  char         *query;

  guint         n_items;
  gboolean      complete;
  /* page index → Page */
  GHashTable   *pages;
  /* case id → position + 1, for the loaded rows */
  GHashTable   *positions;
  /* Page indexes waiting for a free load slot. */
  GQueue        queue;
  /* The rows on screen, as the view last said; the queue serves the page
   * nearest to them first. A list view binds rows well beyond the window,
   * so the order of binds does not tell which rows are seen. */
  guint         viewport_first;
  guint         viewport_n;
  guint         in_flight;
  guint64       bind_clock;
  /* Starts queued loads once the frame's binds are all in. */
  guint         pump_source;
  /* Hands freed pages back to the system once scrolling pauses. */
  guint         trim_source;
  guint         max_pages;

  /* Cancels every load of the current query; replaced by each restart. */
  GCancellable *cancellable;
  gboolean      first_loading;
  gboolean      count_loading;
  /* Rows the current query's first page brought. */
  guint         first_len;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbCaseListModel, wb_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_QUERY,
  PROP_LOADING,
  PROP_COMPLETE,
  N_PROPS
};

enum {
  RESET,
  FIRST_PAGE,
  FAILED,
  ROWS_FILLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  LOAD_FIRST,
  LOAD_COUNT,
  LOAD_PAGE,
} LoadKind;

/* The request's claim on the model. A weak reference, so dropping the
 * model cancels its loads instead of keeping it alive until the reply. */
typedef struct
{
  GWeakRef      model;
  GCancellable *cancellable;
  LoadKind      kind;
  guint         page;
  guint         length;   /* rows a page load asked for */
} Load;

static void
load_free (Load *load)
{
  g_weak_ref_clear (&load->model);
  g_clear_object (&load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static void pump_queue (WbCaseListModel *self);
static guint viewport_distance (WbCaseListModel *self,
                                guint            index);

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->rows);
  g_free (page);
}

static gboolean
is_loading (WbCaseListModel *self)
{
  return self->first_loading || self->count_loading || self->in_flight > 0 ||
         !g_queue_is_empty (&self->queue);
}

/* Callers take a snapshot before a change and notify what differs after,
 * so loading and complete never notify without changing. */
typedef struct
{
  gboolean loading;
  gboolean complete;
} State;

static State
state_begin (WbCaseListModel *self)
{
  State state = { is_loading (self), self->complete };

  g_object_freeze_notify (G_OBJECT (self));
  return state;
}

static void
state_end (WbCaseListModel *self,
           State            before)
{
  if (before.loading != is_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (before.complete != self->complete)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static guint
page_length (WbCaseListModel *self,
             guint            index)
{
  guint start = index * PAGE_SIZE;

  return start >= self->n_items ? 0 : MIN (PAGE_SIZE, self->n_items - start);
}

static Page *
page_get (WbCaseListModel *self,
          guint            index,
          gboolean         create)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  guint len;

  if (page != NULL || !create)
    return page;

  len = page_length (self, index);
  page = g_new0 (Page, 1);
  page->index = index;
  page->rows = g_ptr_array_new_full (len, g_object_unref);
  for (guint i = 0; i < len; i++)
    g_ptr_array_add (page->rows, wb_case_row_new_placeholder ());
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  return page;
}

/* Forgets where the page's rows from @from on are. */
static void
forget_positions (WbCaseListModel *self,
                  Page            *page,
                  guint            from)
{
  for (guint i = from; i < page->rows->len; i++)
    {
      gint64 id = wb_case_row_get_id (page->rows->pdata[i]);
      gpointer pos;

      /* Only if the id still points here: the case may have moved to
       * another loaded page since. */
      if (id > 0 && (pos = g_hash_table_lookup (self->positions, &id)) != NULL &&
          GPOINTER_TO_UINT (pos) - 1 == page->index * PAGE_SIZE + i)
        g_hash_table_remove (self->positions, &id);
    }
}

static gboolean
trim_idle (gpointer user_data)
{
  WbCaseListModel *self = user_data;

  self->trim_source = 0;
#ifdef __GLIBC__
  /* A dropped page's rows are small allocations that glibc keeps for
   * reuse; after scrolling 10,000 rows that was 8 MB the desk no longer
   * needed. Trimming scans the heap, so it waits for a pause. */
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

/* Drops the loaded pages used longest ago once there are too many. The
 * rows on screen were bound most recently, so they stay. */
static void
evict_pages (WbCaseListModel *self)
{
  while (g_hash_table_size (self->pages) > self->max_pages)
    {
      GHashTableIter iter;
      Page *page, *oldest = NULL;

      /* Never the pages on screen: after a jump the list binds their rows
       * once, then hundreds of others around them, and by the bind clock
       * they would look the oldest. */
      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
        if (page->state != PAGE_LOADING && page->state != PAGE_QUEUED &&
            viewport_distance (self, page->index) > 0 &&
            (oldest == NULL || page->used < oldest->used))
          oldest = page;
      if (oldest == NULL)
        return;
      forget_positions (self, oldest, 0);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
      if (self->trim_source != 0)
        g_source_remove (self->trim_source);
      self->trim_source = g_timeout_add_seconds (1, trim_idle, self);
    }
}

static gint64
summary_id (JsonObject *summary)
{
  JsonNode *node = json_object_get_member (summary, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* Fills the page's placeholders with the server's rows, in order.
 * Returns how many were filled. */
static guint
fill_page (WbCaseListModel *self,
           Page            *page,
           JsonArray       *items,
           guint            start,
           guint            end)
{
  guint n_items = MIN (json_array_get_length (items), end);
  guint filled = 0;

  for (guint i = start; i < n_items && filled < page->rows->len; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      guint position = page->index * PAGE_SIZE + filled;
      JsonObject *summary;
      WbCaseRow *row;
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      summary = json_node_get_object (node);
      if ((id = summary_id (summary)) <= 0)
        continue;

      /* A row already showing a case (the list started over, or its page
       * loads again) takes the new one in place: the view holds this
       * object at this position and would not see a new one. */
      row = page->rows->pdata[filled];
      if (wb_case_row_is_placeholder (row))
        wb_case_row_update (row, summary);
      else
        {
          gint64 old_id = wb_case_row_get_id (row);
          gpointer pos = g_hash_table_lookup (self->positions, &old_id);

          /* The case it showed is no longer found here. */
          if (pos != NULL && GPOINTER_TO_UINT (pos) - 1 == position)
            g_hash_table_remove (self->positions, &old_id);
          wb_case_row_replace (row, summary);
        }
      g_hash_table_insert (self->positions, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (position + 1));
      filled++;
    }
  return filled;
}

static void on_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data);
static void drop_rows (WbCaseListModel *self);
static void refill_viewport (WbCaseListModel *self);
static gboolean pump_idle (gpointer user_data);

static void
start_load (WbCaseListModel *self,
            LoadKind         kind,
            guint            index)
{
  g_autoptr(GString) path = g_string_new ("/cases?");
  const char *query = self->query;
  Load *load;

  g_assert (query != NULL);
  if (query[0] == '?')
    query++;
  if (query[0] != '\0')
    g_string_append_printf (path, "%s&", query);

  switch (kind)
    {
    case LOAD_FIRST:
      g_string_append_printf (path, "limit=%u", FIRST_PAGES * PAGE_SIZE);
      self->first_loading = TRUE;
      break;
    case LOAD_COUNT:
      /* Counting a million rows takes the server longer than a page, so
       * it runs beside the first page instead of holding it back. */
      g_string_append (path, "limit=1&count=true");
      self->count_loading = TRUE;
      break;
    case LOAD_PAGE:
      g_string_append_printf (path, "limit=%u&offset=%u", page_length (self, index), index * PAGE_SIZE);
      self->in_flight++;
      break;
    default:
      g_assert_not_reached ();
    }

  load = g_new0 (Load, 1);
  g_weak_ref_init (&load->model, self);
  load->cancellable = g_object_ref (self->cancellable);
  load->kind = kind;
  load->page = index;
  load->length = kind == LOAD_PAGE ? page_length (self, index) : 0;
  wb_api_client_request_async (self->client, "GET", path->str, NULL, NULL, self->cancellable,
                               on_loaded_cb, load);
}

/* How far a page lies from the rows on screen, in rows; 0 if it shows. */
static guint
viewport_distance (WbCaseListModel *self,
                   guint            index)
{
  guint start = index * PAGE_SIZE, end = start + PAGE_SIZE;
  guint first = self->viewport_first, last = self->viewport_first + MAX (self->viewport_n, 1);

  if (end <= first)
    return first - end + 1;
  if (start >= last)
    return start - last + 1;
  return 0;
}

/* The queued page nearest the viewport; among equals, the newest. */
static guint
queue_pop_nearest (WbCaseListModel *self)
{
  GList *best = NULL;
  guint best_distance = G_MAXUINT;

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      guint distance = viewport_distance (self, GPOINTER_TO_UINT (l->data));

      if (distance < best_distance)
        {
          best = l;
          best_distance = distance;
        }
    }
  {
    guint index = GPOINTER_TO_UINT (best->data);

    g_queue_delete_link (&self->queue, best);
    return index;
  }
}

/* Starts queued pages while a slot is free, nearest the viewport first;
 * pages that scrolled out of sight while they waited go back to empty. */
static void
pump_queue (WbCaseListModel *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->queue))
    {
      guint index = queue_pop_nearest (self);
      Page *page = page_get (self, index, FALSE);

      if (page == NULL || page->state != PAGE_QUEUED)
        continue;
      /* Skipped once the list has bound 300 rows elsewhere, unless it is
       * on screen: a jump's first rows are bound before the list has
       * settled, and then never again. */
      if (self->bind_clock - page->used > STALE_BINDS && viewport_distance (self, index) > 0)
        {
          page->state = PAGE_EMPTY;
          continue;
        }
      page->state = PAGE_LOADING;
      start_load (self, LOAD_PAGE, index);
    }
}

static gboolean
pump_idle (gpointer user_data)
{
  WbCaseListModel *self = user_data;
  State before = state_begin (self);

  self->pump_source = 0;
  pump_queue (self);
  state_end (self, before);
  return G_SOURCE_REMOVE;
}

static void
want_page (WbCaseListModel *self,
           guint            index)
{
  Page *page;

  if (page_length (self, index) == 0)
    return;
  page = page_get (self, index, TRUE);
  page->used = self->bind_clock;
  if (page->state != PAGE_EMPTY)
    return;
  page->state = PAGE_QUEUED;
  g_queue_push_head (&self->queue, GUINT_TO_POINTER (index));
}

/* Makes the list @n_items long, from the @old_n the view last heard of:
 * pages past the end go, the last page is cut or grows with
 * placeholders, and the view hears one change at the end of the list. */
static void
set_length (WbCaseListModel *self,
            guint            n_items,
            guint            old_n)
{
  GHashTableIter iter;
  Page *page;

  self->n_items = n_items;
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    {
      guint len = page_length (self, page->index);

      if (len == 0)
        {
          forget_positions (self, page, 0);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (page->rows->len > len)
        {
          forget_positions (self, page, len);
          g_ptr_array_set_size (page->rows, len);
        }
      if (page->rows->len < len)
        {
          while (page->rows->len < len)
            g_ptr_array_add (page->rows, wb_case_row_new_placeholder ());
          /* The new rows load with the page when it is next bound; the
           * rows it has take their cases again in place. */
          page->state = PAGE_EMPTY;
        }
    }

  if (n_items < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old_n - n_items, 0);
  else if (n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_items - old_n);
}

static void
on_first_loaded (WbCaseListModel *self,
                 JsonObject      *reply)
{
  JsonArray *items = json_object_get_array_member (reply, "items");
  gboolean last = json_object_get_null_member (reply, "next_cursor");
  guint n = json_array_get_length (items);
  guint old_n = self->n_items;
  GHashTableIter iter;
  Page *page;

  /* Rows picked while the new query was on its way are about to show
   * other cases. */
  if (old_n > 0)
    g_signal_emit (self, signals[RESET], 0);

  /* Without the old first pages the rows at the top are not the objects
   * the view holds; everything is replaced, the slow way. */
  for (guint p = 0; p < FIRST_PAGES && p * PAGE_SIZE < old_n; p++)
    if (g_hash_table_lookup (self->pages, GUINT_TO_POINTER (p)) == NULL)
      {
        drop_rows (self);
        old_n = 0;
        break;
      }

  /* Every row kept becomes a placeholder of the new query in place; the
   * first pages' rows take their new cases just below. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    {
      if (page->index < FIRST_PAGES)
        continue;
      for (guint i = 0; i < page->rows->len; i++)
        wb_case_row_clear (page->rows->pdata[i]);
      page->state = PAGE_EMPTY;
    }

  self->first_len = 0;
  for (guint p = 0; p < FIRST_PAGES; p++)
    {
      guint start = p * PAGE_SIZE;
      guint count = n > start ? MIN (PAGE_SIZE, n - start) : 0;
      guint filled;

      page = page_get (self, p, FALSE);
      if (page == NULL && count == 0)
        continue;
      /* A page missing here lies past the list the view knows (a missing
       * one within it dropped every row above), so it starts empty and
       * grows below; the view hears of the new rows from set_length(). */
      if (page == NULL)
        page = page_get (self, p, TRUE);
      while (page->rows->len < count)
        g_ptr_array_add (page->rows, wb_case_row_new_placeholder ());
      page->state = PAGE_LOADED;
      page->used = self->bind_clock;
      filled = count > 0 ? fill_page (self, page, items, start, start + count) : 0;
      /* Rows the new page did not fill (it is shorter, or some of its rows
       * could not be read) must not go on showing the old query's cases. */
      for (guint i = filled; i < page->rows->len; i++)
        wb_case_row_clear (page->rows->pdata[i]);
      if (filled < page->rows->len)
        page->state = PAGE_EMPTY;
      self->first_len += filled;
    }
  n = self->first_len;

  /* The first page alone is shown at once; the count follows, and until
   * then the list keeps the length it had. On the last page the page is
   * the count. */
  self->complete = last;
  if (!last)
    start_load (self, LOAD_COUNT, 0);
  set_length (self, last ? n : MAX (old_n, n), old_n);
  refill_viewport (self);
}

/* Rows already on screen are not bound again, so after a restart their
 * pages are asked for here, not by ensure(). */
static void
refill_viewport (WbCaseListModel *self)
{
  guint first = self->viewport_first;
  guint last = first + MAX (self->viewport_n, 1) - 1;

  if (self->n_items == 0)
    return;
  last = MIN (last, self->n_items - 1);
  for (guint index = first / PAGE_SIZE; first <= last && index <= last / PAGE_SIZE; index++)
    want_page (self, index);
  if (self->pump_source == 0 && !g_queue_is_empty (&self->queue))
    self->pump_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, pump_idle, self, NULL);
}

static void
on_count_loaded (WbCaseListModel *self,
                 JsonObject      *reply)
{
  gint64 total = json_object_get_int_member_with_default (reply, "total", 0);

  self->complete = TRUE;
  /* Cases that left the list between the page and the count: the first
   * page still shows what it has, and the next reload settles it. */
  set_length (self, (guint) CLAMP (total, self->first_len, G_MAXUINT - PAGE_SIZE), self->n_items);
}

static void
on_page_loaded (WbCaseListModel *self,
                guint            index,
                guint            asked,
                JsonObject      *reply)
{
  Page *page = page_get (self, index, FALSE);
  guint filled;

  if (page == NULL)
    return;
  /* The count grew the page while this load was on its way: the rows it
   * did not ask for load with the page's next bind. */
  page->state = page->rows->len > asked ? PAGE_EMPTY : PAGE_LOADED;
  filled = fill_page (self, page, json_object_get_array_member (reply, "items"), 0, G_MAXUINT);
  /* Fewer rows than counted: cases left the list since. The rest of the
   * page stays blank until the caseworker reloads (F5). */
  g_signal_emit (self, signals[ROWS_FILLED], 0, index * PAGE_SIZE, filled);
  evict_pages (self);
}

static gboolean
reply_is_page (JsonObject *reply,
               LoadKind    kind)
{
  JsonNode *items;

  if (reply == NULL || (items = json_object_get_member (reply, "items")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (items))
    return FALSE;
  if (kind == LOAD_FIRST)
    {
      JsonNode *cursor = json_object_get_member (reply, "next_cursor");

      return cursor != NULL && (JSON_NODE_HOLDS_NULL (cursor) ||
                                json_node_get_value_type (cursor) == G_TYPE_STRING);
    }
  if (kind == LOAD_COUNT)
    {
      JsonNode *total = json_object_get_member (reply, "total");

      return total != NULL && JSON_NODE_HOLDS_VALUE (total) &&
             json_node_get_value_type (total) == G_TYPE_INT64 && json_node_get_int (total) >= 0;
    }
  return TRUE;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(WbCaseListModel) self = g_weak_ref_get (&load->model);
  g_autoptr(WbApiReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = NULL;
  State before;

  reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  /* A newer query or a reload has replaced this load, or the model is
   * gone: its rows must not reach the list. */
  if (self == NULL || load->cancellable != self->cancellable ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply != NULL)
    {
      object = wb_api_reply_object (reply);
      if (!reply_is_page (object, load->kind))
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The server sent a list of cases this desk cannot read."));
    }

  before = state_begin (self);
  switch (load->kind)
    {
    case LOAD_FIRST:
      self->first_loading = FALSE;
      if (error == NULL)
        on_first_loaded (self, object);
      else
        drop_rows (self);
      break;
    case LOAD_COUNT:
      self->count_loading = FALSE;
      if (error == NULL)
        on_count_loaded (self, object);
      else
        /* Without a count the list is what the first load brought, not
         * the length the last query had. */
        set_length (self, self->first_len, self->n_items);
      break;
    case LOAD_PAGE:
      self->in_flight--;
      if (error == NULL)
        on_page_loaded (self, load->page, load->length, object);
      else
        {
          /* The next bind of one of its rows asks again. */
          Page *page = page_get (self, load->page, FALSE);

          if (page != NULL)
            page->state = PAGE_EMPTY;
        }
      break;
    default:
      g_assert_not_reached ();
    }
  pump_queue (self);
  state_end (self, before);

  if (error != NULL)
    g_signal_emit (self, signals[FAILED], 0, error);
  else if (load->kind == LOAD_FIRST)
    g_signal_emit (self, signals[FIRST_PAGE], 0);
}

/* Forgets every row at once: no query, or its first page failed. */
static void
drop_rows (WbCaseListModel *self)
{
  guint old_n = self->n_items;

  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->positions);
  self->n_items = 0;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
}

/* Starts the query over. The rows stay until the new first page takes
 * them over in place (on_first_loaded()), and the list keeps its length
 * until the count says what it is (set_length()). GTK 4.8's list views
 * keep widgets for up to 200 rows: emptying the list and filling it
 * again destroyed all of them and built them anew, and
 * even a first page of 100 rows followed by the count did that for the
 * second hundred, 12–15 ms of one iteration each time. */
static void
restart (WbCaseListModel *self)
{
  State before = state_begin (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->first_loading = self->count_loading = FALSE;
  self->in_flight = 0;
  g_queue_clear (&self->queue);
  g_clear_handle_id (&self->pump_source, g_source_remove);
  /* The old rows no longer answer to their cases: a change arriving now
   * must not patch a row about to show another case. */
  g_hash_table_remove_all (self->positions);
  self->complete = FALSE;
  g_signal_emit (self, signals[RESET], 0);

  if (self->query != NULL)
    {
      self->cancellable = g_cancellable_new ();
      start_load (self, LOAD_FIRST, 0);
    }
  else
    drop_rows (self);
  state_end (self, before);
}

static GType
wb_case_list_model_get_item_type (GListModel *model)
{
  return WB_TYPE_CASE_ROW;
}

static guint
wb_case_list_model_get_n_items (GListModel *model)
{
  return WB_CASE_LIST_MODEL (model)->n_items;
}

static gpointer
wb_case_list_model_get_item (GListModel *model,
                             guint       position)
{
  WbCaseListModel *self = WB_CASE_LIST_MODEL (model);
  Page *page;
  guint offset = position % PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
  /* No load from here: views, selections and accessibility all ask for
   * items; only a bound row is worth a request (ensure()). */
  page = page_get (self, position / PAGE_SIZE, TRUE);
  if (offset >= page->rows->len)
    return NULL;
  return g_object_ref (page->rows->pdata[offset]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = wb_case_list_model_get_item_type;
  iface->get_n_items = wb_case_list_model_get_n_items;
  iface->get_item = wb_case_list_model_get_item;
}

static void
wb_case_list_model_dispose (GObject *object)
{
  WbCaseListModel *self = (WbCaseListModel *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear (&self->queue);
  g_clear_handle_id (&self->pump_source, g_source_remove);
  g_clear_handle_id (&self->trim_source, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wb_case_list_model_parent_class)->dispose (object);
}

static void
wb_case_list_model_finalize (GObject *object)
{
  WbCaseListModel *self = (WbCaseListModel *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (wb_case_list_model_parent_class)->finalize (object);
}

static void
wb_case_list_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WbCaseListModel *self = WB_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, is_loading (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_case_list_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WbCaseListModel *self = WB_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      wb_case_list_model_set_query (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_case_list_model_class_init (WbCaseListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wb_case_list_model_dispose;
  object_class->finalize = wb_case_list_model_finalize;
  object_class->get_property = wb_case_list_model_get_property;
  object_class->set_property = wb_case_list_model_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         WB_TYPE_API_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The query starts over: the rows still shown are about to become
   * other cases in place, so a selection of them means nothing now. */
  signals[RESET] =
    g_signal_new ("reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* The first page of a query is in the model (it may be empty). */
  signals[FIRST_PAGE] =
    g_signal_new ("first-page",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A page could not be loaded; never emitted for a cancelled load. */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* A page after the first filled its placeholders: @n_rows rows from
   * @position. */
  signals[ROWS_FILLED] =
    g_signal_new ("rows-filled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
wb_case_list_model_init (WbCaseListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_queue_init (&self->queue);
  self->max_pages = DEFAULT_MAX_PAGES;
}

WbCaseListModel *
wb_case_list_model_new (WbApiClient *client)
{
  g_return_val_if_fail (WB_IS_API_CLIENT (client), NULL);

  return g_object_new (WB_TYPE_CASE_LIST_MODEL, "client", client, NULL);
}

WbApiClient *
wb_case_list_model_get_client (WbCaseListModel *self)
{
  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), NULL);
  return self->client;
}

const char *
wb_case_list_model_get_query (WbCaseListModel *self)
{
  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), NULL);
  return self->query;
}

void
wb_case_list_model_set_query (WbCaseListModel *self,
                              const char      *query)
{
  g_return_if_fail (WB_IS_CASE_LIST_MODEL (self));

  /* Filter bars set the query on every change; the same query again
   * must not blank the list. reload() is for asking again. */
  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);

  g_object_freeze_notify (G_OBJECT (self));
  restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
wb_case_list_model_get_loading (WbCaseListModel *self)
{
  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), FALSE);
  return is_loading (self);
}

gboolean
wb_case_list_model_get_complete (WbCaseListModel *self)
{
  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), FALSE);
  return self->complete;
}

void
wb_case_list_model_ensure (WbCaseListModel *self,
                           guint            position)
{
  guint index, offset;
  State before;

  g_return_if_fail (WB_IS_CASE_LIST_MODEL (self));

  /* Until the new first page arrives the rows are the old query's, and
   * their pages are not worth loading. */
  if (position >= self->n_items || self->cancellable == NULL || self->first_loading)
    return;

  index = position / PAGE_SIZE;
  offset = position % PAGE_SIZE;
  self->bind_clock++;

  before = state_begin (self);
  if (offset >= PAGE_SIZE - PREFETCH)
    want_page (self, index + 1);
  else if (offset < PREFETCH && index > 0)
    want_page (self, index - 1);
  want_page (self, index);
  evict_pages (self);
  /* A list view binds a frame's rows in one go, starting wherever its
   * widgets happen to be: the loads start after the last bind, so the
   * pages on screen are the first to go. */
  if (self->pump_source == 0 && !g_queue_is_empty (&self->queue))
    self->pump_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, pump_idle, self, NULL);
  state_end (self, before);
}

void
wb_case_list_model_reload (WbCaseListModel *self)
{
  g_return_if_fail (WB_IS_CASE_LIST_MODEL (self));

  restart (self);
}

gboolean
wb_case_list_model_patch (WbCaseListModel *self,
                          JsonObject      *summary)
{
  gint position;
  Page *page;

  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  if ((position = wb_case_list_model_find (self, summary_id (summary))) < 0)
    return FALSE;
  if ((page = page_get (self, position / PAGE_SIZE, FALSE)) == NULL)
    return FALSE;

  /* The row keeps its place even if its sort key changed: rows jumping
   * under the pointer would be worse than a list briefly out of order. */
  wb_case_row_update (page->rows->pdata[position % PAGE_SIZE], summary);
  return TRUE;
}

void
wb_case_list_model_set_viewport (WbCaseListModel *self,
                                 guint            first,
                                 guint            n_rows)
{
  g_return_if_fail (WB_IS_CASE_LIST_MODEL (self));

  self->viewport_first = first;
  self->viewport_n = n_rows;
  /* Rows on screen load whether or not the list binds them again. */
  if (self->cancellable != NULL && !self->first_loading)
    {
      State before = state_begin (self);

      refill_viewport (self);
      state_end (self, before);
    }
}

void
wb_case_list_model_set_max_pages (WbCaseListModel *self,
                                  guint            max_pages)
{
  g_return_if_fail (WB_IS_CASE_LIST_MODEL (self));
  g_return_if_fail (max_pages >= 2);

  self->max_pages = max_pages;
  evict_pages (self);
}

guint
wb_case_list_model_get_n_pages (WbCaseListModel *self)
{
  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}

gint
wb_case_list_model_find (WbCaseListModel *self,
                         gint64           id)
{
  gpointer pos;

  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), -1);

  if ((pos = g_hash_table_lookup (self->positions, &id)) == NULL)
    return -1;
  return (gint) GPOINTER_TO_UINT (pos) - 1;
}
