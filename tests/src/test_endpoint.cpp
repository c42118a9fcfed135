/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>

#include "endpoint.h"
#include "error.h"

#include <string>

namespace {

constexpr const char *kOrg = "5b1f89f3-aba5-4a5f-84ab-de9abb8e0633";
constexpr const char *kWorkspace = "8f6a6f2c-3f4b-4b5e-9d3c-1a2b3c4d5e6f";
constexpr const char *kProject = "62946c61003ddb3967f14751";

geti::Endpoint
valid_endpoint ()
{
  geti::Endpoint e;
  e.server = "https://geti.example.com";
  e.organization_id = kOrg;
  e.workspace_id = kWorkspace;
  e.project_id = kProject;
  return e;
}

/* Validates @e, expecting a settings error whose message names @property. */
void
expect_settings_error (geti::Endpoint e, const char *property)
{
  GError *error = nullptr;
  ck_assert (!geti::endpoint_validate (e, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert (g_error_matches (error, GETI_ERROR, geti::ERROR_SETTINGS));
  const std::string quoted = std::string ("\"") + property + "\"";
  ck_assert_msg (std::string (error->message).find (quoted) != std::string::npos,
      "\"%s\" does not name %s", error->message, quoted.c_str ());
  g_error_free (error);
}

} // namespace

/* Test that a valid endpoint builds the documented predict and project URLs. */
START_TEST (test_urls)
{
  geti::Endpoint e = valid_endpoint ();
  GError *error = nullptr;
  ck_assert (geti::endpoint_validate (e, &error));
  ck_assert_ptr_null (error);
  const std::string predict_url = e.predict_url ();
  const std::string project_url = e.project_url ();
  ck_assert_str_eq (predict_url.c_str (),
      "https://geti.example.com/api/v1/organizations/"
      "5b1f89f3-aba5-4a5f-84ab-de9abb8e0633/workspaces/"
      "8f6a6f2c-3f4b-4b5e-9d3c-1a2b3c4d5e6f/projects/"
      "62946c61003ddb3967f14751/pipelines/active:predict");
  ck_assert_str_eq (project_url.c_str (),
      "https://geti.example.com/api/v1/organizations/"
      "5b1f89f3-aba5-4a5f-84ab-de9abb8e0633/workspaces/"
      "8f6a6f2c-3f4b-4b5e-9d3c-1a2b3c4d5e6f/projects/"
      "62946c61003ddb3967f14751");

  e.pipeline = "62946c61003ddb3967f14752";
  ck_assert (geti::endpoint_validate (e, nullptr));
  const std::string task_url = e.predict_url ();
  ck_assert (g_str_has_suffix (task_url.c_str (),
      "/pipelines/62946c61003ddb3967f14752:predict"));
}
END_TEST

/* Test that the server setting is reduced to scheme://host[:port]. */
START_TEST (test_server_normalized)
{
  const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "https://geti.example.com/", "https://geti.example.com" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "HTTP://Geti.Example.com:443//", "http://geti.example.com:443" },
    { "https://geti.example.com/api/v1", "https://geti.example.com" },
    { "https://geti.example.com/api/v1/", "https://geti.example.com" },
    { "http://[::1]:9000", "http://[::1]:9000" },
  };
  for (const auto &c : cases) {
    geti::Endpoint e = valid_endpoint ();
    e.server = c.in;
    ck_assert_msg (geti::endpoint_validate (e, nullptr), "%s refused", c.in);
    ck_assert_str_eq (e.server.c_str (), c.out);
  }
}
END_TEST

/* Test that each malformed setting is refused with a message naming it. */
START_TEST (test_bad_settings)
{
  const char *bad_servers[] = { "", "geti.example.com", "ftp://geti.example.com",
    "https://", "https://geti.example.com/some/path",
    "https://geti.example.com/?q=1", "https://user:pw@geti.example.com",
    "not a url" };
  for (const char *server : bad_servers) {
    geti::Endpoint e = valid_endpoint ();
    e.server = server;
    expect_settings_error (e, "server");
  }

  const char *bad_uuids[] = { "", "5b1f89f3aba54a5f84abde9abb8e0633",
    "5b1f89f3-aba5-4a5f-84ab-de9abb8e063", "5b1f89f3-aba5-4a5f-84ab-de9abb8e063g",
    "000000000000000000000001", "5b1f89f3_aba5_4a5f_84ab_de9abb8e0633" };
  for (const char *id : bad_uuids) {
    geti::Endpoint e = valid_endpoint ();
    e.organization_id = id;
    expect_settings_error (e, "organization-id");
    e = valid_endpoint ();
    e.workspace_id = id;
    expect_settings_error (e, "workspace-id");
  }

  const char *bad_projects[] = { "", "62946c61003ddb3967f1475",
    "62946c61003ddb3967f147511", "62946c61003ddb3967f1475z", kOrg };
  for (const char *id : bad_projects) {
    geti::Endpoint e = valid_endpoint ();
    e.project_id = id;
    expect_settings_error (e, "project-id");
  }

  const char *bad_pipelines[] = { "Active", "latest", "62946c61003ddb3967f1475",
    "active:predict" };
  for (const char *pipeline : bad_pipelines) {
    geti::Endpoint e = valid_endpoint ();
    e.pipeline = pipeline;
    expect_settings_error (e, "pipeline");
  }
}
END_TEST

/* Test the id syntax checks on their own. */
START_TEST (test_id_checks)
{
  ck_assert (geti::is_uuid ("5b1f89f3-aba5-4a5f-84ab-de9abb8e0633"));
  ck_assert (geti::is_uuid ("5B1F89F3-ABA5-4A5F-84AB-DE9ABB8E0633"));
  ck_assert (!geti::is_uuid ("5b1f89f3-aba5-4a5f-84ab-de9abb8e06330"));
  ck_assert (!geti::is_uuid ("5b1f89f3-aba5-4a5f-84abde9-abb8e0633"));
  ck_assert (geti::is_object_id ("62946c61003ddb3967f14751"));
  ck_assert (geti::is_object_id ("62946C61003DDB3967F14751"));
  ck_assert (!geti::is_object_id ("62946c61003ddb3967f1475"));
  ck_assert (!geti::is_object_id (""));
}
END_TEST

static Suite *
endpoint_suite ()
{
  Suite *s = suite_create ("endpoint");
  TCase *tc = tcase_create ("general");
  tcase_add_test (tc, test_urls);
  tcase_add_test (tc, test_server_normalized);
  tcase_add_test (tc, test_bad_settings);
  tcase_add_test (tc, test_id_checks);
  suite_add_tcase (s, tc);
  return s;
}

int
main ()
{
  SRunner *runner = srunner_create (endpoint_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
