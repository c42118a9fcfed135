/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:gstgetipredictions
 * @title: GstGetiPredictions
 * @short_description: The list of predictions of one request
 *
 * An opaque, immutable, reference-counted list of #GstGetiPrediction: the
 * answer to one request, shared by every buffer that carries it. Its change
 * counter (gst_geti_predictions_get_seqnum()) tells a consumer whether the
 * list of a buffer says the same as the one it saw last, without comparing
 * the predictions one by one. It also carries the frame's explanation maps
 * (#GstGetiMap), when the server was asked for them.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "geti-private.h"

#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using geti::GCharPtr;
using geti::guarded;

namespace {

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

  /* the whole structure, reserved padding included: what a later version
   * of the API keeps there is copied too */
  view = src;
  view.labels = labels.empty () ? NULL : labels.data ();
  view.n_labels = src.n_labels;
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

/* The change counters of all lists, like GstVideoOverlayComposition's: a
 * new number for every new content. 0 is never handed out. */
guint
next_seqnum () noexcept
{
  static gint seqnum = 0;
  guint value;

  do
    value = static_cast<guint> (g_atomic_int_add (&seqnum, 1)) + 1;
  while (value == 0);
  return value;
}

struct MapUnref {
  void operator() (GstGetiMap *map) const noexcept
  {
    gst_geti_map_unref (map);
  }
};

using MapPtr = std::unique_ptr<GstGetiMap, MapUnref>;

} // namespace

struct _GstGetiPredictions {
  mutable gatomicrefcount refcount;
  guint seqnum = next_seqnum ();
  GCharPtr created;
  std::deque<StoredPrediction> predictions;
  /* the project's keypoint skeleton: pairs of label ids */
  std::vector<std::pair<std::string, std::string>> keypoint_edges;
  /* the explanation maps, immutable and shared with the scaled copies */
  std::vector<MapPtr> maps;

  /* the counters of the copies gst_geti_predictions_scale() made of this
   * list, one per content and pair of factors, the latest few (a tee to
   * differently scaled branches): shared lists are scaled from several
   * threads */
  struct ScaledSeqnum {
    guint source_seqnum;
    gdouble sx, sy;
    guint seqnum;
  };
  static constexpr gsize MAX_SCALED = 4;
  mutable std::mutex scaled_lock;
  mutable std::deque<ScaledSeqnum> scaled;
};

/**
 * GstGetiPredictions:
 *
 * An immutable, reference-counted list of predictions: the answer to one
 * request. One list is shared by every buffer that carries it (the frame it
 * was made for and the frames that hold it). It is filled with
 * gst_geti_predictions_add() while its creator holds the only reference
 * (see gst_geti_predictions_is_writable()), and read-only from then on;
 * references may be taken and dropped from any thread.
 */

/**
 * GST_GETI_TYPE_PREDICTIONS:
 *
 * The #GType of #GstGetiPredictions.
 */

/**
 * gst_geti_predictions_get_type:
 *
 * Returns: the #GType of #GstGetiPredictions, a boxed type whose copy takes
 *   a reference
 */
G_DEFINE_BOXED_TYPE (GstGetiPredictions, gst_geti_predictions,
    gst_geti_predictions_ref, gst_geti_predictions_unref);

/**
 * gst_geti_predictions_new:
 * @created: (nullable): the server's `created` time stamp, as it sent it
 *
 * Creates an empty list, to be filled with gst_geti_predictions_add()
 * before it is shared.
 *
 * Returns: (transfer full): a new #GstGetiPredictions
 */
GstGetiPredictions *
gst_geti_predictions_new (const gchar *created)
{
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

/**
 * gst_geti_predictions_ref:
 * @predictions: a #GstGetiPredictions
 *
 * Increases the reference count of @predictions. A list referenced more
 * than once is shared and can no longer be changed.
 *
 * Returns: (transfer full): @predictions
 */
GstGetiPredictions *
gst_geti_predictions_ref (GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  g_atomic_ref_count_inc (&predictions->refcount);
  return predictions;
}

/**
 * gst_geti_predictions_unref:
 * @predictions: (transfer full): a #GstGetiPredictions
 *
 * Decreases the reference count of @predictions, freeing it when it drops
 * to zero.
 */
void
gst_geti_predictions_unref (GstGetiPredictions *predictions)
{
  g_return_if_fail (predictions != NULL);

  if (g_atomic_ref_count_dec (&predictions->refcount))
    delete predictions;
}

/**
 * gst_geti_predictions_is_writable:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: %TRUE when the caller holds the only reference to @predictions,
 *   so that gst_geti_predictions_add() may change it
 */
gboolean
gst_geti_predictions_is_writable (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, FALSE);

  return g_atomic_ref_count_compare (&predictions->refcount, 1);
}

/**
 * gst_geti_predictions_get_seqnum:
 * @predictions: a #GstGetiPredictions
 *
 * The change counter of @predictions, as #GstVideoOverlayComposition has
 * its sequence number: every new list gets a new number, and every change
 * (gst_geti_predictions_add(), gst_geti_predictions_add_keypoint_edge())
 * another. Since a shared list no longer changes, two lists with the same
 * number say the same thing: a consumer that keeps the number of the list
 * it last drew (or wrote, or counted) knows whether the list of the next
 * buffer is new by comparing two integers. The copies of one list that
 * gst_geti_predictions_scale() makes by the same factors (as the meta's
 * SCALE transform does for every buffer that carries it) share one number,
 * and a copy by a factor of 1 keeps the list's own.
 *
 * Returns: the change counter of @predictions, never 0
 */
guint
gst_geti_predictions_get_seqnum (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, 0);

  return predictions->seqnum;
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

/**
 * gst_geti_predictions_add:
 * @predictions: a writable #GstGetiPredictions
 * @prediction: the prediction to append
 *
 * Appends a deep copy of @prediction (its labels, their strings and its
 * points) to @predictions, and changes its change counter. A shared list is
 * immutable: adding to it is a programming error (see
 * gst_geti_predictions_is_writable()). @prediction, its labels and its shape
 * are zero-initialised before they are filled (the fields added in later
 * versions then read as their defaults).
 */
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

  if (guarded (
          G_STRFUNC,
          [predictions, prediction] () {
            predictions->predictions.emplace_back (*prediction);
            return true;
          },
          false))
    predictions->seqnum = next_seqnum ();
}

