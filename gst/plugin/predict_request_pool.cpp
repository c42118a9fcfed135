/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "predict_request_pool.h"

#include "server_pool.h"

#include <algorithm>

#include <gst/gst.h>

namespace gst_geti::predict {

RequestPool::~RequestPool ()
{
  stop ();
  /* the last stream of a pool takes it (and its workers) with it */
  server_.reset ();
}

void
RequestPool::start (std::shared_ptr<ServerPool> server, guint max_in_flight,
    Run run, Finished finished)
{
  run_ = std::move (run);
  finished_ = std::move (finished);
  max_in_flight_ = max_in_flight;
  server_ = std::move (server);
  std::lock_guard<std::mutex> guard (server_->lock_);
  server_->join_locked (this);
}

void
RequestPool::cancel_locked (std::deque<std::shared_ptr<Job>> &forgotten)
{
  epoch_++;
  for (const auto &job : running_)
    g_cancellable_cancel (job->cancellable.get ());
  forgotten.swap (pending_);
  const guint count = static_cast<guint> (forgotten.size ());
  in_flight_ -= count;
  server_->in_flight_ -= count;
  server_->pending_ -= count;
}

void
RequestPool::stop ()
{
  if (!server_)
    return;
  std::deque<std::shared_ptr<Job>> forgotten;
  {
    std::unique_lock<std::mutex> guard (server_->lock_);
    if (left_)
      return;
    stopping_ = true;
    interrupted_ = true;
    cancel_locked (forgotten);
  }
  for (auto &job : forgotten)
    job->done.store (true, std::memory_order_release);
  server_->slot_cond_.notify_all ();
  retry_cond_.notify_all ();
  {
    /* its running jobs end (cancelled), and their Finished with them */
    std::unique_lock<std::mutex> guard (server_->lock_);
    idle_cond_.wait (guard, [this] { return busy_ == 0; });
    /* a slot reserved and never submitted goes back with it */
    server_->in_flight_ -= in_flight_;
    in_flight_ = 0;
    server_->leave_locked (this);
    left_ = true;
  }
  server_->slot_cond_.notify_all ();
}

void
RequestPool::set_ready ()
{
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    ready_ = true;
  }
  server_->job_cond_.notify_all ();
}

bool
RequestPool::ready () const
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  return ready_;
}

void
RequestPool::take_slot_locked ()
{
  in_flight_++;
  server_->in_flight_++;
  granted_us_ = g_get_monotonic_time ();
}

void
RequestPool::ask_locked (gint64 now_us)
{
  if (last_ask_us_ != 0) {
    const gint64 gap = std::min<gint64> (now_us - last_ask_us_, ServerPool::ACTIVE_US);
    ask_gap_us_ = ask_gap_us_ == 0 ? gap : ask_gap_us_ + (gap - ask_gap_us_) / 4;
  }
  last_ask_us_ = now_us;
}

bool
RequestPool::try_reserve ()
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  const gint64 now = g_get_monotonic_time ();
  ask_locked (now);
  if (interrupted_ || !server_->can_take_locked (*this, now))
    return false;
  take_slot_locked ();
  return true;
}

bool
RequestPool::reserve ()
{
  std::unique_lock<std::mutex> guard (server_->lock_);
  ask_locked (g_get_monotonic_time ());
  for (;;) {
    if (interrupted_)
      return false;
    if (server_->can_take_locked (*this, g_get_monotonic_time ()))
      break;
    /* woken by a slot coming back; the time-out keeps it active and
     * lets a share that changed be seen */
    server_->slot_cond_.wait_for (guard,
        std::chrono::microseconds (ServerPool::ACTIVE_US / 4));
  }
  take_slot_locked ();
  return true;
}

void
RequestPool::unreserve ()
{
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    in_flight_--;
    server_->in_flight_--;
  }
  server_->slot_cond_.notify_all ();
}

void
RequestPool::submit (std::shared_ptr<Job> job)
{
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    job->epoch = epoch_;
    pending_.push_back (std::move (job));
    server_->pending_++;
    server_->wake_worker_locked ();
  }
  server_->job_cond_.notify_one ();
}

void
RequestPool::interrupt ()
{
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    interrupted_ = true;
  }
  server_->slot_cond_.notify_all ();
}

void
RequestPool::resume ()
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  if (!stopping_)
    interrupted_ = false;
}

void
RequestPool::cancel_all ()
{
  std::deque<std::shared_ptr<Job>> forgotten;
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    cancel_locked (forgotten);
  }
  for (auto &job : forgotten)
    job->done.store (true, std::memory_order_release);
  server_->slot_cond_.notify_all ();
  retry_cond_.notify_all ();
}

guint64
RequestPool::epoch () const
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  return epoch_;
}

void
RequestPool::drain (Clock::time_point deadline)
{
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    drain_deadline_ = std::min (drain_deadline_, deadline);
  }
  retry_cond_.notify_all ();
}

void
RequestPool::undrain ()
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  drain_deadline_ = Clock::time_point::max ();
}

Clock::time_point
RequestPool::drain_deadline () const
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  return drain_deadline_;
}

bool
RequestPool::wait_retry (Job &job, Clock::time_point until)
{
  std::unique_lock<std::mutex> guard (server_->lock_);
  auto over = [&] {
    return stopping_ || g_cancellable_is_cancelled (job.cancellable.get ()) ||
           until >= drain_deadline_;
  };
  /* Waiting, it puts no load on the server: its slot in the pool's budget
   * is lent to the others (not its own: max-in-flight counts it) */
  server_->in_flight_--;
  server_->retrying_++;
  server_->slot_cond_.notify_all ();
  retry_cond_.wait_until (guard, until, over);
  server_->retrying_--;
  server_->in_flight_++;
  return !over ();
}

void
RequestPool::report (
    gint64 sent_us, gint64 received_us, ConcurrencyLimit::Outcome outcome)
{
  bool grew;
  {
    std::lock_guard<std::mutex> guard (server_->lock_);
    const guint before = server_->limiter_.limit ();
    /* the requests on their way: not those waiting to retry */
    server_->limiter_.add (sent_us, received_us, outcome,
        server_->running_ - server_->retrying_);
    const guint after = server_->limiter_.limit ();
    grew = after > before;
    if (after != before)
      GST_CAT_DEBUG (server_->debug_category (),
          "adaptive limit %u -> %u (rate %.1f/s)", before, after,
          server_->limiter_.rate ());
  }
  if (grew)
    server_->slot_cond_.notify_all ();
}

guint
RequestPool::in_flight () const
{
  if (!server_)
    return 0;
  std::lock_guard<std::mutex> guard (server_->lock_);
  return in_flight_;
}

guint
RequestPool::cap () const
{
  std::lock_guard<std::mutex> guard (server_->lock_);
  return server_->cap_locked (*this, server_->budget_locked ());
}

guint
RequestPool::limit () const
{
  return server_ ? server_->limit () : 0;
}

guint
RequestPool::streams () const
{
  return server_ ? server_->streams () : 0;
}

guint
RequestPool::stuck (gint64 now_us, gint64 age_us, gint64 &oldest_us) const
{
  std::lock_guard<std::mutex> guard (server_->lock_);
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

} // namespace gst_geti::predict
