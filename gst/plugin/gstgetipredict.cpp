/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-getipredict
 * @title: getipredict
 *
 * Sends sampled video frames to an Intel Geti server's predict endpoint and
 * attaches the predictions to the buffers as #GstGetiPredictionMeta (and one
 * #GstVideoRegionOfInterestMeta per prediction). The video passes unchanged.
 *
 * Frames are JPEG-encoded and posted on worker threads, up to
 * #GstGetiPredict:max-in-flight at once (0: as many as the server takes,
 * found from its answers); in ordered mode the buffers still leave in input
 * order, each sampled frame with its own predictions, and the frames in
 * between carry the latest ones, marked held.
 *
 * All getipredict elements of a process that send to the same server (the
 * same origin, api-key, TLS settings and timeout) share one connection
 * pool, one set of worker threads and one budget of requests at once (the
 * adaptive limit when any of them has max-in-flight=0, else the sum of
 * their max-in-flight, at most 64), split fairly between them. A
 * "geti.server-pool" #GstContext groups elements: those given contexts with
 * different "name" fields never share; its "max-in-flight" field bounds
 * its group's budget. Without one, the process' "default" group is used.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 filesrc location=in.mp4 ! decodebin ! \
 *     getipredict server=https://geti.example.com \
 *       organization-id=… workspace-id=… project-id=… api-key=geti_pat_… ! \
 *     getijsonsink location=predictions.jsonl
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "analytics_meta.h"
#include "gstgetipredict_private.h"

#include "error.h"
#include "prediction_convert.h"
#include "settings_error.h"
#include "video_formats.h"

#include <algorithm>

GST_DEBUG_CATEGORY (gst_geti_predict_debug);
#define GST_CAT_DEFAULT gst_geti_predict_debug

using namespace gst_geti;
using namespace gst_geti::predict;

enum {
  PROP_0,
  PROP_SERVER,
  PROP_ORGANIZATION_ID,
  PROP_WORKSPACE_ID,
  PROP_PROJECT_ID,
  PROP_PIPELINE,
  PROP_PROJECT_URL,
  PROP_PROJECT_NAME,
  PROP_API_KEY,
  PROP_INTERVAL,
  PROP_EXPLAIN_INTERVAL,
  PROP_MAX_RATE,
  PROP_MODE,
  PROP_MAX_IN_FLIGHT,
  PROP_MAX_LATENCY,
  PROP_MAX_SIZE,
  PROP_JPEG_QUALITY,
  PROP_TIMEOUT,
  PROP_RETRIES,
  PROP_MAX_FAILURES,
  PROP_THRESHOLD,
  PROP_HOLD_TIME,
  PROP_SSL_STRICT,
  PROP_SSL_CA_FILE,
  PROP_ATTACH_ROI_META,
  PROP_ATTACH_ANALYTICS_META,
  PROP_POST_MESSAGES,
  PROP_FAIL_ON_UNREACHABLE,
  PROP_STATS,
};

static GstStaticPadTemplate sink_template =
    GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
        GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (GETI_VIDEO_FORMATS)));

static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
        GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (GETI_VIDEO_FORMATS)));

#define gst_geti_predict_parent_class parent_class
G_DEFINE_TYPE (GstGetiPredict, gst_geti_predict, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (getipredict, "getipredict",
    GST_RANK_NONE, GST_TYPE_GETI_PREDICT,
    GST_DEBUG_CATEGORY_INIT (
        gst_geti_predict_debug, "getipredict", 0, "Intel Geti predictions"));

static void gst_geti_predict_finalize (GObject *object);
static void gst_geti_predict_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec);
static void gst_geti_predict_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_geti_predict_change_state (
    GstElement *element, GstStateChange transition);
static GstFlowReturn gst_geti_predict_chain (
    GstPad *pad, GstObject *parent, GstBuffer *buffer);
static gboolean gst_geti_predict_sink_event (
    GstPad *pad, GstObject *parent, GstEvent *event);
static void gst_geti_predict_set_context (
    GstElement *element, GstContext *context);
static gboolean gst_geti_predict_sink_query (
    GstPad *pad, GstObject *parent, GstQuery *query);
static gboolean gst_geti_predict_sink_activate_mode (
    GstPad *pad, GstObject *parent, GstPadMode mode, gboolean active);
static gboolean gst_geti_predict_src_activate_mode (
    GstPad *pad, GstObject *parent, GstPadMode mode, gboolean active);
static gboolean gst_geti_predict_src_query (
    GstPad *pad, GstObject *parent, GstQuery *query);
static void gst_geti_predict_src_loop (GstGetiPredict *self);

GType
gst_geti_predict_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { GST_GETI_PREDICT_MODE_ORDERED,
        "Buffers leave in input order, each sampled frame with its own "
        "predictions",
        "ordered" },
    { GST_GETI_PREDICT_MODE_LIVE,
        "Never wait: predictions attach to the buffers after them, held",
        "live" },
    { 0, nullptr, nullptr },
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstGetiPredictMode", values));
  return type;
}

