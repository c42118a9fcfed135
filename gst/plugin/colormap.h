/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include <vector>

/* getioverlay's explanation maps: an 8-bit intensity map turned into
 * colours through a perceptual colour map. */

namespace gst_geti {

/* Inferno (matplotlib's perceptually uniform colour map by Nathaniel J.
 * Smith and Stéfan van der Walt, https://github.com/BIDS/colormap, released
 * under the CC0 licence / public domain dedication): 256 entries, 0xRRGGBB,
 * from black-violet (0: cold) through red and orange to pale yellow (255:
 * hot). Its lightness rises all the way, so the hottest part of a map is
 * also its brightest, in colour and in grey. */
extern const guint32 INFERNO[256];

/* @map (an 8-bit intensity map of any size) as (transfer full) an overlay
 * rectangle of the map's own size whose render size is the @width x
 * @height frame: whoever draws it (gst_video_overlay_composition_blend or
 * a sink that takes the composition meta) stretches it over the whole
 * frame. Each pixel takes INFERNO[intensity] at @opacity, the same over the
 * whole map (cold areas are tinted as much as hot ones: the colour, not the
 * transparency, says how much the model looked there), not premultiplied. A
 * map larger than the frame is first sampled down to the frame's size.
 * Returns NULL for an empty map. Throws std::bad_alloc only. */
GstVideoOverlayRectangle *map_rectangle (
    const GstGetiMap *map, double opacity, guint width, guint height);

} // namespace gst_geti

namespace gst_geti {

/* A map ready to be blended into @width x @height frames: its intensity
 * stretched over the frame (bilinear, pixel centres aligned, as the
 * composition's scaler does), and its opacity. Made once per drawing, so a
 * held list only pays blend_map_layer (). */
struct MapLayer {
  guint width = 0;
  guint height = 0;
  std::vector<guint8> intensity; /* width * height, row after row */
  guint alpha = 0;               /* 0..256 */
};

/* @map stretched over a @width x @height frame at @opacity. Throws
 * std::bad_alloc only. */
MapLayer map_layer (
    const GstGetiMap *map, double opacity, guint width, guint height);

/* Blends @layer's colours (INFERNO, in the frame's own colour space:
 * R'G'B', or Y'CbCr by the frame's matrix and range) into @frame, each
 * component plane at its own resolution: the same as drawing the map's
 * rectangle over the frame, without going through ARGB. False when the
 * frame is not of 8-bit components or not of @layer's size (then the
 * composition's blend is used). */
bool blend_map_layer (const MapLayer &layer, GstVideoFrame *frame) noexcept;

} // namespace gst_geti
