/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/video/video.h>

#include "concurrency_limit.h"
#include "gst_ptr.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

/* getipredict's request side: the sampled frames on their way to the
 * server and back, and the slots they hold in the server's pool
 * (server_pool.h), whose worker threads send them. Nothing here knows
 * about pads or the output order. */

namespace gst_geti::predict {

using Clock = std::chrono::steady_clock;

class ServerPool;

/* One request: a sampled frame on its way to the server and back. The
 * worker that runs it owns the fields above "result"; a result is written
 * before done is set (release), and read after done was seen (acquire). */
struct Job {
  /* the frame (in live mode a copy, maybe scaled already); released once
   * encoded */
  BufferPtr buffer;
  GstVideoInfo info;
  guint max_size = 0;
  /* the size of the frame itself: answers are scaled back to it */
  guint frame_width = 0;
  guint frame_height = 0;
  gint quality = 85;
  gdouble threshold = 0.0;
  /* also ask :explain for this frame (explain-interval) */
  bool explain = false;
  guint64 frame = 0;
  GstClockTime pts = GST_CLOCK_TIME_NONE;
  guint64 epoch = 0; /* results of an older epoch (before a flush) are
                        dropped */
  ObjectPtr<GCancellable> cancellable{ g_cancellable_new () };
  gint64 started_us = 0; /* when a worker took it (under the pool's lock) */

  /* result */
  PredictionsPtr predictions; /* null: failed, or none */
  GstClockTime latency = GST_CLOCK_TIME_NONE;
  std::atomic<bool> done{ false };
  /* Its frame has left without it (live mode, or ordered mode past
   * max-latency): the result goes to the frames after it, as held. */
  std::atomic<bool> detached{ false };
};

/* One stream's requests (one getipredict from start() to stop()), in its
 * server's pool. Its state is under the server pool's lock. */
class RequestPool
{
public:
  /* Runs one job on a worker thread, no lock held; false: it failed (not
   * when it was cancelled). */
  using Run = std::function<bool (Job &)>;
  /* After a job ended, no lock held: @current is false for a job of an
   * older epoch or a cancelled one, whose result nobody wants. */
  using Finished = std::function<void (Job &, bool failed, bool current)>;

  RequestPool () = default;
  ~RequestPool ();
  RequestPool (const RequestPool &) = delete;
  RequestPool &operator= (const RequestPool &) = delete;

  /* Joins @server's pool: at most @max_in_flight jobs at once (0: as many
   * as the pool's adaptive limit allows). */
  void start (std::shared_ptr<ServerPool> server, guint max_in_flight,
      Run run, Finished finished);
  /* Cancels this stream's jobs (no other's), waits until none runs and
   * leaves the pool (the pool itself goes with the destructor of its
   * last stream). */
  void stop ();

  /* The project look-up is done: the workers may send. */
  void set_ready ();
  bool ready () const;

  /* A slot for a job: within this stream's max-in-flight, the pool's
   * budget and its fair share. try_reserve never waits; reserve waits for
   * one, and returns false once interrupted. Either way a reserved slot is
   * given back by submit()'s job ending, or by unreserve(). */
  bool try_reserve ();
  bool reserve ();
  void unreserve ();
  void submit (std::shared_ptr<Job> job);

  /* Waiters in reserve() return false until resume(): a flush, an error,
   * a stop. */
  void interrupt ();
  void resume ();

  /* A flush: results of the jobs so far are unwanted. Cancels the running
   * ones, forgets the pending ones (their slots come back, they are marked
   * done), and starts a new epoch. */
  void cancel_all ();
  guint64 epoch () const;

  /* EOS is on its way: no attempt or retry wait goes past @deadline, until
   * undrain() (a new segment, a flush). */
  void drain (Clock::time_point deadline);
  void undrain ();
  Clock::time_point drain_deadline () const;

  /* Waits before a retry until @until; false if the job was cancelled
   * meanwhile, the pool stops, or EOS's deadline comes before @until.
   * Meanwhile its slot in the pool's budget is lent to the others (it puts
   * no load on the server); this stream's max-in-flight still counts it. */
  bool wait_retry (Job &job, Clock::time_point until);

  /* One attempt ended: what the adaptive limit learns from. */
  void report (gint64 sent_us, gint64 received_us,
      ConcurrencyLimit::Outcome outcome);

  guint in_flight () const;
  /* The most jobs this stream may have at once now */
  guint cap () const;
  /* The pool's budget, and how many streams share it */
  guint limit () const;
  guint streams () const;
  /* The running jobs older than @age_us: how many, and the oldest's
   * start (g_get_monotonic_time ()) */
  guint stuck (gint64 now_us, gint64 age_us, gint64 &oldest_us) const;

private:
  friend class ServerPool;
  /* under the server's lock */
  void take_slot_locked ();
  /* A new frame asks for a slot: the pace it asks at */
  void ask_locked (gint64 now_us);
  void cancel_locked (std::deque<std::shared_ptr<Job>> &forgotten);

  std::shared_ptr<ServerPool> server_;
  guint max_in_flight_ = 0;
  Run run_;
  Finished finished_;

  /* Under server_->lock_. Invariants: in_flight_ counts the slots
   * reserved and not given back: reserved-but-not-submitted + pending_ +
   * running_; every job in pending_ or running_ belongs to epoch_ or is
   * cancelled; busy_ counts the jobs a worker took and has not finished
   * with (Finished included). */
  std::condition_variable retry_cond_; /* cancelled, draining, stopping */
  std::condition_variable idle_cond_;  /* busy_ fell to 0 */
  std::deque<std::shared_ptr<Job>> pending_;
  std::vector<std::shared_ptr<Job>> running_;
  guint in_flight_ = 0;
  guint busy_ = 0;
  guint64 epoch_ = 0;
  bool ready_ = false;
  bool stopping_ = false;
  bool left_ = false; /* stop () is done: no longer a member */
  bool interrupted_ = false;
  gint64 active_until_us_ = 0; /* asked for a slot lately */
  gint64 granted_us_ = 0;      /* when it last had one */
  gint64 last_ask_us_ = 0;     /* when it last asked (a new frame) */
  gint64 ask_gap_us_ = 0;      /* the time between its asks, on average */
  Clock::time_point drain_deadline_ = Clock::time_point::max ();
};

} // namespace gst_geti::predict
