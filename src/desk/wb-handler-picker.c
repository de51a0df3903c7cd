/* wb-handler-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-handler-picker.h"
#include "wb-json.h"

struct _WbHandlerPicker
{
  AdwBin         parent_instance;

  WbContext     *context;
  GtkMenuButton *button;
  GtkPopover    *popover;
  GtkBox        *list;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (WbHandlerPicker, wb_handler_picker, ADW_TYPE_BIN)

enum {
  PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_handler_clicked_cb (GtkButton       *button,
                       WbHandlerPicker *self)
{
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[PICKED], 0, gtk_widget_get_name (GTK_WIDGET (button)));
}

static void
on_handlers_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WbHandlerPicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);
  GtkWidget *child;
  JsonArray *items;

  if (reply == NULL)
    {
      if (self->context != NULL)
        wb_context_report_error (self->context, error);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_box_remove (self->list, child);
  items = json_object_get_array_member (wb_api_reply_object (reply), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", wb_json_string (user, "display_name"),
                                                wb_json_string (user, "username"));
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_add_css_class (button, "flat");
      /* The widget name carries the username the signal reports. */
      gtk_widget_set_name (button, wb_json_string (user, "username"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_handler_clicked_cb), self);
      gtk_box_append (self->list, button);
    }
}

static void
on_popover_shown_cb (WbHandlerPicker *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  wb_api_client_request_async (wb_context_get_client (self->context), "GET", "/users?role=handler",
                               NULL, NULL, self->cancellable, on_handlers_cb, g_object_ref (self));
}

static void
wb_handler_picker_dispose (GObject *object)
{
  WbHandlerPicker *self = (WbHandlerPicker *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (wb_handler_picker_parent_class)->dispose (object);
}

static void
wb_handler_picker_class_init (WbHandlerPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wb_handler_picker_dispose;

  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
wb_handler_picker_init (WbHandlerPicker *self)
{
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->popover = GTK_POPOVER (gtk_popover_new ());
  self->list = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
  gtk_popover_set_child (self->popover, GTK_WIDGET (self->list));
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  gtk_menu_button_set_use_underline (self->button, TRUE);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (on_popover_shown_cb), self);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
}

GtkWidget *
wb_handler_picker_new (WbContext  *context,
                       const char *label)
{
  WbHandlerPicker *self = g_object_new (WB_TYPE_HANDLER_PICKER, NULL);

  self->context = g_object_ref (context);
  gtk_menu_button_set_label (self->button, label);
  return GTK_WIDGET (self);
}

void
wb_handler_picker_popup (WbHandlerPicker *self)
{
  g_return_if_fail (WB_IS_HANDLER_PICKER (self));
  gtk_menu_button_popup (self->button);
}
