/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "track_shape.h"

#include "prediction_convert.h"

#include <algorithm>
#include <cmath>

namespace gst_geti::track {

double
iou (const Box &a, const Box &b) noexcept
{
  const double w = std::min (a.x1, b.x1) - std::max (a.x0, b.x0);
  const double h = std::min (a.y1, b.y1) - std::max (a.y0, b.y0);
  if (w <= 0 || h <= 0)
    return 0;
  const double inter = w * h;
  const double uni = a.area () + b.area () - inter;
  return uni > 0 ? inter / uni : 0;
}

Shape::Shape (const GstGetiShape &shape) : shape_ (shape)
{
  if (shape.points != nullptr && shape.n_points > 0)
    points_.assign (shape.points, shape.points + shape.n_points);
  shape_.points = nullptr;
  shape_.n_points = static_cast<guint> (points_.size ());
}

GstGetiShape
Shape::view () const
{
  GstGetiShape out = shape_;
  out.points =
      points_.empty () ? nullptr : const_cast<GstGetiPoint *> (points_.data ());
  out.n_points = static_cast<guint> (points_.size ());
  return out;
}

bool
Shape::bounds (Box &box) const noexcept
{
  const GstGetiShape shape = view ();
  return shape_bounds (shape, box.x0, box.y0, box.x1, box.y1);
}

void
Shape::translate (double dx, double dy) noexcept
{
  shape_.x += dx;
  shape_.y += dy;
  for (GstGetiPoint &p : points_) {
    p.x += dx;
    p.y += dy;
  }
}

void
Shape::fit_to (const Box &from, const Box &to) noexcept
{
  const double sx = from.width () > 0 ? to.width () / from.width () : 1;
  const double sy = from.height () > 0 ? to.height () / from.height () : 1;
  auto map_x = [&] (double x) { return to.cx () + (x - from.cx ()) * sx; };
  auto map_y = [&] (double y) { return to.cy () + (y - from.cy ()) * sy; };

  switch (shape_.type) {
    case GST_GETI_SHAPE_RECTANGLE:
    case GST_GETI_SHAPE_ELLIPSE:
      /* x, y: the top left corner */
      shape_.x = map_x (shape_.x);
      shape_.y = map_y (shape_.y);
      shape_.width *= sx;
      shape_.height *= sy;
      break;
    case GST_GETI_SHAPE_ROTATED_RECTANGLE: {
      /* x, y: the centre; a rotated shape keeps its proportions */
      const double s = std::sqrt (sx * sy);
      shape_.x = map_x (shape_.x);
      shape_.y = map_y (shape_.y);
      shape_.width *= s;
      shape_.height *= s;
      break;
    }
    default:
      shape_.x = map_x (shape_.x);
      shape_.y = map_y (shape_.y);
      break;
  }
  for (GstGetiPoint &p : points_) {
    p.x = map_x (p.x);
    p.y = map_y (p.y);
  }
}

namespace {

double
lerp (double a, double b, double f)
{
  return a + (b - a) * f;
}

/* A rotated rectangle turned by 180° is the same rectangle: turn the short
 * way. */
double
lerp_angle (double a, double b, double f)
{
  double d = std::fmod (b - a, 180.0);
  if (d > 90)
    d -= 180;
  else if (d < -90)
    d += 180;
  return a + d * f;
}

} // namespace

Shape
Shape::interpolate (const Shape &a, const Shape &b, double f)
{
  Shape out = a;
  const bool same_kind =
      a.shape_.type == b.shape_.type && a.points_.size () == b.points_.size ();
  if (same_kind) {
    out.shape_.x = lerp (a.shape_.x, b.shape_.x, f);
    out.shape_.y = lerp (a.shape_.y, b.shape_.y, f);
    out.shape_.width = lerp (a.shape_.width, b.shape_.width, f);
    out.shape_.height = lerp (a.shape_.height, b.shape_.height, f);
    out.shape_.angle = a.shape_.type == GST_GETI_SHAPE_ROTATED_RECTANGLE
                           ? lerp_angle (a.shape_.angle, b.shape_.angle, f)
                           : lerp (a.shape_.angle, b.shape_.angle, f);
    for (std::size_t i = 0; i < out.points_.size (); i++) {
      out.points_[i].x = lerp (a.points_[i].x, b.points_[i].x, f);
      out.points_[i].y = lerp (a.points_[i].y, b.points_[i].y, f);
    }
    return out;
  }

  Box from, to_a, to_b;
  if (!a.bounds (from) || !b.bounds (to_b))
    return out;
  to_a = from;
  Box to;
  to.x0 = lerp (to_a.x0, to_b.x0, f);
  to.y0 = lerp (to_a.y0, to_b.y0, f);
  to.x1 = lerp (to_a.x1, to_b.x1, f);
  to.y1 = lerp (to_a.y1, to_b.y1, f);
  out.fit_to (from, to);
  return out;
}

void
move_within (
    Shape &shape, double dx, double dy, double width, double height) noexcept
{
  Box box;
  if (!shape.bounds (box)) {
    shape.translate (dx, dy);
    return;
  }
  /* How far the box may go each way before an edge; never negative, so a
   * shape over an edge may still move back in but no further out. */
  if (dx > 0)
    dx = std::min (dx, std::max (0.0, width - box.x1));
  else if (dx < 0)
    dx = std::max (dx, std::min (0.0, -box.x0));
  if (dy > 0)
    dy = std::min (dy, std::max (0.0, height - box.y1));
  else if (dy < 0)
    dy = std::max (dy, std::min (0.0, -box.y0));
  shape.translate (dx, dy);
}

} // namespace gst_geti::track
