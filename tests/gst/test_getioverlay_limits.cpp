/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include "test_helpers.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

/* getioverlay's drawing cost is bounded by the frame, not by the answer:
 * hostile prediction lists, made with the meta API and served by the fake
 * server through getipredict, draw no more than the documented caps (read
 * back from the element's stats), and what is drawn still looks right. No
 * timing here: tests/bench/overlay_limits_bench.sh prints the times. */

namespace {

constexpr int WIDTH = 320;
constexpr int HEIGHT = 240;
constexpr guint8 GREY = 64;
constexpr int CHANGED = 12;
constexpr guint32 GREEN = 0x30c050ff;
constexpr guint32 BLUE = 0x2050c0ff;

/* The element's documented caps (gstgetioverlay.cpp). */
constexpr guint MAX_SHAPES = 256;
constexpr guint MAX_POLYGON_POINTS = 2048;
constexpr guint MAX_FRAME_POINTS = 8192;
constexpr guint MAX_EDGES_PER_ROW = 16;
constexpr guint MAX_FRAME_EDGES_PER_ROW = 128;
constexpr guint MAX_LABELS_PER_SHAPE = 4;
constexpr guint MAX_BANNER_LABELS = 8;
constexpr guint MAX_TABS = 64;
constexpr guint MAX_NAME_CHARS = 32;
constexpr guint MAX_SKELETON_LINES = 1024;
/* " 87%" after a name */
constexpr guint PERCENT_CHARS = 4;

/* The last drawing's stats of @element. */
struct Stats {
  guint64 drawings = 0;
  guint shapes = 0, polygon_points = 0, polygon_edge_rows = 0,
        skeleton_lines = 0, tabs = 0, characters = 0, culled = 0, dropped = 0;
};

Stats
stats_of (GstElement *element)
{
  GstStructure *s = nullptr;
  g_object_get (element, "stats", &s, nullptr);
  fail_unless (s != nullptr);
  Stats out;
  fail_unless (gst_structure_get (s, "drawings", G_TYPE_UINT64, &out.drawings,
      "shapes", G_TYPE_UINT, &out.shapes, "polygon-points", G_TYPE_UINT,
      &out.polygon_points, "polygon-edge-rows", G_TYPE_UINT,
      &out.polygon_edge_rows, "skeleton-lines", G_TYPE_UINT,
      &out.skeleton_lines, "tabs", G_TYPE_UINT, &out.tabs, "characters",
      G_TYPE_UINT, &out.characters, "culled", G_TYPE_UINT, &out.culled,
      "dropped", G_TYPE_UINT, &out.dropped, nullptr));
  gst_structure_free (s);
  return out;
}

/* The frame as 8-bit RGB (the harness runs in BGRx). */
struct Image {
  std::vector<guint8> rgb;
  const guint8 *at (int x, int y) const
  {
    return &rgb[(static_cast<gsize> (y) * WIDTH + x) * 3];
  }
  bool changed (int x, int y) const
  {
    const guint8 *px = at (x, y);
    return std::abs (px[0] - GREY) > CHANGED ||
           std::abs (px[1] - GREY) > CHANGED ||
           std::abs (px[2] - GREY) > CHANGED;
  }
  /* pixels changed in [x0, x1) x [y0, y1) (clipped to the frame) */
  int count_changed (int x0, int y0, int x1, int y1) const
  {
    int n = 0;
    for (int y = std::max (0, y0); y < std::min (HEIGHT, y1); y++) {
      for (int x = std::max (0, x0); x < std::min (WIDTH, x1); x++)
        n += changed (x, y);
    }
    return n;
  }
  int count_changed () const
  {
    return count_changed (0, 0, WIDTH, HEIGHT);
  }
};

GstGetiLabel
label (const char *name, guint32 color = GREEN, double probability = 0.87,
    const char *id = nullptr)
{
  GstGetiLabel l = {};
  l.id = const_cast<gchar *> (id ? id : name);
  l.name = const_cast<gchar *> (name);
  l.color = color;
  l.probability = probability;
  return l;
}

GstGetiShape
rectangle (double x, double y, double w, double h)
{
  GstGetiShape s = {};
  s.type = GST_GETI_SHAPE_RECTANGLE;
  s.x = x, s.y = y, s.width = w, s.height = h;
  return s;
}

GstGetiShape
polygon (std::vector<GstGetiPoint> &points)
{
  GstGetiShape s = {};
  s.type = GST_GETI_SHAPE_POLYGON;
  s.points = points.data ();
  s.n_points = static_cast<guint> (points.size ());
  return s;
}

/* @n points drawn at random in the @w x @h box at @x, @y, in that order:
 * a polygon that crosses itself everywhere. */
std::vector<GstGetiPoint>
scribble (guint n, double x, double y, double w, double h, guint seed = 1)
{
  std::mt19937 rng (seed);
  std::uniform_real_distribution<double> ux (x, x + w), uy (y, y + h);
  std::vector<GstGetiPoint> points (n);
  for (GstGetiPoint &p : points)
    p = { ux (rng), uy (rng) };
  return points;
}

void
add (GstGetiPredictions *predictions, const GstGetiShape &shape,
    std::vector<GstGetiLabel> labels)
{
  GstGetiPrediction p = {};
  p.labels = labels.data ();
  p.n_labels = static_cast<guint> (labels.size ());
  p.shape = shape;
  gst_geti_predictions_add (predictions, &p);
}

GstGetiPredictions *
one (const GstGetiShape &shape, std::vector<GstGetiLabel> labels)
{
  GstGetiPredictions *predictions = gst_geti_predictions_new (nullptr);
  add (predictions, shape, std::move (labels));
  return predictions;
}

/* getioverlay in a harness on 320x240 BGRx frames of one grey. */
struct Overlay {
  GstHarness *h = nullptr;
  GstVideoInfo info;

