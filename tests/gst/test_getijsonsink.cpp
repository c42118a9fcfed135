/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>
#include <gst/check/gstharness.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>
#include <json-glib/json-glib.h>

#include "fake_geti_server.h"

#include <glib/gstdio.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace {

/* A temporary file name, removed by the destructor. */
struct TempFile {
  std::string path;
  TempFile ()
  {
    gchar *name = nullptr;
    const int fd =
        g_file_open_tmp ("getijsonsink-XXXXXX.jsonl", &name, nullptr);
    fail_unless (fd >= 0);
    close (fd);
    path = name;
    g_free (name);
  }
  ~TempFile ()
  {
    g_unlink (path.c_str ());
  }

  std::vector<std::string> lines () const
  {
    gchar *contents = nullptr;
    fail_unless (
        g_file_get_contents (path.c_str (), &contents, nullptr, nullptr));
    std::vector<std::string> out;
    gchar **split = g_strsplit (contents, "\n", -1);
    for (gchar **l = split; *l; l++)
      out.emplace_back (*l);
    g_strfreev (split);
    g_free (contents);
    /* every line ends with \n: the last piece is empty */
    fail_unless (!out.empty () && out.back ().empty ());
    out.pop_back ();
    return out;
  }
};

GstGetiPredictions *
one_box (double x)
{
  GstGetiPredictions *predictions =
      gst_geti_predictions_new ("2023-11-07 14:57:03.371633532 +0000");
  GstGetiLabel label = {};
  label.id = const_cast<gchar *> ("65a0a1");
  label.name = const_cast<gchar *> ("ball");
  label.color = 0xff5662ff;
  label.probability = 0.97;
  GstGetiPrediction prediction = {};
  prediction.labels = &label;
  prediction.n_labels = 1;
  prediction.shape.type = GST_GETI_SHAPE_RECTANGLE;
  prediction.shape.x = x;
  prediction.shape.y = 222;
  prediction.shape.width = 38;
  prediction.shape.height = 38;
  gst_geti_predictions_add (predictions, &prediction);
  return predictions;
}

/* Pushes 4 buffers through getijsonsink: 0 and 2 with a meta (frames 10
 * and 12), 1 and 3 without. */
