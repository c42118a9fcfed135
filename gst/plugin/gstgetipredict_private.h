/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* What the two halves of getipredict share: the element
 * (gstgetipredict.cpp: properties, pads, the streaming thread, the output
 * order) and its requests (gstgetipredict_requests.cpp: the worker and
 * setup threads, retries, the error policy). */

#include "gstgetipredict.h"

#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "client.h"
#include "endpoint.h"
#include "frame_sampler.h"
#include "frame_scaler.h"
#include "gst_ptr.h"
#include "project.h"
#include "request_stats.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

GST_DEBUG_CATEGORY_EXTERN (gst_geti_predict_debug);

namespace gst_geti::predict {

constexpr const char *DEFAULT_PIPELINE = "active";
constexpr guint DEFAULT_INTERVAL = 1;
constexpr gdouble DEFAULT_MAX_RATE = 0.0;
constexpr GstGetiPredictMode DEFAULT_MODE = GST_GETI_PREDICT_MODE_ORDERED;
constexpr guint DEFAULT_MAX_IN_FLIGHT = 4;
constexpr guint MAX_MAX_IN_FLIGHT = 64;
constexpr guint64 DEFAULT_MAX_LATENCY = GST_SECOND;
constexpr guint DEFAULT_MAX_SIZE = 0;
constexpr gint DEFAULT_JPEG_QUALITY = 85;
constexpr guint DEFAULT_TIMEOUT = 30;
constexpr guint DEFAULT_RETRIES = 3;
constexpr guint DEFAULT_MAX_FAILURES = 0;
constexpr gdouble DEFAULT_THRESHOLD = 0.0;
constexpr guint64 DEFAULT_HOLD_TIME = GST_SECOND;
constexpr gboolean DEFAULT_SSL_STRICT = TRUE;
constexpr gboolean DEFAULT_ATTACH_ROI_META = TRUE;
constexpr gboolean DEFAULT_POST_MESSAGES = FALSE;
constexpr gboolean DEFAULT_FAIL_ON_UNREACHABLE = TRUE;
/* In live mode, a request running longer than this while frames are
 * skipped for want of a slot is worth a warning. */
constexpr gint64 STUCK_REQUEST_US = G_USEC_PER_SEC;

/* Buffers that may wait for their turn. Pipelining needs the frames between
 * sampled ones to wait too; this bounds the memory it takes. */
constexpr gsize MAX_QUEUED_BUFFERS = 120;
/* At most one warning about failed requests in this time. */
constexpr gint64 WARNING_INTERVAL_US = 5 * G_USEC_PER_SEC;

/* Property values, under settings_lock; snapshotted at start. */
struct Settings {
  std::string server;
  std::string organization_id;
  std::string workspace_id;
  std::string project_id;
  std::string pipeline = DEFAULT_PIPELINE;
  std::string project_url;
  std::string project_name;
  std::string api_key;
  guint interval = DEFAULT_INTERVAL;
  gdouble max_rate = DEFAULT_MAX_RATE;
  GstGetiPredictMode mode = DEFAULT_MODE;
  guint max_in_flight = DEFAULT_MAX_IN_FLIGHT;
  guint64 max_latency = DEFAULT_MAX_LATENCY;
  guint max_size = DEFAULT_MAX_SIZE;
  gint jpeg_quality = DEFAULT_JPEG_QUALITY;
  guint timeout = DEFAULT_TIMEOUT;
  guint retries = DEFAULT_RETRIES;
  guint max_failures = DEFAULT_MAX_FAILURES;
  gdouble threshold = DEFAULT_THRESHOLD;
  guint64 hold_time = DEFAULT_HOLD_TIME;
  bool ssl_strict = DEFAULT_SSL_STRICT;
  std::string ssl_ca_file;
  bool attach_roi_meta = DEFAULT_ATTACH_ROI_META;
  bool post_messages = DEFAULT_POST_MESSAGES;
  bool fail_on_unreachable = DEFAULT_FAIL_ON_UNREACHABLE;
};

using Clock = std::chrono::steady_clock;

/* One request: a sampled frame on its way to the server and back. The
 * worker owns it while it runs; the fields below "result" are written and
 * read under the state lock. */
struct Job {
  /* the frame (in live mode a copy, maybe scaled already); released once
   * encoded */
  BufferPtr buffer;
  GstVideoInfo info;
  guint max_size = DEFAULT_MAX_SIZE;
  /* the size of the frame itself: answers are scaled back to it */
  guint frame_width = 0;
  guint frame_height = 0;
  gint quality = DEFAULT_JPEG_QUALITY;
  gdouble threshold = DEFAULT_THRESHOLD;
  guint64 frame = 0;
  GstClockTime pts = GST_CLOCK_TIME_NONE;
  guint64 epoch =
      0; /* results of an older epoch (before a flush) are dropped */
  ObjectPtr<GCancellable> cancellable{ g_cancellable_new () };
  gint64 started_us = 0; /* when a worker took it (under the state lock) */

