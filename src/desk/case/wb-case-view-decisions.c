/* wb-case-view-decisions.c: the case view's decision dialogs
 *
 * Each action that needs a reason, a legal basis or a notice opens its
 * dialog from the action bar. The bar is still built from allowed_actions
 * alone, so a dialog is only ever offered for an action the server allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-accept-form.h"
#include "case/wb-approve-form.h"
#include "case/wb-case-view-private.h"
#include "case/wb-decision-dialog.h"
#include "case/wb-delivery-form.h"
#include "case/wb-extend-form.h"
#include "case/wb-handover-form.h"
#include "case/wb-pickup-form.h"
#include "case/wb-rating-form.h"
#include "case/wb-refuse-form.h"
#include "case/wb-ship-form.h"
#include "case/wb-supplement-form.h"
#include "wb-case-format.h"
#include "wb-json.h"

static const char *decision_actions[] = {
  "request_supplement", "accept", "approve", "refuse", "extend_deadline",
  "choose_delivery", "ship", "book_pickup", "hand_over", WB_CASE_VIEW_RATE, NULL
};

/* @accepted: the case was accepted, so a refusal refuses the permit
 * (不予许可) rather than the application (不予受理). */
static void
texts_for (const char      *action,
           gboolean         accepted,
           WbDecisionTexts *texts)
{
  memset (texts, 0, sizeof *texts);
  texts->previewable = TRUE;
  if (g_str_equal (action, "request_supplement"))
    {
      texts->title = _("Request Materials");
      texts->issue_label = _("_Issue Notice");
      texts->issued_message = _("The one-time supplement notice was issued; the case clock is stopped.");
    }
  else if (g_str_equal (action, "accept"))
    {
      texts->title = _("Accept Application");
      texts->issue_label = _("_Accept");
      texts->issued_message = _("The application was accepted and the acceptance notice issued.");
    }
  else if (g_str_equal (action, "approve"))
    {
      texts->title = _("Approve and Complete");
      texts->issue_label = _("_Approve");
      texts->issued_message = _("The decision to grant was issued and the case completed.");
    }
  else if (g_str_equal (action, "refuse"))
    {
      texts->title = accepted ? _("Refuse the Permit") : _("Refuse the Application");
      texts->issue_label = _("_Issue Refusal");
      texts->issued_message = _("The refusal was issued with its legal basis and the remedies.");
      texts->destructive = TRUE;
    }
  else if (g_str_equal (action, "choose_delivery"))
    {
      texts->title = _("Choose Delivery");
      texts->issue_label = _("_Record Choice");
      texts->issued_message = _("The delivery choice was recorded.");
      texts->previewable = FALSE;
    }
  else if (g_str_equal (action, "ship"))
    {
      texts->title = _("Ship the Certificate");
      texts->issue_label = _("_Record Shipment");
      texts->issued_message = _("The shipment was recorded; the applicant is sent the tracking number.");
      texts->previewable = FALSE;
    }
  else if (g_str_equal (action, "book_pickup"))
    {
      texts->title = _("Book a Pickup Slot");
      texts->issue_label = _("_Book");
      texts->issued_message = _("The pickup slot was booked.");
      texts->previewable = FALSE;
    }
  else if (g_str_equal (action, "hand_over"))
    {
      texts->title = _("Hand Over the Certificate");
      texts->issue_label = _("_Hand Over");
      texts->issued_message = _("The hand-over was recorded and the case delivered.");
      texts->previewable = FALSE;
    }
  else if (g_str_equal (action, WB_CASE_VIEW_RATE))
    {
      texts->title = _("Record Rating");
      texts->issue_label = _("_Record");
      texts->issued_message = _("The rating was recorded.");
      texts->previewable = FALSE;
      texts->endpoint = "rating";
    }
  else
    {
      texts->title = _("Extend Deadline");
      texts->issue_label = _("_Extend");
      texts->issued_message = _("The deadline was extended.");
      texts->previewable = FALSE;
    }
}

/* The slot the case holds now, 0 for none. */
static gint64
held_slot (WbCaseView *self)
{
  JsonNode *delivery = json_object_get_member (self->kase, "delivery");
  JsonNode *slot;

  if (delivery == NULL || !JSON_NODE_HOLDS_OBJECT (delivery))
    return 0;
  slot = json_object_get_member (json_node_get_object (delivery), "pickup_slot");
  if (slot == NULL || !JSON_NODE_HOLDS_OBJECT (slot))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (slot), "id", 0);
}

static GtkWidget *
form_for (WbCaseView *self,
          const char *action)
{
  const char *deadline = wb_json_string (self->kase, "deadline");

  if (g_str_equal (action, "request_supplement"))
    return wb_supplement_form_new (self->context, self->kase, self->required, self->received);
  if (g_str_equal (action, "accept"))
    return wb_accept_form_new (deadline);
  if (g_str_equal (action, "approve"))
    return wb_approve_form_new ();
  if (g_str_equal (action, "refuse"))
    return wb_refuse_form_new (self->item, g_strcmp0 (wb_json_string (self->kase, "state"), "accepted") == 0);
  if (g_str_equal (action, "choose_delivery"))
    return wb_delivery_form_new (self->item ? json_object_get_array_member (self->item, "delivery_options") : NULL);
  if (g_str_equal (action, "ship"))
    return wb_ship_form_new ();
  if (g_str_equal (action, "book_pickup"))
    return wb_pickup_form_new (self->context, wb_json_string (self->kase, "unit_code"), held_slot (self));
  if (g_str_equal (action, "hand_over"))
    return wb_handover_form_new ();
  if (g_str_equal (action, WB_CASE_VIEW_RATE))
    return wb_rating_form_new ();
  return wb_extend_form_new (deadline);
}

