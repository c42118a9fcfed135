/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "response_parser.h"

#include <exception>
#include <new>

#include "error.h"
#include "json_reader.h"

namespace geti {

namespace {

using json::Need;
using json::Path;

bool
parse_label (JsonNode *node, const Path &path, Label &label, GError **error)
{
  JsonObject *object;
  if (!json::as_object (node, path, object, error))
    return false;
  if (!json::get_string (object, path, "id", Need::required, label.id, error))
    return false;
  if (!json::get_string (object, path, "name", label.name, error))
    return false;
  if (!json::get_number (object, path, "probability", Need::required,
          label.probability, error))
    return false;

  /* Only the legacy annotation scene carries colours, but reading one
   * wherever it appears costs nothing. */
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
parse_labels (JsonObject *prediction, const Path &path,
    std::vector<Label> &labels, GError **error)
{
  JsonArray *array;
  if (!json::get_array (
          prediction, path, "labels", Need::required, array, error))
    return false;
  const Path labels_path (path, "labels");
  const guint n = json_array_get_length (array);
  labels.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path label_path (labels_path, i);
    Label label;
    if (!parse_label (
            json_array_get_element (array, i), label_path, label, error))
      return false;
    labels.push_back (std::move (label));
  }
  return true;
}

bool
parse_point (JsonNode *node, const Path &path, Point &point, GError **error)
{
  JsonObject *object;
  return json::as_object (node, path, object, error) &&
         json::get_number (object, path, "x", Need::required, point.x, error) &&
         json::get_number (object, path, "y", Need::required, point.y, error);
}

bool
parse_points (JsonObject *shape_object, const Path &path,
    std::vector<Point> &points, GError **error)
{
  JsonArray *array;
  if (!json::get_array (
          shape_object, path, "points", Need::required, array, error))
    return false;
  const Path points_path (path, "points");
  const guint n = json_array_get_length (array);
  points.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path point_path (points_path, i);
    Point point;
    if (!parse_point (
            json_array_get_element (array, i), point_path, point, error))
      return false;
    points.push_back (point);
  }
  return true;
}

/* x, y, width, height: rectangles, rotated rectangles and ellipses */
bool
parse_box (JsonObject *object, const Path &path, Shape &shape, GError **error)
{
  return json::get_number (object, path, "x", Need::required, shape.x, error) &&
         json::get_number (object, path, "y", Need::required, shape.y, error) &&
         json::get_number (
             object, path, "width", Need::required, shape.width, error) &&
         json::get_number (
             object, path, "height", Need::required, shape.height, error);
}

bool
parse_shape (JsonNode *node, const Path &path, Shape &shape, GError **error)
{
  JsonObject *object;
  if (!json::as_object (node, path, object, error))
    return false;

  std::string type_name;
  if (!json::get_string (
          object, path, "type", Need::required, type_name, error))
    return false;
  const std::optional<ShapeType> type = shape_type_from_string (type_name);
  if (!type) {
    const Path type_path (path, "type");
    json::set_error (
        error, type_path, "unknown shape type \"%s\"", type_name.c_str ());
    return false;
  }
  shape.type = *type;

  switch (shape.type) {
    case ShapeType::rectangle:
    case ShapeType::ellipse:
      return parse_box (object, path, shape, error);
    case ShapeType::rotated_rectangle:
      return parse_box (object, path, shape, error) &&
             json::get_number (
                 object, path, "angle", Need::required, shape.angle, error);
    case ShapeType::polygon:
      return parse_points (object, path, shape.points, error);
    case ShapeType::keypoint:
      return json::get_number (
                 object, path, "x", Need::required, shape.x, error) &&
             json::get_number (
                 object, path, "y", Need::required, shape.y, error) &&
             json::get_bool (object, path, "is_visible", Need::optional,
                 shape.visible, error);
    case ShapeType::none:
      break;
  }
  /* shape_type_from_string never gives none; say so rather than assert */
  json::set_error (error, path, "shape without a type");
  return false;
}

/* The OVMS 2025.1 keypoint form: one prediction object holding the whole pose
 * as {"keypoints": [{"name", "id", "score", "x", "y"}, ...]}. Each point
 * becomes a KEYPOINT prediction of its own, the form later servers send. */
bool
parse_pose (JsonArray *keypoints, const Path &path,
    std::vector<Prediction> &predictions, GError **error)
{
  const guint n = json_array_get_length (keypoints);
  predictions.reserve (predictions.size () + n);
  for (guint i = 0; i < n; i++) {
    const Path point_path (path, i);
    JsonObject *object;
    if (!json::as_object (
            json_array_get_element (keypoints, i), point_path, object, error))
      return false;

    Prediction prediction;
    Label label;
    if (!json::get_string (
            object, point_path, "id", Need::required, label.id, error) ||
        !json::get_string (object, point_path, "name", label.name, error) ||
        !json::get_number (object, point_path, "score", Need::required,
            label.probability, error))
      return false;
    prediction.labels.push_back (std::move (label));

    prediction.shape.type = ShapeType::keypoint;
    if (!json::get_number (object, point_path, "x", Need::required,
            prediction.shape.x, error) ||
        !json::get_number (
            object, point_path, "y", Need::required, prediction.shape.y, error))
      return false;
    predictions.push_back (std::move (prediction));
  }
  return true;
}

bool
parse_prediction (JsonNode *node, const Path &path,
    std::vector<Prediction> &predictions, GError **error)
{
  JsonObject *object;
  if (!json::as_object (node, path, object, error))
    return false;

  JsonNode *keypoints = json::find_member (object, "keypoints");
  if (keypoints != nullptr && json::find_member (object, "labels") == nullptr &&
      json::find_member (object, "shape") == nullptr) {
    const Path keypoints_path (path, "keypoints");
    JsonArray *array;
    return json::as_array (keypoints, keypoints_path, array, error) &&
           parse_pose (array, keypoints_path, predictions, error);
  }

  Prediction prediction;
  if (!parse_labels (object, path, prediction.labels, error))
    return false;
  /* label_only=true answers have no shape at all */
  if (JsonNode *shape = json::find_member (object, "shape")) {
    const Path shape_path (path, "shape");
    if (!parse_shape (shape, shape_path, prediction.shape, error))
      return false;
  }
  predictions.push_back (std::move (prediction));
  return true;
}

/* Makes the "no predictions" error useful when the body is a Geti error
 * document ({"message", "error_code", "http_status"}) sent with a 200. */
void
set_missing_predictions_error (JsonObject *root, GError **error)
{
  std::optional<std::string> message;
  const Path top;
  GError *ignored = nullptr;
  if (!json::get_string (root, top, "message", message, &ignored))
    g_clear_error (&ignored);

  if (message) {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "top level: no \"predictions\" or \"annotations\" member; the "
        "server said: %s",
        message->c_str ());
  } else {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE,
        "top level: no \"predictions\" or \"annotations\" member");
  }
}