/**
 * gst_geti_predictions_add_keypoint_edge:
 * @predictions: a writable #GstGetiPredictions
 * @from_label_id: the label id of one keypoint
 * @to_label_id: the label id of the other keypoint
 *
 * Records one edge of the project's keypoint skeleton (Geti's
 * `keypoint_structure.edges`), so that overlays can draw it between the
 * KEYPOINT predictions carrying these labels.
 */
void
gst_geti_predictions_add_keypoint_edge (GstGetiPredictions *predictions,
    const gchar *from_label_id, const gchar *to_label_id)
{
  g_return_if_fail (predictions != NULL);
  g_return_if_fail (gst_geti_predictions_is_writable (predictions));
  g_return_if_fail (from_label_id != NULL && to_label_id != NULL);

  if (guarded (
          G_STRFUNC,
          [&] () {
            predictions->keypoint_edges.emplace_back (
                from_label_id, to_label_id);
            return true;
          },
          false))
    predictions->seqnum = next_seqnum ();
}

/**
 * gst_geti_predictions_get_n_keypoint_edges:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: the number of keypoint skeleton edges
 */
guint
gst_geti_predictions_get_n_keypoint_edges (
    const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, 0);

  return predictions->keypoint_edges.size ();
}

/**
 * gst_geti_predictions_get_keypoint_edge:
 * @predictions: a #GstGetiPredictions
 * @index: the index of the edge
 * @from_label_id: (out) (transfer none) (optional): the label id of one end
 * @to_label_id: (out) (transfer none) (optional): the label id of the other
 *
 * Returns: %TRUE if @index is in range
 */
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

/**
 * gst_geti_predictions_get_size:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: the number of predictions in @predictions
 */
guint
gst_geti_predictions_get_size (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, 0);

  return predictions->predictions.size ();
}

/**
 * gst_geti_predictions_get:
 * @predictions: a #GstGetiPredictions
 * @index: the index of the prediction
 *
 * Returns: (transfer none) (nullable): the prediction at @index, owned by
 *   @predictions, or %NULL when @index is out of range
 */
