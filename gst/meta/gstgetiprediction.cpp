/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:gstgetiprediction
 * @title: GstGetiPrediction
 * @short_description: One prediction: its labels and its shape
 *
 * A #GstGetiPrediction has labels (#GstGetiLabel) and a #GstGetiShape, in the
 * pixel space of the buffer its #GstGetiPredictionMeta is attached to.
 *
 * From C the structures are read directly; they are public and grow only
 * into their reserved padding, so a field added later breaks no application
 * built against an earlier version. An application that fills one (to add it
 * to a #GstGetiPredictions) zero-initialises it first (`= { 0 }` in C, `= {}`
 * in C++), so that the fields added later read as their defaults.
 *
 * Language bindings use the accessor functions: the structures are boxed
 * types, so a binding holds its own deep copy of what it reads.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "geti-private.h"

#include <algorithm>

/**
 * GstGetiShapeType:
 * @GST_GETI_SHAPE_NONE: no shape (a label-only prediction)
 * @GST_GETI_SHAPE_RECTANGLE: @x, @y = top-left corner; @width, @height
 * @GST_GETI_SHAPE_ROTATED_RECTANGLE: @x, @y = centre; @width, @height of the
 *   rectangle itself; @angle in degrees, clockwise
 * @GST_GETI_SHAPE_ELLIPSE: the bounding box: @x, @y = top-left; @width, @height
 * @GST_GETI_SHAPE_POLYGON: @points
 * @GST_GETI_SHAPE_KEYPOINT: @x, @y; @visible
 *
 * The shape types of Geti's REST API.
 */

/**
 * GST_GETI_TYPE_SHAPE_TYPE:
 *
 * The #GType of #GstGetiShapeType.
 */

/**
 * gst_geti_shape_type_get_type:
 *
 * Returns: the #GType of #GstGetiShapeType
 */
G_DEFINE_ENUM_TYPE (GstGetiShapeType, gst_geti_shape_type,
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_NONE, "none"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_RECTANGLE, "rectangle"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_ROTATED_RECTANGLE, "rotated-rectangle"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_ELLIPSE, "ellipse"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_POLYGON, "polygon"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_KEYPOINT, "keypoint"));

/**
 * gst_geti_shape_type_to_string:
 * @type: a #GstGetiShapeType
 *
 * Returns: (nullable): the name Geti's REST API gives @type, such as
 *   `"RECTANGLE"`, or %NULL for %GST_GETI_SHAPE_NONE
 */
const gchar *
gst_geti_shape_type_to_string (GstGetiShapeType type)
{
  switch (type) {
    case GST_GETI_SHAPE_RECTANGLE:
      return "RECTANGLE";
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      return "ROTATED_RECTANGLE";
    case GST_GETI_SHAPE_ELLIPSE:
      return "ELLIPSE";
    case GST_GETI_SHAPE_POLYGON:
      return "POLYGON";
    case GST_GETI_SHAPE_KEYPOINT:
      return "KEYPOINT";
    case GST_GETI_SHAPE_NONE:
      break;
  }
  return NULL;
}

/* A copy is made of plain GLib allocations, never of a list's own storage,
 * so the free functions only ever see what a copy function made. The
 * reserved padding is copied with the rest: what a later version keeps there
 * survives. */

static void
gst_geti_label_copy_into (GstGetiLabel *dest, const GstGetiLabel *src)
{
  *dest = *src;
  dest->id = g_strdup (src->id);
  dest->name = g_strdup (src->name);
}

static void
gst_geti_label_clear (GstGetiLabel *label)
{
  g_clear_pointer (&label->id, g_free);
  g_clear_pointer (&label->name, g_free);
}

static void
gst_geti_shape_copy_into (GstGetiShape *dest, const GstGetiShape *src)
{
  *dest = *src;
  if (src->n_points > 0 && src->points) {
    dest->points = g_new (GstGetiPoint, src->n_points);
    std::copy (src->points, src->points + src->n_points, dest->points);
  } else {
    dest->points = NULL;
    dest->n_points = 0;
  }
}

/* GstGetiPoint */

