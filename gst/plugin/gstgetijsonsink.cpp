/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-getijsonsink
 * @title: getijsonsink
 *
 * Writes the Geti predictions that getipredict attached to the buffers as
 * JSON Lines: one object per buffer, flushed line by line, in the format of
 * gst_geti_prediction_meta_to_json().
 *
 * Geti answers "nothing found" with its empty label ("No object", "No
 * class", "Empty"), which the line marks `"empty": true`: such a frame is
 * written but counted in #GstGetiJsonSink:stats as `frames-nothing-found`,
 * not as `frames-with-detections`.
 *
 * With #GstGetiJsonSink:all-frames, a buffer without predictions gets a
 * line too: `"predictions": []`, and `"source": null` where a line with
 * predictions says where they come from (`"predicted"`, `"held"`,
 * `"interpolated"`, `"extrapolated"`).
 *
 * The predictions come from getipredict, which must come before the sink:
 * when none reach it, it says so once (INFO), and warns at EOS when it
 * wrote nothing at all.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=30 ! getipredict … ! \
 *     getijsonsink location=predictions.jsonl
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstgetijsonsink.h"

#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include <glib/gstdio.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

GST_DEBUG_CATEGORY_STATIC (gst_geti_json_sink_debug);
#define GST_CAT_DEFAULT gst_geti_json_sink_debug

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_ALL_FRAMES,
  PROP_STATS,
};

constexpr gboolean DEFAULT_ALL_FRAMES = FALSE;

/* Any raw video, in any memory, not only the formats of video_formats.h:
 * the sink reads the predictions' meta and the frame size, never the
 * pixels. */
static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-raw(ANY)"));

namespace {

struct Settings {
  std::string location;
  bool all_frames = DEFAULT_ALL_FRAMES;
};

struct State {
  FILE *file = nullptr;
  bool owns_file = false;
  std::string location; /* for messages */
  guint width = 0;
  guint height = 0;
  /* Numbers for buffers without meta: the last numbered frame and the
   * buffers since, so the count stays in step with getipredict's. */
  guint64 next_frame = 0;
  bool told_no_predictions = false;
};

/* What was written since the start, for the stats property; kept after
 * stop. */
struct Stats {
  guint64 lines = 0;
  guint64 frames_with_detections = 0;
  guint64 frames_nothing_found = 0;
  guint64 frames_without_predictions = 0;
};

/* Whether @predictions hold a detection: a label that is not the empty
 * one. */
bool
has_detection (const GstGetiPredictions *predictions)
{
  const guint n =
      predictions != nullptr ? gst_geti_predictions_get_size (predictions) : 0;
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *p = gst_geti_predictions_get (predictions, i);
    for (guint j = 0; j < p->n_labels; j++)
      if (!p->labels[j].empty)
        return true;
  }
  return false;
}

} // namespace

struct GstGetiJsonSinkPrivate {
  std::mutex settings_lock;
  Settings settings;
  State state; /* streaming thread and start/stop only */
  std::mutex stats_lock;
  Stats stats;
};

struct _GstGetiJsonSink {
  GstBaseSink parent;

  GstGetiJsonSinkPrivate *priv;
};

#define gst_geti_json_sink_parent_class parent_class
G_DEFINE_TYPE (GstGetiJsonSink, gst_geti_json_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (getijsonsink, "getijsonsink",
    GST_RANK_NONE, GST_TYPE_GETI_JSON_SINK,
    GST_DEBUG_CATEGORY_INIT (gst_geti_json_sink_debug, "getijsonsink", 0,
        "Geti predictions as JSON Lines"));

static void gst_geti_json_sink_finalize (GObject *object);
static void gst_geti_json_sink_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec);
static void gst_geti_json_sink_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);
static gboolean gst_geti_json_sink_start (GstBaseSink *sink);
static gboolean gst_geti_json_sink_stop (GstBaseSink *sink);
static gboolean gst_geti_json_sink_set_caps (GstBaseSink *sink, GstCaps *caps);
static gboolean gst_geti_json_sink_event (GstBaseSink *sink, GstEvent *event);
static GstFlowReturn gst_geti_json_sink_render (
    GstBaseSink *sink, GstBuffer *buffer);

