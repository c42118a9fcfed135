/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The adaptive limit (gst/plugin/concurrency_limit.h) against simulated
 * servers: a FIFO server of K inferences at once taking L each, queueing
 * beyond, and a rate-limited one answering 429 beyond R requests per
 * second (a token bucket). Simulated time, so the figures are exact and
 * the same on any machine: these are the algorithm's properties, the
 * benchmark (tests/bench/adaptive_bench.sh) measures the element's. */

#include <check.h>

#include "concurrency_limit.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

using gst_geti::predict::ConcurrencyLimit;
using Outcome = ConcurrencyLimit::Outcome;

namespace {

constexpr gint64 MS = 1000;
constexpr gint64 S = 1000 * MS;

/* What a simulated run saw, from @from_us on */
struct Figures {
  guint answered = 0;
  guint throttled = 0;
  std::vector<gint64> latencies;
  guint final_limit = 0;

  double p95 () const
  {
    if (latencies.empty ())
      return 0;
    std::vector<gint64> sorted (latencies);
    std::sort (sorted.begin (), sorted.end ());
    return static_cast<double> (
        sorted[static_cast<gsize> (std::ceil (0.95 * sorted.size ())) - 1]);
  }
};

/* A client with more frames than the server takes (or at most @demand at
 * once, when not 0) and a server of @capacity (0: unlimited) inferences
 * at once of @latency, FIFO beyond; with @rate_limit > 0, a token bucket
 * of max(1, R/10) requests refilled at R per second answers 429 after
 * 1 ms. @capacity_at (t) may change the capacity over time. */
struct Simulation {
  std::function<guint (gint64)> capacity_at;
  gint64 latency = 50 * MS;
  double rate_limit = 0;
  guint demand = 0;
  /* between an answer and the next request: the client's own work */
  gint64 client_us = 500;

  Figures run (ConcurrencyLimit &limit, gint64 until, gint64 from)
  {
    struct Request {
      gint64 sent;
      gint64 done; /* 0: queued */
      bool throttled;
    };
    auto later = [] (const Request *a, const Request *b) {
      return a->done > b->done;
    };
    std::priority_queue<Request *, std::vector<Request *>, decltype (later)>
        completions (later);
    std::deque<Request *> queue;
    std::vector<std::unique_ptr<Request>> all;
    guint inferring = 0, in_flight = 0;
    double tokens = std::max (1.0, std::floor (rate_limit / 10));
    gint64 tokens_at = 0;
    gint64 next_send = 0; /* pacing, and the client's own time */
    Figures figures;

    gint64 now = 0;
    while (now < until) {
      /* start what the server has room for */
      const guint capacity = capacity_at (now);
      while (!queue.empty () && (capacity == 0 || inferring < capacity)) {
        Request *r = queue.front ();
        queue.pop_front ();
        r->done = now + latency;
        inferring++;
        completions.push (r);
      }
      /* send while the limit, the pace and the demand allow */
      while (in_flight < limit.limit () &&
             (demand == 0 || in_flight < demand) && next_send <= now) {
        all.push_back (std::make_unique<Request> (Request{ now, 0, false }));
        Request *r = all.back ().get ();
        in_flight++;
        const double rate = limit.rate ();
        next_send = now + (rate > 0 ? static_cast<gint64> (1e6 / rate) : 0);
        if (rate_limit > 0) {
          const double burst = std::max (1.0, std::floor (rate_limit / 10));
          tokens = std::min (burst, tokens + (now - tokens_at) * rate_limit / 1e6);
          tokens_at = now;
          if (tokens < 1) {
            r->throttled = true;
            r->done = now + 1 * MS;
            completions.push (r);
            continue;
          }
          tokens -= 1;
        }
        if (capacity == 0 || inferring < capacity) {
          r->done = now + latency;
          inferring++;
          completions.push (r);
        } else {
          queue.push_back (r);
        }
      }
      /* the next event: an answer, or the pace letting one go */
      gint64 next = until;
      if (!completions.empty ())
        next = std::min (next, completions.top ()->done);
      if (next_send > now && in_flight < limit.limit ())
        next = std::min (next, next_send);
      now = std::max (now + 1, next);
      while (!completions.empty () && completions.top ()->done <= now) {
        Request *r = completions.top ();
        completions.pop ();
        if (!r->throttled)
          inferring--;
        limit.add (r->sent, r->done,
            r->throttled ? Outcome::throttled : Outcome::answered, in_flight);
        in_flight--;
        next_send = std::max (next_send, r->done + client_us);
        if (r->sent >= from) {
          if (r->throttled) {
            figures.throttled++;
          } else {
            figures.answered++;
            figures.latencies.push_back (r->done - r->sent);
          }
        }
      }
    }
    figures.final_limit = limit.limit ();
    return figures;
  }
};

Simulation
fifo_server (guint capacity, gint64 latency)
{
  Simulation sim;
  sim.capacity_at = [capacity] (gint64) { return capacity; };
  sim.latency = latency;
  return sim;
}

} // namespace

/* Test that against a server that never queues, the limit doubles up to
 * its bound (TCP's slow start) */
START_TEST (test_grows_against_a_fast_server)
{
  ConcurrencyLimit limit (64);
  ck_assert_uint_eq (limit.limit (), 1);
  Simulation sim = fifo_server (0, 20 * MS);
  const Figures figures = sim.run (limit, 2 * S, 0);
  ck_assert_uint_eq (figures.final_limit, 64);
  ck_assert_uint_eq (figures.throttled, 0);
}
END_TEST

/* Test that against a FIFO server of K inferences at once, the limit
 * settles where the server is used (>= 0.9 K/L answers per second)
 * without queueing (p95 <= 1.5 L), for K from 1 to 16 */
