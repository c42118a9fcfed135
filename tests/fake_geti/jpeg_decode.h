/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <vector>

/* JPEG → gray plane, for the fake Geti server's detector (libturbojpeg 2.x
 * API). */

namespace geti::fake {

/* A tightly packed 8-bit plane: the stride is the width. */
struct GrayImage {
  std::vector<guint8> pixels;
  int width = 0;
  int height = 0;
};

/* Decodes a JPEG (any subsampling, gray or colour) into its luma. Returns
 * false, leaving @image empty, when the data is not a decodable JPEG or its
 * size is absurd; never crashes on garbage. A JPEG that decodes with a
 * warning only (a truncated scan, say) counts as decoded, as it does for
 * OpenCV's imdecode on the real server. */
bool jpeg_decode_gray (
    const guint8 *data, gsize size, GrayImage &image) noexcept;
bool jpeg_decode_gray (GBytes *bytes, GrayImage &image) noexcept;

} // namespace geti::fake
