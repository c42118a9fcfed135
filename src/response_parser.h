/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include <cstddef>
#include <string_view>

#include "predictions.h"

namespace geti {

/* What one answer may cost. A hostile (or broken) server may send up to
 * ClientConfig::max_body_size bytes of anything; each value the parser keeps
 * costs several times its JSON text, and the meta copies it again. Real Geti
 * answers stay far below these caps (a detector's top-k is a few hundred
 * boxes, a contour a few hundred points; Geti's own schema allows polygons of
 * 5000 points). What is past a cap is left out, and PredictResult::capped
 * says so, for one warning. */
/* Predictions per answer (an OVMS 2025.1 pose counts each keypoint) */
constexpr std::size_t max_predictions = 10000;
/* Labels per prediction, and labels over all the answer's predictions */
constexpr std::size_t max_labels_per_prediction = 32;
constexpr std::size_t max_labels = 20000;
/* Points per polygon (a longer one is left out whole: its first points
 * alone would outline something else), and points over the answer */
constexpr std::size_t max_points_per_polygon = 10000;
constexpr std::size_t max_points = 250000;
/* Bytes in any string kept (label id, name, colour, created); a longer one
 * makes the answer malformed */
constexpr std::size_t max_string_size = 4096;

/* Parses the body of a :predict answer (src/PROTOCOL.md §3): the 2.x envelope
 * {"predictions": [...], "created": ...}, the legacy annotation scene
 * ({"annotations": [...], "modified": ...}), every shape type, both keypoint
 * forms (an OVMS 2025.1 {"keypoints": [...]} prediction becomes one KEYPOINT
 * prediction per point), labels without name, empty label arrays. Numbers
 * are read as doubles; unknown members are ignored (but must be valid JSON).
 * The text is read as it stands, without building a document of it, so that
 * parsing costs about what it keeps, within the caps above.
 *
 * Returns false with GETI_ERROR/ERROR_PARSE on malformed JSON or members of
 * the wrong type; @result is then left empty. */
bool parse_predict_response (const char *data, gsize size,
    PredictResult &result, GError **error) noexcept;

/* What one :explain answer may cost (src/PROTOCOL.md §3.5). Geti sends one
 * map per predicted label, each at most the size of the uploaded image. */
/* Maps per answer; those past it are left out (one ExplainResult::dropped
 * text says how many) */
constexpr std::size_t max_maps = 64;
/* A map's width or height, and its pixels: a JPEG header saying more is
 * dropped before anything is allocated for it */
constexpr guint max_map_side = 4096;
constexpr std::size_t max_map_pixels = std::size_t (4096) * 4096;
/* Pixels over all the maps kept from one answer (a small JPEG can claim a
 * large uniform image: 64 of them would be 1 GiB) */
constexpr std::size_t max_map_pixels_total = std::size_t (64) * 1024 * 1024;
/* Scans (SOS markers) of a map's JPEG: a progressive JPEG of many tiny
 * scans costs a pass over the whole image each (libjpeg-turbo 2.x has no
 * limit of its own; 3.0's TJPARAM_SCANLIMIT); a baseline JPEG has 1-3, a
 * progressive one about 10 */
constexpr std::size_t max_map_scans = 100;
/* Bytes of one map's base64 text (ClientConfig::max_explain_body_size
 * bounds the whole answer anyway) */
constexpr std::size_t max_map_data_size = std::size_t (16) * 1024 * 1024;

/* Parses the body of a :explain answer, {"maps": [{"data": "<base64 JPEG>",
 * "label_id": "...", "label_name"?: "..."}, ...], "created": ...}: each
 * map's base64 is decoded (GLib) and its JPEG decoded to 8-bit intensity
 * whatever its colour space (libturbojpeg; CMYK/YCCK through libjpeg-turbo's
 * own CMYK-to-RGB rule). A map that can't be had (bad base64, a JPEG that
 * does not decode, wider or higher than max_map_side, over max_map_pixels,
 * of more than max_map_scans scans, past max_maps or max_map_pixels_total)
 * is named in @result.dropped and
 * the others are kept.
 *
 * Returns false with GETI_ERROR/ERROR_PARSE, @result left empty, when the
 * body is no JSON object, "maps" is missing or no array, a map is no object,
 * or a member has the wrong type ("data" and "label_id" must be strings,
 * "label_name" and "created" strings when present). */
bool parse_explain_response (
    std::string_view body, ExplainResult &result, GError **error) noexcept;

} // namespace geti
