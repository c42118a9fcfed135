/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "frame_sampler.h"

#include <cmath>

namespace gst_geti {

bool
FrameSampler::sample (guint64 frame, GstClockTime running_time, guint interval,
    gdouble max_rate) noexcept
{
  if (interval == 0 || frame % interval != 0)
    return false;
  if (max_rate > 0 && GST_CLOCK_TIME_IS_VALID (running_time)) {
    const auto period =
        static_cast<GstClockTime> (std::llround (GST_SECOND / max_rate));
    if (GST_CLOCK_TIME_IS_VALID (last_running_time_) &&
        running_time >= last_running_time_ &&
        running_time - last_running_time_ < period)
      return false;
    last_running_time_ = running_time;
  }
  return true;
}

} // namespace gst_geti
