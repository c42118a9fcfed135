/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict explain-interval: Geti's :explain maps attached with the
 * predictions of every Nth prediction, against the fake server's :explain
 * (a map bright where the blobs are). */

#include <gst/check/gstcheck.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "test_helpers.h"

#include <string>
#include <vector>

namespace {

std::vector<geti::fake::ReceivedRequest>
explain_requests (const geti::fake::Server &server)
{
  std::vector<geti::fake::ReceivedRequest> out;
  for (auto &request : server.requests ()) {
    if (request.explain)
      out.push_back (std::move (request));
  }
  return out;
}

/* Runs @frames frames of the ball (640x480) through getipredict with
 * @properties against @server, then @after. */
void
run_ball (const geti::fake::Server &server, test::Run &run, int frames,
    const std::string &properties, const std::string &after = "")
{
  GstElement *pipeline = test::parse_pipeline (
      "videotestsrc pattern=ball num-buffers=" + std::to_string (frames) +
      " ! video/x-raw,format=I420,width=640,height=480,framerate=30/1 ! "
      "getipredict " +
      test::predict_properties (server) + " " + properties + " ! " + after +
      "appsink name=sink sync=false");
  test::run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
}

guint
n_maps (GstGetiPredictionMeta *meta)
{
  return gst_geti_predictions_get_n_maps (
      gst_geti_prediction_meta_get_predictions (meta));
}

GstGetiMap *
map_of (GstGetiPredictionMeta *meta, guint i = 0)
{
  return gst_geti_predictions_get_map (
      gst_geti_prediction_meta_get_predictions (meta), i);
}

/* The brightest pixel of @map, in the frame's coordinates */
void
hottest (GstGetiMap *map, guint frame_width, guint frame_height, double &x,
    double &y)
{
  g_autoptr (GBytes) bytes = gst_geti_map_get_bytes (map);
  gsize size;
  const auto *px =
      static_cast<const guint8 *> (g_bytes_get_data (bytes, &size));
  const guint w = gst_geti_map_get_width (map);
  const guint h = gst_geti_map_get_height (map);
  fail_unless_equals_int (size, w * h);
  guint best = 0;
  for (guint i = 1; i < w * h; i++) {
    if (px[i] > px[best])
      best = i;
  }
  x = ((best % w) + 0.5) * frame_width / w;
  y = ((best / w) + 0.5) * frame_height / h;
}

bool
warned_about_explain (const test::Run &run)
{
  for (GstMessage *msg : run.warnings) {
    if (test::message_text (msg).find (":explain") != std::string::npos ||
        test::message_text (msg).find ("explanation map") != std::string::npos)
      return true;
  }
  return false;
}

} // namespace

/* Test that explain-interval=3 asks :explain for predictions 0, 3, 6, ...
 * only, and that those frames carry the map of their label ("ball", with
 * the project's name and colour), brightest at that frame's ball, and the
 * others none; every frame keeps its predictions. */
GST_START_TEST (test_every_nth_prediction)
{
  auto server = test::start_server ();
  test::Run run;
  run_ball (*server, run, 12, "explain-interval=3");
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 12);
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstGetiPredictionMeta *meta = run.meta (i);
    fail_unless (meta != nullptr);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 1);
    if (i % 3 != 0) {
      fail_unless_equals_int (n_maps (meta), 0);
      continue;
    }
    fail_unless_equals_int (n_maps (meta), 1);
    GstGetiMap *map = map_of (meta);
    fail_unless_equals_string (gst_geti_map_get_label_name (map), "ball");
    fail_unless (gst_geti_map_get_color (map) != 0);
    const geti::fake::Blob ball = test::ball_of (run.samples[i]);
    double x, y;
    hottest (map, 640, 480, x, y);
    const double cx = ball.x + ball.width / 2.0,
                 cy = ball.y + ball.height / 2.0;
    /* a map of 1/8 of the frame: one map pixel is 8 frame pixels */
    fail_unless (std::abs (x - cx) <= 16 && std::abs (y - cy) <= 16,
        "frame %zu: the map is hottest at %.0f,%.0f, the ball is at %.0f,%.0f",
        i, x, y, cx, cy);
  }
  fail_unless_equals_int (explain_requests (*server).size (), 4);
  fail_unless_equals_int (test::predict_requests (*server).size (), 12);
}
GST_END_TEST;