static void
gst_geti_predict_class_init (GstGetiPredictClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_geti_predict_finalize;
  gobject_class->set_property = gst_geti_predict_set_property;
  gobject_class->get_property = gst_geti_predict_get_property;

  constexpr auto ready = static_cast<GParamFlags> (
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  constexpr auto playing = static_cast<GParamFlags> (
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  g_object_class_install_property (gobject_class, PROP_SERVER,
      g_param_spec_string ("server", "Server",
          "Base URL of the Geti server, http(s)://host[:port]; the element "
          "adds /api/v1/...",
          nullptr, ready));
  g_object_class_install_property (gobject_class, PROP_ORGANIZATION_ID,
      g_param_spec_string ("organization-id", "Organization ID",
          "UUID of the Geti organization the project belongs to", nullptr,
          ready));
  g_object_class_install_property (gobject_class, PROP_WORKSPACE_ID,
      g_param_spec_string ("workspace-id", "Workspace ID",
          "UUID of the Geti workspace the project belongs to", nullptr, ready));
  g_object_class_install_property (gobject_class, PROP_PROJECT_ID,
      g_param_spec_string ("project-id", "Project ID",
          "ID of the Geti project (24 hex digits)", nullptr, ready));
  g_object_class_install_property (gobject_class, PROP_PIPELINE,
      g_param_spec_string ("pipeline", "Pipeline",
          "\"active\" to run the project's whole task chain, or the ID of "
          "one task to run only that task",
          DEFAULT_PIPELINE, ready));
  g_object_class_install_property (gobject_class, PROP_PROJECT_URL,
      g_param_spec_string ("project-url", "Project URL",
          "The address of the project in Geti's web UI (https://host/"
          "organizations/{org}/workspaces/{ws}/projects/{id}/..., any tail, "
          "with or without /api/v1): fills server, organization-id, "
          "workspace-id and project-id. When neither this, project-name nor "
          "server is set, the GETI_PROJECT_URL environment variable",
          nullptr, ready));
  g_object_class_install_property (gobject_class, PROP_PROJECT_NAME,
      g_param_spec_string ("project-name", "Project name",
          "Find the project by its name at start (and the organization and "
          "workspace when they are not set), instead of project-id",
          nullptr, ready));
  g_object_class_install_property (gobject_class, PROP_API_KEY,
      g_param_spec_string ("api-key", "API key",
          "Geti personal access token, sent as the x-api-key header; when "
          "unset, the GETI_API_KEY environment variable. Write-only: it is "
          "never read back, logged or posted",
          nullptr,
          static_cast<GParamFlags> (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS |
                                    GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property (gobject_class, PROP_INTERVAL,
      g_param_spec_uint ("interval", "Interval",
          "Predict every Nth frame (frames 0, N, 2N, ...); 0 predicts none", 0,
          G_MAXUINT, DEFAULT_INTERVAL, playing));
  g_object_class_install_property (gobject_class, PROP_EXPLAIN_INTERVAL,
      g_param_spec_uint ("explain-interval", "Explain interval",
          "Every Nth prediction also asks Geti's :explain for the same frame "
          "(the saliency or anomaly maps, attached with the predictions; "
          "both requests go out together in one request slot); 0 never",
          0, G_MAXUINT, DEFAULT_EXPLAIN_INTERVAL, playing));
  g_object_class_install_property (gobject_class, PROP_MAX_RATE,
      g_param_spec_double ("max-rate", "Max rate",
          "The most predictions per second of running time (on top of "
          "interval); 0 sets no limit",
          0.0, G_MAXDOUBLE, DEFAULT_MAX_RATE, playing));
  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode",
          "ordered: buffers leave in input order, each sampled frame with its "
          "own predictions (waiting for them); live: never wait, predictions "
          "attach to the buffers after them, held",
          GST_TYPE_GETI_PREDICT_MODE, DEFAULT_MODE, ready));
  g_object_class_install_property (gobject_class, PROP_MAX_IN_FLIGHT,
      g_param_spec_uint ("max-in-flight", "Max in flight",
          "How many requests may be under way at once; 0: adaptive, as many "
          "as the server answers without queueing them (up to 64)",
          0, MAX_MAX_IN_FLIGHT,
          DEFAULT_MAX_IN_FLIGHT, ready));
  g_object_class_install_property (gobject_class, PROP_MAX_LATENCY,
      g_param_spec_uint64 ("max-latency", "Max latency",
          "In ordered mode in a live pipeline, the longest a frame waits for "
          "its predictions (in nanoseconds), declared as this element's "
          "latency; answers that come later go to the frames after it",
          0, G_MAXUINT64, DEFAULT_MAX_LATENCY, ready));
  g_object_class_install_property (gobject_class, PROP_MAX_SIZE,
      g_param_spec_uint ("max-size", "Max size",
          "Longest side, in pixels, of the image sent to the server (scaled "
          "down, aspect kept); 0 sends frames unscaled, values below 32 are "
          "taken as 32. Coordinates always come back in the frame's own "
          "pixels",
          0, G_MAXUINT, DEFAULT_MAX_SIZE, playing));
  g_object_class_install_property (gobject_class, PROP_JPEG_QUALITY,
      g_param_spec_int ("jpeg-quality", "JPEG quality",
          "Quality of the JPEG images sent to the server", 1, 100,
          DEFAULT_JPEG_QUALITY, playing));
  g_object_class_install_property (gobject_class, PROP_TIMEOUT,
      g_param_spec_uint ("timeout", "Timeout",
          "Seconds a request may wait for the server before it fails", 1, 3600,
          DEFAULT_TIMEOUT, ready));
  g_object_class_install_property (gobject_class, PROP_RETRIES,
      g_param_spec_uint ("retries", "Retries",
          "How many times a request is tried again after a transient failure "
          "(connection error, timeout, HTTP 5xx, 429, 204), with exponential "
          "backoff and the server's Retry-After",
          0, 100, DEFAULT_RETRIES, playing));
  g_object_class_install_property (gobject_class, PROP_MAX_FAILURES,
      g_param_spec_uint ("max-failures", "Max failures",
          "Consecutive failed predictions after which the element posts an "
          "error; 0 never does",
          0, G_MAXUINT, DEFAULT_MAX_FAILURES, playing));
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_double ("threshold", "Threshold",
          "Drop labels whose probability is below this, and predictions "
          "left without a label",
          0.0, 1.0, DEFAULT_THRESHOLD, playing));
  g_object_class_install_property (gobject_class, PROP_HOLD_TIME,
      g_param_spec_uint64 ("hold-time", "Hold time",
          "Frames without predictions of their own carry the latest ones "
          "if they are younger than this (in nanoseconds), marked held; "
          "0 disables",
          0, G_MAXUINT64, DEFAULT_HOLD_TIME, playing));
  g_object_class_install_property (gobject_class, PROP_SSL_STRICT,
      g_param_spec_boolean ("ssl-strict", "SSL strict",
          "Refuse a server whose certificate can't be verified; false "
          "accepts any (for testing only)",
          DEFAULT_SSL_STRICT, ready));
  g_object_class_install_property (gobject_class, PROP_SSL_CA_FILE,
      g_param_spec_string ("ssl-ca-file", "SSL CA file",
          "A PEM file of the certificate authorities to trust instead of the "
          "system's (on-prem Geti servers often have their own CA)",
          nullptr, ready));
  g_object_class_install_property (gobject_class, PROP_ATTACH_ROI_META,
      g_param_spec_boolean ("attach-roi-meta", "Attach ROI meta",
          "Also attach one GstVideoRegionOfInterestMeta per prediction",
          DEFAULT_ATTACH_ROI_META, playing));
  /* only in a build that speaks GstAnalytics (GStreamer >= 1.24) */
  if (analytics_supported ()) {
    g_object_class_install_property (gobject_class, PROP_ATTACH_ANALYTICS_META,
        g_param_spec_boolean ("attach-analytics-meta", "Attach analytics meta",
            "Also attach the predictions as GstAnalytics entries "
            "(GstAnalyticsRelationMeta: object detection, classification, "
            "tracking), for the elements that read GStreamer's analytics "
            "metadata",
            DEFAULT_ATTACH_ANALYTICS_META, playing));
  }
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post a \"geti-prediction\" element message (field \"json\") for "
          "every prediction",
          DEFAULT_POST_MESSAGES, playing));
  g_object_class_install_property (gobject_class, PROP_FAIL_ON_UNREACHABLE,
      g_param_spec_boolean ("fail-on-unreachable", "Fail on unreachable",
          "Read the project when starting and fail the state change, with "
          "an error naming the server and the cause, if the server can't be "
          "reached (refused, unknown host, TLS, timeout); false: start "
          "anyway, warn, and keep trying with every frame",
          DEFAULT_FAIL_ON_UNREACHABLE, ready));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Requests, succeeded, failed, retried, skipped, in-flight, and the "
          "mean, median, 95th percentile and largest latency in milliseconds",
          GST_TYPE_STRUCTURE,
          static_cast<GParamFlags> (
              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  gst_type_mark_as_plugin_api (
      GST_TYPE_GETI_PREDICT_MODE, static_cast<GstPluginAPIFlags> (0));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Geti prediction",
      "Filter/Analyzer/Video",
      "Sends video frames to an Intel Geti server and attaches its "
      "predictions as meta",
      "gst-geti developers");
  gst_element_class_add_static_metadata (element_class,
      GST_ELEMENT_METADATA_DOC_URI, GST_PACKAGE_ORIGIN "#getipredict");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_geti_predict_change_state);
  element_class->set_context = GST_DEBUG_FUNCPTR (gst_geti_predict_set_context);
}

