/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <exception>
#include <new>

/* Errors of the Geti client core, in the json-glib/libsoup way: one GError
 * domain, one code per way a request can end. Messages are meant for users
 * and never contain the API key. */

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
