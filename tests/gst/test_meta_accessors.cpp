/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The meta library's API for language bindings: the boxed types of the
 * public structures (deep copies), their accessors and the enum type, and
 * the explanation maps (references, their pixels never copied). */

#include <gst/check/gstcheck.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include <cstring>
#include <initializer_list>

namespace {

constexpr char ID_BALL[] = "65a0f7c7d0b4c1a2b3c4d5a1";
constexpr char ID_ROUND[] = "65a0f7c7d0b4c1a2b3c4d5a2";
constexpr guint TRACK_ID = 4000000007u; /* beyond G_MAXINT */

/* A tracked polygon prediction with two labels, from storage the test owns
 * and can scribble over to prove that copies do not share it. */
struct Source {
  gchar id0[32];
  gchar name0[32];
  gchar id1[32];
  GstGetiLabel labels[2];
  GstGetiPoint points[3] = { { 10, 20 }, { 30, 40 }, { 50, 61.5 } };
  GstGetiPrediction prediction{};

  Source ()
  {
    g_strlcpy (id0, ID_BALL, sizeof (id0));
    g_strlcpy (name0, "ball", sizeof (name0));
    g_strlcpy (id1, ID_ROUND, sizeof (id1));
    labels[0] = { id0, name0, 0xff5662ff, 0.97 };
    labels[1] = { id1, NULL, 0, 0.25 }; /* a label without a name */
    labels[1].empty = TRUE;             /* and the project's empty one */
    prediction.labels = labels;
    prediction.n_labels = 2;
    prediction.shape.type = GST_GETI_SHAPE_POLYGON;
    prediction.shape.points = points;
    prediction.shape.n_points = 3;
    prediction.track_id = TRACK_ID;
  }

  void scribble ()
  {
    memset (id0, 'x', sizeof (id0) - 1);
    memset (name0, 'x', sizeof (name0) - 1);
    memset (id1, 'x', sizeof (id1) - 1);
    labels[0].probability = labels[1].probability = -1;
    labels[1].empty = FALSE;
    for (GstGetiPoint &point : points)
      point.x = point.y = -1;
    prediction.shape.type = GST_GETI_SHAPE_NONE;
    prediction.track_id = 0;
  }
};

/* Checks @p against Source's prediction. */
void
check_source_prediction (const GstGetiPrediction *p)
{
  fail_unless (p != NULL);
  fail_unless_equals_int (gst_geti_prediction_get_n_labels (p), 2);
  fail_unless (gst_geti_prediction_get_track_id (p) == TRACK_ID, "track %u",
      gst_geti_prediction_get_track_id (p));
  fail_unless (p->track_id == TRACK_ID);

  const GstGetiLabel *ball = gst_geti_prediction_get_label (p, 0);
  fail_unless_equals_string (gst_geti_label_get_id (ball), ID_BALL);
  fail_unless_equals_string (gst_geti_label_get_name (ball), "ball");
  fail_unless_equals_int (gst_geti_label_get_color (ball), 0xff5662ff);
  fail_unless_equals_float (gst_geti_label_get_probability (ball), 0.97);
  fail_if (gst_geti_label_get_empty (ball));

  const GstGetiLabel *round = gst_geti_prediction_get_label (p, 1);
  fail_unless_equals_string (gst_geti_label_get_id (round), ID_ROUND);
  fail_unless (gst_geti_label_get_name (round) == NULL);
  fail_unless_equals_int (gst_geti_label_get_color (round), 0);
  fail_unless_equals_float (gst_geti_label_get_probability (round), 0.25);
  fail_unless (gst_geti_label_get_empty (round));
  fail_unless (gst_geti_prediction_get_label (p, 2) == NULL);

  const GstGetiShape *shape = gst_geti_prediction_get_shape (p);
  fail_unless (shape == &p->shape);
  fail_unless_equals_int (
      gst_geti_shape_get_shape_type (shape), GST_GETI_SHAPE_POLYGON);
  fail_unless_equals_int (gst_geti_shape_get_n_points (shape), 3);
  const gdouble expected[3][2] = { { 10, 20 }, { 30, 40 }, { 50, 61.5 } };
  for (guint i = 0; i < 3; i++) {
    const GstGetiPoint *point = gst_geti_shape_get_point (shape, i);
    fail_unless (point == &shape->points[i]);
    fail_unless_equals_float (gst_geti_point_get_x (point), expected[i][0]);
    fail_unless_equals_float (gst_geti_point_get_y (point), expected[i][1]);
  }
  fail_unless (gst_geti_shape_get_point (shape, 3) == NULL);
}

} // namespace

