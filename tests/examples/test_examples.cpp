/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The example applications (examples/), run as their users run them: as
 * processes, against the fake Geti server, their output checked line by
 * line against the ball of each frame. */

/* The standard headers first: Check's fail() macro breaks <sstream>. */
#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gst/app/app.h>
#include <gst/check/gstcheck.h>
#include <gst/video/video.h>
#include <json-glib/json-glib.h>

#include "detector.h"
#include "fake_geti_server.h"

using geti::fake::Blob;
using geti::fake::Scenario;
using geti::fake::Server;
using geti::fake::ServerOptions;

namespace {

/* What every example runs unless given --input: the moving ball, 640x480 at
 * 30 frames per second. */
constexpr int FRAME_WIDTH = 640;
constexpr int FRAME_HEIGHT = 480;
constexpr int FRAME_RATE = 30;
/* The most the box of a JPEG-encoded ball may differ from the raw one. */
constexpr double BOX_TOLERANCE = 3.0;

enum class Example { probe_c, probe_cpp, probe_python, appsink };

const char *
example_name (Example example)
{
  switch (example) {
    case Example::probe_c:
      return "geti-probe";
    case Example::probe_cpp:
      return "geti-probe-cpp";
    case Example::probe_python:
      return "geti-probe.py";
    case Example::appsink:
      break;
  }
  return "geti-appsink";
}

std::vector<std::string>
example_command (Example example)
{
  switch (example) {
    case Example::probe_c:
      return { GETI_EXAMPLE_PROBE };
    case Example::probe_cpp:
      return { GETI_EXAMPLE_PROBE_CPP };
    case Example::probe_python:
      fail_unless (GETI_PYTHON[0] != '\0',
          "introspection is built but no python3 with PyGObject (gi) was "
          "found at configure time");
      return { GETI_PYTHON, GETI_EXAMPLE_PROBE_PY };
    case Example::appsink:
      break;
  }
  return { GETI_EXAMPLE_APPSINK };
}

std::unique_ptr<Server>
start_server (ServerOptions options = ServerOptions ())
{
  GError *error = nullptr;
  auto server = Server::start (options, &error);
  fail_unless (
      server != nullptr, "fake server: %s", error ? error->message : "?");
  return server;
}

/* The environment a user would set for @server: the GETI_* variables (not
 * GETI_PROJECT_URL, which an outer shell may have exported) and, for Python,
 * where the typelib and the meta library are. */
std::map<std::string, std::string>
server_environment (const Server &server, Example example)
{
  const ServerOptions &o = server.options ();
  std::map<std::string, std::string> env = {
    { "GETI_SERVER", server.url () },
    { "GETI_ORGANIZATION_ID", o.organization_id },
    { "GETI_WORKSPACE_ID", o.workspace_id },
    { "GETI_PROJECT_ID", o.project_id },
    { "GETI_API_KEY", o.api_key },
    { "GETI_PROJECT_URL", "" },
  };
  if (example == Example::probe_python) {
    for (const char *name : { "GI_TYPELIB_PATH", "LD_LIBRARY_PATH" }) {
      const char *old = g_getenv (name);
      env[name] = std::string (GETI_META_BUILD_DIR) +
                  (old && *old ? std::string (":") + old : "");
    }
  }
  return env;
}

/* @server's project as Geti's web UI shows its address (what
 * fake-geti-server --print-env prints as GETI_PROJECT_URL). */
std::string
web_ui_project_url (const Server &server)
{
  const ServerOptions &o = server.options ();
  return server.url () + "/organizations/" + o.organization_id +
         "/workspaces/" + o.workspace_id + "/projects/" + o.project_id;
}

/* What an example printed and how it ended. */
struct Result {
  std::string out;
  std::string err;
  bool success = false;
  std::vector<std::string> lines () const
  {
    std::vector<std::string> lines;
    std::istringstream stream (out);
    for (std::string line; std::getline (stream, line);)
      lines.push_back (line);
    return lines;
  }
};

/* Runs @example with @args in the test's environment changed by @env (an
 * empty value unsets a variable) and waits for it to end. */
Result
run_example (Example example, const std::vector<std::string> &args,
    const std::map<std::string, std::string> &env)
{
  std::vector<std::string> command = example_command (example);
  command.insert (command.end (), args.begin (), args.end ());
  std::vector<char *> argv;
  for (std::string &arg : command)
    argv.push_back (arg.data ());
  argv.push_back (nullptr);

  gchar **envp = g_get_environ ();
  for (const auto &[name, value] : env) {
    if (value.empty ())
      envp = g_environ_unsetenv (envp, name.c_str ());
    else
      envp = g_environ_setenv (envp, name.c_str (), value.c_str (), TRUE);
  }

  Result result;
  gchar *out = nullptr, *err = nullptr;
  gint wait_status = 0;
  GError *error = nullptr;
  gboolean spawned = g_spawn_sync (nullptr, argv.data (), envp, G_SPAWN_DEFAULT,
      nullptr, nullptr, &out, &err, &wait_status, &error);
  g_strfreev (envp);
  fail_unless (
      spawned, "cannot run %s: %s", argv[0], error ? error->message : "?");
  result.out = out ? out : "";
  result.err = err ? err : "";
  result.success = g_spawn_check_wait_status (wait_status, nullptr);
  g_free (out);
  g_free (err);

  GST_INFO ("%s printed:\n%s\nand on stderr:\n%s", example_name (example),
      result.out.c_str (), result.err.c_str ());
  return result;
}

/* The ball of each of the first @frames frames the examples run, found by
 * the server's detector on the raw frames. */
std::vector<Blob>
raw_balls (int frames)
{
  gchar *description = g_strdup_printf (
      "videotestsrc pattern=ball num-buffers=%d ! "
      "video/x-raw,format=GRAY8,width=%d,height=%d,framerate=%d/1 ! "
      "appsink name=sink sync=false",
      frames, FRAME_WIDTH, FRAME_HEIGHT, FRAME_RATE);
  GstElement *pipeline = gst_parse_launch (description, nullptr);
  g_free (description);
  fail_unless (pipeline != nullptr);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
               GST_STATE_CHANGE_FAILURE);

