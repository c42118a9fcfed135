/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The public meta library: the predictions list, the meta and its
 * transforms through real elements, and the JSON line. */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <gst/geti/geti.h>
#include <json-glib/json-glib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

/* helpers */

static GstGetiLabel
make_label (
    const gchar *id, const gchar *name, guint32 color, gdouble probability)
{
  GstGetiLabel label = { const_cast<gchar *> (id), const_cast<gchar *> (name),
    color, probability };
  return label;
}

static GstGetiShape
make_shape (
    GstGetiShapeType type, gdouble x, gdouble y, gdouble width, gdouble height)
{
  GstGetiShape shape = {};

  shape.type = type;
  shape.x = x;
  shape.y = y;
  shape.width = width;
  shape.height = height;
  return shape;
}

static void
add_prediction (GstGetiPredictions *predictions, GstGetiLabel *labels,
    guint n_labels, const GstGetiShape &shape, guint track_id = 0)
{
  GstGetiPrediction p = { labels, n_labels, shape };

  p.track_id = track_id;

  gst_geti_predictions_add (predictions, &p);
}

#define ID_BALL "65a0f7c7d0b4c1a2b3c4d5a1"
#define ID_NOSE "65a0f7c7d0b4c1a2b3c4d5a4"

static GstGetiPoint polygon_points[] = { { 10, 20 }, { 30, 40 }, { 50, 61 } };

enum {
  IDX_RECTANGLE,
  IDX_ROTATED,
  IDX_ELLIPSE,
  IDX_POLYGON,
  IDX_KEYPOINT,
  IDX_NONE,
  N_EVERY_SHAPE
};

/* The track id make_every_shape() gives prediction @idx: the full-frame
 * one is untracked, as getitrack leaves classifications. */
static guint
every_shape_track_id (guint idx)
{
  return idx == IDX_NONE ? 0 : 101 + idx;
}

/* One prediction of every shape type, in a 640x480 frame, each tracked but
 * the last (see every_shape_track_id()). */
static GstGetiPredictions *
make_every_shape (void)
{
  GstGetiPredictions *predictions =
      gst_geti_predictions_new ("2023-11-07 14:57:03.371633532 +0000");
  GstGetiLabel ball = make_label (ID_BALL, "ball", 0xff5662ff, 0.97);
  GstGetiLabel nose = make_label (ID_NOSE, "nose", 0x123456ff, 1.058);
  GstGetiShape shape;

  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 302, 222, 38, 38),
      every_shape_track_id (IDX_RECTANGLE));

  shape = make_shape (GST_GETI_SHAPE_ROTATED_RECTANGLE, 100, 200, 60, 30);
  shape.angle = 30;
  add_prediction (
      predictions, &ball, 1, shape, every_shape_track_id (IDX_ROTATED));

  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_ELLIPSE, 10, 20, 100, 50),
      every_shape_track_id (IDX_ELLIPSE));

  shape = make_shape (GST_GETI_SHAPE_POLYGON, 0, 0, 0, 0);
  shape.points = polygon_points;
  shape.n_points = G_N_ELEMENTS (polygon_points);
  add_prediction (
      predictions, &ball, 1, shape, every_shape_track_id (IDX_POLYGON));

  shape = make_shape (GST_GETI_SHAPE_KEYPOINT, 246.7, 101.8, 0, 0);
  shape.visible = TRUE;
  add_prediction (
      predictions, &nose, 1, shape, every_shape_track_id (IDX_KEYPOINT));

  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_NONE, 0, 0, 0, 0),
      every_shape_track_id (IDX_NONE));

  return predictions;
}

#define assert_coord(got, expected)                                            \
  G_STMT_START                                                                 \
  {                                                                            \
    gdouble _got = (got), _expected = (expected);                              \
    fail_unless (std::fabs (_got - _expected) < 1e-9,                          \
        "'%s' is %.17g, expected %.17g", #got, _got, _expected);               \
  }                                                                            \
  G_STMT_END

/* Asserts that @p is prediction @idx of make_every_shape() scaled by
 * @sx, @sy (uniform or axis-aligned cases only, the rotated rectangle is
 * checked by the caller when the scale is not uniform). */
static void
assert_every_shape_scaled (
    const GstGetiPrediction *p, guint idx, gdouble sx, gdouble sy)
{
  fail_unless (p != NULL);
  fail_unless_equals_int (p->n_labels, 1);
  fail_unless_equals_string (
      p->labels[0].id, idx == IDX_KEYPOINT ? ID_NOSE : ID_BALL);
  fail_unless_equals_int (p->track_id, every_shape_track_id (idx));
  fail_unless_equals_int (
      gst_geti_prediction_get_track_id (p), every_shape_track_id (idx));

  switch (idx) {
    case IDX_RECTANGLE:
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_RECTANGLE);
      assert_coord (p->shape.x, 302 * sx);
      assert_coord (p->shape.y, 222 * sy);
      assert_coord (p->shape.width, 38 * sx);
      assert_coord (p->shape.height, 38 * sy);
      break;
    case IDX_ROTATED:
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_ROTATED_RECTANGLE);
      assert_coord (p->shape.x, 100 * sx);
      assert_coord (p->shape.y, 200 * sy);
      if (sx == sy) {
        assert_coord (p->shape.width, 60 * sx);
        assert_coord (p->shape.height, 30 * sy);
        fail_unless (
            p->shape.angle == 30, "angle changed: %.17g", p->shape.angle);
      }
      break;
    case IDX_ELLIPSE:
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_ELLIPSE);
      assert_coord (p->shape.x, 10 * sx);
      assert_coord (p->shape.y, 20 * sy);
      assert_coord (p->shape.width, 100 * sx);
      assert_coord (p->shape.height, 50 * sy);
      break;
    case IDX_POLYGON:
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_POLYGON);
      fail_unless_equals_int (p->shape.n_points, 3);
      fail_unless (p->shape.points != polygon_points);
      for (guint i = 0; i < 3; i++) {
        assert_coord (p->shape.points[i].x, polygon_points[i].x * sx);
        assert_coord (p->shape.points[i].y, polygon_points[i].y * sy);
      }
      break;
    case IDX_KEYPOINT:
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_KEYPOINT);
      assert_coord (p->shape.x, 246.7 * sx);
      assert_coord (p->shape.y, 101.8 * sy);
      fail_unless (p->shape.visible);
      break;
    case IDX_NONE:
      fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_NONE);
      break;
    default:
      g_assert_not_reached ();
  }
}

static GstBuffer *
make_i420_buffer (guint width, guint height)
{
  GstVideoInfo info;
  GstBuffer *buffer;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, width, height);
  buffer = gst_buffer_new_and_alloc (GST_VIDEO_INFO_SIZE (&info));
  gst_buffer_memset (buffer, 0, 0x80, GST_VIDEO_INFO_SIZE (&info));
  GST_BUFFER_PTS (buffer) = 400 * GST_MSECOND;
  GST_BUFFER_DURATION (buffer) = 40 * GST_MSECOND;
  return buffer;
}

static guint
count_prediction_metas (GstBuffer *buffer)
{
  gpointer state = NULL;
  guint n = 0;

  while (gst_buffer_iterate_meta_filtered (
      buffer, &state, GST_GETI_PREDICTION_META_API_TYPE))
    n++;
  return n;
}

/* Pushes a 640x480 I420 buffer carrying make_every_shape() through
 * @element, whose output is forced to @sink_caps, and returns the output
 * buffer. */
static GstBuffer *
push_through (const gchar *element, const gchar *sink_caps,
    GstGetiPredictions *predictions)
{
  GstHarness *h = gst_harness_new_parse (element);
  GstBuffer *in = make_i420_buffer (640, 480);
  GstGetiPredictionMeta *meta;
  GstBuffer *out;

  gst_harness_set_src_caps_str (h,
      "video/x-raw, format=I420, width=640, height=480, framerate=25/1, "
      "pixel-aspect-ratio=1/1");
  gst_harness_set_sink_caps_str (h, sink_caps);

  meta = gst_buffer_add_geti_prediction_meta (in, predictions, 640, 480);
  meta->frame = 10;
  meta->pts = GST_BUFFER_PTS (in);
  meta->source_pts = 360 * GST_MSECOND;
  meta->held = TRUE;
  meta->source = GST_GETI_PREDICTION_SOURCE_INTERPOLATED;
  meta->latency = 41 * GST_MSECOND;

  out = gst_harness_push_and_pull (h, in);
  fail_unless (out != NULL);
  gst_harness_teardown (h);
  return out;
}

static void
assert_other_fields_kept (const GstGetiPredictionMeta *meta)
{
  fail_unless_equals_uint64 (meta->frame, 10);
  fail_unless_equals_uint64 (meta->pts, 400 * GST_MSECOND);
  fail_unless_equals_uint64 (meta->source_pts, 360 * GST_MSECOND);
  fail_unless (meta->held);
  fail_unless_equals_int (
      meta->source, GST_GETI_PREDICTION_SOURCE_INTERPOLATED);
  fail_unless_equals_int (gst_geti_prediction_meta_get_source (meta),
      GST_GETI_PREDICTION_SOURCE_INTERPOLATED);
  fail_unless_equals_uint64 (meta->latency, 41 * GST_MSECOND);
  fail_unless_equals_string (
      gst_geti_predictions_get_created (meta->predictions),
      "2023-11-07 14:57:03.371633532 +0000");
}

/* the tests */

