/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "predict_request_pool.h"

#include <algorithm>

namespace gst_geti::predict {

RequestPool::~RequestPool ()
{
  stop ();
}

void
RequestPool::start (guint workers, Run run, Finished finished)
{
  run_ = std::move (run);
  finished_ = std::move (finished);
  for (guint i = 0; i < workers; i++)
    workers_.emplace_back (&RequestPool::work, this);
}

void
RequestPool::stop ()
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    stopping_ = true;
    interrupted_ = true;
  }
  cancel_all ();
  job_cond_.notify_all ();
  for (auto &worker : workers_)
    worker.join ();
  workers_.clear ();
}

void
RequestPool::set_ready ()
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    ready_ = true;
  }
  job_cond_.notify_all ();
}

bool
RequestPool::ready () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return ready_;
}

bool
RequestPool::try_reserve (guint max)
{
  std::lock_guard<std::mutex> guard (lock_);
  if (interrupted_ || in_flight_ >= max)
    return false;
  in_flight_++;
  return true;
}

bool
RequestPool::reserve (guint max)
{
  std::unique_lock<std::mutex> guard (lock_);
  slot_cond_.wait (guard, [&] { return interrupted_ || in_flight_ < max; });
  if (interrupted_)
    return false;
  in_flight_++;
  return true;
}

void
RequestPool::unreserve ()
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    in_flight_--;
  }
  slot_cond_.notify_all ();
}

void
RequestPool::submit (std::shared_ptr<Job> job)
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    job->epoch = epoch_;
    pending_.push_back (std::move (job));
  }
  job_cond_.notify_one ();
}

void
RequestPool::interrupt ()
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    interrupted_ = true;
  }
  slot_cond_.notify_all ();
}

void
RequestPool::resume ()
{
  std::lock_guard<std::mutex> guard (lock_);
  if (!stopping_)
    interrupted_ = false;
}

void
RequestPool::cancel_all ()
{
  std::deque<std::shared_ptr<Job>> forgotten;
  {
    std::lock_guard<std::mutex> guard (lock_);
    epoch_++;
    for (const auto &job : running_)
      g_cancellable_cancel (job->cancellable.get ());
    forgotten.swap (pending_);
    in_flight_ -= static_cast<guint> (forgotten.size ());
  }
  for (auto &job : forgotten)
    job->done.store (true, std::memory_order_release);
  slot_cond_.notify_all ();
  retry_cond_.notify_all ();
}

guint64
RequestPool::epoch () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return epoch_;
}

void
RequestPool::drain (Clock::time_point deadline)
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    drain_deadline_ = std::min (drain_deadline_, deadline);
  }
  retry_cond_.notify_all ();
}

void
RequestPool::undrain ()
{
  std::lock_guard<std::mutex> guard (lock_);
  drain_deadline_ = Clock::time_point::max ();
}

Clock::time_point
RequestPool::drain_deadline () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return drain_deadline_;
}

bool
RequestPool::wait_retry (Job &job, Clock::time_point until)
{
  std::unique_lock<std::mutex> guard (lock_);
  auto over = [&] {
    return stopping_ || g_cancellable_is_cancelled (job.cancellable.get ()) ||
           until >= drain_deadline_;
  };
  retry_cond_.wait_until (guard, until, over);
  return !over ();
}

guint
RequestPool::in_flight () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return in_flight_;
}

guint
RequestPool::stuck (gint64 now_us, gint64 age_us, gint64 &oldest_us) const
{
  std::lock_guard<std::mutex> guard (lock_);
  guint count = 0;
  oldest_us = now_us;
  for (const auto &job : running_) {
    if (now_us - job->started_us >= age_us) {
      count++;
      oldest_us = std::min (oldest_us, job->started_us);
    }
  }
  return count;
}

void
RequestPool::work ()
{
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> guard (lock_);
      job_cond_.wait (guard,
          [this] { return stopping_ || (ready_ && !pending_.empty ()); });
      if (stopping_)
        return;
      job = std::move (pending_.front ());
      pending_.pop_front ();
      job->started_us = g_get_monotonic_time ();
      running_.push_back (job);
    }

    const bool failed = !run_ (*job);

    bool current;
    {
      std::lock_guard<std::mutex> guard (lock_);
      running_.erase (std::find (running_.begin (), running_.end (), job));
      in_flight_--;
      current = job->epoch == epoch_ &&
                !g_cancellable_is_cancelled (job->cancellable.get ());
    }
    slot_cond_.notify_all ();
    finished_ (*job, failed, current);
  }
}

} // namespace gst_geti::predict