/**
 * GstGetiPoint:
 * @x: horizontal position, pixels
 * @y: vertical position, pixels
 *
 * A corner of a polygon. Points are stored as a packed array, so this
 * structure never grows.
 */

/**
 * GST_GETI_TYPE_POINT:
 *
 * The #GType of #GstGetiPoint.
 */

/**
 * gst_geti_point_get_type:
 *
 * Returns: the #GType of #GstGetiPoint, a boxed type
 */
G_DEFINE_BOXED_TYPE (
    GstGetiPoint, gst_geti_point, gst_geti_point_copy, gst_geti_point_free);

/**
 * gst_geti_point_copy:
 * @point: a #GstGetiPoint
 *
 * Returns: (transfer full): a copy of @point; free with gst_geti_point_free()
 */
GstGetiPoint *
gst_geti_point_copy (const GstGetiPoint *point)
{
  g_return_val_if_fail (point != NULL, NULL);

  GstGetiPoint *copy = g_new (GstGetiPoint, 1);
  *copy = *point;
  return copy;
}

/**
 * gst_geti_point_free:
 * @point: (transfer full) (nullable): a #GstGetiPoint made by
 *   gst_geti_point_copy()
 *
 * Frees @point.
 */
void
gst_geti_point_free (GstGetiPoint *point)
{
  g_free (point);
}

/**
 * gst_geti_point_get_x:
 * @point: a #GstGetiPoint
 *
 * Returns: the horizontal position of @point, pixels
 */
gdouble
gst_geti_point_get_x (const GstGetiPoint *point)
{
  g_return_val_if_fail (point != NULL, 0.0);

  return point->x;
}

/**
 * gst_geti_point_get_y:
 * @point: a #GstGetiPoint
 *
 * Returns: the vertical position of @point, pixels
 */
gdouble
gst_geti_point_get_y (const GstGetiPoint *point)
{
  g_return_val_if_fail (point != NULL, 0.0);

  return point->y;
}

/* GstGetiLabel */

/**
 * GstGetiLabel:
 * @id: the Geti label id
 * @name: (nullable): the label name, %NULL when not known
 * @color: the label colour as 0xRRGGBBAA, 0 when not known (as text:
 *   gst_geti_label_get_color_string())
 * @probability: the score; keypoint scores may exceed 1
 * @empty: whether this is the project's empty label ("No object", "No
 *   class", "Empty"; `is_empty` in the Geti project), which says that
 *   nothing was found: not a detection. Zero-initialised structures read
 *   %FALSE.
 *
 * One label of a prediction.
 */

static_assert (sizeof (GstGetiLabel) ==
                   G_STRUCT_OFFSET (GstGetiLabel, probability) +
                       sizeof (gdouble) + GST_PADDING * sizeof (gpointer),
    "GstGetiLabel.empty must fit in the slot it took from the padding");

/**
 * GST_GETI_TYPE_LABEL:
 *
 * The #GType of #GstGetiLabel.
 */

/**
 * gst_geti_label_get_type:
 *
 * Returns: the #GType of #GstGetiLabel, a boxed type
 */
G_DEFINE_BOXED_TYPE (
    GstGetiLabel, gst_geti_label, gst_geti_label_copy, gst_geti_label_free);

/**
 * gst_geti_label_copy:
 * @label: a #GstGetiLabel
 *
 * Returns: (transfer full): a deep copy of @label (its strings too); free
 *   with gst_geti_label_free()
 */
GstGetiLabel *
gst_geti_label_copy (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  GstGetiLabel *copy = g_new (GstGetiLabel, 1);
  gst_geti_label_copy_into (copy, label);
  return copy;
}

/**
 * gst_geti_label_free:
 * @label: (transfer full) (nullable): a #GstGetiLabel made by
 *   gst_geti_label_copy()
 *
 * Frees @label and its strings.
 */
void
gst_geti_label_free (GstGetiLabel *label)
{
  if (!label)
    return;

  gst_geti_label_clear (label);
  g_free (label);
}

/**
 * gst_geti_label_get_id:
 * @label: a #GstGetiLabel
 *
 * Returns: (transfer none) (nullable): the Geti id of @label
 */
