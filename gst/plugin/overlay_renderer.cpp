/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "overlay_renderer.h"

#include <pango/pangocairo.h>

#include "colormap.h"
#include "gst_ptr.h"
#include "prediction_convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
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

using Limits = OverlayLimits;

/* The colour of a "+N" tab, for the labels over the cap. */
constexpr Rgb MORE_COLOR = { 0.25, 0.25, 0.25 };

/* A row of tabs: the labels drawn, and how many more there are (one "+N"
 * tab); a tracked shape's id before its first label, and that tab on its
 * track's colour. */
struct TabRow {
  std::vector<const GstGetiLabel *> labels;
  guint more = 0;
  guint track_id = 0;             /* "#N " first; 0: none */
  std::optional<Rgb> first_color; /* of the first tab, instead of its label's */

  gsize size () const noexcept
  {
    return labels.size () + (more > 0 ? 1 : 0);
  }
};

struct Point {
  double x = 0;
  double y = 0;
};

/* A prediction to draw, in frame pixels. */
struct Item {
  const GstGetiPrediction *prediction = nullptr;
  TabRow row;
  Rgb color;
  /* the shape's bounds in frame pixels */
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  /* a polygon's points in frame pixels, simplified */
  std::vector<Point> points;
  /* false for a keypoint outside the frame, kept for the skeleton only */
  bool visible = true;
};

/* A visible keypoint, for the skeleton. */
struct Keypoint {
  double x = 0;
  double y = 0;
  const GstGetiLabel *label = nullptr;
  Rgb color;
};

/* Appends to @out at most @max_chars characters of @name as valid UTF-8
 * (an invalid byte becomes U+FFFD), and an ellipsis when @name is longer;
 * returns the characters appended. Reads at most that much of @name. */
guint
append_cut (std::string &out, const char *name, guint max_chars)
{
  guint chars = 0;
  const char *p = name;
  while (*p != '\0' && chars < max_chars) {
    const gunichar c = g_utf8_get_char_validated (p, -1);
    if (c == static_cast<gunichar> (-1) || c == static_cast<gunichar> (-2)) {
      out += "\xef\xbf\xbd";
      p++;
    } else {
      const char *next = g_utf8_next_char (p);
      out.append (p, next - p);
      p = next;
    }
    chars++;
  }
  if (*p != '\0') {
    out += "\xe2\x80\xa6"; /* … */
    chars++;
  }
  return chars;
}

/* Draws text tabs with one PangoLayout. */
class Tabs
{
public:
  Tabs (PangoLayout *layout, const OverlayStyle &style, double font_size,
      OverlayStats &stats)
      : layout_ (layout), style_ (style), stats_ (stats),
        pad_x_ (std::round (font_size * 0.3)),
        pad_y_ (std::round (font_size * 0.12))
  {}

  /* The size of @row. */
  void measure (const TabRow &row, double &width, double &height)
  {
    width = height = 0;
    for (gsize i = 0; i < row.size (); i++) {
      double w, h;
      guint chars;
      measure_one (row, i, w, h, chars);
      width += w;
      height = std::max (height, h);
    }
  }

