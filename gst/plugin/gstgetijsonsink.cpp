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
 * A frame with explanation maps (getipredict's `explain-interval`) lists
 * them in its line's `"maps"` member. With #GstGetiJsonSink:maps-location
 * each map is also written there as an 8-bit grayscale PNG of the map's own
 * size, `frame-000012-ball.png` (the number of the frame that first carried
 * the map, the label's name or id with every run of characters other than
 * letters, digits, '-' and '_' made one '_'; `-2`, `-3` … when two maps of
 * the frame would share a name), and the map's entry gains
 * `"file": "frame-000012-ball.png"`, relative to the folder. Held frames
 * share their maps with the frame that was explained: their lines name the
 * file written for that frame instead of writing the same map again, so
 * every file is one `:explain` answer, named after the frame whose image it
 * explains. A map that could not be written is a warning (the first of a
 * run of failures) and has no `"file"` member; the line is written.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=30 ! getipredict … ! \
 *     getijsonsink location=predictions.jsonl
 * gst-launch-1.0 videotestsrc num-buffers=30 ! \
 *     getipredict explain-interval=5 … ! \
 *     getijsonsink location=predictions.jsonl maps-location=maps
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstgetijsonsink.h"

#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <unistd.h> /* W_OK */

GST_DEBUG_CATEGORY_STATIC (gst_geti_json_sink_debug);
#define GST_CAT_DEFAULT gst_geti_json_sink_debug

enum {
  PROP_0,
  PROP_LOCATION,
  PROP_ALL_FRAMES,
  PROP_MAPS_LOCATION,
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
  std::string maps_location; /* empty: no PNGs */
};

struct MapUnref {
  void operator() (GstGetiMap *map) const
  {
    gst_geti_map_unref (map);
  }
};

/* A map written as a PNG, kept (with a reference, so that its address is
 * not reused) while the following lines may carry it again. */
struct WrittenMap {
  std::unique_ptr<GstGetiMap, MapUnref> map;
  std::string file;
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
  std::string maps_location; /* empty: no PNGs */
  /* The maps of the last line with maps, and their files: held frames
   * share the maps of the frame they hold. */
  std::vector<WrittenMap> written_maps;
  /* A failed map write warns once, until one succeeds again. */
  bool map_write_failing = false;
};

/* What was written since the start, for the stats property; kept after
 * stop. */
struct Stats {
  guint64 lines = 0;
  guint64 frames_with_detections = 0;
  guint64 frames_nothing_found = 0;
  guint64 frames_without_predictions = 0;
  guint64 maps_written = 0;
  guint64 maps_failed = 0;
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

/* @label made safe for a file name: letters, digits, '-' and '_' kept (ASCII
 * only), every run of other bytes made one '_', at most 64 bytes; "map" for
 * an empty label. */
std::string
safe_file_label (const char *label)
{
  std::string out;
  bool in_run = false;
  for (const char *c = label ? label : ""; *c != '\0' && out.size () < 64;
       c++) {
    if (g_ascii_isalnum (*c) || *c == '-' || *c == '_') {
      out.push_back (*c);
      in_run = false;
    } else if (!in_run) {
      out.push_back ('_');
      in_run = true;
    }
  }
  return out.empty () ? "map" : out;
}

/* The file name of a map of frame @frame: frame-000012-<label>.png, with
 * -2, -3 … after the label when @taken already has that name (added). */
std::string
map_file_name (
    guint64 frame, const GstGetiMap *map, std::set<std::string> &taken)
{
  const char *name = gst_geti_map_get_label_name (map);
  if (name == nullptr || *name == '\0')
    name = gst_geti_map_get_label_id (map);
  g_autofree gchar *prefix =
      g_strdup_printf ("frame-%06" G_GUINT64_FORMAT "-%s", frame,
          safe_file_label (name).c_str ());
  std::string file = std::string (prefix) + ".png";
  for (guint i = 2; taken.count (file) != 0; i++)
    file = std::string (prefix) + "-" + std::to_string (i) + ".png";
  taken.insert (file);
  return file;
}

cairo_status_t
write_to_file (void *closure, const unsigned char *data, unsigned int length)
{
  return fwrite (data, 1, length, static_cast<FILE *> (closure)) == length
             ? CAIRO_STATUS_SUCCESS
             : CAIRO_STATUS_WRITE_ERROR;
}

/* Writes @map to @path as an 8-bit grayscale PNG (Cairo writes an A8
 * surface as PNG colour type 0, bit depth 8, the values unchanged). False
 * with @error_text on failure, the partial file removed. */
bool
write_map_png (
    const GstGetiMap *map, const std::string &path, std::string &error_text)
{
  const guint width = gst_geti_map_get_width (map);
  const guint height = gst_geti_map_get_height (map);
  const guint stride = gst_geti_map_get_stride (map);
  g_autoptr (GBytes) bytes = gst_geti_map_get_bytes (map);
  gsize size = 0;
  const guint8 *pixels =
      bytes ? static_cast<const guint8 *> (g_bytes_get_data (bytes, &size))
            : nullptr;
  if (width == 0 || height == 0 || stride < width || pixels == nullptr ||
      size / stride < height - 1 ||
      size - static_cast<gsize> (height - 1) * stride < width) {
    error_text = "the map has no pixels";
    return false;
  }

  std::unique_ptr<cairo_surface_t, decltype (&cairo_surface_destroy)> surface (
      cairo_image_surface_create (
          CAIRO_FORMAT_A8, static_cast<int> (width), static_cast<int> (height)),
      cairo_surface_destroy);
  if (cairo_surface_status (surface.get ()) != CAIRO_STATUS_SUCCESS) {
    error_text = std::string ("Cairo: ") +
                 cairo_status_to_string (cairo_surface_status (surface.get ()));
    return false;
  }
  cairo_surface_flush (surface.get ());
  guint8 *data = cairo_image_surface_get_data (surface.get ());
  const int data_stride = cairo_image_surface_get_stride (surface.get ());
  for (guint y = 0; y < height; y++)
    memcpy (data + static_cast<gsize> (y) * data_stride,
        pixels + static_cast<gsize> (y) * stride, width);
  cairo_surface_mark_dirty (surface.get ());

  FILE *file = g_fopen (path.c_str (), "wb");
  if (file == nullptr) {
    error_text = g_strerror (errno);
    return false;
  }
  cairo_status_t status =
      cairo_surface_write_to_png_stream (surface.get (), write_to_file, file);
  int saved_errno = ferror (file) ? errno : 0;
  if (fclose (file) != 0 && saved_errno == 0) {
    saved_errno = errno != 0 ? errno : EIO;
    if (status == CAIRO_STATUS_SUCCESS)
      status = CAIRO_STATUS_WRITE_ERROR;
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    error_text = saved_errno != 0 ? g_strerror (saved_errno)
                                  : cairo_status_to_string (status);
    g_unlink (path.c_str ());
    return false;
  }
  return true;
}

/* Gives the entry of the i-th map of @line (gst_geti_prediction_meta_to_json()
 * text: "maps" is its last member, each entry ends with "height") its
 * "file" member, where @files[i] is not empty. A key can be found as text:
 * inside a JSON string every '"' is escaped. */
void
add_map_files (std::string &line, const std::vector<std::string> &files)
{
  std::string::size_type at = line.rfind ("\"maps\": [");
  if (at == std::string::npos)
    return;
  static const std::string height_key = "\"height\": ";
  for (const std::string &file : files) {
    at = line.find (height_key, at);
    if (at == std::string::npos)
      return;
    at += height_key.size ();
    while (at < line.size () && g_ascii_isdigit (line[at]))
      at++;
    if (file.empty ())
      continue;
    /* the name has only letters, digits, '-', '_' and '.': no escaping */
    const std::string member = ", \"file\": \"" + file + "\"";
    line.insert (at, member);
    at += member.size ();
  }
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
static std::vector<std::string> gst_geti_json_sink_write_maps (
    GstGetiJsonSink *self, const GstGetiPredictionMeta *meta);

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
   * GstGetiJsonSink:maps-location:
   *
   * The folder (made at start when missing) where each explanation map of a
   * written line is saved as an 8-bit grayscale PNG,
   * `frame-000012-<label>.png`, named in the map's `"file"` member of the
   * line. Unset: no files, no `"file"` members. A folder that can't be made
   * or written to fails the start (RESOURCE/OPEN_WRITE).
   */
  g_object_class_install_property (gobject_class, PROP_MAPS_LOCATION,
      g_param_spec_string ("maps-location", "Maps location",
          "Folder where each explanation map is written as an 8-bit "
          "grayscale PNG named by frame and label (its \"file\" in the "
          "line); unset writes no files",
          nullptr,
          static_cast<GParamFlags> (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                    GST_PARAM_MUTABLE_READY)));
  /**
   * GstGetiJsonSink:stats:
   *
   * What was written since the element started, as an
   * `application/x-getijsonsink-stats` structure of #guint64 fields:
   * `lines` (lines written), `frames-with-detections` (buffers whose
   * predictions hold a label that is not the empty one),
   * `frames-nothing-found` (buffers with predictions that hold only empty
   * labels, or none: Geti's "nothing found") and
   * `frames-without-predictions` (buffers without predictions),
   * `maps-written` (PNG files written in #GstGetiJsonSink:maps-location) and
   * `maps-failed` (maps that could not be written). Readable after the
   * element stops.
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "What was written since the start: lines, frames-with-detections, "
          "frames-nothing-found (only empty labels such as \"No object\"), "
          "frames-without-predictions, maps-written, maps-failed",
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
    case PROP_MAPS_LOCATION: {
      const char *location = g_value_get_string (value);
      s.maps_location = location ? location : "";
      break;
    }
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
    case PROP_MAPS_LOCATION:
      g_value_set_string (
          value, s.maps_location.empty () ? nullptr : s.maps_location.c_str ());
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
                     G_TYPE_UINT64, stats.frames_without_predictions,
                     "maps-written", G_TYPE_UINT64, stats.maps_written,
                     "maps-failed", G_TYPE_UINT64, stats.maps_failed, nullptr));
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
  std::string location, maps_location;
  {
    std::lock_guard<std::mutex> lock (self->priv->settings_lock);
    location = self->priv->settings.location;
    maps_location = self->priv->settings.maps_location;
  }

  st = State ();
  {
    std::lock_guard<std::mutex> lock (self->priv->stats_lock);
    self->priv->stats = Stats ();
  }
  /* the folder first: a failed start leaves no empty JSON Lines file */
  if (!maps_location.empty ()) {
    const char *problem = nullptr;
    /* a file there: ENOTDIR */
    if (g_mkdir_with_parents (maps_location.c_str (), 0755) != 0)
      problem = g_strerror (errno);
    else if (g_access (maps_location.c_str (), W_OK | X_OK) != 0)
      problem = g_strerror (errno);
    if (problem != nullptr) {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
          ("Could not write explanation maps to the folder \"%s\" "
           "(maps-location): %s",
              maps_location.c_str (), problem),
          (nullptr));
      return FALSE;
    }
    st.maps_location = maps_location;
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
    if (!st.maps_location.empty () && meta->predictions != nullptr &&
        gst_geti_predictions_get_n_maps (meta->predictions) > 0) {
      try {
        std::string text (line);
        add_map_files (text, gst_geti_json_sink_write_maps (self, meta));
        g_free (line);
        line = g_strdup (text.c_str ());
      } catch (const std::exception &e) {
        GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
            ("Could not write the explanation maps of frame %" G_GUINT64_FORMAT,
                meta->frame),
            ("%s", e.what ()));
        return GST_FLOW_ERROR;
      }
    }
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

/* Writes the maps of @meta's frame into the maps folder, but for those the
 * last line with maps had too (a held frame's, shared with the frame that
 * was explained: their files are there), and returns their file names in
 * order ("" where a write failed). */
static std::vector<std::string>
gst_geti_json_sink_write_maps (
    GstGetiJsonSink *self, const GstGetiPredictionMeta *meta)
{
  State &st = self->priv->state;
  const guint n = gst_geti_predictions_get_n_maps (meta->predictions);
  std::vector<std::string> files (n);
  std::set<std::string> taken;

  for (guint i = 0; i < n; i++) {
    const GstGetiMap *map = gst_geti_predictions_get_map (meta->predictions, i);
    for (const WrittenMap &written : st.written_maps) {
      if (written.map.get () == map) {
        files[i] = written.file;
        taken.insert (written.file);
        break;
      }
    }
  }

  guint64 n_written = 0, n_failed = 0;
  for (guint i = 0; i < n; i++) {
    if (!files[i].empty ())
      continue;
    const GstGetiMap *map = gst_geti_predictions_get_map (meta->predictions, i);
    const std::string file = map_file_name (meta->frame, map, taken);
    g_autofree gchar *path =
        g_build_filename (st.maps_location.c_str (), file.c_str (), nullptr);
    std::string error_text;
    if (write_map_png (map, path, error_text)) {
      files[i] = file;
      n_written++;
      st.map_write_failing = false;
      continue;
    }
    n_failed++;
    if (!st.map_write_failing) {
      GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
          ("Could not write the explanation map \"%s\": %s (the line is "
           "written without its \"file\")",
              path, error_text.c_str ()),
          ("frame %" G_GUINT64_FORMAT ", map %u of %u; further failures are "
           "logged until a map is written again",
              meta->frame, i + 1, n));
      st.map_write_failing = true;
    } else {
      GST_WARNING_OBJECT (self,
          "Could not write the explanation map \"%s\": %s", path,
          error_text.c_str ());
    }
  }

  std::vector<WrittenMap> written;
  for (guint i = 0; i < n; i++) {
    if (files[i].empty ())
      continue;
    WrittenMap w;
    w.map.reset (
        gst_geti_map_ref (gst_geti_predictions_get_map (meta->predictions, i)));
    w.file = files[i];
    written.push_back (std::move (w));
  }
  st.written_maps = std::move (written);

  std::lock_guard<std::mutex> lock (self->priv->stats_lock);
  self->priv->stats.maps_written += n_written;
  self->priv->stats.maps_failed += n_failed;
  return files;
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
