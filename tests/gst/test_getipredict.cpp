/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstharness.h>

#include "test_helpers.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

using geti::fake::Server;
using geti::fake::ServerOptions;

using namespace test;

namespace {

/* The worst box error seen by the ball test running now (each test runs in
 * a process of its own, so each prints its figure). */
double worst_ball_error = 0;

/* Checks that the meta of @sample has one RECTANGLE matching the ball of
 * the frame @source (the same sample unless the predictions are held). */
void
check_ball (GstSample *sample, GstSample *source, guint index)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
  fail_unless (meta != nullptr, "frame %u has no prediction meta", index);
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_predictions (meta), 1);
  const GstGetiPrediction *p =
      gst_geti_prediction_meta_get_prediction (meta, 0);
  fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_RECTANGLE);
  fail_unless_equals_int (p->n_labels, 1);
  fail_unless_equals_string (p->labels[0].name, geti::fake::BALL_LABEL_NAME);
  fail_unless_equals_string (p->labels[0].id, geti::fake::BALL_LABEL_ID);

  const geti::fake::Blob ball = ball_of (source);
  const std::string what = "frame " + std::to_string (index);
  worst_ball_error =
      std::max (worst_ball_error, check_box (p, ball, what.c_str ()));
}

/* Runs @frames frames of the moving ball in @format through getipredict
 * and checks every frame against its own ball. */
void
check_ball_pipeline (const char *format, int frames, const char *extra,
    int width = 320, int height = 240, int sent_width = 0, int sent_height = 0)
{
  ServerOptions options;
  options.latency_ms = 20;
  auto server = start_server (options);
  worst_ball_error = 0;
  GstElement *pipeline = parse_pipeline (
      std::string ("videotestsrc pattern=ball num-buffers=") +
      std::to_string (frames) + " ! video/x-raw,format=" + format + ",width=" +
      std::to_string (width) + ",height=" + std::to_string (height) +
      ",framerate=30/1 ! getipredict " + predict_properties (*server) + " " +
      extra + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);

  fail_unless (run.error == nullptr, "%s",
      run.error ? message_text (run.error).c_str () : "");
  fail_unless (run.eos);
  fail_unless_equals_int (run.samples.size (), frames);
  fail_unless_equals_int (server->predict_count (), frames);

  GstClockTime last_pts = 0;
  for (guint i = 0; i < run.samples.size (); i++) {
    GstBuffer *buffer = gst_sample_get_buffer (run.samples[i]);
    /* In input order */
    fail_unless (i == 0 || GST_BUFFER_PTS (buffer) > last_pts);
    last_pts = GST_BUFFER_PTS (buffer);

    GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
    fail_unless (meta != nullptr, "frame %u without meta", i);
    fail_unless (!meta->held, "frame %u holds predictions", i);
    fail_unless_equals_uint64 (meta->frame, i);
    fail_unless_equals_uint64 (meta->pts, GST_BUFFER_PTS (buffer));
    fail_unless_equals_uint64 (meta->source_pts, GST_BUFFER_PTS (buffer));
    fail_unless_equals_int (meta->width, width);
    fail_unless_equals_int (meta->height, height);
    fail_unless (GST_CLOCK_TIME_IS_VALID (meta->latency));
    fail_unless (
        gst_geti_predictions_get_created (meta->predictions) != nullptr);
    check_ball (run.samples[i], run.samples[i], i);
  }
  /* what the server was sent */
  for (const auto &request : predict_requests (*server)) {
    fail_unless_equals_int (
        request.image_width, sent_width ? sent_width : width);
    fail_unless_equals_int (
        request.image_height, sent_height ? sent_height : height);
  }
  g_print ("ball test, %s, %d frames%s%s: worst box error %.1f px\n", format,
      frames, *extra ? ", " : "", extra, worst_ball_error);
}

} // namespace

/* Test that every frame of an I420 ball leaves in order carrying the box
 * of its own ball, found by the server's detector on the uploaded JPEG. */
GST_START_TEST (test_ball_alignment_i420)
{
  check_ball_pipeline ("I420", 45, "max-in-flight=4");
}
GST_END_TEST;

