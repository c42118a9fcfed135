/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getitrack: identities and the frames between two answers.
 *
 * Most tests drive the element in a GstHarness with frames whose meta is
 * made here the way getipredict makes it: an answer is a new prediction
 * list marked predicted, the frames after it hold that same list (the same
 * object, as getipredict shares it) marked held. The end-to-end tests run
 * getipredict against the fake server on the ball and on the crossing clip
 * (moving_objects.h), whose truth is known on every frame. */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "moving_objects.h"
#include "test_helpers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr guint WIDTH = 640;
constexpr guint HEIGHT = 480;

GstClockTime
pts_of (guint64 frame)
{
  return gst_util_uint64_scale (frame, GST_SECOND, 30);
}

/* One prediction to make: labels (ids; the name is the id) and a shape */
struct Spec {
  std::vector<std::string> labels{ "ball" };
  GstGetiShapeType type = GST_GETI_SHAPE_RECTANGLE;
  double x = 0, y = 0, w = 0, h = 0, angle = 0;
  std::vector<GstGetiPoint> points;
};

Spec
rect (double x, double y, double w, double h, const char *label = "ball")
{
  Spec s;
  s.labels = { label };
  s.x = x;
  s.y = y;
  s.w = w;
  s.h = h;
  return s;
}

GstGetiPredictions *
make_list (const std::vector<Spec> &specs)
{
  GstGetiPredictions *list = gst_geti_predictions_new ("2026-11-29");
  for (const Spec &spec : specs) {
    std::vector<GstGetiLabel> labels;
    for (const std::string &id : spec.labels) {
      GstGetiLabel label = {};
      label.id = const_cast<gchar *> (id.c_str ());
      label.name = const_cast<gchar *> (id.c_str ());
      label.color = 0xff5662ff;
      label.probability = 0.9;
      labels.push_back (label);
    }
    GstGetiPrediction p = {};
    p.labels = labels.empty () ? nullptr : labels.data ();
    p.n_labels = static_cast<guint> (labels.size ());
    p.shape.type = spec.type;
    p.shape.x = spec.x;
    p.shape.y = spec.y;
    p.shape.width = spec.w;
    p.shape.height = spec.h;
    p.shape.angle = spec.angle;
    p.shape.points = spec.points.empty ()
                         ? nullptr
                         : const_cast<GstGetiPoint *> (spec.points.data ());
    p.shape.n_points = static_cast<guint> (spec.points.size ());
    p.shape.visible = TRUE;
    gst_geti_predictions_add (list, &p);
  }
  return list;
}

/* The ROI metas getipredict attaches next to its meta (roi_type, a
 * "detection" structure with geti-label-id, id = index) */
void
add_rois (GstBuffer *buffer, GstGetiPredictions *list)
{
  for (guint i = 0; i < gst_geti_predictions_get_size (list); i++) {
    const GstGetiPrediction *p = gst_geti_predictions_get (list, i);
    if (p->n_labels == 0 || p->shape.type != GST_GETI_SHAPE_RECTANGLE)
      continue;
    GstVideoRegionOfInterestMeta *roi =
        gst_buffer_add_video_region_of_interest_meta (buffer, p->labels[0].name,
            static_cast<guint> (p->shape.x), static_cast<guint> (p->shape.y),
            static_cast<guint> (p->shape.width),
            static_cast<guint> (p->shape.height));
    roi->id = static_cast<gint> (i);
    gst_video_region_of_interest_meta_add_param (
        roi, gst_structure_new ("detection", "label", G_TYPE_STRING,
                 p->labels[0].name, "confidence", G_TYPE_DOUBLE, 0.9,
                 "geti-label-id", G_TYPE_STRING, p->labels[0].id, nullptr));
  }
}

/* getitrack in a harness, fed frames of 640x480 GRAY8 at 30/1 */
struct Harness {
  GstHarness *h;

  explicit Harness (const char *properties = "motion=interpolate")
  {
    h = gst_harness_new ("getitrack");
    gchar **settings = g_strsplit (properties, " ", -1);
    for (gchar **setting = settings; *setting != nullptr; setting++) {
      gchar **pair = g_strsplit (*setting, "=", 2);
      if (pair[0] != nullptr && pair[1] != nullptr)
        gst_util_set_object_arg (G_OBJECT (h->element), pair[0], pair[1]);
      g_strfreev (pair);
    }
    g_strfreev (settings);
    gst_harness_set_src_caps_str (
        h, "video/x-raw,format=GRAY8,width=640,height=480,framerate=30/1");
  }
  ~Harness ()
  {
    gst_harness_teardown (h);
  }
  Harness (const Harness &) = delete;
  Harness &operator= (const Harness &) = delete;

  GstBuffer *frame (guint64 n) const
  {
    GstBuffer *buffer = gst_harness_create_buffer (h, WIDTH * HEIGHT);
    GST_BUFFER_PTS (buffer) = pts_of (n);
    GST_BUFFER_DURATION (buffer) = pts_of (n + 1) - pts_of (n);
    GST_BUFFER_OFFSET (buffer) = n;
    return buffer;
  }

  /* Frame @n carrying @list (not taken): its own answer, or held from the
   * frame @source */
  GstFlowReturn push (guint64 n, GstGetiPredictions *list, bool held = false,
      guint64 source = 0, bool rois = false)
  {
    GstBuffer *buffer = frame (n);
    if (list != nullptr) {
      GstGetiPredictionMeta *meta =
          gst_buffer_add_geti_prediction_meta (buffer, list, WIDTH, HEIGHT);
      meta->frame = n;
      meta->pts = GST_BUFFER_PTS (buffer);
      meta->held = held;
      meta->source = held ? GST_GETI_PREDICTION_SOURCE_HELD
                          : GST_GETI_PREDICTION_SOURCE_PREDICTED;
      meta->source_pts = pts_of (held ? source : n);
      if (rois)
        add_rois (buffer, list);
    }
    return gst_harness_push (h, buffer);
  }

