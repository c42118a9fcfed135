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
#include <mutex>
#include <string>
#include <vector>

/* getioverlay, one layer at a time: hand-made prediction lists on frames of
 * one grey through a GstHarness, and the output read back as RGB. Then one
 * run with getipredict and the fake server. */

namespace {

constexpr int WIDTH = 640;
constexpr int HEIGHT = 480;
constexpr guint8 GREY = 64;
/* Colours survive the round trip through 4:2:0 within this, per channel,
 * where a 2x2 chroma block lies inside what was drawn. */
constexpr int TOLERANCE = 30;
/* A pixel differs from the background by more than this: drawn on. */
constexpr int CHANGED = 12;

constexpr guint32 BLUE = 0x2050c0ff;   /* dark: white text */
constexpr guint32 YELLOW = 0xf0e040ff; /* light: black text */
constexpr guint32 GREEN = 0x30c050ff;

/* The frame read back as 8-bit RGB. */
struct Image {
  int width = 0;
  int height = 0;
  std::vector<guint8> rgb;

  const guint8 *at (int x, int y) const
  {
    return &rgb[(static_cast<gsize> (y) * width + x) * 3];
  }
};

bool
near (const guint8 *px, guint32 rgba, int tolerance = TOLERANCE)
{
  const int r = (rgba >> 24) & 0xff, g = (rgba >> 16) & 0xff,
            b = (rgba >> 8) & 0xff;
  return std::abs (px[0] - r) <= tolerance &&
         std::abs (px[1] - g) <= tolerance && std::abs (px[2] - b) <= tolerance;
}

bool
changed (const guint8 *a, const guint8 *b)
{
  for (int c = 0; c < 3; c++) {
    if (std::abs (a[c] - b[c]) > CHANGED)
      return true;
  }
  return false;
}

/* A copy of @buffer in @format (or RGB). */
GstBuffer *
convert (GstBuffer *buffer, const GstVideoInfo &in_info,
    const GstVideoInfo &out_info)
{
  GstBuffer *out = gst_buffer_new_allocate (
      nullptr, GST_VIDEO_INFO_SIZE (&out_info), nullptr);
  GstVideoFrame in_frame, out_frame;
  fail_unless (gst_video_frame_map (&in_frame, &in_info, buffer, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&out_frame, &out_info, out, GST_MAP_WRITE));
  GstVideoConverter *converter =
      gst_video_converter_new (&in_info, &out_info, nullptr);
  gst_video_converter_frame (converter, &in_frame, &out_frame);
  gst_video_converter_free (converter);
  gst_video_frame_unmap (&out_frame);
  gst_video_frame_unmap (&in_frame);
  return out;
}

GstVideoInfo
video_info (GstVideoFormat format, int width = WIDTH, int height = HEIGHT)
{
  GstVideoInfo info;
  gst_video_info_set_format (&info, format, width, height);
  GST_VIDEO_INFO_FPS_N (&info) = 30;
  GST_VIDEO_INFO_FPS_D (&info) = 1;
  return info;
}

Image
to_image (GstBuffer *buffer, const GstVideoInfo &info)
{
  const GstVideoInfo rgb_info = video_info (GST_VIDEO_FORMAT_RGB,
      GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info));
  GstBuffer *rgb = convert (buffer, info, rgb_info);
  GstVideoFrame frame;
  fail_unless (gst_video_frame_map (&frame, &rgb_info, rgb, GST_MAP_READ));
  Image image;
  image.width = GST_VIDEO_INFO_WIDTH (&info);
  image.height = GST_VIDEO_INFO_HEIGHT (&info);
  image.rgb.resize (static_cast<gsize> (image.width) * image.height * 3);
  const auto *data =
      static_cast<const guint8 *> (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0));
  const int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
  for (int y = 0; y < image.height; y++) {
    std::copy_n (data + static_cast<gsize> (y) * stride, image.width * 3,
        image.rgb.begin () + static_cast<gsize> (y) * image.width * 3);
  }
  gst_video_frame_unmap (&frame);
  gst_buffer_unref (rgb);
  return image;
}

/* A frame of one grey, in the format of @info. */
GstBuffer *
grey_frame (const GstVideoInfo &info)
{
  const GstVideoInfo rgb_info = video_info (GST_VIDEO_FORMAT_RGB,
      GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info));
  GstBuffer *rgb = gst_buffer_new_allocate (
      nullptr, GST_VIDEO_INFO_SIZE (&rgb_info), nullptr);
  gst_buffer_memset (rgb, 0, GREY, GST_VIDEO_INFO_SIZE (&rgb_info));
  GstBuffer *out = convert (rgb, rgb_info, info);
  gst_buffer_unref (rgb);
  return out;
}

/* Hand-made prediction lists. */