/* Test that the public structures are boxed types, and the shape type and
 * the prediction source enum types with the nicks bindings show. */
GST_START_TEST (test_types)
{
  const struct {
    GType type;
    const gchar *name;
  } boxed[] = {
    { GST_GETI_TYPE_POINT, "GstGetiPoint" },
    { GST_GETI_TYPE_LABEL, "GstGetiLabel" },
    { GST_GETI_TYPE_SHAPE, "GstGetiShape" },
    { GST_GETI_TYPE_PREDICTION, "GstGetiPrediction" },
    { GST_GETI_TYPE_PREDICTIONS, "GstGetiPredictions" },
  };
  for (const auto &b : boxed) {
    fail_unless (G_TYPE_IS_BOXED (b.type), "%s", b.name);
    fail_unless_equals_string (g_type_name (b.type), b.name);
  }

  fail_unless (G_TYPE_IS_ENUM (GST_GETI_TYPE_SHAPE_TYPE));
  fail_unless_equals_string (
      g_type_name (GST_GETI_TYPE_SHAPE_TYPE), "GstGetiShapeType");
  GEnumClass *klass =
      G_ENUM_CLASS (g_type_class_ref (GST_GETI_TYPE_SHAPE_TYPE));
  const struct {
    GstGetiShapeType value;
    const gchar *nick;
  } values[] = {
    { GST_GETI_SHAPE_NONE, "none" },
    { GST_GETI_SHAPE_RECTANGLE, "rectangle" },
    { GST_GETI_SHAPE_ROTATED_RECTANGLE, "rotated-rectangle" },
    { GST_GETI_SHAPE_ELLIPSE, "ellipse" },
    { GST_GETI_SHAPE_POLYGON, "polygon" },
    { GST_GETI_SHAPE_KEYPOINT, "keypoint" },
  };
  fail_unless_equals_int (klass->n_values, G_N_ELEMENTS (values));
  for (const auto &v : values)
    fail_unless_equals_string (
        g_enum_get_value (klass, v.value)->value_nick, v.nick);
  g_type_class_unref (klass);

  /* the source of a frame's predictions: the nicks are the JSON names */
  fail_unless (G_TYPE_IS_ENUM (GST_GETI_TYPE_PREDICTION_SOURCE));
  fail_unless_equals_string (
      g_type_name (GST_GETI_TYPE_PREDICTION_SOURCE), "GstGetiPredictionSource");
  klass = G_ENUM_CLASS (g_type_class_ref (GST_GETI_TYPE_PREDICTION_SOURCE));
  const struct {
    GstGetiPredictionSource value;
    const gchar *name;
    const gchar *nick;
  } sources[] = {
    { GST_GETI_PREDICTION_SOURCE_PREDICTED,
        "GST_GETI_PREDICTION_SOURCE_PREDICTED", "predicted" },
    { GST_GETI_PREDICTION_SOURCE_HELD, "GST_GETI_PREDICTION_SOURCE_HELD",
        "held" },
    { GST_GETI_PREDICTION_SOURCE_INTERPOLATED,
        "GST_GETI_PREDICTION_SOURCE_INTERPOLATED", "interpolated" },
    { GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED,
        "GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED", "extrapolated" },
  };
  fail_unless_equals_int (klass->n_values, G_N_ELEMENTS (sources));
  for (const auto &v : sources) {
    const GEnumValue *value = g_enum_get_value (klass, v.value);
    fail_unless (value != NULL);
    fail_unless_equals_string (value->value_name, v.name);
    fail_unless_equals_string (value->value_nick, v.nick);
    fail_unless_equals_string (
        gst_geti_prediction_source_to_string (v.value), v.nick);
    fail_unless (g_enum_get_value_by_nick (klass, v.nick) == value);
  }
  g_type_class_unref (klass);
}
GST_END_TEST;

/* Test that a copied prediction owns all of its labels, strings and points:
 * it reads the same and stays unchanged when the original's storage is
 * overwritten. */