  /* An answer on frame @first, frames first+1 .. last - 1 holding it */
  void push_answer_and_held (
      guint64 answer, guint64 last, GstGetiPredictions *list, bool rois = false)
  {
    fail_unless_equals_int (
        push (answer, list, false, answer, rois), GST_FLOW_OK);
    for (guint64 n = answer + 1; n < last; n++)
      fail_unless_equals_int (push (n, list, true, answer, rois), GST_FLOW_OK);
  }

  guint available () const
  {
    return gst_harness_buffers_in_queue (h);
  }

  std::vector<GstBuffer *> pull_all () const
  {
    std::vector<GstBuffer *> out;
    while (GstBuffer *b = gst_harness_try_pull (h))
      out.push_back (b);
    return out;
  }
};

void
unref_all (std::vector<GstBuffer *> &buffers)
{
  for (GstBuffer *b : buffers)
    gst_buffer_unref (b);
  buffers.clear ();
}

const GstGetiPrediction *
prediction_of (GstBuffer *buffer, guint i = 0)
{
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
  fail_unless (meta != nullptr);
  const GstGetiPrediction *p =
      gst_geti_prediction_meta_get_prediction (meta, i);
  fail_unless (p != nullptr, "no prediction %u", i);
  return p;
}

GstGetiPredictionSource
source_of (GstBuffer *buffer)
{
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
  fail_unless (meta != nullptr);
  return gst_geti_prediction_meta_get_source (meta);
}

guint64
stat (GstElement *element, const char *field)
{
  GstStructure *stats = nullptr;
  g_object_get (element, "stats", &stats, nullptr);
  fail_unless (stats != nullptr);
  guint64 value = 0;
  fail_unless (gst_structure_get_uint64 (stats, field, &value), "%s", field);
  gst_structure_free (stats);
  return value;
}

void
assert_near (double actual, double expected, double tolerance, const char *what,
    guint64 frame)
{
  fail_unless (std::abs (actual - expected) <= tolerance,
      "frame %" G_GUINT64_FORMAT ": %s is %.4f, expected %.4f", frame, what,
      actual, expected);
}

std::string
describe_crossings (const std::vector<test::Crossing> &crossings)
{
  std::string text;
  for (const test::Crossing &c : crossings) {
    text += std::to_string (c.a) + "+" + std::to_string (c.b) + " " +
            std::to_string (c.first) + "-" + std::to_string (c.last) + " ";
  }
  return text;
}

} // namespace

/* Test that with motion=interpolate the frames between two answers wait
 * for the second, then leave in order, each with the rectangle exactly on
 * the straight line between the two real ones (position and size, within
 * a thousandth of a pixel), the same track id, and "interpolated"; the
 * answers themselves leave "predicted" and unchanged. */
GST_START_TEST (test_interpolation_exact_on_linear_motion)
{
  Harness t;
  /* x moves 6 px a frame, y -2, the box grows by 1 px a frame */
  auto at = [] (guint64 f) {
    return rect (100 + 6.0 * f, 300 - 2.0 * f, 40 + f, 30 + f);
  };
  std::vector<GstGetiPredictions *> answers;
  for (guint64 answer = 0; answer <= 30; answer += 10) {
    GstGetiPredictions *list = make_list ({ at (answer) });
    answers.push_back (list);
    if (answer < 30)
      t.push_answer_and_held (answer, answer + 10, list);
    else
      fail_unless_equals_int (t.push (answer, list), GST_FLOW_OK);
    /* what left: the answer of frame 0 alone, then each time a new answer
     * comes, the frames that waited for it and it */
    fail_unless_equals_int (t.available (), answer == 0 ? 1 : 10);
    std::vector<GstBuffer *> out = t.pull_all ();
    for (GstBuffer *b : out) {
      const guint64 f = GST_BUFFER_OFFSET (b);
      const GstGetiPrediction *p = prediction_of (b);
      const Spec truth = at (f);
      assert_near (p->shape.x, truth.x, 1e-3, "x", f);
      assert_near (p->shape.y, truth.y, 1e-3, "y", f);
      assert_near (p->shape.width, truth.w, 1e-3, "width", f);
      assert_near (p->shape.height, truth.h, 1e-3, "height", f);
      fail_unless_equals_int (p->track_id, 1);
      fail_unless_equals_int (
          source_of (b), f % 10 == 0 ? GST_GETI_PREDICTION_SOURCE_PREDICTED
                                     : GST_GETI_PREDICTION_SOURCE_INTERPOLATED);
      fail_unless_equals_int (
          gst_buffer_get_geti_prediction_meta (b)->held, f % 10 != 0);
    }
    if (answer > 0) {
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out.front ()), answer - 9);
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out.back ()), answer);
    }
    unref_all (out);
  }
  for (GstGetiPredictions *list : answers)
    gst_geti_predictions_unref (list);
  fail_unless_equals_uint64 (stat (t.h->element, "interpolated"), 27);
  fail_unless_equals_uint64 (stat (t.h->element, "predicted"), 4);
  fail_unless_equals_uint64 (stat (t.h->element, "track-ids"), 1);
}
GST_END_TEST;

/* Test that interpolation follows each kind of shape by its parameters: a
 * rotated rectangle turns the short way (350° to 10° through 0°), a
 * polygon with as many points moves point by point, one with another
 * count moves and resizes with its box, an ellipse and a keypoint by
 * their parameters. */
