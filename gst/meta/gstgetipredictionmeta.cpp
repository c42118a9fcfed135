/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The API, its annotations and its documentation are in the header,
 * gst/geti/gstgetipredictionmeta.h, the file applications and the
 * GObject-Introspection scanner read. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/geti/gstgetipredictionmeta.h>

#include <gst/video/video.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

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

namespace {

struct GFreeDeleter {
  void operator() (gpointer mem) const noexcept
  {
    g_free (mem);
  }
};

using GCharPtr = std::unique_ptr<gchar, GFreeDeleter>;

/* One prediction and the storage its public view points into. The vectors'
 * buffers never move once built, so the pointers in the view stay valid for
 * the life of the list; freeing is the destructor's job alone. */
struct StoredPrediction {
  explicit StoredPrediction (const GstGetiPrediction &src);
  StoredPrediction (const StoredPrediction &) = delete;
  StoredPrediction &operator= (const StoredPrediction &) = delete;

  std::vector<GstGetiLabel> labels;
  std::vector<GCharPtr> strings;
  std::vector<GstGetiPoint> points;
  GstGetiPrediction view{};

private:
  gchar *own (const gchar *str);
};

StoredPrediction::StoredPrediction (const GstGetiPrediction &src)
{
  labels.reserve (src.n_labels);
  strings.reserve (2 * static_cast<gsize> (src.n_labels));
  for (guint i = 0; i < src.n_labels; i++) {
    GstGetiLabel label = src.labels[i];

    label.id = own (label.id);
    label.name = own (label.name);
    labels.push_back (label);
  }

  if (src.shape.n_points > 0)
    points.assign (src.shape.points, src.shape.points + src.shape.n_points);

  view.labels = labels.empty () ? NULL : labels.data ();
  view.n_labels = src.n_labels;
  view.shape = src.shape;
  view.shape.points = points.empty () ? NULL : points.data ();
  view.shape.n_points = src.shape.n_points;
}

gchar *
StoredPrediction::own (const gchar *str)
{
  if (!str)
    return NULL;

  /* capacity is reserved: push_back cannot reallocate nor throw */
  strings.push_back (GCharPtr (g_strdup (str)));
  return strings.back ().get ();
}

/* Calls @func, turning any exception into a critical warning and @fallback:
 * nothing may unwind through the C callers of this library. Everything here
 * that throws is an allocation, which GLib would treat as fatal anyway. */
template <typename Func, typename Result>
Result
guarded (const gchar *function, Func &&func, Result fallback) noexcept
{
  try {
    return func ();
  } catch (const std::exception &e) {
    g_critical ("%s: %s", function, e.what ());
  } catch (...) {
    g_critical ("%s: unknown exception", function);
  }
  return fallback;
}

} // namespace

struct _GstGetiPredictions {
  mutable gatomicrefcount refcount;
  GCharPtr created;
  std::deque<StoredPrediction> predictions;
  /* the project's keypoint skeleton: pairs of label ids */
  std::vector<std::pair<std::string, std::string>> keypoint_edges;
};

G_DEFINE_BOXED_TYPE (GstGetiPredictions, gst_geti_predictions,
    gst_geti_predictions_ref, gst_geti_predictions_unref);

GstGetiPredictions *
gst_geti_predictions_new (const gchar *created)
{
  ensure_debug_category ();

  return guarded (
      G_STRFUNC,
      [created] () {
        auto predictions = new GstGetiPredictions ();

        g_atomic_ref_count_init (&predictions->refcount);
        predictions->created.reset (g_strdup (created));
        return predictions;
      },
      static_cast<GstGetiPredictions *> (NULL));
}

GstGetiPredictions *
gst_geti_predictions_ref (GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  g_atomic_ref_count_inc (&predictions->refcount);
  return predictions;
}

void
gst_geti_predictions_unref (GstGetiPredictions *predictions)
{
  g_return_if_fail (predictions != NULL);

  if (g_atomic_ref_count_dec (&predictions->refcount))
    delete predictions;
}

gboolean
gst_geti_predictions_is_writable (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, FALSE);

  return g_atomic_ref_count_compare (&predictions->refcount, 1);
}

