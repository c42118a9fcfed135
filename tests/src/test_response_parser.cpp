/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <check.h>
#include <glib.h>

#include <turbojpeg.h>

#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "json_reader.h"
#include "predictions.h"
#include "response_parser.h"

/* Unit tests of the :predict and :explain answer parsers, against every
 * response fixture in tests/data/geti (real Geti bodies or ones built from the
 * serializer code) and against malformed input. */

using geti::Label;
using geti::Point;
using geti::Prediction;
using geti::PredictResult;
using geti::Shape;
using geti::ShapeType;

/* Every non-project fixture; test_every_fixture_is_covered fails when a new
 * one is added without a test. */
static const char *const response_fixtures[] = {
  "constructed_ellipse.json",
  "constructed_empty_labels.json",
  "constructed_empty_result.json",
  "constructed_keypoint_ovms2025_1.json",
  "constructed_keypoint_per_point.json",
  "error_no_model_trained_legacy.json",
  "error_project_not_found.json",
  "legacy_annotation_scene.json",
  "mp_anomaly_classification.json",
  "mp_anomaly_detection.json",
  "mp_anomaly_segmentation.json",
  "mp_classification.json",
  "mp_detection.json",
  "mp_detection_classification.json",
  "mp_detection_segmentation.json",
  "mp_rotated_detection.json",
  "mp_segmentation.json",
  "openapi_single_explain.json",
  "openapi_single_predict.json",
  "openapi_single_predict_media_identifier.json",
};

static constexpr const char *go_created = "2023-11-07 14:57:03.371633532 +0000";
static constexpr const char *iso_created = "2021-09-08T12:43:22.290000+00:00";

static std::string
load_fixture (const char *name)
{
  g_autofree gchar *path = g_build_filename (GETI_FIXTURES_DIR, name, nullptr);
  g_autofree gchar *contents = nullptr;
  gsize length = 0;
  g_autoptr (GError) error = nullptr;
  const gboolean ok = g_file_get_contents (path, &contents, &length, &error);
  ck_assert_msg (ok, "cannot read %s: %s", path, ok ? "" : error->message);
  return std::string (contents, length);
}

static PredictResult
parse_ok (const std::string &body)
{
  PredictResult result;
  g_autoptr (GError) error = nullptr;
  const bool ok =
      geti::parse_predict_response (body.data (), body.size (), result, &error);
  ck_assert_msg (ok, "parse failed: %s", ok ? "" : error->message);
  ck_assert_ptr_null (error);
  return result;
}

static PredictResult
parse_fixture (const char *name)
{
  return parse_ok (load_fixture (name));
}

/* Parses @size bytes at @data expecting ERROR_PARSE, checks that the result
 * was left empty, and returns the message. */
static std::string
parse_error_of (const char *data, gsize size)
{
  PredictResult result;
  result.predictions.emplace_back ();
  result.created = "stale";
  g_autoptr (GError) error = nullptr;
  const bool ok = geti::parse_predict_response (data, size, result, &error);
  ck_assert_msg (!ok, "parse unexpectedly succeeded");
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE),
      "wrong error: %s", error->message);
  ck_assert_uint_eq (result.predictions.size (), 0);
  ck_assert_str_eq (result.created.c_str (), "");
  return error->message;
}

static std::string
parse_error_of (const std::string &body)
{
  return parse_error_of (body.data (), body.size ());
}

/* Asserts a parse error whose message is exactly @expected */
static void
assert_error_is (const std::string &body, const char *expected)
{
  const std::string message = parse_error_of (body);
  ck_assert_msg (message == expected,
      "for %.200s:\n  got      %s\n  expected %s", body.c_str (),
      message.c_str (), expected);
}

/* Asserts a parse error whose message contains @expected */
static void
assert_parse_error (const std::string &body, const char *expected)
{
  const std::string message = parse_error_of (body);
  ck_assert_msg (message.find (expected) != std::string::npos,
      "error \"%s\" does not mention \"%s\"", message.c_str (), expected);
}

static void
assert_label (
    const Label &label, const char *id, const char *name, double probability)
{
  ck_assert_str_eq (label.id.c_str (), id);
  if (name == nullptr) {
    ck_assert_msg (!label.name.has_value (), "unexpected name %s",
        label.name.value_or ("").c_str ());
  } else {
    ck_assert_msg (label.name.has_value (), "label %s has no name", id);
    ck_assert_str_eq (label.name->c_str (), name);
  }
  ck_assert_double_eq (label.probability, probability);
}

static void
assert_box (const Shape &shape, ShapeType type, double x, double y,
    double width, double height)
{
  ck_assert_int_eq (static_cast<int> (shape.type), static_cast<int> (type));
  ck_assert_double_eq (shape.x, x);
  ck_assert_double_eq (shape.y, y);
  ck_assert_double_eq (shape.width, width);
  ck_assert_double_eq (shape.height, height);
  ck_assert_double_eq (shape.angle, 0);
  ck_assert_uint_eq (shape.points.size (), 0);
}

static void
assert_points (const Shape &shape, std::initializer_list<Point> points)
{
  ck_assert_int_eq (
      static_cast<int> (shape.type), static_cast<int> (ShapeType::polygon));
  ck_assert_uint_eq (shape.points.size (), points.size ());
  std::size_t i = 0;
  for (const Point &expected : points) {
    ck_assert_double_eq (shape.points[i].x, expected.x);
    ck_assert_double_eq (shape.points[i].y, expected.y);
    i++;
  }
}

static void
assert_keypoint (const Prediction &prediction, const char *id, const char *name,
    double probability, double x, double y)
{
  ck_assert_uint_eq (prediction.labels.size (), 1);
  assert_label (prediction.labels[0], id, name, probability);
  ck_assert_int_eq (static_cast<int> (prediction.shape.type),
      static_cast<int> (ShapeType::keypoint));
  ck_assert_double_eq (prediction.shape.x, x);
  ck_assert_double_eq (prediction.shape.y, y);
  ck_assert (prediction.shape.visible);
}

/* One 2.x answer holding a single prediction with @shape (JSON text) */
static std::string
with_shape (const std::string &shape)
{
  return "{\"predictions\": [{\"labels\": [{\"id\": \"a\", \"probability\": "
         "0.5}], \"shape\": " +
         shape + "}], \"created\": \"now\"}";
}

/* One 2.x answer holding a single prediction with @labels (JSON text) */
static std::string
with_labels (const std::string &labels)
{
  return "{\"predictions\": [{\"labels\": " + labels +
         ", \"shape\": {\"type\": \"RECTANGLE\", \"x\": 1, \"y\": 2, "
         "\"width\": 3, \"height\": 4}}]}";
}

/* ---- fixtures ---------------------------------------------------------- */

START_TEST (test_openapi_single_predict)
{
  /* Test that the OpenAPI example (cached form: labels without name) gives
   * its rectangle, label id and probability, and the ISO created time. */
  const PredictResult result = parse_fixture ("openapi_single_predict.json");
  ck_assert_str_eq (result.created.c_str (), iso_created);
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Prediction &p = result.predictions[0];
  ck_assert_uint_eq (p.labels.size (), 1);
  assert_label (p.labels[0], "61387685df33ae8280c33d9d", nullptr, 0.87);
  ck_assert (!p.labels[0].color.has_value ());
  assert_box (p.shape, ShapeType::rectangle, 25, 40, 28, 34);
}
END_TEST

START_TEST (test_openapi_media_identifier)
{
  /* Test that media_identifier is ignored and the answer otherwise parses
   * like the plain OpenAPI example. */
  const PredictResult result =
      parse_fixture ("openapi_single_predict_media_identifier.json");
  ck_assert_str_eq (result.created.c_str (), iso_created);
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Prediction &p = result.predictions[0];
  ck_assert_uint_eq (p.labels.size (), 1);
  assert_label (p.labels[0], "61387685df33ae8280c33d9d", nullptr, 0.87);
  assert_box (p.shape, ShapeType::rectangle, 25, 40, 28, 34);
}
END_TEST

START_TEST (test_legacy_annotation_scene)
{
  /* Test that the pre-1.13 annotation scene is read: "annotations" instead
   * of "predictions", the label colour, and the top-level "modified" taken
   * as the created time (not the annotation's own). */
  const PredictResult result = parse_fixture ("legacy_annotation_scene.json");
  ck_assert_str_eq (result.created.c_str (), iso_created);
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Prediction &p = result.predictions[0];
  ck_assert_uint_eq (p.labels.size (), 1);
  assert_label (p.labels[0], "61387685df33ae8280c33d9d", "test", 0.87);
  ck_assert (p.labels[0].color.has_value ());
  ck_assert_uint_eq (*p.labels[0].color, 0x26518effu);
  assert_box (p.shape, ShapeType::rectangle, 25, 40, 28, 34);
}
END_TEST

START_TEST (test_mp_detection)
{
  /* Test that a detection answer with "maps" (ignored) and no created time
   * gives its box and named label. */
  const PredictResult result = parse_fixture ("mp_detection.json");
  ck_assert_str_eq (result.created.c_str (), "");
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Prediction &p = result.predictions[0];
  ck_assert_uint_eq (p.labels.size (), 1);
  assert_label (p.labels[0], "0", "test_label", 1.0);
  assert_box (p.shape, ShapeType::rectangle, 0, 100, 50, 80);
}
END_TEST

