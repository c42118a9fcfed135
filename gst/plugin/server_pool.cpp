/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server_pool.h"

#include "predict_request_pool.h"

#include <algorithm>
#include <map>
#include <pthread.h>
#include <system_error>
#include <tuple>

#include <gst/gst.h>

GST_DEBUG_CATEGORY_STATIC (geti_pool_debug);
#define GST_CAT_DEFAULT geti_pool_debug

namespace gst_geti::predict {

namespace {

/* What two streams must agree on to share a pool */
struct Key {
  std::string group;
  std::string origin;
  std::string api_key;
  bool ssl_strict;
  std::string ssl_ca_file;
  guint timeout_s;
  std::string user_agent;

  bool operator< (const Key &other) const
  {
    return std::tie (group, origin, api_key, ssl_strict, ssl_ca_file,
               timeout_s, user_agent) <
           std::tie (other.group, other.origin, other.api_key,
               other.ssl_strict, other.ssl_ca_file, other.timeout_s,
               other.user_agent);
  }
};

/* The process' pools: weak, so that a pool goes with its last stream */
struct Registry {
  std::mutex lock;
  std::map<Key, std::weak_ptr<ServerPool>> pools;
};

Registry *registry_instance = nullptr;

/* A child of fork () has none of the pools' worker threads: it starts
 * with no pools (the parent's are left alone, their lock maybe held) */
void
forget_pools_in_child ()
{
  registry_instance = new Registry ();
}

Registry &
registry ()
{
  /* never destroyed: pools may outlive main () */
  static std::once_flag once;
  std::call_once (once, [] {
    registry_instance = new Registry ();
    pthread_atfork (nullptr, nullptr, forget_pools_in_child);
  });
  return *registry_instance;
}

} // namespace

std::shared_ptr<ServerPool>
ServerPool::get (const std::string &group, guint max,
    const geti::ClientConfig &config, GError **error)
{
  const Key key{ group.empty () ? DEFAULT_GROUP : group, config.origin,
    config.api_key, config.ssl_strict, config.ssl_ca_file, config.timeout_s,
    config.user_agent };
  GST_DEBUG_CATEGORY_INIT (
      geti_pool_debug, "getipool", 0, "getipredict's server pools");
  Registry &reg = registry ();
  std::lock_guard<std::mutex> guard (reg.lock);
  for (auto it = reg.pools.begin (); it != reg.pools.end ();) {
    if (it->second.expired ())
      it = reg.pools.erase (it);
    else
      ++it;
  }
  auto found = reg.pools.find (key);
  if (found != reg.pools.end ()) {
    if (std::shared_ptr<ServerPool> pool = found->second.lock ())
      return pool;
  }

  max = std::clamp (max, 1u, 64u);
  geti::ClientConfig own = config;
  own.max_connections = 2 * max;
  std::unique_ptr<geti::Client> client = geti::Client::create (own, error);
  if (!client)
    return nullptr;
  std::shared_ptr<ServerPool> pool (new ServerPool (std::move (client), max));
  reg.pools[key] = pool;
  GST_INFO ("a pool for %s in group \"%s\", up to %u requests at once",
      config.origin.c_str (), key.group.c_str (), max);
  return pool;
}

GstDebugCategory *
ServerPool::debug_category () noexcept
{
  return geti_pool_debug;
}

guint
ServerPool::count ()
{
  Registry &reg = registry ();
  std::lock_guard<std::mutex> guard (reg.lock);
  return static_cast<guint> (std::count_if (reg.pools.begin (),
      reg.pools.end (), [] (const auto &entry) {
        return !entry.second.expired ();
      }));
}

ServerPool::ServerPool (std::unique_ptr<geti::Client> client, guint max)
    : client_ (std::move (client)), max_ (max), limiter_ (max)
{
}

ServerPool::~ServerPool ()
{
  {
    std::lock_guard<std::mutex> guard (lock_);
    stopping_ = true;
  }
  job_cond_.notify_all ();
  for (std::thread &worker : workers_)
    worker.join ();
}

geti::Client &
ServerPool::client () noexcept
{
  return *client_;
}

guint
ServerPool::limit () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return budget_locked ();
}

double
ServerPool::rate () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return limiter_.rate ();
}

guint
ServerPool::streams () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return static_cast<guint> (members_.size ());
}

guint
ServerPool::max () const noexcept
{
  return max_;
}

guint
ServerPool::workers () const
{
  std::lock_guard<std::mutex> guard (lock_);
  return static_cast<guint> (workers_.size ());
}

guint
ServerPool::budget_locked () const
{
  guint fixed = 0;
  for (const RequestPool *member : members_) {
    if (member->max_in_flight_ == 0)
      return limiter_.limit ();
    fixed += member->max_in_flight_;
  }
  return members_.empty () ? max_ : std::min (fixed, max_);
}

