/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "client.h"
#include "endpoint.h"
#include "project.h"

/* Project discovery: from a server, an API key and at most a project name
 * to the full endpoint (src/PROTOCOL.md §1.1, §6), then the project
 * document with the label names and colours (§5).
 *
 *   GET /api/v1/personal_access_tokens/organization   the key's organization
 *   GET /api/v1/organizations/{org}/workspaces        its workspaces
 *   GET .../workspaces/{ws}/projects?limit=&skip=     the projects, page by
 *                                                     page
 *   GET .../workspaces/{ws}/projects/{id}             the project document
 *
 * All calls are synchronous (Client::get): run them where blocking is fine,
 * e.g. in an element's start(). Errors are GETI_ERROR: the Client's codes
 * for a failed request (ERROR_UNAUTHORIZED, ERROR_NETWORK, ...), prefixed
 * with what was being looked up; ERROR_PARSE for an answer that is not what
 * Geti sends; ERROR_NOT_FOUND when what was asked for does not exist;
 * ERROR_SETTINGS when the settings do not pick one thing. Messages name the
 * setting to change (error_setting (): Setting::workspace_id,
 * project_name, pipeline, ...) and list what the server has. */

namespace geti {

struct WorkspaceSummary {
  std::string id;
  std::string name;
};

struct ProjectSummary {
  std::string id;
  std::string name;
};

/* One answer of GET .../projects (Geti 2.x, resource service
 * ProjectRESTController.get_projects). */
struct ProjectPage {
  std::vector<ProjectSummary> projects;
  /* every project of the workspace that the key may see, whatever the
   * filter ("project_counts") */
  std::optional<guint64> project_counts;
  /* how many projects the server read for this page ("project_page_count");
   * more than projects.size () when it failed to render some */
  std::optional<guint64> project_page_count;
  /* "next_page": the path of the next page, "" after the last one */
  std::optional<std::string> next_page;
};

/* The projects asked for per page: Geti's maximum (its `limit` parameter is
 * 1-100, default 10). */
inline constexpr guint PROJECT_PAGE_SIZE = 100;
/* The most pages list_projects() reads before giving up. */
inline constexpr guint PROJECT_MAX_PAGES = 100;

/* The organization of the API key, from the answer of
 * GET /personal_access_tokens/organization in either form:
 * {"organizationId": ...} (on-prem, Geti < 2.5) or
 * {"organizations": [{"organizationId", "organizationCreatedAt", ...}]}
 * (Geti >= 2.5), where, like the Geti SDK, the earliest created one is
 * taken when there are several. */
bool parse_organization (const std::string &body, std::string &organization_id,
    GError **error) noexcept;
/* {"workspaces": [{"id", "name", ...}]} */
bool parse_workspaces (const std::string &body,
    std::vector<WorkspaceSummary> &workspaces, GError **error) noexcept;
/* {"projects": [{"id", "name", ...}], "project_counts",
 * "project_page_count", "next_page"} */
bool parse_project_page (
    const std::string &body, ProjectPage &page, GError **error) noexcept;

/* Reads one page of the project list: the projects from @skip on, at most
 * PROJECT_PAGE_SIZE of them. */
using ProjectPageReader =
    std::function<bool (guint64 skip, ProjectPage &page, GError **error)>;

/* The paging of list_projects(), on its own: reads pages from skip 0 on,
 * moving skip on by project_page_count (or else by the projects listed),
 * until project_counts projects were read, or, without project_counts, a
 * page is short or "next_page" is ""; an empty page always ends it. Gives
 * up with ERROR_PARSE after PROJECT_MAX_PAGES pages. A project id seen
 * twice is listed once. */
bool read_project_pages (const ProjectPageReader &read_page,
    std::vector<ProjectSummary> &projects, GError **error) noexcept;

/* The organization of the client's API key, on @endpoint's server. */
bool find_organization (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, std::string &organization_id,
    GError **error) noexcept;

/* The workspace of @endpoint's organization: endpoint.workspace_id when it
 * is set (ERROR_NOT_FOUND when the organization has no such workspace),
 * else the organization's only one (ERROR_SETTINGS listing them when there
 * are several). */
bool find_workspace (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, std::string &workspace_id,
    GError **error) noexcept;

/* Every project of @endpoint's workspace, page after page as Geti pages
 * them: GET .../projects?limit=PROJECT_PAGE_SIZE&skip=N
 * (read_project_pages()). In the server's order (newest first); a project
 * seen twice (the list moved between two pages) is listed once. */
bool list_projects (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, std::vector<ProjectSummary> &projects,
    GError **error) noexcept;

/* The id of the project of @endpoint's workspace whose name is exactly
 * @name: ERROR_NOT_FOUND (listing the projects there are) when there is
 * none, ERROR_SETTINGS (listing the matches) when there are several. */
bool find_project (Client &client, const Endpoint &endpoint,
    const std::string &name, GCancellable *cancellable, std::string &project_id,
    GError **error) noexcept;

/* Fills in what @endpoint lacks: the organization (from the API key), the
 * workspace (the only one) and the project id (by @project_name; a project
 * id that is set wins over the name). endpoint.server must be set; the ids
 * that are set are checked first (endpoint_validate_partial()). Makes no
 * request when nothing is missing. On success @endpoint passes
 * endpoint_validate(); on failure it is left unchanged. */
bool resolve_endpoint (Client &client, Endpoint &endpoint,
    const std::string &project_name, GCancellable *cancellable,
    GError **error) noexcept;

/* GETs and parses the project document of @endpoint (labels, colours,
 * keypoint edges). */
bool fetch_project (Client &client, const Endpoint &endpoint,
    GCancellable *cancellable, Project &project, GError **error) noexcept;

/* Whether @pipeline can be predicted with in @project: "active" (or empty)
 * always, else the id of one of its tasks that has labels (not the dataset
 * or crop task). ERROR_SETTINGS about Setting::pipeline, listing the task
 * ids with their titles, otherwise. */
bool validate_pipeline (const Project &project, const std::string &pipeline,
    GError **error) noexcept;

} // namespace geti