/* Test the same for packed RGB frames (encoded without conversion). */
GST_START_TEST (test_ball_alignment_rgb)
{
  check_ball_pipeline ("RGB", 45, "max-in-flight=4");
}
GST_END_TEST;

/* Test that one request at a time gives the same frame-exact result. */
GST_START_TEST (test_ball_alignment_sequential)
{
  check_ball_pipeline ("NV12", 15, "max-in-flight=1");
}
GST_END_TEST;

/* Test that with max-size the server gets a scaled image, and the boxes
 * still come back on each frame's own ball, in the frame's pixels. */
GST_START_TEST (test_ball_alignment_max_size)
{
  check_ball_pipeline ("NV12", 30, "max-size=640", 1280, 720, 640, 360);
}
GST_END_TEST;

/* Test that every raw format of the contract is accepted without a
 * videoconvert in front and encoded into a JPEG the server can read. */
GST_START_TEST (test_formats)
{
  const char *formats[] = { "I420", "YV12", "NV12", "NV21", "YUY2", "UYVY",
    "Y42B", "Y444", "RGB", "BGR", "RGBx", "BGRx", "xRGB", "xBGR", "RGBA",
    "BGRA", "ARGB", "ABGR", "GRAY8" };
  for (const char *format : formats) {
    GST_INFO ("format %s", format);
    check_ball_pipeline (format, 3, "");
  }
}
GST_END_TEST;

/* Test that with interval=3 only frames 0, 3, 6, ... are sent and the
 * frames between carry the previous sampled frame's predictions, held. */
GST_START_TEST (test_interval_holds)
{
  auto server = start_server ();
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=20 ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict interval=3 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);

  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 20);
  fail_unless_equals_int (server->predict_count (), 7); /* 0, 3, ..., 18 */

  for (guint i = 0; i < run.samples.size (); i++) {
    GstBuffer *buffer = gst_sample_get_buffer (run.samples[i]);
    GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
    fail_unless (meta != nullptr, "frame %u without meta", i);
    const guint source = i - i % 3;
    GstBuffer *source_buffer = gst_sample_get_buffer (run.samples[source]);
    fail_unless_equals_int (meta->held, i % 3 != 0);
    fail_unless_equals_uint64 (meta->frame, i);
    fail_unless_equals_uint64 (
        meta->source_pts, GST_BUFFER_PTS (source_buffer));
    /* Held predictions are the source frame's very list */
    GstGetiPredictionMeta *source_meta =
        gst_buffer_get_geti_prediction_meta (source_buffer);
    fail_unless (meta->predictions == source_meta->predictions);
    check_ball (run.samples[i], run.samples[source], i);
  }
}
GST_END_TEST;

/* Test that hold-time bounds how long predictions are held, and that
 * interval=0 sends nothing. */
GST_START_TEST (test_hold_time_and_interval_zero)
{
  auto server = start_server ();
  /* 30 fps: frames 1..4 are 33..133 ms younger than frame 0 */
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=10 ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict interval=5 hold-time=110000000 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless_equals_int (run.samples.size (), 10);
  for (guint i = 0; i < 10; i++) {
    GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (
        gst_sample_get_buffer (run.samples[i]));
    const bool expected = i % 5 <= 3; /* 0, and 1-3 (< 110 ms), not 4 */
    fail_unless_equals_int (meta != nullptr, expected);
  }

  server->reset_stats ();
  pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=10 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict interval=0 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run none;
  run_pipeline (pipeline, none);
  gst_object_unref (pipeline);
  fail_unless_equals_int (none.samples.size (), 10);
  fail_unless_equals_int (server->predict_count (), 0);
  for (GstSample *s : none.samples)
    fail_unless (gst_buffer_get_geti_prediction_meta (
                     gst_sample_get_buffer (s)) == nullptr);
}
GST_END_TEST;

/* Test that requests are pipelined: with max-in-flight=4 the server sees
 * four requests at once. */
