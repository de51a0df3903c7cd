/* wb-inbox-view.c
 *
 * The server sorts and filters; this view only turns the controls into a
 * query and shows the pages it gets back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox/wb-case-list-model.h"
#include "inbox/wb-case-row.h"
#include "inbox/wb-inbox-columns.h"
#include "inbox/wb-inbox-table.h"
#include "inbox/wb-inbox-row.h"
#include "inbox/wb-inbox-view.h"
#include "wb-handler-picker.h"
#include "wb-json.h"
#include "wb-text-dialog.h"
#include "wb-case-format.h"
#include "wb-text.h"

/* The most cases one bulk claim or assignment sends. */
#define MAX_BULK 500
/* A bind this far from the previous one is a jump, not scrolling. */
#define JUMP_ROWS 1000

struct _WbInboxView
{
  AdwBin             parent_instance;

  /* template widgets */
  GtkSearchEntry    *search_entry;
  GtkDropDown       *state_dropdown;
  GtkDropDown       *assignee_dropdown;
  GtkDropDown       *due_dropdown;
  GtkDropDown       *item_dropdown;
  GtkToggleButton   *flag_toggle;
  GtkListView       *list_view;
  GtkWidget         *scroller;
  GtkSpinner        *spinner;
  GtkLabel          *count_label;
  GtkBox            *footer;
  GtkWidget         *claim_button;
  GtkWidget         *assign_picker;
  GtkWidget         *table;

  /* owned */
  WbContext         *context;
  WbCaseListModel   *model;
  GtkMultiSelection *selection;
  WbInboxColumns    *columns;
  char              *query;
  const char        *sort_key;     /* static: a column's sort key */
  gboolean           sort_descending;
  gboolean           first_rows_traced;
  /* Enter was pressed in the search field before its results came. */
  gboolean           activate_pending;
  /* A scrollbar jump whose rows on screen are still loading (the jump
   * benchmark's trace). */
  gboolean           jump_pending;
  guint              jump_tick;
  guint              last_bound;
  guint              viewport_first;
  guint              viewport_n;
  guint              new_cases;
  gboolean           applying;
  GPtrArray         *item_codes;   /* parallel to item_dropdown; [0] is NULL */
};

G_DEFINE_FINAL_TYPE (WbInboxView, wb_inbox_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  OPEN_CASE,
  FILTERS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The first choice is what a caseworker opens the inbox for: cases whose
 * statutory clock runs or waits on the applicant, most urgent first. The
 * second holds decided cases still to be delivered or archived. */
static const char *state_filters[] = {
  "submitted,unit_review,supplement,accepted",
  "completed,delivering,delivered,refused",
  NULL, "submitted", "unit_review", "supplement", "accepted", "completed",
  "delivering", "delivered", "refused", "archived", "withdrawn",
};
static const char *assignee_filters[] = { NULL, "me", "none" };
static const char *due_filters[] = { NULL, "soon", "overdue" };

/* A title pressed: its column, ascending; the same title again turns the
 * order round. */
static void
set_sort (WbInboxView *self,
          const char  *key,
          gboolean     descending)
{
  for (guint i = 0; key != NULL && i < WB_INBOX_N_COLUMNS; i++)
    if (g_strcmp0 (wb_inbox_column_get_sort_key (i), key) == 0)
      {
        self->sort_key = wb_inbox_column_get_sort_key (i);
        self->sort_descending = descending;
        wb_inbox_table_set_sort (WB_INBOX_TABLE (self->table), self->sort_key, descending);
        return;
      }
}

static void
rebuild_query (WbInboxView *self)
{
  g_autoptr(GString) q = g_string_new (NULL);
  guint state = gtk_drop_down_get_selected (self->state_dropdown);
  guint assignee = gtk_drop_down_get_selected (self->assignee_dropdown);
  guint due = gtk_drop_down_get_selected (self->due_dropdown);
  guint item = gtk_drop_down_get_selected (self->item_dropdown);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (state < G_N_ELEMENTS (state_filters) && state_filters[state])
    g_string_append_printf (q, "state=%s&", state_filters[state]);
  if (self->item_codes != NULL && item < self->item_codes->len && self->item_codes->pdata[item])
    g_string_append_printf (q, "item=%s&", (const char *) self->item_codes->pdata[item]);
  if (assignee < G_N_ELEMENTS (assignee_filters) && assignee_filters[assignee])
    g_string_append_printf (q, "assignee=%s&", assignee_filters[assignee]);
  if (due < G_N_ELEMENTS (due_filters) && due_filters[due])
    g_string_append_printf (q, "due=%s&", due_filters[due]);
  if (gtk_widget_get_visible (GTK_WIDGET (self->flag_toggle)) &&
      gtk_toggle_button_get_active (self->flag_toggle))
    g_string_append (q, "flag=repeat_supplement&");
  if (text != NULL && *text)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));
      g_autofree char *escaped = g_uri_escape_string (trimmed, NULL, FALSE);

      if (*trimmed)
        g_string_append_printf (q, "q=%s&", escaped);
    }

  g_string_append_printf (q, "sort=%s&order=%s", self->sort_key, self->sort_descending ? "desc" : "asc");

  if (g_strcmp0 (self->query, q->str) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (q->str);
  g_object_set (self->model, "query", self->query, NULL);
}

