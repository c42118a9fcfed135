/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>

#include "endpoint.h"
#include "error.h"
#include "setting_names.h"

#include <cstring>
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

/* Checks that @error is a settings error about @setting, whose message
 * starts by naming it. */
void
check_about (const GError *error, geti::Setting setting)
{
  ck_assert_ptr_nonnull (error);
  ck_assert (g_error_matches (error, GETI_ERROR, geti::ERROR_SETTINGS));
  ck_assert_msg (geti::error_setting (error) == setting, "%s: about %d",
      error->message, static_cast<int> (geti::error_setting (error)));
  for (geti::Setting any : ALL_SETTINGS)
    ck_assert_msg (!strstr (error->message, quoted_property (any)),
        "%s names a property", error->message);
  ck_assert_msg (
      g_str_has_prefix (error->message, geti::setting_name (setting)),
      "\"%s\" does not start with %s", error->message,
      geti::setting_name (setting));
}

/* Validates @e, expecting a settings error about @setting. */
void
expect_settings_error (geti::Endpoint e, geti::Setting setting)
{
  GError *error = nullptr;
  ck_assert (!geti::endpoint_validate (e, &error));
  check_about (error, setting);
  g_error_free (error);
}

} // namespace

/* Test that a valid endpoint builds the documented predict, explain and
 * project URLs. */
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
  const std::string explain_url = e.explain_url ();
  ck_assert_str_eq (explain_url.c_str (),
      "https://geti.example.com/api/v1/organizations/"
      "5b1f89f3-aba5-4a5f-84ab-de9abb8e0633/workspaces/"
      "8f6a6f2c-3f4b-4b5e-9d3c-1a2b3c4d5e6f/projects/"
      "62946c61003ddb3967f14751/pipelines/active:explain");

  e.pipeline = "62946c61003ddb3967f14752";
  ck_assert (geti::endpoint_validate (e, nullptr));
  const std::string task_url = e.predict_url ();
  ck_assert (g_str_has_suffix (
      task_url.c_str (), "/pipelines/62946c61003ddb3967f14752:predict"));
  const std::string task_explain_url = e.explain_url ();
  const std::string task_explain_expected =
      project_url + "/pipelines/62946c61003ddb3967f14752:explain";
  ck_assert_str_eq (task_explain_url.c_str (), task_explain_expected.c_str ());
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
  const char *bad_servers[] = { "", "geti.example.com",
    "ftp://geti.example.com", "https://", "https://geti.example.com/some/path",
    "https://geti.example.com/?q=1", "https://user:pw@geti.example.com",
    "not a url", "http://127.0.0.1:0", "https://geti.example.com:0/" };
  for (const char *server : bad_servers) {
    geti::Endpoint e = valid_endpoint ();
    e.server = server;
    expect_settings_error (e, geti::Setting::server);
  }

  const char *bad_uuids[] = { "", "5b1f89f3aba54a5f84abde9abb8e0633",
    "5b1f89f3-aba5-4a5f-84ab-de9abb8e063",
    "5b1f89f3-aba5-4a5f-84ab-de9abb8e063g", "000000000000000000000001",
    "5b1f89f3_aba5_4a5f_84ab_de9abb8e0633" };
  for (const char *id : bad_uuids) {
    geti::Endpoint e = valid_endpoint ();
    e.organization_id = id;
    expect_settings_error (e, geti::Setting::organization_id);
    e = valid_endpoint ();
    e.workspace_id = id;
    expect_settings_error (e, geti::Setting::workspace_id);
  }

  const char *bad_projects[] = { "", "62946c61003ddb3967f1475",
    "62946c61003ddb3967f147511", "62946c61003ddb3967f1475z", kOrg };
  for (const char *id : bad_projects) {
    geti::Endpoint e = valid_endpoint ();
    e.project_id = id;
    expect_settings_error (e, geti::Setting::project_id);
  }

  const char *bad_pipelines[] = { "Active", "latest", "62946c61003ddb3967f1475",
    "active:predict" };
  for (const char *pipeline : bad_pipelines) {
    geti::Endpoint e = valid_endpoint ();
    e.pipeline = pipeline;
    expect_settings_error (e, geti::Setting::pipeline);
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

/* Test that every web-UI address inside a project, and its REST address,
 * gives the server and the three ids. */
START_TEST (test_project_url_forms)
{
  const std::string ids = std::string ("/organizations/") + kOrg +
                          "/workspaces/" + kWorkspace + "/projects/" + kProject;
  const struct {
    std::string url;
    const char *server;
  } cases[] = {
    { "https://geti.example.com" + ids, "https://geti.example.com" },
    { "https://geti.example.com" + ids + "/", "https://geti.example.com" },
    { "https://geti.example.com" + ids +
            "/datasets/62946c61003ddb3967f14750/media",
        "https://geti.example.com" },
    { "https://geti.example.com" + ids +
            "/datasets/62946c61003ddb3967f14750/annotator/image/"
            "62946c61003ddb3967f14759",
        "https://geti.example.com" },
    { "https://geti.example.com" + ids +
            "/models/62946c61003ddb3967f14754/62946c61003ddb3967f14755",
        "https://geti.example.com" },
    { "https://geti.example.com" + ids + "/tests/live-prediction",
        "https://geti.example.com" },
    { "https://geti.example.com" + ids + "/deployments",
        "https://geti.example.com" },
    { "https://geti.example.com" + ids + "/labels?tab=1#top",
        "https://geti.example.com" },
    { "https://geti.example.com" + ids + "?active=1",
        "https://geti.example.com" },
    { "https://geti.example.com/api/v1" + ids, "https://geti.example.com" },
    { "https://geti.example.com/api/v1" + ids + "/pipelines/active:predict",
        "https://geti.example.com" },
    { "http://10.0.0.5:8080" + ids + "/deployments", "http://10.0.0.5:8080" },
    { "HTTPS://Geti.Example.COM:443" + ids, "https://geti.example.com:443" },
    { "http://[::1]:9000" + ids + "/", "http://[::1]:9000" },
    { "http://[fd00::a:b]" + ids, "http://[fd00::a:b]" },
    { "https://geti.example.com//organizations/" + std::string (kOrg) +
            "//workspaces/" + kWorkspace + "/projects/" + kProject + "//",
        "https://geti.example.com" },
  };
  for (const auto &c : cases) {
    geti::Endpoint e;
    e.pipeline = "62946c61003ddb3967f14752";
    GError *error = nullptr;
    ck_assert_msg (geti::endpoint_from_project_url (c.url, e, &error),
        "%s refused: %s", c.url.c_str (), error ? error->message : "?");
    ck_assert_ptr_null (error);
    ck_assert_str_eq (e.server.c_str (), c.server);
    ck_assert_str_eq (e.organization_id.c_str (), kOrg);
    ck_assert_str_eq (e.workspace_id.c_str (), kWorkspace);
    ck_assert_str_eq (e.project_id.c_str (), kProject);
    /* the pipeline is not part of the address */
    ck_assert_str_eq (e.pipeline.c_str (), "62946c61003ddb3967f14752");
    /* and the result is a valid endpoint, unchanged by validation */
    const std::string server = e.server;
    ck_assert (geti::endpoint_validate (e, nullptr));
    ck_assert_str_eq (e.server.c_str (), server.c_str ());
  }
}
END_TEST

/* Test that malformed project addresses are refused with a settings error
 * that names "project-url", shows the expected pattern and says what is
 * wrong, and that the endpoint is then left as it was. */
START_TEST (test_project_url_bad)
{
  const std::string org = std::string ("/organizations/") + kOrg;
  const std::string ws = org + "/workspaces/" + kWorkspace;
  const std::string ids = ws + "/projects/" + kProject;
  const struct {
    std::string url;
    const char *says; /* a part of the message */
  } cases[] = {
    { "", "empty" },
    { "not a url", "not an http(s) URL" },
    { "geti.example.com" + ids, "not an http(s) URL" },
    { "ftp://geti.example.com" + ids, "not an http(s) URL" },
    { "file:///organizations/x", "not an http(s) URL" },
    { "https://" + ids, "not an http(s) URL" },
    { "https://geti.example.com", "does not start with" },
    { "https://geti.example.com/", "does not start with" },
    { "https://geti.example.com" + org, "does not start with" },
    { "https://geti.example.com" + org + "/workspaces", "names no project" },
    { "https://geti.example.com" + ws, "names no project" },
    { "https://geti.example.com" + ws + "/projects", "names no project" },
    { "https://geti.example.com" + ws + "/projects/", "names no project" },
    { "https://geti.example.com" + ws + "/users", "names no project" },
    { "https://geti.example.com/geti" + ids, "does not start with" },
    { "https://geti.example.com/api/v2" + ids, "does not start with" },
    { "https://geti.example.com/workspaces/" + std::string (kWorkspace) +
            "/projects/" + kProject,
        "does not start with" },
    { "https://geti.example.com/organizations/not-a-uuid/workspaces/" +
            std::string (kWorkspace) + "/projects/" + kProject,
        "organization id \"not-a-uuid\" is not a UUID" },
    { "https://geti.example.com" + org + "/workspaces/" +
            "8f6a6f2c3f4b4b5e9d3c1a2b3c4d5e6f/projects/" + kProject,
        "workspace id \"8f6a6f2c3f4b4b5e9d3c1a2b3c4d5e6f\" is not a UUID" },
    { "https://geti.example.com" + ws + "/projects/62946c61003ddb3967f1475",
        "project id \"62946c61003ddb3967f1475\" is not 24 hex digits" },
    { "https://geti.example.com" + ws + "/projects/62946c61003ddb3967f1475g",
        "is not 24 hex digits" },
    { "https://geti.example.com" + ws + "/projects/62946c61003ddb3967f1%2F51",
        "is not 24 hex digits" },
    { "https://user:secret@geti.example.com" + ids, "user name or password" },
    { "http://127.0.0.1:0" + ids, "port 0" },
  };
  for (const auto &c : cases) {
    geti::Endpoint e = valid_endpoint ();
    GError *error = nullptr;
    ck_assert_msg (!geti::endpoint_from_project_url (c.url, e, &error),
        "%s accepted", c.url.c_str ());
    check_about (error, geti::Setting::project_url);
    const std::string message = error->message;
    ck_assert_msg (message.find ("/organizations/{organization-id}/workspaces/"
                                 "{workspace-id}/projects/{project-id}") !=
                       std::string::npos,
        "%s: no pattern", error->message);
    ck_assert_msg (message.find (c.says) != std::string::npos,
        "\"%s\" does not say \"%s\"", error->message, c.says);
    /* a password is never repeated */
    ck_assert_msg (
        message.find ("secret") == std::string::npos, "%s", error->message);
    g_error_free (error);

    const geti::Endpoint untouched = valid_endpoint ();
    ck_assert_str_eq (e.server.c_str (), untouched.server.c_str ());
    ck_assert_str_eq (e.organization_id.c_str (), kOrg);
    ck_assert_str_eq (e.project_id.c_str (), kProject);
  }
}
END_TEST

/* Test that partial validation allows missing ids but checks the server
 * and every id that is set. */
START_TEST (test_validate_partial)
{
  geti::Endpoint e;
  e.server = "https://geti.example.com/api/v1/";
  GError *error = nullptr;
  ck_assert (geti::endpoint_validate_partial (e, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (e.server.c_str (), "https://geti.example.com");
  ck_assert_str_eq (e.pipeline.c_str (), "active");
  /* but the full check still wants every id */
  ck_assert (!geti::endpoint_validate (e, nullptr));

  e.workspace_id = kWorkspace;
  ck_assert (geti::endpoint_validate_partial (e, nullptr));

  const struct {
    const char *field;
    geti::Setting setting;
  } fields[] = { { "server", geti::Setting::server },
    { "org", geti::Setting::organization_id },
    { "ws", geti::Setting::workspace_id },
    { "project", geti::Setting::project_id },
    { "pipeline", geti::Setting::pipeline } };
  for (const auto &f : fields) {
    geti::Endpoint bad;
    bad.server = "https://geti.example.com";
    const std::string field = f.field;
    if (field == "server")
      bad.server = "geti.example.com";
    else if (field == "org")
      bad.organization_id = "x";
    else if (field == "ws")
      bad.workspace_id = kProject;
    else if (field == "project")
      bad.project_id = kOrg;
    else
      bad.pipeline = "latest";
    ck_assert (!geti::endpoint_validate_partial (bad, &error));
    check_about (error, f.setting);
    g_clear_error (&error);
  }
}
END_TEST

/* Test that a caller can show a settings error with its own names for the
 * settings, every place the message names one, after g_prefix_error () and
 * g_error_copy () too; and that other errors are about no setting. */
START_TEST (test_error_naming)
{
  geti::Endpoint e = valid_endpoint ();
  e.server = "https://geti.example.com/some/path";
  GError *error = nullptr;
  ck_assert (!geti::endpoint_validate (e, &error));
  g_autofree char *named = geti::error_message_naming (error, quoted_property);
  ck_assert_str_eq (named,
      "\"server\" is \"https://geti.example.com/some/path\": expected "
      "http(s)://host[:port] without a path (the element adds /api/v1/...); "
      "to paste a web-UI address use \"project-url\"");

  g_prefix_error (&error, "starting: ");
  GError *copy = g_error_copy (error);
  g_clear_error (&error);
  ck_assert (geti::error_setting (copy) == geti::Setting::server);
  g_autofree char *prefixed =
      geti::error_message_naming (copy, quoted_property);
  ck_assert (g_str_has_prefix (prefixed, "starting: \"server\" is \""));
  ck_assert (g_str_has_suffix (prefixed, "use \"project-url\""));
  g_error_free (copy);

  /* a name inside the problem with the project's address */
  ck_assert (!geti::endpoint_from_project_url (
      std::string ("https://user:secret@geti.example.com/organizations/") +
          kOrg + "/workspaces/" + kWorkspace + "/projects/" + kProject,
      e, &error));
  g_autofree char *url_named =
      geti::error_message_naming (error, quoted_property);
  ck_assert_msg (g_str_has_prefix (url_named, "\"project-url\" is \"") &&
                     strstr (url_named, "(the API key goes in \"api-key\")"),
      "%s", url_named);
  g_clear_error (&error);

  GError *other = g_error_new_literal (GETI_ERROR, geti::ERROR_NETWORK, "x");
  ck_assert (geti::error_setting (other) == geti::Setting::none);
  g_autofree char *same = geti::error_message_naming (other, quoted_property);
  ck_assert_str_eq (same, "x");
  g_error_free (other);
  ck_assert (geti::error_setting (nullptr) == geti::Setting::none);
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
  tcase_add_test (tc, test_project_url_forms);
  tcase_add_test (tc, test_project_url_bad);
  tcase_add_test (tc, test_validate_partial);
  tcase_add_test (tc, test_error_naming);
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
