/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict against servers written to misbehave: redirects that would
 * carry the key away, answers trickled a byte at a time, answers that never
 * come, servers that are not there, and settings that can't work. Every
 * bound is shown here with the server doing its worst; the times asserted
 * are the bounds the element promises (timeout, timeout + 1 s for EOS),
 * against minutes before. */
#include <gst/check/gstcheck.h>

#include "hostile_server.h"
#include "test_helpers.h"

#include <glib/gstdio.h>

#include <string>
#include <vector>

using geti::fake::Fault;
using geti::fake::FaultRule;
using geti::fake::HostileServer;
using geti::fake::Server;
using geti::fake::ServerOptions;
using namespace test;

namespace {

std::string
fixture (const char *name)
{
  g_autofree gchar *path = g_build_filename (GETI_FIXTURES_DIR, name, nullptr);
  gchar *contents = nullptr;
  gsize length = 0;
  fail_unless (
      g_file_get_contents (path, &contents, &length, nullptr), "%s", path);
  std::string text (contents, length);
  g_free (contents);
  return text;
}

/* A hostile server that answers like Geti where its behaviours say so */
std::unique_ptr<HostileServer>
start_hostile (HostileServer::Options options)
{
  if (options.project_body.empty ())
    options.project_body =
        fixture ("project_detection_classification_labels.json");
  if (options.predict_body.empty ())
    options.predict_body = fixture ("mp_detection.json");
  auto server = HostileServer::start (options);
  fail_unless (server != nullptr);
  return server;
}

std::string
hostile_properties (const HostileServer &server)
{
  const ServerOptions o;
  return "server=" + server.url () + " organization-id=" + o.organization_id +
         " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
         " api-key=" + o.api_key;
}

/* Runs videotestsrc (@frames, @caps) ! getipredict @properties ! appsink */
void
run_predict (const std::string &properties, Run &run, guint frames = 4,
    const std::string &caps = "video/x-raw,format=I420,width=320,height=240")
{
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=" + std::to_string (frames) +
      " ! " + caps + " ! getipredict name=predict " + properties +
      " ! appsink name=sink sync=false");
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
}

bool
contains (const std::string &text, const std::string &part)
{
  return text.find (part) != std::string::npos;
}

bool
any_meta (const Run &run)
{
  for (gsize i = 0; i < run.samples.size (); i++)
    if (run.meta (i) != nullptr)
      return true;
  return false;
}

std::string
write_ca_file ()
{
  gchar *path = nullptr;
  const gint fd = g_file_open_tmp ("geti-ca-XXXXXX.pem", &path, nullptr);
  fail_unless (fd >= 0);
  close (fd);
  fail_unless (
      g_file_set_contents (path, geti::fake::tls_ca_pem (), -1, nullptr));
  std::string result = path;
  g_free (path);
  return result;
}

} // namespace

/* The redirect cases: status x request kind x where it points */
static const guint redirect_statuses[] = { 301, 302, 303, 307, 308 };
static const guint redirect_kinds[] = { geti::fake::REQUEST_PREDICT,
  geti::fake::REQUEST_PROJECT, geti::fake::REQUEST_LISTING };
enum RedirectTarget { OTHER_PORT, OTHER_HOST, HTTPS_TO_HTTP, N_TARGETS };

/* What the time bounds below allow beyond the timeout they prove: a
 * loaded two-core CI machine running the sanitizers takes seconds more than
 * a quiet one, while what they guard against (trickled answers, Retry-After
 * waits, a request given 600 s) takes minutes. The times are logged. */
constexpr double SLACK_S = 5.0;

