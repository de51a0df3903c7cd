/* wb-decision-dialog.c
 *
 * One window for every decision: the form says what the action needs,
 * the dialog sends it the way every action is sent (If-Match with the
 * version the user saw, an Idempotency-Key) and keeps the form as typed
 * when the server refuses it, so nothing has to be written twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "case/wb-decision-dialog.h"
#include "viewer/wb-pdf-view.h"
#include "wb-error.h"

struct _WbDecisionDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkButton        *back_button;
  GtkButton        *issue_button;
  GtkButton        *preview_button;
  GtkStack         *stack;
  GtkBox           *form_box;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkLabel         *missing_label;
  WbPdfView        *preview_view;

  /* owned */
  WbContext        *context;
  WbDecisionForm   *form;
  GCancellable     *cancellable;
  gint64            case_id;
  char             *etag;
  char             *action;
  char             *endpoint;
  char             *issued_message;
  char             *title;
  char             *error;
  char             *missing;
  char             *toast;
  char             *sent_body;  /* the body last sent, for its key */
  char             *key;        /* reused only for the same body */
  GFile            *preview_file;
  gboolean          busy;
  gboolean          previewable;
};

G_DEFINE_FINAL_TYPE (WbDecisionDialog, wb_decision_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (WbDecisionDialog *self,
            const char       *message)
{
  g_free (self->toast);
  self->toast = g_strdup (message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_error (WbDecisionDialog *self,
            const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
update (WbDecisionDialog *self)
{
  g_free (self->missing);
  self->missing = wb_decision_form_dup_missing (self->form);
  gtk_label_set_label (self->missing_label, self->missing ? self->missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), self->missing != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.issue", !self->busy && self->missing == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.preview", !self->busy && self->missing == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !self->busy);
}

static void
set_busy (WbDecisionDialog *self,
          gboolean          busy)
{
  self->busy = busy;
  update (self);
}

static void
on_form_changed_cb (WbDecisionDialog *self)
{
  update (self);
}

static void
on_action_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WbDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (reply == NULL && !g_error_matches (error, WB_ERROR, WB_ERROR_PRECONDITION_FAILED))
    {
      g_autofree char *message = wb_api_error_describe (error);

      g_debug ("Decision %s on case %" G_GINT64_FORMAT " failed: %s", self->action, self->case_id, error->message);
      show_error (self, message);
      wb_decision_form_refused (self->form, error);
      return;
    }
  if (reply != NULL)
    wb_context_notify (self->context, self->issued_message);
  /* A stale version closes the dialog too: the case view reloads and
   * says what changed, and the decision has to be looked at again. */
  g_signal_emit (self, signals[DONE], 0, error);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_action (WbDecisionDialog *self)
{
  g_autoptr(JsonNode) body = wb_decision_form_build_body (self->form);
  g_autofree char *text = json_to_string (body, FALSE);
  g_autofree char *path = NULL;
  const char *headers[5] = { "If-Match", self->etag, "Idempotency-Key", NULL, NULL };

  /* A record beside the case (a rating) is no move of its state: no
   * version to match, and the server refuses a second one by itself. */
  if (self->endpoint != NULL)
    {
      path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/%s", self->case_id, self->endpoint);
      wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, NULL,
                                   self->cancellable, on_action_sent_cb, g_object_ref (self));
      return;
    }
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/actions/%s", self->case_id, self->action);

  /* The same key for the same body, so a retry after a lost answer is
   * answered from the server's record; a corrected body is a new request. */
  if (self->key == NULL || g_strcmp0 (text, self->sent_body) != 0)
    {
      g_free (self->key);
      self->key = g_uuid_string_random ();
      g_free (self->sent_body);
      self->sent_body = g_steal_pointer (&text);
    }
  headers[3] = self->key;
  wb_api_client_request_async (wb_context_get_client (self->context), "POST", path, body, headers,
                               self->cancellable, on_action_sent_cb, g_object_ref (self));
}

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WbDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wb_decision_form_prepare_finish (WB_DECISION_FORM (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = wb_api_error_describe (error);
      set_busy (self, FALSE);
      show_error (self, message);
      return;
    }
  send_action (self);
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WbDecisionDialog *self = WB_DECISION_DIALOG (widget);

  if (self->busy || self->missing != NULL)
    return;
  show_error (self, NULL);
  set_busy (self, TRUE);
  wb_decision_form_prepare_async (self->form, self->cancellable, on_prepared_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WbDecisionDialog *self = WB_DECISION_DIALOG (widget);

  /* Escape on the preview goes back to the form, not away from it. */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "preview"))
    {
      gtk_widget_activate_action (widget, "decision.back", NULL);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_page (WbDecisionDialog *self,
           gboolean          preview)
{
  gtk_stack_set_visible_child_name (self->stack, preview ? "preview" : "form");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), preview);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_button), self->previewable && !preview);
}