  std::vector<Blob> balls;
  while (GstSample *sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) {
    GstVideoInfo info;
    GstVideoFrame frame;
    fail_unless (
        gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
    fail_unless (gst_video_frame_map (
        &frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));
    auto blobs = geti::fake::detect_blobs (
        static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)),
        GST_VIDEO_FRAME_WIDTH (&frame), GST_VIDEO_FRAME_HEIGHT (&frame),
        GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));
    gst_video_frame_unmap (&frame);
    gst_sample_unref (sample);
    fail_unless_equals_int (blobs.size (), 1);
    balls.push_back (blobs[0]);
  }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  fail_unless_equals_int (balls.size (), frames);
  return balls;
}

/* A line of the probe examples: "key=value key=value ...". */
std::map<std::string, std::string>
parse_line (const std::string &line)
{
  std::map<std::string, std::string> fields;
  std::istringstream stream (line);
  for (std::string word; stream >> word;) {
    const auto equals = word.find ('=');
    fail_unless (equals != std::string::npos, "not key=value: '%s' in '%s'",
        word.c_str (), line.c_str ());
    fields[word.substr (0, equals)] = word.substr (equals + 1);
  }
  return fields;
}

double
number_field (const std::map<std::string, std::string> &fields,
    const char *name, const std::string &line)
{
  auto it = fields.find (name);
  fail_unless (it != fields.end (), "no %s in '%s'", name, line.c_str ());
  gchar *end = nullptr;
  const double value = g_ascii_strtod (it->second.c_str (), &end);
  fail_unless (end != it->second.c_str () && *end == '\0',
      "%s is not a number in '%s'", name, line.c_str ());
  return value;
}

const std::string &
text_field (const std::map<std::string, std::string> &fields, const char *name,
    const std::string &line)
{
  auto it = fields.find (name);
  fail_unless (it != fields.end (), "no %s in '%s'", name, line.c_str ());
  return it->second;
}

