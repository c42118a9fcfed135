/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "assignment.h"

#include <algorithm>
#include <cmath>

namespace gst_geti {

std::vector<long>
solve_assignment (const CostMatrix &cost)
{
  const std::size_t rows = cost.rows ();
  const std::size_t cols = cost.cols ();
  std::vector<long> match (rows, -1);
  if (rows == 0 || cols == 0)
    return match;

  /* A forbidden pair costs more than any matching of allowed pairs can, so
   * the cheapest square matching has as few of them as possible (the most
   * real pairs), and among those the least cost. The dummy rows or columns
   * that make the matrix square cost the same. */
  double largest = 0;
  for (std::size_t r = 0; r < rows; r++) {
    for (std::size_t c = 0; c < cols; c++) {
      const double value = cost.at (r, c);
      if (std::isfinite (value))
        largest = std::max (largest, std::abs (value));
    }
  }
  const std::size_t n = std::max (rows, cols);
  const double big = (largest + 1) * static_cast<double> (n + 1);
  auto a = [&] (std::size_t r, std::size_t c) {
    if (r >= rows || c >= cols)
      return big;
    const double value = cost.at (r, c);
    return std::isfinite (value) ? value : big;
  };

  /* Shortest augmenting paths with potentials u (rows) and v (columns);
   * indices from 1, column 0 is the virtual start. p[j]: the row matched to
   * column j; way[j]: the column before j on the path. */
  const double inf = std::numeric_limits<double>::infinity ();
  std::vector<double> u (n + 1, 0), v (n + 1, 0), minv (n + 1);
  std::vector<std::size_t> p (n + 1, 0), way (n + 1, 0);
  std::vector<char> used (n + 1);
  for (std::size_t i = 1; i <= n; i++) {
    p[0] = i;
    std::size_t j0 = 0;
    std::fill (minv.begin (), minv.end (), inf);
    std::fill (used.begin (), used.end (), 0);
    do {
      used[j0] = 1;
      const std::size_t i0 = p[j0];
      double delta = inf;
      std::size_t j1 = 0;
      for (std::size_t j = 1; j <= n; j++) {
        if (used[j])
          continue;
        const double cur = a (i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (std::size_t j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const std::size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }

  for (std::size_t j = 1; j <= n; j++) {
    const std::size_t r = p[j] - 1, c = j - 1;
    if (r < rows && c < cols && std::isfinite (cost.at (r, c)))
      match[r] = static_cast<long> (c);
  }
  return match;
}

} // namespace gst_geti