GST_START_TEST (test_pipelining)
{
  ServerOptions options;
  options.latency_ms = 150;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=16 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict "
      "max-in-flight=4 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless_equals_int (run.samples.size (), 16);
  fail_unless_equals_int (server->max_concurrent (), 4);
  /* keep-alive: no more connections than request slots */
  fail_unless (server->connection_count () <= 4, "%u connections",
      server->connection_count ());
}
GST_END_TEST;

/* Test that EOS waits for the requests in flight: every frame still leaves
 * with its predictions, then EOS. */
GST_START_TEST (test_eos_drains_in_flight)
{
  ServerOptions options;
  options.latency_ms = 300;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=8 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict "
      "max-in-flight=8 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless (run.eos);
  fail_unless_equals_int (run.samples.size (), 8);
  for (guint i = 0; i < 8; i++)
    check_ball (run.samples[i], run.samples[i], i);
}
GST_END_TEST;

/* Test that PLAYING -> NULL with requests in flight cancels them at once
 * rather than waiting for a slow server. */
GST_START_TEST (test_stop_in_flight)
{
  ServerOptions options;
  options.latency_ms = 60000;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball is-live=true ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict max-in-flight=4 " +
      predict_properties (*server) + " ! fakesink sync=false");
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
           GST_STATE_CHANGE_FAILURE);
  fail_unless (server->wait_for_predict_count (4, 30000));
  const gint64 start = g_get_monotonic_time ();
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  GST_INFO ("stopped in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* Test that with no server at all and fail-on-unreachable=false the
 * frames still pass, without predictions, and a warning says why. */
GST_START_TEST (test_dead_server)
{
  std::string url;
  {
    auto server = start_server ();
    url = server->url ();
  } /* gone: its port now refuses connections */
  const ServerOptions o;
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=10 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict server=" +
      url + " organization-id=" + o.organization_id + " workspace-id=" +
      o.workspace_id + " project-id=" + o.project_id + " api-key=" + o.api_key +
      " fail-on-unreachable=false ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless (run.error == nullptr);
  fail_unless (run.eos);
  fail_unless_equals_int (run.samples.size (), 10);
  for (GstSample *s : run.samples)
    fail_unless (gst_buffer_get_geti_prediction_meta (
                     gst_sample_get_buffer (s)) == nullptr);
  fail_unless (!run.warnings.empty ());
  const GstStructure *details = nullptr;
  gst_message_parse_warning_details (run.warnings[0], &details);
  fail_unless (details != nullptr);
  guint status = 99;
  fail_unless (gst_structure_get_uint (details, "http-status-code", &status));
  fail_unless_equals_int (status, 0);
}
GST_END_TEST;

/* Test that a wrong key is a NOT_AUTHORIZED error naming HTTP 401 and
 * never the key itself. */
GST_START_TEST (test_unauthorized)
{
  auto server = start_server ();
  const ServerOptions &o = server->options ();
  const std::string wrong_key =
      "geti_pat_WrongKeyWrongKeyWrongKeyWrongKeyWrongKeyWro_zzzzzz";
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=10 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict server=" +
      server->url () + " organization-id=" + o.organization_id +
      " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
      " api-key=" + wrong_key + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless (run.error != nullptr);
  GError *error = nullptr;
  gst_message_parse_error (run.error, &error, nullptr);
  fail_unless (g_error_matches (
      error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED));
  g_error_free (error);
  const std::string text = message_text (run.error);
  fail_unless (text.find ("401") != std::string::npos, "%s", text.c_str ());
  fail_unless (text.find (wrong_key) == std::string::npos);
  fail_unless (text.find ("Invalid authorization token") != std::string::npos);
}
GST_END_TEST;

/* Test that missing or malformed settings fail the state change with a
 * RESOURCE/SETTINGS error naming the property, before any request. */
GST_START_TEST (test_settings_errors)
{
  const ServerOptions o;
  const std::string good =
      "server=http://127.0.0.1:1 organization-id=" + o.organization_id +
      " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
      " api-key=" + o.api_key;
  const struct {
    std::string properties;
    const char *named;
  } cases[] = {
    { good + " server=\"\"", "\"server\"" },
    { good + " server=geti.example.com", "\"server\"" },
    { good + " organization-id=123", "\"organization-id\"" },
    { good + " workspace-id=" + o.project_id, "\"workspace-id\"" },
    { good + " project-id=" + o.organization_id, "\"project-id\"" },
    { good + " pipeline=latest", "\"pipeline\"" },
    { good + " api-key=\"\"", "\"api-key\"" },
  };
  for (const auto &c : cases) {
    GstElement *pipeline = parse_pipeline (
        "videotestsrc ! getipredict " + c.properties + " ! fakesink");
    fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PAUSED),
        GST_STATE_CHANGE_FAILURE);
    GstBus *bus = gst_element_get_bus (pipeline);
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != nullptr);
    GError *error = nullptr;
    gst_message_parse_error (msg, &error, nullptr);
    fail_unless (g_error_matches (
                     error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS),
        "%s", error->message);
    fail_unless (strstr (error->message, c.named) != nullptr,
        "%s does not name %s", error->message, c.named);
    g_error_free (error);
    gst_message_unref (msg);
    gst_object_unref (bus);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test that api-key is write-only and that GETI_API_KEY is used when it is
 * not set. */
