/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "gst_ptr.h"
#include "tracker.h"

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include <deque>
#include <unordered_map>
#include <vector>

/* getitrack's stream logic, without pads: which frames carry a server
 * answer, which hold one, what each leaves with, and which wait.
 *
 * A frame whose meta says "predicted" is an answer: the tracker gives its
 * predictions ids and it becomes the anchor. A frame holding the anchor's
 * list (the same list, told by its change counter) lies between two
 * answers: it leaves with the anchor's shapes held, moved on with their
 * tracks' velocities (extrapolate) or, held back until the next answer,
 * placed between the two (interpolate). Other frames (no meta, or a list
 * from elsewhere) leave untouched, in their place. */

namespace gst_geti::track {

enum class Motion { interpolate, extrapolate, hold };

/* An item leaving (or waiting): a buffer or a serialized event */
struct Item {
  BufferPtr buffer;
  EventPtr event;
  GstClockTime time = GST_CLOCK_TIME_NONE; /* buffer: its time */
  bool from_anchor = false;                /* buffer: holds the anchor's list */
};

struct FrameStats {
  guint64 predicted = 0;
  guint64 held = 0;
  guint64 interpolated = 0;
  guint64 extrapolated = 0;
  guint64 untouched = 0;
  /* frames let go before the next answer: max-latency, max-held-buffers,
   * EOS, a caps change or a drain */
  guint64 released_early = 0;
};

struct FrameConfig {
  Motion motion = Motion::interpolate;
  TrackerConfig tracker;
  GstClockTime max_latency = 2 * GST_SECOND;
  guint max_held_buffers = 100;
};

class FrameTracker
{
public:
  void configure (const FrameConfig &config);
  const FrameConfig &config () const
  {
    return config_;
  }

  /* A buffer arrives: what may leave now is appended to @out, in order. */
  void push_buffer (BufferPtr buffer, std::vector<Item> &out);
  /* A serialized event that must keep its place among the buffers */
  void push_event (EventPtr event, std::vector<Item> &out);
  /* Lets every waiting frame go, extrapolated (EOS, caps, a drain). */
  void drain (std::vector<Item> &out);
  /* Drops the waiting frames and forgets the tracks (flush); they go to
   * @dropped, to be freed without a lock. */
  void reset (std::vector<Item> &dropped);

  std::size_t queued_buffers () const
  {
    return queued_buffers_;
  }
  const FrameStats &stats () const
  {
    return stats_;
  }
  const Tracker &tracker () const
  {
    return tracker_;
  }

private:
  /* The latest answer as it left */
  struct Anchor {
    bool valid = false;
    guint input_seqnum = 0;
    PredictionsPtr output; /* with track ids */
    GstClockTime time = 0;
    guint width = 0;
    guint height = 0;
  };

  GstClockTime time_of (GstBuffer *buffer);
  bool holds_anchor (const GstGetiPredictionMeta *meta) const;
  void take_answer (BufferPtr buffer, GstGetiPredictionMeta *meta,
      GstClockTime time, std::vector<Item> &out);
  /* Moves the anchor's prediction @p on to @time with its track's
   * velocity (its points kept in @storage); false when it has none */
  bool move_on (GstGetiPrediction &p, Shape &storage, GstClockTime time) const;
  /* The anchor's list at @time: extrapolated, or held */
  PredictionsPtr extrapolated (GstClockTime time, bool &moved) const;
  /* The anchor's list at @time between it and @next (@next_index: track id
   * -> its prediction there) */
  PredictionsPtr interpolated (GstClockTime time,
      const GstGetiPredictions *next,
      const std::unordered_map<guint, guint> &next_index,
      GstClockTime next_time, bool &moved) const;
  void leave_held (Item &item, std::vector<Item> &out);
  /* A frame holding the anchor's list, its shapes moved on to its time */
  void leave_extrapolated (Item &item, std::vector<Item> &out);
  /* A waiting frame whose next answer will not come (EOS, the bounds):
   * extrapolated, as far as its tracks' motion is known */
  void leave_unanswered (Item &item, std::vector<Item> &out);
  void enforce_bounds (GstClockTime newest, std::vector<Item> &out);
  void release_front (std::vector<Item> &out);

  FrameConfig config_;
  Tracker tracker_;
  Anchor anchor_;
  std::deque<Item> queue_;
  std::size_t queued_buffers_ = 0;
  FrameStats stats_;
  /* for buffers without a timestamp: 30 frames a second from the first */
  guint64 untimed_ = 0;
};

/* Gives @buffer (made writable, shallowly: no pixels are copied) the list
 * @predictions and @source, and the ROI metas and GstAnalytics entries
 * getipredict attached redone for it (the tracking entries from
 * @tracker). */
BufferPtr decorate_buffer (BufferPtr buffer, GstGetiPredictions *predictions,
    GstGetiPredictionSource source, const Tracker &tracker);

} // namespace gst_geti::track
