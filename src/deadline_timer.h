/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

/* Cancels GCancellables when their deadline passes, from a thread of its
 * own. libsoup's "timeout" bounds each socket read and write, not a whole
 * exchange: a server that trickles a byte a second never trips it. A
 * request armed here ends at its deadline whatever the server does. */

namespace geti {

class DeadlineTimer
{
public:
  using Clock = std::chrono::steady_clock;
  using Id = guint64;

  DeadlineTimer () = default;
  ~DeadlineTimer ();

  DeadlineTimer (const DeadlineTimer &) = delete;
  DeadlineTimer &operator= (const DeadlineTimer &) = delete;

  /* Cancels @cancellable (a reference is kept) at @when. The thread starts
   * with the first deadline. */
  Id arm (Clock::time_point when, GCancellable *cancellable);
  /* Forgets the deadline @id; true if it had already cancelled. */
  bool disarm (Id id) noexcept;

private:
  struct Entry {
    Clock::time_point when;
    GCancellable *cancellable; /* owned */
  };

  void run () noexcept;

  std::mutex lock_;
  std::condition_variable changed_;
  std::map<Id, Entry> entries_;
  std::multimap<Clock::time_point, Id> order_;
  Id next_id_ = 1;
  /* deadlines that passed and were not disarmed yet */
  std::map<Id, bool> fired_;
  /* what the thread sleeps towards (max: no deadline; min: awake) */
  Clock::time_point sleeping_until_ = Clock::time_point::min ();
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace geti