void
push_four (GstHarness *h)
{
  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  for (int i = 0; i < 4; i++) {
    GstBuffer *buffer = gst_buffer_new_allocate (nullptr, 640 * 480, nullptr);
    GST_BUFFER_PTS (buffer) = i * 100 * GST_MSECOND;
    if (i % 2 == 0) {
      GstGetiPredictions *predictions = one_box (300 + i);
      GstGetiPredictionMeta *meta =
          gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
      gst_geti_predictions_unref (predictions);
      meta->frame = 10 + i;
      meta->pts = GST_BUFFER_PTS (buffer);
      meta->source_pts = GST_BUFFER_PTS (buffer);
      meta->latency = 41700 * GST_USECOND;
    }
    fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
}

/* A list of one ball box per track id of @track_ids (0: untracked), the
 * i-th at x = @x + 100 i, as getitrack leaves it. */
GstGetiPredictions *
tracked_boxes (double x, std::initializer_list<guint> track_ids)
{
  GstGetiPredictions *predictions = gst_geti_predictions_new (nullptr);
  GstGetiLabel label = {};
  label.id = const_cast<gchar *> ("65a0a1");
  label.name = const_cast<gchar *> ("ball");
  label.color = 0xff5662ff;
  label.probability = 0.97;
  for (guint track_id : track_ids) {
    GstGetiPrediction prediction = {};
    prediction.labels = &label;
    prediction.n_labels = 1;
    prediction.shape.type = GST_GETI_SHAPE_RECTANGLE;
    prediction.shape.x = x;
    prediction.shape.y = 222;
    prediction.shape.width = 38;
    prediction.shape.height = 38;
    prediction.track_id = track_id;
    gst_geti_predictions_add (predictions, &prediction);
    x += 100;
  }
  return predictions;
}

/* Pushes one buffer carrying @predictions (taken) as frame @frame. */
void
push_predictions (GstHarness *h, GstGetiPredictions *predictions, guint64 frame)
{
  GstBuffer *buffer = gst_buffer_new_allocate (nullptr, 640 * 480, nullptr);
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  gst_geti_predictions_unref (predictions);
  meta->frame = frame;
  fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
}

/* Geti's answer when nothing is found: a full-frame RECTANGLE with the
 * project's empty label at 0. */
GstGetiPredictions *
nothing_found ()
{
  GstGetiPredictions *predictions = gst_geti_predictions_new (nullptr);
  GstGetiLabel label = {};
  label.id = const_cast<gchar *> ("62946c62003ddb3967f1475d");
  label.name = const_cast<gchar *> ("No object");
  label.color = 0xa4fc32ff;
  label.probability = 0;
  label.empty = TRUE;
  GstGetiPrediction prediction = {};
  prediction.labels = &label;
  prediction.n_labels = 1;
  prediction.shape.type = GST_GETI_SHAPE_RECTANGLE;
  prediction.shape.width = 640;
  prediction.shape.height = 480;
  gst_geti_predictions_add (predictions, &prediction);
  return predictions;
}

guint64
stat (GstElement *sink, const char *field)
{
  GstStructure *stats = nullptr;
  g_object_get (sink, "stats", &stats, nullptr);
  fail_unless (stats != nullptr);
  fail_unless (
      gst_structure_has_name (stats, "application/x-getijsonsink-stats"));
  guint64 value = 0;
  fail_unless (gst_structure_get_uint64 (stats, field, &value), "%s", field);
  gst_structure_free (stats);
  return value;
}

std::string *captured_log = nullptr;
std::mutex captured_log_lock; /* every thread logs */

void
capture_log (GstDebugCategory *category, GstDebugLevel level, const gchar *,
    const gchar *, gint, GObject *, GstDebugMessage *message, gpointer)
{
  const gchar *text = gst_debug_message_get (message);
  std::lock_guard<std::mutex> lock (captured_log_lock);
  if (captured_log && text && level == GST_LEVEL_INFO &&
      g_str_equal (gst_debug_category_get_name (category), "getijsonsink")) {
    captured_log->append (text);
    captured_log->push_back ('\n');
  }
}

/* A temporary folder, removed with what is in it by the destructor. */
struct TempDir {
  std::string path;
  TempDir ()
  {
    gchar *name = g_dir_make_tmp ("getijsonsink-maps-XXXXXX", nullptr);
    fail_unless (name != nullptr);
    path = name;
    g_free (name);
  }
  ~TempDir ()
  {
    remove_all (path);
  }
  static void remove_all (const std::string &dir)
  {
    for (const std::string &name : list (dir)) {
      const std::string child = dir + "/" + name;
      if (g_file_test (child.c_str (), G_FILE_TEST_IS_DIR))
        remove_all (child);
      else
        g_unlink (child.c_str ());
    }
    g_rmdir (dir.c_str ());
  }
  /* the names in @dir, sorted; none when it does not exist */
  static std::set<std::string> list (const std::string &dir)
  {
    std::set<std::string> names;
    GDir *d = g_dir_open (dir.c_str (), 0, nullptr);
    if (d == nullptr)
      return names;
    while (const gchar *name = g_dir_read_name (d))
      names.insert (name);
    g_dir_close (d);
    return names;
  }
};

/* A map of @width × @height whose pixel (x, y) is (x * 7 + y * 13 + seed)
 * % 256: every value from 0 to 255 in a map of 37 × 23, rows that differ. */
GstGetiMap *
make_map (const char *label_id, const char *label_name, guint width,
    guint height, guint seed = 0)
{
  std::vector<guint8> pixels (static_cast<gsize> (width) * height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      pixels[y * width + x] =
          static_cast<guint8> ((x * 7 + y * 13 + seed) % 256);
  GBytes *bytes = g_bytes_new (pixels.data (), pixels.size ());
  GstGetiMap *map =
      gst_geti_map_new (label_id, label_name, 0xff5662ff, width, height, bytes);
  g_bytes_unref (bytes);
  fail_unless (map != nullptr);
  return map;
}

/* one_box (300) with @maps (taken) */
GstGetiPredictions *
with_maps (std::initializer_list<GstGetiMap *> maps)
{
  GstGetiPredictions *predictions = one_box (300);
  for (GstGetiMap *map : maps) {
    gst_geti_predictions_add_map (predictions, map);
    gst_geti_map_unref (map);
  }
  return predictions;
}

/* Pushes one buffer carrying @predictions (a reference is taken) as frame
 * @frame, held or not. */
void
push_frame (GstHarness *h, GstGetiPredictions *predictions, guint64 frame,
    bool held = false)
{
  GstBuffer *buffer = gst_buffer_new_allocate (nullptr, 640 * 480, nullptr);
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  meta->frame = frame;
  meta->held = held;
  meta->source = held ? GST_GETI_PREDICTION_SOURCE_HELD
                      : GST_GETI_PREDICTION_SOURCE_PREDICTED;
  fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
}

/* The PNG file @path decoded by GStreamer's pngdec (libpng, not the Cairo
 * that wrote it): its pixels row after row (stride = width), checking that
 * it is 8-bit grayscale, in the header and as decoded. */
std::vector<guint8>
decode_gray_png (const std::string &path, gint &width, gint &height)
{
  /* the header: IHDR's bit depth and colour type (0: grayscale) */
  gchar *contents = nullptr;
  gsize length = 0;
  fail_unless (g_file_get_contents (path.c_str (), &contents, &length, nullptr),
      "%s", path.c_str ());
  fail_unless (length > 26 && memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0 &&
               memcmp (contents + 12, "IHDR", 4) == 0);
  fail_unless_equals_int (contents[24], 8);
  fail_unless_equals_int (contents[25], 0);
  g_free (contents);

  GstElement *pipeline = gst_parse_launch (
      "filesrc name=src ! pngdec ! appsink name=sink sync=false", nullptr);
  fail_unless (pipeline != nullptr);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "location", path.c_str (), nullptr);
  gst_object_unref (src);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
               GST_STATE_CHANGE_FAILURE);
  GstSample *sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
  fail_unless (sample != nullptr, "%s did not decode", path.c_str ());

  GstVideoInfo info;
  fail_unless (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  fail_unless_equals_int (
      GST_VIDEO_INFO_FORMAT (&info), GST_VIDEO_FORMAT_GRAY8);
  width = GST_VIDEO_INFO_WIDTH (&info);
  height = GST_VIDEO_INFO_HEIGHT (&info);
  GstVideoFrame frame;
  fail_unless (gst_video_frame_map (
      &frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
  std::vector<guint8> pixels;
  for (gint y = 0; y < height; y++) {
    const guint8 *row =
        static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)) +
        y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
    pixels.insert (pixels.end (), row, row + width);
  }
  gst_video_frame_unmap (&frame);
  gst_sample_unref (sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return pixels;
}

/* Whether the PNG @path decodes to exactly the pixels and size of @map. */
void
check_png_is_map (const std::string &path, const GstGetiMap *map)
{
  gint width = 0, height = 0;
  const std::vector<guint8> pixels = decode_gray_png (path, width, height);
  fail_unless_equals_int (width, gst_geti_map_get_width (map));
  fail_unless_equals_int (height, gst_geti_map_get_height (map));
  GBytes *bytes = gst_geti_map_get_bytes (map);
  gsize size = 0;
  const guint8 *data =
      static_cast<const guint8 *> (g_bytes_get_data (bytes, &size));
  fail_unless_equals_int (pixels.size (), size);
  fail_unless (
      std::equal (pixels.begin (), pixels.end (), data), "%s", path.c_str ());
  g_bytes_unref (bytes);
}

/* The "maps" member of @line, read by json-glib: per map, its "file" or
 * "" without one (and its label id, width and height checked). */
std::vector<std::string>
map_files (const std::string &line, std::initializer_list<GstGetiMap *> maps)
{
  JsonParser *parser = json_parser_new ();
  fail_unless (json_parser_load_from_data (parser, line.c_str (), -1, nullptr),
      "not JSON: %s", line.c_str ());
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  fail_unless (json_object_has_member (root, "maps"), "%s", line.c_str ());
  JsonArray *array = json_object_get_array_member (root, "maps");
  fail_unless_equals_int (json_array_get_length (array), maps.size ());
  std::vector<std::string> files;
  guint i = 0;
  for (GstGetiMap *map : maps) {
    JsonObject *entry = json_array_get_object_element (array, i++);
    fail_unless_equals_string (
        json_object_get_string_member (entry, "label_id"),
        gst_geti_map_get_label_id (map));
    fail_unless_equals_int64 (json_object_get_int_member (entry, "width"),
        gst_geti_map_get_width (map));
    fail_unless_equals_int64 (json_object_get_int_member (entry, "height"),
        gst_geti_map_get_height (map));
    files.emplace_back (json_object_has_member (entry, "file")
                            ? json_object_get_string_member (entry, "file")
                            : "");
  }
  g_object_unref (parser);
  return files;
}

/* The first error on @bus, or a warning with @warning: its GError, or
 * nullptr. */
GError *
pop_gerror (GstBus *bus, bool warning = false)
{
  GstMessage *msg = gst_bus_pop_filtered (
      bus, warning ? GST_MESSAGE_WARNING : GST_MESSAGE_ERROR);
  if (msg == nullptr)
    return nullptr;
  GError *error = nullptr;
  if (warning)
    gst_message_parse_warning (msg, &error, nullptr);
  else
    gst_message_parse_error (msg, &error, nullptr);
  gst_message_unref (msg);
  return error;
}

} // namespace

/* Test that only buffers with predictions are written by default, each as
 * the meta's JSON line, exactly as the README shows it. */
GST_START_TEST (test_lines_with_predictions)
{
  TempFile file;
  /* Properties in the description: the harness starts the element */
  GstHarness *h =
      gst_harness_new_parse (("getijsonsink location=" + file.path).c_str ());
  push_four (h);
  gst_harness_teardown (h);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 2);
  fail_unless_equals_string (lines[0].c_str (),
      "{\"frame\": 10, \"pts\": 0, \"source_pts\": 0, \"held\": false, "
      "\"source\": \"predicted\", \"width\": 640, \"height\": 480, "
      "\"latency_ms\": 41.7, "
      "\"created\": \"2023-11-07 14:57:03.371633532 +0000\", "
      "\"predictions\": [{\"labels\": [{\"id\": \"65a0a1\", \"name\": "
      "\"ball\", "
      "\"color\": \"#ff5662ff\", \"probability\": 0.97}], "
      "\"shape\": {\"type\": \"RECTANGLE\", \"x\": 300, \"y\": 222, "
      "\"width\": 38, \"height\": 38}}]}");
  fail_unless (g_str_has_prefix (lines[1].c_str (),
      "{\"frame\": 12, \"pts\": 200000000, \"source_pts\": 200000000,"));
}
GST_END_TEST;