  explicit Overlay (const char *properties = nullptr)
  {
    h = gst_harness_new ("getioverlay");
    if (properties != nullptr) {
      gchar **settings = g_strsplit (properties, " ", -1);
      for (gchar **setting = settings; *setting != nullptr; setting++) {
        gchar **pair = g_strsplit (*setting, "=", 2);
        gst_util_set_object_arg (G_OBJECT (h->element), pair[0], pair[1]);
        g_strfreev (pair);
      }
      g_strfreev (settings);
    }
    gst_video_info_set_format (&info, GST_VIDEO_FORMAT_BGRx, WIDTH, HEIGHT);
    GST_VIDEO_INFO_FPS_N (&info) = 30;
    gst_harness_set_src_caps (h, gst_video_info_to_caps (&info));
  }
  ~Overlay ()
  {
    gst_harness_teardown (h);
  }
  Overlay (const Overlay &) = delete;
  Overlay &operator= (const Overlay &) = delete;

  /* Draws @predictions (which it takes) on a grey frame. */
  Image draw (GstGetiPredictions *predictions)
  {
    GstBuffer *frame =
        gst_buffer_new_allocate (nullptr, GST_VIDEO_INFO_SIZE (&info), nullptr);
    gst_buffer_memset (frame, 0, GREY, GST_VIDEO_INFO_SIZE (&info));
    gst_buffer_add_geti_prediction_meta (frame, predictions, WIDTH, HEIGHT);
    gst_geti_predictions_unref (predictions);
    fail_unless_equals_int (gst_harness_push (h, frame), GST_FLOW_OK);
    GstBuffer *out = gst_harness_pull (h);
    fail_unless (out != nullptr);
    GstVideoFrame vframe;
    fail_unless (gst_video_frame_map (&vframe, &info, out, GST_MAP_READ));
    Image image;
    image.rgb.resize (static_cast<gsize> (WIDTH) * HEIGHT * 3);
    const auto *data =
        static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&vframe, 0));
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&vframe, 0);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        const guint8 *px = data + y * stride + x * 4; /* B G R x */
        guint8 *o = &image.rgb[(static_cast<gsize> (y) * WIDTH + x) * 3];
        o[0] = px[2], o[1] = px[1], o[2] = px[0];
      }
    }
    gst_video_frame_unmap (&vframe);
    gst_buffer_unref (out);
    return image;
  }

  Stats stats () const
  {
    return stats_of (h->element);
  }
};

