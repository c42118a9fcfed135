/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "predict_ordered_output.h"

namespace gst_geti::predict {

void
LastResult::update (const Job &job, guint width_, guint height_)
{
  if (predictions && job.frame < frame)
    return;
  predictions.reset (gst_geti_predictions_ref (job.predictions.get ()));
  frame = job.frame;
  source_pts = job.pts;
  latency = job.latency;
  width = width_;
  height = height_;
}

void
OrderedOutput::wake ()
{
  std::lock_guard<std::mutex> guard (lock);
  item_cond.notify_all ();
  space_cond.notify_all ();
}

void
OrderedOutput::finish_job (Job &job, bool current)
{
  std::lock_guard<std::mutex> guard (lock);
  if (current && job.predictions && job.detached.load ())
    last.update (job, job.frame_width, job.frame_height);
  job.done.store (true, std::memory_order_release);
  item_cond.notify_all ();
}

Decoration
OrderedOutput::decorate (const Item &item, GstClockTime pts, guint64 hold_time)
{
  Decoration d;
  const Job *job = item.job.get ();
  if (job && job->done.load (std::memory_order_acquire) && job->predictions &&
      !job->detached.load ()) {
    last.update (*job, item.width, item.height);
    d.predictions.reset (gst_geti_predictions_ref (job->predictions.get ()));
    d.source_pts = job->pts;
    d.latency = job->latency;
    return d;
  }

  if (!last.predictions || hold_time == 0 || last.width != item.width ||
      last.height != item.height)
    return d;
  if (GST_CLOCK_TIME_IS_VALID (pts) &&
      GST_CLOCK_TIME_IS_VALID (last.source_pts)) {
    const GstClockTime age =
        pts >= last.source_pts ? pts - last.source_pts : last.source_pts - pts;
    if (age >= hold_time)
      return d;
  }
  d.predictions.reset (gst_geti_predictions_ref (last.predictions.get ()));
  d.held = true;
  d.source_pts = last.source_pts;
  d.latency = last.latency;
  return d;
}

void
OrderedOutput::downstream_returned_eos (std::deque<Item> &dropped)
{
  downstream_eos = true;
  std::deque<Item> kept;
  for (Item &item : queue) {
    const GstEventType type =
        item.event ? GST_EVENT_TYPE (item.event.get ()) : GST_EVENT_UNKNOWN;
    if (type == GST_EVENT_EOS || type == GST_EVENT_SEGMENT ||
        type == GST_EVENT_STREAM_START)
      kept.push_back (std::move (item));
    else
      dropped.push_back (std::move (item));
  }
  queue.swap (kept);
  queued_buffers = 0;
}

} // namespace gst_geti::predict