bool
parse_document (
    const char *data, gsize size, PredictResult &result, GError **error)
{
  g_autoptr (JsonNode) root_node = json::parse (data, size, error);
  if (root_node == nullptr)
    return false;

  const Path top;
  JsonObject *root;
  if (!json::as_object (root_node, top, root, error))
    return false;

  /* Geti < 1.13 (and the director's internal API) say "annotations" */
  const char *key = "predictions";
  JsonNode *list = json::find_member (root, key);
  if (list == nullptr) {
    key = "annotations";
    list = json::find_member (root, key);
  }
  if (list == nullptr) {
    set_missing_predictions_error (root, error);
    return false;
  }

  const Path list_path (top, key);
  JsonArray *array;
  if (!json::as_array (list, list_path, array, error))
    return false;
  const guint n = json_array_get_length (array);
  result.predictions.reserve (n);
  for (guint i = 0; i < n; i++) {
    const Path prediction_path (list_path, i);
    if (!parse_prediction (json_array_get_element (array, i), prediction_path,
            result.predictions, error))
      return false;
  }

  /* The legacy scene has no "created"; the director itself maps its
   * "modified" onto "created" (GETI-API.md §3.6). */
  if (json::find_member (root, "created") != nullptr)
    return json::get_string (
        root, top, "created", Need::required, result.created, error);
  return json::get_string (
      root, top, "modified", Need::optional, result.created, error);
}

} // namespace

bool
parse_predict_response (const char *data, gsize size, PredictResult &result,
    GError **error) noexcept
{
  result.predictions.clear ();
  result.created.clear ();

  return guarded (error, ERROR_PARSE, "parsing the answer", [&] {
    PredictResult parsed;
    if (!parse_document (data, size, parsed, error))
      return false;
    result = std::move (parsed);
    return true;
  });
}

} // namespace geti
