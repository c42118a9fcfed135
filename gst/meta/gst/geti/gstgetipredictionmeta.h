/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti-prelude.h>

G_BEGIN_DECLS

/**
 * SECTION:gstgetipredictionmeta
 * @title: GstGetiPredictionMeta
 * @short_description: Intel Geti predictions attached to video buffers
 *
 * getipredict attaches one #GstGetiPredictionMeta to every buffer that has
 * predictions: the predictions of its own frame, or (with @held set) those
 * of an earlier frame. The predictions are a #GstGetiPredictions list, an
 * immutable reference-counted value shared by every buffer that carries it.
 * Each #GstGetiPrediction has labels (#GstGetiLabel) and a #GstGetiShape,
 * in the pixel space of the buffer the meta is attached to.
 *
 * The meta is tagged `video`, `size` and `orientation`. It survives copies
 * (sharing the list) and scaling (`videoscale`, `videoconvertscale`, and
 * `videoconvert`, which rescale every coordinate), and is dropped by any
 * other transformation, such as flipping or cropping, that would leave its
 * coordinates wrong.
 *
 * From C, the structures can be read directly:
 *
 * |[<!-- language="C" -->
 * GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buf);
 * guint n = meta ? gst_geti_prediction_meta_get_n_predictions (meta) : 0;
 *
 * for (guint i = 0; i < n; i++) {
 *   const GstGetiPrediction *p =
 *       gst_geti_prediction_meta_get_prediction (meta, i);
 *
 *   if (p->n_labels > 0 && p->shape.type == GST_GETI_SHAPE_RECTANGLE)
 *     g_print ("%s at %.0f,%.0f\n", p->labels[0].name, p->shape.x,
 *         p->shape.y);
 * }
 * ]|
 *
 * Language bindings (GObject-Introspection namespace `GstGeti-1.0`) use the
 * accessor functions instead; the structures are boxed types, so a binding
 * holds its own copy of what it reads:
 *
 * |[<!-- language="Python" -->
 * meta = GstGeti.buffer_get_prediction_meta(buffer)
 * for i in range(meta.get_n_predictions() if meta else 0):
 *     prediction = meta.get_prediction(i)
 *     label = prediction.get_label(0)
 *     shape = prediction.get_shape()
 *     print(label.get_name(), shape.get_x(), shape.get_y())
 * ]|
 */

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
typedef enum {
  GST_GETI_SHAPE_NONE = 0,
  GST_GETI_SHAPE_RECTANGLE,
  GST_GETI_SHAPE_ROTATED_RECTANGLE,
  GST_GETI_SHAPE_ELLIPSE,
  GST_GETI_SHAPE_POLYGON,
  GST_GETI_SHAPE_KEYPOINT,
} GstGetiShapeType;

/**
 * GST_GETI_TYPE_SHAPE_TYPE:
 *
 * The #GType of #GstGetiShapeType.
 */
#define GST_GETI_TYPE_SHAPE_TYPE (gst_geti_shape_type_get_type ())

/**
 * gst_geti_shape_type_get_type:
 *
 * Returns: the #GType of #GstGetiShapeType
 */
GST_GETI_API
GType gst_geti_shape_type_get_type (void);

/**
 * gst_geti_shape_type_to_string:
 * @type: a #GstGetiShapeType
 *
 * Returns: (nullable): the name Geti's REST API gives @type, such as
 *   `"RECTANGLE"`, or %NULL for %GST_GETI_SHAPE_NONE
 */
GST_GETI_API
const gchar *gst_geti_shape_type_to_string (GstGetiShapeType type);

/**
 * GstGetiPoint:
 * @x: horizontal position, pixels
 * @y: vertical position, pixels
 *
 * A point of a polygon.
 */
typedef struct {
  gdouble x;
  gdouble y;
} GstGetiPoint;

/**
 * GST_GETI_TYPE_POINT:
 *
 * The #GType of #GstGetiPoint.
 */
#define GST_GETI_TYPE_POINT (gst_geti_point_get_type ())

/**
 * gst_geti_point_get_type:
 *
 * Returns: the #GType of #GstGetiPoint, a boxed type
 */
GST_GETI_API
GType gst_geti_point_get_type (void);

/**
 * gst_geti_point_copy:
 * @point: a #GstGetiPoint
 *
 * Returns: (transfer full): a copy of @point; free with gst_geti_point_free()
 */
