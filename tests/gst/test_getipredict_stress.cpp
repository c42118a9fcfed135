/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict under stress, in both modes: hundreds of start/stop cycles
 * and flushing seeks, each with requests under way (some of them waiting
 * to be retried). Nothing may crash or hang, no error may be posted, no
 * cancelled request may count as failed, and nothing may leak: the leaks
 * tracer checks GStreamer's objects (GST_TRACERS=leaks, set for every
 * suite), the tests count the process's file descriptors. */
#include "test_helpers.h"

#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

using geti::fake::Fault;
using geti::fake::FaultRule;
using geti::fake::Server;
using geti::fake::ServerOptions;
using namespace test;

namespace {

/* Start/stop cycles and flushing seeks per test; GETI_STRESS_ITERATIONS
 * sets fewer (tests/valgrind/run.sh) */
int
iterations ()
{
  const char *env = g_getenv ("GETI_STRESS_ITERATIONS");
  const int n = env != nullptr ? atoi (env) : 0;
  return n > 0 ? n : 500;
}

/* File descriptors a run may keep open (GLib's worker threads and the like
 * that start with the first request); a leak of one per cycle is hundreds */
constexpr guint FD_SLACK = 8;

guint
open_fds ()
{
  guint n = 0;
  GDir *dir = g_dir_open ("/proc/self/fd", 0, nullptr);
  fail_unless (dir != nullptr);
  while (g_dir_read_name (dir) != nullptr)
    n++;
  g_dir_close (dir);
  return n;
}

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

/* Every error and warning @pipeline posts, as it posts them (going to NULL
 * flushes the bus, so they are caught before) */
class ProblemWatch
{
public:
  explicit ProblemWatch (GstElement *pipeline)
      : bus_ (gst_element_get_bus (pipeline))
  {
    gst_bus_set_sync_handler (bus_, on_message, this, nullptr);
  }
  ~ProblemWatch ()
  {
    gst_bus_set_sync_handler (bus_, nullptr, nullptr, nullptr);
    gst_object_unref (bus_);
  }
  ProblemWatch (const ProblemWatch &) = delete;
  ProblemWatch &operator= (const ProblemWatch &) = delete;

  /* Fails if anything was posted */
  void assert_none (const char *when)
  {
    std::lock_guard<std::mutex> lock (mutex_);
    fail_unless (problems_.empty (),
        "%s: %zu errors and warnings, the first: "
        "%s",
        when, problems_.size (),
        problems_.empty () ? "" : problems_[0].c_str ());
  }

private:
  static GstBusSyncReply on_message (GstBus *, GstMessage *msg, gpointer data)
  {
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR ||
        GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      auto self = static_cast<ProblemWatch *> (data);
      const std::string text = message_text (msg);
      /* live mode on videotestsrc (not live) is what these tests want:
       * its one notice is expected */
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING &&
          text.find ("mode=live with a source that is not live") !=
              std::string::npos)
        return GST_BUS_PASS;
      std::lock_guard<std::mutex> lock (self->mutex_);
      self->problems_.push_back (text);
    }
    return GST_BUS_PASS;
  }

  GstBus *bus_;
  std::mutex mutex_;
  std::vector<std::string> problems_;
};

/* A server slow enough that every stop or seek finds requests under way,
 * a quarter of them answered 503 first, so that some wait for their retry
 * (20 retries: none fails for good) */
std::unique_ptr<Server>
start_busy_server ()
{
  ServerOptions options;
  options.latency_ms = 100;
  FaultRule rule;
  rule.fault = Fault::http_503;
  rule.probability = 0.25;
  options.faults = { rule };
  return start_server (options);
}

/* iterations () times: to PLAYING, until the server has one more request, then
 * to READY or NULL (alternately) with it and others under way. One pipeline, so
 * the same element starts and stops again and again. */
void
check_start_stop (const char *mode)
{
  auto server = start_busy_server ();
  GstElement *pipeline = parse_pipeline (
      std::string (
          "videotestsrc "
          "is-live=true ! video/x-raw,width=160,height=120,framerate=30/1 ! "
          "getipredict name=predict max-in-flight=4 retries=20 mode=") +
      mode + " " + predict_properties (*server) + " ! fakesink sync=false");

  ProblemWatch problems (pipeline);
  const int cycles = iterations ();
  guint fds_before = 0;
  guint64 failed = 0;
  const gint64 start = g_get_monotonic_time ();
  for (int cycle = 0; cycle < cycles; cycle++) {
    const guint before = server->predict_count ();
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);
    /* one request under way; every tenth cycle, long enough for answers
     * (503s among them, whose retries wait) */
    const guint requests = cycle % 10 == 9 ? 8 : 1;
    fail_unless (server->wait_for_predict_count (before + requests, 30000),
        "cycle %d: no request", cycle);
    const GstState stop = cycle % 2 ? GST_STATE_NULL : GST_STATE_READY;
    fail_unless_equals_int (
        gst_element_set_state (pipeline, stop), GST_STATE_CHANGE_SUCCESS);
    /* the statistics of this run (the next start resets them) */
    failed += stat_of (pipeline, "failed");
    /* the first cycle opens what stays open (GLib's threads, the TLS
     * backend); count from there */
    if (cycle == 0) {
      fail_unless (server->wait_for_open_connections (0, 10000));
      fds_before = open_fds ();
    }
  }
  const double seconds = (g_get_monotonic_time () - start) / 1e6;
  problems.assert_none (mode);
  /* stopping cancels: no request counts as failed */
  fail_unless_equals_uint64 (failed, 0);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  fail_unless (server->wait_for_open_connections (0, 10000));
  const guint fds_after = open_fds ();
  g_print ("%s mode: %d start/stop cycles with requests in flight in %.1f s, "
           "%u requests; file descriptors %u -> %u\n",
      mode, cycles, seconds, server->predict_count (), fds_before, fds_after);
  fail_unless (fds_after <= fds_before + FD_SLACK,
      "file descriptors: %u before, %u after %d cycles", fds_before, fds_after,
      cycles);
}

