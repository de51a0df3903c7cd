/* wb-text-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "wb-text-dialog.h"
#include "wb-text.h"

typedef struct
{
  char             *response_id;
  WbTextDialogDone  done;
  GtkEditable      *entry;
} Ask;

static void
ask_free (Ask *ask)
{
  g_free (ask->response_id);
  g_free (ask);
}

static void
on_text_changed_cb (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  Ask *ask = g_object_get_data (G_OBJECT (dialog), "wb-ask");

  adw_message_dialog_set_response_enabled (dialog, ask->response_id,
                                           !wb_text_is_blank (gtk_editable_get_text (entry)));
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                GObject          *owner)
{
  Ask *ask = g_object_get_data (G_OBJECT (dialog), "wb-ask");
  g_autofree char *text = wb_text_trim (gtk_editable_get_text (ask->entry));

  if (g_str_equal (response, ask->response_id) && *text != '\0')
    ask->done (owner, text);
}

void
wb_text_dialog_present (GtkWidget             *parent,
                        const char            *heading,
                        const char            *body,
                        const char            *placeholder,
                        guint                  max_chars,
                        const char            *response_id,
                        const char            *response_label,
                        AdwResponseAppearance  appearance,
                        GObject               *owner,
                        WbTextDialogDone       done)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);
  GtkWidget *entry = gtk_entry_new ();
  Ask *ask = g_new0 (Ask, 1);

  ask->response_id = g_strdup (response_id);
  ask->done = done;
  ask->entry = GTK_EDITABLE (entry);
  g_object_set_data_full (G_OBJECT (dialog), "wb-ask", ask, (GDestroyNotify) ask_free);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  if (max_chars > 0)
    gtk_entry_set_max_length (GTK_ENTRY (entry), max_chars);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response_id, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response_id, appearance);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), response_id, FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response_id);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_text_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response_cb), owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