guint
ServerPool::cap_locked (const RequestPool &member, guint budget) const
{
  return member.max_in_flight_ == 0 ? budget
                                    : std::min (member.max_in_flight_, budget);
}

bool
ServerPool::due_locked (const RequestPool &other, gint64 now_us) const
{
  if (other.active_until_us_ <= now_us)
    return false;
  /* it asks about every ask_gap_us_: a slot taken now is held for about
   * a request's time */
  const gint64 horizon = std::max<gint64> (job_us_, 20 * 1000);
  return now_us >= other.last_ask_us_ + other.ask_gap_us_ - horizon;
}

bool
ServerPool::can_take_locked (RequestPool &member, gint64 now_us)
{
  member.active_until_us_ = now_us + ACTIVE_US;
  const guint budget = budget_locked ();
  if (member.in_flight_ >= cap_locked (member, budget) || in_flight_ >= budget)
    return false;

  guint active = 0;
  for (const RequestPool *other : members_)
    active += other->active_until_us_ > now_us ? 1 : 0;
  const guint share = std::max (1u, budget / std::max (1u, active));
  const guint free = budget - in_flight_;
  /* the streams below their share (and their own max-in-flight) that are
   * about to ask for a slot (by the pace they ask at) and had their last
   * one longer ago */
  guint owed = 0;
  for (const RequestPool *other : members_) {
    if (other != &member &&
        other->in_flight_ < std::min (share, cap_locked (*other, budget)) &&
        due_locked (*other, now_us) &&
        (member.in_flight_ >= share ||
            other->granted_us_ < member.granted_us_))
      owed++;
  }
  /* below its share: unless the free slots are all owed to those; past
   * it: only when nobody is owed one */
  return member.in_flight_ < share ? owed < free : owed == 0;
}

void
ServerPool::join_locked (RequestPool *member)
{
  members_.push_back (member);
}

void
ServerPool::leave_locked (RequestPool *member)
{
  const auto it = std::find (members_.begin (), members_.end (), member);
  if (it == members_.end ())
    return;
  const gsize index = static_cast<gsize> (it - members_.begin ());
  members_.erase (it);
  if (next_member_ > index)
    next_member_--;
  if (next_member_ >= members_.size ())
    next_member_ = 0;
}

void
ServerPool::wake_worker_locked ()
{
  if (idle_workers_ >= pending_ || workers_.size () >= max_)
    return;
  try {
    workers_.emplace_back (&ServerPool::work, this);
  } catch (const std::system_error &) {
    /* the workers there are will take it; with none, say so */
    if (workers_.empty ())
      throw;
  }
}

void
ServerPool::work ()
{
  std::unique_lock<std::mutex> guard (lock_);
  for (;;) {
    RequestPool *member = nullptr;
    while (!stopping_) {
      const gsize n = members_.size ();
      for (gsize i = 0; i < n && member == nullptr; i++) {
        RequestPool *candidate = members_[(next_member_ + i) % n];
        if (candidate->ready_ && !candidate->pending_.empty ()) {
          member = candidate;
          next_member_ = (next_member_ + i + 1) % n;
        }
      }
      if (member == nullptr) {
        idle_workers_++;
        job_cond_.wait (guard);
        idle_workers_--;
        continue;
      }
      /* a rate limit was met: no faster than the limiter's pace */
      const double rate = limiter_.rate ();
      const bool adaptive = std::any_of (members_.begin (), members_.end (),
          [] (const RequestPool *m) { return m->max_in_flight_ == 0; });
      if (rate > 0 && adaptive) {
        const gint64 now = g_get_monotonic_time ();
        if (now < next_start_us_) {
          job_cond_.wait_for (
              guard, std::chrono::microseconds (next_start_us_ - now));
          member = nullptr;
          continue;
        }
        next_start_us_ = std::max (now, next_start_us_) +
                         static_cast<gint64> (1e6 / rate);
      }
      break;
    }
    if (stopping_)
      return;

    std::shared_ptr<Job> job = std::move (member->pending_.front ());
    member->pending_.pop_front ();
    pending_--;
    job->started_us = g_get_monotonic_time ();
    member->running_.push_back (job);
    member->busy_++;
    running_++;
    guard.unlock ();

    const bool failed = !member->run_ (*job);

    guard.lock ();
    job_us_ += (g_get_monotonic_time () - job->started_us - job_us_) / 8;
    auto &running = member->running_;
    running.erase (std::find (running.begin (), running.end (), job));
    member->in_flight_--;
    in_flight_--;
    running_--;
    const bool current = job->epoch == member->epoch_ &&
                         !g_cancellable_is_cancelled (job->cancellable.get ());
    guard.unlock ();
    slot_cond_.notify_all ();
    member->finished_ (*job, failed, current);
    job.reset ();
    guard.lock ();
    if (--member->busy_ == 0)
      member->idle_cond_.notify_all ();
  }
}

} // namespace gst_geti::predict
