/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "tracker.h"

#include "assignment.h"
#include "prediction_convert.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace gst_geti::track {

namespace {

/* Live tracks at most (unmatched ones end early past it, oldest first) */
constexpr std::size_t MAX_LIVE = 4 * MAX_TRACKED;

double
seconds (GstClockTime t)
{
  return static_cast<double> (t) / GST_SECOND;
}

const char *
label_key (const GstGetiPrediction &prediction)
{
  const GstGetiLabel &label = prediction.labels[0];
  if (label.id != nullptr)
    return label.id;
  return label.name != nullptr ? label.name : "";
}

/* For each row, its column or -1: the optimal matching while small, the
 * greedy one (cheapest pairs first) past MAX_OPTIMAL. */
std::vector<long>
match (const CostMatrix &cost)
{
  if (cost.rows () <= MAX_OPTIMAL && cost.cols () <= MAX_OPTIMAL)
    return solve_assignment (cost);

  struct Pair {
    double cost;
    std::size_t r, c;
  };
  std::vector<Pair> pairs;
  for (std::size_t r = 0; r < cost.rows (); r++) {
    for (std::size_t c = 0; c < cost.cols (); c++) {
      if (std::isfinite (cost.at (r, c)))
        pairs.push_back ({ cost.at (r, c), r, c });
    }
  }
  std::sort (pairs.begin (), pairs.end (),
      [] (const Pair &a, const Pair &b) { return a.cost < b.cost; });
  std::vector<long> result (cost.rows (), -1);
  std::vector<char> taken (cost.cols (), 0);
  for (const Pair &pair : pairs) {
    if (result[pair.r] == -1 && !taken[pair.c]) {
      result[pair.r] = static_cast<long> (pair.c);
      taken[pair.c] = 1;
    }
  }
  return result;
}

} // namespace

bool
Track::velocity (double &vx, double &vy, std::size_t points) const noexcept
{
  const std::size_t n =
      std::min (history.size (), std::max<std::size_t> (points, 2));
  if (n < 2)
    return false;
  /* least squares: slope of the centre over the last n positions, times
   * relative to the newest (seconds) */
  const GstClockTime t0 = last_time ();
  const auto first = history.end () - static_cast<std::ptrdiff_t> (n);
  double st = 0, sx = 0, sy = 0;
  for (auto o = first; o != history.end (); ++o) {
    st += -seconds (t0 - o->time);
    sx += o->box.cx ();
    sy += o->box.cy ();
  }
  const double mt = st / n, mx = sx / n, my = sy / n;
  double stt = 0, stx = 0, sty = 0;
  for (auto o = first; o != history.end (); ++o) {
    const double dt = -seconds (t0 - o->time) - mt;
    stt += dt * dt;
    stx += dt * (o->box.cx () - mx);
    sty += dt * (o->box.cy () - my);
  }
  if (stt <= 0)
    return false;
  vx = stx / stt;
  vy = sty / stt;
  return true;
}

bool
Track::displacement (GstClockTime time, double &dx, double &dy,
    std::size_t points) const noexcept
{
  double vx, vy;
  if (!velocity (vx, vy, points) || time <= last_time ())
    return false;
  const GstClockTime gap = last_time () - history[history.size () - 2].time;
  const double dt = seconds (std::min (time - last_time (), 2 * gap));
  dx = vx * dt;
  dy = vy * dt;
  return true;
}

Box
Track::expected_box (GstClockTime time, std::size_t points) const noexcept
{
  Box box = history.back ().box;
  double vx, vy;
  if (time > last_time () && velocity (vx, vy, points)) {
    const double dt = seconds (time - last_time ());
    box.x0 += vx * dt;
    box.x1 += vx * dt;
    box.y0 += vy * dt;
    box.y1 += vy * dt;
  }
  return box;
}

