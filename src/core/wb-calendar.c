/* wb-calendar.c: working days from per-year holiday files
 *
 * Only the exceptions to the Monday-to-Friday rule are stored: the days of
 * each holiday and the weekend days that are worked. Everything else follows
 * from the weekday, which is also what makes a year without data fall back
 * to "weekends off" without any special case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-calendar.h"
#include "wb-error.h"

#include <string.h>

/* Bounds that keep wb_calendar_add_working_days() inside GDate's range
 * (year 65535): even a weekend-only calendar yields over 250 working days a
 * year, so a million working days after year 9999 ends before year 14000. */
#define MAX_START_YEAR     9999
#define MAX_WORKING_DAYS   1000000

typedef enum
{
  WB_DAY_HOLIDAY,
  WB_DAY_WORKDAY,
} WbDayKind;

typedef struct
{
  WbDayKind   kind;
  /* Interned, so wb_calendar_holiday_name() can hand it out and a later
   * reload of the year cannot free it under the caller. */
  const char *name;
  /* Only for the "already listed on line N" parse error. */
  guint       line;
} WbCalDay;

typedef struct
{
  int         year;
  GHashTable *days;   /* Julian day number (guint) -> WbCalDay */
} WbCalYear;

struct _WbCalendar
{
  gatomicrefcount  ref_count;
  GRWLock          lock;
  GHashTable      *years;  /* year (int) -> WbCalYear */
};

static WbCalYear *
cal_year_new (int year)
{
  WbCalYear *y = g_new0 (WbCalYear, 1);

  y->year = year;
  y->days = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return y;
}

static void
cal_year_free (gpointer data)
{
  WbCalYear *y = data;

  if (y == NULL)
    return;
  g_hash_table_unref (y->days);
  g_free (y);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WbCalYear, cal_year_free)

WbCalendar *
wb_calendar_new (void)
{
  WbCalendar *self = g_new0 (WbCalendar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_rw_lock_init (&self->lock);
  self->years = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                       NULL, cal_year_free);
  return self;
}

WbCalendar *
wb_calendar_ref (WbCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
wb_calendar_unref (WbCalendar *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->years);
  g_rw_lock_clear (&self->lock);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* ISO dates                                                           */

/* Whether @text is exactly "DDDD-DD-DD". Checked character by character
 * rather than with sscanf(), which would accept "2026-2-1", signs and
 * trailing garbage. */
static gboolean
has_iso_shape (const char *text)
{
  static const char shape[] = "dddd-dd-dd";

  /* Stops at the NUL of a short string: NUL is neither a digit nor '-'. */
  for (guint i = 0; i < sizeof shape - 1; i++)
    {
      gboolean ok = shape[i] == 'd' ? g_ascii_isdigit (text[i]) : text[i] == '-';

      if (!ok)
        return FALSE;
    }
  return text[sizeof shape - 1] == '\0';
}

gboolean
wb_date_parse_iso (const char *text,
                   GDate      *out)
{
  int year, month, day;

  if (out != NULL)
    g_date_clear (out, 1);
  if (text == NULL || !has_iso_shape (text))
    return FALSE;

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100
         + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  day = (text[8] - '0') * 10 + (text[9] - '0');

  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (out != NULL)
    g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
wb_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04d-%02d-%02d",
                          (int) g_date_get_year (date),
                          (int) g_date_get_month (date),
                          (int) g_date_get_day (date));
}

/* ------------------------------------------------------------------ */
/* Lookups (callers hold the reader lock)                              */

/* GDate's Julian day 1 is Monday 0001-01-01 (proleptic Gregorian), so the
 * weekday follows from the day number alone. */
static gboolean
julian_is_weekend (guint32 julian)
{
  return (julian - 1) % 7 >= 5;
}

/* How many Mondays to Fridays fall on Julian days 1..julian. */
static gint64
weekdays_through (guint32 julian)
{
  return (gint64) (julian / 7) * 5 + MIN (julian % 7, 5);
}