GstGetiLabel
label (const char *name, guint32 color, double probability = 0.87,
    const char *id = nullptr)
{
  GstGetiLabel l = {};
  l.id = const_cast<gchar *> (id ? id : name ? name : "0");
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
rotated (double cx, double cy, double w, double h, double angle)
{
  GstGetiShape s = rectangle (cx, cy, w, h);
  s.type = GST_GETI_SHAPE_ROTATED_RECTANGLE;
  s.angle = angle;
  return s;
}

GstGetiShape
ellipse (double x, double y, double w, double h)
{
  GstGetiShape s = rectangle (x, y, w, h);
  s.type = GST_GETI_SHAPE_ELLIPSE;
  return s;
}

GstGetiShape
keypoint (double x, double y, bool visible = true)
{
  GstGetiShape s = {};
  s.type = GST_GETI_SHAPE_KEYPOINT;
  s.x = x, s.y = y;
  s.visible = visible;
  return s;
}

/* The triangle the polygon tests draw; its points must outlive the add. */
GstGetiPoint triangle[] = { { 320, 100 }, { 450, 350 }, { 190, 350 } };

GstGetiShape
polygon ()
{
  GstGetiShape s = {};
  s.type = GST_GETI_SHAPE_POLYGON;
  s.points = triangle;
  s.n_points = G_N_ELEMENTS (triangle);
  return s;
}

/* Adds one prediction, tracked when @track_id is not 0 (the list
 * deep-copies). */
void
add (GstGetiPredictions *predictions, const GstGetiShape &shape,
    std::vector<GstGetiLabel> labels, guint track_id = 0)
{
  GstGetiPrediction p = {};
  p.labels = labels.data ();
  p.n_labels = static_cast<guint> (labels.size ());
  p.shape = shape;
  p.track_id = track_id;
  gst_geti_predictions_add (predictions, &p);
}

GstGetiPredictions *
one (const GstGetiShape &shape, std::vector<GstGetiLabel> labels,
    guint track_id = 0)
{
  GstGetiPredictions *predictions = gst_geti_predictions_new (nullptr);
  add (predictions, shape, std::move (labels), track_id);
  return predictions;
}

/* getioverlay in a harness, fed frames of one grey. */
struct Overlay {
  GstHarness *h = nullptr;
  GstVideoInfo info;
  Image background;

  explicit Overlay (GstVideoFormat format, const std::string &properties = "",
      const char *sink_caps = nullptr, bool propose_meta = false,
      int width = WIDTH, int height = HEIGHT)
      : info (video_info (format, width, height))
  {
    h = gst_harness_new ("getioverlay");
    gchar **settings = g_strsplit (properties.c_str (), " ", -1);
    for (gchar **setting = settings; *setting != nullptr; setting++) {
      gchar **pair = g_strsplit (*setting, "=", 2);
      if (pair[0] != nullptr && pair[1] != nullptr)
        gst_util_set_object_arg (G_OBJECT (h->element), pair[0], pair[1]);
      g_strfreev (pair);
    }
    g_strfreev (settings);
    if (sink_caps != nullptr)
      gst_harness_set_sink_caps_str (h, sink_caps);
    if (propose_meta) {
      gst_harness_add_propose_allocation_meta (
          h, GST_VIDEO_OVERLAY_COMPOSITION_META_API_TYPE, nullptr);
    }
    GstCaps *caps = gst_video_info_to_caps (&info);
    gst_harness_set_src_caps (h, caps);
    GstBuffer *frame = grey_frame (info);
    background = to_image (frame, info);
    gst_buffer_unref (frame);
  }
  ~Overlay ()
  {
    gst_harness_teardown (h);
  }
  Overlay (const Overlay &) = delete;
  Overlay &operator= (const Overlay &) = delete;

  /* Pushes a grey frame carrying @predictions (none when NULL, which it
   * takes) and returns what came out. */
  GstBuffer *push (GstGetiPredictions *predictions, bool held = false,
      guint meta_width = 0, guint meta_height = 0)
  {
    GstBuffer *frame = grey_frame (info);
    if (predictions != nullptr) {
      GstGetiPredictionMeta *meta = gst_buffer_add_geti_prediction_meta (frame,
          predictions, meta_width ? meta_width : GST_VIDEO_INFO_WIDTH (&info),
          meta_height ? meta_height : GST_VIDEO_INFO_HEIGHT (&info));
      meta->held = held;
      gst_geti_predictions_unref (predictions);
    }
    fail_unless_equals_int (gst_harness_push (h, frame), GST_FLOW_OK);
    GstBuffer *out = gst_harness_pull (h);
    fail_unless (out != nullptr);
    return out;
  }

  /* push () read back as RGB */
  Image draw (GstGetiPredictions *predictions, bool held = false)
  {
    GstBuffer *out = push (predictions, held);
    Image image = to_image (out, info);
    gst_buffer_unref (out);
    return image;
  }

  bool output_has_meta_feature () const
  {
    GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
    fail_unless (caps != nullptr);
    const bool has =
        gst_caps_features_contains (gst_caps_get_features (caps, 0),
            GST_CAPS_FEATURE_META_GST_VIDEO_OVERLAY_COMPOSITION);
    gst_caps_unref (caps);
    return has;
  }
};

/* Whether a pixel within @radius of (@x, @y) has the colour @rgba. */
bool
color_near (const Image &image, double x, double y, int radius, guint32 rgba,
    int tolerance = TOLERANCE)
{
  const int cx = static_cast<int> (std::lround (x)),
            cy = static_cast<int> (std::lround (y));
  for (int yy = std::max (0, cy - radius);
       yy <= std::min (image.height - 1, cy + radius); yy++) {
    for (int xx = std::max (0, cx - radius);
         xx <= std::min (image.width - 1, cx + radius); xx++) {
      if (near (image.at (xx, yy), rgba, tolerance))
        return true;
    }
  }
  return false;
}

struct Box {
  double x0, y0, x1, y1;
  bool contains (int x, int y) const
  {
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
  }
};

/* Pixels of @image that differ from @background outside @allowed, and the
 * first of them. */
int
count_changed_outside (const Image &image, const Image &background,
    const Box &allowed, int &first_x, int &first_y)
{
  int count = 0;
  for (int y = 0; y < image.height; y++) {
    for (int x = 0; x < image.width; x++) {
      if (allowed.contains (x, y) ||
          !changed (image.at (x, y), background.at (x, y)))
        continue;
      if (count++ == 0)
        first_x = x, first_y = y;
    }
  }
  return count;
}

int
count_changed (const Image &image, const Image &background)
{
  int x, y;
  return count_changed_outside (image, background, { -1, -1, -1, -1 }, x, y);
}

/* One shape of each type, its bounding box, points of its outline, and a
 * point of its outline that a wrong geometry would draw. */
struct ShapeCase {
  const char *name;
  GstGetiShape shape;
  Box bounds;
  std::vector<std::pair<double, double>> outline;
  std::vector<std::pair<double, double>> not_outline;
};

std::vector<ShapeCase>
shape_cases ()
{
  const double s30 = 0.5, c30 = std::sqrt (3.0) / 2;
  /* rotated rectangle: centre 320,240, 160 x 80, 30 degrees clockwise */
  auto corner = [&] (double dx, double dy) {
    return std::make_pair (
        320 + dx * c30 - dy * s30, 240 + dx * s30 + dy * c30);
  };
  std::vector<std::pair<double, double>> corners = { corner (-80, -40),
    corner (80, -40), corner (80, 40), corner (-80, 40) };
  Box rotated_bounds = { 1e9, 1e9, -1e9, -1e9 };
  for (auto &c : corners) {
    rotated_bounds.x0 = std::min (rotated_bounds.x0, c.first);
    rotated_bounds.y0 = std::min (rotated_bounds.y0, c.second);
    rotated_bounds.x1 = std::max (rotated_bounds.x1, c.first);
    rotated_bounds.y1 = std::max (rotated_bounds.y1, c.second);
  }
  return {
    { "RECTANGLE", rectangle (100, 120, 160, 120), { 100, 120, 260, 240 },
        { { 100, 180 }, { 180, 120 }, { 260, 200 }, { 150, 240 } },
        { { 180, 180 } } },
    /* the middle of the top side, and where it would be counter-clockwise */
    { "ROTATED_RECTANGLE", rotated (320, 240, 160, 80, 30), rotated_bounds,
        { { 320 + 40 * s30, 240 - 40 * c30 },
            { 320 - 40 * s30, 240 + 40 * c30 } },
        { { 320 - 40 * s30, 240 - 40 * c30 }, { 320, 240 } } },
    /* the ellipse touches its box at the middle of each side only */
    { "ELLIPSE", ellipse (200, 150, 200, 120), { 200, 150, 400, 270 },
        { { 200, 210 }, { 300, 150 }, { 400, 210 }, { 300, 270 } },
        { { 206, 156 }, { 394, 264 } } },
    { "POLYGON", polygon (), { 190, 100, 450, 350 },
        { { 320, 350 }, { 255, 225 }, { 385, 225 } }, { { 200, 110 } } },
    { "KEYPOINT", keypoint (320, 240), { 320, 240, 320, 240 }, { { 320, 240 } },
        { { 340, 240 } } },
  };
}

/* Draws each shape type alone, outlines only, in @format. */
void
check_shapes (GstVideoFormat format)
{
  constexpr double line_width = 4;
  Overlay overlay (format, "line-width=4 show-labels=false");
  for (const ShapeCase &c : shape_cases ()) {
    const Image image = overlay.draw (one (c.shape, { label ("car", BLUE) }));
    for (const auto &p : c.outline) {
      fail_unless (color_near (image, p.first, p.second, 2, BLUE),
          "%s in %s: no label colour on the outline at %.0f,%.0f (%d,%d,%d)",
          c.name, gst_video_format_to_string (format), p.first, p.second,
          image.at (std::lround (p.first), std::lround (p.second))[0],
          image.at (std::lround (p.first), std::lround (p.second))[1],
          image.at (std::lround (p.first), std::lround (p.second))[2]);
    }
    for (const auto &p : c.not_outline) {
      fail_if (color_near (image, p.first, p.second, 0, BLUE),
          "%s in %s: label colour at %.0f,%.0f, off the outline", c.name,
          gst_video_format_to_string (format), p.first, p.second);
    }
    /* nothing beyond the line (and the keypoint's dot), give or take the
     * chroma subsampling */
    const double margin = c.shape.type == GST_GETI_SHAPE_KEYPOINT
                              ? 2.5 * line_width + 4
                              : line_width / 2 + 3;
    const Box allowed = { c.bounds.x0 - margin, c.bounds.y0 - margin,
      c.bounds.x1 + margin, c.bounds.y1 + margin };
    int x = 0, y = 0;
    const int far =
        count_changed_outside (image, overlay.background, allowed, x, y);
    fail_unless (far == 0,
        "%s in %s: %d pixels drawn away from the shape, first at %d,%d", c.name,
        gst_video_format_to_string (format), far, x, y);
  }
}

} // namespace

/* Test that every shape type is outlined in the label colour, in I420,
 * with nothing drawn away from the outline. */
GST_START_TEST (test_shapes_i420)
{
  check_shapes (GST_VIDEO_FORMAT_I420);
}
GST_END_TEST;

/* Test that every shape type is outlined in the label colour, in NV12,
 * with nothing drawn away from the outline. */
GST_START_TEST (test_shapes_nv12)
{
  check_shapes (GST_VIDEO_FORMAT_NV12);
}
GST_END_TEST;

/* Test that every shape type is outlined in the label colour, in BGRx,
 * with nothing drawn away from the outline. */
GST_START_TEST (test_shapes_bgrx)
{
  check_shapes (GST_VIDEO_FORMAT_BGRx);
}
GST_END_TEST;

/* Test that polygons and ellipses get a translucent fill (fill-opacity),
 * and rectangles none. */
GST_START_TEST (test_fill)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "show-labels=false");
  const Image polygon_image =
      overlay.draw (one (polygon (), { label ("road", GREEN) }));
  const guint8 *inside = polygon_image.at (320, 280);
  fail_unless (changed (inside, overlay.background.at (320, 280)));
  fail_if (near (inside, GREEN), "the fill is not translucent");
  /* green over grey: the green channel rises most */
  fail_unless (inside[1] > inside[0] + 20 && inside[1] > inside[2] + 20);

  const Image rectangle_image = overlay.draw (
      one (rectangle (100, 120, 160, 120), { label ("car", GREEN) }));
  fail_if (changed (
      rectangle_image.at (180, 180), overlay.background.at (180, 180)));

  g_object_set (overlay.h->element, "fill-opacity", 0.0, nullptr);
  const Image outline_only =
      overlay.draw (one (polygon (), { label ("road", GREEN) }));
  fail_if (
      changed (outline_only.at (320, 280), overlay.background.at (320, 280)));
}
GST_END_TEST;

/* Test that a shape gets a tab above its top-left corner in the label
 * colour, with text in the colour that contrasts: white on a dark label,
 * black on a light one. */
GST_START_TEST (test_label_tab_contrast)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=2");
  for (const guint32 color : { BLUE, YELLOW }) {
    const Image image = overlay.draw (
        one (rectangle (100, 200, 160, 120), { label ("car", color) }));
    /* the tab: above the box, from its left edge */
    int tab = 0, white = 0, black = 0;
    for (int y = 160; y < 199; y++) {
      for (int x = 99; x < 200; x++) {
        const guint8 *px = image.at (x, y);
        tab += near (px, color, 8);
        white += px[0] > 220 && px[1] > 220 && px[2] > 220;
        black += px[0] < 35 && px[1] < 35 && px[2] < 35;
      }
    }
    fail_unless (tab > 300, "tab of %08x: %d pixels", color, tab);
    if (color == BLUE) {
      fail_unless (white > 20 && black == 0, "white %d black %d", white, black);
    } else {
      fail_unless (black > 20 && white == 0, "white %d black %d", white, black);
    }
    /* nothing below the box */
    fail_if (color_near (image, 150, 340, 10, color));
  }
}
GST_END_TEST;