/* Test that all-frames=true writes every buffer, with "predictions": [],
 * "source": null and a frame number in step where there is no meta. */
GST_START_TEST (test_all_frames)
{
  TempFile file;
  GstHarness *h = gst_harness_new_parse (
      ("getijsonsink all-frames=true location=" + file.path).c_str ());
  push_four (h);
  gst_harness_teardown (h);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 4);
  fail_unless_equals_string (lines[1].c_str (),
      "{\"frame\": 11, \"pts\": 100000000, \"source_pts\": null, "
      "\"held\": false, \"source\": null, \"width\": 640, \"height\": 480, "
      "\"latency_ms\": null, \"created\": null, \"predictions\": []}");
  fail_unless (g_str_has_prefix (
      lines[3].c_str (), "{\"frame\": 13, \"pts\": 300000000,"));
  for (const auto &line : lines) {
    JsonParser *parser = json_parser_new ();
    fail_unless (
        json_parser_load_from_data (parser, line.c_str (), -1, nullptr),
        "not JSON: %s", line.c_str ());
    g_object_unref (parser);
  }
}
GST_END_TEST;

/* Test that a frame where Geti found nothing (its empty label) is written
 * with the label marked "empty": true, and counted apart from the frames
 * with detections. */
GST_START_TEST (test_empty_label)
{
  TempFile file;
  GstHarness *h = gst_harness_new_parse (
      ("getijsonsink name=sink location=" + file.path).c_str ());
  GstElement *sink = gst_bin_get_by_name (GST_BIN (h->element), "sink");
  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  push_predictions (h, nothing_found (), 0);
  push_predictions (h, one_box (300), 1);
  push_predictions (h, gst_geti_predictions_new (nullptr), 2);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_new_allocate (nullptr,
                                                   640 * 480, nullptr)),
      GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  fail_unless_equals_int (stat (sink, "lines"), 3);
  fail_unless_equals_int (stat (sink, "frames-with-detections"), 1);
  fail_unless_equals_int (stat (sink, "frames-nothing-found"), 2);
  fail_unless_equals_int (stat (sink, "frames-without-predictions"), 1);
  gst_harness_teardown (h);
  /* still readable after the stop */
  fail_unless_equals_int (stat (sink, "frames-with-detections"), 1);
  gst_object_unref (sink);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 3);
  fail_unless (lines[0].find (
                   "{\"id\": \"62946c62003ddb3967f1475d\", "
                   "\"name\": \"No object\", \"color\": \"#a4fc32ff\", "
                   "\"probability\": 0, \"empty\": true}") != std::string::npos,
      "%s", lines[0].c_str ());
  /* a detection's label has no "empty" member at all */
  fail_unless (
      lines[1].find ("empty") == std::string::npos, "%s", lines[1].c_str ());
}
GST_END_TEST;

/* Test that without getipredict upstream (no buffer with predictions) the
 * sink says so once at INFO and warns at EOS that it wrote nothing, naming
 * getipredict; and that it does not warn when it wrote lines. */
