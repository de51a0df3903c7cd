/* wb-case-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wb-case-row.h"
#include "wb-json.h"

/* The values the inbox shows, read once from the summary so that binding
 * a row never walks JSON. The strings are copies: a caller may hand us a
 * mutable object and change it later. */
typedef struct
{
  gint64    id;
  char     *case_no;
  char     *item_name;
  char     *unit_name;
  char     *applicant_name;
  char     *state;
  char     *state_label;
  char     *stage;
  char     *clock_status;
  int       days_left;
  gboolean  calendar_complete;
  char     *assignee_name;
  char     *assignee_username;
  char     *submitted_at;
  char     *deadline;
  gint64    version;
  gboolean  repeat_supplement;
} RowData;

struct _WbCaseRow
{
  GObject     parent_instance;

  RowData     data;
};

G_DEFINE_FINAL_TYPE (WbCaseRow, wb_case_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_NO,
  PROP_ITEM_NAME,
  PROP_UNIT_NAME,
  PROP_APPLICANT_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_STAGE,
  PROP_CLOCK_STATUS,
  PROP_DAYS_LEFT,
  PROP_CALENDAR_COMPLETE,
  PROP_ASSIGNEE_NAME,
  PROP_ASSIGNEE_USERNAME,
  PROP_SUBMITTED_AT,
  PROP_DEADLINE,
  PROP_VERSION,
  PROP_REPEAT_SUPPLEMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Lets update compare every string field with one loop. */
static const struct
{
  guint prop;
  gsize offset;
} string_fields[] = {
  { PROP_CASE_NO, G_STRUCT_OFFSET (RowData, case_no) },
  { PROP_ITEM_NAME, G_STRUCT_OFFSET (RowData, item_name) },
  { PROP_UNIT_NAME, G_STRUCT_OFFSET (RowData, unit_name) },
  { PROP_APPLICANT_NAME, G_STRUCT_OFFSET (RowData, applicant_name) },
  { PROP_STATE, G_STRUCT_OFFSET (RowData, state) },
  { PROP_STATE_LABEL, G_STRUCT_OFFSET (RowData, state_label) },
  { PROP_STAGE, G_STRUCT_OFFSET (RowData, stage) },
  { PROP_CLOCK_STATUS, G_STRUCT_OFFSET (RowData, clock_status) },
  { PROP_ASSIGNEE_NAME, G_STRUCT_OFFSET (RowData, assignee_name) },
  { PROP_ASSIGNEE_USERNAME, G_STRUCT_OFFSET (RowData, assignee_username) },
  { PROP_SUBMITTED_AT, G_STRUCT_OFFSET (RowData, submitted_at) },
  { PROP_DEADLINE, G_STRUCT_OFFSET (RowData, deadline) },
};

#define STRING_FIELD(data, offset) G_STRUCT_MEMBER (char *, data, offset)

/* The server's JSON is still input: a member of the wrong type must not
 * make json-glib log a critical, which is fatal under G_DEBUG. */
static JsonObject *
object_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
int_member (JsonObject *obj,
            const char *name,
            gint64      fallback)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL)
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static gboolean
bool_member (JsonObject *obj,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL)
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static gboolean
has_flag (JsonObject *obj,
          const char *flag)
{
  JsonNode *node;
  JsonArray *flags;

  if (obj == NULL || (node = json_object_get_member (obj, "flags")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  flags = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (flags); i++)
    {
      JsonNode *el = json_array_get_element (flags, i);

      if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (el), flag) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
row_data_read (RowData    *data,
               JsonObject *summary)
{
  JsonObject *assignee = object_member (summary, "assignee");
  JsonObject *applicant = object_member (summary, "applicant");
  JsonObject *clock = object_member (summary, "clock");

  data->id = int_member (summary, "id", 0);
  data->case_no = g_strdup (wb_json_string (summary, "case_no"));
  data->item_name = g_strdup (wb_json_string (summary, "item_name"));
  data->unit_name = g_strdup (wb_json_string (summary, "unit_name"));
  data->applicant_name = g_strdup (wb_json_string (applicant, "name"));
  data->state = g_strdup (wb_json_string (summary, "state"));
  data->state_label = g_strdup (wb_json_string (summary, "state_label"));
  data->stage = g_strdup (wb_json_string (summary, "stage"));
  data->clock_status = g_strdup (wb_json_string (clock, "status"));
  /* null once the clock has finished; the row shows no count then. */
  data->days_left = CLAMP (int_member (clock, "working_days_left", 0), G_MININT, G_MAXINT);
  /* Absent means we cannot vouch for the figure, so it reads as an estimate. */
  data->calendar_complete = bool_member (clock, "calendar_complete", FALSE);
  data->assignee_name = g_strdup (wb_json_string (assignee, "display_name"));
  data->assignee_username = g_strdup (wb_json_string (assignee, "username"));
  data->submitted_at = g_strdup (wb_json_string (summary, "submitted_at"));
  data->deadline = g_strdup (wb_json_string (summary, "deadline"));
  data->version = int_member (summary, "version", 0);
  data->repeat_supplement = has_flag (summary, "repeat_supplement");
}

static void
row_data_clear (RowData *data)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    g_clear_pointer (&STRING_FIELD (data, string_fields[i].offset), g_free);
}

static void
notify_changes (WbCaseRow     *self,
                const RowData *old,
                const RowData *now)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      gsize offset = string_fields[i].offset;

      if (g_strcmp0 (STRING_FIELD (old, offset), STRING_FIELD (now, offset)) != 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[string_fields[i].prop]);
    }
  if (old->days_left != now->days_left)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS_LEFT]);
  if (old->calendar_complete != now->calendar_complete)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALENDAR_COMPLETE]);
  if (old->version != now->version)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
  if (old->repeat_supplement != now->repeat_supplement)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPEAT_SUPPLEMENT]);
}