START_TEST (test_mp_detection_classification)
{
  /* Test that a detection → classification chain keeps both labels on the
   * box, in order. */
  const PredictResult result =
      parse_fixture ("mp_detection_classification.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Prediction &p = result.predictions[0];
  ck_assert_uint_eq (p.labels.size (), 2);
  assert_label (p.labels[0], "0", "test_label", 1.0);
  assert_label (p.labels[1], "0", "classification_label_id", 1.0);
  assert_box (p.shape, ShapeType::rectangle, 0, 100, 50, 80);
}
END_TEST

START_TEST (test_mp_detection_segmentation)
{
  /* Test that a detection → segmentation chain gives the box followed by
   * the polygon with all its points. */
  const PredictResult result = parse_fixture ("mp_detection_segmentation.json");
  ck_assert_uint_eq (result.predictions.size (), 2);
  assert_label (result.predictions[0].labels[0], "0", "test_label", 1.0);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 100, 50, 80);
  ck_assert_uint_eq (result.predictions[1].labels.size (), 1);
  assert_label (
      result.predictions[1].labels[0], "0", "segmentation_label_id", 1.0);
  assert_points (
      result.predictions[1].shape, { { 0, 0 }, { 50, 50 }, { 0, 50 } });
}
END_TEST

START_TEST (test_mp_classification)
{
  /* Test that a classification answer is one full-image rectangle. */
  const PredictResult result = parse_fixture ("mp_classification.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  ck_assert_uint_eq (result.predictions[0].labels.size (), 1);
  assert_label (result.predictions[0].labels[0], "0", "test_label_id", 1.0);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 0, 256, 256);
}
END_TEST

START_TEST (test_mp_rotated_detection)
{
  /* Test that a rotated rectangle keeps its centre, size and angle, written
   * as JSON doubles. */
  const PredictResult result = parse_fixture ("mp_rotated_detection.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Shape &shape = result.predictions[0].shape;
  ck_assert_int_eq (static_cast<int> (shape.type),
      static_cast<int> (ShapeType::rotated_rectangle));
  ck_assert_double_eq (shape.x, 0);
  ck_assert_double_eq (shape.y, 100);
  ck_assert_double_eq (shape.width, 50);
  ck_assert_double_eq (shape.height, 80);
  ck_assert_double_eq (shape.angle, 45);
  assert_label (result.predictions[0].labels[0], "0", "test_label", 1.0);
}
END_TEST

START_TEST (test_mp_segmentation)
{
  /* Test that a segmentation polygon keeps its points in order. */
  const PredictResult result = parse_fixture ("mp_segmentation.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  assert_label (result.predictions[0].labels[0], "0", "test_label", 1.0);
  assert_points (
      result.predictions[0].shape, { { 0, 0 }, { 50, 50 }, { 0, 50 } });
}
END_TEST

START_TEST (test_mp_anomaly_classification)
{
  /* Test that an anomaly classification is one full-image rectangle with
   * the anomalous label. */
  const PredictResult result = parse_fixture ("mp_anomaly_classification.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  assert_label (
      result.predictions[0].labels[0], "anomalous_label", "test_label", 1.0);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 0, 256, 128);
}
END_TEST

START_TEST (test_mp_anomaly_detection)
{
  /* Test that anomaly detection gives the full-image rectangle followed by
   * the anomalous box. */
  const PredictResult result = parse_fixture ("mp_anomaly_detection.json");
  ck_assert_uint_eq (result.predictions.size (), 2);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 0, 256, 128);
  assert_label (
      result.predictions[1].labels[0], "anomalous_label", "test_label", 1.0);
  assert_box (
      result.predictions[1].shape, ShapeType::rectangle, 50, 50, 100, 50);
}
END_TEST

START_TEST (test_mp_anomaly_segmentation)
{
  /* Test that anomaly segmentation gives the full-image rectangle followed
   * by the anomalous polygon. */
  const PredictResult result = parse_fixture ("mp_anomaly_segmentation.json");
  ck_assert_uint_eq (result.predictions.size (), 2);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 0, 256, 128);
  assert_label (
      result.predictions[1].labels[0], "anomalous_label", "test_label", 1.0);
  assert_points (result.predictions[1].shape,
      { { 50, 50 }, { 150, 50 }, { 150, 100 }, { 50, 100 } });
}
END_TEST

START_TEST (test_constructed_ellipse)
{
  /* Test that an ellipse keeps its fractional bounding box and that the Go
   * time format of live answers is kept verbatim. */
  const PredictResult result = parse_fixture ("constructed_ellipse.json");
  ck_assert_str_eq (result.created.c_str (), go_created);
  ck_assert_uint_eq (result.predictions.size (), 1);
  assert_label (result.predictions[0].labels[0], "61387685df33ae8280c33d9d",
      "cell", 0.77);
  assert_box (
      result.predictions[0].shape, ShapeType::ellipse, 90.5, 40.25, 30, 30);
}
END_TEST

