/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <vector>

/* The fake Geti server's "model": the bounding box of every bright blob of a
 * gray plane. The tests also run it on raw frames as the ground truth the
 * server's answers are compared with (videotestsrc pattern=ball: a white
 * ball on black), so it is exact and depends on nothing but the pixels. */

namespace geti::fake {

inline constexpr guint8 DEFAULT_BLOB_THRESHOLD = 128;
inline constexpr int DEFAULT_BLOB_MIN_AREA = 16;

/* One 8-connected region of pixels >= the threshold. The box is inclusive
 * of its edge pixels: it covers columns x .. x + width - 1. */
struct Blob {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  int area = 0; /* number of bright pixels */

  double center_x () const noexcept
  {
    return x + width / 2.0;
  }
  double center_y () const noexcept
  {
    return y + height / 2.0;
  }
};

/* The blobs of an 8-bit plane (@stride bytes from one row to the next) whose
 * area is at least @min_area pixels, sorted by (y, x). A pixel is bright when
 * its value is >= @threshold. One pass over the pixels (runs of bright pixels
 * joined with union-find; dark stretches skipped 16 pixels at a time):
 * about 0.3 ms for a mostly dark 1080p frame. Throws
 * std::bad_alloc only. */
std::vector<Blob> detect_blobs (const guint8 *data, int width, int height,
    int stride, guint8 threshold = DEFAULT_BLOB_THRESHOLD,
    int min_area = DEFAULT_BLOB_MIN_AREA);

} // namespace geti::fake
