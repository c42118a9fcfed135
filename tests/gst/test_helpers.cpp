/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "test_helpers.h"

#include <algorithm>
#include <cmath>

using geti::fake::Server;
using geti::fake::ServerOptions;

namespace test {

std::unique_ptr<Server>
start_server (ServerOptions options)
{
  GError *error = nullptr;
  auto server = Server::start (options, &error);
  fail_unless (
      server != nullptr, "fake server: %s", error ? error->message : "?");
  return server;
}

std::vector<geti::fake::ReceivedRequest>
predict_requests (const Server &server)
{
  std::vector<geti::fake::ReceivedRequest> out;
  for (auto &request : server.requests ()) {
    if (request.predict)
      out.push_back (std::move (request));
  }
  return out;
}

std::string
predict_properties (const Server &server)
{
  const ServerOptions &o = server.options ();
  return "server=" + server.url () + " organization-id=" + o.organization_id +
         " workspace-id=" + o.workspace_id + " project-id=" + o.project_id +
         " api-key=" + o.api_key;
}

GstElement *
parse_pipeline (const std::string &description)
{
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch (description.c_str (), &error);
  fail_unless (pipeline != nullptr && error == nullptr, "%s: %s",
      description.c_str (), error ? error->message : "?");
  return pipeline;
}

Run::~Run ()
{
  for (GstSample *s : samples)
    gst_sample_unref (s);
  for (GstMessage *m : warnings)
    gst_message_unref (m);
  for (GstMessage *m : elements)
    gst_message_unref (m);
  if (error)
    gst_message_unref (error);
}

gssize
Run::find_pts (GstClockTime pts) const
{
  for (gsize i = 0; i < samples.size (); i++) {
    if (GST_BUFFER_PTS (buffer (i)) == pts)
      return static_cast<gssize> (i);
  }
  return -1;
}

bool
collect_messages (GstBus *bus, Run &run)
{
  for (;;) {
    GstMessage *msg = gst_bus_pop_filtered (bus,
        static_cast<GstMessageType> (
            GST_MESSAGE_WARNING | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT));
    if (msg == nullptr)
      return run.error != nullptr;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR && run.error == nullptr)
      run.error = msg;
    else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING)
      run.warnings.push_back (msg);
    else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT)
      run.elements.push_back (msg);
    else
      gst_message_unref (msg);
  }
}

void
run_pipeline (GstElement *pipeline, Run &run)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  fail_unless (sink != nullptr);
  GstBus *bus = gst_element_get_bus (pipeline);

  const gint64 start = g_get_monotonic_time ();
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    /* a settings error: the message says why */
    collect_messages (bus, run);
    fail_unless (run.error != nullptr, "the state change failed silently");
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (bus);
    gst_object_unref (sink);
    return;
  }

  /* An error stops the pipeline short of EOS (and may keep it PAUSED), so
   * look at the bus between samples. */
  const gint64 deadline = start + 120 * G_USEC_PER_SEC;
  while (!collect_messages (bus, run) && g_get_monotonic_time () < deadline) {
    GstSample *sample =
        gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 50 * GST_MSECOND);
    if (sample != nullptr)
      run.samples.push_back (sample);
    else if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
      break;
  }
  run.eos = gst_app_sink_is_eos (GST_APP_SINK (sink));
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  /* before NULL, which flushes the bus */
  collect_messages (bus, run);

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
  gst_object_unref (sink);
}

std::string
message_text (GstMessage *msg)
{
  GError *error = nullptr;
  gchar *debug = nullptr;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &error, &debug);
  else
    gst_message_parse_warning (msg, &error, &debug);
  std::string text =
      std::string (error->message) + " | " + (debug ? debug : "");
  g_error_free (error);
  g_free (debug);
  return text;
}

int
message_http_status (GstMessage *msg)
{
  const GstStructure *details = nullptr;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error_details (msg, &details);
  else
    gst_message_parse_warning_details (msg, &details);
  guint status = 0;
  if (details == nullptr ||
      !gst_structure_get_uint (details, "http-status-code", &status))
    return -1;
  return static_cast<int> (status);
}

geti::fake::Blob
ball_of (GstSample *sample)
{
  GstVideoInfo info;
  fail_unless (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  GstVideoFrame frame;
  fail_unless (gst_video_frame_map (
      &frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));

  GstVideoInfo gray_info;
  gst_video_info_set_format (&gray_info, GST_VIDEO_FORMAT_GRAY8,
      GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info));
  GST_VIDEO_INFO_FPS_N (&gray_info) = GST_VIDEO_INFO_FPS_N (&info);
  GST_VIDEO_INFO_FPS_D (&gray_info) = GST_VIDEO_INFO_FPS_D (&info);
  GstBuffer *gray = gst_buffer_new_allocate (
      nullptr, GST_VIDEO_INFO_SIZE (&gray_info), nullptr);
  GstVideoFrame gray_frame;
  fail_unless (
      gst_video_frame_map (&gray_frame, &gray_info, gray, GST_MAP_WRITE));
  GstVideoConverter *converter =
      gst_video_converter_new (&info, &gray_info, nullptr);
  gst_video_converter_frame (converter, &frame, &gray_frame);
  gst_video_converter_free (converter);

  auto blobs = geti::fake::detect_blobs (
      static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&gray_frame, 0)),
      GST_VIDEO_FRAME_WIDTH (&gray_frame), GST_VIDEO_FRAME_HEIGHT (&gray_frame),
      GST_VIDEO_FRAME_PLANE_STRIDE (&gray_frame, 0));
  gst_video_frame_unmap (&gray_frame);
  gst_video_frame_unmap (&frame);
  gst_buffer_unref (gray);

  fail_unless_equals_int (blobs.size (), 1);
  return blobs[0];
}

double
check_box (
    const GstGetiPrediction *p, const geti::fake::Blob &ball, const char *what)
{
  const double errors[] = { std::abs (p->shape.x - ball.x),
    std::abs (p->shape.y - ball.y), std::abs (p->shape.width - ball.width),
    std::abs (p->shape.height - ball.height) };
  const double worst =
      *std::max_element (std::begin (errors), std::end (errors));
  fail_unless (worst <= 3.0,
      "%s: box %.0f,%.0f %.0fx%.0f but the ball is at %d,%d %dx%d", what,
      p->shape.x, p->shape.y, p->shape.width, p->shape.height, ball.x, ball.y,
      ball.width, ball.height);
  return worst;
}

} // namespace test
