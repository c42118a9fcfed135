/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/* A Geti project document (GET .../projects/{id}, src/PROTOCOL.md §5): its
 * tasks and their labels, the source of label names and colours, which :predict
 * answers never carry. */

namespace geti {

struct ProjectLabel {
  std::string id;
  std::string name;
  std::optional<std::uint32_t> color; /* 0xRRGGBBAA */
  std::string group;
  std::optional<std::string> parent_id;
  bool is_empty = false;
  bool is_anomalous = false;
};

struct ProjectTask {
  std::string id;
  std::string title;
  std::string task_type; /* "dataset", "detection", "keypoint_detection", ... */
  std::vector<ProjectLabel> labels;
  /* keypoint_structure.edges: pairs of label ids */
  std::vector<std::pair<std::string, std::string>> keypoint_edges;
};

struct Project {
  std::string id;
  std::string name;
  std::vector<ProjectTask> tasks;

  /* The label with this id in any task, or nullptr */
  const ProjectLabel *find_label (std::string_view id) const noexcept;
  /* The task with this id, or nullptr */
  const ProjectTask *find_task (std::string_view id) const noexcept;
};

/* Parses a project document. Tasks without labels (dataset, crop) are kept
 * with an empty label list. GETI_ERROR/ERROR_PARSE on malformed input. */
bool parse_project (
    const char *data, gsize size, Project &project, GError **error) noexcept;

} // namespace geti
