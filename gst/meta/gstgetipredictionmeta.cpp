/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:gstgetipredictionmeta
 * @title: GstGetiPredictionMeta
 * @short_description: Intel Geti predictions attached to video buffers
 *
 * getipredict attaches one #GstGetiPredictionMeta to every buffer that has
 * predictions: the predictions of its own frame, or (with @held set) those
 * of an earlier frame. The predictions are a #GstGetiPredictions list, an
 * immutable reference-counted value shared by every buffer that carries it.
 * Each #GstGetiPrediction has labels (#GstGetiLabel) and a #GstGetiShape,
 * in the pixel space of the buffer the meta is attached to.
 *
 * The meta is tagged `video`, `size` and `orientation`. It survives copies
 * (sharing the list) and scaling (`videoscale`, `videoconvertscale`, and
 * `videoconvert`, which rescale every coordinate), and is dropped by any
 * other transformation, such as flipping or cropping, that would leave its
 * coordinates wrong.
 *
 * From C, the structures can be read directly:
 *
 * |[<!-- language="C" -->
 * GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buf);
 * guint n = meta ? gst_geti_prediction_meta_get_n_predictions (meta) : 0;
 *
 * for (guint i = 0; i < n; i++) {
 *   const GstGetiPrediction *p =
 *       gst_geti_prediction_meta_get_prediction (meta, i);
 *
 *   if (p->n_labels > 0 && p->shape.type == GST_GETI_SHAPE_RECTANGLE)
 *     g_print ("%s at %.0f,%.0f\n", p->labels[0].name, p->shape.x,
 *         p->shape.y);
 * }
 * ]|
 *
 * A frame for which getipredict also asked `:explain` carries explanation
 * maps (#GstGetiMap, one per label) in its list:
 * gst_geti_prediction_meta_get_n_maps() and
 * gst_geti_prediction_meta_get_map(). They are shared, never copied, by
 * the held frames and by the scaled copies.
 *
 * Language bindings (GObject-Introspection namespace `GstGeti-1.0`) use the
 * accessor functions instead; the structures are boxed types, so a binding
 * holds its own copy of what it reads. A consumer that redraws only when the
 * predictions change compares gst_geti_predictions_get_seqnum() of the
 * buffers' lists:
 *
 * |[<!-- language="Python" -->
 * meta = GstGeti.buffer_get_geti_prediction_meta(buffer)
 * for prediction in meta.get_predictions().get_all() if meta else []:
 *     shape = prediction.get_shape()
 *     for label in prediction.get_labels():
 *         print(label.get_name(), label.get_color_string(),
 *               shape.get_x(), shape.get_y())
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "geti-private.h"

#include <gst/video/video.h>

#include <cstring>
#include <type_traits>

#ifndef GST_DISABLE_GST_DEBUG
#define GST_CAT_DEFAULT ensure_debug_category ()
static GstDebugCategory *
ensure_debug_category (void)
{
  static gsize cat_gonce = 0;

  if (g_once_init_enter (&cat_gonce)) {
    GstDebugCategory *cat = NULL;

    GST_DEBUG_CATEGORY_INIT (cat, "getimeta", 0, "Geti prediction meta");
    g_once_init_leave (&cat_gonce, (gsize) cat);
  }

  return (GstDebugCategory *) cat_gonce;
}
#else
#define ensure_debug_category() /* NOOP */
#endif

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
 * @source: where the predictions come from: the server's answer for this
 *   frame, an earlier answer held, or getitrack's positions between or
 *   after answers (then @held is set too); read it with
 *   gst_geti_prediction_meta_get_source()
 *
 * Geti predictions attached to a video buffer by getipredict. The meta
 * belongs to its buffer: keep a reference to the buffer (or to
 * @predictions) for as long as it is used.
 */

/**
 * GST_GETI_PREDICTION_META_API_TYPE:
 *
 * The #GType of the API of #GstGetiPredictionMeta, for gst_buffer_get_meta()
 * and allocation queries.
 */

/**
 * GstGetiPredictionSource:
 * @GST_GETI_PREDICTION_SOURCE_PREDICTED: the server's answer for this frame
 * @GST_GETI_PREDICTION_SOURCE_HELD: an earlier frame's answer, unchanged
 * @GST_GETI_PREDICTION_SOURCE_INTERPOLATED: placed by getitrack between the
 *   answers for an earlier and a later frame
 * @GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED: placed by getitrack from the
 *   motion of the answers before this frame
 *
 * Where the predictions of a frame come from (JSON Lines: `"source"`).
 */

/**
 * gst_geti_prediction_source_get_type:
 *
 * Returns: the #GType of #GstGetiPredictionSource
 */
G_DEFINE_ENUM_TYPE (GstGetiPredictionSource, gst_geti_prediction_source,
    G_DEFINE_ENUM_VALUE (GST_GETI_PREDICTION_SOURCE_PREDICTED, "predicted"),
    G_DEFINE_ENUM_VALUE (GST_GETI_PREDICTION_SOURCE_HELD, "held"),
    G_DEFINE_ENUM_VALUE (
        GST_GETI_PREDICTION_SOURCE_INTERPOLATED, "interpolated"),
    G_DEFINE_ENUM_VALUE (
        GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, "extrapolated"));

/**
 * gst_geti_prediction_source_to_string:
 * @source: a #GstGetiPredictionSource
 *
 * Returns: (nullable): the name JSON Lines give @source (`"predicted"`,
 *   `"held"`, `"interpolated"`, `"extrapolated"`), %NULL for a value out
 *   of range
 */
const gchar *
gst_geti_prediction_source_to_string (GstGetiPredictionSource source)
{
  /* the value as the integer C callers may pass: C++ may not even hold
   * an out-of-range one in the enum (UndefinedBehaviorSanitizer) */
  std::underlying_type_t<GstGetiPredictionSource> value;

  std::memcpy (&value, &source, sizeof value);
  switch (static_cast<gint64> (value)) {
    case GST_GETI_PREDICTION_SOURCE_PREDICTED:
      return "predicted";
    case GST_GETI_PREDICTION_SOURCE_HELD:
      return "held";
    case GST_GETI_PREDICTION_SOURCE_INTERPOLATED:
      return "interpolated";
    case GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED:
      return "extrapolated";
    default:
      break;
  }
  return NULL;
}

/**
 * gst_geti_prediction_meta_api_get_type:
 *
 * Returns: the #GType of the API of #GstGetiPredictionMeta
 */

GType
gst_geti_prediction_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { GST_META_TAG_VIDEO_STR,
    GST_META_TAG_VIDEO_SIZE_STR, GST_META_TAG_VIDEO_ORIENTATION_STR, NULL };

  if (g_once_init_enter (&type)) {
    GType _type = gst_meta_api_type_register ("GstGetiPredictionMetaAPI", tags);
    g_once_init_leave (&type, _type);
  }
  return type;
}

static gboolean
gst_geti_prediction_meta_init (
    GstMeta *meta, gpointer params, GstBuffer *buffer)
{
  auto pmeta = reinterpret_cast<GstGetiPredictionMeta *> (meta);

  pmeta->frame = 0;
  pmeta->pts = GST_CLOCK_TIME_NONE;
  pmeta->source_pts = GST_CLOCK_TIME_NONE;
  pmeta->held = FALSE;
  pmeta->width = 0;
  pmeta->height = 0;
  pmeta->latency = GST_CLOCK_TIME_NONE;
  pmeta->predictions = NULL;
  pmeta->source = GST_GETI_PREDICTION_SOURCE_PREDICTED;

  return TRUE;
}

static void
gst_geti_prediction_meta_free (GstMeta *meta, GstBuffer *buffer)
{
  auto pmeta = reinterpret_cast<GstGetiPredictionMeta *> (meta);

  g_clear_pointer (&pmeta->predictions, gst_geti_predictions_unref);
}

static gboolean
gst_geti_prediction_meta_transform (GstBuffer *dest, GstMeta *meta,
    GstBuffer *buffer, GQuark type, gpointer data)
{
  auto smeta = reinterpret_cast<GstGetiPredictionMeta *> (meta);
  GstGetiPredictionMeta *dmeta;

  if (GST_META_TRANSFORM_IS_COPY (type)) {
    /* the list is immutable: the copy shares it */
    dmeta = gst_buffer_add_geti_prediction_meta (
        dest, smeta->predictions, smeta->width, smeta->height);
  } else if (GST_VIDEO_META_TRANSFORM_IS_SCALE (type)) {
    auto trans = static_cast<GstVideoMetaTransform *> (data);
    gint in_width = GST_VIDEO_INFO_WIDTH (trans->in_info);
    gint in_height = GST_VIDEO_INFO_HEIGHT (trans->in_info);
    gint out_width = GST_VIDEO_INFO_WIDTH (trans->out_info);
    gint out_height = GST_VIDEO_INFO_HEIGHT (trans->out_info);

    if (in_width <= 0 || in_height <= 0 || out_width <= 0 || out_height <= 0)
      return FALSE;

    GST_LOG ("scaling predictions from %dx%d to %dx%d", in_width, in_height,
        out_width, out_height);

    if (in_width == out_width && in_height == out_height) {
      /* a conversion that keeps the size: nothing to change, share */
      dmeta = gst_buffer_add_geti_prediction_meta (
          dest, smeta->predictions, out_width, out_height);
    } else {
      g_autoptr (GstGetiPredictions) scaled = NULL;

      if (smeta->predictions)
        scaled = gst_geti_predictions_scale (smeta->predictions,
            static_cast<gdouble> (out_width) / in_width,
            static_cast<gdouble> (out_height) / in_height);
      if (smeta->predictions && !scaled)
        return FALSE;

      dmeta = gst_buffer_add_geti_prediction_meta (
          dest, scaled, out_width, out_height);
    }
  } else {
    /* a crop, flip, ...: the coordinates would be wrong, drop the meta */
    GST_LOG (
        "dropping prediction meta on transform %s", g_quark_to_string (type));
    return FALSE;
  }

  if (!dmeta)
    return FALSE;

  dmeta->frame = smeta->frame;
  dmeta->pts = smeta->pts;
  dmeta->source_pts = smeta->source_pts;
  dmeta->held = smeta->held;
  dmeta->latency = smeta->latency;
  dmeta->source = smeta->source;

  return TRUE;
}

/**
 * GST_GETI_PREDICTION_META_INFO:
 *
 * The #GstMetaInfo of #GstGetiPredictionMeta.
 */

/**
 * gst_geti_prediction_meta_get_info:
 *
 * Returns: (transfer none): the #GstMetaInfo of #GstGetiPredictionMeta,
 *   registered on the first call
 */
const GstMetaInfo *
gst_geti_prediction_meta_get_info (void)
{
  static const GstMetaInfo *meta_info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) &meta_info)) {
    const GstMetaInfo *mi = gst_meta_register (
        GST_GETI_PREDICTION_META_API_TYPE, "GstGetiPredictionMeta",
        sizeof (GstGetiPredictionMeta), gst_geti_prediction_meta_init,
        gst_geti_prediction_meta_free, gst_geti_prediction_meta_transform);
    g_once_init_leave ((GstMetaInfo **) &meta_info, (GstMetaInfo *) mi);
  }
  return meta_info;
}