GST_START_TEST (test_no_predictions_warns)
{
  std::string log;
  {
    std::lock_guard<std::mutex> lock (captured_log_lock);
    captured_log = &log;
  }
  gst_debug_add_log_function (capture_log, nullptr, nullptr);
  gst_debug_set_threshold_for_name ("getijsonsink", GST_LEVEL_INFO);

  for (bool all_frames : { false, true }) {
    TempFile file;
    GstHarness *h =
        gst_harness_new_parse (("getijsonsink location=" + file.path +
                                (all_frames ? " all-frames=true" : ""))
                                   .c_str ());
    GstBus *bus = gst_bus_new ();
    gst_element_set_bus (h->element, bus);
    gst_harness_set_src_caps_str (
        h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
    for (int i = 0; i < 3; i++) {
      fail_unless_equals_int (
          gst_harness_push (
              h, gst_buffer_new_allocate (nullptr, 640 * 480, nullptr)),
          GST_FLOW_OK);
    }
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
    if (all_frames) {
      fail_unless (msg == nullptr);
      fail_unless_equals_int (file.lines ().size (), 3);
    } else {
      fail_unless (msg != nullptr);
      GError *error = nullptr;
      gst_message_parse_warning (msg, &error, nullptr);
      fail_unless (
          g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED));
      fail_unless (strstr (error->message,
                       "getipredict must come before getijsonsink") != nullptr,
          "%s", error->message);
      fail_unless (strstr (error->message, file.path.c_str ()) != nullptr);
      g_error_free (error);
      gst_message_unref (msg);
      gchar *contents = nullptr;
      fail_unless (g_file_get_contents (
          file.path.c_str (), &contents, nullptr, nullptr));
      fail_unless_equals_string (contents, "");
      g_free (contents);
    }
    gst_element_set_bus (h->element, nullptr);
    gst_object_unref (bus);
    gst_harness_teardown (h);
  }

  gst_debug_unset_threshold_for_name ("getijsonsink");
  gst_debug_remove_log_function (capture_log);
  std::lock_guard<std::mutex> lock (captured_log_lock);
  captured_log = nullptr;
  /* once per run */
  gsize n = 0;
  for (gsize at = log.find ("No Geti predictions"); at != std::string::npos;
       at = log.find ("No Geti predictions", at + 1))
    n++;
  fail_unless_equals_int (n, 2);
  fail_unless (log.find ("getipredict must come before getijsonsink") !=
                   std::string::npos,
      "%s", log.c_str ());
}
GST_END_TEST;

/* Test that each line says where its frame's predictions come from
 * ("source", after "held") and gives each tracked prediction its
 * "track_id" first, and an untracked one none: frames as getitrack makes
 * them (predicted, interpolated, extrapolated, held), built by hand, and a
 * frame without predictions in between (all-frames: "source": null). */
GST_START_TEST (test_source_and_track_ids)
{
  TempFile file;
  GstHarness *h = gst_harness_new_parse (
      ("getijsonsink all-frames=true location=" + file.path).c_str ());
  const struct {
    GstGetiPredictionSource source;
    gboolean held;
    double x;
  } frames[] = {
    { GST_GETI_PREDICTION_SOURCE_PREDICTED, FALSE, 100 },
    { GST_GETI_PREDICTION_SOURCE_INTERPOLATED, TRUE, 110 },
    { GST_GETI_PREDICTION_SOURCE_PREDICTED, FALSE, 0 }, /* no meta */
    { GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, TRUE, 130 },
    { GST_GETI_PREDICTION_SOURCE_HELD, TRUE, 130 },
  };

  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++) {
    GstBuffer *buffer = gst_buffer_new_allocate (nullptr, 640 * 480, nullptr);
    GST_BUFFER_PTS (buffer) = i * 100 * GST_MSECOND;
    if (i != 2) {
      GstGetiPredictions *predictions =
          tracked_boxes (frames[i].x, { 3, 0, G_MAXUINT });
      GstGetiPredictionMeta *meta =
          gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
      gst_geti_predictions_unref (predictions);
      meta->frame = i;
      meta->pts = GST_BUFFER_PTS (buffer);
      meta->source_pts = 0;
      meta->held = frames[i].held;
      meta->source = frames[i].source;
    }
    fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  gst_harness_teardown (h);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), G_N_ELEMENTS (frames));
  fail_unless_equals_string (lines[1].c_str (),
      "{\"frame\": 1, \"pts\": 100000000, \"source_pts\": 0, "
      "\"held\": true, \"source\": \"interpolated\", \"width\": 640, "
      "\"height\": 480, \"latency_ms\": null, \"created\": null, "
      "\"predictions\": [{\"track_id\": 3, \"labels\": [{\"id\": \"65a0a1\", "
      "\"name\": \"ball\", \"color\": \"#ff5662ff\", \"probability\": 0.97}], "
      "\"shape\": {\"type\": \"RECTANGLE\", \"x\": 110, \"y\": 222, "
      "\"width\": 38, \"height\": 38}}, "
      "{\"labels\": [{\"id\": \"65a0a1\", "
      "\"name\": \"ball\", \"color\": \"#ff5662ff\", \"probability\": 0.97}], "
      "\"shape\": {\"type\": \"RECTANGLE\", \"x\": 210, \"y\": 222, "
      "\"width\": 38, \"height\": 38}}, "
      "{\"track_id\": 4294967295, \"labels\": [{\"id\": \"65a0a1\", "
      "\"name\": \"ball\", \"color\": \"#ff5662ff\", \"probability\": 0.97}], "
      "\"shape\": {\"type\": \"RECTANGLE\", \"x\": 310, \"y\": 222, "
      "\"width\": 38, \"height\": 38}}]}");

  const char *const expected[] = {
    "\"held\": false, \"source\": \"predicted\", ",
    "\"held\": true, \"source\": \"interpolated\", ",
    "\"held\": false, \"source\": null, ",
    "\"held\": true, \"source\": \"extrapolated\", ",
    "\"held\": true, \"source\": \"held\", ",
  };
  for (gsize i = 0; i < lines.size (); i++) {
    const std::string &line = lines[i];
    fail_unless (
        line.find (expected[i]) != std::string::npos, "%s", line.c_str ());

    /* read as a JSON reader does: the ids on the tracked predictions */
    JsonParser *parser = json_parser_new ();
    fail_unless (
        json_parser_load_from_data (parser, line.c_str (), -1, nullptr),
        "not JSON: %s", line.c_str ());
    JsonArray *predictions = json_object_get_array_member (
        json_node_get_object (json_parser_get_root (parser)), "predictions");
    if (i == 2) {
      fail_unless_equals_int (json_array_get_length (predictions), 0);
    } else {
      fail_unless_equals_int (json_array_get_length (predictions), 3);
      JsonObject *tracked = json_array_get_object_element (predictions, 0);
      JsonObject *untracked = json_array_get_object_element (predictions, 1);
      JsonObject *last = json_array_get_object_element (predictions, 2);
      fail_unless_equals_int64 (
          json_object_get_int_member (tracked, "track_id"), 3);
      fail_if (json_object_has_member (untracked, "track_id"));
      fail_unless_equals_int64 (
          json_object_get_int_member (last, "track_id"), G_MAXUINT);
    }
    g_object_unref (parser);
  }
}
GST_END_TEST;

