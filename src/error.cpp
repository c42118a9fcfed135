/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "error.h"

namespace geti {

GQuark
error_quark () noexcept
{
  return g_quark_from_static_string ("geti-error-quark");
}

bool
error_is_transient (const GError *error) noexcept
{
  if (error == nullptr || error->domain != GETI_ERROR)
    return false;
  switch (error->code) {
    case ERROR_NO_MODEL:
    case ERROR_RATE_LIMITED:
    case ERROR_SERVER:
    case ERROR_NETWORK:
    case ERROR_TIMEOUT:
      return true;
    default:
      return false;
  }
}

guint
error_http_status (const GError *error) noexcept
{
  if (error == nullptr || error->domain != GETI_ERROR)
    return 0;
  switch (error->code) {
    case ERROR_NO_MODEL:
      return 204;
    case ERROR_BAD_REQUEST:
      return 400;
    case ERROR_UNAUTHORIZED:
      return 401;
    case ERROR_FORBIDDEN:
      return 403;
    case ERROR_NOT_FOUND:
      return 404;
    case ERROR_RATE_LIMITED:
      return 429;
    default:
      return 0;
  }
}

} // namespace geti