GST_START_TEST (test_predictions_add_get)
{
  /* Test that a list keeps deep copies of what was added (track ids too)
   * and hands them back by index, with NULL past the end. */
  GstGetiPredictions *predictions = gst_geti_predictions_new ("created-1");
  gchar *id = g_strdup (ID_BALL);
  gchar *name = g_strdup ("ball");
  GstGetiPoint points[] = { { 1, 2 }, { 3, 4 } };
  GstGetiLabel labels[] = { make_label (id, name, 0xff5662ff, 0.97),
    make_label (ID_NOSE, NULL, 0, 0.5) };
  GstGetiShape shape = make_shape (GST_GETI_SHAPE_POLYGON, 0, 0, 0, 0);
  const GstGetiPrediction *p;

  fail_unless_equals_int (gst_geti_predictions_get_size (predictions), 0);
  fail_unless (gst_geti_predictions_get (predictions, 0) == NULL);
  fail_unless_equals_string (
      gst_geti_predictions_get_created (predictions), "created-1");

  shape.points = points;
  shape.n_points = 2;
  add_prediction (predictions, labels, 2, shape, 7);
  add_prediction (predictions, NULL, 0,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 1, 2, 3, 4), G_MAXUINT);

  /* the caller's data may go away or change */
  name[0] = 'X';
  g_free (id);
  g_free (name);
  points[0].x = 100;

  fail_unless_equals_int (gst_geti_predictions_get_size (predictions), 2);
  p = gst_geti_predictions_get (predictions, 0);
  fail_unless (p != NULL);
  fail_unless_equals_int (p->n_labels, 2);
  fail_unless (p->labels != labels);
  fail_unless_equals_string (p->labels[0].id, ID_BALL);
  fail_unless_equals_string (p->labels[0].name, "ball");
  fail_unless_equals_int (p->labels[0].color, 0xff5662ff);
  fail_unless_equals_float (p->labels[0].probability, 0.97);
  fail_unless_equals_string (p->labels[1].id, ID_NOSE);
  fail_unless (p->labels[1].id != labels[1].id);
  fail_unless (p->labels[1].name == NULL);
  fail_unless_equals_int (p->labels[1].color, 0);
  fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_POLYGON);
  fail_unless_equals_int (p->shape.n_points, 2);
  fail_unless (p->shape.points != points);
  fail_unless_equals_float (p->shape.points[0].x, 1);
  fail_unless_equals_float (p->shape.points[0].y, 2);
  fail_unless_equals_float (p->shape.points[1].x, 3);
  fail_unless_equals_float (p->shape.points[1].y, 4);
  fail_unless_equals_int (p->track_id, 7);

  p = gst_geti_predictions_get (predictions, 1);
  fail_unless (p != NULL);
  fail_unless_equals_int (p->track_id, G_MAXUINT);
  fail_unless_equals_int (p->n_labels, 0);
  fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_RECTANGLE);
  fail_unless_equals_float (p->shape.x, 1);
  fail_unless_equals_float (p->shape.height, 4);
  fail_unless (p->shape.points == NULL);
  fail_unless_equals_int (p->shape.n_points, 0);

  fail_unless (gst_geti_predictions_get (predictions, 2) == NULL);
  fail_unless (gst_geti_predictions_get (predictions, G_MAXUINT) == NULL);

  gst_geti_predictions_unref (predictions);

  predictions = gst_geti_predictions_new (NULL);
  fail_unless (gst_geti_predictions_get_created (predictions) == NULL);
  gst_geti_predictions_unref (predictions);
}

GST_END_TEST;

GST_START_TEST (test_predictions_invalid_add)
{
  /* Test that malformed predictions are refused with a critical. */
  g_autoptr (GstGetiPredictions) predictions = gst_geti_predictions_new (NULL);
  GstGetiShape shape = make_shape (GST_GETI_SHAPE_POLYGON, 0, 0, 0, 0);

  ASSERT_CRITICAL (gst_geti_predictions_add (predictions, NULL));

  /* labels announced but missing */
  ASSERT_CRITICAL (add_prediction (predictions, NULL, 1, shape));

  /* points announced but missing */
  shape.n_points = 3;
  ASSERT_CRITICAL (add_prediction (predictions, NULL, 0, shape));

  /* a type out of the enum, stored as C code may (C++ may not even cast
   * 42 to the enum) */
  shape = make_shape (GST_GETI_SHAPE_NONE, 0, 0, 0, 0);
  const int bad_type = 42;
  memcpy (&shape.type, &bad_type, sizeof bad_type);
  ASSERT_CRITICAL (add_prediction (predictions, NULL, 0, shape));

  fail_unless_equals_int (gst_geti_predictions_get_size (predictions), 0);
}

GST_END_TEST;

GST_START_TEST (test_predictions_refcount)
{
  /* Test that a list is a reference-counted boxed type, writable only
   * while it has one owner, and that adding to a shared list is refused. */
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  GstGetiShape rect = make_shape (GST_GETI_SHAPE_RECTANGLE, 1, 2, 3, 4);
  GValue value = G_VALUE_INIT;
  gpointer copy;

  fail_unless_equals_string (
      g_type_name (GST_GETI_TYPE_PREDICTIONS), "GstGetiPredictions");
  fail_unless (G_TYPE_IS_BOXED (GST_GETI_TYPE_PREDICTIONS));

  fail_unless (gst_geti_predictions_is_writable (predictions));
  add_prediction (predictions, NULL, 0, rect);

  fail_unless (gst_geti_predictions_ref (predictions) == predictions);
  fail_if (gst_geti_predictions_is_writable (predictions));
  ASSERT_CRITICAL (add_prediction (predictions, NULL, 0, rect));
  fail_unless_equals_int (gst_geti_predictions_get_size (predictions), 1);

  gst_geti_predictions_unref (predictions);
  fail_unless (gst_geti_predictions_is_writable (predictions));
  add_prediction (predictions, NULL, 0, rect);
  fail_unless_equals_int (gst_geti_predictions_get_size (predictions), 2);

  /* boxed copy is a ref, boxed free an unref */
  copy = g_boxed_copy (GST_GETI_TYPE_PREDICTIONS, predictions);
  fail_unless (copy == predictions);
  fail_if (gst_geti_predictions_is_writable (predictions));
  g_boxed_free (GST_GETI_TYPE_PREDICTIONS, copy);
  fail_unless (gst_geti_predictions_is_writable (predictions));

  g_value_init (&value, GST_GETI_TYPE_PREDICTIONS);
  g_value_set_boxed (&value, predictions);
  fail_if (gst_geti_predictions_is_writable (predictions));
  fail_unless (g_value_get_boxed (&value) == predictions);
  g_value_unset (&value);
  fail_unless (gst_geti_predictions_is_writable (predictions));

  gst_geti_predictions_unref (predictions);
}

GST_END_TEST;

static gpointer
ref_unref_many (gpointer data)
{
  auto predictions = static_cast<GstGetiPredictions *> (data);

  for (guint i = 0; i < 100000; i++)
    gst_geti_predictions_unref (gst_geti_predictions_ref (predictions));
  return NULL;
}

GST_START_TEST (test_predictions_refcount_threads)
{
  /* Test that references taken and dropped from several threads at once
   * balance out (the count is atomic). */
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  GThread *threads[4];

  for (GThread *&thread : threads)
    thread = g_thread_new ("refs", ref_unref_many, predictions);
  for (GThread *thread : threads)
    g_thread_join (thread);

  fail_unless (gst_geti_predictions_is_writable (predictions));
  gst_geti_predictions_unref (predictions);
}

GST_END_TEST;

GST_START_TEST (test_shape_type_to_string)
{
  /* Test that shape types are named as Geti's REST API names them. */
  fail_unless (gst_geti_shape_type_to_string (GST_GETI_SHAPE_NONE) == NULL);
  fail_unless_equals_string (
      gst_geti_shape_type_to_string (GST_GETI_SHAPE_RECTANGLE), "RECTANGLE");
  fail_unless_equals_string (
      gst_geti_shape_type_to_string (GST_GETI_SHAPE_ROTATED_RECTANGLE),
      "ROTATED_RECTANGLE");
  fail_unless_equals_string (
      gst_geti_shape_type_to_string (GST_GETI_SHAPE_ELLIPSE), "ELLIPSE");
  fail_unless_equals_string (
      gst_geti_shape_type_to_string (GST_GETI_SHAPE_POLYGON), "POLYGON");
  fail_unless_equals_string (
      gst_geti_shape_type_to_string (GST_GETI_SHAPE_KEYPOINT), "KEYPOINT");
}

GST_END_TEST;

GST_START_TEST (test_predictions_scale_uniform)
{
  /* Test that scaling makes a new, writable list with every coordinate of
   * every shape type scaled, the angle kept, and the original untouched. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  g_autoptr (GstGetiPredictions) scaled = NULL;

  gst_geti_predictions_ref (predictions); /* shared: scaling reads only */
  scaled = gst_geti_predictions_scale (predictions, 0.25, 0.25);
  gst_geti_predictions_unref (predictions);

  fail_unless (scaled != NULL);
  fail_unless (scaled != predictions);
  fail_unless (gst_geti_predictions_is_writable (scaled));
  fail_unless_equals_string (gst_geti_predictions_get_created (scaled),
      "2023-11-07 14:57:03.371633532 +0000");
  fail_unless_equals_int (
      gst_geti_predictions_get_size (scaled), N_EVERY_SHAPE);
  for (guint i = 0; i < N_EVERY_SHAPE; i++) {
    assert_every_shape_scaled (
        gst_geti_predictions_get (scaled, i), i, 0.25, 0.25);
    assert_every_shape_scaled (
        gst_geti_predictions_get (predictions, i), i, 1, 1);
  }

  /* labels are copied too */
  fail_unless (gst_geti_predictions_get (scaled, 0)->labels !=
               gst_geti_predictions_get (predictions, 0)->labels);
  fail_unless_equals_string (
      gst_geti_predictions_get (scaled, 0)->labels[0].name, "ball");
  fail_unless_equals_int (
      gst_geti_predictions_get (scaled, 0)->labels[0].color, 0xff5662ff);

  ASSERT_CRITICAL (
      fail_unless (gst_geti_predictions_scale (predictions, 0, 1) == NULL));
  ASSERT_CRITICAL (
      fail_unless (gst_geti_predictions_scale (predictions, 1, NAN) == NULL));
}

GST_END_TEST;

/* The corners of a rotated rectangle, angle clockwise in y-down pixels. */
static void
rotated_corners (const GstGetiShape *s, GstGetiPoint corners[4])
{
  gdouble t = s->angle * G_PI / 180;
  gdouble ux = s->width / 2 * std::cos (t), uy = s->width / 2 * std::sin (t);
  gdouble vx = -s->height / 2 * std::sin (t), vy = s->height / 2 * std::cos (t);
  const gint signs[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };

  for (guint i = 0; i < 4; i++) {
    corners[i].x = s->x + signs[i][0] * ux + signs[i][1] * vx;
    corners[i].y = s->y + signs[i][0] * uy + signs[i][1] * vy;
  }
}

/* Asserts that @r encloses the corners of @orig scaled by @sx, @sy. */
static void
assert_encloses_scaled (
    const GstGetiShape *r, const GstGetiShape *orig, gdouble sx, gdouble sy)
{
  GstGetiPoint corners[4];
  gdouble t = r->angle * G_PI / 180;

  rotated_corners (orig, corners);
  for (GstGetiPoint &c : corners) {
    gdouble dx = sx * c.x - r->x, dy = sy * c.y - r->y;
    gdouble along = dx * std::cos (t) + dy * std::sin (t);
    gdouble across = -dx * std::sin (t) + dy * std::cos (t);

    fail_unless (std::fabs (along) <= r->width / 2 + 1e-9,
        "corner (%g, %g) outside", sx * c.x, sy * c.y);
    fail_unless (std::fabs (across) <= r->height / 2 + 1e-9,
        "corner (%g, %g) outside", sx * c.x, sy * c.y);
  }
}

