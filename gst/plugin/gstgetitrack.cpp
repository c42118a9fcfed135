/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-getitrack
 * @title: getitrack
 *
 * Follows the objects getipredict found, from one answer to the next, with
 * no network and no look at the pixels: every tracked prediction gets a
 * track id (#GstGetiPrediction.track_id, the
 * #GstVideoRegionOfInterestMeta id, `"track_id"` in JSON Lines), stable
 * for as long as the object is seen, and the frames between two answers
 * get boxes that follow the objects instead of the last answer's, unmoved.
 *
 * With `getipredict interval=N`, one frame in N carries an answer; the
 * others hold it. #GstGetiTrack:motion says what they get:
 *
 * - `interpolate` (the default when the pipeline is not live): the frames
 *   after an answer wait for the next one, then each shape is placed
 *   between its two real positions (rectangles, ellipses and rotated
 *   rectangles by their parameters, polygons point by point when the two
 *   have as many points, else moved and resized with their box). Exact on
 *   a straight path at a constant speed. The frames wait at most
 *   #GstGetiTrack:max-latency (the latency getitrack reports in a live
 *   pipeline) and #GstGetiTrack:max-held-buffers, and leave held at EOS;
 * - `extrapolate` (the default in a live pipeline): no frame waits; each
 *   shape moves on with its track's velocity, fitted to its latest real
 *   positions, and stops at the edges of the frame;
 * - `hold`: the last answer's shapes, with ids.
 *
 * Each frame's #GstGetiPredictionMeta says which it got
 * (gst_geti_prediction_meta_get_source(), JSON Lines `"source"`).
 *
 * Tracks are matched to the predictions of each answer with the same
 * label (the first: in a task chain, the detection's), one-to-one, by
 * overlap with where each track should be by then, then by distance
 * (sparse answers move objects further than their size); a track
 * unmatched for #GstGetiTrack:max-age ends. Whole-frame results
 * (classification, anomaly) and predictions without labels are not
 * tracked; keypoints are tracked one by one.
 *
 * Buffers are made writable only shallowly: getitrack never copies
 * pixels.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 filesrc location=in.mp4 ! decodebin ! videoconvert ! \
 *     getipredict interval=5 ! getitrack ! getioverlay ! videoconvert ! \
 *     autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstgetitrack.h"

#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "gst_ptr.h"
#include "track_frames.h"

#include <exception>
#include <mutex>
#include <vector>

GST_DEBUG_CATEGORY_STATIC (gst_geti_track_debug);
#define GST_CAT_DEFAULT gst_geti_track_debug

using namespace gst_geti;
using gst_geti::track::FrameConfig;
using gst_geti::track::FrameTracker;
using gst_geti::track::Item;
using gst_geti::track::Motion;

enum {
  PROP_0,
  PROP_MOTION,
  PROP_MAX_AGE,
  PROP_IOU_THRESHOLD,
  PROP_MAX_LATENCY,
  PROP_MAX_HELD_BUFFERS,
  PROP_STATS,
};

constexpr GstGetiTrackMotion DEFAULT_MOTION = GST_GETI_TRACK_MOTION_AUTO;
constexpr guint64 DEFAULT_MAX_AGE = 2 * GST_SECOND;
constexpr gdouble DEFAULT_IOU_THRESHOLD = 0.1;
constexpr guint64 DEFAULT_MAX_LATENCY = 2 * GST_SECOND;
constexpr guint DEFAULT_MAX_HELD_BUFFERS = 100;

/* Any video: getitrack reads and writes metas only */
static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-raw(ANY)"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-raw(ANY)"));

namespace {

struct Settings {
  GstGetiTrackMotion motion = DEFAULT_MOTION;
  guint64 max_age = DEFAULT_MAX_AGE;
  gdouble iou_threshold = DEFAULT_IOU_THRESHOLD;
  guint64 max_latency = DEFAULT_MAX_LATENCY;
  guint max_held_buffers = DEFAULT_MAX_HELD_BUFFERS;
};

/* From READY to READY; the streaming thread changes it (under the stream
 * lock), the state lock guards it against the readers of the stats and
 * the latency. */
struct State {
  FrameTracker frames;
  /* the motion in force, once the first buffer said whether upstream is
   * live; unknown before */
  bool motion_known = false;
  /* the last LATENCY answer from upstream said live */
  bool upstream_live = false;
  guint64 settings_version = G_MAXUINT64;
};

} // namespace

struct GstGetiTrackPrivate {
  std::mutex settings_lock;
  Settings settings;
  guint64 settings_version = 0;

