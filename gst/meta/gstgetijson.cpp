/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The JSON writer: one line of getijsonsink's JSON Lines output per meta,
 * byte for byte what getijsonsink, the `geti-prediction` messages and
 * applications read. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "geti-private.h"

#include <cmath>
#include <cstring>
#include <initializer_list>

/* Writes @str as a JSON string, or null. Invalid UTF-8 becomes U+FFFD. */
static void
json_append_string (GString *json, const gchar *str)
{
  g_autofree gchar *valid = NULL;

  if (!str) {
    g_string_append (json, "null");
    return;
  }

  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (json, '"');
  for (const gchar *p = str; *p; p++) {
    const guchar c = *p;

    if (c == '"' || c == '\\') {
      g_string_append_c (json, '\\');
      g_string_append_c (json, c);
    } else if (c < 0x20) {
      g_string_append_printf (json, "\\u%04x", c);
    } else {
      g_string_append_c (json, c);
    }
  }
  g_string_append_c (json, '"');
}

/* Writes @value in the shortest form that reads back as the same double:
 * integers without a fraction, never in the locale's format, null for NaN
 * and infinities (which JSON cannot express). */
static void
json_append_number (GString *json, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!std::isfinite (value)) {
    g_string_append (json, "null");
    return;
  }

  if (value == std::trunc (value) && std::fabs (value) < 1e15) {
    g_string_append_printf (
        json, "%" G_GINT64_FORMAT, static_cast<gint64> (value));
    return;
  }

  for (const gchar *format : { "%.15g", "%.16g", "%.17g" }) {
    g_ascii_formatd (buf, sizeof (buf), format, value);
    if (g_ascii_strtod (buf, NULL) == value)
      break;
  }
  g_string_append (json, buf);
}

/* Writes a coordinate, size or angle rounded to the hundredth (a pixel
 * position known finer than that is noise the reader does not want: a
 * scaled box is 620.72, not 620.722891566265), integers without a
 * fraction. The text reads back as round (value * 100) / 100 exactly.
 * Beyond a billion pixels, where a double has no two exact decimals left
 * (never a real coordinate), the value is written as it is. */
static void
json_append_coordinate (GString *json, gdouble value)
{
  if (!std::isfinite (value) || std::fabs (value) >= 1e9) {
    json_append_number (json, value);
    return;
  }

  gdouble rounded = std::round (value * 100) / 100;
  if (rounded == 0)
    rounded = 0; /* no "-0" */
  if (rounded == std::trunc (rounded)) {
    json_append_number (json, rounded);
    return;
  }

  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (buf, sizeof (buf), "%.2f", rounded);
  gsize len = strlen (buf);
  if (buf[len - 1] == '0')
    buf[len - 1] = '\0';
  g_string_append (json, buf);
}

static void
json_append_time (GString *json, GstClockTime time)
{
  if (GST_CLOCK_TIME_IS_VALID (time))
    g_string_append_printf (json, "%" G_GUINT64_FORMAT, time);
  else
    g_string_append (json, "null");
}

static void
json_append_label (GString *json, const GstGetiLabel *label)
{
  g_string_append (json, "{\"id\": ");
  json_append_string (json, label->id);
  g_string_append (json, ", \"name\": ");
  json_append_string (json, label->name);
  if (label->color != 0)
    g_string_append_printf (json, ", \"color\": \"#%08x\"", label->color);
  else
    g_string_append (json, ", \"color\": null");
  g_string_append (json, ", \"probability\": ");
  json_append_number (json, label->probability);
  if (label->empty)
    g_string_append (json, ", \"empty\": true");
  g_string_append_c (json, '}');
}

static void
json_append_member (GString *json, const gchar *name, gdouble value)
{
  g_string_append_printf (json, ", \"%s\": ", name);
  json_append_coordinate (json, value);
}

/* Writes ", \"shape\": {...}" the way Geti's REST API writes the shape, or
 * nothing for a prediction without one. */
static void
json_append_shape (GString *json, const GstGetiShape *shape)
{
  const gchar *type = gst_geti_shape_type_to_string (shape->type);

  if (!type)
    return;

  g_string_append_printf (json, ", \"shape\": {\"type\": \"%s\"", type);
  switch (shape->type) {
    case GST_GETI_SHAPE_RECTANGLE:
    case GST_GETI_SHAPE_ELLIPSE:
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      json_append_member (json, "x", shape->x);
      json_append_member (json, "y", shape->y);
      json_append_member (json, "width", shape->width);
      json_append_member (json, "height", shape->height);
      if (shape->type == GST_GETI_SHAPE_ROTATED_RECTANGLE)
        json_append_member (json, "angle", shape->angle);
      break;
    case GST_GETI_SHAPE_POLYGON:
      g_string_append (json, ", \"points\": [");
      for (guint i = 0; i < shape->n_points; i++) {
        g_string_append (json, i ? ", {\"x\": " : "{\"x\": ");
        json_append_coordinate (json, shape->points[i].x);
        g_string_append (json, ", \"y\": ");
        json_append_coordinate (json, shape->points[i].y);
        g_string_append_c (json, '}');
      }
      g_string_append_c (json, ']');
      break;
    case GST_GETI_SHAPE_KEYPOINT:
      json_append_member (json, "x", shape->x);
      json_append_member (json, "y", shape->y);
      g_string_append_printf (
          json, ", \"is_visible\": %s", shape->visible ? "true" : "false");
      break;
    case GST_GETI_SHAPE_NONE:
      break;
  }
  g_string_append_c (json, '}');
}