/* The caps a polygon spanning @rows frame rows stays under. */
void
check_polygon_caps (const Stats &s, double rows)
{
  fail_unless (
      s.polygon_points <= MAX_POLYGON_POINTS, "%u points", s.polygon_points);
  fail_unless (s.polygon_edge_rows <= MAX_EDGES_PER_ROW * (rows + 2),
      "%u edge rows over %.0f rows", s.polygon_edge_rows, rows);
}

/* The height of the tab row above a box whose top is at @top: the rows
 * above it with pixels drawn. */
int
tab_height (const Image &image, int top)
{
  int rows = 0;
  for (int y = 0; y < top - 2; y++)
    rows += image.count_changed (0, y, WIDTH, y + 1) > 0;
  return rows;
}

} // namespace

/* Test that a self-intersecting polygon of 100 000 points inside 10x10
 * pixels is drawn with no more points and edges than 10 rows can show, and
 * still covers its box and nothing far from it. */
GST_START_TEST (test_scribble_in_small_box)
{
  Overlay overlay ("show-labels=false");
  auto points = scribble (100000, 150, 110, 10, 10);
  const Image image = overlay.draw (one (polygon (points), { label ("x") }));
  const Stats s = overlay.stats ();
  fail_unless_equals_int (s.drawings, 1);
  fail_unless_equals_int (s.shapes, 1);
  /* lw 2 each side of 10 rows, and the margin cairo may draw into */
  check_polygon_caps (s, 10 + 2 * 2);
  fail_unless (s.polygon_points >= 8, "%u points: not a scribble any more",
      s.polygon_points);
  /* the box is covered, and nothing beyond the miter joins (limit 10 x
   * line width / 2) is touched */
  const int inside = image.count_changed (150, 110, 160, 120);
  fail_unless (inside >= 90, "%d pixels of the box drawn", inside);
  const int all = image.count_changed ();
  fail_unless_equals_int (image.count_changed (138, 98, 172, 132), all);
}
GST_END_TEST;

/* Test that a polygon of 1 000 000 points scribbled over the whole frame
 * is drawn with no more points, nor edge rows, than the frame's caps, and
 * still covers the frame. */
GST_START_TEST (test_scribble_over_frame)
{
  Overlay overlay ("show-labels=false");
  auto points = scribble (1000000, 0, 0, WIDTH, HEIGHT);
  const Image image = overlay.draw (one (polygon (points), { label ("x") }));
  const Stats s = overlay.stats ();
  fail_unless_equals_int (s.shapes, 1);
  check_polygon_caps (s, HEIGHT + 2 * 2 * 2.5 * 2);
  const int all = image.count_changed ();
  fail_unless (all > WIDTH * HEIGHT / 4, "%d pixels drawn", all);
}
GST_END_TEST;

/* Test that a smooth polygon with far more points than pixels (a circle of
 * 100 000 points) is simplified to about one point per half pixel of its
 * outline and still drawn as the same circle: its outline in the label
 * colour, its inside filled, nothing outside it. */