GST_START_TEST (test_prediction_copy_is_deep)
{
  Source source;
  GstGetiPrediction *copy = gst_geti_prediction_copy (&source.prediction);

  check_source_prediction (&source.prediction);
  check_source_prediction (copy);
  fail_unless (copy->labels != source.labels);
  fail_unless (copy->labels[0].id != source.id0);
  fail_unless (copy->shape.points != source.points);

  source.scribble ();
  check_source_prediction (copy);

  /* a copy of a copy, freed through a GValue */
  GValue value = G_VALUE_INIT;
  g_value_init (&value, GST_GETI_TYPE_PREDICTION);
  g_value_set_boxed (&value, copy);
  gst_geti_prediction_free (copy);
  check_source_prediction (
      static_cast<const GstGetiPrediction *> (g_value_get_boxed (&value)));
  g_value_unset (&value);
}
GST_END_TEST;

/* Test that labels, shapes and points copy deeply on their own too, and
 * that an empty prediction copies to an empty one. */
GST_START_TEST (test_parts_copy)
{
  Source source;
  g_autoptr (GstGetiLabel) label = gst_geti_label_copy (&source.labels[0]);
  g_autoptr (GstGetiShape) shape =
      gst_geti_shape_copy (&source.prediction.shape);
  g_autoptr (GstGetiPoint) point = gst_geti_point_copy (&source.points[2]);

  source.scribble ();

  fail_unless_equals_string (gst_geti_label_get_id (label), ID_BALL);
  fail_unless_equals_string (gst_geti_label_get_name (label), "ball");
  fail_unless_equals_float (gst_geti_label_get_probability (label), 0.97);
  fail_unless_equals_int (
      gst_geti_shape_get_shape_type (shape), GST_GETI_SHAPE_POLYGON);
  fail_unless_equals_int (gst_geti_shape_get_n_points (shape), 3);
  fail_unless_equals_float (
      gst_geti_point_get_y (gst_geti_shape_get_point (shape, 2)), 61.5);
  fail_unless_equals_float (gst_geti_point_get_x (point), 50);
  fail_unless_equals_float (gst_geti_point_get_y (point), 61.5);

  GstGetiPrediction empty{};
  g_autoptr (GstGetiPrediction) empty_copy = gst_geti_prediction_copy (&empty);
  fail_unless_equals_int (gst_geti_prediction_get_n_labels (empty_copy), 0);
  fail_unless_equals_int (gst_geti_prediction_get_track_id (empty_copy), 0);
  fail_unless (gst_geti_prediction_get_label (empty_copy, 0) == NULL);
  fail_unless_equals_int (
      gst_geti_shape_get_n_points (gst_geti_prediction_get_shape (empty_copy)),
      0);

  /* freeing nothing is allowed, as with g_free () */
  gst_geti_prediction_free (NULL);
  gst_geti_label_free (NULL);
  gst_geti_shape_free (NULL);
  gst_geti_point_free (NULL);
}
GST_END_TEST;

/* Test that every shape getter returns its field, for each shape type. */
GST_START_TEST (test_shape_getters)
{
  GstGetiShape shape{};

  shape.type = GST_GETI_SHAPE_ROTATED_RECTANGLE;
  shape.x = 100.5;
  shape.y = 200.25;
  shape.width = 60;
  shape.height = 30;
  shape.angle = -12.5;
  fail_unless_equals_int (
      gst_geti_shape_get_shape_type (&shape), GST_GETI_SHAPE_ROTATED_RECTANGLE);
  fail_unless_equals_float (gst_geti_shape_get_x (&shape), 100.5);
  fail_unless_equals_float (gst_geti_shape_get_y (&shape), 200.25);
  fail_unless_equals_float (gst_geti_shape_get_width (&shape), 60);
  fail_unless_equals_float (gst_geti_shape_get_height (&shape), 30);
  fail_unless_equals_float (gst_geti_shape_get_angle (&shape), -12.5);
  fail_unless_equals_int (gst_geti_shape_get_n_points (&shape), 0);
  fail_unless (gst_geti_shape_get_point (&shape, 0) == NULL);

  shape = GstGetiShape{};
  shape.type = GST_GETI_SHAPE_KEYPOINT;
  shape.x = 246.7;
  shape.y = 101.8;
  shape.visible = TRUE;
  fail_unless (gst_geti_shape_get_visible (&shape));
  shape.visible = FALSE;
  fail_unless (!gst_geti_shape_get_visible (&shape));
  fail_unless_equals_float (gst_geti_shape_get_x (&shape), 246.7);
  fail_unless_equals_float (gst_geti_shape_get_y (&shape), 101.8);
}
GST_END_TEST;

