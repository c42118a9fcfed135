/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti-prelude.h>
#include <gst/geti/gstgetiprediction.h>
#include <gst/geti/gstgetipredictions.h>

G_BEGIN_DECLS

/* The meta getipredict attaches to video buffers. Documentation in
 * gstgetipredictionmeta.cpp (to_json: gstgetijson.cpp). */

typedef enum {
  GST_GETI_PREDICTION_SOURCE_PREDICTED = 0,
  GST_GETI_PREDICTION_SOURCE_HELD,
  GST_GETI_PREDICTION_SOURCE_INTERPOLATED,
  GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED,
} GstGetiPredictionSource;

#define GST_GETI_TYPE_PREDICTION_SOURCE (gst_geti_prediction_source_get_type ())

GST_GETI_API
GType gst_geti_prediction_source_get_type (void);

GST_GETI_API
const gchar *gst_geti_prediction_source_to_string (
    GstGetiPredictionSource source);

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
  GstGetiPredictionSource source; /* took a reserved slot */

  /*< private >*/
  gpointer _gst_reserved[GST_PADDING - 1];
} GstGetiPredictionMeta;

#define GST_GETI_PREDICTION_META_API_TYPE                                      \
  (gst_geti_prediction_meta_api_get_type ())

#define GST_GETI_PREDICTION_META_INFO (gst_geti_prediction_meta_get_info ())

GST_GETI_API
GType gst_geti_prediction_meta_api_get_type (void);

GST_GETI_API
const GstMetaInfo *gst_geti_prediction_meta_get_info (void);

GST_GETI_API
GstGetiPredictionMeta *gst_buffer_add_geti_prediction_meta (GstBuffer *buffer,
    GstGetiPredictions *predictions, guint width, guint height);

GST_GETI_API
GstGetiPredictionMeta *gst_buffer_get_geti_prediction_meta (GstBuffer *buffer);

GST_GETI_DEPRECATED_FOR (gst_buffer_get_geti_prediction_meta)
GstGetiPredictionMeta *gst_geti_buffer_get_prediction_meta (GstBuffer *buffer);

GST_GETI_API
GstGetiPredictions *gst_geti_prediction_meta_get_predictions (
    const GstGetiPredictionMeta *meta);

GST_GETI_API
guint gst_geti_prediction_meta_get_n_predictions (
    const GstGetiPredictionMeta *meta);

GST_GETI_API
const GstGetiPrediction *gst_geti_prediction_meta_get_prediction (
    const GstGetiPredictionMeta *meta, guint index);

GST_GETI_API
guint gst_geti_prediction_meta_get_n_maps (const GstGetiPredictionMeta *meta);

GST_GETI_API
GstGetiMap *gst_geti_prediction_meta_get_map (
    const GstGetiPredictionMeta *meta, guint index);

GST_GETI_API
GstGetiPredictionSource gst_geti_prediction_meta_get_source (
    const GstGetiPredictionMeta *meta);

GST_GETI_API
gchar *gst_geti_prediction_meta_to_json (const GstGetiPredictionMeta *meta);

G_END_DECLS