static void
wb_case_row_finalize (GObject *object)
{
  WbCaseRow *self = (WbCaseRow *) object;

  row_data_clear (&self->data);
  G_OBJECT_CLASS (wb_case_row_parent_class)->finalize (object);
}

static void
wb_case_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WbCaseRow *self = WB_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->data.id);
      break;
    case PROP_DAYS_LEFT:
      g_value_set_int (value, self->data.days_left);
      break;
    case PROP_CALENDAR_COMPLETE:
      g_value_set_boolean (value, self->data.calendar_complete);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->data.version);
      break;
    case PROP_REPEAT_SUPPLEMENT:
      g_value_set_boolean (value, self->data.repeat_supplement);
      break;
    default:
      for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
        if (string_fields[i].prop == prop_id)
          {
            g_value_set_string (value, STRING_FIELD (&self->data, string_fields[i].offset));
            return;
          }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wb_case_row_class_init (WbCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = wb_case_row_finalize;
  object_class->get_property = wb_case_row_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CASE_NO] =
    g_param_spec_string ("case-no", NULL, NULL, NULL, flags);
  properties[PROP_ITEM_NAME] =
    g_param_spec_string ("item-name", NULL, NULL, NULL, flags);
  properties[PROP_UNIT_NAME] =
    g_param_spec_string ("unit-name", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT_NAME] =
    g_param_spec_string ("applicant-name", NULL, NULL, NULL, flags);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_STATE_LABEL] =
    g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, NULL, flags);
  properties[PROP_CLOCK_STATUS] =
    g_param_spec_string ("clock-status", NULL, NULL, NULL, flags);
  properties[PROP_DAYS_LEFT] =
    g_param_spec_int ("days-left", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_CALENDAR_COMPLETE] =
    g_param_spec_boolean ("calendar-complete", NULL, NULL, FALSE, flags);
  properties[PROP_ASSIGNEE_NAME] =
    g_param_spec_string ("assignee-name", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE_USERNAME] =
    g_param_spec_string ("assignee-username", NULL, NULL, NULL, flags);
  properties[PROP_SUBMITTED_AT] =
    g_param_spec_string ("submitted-at", NULL, NULL, NULL, flags);
  properties[PROP_DEADLINE] =
    g_param_spec_string ("deadline", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REPEAT_SUPPLEMENT] =
    g_param_spec_boolean ("repeat-supplement", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wb_case_row_init (WbCaseRow *self)
{
}

WbCaseRow *
wb_case_row_new (JsonObject *summary)
{
  WbCaseRow *self;

  g_return_val_if_fail (summary != NULL, NULL);

  /* Only the shown values are kept, never the parsed JSON: a JSON object
   * costs kilobytes, and the inbox holds thousands of rows. */
  self = g_object_new (WB_TYPE_CASE_ROW, NULL);
  row_data_read (&self->data, summary);
  return self;
}

WbCaseRow *
wb_case_row_new_placeholder (void)
{
  return g_object_new (WB_TYPE_CASE_ROW, NULL);
}

gboolean
wb_case_row_is_placeholder (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), TRUE);
  return self->data.id == 0;
}

