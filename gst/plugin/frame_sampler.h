/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>

namespace gst_geti {

/* Decides which frames are sent: every interval-th frame (frames 0, N,
 * 2N, ...; 0 = none), and of those no more than max-rate per second of
 * running time. Frames without a running time are only paced by the
 * interval. */
class FrameSampler
{
public:
  /* Whether frame number @frame (counted from 0), at @running_time, is to
   * be sent. Remembers the running time of the frames it says yes to. */
  bool sample (guint64 frame, GstClockTime running_time, guint interval,
      gdouble max_rate) noexcept;

  /* Forgets the pacing (after a flush or a new segment). */
  void reset () noexcept
  {
    last_running_time_ = GST_CLOCK_TIME_NONE;
  }

private:
  GstClockTime last_running_time_ = GST_CLOCK_TIME_NONE;
};

} // namespace gst_geti
