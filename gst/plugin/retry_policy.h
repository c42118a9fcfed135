/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <optional>

namespace gst_geti {

/* How long to wait before retry number @attempt (1 for the first retry):
 * exponential backoff from @base_s, capped at @max_s, with full jitter
 * drawn from @jitter (in [0, 1): the delay is spread over the upper half
 * of the step, so retries of many clients do not line up); a server's
 * Retry-After wins when it asks for longer (but no longer than
 * @max_retry_after_s). */
double retry_delay_s (unsigned attempt, std::optional<double> retry_after_s,
    double jitter, double base_s = 0.25, double max_s = 8.0,
    double max_retry_after_s = 60.0) noexcept;

} // namespace gst_geti