void
wb_case_row_update (WbCaseRow  *self,
                    JsonObject *summary)
{
  RowData old;
  RowData now = { 0 };

  g_return_if_fail (WB_IS_CASE_ROW (self));
  g_return_if_fail (summary != NULL);

  row_data_read (&now, summary);

  /* A placeholder takes its case once. Every value changes at once, and
   * one notification lets each bound row redraw once, not once a field. */
  if (self->data.id == 0 && now.id > 0)
    {
      old = self->data;
      self->data = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
      row_data_clear (&old);
      return;
    }

  /* Between starts of the list a row is one case; the list finds rows by
   * id. Only wb_case_row_replace() gives it another. */
  if (now.id != self->data.id)
    {
      g_critical ("%s: case %" G_GINT64_FORMAT " given the data of case %" G_GINT64_FORMAT,
                  G_STRFUNC, self->data.id, now.id);
      row_data_clear (&now);
      return;
    }

  old = self->data;
  self->data = now;

  /* Handlers run once everything is in place, so a widget bound to
   * state that also reads state-label sees the new label. */
  g_object_freeze_notify (G_OBJECT (self));
  notify_changes (self, &old, &self->data);
  g_object_thaw_notify (G_OBJECT (self));

  row_data_clear (&old);
}

void
wb_case_row_replace (WbCaseRow  *self,
                     JsonObject *summary)
{
  RowData old;

  g_return_if_fail (WB_IS_CASE_ROW (self));
  g_return_if_fail (summary != NULL);

  old = self->data;
  memset (&self->data, 0, sizeof self->data);
  row_data_read (&self->data, summary);
  /* Like a placeholder's fill: everything changed, one notification. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  row_data_clear (&old);
}

void
wb_case_row_clear (WbCaseRow *self)
{
  RowData old;

  g_return_if_fail (WB_IS_CASE_ROW (self));

  if (self->data.id == 0)
    return;
  old = self->data;
  memset (&self->data, 0, sizeof self->data);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  row_data_clear (&old);
}

gint64
wb_case_row_get_id (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), 0);
  return self->data.id;
}

const char *
wb_case_row_get_case_no (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.case_no;
}

const char *
wb_case_row_get_item_name (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.item_name;
}

const char *
wb_case_row_get_unit_name (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.unit_name;
}

const char *
wb_case_row_get_applicant_name (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.applicant_name;
}

const char *
wb_case_row_get_state (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.state;
}

const char *
wb_case_row_get_state_label (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.state_label;
}

const char *
wb_case_row_get_stage (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.stage;
}

const char *
wb_case_row_get_clock_status (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.clock_status;
}

int
wb_case_row_get_days_left (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), 0);
  return self->data.days_left;
}

gboolean
wb_case_row_get_calendar_complete (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), FALSE);
  return self->data.calendar_complete;
}

const char *
wb_case_row_get_assignee_name (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.assignee_name;
}

const char *
wb_case_row_get_assignee_username (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.assignee_username;
}

const char *
wb_case_row_get_submitted_at (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.submitted_at;
}

const char *
wb_case_row_get_deadline (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), NULL);
  return self->data.deadline;
}

gint64
wb_case_row_get_version (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), 0);
  return self->data.version;
}

gboolean
wb_case_row_get_repeat_supplement (WbCaseRow *self)
{
  g_return_val_if_fail (WB_IS_CASE_ROW (self), FALSE);
  return self->data.repeat_supplement;
}