GST_GETI_API
GstGetiPoint *gst_geti_point_copy (const GstGetiPoint *point);

/**
 * gst_geti_point_free:
 * @point: (transfer full) (nullable): a #GstGetiPoint made by
 *   gst_geti_point_copy()
 *
 * Frees @point.
 */
GST_GETI_API
void gst_geti_point_free (GstGetiPoint *point);

/**
 * gst_geti_point_get_x:
 * @point: a #GstGetiPoint
 *
 * Returns: the horizontal position of @point, pixels
 */
GST_GETI_API
gdouble gst_geti_point_get_x (const GstGetiPoint *point);

/**
 * gst_geti_point_get_y:
 * @point: a #GstGetiPoint
 *
 * Returns: the vertical position of @point, pixels
 */
GST_GETI_API
gdouble gst_geti_point_get_y (const GstGetiPoint *point);

/**
 * GstGetiLabel:
 * @id: the Geti label id
 * @name: (nullable): the label name, %NULL when not known
 * @color: the label colour as 0xRRGGBBAA, 0 when not known
 * @probability: the score; keypoint scores may exceed 1
 *
 * One label of a prediction.
 */
typedef struct {
  gchar *id;
  gchar *name;
  guint32 color;
  gdouble probability;
} GstGetiLabel;

/**
 * GST_GETI_TYPE_LABEL:
 *
 * The #GType of #GstGetiLabel.
 */
#define GST_GETI_TYPE_LABEL (gst_geti_label_get_type ())

/**
 * gst_geti_label_get_type:
 *
 * Returns: the #GType of #GstGetiLabel, a boxed type
 */
GST_GETI_API
GType gst_geti_label_get_type (void);

/**
 * gst_geti_label_copy:
 * @label: a #GstGetiLabel
 *
 * Returns: (transfer full): a deep copy of @label (its strings too); free
 *   with gst_geti_label_free()
 */
GST_GETI_API
GstGetiLabel *gst_geti_label_copy (const GstGetiLabel *label);

/**
 * gst_geti_label_free:
 * @label: (transfer full) (nullable): a #GstGetiLabel made by
 *   gst_geti_label_copy()
 *
 * Frees @label and its strings.
 */
GST_GETI_API
void gst_geti_label_free (GstGetiLabel *label);

/**
 * gst_geti_label_get_id:
 * @label: a #GstGetiLabel
 *
 * Returns: (transfer none) (nullable): the Geti id of @label
 */
GST_GETI_API
const gchar *gst_geti_label_get_id (const GstGetiLabel *label);

/**
 * gst_geti_label_get_name:
 * @label: a #GstGetiLabel
 *
 * Returns: (transfer none) (nullable): the name of @label, %NULL when not
 *   known
 */
GST_GETI_API
const gchar *gst_geti_label_get_name (const GstGetiLabel *label);

/**
 * gst_geti_label_get_color:
 * @label: a #GstGetiLabel
 *
 * Returns: the colour of @label as 0xRRGGBBAA, 0 when not known
 */
GST_GETI_API
guint32 gst_geti_label_get_color (const GstGetiLabel *label);

/**
 * gst_geti_label_get_probability:
 * @label: a #GstGetiLabel
 *
 * Returns: the score of @label, usually between 0 and 1 (keypoint scores may
 *   exceed 1)
 */
GST_GETI_API
gdouble gst_geti_label_get_probability (const GstGetiLabel *label);

/**
 * GstGetiShape:
 * @type: the kind of shape, which says which fields are used
 * @x: see #GstGetiShapeType
 * @y: see #GstGetiShapeType
 * @width: see #GstGetiShapeType
 * @height: see #GstGetiShapeType
 * @angle: rotation of a rotated rectangle, degrees clockwise
 * @points: (array length=n_points): polygon corners; bindings read them
 *   with gst_geti_shape_get_point()
 * @n_points: number of @points
 * @visible: whether a keypoint is visible
 *
 * A shape, in the pixel space of the frame the meta is attached to.
 */
typedef struct {
  GstGetiShapeType type;
  gdouble x;
  gdouble y;
  gdouble width;
  gdouble height;
  gdouble angle;
  GstGetiPoint *points;
  guint n_points;
  gboolean visible;
} GstGetiShape;

/**
 * GST_GETI_TYPE_SHAPE:
 *
 * The #GType of #GstGetiShape.
 */