START_TEST (test_settles_at_a_queueing_servers_capacity)
{
  for (guint k : { 1u, 2u, 4u, 8u, 16u }) {
    const gint64 latency = 50 * MS;
    ConcurrencyLimit limit (64);
    Simulation sim = fifo_server (k, latency);
    const gint64 from = 5 * S, until = 65 * S;
    const Figures figures = sim.run (limit, until, from);
    const double ideal = k * 1e6 / latency * ((until - from) / 1e6);
    ck_assert_msg (figures.answered >= 0.9 * ideal,
        "K=%u: %u answers, ideal %.0f", k, figures.answered, ideal);
    ck_assert_msg (figures.p95 () <= 1.5 * latency,
        "K=%u: p95 %.1f ms against a latency of 50 ms", k,
        figures.p95 () / 1e3);
    ck_assert_msg (figures.final_limit >= k - (k > 2 ? 1 : 0) &&
                       figures.final_limit <= k + 1,
        "K=%u: the limit is %u", k, figures.final_limit);
  }
}
END_TEST

/* Test that when the server's capacity halves, the limit follows within
 * a few round trips, and the latency is back at the server's own */
START_TEST (test_settles_again_when_capacity_halves)
{
  const gint64 latency = 50 * MS;
  ConcurrencyLimit limit (64);
  Simulation sim;
  sim.latency = latency;
  sim.capacity_at = [] (gint64 t) { return t < 20 * S ? 8u : 4u; };
  const Figures before = sim.run (limit, 20 * S, 10 * S);
  ck_assert_uint_ge (before.final_limit, 7);

  /* through the change, measured from 5 s after it */
  ConcurrencyLimit through (64);
  const Figures after = sim.run (through, 45 * S, 25 * S);
  ck_assert_uint_le (after.final_limit, 5);
  ck_assert_uint_ge (after.final_limit, 3);
  ck_assert_msg (after.p95 () <= 1.5 * latency, "p95 %.1f ms after the change",
      after.p95 () / 1e3);
  ck_assert_msg (after.answered >= 0.9 * 4 * 20 * 1e6 / latency,
      "%u answers in 20 s", after.answered);
}
END_TEST

/* Test that a server answering 429 beyond R requests per second gets
 * about R (>= 0.9 R) with fewer than 5 % of the requests answered 429:
 * the limiter paces */
START_TEST (test_paces_under_a_rate_limit)
{
  for (double r : { 30.0, 100.0 }) {
    ConcurrencyLimit limit (64);
    Simulation sim = fifo_server (0, 50 * MS);
    sim.rate_limit = r;
    const gint64 from = 10 * S, until = 70 * S;
    const Figures figures = sim.run (limit, until, from);
    const double seconds = (until - from) / 1e6;
    ck_assert_msg (figures.answered >= 0.9 * r * seconds,
        "R=%.0f: %.1f answers per second", r, figures.answered / seconds);
    ck_assert_msg (figures.throttled < 0.05 * (figures.answered +
                                                  figures.throttled),
        "R=%.0f: %u of %u answered 429", r, figures.throttled,
        figures.answered + figures.throttled);
    ck_assert (limit.rate () > 0);
  }
}
END_TEST

/* Test that timeouts halve the limit, down to 1 at least */
START_TEST (test_timeouts_halve_the_limit)
{
  ConcurrencyLimit limit (64);
  Simulation sim = fifo_server (0, 20 * MS);
  sim.run (limit, 1 * S, 0);
  ck_assert_uint_eq (limit.limit (), 64);
  gint64 now = 2 * S;
  for (guint i = 0; i < 64; i++)
    limit.add (now, now + 30 * S, Outcome::timed_out, 64);
  ck_assert_uint_le (limit.limit (), 32);
  for (guint round = 0; round < 20; round++) {
    now += 31 * S;
    for (guint i = 0; i < 3; i++)
      limit.add (now, now + 30 * S, Outcome::timed_out, 1);
  }
  ck_assert_uint_eq (limit.limit (), 1);
}
END_TEST

/* Test that a limit the stream never uses does not grow: with at most
 * one request at a time asked for, it stays at 2 at most */
START_TEST (test_does_not_grow_when_not_used)
{
  ConcurrencyLimit limit (64);
  Simulation sim = fifo_server (0, 20 * MS);
  sim.demand = 1;
  sim.run (limit, 10 * S, 0);
  ck_assert_uint_le (limit.limit (), 2);
}
END_TEST

/* Test that the limit never leaves 1 .. its bound, and that a bound of 1
 * keeps it there */
START_TEST (test_stays_within_its_bounds)
{
  ConcurrencyLimit one (1);
  Simulation sim = fifo_server (0, 20 * MS);
  sim.run (one, 2 * S, 0);
  ck_assert_uint_eq (one.limit (), 1);

  ConcurrencyLimit zero (0); /* taken as 1 */
  ck_assert_uint_eq (zero.limit (), 1);
  ck_assert_uint_eq (zero.max (), 1);
}
END_TEST

static Suite *
concurrency_limit_suite (void)
{
  Suite *s = suite_create ("concurrency_limit");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_grows_against_a_fast_server);
  tcase_add_test (tc, test_settles_at_a_queueing_servers_capacity);
  tcase_add_test (tc, test_settles_again_when_capacity_halves);
  tcase_add_test (tc, test_paces_under_a_rate_limit);
  tcase_add_test (tc, test_timeouts_halve_the_limit);
  tcase_add_test (tc, test_does_not_grow_when_not_used);
  tcase_add_test (tc, test_stays_within_its_bounds);
  return s;
}

int
main (void)
{
  Suite *s = concurrency_limit_suite ();
  SRunner *runner = srunner_create (s);
  srunner_run_all (runner, CK_VERBOSE);
  const int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
