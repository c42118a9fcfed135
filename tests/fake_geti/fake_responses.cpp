/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fake_responses.h"

#include <json-glib/json-glib.h>

#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <new>

namespace geti::fake {

namespace {

constexpr char PRODUCT_VERSION[] = "2.11.0";
constexpr char DATASET_ID[] = "6650a1b2c3d4e5f607182935";
constexpr char LABEL_SCHEMA_ID[] = "6650a1b2c3d4e5f607182936";
constexpr char CLASSIFICATION_SCHEMA_ID[] = "6650a1b2c3d4e5f607182940";
constexpr char KEYPOINT_SCHEMA_ID[] = "6650a1b2c3d4e5f607182941";
constexpr char ANOMALY_SCHEMA_ID[] = "6650a1b2c3d4e5f607182945";
constexpr char CREATOR_ID[] = "7d3b5a1c-9e2f-4a6b-8c0d-1e2f3a4b5c6d";
constexpr char PROJECT_CREATION_TIME[] = "2026-01-05T09:30:00.000000+00:00";
constexpr char ORGANIZATION_CREATION_TIME[] = "2025-06-01T08:00:00Z";
constexpr char OTHER_ORGANIZATION_CREATION_TIME[] = "2025-11-20T16:45:00Z";

/* The keypoints of ProjectKind::keypoint, in the order of its labels */
struct KeypointLabel {
  const char *id;
  const char *name;
  const char *color;
};
constexpr KeypointLabel KEYPOINT_LABELS[] = {
  { TOP_LABEL_ID, TOP_LABEL_NAME, TOP_LABEL_COLOR },
  { CENTER_LABEL_ID, CENTER_LABEL_NAME, CENTER_LABEL_COLOR },
  { BOTTOM_LABEL_ID, BOTTOM_LABEL_NAME, BOTTOM_LABEL_COLOR },
};

std::string
lowercase (std::string_view text)
{
  std::string lower (text);
  for (char &c : lower)
    c = g_ascii_tolower (c);
  return lower;
}

std::string
created_time_string (const struct timespec &now)
{
  struct tm tm;
  gmtime_r (&now.tv_sec, &tm);
  char date[64];
  std::strftime (date, sizeof (date), "%Y-%m-%d %H:%M:%S", &tm);
  std::string text = date;
  if (now.tv_nsec != 0) {
    char fraction[16];
    g_snprintf (fraction, sizeof (fraction), ".%09ld", (long) now.tv_nsec);
    std::string digits = fraction;
    while (digits.back () == '0')
      digits.pop_back ();
    text += digits;
  }
  return text + " +0000";
}

void
add_string (JsonBuilder *builder, const char *name, std::string_view value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, std::string (value).c_str ());
}

void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
add_double (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

void
add_bool (JsonBuilder *builder, const char *name, bool value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
add_null (JsonBuilder *builder, const char *name)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_null_value (builder);
}

/* @number (JSON text of a double) as Geti (Python's json) writes it: the
 * shortest decimal that reads back as the same double, "0.97" where
 * json-glib writes "0.96999999999999997"; integral values keep their
 * ".0". */
std::string
shortest_number (const std::string &number)
{
  const double value = g_ascii_strtod (number.c_str (), nullptr);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (const char *format : { "%.15g", "%.16g", "%.17g" }) {
    g_ascii_formatd (buf, sizeof (buf), format, value);
    if (g_ascii_strtod (buf, nullptr) == value)
      break;
  }
  std::string text = buf;
  if (text.find_first_of (".eEni") == std::string::npos)
    text += ".0";
  return text;
}

/* @root as compact JSON text, its doubles in their shortest form */
std::string
node_to_string (JsonNode *root)
{
  g_autofree char *generated = json_to_string (root, FALSE);
  std::string text;
  bool in_string = false;
  for (const char *p = generated; *p != '\0'; p++) {
    if (in_string) {
      text += *p;
      if (*p == '\\' && p[1] != '\0')
        text += *++p;
      else if (*p == '"')
        in_string = false;
    } else if (*p == '"') {
      in_string = true;
      text += *p;
    } else if (*p == '-' || g_ascii_isdigit (*p)) {
      const char *end = p;
      while (*end == '-' || *end == '+' || *end == '.' || *end == 'e' ||
             *end == 'E' || g_ascii_isdigit (*end))
        end++;
      const std::string number (p, end);
      text += number.find_first_of (".eE") == std::string::npos
                  ? number
                  : shortest_number (number);
      p = end - 1;
    } else {
      text += *p;
    }
  }
  return text;
}

std::string
builder_to_string (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  return node_to_string (root);
}

/* One label of a prediction: id, name and probability, never colour (live
 * Geti sends none). */
struct LabelRef {
  const char *id;
  const char *name;
  double probability;
};
using Labels = std::vector<LabelRef>;

void
add_predict_label (JsonBuilder *builder, const LabelRef &label)
{
  json_builder_begin_object (builder);
  add_double (builder, "probability", label.probability);
  add_string (builder, "id", label.id);
  add_string (builder, "name", label.name);
  json_builder_end_object (builder);
}

/* Opens a prediction with @labels and, unless @label_only, its "shape"
 * member; the caller fills the shape and closes with end_prediction(). */
void
begin_prediction (JsonBuilder *builder, bool label_only, const Labels &labels,
    const char *shape_type)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (const LabelRef &label : labels)
    add_predict_label (builder, label);
  json_builder_end_array (builder);
  if (!label_only) {
    json_builder_set_member_name (builder, "shape");
    json_builder_begin_object (builder);
    add_string (builder, "type", shape_type);
  }
}

void
end_prediction (JsonBuilder *builder, bool label_only)
{
  if (!label_only)
    json_builder_end_object (builder);
  json_builder_end_object (builder);
}

void
add_rectangle (JsonBuilder *builder, bool label_only, const Labels &labels,
    int x, int y, int width, int height)
{
  begin_prediction (builder, label_only, labels, "RECTANGLE");
  if (!label_only) {
    add_int (builder, "x", x);
    add_int (builder, "y", y);
    add_int (builder, "width", width);
    add_int (builder, "height", height);
  }
  end_prediction (builder, label_only);
}

void
add_keypoint (JsonBuilder *builder, bool label_only, const Labels &labels,
    double x, double y)
{
  begin_prediction (builder, label_only, labels, "KEYPOINT");
  if (!label_only) {
    add_double (builder, "x", x);
    add_double (builder, "y", y);
    add_bool (builder, "is_visible", true);
  }
  end_prediction (builder, label_only);
}

/* The classification label of a task chain for @blob */
LabelRef
size_label (const Blob &blob)
{
  if (blob.width >= LARGE_MIN_SIZE || blob.height >= LARGE_MIN_SIZE)
    return { LARGE_LABEL_ID, LARGE_LABEL_NAME, CLASSIFICATION_PROBABILITY };
  return { SMALL_LABEL_ID, SMALL_LABEL_NAME, CLASSIFICATION_PROBABILITY };
}

/* The labels of a "ball" prediction for @blob: [detection, classification]
 * when the whole task chain ran. */
Labels
ball_labels (
    const PredictRequest &request, const Blob &blob, double probability)
{
  Labels labels = { { BALL_LABEL_ID, BALL_LABEL_NAME, probability } };
  if (request.kind == ProjectKind::task_chain && request.pipeline == "active")
    labels.push_back (size_label (blob));
  return labels;
}

/* One of each shape type for @blob (Scenario::shapes). */
void
add_all_shapes (
    JsonBuilder *builder, const PredictRequest &request, const Blob &blob)
{
  const bool label_only = request.label_only;
  const Labels labels = ball_labels (request, blob, BALL_PROBABILITY);
  add_rectangle (
      builder, label_only, labels, blob.x, blob.y, blob.width, blob.height);

  begin_prediction (builder, label_only, labels, "ROTATED_RECTANGLE");
  if (!label_only) {
    add_double (builder, "x", blob.center_x ());
    add_double (builder, "y", blob.center_y ());
    add_double (builder, "width", blob.width);
    add_double (builder, "height", blob.height);
    add_double (builder, "angle", 0.0);
  }
  end_prediction (builder, label_only);

  begin_prediction (builder, label_only, labels, "ELLIPSE");
  if (!label_only) {
    add_double (builder, "x", blob.x);
    add_double (builder, "y", blob.y);
    add_double (builder, "width", blob.width);
    add_double (builder, "height", blob.height);
  }
  end_prediction (builder, label_only);

  begin_prediction (builder, label_only, labels, "POLYGON");
  if (!label_only) {
    const int corners[4][2] = { { blob.x, blob.y },
      { blob.x + blob.width, blob.y },
      { blob.x + blob.width, blob.y + blob.height },
      { blob.x, blob.y + blob.height } };
    json_builder_set_member_name (builder, "points");
    json_builder_begin_array (builder);
    for (const auto &corner : corners) {
      json_builder_begin_object (builder);
      add_int (builder, "x", corner[0]);
      add_int (builder, "y", corner[1]);
      json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
  }
  end_prediction (builder, label_only);

  add_keypoint (builder, label_only,
      ball_labels (request, blob, KEYPOINT_SCORE), blob.center_x (),
      blob.center_y ());
}

/* The OVMS 2025.1 keypoint form: one {"keypoints": [...]} prediction. */
void
begin_ovms_pose (JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "keypoints");
  json_builder_begin_array (builder);
}

void
add_ovms_point (
    JsonBuilder *builder, const char *id, const char *name, double x, double y)
{
  json_builder_begin_object (builder);
  add_string (builder, "name", name);
  add_string (builder, "id", id);
  add_double (builder, "score", KEYPOINT_SCORE);
  add_double (builder, "x", x);
  add_double (builder, "y", y);
  json_builder_end_object (builder);
}

void
end_ovms_pose (JsonBuilder *builder)
{
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Keypoint @index (KEYPOINT_LABELS) of @blob: the top, centre and bottom
 * of its box. */
void
keypoint_position (const Blob &blob, std::size_t index, double &x, double &y)
{
  x = blob.center_x ();
  y = index == 0   ? blob.y
      : index == 1 ? blob.center_y ()
                   : blob.y + blob.height;
}

/* ProjectKind::keypoint: the three points of every blob. */
void
add_keypoint_predictions (JsonBuilder *builder, const PredictRequest &request,
    const std::vector<Blob> &blobs)
{
  if (request.scenario == Scenario::empty)
    return;
  for (const Blob &blob : blobs) {
    const bool ovms = request.scenario == Scenario::keypoints_ovms;
    if (ovms)
      begin_ovms_pose (builder);
    for (std::size_t i = 0; i < G_N_ELEMENTS (KEYPOINT_LABELS); i++) {
      const KeypointLabel &label = KEYPOINT_LABELS[i];
      double x, y;
      keypoint_position (blob, i, x, y);
      if (ovms)
        add_ovms_point (builder, label.id, label.name, x, y);
      else
        add_keypoint (builder, request.label_only,
            { { label.id, label.name, KEYPOINT_SCORE } }, x, y);
    }
    if (ovms)
      end_ovms_pose (builder);
  }
}

/* The predictions of a detection project, or of a task chain's "active"
 * and detection pipelines. */
void
add_detection_predictions (JsonBuilder *builder, const PredictRequest &request,
    const std::vector<Blob> &blobs, int width, int height)
{
  const Scenario scenario = request.scenario;
  const bool label_only = request.label_only;
  const bool empty_answer =
      scenario == Scenario::empty ||
      (blobs.empty () &&
          (scenario == Scenario::detection || scenario == Scenario::shapes));
  if (empty_answer) {
    add_rectangle (builder, label_only,
        { { EMPTY_LABEL_ID, EMPTY_LABEL_NAME, 0.0 } }, 0, 0, width, height);
    return;
  }
  switch (scenario) {
    case Scenario::detection:
      for (const Blob &blob : blobs)
        add_rectangle (builder, label_only,
            ball_labels (request, blob, BALL_PROBABILITY), blob.x, blob.y,
            blob.width, blob.height);
      break;
    case Scenario::shapes:
      for (const Blob &blob : blobs)
        add_all_shapes (builder, request, blob);
      break;
    case Scenario::keypoints_ovms:
      if (blobs.empty ())
        break;
      begin_ovms_pose (builder);
      for (const Blob &blob : blobs)
        add_ovms_point (builder, BALL_LABEL_ID, BALL_LABEL_NAME,
            blob.center_x (), blob.center_y ());
      end_ovms_pose (builder);
      break;
    case Scenario::classification:
      if (blobs.empty ())
        add_rectangle (builder, label_only, {}, 0, 0, width, height);
      else
        add_rectangle (builder, label_only,
            ball_labels (request, blobs[0], BALL_PROBABILITY), 0, 0, width,
            height);
      break;
    case Scenario::empty:
    case Scenario::anomaly:
      break;
  }
}

/* Whether the answer is an anomaly model's */
bool
is_anomaly (const PredictRequest &request) noexcept
{
  return request.kind == ProjectKind::anomaly ||
         request.scenario == Scenario::anomaly;
}

/* An anomaly model: "Anomalous" on the whole image when there is a blob */
void
add_anomaly_prediction (JsonBuilder *builder, const PredictRequest &request,
    const std::vector<Blob> &blobs, int width, int height)
{
  const bool anomalous = !blobs.empty () && request.scenario != Scenario::empty;
  const LabelRef label = anomalous ? LabelRef{ ANOMALOUS_LABEL_ID,
    ANOMALOUS_LABEL_NAME, ANOMALY_PROBABILITY }
                                   : LabelRef{ NORMAL_LABEL_ID,
                                       NORMAL_LABEL_NAME, ANOMALY_PROBABILITY };
  add_rectangle (builder, request.label_only, { label }, 0, 0, width, height);
}

/* A bright spot of a map: centre and spread, in the image's pixels */
struct Spot {
  double x;
  double y;
  double sigma;
};

Spot
blob_spot (const Blob &blob)
{
  return { blob.center_x (), blob.center_y (),
    std::max (2.0, std::max (blob.width, blob.height) / 2.0) };
}

/* The grey map of @spots over a @width x @height image: 255 at a spot's
 * centre, falling off as a Gaussian; the brightest spot wins */
ExplainMapImage
render_map (const char *label_id, const char *label_name,
    const std::vector<Spot> &spots, int width, int height)
{
  ExplainMapImage map;
  map.label_id = label_id;
  map.label_name = label_name;
  map.width = std::max (16, (width + 4) / 8);
  map.height = std::max (16, (height + 4) / 8);
  map.pixels.assign (std::size_t (map.width) * map.height, 0);
  const double sx = double (width) / map.width;
  const double sy = double (height) / map.height;
  for (const Spot &spot : spots) {
    /* only within 3 sigma: the rest rounds to 0 */
    const double reach = 3 * spot.sigma;
    const int x0 = std::max (0, int ((spot.x - reach) / sx));
    const int x1 = std::min (map.width - 1, int ((spot.x + reach) / sx));
    const int y0 = std::max (0, int ((spot.y - reach) / sy));
    const int y1 = std::min (map.height - 1, int ((spot.y + reach) / sy));
    for (int my = y0; my <= y1; my++) {
      const double dy = (my + 0.5) * sy - spot.y;
      for (int mx = x0; mx <= x1; mx++) {
        const double dx = (mx + 0.5) * sx - spot.x;
        const double value = 255.0 * std::exp (-(dx * dx + dy * dy) /
                                               (2 * spot.sigma * spot.sigma));
        guint8 &pixel = map.pixels[std::size_t (my) * map.width + mx];
        pixel = std::max (pixel, guint8 (std::lround (value)));
      }
    }
  }
  return map;
}

std::string
encode_gray_jpeg (const ExplainMapImage &map)
{
  tjhandle tj = tjInitCompress ();
  if (tj == nullptr)
    throw std::bad_alloc ();
  unsigned char *jpeg = nullptr;
  unsigned long size = 0;
  const int failed = tjCompress2 (tj, map.pixels.data (), map.width, 0,
      map.height, TJPF_GRAY, &jpeg, &size, TJSAMP_GRAY, 90, 0);
  tjDestroy (tj);
  if (failed != 0) {
    tjFree (jpeg);
    throw std::bad_alloc ();
  }
  g_autofree gchar *text = g_base64_encode (jpeg, size);
  tjFree (jpeg);
  return text;
}

void
add_project_label (JsonBuilder *builder, const char *id, const char *name,
    const char *color, const char *group, bool is_empty,
    const char *parent_id = nullptr, bool is_anomalous = false)
{
  json_builder_begin_object (builder);
  add_string (builder, "color", color);
  add_string (builder, "group", group);
  add_string (builder, "hotkey", "");
  add_string (builder, "id", id);
  add_bool (builder, "is_empty", is_empty);
  add_bool (builder, "is_anomalous", is_anomalous);
  add_string (builder, "name", name);
  if (parent_id != nullptr)
    add_string (builder, "parent_id", parent_id);
  else
    add_null (builder, "parent_id");
  json_builder_end_object (builder);
}

void
add_connection (JsonBuilder *builder, const char *from, const char *to)
{
  json_builder_begin_object (builder);
  add_string (builder, "from", from);
  add_string (builder, "to", to);
  json_builder_end_object (builder);
}

/* Opens a task object; the caller closes it. */
void
begin_task (JsonBuilder *builder, const char *id, const char *task_type,
    const char *title)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "task_type", task_type);
  add_string (builder, "title", title);
}

