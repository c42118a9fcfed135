/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Project discovery (src/discovery.h): the answers of the listing
 * endpoints, the paging of the project list, finding the organization,
 * workspace and project against the fake Geti server, fetching the project
 * of each kind and checking the pipeline setting. */

#include <check.h>
#include <turbojpeg.h>

#include "client.h"
#include "discovery.h"
#include "error.h"
#include "fake_geti_server.h"
#include "setting_names.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

using geti::fake::NamedId;
using geti::fake::OrganizationForm;
using geti::fake::ProjectKind;
using geti::fake::Server;
using geti::fake::ServerOptions;
namespace fake = geti::fake;

namespace {

constexpr char kOtherWorkspace[] = "11111111-2222-4333-8444-555555555555";
constexpr char kThirdWorkspace[] = "21111111-2222-4333-8444-555555555555";

std::unique_ptr<Server>
start_server (const ServerOptions &options = ServerOptions ())
{
  GError *error = nullptr;
  auto server = Server::start (options, &error);
  ck_assert_msg (
      server != nullptr, "fake server: %s", error ? error->message : "?");
  return server;
}

std::unique_ptr<geti::Client>
make_client (const std::string &key = fake::DEFAULT_API_KEY)
{
  geti::ClientConfig config;
  config.api_key = key;
  GError *error = nullptr;
  auto client = geti::Client::create (config, &error);
  ck_assert_msg (client != nullptr, "%s", error ? error->message : "?");
  return client;
}

/* Only the server set, as a user gives it with project-name */
geti::Endpoint
server_only (const Server &server)
{
  geti::Endpoint e;
  e.server = server.url ();
  return e;
}

/* Everything set but the project */
geti::Endpoint
workspace_of (const Server &server)
{
  geti::Endpoint e = server_only (server);
  e.organization_id = server.options ().organization_id;
  e.workspace_id = server.options ().workspace_id;
  return e;
}

geti::Endpoint
endpoint_of (const Server &server)
{
  geti::Endpoint e = workspace_of (server);
  e.project_id = server.options ().project_id;
  return e;
}

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

/* Checks that @error is GETI_ERROR/@code and that its message has every
 * one of @parts; frees it. */
void
expect_error (GError *&error, int code, std::vector<std::string> parts,
    geti::Setting about = geti::Setting::none)
{
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (error->domain == GETI_ERROR && error->code == code,
      "expected code %d, got %s %d: %s", code,
      g_quark_to_string (error->domain), error->code, error->message);
  ck_assert_msg (
      about == geti::Setting::none || geti::error_setting (error) == about,
      "%s: about %d, not %d", error->message,
      static_cast<int> (geti::error_setting (error)), static_cast<int> (about));
  /* the core's text names no property; the parts are of the text an
   * element's user reads, with the settings named as its properties */
  for (geti::Setting setting : ALL_SETTINGS)
    ck_assert_msg (!contains (error->message, quoted_property (setting)),
        "%s names a property", error->message);
  g_autofree char *named = geti::error_message_naming (error, quoted_property);
  for (const std::string &part : parts)
    ck_assert_msg (
        contains (named, part), "\"%s\" lacks \"%s\"", named, part.c_str ());
  /* the API key never shows */
  ck_assert (!contains (error->message, fake::DEFAULT_API_KEY));
  g_clear_error (&error);
}

/* The queries of the project list GETs the server saw */
std::vector<std::string>
project_list_queries (const Server &server)
{
  std::vector<std::string> queries;
  for (const auto &request : server.requests ()) {
    if (g_str_has_suffix (request.path.c_str (), "/projects"))
      queries.push_back (request.query);
  }
  return queries;
}

/* A 160x120 gray JPEG, black with white squares {x, y, size}. */
std::vector<guint8>
squares_jpeg (const std::vector<std::array<int, 3>> &squares)
{
  const int w = 160, h = 120;
  std::vector<guint8> pixels (w * h, 0);
  for (const auto &s : squares)
    for (int y = s[1]; y < s[1] + s[2]; y++)
      for (int x = s[0]; x < s[0] + s[2]; x++)
        pixels[y * w + x] = 255;
  tjhandle tj = tjInitCompress ();
  unsigned char *jpeg = nullptr;
  unsigned long size = 0;
  ck_assert_int_eq (tjCompress2 (tj, pixels.data (), w, w, h, TJPF_GRAY, &jpeg,
                        &size, TJSAMP_GRAY, 95, 0),
      0);
  std::vector<guint8> out (jpeg, jpeg + size);
  tjFree (jpeg);
  tjDestroy (tj);
  return out;
}

} // namespace

/* ---------------------------------------------------------------------- */
/* Parsing the listing answers                                            */

/* Test that both forms of the organization answer are read, the earliest
 * created organization chosen from several like the Geti SDK, and that
 * malformed answers are parse errors. */
