/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/geti/geti.h>
#include <json-glib/json-glib.h>

#include "fake_geti_server.h"

#include <glib/gstdio.h>

#include <initializer_list>
#include <memory>
#include <mutex>
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
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getijsonsink);