GST_START_TEST (test_predictions_scale_rotated_non_uniform)
{
  /* Test that a non-uniform scale turns a rotated rectangle into the
   * smallest rotated rectangle enclosing its scaled corners, and keeps
   * axis-aligned ones exact. */
  g_autoptr (GstGetiPredictions) predictions = gst_geti_predictions_new (NULL);
  g_autoptr (GstGetiPredictions) scaled = NULL;
  GstGetiShape s =
      make_shape (GST_GETI_SHAPE_ROTATED_RECTANGLE, 100, 50, 20, 10);
  const GstGetiShape *r;

  s.angle = 45;
  add_prediction (predictions, NULL, 0, s);
  s.width = 10;
  s.height = 20;
  add_prediction (predictions, NULL, 0, s);
  s = make_shape (GST_GETI_SHAPE_ROTATED_RECTANGLE, 100, 50, 40, 20);
  s.angle = 90;
  add_prediction (predictions, NULL, 0, s);
  s.angle = -180;
  add_prediction (predictions, NULL, 0, s);

  scaled = gst_geti_predictions_scale (predictions, 2, 1);

  /* 20x10 at 45°: half-axes u' = (10√2, 5√2), v' = (-5√2, 2.5√2); the
   * enclosing rectangle along u' (the width) is the smaller one */
  r = &gst_geti_predictions_get (scaled, 0)->shape;
  assert_coord (r->x, 200);
  assert_coord (r->y, 50);
  assert_coord (r->width, 2 * (std::sqrt (250.0) + 75 / std::sqrt (250.0)));
  assert_coord (r->height, 200 / std::sqrt (250.0));
  assert_coord (r->angle, std::atan (0.5) * 180 / G_PI);
  assert_encloses_scaled (
      r, &gst_geti_predictions_get (predictions, 0)->shape, 2, 1);

  /* 10x20 at 45°: now the one along v' (the height) is the smaller one */
  r = &gst_geti_predictions_get (scaled, 1)->shape;
  assert_coord (r->x, 200);
  assert_coord (r->y, 50);
  assert_coord (r->width, 200 / std::sqrt (250.0));
  assert_coord (r->height, 2 * (std::sqrt (250.0) + 75 / std::sqrt (250.0)));
  assert_coord (r->angle, std::atan (2.0) * 180 / G_PI);
  assert_encloses_scaled (
      r, &gst_geti_predictions_get (predictions, 1)->shape, 2, 1);

  /* upright: the width runs vertically, so it takes the vertical factor */
  r = &gst_geti_predictions_get (scaled, 2)->shape;
  assert_coord (r->width, 40);
  assert_coord (r->height, 40);
  fail_unless (r->angle == 90);
  r = &gst_geti_predictions_get (scaled, 3)->shape;
  assert_coord (r->width, 80);
  assert_coord (r->height, 20);
  fail_unless (r->angle == -180);
}

GST_END_TEST;

GST_START_TEST (test_meta_registration)
{
  /* Test that the meta API and implementation are registered once, with
   * the video, size and orientation tags. */
  GType api = GST_GETI_PREDICTION_META_API_TYPE;
  const GstMetaInfo *info = GST_GETI_PREDICTION_META_INFO;

  fail_unless_equals_string (g_type_name (api), "GstGetiPredictionMetaAPI");
  fail_unless (gst_meta_api_type_has_tag (
      api, g_quark_from_string (GST_META_TAG_VIDEO_STR)));
  fail_unless (gst_meta_api_type_has_tag (
      api, g_quark_from_string (GST_META_TAG_VIDEO_SIZE_STR)));
  fail_unless (gst_meta_api_type_has_tag (
      api, g_quark_from_string (GST_META_TAG_VIDEO_ORIENTATION_STR)));
  fail_unless_equals_int (
      g_strv_length (const_cast<gchar **> (gst_meta_api_type_get_tags (api))),
      3);

  fail_unless (info != NULL);
  fail_unless (info == gst_geti_prediction_meta_get_info ());
  fail_unless (info == gst_meta_get_info ("GstGetiPredictionMeta"));
  fail_unless (info->api == api);
  fail_unless_equals_int (info->size, sizeof (GstGetiPredictionMeta));
  fail_unless (api == gst_geti_prediction_meta_api_get_type ());
}

GST_END_TEST;

GST_START_TEST (test_meta_add_get)
{
  /* Test that adding a meta takes a reference on the list (or attaches an
   * empty one), sets the documented defaults and is found again. */
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictions *predictions = make_every_shape ();
  GstGetiPredictionMeta *meta;

  fail_unless (gst_buffer_get_geti_prediction_meta (buffer) == NULL);
  /* the name before the API had one naming scheme stays, deprecated */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  fail_unless (gst_geti_buffer_get_prediction_meta (buffer) == NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS

  meta = gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  fail_unless (meta != NULL);
  fail_unless (meta->predictions == predictions);
  fail_if (gst_geti_predictions_is_writable (predictions));
  fail_unless_equals_int (meta->width, 640);
  fail_unless_equals_int (meta->height, 480);
  fail_unless_equals_uint64 (meta->frame, 0);
  fail_unless_equals_uint64 (meta->pts, GST_CLOCK_TIME_NONE);
  fail_unless_equals_uint64 (meta->source_pts, GST_CLOCK_TIME_NONE);
  fail_unless_equals_uint64 (meta->latency, GST_CLOCK_TIME_NONE);
  fail_if (meta->held);
  fail_unless_equals_int (meta->source, GST_GETI_PREDICTION_SOURCE_PREDICTED);
  fail_unless_equals_int (gst_geti_prediction_meta_get_source (meta),
      GST_GETI_PREDICTION_SOURCE_PREDICTED);

  fail_unless (gst_buffer_get_geti_prediction_meta (buffer) == meta);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  fail_unless (gst_geti_buffer_get_prediction_meta (buffer) == meta);
  G_GNUC_END_IGNORE_DEPRECATIONS
  fail_unless_equals_int (
      gst_geti_prediction_meta_get_n_predictions (meta), N_EVERY_SHAPE);
  for (guint i = 0; i < N_EVERY_SHAPE; i++) {
    fail_unless (gst_geti_prediction_meta_get_prediction (meta, i) ==
                 gst_geti_predictions_get (predictions, i));
  }
  fail_unless (
      gst_geti_prediction_meta_get_prediction (meta, N_EVERY_SHAPE) == NULL);

  /* the buffer gives its reference back */
  gst_buffer_unref (buffer);
  fail_unless (gst_geti_predictions_is_writable (predictions));
  gst_geti_predictions_unref (predictions);

  /* no list: an empty one */
  buffer = gst_buffer_new ();
  meta = gst_buffer_add_geti_prediction_meta (buffer, NULL, 320, 240);
  fail_unless (meta != NULL);
  fail_unless (meta->predictions != NULL);
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_predictions (meta), 0);
  fail_unless (gst_geti_prediction_meta_get_prediction (meta, 0) == NULL);
  fail_unless (gst_geti_predictions_get_created (meta->predictions) == NULL);
  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_meta_copy)
{
  /* Test that a buffer copy carries an equal meta that shares the list
   * (track ids and all), whatever the source of its predictions. */
  const GstGetiPredictionSource sources[] = {
    GST_GETI_PREDICTION_SOURCE_PREDICTED,
    GST_GETI_PREDICTION_SOURCE_HELD,
    GST_GETI_PREDICTION_SOURCE_INTERPOLATED,
    GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED,
  };

  for (GstGetiPredictionSource source : sources) {
    GstBuffer *buffer = gst_buffer_new_allocate (NULL, 16, NULL);
    g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
    GstGetiPredictionMeta *meta, *copy_meta;
    GstBuffer *copy;
    const gboolean held = source != GST_GETI_PREDICTION_SOURCE_PREDICTED;

    meta = gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
    meta->frame = 12;
    meta->pts = 400 * GST_MSECOND;
    meta->source_pts = 360 * GST_MSECOND;
    meta->held = held;
    meta->source = source;
    meta->latency = 41700 * GST_USECOND;

    copy = gst_buffer_copy (buffer);
    gst_buffer_unref (buffer);

    fail_unless_equals_int (count_prediction_metas (copy), 1);
    copy_meta = gst_buffer_get_geti_prediction_meta (copy);
    fail_unless (copy_meta != NULL);
    fail_unless (copy_meta->predictions == predictions);
    fail_unless_equals_uint64 (copy_meta->frame, 12);
    fail_unless_equals_uint64 (copy_meta->pts, 400 * GST_MSECOND);
    fail_unless_equals_uint64 (copy_meta->source_pts, 360 * GST_MSECOND);
    fail_unless_equals_int (copy_meta->held, held);
    fail_unless_equals_int (copy_meta->source, source);
    fail_unless_equals_int (
        gst_geti_prediction_meta_get_source (copy_meta), source);
    fail_unless_equals_int (copy_meta->width, 640);
    fail_unless_equals_int (copy_meta->height, 480);
    fail_unless_equals_uint64 (copy_meta->latency, 41700 * GST_USECOND);
    for (guint i = 0; i < N_EVERY_SHAPE; i++)
      assert_every_shape_scaled (
          gst_geti_prediction_meta_get_prediction (copy_meta, i), i, 1, 1);

    fail_if (gst_geti_predictions_is_writable (predictions));
    gst_buffer_unref (copy);
    fail_unless (gst_geti_predictions_is_writable (predictions));
  }
}

GST_END_TEST;

GST_START_TEST (test_meta_scale_transform)
{
  /* Test that the SCALE transform, called as videoscale calls it on a
   * copy of the buffer, gives the new buffer a meta with the source, the
   * held flag and every prediction's track id of the old one, and its
   * coordinates scaled. */
  GstBuffer *src = make_i420_buffer (640, 480);
  GstBuffer *dest = gst_buffer_new ();
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (src, predictions, 640, 480);
  const GstMetaInfo *info = GST_GETI_PREDICTION_META_INFO;
  GstVideoInfo in_info, out_info;

  meta->held = TRUE;
  meta->source = GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED;
  gst_video_info_set_format (&in_info, GST_VIDEO_FORMAT_I420, 640, 480);
  gst_video_info_set_format (&out_info, GST_VIDEO_FORMAT_I420, 160, 120);
  GstVideoMetaTransform trans = { &in_info, &out_info };
  fail_unless (info->transform_func (dest, &meta->meta, src,
      gst_video_meta_transform_scale_get_quark (), &trans));

  GstGetiPredictionMeta *scaled = gst_buffer_get_geti_prediction_meta (dest);
  fail_unless (scaled != NULL);
  fail_unless_equals_int (scaled->width, 160);
  fail_unless_equals_int (scaled->height, 120);
  fail_unless (scaled->held);
  fail_unless_equals_int (
      scaled->source, GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED);
  fail_unless (scaled->predictions != predictions);
  for (guint i = 0; i < N_EVERY_SHAPE; i++)
    assert_every_shape_scaled (
        gst_geti_prediction_meta_get_prediction (scaled, i), i, 0.25, 0.25);

  gst_buffer_unref (src);
  gst_buffer_unref (dest);
}

