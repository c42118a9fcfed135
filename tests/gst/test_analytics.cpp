/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* GstAnalytics (built against GStreamer >= 1.24): the entries getipredict
 * and getitrack attach agree with the Geti meta of the same buffer, survive
 * videoscale, and upstream's objectdetectionoverlay draws them where the
 * ball is. Only built where gstreamer-analytics-1.0 is found. */

#include <gst/analytics/analytics.h>
#include <gst/check/gstcheck.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "analytics_meta.h"
#include "prediction_convert.h"
#include "test_helpers.h"

#include <cmath>
#include <string>
#include <vector>

namespace {

struct Entry {
  GstAnalyticsODMtd od;
  std::string type;
  gint x, y, w, h;
  gfloat r;
  gfloat confidence;
};

std::vector<Entry>
detections (GstBuffer *buffer)
{
  std::vector<Entry> out;
  GstAnalyticsRelationMeta *rmeta =
      gst_buffer_get_analytics_relation_meta (buffer);
  if (rmeta == nullptr)
    return out;
  gpointer state = nullptr;
  GstAnalyticsMtd mtd;
  while (gst_analytics_relation_meta_iterate (
      rmeta, &state, gst_analytics_od_mtd_get_mtd_type (), &mtd)) {
    Entry e;
    e.od = mtd;
    e.type = g_quark_to_string (gst_analytics_od_mtd_get_obj_type (&e.od));
    e.r = 0;
#if GST_CHECK_VERSION(1, 26, 0)
    fail_unless (gst_analytics_od_mtd_get_oriented_location (
        &e.od, &e.x, &e.y, &e.w, &e.h, &e.r, &e.confidence));
#else
    fail_unless (gst_analytics_od_mtd_get_location (
        &e.od, &e.x, &e.y, &e.w, &e.h, &e.confidence));
#endif
    out.push_back (e);
  }
  return out;
}

guint
count_entries (GstBuffer *buffer, GstAnalyticsMtdType type)
{
  GstAnalyticsRelationMeta *rmeta =
      gst_buffer_get_analytics_relation_meta (buffer);
  guint n = 0;
  gpointer state = nullptr;
  GstAnalyticsMtd mtd;
  while (
      rmeta && gst_analytics_relation_meta_iterate (rmeta, &state, type, &mtd))
    n++;
  return n;
}

/* The classification entry @od relates to: its labels and levels */
bool
related_classification (const GstAnalyticsODMtd &od,
    std::vector<std::string> &names, std::vector<gfloat> &levels)
{
  GstAnalyticsClsMtd cls;
  if (!gst_analytics_relation_meta_get_direct_related (od.meta, od.id,
          GST_ANALYTICS_REL_TYPE_RELATE_TO,
          gst_analytics_cls_mtd_get_mtd_type (), nullptr, &cls))
    return false;
  for (gsize i = 0; i < gst_analytics_cls_mtd_get_length (&cls); i++) {
    names.push_back (
        g_quark_to_string (gst_analytics_cls_mtd_get_quark (&cls, i)));
    levels.push_back (gst_analytics_cls_mtd_get_level (&cls, i));
  }
  return true;
}

/* The track id of the tracking entry @od relates to, 0 without one */
guint64
related_track (const GstAnalyticsODMtd &od, GstClockTime *first_seen = nullptr)
{
  GstAnalyticsTrackingMtd track;
  if (!gst_analytics_relation_meta_get_direct_related (od.meta, od.id,
          GST_ANALYTICS_REL_TYPE_RELATE_TO,
          gst_analytics_tracking_mtd_get_mtd_type (), nullptr, &track))
    return 0;
  guint64 id;
  GstClockTime first, last;
  gboolean lost;
  fail_unless (
      gst_analytics_tracking_mtd_get_info (&track, &id, &first, &last, &lost));
  fail_if (lost);
  if (first_seen)
    *first_seen = first;
  return id;
}

GstGetiLabel
label (const char *name, double probability, bool empty = false)
{
  GstGetiLabel l = {};
  l.id = const_cast<gchar *> (name);
  l.name = const_cast<gchar *> (name);
  l.probability = probability;
  l.empty = empty;
  return l;
}

/* Asserts that @buffer's detection entries are its Geti meta's predictions
 * with extent, in order: type, box (within @tolerance px) and confidence */
void
check_agree (GstBuffer *buffer, int tolerance, const char *what)
{
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);
  fail_unless (meta != nullptr, "%s: no Geti meta", what);
  const std::vector<Entry> entries = detections (buffer);
  gsize next = 0;
  for (guint i = 0; i < gst_geti_prediction_meta_get_n_predictions (meta);
       i++) {
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, i);
    /* whole-frame results are classifications, not boxes */
    const bool whole = p->shape.type == GST_GETI_SHAPE_NONE ||
                       (p->shape.type == GST_GETI_SHAPE_RECTANGLE &&
                           p->shape.x <= 1 && p->shape.y <= 1 &&
                           p->shape.x + p->shape.width >= meta->width - 1.0 &&
                           p->shape.y + p->shape.height >= meta->height - 1.0);
    if (p->n_labels == 0 || p->labels[0].empty || whole)
      continue;
    fail_unless (
        next < entries.size (), "%s: prediction %u has no entry", what, i);
    const Entry &e = entries[next++];
    fail_unless_equals_string (e.type.c_str (), p->labels[0].name);
    fail_unless (std::abs (e.confidence - p->labels[0].probability) < 1e-6);
    double x0, y0, x1, y1;
    if (p->shape.type == GST_GETI_SHAPE_ROTATED_RECTANGLE &&
        GST_CHECK_VERSION (1, 26, 0)) {
      x0 = p->shape.x - p->shape.width / 2;
      y0 = p->shape.y - p->shape.height / 2;
      x1 = x0 + p->shape.width;
      y1 = y0 + p->shape.height;
      fail_unless (std::abs (e.r - p->shape.angle * G_PI / 180) < 1e-4,
          "%s: angle %f, not %f°", what, e.r, p->shape.angle);
    } else {
      fail_unless (gst_geti::shape_bounds (p->shape, x0, y0, x1, y1));
    }
    fail_unless (std::abs (e.x - x0) <= tolerance &&
                     std::abs (e.y - y0) <= tolerance &&
                     std::abs (e.x + e.w - x1) <= tolerance &&
                     std::abs (e.y + e.h - y1) <= tolerance,
        "%s: entry %d,%d %dx%d, prediction %u %.1f,%.1f - %.1f,%.1f", what, e.x,
        e.y, e.w, e.h, i, x0, y0, x1, y1);
    if (p->track_id != 0)
      fail_unless_equals_int (related_track (e.od), p->track_id);
  }
  fail_unless_equals_int (next, entries.size ());
}

} // namespace

