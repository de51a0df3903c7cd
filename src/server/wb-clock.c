/* wb-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-clock.h"

struct _WbClock
{
  char *control_file;
};

WbClock *
wb_clock_new (const char *control_file)
{
  WbClock *clock = g_new0 (WbClock, 1);

  clock->control_file = g_strdup (control_file);
  return clock;
}

void
wb_clock_free (WbClock *clock)
{
  if (clock == NULL)
    return;
  g_free (clock->control_file);
  g_free (clock);
}

GDateTime *
wb_clock_now (WbClock *clock)
{
  if (clock != NULL && clock->control_file != NULL)
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (clock->control_file, &text, NULL, NULL))
        {
          GDateTime *dt = g_date_time_new_from_iso8601 (g_strstrip (text), NULL);

          if (dt != NULL)
            {
              GDateTime *utc = g_date_time_to_utc (dt);
              g_date_time_unref (dt);
              return utc;
            }
        }
      g_warning ("Clock file %s holds no ISO 8601 time; using the real clock",
                 clock->control_file);
    }

  return g_date_time_new_now_utc ();
}

char *
wb_time_to_iso (GDateTime *instant)
{
  return g_date_time_format (instant, "%Y-%m-%dT%H:%M:%SZ");
}

char *
wb_clock_now_iso (WbClock *clock)
{
  g_autoptr(GDateTime) now = wb_clock_now (clock);

  return wb_time_to_iso (now);
}

void
wb_clock_local_date (GDateTime *instant,
                     GDate     *out)
{
  g_autoptr(GDateTime) local = g_date_time_add_hours (instant, 8);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}