/* Test the classification, the stock file sinks' (filesink,
 * multifilesink), and the documentation URL, the README's section. */
GST_START_TEST (test_element_metadata)
{
  GstElementFactory *factory = gst_element_factory_find ("getijsonsink");
  fail_unless (factory != nullptr);
  fail_unless_equals_string (
      gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS),
      "Sink/File");
  fail_unless_equals_string (
      gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_DOC_URI),
      "https://github.com/gst-geti/gst-geti#getijsonsink");
  gst_object_unref (factory);
}
GST_END_TEST;

/* Test that a location that can't be written is a clear error. */
GST_START_TEST (test_unwritable_location)
{
  GstElement *sink = gst_element_factory_make ("getijsonsink", nullptr);
  g_object_set (sink, "location", "/nonexistent-dir/out.jsonl", nullptr);
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (sink, bus);
  fail_unless_equals_int (
      gst_element_set_state (sink, GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != nullptr);
  GError *error = nullptr;
  gst_message_parse_error (msg, &error, nullptr);
  fail_unless (g_error_matches (
      error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE));
  fail_unless (
      strstr (error->message, "/nonexistent-dir/out.jsonl") != nullptr);
  g_error_free (error);
  gst_message_unref (msg);
  gst_element_set_state (sink, GST_STATE_NULL);
  /* drop basesink's own "Failed to start": it holds the sink */
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (sink);
  gst_object_unref (bus);
}
GST_END_TEST;

/* Test the command line of the issue: gst-launch-1.0 videotestsrc ! getipredict
 * ! getijsonsink against the fake server, once into a file and once to
 * the standard output (location unset). */
GST_START_TEST (test_gst_launch)
{
  GError *error = nullptr;
  auto server =
      geti::fake::Server::start (geti::fake::ServerOptions (), &error);
  fail_unless (server != nullptr);
  const auto &o = server->options ();
  const std::string predict = "getipredict server=" + server->url () +
                              " organization-id=" + o.organization_id +
                              " workspace-id=" + o.workspace_id +
                              " project-id=" + o.project_id +
                              " api-key=" + o.api_key;

  /* Under AddressSanitizer (tests/run.sh --sanitize) gst-launch-1.0, no
   * ASan program, needs the runtime preloaded to load our plugin */
  const char *preload = g_getenv ("GETI_TEST_PRELOAD");
  std::string launch = "gst-launch-1.0";
  if (preload != nullptr && *preload != '\0') {
    g_autofree gchar *quoted = g_shell_quote (preload);
    launch = std::string ("env LD_PRELOAD=") + quoted + " " + launch;
  }

  TempFile file;
  for (bool to_file : { true, false }) {
    const std::string command =
        launch +
        " -q videotestsrc pattern=ball "
        "num-buffers=30 ! video/x-raw,width=320,height=240 ! " +
        predict + " ! getijsonsink" + (to_file ? " location=" + file.path : "");
    gchar *out = nullptr;
    gchar *err = nullptr;
    gint status = 0;
    fail_unless (g_spawn_command_line_sync (
                     command.c_str (), &out, &err, &status, &error),
        "%s", error ? error->message : "");
    fail_unless (g_spawn_check_wait_status (status, nullptr), "%s\n%s",
        command.c_str (), err);

    std::vector<std::string> lines;
    if (to_file) {
      lines = file.lines ();
    } else {
      gchar **split = g_strsplit (out, "\n", -1);
      for (gchar **l = split; *l; l++)
        if (**l == '{')
          lines.emplace_back (*l);
      g_strfreev (split);
    }
    g_free (out);
    g_free (err);

    fail_unless_equals_int (lines.size (), 30);
    for (gsize i = 0; i < lines.size (); i++) {
      const std::string prefix = "{\"frame\": " + std::to_string (i) + ", ";
      fail_unless (g_str_has_prefix (lines[i].c_str (), prefix.c_str ()), "%s",
          lines[i].c_str ());
      fail_unless (lines[i].find ("\"name\": \"ball\"") != std::string::npos);
      fail_unless (
          lines[i].find ("\"type\": \"RECTANGLE\"") != std::string::npos);
      /* interval=1, ordered: every frame has its own answer, untracked */
      fail_unless (
          lines[i].find ("\"held\": false, \"source\": \"predicted\", ") !=
              std::string::npos,
          "%s", lines[i].c_str ());
      fail_unless (lines[i].find ("track_id") == std::string::npos, "%s",
          lines[i].c_str ());
    }
  }
}
GST_END_TEST;

/* Test that with maps-location (a folder not there yet: made at start) each
 * map of a line is written once as an 8-bit grayscale PNG that decodes to
 * exactly the map's pixels and size, named by frame and label (the label id
 * when it has no name) in the map's "file" member after its size; that the
 * held frames sharing the list name the files of the frame that was
 * explained and write nothing; and that the next explained frame writes
 * its own. */
GST_START_TEST (test_maps_written)
{
  TempFile file;
  TempDir dir;
  const std::string folder = dir.path + "/maps/run1";
  GstHarness *h =
      gst_harness_new_parse (("getijsonsink name=sink location=" + file.path +
                              " maps-location=" + folder)
                                 .c_str ());
  GstElement *sink = gst_bin_get_by_name (GST_BIN (h->element), "sink");
  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");

  GstGetiMap *ball = make_map ("65a0a1", "ball", 37, 23);
  GstGetiMap *unnamed = make_map ("65a0a2", nullptr, 16, 16, 100);
  GstGetiMap *later = make_map ("65a0a1", "ball", 80, 60, 50);
  GstGetiPredictions *explained =
      with_maps ({ gst_geti_map_ref (ball), gst_geti_map_ref (unnamed) });
  GstGetiPredictions *next = with_maps ({ gst_geti_map_ref (later) });
  push_frame (h, explained, 12);
  push_frame (h, explained, 13, true);
  push_frame (h, explained, 14, true);
  push_frame (h, next, 15);
  gst_geti_predictions_unref (explained);
  gst_geti_predictions_unref (next);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (stat (sink, "maps-written"), 3);
  fail_unless_equals_int (stat (sink, "maps-failed"), 0);
  gst_harness_teardown (h);
  gst_object_unref (sink);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 4);
  fail_unless (g_str_has_suffix (lines[0].c_str (),
                   "\"predictions\": [{\"labels\": [{\"id\": \"65a0a1\", "
                   "\"name\": \"ball\", \"color\": \"#ff5662ff\", "
                   "\"probability\": 0.97}], \"shape\": {\"type\": "
                   "\"RECTANGLE\", \"x\": 300, \"y\": 222, \"width\": 38, "
                   "\"height\": 38}}], "
                   "\"maps\": [{\"label_id\": \"65a0a1\", \"name\": \"ball\", "
                   "\"width\": 37, \"height\": 23, "
                   "\"file\": \"frame-000012-ball.png\"}, "
                   "{\"label_id\": \"65a0a2\", \"name\": null, \"width\": 16, "
                   "\"height\": 16, \"file\": \"frame-000012-65a0a2.png\"}]}"),
      "%s", lines[0].c_str ());
  for (int i = 0; i < 3; i++) {
    const auto files = map_files (lines[i], { ball, unnamed });
    fail_unless_equals_string (files[0].c_str (), "frame-000012-ball.png");
    fail_unless_equals_string (files[1].c_str (), "frame-000012-65a0a2.png");
  }
  const auto files = map_files (lines[3], { later });
  fail_unless_equals_string (files[0].c_str (), "frame-000015-ball.png");

  fail_unless (TempDir::list (folder) ==
               std::set<std::string> ({ "frame-000012-ball.png",
                   "frame-000012-65a0a2.png", "frame-000015-ball.png" }));
  check_png_is_map (folder + "/frame-000012-ball.png", ball);
  check_png_is_map (folder + "/frame-000012-65a0a2.png", unnamed);
  check_png_is_map (folder + "/frame-000015-ball.png", later);
  gst_geti_map_unref (ball);
  gst_geti_map_unref (unnamed);
  gst_geti_map_unref (later);
}
GST_END_TEST;