/* Test that the meta gives its list, its predictions (track ids too) read
 * through the accessors as they were added, and its source (predicted by
 * default, then as set); and that a meta without a list (attached without
 * gst_buffer_add_geti_prediction_meta) reads as empty and predicted. */
GST_START_TEST (test_meta_predictions)
{
  Source source;
  GstGetiPredictions *predictions = gst_geti_predictions_new ("created");
  gst_geti_predictions_add (predictions, &source.prediction);
  source.scribble ();

  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  gst_geti_predictions_unref (predictions);

  fail_unless (gst_geti_prediction_meta_get_predictions (meta) == predictions);
  fail_unless (gst_buffer_get_geti_prediction_meta (buffer) == meta);
  fail_unless_equals_int (gst_geti_prediction_meta_get_source (meta),
      GST_GETI_PREDICTION_SOURCE_PREDICTED);
  meta->source = GST_GETI_PREDICTION_SOURCE_INTERPOLATED;
  meta->held = TRUE;
  fail_unless_equals_int (gst_geti_prediction_meta_get_source (meta),
      GST_GETI_PREDICTION_SOURCE_INTERPOLATED);
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_predictions (meta), 1);
  check_source_prediction (gst_geti_prediction_meta_get_prediction (meta, 0));
  check_source_prediction (gst_geti_predictions_get (
      gst_geti_prediction_meta_get_predictions (meta), 0));
  gst_buffer_unref (buffer);

  buffer = gst_buffer_new ();
  meta = reinterpret_cast<GstGetiPredictionMeta *> (
      gst_buffer_add_meta (buffer, GST_GETI_PREDICTION_META_INFO, NULL));
  fail_unless (gst_geti_prediction_meta_get_predictions (meta) == NULL);
  fail_unless_equals_int (gst_geti_prediction_meta_get_source (meta),
      GST_GETI_PREDICTION_SOURCE_PREDICTED);
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_predictions (meta), 0);
  fail_unless (gst_geti_prediction_meta_get_prediction (meta, 0) == NULL);
  gst_buffer_unref (buffer);

  buffer = gst_buffer_new ();
  fail_unless (gst_buffer_get_geti_prediction_meta (buffer) == NULL);
  gst_buffer_unref (buffer);
}
GST_END_TEST;

/* Test that what getitrack writes reads back through the accessors after
 * the copies the pipeline makes: a buffer copy (the meta's COPY transform)
 * keeps the source and the list with its track ids, and a scaled list (what
 * the SCALE transform attaches) keeps every track id. */
GST_START_TEST (test_tracking_through_copies)
{
  Source source;
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  gst_geti_predictions_add (predictions, &source.prediction);
  GstGetiPrediction untracked{};
  gst_geti_predictions_add (predictions, &untracked);
  source.scribble ();

  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  gst_geti_predictions_unref (predictions);
  meta->held = TRUE;
  meta->source = GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED;

  GstBuffer *copy = gst_buffer_copy (buffer);
  gst_buffer_unref (buffer);
  meta = gst_buffer_get_geti_prediction_meta (copy);
  fail_unless (meta != NULL);
  fail_unless_equals_int (gst_geti_prediction_meta_get_source (meta),
      GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED);
  check_source_prediction (gst_geti_prediction_meta_get_prediction (meta, 0));
  fail_unless_equals_int (
      gst_geti_prediction_get_track_id (
          gst_geti_prediction_meta_get_prediction (meta, 1)),
      0);

  GstGetiPredictions *scaled = gst_geti_predictions_scale (
      gst_geti_prediction_meta_get_predictions (meta), 0.5, 2);
  fail_unless (gst_geti_prediction_get_track_id (
                   gst_geti_predictions_get (scaled, 0)) == TRACK_ID);
  fail_unless_equals_int (
      gst_geti_prediction_get_track_id (gst_geti_predictions_get (scaled, 1)),
      0);
  /* and so does a binding's copy of a scaled prediction */
  g_autoptr (GstGetiPrediction) held =
      gst_geti_prediction_copy (gst_geti_predictions_get (scaled, 0));
  gst_geti_predictions_unref (scaled);
  gst_buffer_unref (copy);
  fail_unless (gst_geti_prediction_get_track_id (held) == TRACK_ID);
}
GST_END_TEST;