GST_START_TEST (test_interpolation_of_every_shape)
{
  Harness t;
  auto make = [] (double k, guint n_points) {
    Spec rotated = rect (200 + 10 * k, 200, 60, 20, "car");
    rotated.type = GST_GETI_SHAPE_ROTATED_RECTANGLE;
    rotated.angle = k == 0 ? 350 : 10;
    Spec polygon = rect (0, 0, 0, 0, "cell");
    polygon.type = GST_GETI_SHAPE_POLYGON;
    for (guint i = 0; i < n_points; i++) {
      const double a = 2 * G_PI * i / n_points;
      polygon.points.push_back (
          { 400 + 20 * k + 30 * std::cos (a), 100 + 30 * std::sin (a) });
    }
    Spec ellipse = rect (50, 50 + 20 * k, 30 + 10 * k, 20, "egg");
    ellipse.type = GST_GETI_SHAPE_ELLIPSE;
    Spec keypoint = rect (500 - 40 * k, 400, 0, 0, "nose");
    keypoint.type = GST_GETI_SHAPE_KEYPOINT;
    return std::vector<Spec>{ rotated, polygon, ellipse, keypoint };
  };

  for (guint second_points : { 8u, 12u }) {
    GstGetiPredictions *a = make_list (make (0, 8));
    GstGetiPredictions *b = make_list (make (1, second_points));
    const guint64 base = second_points == 8 ? 0 : 100;
    t.push_answer_and_held (base, base + 4, a);
    fail_unless_equals_int (t.push (base + 4, b), GST_FLOW_OK);
    std::vector<GstBuffer *> out = t.pull_all ();
    fail_unless_equals_int (out.size (), base == 0 ? 5 : 5);
    GstBuffer *mid = out[2]; /* frame base + 2: half way */
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (mid), base + 2);

    const GstGetiPrediction *rotated = prediction_of (mid, 0);
    assert_near (rotated->shape.x, 205, 1e-3, "rotated x", base + 2);
    const double angle = std::fmod (rotated->shape.angle + 360, 360);
    fail_unless (angle < 1e-3 || angle > 360 - 1e-3,
        "the rotated rectangle turned the long way: %f", rotated->shape.angle);

    const GstGetiPrediction *polygon = prediction_of (mid, 1);
    if (second_points == 8) {
      fail_unless_equals_int (polygon->shape.n_points, 8);
      for (guint i = 0; i < 8; i++) {
        const double a = 2 * G_PI * i / 8;
        assert_near (
            polygon->shape.points[i].x, 410 + 30 * std::cos (a), 1e-3, "px", i);
        assert_near (
            polygon->shape.points[i].y, 100 + 30 * std::sin (a), 1e-3, "py", i);
      }
    } else {
      /* the first answer's 8 points, moved with the box: its centre half
       * way, between 400 and 420 */
      fail_unless_equals_int (polygon->shape.n_points, 8);
      double cx = 0;
      for (guint i = 0; i < 8; i++)
        cx += polygon->shape.points[i].x / 8;
      assert_near (cx, 410, 0.5, "polygon centre", base + 2);
    }

    const GstGetiPrediction *ellipse = prediction_of (mid, 2);
    assert_near (ellipse->shape.y, 60, 1e-3, "ellipse y", base + 2);
    assert_near (ellipse->shape.width, 35, 1e-3, "ellipse width", base + 2);
    const GstGetiPrediction *keypoint = prediction_of (mid, 3);
    assert_near (keypoint->shape.x, 480, 1e-3, "keypoint x", base + 2);

    std::set<guint> ids;
    for (guint i = 0; i < 4; i++)
      ids.insert (prediction_of (mid, i)->track_id);
    fail_unless_equals_int (ids.size (), 4);
    fail_unless (ids.count (0) == 0);
    unref_all (out);
    gst_geti_predictions_unref (a);
    gst_geti_predictions_unref (b);
  }
}
GST_END_TEST;

/* Test that with motion=extrapolate no frame waits, the frames after the
 * first answer are held (no velocity yet), those after the second move on
 * with the track's velocity, and a box heading out of the frame stops at
 * its edge. */
GST_START_TEST (test_extrapolation_clamped_to_frame)
{
  Harness t ("motion=extrapolate");
  /* 12 px a frame to the right: answers on frames 0 and 5 */
  GstGetiPredictions *a = make_list ({ rect (500, 100, 40, 40) });
  GstGetiPredictions *b = make_list ({ rect (560, 100, 40, 40) });
  t.push_answer_and_held (0, 5, a);
  fail_unless_equals_int (t.available (), 5);
  std::vector<GstBuffer *> out = t.pull_all ();
  for (guint i = 1; i < 5; i++) {
    fail_unless_equals_int (
        source_of (out[i]), GST_GETI_PREDICTION_SOURCE_HELD);
    assert_near (prediction_of (out[i])->shape.x, 500, 1e-9, "held x", i);
  }
  unref_all (out);

  t.push_answer_and_held (5, 12, b);
  out = t.pull_all ();
  fail_unless_equals_int (out.size (), 7);
  fail_unless_equals_int (
      source_of (out[0]), GST_GETI_PREDICTION_SOURCE_PREDICTED);
  /* frame 6: 12 px on; from frame 9 the right edge is at the frame's */
  assert_near (prediction_of (out[1])->shape.x, 572, 1e-3, "x", 6);
  fail_unless_equals_int (
      source_of (out[1]), GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED);
  for (GstBuffer *buffer : out) {
    const GstGetiPrediction *p = prediction_of (buffer);
    fail_unless (p->shape.x + p->shape.width <= WIDTH + 1e-9,
        "frame %" G_GUINT64_FORMAT ": the box left the frame (x %f)",
        GST_BUFFER_OFFSET (buffer), p->shape.x);
    fail_unless_equals_int (p->track_id, 1);
  }
  assert_near (prediction_of (out[6])->shape.x, WIDTH - 40, 1e-9, "x", 11);
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test that motion=hold gives the held frames the answer's list with its
 * ids, shared (one list, so overlays draw it once), marked held. */
GST_START_TEST (test_hold_shares_the_list)
{
  Harness t ("motion=hold");
  GstGetiPredictions *a =
      make_list ({ rect (10, 10, 20, 20), rect (300, 300, 20, 20) });
  t.push_answer_and_held (0, 4, a);
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 4);
  GstGetiPredictions *first =
      gst_buffer_get_geti_prediction_meta (out[0])->predictions;
  fail_unless (first != a, "the answer's list was not given ids");
  for (guint i = 1; i < 4; i++) {
    fail_unless (
        gst_buffer_get_geti_prediction_meta (out[i])->predictions == first);
    fail_unless_equals_int (
        source_of (out[i]), GST_GETI_PREDICTION_SOURCE_HELD);
  }
  fail_unless_equals_int (prediction_of (out[3], 0)->track_id, 1);
  fail_unless_equals_int (prediction_of (out[3], 1)->track_id, 2);
  unref_all (out);
  gst_geti_predictions_unref (a);
}
GST_END_TEST;