void
check_box (double x, double y, double width, double height, const Blob &ball,
    const std::string &line)
{
  const double errors[] = { std::abs (x - ball.x), std::abs (y - ball.y),
    std::abs (width - ball.width), std::abs (height - ball.height) };
  for (double e : errors)
    fail_unless (e <= BOX_TOLERANCE,
        "'%s' but the ball of that frame is at x=%d y=%d width=%d height=%d",
        line.c_str (), ball.x, ball.y, ball.width, ball.height);
}

guint64
frame_pts (int frame)
{
  return gst_util_uint64_scale_int (frame, GST_SECOND, FRAME_RATE);
}

/* Runs a probe example on @frames frames of the detection scenario and
 * checks that it printed exactly one line per frame, naming the frame and
 * the box of that frame's own ball. */
void
check_probe_example (Example example)
{
  const int frames = 20;
  auto server = start_server ();
  const std::vector<Blob> balls = raw_balls (frames);

  Result result = run_example (example, { "--frames", std::to_string (frames) },
      server_environment (*server, example));
  fail_unless (result.success, "%s failed: %s", example_name (example),
      result.err.c_str ());
  fail_unless (result.err.find ("Leaks detected") == std::string::npos,
      "%s leaks: %s", example_name (example), result.err.c_str ());

  const std::vector<std::string> lines = result.lines ();
  fail_unless_equals_int (lines.size (), frames);
  for (int i = 0; i < frames; i++) {
    const std::string &line = lines[i];
    const auto fields = parse_line (line);
    fail_unless_equals_int (fields.size (), 9); /* nothing else either */
    fail_unless_equals_int (number_field (fields, "frame", line), i);
    fail_unless_equals_uint64 (
        std::stoull (text_field (fields, "pts", line)), frame_pts (i));
    fail_unless_equals_string (
        text_field (fields, "held", line).c_str (), "false");
    fail_unless_equals_string (
        text_field (fields, "labels", line).c_str (), "ball:0.97:#ff5662ff");
    fail_unless_equals_string (
        text_field (fields, "shape", line).c_str (), "RECTANGLE");
    check_box (number_field (fields, "x", line),
        number_field (fields, "y", line), number_field (fields, "width", line),
        number_field (fields, "height", line), balls[i], line);
  }
  fail_unless_equals_int (server->predict_count (), frames);
}

/* Runs @example against the shapes scenario (one prediction of each shape
 * type per ball) and checks every line against the ball of its frame. */