START_TEST (test_constructed_empty_labels)
{
  /* Test that a prediction with an empty label array is kept, with its
   * shape. */
  const PredictResult result = parse_fixture ("constructed_empty_labels.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  ck_assert_uint_eq (result.predictions[0].labels.size (), 0);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 0, 640, 480);
}
END_TEST

START_TEST (test_constructed_empty_result)
{
  /* Test that the empty result (full-image "No object" at probability 0) is
   * parsed as an ordinary prediction. */
  const PredictResult result = parse_fixture ("constructed_empty_result.json");
  ck_assert_uint_eq (result.predictions.size (), 1);
  ck_assert_uint_eq (result.predictions[0].labels.size (), 1);
  assert_label (result.predictions[0].labels[0], "62946c62003ddb3967f1475d",
      "No object", 0.0);
  assert_box (
      result.predictions[0].shape, ShapeType::rectangle, 0, 0, 640, 480);
}
END_TEST

START_TEST (test_constructed_keypoint_ovms2025_1)
{
  /* Test that the OVMS 2025.1 pose object becomes one visible KEYPOINT
   * prediction per point, score as probability (above 1 included). */
  const PredictResult result =
      parse_fixture ("constructed_keypoint_ovms2025_1.json");
  ck_assert_str_eq (result.created.c_str (), go_created);
  ck_assert_uint_eq (result.predictions.size (), 2);
  assert_keypoint (result.predictions[0], "62946c62003ddb3967f1475c", "head",
      0.985, 246.7, 101.8);
  assert_keypoint (result.predictions[1], "62946c62003ddb3967f1475e", "neck",
      1.156, 250.1, 140.3);
}
END_TEST

START_TEST (test_constructed_keypoint_per_point)
{
  /* Test that the per-point KEYPOINT form gives the same predictions as the
   * pose form, probability above 1 included. */
  const PredictResult result =
      parse_fixture ("constructed_keypoint_per_point.json");
  ck_assert_uint_eq (result.predictions.size (), 2);
  assert_keypoint (result.predictions[0], "62946c62003ddb3967f1475c", "head",
      0.985, 246.7, 101.8);
  assert_keypoint (result.predictions[1], "62946c62003ddb3967f1475e", "neck",
      1.058, 250.1, 140.3);
}
END_TEST

START_TEST (test_error_bodies)
{
  /* Test that Geti error documents, which have no predictions, are parse
   * errors that pass on the server's message. */
  std::string message =
      parse_error_of (load_fixture ("error_no_model_trained_legacy.json"));
  ck_assert_msg (message.find ("no \"predictions\"") != std::string::npos, "%s",
      message.c_str ());
  ck_assert_msg (message.find ("Can not instantiate inference server") !=
                     std::string::npos,
      "%s", message.c_str ());

  message = parse_error_of (load_fixture ("error_project_not_found.json"));
  ck_assert_msg (
      message.find (
          "Could not find project with id 60ec6bbfb98caeb87e34306e") !=
          std::string::npos,
      "%s", message.c_str ());
}
END_TEST

START_TEST (test_every_fixture_is_covered)
{
  /* Test that every response fixture in the data directory is one this
   * suite checks, so a new fixture cannot go untested. */
  g_autoptr (GError) error = nullptr;
  g_autoptr (GDir) dir = g_dir_open (GETI_FIXTURES_DIR, 0, &error);
  ck_assert_msg (dir != nullptr, "%s", error ? error->message : "");
  guint seen = 0;
  while (const char *name = g_dir_read_name (dir)) {
    if (!g_str_has_suffix (name, ".json") ||
        g_str_has_prefix (name, "project_"))
      continue;
    bool known = false;
    for (const char *fixture : response_fixtures)
      known = known || g_str_equal (fixture, name);
    ck_assert_msg (known, "fixture %s has no test", name);
    seen++;
  }
  ck_assert_uint_eq (seen, G_N_ELEMENTS (response_fixtures));
}
END_TEST

/* ---- forms not in the fixtures ----------------------------------------- */

START_TEST (test_label_only)
{
  /* Test that a label_only=true prediction (no shape) has shape type none
   * and keeps its labels. */
  const PredictResult result = parse_ok (
      "{\"predictions\": [{\"labels\": [{\"id\": \"l1\", \"name\": \"cat\", "
      "\"probability\": 0.25}, {\"id\": \"l2\", \"probability\": 0.5}]}], "
      "\"created\": \"2023-11-07 14:57:03.371633532 +0000\"}");
  ck_assert_uint_eq (result.predictions.size (), 1);
  const Prediction &p = result.predictions[0];
  ck_assert_int_eq (
      static_cast<int> (p.shape.type), static_cast<int> (ShapeType::none));
  ck_assert_uint_eq (p.labels.size (), 2);
  assert_label (p.labels[0], "l1", "cat", 0.25);
  assert_label (p.labels[1], "l2", nullptr, 0.5);
}
END_TEST

START_TEST (test_keypoint_visibility)
{
  /* Test that is_visible is read when present and defaults to true. */
  PredictResult result = parse_ok (with_shape (
      "{\"type\": \"KEYPOINT\", \"x\": 1.5, \"y\": 2, \"is_visible\": false}"));
  ck_assert_uint_eq (result.predictions.size (), 1);
  ck_assert_int_eq (static_cast<int> (result.predictions[0].shape.type),
      static_cast<int> (ShapeType::keypoint));
  ck_assert_double_eq (result.predictions[0].shape.x, 1.5);
  ck_assert_double_eq (result.predictions[0].shape.y, 2);
  ck_assert (!result.predictions[0].shape.visible);

  result =
      parse_ok (with_shape ("{\"type\": \"KEYPOINT\", \"x\": 3, \"y\": 4}"));
  ck_assert (result.predictions[0].shape.visible);
}
END_TEST

START_TEST (test_numbers_int_or_double)
{
  /* Test that coordinates are read whether written as integers, doubles or
   * exponents, negative ones included. */
  const PredictResult result = parse_ok (
      with_shape ("{\"type\": \"ROTATED_RECTANGLE\", \"x\": -12, \"y\": 7.25, "
                  "\"width\": 1e2, \"height\": 2.5E1, \"angle\": -30}"));
  const Shape &shape = result.predictions[0].shape;
  ck_assert_double_eq (shape.x, -12);
  ck_assert_double_eq (shape.y, 7.25);
  ck_assert_double_eq (shape.width, 100);
  ck_assert_double_eq (shape.height, 25);
  ck_assert_double_eq (shape.angle, -30);
}
END_TEST

START_TEST (test_unknown_members_ignored)
{
  /* Test that members the parser does not know, at every level, are
   * ignored whatever their type. */
  const PredictResult result = parse_ok (
      "{\"kind\": \"prediction\", \"id\": 5, \"maps\": [], \"source\": null,"
      " \"predictions\": [{\"id\": \"p\", \"modified\": [1, {\"a\": null}],"
      " \"labels\": [{\"id\": \"l\", \"probability\": 1, \"hotkey\": \"\","
      " \"source\": {\"model_id\": 3}}],"
      " \"shape\": {\"type\": \"RECTANGLE\", \"x\": 1, \"y\": 2, \"width\": 3,"
      " \"height\": 4, \"angle\": \"ignored\", \"extra\": {}}}],"
      " \"created\": \"c\"}");
  ck_assert_str_eq (result.created.c_str (), "c");
  ck_assert_uint_eq (result.predictions.size (), 1);
  assert_label (result.predictions[0].labels[0], "l", nullptr, 1.0);
  assert_box (result.predictions[0].shape, ShapeType::rectangle, 1, 2, 3, 4);
}
END_TEST

START_TEST (test_empty_predictions)
{
  /* Test that an empty predictions array is a valid answer with nothing in
   * it, and that created wins over modified when both are present. */
  const PredictResult result = parse_ok (
      "{\"predictions\": [], \"created\": \"new\", \"modified\": \"old\"}");
  ck_assert_uint_eq (result.predictions.size (), 0);
  ck_assert_str_eq (result.created.c_str (), "new");
}
END_TEST

START_TEST (test_label_colors)
{
  /* Test that #RRGGBB label colours are opaque and invalid ones are parse
   * errors naming the label. */
  const PredictResult result = parse_ok (with_labels (
      "[{\"id\": \"a\", \"probability\": 1, \"color\": \"#A4FC32\"}]"));
  ck_assert_uint_eq (*result.predictions[0].labels[0].color, 0xa4fc32ffu);

  const std::string message = parse_error_of (with_labels (
      "[{\"id\": \"a\", \"probability\": 1, \"color\": \"red\"}]"));
  ck_assert_str_eq (message.c_str (),
      "predictions[0].labels[0].color: expected a colour \"#RRGGBB\" or "
      "\"#RRGGBBAA\", got \"red\"");
}
END_TEST

START_TEST (test_result_replaced)
{
  /* Test that parsing into a used result replaces its contents instead of
   * appending to them. */
  const std::string body = load_fixture ("mp_anomaly_detection.json");
  PredictResult result;
  g_autoptr (GError) error = nullptr;
  ck_assert (geti::parse_predict_response (
      body.data (), body.size (), result, &error));
  ck_assert (geti::parse_predict_response (
      body.data (), body.size (), result, &error));
  ck_assert_uint_eq (result.predictions.size (), 2);
}
END_TEST

START_TEST (test_size_is_honoured)
{
  /* Test that only @size bytes are read: the body needs no terminating NUL
   * and whatever follows it is not looked at. */
  const std::string body = load_fixture ("openapi_single_predict.json");
  std::string padded = body + "} garbage [[[";
  PredictResult result;
  g_autoptr (GError) error = nullptr;
  ck_assert (geti::parse_predict_response (
      padded.data (), body.size (), result, &error));
  ck_assert_uint_eq (result.predictions.size (), 1);

  /* an exact-size heap copy, so a sanitizer sees any read past the end */
  g_autofree char *exact =
      static_cast<char *> (g_memdup2 (body.data (), body.size ()));
  ck_assert (
      geti::parse_predict_response (exact, body.size (), result, &error));
  ck_assert_uint_eq (result.predictions.size (), 1);
}
END_TEST

START_TEST (test_large_polygon)
{
  /* Test that a polygon of max_points_per_polygon points is read in full,
   * and that one point more leaves that polygon out, whole, with a note
   * naming the cap, while the rest of the answer is kept. */
  std::string points;
  for (std::size_t i = 0; i < geti::max_points_per_polygon; i++) {
    if (i > 0)
      points += ", ";
    points += "{\"x\": " + std::to_string (i) +
              ", \"y\": " + std::to_string (i % 480) + ".5}";
  }
  const std::size_t last = geti::max_points_per_polygon - 1;
  const PredictResult result = parse_ok (
      with_shape ("{\"type\": \"POLYGON\", \"points\": [" + points + "]}"));
  const Shape &shape = result.predictions[0].shape;
  ck_assert_uint_eq (shape.points.size (), geti::max_points_per_polygon);
  ck_assert_double_eq (shape.points[last].x, last);
  ck_assert_double_eq (shape.points[last].y, last % 480 + 0.5);
  ck_assert_str_eq (result.capped.c_str (), "");

  const std::string too_long = "{\"labels\": [], \"shape\": {\"type\": "
                               "\"POLYGON\", \"points\": [" +
                               points + ", {\"x\": 1, \"y\": 1}]}}";
  const PredictResult capped =
      parse_ok ("{\"predictions\": [" + too_long + ", {\"labels\": []}]}");
  ck_assert_uint_eq (capped.predictions.size (), 1);
  ck_assert_int_eq (static_cast<int> (capped.predictions[0].shape.type),
      static_cast<int> (ShapeType::none));
  ck_assert_msg (capped.capped.find ("1 polygons past the caps of 10000 "
                                     "points per polygon") != std::string::npos,
      "%s", capped.capped.c_str ());
}
END_TEST

/* ---- shape names and colours ------------------------------------------- */

START_TEST (test_shape_type_names)
{
  /* Test that every shape type maps to Geti's name and back, and that
   * unknown or differently-cased names are refused. */
  const struct {
    ShapeType type;
    const char *name;
  } names[] = {
    { ShapeType::rectangle, "RECTANGLE" },
    { ShapeType::rotated_rectangle, "ROTATED_RECTANGLE" },
    { ShapeType::ellipse, "ELLIPSE" },
    { ShapeType::polygon, "POLYGON" },
    { ShapeType::keypoint, "KEYPOINT" },
  };
  for (const auto &entry : names) {
    ck_assert_str_eq (geti::shape_type_to_string (entry.type), entry.name);
    const auto type = geti::shape_type_from_string (entry.name);
    ck_assert (type.has_value ());
    ck_assert_int_eq (static_cast<int> (*type), static_cast<int> (entry.type));
  }
  ck_assert_ptr_null (geti::shape_type_to_string (ShapeType::none));
  ck_assert (!geti::shape_type_from_string ("rectangle"));
  ck_assert (!geti::shape_type_from_string ("CIRCLE"));
  ck_assert (!geti::shape_type_from_string (""));
  ck_assert (!geti::shape_type_from_string ("RECTANGLE "));
}
END_TEST

START_TEST (test_parse_color)
{
  /* Test that #RRGGBB and #RRGGBBAA parse in either case, RRGGBB as
   * opaque, and anything else is refused. */
  ck_assert_uint_eq (*geti::parse_color ("#26518eff"), 0x26518effu);
  ck_assert_uint_eq (*geti::parse_color ("#26518EFF"), 0x26518effu);
  ck_assert_uint_eq (*geti::parse_color ("#ff5662"), 0xff5662ffu);
  ck_assert_uint_eq (*geti::parse_color ("#00000000"), 0x00000000u);
  ck_assert_uint_eq (*geti::parse_color ("#ffffff80"), 0xffffff80u);

  const char *const invalid[] = { "", "#", "26518eff", "#26518", "#26518ef",
    "#26518eff0", "#gg518eff", " #26518e", "#26518e ", "0x26518e", "#-26518e" };
  for (const char *text : invalid)
    ck_assert_msg (!geti::parse_color (text), "accepted \"%s\"", text);
}
END_TEST

/* ---- caps on what one answer may cost --------------------------------- */

/* An answer of @n boxes, each with @labels labels */
static std::string
boxes (std::size_t n, std::size_t labels = 1)
{
  std::string label_list;
  for (std::size_t j = 0; j < labels; j++) {
    label_list += std::string (j > 0 ? ", " : "") + "{\"id\": \"l" +
                  std::to_string (j) + "\", \"probability\": 0.5}";
  }
  std::string body = "{\"predictions\": [";
  for (std::size_t i = 0; i < n; i++) {
    body +=
        std::string (i > 0 ? ", " : "") + "{\"labels\": [" + label_list +
        "], \"shape\": {\"type\": \"RECTANGLE\", \"x\": " + std::to_string (i) +
        ", \"y\": 0, \"width\": 1, \"height\": 1}}";
  }
  return body + "], \"created\": \"now\"}";
}

START_TEST (test_cap_predictions)
{
  /* Test that an answer of max_predictions predictions is taken whole, and
   * that past it the first max_predictions are kept, the rest left out and
   * the note names the cap and the count (and the text after the list is
   * still read). */
  const PredictResult full = parse_ok (boxes (geti::max_predictions));
  ck_assert_uint_eq (full.predictions.size (), geti::max_predictions);
  ck_assert_str_eq (full.capped.c_str (), "");

  const PredictResult capped = parse_ok (boxes (geti::max_predictions + 250));
  ck_assert_uint_eq (capped.predictions.size (), geti::max_predictions);
  ck_assert_double_eq (capped.predictions.back ().shape.x,
      static_cast<double> (geti::max_predictions - 1));
  ck_assert_str_eq (capped.created.c_str (), "now");
  ck_assert_str_eq (capped.capped.c_str (),
      "left out 250 predictions past the cap of 10000 per answer");
}
END_TEST

START_TEST (test_cap_pose_keypoints)
{
  /* Test that the keypoints of an OVMS 2025.1 pose count as predictions
   * against max_predictions. */
  std::string body = "{\"predictions\": [{\"keypoints\": [";
  for (std::size_t i = 0; i < geti::max_predictions + 3; i++) {
    body += std::string (i > 0 ? ", " : "") +
            "{\"id\": \"k\", \"score\": 1, \"x\": 1, \"y\": 2}";
  }
  body += "]}]}";
  const PredictResult result = parse_ok (body);
  ck_assert_uint_eq (result.predictions.size (), geti::max_predictions);
  ck_assert_str_eq (result.capped.c_str (),
      "left out 3 predictions past the cap of 10000 per answer");
}
END_TEST

START_TEST (test_cap_labels)
{
  /* Test that a prediction keeps its first max_labels_per_prediction
   * labels, and an answer max_labels labels in all; the note says how many
   * were left out. */
  const PredictResult one =
      parse_ok (boxes (1, geti::max_labels_per_prediction + 5));
  ck_assert_uint_eq (
      one.predictions[0].labels.size (), geti::max_labels_per_prediction);
  ck_assert_str_eq (one.predictions[0].labels.back ().id.c_str (), "l31");
  ck_assert_str_eq (one.capped.c_str (),
      "left out 5 labels past the caps of 32 per prediction and 20000 per "
      "answer");

  /* 1000 boxes of 30 labels: 20000 labels fill 666 boxes and 20 of the
   * 667th; the boxes after it keep no label but stay */
  const PredictResult many = parse_ok (boxes (1000, 30));
  std::size_t labels = 0;
  for (const Prediction &p : many.predictions)
    labels += p.labels.size ();
  ck_assert_uint_eq (many.predictions.size (), 1000);
  ck_assert_uint_eq (labels, geti::max_labels);
  ck_assert_uint_eq (many.predictions[666].labels.size (), 20);
  ck_assert_uint_eq (many.predictions[667].labels.size (), 0);
  ck_assert_msg (many.capped.find ("left out 10000 labels") == 0, "%s",
      many.capped.c_str ());
}
END_TEST

START_TEST (test_cap_points)
{
  /* Test that polygons are kept while their points total max_points, and
   * the ones that would pass it are left out whole. */
  std::string polygon = "{\"labels\": [], \"shape\": {\"type\": \"POLYGON\", "
                        "\"points\": [";
  for (std::size_t i = 0; i < geti::max_points_per_polygon; i++)
    polygon += std::string (i > 0 ? ", " : "") + "{\"x\": 1, \"y\": 2}";
  polygon += "]}}";
  const std::size_t fit = geti::max_points / geti::max_points_per_polygon;
  std::string body = "{\"predictions\": [";
  for (std::size_t i = 0; i < fit + 2; i++)
    body += (i > 0 ? ", " : "") + polygon;
  body += "]}";
  const PredictResult result = parse_ok (body);
  ck_assert_uint_eq (result.predictions.size (), fit);
  ck_assert_str_eq (result.capped.c_str (),
      "left out 2 polygons past the caps of 10000 points per polygon and "
      "250000 per answer");
}
END_TEST

START_TEST (test_string_with_nul)
{
  /* Test that a string holding \u0000, which C would cut short ("a"), makes
   * the answer malformed wherever it is: a label id or name, the shape
   * type, created, even an ignored member or a key. Other escapes still
   * decode, surrogate pairs included. */
  const std::string bodies[] = {
    with_labels ("[{\"id\": \"a\\u0000b\", \"probability\": 1}]"),
    with_labels ("[{\"id\": \"a\", \"name\": \"a\\u0000\", "
                 "\"probability\": 1}]"),
    with_shape ("{\"type\": \"RECTANGLE\\u0000\", \"x\": 1, \"y\": 2, "
                "\"width\": 3, \"height\": 4}"),
    "{\"predictions\": [], \"created\": \"\\u0000\"}",
    "{\"predictions\": [], \"other\": [\"\\u0000\"]}",
    "{\"predictions\": [], \"a\\u0000\": 1}",
  };
  for (const std::string &body : bodies)
    assert_parse_error (body, "NUL character");

  const PredictResult result = parse_ok (with_labels (
      "[{\"id\": \"a\\\\u0000\\n\\u00e9\\ud83d\\ude00\", \"probability\": "
      "1}]"));
  ck_assert_str_eq (result.predictions[0].labels[0].id.c_str (),
      "a\\u0000\n\xc3\xa9\xf0\x9f\x98\x80");
  parse_error_of (with_labels ("[{\"id\": \"\\ud83d\", \"probability\": 1}]"));
}
END_TEST

START_TEST (test_json_reader_string_with_nul)
{
  /* Test that json::parse (the project's and discovery's reader) refuses
   * \u0000 in a string too: json-glib keeps no length, so "a\u0000b" would
   * read as "a". */
  const char body[] = "{\"name\": \"a\\u0000b\"}";
  g_autoptr (GError) error = nullptr;
  JsonNode *root = geti::json::parse (body, sizeof body - 1, &error);
  ck_assert_ptr_null (root);
  ck_assert_msg (std::strstr (error->message, "NUL character") != nullptr, "%s",
      error->message);

  const char escaped[] = "{\"name\": \"a\\\\u0000b\"}";
  g_autoptr (JsonNode) ok =
      geti::json::parse (escaped, sizeof escaped - 1, nullptr);
  ck_assert_ptr_nonnull (ok);
}
END_TEST

START_TEST (test_string_too_long)
{
  /* Test that a string kept (here a label name) longer than
   * max_string_size makes the answer malformed instead of being copied,
   * while one at the size is kept. */
  const std::string name (geti::max_string_size, 'n');
  const PredictResult result = parse_ok (with_labels (
      "[{\"id\": \"a\", \"name\": \"" + name + "\", \"probability\": 1}]"));
  ck_assert_uint_eq (
      result.predictions[0].labels[0].name->size (), geti::max_string_size);
  assert_error_is (with_labels ("[{\"id\": \"a\", \"name\": \"" + name +
                                "n\", \"probability\": 1}]"),
      "predictions[0].labels[0].name: a string longer than 4096 bytes");
}
END_TEST

/* ---- malformed input --------------------------------------------------- */

START_TEST (test_empty_body)
{
  /* Test that an empty body, a NULL one and a blank one are parse errors
   * (json-glib itself accepts blank text). */
  parse_error_of ("", 0);
  parse_error_of (nullptr, 0);
  parse_error_of (nullptr, 12);
  parse_error_of (std::string (" \n\t\r "));
}
END_TEST

START_TEST (test_invalid_json)
{
  /* Test that text that is not JSON, or not standard JSON (json-glib's
   * comments, single quotes and hex), is a parse error. */
  const char *const bodies[] = {
    "not json",
    "{predictions: []}",
    "{\"predictions\": [],}x",
    "{\"predictions\": [] /* comment */}",
    "{\"predictions\": [], \"created\": 'now'}",
    "{\"predictions\": [{\"labels\": [], \"shape\": {\"type\": "
    "\"RECTANGLE\", \"x\": 0x10, \"y\": 0, \"width\": 1, \"height\": 1}}]}",
    "{\"predictions\": NaN}",
    "{\"predictions\": [], \"created\": \"\xff\xfe\"}",
    "\xef\xbb\xbf{\"predictions\": []}",
  };
  for (const char *body : bodies)
    parse_error_of (std::string (body));

  /* a NUL byte inside the body */
  const char with_nul[] = "{\"predictions\": []}\0{";
  parse_error_of (with_nul, sizeof (with_nul) - 1);
}
END_TEST

START_TEST (test_truncated_json)
{
  /* Test that every truncation of a real answer is a parse error. */
  const std::string body = load_fixture ("mp_rotated_detection.json");
  const std::size_t end = body.rfind ('}');
  ck_assert (end != std::string::npos);
  for (std::size_t size = 1; size <= end; size++)
    parse_error_of (body.data (), size);
}
END_TEST

START_TEST (test_top_level_not_object)
{
  /* Test that a top level other than an object is a parse error saying
   * what was found. */
  assert_error_is (std::string ("[{\"labels\": []}]"),
      "top level: expected an object, got an array");
  assert_error_is (std::string ("\"predictions\""),
      "top level: expected an object, got a string");
  assert_error_is (
      std::string ("null"), "top level: expected an object, got null");
  assert_error_is (
      std::string ("42"), "top level: expected an object, got a number");
}
END_TEST

START_TEST (test_missing_predictions)
{
  /* Test that an object with neither predictions nor annotations (or with
   * them null) is a parse error. */
  assert_parse_error ("{}", "no \"predictions\" or \"annotations\"");
  assert_parse_error ("{\"created\": \"now\"}", "no \"predictions\"");
  assert_parse_error ("{\"predictions\": null}", "no \"predictions\"");
}
END_TEST

START_TEST (test_wrong_types)
{
  /* Test that members of the wrong type are parse errors naming their JSON
   * path. */
  const struct {
    std::string body;
    const char *message;
  } cases[] = {
    { "{\"predictions\": {}}",
        "predictions: expected an array, got an object" },
    { "{\"annotations\": \"none\"}",
        "annotations: expected an array, got a string" },
    { "{\"predictions\": [1]}",
        "predictions[0]: expected an object, got a number" },
    { "{\"predictions\": [{\"labels\": []}, \"x\"]}",
        "predictions[1]: expected an object, got a string" },
    { with_shape ("{\"type\": \"RECTANGLE\", \"x\": \"25\", \"y\": 40, "
                  "\"width\": 28, \"height\": 34}"),
        "predictions[0].shape.x: expected a number, got a string" },
    { with_shape ("{\"type\": \"RECTANGLE\", \"x\": 25, \"y\": 40, "
                  "\"width\": true, \"height\": 34}"),
        "predictions[0].shape.width: expected a number, got a boolean" },
    { with_shape ("{\"type\": \"RECTANGLE\", \"x\": 25, \"y\": 40, "
                  "\"width\": 28}"),
        "predictions[0].shape.height: missing" },
    { with_shape ("{\"type\": \"ROTATED_RECTANGLE\", \"x\": 25, \"y\": 40, "
                  "\"width\": 28, \"height\": 34}"),
        "predictions[0].shape.angle: missing" },
    { with_shape ("{\"type\": \"POLYGON\", \"points\": [{\"x\": 1, \"y\": 2},"
                  " {\"x\": 1, \"y\": [2]}]}"),
        "predictions[0].shape.points[1].y: expected a number, got an array" },
    { with_shape ("{\"type\": \"POLYGON\", \"points\": {}}"),
        "predictions[0].shape.points: expected an array, got an object" },
    { with_shape ("{\"type\": \"KEYPOINT\", \"x\": 1, \"y\": 2, "
                  "\"is_visible\": \"yes\"}"),
        "predictions[0].shape.is_visible: expected a boolean, got a string" },
    { with_shape ("{\"x\": 1}"), "predictions[0].shape.type: missing" },
    { with_shape ("{\"type\": 3}"),
        "predictions[0].shape.type: expected a string, got a number" },
    { with_shape ("[1, 2]"),
        "predictions[0].shape: expected an object, got an array" },
    { with_labels ("{\"id\": \"a\"}"),
        "predictions[0].labels: expected an array, got an object" },
    { with_labels ("[{\"id\": \"a\", \"probability\": \"0.9\"}]"),
        "predictions[0].labels[0].probability: expected a number, got a "
        "string" },
    { with_labels ("[{\"id\": \"a\", \"probability\": 0.9}, "
                   "{\"probability\": 0.9}]"),
        "predictions[0].labels[1].id: missing" },
    { with_labels ("[{\"id\": 7, \"probability\": 0.9}]"),
        "predictions[0].labels[0].id: expected a string, got a number" },
    { with_labels ("[{\"id\": \"a\", \"name\": 1, \"probability\": 0.9}]"),
        "predictions[0].labels[0].name: expected a string, got a number" },
    { with_labels ("[{\"id\": \"a\"}]"),
        "predictions[0].labels[0].probability: missing" },
    { with_labels ("[\"a\"]"),
        "predictions[0].labels[0]: expected an object, got a string" },
    { "{\"predictions\": [{\"shape\": {\"type\": \"KEYPOINT\", \"x\": 1, "
      "\"y\": 1}}]}",
        "predictions[0].labels: missing" },
    { "{\"predictions\": [], \"created\": 5}",
        "created: expected a string, got a number" },
    { "{\"annotations\": [], \"modified\": {}}",
        "modified: expected a string, got an object" },
    { "{\"predictions\": [{\"keypoints\": {}}]}",
        "predictions[0].keypoints: expected an array, got an object" },
    { "{\"predictions\": [{\"keypoints\": [{\"id\": \"k\", \"score\": \"1\","
      " \"x\": 1, \"y\": 2}]}]}",
        "predictions[0].keypoints[0].score: expected a number, got a string" },
    { "{\"predictions\": [{\"keypoints\": [{\"id\": \"k\", \"score\": 1, "
      "\"x\": 1}]}]}",
        "predictions[0].keypoints[0].y: missing" },
    { "{\"predictions\": [{\"keypoints\": [null]}]}",
        "predictions[0].keypoints[0]: expected an object, got null" },
  };
  for (const auto &c : cases)
    assert_error_is (c.body, c.message);
}
END_TEST

START_TEST (test_unknown_shape_type)
{
  /* Test that an unknown shape type is a parse error naming it. */
  assert_error_is (with_shape ("{\"type\": \"CIRCLE\", \"x\": 1, \"y\": 2, "
                               "\"width\": 3, \"height\": 4}"),
      "predictions[0].shape.type: unknown shape type \"CIRCLE\"");
  assert_parse_error (with_shape ("{\"type\": \"rectangle\", \"x\": 1, "
                                  "\"y\": 2, \"width\": 3, \"height\": 4}"),
      "unknown shape type \"rectangle\"");
}
END_TEST

START_TEST (test_non_finite_and_huge_numbers)
{
  /* Test that numbers that overflow (to infinity, or past 64-bit integers,
   * which json-glib would wrap) are parse errors. */
  assert_parse_error (with_shape ("{\"type\": \"KEYPOINT\", \"x\": 1e999, "
                                  "\"y\": 2}"),
      "predictions[0].shape.x: expected a finite number");
  assert_parse_error (with_shape ("{\"type\": \"KEYPOINT\", \"x\": 1, "
                                  "\"y\": -1e400}"),
      "predictions[0].shape.y: expected a finite number");
  assert_parse_error (with_shape ("{\"type\": \"KEYPOINT\", \"x\": "
                                  "99999999999999999999, \"y\": 2}"),
      "integer too large");
  assert_parse_error (with_shape ("{\"type\": \"KEYPOINT\", \"x\": "
                                  "9223372036854775808, \"y\": 2}"),
      "integer too large");
  assert_parse_error (with_shape ("{\"type\": \"KEYPOINT\", \"x\": 1, "
                                  "\"y\": -9223372036854775809}"),
      "integer too large");

  /* the largest integers accepted still come out right: every gint64, so
   * that 19-digit ones such as nanoseconds since 1970, which the meta's
   * JSON writes as pts, read back (a fuzz_meta_json finding) */
  const PredictResult result = parse_ok (
      with_shape ("{\"type\": \"KEYPOINT\", \"x\": 9223372036854775807, "
                  "\"y\": -9223372036854775808}"));
  ck_assert_double_eq (result.predictions[0].shape.x, 9223372036854775807.0);
  ck_assert_double_eq (result.predictions[0].shape.y, -9223372036854775808.0);
  const PredictResult padded = parse_ok (
      with_shape ("{\"type\": \"KEYPOINT\", \"x\": 1732650000000000000, "
                  "\"y\": -0}"));
  ck_assert_double_eq (padded.predictions[0].shape.x, 1732650000000000000.0);
}
END_TEST

START_TEST (test_deeply_nested)
{
  /* Test that deeply nested junk, at the top or inside an ignored member,
   * is a parse error rather than a stack overflow, while the moderate
   * nesting of real documents is accepted. */
  const std::string deep_array (100000, '[');
  parse_error_of (deep_array);

  std::string deep_objects;
  for (int i = 0; i < 100000; i++)
    deep_objects += "{\"a\":";
  parse_error_of (deep_objects);

  std::string inside = "{\"predictions\": [], \"maps\": ";
  inside += std::string (5000, '[') + std::string (5000, ']') + "}";
  assert_parse_error (inside, "nested more than 64 deep");

  /* brackets inside strings are not nesting */
  const PredictResult result = parse_ok (
      "{\"predictions\": [], \"created\": \"" + std::string (1000, '[') +
      "\\\"" + std::string (1000, '{') + "\"}");
  ck_assert_uint_eq (result.created.size (), 2001);

  std::string moderate = "{\"predictions\": [], \"maps\": ";
  moderate += std::string (40, '[') + std::string (40, ']') + "}";
  parse_ok (moderate);
}
END_TEST

START_TEST (test_huge_numbers_list)
{
  /* Test that a huge list of bare numbers where objects belong is a parse
   * error naming the first element, as predictions and as points. */
  std::string numbers;
  for (int i = 0; i < 200000; i++) {
    if (i > 0)
      numbers += ",";
    numbers += std::to_string (i);
  }
  assert_error_is ("{\"predictions\": [" + numbers + "]}",
      "predictions[0]: expected an object, got a number");
  /* (a polygon past max_points_per_polygon is left out unread) */
  numbers.resize (numbers.find (",5000,"));
  assert_error_is (with_shape ("{\"type\": \"POLYGON\", "
                               "\"points\": [" +
                               numbers + "]}"),
      "predictions[0].shape.points[0]: expected an object, got a number");
}
END_TEST

START_TEST (test_error_is_optional)
{
  /* Test that a failing parse with no GError to fill neither crashes nor
   * leaves stale results. */
  PredictResult result;
  result.predictions.emplace_back ();
  ck_assert (!geti::parse_predict_response ("[", 1, result, nullptr));
  ck_assert_uint_eq (result.predictions.size (), 0);
  const std::string body = with_shape ("{\"type\": \"CIRCLE\"}");
  ck_assert (!geti::parse_predict_response (
      body.data (), body.size (), result, nullptr));
}
END_TEST

/* ---- :explain ------------------------------------------------------------ */

using geti::ExplainMap;
using geti::ExplainResult;

static ExplainResult
explain_ok (std::string_view body)
{
  ExplainResult result;
  g_autoptr (GError) error = nullptr;
  const bool ok = geti::parse_explain_response (body, result, &error);
  ck_assert_msg (ok, "parse failed: %s", ok ? "" : error->message);
  ck_assert_ptr_null (error);
  return result;
}

/* The parse error's message, after checking it is GETI_ERROR/ERROR_PARSE
 * and the result is left empty */
static std::string
explain_error (const std::string &body)
{
  ExplainResult result;
  result.created = "stale";
  result.dropped.push_back ("stale");
  g_autoptr (GError) error = nullptr;
  ck_assert (!geti::parse_explain_response (body, result, &error));
  ck_assert (g_error_matches (error, GETI_ERROR, geti::ERROR_PARSE));
  ck_assert (result.maps.empty ());
  ck_assert (result.dropped.empty ());
  ck_assert (result.created.empty ());
  return error->message;
}

static std::string
base64 (const std::vector<guint8> &bytes)
{
  g_autofree gchar *text = g_base64_encode (bytes.data (), bytes.size ());
  return text;
}

/* A JPEG of @width x @height in @format (TJPF_GRAY, TJPF_RGB, TJPF_CMYK),
 * each pixel's components from @fill (x, y, components) */
static std::vector<guint8>
make_jpeg (int width, int height, int format,
    const std::function<void (int, int, guint8 *)> &fill)
{
  const int size = tjPixelSize[format];
  std::vector<guint8> pixels (std::size_t (width) * height * size);
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++)
      fill (x, y, &pixels[(std::size_t (y) * width + x) * size]);
  }
  tjhandle tj = tjInitCompress ();
  ck_assert_ptr_nonnull (tj);
  unsigned char *jpeg = nullptr;
  unsigned long jpeg_size = 0;
  const int subsampling = format == TJPF_GRAY ? TJSAMP_GRAY : TJSAMP_420;
  ck_assert_int_eq (tjCompress2 (tj, pixels.data (), width, 0, height, format,
                        &jpeg, &jpeg_size, subsampling, 95, 0),
      0);
  std::vector<guint8> out (jpeg, jpeg + jpeg_size);
  tjFree (jpeg);
  tjDestroy (tj);
  return out;
}