GST_END_TEST;

GST_START_TEST (test_meta_get_source)
{
  /* Test that get_source gives the source as set, except that a meta
   * whose held flag is set by code that leaves the source at its default
   * (predicted) reads as held; that each source has its JSON name; and
   * that a value out of the enum, stored as C code may, is a critical and
   * reads as the held flag says. */
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, NULL, 640, 480);
  const struct {
    GstGetiPredictionSource source;
    gboolean held;
    GstGetiPredictionSource expected;
    const gchar *name;
  } cases[] = {
    { GST_GETI_PREDICTION_SOURCE_PREDICTED, FALSE,
        GST_GETI_PREDICTION_SOURCE_PREDICTED, "predicted" },
    { GST_GETI_PREDICTION_SOURCE_PREDICTED, TRUE,
        GST_GETI_PREDICTION_SOURCE_HELD, "predicted" },
    { GST_GETI_PREDICTION_SOURCE_HELD, TRUE, GST_GETI_PREDICTION_SOURCE_HELD,
        "held" },
    { GST_GETI_PREDICTION_SOURCE_HELD, FALSE, GST_GETI_PREDICTION_SOURCE_HELD,
        "held" },
    { GST_GETI_PREDICTION_SOURCE_INTERPOLATED, TRUE,
        GST_GETI_PREDICTION_SOURCE_INTERPOLATED, "interpolated" },
    { GST_GETI_PREDICTION_SOURCE_INTERPOLATED, FALSE,
        GST_GETI_PREDICTION_SOURCE_INTERPOLATED, "interpolated" },
    { GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, TRUE,
        GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, "extrapolated" },
    { GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, FALSE,
        GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, "extrapolated" },
  };

  for (const auto &c : cases) {
    meta->source = c.source;
    meta->held = c.held;
    fail_unless (gst_geti_prediction_meta_get_source (meta) == c.expected,
        "source %d held %d read as %d", c.source, c.held,
        gst_geti_prediction_meta_get_source (meta));
    fail_unless_equals_string (
        gst_geti_prediction_source_to_string (c.source), c.name);
  }

  const int bad_source = 42;
  GstGetiPredictionSource bad;
  memcpy (&bad, &bad_source, sizeof bad_source);
  fail_unless (gst_geti_prediction_source_to_string (bad) == NULL);
  memcpy (&meta->source, &bad_source, sizeof bad_source);
  meta->held = TRUE;
  GstGetiPredictionSource got = GST_GETI_PREDICTION_SOURCE_PREDICTED;
  ASSERT_CRITICAL (got = gst_geti_prediction_meta_get_source (meta));
  fail_unless_equals_int (got, GST_GETI_PREDICTION_SOURCE_HELD);
  meta->held = FALSE;
  got = GST_GETI_PREDICTION_SOURCE_HELD;
  ASSERT_CRITICAL (got = gst_geti_prediction_meta_get_source (meta));
  fail_unless_equals_int (got, GST_GETI_PREDICTION_SOURCE_PREDICTED);
  ASSERT_CRITICAL (gst_geti_prediction_meta_get_source (NULL));

  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_meta_other_transform_dropped)
{
  /* Test that a transform other than copy and scale is refused, so the
   * meta is dropped rather than left with wrong coordinates. */
  GstBuffer *src = gst_buffer_new ();
  GstBuffer *dest = gst_buffer_new ();
  GstGetiPredictionMeta *meta;
  const GstMetaInfo *info = GST_GETI_PREDICTION_META_INFO;

  meta = gst_buffer_add_geti_prediction_meta (src, NULL, 640, 480);
  fail_if (info->transform_func (dest, &meta->meta, src,
      g_quark_from_static_string ("gst-geti-test-other"), NULL));
  fail_unless_equals_int (count_prediction_metas (dest), 0);

  /* a scale needs sizes */
  GstVideoInfo in_info, out_info;
  gst_video_info_init (&in_info);
  gst_video_info_set_format (&out_info, GST_VIDEO_FORMAT_I420, 320, 240);
  GstVideoMetaTransform trans = { &in_info, &out_info };
  fail_if (info->transform_func (dest, &meta->meta, src,
      gst_video_meta_transform_scale_get_quark (), &trans));
  fail_unless_equals_int (count_prediction_metas (dest), 0);

  gst_buffer_unref (src);
  gst_buffer_unref (dest);
}

GST_END_TEST;

GST_START_TEST (test_meta_videoscale)
{
  /* Test that videoscale 640x480 -> 320x240 rescales every shape type and
   * the frame size, keeps the other fields, and leaves the input's list
   * as it was. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  GstBuffer *out = push_through ("videoscale",
      "video/x-raw, format=I420, width=320, height=240", predictions);
  GstGetiPredictionMeta *meta;

  fail_unless_equals_int (count_prediction_metas (out), 1);
  meta = gst_buffer_get_geti_prediction_meta (out);
  fail_unless_equals_int (meta->width, 320);
  fail_unless_equals_int (meta->height, 240);
  assert_other_fields_kept (meta);
  fail_unless (meta->predictions != predictions);
  fail_unless_equals_int (
      gst_geti_prediction_meta_get_n_predictions (meta), N_EVERY_SHAPE);
  for (guint i = 0; i < N_EVERY_SHAPE; i++) {
    assert_every_shape_scaled (
        gst_geti_prediction_meta_get_prediction (meta, i), i, 0.5, 0.5);
  }
  gst_buffer_unref (out);

  /* the input buffer is gone, and nothing else holds the original */
  fail_unless (gst_geti_predictions_is_writable (predictions));
  for (guint i = 0; i < N_EVERY_SHAPE; i++)
    assert_every_shape_scaled (
        gst_geti_predictions_get (predictions, i), i, 1, 1);
}

GST_END_TEST;

GST_START_TEST (test_meta_videoscale_non_uniform)
{
  /* Test that videoscale 640x480 -> 320x480 scales x and y apart, and
   * that the rotated rectangle gets the non-uniform treatment. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  GstBuffer *out = push_through ("videoscale",
      "video/x-raw, format=I420, width=320, height=480", predictions);
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (out);
  g_autoptr (GstGetiPredictions) expected = NULL;
  const GstGetiShape *got, *want;

  fail_unless (meta != NULL);
  fail_unless_equals_int (meta->width, 320);
  fail_unless_equals_int (meta->height, 480);
  for (guint i = 0; i < N_EVERY_SHAPE; i++) {
    assert_every_shape_scaled (
        gst_geti_prediction_meta_get_prediction (meta, i), i, 0.5, 1);
  }

  got = &gst_geti_prediction_meta_get_prediction (meta, IDX_ROTATED)->shape;
  expected = gst_geti_predictions_scale (predictions, 0.5, 1);
  want = &gst_geti_predictions_get (expected, IDX_ROTATED)->shape;
  assert_coord (got->width, want->width);
  assert_coord (got->height, want->height);
  assert_coord (got->angle, want->angle);
  /* not merely the uniform answer */
  fail_if (std::fabs (got->angle - 30) < 1);

  gst_buffer_unref (out);
}

GST_END_TEST;

GST_START_TEST (test_meta_videoconvert)
{
  /* Test that the meta survives videoconvert I420 -> RGBA (which in 1.22
   * is videoconvertscale: it hands size-tagged metas to the scale
   * transform, with equal sizes) once, unchanged, sharing the list. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  GstBuffer *out = push_through ("videoconvert",
      "video/x-raw, format=RGBA, width=640, height=480", predictions);
  GstGetiPredictionMeta *meta;
  GstVideoMeta *vmeta;

  /* it did convert */
  fail_unless_equals_int (gst_buffer_get_size (out), 640 * 480 * 4);
  vmeta = gst_buffer_get_video_meta (out);
  if (vmeta)
    fail_unless_equals_int (vmeta->format, GST_VIDEO_FORMAT_RGBA);

  fail_unless_equals_int (count_prediction_metas (out), 1);
  meta = gst_buffer_get_geti_prediction_meta (out);
  fail_unless_equals_int (meta->width, 640);
  fail_unless_equals_int (meta->height, 480);
  assert_other_fields_kept (meta);
  fail_unless (meta->predictions == predictions);
  for (guint i = 0; i < N_EVERY_SHAPE; i++) {
    assert_every_shape_scaled (
        gst_geti_prediction_meta_get_prediction (meta, i), i, 1, 1);
  }

  gst_buffer_unref (out);
  fail_unless (gst_geti_predictions_is_writable (predictions));
}

GST_END_TEST;

GST_START_TEST (test_meta_videoflip_dropped)
{
  /* Test that a rotation by videoflip drops the meta instead of carrying
   * coordinates that no longer match the picture. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  GstBuffer *out = push_through ("videoflip video-direction=90r",
      "video/x-raw, format=I420, width=480, height=640", predictions);

  fail_unless_equals_int (gst_buffer_get_size (out), 480 * 640 * 3 / 2);
  fail_unless_equals_int (count_prediction_metas (out), 0);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* JSON */

static gchar *
every_shape_json (GstGetiPredictionMeta **meta_out, GstBuffer **buffer_out)
{
  GstGetiPredictions *predictions =
      gst_geti_predictions_new ("2023-11-07 14:57:03.371633532 +0000");
  GstGetiLabel ball = make_label (ID_BALL, "ball", 0xff5662ff, 0.97);
  GstGetiLabel two[] = {
    make_label ("65a0f7c7d0b4c1a2b3c4d5a2", NULL, 0, (gdouble) 0.87f),
    make_label ("65a0f7c7d0b4c1a2b3c4d5a3",
        "say \"hi\" \\ new\nline\ttab\x01 \xc3\x9f\xe2\x86\x92\xe6\x97\xa5",
        0x0000ffff, 1.0),
  };
  GstGetiLabel nose = make_label (ID_NOSE, "nose", 0x123456ff, 1.058);
  GstGetiPoint points[] = { { 0, 0 }, { 50, 50 }, { 0.1, 50 } };
  GstGetiShape shape;
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta;

  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 302, 222, 38, 38), 7);
  shape =
      make_shape (GST_GETI_SHAPE_ROTATED_RECTANGLE, 100.5, 200.25, 60, 30.125);
  shape.angle = -12.5;
  add_prediction (predictions, two, 2, shape, G_MAXUINT);
  add_prediction (predictions, NULL, 0,
      make_shape (GST_GETI_SHAPE_ELLIPSE, 10, 20, 100, 50.5));
  shape = make_shape (GST_GETI_SHAPE_POLYGON, 0, 0, 0, 0);
  shape.points = points;
  shape.n_points = 3;
  add_prediction (predictions, &ball, 1, shape);
  shape = make_shape (GST_GETI_SHAPE_KEYPOINT, 246.7, 101.8, 0, 0);
  shape.visible = TRUE;
  add_prediction (predictions, &nose, 1, shape);
  nose.probability = 0;
  shape = make_shape (GST_GETI_SHAPE_KEYPOINT, 1, 2, 0, 0);
  add_prediction (predictions, &nose, 1, shape);
  add_prediction (
      predictions, &ball, 1, make_shape (GST_GETI_SHAPE_NONE, 0, 0, 0, 0));
  shape = make_shape (GST_GETI_SHAPE_POLYGON, 0, 0, 0, 0);
  add_prediction (predictions, &ball, 1, shape);

  meta = gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  gst_geti_predictions_unref (predictions);
  meta->frame = 12;
  meta->pts = 400000000;
  meta->source_pts = 366666667;
  meta->held = TRUE;
  meta->latency = 41700400;

  *meta_out = meta;
  *buffer_out = buffer;
  return gst_geti_prediction_meta_to_json (meta);
}

