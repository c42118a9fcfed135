/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "discovery.h"

#include <algorithm>
#include <cstring>
#include <cmath>
#include <exception>
#include <set>

#include "error.h"
#include "json_reader.h"

namespace geti {

namespace {

using json::Need;
using json::Path;

/* How many workspaces or projects an error message lists at most */
constexpr std::size_t kMaxListed = 10;
/* How many characters of a name from the server a message shows */
constexpr glong kMaxNameLength = 80;

/* A string from the server made fit for an error message: valid UTF-8,
 * one line, not too long. */
std::string
printable (const std::string &text)
{
  g_autofree char *valid =
      g_utf8_make_valid (text.data (), static_cast<gssize> (text.size ()));
  std::string clean;
  if (g_utf8_strlen (valid, -1) > kMaxNameLength) {
    g_autofree char *start = g_utf8_substring (valid, 0, kMaxNameLength);
    clean = std::string (start) + "...";
  } else {
    clean = valid;
  }
  for (char &c : clean) {
    if (static_cast<unsigned char> (c) < 0x20 || c == 0x7f)
      c = ' ';
  }
  return clean;
}

std::string
quoted (const std::string &name)
{
  return "\"" + printable (name) + "\"";
}

/* "name" (id), "name" (id), ... and N more */
template <typename Summary>
std::string
list_text (const std::vector<Summary> &items)
{
  std::string text;
  const std::size_t shown = std::min (items.size (), kMaxListed);
  for (std::size_t i = 0; i < shown; i++) {
    if (i > 0)
      text += ", ";
    text += quoted (items[i].name) + " (" + printable (items[i].id) + ")";
  }
  if (items.size () > shown)
    text += ", and " + std::to_string (items.size () - shown) + " more";
  return text;
}

std::string
api_url (const Endpoint &endpoint)
{
  return endpoint.server + "/api/v1";
}

std::string
workspaces_url (const Endpoint &endpoint)
{
  return api_url (endpoint) + "/organizations/" + endpoint.organization_id +
         "/workspaces";
}

std::string
projects_url (const Endpoint &endpoint)
{
  return workspaces_url (endpoint) + "/" + endpoint.workspace_id + "/projects";
}

/* What a request path is built from */
enum class PathNeeds {
  server,
  organization,
  workspace,
};

/* The server and ids a request path is built from must be set, and the ids
 * well-formed: they end up in the URL. */
bool
check_path_ids (const Endpoint &endpoint, PathNeeds needs, GError **error)
{
  if (endpoint.server.empty ()) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::server
                          << " is not set: expected the Geti base URL, e.g. "
                             "https://geti.example.com");
    return false;
  }
  if (needs != PathNeeds::server && !is_uuid (endpoint.organization_id)) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::organization_id << " is \""
                          << endpoint.organization_id
                          << "\": expected a UUID (8-4-4-4-12 hex digits)");
    return false;
  }
  if (needs == PathNeeds::workspace && !is_uuid (endpoint.workspace_id)) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::workspace_id << " is \""
                          << endpoint.workspace_id
                          << "\": expected a UUID (8-4-4-4-12 hex digits)");
    return false;
  }
  return true;
}

/* GETs @url; a failure says what was being looked up, and where. */
bool
get_document (Client &client, const std::string &url, const char *what,
    GCancellable *cancellable, std::string &body, GError **error)
{
  if (client.get (url, cancellable, body, nullptr, error))
    return true;
  /* transport errors name the URL already */
  if (error != nullptr && *error != nullptr &&
      strstr ((*error)->message, url.c_str ()) != nullptr)
    g_prefix_error (error, "%s: ", what);
  else
    g_prefix_error (error, "%s (GET %s): ", what, url.c_str ());
  return false;
}

JsonNode *
parse_root (const std::string &body, JsonObject *&root, GError **error)
{
  g_autoptr (JsonNode) node = json::parse (body.data (), body.size (), error);
  if (node == nullptr || !json::as_object (node, Path (), root, error))
    return nullptr;
  return static_cast<JsonNode *> (g_steal_pointer (&node));
}

