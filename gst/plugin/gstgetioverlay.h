/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/gstvideofilter.h>

G_BEGIN_DECLS

#define GST_TYPE_GETI_OVERLAY (gst_geti_overlay_get_type ())
G_DECLARE_FINAL_TYPE (
    GstGetiOverlay, gst_geti_overlay, GST, GETI_OVERLAY, GstVideoFilter)

/**
 * GstGetiOverlayDrawHeld:
 * @GST_GETI_OVERLAY_DRAW_HELD_NORMAL: like the frame's own predictions
 * @GST_GETI_OVERLAY_DRAW_HELD_FAINT: at half opacity
 * @GST_GETI_OVERLAY_DRAW_HELD_NONE: not at all
 *
 * How getioverlay draws held predictions: those a frame carries from an
 * earlier frame.
 */
typedef enum {
  GST_GETI_OVERLAY_DRAW_HELD_NORMAL,
  GST_GETI_OVERLAY_DRAW_HELD_FAINT,
  GST_GETI_OVERLAY_DRAW_HELD_NONE,
} GstGetiOverlayDrawHeld;

GType gst_geti_overlay_draw_held_get_type (void);
#define GST_TYPE_GETI_OVERLAY_DRAW_HELD (gst_geti_overlay_draw_held_get_type ())

/**
 * GstGetiOverlayColorBy:
 * @GST_GETI_OVERLAY_COLOR_BY_LABEL: every prediction in its label's colour
 * @GST_GETI_OVERLAY_COLOR_BY_TRACK: a tracked prediction in its track's
 *   colour (one of a fixed palette, cycled by track id), an untracked one
 *   in its label's
 *
 * What colours a prediction's shape and tab in getioverlay.
 */
typedef enum {
  GST_GETI_OVERLAY_COLOR_BY_LABEL,
  GST_GETI_OVERLAY_COLOR_BY_TRACK,
} GstGetiOverlayColorBy;

GType gst_geti_overlay_color_by_get_type (void);
#define GST_TYPE_GETI_OVERLAY_COLOR_BY (gst_geti_overlay_color_by_get_type ())

GST_ELEMENT_REGISTER_DECLARE (getioverlay);

G_END_DECLS
