/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The :predict answer on getipredict's path: any bytes a server sends are
 * parsed (an error, or predictions with finite numbers), turned into the
 * meta's list as after a max-size upload, with a project's names and
 * colours and a threshold, attached to a buffer with its ROI metas and
 * written as the JSON line getijsonsink writes. The same bytes as an
 * :explain answer: an error, or maps within the caps whose pixels fill
 * their size. Seeds: the Geti fixtures and the fake server's answers
 * (corpus/predict_response). */
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include <cmath>
#include <cstdint>
#include <string_view>

#include "error.h"
#include "fuzz.h"
#include "prediction_convert.h"
#include "project.h"
#include "response_parser.h"

namespace {

/* A detection project whose label ids the fake server's answers use */
constexpr char project_json[] = R"({"id": "6650a1b2c3d4e5f607182930",
 "name": "Ball detection", "pipeline": {"tasks": [
  {"id": "6650a1b2c3d4e5f607182931", "task_type": "dataset", "title": "Dataset"},
  {"id": "6650a1b2c3d4e5f607182932", "task_type": "detection",
   "title": "Detection", "labels": [
    {"id": "6650a1b2c3d4e5f607182933", "name": "ball", "color": "#ff5662ff",
     "group": "Detection"},
    {"id": "6650a1b2c3d4e5f607182934", "name": "No object",
     "color": "#a4fc32ff", "is_empty": true}],
   "keypoint_structure": {"edges": [{"nodes": ["6650a1b2c3d4e5f607182933",
     "6650a1b2c3d4e5f607182934"]}]}}]}})";

const geti::Project &
project ()
{
  static const geti::Project parsed = [] {
    geti::Project p;
    GETI_FUZZ_CHECK (
        geti::parse_project (project_json, sizeof project_json - 1, p, nullptr),
        "the built-in project");
    return p;
  }();
  return parsed;
}

bool
shape_is_finite (const geti::Shape &shape)
{
  for (const geti::Point &p : shape.points) {
    if (!std::isfinite (p.x) || !std::isfinite (p.y))
      return false;
  }
  return std::isfinite (shape.x) && std::isfinite (shape.y) &&
         std::isfinite (shape.width) && std::isfinite (shape.height) &&
         std::isfinite (shape.angle);
}

/* The bytes as an :explain answer */
void
check_explain (const std::uint8_t *data, std::size_t size)
{
  geti::ExplainResult result;
  result.created = "stale";
  result.dropped.emplace_back ("stale");
  GError *error = nullptr;
  const bool ok = geti::parse_explain_response (
      std::string_view (reinterpret_cast<const char *> (data), size), result,
      &error);
  if (!ok) {
    GETI_FUZZ_CHECK (g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE),
        "explain error code");
    GETI_FUZZ_CHECK (result.maps.empty () && result.dropped.empty () &&
                         result.created.empty (),
        "a failed explain parse leaves the result empty");
    g_error_free (error);
    return;
  }
  GETI_FUZZ_CHECK (error == nullptr, "explain success with an error");
  GETI_FUZZ_CHECK (result.maps.size () <= geti::max_maps, "too many maps");
  std::size_t total = 0;
  for (const geti::ExplainMap &map : result.maps) {
    GETI_FUZZ_CHECK (map.width >= 1 && map.height >= 1 &&
                         map.width <= geti::max_map_side &&
                         map.height <= geti::max_map_side,
        "a map's size");
    GETI_FUZZ_CHECK (map.pixels.size () == std::size_t (map.width) * map.height,
        "a map's pixels");
    total += map.pixels.size ();
  }
  GETI_FUZZ_CHECK (total <= geti::max_map_pixels_total, "the maps' pixels");
}

} // namespace

GETI_FUZZ_TARGET (predict_response)
{
  geti::fuzz::init_gstreamer ();
  check_explain (data, size);

  geti::PredictResult result;
  result.created = "stale";
  result.predictions.emplace_back ();
  GError *error = nullptr;
  const bool ok = geti::parse_predict_response (
      reinterpret_cast<const char *> (data), size, result, &error);
  if (!ok) {
    GETI_FUZZ_CHECK (
        g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE), "error code");
    GETI_FUZZ_CHECK (result.predictions.empty () && result.created.empty (),
        "a failed parse leaves the result empty");
    g_error_free (error);
    return;
  }
  GETI_FUZZ_CHECK (error == nullptr, "success with an error");
  for (const geti::Prediction &p : result.predictions) {
    GETI_FUZZ_CHECK (shape_is_finite (p.shape), "a number that is not finite");
    for (const geti::Label &label : p.labels)
      GETI_FUZZ_CHECK (std::isfinite (label.probability), "probability");
  }

  /* As after an upload scaled down to max-size: back to 1280x720 */
  GstGetiPredictions *predictions = gst_geti::predictions_from_result (
      result, 0.25, 1280.0 / 640, 720.0 / 360, &project ());
  GETI_FUZZ_CHECK (predictions != nullptr, "no prediction list");
  GETI_FUZZ_CHECK (
      gst_geti_predictions_get_size (predictions) <= result.predictions.size (),
      "more predictions than the answer had");

  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 1280, 720);
  gst_geti_predictions_unref (predictions);
  GETI_FUZZ_CHECK (meta != nullptr, "no meta");
  meta->frame = 12;
  meta->pts = meta->source_pts = 400 * GST_MSECOND;
  meta->latency = 41700 * GST_USECOND;
  gst_geti::add_roi_metas (buffer, meta->predictions, 1280, 720);

  gchar *json = gst_geti_prediction_meta_to_json (meta);
  GETI_FUZZ_CHECK (geti::fuzz::is_json (json), "the JSON line");
  g_free (json);
  gst_buffer_unref (buffer);
}
