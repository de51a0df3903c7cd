/* wb-call-dialog.c
 *
 * One call, logged while it happens: the script to read, the number to
 * dial, then what came of it. The phone number is fetched in clear only
 * when the caller presses Dial (the server records that as a reveal for
 * the callback) and lives in this dialog alone, so it goes when the
 * dialog closes. A refusal by the server keeps everything typed, and a
 * retry of the same call reuses its Idempotency-Key, so a call whose
 * answer was lost on the way is logged once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "callbacks/wb-call-dialog.h"
#include "callbacks/wb-call-script.h"
#include "case/wb-rating-form.h"
#include "wb-case-format.h"
#include "wb-json.h"
#include "wb-text.h"

#define MAX_NOTES_CHARS 2000
#define MAX_COMMENT_CHARS 500

struct _WbCallDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkButton      *log_button;
  GtkLabel       *error_label;
  GtkLabel       *script_label;
  AdwActionRow   *phone_row;
  GtkLabel       *phone_label;
  GtkButton      *dial_button;
  GtkFlowBox     *outcome_box;
  AdwEntryRow    *call_back_row;
  AdwEntryRow    *notes_row;
  AdwPreferencesGroup *delivery_group;
  GtkCheckButton *mail_button;
  GtkCheckButton *window_button;
  AdwEntryRow    *address_row;
  AdwPreferencesGroup *rating_group;
  GtkBox         *levels_box;
  AdwEntryRow    *comment_row;
  GtkLabel       *handler_only_label;
  GtkLabel       *missing_label;

  WbContext      *context;
  GCancellable   *cancellable;
  JsonObject     *task;
  GDateTime      *now;
  gint64          id;
  char           *purpose;
  char           *outcome;
  int             level;
  char           *phone;
  char           *error;
  char           *missing;
  char           *result;
  char           *sent_body;
  char           *key;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (WbCallDialog, wb_call_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const outcomes[] = {
  "reached", "no_answer", "busy", "wrong_number", "refused", "call_later",
};

static gboolean
is_rating_purpose (WbCallDialog *self)
{
  return g_str_equal (self->purpose, "satisfaction") || g_str_equal (self->purpose, "revisit");
}

/* Only handlers choose delivery (the case flow's rule); a complaint
 * handler who reaches the applicant hands the call over. */
static gboolean
may_record_delivery (WbCallDialog *self)
{
  return (wb_context_get_roles (self->context) & WB_ROLE_HANDLER) != 0;
}

static gboolean
reached (WbCallDialog *self)
{
  return g_strcmp0 (self->outcome, "reached") == 0;
}

/* A local time at the centre (UTC+8): "YYYY-MM-DD HH:MM", or "HH:MM"
 * for today. */
static GDateTime *
parse_call_back (WbCallDialog *self,
                 const char   *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) local_now = g_date_time_to_timezone (self->now, tz);
  g_autofree char *trimmed = wb_text_trim (text);
  int y, mo, d, h, mi;
  char tail;

  if (sscanf (trimmed, "%d-%d-%d %d:%d%c", &y, &mo, &d, &h, &mi, &tail) == 5)
    ;
  else if (sscanf (trimmed, "%d:%d%c", &h, &mi, &tail) == 2)
    {
      y = g_date_time_get_year (local_now);
      mo = g_date_time_get_month (local_now);
      d = g_date_time_get_day_of_month (local_now);
    }
  else
    return NULL;
  if (h < 0 || h > 23 || mi < 0 || mi > 59)
    return NULL;
  return g_date_time_new (tz, y, mo, d, h, mi, 0);
}

static char *
dup_missing (WbCallDialog *self)
{
  const char *notes = gtk_editable_get_text (GTK_EDITABLE (self->notes_row));

  if (self->outcome == NULL)
    return g_strdup (_("Choose the outcome of the call."));
  if (g_utf8_strlen (notes, -1) > MAX_NOTES_CHARS)
    return g_strdup (_("Notes take at most 2000 characters."));
  if (g_str_equal (self->outcome, "call_later"))
    {
      g_autoptr(GDateTime) at = parse_call_back (self, gtk_editable_get_text (GTK_EDITABLE (self->call_back_row)));

      if (at == NULL)
        return g_strdup (_("Say when to call back: a date and time such as 2026-03-02 14:30, or 14:30 for today."));
      if (g_date_time_compare (at, self->now) <= 0)
        return g_strdup (_("The call-back time must lie in the future."));
      return NULL;
    }
  if (!reached (self))
    return NULL;
  if (g_str_equal (self->purpose, "delivery_choice"))
    {
      if (!gtk_check_button_get_active (self->mail_button) && !gtk_check_button_get_active (self->window_button))
        return g_strdup (_("Choose how the applicant receives the certificate."));
      if (gtk_check_button_get_active (self->mail_button) &&
          wb_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->address_row))))
        return g_strdup (_("Enter the mailing address the applicant gave."));
    }
  if (is_rating_purpose (self))
    {
      if (self->level == 0)
        return g_strdup (_("Choose the rating the applicant gave."));
      if (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->comment_row)), -1) > MAX_COMMENT_CHARS)
        return g_strdup (_("The comment takes at most 500 characters."));
    }
  if (g_str_equal (self->purpose, "bad_rating") && wb_text_is_blank (notes))
    return g_strdup (_("Write down what the applicant said about the bad rating."));
  return NULL;
}

