/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/geti/geti.h>

#include <vector>

/* The geometry getitrack works with: boxes, their overlap, and shapes
 * moved, interpolated and kept in the frame. */

namespace gst_geti::track {

/* An axis-aligned box, [x0, x1] × [y0, y1] */
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  double width () const
  {
    return x1 - x0;
  }
  double height () const
  {
    return y1 - y0;
  }
  double cx () const
  {
    return (x0 + x1) / 2;
  }
  double cy () const
  {
    return (y0 + y1) / 2;
  }
  double area () const
  {
    return width () * height ();
  }
};

/* Intersection over union; 0 for boxes without area. */
double iou (const Box &a, const Box &b) noexcept;

/* A shape with its own points: a GstGetiShape whose points pointer is only
 * set by view(). */
class Shape
{
public:
  Shape () = default;
  explicit Shape (const GstGetiShape &shape);

  /* The GstGetiShape, its points in this object: valid while it lives
   * unchanged. */
  GstGetiShape view () const;
  GstGetiShapeType type () const
  {
    return shape_.type;
  }
  /* False for a shape without extent (NONE, a polygon without points);
   * a keypoint's box is its point. */
  bool bounds (Box &box) const noexcept;

  void translate (double dx, double dy) noexcept;
  /* Moves and resizes the shape so that its box becomes @to. */
  void fit_to (const Box &from, const Box &to) noexcept;

  /* The shape at @f ∈ [0, 1] of the way from @a to @b: parameters (and
   * points, where the counts match) interpolated, or @a moved and
   * resized along with its box where they do not. */
  static Shape interpolate (const Shape &a, const Shape &b, double f);

private:
  GstGetiShape shape_ = {};
  std::vector<GstGetiPoint> points_;
};

/* Moves @shape by (@dx, @dy) but not, where it moves, past the edges of a
 * width × height frame (a shape already over an edge is not pulled in). */
void move_within (
    Shape &shape, double dx, double dy, double width, double height) noexcept;

} // namespace gst_geti::track
