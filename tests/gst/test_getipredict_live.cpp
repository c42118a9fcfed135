/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict in live pipelines and under state changes: live mode, ordered
 * mode with max-latency, max-rate, flushing seeks, pausing, stopping, caps
 * changes and the statistics. */
#include <gst/check/gstharness.h>

#include "test_helpers.h"

#include <atomic>
#include <cstring>

using geti::fake::Server;
using geti::fake::ServerOptions;
using namespace test;

namespace {

guint64
stat_of (GstElement *pipeline, const char *name)
{
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  GstStructure *stats = nullptr;
  g_object_get (predict, "stats", &stats, nullptr);
  gst_object_unref (predict);
  guint64 value = 0;
  fail_unless (gst_structure_get_uint64 (stats, name, &value), "%s", name);
  gst_structure_free (stats);
  return value;
}

/* Counts the buffers leaving getipredict that someone else still holds. */
GstPadProbeReturn
count_shared_buffers (GstPad *, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  if (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer) > 1)
    (*static_cast<std::atomic<int> *> (user_data))++;
  return GST_PAD_PROBE_OK;
}

} // namespace

/* Test that live mode keeps a 30 fps live source flowing at 30 fps against
 * a server that takes a whole second per answer: no frame is late at a
 * synchronised sink, the frames that find no free request slot are skipped
 * and counted, results come back as held predictions (scaled back from
 * max-size), and no upstream buffer is kept while its request is under
 * way. */
GST_START_TEST (test_live_mode_flows)
{
  ServerOptions options;
  options.latency_ms = 1000;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc is-live=true pattern=ball "
      "num-buffers=90 ! video/x-raw,format=I420,width=320,height=240,"
      "framerate=30/1 ! getipredict name=predict mode=live max-in-flight=4 "
      "hold-time=2000000000 max-size=160 " +
      predict_properties (*server) +
      " ! appsink name=sink sync=true max-lateness=400000000 qos=true");
  std::atomic<int> shared{ 0 };
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  GstPad *src = gst_element_get_static_pad (predict, "src");
  gst_pad_add_probe (
      src, GST_PAD_PROBE_TYPE_BUFFER, count_shared_buffers, &shared, nullptr);
  gst_object_unref (src);
  gst_object_unref (predict);

  Run run;
  run_pipeline (pipeline, run);
  g_print ("live mode, 1 s server: %zu of 90 frames rendered in %.2f s, "
           "%" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT " skipped\n",
      run.samples.size (), run.seconds, stat_of (pipeline, "requests"),
      stat_of (pipeline, "skipped"));

  fail_unless (run.error == nullptr);
  /* every frame rendered: none was late by 400 ms */
  fail_unless_equals_int (run.samples.size (), 90);
  fail_unless_equals_int (shared.load (), 0);
  fail_unless (stat_of (pipeline, "skipped") > 0);
  const guint64 requests = stat_of (pipeline, "requests");
  fail_unless (requests >= 4 && requests < 90);

  guint held = 0;
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstGetiPredictionMeta *meta = run.meta (i);
    if (meta == nullptr)
      continue;
    held++;
    fail_unless (meta->held);
    const gssize source = run.find_pts (meta->source_pts);
    fail_unless (source >= 0 && static_cast<gsize> (source) < i);
    /* at least the server's second after the frame it was made for */
    fail_unless (GST_BUFFER_PTS (run.buffer (i)) - meta->source_pts >=
                 900 * GST_MSECOND);
    check_box (gst_geti_prediction_meta_get_prediction (meta, 0),
        ball_of (run.samples[source]), "held");
  }
  fail_unless (held > 0);
  /* scaled on the streaming thread, before the request (the requests still
   * under way when the pipeline stopped were never looked at) */
  for (const auto &request : predict_requests (*server)) {
    if (request.status != 200)
      continue;
    fail_unless_equals_int (request.image_width, 160);
    fail_unless_equals_int (request.image_height, 120);
  }
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* Test that ordered mode in a live pipeline declares max-latency and holds
 * a frame no longer than that: with a fast server every frame has its own
 * predictions; with a server slower than max-latency the frames leave
 * without them and the answers attach to later frames, held. */