/* Test that the tab of a box touching the top edge goes below the box,
 * outside it, so that it hides nothing of the object; and only when there
 * is no room below either (a box as tall as the frame), inside its top. */
GST_START_TEST (test_tab_at_top_edge)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=2");
  Image image = overlay.draw (
      one (rectangle (100, 0, 160, 120), { label ("car", BLUE) }));
  int inside = 0, below = 0;
  for (int y = 2; y < 118; y++) {
    for (int x = 102; x < 258; x++)
      inside += near (image.at (x, y), BLUE, 8);
  }
  for (int y = 121; y < 170; y++) {
    for (int x = 99; x < 260; x++)
      below += near (image.at (x, y), BLUE, 8);
  }
  fail_unless (inside == 0, "%d pixels of the tab inside the box", inside);
  fail_unless (below > 300, "%d pixels of the tab below the box", below);

  image = overlay.draw (
      one (rectangle (100, 0, 160, HEIGHT), { label ("car", BLUE) }));
  inside = 0;
  for (int y = 2; y < 50; y++) {
    for (int x = 102; x < 258; x++)
      inside += near (image.at (x, y), BLUE, 8);
  }
  fail_unless (inside > 300, "%d pixels of the tab inside the box", inside);
}
GST_END_TEST;

/* Test that the labels of a task chain are drawn side by side, each on its
 * own colour, and that show-labels=false draws no tab. */
GST_START_TEST (test_task_chain_labels)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=2");
  auto chain = [] () {
    return one (rectangle (100, 200, 300, 120),
        { label ("Card", BLUE, 0.95), label ("Hearts", YELLOW, 0.8) });
  };
  Image image = overlay.draw (chain ());
  int blue = 0, yellow = 0;
  for (int y = 160; y < 199; y++) {
    for (int x = 99; x < 400; x++) {
      blue += near (image.at (x, y), BLUE, 8);
      yellow += near (image.at (x, y), YELLOW, 8);
    }
  }
  fail_unless (blue > 300 && yellow > 300, "blue %d yellow %d", blue, yellow);
  /* the box is in the first (detection) label's colour */
  fail_unless (color_near (image, 100, 260, 2, BLUE));

  g_object_set (overlay.h->element, "show-labels", FALSE, nullptr);
  image = overlay.draw (chain ());
  fail_if (color_near (image, 150, 185, 12, BLUE));
  fail_if (color_near (image, 250, 185, 12, YELLOW));
}
GST_END_TEST;

/* Test that a full-frame classification result is a banner across the top
 * of the frame, not a box around it. */
GST_START_TEST (test_classification_banner)
{
  Overlay overlay (GST_VIDEO_FORMAT_I420, "line-width=4");
  const Image image = overlay.draw (
      one (rectangle (0, 0, WIDTH, HEIGHT), { label ("cat", YELLOW, 0.87) }));
  /* the label's colour in the band at the top */
  int tab = 0;
  for (int y = 0; y < 40; y++) {
    for (int x = 0; x < 200; x++)
      tab += near (image.at (x, y), YELLOW);
  }
  fail_unless (tab > 300, "%d pixels of the label colour at the top", tab);
  /* the band spans the width */
  fail_unless (changed (
      image.at (WIDTH - 10, 5), overlay.background.at (WIDTH - 10, 5)));
  /* no frame-sized box: the sides and the bottom are untouched, and so is
   * everything below the band */
  int x = 0, y = 0;
  const int below = count_changed_outside (
      image, overlay.background, { 0, 0, WIDTH, 40 }, x, y);
  fail_unless (below == 0, "%d pixels drawn below the banner, first at %d,%d",
      below, x, y);
}
GST_END_TEST;

/* Test that empty results are not drawn: the "No object" label, an
 * unnamed label with probability 0 on the whole frame, and the empty label
 * list Geti sends for an empty classification. */
GST_START_TEST (test_empty_label_not_drawn)
{
  Overlay overlay (GST_VIDEO_FORMAT_I420);
  const GstGetiShape frame = rectangle (0, 0, WIDTH, HEIGHT);
  fail_unless_equals_int (
      count_changed (
          overlay.draw (one (frame, { label ("No object", GREEN, 0.0) })),
          overlay.background),
      0);
  fail_unless_equals_int (
      count_changed (
          overlay.draw (one (frame, { label (nullptr, GREEN, 0.0, "65a0a1") })),
          overlay.background),
      0);
  fail_unless_equals_int (
      count_changed (overlay.draw (one (frame, {})), overlay.background), 0);
  /* a label marked empty (the project's is_empty), whatever its name */
  GstGetiLabel marked = label ("Nothing here", GREEN, 0.0);
  marked.empty = TRUE;
  fail_unless_equals_int (count_changed (overlay.draw (one (frame, { marked })),
                              overlay.background),
      0);
  /* but a real label is drawn, so the above can fail */
  fail_unless (
      count_changed (overlay.draw (one (frame, { label ("cat", GREEN) })),
          overlay.background) > 0);
}
GST_END_TEST;

/* Test that labels below min-probability are not drawn, nor their
 * shapes. */
GST_START_TEST (test_min_probability)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "min-probability=0.5");
  const GstGetiShape box = rectangle (100, 200, 160, 120);
  fail_unless_equals_int (
      count_changed (overlay.draw (one (box, { label ("car", BLUE, 0.4) })),
          overlay.background),
      0);
  fail_unless (
      color_near (overlay.draw (one (box, { label ("car", BLUE, 0.6) })), 100,
          260, 2, BLUE));
}
GST_END_TEST;

/* Test that keypoints are joined by the skeleton edges of the list, in the
 * colour of the edge's first point, and only by them. */
GST_START_TEST (test_keypoint_skeleton)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=4 show-labels=false");
  auto points = [] (bool edge) {
    GstGetiPredictions *p = gst_geti_predictions_new (nullptr);
    add (p, keypoint (200, 240), { label ("head", BLUE, 0.9, "id-head") });
    add (p, keypoint (440, 240), { label ("neck", YELLOW, 0.9, "id-neck") });
    add (p, keypoint (320, 400, false),
        { label ("tail", GREEN, 0.9, "id-tail") });
    if (edge) {
      gst_geti_predictions_add_keypoint_edge (p, "id-head", "id-neck");
      gst_geti_predictions_add_keypoint_edge (p, "id-neck", "id-tail");
    }
    return p;
  };
  Image image = overlay.draw (points (true));
  fail_unless (color_near (image, 200, 240, 1, BLUE));
  fail_unless (color_near (image, 440, 240, 1, YELLOW));
  fail_unless (color_near (image, 320, 240, 1, BLUE), "no edge");
  /* the invisible point is neither drawn nor joined */
  fail_if (color_near (image, 320, 400, 6, GREEN));
  fail_if (color_near (image, 380, 320, 6, YELLOW));

  image = overlay.draw (points (false));
  fail_if (changed (image.at (320, 240), overlay.background.at (320, 240)));
}
GST_END_TEST;

/* Test that a label without a colour gets one derived from its id: the
 * same every time, saturated, and different for another id. */
GST_START_TEST (test_colour_from_label_id)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=4 show-labels=false");
  auto draw = [&] (const char *id) {
    const Image image = overlay.draw (
        one (rectangle (100, 120, 160, 120), { label ("thing", 0, 0.9, id) }));
    const guint8 *px = image.at (100, 180);
    return std::vector<int>{ px[0], px[1], px[2] };
  };
  const auto a = draw ("6650a1b2c3d4e5f607182933");
  const auto b = draw ("6650a1b2c3d4e5f607182933");
  const auto c = draw ("62946c62003ddb3967f1475c");
  fail_unless (a == b);
  fail_unless (*std::max_element (a.begin (), a.end ()) -
                   *std::min_element (a.begin (), a.end ()) >
               100);
  fail_if (a == c);
}
GST_END_TEST;

namespace {

/* The track colours the element documents, track 1 first, cycled. */
constexpr guint32 TRACK_COLORS[] = { 0xe6194bff, 0x3cb44bff, 0x4363d8ff,
  0xffe119ff, 0x911eb4ff, 0xf58231ff, 0x42d4f4ff, 0xf032e6ff, 0xbfef45ff,
  0x9a6324ff };

guint32
track_rgba (guint track_id)
{
  return TRACK_COLORS[(track_id - 1) % G_N_ELEMENTS (TRACK_COLORS)];
}

/* The tab above a box whose top-left corner is at @x, @y (line width 2):
 * its pixels in @rgba, its right end, and its text pixels (white on a dark
 * tab). */
struct TabInk {
  int pixels = 0;
  int right = -1;
  int text = 0;
};

TabInk
tab_ink (const Image &image, int x, int y, guint32 rgba)
{
  TabInk ink;
  for (int yy = std::max (0, y - 40); yy < y - 1; yy++) {
    for (int xx = x - 1; xx < image.width; xx++) {
      const guint8 *px = image.at (xx, yy);
      if (near (px, rgba, 8)) {
        ink.pixels++;
        ink.right = std::max (ink.right, xx);
      }
      ink.text += px[0] > 220 && px[1] > 220 && px[2] > 220;
    }
  }
  return ink;
}

} // namespace