#define BALL_JSON                                                              \
  R"({"id": "65a0f7c7d0b4c1a2b3c4d5a1", "name": "ball", "color": "#ff5662ff", "probability": 0.97})"

GST_START_TEST (test_to_json_every_shape)
{
  /* Test that to_json writes exactly the getijsonsink line: key order,
   * separators, the source (a meta held by code that leaves the source
   * alone says "held"), track ids first where there are any, every shape
   * as Geti writes it, nulls, escapes, integral and fractional numbers. */
  GstGetiPredictionMeta *meta;
  GstBuffer *buffer;
  g_autofree gchar *json = every_shape_json (&meta, &buffer);
  const gchar *expected =
      R"({"frame": 12, "pts": 400000000, "source_pts": 366666667, )"
      R"("held": true, "source": "held", "width": 640, "height": 480, )"
      R"("latency_ms": 41.7, )"
      R"("created": "2023-11-07 14:57:03.371633532 +0000", "predictions": [)"
      R"({"track_id": 7, "labels": [)" BALL_JSON
      R"(], "shape": {"type": "RECTANGLE", )"
      R"("x": 302, "y": 222, "width": 38, "height": 38}}, )"
      R"({"track_id": 4294967295, )"
      R"("labels": [{"id": "65a0f7c7d0b4c1a2b3c4d5a2", "name": null, )"
      R"("color": null, "probability": 0.8700000047683716}, )"
      R"({"id": "65a0f7c7d0b4c1a2b3c4d5a3", )"
      R"("name": "say \"hi\" \\ new\u000aline\u0009tab\u0001 ß→日", )"
      R"("color": "#0000ffff", "probability": 1}], )"
      R"("shape": {"type": "ROTATED_RECTANGLE", "x": 100.5, "y": 200.25, )"
      R"("width": 60, "height": 30.13, "angle": -12.5}}, )"
      R"({"labels": [], "shape": {"type": "ELLIPSE", "x": 10, "y": 20, )"
      R"("width": 100, "height": 50.5}}, )"
      R"({"labels": [)" BALL_JSON R"(], "shape": {"type": "POLYGON", )"
      R"("points": [{"x": 0, "y": 0}, {"x": 50, "y": 50}, {"x": 0.1, "y": 50}]}}, )"
      R"({"labels": [{"id": "65a0f7c7d0b4c1a2b3c4d5a4", "name": "nose", )"
      R"("color": "#123456ff", "probability": 1.058}], )"
      R"("shape": {"type": "KEYPOINT", "x": 246.7, "y": 101.8, "is_visible": true}}, )"
      R"({"labels": [{"id": "65a0f7c7d0b4c1a2b3c4d5a4", "name": "nose", )"
      R"("color": "#123456ff", "probability": 0}], )"
      R"("shape": {"type": "KEYPOINT", "x": 1, "y": 2, "is_visible": false}}, )"
      R"({"labels": [)" BALL_JSON R"(]}, )"
      R"({"labels": [)" BALL_JSON
      R"(], "shape": {"type": "POLYGON", "points": []}}]})";

  fail_unless_equals_string (json, expected);
  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_to_json_nulls)
{
  /* Test that unknown times, latency and created time are null and an
   * empty list is an empty array. */
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, NULL, 320, 240);
  g_autofree gchar *json = gst_geti_prediction_meta_to_json (meta);

  fail_unless_equals_string (json,
      R"({"frame": 0, "pts": null, "source_pts": null, "held": false, )"
      R"("source": "predicted", )"
      R"("width": 320, "height": 240, "latency_ms": null, "created": null, )"
      R"("predictions": []})");
  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_to_json_source)
{
  /* Test that the line says where the frame's predictions come from, right
   * after "held", for every source; that "held" is written as the meta has
   * it; that a tracked prediction starts with its track id and an
   * untracked one has none; and that a source out of the enum is null. */
  const struct {
    GstGetiPredictionSource source;
    gboolean held;
    const gchar *expected;
  } cases[] = {
    { GST_GETI_PREDICTION_SOURCE_PREDICTED, FALSE,
        R"("held": false, "source": "predicted", "width")" },
    { GST_GETI_PREDICTION_SOURCE_PREDICTED, TRUE,
        R"("held": true, "source": "held", "width")" },
    { GST_GETI_PREDICTION_SOURCE_HELD, TRUE,
        R"("held": true, "source": "held", "width")" },
    { GST_GETI_PREDICTION_SOURCE_INTERPOLATED, TRUE,
        R"("held": true, "source": "interpolated", "width")" },
    { GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED, TRUE,
        R"("held": true, "source": "extrapolated", "width")" },
    { GST_GETI_PREDICTION_SOURCE_INTERPOLATED, FALSE,
        R"("held": false, "source": "interpolated", "width")" },
  };
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  GstGetiLabel ball = make_label (ID_BALL, "ball", 0xff5662ff, 0.97);

  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 302, 222, 38, 38), 7);
  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 10, 20, 30, 40));
  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 1, 2, 3, 4), 1);
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  gst_geti_predictions_unref (predictions);
  meta->frame = 3;
  meta->pts = 100000000;
  meta->source_pts = 0;

  for (const auto &c : cases) {
    meta->source = c.source;
    meta->held = c.held;
    g_autofree gchar *json = gst_geti_prediction_meta_to_json (meta);
    g_autofree gchar *expected = g_strconcat (
        R"({"frame": 3, "pts": 100000000, "source_pts": 0, )", c.expected,
        R"(: 640, "height": 480, "latency_ms": null, "created": null, )"
        R"("predictions": [{"track_id": 7, "labels": [)" BALL_JSON
        R"(], "shape": {"type": "RECTANGLE", "x": 302, "y": 222, )"
        R"("width": 38, "height": 38}}, {"labels": [)" BALL_JSON
        R"(], "shape": {"type": "RECTANGLE", "x": 10, "y": 20, )"
        R"("width": 30, "height": 40}}, {"track_id": 1, "labels": [)" BALL_JSON
        R"(], "shape": {"type": "RECTANGLE", "x": 1, "y": 2, )"
        R"("width": 3, "height": 4}}]})",
        NULL);

    fail_unless_equals_string (json, expected);
  }

  /* out of the enum, as C code may store it: null, and no critical */
  const int bad_source = 4;
  memcpy (&meta->source, &bad_source, sizeof bad_source);
  meta->held = TRUE;
  g_autofree gchar *json = gst_geti_prediction_meta_to_json (meta);
  fail_unless (
      strstr (json, R"("held": true, "source": null, "width": 640)") != NULL,
      "%s", json);

  gst_buffer_unref (buffer);
}

GST_END_TEST;

/* The text to_json writes for @value, as a label's probability. */
static std::string
number_json (gdouble value)
{
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  GstGetiLabel label = make_label (ID_BALL, "ball", 0, value);

  add_prediction (predictions, &label, 1, GstGetiShape{});
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 1, 1);
  gst_geti_predictions_unref (predictions);
  g_autofree gchar *json = gst_geti_prediction_meta_to_json (meta);
  gst_buffer_unref (buffer);

  const std::string text (json);
  const std::string start = R"("probability": )";
  const std::size_t from = text.find (start);
  const std::size_t to = text.find ("}", from);
  fail_unless (from != std::string::npos && to != std::string::npos, "%s",
      text.c_str ());
  return text.substr (from + start.size (), to - from - start.size ());
}

/* The text to_json writes for @value, as a keypoint's x. */
static std::string
coordinate_json (gdouble value)
{
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictions *predictions = gst_geti_predictions_new (NULL);
  GstGetiPredictionMeta *meta;
  gchar *json;

  add_prediction (predictions, NULL, 0,
      make_shape (GST_GETI_SHAPE_KEYPOINT, value, 0, 0, 0));
  meta = gst_buffer_add_geti_prediction_meta (buffer, predictions, 1, 1);
  gst_geti_predictions_unref (predictions);
  json = gst_geti_prediction_meta_to_json (meta);
  gst_buffer_unref (buffer);

  std::string text (json);
  g_free (json);
  const std::string start = R"("x": )";
  const std::string end = R"(, "y": 0)";
  std::size_t from = text.find (start);
  std::size_t to = text.find (end);
  fail_unless (from != std::string::npos && to != std::string::npos, "%s",
      text.c_str ());
  from += start.size ();
  return text.substr (from, to - from);
}

static std::string
latency_json (GstClockTime latency)
{
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, NULL, 1, 1);
  gchar *json;

  meta->latency = latency;
  json = gst_geti_prediction_meta_to_json (meta);
  gst_buffer_unref (buffer);

  std::string text (json);
  g_free (json);
  const std::string start = R"("latency_ms": )";
  const std::string end = R"(, "created")";
  std::size_t from = text.find (start) + start.size ();
  return text.substr (from, text.find (end) - from);
}

#define assert_number_json(value, text)                                        \
  G_STMT_START                                                                 \
  {                                                                            \
    std::string _json = number_json (value);                                   \
    fail_unless_equals_string (_json.c_str (), text);                          \
  }                                                                            \
  G_STMT_END

#define assert_coordinate_json(value, text)                                    \
  G_STMT_START                                                                 \
  {                                                                            \
    std::string _json = coordinate_json (value);                               \
    fail_unless_equals_string (_json.c_str (), text);                          \
  }                                                                            \
  G_STMT_END

#define assert_latency_json(latency, text)                                     \
  G_STMT_START                                                                 \
  {                                                                            \
    std::string _json = latency_json (latency);                                \
    fail_unless_equals_string (_json.c_str (), text);                          \
  }                                                                            \
  G_STMT_END