GST_START_TEST (test_ordered_max_latency)
{
  for (guint server_latency : { 30u, 600u }) {
    ServerOptions options;
    options.latency_ms = server_latency;
    auto server = start_server (options);
    GstElement *pipeline = parse_pipeline (
        "videotestsrc is-live=true "
        "pattern=ball num-buffers=45 ! video/x-raw,format=I420,width=320,"
        "height=240,framerate=30/1 ! getipredict name=predict max-in-flight=16 "
        "max-latency=250000000 hold-time=2000000000 " +
        predict_properties (*server) +
        " ! appsink name=sink sync=true max-lateness=100000000");
    Run run;
    run_pipeline (pipeline, run);
    fail_unless (run.error == nullptr);
    fail_unless_equals_int (run.samples.size (), 45);

    guint own = 0, held = 0;
    for (gsize i = 0; i < run.samples.size (); i++) {
      GstGetiPredictionMeta *meta = run.meta (i);
      if (meta == nullptr)
        continue;
      meta->held ? held++ : own++;
      if (!meta->held)
        fail_unless_equals_uint64 (
            meta->source_pts, GST_BUFFER_PTS (run.buffer (i)));
    }
    g_print ("ordered, live source, max-latency 250 ms, %u ms server: %u own, "
             "%u held\n",
        server_latency, own, held);
    if (server_latency < 250) {
      fail_unless_equals_int (own, 45);
    } else {
      fail_unless_equals_int (own, 0);
      fail_unless (held > 0);
    }
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test that the LATENCY query adds max-latency in ordered mode with a live
 * source, and nothing in live mode. */
GST_START_TEST (test_latency_query)
{
  auto server = start_server ();
  for (const char *mode : { "ordered", "live" }) {
    GstElement *pipeline = parse_pipeline (
        std::string (
            "videotestsrc "
            "is-live=true ! video/x-raw,width=160,height=120,framerate=30/1 ! "
            "getipredict name=predict mode=") +
        mode + " max-latency=300000000 " + predict_properties (*server) +
        " ! fakesink name=sink sync=true");
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);
    fail_unless_equals_int (
        gst_element_get_state (pipeline, nullptr, nullptr, GST_CLOCK_TIME_NONE),
        GST_STATE_CHANGE_SUCCESS);
    GstQuery *query = gst_query_new_latency ();
    fail_unless (gst_element_query (pipeline, query));
    gboolean live;
    GstClockTime min, max;
    gst_query_parse_latency (query, &live, &min, &max);
    gst_query_unref (query);
    fail_unless (live);
    if (strcmp (mode, "ordered") == 0)
      fail_unless (min >= 300 * GST_MSECOND, "min latency %" GST_TIME_FORMAT,
          GST_TIME_ARGS (min));
    else
      fail_unless (min < 300 * GST_MSECOND, "min latency %" GST_TIME_FORMAT,
          GST_TIME_ARGS (min));

    /* mode and max-latency are read at start: the query answers what the
     * running element does, not a value set since */
    GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
    g_object_set (predict, "max-latency", G_GUINT64_CONSTANT (5000000000),
        "mode", strcmp (mode, "ordered") == 0 ? 1 : 0, nullptr);
    gst_object_unref (predict);
    GstQuery *again = gst_query_new_latency ();
    fail_unless (gst_element_query (pipeline, again));
    GstClockTime min_again;
    gst_query_parse_latency (again, nullptr, &min_again, nullptr);
    gst_query_unref (again);
    fail_unless_equals_uint64 (min_again, min);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test that max-rate caps the predictions per second of running time, on
 * top of interval. */
GST_START_TEST (test_max_rate)
{
  auto server = start_server ();
  const struct {
    const char *properties;
    guint every; /* frames between predicted ones at 30 fps */
  } cases[] = {
    { "max-rate=5", 6 },             /* 200 ms apart */
    { "interval=4 max-rate=5", 8 },  /* 0, 8, 16: 4 and 12 are too early */
    { "interval=7 max-rate=30", 7 }, /* the rate allows more than interval */
  };
  for (const auto &c : cases) {
    server->reset_stats ();
    GstElement *pipeline = parse_pipeline (
        std::string (
            "videotestsrc "
            "pattern=ball num-buffers=48 ! video/x-raw,format=I420,width=160,"
            "height=120,framerate=30/1 ! getipredict hold-time=0 ") +
        c.properties + " " + predict_properties (*server) +
        " ! appsink name=sink sync=false");
    Run run;
    run_pipeline (pipeline, run);
    gst_object_unref (pipeline);
    fail_unless_equals_int (run.samples.size (), 48);
    for (gsize i = 0; i < run.samples.size (); i++)
      fail_unless_equals_int (run.meta (i) != nullptr, i % c.every == 0);
    fail_unless_equals_int (
        server->predict_count (), (48 + c.every - 1) / c.every);
  }
}
GST_END_TEST;

/* Test that a flushing seek with requests in flight returns at once, and
 * that no result of a request from before the seek reaches a buffer after
 * it. Both modes. */
GST_START_TEST (test_flushing_seek)
{
  for (const char *mode : { "ordered", "live" }) {
    ServerOptions options;
    options.latency_ms = 3000;
    auto server = start_server (options);
    GstElement *pipeline = parse_pipeline (
        std::string (
            "videotestsrc "
            "pattern=ball ! video/x-raw,format=I420,width=160,height=120,"
            "framerate=30/1 ! getipredict name=predict max-in-flight=4 "
            "hold-time=60000000000 mode=") +
        mode + " " + predict_properties (*server) +
        " ! appsink name=sink sync=false max-buffers=8");
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);
    fail_unless (server->wait_for_predict_count (4, 30000));

    const gint64 start = g_get_monotonic_time ();
    fail_unless (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
        static_cast<GstSeekFlags> (
            GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
        100 * GST_SECOND));
    g_print ("%s mode: flushing seek with 4 requests in flight took %.1f ms\n",
        mode, (g_get_monotonic_time () - start) / 1000.0);
    server->set_latency_ms (10);

    /* The buffers after the seek: none carries predictions from before it */
    guint after = 0, predicted = 0;
    while (predicted < 5) {
      GstSample *sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);
      fail_unless (sample != nullptr);
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      if (GST_BUFFER_PTS (buffer) >= 100 * GST_SECOND) {
        after++;
        GstGetiPredictionMeta *meta =
            gst_buffer_get_geti_prediction_meta (buffer);
        if (meta != nullptr) {
          predicted++;
          fail_unless (meta->source_pts >= 100 * GST_SECOND,
              "a buffer at %" GST_TIME_FORMAT
              " carries predictions of %" GST_TIME_FORMAT,
              GST_TIME_ARGS (GST_BUFFER_PTS (buffer)),
              GST_TIME_ARGS (meta->source_pts));
        }
      }
      gst_sample_unref (sample);
    }
    fail_unless (after > 0);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (sink);
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test PAUSED <-> PLAYING with requests in flight, then EOS. */
GST_START_TEST (test_pause_play)
{
  ServerOptions options;
  options.latency_ms = 300;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc is-live=true "
      "pattern=ball ! video/x-raw,format=I420,width=160,height=120,"
      "framerate=30/1 ! getipredict max-in-flight=4 " +
      predict_properties (*server) + " ! fakesink sync=true");
  GstBus *bus = gst_element_get_bus (pipeline);
  guint expected = 0;
  for (int i = 0; i < 3; i++) {
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);
    expected += 2;
    fail_unless (server->wait_for_predict_count (expected, 30000));
    fail_if (gst_element_set_state (pipeline, GST_STATE_PAUSED) ==
             GST_STATE_CHANGE_FAILURE);
    gst_element_get_state (pipeline, nullptr, nullptr, GST_CLOCK_TIME_NONE);
    expected = server->predict_count ();
  }
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
           GST_STATE_CHANGE_FAILURE);
  gst_element_send_event (pipeline, gst_event_new_eos ());
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      static_cast<GstMessageType> (GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  fail_unless (msg != nullptr);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* Test 200 start/stop cycles with requests in flight, in both modes: no
 * crash, no hang, no leak (the leaks tracer checks the last). */
GST_START_TEST (test_start_stop_stress)
{
  ServerOptions options;
  options.latency_ms = 200;
  auto server = start_server (options);
  const gint64 start = g_get_monotonic_time ();
  for (int cycle = 0; cycle < 200; cycle++) {
    const char *mode = cycle % 2 ? "live" : "ordered";
    GstElement *pipeline = parse_pipeline (
        std::string (
            "videotestsrc "
            "is-live=true ! video/x-raw,width=160,height=120,framerate=30/1 ! "
            "getipredict max-in-flight=4 mode=") +
        mode + " " + predict_properties (*server) + " ! fakesink sync=false");
    const guint before = server->predict_count ();
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);
    fail_unless (server->wait_for_predict_count (before + 1, 30000));
    fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    gst_object_unref (pipeline);
  }
  g_print ("200 start/stop cycles with requests in flight: %.1f s\n",
      (g_get_monotonic_time () - start) / 1e6);
}
GST_END_TEST;

namespace {

/* A GRAY8 frame, black with a white 16x12 square at (x, y). */
GstBuffer *
square_frame (int width, int height, int x, int y, GstClockTime pts)
{
  GstBuffer *buffer = gst_buffer_new_allocate (
      nullptr, static_cast<gsize> (GST_ROUND_UP_4 (width)) * height, nullptr);
  GstMapInfo map;
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  memset (map.data, 0, map.size);
  for (int row = y; row < y + 12; row++)
    memset (map.data + row * GST_ROUND_UP_4 (width) + x, 255, 16);
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = GST_SECOND / 10;
  return buffer;
}

} // namespace

/* Test a resolution change mid-stream: each frame's predictions are in its
 * own size, and predictions of the old size are not held into the new. */
GST_START_TEST (test_caps_change)
{
  auto server = start_server ();
  /* The harness answers the latency query as a live source: enough slots
   * that no sampled frame is skipped */
  GstHarness *h =
      gst_harness_new_parse (("getipredict interval=2 max-in-flight=8 "
                              "hold-time=10000000000 " +
                              predict_properties (*server))
                                 .c_str ());
  const struct {
    int width, height;
  } sizes[] = { { 160, 120 }, { 320, 240 } };
  int frame = 0;
  for (const auto &size : sizes) {
    const std::string caps =
        "video/x-raw,format=GRAY8,width=" + std::to_string (size.width) +
        ",height=" + std::to_string (size.height) + ",framerate=10/1";
    gst_harness_set_src_caps_str (h, caps.c_str ());
    for (int i = 0; i < 5; i++, frame++) {
      fail_unless_equals_int (
          gst_harness_push (
              h, square_frame (size.width, size.height, 10 + 7 * frame,
                     20 + 3 * frame, frame * GST_SECOND / 10)),
          GST_FLOW_OK);
    }
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  for (int i = 0; i < 10; i++) {
    GstBuffer *buffer = gst_harness_pull (h);
    fail_unless (buffer != nullptr);
    const int width = i < 5 ? 160 : 320;
    GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
    if (i == 5) {
      /* not sampled, and frame 4's predictions are for the old size */
      fail_unless (meta == nullptr);
    } else {
      fail_unless (meta != nullptr, "frame %d", i);
      fail_unless_equals_int (meta->width, width);
      const int source = i - i % 2;
      const GstGetiPrediction *p =
          gst_geti_prediction_meta_get_prediction (meta, 0);
      fail_unless (p != nullptr);
      fail_unless (std::abs (p->shape.x - (10 + 7 * source)) <= 2,
          "frame %d: x %.0f", i, p->shape.x);
      fail_unless (std::abs (p->shape.y - (20 + 3 * source)) <= 2);
      fail_unless (std::abs (p->shape.width - 16) <= 2);
    }
    gst_buffer_unref (buffer);
  }
  gst_harness_teardown (h);
  /* frames 0, 2, 4 small, 6, 8 large (in any order: they run in parallel) */
  const auto requests = predict_requests (*server);
  fail_unless_equals_int (requests.size (), 5);
  int small = 0, large = 0;
  for (const auto &r : requests) {
    small += r.image_width == 160 && r.image_height == 120;
    large += r.image_width == 320 && r.image_height == 240;
  }
  fail_unless_equals_int (small, 3);
  fail_unless_equals_int (large, 2);
}
GST_END_TEST;

/* Test the stats property: counts and latency figures of a run. */
GST_START_TEST (test_stats)
{
  ServerOptions options;
  options.latency_ms = 40;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=20 ! "
      "video/x-raw,format=I420,width=160,height=120 ! getipredict name=predict "
      "interval=2 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  GstStructure *stats = nullptr;
  g_object_get (predict, "stats", &stats, nullptr);
  gst_object_unref (predict);
  gst_object_unref (pipeline);

  fail_unless (gst_structure_has_name (stats, "geti-stats"));
  guint64 requests, succeeded, failed, retried, skipped, in_flight;
  fail_unless (gst_structure_get (stats, "requests", G_TYPE_UINT64, &requests,
      "succeeded", G_TYPE_UINT64, &succeeded, "failed", G_TYPE_UINT64, &failed,
      "retried", G_TYPE_UINT64, &retried, "skipped", G_TYPE_UINT64, &skipped,
      "in-flight", G_TYPE_UINT64, &in_flight, nullptr));
  fail_unless_equals_uint64 (requests, 10);
  fail_unless_equals_uint64 (succeeded, 10);
  fail_unless_equals_uint64 (failed + retried + skipped + in_flight, 0);
  double mean, p50, p95, max;
  fail_unless (gst_structure_get (stats, "latency-mean-ms", G_TYPE_DOUBLE,
      &mean, "latency-p50-ms", G_TYPE_DOUBLE, &p50, "latency-p95-ms",
      G_TYPE_DOUBLE, &p95, "latency-max-ms", G_TYPE_DOUBLE, &max, nullptr));
  fail_unless (
      p50 >= 40 && p50 <= p95 && p95 <= max && mean >= 40 && mean <= max,
      "mean %.1f p50 %.1f p95 %.1f max %.1f", mean, p50, p95, max);
  gst_structure_free (stats);
}
GST_END_TEST;

/* Test that when downstream returns EOS for a buffer (pngenc snapshot=true)
 * the EOS upstream then sends still gets through, in both modes, with
 * requests in flight: the pipeline ends. */
GST_START_TEST (test_downstream_eos)
{
  ServerOptions options;
  options.latency_ms = 50;
  auto server = start_server (options);
  for (const char *mode : { "ordered", "live" }) {
    GstElement *pipeline = parse_pipeline (
        std::string ("videotestsrc "
                     "num-buffers=30 ! video/x-raw,width=160,height=120 ! "
                     "getipredict mode=") +
        mode + " " + predict_properties (*server) +
        " ! videoconvert ! pngenc snapshot=true ! fakesink");
    GstBus *bus = gst_element_get_bus (pipeline);
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
        static_cast<GstMessageType> (GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
    fail_unless (msg != nullptr, "%s mode: no EOS", mode);
    fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
    gst_message_unref (msg);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (bus);
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test that mode=live on a source that is not live (a file) says once
 * why frames go unpredicted, and suggests mode=ordered. */
GST_START_TEST (test_live_mode_on_a_file)
{
  ServerOptions options;
  options.latency_ms = 100;
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=30 ! "
      "video/x-raw,width=160,height=120,framerate=30/1 ! "
      "getipredict mode=live max-in-flight=1 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 30);
  guint said = 0;
  for (GstMessage *msg : run.warnings)
    if (message_text (msg).find ("mode=ordered") != std::string::npos)
      said++;
  fail_unless_equals_int (said, 1);
}
GST_END_TEST;

/* Test that GETI_PROJECT_URL (and GETI_API_KEY) name the project when no
 * property does. */
GST_START_TEST (test_project_url_from_environment)
{
  auto server = start_server ();
  g_setenv ("GETI_PROJECT_URL", server->project_url ().c_str (), TRUE);
  g_setenv ("GETI_API_KEY", server->options ().api_key.c_str (), TRUE);
  GstElement *pipeline =
      parse_pipeline ("videotestsrc pattern=ball num-buffers=3 ! "
                      "video/x-raw,width=160,height=120 ! getipredict ! "
                      "appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  g_unsetenv ("GETI_PROJECT_URL");
  g_unsetenv ("GETI_API_KEY");
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless_equals_int (run.samples.size (), 3);
  for (gsize i = 0; i < 3; i++)
    fail_unless (run.meta (i) != nullptr);
  fail_unless_equals_int (predict_requests (*server).size (), 3);
}
GST_END_TEST;

static Suite *
getipredict_live_suite (void)
{
  Suite *s = suite_create ("getipredict-live");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_live_mode_flows);
  tcase_add_test (tc, test_ordered_max_latency);
  tcase_add_test (tc, test_latency_query);
  tcase_add_test (tc, test_max_rate);
  tcase_add_test (tc, test_flushing_seek);
  tcase_add_test (tc, test_pause_play);
  tcase_add_test (tc, test_start_stop_stress);
  tcase_add_test (tc, test_caps_change);
  tcase_add_test (tc, test_stats);
  tcase_add_test (tc, test_downstream_eos);
  tcase_add_test (tc, test_live_mode_on_a_file);
  tcase_add_test (tc, test_project_url_from_environment);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getipredict_live);
