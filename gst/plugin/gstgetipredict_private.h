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
#include "predict_ordered_output.h"
#include "predict_request_pool.h"
#include "project.h"
#include "request_stats.h"
#include "server_pool.h"

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
constexpr guint DEFAULT_EXPLAIN_INTERVAL = 0;
constexpr gdouble DEFAULT_MAX_RATE = 0.0;
constexpr GstGetiPredictMode DEFAULT_MODE = GST_GETI_PREDICT_MODE_ORDERED;
constexpr guint DEFAULT_MAX_IN_FLIGHT = 4; /* 0: adaptive */
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
constexpr gboolean DEFAULT_ATTACH_ANALYTICS_META = TRUE;
constexpr gboolean DEFAULT_POST_MESSAGES = FALSE;
constexpr gboolean DEFAULT_FAIL_ON_UNREACHABLE = TRUE;
/* The GstContext that groups getipredict elements into server pools
 * (server_pool.h): fields "name" (string) and "max-in-flight" (uint, the
 * upper bound of the group's pools) */
constexpr const char *SERVER_POOL_CONTEXT = "geti.server-pool";

/* In live mode, a request running longer than this while frames are
 * skipped for want of a slot is worth a warning. */
constexpr gint64 STUCK_REQUEST_US = G_USEC_PER_SEC;

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
  guint explain_interval = DEFAULT_EXPLAIN_INTERVAL;
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
  bool attach_analytics_meta = DEFAULT_ATTACH_ANALYTICS_META;
  bool post_messages = DEFAULT_POST_MESSAGES;
  bool fail_on_unreachable = DEFAULT_FAIL_ON_UNREACHABLE;
  /* from the "geti.server-pool" context */
  std::string pool_group = ServerPool::DEFAULT_GROUP;
  guint pool_max = MAX_MAX_IN_FLIGHT;
};

/* The settings that may change while playing, read together once per
 * buffer (gst_geti_predict_playing_settings); the others are read once, at
 * start, into State::settings. */
struct PlayingSettings {
  guint interval = DEFAULT_INTERVAL;
  guint explain_interval = DEFAULT_EXPLAIN_INTERVAL;
  gdouble max_rate = DEFAULT_MAX_RATE;
  guint max_size = DEFAULT_MAX_SIZE;
  gint jpeg_quality = DEFAULT_JPEG_QUALITY;
  guint retries = DEFAULT_RETRIES;
  guint max_failures = DEFAULT_MAX_FAILURES;
  gdouble threshold = DEFAULT_THRESHOLD;
  guint64 hold_time = DEFAULT_HOLD_TIME;
  bool attach_roi_meta = DEFAULT_ATTACH_ROI_META;
  bool attach_analytics_meta = DEFAULT_ATTACH_ANALYTICS_META;
  bool post_messages = DEFAULT_POST_MESSAGES;
};

/* The error policy (src/PROTOCOL.md §7), per run: what has failed, and what was
 * said about it. Under its own lock. */
struct ErrorPolicy {
  std::mutex lock;
  guint consecutive_failures = 0;
  std::string last_failure; /* for the max-failures error */
  gint64 last_warning_us = 0;
  guint suppressed_warnings = 0;
  bool fatal_reported = false;
};

/* Everything that exists from start() to stop(), shared (std::shared_ptr)
 * by whoever works on it, so that a pad function that still holds it is
 * never left with a dangling pointer. */
struct State {
  /* The settings as they were at start */
  Settings settings;
  /* The server's pool (shared with the process' other getipredict
   * elements that send to the same server) and its client */
  std::shared_ptr<ServerPool> server;
  std::shared_ptr<geti::Client> client;
  /* Finds what project-name stands for and reads the project (labels);
   * with fail-on-unreachable=false in this thread, else in start(). */
  std::thread setup;
  ObjectPtr<GCancellable> setup_cancellable{ g_cancellable_new () };
  /* Written by the setup before pool.set_ready (), read-only after */
  geti::Endpoint endpoint;
  std::shared_ptr<const geti::Project> project; /* null: not known */

  RequestPool pool;
  OrderedOutput output;
  ErrorPolicy policy;
  /* An error was posted: the chain function returns GST_FLOW_ERROR. Set
   * before the waiters are woken (pool.interrupt (), output.wake ()). */
  std::atomic<bool> fatal{ false };
  /* -1 not known yet; asked once per stream (any thread answers it) */
  std::atomic<int> upstream_live{ -1 };

  /* The streaming thread's (chain, serialized events): no lock */
  std::optional<GstVideoInfo> info;
  GstSegment segment;
  guint64 frames = 0;
  guint64 predictions_made = 0; /* jobs made: which are explained too */
  FrameSampler sampler;
  bool warned_live_skips = false; /* mode=live, non-live source: said so */
  /* live mode: the copies (or scaled copies) of the frames sent */
  FrameScaler stream_scaler;

  State ()
  {
    gst_segment_init (&segment, GST_FORMAT_TIME);
  }
};

using StatePtr = std::shared_ptr<State>;

} // namespace gst_geti::predict

struct GstGetiPredictPrivate {
  std::mutex settings_lock;
  gst_geti::predict::Settings settings;
  /* the "geti.server-pool" context given, or made; under settings_lock */
  GstContext *pool_context = nullptr;

  /* Guards the pointer only; lock order: settings_lock, state_lock, then
   * a State's locks, each released before the next is taken */
  std::mutex state_lock;
  gst_geti::predict::StatePtr state;

  /* Kept after stop() for the application to read */
  std::mutex stats_lock;
  gst_geti::RequestStats stats;
};

struct _GstGetiPredict {
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;
  GstGetiPredictPrivate *priv;
};

/* The element's state while it runs; null outside start()..stop(). */
gst_geti::predict::StatePtr gst_geti_predict_state (GstGetiPredict *self);
gst_geti::predict::PlayingSettings gst_geti_predict_playing_settings (
    GstGetiPredict *self);

/* The request side, in gstgetipredict_requests.cpp */

/* The project look-up: resolves project-name (and missing ids), reads the
 * project and checks "pipeline"; sets the pool ready however it ends. Run
 * by start() itself when fail-on-unreachable is set (@at_start: then a
 * server that can't be reached is an error, and the result false fails
 * the state change), else by the setup thread. */
bool gst_geti_predict_setup (
    GstGetiPredict *self, gst_geti::predict::State &state, bool at_start);
/* Starts the worker threads of the state's request pool. */
void gst_geti_predict_start_workers (
    GstGetiPredict *self, gst_geti::predict::State &state);
/* Posts a warning unless one was posted less than WARNING_INTERVAL_US
 * ago; no lock held. */
void gst_geti_predict_warn (GstGetiPredict *self, gst_geti::predict::State &st,
    GQuark domain, gint code, const char *text, guint http_status);
