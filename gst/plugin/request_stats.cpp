/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "request_stats.h"

#include <algorithm>
#include <cmath>

namespace gst_geti {

void
RequestStats::add_latency (double ms)
{
  if (window_.size () < WINDOW) {
    window_.push_back (ms);
  } else {
    window_[next_] = ms;
    next_ = (next_ + 1) % WINDOW;
  }
  sum_ += ms;
  count_++;
  max_ = std::max (max_, ms);
}

GstStructure *
RequestStats::to_structure (guint in_flight, guint limit, guint streams) const
{
  std::vector<double> sorted (window_);
  std::sort (sorted.begin (), sorted.end ());
  auto percentile = [&sorted] (double p) {
    if (sorted.empty ())
      return 0.0;
    /* nearest rank */
    const auto rank =
        static_cast<gsize> (std::ceil (p / 100.0 * sorted.size ()));
    return sorted[std::clamp<gsize> (rank, 1, sorted.size ()) - 1];
  };

  return gst_structure_new ("geti-stats", "requests", G_TYPE_UINT64, requests,
      "succeeded", G_TYPE_UINT64, succeeded, "failed", G_TYPE_UINT64, failed,
      "retried", G_TYPE_UINT64, retried, "skipped", G_TYPE_UINT64, skipped,
      "timed-out", G_TYPE_UINT64, timed_out, "explained", G_TYPE_UINT64,
      explained, "explain-failed", G_TYPE_UINT64, explain_failed,
      "throttled", G_TYPE_UINT64, throttled, "in-flight", G_TYPE_UINT64,
      static_cast<guint64> (in_flight), "limit", G_TYPE_UINT64,
      static_cast<guint64> (limit), "pool-streams", G_TYPE_UINT64,
      static_cast<guint64> (streams), "latency-mean-ms", G_TYPE_DOUBLE,
      count_ ? sum_ / count_ : 0.0, "latency-p50-ms", G_TYPE_DOUBLE,
      percentile (50), "latency-p95-ms", G_TYPE_DOUBLE, percentile (95),
      "latency-max-ms", G_TYPE_DOUBLE, max_, nullptr);
}

} // namespace gst_geti
