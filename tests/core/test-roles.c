/* test-roles.c: staff roles and separation of duties
 *
 * The expected names, labels and forbidden pairs are written out from
 * REQUIREMENTS.md "Who uses it" (standard 6.3, plus the GB/T 22239 auditor).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-roles.h"
#include "wb-error.h"

static const struct {
  WbRole      role;
  const char *name;
  const char *label;
} expected_roles[] = {
  { WB_ROLE_SYSADMIN,     "sysadmin",     "系统管理员" },
  { WB_ROLE_BIZADMIN,     "bizadmin",     "业务管理员" },
  { WB_ROLE_HANDLER,      "handler",      "事项办理员" },
  { WB_ROLE_VIEWER,       "viewer",       "办件查看员" },
  { WB_ROLE_STATISTICIAN, "statistician", "事项统计员" },
  { WB_ROLE_ANNOUNCER,    "announcer",    "公告管理员" },
  { WB_ROLE_COMPLAINT,    "complaint",    "投诉处理员" },
  { WB_ROLE_AUDITOR,      "auditor",      "审计管理员" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (expected_roles) == WB_N_ROLES);

#define ALL_ROLES ((WbRoles) ((1u << WB_N_ROLES) - 1))

static const struct {
  WbRole a;
  WbRole b;
} forbidden[] = {
  { WB_ROLE_VIEWER, WB_ROLE_HANDLER },
  { WB_ROLE_COMPLAINT, WB_ROLE_HANDLER },
  { WB_ROLE_SYSADMIN, WB_ROLE_AUDITOR },
};

static guint
count_roles (WbRoles set)
{
  guint n = 0;

  for (; set != 0; set &= set - 1)
    n++;
  return n;
}

static gboolean
has_forbidden_pair (WbRoles set)
{
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if ((set & forbidden[i].a) && (set & forbidden[i].b))
      return TRUE;
  return FALSE;
}

static WbRoles
parse_ok (const char *list)
{
  g_autoptr(GError) error = NULL;
  WbRoles set = 0xdead;
  gboolean ok = wb_roles_parse (list, &set, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  return set;
}

static void
assert_valid (WbRoles set)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_roles_validate (set, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
assert_invalid (WbRoles set,
                int     code)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = wb_roles_validate (set, &error);

  g_assert_error (error, WB_ERROR, code);
  g_assert_false (ok);
}

static void
test_names (void)
{
  WbRoles seen = 0;

  for (guint i = 0; i < WB_N_ROLES; i++)
    {
      WbRole role = expected_roles[i].role;
      WbRole parsed = 0;

      g_assert_cmpstr (wb_role_to_string (role), ==, expected_roles[i].name);
      g_assert_true (wb_role_from_string (expected_roles[i].name, &parsed));
      g_assert_cmpuint (parsed, ==, role);

      /* wb_role_nth walks all eight, each once. */
      g_assert_cmpuint (count_roles (wb_role_nth (i)), ==, 1);
      g_assert_false (seen & wb_role_nth (i));
      seen |= wb_role_nth (i);
    }
  g_assert_cmphex (seen, ==, ALL_ROLES);
}

static void
test_unknown_name (void)
{
  static const char *unknown[] = {
    NULL, "", " ", "root", "admin", "Handler", "HANDLER", "handlers",
    "事项办理员", "sys-admin", "handler,viewer",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      WbRole parsed = WB_ROLE_ANNOUNCER;

      g_assert_false (wb_role_from_string (unknown[i], &parsed));
      g_assert_cmpuint (parsed, ==, WB_ROLE_ANNOUNCER);
    }
}

static void
test_labels (void)
{
  for (guint i = 0; i < WB_N_ROLES; i++)
    {
      const char *label = wb_role_label_zh (expected_roles[i].role);

      g_assert_nonnull (label);
      g_assert_true (g_utf8_validate (label, -1, NULL));
      g_assert_cmpstr (label, ==, expected_roles[i].label);
    }
}

static void
test_round_trip (void)
{
  /* Every one of the 256 sets survives format → parse. */
  for (WbRoles set = 0; set <= ALL_ROLES; set++)
    {
      g_autofree char *text = wb_roles_to_string (set);
      g_auto(GStrv) names = g_strsplit (text, ",", -1);
      guint n = 0;

      g_assert_nonnull (text);
      g_assert_cmphex (parse_ok (text), ==, set);

      /* Each member named once, and nothing else. */
      for (; names[n] != NULL; n++)
        {
          WbRole role = 0;

          g_assert_true (wb_role_from_string (names[n], &role));
          g_assert_true (set & role);
        }
      g_assert_cmpuint (n, ==, count_roles (set));
    }
}

