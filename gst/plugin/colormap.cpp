/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "colormap.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <vector>

namespace gst_geti {

/* matplotlib's inferno (lib/matplotlib/_cm_listed.py, _inferno_data, the
 * same 256 values as BIDS/colormap's colormaps.py; CC0 / public domain),
 * each channel rounded to 8 bits: round (c * 255). */
const guint32 INFERNO[256] = {
  0x000004,
  0x010005,
  0x010106,
  0x010108,
  0x02010a,
  0x02020c,
  0x02020e,
  0x030210,
  0x040312,
  0x040314,
  0x050417,
  0x060419,
  0x07051b,
  0x08051d,
  0x09061f,
  0x0a0722,
  0x0b0724,
  0x0c0826,
  0x0d0829,
  0x0e092b,
  0x10092d,
  0x110a30,
  0x120a32,
  0x140b34,
  0x150b37,
  0x160b39,
  0x180c3c,
  0x190c3e,
  0x1b0c41,
  0x1c0c43,
  0x1e0c45,
  0x1f0c48,
  0x210c4a,
  0x230c4c,
  0x240c4f,
  0x260c51,
  0x280b53,
  0x290b55,
  0x2b0b57,
  0x2d0b59,
  0x2f0a5b,
  0x310a5c,
  0x320a5e,
  0x340a5f,
  0x360961,
  0x380962,
  0x390963,
  0x3b0964,
  0x3d0965,
  0x3e0966,
  0x400a67,
  0x420a68,
  0x440a68,
  0x450a69,
  0x470b6a,
  0x490b6a,
  0x4a0c6b,
  0x4c0c6b,
  0x4d0d6c,
  0x4f0d6c,
  0x510e6c,
  0x520e6d,
  0x540f6d,
  0x550f6d,
  0x57106e,
  0x59106e,
  0x5a116e,
  0x5c126e,
  0x5d126e,
  0x5f136e,
  0x61136e,
  0x62146e,
  0x64156e,
  0x65156e,
  0x67166e,
  0x69166e,
  0x6a176e,
  0x6c186e,
  0x6d186e,
  0x6f196e,
  0x71196e,
  0x721a6e,
  0x741a6e,
  0x751b6e,
  0x771c6d,
  0x781c6d,
  0x7a1d6d,
  0x7c1d6d,
  0x7d1e6d,
  0x7f1e6c,
  0x801f6c,
  0x82206c,
  0x84206b,
  0x85216b,
  0x87216b,
  0x88226a,
  0x8a226a,
  0x8c2369,
  0x8d2369,
  0x8f2469,
  0x902568,
  0x922568,
  0x932667,
  0x952667,
  0x972766,
  0x982766,
  0x9a2865,
  0x9b2964,
  0x9d2964,
  0x9f2a63,
  0xa02a63,
  0xa22b62,
  0xa32c61,
  0xa52c60,
  0xa62d60,
  0xa82e5f,
  0xa92e5e,
  0xab2f5e,
  0xad305d,
  0xae305c,
  0xb0315b,
  0xb1325a,
  0xb3325a,
  0xb43359,
  0xb63458,
  0xb73557,
  0xb93556,
  0xba3655,
  0xbc3754,
  0xbd3853,
  0xbf3952,
  0xc03a51,
  0xc13a50,
  0xc33b4f,
  0xc43c4e,
  0xc63d4d,
  0xc73e4c,
  0xc83f4b,
  0xca404a,
  0xcb4149,
  0xcc4248,
  0xce4347,
  0xcf4446,
  0xd04545,
  0xd24644,
  0xd34743,
  0xd44842,
  0xd54a41,
  0xd74b3f,
  0xd84c3e,
  0xd94d3d,
  0xda4e3c,
  0xdb503b,
  0xdd513a,
  0xde5238,
  0xdf5337,
  0xe05536,
  0xe15635,
  0xe25734,
  0xe35933,
  0xe45a31,
  0xe55c30,
  0xe65d2f,
  0xe75e2e,
  0xe8602d,
  0xe9612b,
  0xea632a,
  0xeb6429,
  0xeb6628,
  0xec6726,
  0xed6925,
  0xee6a24,
  0xef6c23,
  0xef6e21,
  0xf06f20,
  0xf1711f,
  0xf1731d,
  0xf2741c,
  0xf3761b,
  0xf37819,
  0xf47918,
  0xf57b17,
  0xf57d15,
  0xf67e14,
  0xf68013,
  0xf78212,
  0xf78410,
  0xf8850f,
  0xf8870e,
  0xf8890c,
  0xf98b0b,
  0xf98c0a,
  0xf98e09,
  0xfa9008,
  0xfa9207,
  0xfa9407,
  0xfb9606,
  0xfb9706,
  0xfb9906,
  0xfb9b06,
  0xfb9d07,
  0xfc9f07,
  0xfca108,
  0xfca309,
  0xfca50a,
  0xfca60c,
  0xfca80d,
  0xfcaa0f,
  0xfcac11,
  0xfcae12,
  0xfcb014,
  0xfcb216,
  0xfcb418,
  0xfbb61a,
  0xfbb81d,
  0xfbba1f,
  0xfbbc21,
  0xfbbe23,
  0xfac026,
  0xfac228,
  0xfac42a,
  0xfac62d,
  0xf9c72f,
  0xf9c932,
  0xf9cb35,
  0xf8cd37,
  0xf8cf3a,
  0xf7d13d,
  0xf7d340,
  0xf6d543,
  0xf6d746,
  0xf5d949,
  0xf5db4c,
  0xf4dd4f,
  0xf4df53,
  0xf4e156,
  0xf3e35a,
  0xf3e55d,
  0xf2e661,
  0xf2e865,
  0xf2ea69,
  0xf1ec6d,
  0xf1ed71,
  0xf1ef75,
  0xf1f179,
  0xf2f27d,
  0xf2f482,
  0xf3f586,
  0xf3f68a,
  0xf4f88e,
  0xf5f992,
  0xf6fa96,
  0xf8fb9a,
  0xf9fc9d,
  0xfafda1,
  0xfcffa4,
};

GstVideoOverlayRectangle *
map_rectangle (const GstGetiMap *map, double opacity, guint width, guint height)
{
  const guint w = gst_geti_map_get_width (map);
  const guint h = gst_geti_map_get_height (map);
  const guint stride = gst_geti_map_get_stride (map);
  if (w == 0 || h == 0 || width == 0 || height == 0)
    return nullptr;
  g_autoptr (GBytes) bytes = gst_geti_map_get_bytes (map);
  gsize size = 0;
  const auto *in = static_cast<const guint8 *> (
      bytes != nullptr ? g_bytes_get_data (bytes, &size) : nullptr);
  if (in == nullptr || size < static_cast<gsize> (stride) * (h - 1) + w)
    return nullptr;

  /* The 256 colours at @opacity as native-endian ARGB words: the byte
   * order of GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB (BGRA in memory on
   * little-endian machines). Not premultiplied: the composition's blend
   * stretches a rectangle into a frame that forgets the premultiplied flag
   * (GStreamer 1.22 to 1.26), so premultiplied pixels would be blended as
   * straight ones, too dark and too transparent. */
  const guint alpha =
      static_cast<guint> (std::lround (std::clamp (opacity, 0.0, 1.0) * 255));
  guint32 lut[256];
  for (guint i = 0; i < 256; i++)
    lut[i] = alpha << 24 | (INFERNO[i] & 0xffffff);

  /* A map larger than the frame is sampled (nearest) at the frame's size:
   * the cost stays bounded by the frame, whatever the map. */
  const guint ow = std::min (w, width), oh = std::min (h, height);
  std::vector<guint> columns (ow);
  for (guint x = 0; x < ow; x++)
    columns[x] = static_cast<guint> (static_cast<guint64> (x) * w / ow);

  const gsize out_stride = static_cast<gsize> (ow) * 4;
  g_autoptr (GstBuffer) pixels =
      gst_buffer_new_allocate (nullptr, out_stride * oh, nullptr);
  if (pixels == nullptr)
    throw std::bad_alloc ();
  GstMapInfo info;
  if (!gst_buffer_map (pixels, &info, GST_MAP_WRITE))
    throw std::bad_alloc ();
  for (guint y = 0; y < oh; y++) {
    const guint8 *row =
        in + static_cast<gsize> (static_cast<guint64> (y) * h / oh) * stride;
    auto *out = reinterpret_cast<guint32 *> (info.data + y * out_stride);
    if (ow == w) {
      for (guint x = 0; x < ow; x++)
        out[x] = lut[row[x]];
    } else {
      for (guint x = 0; x < ow; x++)
        out[x] = lut[row[columns[x]]];
    }
  }
  gst_buffer_unmap (pixels, &info);

  gst_buffer_add_video_meta (pixels, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, ow, oh);
  return gst_video_overlay_rectangle_new_raw (
      pixels, 0, 0, width, height, GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);
}

MapLayer
map_layer (const GstGetiMap *map, double opacity, guint width, guint height)
{
  MapLayer layer;
  const guint w = gst_geti_map_get_width (map);
  const guint h = gst_geti_map_get_height (map);
  const guint stride = gst_geti_map_get_stride (map);
  g_autoptr (GBytes) bytes = gst_geti_map_get_bytes (map);
  gsize size = 0;
  const auto *in = static_cast<const guint8 *> (
      bytes != nullptr ? g_bytes_get_data (bytes, &size) : nullptr);
  if (w == 0 || h == 0 || width == 0 || height == 0 || in == nullptr ||
      size < static_cast<gsize> (stride) * (h - 1) + w)
    return layer;
  layer.width = width;
  layer.height = height;
  layer.alpha =
      static_cast<guint> (std::lround (std::clamp (opacity, 0.0, 1.0) * 256));
  layer.intensity.resize (static_cast<gsize> (width) * height);

  /* frame pixel centre x + 0.5 falls on map coordinate
   * (x + 0.5) * w / width - 0.5; weights in 1/256 */
  struct Tap {
    guint i0, i1, f;
  };
  auto taps = [] (guint n_out, guint n_in) {
    std::vector<Tap> t (n_out);
    for (guint o = 0; o < n_out; o++) {
      const double c = std::clamp (
          (o + 0.5) * n_in / n_out - 0.5, 0.0, static_cast<double> (n_in - 1));
      const guint i0 = static_cast<guint> (c);
      t[o] = { i0, std::min (i0 + 1, n_in - 1),
        static_cast<guint> (std::lround ((c - i0) * 256)) };
    }
    return t;
  };
  const std::vector<Tap> xs = taps (width, w), ys = taps (height, h);
  std::vector<guint> row (width);
  for (guint y = 0; y < height; y++) {
    const guint8 *r0 = in + static_cast<gsize> (ys[y].i0) * stride;
    const guint8 *r1 = in + static_cast<gsize> (ys[y].i1) * stride;
    const guint fy = ys[y].f;
    guint8 *out = layer.intensity.data () + static_cast<gsize> (y) * width;
    for (guint x = 0; x < width; x++) {
      const Tap &t = xs[x];
      const guint a = r0[t.i0] * (256 - t.f) + r0[t.i1] * t.f;
      const guint b = r1[t.i0] * (256 - t.f) + r1[t.i1] * t.f;
      out[x] = static_cast<guint8> ((a * (256 - fy) + b * fy + 32768) >> 16);
    }
  }
  return layer;
}

bool
blend_map_layer (const MapLayer &layer, GstVideoFrame *frame) noexcept
{
  const GstVideoInfo *info = &frame->info;
  const GstVideoFormatInfo *finfo = info->finfo;
  if (layer.intensity.empty () ||
      static_cast<guint> (GST_VIDEO_INFO_WIDTH (info)) != layer.width ||
      static_cast<guint> (GST_VIDEO_INFO_HEIGHT (info)) != layer.height ||
      GST_VIDEO_FORMAT_INFO_IS_COMPLEX (finfo))
    return false;
  const guint n = GST_VIDEO_FORMAT_INFO_N_COMPONENTS (finfo);
  for (guint c = 0; c < n; c++) {
    if (GST_VIDEO_FORMAT_INFO_DEPTH (finfo, c) != 8 ||
        GST_VIDEO_FORMAT_INFO_SHIFT (finfo, c) != 0)
      return false;
  }

  /* The colour of each intensity, per component, in the frame's space. */
  guint8 lut[3][256];
  const bool yuv = GST_VIDEO_FORMAT_INFO_IS_YUV (finfo) ||
                   GST_VIDEO_FORMAT_INFO_IS_GRAY (finfo);
  gdouble kr = 0.299, kb = 0.114;
  gint offset[4] = { 0 }, scale[4] = { 255, 255, 255, 255 };
  if (yuv) {
    if (!gst_video_color_matrix_get_Kr_Kb (
            info->colorimetry.matrix, &kr, &kb)) {
      kr = 0.299, kb = 0.114;
    }
    gst_video_color_range_offsets (
        info->colorimetry.range, finfo, offset, scale);
  }
  for (guint i = 0; i < 256; i++) {
    const double r = ((INFERNO[i] >> 16) & 0xff) / 255.0,
                 g = ((INFERNO[i] >> 8) & 0xff) / 255.0,
                 b = (INFERNO[i] & 0xff) / 255.0;
    double v[3] = { r, g, b };
    if (yuv) {
      const double y = kr * r + (1 - kr - kb) * g + kb * b;
      v[0] = offset[0] + scale[0] * y;
      v[1] = offset[1] + scale[1] * (b - y) / (2 * (1 - kb));
      v[2] = offset[2] + scale[2] * (r - y) / (2 * (1 - kr));
    } else {
      for (double &x : v)
        x *= 255;
    }
    for (guint c = 0; c < 3; c++)
      lut[c][i] =
          static_cast<guint8> (std::clamp (std::lround (v[c]), 0L, 255L));
  }

  const int a = static_cast<int> (layer.alpha);
  for (guint c = 0; c < std::min (n, 3u); c++) {
    guint8 *data = GST_VIDEO_FRAME_COMP_DATA (frame, c);
    const gint stride = GST_VIDEO_FRAME_COMP_STRIDE (frame, c);
    const gint pstride = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c);
    const gint cw = GST_VIDEO_FRAME_COMP_WIDTH (frame, c);
    const gint ch = GST_VIDEO_FRAME_COMP_HEIGHT (frame, c);
    const guint ws = GST_VIDEO_FORMAT_INFO_W_SUB (finfo, c);
    const guint hs = GST_VIDEO_FORMAT_INFO_H_SUB (finfo, c);
    const guint8 *colors = lut[c];
    for (gint y = 0; y < ch; y++) {
      /* a subsampled plane's pixel takes the map at its first luma pixel */
      const guint8 *src = layer.intensity.data () +
                          static_cast<gsize> (std::min<guint> (
                              static_cast<guint> (y) << hs, layer.height - 1)) *
                              layer.width;
      guint8 *p = data + static_cast<gsize> (y) * stride;
      for (gint x = 0; x < cw; x++, p += pstride) {
        const int target = colors[src[std::min<guint> (
            static_cast<guint> (x) << ws, layer.width - 1)]];
        *p = static_cast<guint8> (*p + (((target - *p) * a) >> 8));
      }
    }
  }
  return true;
}

} // namespace gst_geti