static void
gst_geti_predict_init (GstGetiPredict *self)
{
  self->priv = new GstGetiPredictPrivate ();

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_predict_chain));
  gst_pad_set_event_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_predict_sink_event));
  gst_pad_set_query_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_predict_sink_query));
  gst_pad_set_activatemode_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_predict_sink_activate_mode));
  GST_PAD_SET_PROXY_CAPS (self->sinkpad);
  GST_PAD_SET_PROXY_ALLOCATION (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_activatemode_function (
      self->srcpad, GST_DEBUG_FUNCPTR (gst_geti_predict_src_activate_mode));
  gst_pad_set_query_function (
      self->srcpad, GST_DEBUG_FUNCPTR (gst_geti_predict_src_query));
  GST_PAD_SET_PROXY_CAPS (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}

static void
gst_geti_predict_finalize (GObject *object)
{
  GstGetiPredict *self = GST_GETI_PREDICT (object);

  if (self->priv->pool_context != nullptr)
    gst_context_unref (self->priv->pool_context);
  delete self->priv;
  self->priv = nullptr;

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_geti_predict_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstGetiPredict *self = GST_GETI_PREDICT (object);
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  Settings &s = self->priv->settings;
  auto string_value = [value] () {
    const char *text = g_value_get_string (value);
    return std::string (text ? text : "");
  };

  switch (prop_id) {
    case PROP_SERVER:
      s.server = string_value ();
      break;
    case PROP_ORGANIZATION_ID:
      s.organization_id = string_value ();
      break;
    case PROP_WORKSPACE_ID:
      s.workspace_id = string_value ();
      break;
    case PROP_PROJECT_ID:
      s.project_id = string_value ();
      break;
    case PROP_PIPELINE:
      s.pipeline = string_value ();
      if (s.pipeline.empty ())
        s.pipeline = DEFAULT_PIPELINE;
      break;
    case PROP_PROJECT_URL:
      s.project_url = string_value ();
      break;
    case PROP_PROJECT_NAME:
      s.project_name = string_value ();
      break;
    case PROP_API_KEY:
      s.api_key = string_value ();
      break;
    case PROP_SSL_STRICT:
      s.ssl_strict = g_value_get_boolean (value);
      break;
    case PROP_SSL_CA_FILE:
      s.ssl_ca_file = string_value ();
      break;
    case PROP_INTERVAL:
      s.interval = g_value_get_uint (value);
      break;
    case PROP_EXPLAIN_INTERVAL:
      s.explain_interval = g_value_get_uint (value);
      break;
    case PROP_MAX_RATE:
      s.max_rate = g_value_get_double (value);
      break;
    case PROP_MODE:
      s.mode = static_cast<GstGetiPredictMode> (g_value_get_enum (value));
      break;
    case PROP_MAX_IN_FLIGHT:
      s.max_in_flight = g_value_get_uint (value);
      break;
    case PROP_MAX_LATENCY:
      s.max_latency = g_value_get_uint64 (value);
      break;
    case PROP_MAX_SIZE:
      s.max_size = g_value_get_uint (value);
      break;
    case PROP_RETRIES:
      s.retries = g_value_get_uint (value);
      break;
    case PROP_MAX_FAILURES:
      s.max_failures = g_value_get_uint (value);
      break;
    case PROP_JPEG_QUALITY:
      s.jpeg_quality = g_value_get_int (value);
      break;
    case PROP_TIMEOUT:
      s.timeout = g_value_get_uint (value);
      break;
    case PROP_THRESHOLD:
      s.threshold = g_value_get_double (value);
      break;
    case PROP_HOLD_TIME:
      s.hold_time = g_value_get_uint64 (value);
      break;
    case PROP_ATTACH_ROI_META:
      s.attach_roi_meta = g_value_get_boolean (value);
      break;
    case PROP_ATTACH_ANALYTICS_META:
      s.attach_analytics_meta = g_value_get_boolean (value);
      break;
    case PROP_POST_MESSAGES:
      s.post_messages = g_value_get_boolean (value);
      break;
    case PROP_FAIL_ON_UNREACHABLE:
      s.fail_on_unreachable = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

StatePtr
gst_geti_predict_state (GstGetiPredict *self)
{
  std::lock_guard<std::mutex> lock (self->priv->state_lock);
  return self->priv->state;
}

PlayingSettings
gst_geti_predict_playing_settings (GstGetiPredict *self)
{
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  const Settings &s = self->priv->settings;
  PlayingSettings ps;
  ps.interval = s.interval;
  ps.explain_interval = s.explain_interval;
  ps.max_rate = s.max_rate;
  ps.max_size = s.max_size;
  ps.jpeg_quality = s.jpeg_quality;
  ps.retries = s.retries;
  ps.max_failures = s.max_failures;
  ps.threshold = s.threshold;
  ps.hold_time = s.hold_time;
  ps.attach_roi_meta = s.attach_roi_meta;
  ps.attach_analytics_meta = s.attach_analytics_meta;
  ps.post_messages = s.post_messages;
  return ps;
}

static GstStructure *
gst_geti_predict_get_stats (GstGetiPredict *self)
{
  const StatePtr st = gst_geti_predict_state (self);
  const guint in_flight = st ? st->pool.in_flight () : 0;
  const guint limit = st ? st->pool.limit () : 0;
  const guint streams = st ? st->pool.streams () : 0;
  std::lock_guard<std::mutex> lock (self->priv->stats_lock);
  return self->priv->stats.to_structure (in_flight, limit, streams);
}

static void
gst_geti_predict_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstGetiPredict *self = GST_GETI_PREDICT (object);
  if (prop_id == PROP_STATS) {
    g_value_take_boxed (value, gst_geti_predict_get_stats (self));
    return;
  }
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  const Settings &s = self->priv->settings;
  auto set_string = [value] (const std::string &text) {
    g_value_set_string (value, text.empty () ? nullptr : text.c_str ());
  };

  switch (prop_id) {
    case PROP_SERVER:
      set_string (s.server);
      break;
    case PROP_ORGANIZATION_ID:
      set_string (s.organization_id);
      break;
    case PROP_WORKSPACE_ID:
      set_string (s.workspace_id);
      break;
    case PROP_PROJECT_ID:
      set_string (s.project_id);
      break;
    case PROP_PIPELINE:
      set_string (s.pipeline);
      break;
    case PROP_PROJECT_URL:
      set_string (s.project_url);
      break;
    case PROP_PROJECT_NAME:
      set_string (s.project_name);
      break;
    case PROP_SSL_STRICT:
      g_value_set_boolean (value, s.ssl_strict);
      break;
    case PROP_SSL_CA_FILE:
      set_string (s.ssl_ca_file);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, s.interval);
      break;
    case PROP_EXPLAIN_INTERVAL:
      g_value_set_uint (value, s.explain_interval);
      break;
    case PROP_MAX_RATE:
      g_value_set_double (value, s.max_rate);
      break;
    case PROP_MODE:
      g_value_set_enum (value, s.mode);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, s.max_in_flight);
      break;
    case PROP_MAX_LATENCY:
      g_value_set_uint64 (value, s.max_latency);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint (value, s.max_size);
      break;
    case PROP_RETRIES:
      g_value_set_uint (value, s.retries);
      break;
    case PROP_MAX_FAILURES:
      g_value_set_uint (value, s.max_failures);
      break;
    case PROP_JPEG_QUALITY:
      g_value_set_int (value, s.jpeg_quality);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, s.timeout);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, s.threshold);
      break;
    case PROP_HOLD_TIME:
      g_value_set_uint64 (value, s.hold_time);
      break;
    case PROP_ATTACH_ROI_META:
      g_value_set_boolean (value, s.attach_roi_meta);
      break;
    case PROP_ATTACH_ANALYTICS_META:
      g_value_set_boolean (value, s.attach_analytics_meta);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, s.post_messages);
      break;
    case PROP_FAIL_ON_UNREACHABLE:
      g_value_set_boolean (value, s.fail_on_unreachable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static Settings
gst_geti_predict_get_settings (GstGetiPredict *self)
{
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  return self->priv->settings;
}

/* The endpoint the settings describe: project-url fills what is not set
 * (and must agree with what is); with project-name the ids may be missing,
 * they are looked up at start. The errors name the property. */
static bool
gst_geti_predict_build_endpoint (
    const Settings &s, geti::Endpoint &endpoint, GError **error)
{
  endpoint.server = s.server;
  endpoint.organization_id = s.organization_id;
  endpoint.workspace_id = s.workspace_id;
  endpoint.project_id = s.project_id;
  endpoint.pipeline = s.pipeline;

  if (!s.project_url.empty ()) {
    geti::Endpoint from_url;
    if (!geti::endpoint_from_project_url (s.project_url, from_url, error))
      return false;
    const struct {
      std::string &value;
      const std::string &from_url;
      const char *property;
    } fields[] = {
      { endpoint.server, from_url.server, "server" },
      { endpoint.organization_id, from_url.organization_id, "organization-id" },
      { endpoint.workspace_id, from_url.workspace_id, "workspace-id" },
      { endpoint.project_id, from_url.project_id, "project-id" },
    };
    if (!endpoint.server.empty () &&
        !geti::server_normalize (endpoint.server, error))
      return false;
    for (const auto &f : fields) {
      if (f.value.empty ()) {
        f.value = f.from_url;
      } else if (g_ascii_strcasecmp (f.value.c_str (), f.from_url.c_str ()) !=
                 0) {
        g_set_error (error, GETI_ERROR, geti::ERROR_SETTINGS,
            "\"project-url\" names %s \"%s\" but \"%s\" is \"%s\": set "
            "one or the other",
            f.property, f.from_url.c_str (), f.property, f.value.c_str ());
        return false;
      }
    }
  }

  if (s.project_name.empty () &&
      (endpoint.organization_id.empty () || endpoint.workspace_id.empty () ||
          endpoint.project_id.empty ())) {
    /* Nothing to look the missing ids up with: the full check names them */
    return geti::endpoint_validate (endpoint, error);
  }
  if (!s.project_name.empty () && !s.project_id.empty ()) {
    g_set_error (error, GETI_ERROR, geti::ERROR_SETTINGS,
        "\"project-name\" and \"project-id\" are both set: set one or the "
        "other");
    return false;
  }
  return s.project_name.empty ()
             ? geti::endpoint_validate (endpoint, error)
             : geti::endpoint_validate_partial (endpoint, error);
}

static void gst_geti_predict_stop (GstGetiPredict *self);

/* The "geti.server-pool" context: the group of server pools the element
 * takes its server's pool from. Under settings_lock. */
static void
gst_geti_predict_take_pool_context (GstGetiPredict *self, GstContext *context)
{
  GstGetiPredictPrivate *priv = self->priv;
  const GstStructure *structure = gst_context_get_structure (context);
  const char *name = gst_structure_get_string (structure, "name");
  guint max = MAX_MAX_IN_FLIGHT;
  gst_structure_get_uint (structure, "max-in-flight", &max);
  priv->settings.pool_group =
      name != nullptr && name[0] != '\0' ? name : ServerPool::DEFAULT_GROUP;
  priv->settings.pool_max = std::clamp (max, 1u, MAX_MAX_IN_FLIGHT);
  gst_context_replace (&priv->pool_context, context);
}

static void
gst_geti_predict_set_context (GstElement *element, GstContext *context)
{
  GstGetiPredict *self = GST_GETI_PREDICT (element);
  if (g_strcmp0 (gst_context_get_context_type (context),
          SERVER_POOL_CONTEXT) == 0) {
    std::lock_guard<std::mutex> lock (self->priv->settings_lock);
    gst_geti_predict_take_pool_context (self, context);
  }
  GST_ELEMENT_CLASS (parent_class)->set_context (element, context);
}

/* Answers a neighbour's context query with the element's pool context */
static gboolean
gst_geti_predict_answer_context (GstGetiPredict *self, GstQuery *query)
{
  const char *type = nullptr;
  if (!gst_query_parse_context_type (query, &type) ||
      g_strcmp0 (type, SERVER_POOL_CONTEXT) != 0)
    return FALSE;
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  if (self->priv->pool_context == nullptr)
    return FALSE;
  gst_query_set_context (query, self->priv->pool_context);
  return TRUE;
}

static bool
gst_geti_predict_has_pool_context (GstGetiPredict *self)
{
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  return self->priv->pool_context != nullptr;
}

/* Finds the group of server pools to use, as upstream elements find a
 * shared GL display or HTTP session: a context set already, else one the
 * neighbours have, else one the application gives when asked
 * (need-context); else the process' default group, made known to the
 * others (have-context). */
static void
gst_geti_predict_find_pool_context (GstGetiPredict *self)
{
  if (gst_geti_predict_has_pool_context (self))
    return;
  GstQuery *query = gst_query_new_context (SERVER_POOL_CONTEXT);
  for (GstPad *pad : { self->srcpad, self->sinkpad }) {
    GstContext *found = nullptr;
    if (gst_pad_peer_query (pad, query)) {
      gst_query_parse_context (query, &found);
      if (found != nullptr) {
        gst_element_set_context (GST_ELEMENT (self), found);
        break;
      }
    }
  }
  gst_query_unref (query);
  if (gst_geti_predict_has_pool_context (self))
    return;

  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_need_context (GST_OBJECT (self), SERVER_POOL_CONTEXT));
  if (gst_geti_predict_has_pool_context (self))
    return;

  GstContext *context = gst_context_new (SERVER_POOL_CONTEXT, TRUE);
  gst_structure_set (gst_context_writable_structure (context), "name",
      G_TYPE_STRING, ServerPool::DEFAULT_GROUP, nullptr);
  gst_element_set_context (GST_ELEMENT (self), context);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_have_context (GST_OBJECT (self), context));
}