static void
on_filters_changed_cb (WbInboxView *self)
{
  if (self->model != NULL && !self->applying)
    rebuild_query (self);
}

static guint
index_of (const char * const *values,
          guint               n,
          const char         *value)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

void
wb_inbox_view_apply_query (WbInboxView *self,
                           const char  *query)
{
  g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  const char *text;

  g_return_if_fail (WB_IS_INBOX_VIEW (self));
  if (params == NULL)
    return;

  /* Set every control, then ask the server once. */
  self->applying = TRUE;
  gtk_drop_down_set_selected (self->state_dropdown,
                              index_of (state_filters, G_N_ELEMENTS (state_filters), g_hash_table_lookup (params, "state")));
  gtk_drop_down_set_selected (self->assignee_dropdown,
                              index_of (assignee_filters, G_N_ELEMENTS (assignee_filters), g_hash_table_lookup (params, "assignee")));
  gtk_drop_down_set_selected (self->due_dropdown,
                              index_of (due_filters, G_N_ELEMENTS (due_filters), g_hash_table_lookup (params, "due")));
  gtk_toggle_button_set_active (self->flag_toggle,
                                g_strcmp0 (g_hash_table_lookup (params, "flag"), "repeat_supplement") == 0);
  text = g_hash_table_lookup (params, "item");
  gtk_drop_down_set_selected (self->item_dropdown, 0);
  for (guint i = 1; text != NULL && self->item_codes != NULL && i < self->item_codes->len; i++)
    if (g_str_equal (self->item_codes->pdata[i], text))
      gtk_drop_down_set_selected (self->item_dropdown, i);
  text = g_hash_table_lookup (params, "q");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* A saved filter keeps the order it was saved in. */
  set_sort (self, "deadline", FALSE);
  set_sort (self, g_hash_table_lookup (params, "sort"),
            g_strcmp0 (g_hash_table_lookup (params, "order"), "desc") == 0);
  self->applying = FALSE;
  rebuild_query (self);
}

/* Enter in the search field: one match opens at once, several put the
 * keyboard in the list. Never before the results are in, or the focus
 * would move past an empty list to the buttons below it. */
