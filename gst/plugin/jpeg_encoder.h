/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/video.h>

#include <vector>

namespace gst_geti {

/* Encodes mapped video frames to JPEG with libturbojpeg, straight from the
 * frame's planes where the format allows it (planar 4:2:0/4:2:2/4:4:4 YUV,
 * packed RGB, GRAY8) and through a cheap repack where it does not (NV12,
 * NV21, YUY2, UYVY: the chroma is de-interleaved, nothing is converted).
 * One encoder per thread: libturbojpeg handles are not shared. The output
 * and repack buffers are kept between frames. */
class JpegEncoder
{
public:
  JpegEncoder () noexcept;
  ~JpegEncoder ();
  JpegEncoder (const JpegEncoder &) = delete;
  JpegEncoder &operator= (const JpegEncoder &) = delete;

  /* Encodes @frame at @quality (1-100). On success the JPEG is in data()
   * and size() until the next call. */
  bool encode (
      const GstVideoFrame *frame, int quality, GError **error) noexcept;

  const guint8 *data () const noexcept
  {
    return jpeg_;
  }
  gsize size () const noexcept
  {
    return jpeg_size_;
  }

private:
  bool compress_planes (const guint8 *planes[3], const int strides[3],
      int width, int height, int subsamp, int quality, GError **error);
  bool compress_packed (const guint8 *pixels, int stride, int width, int height,
      int pixel_format, int subsamp, int quality, GError **error);
  bool ensure_output (int width, int height, int subsamp);

  void *handle_ = nullptr;
  guint8 *jpeg_ = nullptr; /* tjAlloc'ed, worst-case sized */
  unsigned long jpeg_capacity_ = 0;
  gsize jpeg_size_ = 0;
  std::vector<guint8> repack_; /* de-interleaved chroma planes */
};

} // namespace gst_geti