GST_START_TEST (test_api_key_from_environment)
{
  GstElement *element = gst_element_factory_make ("getipredict", nullptr);
  GParamSpec *pspec =
      g_object_class_find_property (G_OBJECT_GET_CLASS (element), "api-key");
  fail_unless (pspec != nullptr);
  fail_unless ((pspec->flags & G_PARAM_WRITABLE) != 0);
  fail_unless ((pspec->flags & G_PARAM_READABLE) == 0);
  gst_object_unref (element);

  auto server = start_server ();
  const ServerOptions &o = server->options ();
  g_setenv ("GETI_API_KEY", o.api_key.c_str (), TRUE);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=3 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict server=" +
      server->url () + " organization-id=" + o.organization_id +
      " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
      " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  g_unsetenv ("GETI_API_KEY");
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 3);
  for (const auto &request : predict_requests (*server))
    fail_unless_equals_string (request.api_key.c_str (), o.api_key.c_str ());
}
GST_END_TEST;

/* Test that the server receives what Geti expects: the predict path, the
 * key header, one multipart field "file" holding a JPEG of the frame. */
GST_START_TEST (test_request_contents)
{
  auto server = start_server ();
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=2 ! "
      "video/x-raw,format=BGRx,width=352,height=288 ! getipredict " +
      predict_properties (*server) +
      " jpeg-quality=70 ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  const auto requests = predict_requests (*server);
  fail_unless_equals_int (requests.size (), 2);
  const ServerOptions &o = server->options ();
  for (const auto &r : requests) {
    fail_unless_equals_string (r.method.c_str (), "POST");
    const std::string path = "/api/v1/organizations/" + o.organization_id +
                             "/workspaces/" + o.workspace_id + "/projects/" +
                             o.project_id + "/pipelines/active:predict";
    fail_unless_equals_string (r.path.c_str (), path.c_str ());
    fail_unless_equals_string (r.api_key.c_str (), o.api_key.c_str ());
    fail_unless (
        g_str_has_prefix (r.content_type.c_str (), "multipart/form-data"));
    fail_unless_equals_string (r.file_field.c_str (), "file");
    fail_unless_equals_string (r.file_content_type.c_str (), "image/jpeg");
    fail_unless (r.file_size > 0);
    fail_unless_equals_int (r.image_width, 352);
    fail_unless_equals_int (r.image_height, 288);
    fail_unless_equals_int (r.status, 200);
  }
}
GST_END_TEST;

/* Test that threshold drops labels below it and the predictions left
 * without a label. */
GST_START_TEST (test_threshold)
{
  auto server = start_server ();
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=4 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict "
      "threshold=0.98 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless_equals_int (run.samples.size (), 4);
  for (GstSample *s : run.samples) {
    GstGetiPredictionMeta *meta =
        gst_buffer_get_geti_prediction_meta (gst_sample_get_buffer (s));
    /* The frame was predicted: an empty answer is still an answer */
    fail_unless (meta != nullptr);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 0);
  }
}
GST_END_TEST;