static void
update (WbCallDialog *self)
{
  gboolean delivery = reached (self) && g_str_equal (self->purpose, "delivery_choice");

  gtk_widget_set_visible (GTK_WIDGET (self->call_back_row), g_strcmp0 (self->outcome, "call_later") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->delivery_group), delivery);
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), delivery && gtk_check_button_get_active (self->mail_button));
  gtk_widget_set_visible (GTK_WIDGET (self->rating_group), reached (self) && is_rating_purpose (self));
  g_free (self->missing);
  self->missing = dup_missing (self);
  gtk_label_set_label (self->missing_label, self->missing ? self->missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), self->missing != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.log", !self->busy && self->missing == NULL);
}

static void
on_changed_cb (WbCallDialog *self)
{
  update (self);
}

static void
show_error (WbCallDialog *self,
            const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_outcome_toggled_cb (GtkCheckButton *button,
                       WbCallDialog   *self)
{
  if (gtk_check_button_get_active (button))
    {
      g_free (self->outcome);
      self->outcome = g_strdup (g_object_get_data (G_OBJECT (button), "wb-outcome"));
    }
  update (self);
}

static void
on_level_toggled_cb (GtkCheckButton *button,
                     WbCallDialog   *self)
{
  if (gtk_check_button_get_active (button))
    self->level = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "wb-level"));
  update (self);
}

static void
on_phone_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WbCallDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->dial_button), TRUE);
  if (reply == NULL)
    {
      g_autofree char *message = wb_api_error_describe (error);
      show_error (self, message);
      return;
    }
  g_free (self->phone);
  self->phone = g_strdup (wb_json_string (wb_api_reply_object (reply), "phone"));
  gtk_label_set_label (self->phone_label, self->phone ? self->phone : "—");
  gtk_widget_set_visible (GTK_WIDGET (self->dial_button), FALSE);
}

static void
on_dial_clicked_cb (WbCallDialog *self)
{
  g_autofree char *path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/reveal-phone", self->id);
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  gtk_widget_set_sensitive (GTK_WIDGET (self->dial_button), FALSE);
  wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, NULL,
                               self->cancellable, on_phone_cb, g_object_ref (self));
}