/* iterations () flushing seeks of one playing pipeline, each once the server
 * has one more request under way; then the stream goes on and no buffer after
 * the last seek carries predictions of a frame from before it. */
void
check_flushing_seeks (const char *mode)
{
  auto server = start_busy_server ();
  GstElement *pipeline = parse_pipeline (
      std::string (
          "videotestsrc "
          "pattern=ball ! video/x-raw,format=I420,width=160,height=120,"
          "framerate=30/1 ! getipredict name=predict max-in-flight=4 "
          "retries=20 "
          "hold-time=60000000000 mode=") +
      mode + " " + predict_properties (*server) +
      " ! appsink name=sink max-buffers=4 drop=true sync="
      /* Live mode never holds the stream back: the sink paces it, as a
       * camera would (else the streaming thread spins, and under valgrind
       * starves every other thread) */
      + (g_str_equal (mode, "live") ? "true" : "false"));
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  ProblemWatch problems (pipeline);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
           GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipeline, nullptr, nullptr,
                   30 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS);

  const int seeks = iterations ();
  const gint64 start = g_get_monotonic_time ();
  GstClockTime position = 0;
  for (int seek = 0; seek < seeks; seek++) {
    /* one request under way; every tenth seek, long enough for answers
     * (and retries) to come in between */
    const guint before = server->predict_count ();
    const guint requests = seek % 10 == 9 ? 8 : 1;
    fail_unless (server->wait_for_predict_count (before + requests, 30000),
        "seek %d: no request", seek);
    /* forward and back, so that positions of old frames come again; to a
     * frame: its PTS rounded up, as videotestsrc rounds down to the frame
     * to start from */
    const guint64 frame = (seek % 7) * 30 + seek;
    position = gst_util_uint64_scale (frame, GST_SECOND, 30);
    fail_unless (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                     static_cast<GstSeekFlags> (
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
                     gst_util_uint64_scale_ceil (frame, GST_SECOND, 30)),
        "seek %d refused", seek);
  }
  const double seconds = (g_get_monotonic_time () - start) / 1e6;

  /* The stream goes on: predictions again, none from before the last seek */
  server->set_faults ({});
  guint predicted = 0;
  while (predicted < 5) {
    GstSample *sample =
        gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);
    fail_unless (sample != nullptr, "the stream stopped after the seeks");
    GstBuffer *buffer = gst_sample_get_buffer (sample);
    fail_unless (GST_BUFFER_PTS (buffer) >= position,
        "a buffer at %" GST_TIME_FORMAT " after the seek to %" GST_TIME_FORMAT,
        GST_TIME_ARGS (GST_BUFFER_PTS (buffer)), GST_TIME_ARGS (position));
    GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
    if (meta != nullptr) {
      predicted++;
      fail_unless (meta->source_pts >= position,
          "a buffer at %" GST_TIME_FORMAT
          " carries predictions of %" GST_TIME_FORMAT
          ", from before the seek to %" GST_TIME_FORMAT,
          GST_TIME_ARGS (GST_BUFFER_PTS (buffer)),
          GST_TIME_ARGS (meta->source_pts), GST_TIME_ARGS (position));
    }
    gst_sample_unref (sample);
  }
  problems.assert_none (mode);
  fail_unless_equals_uint64 (stat_of (pipeline, "failed"), 0);
  g_print ("%s mode: %d flushing seeks with requests in flight in %.1f s, "
           "%u requests\n",
      mode, seeks, seconds, server->predict_count ());

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
}

} // namespace

/* Test 500 start/stop cycles of one ordered-mode element with requests in
 * flight (some waiting for a retry): no crash, hang, error or leak. */
GST_START_TEST (test_start_stop_ordered)
{
  check_start_stop ("ordered");
}
GST_END_TEST;

/* Test the same in live mode. */
GST_START_TEST (test_start_stop_live)
{
  check_start_stop ("live");
}
GST_END_TEST;

/* Test 500 flushing seeks with requests in flight in ordered mode: each
 * returns, no cancelled request counts as failed, and the stream goes on
 * with predictions of its own frames only. */
GST_START_TEST (test_flushing_seeks_ordered)
{
  check_flushing_seeks ("ordered");
}
GST_END_TEST;

/* Test the same in live mode. */
GST_START_TEST (test_flushing_seeks_live)
{
  check_flushing_seeks ("live");
}
GST_END_TEST;

static Suite *
getipredict_stress_suite (void)
{
  Suite *s = suite_create ("getipredict-stress");
  TCase *tc = tcase_create ("general");
  /* hundreds of cycles, under the sanitizers too */
  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_start_stop_ordered);
  tcase_add_test (tc, test_start_stop_live);
  tcase_add_test (tc, test_flushing_seeks_ordered);
  tcase_add_test (tc, test_flushing_seeks_live);
  return s;
}

GST_CHECK_MAIN (getipredict_stress);
