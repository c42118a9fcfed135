/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "frame_scaler.h"

#include <algorithm>
#include <cmath>

namespace gst_geti {

void
scaled_size (guint width, guint height, guint max_size, guint &out_width,
    guint &out_height) noexcept
{
  out_width = width;
  out_height = height;
  const guint longest = std::max (width, height);
  if (max_size != 0)
    max_size = std::max (max_size, MIN_MAX_SIZE);
  if (max_size == 0 || longest <= max_size)
    return;
  const double factor = static_cast<double> (max_size) / longest;
  auto even = [] (double v) {
    return std::max (2u, static_cast<guint> (std::lround (v / 2)) * 2);
  };
  out_width =
      width == longest ? max_size - max_size % 2 : even (width * factor);
  out_height =
      height == longest ? max_size - max_size % 2 : even (height * factor);
}

FrameScaler::~FrameScaler ()
{
  reset ();
}

void
FrameScaler::reset () noexcept
{
  if (converter_ != nullptr)
    gst_video_converter_free (converter_);
  converter_ = nullptr;
  if (pool_ != nullptr) {
    /* it stops once the buffers out there come back */
    gst_buffer_pool_set_active (pool_, FALSE);
    gst_object_unref (pool_);
  }
  pool_ = nullptr;
  configured_ = false;
}

bool
FrameScaler::configure (const GstVideoInfo &in, guint width, guint height)
{
  if (configured_ && gst_video_info_is_equal (&in, &in_seen_) &&
      static_cast<guint> (GST_VIDEO_INFO_WIDTH (&out_info_)) == width &&
      static_cast<guint> (GST_VIDEO_INFO_HEIGHT (&out_info_)) == height)
    return true;

  reset ();

  in_seen_ = in;
  /* Interleaved (and mixed) frames are scaled as one picture, both fields
   * woven: what the model sees of a camera's image anyway. (The converter
   * wants the same interlacing on both sides.) */
  in_info_ = in;
  if (GST_VIDEO_INFO_INTERLACE_MODE (&in_info_) ==
          GST_VIDEO_INTERLACE_MODE_INTERLEAVED ||
      GST_VIDEO_INFO_INTERLACE_MODE (&in_info_) ==
          GST_VIDEO_INTERLACE_MODE_MIXED)
    GST_VIDEO_INFO_INTERLACE_MODE (&in_info_) =
        GST_VIDEO_INTERLACE_MODE_PROGRESSIVE;
  gst_video_info_set_interlaced_format (&out_info_, GST_VIDEO_INFO_FORMAT (&in),
      GST_VIDEO_INTERLACE_MODE_PROGRESSIVE, width, height);
  GST_VIDEO_INFO_FPS_N (&out_info_) = GST_VIDEO_INFO_FPS_N (&in);
  GST_VIDEO_INFO_FPS_D (&out_info_) = GST_VIDEO_INFO_FPS_D (&in);
  GST_VIDEO_INFO_PAR_N (&out_info_) = GST_VIDEO_INFO_PAR_N (&in);
  GST_VIDEO_INFO_PAR_D (&out_info_) = GST_VIDEO_INFO_PAR_D (&in);
  out_info_.colorimetry = in.colorimetry;
  out_info_.chroma_site = in.chroma_site;

  if (width != static_cast<guint> (GST_VIDEO_INFO_WIDTH (&in)) ||
      height != static_cast<guint> (GST_VIDEO_INFO_HEIGHT (&in))) {
    /* Bilinear, one thread, no dithering: the model resizes anyway */
    converter_ = gst_video_converter_new (&in_info_, &out_info_,
        gst_structure_new ("options", GST_VIDEO_CONVERTER_OPT_RESAMPLER_METHOD,
            GST_TYPE_VIDEO_RESAMPLER_METHOD, GST_VIDEO_RESAMPLER_METHOD_LINEAR,
            GST_VIDEO_CONVERTER_OPT_CHROMA_RESAMPLER_METHOD,
            GST_TYPE_VIDEO_RESAMPLER_METHOD, GST_VIDEO_RESAMPLER_METHOD_LINEAR,
            GST_VIDEO_CONVERTER_OPT_DITHER_METHOD, GST_TYPE_VIDEO_DITHER_METHOD,
            GST_VIDEO_DITHER_NONE, GST_VIDEO_CONVERTER_OPT_THREADS, G_TYPE_UINT,
            1u, nullptr));
    if (converter_ == nullptr)
      return false;
  }

  pool_ = gst_buffer_pool_new ();
  GstStructure *config = gst_buffer_pool_get_config (pool_);
  GstCaps *caps = gst_video_info_to_caps (&out_info_);
  gst_buffer_pool_config_set_params (config, caps,
      static_cast<guint> (GST_VIDEO_INFO_SIZE (&out_info_)), 0, 0);
  gst_caps_unref (caps);
  if (!gst_buffer_pool_set_config (pool_, config) ||
      !gst_buffer_pool_set_active (pool_, TRUE))
    return false;
  configured_ = true;
  return true;
}

GstBuffer *
FrameScaler::scale (
    const GstVideoFrame *frame, guint max_size, GstVideoInfo &out_info) noexcept
{
  guint width, height;
  scaled_size (GST_VIDEO_FRAME_WIDTH (frame), GST_VIDEO_FRAME_HEIGHT (frame),
      max_size, width, height);
  if (!configure (frame->info, width, height))
    return nullptr;

  GstBuffer *buffer = nullptr;
  if (gst_buffer_pool_acquire_buffer (pool_, &buffer, nullptr) != GST_FLOW_OK)
    return nullptr;
  GstVideoFrame out;
  if (!gst_video_frame_map (&out, &out_info_, buffer, GST_MAP_WRITE)) {
    gst_buffer_unref (buffer);
    return nullptr;
  }
  bool ok = true;
  if (converter_ != nullptr)
    gst_video_converter_frame (converter_, frame, &out);
  else
    ok = gst_video_frame_copy (&out, frame);
  gst_video_frame_unmap (&out);
  if (!ok) {
    gst_buffer_unref (buffer);
    return nullptr;
  }
  out_info = out_info_;
  return buffer;
}

} // namespace gst_geti
