/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "moving_objects.h"

#include <gst/app/app.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <utility>

namespace test {

namespace {

constexpr guint8 BLACK = 16;
constexpr guint8 WHITE = 235;
constexpr guint8 NEUTRAL_CHROMA = 128;

/* The box of @o on @frame before clipping: columns x0 .. x1 - 1 */
void
unclipped_box (const MovingObject &o, guint64 frame, long &x0, long &y0,
    long &x1, long &y1)
{
  const double f = static_cast<double> (frame);
  x0 = std::lround (o.x0 + o.vx * f);
  y0 = std::lround (o.y0 + o.vy * f);
  x1 = x0 + o.width;
  y1 = y0 + o.height;
}

/* 8-connected: overlapping, or adjacent by an edge or a corner */
bool
touching (const ObjectBox &a, const ObjectBox &b)
{
  return a.x <= b.x + b.width && b.x <= a.x + a.width &&
         a.y <= b.y + b.height && b.y <= a.y + a.height;
}

void
fill_plane (GstVideoFrame *vframe, guint plane, guint8 value)
{
  guint8 *data =
      static_cast<guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (vframe, plane));
  const int stride = GST_VIDEO_FRAME_PLANE_STRIDE (vframe, plane);
  /* the plane's rows: the height of a component stored in it */
  int height = 0;
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (vframe); c++) {
    if (GST_VIDEO_FORMAT_INFO_PLANE (vframe->info.finfo, c) == plane)
      height = GST_VIDEO_FRAME_COMP_HEIGHT (vframe, c);
  }
  for (int y = 0; y < height; y++)
    memset (data + static_cast<gsize> (y) * stride, value, stride);
}

} // namespace

MovingObjects::MovingObjects (int width, int height, int fps_n, int fps_d,
    std::vector<MovingObject> objects)
    : width_ (width), height_ (height), fps_n_ (fps_n), fps_d_ (fps_d),
      objects_ (std::move (objects))
{}

MovingObjects
MovingObjects::crossing_scene ()
{
  return MovingObjects (640, 480, 30, 1,
      {
          { 1, 48, 48, 16, 200, 1.9, 0 },
          { 2, 32, 32, 592, 212, -1.9, 0 },
          { 3, 40, 40, 115, 4, 0, 4 },
          { 4, 24, 24, -70, 906, 1, -3 },
      });
}

std::vector<ObjectBox>
MovingObjects::truth (guint64 frame) const
{
  std::vector<ObjectBox> boxes;
  for (const MovingObject &o : objects_) {
    long x0, y0, x1, y1;
    unclipped_box (o, frame, x0, y0, x1, y1);
    x0 = std::max (x0, 0L);
    y0 = std::max (y0, 0L);
    x1 = std::min (x1, static_cast<long> (width_));
    y1 = std::min (y1, static_cast<long> (height_));
    if (x1 <= x0 || y1 <= y0)
      continue;
    boxes.push_back (
        ObjectBox{ o.id, static_cast<int> (x0), static_cast<int> (y0),
            static_cast<int> (x1 - x0), static_cast<int> (y1 - y0) });
  }
  return boxes;
}

guint64
MovingObjects::frame_of (GstClockTime pts) const noexcept
{
  return gst_util_uint64_scale_round (pts, fps_n_, fps_d_ * GST_SECOND);
}

GstClockTime
MovingObjects::pts_of (guint64 frame) const noexcept
{
  return gst_util_uint64_scale (frame, fps_d_ * GST_SECOND, fps_n_);
}

GstClockTime
MovingObjects::duration () const noexcept
{
  return gst_util_uint64_scale (1, fps_d_ * GST_SECOND, fps_n_);
}

std::vector<Crossing>
MovingObjects::crossings (guint64 frames) const
{
  std::vector<Crossing> out;
  for (gsize i = 0; i < objects_.size (); i++) {
    for (gsize j = i + 1; j < objects_.size (); j++) {
      MovingObjects pair (
          width_, height_, fps_n_, fps_d_, { objects_[i], objects_[j] });
      bool open = false;
      for (guint64 f = 0; f < frames; f++) {
        auto boxes = pair.truth (f);
        const bool now = boxes.size () == 2 && touching (boxes[0], boxes[1]);
        if (now && !open) {
          const guint a = std::min (objects_[i].id, objects_[j].id);
          const guint b = std::max (objects_[i].id, objects_[j].id);
          out.push_back (Crossing{ a, b, f, f });
        }
        if (now)
          out.back ().last = f;
        open = now;
      }
    }
  }
  std::sort (out.begin (), out.end (),
      [] (const Crossing &x, const Crossing &y) { return x.first < y.first; });
  return out;
}