GST_START_TEST (test_to_json_numbers)
{
  /* Test that numbers are integers when integral, else the shortest text
   * that reads back as the same double, and null when not finite; and
   * that latency is in milliseconds rounded to the microsecond. */
  assert_number_json (0, "0");
  assert_number_json (-0.0, "0");
  assert_number_json (302, "302");
  assert_number_json (-7, "-7");
  assert_number_json (999999999999999.0, "999999999999999");
  assert_number_json (1e15, "1e+15");
  assert_number_json (0.1, "0.1");
  assert_number_json (-2.5, "-2.5");
  assert_number_json (0.1 + 0.2, "0.30000000000000004");
  assert_number_json (1.0 / 3, "0.3333333333333333");
  assert_number_json ((gdouble) 0.87f, "0.8700000047683716");
  assert_number_json (1e-7, "1e-07");
  assert_number_json (1234567890123456789.0, "1.2345678901234568e+18");
  assert_number_json (G_MAXDOUBLE, "1.7976931348623157e+308");
  assert_number_json (NAN, "null");
  assert_number_json (INFINITY, "null");
  assert_number_json (-INFINITY, "null");

  /* Coordinates, sizes and angles are rounded to 2 decimals, integers
   * without a fraction */
  assert_coordinate_json (620.722891566265, "620.72");
  assert_coordinate_json (620.725891566265, "620.73");
  assert_coordinate_json (0.1 + 0.2, "0.3");
  assert_coordinate_json (-2.5, "-2.5");
  assert_coordinate_json (302, "302");
  assert_coordinate_json (301.999, "302");
  assert_coordinate_json (-0.001, "0");
  assert_coordinate_json (1.0 / 3, "0.33");
  assert_coordinate_json (-1.0 / 3, "-0.33");
  assert_coordinate_json (123456789.123456, "123456789.12");
  assert_coordinate_json (1234567890.123, "1234567890.123");
  assert_coordinate_json (1e15, "1e+15");
  assert_coordinate_json (NAN, "null");
  assert_coordinate_json (INFINITY, "null");

  assert_latency_json (41700400, "41.7");
  assert_latency_json (41700499, "41.7");
  assert_latency_json (41700500, "41.701");
  assert_latency_json (999999500, "1000");
  assert_latency_json (0, "0");
  assert_latency_json (499, "0");
  assert_latency_json (GST_CLOCK_TIME_NONE, "null");
}

GST_END_TEST;

GST_START_TEST (test_to_json_invalid_utf8)
{
  /* Test that invalid UTF-8 in a string is replaced by U+FFFD and the
   * result still parses. */
  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictions *predictions = gst_geti_predictions_new ("t\xff");
  GstGetiLabel label = make_label ("id\xc3",
      "a\xff"
      "b\xe6\x97",
      0, 1);
  GstGetiPredictionMeta *meta;
  g_autofree gchar *json = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  add_prediction (
      predictions, &label, 1, make_shape (GST_GETI_SHAPE_NONE, 0, 0, 0, 0));
  meta = gst_buffer_add_geti_prediction_meta (buffer, predictions, 1, 1);
  gst_geti_predictions_unref (predictions);
  json = gst_geti_prediction_meta_to_json (meta);

  fail_unless (g_utf8_validate (json, -1, NULL));
  fail_unless (strstr (json, R"("created": "t)"
                             "\xef\xbf\xbd"
                             R"(")") != NULL,
      "%s", json);
  fail_unless (strstr (json, R"({"id": "id)"
                             "\xef\xbf\xbd"
                             R"(", "name": "a)"
                             "\xef\xbf\xbd"
                             "b"
                             "\xef\xbf\xbd\xef\xbf\xbd"
                             R"(", "color": null)") != NULL,
      "%s", json);
  fail_unless (json_parser_load_from_data (parser, json, -1, &error), "%s",
      error ? error->message : "");
  gst_buffer_unref (buffer);
}

GST_END_TEST;

static void
assert_json_number (JsonObject *object, const gchar *member, gdouble value)
{
  JsonNode *node = json_object_get_member (object, member);

  fail_unless (node != NULL, "no member %s", member);
  fail_unless (JSON_NODE_HOLDS_VALUE (node), "%s is not a value", member);
  fail_unless (json_node_get_double (node) == value, "%s: %.17g != %.17g",
      member, json_node_get_double (node), value);
}

/* A coordinate, size or angle: written rounded to 2 decimals */
static void
assert_json_coordinate (JsonObject *object, const gchar *member, gdouble value)
{
  JsonNode *node = json_object_get_member (object, member);

  fail_unless (node != NULL, "no member %s", member);
  fail_unless (JSON_NODE_HOLDS_VALUE (node), "%s is not a value", member);
  const gdouble rounded = std::round (value * 100) / 100;
  fail_unless (std::fabs (json_node_get_double (node) - rounded) <=
                   1e-9 * std::max (1.0, std::fabs (rounded)),
      "%s: %.17g, not %.17g rounded", member, json_node_get_double (node),
      value);
}

static void
assert_json_string (JsonObject *object, const gchar *member, const gchar *value)
{
  JsonNode *node = json_object_get_member (object, member);

  fail_unless (node != NULL, "no member %s", member);
  if (!value) {
    fail_unless (JSON_NODE_HOLDS_NULL (node), "%s is not null", member);
    return;
  }
  fail_unless_equals_string (json_node_get_string (node), value);
}

static void
assert_json_members (JsonObject *object, const gchar *const *names)
{
  GList *members = json_object_get_members (object);

  fail_unless_equals_int (
      g_list_length (members), g_strv_length (const_cast<gchar **> (names)));
  for (GList *l = members; l; l = l->next)
    fail_unless (g_strv_contains (names, static_cast<gchar *> (l->data)),
        "unexpected member %s", static_cast<gchar *> (l->data));
  g_list_free (members);
}

GST_START_TEST (test_to_json_round_trip)
{
  /* Test that json-glib reads back every field of the meta from to_json:
   * header, source, track ids, labels, colours and every shape type. */
  GstGetiPredictionMeta *meta;
  GstBuffer *buffer;
  g_autofree gchar *json = every_shape_json (&meta, &buffer);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const gchar *const root_members[] = { "frame", "pts", "source_pts", "held",
    "source", "width", "height", "latency_ms", "created", "predictions", NULL };
  const gchar *const label_members[] = { "id", "name", "color", "probability",
    NULL };

  fail_unless (json_parser_load_from_data (parser, json, -1, &error), "%s",
      error ? error->message : "");
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));

  assert_json_members (root, root_members);
  fail_unless_equals_int64 (
      json_object_get_int_member (root, "frame"), meta->frame);
  fail_unless_equals_int64 (
      json_object_get_int_member (root, "pts"), meta->pts);
  fail_unless_equals_int64 (
      json_object_get_int_member (root, "source_pts"), meta->source_pts);
  fail_unless_equals_int (
      json_object_get_boolean_member (root, "held"), meta->held);
  assert_json_string (root, "source",
      gst_geti_prediction_source_to_string (
          gst_geti_prediction_meta_get_source (meta)));
  fail_unless_equals_int64 (
      json_object_get_int_member (root, "width"), meta->width);
  fail_unless_equals_int64 (
      json_object_get_int_member (root, "height"), meta->height);
  assert_json_number (root, "latency_ms", 41.7);
  assert_json_string (
      root, "created", gst_geti_predictions_get_created (meta->predictions));

  JsonArray *array = json_object_get_array_member (root, "predictions");
  guint n = gst_geti_prediction_meta_get_n_predictions (meta);
  fail_unless_equals_int (json_array_get_length (array), n);

  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, i);
    JsonObject *pobj = json_array_get_object_element (array, i);
    JsonArray *labels = json_object_get_array_member (pobj, "labels");

    /* a track id only where there is one */
    fail_unless_equals_int (
        json_object_has_member (pobj, "track_id"), p->track_id != 0);
    if (p->track_id != 0)
      fail_unless_equals_int64 (
          json_object_get_int_member (pobj, "track_id"), p->track_id);

    fail_unless_equals_int (json_array_get_length (labels), p->n_labels);
    for (guint j = 0; j < p->n_labels; j++) {
      const GstGetiLabel *label = &p->labels[j];
      JsonObject *lobj = json_array_get_object_element (labels, j);
      g_autofree gchar *color = NULL;

      assert_json_members (lobj, label_members);
      assert_json_string (lobj, "id", label->id);
      assert_json_string (lobj, "name", label->name);
      if (label->color)
        color = g_strdup_printf ("#%08x", label->color);
      assert_json_string (lobj, "color", color);
      assert_json_number (lobj, "probability", label->probability);
    }

    if (p->shape.type == GST_GETI_SHAPE_NONE) {
      fail_if (json_object_has_member (pobj, "shape"));
      continue;
    }

    JsonObject *shape = json_object_get_object_member (pobj, "shape");
    assert_json_string (
        shape, "type", gst_geti_shape_type_to_string (p->shape.type));
    switch (p->shape.type) {
      case GST_GETI_SHAPE_RECTANGLE:
      case GST_GETI_SHAPE_ELLIPSE:
      case GST_GETI_SHAPE_ROTATED_RECTANGLE: {
        const gchar *const rect[] = { "type", "x", "y", "width", "height",
          NULL };
        const gchar *const rotated[] = { "type", "x", "y", "width", "height",
          "angle", NULL };

        assert_json_members (shape,
            p->shape.type == GST_GETI_SHAPE_ROTATED_RECTANGLE ? rotated : rect);
        assert_json_coordinate (shape, "x", p->shape.x);
        assert_json_coordinate (shape, "y", p->shape.y);
        assert_json_coordinate (shape, "width", p->shape.width);
        assert_json_coordinate (shape, "height", p->shape.height);
        if (p->shape.type == GST_GETI_SHAPE_ROTATED_RECTANGLE)
          assert_json_coordinate (shape, "angle", p->shape.angle);
        break;
      }
      case GST_GETI_SHAPE_POLYGON: {
        const gchar *const members[] = { "type", "points", NULL };
        JsonArray *points = json_object_get_array_member (shape, "points");

        assert_json_members (shape, members);
        fail_unless_equals_int (
            json_array_get_length (points), p->shape.n_points);
        for (guint k = 0; k < p->shape.n_points; k++) {
          JsonObject *point = json_array_get_object_element (points, k);

          assert_json_coordinate (point, "x", p->shape.points[k].x);
          assert_json_coordinate (point, "y", p->shape.points[k].y);
        }
        break;
      }
      case GST_GETI_SHAPE_KEYPOINT: {
        const gchar *const members[] = { "type", "x", "y", "is_visible", NULL };

        assert_json_members (shape, members);
        assert_json_coordinate (shape, "x", p->shape.x);
        assert_json_coordinate (shape, "y", p->shape.y);
        fail_unless_equals_int (
            json_object_get_boolean_member (shape, "is_visible"),
            p->shape.visible);
        break;
      }
      default:
        g_assert_not_reached ();
    }
  }

  gst_buffer_unref (buffer);
}

GST_END_TEST;

/* explanation maps */

/* The pixels of a @width x @height map whose byte i is (i * 7 + @seed) %
 * 256: maps that differ, and a wrong byte that shows. */