GST_START_TEST (test_dense_circle_kept)
{
  Overlay overlay ("show-labels=false line-width=2");
  std::vector<GstGetiPoint> points (100000);
  const double cx = 160, cy = 120, r = 80;
  for (gsize i = 0; i < points.size (); i++) {
    const double a = 2 * G_PI * i / points.size ();
    points[i] = { cx + r * std::cos (a), cy + r * std::sin (a) };
  }
  const Image image = overlay.draw (one (polygon (points), { label ("x") }));
  const Stats s = overlay.stats ();
  /* 2 pi r = 503 pixels of outline: no more than a point per half pixel,
   * and enough to stay round */
  fail_unless (
      s.polygon_points <= 2 * 2 * G_PI * r + 1 && s.polygon_points >= 200,
      "%u points", s.polygon_points);
  for (int a = 0; a < 360; a += 15) {
    const double x = cx + r * std::cos (a * G_PI / 180),
                 y = cy + r * std::sin (a * G_PI / 180);
    /* the label colour (48,192,80), fully, within a pixel */
    int greenest = 0;
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        const guint8 *px =
            image.at (std::lround (x) + dx, std::lround (y) + dy);
        if (px[0] < 80 && px[2] < 110)
          greenest = std::max (greenest, int (px[1]));
      }
    }
    fail_unless (
        greenest > 160, "no outline at %d degrees: green %d", a, greenest);
    /* 4 pixels out: untouched; 4 pixels in: the translucent fill */
    fail_if (
        image.changed (std::lround (cx + (r + 4) * std::cos (a * G_PI / 180)),
            std::lround (cy + (r + 4) * std::sin (a * G_PI / 180))));
    fail_unless (
        image.changed (std::lround (cx + (r - 4) * std::cos (a * G_PI / 180)),
            std::lround (cy + (r - 4) * std::sin (a * G_PI / 180))));
  }
}
GST_END_TEST;

/* Test that many large scribbles share the frame's caps: the points and
 * edge rows of all of them stay under the per-frame caps. */
GST_START_TEST (test_many_scribbles)
{
  Overlay overlay ("show-labels=false");
  GstGetiPredictions *predictions = gst_geti_predictions_new (nullptr);
  for (guint i = 0; i < 100; i++) {
    auto points = scribble (10000, 0, 0, WIDTH, HEIGHT, i + 1);
    add (predictions, polygon (points), { label ("x") });
  }
  overlay.draw (predictions);
  const Stats s = overlay.stats ();
  fail_unless (s.polygon_points <= MAX_FRAME_POINTS, "%u", s.polygon_points);
  fail_unless (s.polygon_edge_rows <= MAX_FRAME_EDGES_PER_ROW * (HEIGHT + 2),
      "%u", s.polygon_edge_rows);
  fail_unless (s.shapes >= 1 && s.shapes + s.dropped == 100,
      "%u + %u (%u culled)", s.shapes, s.dropped, s.culled);
}
GST_END_TEST;

/* Test that a shape with 100 000 labels gets the first four tabs and one
 * "+N" tab, no wider than five tabs. */
GST_START_TEST (test_many_labels)
{
  Overlay overlay ("line-width=2");
  std::vector<std::string> names (100000);
  std::vector<GstGetiLabel> labels;
  for (gsize i = 0; i < names.size (); i++) {
    names[i] = "l" + std::to_string (i % 10);
    labels.push_back (label (names[i].c_str (), i % 2 ? BLUE : GREEN));
  }
  const Image image =
      overlay.draw (one (rectangle (20, 100, 200, 100), labels));
  const Stats s = overlay.stats ();
  fail_unless_equals_int (s.tabs, MAX_LABELS_PER_SHAPE + 1);
  /* "l0 87%" four times, then "+99996" */
  fail_unless_equals_int (
      s.characters, MAX_LABELS_PER_SHAPE * (2 + PERCENT_CHARS) + 6);
  /* the row of tabs ends well before the right edge */
  fail_unless (image.count_changed (0, 0, WIDTH, 95) > 0);
  fail_unless_equals_int (image.count_changed (300, 0, WIDTH, 95), 0);
}
GST_END_TEST;

/* Test that a 1 MB label name is cut to 32 characters and an ellipsis, on
 * one line even with line breaks and invalid UTF-8 in it. */
