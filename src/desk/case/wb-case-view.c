/* wb-case-view.c
 *
 * The action bar is built from the case's allowed_actions alone; the desk
 * never decides who may do what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-case-view-private.h"
#include "viewer/wb-material-cache.h"
#include "viewer/wb-pdf-view.h"
#include "wb-case-format.h"
#include "wb-error.h"
#include "wb-handler-picker.h"
#include "wb-json.h"
#include "wb-text-dialog.h"


G_DEFINE_FINAL_TYPE (WbCaseView, wb_case_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CASE_ID,
  PROP_TITLE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Actions that need no more than a click. The ones that need a decision
 * (reasons, legal basis, notices) open their dialogs
 * (wb-case-view-decisions.c). */
static const char *simple_actions[] = {
  "claim", "platform_pass", "supplement_received", "print_ready",
  "confirm_delivery", NULL
};

static void load (WbCaseView *self);

static void
set_loading (WbCaseView *self,
             gboolean    loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
wb_case_view_show_notice (WbCaseView *self,
                          const char *message)
{
  gtk_label_set_label (self->notice_label, message);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
}

static void
on_notice_closed_cb (WbCaseView *self)
{
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value ? value : "—");
}

static void
show_applicant (WbCaseView *self,
                JsonObject *applicant)
{
  set_row (self->name_row, wb_json_string (applicant, "name"));
  set_row (self->id_row, wb_json_string (applicant, "id_number"));
  set_row (self->phone_row, wb_json_string (applicant, "phone"));
  set_row (self->address_row, wb_json_string (applicant, "address"));
}

/* The received material of that name, or NULL. */
static JsonObject *
received_material (WbCaseView *self,
                   const char *name)
{
  for (guint i = 0; self->received && i < json_array_get_length (self->received); i++)
    if (g_strcmp0 (wb_json_string (json_array_get_object_element (self->received, i), "name"), name) == 0)
      return json_array_get_object_element (self->received, i);
  return NULL;
}

static const char *
review_verdict (JsonObject *material)
{
  JsonNode *node = json_object_get_member (material, "review");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return wb_json_string (json_node_get_object (node), "verdict");
}

/* The verdict as the row shows it; a deficiency carries its reason, since
 * that is what the supplement notice will say. */
static char *
review_text (JsonObject *material)
{
  const char *verdict = review_verdict (material);
  JsonObject *review;

  if (verdict == NULL)
    return NULL;
  review = json_object_get_object_member (material, "review");
  if (g_str_equal (verdict, "deficient"))
    /* Translators: a material's review verdict, with the reviewer's reason */
    return g_strdup_printf (_("Deficient: %s"), wb_json_string (review, "reason"));
  return g_strdup (C_("material verdict", "Accepted"));
}

/* The checklist beside what arrived: a caseworker sees at a glance what
 * the one-time notice would have to list. */