/* Test the identities: two objects of one label keep theirs while they
 * move further than their size between answers (matched by distance), an
 * object gone for less than max-age comes back with its id, one gone for
 * longer gets a new one, a new object a new one, and ids never repeat. */
GST_START_TEST (test_ids_across_answers)
{
  Harness t ("motion=hold max-age=500000000");
  auto answer = [&] (guint64 frame, std::vector<Spec> specs) {
    GstGetiPredictions *list = make_list (specs);
    fail_unless_equals_int (t.push (frame, list), GST_FLOW_OK);
    gst_geti_predictions_unref (list);
    GstBuffer *b = gst_harness_pull (t.h);
    std::vector<guint> ids;
    for (guint i = 0; i < specs.size (); i++)
      ids.push_back (prediction_of (b, i)->track_id);
    gst_buffer_unref (b);
    return ids;
  };

  /* A goes right, B goes left, 60 px per answer (boxes of 30) */
  auto ids = answer (0, { rect (100, 100, 30, 30), rect (500, 300, 30, 30) });
  fail_unless_equals_int (ids[0], 1);
  fail_unless_equals_int (ids[1], 2);
  ids = answer (5, { rect (440, 300, 30, 30), rect (160, 100, 30, 30) });
  fail_unless_equals_int (ids[0], 2);
  fail_unless_equals_int (ids[1], 1);
  ids = answer (10, { rect (220, 100, 30, 30), rect (380, 300, 30, 30) });
  fail_unless_equals_int (ids[0], 1);
  fail_unless_equals_int (ids[1], 2);
  /* B is not seen for 0.33 s (under max-age), then back where it would be;
   * a new object C */
  ids = answer (15, { rect (280, 100, 30, 30) });
  fail_unless_equals_int (ids[0], 1);
  ids = answer (20, { rect (340, 100, 30, 30), rect (260, 300, 30, 30),
                        rect (600, 20, 30, 30) });
  fail_unless_equals_int (ids[0], 1);
  fail_unless_equals_int (ids[1], 2);
  fail_unless_equals_int (ids[2], 3);
  /* B gone for 0.67 s (over max-age): a new id when it shows up */
  answer (25, { rect (400, 100, 30, 30), rect (600, 20, 30, 30) });
  answer (40, { rect (580, 100, 30, 30), rect (600, 20, 30, 30) });
  ids = answer (45, { rect (600, 100, 30, 30), rect (600, 20, 30, 30),
                        rect (80, 300, 30, 30) });
  fail_unless_equals_int (ids[0], 1);
  fail_unless_equals_int (ids[1], 3);
  fail_unless_equals_int (ids[2], 4);
  fail_unless_equals_uint64 (stat (t.h->element, "track-ids"), 4);
}
GST_END_TEST;

/* Test what is tracked: the first label decides (a task chain's
 * classification may change under a kept id; another detection label is
 * another track), and whole-frame results, predictions without labels or
 * without extent get no id. */
GST_START_TEST (test_what_is_tracked)
{
  Harness t ("motion=hold");
  Spec chain_a = rect (100, 100, 50, 50);
  chain_a.labels = { "dog", "brown" };
  Spec chain_b = rect (104, 102, 50, 50);
  chain_b.labels = { "dog", "black" };
  Spec cat = rect (110, 100, 50, 50, "cat");
  Spec whole = rect (0, 0, WIDTH, HEIGHT, "Normal");
  Spec unlabelled = rect (300, 300, 10, 10);
  unlabelled.labels.clear ();
  Spec none = rect (0, 0, 0, 0);
  none.type = GST_GETI_SHAPE_NONE;

  GstGetiPredictions *a = make_list ({ chain_a, whole, unlabelled, none });
  GstGetiPredictions *b = make_list ({ chain_b, cat, whole });
  fail_unless_equals_int (t.push (0, a), GST_FLOW_OK);
  fail_unless_equals_int (t.push (5, b), GST_FLOW_OK);
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 2);
  fail_unless_equals_int (prediction_of (out[0], 0)->track_id, 1);
  for (guint i = 1; i < 4; i++)
    fail_unless_equals_int (prediction_of (out[0], i)->track_id, 0);
  fail_unless_equals_int (prediction_of (out[1], 0)->track_id, 1);
  fail_unless_equals_int (prediction_of (out[1], 1)->track_id, 2);
  fail_unless_equals_int (prediction_of (out[1], 2)->track_id, 0);
  /* the labels are carried as they came */
  fail_unless_equals_string (
      prediction_of (out[1], 0)->labels[1].name, "black");
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test that what a list carries besides its predictions survives
 * getitrack on every kind of frame: the explanation maps (the same map
 * objects, not copies) and the keypoint skeleton. */
GST_START_TEST (test_maps_and_edges_kept)
{
  Harness t;
  GstGetiPredictions *lists[2];
  g_autoptr (GBytes) pixels = g_bytes_new_take (g_malloc0 (16 * 12), 16 * 12);
  g_autoptr (GstGetiMap) map =
      gst_geti_map_new ("ball-id", "ball", 0xff5662ff, 16, 12, pixels);
  for (guint i = 0; i < 2; i++) {
    lists[i] = make_list ({ rect (100 + 50.0 * i, 100, 40, 40) });
    gst_geti_predictions_add_map (lists[i], map);
    gst_geti_predictions_add_keypoint_edge (lists[i], "nose", "eye");
  }
  t.push_answer_and_held (0, 3, lists[0]);
  t.push_answer_and_held (3, 5, lists[1]);
  gst_harness_push_event (t.h, gst_event_new_eos ());
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 5);
  for (GstBuffer *buffer : out) {
    GstGetiPredictions *list =
        gst_buffer_get_geti_prediction_meta (buffer)->predictions;
    fail_unless_equals_int (gst_geti_predictions_get_n_maps (list), 1);
    fail_unless (gst_geti_predictions_get_map (list, 0) == map);
    fail_unless_equals_int (
        gst_geti_predictions_get_n_keypoint_edges (list), 1);
  }
  unref_all (out);
  for (GstGetiPredictions *list : lists)
    gst_geti_predictions_unref (list);
}
GST_END_TEST;