/* Test that the tab of a tracked prediction begins with its id: wider than
 * an untracked one's by the id's digits (#77 wider than #7), with more
 * text; and that show-track-id=false draws exactly what an untracked
 * prediction draws. */
GST_START_TEST (test_track_id_in_tab)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=2");
  const GstGetiShape box = rectangle (100, 200, 160, 120);
  auto draw = [&] (guint track_id) {
    return overlay.draw (one (box, { label ("ball", BLUE, 0.97) }, track_id));
  };
  const Image untracked = draw (0);
  const Image seven = draw (7);
  const Image seventy_seven = draw (77);
  const TabInk plain = tab_ink (untracked, 100, 200, BLUE);
  const TabInk id7 = tab_ink (seven, 100, 200, BLUE);
  const TabInk id77 = tab_ink (seventy_seven, 100, 200, BLUE);
  fail_unless (plain.pixels > 300, "untracked tab: %d pixels", plain.pixels);
  /* "#7 " is three characters more, "#77 " one more again */
  fail_unless (id7.right > plain.right + 10, "tab ends at %d, untracked %d",
      id7.right, plain.right);
  fail_unless (id77.right > id7.right + 3, "#77 ends at %d, #7 at %d",
      id77.right, id7.right);
  fail_unless (id7.text > plain.text && id77.text > id7.text,
      "text pixels: untracked %d, #7 %d, #77 %d", plain.text, id7.text,
      id77.text);
  /* the box itself is drawn as without an id */
  fail_unless (color_near (seven, 100, 260, 1, BLUE));

  g_object_set (overlay.h->element, "show-track-id", FALSE, nullptr);
  fail_unless (draw (7).rgb == untracked.rgb,
      "show-track-id=false draws other than an untracked prediction");
  fail_unless (draw (77).rgb == untracked.rgb);
}
GST_END_TEST;

/* Test that color-by=track draws two predictions of one label with
 * different track ids each in its track's palette colour, shape and tab,
 * the palette cycled by id; an untracked one in its label's colour; and
 * that color-by=label ignores the ids. */
GST_START_TEST (test_color_by_track)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=2 color-by=track");
  auto draw = [&] (guint left_id, guint right_id) {
    GstGetiPredictions *p = gst_geti_predictions_new (nullptr);
    add (p, rectangle (60, 200, 160, 120), { label ("ball", BLUE, 0.9) },
        left_id);
    add (p, rectangle (360, 200, 160, 120), { label ("ball", BLUE, 0.9) },
        right_id);
    return overlay.draw (p);
  };
  /* the left edge of each box, and its tab */
  auto check = [] (const Image &image, guint left, guint right,
                   const char *what) {
    const guint32 expected[] = { left, right };
    const int x[] = { 60, 360 };
    for (int i = 0; i < 2; i++) {
      const guint8 *px = image.at (x[i], 260);
      fail_unless (near (px, expected[i], 8),
          "%s: box %d is %d,%d,%d, not %08x", what, i, px[0], px[1], px[2],
          expected[i]);
      const int tab = tab_ink (image, x[i], 200, expected[i]).pixels;
      fail_unless (tab > 300, "%s: %d pixels of tab %d in %08x", what, tab, i,
          expected[i]);
    }
  };

  const Image one_two = draw (1, 2);
  check (one_two, track_rgba (1), track_rgba (2), "tracks 1, 2");
  /* different ids of one label, different colours, read from the pixels */
  const guint8 *left = one_two.at (60, 260), *right = one_two.at (360, 260);
  fail_unless (std::abs (left[0] - right[0]) + std::abs (left[1] - right[1]) +
                       std::abs (left[2] - right[2]) >
                   100,
      "tracks 1 and 2 look alike: %d,%d,%d and %d,%d,%d", left[0], left[1],
      left[2], right[0], right[1], right[2]);
  check (draw (3, 13), track_rgba (3), track_rgba (3), "tracks 3, 13");
  check (draw (7, 8), track_rgba (7), track_rgba (8), "tracks 7, 8");
  /* an untracked prediction keeps its label's colour */
  check (draw (0, 4), BLUE, track_rgba (4), "untracked, track 4");

  g_object_set (overlay.h->element, "color-by", 0 /* label */, nullptr);
  check (draw (1, 2), BLUE, BLUE, "color-by=label");
}
GST_END_TEST;

/* Test that changing show-track-id or color-by between two frames that
 * carry the same (held) prediction list draws it again, as does the same
 * prediction with another track id. */
GST_START_TEST (test_track_properties_redraw)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=2");
  GstGetiPredictions *list =
      one (rectangle (100, 200, 160, 120), { label ("ball", BLUE, 0.9) }, 5);
  auto drawings = [&] () {
    GstStructure *stats = nullptr;
    g_object_get (overlay.h->element, "stats", &stats, nullptr);
    guint64 n = 0;
    fail_unless (gst_structure_get_uint64 (stats, "drawings", &n));
    gst_structure_free (stats);
    return n;
  };
  const Image with_id = overlay.draw (gst_geti_predictions_ref (list));
  const guint64 drawn = drawings ();
  /* held: the drawing is reused, nothing changes */
  fail_unless (
      overlay.draw (gst_geti_predictions_ref (list), true).rgb == with_id.rgb);
  fail_unless_equals_uint64 (drawings (), drawn);

  g_object_set (overlay.h->element, "show-track-id", FALSE, nullptr);
  const Image without_id = overlay.draw (gst_geti_predictions_ref (list), true);
  fail_unless_equals_uint64 (drawings (), drawn + 1);
  fail_unless (tab_ink (without_id, 100, 200, BLUE).right <
                   tab_ink (with_id, 100, 200, BLUE).right - 10,
      "the id is still drawn");

  g_object_set (overlay.h->element, "color-by", 1 /* track */, nullptr);
  const Image by_track = overlay.draw (gst_geti_predictions_ref (list), true);
  fail_unless_equals_uint64 (drawings (), drawn + 2);
  fail_unless (near (by_track.at (100, 260), track_rgba (5), 8));
  gst_geti_predictions_unref (list);

  /* the same prediction, another track */
  const Image other = overlay.draw (
      one (rectangle (100, 200, 160, 120), { label ("ball", BLUE, 0.9) }, 6),
      true);
  fail_unless (near (other.at (100, 260), track_rgba (6), 8));
}
GST_END_TEST;

/* Test that held predictions are drawn like fresh ones by default, at
 * half opacity with draw-held=faint and not at all with draw-held=none. */
GST_START_TEST (test_draw_held)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "line-width=4 show-labels=false");
  auto box = [] () {
    return one (rectangle (100, 120, 160, 120), { label ("car", YELLOW) });
  };
  fail_unless (near (overlay.draw (box (), true).at (100, 180), YELLOW));

  g_object_set (overlay.h->element, "draw-held", 1 /* faint */, nullptr);
  const guint8 *faint = nullptr;
  const Image faint_image = overlay.draw (box (), true);
  faint = faint_image.at (100, 180);
  /* halfway between the grey and the yellow */
  fail_unless (near (faint,
                   0x000000ff | ((GREY + 0xf0) / 2) << 24 |
                       ((GREY + 0xe0) / 2) << 16 | ((GREY + 0x40) / 2) << 8,
                   12),
      "%d,%d,%d", faint[0], faint[1], faint[2]);
  /* a fresh frame is drawn fully */
  fail_unless (near (overlay.draw (box (), false).at (100, 180), YELLOW));

  g_object_set (overlay.h->element, "draw-held", 2 /* none */, nullptr);
  fail_unless_equals_int (
      count_changed (overlay.draw (box (), true), overlay.background), 0);
}
GST_END_TEST;

/* Test that the composition is attached, not blended, when downstream
 * accepts only caps with meta:GstVideoOverlayComposition. */
GST_START_TEST (test_attach_when_downstream_takes_meta)
{
  Overlay overlay (GST_VIDEO_FORMAT_I420, "",
      "video/x-raw(memory:SystemMemory, meta:GstVideoOverlayComposition)");
  GstBuffer *out = overlay.push (
      one (rectangle (100, 120, 160, 120), { label ("car", BLUE) }));
  fail_unless (overlay.output_has_meta_feature ());
  GstVideoOverlayCompositionMeta *meta =
      gst_buffer_get_video_overlay_composition_meta (out);
  fail_unless (meta != nullptr);
  fail_unless_equals_int (
      gst_video_overlay_composition_n_rectangles (meta->overlay), 1);
  /* the rectangle covers the box, not the frame */
  gint x, y;
  guint w, h;
  gst_video_overlay_rectangle_get_render_rectangle (
      gst_video_overlay_composition_get_rectangle (meta->overlay, 0), &x, &y,
      &w, &h);
  fail_unless (x <= 100 && y < 120 && x + w >= 260 && y + h >= 240);
  fail_unless (w < 300 && h < 300, "%ux%u", w, h);
  /* the frame itself is untouched */
  fail_unless_equals_int (
      count_changed (to_image (out, overlay.info), overlay.background), 0);
  gst_buffer_unref (out);

  /* a buffer without predictions gets no composition */
  out = overlay.push (nullptr);
  fail_unless (gst_buffer_get_video_overlay_composition_meta (out) == nullptr);
  gst_buffer_unref (out);
}
GST_END_TEST;

