/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-getioverlay
 * @title: getioverlay
 *
 * Draws the Geti predictions that getipredict attached to the buffers
 * (#GstGetiPredictionMeta) the way Geti's own UI shows them: rectangles,
 * rotated rectangles and ellipses as outlines, polygons (and ellipses) with
 * a translucent fill, keypoints as dots joined by the project's skeleton,
 * and a tab with `name 87%` on the label's colour. A full-frame result
 * (classification, anomaly) becomes a banner across the top of the frame;
 * empty labels ("No object") are not drawn. Held predictions are drawn too
 * (#GstGetiOverlay:draw-held).
 *
 * A tracked prediction (one getitrack gave a track id) reads `#7 ball 97%`
 * (#GstGetiOverlay:show-track-id), and with #GstGetiOverlay:color-by=track
 * its shape and first tab take its track's colour: track 1 red (#e6194b),
 * 2 green (#3cb44b), 3 blue (#4363d8), 4 yellow (#ffe119), 5 purple
 * (#911eb4), 6 orange (#f58231), 7 cyan (#42d4f4), 8 magenta (#f032e6),
 * 9 lime (#bfef45), 10 brown (#9a6324), then again from red. Untracked
 * predictions are drawn as without getitrack.
 *
 * The drawing is made with Cairo and Pango once per distinct prediction
 * list, as a #GstVideoOverlayComposition. When downstream supports
 * `meta:GstVideoOverlayComposition` (in its caps and its ALLOCATION
 * answer) the composition is attached to the buffer for downstream to
 * draw; otherwise it is blended into the frame.
 *
 * ## Bounded drawing
 *
 * No prediction list, however large, makes a frame cost more to draw than
 * the frame allows:
 *
 * - shapes wholly outside the frame, and degenerate ones, are not drawn
 *   (nor their tabs); no more than 256 shapes are drawn per frame;
 * - polygons are simplified to the frame's pixels: points closer than half
 *   a pixel are merged, then every n-th point is kept while more than 2048
 *   are left (8192 over all the polygons of a frame) or more than 16 edges
 *   on average cross each frame row the polygon spans (128 per frame row
 *   over all of them): more is a scribble the frame cannot show;
 * - a shape gets at most 4 label tabs and the banner 8, then one `+N` tab
 *   for the rest; a label name is cut after 32 characters with an
 *   ellipsis, on one line; a frame gets at most 64 tabs;
 * - the skeleton joins keypoints along the first 256 edges, with at most
 *   1024 lines.
 *
 * #GstGetiOverlay:stats says what the last drawing drew.
 *
 * ## Explanation maps
 *
 * With getipredict's `explain-interval`, frames also carry Geti's
 * explanation maps (`:explain`: a saliency map per predicted label, the
 * anomaly map of an anomaly model), 8-bit intensity images usually much
 * smaller than the frame. #GstGetiOverlay:show-maps draws them (`all`, or
 * one label's by name or id; `none` by default) under the shapes and tabs,
 * each stretched over the whole frame whatever its size, in the list's
 * order (at most 8), through inferno, a perceptually uniform colour map
 * (matplotlib's, public domain): black-violet where the map is cold, red
 * and orange, then pale yellow where it is hottest, so the hottest place
 * is also the brightest. The whole map is drawn at
 * #GstGetiOverlay:map-opacity (cold areas tinted as much as hot ones).
 * Attached, each map is one overlay rectangle of the map's own size whose
 * render size is the frame (the sink scales it). Blended, each map is
 * stretched to the frame once per list (bilinear) and blended straight
 * into the frame's planes in its own colour space: at 1080p, about 3 ms a
 * frame held and 8 ms when a new map comes every frame (the composition's
 * own blend, which stretches and converts on every frame, took 27 ms).
 *
 * The predictions come from getipredict, which must come before the
 * overlay: when buffers come without any, the overlay says so once (INFO).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc pattern=ball ! getipredict server=… \
 *       organization-id=… workspace-id=… project-id=… ! \
 *     getioverlay ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstgetioverlay.h"

#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "colormap.h"
#include "gst_ptr.h"
#include "overlay_renderer.h"
#include "video_formats.h"

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

GST_DEBUG_CATEGORY_STATIC (gst_geti_overlay_debug);
#define GST_CAT_DEFAULT gst_geti_overlay_debug

using namespace gst_geti;

enum {
  PROP_0,
  PROP_LINE_WIDTH,
  PROP_FONT_DESC,
  PROP_SHOW_LABELS,
  PROP_SHOW_PROBABILITY,
  PROP_FILL_OPACITY,
  PROP_MIN_PROBABILITY,
  PROP_DRAW_HELD,
  PROP_SHOW_TRACK_ID,
  PROP_COLOR_BY,
  PROP_SHOW_MAPS,
  PROP_MAP_OPACITY,
  PROP_STATS,
};

constexpr gdouble DEFAULT_LINE_WIDTH = 0.0;
constexpr gdouble MAX_LINE_WIDTH = 100.0;
constexpr gboolean DEFAULT_SHOW_LABELS = TRUE;
constexpr gboolean DEFAULT_SHOW_PROBABILITY = TRUE;
constexpr gdouble DEFAULT_FILL_OPACITY = 0.3;
constexpr gdouble DEFAULT_MIN_PROBABILITY = 0.0;
constexpr GstGetiOverlayDrawHeld DEFAULT_DRAW_HELD =
    GST_GETI_OVERLAY_DRAW_HELD_NORMAL;
constexpr gboolean DEFAULT_SHOW_TRACK_ID = TRUE;
constexpr GstGetiOverlayColorBy DEFAULT_COLOR_BY =
    GST_GETI_OVERLAY_COLOR_BY_LABEL;
constexpr const char *DEFAULT_SHOW_MAPS = "none";
constexpr gdouble DEFAULT_MAP_OPACITY = 0.5;
/* The opacity of held predictions with draw-held=faint. */
constexpr gdouble FAINT_OPACITY = 0.5;

/* The raw formats getipredict takes (video_formats.h), so that nothing is
 * needed between the two; in system memory, with and without the overlay
 * composition meta: with it,
 * the drawing travels as meta for downstream to blend (or show as a
 * separate plane), without it the element blends. */
#define OVERLAY_CAPS                                                           \
  GST_VIDEO_CAPS_MAKE_WITH_FEATURES (GST_CAPS_FEATURE_MEMORY_SYSTEM_MEMORY     \
      ", " GST_CAPS_FEATURE_META_GST_VIDEO_OVERLAY_COMPOSITION,                \
      GETI_VIDEO_FORMATS)                                                      \
  "; " GST_VIDEO_CAPS_MAKE (GETI_VIDEO_FORMATS)

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (OVERLAY_CAPS));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE (
    "src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (OVERLAY_CAPS));

namespace {

/* Property values, under settings_lock; @version counts the changes, so
 * the streaming thread knows when to take a new snapshot (and draw
 * again). */
struct Settings {
  OverlayStyle style;
  GstGetiOverlayDrawHeld draw_held = DEFAULT_DRAW_HELD;
  guint64 version = 0;
};

struct CompositionUnref {
  void operator() (GstVideoOverlayComposition *c) const noexcept
  {
    gst_video_overlay_composition_unref (c);
  }
};
using CompositionPtr =
    std::unique_ptr<GstVideoOverlayComposition, CompositionUnref>;

/* The last drawing and what it was drawn from: the predictions by their
 * change counter (gst_geti_predictions_get_seqnum(), equal for the scaled
 * copies of one list; a list is immutable once shared, so new track ids
 * come in a new list, with a new number), 0 = none; the properties by the
 * settings' version. */
struct RenderCache {
  guint seqnum = 0;
  double scale_x = 0;
  double scale_y = 0;
  guint width = 0;
  guint height = 0;
  double opacity = 0;
  guint64 settings_version = G_MAXUINT64;
  CompositionPtr composition; /* null: nothing to draw */
  /* its first n_maps rectangles are explanation maps */
  guint n_maps = 0;
  /* To blend: the maps as layers blended straight into the frame's planes
   * (the composition's blend would stretch each map to the frame in ARGB
   * and convert every frame line, on every frame: 27 ms at 1080p), and
   * the composition's other rectangles; made on the first blend. */
  bool layers_made = false;
  std::vector<MapLayer> layers;
  CompositionPtr shapes_only;
};

/* From start() to stop(); streaming thread only. */
struct State {
  Settings settings; /* snapshot */
  OverlayRenderer renderer;
  RenderCache cache;
  /* handed from transform_ip to transform_frame_ip: the maps as layers
   * (or null), then the composition's other rectangles (or null) */
  GstVideoOverlayComposition *to_blend = nullptr;
  const std::vector<MapLayer> *to_blend_layers = nullptr;
  /* said once that buffers come without predictions, or saw some */
  bool told_no_predictions = false;
};

} // namespace

struct GstGetiOverlayPrivate {
  std::mutex settings_lock;
  Settings settings;

  /* What the last look at downstream said: attach the composition (it
   * takes the meta) or blend (it does not, or it takes both caps but its
   * ALLOCATION answer lacks the meta). Read by fixate_caps. */
  std::atomic<bool> downstream_wants_meta{ false };

  std::unique_ptr<State> state;

  /* What the last drawing drew, for the stats property; kept after
   * stop(). */
  std::mutex stats_lock;
  OverlayStats last_stats;
  guint64 drawings = 0;
};

struct _GstGetiOverlay {
  GstVideoFilter parent;

  GstGetiOverlayPrivate *priv;
};

#define gst_geti_overlay_parent_class parent_class
G_DEFINE_TYPE (GstGetiOverlay, gst_geti_overlay, GST_TYPE_VIDEO_FILTER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (getioverlay, "getioverlay",
    GST_RANK_NONE, GST_TYPE_GETI_OVERLAY,
    GST_DEBUG_CATEGORY_INIT (
        gst_geti_overlay_debug, "getioverlay", 0, "Draws Geti predictions"));

static void gst_geti_overlay_finalize (GObject *object);
static void gst_geti_overlay_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec);
static void gst_geti_overlay_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);
static gboolean gst_geti_overlay_start (GstBaseTransform *trans);
static gboolean gst_geti_overlay_stop (GstBaseTransform *trans);
static GstCaps *gst_geti_overlay_transform_caps (GstBaseTransform *trans,
    GstPadDirection direction, GstCaps *caps, GstCaps *filter);
static GstCaps *gst_geti_overlay_fixate_caps (GstBaseTransform *trans,
    GstPadDirection direction, GstCaps *caps, GstCaps *othercaps);
static gboolean gst_geti_overlay_sink_event (
    GstBaseTransform *trans, GstEvent *event);
static gboolean gst_geti_overlay_query (
    GstBaseTransform *trans, GstPadDirection direction, GstQuery *query);
static GstFlowReturn gst_geti_overlay_submit_input_buffer (
    GstBaseTransform *trans, gboolean is_discont, GstBuffer *input);
static GstFlowReturn gst_geti_overlay_transform_ip (
    GstBaseTransform *trans, GstBuffer *buffer);
static GstFlowReturn gst_geti_overlay_transform_frame_ip (
    GstVideoFilter *filter, GstVideoFrame *frame);

GType
gst_geti_overlay_draw_held_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { GST_GETI_OVERLAY_DRAW_HELD_NORMAL, "Like the frame's own predictions",
        "normal" },
    { GST_GETI_OVERLAY_DRAW_HELD_FAINT, "At half opacity", "faint" },
    { GST_GETI_OVERLAY_DRAW_HELD_NONE, "Not at all", "none" },
    { 0, nullptr, nullptr },
  };
  if (g_once_init_enter (&type)) {
    g_once_init_leave (
        &type, g_enum_register_static ("GstGetiOverlayDrawHeld", values));
  }
  return type;
}

GType
gst_geti_overlay_color_by_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { GST_GETI_OVERLAY_COLOR_BY_LABEL, "The label's colour", "label" },
    { GST_GETI_OVERLAY_COLOR_BY_TRACK,
        "The track's colour (untracked: the label's)", "track" },
    { 0, nullptr, nullptr },
  };
  if (g_once_init_enter (&type)) {
    g_once_init_leave (
        &type, g_enum_register_static ("GstGetiOverlayColorBy", values));
  }
  return type;
}

static void
gst_geti_overlay_class_init (GstGetiOverlayClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);

  gobject_class->finalize = gst_geti_overlay_finalize;
  gobject_class->set_property = gst_geti_overlay_set_property;
  gobject_class->get_property = gst_geti_overlay_get_property;

  constexpr auto playing = static_cast<GParamFlags> (
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  g_object_class_install_property (gobject_class, PROP_LINE_WIDTH,
      g_param_spec_double ("line-width", "Line width",
          "Width of the outlines, in pixels; 0 chooses one from the frame "
          "height (2 pixels at 480 lines, 4 at 1080)",
          0.0, MAX_LINE_WIDTH, DEFAULT_LINE_WIDTH, playing));
  g_object_class_install_property (gobject_class, PROP_FONT_DESC,
      g_param_spec_string ("font-desc", "Font description",
          "Pango font description of the label text, such as \"Sans Bold "
          "12\"; unset means \"Sans Bold\", and without a size the size "
          "follows the frame height",
          nullptr, playing));
  g_object_class_install_property (gobject_class, PROP_SHOW_LABELS,
      g_param_spec_boolean ("show-labels", "Show labels",
          "Draw a tab with the label names at each shape (the banner of a "
          "full-frame result is always drawn)",
          DEFAULT_SHOW_LABELS, playing));
  g_object_class_install_property (gobject_class, PROP_SHOW_PROBABILITY,
      g_param_spec_boolean ("show-probability", "Show probability",
          "Follow each label name with its probability, in percent",
          DEFAULT_SHOW_PROBABILITY, playing));
  g_object_class_install_property (gobject_class, PROP_FILL_OPACITY,
      g_param_spec_double ("fill-opacity", "Fill opacity",
          "Opacity of the fill in the label colour of polygons and "
          "ellipses (regions); 0 draws their outlines only",
          0.0, 1.0, DEFAULT_FILL_OPACITY, playing));
  g_object_class_install_property (gobject_class, PROP_MIN_PROBABILITY,
      g_param_spec_double ("min-probability", "Minimum probability",
          "Do not draw labels whose probability is below this, nor shapes "
          "left without a label",
          0.0, 1.0, DEFAULT_MIN_PROBABILITY, playing));
  g_object_class_install_property (gobject_class, PROP_DRAW_HELD,
      g_param_spec_enum ("draw-held", "Draw held",
          "How to draw held predictions, those a frame carries from an "
          "earlier frame",
          GST_TYPE_GETI_OVERLAY_DRAW_HELD, DEFAULT_DRAW_HELD, playing));
  g_object_class_install_property (gobject_class, PROP_SHOW_TRACK_ID,
      g_param_spec_boolean ("show-track-id", "Show track id",
          "Begin the tab of a tracked prediction (one getitrack gave a "
          "track id) with its id, as in \"#7 ball 97%\"",
          DEFAULT_SHOW_TRACK_ID, playing));
  g_object_class_install_property (gobject_class, PROP_COLOR_BY,
      g_param_spec_enum ("color-by", "Colour by",
          "What colours a tracked prediction's shape and tab: its label, or "
          "its track (one of ten colours, cycled by track id); untracked "
          "predictions keep their label's colour",
          GST_TYPE_GETI_OVERLAY_COLOR_BY, DEFAULT_COLOR_BY, playing));
  g_object_class_install_property (gobject_class, PROP_SHOW_MAPS,
      g_param_spec_string ("show-maps", "Show maps",
          "Which explanation maps (Geti's :explain, attached by getipredict "
          "explain-interval) to draw as heat maps under the shapes: \"none\", "
          "\"all\", or a label name or id (that label's map only)",
          DEFAULT_SHOW_MAPS, playing));
  g_object_class_install_property (gobject_class, PROP_MAP_OPACITY,
      g_param_spec_double ("map-opacity", "Map opacity",
          "Opacity of the explanation maps' heat maps, the same over the "
          "whole map (its colour, inferno, says how hot a place is)",
          0.0, 1.0, DEFAULT_MAP_OPACITY, playing));
  /**
   * GstGetiOverlay:stats:
   *
   * What the last drawing drew, as an `application/x-getioverlay-stats`
   * structure: `drawings` (#guint64, the prediction lists drawn so far;
   * a list held or repeated is drawn once), then of the last one, as
   * #guint: `shapes` (outlines, regions and keypoint dots), `polygon-points`
   * (vertices of the polygons drawn, after simplification),
   * `polygon-edge-rows` (the frame rows their edges span, one more per
   * edge), `skeleton-lines`, `tabs` (label tabs, `+N` ones included),
   * `characters` (of their text), `culled` (shapes outside the frame or
   * degenerate) and `dropped` (shapes, tab rows and skeleton edges over the
   * caps) and `maps` (explanation maps drawn).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "What the last drawing drew: shapes, polygon points, tabs and "
          "characters, and what was left out",
          GST_TYPE_STRUCTURE,
          static_cast<GParamFlags> (
              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Geti overlay",
      "Filter/Editor/Video",
      "Draws the Intel Geti predictions of video buffers on the video",
      "gst-geti developers");
  gst_element_class_add_static_metadata (element_class,
      GST_ELEMENT_METADATA_DOC_URI, GST_PACKAGE_ORIGIN "#getioverlay");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_geti_overlay_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_geti_overlay_stop);
  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_geti_overlay_transform_caps);
  trans_class->fixate_caps = GST_DEBUG_FUNCPTR (gst_geti_overlay_fixate_caps);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_geti_overlay_sink_event);
  trans_class->query = GST_DEBUG_FUNCPTR (gst_geti_overlay_query);
  trans_class->submit_input_buffer =
      GST_DEBUG_FUNCPTR (gst_geti_overlay_submit_input_buffer);
  /* Attaching needs no mapping of the frame: GstVideoFilter's
   * transform_ip, which maps it, only runs to blend. */
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_geti_overlay_transform_ip);
  filter_class->transform_frame_ip =
      GST_DEBUG_FUNCPTR (gst_geti_overlay_transform_frame_ip);

  gst_type_mark_as_plugin_api (
      GST_TYPE_GETI_OVERLAY_DRAW_HELD, static_cast<GstPluginAPIFlags> (0));
  gst_type_mark_as_plugin_api (
      GST_TYPE_GETI_OVERLAY_COLOR_BY, static_cast<GstPluginAPIFlags> (0));
}

static void
gst_geti_overlay_init (GstGetiOverlay *self)
{
  self->priv = new GstGetiOverlayPrivate ();
  Settings &s = self->priv->settings;
  s.style.line_width = DEFAULT_LINE_WIDTH;
  s.style.show_labels = DEFAULT_SHOW_LABELS;
  s.style.show_probability = DEFAULT_SHOW_PROBABILITY;
  s.style.fill_opacity = DEFAULT_FILL_OPACITY;
  s.style.min_probability = DEFAULT_MIN_PROBABILITY;
  s.style.show_track_id = DEFAULT_SHOW_TRACK_ID;
  s.style.color_by = DEFAULT_COLOR_BY == GST_GETI_OVERLAY_COLOR_BY_TRACK
                         ? ColorBy::track
                         : ColorBy::label;
  s.style.show_maps = DEFAULT_SHOW_MAPS;
  s.style.map_opacity = DEFAULT_MAP_OPACITY;
}

static void
gst_geti_overlay_finalize (GObject *object)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (object);

  delete self->priv;
  self->priv = nullptr;

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_geti_overlay_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (object);
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  Settings &s = self->priv->settings;

  switch (prop_id) {
    case PROP_LINE_WIDTH:
      s.style.line_width = g_value_get_double (value);
      break;
    case PROP_FONT_DESC: {
      const char *desc = g_value_get_string (value);
      try {
        s.style.font_desc = desc ? desc : "";
      } catch (const std::bad_alloc &) {
        GST_ERROR_OBJECT (self, "out of memory setting font-desc");
        return;
      }
      break;
    }
    case PROP_SHOW_LABELS:
      s.style.show_labels = g_value_get_boolean (value);
      break;
    case PROP_SHOW_PROBABILITY:
      s.style.show_probability = g_value_get_boolean (value);
      break;
    case PROP_FILL_OPACITY:
      s.style.fill_opacity = g_value_get_double (value);
      break;
    case PROP_MIN_PROBABILITY:
      s.style.min_probability = g_value_get_double (value);
      break;
    case PROP_DRAW_HELD:
      s.draw_held =
          static_cast<GstGetiOverlayDrawHeld> (g_value_get_enum (value));
      break;
    case PROP_SHOW_TRACK_ID:
      s.style.show_track_id = g_value_get_boolean (value);
      break;
    case PROP_COLOR_BY:
      s.style.color_by =
          g_value_get_enum (value) == GST_GETI_OVERLAY_COLOR_BY_TRACK
              ? ColorBy::track
              : ColorBy::label;
      break;
    case PROP_SHOW_MAPS: {
      const char *show = g_value_get_string (value);
      try {
        s.style.show_maps = show != nullptr && *show != '\0' ? show : "none";
      } catch (const std::bad_alloc &) {
        GST_ERROR_OBJECT (self, "out of memory setting show-maps");
        return;
      }
      break;
    }
    case PROP_MAP_OPACITY:
      s.style.map_opacity = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
  }
  s.version++;
}