  /* Draws @row with its top-left corner at @x, @y: each label on its own
   * colour, touching the next (task chains), then the "+N" tab. */
  void draw (cairo_t *cr, const TabRow &row, double x, double y)
  {
    double width, height;
    measure (row, width, height);
    for (gsize i = 0; i < row.size (); i++) {
      double w, h;
      guint chars;
      measure_one (row, i, w, h, chars);
      const Rgb background = i >= row.labels.size () ? MORE_COLOR
                             : i == 0 && row.first_color
                                 ? *row.first_color
                                 : label_color (*row.labels[i]);
      set_source (cr, background);
      cairo_rectangle (cr, x, y, w, height);
      cairo_fill (cr);
      set_source (cr, text_color_on (background));
      cairo_move_to (cr, x + pad_x_, y + pad_y_);
      pango_cairo_show_layout (cr, layout_);
      x += w;
      stats_.tabs++;
      stats_.characters += chars;
    }
  }

private:
  /* Sets the layout to the text of @row's @i-th tab and gives its size. */
  void measure_one (
      const TabRow &row, gsize i, double &width, double &height, guint &chars)
  {
    std::string text;
    chars = 0;
    if (i < row.labels.size ()) {
      if (i == 0 && row.track_id != 0) {
        text = "#" + std::to_string (row.track_id) + " ";
        chars = text.size ();
      }
      const GstGetiLabel &label = *row.labels[i];
      const char *name = label.name ? label.name : label.id ? label.id : "?";
      chars += append_cut (text, name, Limits::max_name_chars);
      if (style_.show_probability) {
        /* keypoint scores may exceed 1; a tab never says more than 100% */
        const double percent = std::clamp (label.probability, 0.0, 1.0) * 100;
        const std::string number =
            " " + std::to_string (std::lround (percent)) + "%";
        text += number;
        chars += number.size ();
      }
    } else {
      text = "+" + std::to_string (row.more);
      chars = text.size ();
    }
    pango_layout_set_text (layout_, text.c_str (), -1);
    PangoRectangle logical;
    pango_layout_get_pixel_extents (layout_, nullptr, &logical);
    width = logical.width + 2 * pad_x_;
    height = logical.height + 2 * pad_y_;
  }

  PangoLayout *layout_;
  const OverlayStyle &style_;
  OverlayStats &stats_;
  double pad_x_;
  double pad_y_;
};

/* Adds the labels of @prediction to draw (not empty, not below the
 * minimum) to @row, up to @max labels in the row, counting the rest in
 * @row.more; returns how many @prediction has. */
guint
add_drawable_labels (TabRow &row, const GstGetiPrediction &prediction,
    bool full_frame, const OverlayStyle &style, guint max)
{
  guint n = 0;
  for (guint i = 0; i < prediction.n_labels; i++) {
    const GstGetiLabel &label = prediction.labels[i];
    if (label_is_empty (label, prediction, full_frame) ||
        label.probability < style.min_probability)
      continue;
    n++;
    if (row.labels.size () < max)
      row.labels.push_back (&label);
    else
      row.more++;
  }
  return n;
}

/* Calls @keep (x, y) for each point of the polygon @shape in frame pixels
 * that is finite and not closer than the merge distance to the last one
 * kept; returns how many were kept. */
template <typename Keep>
guint
merge_points (const GstGetiShape &shape, double sx, double sy, Keep &&keep)
{
  constexpr double d2 = Limits::merge_distance * Limits::merge_distance;
  double last_x = 0, last_y = 0;
  guint n = 0;
  for (guint i = 0; i < shape.n_points; i++) {
    const double x = shape.points[i].x * sx, y = shape.points[i].y * sy;
    if (!std::isfinite (x) || !std::isfinite (y))
      continue;
    if (n > 0) {
      const double dx = x - last_x, dy = y - last_y;
      if (dx * dx + dy * dy < d2)
        continue;
    }
    keep (x, y);
    last_x = x;
    last_y = y;
    n++;
  }
  return n;
}

/* The frame rows an edge from @a to @b spans between @top and @bottom,
 * plus one: what the edge costs to fill and stroke. */
double
edge_rows (double ya, double yb, double top, double bottom) noexcept
{
  const double lo = std::max (std::min (ya, yb), top);
  const double hi = std::min (std::max (ya, yb), bottom);
  return (hi > lo ? hi - lo : 0) + 1;
}

/* The rows the edges of the closed polygon @points span, each plus one. */
double
polygon_edge_rows (
    const std::vector<Point> &points, double top, double bottom) noexcept
{
  double rows = 0;
  for (gsize i = 0; i < points.size (); i++) {
    const Point &b = points[(i + 1) % points.size ()];
    rows += edge_rows (points[i].y, b.y, top, bottom);
  }
  return rows;
}

