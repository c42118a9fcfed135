/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict against everything a Geti server can do wrong, in both
 * modes: the pipeline reaches EOS, every buffer comes out in order, the
 * requests that succeeded carry their predictions and the failures are
 * reported as the error policy says (src/PROTOCOL.md §7). */
#include "test_helpers.h"

#include <cstring>
#include <mutex>
#include <set>

using geti::fake::Fault;
using geti::fake::FaultRule;
using geti::fake::Server;
using geti::fake::ServerOptions;
using namespace test;

namespace {

constexpr int FRAMES = 15;

struct FaultCase {
  Fault fault;
  int http_status; /* in the warning's details */
  GQuark domain;   /* of the warning */
  int code;
};

const FaultCase &
fault_case (Fault fault)
{
  static const FaultCase cases[] = {
    { Fault::http_500, 500, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
    { Fault::http_503, 503, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
    { Fault::http_429, 429, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
    { Fault::http_204, 204, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
    { Fault::garbage, 200, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE },
    { Fault::wrong_type, 200, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE },
    { Fault::truncated, 200, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
    { Fault::close, 0, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
    { Fault::slow, 0, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ },
  };
  for (const auto &c : cases) {
    if (c.fault == fault)
      return c;
  }
  g_assert_not_reached ();
}

GstStructure *
stats_of (GstElement *pipeline)
{
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  GstStructure *stats = nullptr;
  g_object_get (predict, "stats", &stats, nullptr);
  gst_object_unref (predict);
  return stats;
}

guint64
stat (const GstStructure *stats, const char *name)
{
  guint64 value = 0;
  fail_unless (gst_structure_get_uint64 (stats, name, &value), "%s", name);
  return value;
}

/* Every third request (1, 4, 7, ...) hits @fault; no retries, so the
 * failures stay failures. One request at a time (ordered) so that request
 * number and frame number are the same. */
void
check_fault_ordered (Fault fault)
{
  const FaultCase &c = fault_case (fault);
  ServerOptions options;
  options.slow_ms = 3000;
  FaultRule rule;
  rule.fault = fault;
  rule.first = 1;
  rule.every = 3;
  options.faults = { rule };
  auto server = start_server (options);

  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=" + std::to_string (FRAMES) +
      " ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict name=predict max-in-flight=1 retries=0 timeout=1 "
      "hold-time=0 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  const gint64 start = g_get_monotonic_time ();
  run_pipeline (pipeline, run);
  g_print ("ordered, fault %-10s: %d frames in, %zu out, %.2f s\n",
      geti::fake::fault_to_string (fault), FRAMES, run.samples.size (),
      (g_get_monotonic_time () - start) / 1e6);

  fail_unless (run.error == nullptr, "%s",
      run.error ? message_text (run.error).c_str () : "");
  fail_unless (run.eos);
  fail_unless_equals_int (run.samples.size (), FRAMES);
  for (int i = 0; i < FRAMES; i++) {
    fail_unless_equals_uint64 (GST_BUFFER_PTS (run.buffer (i)),
        gst_util_uint64_scale (i, GST_SECOND, 30));
    GstGetiPredictionMeta *meta = run.meta (i);
    const bool failed = i % 3 == 1;
    fail_unless_equals_int (meta == nullptr, failed);
    if (!failed) {
      fail_unless (!meta->held);
      fail_unless_equals_int (
          gst_geti_prediction_meta_get_n_predictions (meta), 1);
      check_box (gst_geti_prediction_meta_get_prediction (meta, 0),
          ball_of (run.samples[i]), "frame");
    }
  }

  /* The failures were reported, with what the server answered (one warning
   * here: the later ones are held back for a few seconds) */
  fail_unless (!run.warnings.empty ());
  GError *error = nullptr;
  gst_message_parse_warning (run.warnings[0], &error, nullptr);
  fail_unless (g_error_matches (error, c.domain, c.code), "%s: %s",
      geti::fake::fault_to_string (fault), error->message);
  g_error_free (error);
  fail_unless_equals_int (message_http_status (run.warnings[0]), c.http_status);

  GstStructure *stats = stats_of (pipeline);
  fail_unless_equals_uint64 (stat (stats, "requests"), FRAMES);
  fail_unless_equals_uint64 (stat (stats, "failed"), FRAMES / 3);
  fail_unless_equals_uint64 (stat (stats, "succeeded"), FRAMES - FRAMES / 3);
  fail_unless_equals_uint64 (stat (stats, "in-flight"), 0);
  gst_structure_free (stats);
  gst_object_unref (pipeline);
}

/* The same in live mode with a live source: nothing waits, the results
 * attach to later frames as held, with the source frame's PTS. */
void
check_fault_live (Fault fault)
{
  ServerOptions options;
  options.slow_ms = 3000;
  options.latency_ms = 20;
  FaultRule rule;
  rule.fault = fault;
  rule.first = 1;
  rule.every = 3;
  options.faults = { rule };
  auto server = start_server (options);

  GstElement *pipeline = parse_pipeline (
      "videotestsrc is-live=true pattern=ball "
      "num-buffers=45 ! video/x-raw,format=I420,width=320,height=240,"
      "framerate=30/1 ! getipredict name=predict mode=live max-in-flight=2 "
      "retries=0 timeout=1 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  const gint64 start = g_get_monotonic_time ();
  run_pipeline (pipeline, run);
  g_print ("live,    fault %-10s: 45 frames in, %zu out, %.2f s\n",
      geti::fake::fault_to_string (fault), run.samples.size (),
      (g_get_monotonic_time () - start) / 1e6);

  fail_unless (run.error == nullptr, "%s",
      run.error ? message_text (run.error).c_str () : "");
  fail_unless (run.eos);
  fail_unless_equals_int (run.samples.size (), 45);
  guint with_predictions = 0;
  for (gsize i = 0; i < run.samples.size (); i++) {
    fail_unless (i == 0 || GST_BUFFER_PTS (run.buffer (i)) >
                               GST_BUFFER_PTS (run.buffer (i - 1)));
    GstGetiPredictionMeta *meta = run.meta (i);
    if (meta == nullptr)
      continue;
    with_predictions++;
    /* Live results are always held, and are the ball of their source */
    fail_unless (meta->held);
    const gssize source = run.find_pts (meta->source_pts);
    fail_unless (source >= 0 && static_cast<gsize> (source) < i);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 1);
    check_box (gst_geti_prediction_meta_get_prediction (meta, 0),
        ball_of (run.samples[source]), "held");
  }
  fail_unless (with_predictions > 0);
  fail_unless (!run.warnings.empty ());

  GstStructure *stats = stats_of (pipeline);
  fail_unless (stat (stats, "failed") > 0);
  fail_unless (stat (stats, "succeeded") > 0);
  gst_structure_free (stats);
  gst_object_unref (pipeline);
}

} // namespace

/* Test that HTTP 500 answers leave their frames without predictions, with
 * a RESOURCE/READ warning carrying http-status-code 500. */
GST_START_TEST (test_fault_500)
{
  check_fault_ordered (Fault::http_500);
  check_fault_live (Fault::http_500);
}
GST_END_TEST;

/* Test the same for 503. */
GST_START_TEST (test_fault_503)
{
  check_fault_ordered (Fault::http_503);
  check_fault_live (Fault::http_503);
}
GST_END_TEST;

/* Test the same for 429 (rate limited). */
GST_START_TEST (test_fault_429)
{
  check_fault_ordered (Fault::http_429);
  check_fault_live (Fault::http_429);
}
GST_END_TEST;

/* Test the same for 204 (no model loaded yet). */
GST_START_TEST (test_fault_204)
{
  check_fault_ordered (Fault::http_204);
  check_fault_live (Fault::http_204);
}
GST_END_TEST;

/* Test that a body that is not JSON is a STREAM/DECODE warning. */
GST_START_TEST (test_fault_garbage)
{
  check_fault_ordered (Fault::garbage);
  check_fault_live (Fault::garbage);
}
GST_END_TEST;

/* Test that JSON of the wrong shape is a STREAM/DECODE warning. */
GST_START_TEST (test_fault_wrong_type)
{
  check_fault_ordered (Fault::wrong_type);
  check_fault_live (Fault::wrong_type);
}
GST_END_TEST;

/* Test that a body cut short is a failed request, and the next requests
 * work (on a new connection). */
GST_START_TEST (test_fault_truncated)
{
  check_fault_ordered (Fault::truncated);
  check_fault_live (Fault::truncated);
}
GST_END_TEST;

/* Test that a connection closed without an answer is a failed request. */
GST_START_TEST (test_fault_close)
{
  check_fault_ordered (Fault::close);
  check_fault_live (Fault::close);
}
GST_END_TEST;

/* Test that an answer slower than the timeout is a failed request. */
GST_START_TEST (test_fault_slow)
{
  check_fault_ordered (Fault::slow);
  check_fault_live (Fault::slow);
}
GST_END_TEST;

/* Test that transient failures are retried: the first two answers are 500,
 * the third attempt succeeds, and the frame has its predictions. */
GST_START_TEST (test_retries_recover)
{
  ServerOptions options;
  FaultRule rule;
  rule.fault = Fault::http_500;
  rule.count = 2;
  options.faults = { rule };
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=3 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict name=predict "
      "max-in-flight=1 retries=3 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  fail_unless_equals_int (run.samples.size (), 3);
  for (int i = 0; i < 3; i++) {
    fail_unless (run.meta (i) != nullptr);
    fail_unless (!run.meta (i)->held);
  }
  fail_unless (run.warnings.empty ());
  GstStructure *stats = stats_of (pipeline);
  fail_unless_equals_uint64 (stat (stats, "requests"), 3);
  fail_unless_equals_uint64 (stat (stats, "retried"), 2);
  fail_unless_equals_uint64 (stat (stats, "succeeded"), 3);
  fail_unless_equals_uint64 (stat (stats, "failed"), 0);
  gst_structure_free (stats);
  gst_object_unref (pipeline);
  fail_unless_equals_int (server->predict_count (), 5);
}
GST_END_TEST;

/* Test that a 429's Retry-After is honoured: the retry comes no sooner. */
GST_START_TEST (test_retry_after)
{
  ServerOptions options;
  options.retry_after_s = 1;
  FaultRule rule;
  rule.fault = Fault::http_429;
  rule.count = 1;
  options.faults = { rule };
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=1 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict "
      "retries=2 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless_equals_int (run.samples.size (), 1);
  fail_unless (run.meta (0) != nullptr);
  const auto requests = predict_requests (*server);
  fail_unless_equals_int (requests.size (), 2);
  fail_unless_equals_int (requests[0].status, 429);
  fail_unless_equals_int (requests[1].status, 200);
  const double gap_s =
      (requests[1].received_us - requests[0].answered_us) / 1e6;
  fail_unless (
      gap_s >= 0.95, "retried after %.3f s despite Retry-After: 1", gap_s);
}
GST_END_TEST;

/* Test that max-failures consecutive failures escalate to an error, and
 * that without it the pipeline goes on forever. */
GST_START_TEST (test_max_failures)
{
  ServerOptions options;
  options.faults = { FaultRule{ Fault::http_503 } };
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=30 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict "
      "max-in-flight=1 "
      "retries=0 max-failures=5 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless (run.error != nullptr);
  GError *error = nullptr;
  gst_message_parse_error (run.error, &error, nullptr);
  fail_unless (
      g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ));
  fail_unless (
      strstr (error->message, "5 Geti predictions failed in a row") != nullptr,
      "%s", error->message);
  g_error_free (error);
  fail_unless (server->predict_count () <= 6);
}
GST_END_TEST;

/* Test that warnings are rate-limited: 30 failed frames in a burst give one
 * warning, not thirty. */
GST_START_TEST (test_warnings_rate_limited)
{
  ServerOptions options;
  options.faults = { FaultRule{ Fault::http_500 } };
  auto server = start_server (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=30 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict retries=0 " +
      predict_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless_equals_int (run.samples.size (), 30);
  fail_unless (run.seconds < 5.0 || run.warnings.size () <= 2);
  if (run.seconds < 5.0)
    fail_unless_equals_int (run.warnings.size (), 1);
}
GST_END_TEST;

/* Test a server that dies mid-stream and comes back on the same port, in
 * both modes: the frames in between pass without predictions, the later
 * ones have theirs. */
GST_START_TEST (test_server_restart)
{
  for (const char *mode : { "ordered", "live" }) {
    const bool live = strcmp (mode, "live") == 0;
    auto server = start_server ();
    ServerOptions again = server->options ();
    again.port = server->port ();

    GstElement *pipeline = parse_pipeline (
        std::string (
            "videotestsrc "
            "is-live=true pattern=ball num-buffers=150 ! "
            "video/x-raw,format=I420,"
            "width=320,height=240,framerate=30/1 ! getipredict name=predict "
            "max-in-flight=2 retries=0 mode=") +
        mode + (live ? " hold-time=200000000 " : " hold-time=0 ") +
        predict_properties (*server) + " ! appsink name=sink sync=false");
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    GstBus *bus = gst_element_get_bus (pipeline);
    const gint64 start = g_get_monotonic_time ();
    fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
             GST_STATE_CHANGE_FAILURE);

    fail_unless (server->wait_for_predict_count (10, 30000));
    server.reset ();
    /* Wait for the failures to be noticed, then bring the server back */
    GstMessage *warning =
        gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_WARNING);
    fail_unless (warning != nullptr);
    fail_unless_equals_int (message_http_status (warning), 0);
    gst_message_unref (warning);
    server = start_server (again);

    Run run;
    for (;;) {
      GstSample *sample =
          gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 30 * GST_SECOND);
      if (sample == nullptr)
        break;
      run.samples.push_back (sample);
    }
    fail_unless (gst_app_sink_is_eos (GST_APP_SINK (sink)));
    GstStructure *stats = stats_of (pipeline);
    collect_messages (bus, run);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    fail_unless (run.error == nullptr);

    fail_unless_equals_int (run.samples.size (), 150);
    guint with_meta = 0;
    for (gsize i = 0; i < run.samples.size (); i++) {
      fail_unless (i == 0 || GST_BUFFER_PTS (run.buffer (i)) >
                                 GST_BUFFER_PTS (run.buffer (i - 1)));
      GstGetiPredictionMeta *meta = run.meta (i);
      if (meta == nullptr)
        continue;
      with_meta++;
      const gssize source = run.find_pts (meta->source_pts);
      fail_unless (source >= 0);
      check_box (gst_geti_prediction_meta_get_prediction (meta, 0),
          ball_of (run.samples[source]), "frame");
    }
    /* The last frames were predicted by the new server */
    fail_unless (run.meta (run.samples.size () - 1) != nullptr);
    fail_unless (server->predict_count () > 0);
    fail_unless (stat (stats, "failed") > 0);
    if (!live)
      fail_unless_equals_uint64 (with_meta, stat (stats, "succeeded"));
    g_print (
        "server restart, %s: 150 frames in, %zu out, %.2f s, %" G_GUINT64_FORMAT
        " requests failed, %u answered by the new server\n",
        mode, run.samples.size (), (g_get_monotonic_time () - start) / 1e6,
        stat (stats, "failed"), server->predict_count ());
    gst_structure_free (stats);
    gst_object_unref (bus);
    gst_object_unref (sink);
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

namespace {

std::string *captured_log = nullptr;
std::mutex captured_log_lock; /* every thread logs */

void
capture_log (GstDebugCategory *, GstDebugLevel, const gchar *, const gchar *,
    gint, GObject *, GstDebugMessage *message, gpointer)
{
  const gchar *text = gst_debug_message_get (message);
  std::lock_guard<std::mutex> lock (captured_log_lock);
  if (captured_log && text) {
    captured_log->append (text);
    captured_log->push_back ('\n');
  }
}

} // namespace

/* Test that a 401 is a NOT_AUTHORIZED error naming HTTP 401 and that the
 * key appears nowhere: not in the messages, not in the debug log at the
 * highest level. */
GST_START_TEST (test_key_never_shown)
{
  auto server = start_server ();
  const ServerOptions &o = server->options ();
  const std::string key =
      "geti_pat_SecretSecretSecretSecretSecretSecretSecretS_s3cr3t";

  std::string log;
  captured_log = &log;
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (capture_log, nullptr, nullptr);
  gst_debug_set_default_threshold (GST_LEVEL_MEMDUMP);

  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=5 ! "
      "video/x-raw,format=I420,width=320,height=240 ! getipredict name=predict "
      "server=" +
      server->url () + " organization-id=" + o.organization_id +
      " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
      " ! appsink name=sink sync=false");
  /* Set like an application does (not through the launch line, whose
   * parser logs what it parses) */
  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  g_object_set (predict, "api-key", key.c_str (), nullptr);
  gst_object_unref (predict);
  Run run;
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);

  gst_debug_set_default_threshold (GST_LEVEL_NONE);
  gst_debug_remove_log_function (capture_log);
  gst_debug_add_log_function (gst_debug_log_default, nullptr, nullptr);
  {
    std::lock_guard<std::mutex> lock (captured_log_lock);
    captured_log = nullptr;
  }

  fail_unless (run.error != nullptr);
  const std::string text = message_text (run.error);
  fail_unless (
      text.find ("HTTP 401") != std::string::npos, "%s", text.c_str ());
  fail_unless_equals_int (message_http_status (run.error), 401);
  fail_unless (text.find (key) == std::string::npos);
  for (GstMessage *m : run.warnings)
    fail_unless (message_text (m).find (key) == std::string::npos);
  fail_unless (log.size () > 10000, "the debug log was not captured");
  fail_unless (
      log.find (key) == std::string::npos, "the API key is in the debug log");
  /* and the key did reach the server */
  /* (it was refused at the first request: the project's look-up) */
  const auto requests = server->requests ();
  fail_unless (!requests.empty ());
  fail_unless_equals_string (requests[0].api_key.c_str (), key.c_str ());
}
GST_END_TEST;

static Suite *
getipredict_faults_suite (void)
{
  Suite *s = suite_create ("getipredict-faults");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_fault_500);
  tcase_add_test (tc, test_fault_503);
  tcase_add_test (tc, test_fault_429);
  tcase_add_test (tc, test_fault_204);
  tcase_add_test (tc, test_fault_garbage);
  tcase_add_test (tc, test_fault_wrong_type);
  tcase_add_test (tc, test_fault_truncated);
  tcase_add_test (tc, test_fault_close);
  tcase_add_test (tc, test_fault_slow);
  tcase_add_test (tc, test_retries_recover);
  tcase_add_test (tc, test_retry_after);
  tcase_add_test (tc, test_max_failures);
  tcase_add_test (tc, test_warnings_rate_limited);
  tcase_add_test (tc, test_server_restart);
  tcase_add_test (tc, test_key_never_shown);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getipredict_faults);
