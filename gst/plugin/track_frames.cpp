/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "track_frames.h"

#include "analytics_meta.h"
#include "prediction_convert.h"

#include <gst/video/video.h>

#include <algorithm>
#include <unordered_map>

namespace gst_geti::track {

namespace {

/* A copy of @source whose prediction i is what @edit makes of it (given a
 * shallow copy of it and a Shape to keep moved points in); its keypoint
 * edges and explanation maps are kept. */
template <typename Edit>
PredictionsPtr
rebuild (const GstGetiPredictions *source, Edit &&edit)
{
  PredictionsPtr out (
      gst_geti_predictions_new (gst_geti_predictions_get_created (source)));
  const guint n = gst_geti_predictions_get_size (source);
  for (guint i = 0; i < n; i++) {
    GstGetiPrediction p = *gst_geti_predictions_get (source, i);
    Shape moved;
    edit (i, p, moved);
    /* add() deep-copies the labels and points */
    gst_geti_predictions_add (out.get (), &p);
  }
  const guint edges = gst_geti_predictions_get_n_keypoint_edges (source);
  for (guint i = 0; i < edges; i++) {
    const gchar *from, *to;
    if (gst_geti_predictions_get_keypoint_edge (source, i, &from, &to))
      gst_geti_predictions_add_keypoint_edge (out.get (), from, to);
  }
  /* the explanation maps cover the whole frame: shared as they are */
  const guint maps = gst_geti_predictions_get_n_maps (source);
  for (guint i = 0; i < maps; i++)
    gst_geti_predictions_add_map (
        out.get (), gst_geti_predictions_get_map (source, i));
  return out;
}

gboolean
remove_geti_roi (GstBuffer *buffer, GstMeta **meta, gpointer user_data)
{
  if ((*meta)->info->api != GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE)
    return TRUE;
  auto roi = reinterpret_cast<GstVideoRegionOfInterestMeta *> (*meta);
  const GstStructure *detection =
      gst_video_region_of_interest_meta_get_param (roi, "detection");
  if (detection && gst_structure_has_field (detection, "geti-label-id")) {
    *meta = nullptr;
    (*static_cast<guint *> (user_data))++;
  }
  return TRUE;
}

double
fraction (GstClockTime t, GstClockTime t0, GstClockTime t1)
{
  if (t1 <= t0 || t <= t0)
    return 0;
  if (t >= t1)
    return 1;
  return static_cast<double> (t - t0) / static_cast<double> (t1 - t0);
}

} // namespace

BufferPtr
decorate_buffer (BufferPtr buffer, GstGetiPredictions *predictions,
    GstGetiPredictionSource source, const Tracker &tracker)
{
  GstBuffer *b = gst_buffer_make_writable (buffer.release ());
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (b);
  if (meta == nullptr)
    return BufferPtr (b);
  if (meta->predictions != predictions) {
    g_clear_pointer (&meta->predictions, gst_geti_predictions_unref);
    meta->predictions = gst_geti_predictions_ref (predictions);
  }
  meta->source = source;
  meta->held = source != GST_GETI_PREDICTION_SOURCE_PREDICTED;

  /* The ROI metas getipredict attached (when it does), redone with the ids
   * and the new positions */
  guint removed = 0;
  gst_buffer_foreach_meta (b, remove_geti_roi, &removed);
  if (removed > 0)
    add_roi_metas (b, predictions, meta->width, meta->height);
  if (has_analytics_meta (b)) {
    remove_analytics_meta (b);
    add_analytics_entries (b, predictions, meta->width, meta->height,
        [&tracker] (guint id, GstClockTime &first, GstClockTime &last) {
          const Track *track = tracker.find (id);
          if (track == nullptr)
            return false;
          first = track->first_seen;
          last = track->last_time ();
          return true;
        });
  }
  return BufferPtr (b);
}

void
FrameTracker::configure (const FrameConfig &config)
{
  config_ = config;
  tracker_.set_config (config.tracker);
}

GstClockTime
FrameTracker::time_of (GstBuffer *buffer)
{
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_BUFFER_PTS (buffer);
  return gst_util_uint64_scale (untimed_++, GST_SECOND, 30);
}

bool
FrameTracker::holds_anchor (const GstGetiPredictionMeta *meta) const
{
  return anchor_.valid && meta->predictions != nullptr &&
         gst_geti_predictions_get_seqnum (meta->predictions) ==
             anchor_.input_seqnum &&
         meta->width == anchor_.width && meta->height == anchor_.height;
}

bool
FrameTracker::move_on (
    GstGetiPrediction &p, Shape &storage, GstClockTime time) const
{
  const Track *track = p.track_id != 0 ? tracker_.find (p.track_id) : nullptr;
  double dx, dy;
  if (track == nullptr || track->last_time () != anchor_.time ||
      !track->displacement (time, dx, dy))
    return false;
  storage = Shape (p.shape);
  move_within (storage, dx, dy, anchor_.width, anchor_.height);
  p.shape = storage.view ();
  return true;
}

PredictionsPtr
FrameTracker::extrapolated (GstClockTime time, bool &moved) const
{
  moved = false;
  return rebuild (
      anchor_.output.get (), [&] (guint, GstGetiPrediction &p, Shape &storage) {
        moved = move_on (p, storage, time) || moved;
      });
}

PredictionsPtr
FrameTracker::interpolated (GstClockTime time, const GstGetiPredictions *next,
    const std::unordered_map<guint, guint> &next_index, GstClockTime next_time,
    bool &moved) const
{
  const double f = fraction (time, anchor_.time, next_time);
  moved = false;
  return rebuild (anchor_.output.get (), [&] (guint, GstGetiPrediction &p,
                                             Shape &storage) {
    if (p.track_id == 0)
      return;
    const auto it = next_index.find (p.track_id);
    if (it != next_index.end ()) {
      const GstGetiPrediction *q = gst_geti_predictions_get (next, it->second);
      storage = Shape::interpolate (Shape (p.shape), Shape (q->shape), f);
      /* along the bend of the last three positions, when it has one */
      const Track *track = tracker_.find (p.track_id);
      if (track != nullptr && track->last_time () == next_time) {
        double dx, dy;
        track->curvature (time, dx, dy);
        storage.translate (dx, dy);
      }
      p.shape = storage.view ();
      moved = true;
      return;
    }
    /* lost at the next answer: on as it went, while it lives */
    moved = move_on (p, storage, time) || moved;
  });
}

void
FrameTracker::leave_unanswered (Item &item, std::vector<Item> &out)
{
  if (!item.buffer || !item.from_anchor || !anchor_.valid) {
    leave_held (item, out);
    return;
  }
  stats_.released_early++;
  leave_extrapolated (item, out);
}

void
FrameTracker::leave_extrapolated (Item &item, std::vector<Item> &out)
{
  bool moved;
  PredictionsPtr list = extrapolated (item.time, moved);
  item.buffer = decorate_buffer (std::move (item.buffer), list.get (),
      moved ? GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED
            : GST_GETI_PREDICTION_SOURCE_HELD,
      tracker_);
  (moved ? stats_.extrapolated : stats_.held)++;
  out.push_back (std::move (item));
}

void
FrameTracker::leave_held (Item &item, std::vector<Item> &out)
{
  if (item.buffer && item.from_anchor && anchor_.valid) {
    item.buffer = decorate_buffer (std::move (item.buffer),
        anchor_.output.get (), GST_GETI_PREDICTION_SOURCE_HELD, tracker_);
    stats_.held++;
  } else if (item.buffer) {
    stats_.untouched++;
  }
  out.push_back (std::move (item));
}

void
FrameTracker::take_answer (BufferPtr buffer, GstGetiPredictionMeta *meta,
    GstClockTime time, std::vector<Item> &out)
{
  /* The answer is for the frame at source_pts: this one, or (getipredict
   * in live mode) an earlier one */
  const GstClockTime answer_time =
      GST_CLOCK_TIME_IS_VALID (meta->source_pts) ? meta->source_pts : time;
  const std::vector<guint> ids = tracker_.observe (
      meta->predictions, meta->width, meta->height, answer_time);
  PredictionsPtr output = rebuild (meta->predictions,
      [&] (guint i, GstGetiPrediction &p, Shape &) { p.track_id = ids[i]; });
  std::unordered_map<guint, guint> index; /* track id -> prediction */
  for (guint j = 0; j < ids.size (); j++) {
    if (ids[j] != 0)
      index[ids[j]] = j;
  }

  /* The frames that waited for it, between the anchor and it */
  const bool between = config_.motion == Motion::interpolate && anchor_.valid &&
                       anchor_.width == meta->width &&
                       anchor_.height == meta->height &&
                       answer_time > anchor_.time;
  while (!queue_.empty ()) {
    Item item = std::move (queue_.front ());
    queue_.pop_front ();
    if (item.buffer)
      queued_buffers_--;
    if (between && item.buffer && item.from_anchor &&
        item.time <= answer_time) {
      bool moved;
      PredictionsPtr list =
          interpolated (item.time, output.get (), index, answer_time, moved);
      item.buffer = decorate_buffer (std::move (item.buffer), list.get (),
          moved ? GST_GETI_PREDICTION_SOURCE_INTERPOLATED
                : GST_GETI_PREDICTION_SOURCE_HELD,
          tracker_);
      (moved ? stats_.interpolated : stats_.held)++;
      out.push_back (std::move (item));
    } else {
      leave_unanswered (item, out);
    }
  }

  anchor_.valid = true;
  anchor_.input_seqnum = gst_geti_predictions_get_seqnum (meta->predictions);
  anchor_.output = std::move (output);
  anchor_.time = answer_time;
  anchor_.width = meta->width;
  anchor_.height = meta->height;

  Item item;
  item.buffer = std::move (buffer);
  item.time = time;
  item.from_anchor = true;
  if (gst_geti_prediction_meta_get_source (meta) ==
      GST_GETI_PREDICTION_SOURCE_PREDICTED) {
    item.buffer = decorate_buffer (std::move (item.buffer),
        anchor_.output.get (), GST_GETI_PREDICTION_SOURCE_PREDICTED, tracker_);
    stats_.predicted++;
    out.push_back (std::move (item));
  } else if (config_.motion == Motion::extrapolate) {
    leave_extrapolated (item, out);
  } else {
    leave_held (item, out);
  }
}

void
FrameTracker::push_buffer (BufferPtr buffer, std::vector<Item> &out)
{
  GstGetiPredictionMeta *meta =
      gst_buffer_get_geti_prediction_meta (buffer.get ());
  const GstClockTime time = time_of (buffer.get ());

  if (meta != nullptr && meta->predictions != nullptr && !holds_anchor (meta)) {
    take_answer (std::move (buffer), meta, time, out);
    return;
  }

  Item item;
  item.buffer = std::move (buffer);
  item.time = time;
  item.from_anchor = meta != nullptr && meta->predictions != nullptr;

  if (item.from_anchor) {
    switch (config_.motion) {
      case Motion::interpolate:
        queue_.push_back (std::move (item));
        queued_buffers_++;
        enforce_bounds (time, out);
        return;
      case Motion::extrapolate:
        leave_extrapolated (item, out);
        return;
      case Motion::hold:
        leave_held (item, out);
        return;
    }
  }

  /* Not ours to change; it keeps its place behind the waiting ones */
  if (queue_.empty ()) {
    stats_.untouched++;
    out.push_back (std::move (item));
  } else {
    queue_.push_back (std::move (item));
    queued_buffers_++;
    enforce_bounds (time, out);
  }
}

void
FrameTracker::push_event (EventPtr event, std::vector<Item> &out)
{
  Item item;
  item.event = std::move (event);
  if (queue_.empty ())
    out.push_back (std::move (item));
  else
    queue_.push_back (std::move (item));
}

void
FrameTracker::release_front (std::vector<Item> &out)
{
  while (!queue_.empty ()) {
    Item item = std::move (queue_.front ());
    queue_.pop_front ();
    const bool buffer = item.buffer != nullptr;
    if (buffer)
      queued_buffers_--;
    leave_unanswered (item, out);
    if (buffer)
      return;
  }
}

void
FrameTracker::enforce_bounds (GstClockTime newest, std::vector<Item> &out)
{
  for (;;) {
    const auto first = std::find_if (queue_.begin (), queue_.end (),
        [] (const Item &item) { return item.buffer != nullptr; });
    if (first == queue_.end ())
      break;
    const bool too_many = queued_buffers_ > config_.max_held_buffers;
    const bool too_old =
        newest > first->time && newest - first->time > config_.max_latency;
    if (!too_many && !too_old)
      break;
    release_front (out);
  }
  /* events and frames without the anchor's list left at the head wait for
   * nothing */
  while (!queue_.empty () && !queue_.front ().from_anchor) {
    Item item = std::move (queue_.front ());
    queue_.pop_front ();
    if (item.buffer)
      queued_buffers_--;
    leave_held (item, out);
  }
}

void
FrameTracker::drain (std::vector<Item> &out)
{
  while (!queue_.empty ())
    release_front (out);
}

void
FrameTracker::reset (std::vector<Item> &dropped)
{
  for (Item &item : queue_)
    dropped.push_back (std::move (item));
  queue_.clear ();
  queued_buffers_ = 0;
  anchor_ = Anchor ();
  tracker_.reset ();
  untimed_ = 0;
}

} // namespace gst_geti::track
