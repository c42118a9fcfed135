/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti-prelude.h>
#include <gst/geti/gstgetiprediction.h>

G_BEGIN_DECLS

/* The prediction list: an opaque, immutable once shared, reference-counted
 * value. Documentation in gstgetipredictions.cpp. */

typedef struct _GstGetiPredictions GstGetiPredictions;

/* An explanation map (Geti's `:explain`): an opaque, immutable,
 * reference-counted value. Documentation in gstgetimap.cpp. */

typedef struct _GstGetiMap GstGetiMap;

#define GST_GETI_TYPE_MAP (gst_geti_map_get_type ())

GST_GETI_API
GType gst_geti_map_get_type (void);

GST_GETI_API
GstGetiMap *gst_geti_map_new (const gchar *label_id, const gchar *label_name,
    guint32 color, guint width, guint height, GBytes *pixels);

GST_GETI_API
GstGetiMap *gst_geti_map_ref (GstGetiMap *map);

GST_GETI_API
void gst_geti_map_unref (GstGetiMap *map);

GST_GETI_API
const gchar *gst_geti_map_get_label_id (const GstGetiMap *map);

GST_GETI_API
const gchar *gst_geti_map_get_label_name (const GstGetiMap *map);

GST_GETI_API
guint32 gst_geti_map_get_color (const GstGetiMap *map);

GST_GETI_API
guint gst_geti_map_get_width (const GstGetiMap *map);

GST_GETI_API
guint gst_geti_map_get_height (const GstGetiMap *map);

GST_GETI_API
guint gst_geti_map_get_stride (const GstGetiMap *map);

GST_GETI_API
GBytes *gst_geti_map_get_bytes (const GstGetiMap *map);

GST_GETI_API
GstBuffer *gst_geti_map_get_buffer (const GstGetiMap *map);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiMap, gst_geti_map_unref)

#define GST_GETI_TYPE_PREDICTIONS (gst_geti_predictions_get_type ())

GST_GETI_API
GType gst_geti_predictions_get_type (void);

GST_GETI_API
GstGetiPredictions *gst_geti_predictions_new (const gchar *created);

GST_GETI_API
GstGetiPredictions *gst_geti_predictions_ref (GstGetiPredictions *predictions);

GST_GETI_API
void gst_geti_predictions_unref (GstGetiPredictions *predictions);

GST_GETI_API
gboolean gst_geti_predictions_is_writable (
    const GstGetiPredictions *predictions);

GST_GETI_API
guint gst_geti_predictions_get_seqnum (const GstGetiPredictions *predictions);

GST_GETI_API
void gst_geti_predictions_add (
    GstGetiPredictions *predictions, const GstGetiPrediction *prediction);

GST_GETI_API
void gst_geti_predictions_add_keypoint_edge (GstGetiPredictions *predictions,
    const gchar *from_label_id, const gchar *to_label_id);

GST_GETI_API
guint gst_geti_predictions_get_n_keypoint_edges (
    const GstGetiPredictions *predictions);

GST_GETI_API
gboolean gst_geti_predictions_get_keypoint_edge (
    const GstGetiPredictions *predictions, guint index,
    const gchar **from_label_id, const gchar **to_label_id);

GST_GETI_API
guint gst_geti_predictions_get_size (const GstGetiPredictions *predictions);

GST_GETI_API
const GstGetiPrediction *gst_geti_predictions_get (
    const GstGetiPredictions *predictions, guint index);

GST_GETI_API
GPtrArray *gst_geti_predictions_get_all (const GstGetiPredictions *predictions);

GST_GETI_API
const gchar *gst_geti_predictions_get_created (
    const GstGetiPredictions *predictions);

GST_GETI_API
void gst_geti_predictions_add_map (
    GstGetiPredictions *predictions, GstGetiMap *map);

GST_GETI_API
guint gst_geti_predictions_get_n_maps (const GstGetiPredictions *predictions);

GST_GETI_API
GstGetiMap *gst_geti_predictions_get_map (
    const GstGetiPredictions *predictions, guint index);

GST_GETI_API
GstGetiPredictions *gst_geti_predictions_scale (
    const GstGetiPredictions *predictions, gdouble scale_x, gdouble scale_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstGetiPredictions, gst_geti_predictions_unref)

G_END_DECLS
