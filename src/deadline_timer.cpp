/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "deadline_timer.h"

#include <vector>

namespace geti {

DeadlineTimer::~DeadlineTimer ()
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    stopping_ = true;
  }
  changed_.notify_all ();
  if (thread_.joinable ())
    thread_.join ();
  for (auto &[id, entry] : entries_)
    g_object_unref (entry.cancellable);
}

DeadlineTimer::Id
DeadlineTimer::arm (Clock::time_point when, GCancellable *cancellable)
{
  std::lock_guard<std::mutex> guard (lock_);
  if (!thread_.joinable ())
    thread_ = std::thread (&DeadlineTimer::run, this);
  const Id id = next_id_++;
  entries_.emplace (
      id, Entry{ when, G_CANCELLABLE (g_object_ref (cancellable)) });
  order_.emplace (when, id);
  /* Only a deadline before the one the thread sleeps towards needs it
   * awake: with a request's timeout a new deadline is nearly always later
   * (the thread wakes once at the old one, then sleeps towards the new),
   * so requests do not wake it one by one */
  if (when < sleeping_until_)
    changed_.notify_all ();
  return id;
}

bool
DeadlineTimer::disarm (Id id) noexcept
{
  GCancellable *cancellable = nullptr;
  bool fired = false;
  {
    std::lock_guard<std::mutex> guard (lock_);
    auto f = fired_.find (id);
    if (f != fired_.end ()) {
      fired = true;
      fired_.erase (f);
    }
    auto e = entries_.find (id);
    if (e != entries_.end ()) {
      auto range = order_.equal_range (e->second.when);
      for (auto o = range.first; o != range.second; ++o) {
        if (o->second == id) {
          order_.erase (o);
          break;
        }
      }
      cancellable = e->second.cancellable;
      entries_.erase (e);
    }
  }
  g_clear_object (&cancellable);
  return fired;
}

void
DeadlineTimer::run () noexcept
{
  std::unique_lock<std::mutex> guard (lock_);
  while (!stopping_) {
    if (order_.empty ()) {
      sleeping_until_ = Clock::time_point::max ();
      changed_.wait (guard);
      continue;
    }
    const Clock::time_point next = order_.begin ()->first;
    if (Clock::now () < next) {
      sleeping_until_ = next;
      changed_.wait_until (guard, next);
      sleeping_until_ = Clock::time_point::min ();
      continue;
    }
    /* Cancel outside the lock: cancelling runs the handlers of whoever
     * waits on the cancellable, in this thread */
    std::vector<GCancellable *> due;
    while (!order_.empty () && order_.begin ()->first <= Clock::now ()) {
      const Id id = order_.begin ()->second;
      order_.erase (order_.begin ());
      auto e = entries_.find (id);
      due.push_back (e->second.cancellable);
      entries_.erase (e);
      fired_[id] = true;
    }
    guard.unlock ();
    for (GCancellable *cancellable : due) {
      g_cancellable_cancel (cancellable);
      g_object_unref (cancellable);
    }
    guard.lock ();
  }
}

} // namespace geti
