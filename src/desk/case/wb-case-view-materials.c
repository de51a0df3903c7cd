/* wb-case-view-materials.c: the case's materials in the viewer: opening
 * one, marking it accepted or deficient, and turning it upright
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "case/wb-case-view-private.h"
#include "viewer/wb-material-cache.h"
#include "wb-case-format.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-text.h"
#include "wb-text-dialog.h"

static void
on_reviewed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wb_context_report_error (self->context, error);
      return;
    }
  /* List them again rather than patch one row: the change feed may
   * already have brought other reviewers' verdicts. */
  wb_case_view_load_materials (self);
}

/* Blank the way the server counts it: full-width spaces from a Chinese
 * input method say nothing either. */

void
wb_case_view_review_material (WbCaseView *self,
                              const char *verdict,
                              const char *reason)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (WB_IS_CASE_VIEW (self));
  g_return_if_fail (verdict != NULL);

  if (self->open_material == 0)
    return;

  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/review",
                          self->case_id, self->open_material);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, verdict);
  if (!wb_text_is_blank (reason))
    {
      g_autofree char *trimmed = wb_text_trim (reason);

      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, trimmed);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  wb_api_client_request_async (wb_context_get_client (self->context), "PUT", path, body, NULL,
                               self->cancellable, on_reviewed_cb, g_object_ref (self));
}

static void
accept_material_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  wb_case_view_review_material (WB_CASE_VIEW (widget), "accepted", NULL);
}

static void
mark_deficient_with_reason (GObject    *owner,
                            const char *reason)
{
  wb_case_view_review_material (WB_CASE_VIEW (owner), "deficient", reason);
}

static void
mark_deficient_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WbCaseView *self = WB_CASE_VIEW (widget);

  if (self->open_material == 0)
    return;
  wb_text_dialog_present (widget, _("Mark Material Deficient?"),
                          _("Say what is missing or wrong. The reason goes into the one-time supplement notice and is recorded with your name."),
                          _("Reason, e.g. the page with the applicant's details is missing"), 0,
                          "deficient", _("_Mark Deficient"), ADW_RESPONSE_DESTRUCTIVE,
                          G_OBJECT (self), mark_deficient_with_reason);
}

static JsonObject *
find_material (WbCaseView *self,
               gint64      material_id)
{
  for (guint i = 0; self->received && i < json_array_get_length (self->received); i++)
    {
      JsonObject *m = json_array_get_object_element (self->received, i);

      if (json_object_get_int_member_with_default (m, "id", 0) == material_id)
        return m;
    }
  return NULL;
}

static void
on_material_fetched_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = wb_material_cache_fetch_finish (WB_MATERIAL_CACHE (source), result, &error);

  /* Closed while it downloaded: the file stays cached for next time. */
  if (self->open_material == 0)
    return;
  if (file == NULL)
    {
      g_autoptr(GError) shown = NULL;
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Network and server errors read better in the client's words; a
       * digest mismatch already says what happened. */
      message = error->domain == WB_MATERIAL_CACHE_ERROR ? g_strdup (error->message)
                                                         : wb_api_error_describe (error);
      shown = g_error_new_literal (error->domain, error->code, message);
      wb_pdf_view_show_error (self->pdf_view, _("The Material Could Not Be Opened"), shown);
      return;
    }
  wb_pdf_view_load_file (self->pdf_view, file, NULL);
}

static guint
stored_rotation (JsonObject *material)
{
  gint64 degrees = json_object_get_int_member_with_default (material, "rotation", 0);

  return degrees == 90 || degrees == 180 || degrees == 270 ? (guint) degrees : 0;
}

static void send_rotation (WbCaseView *self,
                           gint64      material_id,
                           guint       degrees);

static void
on_rotated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(WbCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WbApiReply) reply = wb_api_client_request_finish (WB_API_CLIENT (source), result, &error);

  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->rotation_busy = FALSE;
  if (reply == NULL)
    {
      wb_context_report_error (self->context, error);
      /* What the server holds is what the list should compare against. */
      wb_case_view_load_materials (self);
    }
  if (self->pending_material != 0)
    {
      gint64 material_id = self->pending_material;

      self->pending_material = 0;
      send_rotation (self, material_id, self->pending_degrees);
    }
}

/* One request at a time: the server handles requests on several threads,
 * so two turns sent together could be stored in the wrong order. Turns
 * made meanwhile collapse into the last one. */