/* Test the GstVideoRegionOfInterestMeta next to each prediction, and that
 * attach-roi-meta=false leaves it out. */
GST_START_TEST (test_roi_meta)
{
  auto server = start_server ();
  for (bool attach : { true, false }) {
    GstElement *pipeline = parse_pipeline (
        "videotestsrc pattern=ball num-buffers=3 ! "
        "video/x-raw,format=I420,width=320,height=240 ! getipredict " +
        predict_properties (*server) + " attach-roi-meta=" +
        (attach ? "true" : "false") + " ! appsink name=sink sync=false");
    Run run;
    run_pipeline (pipeline, run);
    gst_object_unref (pipeline);
    fail_unless_equals_int (run.samples.size (), 3);
    for (GstSample *s : run.samples) {
      GstBuffer *buffer = gst_sample_get_buffer (s);
      GstVideoRegionOfInterestMeta *roi =
          gst_buffer_get_video_region_of_interest_meta (buffer);
      if (!attach) {
        fail_unless (roi == nullptr);
        continue;
      }
      fail_unless (roi != nullptr);
      const geti::fake::Blob ball = ball_of (s);
      fail_unless_equals_string (g_quark_to_string (roi->roi_type), "ball");
      fail_unless (std::abs (static_cast<int> (roi->x) - ball.x) <= 3);
      fail_unless (std::abs (static_cast<int> (roi->y) - ball.y) <= 3);
      fail_unless (std::abs (static_cast<int> (roi->w) - ball.width) <= 3);
      fail_unless (std::abs (static_cast<int> (roi->h) - ball.height) <= 3);
      GstStructure *detection =
          gst_video_region_of_interest_meta_get_param (roi, "detection");
      fail_unless (detection != nullptr);
      fail_unless_equals_string (
          gst_structure_get_string (detection, "label"), "ball");
      fail_unless_equals_string (
          gst_structure_get_string (detection, "geti-label-id"),
          geti::fake::BALL_LABEL_ID);
      double confidence, x_min, x_max;
      fail_unless (
          gst_structure_get_double (detection, "confidence", &confidence));
      fail_unless (std::abs (confidence - geti::fake::BALL_PROBABILITY) < 1e-9);
      fail_unless (gst_structure_get_double (detection, "x_min", &x_min));
      fail_unless (gst_structure_get_double (detection, "x_max", &x_max));
      fail_unless (std::abs (x_min * 320 - ball.x) <= 3);
      fail_unless (std::abs (x_max * 320 - (ball.x + ball.width)) <= 3);
    }
  }
}
GST_END_TEST;

/* Test that post-messages posts one geti-prediction message per predicted
 * frame, carrying the JSON line. */
GST_START_TEST (test_post_messages)
{
  auto server = start_server ();
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=6 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict interval=2 "
      "post-messages=true " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);

  guint count = 0;
  for (GstMessage *msg : run.elements) {
    const GstStructure *s = gst_message_get_structure (msg);
    if (gst_structure_has_name (s, "geti-prediction")) {
      const char *json = gst_structure_get_string (s, "json");
      fail_unless (json != nullptr);
      GstBuffer *buffer = gst_sample_get_buffer (run.samples[2 * count]);
      gchar *expected = gst_geti_prediction_meta_to_json (
          gst_buffer_get_geti_prediction_meta (buffer));
      fail_unless_equals_string (json, expected);
      g_free (expected);
      count++;
    }
  }
  fail_unless_equals_int (count, 3);
}
GST_END_TEST;