/* A grey JPEG, bright (255) in its left half, dark (0) in its right */
static std::vector<guint8>
half_bright_jpeg (int width, int height)
{
  return make_jpeg (width, height, TJPF_GRAY,
      [width] (int x, int, guint8 *p) { p[0] = x < width / 2 ? 255 : 0; });
}

struct MapText {
  std::string label_id;
  std::optional<std::string> label_name;
  std::string data;
};

static std::string
explain_body (const std::vector<MapText> &maps)
{
  std::string body = "{\"maps\": [";
  for (std::size_t i = 0; i < maps.size (); i++) {
    if (i > 0)
      body += ", ";
    body += "{\"data\": \"" + maps[i].data + "\", \"label_id\": \"" +
            maps[i].label_id + "\"";
    if (maps[i].label_name)
      body += ", \"label_name\": \"" + *maps[i].label_name + "\"";
    body += "}";
  }
  return body + "], \"created\": \"" + go_created + "\"}";
}

/* The mean of the map's pixels in columns [x0, x1) */
static double
column_mean (const ExplainMap &map, guint x0, guint x1)
{
  double sum = 0;
  for (guint y = 0; y < map.height; y++) {
    for (guint x = x0; x < x1; x++)
      sum += map.pixels[std::size_t (y) * map.width + x];
  }
  return sum / (double (x1 - x0) * map.height);
}

