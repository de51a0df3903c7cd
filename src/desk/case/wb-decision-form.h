/* wb-decision-form.h: the fields of one decision, inside a WbDecisionDialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WB_TYPE_DECISION_FORM (wb_decision_form_get_type ())
G_DECLARE_INTERFACE (WbDecisionForm, wb_decision_form, WB, DECISION_FORM, GtkWidget)

struct _WbDecisionFormInterface
{
  GTypeInterface parent_iface;

  /* The action's body as the form stands now; never NULL. */
  JsonNode *(*build_body)     (WbDecisionForm       *self);
  /* What the user still has to fill in, said to people; NULL when the
   * decision may be sent. */
  char     *(*dup_missing)    (WbDecisionForm       *self);
  /* The field that gets the focus when the dialog opens; may be NULL. */
  GtkWidget *(*get_first_field) (WbDecisionForm     *self);
  /* Optional: writes that must land before the action is sent. */
  void      (*prepare_async)  (WbDecisionForm       *self,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  gboolean  (*prepare_finish) (WbDecisionForm       *self,
                               GAsyncResult         *result,
                               GError              **error);
  /* Optional: the server refused the action (not a stale version); a
   * form whose choices went out of date, e.g. a slot just filled,
   * reloads them. */
  void      (*refused)        (WbDecisionForm       *self,
                               const GError         *error);
};

JsonNode *wb_decision_form_build_body     (WbDecisionForm       *self);
char     *wb_decision_form_dup_missing    (WbDecisionForm       *self);
GtkWidget *wb_decision_form_get_first_field (WbDecisionForm     *self);
void      wb_decision_form_prepare_async  (WbDecisionForm       *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  wb_decision_form_prepare_finish (WbDecisionForm       *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void      wb_decision_form_refused        (WbDecisionForm       *self,
                                           const GError         *error);
/* Forms call this whenever a field changes; the dialog listens to
 * ::changed to say what is missing and to enable its issue button. */
void      wb_decision_form_changed        (WbDecisionForm       *self);

G_END_DECLS