/* Test that the public structures keep their size and reserved padding
 * (the ABI: a field added later takes a reserved slot, so an application
 * built against this version still reads every field where it was), and
 * that the padding is at the end, where a new field goes. */
GST_START_TEST (test_abi_layout)
{
  /* GstGetiLabel.empty took the first reserved slot */
  fail_unless_equals_int (
      G_N_ELEMENTS (GstGetiLabel{}._gst_reserved), GST_PADDING - 1);
  fail_unless (sizeof (GstGetiLabel{}.empty) <= sizeof (gpointer));
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiLabel, empty),
      G_STRUCT_OFFSET (GstGetiLabel, probability) + sizeof (gdouble));
  fail_unless_equals_int (
      G_N_ELEMENTS (GstGetiShape{}._gst_reserved), GST_PADDING);
  /* GstGetiPrediction.track_id and GstGetiPredictionMeta.source (getitrack)
   * took the first reserved slot of theirs */
  fail_unless_equals_int (
      G_N_ELEMENTS (GstGetiPrediction{}._gst_reserved), GST_PADDING - 1);
  fail_unless (sizeof (GstGetiPrediction{}.track_id) <= sizeof (gpointer));
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiPrediction, track_id),
      G_STRUCT_OFFSET (GstGetiPrediction, shape) + sizeof (GstGetiShape));
  fail_unless_equals_int (
      G_N_ELEMENTS (GstGetiPredictionMeta{}._gst_reserved), GST_PADDING - 1);
  fail_unless (sizeof (GstGetiPredictionMeta{}.source) <= sizeof (gpointer));
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiPredictionMeta, source),
      G_STRUCT_OFFSET (GstGetiPredictionMeta, predictions) + sizeof (gpointer));
  fail_unless_equals_int (sizeof (GstGetiPoint), 2 * sizeof (gdouble));
#if GLIB_SIZEOF_VOID_P == 8
  /* the 1.0 layout on LP64 */
  fail_unless_equals_int (sizeof (GstGetiLabel), 64);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiLabel, probability), 24);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiLabel, empty), 32);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiLabel, _gst_reserved), 40);
  fail_unless_equals_int (sizeof (GstGetiShape), 96);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiShape, points), 48);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiShape, visible), 60);
  fail_unless_equals_int (sizeof (GstGetiPrediction), 144);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiPrediction, shape), 16);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiPrediction, track_id), 112);
  fail_unless_equals_int (
      G_STRUCT_OFFSET (GstGetiPrediction, _gst_reserved), 120);
  fail_unless_equals_int (G_STRUCT_OFFSET (GstGetiPredictionMeta, predictions),
      G_STRUCT_OFFSET (GstGetiPredictionMeta, _gst_reserved) - 16);
#endif
}
GST_END_TEST;

/* Test the change counter: new lists and every change get a new number,
 * references and copies by a factor of 1 keep it, copies of one list by the
 * same factors share one (as for each buffer the meta's SCALE transform
 * rescales), other factors or another list's copies differ. */