static const WbCalDay *
lookup_day_locked (WbCalendar  *self,
                   const GDate *date)
{
  WbCalYear *y;

  y = g_hash_table_lookup (self->years,
                           GINT_TO_POINTER ((int) g_date_get_year (date)));
  if (y == NULL)
    return NULL;
  return g_hash_table_lookup (y->days,
                             GUINT_TO_POINTER (g_date_get_julian (date)));
}

static gboolean
is_working_day_locked (WbCalendar  *self,
                       const GDate *date)
{
  const WbCalDay *day = lookup_day_locked (self, date);

  if (day != NULL)
    return day->kind == WB_DAY_WORKDAY;
  return !julian_is_weekend (g_date_get_julian (date));
}

gboolean
wb_calendar_has_year (WbCalendar *self,
                      int         year)
{
  gboolean found;

  g_return_val_if_fail (self != NULL, FALSE);

  g_rw_lock_reader_lock (&self->lock);
  found = g_hash_table_contains (self->years, GINT_TO_POINTER (year));
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

gboolean
wb_calendar_is_working_day (WbCalendar  *self,
                            const GDate *date)
{
  gboolean working;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  working = is_working_day_locked (self, date);
  g_rw_lock_reader_unlock (&self->lock);
  return working;
}

const char *
wb_calendar_holiday_name (WbCalendar  *self,
                          const GDate *date)
{
  const WbCalDay *day;
  const char *name = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  g_rw_lock_reader_lock (&self->lock);
  day = lookup_day_locked (self, date);
  if (day != NULL && day->kind == WB_DAY_HOLIDAY)
    name = day->name;
  g_rw_lock_reader_unlock (&self->lock);
  return name;
}

void
wb_calendar_add_working_days (WbCalendar  *self,
                              const GDate *start,
                              guint        n,
                              GDate       *out)
{
  GDate cursor;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (g_date_get_year (start) <= MAX_START_YEAR);
  g_return_if_fail (n <= MAX_WORKING_DAYS);
  g_return_if_fail (out != NULL);

  /* Work on a copy: @out may alias @start. */
  cursor = *start;

  /* One lock for the whole walk, so a concurrent reload cannot give a
   * deadline that mixes the old and new data of a year. */
  g_rw_lock_reader_lock (&self->lock);
  while (n > 0)
    {
      g_date_add_days (&cursor, 1);
      if (is_working_day_locked (self, &cursor))
        n--;
    }
  g_rw_lock_reader_unlock (&self->lock);

  *out = cursor;
}

guint
wb_calendar_working_days_between (WbCalendar  *self,
                                  const GDate *from,
                                  const GDate *to)
{
  guint32 jfrom, jto;
  int yfrom, yto;
  gint64 count;
  GHashTableIter years_iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  jfrom = g_date_get_julian (from);
  jto = g_date_get_julian (to);
  if (jto <= jfrom)
    return 0;
  yfrom = g_date_get_year (from);
  yto = g_date_get_year (to);

  /* Count Monday to Friday arithmetically, then correct for the listed
   * exceptions. Unlike a day-by-day walk this stays cheap for a case that
   * sat stopped for years, and it only visits years that have data. */
  count = weekdays_through (jto) - weekdays_through (jfrom);

  g_rw_lock_reader_lock (&self->lock);
  g_hash_table_iter_init (&years_iter, self->years);
  while (g_hash_table_iter_next (&years_iter, NULL, &value))
    {
      WbCalYear *y = value;
      GHashTableIter days_iter;
      gpointer key, day_value;

      if (y->year < yfrom || y->year > yto)
        continue;

      g_hash_table_iter_init (&days_iter, y->days);
      while (g_hash_table_iter_next (&days_iter, &key, &day_value))
        {
          guint32 julian = GPOINTER_TO_UINT (key);
          const WbCalDay *day = day_value;
          gboolean weekend = julian_is_weekend (julian);

          if (julian <= jfrom || julian > jto)
            continue;
          if (day->kind == WB_DAY_HOLIDAY && !weekend)
            count--;
          else if (day->kind == WB_DAY_WORKDAY && weekend)
            count++;
        }
    }
  g_rw_lock_reader_unlock (&self->lock);

  return (guint) MAX (count, 0);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

typedef struct
{
  int        year;        /* 0 until the "year" line has been read */
  guint      year_line;
  guint      n_holidays;
  WbCalYear *data;
} ParseState;

static gboolean line_error (GError    **error,
                            guint       line,
                            const char *format,
                            ...) G_GNUC_PRINTF (3, 4);

static gboolean
line_error (GError    **error,
            guint       line,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, WB_ERROR, WB_ERROR_INVALID, "line %u: %s", line, message);
  return FALSE;
}

static const char *
weekday_name (GDateWeekday weekday)
{
  static const char *names[] = {
    "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday",
  };

  if ((guint) weekday >= G_N_ELEMENTS (names))
    return "";
  return names[weekday];
}

/* Splits off the first whitespace-separated word of *rest. */
static char *
next_word (char **rest)
{
  char *word = *rest;
  char *end = word + strcspn (word, " \t");

  if (*end != '\0')
    *end++ = '\0';
  *rest = g_strchug (end);
  return word;
}

static gboolean
parse_year_line (ParseState  *st,
                 char        *args,
                 guint        line,
                 GError     **error)
{
  char *value = next_word (&args);
  int year;

  if (st->year != 0)
    return line_error (error, line,
                       "a second “year” line (the first is on line %u); "
                       "one file holds one year",
                       st->year_line);
  if (*args != '\0')
    return line_error (error, line,
                       "unexpected text after the year: “%s”", args);
  if (strlen (value) != 4
      || !g_ascii_isdigit (value[0]) || !g_ascii_isdigit (value[1])
      || !g_ascii_isdigit (value[2]) || !g_ascii_isdigit (value[3]))
    return line_error (error, line,
                       "expected “year YYYY”, got year “%s”", value);

  year = (value[0] - '0') * 1000 + (value[1] - '0') * 100
         + (value[2] - '0') * 10 + (value[3] - '0');
  if (year < 1)
    return line_error (error, line, "year %s does not exist", value);

  st->year = year;
  st->year_line = line;
  st->data = cal_year_new (year);
  return TRUE;
}

static gboolean
parse_date_in_year (ParseState  *st,
                    const char  *text,
                    guint        line,
                    GDate       *out,
                    GError     **error)
{
  if (!wb_date_parse_iso (text, out))
    {
      /* Tell a typo in the shape from a day that does not exist, because
       * the fixes differ. */
      if (has_iso_shape (text))
        return line_error (error, line, "%s does not exist", text);
      return line_error (error, line,
                         "“%s” is not a date in the form YYYY-MM-DD", text);
    }
  if (g_date_get_year (out) != st->year)
    return line_error (error, line,
                       "%s is outside year %d declared on line %u",
                       text, st->year, st->year_line);
  return TRUE;
}

static gboolean
parse_day_line (ParseState  *st,
                WbDayKind    kind,
                const char  *keyword,
                char        *args,
                guint        line,
                GError     **error)
{
  char *dates = next_word (&args);
  const char *name = g_strchomp (args);
  char *dots;
  GDate first, last;
  guint32 jfirst, jlast;

  if (st->year == 0)
    return line_error (error, line,
                       "“%s” before the “year” line; “year YYYY” must "
                       "come first", keyword);
  if (*dates == '\0')
    return line_error (error, line,
                       "expected “%s DATE[..DATE] NAME”", keyword);
  if (*name == '\0')
    return line_error (error, line,
                       "“%s %s” needs a name after the date", keyword, dates);

  dots = strstr (dates, "..");
  if (dots != NULL)
    {
      *dots = '\0';
      if (!parse_date_in_year (st, dates, line, &first, error)
          || !parse_date_in_year (st, dots + 2, line, &last, error))
        return FALSE;
      if (g_date_compare (&last, &first) < 0)
        return line_error (error, line,
                           "the range ends on %s, before it starts on %s",
                           dots + 2, dates);
    }
  else
    {
      if (!parse_date_in_year (st, dates, line, &first, error))
        return FALSE;
      last = first;
    }

  jfirst = g_date_get_julian (&first);
  jlast = g_date_get_julian (&last);
  for (guint32 j = jfirst; j <= jlast; j++)
    {
      const WbCalDay *earlier;
      WbCalDay *day;

      earlier = g_hash_table_lookup (st->data->days, GUINT_TO_POINTER (j));
      if (earlier != NULL)
        {
          g_autofree char *iso = NULL;
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, j);
          iso = wb_date_to_iso (&date);
          return line_error (error, line, "%s is already listed on line %u",
                             iso, earlier->line);
        }

      /* A make-up working day on a weekday changes nothing, so it is almost
       * certainly a mistyped date — and the real make-up day would then be
       * silently treated as a day off. */
      if (kind == WB_DAY_WORKDAY && !julian_is_weekend (j))
        {
          g_autofree char *iso = NULL;
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, j);
          iso = wb_date_to_iso (&date);
          return line_error (error, line,
                             "%s is a %s; a make-up working day must be a "
                             "Saturday or Sunday",
                             iso, weekday_name (g_date_get_weekday (&date)));
        }

      day = g_new0 (WbCalDay, 1);
      day->kind = kind;
      day->name = g_intern_string (name);
      day->line = line;
      g_hash_table_insert (st->data->days, GUINT_TO_POINTER (j), day);
    }

  if (kind == WB_DAY_HOLIDAY)
    st->n_holidays++;
  return TRUE;
}