/* A non-negative integer member, if present */
bool
get_count (JsonObject *object, const Path &path, const char *name,
    std::optional<guint64> &out, GError **error)
{
  if (json::find_member (object, name) == nullptr)
    return true;
  double value = 0;
  if (!json::get_number (object, path, name, Need::required, value, error))
    return false;
  if (!(value >= 0 && value <= 9007199254740992.0) ||
      value != std::floor (value)) {
    const Path member (path, name);
    json::set_error (error, member, "expected a count, got %g", value);
    return false;
  }
  out = static_cast<guint64> (value);
  return true;
}

/* {"organizations": [...]}: the only one, or the earliest created, as the
 * Geti SDK picks it (geti_session.py, _get_organization_id). */
bool
pick_organization (
    JsonArray *list, const Path &path, std::string &id, GError **error)
{
  const guint n = json_array_get_length (list);
  if (n == 0) {
    g_set_error_literal (error, GETI_ERROR, ERROR_NOT_FOUND,
        "the API key belongs to no organization");
    return false;
  }
  g_autoptr (GDateTime) earliest = nullptr;
  for (guint i = 0; i < n; i++) {
    const Path entry_path (path, i);
    JsonObject *entry;
    std::string entry_id;
    std::optional<std::string> created;
    if (!json::as_object (
            json_array_get_element (list, i), entry_path, entry, error) ||
        !json::get_string (entry, entry_path, "organizationId", Need::required,
            entry_id, error) ||
        !json::get_string (
            entry, entry_path, "organizationCreatedAt", created, error))
      return false;
    if (n == 1) {
      id = entry_id;
      return true;
    }
    g_autoptr (GDateTime) time =
        created ? g_date_time_new_from_iso8601 (created->c_str (), nullptr)
                : nullptr;
    if (time == nullptr) {
      const Path created_path (entry_path, "organizationCreatedAt");
      json::set_error (error, created_path,
          "expected an ISO 8601 time to choose among %u organizations", n);
      return false;
    }
    if (earliest == nullptr || g_date_time_compare (time, earliest) < 0) {
      g_clear_pointer (&earliest, g_date_time_unref);
      earliest = static_cast<GDateTime *> (g_steal_pointer (&time));
      id = entry_id;
    }
  }
  return true;
}

bool
parse_organization_document (
    const std::string &body, std::string &id, GError **error)
{
  JsonObject *root;
  g_autoptr (JsonNode) node = parse_root (body, root, error);
  if (node == nullptr)
    return false;

  const Path top;
  std::optional<std::string> single;
  JsonArray *list = nullptr;
  if (!json::get_string (root, top, "organizationId", single, error) ||
      !json::get_array (
          root, top, "organizations", Need::optional, list, error))
    return false;
  if (single) {
    id = *single;
  } else if (list != nullptr) {
    const Path list_path (top, "organizations");
    if (!pick_organization (list, list_path, id, error))
      return false;
  } else {
    json::set_error (
        error, top, "expected \"organizationId\" or \"organizations\"");
    return false;
  }
  if (!is_uuid (id)) {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "the organization id \"%s\" is not a UUID", printable (id).c_str ());
    return false;
  }
  return true;
}

bool
parse_workspaces_document (const std::string &body,
    std::vector<WorkspaceSummary> &workspaces, GError **error)
{
  JsonObject *root;
  g_autoptr (JsonNode) node = parse_root (body, root, error);
  if (node == nullptr)
    return false;

  const Path top;
  JsonArray *list;
  if (!json::get_array (root, top, "workspaces", Need::required, list, error))
    return false;
  const Path list_path (top, "workspaces");
  const guint n = json_array_get_length (list);
  for (guint i = 0; i < n; i++) {
    const Path entry_path (list_path, i);
    JsonObject *entry;
    WorkspaceSummary workspace;
    if (!json::as_object (
            json_array_get_element (list, i), entry_path, entry, error) ||
        !json::get_string (
            entry, entry_path, "id", Need::required, workspace.id, error) ||
        !json::get_string (
            entry, entry_path, "name", Need::optional, workspace.name, error))
      return false;
    workspaces.push_back (std::move (workspace));
  }
  return true;
}

