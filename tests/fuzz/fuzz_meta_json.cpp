/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/* The meta's JSON writer, round trip: a prediction list made from the
 * fuzzer's bytes (any strings, every shape type, any finite number), put in
 * a meta, written with gst_geti_prediction_meta_to_json () and read back
 * with the project's own :predict parser must give back every label exactly
 * (strings made valid UTF-8, as the writer does), every probability
 * exactly, and every coordinate, size and angle exactly as rounded to 2
 * decimals (round (v * 100) / 100; as it is beyond 1e9). What that parser
 * does not read, json-glib does: every prediction's track id (present
 * exactly when not 0), the frame's source and held flag, and its
 * explanation maps (a "maps" member exactly when the list has maps, each
 * with its label id and name made valid UTF-8, its width and height). The
 * maps are read off the end of the input, so that inputs made before them
 * mean what they meant.
 *
 * What the writer cannot express is kept out, as getipredict never makes
 * it: non-finite numbers (JSON has none, they are written null), labels
 * without an id, and times past G_MAXINT64 (no JSON reader takes integers
 * beyond 64-bit signed ones exactly). */
#include <gst/geti/geti.h>
#include <json-glib/json-glib.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "error.h"
#include "fuzz.h"
#include "response_parser.h"

using geti::fuzz::ByteReader;

