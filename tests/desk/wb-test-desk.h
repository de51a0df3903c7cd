/* wb-test-desk.h: the desk's widget tests: one real server, the
 * application, windows signed in to it, and ways to find what a person
 * sees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "case/wb-case-view.h"
#include "case/wb-decision-dialog.h"
#include "viewer/wb-pdf-view.h"
#include "wb-application.h"
#include "wb-test-server.h"
#include "wb-window.h"

G_BEGIN_DECLS

typedef gboolean (*WbTestCondition) (gpointer data);

/* For main(): initialises GTK for testing, lets through the one GTK
 * warning that comes from Xvfb and not the desk (every other stays
 * fatal), starts a server with server_args and its clock at now_iso (the
 * real time when NULL), and registers the application the test's windows
 * belong to. */
WbTestServer     *wb_test_desk_init             (int                 *argc,
                                                 char              ***argv,
                                                 const char * const  *server_args,
                                                 const char          *now_iso);
/* Runs the tests, then lets go of the application and stops the server;
 * returns g_test_run()'s status. */
int               wb_test_desk_run              (void);
WbApplication    *wb_test_desk_get_app          (void);
/* What the desk signs in to: the server's origin, not its API root. */
const char       *wb_test_desk_get_origin       (void);
/* How long wb_test_wait_for() waits before it fails the test; 20 s
 * unless a test's work is known to take longer. */
void              wb_test_desk_set_wait_timeout (guint                seconds);

/* The origin of a further server a test starts itself. */
char             *wb_test_server_origin         (WbTestServer        *server);
/* Lets the windows' connections close, then stops a server the test
 * started itself. */
void              wb_test_desk_stop_server      (WbTestServer        *server);

/* Runs the main loop until cond holds; fails the test after the wait
 * timeout, naming what. */
void              wb_test_wait_for              (WbTestCondition      cond,
                                                 gpointer             data,
                                                 const char          *what);
/* n main-loop iterations that never block: what is ready runs. */
void              wb_test_iterate               (guint                n);
/* The main loop for at least ms milliseconds, for work that takes real
 * time, such as a list laying out a jump. */
void              wb_test_settle                (guint                ms);
/* Conditions: a gboolean at data is TRUE; the window at data is signed
 * in, or locked. */
gboolean          wb_test_flag_set              (gpointer             data);
gboolean          wb_test_signed_in             (gpointer             data);
gboolean          wb_test_locked                (gpointer             data);

/* A new window of the application, presented. */
WbWindow         *wb_test_desk_new_window       (void);
/* Fills in and submits the sign-in form as a person does after a fresh
 * start (no session left in the keyring to resume), at origin, or at the
 * test's server when NULL. Does not wait for the answer. */
void              wb_test_desk_sign_in          (WbWindow            *window,
                                                 const char          *origin,
                                                 const char          *username,
                                                 const char          *password);
/* A new window signed in to the test's server as username. */
WbWindow         *wb_test_desk_signed_in_window (const char          *username);

typedef gboolean (*WbTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);

/* The first widget under widget, widget included and depth first, that
 * match accepts; NULL when there is none. */
GtkWidget        *wb_test_find_widget           (GtkWidget           *widget,
                                                 WbTestWidgetMatch    match,
                                                 gconstpointer        data);
/* The same, for the widget named name or of type type. */
GtkWidget        *wb_test_find_named            (GtkWidget           *widget,
                                                 const char          *name);
GtkWidget        *wb_test_find_widget_of_type   (GtkWidget           *widget,
                                                 GType                type);
/* The first widget under @widget whose action is @action. */
GtkWidget        *wb_test_find_actionable       (GtkWidget           *widget,
                                                 const char          *action);
/* As wb_test_find_named(), but a missing field fails the test. dialog
 * is any widget: the tests' dialogs are of several types. */
GtkWidget        *wb_test_field                 (gpointer             dialog,
                                                 const char          *name);
void              wb_test_set_text              (gpointer             dialog,
                                                 const char          *name,
                                                 const char          *text);
void              wb_test_check                 (gpointer             dialog,
                                                 const char          *name);
/* The first visible toplevel of type, or NULL. */
GtkWindow        *wb_test_find_toplevel         (GType                type);
/* The sidebar's row named name, or NULL when the role has none. */
GtkListBoxRow    *wb_test_sidebar_row           (WbWindow            *window,
                                                 const char          *name);

/* The decision dialogs that a case's actions open. */
WbDecisionDialog *wb_test_find_decision_dialog  (void);
/* A condition: no decision dialog is shown. */
gboolean          wb_test_no_decision_dialog    (gpointer             data);
/* What a person sees: the issue button, enabled or not. */
gboolean          wb_test_can_issue             (WbDecisionDialog    *dialog);
void              wb_test_issue                 (WbDecisionDialog    *dialog);
/* Clicks the action's button in the case's action bar and returns the
 * dialog it opened for that action. */
WbDecisionDialog *wb_test_open_decision         (WbCaseView          *view,
                                                 const char          *action);

/* A case tab to wait for: loaded, with its item, in state (NULL: any),
 * offering action's button (NULL: any), and, when materials is set, with
 * its materials listed, which the supplement form ticks from. */
typedef struct
{
  WbWindow   *window;
  gint64      id;
  const char *state;
  const char *action;
  gboolean    materials;
} WbTestCaseWait;

WbCaseView       *wb_test_case_view             (WbTestCaseWait      *w);
gboolean          wb_test_case_ready            (gpointer             data);
/* Opens the case's tab and waits for it as the arguments ask. */
void              wb_test_open_case             (WbTestCaseWait      *w,
                                                 WbWindow            *window,
                                                 gint64               id,
                                                 gboolean             materials,
                                                 const char          *state,
                                                 const char          *action);
/* Waits for the open tab to reach state and offer action. */
void              wb_test_wait_case             (WbTestCaseWait      *w,
                                                 const char          *state,
                                                 const char          *action);

/* A document viewer to wait for: showing page, counted from 1. */
typedef struct
{
  WbPdfView *viewer;
  guint      page;
} WbTestPageWait;

gboolean          wb_test_page_current          (gpointer             data);

/* POSTs an action and fails the test, with the server's answer, unless
 * it succeeded. */
void              wb_test_act_ok                (const char          *token,
                                                 gint64               id,
                                                 const char          *action,
                                                 const char          *body);
/* The detail of the case's newest history entry for action. */
JsonObject       *wb_test_history_detail        (const char          *token,
                                                 gint64               id,
                                                 const char          *action);

G_END_DECLS
