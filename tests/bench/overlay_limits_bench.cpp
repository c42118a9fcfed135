/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* getioverlay's cost per frame on hostile prediction lists (a benchmark,
 * not a test): 320x240 BGRx frames through getioverlay in a GstHarness,
 * each frame with its own list (one coordinate moved, so that every frame
 * is drawn, not reused), the time from push to pull. Prints a table: mean
 * and max per frame, ms. Run it against an older build of the plugin
 * (GST_PLUGIN_PATH) for the before figures.
 *
 *   overlay-limits-bench [FRAMES]     (default 20; the first is left out)
 *   GETI_BENCH_SKIP="1M" skips cases whose name contains the text */
#include <gst/check/gstharness.h>
#include <gst/geti/geti.h>
#include <gst/video/video.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int WIDTH = 320;
constexpr int HEIGHT = 240;

GstGetiLabel
label (const char *name, const char *id = "0")
{
  GstGetiLabel l = {};
  l.id = const_cast<gchar *> (id);
  l.name = const_cast<gchar *> (name);
  l.color = 0x30c050ff;
  l.probability = 0.87;
  return l;
}

void
add (GstGetiPredictions *p, const GstGetiShape &shape,
    std::vector<GstGetiLabel> labels)
{
  GstGetiPrediction pr = {};
  pr.labels = labels.data ();
  pr.n_labels = static_cast<guint> (labels.size ());
  pr.shape = shape;
  gst_geti_predictions_add (p, &pr);
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

GstGetiShape
box (double dx)
{
  GstGetiShape s = {};
  s.type = GST_GETI_SHAPE_RECTANGLE;
  s.x = 100 + dx, s.y = 100, s.width = 100, s.height = 80;
  return s;
}

std::vector<GstGetiPoint>
scribble (guint n, double x, double y, double w, double h)
{
  std::mt19937 rng (1);
  std::uniform_real_distribution<double> ux (x, x + w), uy (y, y + h);
  std::vector<GstGetiPoint> points (n);
  for (GstGetiPoint &p : points)
    p = { ux (rng), uy (rng) };
  return points;
}

struct Case {
  const char *name;
  /* the list of frame @i */
  std::function<GstGetiPredictions *(guint i)> make;
};

} // namespace

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  const guint frames = argc > 1 ? std::max (2, atoi (argv[1])) : 20;
  const char *skip = g_getenv ("GETI_BENCH_SKIP");

  std::vector<GstGetiPoint> small = scribble (100000, 150, 110, 10, 10);
  std::vector<GstGetiPoint> million = scribble (1000000, 150, 110, 10, 10);
  std::vector<GstGetiPoint> wide = scribble (10000, 0, 0, WIDTH, HEIGHT);
  std::string long_name (1 << 20, 'W');
  std::vector<GstGetiLabel> many_labels (100000, label ("l"));

  const std::vector<Case> cases = {
    { "normal: 3 boxes and a 40-point polygon",
        [] (guint i) {
          auto *p = gst_geti_predictions_new (nullptr);
          for (int b = 0; b < 3; b++) {
            GstGetiShape s = box (i % 10 + b * 5);
            s.y = 20 + b * 70, s.height = 50;
            add (p, s, { label ("car") });
          }
          std::vector<GstGetiPoint> c (40);
          for (gsize k = 0; k < c.size (); k++) {
            const double a = 2 * G_PI * k / c.size ();
            c[k] = { 240 + 40 * std::cos (a) + i % 10,
              120 + 40 * std::sin (a) };
          }
          add (p, polygon (c), { label ("road") });
          return p;
        } },
    { "100k-point polygon in 10x10 px",
        [&] (guint i) {
          auto *p = gst_geti_predictions_new (nullptr);
          small[0].x = 150 + i % 10;
          add (p, polygon (small), { label ("x") });
          return p;
        } },
    { "1M-point polygon in 10x10 px",
        [&] (guint i) {
          auto *p = gst_geti_predictions_new (nullptr);
          million[0].x = 150 + i % 10;
          add (p, polygon (million), { label ("x") });
          return p;
        } },
    { "10k-point polygon over the frame",
        [&] (guint i) {
          auto *p = gst_geti_predictions_new (nullptr);
          wide[0].x = i % 10;
          add (p, polygon (wide), { label ("x") });
          return p;
        } },
    { "100k labels",
        [&] (guint i) {
          auto *p = gst_geti_predictions_new (nullptr);
          add (p, box (i % 10), many_labels);
          return p;
        } },
    { "1 MB label name",
        [&] (guint i) {
          auto *p = gst_geti_predictions_new (nullptr);
          add (p, box (i % 10), { label (long_name.c_str ()) });
          return p;
        } },
  };

  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_BGRx, WIDTH, HEIGHT);
  GST_VIDEO_INFO_FPS_N (&info) = 30;

  printf ("getioverlay, %dx%d BGRx, blending; %u frames per case, each drawn "
          "anew; ms per frame\n\n",
      WIDTH, HEIGHT, frames);
  printf ("%-42s %10s %10s\n", "answer", "mean", "max");
  for (const Case &c : cases) {
    if (skip != nullptr && *skip != '\0' && std::strstr (c.name, skip)) {
      printf ("%-42s %10s %10s\n", c.name, "skipped", "");
      continue;
    }
    GstHarness *h = gst_harness_new ("getioverlay");
    gst_harness_set_src_caps (h, gst_video_info_to_caps (&info));
    double sum = 0, max = 0;
    for (guint i = 0; i < frames; i++) {
      GstBuffer *frame = gst_buffer_new_allocate (
          nullptr, GST_VIDEO_INFO_SIZE (&info), nullptr);
      gst_buffer_memset (frame, 0, 64, GST_VIDEO_INFO_SIZE (&info));
      GstGetiPredictions *p = c.make (i);
      gst_buffer_add_geti_prediction_meta (frame, p, WIDTH, HEIGHT);
      gst_geti_predictions_unref (p);
      const auto t0 = std::chrono::steady_clock::now ();
      gst_harness_push (h, frame);
      GstBuffer *out = gst_harness_pull (h);
      const double ms = std::chrono::duration<double, std::milli> (
          std::chrono::steady_clock::now () - t0)
                            .count ();
      gst_buffer_unref (out);
      if (i == 0)
        continue; /* fonts and caches */
      sum += ms;
      max = std::max (max, ms);
    }
    gst_harness_teardown (h);
    printf ("%-42s %10.2f %10.2f\n", c.name, sum / (frames - 1), max);
    fflush (stdout);
  }
  return 0;
}
