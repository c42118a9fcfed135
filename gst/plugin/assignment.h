/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

/* The assignment problem: a one-to-one matching of rows to columns of least
 * total cost (the Hungarian method, in its O(n²m) shortest augmenting path
 * form, Jonker–Volgenant style). getitrack matches tracks to detections
 * with it. */

namespace gst_geti {

/* A cost matrix, row-major; FORBIDDEN marks a pair that must not match. */
class CostMatrix
{
public:
  static constexpr double FORBIDDEN = std::numeric_limits<double>::infinity ();

  CostMatrix (std::size_t rows, std::size_t cols)
      : rows_ (rows), cols_ (cols), cost_ (rows * cols, FORBIDDEN)
  {}

  std::size_t rows () const
  {
    return rows_;
  }
  std::size_t cols () const
  {
    return cols_;
  }
  double &at (std::size_t r, std::size_t c)
  {
    return cost_[r * cols_ + c];
  }
  double at (std::size_t r, std::size_t c) const
  {
    return cost_[r * cols_ + c];
  }

private:
  std::size_t rows_;
  std::size_t cols_;
  std::vector<double> cost_;
};

/* For each row, the column it is matched to, or -1: the matching of least
 * total cost among those with the most pairs (no FORBIDDEN pair is ever
 * matched). */
std::vector<long> solve_assignment (const CostMatrix &cost);

} // namespace gst_geti