/* What the polygons of one frame may still draw. */
struct PolygonBudget {
  double points;
  double edge_rows;
};

/* What became of a polygon. */
enum class Outcome { drawn, culled, over_cap };

/* Fills @item.points and the bounds of @item with the polygon @shape in
 * frame pixels, simplified to what the frame can show: points closer than
 * half a pixel merged, then every n-th point kept while there are more
 * than the caps allow (per polygon and what is left of @budget) or more
 * edges cross the rows of the frame than it can show. Reads the points
 * twice, keeps no more than the cap. Culled: nothing of it reaches into
 * @left, @top, @right, @bottom. */
Outcome
simplify_polygon (const GstGetiShape &shape, double sx, double sy, double left,
    double top, double right, double bottom, PolygonBudget &budget, Item &item)
{
  if (shape.points == nullptr || shape.n_points < 2)
    return Outcome::culled;

  /* pass 1: count, bounds and cost of the merged points */
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE,
         y1 = -G_MAXDOUBLE, rows = 0, prev_y = 0;
  bool first = true;
  const guint merged = merge_points (shape, sx, sy, [&] (double x, double y) {
    x0 = std::min (x0, x), x1 = std::max (x1, x);
    y0 = std::min (y0, y), y1 = std::max (y1, y);
    if (!first)
      rows += edge_rows (prev_y, y, top, bottom);
    first = false;
    prev_y = y;
  });
  if (merged < 2 || x1 < left || x0 > right || y1 < top || y0 > bottom)
    return Outcome::culled;
  item.x0 = x0, item.y0 = y0, item.x1 = x1, item.y1 = y1;

  const double max_points =
      std::min<double> (Limits::max_polygon_points, budget.points);
  const double spanned =
      std::max (0.0, std::min (y1, bottom) - std::max (y0, top));
  const double max_rows = std::min<double> (
      Limits::max_edges_per_row * (spanned + 2), budget.edge_rows);
  if (max_points < 3 || max_rows < 3)
    return Outcome::over_cap;

  /* pass 2: every n-th merged point, no more than the caps */
  const guint wanted_step = static_cast<guint> (std::min<double> (
      merged, std::max ({ 1.0, std::ceil (merged / max_points),
                  std::ceil (rows / max_rows) })));
  /* a triangle at least; the cost check below says if even that is too
   * much */
  const guint step = std::min (wanted_step, std::max (1u, merged / 3));
  item.points.reserve ((merged + step - 1) / step);
  guint index = 0;
  merge_points (shape, sx, sy, [&] (double x, double y) {
    if (index++ % step == 0)
      item.points.push_back ({ x, y });
  });

  /* the closing edge, and the edges that grew, may cost more */
  double cost = polygon_edge_rows (item.points, top, bottom);
  while (cost > max_rows && item.points.size () > 3) {
    gsize kept = 0;
    for (gsize i = 0; i < item.points.size (); i += 2)
      item.points[kept++] = item.points[i];
    item.points.resize (kept);
    cost = polygon_edge_rows (item.points, top, bottom);
  }
  if (cost > max_rows) {
    item.points.clear ();
    return Outcome::over_cap;
  }
  budget.points -= item.points.size ();
  budget.edge_rows -= cost;
  return Outcome::drawn;
}

/* Adds the outline of @item's shape (scaled; a polygon's simplified
 * points) to the path; false for a shape without an outline. */
