/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fake_responses.h"

#include <json-glib/json-glib.h>

#include <ctime>

namespace geti::fake {

namespace {

constexpr char PRODUCT_VERSION[] = "2.11.0";
constexpr char DATASET_ID[] = "6650a1b2c3d4e5f607182935";
constexpr char LABEL_SCHEMA_ID[] = "6650a1b2c3d4e5f607182936";
constexpr char CREATOR_ID[] = "7d3b5a1c-9e2f-4a6b-8c0d-1e2f3a4b5c6d";
constexpr char PROJECT_CREATION_TIME[] = "2026-01-05T09:30:00.000000+00:00";

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

std::string
builder_to_string (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);
  return text;
}

void
add_predict_label (
    JsonBuilder *builder, const char *id, const char *name, double probability)
{
  json_builder_begin_object (builder);
  add_double (builder, "probability", probability);
  add_string (builder, "id", id);
  add_string (builder, "name", name);
  json_builder_end_object (builder);
}

/* Opens a prediction with one label and, unless @label_only, its "shape"
 * member; the caller fills the shape and closes with end_prediction(). */
void
begin_prediction (JsonBuilder *builder, bool label_only, const char *label_id,
    const char *label_name, double probability, const char *shape_type)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  if (label_id != nullptr)
    add_predict_label (builder, label_id, label_name, probability);
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
add_rectangle (JsonBuilder *builder, bool label_only, const char *label_id,
    const char *label_name, double probability, int x, int y, int width,
    int height)
{
  begin_prediction (
      builder, label_only, label_id, label_name, probability, "RECTANGLE");
  if (!label_only) {
    add_int (builder, "x", x);
    add_int (builder, "y", y);
    add_int (builder, "width", width);
    add_int (builder, "height", height);
  }
  end_prediction (builder, label_only);
}

/* One of each shape type for @blob (Scenario::shapes). */
void
add_all_shapes (JsonBuilder *builder, bool label_only, const Blob &blob)
{
  add_rectangle (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY, blob.x, blob.y, blob.width, blob.height);

  begin_prediction (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY, "ROTATED_RECTANGLE");
  if (!label_only) {
    add_double (builder, "x", blob.center_x ());
    add_double (builder, "y", blob.center_y ());
    add_double (builder, "width", blob.width);
    add_double (builder, "height", blob.height);
    add_double (builder, "angle", 0.0);
  }
  end_prediction (builder, label_only);

  begin_prediction (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY, "ELLIPSE");
  if (!label_only) {
    add_double (builder, "x", blob.x);
    add_double (builder, "y", blob.y);
    add_double (builder, "width", blob.width);
    add_double (builder, "height", blob.height);
  }
  end_prediction (builder, label_only);

  begin_prediction (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
      BALL_PROBABILITY, "POLYGON");
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

  begin_prediction (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
      KEYPOINT_SCORE, "KEYPOINT");
  if (!label_only) {
    add_double (builder, "x", blob.center_x ());
    add_double (builder, "y", blob.center_y ());
    add_bool (builder, "is_visible", true);
  }
  end_prediction (builder, label_only);
}

void
add_project_label (JsonBuilder *builder, const char *id, const char *name,
    const char *color, const char *group, bool is_empty)
{
  json_builder_begin_object (builder);
  add_string (builder, "color", color);
  add_string (builder, "group", group);
  add_string (builder, "hotkey", "");
  add_string (builder, "id", id);
  add_bool (builder, "is_empty", is_empty);
  add_bool (builder, "is_anomalous", false);
  add_string (builder, "name", name);
  add_null (builder, "parent_id");
  json_builder_end_object (builder);
}

/* The project document (GETI-API.md §6), written into an open builder. */
void
add_project (JsonBuilder *builder, const ServerOptions &options)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", options.project_id);
  add_string (builder, "name", options.project_name);
  add_string (builder, "creation_time", PROJECT_CREATION_TIME);
  add_string (builder, "creator_id", CREATOR_ID);
  g_autofree char *thumbnail = g_strdup_printf (
      "/api/v1/organizations/%s/workspaces/%s/projects/%s/thumbnail",
      options.organization_id.c_str (), options.workspace_id.c_str (),
      options.project_id.c_str ());
  add_string (builder, "thumbnail", thumbnail);