GST_START_TEST (test_redirect_never_followed)
{
  /* Test that a 3xx answer, whatever its status, to a prediction, the
   * project read or a discovery request, pointing to another port, another
   * host name, or from https to http, is an error naming the status and
   * the Location; that nothing at all reaches the other server (so neither
   * the key); and that no frame gets a prediction. */
  const guint status = redirect_statuses[__i__ % 5];
  const guint kind = redirect_kinds[(__i__ / 5) % 3];
  const RedirectTarget target = static_cast<RedirectTarget> (__i__ / 15);

  auto other = start_server ();
  ServerOptions options;
  options.tls = target == HTTPS_TO_HTTP;
  options.redirect_status = status;
  options.redirect_kinds = kind;
  options.redirect_to =
      target == OTHER_HOST
          ? "http://localhost:" + std::to_string (other->port ())
          : other->url ();
  auto server = start_server (options);

  std::string properties = "server=" + server->url () +
                           " organization-id=" + options.organization_id +
                           " workspace-id=" + options.workspace_id +
                           " api-key=" + options.api_key;
  /* discovery runs when the project is named rather than given */
  properties += kind == geti::fake::REQUEST_LISTING
                    ? " project-name=\"" + options.project_name + "\""
                    : " project-id=" + options.project_id;
  std::string ca_file;
  if (options.tls) {
    ca_file = write_ca_file ();
    properties += " ssl-ca-file=" + ca_file;
  }

  Run run;
  run_predict (properties, run);
  if (!ca_file.empty ())
    g_unlink (ca_file.c_str ());

  fail_unless (run.error != nullptr, "no error for a %u", status);
  GError *error = nullptr;
  gst_message_parse_error (run.error, &error, nullptr);
  fail_unless (
      g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS),
      "%s", error->message);
  g_error_free (error);
  const std::string text = message_text (run.error);
  fail_unless (contains (text, "HTTP " + std::to_string (status)) &&
                   contains (text, options.redirect_to),
      "%s", text.c_str ());
  fail_unless (!contains (text, options.api_key));
  fail_unless (other->requests ().empty (),
      "%zu requests reached the other server", other->requests ().size ());
  fail_unless (!any_meta (run));
}
GST_END_TEST;

GST_START_TEST (test_trickle_bounded_by_timeout)
{
  /* Test that an answer trickled a byte at a time, headers or body (a
   * 1 GB body, 100 kB a second), ends with the timeout: every frame leaves
   * without a prediction within the timeout (plus SLACK_S), where it took
   * minutes, each request counted as timed out. */
  const bool headers = __i__ == 0;
  HostileServer::Options options;
  options.predict = headers ? HostileServer::Behaviour::trickle_headers
                            : HostileServer::Behaviour::trickle_body;
  options.pace_ms = headers ? 500 : 1000;
  options.chunk_size = headers ? 1 : 100 * 1000;
  options.body_size = 1000 * 1000 * 1000;
  auto server = start_hostile (options);

  Run run;
  run_predict (
      hostile_properties (*server) + " timeout=1 retries=0 max-in-flight=4",
      run);
  GST_INFO ("%s trickle: %zu frames in %.2f s", headers ? "header" : "body",
      run.samples.size (), run.seconds);
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless_equals_int (run.samples.size (), 4);
  fail_unless (!any_meta (run));
  fail_unless (run.seconds < 1.0 + SLACK_S, "took %.2f s", run.seconds);
  fail_unless (!run.warnings.empty ());
  const std::string text = message_text (run.warnings[0]);
  fail_unless (contains (text, "in time"), "%s", text.c_str ());
}
GST_END_TEST;

GST_START_TEST (test_eos_bounded_in_retries)
{
  /* Test that EOS leaves within the timeout (plus SLACK_S) however long the
   * retries would go on: a 429 with Retry-After: 30 and retries=100, and an
   * answer that never ends with retries=100. */
  Run run;
  std::unique_ptr<Server> server;
  std::unique_ptr<HostileServer> hostile;
  if (__i__ == 0) {
    ServerOptions options;
    options.faults = { FaultRule{ Fault::http_429 } };
    options.retry_after_s = 30;
    server = start_server (options);
    run_predict (
        predict_properties (*server) + " timeout=2 retries=100", run, 3);
  } else {
    HostileServer::Options options;
    options.predict = HostileServer::Behaviour::trickle_body;
    options.pace_ms = 100;
    options.body_size = 1000 * 1000 * 1000;
    hostile = start_hostile (options);
    run_predict (
        hostile_properties (*hostile) + " timeout=2 retries=100", run, 3);
  }
  GST_INFO ("EOS after %.2f s", run.seconds);
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless (run.eos);
  fail_unless_equals_int (run.samples.size (), 3);
  fail_unless (!any_meta (run));
  fail_unless (run.seconds <= 2.0 + SLACK_S, "EOS after %.2f s", run.seconds);
}
GST_END_TEST;

GST_START_TEST (test_null_immediate_when_stuck)
{
  /* Test that NULL (Ctrl-C without -e) is immediate while every request
   * waits on a server that never answers. */
  HostileServer::Options options;
  options.predict = HostileServer::Behaviour::silent;
  auto server = start_hostile (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc is-live=true pattern=ball ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict timeout=600 " +
      hostile_properties (*server) + " ! fakesink sync=false");
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
               GST_STATE_CHANGE_FAILURE);
  /* until requests are under way (the project read comes first) */
  for (int i = 0; i < 500 && server->requests ().size () < 3; i++)
    g_usleep (10000);
  fail_unless (server->requests ().size () >= 3);
  const gint64 start = g_get_monotonic_time ();
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  const double seconds = (g_get_monotonic_time () - start) / 1e6;
  GST_INFO ("NULL in %.3f s", seconds);
  fail_unless (seconds < SLACK_S, "NULL took %.2f s", seconds);
  gst_object_unref (pipeline);
}
GST_END_TEST;

