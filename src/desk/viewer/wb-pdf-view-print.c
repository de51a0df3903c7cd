/* wb-pdf-view-print.c: printing a material and saving a copy of it
 *
 * Printing defers each page: the print operation asks for a page, the
 * scheduler renders it on a worker at the printer's resolution, and the
 * bitmap is drawn on the print context when it arrives. The main loop
 * never waits for poppler, so the desk stays usable while a 20-page scan
 * goes to the printer.
 *
 * Saving copies the file the viewer opened: the download the desk checked
 * against its SHA-256, byte for byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "viewer/wb-pdf-view-private.h"

/* Scans are about 300 dpi; printing finer only costs memory. */
#define MAX_PRINT_DPI 300.0

typedef struct
{
  WbPdfView         *view;
  GtkPrintOperation *operation;
  GtkPrintContext   *context;
  WbRenderJob       *job;
} PrintPage;

static void
print_page_free (PrintPage *pp)
{
  if (pp->job != NULL)
    g_signal_handlers_disconnect_by_data (pp->job, pp);
  g_clear_object (&pp->job);
  g_clear_object (&pp->operation);
  g_clear_object (&pp->context);
  g_clear_object (&pp->view);
  g_free (pp);
}

void
wb_pdf_view_show_toast (WbPdfView  *self,
                        const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_print_page_rendered_cb (WbRenderJob *job,
                           PrintPage   *pp)
{
  cairo_surface_t *surface = wb_render_job_get_surface (job);
  cairo_t *cr = gtk_print_context_get_cairo_context (pp->context);
  double width = gtk_print_context_get_width (pp->context);
  double height = gtk_print_context_get_height (pp->context);

  /* A page that cannot be rendered prints blank rather than stopping the
   * rest of the document. */
  if (surface != NULL)
    {
      double sw = cairo_image_surface_get_width (surface);
      double sh = cairo_image_surface_get_height (surface);
      double fit = MIN (width / sw, height / sh);

      cairo_save (cr);
      cairo_translate (cr, (width - sw * fit) / 2, (height - sh * fit) / 2);
      cairo_scale (cr, fit, fit);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  else
    g_debug ("Page %u not printed: %s", wb_render_job_get_page (job) + 1,
             wb_render_job_get_error (job)->message);

  gtk_print_operation_draw_page_finish (pp->operation);
  print_page_free (pp);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 WbPdfView         *self)
{
  g_autoptr(WbPdfPage) page = NULL;
  PrintPage *pp;
  double dpi;

  if (self->document == NULL
      || (page = g_list_model_get_item (G_LIST_MODEL (self->pages), page_nr)) == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }

  dpi = MIN (gtk_print_context_get_dpi_x (context), MAX_PRINT_DPI);
  if (dpi <= 0)
    dpi = MAX_PRINT_DPI;
  gtk_print_operation_set_defer_drawing (operation);

  pp = g_new0 (PrintPage, 1);
  pp->view = g_object_ref (self);
  pp->operation = g_object_ref (operation);
  pp->context = g_object_ref (context);
  pp->job = wb_render_job_new (self->document, page_nr, dpi / 72.0,
                               wb_pdf_view_page_rotation (self, page));
  g_signal_connect (pp->job, "finished", G_CALLBACK (on_print_page_rendered_cb), pp);
  wb_job_scheduler_push (self->scheduler, pp->job, WB_JOB_PRIORITY_HIGH);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  WbPdfView               *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      gtk_print_operation_get_error (operation, &error);
      /* Translators: %s says why, in the printing system's words */
      text = g_strdup_printf (_("Printing failed: %s"), error ? error->message : "");
      wb_pdf_view_show_toast (self, text);
    }
  if (self->print_operation == operation)
    g_clear_object (&self->print_operation);
}

static void
start_print (WbPdfView  *self,
             const char *export_path)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkPrintOperationResult result;

  if (self->document == NULL || self->print_operation != NULL)
    return;

  self->print_operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (self->print_operation, wb_document_get_n_pages (self->document));
  gtk_print_operation_set_unit (self->print_operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  gtk_print_operation_set_embed_page_setup (self->print_operation, TRUE);
  if (self->title != NULL)
    gtk_print_operation_set_job_name (self->print_operation, self->title);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (self->print_operation, export_path);
  g_signal_connect_object (self->print_operation, "draw-page", G_CALLBACK (on_draw_page_cb), self, 0);
  g_signal_connect_object (self->print_operation, "done", G_CALLBACK (on_print_done_cb), self, 0);

  result = gtk_print_operation_run (self->print_operation,
                                    export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                        : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("Printing failed: %s"), error->message);

      wb_pdf_view_show_toast (self, text);
    }
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    g_clear_object (&self->print_operation);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_print (WB_PDF_VIEW (widget), NULL);
}

void
wb_pdf_view_print_to_file (WbPdfView  *self,
                           const char *path)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));
  g_return_if_fail (path != NULL);

  start_print (self, path);
}

gboolean
wb_pdf_view_is_printing (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), FALSE);

  return self->print_operation != NULL;
}

static void
on_copied_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WbPdfView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    /* Translators: %s says why, in the file system's words */
    text = g_strdup_printf (_("The copy could not be saved: %s"), error->message);
  else
    {
      text = g_strdup (_("Copy saved"));
      self->n_saved++;
    }
  wb_pdf_view_show_toast (self, text);
}

void
wb_pdf_view_save_copy (WbPdfView *self,
                       GFile     *destination)
{
  g_return_if_fail (WB_IS_PDF_VIEW (self));
  g_return_if_fail (G_IS_FILE (destination));

  if (self->file == NULL)
    return;
  g_file_copy_async (self->file, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     NULL, NULL, NULL, on_copied_cb, g_object_ref (self));
}

guint
wb_pdf_view_get_n_saved (WbPdfView *self)
{
  g_return_val_if_fail (WB_IS_PDF_VIEW (self), 0);
  return self->n_saved;
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     WbPdfView       *self)
{
  g_autoptr(GFile) destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && destination != NULL)
    wb_pdf_view_save_copy (self, destination);
  g_object_unref (dialog);
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WbPdfView *self = WB_PDF_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->file == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Save a Copy"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  name = self->title != NULL && g_str_has_suffix (self->title, ".pdf") ? g_strdup (self->title)
         : g_strconcat (self->title ? self->title : _("material"), ".pdf", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
wb_pdf_view_print_dispose (WbPdfView *self)
{
  if (self->print_operation != NULL)
    gtk_print_operation_cancel (self->print_operation);
  g_clear_object (&self->print_operation);
}

void
wb_pdf_view_print_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "viewer.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-copy", NULL, save_copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "viewer.print", NULL);
}