  std::mutex state_lock;
  State state;
};

struct _GstGetiTrack {
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;
  GstGetiTrackPrivate *priv;
};

#define gst_geti_track_parent_class parent_class
G_DEFINE_TYPE (GstGetiTrack, gst_geti_track, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (getitrack, "getitrack", GST_RANK_NONE,
    GST_TYPE_GETI_TRACK,
    GST_DEBUG_CATEGORY_INIT (gst_geti_track_debug, "getitrack", 0,
        "Tracks Geti predictions between answers"));

GType
gst_geti_track_motion_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_GETI_TRACK_MOTION_AUTO,
        "Interpolate when the pipeline is not live, extrapolate when it is",
        "auto" },
    { GST_GETI_TRACK_MOTION_INTERPOLATE,
        "Hold the frames between two answers back and place each shape "
        "between its two real positions",
        "interpolate" },
    { GST_GETI_TRACK_MOTION_EXTRAPOLATE,
        "Never hold a frame back: move each shape on with its track's "
        "velocity",
        "extrapolate" },
    { GST_GETI_TRACK_MOTION_HOLD, "The last answer's shapes, with track ids",
        "hold" },
    { 0, nullptr, nullptr },
  };
  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstGetiTrackMotion", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

static void gst_geti_track_finalize (GObject *object);
static void gst_geti_track_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec);
static void gst_geti_track_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_geti_track_change_state (
    GstElement *element, GstStateChange transition);
static GstFlowReturn gst_geti_track_chain (
    GstPad *pad, GstObject *parent, GstBuffer *buffer);
static gboolean gst_geti_track_sink_event (
    GstPad *pad, GstObject *parent, GstEvent *event);
static gboolean gst_geti_track_sink_query (
    GstPad *pad, GstObject *parent, GstQuery *query);
static gboolean gst_geti_track_src_query (
    GstPad *pad, GstObject *parent, GstQuery *query);