GST_START_TEST (test_long_name)
{
  Overlay overlay ("line-width=2");
  std::string name (1 << 20, 'W');
  const Image normal =
      overlay.draw (one (rectangle (20, 100, 200, 100), { label ("car") }));
  const int normal_height = tab_height (normal, 100);
  fail_unless (normal_height > 5);

  overlay.draw (one (rectangle (20, 100, 200, 100), { label (name.c_str ()) }));
  Stats s = overlay.stats ();
  fail_unless_equals_int (s.tabs, 1);
  fail_unless_equals_int (s.characters, MAX_NAME_CHARS + 1 + PERCENT_CHARS);

  /* line breaks and bytes that are not UTF-8 */
  for (gsize i = 0; i < name.size (); i += 3)
    name[i] = i % 2 ? '\n' : '\xff';
  const Image broken = overlay.draw (
      one (rectangle (20, 100, 200, 100), { label (name.c_str ()) }));
  s = overlay.stats ();
  fail_unless_equals_int (s.characters, MAX_NAME_CHARS + 1 + PERCENT_CHARS);
  fail_unless_equals_int (tab_height (broken, 100), normal_height);
}
GST_END_TEST;

/* Test that the banner of a full-frame result with 100 000 labels gets
 * eight tabs and a "+N" one. */
GST_START_TEST (test_banner_labels)
{
  Overlay overlay;
  std::vector<GstGetiLabel> labels (100000, label ("cat"));
  overlay.draw (one (rectangle (0, 0, WIDTH, HEIGHT), labels));
  const Stats s = overlay.stats ();
  fail_unless_equals_int (s.tabs, MAX_BANNER_LABELS + 1);
  fail_unless_equals_int (s.shapes, 0);
}
GST_END_TEST;

/* Test that shapes outside the frame are not drawn (nor their tabs), that
 * no more than the cap of shapes and tabs is drawn inside it, and that the
 * one shape inside still is. */
GST_START_TEST (test_many_predictions)
{
  Overlay overlay ("line-width=2");
  GstGetiPredictions *outside = gst_geti_predictions_new (nullptr);
  std::vector<GstGetiPoint> far = { { 1000, 1000 }, { 1100, 1000 },
    { 1100, 1100 } };
  for (guint i = 0; i < 50000; i++) {
    add (outside, rectangle (WIDTH + 10 + i, -500 - i, 100, 100),
        { label ("out") });
    add (outside, polygon (far), { label ("out") });
  }
  add (outside, rectangle (100, 100, 50, 50), { label ("in", BLUE) });
  const Image image = overlay.draw (outside);
  Stats s = overlay.stats ();
  fail_unless_equals_int (s.shapes, 1);
  fail_unless_equals_int (s.culled, 100000);
  fail_unless_equals_int (s.tabs, 1);
  fail_unless_equals_int (s.polygon_points, 0);
  /* only around the box and its tab */
  fail_unless_equals_int (
      image.count_changed (), image.count_changed (95, 70, 160, 155));

  GstGetiPredictions *inside = gst_geti_predictions_new (nullptr);
  for (guint i = 0; i < 100000; i++)
    add (inside, rectangle (i % 300, (i / 300) % 220, 3, 3), { label ("in") });
  overlay.draw (inside);
  s = overlay.stats ();
  fail_unless_equals_int (s.shapes, MAX_SHAPES);
  fail_unless (s.tabs <= MAX_TABS, "%u tabs", s.tabs);
}
GST_END_TEST;

/* Test that a skeleton of 100 000 edges over 1 000 keypoints draws no
 * more than the caps. */