bool
parse_project_page_document (
    const std::string &body, ProjectPage &page, GError **error)
{
  JsonObject *root;
  g_autoptr (JsonNode) node = parse_root (body, root, error);
  if (node == nullptr)
    return false;

  const Path top;
  JsonArray *list;
  if (!json::get_array (root, top, "projects", Need::required, list, error) ||
      !get_count (root, top, "project_counts", page.project_counts, error) ||
      !get_count (
          root, top, "project_page_count", page.project_page_count, error) ||
      !json::get_string (root, top, "next_page", page.next_page, error))
    return false;
  const Path list_path (top, "projects");
  const guint n = json_array_get_length (list);
  page.projects.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path entry_path (list_path, i);
    JsonObject *entry;
    ProjectSummary project;
    if (!json::as_object (
            json_array_get_element (list, i), entry_path, entry, error) ||
        !json::get_string (
            entry, entry_path, "id", Need::required, project.id, error) ||
        !json::get_string (
            entry, entry_path, "name", Need::optional, project.name, error))
      return false;
    page.projects.push_back (std::move (project));
  }
  return true;
}

bool
has_model (const ProjectTask &task)
{
  return !task.labels.empty () && task.task_type != "dataset" &&
         task.task_type != "crop";
}

} // namespace

bool
parse_organization (const std::string &body, std::string &organization_id,
    GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    std::string id;
    if (!parse_organization_document (body, id, error))
      return false;
    organization_id = std::move (id);
    return true;
  });
}

bool
parse_workspaces (const std::string &body,
    std::vector<WorkspaceSummary> &workspaces, GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    std::vector<WorkspaceSummary> parsed;
    if (!parse_workspaces_document (body, parsed, error))
      return false;
    workspaces = std::move (parsed);
    return true;
  });
}

bool
parse_project_page (
    const std::string &body, ProjectPage &page, GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    ProjectPage parsed;
    if (!parse_project_page_document (body, parsed, error))
      return false;
    page = std::move (parsed);
    return true;
  });
}

bool
find_organization (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, std::string &organization_id,
    GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    if (!check_path_ids (endpoint, PathNeeds::server, error))
      return false;
    const char *what = "Looking up the organization of the API key";
    const std::string url =
        api_url (endpoint) + "/personal_access_tokens/organization";
    std::string body;
    if (!get_document (client, url, what, cancellable, body, error))
      return false;
    if (!parse_organization (body, organization_id, error)) {
      g_prefix_error (error, "%s (GET %s): ", what, url.c_str ());
      return false;
    }
    return true;
  });
}

bool
find_workspace (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, std::string &workspace_id,
    GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    if (!check_path_ids (endpoint, PathNeeds::organization, error))
      return false;
    const char *what = "Listing the workspaces";
    const std::string url = workspaces_url (endpoint);
    std::string body;
    std::vector<WorkspaceSummary> workspaces;
    if (!get_document (client, url, what, cancellable, body, error))
      return false;
    if (!parse_workspaces (body, workspaces, error)) {
      g_prefix_error (error, "%s (GET %s): ", what, url.c_str ());
      return false;
    }

    const std::string &given = endpoint.workspace_id;
    if (!given.empty ()) {
      for (const auto &workspace : workspaces) {
        /* UUIDs are case-insensitive; the server's spelling is used */
        if (g_ascii_strcasecmp (workspace.id.c_str (), given.c_str ()) == 0) {
          workspace_id = workspace.id;
          return true;
        }
      }
      set_setting_error (error, ERROR_NOT_FOUND,
          SettingMessage ()
              << Setting::workspace_id << " is \"" << given
              << "\": organization " << endpoint.organization_id
              << " has no such workspace; its workspaces are: "
              << (workspaces.empty () ? "none" : list_text (workspaces)));
      return false;
    }

    if (workspaces.empty ()) {
      g_set_error (error, GETI_ERROR, ERROR_NOT_FOUND,
          "organization %s has no workspace that the API key may use",
          endpoint.organization_id.c_str ());
      return false;
    }
    if (workspaces.size () > 1) {
      set_setting_error (error, ERROR_SETTINGS,
          SettingMessage ()
              << Setting::workspace_id << " is not set and organization "
              << endpoint.organization_id << " has "
              << std::to_string (workspaces.size ()) << " workspaces: "
              << list_text (workspaces) << "; set " << Setting::workspace_id
              << " to one of them, or use " << Setting::project_url);
      return false;
    }
    if (!is_uuid (workspaces[0].id)) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "%s (GET %s): the workspace id \"%s\" is not a UUID", what,
          url.c_str (), printable (workspaces[0].id).c_str ());
      return false;
    }
    workspace_id = workspaces[0].id;
    return true;
  });
}