static gboolean
gst_geti_predict_start (GstGetiPredict *self)
{
  GstGetiPredictPrivate *priv = self->priv;
  gst_geti_predict_find_pool_context (self);
  auto st = std::make_shared<State> ();
  st->settings = gst_geti_predict_get_settings (self);
  Settings &s = st->settings;
  /* Nothing names the project: the environment may (GETI_PROJECT_URL, as
   * the fake server and the demo export it) */
  if (s.project_url.empty () && s.project_name.empty () && s.server.empty ()) {
    const char *env = g_getenv ("GETI_PROJECT_URL");
    if (env != nullptr && env[0] != '\0') {
      s.project_url = env;
      GST_INFO_OBJECT (self, "project from GETI_PROJECT_URL: %s", env);
    }
  }

  g_autoptr (GError) error = nullptr;
  if (!gst_geti_predict_build_endpoint (s, st->endpoint, &error)) {
    g_autofree gchar *message = settings_error_message (error);
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", message), (nullptr));
    return FALSE;
  }

  geti::ClientConfig config;
  config.api_key = s.api_key;
  const char *key_source = "\"api-key\"";
  if (config.api_key.empty ()) {
    const char *env = g_getenv ("GETI_API_KEY");
    config.api_key = env ? env : "";
    key_source = "GETI_API_KEY (\"api-key\" is not set)";
  }
  if (config.api_key.empty ()) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("\"api-key\" is not set and GETI_API_KEY is empty: expected a Geti "
         "personal access token"),
        (nullptr));
    return FALSE;
  }
  /* A header value can't hold them (libsoup would drop the header): a
   * line break pasted with the key, in practice */
  if (std::any_of (config.api_key.begin (), config.api_key.end (),
          [] (char c) { return g_ascii_iscntrl (c); })) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("%s contains control characters (a line break?): expected a Geti "
         "personal access token",
            key_source),
        (nullptr));
    return FALSE;
  }
  config.origin = st->endpoint.server;
  config.timeout_s = s.timeout;
  config.ssl_strict = s.ssl_strict;
  config.ssl_ca_file = s.ssl_ca_file;
  config.user_agent = "gst-geti/" PACKAGE_VERSION;
  /* the server's pool, shared with the group's other elements */
  st->server = ServerPool::get (s.pool_group, s.pool_max, config, &error);
  if (!st->server) {
    g_autofree gchar *message = settings_error_message (error);
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", message), (nullptr));
    return FALSE;
  }
  st->client = std::shared_ptr<geti::Client> (st->server, &st->server->client ());
  gst_geti_predict_start_workers (self, *st);

  if (s.max_in_flight == 0)
    GST_INFO_OBJECT (self,
        "predicting with %s, adaptive requests at once (pool \"%s\", %u "
        "streams, up to %u)",
        st->endpoint.server.c_str (), s.pool_group.c_str (),
        st->pool.streams (), st->server->max ());
  else
    GST_INFO_OBJECT (self,
        "predicting with %s, %u requests at once (pool \"%s\", %u streams)",
        st->endpoint.server.c_str (), s.max_in_flight, s.pool_group.c_str (),
        st->pool.streams ());

  {
    std::lock_guard<std::mutex> lock (priv->state_lock);
    priv->state = st;
  }
  {
    std::lock_guard<std::mutex> lock (priv->stats_lock);
    priv->stats = RequestStats ();
  }
  if (st->settings.fail_on_unreachable) {
    /* Read the project now, so that a server that is not there fails the
     * state change rather than every frame (bounded by "timeout") */
    if (!gst_geti_predict_setup (self, *st, true)) {
      gst_geti_predict_stop (self);
      return FALSE;
    }
  } else {
    st->setup = std::thread ([self, raw = st.get ()] {
      gst_geti_predict_setup (self, *raw, false);
    });
  }
  return TRUE;
}

