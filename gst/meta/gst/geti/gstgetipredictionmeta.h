/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti-prelude.h>

G_BEGIN_DECLS

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
 * GstGetiPoint:
 * @x: horizontal position, pixels
 * @y: vertical position, pixels
 */
typedef struct {
  gdouble x;
  gdouble y;
} GstGetiPoint;

/**
 * GstGetiLabel:
 * @id: the Geti label id
 * @name: (nullable): the label name, %NULL when not known
 * @color: the label colour as 0xRRGGBBAA, 0 when not known
 * @probability: the score; keypoint scores may exceed 1
 */
typedef struct {
  gchar *id;
  gchar *name;
  guint32 color;
  gdouble probability;
} GstGetiLabel;

/**
 * GstGetiShape:
 * @type: the kind of shape, which says which fields are used
 * @x: see #GstGetiShapeType
 * @y: see #GstGetiShapeType
 * @width: see #GstGetiShapeType
 * @height: see #GstGetiShapeType
 * @angle: rotation of a rotated rectangle, degrees clockwise
 * @points: (array length=n_points): polygon corners
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
 * GstGetiPrediction:
 * @labels: (array length=n_labels): the labels, in the order Geti sent them
 *   (task chains: detection label first)
 * @n_labels: number of @labels (may be 0)
 * @shape: where
 */
typedef struct {
  GstGetiLabel *labels;
  guint n_labels;
  GstGetiShape shape;
} GstGetiPrediction;

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

GST_GETI_API
GType gst_geti_predictions_get_type (void);
#define GST_GETI_TYPE_PREDICTIONS (gst_geti_predictions_get_type ())

GST_GETI_API
GstGetiPredictions *gst_geti_predictions_new (const gchar * created);

GST_GETI_API
GstGetiPredictions *gst_geti_predictions_ref (GstGetiPredictions * predictions);

GST_GETI_API
void gst_geti_predictions_unref (GstGetiPredictions * predictions);

GST_GETI_API
gboolean gst_geti_predictions_is_writable (const GstGetiPredictions * predictions);

GST_GETI_API
void gst_geti_predictions_add (GstGetiPredictions * predictions,
    const GstGetiPrediction * prediction);

GST_GETI_API
void gst_geti_predictions_add_keypoint_edge (GstGetiPredictions * predictions,
    const gchar * from_label_id, const gchar * to_label_id);

GST_GETI_API
guint gst_geti_predictions_get_n_keypoint_edges (const GstGetiPredictions * predictions);

GST_GETI_API
gboolean gst_geti_predictions_get_keypoint_edge (const GstGetiPredictions * predictions,
    guint index, const gchar ** from_label_id, const gchar ** to_label_id);

GST_GETI_API
guint gst_geti_predictions_get_size (const GstGetiPredictions * predictions);

GST_GETI_API
const GstGetiPrediction *gst_geti_predictions_get (const GstGetiPredictions * predictions,
    guint index);

GST_GETI_API
const gchar *gst_geti_predictions_get_created (const GstGetiPredictions * predictions);

GST_GETI_API
GstGetiPredictions *gst_geti_predictions_scale (const GstGetiPredictions * predictions,
    gdouble scale_x, gdouble scale_y);

GST_GETI_API
const gchar *gst_geti_shape_type_to_string (GstGetiShapeType type);

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
 * Geti predictions attached to a video buffer by getipredict.
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

GST_GETI_API
GType gst_geti_prediction_meta_api_get_type (void);
#define GST_GETI_PREDICTION_META_API_TYPE (gst_geti_prediction_meta_api_get_type ())

GST_GETI_API
const GstMetaInfo *gst_geti_prediction_meta_get_info (void);
#define GST_GETI_PREDICTION_META_INFO (gst_geti_prediction_meta_get_info ())

/**
 * gst_buffer_get_geti_prediction_meta:
 * @b: a #GstBuffer
 *
 * Returns: (nullable): the #GstGetiPredictionMeta of @b, or %NULL when it
 *   has none
 */
#define gst_buffer_get_geti_prediction_meta(b) \
  ((GstGetiPredictionMeta *) gst_buffer_get_meta ((b), GST_GETI_PREDICTION_META_API_TYPE))

GST_GETI_API
GstGetiPredictionMeta *gst_geti_buffer_get_prediction_meta (GstBuffer * buffer);

GST_GETI_API
GstGetiPredictionMeta *gst_buffer_add_geti_prediction_meta (GstBuffer * buffer,
    GstGetiPredictions * predictions, guint width, guint height);

GST_GETI_API
guint gst_geti_prediction_meta_get_n_predictions (const GstGetiPredictionMeta * meta);

GST_GETI_API
const GstGetiPrediction *gst_geti_prediction_meta_get_prediction (const GstGetiPredictionMeta * meta,
    guint index);

GST_GETI_API
gchar *gst_geti_prediction_meta_to_json (const GstGetiPredictionMeta * meta);

G_END_DECLS
