/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <deque>
#include <utility>

/* How many requests a Geti server takes at once, found from its answers
 * (getipredict max-in-flight=0). Not thread-safe: the server pool keeps
 * it under its lock. Times are g_get_monotonic_time () microseconds.
 *
 * The algorithm is TCP Vegas (Brakmo and Peterson, "TCP Vegas: End to End
 * Congestion Avoidance on a Global Internet", IEEE JSAC 13(8), 1995) as
 * Netflix's concurrency-limits (VegasLimit) applies it to requests in
 * flight instead of segments, with two changes the measured targets asked
 * for (tests/bench/README.md, "What `adaptive_bench.sh` measures"):
 *
 * - Once per window (about one round trip: as many answers as the limit,
 *   at least MIN_WINDOW and MIN_WINDOW_US, counting only requests sent
 *   after the limit last changed), the requests queued at the server are
 *   estimated as queue = in_flight * (1 - base / rtt), where rtt is the
 *   window's mean answer time and base the lowest window mean of the last
 *   BASE_WINDOW_US (a mean, not the fastest single answer, so that a
 *   server's jitter is not read as a queue).
 * - Below ALPHA the limit grows: doubling until the first sign of a queue
 *   (TCP's slow start), then by a step every PROBE_EVERY quiet windows and
 *   PROBE_ANSWERS quiet answers (more at small limits,
 *   PROBE_ANSWERS_AT_ONE / limit), the step doubling while probes find no
 *   queue. A probe past the server's capacity queues about one answer, so
 *   probes are rare enough to keep the 95th percentile at the server's own
 *   latency.
 * - At BETA or more it drops by the queue (limit - round (queue), the
 *   gradient of Netflix's GradientLimit; by half at most, unless slow
 *   start overshot), provided the rise of the answer time over base is
 *   also beyond its usual noise (its mean over the windows that were not
 *   cut plus NOISE_MARGIN mean deviations, as TCP's SRTT and RTTVAR): on
 *   a busy client or a jittery server a window's mean moves without any
 *   queue, and reading that as one walks the limit down. It also drops
 *   when more than LATE_SHARE of a window's answers, and two at least,
 *   took over LATE times base (with a queue of ALPHA at least): one request queued at a FIFO
 *   server of K makes one answer in K + 1 a whole inference late, a rise
 *   of the mean that noise hides when K is large, and what the 95th
 *   percentile feels. A weak sign (less than two requests queued and
 *   the mean less than half again base) must show in two windows in a
 *   row (once may be a stall of the client), except right after a raise.
 *   After such a cut (not of a probe: then the limit before the probe was
 *   right), quiet windows take the limit back towards where it was,
 *   halving the distance each window (BIC's binary search increase,
 *   Xu, Harfoush and Rhee, INFOCOM 2004): a cut that a stall of the client
 *   caused costs little, and one that a smaller capacity caused is cut
 *   again on the way up.
 *   Vegas' alpha and beta grow with log10 (limit); here they stay below
 *   one request, because a FIFO server that holds one request more than it
 *   infers already makes every limit-th answer a full inference late (p95
 *   of 2 L at a limit of K + 1 for K < 20).
 * - A 429 or 503 is a rate limit, not a queue: no number of requests at
 *   once meets a limit of R requests per second with R * L not a whole
 *   number, so the limiter also paces. A window with such answers sets a
 *   rate of 0.9 times the answers per second that succeeded, and a limit
 *   of what that rate needs (Little's law: rate * rtt, plus one); the rate
 *   (what got through in the last RATE_HORIZON_US) grows by RATE_GROWTH
 *   per second while no more come. A timeout halves
 *   the limit (TCP's reaction to a loss).
 */

namespace gst_geti::predict {

class ConcurrencyLimit
{
public:
  enum class Outcome {
    answered,  /* an answer (success or an error the server chose) */
    throttled, /* 429 or 503: the server is over its capacity or rate */
    timed_out, /* no answer within the timeout */
  };

  static constexpr guint INITIAL = 1;
  static constexpr guint MIN_WINDOW = 3;
  static constexpr gint64 MIN_WINDOW_US = 50 * 1000;
  static constexpr double NOISE_MARGIN = 4.0;
  /* an answer later than LATE times base is late; more than LATE_SHARE of
   * a window's answers late is a queue */
  static constexpr double LATE = 1.5;
  static constexpr double LATE_SHARE = 0.04;
  static constexpr double NOISE_GAIN = 1.0 / 8;
  static constexpr double ALPHA = 0.3;
  static constexpr double BETA = 0.6;
  static constexpr guint PROBE_EVERY = 8;
  /* quiet answers between probes: PROBE_ANSWERS, and more at small
   * limits, where a probe queues every answer of its window */
  static constexpr guint PROBE_ANSWERS = 100;
  static constexpr guint PROBE_ANSWERS_AT_ONE = 150;
  static constexpr gint64 BASE_WINDOW_US = 10 * G_USEC_PER_SEC;
  static constexpr double RATE_GROWTH = 0.05;
  /* A window also ends after this long with at least one answer */
  static constexpr gint64 MAX_WINDOW_US = 2 * G_USEC_PER_SEC;
  static constexpr gint64 RATE_HORIZON_US = 2 * G_USEC_PER_SEC;

  explicit ConcurrencyLimit (guint max_limit = 64) noexcept;

  /* Requests allowed at once, 1 .. max */
  guint limit () const noexcept;
  /* Requests per second allowed to start; 0: no pacing */
  double rate () const noexcept;
  guint max () const noexcept;

  /* One attempt that was sent at @sent_us ended at @received_us with
   * @outcome; @in_flight: the requests under way when it ended, itself
   * included. Samples of requests sent before the limit last changed
   * (they describe the old limit) are only counted when they are
   * timeouts. */
  void add (gint64 sent_us, gint64 received_us, Outcome outcome,
      guint in_flight) noexcept;

private:
  void end_window (gint64 now_us) noexcept;
  void set_limit (double limit, gint64 now_us) noexcept;
  double base_rtt (gint64 now_us, double window_rtt) noexcept;
  /* answers per second over the last RATE_HORIZON_US (0: too few) */
  double served_rate (gint64 now_us) const noexcept;

  guint max_;
  double limit_ = INITIAL;
  double rate_ = 0;
  bool slow_start_ = true;
  guint quiet_windows_ = 0;
  guint quiet_answers_ = 0;
  double probe_step_ = 1;
  /* the limit was raised and has not had a quiet window since */
  bool probing_ = false;
  /* the last window showed a weak sign of a queue */
  bool suspect_ = false;
  /* the limit before the latest cut by the delay rule (0: none) */
  double before_cut_ = 0;
  /* the usual relative rise of a window's mean over base, and its mean
   * deviation */
  double noise_ = 0;
  double noise_dev_ = 0;
  double base_us_ = 0; /* at the end of the last window */

  /* requests sent before this describe an older limit */
  gint64 changed_us_ = 0;
  /* the window under way */
  gint64 window_start_us_ = 0;
  guint answers_ = 0; /* answered, in the window */
  guint throttled_ = 0;
  guint timeouts_ = 0;
  guint late_ = 0; /* answers later than LATE * base */
  double rtt_sum_us_ = 0;
  double in_flight_sum_ = 0;
  guint in_flight_max_ = 0;

  /* the latest answers' times, for the rate that got through */
  std::deque<gint64> answer_times_;
  /* (window end, window mean rtt) of the last BASE_WINDOW_US */
  std::deque<std::pair<gint64, double>> window_rtts_;
};

} // namespace gst_geti::predict