static void
gst_geti_predict_stop (GstGetiPredict *self)
{
  GstGetiPredictPrivate *priv = self->priv;
  StatePtr st;
  {
    std::lock_guard<std::mutex> lock (priv->state_lock);
    st = std::move (priv->state);
  }
  if (!st)
    return;
  g_cancellable_cancel (st->setup_cancellable.get ());
  {
    std::lock_guard<std::mutex> lock (st->output.lock);
    st->output.src_result = GST_FLOW_FLUSHING;
  }
  st->output.wake ();
  if (st->setup.joinable ())
    st->setup.join ();
  st->pool.stop ();
  /* the queue's buffers and events go with the last reference */
}

static GstStateChangeReturn
gst_geti_predict_change_state (GstElement *element, GstStateChange transition)
{
  GstGetiPredict *self = GST_GETI_PREDICT (element);

  try {
    if (transition == GST_STATE_CHANGE_READY_TO_PAUSED &&
        !gst_geti_predict_start (self))
      return GST_STATE_CHANGE_FAILURE;

    GstStateChangeReturn ret =
        GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

    if (transition == GST_STATE_CHANGE_PAUSED_TO_READY ||
        (ret == GST_STATE_CHANGE_FAILURE &&
            transition == GST_STATE_CHANGE_READY_TO_PAUSED))
      gst_geti_predict_stop (self);
    return ret;
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE, ("%s", e.what ()), (nullptr));
    return GST_STATE_CHANGE_FAILURE;
  }
}

/* The item is the next to leave: claims the source pad (only one item is
 * pushed at a time, in order) and picks its decoration. Called with the
 * state lock held. */
static Decoration
gst_geti_predict_begin_push (
    OrderedOutput &out, const Item &item, const PlayingSettings &ps)
{
  out.pushing = true;
  if (!item.buffer)
    return Decoration ();
  return out.decorate (item, GST_BUFFER_PTS (item.buffer.get ()), ps.hold_time);
}

/* Pushes an item downstream, with its meta; no lock held. */
static GstFlowReturn
gst_geti_predict_push (GstGetiPredict *self, Item &item, Decoration &decoration,
    const PlayingSettings &os)
{
  if (item.event) {
    GstEvent *event = item.event.release ();
    GST_LOG_OBJECT (self, "pushing %" GST_PTR_FORMAT, event);
    if (GST_EVENT_TYPE (event) != GST_EVENT_EOS) {
      /* as a queue does: a refused event is no reason to stop the stream */
      if (!gst_pad_push_event (self->srcpad, event))
        GST_DEBUG_OBJECT (self, "downstream refused the event");
      return GST_FLOW_OK;
    }
    g_autoptr (GstStructure) stats = gst_geti_predict_get_stats (self);
    g_autofree gchar *text = gst_structure_to_string (stats);
    GST_INFO_OBJECT (self, "EOS: %s", text);
    gst_pad_push_event (self->srcpad, event);
    return GST_FLOW_EOS;
  }

  GstBuffer *buffer = item.buffer.release ();
  if (decoration.predictions) {
    buffer = gst_buffer_make_writable (buffer);
    GstGetiPredictionMeta *meta = gst_buffer_add_geti_prediction_meta (
        buffer, decoration.predictions.get (), item.width, item.height);
    meta->frame = item.frame;
    meta->pts = GST_BUFFER_PTS (buffer);
    meta->source_pts = decoration.source_pts;
    meta->held = decoration.held;
    meta->source = decoration.held ? GST_GETI_PREDICTION_SOURCE_HELD
                                   : GST_GETI_PREDICTION_SOURCE_PREDICTED;
    meta->latency = decoration.latency;
    if (os.attach_roi_meta)
      add_roi_metas (
          buffer, decoration.predictions.get (), item.width, item.height);
    if (os.attach_analytics_meta)
      add_analytics_entries (
          buffer, decoration.predictions.get (), item.width, item.height);
    if (os.post_messages && !decoration.held) {
      g_autofree gchar *json = gst_geti_prediction_meta_to_json (meta);
      gst_element_post_message (GST_ELEMENT (self),
          gst_message_new_element (GST_OBJECT (self),
              gst_structure_new ("geti-prediction", "json", G_TYPE_STRING, json,
                  "frame", G_TYPE_UINT64, item.frame, "pts", G_TYPE_UINT64,
                  meta->pts, nullptr)));
    }
  }
  GST_LOG_OBJECT (self, "pushing %" GST_PTR_FORMAT, buffer);
  return gst_pad_push (self->srcpad, buffer);
}

/* Releases the source pad after a push and keeps its flow result. */
static void
gst_geti_predict_end_push (
    GstGetiPredict *self, State &st, GstFlowReturn ret, bool was_buffer)
{
  std::deque<Item> dropped; /* freed after the lock */
  OrderedOutput &out = st.output;
  std::lock_guard<std::mutex> lock (out.lock);
  out.pushing = false;
  if (ret == GST_FLOW_EOS && was_buffer) {
    /* Downstream wants no more data (pngenc snapshot=true, say), but the
     * events that end or restart the stream must still get there, as a
     * queue does: drop the data, keep those events, refuse new buffers
     * with EOS until a new segment. */
    GST_DEBUG_OBJECT (self, "downstream returned EOS");
    out.downstream_returned_eos (dropped);
    ret = GST_FLOW_OK;
  }
  const bool failed = ret != GST_FLOW_OK && out.src_result == GST_FLOW_OK;
  if (failed)
    out.src_result = ret;
  /* Wake the task only for what it can act on now: a head that is ready
   * (or that it must time), a flow to stop on, or a query waiting for the
   * queue to drain. A head waiting for its job is woken by the job. */
  const bool head_actionable =
      !out.queue.empty () &&
      (out.queue.front ().ready () ||
          out.queue.front ().deadline != Clock::time_point::max ());
  if (head_actionable || failed || out.drain_waiters > 0 || !dropped.empty ())
    out.item_cond.notify_all ();
  if (failed || !dropped.empty ())
    out.space_cond.notify_all ();
}

/* Sends @item downstream: straight from the streaming thread when nothing
 * is queued or being pushed (no thread hop on the common path), through
 * the source pad task otherwise. Called with the state lock held (as
 * @lock); returns the flow of a direct push. */