namespace {

/* What a probe saw leave getipredict, in order. */
struct Observed {
  std::vector<std::string> items;
};

GstPadProbeReturn
record_probe (GstPad *, GstPadProbeInfo *info, gpointer user_data)
{
  auto *observed = static_cast<Observed *> (user_data);
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER) {
    GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
    observed->items.push_back (
        "buffer " + std::to_string (GST_BUFFER_PTS (buffer) / GST_MSECOND));
  } else if (GST_PAD_PROBE_INFO_TYPE (info) &
             GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
    if (GST_EVENT_TYPE (event) == GST_EVENT_CUSTOM_DOWNSTREAM)
      observed->items.push_back (
          std::string ("event ") +
          gst_structure_get_name (gst_event_get_structure (event)));
    else if (GST_EVENT_TYPE (event) == GST_EVENT_EOS)
      observed->items.push_back ("eos");
  }
  return GST_PAD_PROBE_OK;
}

} // namespace

/* Test that serialized events keep their place between the buffers while
 * the buffers before them wait for their predictions. */
GST_START_TEST (test_serialized_events_keep_place)
{
  ServerOptions options;
  options.latency_ms = 100;
  auto server = start_server (options);
  GstHarness *h = gst_harness_new_parse (
      ("getipredict max-in-flight=4 interval=2 " + predict_properties (*server))
          .c_str ());
  Observed observed;
  GstPad *src = gst_element_get_static_pad (h->element, "src");
  gst_pad_add_probe (src,
      static_cast<GstPadProbeType> (
          GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM),
      record_probe, &observed, nullptr);
  gst_object_unref (src);

  gst_harness_set_src_caps_str (
      h, "video/x-raw,format=GRAY8,width=64,height=48,framerate=10/1");
  std::vector<std::string> expected;
  for (int i = 0; i < 6; i++) {
    GstBuffer *buffer = gst_harness_create_buffer (h, 64 * 48);
    gst_buffer_memset (buffer, 0, 0, 64 * 48);
    GST_BUFFER_PTS (buffer) = i * 100 * GST_MSECOND;
    GST_BUFFER_DURATION (buffer) = 100 * GST_MSECOND;
    fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
    expected.push_back ("buffer " + std::to_string (i * 100));
    const std::string name = "marker-" + std::to_string (i);
    fail_unless (gst_harness_push_event (
        h, gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM,
               gst_structure_new_empty (name.c_str ()))));
    expected.push_back ("event " + name);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  expected.push_back ("eos");

  /* Wait for the EOS to come out, then compare the whole order */
  for (GstEvent *event; (event = gst_harness_pull_event (h));) {
    const bool eos = GST_EVENT_TYPE (event) == GST_EVENT_EOS;
    gst_event_unref (event);
    if (eos)
      break;
  }
  fail_unless_equals_int (observed.items.size (), expected.size ());
  for (gsize i = 0; i < expected.size (); i++)
    fail_unless_equals_string (
        observed.items[i].c_str (), expected[i].c_str ());
  fail_unless_equals_int (server->predict_count (), 3);
  gst_harness_teardown (h);
}
GST_END_TEST;

static Suite *
getipredict_suite (void)
{
  Suite *s = suite_create ("getipredict");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_ball_alignment_i420);
  tcase_add_test (tc, test_ball_alignment_rgb);
  tcase_add_test (tc, test_ball_alignment_sequential);
  tcase_add_test (tc, test_ball_alignment_max_size);
  tcase_add_test (tc, test_formats);
  tcase_add_test (tc, test_interval_holds);
  tcase_add_test (tc, test_hold_time_and_interval_zero);
  tcase_add_test (tc, test_pipelining);
  tcase_add_test (tc, test_eos_drains_in_flight);
  tcase_add_test (tc, test_stop_in_flight);
  tcase_add_test (tc, test_dead_server);
  tcase_add_test (tc, test_unauthorized);
  tcase_add_test (tc, test_settings_errors);
  tcase_add_test (tc, test_api_key_from_environment);
  tcase_add_test (tc, test_request_contents);
  tcase_add_test (tc, test_threshold);
  tcase_add_test (tc, test_roi_meta);
  tcase_add_test (tc, test_post_messages);
  tcase_add_test (tc, test_serialized_events_keep_place);
  suite_add_tcase (s, tc);
  return s;
}

int
main (int argc, char **argv)
{
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (getipredict_suite (), "getipredict", __FILE__);
}