void
add_labelless_task (JsonBuilder *builder, const char *id, const char *task_type,
    const char *title)
{
  begin_task (builder, id, task_type, title);
  json_builder_end_object (builder);
}

void
add_detection_task (JsonBuilder *builder)
{
  begin_task (builder, DETECTION_TASK_ID, "detection", "Detection");
  add_string (builder, "label_schema_id", LABEL_SCHEMA_ID);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  add_project_label (builder, BALL_LABEL_ID, BALL_LABEL_NAME, BALL_LABEL_COLOR,
      "Default Detection", false);
  add_project_label (builder, EMPTY_LABEL_ID, EMPTY_LABEL_NAME,
      EMPTY_LABEL_COLOR, "No object", true);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
add_classification_task (JsonBuilder *builder)
{
  begin_task (
      builder, CLASSIFICATION_TASK_ID, "classification", "Classification");
  add_string (builder, "label_schema_id", CLASSIFICATION_SCHEMA_ID);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  add_project_label (builder, LARGE_LABEL_ID, LARGE_LABEL_NAME,
      LARGE_LABEL_COLOR, "Default Detection___Size", false, BALL_LABEL_ID);
  add_project_label (builder, SMALL_LABEL_ID, SMALL_LABEL_NAME,
      SMALL_LABEL_COLOR, "Default Detection___Size", false, BALL_LABEL_ID);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
add_keypoint_task (JsonBuilder *builder)
{
  begin_task (
      builder, KEYPOINT_TASK_ID, "keypoint_detection", "Keypoint Detection");
  add_string (builder, "label_schema_id", KEYPOINT_SCHEMA_ID);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (const KeypointLabel &label : KEYPOINT_LABELS)
    add_project_label (builder, label.id, label.name, label.color,
        "Default Keypoint Detection", false);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "keypoint_structure");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "edges");
  json_builder_begin_array (builder);
  for (std::size_t i = 0; i + 1 < G_N_ELEMENTS (KEYPOINT_LABELS); i++) {
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "nodes");
    json_builder_begin_array (builder);
    json_builder_add_string_value (builder, KEYPOINT_LABELS[i].id);
    json_builder_add_string_value (builder, KEYPOINT_LABELS[i + 1].id);
    json_builder_end_array (builder);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  /* the template the web UI draws: a vertical line */
  json_builder_set_member_name (builder, "positions");
  json_builder_begin_array (builder);
  for (std::size_t i = 0; i < G_N_ELEMENTS (KEYPOINT_LABELS); i++) {
    json_builder_begin_object (builder);
    add_string (builder, "label", KEYPOINT_LABELS[i].id);
    add_double (builder, "x", 0.5);
    add_double (builder, "y", 0.5 * static_cast<double> (i));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

void
add_anomaly_task (JsonBuilder *builder)
{
  begin_task (builder, ANOMALY_TASK_ID, "anomaly", "Anomaly");
  add_string (builder, "label_schema_id", ANOMALY_SCHEMA_ID);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  add_project_label (builder, NORMAL_LABEL_ID, NORMAL_LABEL_NAME,
      NORMAL_LABEL_COLOR, "default - anomaly", false);
  add_project_label (builder, ANOMALOUS_LABEL_ID, ANOMALOUS_LABEL_NAME,
      ANOMALOUS_LABEL_COLOR, "default - anomaly", false, nullptr, true);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* "pipeline": {"connections", "tasks"} of a project of @kind */
void
add_pipeline (JsonBuilder *builder, ProjectKind kind)
{
  json_builder_set_member_name (builder, "pipeline");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  switch (kind) {
    case ProjectKind::detection:
      add_connection (builder, DATASET_TASK_ID, DETECTION_TASK_ID);
      break;
    case ProjectKind::task_chain:
      add_connection (builder, DATASET_TASK_ID, DETECTION_TASK_ID);
      add_connection (builder, DETECTION_TASK_ID, CROP_TASK_ID);
      add_connection (builder, CROP_TASK_ID, CLASSIFICATION_TASK_ID);
      break;
    case ProjectKind::keypoint:
      add_connection (builder, DATASET_TASK_ID, KEYPOINT_TASK_ID);
      break;
    case ProjectKind::anomaly:
      add_connection (builder, DATASET_TASK_ID, ANOMALY_TASK_ID);
      break;
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  add_labelless_task (builder, DATASET_TASK_ID, "dataset", "Dataset");
  switch (kind) {
    case ProjectKind::detection:
      add_detection_task (builder);
      break;
    case ProjectKind::task_chain:
      add_detection_task (builder);
      add_labelless_task (builder, CROP_TASK_ID, "crop", "Crop");
      add_classification_task (builder);
      break;
    case ProjectKind::keypoint:
      add_keypoint_task (builder);
      break;
    case ProjectKind::anomaly:
      add_anomaly_task (builder);
      break;
  }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/* The project document (src/PROTOCOL.md §5) of @project, written into an open
 * builder; as an entry of the project list (@listed) without "datasets"
 * but with "storage_info", like Geti. */
void
add_project (JsonBuilder *builder, const ServerOptions &options,
    const NamedId &project, bool listed)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", project.id);
  add_string (builder, "name", project.name);
  add_string (builder, "creation_time", PROJECT_CREATION_TIME);
  add_string (builder, "creator_id", CREATOR_ID);
  g_autofree char *thumbnail = g_strdup_printf (
      "/api/v1/organizations/%s/workspaces/%s/projects/%s/thumbnail",
      options.organization_id.c_str (), options.workspace_id.c_str (),
      project.id.c_str ());
  add_string (builder, "thumbnail", thumbnail);

  if (listed) {
    json_builder_set_member_name (builder, "storage_info");
    json_builder_begin_object (builder);
    json_builder_end_object (builder);
  } else {
    json_builder_set_member_name (builder, "datasets");
    json_builder_begin_array (builder);
    json_builder_begin_object (builder);
    add_string (builder, "id", DATASET_ID);
    add_string (builder, "name", "Dataset");
    add_bool (builder, "use_for_training", true);
    add_string (builder, "creation_time", PROJECT_CREATION_TIME);
    json_builder_end_object (builder);
    json_builder_end_array (builder);
  }

  add_pipeline (builder, options.project_kind);
  json_builder_end_object (builder);
}

/* Python's urllib.parse.quote_plus */
std::string
quote_plus (std::string_view text)
{
  std::string out;
  for (char c : text) {
    if (g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      char escape[4];
      g_snprintf (
          escape, sizeof (escape), "%%%02X", static_cast<unsigned char> (c));
      out += escape;
    }
  }
  return out;
}

/* A form-encoded key or value, decoded ('+' is a space) */
std::string
form_decode (std::string_view text)
{
  std::string plus (text);
  std::replace (plus.begin (), plus.end (), '+', ' ');
  g_autofree char *decoded = g_uri_unescape_string (plus.c_str (), nullptr);
  return decoded != nullptr ? decoded : plus;
}

} // namespace

/* Geti's error body (src/PROTOCOL.md §4). */
std::string
error_json (guint status, const char *error_code, std::string_view message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "message", message);
  add_string (builder, "error_code", error_code);
  add_int (builder, "http_status", status);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
predict_json (const PredictRequest &request, const std::vector<Blob> &blobs,
    int width, int height)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "predictions");
  json_builder_begin_array (builder);

  if (is_anomaly (request)) {
    add_anomaly_prediction (builder, request, blobs, width, height);
  } else if (request.kind == ProjectKind::keypoint) {
    add_keypoint_predictions (builder, request, blobs);
  } else if (request.kind == ProjectKind::task_chain &&
             request.pipeline == CLASSIFICATION_TASK_ID) {
    /* the classification model alone, on the whole image */
    Labels labels;
    if (!blobs.empty ())
      labels.push_back (size_label (blobs[0]));
    add_rectangle (builder, request.label_only, labels, 0, 0, width, height);
  } else {
    add_detection_predictions (builder, request, blobs, width, height);
  }

  json_builder_end_array (builder);
  add_string (builder, "created", created_now ());
  json_builder_end_object (builder);

  if (!request.label_names) {
    g_autoptr (JsonNode) root = json_builder_get_root (builder);
    JsonArray *predictions = json_object_get_array_member (
        json_node_get_object (root), "predictions");
    for (guint i = 0; i < json_array_get_length (predictions); i++) {
      JsonObject *prediction = json_array_get_object_element (predictions, i);
      if (!json_object_has_member (prediction, "labels"))
        continue;
      JsonArray *labels = json_object_get_array_member (prediction, "labels");
      for (guint j = 0; j < json_array_get_length (labels); j++)
        json_object_remove_member (
            json_array_get_object_element (labels, j), "name");
    }
    return node_to_string (root);
  }
  return builder_to_string (builder);
}

std::string
predict_json (Scenario scenario, const std::vector<Blob> &blobs, int width,
    int height, bool label_only)
{
  PredictRequest request;
  request.scenario = scenario;
  request.label_only = label_only;
  return predict_json (request, blobs, width, height);
}

std::vector<ExplainMapImage>
explain_maps (const PredictRequest &request, const std::vector<Blob> &blobs,
    int width, int height)
{
  std::vector<ExplainMapImage> maps;
  if (request.scenario == Scenario::empty || blobs.empty ())
    return maps;
  std::vector<Spot> all;
  for (const Blob &blob : blobs)
    all.push_back (blob_spot (blob));

  if (is_anomaly (request)) {
    maps.push_back (render_map (
        ANOMALOUS_LABEL_ID, ANOMALOUS_LABEL_NAME, all, width, height));
  } else if (request.kind == ProjectKind::keypoint) {
    for (std::size_t i = 0; i < G_N_ELEMENTS (KEYPOINT_LABELS); i++) {
      std::vector<Spot> points;
      for (const Blob &blob : blobs) {
        Spot spot = blob_spot (blob);
        keypoint_position (blob, i, spot.x, spot.y);
        spot.sigma = std::max (2.0, spot.sigma / 2);
        points.push_back (spot);
      }
      maps.push_back (render_map (KEYPOINT_LABELS[i].id,
          KEYPOINT_LABELS[i].name, points, width, height));
    }
  } else if (request.kind == ProjectKind::task_chain &&
             request.pipeline == CLASSIFICATION_TASK_ID) {
    const LabelRef label = size_label (blobs[0]);
    maps.push_back (render_map (
        label.id, label.name, { blob_spot (blobs[0]) }, width, height));
  } else {
    maps.push_back (
        render_map (BALL_LABEL_ID, BALL_LABEL_NAME, all, width, height));
    if (request.kind == ProjectKind::task_chain &&
        request.pipeline == "active") {
      /* the classification labels the boxes carry (the classification
       * scenario: the first blob's, on the whole image) */
      const std::size_t n =
          request.scenario == Scenario::classification ? 1 : blobs.size ();
      std::vector<Spot> large, small;
      for (std::size_t i = 0; i < n; i++)
        (size_label (blobs[i]).id == LARGE_LABEL_ID ? large : small)
            .push_back (blob_spot (blobs[i]));
      if (!large.empty ())
        maps.push_back (render_map (
            LARGE_LABEL_ID, LARGE_LABEL_NAME, large, width, height));
      if (!small.empty ())
        maps.push_back (render_map (
            SMALL_LABEL_ID, SMALL_LABEL_NAME, small, width, height));
    }
  }
  return maps;
}

std::string
explain_json (const PredictRequest &request, const std::vector<Blob> &blobs,
    int width, int height)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maps");
  json_builder_begin_array (builder);
  for (const ExplainMapImage &map :
      explain_maps (request, blobs, width, height)) {
    json_builder_begin_object (builder);
    add_string (builder, "data", encode_gray_jpeg (map));
    add_string (builder, "label_id", map.label_id);
    if (request.explain_label_names)
      add_string (builder, "label_name", map.label_name);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  add_string (builder, "created", created_now ());
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

bool
pipeline_is_valid (ProjectKind kind, std::string_view pipeline) noexcept
{
  if (pipeline == "active")
    return true;
  switch (kind) {
    case ProjectKind::detection:
      return pipeline == DETECTION_TASK_ID;
    case ProjectKind::task_chain:
      return pipeline == DETECTION_TASK_ID ||
             pipeline == CLASSIFICATION_TASK_ID;
    case ProjectKind::keypoint:
      return pipeline == KEYPOINT_TASK_ID;
    case ProjectKind::anomaly:
      return pipeline == ANOMALY_TASK_ID;
  }
  return false;
}

std::string
project_json (const ServerOptions &options)
{
  return project_json (
      options, NamedId{ options.project_id, options.project_name });
}

std::string
project_json (const ServerOptions &options, const NamedId &project)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  add_project (builder, options, project, false);
  return builder_to_string (builder);
}

std::string
next_page_path (std::string_view path, std::string_view query, guint64 skip)
{
  /* parse_qs: blank values dropped, values grouped under the first
   * occurrence of their key */
  std::vector<std::pair<std::string, std::vector<std::string>>> params;
  std::size_t start = 0;
  while (start <= query.size () && !query.empty ()) {
    std::size_t end = query.find ('&', start);
    if (end == std::string_view::npos)
      end = query.size ();
    std::string_view pair = query.substr (start, end - start);
    std::size_t equals = pair.find ('=');
    if (equals != std::string_view::npos && equals + 1 < pair.size ()) {
      std::string key = form_decode (pair.substr (0, equals));
      std::string value = form_decode (pair.substr (equals + 1));
      auto it = std::find_if (params.begin (), params.end (),
          [&] (const auto &param) { return param.first == key; });
      if (it == params.end ())
        params.push_back ({ key, { value } });
      else
        it->second.push_back (value);
    }
    start = end + 1;
  }
  auto skip_param = std::find_if (params.begin (), params.end (),
      [] (const auto &param) { return param.first == "skip"; });
  if (skip_param == params.end ())
    params.push_back ({ "skip", { std::to_string (skip) } });
  else
    skip_param->second = { std::to_string (skip) };

  /* urlencode (doseq=True) */
  std::string text (path);
  char separator = '?';
  for (const auto &param : params) {
    for (const auto &value : param.second) {
      text += separator;
      text += quote_plus (param.first) + "=" + quote_plus (value);
      separator = '&';
    }
  }
  return text;
}

std::string
project_list_json (const ServerOptions &options, const ProjectListQuery &query)
{
  std::vector<NamedId> all;
  if (query.workspace_id == options.workspace_id) {
    all = options.extra_projects;
    all.push_back (NamedId{ options.project_id, options.project_name });
  }
  std::vector<const NamedId *> matching;
  const std::string filter = lowercase (query.name);
  for (const NamedId &project : all) {
    if (lowercase (project.name).find (filter) != std::string::npos)
      matching.push_back (&project);
  }

  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "projects");
  json_builder_begin_array (builder);
  guint64 on_page = 0;
  for (guint64 i = query.skip; i < matching.size () && on_page < query.limit;
       i++, on_page++)
    add_project (builder, options, *matching[i], true);
  json_builder_end_array (builder);
  add_int (builder, "project_counts", static_cast<gint64> (all.size ()));
  add_int (builder, "project_page_count", static_cast<gint64> (on_page));
  add_string (builder, "next_page",
      on_page == 0
          ? std::string ()
          : next_page_path (query.path, query.query, query.skip + on_page));
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
project_list_json (const ServerOptions &options, const char *name_filter)
{
  ProjectListQuery query;
  query.workspace_id = options.workspace_id;
  query.path = "/api/v1/organizations/" + options.organization_id +
               "/workspaces/" + options.workspace_id + "/projects";
  if (name_filter != nullptr) {
    query.name = name_filter;
    query.query = "name=" + quote_plus (name_filter);
  }
  return project_list_json (options, query);
}

std::string
workspaces_json (const ServerOptions &options)
{
  std::vector<NamedId> workspaces = { { options.workspace_id,
      DEFAULT_WORKSPACE_NAME } };
  workspaces.insert (workspaces.end (), options.extra_workspaces.begin (),
      options.extra_workspaces.end ());

  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "workspaces");
  json_builder_begin_array (builder);
  for (const NamedId &workspace : workspaces) {
    json_builder_begin_object (builder);
    add_string (builder, "id", workspace.id);
    add_string (builder, "name", workspace.name);
    add_string (builder, "organization_id", options.organization_id);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
organization_json (const ServerOptions &options)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (options.organization_form == OrganizationForm::single) {
    add_string (builder, "organizationId", options.organization_id);
  } else {
    const struct {
      const char *name;
      const char *id;
      const char *created;
    } organizations[] = {
      { "Other organization", OTHER_ORGANIZATION_ID,
          OTHER_ORGANIZATION_CREATION_TIME },
      { "Fake organization", options.organization_id.c_str (),
          ORGANIZATION_CREATION_TIME },
    };
    json_builder_set_member_name (builder, "organizations");
    json_builder_begin_array (builder);
    for (const auto &organization : organizations) {
      json_builder_begin_object (builder);
      add_string (builder, "organizationName", organization.name);
      add_string (builder, "userStatus", "ACT");
      add_string (builder, "organizationStatus", "ACT");
      add_string (builder, "organizationId", organization.id);
      add_string (builder, "organizationCreatedAt", organization.created);
      json_builder_end_object (builder);
    }
    json_builder_end_array (builder);
  }
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
product_info_json ()
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "product-version", PRODUCT_VERSION);
  add_string (
      builder, "build-version", std::string (PRODUCT_VERSION) + "-fake");
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
pipeline_status_json ()
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_bool (builder, "pipeline_ready", true);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
created_now ()
{
  struct timespec now;
  clock_gettime (CLOCK_REALTIME, &now);
  return created_time_string (now);
}

} // namespace geti::fake
