/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "jpeg_encoder.h"

#include "video_formats.h"

#include <turbojpeg.h>

namespace gst_geti {

namespace {

/* The packed RGB layouts libturbojpeg reads as they are. */
constexpr int
packed_pixel_format (GstVideoFormat format)
{
  switch (format) {
    case GST_VIDEO_FORMAT_RGB:
      return TJPF_RGB;
    case GST_VIDEO_FORMAT_BGR:
      return TJPF_BGR;
    case GST_VIDEO_FORMAT_RGBx:
      return TJPF_RGBX;
    case GST_VIDEO_FORMAT_BGRx:
      return TJPF_BGRX;
    case GST_VIDEO_FORMAT_xRGB:
      return TJPF_XRGB;
    case GST_VIDEO_FORMAT_xBGR:
      return TJPF_XBGR;
    /* Alpha is not encoded: JPEG has none, and Geti ignores it anyway. */
    case GST_VIDEO_FORMAT_RGBA:
      return TJPF_RGBX;
    case GST_VIDEO_FORMAT_BGRA:
      return TJPF_BGRX;
    case GST_VIDEO_FORMAT_ARGB:
      return TJPF_XRGB;
    case GST_VIDEO_FORMAT_ABGR:
      return TJPF_XBGR;
    case GST_VIDEO_FORMAT_GRAY8:
      return TJPF_GRAY;
    default:
      return -1;
  }
}

/* The planar and packed YUV layouts encode () takes, and the packed RGB
 * ones. */
constexpr bool
encodable (GstVideoFormat format) noexcept
{
  switch (format) {
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_YV12:
    case GST_VIDEO_FORMAT_Y42B:
    case GST_VIDEO_FORMAT_Y444:
    case GST_VIDEO_FORMAT_NV12:
    case GST_VIDEO_FORMAT_NV21:
    case GST_VIDEO_FORMAT_YUY2:
    case GST_VIDEO_FORMAT_UYVY:
      return true;
    default:
      return packed_pixel_format (format) >= 0;
  }
}

constexpr bool
encodes_every_accepted_format () noexcept
{
  for (GstVideoFormat format : ACCEPTED_VIDEO_FORMATS) {
    if (!encodable (format))
      return false;
  }
  return true;
}

/* The elements accept only what can be encoded without a conversion. */
static_assert (encodes_every_accepted_format (),
    "a format of video_formats.h that the JPEG encoder cannot read");

} // namespace

JpegEncoder::JpegEncoder () noexcept : handle_ (tjInitCompress ()) {}

JpegEncoder::~JpegEncoder ()
{
  if (jpeg_ != nullptr)
    tjFree (jpeg_);
  if (handle_ != nullptr)
    tjDestroy (handle_);
}

bool
JpegEncoder::ensure_output (int width, int height, int subsamp)
{
  const unsigned long needed = tjBufSize (width, height, subsamp);
  if (needed == static_cast<unsigned long> (-1))
    return false;
  if (jpeg_ != nullptr && jpeg_capacity_ >= needed)
    return true;
  if (jpeg_ != nullptr)
    tjFree (jpeg_);
  jpeg_ = tjAlloc (static_cast<int> (needed));
  jpeg_capacity_ = jpeg_ != nullptr ? needed : 0;
  return jpeg_ != nullptr;
}

bool
JpegEncoder::compress_planes (const guint8 *planes[3], const int strides[3],
    int width, int height, int subsamp, int quality, GError **error)
{
  if (!ensure_output (width, height, subsamp)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "Can't allocate a JPEG buffer for %dx%d", width, height);
    return false;
  }
  unsigned long size = jpeg_capacity_;
  if (tjCompressFromYUVPlanes (handle_, planes, width, strides, height, subsamp,
          &jpeg_, &size, quality, TJFLAG_NOREALLOC) != 0) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "JPEG encoding failed: %s", tjGetErrorStr2 (handle_));
    return false;
  }
  jpeg_size_ = size;
  return true;
}

bool
JpegEncoder::compress_packed (const guint8 *pixels, int stride, int width,
    int height, int pixel_format, int subsamp, int quality, GError **error)
{
  if (!ensure_output (width, height, subsamp)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "Can't allocate a JPEG buffer for %dx%d", width, height);
    return false;
  }
  unsigned long size = jpeg_capacity_;
  if (tjCompress2 (handle_, pixels, width, stride, height, pixel_format, &jpeg_,
          &size, subsamp, quality, TJFLAG_NOREALLOC) != 0) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE,
        "JPEG encoding failed: %s", tjGetErrorStr2 (handle_));
    return false;
  }
  jpeg_size_ = size;
  return true;
}

