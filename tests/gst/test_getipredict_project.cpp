/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getipredict connecting with one URL or a project name, labels resolved
 * from the project, and TLS. */
#include "test_helpers.h"

#include <glib/gstdio.h>

#include <cstring>

using geti::fake::ProjectKind;
using geti::fake::Server;
using geti::fake::ServerOptions;
using namespace test;

namespace {

std::string
ui_url (const Server &server, const char *tail = "")
{
  const ServerOptions &o = server.options ();
  return server.url () + "/organizations/" + o.organization_id +
         "/workspaces/" + o.workspace_id + "/projects/" + o.project_id + tail;
}

/* Runs 3 frames of the ball through getipredict with @properties (and the
 * server's key). */
void
run_ball (const Server &server, const std::string &properties, Run &run,
    int frames = 3)
{
  GstElement *pipeline = parse_pipeline (
      "videotestsrc pattern=ball num-buffers=" + std::to_string (frames) +
      " ! video/x-raw,format=I420,width=320,"
      "height=240 ! getipredict name=predict api-key=" +
      server.options ().api_key + " " + properties +
      " ! appsink name=sink sync=false");
  run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
}

/* The text and code of a run's error. */
std::string
error_text (const Run &run, GQuark domain, int code)
{
  fail_unless (run.error != nullptr, "no error");
  GError *error = nullptr;
  gst_message_parse_error (run.error, &error, nullptr);
  fail_unless (g_error_matches (error, domain, code), "%s", error->message);
  g_error_free (error);
  return message_text (run.error);
}

void
expect_ball (const Run &run, int frames)
{
  fail_unless (run.error == nullptr, "%s",
      run.error ? message_text (run.error).c_str () : "");
  fail_unless_equals_int (run.samples.size (), frames);
  for (int i = 0; i < frames; i++) {
    fail_unless (run.meta (i) != nullptr);
    check_box (gst_geti_prediction_meta_get_prediction (run.meta (i), 0),
        ball_of (run.samples[i]), "frame");
  }
}

std::string
write_ca_file ()
{
  gchar *path = nullptr;
  const int fd = g_file_open_tmp ("geti-ca-XXXXXX.pem", &path, nullptr);
  fail_unless (fd >= 0);
  close (fd);
  fail_unless (
      g_file_set_contents (path, geti::fake::tls_ca_pem (), -1, nullptr));
  std::string out = path;
  g_free (path);
  return out;
}

} // namespace

/* Test that project-url takes every form of a web-UI address of the
 * project (with tails, with /api/v1, with a trailing slash or a query) in
 * place of server and the three ids. */
GST_START_TEST (test_project_url_forms)
{
  auto server = start_server ();
  const ServerOptions &o = server->options ();
  const std::string forms[] = {
    ui_url (*server),
    ui_url (*server, "/"),
    ui_url (*server, "/tests/live-prediction"),
    ui_url (*server, "/datasets/6650a1b2c3d4e5f607182999/media?sortBy=name"),
    ui_url (
        *server, "/models/6650a1b2c3d4e5f607182998/6650a1b2c3d4e5f607182997"),
    server->url () + "/api/v1/organizations/" + o.organization_id +
        "/workspaces/" + o.workspace_id + "/projects/" + o.project_id,
  };
  for (const auto &url : forms) {
    server->reset_stats ();
    Run run;
    run_ball (*server, "project-url=\"" + url + "\"", run);
    expect_ball (run, 3);
    fail_unless_equals_int (server->predict_count (), 3);
  }
}
GST_END_TEST;

/* Test that a malformed project-url, or one that disagrees with a set id,
 * is a settings error naming it and saying what was expected. */
