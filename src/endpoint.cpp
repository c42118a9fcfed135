/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "endpoint.h"

#include "error.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace geti {

namespace {

bool
all_hex (std::string_view text) noexcept
{
  return std::all_of (
      text.begin (), text.end (), [] (char c) { return g_ascii_isxdigit (c); });
}

bool
ends_with (std::string_view text, std::string_view suffix) noexcept
{
  return text.size () >= suffix.size () &&
         text.substr (text.size () - suffix.size ()) == suffix;
}

bool
is_http_uri (GUri *uri) noexcept
{
  const char *scheme = uri ? g_uri_get_scheme (uri) : nullptr;
  const char *host = uri ? g_uri_get_host (uri) : nullptr;
  return scheme != nullptr &&
         (g_ascii_strcasecmp (scheme, "http") == 0 ||
             g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != nullptr && *host != '\0';
}

/* scheme://host[:port] of an http(s) URI: scheme and host names are
 * case-insensitive, so in lower case; an IPv6 literal in brackets. */
std::string
server_of (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autofree char *lower_scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  g_autofree char *lower_host = g_ascii_strdown (host, -1);
  const bool ipv6 = std::strchr (host, ':') != nullptr;
  std::string server = std::string (lower_scheme) + "://" + (ipv6 ? "[" : "") +
                       lower_host + (ipv6 ? "]" : "");
  if (g_uri_get_port (uri) > 0)
    server += ":" + std::to_string (g_uri_get_port (uri));
  return server;
}

/* Reduces the server setting to scheme://host[:port]. Users paste all sorts
 * of things: a trailing slash, the REST base with /api/v1. */
bool
normalize_server (std::string &server, GError **error)
{
  if (server.empty ()) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::server
                          << " is not set: expected the Geti base URL, "
                             "e.g. https://geti.example.com");
    return false;
  }

  g_autoptr (GUri) uri =
      g_uri_parse (server.c_str (), G_URI_FLAGS_NONE, nullptr);
  if (!is_http_uri (uri)) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::server << " is \"" << server
                          << "\": expected http(s)://host[:port]");
    return false;
  }
  if (g_uri_get_port (uri) == 0) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::server << " is \"" << server
                          << "\": port 0 is no port a server listens on");
    return false;
  }
  if (g_uri_get_query (uri) != nullptr || g_uri_get_fragment (uri) != nullptr ||
      g_uri_get_userinfo (uri) != nullptr) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::server << " is \"" << server
                          << "\": expected http(s)://host[:port] without "
                             "user, query or fragment");
    return false;
  }

  std::string path = g_uri_get_path (uri);
  while (!path.empty () && path.back () == '/')
    path.pop_back ();
  if (ends_with (path, "/api/v1"))
    path.resize (path.size () - 7);
  if (!path.empty ()) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::server << " is \"" << server
                          << "\": expected http(s)://host[:port] without a "
                             "path (the element adds /api/v1/...); to paste a "
                             "web-UI address use "
                          << Setting::project_url);
    return false;
  }

  server = server_of (uri);
  return true;
}

bool
check_id (const std::string &value, Setting setting, bool uuid, GError **error)
{
  const char *expected =
      uuid ? "a UUID (8-4-4-4-12 hex digits)" : "24 hex digits";
  if (value.empty ()) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << setting << " is not set: expected " << expected);
    return false;
  }
  if (uuid ? !is_uuid (value) : !is_object_id (value)) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << setting << " is \"" << value << "\": expected "
                          << expected);
    return false;
  }
  return true;
}

/* The pattern a project's address must follow, for its error messages
 * (the path of the web UI, with the ids it holds) */
constexpr char kProjectUrlPattern[] =
    "http(s)://host[:port]/organizations/{organization-id}/workspaces/"
    "{workspace-id}/projects/{project-id}[/...]";

/* @problem may name settings too. */
void
set_project_url_error (
    GError **error, const std::string &shown, const SettingMessage &problem)
{
  set_setting_error (error, ERROR_SETTINGS,
      SettingMessage () << Setting::project_url << " is \"" << shown
                        << "\": " << problem
                        << "; expected the address of the project in the "
                           "Geti web UI, "
                        << kProjectUrlPattern);
}

void
set_project_url_error (
    GError **error, const std::string &shown, const std::string &problem)
{
  set_project_url_error (error, shown, SettingMessage () << problem);
}

/* The non-empty segments of a URI path, still percent-encoded: an id
 * with an escape in it is then simply malformed. */
std::vector<std::string>
path_segments (const char *path)
{
  std::vector<std::string> segments;
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  for (char **part = parts; *part != nullptr; part++) {
    if (**part != '\0')
      segments.emplace_back (*part);
  }
  return segments;
}