std::string
check_shapes_output (Example example, int frames)
{
  ServerOptions options;
  options.scenario = Scenario::shapes;
  auto server = start_server (options);
  const std::vector<Blob> balls = raw_balls (frames);

  Result result = run_example (example, { "--frames", std::to_string (frames) },
      server_environment (*server, example));
  fail_unless (result.success, "%s failed: %s", example_name (example),
      result.err.c_str ());

  const std::vector<std::string> lines = result.lines ();
  const char *types[] = { "RECTANGLE", "ROTATED_RECTANGLE", "ELLIPSE",
    "POLYGON", "KEYPOINT" };
  fail_unless_equals_int (lines.size (), frames * G_N_ELEMENTS (types));
  for (gsize i = 0; i < lines.size (); i++) {
    const std::string &line = lines[i];
    const int frame = i / G_N_ELEMENTS (types);
    const Blob &ball = balls[frame];
    const auto fields = parse_line (line);
    const std::string type = types[i % G_N_ELEMENTS (types)];

    fail_unless_equals_int (number_field (fields, "frame", line), frame);
    fail_unless_equals_string (
        text_field (fields, "shape", line).c_str (), type.c_str ());
    fail_unless_equals_string (text_field (fields, "labels", line).c_str (),
        type == "KEYPOINT" ? "ball:1.06:#ff5662ff" : "ball:0.97:#ff5662ff");

    if (type == "RECTANGLE" || type == "ELLIPSE") {
      check_box (number_field (fields, "x", line),
          number_field (fields, "y", line),
          number_field (fields, "width", line),
          number_field (fields, "height", line), ball, line);
    } else if (type == "ROTATED_RECTANGLE") {
      const double w = number_field (fields, "width", line);
      const double h = number_field (fields, "height", line);
      check_box (number_field (fields, "x", line) - w / 2,
          number_field (fields, "y", line) - h / 2, w, h, ball, line);
      fail_unless_equals_float (number_field (fields, "angle", line), 0.0);
    } else if (type == "POLYGON") {
      /* the four corners of the box, clockwise from the top left */
      double corners[4][2];
      fail_unless_equals_int (
          sscanf (text_field (fields, "points", line).c_str (),
              "%lf,%lf;%lf,%lf;%lf,%lf;%lf,%lf", &corners[0][0], &corners[0][1],
              &corners[1][0], &corners[1][1], &corners[2][0], &corners[2][1],
              &corners[3][0], &corners[3][1]),
          8);
      check_box (corners[0][0], corners[0][1], corners[2][0] - corners[0][0],
          corners[2][1] - corners[0][1], ball, line);
      fail_unless_equals_float (corners[1][0], corners[2][0]);
      fail_unless_equals_float (corners[1][1], corners[0][1]);
      fail_unless_equals_float (corners[3][0], corners[0][0]);
      fail_unless_equals_float (corners[3][1], corners[2][1]);
    } else {
      fail_unless (std::abs (number_field (fields, "x", line) -
                             ball.center_x ()) <= BOX_TOLERANCE,
          "%s", line.c_str ());
      fail_unless (std::abs (number_field (fields, "y", line) -
                             ball.center_y ()) <= BOX_TOLERANCE,
          "%s", line.c_str ());
      fail_unless_equals_string (
          text_field (fields, "visible", line).c_str (), "true");
    }
  }
  return result.out;
}

/* Checks that the appsink example printed, for each frame, the meta's JSON
 * line with the box of that frame's own ball. */
void
check_appsink_output (const Result &result, const std::vector<Blob> &balls)
{
  const std::vector<std::string> lines = result.lines ();
  fail_unless_equals_int (lines.size (), balls.size ());
  for (gsize i = 0; i < lines.size (); i++) {
    const std::string &line = lines[i];
    GError *error = nullptr;
    JsonNode *root = json_from_string (line.c_str (), &error);
    fail_unless (root != nullptr && JSON_NODE_HOLDS_OBJECT (root),
        "not a JSON object: '%s' (%s)", line.c_str (),
        error ? error->message : "");
    JsonObject *object = json_node_get_object (root);

    fail_unless_equals_int (json_object_get_int_member (object, "frame"), i);
    fail_unless_equals_uint64 (
        json_object_get_int_member (object, "pts"), frame_pts (i));
    fail_unless (!json_object_get_boolean_member (object, "held"));
    fail_unless_equals_int (
        json_object_get_int_member (object, "width"), FRAME_WIDTH);
    fail_unless_equals_int (
        json_object_get_int_member (object, "height"), FRAME_HEIGHT);
    JsonArray *predictions =
        json_object_get_array_member (object, "predictions");
    fail_unless_equals_int (json_array_get_length (predictions), 1);
    JsonObject *prediction = json_array_get_object_element (predictions, 0);
    JsonObject *label = json_array_get_object_element (
        json_object_get_array_member (prediction, "labels"), 0);
    fail_unless_equals_string (
        json_object_get_string_member (label, "name"), "ball");
    JsonObject *shape = json_object_get_object_member (prediction, "shape");
    fail_unless_equals_string (
        json_object_get_string_member (shape, "type"), "RECTANGLE");
    check_box (json_object_get_double_member (shape, "x"),
        json_object_get_double_member (shape, "y"),
        json_object_get_double_member (shape, "width"),
        json_object_get_double_member (shape, "height"), balls[i], line);
    json_node_unref (root);
  }
}

} // namespace

/* Test that the C example prints one line per frame with the box of that
 * frame's own ball. */
GST_START_TEST (test_probe_c)
{
  check_probe_example (Example::probe_c);
}
GST_END_TEST;

/* Test the same for the C++ example. */
GST_START_TEST (test_probe_cpp)
{
  check_probe_example (Example::probe_cpp);
}
GST_END_TEST;