bool
JpegEncoder::encode (
    const GstVideoFrame *frame, int quality, GError **error) noexcept
{
  try {
    if (handle_ == nullptr) {
      g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT,
          "libturbojpeg could not be initialised");
      return false;
    }
    const GstVideoFormat format = GST_VIDEO_FRAME_FORMAT (frame);
    const int width = GST_VIDEO_FRAME_WIDTH (frame);
    const int height = GST_VIDEO_FRAME_HEIGHT (frame);
    quality = CLAMP (quality, 1, 100);

    auto plane = [frame] (int i) {
      return static_cast<const guint8 *> (
          GST_VIDEO_FRAME_PLANE_DATA (frame, i));
    };
    auto stride = [frame] (int i) {
      return GST_VIDEO_FRAME_PLANE_STRIDE (frame, i);
    };

    switch (format) {
      case GST_VIDEO_FORMAT_I420:
      case GST_VIDEO_FORMAT_Y42B:
      case GST_VIDEO_FORMAT_Y444: {
        const guint8 *planes[3] = { plane (0), plane (1), plane (2) };
        const int strides[3] = { stride (0), stride (1), stride (2) };
        const int subsamp = format == GST_VIDEO_FORMAT_I420   ? TJSAMP_420
                            : format == GST_VIDEO_FORMAT_Y42B ? TJSAMP_422
                                                              : TJSAMP_444;
        return compress_planes (
            planes, strides, width, height, subsamp, quality, error);
      }
      case GST_VIDEO_FORMAT_YV12: {
        /* GstVideoInfo already maps component 1 (U) to plane 2 */
        const guint8 *planes[3] = { plane (0),
          static_cast<const guint8 *> (GST_VIDEO_FRAME_COMP_DATA (frame, 1)),
          static_cast<const guint8 *> (GST_VIDEO_FRAME_COMP_DATA (frame, 2)) };
        const int strides[3] = { stride (0),
          GST_VIDEO_FRAME_COMP_STRIDE (frame, 1),
          GST_VIDEO_FRAME_COMP_STRIDE (frame, 2) };
        return compress_planes (
            planes, strides, width, height, TJSAMP_420, quality, error);
      }
      case GST_VIDEO_FORMAT_NV12:
      case GST_VIDEO_FORMAT_NV21: {
        /* De-interleave the chroma plane into U and V planes */
        const int cw = (width + 1) / 2;
        const int ch = (height + 1) / 2;
        repack_.resize (static_cast<gsize> (cw) * ch * 2);
        guint8 *u = repack_.data ();
        guint8 *v = u + static_cast<gsize> (cw) * ch;
        if (format == GST_VIDEO_FORMAT_NV21)
          std::swap (u, v);
        const guint8 *uv = plane (1);
        for (int y = 0; y < ch; y++) {
          const guint8 *src = uv + static_cast<gsize> (y) * stride (1);
          guint8 *du = u + static_cast<gsize> (y) * cw;
          guint8 *dv = v + static_cast<gsize> (y) * cw;
          for (int x = 0; x < cw; x++) {
            du[x] = src[2 * x];
            dv[x] = src[2 * x + 1];
          }
        }
        if (format == GST_VIDEO_FORMAT_NV21)
          std::swap (u, v);
        const guint8 *planes[3] = { plane (0), u, v };
        const int strides[3] = { stride (0), cw, cw };
        return compress_planes (
            planes, strides, width, height, TJSAMP_420, quality, error);
      }
      case GST_VIDEO_FORMAT_YUY2:
      case GST_VIDEO_FORMAT_UYVY: {
        /* Packed 4:2:2 to planar 4:2:2: Y, U and V planes */
        const int cw = (width + 1) / 2;
        const gsize luma_size = static_cast<gsize> (width) * height;
        const gsize chroma_size = static_cast<gsize> (cw) * height;
        repack_.resize (luma_size + 2 * chroma_size);
        guint8 *py = repack_.data ();
        guint8 *pu = py + luma_size;
        guint8 *pv = pu + chroma_size;
        const int y0 = format == GST_VIDEO_FORMAT_YUY2 ? 0 : 1;
        const int u0 = format == GST_VIDEO_FORMAT_YUY2 ? 1 : 0;
        const int v0 = format == GST_VIDEO_FORMAT_YUY2 ? 3 : 2;
        for (int y = 0; y < height; y++) {
          const guint8 *src = plane (0) + static_cast<gsize> (y) * stride (0);
          guint8 *dy = py + static_cast<gsize> (y) * width;
          guint8 *du = pu + static_cast<gsize> (y) * cw;
          guint8 *dv = pv + static_cast<gsize> (y) * cw;
          for (int x = 0; x < cw; x++) {
            const guint8 *m = src + 4 * x;
            dy[2 * x] = m[y0];
            if (2 * x + 1 < width)
              dy[2 * x + 1] = m[y0 + 2];
            du[x] = m[u0];
            dv[x] = m[v0];
          }
        }
        const guint8 *planes[3] = { py, pu, pv };
        const int strides[3] = { width, cw, cw };
        return compress_planes (
            planes, strides, width, height, TJSAMP_422, quality, error);
      }
      default: {
        const int pixel_format = packed_pixel_format (format);
        if (pixel_format < 0) {
          g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
              "Can't encode %s frames", gst_video_format_to_string (format));
          return false;
        }
        return compress_packed (plane (0), stride (0), width, height,
            pixel_format, pixel_format == TJPF_GRAY ? TJSAMP_GRAY : TJSAMP_420,
            quality, error);
      }
    }
  } catch (const std::exception &e) {
    g_set_error (
        error, GST_STREAM_ERROR, GST_STREAM_ERROR_ENCODE, "%s", e.what ());
    return false;
  }
}

} // namespace gst_geti
