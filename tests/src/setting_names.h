/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "error.h"

/* The core's settings by the names getipredict's messages give them (its
 * properties, quoted: gst/plugin/settings_error.cpp), for the core tests
 * to check the messages a user of the element reads, without the plugin. */
inline const char *
quoted_property (geti::Setting setting)
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
  return "a setting";
}

/* Every setting, for checks that the core's own messages name none of
 * them as a property. */
constexpr geti::Setting ALL_SETTINGS[] = { geti::Setting::server,
  geti::Setting::api_key, geti::Setting::organization_id,
  geti::Setting::workspace_id, geti::Setting::project_id,
  geti::Setting::project_url, geti::Setting::project_name,
  geti::Setting::pipeline, geti::Setting::ssl_ca_file };