/**
 * gst_buffer_get_geti_prediction_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the #GstGetiPredictionMeta of
 *   @buffer, or %NULL when it has none
 */
GstGetiPredictionMeta *
gst_buffer_get_geti_prediction_meta (GstBuffer *buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  return reinterpret_cast<GstGetiPredictionMeta *> (
      gst_buffer_get_meta (buffer, GST_GETI_PREDICTION_META_API_TYPE));
}

/**
 * gst_geti_buffer_get_prediction_meta:
 * @buffer: a #GstBuffer
 *
 * The name this function had before the API followed one naming scheme
 * (`GstGeti.buffer_get_prediction_meta` in Python); kept for the
 * applications that call it.
 *
 * Returns: (transfer none) (nullable): the #GstGetiPredictionMeta of
 *   @buffer, or %NULL when it has none
 *
 * Deprecated: use gst_buffer_get_geti_prediction_meta()
 */
GstGetiPredictionMeta *
gst_geti_buffer_get_prediction_meta (GstBuffer *buffer)
{
  return gst_buffer_get_geti_prediction_meta (buffer);
}

/**
 * gst_buffer_add_geti_prediction_meta:
 * @buffer: a writable #GstBuffer
 * @predictions: (nullable) (transfer none): the predictions; the meta takes
 *   a reference. %NULL attaches an empty list.
 * @width: width of the frame the coordinates refer to
 * @height: height of the frame the coordinates refer to
 *
 * Attaches predictions to @buffer. @frame, @pts, @source_pts, @held and
 * @latency start as 0, %GST_CLOCK_TIME_NONE, %GST_CLOCK_TIME_NONE, %FALSE
 * and %GST_CLOCK_TIME_NONE; set them on the returned meta.
 *
 * Returns: (transfer none): the #GstGetiPredictionMeta added to @buffer
 */
