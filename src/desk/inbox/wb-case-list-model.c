/* wb-case-list-model.c
 *
 * The inbox can hold every case of a centre, so the model is an array the
 * server fills page by page: sorting and filtering happen on the server,
 * and the view only ever sees exact appends or one clear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wb-case-list-model.h"
#include "wb-json.h"

/* One page fills a tall window twice over; the next is asked for while
 * the caseworker still has 30 rows to read, so scrolling rarely waits. */
#define PAGE_SIZE 100
#define PREFETCH  30

struct _WbCaseListModel
{
  GObject       parent_instance;

  WbApiClient  *client;
  char         *query;

  /* WbCaseRow in server order. Only appended to or emptied, so a
   * position stays valid until the next query. */
  GPtrArray    *rows;
  /* case id → position + 1: a case the server lists again on a later
   * page (its sort key changed meanwhile) updates its row instead of
   * appearing twice, and patch finds rows without a scan. */
  GHashTable   *positions;

  char         *next_cursor;
  /* The page load in flight, or NULL; "loading" is its presence. */
  GCancellable *cancellable;
  guint         has_more : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WbCaseListModel, wb_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_QUERY,
  PROP_LOADING,
  PROP_HAS_MORE,
  N_PROPS
};

enum {
  FIRST_PAGE,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The request's claim on the model. A weak reference, so dropping the
 * model cancels its load instead of keeping it alive until the reply. */
typedef struct
{
  GWeakRef      model;
  GCancellable *cancellable;
  gboolean      first;
} PageLoad;

static void
page_load_free (PageLoad *load)
{
  g_weak_ref_clear (&load->model);
  g_clear_object (&load->cancellable);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageLoad, page_load_free)

static void load_page (WbCaseListModel *self);

/* Callers take a snapshot before a change and notify what differs after,
 * so loading and has-more never notify without changing. */
typedef struct
{
  gboolean loading;
  gboolean has_more;
} State;

static State
state_snapshot (WbCaseListModel *self)
{
  State state = { self->cancellable != NULL, self->has_more };

  return state;
}

static void
state_notify (WbCaseListModel *self,
              State            before)
{
  if (before.loading != (self->cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (before.has_more != self->has_more)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

static void
cancel_load (WbCaseListModel *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

/* Forgets every row and starts the query over. */
static void
restart (WbCaseListModel *self)
{
  State before = state_snapshot (self);
  guint old_n = self->rows->len;

  g_object_freeze_notify (G_OBJECT (self));

  cancel_load (self);
  g_clear_pointer (&self->next_cursor, g_free);
  self->has_more = FALSE;
  g_hash_table_remove_all (self->positions);
  g_ptr_array_set_size (self->rows, 0);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);

  if (self->query != NULL)
    load_page (self);

  state_notify (self, before);
  g_object_thaw_notify (G_OBJECT (self));
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

/* Returns how many rows are new. */
static guint
append_rows (WbCaseListModel *self,
             JsonArray       *items)
{
  guint old_n = self->rows->len;
  guint n_items = json_array_get_length (items);

  for (guint i = 0; i < n_items; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *summary;
      gint64 id;
      gpointer pos;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      summary = json_node_get_object (node);
      if ((id = summary_id (summary)) <= 0)
        continue;

      /* Keep the row where the caseworker already saw it, with the newer data. */
      if ((pos = g_hash_table_lookup (self->positions, &id)) != NULL)
        {
          wb_case_row_update (g_ptr_array_index (self->rows, GPOINTER_TO_UINT (pos) - 1), summary);
          continue;
        }

      g_ptr_array_add (self->rows, wb_case_row_new (summary));
      g_hash_table_insert (self->positions, g_memdup2 (&id, sizeof id),
                           GUINT_TO_POINTER (self->rows->len));
    }

  return self->rows->len - old_n;
}

static void
on_page_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PageLoad) load = user_data;
  g_autoptr(WbCaseListModel) self = g_weak_ref_get (&load->model);
  g_autoptr(WbApiReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *page = NULL;
  JsonNode *items = NULL;
  State before;
  guint old_n, added = 0;

  reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  /* A newer query or a reload has replaced this load, or the model is
   * gone: its rows must not reach the list. */
  if (self == NULL || load->cancellable != self->cancellable ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (reply != NULL)
    {
      page = wb_api_reply_object (reply);
      if (page != NULL)
        items = json_object_get_member (page, "items");
      if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The server sent a list of cases this desk cannot read."));
    }

  before = state_snapshot (self);
  g_object_freeze_notify (G_OBJECT (self));
  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      /* has-more and the cursor stay as they were, so the next ensure()
       * retries the same page. */
      state_notify (self, before);
      g_object_thaw_notify (G_OBJECT (self));
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  old_n = self->rows->len;
  added = append_rows (self, json_node_get_array (items));
  g_free (self->next_cursor);
  self->next_cursor = g_strdup (wb_json_string (page, "next_cursor"));
  self->has_more = self->next_cursor != NULL;

  /* The state is settled first, so a view that binds rows from inside
   * items-changed can already ask for the next page. */
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, added);
  else if (self->has_more && self->cancellable == NULL)
    /* Every row was one we had: nothing new to bind means no ensure()
     * would ever come, so go on by ourselves. */
    load_page (self);

  state_notify (self, before);
  g_object_thaw_notify (G_OBJECT (self));

  if (load->first)
    g_signal_emit (self, signals[FIRST_PAGE], 0);
}

static void
load_page (WbCaseListModel *self)
{
  g_autoptr(GString) path = g_string_new ("/cases?");
  const char *query = self->query;
  PageLoad *load;

  g_assert (self->query != NULL);
  g_assert (self->cancellable == NULL);

  if (query[0] == '?')
    query++;
  if (query[0] != '\0')
    g_string_append_printf (path, "%s&", query);
  g_string_append_printf (path, "limit=%u", PAGE_SIZE);
  if (self->next_cursor != NULL)
    {
      /* Cursors are base64 and may hold '+', '/' and '='. */
      g_autofree char *cursor = g_uri_escape_string (self->next_cursor, NULL, FALSE);

      g_string_append_printf (path, "&cursor=%s", cursor);
    }

  self->cancellable = g_cancellable_new ();
  load = g_new0 (PageLoad, 1);
  g_weak_ref_init (&load->model, self);
  load->cancellable = g_object_ref (self->cancellable);
  load->first = self->next_cursor == NULL;

  wb_api_client_request_async (self->client, "GET", path->str, NULL, NULL, self->cancellable,
                               on_page_loaded_cb, load);
}

static GType
wb_case_list_model_get_item_type (GListModel *model)
{
  return WB_TYPE_CASE_ROW;
}

static guint
wb_case_list_model_get_n_items (GListModel *model)
{
  WbCaseListModel *self = WB_CASE_LIST_MODEL (model);

  return self->rows->len;
}

static gpointer
wb_case_list_model_get_item (GListModel *model,
                             guint       position)
{
  WbCaseListModel *self = WB_CASE_LIST_MODEL (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
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

  cancel_load (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wb_case_list_model_parent_class)->dispose (object);
}

static void
wb_case_list_model_finalize (GObject *object)
{
  WbCaseListModel *self = (WbCaseListModel *) object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->next_cursor, g_free);

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
      g_value_set_boolean (value, wb_case_list_model_get_loading (self));
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
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
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
}

static void
wb_case_list_model_init (WbCaseListModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
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
  return self->cancellable != NULL;
}

gboolean
wb_case_list_model_get_has_more (WbCaseListModel *self)
{
  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), FALSE);
  return self->has_more;
}

void
wb_case_list_model_ensure (WbCaseListModel *self,
                           guint            position)
{
  State before;

  g_return_if_fail (WB_IS_CASE_LIST_MODEL (self));

  /* bind runs for every row that scrolls into view: most calls end here. */
  if (self->cancellable != NULL || !self->has_more)
    return;
  if (position < self->rows->len && self->rows->len - position > PREFETCH)
    return;

  before = state_snapshot (self);
  load_page (self);
  state_notify (self, before);
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

  g_return_val_if_fail (WB_IS_CASE_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  if ((position = wb_case_list_model_find (self, summary_id (summary))) < 0)
    return FALSE;

  /* The row keeps its place even if its sort key changed: rows jumping
   * under the pointer would be worse than a list briefly out of order. */
  wb_case_row_update (g_ptr_array_index (self->rows, position), summary);
  return TRUE;
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