START_TEST (test_explain_openapi_fixture)
{
  /* Test that Geti's OpenAPI example of a :explain answer gives its one map
   * (an 8x6 grey JPEG) with its label id, no label name, every pixel, and
   * the created time; media_identifier is ignored. */
  const ExplainResult result =
      explain_ok (load_fixture ("openapi_single_explain.json"));
  ck_assert_uint_eq (result.maps.size (), 1);
  ck_assert (result.dropped.empty ());
  ck_assert_str_eq (result.created.c_str (), go_created);
  const ExplainMap &map = result.maps[0];
  ck_assert_str_eq (map.label_id.c_str (), "6548caa9e645c2fbcd20b798");
  ck_assert (!map.label_name);
  ck_assert_uint_eq (map.width, 8);
  ck_assert_uint_eq (map.height, 6);
  ck_assert_uint_eq (map.pixels.size (), 8 * 6);
}
END_TEST

START_TEST (test_explain_mp_fixtures)
{
  /* Test that the maps of the model server's serializer fixtures (which
   * :predict ignores) are read by the :explain parser, label_name
   * included. */
  const struct {
    const char *fixture;
    const char *label_id;
  } cases[] = {
    { "mp_anomaly_classification.json", "anomalous_label" },
    { "mp_anomaly_detection.json", "anomalous_label" },
    { "mp_anomaly_segmentation.json", "anomalous_label" },
    { "mp_detection.json", "0" },
    { "mp_classification.json", "0" },
  };
  for (const auto &c : cases) {
    const ExplainResult result = explain_ok (load_fixture (c.fixture));
    ck_assert_uint_eq (result.maps.size (), 1);
    ck_assert (result.dropped.empty ());
    ck_assert_str_eq (result.maps[0].label_id.c_str (), c.label_id);
    ck_assert (result.maps[0].label_name.has_value ());
    ck_assert_uint_eq (result.maps[0].width, 8);
    ck_assert_uint_eq (result.maps[0].height, 6);
  }
  /* no created in these: left empty */
  ck_assert (explain_ok (load_fixture ("mp_detection.json")).created.empty ());
  /* the one without maps is no :explain answer */
  const std::string message =
      explain_error (load_fixture ("mp_detection_classification.json"));
  ck_assert_msg (
      strstr (message.c_str (), "\"maps\"") != nullptr, "%s", message.c_str ());
}
END_TEST