bool
read_project_pages (const ProjectPageReader &read_page,
    std::vector<ProjectSummary> &projects, GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    std::vector<ProjectSummary> listed;
    std::set<std::string> seen;
    guint64 skip = 0;

    for (guint page_index = 0;; page_index++) {
      if (page_index == PROJECT_MAX_PAGES) {
        set_setting_error (error, ERROR_PARSE,
            SettingMessage ()
                << "Listing the projects: the server still lists projects "
                   "after "
                << std::to_string (PROJECT_MAX_PAGES) << " pages ("
                << std::to_string (skip) << " projects); set "
                << Setting::project_id << " instead");
        return false;
      }
      ProjectPage page;
      if (!read_page (skip, page, error))
        return false;
      for (auto &project : page.projects) {
        if (seen.insert (project.id).second)
          listed.push_back (std::move (project));
      }

      /* Geti moves skip on by what it read, including projects it then
       * failed to render (ProjectRESTController.get_projects) */
      const guint64 read =
          page.project_page_count.value_or (page.projects.size ());
      if (read == 0)
        break;
      skip += read;
      if (page.project_counts) {
        /* unfiltered: exactly the number of projects to read */
        if (skip >= *page.project_counts)
          break;
        continue;
      }
      if (read < PROJECT_PAGE_SIZE ||
          (page.next_page && page.next_page->empty ()))
        break;
    }
    projects = std::move (listed);
    return true;
  });
}

bool
list_projects (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, std::vector<ProjectSummary> &projects,
    GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    if (!check_path_ids (endpoint, PathNeeds::workspace, error))
      return false;
    const char *what = "Listing the projects";
    const std::string base = projects_url (endpoint);
    auto read_page = [&] (
                         guint64 skip, ProjectPage &page, GError **page_error) {
      const std::string url = base +
                              "?limit=" + std::to_string (PROJECT_PAGE_SIZE) +
                              "&skip=" + std::to_string (skip);
      std::string body;
      if (!get_document (client, url, what, cancellable, body, page_error))
        return false;
      if (!parse_project_page (body, page, page_error)) {
        g_prefix_error (page_error, "%s (GET %s): ", what, url.c_str ());
        return false;
      }
      return true;
    };
    return read_project_pages (read_page, projects, error);
  });
}