/**
 * gst_geti_prediction_meta_to_json:
 * @meta: a #GstGetiPredictionMeta
 *
 * Serializes @meta as one line of getijsonsink's JSON Lines output (without
 * the newline):
 *
 * |[
 * {"frame": 12, "pts": 400000000, "source_pts": 400000000, "held": false,
 *  "source": "predicted", "width": 640, "height": 480, "latency_ms": 41.7,
 *  "created": "2023-11-07 14:57:03.371633532 +0000",
 *  "predictions": [{"track_id": 7, "labels": [{"id": "...", "name": "ball",
 *  "color": "#ff5662ff", "probability": 0.97}],
 *  "shape": {"type": "RECTANGLE", "x": 302, "y": 222, "width": 38,
 *  "height": 38}}],
 *  "maps": [{"label_id": "...", "name": "ball", "width": 80, "height": 60}]}
 * ]|
 *
 * Times are in nanoseconds, null when unknown; shapes are written as Geti's
 * REST API writes them, in the pixel space of the buffer the meta is on,
 * their coordinates, sizes and angles rounded to 2 decimals (integers
 * without a fraction); probabilities are the shortest decimals that read
 * back as the same double; a prediction without a shape has no `shape`
 * member. An empty label (#GstGetiLabel.empty: Geti's "No object", "No
 * class" or "Empty", meaning nothing was found) has `"empty": true`; other
 * labels have no `empty` member.
 *
 * `source` says where the frame's predictions come from
 * (gst_geti_prediction_meta_get_source(), as
 * gst_geti_prediction_source_to_string() names it): "predicted", "held",
 * "interpolated" or "extrapolated" (null for a value out of the enum; `held` is
 * as the meta says: getipredict and getitrack set it on every frame whose
 * source is not "predicted"). A tracked prediction (getitrack) starts with its
 * `track_id`, a positive number that stays the same for the same object from
 * frame to frame; an untracked one has no `track_id` member.
 *
 * A frame with explanation maps (gst_geti_predictions_get_n_maps()) has a
 * `maps` member after `predictions`: per map, in order, its `label_id`, its
 * label's `name` (null when not known) and its own `width` and `height` in
 * pixels (not the frame's). A frame without maps has no `maps` member.
 *
 * Returns: (transfer full): the JSON text; free with g_free()
 */
gchar *
gst_geti_prediction_meta_to_json (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, NULL);

  GString *json = g_string_sized_new (256);
  const GstGetiPredictions *predictions = meta->predictions;

  g_string_append_printf (json, "{\"frame\": %" G_GUINT64_FORMAT, meta->frame);
  g_string_append (json, ", \"pts\": ");
  json_append_time (json, meta->pts);
  g_string_append (json, ", \"source_pts\": ");
  json_append_time (json, meta->source_pts);
  g_string_append_printf (
      json, ", \"held\": %s, \"source\": ", meta->held ? "true" : "false");
  json_append_string (
      json, geti::prediction_meta_source_is_valid (meta)
                ? gst_geti_prediction_source_to_string (
                      gst_geti_prediction_meta_get_source (meta))
                : NULL);
  g_string_append_printf (json,
      ", \"width\": %u, \"height\": %u, \"latency_ms\": ", meta->width,
      meta->height);
  if (GST_CLOCK_TIME_IS_VALID (meta->latency)) {
    /* to the microsecond, rounded in integers so that 41.7 stays 41.7 */
    guint64 us = meta->latency / 1000 + (meta->latency % 1000 >= 500 ? 1 : 0);
    json_append_number (json, us / 1000.0);
  } else {
    g_string_append (json, "null");
  }
  g_string_append (json, ", \"created\": ");
  json_append_string (json,
      predictions ? gst_geti_predictions_get_created (predictions) : NULL);

  g_string_append (json, ", \"predictions\": [");
  guint n = predictions ? gst_geti_predictions_get_size (predictions) : 0;
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *p = gst_geti_predictions_get (predictions, i);

    g_string_append (json, i ? ", {" : "{");
    if (p->track_id != 0)
      g_string_append_printf (json, "\"track_id\": %u, ", p->track_id);
    g_string_append (json, "\"labels\": [");
    for (guint j = 0; j < p->n_labels; j++) {
      if (j)
        g_string_append (json, ", ");
      json_append_label (json, &p->labels[j]);
    }
    g_string_append_c (json, ']');
    json_append_shape (json, &p->shape);
    g_string_append_c (json, '}');
  }
  g_string_append_c (json, ']');

  guint n_maps =
      predictions ? gst_geti_predictions_get_n_maps (predictions) : 0;
  if (n_maps > 0) {
    g_string_append (json, ", \"maps\": [");
    for (guint i = 0; i < n_maps; i++) {
      const GstGetiMap *map = gst_geti_predictions_get_map (predictions, i);

      g_string_append (json, i ? ", {\"label_id\": " : "{\"label_id\": ");
      json_append_string (json, gst_geti_map_get_label_id (map));
      g_string_append (json, ", \"name\": ");
      json_append_string (json, gst_geti_map_get_label_name (map));
      g_string_append_printf (json, ", \"width\": %u, \"height\": %u}",
          gst_geti_map_get_width (map), gst_geti_map_get_height (map));
    }
    g_string_append_c (json, ']');
  }
  g_string_append_c (json, '}');

  return g_string_free (json, FALSE);
}