static void
finish_search_activation (WbInboxView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  self->activate_pending = FALSE;
  if (n == 1 && wb_case_list_model_get_complete (self->model))
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), 0);

      if (row != NULL && !wb_case_row_is_placeholder (row))
        g_signal_emit (self, signals[OPEN_CASE], 0, wb_case_row_get_id (row));
    }
  else if (n > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_search_activated_cb (WbInboxView *self)
{
  /* The search field waits a moment after each key; Enter asks now. */
  rebuild_query (self);
  if (wb_case_list_model_get_loading (self->model))
    self->activate_pending = TRUE;
  else
    finish_search_activation (self);
}

static void
on_row_activated_cb (WbInboxView *self,
                     guint        position)
{
  g_autoptr(WbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  /* A row still on its way has no case to open yet. */
  if (row != NULL && !wb_case_row_is_placeholder (row))
    g_signal_emit (self, signals[OPEN_CASE], 0, wb_case_row_get_id (row));
}

/* Whether a loaded row near the top shows an estimated clock. */
static gboolean
first_rows_estimated (WbInboxView *self)
{
  guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (self->model)), 200);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (row != NULL && !wb_case_row_is_placeholder (row) && !wb_case_row_get_calendar_complete (row))
        return TRUE;
    }
  return FALSE;
}

static void
update_count (WbInboxView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean complete = FALSE, loading = FALSE;
  g_autofree char *text = NULL;

  g_object_get (self->model, "complete", &complete, "loading", &loading, NULL);
  gtk_spinner_set_spinning (self->spinner, loading);
  if (!complete && n > 0)
    text = g_strdup (_("Counting cases…"));
  else if (n == 0 && complete &&
           !wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))))
    /* The server matches the start of a case number or a whole name, so
     * a number's tail or part of a name finds nothing: say how to search. */
    text = g_strdup (_("No case found. Search by the beginning of a case number, or by the applicant’s full name."));
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u case", "%u cases", n), n);
  /* The clock column marks an estimate with "*"; one note here says what
   * it means to anyone who has not rested the pointer on a clock. */
  if (first_rows_estimated (self))
    {
      char *joined = g_strconcat (text, " · ", _("* No holiday calendar is loaded for part of the period: only weekends were counted as days off"), NULL);

      g_free (text);
      text = joined;
    }
  if (self->new_cases > 0)
    {
      g_autofree char *more_text = g_strdup_printf (g_dngettext (NULL, "%u new case arrived: press F5 to show it",
                                                                 "%u new cases arrived: press F5 to show them",
                                                                 self->new_cases), self->new_cases);
      char *joined = g_strconcat (text, " · ", more_text, NULL);
      g_free (text);
      text = joined;
    }
  gtk_label_set_label (self->count_label, text);
}

static void
on_model_changed_cb (WbInboxView *self)
{
  update_count (self);
}

static void
on_case_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WbInboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  /* A case that left the user's view (reassigned across units) is
   * simply not patched; the next reload drops it. */
  if (reply != NULL && self->model != NULL)
    wb_case_list_model_patch (self->model, wb_api_reply_object (reply));
}

/* Rows on screen follow changes made elsewhere, in place: the list is
 * never reloaded behind the caseworker's back. */
static void
on_case_changed_cb (WbChangeFeed *feed,
                    gint64        case_id,
                    const char   *kind,
                    WbInboxView  *self)
{
  if (g_strcmp0 (kind, "case.created") == 0)
    {
      self->new_cases++;
      update_count (self);
      return;
    }
  if (wb_case_list_model_find (self->model, case_id) >= 0)
    {
      g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, case_id);

      wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                                   NULL, on_case_fetched_cb, g_object_ref (self));
    }
}

static void
on_first_page_cb (WbCaseListModel *model,
                  WbInboxView     *self)
{
  self->new_cases = 0;
  update_count (self);
  if (self->activate_pending)
    finish_search_activation (self);
  if (!self->first_rows_traced)
    {
      self->first_rows_traced = TRUE;
      wb_context_trace ("first-rows");
    }
}

static void
on_model_failed_cb (WbCaseListModel *model,
                    const GError    *error,
                    WbInboxView     *self)
{
  wb_context_report_error (self->context, error);
}

/* The row factory: one WbInboxRow a row. */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              WbInboxView              *self)
{
  gtk_list_item_set_child (item, wb_inbox_row_new (self->columns));
}