/* Test that with a downstream that accepts both kinds of caps the
 * ALLOCATION answer decides: attach when it lists the composition meta,
 * blend when it does not. */
GST_START_TEST (test_allocation_query_decides)
{
  for (const bool propose : { true, false }) {
    Overlay overlay (GST_VIDEO_FORMAT_NV12, "", nullptr, propose);
    GstBuffer *out = overlay.push (
        one (rectangle (100, 120, 160, 120), { label ("car", BLUE) }));
    const bool attached =
        gst_buffer_get_video_overlay_composition_meta (out) != nullptr;
    const int drawn =
        count_changed (to_image (out, overlay.info), overlay.background);
    gst_buffer_unref (out);
    fail_unless_equals_int (overlay.output_has_meta_feature (), propose);
    fail_unless_equals_int (attached, propose);
    fail_unless (propose ? drawn == 0 : drawn > 0, "%d pixels drawn", drawn);
  }
}
GST_END_TEST;

/* Test that a composition from upstream (caps with the feature) keeps its
 * rectangles and gets ours added. */
GST_START_TEST (test_extends_upstream_composition)
{
  GstHarness *h = gst_harness_new ("getioverlay");
  const GstVideoInfo info = video_info (GST_VIDEO_FORMAT_I420);
  GstCaps *caps = gst_video_info_to_caps (&info);
  gst_caps_set_features (caps, 0,
      gst_caps_features_new (GST_CAPS_FEATURE_MEMORY_SYSTEM_MEMORY,
          GST_CAPS_FEATURE_META_GST_VIDEO_OVERLAY_COMPOSITION, nullptr));
  gst_harness_set_src_caps (h, caps);

  /* upstream's: a 16x16 rectangle */
  GstBuffer *pixels = gst_buffer_new_allocate (nullptr, 16 * 16 * 4, nullptr);
  gst_buffer_memset (pixels, 0, 0xff, 16 * 16 * 4);
  gst_buffer_add_video_meta (pixels, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, 16, 16);
  GstVideoOverlayRectangle *theirs = gst_video_overlay_rectangle_new_raw (
      pixels, 0, 0, 16, 16, GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);
  gst_buffer_unref (pixels);
  GstVideoOverlayComposition *upstream =
      gst_video_overlay_composition_new (theirs);

  GstBuffer *frame = grey_frame (info);
  gst_buffer_add_video_overlay_composition_meta (frame, upstream);
  gst_video_overlay_composition_unref (upstream);
  GstGetiPredictions *predictions =
      one (rectangle (100, 120, 160, 120), { label ("car", BLUE) });
  gst_buffer_add_geti_prediction_meta (frame, predictions, WIDTH, HEIGHT);
  gst_geti_predictions_unref (predictions);

  fail_unless_equals_int (gst_harness_push (h, frame), GST_FLOW_OK);
  GstBuffer *out = gst_harness_pull (h);
  GstVideoOverlayCompositionMeta *meta =
      gst_buffer_get_video_overlay_composition_meta (out);
  fail_unless (meta != nullptr);
  fail_unless_equals_int (
      gst_video_overlay_composition_n_rectangles (meta->overlay), 2);
  fail_unless (
      gst_video_overlay_composition_get_rectangle (meta->overlay, 0) == theirs);
  gst_buffer_unref (out);
  gst_video_overlay_rectangle_unref (theirs);
  gst_harness_teardown (h);
}
GST_END_TEST;

/* Test that a prediction list is drawn once and the drawing reused while
 * it is held (or a scaled copy says the same), and drawn again when the
 * predictions or a property change. */
GST_START_TEST (test_drawing_reused)
{
  Overlay overlay (GST_VIDEO_FORMAT_I420, "",
      "video/x-raw(memory:SystemMemory, meta:GstVideoOverlayComposition)");
  /* (transfer full): the pointers are compared after the cache let go */
  auto composition_of = [&] (GstGetiPredictions *p, bool held) {
    GstBuffer *out = overlay.push (p, held);
    GstVideoOverlayCompositionMeta *meta =
        gst_buffer_get_video_overlay_composition_meta (out);
    fail_unless (meta != nullptr);
    GstVideoOverlayComposition *c =
        gst_video_overlay_composition_ref (meta->overlay);
    gst_buffer_unref (out);
    return c;
  };
  GstGetiPredictions *first =
      one (rectangle (100, 120, 160, 120), { label ("car", BLUE) });
  GstVideoOverlayComposition *a =
      composition_of (gst_geti_predictions_ref (first), false);
  GstVideoOverlayComposition *b =
      composition_of (gst_geti_predictions_ref (first), true);
  fail_unless (a == b, "a held list was drawn again");
  /* an equal list (as the meta's SCALE transform makes) */
  GstVideoOverlayComposition *c =
      composition_of (gst_geti_predictions_scale (first, 1.0, 1.0), true);
  fail_unless (a == c, "an equal list was drawn again");
  gst_geti_predictions_unref (first);

  GstVideoOverlayComposition *d = composition_of (
      one (rectangle (110, 120, 160, 120), { label ("car", BLUE) }), false);
  fail_if (d == a, "new predictions were not drawn");
  g_object_set (overlay.h->element, "line-width", 6.0, nullptr);
  GstVideoOverlayComposition *e = composition_of (
      one (rectangle (110, 120, 160, 120), { label ("car", BLUE) }), false);
  fail_if (e == d, "a new line width was not drawn");
  for (GstVideoOverlayComposition *x : { a, b, c, d, e })
    gst_video_overlay_composition_unref (x);
}
GST_END_TEST;

/* Test that a meta that went through videoscale is drawn at the scaled
 * place, and a meta describing a larger frame than the buffer's is scaled
 * by the element itself. */
GST_START_TEST (test_scaled_meta)
{
  GstHarness *h =
      gst_harness_new_parse ("videoscale ! video/x-raw,width=320,height=240 ! "
                             "getioverlay line-width=2 show-labels=false");
  const GstVideoInfo in_info = video_info (GST_VIDEO_FORMAT_I420);
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&in_info));
  GstBuffer *frame = grey_frame (in_info);
  GstGetiPredictions *predictions =
      one (rectangle (100, 120, 160, 120), { label ("car", YELLOW) });
  gst_buffer_add_geti_prediction_meta (frame, predictions, WIDTH, HEIGHT);
  gst_geti_predictions_unref (predictions);
  fail_unless_equals_int (gst_harness_push (h, frame), GST_FLOW_OK);
  GstBuffer *out = gst_harness_pull (h);
  const GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (out);
  fail_unless (meta != nullptr);
  fail_unless_equals_int (meta->width, 320);
  const Image image =
      to_image (out, video_info (GST_VIDEO_FORMAT_I420, 320, 240));
  gst_buffer_unref (out);
  gst_harness_teardown (h);
  /* the left edge is at x = 50, y 60..120 */
  fail_unless (color_near (image, 50, 90, 2, YELLOW));
  fail_unless (color_near (image, 90, 60, 2, YELLOW));
  fail_if (color_near (image, 100, 150, 3, YELLOW));

  /* coordinates of a 640x480 frame on a 320x240 buffer */
  Overlay overlay (GST_VIDEO_FORMAT_I420, "line-width=2 show-labels=false",
      nullptr, false, 320, 240);
  out = overlay.push (
      one (rectangle (100, 120, 160, 120), { label ("car", YELLOW) }), false,
      WIDTH, HEIGHT);
  const Image self_scaled = to_image (out, overlay.info);
  gst_buffer_unref (out);
  fail_unless (color_near (self_scaled, 50, 90, 2, YELLOW));
  fail_if (color_near (self_scaled, 100, 150, 3, YELLOW));
}
GST_END_TEST;

/* Test that every raw format getipredict takes is drawn into when
 * blending. */
GST_START_TEST (test_all_formats)
{
  const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_I420,
    GST_VIDEO_FORMAT_YV12, GST_VIDEO_FORMAT_NV12, GST_VIDEO_FORMAT_NV21,
    GST_VIDEO_FORMAT_YUY2, GST_VIDEO_FORMAT_UYVY, GST_VIDEO_FORMAT_Y42B,
    GST_VIDEO_FORMAT_Y444, GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR,
    GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_xRGB,
    GST_VIDEO_FORMAT_xBGR, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA,
    GST_VIDEO_FORMAT_ARGB, GST_VIDEO_FORMAT_ABGR, GST_VIDEO_FORMAT_GRAY8 };
  for (const GstVideoFormat format : formats) {
    Overlay overlay (format, "line-width=4 show-labels=false");
    const Image image = overlay.draw (
        one (rectangle (100, 120, 160, 120), { label ("car", YELLOW) }));
    fail_unless (
        changed (image.at (100, 180), overlay.background.at (100, 180)),
        "nothing drawn in %s", gst_video_format_to_string (format));
    if (format != GST_VIDEO_FORMAT_GRAY8) {
      fail_unless (near (image.at (100, 180), YELLOW), "%s: %d,%d,%d",
          gst_video_format_to_string (format), image.at (100, 180)[0],
          image.at (100, 180)[1], image.at (100, 180)[2]);
    }
    fail_if (changed (image.at (180, 180), overlay.background.at (180, 180)));
  }
}
GST_END_TEST;