/* The viewer's own close button hides it; inside the dialog that means
 * back to the form, with the viewer ready for the next preview. */
static void
on_preview_hidden_cb (WbDecisionDialog *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->preview_view)))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->preview_view), TRUE);
  show_page (self, FALSE);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_page (WB_DECISION_DIALOG (widget), FALSE);
}

/* Back to the form, saying why there is no preview. */
static void
preview_failed (WbDecisionDialog *self,
                const char       *why)
{
  /* Translators: the notice preview could not be shown; then why */
  g_autofree char *message = g_strdup_printf (_("The notice preview is not available: %s"), why);

  show_page (self, FALSE);
  show_toast (self, message);
}

static void
on_preview_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WbDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        preview_failed (self, error->message);
      return;
    }
  wb_pdf_view_load_file (self->preview_view, G_FILE (source), self->title);
}

static void
on_preview_fetched_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(WbDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = wb_api_client_get_bytes_finish (WB_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.preview", TRUE);
  if (pdf == NULL)
    {
      g_autofree char *why = wb_api_error_describe (error);

      preview_failed (self, why);
      return;
    }
  /* The viewer opens files; the preview names the applicant in clear, so
   * it lives in the user's own runtime directory (mode 0700, emptied at
   * logout) rather than the shared /tmp, and goes with the dialog. */
  if (self->preview_file == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("notice-preview-%s.pdf", uuid);
      g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "wangban-desk", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_mkdir_with_parents (dir, 0700);

      self->preview_file = g_file_new_for_path (path);
    }
  g_file_replace_contents_bytes_async (self->preview_file, pdf, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_preview_written_cb, g_object_ref (self));
}

static void
fetch_preview (WbDecisionDialog *self)
{
  g_autoptr(JsonNode) body = wb_decision_form_build_body (self->form);
  g_autofree char *path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/notice-preview", self->case_id);

  json_object_set_string_member (json_node_get_object (body), "action", self->action);
  wb_api_client_post_bytes_async (wb_context_get_client (self->context), path, body,
                                  self->cancellable, on_preview_fetched_cb, g_object_ref (self));
}

static void
on_preview_prepared_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WbDecisionDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wb_decision_form_prepare_finish (WB_DECISION_FORM (source), result, &error))
    {
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      why = wb_api_error_describe (error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.preview", TRUE);
      preview_failed (self, why);
      return;
    }
  fetch_preview (self);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WbDecisionDialog *self = WB_DECISION_DIALOG (widget);

  if (!self->previewable || self->busy || self->missing != NULL)
    return;
  gtk_widget_action_set_enabled (widget, "decision.preview", FALSE);
  wb_pdf_view_show_loading (self->preview_view, self->title);
  show_page (self, TRUE);
  /* What the form would write first (an edited deficiency) is written
   * before the preview, so the preview is the notice that will issue. */
  wb_decision_form_prepare_async (self->form, self->cancellable, on_preview_prepared_cb, g_object_ref (self));
}

static void
wb_decision_dialog_dispose (GObject *object)
{
  WbDecisionDialog *self = (WbDecisionDialog *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->preview_file != NULL)
    g_file_delete_async (self->preview_file, G_PRIORITY_LOW, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WB_TYPE_DECISION_DIALOG);
  g_clear_object (&self->preview_file);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (wb_decision_dialog_parent_class)->dispose (object);
}