/* Whether the shape type a caller stored is one of the enum's. Read as the
 * integer it is: C lets an enum hold any int, a value C++ may not even load
 * as the enum (UndefinedBehaviorSanitizer's enum check). */
static bool
shape_type_is_valid (const GstGetiShape *shape)
{
  std::underlying_type_t<GstGetiShapeType> value;

  std::memcpy (&value, &shape->type, sizeof value);
  return static_cast<gint64> (value) >= GST_GETI_SHAPE_NONE &&
         static_cast<gint64> (value) <= GST_GETI_SHAPE_KEYPOINT;
}

void
gst_geti_predictions_add (
    GstGetiPredictions *predictions, const GstGetiPrediction *prediction)
{
  g_return_if_fail (predictions != NULL);
  g_return_if_fail (gst_geti_predictions_is_writable (predictions));
  g_return_if_fail (prediction != NULL);
  g_return_if_fail (prediction->n_labels == 0 || prediction->labels != NULL);
  g_return_if_fail (
      prediction->shape.n_points == 0 || prediction->shape.points != NULL);
  g_return_if_fail (shape_type_is_valid (&prediction->shape));

  guarded (
      G_STRFUNC,
      [predictions, prediction] () {
        predictions->predictions.emplace_back (*prediction);
        return true;
      },
      false);
}

void
gst_geti_predictions_add_keypoint_edge (GstGetiPredictions *predictions,
    const gchar *from_label_id, const gchar *to_label_id)
{
  g_return_if_fail (predictions != NULL);
  g_return_if_fail (gst_geti_predictions_is_writable (predictions));
  g_return_if_fail (from_label_id != NULL && to_label_id != NULL);

  guarded (
      G_STRFUNC,
      [&] () {
        predictions->keypoint_edges.emplace_back (from_label_id, to_label_id);
        return true;
      },
      false);
}

guint
gst_geti_predictions_get_n_keypoint_edges (
    const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, 0);

  return predictions->keypoint_edges.size ();
}

gboolean
gst_geti_predictions_get_keypoint_edge (const GstGetiPredictions *predictions,
    guint index, const gchar **from_label_id, const gchar **to_label_id)
{
  g_return_val_if_fail (predictions != NULL, FALSE);

  if (index >= predictions->keypoint_edges.size ())
    return FALSE;
  const auto &edge = predictions->keypoint_edges[index];
  if (from_label_id)
    *from_label_id = edge.first.c_str ();
  if (to_label_id)
    *to_label_id = edge.second.c_str ();
  return TRUE;
}

guint
gst_geti_predictions_get_size (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, 0);

  return predictions->predictions.size ();
}

const GstGetiPrediction *
gst_geti_predictions_get (const GstGetiPredictions *predictions, guint index)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  if (index >= predictions->predictions.size ())
    return NULL;

  return &predictions->predictions[index].view;
}

const gchar *
gst_geti_predictions_get_created (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  return predictions->created.get ();
}

/* Scales a rotated rectangle by a non-uniform factor. The image of a
 * rectangle is then a parallelogram, which no rotated rectangle matches; the
 * result is the smallest rotated rectangle enclosing it (like cv::minAreaRect
 * of the four scaled corners), which has one side along one of the
 * parallelogram's. The width stays the side that came from the original
 * width. Uniform scales and axis-aligned rectangles are exact. */
