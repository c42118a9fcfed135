/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_GETI_PREDICT (gst_geti_predict_get_type ())
G_DECLARE_FINAL_TYPE (
    GstGetiPredict, gst_geti_predict, GST, GETI_PREDICT, GstElement)

/**
 * GstGetiPredictMode:
 * @GST_GETI_PREDICT_MODE_ORDERED: buffers leave in input order, each sampled
 *   frame with its own predictions
 * @GST_GETI_PREDICT_MODE_LIVE: never wait; results attach to the next
 *   buffers as held predictions
 */
typedef enum {
  GST_GETI_PREDICT_MODE_ORDERED,
  GST_GETI_PREDICT_MODE_LIVE,
} GstGetiPredictMode;

GType gst_geti_predict_mode_get_type (void);
#define GST_TYPE_GETI_PREDICT_MODE (gst_geti_predict_mode_get_type ())

GST_ELEMENT_REGISTER_DECLARE (getipredict);

G_END_DECLS
