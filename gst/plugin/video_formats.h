/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/video/video.h>

/* The raw video formats the elements that touch pixels accept (getipredict
 * on both pads, getioverlay on both pads): every layout the JPEG encoder
 * reads without a colour conversion (jpeg_encoder.cpp checks that at
 * compile time), so that getipredict never converts a frame and nothing is
 * needed between getipredict and getioverlay. getijsonsink takes any
 * video: it reads the meta, never the pixels.
 *
 * One list, as caps text and as values: GETI_VIDEO_FORMATS_LIST (FIRST,
 * NEXT) expands FIRST on the first format's name and NEXT on each other
 * one. */
/* clang-format off */
#define GETI_VIDEO_FORMATS_LIST(FIRST, NEXT)                                   \
  FIRST (I420) NEXT (YV12) NEXT (NV12) NEXT (NV21) NEXT (YUY2) NEXT (UYVY)     \
  NEXT (Y42B) NEXT (Y444)                                                      \
  NEXT (RGB) NEXT (BGR) NEXT (RGBx) NEXT (BGRx) NEXT (xRGB) NEXT (xBGR)        \
  NEXT (RGBA) NEXT (BGRA) NEXT (ARGB) NEXT (ABGR)                              \
  NEXT (GRAY8)
/* clang-format on */

#define GETI_VIDEO_FORMAT_NAME_FIRST(format) #format
#define GETI_VIDEO_FORMAT_NAME_NEXT(format) ", " #format

/* The list for caps: "{ I420, YV12, ... }", as GST_VIDEO_CAPS_MAKE takes
 * it. */
#define GETI_VIDEO_FORMATS                                                     \
  "{ " GETI_VIDEO_FORMATS_LIST (                                               \
      GETI_VIDEO_FORMAT_NAME_FIRST, GETI_VIDEO_FORMAT_NAME_NEXT) " }"

namespace gst_geti {

#define GETI_VIDEO_FORMAT_VALUE(format) GST_VIDEO_FORMAT_##format,

/* The list as values, for code. */
inline constexpr GstVideoFormat ACCEPTED_VIDEO_FORMATS[] = {
  GETI_VIDEO_FORMATS_LIST (GETI_VIDEO_FORMAT_VALUE, GETI_VIDEO_FORMAT_VALUE)
};

#undef GETI_VIDEO_FORMAT_VALUE

} // namespace gst_geti
