/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include "predictions.h"
#include "project.h"

namespace gst_geti {

/* Turns a parsed Geti answer into the meta's prediction list:
 * - labels below @threshold are dropped, and predictions that lose all their
 *   labels that way (an empty label list from the server stays);
 * - coordinates are multiplied by @scale_x / @scale_y (the uploaded image
 *   may have been scaled down);
 * - names and colours missing from the answer come from @project, when
 *   known;
 * - a label is marked empty (GstGetiLabel.empty) by label_is_empty(). */
/* Whether a label is the project's empty label (Geti's "nothing found"):
 * the project's is_empty flag when @known, else Geti's empty-label names
 * ("No object", "No class", "Empty") at probability 0. */
bool label_is_empty (const geti::ProjectLabel *known, const char *name,
    double probability) noexcept;

GstGetiPredictions *predictions_from_result (const geti::PredictResult &result,
    double threshold, double scale_x, double scale_y,
    const geti::Project *project);

/* The axis-aligned bounding box of a shape; false for a shape without
 * extent (NONE). */
bool shape_bounds (const GstGetiShape &shape, double &x0, double &y0,
    double &x1, double &y1) noexcept;

/* Whether @shape, scaled by @scale_x / @scale_y, covers (nearly) the whole
 * @width x @height frame: a classification or anomaly result (drawn as a
 * banner, not tracked, a classification entry). */
bool shape_is_full_frame (const GstGetiShape &shape, double scale_x,
    double scale_y, guint width, guint height) noexcept;

/* Distinct label names interned as GQuarks (ROI roi_type, GstAnalytics
 * object types), per process */
constexpr guint MAX_ROI_TYPES = 256;

/* The GQuark of a label name: at most MAX_ROI_TYPES distinct names are
 * interned (a hostile server could send a new one with every box and
 * quarks live as long as the process), the others share "geti-label". */
GQuark label_quark (const char *name);

/* Predictions per frame that get the metas derived from ours (ROI metas,
 * GstAnalytics entries): each costs a few hundred bytes, GstAnalytics a
 * relation matrix that grows with the square of its entries, and a hostile
 * answer may hold 10000 boxes. GstGetiPredictionMeta keeps them all. */
constexpr guint MAX_DERIVED_PER_FRAME = 256;

/* Adds one GstVideoRegionOfInterestMeta per labelled prediction (of the
 * first MAX_DERIVED_PER_FRAME), the way
 * DL Streamer tools read them: roi_type = the first label's name (past
 * MAX_ROI_TYPES distinct names, "geti-label"), a
 * "detection" parameter structure with label, confidence, normalised
 * x_min/y_min/x_max/y_max, and geti-label-id. */
void add_roi_metas (GstBuffer *buffer, const GstGetiPredictions *predictions,
    guint width, guint height);

} // namespace gst_geti