START_TEST (test_explain_pixels)
{
  /* Test that a grey JPEG decodes to its pixels: the bright half stays
   * bright and the dark half dark, at the JPEG's size, stride = width. */
  const ExplainResult result = explain_ok (explain_body (
      { { "l1", "Anomalous", base64 (half_bright_jpeg (64, 32)) } }));
  ck_assert_uint_eq (result.maps.size (), 1);
  const ExplainMap &map = result.maps[0];
  ck_assert_str_eq (map.label_name->c_str (), "Anomalous");
  ck_assert_uint_eq (map.width, 64);
  ck_assert_uint_eq (map.height, 32);
  ck_assert_uint_eq (map.pixels.size (), 64 * 32);
  ck_assert_double_gt (column_mean (map, 0, 28), 245);
  ck_assert_double_lt (column_mean (map, 36, 64), 10);
}
END_TEST

START_TEST (test_explain_colour_jpegs)
{
  /* Test that colour JPEGs decode to their intensity: an RGB (YCbCr) one
   * through libjpeg's own conversion, a CMYK (YCCK) one, which libjpeg
   * can't turn into grey, through libjpeg-turbo's CMYK-to-RGB rule (Adobe's
   * inverted CMYK: 255 is no ink). */
  /* pure green left (luma 150/255 of full), black right */
  const std::vector<guint8> rgb =
      make_jpeg (64, 32, TJPF_RGB, [] (int x, int, guint8 *p) {
        p[0] = 0;
        p[1] = x < 32 ? 255 : 0;
        p[2] = 0;
      });
  /* white left (no ink at all), black right (full K) */
  const std::vector<guint8> cmyk =
      make_jpeg (64, 32, TJPF_CMYK, [] (int x, int, guint8 *p) {
        p[0] = p[1] = p[2] = 255;
        p[3] = x < 32 ? 255 : 0;
      });
  {
    tjhandle tj = tjInitDecompress ();
    int w, h, sub, colorspace;
    ck_assert_int_eq (
        tjDecompressHeader3 (tj, const_cast<guint8 *> (cmyk.data ()),
            cmyk.size (), &w, &h, &sub, &colorspace),
        0);
    ck_assert_int_eq (colorspace, TJCS_YCCK);
    tjDestroy (tj);
  }
  const ExplainResult result =
      explain_ok (explain_body ({ { "rgb", std::nullopt, base64 (rgb) },
          { "cmyk", std::nullopt, base64 (cmyk) } }));
  ck_assert_uint_eq (result.maps.size (), 2);
  ck_assert (result.dropped.empty ());
  const ExplainMap &green = result.maps[0];
  ck_assert_uint_eq (green.pixels.size (), 64 * 32);
  ck_assert_double_gt (column_mean (green, 0, 24), 140);
  ck_assert_double_lt (column_mean (green, 0, 24), 160);
  ck_assert_double_lt (column_mean (green, 40, 64), 10);
  const ExplainMap &ink = result.maps[1];
  ck_assert_uint_eq (ink.width, 64);
  ck_assert_uint_eq (ink.pixels.size (), 64 * 32);
  ck_assert_double_gt (column_mean (ink, 0, 24), 245);
  ck_assert_double_lt (column_mean (ink, 40, 64), 10);
}
END_TEST

