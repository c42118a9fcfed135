/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "predict_request_pool.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

/* getipredict's output side: the buffers and serialized events in stream
 * order, each buffer leaving once its request is done (or given up on),
 * with the predictions it gets. The element does the pad work (pushing,
 * the source pad task); this is the state it works on. */

namespace gst_geti::predict {

/* An entry of the output queue: a buffer (maybe waiting for its job) or a
 * serialized event, in stream order. */
struct Item {
  BufferPtr buffer;
  EventPtr event;
  std::shared_ptr<Job> job;
  guint64 frame = 0;
  guint width = 0;
  guint height = 0;
  /* ordered mode in a live pipeline: it leaves without its predictions at
   * this time; time_point::max () otherwise */
  Clock::time_point deadline = Clock::time_point::max ();

  bool ready () const
  {
    return !job || job->done.load (std::memory_order_acquire) ||
           job->detached.load ();
  }
};

/* What a buffer leaving the element gets attached. */
struct Decoration {
  PredictionsPtr predictions;
  bool held = false;
  GstClockTime source_pts = GST_CLOCK_TIME_NONE;
  GstClockTime latency = GST_CLOCK_TIME_NONE;
};

/* The latest predictions, for the frames that hold them. */
struct LastResult {
  PredictionsPtr predictions;
  guint64 frame = 0;
  GstClockTime source_pts = GST_CLOCK_TIME_NONE;
  GstClockTime latency = GST_CLOCK_TIME_NONE;
  guint width = 0;
  guint height = 0;

  /* Keeps the newest: a late answer must not replace a later frame's. */
  void update (const Job &job, guint width_, guint height_);
};

/* Buffers that may wait for their turn. Pipelining needs the frames between
 * sampled ones to wait too; this bounds the memory it takes. */
constexpr gsize MAX_QUEUED_BUFFERS = 120;

class OrderedOutput
{
public:
  /* Guards everything below. Invariants: queued_buffers is the number of
   * buffers in queue; at most one item is being pushed (pushing), taken
   * from the head of the queue or, with the queue empty, straight from the
   * streaming thread, so items leave in order; while src_result is not
   * GST_FLOW_OK nothing is pushed, until a flush stop (or, after EOS, a
   * new stream); last only moves to later frames. Taken after the request
   * pool's lock is released, never with it. */
  std::mutex lock;
  /* the head may be ready, pushing ended, or src_result changed */
  std::condition_variable item_cond;
  /* room in the queue, or src_result changed */
  std::condition_variable space_cond;

  std::deque<Item> queue;
  gsize queued_buffers = 0;
  bool pushing = false;
  /* serialized queries waiting for the queue to drain */
  guint drain_waiters = 0;
  GstFlowReturn src_result = GST_FLOW_FLUSHING;
  /* downstream returned EOS for a buffer: buffers are refused with EOS
   * until a new segment, events still go through */
  bool downstream_eos = false;
  LastResult last;

  /* Wakes every waiter (after a change made under another lock: fatal). */
  void wake ();
  /* A job ended: marks it done (and, for a detached one with predictions,
   * makes them the latest) and wakes the source pad task. */
  void finish_job (Job &job, bool current);
  /* Picks the predictions of a buffer about to leave: its own, or the
   * latest ones while younger than @hold_time. Lock held, output order. */
  Decoration decorate (const Item &item, GstClockTime pts, guint64 hold_time);
  /* Downstream returned EOS for a buffer: drops the data queued, keeps the
   * events that end or restart the stream (@dropped gets the rest, to be
   * freed without the lock). Lock held. */
  void downstream_returned_eos (std::deque<Item> &dropped);
};

} // namespace gst_geti::predict