static void
show_checklist (WbCaseView *self)
{
  clear_rows (self->required_group, self->required_rows);
  clear_rows (self->materials_group, self->material_rows);

  for (guint i = 0; self->required && i < json_array_get_length (self->required); i++)
    {
      const char *name = wb_json_string (json_array_get_object_element (self->required, i), "name");
      JsonObject *material = received_material (self, name);
      /* A material that came but was found deficient is as good as
       * missing for the one-time notice: the checklist says so. */
      gboolean deficient = material != NULL && g_strcmp0 (review_verdict (material), "deficient") == 0;
      gboolean fine = material != NULL && !deficient;
      g_autofree char *status = deficient ? review_text (material)
                                          : g_strdup (material != NULL ? _("Received") : _("Missing"));
      GtkWidget *row = add_row (self->required_group, self->required_rows, name, status);
      GtkWidget *icon = gtk_image_new_from_icon_name (fine ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, fine ? "success" : "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  for (guint i = 0; self->received && i < json_array_get_length (self->received); i++)
    {
      JsonObject *m = json_array_get_object_element (self->received, i);
      g_autofree char *size = g_format_size (json_object_get_int_member_with_default (m, "size", 0));
      g_autofree char *when = wb_format_time (wb_json_string (m, "uploaded_at"));
      g_autofree char *verdict = review_text (m);
      g_autofree char *subtitle = verdict ? g_strdup_printf ("PDF · %s · %s · %s", size, when, verdict)
                                          : g_strdup_printf ("PDF · %s · %s", size, when);
      GtkWidget *row = add_row (self->materials_group, self->material_rows, wb_json_string (m, "name"), subtitle);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("x-office-document-symbolic"));
      if (verdict != NULL)
        {
          gboolean deficient = g_strcmp0 (review_verdict (m), "deficient") == 0;
          GtkWidget *icon = gtk_image_new_from_icon_name (deficient ? "dialog-warning-symbolic" : "emblem-ok-symbolic");

          gtk_widget_add_css_class (icon, deficient ? "warning" : "success");
          gtk_widget_set_tooltip_text (icon, verdict);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      /* A click or Enter on the row opens the material beside the case. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* Target first: a name without its target warns of a type mismatch. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x",
                                        json_object_get_int_member_with_default (m, "id", 0));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "case.open-material");
      gtk_widget_set_tooltip_text (row, _("Open this material"));
    }
  if (self->received && json_array_get_length (self->received) == 0)
    add_row (self->materials_group, self->material_rows, _("No materials yet"), NULL);
}

void
wb_case_view_after_action (WbCaseView   *self,
                           const GError *error)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), TRUE);
  if (error != NULL)
    {
      g_debug ("Action on case %" G_GINT64_FORMAT " failed: %s", self->case_id, error->message);
      if (g_error_matches (error, WB_ERROR, WB_ERROR_PRECONDITION_FAILED))
        {
          /* Someone else moved the case: reload it, and say what changed
           * once the new state is known. */
          g_free (self->conflict_was);
          self->conflict_was = g_strdup (wb_json_string (self->kase, "state"));
          load (self);
          return;
        }
      wb_context_report_error (self->context, error);
      return;
    }
  load (self);
}

static void
on_action_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  wb_case_view_after_action (self, reply == NULL ? error : NULL);
}

static void
run_action (WbCaseView *self,
            const char *action,
            JsonNode   *body)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", self->case_id, action);
  g_autofree char *key = g_uuid_string_random ();
  const char *headers[] = { "If-Match", self->etag, "Idempotency-Key", key, NULL };

  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_box), FALSE);
  wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, headers,
                               self->cancellable, on_action_done_cb, g_object_ref (self));
}

static void
on_action_clicked_cb (GtkButton  *button,
                      WbCaseView *self)
{
  run_action (self, g_object_get_data (G_OBJECT (button), "wb-action"), NULL);
}

/* An action whose body is one text member. */
static void
run_action_with_text (WbCaseView *self,
                      const char *action,
                      const char *member,
                      const char *text)
{
  g_autoptr(JsonNode) body = wb_json_text_body (member, text);

  run_action (self, action, body);
}

static void
withdraw_with_reason (GObject    *owner,
                      const char *reason)
{
  run_action_with_text (WB_CASE_VIEW (owner), "withdraw", "reason", reason);
}

/* While the applicant is asked for materials, the case can end at their
 * request: the caseworker records it, and why. It cannot be undone. */
static void
on_withdraw_clicked_cb (GtkButton  *button,
                        WbCaseView *self)
{
  wb_text_dialog_present (GTK_WIDGET (self), _("Withdraw This Case?"),
                          _("The application ends and cannot be taken up again; the applicant must apply anew. Say why, as the applicant asked; the reason is recorded with your name."),
                          _("Reason, e.g. the applicant withdrew by phone"), 200,
                          "withdraw", _("_Withdraw"), ADW_RESPONSE_DESTRUCTIVE,
                          G_OBJECT (self), withdraw_with_reason);
}

static void
on_assignee_picked_cb (WbHandlerPicker *picker,
                       const char      *username,
                       WbCaseView      *self)
{
  run_action_with_text (self, "assign", "assignee", username);
}