static void
on_done_cb (WbDecisionDialog *dialog,
            const GError     *error,
            WbCaseView       *self)
{
  WbDecisionForm *form = wb_decision_dialog_get_form (dialog);

  /* The contract: a rating of 1 or 2 opens the rectification. */
  if (error == NULL && WB_IS_RATING_FORM (form) && wb_rating_form_get_level (WB_RATING_FORM (form)) <= 2)
    wb_case_view_show_notice (self, _("The applicant was dissatisfied. A rectification task was opened for the unit’s complaint handlers, with a callback to the applicant due within one working day."));
  wb_case_view_after_action (self, error);
}

/* The dialog may show the applicant's name (the notice preview), so it
 * goes out of sight with its case: when the window locks it hides, and it
 * comes back as it was, typed text and all, once the case is shown again. */
static void
on_view_unmapped_cb (WbDecisionDialog *dialog)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (dialog)))
    return;
  g_object_set_data (G_OBJECT (dialog), "wb-hidden-with-case", GINT_TO_POINTER (TRUE));
  gtk_widget_set_visible (GTK_WIDGET (dialog), FALSE);
}

static void
on_view_mapped_cb (WbDecisionDialog *dialog)
{
  if (g_object_steal_data (G_OBJECT (dialog), "wb-hidden-with-case") != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_decision_clicked_cb (GtkButton  *button,
                        WbCaseView *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "wb-action");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  WbDecisionTexts texts;
  WbDecisionDialog *dialog;

  if (self->kase == NULL)
    return;
  /* The checklist and the grounds come with the item and the materials;
   * a dialog without them would offer less than the law asks for. */
  if ((g_str_equal (action, "request_supplement") || g_str_equal (action, "refuse")) &&
      (self->item == NULL || self->received == NULL))
    {
      wb_context_notify (self->context, _("The case is still loading; try again in a moment."));
      return;
    }
  texts_for (action, g_strcmp0 (wb_json_string (self->kase, "state"), "accepted") == 0, &texts);
  dialog = wb_decision_dialog_new (self->context, self->case_id, wb_json_string (self->kase, "case_no"),
                                   self->etag, action, &texts, WB_DECISION_FORM (form_for (self, action)));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_done_cb), self, 0);
  g_signal_connect_object (self, "unmap", G_CALLBACK (on_view_unmapped_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "map", G_CALLBACK (on_view_mapped_cb), dialog, G_CONNECT_SWAPPED);
  /* A closed tab takes its unfinished decision with it. */
  g_signal_connect_object (self, "destroy", G_CALLBACK (gtk_window_destroy), dialog, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
wb_case_view_decision_button (WbCaseView *self,
                              const char *action)
{
  GtkWidget *button;
  const char *label;
  g_autofree char *with_dots = NULL;

  if (!g_strv_contains (decision_actions, action))
    return NULL;
  /* After acceptance a refusal refuses the permit (不予许可), before it
   * the application (不予受理): the button names the decision it makes. */
  if (g_str_equal (action, "refuse") && self->kase != NULL)
    label = g_strcmp0 (wb_json_string (self->kase, "state"), "accepted") == 0
      ? _("Refuse the Permit") : _("Refuse the Application");
  else if (g_str_equal (action, WB_CASE_VIEW_RATE))
    label = _("Record Rating");
  else
    label = wb_format_action_label (action);
  /* The button opens a dialog, and says so. */
  if (!g_str_has_suffix (label, "…"))
    label = with_dots = g_strconcat (label, "…", NULL);
  button = gtk_button_new_with_label (label);
  g_object_set_data_full (G_OBJECT (button), "wb-action", g_strdup (action), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_decision_clicked_cb), self);
  return button;
}

gboolean
wb_case_view_has_item (WbCaseView *self)
{
  g_return_val_if_fail (WB_IS_CASE_VIEW (self), FALSE);
  return self->item != NULL;
}

/* A window rating follows the hand-over, once per case. It is no state
 * move, so allowed_actions does not list it; the server checks the role,
 * the unit and the state again. */
gboolean
wb_case_view_can_rate (WbCaseView *self)
{
  const char *state = wb_json_string (self->kase, "state");
  JsonNode *delivery = json_object_get_member (self->kase, "delivery");
  JsonNode *rating = json_object_get_member (self->kase, "rating");

  if (!(wb_context_get_roles (self->context) & (WB_ROLE_HANDLER | WB_ROLE_COMPLAINT)))
    return FALSE;
  if (g_strcmp0 (state, "delivered") != 0 && g_strcmp0 (state, "archived") != 0)
    return FALSE;
  if (delivery == NULL || !JSON_NODE_HOLDS_OBJECT (delivery) ||
      g_strcmp0 (wb_json_string (json_node_get_object (delivery), "method"), "window") != 0)
    return FALSE;
  return rating == NULL || !JSON_NODE_HOLDS_OBJECT (rating) ||
         g_strcmp0 (wb_json_string (json_node_get_object (rating), "source"), "window") != 0;
}