static GstFlowReturn
gst_geti_predict_output (GstGetiPredict *self, State &st,
    std::unique_lock<std::mutex> &lock, Item &&item, const PlayingSettings &ps)
{
  OrderedOutput &out = st.output;
  if (!out.queue.empty () || out.pushing || !item.ready ()) {
    const bool new_head = out.queue.empty ();
    if (item.buffer)
      out.queued_buffers++;
    out.queue.push_back (std::move (item));
    /* The task needs waking only for a new head it must time: a ready one
     * is pushed when the push under way ends (end_push wakes it), one
     * waiting for its job when the job ends (finish_job) */
    if (new_head && out.queue.front ().deadline != Clock::time_point::max ())
      out.item_cond.notify_one ();
    return GST_FLOW_OK;
  }

  Decoration decoration = gst_geti_predict_begin_push (out, item, ps);
  lock.unlock ();
  const bool was_buffer = item.buffer != nullptr;
  const GstFlowReturn ret = gst_geti_predict_push (self, item, decoration, ps);
  gst_geti_predict_end_push (self, st, ret, was_buffer);
  lock.lock ();
  return ret;
}

/* Whether the pipeline upstream is live, asked once per stream: it decides
 * whether ordered mode may wait without bound. */
static bool
gst_geti_predict_upstream_is_live (GstGetiPredict *self, State &st)
{
  const int known = st.upstream_live.load ();
  if (known >= 0)
    return known != 0;
  gboolean live = FALSE;
  GstQuery *query = gst_query_new_latency ();
  if (gst_pad_peer_query (self->sinkpad, query))
    gst_query_parse_latency (query, &live, nullptr, nullptr);
  gst_query_unref (query);
  GST_DEBUG_OBJECT (self, "upstream is %slive", live ? "" : "not ");
  st.upstream_live = live ? 1 : 0;
  return live;
}

/* In live mode, frames are skipped for want of a slot: when every slot is
 * held by a request that takes long, say so (a stuck server would
 * otherwise skip every frame in silence). No lock held. */
static void
gst_geti_predict_warn_stuck (GstGetiPredict *self, State &st)
{
  const gint64 now = g_get_monotonic_time ();
  gint64 oldest;
  const guint stuck = st.pool.stuck (now, STUCK_REQUEST_US, oldest);
  if (stuck == 0)
    return;
  g_autofree gchar *text = g_strdup_printf (
      "Frames are skipped: %u of %u request slots are held by requests under "
      "way for up to %.1f s (a slow or stuck server; each ends after at most "
      "timeout=%u s)",
      stuck, st.pool.cap (), (now - oldest) / 1e6,
      st.settings.timeout);
  gst_geti_predict_warn (
      self, st, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_BUSY, text, 0);
}

/* A request slot for a sampled frame. With a live source never wait for
 * the network (ordered mode waits for the output order only, and
 * max-latency bounds that): no free slot, no request (@sampled becomes
 * false). Ordered mode with a non-live source waits here for one; the
 * flow to return if that wait was interrupted. */
static GstFlowReturn
gst_geti_predict_reserve_slot (GstGetiPredict *self, State &st, guint64 frame,
    bool upstream_live, bool &sampled)
{
  const bool live_mode = st.settings.mode == GST_GETI_PREDICT_MODE_LIVE;
  if (live_mode || upstream_live) {
    sampled = st.pool.try_reserve ();
    if (!sampled) {
      {
        std::lock_guard<std::mutex> lock (self->priv->stats_lock);
        self->priv->stats.skipped++;
      }
      GST_LOG_OBJECT (
          self, "frame %" G_GUINT64_FORMAT " skipped: no slot", frame);
      if (live_mode && !upstream_live && !st.warned_live_skips) {
        /* A file or another source that waits for us: live mode makes it
         * skip for nothing */
        st.warned_live_skips = true;
        GST_ELEMENT_WARNING (self, RESOURCE, BUSY,
            ("mode=live with a source that is not live: sampled frames are "
             "skipped whenever all %u request slots are busy (frame "
             "%" G_GUINT64_FORMAT
             " was the first); use mode=ordered to predict every sampled "
             "frame of a file",
                st.pool.cap (), frame),
            (nullptr));
      } else if (live_mode) {
        gst_geti_predict_warn_stuck (self, st);
      }
    }
    return GST_FLOW_OK;
  }
  if (st.pool.reserve ())
    return GST_FLOW_OK;
  /* interrupted: a flush, an error or a stop */
  if (st.fatal)
    return GST_FLOW_ERROR;
  std::lock_guard<std::mutex> lock (st.output.lock);
  return st.output.src_result != GST_FLOW_OK ? st.output.src_result
                                             : GST_FLOW_FLUSHING;
}

/* A sampled frame's request: the frame itself (ordered mode) or a copy,
 * scaled already (live mode: the frame leaves at once). Null if the copy
 * failed. */
static std::shared_ptr<Job>
gst_geti_predict_new_job (State &st, GstBuffer *buffer,
    const GstVideoInfo &info, bool copy, const PlayingSettings &ps)
{
  auto job = std::make_shared<Job> ();
  if (copy) {
    GstVideoFrame frame;
    if (!gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
      return nullptr;
    job->buffer.reset (st.stream_scaler.scale (&frame, ps.max_size, job->info));
    gst_video_frame_unmap (&frame);
    if (!job->buffer)
      return nullptr;
  } else {
    job->buffer.reset (gst_buffer_ref (buffer));
    job->info = info;
  }
  job->max_size = ps.max_size;
  job->frame_width = static_cast<guint> (GST_VIDEO_INFO_WIDTH (&info));
  job->frame_height = static_cast<guint> (GST_VIDEO_INFO_HEIGHT (&info));
  job->quality = ps.jpeg_quality;
  job->threshold = ps.threshold;
  job->pts = GST_BUFFER_PTS (buffer);
  /* In live mode the frame never waits for it */
  job->detached = copy;
  return job;
}

static GstFlowReturn
gst_geti_predict_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstGetiPredict *self = GST_GETI_PREDICT (parent);
  BufferPtr owned (buffer);

  try {
    const StatePtr state = gst_geti_predict_state (self);
    if (!state)
      return GST_FLOW_FLUSHING;
    State &st = *state;
    if (st.fatal)
      return GST_FLOW_ERROR;
    if (!st.info) {
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (nullptr),
          ("a buffer arrived before the caps"));
      return GST_FLOW_NOT_NEGOTIATED;
    }
    /* The settings that may change while playing, once per buffer */
    const PlayingSettings ps = gst_geti_predict_playing_settings (self);
    const bool live_mode = st.settings.mode == GST_GETI_PREDICT_MODE_LIVE;
    const bool upstream_live = gst_geti_predict_upstream_is_live (self, st);
    const GstVideoInfo &info = *st.info;
    {
      /* Nothing is sent for a buffer that would be refused */
      std::lock_guard<std::mutex> lock (st.output.lock);
      if (st.output.src_result != GST_FLOW_OK)
        return st.output.src_result;
      if (st.output.downstream_eos)
        return GST_FLOW_EOS;
    }

    const guint64 frame = st.frames++;
    const GstClockTime pts = GST_BUFFER_PTS (buffer);
    const GstClockTime running_time =
        gst_segment_to_running_time (&st.segment, GST_FORMAT_TIME, pts);
    bool sampled =
        st.sampler.sample (frame, running_time, ps.interval, ps.max_rate);

    if (sampled) {
      const GstFlowReturn ret = gst_geti_predict_reserve_slot (
          self, st, frame, upstream_live, sampled);
      if (ret != GST_FLOW_OK)
        return ret;
    }

    Item item;
    item.frame = frame;
    item.width = static_cast<guint> (GST_VIDEO_INFO_WIDTH (&info));
    item.height = static_cast<guint> (GST_VIDEO_INFO_HEIGHT (&info));
    if (sampled) {
      /* the copy is made before the output lock is taken */
      std::shared_ptr<Job> job =
          gst_geti_predict_new_job (st, buffer, info, live_mode, ps);
      if (!job) {
        st.pool.unreserve ();
        GST_ELEMENT_ERROR (
            self, CORE, FAILED, ("Could not copy a frame"), (nullptr));
        return GST_FLOW_ERROR;
      }
      job->frame = frame;
      /* every explain-interval'th prediction is explained too */
      job->explain = ps.explain_interval > 0 &&
                     st.predictions_made++ % ps.explain_interval == 0;
      /* In a live pipeline an ordered frame waits until its deadline at
       * most */
      if (!live_mode && upstream_live)
        item.deadline =
            Clock::now () + std::chrono::nanoseconds (std::min<guint64> (
                                st.settings.max_latency, G_MAXINT64 / 2));
      item.job = job;
      st.pool.submit (std::move (job));
      {
        std::lock_guard<std::mutex> lock (self->priv->stats_lock);
        self->priv->stats.requests++;
      }
      GST_LOG_OBJECT (self, "frame %" G_GUINT64_FORMAT " sampled", frame);
    }

    OrderedOutput &out = st.output;
    std::unique_lock<std::mutex> lock (out.lock);
    /* Room in the queue: ordered mode with a non-live source waits here */
    if (!live_mode && !upstream_live) {
      out.space_cond.wait (lock, [&] {
        return out.src_result != GST_FLOW_OK || st.fatal ||
               out.queued_buffers < MAX_QUEUED_BUFFERS;
      });
    }
    if (st.fatal)
      return GST_FLOW_ERROR;
    if (out.src_result != GST_FLOW_OK)
      return out.src_result;
    if (out.downstream_eos)
      return GST_FLOW_EOS;
    item.buffer = std::move (owned);
    return gst_geti_predict_output (self, st, lock, std::move (item), ps);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR (self, CORE, FAILED, ("%s", e.what ()), (nullptr));
    return GST_FLOW_ERROR;
  }
}