static void
scale_rotated_rectangle (GstGetiShape *shape, gdouble sx, gdouble sy)
{
  shape->x *= sx;
  shape->y *= sy;

  if (sx == sy) {
    shape->width *= sx;
    shape->height *= sx;
    return;
  }

  if (std::fmod (shape->angle, 180.0) == 0.0) {
    shape->width *= sx;
    shape->height *= sy;
    return;
  }
  if (std::fmod (shape->angle, 90.0) == 0.0) {
    shape->width *= sy;
    shape->height *= sx;
    return;
  }

  /* Half-axes of the rectangle: u along the width, v along the height; y
   * points down, so a positive angle turns clockwise on screen. */
  const gdouble theta = shape->angle * G_PI / 180.0;
  const gdouble ux = sx * shape->width / 2 * std::cos (theta);
  const gdouble uy = sy * shape->width / 2 * std::sin (theta);
  const gdouble vx = -sx * shape->height / 2 * std::sin (theta);
  const gdouble vy = sy * shape->height / 2 * std::cos (theta);
  const gdouble u_len = std::hypot (ux, uy);
  const gdouble v_len = std::hypot (vx, vy);
  const gdouble cross = std::fabs (ux * vy - uy * vx);

  if (u_len == 0.0 || v_len == 0.0) {
    /* degenerate: a segment or a point */
    shape->width = 2 * u_len;
    shape->height = 2 * v_len;
    if (u_len != 0.0)
      shape->angle =
          shape->angle +
          std::remainder (
              std::atan2 (uy, ux) * 180.0 / G_PI - shape->angle, 360.0);
    return;
  }

  /* candidate a: sides along u; candidate b: sides along v */
  const gdouble a_width = 2 * (u_len + std::fabs (ux * vx + uy * vy) / u_len);
  const gdouble a_height = 2 * cross / u_len;
  const gdouble b_width = 2 * cross / v_len;
  const gdouble b_height = 2 * (v_len + std::fabs (ux * vx + uy * vy) / v_len);
  gdouble angle;

  if (a_width * a_height <= b_width * b_height) {
    shape->width = a_width;
    shape->height = a_height;
    angle = std::atan2 (uy, ux);
  } else {
    shape->width = b_width;
    shape->height = b_height;
    /* the width axis is v turned back by a quarter turn */
    angle = std::atan2 (-vx, vy);
  }

  /* keep the angle in the same turn as the original one */
  shape->angle = shape->angle +
                 std::remainder (angle * 180.0 / G_PI - shape->angle, 360.0);
}

GstGetiPredictions *
gst_geti_predictions_scale (
    const GstGetiPredictions *predictions, gdouble scale_x, gdouble scale_y)
{
  g_return_val_if_fail (predictions != NULL, NULL);
  g_return_val_if_fail (std::isfinite (scale_x) && scale_x > 0, NULL);
  g_return_val_if_fail (std::isfinite (scale_y) && scale_y > 0, NULL);

  GstGetiPredictions *scaled =
      gst_geti_predictions_new (predictions->created.get ());
  if (!scaled)
    return NULL;

  bool ok = guarded (
      G_STRFUNC,
      [&] () {
        std::vector<GstGetiPoint> points;

        for (const StoredPrediction &stored : predictions->predictions) {
          GstGetiPrediction p = stored.view;

          points.assign (stored.points.begin (), stored.points.end ());
          for (GstGetiPoint &point : points) {
            point.x *= scale_x;
            point.y *= scale_y;
          }
          p.shape.points = points.empty () ? NULL : points.data ();

          if (p.shape.type == GST_GETI_SHAPE_ROTATED_RECTANGLE) {
            scale_rotated_rectangle (&p.shape, scale_x, scale_y);
          } else {
            p.shape.x *= scale_x;
            p.shape.y *= scale_y;
            p.shape.width *= scale_x;
            p.shape.height *= scale_y;
          }

          scaled->predictions.emplace_back (p);
        }
        scaled->keypoint_edges = predictions->keypoint_edges;
        return true;
      },
      false);

  if (!ok)
    g_clear_pointer (&scaled, gst_geti_predictions_unref);

  return scaled;
}

const gchar *
gst_geti_shape_type_to_string (GstGetiShapeType type)
{
  switch (type) {
    case GST_GETI_SHAPE_RECTANGLE:
      return "RECTANGLE";
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      return "ROTATED_RECTANGLE";
    case GST_GETI_SHAPE_ELLIPSE:
      return "ELLIPSE";
    case GST_GETI_SHAPE_POLYGON:
      return "POLYGON";
    case GST_GETI_SHAPE_KEYPOINT:
      return "KEYPOINT";
    case GST_GETI_SHAPE_NONE:
      break;
  }
  return NULL;
}

G_DEFINE_ENUM_TYPE (GstGetiShapeType, gst_geti_shape_type,
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_NONE, "none"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_RECTANGLE, "rectangle"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_ROTATED_RECTANGLE, "rotated-rectangle"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_ELLIPSE, "ellipse"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_POLYGON, "polygon"),
    G_DEFINE_ENUM_VALUE (GST_GETI_SHAPE_KEYPOINT, "keypoint"));