static void
gst_geti_track_class_init (GstGetiTrackClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  const auto playing = static_cast<GParamFlags> (
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  const auto ready = static_cast<GParamFlags> (
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);

  gobject_class->set_property = gst_geti_track_set_property;
  gobject_class->get_property = gst_geti_track_get_property;
  gobject_class->finalize = gst_geti_track_finalize;

  g_object_class_install_property (gobject_class, PROP_MOTION,
      g_param_spec_enum ("motion", "Motion",
          "Where the shapes go on the frames between two answers: placed "
          "between the two (interpolate: those frames wait for the next "
          "answer), moved on with their velocity (extrapolate), or left "
          "where the last answer put them (hold); auto: interpolate unless "
          "the pipeline is live",
          GST_TYPE_GETI_TRACK_MOTION, DEFAULT_MOTION, ready));
  g_object_class_install_property (gobject_class, PROP_MAX_AGE,
      g_param_spec_uint64 ("max-age", "Max age",
          "How long a track lives without being seen in an answer (in "
          "nanoseconds of stream time); an object seen again within it "
          "keeps its id",
          0, G_MAXUINT64, DEFAULT_MAX_AGE, playing));
  g_object_class_install_property (gobject_class, PROP_IOU_THRESHOLD,
      g_param_spec_double ("iou-threshold", "IoU threshold",
          "The least overlap (intersection over union) between a track's "
          "expected box and a prediction for them to match on overlap; "
          "what is left is matched by distance",
          0.0, 1.0, DEFAULT_IOU_THRESHOLD, playing));
  g_object_class_install_property (gobject_class, PROP_MAX_LATENCY,
      g_param_spec_uint64 ("max-latency", "Max latency",
          "With motion=interpolate, the longest a frame waits for the next "
          "answer (in nanoseconds of stream time) before it leaves with the "
          "last one held; the latency getitrack adds in a live pipeline",
          0, G_MAXUINT64, DEFAULT_MAX_LATENCY, ready));
  g_object_class_install_property (gobject_class, PROP_MAX_HELD_BUFFERS,
      g_param_spec_uint ("max-held-buffers", "Max held buffers",
          "With motion=interpolate, the most frames that wait for the next "
          "answer at once; the oldest leaves held past it",
          0, G_MAXUINT, DEFAULT_MAX_HELD_BUFFERS, playing));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "What getitrack did: frames predicted, held, interpolated, "
          "extrapolated and untouched (without predictions), frames let go "
          "before the next answer, tracks alive, ids given, the motion in "
          "force",
          GST_TYPE_STRUCTURE,
          static_cast<GParamFlags> (
              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Geti tracker",
      "Filter/Analyzer/Video",
      "Gives Geti predictions track ids and places them on the frames "
      "between two answers",
      "gst-geti developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_geti_track_change_state);

  gst_type_mark_as_plugin_api (
      GST_TYPE_GETI_TRACK_MOTION, static_cast<GstPluginAPIFlags> (0));
}

static void
gst_geti_track_init (GstGetiTrack *self)
{
  self->priv = new GstGetiTrackPrivate ();

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_track_chain));
  gst_pad_set_event_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_track_sink_event));
  gst_pad_set_query_function (
      self->sinkpad, GST_DEBUG_FUNCPTR (gst_geti_track_sink_query));
  GST_PAD_SET_PROXY_CAPS (self->sinkpad);
  GST_PAD_SET_PROXY_ALLOCATION (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (
      self->srcpad, GST_DEBUG_FUNCPTR (gst_geti_track_src_query));
  GST_PAD_SET_PROXY_CAPS (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}

static void
gst_geti_track_finalize (GObject *object)
{
  GstGetiTrack *self = GST_GETI_TRACK (object);

  delete self->priv;
  self->priv = nullptr;

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_geti_track_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstGetiTrack *self = GST_GETI_TRACK (object);
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  Settings &s = self->priv->settings;

  switch (prop_id) {
    case PROP_MOTION:
      s.motion = static_cast<GstGetiTrackMotion> (g_value_get_enum (value));
      break;
    case PROP_MAX_AGE:
      s.max_age = g_value_get_uint64 (value);
      break;
    case PROP_IOU_THRESHOLD:
      s.iou_threshold = g_value_get_double (value);
      break;
    case PROP_MAX_LATENCY:
      s.max_latency = g_value_get_uint64 (value);
      break;
    case PROP_MAX_HELD_BUFFERS:
      s.max_held_buffers = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
  }
  self->priv->settings_version++;
}

static const char *
motion_name (Motion motion)
{
  switch (motion) {
    case Motion::interpolate:
      return "interpolate";
    case Motion::extrapolate:
      return "extrapolate";
    case Motion::hold:
      return "hold";
  }
  return "unknown";
}

static GstStructure *
gst_geti_track_get_stats (GstGetiTrack *self)
{
  std::lock_guard<std::mutex> lock (self->priv->state_lock);
  const State &st = self->priv->state;
  const track::FrameStats &fs = st.frames.stats ();
  return gst_structure_new ("getitrack-stats", "predicted", G_TYPE_UINT64,
      fs.predicted, "held", G_TYPE_UINT64, fs.held, "interpolated",
      G_TYPE_UINT64, fs.interpolated, "extrapolated", G_TYPE_UINT64,
      fs.extrapolated, "untouched", G_TYPE_UINT64, fs.untouched,
      "released-early", G_TYPE_UINT64, fs.released_early, "waiting",
      G_TYPE_UINT64, static_cast<guint64> (st.frames.queued_buffers ()),
      "tracks", G_TYPE_UINT64,
      static_cast<guint64> (st.frames.tracker ().live_tracks ()), "track-ids",
      G_TYPE_UINT64, st.frames.tracker ().ids_issued (), "untracked-over-limit",
      G_TYPE_UINT64, st.frames.tracker ().untracked_over_limit (), "motion",
      G_TYPE_STRING,
      st.motion_known ? motion_name (st.frames.config ().motion) : "unknown",
      nullptr);
}

static void
gst_geti_track_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstGetiTrack *self = GST_GETI_TRACK (object);

  if (prop_id == PROP_STATS) {
    g_value_take_boxed (value, gst_geti_track_get_stats (self));
    return;
  }

  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  const Settings &s = self->priv->settings;
  switch (prop_id) {
    case PROP_MOTION:
      g_value_set_enum (value, s.motion);
      break;
    case PROP_MAX_AGE:
      g_value_set_uint64 (value, s.max_age);
      break;
    case PROP_IOU_THRESHOLD:
      g_value_set_double (value, s.iou_threshold);
      break;
    case PROP_MAX_LATENCY:
      g_value_set_uint64 (value, s.max_latency);
      break;
    case PROP_MAX_HELD_BUFFERS:
      g_value_set_uint (value, s.max_held_buffers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Whether upstream is live: its LATENCY answer. */
static bool
gst_geti_track_upstream_is_live (GstGetiTrack *self)
{
  g_autoptr (GstQuery) query = gst_query_new_latency ();
  gboolean live = FALSE;
  if (gst_pad_peer_query (self->sinkpad, query))
    gst_query_parse_latency (query, &live, nullptr, nullptr);
  return live;
}

static Motion
resolve_motion (GstGetiTrackMotion motion, bool live)
{
  switch (motion) {
    case GST_GETI_TRACK_MOTION_INTERPOLATE:
      return Motion::interpolate;
    case GST_GETI_TRACK_MOTION_EXTRAPOLATE:
      return Motion::extrapolate;
    case GST_GETI_TRACK_MOTION_HOLD:
      return Motion::hold;
    case GST_GETI_TRACK_MOTION_AUTO:
    default:
      return live ? Motion::extrapolate : Motion::interpolate;
  }
}

/* Takes the properties in, when they changed (and, the first time, says
 * which motion applies). Called from the streaming thread without a lock. */
static void
gst_geti_track_update_config (GstGetiTrack *self)
{
  GstGetiTrackPrivate *priv = self->priv;
  Settings s;
  guint64 version;
  {
    std::lock_guard<std::mutex> lock (priv->settings_lock);
    s = priv->settings;
    version = priv->settings_version;
  }

  bool known, live;
  {
    std::lock_guard<std::mutex> lock (priv->state_lock);
    if (priv->state.motion_known && priv->state.settings_version == version)
      return;
    known = priv->state.motion_known;
    live = priv->state.upstream_live;
  }
  if (!known)
    live = gst_geti_track_upstream_is_live (self);

  FrameConfig config;
  {
    std::lock_guard<std::mutex> lock (priv->state_lock);
    State &st = priv->state;
    /* the motion stays for the run (the property is READY-only) */
    config.motion = st.motion_known ? st.frames.config ().motion
                                    : resolve_motion (s.motion, live);
    config.tracker.max_age = s.max_age;
    config.tracker.iou_threshold = s.iou_threshold;
    config.max_latency = s.max_latency;
    config.max_held_buffers = s.max_held_buffers;
    st.frames.configure (config);
    st.upstream_live = live;
    st.settings_version = version;
    if (!known)
      GST_INFO_OBJECT (self, "motion: %s (upstream %slive)",
          motion_name (config.motion), live ? "" : "not ");
    st.motion_known = true;
  }
}

/* Sends what may leave, in order; stops at the first failure (the rest is
 * dropped). No lock held. */
static GstFlowReturn
gst_geti_track_push_items (GstGetiTrack *self, std::vector<Item> &items)
{
  GstFlowReturn ret = GST_FLOW_OK;
  for (Item &item : items) {
    if (item.event) {
      gst_pad_push_event (self->srcpad, item.event.release ());
      continue;
    }
    if (ret != GST_FLOW_OK)
      continue;
    ret = gst_pad_push (self->srcpad, item.buffer.release ());
  }
  items.clear ();
  return ret;
}

static GstFlowReturn
gst_geti_track_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstGetiTrack *self = GST_GETI_TRACK (parent);
  BufferPtr owned (buffer);

  std::vector<Item> out;
  try {
    gst_geti_track_update_config (self);
    std::lock_guard<std::mutex> lock (self->priv->state_lock);
    self->priv->state.frames.push_buffer (std::move (owned), out);
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR (
        self, CORE, FAILED, ("Tracking failed"), ("%s", e.what ()));
    return GST_FLOW_ERROR;
  }
  return gst_geti_track_push_items (self, out);
}

/* Lets every waiting frame go (held), then @event if any. */
static gboolean
gst_geti_track_drain_then (GstGetiTrack *self, GstEvent *event)
{
  std::vector<Item> out;
  {
    std::lock_guard<std::mutex> lock (self->priv->state_lock);
    self->priv->state.frames.drain (out);
  }
  if (!out.empty ())
    GST_DEBUG_OBJECT (self, "letting %zu waiting items go", out.size ());
  gst_geti_track_push_items (self, out);
  return event ? gst_pad_push_event (self->srcpad, event) : TRUE;
}

static gboolean
gst_geti_track_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstGetiTrack *self = GST_GETI_TRACK (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_STOP: {
      std::vector<Item> dropped;
      {
        std::lock_guard<std::mutex> lock (self->priv->state_lock);
        self->priv->state.frames.reset (dropped);
      }
      dropped.clear ();
      return gst_pad_push_event (self->srcpad, event);
    }
    case GST_EVENT_STREAM_START: {
      /* another stream: other objects */
      gst_geti_track_drain_then (self, nullptr);
      std::vector<Item> dropped;
      {
        std::lock_guard<std::mutex> lock (self->priv->state_lock);
        self->priv->state.frames.reset (dropped);
      }
      return gst_pad_push_event (self->srcpad, event);
    }
    case GST_EVENT_EOS:
    case GST_EVENT_CAPS:
    case GST_EVENT_SEGMENT:
      /* the waiting frames belong before it (and a new size or segment
       * cannot be interpolated across) */
      return gst_geti_track_drain_then (self, event);
    default:
      break;
  }

  if (!GST_EVENT_IS_SERIALIZED (event))
    return gst_pad_event_default (pad, parent, event);

  std::vector<Item> out;
  {
    std::lock_guard<std::mutex> lock (self->priv->state_lock);
    self->priv->state.frames.push_event (EventPtr (event), out);
  }
  gst_geti_track_push_items (self, out);
  return TRUE;
}

static gboolean
gst_geti_track_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstGetiTrack *self = GST_GETI_TRACK (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_DRAIN:
      /* upstream wants its buffers back: none may wait */
      gst_geti_track_drain_then (self, nullptr);
      break;
    case GST_QUERY_ALLOCATION: {
      if (!gst_pad_peer_query (self->srcpad, query))
        return FALSE;
      /* Interpolation keeps up to max-held-buffers frames: a pool with a
       * fixed size must be able to grow by as many, or upstream would wait
       * for a buffer that waits for upstream. */
      guint extra;
      {
        std::lock_guard<std::mutex> lock (self->priv->settings_lock);
        extra =
            self->priv->settings.motion == GST_GETI_TRACK_MOTION_EXTRAPOLATE ||
                    self->priv->settings.motion == GST_GETI_TRACK_MOTION_HOLD
                ? 0
                : self->priv->settings.max_held_buffers;
      }
      for (guint i = 0;
           extra > 0 && i < gst_query_get_n_allocation_pools (query); i++) {
        GstBufferPool *pool;
        guint size, min, max;
        gst_query_parse_nth_allocation_pool (
            query, i, &pool, &size, &min, &max);
        if (max != 0) {
          max = max > G_MAXUINT - extra ? G_MAXUINT : max + extra;
          gst_query_set_nth_allocation_pool (query, i, pool, size, min, max);
        }
        if (pool)
          gst_object_unref (pool);
      }
      return TRUE;
    }
    default:
      break;
  }
  return gst_pad_query_default (pad, parent, query);
}