bool
parse_project_url (const std::string &url, Endpoint &endpoint, GError **error)
{
  if (url.empty ()) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::project_url
                          << " is empty: expected the address of the project "
                             "in the Geti web UI, "
                          << kProjectUrlPattern);
    return false;
  }
  g_autoptr (GUri) uri = g_uri_parse (url.c_str (), G_URI_FLAGS_NONE, nullptr);
  if (uri == nullptr || !is_http_uri (uri)) {
    set_project_url_error (error, url, "not an http(s) URL");
    return false;
  }
  if (g_uri_get_port (uri) == 0) {
    set_project_url_error (error, url, "port 0 is no port a server listens on");
    return false;
  }
  /* shown without user and password, should someone paste them */
  g_autofree char *shown = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
  if (g_uri_get_userinfo (uri) != nullptr) {
    set_project_url_error (error, shown,
        SettingMessage () << "a user name or password does not belong in it "
                             "(the API key goes in "
                          << Setting::api_key << ")");
    return false;
  }

  std::vector<std::string> segments = path_segments (g_uri_get_path (uri));
  std::size_t first = 0;
  if (segments.size () >= 2 && segments[0] == "api" && segments[1] == "v1")
    first = 2;
  const std::size_t n = segments.size () - first;
  auto keyword_at = [&] (std::size_t i, const char *keyword) {
    return n > i && segments[first + i] == keyword;
  };
  if (!keyword_at (0, "organizations") || !keyword_at (2, "workspaces")) {
    set_project_url_error (error, shown,
        "its path does not start with /organizations/{organization-id}/"
        "workspaces/{workspace-id}");
    return false;
  }
  if (!keyword_at (4, "projects") || n < 6) {
    set_project_url_error (error, shown,
        "it names no project (open the project in the web UI and copy the "
        "address from there)");
    return false;
  }

  const std::string &organization = segments[first + 1];
  const std::string &workspace = segments[first + 3];
  const std::string &project = segments[first + 5];
  if (!is_uuid (organization)) {
    set_project_url_error (error, shown,
        "the organization id \"" + organization +
            "\" is not a UUID (8-4-4-4-12 hex digits)");
    return false;
  }
  if (!is_uuid (workspace)) {
    set_project_url_error (error, shown,
        "the workspace id \"" + workspace +
            "\" is not a UUID (8-4-4-4-12 hex digits)");
    return false;
  }
  if (!is_object_id (project)) {
    set_project_url_error (error, shown,
        "the project id \"" + project + "\" is not 24 hex digits");
    return false;
  }

  endpoint.server = server_of (uri);
  endpoint.organization_id = organization;
  endpoint.workspace_id = workspace;
  endpoint.project_id = project;
  return true;
}

bool
check_pipeline (Endpoint &endpoint, GError **error)
{
  if (endpoint.pipeline.empty ())
    endpoint.pipeline = "active";
  if (endpoint.pipeline != "active" && !is_object_id (endpoint.pipeline)) {
    set_setting_error (error, ERROR_SETTINGS,
        SettingMessage () << Setting::pipeline << " is \"" << endpoint.pipeline
                          << "\": expected \"active\" or a task id (24 hex "
                             "digits)");
    return false;
  }
  return true;
}

} // namespace

bool
server_normalize (std::string &server, GError **error) noexcept
{
  return guarded (error, ERROR_SETTINGS, "checking the settings",
      [&] { return normalize_server (server, error); });
}

bool
is_uuid (std::string_view text) noexcept
{
  if (text.size () != 36)
    return false;
  for (std::size_t i = 0; i < text.size (); i++) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
      return false;
  }
  return true;
}

bool
is_object_id (std::string_view text) noexcept
{
  return text.size () == 24 && all_hex (text);
}

std::string
Endpoint::project_url () const
{
  return server + "/api/v1/organizations/" + organization_id + "/workspaces/" +
         workspace_id + "/projects/" + project_id;
}

std::string
Endpoint::predict_url () const
{
  return project_url () + "/pipelines/" + pipeline + ":predict";
}

std::string
Endpoint::explain_url () const
{
  return project_url () + "/pipelines/" + pipeline + ":explain";
}

bool
endpoint_validate (Endpoint &endpoint, GError **error) noexcept
{
  return guarded (error, ERROR_SETTINGS, "checking the settings", [&] {
    return normalize_server (endpoint.server, error) &&
           check_id (endpoint.organization_id, Setting::organization_id, true,
               error) &&
           check_id (
               endpoint.workspace_id, Setting::workspace_id, true, error) &&
           check_id (endpoint.project_id, Setting::project_id, false, error) &&
           check_pipeline (endpoint, error);
  });
}

bool
endpoint_validate_partial (Endpoint &endpoint, GError **error) noexcept
{
  return guarded (error, ERROR_SETTINGS, "checking the settings", [&] {
    return normalize_server (endpoint.server, error) &&
           (endpoint.organization_id.empty () ||
               check_id (endpoint.organization_id, Setting::organization_id,
                   true, error)) &&
           (endpoint.workspace_id.empty () ||
               check_id (endpoint.workspace_id, Setting::workspace_id, true,
                   error)) &&
           (endpoint.project_id.empty () ||
               check_id (
                   endpoint.project_id, Setting::project_id, false, error)) &&
           check_pipeline (endpoint, error);
  });
}

bool
endpoint_from_project_url (
    const std::string &url, Endpoint &endpoint, GError **error) noexcept
{
  return guarded (error, ERROR_SETTINGS, "checking the settings", [&] {
    Endpoint parsed = endpoint;
    if (!parse_project_url (url, parsed, error))
      return false;
    endpoint = std::move (parsed);
    return true;
  });
}

} // namespace geti