static GBytes *
make_map_pixels (guint width, guint height, guint seed)
{
  const gsize size = static_cast<gsize> (width) * height;
  auto data = static_cast<guint8 *> (g_malloc (size));

  for (gsize i = 0; i < size; i++)
    data[i] = (i * 7 + seed) % 256;
  return g_bytes_new_take (data, size);
}

/* Adds to the writable @predictions the maps every map test reads: an
 * 80x60 one for the ball (with name and colour) and a 16x16 one for a
 * label without name or colour. */
static void
add_every_map (GstGetiPredictions *predictions)
{
  g_autoptr (GBytes) ball_pixels = make_map_pixels (80, 60, 1);
  g_autoptr (GBytes) other_pixels = make_map_pixels (16, 16, 2);
  g_autoptr (GstGetiMap) ball =
      gst_geti_map_new (ID_BALL, "ball", 0xff5662ff, 80, 60, ball_pixels);
  g_autoptr (GstGetiMap) other =
      gst_geti_map_new (ID_NOSE, NULL, 0, 16, 16, other_pixels);

  fail_unless (ball != NULL && other != NULL);
  gst_geti_predictions_add_map (predictions, ball);
  gst_geti_predictions_add_map (predictions, other);
}

/* The data pointer of the pixels of @map: the same pointer for two maps
 * means they share the bytes. */
static gconstpointer
map_data (const GstGetiMap *map)
{
  g_autoptr (GBytes) bytes = gst_geti_map_get_bytes (map);

  return g_bytes_get_data (bytes, NULL);
}

/* Asserts that the maps of @predictions are those of @original: the same
 * map objects, sharing the same pixels. */
static void
assert_maps_shared (
    const GstGetiPredictions *predictions, const GstGetiPredictions *original)
{
  const guint n = gst_geti_predictions_get_n_maps (original);

  fail_unless (n > 0);
  fail_unless_equals_int (gst_geti_predictions_get_n_maps (predictions), n);
  for (guint i = 0; i < n; i++) {
    const GstGetiMap *map = gst_geti_predictions_get_map (predictions, i);
    const GstGetiMap *orig = gst_geti_predictions_get_map (original, i);

    fail_unless (map == orig, "map %u was copied", i);
    fail_unless (map_data (map) == map_data (orig));
  }
}

GST_START_TEST (test_maps_add_get)
{
  /* Test that maps added to a list read back in order with their label,
   * size and pixels, that each addition is a change (new seqnum), that
   * the list holds its own reference to each map, and that an index out
   * of range gives NULL. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  g_autoptr (GBytes) pixels = make_map_pixels (80, 60, 1);
  GstGetiMap *map =
      gst_geti_map_new (ID_BALL, "ball", 0xff5662ff, 80, 60, pixels);
  const guint before = gst_geti_predictions_get_seqnum (predictions);

  fail_unless_equals_int (gst_geti_predictions_get_n_maps (predictions), 0);
  fail_unless (gst_geti_predictions_get_map (predictions, 0) == NULL);

  gst_geti_predictions_add_map (predictions, map);
  const guint one = gst_geti_predictions_get_seqnum (predictions);
  fail_if (one == before);
  /* the list has its own reference: the caller's may go */
  gst_geti_map_unref (map);

  g_autoptr (GBytes) other_pixels = make_map_pixels (16, 16, 2);
  g_autoptr (GstGetiMap) other =
      gst_geti_map_new (ID_NOSE, NULL, 0, 16, 16, other_pixels);
  gst_geti_predictions_add_map (predictions, other);
  fail_if (gst_geti_predictions_get_seqnum (predictions) == one);

  fail_unless_equals_int (gst_geti_predictions_get_n_maps (predictions), 2);
  fail_unless_equals_int (
      gst_geti_predictions_get_size (predictions), N_EVERY_SHAPE);
  map = gst_geti_predictions_get_map (predictions, 0);
  fail_unless_equals_string (gst_geti_map_get_label_id (map), ID_BALL);
  fail_unless_equals_string (gst_geti_map_get_label_name (map), "ball");
  fail_unless_equals_int (gst_geti_map_get_color (map), 0xff5662ff);
  fail_unless_equals_int (gst_geti_map_get_width (map), 80);
  fail_unless_equals_int (gst_geti_map_get_height (map), 60);
  fail_unless_equals_int (gst_geti_map_get_stride (map), 80);
  fail_unless (map_data (map) == g_bytes_get_data (pixels, NULL));
  fail_unless (gst_geti_predictions_get_map (predictions, 1) == other);
  fail_unless (gst_geti_predictions_get_map (predictions, 2) == NULL);
  fail_unless (gst_geti_predictions_get_map (predictions, G_MAXUINT) == NULL);
}

GST_END_TEST;

GST_START_TEST (test_maps_invalid)
{
  /* Test that bad arguments are refused with a critical, never a crash:
   * pixels of any other size than width x height, no pixels, no label id,
   * an empty size; adding no map, or adding to a shared list (which keeps
   * its maps and its seqnum). */
  g_autoptr (GBytes) pixels = make_map_pixels (80, 60, 1);
  g_autoptr (GBytes) short_pixels = make_map_pixels (80, 59, 1);
  g_autoptr (GBytes) long_pixels = make_map_pixels (81, 60, 1);
  GstGetiMap *map = NULL;

  ASSERT_CRITICAL (
      map = gst_geti_map_new (ID_BALL, "ball", 0, 80, 60, short_pixels));
  fail_unless (map == NULL);
  ASSERT_CRITICAL (
      map = gst_geti_map_new (ID_BALL, "ball", 0, 80, 60, long_pixels));
  fail_unless (map == NULL);
  ASSERT_CRITICAL (map = gst_geti_map_new (ID_BALL, "ball", 0, 80, 60, NULL));
  fail_unless (map == NULL);
  ASSERT_CRITICAL (map = gst_geti_map_new (NULL, "ball", 0, 80, 60, pixels));
  fail_unless (map == NULL);
  ASSERT_CRITICAL (map = gst_geti_map_new (ID_BALL, "ball", 0, 0, 60, pixels));
  fail_unless (map == NULL);
  ASSERT_CRITICAL (map = gst_geti_map_new (ID_BALL, "ball", 0, 80, 0, pixels));
  fail_unless (map == NULL);
  /* a size whose product wraps in 32 bits to the size of the pixels
   * (65536 x 65537 = 2^32 + 65536) is not mistaken for it */
  g_autoptr (GBytes) wrapped_pixels = make_map_pixels (256, 256, 1);
  ASSERT_CRITICAL (map = gst_geti_map_new (
                       ID_BALL, "ball", 0, 65536, 65537, wrapped_pixels));
  fail_unless (map == NULL);

  g_autoptr (GstGetiPredictions) predictions = gst_geti_predictions_new (NULL);
  g_autoptr (GstGetiMap) good =
      gst_geti_map_new (ID_BALL, "ball", 0, 80, 60, pixels);
  ASSERT_CRITICAL (gst_geti_predictions_add_map (predictions, NULL));
  ASSERT_CRITICAL (gst_geti_predictions_add_map (NULL, good));

  GstGetiPredictions *shared = gst_geti_predictions_ref (predictions);
  const guint seqnum = gst_geti_predictions_get_seqnum (predictions);
  ASSERT_CRITICAL (gst_geti_predictions_add_map (predictions, good));
  gst_geti_predictions_unref (shared);
  fail_unless_equals_int (gst_geti_predictions_get_n_maps (predictions), 0);
  fail_unless_equals_int (
      gst_geti_predictions_get_seqnum (predictions), seqnum);

  ASSERT_CRITICAL (gst_geti_predictions_get_n_maps (NULL));
  ASSERT_CRITICAL (gst_geti_predictions_get_map (NULL, 0));
  ASSERT_CRITICAL (gst_geti_map_get_bytes (NULL));
  ASSERT_CRITICAL (gst_geti_map_get_buffer (NULL));
  ASSERT_CRITICAL (gst_geti_map_unref (NULL));
}

GST_END_TEST;

GST_START_TEST (test_maps_shared_by_held_buffers)
{
  /* Test that the buffers holding one list (the predicted frame and the
   * frames that hold its answer) and a copy of one of them share its maps
   * and their pixels, and that the meta's accessors read them. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  add_every_map (predictions);
  GstBuffer *predicted = gst_buffer_new ();
  GstBuffer *held = gst_buffer_new ();
  GstGetiPredictionMeta *meta_p =
      gst_buffer_add_geti_prediction_meta (predicted, predictions, 640, 480);
  GstGetiPredictionMeta *meta_h =
      gst_buffer_add_geti_prediction_meta (held, predictions, 640, 480);
  meta_h->held = TRUE;

  GstBuffer *copy = gst_buffer_copy (held);
  GstGetiPredictionMeta *meta_c = gst_buffer_get_geti_prediction_meta (copy);
  fail_unless (meta_c != NULL);

  for (GstGetiPredictionMeta *meta : { meta_p, meta_h, meta_c }) {
    fail_unless_equals_int (gst_geti_prediction_meta_get_n_maps (meta), 2);
    assert_maps_shared (meta->predictions, predictions);
    for (guint i = 0; i < 2; i++)
      fail_unless (gst_geti_prediction_meta_get_map (meta, i) ==
                   gst_geti_predictions_get_map (predictions, i));
    fail_unless (gst_geti_prediction_meta_get_map (meta, 2) == NULL);
  }
  fail_unless (map_data (gst_geti_prediction_meta_get_map (meta_p, 0)) ==
               map_data (gst_geti_prediction_meta_get_map (meta_c, 0)));

  /* a meta with no list, as gst_buffer_add_meta() alone leaves it */
  GstBuffer *bare = gst_buffer_new ();
  auto bare_meta = reinterpret_cast<GstGetiPredictionMeta *> (
      gst_buffer_add_meta (bare, GST_GETI_PREDICTION_META_INFO, NULL));
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_maps (bare_meta), 0);
  fail_unless (gst_geti_prediction_meta_get_map (bare_meta, 0) == NULL);

  for (GstBuffer *buffer : { predicted, held, copy, bare })
    gst_buffer_unref (buffer);
  fail_unless (gst_geti_predictions_is_writable (predictions));
}

GST_END_TEST;