/* Test the mapping itself on predictions of every kind: a box per
 * prediction with extent (the bounding box of an ellipse, a polygon, a
 * keypoint; a rotated rectangle oriented on 1.26), a chain's further
 * labels as a classification the detection relates to, a whole-frame
 * result as a classification alone, empty labels as nothing, a track as a
 * tracking entry with its first-seen time. */
GST_START_TEST (test_mapping_of_every_kind)
{
  GstGetiPredictions *list = gst_geti_predictions_new (nullptr);
  auto add = [&] (std::vector<GstGetiLabel> labels, GstGetiShapeType type,
                 double x, double y, double w, double h, double angle,
                 std::vector<GstGetiPoint> points, guint track_id) {
    GstGetiPrediction p = {};
    p.labels = labels.data ();
    p.n_labels = static_cast<guint> (labels.size ());
    p.shape.type = type;
    p.shape.x = x;
    p.shape.y = y;
    p.shape.width = w;
    p.shape.height = h;
    p.shape.angle = angle;
    p.shape.points = points.empty () ? nullptr : points.data ();
    p.shape.n_points = static_cast<guint> (points.size ());
    p.track_id = track_id;
    gst_geti_predictions_add (list, &p);
  };
  add ({ label ("car", 0.9), label ("red", 0.8) }, GST_GETI_SHAPE_RECTANGLE,
      10.4, 20.6, 30, 40, 0, {}, 7);
  add ({ label ("boat", 0.7) }, GST_GETI_SHAPE_ROTATED_RECTANGLE, 200, 100, 60,
      20, 30, {}, 0);
  add ({ label ("egg", 0.6) }, GST_GETI_SHAPE_ELLIPSE, 300, 300, 20, 10, 0, {},
      0);
  add ({ label ("cell", 0.5) }, GST_GETI_SHAPE_POLYGON, 0, 0, 0, 0, 0,
      { { 400, 50 }, { 450, 60 }, { 420, 90 } }, 0);
  add ({ label ("nose", 1.5) }, GST_GETI_SHAPE_KEYPOINT, 500, 400, 0, 0, 0, {},
      0);
  add ({ label ("Normal", 0.3), label ("Anomalous", 0.7) },
      GST_GETI_SHAPE_RECTANGLE, 0, 0, 640, 480, 0, {}, 0);
  add ({ label ("No object", 0, true) }, GST_GETI_SHAPE_RECTANGLE, 5, 5, 10, 10,
      0, {}, 0);

  GstBuffer *buffer = gst_buffer_new ();
  GstGetiPredictionMeta *meta =
      gst_buffer_add_geti_prediction_meta (buffer, list, 640, 480);
  gst_geti::add_analytics_entries (buffer, list, 640, 480,
      [] (guint id, GstClockTime &first, GstClockTime &last) {
        first = id * GST_SECOND;
        last = first + GST_SECOND;
        return true;
      });
  (void) meta;

  const std::vector<Entry> entries = detections (buffer);
  fail_unless_equals_int (entries.size (), 5);
  /* the car: rounded box, its classification, its track */
  fail_unless_equals_string (entries[0].type.c_str (), "car");
  fail_unless_equals_int (entries[0].x, 10);
  fail_unless_equals_int (entries[0].y, 21);
  fail_unless_equals_int (entries[0].w, 30);
  fail_unless_equals_int (entries[0].h, 40);
  std::vector<std::string> names;
  std::vector<gfloat> levels;
  fail_unless (related_classification (entries[0].od, names, levels));
  fail_unless_equals_int (names.size (), 1);
  fail_unless_equals_string (names[0].c_str (), "red");
  fail_unless (std::abs (levels[0] - 0.8f) < 1e-6);
  GstClockTime first_seen = 0;
  fail_unless_equals_uint64 (related_track (entries[0].od, &first_seen), 7);
  fail_unless_equals_uint64 (first_seen, 7 * GST_SECOND);
  /* the boat */
#if GST_CHECK_VERSION(1, 26, 0)
  fail_unless_equals_int (entries[1].x, 170);
  fail_unless_equals_int (entries[1].y, 90);
  fail_unless_equals_int (entries[1].w, 60);
  fail_unless_equals_int (entries[1].h, 20);
  fail_unless (std::abs (entries[1].r - G_PI / 6) < 1e-5);
#endif
  fail_unless_equals_uint64 (related_track (entries[1].od), 0);
  /* the polygon and the keypoint by their boxes */
  fail_unless_equals_int (entries[3].x, 400);
  fail_unless_equals_int (entries[3].y, 50);
  fail_unless_equals_int (entries[3].w, 50);
  fail_unless_equals_int (entries[3].h, 40);
  fail_unless_equals_int (entries[4].x, 500);
  fail_unless_equals_int (entries[4].w, 0);
  /* the whole-frame result: one classification of its own with both
   * labels, plus the car's */
  fail_unless_equals_int (
      count_entries (buffer, gst_analytics_cls_mtd_get_mtd_type ()), 2);
  fail_unless_equals_int (
      count_entries (buffer, gst_analytics_tracking_mtd_get_mtd_type ()), 1);
  check_agree (buffer, 1, "hand-made");

  gst_buffer_unref (buffer);
  gst_geti_predictions_unref (list);
}
GST_END_TEST;