/* Test that the ROI metas getipredict attached leave with the track ids
 * and, on interpolated frames, the interpolated boxes, one per prediction
 * (none added where there were none). */
GST_START_TEST (test_roi_metas_follow)
{
  Harness t;
  GstGetiPredictions *a =
      make_list ({ rect (100, 100, 40, 40), rect (400, 100, 40, 40) });
  GstGetiPredictions *b =
      make_list ({ rect (140, 120, 40, 40), rect (400, 140, 40, 40) });
  t.push_answer_and_held (0, 4, a, true);
  fail_unless_equals_int (t.push (4, b, false, 4, true), GST_FLOW_OK);
  /* and a frame holding b without ROI metas (getipredict attach-roi-meta=false)
   */
  fail_unless_equals_int (t.push (5, b, true, 4, false), GST_FLOW_OK);
  gst_harness_push_event (t.h, gst_event_new_eos ());
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 6);
  for (GstBuffer *buffer : out) {
    const guint64 f = GST_BUFFER_OFFSET (buffer);
    std::map<gint, GstVideoRegionOfInterestMeta *> rois;
    gpointer state = nullptr;
    while (GstMeta *m = gst_buffer_iterate_meta_filtered (
               buffer, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE)) {
      auto roi = reinterpret_cast<GstVideoRegionOfInterestMeta *> (m);
      fail_unless (
          rois.emplace (roi->id, roi).second, "two ROIs with id %d", roi->id);
    }
    if (f == 5) {
      fail_unless_equals_int (rois.size (), 0);
      continue;
    }
    fail_unless_equals_int (rois.size (), 2);
    fail_unless (rois.count (1) == 1 && rois.count (2) == 1);
    /* frame f: 10 px right a frame for track 1, 10 px down for track 2 */
    fail_unless_equals_int (rois[1]->x, 100 + 10 * f);
    fail_unless_equals_int (rois[1]->y, 100 + 5 * f);
    fail_unless_equals_int (rois[2]->y, 100 + 10 * f);
    fail_unless_equals_string (g_quark_to_string (rois[1]->roi_type), "ball");
  }
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test that getitrack never copies pixels: each buffer leaves with the very
 * memory it came with, also when the buffer was not writable (shared with
 * someone else) and its meta had to change. */
GST_START_TEST (test_no_pixel_copy)
{
  for (const char *motion :
      { "motion=interpolate", "motion=extrapolate", "motion=hold" }) {
    Harness t (motion);
    GstGetiPredictions *lists[] = {
      make_list ({ rect (100, 100, 40, 40) }),
      make_list ({ rect (150, 100, 40, 40) }),
      make_list ({ rect (200, 100, 40, 40) }),
    };
    std::vector<GstMemory *> memories;
    std::vector<GstBuffer *> kept;
    for (guint64 n = 0; n < 15; n++) {
      GstBuffer *buffer = t.frame (n);
      GstGetiPredictions *list = lists[n / 5];
      GstGetiPredictionMeta *meta =
          gst_buffer_add_geti_prediction_meta (buffer, list, WIDTH, HEIGHT);
      meta->held = n % 5 != 0;
      meta->source = meta->held ? GST_GETI_PREDICTION_SOURCE_HELD
                                : GST_GETI_PREDICTION_SOURCE_PREDICTED;
      meta->source_pts = pts_of (n - n % 5);
      memories.push_back (gst_buffer_peek_memory (buffer, 0));
      /* every other buffer shared: getitrack must copy the buffer (its
       * metas) but not the memory */
      if (n % 2 == 0)
        kept.push_back (gst_buffer_ref (buffer));
      fail_unless_equals_int (gst_harness_push (t.h, buffer), GST_FLOW_OK);
    }
    gst_harness_push_event (t.h, gst_event_new_eos ());
    std::vector<GstBuffer *> out = t.pull_all ();
    fail_unless_equals_int (out.size (), 15);
    for (GstBuffer *buffer : out) {
      const guint64 n = GST_BUFFER_OFFSET (buffer);
      fail_unless_equals_int (gst_buffer_n_memory (buffer), 1);
      fail_unless (gst_buffer_peek_memory (buffer, 0) == memories[n],
          "%s: frame %" G_GUINT64_FORMAT "'s pixels were copied", motion, n);
      fail_unless_equals_int (prediction_of (buffer)->track_id, 1);
    }
    /* the shared buffers were left as they were */
    for (GstBuffer *buffer : kept) {
      GstGetiPredictionMeta *meta =
          gst_buffer_get_geti_prediction_meta (buffer);
      fail_unless_equals_int (
          gst_geti_prediction_meta_get_prediction (meta, 0)->track_id, 0);
    }
    unref_all (out);
    unref_all (kept);
    for (GstGetiPredictions *list : lists)
      gst_geti_predictions_unref (list);
  }
}
GST_END_TEST;

/* Test that at EOS the frames waiting for an answer leave before the EOS,
 * all of them, once each, in order, with the last answer's shapes moved on
 * with their velocity (extrapolated) where a track has one. */
GST_START_TEST (test_eos_lets_waiting_frames_go)
{
  Harness t;
  GstGetiPredictions *a = make_list ({ rect (100, 100, 40, 40) });
  GstGetiPredictions *b = make_list ({ rect (150, 100, 40, 40) });
  t.push_answer_and_held (0, 5, a);
  t.push_answer_and_held (5, 12, b);
  /* frames 6 .. 11 wait */
  fail_unless_equals_int (t.available (), 6);
  std::vector<GstBuffer *> out = t.pull_all ();
  unref_all (out);
  fail_unless (gst_harness_push_event (t.h, gst_event_new_eos ()));
  out = t.pull_all ();
  fail_unless_equals_int (out.size (), 6);
  for (guint i = 0; i < out.size (); i++) {
    const guint64 f = 6 + i;
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out[i]), f);
    fail_unless_equals_int (
        source_of (out[i]), GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED);
    assert_near (prediction_of (out[i])->shape.x,
        std::min (150 + 10.0 * (f - 5), 150 + 10.0 * 10), 1e-3, "x", f);
  }
  /* the EOS came after them */
  GstEvent *event;
  bool eos = false;
  while ((event = gst_harness_try_pull_event (t.h))) {
    eos = eos || GST_EVENT_TYPE (event) == GST_EVENT_EOS;
    gst_event_unref (event);
  }
  fail_unless (eos);
  fail_unless_equals_uint64 (stat (t.h->element, "released-early"), 6);
  fail_unless_equals_uint64 (stat (t.h->element, "waiting"), 0);
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test that a flush drops the waiting frames (none leaves later), forgets
 * the tracks (the next object gets a new id), and that the frames after it
 * leave in order. */
