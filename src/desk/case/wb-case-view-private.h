/* wb-case-view-private.h: what the case view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "case/wb-case-view.h"
#include "viewer/wb-pdf-view.h"

G_BEGIN_DECLS

struct _WbCaseView
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkRevealer         *notice_revealer;
  GtkLabel            *notice_label;
  GtkLabel            *case_no_label;
  GtkLabel            *state_label;
  GtkLabel            *clock_label;
  GtkLabel            *item_label;
  GtkLabel            *meta_label;
  AdwPreferencesGroup *applicant_group;
  GtkButton           *reveal_button;
  AdwActionRow        *name_row;
  AdwActionRow        *id_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *address_row;
  GtkLabel            *guide_label;
  AdwPreferencesGroup *required_group;
  AdwPreferencesGroup *materials_group;
  AdwPreferencesGroup *history_group;
  AdwPreferencesGroup *delivery_group;
  GtkBox              *actions_box;
  GtkLabel            *actions_hint;
  GtkPaned            *paned;
  WbPdfView           *pdf_view;

  /* owned */
  WbContext           *context;
  GCancellable        *cancellable;
  GCancellable        *material_cancellable; /* the material being opened */
  gint64               case_id;
  gint64               open_material;        /* shown in the viewer; 0 = none */
  guint                reveal_source;        /* shows a viewer still loading */
  gboolean             rotation_busy;        /* a rotation PUT is in flight */
  gint64               pending_material;     /* the turn to send after it; 0 = none */
  guint                pending_degrees;
  JsonObject          *kase;
  char                *etag;
  char                *title;
  gboolean             loading;
  gboolean             revealed;
  GPtrArray           *required_rows;
  GPtrArray           *material_rows;
  GPtrArray           *history_rows;
  JsonArray           *received;     /* materials as the server lists them */
  JsonArray           *required;     /* the item's materials list */
  JsonObject          *item;         /* the catalogue item, once loaded */
  char                *conflict_was; /* state before a 412, until reloaded */
};

/* wb-case-view.c */
void wb_case_view_load_materials       (WbCaseView     *self);
void wb_case_view_show_notice          (WbCaseView     *self,
                                        const char     *message);
/* Reloads after an action; error NULL when it was taken. */
void wb_case_view_after_action         (WbCaseView     *self,
                                        const GError   *error);

/* wb-case-view-decisions.c: the button that opens an action's decision
 * dialog, or NULL when the action has none. */
GtkWidget *wb_case_view_decision_button (WbCaseView    *self,
                                         const char    *action);
/* The window rating is offered by this name beside allowed_actions. */
#define WB_CASE_VIEW_RATE "rate"
gboolean   wb_case_view_can_rate        (WbCaseView    *self);

/* wb-case-view-delivery.c: how the certificate reaches the applicant,
 * and the rating, under the case */
void wb_case_view_show_delivery        (WbCaseView     *self);

/* wb-case-view-materials.c: opening, reviewing and turning materials */
void wb_case_view_materials_class_init (GtkWidgetClass *widget_class);
/* Shows the viewer when what it opened is ready. */
void wb_case_view_materials_connect    (WbCaseView     *self);
void wb_case_view_on_rotation_changed  (WbCaseView     *self);

G_END_DECLS
