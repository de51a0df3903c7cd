/* wb-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <json-glib/json-glib.h>

#include "wb-log.h"

G_LOCK_DEFINE_STATIC (log_lock);

static void
write_line (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *line = json_to_string (root, FALSE);

  G_LOCK (log_lock);
  fputs (line, stderr);
  fputc ('\n', stderr);
  fflush (stderr);
  G_UNLOCK (log_lock);
}

static void
begin_line (JsonBuilder *builder,
            const char  *level,
            const char  *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ts = g_date_time_format_iso8601 (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ts");
  json_builder_add_string_value (builder, ts);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, level);
  json_builder_set_member_name (builder, "msg");
  json_builder_add_string_value (builder, message);
}

void
wb_log_event (const char *level,
              const char *message,
              ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *key;
  va_list args;

  begin_line (builder, level, message);

  va_start (args, message);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (builder, key);
      if (value == NULL)
        json_builder_add_null_value (builder);
      else if (value[0] == '#')
        json_builder_add_int_value (builder, g_ascii_strtoll (value + 1, NULL, 10));
      else
        json_builder_add_string_value (builder, value);
    }
  va_end (args);

  json_builder_end_object (builder);
  write_line (builder);
}

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *message = NULL;
  const char *domain = NULL;
  const char *level;

  if ((log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)) &&
      !g_log_writer_default_would_drop (log_level, NULL))
    ; /* G_MESSAGES_DEBUG asked for it */
  else if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
      else if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
    }

  if (log_level & G_LOG_LEVEL_ERROR)
    level = "fatal";
  else if (log_level & G_LOG_LEVEL_CRITICAL)
    level = "critical";
  else if (log_level & G_LOG_LEVEL_WARNING)
    level = "warning";
  else if (log_level & G_LOG_LEVEL_MESSAGE)
    level = "info";
  else
    level = "debug";

  wb_log_event (level, message ? message : "", "domain", domain, NULL);

  return G_LOG_WRITER_HANDLED;
}

void
wb_log_install (void)
{
  g_log_set_writer_func (log_writer, NULL, NULL);
}