GST_START_TEST (test_flush_drops_waiting_frames)
{
  Harness t;
  GstGetiPredictions *a = make_list ({ rect (100, 100, 40, 40) });
  GstGetiPredictions *b = make_list ({ rect (110, 100, 40, 40) });
  GstGetiPredictions *c = make_list ({ rect (120, 100, 40, 40) });
  t.push_answer_and_held (0, 5, a);
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 1);
  unref_all (out);
  fail_unless_equals_uint64 (stat (t.h->element, "waiting"), 4);

  fail_unless (gst_harness_push_event (t.h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (t.h, gst_event_new_flush_stop (TRUE)));
  GstSegment segment;
  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (t.h, gst_event_new_segment (&segment)));
  fail_unless_equals_uint64 (stat (t.h->element, "waiting"), 0);

  t.push_answer_and_held (100, 103, b);
  fail_unless_equals_int (t.push (103, c), GST_FLOW_OK);
  gst_harness_push_event (t.h, gst_event_new_eos ());
  out = t.pull_all ();
  fail_unless_equals_int (out.size (), 4);
  for (guint i = 0; i < out.size (); i++) {
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out[i]), 100 + i);
    fail_unless_equals_int (prediction_of (out[i])->track_id, 2);
  }
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
  gst_geti_predictions_unref (c);
}
GST_END_TEST;

/* Test the bounds on waiting: past max-held-buffers, and past max-latency
 * of stream time, the oldest waiting frame leaves (in order, extrapolated
 * or held); frames without predictions keep their place behind the
 * waiting ones, untouched. */
GST_START_TEST (test_waiting_is_bounded)
{
  {
    Harness t ("motion=interpolate max-held-buffers=3");
    GstGetiPredictions *a = make_list ({ rect (100, 100, 40, 40) });
    t.push_answer_and_held (0, 8, a);
    /* the answer, then 4 of the 7 held frames (3 still wait) */
    std::vector<GstBuffer *> out = t.pull_all ();
    fail_unless_equals_int (out.size (), 5);
    for (guint i = 0; i < out.size (); i++)
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out[i]), i);
    fail_unless_equals_int (
        source_of (out[1]), GST_GETI_PREDICTION_SOURCE_HELD);
    fail_unless_equals_uint64 (stat (t.h->element, "waiting"), 3);
    unref_all (out);
    gst_geti_predictions_unref (a);
  }
  {
    /* 100 ms: frames more than 3 frames (100 ms) older than the newest go */
    Harness t ("motion=interpolate max-latency=100000000");
    GstGetiPredictions *a = make_list ({ rect (100, 100, 40, 40) });
    fail_unless_equals_int (t.push (0, a), GST_FLOW_OK);
    fail_unless_equals_int (t.push (1, a, true, 0), GST_FLOW_OK);
    fail_unless_equals_int (t.push (2, nullptr), GST_FLOW_OK);
    fail_unless_equals_int (t.push (3, a, true, 0), GST_FLOW_OK);
    fail_unless_equals_int (t.available (), 1);
    fail_unless_equals_int (t.push (5, a, true, 0), GST_FLOW_OK);
    /* frame 1 is 133 ms older than frame 5: it goes, and frame 2 behind it
     * (the no-predictions frame waited only for its place) */
    std::vector<GstBuffer *> out = t.pull_all ();
    fail_unless_equals_int (out.size (), 2 + 1);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out[1]), 1);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out[2]), 2);
    fail_unless (gst_buffer_get_geti_prediction_meta (out[2]) == nullptr);
    fail_unless_equals_uint64 (stat (t.h->element, "untouched"), 1);
    unref_all (out);
    gst_geti_predictions_unref (a);
  }
}
GST_END_TEST;

/* Test that a caps change lets the waiting frames go before it (a new size
 * cannot be interpolated across), and that the tracks carry over to the
 * new size: the same object, scaled, keeps its id. */
GST_START_TEST (test_caps_change)
{
  Harness t;
  GstGetiPredictions *a = make_list ({ rect (100, 100, 40, 40) });
  t.push_answer_and_held (0, 4, a);
  fail_unless_equals_int (t.available (), 1);
  gst_harness_set_src_caps_str (
      t.h, "video/x-raw,format=GRAY8,width=320,height=240,framerate=30/1");
  /* the three waiting frames left at the caps */
  fail_unless_equals_int (t.available (), 4);
  std::vector<GstBuffer *> out = t.pull_all ();
  for (guint i = 0; i < 4; i++)
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out[i]), i);
  unref_all (out);

  /* the same ball in the new size: half the coordinates */
  GstGetiPredictions *b = make_list ({ rect (52, 50, 20, 20) });
  GstBuffer *buffer = gst_harness_create_buffer (t.h, 320 * 240);
  GST_BUFFER_PTS (buffer) = pts_of (4);
  GST_BUFFER_OFFSET (buffer) = 4;
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, b, 320, 240);
  meta->source_pts = pts_of (4);
  fail_unless_equals_int (gst_harness_push (t.h, buffer), GST_FLOW_OK);
  GstBuffer *pulled = gst_harness_pull (t.h);
  fail_unless_equals_int (prediction_of (pulled)->track_id, 1);
  gst_buffer_unref (pulled);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test that getipredict in live mode, whose answers come on later frames
 * marked held, is understood: each new list is an answer for the frame at
 * its source_pts, and extrapolation starts from there. */
