/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "project.h"

#include <exception>
#include <new>

#include "error.h"
#include "json_reader.h"
#include "predictions.h"

namespace geti {

namespace {

using json::Need;
using json::Path;

bool
parse_label (
    JsonNode *node, const Path &path, ProjectLabel &label, GError **error)
{
  JsonObject *object;
  if (!json::as_object (node, path, object, error))
    return false;
  if (!json::get_string (object, path, "id", Need::required, label.id, error) ||
      !json::get_string (
          object, path, "name", Need::required, label.name, error) ||
      !json::get_string (
          object, path, "group", Need::optional, label.group, error) ||
      !json::get_string (object, path, "parent_id", label.parent_id, error) ||
      !json::get_bool (
          object, path, "is_empty", Need::optional, label.is_empty, error)
      /* older Geti versions do not write is_anomalous */
      || !json::get_bool (object, path, "is_anomalous", Need::optional,
             label.is_anomalous, error))
    return false;

  std::optional<std::string> color;
  if (!json::get_string (object, path, "color", color, error))
    return false;
  if (color) {
    label.color = parse_color (*color);
    if (!label.color) {
      const Path color_path (path, "color");
      json::set_error (error, color_path,
          "expected a colour \"#RRGGBB\" or \"#RRGGBBAA\", got \"%s\"",
          color->c_str ());
      return false;
    }
  }
  return true;
}

bool
parse_labels (JsonObject *task, const Path &path,
    std::vector<ProjectLabel> &labels, GError **error)
{
  /* dataset and crop tasks have no labels */
  JsonArray *array = nullptr;
  if (!json::get_array (task, path, "labels", Need::optional, array, error))
    return false;
  if (array == nullptr)
    return true;

  const Path labels_path (path, "labels");
  const guint n = json_array_get_length (array);
  labels.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path label_path (labels_path, i);
    ProjectLabel label;
    if (!parse_label (
            json_array_get_element (array, i), label_path, label, error))
      return false;
    labels.push_back (std::move (label));
  }
  return true;
}

bool
parse_edge (JsonNode *node, const Path &path,
    std::pair<std::string, std::string> &edge, GError **error)
{
  JsonObject *object;
  JsonArray *nodes;
  if (!json::as_object (node, path, object, error) ||
      !json::get_array (object, path, "nodes", Need::required, nodes, error))
    return false;

  const Path nodes_path (path, "nodes");
  const guint n = json_array_get_length (nodes);
  if (n != 2) {
    json::set_error (error, nodes_path, "expected 2 label ids, got %u", n);
    return false;
  }
  const Path first_path (nodes_path, 0u);
  const Path second_path (nodes_path, 1u);
  return json::as_string (json_array_get_element (nodes, 0), first_path,
             edge.first, error) &&
         json::as_string (json_array_get_element (nodes, 1), second_path,
             edge.second, error);
}

/* keypoint_structure.edges[].nodes: the skeleton of a keypoint task. The
 * "positions" beside it are a drawing template, of no use to a client. */
bool
parse_keypoint_edges (JsonObject *task, const Path &path,
    std::vector<std::pair<std::string, std::string>> &edges, GError **error)
{
  JsonObject *structure = nullptr;
  if (!json::get_object (
          task, path, "keypoint_structure", Need::optional, structure, error))
    return false;
  if (structure == nullptr)
    return true;

  const Path structure_path (path, "keypoint_structure");
  JsonArray *array = nullptr;
  if (!json::get_array (
          structure, structure_path, "edges", Need::optional, array, error))
    return false;
  if (array == nullptr)
    return true;

  const Path edges_path (structure_path, "edges");
  const guint n = json_array_get_length (array);
  edges.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path edge_path (edges_path, i);
    std::pair<std::string, std::string> edge;
    if (!parse_edge (json_array_get_element (array, i), edge_path, edge, error))
      return false;
    edges.push_back (std::move (edge));
  }
  return true;
}

bool
parse_task (JsonNode *node, const Path &path, ProjectTask &task, GError **error)
{
  JsonObject *object;
  return json::as_object (node, path, object, error) &&
         json::get_string (
             object, path, "id", Need::required, task.id, error) &&
         json::get_string (
             object, path, "title", Need::optional, task.title, error) &&
         json::get_string (object, path, "task_type", Need::optional,
             task.task_type, error) &&
         parse_labels (object, path, task.labels, error) &&
         parse_keypoint_edges (object, path, task.keypoint_edges, error);
}

bool
parse_document (const char *data, gsize size, Project &project, GError **error)
{
  g_autoptr (JsonNode) root_node = json::parse (data, size, error);
  if (root_node == nullptr)
    return false;

  const Path top;
  JsonObject *root;
  JsonObject *pipeline;
  JsonArray *tasks;
  if (!json::as_object (root_node, top, root, error) ||
      !json::get_string (root, top, "id", Need::optional, project.id, error) ||
      !json::get_string (
          root, top, "name", Need::optional, project.name, error) ||
      !json::get_object (
          root, top, "pipeline", Need::required, pipeline, error))
    return false;

  const Path pipeline_path (top, "pipeline");
  if (!json::get_array (
          pipeline, pipeline_path, "tasks", Need::required, tasks, error))
    return false;

  const Path tasks_path (pipeline_path, "tasks");
  const guint n = json_array_get_length (tasks);
  project.tasks.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path task_path (tasks_path, i);
    ProjectTask task;
    if (!parse_task (json_array_get_element (tasks, i), task_path, task, error))
      return false;
    project.tasks.push_back (std::move (task));
  }
  return true;
}

} // namespace

const ProjectLabel *
Project::find_label (std::string_view label_id) const noexcept
{
  for (const auto &task : tasks) {
    for (const auto &label : task.labels) {
      if (label.id == label_id)
        return &label;
    }
  }
  return nullptr;
}

const ProjectTask *
Project::find_task (std::string_view task_id) const noexcept
{
  for (const auto &task : tasks) {
    if (task.id == task_id)
      return &task;
  }
  return nullptr;
}

bool
parse_project (
    const char *data, gsize size, Project &project, GError **error) noexcept
{
  project.id.clear ();
  project.name.clear ();
  project.tasks.clear ();

  return guarded (error, ERROR_PARSE, "parsing the project", [&] {
    Project parsed;
    if (!parse_document (data, size, parsed, error))
      return false;
    project = std::move (parsed);
    return true;
  });
}

} // namespace geti