GST_START_TEST (test_slow_project_read)
{
  /* Test that a project read trickled a byte at a time fails the start
   * within the timeout, naming the server (fail-on-unreachable), and with
   * fail-on-unreachable=false keeps no frame back past the timeout: every
   * frame leaves (predicted once the read gave up) where none did in a
   * minute. */
  HostileServer::Options options;
  options.project = HostileServer::Behaviour::trickle_headers;
  options.pace_ms = 300;
  auto server = start_hostile (options);

  const gint64 start = g_get_monotonic_time ();
  Run failed;
  run_predict (hostile_properties (*server) + " timeout=1", failed);
  const double seconds = (g_get_monotonic_time () - start) / 1e6;
  fail_unless (failed.error != nullptr);
  const std::string text = message_text (failed.error);
  fail_unless (contains (text, "can't be reached") &&
                   contains (text, server->url ()) &&
                   contains (text, "in time"),
      "%s", text.c_str ());
  fail_unless (seconds < 1.0 + SLACK_S, "start failed after %.2f s", seconds);

  Run run;
  run_predict (
      hostile_properties (*server) + " timeout=1 fail-on-unreachable=false",
      run, 30);
  GST_INFO ("30 frames in %.2f s", run.seconds);
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless_equals_int (run.samples.size (), 30);
  fail_unless (run.seconds < 1.0 + SLACK_S, "took %.2f s", run.seconds);
  /* the predictions came without the project: labels lack colours */
  fail_unless (any_meta (run));
}
GST_END_TEST;

GST_START_TEST (test_unreachable_fails_start)
{
  /* Test that a closed port or a host name that does not resolve fails the
   * state change at once with an error naming the server and the cause,
   * and that no frame is taken. */
  std::string url;
  if (__i__ == 0) {
    auto server = start_server ();
    url = server->url ();
  } else {
    url = "http://geti.invalid";
  }
  const ServerOptions o;
  GstElement *pipeline = parse_pipeline (
      "videotestsrc num-buffers=10 ! getipredict server=" + url +
      " organization-id=" + o.organization_id +
      " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
      " api-key=" + o.api_key + " ! appsink name=sink sync=false");
  const gint64 start = g_get_monotonic_time ();
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PLAYING),
      GST_STATE_CHANGE_FAILURE);
  const double seconds = (g_get_monotonic_time () - start) / 1e6;
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != nullptr);
  const std::string text = message_text (msg);
  GST_INFO ("failed in %.3f s: %s", seconds, text.c_str ());
  fail_unless (contains (text, "can't be reached") && contains (text, url),
      "%s", text.c_str ());
  fail_unless (contains (text, __i__ == 0 ? "refused" : "geti.invalid"), "%s",
      text.c_str ());
  fail_unless (seconds < SLACK_S, "%.2f s", seconds);
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}
GST_END_TEST;

GST_START_TEST (test_max_failures_names_cause)
{
  /* Test that the max-failures error says what the last failure was. */
  ServerOptions options;
  options.faults = { FaultRule{ Fault::http_500 } };
  auto server = start_server (options);
  Run run;
  run_predict (predict_properties (*server) +
                   " retries=0 max-failures=3 max-in-flight=1",
      run, 10);
  fail_unless (run.error != nullptr);
  const std::string text = message_text (run.error);
  fail_unless (contains (text, "max-failures") && contains (text, "HTTP 500"),
      "%s", text.c_str ());
}
GST_END_TEST;

GST_START_TEST (test_live_stuck_slots_warned)
{
  /* Test that in live mode, frames skipped because every slot is held by
   * a request the server never answers are warned about. */
  HostileServer::Options options;
  options.predict = HostileServer::Behaviour::silent;
  auto server = start_hostile (options);
  GstElement *pipeline = parse_pipeline (
      "videotestsrc is-live=true pattern=ball num-buffers=60 ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict mode=live max-in-flight=2 timeout=60 " +
      hostile_properties (*server) + " ! appsink name=sink sync=false");
  Run run;
  run_pipeline (pipeline, run);
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless_equals_int (run.samples.size (), 60);
  bool warned = false;
  for (GstMessage *msg : run.warnings)
    warned |= contains (message_text (msg), "request slots are held");
  fail_unless (warned, "no warning about the held slots");
  gst_object_unref (pipeline);
}
GST_END_TEST;