GST_START_TEST (test_many_keypoint_edges)
{
  Overlay overlay ("show-labels=false");
  GstGetiPredictions *predictions = gst_geti_predictions_new (nullptr);
  std::vector<std::string> ids (1000);
  for (guint i = 0; i < ids.size (); i++) {
    ids[i] = "k" + std::to_string (i % 4);
    GstGetiShape k = {};
    k.type = GST_GETI_SHAPE_KEYPOINT;
    k.x = i % WIDTH, k.y = (i * 7) % HEIGHT;
    k.visible = TRUE;
    add (predictions, k, { label (ids[i].c_str ()) });
  }
  for (guint e = 0; e < 100000; e++) {
    gst_geti_predictions_add_keypoint_edge (
        predictions, ids[e % 4].c_str (), ids[(e + 1) % 4].c_str ());
  }
  overlay.draw (predictions);
  const Stats s = overlay.stats ();
  fail_unless (s.skeleton_lines > 0 && s.skeleton_lines <= MAX_SKELETON_LINES,
      "%u lines", s.skeleton_lines);
  fail_unless (s.shapes <= MAX_SHAPES, "%u shapes", s.shapes);
}
GST_END_TEST;

/* End to end: each hostile answer served by the fake server, through
 * getipredict and getioverlay at 320x240. */

namespace {

std::string
answer_json (const std::string &labels_json, const std::string &points_json)
{
  return "{\"predictions\":[{\"labels\":[" + labels_json +
         "],\"shape\":{\"type\":\"POLYGON\",\"points\":[" + points_json +
         "]}}]}";
}

/* @n points at random in the 10x10 box at the origin, in as few bytes as
 * the body limit needs: whole pixels; or over the whole frame. */
std::string
scribble_json (guint n, bool whole_frame = false)
{
  std::mt19937 rng (7);
  if (whole_frame) {
    std::string out;
    for (guint i = 0; i < n; i++) {
      out += (i ? ",{\"x\":" : "{\"x\":") + std::to_string (rng () % WIDTH) +
             ",\"y\":" + std::to_string (rng () % HEIGHT) + "}";
    }
    return out;
  }
  std::string out;
  out.reserve (static_cast<gsize> (n) * 14);
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      out += ',';
    out += "{\"x\":";
    out += static_cast<char> ('0' + rng () % 10);
    out += ",\"y\":";
    out += static_cast<char> ('0' + rng () % 10);
    out += '}';
  }
  return out;
}

const std::string SQUARE =
    "{\"x\":100,\"y\":100},{\"x\":200,\"y\":100},{\"x\":200,\"y\":200},"
    "{\"x\":100,\"y\":200}";

std::string
label_json (const std::string &name, guint i = 0)
{
  return "{\"id\":\"" + std::to_string (i) + "\",\"name\":\"" + name +
         "\",\"probability\":0.9}";
}

/* Runs 3 frames through getipredict and getioverlay against a fake server
 * that answers @body; returns the overlay's stats and the first prediction
 * that reached it (its label and point counts, 0 when none did: then
 * getipredict must have said that it left the answer out). */
Stats
run_answer (std::string body, guint &n_labels, guint &n_points,
    std::string *warning = nullptr)
{
  geti::fake::ServerOptions options;
  options.faults = { geti::fake::FaultRule{ geti::fake::Fault::body } };
  options.predict_body = std::make_shared<const std::string> (std::move (body));
  auto server = test::start_server (options);
  GstElement *pipeline = test::parse_pipeline (
      "videotestsrc pattern=ball num-buffers=3 ! "
      "video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! "
      "getipredict " +
      test::predict_properties (*server) +
      " ! getioverlay name=overlay ! appsink name=sink sync=false");
  test::Run run;
  test::run_pipeline (pipeline, run);
  GstElement *overlay = gst_bin_get_by_name (GST_BIN (pipeline), "overlay");
  const Stats s = stats_of (overlay);
  gst_object_unref (overlay);
  gst_object_unref (pipeline);
  fail_unless (run.error == nullptr, "%s",
      run.error ? test::message_text (run.error).c_str () : "");
  fail_unless_equals_int (run.samples.size (), 3);
  n_labels = n_points = 0;
  for (gsize i = 0; i < run.samples.size (); i++) {
    const GstGetiPredictionMeta *meta = run.meta (i);
    if (meta == nullptr ||
        gst_geti_prediction_meta_get_n_predictions (meta) == 0)
      continue;
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, 0);
    n_labels = p->n_labels;
    n_points = p->shape.n_points;
    break;
  }
  /* what the parser let through was drawn; what it left out, it said */
  if (n_labels > 0)
    fail_unless (s.drawings > 0);
  else
    fail_unless (!run.warnings.empty ());
  if (warning != nullptr && !run.warnings.empty ())
    *warning = test::message_text (run.warnings[0]);
  return s;
}

} // namespace

