/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "track_shape.h"

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

/* getitrack's tracker: identities for the predictions of the frames the
 * server answered for, and each track's motion. No pixels: boxes only.
 *
 * Association, per answer at time t: every live track is first moved to
 * where its constant-velocity model puts it at t; then
 *  1. tracks and detections of the same label (the first label: in a task
 *     chain the detection's, so a changing classification does not break
 *     a track) are matched one-to-one by IoU, least total (1 − IoU), pairs
 *     under iou_threshold excluded (the Hungarian method);
 *  2. what is left of both is matched one-to-one by the distance between
 *     the centres, least total distance, within a gate of three object
 *     sizes or, for longer gaps, of the distance across the frame per
 *     second: sparse sampling moves objects far more than their size
 *     between answers, where IoU alone would give a new id every time;
 *  3. a detection still unmatched starts a track with a new id (ids count
 *     up from 1 for the element's life and are never reused);
 *  3b. a detection that covers the expected boxes of two or more tracks
 *     is objects seen as one (crossing, passing in front): the track it
 *     matched lends it its id, but neither that track nor the others take
 *     the merged box as a position; they go on at their velocities, so
 *     that when the objects part each finds its own again;
 *  4. a track unmatched for longer than max_age ends.
 * Predictions without extent, without labels, or covering the whole frame
 * (classification, anomaly) are not tracked (id 0). */

namespace gst_geti::track {

/* A real position of a track: the server's box at a frame's time */
struct Observation {
  GstClockTime time = 0;
  Box box;
};

struct Track {
  guint id = 0;
  std::string label;
  GstClockTime first_seen = 0;
  /* the newest last */
  std::deque<Observation> history;

  GstClockTime last_time () const
  {
    return history.back ().time;
  }
  /* Pixels per second, from the recent real positions (a least-squares
   * line through the centres); false with a single one. */
  bool velocity (double &vx, double &vy, std::size_t points = 2) const noexcept;
  /* The displacement of the last real position at @time: the velocity over
   * the time since it, at most twice the track's sampling gap (a long
   * outage freezes it rather than send it off the frame). */
  bool displacement (GstClockTime time, double &dx, double &dy,
      std::size_t points = 2) const noexcept;
  /* Where the constant-velocity model puts the last box at @time, with no
   * limit: what the association compares with (a track unseen for a
   * while, behind another object, has gone on moving). */
  Box expected_box (GstClockTime time, std::size_t points = 2) const noexcept;
  /* Between the last two real positions, at @time: how far the parabola
   * through the last three centres lies from the straight line between
   * the last two (0, 0 without three, or with gaps too uneven to say) */
  void curvature (GstClockTime time, double &dx, double &dy) const noexcept;
};

struct TrackerConfig {
  GstClockTime max_age = 2 * GST_SECOND;
  double iou_threshold = 0.1;
  /* positions the velocity is fitted to */
  std::size_t velocity_points = 2;
};

/* Real positions kept per track: the velocity's, and three for the
 * curvature interpolation uses */
constexpr std::size_t HISTORY = 3;

/* Predictions tracked per answer at most (the rest: id 0), and live tracks
 * at most: a hostile answer of thousands of boxes must not cost seconds. */
constexpr std::size_t MAX_TRACKED = 512;
/* Per label, the Hungarian method up to this many on a side; a greedy
 * matching past it. */
constexpr std::size_t MAX_OPTIMAL = 128;

class Tracker
{
public:
  explicit Tracker (const TrackerConfig &config = {}) : config_ (config) {}

  void set_config (const TrackerConfig &config)
  {
    config_ = config;
  }

  /* A server answer for the frame at @time, coordinates in a
   * @width × @height frame: returns per prediction its track id, 0 for one
   * not tracked. Tracks of another frame size are rescaled first. */
  std::vector<guint> observe (const GstGetiPredictions *predictions,
      guint width, guint height, GstClockTime time);

  /* The live track @id, or null */
  const Track *find (guint id) const;

  /* Forgets every track (a flush, a new stream); ids keep counting. */
  void reset ();

  std::size_t live_tracks () const
  {
    return tracks_.size ();
  }
  guint64 ids_issued () const
  {
    return issued_;
  }
  /* predictions left untracked over MAX_TRACKED */
  guint64 untracked_over_limit () const
  {
    return over_limit_;
  }

  /* Whether a prediction of a width × height frame is tracked at all */
  static bool trackable (
      const GstGetiPrediction &prediction, guint width, guint height) noexcept;

private:
  void rescale (guint width, guint height);
  void end_old_tracks (GstClockTime time);

  TrackerConfig config_;
  std::vector<Track> tracks_;
  std::unordered_map<guint, std::size_t> index_;
  guint next_id_ = 1;
  guint width_ = 0;
  guint height_ = 0;
  guint64 over_limit_ = 0;
  guint64 issued_ = 0;
};

} // namespace gst_geti::track