static void
show_actions (WbCaseView *self)
{
  GtkWidget *child;
  JsonArray *allowed = json_object_get_array_member (self->kase, "allowed_actions");
  GtkWidget *rate;
  guint shown = 0, waiting = 0;
  g_autoptr(GString) not_here = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_box_remove (self->actions_box, child);

  for (guint i = 0; i < json_array_get_length (allowed); i++)
    {
      const char *action = json_array_get_string_element (allowed, i);
      GtkWidget *button;

      if (g_str_equal (action, "assign"))
        {
          button = wb_handler_picker_new (self->context, wb_format_action_label ("assign"));
          g_signal_connect (button, "picked", G_CALLBACK (on_assignee_picked_cb), self);
        }
      else if (g_strv_contains (simple_actions, action))
        {
          button = gtk_button_new_with_label (wb_format_action_label (action));
          g_object_set_data_full (G_OBJECT (button), "wb-action", g_strdup (action), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_action_clicked_cb), self);
          if (shown == 0)
            gtk_widget_add_css_class (button, "suggested-action");
        }
      else if (g_str_equal (action, "withdraw"))
        {
          button = gtk_button_new_with_label (wb_format_action_label (action));
          g_signal_connect (button, "clicked", G_CALLBACK (on_withdraw_clicked_cb), self);
        }
      else if ((button = wb_case_view_decision_button (self, action)) != NULL)
        {
          if (shown == 0 || g_str_equal (action, "accept"))
            gtk_widget_add_css_class (button, "suggested-action");
        }
      else
        {
          /* The server allows it, but the desk has no form for it yet:
           * say which, rather than leave the caseworker looking. */
          g_autofree char *label = g_strdup (wb_format_action_label (action));

          if (g_str_has_suffix (label, "…"))
            label[strlen (label) - strlen ("…")] = '\0';
          if (not_here->len > 0)
            g_string_append (not_here, _(", "));
          g_string_append (not_here, label);
          waiting++;
          continue;
        }
      gtk_widget_set_name (button, action);
      gtk_box_append (self->actions_box, button);
      shown++;
    }

  if (wb_case_view_can_rate (self) && (rate = wb_case_view_decision_button (self, WB_CASE_VIEW_RATE)))
    {
      gtk_widget_set_name (rate, WB_CASE_VIEW_RATE);
      gtk_box_append (self->actions_box, rate);
      shown++;
    }

  if (shown == 0 && waiting == 0)
    gtk_label_set_label (self->actions_hint, _("You can read this case; there is nothing for you to do on it."));
  else if (waiting > 0)
    {
      g_autofree char *hint = g_strdup_printf (_("This version of the desk cannot do this yet: %s"), not_here->str);

      gtk_label_set_label (self->actions_hint, hint);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->actions_hint), hint);
    }
  else
    gtk_label_set_label (self->actions_hint, "");
}

static void
show_case (WbCaseView *self)
{
  JsonObject *c = self->kase;
  JsonObject *clock = json_object_get_object_member (c, "clock");
  g_autofree char *submitted = wb_format_time (wb_json_string (c, "submitted_at"));
  g_autofree char *meta = NULL;
  g_autofree char *clock_details = wb_format_clock_details (clock);
  const char *assignee = NULL;

  if (json_object_has_member (c, "assignee") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (c, "assignee")))
    assignee = wb_json_string (json_object_get_object_member (c, "assignee"), "display_name");

  g_free (self->title);
  self->title = g_strdup_printf ("%s · %s", wb_json_string (c, "case_no"), wb_json_string (c, "item_name"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);

  gtk_label_set_label (self->case_no_label, wb_json_string (c, "case_no"));
  wb_format_state_badge (GTK_WIDGET (self->state_label), wb_json_string (c, "state"));
  wb_format_clock (GTK_WIDGET (self->clock_label), wb_json_string (clock, "status"),
                   json_object_get_int_member_with_default (clock, "working_days_left", 0),
                   json_object_get_boolean_member_with_default (clock, "calendar_complete", TRUE));
  gtk_label_set_label (self->item_label, wb_json_string (c, "item_name"));
  /* Translators: unit, submission time, deadline date, assignee */
  meta = g_strdup_printf (_("%s · submitted %s · due %s · %s"),
                          wb_json_string (c, "unit_name"), submitted,
                          /* While stopped, the date the clock would end today. */
                          clock_details != NULL ? wb_json_string (clock, "promised_deadline")
                                                : wb_json_string (c, "deadline"),
                          assignee ? assignee : _("Unassigned"));
  /* Both limits, the stop and Art. 32's countdown, under the header. */
  if (clock_details != NULL)
    {
      char *with_clock = g_strconcat (meta, "\n", clock_details, NULL);

      g_free (meta);
      meta = with_clock;
    }
  gtk_label_set_label (self->meta_label, meta);

  if (!self->revealed)
    show_applicant (self, json_object_get_object_member (c, "applicant"));
  wb_case_view_show_delivery (self);
  show_actions (self);
}