static void
wb_decision_dialog_finalize (GObject *object)
{
  WbDecisionDialog *self = (WbDecisionDialog *) object;

  g_free (self->etag);
  g_free (self->action);
  g_free (self->endpoint);
  g_free (self->issued_message);
  g_free (self->title);
  g_free (self->error);
  g_free (self->missing);
  g_free (self->toast);
  g_free (self->sent_body);
  g_free (self->key);

  G_OBJECT_CLASS (wb_decision_dialog_parent_class)->finalize (object);
}

static void
wb_decision_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WbDecisionDialog *self = WB_DECISION_DIALOG (object);

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
wb_decision_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  WbDecisionDialog *self = WB_DECISION_DIALOG (object);

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
wb_decision_dialog_class_init (WbDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wb_decision_dialog_dispose;
  object_class->finalize = wb_decision_dialog_finalize;
  object_class->get_property = wb_decision_dialog_get_property;
  object_class->set_property = wb_decision_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WbDecisionDialog::done:
   * @error: (nullable): NULL when issued, or the stale-version error
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (WB_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/case/wb-decision-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, issue_button);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, preview_button);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, missing_label);
  gtk_widget_class_bind_template_child (widget_class, WbDecisionDialog, preview_view);

  gtk_widget_class_install_action (widget_class, "decision.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "decision.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "decision.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "decision.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "decision.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "decision.issue", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "decision.issue", NULL);
}

static void
wb_decision_dialog_init (WbDecisionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->preview_view, "notify::visible",
                           G_CALLBACK (on_preview_hidden_cb), self, G_CONNECT_SWAPPED);
}

WbDecisionDialog *
wb_decision_dialog_new (WbContext             *context,
                        gint64                 case_id,
                        const char            *case_no,
                        const char            *etag,
                        const char            *action,
                        const WbDecisionTexts *texts,
                        WbDecisionForm        *form)
{
  WbDecisionDialog *self;
  GtkWidget *first;

  g_return_val_if_fail (WB_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (WB_IS_DECISION_FORM (form), NULL);

  self = g_object_new (WB_TYPE_DECISION_DIALOG, "context", context, NULL);
  self->case_id = case_id;
  self->etag = g_strdup (etag);
  self->action = g_strdup (action);
  self->endpoint = g_strdup (texts->endpoint);
  self->title = g_strdup (texts->title);
  self->issued_message = g_strdup (texts->issued_message);
  self->previewable = texts->previewable;
  self->form = form;

  gtk_window_set_title (GTK_WINDOW (self), texts->title);
  adw_window_title_set_title (self->window_title, texts->title);
  adw_window_title_set_subtitle (self->window_title, case_no);
  gtk_button_set_label (self->issue_button, texts->issue_label);
  gtk_widget_add_css_class (GTK_WIDGET (self->issue_button),
                            texts->destructive ? "destructive-action" : "suggested-action");
  gtk_box_insert_child_after (self->form_box, GTK_WIDGET (form), GTK_WIDGET (self->error_revealer));
  g_signal_connect_object (form, "changed", G_CALLBACK (on_form_changed_cb), self, G_CONNECT_SWAPPED);
  show_page (self, FALSE);
  update (self);

  first = wb_decision_form_get_first_field (form);
  if (first != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), first);
  return self;
}

WbDecisionForm *
wb_decision_dialog_get_form (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), NULL);
  return self->form;
}

const char *
wb_decision_dialog_get_action (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), NULL);
  return self->action;
}

const char *
wb_decision_dialog_get_error (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), NULL);
  return self->error;
}

const char *
wb_decision_dialog_get_missing (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), NULL);
  return self->missing;
}

const char *
wb_decision_dialog_get_toast (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), NULL);
  return self->toast;
}

gboolean
wb_decision_dialog_is_previewing (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), FALSE);
  return g_str_equal (gtk_stack_get_visible_child_name (self->stack), "preview");
}

GtkWidget *
wb_decision_dialog_get_preview_view (WbDecisionDialog *self)
{
  g_return_val_if_fail (WB_IS_DECISION_DIALOG (self), NULL);
  return GTK_WIDGET (self->preview_view);
}
