/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "overlay_renderer.h"

#include <pango/pangocairo.h>

#include "gst_ptr.h"
#include "prediction_convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <vector>

namespace gst_geti {

namespace {

/* The band behind a full-frame result's labels. */
constexpr double BANNER_ALPHA = 0.55;
/* The colour of a shape that has no label. */
constexpr Rgb NO_LABEL_COLOR = { 1.0, 1.0, 1.0 };

struct CairoDestroy {
  void operator() (cairo_t *cr) const noexcept
  {
    cairo_destroy (cr);
  }
};
struct SurfaceDestroy {
  void operator() (cairo_surface_t *s) const noexcept
  {
    cairo_surface_destroy (s);
  }
};
struct FontOptionsFree {
  void operator() (cairo_font_options_t *o) const noexcept
  {
    cairo_font_options_destroy (o);
  }
};
struct FontDescriptionFree {
  void operator() (PangoFontDescription *d) const noexcept
  {
    pango_font_description_free (d);
  }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDestroy>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDestroy>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, FontOptionsFree>;
using FontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, FontDescriptionFree>;

/* Cairo fails only when it runs out of memory. */
void
check (cairo_status_t status)
{
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::bad_alloc ();
}

bool
same_string (const char *a, const char *b) noexcept
{
  if (a == nullptr || b == nullptr)
    return a == b;
  return std::strcmp (a, b) == 0;
}

Rgb
hsv_to_rgb (double h, double s, double v) noexcept
{
  const double c = v * s;
  const double hp = h / 60.0;
  const double x = c * (1 - std::abs (std::fmod (hp, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  if (hp < 1)
    r = c, g = x;
  else if (hp < 2)
    r = x, g = c;
  else if (hp < 3)
    g = c, b = x;
  else if (hp < 4)
    g = x, b = c;
  else if (hp < 5)
    r = x, b = c;
  else
    r = c, b = x;
  const double m = v - c;
  return { r + m, g + m, b + m };
}

double
linear (double channel) noexcept
{
  return channel <= 0.04045 ? channel / 12.92
                            : std::pow ((channel + 0.055) / 1.055, 2.4);
}

void
set_source (cairo_t *cr, const Rgb &c, double alpha = 1.0)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

/* A prediction to draw, in frame pixels. */
struct Item {
  const GstGetiPrediction *prediction = nullptr;
  std::vector<const GstGetiLabel *> labels; /* the ones to draw */
  Rgb color;
};

/* A visible keypoint, for the skeleton. */
struct Keypoint {
  double x = 0;
  double y = 0;
  const GstGetiLabel *label = nullptr;
  Rgb color;
};

/* Draws text tabs with one PangoLayout. */
class Tabs
{
public:
  Tabs (PangoLayout *layout, const OverlayStyle &style, double font_size)
      : layout_ (layout), style_ (style), pad_x_ (std::round (font_size * 0.3)),
        pad_y_ (std::round (font_size * 0.12))
  {}

  /* The size of the row of tabs for @labels. */
  void measure (const std::vector<const GstGetiLabel *> &labels, double &width,
      double &height)
  {
    width = height = 0;
    for (const GstGetiLabel *label : labels) {
      double w, h;
      measure_one (*label, w, h);
      width += w;
      height = std::max (height, h);
    }
  }

  /* Draws the row of tabs for @labels with its top-left corner at @x, @y:
   * each label on its own colour, touching the next (task chains). */
  void draw (cairo_t *cr, const std::vector<const GstGetiLabel *> &labels,
      double x, double y)
  {
    double width, height;
    measure (labels, width, height);
    for (const GstGetiLabel *label : labels) {
      double w, h;
      measure_one (*label, w, h);
      const Rgb background = label_color (*label);
      set_source (cr, background);
      cairo_rectangle (cr, x, y, w, height);
      cairo_fill (cr);
      set_source (cr, text_color_on (background));
      cairo_move_to (cr, x + pad_x_, y + pad_y_);
      pango_cairo_show_layout (cr, layout_);
      x += w;
    }
  }

private:
  /* Sets the layout to @label's text and gives the size of its tab. */
  void measure_one (const GstGetiLabel &label, double &width, double &height)
  {
    const char *name = label.name ? label.name : label.id ? label.id : "?";
    std::string text = name;
    if (style_.show_probability) {
      /* keypoint scores may exceed 1; a tab never says more than 100% */
      const double percent = std::clamp (label.probability, 0.0, 1.0) * 100;
      text += " " + std::to_string (std::lround (percent)) + "%";
    }
    pango_layout_set_text (layout_, text.c_str (), -1);
    PangoRectangle logical;
    pango_layout_get_pixel_extents (layout_, nullptr, &logical);
    width = logical.width + 2 * pad_x_;
    height = logical.height + 2 * pad_y_;
  }

  PangoLayout *layout_;
  const OverlayStyle &style_;
  double pad_x_;
  double pad_y_;
};

/* The labels of @prediction to draw: not empty, not below the minimum. */
std::vector<const GstGetiLabel *>
drawable_labels (const GstGetiPrediction &prediction, bool full_frame,
    const OverlayStyle &style)
{
  std::vector<const GstGetiLabel *> labels;
  for (guint i = 0; i < prediction.n_labels; i++) {
    const GstGetiLabel &label = prediction.labels[i];
    if (label_is_empty (label, prediction, full_frame) ||
        label.probability < style.min_probability)
      continue;
    labels.push_back (&label);
  }
  return labels;
}

/* Adds the outline of @shape (scaled) to the path; false for a shape
 * without an outline. */
bool
shape_path (cairo_t *cr, const GstGetiShape &shape, double sx, double sy)
{
  switch (shape.type) {
    case GST_GETI_SHAPE_RECTANGLE:
      cairo_rectangle (
          cr, shape.x * sx, shape.y * sy, shape.width * sx, shape.height * sy);
      return true;
    case GST_GETI_SHAPE_ROTATED_RECTANGLE: {
      /* centre, size, clockwise angle: rotate the corners in the
       * predictions' own pixel space, then scale them (exact under a
       * non-uniform scale too) */
      const double a = shape.angle * G_PI / 180.0;
      const double c = std::cos (a), s = std::sin (a);
      const double hw = shape.width / 2, hh = shape.height / 2;
      const double corners[4][2] = { { -hw, -hh }, { hw, -hh }, { hw, hh },
        { -hw, hh } };
      for (int i = 0; i < 4; i++) {
        const double x = shape.x + corners[i][0] * c - corners[i][1] * s;
        const double y = shape.y + corners[i][0] * s + corners[i][1] * c;
        if (i == 0)
          cairo_move_to (cr, x * sx, y * sy);
        else
          cairo_line_to (cr, x * sx, y * sy);
      }
      cairo_close_path (cr);
      return true;
    }
    case GST_GETI_SHAPE_ELLIPSE: {
      const double rx = shape.width * sx / 2, ry = shape.height * sy / 2;
      if (rx <= 0 || ry <= 0)
        return false;
      cairo_save (cr);
      cairo_translate (cr, shape.x * sx + rx, shape.y * sy + ry);
      cairo_scale (cr, rx, ry);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_close_path (cr);
      cairo_restore (cr);
      return true;
    }
    case GST_GETI_SHAPE_POLYGON:
      if (shape.points == nullptr || shape.n_points < 2)
        return false;
      cairo_move_to (cr, shape.points[0].x * sx, shape.points[0].y * sy);
      for (guint i = 1; i < shape.n_points; i++)
        cairo_line_to (cr, shape.points[i].x * sx, shape.points[i].y * sy);
      cairo_close_path (cr);
      return true;
    default:
      return false;
  }
}

/* Whether Geti draws @type as a region (translucent fill), not a box. */
bool
shape_is_filled (GstGetiShapeType type) noexcept
{
  return type == GST_GETI_SHAPE_POLYGON || type == GST_GETI_SHAPE_ELLIPSE;
}

} // namespace

bool
label_is_empty (const GstGetiLabel &label, const GstGetiPrediction &prediction,
    bool full_frame) noexcept
{
  if (label.probability > 0)
    return false;
  if (label.name != nullptr)
    return std::strcmp (label.name, "No object") == 0 ||
           std::strcmp (label.name, "No class") == 0 ||
           std::strcmp (label.name, "Empty") == 0;
  return full_frame && prediction.n_labels == 1;
}

bool
shape_is_full_frame (const GstGetiShape &shape, double scale_x, double scale_y,
    guint width, guint height) noexcept
{
  if (shape.type != GST_GETI_SHAPE_RECTANGLE)
    return false;
  return shape.x * scale_x <= 1 && shape.y * scale_y <= 1 &&
         (shape.x + shape.width) * scale_x >= width - 1.0 &&
         (shape.y + shape.height) * scale_y >= height - 1.0;
}

Rgb
label_color (const GstGetiLabel &label) noexcept
{
  if (label.color != 0) {
    return { ((label.color >> 24) & 0xff) / 255.0,
      ((label.color >> 16) & 0xff) / 255.0,
      ((label.color >> 8) & 0xff) / 255.0 };
  }
  /* FNV-1a of the id: the same hue in every run, on every machine */
  const char *key = label.id ? label.id : label.name ? label.name : "";
  guint32 hash = 2166136261u;
  for (const char *c = key; *c; c++) {
    hash ^= static_cast<guint8> (*c);
    hash *= 16777619u;
  }
  return hsv_to_rgb (hash % 360, 0.75, 0.95);
}

Rgb
text_color_on (const Rgb &background) noexcept
{
  /* WCAG relative luminance; above 0.179 black contrasts more than
   * white */
  const double luminance = 0.2126 * linear (background.r) +
                           0.7152 * linear (background.g) +
                           0.0722 * linear (background.b);
  return luminance > 0.179 ? Rgb{ 0, 0, 0 } : Rgb{ 1, 1, 1 };
}

bool
predictions_equal (
    const GstGetiPredictions *a, const GstGetiPredictions *b) noexcept
{
  if (a == b)
    return true;
  if (a == nullptr || b == nullptr)
    return false;
  const guint n = gst_geti_predictions_get_size (a);
  if (n != gst_geti_predictions_get_size (b))
    return false;
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction *pa = gst_geti_predictions_get (a, i);
    const GstGetiPrediction *pb = gst_geti_predictions_get (b, i);
    if (pa->n_labels != pb->n_labels)
      return false;
    for (guint l = 0; l < pa->n_labels; l++) {
      const GstGetiLabel &la = pa->labels[l], &lb = pb->labels[l];
      if (!same_string (la.id, lb.id) || !same_string (la.name, lb.name) ||
          la.color != lb.color || la.probability != lb.probability)
        return false;
    }
    const GstGetiShape &sa = pa->shape, &sb = pb->shape;
    if (sa.type != sb.type || sa.x != sb.x || sa.y != sb.y ||
        sa.width != sb.width || sa.height != sb.height ||
        sa.angle != sb.angle || sa.visible != sb.visible ||
        sa.n_points != sb.n_points)
      return false;
    if (sa.n_points > 0 && (sa.points == nullptr || sb.points == nullptr))
      return sa.points == sb.points;
    for (guint p = 0; p < sa.n_points; p++) {
      if (sa.points[p].x != sb.points[p].x || sa.points[p].y != sb.points[p].y)
        return false;
    }
  }
  const guint n_edges = gst_geti_predictions_get_n_keypoint_edges (a);
  if (n_edges != gst_geti_predictions_get_n_keypoint_edges (b))
    return false;
  for (guint e = 0; e < n_edges; e++) {
    const gchar *af = nullptr, *at = nullptr, *bf = nullptr, *bt = nullptr;
    gst_geti_predictions_get_keypoint_edge (a, e, &af, &at);
    gst_geti_predictions_get_keypoint_edge (b, e, &bf, &bt);
    if (!same_string (af, bf) || !same_string (at, bt))
      return false;
  }
  return true;
}

double
auto_line_width (guint height) noexcept
{
  /* 2 px up to 540 lines, 3 at 720, 4 at 1080 */
  return std::max (2.0, std::round (height / 270.0));
}

double
auto_font_size (guint height) noexcept
{
  /* 13 px at 480 lines, 20 at 720, 30 at 1080 */
  return std::max (11.0, std::round (height / 36.0));
}

void
OverlayRenderer::FontMapUnref::operator() (PangoFontMap *map) const noexcept
{
  g_object_unref (map);
}

OverlayRenderer::~OverlayRenderer () = default;

GstVideoOverlayComposition *
OverlayRenderer::render (const GstGetiPredictions *predictions, double scale_x,
    double scale_y, guint width, guint height, double opacity,
    const OverlayStyle &style)
{
  if (predictions == nullptr || width == 0 || height == 0 || opacity <= 0)
    return nullptr;

  /* What to draw: shapes, and the labels of full-frame results (label-only
   * predictions included) for the banner. */
  std::vector<Item> items;
  std::vector<const GstGetiLabel *> banner;
  const guint n = gst_geti_predictions_get_size (predictions);
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction &p = *gst_geti_predictions_get (predictions, i);
    const bool full_frame =
        p.shape.type == GST_GETI_SHAPE_NONE ||
        shape_is_full_frame (p.shape, scale_x, scale_y, width, height);
    auto labels = drawable_labels (p, full_frame, style);
    if (labels.empty () && (p.n_labels > 0 || full_frame))
      continue;
    if (full_frame) {
      banner.insert (banner.end (), labels.begin (), labels.end ());
      continue;
    }
    if (p.shape.type == GST_GETI_SHAPE_KEYPOINT && !p.shape.visible)
      continue;
    Item item;
    item.prediction = &p;
    item.color = labels.empty () ? NO_LABEL_COLOR : label_color (*labels[0]);
    item.labels = std::move (labels);
    items.push_back (std::move (item));
  }
  if (items.empty () && banner.empty ())
    return nullptr;

  const double lw =
      style.line_width > 0 ? style.line_width : auto_line_width (height);

  /* Draw on a recording surface the size of the frame, then copy only the
   * part that was drawn on: blending costs what is covered, not the
   * frame. */
  const cairo_rectangle_t frame = { 0, 0, static_cast<double> (width),
    static_cast<double> (height) };
  SurfacePtr recording (
      cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &frame));
  check (cairo_surface_status (recording.get ()));
  CairoPtr cr (cairo_create (recording.get ()));
  check (cairo_status (cr.get ()));

