/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "predictions.h"

namespace geti {

/* Parses the body of a :predict answer (GETI-API.md §3): the 2.x envelope
 * {"predictions": [...], "created": ...}, the legacy annotation scene
 * ({"annotations": [...], "modified": ...}), every shape type, both keypoint
 * forms (an OVMS 2025.1 {"keypoints": [...]} prediction becomes one KEYPOINT
 * prediction per point), labels without name, empty label arrays. Numbers
 * are read as doubles; unknown members are ignored.
 *
 * Returns false with GETI_ERROR/ERROR_PARSE on malformed JSON or members of
 * the wrong type; @result is then left empty. */
bool parse_predict_response (const char *data, gsize size,
    PredictResult &result, GError **error) noexcept;

} // namespace geti
