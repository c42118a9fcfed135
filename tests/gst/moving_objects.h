/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* A synthetic clip whose truth is known exactly: bright rectangles on a
 * black frame, each moving on a straight line at a constant speed, some of
 * them crossing each other. The fake Geti server's detector answers one
 * "ball" RECTANGLE per bright blob, so while two objects touch it sees one
 * merged blob: what a tracker must get through without swapping ids.
 *
 * Rectangles (not discs) so that two objects touch exactly when their
 * boxes do: the truth of a frame, and the frames of each crossing, follow
 * from the geometry alone.
 *
 * For the tests and the benchmark (tests/bench/track_bench.cpp):
 *
 *   GstElement *pipeline = test::parse_pipeline (
 *       "appsrc name=src ! getipredict ... ! appsink name=sink");
 *   GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
 *   test::MovingObjects scene = test::MovingObjects::crossing_scene ();
 *   test::feed_appsrc (src, scene, 300);
 *   gst_object_unref (src);
 *   ... then per output buffer: scene.truth (scene.frame_of (pts)).
 */

#include <gst/gst.h>
#include <gst/video/video.h>

#include <string>
#include <vector>

namespace test {

/* One object: a filled rectangle whose top-left corner is at @x0,@y0 on
 * frame 0 and moves by @vx,@vy pixels per frame. Its pixel position on
 * frame f is the rounded real one (std::lround), so a speed with a fraction
 * moves it by whole pixels, within half a pixel of the straight line. */
struct MovingObject {
  guint id = 0; /* positive, distinct */
  int width = 0;
  int height = 0;
  double x0 = 0;
  double y0 = 0;
  double vx = 0;
  double vy = 0;
};

/* A box in the detector's convention (tests/fake_geti/detector.h): columns
 * x .. x + width - 1, rows y .. y + height - 1; clipped to the frame. */
struct ObjectBox {
  guint id = 0;
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  double center_x () const noexcept
  {
    return x + width / 2.0;
  }
  double center_y () const noexcept
  {
    return y + height / 2.0;
  }
};

/* Two objects touching (8-connected: overlapping or adjacent, diagonals
 * included) on frames first .. last: the detector sees one blob there. */
struct Crossing {
  guint a = 0; /* ids, a < b */
  guint b = 0;
  guint64 first = 0;
  guint64 last = 0;
};

class MovingObjects
{
public:
  MovingObjects (int width, int height, int fps_n, int fps_d,
      std::vector<MovingObject> objects);

  /* The default scene, 640x480 at 30/1, for frames 0 .. 299 (track-bench
   * scene prints it, and checks it against the detector):
   *
   *   id  size   top-left, frame 0  speed px/frame  in the picture
   *    1  48x48  (16, 200)          (+1.9,  0)      0-299, left to right
   *    2  32x32  (592, 212)         (-1.9,  0)      0-299, right to left
   *    3  40x40  (115, 4)           ( 0,   +4)      0-118, down, leaves
   *    4  24x24  (-70, 906)         (+1,   -3)      143-299, enters, up
   *
   * Three crossings, each of two objects (crossings () computes them):
   * 1 and 3 on frames 39-61 (3 falls across 1's path), 1 and 2 on frames
   * 139-160 (head on, 2 passes in front of 1: one blob of 1's size at the
   * middle), 2 and 4 on frames 221-239 (4 rises across 2's path). No
   * three objects ever touch at once; outside the crossings the detector
   * sees exactly one blob per object, with the object's box. */
  static MovingObjects crossing_scene ();

  int width () const noexcept
  {
    return width_;
  }
  int height () const noexcept
  {
    return height_;
  }
  const std::vector<MovingObject> &objects () const noexcept
  {
    return objects_;
  }

  /* Every object's box on @frame (an object entirely outside the frame is
   * left out), in the order of objects (). */
  std::vector<ObjectBox> truth (guint64 frame) const;

  /* The frame a buffer of this clip with @pts shows (the nearest) */
  guint64 frame_of (GstClockTime pts) const noexcept;
  GstClockTime pts_of (guint64 frame) const noexcept;
  GstClockTime duration () const noexcept; /* of one frame */

  /* The crossings among frames 0 .. @frames - 1, sorted by first frame */
  std::vector<Crossing> crossings (guint64 frames) const;

  /* I420 (limited range: black 16, objects 235, chroma 128) */
  GstCaps *caps () const;

  /* Draws @frame into @vframe, which must be mapped for writing, of the
   * scene's size, in a YUV format with an 8-bit luma plane (I420, YV12,
   * NV12, NV21, Y42B, Y444, GRAY8); false for any other. */
  bool render (guint64 frame, GstVideoFrame *vframe) const;

  /* A new I420 buffer of @frame, PTS and duration set. */
  GstBuffer *render_buffer (guint64 frame) const;

private:
  int width_;
  int height_;
  int fps_n_;
  int fps_d_;
  std::vector<MovingObject> objects_;
};

/* Makes @appsrc (an appsrc element) the source of frames 0 .. @frames - 1
 * of @scene: sets its caps, format=time and callbacks that render each
 * frame when asked (a copy of @scene is kept), then EOS. Call before the
 * pipeline starts. */
void feed_appsrc (
    GstElement *appsrc, const MovingObjects &scene, guint64 frames);

/* "id (x,y wxh)" of each box, for failure messages */
std::string describe (const std::vector<ObjectBox> &boxes);

} // namespace test