/* Test that the maps are shared, not copied, by the frames that hold the
 * prediction (interval=2) and survive videoscale (the same map object, at
 * its own size: a map covers the whole frame whatever its size). */
GST_START_TEST (test_maps_held_and_scaled)
{
  auto server = test::start_server ();
  for (const bool scaled : { false, true }) {
    test::Run run;
    run_ball (*server, run, 6, "interval=2 explain-interval=1",
        scaled ? "videoscale ! video/x-raw,width=320,height=240 ! " : "");
    fail_unless (run.error == nullptr);
    fail_unless_equals_int (run.samples.size (), 6);
    for (gsize i = 0; i < run.samples.size (); i += 2) {
      GstGetiPredictionMeta *answer = run.meta (i);
      GstGetiPredictionMeta *held = run.meta (i + 1);
      fail_unless (held->held);
      fail_unless_equals_int (n_maps (answer), 1);
      fail_unless_equals_int (n_maps (held), 1);
      g_autoptr (GBytes) a = gst_geti_map_get_bytes (map_of (answer));
      g_autoptr (GBytes) b = gst_geti_map_get_bytes (map_of (held));
      fail_unless (
          g_bytes_get_data (a, nullptr) == g_bytes_get_data (b, nullptr),
          "frame %zu: the held frame's map was copied", i + 1);
      if (scaled)
        fail_unless_equals_int (answer->width, 320);
    }
  }
}
GST_END_TEST;

/* Test that every way :explain can fail (each fault of the fake server)
 * leaves the predictions intact on every frame: no maps, a warning that
 * names :explain, no error, and :predict unaffected. */
GST_START_TEST (test_explain_faults_keep_predictions)
{
  const geti::fake::Fault faults[] = { geti::fake::Fault::http_500,
    geti::fake::Fault::http_503, geti::fake::Fault::http_429,
    geti::fake::Fault::http_204, geti::fake::Fault::garbage,
    geti::fake::Fault::wrong_type, geti::fake::Fault::truncated,
    geti::fake::Fault::close, geti::fake::Fault::slow };
  for (const geti::fake::Fault fault : faults) {
    geti::fake::ServerOptions options;
    geti::fake::FaultRule rule;
    rule.fault = fault;
    options.explain_faults.push_back (rule);
    options.slow_ms = 3000;
    auto server = test::start_server (options);
    test::Run run;
    run_ball (*server, run, 4, "explain-interval=1 timeout=1 retries=0");
    const char *name = geti::fake::fault_to_string (fault);
    fail_unless (run.error == nullptr, "%s: %s", name,
        run.error ? test::message_text (run.error).c_str () : "");
    fail_unless_equals_int (run.samples.size (), 4);
    for (gsize i = 0; i < run.samples.size (); i++) {
      GstGetiPredictionMeta *meta = run.meta (i);
      fail_unless (
          meta != nullptr, "%s: frame %zu lost its predictions", name, i);
      fail_unless_equals_int (
          gst_geti_prediction_meta_get_n_predictions (meta), 1);
      fail_unless_equals_int (n_maps (meta), 0);
    }
    fail_unless (warned_about_explain (run), "%s: no warning", name);
  }
}
GST_END_TEST;

/* Test that a map that does not decode (bad base64, not a JPEG) is left
 * out with a STREAM/DECODE warning while the good map of the same answer
 * and the predictions attach. */