#define GST_GETI_TYPE_SHAPE (gst_geti_shape_get_type ())

/**
 * gst_geti_shape_get_type:
 *
 * Returns: the #GType of #GstGetiShape, a boxed type (the type of the
 *   shape itself is gst_geti_shape_get_shape_type())
 */
GST_GETI_API
GType gst_geti_shape_get_type (void);

/**
 * gst_geti_shape_copy:
 * @shape: a #GstGetiShape
 *
 * Returns: (transfer full): a deep copy of @shape (its points too); free
 *   with gst_geti_shape_free()
 */
GST_GETI_API
GstGetiShape *gst_geti_shape_copy (const GstGetiShape *shape);

/**
 * gst_geti_shape_free:
 * @shape: (transfer full) (nullable): a #GstGetiShape made by
 *   gst_geti_shape_copy()
 *
 * Frees @shape and its points.
 */
GST_GETI_API
void gst_geti_shape_free (GstGetiShape *shape);

/**
 * gst_geti_shape_get_shape_type:
 * @shape: a #GstGetiShape
 *
 * Returns: the kind of @shape, which says which of its values are used
 */
GST_GETI_API
GstGetiShapeType gst_geti_shape_get_shape_type (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_x:
 * @shape: a #GstGetiShape
 *
 * Returns: the left edge of a rectangle or an ellipse's bounding box, the
 *   horizontal centre of a rotated rectangle, the position of a keypoint;
 *   pixels
 */
GST_GETI_API
gdouble gst_geti_shape_get_x (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_y:
 * @shape: a #GstGetiShape
 *
 * Returns: the top edge of a rectangle or an ellipse's bounding box, the
 *   vertical centre of a rotated rectangle, the position of a keypoint;
 *   pixels
 */
GST_GETI_API
gdouble gst_geti_shape_get_y (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_width:
 * @shape: a #GstGetiShape
 *
 * Returns: the width of a rectangle, a rotated rectangle (before the
 *   rotation) or an ellipse's bounding box; pixels
 */
GST_GETI_API
gdouble gst_geti_shape_get_width (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_height:
 * @shape: a #GstGetiShape
 *
 * Returns: the height of a rectangle, a rotated rectangle (before the
 *   rotation) or an ellipse's bounding box; pixels
 */
GST_GETI_API
gdouble gst_geti_shape_get_height (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_angle:
 * @shape: a #GstGetiShape
 *
 * Returns: the rotation of a rotated rectangle about its centre, degrees
 *   clockwise
 */
GST_GETI_API
gdouble gst_geti_shape_get_angle (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_visible:
 * @shape: a #GstGetiShape
 *
 * Returns: whether a keypoint is visible
 */
GST_GETI_API
gboolean gst_geti_shape_get_visible (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_n_points:
 * @shape: a #GstGetiShape
 *
 * Returns: the number of corners of a polygon, 0 for other shapes
 */
GST_GETI_API
guint gst_geti_shape_get_n_points (const GstGetiShape *shape);

/**
 * gst_geti_shape_get_point:
 * @shape: a #GstGetiShape
 * @index: the index of the point
 *
 * Returns: (transfer none) (nullable): the polygon corner at @index, owned
 *   by @shape, or %NULL when @index is out of range
 */
GST_GETI_API
const GstGetiPoint *gst_geti_shape_get_point (
    const GstGetiShape *shape, guint index);

/**
 * GstGetiPrediction:
 * @labels: (array length=n_labels): the labels, in the order Geti sent them
 *   (task chains: detection label first); bindings read them with
 *   gst_geti_prediction_get_label()
 * @n_labels: number of @labels (may be 0)
 * @shape: where
 *
 * One prediction: what (the labels) and where (the shape).
 */
typedef struct {
  GstGetiLabel *labels;
  guint n_labels;
  GstGetiShape shape;
} GstGetiPrediction;

/**
 * GST_GETI_TYPE_PREDICTION:
 *
 * The #GType of #GstGetiPrediction.
 */
#define GST_GETI_TYPE_PREDICTION (gst_geti_prediction_get_type ())

/**
 * gst_geti_prediction_get_type:
 *
 * Returns: the #GType of #GstGetiPrediction, a boxed type
 */
GST_GETI_API
GType gst_geti_prediction_get_type (void);

/**
 * gst_geti_prediction_copy:
 * @prediction: a #GstGetiPrediction
 *
 * Returns: (transfer full): a deep copy of @prediction (its labels, their
 *   strings and its points); free with gst_geti_prediction_free()
 */
GST_GETI_API
GstGetiPrediction *gst_geti_prediction_copy (
    const GstGetiPrediction *prediction);

/**
 * gst_geti_prediction_free:
 * @prediction: (transfer full) (nullable): a #GstGetiPrediction made by
 *   gst_geti_prediction_copy()
 *
 * Frees @prediction, its labels and its points.
 */
GST_GETI_API
void gst_geti_prediction_free (GstGetiPrediction *prediction);

/**
 * gst_geti_prediction_get_n_labels:
 * @prediction: a #GstGetiPrediction
 *
 * Returns: the number of labels of @prediction (may be 0)
 */
GST_GETI_API
guint gst_geti_prediction_get_n_labels (const GstGetiPrediction *prediction);

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
GST_GETI_API
const GstGetiLabel *gst_geti_prediction_get_label (
    const GstGetiPrediction *prediction, guint index);

/**
 * gst_geti_prediction_get_shape:
 * @prediction: a #GstGetiPrediction
 *
 * Returns: (transfer none): the shape of @prediction, owned by @prediction
 */
GST_GETI_API
const GstGetiShape *gst_geti_prediction_get_shape (
    const GstGetiPrediction *prediction);

/**
 * GstGetiPredictions:
 *
 * An immutable, reference-counted list of predictions: the answer to one
 * request. One list is shared by every buffer that carries it (the frame it
 * was made for and the frames that hold it). It is filled with
 * gst_geti_predictions_add() while its creator holds the only reference
 * (see gst_geti_predictions_is_writable()), and read-only from then on;
 * references may be taken and dropped from any thread.
 */
typedef struct _GstGetiPredictions GstGetiPredictions;

/**
 * GST_GETI_TYPE_PREDICTIONS:
 *
 * The #GType of #GstGetiPredictions.
 */
#define GST_GETI_TYPE_PREDICTIONS (gst_geti_predictions_get_type ())

/**
 * gst_geti_predictions_get_type:
 *
 * Returns: the #GType of #GstGetiPredictions, a boxed type whose copy takes
 *   a reference
 */
GST_GETI_API
GType gst_geti_predictions_get_type (void);

/**
 * gst_geti_predictions_new:
 * @created: (nullable): the server's `created` time stamp, as it sent it
 *
 * Creates an empty list, to be filled with gst_geti_predictions_add()
 * before it is shared.
 *
 * Returns: (transfer full): a new #GstGetiPredictions
 */
GST_GETI_API
GstGetiPredictions *gst_geti_predictions_new (const gchar *created);

/**
 * gst_geti_predictions_ref:
 * @predictions: a #GstGetiPredictions
 *
 * Increases the reference count of @predictions. A list referenced more
 * than once is shared and can no longer be changed.
 *
 * Returns: (transfer full): @predictions
 */
GST_GETI_API
GstGetiPredictions *gst_geti_predictions_ref (GstGetiPredictions *predictions);

/**
 * gst_geti_predictions_unref:
 * @predictions: (transfer full): a #GstGetiPredictions
 *
 * Decreases the reference count of @predictions, freeing it when it drops
 * to zero.
 */
GST_GETI_API
void gst_geti_predictions_unref (GstGetiPredictions *predictions);

/**
 * gst_geti_predictions_is_writable:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: %TRUE when the caller holds the only reference to @predictions,
 *   so that gst_geti_predictions_add() may change it
 */
GST_GETI_API
gboolean gst_geti_predictions_is_writable (
    const GstGetiPredictions *predictions);

/**
 * gst_geti_predictions_add:
 * @predictions: a writable #GstGetiPredictions
 * @prediction: the prediction to append
 *
 * Appends a deep copy of @prediction (its labels, their strings and its
 * points) to @predictions. A shared list is immutable: adding to it is a
 * programming error (see gst_geti_predictions_is_writable()).
 */
GST_GETI_API
void gst_geti_predictions_add (
    GstGetiPredictions *predictions, const GstGetiPrediction *prediction);

/**
 * gst_geti_predictions_add_keypoint_edge:
 * @predictions: a writable #GstGetiPredictions
 * @from_label_id: the label id of one keypoint
 * @to_label_id: the label id of the other keypoint
 *
 * Records one edge of the project's keypoint skeleton (Geti's
 * `keypoint_structure.edges`), so that overlays can draw it between the
 * KEYPOINT predictions carrying these labels.
 */
GST_GETI_API
void gst_geti_predictions_add_keypoint_edge (GstGetiPredictions *predictions,
    const gchar *from_label_id, const gchar *to_label_id);

/**
 * gst_geti_predictions_get_n_keypoint_edges:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: the number of keypoint skeleton edges
 */
GST_GETI_API
guint gst_geti_predictions_get_n_keypoint_edges (
    const GstGetiPredictions *predictions);

/**
 * gst_geti_predictions_get_keypoint_edge:
 * @predictions: a #GstGetiPredictions
 * @index: the index of the edge
 * @from_label_id: (out) (transfer none) (optional): the label id of one end
 * @to_label_id: (out) (transfer none) (optional): the label id of the other
 *
 * Returns: %TRUE if @index is in range
 */
GST_GETI_API
gboolean gst_geti_predictions_get_keypoint_edge (
    const GstGetiPredictions *predictions, guint index,
    const gchar **from_label_id, const gchar **to_label_id);

/**
 * gst_geti_predictions_get_size:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: the number of predictions in @predictions
 */
GST_GETI_API
guint gst_geti_predictions_get_size (const GstGetiPredictions *predictions);

/**
 * gst_geti_predictions_get:
 * @predictions: a #GstGetiPredictions
 * @index: the index of the prediction
 *
 * Returns: (transfer none) (nullable): the prediction at @index, owned by
 *   @predictions, or %NULL when @index is out of range
 */
GST_GETI_API
const GstGetiPrediction *gst_geti_predictions_get (
    const GstGetiPredictions *predictions, guint index);

/**
 * gst_geti_predictions_get_created:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: (transfer none) (nullable): the server's `created` time stamp
 */
GST_GETI_API
const gchar *gst_geti_predictions_get_created (
    const GstGetiPredictions *predictions);

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
 * parallelogram), see #GstGetiShape.
 *
 * Returns: (transfer full): a new, writable #GstGetiPredictions
 */
GST_GETI_API
GstGetiPredictions *gst_geti_predictions_scale (
    const GstGetiPredictions *predictions, gdouble scale_x, gdouble scale_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiPoint, gst_geti_point_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiLabel, gst_geti_label_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiShape, gst_geti_shape_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiPrediction, gst_geti_prediction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiPredictions, gst_geti_predictions_unref)

/**
 * GstGetiPredictionMeta:
 * @meta: parent #GstMeta
 * @frame: the number of the buffer among those getipredict saw, from 0
 * @pts: the PTS of the buffer when the meta was attached
 * @source_pts: the PTS of the frame the predictions were made for
 * @held: %TRUE when the predictions were made for an earlier frame
 * @width: width of the frame the coordinates refer to
 * @height: height of the frame the coordinates refer to
 * @latency: time from sending the request to receiving the answer
 *   (%GST_CLOCK_TIME_NONE when not known)
 * @predictions: the predictions
 *
 * Geti predictions attached to a video buffer by getipredict. The meta
 * belongs to its buffer: keep a reference to the buffer (or to
 * @predictions) for as long as it is used.
 */
typedef struct {
  GstMeta meta;

  guint64 frame;
  GstClockTime pts;
  GstClockTime source_pts;
  gboolean held;
  guint width;
  guint height;
  GstClockTime latency;
  GstGetiPredictions *predictions;

  /*< private >*/
  gpointer _gst_reserved[GST_PADDING];
} GstGetiPredictionMeta;

/**
 * GST_GETI_PREDICTION_META_API_TYPE:
 *
 * The #GType of the API of #GstGetiPredictionMeta, for gst_buffer_get_meta()
 * and allocation queries.
 */
#define GST_GETI_PREDICTION_META_API_TYPE                                      \
  (gst_geti_prediction_meta_api_get_type ())

/**
 * gst_geti_prediction_meta_api_get_type:
 *
 * Returns: the #GType of the API of #GstGetiPredictionMeta
 */
GST_GETI_API
GType gst_geti_prediction_meta_api_get_type (void);

/**
 * GST_GETI_PREDICTION_META_INFO:
 *
 * The #GstMetaInfo of #GstGetiPredictionMeta.
 */
#define GST_GETI_PREDICTION_META_INFO (gst_geti_prediction_meta_get_info ())

/**
 * gst_geti_prediction_meta_get_info:
 *
 * Returns: (transfer none): the #GstMetaInfo of #GstGetiPredictionMeta,
 *   registered on the first call
 */
GST_GETI_API
const GstMetaInfo *gst_geti_prediction_meta_get_info (void);

/**
 * gst_buffer_get_geti_prediction_meta:
 * @b: a #GstBuffer
 *
 * Returns: (nullable): the #GstGetiPredictionMeta of @b, or %NULL when it
 *   has none
 */
#define gst_buffer_get_geti_prediction_meta(b)                                 \
  ((GstGetiPredictionMeta *) gst_buffer_get_meta (                             \
      (b), GST_GETI_PREDICTION_META_API_TYPE))

/**
 * gst_geti_buffer_get_prediction_meta:
 * @buffer: a #GstBuffer
 *
 * The function form of gst_buffer_get_geti_prediction_meta(), for language
 * bindings.
 *
 * Returns: (transfer none) (nullable): the #GstGetiPredictionMeta of
 *   @buffer, or %NULL when it has none
 */
GST_GETI_API
GstGetiPredictionMeta *gst_geti_buffer_get_prediction_meta (GstBuffer *buffer);

/**
 * gst_buffer_add_geti_prediction_meta:
 * @buffer: a writable #GstBuffer
 * @predictions: (nullable) (transfer none): the predictions; the meta takes
 *   a reference. %NULL attaches an empty list.
 * @width: width of the frame the coordinates refer to
 * @height: height of the frame the coordinates refer to
 *
 * Attaches predictions to @buffer. @frame, @pts, @source_pts, @held and
 * @latency start as 0, %GST_CLOCK_TIME_NONE, %GST_CLOCK_TIME_NONE, %FALSE
 * and %GST_CLOCK_TIME_NONE; set them on the returned meta.
 *
 * Returns: (transfer none): the #GstGetiPredictionMeta added to @buffer
 */
GST_GETI_API
GstGetiPredictionMeta *gst_buffer_add_geti_prediction_meta (GstBuffer *buffer,
    GstGetiPredictions *predictions, guint width, guint height);

/**
 * gst_geti_prediction_meta_get_predictions:
 * @meta: a #GstGetiPredictionMeta
 *
 * Returns: (transfer none) (nullable): the predictions of @meta; %NULL
 *   only for a meta not added with gst_buffer_add_geti_prediction_meta()
 */
GST_GETI_API
GstGetiPredictions *gst_geti_prediction_meta_get_predictions (
    const GstGetiPredictionMeta *meta);

/**
 * gst_geti_prediction_meta_get_n_predictions:
 * @meta: a #GstGetiPredictionMeta
 *
 * Returns: the number of predictions in @meta
 */
GST_GETI_API
guint gst_geti_prediction_meta_get_n_predictions (
    const GstGetiPredictionMeta *meta);

/**
 * gst_geti_prediction_meta_get_prediction:
 * @meta: a #GstGetiPredictionMeta
 * @index: the index of the prediction
 *
 * Returns: (transfer none) (nullable): the prediction at @index, or %NULL
 *   when @index is out of range
 */
GST_GETI_API
const GstGetiPrediction *gst_geti_prediction_meta_get_prediction (
    const GstGetiPredictionMeta *meta, guint index);

/**
 * gst_geti_prediction_meta_to_json:
 * @meta: a #GstGetiPredictionMeta
 *
 * Serializes @meta as one line of getijsonsink's JSON Lines output (without
 * the newline):
 *
 * |[
 * {"frame": 12, "pts": 400000000, "source_pts": 400000000, "held": false,
 *  "width": 640, "height": 480, "latency_ms": 41.7,
 *  "created": "2023-11-07 14:57:03.371633532 +0000",
 *  "predictions": [{"labels": [{"id": "...", "name": "ball",
 *  "color": "#ff5662ff", "probability": 0.97}],
 *  "shape": {"type": "RECTANGLE", "x": 302, "y": 222, "width": 38,
 *  "height": 38}}]}
 * ]|
 *
 * Times are in nanoseconds, null when unknown; shapes are written as Geti's
 * REST API writes them, in the pixel space of the buffer the meta is on; a
 * prediction without a shape has no `shape` member.
 *
 * Returns: (transfer full): the JSON text; free with g_free()
 */
GST_GETI_API
gchar *gst_geti_prediction_meta_to_json (const GstGetiPredictionMeta *meta);

G_END_DECLS