namespace {

/* Inferno's ends (matplotlib's values), as the heat map must show them. */
constexpr guint32 INFERNO_COLD = 0x000004ff;
constexpr guint32 INFERNO_HOT = 0xfcffa4ff;

/* @rgba drawn at @opacity over the grey background. */
guint32
over_grey (guint32 rgba, double opacity)
{
  guint32 out = 0xff;
  for (int shift : { 24, 16, 8 }) {
    const double c = (rgba >> shift) & 0xff;
    out |=
        static_cast<guint32> (std::lround (c * opacity + GREY * (1 - opacity)))
        << shift;
  }
  return out;
}

/* A @width x @height explanation map of @label (its name, and its id
 * "id-" + name), 0 everywhere but for a spot at (@cx, @cy) (map pixels):
 * 255 within @radius, falling to 0 at 3 * @radius. */
GstGetiMap *
spot_map (const char *name, guint width, guint height, double cx, double cy,
    double radius)
{
  std::vector<guint8> pixels (static_cast<gsize> (width) * height);
  for (guint y = 0; y < height; y++) {
    for (guint x = 0; x < width; x++) {
      const double d = std::hypot (x - cx, y - cy);
      const double v =
          d <= radius ? 255
                      : std::max (0.0, 255 * (1 - (d - radius) / (2 * radius)));
      pixels[y * width + x] = static_cast<guint8> (std::lround (v));
    }
  }
  GBytes *bytes = g_bytes_new (pixels.data (), pixels.size ());
  const std::string id = std::string ("id-") + name;
  GstGetiMap *map =
      gst_geti_map_new (id.c_str (), name, 0, width, height, bytes);
  g_bytes_unref (bytes);
  return map;
}

/* @predictions (or a new empty list) with @map added (taken). */
GstGetiPredictions *
with_map (GstGetiMap *map, GstGetiPredictions *predictions = nullptr)
{
  if (predictions == nullptr)
    predictions = gst_geti_predictions_new (nullptr);
  gst_geti_predictions_add_map (predictions, map);
  gst_geti_map_unref (map);
  return predictions;
}

/* The output of @overlay for @predictions as bytes. */
std::vector<guint8>
bytes_of (Overlay &overlay, GstGetiPredictions *predictions)
{
  GstBuffer *out = overlay.push (predictions);
  std::vector<guint8> bytes (gst_buffer_get_size (out));
  gst_buffer_extract (out, 0, bytes.data (), bytes.size ());
  gst_buffer_unref (out);
  return bytes;
}

guint64
drawings_of (GstElement *element, guint *maps = nullptr)
{
  GstStructure *stats = nullptr;
  g_object_get (element, "stats", &stats, nullptr);
  guint64 n = 0;
  fail_unless (gst_structure_get_uint64 (stats, "drawings", &n));
  if (maps != nullptr)
    fail_unless (gst_structure_get_uint (stats, "maps", maps));
  gst_structure_free (stats);
  return n;
}

/* The luma-like brightness of a pixel. */
int
brightness (const guint8 *px)
{
  return (299 * px[0] + 587 * px[1] + 114 * px[2]) / 1000;
}

} // namespace

/* Test that a map with one bright spot makes the frame hottest (inferno's
 * pale yellow end, at map-opacity over the picture) and brightest there,
 * and leaves far areas at inferno's cold end blended at map-opacity; in
 * BGRx and in I420. */
GST_START_TEST (test_map_hot_at_spot)
{
  for (const GstVideoFormat format :
      { GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_I420 }) {
    const int tolerance = format == GST_VIDEO_FORMAT_BGRx ? 6 : TOLERANCE;
    Overlay overlay (format, "show-maps=all map-opacity=0.5");
    /* 64x48 over 640x480: the spot at frame (485, 125) */
    const Image image =
        overlay.draw (with_map (spot_map ("defect", 64, 48, 48, 12, 3)));
    const char *f = gst_video_format_to_string (format);
    const guint8 *hot = image.at (485, 125);
    fail_unless (near (hot, over_grey (INFERNO_HOT, 0.5), tolerance),
        "%s: %d,%d,%d at the spot", f, hot[0], hot[1], hot[2]);
    for (const auto &p : { std::pair<int, int>{ 20, 20 }, { 100, 400 },
             { 620, 460 }, { 320, 240 } }) {
      const guint8 *cold = image.at (p.first, p.second);
      fail_unless (near (cold, over_grey (INFERNO_COLD, 0.5), tolerance),
          "%s: %d,%d,%d at %d,%d", f, cold[0], cold[1], cold[2], p.first,
          p.second);
    }
    /* the brightest pixel of the frame is on the spot */
    int best = -1, bx = 0, by = 0;
    for (int y = 0; y < image.height; y++) {
      for (int x = 0; x < image.width; x++) {
        if (brightness (image.at (x, y)) > best)
          best = brightness (image.at (x, y)), bx = x, by = y;
      }
    }
    fail_unless (std::hypot (bx - 485, by - 125) <= 40,
        "%s: brightest at %d,%d", f, bx, by);
  }
}
GST_END_TEST;

/* Test that with show-maps=none (the default) a list with maps draws
 * byte for byte what the same list without maps draws, shapes included;
 * map-opacity=0 likewise. */
GST_START_TEST (test_show_maps_none)
{
  Overlay overlay (GST_VIDEO_FORMAT_I420, "line-width=4");
  auto box = [] () {
    return one (rectangle (100, 120, 160, 120), { label ("car", BLUE) });
  };
  const std::vector<guint8> without = bytes_of (overlay, box ());
  const std::vector<guint8> with = bytes_of (
      overlay, with_map (spot_map ("car", 64, 48, 20, 20, 4), box ()));
  fail_unless (with == without, "a map was drawn with show-maps=none");
  guint maps = 1;
  drawings_of (overlay.h->element, &maps);
  fail_unless_equals_int (maps, 0);

  g_object_set (
      overlay.h->element, "show-maps", "all", "map-opacity", 0.0, nullptr);
  fail_unless (bytes_of (overlay, with_map (spot_map ("car", 64, 48, 20, 20, 4),
                                      box ())) == without,
      "a map was drawn at opacity 0");
  /* and with an opacity, it is */
  g_object_set (overlay.h->element, "map-opacity", 0.5, nullptr);
  fail_if (bytes_of (overlay, with_map (spot_map ("car", 64, 48, 20, 20, 4),
                                  box ())) == without);
}
GST_END_TEST;

/* Test that show-maps set to a label name or id draws only that label's
 * map, and a label no map has draws none. */
GST_START_TEST (test_show_maps_label_filter)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "map-opacity=0.5");
  /* scratch hot on the left, dent on the right */
  auto two = [] () {
    GstGetiPredictions *p = with_map (spot_map ("scratch", 64, 48, 10, 24, 3));
    return with_map (spot_map ("dent", 64, 48, 54, 24, 3), p);
  };
  const guint32 hot = over_grey (INFERNO_HOT, 0.5),
                cold = over_grey (INFERNO_COLD, 0.5);

  g_object_set (overlay.h->element, "show-maps", "dent", nullptr);
  Image image = overlay.draw (two ());
  fail_unless (near (image.at (545, 245), hot, 6), "dent's spot not drawn");
  fail_unless (near (image.at (105, 245), cold, 6), "scratch's spot drawn");

  g_object_set (overlay.h->element, "show-maps", "id-scratch", nullptr);
  image = overlay.draw (two ());
  fail_unless (near (image.at (105, 245), hot, 6), "scratch's spot not drawn");
  fail_unless (near (image.at (545, 245), cold, 6), "dent's spot drawn");

  /* both, in order: the second (dent) over the first, each at 0.5 */
  g_object_set (overlay.h->element, "show-maps", "all", nullptr);
  image = overlay.draw (two ());
  guint maps = 0;
  drawings_of (overlay.h->element, &maps);
  fail_unless_equals_int (maps, 2);
  const guint8 *left = image.at (105, 245);
  /* scratch's hot at 0.5, then dent's cold at 0.5 over it */
  const int expect_r =
      std::lround (0x00 * 0.5 + (0xfc * 0.5 + GREY * 0.5) * 0.5);
  fail_unless (std::abs (left[0] - expect_r) <= 6, "%d,%d,%d", left[0], left[1],
      left[2]);

  g_object_set (overlay.h->element, "show-maps", "crack", nullptr);
  fail_unless_equals_int (
      count_changed (overlay.draw (two ()), overlay.background), 0);
}
GST_END_TEST;

/* Test that an 8x6 map covers the whole 320x240 frame, stretched: its
 * left half (cold) on the frame's left half, its right half (hot) on the
 * frame's right half, every pixel drawn on; not tiled, not put at a
 * corner; attached, it is one rectangle of the map's size whose render
 * size is the frame. */