GST_START_TEST (test_answers_arriving_held)
{
  Harness t ("motion=extrapolate");
  GstGetiPredictions *a = make_list ({ rect (100, 100, 40, 40) });
  GstGetiPredictions *b = make_list ({ rect (120, 100, 40, 40) });
  /* a is the answer for frame 0, arriving on frame 3; b for frame 2 on
   * frame 6 (10 px a frame) */
  for (guint64 n = 3; n < 6; n++)
    fail_unless_equals_int (t.push (n, a, true, 0), GST_FLOW_OK);
  for (guint64 n = 6; n < 9; n++)
    fail_unless_equals_int (t.push (n, b, true, 2), GST_FLOW_OK);
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 6);
  for (guint i = 3; i < 6; i++) {
    const guint64 f = GST_BUFFER_OFFSET (out[i]);
    /* 10 px a frame from frame 2, for at most twice the gap between the
     * two answers (4 frames): frame 6 is at 160, and so are 7 and 8 */
    assert_near (prediction_of (out[i])->shape.x, 160, 1e-3, "x", f);
    fail_unless_equals_int (
        source_of (out[i]), GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED);
    fail_unless_equals_int (prediction_of (out[i])->track_id, 1);
  }
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test the LATENCY query: in a live pipeline interpolation adds
 * max-latency to the minimum and the maximum, extrapolation and hold add
 * nothing, and in a pipeline that is not live nothing is said to be. */