const gchar *
gst_geti_label_get_id (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return label->id;
}

/**
 * gst_geti_label_get_name:
 * @label: a #GstGetiLabel
 *
 * Returns: (transfer none) (nullable): the name of @label, %NULL when not
 *   known
 */
const gchar *
gst_geti_label_get_name (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return label->name;
}

/**
 * gst_geti_label_get_color:
 * @label: a #GstGetiLabel
 *
 * Returns: the colour of @label as 0xRRGGBBAA, 0 when not known
 */
guint32
gst_geti_label_get_color (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, 0);

  return label->color;
}

/**
 * gst_geti_label_get_color_string:
 * @label: a #GstGetiLabel
 *
 * The colour of @label as Geti and the JSON Lines output write it.
 *
 * Returns: (transfer full) (nullable): the colour as `"#rrggbbaa"` (such as
 *   `"#ff5662ff"`), or %NULL when it is not known; free with g_free()
 */
gchar *
gst_geti_label_get_color_string (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  if (label->color == 0)
    return NULL;
  return g_strdup_printf ("#%08x", label->color);
}

/**
 * gst_geti_label_get_probability:
 * @label: a #GstGetiLabel
 *
 * Returns: the score of @label, usually between 0 and 1 (keypoint scores may
 *   exceed 1)
 */
gdouble
gst_geti_label_get_probability (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, 0.0);

  return label->probability;
}

/**
 * gst_geti_label_get_empty:
 * @label: a #GstGetiLabel
 *
 * Returns: whether @label is the project's empty label, which says that
 *   nothing was found (#GstGetiLabel.empty)
 */
gboolean
gst_geti_label_get_empty (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, FALSE);

  return label->empty;
}

/* GstGetiShape */

/**
 * GstGetiShape:
 * @type: the kind of shape, which says which fields are used
 * @x: see #GstGetiShapeType
 * @y: see #GstGetiShapeType
 * @width: see #GstGetiShapeType
 * @height: see #GstGetiShapeType
 * @angle: rotation of a rotated rectangle, degrees clockwise
 * @points: (type gpointer): polygon corners, an array of @n_points; bindings
 *   read them with gst_geti_shape_get_points()
 * @n_points: number of @points
 * @visible: whether a keypoint is visible
 *
 * A shape, in the pixel space of the frame the meta is attached to.
 */

/**
 * GST_GETI_TYPE_SHAPE:
 *
 * The #GType of #GstGetiShape.
 */

/**
 * gst_geti_shape_get_type:
 *
 * Returns: the #GType of #GstGetiShape, a boxed type (the type of the
 *   shape itself is gst_geti_shape_get_shape_type())
 */
G_DEFINE_BOXED_TYPE (
    GstGetiShape, gst_geti_shape, gst_geti_shape_copy, gst_geti_shape_free);

/**
 * gst_geti_shape_copy:
 * @shape: a #GstGetiShape
 *
 * Returns: (transfer full): a deep copy of @shape (its points too); free
 *   with gst_geti_shape_free()
 */
GstGetiShape *
gst_geti_shape_copy (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, NULL);

  GstGetiShape *copy = g_new (GstGetiShape, 1);
  gst_geti_shape_copy_into (copy, shape);
  return copy;
}

/**
 * gst_geti_shape_free:
 * @shape: (transfer full) (nullable): a #GstGetiShape made by
 *   gst_geti_shape_copy()
 *
 * Frees @shape and its points.
 */
void
gst_geti_shape_free (GstGetiShape *shape)
{
  if (!shape)
    return;

  g_free (shape->points);
  g_free (shape);
}

/**
 * gst_geti_shape_get_shape_type:
 * @shape: a #GstGetiShape
 *
 * Returns: the kind of @shape, which says which of its values are used
 */
GstGetiShapeType
gst_geti_shape_get_shape_type (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, GST_GETI_SHAPE_NONE);

  return shape->type;
}