static void
test_parse (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_cmphex (parse_ok ("handler"), ==, WB_ROLE_HANDLER);
  g_assert_cmphex (parse_ok ("bizadmin,statistician"), ==, WB_ROLE_BIZADMIN | WB_ROLE_STATISTICIAN);
  /* As typed into a form or a config file. */
  g_assert_cmphex (parse_ok (" announcer , auditor "), ==, WB_ROLE_ANNOUNCER | WB_ROLE_AUDITOR);
  g_assert_cmphex (parse_ok ("handler,handler"), ==, WB_ROLE_HANDLER);
  g_assert_cmphex (parse_ok ("sysadmin,bizadmin,handler,viewer,statistician,announcer,complaint,auditor"),
                   ==, ALL_ROLES);

  /* Parsing checks names only; separation of duties is validate's job. */
  g_assert_cmphex (parse_ok ("viewer,handler"), ==, WB_ROLE_VIEWER | WB_ROLE_HANDLER);

  /* Nothing listed parses to the empty set, which validate then refuses. */
  g_assert_cmphex (parse_ok (""), ==, 0);
  g_assert_cmphex (parse_ok (NULL), ==, 0);

  /* The written form does not depend on the order given. */
  a = wb_roles_to_string (parse_ok ("viewer,sysadmin,statistician"));
  b = wb_roles_to_string (parse_ok ("statistician,viewer,sysadmin"));
  g_assert_cmpstr (a, ==, b);
}

static void
test_parse_unknown (void)
{
  static const char *bad[] = {
    "root",
    "Handler",
    "handler,root",
    "root,handler",
    "handler;viewer",
    "handler viewer",
    "handler,",
    ",handler",
    "handler,,viewer",
    "事项办理员",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      WbRoles set = 0;

      g_test_message ("parse “%s”", bad[i]);
      g_assert_false (wb_roles_parse (bad[i], &set, &error));
      g_assert_error (error, WB_ERROR, WB_ERROR_INVALID);
    }
}

static void
test_validate_empty (void)
{
  assert_invalid (0, WB_ERROR_INVALID);
  assert_invalid (parse_ok (""), WB_ERROR_INVALID);
}

static void
test_validate_single (void)
{
  for (guint i = 0; i < WB_N_ROLES; i++)
    assert_valid (expected_roles[i].role);
}

static void
test_validate_forbidden_pairs (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (forbidden); f++)
    {
      WbRoles pair = forbidden[f].a | forbidden[f].b;
      WbRoles rest = ALL_ROLES & ~pair;

      assert_invalid (pair, WB_ERROR_UNPROCESSABLE);

      /* Still refused with any other roles added: every superset. */
      for (WbRoles extra = 0; extra <= ALL_ROLES; extra++)
        if ((extra & ~rest) == 0)
          assert_invalid (pair | extra, WB_ERROR_UNPROCESSABLE);
    }

  /* As they would arrive from the admin form. */
  assert_invalid (parse_ok ("statistician,viewer,announcer,handler"), WB_ERROR_UNPROCESSABLE);
  assert_invalid (parse_ok ("handler,bizadmin,complaint"), WB_ERROR_UNPROCESSABLE);
  assert_invalid (parse_ok ("bizadmin,auditor,announcer,sysadmin"), WB_ERROR_UNPROCESSABLE);
  assert_invalid (ALL_ROLES, WB_ERROR_UNPROCESSABLE);
}

static gboolean
is_forbidden (WbRole a,
              WbRole b)
{
  for (guint f = 0; f < G_N_ELEMENTS (forbidden); f++)
    if ((forbidden[f].a == a && forbidden[f].b == b) ||
        (forbidden[f].a == b && forbidden[f].b == a))
      return TRUE;
  return FALSE;
}

static void
test_validate_all_pairs (void)
{
  guint pairs = 0;
  guint refused = 0;

  for (guint i = 0; i < WB_N_ROLES; i++)
    for (guint j = i + 1; j < WB_N_ROLES; j++)
      {
        WbRole a = expected_roles[i].role;
        WbRole b = expected_roles[j].role;

        g_test_message ("%s + %s", expected_roles[i].name, expected_roles[j].name);
        if (is_forbidden (a, b))
          {
            assert_invalid (a | b, WB_ERROR_UNPROCESSABLE);
            refused++;
          }
        else
          assert_valid (a | b);
        pairs++;
      }

  g_assert_cmpuint (pairs, ==, 28);
  g_assert_cmpuint (refused, ==, 3);
}

static void
test_validate_every_set (void)
{
  for (WbRoles set = 1; set <= ALL_ROLES; set++)
    {
      if (has_forbidden_pair (set))
        assert_invalid (set, WB_ERROR_UNPROCESSABLE);
      else
        assert_valid (set);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roles/names", test_names);
  g_test_add_func ("/roles/unknown-name", test_unknown_name);
  g_test_add_func ("/roles/labels", test_labels);
  g_test_add_func ("/roles/round-trip", test_round_trip);
  g_test_add_func ("/roles/parse", test_parse);
  g_test_add_func ("/roles/parse-unknown", test_parse_unknown);
  g_test_add_func ("/roles/validate/empty", test_validate_empty);
  g_test_add_func ("/roles/validate/single", test_validate_single);
  g_test_add_func ("/roles/validate/forbidden-pairs", test_validate_forbidden_pairs);
  g_test_add_func ("/roles/validate/all-pairs", test_validate_all_pairs);
  g_test_add_func ("/roles/validate/every-set", test_validate_every_set);

  return g_test_run ();
}