GST_START_TEST (test_seqnum)
{
  Source source;
  GstGetiPredictions *a = gst_geti_predictions_new (NULL);
  GstGetiPredictions *b = gst_geti_predictions_new (NULL);
  const guint empty = gst_geti_predictions_get_seqnum (a);

  fail_if (empty == 0);
  fail_if (gst_geti_predictions_get_seqnum (b) == empty);
  gst_geti_predictions_add (a, &source.prediction);
  const guint one = gst_geti_predictions_get_seqnum (a);
  fail_if (one == empty);
  gst_geti_predictions_add_keypoint_edge (a, ID_BALL, ID_ROUND);
  const guint filled = gst_geti_predictions_get_seqnum (a);
  fail_if (filled == one);
  gst_geti_predictions_add (b, &source.prediction);
  fail_if (gst_geti_predictions_get_seqnum (b) == filled);

  gst_geti_predictions_ref (a);
  fail_unless_equals_int (gst_geti_predictions_get_seqnum (a), filled);
  gst_geti_predictions_unref (a);

  GstGetiPredictions *same = gst_geti_predictions_scale (a, 1.0, 1.0);
  GstGetiPredictions *half1 = gst_geti_predictions_scale (a, 0.5, 0.5);
  GstGetiPredictions *half2 = gst_geti_predictions_scale (a, 0.5, 0.5);
  GstGetiPredictions *third = gst_geti_predictions_scale (a, 0.5, 0.25);
  GstGetiPredictions *other = gst_geti_predictions_scale (b, 0.5, 0.5);
  fail_unless_equals_int (gst_geti_predictions_get_seqnum (same), filled);
  fail_unless_equals_int (gst_geti_predictions_get_seqnum (half1),
      gst_geti_predictions_get_seqnum (half2));
  fail_if (gst_geti_predictions_get_seqnum (half1) == filled);
  fail_if (gst_geti_predictions_get_seqnum (third) ==
           gst_geti_predictions_get_seqnum (half1));
  fail_if (gst_geti_predictions_get_seqnum (other) ==
           gst_geti_predictions_get_seqnum (half1));
  /* a changed copy is new content */
  gst_geti_predictions_add (half2, &source.prediction);
  fail_if (gst_geti_predictions_get_seqnum (half2) ==
           gst_geti_predictions_get_seqnum (half1));
  /* the same factors again after another pair: still the same content */
  GstGetiPredictions *half3 = gst_geti_predictions_scale (a, 0.5, 0.5);
  GstGetiPredictions *third2 = gst_geti_predictions_scale (a, 0.5, 0.25);
  fail_unless_equals_int (gst_geti_predictions_get_seqnum (third2),
      gst_geti_predictions_get_seqnum (third));
  fail_unless_equals_int (gst_geti_predictions_get_seqnum (half3),
      gst_geti_predictions_get_seqnum (half1));

  for (GstGetiPredictions *p :
      { a, b, same, half1, half2, third, other, half3, third2 })
    gst_geti_predictions_unref (p);
}
GST_END_TEST;

/* Test the accessors made for bindings: the colour as text, the labels,
 * the points and the predictions as arrays. */
GST_START_TEST (test_array_accessors)
{
  Source source;
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  gst_geti_predictions_add (predictions, &source.prediction);
  GstGetiPrediction empty{};
  gst_geti_predictions_add (predictions, &empty);
  const GstGetiPrediction *p = gst_geti_predictions_get (predictions, 0);

  gchar *color = gst_geti_label_get_color_string (&p->labels[0]);
  fail_unless_equals_string (color, "#ff5662ff");
  g_free (color);
  fail_unless (gst_geti_label_get_color_string (&p->labels[1]) == NULL);

  guint n = 99;
  const GstGetiLabel *labels = gst_geti_prediction_get_labels (p, &n);
  fail_unless (labels == p->labels);
  fail_unless_equals_int (n, 2);
  const GstGetiPoint *points =
      gst_geti_shape_get_points (gst_geti_prediction_get_shape (p), &n);
  fail_unless (points == p->shape.points);
  fail_unless_equals_int (n, 3);

  const GstGetiPrediction *q = gst_geti_predictions_get (predictions, 1);
  n = 99;
  fail_unless (gst_geti_prediction_get_labels (q, &n) == NULL);
  fail_unless_equals_int (n, 0);
  n = 99;
  fail_unless (gst_geti_shape_get_points (&q->shape, &n) == NULL);
  fail_unless_equals_int (n, 0);

  GPtrArray *all = gst_geti_predictions_get_all (predictions);
  fail_unless_equals_int (all->len, 2);
  fail_unless (g_ptr_array_index (all, 0) == p);
  fail_unless (g_ptr_array_index (all, 1) == q);
  g_ptr_array_unref (all);
  gst_geti_predictions_unref (predictions);
}
GST_END_TEST;

/* Test that an explanation map is a boxed type whose copy is a reference
 * (the same immutable map), that its accessors read what it was made
 * with, and that it keeps its own reference to the pixels, never a
 * copy. */
