/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "settings_error.h"

namespace gst_geti {

const char *
setting_property (geti::Setting setting) noexcept
{
  switch (setting) {
    case geti::Setting::server:
      return "\"server\"";
    case geti::Setting::api_key:
      return "\"api-key\"";
    case geti::Setting::organization_id:
      return "\"organization-id\"";
    case geti::Setting::workspace_id:
      return "\"workspace-id\"";
    case geti::Setting::project_id:
      return "\"project-id\"";
    case geti::Setting::project_url:
      return "\"project-url\"";
    case geti::Setting::project_name:
      return "\"project-name\"";
    case geti::Setting::pipeline:
      return "\"pipeline\"";
    case geti::Setting::ssl_ca_file:
      return "\"ssl-ca-file\"";
    case geti::Setting::none:
      break;
  }
  return nullptr;
}

namespace {

const char *
property_or_core_name (geti::Setting setting)
{
  const char *property = setting_property (setting);
  return property != nullptr ? property : geti::setting_name (setting);
}

} // namespace

gchar *
settings_error_message (const GError *error) noexcept
{
  return geti::error_message_naming (error, property_or_core_name);
}

} // namespace gst_geti