static void
on_history_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  JsonArray *items;

  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  clear_rows (self->history_group, self->history_rows);
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  for (guint i = json_array_get_length (items); i > 0; i--)
    {
      JsonObject *h = json_array_get_object_element (items, i - 1);
      g_autofree char *when = wb_format_time (wb_json_string (h, "at"));
      const char *actor = wb_json_string (h, "actor");
      const char *who = wb_json_string (h, "actor_name");
      const char *from = wb_json_string (h, "from_state");
      const char *to = wb_json_string (h, "to_state");
      const char *action = wb_json_string (h, "action");
      g_autofree char *subtitle = NULL;
      g_autofree char *label = g_strdup (g_str_equal (action, "intake") ? _("Application received")
                                                                         : wb_format_action_label (action));

      /* Colleagues by name; the platforms and the outbox by what they are. */
      if (who == NULL)
        who = g_str_has_prefix (actor ? actor : "", "service:") ? _("System") : actor;
      /* An arrow only where the state moved: a claim leaves it as it was. */
      if (g_strcmp0 (from, to) != 0)
        subtitle = g_strdup_printf ("%s · %s → %s", when, who, wb_format_state_label (to));
      else
        subtitle = g_strdup_printf ("%s · %s", when, who);

      /* "Assign…" reads as a menu item; history states what happened. */
      if (g_str_has_suffix (label, "…"))
        label[strlen (label) - strlen ("…")] = '\0';
      add_row (self->history_group, self->history_rows, label, subtitle);
    }
}

static void
on_materials_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  g_clear_pointer (&self->received, json_array_unref);
  self->received = json_array_ref (json_object_get_array_member (wb_api_reply_object (reply), "items"));
  show_checklist (self);

  /* The caseworker reads the materials next: scans already on this machine
   * are checked now, so opening one waits only for its first page. */
  for (guint i = 0; i < json_array_get_length (self->received); i++)
    wb_material_cache_verify_in_background (wb_material_cache_get_default (),
                                            wb_json_string (json_array_get_object_element (self->received, i), "sha256"));
}

static void
on_item_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  JsonObject *item;
  g_autofree char *text = NULL;

  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  item = json_object_get_object_member (wb_api_reply_object (reply), "item");
  {
    int days = (int) json_object_get_int_member_with_default (item, "promised_days", 0);

    text = g_strdup_printf (g_dngettext (NULL,
                                         "%s\n\nLegal basis: %s\nPromised time limit: %d working day\nFees: %s",
                                         "%s\n\nLegal basis: %s\nPromised time limit: %d working days\nFees: %s",
                                         days),
                            wb_json_string (item, "guide"), wb_json_string (item, "legal_basis"),
                            days, wb_json_string (item, "fee_note"));
  }
  gtk_label_set_label (self->guide_label, text);
  g_clear_pointer (&self->item, json_object_unref);
  self->item = json_object_ref (item);
  g_clear_pointer (&self->required, json_array_unref);
  self->required = json_array_ref (json_object_get_array_member (item, "materials"));
  show_checklist (self);
}

static void
on_case_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  WbApiClient *client = wb_context_get_client (self->context);
  g_autofree char *item_path = NULL;
  g_autofree char *materials_path = NULL;
  g_autofree char *history_path = NULL;
  gboolean first = self->kase == NULL;

  set_loading (self, FALSE);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = wb_api_error_describe (error);
          wb_case_view_show_notice (self, message);
        }
      return;
    }

  g_clear_pointer (&self->kase, json_object_unref);
  self->kase = json_object_ref (wb_api_reply_object (reply));
  g_free (self->etag);
  self->etag = g_strdup (reply->etag);
  show_case (self);
  if (first)
    wb_context_trace ("case-open");
  if (self->conflict_was != NULL)
    {
      const char *now = wb_json_string (self->kase, "state");
      g_autofree char *message = NULL;

      if (g_strcmp0 (now, self->conflict_was) != 0)
        /* Translators: the two states of the case, before and after */
        message = g_strdup_printf (_("Someone changed this case while you had it open: it was “%s” and is now “%s”. Check it before you act again."),
                                   wb_format_state_label (self->conflict_was), wb_format_state_label (now));
      else
        message = g_strdup (_("Someone changed this case while you had it open. It has been reloaded; check it before you act again."));
      wb_case_view_show_notice (self, message);
      g_clear_pointer (&self->conflict_was, g_free);
    }

  item_path = g_strdup_printf ("/items/%s", wb_json_string (self->kase, "item_code"));
  materials_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", self->case_id);
  history_path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history", self->case_id);
  if (first)
    wb_api_client_request_async (client, "GET", item_path, NULL, NULL, self->cancellable,
                                 on_item_loaded_cb, g_object_ref (self));
  wb_api_client_request_async (client, "GET", materials_path, NULL, NULL, self->cancellable,
                               on_materials_loaded_cb, g_object_ref (self));
  wb_api_client_request_async (client, "GET", history_path, NULL, NULL, self->cancellable,
                               on_history_loaded_cb, g_object_ref (self));
}

