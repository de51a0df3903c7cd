/* wb-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-json.h"

const char *
wb_json_string (JsonObject *obj,
                const char *name)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonNode *
wb_json_text_body (const char *member,
                   const char *text)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, member, text);
  json_node_take_object (node, obj);
  return node;
}

#define MAX_DEPTH 32

struct _WbJsonWriter
{
  GString *buf;
  guint    depth;
  gboolean first[MAX_DEPTH];   /* no value written yet at this depth */
  gboolean after_member;       /* a member name was just written */
};

WbJsonWriter *
wb_json_writer_new (void)
{
  WbJsonWriter *w = g_new0 (WbJsonWriter, 1);

  w->buf = g_string_sized_new (4096);
  w->first[0] = TRUE;
  return w;
}

void
wb_json_writer_free (WbJsonWriter *w)
{
  if (w == NULL)
    return;
  g_string_free (w->buf, TRUE);
  g_free (w);
}

GBytes *
wb_json_writer_free_to_bytes (WbJsonWriter *w)
{
  GBytes *bytes = g_string_free_to_bytes (w->buf);

  g_free (w);
  return bytes;
}

/* Writes the comma that separates this value from the one before it. */
static void
before_value (WbJsonWriter *w)
{
  if (w->after_member)
    {
      w->after_member = FALSE;
      return;
    }
  if (!w->first[w->depth])
    g_string_append_c (w->buf, ',');
  w->first[w->depth] = FALSE;
}

static void
open_scope (WbJsonWriter *w,
            char          c)
{
  before_value (w);
  g_string_append_c (w->buf, c);
  g_return_if_fail (w->depth + 1 < MAX_DEPTH);
  w->depth++;
  w->first[w->depth] = TRUE;
}

static void
close_scope (WbJsonWriter *w,
             char          c)
{
  g_return_if_fail (w->depth > 0);
  w->depth--;
  g_string_append_c (w->buf, c);
}

void
wb_jw_begin_object (WbJsonWriter *w)
{
  open_scope (w, '{');
}

void
wb_jw_end_object (WbJsonWriter *w)
{
  close_scope (w, '}');
}

void
wb_jw_begin_array (WbJsonWriter *w)
{
  open_scope (w, '[');
}

void
wb_jw_end_array (WbJsonWriter *w)
{
  close_scope (w, ']');
}

static void
append_escaped (GString    *buf,
                const char *s)
{
  const char *run = s;

  g_string_append_c (buf, '"');
  for (; *s; s++)
    {
      guchar c = *s;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (buf, run, s - run);
      switch (c)
        {
        case '"':  g_string_append (buf, "\\\""); break;
        case '\\': g_string_append (buf, "\\\\"); break;
        case '\n': g_string_append (buf, "\\n"); break;
        case '\r': g_string_append (buf, "\\r"); break;
        case '\t': g_string_append (buf, "\\t"); break;
        default:   g_string_append_printf (buf, "\\u%04x", c); break;
        }
      run = s + 1;
    }
  g_string_append_len (buf, run, s - run);
  g_string_append_c (buf, '"');
}

void
wb_jw_member (WbJsonWriter *w,
              const char   *name)
{
  before_value (w);
  append_escaped (w->buf, name);
  g_string_append_c (w->buf, ':');
  w->after_member = TRUE;
}

void
wb_jw_string (WbJsonWriter *w,
              const char   *value)
{
  before_value (w);
  if (value == NULL)
    g_string_append (w->buf, "null");
  else if (g_utf8_validate (value, -1, NULL))
    append_escaped (w->buf, value);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      append_escaped (w->buf, valid);
    }
}

void
wb_jw_int (WbJsonWriter *w,
           gint64        value)
{
  before_value (w);
  g_string_append_printf (w->buf, "%" G_GINT64_FORMAT, value);
}

void
wb_jw_bool (WbJsonWriter *w,
            gboolean      value)
{
  before_value (w);
  g_string_append (w->buf, value ? "true" : "false");
}

void
wb_jw_null (WbJsonWriter *w)
{
  before_value (w);
  g_string_append (w->buf, "null");
}

void
wb_jw_string_member (WbJsonWriter *w,
                     const char   *name,
                     const char   *value)
{
  wb_jw_member (w, name);
  wb_jw_string (w, value);
}

void
wb_jw_int_member (WbJsonWriter *w,
                  const char   *name,
                  gint64        value)
{
  wb_jw_member (w, name);
  wb_jw_int (w, value);
}

void
wb_jw_bool_member (WbJsonWriter *w,
                   const char   *name,
                   gboolean      value)
{
  wb_jw_member (w, name);
  wb_jw_bool (w, value);
}