GST_START_TEST (test_api_key_control_characters)
{
  /* Test that an api-key (or GETI_API_KEY) with a line break is a settings
   * error naming where it came from, and nothing is sent. */
  auto server = start_server ();
  const std::string key = server->options ().api_key;
  const char *keys[] = { "\n", "\r", "\t", "\x7f" };
  for (const char *bad : keys) {
    for (bool from_env : { false, true }) {
      GstElement *pipeline = parse_pipeline (
          "videotestsrc num-buffers=2 ! getipredict name=predict server=" +
          server->url () +
          " organization-id=" + server->options ().organization_id +
          " workspace-id=" + server->options ().workspace_id + " project-id=" +
          server->options ().project_id + " ! appsink name=sink sync=false");
      const std::string value = key + bad;
      if (from_env) {
        g_setenv ("GETI_API_KEY", value.c_str (), TRUE);
      } else {
        GstElement *predict =
            gst_bin_get_by_name (GST_BIN (pipeline), "predict");
        g_object_set (predict, "api-key", value.c_str (), nullptr);
        gst_object_unref (predict);
      }
      Run run;
      run_pipeline (pipeline, run);
      g_unsetenv ("GETI_API_KEY");
      gst_object_unref (pipeline);
      fail_unless (run.error != nullptr);
      GError *error = nullptr;
      gst_message_parse_error (run.error, &error, nullptr);
      fail_unless (g_error_matches (
          error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS));
      g_error_free (error);
      const std::string text = message_text (run.error);
      fail_unless (contains (text, from_env ? "GETI_API_KEY" : "\"api-key\"") &&
                       contains (text, "control characters"),
          "%s", text.c_str ());
    }
  }
  fail_unless (server->requests ().empty ());
}
GST_END_TEST;

GST_START_TEST (test_interlaced_scaled)
{
  /* Test that interleaved frames are scaled down by max-size (woven, as
   * one picture) without a critical, and the ball is found in each. */
  auto server = start_server ();
  Run run;
  run_predict (predict_properties (*server) + " max-size=320", run, 6,
      "video/x-raw,format=I420,width=640,height=480,interlace-mode="
      "interleaved");
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless_equals_int (run.samples.size (), 6);
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstGetiPredictionMeta *meta = run.meta (i);
    fail_unless (meta != nullptr);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 1);
  }
  for (const auto &r : predict_requests (*server))
    fail_unless_equals_int (r.image_width, 320);
}
GST_END_TEST;

GST_START_TEST (test_max_size_tiny)
{
  /* Test that a max-size too small to encode is taken as 32 pixels:
   * requests succeed (they failed every frame before). */
  auto server = start_server ();
  Run run;
  run_predict (predict_properties (*server) + " max-size=1", run, 3);
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  fail_unless (
      run.warnings.empty (), "%s", message_text (run.warnings[0]).c_str ());
  fail_unless_equals_int (run.samples.size (), 3);
  for (gsize i = 0; i < run.samples.size (); i++)
    fail_unless (run.meta (i) != nullptr);
  const auto requests = predict_requests (*server);
  fail_unless_equals_int (requests.size (), 3);
  for (const auto &r : requests) {
    fail_unless_equals_int (r.image_width, 32);
    fail_unless_equals_int (r.image_height, 24);
  }
}
GST_END_TEST;

GST_START_TEST (test_port_zero_refused)
{
  /* Test that port 0 is a settings error naming "server". */
  Run run;
  const ServerOptions o;
  run_predict ("server=http://127.0.0.1:0 organization-id=" +
                   o.organization_id + " workspace-id=" + o.workspace_id +
                   " project-id=" + o.project_id + " api-key=" + o.api_key,
      run);
  fail_unless (run.error != nullptr);
  const std::string text = message_text (run.error);
  fail_unless (contains (text, "\"server\"") && contains (text, "port 0"), "%s",
      text.c_str ());
}
GST_END_TEST;