static gboolean jump_tick_cb (GtkWidget     *widget,
                              GdkFrameClock *clock,
                              gpointer       user_data);

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             WbInboxView              *self)
{
  GtkWidget *widget = gtk_list_item_get_child (item);
  WbCaseRow *row = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  guint distance = position > self->last_bound ? position - self->last_bound : self->last_bound - position;

  wb_inbox_row_set_case (WB_INBOX_ROW (widget), row);
  /* Where the row is, for telling which rows are on screen. */
  g_object_set_data (G_OBJECT (widget), "wb-position", GUINT_TO_POINTER (position + 1));
  /* Far from the last row bound, onto a row not loaded: a jump. */
  if (distance > JUMP_ROWS && wb_case_row_is_placeholder (row))
    {
      self->jump_pending = TRUE;
      wb_context_trace_position ("jump", position);
      if (self->jump_tick == 0)
        self->jump_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), jump_tick_cb, self, NULL);
    }
  self->last_bound = position;
  wb_case_list_model_ensure (self->model, position);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *widget = gtk_list_item_get_child (item);

  wb_inbox_row_set_case (WB_INBOX_ROW (widget), NULL);
  g_object_set_data (G_OBJECT (widget), "wb-position", NULL);
}

static void trace_jump_shown (WbInboxView *self);

/* Checks each frame after a jump whether the rows it landed on show. */
static gboolean
jump_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  WbInboxView *self = user_data;

  trace_jump_shown (self);
  if (self->jump_pending)
    return G_SOURCE_CONTINUE;
  self->jump_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Tells the model which rows are on screen, so a jump loads the page in
 * view before the pages the list view bound around it. The list's height
 * is an estimate from the rows it measured, which is exact enough to pick
 * a page. */
static void
on_scrolled_cb (WbInboxView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  double upper = gtk_adjustment_get_upper (adjustment);
  double first, visible;

  if (n == 0 || upper <= 0)
    return;
  first = gtk_adjustment_get_value (adjustment) / upper * n;
  visible = gtk_adjustment_get_page_size (adjustment) / upper * n;
  self->viewport_first = (guint) CLAMP (first, 0, n - 1);
  self->viewport_n = (guint) visible + 2;
  wb_case_list_model_set_viewport (self->model, self->viewport_first, self->viewport_n);
}

/* The position of the row drawn at height @y of the list, or -1. */
static int
row_at_height (WbInboxView *self,
               double       y)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->list_view), 8, y, GTK_PICK_DEFAULT);

  for (; widget != NULL && widget != GTK_WIDGET (self->list_view); widget = gtk_widget_get_parent (widget))
    {
      gpointer position = g_object_get_data (G_OBJECT (widget), "wb-position");

      if (position != NULL)
        return GPOINTER_TO_INT (position) - 1;
    }
  return -1;
}

/* The rows the list shows, as laid out at the last frame: after a jump
 * the scrollbar's estimate takes a few frames to agree with them. */
static gboolean
shown_rows (WbInboxView *self,
            guint       *first,
            guint       *last)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->list_view));
  int top = -1, bottom = -1;

  for (int y = 1; y < MIN (height, 120) && top < 0; y += 4)
    top = row_at_height (self, y);
  for (int y = height - 1; y > height / 2 && bottom < 0; y -= 4)
    bottom = row_at_height (self, y);
  if (top < 0 || bottom < top)
    return FALSE;
  *first = top;
  *last = bottom;
  return TRUE;
}

static gboolean
viewport_filled (WbInboxView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = self->viewport_first; i < n && i < self->viewport_first + self->viewport_n; i++)
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (row == NULL || wb_case_row_is_placeholder (row))
        return FALSE;
    }
  return TRUE;
}