static void
load (WbCaseView *self)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT, self->case_id);

  set_loading (self, TRUE);
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                               self->cancellable, on_case_loaded_cb, g_object_ref (self));
}

void
wb_case_view_load_materials (WbCaseView *self)
{
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials", self->case_id);

  wb_api_client_request_async (wb_context_get_client (self->context), "GET", path, NULL, NULL,
                               self->cancellable, on_materials_loaded_cb, g_object_ref (self));
}

static void
on_revealed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      return;
    }
  /* The clear values live only in this view and go when the tab closes. */
  self->revealed = TRUE;
  show_applicant (self, wb_api_reply_object (reply));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reveal_button), FALSE);
  /* Say plainly that these are the clear values, for how long, and that
   * the look was recorded. */
  adw_preferences_group_set_description (self->applicant_group,
                                         _("Shown in full until you close this case. Your access and its reason were recorded."));
}

static void
reveal_with_reason (GObject    *owner,
                    const char *reason)
{
  WbCaseView *self = WB_CASE_VIEW (owner);
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/reveal", self->case_id);
  g_autoptr(JsonNode) body = wb_json_text_body ("reason", reason);

  wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, NULL,
                               self->cancellable, on_revealed_cb, g_object_ref (self));
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WbCaseView *self = WB_CASE_VIEW (widget);

  if (self->kase == NULL || self->revealed)
    return;
  wb_text_dialog_present (widget, _("Reveal Personal Data?"),
                          _("The full name, ID number, phone and address will be shown until you close this case. Say why you need them; the reason is recorded with your name."),
                          _("Reason, e.g. calling the applicant about missing materials"), 0,
                          "reveal", _("_Reveal"), ADW_RESPONSE_SUGGESTED,
                          G_OBJECT (self), reveal_with_reason);
}

static void
on_case_changed_cb (WbChangeFeed *feed,
                    gint64        case_id,
                    const char   *kind,
                    WbCaseView   *self)
{
  if (case_id == self->case_id && !self->loading &&
      gtk_widget_get_sensitive (GTK_WIDGET (self->actions_box)))
    load (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wb_case_view_reload (WB_CASE_VIEW (widget));
}

static void
wb_case_view_constructed (GObject *object)
{
  WbCaseView *self = (WbCaseView *) object;
  char id_text[32];

  G_OBJECT_CLASS (wb_case_view_parent_class)->constructed (object);

  /* Only those who must speak to the applicant may reveal; the server
   * checks again. */
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button),
                          (wb_context_get_roles (self->context) & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)) != 0);
  /* Reviewing is handling: only handlers get the verdict buttons, and the
   * server checks the unit again. */
  if (wb_context_get_roles (self->context) & WB_ROLE_HANDLER)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *accept = gtk_button_new_with_label (C_("material verdict", "Accept"));
      GtkWidget *deficient = gtk_button_new_with_label (_("Deficient…"));

      gtk_widget_add_css_class (box, "linked");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (accept), "case.accept-material");
      gtk_widget_set_tooltip_text (accept, _("The material is complete and correct"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (deficient), "case.mark-deficient");
      gtk_widget_set_tooltip_text (deficient, _("Say what is missing or wrong with the material"));
      gtk_box_append (GTK_BOX (box), accept);
      gtk_box_append (GTK_BOX (box), deficient);
      wb_pdf_view_add_tool (self->pdf_view, box);
    }
  g_signal_connect_object (self->pdf_view, "notify::rotation",
                           G_CALLBACK (wb_case_view_on_rotation_changed), self, G_CONNECT_SWAPPED);
  wb_case_view_materials_connect (self);
  if (wb_context_get_feed (self->context) != NULL)
    g_signal_connect_object (wb_context_get_feed (self->context), "case-changed",
                             G_CALLBACK (on_case_changed_cb), self, 0);
  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, self->case_id);
  self->title = g_strdup_printf (_("Case %s"), id_text);
  load (self);
}