/* Test that getipredict's entries agree with its meta on every frame for
 * every shape kind (scenario shapes), on a task chain (the classification
 * the detection relates to), on a classification project (whole-frame
 * classifications, no boxes), and that attach-analytics-meta=false
 * attaches none. */
GST_START_TEST (test_getipredict_entries_agree)
{
  struct Case {
    geti::fake::Scenario scenario;
    geti::fake::ProjectKind kind;
    const char *properties;
  };
  const Case cases[] = {
    { geti::fake::Scenario::shapes, geti::fake::ProjectKind::detection, "" },
    { geti::fake::Scenario::detection, geti::fake::ProjectKind::task_chain,
        "" },
    { geti::fake::Scenario::classification, geti::fake::ProjectKind::detection,
        "" },
    { geti::fake::Scenario::detection, geti::fake::ProjectKind::detection,
        "attach-analytics-meta=false" },
  };
  for (const Case &c : cases) {
    geti::fake::ServerOptions options;
    options.scenario = c.scenario;
    options.project_kind = c.kind;
    auto server = test::start_server (options);
    GstElement *pipeline = test::parse_pipeline (
        "videotestsrc pattern=ball num-buffers=10 ! "
        "video/x-raw,width=320,height=240 ! getipredict " +
        test::predict_properties (*server) + " " + c.properties +
        " ! appsink name=sink sync=false");
    test::Run run;
    test::run_pipeline (pipeline, run);
    fail_unless (run.error == nullptr);
    fail_unless_equals_int (run.samples.size (), 10);
    for (gsize i = 0; i < run.samples.size (); i++) {
      GstBuffer *buffer = run.buffer (i);
      if (std::string (c.properties).find ("false") != std::string::npos) {
        fail_unless (
            gst_buffer_get_analytics_relation_meta (buffer) == nullptr);
        continue;
      }
      check_agree (buffer, 1, "getipredict");
      const GstGetiPrediction *p =
          gst_geti_prediction_meta_get_prediction (run.meta (i), 0);
      if (c.kind == geti::fake::ProjectKind::task_chain) {
        const std::vector<Entry> entries = detections (buffer);
        std::vector<std::string> names;
        std::vector<gfloat> levels;
        fail_unless (related_classification (entries[0].od, names, levels));
        fail_unless_equals_string (names[0].c_str (), p->labels[1].name);
      }
      if (c.scenario == geti::fake::Scenario::classification) {
        fail_unless_equals_int (detections (buffer).size (), 0);
        fail_unless_equals_int (
            count_entries (buffer, gst_analytics_cls_mtd_get_mtd_type ()), 1);
      }
    }
    gst_object_unref (pipeline);
  }
}
GST_END_TEST;