static void
gst_geti_json_sink_class_init (GstGetiJsonSinkClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *base_sink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->finalize = gst_geti_json_sink_finalize;
  gobject_class->set_property = gst_geti_json_sink_set_property;
  gobject_class->get_property = gst_geti_json_sink_get_property;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "File to write the JSON lines to; unset or \"-\" writes to the "
          "standard output",
          nullptr,
          static_cast<GParamFlags> (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                    GST_PARAM_MUTABLE_READY)));
  g_object_class_install_property (gobject_class, PROP_ALL_FRAMES,
      g_param_spec_boolean ("all-frames", "All frames",
          "Write a line for every buffer (\"predictions\": [] where it has "
          "none), not only for the buffers with predictions",
          DEFAULT_ALL_FRAMES,
          static_cast<GParamFlags> (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                    GST_PARAM_MUTABLE_PLAYING)));
  /**
   * GstGetiJsonSink:stats:
   *
   * What was written since the element started, as an
   * `application/x-getijsonsink-stats` structure of #guint64 fields:
   * `lines` (lines written), `frames-with-detections` (buffers whose
   * predictions hold a label that is not the empty one),
   * `frames-nothing-found` (buffers with predictions that hold only empty
   * labels, or none: Geti's "nothing found") and
   * `frames-without-predictions` (buffers without predictions). Readable
   * after the element stops.
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "What was written since the start: lines, frames-with-detections, "
          "frames-nothing-found (only empty labels such as \"No object\"), "
          "frames-without-predictions",
          GST_TYPE_STRUCTURE,
          static_cast<GParamFlags> (
              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "Geti predictions JSON Lines sink", "Sink/File",
      "Writes the Geti predictions of video buffers as JSON Lines",
      "gst-geti developers");
  gst_element_class_add_static_metadata (element_class,
      GST_ELEMENT_METADATA_DOC_URI, GST_PACKAGE_ORIGIN "#getijsonsink");

  base_sink_class->start = GST_DEBUG_FUNCPTR (gst_geti_json_sink_start);
  base_sink_class->stop = GST_DEBUG_FUNCPTR (gst_geti_json_sink_stop);
  base_sink_class->set_caps = GST_DEBUG_FUNCPTR (gst_geti_json_sink_set_caps);
  base_sink_class->render = GST_DEBUG_FUNCPTR (gst_geti_json_sink_render);
  base_sink_class->event = GST_DEBUG_FUNCPTR (gst_geti_json_sink_event);
}

static void
gst_geti_json_sink_init (GstGetiJsonSink *self)
{
  self->priv = new GstGetiJsonSinkPrivate ();
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
}

static void
gst_geti_json_sink_finalize (GObject *object)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (object);

  delete self->priv;
  self->priv = nullptr;

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_geti_json_sink_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (object);
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  Settings &s = self->priv->settings;

  switch (prop_id) {
    case PROP_LOCATION: {
      const char *location = g_value_get_string (value);
      s.location = location ? location : "";
      break;
    }
    case PROP_ALL_FRAMES:
      s.all_frames = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_geti_json_sink_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (object);
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  const Settings &s = self->priv->settings;

  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (
          value, s.location.empty () ? nullptr : s.location.c_str ());
      break;
    case PROP_ALL_FRAMES:
      g_value_set_boolean (value, s.all_frames);
      break;
    case PROP_STATS: {
      Stats stats;
      {
        std::lock_guard<std::mutex> stats_lock (self->priv->stats_lock);
        stats = self->priv->stats;
      }
      g_value_take_boxed (
          value, gst_structure_new ("application/x-getijsonsink-stats", "lines",
                     G_TYPE_UINT64, stats.lines, "frames-with-detections",
                     G_TYPE_UINT64, stats.frames_with_detections,
                     "frames-nothing-found", G_TYPE_UINT64,
                     stats.frames_nothing_found, "frames-without-predictions",
                     G_TYPE_UINT64, stats.frames_without_predictions, nullptr));
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static gboolean
gst_geti_json_sink_start (GstBaseSink *sink)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (sink);
  State &st = self->priv->state;
  std::string location;
  {
    std::lock_guard<std::mutex> lock (self->priv->settings_lock);
    location = self->priv->settings.location;
  }

  st = State ();
  {
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->stats = Stats ();
  }
  if (location.empty () || location == "-") {
    st.file = stdout;
    st.location = "standard output";
    return TRUE;
  }
  st.file = g_fopen (location.c_str (), "w");
  if (st.file == nullptr) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        ("Could not open \"%s\" for writing: %s", location.c_str (),
            g_strerror (errno)),
        (nullptr));
    return FALSE;
  }
  st.owns_file = true;
  st.location = location;
  return TRUE;
}

static gboolean
gst_geti_json_sink_stop (GstBaseSink *sink)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (sink);
  State &st = self->priv->state;
  gboolean ret = TRUE;

  if (st.owns_file && st.file != nullptr && fclose (st.file) != 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, CLOSE,
        ("Could not close \"%s\": %s", st.location.c_str (),
            g_strerror (errno)),
        (nullptr));
    ret = FALSE;
  }
  st = State ();
  return ret;
}

static gboolean
gst_geti_json_sink_set_caps (GstBaseSink *sink, GstCaps *caps)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (sink);
  State &st = self->priv->state;
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  gint width = 0, height = 0;

  gst_structure_get_int (s, "width", &width);
  gst_structure_get_int (s, "height", &height);
  st.width = static_cast<guint> (MAX (width, 0));
  st.height = static_cast<guint> (MAX (height, 0));
  return TRUE;
}

static GstFlowReturn
gst_geti_json_sink_render (GstBaseSink *sink, GstBuffer *buffer)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (sink);
  State &st = self->priv->state;
  bool all_frames;
  {
    std::lock_guard<std::mutex> lock (self->priv->settings_lock);
    all_frames = self->priv->settings.all_frames;
  }

  g_autofree gchar *line = nullptr;
  const GstGetiPredictionMeta *meta =
      gst_buffer_get_geti_prediction_meta (buffer);
  if (meta == nullptr && !st.told_no_predictions) {
    GST_INFO_OBJECT (self,
        "No Geti predictions on this buffer (frame %" G_GUINT64_FORMAT
        "): getipredict must come before getijsonsink in the pipeline "
        "(only it attaches them)",
        st.next_frame);
    st.told_no_predictions = true;
  } else if (meta != nullptr) {
    st.told_no_predictions = true;
  }
  {
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    Stats &stats = self->priv->stats;
    if (meta == nullptr)
      stats.frames_without_predictions++;
    else if (has_detection (meta->predictions))
      stats.frames_with_detections++;
    else
      stats.frames_nothing_found++;
  }

  if (meta != nullptr) {
    st.next_frame = meta->frame + 1;
    line = gst_geti_prediction_meta_to_json (meta);
  } else if (all_frames) {
    const GstClockTime pts = GST_BUFFER_PTS (buffer);
    g_autofree gchar *pts_text =
        GST_CLOCK_TIME_IS_VALID (pts)
            ? g_strdup_printf ("%" G_GUINT64_FORMAT, pts)
            : g_strdup ("null");
    line = g_strdup_printf (
        "{\"frame\": %" G_GUINT64_FORMAT ", \"pts\": %s, "
        "\"source_pts\": null, \"held\": false, \"source\": null, "
        "\"width\": %u, "
        "\"height\": %u, \"latency_ms\": null, \"created\": null, "
        "\"predictions\": []}",
        st.next_frame, pts_text, st.width, st.height);
    st.next_frame++;
  } else {
    st.next_frame++;
    return GST_FLOW_OK;
  }

  if (fputs (line, st.file) < 0 || fputc ('\n', st.file) == EOF ||
      fflush (st.file) != 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
        ("Could not write to %s: %s", st.location.c_str (), g_strerror (errno)),
        (nullptr));
    return GST_FLOW_ERROR;
  }
  std::lock_guard<std::mutex> lock (self->priv->stats_lock);
  self->priv->stats.lines++;
  return GST_FLOW_OK;
}

static gboolean
gst_geti_json_sink_event (GstBaseSink *sink, GstEvent *event)
{
  GstGetiJsonSink *self = GST_GETI_JSON_SINK (sink);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    Stats stats;
    {
      std::lock_guard<std::mutex> lock (self->priv->stats_lock);
      stats = self->priv->stats;
    }
    GST_INFO_OBJECT (self,
        "EOS: %" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT
        " frames with detections, %" G_GUINT64_FORMAT
        " with nothing found, %" G_GUINT64_FORMAT " without predictions",
        stats.lines, stats.frames_with_detections, stats.frames_nothing_found,
        stats.frames_without_predictions);
    if (stats.lines == 0) {
      GST_ELEMENT_WARNING (self, STREAM, FAILED,
          ("No Geti predictions reached getijsonsink, so nothing was written "
           "to %s: getipredict must come before getijsonsink in the pipeline",
              self->priv->state.location.c_str ()),
          ("%" G_GUINT64_FORMAT " buffers, none with a "
           "GstGetiPredictionMeta",
              stats.frames_without_predictions));
    }
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (sink, event);
}
