/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "detector.h"

#include <algorithm>
#include <cstdint>
#include <tuple>

namespace geti::fake {

namespace {

/* A horizontal run of bright pixels, columns x0 .. x1 of row y. */
struct Run {
  int y;
  int x0;
  int x1;
};

/* Union-find over run indices; the root of a set is its smallest index. */
class DisjointSets
{
public:
  std::uint32_t add ()
  {
    parent_.push_back (static_cast<std::uint32_t> (parent_.size ()));
    return parent_.back ();
  }

  std::uint32_t find (std::uint32_t i)
  {
    std::uint32_t root = i;
    while (parent_[root] != root)
      root = parent_[root];
    /* path compression */
    while (parent_[i] != root) {
      std::uint32_t next = parent_[i];
      parent_[i] = root;
      i = next;
    }
    return root;
  }

  void unite (std::uint32_t a, std::uint32_t b)
  {
    a = find (a);
    b = find (b);
    if (a < b)
      parent_[b] = a;
    else if (b < a)
      parent_[a] = b;
  }

private:
  std::vector<std::uint32_t> parent_;
};

} // namespace

std::vector<Blob>
detect_blobs (const guint8 *data, int width, int height, int stride,
    guint8 threshold, int min_area)
{
  std::vector<Blob> blobs;
  if (data == nullptr || width <= 0 || height <= 0 || stride < width)
    return blobs;

  std::vector<Run> runs;
  DisjointSets sets;
  std::size_t prev_begin = 0, prev_end = 0;

  for (int y = 0; y < height; y++) {
    const guint8 *row = data + static_cast<std::size_t> (y) * stride;
    const std::size_t row_begin = runs.size ();

    for (int x = 0; x < width;) {
      /* skip dark stretches 16 pixels at a time (a vectorizable max) */
      if (x + 16 <= width) {
        guint8 brightest = 0;
        for (int k = 0; k < 16; k++)
          brightest = std::max (brightest, row[x + k]);
        if (brightest < threshold) {
          x += 16;
          continue;
        }
      }
      if (row[x] < threshold) {
        x++;
        continue;
      }
      int x0 = x;
      while (x < width && row[x] >= threshold)
        x++;
      runs.push_back (Run{ y, x0, x - 1 });
      sets.add ();
    }

    /* Join each run with the runs of the row above that touch it, diagonals
     * included (8-connectivity). Both lists are sorted by x. */
    std::size_t j = prev_begin;
    for (std::size_t i = row_begin; i < runs.size (); i++) {
      const Run &run = runs[i];
      while (j < prev_end && runs[j].x1 < run.x0 - 1)
        j++;
      for (std::size_t k = j; k < prev_end && runs[k].x0 <= run.x1 + 1; k++)
        sets.unite (
            static_cast<std::uint32_t> (i), static_cast<std::uint32_t> (k));
    }

    prev_begin = row_begin;
    prev_end = runs.size ();
  }

  /* Roots come first in index order, so each root opens its blob before any
   * other run of the set adds to it. */
  std::vector<std::int32_t> blob_of_root (runs.size (), -1);
  std::vector<Blob> all;
  for (std::size_t i = 0; i < runs.size (); i++) {
    const Run &run = runs[i];
    std::uint32_t root = sets.find (static_cast<std::uint32_t> (i));
    if (blob_of_root[root] < 0) {
      blob_of_root[root] = static_cast<std::int32_t> (all.size ());
      all.push_back (Blob{ run.x0, run.y, 0, 0, 0 });
      /* width/height hold the right/bottom edges until the end */
      all.back ().width = run.x1;
      all.back ().height = run.y;
    }
    Blob &blob = all[blob_of_root[root]];
    blob.x = std::min (blob.x, run.x0);
    blob.width = std::max (blob.width, run.x1);
    blob.height = std::max (blob.height, run.y);
    blob.area += run.x1 - run.x0 + 1;
  }

  for (Blob &blob : all) {
    if (blob.area < min_area)
      continue;
    blob.width = blob.width - blob.x + 1;
    blob.height = blob.height - blob.y + 1;
    blobs.push_back (blob);
  }

  std::sort (blobs.begin (), blobs.end (), [] (const Blob &a, const Blob &b) {
    return std::tie (a.y, a.x) < std::tie (b.y, b.x);
  });
  return blobs;
}

} // namespace geti::fake
