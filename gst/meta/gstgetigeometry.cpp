/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The geometry of predictions: how their coordinates follow a scaled frame
 * (the meta's SCALE transform, getioverlay's drawing of a meta made for
 * another size). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "geti-private.h"

#include <cmath>
#include <vector>

/* Scales a rotated rectangle by a non-uniform factor. The image of a
 * rectangle is then a parallelogram, which no rotated rectangle matches; the
 * result is the smallest rotated rectangle enclosing it (like cv::minAreaRect
 * of the four scaled corners), which has one side along one of the
 * parallelogram's. The width stays the side that came from the original
 * width. Uniform scales and axis-aligned rectangles are exact. */
static void
scale_rotated_rectangle (GstGetiShape *shape, gdouble sx, gdouble sy)
{
  shape->x *= sx;
  shape->y *= sy;

  if (sx == sy) {
    shape->width *= sx;
    shape->height *= sx;
    return;
  }

  if (std::fmod (shape->angle, 180.0) == 0.0) {
    shape->width *= sx;
    shape->height *= sy;
    return;
  }
  if (std::fmod (shape->angle, 90.0) == 0.0) {
    shape->width *= sy;
    shape->height *= sx;
    return;
  }

  /* Half-axes of the rectangle: u along the width, v along the height; y
   * points down, so a positive angle turns clockwise on screen. */
  const gdouble theta = shape->angle * G_PI / 180.0;
  const gdouble ux = sx * shape->width / 2 * std::cos (theta);
  const gdouble uy = sy * shape->width / 2 * std::sin (theta);
  const gdouble vx = -sx * shape->height / 2 * std::sin (theta);
  const gdouble vy = sy * shape->height / 2 * std::cos (theta);
  const gdouble u_len = std::hypot (ux, uy);
  const gdouble v_len = std::hypot (vx, vy);
  const gdouble cross = std::fabs (ux * vy - uy * vx);

  if (u_len == 0.0 || v_len == 0.0) {
    /* degenerate: a segment or a point */
    shape->width = 2 * u_len;
    shape->height = 2 * v_len;
    if (u_len != 0.0)
      shape->angle =
          shape->angle +
          std::remainder (
              std::atan2 (uy, ux) * 180.0 / G_PI - shape->angle, 360.0);
    return;
  }

  /* candidate a: sides along u; candidate b: sides along v */
  const gdouble a_width = 2 * (u_len + std::fabs (ux * vx + uy * vy) / u_len);
  const gdouble a_height = 2 * cross / u_len;
  const gdouble b_width = 2 * cross / v_len;
  const gdouble b_height = 2 * (v_len + std::fabs (ux * vx + uy * vy) / v_len);
  gdouble angle;

  if (a_width * a_height <= b_width * b_height) {
    shape->width = a_width;
    shape->height = a_height;
    angle = std::atan2 (uy, ux);
  } else {
    shape->width = b_width;
    shape->height = b_height;
    /* the width axis is v turned back by a quarter turn */
    angle = std::atan2 (-vx, vy);
  }

  /* keep the angle in the same turn as the original one */
  shape->angle = shape->angle +
                 std::remainder (angle * 180.0 / G_PI - shape->angle, 360.0);
}

void
geti::scale_shape (GstGetiShape *shape, gdouble sx, gdouble sy) noexcept
{
  for (guint i = 0; shape->points && i < shape->n_points; i++) {
    shape->points[i].x *= sx;
    shape->points[i].y *= sy;
  }

  if (shape->type == GST_GETI_SHAPE_ROTATED_RECTANGLE) {
    scale_rotated_rectangle (shape, sx, sy);
  } else {
    shape->x *= sx;
    shape->y *= sy;
    shape->width *= sx;
    shape->height *= sy;
  }
}

/**
 * gst_geti_predictions_scale:
 * @predictions: a #GstGetiPredictions
 * @scale_x: horizontal factor, > 0
 * @scale_y: vertical factor, > 0
 *
 * Makes a copy of @predictions with every coordinate multiplied by the
 * factors: positions, sizes and points. A rotated rectangle keeps its angle
 * under a uniform scale; under a non-uniform one it becomes the smallest
 * rotated rectangle that encloses the scaled one (which is a
 * parallelogram), see #GstGetiShape. The explanation maps (#GstGetiMap)
 * are shared, not copied nor scaled: a map covers the whole frame at any
 * size. Every copy of one list by the same
 * factors has the same change counter (gst_geti_predictions_get_seqnum()),
 * until it is changed.
 *
 * Returns: (transfer full): a new, writable #GstGetiPredictions
 */
GstGetiPredictions *
gst_geti_predictions_scale (
    const GstGetiPredictions *predictions, gdouble scale_x, gdouble scale_y)
{
  g_return_val_if_fail (predictions != NULL, NULL);
  g_return_val_if_fail (std::isfinite (scale_x) && scale_x > 0, NULL);
  g_return_val_if_fail (std::isfinite (scale_y) && scale_y > 0, NULL);

  g_autoptr (GstGetiPredictions) scaled =
      gst_geti_predictions_new (gst_geti_predictions_get_created (predictions));
  if (!scaled)
    return NULL;

  bool ok = geti::guarded (
      G_STRFUNC,
      [&] () {
        std::vector<GstGetiPoint> points;
        const guint n = gst_geti_predictions_get_size (predictions);

        for (guint i = 0; i < n; i++) {
          GstGetiPrediction p = *gst_geti_predictions_get (predictions, i);

          points.assign (p.shape.points, p.shape.points + p.shape.n_points);
          p.shape.points = points.empty () ? NULL : points.data ();
          geti::scale_shape (&p.shape, scale_x, scale_y);
          gst_geti_predictions_add (scaled, &p);
        }
        const guint n_edges =
            gst_geti_predictions_get_n_keypoint_edges (predictions);
        for (guint i = 0; i < n_edges; i++) {
          const gchar *from = NULL, *to = NULL;

          gst_geti_predictions_get_keypoint_edge (predictions, i, &from, &to);
          gst_geti_predictions_add_keypoint_edge (scaled, from, to);
        }
        const guint n_maps = gst_geti_predictions_get_n_maps (predictions);
        for (guint i = 0; i < n_maps; i++)
          gst_geti_predictions_add_map (
              scaled, gst_geti_predictions_get_map (predictions, i));
        return gst_geti_predictions_get_size (scaled) == n &&
               gst_geti_predictions_get_n_keypoint_edges (scaled) == n_edges &&
               gst_geti_predictions_get_n_maps (scaled) == n_maps;
      },
      false);
  if (!ok)
    return NULL;

  geti::predictions_set_seqnum (
      scaled, geti::predictions_scaled_seqnum (predictions, scale_x, scale_y));
  return static_cast<GstGetiPredictions *> (g_steal_pointer (&scaled));
}