/* Test that the entries survive videoscale (upstream's transform) and
 * still agree with the Geti meta, scaled the same way (within a pixel and
 * a half of rounding). */
GST_START_TEST (test_entries_after_videoscale)
{
  auto server = test::start_server ();
  GstElement *pipeline = test::parse_pipeline (
      "videotestsrc pattern=ball num-buffers=10 ! "
      "video/x-raw,width=640,height=480 ! getipredict " +
      test::predict_properties (*server) +
      " ! videoscale ! video/x-raw,width=320,height=240 ! "
      "appsink name=sink sync=false");
  test::Run run;
  test::run_pipeline (pipeline, run);
  fail_unless (run.error == nullptr);
  for (gsize i = 0; i < run.samples.size (); i++) {
    fail_unless_equals_int (run.meta (i)->width, 320);
    check_agree (run.buffer (i), 2, "after videoscale");
    test::check_box (gst_geti_prediction_meta_get_prediction (run.meta (i), 0),
        test::ball_of (run.samples[i]), "scaled");
  }
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* Test getitrack's entries: on every frame (predicted or interpolated) the
 * detection entries are where the Geti meta's boxes are, each related to a
 * tracking entry with the prediction's track id. */
GST_START_TEST (test_tracking_entries)
{
  auto server = test::start_server ();
  GstElement *pipeline = test::parse_pipeline (
      "videotestsrc pattern=ball num-buffers=30 ! "
      "video/x-raw,width=640,height=480 ! getipredict interval=5 " +
      test::predict_properties (*server) +
      " ! getitrack ! appsink name=sink sync=false");
  test::Run run;
  test::run_pipeline (pipeline, run);
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 30);
  for (gsize i = 0; i < run.samples.size (); i++) {
    check_agree (run.buffer (i), 1, "getitrack");
    fail_unless_equals_int (count_entries (run.buffer (i),
                                gst_analytics_tracking_mtd_get_mtd_type ()),
        1);
    fail_unless_equals_uint64 (
        related_track (detections (run.buffer (i))[0].od), 1);
  }
  gst_object_unref (pipeline);
}
GST_END_TEST;