const GstGetiPrediction *
gst_geti_predictions_get (const GstGetiPredictions *predictions, guint index)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  if (index >= predictions->predictions.size ())
    return NULL;

  return &predictions->predictions[index].view;
}

/**
 * gst_geti_predictions_get_all:
 * @predictions: a #GstGetiPredictions
 *
 * Every prediction at once, for a loop: in Python a list, so that
 * `for prediction in meta.get_predictions().get_all():` reads them all.
 *
 * Returns: (transfer container) (element-type GstGetiPrediction): the
 *   predictions in order; the array is the caller's (free it with
 *   g_ptr_array_unref()), the predictions stay owned by @predictions
 */
GPtrArray *
gst_geti_predictions_get_all (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  GPtrArray *all = g_ptr_array_sized_new (predictions->predictions.size ());
  for (const StoredPrediction &stored : predictions->predictions)
    g_ptr_array_add (all, const_cast<GstGetiPrediction *> (&stored.view));
  return all;
}

/**
 * gst_geti_predictions_add_map:
 * @predictions: a writable #GstGetiPredictions
 * @map: (transfer none): the explanation map to append; the list takes a
 *   reference
 *
 * Appends an explanation map (Geti's `:explain`, one per label) to
 * @predictions, and changes its change counter. The map is not copied: the
 * list, every buffer that carries it and every copy
 * gst_geti_predictions_scale() makes of it share @map (a map covers the
 * whole frame at any size). A shared list is immutable: adding to it is a
 * programming error (see gst_geti_predictions_is_writable()).
 */
void
gst_geti_predictions_add_map (GstGetiPredictions *predictions, GstGetiMap *map)
{
  g_return_if_fail (predictions != NULL);
  g_return_if_fail (gst_geti_predictions_is_writable (predictions));
  g_return_if_fail (map != NULL);

  if (guarded (
          G_STRFUNC,
          [&] () {
            predictions->maps.reserve (predictions->maps.size () + 1);
            /* reserved: push_back neither throws nor leaks the reference */
            predictions->maps.push_back (MapPtr (gst_geti_map_ref (map)));
            return true;
          },
          false))
    predictions->seqnum = next_seqnum ();
}

/**
 * gst_geti_predictions_get_n_maps:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: the number of explanation maps in @predictions (0 for a frame
 *   whose maps were not asked for)
 */
guint
gst_geti_predictions_get_n_maps (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, 0);

  return predictions->maps.size ();
}

/**
 * gst_geti_predictions_get_map:
 * @predictions: a #GstGetiPredictions
 * @index: the index of the map
 *
 * Returns: (transfer none) (nullable): the explanation map at @index,
 *   owned by @predictions (take a reference with gst_geti_map_ref() to
 *   keep it longer), or %NULL when @index is out of range
 */
GstGetiMap *
gst_geti_predictions_get_map (
    const GstGetiPredictions *predictions, guint index)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  if (index >= predictions->maps.size ())
    return NULL;

  return predictions->maps[index].get ();
}

/**
 * gst_geti_predictions_get_created:
 * @predictions: a #GstGetiPredictions
 *
 * Returns: (transfer none) (nullable): the server's `created` time stamp
 */
const gchar *
gst_geti_predictions_get_created (const GstGetiPredictions *predictions)
{
  g_return_val_if_fail (predictions != NULL, NULL);

  return predictions->created.get ();
}

guint
geti::predictions_scaled_seqnum (
    const GstGetiPredictions *source, gdouble sx, gdouble sy) noexcept
{
  if (sx == 1.0 && sy == 1.0)
    return source->seqnum;

  return guarded (
      G_STRFUNC,
      [&] () {
        std::lock_guard<std::mutex> lock (source->scaled_lock);
        for (const auto &known : source->scaled) {
          if (known.source_seqnum == source->seqnum && known.sx == sx &&
              known.sy == sy)
            return known.seqnum;
        }
        if (source->scaled.size () == source->MAX_SCALED)
          source->scaled.pop_front ();
        source->scaled.push_back ({ source->seqnum, sx, sy, next_seqnum () });
        return source->scaled.back ().seqnum;
      },
      next_seqnum ());
}

void
geti::predictions_set_seqnum (
    GstGetiPredictions *predictions, guint seqnum) noexcept
{
  predictions->seqnum = seqnum;
}