void
Track::curvature (GstClockTime time, double &dx, double &dy) const noexcept
{
  dx = dy = 0;
  const std::size_t n = history.size ();
  if (n < 3)
    return;
  const Observation &a = history[n - 3], &b = history[n - 2],
                    &c = history[n - 1];
  if (!(a.time < b.time && b.time < c.time) || time <= b.time || time >= c.time)
    return;
  const double t_ab = seconds (b.time - a.time),
               t_bc = seconds (c.time - b.time);
  /* a parabola is a fair guess only over about even steps */
  if (t_bc > 3 * t_ab || t_ab > 3 * t_bc)
    return;
  /* Newton's form: the second divided difference times (t - tb)(t - tc) */
  const double k = seconds (time - b.time) * -seconds (c.time - time) /
                   seconds (c.time - a.time);
  const double ddx =
      (c.box.cx () - b.box.cx ()) / t_bc - (b.box.cx () - a.box.cx ()) / t_ab;
  const double ddy =
      (c.box.cy () - b.box.cy ()) / t_bc - (b.box.cy () - a.box.cy ()) / t_ab;
  dx = k * ddx;
  dy = k * ddy;
  /* a bend bigger than the object is a turn the three points do not
   * show well: keep to the line */
  const double size = std::hypot (c.box.width (), c.box.height ());
  const double worst =
      std::hypot (ddx, ddy) * t_bc * t_bc / 4 / seconds (c.time - a.time);
  if (worst > size)
    dx = dy = 0;
}

bool
Tracker::trackable (
    const GstGetiPrediction &prediction, guint width, guint height) noexcept
{
  if (prediction.n_labels == 0 || prediction.labels == nullptr)
    return false;
  double x0, y0, x1, y1;
  if (!shape_bounds (prediction.shape, x0, y0, x1, y1))
    return false;
  if (!std::isfinite (x0) || !std::isfinite (y0) || !std::isfinite (x1) ||
      !std::isfinite (y1))
    return false;
  /* Geti's answer for a whole-image task (classification, anomaly):
   * nothing there moves */
  return !shape_is_full_frame (prediction.shape, 1, 1, width, height);
}

const Track *
Tracker::find (guint id) const
{
  const auto it = index_.find (id);
  return it == index_.end () ? nullptr : &tracks_[it->second];
}

void
Tracker::reset ()
{
  tracks_.clear ();
  index_.clear ();
  width_ = height_ = 0;
}

void
Tracker::rescale (guint width, guint height)
{
  const double sx = static_cast<double> (width) / width_;
  const double sy = static_cast<double> (height) / height_;
  for (Track &track : tracks_) {
    for (Observation &o : track.history) {
      o.box.x0 *= sx;
      o.box.x1 *= sx;
      o.box.y0 *= sy;
      o.box.y1 *= sy;
    }
  }
}

void
Tracker::end_old_tracks (GstClockTime time)
{
  auto old = [&] (const Track &track) {
    return time > track.last_time () &&
           time - track.last_time () > config_.max_age;
  };
  tracks_.erase (
      std::remove_if (tracks_.begin (), tracks_.end (), old), tracks_.end ());
  if (tracks_.size () > MAX_LIVE) {
    /* the longest unmatched go first */
    std::sort (
        tracks_.begin (), tracks_.end (), [] (const Track &a, const Track &b) {
          return a.last_time () > b.last_time ();
        });
    tracks_.resize (MAX_LIVE);
  }
  index_.clear ();
  for (std::size_t i = 0; i < tracks_.size (); i++)
    index_[tracks_[i].id] = i;
}