namespace {

double
finite_double (ByteReader &in)
{
  const double value = in.any_double ();
  return std::isfinite (value) ? value : 0.0;
}

/* A time: GST_CLOCK_TIME_NONE (written null) or a value up to G_MAXINT64 */
GstClockTime
clock_time (ByteReader &in)
{
  const std::uint64_t value = in.bits (8);
  return value == GST_CLOCK_TIME_NONE ? value : value >> 1;
}

std::string
made_valid (const std::string &text)
{
  if (g_utf8_validate (text.c_str (), -1, nullptr))
    return text;
  g_autofree gchar *valid = g_utf8_make_valid (text.c_str (), -1);
  return valid;
}

/* What the writer makes of a coordinate, size or angle */
double
coordinate (double value)
{
  return std::fabs (value) < 1e9 ? std::round (value * 100) / 100 : value;
}

/* What the parser reads back for @p, and json-glib its track id */
struct Expected {
  std::vector<geti::Label> labels;
  geti::Shape shape;
  guint track_id = 0;
};

geti::ShapeType
shape_type (GstGetiShapeType type)
{
  switch (type) {
    case GST_GETI_SHAPE_RECTANGLE:
      return geti::ShapeType::rectangle;
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      return geti::ShapeType::rotated_rectangle;
    case GST_GETI_SHAPE_ELLIPSE:
      return geti::ShapeType::ellipse;
    case GST_GETI_SHAPE_POLYGON:
      return geti::ShapeType::polygon;
    case GST_GETI_SHAPE_KEYPOINT:
      return geti::ShapeType::keypoint;
    case GST_GETI_SHAPE_NONE:
      break;
  }
  return geti::ShapeType::none;
}

Expected
expected_of (const GstGetiPrediction &p)
{
  Expected e;
  for (guint i = 0; i < p.n_labels; i++) {
    geti::Label label;
    label.id = made_valid (p.labels[i].id);
    if (p.labels[i].name != nullptr)
      label.name = made_valid (p.labels[i].name);
    if (p.labels[i].color != 0)
      label.color = p.labels[i].color;
    label.probability = p.labels[i].probability;
    e.labels.push_back (std::move (label));
  }
  /* Only the members of its type are written */
  e.shape.type = shape_type (p.shape.type);
  switch (p.shape.type) {
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      e.shape.angle = coordinate (p.shape.angle);
      /* fall through */
    case GST_GETI_SHAPE_RECTANGLE:
    case GST_GETI_SHAPE_ELLIPSE:
      e.shape.width = coordinate (p.shape.width);
      e.shape.height = coordinate (p.shape.height);
      /* fall through */
    case GST_GETI_SHAPE_KEYPOINT:
      e.shape.x = coordinate (p.shape.x);
      e.shape.y = coordinate (p.shape.y);
      if (p.shape.type == GST_GETI_SHAPE_KEYPOINT)
        e.shape.visible = p.shape.visible;
      break;
    case GST_GETI_SHAPE_POLYGON:
      for (guint i = 0; i < p.shape.n_points; i++)
        e.shape.points.push_back ({ coordinate (p.shape.points[i].x),
            coordinate (p.shape.points[i].y) });
      break;
    case GST_GETI_SHAPE_NONE:
      break;
  }
  e.track_id = p.track_id;
  return e;
}

/* Exactly the same double (0 and -0 alike: JSON writers may drop the sign
 * of a zero) */
bool
same (double a, double b)
{
  return a == b;
}

void
compare (const Expected &e, const geti::Prediction &got, guint index)
{
  GETI_FUZZ_CHECK (got.labels.size () == e.labels.size (),
      "prediction %u: %zu labels, expected %zu", index, got.labels.size (),
      e.labels.size ());
  for (gsize i = 0; i < e.labels.size (); i++) {
    const geti::Label &a = e.labels[i];
    const geti::Label &b = got.labels[i];
    GETI_FUZZ_CHECK (a.id == b.id,
        "prediction %u label %zu: id \"%s\" != \"%s\"", index, i, b.id.c_str (),
        a.id.c_str ());
    GETI_FUZZ_CHECK (
        a.name == b.name, "prediction %u label %zu: name", index, i);
    GETI_FUZZ_CHECK (
        a.color == b.color, "prediction %u label %zu: colour", index, i);
    GETI_FUZZ_CHECK (same (a.probability, b.probability),
        "prediction %u label %zu: probability %.17g read back as %.17g", index,
        i, a.probability, b.probability);
  }
  const geti::Shape &s = e.shape;
  const geti::Shape &t = got.shape;
  GETI_FUZZ_CHECK (s.type == t.type, "prediction %u: shape type %d != %d",
      index, static_cast<int> (t.type), static_cast<int> (s.type));
  const double values[][2] = { { s.x, t.x }, { s.y, t.y }, { s.width, t.width },
    { s.height, t.height }, { s.angle, t.angle } };
  for (const auto &v : values)
    GETI_FUZZ_CHECK (same (v[0], v[1]),
        "prediction %u: coordinate %.17g read back as %.17g", index, v[0],
        v[1]);
  GETI_FUZZ_CHECK (s.visible == t.visible, "prediction %u: visible", index);
  GETI_FUZZ_CHECK (
      s.points.size () == t.points.size (), "prediction %u: points", index);
  for (gsize i = 0; i < s.points.size (); i++)
    GETI_FUZZ_CHECK (same (s.points[i].x, t.points[i].x) &&
                         same (s.points[i].y, t.points[i].y),
        "prediction %u point %zu: %.17g,%.17g read back as %.17g,%.17g", index,
        i, s.points[i].x, s.points[i].y, t.points[i].x, t.points[i].y);
}

/* An explanation map as the JSON line should list it */
struct ExpectedMap {
  std::string label_id;
  std::optional<std::string> name;
  guint width = 0, height = 0;
};

/* The members the :predict parser does not read, read with json-glib: the
 * frame's held flag and source (held when the flag is set and the source
 * left at predicted), every prediction's track id where it has one, and
 * the maps */
void
compare_tracking (const gchar *json, const GstGetiPredictionMeta &meta,
    const std::vector<Expected> &expected, const std::vector<ExpectedMap> &maps)
{
  JsonParser *parser = json_parser_new ();
  GError *error = nullptr;
  GETI_FUZZ_CHECK (json_parser_load_from_data (parser, json, -1, &error),
      "json-glib cannot read %s: %s", json, error ? error->message : "?");
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));

  GETI_FUZZ_CHECK (json_object_get_boolean_member (root, "held") ==
                       static_cast<bool> (meta.held),
      "held");
  const gchar *source = json_object_get_string_member (root, "source");
  GETI_FUZZ_CHECK (source != nullptr &&
                       g_str_equal (source,
                           gst_geti_prediction_source_to_string (
                               gst_geti_prediction_meta_get_source (&meta))),
      "source %d (held %d) written as %s", static_cast<int> (meta.source),
      meta.held, source ? source : "null");
  GETI_FUZZ_CHECK (meta.source != GST_GETI_PREDICTION_SOURCE_PREDICTED ||
                       g_str_equal (source, meta.held ? "held" : "predicted"),
      "predicted, held %d: %s", meta.held, source);

  JsonArray *array = json_object_get_array_member (root, "predictions");
  for (guint i = 0; i < expected.size (); i++) {
    JsonObject *p = json_array_get_object_element (array, i);
    const guint track_id = expected[i].track_id;
    GETI_FUZZ_CHECK (static_cast<bool> (json_object_has_member (
                         p, "track_id")) == (track_id != 0),
        "prediction %u: track id %u %s", i, track_id,
        track_id ? "missing" : "written");
    if (track_id != 0)
      GETI_FUZZ_CHECK (json_object_get_int_member (p, "track_id") == track_id,
          "prediction %u: track id %u read back as %" G_GINT64_FORMAT, i,
          track_id, json_object_get_int_member (p, "track_id"));
  }

  GETI_FUZZ_CHECK (static_cast<bool> (json_object_has_member (root, "maps")) ==
                       !maps.empty (),
      "%zu maps, \"maps\" %s", maps.size (),
      maps.empty () ? "written" : "missing");
  JsonArray *written =
      maps.empty () ? nullptr : json_object_get_array_member (root, "maps");
  GETI_FUZZ_CHECK (
      maps.empty () || (written != nullptr &&
                           json_array_get_length (written) == maps.size ()),
      "%zu maps, not so many written", maps.size ());
  for (guint i = 0; i < maps.size (); i++) {
    JsonObject *m = json_array_get_object_element (written, i);
    GETI_FUZZ_CHECK (m != nullptr && json_object_get_size (m) == 4,
        "map %u: not an object of 4 members", i);
    const gchar *id = json_object_get_string_member (m, "label_id");
    GETI_FUZZ_CHECK (id != nullptr && maps[i].label_id == id,
        "map %u: label id \"%s\" read back as \"%s\"", i,
        maps[i].label_id.c_str (), id ? id : "null");
    JsonNode *name = json_object_get_member (m, "name");
    GETI_FUZZ_CHECK (name != nullptr, "map %u: no name", i);
    if (maps[i].name)
      GETI_FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (name) &&
                           *maps[i].name == json_node_get_string (name),
          "map %u: name", i);
    else
      GETI_FUZZ_CHECK (JSON_NODE_HOLDS_NULL (name), "map %u: name not null", i);
    GETI_FUZZ_CHECK (
        json_object_get_int_member (m, "width") == maps[i].width &&
            json_object_get_int_member (m, "height") == maps[i].height,
        "map %u: size %ux%u read back as %" G_GINT64_FORMAT
        "x%" G_GINT64_FORMAT,
        i, maps[i].width, maps[i].height,
        json_object_get_int_member (m, "width"),
        json_object_get_int_member (m, "height"));
  }
  g_object_unref (parser);
}

} // namespace