static GstStructure *
gst_geti_overlay_stats (GstGetiOverlay *self)
{
  std::lock_guard<std::mutex> lock (self->priv->stats_lock);
  const OverlayStats &s = self->priv->last_stats;
  return gst_structure_new ("application/x-getioverlay-stats", "drawings",
      G_TYPE_UINT64, self->priv->drawings, "shapes", G_TYPE_UINT, s.shapes,
      "polygon-points", G_TYPE_UINT, s.polygon_points, "polygon-edge-rows",
      G_TYPE_UINT, s.polygon_edge_rows, "skeleton-lines", G_TYPE_UINT,
      s.skeleton_lines, "tabs", G_TYPE_UINT, s.tabs, "characters", G_TYPE_UINT,
      s.characters, "culled", G_TYPE_UINT, s.culled, "dropped", G_TYPE_UINT,
      s.dropped, "maps", G_TYPE_UINT, s.maps, nullptr);
}

static void
gst_geti_overlay_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (object);
  if (prop_id == PROP_STATS) {
    g_value_take_boxed (value, gst_geti_overlay_stats (self));
    return;
  }
  std::lock_guard<std::mutex> lock (self->priv->settings_lock);
  const Settings &s = self->priv->settings;

  switch (prop_id) {
    case PROP_LINE_WIDTH:
      g_value_set_double (value, s.style.line_width);
      break;
    case PROP_FONT_DESC:
      g_value_set_string (value,
          s.style.font_desc.empty () ? nullptr : s.style.font_desc.c_str ());
      break;
    case PROP_SHOW_LABELS:
      g_value_set_boolean (value, s.style.show_labels);
      break;
    case PROP_SHOW_PROBABILITY:
      g_value_set_boolean (value, s.style.show_probability);
      break;
    case PROP_FILL_OPACITY:
      g_value_set_double (value, s.style.fill_opacity);
      break;
    case PROP_MIN_PROBABILITY:
      g_value_set_double (value, s.style.min_probability);
      break;
    case PROP_DRAW_HELD:
      g_value_set_enum (value, s.draw_held);
      break;
    case PROP_SHOW_TRACK_ID:
      g_value_set_boolean (value, s.style.show_track_id);
      break;
    case PROP_COLOR_BY:
      g_value_set_enum (value, s.style.color_by == ColorBy::track
                                   ? GST_GETI_OVERLAY_COLOR_BY_TRACK
                                   : GST_GETI_OVERLAY_COLOR_BY_LABEL);
      break;
    case PROP_SHOW_MAPS:
      g_value_set_string (value, s.style.show_maps.c_str ());
      break;
    case PROP_MAP_OPACITY:
      g_value_set_double (value, s.style.map_opacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static gboolean
gst_geti_overlay_start (GstBaseTransform *trans)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (trans);

  try {
    self->priv->state = std::make_unique<State> ();
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR (
        self, CORE, FAILED, ("Could not start"), ("%s", e.what ()));
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_geti_overlay_stop (GstBaseTransform *trans)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (trans);

  self->priv->state.reset ();
  self->priv->downstream_wants_meta = false;
  return TRUE;
}

/* Caps and features. */

static bool
caps_have_composition (const GstCaps *caps, guint index)
{
  const GstCapsFeatures *f = gst_caps_get_features (caps, index);
  return f != nullptr && !gst_caps_features_is_any (f) &&
         gst_caps_features_contains (
             f, GST_CAPS_FEATURE_META_GST_VIDEO_OVERLAY_COMPOSITION);
}

/* The @index-th structure of @caps, with (@with) or without the
 * composition feature. */
static GstCaps *
caps_nth_with_composition (GstCaps *caps, guint index, bool with)
{
  GstCaps *out = gst_caps_copy_nth (caps, index);
  GstCapsFeatures *f = gst_caps_get_features (out, 0);
  if (f == nullptr || gst_caps_features_is_any (f))
    return out;
  if (with) {
    gst_caps_features_add (
        f, GST_CAPS_FEATURE_META_GST_VIDEO_OVERLAY_COMPOSITION);
  } else {
    gst_caps_features_remove (
        f, GST_CAPS_FEATURE_META_GST_VIDEO_OVERLAY_COMPOSITION);
  }
  return out;
}

/* Downstream of plain input caps: the same with the composition feature
 * (preferred, as basetextoverlay advertises it) or without. Upstream of
 * caps with the feature: the same caps without it (the element adds the
 * meta) or with it (a composition from upstream, which the element
 * extends). */
static GstCaps *
gst_geti_overlay_transform_caps (GstBaseTransform *trans,
    GstPadDirection direction, GstCaps *caps, GstCaps *filter)
{
  GstCaps *out = gst_caps_new_empty ();

  for (guint i = 0; i < gst_caps_get_size (caps); i++) {
    const GstCapsFeatures *f = gst_caps_get_features (caps, i);
    if (f != nullptr && gst_caps_features_is_any (f)) {
      out = gst_caps_merge (out, gst_caps_copy_nth (caps, i));
      continue;
    }
    const bool has = caps_have_composition (caps, i);
    if (direction == GST_PAD_SINK) {
      out = gst_caps_merge (out, caps_nth_with_composition (caps, i, true));
      if (!has)
        out = gst_caps_merge (out, gst_caps_copy_nth (caps, i));
    } else {
      out = gst_caps_merge (out, gst_caps_copy_nth (caps, i));
      if (has)
        out = gst_caps_merge (out, caps_nth_with_composition (caps, i, false));
    }
  }

  if (filter != nullptr) {
    GstCaps *intersection =
        gst_caps_intersect_full (filter, out, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (out);
    out = intersection;
  }
  GST_LOG_OBJECT (trans, "%s %" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT,
      direction == GST_PAD_SINK ? "downstream of" : "upstream of", caps, out);
  return out;
}

/* Picks, of the output caps downstream accepts, the ones with the feature
 * when the last look at downstream said to attach, else the ones without. */
static GstCaps *
gst_geti_overlay_fixate_caps (GstBaseTransform *trans,
    GstPadDirection direction, GstCaps *caps, GstCaps *othercaps)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (trans);

  if (direction == GST_PAD_SINK && gst_caps_get_size (othercaps) > 1) {
    const bool want = self->priv->downstream_wants_meta;
    for (guint i = 0; i < gst_caps_get_size (othercaps); i++) {
      if (caps_have_composition (othercaps, i) == want) {
        GstCaps *chosen = gst_caps_copy_nth (othercaps, i);
        gst_caps_unref (othercaps);
        othercaps = chosen;
        break;
      }
    }
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)
      ->fixate_caps (trans, direction, caps, othercaps);
}

/* Looks at what downstream takes for the input @caps, the way
 * basetextoverlay does: the composition meta is used when downstream
 * accepts caps with the feature and, if it accepts plain caps too, when
 * its ALLOCATION answer lists the meta (else blending is the safer
 * choice). Asking the allocation needs the caps with the feature sent
 * first; basetransform then sends the final ones. */
static void
gst_geti_overlay_look_downstream (GstGetiOverlay *self, GstCaps *caps)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  GstPad *srcpad = GST_BASE_TRANSFORM_SRC_PAD (trans);
  bool want = false;

  if (caps == nullptr || gst_caps_is_empty (caps) || gst_caps_is_any (caps)) {
    want = false;
  } else if (caps_have_composition (caps, 0)) {
    want = true; /* a composition from upstream travels on */
  } else {
    g_autoptr (GstCaps) featured = caps_nth_with_composition (caps, 0, true);
    g_autoptr (GstCaps) with_meta = gst_pad_peer_query_caps (srcpad, featured);
    g_autoptr (GstCaps) plain = gst_pad_peer_query_caps (srcpad, caps);
    const bool takes_meta = !gst_caps_is_empty (with_meta);
    const bool takes_plain = !gst_caps_is_empty (plain);

    if (!takes_meta) {
      want = false;
    } else if (!takes_plain) {
      want = true;
    } else if (gst_caps_is_fixed (featured) &&
               gst_pad_set_caps (srcpad, featured)) {
      g_autoptr (GstQuery) query = gst_query_new_allocation (featured, FALSE);
      if (!gst_pad_peer_query (srcpad, query))
        GST_DEBUG_OBJECT (self, "ALLOCATION query failed");
      want = gst_query_find_allocation_meta (
          query, GST_VIDEO_OVERLAY_COMPOSITION_META_API_TYPE, nullptr);
    }
    GST_DEBUG_OBJECT (self, "downstream takes the meta: %d, plain caps: %d",
        takes_meta, takes_plain);
  }
  GST_INFO_OBJECT (self, "%s the drawing", want ? "attaching" : "blending");
  self->priv->downstream_wants_meta = want;
}

static gboolean
gst_geti_overlay_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (trans);

  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *caps = nullptr;
    gst_event_parse_caps (event, &caps);
    /* this negotiation answers any pending reconfigure too */
    gst_pad_check_reconfigure (GST_BASE_TRANSFORM_SRC_PAD (trans));
    gst_geti_overlay_look_downstream (self, caps);
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

/* When downstream asked to renegotiate, looks at it again before
 * basetransform renegotiates (on the next buffer or ALLOCATION query). */
static void
gst_geti_overlay_recheck_downstream (GstGetiOverlay *self)
{
  GstPad *srcpad = GST_BASE_TRANSFORM_SRC_PAD (self);

  if (!gst_pad_check_reconfigure (srcpad))
    return;
  g_autoptr (GstCaps) caps =
      gst_pad_get_current_caps (GST_BASE_TRANSFORM_SINK_PAD (self));
  if (caps != nullptr)
    gst_geti_overlay_look_downstream (self, caps);
  gst_pad_mark_reconfigure (srcpad);
}

static gboolean
gst_geti_overlay_query (
    GstBaseTransform *trans, GstPadDirection direction, GstQuery *query)
{
  if (direction == GST_PAD_SINK &&
      GST_QUERY_TYPE (query) == GST_QUERY_ALLOCATION)
    gst_geti_overlay_recheck_downstream (GST_GETI_OVERLAY (trans));
  return GST_BASE_TRANSFORM_CLASS (parent_class)
      ->query (trans, direction, query);
}

static GstFlowReturn
gst_geti_overlay_submit_input_buffer (
    GstBaseTransform *trans, gboolean is_discont, GstBuffer *input)
{
  gst_geti_overlay_recheck_downstream (GST_GETI_OVERLAY (trans));
  return GST_BASE_TRANSFORM_CLASS (parent_class)
      ->submit_input_buffer (trans, is_discont, input);
}

/* Drawing. */

/* The drawing (transfer none: the cache owns it) for @meta on a @width x
 * @height frame, from the cache when it says the same as the last one; NULL
 * when there is nothing to draw. */
static GstVideoOverlayComposition *
gst_geti_overlay_composition_for (GstGetiOverlay *self,
    const GstGetiPredictionMeta *meta, guint width, guint height)
{
  State &st = *self->priv->state;
  const Settings &s = st.settings;

  double opacity = 1.0;
  if (meta->held && s.draw_held == GST_GETI_OVERLAY_DRAW_HELD_FAINT)
    opacity = FAINT_OPACITY;
  else if (meta->held && s.draw_held == GST_GETI_OVERLAY_DRAW_HELD_NONE)
    opacity = 0.0;
  if (meta->predictions == nullptr || opacity <= 0)
    return nullptr;

  /* The coordinates are in the pixels of the frame the meta describes;
   * the meta's SCALE transform keeps that the buffer's own, but a frame
   * resized by an element that only copies metas still gets drawn in the
   * right place. */
  const double scale_x =
      meta->width > 0 ? static_cast<double> (width) / meta->width : 1.0;
  const double scale_y =
      meta->height > 0 ? static_cast<double> (height) / meta->height : 1.0;

  RenderCache &c = st.cache;
  if (c.settings_version == s.version && c.width == width &&
      c.height == height && c.scale_x == scale_x && c.scale_y == scale_y &&
      c.opacity == opacity &&
      c.seqnum == gst_geti_predictions_get_seqnum (meta->predictions)) {
    return c.composition.get ();
  }

  GST_LOG_OBJECT (self, "drawing %u predictions",
      gst_geti_predictions_get_size (meta->predictions));
  c.composition.reset (st.renderer.render (
      meta->predictions, scale_x, scale_y, width, height, opacity, s.style));
  {
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->last_stats = st.renderer.last_stats ();
    self->priv->drawings++;
  }
  c.seqnum = gst_geti_predictions_get_seqnum (meta->predictions);
  c.scale_x = scale_x;
  c.scale_y = scale_y;
  c.width = width;
  c.height = height;
  c.opacity = opacity;
  c.settings_version = s.version;
  c.n_maps = st.renderer.last_stats ().maps;
  c.layers_made = false;
  c.layers.clear ();
  c.shapes_only.reset ();
  return c.composition.get ();
}

/* Makes the cached drawing's map layers (the maps it drew, at the same
 * opacity) and the composition of its other rectangles, once per drawing. */
static void
gst_geti_overlay_make_layers (
    GstGetiOverlay *self, const GstGetiPredictionMeta *meta)
{
  State &st = *self->priv->state;
  RenderCache &c = st.cache;
  if (c.layers_made)
    return;
  const OverlayStyle &style = st.settings.style;
  const double alpha = c.opacity * style.map_opacity;
  const guint n = gst_geti_predictions_get_n_maps (meta->predictions);
  guint shown = 0;
  for (guint i = 0; i < n && shown < OverlayLimits::max_maps; i++) {
    const GstGetiMap *map = gst_geti_predictions_get_map (meta->predictions, i);
    if (map == nullptr || !map_is_shown (map, style))
      continue;
    shown++;
    MapLayer layer = map_layer (map, alpha, c.width, c.height);
    if (!layer.intensity.empty ())
      c.layers.push_back (std::move (layer));
  }
  const guint total =
      gst_video_overlay_composition_n_rectangles (c.composition.get ());
  if (total > c.n_maps) {
    c.shapes_only.reset (gst_video_overlay_composition_new (nullptr));
    for (guint i = c.n_maps; i < total; i++) {
      gst_video_overlay_composition_add_rectangle (
          c.shapes_only.get (), gst_video_overlay_composition_get_rectangle (
                                    c.composition.get (), i));
    }
  }
  c.layers_made = true;
  GST_LOG_OBJECT (self, "%zu map layers to blend", c.layers.size ());
}

/* Adds @composition to @buffer's composition meta (a composition from
 * upstream keeps its rectangles, under ours). */
static void
gst_geti_overlay_attach (
    GstBuffer *buffer, GstVideoOverlayComposition *composition)
{
  GstVideoOverlayCompositionMeta *existing =
      gst_buffer_get_video_overlay_composition_meta (buffer);
  if (existing == nullptr) {
    gst_buffer_add_video_overlay_composition_meta (buffer, composition);
    return;
  }
  GstVideoOverlayComposition *merged =
      gst_video_overlay_composition_new (nullptr);
  for (GstVideoOverlayComposition *c : { existing->overlay, composition }) {
    for (guint i = 0; i < gst_video_overlay_composition_n_rectangles (c); i++) {
      gst_video_overlay_composition_add_rectangle (
          merged, gst_video_overlay_composition_get_rectangle (c, i));
    }
  }
  gst_buffer_remove_meta (buffer, GST_META_CAST (existing));
  gst_buffer_add_video_overlay_composition_meta (buffer, merged);
  gst_video_overlay_composition_unref (merged);
}

static GstFlowReturn
gst_geti_overlay_transform_ip (GstBaseTransform *trans, GstBuffer *buffer)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (trans);
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  State &st = *self->priv->state;

  const GstGetiPredictionMeta *meta =
      gst_buffer_get_geti_prediction_meta (buffer);
  if (meta == nullptr) {
    if (!st.told_no_predictions) {
      GST_INFO_OBJECT (self,
          "No Geti predictions on this buffer, nothing to draw: "
          "getipredict must come before getioverlay in the pipeline (only "
          "it attaches them)");
      st.told_no_predictions = true;
    }
    return GST_FLOW_OK;
  }
  st.told_no_predictions = true;

  try {
    {
      std::lock_guard<std::mutex> lock (self->priv->settings_lock);
      if (st.settings.version != self->priv->settings.version)
        st.settings = self->priv->settings;
    }

    GstVideoOverlayComposition *composition = gst_geti_overlay_composition_for (
        self, meta, GST_VIDEO_INFO_WIDTH (&filter->in_info),
        GST_VIDEO_INFO_HEIGHT (&filter->in_info));
    if (composition == nullptr)
      return GST_FLOW_OK;

    g_autoptr (GstCaps) caps =
        gst_pad_get_current_caps (GST_BASE_TRANSFORM_SRC_PAD (trans));
    if (caps != nullptr && caps_have_composition (caps, 0)) {
      gst_geti_overlay_attach (buffer, composition);
      return GST_FLOW_OK;
    }
    st.to_blend = composition;
    st.to_blend_layers = nullptr;
    RenderCache &c = st.cache;
    if (c.n_maps > 0) {
      gst_geti_overlay_make_layers (self, meta);
      st.to_blend = c.shapes_only.get ();
      st.to_blend_layers = &c.layers;
    }
  } catch (const std::exception &e) {
    GST_ELEMENT_ERROR (self, CORE, FAILED, ("Could not draw the predictions"),
        ("%s", e.what ()));
    return GST_FLOW_ERROR;
  } catch (...) {
    GST_ELEMENT_ERROR (self, CORE, FAILED, ("Could not draw the predictions"),
        ("unknown exception"));
    return GST_FLOW_ERROR;
  }

  /* GstVideoFilter maps the frame and calls transform_frame_ip */
  const GstFlowReturn ret =
      GST_BASE_TRANSFORM_CLASS (parent_class)->transform_ip (trans, buffer);
  st.to_blend = nullptr;
  st.to_blend_layers = nullptr;
  return ret;
}

static GstFlowReturn
gst_geti_overlay_transform_frame_ip (
    GstVideoFilter *filter, GstVideoFrame *frame)
{
  GstGetiOverlay *self = GST_GETI_OVERLAY (filter);
  State &st = *self->priv->state;

  GstVideoOverlayComposition *composition = st.to_blend;
  if (st.to_blend_layers != nullptr) {
    for (const MapLayer &layer : *st.to_blend_layers) {
      if (!blend_map_layer (layer, frame)) {
        /* not a frame of 8-bit components: the composition blends all
         * (blend_map_layer fails before touching the frame, and fails for
         * the first layer when it fails) */
        composition = st.cache.composition.get ();
        break;
      }
    }
  }
  if (composition != nullptr &&
      !gst_video_overlay_composition_blend (composition, frame)) {
    GST_WARNING_OBJECT (self, "could not blend into %s",
        gst_video_format_to_string (GST_VIDEO_FRAME_FORMAT (frame)));
  }
  return GST_FLOW_OK;
}
