/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "endpoint.h"

#include "error.h"

#include <algorithm>
#include <cstring>

namespace geti {

namespace {

bool
all_hex (std::string_view text) noexcept
{
  return std::all_of (text.begin (), text.end (),
      [] (char c) { return g_ascii_isxdigit (c); });
}

bool
ends_with (std::string_view text, std::string_view suffix) noexcept
{
  return text.size () >= suffix.size ()
      && text.substr (text.size () - suffix.size ()) == suffix;
}

/* Reduces the server setting to scheme://host[:port]. Users paste all sorts
 * of things: a trailing slash, the REST base with /api/v1. */
bool
normalize_server (std::string &server, GError **error)
{
  if (server.empty ()) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
        "\"server\" is not set: expected the Geti base URL, "
        "e.g. https://geti.example.com");
    return false;
  }

  g_autoptr (GError) uri_error = nullptr;
  g_autoptr (GUri) uri = g_uri_parse (server.c_str (), G_URI_FLAGS_NONE,
      &uri_error);
  const char *scheme = uri ? g_uri_get_scheme (uri) : nullptr;
  const char *host = uri ? g_uri_get_host (uri) : nullptr;
  if (uri == nullptr || scheme == nullptr
      || (g_ascii_strcasecmp (scheme, "http") != 0
          && g_ascii_strcasecmp (scheme, "https") != 0)
      || host == nullptr || *host == '\0') {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
        "\"server\" is \"%s\": expected http(s)://host[:port]",
        server.c_str ());
    return false;
  }
  if (g_uri_get_query (uri) != nullptr || g_uri_get_fragment (uri) != nullptr
      || g_uri_get_userinfo (uri) != nullptr) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
        "\"server\" is \"%s\": expected http(s)://host[:port] without "
        "user, query or fragment", server.c_str ());
    return false;
  }

  std::string path = g_uri_get_path (uri);
  while (!path.empty () && path.back () == '/')
    path.pop_back ();
  if (ends_with (path, "/api/v1"))
    path.resize (path.size () - 7);
  if (!path.empty ()) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
        "\"server\" is \"%s\": expected http(s)://host[:port] without a "
        "path (the element adds /api/v1/...); to paste a web-UI address "
        "use \"project-url\"", server.c_str ());
    return false;
  }

  /* Scheme and host names are case-insensitive */
  g_autofree char *lower_scheme = g_ascii_strdown (scheme, -1);
  g_autofree char *lower_host = g_ascii_strdown (host, -1);
  const bool ipv6 = std::strchr (host, ':') != nullptr;
  server = std::string (lower_scheme) + "://" + (ipv6 ? "[" : "")
      + lower_host + (ipv6 ? "]" : "");
  if (g_uri_get_port (uri) > 0)
    server += ":" + std::to_string (g_uri_get_port (uri));
  return true;
}

bool
check_id (const std::string &value, const char *property, bool uuid,
    GError **error)
{
  if (value.empty ()) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
        "\"%s\" is not set: expected %s", property,
        uuid ? "a UUID (8-4-4-4-12 hex digits)" : "24 hex digits");
    return false;
  }
  if (uuid ? !is_uuid (value) : !is_object_id (value)) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
        "\"%s\" is \"%s\": expected %s", property, value.c_str (),
        uuid ? "a UUID (8-4-4-4-12 hex digits)" : "24 hex digits");
    return false;
  }
  return true;
}

} // namespace

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
  return server + "/api/v1/organizations/" + organization_id + "/workspaces/"
      + workspace_id + "/projects/" + project_id;
}

std::string
Endpoint::predict_url () const
{
  return project_url () + "/pipelines/" + pipeline + ":predict";
}

bool
endpoint_validate (Endpoint &endpoint, GError **error) noexcept
{
  try {
    if (!normalize_server (endpoint.server, error)
        || !check_id (endpoint.organization_id, "organization-id", true, error)
        || !check_id (endpoint.workspace_id, "workspace-id", true, error)
        || !check_id (endpoint.project_id, "project-id", false, error))
      return false;
    if (endpoint.pipeline.empty ())
      endpoint.pipeline = "active";
    if (endpoint.pipeline != "active" && !is_object_id (endpoint.pipeline)) {
      g_set_error (error, GETI_ERROR, ERROR_SETTINGS,
          "\"pipeline\" is \"%s\": expected \"active\" or a task id "
          "(24 hex digits)", endpoint.pipeline.c_str ());
      return false;
    }
    return true;
  } catch (const std::exception &e) {
    g_set_error (error, GETI_ERROR, ERROR_SETTINGS, "%s", e.what ());
    return false;
  }
}

} // namespace geti
