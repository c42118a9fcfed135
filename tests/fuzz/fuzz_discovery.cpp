/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The discovery answers (project-name): any bytes, read as the key's
 * organization, the workspace list and a page of the project list, and the
 * paging of the project list over that page. Seeds: the fake server's
 * answers in their every form (corpus/discovery). */
#include <string>
#include <vector>

#include "discovery.h"
#include "endpoint.h"
#include "error.h"
#include "fuzz.h"

namespace {

void
check_error (GError *&error)
{
  GETI_FUZZ_CHECK (error != nullptr && error->domain == GETI_ERROR &&
                       error->message != nullptr,
      "a failure without a GETI_ERROR");
  g_clear_error (&error);
}

} // namespace

GETI_FUZZ_TARGET (discovery)
{
  const std::string body (reinterpret_cast<const char *> (data), size);
  GError *error = nullptr;

  std::string organization_id = "stale";
  if (geti::parse_organization (body, organization_id, &error))
    GETI_FUZZ_CHECK (geti::is_uuid (organization_id), "organization id");
  else
    check_error (error);

  std::vector<geti::WorkspaceSummary> workspaces;
  if (!geti::parse_workspaces (body, workspaces, &error))
    check_error (error);

  geti::ProjectPage page;
  if (!geti::parse_project_page (body, page, &error)) {
    check_error (error);
    return;
  }

  /* A server that answers this page whatever skip is asked for: the paging
   * ends (at the latest after PROJECT_MAX_PAGES) and lists no id twice */
  guint pages = 0;
  std::vector<geti::ProjectSummary> projects;
  const bool listed = geti::read_project_pages (
      [&] (guint64, geti::ProjectPage &out, GError **) {
        pages++;
        out = page;
        return true;
      },
      projects, &error);
  GETI_FUZZ_CHECK (pages <= geti::PROJECT_MAX_PAGES, "%u pages read", pages);
  if (!listed) {
    check_error (error);
    return;
  }
  GETI_FUZZ_CHECK (projects.size () <= page.projects.size (), "ids repeated");
}