bool
find_project (Client &client, const Endpoint &endpoint, const std::string &name,
    GCancellable *cancellable, std::string &project_id, GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    std::vector<ProjectSummary> projects;
    if (!list_projects (client, endpoint, cancellable, projects, error))
      return false;

    std::vector<ProjectSummary> matches;
    std::vector<ProjectSummary> other_case;
    for (const auto &project : projects) {
      if (project.name == name)
        matches.push_back (project);
      else if (g_ascii_strcasecmp (project.name.c_str (), name.c_str ()) == 0)
        other_case.push_back (project);
    }

    if (matches.size () == 1) {
      if (!is_object_id (matches[0].id)) {
        g_set_error (error, GETI_ERROR, ERROR_PARSE,
            "Listing the projects (GET %s): the id \"%s\" of project %s is "
            "not 24 hex digits",
            projects_url (endpoint).c_str (),
            printable (matches[0].id).c_str (), quoted (name).c_str ());
        return false;
      }
      project_id = matches[0].id;
      return true;
    }
    if (matches.size () > 1) {
      set_setting_error (error, ERROR_SETTINGS,
          SettingMessage ()
              << Setting::project_name << " is " << quoted (name) << ": "
              << std::to_string (matches.size ()) << " projects of workspace "
              << endpoint.workspace_id << " have this name: "
              << list_text (matches) << "; set " << Setting::project_id
              << " to one of them, or use " << Setting::project_url);
      return false;
    }
    if (projects.empty ()) {
      set_setting_error (error, ERROR_NOT_FOUND,
          SettingMessage ()
              << Setting::project_name << " is " << quoted (name)
              << ": workspace " << endpoint.workspace_id << " has no projects");
      return false;
    }
    const std::string hint = other_case.empty ()
                                 ? std::string ()
                                 : " (names are case-sensitive: did you mean " +
                                       quoted (other_case[0].name) + "?)";
    set_setting_error (error, ERROR_NOT_FOUND,
        SettingMessage () << Setting::project_name << " is " << quoted (name)
                          << ": workspace " << endpoint.workspace_id
                          << " has no project of this name" << hint << "; its "
                          << std::to_string (projects.size ())
                          << " projects are: " << list_text (projects));
    return false;
  });
}

bool
resolve_endpoint (Client &client, Endpoint &endpoint,
    const std::string &project_name, GCancellable *cancellable,
    GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    Endpoint resolved = endpoint;
    if (!endpoint_validate_partial (resolved, error))
      return false;
    if (resolved.project_id.empty () && project_name.empty ()) {
      set_setting_error (error, ERROR_SETTINGS,
          SettingMessage ()
              << Setting::project_id
              << " is not set: expected 24 hex digits; or set "
              << Setting::project_name << " or " << Setting::project_url);
      return false;
    }

    std::string found;
    if (resolved.organization_id.empty ()) {
      if (!find_organization (client, resolved, cancellable, found, error))
        return false;
      resolved.organization_id = found;
    }
    if (resolved.workspace_id.empty ()) {
      if (!find_workspace (client, resolved, cancellable, found, error))
        return false;
      resolved.workspace_id = found;
    }
    if (resolved.project_id.empty ()) {
      if (!find_project (
              client, resolved, project_name, cancellable, found, error))
        return false;
      resolved.project_id = found;
    }

    if (!endpoint_validate (resolved, error))
      return false;
    endpoint = std::move (resolved);
    return true;
  });
}

bool
fetch_project (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, Project &project, GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    const char *what = "Fetching the project";
    const std::string url = endpoint.project_url ();
    std::string body;
    if (!get_document (client, url, what, cancellable, body, error))
      return false;
    if (!parse_project (body.data (), body.size (), project, error)) {
      g_prefix_error (error, "%s (GET %s): ", what, url.c_str ());
      return false;
    }
    return true;
  });
}

bool
validate_pipeline (const Project &project, const std::string &pipeline,
    GError **error) noexcept
{
  return guarded (error, ERROR_PARSE, "looking up the project", [&] {
    if (pipeline.empty () || pipeline == "active")
      return true;
    const ProjectTask *task = project.find_task (pipeline);
    if (task != nullptr && has_model (*task))
      return true;

    std::string choices = "\"active\"";
    for (const auto &candidate : project.tasks) {
      if (has_model (candidate)) {
        choices += ", " + printable (candidate.id) + " (" +
                   quoted (candidate.title.empty () ? candidate.task_type
                                                    : candidate.title) +
                   ")";
      }
    }
    if (task == nullptr) {
      set_setting_error (error, ERROR_SETTINGS,
          SettingMessage ()
              << Setting::pipeline << " is \"" << pipeline << "\": project "
              << quoted (project.name) << " has no task with this id; expected "
              << choices);
    } else {
      set_setting_error (error, ERROR_SETTINGS,
          SettingMessage ()
              << Setting::pipeline << " is \"" << pipeline << "\": task "
              << quoted (task->title) << " (" << printable (task->task_type)
              << ") of project " << quoted (project.name)
              << " has no model to predict with; expected " << choices);
    }
    return false;
  });
}

} // namespace geti