GST_START_TEST (test_map_boxed)
{
  guint8 data[6] = { 0, 10, 20, 30, 40, 255 };
  GBytes *pixels = g_bytes_new (data, sizeof data);
  const gconstpointer pixels_data = g_bytes_get_data (pixels, NULL);
  GstGetiMap *map =
      gst_geti_map_new (ID_BALL, "ball", 0xff5662ff, 3, 2, pixels);

  fail_unless (map != NULL);
  fail_unless (G_TYPE_IS_BOXED (GST_GETI_TYPE_MAP));
  fail_unless_equals_string (g_type_name (GST_GETI_TYPE_MAP), "GstGetiMap");
  g_bytes_unref (pixels); /* the map holds its own reference */

  gpointer copy = g_boxed_copy (GST_GETI_TYPE_MAP, map);
  fail_unless (copy == map);
  fail_unless (gst_geti_map_ref (map) == map);
  gst_geti_map_unref (map);
  g_boxed_free (GST_GETI_TYPE_MAP, copy);

  fail_unless_equals_string (gst_geti_map_get_label_id (map), ID_BALL);
  fail_unless_equals_string (gst_geti_map_get_label_name (map), "ball");
  fail_unless_equals_int (gst_geti_map_get_color (map), 0xff5662ff);
  fail_unless_equals_int (gst_geti_map_get_width (map), 3);
  fail_unless_equals_int (gst_geti_map_get_height (map), 2);
  fail_unless_equals_int (gst_geti_map_get_stride (map), 3);

  GBytes *bytes = gst_geti_map_get_bytes (map);
  gsize size = 0;
  fail_unless (g_bytes_get_data (bytes, &size) == pixels_data);
  fail_unless_equals_int (size, 6);
  fail_unless (memcmp (g_bytes_get_data (bytes, NULL), data, 6) == 0);
  /* a reference the caller owns: it outlives the map */
  gst_geti_map_unref (map);
  fail_unless (memcmp (g_bytes_get_data (bytes, NULL), data, 6) == 0);
  g_bytes_unref (bytes);

  /* no name, no colour; the label strings are the map's own */
  gchar id[] = "65a0f7c7d0b4c1a2b3c4d5a2";
  pixels = g_bytes_new (data, 1);
  g_autoptr (GstGetiMap) other = gst_geti_map_new (id, NULL, 0, 1, 1, pixels);
  g_bytes_unref (pixels);
  memset (id, 'x', sizeof id - 1);
  fail_unless_equals_string (gst_geti_map_get_label_id (other), ID_ROUND);
  fail_unless (gst_geti_map_get_label_name (other) == NULL);
  fail_unless_equals_int (gst_geti_map_get_color (other), 0);
}
GST_END_TEST;

/* Test that a map's buffer wraps its pixels without copying them (the
 * mapped data is the bytes' data, also through gst_video_frame_map), is
 * read-only (writing gets a copy), describes itself with a GRAY8 video meta of
 * the map's size and stride (the width, where GstVideoInfo would pad rows to 4
 * bytes), and keeps the pixels alive after the map is gone. */