static void
send_rotation (WbCaseView *self,
               gint64      material_id,
               guint       degrees)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (self->rotation_busy)
    {
      self->pending_material = material_id;
      self->pending_degrees = degrees;
      return;
    }
  self->rotation_busy = TRUE;
  path = g_strdup_printf ("/cases/%" G_GINT64_FORMAT "/materials/%" G_GINT64_FORMAT "/rotation",
                          self->case_id, material_id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "degrees");
  json_builder_add_int_value (b, degrees);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  wb_api_client_request_async (wb_context_get_client (self->context), "PUT", path, body, NULL,
                               self->cancellable, on_rotated_cb, g_object_ref (self));
}

/* A handler's turn is kept on the server, so the scan opens upright for
 * everyone; anyone else turns it for themselves only. */
void
wb_case_view_on_rotation_changed (WbCaseView *self)
{
  guint degrees = wb_pdf_view_get_rotation (self->pdf_view);
  JsonObject *m;

  if (self->open_material == 0 || !(wb_context_get_roles (self->context) & WB_ROLE_HANDLER))
    return;
  m = find_material (self, self->open_material);
  if (m == NULL || stored_rotation (m) == degrees)
    return;
  /* Compared against what was last sent, so quick turns there and back
   * still end where the caseworker left them. */
  json_object_set_int_member (m, "rotation", degrees);
  send_rotation (self, self->open_material, degrees);
}

/* How long a closed viewer may wait for its material before it shows the
 * spinner. */
#define REVEAL_DELAY_MS 150

static void
reveal_viewer (WbCaseView *self)
{
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->open_material == 0 || gtk_widget_get_visible (GTK_WIDGET (self->pdf_view)))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->pdf_view), TRUE);
  /* The first time, split the space evenly: the caseworker compares the
   * scan with the case details. */
  if (gtk_widget_get_width (GTK_WIDGET (self->paned)) > 0)
    gtk_paned_set_position (self->paned, gtk_widget_get_width (GTK_WIDGET (self->paned)) / 2);
}

static gboolean
reveal_timeout_cb (gpointer user_data)
{
  WbCaseView *self = user_data;

  self->reveal_source = 0;
  reveal_viewer (self);
  return G_SOURCE_REMOVE;
}

/* The caseworker closed the viewer: nothing opened meanwhile may show it
 * again. */
static void
on_viewer_visible_cb (WbCaseView *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->pdf_view)))
    return;
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  self->open_material = 0;
}

void
wb_case_view_materials_connect (WbCaseView *self)
{
  g_signal_connect_object (self->pdf_view, "ready", G_CALLBACK (reveal_viewer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pdf_view, "notify::visible", G_CALLBACK (on_viewer_visible_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
open_material_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WbCaseView *self = WB_CASE_VIEW (widget);
  gint64 material_id = g_variant_get_int64 (parameter);
  JsonObject *m = find_material (self, material_id);
  gboolean was_visible = gtk_widget_get_visible (GTK_WIDGET (self->pdf_view));

  if (m == NULL)
    {
      g_debug ("Case %" G_GINT64_FORMAT " has no material %" G_GINT64_FORMAT, self->case_id, material_id);
      return;
    }

  if (self->material_cancellable != NULL)
    g_cancellable_cancel (self->material_cancellable);
  g_clear_object (&self->material_cancellable);
  self->material_cancellable = g_cancellable_new ();
  self->open_material = material_id;

  wb_pdf_view_show_loading (self->pdf_view, wb_json_string (m, "name"));
  /* Opens as a handler last turned it; open_material is already this one,
   * so setting it does not send it back. */
  wb_pdf_view_set_rotation (self->pdf_view, stored_rotation (m));
  /* A closed viewer opens when there is something to show ("ready"): a
   * scan already on this machine is there within tens of milliseconds,
   * and showing the pane first with a spinner cost a frame of its own,
   * which the first page then waited behind. A download shows the
   * spinner after a moment. */
  if (!was_visible && self->reveal_source == 0)
    self->reveal_source = g_timeout_add (REVEAL_DELAY_MS, reveal_timeout_cb, self);

  wb_material_cache_fetch_async (wb_material_cache_get_default (), wb_context_get_client (self->context),
                                 self->case_id, material_id, wb_json_string (m, "sha256"),
                                 self->material_cancellable, on_material_fetched_cb, g_object_ref (self));
}

/* Someone else changed this case: show it as it is now. */
void
wb_case_view_materials_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.open-material", "x", open_material_action);
  gtk_widget_class_install_action (widget_class, "case.accept-material", NULL, accept_material_action);
  gtk_widget_class_install_action (widget_class, "case.mark-deficient", NULL, mark_deficient_action);
}