/* Sends a serialized event on behind the buffers before it. */
static gboolean
gst_geti_predict_queue_event (GstGetiPredict *self, GstEvent *event)
{
  const StatePtr state = gst_geti_predict_state (self);
  if (!state) {
    gst_event_unref (event);
    return FALSE;
  }
  State &st = *state;
  OrderedOutput &out = st.output;
  const GstEventType type = GST_EVENT_TYPE (event);
  bool restart = false;
  gboolean ret = TRUE;

  /* After EOS, a new stream may start */
  if (type == GST_EVENT_STREAM_START || type == GST_EVENT_SEGMENT)
    st.pool.undrain ();
  {
    std::unique_lock<std::mutex> lock (out.lock);
    if (type == GST_EVENT_STREAM_START || type == GST_EVENT_SEGMENT) {
      out.downstream_eos = false;
      if (out.src_result == GST_FLOW_EOS) {
        out.src_result = GST_FLOW_OK;
        restart = true;
      }
    }
    if (out.src_result == GST_FLOW_OK) {
      Item item;
      item.event.reset (event);
      gst_geti_predict_output (self, st, lock, std::move (item),
          gst_geti_predict_playing_settings (self));
    } else {
      /* Not going anywhere now; sticky ones are sent before the next data */
      ret = GST_EVENT_IS_STICKY (event) && type != GST_EVENT_EOS &&
            type != GST_EVENT_SEGMENT;
      if (ret)
        gst_pad_store_sticky_event (self->srcpad, event);
      gst_event_unref (event);
    }
  }
  if (restart)
    gst_pad_start_task (self->srcpad,
        (GstTaskFunction) gst_geti_predict_src_loop, self, nullptr);
  return ret;
}

static gboolean
gst_geti_predict_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstGetiPredict *self = GST_GETI_PREDICT (parent);

  GST_LOG_OBJECT (self, "%" GST_PTR_FORMAT, event);

  try {
    const StatePtr state = gst_geti_predict_state (self);
    if (!state)
      return gst_pad_event_default (pad, parent, event);
    State &st = *state;
    OrderedOutput &out = st.output;

    switch (GST_EVENT_TYPE (event)) {
      case GST_EVENT_FLUSH_START: {
        const gboolean ret = gst_pad_push_event (self->srcpad, event);
        st.pool.interrupt ();
        st.pool.cancel_all ();
        {
          std::lock_guard<std::mutex> lock (out.lock);
          out.src_result = GST_FLOW_FLUSHING;
          out.item_cond.notify_all ();
          out.space_cond.notify_all ();
        }
        gst_pad_pause_task (self->srcpad);
        return ret;
      }
      case GST_EVENT_FLUSH_STOP: {
        std::deque<Item> dropped; /* freed after the lock */
        st.sampler.reset ();
        st.pool.undrain ();
        st.pool.resume ();
        {
          std::lock_guard<std::mutex> lock (out.lock);
          dropped.swap (out.queue);
          out.queued_buffers = 0;
          out.last = LastResult ();
          out.src_result = GST_FLOW_OK;
          out.downstream_eos = false;
          /* Keep the sticky events that never made it downstream */
          for (const Item &item : dropped) {
            if (item.event && GST_EVENT_IS_STICKY (item.event.get ()) &&
                GST_EVENT_TYPE (item.event.get ()) != GST_EVENT_SEGMENT &&
                GST_EVENT_TYPE (item.event.get ()) != GST_EVENT_EOS)
              gst_pad_store_sticky_event (self->srcpad, item.event.get ());
          }
          out.space_cond.notify_all ();
        }
        dropped.clear ();
        const gboolean ret = gst_pad_push_event (self->srcpad, event);
        gst_pad_start_task (self->srcpad,
            (GstTaskFunction) gst_geti_predict_src_loop, self, nullptr);
        return ret;
      }
      case GST_EVENT_CAPS: {
        GstCaps *caps;
        gst_event_parse_caps (event, &caps);
        GstVideoInfo info;
        if (!gst_video_info_from_caps (&info, caps)) {
          GST_WARNING_OBJECT (self, "invalid caps %" GST_PTR_FORMAT, caps);
          gst_event_unref (event);
          return FALSE;
        }
        /* Interleaved fields are sent woven, as one picture; fields in
         * separate planes are not a picture the encoder can take */
        const GstVideoInterlaceMode interlace =
            GST_VIDEO_INFO_INTERLACE_MODE (&info);
        if (interlace != GST_VIDEO_INTERLACE_MODE_PROGRESSIVE &&
            interlace != GST_VIDEO_INTERLACE_MODE_INTERLEAVED &&
            interlace != GST_VIDEO_INTERLACE_MODE_MIXED) {
          GST_ELEMENT_ERROR (self, STREAM, FORMAT,
              ("Interlace mode \"%s\" is not supported: deinterlace first, "
               "or give interleaved or progressive frames",
                  gst_video_interlace_mode_to_string (interlace)),
              ("caps %" GST_PTR_FORMAT, caps));
          gst_event_unref (event);
          return FALSE;
        }
        /* the streaming thread's: serialized with the buffers */
        st.info = info;
        return gst_geti_predict_queue_event (self, event);
      }
      case GST_EVENT_SEGMENT: {
        const GstSegment *segment;
        gst_event_parse_segment (event, &segment);
        if (segment->format != GST_FORMAT_TIME) {
          GST_ELEMENT_ERROR (self, STREAM, FORMAT, (nullptr),
              ("a %s segment where a time segment was expected",
                  gst_format_get_name (segment->format)));
          gst_event_unref (event);
          return FALSE;
        }
        gst_segment_copy_into (segment, &st.segment);
        return gst_geti_predict_queue_event (self, event);
      }
      case GST_EVENT_EOS: {
        /* EOS leaves within one timeout whatever the server does: no
         * request attempt or retry wait goes past that, and a project
         * look-up still running is given up */
        st.pool.drain (
            Clock::now () + std::chrono::seconds (st.settings.timeout));
        if (!st.pool.ready ())
          g_cancellable_cancel (st.setup_cancellable.get ());
        return gst_geti_predict_queue_event (self, event);
      }
      default:
        if (GST_EVENT_IS_SERIALIZED (event))
          return gst_geti_predict_queue_event (self, event);
        return gst_pad_event_default (pad, parent, event);
    }
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR (self, CORE, EVENT, ("%s", e.what ()), (nullptr));
    return FALSE;
  }
}

