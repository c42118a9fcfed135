/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>

#include <vector>

namespace gst_geti {

/* The counters behind getipredict's "stats" property. Not thread-safe:
 * the element keeps it under its state lock. */
class RequestStats
{
public:
  guint64 requests = 0; /* frames sent (retries not counted) */
  guint64 succeeded = 0;
  guint64 failed = 0;    /* after the last retry */
  guint64 retried = 0;   /* retry attempts */
  guint64 skipped = 0;   /* sampled frames not sent: no free request slot */
  guint64 timed_out = 0; /* attempts ended by the timeout (a stuck server) */
  guint64 explained = 0; /* :explain answers with their maps */
  guint64 explain_failed = 0; /* :explain requests that brought nothing */
  guint64 throttled = 0; /* attempts answered 429 or 503 */

  void add_latency (double ms);
  /* A "geti-stats" structure: requests, succeeded, failed, retried,
   * skipped, timed-out, explained, explain-failed, throttled, in-flight,
   * limit (the server pool's budget of requests at once), pool-streams
   * (the streams sharing it) (guint64), latency-mean-ms, latency-p50-ms,
   * latency-p95-ms, latency-max-ms (gdouble; 0 before any answer). */
  GstStructure *to_structure (
      guint in_flight, guint limit, guint streams) const;

private:
  /* the latest latencies, for the percentiles */
  static constexpr gsize WINDOW = 1024;
  std::vector<double> window_;
  gsize next_ = 0;
  double sum_ = 0;
  guint64 count_ = 0;
  double max_ = 0;
};

} // namespace gst_geti