GETI_FUZZ_TARGET (meta_json)
{
  geti::fuzz::init_gstreamer ();
  ByteReader in (data, size);

  std::optional<std::string> created;
  if (in.boolean ())
    created = in.string (40);
  GstGetiPredictions *predictions =
      gst_geti_predictions_new (created ? created->c_str () : nullptr);
  std::vector<Expected> expected;

  const unsigned n = in.below_or (8);
  for (unsigned i = 0; i < n && !in.empty (); i++) {
    std::vector<std::string> strings;
    std::vector<GstGetiLabel> labels (in.below_or (3));
    strings.reserve (2 * labels.size ());
    for (GstGetiLabel &label : labels) {
      strings.push_back (in.string (32));
      label.id = const_cast<gchar *> (strings.back ().c_str ());
      if (in.boolean ()) {
        strings.push_back (in.string (32));
        label.name = const_cast<gchar *> (strings.back ().c_str ());
      }
      label.color = static_cast<guint32> (in.bits (4));
      label.probability = finite_double (in);
    }
    std::vector<GstGetiPoint> points (in.below_or (6));
    for (GstGetiPoint &point : points)
      point = { finite_double (in), finite_double (in) };

    GstGetiPrediction p = {};
    p.labels = labels.empty () ? nullptr : labels.data ();
    p.n_labels = static_cast<guint> (labels.size ());
    p.shape.type = static_cast<GstGetiShapeType> (in.below_or (5));
    p.shape.x = finite_double (in);
    p.shape.y = finite_double (in);
    p.shape.width = finite_double (in);
    p.shape.height = finite_double (in);
    p.shape.angle = finite_double (in);
    p.shape.points = points.empty () ? nullptr : points.data ();
    p.shape.n_points = static_cast<guint> (points.size ());
    p.shape.visible = in.boolean ();
    /* untracked often, any id else */
    p.track_id = in.boolean () ? static_cast<guint> (in.bits (4)) : 0;
    gst_geti_predictions_add (predictions, &p);
    expected.push_back (expected_of (p));
  }

  GstGetiPredictionMeta meta = {};
  meta.frame = in.bits (8) >> 1;
  meta.pts = clock_time (in);
  meta.source_pts = clock_time (in);
  meta.held = in.boolean ();
  meta.width = static_cast<guint> (in.bits (4));
  meta.height = static_cast<guint> (in.bits (4));
  meta.latency = in.bits (8);
  meta.predictions = predictions;
  meta.source = static_cast<GstGetiPredictionSource> (
      in.below_or (GST_GETI_PREDICTION_SOURCE_EXTRAPOLATED));

  /* the maps, off the end of the input; their pixels come from one byte,
   * the writer never reads them */
  std::vector<ExpectedMap> maps;
  const unsigned n_maps = in.below_or (4);
  for (unsigned i = 0; i < n_maps; i++) {
    const std::string id = in.string (32);
    std::optional<std::string> name;
    if (in.boolean ())
      name = in.string (32);
    const guint32 color = static_cast<guint32> (in.bits (4));
    const guint width = 1 + in.below_or (63), height = 1 + in.below_or (63);
    const guint8 fill = in.byte ();
    auto bytes = static_cast<guint8 *> (g_malloc (width * height));
    memset (bytes, fill, width * height);
    GBytes *pixels = g_bytes_new_take (bytes, width * height);
    GstGetiMap *map = gst_geti_map_new (id.c_str (),
        name ? name->c_str () : nullptr, color, width, height, pixels);
    g_bytes_unref (pixels);
    GETI_FUZZ_CHECK (map != nullptr, "map %u not made", i);
    gst_geti_predictions_add_map (predictions, map);
    gst_geti_map_unref (map);
    maps.push_back ({ made_valid (id),
        name ? std::optional<std::string> (made_valid (*name)) : std::nullopt,
        width, height });
  }
  GETI_FUZZ_CHECK (gst_geti_predictions_get_n_maps (predictions) == n_maps,
      "%u maps added, %u kept", n_maps,
      gst_geti_predictions_get_n_maps (predictions));

  gchar *json = gst_geti_prediction_meta_to_json (&meta);
  geti::PredictResult result;
  GError *error = nullptr;
  const bool parsed =
      geti::parse_predict_response (json, strlen (json), result, &error);
  GETI_FUZZ_CHECK (
      parsed, "%s cannot be read back: %s", json, error ? error->message : "?");

  GETI_FUZZ_CHECK (
      result.created == (created ? made_valid (*created) : ""), "created");
  GETI_FUZZ_CHECK (result.predictions.size () == expected.size (),
      "%zu predictions read back, %zu written", result.predictions.size (),
      expected.size ());
  for (gsize i = 0; i < expected.size (); i++)
    compare (expected[i], result.predictions[i], static_cast<guint> (i));
  compare_tracking (json, meta, expected, maps);

  g_free (json);
  gst_geti_predictions_unref (predictions);
}