GST_START_TEST (test_latency_query)
{
  struct Case {
    const char *source;
    const char *motion;
    bool live;
    GstClockTime added;
  };
  const Case cases[] = {
    { "videotestsrc is-live=true", "motion=interpolate", true,
        300 * GST_MSECOND },
    { "videotestsrc is-live=true", "motion=extrapolate", true, 0 },
    { "videotestsrc is-live=true", "motion=hold", true, 0 },
    { "videotestsrc is-live=true", "", true, 0 }, /* auto: extrapolate */
    { "videotestsrc", "motion=interpolate", false, 0 },
  };
  for (const Case &c : cases) {
    GstElement *pipeline =
        test::parse_pipeline (std::string (c.source) +
                              " ! video/x-raw,framerate=30/1 ! getitrack "
                              "name=t max-latency=300000000 " +
                              c.motion + " ! appsink name=sink sync=false");
    gst_element_set_state (pipeline, GST_STATE_PLAYING);
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    /* a first frame: the source knows its frame rate (its latency) */
    GstSample *sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
    fail_unless (sample != nullptr);
    gst_sample_unref (sample);
    GstPad *pad = gst_element_get_static_pad (sink, "sink");
    GstQuery *query = gst_query_new_latency ();
    fail_unless (gst_pad_peer_query (pad, query));
    gboolean live;
    GstClockTime min, max;
    gst_query_parse_latency (query, &live, &min, &max);
    fail_unless_equals_int (live, c.live);
    /* videotestsrc says one frame, 33 ms */
    const GstClockTime source_min = pts_of (1);
    fail_unless_equals_uint64 (min, source_min + c.added);
    gst_query_unref (query);
    gst_object_unref (pad);
    gst_object_unref (sink);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test a hostile answer: 5000 boxes of one label on every answer are
 * handled (the first 512 tracked, the rest untracked and counted), and the
 * frames still leave. */
GST_START_TEST (test_many_predictions)
{
  Harness t ("motion=interpolate");
  std::vector<Spec> specs;
  for (guint i = 0; i < 5000; i++)
    specs.push_back (rect ((i % 100) * 6.0, (i / 100) * 9.0, 5, 5));
  GstGetiPredictions *a = make_list (specs);
  for (Spec &s : specs)
    s.x += 1;
  GstGetiPredictions *b = make_list (specs);
  t.push_answer_and_held (0, 3, a);
  fail_unless_equals_int (t.push (3, b), GST_FLOW_OK);
  std::vector<GstBuffer *> out = t.pull_all ();
  fail_unless_equals_int (out.size (), 4);
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (out[3]);
  fail_unless_equals_int (
      gst_geti_prediction_meta_get_n_predictions (meta), 5000);
  guint tracked = 0;
  for (guint i = 0; i < 5000; i++)
    tracked += gst_geti_prediction_meta_get_prediction (meta, i)->track_id != 0;
  fail_unless_equals_int (tracked, 512);
  fail_unless_equals_uint64 (
      stat (t.h->element, "untracked-over-limit"), 2 * 4488);
  /* the tracked keep their ids from one answer to the next */
  fail_unless_equals_int (prediction_of (out[3], 511)->track_id,
      prediction_of (out[0], 511)->track_id);
  unref_all (out);
  gst_geti_predictions_unref (a);
  gst_geti_predictions_unref (b);
}
GST_END_TEST;

/* Test the product end to end: the ball through getipredict interval=5
 * (a fifth of the requests) against the fake server, then getitrack: every
 * frame's box is on *that* frame's ball (within 3 px), interpolated
 * between the answers, and the ball keeps one id for all 150 frames. Then
 * through videoscale after getitrack: the ids and sources survive and the
 * boxes are on the ball at half the size. */
GST_START_TEST (test_ball_end_to_end)
{
  auto server = test::start_server ();
  for (const bool scaled : { false, true }) {
    GstElement *pipeline = test::parse_pipeline (
        "videotestsrc pattern=ball num-buffers=150 ! "
        "video/x-raw,format=I420,width=640,height=480,framerate=30/1 ! "
        "getipredict interval=5 " +
        test::predict_properties (*server) + " ! getitrack ! " +
        (scaled ? "videoscale ! video/x-raw,width=320,height=240 ! " : "") +
        "appsink name=sink sync=false");
    test::Run run;
    test::run_pipeline (pipeline, run);
    fail_unless (run.error == nullptr, "%s",
        run.error ? test::message_text (run.error).c_str () : "");
    fail_unless_equals_int (run.samples.size (), 150);
    std::set<guint> ids;
    std::map<GstGetiPredictionSource, guint> sources;
    for (gsize i = 0; i < run.samples.size (); i++) {
      GstGetiPredictionMeta *meta = run.meta (i);
      fail_unless (meta != nullptr, "frame %zu without predictions", i);
      fail_unless_equals_int (meta->width, scaled ? 320 : 640);
      fail_unless_equals_int (
          gst_geti_prediction_meta_get_n_predictions (meta), 1);
      const GstGetiPrediction *p =
          gst_geti_prediction_meta_get_prediction (meta, 0);
      test::check_box (p, test::ball_of (run.samples[i]),
          (std::string ("frame ") + std::to_string (i)).c_str ());
      ids.insert (p->track_id);
      sources[gst_geti_prediction_meta_get_source (meta)]++;
    }
    fail_unless_equals_int (ids.size (), 1);
    fail_unless (ids.count (0) == 0);
    fail_unless_equals_int (sources[GST_GETI_PREDICTION_SOURCE_PREDICTED], 30);
    /* the four frames after the last answer have no next answer */
    fail_unless_equals_int (
        sources[GST_GETI_PREDICTION_SOURCE_INTERPOLATED], 116);
    fail_unless_equals_int (
        sources[GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED], 4);
    gst_object_unref (pipeline);
  }
  fail_unless_equals_int (test::predict_requests (*server).size (), 2 * 30);
}
GST_END_TEST;

/* Test identities on the crossing clip: four objects of one label, three
 * crossings where the detector sees two objects as one blob, sampled every
 * fifth frame: away from the crossings, every object has its own box with
 * its own id, and no object changes id through its crossings. */
GST_START_TEST (test_crossing_ids)
{
  auto server = test::start_server ();
  const test::MovingObjects scene = test::MovingObjects::crossing_scene ();
  constexpr guint64 FRAMES = 300;
  GstElement *pipeline =
      test::parse_pipeline ("appsrc name=src ! getipredict interval=5 " +
                            test::predict_properties (*server) +
                            " ! getitrack ! appsink name=sink sync=false");
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  test::feed_appsrc (src, scene, FRAMES);
  gst_object_unref (src);
  test::Run run;
  test::run_pipeline (pipeline, run);
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), FRAMES);

  const std::vector<test::Crossing> crossings = scene.crossings (FRAMES);
  fail_unless (crossings.size () >= 3);
  auto in_crossing = [&] (guint id, guint64 frame) {
    for (const test::Crossing &c : crossings) {
      /* the answers around a crossing may still see it merged */
      if ((c.a == id || c.b == id) && frame + 10 >= c.first &&
          frame <= c.last + 10)
        return true;
    }
    return false;
  };

  std::map<guint, guint> last_id, switches;
  for (gsize i = 0; i < run.samples.size (); i++) {
    const guint64 frame = scene.frame_of (GST_BUFFER_PTS (run.buffer (i)));
    GstGetiPredictionMeta *meta = run.meta (i);
    fail_unless (meta != nullptr);
    std::set<guint> frame_ids;
    for (const test::ObjectBox &truth : scene.truth (frame)) {
      /* the box whose centre is nearest */
      const GstGetiPrediction *best = nullptr;
      double best_distance = G_MAXDOUBLE;
      for (guint j = 0; j < gst_geti_prediction_meta_get_n_predictions (meta);
           j++) {
        const GstGetiPrediction *p =
            gst_geti_prediction_meta_get_prediction (meta, j);
        const double d =
            std::hypot (p->shape.x + p->shape.width / 2 - truth.center_x (),
                p->shape.y + p->shape.height / 2 - truth.center_y ());
        if (d < best_distance) {
          best_distance = d;
          best = p;
        }
      }
      /* crossing, or partly out of the frame (its box cut, the detector's
       * centre is not the object's) */
      const auto object =
          std::find_if (scene.objects ().begin (), scene.objects ().end (),
              [&] (const test::MovingObject &o) { return o.id == truth.id; });
      fail_unless (object != scene.objects ().end ());
      if (in_crossing (truth.id, frame) || truth.width != object->width ||
          truth.height != object->height)
        continue;
      fail_unless (best != nullptr && best_distance < 4,
          "frame %" G_GUINT64_FORMAT
          ": object %u has no box (nearest %.1f px); "
          "truth %s; crossings %s",
          frame, truth.id, best_distance,
          test::describe (scene.truth (frame)).c_str (),
          describe_crossings (crossings).c_str ());
      fail_unless (best->track_id != 0);
      fail_unless (frame_ids.insert (best->track_id).second,
          "frame %" G_GUINT64_FORMAT ": two objects share id %u", frame,
          best->track_id);
      if (last_id.count (truth.id) && last_id[truth.id] != best->track_id)
        switches[truth.id]++;
      last_id[truth.id] = best->track_id;
    }
  }
  /* The target is at most one change per crossing; the tracker does
   * better (merged boxes are nobody's position), so none at all */
  for (const auto &[object, n] : switches)
    fail_unless (n == 0, "object %u changed id %u times", object, n);
  gst_object_unref (pipeline);
}
GST_END_TEST;

static Suite *
getitrack_suite (void)
{
  Suite *s = suite_create ("getitrack");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_interpolation_exact_on_linear_motion);
  tcase_add_test (tc, test_interpolation_of_every_shape);
  tcase_add_test (tc, test_extrapolation_clamped_to_frame);
  tcase_add_test (tc, test_hold_shares_the_list);
  tcase_add_test (tc, test_ids_across_answers);
  tcase_add_test (tc, test_what_is_tracked);
  tcase_add_test (tc, test_maps_and_edges_kept);
  tcase_add_test (tc, test_roi_metas_follow);
  tcase_add_test (tc, test_no_pixel_copy);
  tcase_add_test (tc, test_eos_lets_waiting_frames_go);
  tcase_add_test (tc, test_flush_drops_waiting_frames);
  tcase_add_test (tc, test_waiting_is_bounded);
  tcase_add_test (tc, test_caps_change);
  tcase_add_test (tc, test_answers_arriving_held);
  tcase_add_test (tc, test_latency_query);
  tcase_add_test (tc, test_many_predictions);
  tcase_add_test (tc, test_ball_end_to_end);
  tcase_add_test (tc, test_crossing_ids);
  return s;
}

GST_CHECK_MAIN (getitrack);