START_TEST (test_parse_organization)
{
  const char *org = "c5d3a5b2-8f4e-4b7a-9c1d-2e3f4a5b6c7d";
  const char *other = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  std::string id;
  GError *error = nullptr;

  ck_assert (geti::parse_organization (
      std::string ("{\"organizationId\": \"") + org + "\"}", id, &error));
  ck_assert_str_eq (id.c_str (), org);

  ck_assert (geti::parse_organization (
      std::string ("{\"organizations\": [{\"organizationId\": \"") + org +
          "\"}]}",
      id = "", &error));
  ck_assert_str_eq (id.c_str (), org);

  /* the earliest created, wherever it is listed */
  const std::string both =
      std::string ("{\"organizations\": [") + "{\"organizationId\": \"" +
      other + "\", \"organizationCreatedAt\": \"2025-11-20T16:45:00Z\"}," +
      "{\"organizationId\": \"" + org +
      "\", \"organizationCreatedAt\": \"2025-06-01T08:00:00.123Z\"}," +
      "{\"organizationId\": \"" + other +
      "\", \"organizationCreatedAt\": \"2025-06-01T09:00:00+00:00\"}]}";
  ck_assert (geti::parse_organization (both, id = "", &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (id.c_str (), org);

  const struct {
    const char *body;
    int code;
    const char *says;
  } bad[] = {
    { "", geti::ERROR_PARSE, "empty" },
    { "[]", geti::ERROR_PARSE, "expected an object" },
    { "{}", geti::ERROR_PARSE, "\"organizationId\" or \"organizations\"" },
    { "{\"organizationId\": 5}", geti::ERROR_PARSE, "organizationId" },
    { "{\"organizationId\": \"000000000000000000000001\"}", geti::ERROR_PARSE,
        "not a UUID" },
    { "{\"organizations\": []}", geti::ERROR_NOT_FOUND, "no organization" },
    { "{\"organizations\": [5]}", geti::ERROR_PARSE, "organizations[0]" },
    { "{\"organizations\": [{\"organizationId\": "
      "\"c5d3a5b2-8f4e-4b7a-9c1d-2e3f4a5b6c7d\"}, {\"organizationId\": "
      "\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\"}]}",
        geti::ERROR_PARSE, "organizations[0].organizationCreatedAt" },
    { "{\"organizations\": [{\"organizationId\": "
      "\"c5d3a5b2-8f4e-4b7a-9c1d-2e3f4a5b6c7d\", \"organizationCreatedAt\": "
      "\"2025-06-01T08:00:00Z\"}, {\"organizationId\": "
      "\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\", \"organizationCreatedAt\": "
      "\"yesterday\"}]}",
        geti::ERROR_PARSE, "organizations[1].organizationCreatedAt" },
  };
  for (const auto &b : bad) {
    id = "unchanged";
    ck_assert_msg (
        !geti::parse_organization (b.body, id, &error), "%s", b.body);
    expect_error (error, b.code, { b.says });
    ck_assert_str_eq (id.c_str (), "unchanged");
  }
}
END_TEST

/* Test that workspace lists are read, with the name optional, and that
 * malformed ones are parse errors naming the bad member. */
START_TEST (test_parse_workspaces)
{
  std::vector<geti::WorkspaceSummary> workspaces;
  GError *error = nullptr;
  ck_assert (geti::parse_workspaces (
      "{\"workspaces\": [{\"id\": \"a\", \"name\": \"A\", \"created_at\": 1},"
      " {\"id\": \"b\"}], \"totalCount\": 2}",
      workspaces, &error));
  ck_assert_uint_eq (workspaces.size (), 2);
  ck_assert_str_eq (workspaces[0].id.c_str (), "a");
  ck_assert_str_eq (workspaces[0].name.c_str (), "A");
  ck_assert_str_eq (workspaces[1].id.c_str (), "b");
  ck_assert_str_eq (workspaces[1].name.c_str (), "");

  const struct {
    const char *body;
    const char *says;
  } bad[] = {
    { "{}", "workspaces" },
    { "{\"workspaces\": {}}", "workspaces" },
    { "{\"workspaces\": [{\"name\": \"A\"}]}", "workspaces[0].id" },
    { "{\"workspaces\": [{\"id\": \"a\", \"name\": 3}]}",
        "workspaces[0].name" },
  };
  for (const auto &b : bad) {
    ck_assert (!geti::parse_workspaces (b.body, workspaces, &error));
    expect_error (error, geti::ERROR_PARSE, { b.says });
    ck_assert_uint_eq (workspaces.size (), 2);
  }
}
END_TEST

/* Test that a project page is read with its counts and next_page (null
 * and absent alike), and that malformed pages are parse errors. */
START_TEST (test_parse_project_page)
{
  geti::ProjectPage page;
  GError *error = nullptr;
  ck_assert (geti::parse_project_page (
      "{\"projects\": [{\"id\": \"p1\", \"name\": \"One\", \"pipeline\": {}},"
      " {\"id\": \"p2\", \"name\": \"Two\"}], \"project_counts\": 12,"
      " \"project_page_count\": 3, \"next_page\": \"/x?skip=3\"}",
      page, &error));
  ck_assert_uint_eq (page.projects.size (), 2);
  ck_assert_str_eq (page.projects[1].id.c_str (), "p2");
  ck_assert_str_eq (page.projects[1].name.c_str (), "Two");
  ck_assert (page.project_counts == 12u);
  ck_assert (page.project_page_count == 3u);
  ck_assert (page.next_page && *page.next_page == "/x?skip=3");

  for (const char *body :
      { "{\"projects\": [], \"next_page\": null}", "{\"projects\": []}" }) {
    ck_assert (geti::parse_project_page (body, page, &error));
    ck_assert (page.projects.empty ());
    ck_assert (!page.project_counts && !page.project_page_count);
    ck_assert (!page.next_page);
  }

  const struct {
    const char *body;
    const char *says;
  } bad[] = {
    { "{\"project_counts\": 1}", "projects" },
    { "{\"projects\": [{\"name\": \"x\"}]}", "projects[0].id" },
    { "{\"projects\": [], \"project_counts\": -1}", "project_counts" },
    { "{\"projects\": [], \"project_counts\": 1.5}", "project_counts" },
    { "{\"projects\": [], \"project_counts\": \"3\"}", "project_counts" },
    { "{\"projects\": [], \"project_page_count\": 1e300}",
        "project_page_count" },
    { "{\"projects\": [], \"next_page\": 3}", "next_page" },
  };
  for (const auto &b : bad) {
    ck_assert_msg (
        !geti::parse_project_page (b.body, page, &error), "%s", b.body);
    expect_error (error, geti::ERROR_PARSE, { b.says });
  }
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Paging                                                                 */

namespace {

/* A scripted project list: @total projects p0, p1, ... served in pages
 * by @serve, which may bend the answer; records the skips asked for. */
struct ScriptedList {
  guint64 total = 0;
  std::vector<guint64> skips;
  std::function<void (guint64 skip, geti::ProjectPage &page)> bend;

  bool read (guint64 skip, geti::ProjectPage &page, GError **)
  {
    skips.push_back (skip);
    for (guint64 i = skip; i < total && i < skip + geti::PROJECT_PAGE_SIZE; i++)
      page.projects.push_back (
          { "p" + std::to_string (i), "Project " + std::to_string (i) });
    page.project_counts = total;
    page.project_page_count = page.projects.size ();
    page.next_page = page.projects.empty () ? "" : "/next";
    if (bend)
      bend (skip, page);
    return true;
  }

  geti::ProjectPageReader reader ()
  {
    return [this] (guint64 skip, geti::ProjectPage &page, GError **error) {
      return read (skip, page, error);
    };
  }
};

std::vector<guint64>
skips (std::initializer_list<guint64> list)
{
  return std::vector<guint64> (list);
}

} // namespace

/* Test that pages are read until project_counts projects were read: no
 * request for the empty page after the last one, none at all beyond. */
START_TEST (test_pages_by_count)
{
  const struct {
    guint64 total;
    std::vector<guint64> skips;
  } cases[] = {
    { 0, skips ({ 0 }) },
    { 1, skips ({ 0 }) },
    { 100, skips ({ 0 }) },
    { 101, skips ({ 0, 100 }) },
    { 250, skips ({ 0, 100, 200 }) },
  };
  for (const auto &c : cases) {
    ScriptedList list;
    list.total = c.total;
    std::vector<geti::ProjectSummary> projects;
    GError *error = nullptr;
    ck_assert (geti::read_project_pages (list.reader (), projects, &error));
    ck_assert_ptr_null (error);
    ck_assert_uint_eq (projects.size (), c.total);
    ck_assert_msg (list.skips == c.skips, "%" G_GUINT64_FORMAT ": %zu pages",
        c.total, list.skips.size ());
    for (guint64 i = 0; i < c.total; i++) {
      const std::string id = "p" + std::to_string (i);
      ck_assert_str_eq (projects[i].id.c_str (), id.c_str ());
    }
  }
}
END_TEST

/* Test that without project_counts a short page, an empty page or a
 * next_page of "" ends the list, and a full page does not. */
START_TEST (test_pages_without_count)
{
  struct Case {
    guint64 total;
    bool next_page_empty_at_end; /* "" on the last full page */
    std::vector<guint64> skips;
  };
  const Case cases[] = {
    { 150, false, skips ({ 0, 100 }) },      /* short second page */
    { 200, false, skips ({ 0, 100, 200 }) }, /* then an empty one */
    { 200, true, skips ({ 0, 100 }) },       /* "" says it is the last */
  };
  for (const Case &c : cases) {
    ScriptedList list;
    list.total = c.total;
    list.bend = [&c] (guint64 skip, geti::ProjectPage &page) {
      page.project_counts.reset ();
      page.project_page_count.reset ();
      page.next_page.reset ();
      if (c.next_page_empty_at_end && skip + page.projects.size () == c.total)
        page.next_page = "";
    };
    std::vector<geti::ProjectSummary> projects;
    ck_assert (geti::read_project_pages (list.reader (), projects, nullptr));
    ck_assert_uint_eq (projects.size (), c.total);
    ck_assert_msg (list.skips == c.skips, "%" G_GUINT64_FORMAT ": %zu pages",
        c.total, list.skips.size ());
  }
}
END_TEST

/* Test that skip moves on by project_page_count, which counts the projects
 * Geti read but failed to render, so that none is read twice or skipped. */
START_TEST (test_pages_follow_page_count)
{
  ScriptedList list;
  list.total = 230;
  /* p5 and p150 fail to render: the pages list 99 projects each */
  list.bend = [] (guint64, geti::ProjectPage &page) {
    page.projects.erase (
        std::remove_if (page.projects.begin (), page.projects.end (),
            [] (const geti::ProjectSummary &p) {
              return p.id == "p5" || p.id == "p150";
            }),
        page.projects.end ());
  };
  std::vector<geti::ProjectSummary> projects;
  ck_assert (geti::read_project_pages (list.reader (), projects, nullptr));
  ck_assert (list.skips == skips ({ 0, 100, 200 }));
  ck_assert_uint_eq (projects.size (), 228);
}
END_TEST

/* Test that a project seen on two pages (the list moved between them) is
 * listed once. */
START_TEST (test_pages_deduplicated)
{
  ScriptedList list;
  list.total = 150;
  /* a project created during the walk shifts the second page by one */
  list.bend = [] (guint64 skip, geti::ProjectPage &page) {
    if (skip == 100)
      page.projects.insert (page.projects.begin (), { "p99", "Project 99" });
  };
  std::vector<geti::ProjectSummary> projects;
  ck_assert (geti::read_project_pages (list.reader (), projects, nullptr));
  ck_assert_uint_eq (projects.size (), 150);
  ck_assert_str_eq (projects[100].id.c_str (), "p100");
}
END_TEST

/* Test that a server that never stops listing is given up on after
 * PROJECT_MAX_PAGES pages, and that a failing page fails the list. */
START_TEST (test_pages_limits)
{
  ScriptedList list;
  list.total = G_MAXUINT64;
  std::vector<geti::ProjectSummary> projects = { { "kept", "Kept" } };
  GError *error = nullptr;
  ck_assert (!geti::read_project_pages (list.reader (), projects, &error));
  expect_error (error, geti::ERROR_PARSE,
      { "after " + std::to_string (geti::PROJECT_MAX_PAGES) + " pages",
          "\"project-id\"" },
      geti::Setting::project_id);
  ck_assert_uint_eq (list.skips.size (), geti::PROJECT_MAX_PAGES);
  ck_assert_uint_eq (projects.size (), 1);

  guint calls = 0;
  auto failing = [&calls] (guint64 skip, geti::ProjectPage &page,
                     GError **page_error) {
    calls++;
    if (skip == 0) {
      page.projects.resize (geti::PROJECT_PAGE_SIZE, { "p", "P" });
      page.projects[0].id = "first";
      return true;
    }
    g_set_error_literal (page_error, GETI_ERROR, geti::ERROR_SERVER, "boom");
    return false;
  };
  ck_assert (!geti::read_project_pages (failing, projects, &error));
  expect_error (error, geti::ERROR_SERVER, { "boom" });
  ck_assert_uint_eq (calls, 2);
  ck_assert_str_eq (projects[0].id.c_str (), "kept");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Organization and workspace                                             */

/* Test that the organization of the key is found in both answer forms (in
 * the list form, the server's own, not the first listed). */
START_TEST (test_find_organization)
{
  ServerOptions options;
  options.organization_form =
      _i == 0 ? OrganizationForm::single : OrganizationForm::list;
  auto server = start_server (options);
  auto client = make_client ();
  std::string id;
  GError *error = nullptr;
  ck_assert (geti::find_organization (
      *client, server_only (*server), nullptr, id, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (id.c_str (), fake::DEFAULT_ORGANIZATION_ID);
  const auto requests = server->requests ();
  ck_assert_uint_eq (requests.size (), 1);
  ck_assert_str_eq (
      requests[0].path.c_str (), "/api/v1/personal_access_tokens/organization");
}
END_TEST

/* Test that a refused key fails the lookup with the client's code, saying
 * what was looked up and what the server said, without the key. */
START_TEST (test_find_organization_refused)
{
  auto server = start_server ();
  auto client = make_client (
      "geti_pat_0000000000000000000000000000000000000000000_000000");
  std::string id = "unchanged";
  GError *error = nullptr;
  ck_assert (!geti::find_organization (
      *client, server_only (*server), nullptr, id, &error));
  expect_error (error, geti::ERROR_UNAUTHORIZED,
      { "organization of the API key", "/personal_access_tokens/organization",
          "Invalid authorization token" });
  ck_assert_str_eq (id.c_str (), "unchanged");

  auto no_key = make_client ("");
  ck_assert (!geti::find_organization (
      *no_key, server_only (*server), nullptr, id, &error));
  expect_error (error, geti::ERROR_FORBIDDEN, {});
}
END_TEST

/* Test that the only workspace is taken, that a given one is checked
 * against the list (any case, the server's spelling kept), and that
 * several with none given, or an unknown one, are errors listing them. */
START_TEST (test_find_workspace)
{
  auto client = make_client ();
  GError *error = nullptr;
  std::string id;
  {
    auto server = start_server ();
    geti::Endpoint e = server_only (*server);
    e.organization_id = fake::DEFAULT_ORGANIZATION_ID;
    ck_assert (geti::find_workspace (*client, e, nullptr, id, &error));
    ck_assert_str_eq (id.c_str (), fake::DEFAULT_WORKSPACE_ID);
  }

  ServerOptions options;
  options.extra_workspaces = { { kOtherWorkspace, "Team B" },
    { kThirdWorkspace, "Team C" } };
  auto server = start_server (options);
  geti::Endpoint e = server_only (*server);
  e.organization_id = fake::DEFAULT_ORGANIZATION_ID;
  id = "unchanged";
  ck_assert (!geti::find_workspace (*client, e, nullptr, id, &error));
  expect_error (error, geti::ERROR_SETTINGS,
      { "\"workspace-id\"", "3 workspaces",
          std::string ("\"Default workspace\" (") + fake::DEFAULT_WORKSPACE_ID +
              ")",
          std::string ("\"Team B\" (") + kOtherWorkspace + ")",
          std::string ("\"Team C\" (") + kThirdWorkspace + ")",
          "\"project-url\"" },
      geti::Setting::workspace_id);
  ck_assert_str_eq (id.c_str (), "unchanged");

  g_autofree char *upper = g_ascii_strup (kOtherWorkspace, -1);
  e.workspace_id = upper;
  ck_assert (geti::find_workspace (*client, e, nullptr, id, &error));
  ck_assert_str_eq (id.c_str (), kOtherWorkspace);

  e.workspace_id = "31111111-2222-4333-8444-555555555555";
  ck_assert (!geti::find_workspace (*client, e, nullptr, id, &error));
  expect_error (error, geti::ERROR_NOT_FOUND,
      { "\"workspace-id\" is \"31111111-2222-4333-8444-555555555555\"",
          "no such workspace", "\"Team C\"" },
      geti::Setting::workspace_id);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Projects                                                               */

/* Test that a project is found by its exact name, and that a name that
 * differs only in case is not taken but suggested. */
START_TEST (test_find_project)
{
  ServerOptions options;
  options.extra_projects = { { "7a1100000000000000000001",
                                 "Ball detection v2" },
    { "7a1100000000000000000002", "Ball" } };
  auto server = start_server (options);
  auto client = make_client ();
  std::string id;
  GError *error = nullptr;
  ck_assert (geti::find_project (*client, workspace_of (*server),
      fake::DEFAULT_PROJECT_NAME, nullptr, id, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (id.c_str (), fake::DEFAULT_PROJECT_ID);
  ck_assert (geti::find_project (
      *client, workspace_of (*server), "Ball", nullptr, id, &error));
  ck_assert_str_eq (id.c_str (), "7a1100000000000000000002");

  id = "unchanged";
  ck_assert (!geti::find_project (
      *client, workspace_of (*server), "ball DETECTION", nullptr, id, &error));
  expect_error (error, geti::ERROR_NOT_FOUND,
      { "\"project-name\" is \"ball DETECTION\"",
          "did you mean \"Ball detection\"?" },
      geti::Setting::project_name);
  ck_assert_str_eq (id.c_str (), "unchanged");
}
END_TEST

/* Test that an unknown name is ERROR_NOT_FOUND listing the projects there
 * are, names and ids, at most ten of them. */
START_TEST (test_find_project_not_found)
{
  ServerOptions options;
  options.extra_projects = fake::numbered_projects (3);
  auto client = make_client ();
  GError *error = nullptr;
  std::string id;
  {
    auto server = start_server (options);
    ck_assert (!geti::find_project (
        *client, workspace_of (*server), "Cars", nullptr, id, &error));
    expect_error (error, geti::ERROR_NOT_FOUND,
        { "\"project-name\" is \"Cars\"", fake::DEFAULT_WORKSPACE_ID,
            "4 projects",
            "\"Project 001\" (" + options.extra_projects[0].id + ")",
            "\"Project 003\" (" + options.extra_projects[2].id + ")",
            std::string ("\"Ball detection\" (") + fake::DEFAULT_PROJECT_ID +
                ")" },
        geti::Setting::project_name);
  }

  options.extra_projects = fake::numbered_projects (30);
  auto server = start_server (options);
  ck_assert (!geti::find_project (
      *client, workspace_of (*server), "Cars", nullptr, id, &error));
  ck_assert_ptr_nonnull (error);
  const std::string message = error->message;
  expect_error (error, geti::ERROR_NOT_FOUND,
      { "31 projects", "\"Project 010\"", "and 21 more" },
      geti::Setting::project_name);
  ck_assert (!contains (message, "Project 011"));
}
END_TEST

/* Test that a name several projects have is ERROR_SETTINGS listing the
 * matches with their ids, even when they sit on different pages. */
START_TEST (test_find_project_ambiguous)
{
  ServerOptions options;
  options.extra_projects = fake::numbered_projects (150);
  /* on the first page; the project itself is last, on the second */
  options.extra_projects[3].name = fake::DEFAULT_PROJECT_NAME;
  auto server = start_server (options);
  auto client = make_client ();
  std::string id = "unchanged";
  GError *error = nullptr;
  ck_assert (!geti::find_project (*client, workspace_of (*server),
      fake::DEFAULT_PROJECT_NAME, nullptr, id, &error));
  expect_error (error, geti::ERROR_SETTINGS,
      { "\"project-name\" is \"Ball detection\"", "2 projects",
          options.extra_projects[3].id, fake::DEFAULT_PROJECT_ID,
          "\"project-id\"" },
      geti::Setting::project_name);
  ck_assert_str_eq (id.c_str (), "unchanged");
  ck_assert_uint_eq (project_list_queries (*server).size (), 2);
}
END_TEST

/* Test that every page of a long list is read, with Geti's parameters,
 * and the project found on the last one. */
START_TEST (test_find_project_pages)
{
  ServerOptions options;
  options.extra_projects = fake::numbered_projects (250);
  auto server = start_server (options);
  auto client = make_client ();
  std::vector<geti::ProjectSummary> projects;
  GError *error = nullptr;
  ck_assert (geti::list_projects (
      *client, workspace_of (*server), nullptr, projects, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (projects.size (), 251);
  ck_assert_str_eq (projects[0].name.c_str (), "Project 001");
  ck_assert_str_eq (projects[250].id.c_str (), fake::DEFAULT_PROJECT_ID);
  ck_assert (project_list_queries (*server) ==
             std::vector<std::string> ({ "limit=100&skip=0",
                 "limit=100&skip=100", "limit=100&skip=200" }));

  server->reset_stats ();
  std::string id;
  ck_assert (geti::find_project (*client, workspace_of (*server),
      fake::DEFAULT_PROJECT_NAME, nullptr, id, &error));
  ck_assert_str_eq (id.c_str (), fake::DEFAULT_PROJECT_ID);
  ck_assert (geti::find_project (
      *client, workspace_of (*server), "Project 250", nullptr, id, &error));
  ck_assert_str_eq (id.c_str (), options.extra_projects[249].id.c_str ());
  ck_assert_uint_eq (project_list_queries (*server).size (), 6);
}
END_TEST

/* Test that a workspace without projects says so, and that listing an
 * unknown workspace is the server's 404. */
START_TEST (test_find_project_empty_workspace)
{
  ServerOptions options;
  options.extra_workspaces = { { kOtherWorkspace, "Team B" } };
  auto server = start_server (options);
  auto client = make_client ();
  geti::Endpoint e = workspace_of (*server);
  e.workspace_id = kOtherWorkspace;
  std::string id;
  GError *error = nullptr;
  ck_assert (!geti::find_project (
      *client, e, fake::DEFAULT_PROJECT_NAME, nullptr, id, &error));
  expect_error (error, geti::ERROR_NOT_FOUND, { "has no projects" },
      geti::Setting::project_name);

  e.workspace_id = kThirdWorkspace;
  ck_assert (!geti::find_project (
      *client, e, fake::DEFAULT_PROJECT_NAME, nullptr, id, &error));
  expect_error (error, geti::ERROR_NOT_FOUND,
      { "Listing the projects", "HTTP 404",
          std::string ("Could not find workspace with id ") +
              kThirdWorkspace });
}
END_TEST

/* ---------------------------------------------------------------------- */
/* resolve_endpoint                                                       */

/* Test that a server, a key and a project name give the whole endpoint:
 * organization (either answer form), the only workspace and the project,
 * with the server normalized. */
START_TEST (test_resolve_by_name)
{
  ServerOptions options;
  options.organization_form =
      _i == 0 ? OrganizationForm::single : OrganizationForm::list;
  options.extra_projects = fake::numbered_projects (120);
  auto server = start_server (options);
  auto client = make_client ();
  geti::Endpoint e;
  e.server = server->url () + "/api/v1/";
  GError *error = nullptr;
  ck_assert (geti::resolve_endpoint (
      *client, e, fake::DEFAULT_PROJECT_NAME, nullptr, &error));
  ck_assert_ptr_null (error);
  const std::string url = server->url ();
  ck_assert_str_eq (e.server.c_str (), url.c_str ());
  ck_assert_str_eq (e.organization_id.c_str (), fake::DEFAULT_ORGANIZATION_ID);
  ck_assert_str_eq (e.workspace_id.c_str (), fake::DEFAULT_WORKSPACE_ID);
  ck_assert_str_eq (e.project_id.c_str (), fake::DEFAULT_PROJECT_ID);
  ck_assert_str_eq (e.pipeline.c_str (), "active");
  const std::string predict_url = e.predict_url ();
  const std::string expected = server->predict_url ();
  ck_assert_str_eq (predict_url.c_str (), expected.c_str ());
  /* organization, workspaces, two pages of projects */
  ck_assert_uint_eq (server->requests ().size (), 4);
}
END_TEST

/* Test that what is set is used as is: all ids set makes no request, a
 * set workspace skips the workspace lookup even among several, and a set
 * project id wins over the name. */
START_TEST (test_resolve_uses_what_is_set)
{
  ServerOptions options;
  options.extra_workspaces = { { kOtherWorkspace, "Team B" } };
  auto server = start_server (options);
  auto client = make_client ();
  GError *error = nullptr;

  geti::Endpoint e = endpoint_of (*server);
  ck_assert (geti::resolve_endpoint (*client, e, "", nullptr, &error));
  ck_assert (
      geti::resolve_endpoint (*client, e, "Some other name", nullptr, &error));
  ck_assert_str_eq (e.project_id.c_str (), fake::DEFAULT_PROJECT_ID);
  ck_assert_uint_eq (server->requests ().size (), 0);

  e = server_only (*server);
  e.workspace_id = fake::DEFAULT_WORKSPACE_ID;
  ck_assert (geti::resolve_endpoint (
      *client, e, fake::DEFAULT_PROJECT_NAME, nullptr, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (e.organization_id.c_str (), fake::DEFAULT_ORGANIZATION_ID);
  ck_assert_str_eq (e.project_id.c_str (), fake::DEFAULT_PROJECT_ID);
  for (const auto &request : server->requests ())
    ck_assert_msg (!g_str_has_suffix (request.path.c_str (), "/workspaces"),
        "%s", request.path.c_str ());

  /* from project-url: all set */
  server->reset_stats ();
  geti::Endpoint from_url;
  ck_assert (geti::endpoint_from_project_url (
      server->url () + "/organizations/" + fake::DEFAULT_ORGANIZATION_ID +
          "/workspaces/" + fake::DEFAULT_WORKSPACE_ID + "/projects/" +
          fake::DEFAULT_PROJECT_ID + "/tests/live-prediction",
      from_url, &error));
  ck_assert (geti::resolve_endpoint (*client, from_url, "", nullptr, &error));
  const std::string predict_url = from_url.predict_url ();
  const std::string expected = server->predict_url ();
  ck_assert_str_eq (predict_url.c_str (), expected.c_str ());
  ck_assert_uint_eq (server->requests ().size (), 0);
}
END_TEST

/* Test that resolve_endpoint fails cleanly, leaving the endpoint as it
 * was: nothing to find the project by, a malformed id that is set, several
 * workspaces and none set, an unknown name, a refused key. */
START_TEST (test_resolve_errors)
{
  ServerOptions options;
  options.extra_workspaces = { { kOtherWorkspace, "Team B" } };
  auto server = start_server (options);
  auto client = make_client ();
  GError *error = nullptr;

  auto expect_unchanged = [] (const geti::Endpoint &e,
                              const geti::Endpoint &before) {
    ck_assert_str_eq (e.server.c_str (), before.server.c_str ());
    ck_assert_str_eq (
        e.organization_id.c_str (), before.organization_id.c_str ());
    ck_assert_str_eq (e.workspace_id.c_str (), before.workspace_id.c_str ());
    ck_assert_str_eq (e.project_id.c_str (), before.project_id.c_str ());
  };

  geti::Endpoint e = server_only (*server);
  e.server += "/";
  geti::Endpoint before = e;
  ck_assert (!geti::resolve_endpoint (*client, e, "", nullptr, &error));
  expect_error (error, geti::ERROR_SETTINGS,
      { "\"project-id\" is not set", "\"project-name\"", "\"project-url\"" },
      geti::Setting::project_id);
  expect_unchanged (e, before);

  e.organization_id = "not-a-uuid";
  before = e;
  ck_assert (!geti::resolve_endpoint (
      *client, e, fake::DEFAULT_PROJECT_NAME, nullptr, &error));
  expect_error (error, geti::ERROR_SETTINGS, { "\"organization-id\"" },
      geti::Setting::organization_id);
  expect_unchanged (e, before);

  e = server_only (*server);
  before = e;
  ck_assert (!geti::resolve_endpoint (
      *client, e, fake::DEFAULT_PROJECT_NAME, nullptr, &error));
  expect_error (error, geti::ERROR_SETTINGS, { "\"workspace-id\"", "Team B" },
      geti::Setting::workspace_id);
  expect_unchanged (e, before);
  ck_assert_uint_eq (project_list_queries (*server).size (), 0);

  e.workspace_id = fake::DEFAULT_WORKSPACE_ID;
  before = e;
  ck_assert (!geti::resolve_endpoint (*client, e, "Cars", nullptr, &error));
  expect_error (error, geti::ERROR_NOT_FOUND,
      { "\"project-name\" is \"Cars\"", "\"Ball detection\"" },
      geti::Setting::project_name);
  expect_unchanged (e, before);

  e.server = "not a server";
  ck_assert (!geti::resolve_endpoint (*client, e, "Cars", nullptr, &error));
  expect_error (
      error, geti::ERROR_SETTINGS, { "\"server\"" }, geti::Setting::server);

  auto refused = make_client (
      "geti_pat_0000000000000000000000000000000000000000000_000000");
  e = server_only (*server);
  ck_assert (!geti::resolve_endpoint (
      *refused, e, fake::DEFAULT_PROJECT_NAME, nullptr, &error));
  expect_error (error, geti::ERROR_UNAUTHORIZED, {});
}
END_TEST

/* Test that a cancelled lookup ends with ERROR_CANCELLED. */
START_TEST (test_resolve_cancelled)
{
  auto server = start_server ();
  auto client = make_client ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  geti::Endpoint e = server_only (*server);
  GError *error = nullptr;
  ck_assert (!geti::resolve_endpoint (
      *client, e, fake::DEFAULT_PROJECT_NAME, cancellable, &error));
  expect_error (error, geti::ERROR_CANCELLED, {});
  ck_assert (e.organization_id.empty ());
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Project and pipeline                                                   */

/* Test that the project of each kind is fetched with its tasks, label
 * names and colours, parents and keypoint edges. */
START_TEST (test_fetch_project)
{
  const ProjectKind kinds[] = { ProjectKind::detection, ProjectKind::task_chain,
    ProjectKind::keypoint, ProjectKind::anomaly };
  ServerOptions options;
  options.project_kind = kinds[_i];
  auto server = start_server (options);
  auto client = make_client ();
  geti::Project project;
  GError *error = nullptr;
  ck_assert (geti::fetch_project (
      *client, endpoint_of (*server), nullptr, project, &error));
  ck_assert_ptr_null (error);
  ck_assert_str_eq (project.id.c_str (), fake::DEFAULT_PROJECT_ID);
  ck_assert_str_eq (project.name.c_str (), fake::DEFAULT_PROJECT_NAME);
  ck_assert_str_eq (project.tasks[0].task_type.c_str (), "dataset");
  ck_assert (project.tasks[0].labels.empty ());

  switch (options.project_kind) {
    case ProjectKind::detection: {
      ck_assert_uint_eq (project.tasks.size (), 2);
      const geti::ProjectLabel *ball = project.find_label (fake::BALL_LABEL_ID);
      ck_assert_ptr_nonnull (ball);
      ck_assert_str_eq (ball->name.c_str (), "ball");
      ck_assert (ball->color == 0xff5662ffu);
      const geti::ProjectLabel *empty =
          project.find_label (fake::EMPTY_LABEL_ID);
      ck_assert (empty != nullptr && empty->is_empty);
      break;
    }
    case ProjectKind::task_chain: {
      ck_assert_uint_eq (project.tasks.size (), 4);
      ck_assert_str_eq (project.tasks[2].task_type.c_str (), "crop");
      ck_assert_str_eq (project.tasks[3].task_type.c_str (), "classification");
      for (const char *id : { fake::LARGE_LABEL_ID, fake::SMALL_LABEL_ID }) {
        const geti::ProjectLabel *label = project.find_label (id);
        ck_assert_ptr_nonnull (label);
        ck_assert (label->parent_id == std::string (fake::BALL_LABEL_ID));
        ck_assert (label->color.has_value ());
      }
      ck_assert (
          project.find_label (fake::LARGE_LABEL_ID)->color == 0x26518effu);
      ck_assert (project.find_label (fake::SMALL_LABEL_ID)->name == "small");
      break;
    }
    case ProjectKind::anomaly: {
      ck_assert_uint_eq (project.tasks.size (), 2);
      ck_assert_str_eq (project.tasks[1].task_type.c_str (), "anomaly");
      const geti::ProjectLabel *normal =
          project.find_label (fake::NORMAL_LABEL_ID);
      const geti::ProjectLabel *anomalous =
          project.find_label (fake::ANOMALOUS_LABEL_ID);
      ck_assert (normal != nullptr && anomalous != nullptr);
      ck_assert_str_eq (normal->name.c_str (), "Normal");
      ck_assert_str_eq (anomalous->name.c_str (), "Anomalous");
      ck_assert (normal->color == 0x8bae46ffu);
      ck_assert (anomalous->color == 0xff5662ffu);
      ck_assert (!normal->is_anomalous && anomalous->is_anomalous);
      ck_assert (!normal->is_empty && !anomalous->is_empty);
      break;
    }
    case ProjectKind::keypoint: {
      ck_assert_uint_eq (project.tasks.size (), 2);
      const geti::ProjectTask *task =
          project.find_task (fake::KEYPOINT_TASK_ID);
      ck_assert_ptr_nonnull (task);
      ck_assert_str_eq (task->task_type.c_str (), "keypoint_detection");
      ck_assert_uint_eq (task->labels.size (), 3);
      ck_assert_uint_eq (task->keypoint_edges.size (), 2);
      ck_assert (task->keypoint_edges[0].first == fake::TOP_LABEL_ID);
      ck_assert (task->keypoint_edges[0].second == fake::CENTER_LABEL_ID);
      ck_assert (task->keypoint_edges[1].first == fake::CENTER_LABEL_ID);
      ck_assert (task->keypoint_edges[1].second == fake::BOTTOM_LABEL_ID);
      ck_assert (
          project.find_label (fake::BOTTOM_LABEL_ID)->color == 0x26518effu);
      break;
    }
  }
}
END_TEST

/* Test that fetching a project that does not exist is ERROR_NOT_FOUND with
 * the server's message. */
START_TEST (test_fetch_project_not_found)
{
  auto server = start_server ();
  auto client = make_client ();
  geti::Endpoint e = endpoint_of (*server);
  e.project_id = "60ec6bbfb98caeb87e34306e";
  geti::Project project;
  GError *error = nullptr;
  ck_assert (!geti::fetch_project (*client, e, nullptr, project, &error));
  expect_error (error, geti::ERROR_NOT_FOUND,
      { "Fetching the project",
          "Could not find project with id 60ec6bbfb98caeb87e34306e" });
}
END_TEST

/* Test that the label ids of every :predict answer of each kind are labels
 * of the fetched project, which gives them the colours the answer lacks. */
START_TEST (test_predict_labels_in_project)
{
  const ProjectKind kinds[] = { ProjectKind::detection, ProjectKind::task_chain,
    ProjectKind::keypoint, ProjectKind::keypoint, ProjectKind::anomaly };
  ServerOptions options;
  options.project_kind = kinds[_i];
  if (_i == 3)
    options.scenario = fake::Scenario::keypoints_ovms;
  auto server = start_server (options);
  auto client = make_client ();
  geti::Project project;
  ck_assert (geti::fetch_project (
      *client, endpoint_of (*server), nullptr, project, nullptr));

  /* one large and one small blob */
  const std::vector<guint8> jpeg =
      squares_jpeg ({ { 10, 10, 12 }, { 80, 50, 40 } });
  std::vector<std::string> pipelines = { "active" };
  for (const auto &task : project.tasks) {
    if (!task.labels.empty ())
      pipelines.push_back (task.id);
  }
  std::map<std::string, int> seen;
  for (const std::string &pipeline : pipelines) {
    geti::Endpoint e = endpoint_of (*server);
    e.pipeline = pipeline;
    geti::PredictResult result;
    GError *error = nullptr;
    ck_assert_msg (client->predict (e, jpeg.data (), jpeg.size (), "image/jpeg",
                       nullptr, result, nullptr, &error),
        "%s: %s", pipeline.c_str (), error ? error->message : "?");
    ck_assert_uint_gt (result.predictions.size (), 0);
    for (const auto &prediction : result.predictions) {
      for (const auto &label : prediction.labels) {
        ck_assert (!label.color.has_value ());
        const geti::ProjectLabel *known = project.find_label (label.id);
        ck_assert_msg (known != nullptr, "%s: label %s not in the project",
            pipeline.c_str (), label.id.c_str ());
        ck_assert (label.name && *label.name == known->name);
        ck_assert (known->color.has_value ());
        seen[label.id]++;
      }
    }
  }
  switch (options.project_kind) {
    case ProjectKind::detection:
      ck_assert_int_eq (seen[fake::BALL_LABEL_ID], 4);
      break;
    case ProjectKind::task_chain:
      /* active: [ball, small], [ball, large]; detection: 2 x ball;
       * classification: small (the first blob) */
      ck_assert_int_eq (seen[fake::BALL_LABEL_ID], 4);
      ck_assert_int_eq (seen[fake::SMALL_LABEL_ID], 2);
      ck_assert_int_eq (seen[fake::LARGE_LABEL_ID], 1);
      break;
    case ProjectKind::keypoint:
      for (const char *id :
          { fake::TOP_LABEL_ID, fake::CENTER_LABEL_ID, fake::BOTTOM_LABEL_ID })
        ck_assert_int_eq (seen[id], 4);
      break;
    case ProjectKind::anomaly:
      /* active and the anomaly task: one whole-image "Anomalous" each */
      ck_assert_int_eq (seen[fake::ANOMALOUS_LABEL_ID], 2);
      ck_assert_int_eq (seen[fake::NORMAL_LABEL_ID], 0);
      break;
  }
}
END_TEST

/* Test that the pipeline setting is checked against the project: "active"
 * and tasks with a model pass; the dataset and crop tasks and unknown ids
 * are settings errors naming "pipeline" and listing the choices. */
START_TEST (test_validate_pipeline)
{
  ServerOptions options;
  options.project_kind = ProjectKind::task_chain;
  auto server = start_server (options);
  auto client = make_client ();
  geti::Project project;
  ck_assert (geti::fetch_project (
      *client, endpoint_of (*server), nullptr, project, nullptr));

  GError *error = nullptr;
  for (const char *ok :
      { "active", "", fake::DETECTION_TASK_ID, fake::CLASSIFICATION_TASK_ID }) {
    ck_assert_msg (geti::validate_pipeline (project, ok, &error), "%s: %s", ok,
        error ? error->message : "?");
  }

  const std::string choices = std::string ("\"active\", ") +
                              fake::DETECTION_TASK_ID + " (\"Detection\"), " +
                              fake::CLASSIFICATION_TASK_ID +
                              " (\"Classification\")";
  ck_assert (!geti::validate_pipeline (project, fake::DATASET_TASK_ID, &error));
  expect_error (error, geti::ERROR_SETTINGS,
      { std::string ("\"pipeline\" is \"") + fake::DATASET_TASK_ID + "\"",
          "\"Dataset\" (dataset)", "no model", choices },
      geti::Setting::pipeline);
  ck_assert (!geti::validate_pipeline (project, fake::CROP_TASK_ID, &error));
  expect_error (error, geti::ERROR_SETTINGS,
      { "\"pipeline\"", "\"Crop\" (crop)", choices }, geti::Setting::pipeline);
  for (const char *unknown : { fake::KEYPOINT_TASK_ID, "Active", "latest" }) {
    ck_assert (!geti::validate_pipeline (project, unknown, &error));
    expect_error (error, geti::ERROR_SETTINGS,
        { std::string ("\"pipeline\" is \"") + unknown + "\"",
            "has no task with this id", "\"Ball detection\"", choices },
        geti::Setting::pipeline);
  }

  /* a keypoint project's own task */
  geti::Project keypoint;
  keypoint.name = "Poses";
  keypoint.tasks = { { fake::DATASET_TASK_ID, "Dataset", "dataset", {}, {} },
    { fake::KEYPOINT_TASK_ID, "", "keypoint_detection",
        { { fake::TOP_LABEL_ID, "top", 0xffffffffu, "", std::nullopt, false,
            false } },
        {} } };
  ck_assert (
      geti::validate_pipeline (keypoint, fake::KEYPOINT_TASK_ID, &error));
  /* a dataset or crop task is never predicted with, labels or not */
  keypoint.tasks[0].labels = keypoint.tasks[1].labels;
  ck_assert (
      !geti::validate_pipeline (keypoint, fake::DATASET_TASK_ID, &error));
  expect_error (
      error, geti::ERROR_SETTINGS, { "no model" }, geti::Setting::pipeline);
  keypoint.tasks[0].task_type = "crop";
  ck_assert (
      !geti::validate_pipeline (keypoint, fake::DATASET_TASK_ID, &error));
  expect_error (
      error, geti::ERROR_SETTINGS, { "no model" }, geti::Setting::pipeline);
  ck_assert (
      !geti::validate_pipeline (keypoint, fake::DETECTION_TASK_ID, &error));
  expect_error (error, geti::ERROR_SETTINGS,
      { std::string (fake::KEYPOINT_TASK_ID) + " (\"keypoint_detection\")" },
      geti::Setting::pipeline);
}
END_TEST

static Suite *
discovery_suite ()
{
  Suite *s = suite_create ("discovery");

  TCase *tc = tcase_create ("parse");
  tcase_add_test (tc, test_parse_organization);
  tcase_add_test (tc, test_parse_workspaces);
  tcase_add_test (tc, test_parse_project_page);
  suite_add_tcase (s, tc);

  tc = tcase_create ("paging");
  tcase_add_test (tc, test_pages_by_count);
  tcase_add_test (tc, test_pages_without_count);
  tcase_add_test (tc, test_pages_follow_page_count);
  tcase_add_test (tc, test_pages_deduplicated);
  tcase_add_test (tc, test_pages_limits);
  suite_add_tcase (s, tc);

  tc = tcase_create ("find");
  tcase_add_loop_test (tc, test_find_organization, 0, 2);
  tcase_add_test (tc, test_find_organization_refused);
  tcase_add_test (tc, test_find_workspace);
  tcase_add_test (tc, test_find_project);
  tcase_add_test (tc, test_find_project_not_found);
  tcase_add_test (tc, test_find_project_ambiguous);
  tcase_add_test (tc, test_find_project_pages);
  tcase_add_test (tc, test_find_project_empty_workspace);
  suite_add_tcase (s, tc);

  tc = tcase_create ("resolve");
  tcase_add_loop_test (tc, test_resolve_by_name, 0, 2);
  tcase_add_test (tc, test_resolve_uses_what_is_set);
  tcase_add_test (tc, test_resolve_errors);
  tcase_add_test (tc, test_resolve_cancelled);
  suite_add_tcase (s, tc);

  tc = tcase_create ("project");
  tcase_add_loop_test (tc, test_fetch_project, 0, 4);
  tcase_add_test (tc, test_fetch_project_not_found);
  tcase_add_loop_test (tc, test_predict_labels_in_project, 0, 5);
  tcase_add_test (tc, test_validate_pipeline);
  suite_add_tcase (s, tc);

  return s;
}

int
main ()
{
  SRunner *runner = srunner_create (discovery_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