  json_builder_set_member_name (builder, "datasets");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "id", DATASET_ID);
  add_string (builder, "name", "Dataset");
  add_bool (builder, "use_for_training", true);
  add_string (builder, "creation_time", PROJECT_CREATION_TIME);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pipeline");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "from", DATASET_TASK_ID);
  add_string (builder, "to", DETECTION_TASK_ID);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "id", DATASET_TASK_ID);
  add_string (builder, "task_type", "dataset");
  add_string (builder, "title", "Dataset");
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  add_string (builder, "id", DETECTION_TASK_ID);
  add_string (builder, "task_type", "detection");
  add_string (builder, "title", "Detection");
  add_string (builder, "label_schema_id", LABEL_SCHEMA_ID);
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  add_project_label (builder, BALL_LABEL_ID, BALL_LABEL_NAME, BALL_LABEL_COLOR,
      "Default Detection", false);
  add_project_label (builder, EMPTY_LABEL_ID, EMPTY_LABEL_NAME,
      EMPTY_LABEL_COLOR, "No object", true);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

} // namespace

/* Geti's error body (GETI-API.md §4). */
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

/* The :predict answer for the blobs of a @width x @height image. */
std::string
predict_json (Scenario scenario, const std::vector<Blob> &blobs, int width,
    int height, bool label_only)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "predictions");
  json_builder_begin_array (builder);

  bool empty_answer = scenario == Scenario::empty ||
                      (blobs.empty () && (scenario == Scenario::detection ||
                                             scenario == Scenario::shapes));
  if (empty_answer) {
    add_rectangle (builder, label_only, EMPTY_LABEL_ID, EMPTY_LABEL_NAME, 0.0,
        0, 0, width, height);
  } else {
    switch (scenario) {
      case Scenario::detection:
        for (const Blob &blob : blobs)
          add_rectangle (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
              BALL_PROBABILITY, blob.x, blob.y, blob.width, blob.height);
        break;
      case Scenario::shapes:
        for (const Blob &blob : blobs)
          add_all_shapes (builder, label_only, blob);
        break;
      case Scenario::keypoints_ovms:
        if (blobs.empty ())
          break;
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "keypoints");
        json_builder_begin_array (builder);
        for (const Blob &blob : blobs) {
          json_builder_begin_object (builder);
          add_string (builder, "name", BALL_LABEL_NAME);
          add_string (builder, "id", BALL_LABEL_ID);
          add_double (builder, "score", KEYPOINT_SCORE);
          add_double (builder, "x", blob.center_x ());
          add_double (builder, "y", blob.center_y ());
          json_builder_end_object (builder);
        }
        json_builder_end_array (builder);
        json_builder_end_object (builder);
        break;
      case Scenario::classification:
        if (blobs.empty ())
          add_rectangle (
              builder, label_only, nullptr, nullptr, 0.0, 0, 0, width, height);
        else
          add_rectangle (builder, label_only, BALL_LABEL_ID, BALL_LABEL_NAME,
              BALL_PROBABILITY, 0, 0, width, height);
        break;
      case Scenario::empty:
        break;
    }
  }

  json_builder_end_array (builder);
  add_string (builder, "created", created_now ());
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
project_json (const ServerOptions &options)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  add_project (builder, options);
  return builder_to_string (builder);
}

std::string
project_list_json (const ServerOptions &options, const char *name_filter)
{
  bool listed =
      name_filter == nullptr ||
      lowercase (options.project_name).find (lowercase (name_filter)) !=
          std::string::npos;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "projects");
  json_builder_begin_array (builder);
  if (listed)
    add_project (builder, options);
  json_builder_end_array (builder);
  add_int (builder, "project_counts", listed ? 1 : 0);
  add_null (builder, "next_page");
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
workspaces_json (const ServerOptions &options)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "workspaces");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "id", options.workspace_id);
  add_string (builder, "name", DEFAULT_WORKSPACE_NAME);
  add_string (builder, "organization_id", options.organization_id);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

std::string
organization_json (const ServerOptions &options)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "organizationId", options.organization_id);
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