GST_START_TEST (test_maps_scale)
{
  /* Test that gst_geti_predictions_scale shares the maps of the list (the
   * same maps, the same pixels, their size unchanged: a map covers the
   * whole frame at any size), and that the scaled copy keeps its own
   * reference to them when the original goes. */
  GstGetiPredictions *predictions = make_every_shape ();
  add_every_map (predictions);
  const gconstpointer data0 =
      map_data (gst_geti_predictions_get_map (predictions, 0));
  GstGetiMap *map0 = gst_geti_predictions_get_map (predictions, 0);

  g_autoptr (GstGetiPredictions) half =
      gst_geti_predictions_scale (predictions, 0.5, 0.25);
  g_autoptr (GstGetiPredictions) same =
      gst_geti_predictions_scale (predictions, 1, 1);
  fail_unless (half != NULL && same != NULL);
  assert_maps_shared (half, predictions);
  assert_maps_shared (same, predictions);
  fail_unless_equals_int (gst_geti_map_get_width (map0), 80);
  fail_unless_equals_int (gst_geti_map_get_height (map0), 60);
  fail_unless (gst_geti_predictions_is_writable (half));

  gst_geti_predictions_unref (predictions);
  fail_unless_equals_int (gst_geti_predictions_get_n_maps (half), 2);
  fail_unless (gst_geti_predictions_get_map (half, 0) == map0);
  fail_unless (map_data (map0) == data0);
  fail_unless_equals_string (gst_geti_map_get_label_id (map0), ID_BALL);

  /* without maps, the copy has none */
  g_autoptr (GstGetiPredictions) plain = make_every_shape ();
  g_autoptr (GstGetiPredictions) plain_half =
      gst_geti_predictions_scale (plain, 0.5, 0.5);
  fail_unless_equals_int (gst_geti_predictions_get_n_maps (plain_half), 0);
}

GST_END_TEST;

GST_START_TEST (test_maps_scale_transform)
{
  /* Test that the meta's SCALE transform, called as videoscale calls it,
   * gives the scaled buffer's list the same maps and pixels, and that a
   * transform that keeps the size shares the list itself. */
  GstBuffer *src = make_i420_buffer (640, 480);
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  add_every_map (predictions);
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (src, predictions, 640, 480);
  const GstMetaInfo *info = GST_GETI_PREDICTION_META_INFO;
  GstVideoInfo in_info, out_info;

  gst_video_info_set_format (&in_info, GST_VIDEO_FORMAT_I420, 640, 480);
  for (guint out_width : { 160u, 640u }) {
    GstBuffer *dest = gst_buffer_new ();

    gst_video_info_set_format (
        &out_info, GST_VIDEO_FORMAT_I420, out_width, out_width * 3 / 4);
    GstVideoMetaTransform trans = { &in_info, &out_info };
    fail_unless (info->transform_func (dest, &meta->meta, src,
        gst_video_meta_transform_scale_get_quark (), &trans));

    GstGetiPredictionMeta *scaled = gst_buffer_get_geti_prediction_meta (dest);
    fail_unless (scaled != NULL);
    fail_unless_equals_int (scaled->width, out_width);
    if (out_width == 640)
      fail_unless (scaled->predictions == predictions);
    else
      fail_unless (scaled->predictions != predictions);
    assert_maps_shared (scaled->predictions, predictions);
    gst_buffer_unref (dest);
  }
  gst_buffer_unref (src);
}

GST_END_TEST;

GST_START_TEST (test_maps_videoscale)
{
  /* Test that a real videoscale (640x480 -> 320x240) carries the maps to
   * its output buffer, shared with the input's list, not copied nor
   * scaled. */
  g_autoptr (GstGetiPredictions) predictions = make_every_shape ();
  add_every_map (predictions);
  GstBuffer *out = push_through ("videoscale",
      "video/x-raw, format=I420, width=320, height=240", predictions);
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (out);

  fail_unless (meta != NULL);
  fail_unless_equals_int (meta->width, 320);
  fail_unless (meta->predictions != predictions);
  assert_other_fields_kept (meta);
  fail_unless_equals_int (gst_geti_prediction_meta_get_n_maps (meta), 2);
  assert_maps_shared (meta->predictions, predictions);
  fail_unless_equals_int (
      gst_geti_map_get_width (gst_geti_prediction_meta_get_map (meta, 0)), 80);
  gst_buffer_unref (out);
  fail_unless (gst_geti_predictions_is_writable (predictions));
}

GST_END_TEST;

GST_START_TEST (test_to_json_maps)
{
  /* Test that to_json lists the maps after the predictions, exactly
   * (label id, name or null, the map's own width and height, strings
   * escaped), and has no "maps" member for a list without maps, scaled or
   * not. */
  g_autoptr (GstGetiPredictions) predictions =
      gst_geti_predictions_new ("2023-11-07 14:57:03.371633532 +0000");
  GstGetiLabel ball = make_label (ID_BALL, "ball", 0xff5662ff, 0.97);
  add_prediction (predictions, &ball, 1,
      make_shape (GST_GETI_SHAPE_RECTANGLE, 302, 222, 38, 38));
  add_every_map (predictions);
  g_autoptr (GBytes) pixels = make_map_pixels (1, 2, 3);
  g_autoptr (GstGetiMap) quoted =
      gst_geti_map_new ("id \"q\"", "a\\b\n", 0x00ff00ff, 1, 2, pixels);
  gst_geti_predictions_add_map (predictions, quoted);

  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, predictions, 640, 480);
  meta->frame = 3;
  g_autofree gchar *json = gst_geti_prediction_meta_to_json (meta);

  fail_unless_equals_string (json,
      R"({"frame": 3, "pts": null, "source_pts": null, "held": false, )"
      R"("source": "predicted", "width": 640, "height": 480, )"
      R"("latency_ms": null, )"
      R"("created": "2023-11-07 14:57:03.371633532 +0000", "predictions": [)"
      R"({"labels": [)" BALL_JSON R"(], "shape": {"type": "RECTANGLE", )"
      R"("x": 302, "y": 222, "width": 38, "height": 38}}], "maps": [)"
      R"({"label_id": "65a0f7c7d0b4c1a2b3c4d5a1", "name": "ball", )"
      R"("width": 80, "height": 60}, )"
      R"({"label_id": ")" ID_NOSE R"(", "name": null, )"
      R"("width": 16, "height": 16}, )"
      R"({"label_id": "id \"q\"", "name": "a\\b\u000a", )"
      R"("width": 1, "height": 2}]})");

  /* it parses, and the maps member is an array of 3 */
  g_autoptr (JsonParser) parser = json_parser_new ();
  fail_unless (json_parser_load_from_data (parser, json, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  fail_unless_equals_int (
      json_array_get_length (json_object_get_array_member (root, "maps")), 3);
  gst_buffer_unref (buffer);

  /* no maps, no member: the same list without maps, and its scaled copy */
  g_autoptr (GstGetiPredictions) plain = make_every_shape ();
  g_autoptr (GstGetiPredictions) scaled =
      gst_geti_predictions_scale (plain, 0.5, 0.5);
  for (GstGetiPredictions *list : { plain, scaled }) {
    buffer = gst_buffer_new ();
    meta = gst_buffer_add_geti_prediction_meta (buffer, list, 640, 480);
    g_autofree gchar *text = gst_geti_prediction_meta_to_json (meta);
    fail_unless (strstr (text, "\"maps\"") == NULL, "%s", text);
    fail_unless (g_str_has_suffix (text, "}]}"), "%s", text);
    gst_buffer_unref (buffer);
  }
}

GST_END_TEST;

/* gstcheck handles the criticals of the GLib, GObject and GStreamer log
 * domains only, and not when they are fatal (G_DEBUG=fatal-criticals, as
 * the test environment sets): handle the library's domain here, so that
 * ASSERT_CRITICAL sees its criticals and an unexpected one fails. */
static void
check_log_func (const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer user_data)
{
  if (_gst_check_expecting_log) {
    if (level & G_LOG_LEVEL_CRITICAL)
      _gst_check_raised_critical = TRUE;
    if (level & G_LOG_LEVEL_WARNING)
      _gst_check_raised_warning = TRUE;
    return;
  }
  fail ("unexpected %s from %s: %s",
      (level & G_LOG_LEVEL_CRITICAL) ? "critical" : "warning", domain, message);
}

/* Tells gstcheck's fatal-log hook that an expected critical is not fatal. */
static gboolean
expected_log_filter (const gchar *domain, GLogLevelFlags level,
    const gchar *message, gpointer user_data)
{
  return _gst_check_expecting_log;
}

static guint log_handler_id;
static GstCheckLogFilter *log_filter;

static void
setup_log_handling (void)
{
  const GLogLevelFlags levels =
      static_cast<GLogLevelFlags> (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  log_handler_id = g_log_set_handler ("GstGeti",
      static_cast<GLogLevelFlags> (levels | G_LOG_FLAG_FATAL), check_log_func,
      NULL);
  log_filter = gst_check_add_log_filter ("GstGeti", levels,
      g_regex_new ("", G_REGEX_OPTIMIZE, G_REGEX_MATCH_DEFAULT, NULL),
      expected_log_filter, NULL, NULL);
}

static void
teardown_log_handling (void)
{
  gst_check_remove_log_filter (log_filter);
  g_log_remove_handler ("GstGeti", log_handler_id);
}

static Suite *
meta_suite (void)
{
  Suite *s = suite_create ("meta");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_checked_fixture (tc, setup_log_handling, teardown_log_handling);
  tcase_add_test (tc, test_predictions_add_get);
  tcase_add_test (tc, test_predictions_invalid_add);
  tcase_add_test (tc, test_predictions_refcount);
  tcase_add_test (tc, test_predictions_refcount_threads);
  tcase_add_test (tc, test_shape_type_to_string);
  tcase_add_test (tc, test_predictions_scale_uniform);
  tcase_add_test (tc, test_predictions_scale_rotated_non_uniform);
  tcase_add_test (tc, test_meta_registration);
  tcase_add_test (tc, test_meta_add_get);
  tcase_add_test (tc, test_meta_copy);
  tcase_add_test (tc, test_meta_scale_transform);
  tcase_add_test (tc, test_meta_get_source);
  tcase_add_test (tc, test_meta_other_transform_dropped);
  tcase_add_test (tc, test_meta_videoscale);
  tcase_add_test (tc, test_meta_videoscale_non_uniform);
  tcase_add_test (tc, test_meta_videoconvert);
  tcase_add_test (tc, test_meta_videoflip_dropped);
  tcase_add_test (tc, test_to_json_every_shape);
  tcase_add_test (tc, test_to_json_nulls);
  tcase_add_test (tc, test_to_json_source);
  tcase_add_test (tc, test_to_json_numbers);
  tcase_add_test (tc, test_to_json_invalid_utf8);
  tcase_add_test (tc, test_to_json_round_trip);
  tcase_add_test (tc, test_maps_add_get);
  tcase_add_test (tc, test_maps_invalid);
  tcase_add_test (tc, test_maps_shared_by_held_buffers);
  tcase_add_test (tc, test_maps_scale);
  tcase_add_test (tc, test_maps_scale_transform);
  tcase_add_test (tc, test_maps_videoscale);
  tcase_add_test (tc, test_to_json_maps);

  return s;
}

GST_CHECK_MAIN (meta);
