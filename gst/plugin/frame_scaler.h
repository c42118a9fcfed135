/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/video.h>

#include "gst_ptr.h"

namespace gst_geti {

/* max-size values below this are taken as this: a smaller image can't be
 * encoded (a side would round to 0) nor show a model anything */
constexpr guint MIN_MAX_SIZE = 32;

/* The size a frame is uploaded at: its longest side at most @max_size
 * (0: unscaled; below MIN_MAX_SIZE: MIN_MAX_SIZE), aspect kept, even
 * dimensions (4:2:0 chroma), at least 2 pixels a side. */
void scaled_size (guint width, guint height, guint max_size, guint &out_width,
    guint &out_height) noexcept;

/* Scales (or copies) frames into buffers of its own pool, in the same
 * format: no colour conversion, nothing allocated per frame once the pool
 * is warm. One per thread (a GstVideoConverter is not shared). */
class FrameScaler
{
public:
  FrameScaler () noexcept = default;
  ~FrameScaler ();
  FrameScaler (const FrameScaler &) = delete;
  FrameScaler &operator= (const FrameScaler &) = delete;

  /* A new buffer holding @frame at most @max_size pixels on its longest
   * side (a plain copy when it is not larger); @out_info describes it.
   * nullptr on failure. */
  GstBuffer *scale (const GstVideoFrame *frame, guint max_size,
      GstVideoInfo &out_info) noexcept;

private:
  void reset () noexcept;
  bool configure (const GstVideoInfo &in, guint width, guint height);

  GstVideoInfo in_seen_{}; /* the frames' own */
  GstVideoInfo in_info_{}; /* as the converter takes them */
  GstVideoInfo out_info_{};
  bool configured_ = false;
  GstVideoConverter *converter_ = nullptr; /* null: same size, plain copy */
  GstBufferPool *pool_ = nullptr;
};

} // namespace gst_geti
