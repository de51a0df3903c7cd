/* wb-decision-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "case/wb-decision-form.h"

G_DEFINE_INTERFACE (WbDecisionForm, wb_decision_form, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wb_decision_form_default_init (WbDecisionFormInterface *iface)
{
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

JsonNode *
wb_decision_form_build_body (WbDecisionForm *self)
{
  g_return_val_if_fail (WB_IS_DECISION_FORM (self), NULL);
  return WB_DECISION_FORM_GET_IFACE (self)->build_body (self);
}

char *
wb_decision_form_dup_missing (WbDecisionForm *self)
{
  g_return_val_if_fail (WB_IS_DECISION_FORM (self), NULL);
  return WB_DECISION_FORM_GET_IFACE (self)->dup_missing (self);
}

GtkWidget *
wb_decision_form_get_first_field (WbDecisionForm *self)
{
  WbDecisionFormInterface *iface;

  g_return_val_if_fail (WB_IS_DECISION_FORM (self), NULL);
  iface = WB_DECISION_FORM_GET_IFACE (self);
  return iface->get_first_field ? iface->get_first_field (self) : NULL;
}

void
wb_decision_form_prepare_async (WbDecisionForm      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  WbDecisionFormInterface *iface;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WB_IS_DECISION_FORM (self));
  iface = WB_DECISION_FORM_GET_IFACE (self);
  if (iface->prepare_async != NULL)
    {
      iface->prepare_async (self, cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wb_decision_form_prepare_async);
  g_task_return_boolean (task, TRUE);
}

gboolean
wb_decision_form_prepare_finish (WbDecisionForm  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  WbDecisionFormInterface *iface;

  g_return_val_if_fail (WB_IS_DECISION_FORM (self), FALSE);
  iface = WB_DECISION_FORM_GET_IFACE (self);
  if (iface->prepare_finish != NULL && !g_async_result_is_tagged (result, wb_decision_form_prepare_async))
    return iface->prepare_finish (self, result, error);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
wb_decision_form_refused (WbDecisionForm *self,
                          const GError   *error)
{
  WbDecisionFormInterface *iface;

  g_return_if_fail (WB_IS_DECISION_FORM (self));
  iface = WB_DECISION_FORM_GET_IFACE (self);
  if (iface->refused != NULL)
    iface->refused (self, error);
}

void
wb_decision_form_changed (WbDecisionForm *self)
{
  g_return_if_fail (WB_IS_DECISION_FORM (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