std::vector<guint>
Tracker::observe (const GstGetiPredictions *predictions, guint width,
    guint height, GstClockTime time)
{
  const guint n = predictions ? gst_geti_predictions_get_size (predictions) : 0;
  std::vector<guint> ids (n, 0);

  /* Time going back (a new segment, a loop): the old tracks mean nothing */
  for (const Track &track : tracks_) {
    if (track.last_time () > time) {
      reset ();
      break;
    }
  }
  if (width_ != 0 && height_ != 0 && (width != width_ || height != height_))
    rescale (width, height);
  width_ = width;
  height_ = height;

  struct Detection {
    guint index;
    Box box;
  };
  /* per label: its detections and its live tracks */
  struct Group {
    std::vector<Detection> detections;
    std::vector<std::size_t> tracks;
  };
  std::map<std::string, Group> groups;
  std::size_t tracked = 0;
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction &p = *gst_geti_predictions_get (predictions, i);
    if (!trackable (p, width, height))
      continue;
    if (tracked == MAX_TRACKED) {
      over_limit_++;
      continue;
    }
    tracked++;
    Detection d{ i, {} };
    shape_bounds (p.shape, d.box.x0, d.box.y0, d.box.x1, d.box.y1);
    groups[label_key (p)].detections.push_back (d);
  }
  if (tracked > 0) {
    /* tracks without a detection of their label will not match anyway */
    for (std::size_t t = 0; t < tracks_.size (); t++) {
      const auto it = groups.find (tracks_[t].label);
      if (it != groups.end ())
        it->second.tracks.push_back (t);
    }
  }

  const double diagonal = std::hypot (width, height);
  std::vector<Box> expected (tracks_.size ());
  for (std::size_t t = 0; t < tracks_.size (); t++)
    expected[t] = tracks_[t].expected_box (time, config_.velocity_points);

  std::vector<Track> started;
  for (auto &[label, group] : groups) {
    std::vector<long> det_track (group.detections.size (), -1);

    /* 1. overlap with where each track should be */
    if (!group.tracks.empty ()) {
      CostMatrix cost (group.detections.size (), group.tracks.size ());
      for (std::size_t d = 0; d < group.detections.size (); d++) {
        for (std::size_t t = 0; t < group.tracks.size (); t++) {
          const double overlap =
              iou (group.detections[d].box, expected[group.tracks[t]]);
          if (overlap > 0 && overlap >= config_.iou_threshold)
            cost.at (d, t) = 1 - overlap;
        }
      }
      const std::vector<long> m = match (cost);
      for (std::size_t d = 0; d < m.size (); d++) {
        if (m[d] >= 0)
          det_track[d] = static_cast<long> (group.tracks[m[d]]);
      }
    }

    /* 2. the rest by distance, within the gate */
    std::vector<std::size_t> rest_d, rest_t;
    std::vector<char> track_taken (tracks_.size (), 0);
    for (std::size_t d = 0; d < det_track.size (); d++) {
      if (det_track[d] >= 0)
        track_taken[det_track[d]] = 1;
      else
        rest_d.push_back (d);
    }
    for (std::size_t t : group.tracks) {
      if (!track_taken[t])
        rest_t.push_back (t);
    }
    if (!rest_d.empty () && !rest_t.empty ()) {
      CostMatrix cost (rest_d.size (), rest_t.size ());
      for (std::size_t i = 0; i < rest_d.size (); i++) {
        const Box &b = group.detections[rest_d[i]].box;
        for (std::size_t j = 0; j < rest_t.size (); j++) {
          const Box &e = expected[rest_t[j]];
          const Track &track = tracks_[rest_t[j]];
          const double size = std::max (
              { e.width (), e.height (), b.width (), b.height (), 1.0 });
          const double dt = time > track.last_time ()
                                ? seconds (time - track.last_time ())
                                : 0;
          const double gate =
              std::max (3 * size, std::min (diagonal, diagonal * dt));
          const double distance =
              std::hypot (b.cx () - e.cx (), b.cy () - e.cy ());
          if (distance <= gate)
            cost.at (i, j) = distance;
        }
      }
      const std::vector<long> m = match (cost);
      for (std::size_t i = 0; i < m.size (); i++) {
        if (m[i] >= 0)
          det_track[rest_d[i]] = static_cast<long> (rest_t[m[i]]);
      }
    }

    /* 3. the matched move on, the others start */
    for (std::size_t d = 0; d < group.detections.size (); d++) {
      const Detection &det = group.detections[d];
      if (det_track[d] >= 0) {
        Track &track = tracks_[det_track[d]];
        ids[det.index] = track.id;
        /* 3b. objects seen as one: nobody's position */
        std::size_t covered = 0;
        for (std::size_t t : group.tracks) {
          const Box &e = expected[t];
          const double w =
              std::min (e.x1, det.box.x1) - std::max (e.x0, det.box.x0);
          const double h =
              std::min (e.y1, det.box.y1) - std::max (e.y0, det.box.y0);
          if (w > 0 && h > 0 && e.area () > 0 && w * h >= 0.5 * e.area ())
            covered++;
        }
        if (covered >= 2)
          continue;
        track.history.push_back ({ time, det.box });
        while (track.history.size () > HISTORY)
          track.history.pop_front ();
      } else {
        Track track;
        track.id = next_id_++;
        issued_++;
        if (next_id_ == 0) /* after 4 billion: start again at 1 */
          next_id_ = 1;
        track.label = label;
        track.first_seen = time;
        track.history.push_back ({ time, det.box });
        ids[det.index] = track.id;
        started.push_back (std::move (track));
      }
    }
  }

  for (Track &track : started)
    tracks_.push_back (std::move (track));
  /* 4. */
  end_old_tracks (time);
  return ids;
}

} // namespace gst_geti::track