static JsonNode *
build_body (WbCallDialog *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *notes = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, self->outcome);
  if (*notes != '\0')
    {
      json_builder_set_member_name (b, "notes");
      json_builder_add_string_value (b, notes);
    }
  if (g_str_equal (self->outcome, "call_later"))
    {
      g_autoptr(GDateTime) at = parse_call_back (self, gtk_editable_get_text (GTK_EDITABLE (self->call_back_row)));
      g_autofree char *iso = g_date_time_format_iso8601 (at);

      json_builder_set_member_name (b, "call_back_at");
      json_builder_add_string_value (b, iso);
    }
  if (reached (self) && g_str_equal (self->purpose, "delivery_choice"))
    {
      gboolean mail = gtk_check_button_get_active (self->mail_button);

      json_builder_set_member_name (b, "answers");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "delivery");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "method");
      json_builder_add_string_value (b, mail ? "mail" : "window");
      if (mail)
        {
          g_autofree char *address = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->address_row)));

          json_builder_set_member_name (b, "address");
          json_builder_add_string_value (b, address);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  if (reached (self) && is_rating_purpose (self))
    {
      g_autofree char *comment = wb_text_trim (gtk_editable_get_text (GTK_EDITABLE (self->comment_row)));

      json_builder_set_member_name (b, "answers");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rating");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "level");
      json_builder_add_int_value (b, self->level);
      if (*comment != '\0')
        {
          json_builder_set_member_name (b, "comment");
          json_builder_add_string_value (b, comment);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* What happens next, as the server decided it. */
static char *
describe_result (WbCallDialog *self,
                 JsonObject   *task)
{
  const char *status = wb_json_string (task, "status");

  if (g_strcmp0 (status, "open") == 0)
    {
      g_autofree char *when = wb_format_time (wb_json_string (task, "due_at"));

      if (g_str_equal (self->outcome, "call_later"))
        return g_strdup_printf (_("Call logged. Call back at %s."), when);
      return g_strdup_printf (_("Call logged. The next try is scheduled at %s."), when);
    }
  if (g_strcmp0 (status, "unreachable") == 0)
    {
      if (g_str_equal (self->outcome, "wrong_number"))
        return g_strdup (_("Call logged. Wrong number: the callback is marked unreachable."));
      return g_strdup (_("Call logged. Nobody answered for three working days: the callback is marked unreachable, and an SMS was sent to the applicant."));
    }
  if (g_str_equal (self->outcome, "refused"))
    return g_strdup (_("Call logged. The applicant declined the call; the callback is closed."));
  if (g_str_equal (self->purpose, "delivery_choice"))
    return g_strdup (_("Call logged. The delivery choice is recorded on the case."));
  if (is_rating_purpose (self) && self->level <= 2)
    return g_strdup (_("Call logged. The rating is recorded; the bad rating opened a rectification for the complaint handlers."));
  if (is_rating_purpose (self))
    return g_strdup (_("Call logged. The rating is recorded."));
  return g_strdup (_("Call logged. The callback is done."));
}

static void
set_busy (WbCallDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  update (self);
}

static void
on_logged_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WbCallDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (reply == NULL)
    {
      g_autofree char *message = wb_api_error_describe (error);

      show_error (self, message);
      return;
    }
  g_free (self->result);
  self->result = describe_result (self, wb_api_reply_object (reply));
  wb_context_notify (self->context, self->result);
  g_signal_emit (self, signals[LOGGED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
log_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  WbCallDialog *self = WB_CALL_DIALOG (widget);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  const char *headers[] = { "Idempotency-Key", NULL, NULL };

  if (self->busy || self->missing != NULL)
    return;
  body = build_body (self);
  text = json_to_string (body, FALSE);
  /* The same key for the same call, so a retry is logged once; a
   * corrected call is a new request. */
  if (self->key == NULL || g_strcmp0 (text, self->sent_body) != 0)
    {
      g_free (self->key);
      self->key = g_uuid_string_random ();
      g_free (self->sent_body);
      self->sent_body = g_steal_pointer (&text);
    }
  headers[1] = self->key;
  path = g_strdup_printf ("/callbacks/%" G_GINT64_FORMAT "/attempts", self->id);
  show_error (self, NULL);
  set_busy (self, TRUE);
  wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, headers,
                               self->cancellable, on_logged_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
show_script (WbCallDialog       *self,
             const char * const *missing)
{
  JsonObject *applicant = json_object_get_object_member (self->task, "applicant");
  g_autofree char *script = wb_call_script (self->purpose, applicant ? wb_json_string (applicant, "name") : NULL,
                                            wb_json_string (self->task, "unit_name"),
                                            wb_json_string (self->task, "item_name"),
                                            wb_json_string (self->task, "case_no"), missing);

  gtk_label_set_label (self->script_label, script);
}

/* The supplement call lists what the one-time notice asked for: the
 * case's last request for materials says. */
static void
on_history_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WbCallDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  JsonArray *items;

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No history for the supplement script: %s", error->message);
      return;
    }
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  for (guint i = items ? json_array_get_length (items) : 0; i > 0; i--)
    {
      JsonObject *h = json_array_get_object_element (items, i - 1);
      JsonNode *detail = json_object_get_member (h, "detail");
      JsonNode *list;

      if (g_strcmp0 (wb_json_string (h, "action"), "request_supplement") != 0 ||
          detail == NULL || !JSON_NODE_HOLDS_OBJECT (detail))
        continue;
      list = json_object_get_member (json_node_get_object (detail), "missing");
      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        for (guint j = 0; j < json_array_get_length (json_node_get_array (list)); j++)
          {
            JsonNode *e = json_array_get_element (json_node_get_array (list), j);

            if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
              g_ptr_array_add (missing, (gpointer) json_node_get_string (e));
          }
      break;
    }
  g_ptr_array_add (missing, NULL);
  show_script (self, (const char * const *) missing->pdata);
}

static void
wb_call_dialog_dispose (GObject *object)
{
  WbCallDialog *self = (WbCallDialog *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_CALL_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->task, json_object_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  /* The clear number goes with the dialog. */
  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (wb_call_dialog_parent_class)->dispose (object);
}

static void
wb_call_dialog_finalize (GObject *object)
{
  WbCallDialog *self = (WbCallDialog *) object;

  g_free (self->purpose);
  g_free (self->outcome);
  g_free (self->error);
  g_free (self->missing);
  g_free (self->result);
  g_free (self->sent_body);
  g_free (self->key);

  G_OBJECT_CLASS (wb_call_dialog_parent_class)->finalize (object);
}

static void
wb_call_dialog_class_init (WbCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_call_dialog_dispose;
  object_class->finalize = wb_call_dialog_finalize;

  signals[LOGGED] = g_signal_new ("logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/callbacks/wb-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, log_button);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, script_label);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, phone_label);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, dial_button);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, call_back_row);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, delivery_group);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, mail_button);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, window_button);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, rating_group);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, levels_box);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, handler_only_label);
  gtk_widget_class_bind_template_child (widget_class, WbCallDialog, missing_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_dial_clicked_cb);

  gtk_widget_class_install_action (widget_class, "call.log", NULL, log_action);
  gtk_widget_class_install_action (widget_class, "call.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "call.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "call.log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "call.log", NULL);
}

static void
wb_call_dialog_init (WbCallDialog *self)
{
  GtkCheckButton *group = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      GtkWidget *button = gtk_check_button_new_with_label (wb_call_outcome_label (outcomes[i]));
      g_autofree char *name = g_strdup_printf ("outcome-%s", outcomes[i]);

      gtk_widget_set_name (button, name);
      g_object_set_data (G_OBJECT (button), "wb-outcome", (gpointer) outcomes[i]);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (on_outcome_toggled_cb), self);
      gtk_flow_box_append (self->outcome_box, button);
    }

  wb_rating_form_add_levels (self->levels_box, G_CALLBACK (on_level_toggled_cb), self);
}

static GtkWidget *
outcome_button (WbCallDialog *self,
                const char   *outcome)
{
  g_autofree char *name = g_strdup_printf ("outcome-%s", outcome);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->outcome_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (gtk_widget_get_name (button), name) == 0)
        return button;
    }
  return NULL;
}

WbCallDialog *
wb_call_dialog_new (WbContext  *context,
                    JsonObject *task,
                    GDateTime  *now)
{
  WbCallDialog *self;
  JsonObject *applicant;
  g_autofree char *title = NULL;

  g_return_val_if_fail (WB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (task != NULL, NULL);

  self = g_object_new (WB_TYPE_CALL_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->task = json_object_ref (task);
  self->now = g_date_time_ref (now);
  self->id = json_object_get_int_member_with_default (task, "id", 0);
  self->purpose = g_strdup (wb_json_string (task, "purpose") ? wb_json_string (task, "purpose") : "");
  applicant = json_object_get_object_member (task, "applicant");

  /* Translators: the log-call dialog's title, e.g. "Call: Satisfaction" */
  title = g_strdup_printf (_("Call: %s"), wb_call_purpose_label (self->purpose));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, wb_json_string (task, "case_no"));
  adw_action_row_set_subtitle (self->phone_row, applicant ? wb_json_string (applicant, "name") : "");
  gtk_label_set_label (self->phone_label, applicant ? wb_json_string (applicant, "phone") : "—");
  show_script (self, NULL);

  if (g_str_equal (self->purpose, "delivery_choice") && !may_record_delivery (self))
    {
      gtk_widget_set_sensitive (outcome_button (self, "reached"), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->handler_only_label), TRUE);
    }
  if (g_str_equal (self->purpose, "supplement"))
    {
      g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/history",
                                               json_object_get_int_member_with_default (task, "case_id", 0));

      wb_api_client_request_async (wb_context_get_client (context), "GET", path, NULL, NULL,
                                   self->cancellable, on_history_cb, g_object_ref (self));
    }
  update (self);
  return self;
}