/* Test that labels that are not safe in a file name (a path, spaces,
 * UTF-8, punctuation, empty, very long) give file names of letters, digits,
 * '-' and '_' inside the folder, and that maps of a frame that would share
 * a name get -2, -3 … (also against a label that already ends so). */
GST_START_TEST (test_map_file_names_safe)
{
  TempFile file;
  TempDir dir;
  const std::string folder = dir.path + "/maps";
  const std::string long_label (200, 'x');
  struct {
    const char *id, *name, *file;
  } cases[] = {
    { "1", "../etc/passwd", "frame-000007-_etc_passwd.png" },
    { "2", "a b/c", "frame-000007-a_b_c.png" },
    { "3", "Kratzer \xc3\xa4", "frame-000007-Kratzer_.png" },
    { "x:y", "", "frame-000007-x_y.png" },
    { "", nullptr, "frame-000007-map.png" },
    { "6", "ball", "frame-000007-ball.png" },
    { "7", "ball", "frame-000007-ball-2.png" },
    { "8", "ball-2", "frame-000007-ball-2-2.png" },
    { "9", long_label.c_str (), nullptr },
  };
  const std::string long_file =
      "frame-000007-" + std::string (64, 'x') + ".png";
  cases[8].file = long_file.c_str ();

  GstHarness *h = gst_harness_new_parse (
      ("getijsonsink location=" + file.path + " maps-location=" + folder)
          .c_str ());
  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  GstGetiPredictions *predictions = one_box (300);
  std::vector<GstGetiMap *> maps;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    maps.push_back (make_map (cases[i].id, cases[i].name, 16 + i, 16, i));
    gst_geti_predictions_add_map (predictions, maps.back ());
  }
  push_frame (h, predictions, 7);
  gst_geti_predictions_unref (predictions);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  gst_harness_teardown (h);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 1);
  JsonParser *parser = json_parser_new ();
  fail_unless (
      json_parser_load_from_data (parser, lines[0].c_str (), -1, nullptr));
  JsonArray *entries = json_object_get_array_member (
      json_node_get_object (json_parser_get_root (parser)), "maps");
  fail_unless_equals_int (
      json_array_get_length (entries), G_N_ELEMENTS (cases));
  std::set<std::string> expected;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    JsonObject *entry = json_array_get_object_element (entries, i);
    fail_unless (
        json_object_has_member (entry, "file"), "%s", lines[0].c_str ());
    fail_unless_equals_string (
        json_object_get_string_member (entry, "file"), cases[i].file);
    expected.insert (cases[i].file);
    check_png_is_map (folder + "/" + cases[i].file, maps[i]);
    gst_geti_map_unref (maps[i]);
  }
  g_object_unref (parser);
  /* all inside the folder, nothing beside it */
  fail_unless (TempDir::list (folder) == expected);
  fail_unless (TempDir::list (dir.path) == std::set<std::string> ({ "maps" }));
}
GST_END_TEST;

/* Test that without maps-location the lines list the maps without a "file"
 * member and no file is written (not in the working directory either). */
