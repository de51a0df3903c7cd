/* wb-signin-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wb-signin-page.h"

#define DEMO_PASSWORD "Wangban-Demo-2026"

struct _WbSigninPage
{
  AdwBin                parent_instance;

  /* template widgets */
  AdwEntryRow          *server_row;
  AdwEntryRow          *username_row;
  AdwEntryRow          *password_row;
  GtkLabel             *error_label;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  GtkButton            *signin_button;
  AdwPreferencesGroup  *demo_group;

  gboolean              demo_rows_added;
};

G_DEFINE_FINAL_TYPE (WbSigninPage, wb_signin_page, ADW_TYPE_BIN)

enum {
  SIGN_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The accounts a newcomer most likely wants, with what each can do. */
static const struct {
  const char *username;
  const char *what;
} demo_accounts[] = {
  { "handler.210102",      N_("Handler, Heping district: works cases") },
  { "handler.210103",      N_("Handler, Shenhe district: works cases") },
  { "viewer.210100",       N_("Viewer, Shenyang city: watches every district") },
  { "complaint.210102",    N_("Complaint handler, Heping district") },
  { "statistician.210000", N_("Statistician, province") },
  { "viewer.210000",       N_("Viewer, province") },
};

static void
on_submit_cb (WbSigninPage *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  AdwEntryRow *missing = NULL;
  const char *ask = NULL;

  /* Name the one field that is missing, and put the keyboard there. */
  if (*server == '\0')
    {
      missing = self->server_row;
      ask = _("Enter the server’s address.");
    }
  else if (*username == '\0')
    {
      missing = self->username_row;
      ask = _("Enter your username.");
    }
  else if (*password == '\0')
    {
      missing = self->password_row;
      ask = _("Enter your password.");
    }
  if (missing != NULL)
    {
      wb_signin_page_show_error (self, ask);
      gtk_widget_grab_focus (GTK_WIDGET (missing));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SIGN_IN], 0, server, username, password);
}

static void
on_username_activated_cb (WbSigninPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_demo_row_activated_cb (AdwActionRow *row,
                          WbSigninPage *self)
{
  wb_signin_page_submit (self, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), DEMO_PASSWORD);
}

static void
wb_signin_page_class_init (WbSigninPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* server, username, password */
  signals[SIGN_IN] = g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                   G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/wangban/Desk/signin/wb-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, signin_button);
  gtk_widget_class_bind_template_child (widget_class, WbSigninPage, demo_group);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activated_cb);
}

static void
wb_signin_page_init (WbSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
wb_signin_page_new (void)
{
  return g_object_new (WB_TYPE_SIGNIN_PAGE, NULL);
}

void
wb_signin_page_set_server (WbSigninPage *self,
                           const char   *server)
{
  g_return_if_fail (WB_IS_SIGNIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server ? server : "");
}

const char *
wb_signin_page_get_server (WbSigninPage *self)
{
  g_return_val_if_fail (WB_IS_SIGNIN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->server_row));
}

void
wb_signin_page_set_username (WbSigninPage *self,
                             const char   *username)
{
  g_return_if_fail (WB_IS_SIGNIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
}

void
wb_signin_page_set_busy (WbSigninPage *self,
                         const char   *status)
{
  gboolean busy = status != NULL;

  g_return_if_fail (WB_IS_SIGNIN_PAGE (self));
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->signin_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_group), !busy);

  /* Ready for typing: the first empty field takes the focus. */
  if (!busy)
    {
      if (*gtk_editable_get_text (GTK_EDITABLE (self->username_row)) == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
}

void
wb_signin_page_show_error (WbSigninPage *self,
                           const char   *message)
{
  g_return_if_fail (WB_IS_SIGNIN_PAGE (self));
  wb_signin_page_set_busy (self, NULL);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

void
wb_signin_page_set_demo (WbSigninPage *self,
                         gboolean      demo)
{
  g_return_if_fail (WB_IS_SIGNIN_PAGE (self));

  if (demo && !self->demo_rows_added)
    {
      for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), demo_accounts[i].username);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(demo_accounts[i].what));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_signal_connect (row, "activated", G_CALLBACK (on_demo_row_activated_cb), self);
          adw_preferences_group_add (self->demo_group, row);
        }
      self->demo_rows_added = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->demo_group), demo);
}

void
wb_signin_page_submit (WbSigninPage *self,
                       const char   *username,
                       const char   *password)
{
  g_return_if_fail (WB_IS_SIGNIN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  on_submit_cb (self);
}

const char *
wb_signin_page_get_error (WbSigninPage *self)
{
  g_return_val_if_fail (WB_IS_SIGNIN_PAGE (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}
