/* wb-case-filter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wb-case-filter.h"
#include "wb-error.h"
#include "wb-scope.h"

static const char *
param (GHashTable *params,
       const char *name)
{
  return params ? g_hash_table_lookup (params, name) : NULL;
}

static gboolean
bad_query (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, WB_ERROR, WB_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
parse_sort (const char  *text,
            WbCaseSort  *out)
{
  static const struct { const char *name; WbCaseSort sort; } sorts[] = {
    { "deadline", WB_SORT_DEADLINE },
    { "submitted", WB_SORT_SUBMITTED },
    { "case_no", WB_SORT_CASE_NO },
    { "updated", WB_SORT_UPDATED },
  };

  if (text == NULL)
    {
      *out = WB_SORT_DEADLINE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (g_str_equal (sorts[i].name, text))
      {
        *out = sorts[i].sort;
        return TRUE;
      }
  return FALSE;
}

void
wb_case_filter_clear (WbCaseFilter *f)
{
  g_clear_pointer (&f->units, g_ptr_array_unref);
  g_clear_pointer (&f->one_unit, g_ptr_array_unref);
  g_clear_pointer (&f->states, g_ptr_array_unref);
  g_clear_pointer (&f->state_names, g_strfreev);
  g_clear_pointer (&f->today_iso, g_free);
  g_clear_pointer (&f->soon_iso, g_free);
}

gboolean
wb_case_filter_parse (WbCaseFilter  *f,
                      WbRequest     *req,
                      GHashTable    *params,
                      GError       **error)
{
  WbCaseQuery *q = &f->q;
  g_autoptr(WbUser) assignee = NULL;
  const char *text;
  GDate today;

  if (!wb_scope_case_units (req, &f->units, error))
    return FALSE;
  q->units = f->units;

  if ((text = param (params, "unit")) != NULL)
    {
      if (wb_units_get (req->server->units, text) == NULL)
        return bad_query (error, "Unknown unit");
      if (!wb_scope_can_read_case (req, text))
        {
          g_set_error_literal (error, WB_ERROR, WB_ERROR_FORBIDDEN,
                               "That unit is outside your scope");
          return FALSE;
        }
      f->one_unit = g_ptr_array_new ();
      g_ptr_array_add (f->one_unit, (gpointer) text);
      q->units = f->one_unit;
    }

  if ((text = param (params, "state")) != NULL && *text)
    {
      f->state_names = g_strsplit (text, ",", 16);
      f->states = g_ptr_array_new ();
      for (guint i = 0; f->state_names[i]; i++)
        {
          WbCaseState s;
          if (!wb_case_state_from_string (f->state_names[i], &s))
            return bad_query (error, "Unknown state in the state filter");
          g_ptr_array_add (f->states, f->state_names[i]);
        }
      q->states = f->states;
    }

  if ((text = param (params, "item")) != NULL && *text)
    {
      if (strlen (text) > 64)
        return bad_query (error, "The item code is too long");
      q->item_code = text;
    }

  text = param (params, "assignee");
  if (text == NULL || g_str_equal (text, "any"))
    q->assignee = WB_ASSIGNEE_FILTER_ANY;
  else if (g_str_equal (text, "none"))
    q->assignee = WB_ASSIGNEE_FILTER_NONE;
  else if (g_str_equal (text, "me"))
    {
      q->assignee = WB_ASSIGNEE_FILTER_USER;
      q->assignee_id = req->user->id;
    }
  else
    {
      if (strlen (text) > 64)
        return bad_query (error, "Unknown assignee");
      if (!wb_store_user_by_name (req->conn, text, &assignee, error))
        return FALSE;
      if (assignee == NULL)
        return bad_query (error, "Unknown assignee");
      q->assignee = WB_ASSIGNEE_FILTER_USER;
      q->assignee_id = assignee->id;
    }

  wb_request_today (req, &today);
  f->today_iso = wb_date_to_iso (&today);
  if ((text = param (params, "due")) != NULL && *text)
    {
      if (g_str_equal (text, "overdue"))
        q->deadline_before = f->today_iso;
      else if (g_str_equal (text, "soon"))
        {
          GDate soon;
          wb_calendar_add_working_days (req->server->calendar, &today, 1, &soon);
          f->soon_iso = wb_date_to_iso (&soon);
          q->deadline_upto = f->soon_iso;
        }
      else
        return bad_query (error, "due takes overdue or soon");
      q->running_only = TRUE;
    }

  if ((text = param (params, "flag")) != NULL && *text)
    {
      if (!g_str_equal (text, "repeat_supplement"))
        return bad_query (error, "flag takes repeat_supplement");
      q->repeat_supplement = TRUE;
    }

  if ((text = param (params, "q")) != NULL && *text)
    {
      if (g_utf8_strlen (text, -1) > 64 || !g_utf8_validate (text, -1, NULL))
        return bad_query (error, "The search text is too long");
      q->text = text;
    }

  if (!parse_sort (param (params, "sort"), &q->sort))
    return bad_query (error, "sort takes deadline, submitted, case_no or updated");
  text = param (params, "order");
  if (text != NULL && !g_str_equal (text, "asc") && !g_str_equal (text, "desc"))
    return bad_query (error, "order takes asc or desc");
  q->descending = text != NULL && g_str_equal (text, "desc");
  return TRUE;
}