GST_START_TEST (test_maps_without_location)
{
  TempFile file;
  TempDir cwd;
  gchar *previous = g_get_current_dir ();
  fail_unless_equals_int (g_chdir (cwd.path.c_str ()), 0);

  GstHarness *h = gst_harness_new_parse (
      ("getijsonsink name=sink location=" + file.path).c_str ());
  GstElement *sink = gst_bin_get_by_name (GST_BIN (h->element), "sink");
  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  GstGetiMap *ball = make_map ("65a0a1", "ball", 37, 23);
  GstGetiPredictions *predictions = with_maps ({ gst_geti_map_ref (ball) });
  push_frame (h, predictions, 3);
  push_frame (h, predictions, 4, true);
  gst_geti_predictions_unref (predictions);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (stat (sink, "maps-written"), 0);
  gst_harness_teardown (h);
  gst_object_unref (sink);
  fail_unless_equals_int (g_chdir (previous), 0);
  g_free (previous);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 2);
  for (const auto &line : lines) {
    fail_unless (g_str_has_suffix (line.c_str (),
                     "\"maps\": [{\"label_id\": \"65a0a1\", \"name\": "
                     "\"ball\", \"width\": 37, \"height\": 23}]}"),
        "%s", line.c_str ());
    fail_unless (map_files (line, { ball })[0].empty ());
    fail_unless (line.find ("\"file\"") == std::string::npos);
  }
  fail_unless (TempDir::list (cwd.path).empty ());
  gst_geti_map_unref (ball);
}
GST_END_TEST;

/* Test that a maps-location that can't be a folder written to fails the
 * start with RESOURCE/OPEN_WRITE naming the folder and the property, before
 * the JSON Lines file is made: a folder under a file (an error even for
 * root), a file, and, when not root, a folder without write permission. */
GST_START_TEST (test_unwritable_maps_location)
{
  TempFile file;
  TempDir dir;
  const std::string read_only = dir.path + "/read-only";
  fail_unless_equals_int (g_mkdir (read_only.c_str (), 0500), 0);
  std::vector<std::pair<std::string, const char *>> cases = {
    { file.path + "/maps", g_strerror (ENOTDIR) },
    { file.path, g_strerror (ENOTDIR) },
  };
  if (geteuid () != 0)
    cases.emplace_back (read_only, g_strerror (EACCES));

  for (const auto &c : cases) {
    const std::string jsonl = dir.path + "/out.jsonl";
    GstElement *sink = gst_element_factory_make ("getijsonsink", nullptr);
    g_object_set (sink, "location", jsonl.c_str (), "maps-location",
        c.first.c_str (), nullptr);
    gchar *read_back = nullptr;
    g_object_get (sink, "maps-location", &read_back, nullptr);
    fail_unless_equals_string (read_back, c.first.c_str ());
    g_free (read_back);
    GstBus *bus = gst_bus_new ();
    gst_element_set_bus (sink, bus);
    fail_unless_equals_int (gst_element_set_state (sink, GST_STATE_PAUSED),
        GST_STATE_CHANGE_FAILURE);
    GError *error = pop_gerror (bus);
    fail_unless (error != nullptr);
    fail_unless (g_error_matches (
                     error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE),
        "%s", error->message);
    const std::string expected = "Could not write explanation maps to the "
                                 "folder \"" +
                                 c.first + "\" (maps-location): " + c.second;
    fail_unless_equals_string (error->message, expected.c_str ());
    g_error_free (error);
    fail_if (g_file_test (jsonl.c_str (), G_FILE_TEST_EXISTS));
    gst_element_set_state (sink, GST_STATE_NULL);
    gst_bus_set_flushing (bus, TRUE);
    gst_object_unref (sink);
    gst_object_unref (bus);
  }
  g_chmod (read_only.c_str (), 0700);
}
GST_END_TEST;

/* Test that a map that can't be written (its folder removed after the
 * start) is a RESOURCE/WRITE warning naming the file, once for a run of
 * failures, counted in maps-failed, the line written without "file"; that
 * the maps are written again once the folder is back, and that the next
 * failure warns again. */
GST_START_TEST (test_map_write_failure_warns)
{
  TempFile file;
  TempDir dir;
  const std::string folder = dir.path + "/maps";
  GstHarness *h =
      gst_harness_new_parse (("getijsonsink name=sink location=" + file.path +
                              " maps-location=" + folder)
                                 .c_str ());
  GstElement *sink = gst_bin_get_by_name (GST_BIN (h->element), "sink");
  GstBus *bus = gst_bus_new ();
  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  fail_unless (g_file_test (folder.c_str (), G_FILE_TEST_IS_DIR));

  fail_unless_equals_int (g_rmdir (folder.c_str ()), 0);
  for (guint64 frame : { 1, 2 }) {
    GstGetiPredictions *predictions =
        with_maps ({ make_map ("65a0a1", "ball", 16, 16, frame) });
    push_frame (h, predictions, frame);
    gst_geti_predictions_unref (predictions);
  }
  GError *warning = pop_gerror (bus, true);
  fail_unless (warning != nullptr);
  fail_unless (
      g_error_matches (warning, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE),
      "%s", warning->message);
  const std::string expected =
      "Could not write the explanation map \"" + folder +
      "/frame-000001-ball.png\": " + g_strerror (ENOENT) +
      " (the line is written without its \"file\")";
  fail_unless_equals_string (warning->message, expected.c_str ());
  g_error_free (warning);
  fail_unless (pop_gerror (bus, true) == nullptr); /* frame 2: no warning */

  fail_unless_equals_int (g_mkdir (folder.c_str (), 0755), 0);
  GstGetiPredictions *predictions =
      with_maps ({ make_map ("65a0a1", "ball", 16, 16, 3) });
  push_frame (h, predictions, 3);
  gst_geti_predictions_unref (predictions);
  fail_unless (pop_gerror (bus, true) == nullptr);

  fail_unless_equals_int (
      g_unlink ((folder + "/frame-000003-ball.png").c_str ()), 0);
  fail_unless_equals_int (g_rmdir (folder.c_str ()), 0);
  predictions = with_maps ({ make_map ("65a0a1", "ball", 16, 16, 4) });
  push_frame (h, predictions, 4);
  gst_geti_predictions_unref (predictions);
  warning = pop_gerror (bus, true);
  fail_unless (warning != nullptr);
  fail_unless (strstr (warning->message, "frame-000004-ball.png") != nullptr,
      "%s", warning->message);
  g_error_free (warning);

  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (stat (sink, "maps-written"), 1);
  fail_unless_equals_int (stat (sink, "maps-failed"), 3);
  gst_element_set_bus (h->element, nullptr);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  gst_object_unref (sink);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 4);
  for (gsize i = 0; i < lines.size (); i++) {
    fail_unless ((lines[i].find ("\"file\": \"frame-000003-ball.png\"") !=
                     std::string::npos) == (i == 2),
        "%s", lines[i].c_str ());
    fail_unless ((lines[i].find ("\"file\"") != std::string::npos) == (i == 2),
        "%s", lines[i].c_str ());
  }
}
GST_END_TEST;

