/* test-store-queries.c: the store's run-time SQL against a real SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "wb-db.h"
#include "wb-store.h"
#include "wb-test-server.h"

/* A connection keeps one prepared statement per distinct SQL text for its
 * life. A list query with the value of an offset, a cursor or a user id
 * written into its text would add one for every value a client sent,
 * and a client choosing offsets could grow the server without bound. */
static void
test_list_text_is_stable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wangban-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "wangban.db", NULL);
  g_autoptr(GError) error = NULL;
  WbDb *db = wb_db_open (path, &error);
  WbDbConn *conn;
  guint after_first = 0;

  g_assert_no_error (error);
  conn = wb_db_acquire (db, &error);
  g_assert_no_error (error);
  g_assert_true (wb_store_migrate (conn, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 200; i++)
    {
      WbCaseQuery q = { 0 };
      g_autoptr(GPtrArray) cases = NULL;
      gint64 total = 0;
      g_autofree char *after = g_strdup_printf ("2026-%02u-01", 1 + i % 12);

      q.limit = 101;
      q.offset = i % 2 ? 1000 + i * 37 : 0;
      q.assignee = WB_ASSIGNEE_FILTER_USER;
      q.assignee_id = 1 + i;
      if (q.offset == 0)
        {
          q.after_value = after;
          q.after_id = 100 + i;
        }
      g_assert_true (wb_store_cases_list (conn, &q, &cases, &error));
      g_assert_no_error (error);
      g_assert_true (wb_store_cases_count (conn, &q, &total, &error));
      g_assert_no_error (error);
      g_assert_cmpint (total, ==, 0);
      if (i == 1)
        after_first = wb_db_n_cached (conn);
    }

  /* Two texts for the list (with and without an offset) and one count:
   * 200 requests with 200 users, offsets and cursors added nothing. */
  g_assert_cmpuint (wb_db_n_cached (conn), ==, after_first);

  wb_db_release (db, conn);
  wb_db_close (db);
  wb_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/store/list-text-is-stable", test_list_text_is_stable);
  return g_test_run ();
}