START_TEST (test_explain_bad_maps_dropped)
{
  /* Test that each map that can't be had is dropped with a reason naming
   * it and why, and that the good maps around them are kept in order. */
  const std::string good = base64 (half_bright_jpeg (16, 16));
  const std::string png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+"
      "M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  /* cut a few bytes into the image data */
  std::vector<guint8> truncated = half_bright_jpeg (64, 64);
  std::size_t sos = 0;
  for (std::size_t i = 0; i + 1 < truncated.size (); i++) {
    if (truncated[i] == 0xff && truncated[i + 1] == 0xda)
      sos = i;
  }
  ck_assert_uint_gt (sos, 0);
  ck_assert_uint_gt (truncated.size (), sos + 30);
  truncated.resize (sos + 20);
  const struct {
    const char *data;
    const char *why;
  } bad[] = {
    { "not base64!", "bad base64: byte 0x20 at 3" },
    { "QUJD=A==", "bad base64: 'A' at 5" },
    { "QUJDRA", "not a padded multiple of 4" },
    { "", "bad base64: empty" },
    { "SGVsbG8sIHdvcmxkIQ==", "not a JPEG" },
    { png.c_str (), "not a JPEG" },
  };
  std::vector<MapText> maps = { { "first", "First", good } };
  for (const auto &b : bad)
    maps.push_back ({ "bad", std::nullopt, b.data });
  maps.push_back ({ "cut", "Cut", base64 (truncated) });
  maps.push_back ({ "last", std::nullopt, good });

  const ExplainResult result = explain_ok (explain_body (maps));
  ck_assert_uint_eq (result.maps.size (), 2);
  ck_assert_str_eq (result.maps[0].label_id.c_str (), "first");
  ck_assert_str_eq (result.maps[1].label_id.c_str (), "last");
  ck_assert_uint_eq (result.dropped.size (), G_N_ELEMENTS (bad) + 1);
  for (std::size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
    const std::string &text = result.dropped[i];
    g_autofree gchar *where = g_strdup_printf ("maps[%zu] (label bad)", i + 1);
    ck_assert_msg (
        g_str_has_prefix (text.c_str (), where), "%s", text.c_str ());
    ck_assert_msg (strstr (text.c_str (), bad[i].why) != nullptr, "%s vs %s",
        text.c_str (), bad[i].why);
  }
  const std::string &cut = result.dropped.back ();
  ck_assert_msg (g_str_has_prefix (cut.c_str (), "maps[7] (label cut \"Cut\")"),
      "%s", cut.c_str ());
  ck_assert_msg (
      strstr (cut.c_str (), "does not decode") != nullptr, "%s", cut.c_str ());
}
END_TEST

/* Sets the height and width in the SOF0 header of @jpeg */
static void
patch_jpeg_size (std::vector<guint8> &jpeg, guint width, guint height)
{
  for (std::size_t i = 2; i + 8 < jpeg.size (); i++) {
    if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc0) {
      jpeg[i + 5] = guint8 (height >> 8);
      jpeg[i + 6] = guint8 (height);
      jpeg[i + 7] = guint8 (width >> 8);
      jpeg[i + 8] = guint8 (width);
      return;
    }
  }
  ck_abort_msg ("no SOF0 marker");
}

START_TEST (test_explain_absurd_sizes)
{
  /* Test that a JPEG whose header claims more than max_map_side on either
   * side is dropped from its header alone (65000x65000 would be 4 GB; the
   * body holds a 16x16 image), while one at the cap is kept. */
  std::vector<guint8> huge = half_bright_jpeg (16, 16);
  patch_jpeg_size (huge, 65000, 65000);
  std::vector<guint8> wide = half_bright_jpeg (16, 16);
  patch_jpeg_size (wide, geti::max_map_side + 1, 1);
  const std::vector<guint8> widest =
      half_bright_jpeg (int (geti::max_map_side), 2);
  const ExplainResult result =
      explain_ok (explain_body ({ { "huge", std::nullopt, base64 (huge) },
          { "wide", std::nullopt, base64 (wide) },
          { "widest", std::nullopt, base64 (widest) } }));
  ck_assert_uint_eq (result.maps.size (), 1);
  ck_assert_str_eq (result.maps[0].label_id.c_str (), "widest");
  ck_assert_uint_eq (result.maps[0].width, geti::max_map_side);
  ck_assert_uint_eq (result.dropped.size (), 2);
  ck_assert_msg (
      strstr (result.dropped[0].c_str (), "65000x65000, over the "
                                          "cap of 4096x4096") != nullptr,
      "%s", result.dropped[0].c_str ());
  ck_assert_msg (strstr (result.dropped[1].c_str (), "4097x1") != nullptr, "%s",
      result.dropped[1].c_str ());
}
END_TEST

START_TEST (test_explain_scans)
{
  /* Test that a progressive JPEG (several scans) decodes like a baseline
   * one, and that one of more than max_map_scans scans is dropped before
   * it is decoded (each scan may cost a pass over the whole image). */
  const std::vector<guint8> baseline = half_bright_jpeg (64, 32);
  tjhandle tj = tjInitCompress ();
  std::vector<guint8> pixels (64 * 32);
  for (int y = 0; y < 32; y++)
    for (int x = 0; x < 64; x++)
      pixels[y * 64 + x] = x < 32 ? 255 : 0;
  unsigned char *jpeg = nullptr;
  unsigned long size = 0;
  ck_assert_int_eq (tjCompress2 (tj, pixels.data (), 64, 0, 32, TJPF_GRAY,
                        &jpeg, &size, TJSAMP_GRAY, 95, TJFLAG_PROGRESSIVE),
      0);
  const std::vector<guint8> progressive (jpeg, jpeg + size);
  tjFree (jpeg);
  tjDestroy (tj);
  std::size_t scans = 0;
  for (std::size_t i = 0; i + 1 < progressive.size (); i++)
    scans += progressive[i] == 0xff && progressive[i + 1] == 0xda;
  ck_assert_uint_gt (scans, 1);

  /* the first scan's segment, repeated past the cap (before EOI) */
  std::size_t sos = 0;
  while (!(baseline[sos] == 0xff && baseline[sos + 1] == 0xda))
    sos++;
  std::vector<guint8> many (baseline.begin (), baseline.end () - 2);
  const std::vector<guint8> scan (baseline.begin () + sos, baseline.end () - 2);
  for (std::size_t i = 0; i < geti::max_map_scans; i++)
    many.insert (many.end (), scan.begin (), scan.end ());
  many.push_back (0xff);
  many.push_back (0xd9);

  const ExplainResult result =
      explain_ok (explain_body ({ { "p", std::nullopt, base64 (progressive) },
          { "many", std::nullopt, base64 (many) } }));
  ck_assert_uint_eq (result.maps.size (), 1);
  ck_assert_str_eq (result.maps[0].label_id.c_str (), "p");
  ck_assert_double_gt (column_mean (result.maps[0], 0, 28), 245);
  ck_assert_double_lt (column_mean (result.maps[0], 36, 64), 10);
  ck_assert_uint_eq (result.dropped.size (), 1);
  g_autofree gchar *expected =
      g_strdup_printf ("a JPEG of %zu scans, over the cap of %zu",
          geti::max_map_scans + 1, geti::max_map_scans);
  ck_assert_msg (strstr (result.dropped[0].c_str (), expected) != nullptr, "%s",
      result.dropped[0].c_str ());
}
END_TEST

START_TEST (test_explain_pixel_budget)
{
  /* Test that the maps of one answer share max_map_pixels_total: past it a
   * map is dropped before it is decoded (small uniform JPEGs can claim
   * large images), the ones before it kept. */
  const std::size_t side = geti::max_map_side;
  const std::size_t fit = geti::max_map_pixels_total / (side * side);
  const std::string big = base64 (make_jpeg (int (side), int (side), TJPF_GRAY,
      [] (int, int, guint8 *p) { p[0] = 128; }));
  std::vector<MapText> maps (fit + 1, { "big", std::nullopt, big });
  maps.push_back ({ "small", std::nullopt, base64 (half_bright_jpeg (8, 8)) });
  const ExplainResult result = explain_ok (explain_body (maps));
  ck_assert_uint_eq (result.maps.size (), fit);
  ck_assert_uint_eq (result.dropped.size (), 2);
  ck_assert_msg (
      strstr (result.dropped[0].c_str (), "pixels per answer") != nullptr, "%s",
      result.dropped[0].c_str ());
  g_autofree gchar *small =
      g_strdup_printf ("maps[%zu] (label small)", fit + 1);
  ck_assert_msg (g_str_has_prefix (result.dropped[1].c_str (), small), "%s",
      result.dropped[1].c_str ());
}
END_TEST