GstGetiPredictionMeta *
gst_buffer_add_geti_prediction_meta (GstBuffer *buffer,
    GstGetiPredictions *predictions, guint width, guint height)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  GstGetiPredictions *list = predictions
                                 ? gst_geti_predictions_ref (predictions)
                                 : gst_geti_predictions_new (NULL);
  if (!list)
    return NULL;

  auto meta = reinterpret_cast<GstGetiPredictionMeta *> (
      gst_buffer_add_meta (buffer, GST_GETI_PREDICTION_META_INFO, NULL));
  if (!meta) {
    gst_geti_predictions_unref (list);
    return NULL;
  }

  meta->predictions = list;
  meta->width = width;
  meta->height = height;

  return meta;
}

/**
 * gst_geti_prediction_meta_get_source:
 * @meta: a #GstGetiPredictionMeta
 *
 * Where the predictions of this frame come from: the server's answer for
 * this very frame (%GST_GETI_PREDICTION_SOURCE_PREDICTED), an earlier
 * frame's answer carried unchanged (%GST_GETI_PREDICTION_SOURCE_HELD), or
 * getitrack's positions between two answers
 * (%GST_GETI_PREDICTION_SOURCE_INTERPOLATED) or after the last one
 * (%GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED). A meta whose @held is set
 * by code that does not know @source reads as held.
 *
 * Returns: the source of the predictions of @meta
 */