/* The public structures as boxed types, so that language bindings hold deep
 * copies of what they read instead of pointers into a list that may go
 * away. A copy is made of plain GLib allocations, never of a list's own
 * storage, so the free functions only ever see what a copy function made. */

static void
gst_geti_label_copy_into (GstGetiLabel *dest, const GstGetiLabel *src)
{
  *dest = *src;
  dest->id = g_strdup (src->id);
  dest->name = g_strdup (src->name);
}

static void
gst_geti_label_clear (GstGetiLabel *label)
{
  g_clear_pointer (&label->id, g_free);
  g_clear_pointer (&label->name, g_free);
}

static void
gst_geti_shape_copy_into (GstGetiShape *dest, const GstGetiShape *src)
{
  *dest = *src;
  if (src->n_points > 0 && src->points) {
    dest->points = g_new (GstGetiPoint, src->n_points);
    std::copy (src->points, src->points + src->n_points, dest->points);
  } else {
    dest->points = NULL;
    dest->n_points = 0;
  }
}

G_DEFINE_BOXED_TYPE (
    GstGetiPoint, gst_geti_point, gst_geti_point_copy, gst_geti_point_free);

GstGetiPoint *
gst_geti_point_copy (const GstGetiPoint *point)
{
  g_return_val_if_fail (point != NULL, NULL);

  GstGetiPoint *copy = g_new (GstGetiPoint, 1);
  *copy = *point;
  return copy;
}

void
gst_geti_point_free (GstGetiPoint *point)
{
  g_free (point);
}

gdouble
gst_geti_point_get_x (const GstGetiPoint *point)
{
  g_return_val_if_fail (point != NULL, 0.0);

  return point->x;
}

gdouble
gst_geti_point_get_y (const GstGetiPoint *point)
{
  g_return_val_if_fail (point != NULL, 0.0);

  return point->y;
}

G_DEFINE_BOXED_TYPE (
    GstGetiLabel, gst_geti_label, gst_geti_label_copy, gst_geti_label_free);

GstGetiLabel *
gst_geti_label_copy (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  GstGetiLabel *copy = g_new (GstGetiLabel, 1);
  gst_geti_label_copy_into (copy, label);
  return copy;
}

void
gst_geti_label_free (GstGetiLabel *label)
{
  if (!label)
    return;

  gst_geti_label_clear (label);
  g_free (label);
}

const gchar *
gst_geti_label_get_id (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return label->id;
}

const gchar *
gst_geti_label_get_name (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  return label->name;
}

guint32
gst_geti_label_get_color (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, 0);

  return label->color;
}

gdouble
gst_geti_label_get_probability (const GstGetiLabel *label)
{
  g_return_val_if_fail (label != NULL, 0.0);

  return label->probability;
}

G_DEFINE_BOXED_TYPE (
    GstGetiShape, gst_geti_shape, gst_geti_shape_copy, gst_geti_shape_free);

GstGetiShape *
gst_geti_shape_copy (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, NULL);

  GstGetiShape *copy = g_new (GstGetiShape, 1);
  gst_geti_shape_copy_into (copy, shape);
  return copy;
}

void
gst_geti_shape_free (GstGetiShape *shape)
{
  if (!shape)
    return;

  g_free (shape->points);
  g_free (shape);
}

GstGetiShapeType
gst_geti_shape_get_shape_type (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, GST_GETI_SHAPE_NONE);

  return shape->type;
}

gdouble
gst_geti_shape_get_x (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->x;
}

gdouble
gst_geti_shape_get_y (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->y;
}

gdouble
gst_geti_shape_get_width (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->width;
}

gdouble
gst_geti_shape_get_height (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->height;
}

gdouble
gst_geti_shape_get_angle (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0.0);

  return shape->angle;
}

gboolean
gst_geti_shape_get_visible (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, FALSE);

  return shape->visible;
}

guint
gst_geti_shape_get_n_points (const GstGetiShape *shape)
{
  g_return_val_if_fail (shape != NULL, 0);

  return shape->points ? shape->n_points : 0;
}