  /* result */
  bool done = false;
  /* Its frame has left without it (live mode, or ordered mode past
   * max-latency): the result goes to the frames after it, as held. */
  bool detached = false;
  PredictionsPtr predictions; /* null: failed */
  GstClockTime latency = GST_CLOCK_TIME_NONE;
};

/* An entry of the output queue: a buffer (maybe waiting for its job) or a
 * serialized event, in stream order. */
struct Item {
  BufferPtr buffer;
  EventPtr event;
  std::shared_ptr<Job> job;
  guint64 frame = 0;
  guint width = 0;
  guint height = 0;
  Clock::time_point deadline; /* ordered mode in a live pipeline */

  bool ready () const
  {
    return !job || job->done || job->detached;
  }
};

/* The latest predictions, for the frames that hold them. */
struct LastResult {
  PredictionsPtr predictions;
  guint64 frame = 0;
  GstClockTime source_pts = GST_CLOCK_TIME_NONE;
  GstClockTime latency = GST_CLOCK_TIME_NONE;
  guint width = 0;
  guint height = 0;

  /* Keeps the newest: a late answer must not replace a later frame's. */
  void update (const Job &job, guint width_, guint height_)
  {
    if (predictions && job.frame < frame)
      return;
    predictions.reset (gst_geti_predictions_ref (job.predictions.get ()));
    frame = job.frame;
    source_pts = job.pts;
    latency = job.latency;
    width = width_;
    height = height_;
  }
};

/* Everything that exists from start() to stop(). The fields below
 * "guarded" are only touched under the state lock. */
struct State {
  Settings settings;
  std::unique_ptr<geti::Client> client;
  std::vector<std::thread> workers;
  /* Finds what project-name stands for and reads the project (labels) in
   * the background, so that the state change never waits for the
   * network; the workers start sending once it is done. */
  std::thread setup;
  ObjectPtr<GCancellable> setup_cancellable{ g_cancellable_new () };
  /* Written by the setup thread before ready, read-only after */
  geti::Endpoint endpoint;
  std::shared_ptr<const geti::Project> project; /* null: not known */

  /* guarded by state_lock */
  bool ready = false;
  std::deque<Item> queue;
  gsize queued_buffers = 0;
  bool pushing = false;
  std::deque<std::shared_ptr<Job>> jobs;
  std::vector<std::shared_ptr<Job>> running;
  guint in_flight = 0;
  guint64 epoch = 0;
  bool stopping = false;
  GstFlowReturn src_result = GST_FLOW_FLUSHING;
  /* downstream returned EOS for a buffer: buffers are refused with EOS
   * until a new segment, events still go through */
  bool downstream_eos = false;
  std::optional<GstVideoInfo> info;
  GstSegment segment;
  std::optional<bool> upstream_live;
  guint64 frames = 0;
  FrameSampler sampler;
  LastResult last;
  guint consecutive_failures = 0;
  gint64 last_warning_us = 0;
  guint suppressed_warnings = 0;
  bool fatal_reported = false;
  bool fatal = false; /* the chain function returns GST_FLOW_ERROR */
  /* EOS is on its way (until a new segment or a flush): it must leave
   * within one timeout whatever the server does, so no request attempt or
   * retry wait goes past this (Clock::time_point::max () otherwise) */
  Clock::time_point drain_deadline = Clock::time_point::max ();
  /* what the last failed request said, for the max-failures error */
  std::string last_failure;
  /* live mode: the copies (or scaled copies) of the frames sent, made on
   * the streaming thread (only it touches this) */
  FrameScaler stream_scaler;

  State ()
  {
    gst_segment_init (&segment, GST_FORMAT_TIME);
  }
};

} // namespace gst_geti::predict

struct GstGetiPredictPrivate {
  std::mutex settings_lock;
  gst_geti::predict::Settings settings;

  /* Lock order: settings_lock is never held while taking state_lock. */
  std::mutex state_lock;
  std::condition_variable item_cond;  /* queue head ready, or flushing */
  std::condition_variable space_cond; /* room for another buffer or job */
  std::condition_variable job_cond;   /* a job for the workers */
  std::condition_variable retry_cond; /* a worker waiting to retry: stop */
  std::unique_ptr<gst_geti::predict::State> state;
  /* under state_lock too; kept after stop() for the application to read */
  gst_geti::RequestStats stats;
};

struct _GstGetiPredict {
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;
  GstGetiPredictPrivate *priv;
};

/* The request side, in gstgetipredict_requests.cpp */

/* The project look-up: resolves project-name (and missing ids), reads the
 * project and checks "pipeline"; sets state->ready however it ends. Run by
 * start() itself when fail-on-unreachable is set (@at_start: then a server
 * that can't be reached is an error, and the result false fails the state
 * change), else by the setup thread. */
bool gst_geti_predict_setup (
    GstGetiPredict *self, gst_geti::predict::State *state, bool at_start);
/* A worker thread: takes jobs until the state stops. */
void gst_geti_predict_worker (
    GstGetiPredict *self, gst_geti::predict::State *state);
/* Cancels the requests under way, forgets those not started; called with
 * the state lock held. */
void gst_geti_predict_cancel_jobs (
    GstGetiPredict *self, gst_geti::predict::State &state);
/* Posts a warning unless one was posted less than WARNING_INTERVAL_US
 * ago; no lock held. */
void gst_geti_predict_warn (GstGetiPredict *self, GQuark domain, gint code,
    const char *text, guint http_status);