GST_START_TEST (test_project_url_errors)
{
  auto server = start_server ();
  const std::string bad[] = {
    server->url (),
    server->url () + "/organizations/x/workspaces/y/projects/z",
    server->url () + "/projects/" + server->options ().project_id,
    "ftp://geti.example.com/organizations/" +
        server->options ().organization_id,
    "not a url",
  };
  for (const auto &url : bad) {
    Run run;
    run_ball (*server, "project-url=\"" + url + "\"", run);
    const std::string text =
        error_text (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
    fail_unless (text.find ("\"project-url\"") != std::string::npos, "%s",
        text.c_str ());
    fail_unless (text.find ("organizations/") != std::string::npos,
        "does not say what was expected: %s", text.c_str ());
  }

  Run conflict;
  run_ball (*server,
      "project-url=\"" + ui_url (*server) +
          "\" project-id=0123456789abcdef01234567",
      conflict);
  const std::string text =
      error_text (conflict, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
  fail_unless (
      text.find ("\"project-id\"") != std::string::npos, "%s", text.c_str ());
  fail_unless_equals_int (server->requests ().size (), 0);
}
GST_END_TEST;

/* Test that project-name finds the organization, the workspace and the
 * project, across pages of the project list. */
GST_START_TEST (test_project_name)
{
  ServerOptions options;
  options.extra_projects = geti::fake::numbered_projects (230, "Other project");
  auto server = start_server (options);
  Run run;
  run_ball (*server,
      "server=" + server->url () + " project-name=\"" + options.project_name +
          "\"",
      run);
  expect_ball (run, 3);
  /* the list took three pages of 100 */
  guint pages = 0;
  for (const auto &r : server->requests ())
    pages += g_str_has_suffix (r.path.c_str (), "/projects") ? 1 : 0;
  fail_unless_equals_int (pages, 3);
}
GST_END_TEST;

/* Test that an unknown or ambiguous project name is an error that lists
 * what exists. */
GST_START_TEST (test_project_name_errors)
{
  ServerOptions options;
  options.extra_projects = { { "6650a1b2c3d4e5f6071829a1", "Cats" },
    { "6650a1b2c3d4e5f6071829a2", "Dogs" },
    { "6650a1b2c3d4e5f6071829a3", "Dogs" } };
  auto server = start_server (options);

  Run missing;
  run_ball (
      *server, "server=" + server->url () + " project-name=Birds", missing);
  std::string text =
      error_text (missing, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  fail_unless (text.find ("Birds") != std::string::npos, "%s", text.c_str ());
  fail_unless (text.find ("Cats") != std::string::npos, "%s", text.c_str ());
  fail_unless (text.find (options.project_name) != std::string::npos);

  Run ambiguous;
  run_ball (
      *server, "server=" + server->url () + " project-name=Dogs", ambiguous);
  fail_unless (ambiguous.error != nullptr);
  text = message_text (ambiguous.error);
  fail_unless (text.find ("6650a1b2c3d4e5f6071829a2") != std::string::npos,
      "%s", text.c_str ());
  fail_unless (text.find ("6650a1b2c3d4e5f6071829a3") != std::string::npos);
  fail_unless_equals_int (server->predict_count (), 0);
}
GST_END_TEST;

/* Test that label colours come from the project (predictions never carry
 * them), and names too when the answer has none, into the meta and the
 * JSON lines. */
GST_START_TEST (test_labels_from_project)
{
  for (bool names : { true, false }) {
    ServerOptions options;
    options.label_names = names;
    auto server = start_server (options);
    Run run;
    run_ball (*server,
        "project-url=\"" + ui_url (*server) + "\" post-messages=true", run);
    expect_ball (run, 3);
    const GstGetiLabel &label =
        gst_geti_prediction_meta_get_prediction (run.meta (0), 0)->labels[0];
    fail_unless_equals_string (label.name, geti::fake::BALL_LABEL_NAME);
    fail_unless_equals_int (label.color, 0xff5662ff);
    gchar *json = gst_geti_prediction_meta_to_json (run.meta (0));
    fail_unless (strstr (json,
                     "\"name\": \"ball\", \"color\": \"#ff5662ff\"") != nullptr,
        "%s", json);
    g_free (json);
  }
}
GST_END_TEST;

/* Test a task chain: each box carries the detection label and the
 * classification label, each with its colour. */
GST_START_TEST (test_task_chain)
{
  ServerOptions options;
  options.project_kind = ProjectKind::task_chain;
  options.label_names = false;
  auto server = start_server (options);
  Run run;
  run_ball (*server, "project-url=\"" + ui_url (*server) + "\"", run);
  expect_ball (run, 3);
  const GstGetiPrediction *p =
      gst_geti_prediction_meta_get_prediction (run.meta (0), 0);
  fail_unless_equals_int (p->n_labels, 2);
  fail_unless_equals_string (p->labels[0].name, "ball");
  fail_unless_equals_int (p->labels[0].color, 0xff5662ff);
  /* the ball of videotestsrc is 38 px wide: "large" */
  fail_unless_equals_string (p->labels[1].name, geti::fake::LARGE_LABEL_NAME);
  fail_unless_equals_int (p->labels[1].color, 0x26518eff);

  /* one task of the chain only */
  server->reset_stats ();
  Run detection;
  run_ball (*server,
      "project-url=\"" + ui_url (*server) +
          "\" pipeline=" + geti::fake::DETECTION_TASK_ID,
      detection);
  expect_ball (detection, 3);
  fail_unless_equals_int (
      gst_geti_prediction_meta_get_prediction (detection.meta (0), 0)->n_labels,
      1);
  const auto requests = predict_requests (*server);
  fail_unless (g_str_has_suffix (requests[0].path.c_str (),
      (std::string ("/pipelines/") + geti::fake::DETECTION_TASK_ID + ":predict")
          .c_str ()));
}
GST_END_TEST;

/* Test that a pipeline that is not a task of the project (or one without a
 * model, like a crop task) is a settings error listing the tasks. */
GST_START_TEST (test_pipeline_validated)
{
  ServerOptions options;
  options.project_kind = ProjectKind::task_chain;
  auto server = start_server (options);
  for (const char *pipeline :
      { "0123456789abcdef01234567", geti::fake::CROP_TASK_ID }) {
    Run run;
    run_ball (*server,
        "project-url=\"" + ui_url (*server) + "\" pipeline=" + pipeline, run);
    const std::string text =
        error_text (run, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS);
    fail_unless (
        text.find ("\"pipeline\"") != std::string::npos, "%s", text.c_str ());
    fail_unless (
        text.find (geti::fake::CLASSIFICATION_TASK_ID) != std::string::npos,
        "%s", text.c_str ());
  }
  fail_unless_equals_int (server->predict_count (), 0);
}
GST_END_TEST;

/* Test a keypoint project: the skeleton's edges are in the meta, next to
 * one KEYPOINT prediction per point, in either answer form. */
GST_START_TEST (test_keypoint_skeleton)
{
  for (auto scenario : { geti::fake::Scenario::detection,
           geti::fake::Scenario::keypoints_ovms }) {
    ServerOptions options;
    options.project_kind = ProjectKind::keypoint;
    options.scenario = scenario;
    auto server = start_server (options);
    Run run;
    run_ball (*server, "project-url=\"" + ui_url (*server) + "\"", run, 2);
    fail_unless (run.error == nullptr);
    GstGetiPredictionMeta *meta = run.meta (0);
    fail_unless (meta != nullptr);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_n_predictions (meta), 3);
    for (guint i = 0; i < 3; i++) {
      const GstGetiPrediction *p =
          gst_geti_prediction_meta_get_prediction (meta, i);
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_KEYPOINT);
      fail_unless (p->labels[0].color != 0);
    }
    fail_unless_equals_int (
        gst_geti_predictions_get_n_keypoint_edges (meta->predictions), 2);
    const gchar *from = nullptr, *to = nullptr;
    fail_unless (gst_geti_predictions_get_keypoint_edge (
        meta->predictions, 0, &from, &to));
    fail_unless (from != nullptr && to != nullptr && strcmp (from, to) != 0);
  }
}
GST_END_TEST;

/* Test that a project that can't be read is a warning, and predictions go
 * on with what they carry. */
GST_START_TEST (test_project_unreadable)
{
  ServerOptions options;
  options.project_status = 500;
  auto server = start_server (options);
  Run run;
  run_ball (*server, "project-url=\"" + ui_url (*server) + "\"", run);
  expect_ball (run, 3);
  fail_unless (!run.warnings.empty ());
  fail_unless (
      message_text (run.warnings[0]).find ("project") != std::string::npos);
  const GstGetiLabel &label =
      gst_geti_prediction_meta_get_prediction (run.meta (0), 0)->labels[0];
  fail_unless_equals_string (label.name, "ball");
  fail_unless_equals_int (label.color, 0);
}
GST_END_TEST;

/* Test TLS: a server whose CA is not trusted is refused at once with an
 * error naming the two properties; it is accepted with ssl-ca-file, and
 * with ssl-strict=false. */
GST_START_TEST (test_tls)
{
  ServerOptions options;
  options.tls = true;
  auto server = start_server (options);
  /* a named string: GLib >= 2.76's g_str_has_prefix macro reads its
   * argument after a temporary's buffer would be freed */
  const std::string server_url = server->url ();
  fail_unless (g_str_has_prefix (server_url.c_str (), "https://"));
  const std::string url = "project-url=\"" + ui_url (*server) + "\"";

  Run refused;
  run_ball (*server, url, refused);
  const std::string text =
      error_text (refused, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ);
  fail_unless (
      text.find ("certificate") != std::string::npos, "%s", text.c_str ());
  fail_unless (
      text.find ("\"ssl-ca-file\"") != std::string::npos, "%s", text.c_str ());
  fail_unless (
      text.find ("\"ssl-strict\"") != std::string::npos, "%s", text.c_str ());
  fail_unless (refused.seconds < 10, "took %.1f s", refused.seconds);
  fail_unless_equals_int (server->predict_count (), 0);

  const std::string ca = write_ca_file ();
  Run trusted;
  run_ball (*server, url + " ssl-ca-file=" + ca, trusted);
  expect_ball (trusted, 3);
  g_unlink (ca.c_str ());

  Run lax;
  run_ball (*server, url + " ssl-strict=false", lax);
  expect_ball (lax, 3);
}
GST_END_TEST;

/* Test that http_proxy from the environment is honoured: the server's host
 * does not even resolve, the proxy (the fake server itself, which answers
 * absolute-URI requests by their path) does. */
GST_START_TEST (test_http_proxy)
{
  auto server = start_server ();
  const ServerOptions &o = server->options ();
  g_setenv ("http_proxy", server->url ().c_str (), TRUE);
  Run run;
  run_ball (*server,
      "project-url=\"http://geti.invalid/organizations/" + o.organization_id +
          "/workspaces/" + o.workspace_id + "/projects/" + o.project_id + "\"",
      run);
  g_unsetenv ("http_proxy");
  expect_ball (run, 3);
  fail_unless_equals_int (server->predict_count (), 3);
}
GST_END_TEST;

static Suite *
getipredict_project_suite (void)
{
  Suite *s = suite_create ("getipredict-project");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_project_url_forms);
  tcase_add_test (tc, test_project_url_errors);
  tcase_add_test (tc, test_project_name);
  tcase_add_test (tc, test_project_name_errors);
  tcase_add_test (tc, test_labels_from_project);
  tcase_add_test (tc, test_task_chain);
  tcase_add_test (tc, test_pipeline_validated);
  tcase_add_test (tc, test_keypoint_skeleton);
  tcase_add_test (tc, test_project_unreadable);
  tcase_add_test (tc, test_tls);
  tcase_add_test (tc, test_http_proxy);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getipredict_project);