static gboolean
gst_geti_track_src_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstGetiTrack *self = GST_GETI_TRACK (parent);

  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return gst_pad_query_default (pad, parent, query);

  if (!gst_pad_peer_query (self->sinkpad, query))
    return FALSE;
  gboolean live;
  GstClockTime min, max;
  gst_query_parse_latency (query, &live, &min, &max);

  GstGetiTrackMotion setting;
  guint64 max_latency;
  {
    std::lock_guard<std::mutex> lock (self->priv->settings_lock);
    setting = self->priv->settings.motion;
    max_latency = self->priv->settings.max_latency;
  }
  Motion motion;
  {
    std::lock_guard<std::mutex> lock (self->priv->state_lock);
    State &st = self->priv->state;
    motion = st.motion_known ? st.frames.config ().motion
                             : resolve_motion (setting, live);
    if (!st.motion_known)
      st.upstream_live = live;
  }
  /* Interpolation holds a frame back up to max-latency */
  if (live && motion == Motion::interpolate) {
    min += max_latency;
    if (GST_CLOCK_TIME_IS_VALID (max))
      max += max_latency;
  }
  GST_DEBUG_OBJECT (self,
      "latency: live %d, motion %s, min %" GST_TIME_FORMAT
      ", max %" GST_TIME_FORMAT,
      live, motion_name (motion), GST_TIME_ARGS (min), GST_TIME_ARGS (max));
  gst_query_set_latency (query, live, min, max);
  return TRUE;
}

static GstStateChangeReturn
gst_geti_track_change_state (GstElement *element, GstStateChange transition)
{
  GstGetiTrack *self = GST_GETI_TRACK (element);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    std::lock_guard<std::mutex> lock (self->priv->state_lock);
    self->priv->state = State ();
  }

  GstStateChangeReturn ret =
      GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    /* the pads are inactive: no streaming thread is here any more */
    std::vector<Item> dropped; /* freed after the lock */
    std::lock_guard<std::mutex> lock (self->priv->state_lock);
    self->priv->state.frames.reset (dropped);
    self->priv->state.motion_known = false;
  }
  return ret;
}
