/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "client.h"
#include "concurrency_limit.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

/* One Geti server as every getipredict of a process sees it: one client
 * (one SoupSession, so one set of keep-alive connections), one set of
 * worker threads, one budget of requests at once, split fairly between
 * the streams (RequestPool) that send to it.
 *
 * Streams share a pool when they are in the same group (the GstContext
 * "geti.server-pool" names it; "default" without one) and send to the
 * same origin with the same key, TLS settings and timeout. The budget is
 * the adaptive limit (ConcurrencyLimit) when any of them has
 * max-in-flight=0, else the sum of their max-in-flight; never more than
 * the pool's max (64, or the context's "max-in-flight").
 *
 * Fair split: a stream's share is the budget over the streams that asked
 * for a slot in the last ACTIVE_US (one at least). Below its share a
 * stream takes a free slot unless all the free slots are owed: to streams
 * below their share, about to ask again (by the pace each asks at; within
 * about a request's time) and whose last slot is older than its own; past
 * its share, only while no slot is owed. So equal demand gets equal
 * shares, also when the budget is smaller than the number of streams and
 * their frames come at the same instants (they take turns), a stream that
 * asks seldom finds a slot when it asks, and what a
 * stream does not ask for goes to the others. Worker threads are started
 * as jobs wait for one, up to the budget, and serve the streams' queues in
 * turn. */

namespace gst_geti::predict {

class RequestPool;

class ServerPool
{
public:
  static constexpr const char *DEFAULT_GROUP = "default";
  static constexpr gint64 ACTIVE_US = 2 * G_USEC_PER_SEC;

  /* The pool of @config's server in @group, made with a client of
   * @config (and connections for 2 * @max requests: an explained frame
   * sends two) unless the group has one for it already. Null, with the
   * client's error, when the configuration is unusable. */
  static std::shared_ptr<ServerPool> get (const std::string &group,
      guint max, const geti::ClientConfig &config, GError **error);

  ~ServerPool ();
  ServerPool (const ServerPool &) = delete;
  ServerPool &operator= (const ServerPool &) = delete;

  geti::Client &client () noexcept;
  /* The budget now: requests at once, all streams together */
  guint limit () const;
  /* The adaptive limit's pacing, requests per second; 0: none */
  double rate () const;
  guint streams () const;
  guint max () const noexcept;
  /* Worker threads started so far */
  guint workers () const;

  /* "getipool": the pools' debug category */
  static GstDebugCategory *debug_category () noexcept;

  /* The number of pools alive in the process (for tests) */
  static guint count ();

private:
  friend class RequestPool;
  ServerPool (std::unique_ptr<geti::Client> client, guint max);

  guint budget_locked () const;
  /* what @member may have at once within @budget (budget_locked ()) */
  guint cap_locked (const RequestPool &member, guint budget) const;
  /* May @member take a slot now? */
  bool can_take_locked (RequestPool &member, gint64 now_us);
  /* Is @other about to ask for a slot? */
  bool due_locked (const RequestPool &other, gint64 now_us) const;
  void join_locked (RequestPool *member);
  void leave_locked (RequestPool *member);
  /* A job waits: start a worker for it if none is idle */
  void wake_worker_locked ();
  void work ();

  std::unique_ptr<geti::Client> client_;
  const guint max_;

  /* Guards everything below and every member's state */
  mutable std::mutex lock_;
  std::condition_variable job_cond_;  /* a pending job, pacing, stopping */
  std::condition_variable slot_cond_; /* a slot back, a limit grew */
  std::vector<RequestPool *> members_;
  gsize next_member_ = 0; /* served next, in turn */
  std::vector<std::thread> workers_;
  guint idle_workers_ = 0;
  guint pending_ = 0;   /* jobs submitted, not taken by a worker */
  guint running_ = 0;   /* jobs a worker runs */
  guint retrying_ = 0;  /* of those, waiting to retry */
  guint in_flight_ = 0; /* slots taken, all members */
  ConcurrencyLimit limiter_;
  gint64 next_start_us_ = 0; /* pacing: the next request's earliest start */
  gint64 job_us_ = 0;        /* how long a job takes, on average */
  bool stopping_ = false;
};

} // namespace gst_geti::predict
