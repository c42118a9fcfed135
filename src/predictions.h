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
#include <vector>

/* The predictions of one Geti :predict answer, as plain C++ values. The
 * coordinates are those of the uploaded image, in pixels, as Geti sends them
 * (src/PROTOCOL.md §3.2). */

namespace geti {

enum class ShapeType {
  none,              /* label-only prediction (label_only=true) */
  rectangle,         /* x, y = top-left; width, height */
  rotated_rectangle, /* x, y = centre; width, height; angle, degrees clockwise
                      */
  ellipse,           /* bounding box: x, y = top-left; width, height */
  polygon,           /* points */
  keypoint,          /* x, y; visible */
};

/* "RECTANGLE", "ROTATED_RECTANGLE", ... as Geti writes them; nullptr for none
 */
const char *shape_type_to_string (ShapeType type) noexcept;
/* The reverse; std::nullopt for an unknown name */
std::optional<ShapeType> shape_type_from_string (
    std::string_view name) noexcept;

struct Point {
  double x = 0;
  double y = 0;
};

struct Shape {
  ShapeType type = ShapeType::none;
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  double angle = 0;
  std::vector<Point> points;
  bool visible = true;
};

struct Label {
  std::string id;
  std::optional<std::string> name; /* live answers carry it, cached ones not */
  std::optional<std::uint32_t>
      color;              /* 0xRRGGBBAA; only legacy answers carry it */
  double probability = 0; /* may exceed 1 (keypoints) */
};

struct Prediction {
  std::vector<Label> labels; /* may be empty */
  Shape shape;
};

struct PredictResult {
  std::vector<Prediction> predictions;
  std::string created; /* as the server wrote it; either format, or empty */
  /* Empty, or which of the parser's caps (response_parser.h) left part of
   * the answer out, and how much: for a warning */
  std::string capped;
};

/* One map of a :explain answer (src/PROTOCOL.md §3.5): a saliency map for a
 * predicted label, or a model's anomaly map, decoded from its JPEG to 8-bit
 * intensity. It covers the whole uploaded image, at its own (usually
 * smaller) size. */
struct ExplainMap {
  std::string label_id;
  std::optional<std::string> label_name; /* older servers send it */
  guint width = 0, height = 0;
  std::vector<guint8>
      pixels; /* 8-bit intensity, row after row, stride = width */
};

struct ExplainResult {
  std::vector<ExplainMap> maps;
  std::string created; /* as the server wrote it, or empty */
  /* maps left out (bad base64, a JPEG that does not decode, an absurd size,
   * past the caps of response_parser.h): one text each, for a STREAM/DECODE
   * warning; the other maps are kept */
  std::vector<std::string> dropped;
};

/* Parses "#RRGGBB" or "#RRGGBBAA" (either case) into 0xRRGGBBAA. */
std::optional<std::uint32_t> parse_color (std::string_view text) noexcept;

} // namespace geti