static void
trace_jump_shown (WbInboxView *self)
{
  guint first, last;

  if (!self->jump_pending)
    return;
  /* The scrollbar's estimate takes a few frames to agree with the rows a
   * jump shows. The model loads the rows truly shown first, and loads
   * them even if the list binds them only once. */
  if (shown_rows (self, &first, &last) &&
      (first != self->viewport_first || last - first + 1 != self->viewport_n))
    {
      self->viewport_first = first;
      self->viewport_n = last - first + 1;
      wb_case_list_model_set_viewport (self->model, first, self->viewport_n);
    }
  if (viewport_filled (self))
    {
      wb_context_trace_position ("jump-shown", self->viewport_first);
      self->jump_pending = FALSE;
    }
}

static void
on_rows_filled_cb (WbCaseListModel *model,
                   guint            position,
                   guint            n_rows,
                   WbInboxView     *self)
{
  trace_jump_shown (self);
}

/* Actions */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WbInboxView *self = WB_INBOX_VIEW (widget);

  wb_case_list_model_reload (self->model);
}

static void
sort_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WbInboxView *self = WB_INBOX_VIEW (widget);
  const char *key = g_variant_get_string (parameter, NULL);

  set_sort (self, key, g_strcmp0 (key, self->sort_key) == 0 && !self->sort_descending);
  on_filters_changed_cb (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WbInboxView *self = WB_INBOX_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* One bulk claim or assignment: what came of each case, said once when
 * the last answer is in. */
typedef struct
{
  WbInboxView *self;
  gboolean     claim;
  guint        pending;
  guint        done;
  guint        mine;       /* a claim of a case already the caseworker's */
  guint        skipped;    /* still loading: the desk knows no version */
  guint        failed;
  char        *first_error;
} BulkRun;

static void
bulk_run_free (BulkRun *run)
{
  g_object_unref (run->self);
  g_free (run->first_error);
  g_free (run);
}

static void
bulk_run_report (BulkRun *run)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (run->done > 0 || (run->failed == 0 && run->mine == 0 && run->skipped == 0))
    g_string_append_printf (text, run->claim
                            ? g_dngettext (NULL, "Claimed %u case", "Claimed %u cases", run->done)
                            : g_dngettext (NULL, "Assigned %u case", "Assigned %u cases", run->done),
                            run->done);
  if (run->mine > 0)
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      g_string_append_printf (text, g_dngettext (NULL, "%u was already yours", "%u were already yours", run->mine),
                              run->mine);
    }
  if (run->skipped > 0)
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      g_string_append_printf (text, g_dngettext (NULL, "%u still loading was left out",
                                                 "%u still loading were left out", run->skipped),
                              run->skipped);
    }
  if (run->failed > 0)
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      /* The first refusal stands for the others: most share a cause. */
      g_string_append_printf (text, g_dngettext (NULL, "%u could not be done: %s", "%u could not be done, the first because: %s",
                                                 run->failed),
                              run->failed, run->first_error);
    }
  wb_context_notify (run->self->context, text->str);
}

static void
on_bulk_answered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  BulkRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply != NULL)
    {
      run->done++;
      if (run->self->model != NULL)
        wb_case_list_model_patch (run->self->model, wb_api_reply_object (reply));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run->failed++;
      if (run->first_error == NULL)
        run->first_error = g_strdup (error->message);
    }

  if (--run->pending == 0)
    {
      bulk_run_report (run);
      bulk_run_free (run);
    }
}

/* Sends one action to every selected row; each answer patches its row,
 * and one message at the end says what came of them all. */