/* Test the product end to end: videotestsrc pattern=ball through
 * getipredict (interval=2 explain-interval=2) against the fake server into
 * getijsonsink maps-location: an explained frame's line names one PNG per
 * map, named after it, that decodes to the size its line gives and is
 * brightest inside that frame's ball box; the held frame after it names the
 * same file; frames without :explain have no maps; one file per answer. */
GST_START_TEST (test_maps_end_to_end)
{
  GError *error = nullptr;
  auto server =
      geti::fake::Server::start (geti::fake::ServerOptions (), &error);
  fail_unless (server != nullptr);
  const auto &o = server->options ();
  TempFile file;
  TempDir dir;
  const std::string folder = dir.path + "/maps";
  const std::string description =
      "videotestsrc pattern=ball num-buffers=12 ! "
      "video/x-raw,width=320,height=240 ! getipredict interval=2 "
      "explain-interval=2 server=" +
      server->url () + " organization-id=" + o.organization_id +
      " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
      " api-key=" + o.api_key +
      " ! getijsonsink name=sink location=" + file.path +
      " maps-location=" + folder;
  GstElement *pipeline = gst_parse_launch (description.c_str (), &error);
  fail_unless (pipeline != nullptr, "%s", error ? error->message : "");
  GstBus *bus = gst_element_get_bus (pipeline);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
               GST_STATE_CHANGE_FAILURE);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      (GstMessageType) (GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  fail_unless (msg != nullptr && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);

  const auto lines = file.lines ();
  fail_unless_equals_int (lines.size (), 12);
  std::set<std::string> named;
  guint explained = 0;
  std::string last_file;
  for (gsize i = 0; i < lines.size (); i++) {
    JsonParser *parser = json_parser_new ();
    fail_unless (
        json_parser_load_from_data (parser, lines[i].c_str (), -1, nullptr));
    JsonObject *root = json_node_get_object (json_parser_get_root (parser));
    const bool held = json_object_get_boolean_member (root, "held");
    if (!json_object_has_member (root, "maps")) {
      g_object_unref (parser);
      continue;
    }
    JsonArray *maps = json_object_get_array_member (root, "maps");
    fail_unless_equals_int (json_array_get_length (maps), 1); /* one ball */
    JsonObject *entry = json_array_get_object_element (maps, 0);
    fail_unless_equals_string (
        json_object_get_string_member (entry, "name"), "ball");
    fail_unless (
        json_object_has_member (entry, "file"), "%s", lines[i].c_str ());
    const std::string map_file = json_object_get_string_member (entry, "file");
    named.insert (map_file);
    if (held) {
      /* the frame before it was explained: its file */
      fail_unless_equals_string (map_file.c_str (), last_file.c_str ());
      g_object_unref (parser);
      continue;
    }
    explained++;
    char expected[64];
    g_snprintf (expected, sizeof expected, "frame-%06u-ball.png", (guint) i);
    fail_unless_equals_string (map_file.c_str (), expected);
    last_file = map_file;

    gint width = 0, height = 0;
    const auto pixels =
        decode_gray_png (folder + "/" + map_file, width, height);
    fail_unless_equals_int64 (
        json_object_get_int_member (entry, "width"), width);
    fail_unless_equals_int64 (
        json_object_get_int_member (entry, "height"), height);
    /* the brightest pixel, in frame coordinates, inside the ball's box */
    const auto top =
        std::max_element (pixels.begin (), pixels.end ()) - pixels.begin ();
    const double fx = (top % width + 0.5) * 320.0 / width;
    const double fy = (top / width + 0.5) * 240.0 / height;
    JsonObject *shape = json_object_get_object_member (
        json_array_get_object_element (
            json_object_get_array_member (root, "predictions"), 0),
        "shape");
    const double x = json_object_get_double_member (shape, "x");
    const double y = json_object_get_double_member (shape, "y");
    const double w = json_object_get_double_member (shape, "width");
    const double h = json_object_get_double_member (shape, "height");
    const double margin = 320.0 / width; /* a map pixel */
    fail_unless (fx >= x - margin && fx <= x + w + margin && fy >= y - margin &&
                     fy <= y + h + margin,
        "frame %u: brightest at %.1f,%.1f, the ball at %g,%g %gx%g", (guint) i,
        fx, fy, x, y, w, h);
    g_object_unref (parser);
  }
  /* predictions on frames 0, 2, … 10; every second one explained */
  fail_unless_equals_int (explained, 3);
  fail_unless (TempDir::list (folder) == named);
  fail_unless_equals_int (named.size (), 3);
}
GST_END_TEST;

static Suite *
getijsonsink_suite (void)
{
  Suite *s = suite_create ("getijsonsink");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_lines_with_predictions);
  tcase_add_test (tc, test_all_frames);
  tcase_add_test (tc, test_unwritable_location);
  tcase_add_test (tc, test_empty_label);
  tcase_add_test (tc, test_source_and_track_ids);
  tcase_add_test (tc, test_no_predictions_warns);
  tcase_add_test (tc, test_element_metadata);
  tcase_add_test (tc, test_gst_launch);
  tcase_add_test (tc, test_maps_written);
  tcase_add_test (tc, test_map_file_names_safe);
  tcase_add_test (tc, test_maps_without_location);
  tcase_add_test (tc, test_unwritable_maps_location);
  tcase_add_test (tc, test_map_write_failure_warns);
  tcase_add_test (tc, test_maps_end_to_end);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getijsonsink);