/* Test the 100 000-point scribble in 10x10 pixels, a 1 000 000-point one
 * and a 10 000-point one over the whole frame, served by the fake server:
 * drawn within the caps (getipredict may leave the first two out: its own
 * caps; the third it always takes). */
GST_START_TEST (test_served_scribbles)
{
  struct Case {
    guint n;
    bool whole_frame;
    bool must_arrive;
  };
  for (const Case c : { Case{ 100000, false, false },
           Case{ 1000000, false, false }, Case{ 10000, true, true } }) {
    guint n_labels, n_points;
    const Stats s = run_answer (
        answer_json (label_json ("x"), scribble_json (c.n, c.whole_frame)),
        n_labels, n_points);
    fail_unless (n_points > 0 || !c.must_arrive, "%u points: left out", c.n);
    if (n_points == 0)
      continue;
    fail_unless_equals_int (s.shapes, 1);
    check_polygon_caps (s, c.whole_frame ? HEIGHT + 2 * 7 : 10 + 2 * 2);
  }
}
GST_END_TEST;

/* Test an answer with 100 000 labels, one with a 1 MB label name and one
 * with a 4 kB name, served by the fake server: a row of at most five tabs,
 * names cut (getipredict may leave out the 1 MB name: its own cap). */
GST_START_TEST (test_served_labels)
{
  /* without names (the id is drawn), to stay under getipredict's body
   * limit */
  std::string labels;
  for (guint i = 0; i < 100000; i++)
    labels += i ? ",{\"id\":\"a\",\"probability\":1}"
                : "{\"id\":\"a\",\"probability\":1}";
  guint n_labels, n_points;
  std::string warning;
  Stats s =
      run_answer (answer_json (labels, SQUARE), n_labels, n_points, &warning);
  fail_unless (n_labels > 0, "the answer was left out: %s", warning.c_str ());
  fail_unless_equals_int (
      s.tabs, std::min (n_labels, MAX_LABELS_PER_SHAPE + 1));
  fail_unless (s.characters <= s.tabs * (MAX_NAME_CHARS + 1 + PERCENT_CHARS));

  for (const gsize size : { gsize (1) << 20, gsize (4000) }) {
    s = run_answer (answer_json (label_json (std::string (size, 'W')), SQUARE),
        n_labels, n_points);
    fail_unless (
        n_labels > 0 || size > 4096, "a %zu-byte name: left out", size);
    if (n_labels == 0)
      continue;
    fail_unless_equals_int (s.tabs, 1);
    fail_unless_equals_int (s.characters, MAX_NAME_CHARS + 1 + PERCENT_CHARS);
  }
}
GST_END_TEST;

static Suite *
getioverlay_limits_suite (void)
{
  Suite *s = suite_create ("getioverlay_limits");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_scribble_in_small_box);
  tcase_add_test (tc, test_scribble_over_frame);
  tcase_add_test (tc, test_dense_circle_kept);
  tcase_add_test (tc, test_many_scribbles);
  tcase_add_test (tc, test_many_labels);
  tcase_add_test (tc, test_long_name);
  tcase_add_test (tc, test_banner_labels);
  tcase_add_test (tc, test_many_predictions);
  tcase_add_test (tc, test_many_keypoint_edges);
  tcase_add_test (tc, test_served_scribbles);
  tcase_add_test (tc, test_served_labels);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getioverlay_limits);
