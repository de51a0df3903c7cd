/* wb-api-messages.c: the templates of the messages that tell applicants
 * about decisions (6.6.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-api.h"
#include "wb-audit.h"
#include "wb-error.h"
#include "wb-json.h"
#include "wb-outbox.h"
#include "wb-scope.h"
#include "wb-units.h"

#define MAX_TEMPLATE_CHARS 500

static gboolean
add_template (JsonBuilder  *b,
              WbDbConn     *conn,
              const char   *action,
              const char   *channel,
              GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *updated_at = NULL;
  g_autofree char *updated_by = NULL;

  if (!wb_outbox_template_get (conn, action, channel, &text, &updated_at, &updated_by, error))
    return FALSE;
  json_builder_begin_object (b);
  wb_json_add_string (b, "action", action);
  wb_json_add_string (b, "channel", channel);
  wb_json_add_string (b, "text", text);
  wb_json_add_string (b, "default_text", wb_outbox_default_text (action, channel));
  wb_json_add_bool (b, "customized", updated_at != NULL);
  wb_json_add_string (b, "updated_at", updated_at);
  wb_json_add_string (b, "updated_by", updated_by);
  json_builder_end_object (b);
  return TRUE;
}

/* Templates hold no personal data, and a handler may want to know what
 * the applicant is told, so every signed-in user may read them. */
gboolean
wb_api_message_templates_list (WbRequest   *req,
                               WbResponse  *res,
                               GError     **error)
{
  const char * const *actions = wb_outbox_notifying_actions ();
  const char * const *names = wb_outbox_placeholders ();
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; actions[i] != NULL; i++)
    for (guint j = 0; wb_outbox_channels[j] != NULL; j++)
      if (!add_template (b, req->conn, actions[i], wb_outbox_channels[j], error))
        return FALSE;
  json_builder_end_array (b);
  json_builder_set_member_name (b, "placeholders");
  json_builder_begin_array (b);
  for (guint i = 0; names[i] != NULL; i++)
    json_builder_add_string_value (b, names[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  wb_response_builder (res, 200, b);
  return TRUE;
}

/* One wording serves every unit ({unit} names each), so only a business
 * administrator of the province may change it. */
static gboolean
require_province_bizadmin (WbRequest  *req,
                           GError    **error)
{
  const WbUnit *unit;

  if (!wb_scope_require_role (req, WB_ROLE_BIZADMIN, error))
    return FALSE;
  unit = wb_units_get (req->server->units, req->user->unit_code);
  if (unit == NULL || unit->level != 1)
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                           "Message templates serve every unit; only a business administrator of the province may change them");
      return FALSE;
    }
  return TRUE;
}

gboolean
wb_api_message_templates_set (WbRequest   *req,
                              WbResponse  *res,
                              GError     **error)
{
  const char *action = wb_request_param (req, "action");
  const char *channel = wb_request_param (req, "channel");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *now = NULL;
  g_autofree char *object = NULL;
  const char *text;

  if (!require_province_bizadmin (req, error))
    return FALSE;
  if (!wb_outbox_action_notifies (action) || !wb_outbox_channel_known (channel))
    {
      g_set_error_literal (error, WB_ERROR, WB_ERROR_NOT_FOUND,
                           "No message goes to the applicant for that action and channel");
      return FALSE;
    }
  if (!(body = wb_request_json_object (req, error)))
    return FALSE;
  text = wb_json_string (body, "text");
  if (text == NULL || g_utf8_strlen (text, -1) > MAX_TEMPLATE_CHARS)
    {
      g_set_error (error, WB_ERROR, WB_ERROR_UNPROCESSABLE,
                   "text is required: at most %d characters, or empty to send nothing on this channel",
                   MAX_TEMPLATE_CHARS);
      return FALSE;
    }
  if (!wb_outbox_check_template (text, error))
    return FALSE;

  now = wb_request_now_iso (req);
  object = g_strdup_printf ("message_template:%s/%s", action, channel);
  if (!wb_db_begin_write (req->conn, error))
    return FALSE;
  {
    WbAuditRecord record = {
      .actor = req->user->username, .peer = req->peer, .action = "set_message_template",
      .object = object, .result = "ok", .reason = NULL, .request_id = req->request_id,
    };

    if (!wb_outbox_template_set (req->conn, action, channel, text, now, req->user->username, error) ||
        !wb_audit_append (req->conn, now, &record, error) ||
        !wb_db_commit (req->conn, error))
      {
        wb_db_rollback (req->conn);
        return FALSE;
      }
  }

  b = json_builder_new ();
  if (!add_template (b, req->conn, action, channel, error))
    return FALSE;
  wb_response_builder (res, 200, b);
  return TRUE;
}
