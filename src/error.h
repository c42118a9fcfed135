/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

/* Errors of the Geti client core, in the json-glib/libsoup way: one GError
 * domain, one code per way a request can end. Messages are meant for users
 * and never contain the API key. An error about a setting says which one
 * as a value (error_setting ()), and where its message names settings, so
 * that a caller that knows them by other names (an element, by its
 * properties) can show the message with those (error_message_naming ()). */

#define GETI_ERROR (geti::error_quark ())

namespace geti {

enum ErrorCode {
  ERROR_SETTINGS = 1, /* a setting is missing or malformed */
  ERROR_NO_MODEL,     /* HTTP 204: no model (loaded) yet */
  ERROR_BAD_REQUEST,  /* HTTP 400 (malformed key, bad parameters) */
  ERROR_UNAUTHORIZED, /* HTTP 401: invalid or expired key */
  ERROR_FORBIDDEN,    /* HTTP 403: no credentials, or no access */
  ERROR_NOT_FOUND,    /* HTTP 404: project, pipeline or model unknown */
  ERROR_RATE_LIMITED, /* HTTP 429 */
  ERROR_SERVER,       /* HTTP 5xx */
  ERROR_HTTP,         /* any other unexpected HTTP status */
  ERROR_NETWORK,      /* connection refused, reset, closed, DNS, ... */
  ERROR_TIMEOUT,      /* no answer within the timeout */
  ERROR_TLS,          /* the server certificate was not accepted */
  ERROR_CANCELLED,    /* cancelled through the GCancellable */
  ERROR_PARSE,        /* the answer is not what Geti sends */
  ERROR_REDIRECT,     /* HTTP 3xx: Geti's REST API never redirects, and a
                         redirect is never followed (the key would go along) */
};

GQuark error_quark () noexcept;

/* The settings of the core, as its errors name them. */
enum class Setting {
  none = 0,
  server,          /* Endpoint::server */
  api_key,         /* ClientConfig::api_key */
  organization_id, /* Endpoint::organization_id */
  workspace_id,    /* Endpoint::workspace_id */
  project_id,      /* Endpoint::project_id */
  project_url,     /* the address endpoint_from_project_url () reads */
  project_name,    /* the name resolve_endpoint () looks up */
  pipeline,        /* Endpoint::pipeline */
  ssl_ca_file,     /* ClientConfig::ssl_ca_file */
};

/* How the core's messages name @setting: "the server", "the project id",
 * ... */
const char *setting_name (Setting setting) noexcept;

/* The setting @error is about (the first one its message names), or
 * Setting::none: no setting, or not a GETI_ERROR. */
Setting error_setting (const GError *error) noexcept;

/* (transfer full) @error's message with each setting it names named by
 * @name (setting) instead. Prefixes added with g_prefix_error () are kept;
 * a message changed in any other way is returned as it is. */
char *error_message_naming (
    const GError *error, const char *(*name) (Setting setting)) noexcept;

/* A message that names settings, for set_setting_error (): the text, and
 * where in it each setting is named (setting_name ()). */
class SettingMessage
{
public:
  SettingMessage &operator<< (Setting setting);
  SettingMessage &operator<< (std::string_view text);
  SettingMessage &operator<< (const SettingMessage &more);

private:
  friend void set_setting_error (
      GError **error, int code, const SettingMessage &message) noexcept;
  struct Span {
    gsize start;
    gsize length;
    Setting setting;
  };
  std::string text_;
  std::vector<Span> spans_;
};

/* Sets @error to GETI_ERROR/@code (an ErrorCode) with @message, keeping
 * which settings it names where. */
void set_setting_error (
    GError **error, int code, const SettingMessage &message) noexcept;

/* TRUE for the failures worth trying again: network, timeout, 5xx, 429, 204. */
bool error_is_transient (const GError *error) noexcept;

/* Runs @body (returning bool, setting @error on failure) at the noexcept
 * boundary of the core: an exception (allocation failure, in practice)
 * becomes a GETI_ERROR/@code error saying what was being done. */
template <typename Body>
bool
guarded (
    GError **error, ErrorCode code, const char *doing, Body &&body) noexcept
{
  try {
    return body ();
  } catch (const std::bad_alloc &) {
    g_set_error (error, GETI_ERROR, code, "%s: out of memory", doing);
  } catch (const std::exception &e) {
    g_set_error (error, GETI_ERROR, code, "%s: %s", doing, e.what ());
  } catch (...) {
    g_set_error (error, GETI_ERROR, code, "%s: unexpected failure", doing);
  }
  return false;
}

/* The HTTP status an error code stands for when there is exactly one (400,
 * 401, 403, 404, 429, 204); 0 otherwise. */
guint error_http_status (const GError *error) noexcept;

} // namespace geti