START_TEST (test_explain_map_cap)
{
  /* Test that maps past max_maps are left out with one text saying how
   * many, and the first max_maps kept. */
  const std::string tiny = base64 (half_bright_jpeg (8, 8));
  std::vector<MapText> maps;
  for (std::size_t i = 0; i < geti::max_maps + 3; i++)
    maps.push_back ({ "l" + std::to_string (i), std::nullopt, tiny });
  const ExplainResult result = explain_ok (explain_body (maps));
  ck_assert_uint_eq (result.maps.size (), geti::max_maps);
  const std::string last = "l" + std::to_string (geti::max_maps - 1);
  ck_assert_str_eq (result.maps.back ().label_id.c_str (), last.c_str ());
  ck_assert_uint_eq (result.dropped.size (), 1);
  ck_assert_str_eq (result.dropped[0].c_str (),
      "left out 3 maps past the cap of 64 per answer");
}
END_TEST

START_TEST (test_explain_no_maps)
{
  /* Test that an answer with an empty list of maps is a success with no
   * maps and nothing dropped. */
  const ExplainResult result =
      explain_ok ("{\"maps\": [], \"created\": \"x\"}");
  ck_assert (result.maps.empty ());
  ck_assert (result.dropped.empty ());
  ck_assert_str_eq (result.created.c_str (), "x");
}
END_TEST

START_TEST (test_explain_escaped_base64)
{
  /* Test that the base64 text is read as a JSON string: "\/" escapes and
   * MIME line breaks (written "\n") are taken. */
  std::string data = base64 (half_bright_jpeg (16, 16));
  std::string escaped;
  for (std::size_t i = 0; i < data.size (); i++) {
    if (i > 0 && i % 76 == 0)
      escaped += "\\n";
    escaped += data[i] == '/' ? std::string ("\\/") : std::string (1, data[i]);
  }
  ck_assert (escaped.find ("\\/") != std::string::npos);
  const ExplainResult result =
      explain_ok (explain_body ({ { "l", std::nullopt, escaped } }));
  ck_assert_uint_eq (result.maps.size (), 1);
  ck_assert_uint_eq (result.maps[0].width, 16);
}
END_TEST

START_TEST (test_explain_malformed)
{
  /* Test that an answer that is no :explain answer, or whose maps have
   * members of the wrong type, is a parse error naming what is wrong, even
   * when other maps are good. */
  const std::string good = base64 (half_bright_jpeg (8, 8));
  const std::string ok_map =
      "{\"data\": \"" + good + "\", \"label_id\": \"a\"}";
  const struct {
    std::string body;
    const char *message;
  } cases[] = {
    { "", "empty document" },
    { "[]", "top level: expected an object, got an array" },
    { "\"maps\"", "top level: expected an object, got a string" },
    { "{\"maps\": [", "invalid JSON" },
    { "{}", "top level: no \"maps\" member" },
    { "{\"maps\": null}", "top level: no \"maps\" member" },
    { "{\"message\": \"Model not found\", \"http_status\": 404}",
        "no \"maps\" member; the server said: Model not found" },
    { "{\"maps\": {}}", "maps: expected an array, got an object" },
    { "{\"maps\": [" + ok_map + ", 3]}",
        "maps[1]: expected an object, got a number" },
    { "{\"maps\": [{\"data\": \"" + good + "\"}]}",
        "maps[0].label_id: missing" },
    { "{\"maps\": [{\"label_id\": \"a\"}]}", "maps[0].data: missing" },
    { "{\"maps\": [{\"label_id\": 7, \"data\": \"\"}]}",
        "maps[0].label_id: expected a string, got a number" },
    { "{\"maps\": [{\"label_id\": \"a\", \"data\": [1]}]}",
        "maps[0].data: expected a string, got an array" },
    { "{\"maps\": [{\"label_id\": \"a\", \"label_name\": false, \"data\": "
      "\"\"}]}",
        "maps[0].label_name: expected a string, got a boolean" },
    { "{\"maps\": [], \"created\": 5}",
        "created: expected a string, got a number" },
  };
  for (const auto &c : cases) {
    const std::string message = explain_error (c.body);
    ck_assert_msg (strstr (message.c_str (), c.message) != nullptr,
        "%s: \"%s\", expected \"%s\"", c.body.c_str (), message.c_str (),
        c.message);
  }
}
END_TEST

START_TEST (test_explain_body_is_a_view)
{
  /* Test that only the view's bytes are read: no terminating NUL needed,
   * what follows not looked at (an exact-size heap copy lets a sanitizer
   * see a read past the end). */
  const std::string body = load_fixture ("openapi_single_explain.json");
  g_autofree char *exact =
      static_cast<char *> (g_memdup2 (body.data (), body.size ()));
  ck_assert_uint_eq (
      explain_ok (std::string_view (exact, body.size ())).maps.size (), 1);
  const std::string padded = body + "} [[[";
  ck_assert_uint_eq (
      explain_ok (std::string_view (padded.data (), body.size ())).maps.size (),
      1);
}
END_TEST

static Suite *
response_parser_suite ()
{
  Suite *s = suite_create ("response_parser");

  TCase *fixtures = tcase_create ("fixtures");
  tcase_add_test (fixtures, test_openapi_single_predict);
  tcase_add_test (fixtures, test_openapi_media_identifier);
  tcase_add_test (fixtures, test_legacy_annotation_scene);
  tcase_add_test (fixtures, test_mp_detection);
  tcase_add_test (fixtures, test_mp_detection_classification);
  tcase_add_test (fixtures, test_mp_detection_segmentation);
  tcase_add_test (fixtures, test_mp_classification);
  tcase_add_test (fixtures, test_mp_rotated_detection);
  tcase_add_test (fixtures, test_mp_segmentation);
  tcase_add_test (fixtures, test_mp_anomaly_classification);
  tcase_add_test (fixtures, test_mp_anomaly_detection);
  tcase_add_test (fixtures, test_mp_anomaly_segmentation);
  tcase_add_test (fixtures, test_constructed_ellipse);
  tcase_add_test (fixtures, test_constructed_empty_labels);
  tcase_add_test (fixtures, test_constructed_empty_result);
  tcase_add_test (fixtures, test_constructed_keypoint_ovms2025_1);
  tcase_add_test (fixtures, test_constructed_keypoint_per_point);
  tcase_add_test (fixtures, test_error_bodies);
  tcase_add_test (fixtures, test_every_fixture_is_covered);
  suite_add_tcase (s, fixtures);

  TCase *forms = tcase_create ("forms");
  tcase_add_test (forms, test_label_only);
  tcase_add_test (forms, test_keypoint_visibility);
  tcase_add_test (forms, test_numbers_int_or_double);
  tcase_add_test (forms, test_unknown_members_ignored);
  tcase_add_test (forms, test_empty_predictions);
  tcase_add_test (forms, test_label_colors);
  tcase_add_test (forms, test_result_replaced);
  tcase_add_test (forms, test_size_is_honoured);
  tcase_add_test (forms, test_large_polygon);
  tcase_add_test (forms, test_shape_type_names);
  tcase_add_test (forms, test_parse_color);
  suite_add_tcase (s, forms);

  TCase *caps = tcase_create ("caps");
  tcase_add_test (caps, test_cap_predictions);
  tcase_add_test (caps, test_cap_pose_keypoints);
  tcase_add_test (caps, test_cap_labels);
  tcase_add_test (caps, test_cap_points);
  tcase_add_test (caps, test_string_with_nul);
  tcase_add_test (caps, test_json_reader_string_with_nul);
  tcase_add_test (caps, test_string_too_long);
  suite_add_tcase (s, caps);

  TCase *malformed = tcase_create ("malformed");
  tcase_add_test (malformed, test_empty_body);
  tcase_add_test (malformed, test_invalid_json);
  tcase_add_test (malformed, test_truncated_json);
  tcase_add_test (malformed, test_top_level_not_object);
  tcase_add_test (malformed, test_missing_predictions);
  tcase_add_test (malformed, test_wrong_types);
  tcase_add_test (malformed, test_unknown_shape_type);
  tcase_add_test (malformed, test_non_finite_and_huge_numbers);
  tcase_add_test (malformed, test_deeply_nested);
  tcase_add_test (malformed, test_huge_numbers_list);
  tcase_add_test (malformed, test_error_is_optional);
  suite_add_tcase (s, malformed);

  TCase *explain = tcase_create ("explain");
  tcase_add_test (explain, test_explain_openapi_fixture);
  tcase_add_test (explain, test_explain_mp_fixtures);
  tcase_add_test (explain, test_explain_pixels);
  tcase_add_test (explain, test_explain_colour_jpegs);
  tcase_add_test (explain, test_explain_bad_maps_dropped);
  tcase_add_test (explain, test_explain_absurd_sizes);
  tcase_add_test (explain, test_explain_scans);
  tcase_add_test (explain, test_explain_pixel_budget);
  tcase_add_test (explain, test_explain_map_cap);
  tcase_add_test (explain, test_explain_no_maps);
  tcase_add_test (explain, test_explain_escaped_base64);
  tcase_add_test (explain, test_explain_malformed);
  tcase_add_test (explain, test_explain_body_is_a_view);
  suite_add_tcase (s, explain);

  return s;
}

int
main ()
{
  /* A critical or warning is a bug here even when the runner did not set
   * G_DEBUG=fatal-criticals. */
  g_log_set_always_fatal (
      static_cast<GLogLevelFlags> (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING));

  SRunner *runner = srunner_create (response_parser_suite ());
  srunner_run_all (runner, CK_NORMAL);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed;
}