GstGetiPredictionSource
gst_geti_prediction_meta_get_source (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, GST_GETI_PREDICTION_SOURCE_PREDICTED);
  g_return_val_if_fail (geti::prediction_meta_source_is_valid (meta),
      meta->held ? GST_GETI_PREDICTION_SOURCE_HELD
                 : GST_GETI_PREDICTION_SOURCE_PREDICTED);

  if (meta->source == GST_GETI_PREDICTION_SOURCE_PREDICTED && meta->held)
    return GST_GETI_PREDICTION_SOURCE_HELD;
  return meta->source;
}

bool
geti::prediction_meta_source_is_valid (
    const GstGetiPredictionMeta *meta) noexcept
{
  std::underlying_type_t<GstGetiPredictionSource> value;

  std::memcpy (&value, &meta->source, sizeof value);
  return static_cast<gint64> (value) >= GST_GETI_PREDICTION_SOURCE_PREDICTED &&
         static_cast<gint64> (value) <= GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED;
}

/**
 * gst_geti_prediction_meta_get_n_predictions:
 * @meta: a #GstGetiPredictionMeta
 *
 * Returns: the number of predictions in @meta
 */
guint
gst_geti_prediction_meta_get_n_predictions (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, 0);

  return meta->predictions ? gst_geti_predictions_get_size (meta->predictions)
                           : 0;
}

/**
 * gst_geti_prediction_meta_get_predictions:
 * @meta: a #GstGetiPredictionMeta
 *
 * Returns: (transfer none) (nullable): the predictions of @meta; %NULL
 *   only for a meta not added with gst_buffer_add_geti_prediction_meta()
 */
GstGetiPredictions *
gst_geti_prediction_meta_get_predictions (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, NULL);

  return meta->predictions;
}

/**
 * gst_geti_prediction_meta_get_n_maps:
 * @meta: a #GstGetiPredictionMeta
 *
 * The number of explanation maps of @meta, as
 * gst_geti_predictions_get_n_maps() of its list gives it.
 *
 * Returns: the number of explanation maps in @meta (0 for a frame whose
 *   maps were not asked for)
 */
guint
gst_geti_prediction_meta_get_n_maps (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, 0);

  return meta->predictions ? gst_geti_predictions_get_n_maps (meta->predictions)
                           : 0;
}

/**
 * gst_geti_prediction_meta_get_map:
 * @meta: a #GstGetiPredictionMeta
 * @index: the index of the map
 *
 * The explanation map at @index, as gst_geti_predictions_get_map() of the
 * list of @meta gives it.
 *
 * Returns: (transfer none) (nullable): the explanation map at @index, owned
 *   by the list of @meta, or %NULL when @index is out of range
 */
GstGetiMap *
gst_geti_prediction_meta_get_map (
    const GstGetiPredictionMeta *meta, guint index)
{
  g_return_val_if_fail (meta != NULL, NULL);

  return meta->predictions
             ? gst_geti_predictions_get_map (meta->predictions, index)
             : NULL;
}

/**
 * gst_geti_prediction_meta_get_prediction:
 * @meta: a #GstGetiPredictionMeta
 * @index: the index of the prediction
 *
 * Returns: (transfer none) (nullable): the prediction at @index, or %NULL
 *   when @index is out of range
 */
const GstGetiPrediction *
gst_geti_prediction_meta_get_prediction (
    const GstGetiPredictionMeta *meta, guint index)
{
  g_return_val_if_fail (meta != NULL, NULL);

  return meta->predictions ? gst_geti_predictions_get (meta->predictions, index)
                           : NULL;
}