/* Test the same for the Python example, which reads the meta through the
 * GstGeti-1.0 typelib. */
GST_START_TEST (test_probe_python)
{
  check_probe_example (Example::probe_python);
}
GST_END_TEST;

/* Test that the C example prints every shape type right (reading the
 * structures), and that the C++ example (reading them too) and the Python
 * one (through the typelib's accessors: labels, shapes, points) print
 * exactly the same. */
GST_START_TEST (test_probe_every_shape)
{
  const int frames = 3;
  const std::string c = check_shapes_output (Example::probe_c, frames);
  const std::string cpp = check_shapes_output (Example::probe_cpp, frames);
  fail_unless_equals_string (cpp.c_str (), c.c_str ());
  if (GETI_HAVE_INTROSPECTION) {
    const std::string python =
        check_shapes_output (Example::probe_python, frames);
    fail_unless_equals_string (python.c_str (), c.c_str ());
  }
}
GST_END_TEST;

/* Test that the appsink example prints the meta's JSON line for every
 * frame, with the box of that frame's own ball. */
GST_START_TEST (test_appsink)
{
  const int frames = 20;
  auto server = start_server ();
  const std::vector<Blob> balls = raw_balls (frames);

  Result result =
      run_example (Example::appsink, { "--frames", std::to_string (frames) },
          server_environment (*server, Example::appsink));
  fail_unless (result.success, "geti-appsink failed: %s", result.err.c_str ());
  fail_unless (result.err.find ("Leaks detected") == std::string::npos,
      "geti-appsink leaks: %s", result.err.c_str ());
  check_appsink_output (result, balls);
}
GST_END_TEST;

/* Test that every example ends with an error status and says why, printing
 * no prediction, when a setting is missing and when the key is refused. */
GST_START_TEST (test_errors)
{
  auto server = start_server ();
  std::vector<Example> examples = { Example::probe_c, Example::probe_cpp,
    Example::appsink };
  if (GETI_HAVE_INTROSPECTION)
    examples.push_back (Example::probe_python);

  for (Example example : examples) {
    auto env = server_environment (*server, example);
    env["GETI_PROJECT_ID"] = "";
    Result result = run_example (example, { "--frames", "3" }, env);
    fail_if (result.success, "%s succeeded without a project id",
        example_name (example));
    fail_unless (result.out.empty (), "%s", result.out.c_str ());
    fail_unless (result.err.find ("project-id") != std::string::npos,
        "%s does not name the missing setting: %s", example_name (example),
        result.err.c_str ());

    env = server_environment (*server, example);
    env["GETI_API_KEY"] =
        "geti_pat_WrongKey0123456789abcdefghijklmnopqrstuvwxy_a1b2c3";
    result = run_example (example, { "--frames", "3" }, env);
    fail_if (result.success, "%s succeeded with a refused key",
        example_name (example));
    fail_unless (result.out.empty (), "%s", result.out.c_str ());
    fail_unless (result.err.find ("error from") != std::string::npos,
        "%s does not report the error: %s", example_name (example),
        result.err.c_str ());
  }
}
GST_END_TEST;

/* Test that --server and the other options override the environment. */
GST_START_TEST (test_options_override_environment)
{
  auto server = start_server ();
  const ServerOptions &o = server->options ();
  std::vector<Example> examples = { Example::probe_c, Example::probe_cpp,
    Example::appsink };
  if (GETI_HAVE_INTROSPECTION)
    examples.push_back (Example::probe_python);

  for (Example example : examples) {
    auto env = server_environment (*server, example);
    env["GETI_SERVER"] = "http://127.0.0.1:1"; /* nobody listens there */
    env["GETI_ORGANIZATION_ID"] = "00000000-0000-4000-8000-000000000000";
    env["GETI_WORKSPACE_ID"] = "00000000-0000-4000-8000-000000000000";
    env["GETI_PROJECT_ID"] = "000000000000000000000000";
    Result result = run_example (example,
        { "--frames", "2", "--server", server->url (), "--organization-id",
            o.organization_id, "--workspace-id", o.workspace_id, "--project-id",
            o.project_id },
        env);
    fail_unless (result.success, "%s failed: %s", example_name (example),
        result.err.c_str ());
    fail_unless_equals_int (result.lines ().size (), 2);
  }
  fail_unless_equals_int (server->predict_count (), 2 * examples.size ());
}
GST_END_TEST;

