/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "retry_policy.h"

#include <algorithm>
#include <cmath>

namespace gst_geti {

double
retry_delay_s (unsigned attempt, std::optional<double> retry_after_s,
    double jitter, double base_s, double max_s,
    double max_retry_after_s) noexcept
{
  const unsigned exponent = std::min (attempt == 0 ? 0u : attempt - 1, 30u);
  const double step =
      std::min (max_s, base_s * std::ldexp (1.0, static_cast<int> (exponent)));
  double delay = step * (0.5 + 0.5 * std::clamp (jitter, 0.0, 1.0));
  if (retry_after_s && std::isfinite (*retry_after_s) && *retry_after_s > delay)
    delay = std::min (*retry_after_s, max_retry_after_s);
  return delay;
}

} // namespace gst_geti