/* Test the interop that matters: upstream's objectdetectionoverlay, which
 * knows nothing of Geti, draws its box around the ball on getipredict's
 * output. The red of its outline must frame the white of the ball on
 * every frame. */
GST_START_TEST (test_objectdetectionoverlay_draws_the_ball)
{
  GstElementFactory *factory =
      gst_element_factory_find ("objectdetectionoverlay");
  fail_unless (factory != nullptr,
      "objectdetectionoverlay missing (gstreamer1.0-plugins-bad)");
  gst_object_unref (factory);

  auto server = test::start_server ();
  GstElement *pipeline = test::parse_pipeline (
      "videotestsrc pattern=ball num-buffers=20 ! "
      "video/x-raw,format=I420,width=640,height=480 ! getipredict " +
      test::predict_properties (*server) +
      " ! objectdetectionoverlay object-detection-outline-color=0xFFFF0000 "
      "draw-labels=false ! videoconvert ! video/x-raw,format=RGB ! "
      "appsink name=sink sync=false");
  test::Run run;
  test::run_pipeline (pipeline, run);
  fail_unless (run.error == nullptr);
  fail_unless_equals_int (run.samples.size (), 20);
  for (gsize i = 0; i < run.samples.size (); i++) {
    GstVideoInfo info;
    fail_unless (
        gst_video_info_from_caps (&info, gst_sample_get_caps (run.samples[i])));
    GstVideoFrame frame;
    fail_unless (
        gst_video_frame_map (&frame, &info, run.buffer (i), GST_MAP_READ));
    const guint8 *data =
        static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0));
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
    int white[4] = { 640, 480, -1, -1 }, red[4] = { 640, 480, -1, -1 };
    for (int y = 0; y < 480; y++) {
      for (int x = 0; x < 640; x++) {
        const guint8 *px = data + y * stride + 3 * x;
        int *box = nullptr;
        if (px[0] > 200 && px[1] > 200 && px[2] > 200)
          box = white;
        else if (px[0] > 180 && px[1] < 80 && px[2] < 80)
          box = red;
        if (box) {
          box[0] = std::min (box[0], x);
          box[1] = std::min (box[1], y);
          box[2] = std::max (box[2], x);
          box[3] = std::max (box[3], y);
        }
      }
    }
    gst_video_frame_unmap (&frame);
    fail_unless (
        white[2] >= 0 && red[2] >= 0, "frame %zu: no ball or no box", i);
    /* the 2 px outline on the ball's box: around the white, at most 3 px
     * off on each side */
    for (int k = 0; k < 4; k++) {
      const int outward = k < 2 ? white[k] - red[k] : red[k] - white[k];
      fail_unless (outward >= -1 && outward <= 3,
          "frame %zu: the box (%d,%d)-(%d,%d) does not frame the ball "
          "(%d,%d)-(%d,%d)",
          i, red[0], red[1], red[2], red[3], white[0], white[1], white[2],
          white[3]);
    }
  }
  gst_object_unref (pipeline);
}
GST_END_TEST;

static Suite *
analytics_suite (void)
{
  Suite *s = suite_create ("analytics");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_mapping_of_every_kind);
  tcase_add_test (tc, test_getipredict_entries_agree);
  tcase_add_test (tc, test_entries_after_videoscale);
  tcase_add_test (tc, test_tracking_entries);
  tcase_add_test (tc, test_objectdetectionoverlay_draws_the_ball);
  return s;
}

GST_CHECK_MAIN (analytics);