GST_START_TEST (test_map_scaled_to_frame)
{
  std::vector<guint8> pixels (8 * 6);
  for (int y = 0; y < 6; y++)
    for (int x = 0; x < 8; x++)
      pixels[y * 8 + x] = x < 4 ? 0 : 255;
  auto make = [&] () {
    GBytes *bytes = g_bytes_new (pixels.data (), pixels.size ());
    GstGetiMap *map = gst_geti_map_new ("1", "anomaly", 0, 8, 6, bytes);
    g_bytes_unref (bytes);
    return map;
  };

  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "show-maps=all map-opacity=0.5",
      nullptr, false, 320, 240);
  const Image image = overlay.draw (with_map (make ()));
  const guint32 hot = over_grey (INFERNO_HOT, 0.5),
                cold = over_grey (INFERNO_COLD, 0.5);
  int wrong = 0, wx = 0, wy = 0;
  for (int y = 0; y < 240; y++) {
    for (int x = 0; x < 320; x++) {
      /* between the halves, the scaler's blend */
      if (x >= 130 && x < 190)
        continue;
      if (!near (image.at (x, y), x < 160 ? cold : hot, 6) && wrong++ == 0)
        wx = x, wy = y;
    }
  }
  fail_unless (wrong == 0, "%d pixels wrong, first at %d,%d (%d,%d,%d)", wrong,
      wx, wy, image.at (wx, wy)[0], image.at (wx, wy)[1], image.at (wx, wy)[2]);

  Overlay attach (GST_VIDEO_FORMAT_BGRx, "show-maps=all",
      "video/x-raw(memory:SystemMemory, meta:GstVideoOverlayComposition)",
      false, 320, 240);
  GstBuffer *out = attach.push (with_map (
      make (), one (rectangle (10, 10, 50, 50), { label ("a", BLUE) })));
  GstVideoOverlayCompositionMeta *meta =
      gst_buffer_get_video_overlay_composition_meta (out);
  fail_unless (meta != nullptr);
  fail_unless_equals_int (
      gst_video_overlay_composition_n_rectangles (meta->overlay), 2);
  GstVideoOverlayRectangle *r =
      gst_video_overlay_composition_get_rectangle (meta->overlay, 0);
  gint x, y;
  guint w, h;
  fail_unless (
      gst_video_overlay_rectangle_get_render_rectangle (r, &x, &y, &w, &h));
  fail_unless (
      x == 0 && y == 0 && w == 320 && h == 240, "%d,%d %ux%u", x, y, w, h);
  GstBuffer *raw = gst_video_overlay_rectangle_get_pixels_unscaled_argb (
      r, GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (raw);
  fail_unless (vmeta != nullptr && vmeta->width == 8 && vmeta->height == 6);
  gst_buffer_unref (out);
}
GST_END_TEST;

/* Test that the shapes and tabs are drawn over the map: a box's outline
 * keeps the label's colour on a hot map, inside it the map shows. */
GST_START_TEST (test_shapes_over_map)
{
  Overlay overlay (
      GST_VIDEO_FORMAT_BGRx, "line-width=4 show-maps=all map-opacity=0.8");
  std::vector<guint8> pixels (16 * 12, 255);
  GBytes *bytes = g_bytes_new (pixels.data (), pixels.size ());
  GstGetiMap *map = gst_geti_map_new ("1", "car", 0, 16, 12, bytes);
  g_bytes_unref (bytes);
  const Image image = overlay.draw (with_map (
      map, one (rectangle (100, 200, 160, 120), { label ("car", BLUE) })));
  for (const auto &p : { std::pair<int, int>{ 100, 260 }, { 260, 260 },
           { 180, 200 }, { 180, 320 } }) {
    const guint8 *px = image.at (p.first, p.second);
    fail_unless (near (px, BLUE, 6), "%d,%d,%d on the outline at %d,%d", px[0],
        px[1], px[2], p.first, p.second);
  }
  fail_unless (near (image.at (180, 260), over_grey (INFERNO_HOT, 0.8), 6));
  /* the tab too: its blue above the box */
  fail_unless (color_near (image, 110, 190, 6, BLUE, 6));
}
GST_END_TEST;

/* Test that a map is blended into every raw format the element takes, in
 * the frame's own colour space: an opaque hot map gives inferno's hot end,
 * a half-opaque cold one its blend with the grey. */
GST_START_TEST (test_map_all_formats)
{
  const GstVideoFormat formats[] = { GST_VIDEO_FORMAT_I420,
    GST_VIDEO_FORMAT_YV12, GST_VIDEO_FORMAT_NV12, GST_VIDEO_FORMAT_NV21,
    GST_VIDEO_FORMAT_YUY2, GST_VIDEO_FORMAT_UYVY, GST_VIDEO_FORMAT_Y42B,
    GST_VIDEO_FORMAT_Y444, GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR,
    GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_xRGB,
    GST_VIDEO_FORMAT_xBGR, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA,
    GST_VIDEO_FORMAT_ARGB, GST_VIDEO_FORMAT_ABGR, GST_VIDEO_FORMAT_GRAY8 };
  auto uniform = [] (guint8 value) {
    std::vector<guint8> pixels (16 * 12, value);
    GBytes *bytes = g_bytes_new (pixels.data (), pixels.size ());
    GstGetiMap *map = gst_geti_map_new ("1", "a", 0, 16, 12, bytes);
    g_bytes_unref (bytes);
    return with_map (map);
  };
  for (const GstVideoFormat format : formats) {
    const char *f = gst_video_format_to_string (format);
    Overlay overlay (format, "show-maps=all map-opacity=1");
    const Image hot = overlay.draw (uniform (255));
    g_object_set (overlay.h->element, "map-opacity", 0.5, nullptr);
    const Image cold = overlay.draw (uniform (0));
    for (const auto &p :
        { std::pair<int, int>{ 0, 0 }, { 320, 240 }, { 639, 479 } }) {
      const guint8 *h = hot.at (p.first, p.second);
      const guint8 *c = cold.at (p.first, p.second);
      if (format == GST_VIDEO_FORMAT_GRAY8) {
        fail_unless (
            h[0] > 220 && c[0] < GREY - 20, "%s: %d, %d", f, h[0], c[0]);
        continue;
      }
      fail_unless (near (h, INFERNO_HOT), "%s: %d,%d,%d hot at %d,%d", f, h[0],
          h[1], h[2], p.first, p.second);
      fail_unless (near (c, over_grey (INFERNO_COLD, 0.5)),
          "%s: %d,%d,%d cold at %d,%d", f, c[0], c[1], c[2], p.first, p.second);
    }
  }
}
GST_END_TEST;

/* Test that show-maps and map-opacity changes redraw, and a held list is
 * not drawn again. */
GST_START_TEST (test_map_properties_redraw)
{
  Overlay overlay (GST_VIDEO_FORMAT_BGRx, "show-maps=all");
  GstGetiPredictions *list = with_map (spot_map ("defect", 64, 48, 32, 24, 3));
  const Image first = overlay.draw (gst_geti_predictions_ref (list));
  const guint64 drawn = drawings_of (overlay.h->element);
  fail_unless (
      overlay.draw (gst_geti_predictions_ref (list), true).rgb == first.rgb);
  fail_unless_equals_uint64 (drawings_of (overlay.h->element), drawn);
  fail_unless (near (first.at (20, 20), over_grey (INFERNO_COLD, 0.5), 6));

  g_object_set (overlay.h->element, "map-opacity", 1.0, nullptr);
  const Image opaque = overlay.draw (gst_geti_predictions_ref (list), true);
  fail_unless_equals_uint64 (drawings_of (overlay.h->element), drawn + 1);
  fail_unless (near (opaque.at (20, 20), INFERNO_COLD, 6));
  fail_unless (near (opaque.at (325, 245), INFERNO_HOT, 6));

  g_object_set (overlay.h->element, "show-maps", "none", nullptr);
  const Image none = overlay.draw (gst_geti_predictions_ref (list), true);
  fail_unless_equals_uint64 (drawings_of (overlay.h->element), drawn + 2);
  fail_unless_equals_int (count_changed (none, overlay.background), 0);
  gst_geti_predictions_unref (list);
}
GST_END_TEST;

namespace {

std::string *captured_log = nullptr;
std::mutex captured_log_lock; /* every thread logs */

void
capture_log (GstDebugCategory *category, GstDebugLevel level, const gchar *,
    const gchar *, gint, GObject *, GstDebugMessage *message, gpointer)
{
  const gchar *text = gst_debug_message_get (message);
  std::lock_guard<std::mutex> lock (captured_log_lock);
  if (captured_log && text && level == GST_LEVEL_INFO &&
      g_str_equal (gst_debug_category_get_name (category), "getioverlay")) {
    captured_log->append (text);
    captured_log->push_back ('\n');
  }
}

gsize
count (const std::string &text, const std::string &what)
{
  gsize n = 0;
  for (gsize at = text.find (what); at != std::string::npos;
       at = text.find (what, at + 1))
    n++;
  return n;
}

} // namespace

/* Test that getioverlay says once, at INFO, that buffers come without
 * predictions and that getipredict must come first, and says nothing when
 * they come with predictions. */