/**
 * gst_geti_shape_get_x:
 * @shape: a #GstGetiShape
 *
 * Returns: the left edge of a rectangle or an ellipse's bounding box, the
 *   horizontal centre of a rotated rectangle, the position of a keypoint;
 *   pixels
 */
gdouble
gst_geti_shape_get_x (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->x;
}

/**
 * gst_geti_shape_get_y:
 * @shape: a #GstGetiShape
 *
 * Returns: the top edge of a rectangle or an ellipse's bounding box, the
 *   vertical centre of a rotated rectangle, the position of a keypoint;
 *   pixels
 */
gdouble
gst_geti_shape_get_y (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->y;
}

/**
 * gst_geti_shape_get_width:
 * @shape: a #GstGetiShape
 *
 * Returns: the width of a rectangle, a rotated rectangle (before the
 *   rotation) or an ellipse's bounding box; pixels
 */
gdouble
gst_geti_shape_get_width (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->width;
}

/**
 * gst_geti_shape_get_height:
 * @shape: a #GstGetiShape
 *
 * Returns: the height of a rectangle, a rotated rectangle (before the
 *   rotation) or an ellipse's bounding box; pixels
 */
gdouble
gst_geti_shape_get_height (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->height;
}

/**
 * gst_geti_shape_get_angle:
 * @shape: a #GstGetiShape
 *
 * Returns: the rotation of a rotated rectangle about its centre, degrees
 *   clockwise
 */
gdouble
gst_geti_shape_get_angle (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->angle;
}

/**
 * gst_geti_shape_get_visible:
 * @shape: a #GstGetiShape
 *
 * Returns: whether a keypoint is visible
 */
gboolean
gst_geti_shape_get_visible (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, FALSE);

  return shape->visible;
}

/**
 * gst_geti_shape_get_n_points:
 * @shape: a #GstGetiShape
 *
 * Returns: the number of corners of a polygon, 0 for other shapes
 */
guint
gst_geti_shape_get_n_points (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0);

  return shape->points ? shape->n_points : 0;
}

/**
 * gst_geti_shape_get_point:
 * @shape: a #GstGetiShape
 * @index: the index of the point
 *
 * Returns: (transfer none) (nullable): the polygon corner at @index, owned
 *   by @shape, or %NULL when @index is out of range
 */
const GstGetiPoint *
gst_geti_shape_get_point (const GstGetiShape *shape, guint index)
{
  g_return_val_if_fail (shape != NULL, NULL);

  if (!shape->points || index >= shape->n_points)
    return NULL;

  return &shape->points[index];
}

/**
 * gst_geti_shape_get_points:
 * @shape: a #GstGetiShape
 * @n_points: (out): the number of points
 *
 * All the corners of a polygon at once: a list in Python.
 *
 * Returns: (transfer none) (array length=n_points) (nullable): the corners,
 *   owned by @shape; %NULL (and 0) for other shapes
 */
const GstGetiPoint *
gst_geti_shape_get_points (const GstGetiShape *shape, guint *n_points)
{
  g_return_val_if_fail (shape != NULL, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = gst_geti_shape_get_n_points (shape);
  return *n_points > 0 ? shape->points : NULL;
}

/* GstGetiPrediction */

/**
 * GstGetiPrediction:
 * @labels: (type gpointer): the labels, an array of @n_labels, in the order
 *   Geti sent them (task chains: detection label first); bindings read them
 *   with gst_geti_prediction_get_labels()
 * @n_labels: number of @labels (may be 0)
 * @shape: where
 * @track_id: the object this prediction follows, the same positive number
 *   on every frame where it is the same object (getitrack sets it); 0 when
 *   untracked. See gst_geti_prediction_get_track_id().
 *
 * One prediction: what (the labels) and where (the shape).
 */

/**
 * GST_GETI_TYPE_PREDICTION:
 *
 * The #GType of #GstGetiPrediction.
 */

/**
 * gst_geti_prediction_get_type:
 *
 * Returns: the #GType of #GstGetiPrediction, a boxed type
 */
G_DEFINE_BOXED_TYPE (GstGetiPrediction, gst_geti_prediction,
    gst_geti_prediction_copy, gst_geti_prediction_free);

/**
 * gst_geti_prediction_copy:
 * @prediction: a #GstGetiPrediction
 *
 * Returns: (transfer full): a deep copy of @prediction (its labels, their
 *   strings and its points); free with gst_geti_prediction_free()
 */
GstGetiPrediction *
gst_geti_prediction_copy (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, NULL);

  GstGetiPrediction *copy = g_new (GstGetiPrediction, 1);

  *copy = *prediction;
  if (prediction->n_labels > 0 && prediction->labels) {
    copy->labels = g_new (GstGetiLabel, prediction->n_labels);
    copy->n_labels = prediction->n_labels;
    for (guint i = 0; i < prediction->n_labels; i++)
      gst_geti_label_copy_into (&copy->labels[i], &prediction->labels[i]);
  } else {
    copy->labels = NULL;
    copy->n_labels = 0;
  }
  gst_geti_shape_copy_into (&copy->shape, &prediction->shape);

  return copy;
}