GST_START_TEST (test_threshold_empties_labels)
{
  /* Test that a prediction whose every label is below threshold is
   * dropped, and one with a label above it kept with that label only. */
  ServerOptions options;
  options.faults = { FaultRule{ Fault::body } };
  options.predict_body = std::make_shared<const std::string> (
      "{\"predictions\": ["
      "{\"labels\": [{\"id\": \"6650a1b2c3d4e5f607182933\", \"name\": "
      "\"ball\", \"probability\": 0.3}, {\"id\": "
      "\"6650a1b2c3d4e5f607182939\", \"name\": \"large\", \"probability\": "
      "0.2}], \"shape\": {\"type\": \"RECTANGLE\", \"x\": 1, \"y\": 2, "
      "\"width\": 3, \"height\": 4}},"
      "{\"labels\": [{\"id\": \"6650a1b2c3d4e5f607182933\", \"name\": "
      "\"ball\", \"probability\": 0.9}, {\"id\": "
      "\"6650a1b2c3d4e5f607182939\", \"name\": \"large\", \"probability\": "
      "0.4}], \"shape\": {\"type\": \"RECTANGLE\", \"x\": 5, \"y\": 6, "
      "\"width\": 7, \"height\": 8}}], \"created\": \"2023-11-07 "
      "14:57:03.000000000 +0000\"}");
  auto server = start_server (options);
  Run run;
  run_predict (predict_properties (*server) + " threshold=0.5", run, 2);
  fail_unless_equals_int (run.samples.size (), 2);
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstGetiPredictionMeta *meta = run.meta (i);
    fail_unless (meta != nullptr);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 1);
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, 0);
    fail_unless_equals_int (p->n_labels, 1);
    fail_unless_equals_float (p->labels[0].probability, 0.9);
    fail_unless_equals_float (p->shape.x, 5);
  }
}
GST_END_TEST;

GST_START_TEST (test_label_names_bounded)
{
  /* Test that an answer with a new label name on every box does not grow
   * the process's GQuark table without end (roi_type is one): at most
   * 256 names are interned, and the ROI metas are all there. */
  std::string body = "{\"predictions\": [";
  for (guint i = 0; i < 1000; i++) {
    body += std::string (i ? "," : "") +
            "{\"labels\": [{\"id\": \"6650a1b2c3d4e5f607182933\", "
            "\"name\": \"hostile-" +
            std::to_string (i) +
            "\", \"probability\": 0.9}], \"shape\": {\"type\": "
            "\"RECTANGLE\", \"x\": 1, \"y\": 2, \"width\": 3, "
            "\"height\": 4}}";
  }
  body += "]}";
  ServerOptions options;
  options.faults = { FaultRule{ Fault::body } };
  options.predict_body = std::make_shared<const std::string> (body);
  auto server = start_server (options);

  Run run;
  run_predict (predict_properties (*server), run, 3);
  fail_unless (run.error == nullptr, "%s", message_text (run.error).c_str ());
  guint interned = 0;
  for (guint i = 0; i < 1000; i++)
    interned +=
        g_quark_try_string (("hostile-" + std::to_string (i)).c_str ()) != 0;
  GST_INFO ("%u of 1000 names interned", interned);
  fail_unless (interned <= 256, "%u names interned", interned);
  fail_unless (g_quark_try_string ("hostile-999") == 0);
  for (gsize i = 0; i < run.samples.size (); i++) {
    guint rois = 0;
    gpointer state = nullptr;
    while (gst_buffer_iterate_meta_filtered (run.buffer (i), &state,
               GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE) != nullptr)
      rois++;
    /* ROI metas for the first 256 predictions of a frame (the cap on the
     * metas derived from ours): names past them are never interned */
    fail_unless_equals_int (rois, 256);
  }
}
GST_END_TEST;

static Suite *
getipredict_hostile_suite (void)
{
  Suite *s = suite_create ("getipredict_hostile");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_redirect_never_followed, 0, 5 * 3 * N_TARGETS);
  tcase_add_loop_test (tc, test_trickle_bounded_by_timeout, 0, 2);
  tcase_add_loop_test (tc, test_eos_bounded_in_retries, 0, 2);
  tcase_add_test (tc, test_null_immediate_when_stuck);
  tcase_add_test (tc, test_slow_project_read);
  tcase_add_loop_test (tc, test_unreachable_fails_start, 0, 2);
  tcase_add_test (tc, test_max_failures_names_cause);
  tcase_add_test (tc, test_live_stuck_slots_warned);
  tcase_add_test (tc, test_api_key_control_characters);
  tcase_add_test (tc, test_interlaced_scaled);
  tcase_add_test (tc, test_max_size_tiny);
  tcase_add_test (tc, test_port_zero_refused);
  tcase_add_test (tc, test_threshold_empties_labels);
  tcase_add_test (tc, test_label_names_bounded);
  return s;
}

GST_CHECK_MAIN (getipredict_hostile);
