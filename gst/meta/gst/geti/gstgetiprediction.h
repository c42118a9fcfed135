/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti-prelude.h>

G_BEGIN_DECLS

/* The value types of one prediction: public structures that grow only into
 * their reserved padding (see "API and ABI promise" in README.md). Their
 * documentation is in gstgetiprediction.cpp. */

typedef enum {
  GST_GETI_SHAPE_NONE = 0,
  GST_GETI_SHAPE_RECTANGLE,
  GST_GETI_SHAPE_ROTATED_RECTANGLE,
  GST_GETI_SHAPE_ELLIPSE,
  GST_GETI_SHAPE_POLYGON,
  GST_GETI_SHAPE_KEYPOINT,
} GstGetiShapeType;

#define GST_GETI_TYPE_SHAPE_TYPE (gst_geti_shape_type_get_type ())

GST_GETI_API
GType gst_geti_shape_type_get_type (void);

GST_GETI_API
const gchar *gst_geti_shape_type_to_string (GstGetiShapeType type);

/* GstGetiPoint: frozen, an element of a packed array */

typedef struct {
  gdouble x;
  gdouble y;
} GstGetiPoint;

#define GST_GETI_TYPE_POINT (gst_geti_point_get_type ())

GST_GETI_API
GType gst_geti_point_get_type (void);

GST_GETI_API
GstGetiPoint *gst_geti_point_copy (const GstGetiPoint *point);

GST_GETI_API
void gst_geti_point_free (GstGetiPoint *point);

GST_GETI_API
gdouble gst_geti_point_get_x (const GstGetiPoint *point);

GST_GETI_API
gdouble gst_geti_point_get_y (const GstGetiPoint *point);

/* GstGetiLabel */

typedef struct {
  gchar *id;
  gchar *name;
  guint32 color;
  gdouble probability;
  gboolean empty; /* took a reserved slot: size and offsets unchanged */

  /*< private >*/
  gpointer _gst_reserved[GST_PADDING - 1];
} GstGetiLabel;

#define GST_GETI_TYPE_LABEL (gst_geti_label_get_type ())

GST_GETI_API
GType gst_geti_label_get_type (void);

GST_GETI_API
GstGetiLabel *gst_geti_label_copy (const GstGetiLabel *label);

GST_GETI_API
void gst_geti_label_free (GstGetiLabel *label);

GST_GETI_API
const gchar *gst_geti_label_get_id (const GstGetiLabel *label);

GST_GETI_API
const gchar *gst_geti_label_get_name (const GstGetiLabel *label);

GST_GETI_API
guint32 gst_geti_label_get_color (const GstGetiLabel *label);

GST_GETI_API
gchar *gst_geti_label_get_color_string (const GstGetiLabel *label);

GST_GETI_API
gdouble gst_geti_label_get_probability (const GstGetiLabel *label);

GST_GETI_API
gboolean gst_geti_label_get_empty (const GstGetiLabel *label);

/* GstGetiShape */

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

  /*< private >*/
  gpointer _gst_reserved[GST_PADDING];
} GstGetiShape;

#define GST_GETI_TYPE_SHAPE (gst_geti_shape_get_type ())

GST_GETI_API
GType gst_geti_shape_get_type (void);

GST_GETI_API
GstGetiShape *gst_geti_shape_copy (const GstGetiShape *shape);

GST_GETI_API
void gst_geti_shape_free (GstGetiShape *shape);

GST_GETI_API
GstGetiShapeType gst_geti_shape_get_shape_type (const GstGetiShape *shape);

GST_GETI_API
gdouble gst_geti_shape_get_x (const GstGetiShape *shape);

GST_GETI_API
gdouble gst_geti_shape_get_y (const GstGetiShape *shape);

GST_GETI_API
gdouble gst_geti_shape_get_width (const GstGetiShape *shape);

GST_GETI_API
gdouble gst_geti_shape_get_height (const GstGetiShape *shape);

GST_GETI_API
gdouble gst_geti_shape_get_angle (const GstGetiShape *shape);

GST_GETI_API
gboolean gst_geti_shape_get_visible (const GstGetiShape *shape);

GST_GETI_API
guint gst_geti_shape_get_n_points (const GstGetiShape *shape);

GST_GETI_API
const GstGetiPoint *gst_geti_shape_get_point (
    const GstGetiShape *shape, guint index);

GST_GETI_API
const GstGetiPoint *gst_geti_shape_get_points (
    const GstGetiShape *shape, guint *n_points);

/* GstGetiPrediction */

typedef struct {
  GstGetiLabel *labels;
  guint n_labels;
  GstGetiShape shape;
  guint track_id; /* took a reserved slot: size and offsets unchanged */

  /*< private >*/
  gpointer _gst_reserved[GST_PADDING - 1];
} GstGetiPrediction;

#define GST_GETI_TYPE_PREDICTION (gst_geti_prediction_get_type ())

GST_GETI_API
GType gst_geti_prediction_get_type (void);

GST_GETI_API
GstGetiPrediction *gst_geti_prediction_copy (
    const GstGetiPrediction *prediction);

GST_GETI_API
void gst_geti_prediction_free (GstGetiPrediction *prediction);

GST_GETI_API
guint gst_geti_prediction_get_n_labels (const GstGetiPrediction *prediction);

GST_GETI_API
const GstGetiLabel *gst_geti_prediction_get_label (
    const GstGetiPrediction *prediction, guint index);

GST_GETI_API
const GstGetiLabel *gst_geti_prediction_get_labels (
    const GstGetiPrediction *prediction, guint *n_labels);

GST_GETI_API
const GstGetiShape *gst_geti_prediction_get_shape (
    const GstGetiPrediction *prediction);

GST_GETI_API
guint gst_geti_prediction_get_track_id (const GstGetiPrediction *prediction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiPoint, gst_geti_point_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiLabel, gst_geti_label_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiShape, gst_geti_shape_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiPrediction, gst_geti_prediction_free)

G_END_DECLS