GST_START_TEST (test_map_buffer)
{
  const guint width = 5, height = 3; /* rows GstVideoInfo would pad */
  guint8 data[width * height];
  for (guint i = 0; i < sizeof data; i++)
    data[i] = i * 16;
  GBytes *pixels = g_bytes_new (data, sizeof data);
  const gconstpointer pixels_data = g_bytes_get_data (pixels, NULL);
  GstGetiMap *map = gst_geti_map_new (ID_BALL, NULL, 0, width, height, pixels);
  g_bytes_unref (pixels);

  GstBuffer *buffer = gst_geti_map_get_buffer (map);
  GstBuffer *again = gst_geti_map_get_buffer (map);
  fail_unless (buffer != NULL && again != NULL);
  fail_unless (buffer != again);
  gst_geti_map_unref (map);

  fail_unless_equals_int (gst_buffer_get_size (buffer), sizeof data);
  GstMapInfo info;
  fail_unless (gst_buffer_map (buffer, &info, GST_MAP_READ));
  fail_unless (info.data == pixels_data);
  fail_unless (memcmp (info.data, data, sizeof data) == 0);
  gst_buffer_unmap (buffer, &info);
  fail_unless (gst_buffer_map (again, &info, GST_MAP_READ));
  fail_unless (info.data == pixels_data);
  gst_buffer_unmap (again, &info);

  GstVideoMeta *vmeta = gst_buffer_get_video_meta (buffer);
  fail_unless (vmeta != NULL);
  fail_unless_equals_int (vmeta->format, GST_VIDEO_FORMAT_GRAY8);
  fail_unless_equals_int (vmeta->width, width);
  fail_unless_equals_int (vmeta->height, height);
  fail_unless_equals_int (vmeta->n_planes, 1);
  fail_unless_equals_int (vmeta->offset[0], 0);
  fail_unless_equals_int (vmeta->stride[0], width);

  GstVideoInfo vinfo;
  GstVideoFrame frame;
  fail_unless (gst_video_info_set_format (
      &vinfo, GST_VIDEO_FORMAT_GRAY8, width, height));
  fail_unless (GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0) != (gint) width);
  fail_unless (gst_video_frame_map (&frame, &vinfo, buffer, GST_MAP_READ));
  fail_unless (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) == pixels_data);
  fail_unless_equals_int (GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), width);
  const guint8 *row2 =
      static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)) +
      2 * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
  fail_unless_equals_int (row2[4], (2 * width + 4) * 16);
  gst_video_frame_unmap (&frame);

  /* the memory is read-only: writing maps a copy, never the map's pixels */
  fail_unless (gst_buffer_map (buffer, &info, GST_MAP_WRITE));
  fail_unless (info.data != pixels_data);
  memset (info.data, 0xff, info.size);
  gst_buffer_unmap (buffer, &info);
  fail_unless (gst_buffer_map (again, &info, GST_MAP_READ));
  fail_unless (info.data == pixels_data);
  fail_unless (memcmp (info.data, data, sizeof data) == 0);
  gst_buffer_unmap (again, &info);

  gst_buffer_unref (buffer);
  gst_buffer_unref (again);
}
GST_END_TEST;

/* Test that the list and the meta give their maps as the same objects
 * (transfer none) and that a list keeps its maps across references and
 * scaled copies, as bindings read them. */
GST_START_TEST (test_map_list_accessors)
{
  guint8 data[4] = { 1, 2, 3, 4 };
  g_autoptr (GBytes) pixels = g_bytes_new (data, sizeof data);
  g_autoptr (GstGetiMap) map =
      gst_geti_map_new (ID_BALL, "ball", 0, 2, 2, pixels);
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  gst_geti_predictions_add_map (predictions, map);

  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  gst_geti_predictions_unref (predictions);
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_maps (meta), 1);
  fail_unless (gst_geti_prediction_meta_get_map (meta, 0) == map);
  fail_unless (gst_geti_prediction_meta_get_map (meta, 1) == NULL);

  GstGetiPredictions *scaled =
      gst_geti_predictions_scale (meta->predictions, 2, 2);
  gst_buffer_unref (buffer);
  fail_unless_equals_int (gst_geti_predictions_get_n_maps (scaled), 1);
  fail_unless (gst_geti_predictions_get_map (scaled, 0) == map);
  gst_geti_predictions_unref (scaled);
  /* only the test's reference is left, and it still reads */
  fail_unless_equals_int (gst_geti_map_get_width (map), 2);
}
GST_END_TEST;

static Suite *
meta_accessors_suite (void)
{
  Suite *s = suite_create ("meta_accessors");
  TCase *tc = tcase_create ("general");

  tcase_add_test (tc, test_types);
  tcase_add_test (tc, test_prediction_copy_is_deep);
  tcase_add_test (tc, test_parts_copy);
  tcase_add_test (tc, test_shape_getters);
  tcase_add_test (tc, test_meta_predictions);
  tcase_add_test (tc, test_tracking_through_copies);
  tcase_add_test (tc, test_abi_layout);
  tcase_add_test (tc, test_seqnum);
  tcase_add_test (tc, test_array_accessors);
  tcase_add_test (tc, test_map_boxed);
  tcase_add_test (tc, test_map_buffer);
  tcase_add_test (tc, test_map_list_accessors);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (meta_accessors);