bool
shape_path (cairo_t *cr, const Item &item, double sx, double sy)
{
  const GstGetiShape &shape = item.prediction->shape;
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
      if (item.points.size () < 2)
        return false;
      cairo_move_to (cr, item.points[0].x, item.points[0].y);
      for (gsize i = 1; i < item.points.size (); i++)
        cairo_line_to (cr, item.points[i].x, item.points[i].y);
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
  if (label.empty)
    return true;
  if (label.probability > 0)
    return false;
  if (label.name != nullptr)
    return std::strcmp (label.name, "No object") == 0 ||
           std::strcmp (label.name, "No class") == 0 ||
           std::strcmp (label.name, "Empty") == 0;
  return full_frame && prediction.n_labels == 1;
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
track_color (guint track_id) noexcept
{
  const guint32 rgb =
      TRACK_PALETTE[(track_id - 1) % G_N_ELEMENTS (TRACK_PALETTE)];
  return { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0 };
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

namespace {

/* The frame one render () draws on, and the sizes that follow from it. */
struct Frame {
  double scale_x = 1; /* predictions' pixels to frame pixels */
  double scale_y = 1;
  guint width = 0;
  guint height = 0;
  double line_width = 0;
  double radius = 0; /* of a keypoint dot */
  /* what reaches into the frame, the line included */
  double left = 0, top = 0, right = 0, bottom = 0;
};

Frame
frame_for (double scale_x, double scale_y, guint width, guint height,
    const OverlayStyle &style) noexcept
{
  Frame f;
  f.scale_x = scale_x;
  f.scale_y = scale_y;
  f.width = width;
  f.height = height;
  f.line_width =
      style.line_width > 0 ? style.line_width : auto_line_width (height);
  f.radius = std::max (4.0, f.line_width * 2.5);
  const double margin = f.line_width + f.radius;
  f.left = -margin;
  f.top = -margin;
  f.right = width + margin;
  f.bottom = height + margin;
  return f;
}

/* Gives @item its place in frame pixels: a polygon simplified to what the
 * frame can show (out of @budget), any other shape its bounds. False,
 * counted in @stats, when it is not drawn: degenerate, outside the frame
 * (a keypoint there stays, invisible, as an end of the skeleton's edges)
 * or over the caps. */
bool
place (Item &item, const Frame &f, PolygonBudget &budget, OverlayStats &stats)
{
  const GstGetiShape &shape = item.prediction->shape;
  if (shape.type == GST_GETI_SHAPE_POLYGON) {
    const Outcome outcome = simplify_polygon (shape, f.scale_x, f.scale_y,
        f.left, f.top, f.right, f.bottom, budget, item);
    if (outcome != Outcome::drawn) {
      if (outcome == Outcome::over_cap)
        stats.dropped++;
      else
        stats.culled++;
      return false;
    }
  } else {
    double x0, y0, x1, y1;
    if (!shape_bounds (shape, x0, y0, x1, y1)) {
      stats.culled++;
      return false;
    }
    item.x0 = std::min (x0, x1) * f.scale_x;
    item.x1 = std::max (x0, x1) * f.scale_x;
    item.y0 = std::min (y0, y1) * f.scale_y;
    item.y1 = std::max (y0, y1) * f.scale_y;
  }
  const bool inside = item.x1 >= f.left && item.x0 <= f.right &&
                      item.y1 >= f.top && item.y0 <= f.bottom;
  if (!inside || !std::isfinite (item.x0 + item.y0 + item.x1 + item.y1)) {
    if (shape.type != GST_GETI_SHAPE_KEYPOINT) {
      stats.culled++;
      return false;
    }
    item.visible = false;
  }
  return true;
}

/* Step 1, what to draw: the shapes that reach into the frame, up to the
 * cap, and the labels of full-frame results (label-only predictions
 * included) for @banner. */
std::vector<Item>
collect (const GstGetiPredictions *predictions, const Frame &f,
    const OverlayStyle &style, TabRow &banner, OverlayStats &stats)
{
  std::vector<Item> items;
  PolygonBudget budget = { static_cast<double> (Limits::max_frame_points),
    static_cast<double> (Limits::max_frame_edges_per_row) * (f.height + 2) };
  const guint n = gst_geti_predictions_get_size (predictions);
  for (guint i = 0; i < n; i++) {
    const GstGetiPrediction &p = *gst_geti_predictions_get (predictions, i);
    const bool full_frame =
        p.shape.type == GST_GETI_SHAPE_NONE ||
        shape_is_full_frame (p.shape, f.scale_x, f.scale_y, f.width, f.height);
    if (full_frame) {
      add_drawable_labels (
          banner, p, full_frame, style, Limits::max_banner_labels);
      continue;
    }
    if (p.shape.type == GST_GETI_SHAPE_KEYPOINT && !p.shape.visible)
      continue;
    Item item;
    item.prediction = &p;
    const guint n_labels = add_drawable_labels (
        item.row, p, full_frame, style, Limits::max_labels_per_shape);
    if (n_labels == 0 && p.n_labels > 0)
      continue;
    if (items.size () >= Limits::max_shapes) {
      stats.dropped++;
      continue;
    }
    if (!place (item, f, budget, stats))
      continue;
    item.color = item.row.labels.empty () ? NO_LABEL_COLOR
                                          : label_color (*item.row.labels[0]);
    if (p.track_id != 0) {
      if (style.show_track_id)
        item.row.track_id = p.track_id;
      if (style.color_by == ColorBy::track) {
        item.color = track_color (p.track_id);
        item.row.first_color = item.color;
      }
    }
    items.push_back (std::move (item));
  }
  return items;
}

/* A recording surface the size of the frame to draw on: rasterise ()
 * copies only the part that was drawn on, so that blending costs what is
 * covered, not the frame. */
struct Canvas {
  SurfacePtr recording;
  CairoPtr cr;

  Canvas (guint width, guint height)
  {
    const cairo_rectangle_t frame = { 0, 0, static_cast<double> (width),
      static_cast<double> (height) };
    recording.reset (
        cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &frame));
    check (cairo_surface_status (recording.get ()));
    cr.reset (cairo_create (recording.get ()));
    check (cairo_status (cr.get ()));
  }
};

/* The layout the tabs' text is set in, with @style's font on @cr; its size
 * in pixels in @font_size. */
ObjectPtr<PangoLayout>
text_layout (PangoFontMap *font_map, cairo_t *cr, const OverlayStyle &style,
    guint height, double &font_size)
{
  ObjectPtr<PangoContext> context (pango_font_map_create_context (font_map));
  FontOptionsPtr options (cairo_font_options_create ());
  cairo_font_options_set_antialias (options.get (), CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics (options.get (), CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context.get (), options.get ());
  pango_cairo_update_context (cr, context.get ());
  ObjectPtr<PangoLayout> layout (pango_layout_new (context.get ()));
  /* a name's line breaks do not make a tab taller */
  pango_layout_set_single_paragraph_mode (layout.get (), TRUE);
  FontDescriptionPtr font (pango_font_description_from_string (
      style.font_desc.empty () ? "Sans Bold" : style.font_desc.c_str ()));
  font_size = auto_font_size (height);
  if (pango_font_description_get_size (font.get ()) == 0) {
    pango_font_description_set_absolute_size (
        font.get (), font_size * PANGO_SCALE);
  } else {
    font_size = pango_font_description_get_size (font.get ()) / PANGO_SCALE;
    if (!pango_font_description_get_size_is_absolute (font.get ()))
      font_size *= 96.0 / 72.0; /* points at pangocairo's 96 dpi */
  }
  pango_layout_set_font_description (layout.get (), font.get ());
  return layout;
}

/* Step 2, regions and boxes: each outline (a region filled too); a shape
 * without one is culled and left invisible. Returns the keypoints, for
 * the skeleton. */
std::vector<Keypoint>
draw_shapes (cairo_t *c, std::vector<Item> &items, const Frame &f,
    const OverlayStyle &style, OverlayStats &stats)
{
  cairo_set_line_width (c, f.line_width);
  cairo_set_line_join (c, CAIRO_LINE_JOIN_MITER);
  std::vector<Keypoint> keypoints;
  for (Item &item : items) {
    const GstGetiShape &shape = item.prediction->shape;
    if (shape.type == GST_GETI_SHAPE_KEYPOINT) {
      keypoints.push_back ({ shape.x * f.scale_x, shape.y * f.scale_y,
          item.row.labels.empty () ? nullptr : item.row.labels[0],
          item.color });
      continue;
    }
    cairo_new_path (c);
    if (!shape_path (c, item, f.scale_x, f.scale_y)) {
      item.visible = false;
      stats.culled++;
      continue;
    }
    if (shape_is_filled (shape.type) && style.fill_opacity > 0) {
      set_source (c, item.color, style.fill_opacity);
      cairo_fill_preserve (c);
    }
    set_source (c, item.color);
    cairo_stroke (c);
    stats.shapes++;
    stats.polygon_points += item.points.size ();
    stats.polygon_edge_rows +=
        static_cast<guint> (polygon_edge_rows (item.points, f.top, f.bottom));
  }
  return keypoints;
}

/* Step 3, the keypoint skeleton: an edge joins the points of its two
 * labels, the i-th of one with the i-th of the other when several people
 * were found (an edge whose ends do not pair up is not drawn). */
void
draw_skeleton (cairo_t *c, const GstGetiPredictions *predictions,
    const std::vector<Keypoint> &keypoints, OverlayStats &stats)
{
  const guint n_edges = gst_geti_predictions_get_n_keypoint_edges (predictions);
  cairo_set_line_cap (c, CAIRO_LINE_CAP_ROUND);
  if (keypoints.empty ())
    return;
  if (n_edges > Limits::max_skeleton_edges)
    stats.dropped += n_edges - Limits::max_skeleton_edges;
  for (guint e = 0; e < std::min (n_edges, Limits::max_skeleton_edges); e++) {
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
      if (stats.skeleton_lines >= Limits::max_skeleton_lines) {
        stats.dropped++;
        continue;
      }
      set_source (c, from[i]->color);
      cairo_move_to (c, from[i]->x, from[i]->y);
      cairo_line_to (c, to[i]->x, to[i]->y);
      cairo_stroke (c);
      stats.skeleton_lines++;
    }
  }
}

/* Step 4, the keypoints over their skeleton: a dot in the label's colour,
 * ringed in black or white. */
void
draw_keypoints (cairo_t *c, const std::vector<Item> &items, const Frame &f,
    OverlayStats &stats)
{
  cairo_set_line_width (c, std::max (1.0, f.line_width / 2));
  for (const Item &item : items) {
    const GstGetiShape &shape = item.prediction->shape;
    if (shape.type != GST_GETI_SHAPE_KEYPOINT || !item.visible)
      continue;
    cairo_new_path (c);
    cairo_arc (
        c, shape.x * f.scale_x, shape.y * f.scale_y, f.radius, 0, 2 * G_PI);
    set_source (c, item.color);
    cairo_fill_preserve (c);
    set_source (c, text_color_on (item.color));
    cairo_stroke (c);
    stats.shapes++;
  }
  cairo_set_line_width (c, f.line_width);
}

/* Step 5, the shapes' label tabs over everything else: above the shape's
 * top-left corner; when there is no room above (a box at the top edge),
 * below its bottom-left corner, outside the shape, so the tab never hides
 * the object; just inside its top only when there is no room below either;
 * no more than the cap, the @banner_tabs of the banner's first. */
void
draw_tabs (cairo_t *c, Tabs &tabs, const std::vector<Item> &items,
    gsize banner_tabs, const Frame &f, const OverlayStyle &style,
    OverlayStats &stats)
{
  if (!style.show_labels)
    return;
  const double lw = f.line_width;
  gsize tabs_left =
      Limits::max_tabs - std::min<gsize> (banner_tabs, Limits::max_tabs);
  for (const Item &item : items) {
    if (item.row.size () == 0 || !item.visible)
      continue;
    if (item.row.size () > tabs_left) {
      stats.dropped++;
      continue;
    }
    double tab_w, tab_h;
    tabs.measure (item.row, tab_w, tab_h);
    const GstGetiShape &shape = item.prediction->shape;
    double x, y;
    if (shape.type == GST_GETI_SHAPE_KEYPOINT) {
      x = shape.x * f.scale_x + f.radius + lw;
      y = shape.y * f.scale_y - tab_h / 2;
    } else {
      x = item.x0 - lw / 2;
      y = item.y0 - lw / 2 - tab_h;
      if (y < 0) {
        const double below = item.y1 + lw / 2;
        y = below + tab_h <= f.height ? below : item.y0 + lw / 2;
      }
    }
    /* below the frame: nothing to see */
    if (y >= f.height)
      continue;
    x = std::clamp (x, 0.0, std::max (0.0, f.width - tab_w));
    tabs.draw (c, item.row, std::round (x), std::round (y));
    tabs_left -= item.row.size ();
  }
}

/* Step 6, a full-frame result: a band across the top of the frame with its
 * labels, instead of a box around the frame. */
void
draw_banner (cairo_t *c, Tabs &tabs, const TabRow &banner, const Frame &f)
{
  if (banner.size () == 0)
    return;
  double tab_w, tab_h;
  tabs.measure (banner, tab_w, tab_h);
  const double pad = std::round (f.line_width);
  set_source (c, Rgb{}, BANNER_ALPHA);
  cairo_rectangle (c, 0, 0, f.width, tab_h + 2 * pad);
  cairo_fill (c);
  tabs.draw (c, banner, pad, pad);
}

/* A rectangle of whole frame pixels. */
struct Area {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

/* The part of the @width x @height frame that @recording drew on, in
 * whole pixels; false when there is none. */
bool
drawn_area (cairo_surface_t *recording, guint width, guint height, Area &area)
{
  double ix, iy, iw, ih;
  cairo_recording_surface_ink_extents (recording, &ix, &iy, &iw, &ih);
  const int x0 = static_cast<int> (std::floor (std::max (ix, 0.0)));
  const int y0 = static_cast<int> (std::floor (std::max (iy, 0.0)));
  const int x1 = static_cast<int> (
      std::ceil (std::min (ix + iw, static_cast<double> (width))));
  const int y1 = static_cast<int> (
      std::ceil (std::min (iy + ih, static_cast<double> (height))));
  if (x1 <= x0 || y1 <= y0)
    return false;
  area = { x0, y0, x1 - x0, y1 - y0 };
  return true;
}

/* Step 7: @area of @recording, @opacity as a whole, as (transfer full) a
 * rectangle. Cairo's ARGB32 is premultiplied,
 * native-endian: the byte order of
 * GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB. */
GstVideoOverlayRectangle *
rasterise (cairo_surface_t *recording, const Area &area, double opacity)
{
  const int w = area.width, h = area.height;
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
    cairo_set_source_surface (out.get (), recording, -area.x, -area.y);
    cairo_paint_with_alpha (out.get (), std::min (opacity, 1.0));
    check (cairo_status (out.get ()));
    out.reset ();
    cairo_surface_flush (image.get ());
  }

  GstVideoMeta *vmeta =
      gst_buffer_add_video_meta (pixels, GST_VIDEO_FRAME_FLAG_NONE,
          GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, w, h);
  vmeta->stride[0] = stride;
  return gst_video_overlay_rectangle_new_raw (pixels, area.x, area.y, w, h,
      GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA);
}

struct RectangleUnref {
  void operator() (GstVideoOverlayRectangle *r) const noexcept
  {
    gst_video_overlay_rectangle_unref (r);
  }
};
using RectanglePtr = std::unique_ptr<GstVideoOverlayRectangle, RectangleUnref>;

/* Step 0, under everything: the explanation maps @style shows, in the
 * list's order, up to the cap. */
std::vector<RectanglePtr>
map_rectangles (const GstGetiPredictions *predictions, double opacity,
    guint width, guint height, const OverlayStyle &style, OverlayStats &stats)
{
  std::vector<RectanglePtr> out;
  const double alpha = opacity * style.map_opacity;
  if (alpha <= 0 || style.show_maps == "none")
    return out;
  const guint n = gst_geti_predictions_get_n_maps (predictions);
  for (guint i = 0; i < n; i++) {
    const GstGetiMap *map = gst_geti_predictions_get_map (predictions, i);
    if (map == nullptr || !map_is_shown (map, style))
      continue;
    if (out.size () >= Limits::max_maps) {
      stats.dropped++;
      continue;
    }
    RectanglePtr r (map_rectangle (map, alpha, width, height));
    if (r) {
      out.push_back (std::move (r));
      stats.maps++;
    }
  }
  return out;
}

} // namespace

bool
map_is_shown (const GstGetiMap *map, const OverlayStyle &style) noexcept
{
  if (style.show_maps == "none")
    return false;
  if (style.show_maps == "all")
    return true;
  const char *want = style.show_maps.c_str ();
  const char *name = gst_geti_map_get_label_name (map);
  const char *id = gst_geti_map_get_label_id (map);
  return (name != nullptr && std::strcmp (name, want) == 0) ||
         (id != nullptr && std::strcmp (id, want) == 0);
}

namespace {

/* The shapes and tabs, as one rectangle covering what was drawn, or NULL
 * when nothing was. */
template <typename GetFontMap>
RectanglePtr
render_shapes (const GstGetiPredictions *predictions, const Frame &frame,
    double opacity, const OverlayStyle &style, GetFontMap &&get_font_map,
    OverlayStats &stats)
{
  const guint width = frame.width, height = frame.height;
  TabRow banner;
  std::vector<Item> items = collect (predictions, frame, style, banner, stats);
  if (items.empty () && banner.size () == 0)
    return nullptr;

  Canvas canvas (width, height);
  cairo_t *c = canvas.cr.get ();
  double font_size;
  ObjectPtr<PangoLayout> layout =
      text_layout (get_font_map (), c, style, height, font_size);
  Tabs tabs (layout.get (), style, font_size, stats);

  const std::vector<Keypoint> keypoints =
      draw_shapes (c, items, frame, style, stats);
  draw_skeleton (c, predictions, keypoints, stats);
  draw_keypoints (c, items, frame, stats);
  draw_tabs (c, tabs, items, banner.size (), frame, style, stats);
  draw_banner (c, tabs, banner, frame);
  check (cairo_status (c));
  canvas.cr.reset ();

  Area area;
  if (!drawn_area (canvas.recording.get (), width, height, area))
    return nullptr;
  return RectanglePtr (rasterise (canvas.recording.get (), area, opacity));
}

} // namespace

GstVideoOverlayComposition *
OverlayRenderer::render (const GstGetiPredictions *predictions, double scale_x,
    double scale_y, guint width, guint height, double opacity,
    const OverlayStyle &style)
{
  stats_ = OverlayStats ();
  if (predictions == nullptr || width == 0 || height == 0 || opacity <= 0)
    return nullptr;
  const Frame frame = frame_for (scale_x, scale_y, width, height, style);

  std::vector<RectanglePtr> rectangles =
      map_rectangles (predictions, opacity, width, height, style, stats_);
  auto font_map = [this] () {
    if (!font_map_)
      font_map_.reset (pango_cairo_font_map_new ());
    return font_map_.get ();
  };
  if (RectanglePtr shapes =
          render_shapes (predictions, frame, opacity, style, font_map, stats_))
    rectangles.push_back (std::move (shapes));
  if (rectangles.empty ())
    return nullptr;
  GstVideoOverlayComposition *composition =
      gst_video_overlay_composition_new (nullptr);
  for (const RectanglePtr &r : rectangles)
    gst_video_overlay_composition_add_rectangle (composition, r.get ());
  return composition;
}

} // namespace gst_geti
