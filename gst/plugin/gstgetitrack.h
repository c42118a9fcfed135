/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_GETI_TRACK (gst_geti_track_get_type ())
G_DECLARE_FINAL_TYPE (GstGetiTrack, gst_geti_track, GST, GETI_TRACK, GstElement)

/**
 * GstGetiTrackMotion:
 * @GST_GETI_TRACK_MOTION_AUTO: interpolate when the pipeline is not live,
 *   extrapolate when it is
 * @GST_GETI_TRACK_MOTION_INTERPOLATE: hold the frames between two answers
 *   back and place each shape between its two real positions
 * @GST_GETI_TRACK_MOTION_EXTRAPOLATE: never hold a frame back; move each
 *   shape on with its track's velocity
 * @GST_GETI_TRACK_MOTION_HOLD: the last answer's shapes, unmoved, with ids
 */
typedef enum {
  GST_GETI_TRACK_MOTION_AUTO,
  GST_GETI_TRACK_MOTION_INTERPOLATE,
  GST_GETI_TRACK_MOTION_EXTRAPOLATE,
  GST_GETI_TRACK_MOTION_HOLD,
} GstGetiTrackMotion;

GType gst_geti_track_motion_get_type (void);
#define GST_TYPE_GETI_TRACK_MOTION (gst_geti_track_motion_get_type ())

GST_ELEMENT_REGISTER_DECLARE (getitrack);

G_END_DECLS
