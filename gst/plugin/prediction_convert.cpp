/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "prediction_convert.h"

#include <gst/video/video.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

namespace gst_geti {

namespace {

GstGetiShapeType
to_meta_type (geti::ShapeType type)
{
  switch (type) {
    case geti::ShapeType::rectangle:
      return GST_GETI_SHAPE_RECTANGLE;
    case geti::ShapeType::rotated_rectangle:
      return GST_GETI_SHAPE_ROTATED_RECTANGLE;
    case geti::ShapeType::ellipse:
      return GST_GETI_SHAPE_ELLIPSE;
    case geti::ShapeType::polygon:
      return GST_GETI_SHAPE_POLYGON;
    case geti::ShapeType::keypoint:
      return GST_GETI_SHAPE_KEYPOINT;
    case geti::ShapeType::none:
    default:
      return GST_GETI_SHAPE_NONE;
  }
}

} // namespace

bool
label_is_empty (const geti::ProjectLabel *known, const char *name,
    double probability) noexcept
{
  if (known != nullptr)
    return known->is_empty;
  return probability <= 0 && name != nullptr &&
         (std::strcmp (name, "No object") == 0 ||
             std::strcmp (name, "No class") == 0 ||
             std::strcmp (name, "Empty") == 0);
}

GstGetiPredictions *
predictions_from_result (const geti::PredictResult &result, double threshold,
    double scale_x, double scale_y, const geti::Project *project)
{
  GstGetiPredictions *predictions = gst_geti_predictions_new (
      result.created.empty () ? nullptr : result.created.c_str ());
  std::vector<GstGetiLabel> labels;
  std::vector<GstGetiPoint> points;

  for (const geti::Prediction &prediction : result.predictions) {
    labels.clear ();
    for (const geti::Label &label : prediction.labels) {
      if (label.probability < threshold)
        continue;
      const geti::ProjectLabel *known =
          project ? project->find_label (label.id) : nullptr;
      GstGetiLabel out = {};
      /* The meta deep-copies; these pointers only live for this loop. */
      out.id = const_cast<gchar *> (label.id.c_str ());
      if (label.name)
        out.name = const_cast<gchar *> (label.name->c_str ());
      else if (known)
        out.name = const_cast<gchar *> (known->name.c_str ());
      if (label.color)
        out.color = *label.color;
      else if (known && known->color)
        out.color = *known->color;
      out.probability = label.probability;
      out.empty = label_is_empty (known, out.name, label.probability);
      labels.push_back (out);
    }
    if (labels.empty () && !prediction.labels.empty ())
      continue;

    const geti::Shape &shape = prediction.shape;
    points.clear ();
    for (const geti::Point &p : shape.points)
      points.push_back ({ p.x * scale_x, p.y * scale_y });

    GstGetiPrediction out = {};
    out.labels = labels.data ();
    out.n_labels = static_cast<guint> (labels.size ());
    out.shape.type = to_meta_type (shape.type);
    out.shape.x = shape.x * scale_x;
    out.shape.y = shape.y * scale_y;
    out.shape.width = shape.width * scale_x;
    out.shape.height = shape.height * scale_y;
    out.shape.angle = shape.angle;
    out.shape.points = points.data ();
    out.shape.n_points = static_cast<guint> (points.size ());
    out.shape.visible = shape.visible;
    gst_geti_predictions_add (predictions, &out);
  }

  /* The skeleton, for overlays to draw between the keypoints */
  if (project != nullptr) {
    for (const geti::ProjectTask &task : project->tasks) {
      for (const auto &edge : task.keypoint_edges)
        gst_geti_predictions_add_keypoint_edge (
            predictions, edge.first.c_str (), edge.second.c_str ());
    }
  }
  return predictions;
}

bool
shape_bounds (const GstGetiShape &shape, double &x0, double &y0, double &x1,
    double &y1) noexcept
{
  switch (shape.type) {
    case GST_GETI_SHAPE_RECTANGLE:
    case GST_GETI_SHAPE_ELLIPSE:
      x0 = shape.x;
      y0 = shape.y;
      x1 = shape.x + shape.width;
      y1 = shape.y + shape.height;
      return true;
    case GST_GETI_SHAPE_ROTATED_RECTANGLE: {
      const double a = shape.angle * G_PI / 180.0;
      const double hw = std::abs (shape.width * std::cos (a)) / 2 +
                        std::abs (shape.height * std::sin (a)) / 2;
      const double hh = std::abs (shape.width * std::sin (a)) / 2 +
                        std::abs (shape.height * std::cos (a)) / 2;
      x0 = shape.x - hw;
      x1 = shape.x + hw;
      y0 = shape.y - hh;
      y1 = shape.y + hh;
      return true;
    }
    case GST_GETI_SHAPE_POLYGON:
      if (shape.n_points == 0)
        return false;
      x0 = x1 = shape.points[0].x;
      y0 = y1 = shape.points[0].y;
      for (guint i = 1; i < shape.n_points; i++) {
        x0 = std::min (x0, shape.points[i].x);
        x1 = std::max (x1, shape.points[i].x);
        y0 = std::min (y0, shape.points[i].y);
        y1 = std::max (y1, shape.points[i].y);
      }
      return true;
    case GST_GETI_SHAPE_KEYPOINT:
      x0 = x1 = shape.x;
      y0 = y1 = shape.y;
      return true;
    case GST_GETI_SHAPE_NONE:
    default:
      return false;
  }
}

bool
shape_is_full_frame (const GstGetiShape &shape, double scale_x, double scale_y,
    guint width, guint height) noexcept
{
  if (shape.type != GST_GETI_SHAPE_RECTANGLE)
    return false;
  return shape.x * scale_x <= 1 && shape.y * scale_y <= 1 &&
         (shape.x + shape.width) * scale_x >= width - 1.0 &&
         (shape.y + shape.height) * scale_y >= height - 1.0;
}

/* The roi_type of a label: a GQuark, and GQuarks live as long as the
 * process (GLib even leaks the old table when it grows). A project has tens
 * of labels; a hostile server could send a new name with every box, so at
 * most MAX_ROI_TYPES names are interned, the others share "geti-label" (the
 * name itself is still the "label" of the "detection" parameters). */
GQuark
label_quark (const char *name)
{
  static std::atomic<guint> interned{ 0 };
  const GQuark known = g_quark_try_string (name);
  if (known != 0)
    return known;
  if (interned.fetch_add (1) < MAX_ROI_TYPES)
    return g_quark_from_string (name);
  return g_quark_from_static_string ("geti-label");
}

void
add_roi_metas (GstBuffer *buffer, const GstGetiPredictions *predictions,
    guint width, guint height)
{
  if (width == 0 || height == 0)
    return;
  const guint n = std::min (
      gst_geti_predictions_get_size (predictions), MAX_DERIVED_PER_FRAME);
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *prediction =
        gst_geti_predictions_get (predictions, i);
    double x0, y0, x1, y1;
    if (prediction->n_labels == 0 ||
        !shape_bounds (prediction->shape, x0, y0, x1, y1))
      continue;
    x0 = std::clamp (x0, 0.0, static_cast<double> (width));
    x1 = std::clamp (x1, 0.0, static_cast<double> (width));
    y0 = std::clamp (y0, 0.0, static_cast<double> (height));
    y1 = std::clamp (y1, 0.0, static_cast<double> (height));

    const GstGetiLabel &label = prediction->labels[0];
    const char *name = label.name ? label.name : label.id;
    const guint rx = static_cast<guint> (std::lround (x0));
    const guint ry = static_cast<guint> (std::lround (y0));
    const guint rw = static_cast<guint> (std::lround (x1)) - rx;
    const guint rh = static_cast<guint> (std::lround (y1)) - ry;
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta_id (
            buffer, label_quark (name), rx, ry, rw, rh);
    /* DL Streamer's object id: the track's when tracked, else the index */
    roi->id = prediction->track_id != 0
                  ? static_cast<gint> (prediction->track_id)
                  : static_cast<gint> (i);
    roi->parent_id = -1;
    GstStructure *detection = gst_structure_new ("detection", "label",
        G_TYPE_STRING, name, "confidence", G_TYPE_DOUBLE, label.probability,
        "x_min", G_TYPE_DOUBLE, x0 / width, "y_min", G_TYPE_DOUBLE, y0 / height,
        "x_max", G_TYPE_DOUBLE, x1 / width, "y_max", G_TYPE_DOUBLE, y1 / height,
        "geti-label-id", G_TYPE_STRING, label.id, nullptr);
    gst_video_region_of_interest_meta_add_param (roi, detection);
  }
}

} // namespace gst_geti