static gboolean
parse_line (ParseState  *st,
            char        *text,
            guint        line,
            GError     **error)
{
  char *hash = strchr (text, '#');
  char *args;
  const char *keyword;

  if (hash != NULL)
    *hash = '\0';
  args = g_strstrip (text);   /* also drops the '\r' of CRLF files */
  if (*args == '\0')
    return TRUE;

  keyword = next_word (&args);
  if (g_strcmp0 (keyword, "year") == 0)
    return parse_year_line (st, args, line, error);
  if (g_strcmp0 (keyword, "holiday") == 0)
    return parse_day_line (st, WB_DAY_HOLIDAY, keyword, args, line, error);
  if (g_strcmp0 (keyword, "workday") == 0)
    return parse_day_line (st, WB_DAY_WORKDAY, keyword, args, line, error);

  return line_error (error, line,
                     "unknown statement “%s”; expected “year”, “holiday” "
                     "or “workday”", keyword);
}

static guint
count_lines (const char *text,
             const char *end)
{
  guint lines = 1;

  for (const char *p = text; p < end; p++)
    if (*p == '\n')
      lines++;
  return lines;
}

gboolean
wb_calendar_load_data (WbCalendar  *self,
                       const char  *text,
                       gsize        len,
                       GError     **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(WbCalYear) data = NULL;
  ParseState st = { 0, };
  const char *bad = NULL;
  const char *body;
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Also refuses embedded NULs, which would otherwise cut a line short
   * without anyone noticing. */
  if (len > 0 && !g_utf8_validate_len (text, len, &bad))
    return line_error (error, count_lines (text, bad),
                       "not valid UTF-8 text");

  copy = g_strndup (text != NULL ? text : "", len);
  body = copy;
  /* Editors on Windows like to start UTF-8 files with a byte order mark. */
  if (g_str_has_prefix (body, "\xEF\xBB\xBF"))
    body += 3;

  lines = g_strsplit (body, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      if (!parse_line (&st, lines[i], i + 1, error))
        {
          cal_year_free (st.data);
          return FALSE;
        }
    }
  data = st.data;

  if (st.year == 0)
    return line_error (error, 1, "no “year YYYY” line in the file");
  if (st.n_holidays == 0)
    return line_error (error, st.year_line,
                       "year %d lists no holidays; refusing a calendar that "
                       "would hide the missing data", st.year);

  g_rw_lock_writer_lock (&self->lock);
  g_hash_table_replace (self->years, GINT_TO_POINTER (st.year),
                        g_steal_pointer (&data));
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}
