/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <string>
#include <string_view>

/* Where a Geti project lives: the server and the three ids in the REST path
 * /api/v1/organizations/{org}/workspaces/{ws}/projects/{project}
 * (src/PROTOCOL.md §1.1). */

namespace geti {

struct Endpoint {
  std::string server;              /* http(s)://host[:port], no path */
  std::string organization_id;     /* UUID */
  std::string workspace_id;        /* UUID */
  std::string project_id;          /* 24 hex digits */
  std::string pipeline = "active"; /* "active" or a task id (24 hex) */

  /* {server}/api/v1/organizations/{org}/workspaces/{ws}/projects/{project} */
  std::string project_url () const;
  /* project_url()/pipelines/{pipeline}:predict */
  std::string predict_url () const;
  /* project_url()/pipelines/{pipeline}:explain (src/PROTOCOL.md §3.5) */
  std::string explain_url () const;
};

/* Checks every field; the error (GETI_ERROR/ERROR_SETTINGS) is about the
 * setting that is wrong (error_setting (): Setting::server,
 * Setting::organization_id, ...) and says what was expected. A trailing '/' on
 * the server is removed. */
bool endpoint_validate (Endpoint &endpoint, GError **error) noexcept;

/* Like endpoint_validate(), but the ids may be empty (project discovery
 * finds them, discovery.h): the server is normalized and every id that is
 * set must be well-formed. */
bool endpoint_validate_partial (Endpoint &endpoint, GError **error) noexcept;

/* Fills server, organization_id, workspace_id and project_id (pipeline is
 * left alone) from an address of the project: any Geti web-UI address
 * inside it, as the browser shows it,
 *   http(s)://host[:port]/organizations/{org}/workspaces/{ws}/projects/{id}
 * followed by anything (/datasets/.../media, /models/..., /tests/..., a
 * trailing '/'), or its REST address, with /api/v1 before /organizations.
 * Query and fragment are ignored. A malformed address is
 * GETI_ERROR/ERROR_SETTINGS about Setting::project_url, showing the
 * expected pattern; @endpoint is then left unchanged. */
bool endpoint_from_project_url (
    const std::string &url, Endpoint &endpoint, GError **error) noexcept;

/* Reduces a server setting to scheme://host[:port] (lower case, no
 * trailing slash, no /api/v1); the error is about Setting::server. */
bool server_normalize (std::string &server, GError **error) noexcept;

/* 8-4-4-4-12 hex digits */
bool is_uuid (std::string_view text) noexcept;
/* 24 hex digits (a Mongo object id, as Geti uses for projects and tasks) */
bool is_object_id (std::string_view text) noexcept;

} // namespace geti
