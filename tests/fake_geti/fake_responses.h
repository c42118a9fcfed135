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
 * them (src/PROTOCOL.md §3, §4, §5). Compact JSON; throw std::bad_alloc only.
 */

namespace geti::fake {

/* {"message", "error_code", "http_status"} */
std::string error_json (
    guint status, const char *error_code, std::string_view message);

/* What a :predict answer depends on besides the image. */
struct PredictRequest {
  Scenario scenario = Scenario::detection;
  ProjectKind kind = ProjectKind::detection;
  std::string pipeline = "active"; /* "active" or a task id */
  bool label_only = false;         /* no "shape" members */
  /* false: labels are {id, probability} only, as in answers Geti serves
   * from its cache */
  bool label_names = true;
  /* an :explain request: the maps of the labels the :predict answer would
   * carry */
  bool explain = false;
  bool explain_label_names = true; /* "label_name" in each map */
};

/* The :predict answer for the blobs of a @width x @height image (see
 * Scenario and ProjectKind). */
std::string predict_json (const PredictRequest &request,
    const std::vector<Blob> &blobs, int width, int height);
/* The same for a detection project and the "active" pipeline */
std::string predict_json (Scenario scenario, const std::vector<Blob> &blobs,
    int width, int height, bool label_only);

/* One map of an :explain answer before encoding: the label, and the
 * @width x @height grey pixels (stride = width). */
struct ExplainMapImage {
  const char *label_id;
  const char *label_name;
  int width = 0;
  int height = 0;
  std::vector<guint8> pixels;
};
/* The maps of the :explain answer for the blobs of a @width x @height image
 * (see Server): one per label the :predict answer would carry, but the
 * empty label and "Normal"; each max (16, size / 8) a side */
std::vector<ExplainMapImage> explain_maps (const PredictRequest &request,
    const std::vector<Blob> &blobs, int width, int height);
/* The :explain answer: explain_maps() as base64 grey JPEGs (libturbojpeg,
 * quality 90) */
std::string explain_json (const PredictRequest &request,
    const std::vector<Blob> &blobs, int width, int height);

/* Whether @pipeline is "active" or the id of a task of a project of @kind
 * that has a model. */
bool pipeline_is_valid (ProjectKind kind, std::string_view pipeline) noexcept;

/* The project document of options.project_kind (see ProjectKind) for the
 * server's project. */
std::string project_json (const ServerOptions &options);
/* The same for @project (an extra project) */
std::string project_json (const ServerOptions &options, const NamedId &project);

/* A GET of the project list, as Geti reads it. */
struct ProjectListQuery {
  std::string workspace_id; /* only options.workspace_id has projects */
  std::string name;         /* filter; empty: none */
  guint64 skip = 0;
  guint64 limit = 10;
  std::string path;  /* of the request, for next_page */
  std::string query; /* of the request as sent, for next_page */
};
/* {"projects", "project_counts", "project_page_count", "next_page"}: the
 * page of the extra projects, then the project, whose name contains
 * query.name (any case). */
std::string project_list_json (
    const ServerOptions &options, const ProjectListQuery &query);
/* The first page (limit 10) of projects whose name contains @name_filter
 * (nullptr: no filter), with "next_page" a path relative to the server */
std::string project_list_json (
    const ServerOptions &options, const char *name_filter);
/* Geti's next_page: @path and @query (a form-encoded query string) with
 * skip set to @skip, as Python's urlencode (parse_qs (query)) writes it. */
std::string next_page_path (
    std::string_view path, std::string_view query, guint64 skip);
/* {"workspaces": [{"id", "name", "organization_id"}]}: the server's own,
 * then the extra ones */
std::string workspaces_json (const ServerOptions &options);
/* options.organization_form */
std::string organization_json (const ServerOptions &options);
/* {"product-version", "build-version"} */
std::string product_info_json ();
/* {"pipeline_ready": true} */
std::string pipeline_status_json ();

} // namespace geti::fake
