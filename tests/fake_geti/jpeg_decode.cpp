/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "jpeg_decode.h"

#include <turbojpeg.h>

#include <memory>
#include <new>

namespace geti::fake {

namespace {

/* Larger images are refused rather than allocated (a garbage header can
 * claim 65535 x 65535). */
constexpr long MAX_PIXELS = 100L * 1000 * 1000;

struct TjDeleter {
  void operator() (void *handle) const noexcept
  {
    tjDestroy (handle);
  }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

} // namespace

bool
jpeg_decode_gray (const guint8 *data, gsize size, GrayImage &image) noexcept
{
  image = GrayImage ();
  if (data == nullptr || size == 0 || size > G_MAXULONG)
    return false;

  TjHandle handle (tjInitDecompress ());
  if (!handle)
    return false;

  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3 (handle.get (), data,
          static_cast<unsigned long> (size), &width, &height, &subsampling,
          &colorspace) != 0)
    return false;
  if (width <= 0 || height <= 0 ||
      static_cast<long> (width) * height > MAX_PIXELS)
    return false;

  try {
    image.pixels.resize (static_cast<std::size_t> (width) * height);
  } catch (const std::bad_alloc &) {
    image = GrayImage ();
    return false;
  }

  if (tjDecompress2 (handle.get (), data, static_cast<unsigned long> (size),
          image.pixels.data (), width, width, height, TJPF_GRAY, 0) != 0 &&
      tjGetErrorCode (handle.get ()) != TJERR_WARNING) {
    image = GrayImage ();
    return false;
  }

  image.width = width;
  image.height = height;
  return true;
}

bool
jpeg_decode_gray (GBytes *bytes, GrayImage &image) noexcept
{
  if (bytes == nullptr) {
    image = GrayImage ();
    return false;
  }
  gsize size = 0;
  auto data = static_cast<const guint8 *> (g_bytes_get_data (bytes, &size));
  return jpeg_decode_gray (data, size, image);
}

} // namespace geti::fake
