/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <string>
#include <string_view>
#include <vector>

#include "detector.h"
#include "fake_geti_server.h"

/* The documents the fake Geti server answers with, shaped as Geti writes
 * them (GETI-API.md §3, §4, §6). Compact JSON; throw std::bad_alloc only. */

namespace geti::fake {

/* {"message", "error_code", "http_status"} */
std::string error_json (
    guint status, const char *error_code, std::string_view message);

/* The :predict answer for the blobs of a @width x @height image (see
 * Scenario); without shapes when @label_only. */
std::string predict_json (Scenario scenario, const std::vector<Blob> &blobs,
    int width, int height, bool label_only);

/* The project document: a dataset task, then a detection task with the
 * labels "ball" and "No object". */
std::string project_json (const ServerOptions &options);
/* {"projects": [...], "project_counts", "next_page": null}: the project, if
 * its name contains @name_filter (any case; nullptr: no filter) */
std::string project_list_json (
    const ServerOptions &options, const char *name_filter);
/* {"workspaces": [{"id", "name", "organization_id"}]} */
std::string workspaces_json (const ServerOptions &options);
/* {"organizationId": ...} */
std::string organization_json (const ServerOptions &options);
/* {"product-version", "build-version"} */
std::string product_info_json ();
/* {"pipeline_ready": true} */
std::string pipeline_status_json ();

} // namespace geti::fake
