/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* What the element suites share: starting the fake server, running a
 * pipeline to its end while collecting what comes out, and finding the
 * ball of a frame. */

#include <gst/app/app.h>
#include <gst/check/gstcheck.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "detector.h"
#include "fake_geti_server.h"

#include <memory>
#include <string>
#include <vector>

namespace test {

std::unique_ptr<geti::fake::Server> start_server (
    geti::fake::ServerOptions options = geti::fake::ServerOptions ());

/* The :predict requests @server received (not the project look-ups) */
std::vector<geti::fake::ReceivedRequest> predict_requests (
    const geti::fake::Server &server);

/* getipredict's connection properties for @server, for gst_parse_launch */
std::string predict_properties (const geti::fake::Server &server);

GstElement *parse_pipeline (const std::string &description);

/* What came out of a pipeline that ran to its end. */
struct Run {
  std::vector<GstSample *> samples;
  std::vector<GstMessage *> warnings;
  std::vector<GstMessage *> elements; /* element messages */
  GstMessage *error = nullptr;
  bool eos = false;
  double seconds = 0; /* from PLAYING to the end */

  Run () = default;
  Run (const Run &) = delete;
  Run &operator= (const Run &) = delete;
  ~Run ();

  GstBuffer *buffer (gsize i) const
  {
    return gst_sample_get_buffer (samples[i]);
  }
  GstGetiPredictionMeta *meta (gsize i) const
  {
    return gst_buffer_get_geti_prediction_meta (buffer (i));
  }
  /* The index of the sample with this PTS, or -1 */
  gssize find_pts (GstClockTime pts) const;
};

/* Moves the messages waiting on @bus into @run; true once there is an
 * error. */
bool collect_messages (GstBus *bus, Run &run);

/* Plays @pipeline (whose appsink is named "sink") to EOS or an error,
 * collecting every sample and message, then sets it to NULL. A state change
 * that fails must have posted an error. */
void run_pipeline (GstElement *pipeline, Run &run);

/* "message | debug" of an error or warning message */
std::string message_text (GstMessage *msg);
/* The http-status-code of a warning's or error's details; -1 if none */
int message_http_status (GstMessage *msg);

/* The ball (the one bright blob) of a frame, found on its luma. */
geti::fake::Blob ball_of (GstSample *sample);

/* Asserts that @prediction's box is the ball's within 3 px; returns the
 * largest difference. */
double check_box (const GstGetiPrediction *prediction,
    const geti::fake::Blob &ball, const char *what);

} // namespace test