const GstGetiPoint *
gst_geti_shape_get_point (const GstGetiShape *shape, guint index)
{
  g_return_val_if_fail (shape != NULL, NULL);

  if (!shape->points || index >= shape->n_points)
    return NULL;

  return &shape->points[index];
}

G_DEFINE_BOXED_TYPE (GstGetiPrediction, gst_geti_prediction,
    gst_geti_prediction_copy, gst_geti_prediction_free);

GstGetiPrediction *
gst_geti_prediction_copy (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, NULL);

  GstGetiPrediction *copy = g_new (GstGetiPrediction, 1);

  if (prediction->n_labels > 0 && prediction->labels) {
    copy->labels = g_new (GstGetiLabel, prediction->n_labels);
    copy->n_labels = prediction->n_labels;
    for (guint i = 0; i < prediction->n_labels; i++)
      gst_geti_label_copy_into (&copy->labels[i], &prediction->labels[i]);
  } else {
    copy->labels = NULL;
    copy->n_labels = 0;
  }
  gst_geti_shape_copy_into (&copy->shape, &prediction->shape);

  return copy;
}

void
gst_geti_prediction_free (GstGetiPrediction *prediction)
{
  if (!prediction)
    return;

  for (guint i = 0; i < prediction->n_labels; i++)
    gst_geti_label_clear (&prediction->labels[i]);
  g_free (prediction->labels);
  g_free (prediction->shape.points);
  g_free (prediction);
}

guint
gst_geti_prediction_get_n_labels (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, 0);

  return prediction->labels ? prediction->n_labels : 0;
}

const GstGetiLabel *
gst_geti_prediction_get_label (const GstGetiPrediction *prediction, guint index)
{
  g_return_val_if_fail (prediction != NULL, NULL);

  if (!prediction->labels || index >= prediction->n_labels)
    return NULL;

  return &prediction->labels[index];
}

const GstGetiShape *
gst_geti_prediction_get_shape (const GstGetiPrediction *prediction)
{
  g_return_val_if_fail (prediction != NULL, NULL);

  return &prediction->shape;
}

/* GstGetiPredictionMeta */

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

  return TRUE;
}

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

GstGetiPredictionMeta *
gst_geti_buffer_get_prediction_meta (GstBuffer *buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);

  return gst_buffer_get_geti_prediction_meta (buffer);
}

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

guint
gst_geti_prediction_meta_get_n_predictions (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, 0);

  return meta->predictions ? gst_geti_predictions_get_size (meta->predictions)
                           : 0;
}

GstGetiPredictions *
gst_geti_prediction_meta_get_predictions (const GstGetiPredictionMeta *meta)
{
  g_return_val_if_fail (meta != NULL, NULL);

  return meta->predictions;
}

const GstGetiPrediction *
gst_geti_prediction_meta_get_prediction (
    const GstGetiPredictionMeta *meta, guint index)
{
  g_return_val_if_fail (meta != NULL, NULL);

  return meta->predictions ? gst_geti_predictions_get (meta->predictions, index)
                           : NULL;
}

/* JSON */

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
  g_string_append_c (json, '}');
}

static void
json_append_member (GString *json, const gchar *name, gdouble value)
{
  g_string_append_printf (json, ", \"%s\": ", name);
  json_append_number (json, value);
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
        json_append_number (json, shape->points[i].x);
        g_string_append (json, ", \"y\": ");
        json_append_number (json, shape->points[i].y);
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
  g_string_append_printf (json,
      ", \"held\": %s, \"width\": %u, \"height\": %u, \"latency_ms\": ",
      meta->held ? "true" : "false", meta->width, meta->height);
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

    g_string_append (json, i ? ", {\"labels\": [" : "{\"labels\": [");
    for (guint j = 0; j < p->n_labels; j++) {
      if (j)
        g_string_append (json, ", ");
      json_append_label (json, &p->labels[j]);
    }
    g_string_append_c (json, ']');
    json_append_shape (json, &p->shape);
    g_string_append_c (json, '}');
  }
  g_string_append (json, "]}");

  return g_string_free (json, FALSE);
}