static gboolean
gst_geti_predict_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstGetiPredict *self = GST_GETI_PREDICT (parent);

  if (GST_QUERY_TYPE (query) == GST_QUERY_CONTEXT &&
      gst_geti_predict_answer_context (self, query))
    return TRUE;
  if (GST_QUERY_IS_SERIALIZED (query)) {
    /* A serialized query (allocation, drain) must not overtake the data
     * before it: answer it once that has left. */
    const StatePtr state = gst_geti_predict_state (self);
    if (!state)
      return FALSE;
    State &st = *state;
    OrderedOutput &out = st.output;
    std::unique_lock<std::mutex> lock (out.lock);
    out.drain_waiters++;
    out.item_cond.wait (lock, [&] {
      return out.src_result != GST_FLOW_OK || st.fatal ||
             (out.queue.empty () && !out.pushing);
    });
    out.drain_waiters--;
    if (out.src_result != GST_FLOW_OK || st.fatal)
      return FALSE;
  }
  return gst_pad_query_default (pad, parent, query);
}

static gboolean
gst_geti_predict_src_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstGetiPredict *self = GST_GETI_PREDICT (parent);

  if (GST_QUERY_TYPE (query) == GST_QUERY_CONTEXT &&
      gst_geti_predict_answer_context (self, query))
    return TRUE;
  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return gst_pad_query_default (pad, parent, query);

  if (!gst_pad_peer_query (self->sinkpad, query))
    return FALSE;
  gboolean live;
  GstClockTime min, max;
  gst_query_parse_latency (query, &live, &min, &max);

  /* What this run works with: the start-time copy while running */
  GstGetiPredictMode mode;
  guint64 max_latency;
  if (const StatePtr st = gst_geti_predict_state (self)) {
    mode = st->settings.mode;
    max_latency = st->settings.max_latency;
    st->upstream_live = live ? 1 : 0;
  } else {
    std::lock_guard<std::mutex> lock (self->priv->settings_lock);
    mode = self->priv->settings.mode;
    max_latency = self->priv->settings.max_latency;
  }
  /* Ordered mode in a live pipeline holds a frame up to max-latency */
  if (live && mode == GST_GETI_PREDICT_MODE_ORDERED) {
    min += max_latency;
    if (GST_CLOCK_TIME_IS_VALID (max))
      max += max_latency;
  }
  GST_DEBUG_OBJECT (self,
      "latency: live %d, min %" GST_TIME_FORMAT ", max %" GST_TIME_FORMAT, live,
      GST_TIME_ARGS (min), GST_TIME_ARGS (max));
  gst_query_set_latency (query, live, min, max);
  return TRUE;
}

static gboolean
gst_geti_predict_sink_activate_mode (
    GstPad *pad, GstObject *parent, GstPadMode mode, gboolean active)
{
  GstGetiPredict *self = GST_GETI_PREDICT (parent);

  if (mode != GST_PAD_MODE_PUSH)
    return FALSE;
  if (!active) {
    /* Wake a chain function waiting for a slot or room, so the pad can
     * take the stream lock */
    if (const StatePtr st = gst_geti_predict_state (self)) {
      st->pool.interrupt ();
      st->pool.cancel_all ();
      {
        std::lock_guard<std::mutex> lock (st->output.lock);
        st->output.src_result = GST_FLOW_FLUSHING;
      }
      st->output.wake ();
    }
  } else if (const StatePtr st = gst_geti_predict_state (self)) {
    st->pool.resume ();
  }
  return TRUE;
}

static gboolean
gst_geti_predict_src_activate_mode (
    GstPad *pad, GstObject *parent, GstPadMode mode, gboolean active)
{
  GstGetiPredict *self = GST_GETI_PREDICT (parent);

  if (mode != GST_PAD_MODE_PUSH)
    return FALSE;
  const StatePtr st = gst_geti_predict_state (self);
  if (active) {
    if (!st)
      return FALSE;
    {
      std::lock_guard<std::mutex> lock (st->output.lock);
      st->output.src_result = GST_FLOW_OK;
    }
    return gst_pad_start_task (
        pad, (GstTaskFunction) gst_geti_predict_src_loop, self, nullptr);
  }
  if (st) {
    {
      std::lock_guard<std::mutex> lock (st->output.lock);
      st->output.src_result = GST_FLOW_FLUSHING;
    }
    st->output.wake ();
  }
  return gst_pad_stop_task (pad);
}

/* The source pad task: pushes the queue's head once it is ready, in
 * order. */
static void
gst_geti_predict_src_loop (GstGetiPredict *self)
{
  const StatePtr state = gst_geti_predict_state (self);
  if (!state) {
    gst_pad_pause_task (self->srcpad);
    return;
  }
  State &st = *state;
  OrderedOutput &out = st.output;
  const PlayingSettings ps = gst_geti_predict_playing_settings (self);

  Item item;
  Decoration decoration;
  {
    std::unique_lock<std::mutex> lock (out.lock);
    for (;;) {
      if (out.src_result != GST_FLOW_OK ||
          (!out.queue.empty () && !out.pushing && out.queue.front ().ready ()))
        break;
      if (out.queue.empty () || out.pushing) {
        out.item_cond.wait (lock);
        continue;
      }
      /* A frame waiting for its predictions, until its deadline at most
       * (time_point::max () outside live pipelines) */
      const Clock::time_point deadline = out.queue.front ().deadline;
      if (deadline == Clock::time_point::max ()) {
        out.item_cond.wait (lock);
        continue;
      }
      if (out.item_cond.wait_until (lock, deadline) ==
              std::cv_status::timeout &&
          !out.queue.empty () && !out.queue.front ().ready ()) {
        Item &head = out.queue.front ();
        GST_DEBUG_OBJECT (self,
            "frame %" G_GUINT64_FORMAT " leaves without "
            "its predictions after max-latency",
            head.frame);
        head.job->detached = true;
      }
    }
    const GstFlowReturn result = out.src_result;
    if (result != GST_FLOW_OK) {
      lock.unlock ();
      GST_DEBUG_OBJECT (self, "pausing: %s", gst_flow_get_name (result));
      gst_pad_pause_task (self->srcpad);
      return;
    }
    item = std::move (out.queue.front ());
    out.queue.pop_front ();
    if (item.buffer)
      out.queued_buffers--;
    decoration = gst_geti_predict_begin_push (out, item, ps);
    out.space_cond.notify_all ();
  }

  const bool was_buffer = item.buffer != nullptr;
  GstFlowReturn ret = gst_geti_predict_push (self, item, decoration, ps);
  gst_geti_predict_end_push (self, st, ret, was_buffer);
  if (ret == GST_FLOW_OK || (ret == GST_FLOW_EOS && was_buffer))
    return;

  GST_DEBUG_OBJECT (self, "pausing after %s", gst_flow_get_name (ret));
  gst_pad_pause_task (self->srcpad);
  if (ret == GST_FLOW_NOT_LINKED || ret < GST_FLOW_EOS) {
    GST_ELEMENT_FLOW_ERROR (self, ret);
    gst_pad_push_event (self->srcpad, gst_event_new_eos ());
  }
}
