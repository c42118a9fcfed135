/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include <functional>

/* The predictions in GStreamer's own analytics language (GstAnalytics,
 * GStreamer >= 1.24), for the elements and applications that read it
 * (objectdetectionoverlay, upstream's trackers, DL Streamer). Built without
 * it (GStreamer 1.22), these do nothing.
 *
 * Per prediction, in a GstAnalyticsRelationMeta:
 * - one object-detection entry for a prediction with extent that is not a
 *   whole-frame result: the quark of its first label's name, that label's
 *   probability, its box in the frame's pixels (rounded; polygons, ellipses
 *   and keypoints by their bounding box); with GStreamer >= 1.26 a rotated
 *   rectangle is an oriented entry (the unrotated box and the angle in
 *   radians, clockwise as in Geti);
 * - its further labels (a task chain's classification), in one
 *   classification entry the detection entry relates to (RELATE_TO);
 * - a whole-frame result (classification, anomaly): one classification
 *   entry with all its labels;
 * - a tracked prediction (getitrack): a tracking entry with its track id
 *   and first-seen time, the detection entry relating to it.
 * Empty labels ("No object"), Geti's way of saying nothing was found, are
 * no entries. Only the first MAX_DERIVED_PER_FRAME predictions of a frame
 * get entries (prediction_convert.h). */

namespace gst_geti {

/* Whether this build speaks GstAnalytics */
bool analytics_supported () noexcept;

/* When a track was first and last seen, for its tracking entry; false for
 * a track no longer known */
using TrackTimes = std::function<bool (
    guint track_id, GstClockTime &first_seen, GstClockTime &last_seen)>;

/* Adds the entries of @predictions (coordinates in a @width × @height
 * frame) to @buffer's relation meta, made when it has none. */
void add_analytics_entries (GstBuffer *buffer,
    const GstGetiPredictions *predictions, guint width, guint height,
    const TrackTimes &track_times = nullptr);

/* Whether @buffer carries a relation meta */
bool has_analytics_meta (GstBuffer *buffer) noexcept;

/* Removes @buffer's relation meta, to be made again (getitrack moves and
 * tracks what getipredict attached). */
void remove_analytics_meta (GstBuffer *buffer) noexcept;

} // namespace gst_geti