static void
wb_case_view_dispose (GObject *object)
{
  WbCaseView *self = (WbCaseView *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->material_cancellable != NULL)
    g_cancellable_cancel (self->material_cancellable);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_CASE_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->material_cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->kase, json_object_unref);
  g_clear_pointer (&self->received, json_array_unref);
  g_clear_pointer (&self->required, json_array_unref);
  g_clear_pointer (&self->item, json_object_unref);
  g_clear_pointer (&self->required_rows, g_ptr_array_unref);
  g_clear_pointer (&self->material_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->conflict_was, g_free);

  G_OBJECT_CLASS (wb_case_view_parent_class)->dispose (object);
}

static void
wb_case_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WbCaseView *self = WB_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CASE_ID:
      g_value_set_int64 (value, self->case_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_case_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  WbCaseView *self = WB_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_CASE_ID:
      self->case_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_case_view_class_init (WbCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wb_case_view_constructed;
  object_class->dispose = wb_case_view_dispose;
  object_class->get_property = wb_case_view_get_property;
  object_class->set_property = wb_case_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CASE_ID] =
    g_param_spec_int64 ("case-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WB_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, case_no_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, state_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, clock_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, item_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, applicant_group);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, name_row);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, id_row);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, phone_row);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, address_row);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, guide_label);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, required_group);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, materials_group);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, history_group);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, delivery_group);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, actions_box);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, actions_hint);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, paned);
  gtk_widget_class_bind_template_child (widget_class, WbCaseView, pdf_view);
  gtk_widget_class_bind_template_callback (widget_class, on_notice_closed_cb);

  gtk_widget_class_install_action (widget_class, "case.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "case.reload", NULL, reload_action);
  wb_case_view_materials_class_init (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "case.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "case.reveal", NULL);
}

static void
wb_case_view_init (WbCaseView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A case opened from the keyboard takes the keyboard: its shortcuts
   * (Ctrl+Shift+R, F5) work at once, Enter does nothing by accident, and
   * Tab goes on into the case. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  self->cancellable = g_cancellable_new ();
  self->required_rows = g_ptr_array_new ();
  self->material_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
}

GtkWidget *
wb_case_view_new (WbContext *context,
                  gint64     case_id)
{
  return g_object_new (WB_TYPE_CASE_VIEW, "context", context, "case-id", case_id, NULL);
}

gint64
wb_case_view_get_case_id (WbCaseView *self)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), 0);
  return self->case_id;
}

JsonObject *
wb_case_view_get_case (WbCaseView *self)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), NULL);
  return self->kase;
}

void
wb_case_view_reload (WbCaseView *self)
{
  g_return_if_fail (WB_IS_CASE_VIEW (self));
  load (self);
}

const char *
wb_case_view_get_applicant_field (WbCaseView *self,
                                  const char *field)
{
  AdwActionRow *row = NULL;

  g_return_val_if_fail (WB_IS_CASE_VIEW (self), NULL);
  if (g_str_equal (field, "name"))
    row = self->name_row;
  else if (g_str_equal (field, "id_number"))
    row = self->id_row;
  else if (g_str_equal (field, "phone"))
    row = self->phone_row;
  else if (g_str_equal (field, "address"))
    row = self->address_row;
  return row ? adw_action_row_get_subtitle (row) : NULL;
}

const char *
wb_case_view_get_notice (WbCaseView *self)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->notice_revealer))
    return NULL;
  return gtk_label_get_label (self->notice_label);
}

GtkWidget *
wb_case_view_get_pdf_view (WbCaseView *self)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), NULL);
  return GTK_WIDGET (self->pdf_view);
}

gboolean
wb_case_view_has_materials (WbCaseView *self)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), FALSE);
  return self->received != NULL;
}

GtkWidget *
wb_case_view_get_action_button (WbCaseView *self,
                                const char *action)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_name (child), action))
      return child;
  return NULL;
}

const char *
wb_case_view_get_material_subtitle (WbCaseView *self,
                                    gint64      material_id)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), NULL);
  for (guint i = 0; i < self->material_rows->len; i++)
    {
      GtkActionable *row = self->material_rows->pdata[i];
      GVariant *target = gtk_actionable_get_action_target_value (row);

      if (target != NULL && g_variant_get_int64 (target) == material_id)
        return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
    }
  return NULL;
}