  if (!font_map_)
    font_map_.reset (pango_cairo_font_map_new ());
  ObjectPtr<PangoContext> context (
      pango_font_map_create_context (font_map_.get ()));
  FontOptionsPtr options (cairo_font_options_create ());
  cairo_font_options_set_antialias (options.get (), CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics (options.get (), CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context.get (), options.get ());
  pango_cairo_update_context (cr.get (), context.get ());
  ObjectPtr<PangoLayout> layout (pango_layout_new (context.get ()));
  FontDescriptionPtr font (pango_font_description_from_string (
      style.font_desc.empty () ? "Sans Bold" : style.font_desc.c_str ()));
  double font_size = auto_font_size (height);
  if (pango_font_description_get_size (font.get ()) == 0) {
    pango_font_description_set_absolute_size (
        font.get (), font_size * PANGO_SCALE);
  } else {
    font_size = pango_font_description_get_size (font.get ()) / PANGO_SCALE;
    if (!pango_font_description_get_size_is_absolute (font.get ()))
      font_size *= 96.0 / 72.0; /* points at pangocairo's 96 dpi */
  }
  pango_layout_set_font_description (layout.get (), font.get ());
  Tabs tabs (layout.get (), style, font_size);

  cairo_t *c = cr.get ();
  cairo_set_line_width (c, lw);
  cairo_set_line_join (c, CAIRO_LINE_JOIN_MITER);

  /* Regions and boxes. */
  std::vector<Keypoint> keypoints;
  for (const Item &item : items) {
    const GstGetiShape &shape = item.prediction->shape;
    if (shape.type == GST_GETI_SHAPE_KEYPOINT) {
      keypoints.push_back ({ shape.x * scale_x, shape.y * scale_y,
          item.labels.empty () ? nullptr : item.labels[0], item.color });
      continue;
    }
    cairo_new_path (c);
    if (!shape_path (c, shape, scale_x, scale_y))
      continue;
    if (shape_is_filled (shape.type) && style.fill_opacity > 0) {
      set_source (c, item.color, style.fill_opacity);
      cairo_fill_preserve (c);
    }
    set_source (c, item.color);
    cairo_stroke (c);
  }

  /* The keypoint skeleton: an edge joins the points of its two labels
   * (the i-th of one with the i-th of the other when several people were
   * found), then the points over it. */
  const double radius = std::max (4.0, lw * 2.5);
  const guint n_edges = gst_geti_predictions_get_n_keypoint_edges (predictions);
  cairo_set_line_cap (c, CAIRO_LINE_CAP_ROUND);
  for (guint e = 0; e < n_edges && !keypoints.empty (); e++) {
    const gchar *from_id = nullptr, *to_id = nullptr;
    if (!gst_geti_predictions_get_keypoint_edge (
            predictions, e, &from_id, &to_id))
      continue;
    std::vector<const Keypoint *> from, to;
    for (const Keypoint &k : keypoints) {
      if (k.label == nullptr)
        continue;
      if (same_string (k.label->id, from_id))
        from.push_back (&k);
      else if (same_string (k.label->id, to_id))
        to.push_back (&k);
    }
    if (from.size () != to.size ())
      continue;
    for (gsize i = 0; i < from.size (); i++) {
      set_source (c, from[i]->color);
      cairo_move_to (c, from[i]->x, from[i]->y);
      cairo_line_to (c, to[i]->x, to[i]->y);
      cairo_stroke (c);
    }
  }
  for (const Keypoint &k : keypoints) {
    cairo_new_path (c);
    cairo_arc (c, k.x, k.y, radius, 0, 2 * G_PI);
    set_source (c, k.color);
    cairo_fill_preserve (c);
    set_source (c, text_color_on (k.color));
    cairo_set_line_width (c, std::max (1.0, lw / 2));
    cairo_stroke (c);
  }
  cairo_set_line_width (c, lw);

  /* Tabs over everything else: above the shape's top-left corner, or just
   * inside it when there is no room above. */
  if (style.show_labels) {
    for (const Item &item : items) {
      if (item.labels.empty ())
        continue;
      double tab_w, tab_h;
      tabs.measure (item.labels, tab_w, tab_h);
      const GstGetiShape &shape = item.prediction->shape;
      double x, y;
      if (shape.type == GST_GETI_SHAPE_KEYPOINT) {
        x = shape.x * scale_x + radius + lw;
        y = shape.y * scale_y - tab_h / 2;
      } else {
        double x0, y0, x1, y1;
        if (!shape_bounds (shape, x0, y0, x1, y1))
          continue;
        x = x0 * scale_x - lw / 2;
        y = y0 * scale_y - lw / 2 - tab_h;
        if (y < 0)
          y = y0 * scale_y + lw / 2;
      }
      x = std::clamp (x, 0.0, std::max (0.0, width - tab_w));
      tabs.draw (c, item.labels, std::round (x), std::round (y));
    }
  }

  /* A full-frame result: a band across the top of the frame with its
   * labels, instead of a box around the frame. */
  if (!banner.empty ()) {
    double tab_w, tab_h;
    tabs.measure (banner, tab_w, tab_h);
    const double pad = std::round (lw);
    set_source (c, Rgb{}, BANNER_ALPHA);
    cairo_rectangle (c, 0, 0, width, tab_h + 2 * pad);
    cairo_fill (c);
    tabs.draw (c, banner, pad, pad);
  }
  check (cairo_status (c));
  cr.reset ();

  /* Only the part drawn on, whole pixels. */
  double ix, iy, iw, ih;
  cairo_recording_surface_ink_extents (recording.get (), &ix, &iy, &iw, &ih);
  const int x0 = static_cast<int> (std::floor (std::max (ix, 0.0)));
  const int y0 = static_cast<int> (std::floor (std::max (iy, 0.0)));
  const int x1 = static_cast<int> (
      std::ceil (std::min (ix + iw, static_cast<double> (width))));
  const int y1 = static_cast<int> (
      std::ceil (std::min (iy + ih, static_cast<double> (height))));
  if (x1 <= x0 || y1 <= y0)
    return nullptr;
  const int w = x1 - x0, h = y1 - y0;

  /* Cairo's ARGB32 is premultiplied, native-endian: the byte order of
   * GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB. */
  const int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, w);
  g_autoptr (GstBuffer) pixels = gst_buffer_new_allocate (
      nullptr, static_cast<gsize> (stride) * h, nullptr);
  if (pixels == nullptr)
    throw std::bad_alloc ();
  {
    GstMapInfo map;
    if (!gst_buffer_map (pixels, &map, GST_MAP_WRITE))
      throw std::bad_alloc ();
    struct Unmap {
      GstBuffer *buffer;
      GstMapInfo *map;
      ~Unmap ()
      {
        gst_buffer_unmap (buffer, map);
      }
    } unmap{ pixels, &map };

    SurfacePtr image (cairo_image_surface_create_for_data (
        map.data, CAIRO_FORMAT_ARGB32, w, h, stride));
    check (cairo_surface_status (image.get ()));
    CairoPtr out (cairo_create (image.get ()));
    cairo_set_operator (out.get (), CAIRO_OPERATOR_SOURCE);
    cairo_set_source_rgba (out.get (), 0, 0, 0, 0);
    cairo_paint (out.get ());
    cairo_set_operator (out.get (), CAIRO_OPERATOR_OVER);
    cairo_set_source_surface (out.get (), recording.get (), -x0, -y0);
    cairo_paint_with_alpha (out.get (), std::min (opacity, 1.0));
    check (cairo_status (out.get ()));
    out.reset ();
    cairo_surface_flush (image.get ());
  }

  GstVideoMeta *vmeta =
      gst_buffer_add_video_meta (pixels, GST_VIDEO_FRAME_FLAG_NONE,
          GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, w, h);
  vmeta->stride[0] = stride;
  GstVideoOverlayRectangle *rectangle = gst_video_overlay_rectangle_new_raw (
      pixels, x0, y0, w, h, GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA);
  GstVideoOverlayComposition *composition =
      gst_video_overlay_composition_new (rectangle);
  gst_video_overlay_rectangle_unref (rectangle);
  return composition;
}

} // namespace gst_geti