/* Test that every example finds the project from its web-UI address alone,
 * given as --project-url or as GETI_PROJECT_URL, and that the command line
 * names the project one way or the other over what the environment says. */
GST_START_TEST (test_project_url)
{
  auto server = start_server ();
  const ServerOptions &o = server->options ();
  const std::string nowhere_url =
      "http://127.0.0.1:1/organizations/00000000-0000-4000-8000-000000000000/"
      "workspaces/00000000-0000-4000-8000-000000000000/projects/"
      "000000000000000000000000";
  std::vector<Example> examples = { Example::probe_c, Example::probe_cpp,
    Example::appsink };
  if (GETI_HAVE_INTROSPECTION)
    examples.push_back (Example::probe_python);

  for (Example example : examples) {
    /* --project-url and the key, nothing else */
    auto env = server_environment (*server, example);
    for (const char *name : { "GETI_SERVER", "GETI_ORGANIZATION_ID",
             "GETI_WORKSPACE_ID", "GETI_PROJECT_ID" })
      env[name] = "";
    Result result = run_example (example,
        { "--frames", "2", "--project-url", web_ui_project_url (*server) },
        env);
    fail_unless (result.success, "%s --project-url failed: %s",
        example_name (example), result.err.c_str ());
    fail_unless_equals_int (result.lines ().size (), 2);

    /* GETI_PROJECT_URL and the key, nothing else */
    env["GETI_PROJECT_URL"] = web_ui_project_url (*server);
    result = run_example (example, { "--frames", "2" }, env);
    fail_unless (result.success, "%s with GETI_PROJECT_URL failed: %s",
        example_name (example), result.err.c_str ());
    fail_unless_equals_int (result.lines ().size (), 2);

    /* --project-url over GETI_SERVER and the ids of another server */
    env = server_environment (*server, example);
    env["GETI_SERVER"] = "http://127.0.0.1:1"; /* nobody listens there */
    env["GETI_PROJECT_ID"] = "000000000000000000000000";
    result = run_example (example,
        { "--frames", "2", "--project-url", web_ui_project_url (*server) },
        env);
    fail_unless (result.success, "%s --project-url over GETI_SERVER: %s",
        example_name (example), result.err.c_str ());
    fail_unless_equals_int (result.lines ().size (), 2);

    /* --server and the ids over GETI_PROJECT_URL of another server */
    env = server_environment (*server, example);
    env["GETI_PROJECT_URL"] = nowhere_url;
    result = run_example (example,
        { "--frames", "2", "--server", server->url (), "--organization-id",
            o.organization_id, "--workspace-id", o.workspace_id, "--project-id",
            o.project_id },
        env);
    fail_unless (result.success, "%s --server over GETI_PROJECT_URL: %s",
        example_name (example), result.err.c_str ());
    fail_unless_equals_int (result.lines ().size (), 2);
  }
  fail_unless_equals_int (server->predict_count (), 4 * 2 * examples.size ());
}
GST_END_TEST;

static Suite *
examples_suite (void)
{
  Suite *s = suite_create ("examples");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_probe_c);
  tcase_add_test (tc, test_probe_cpp);
  if (GETI_HAVE_INTROSPECTION)
    tcase_add_test (tc, test_probe_python);
  else
    g_print ("test_probe_python skipped: introspection is disabled "
             "(-Dintrospection), so the Python example cannot run\n");
  tcase_add_test (tc, test_probe_every_shape);
  tcase_add_test (tc, test_appsink);
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_options_override_environment);
  tcase_add_test (tc, test_project_url);
  suite_add_tcase (s, tc);
  return s;
}

int
main (int argc, char **argv)
{
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (examples_suite (), "examples", __FILE__);
}