GST_START_TEST (test_no_predictions_logged_once)
{
  std::string log;
  {
    std::lock_guard<std::mutex> lock (captured_log_lock);
    captured_log = &log;
  }
  gst_debug_add_log_function (capture_log, nullptr, nullptr);
  gst_debug_set_threshold_for_name ("getioverlay", GST_LEVEL_INFO);

  {
    Overlay overlay (GST_VIDEO_FORMAT_I420);
    for (int i = 0; i < 3; i++)
      gst_buffer_unref (overlay.push (nullptr));
  }
  {
    Overlay overlay (GST_VIDEO_FORMAT_I420);
    gst_buffer_unref (overlay.push (
        one (rectangle (100, 100, 50, 50), { label ("car", BLUE) })));
    gst_buffer_unref (overlay.push (nullptr));
  }

  gst_debug_unset_threshold_for_name ("getioverlay");
  gst_debug_remove_log_function (capture_log);
  std::lock_guard<std::mutex> lock (captured_log_lock);
  captured_log = nullptr;
  fail_unless_equals_int (count (log, "No Geti predictions"), 1);
  fail_unless (log.find ("getipredict must come before getioverlay") !=
                   std::string::npos,
      "%s", log.c_str ());
}
GST_END_TEST;

/* Test the element's classification, that of the stock overlays
 * (cairooverlay, overlaycomposition), and its documentation URL, the
 * README's section; and getipredict's. */
GST_START_TEST (test_element_metadata)
{
  for (const char *name : { "getioverlay", "getipredict" }) {
    GstElementFactory *factory = gst_element_factory_find (name);
    fail_unless (factory != nullptr);
    const std::string doc =
        std::string ("https://github.com/gst-geti/gst-geti#") + name;
    fail_unless_equals_string (gst_element_factory_get_metadata (
                                   factory, GST_ELEMENT_METADATA_DOC_URI),
        doc.c_str ());
    fail_unless_equals_string (
        gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS),
        g_str_equal (name, "getioverlay") ? "Filter/Editor/Video"
                                          : "Filter/Analyzer/Video");
    gst_object_unref (factory);
  }
}
GST_END_TEST;

/* Test that the properties have their documented defaults and that
 * font-desc reads back what was set. */
GST_START_TEST (test_property_defaults)
{
  GstElement *overlay = gst_element_factory_make ("getioverlay", nullptr);
  fail_unless (overlay != nullptr);
  gdouble line_width, fill_opacity, min_probability;
  gchar *font_desc;
  gboolean show_labels, show_probability, show_track_id;
  gint draw_held, color_by;
  g_object_get (overlay, "line-width", &line_width, "font-desc", &font_desc,
      "show-labels", &show_labels, "show-probability", &show_probability,
      "fill-opacity", &fill_opacity, "min-probability", &min_probability,
      "draw-held", &draw_held, "show-track-id", &show_track_id, "color-by",
      &color_by, nullptr);
  fail_unless_equals_float (line_width, 0.0);
  fail_unless (font_desc == nullptr);
  fail_unless (show_labels && show_probability);
  fail_unless_equals_float (fill_opacity, 0.3);
  fail_unless_equals_float (min_probability, 0.0);
  fail_unless_equals_int (draw_held, 0);
  fail_unless (show_track_id);
  /* color-by: an enum of its own, nicks label (the default) and track */
  GParamSpec *pspec =
      g_object_class_find_property (G_OBJECT_GET_CLASS (overlay), "color-by");
  fail_unless (pspec != nullptr && G_IS_PARAM_SPEC_ENUM (pspec));
  fail_unless_equals_string (
      g_type_name (pspec->value_type), "GstGetiOverlayColorBy");
  fail_unless (pspec->flags & GST_PARAM_MUTABLE_PLAYING);
  GEnumClass *color_by_class =
      static_cast<GEnumClass *> (g_type_class_ref (pspec->value_type));
  fail_unless_equals_int (color_by_class->n_values, 2);
  fail_unless_equals_int (
      color_by, g_enum_get_value_by_nick (color_by_class, "label")->value);
  gst_util_set_object_arg (G_OBJECT (overlay), "color-by", "track");
  g_object_get (overlay, "color-by", &color_by, nullptr);
  fail_unless_equals_int (
      color_by, g_enum_get_value_by_nick (color_by_class, "track")->value);
  g_type_class_unref (color_by_class);
  fail_unless (g_object_class_find_property (
                   G_OBJECT_GET_CLASS (overlay), "show-track-id")
                   ->flags &
               GST_PARAM_MUTABLE_PLAYING);
  gchar *show_maps = nullptr;
  gdouble map_opacity = 0;
  g_object_get (
      overlay, "show-maps", &show_maps, "map-opacity", &map_opacity, nullptr);
  fail_unless_equals_string (show_maps, "none");
  g_free (show_maps);
  fail_unless_equals_float (map_opacity, 0.5);
  for (const char *name : { "show-maps", "map-opacity" }) {
    fail_unless (
        g_object_class_find_property (G_OBJECT_GET_CLASS (overlay), name)
            ->flags &
        GST_PARAM_MUTABLE_PLAYING);
  }
  g_object_set (overlay, "font-desc", "Serif 20", nullptr);
  g_object_get (overlay, "font-desc", &font_desc, nullptr);
  fail_unless_equals_string (font_desc, "Serif 20");
  g_free (font_desc);
  gst_object_unref (overlay);
}
GST_END_TEST;

/* Test that the product works end to end: the ball through getipredict (every
 * shape type per ball) and getioverlay; each frame has the label colour on the
 * left edge of its own ball's box. */
GST_START_TEST (test_ball_end_to_end)
{
  geti::fake::ServerOptions options;
  options.scenario = geti::fake::Scenario::shapes;
  auto server = test::start_server (options);
  GstElement *pipeline = test::parse_pipeline (
      "videotestsrc pattern=ball num-buffers=12 ! "
      "video/x-raw,format=I420,width=640,height=480,framerate=30/1 ! "
      "getipredict " +
      test::predict_properties (*server) +
      " ! getioverlay line-width=4 show-labels=false ! "
      "appsink name=sink sync=false");
  test::Run run;
  test::run_pipeline (pipeline, run);
  gst_object_unref (pipeline);
  fail_unless (run.error == nullptr, "%s",
      run.error ? test::message_text (run.error).c_str () : "");
  fail_unless_equals_int (run.samples.size (), 12);

  for (gsize i = 0; i < run.samples.size (); i++) {
    const GstGetiPredictionMeta *meta = run.meta (i);
    fail_unless (meta != nullptr && !meta->held);
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, 0);
    fail_unless_equals_int (p->shape.type, GST_GETI_SHAPE_RECTANGLE);
    GstVideoInfo info;
    fail_unless (
        gst_video_info_from_caps (&info, gst_sample_get_caps (run.samples[i])));
    const Image image = to_image (run.buffer (i), info);
    /* just left of this frame's ball, the black background became the
     * outline's colour: saturated, not the ball's white */
    const int x = static_cast<int> (p->shape.x) - 1;
    const int y = static_cast<int> (p->shape.y + p->shape.height / 2);
    const guint8 *px = image.at (x, y);
    const int hi = std::max ({ px[0], px[1], px[2] });
    const int lo = std::min ({ px[0], px[1], px[2] });
    fail_unless (hi - lo > 60, "frame %u: %d,%d,%d at %d,%d", (guint) i, px[0],
        px[1], px[2], x, y);
    /* and 20 pixels further out, still black */
    const int out_x =
        x > 30 ? x - 20 : static_cast<int> (p->shape.x + p->shape.width) + 20;
    const guint8 *away = image.at (out_x, y);
    fail_unless (away[0] < 30 && away[1] < 30 && away[2] < 30,
        "frame %u: drawn at %d,%d", (guint) i, out_x, y);
  }
}
GST_END_TEST;

static Suite *
getioverlay_suite (void)
{
  Suite *s = suite_create ("getioverlay");
  TCase *tc = tcase_create ("general");
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_shapes_i420);
  tcase_add_test (tc, test_shapes_nv12);
  tcase_add_test (tc, test_shapes_bgrx);
  tcase_add_test (tc, test_fill);
  tcase_add_test (tc, test_label_tab_contrast);
  tcase_add_test (tc, test_tab_at_top_edge);
  tcase_add_test (tc, test_task_chain_labels);
  tcase_add_test (tc, test_classification_banner);
  tcase_add_test (tc, test_empty_label_not_drawn);
  tcase_add_test (tc, test_min_probability);
  tcase_add_test (tc, test_keypoint_skeleton);
  tcase_add_test (tc, test_colour_from_label_id);
  tcase_add_test (tc, test_draw_held);
  tcase_add_test (tc, test_track_id_in_tab);
  tcase_add_test (tc, test_color_by_track);
  tcase_add_test (tc, test_track_properties_redraw);
  tcase_add_test (tc, test_attach_when_downstream_takes_meta);
  tcase_add_test (tc, test_allocation_query_decides);
  tcase_add_test (tc, test_extends_upstream_composition);
  tcase_add_test (tc, test_drawing_reused);
  tcase_add_test (tc, test_scaled_meta);
  tcase_add_test (tc, test_all_formats);
  tcase_add_test (tc, test_map_hot_at_spot);
  tcase_add_test (tc, test_show_maps_none);
  tcase_add_test (tc, test_show_maps_label_filter);
  tcase_add_test (tc, test_map_scaled_to_frame);
  tcase_add_test (tc, test_shapes_over_map);
  tcase_add_test (tc, test_map_properties_redraw);
  tcase_add_test (tc, test_map_all_formats);
  tcase_add_test (tc, test_property_defaults);
  tcase_add_test (tc, test_no_predictions_logged_once);
  tcase_add_test (tc, test_element_metadata);
  tcase_add_test (tc, test_ball_end_to_end);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (getioverlay);