static void
act_on_selection (WbInboxView *self,
                  const char  *action,
                  JsonNode    *body)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  const char *me = wb_context_get_username (self->context);
  GtkBitsetIter iter;
  guint position;
  BulkRun *run;

  if (!gtk_bitset_iter_init_first (&iter, selected, &position))
    {
      wb_context_notify (self->context, _("Select the cases first"));
      return;
    }
  /* Ctrl+A over a province's list selects a million rows; acting on them
   * all is never what the caseworker meant. */
  if (gtk_bitset_get_size (selected) > MAX_BULK)
    {
      g_autofree char *text = g_strdup_printf (_("Select at most %u cases at a time"), MAX_BULK);

      wb_context_notify (self->context, text);
      return;
    }

  run = g_new0 (BulkRun, 1);
  run->self = g_object_ref (self);
  run->claim = g_str_equal (action, "claim");
  /* Held until every request is out, so no early answer ends the run. */
  run->pending = 1;
  do
    {
      g_autoptr(WbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      g_autofree char *path = NULL;
      g_autofree char *etag = NULL;
      g_autofree char *key = NULL;

      /* Without its page the desk knows neither the case nor its version. */
      if (row == NULL || wb_case_row_is_placeholder (row))
        {
          run->skipped++;
          continue;
        }
      /* Nothing to ask the server: the row says whose it is. */
      if (run->claim && me != NULL && g_strcmp0 (wb_case_row_get_assignee_username (row), me) == 0)
        {
          run->mine++;
          continue;
        }
      path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", wb_case_row_get_id (row), action);
      etag = g_strdup_printf ("\"v%" G_GINT64_FORMAT "\"", wb_case_row_get_version (row));
      key = g_uuid_string_random ();

      {
        const char *headers[] = { "If-Match", etag, "Idempotency-Key", key, NULL };

        run->pending++;
        wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, headers,
                                     NULL, on_bulk_answered_cb, run);
      }
    }
  while (gtk_bitset_iter_next (&iter, &position));

  if (--run->pending == 0)
    {
      bulk_run_report (run);
      bulk_run_free (run);
    }
}

void
wb_inbox_view_assign_selected (WbInboxView *self,
                               const char  *username)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (WB_IS_INBOX_VIEW (self));
  body = wb_json_text_body ("assignee", username);
  act_on_selection (self, "assign", body);
}

static void
on_assignee_picked_cb (WbHandlerPicker *picker,
                       const char      *username,
                       WbInboxView     *self)
{
  wb_inbox_view_assign_selected (self, username);
}

static void
on_filter_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WbInboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  wb_context_notify (self->context, _("Filter saved"));
  g_signal_emit (self, signals[FILTERS_CHANGED], 0);
}

void
wb_inbox_view_save_filter (WbInboxView *self,
                           const char  *name)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (WB_IS_INBOX_VIEW (self));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "query");
  json_builder_add_string_value (b, self->query);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  wb_api_client_request_async (wb_context_get_client (self->context), "POST", "/filters", body, NULL,
                               NULL, on_filter_saved_cb, g_object_ref (self));
}

static void
save_filter_named (GObject    *owner,
                   const char *name)
{
  wb_inbox_view_save_filter (WB_INBOX_VIEW (owner), name);
}

static void
save_filter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  wb_text_dialog_present (widget, _("Save This Filter?"),
                          _("The filter is kept on the server under your name and appears in the sidebar on any desk you sign in to."),
                          _("Name, e.g. My overdue cases"), 40,
                          "save", _("_Save"), ADW_RESPONSE_SUGGESTED,
                          G_OBJECT (widget), save_filter_named);
}

static void
claim_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  act_on_selection (WB_INBOX_VIEW (widget), "claim", NULL);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WbInboxView *self = WB_INBOX_VIEW (widget);

  wb_handler_picker_popup (WB_HANDLER_PICKER (self->assign_picker));
}

/* The item filter lists the published catalogue, by name. */
static void
on_items_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(WbInboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  g_autoptr(GtkStringList) names = NULL;
  JsonArray *items;

  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  if (self->model == NULL)
    return;

  names = gtk_string_list_new (NULL);
  g_clear_pointer (&self->item_codes, g_ptr_array_unref);
  self->item_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("All Items"));
  g_ptr_array_add (self->item_codes, NULL);
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *it = json_array_get_object_element (items, i);
      gtk_string_list_append (names, json_object_get_string_member (it, "name"));
      g_ptr_array_add (self->item_codes, g_strdup (json_object_get_string_member (it, "code")));
    }
  self->applying = TRUE;
  gtk_drop_down_set_model (self->item_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->item_dropdown, 0);
  self->applying = FALSE;
}

