/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "analytics_meta.h"

#include "prediction_convert.h"

#include <algorithm>

#ifdef HAVE_GST_ANALYTICS
#include <gst/analytics/analytics.h>

#include <algorithm>
#include <cmath>
#include <vector>
#endif

namespace gst_geti {

#ifdef HAVE_GST_ANALYTICS

namespace {

const char *
name_of (const GstGetiLabel &label)
{
  return label.name ? label.name : (label.id ? label.id : "");
}

/* One classification entry with @labels (empty ones left out); false when
 * none is left */
bool
add_classification (GstAnalyticsRelationMeta *rmeta, const GstGetiLabel *labels,
    guint n, GstAnalyticsClsMtd *cls)
{
  std::vector<gfloat> levels;
  std::vector<GQuark> quarks;
  for (guint i = 0; i < n; i++) {
    if (labels[i].empty)
      continue;
    levels.push_back (static_cast<gfloat> (labels[i].probability));
    quarks.push_back (label_quark (name_of (labels[i])));
  }
  if (levels.empty ())
    return false;
  return gst_analytics_relation_meta_add_cls_mtd (
      rmeta, levels.size (), levels.data (), quarks.data (), cls);
}

bool
add_detection (GstAnalyticsRelationMeta *rmeta,
    const GstGetiPrediction &prediction, GstAnalyticsODMtd *od)
{
  const GstGetiShape &shape = prediction.shape;
  const GstGetiLabel &label = prediction.labels[0];
  const GQuark type = label_quark (name_of (label));
  const gfloat confidence = static_cast<gfloat> (label.probability);

#ifdef HAVE_GST_ANALYTICS_ORIENTED
  if (shape.type == GST_GETI_SHAPE_ROTATED_RECTANGLE) {
    /* the box before the turn (Geti: x, y are its centre) and the angle */
    return gst_analytics_relation_meta_add_oriented_od_mtd (rmeta, type,
        static_cast<gint> (std::lround (shape.x - shape.width / 2)),
        static_cast<gint> (std::lround (shape.y - shape.height / 2)),
        static_cast<gint> (std::lround (shape.width)),
        static_cast<gint> (std::lround (shape.height)),
        static_cast<gfloat> (shape.angle * G_PI / 180.0), confidence, od);
  }
#endif
  double x0, y0, x1, y1;
  if (!shape_bounds (shape, x0, y0, x1, y1))
    return false;
  const long left = std::lround (x0), top = std::lround (y0);
  return gst_analytics_relation_meta_add_od_mtd (rmeta, type,
      static_cast<gint> (left), static_cast<gint> (top),
      static_cast<gint> (std::lround (x1) - left),
      static_cast<gint> (std::lround (y1) - top), confidence, od);
}

} // namespace

bool
analytics_supported () noexcept
{
  return true;
}

void
add_analytics_entries (GstBuffer *buffer, const GstGetiPredictions *predictions,
    guint width, guint height, const TrackTimes &track_times)
{
  /* the relation meta keeps a matrix of (entries)² bytes: 10000 boxes
   * would take 900 MB a frame */
  const guint n = std::min (
      gst_geti_predictions_get_size (predictions), MAX_DERIVED_PER_FRAME);
  if (n == 0)
    return;
  GstAnalyticsRelationMeta *rmeta =
      gst_buffer_get_analytics_relation_meta (buffer);
  if (rmeta == nullptr) {
    /* room for a detection, a classification and a track per prediction */
    GstAnalyticsRelationMetaInitParams params = { 3 * n, 64 * 3 * n };
    rmeta = gst_buffer_add_analytics_relation_meta_full (buffer, &params);
    if (rmeta == nullptr)
      return;
  }

  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction &p = *gst_geti_predictions_get (predictions, i);
    if (p.n_labels == 0 || p.labels == nullptr)
      continue;

    GstAnalyticsClsMtd cls;
    if (shape_is_full_frame (p.shape, 1, 1, width, height) ||
        p.shape.type == GST_GETI_SHAPE_NONE) {
      add_classification (rmeta, p.labels, p.n_labels, &cls);
      continue;
    }
    if (p.labels[0].empty)
      continue;

    GstAnalyticsODMtd od;
    if (!add_detection (rmeta, p, &od))
      continue;
    if (p.n_labels > 1 &&
        add_classification (rmeta, p.labels + 1, p.n_labels - 1, &cls)) {
      gst_analytics_relation_meta_set_relation (
          rmeta, GST_ANALYTICS_REL_TYPE_RELATE_TO, od.id, cls.id);
    }
    GstClockTime first = GST_CLOCK_TIME_NONE, last = GST_CLOCK_TIME_NONE;
    GstAnalyticsTrackingMtd track;
    if (p.track_id != 0 &&
        (!track_times || track_times (p.track_id, first, last)) &&
        gst_analytics_relation_meta_add_tracking_mtd (
            rmeta, p.track_id, first, &track)) {
      if (GST_CLOCK_TIME_IS_VALID (last))
        gst_analytics_tracking_mtd_update_last_seen (&track, last);
      gst_analytics_relation_meta_set_relation (
          rmeta, GST_ANALYTICS_REL_TYPE_RELATE_TO, od.id, track.id);
    }
  }
}

bool
has_analytics_meta (GstBuffer *buffer) noexcept
{
  return gst_buffer_get_analytics_relation_meta (buffer) != nullptr;
}

void
remove_analytics_meta (GstBuffer *buffer) noexcept
{
  GstAnalyticsRelationMeta *rmeta =
      gst_buffer_get_analytics_relation_meta (buffer);
  if (rmeta != nullptr)
    gst_buffer_remove_meta (buffer, reinterpret_cast<GstMeta *> (rmeta));
}

#else /* !HAVE_GST_ANALYTICS */

bool
analytics_supported () noexcept
{
  return false;
}

void
add_analytics_entries (
    GstBuffer *, const GstGetiPredictions *, guint, guint, const TrackTimes &)
{}

bool
has_analytics_meta (GstBuffer *) noexcept
{
  return false;
}

void
remove_analytics_meta (GstBuffer *) noexcept
{}

#endif

} // namespace gst_geti
