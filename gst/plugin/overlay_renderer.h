/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "prediction_convert.h"

#include <pango/pango.h>

#include <memory>
#include <string>

/* getioverlay's drawing, apart from the element: Geti predictions drawn the
 * way Geti's own UI shows them, with Cairo and Pango, into a
 * GstVideoOverlayComposition. No GStreamer element state in here. */

namespace gst_geti {

/* An sRGB colour, each channel 0..1. */
struct Rgb {
  double r = 0;
  double g = 0;
  double b = 0;
};

/* What colours a tracked prediction (one with a track id): its label, as
 * an untracked one, or its track (track_color ()). */
enum class ColorBy { label, track };

/* How to draw; the element's properties. */
struct OverlayStyle {
  double line_width = 0; /* pixels; 0: from the frame height */
  std::string font_desc; /* Pango; empty: "Sans Bold"; no size: from the
                            frame height */
  bool show_labels = true;
  bool show_probability = true;
  double fill_opacity = 0.3;  /* of polygons and ellipses */
  double min_probability = 0; /* labels below are not drawn */
  double held_opacity = 1.0;  /* of held predictions; 0 hides them */
  bool show_track_id = true;  /* "#7 " before a tracked shape's first label */
  ColorBy color_by = ColorBy::label;
  /* Explanation maps drawn under the shapes: "none", "all", or a label
   * name or id (only that label's maps). */
  std::string show_maps = "none";
  double map_opacity = 0.5;
};

/* Whether @style.show_maps shows @map: "all" every map, "none" none,
 * anything else the maps whose label name or id it is. */
bool map_is_shown (const GstGetiMap *map, const OverlayStyle &style) noexcept;

/* Whether @label only says "nothing found": marked empty (the project's
 * is_empty flag, GstGetiLabel.empty), Geti's empty labels by name ("No
 * object", "No class", "Empty", always with probability 0), or, when the
 * name is not known, the only label of a full-frame prediction with
 * probability 0. */
bool label_is_empty (const GstGetiLabel &label,
    const GstGetiPrediction &prediction, bool full_frame) noexcept;

/* The colour a label is drawn in: its Geti colour (its alpha is ignored, as
 * Geti's UI does), or, when unknown, one derived from the label id (the
 * name when there is no id) that is the same in every run. */
Rgb label_color (const GstGetiLabel &label) noexcept;

/* The colours of tracks, cycled by track id: 1 red, 2 green, 3 blue,
 * 4 yellow, 5 purple, 6 orange, 7 cyan, 8 magenta, 9 lime, 10 brown, 11
 * red again... Saturated and far apart, neighbouring ids most of all. */
constexpr guint32 TRACK_PALETTE[] = { 0xe6194b, 0x3cb44b, 0x4363d8, 0xffe119,
  0x911eb4, 0xf58231, 0x42d4f4, 0xf032e6, 0xbfef45, 0x9a6324 };

/* The colour of track @track_id (not 0): its entry of TRACK_PALETTE, the
 * same in every run. */
Rgb track_color (guint track_id) noexcept;

/* Black or white, whichever reads better on @background. */
Rgb text_color_on (const Rgb &background) noexcept;

/* The automatic line width and font size (pixels) for a frame @height
 * pixels high. */
double auto_line_width (guint height) noexcept;
double auto_font_size (guint height) noexcept;

/* What one frame may draw, whatever the predictions: the caps that keep
 * one frame's drawing cost bounded by the frame, not by the answer. */
struct OverlayLimits {
  /* Shapes drawn (outlines, regions, keypoint dots); the rest are not. */
  static constexpr guint max_shapes = 256;
  /* Polygon vertices drawn, per polygon and per frame, after merging the
   * points closer than merge_distance pixels. */
  static constexpr guint max_polygon_points = 2048;
  static constexpr guint max_frame_points = 8192;
  static constexpr double merge_distance = 0.5;
  /* Polygon edges crossing a frame row, on average over the rows a polygon
   * spans in the frame (more is a scribble the frame cannot show: the
   * polygon keeps every n-th point until it fits), and in all over the
   * frame, per row of the frame. */
  static constexpr guint max_edges_per_row = 16;
  static constexpr guint max_frame_edges_per_row = 128;
  /* Label tabs of one shape, of the banner, and of the frame ("+N" tabs
   * included); characters of a label name (then an ellipsis). */
  static constexpr guint max_labels_per_shape = 4;
  static constexpr guint max_banner_labels = 8;
  static constexpr guint max_tabs = 64;
  static constexpr guint max_name_chars = 32;
  /* Skeleton edges looked at and lines drawn. */
  static constexpr guint max_skeleton_edges = 256;
  static constexpr guint max_skeleton_lines = 1024;
  /* Explanation maps drawn, each over the whole frame. */
  static constexpr guint max_maps = 8;
};

/* What the last render () drew. */
struct OverlayStats {
  guint shapes = 0;            /* outlines, regions and keypoint dots */
  guint polygon_points = 0;    /* vertices of the polygons drawn */
  guint polygon_edge_rows = 0; /* sum over their edges of the frame rows
                                  each spans, plus one */
  guint skeleton_lines = 0;
  guint tabs = 0;       /* label tabs, "+N" tabs included */
  guint characters = 0; /* of the text of those tabs */
  guint culled = 0;     /* shapes not drawn: outside the frame, or degenerate */
  guint dropped = 0;    /* shapes, labels, skeleton edges and maps over the
                           caps */
  guint maps = 0;       /* explanation maps */
};

class OverlayRenderer
{
public:
  OverlayRenderer () = default;
  ~OverlayRenderer ();
  OverlayRenderer (const OverlayRenderer &) = delete;
  OverlayRenderer &operator= (const OverlayRenderer &) = delete;

  /* Draws @predictions (coordinates in the pixel space of a frame that is
   * @scale_x / @scale_y times smaller than this one) over a @width x
   * @height frame, @opacity as a whole. Returns (transfer full) a
   * composition, or NULL when there is nothing to draw: first a rectangle
   * per explanation map shown (@style.show_maps), in the list's order,
   * each of the map's size stretched over the whole frame, then one
   * rectangle that covers only the shapes and tabs drawn. Not thread-safe: one
   * renderer per streaming thread. Throws std::bad_alloc only. */
  GstVideoOverlayComposition *render (const GstGetiPredictions *predictions,
      double scale_x, double scale_y, guint width, guint height, double opacity,
      const OverlayStyle &style);

  /* What the last render () drew. */
  const OverlayStats &last_stats () const noexcept
  {
    return stats_;
  }

private:
  struct FontMapUnref {
    void operator() (PangoFontMap *map) const noexcept;
  };
  std::unique_ptr<PangoFontMap, FontMapUnref> font_map_;
  OverlayStats stats_;
};

} // namespace gst_geti