/* The rows on screen are about to show other cases: a bulk claim must
 * never act on cases the caseworker did not pick. */
static void
on_model_reset_cb (WbInboxView *self)
{
  if (self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

/* Only handlers take on cases (the server says so for each); a
 * supervisor watching the list is not offered what is never theirs. */
static gboolean
takes_cases (WbInboxView *self)
{
  return self->context != NULL && (wb_context_get_roles (self->context) & WB_ROLE_HANDLER) != 0;
}

/* Claim and assign act on the selected rows: with none selected they
 * would only say so, so they are off until a row is picked. */
static void
update_bulk_actions (WbInboxView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean any = takes_cases (self) && !gtk_bitset_is_empty (selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.claim", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inbox.assign", any);
  if (self->assign_picker != NULL)
    gtk_widget_set_sensitive (self->assign_picker, any);
}

static void
wb_inbox_view_constructed (GObject *object)
{
  WbInboxView *self = (WbInboxView *) object;
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (wb_inbox_view_parent_class)->constructed (object);

  self->model = wb_case_list_model_new (wb_context_get_client (self->context));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::complete", G_CALLBACK (on_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "rows-filled", G_CALLBACK (on_rows_filled_cb), self, 0);
  g_signal_connect_object (self->model, "first-page", G_CALLBACK (on_first_page_cb), self, 0);
  g_signal_connect_object (self->model, "reset", G_CALLBACK (on_model_reset_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "failed", G_CALLBACK (on_model_failed_cb), self, 0);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (update_bulk_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (update_bulk_actions), self,
                           G_CONNECT_SWAPPED);
  {
    GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

    if (vadjustment != NULL)
      {
        g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (vadjustment, "changed", G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
      }
  }

  /* Before the claim button: the footer reads count, assign, claim. */
  self->assign_picker = wb_handler_picker_new (self->context, _("_Assign Selected"));
  g_signal_connect (self->assign_picker, "picked", G_CALLBACK (on_assignee_picked_cb), self);
  gtk_box_insert_child_after (self->footer, self->assign_picker,
                              GTK_WIDGET (self->count_label));
  gtk_widget_set_visible (self->assign_picker, takes_cases (self));
  gtk_widget_set_visible (self->claim_button, takes_cases (self));
  update_bulk_actions (self);

  /* Measured before the first row asks, so no row measures them again. */
  self->columns = wb_inbox_columns_new ();
  wb_inbox_columns_measure (self->columns, GTK_WIDGET (self->list_view));
  {
    /* The titles and the list, laid out as one table, where the list was. */
    GtkWidget *box = gtk_widget_get_parent (self->scroller);
    GtkWidget *before = gtk_widget_get_prev_sibling (self->scroller);

    g_object_ref (self->scroller);
    gtk_box_remove (GTK_BOX (box), self->scroller);
    self->table = wb_inbox_table_new (self->columns, self->scroller, GTK_WIDGET (self->list_view));
    g_object_unref (self->scroller);
    gtk_widget_set_vexpand (self->table, TRUE);
    gtk_box_insert_child_after (GTK_BOX (box), self->table, before);
  }
  set_sort (self, "deadline", FALSE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  if (wb_context_get_feed (self->context) != NULL)
    g_signal_connect_object (wb_context_get_feed (self->context), "case-changed",
                             G_CALLBACK (on_case_changed_cb), self, 0);

  /* Supervisors look for cases whose applicant was asked twice. */
  gtk_widget_set_visible (GTK_WIDGET (self->flag_toggle),
                          (wb_context_get_roles (self->context) & WB_ROLE_VIEWER) != 0);

  rebuild_query (self);
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", "/items", NULL, NULL,
                               NULL, on_items_loaded_cb, g_object_ref (self));
}

static void
wb_inbox_view_dispose (GObject *object)
{
  WbInboxView *self = (WbInboxView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_INBOX_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->columns);
  g_clear_object (&self->context);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->item_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (wb_inbox_view_parent_class)->dispose (object);
}

static void
wb_inbox_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WbInboxView *self = WB_INBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_inbox_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WbInboxView *self = WB_INBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_inbox_view_class_init (WbInboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wb_inbox_view_constructed;
  object_class->dispose = wb_inbox_view_dispose;
  object_class->set_property = wb_inbox_view_set_property;
  object_class->get_property = wb_inbox_view_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[FILTERS_CHANGED] = g_signal_new ("filters-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/inbox/wb-inbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, due_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, item_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, flag_toggle);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, list_view);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, scroller);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, spinner);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, count_label);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, footer);
  gtk_widget_class_bind_template_child (widget_class, WbInboxView, claim_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "inbox.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "inbox.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "inbox.sort", "s", sort_action);
  gtk_widget_class_install_action (widget_class, "inbox.claim", NULL, claim_action);
  gtk_widget_class_install_action (widget_class, "inbox.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "inbox.save-filter", NULL, save_filter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "inbox.save-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "inbox.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inbox.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "inbox.claim", NULL);
}

static GListModel *
string_list (const char * const *items,
             guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, items[i]);
  return G_LIST_MODEL (list);
}

static void
wb_inbox_view_init (WbInboxView *self)
{
  const char *states[] = {
    _("In Progress"), _("To Deliver or Archive"), _("All States"), _("Platform Review"), _("Unit Review"), _("Awaiting Materials"),
    _("Accepted"), _("Completed"), _("Delivering"), _("Delivered"), _("Refused"),
    _("Archived"), _("Withdrawn"),
  };
  const char *assignees[] = { _("Anyone"), _("Assigned to Me"), _("Unassigned") };
  const char *dues[] = { _("Any Deadline"), _("Due Soon"), _("Overdue") };
  g_autoptr(GListModel) state_model = string_list (states, G_N_ELEMENTS (states));
  g_autoptr(GListModel) assignee_model = string_list (assignees, G_N_ELEMENTS (assignees));
  g_autoptr(GListModel) due_model = string_list (dues, G_N_ELEMENTS (dues));

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Shift+A is also the list's own "unselect all", and the list,
   * holding the keyboard, would hear it first and drop the very rows
   * the caseworker meant to assign: this view takes it on the way down. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                            gtk_named_action_new ("inbox.assign")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  /* The model is made in constructed(), so these changes query nothing. */
  gtk_drop_down_set_model (self->state_dropdown, state_model);
  gtk_drop_down_set_model (self->assignee_dropdown, assignee_model);
  gtk_drop_down_set_model (self->due_dropdown, due_model);
}

GtkWidget *
wb_inbox_view_new (WbContext *context)
{
  return g_object_new (WB_TYPE_INBOX_VIEW, "context", context, NULL);
}

GListModel *
wb_inbox_view_get_model (WbInboxView *self)
{
  g_return_val_if_fail (WB_IS_INBOX_VIEW (self), NULL);
  return G_LIST_MODEL (self->model);
}

const char *
wb_inbox_view_get_query (WbInboxView *self)
{
  g_return_val_if_fail (WB_IS_INBOX_VIEW (self), NULL);
  return self->query;
}

void
wb_inbox_view_focus_list (WbInboxView *self)
{
  g_return_if_fail (WB_IS_INBOX_VIEW (self));

  /* An empty list has nothing to move through: search instead. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0 ||
      !gtk_widget_grab_focus (GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
wb_inbox_view_focus_search (WbInboxView *self)
{
  g_return_if_fail (WB_IS_INBOX_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GtkSelectionModel *
wb_inbox_view_get_selection (WbInboxView *self)
{
  g_return_val_if_fail (WB_IS_INBOX_VIEW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}