void
wb_call_dialog_forget_phone (WbCallDialog *self)
{
  JsonObject *applicant;

  g_return_if_fail (WB_IS_CALL_DIALOG (self));
  g_clear_pointer (&self->phone, g_free);
  applicant = json_object_get_object_member (self->task, "applicant");
  gtk_label_set_label (self->phone_label, applicant ? wb_json_string (applicant, "phone") : "—");
  gtk_widget_set_visible (GTK_WIDGET (self->dial_button), TRUE);
}

gint64
wb_call_dialog_get_id (WbCallDialog *self)
{
  g_return_val_if_fail (WB_IS_CALL_DIALOG (self), 0);
  return self->id;
}

const char *
wb_call_dialog_get_error (WbCallDialog *self)
{
  g_return_val_if_fail (WB_IS_CALL_DIALOG (self), NULL);
  return self->error;
}

const char *
wb_call_dialog_get_missing (WbCallDialog *self)
{
  g_return_val_if_fail (WB_IS_CALL_DIALOG (self), NULL);
  return self->missing;
}

const char *
wb_call_dialog_get_phone (WbCallDialog *self)
{
  g_return_val_if_fail (WB_IS_CALL_DIALOG (self), NULL);
  return self->phone;
}

const char *
wb_call_dialog_get_script (WbCallDialog *self)
{
  g_return_val_if_fail (WB_IS_CALL_DIALOG (self), NULL);
  return gtk_label_get_label (self->script_label);
}

const char *
wb_call_dialog_get_result (WbCallDialog *self)
{
  g_return_val_if_fail (WB_IS_CALL_DIALOG (self), NULL);
  return self->result;
}