GstCaps *
MovingObjects::caps () const
{
  return gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
      "width", G_TYPE_INT, width_, "height", G_TYPE_INT, height_, "framerate",
      GST_TYPE_FRACTION, fps_n_, fps_d_, "pixel-aspect-ratio",
      GST_TYPE_FRACTION, 1, 1, nullptr);
}

bool
MovingObjects::render (guint64 frame, GstVideoFrame *vframe) const
{
  const GstVideoFormatInfo *finfo = vframe->info.finfo;
  if (!GST_VIDEO_FORMAT_INFO_IS_YUV (finfo) &&
      !GST_VIDEO_FORMAT_INFO_IS_GRAY (finfo))
    return false;
  switch (GST_VIDEO_FRAME_FORMAT (vframe)) {
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_YV12:
    case GST_VIDEO_FORMAT_NV12:
    case GST_VIDEO_FORMAT_NV21:
    case GST_VIDEO_FORMAT_Y42B:
    case GST_VIDEO_FORMAT_Y444:
    case GST_VIDEO_FORMAT_GRAY8:
      break;
    default:
      return false;
  }
  if (GST_VIDEO_FRAME_WIDTH (vframe) != width_ ||
      GST_VIDEO_FRAME_HEIGHT (vframe) != height_)
    return false;

  fill_plane (vframe, 0, BLACK);
  for (guint plane = 1; plane < GST_VIDEO_FRAME_N_PLANES (vframe); plane++)
    fill_plane (vframe, plane, NEUTRAL_CHROMA);

  /* luma only: white on black has neutral chroma everywhere */
  guint8 *luma = static_cast<guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (vframe, 0));
  const int stride = GST_VIDEO_FRAME_PLANE_STRIDE (vframe, 0);
  for (const ObjectBox &box : truth (frame)) {
    for (int y = box.y; y < box.y + box.height; y++)
      memset (luma + static_cast<gsize> (y) * stride + box.x, WHITE, box.width);
  }
  return true;
}

GstBuffer *
MovingObjects::render_buffer (guint64 frame) const
{
  GstVideoInfo info;
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, width_, height_);
  GstBuffer *buffer = gst_buffer_new_allocate (nullptr, info.size, nullptr);
  GstVideoFrame vframe;
  if (gst_video_frame_map (&vframe, &info, buffer, GST_MAP_WRITE)) {
    render (frame, &vframe);
    gst_video_frame_unmap (&vframe);
  }
  GST_BUFFER_PTS (buffer) = pts_of (frame);
  GST_BUFFER_DURATION (buffer) = pts_of (frame + 1) - pts_of (frame);
  GST_BUFFER_OFFSET (buffer) = frame;
  return buffer;
}

namespace {

struct Feed {
  MovingObjects scene;
  guint64 frames;
  guint64 next = 0;
};

void
feed_need_data (GstAppSrc *src, guint, gpointer user_data)
{
  auto *feed = static_cast<Feed *> (user_data);
  if (feed->next >= feed->frames) {
    gst_app_src_end_of_stream (src);
    return;
  }
  gst_app_src_push_buffer (src, feed->scene.render_buffer (feed->next++));
}

void
feed_free (gpointer user_data)
{
  delete static_cast<Feed *> (user_data);
}

} // namespace

void
feed_appsrc (GstElement *appsrc, const MovingObjects &scene, guint64 frames)
{
  GstAppSrc *src = GST_APP_SRC (appsrc);
  GstCaps *caps = scene.caps ();
  gst_app_src_set_caps (src, caps);
  gst_caps_unref (caps);
  g_object_set (appsrc, "format", GST_FORMAT_TIME, "is-live", FALSE,
      "max-buffers", static_cast<guint64> (2), nullptr);

  GstAppSrcCallbacks callbacks = {};
  callbacks.need_data = feed_need_data;
  gst_app_src_set_callbacks (
      src, &callbacks, new Feed{ scene, frames }, feed_free);
}

std::string
describe (const std::vector<ObjectBox> &boxes)
{
  std::string out;
  for (const ObjectBox &b : boxes) {
    if (!out.empty ())
      out += ", ";
    out += std::to_string (b.id) + " (" + std::to_string (b.x) + "," +
           std::to_string (b.y) + " " + std::to_string (b.width) + "x" +
           std::to_string (b.height) + ")";
  }
  return out;
}

} // namespace test