/**
 * gst_geti_prediction_free:
 * @prediction: (transfer full) (nullable): a #GstGetiPrediction made by
 *   gst_geti_prediction_copy()
 *
 * Frees @prediction, its labels and its points.
 */
void
gst_geti_prediction_free (GstGetiPrediction *prediction)
{
  if (!prediction)
    return;

  for (guint i = 0; i < prediction->n_labels; i++)
    gst_geti_label_clear (&prediction->labels[i]);
  g_free (prediction->labels);
  g_free (prediction->shape.points);
  g_free (prediction);
}

/**
 * gst_geti_prediction_get_track_id:
 * @prediction: a #GstGetiPrediction
 *
 * The identity getitrack gives the object this prediction follows: the
 * same positive number on every frame where it is the same object, 0 for
 * a prediction no tracker has seen (or one that is not tracked: a
 * full-frame classification or anomaly result).
 *
 * Returns: the track id of @prediction, 0 when untracked
 */
guint
gst_geti_prediction_get_track_id (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, 0);

  return prediction->track_id;
}

/**
 * gst_geti_prediction_get_n_labels:
 * @prediction: a #GstGetiPrediction
 *
 * Returns: the number of labels of @prediction (may be 0)
 */
guint
gst_geti_prediction_get_n_labels (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, 0);

  return prediction->labels ? prediction->n_labels : 0;
}

/**
 * gst_geti_prediction_get_label:
 * @prediction: a #GstGetiPrediction
 * @index: the index of the label
 *
 * The labels are in the order Geti sent them; in a task chain the
 * detection label comes first.
 *
 * Returns: (transfer none) (nullable): the label at @index, owned by
 *   @prediction, or %NULL when @index is out of range
 */
const GstGetiLabel *
gst_geti_prediction_get_label (const GstGetiPrediction *prediction, guint index)
{
  g_return_val_if_fail (prediction != NULL, NULL);

  if (!prediction->labels || index >= prediction->n_labels)
    return NULL;

  return &prediction->labels[index];
}

/**
 * gst_geti_prediction_get_labels:
 * @prediction: a #GstGetiPrediction
 * @n_labels: (out): the number of labels
 *
 * All the labels at once (a list in Python), in the order Geti sent them;
 * in a task chain the detection label comes first.
 *
 * Returns: (transfer none) (array length=n_labels) (nullable): the labels,
 *   owned by @prediction; %NULL (and 0) when it has none
 */
const GstGetiLabel *
gst_geti_prediction_get_labels (
    const GstGetiPrediction *prediction, guint *n_labels)
{
  g_return_val_if_fail (prediction != NULL, NULL);
  g_return_val_if_fail (n_labels != NULL, NULL);

  *n_labels = gst_geti_prediction_get_n_labels (prediction);
  return *n_labels > 0 ? prediction->labels : NULL;
}

/**
 * gst_geti_prediction_get_shape:
 * @prediction: a #GstGetiPrediction
 *
 * Returns: (transfer none): the shape of @prediction, owned by @prediction
 */
const GstGetiShape *
gst_geti_prediction_get_shape (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, NULL);

  return &prediction->shape;
}