GST_START_TEST (test_bad_map_left_out)
{
  /* a good 8x8 gray JPEG (GETI-API.md's single_explain_response) and two
   * bad ones */
  const std::string good =
      "/9j/4AAQSkZJRgABAQAAAQABAAD/"
      "2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoK"
      "CgoKBggLDAsKDAkKCgr/"
      "wAALCAAGAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/"
      "8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM"
      "2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4e"
      "XqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2"
      "uHi4+Tl5ufo6erx8vP09fb3+Pn6/"
      "9oACAEBAAA/APyq+Ov7Tf7GuqfDH4u/Cz4G6X8XYrXxBN4Ot/"
      "h2fFHiScxR2ekxTxXX9p28eoPBK5DxfZ18uZIPnEQt1OD/AP/Z";
  auto body = std::make_shared<std::string> (
      "{\"maps\": [{\"data\": \"" + good +
      "\", \"label_id\": \"6650a1b2c3d4e5f607182933\"}, "
      "{\"data\": \"%%%not base64%%%\", \"label_id\": \"a\"}, "
      "{\"data\": \"aGVsbG8gd29ybGQ=\", \"label_id\": \"b\"}], "
      "\"created\": \"2026-11-29 12:00:00.000000000 +0000\"}");
  geti::fake::ServerOptions options;
  geti::fake::FaultRule rule;
  rule.fault = geti::fake::Fault::body;
  options.explain_faults.push_back (rule);
  options.explain_body = body;
  auto server = test::start_server (options);
  test::Run run;
  run_ball (*server, run, 2, "explain-interval=1");
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 2);
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstGetiPredictionMeta *meta = run.meta (i);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 1);
    fail_unless_equals_int (n_maps (meta), 1);
    GstGetiMap *map = map_of (meta);
    fail_unless_equals_int (gst_geti_map_get_width (map), 8);
    fail_unless_equals_int (gst_geti_map_get_height (map), 6);
    /* named from the project: the label id is the fake project's "ball" */
    fail_unless_equals_string (gst_geti_map_get_label_name (map), "ball");
  }
  bool decode_warning = false;
  for (GstMessage *msg : run.warnings) {
    GError *error = nullptr;
    gst_message_parse_warning (msg, &error, nullptr);
    decode_warning = decode_warning || g_error_matches (error, GST_STREAM_ERROR,
                                           GST_STREAM_ERROR_DECODE);
    g_error_free (error);
  }
  fail_unless (decode_warning);
}
GST_END_TEST;

/* Test the inspection case: an anomaly project answers "Anomalous" on the
 * whole frame, and only :explain says where: the anomaly map is brightest
 * at the planted defect (the ball) on every frame. */
GST_START_TEST (test_anomaly_map_follows_the_defect)
{
  geti::fake::ServerOptions options;
  options.scenario = geti::fake::Scenario::anomaly;
  options.project_kind = geti::fake::ProjectKind::anomaly;
  auto server = test::start_server (options);
  test::Run run;
  run_ball (*server, run, 8, "explain-interval=1");
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 8);
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstGetiPredictionMeta *meta = run.meta (i);
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, 0);
    fail_unless_equals_string (p->labels[0].name, "Anomalous");
    fail_unless_equals_int (n_maps (meta), 1);
    GstGetiMap *map = map_of (meta);
    fail_unless_equals_string (gst_geti_map_get_label_name (map), "Anomalous");
    const geti::fake::Blob ball = test::ball_of (run.samples[i]);
    double x, y;
    hottest (map, 640, 480, x, y);
    const double cx = ball.x + ball.width / 2.0,
                 cy = ball.y + ball.height / 2.0;
    fail_unless (std::abs (x - cx) <= 16 && std::abs (y - cy) <= 16,
        "frame %zu: the anomaly map is hottest at %.0f,%.0f, the defect is "
        "at %.0f,%.0f",
        i, x, y, cx, cy);
  }
}
GST_END_TEST;

static Suite *
getipredict_explain_suite (void)
{
  Suite *s = suite_create ("getipredict_explain");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_every_nth_prediction);
  tcase_add_test (tc, test_maps_held_and_scaled);
  tcase_add_test (tc, test_explain_faults_keep_predictions);
  tcase_add_test (tc, test_bad_map_left_out);
  tcase_add_test (tc, test_anomaly_map_follows_the_defect);
  return s;
}

GST_CHECK_MAIN (getipredict_explain);
