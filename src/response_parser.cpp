/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "response_parser.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <new>
#include <string_view>

#include <turbojpeg.h>

#include "error.h"
#include "json_reader.h"

namespace geti {

namespace {

using json::Need;
using json::Path;

/* The answer is read straight from its text, in passes over the parts it
 * needs, rather than through a json-glib document: a document costs some
 * twenty times the text it holds (430 MB for a 16 MB answer of boxes), and
 * most of that would be thrown away at the caps anyway. The first pass over
 * the top-level object checks the whole text is standard JSON (what
 * json::parse accepts); the later ones only read what is known good. */

enum class Kind {
  object,
  array,
  string,
  number,
  boolean,
  null,
  invalid,
};

const char *
describe (Kind kind) noexcept
{
  switch (kind) {
    case Kind::object:
      return "an object";
    case Kind::array:
      return "an array";
    case Kind::string:
      return "a string";
    case Kind::number:
      return "a number";
    case Kind::boolean:
      return "a boolean";
    case Kind::null:
      return "null";
    case Kind::invalid:
      break;
  }
  return "an unknown value";
}

/* Where a member's value is not */
constexpr gsize absent = G_MAXSIZE;

class Text
{
public:
  Text (const char *data, gsize size) noexcept : data_ (data), size_ (size) {}

  char at (gsize pos) const noexcept
  {
    return data_[pos];
  }

  gsize size () const noexcept
  {
    return size_;
  }

  void skip_space (gsize &pos) const noexcept
  {
    while (pos < size_ && (data_[pos] == ' ' || data_[pos] == '\t' ||
                              data_[pos] == '\n' || data_[pos] == '\r'))
      pos++;
  }

  /* The kind of the value at @pos (no space before it) */
  Kind kind_at (gsize pos) const noexcept
  {
    if (pos >= size_)
      return Kind::invalid;
    const char c = data_[pos];
    switch (c) {
      case '{':
        return Kind::object;
      case '[':
        return Kind::array;
      case '"':
        return Kind::string;
      case 't':
      case 'f':
        return Kind::boolean;
      case 'n':
        return Kind::null;
      default:
        return c == '-' || g_ascii_isdigit (c) ? Kind::number : Kind::invalid;
    }
  }

  bool syntax_error (gsize pos, GError **error) const noexcept
  {
    if (pos >= size_) {
      g_set_error_literal (error, GETI_ERROR, ERROR_PARSE,
          "invalid JSON: unexpected end of the document");
      return false;
    }
    const guchar c = static_cast<guchar> (data_[pos]);
    if (g_ascii_isgraph (c)) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "invalid JSON: unexpected character '%c' at byte %" G_GSIZE_FORMAT, c,
          pos);
    } else {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "invalid JSON: unexpected byte 0x%02x at byte %" G_GSIZE_FORMAT, c,
          pos);
    }
    return false;
  }

  /* Reads the string at @pos, moving past it. Its text goes to @out when
   * given, but no more than max_string_size + 1 bytes of it: enough for the
   * caller to see it is too long (or @limit + 1). A NUL (\u0000) is refused:
   * every C caller down the line would cut the string there. */
  bool scan_string (gsize &pos, std::string *out, GError **error,
      gsize limit = max_string_size) const
  {
    const gsize start = pos;
    if (out != nullptr)
      out->clear ();
    pos++;
    for (;;) {
      if (pos >= size_)
        return syntax_error (pos, error);
      const char c = data_[pos];
      if (c == '"') {
        pos++;
        return true;
      }
      if (static_cast<guchar> (c) < 0x20)
        return syntax_error (pos, error);
      if (c != '\\') {
        if (out != nullptr && out->size () <= limit)
          out->push_back (c);
        pos++;
        continue;
      }
      pos++;
      if (pos >= size_)
        return syntax_error (pos, error);
      char decoded = 0;
      switch (data_[pos]) {
        case '"':
        case '\\':
        case '/':
          decoded = data_[pos];
          break;
        case 'b':
          decoded = '\b';
          break;
        case 'f':
          decoded = '\f';
          break;
        case 'n':
          decoded = '\n';
          break;
        case 'r':
          decoded = '\r';
          break;
        case 't':
          decoded = '\t';
          break;
        case 'u': {
          gunichar code;
          if (!scan_unicode_escape (pos, code, error))
            return false;
          if (code == 0) {
            g_set_error (error, GETI_ERROR, ERROR_PARSE,
                "invalid JSON: the string at byte %" G_GSIZE_FORMAT
                " holds a NUL character (\\u0000)",
                start);
            return false;
          }
          if (out != nullptr && out->size () <= limit) {
            char utf8[6];
            out->append (utf8, g_unichar_to_utf8 (code, utf8));
          }
          continue;
        }
        default:
          return syntax_error (pos, error);
      }
      if (out != nullptr && out->size () <= limit)
        out->push_back (decoded);
      pos++;
    }
  }

  /* Reads the number at @pos, moving past it: standard JSON only, and an
   * integer must fit 64 bits (as json::parse requires). */
  bool scan_number (gsize &pos, double *out, GError **error) const
  {
    const gsize start = pos;
    bool integral = true;
    if (pos < size_ && data_[pos] == '-')
      pos++;
    if (pos < size_ && data_[pos] == '0')
      pos++;
    else if (!scan_digits (pos))
      return syntax_error (pos, error);
    if (pos < size_ && data_[pos] == '.') {
      integral = false;
      pos++;
      if (!scan_digits (pos))
        return syntax_error (pos, error);
    }
    if (pos < size_ && (data_[pos] == 'e' || data_[pos] == 'E')) {
      integral = false;
      pos++;
      if (pos < size_ && (data_[pos] == '+' || data_[pos] == '-'))
        pos++;
      if (!scan_digits (pos))
        return syntax_error (pos, error);
    }
    const std::string_view token (data_ + start, pos - start);
    if (integral && !json::integer_fits (token)) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "invalid JSON: integer too large at byte %" G_GSIZE_FORMAT, start);
      return false;
    }
    if (out != nullptr) {
      /* the text is not NUL-terminated */
      const std::string copy (token);
      *out = g_ascii_strtod (copy.c_str (), nullptr);
    }
    return true;
  }

  bool scan_word (
      gsize &pos, std::string_view word, GError **error) const noexcept
  {
    if (size_ - pos < word.size () ||
        std::memcmp (data_ + pos, word.data (), word.size ()) != 0)
      return syntax_error (pos, error);
    pos += word.size ();
    return true;
  }

  /* Moves past the value at @pos, which sits @depth brackets deep, checking
   * it is standard JSON. */
  bool skip_value (gsize &pos, guint depth, GError **error) const
  {
    switch (kind_at (pos)) {
      case Kind::object:
      case Kind::array:
        return skip_container (pos, depth, error);
      case Kind::string:
        return scan_string (pos, nullptr, error);
      case Kind::number:
        return scan_number (pos, nullptr, error);
      case Kind::boolean:
        return scan_word (pos, data_[pos] == 't' ? "true" : "false", error);
      case Kind::null:
        return scan_word (pos, "null", error);
      case Kind::invalid:
        break;
    }
    return syntax_error (pos, error);
  }

  /* Calls @member (key, value position) for each member of the object at
   * @pos, moving past it; @member must leave the value to this. */
  template <typename Member>
  bool for_each_member (
      gsize &pos, guint depth, GError **error, Member member) const
  {
    if (depth + 1 > json::max_depth)
      return too_deep (pos, error);
    pos++;
    skip_space (pos);
    if (pos < size_ && data_[pos] == '}') {
      pos++;
      return true;
    }
    std::string key;
    for (;;) {
      if (kind_at (pos) != Kind::string)
        return syntax_error (pos, error);
      if (!scan_string (pos, &key, error))
        return false;
      skip_space (pos);
      if (pos >= size_ || data_[pos] != ':')
        return syntax_error (pos, error);
      pos++;
      skip_space (pos);
      member (key, pos);
      if (!skip_value (pos, depth + 1, error))
        return false;
      skip_space (pos);
      if (pos < size_ && data_[pos] == ',') {
        pos++;
        skip_space (pos);
        continue;
      }
      if (pos < size_ && data_[pos] == '}') {
        pos++;
        return true;
      }
      return syntax_error (pos, error);
    }
  }

  /* Calls @element (index, value position) for each element of the array
   * at @pos, moving past it; @element returns false to stop there. */
  template <typename Element>
  bool for_each_element (
      gsize &pos, guint depth, GError **error, Element element) const
  {
    if (depth + 1 > json::max_depth)
      return too_deep (pos, error);
    pos++;
    skip_space (pos);
    if (pos < size_ && data_[pos] == ']') {
      pos++;
      return true;
    }
    for (guint index = 0;; index++) {
      if (!element (index, pos))
        return false;
      if (!skip_value (pos, depth + 1, error))
        return false;
      skip_space (pos);
      if (pos < size_ && data_[pos] == ',') {
        pos++;
        skip_space (pos);
        continue;
      }
      if (pos < size_ && data_[pos] == ']') {
        pos++;
        return true;
      }
      return syntax_error (pos, error);
    }
  }

private:
  bool scan_digits (gsize &pos) const noexcept
  {
    const gsize start = pos;
    while (pos < size_ && g_ascii_isdigit (data_[pos]))
      pos++;
    return pos > start;
  }

  bool scan_hex4 (gsize &pos, gunichar &code, GError **error) const noexcept
  {
    code = 0;
    for (int i = 0; i < 4; i++, pos++) {
      const int digit = pos < size_ ? g_ascii_xdigit_value (data_[pos]) : -1;
      if (digit < 0)
        return syntax_error (pos, error);
      code = (code << 4) | static_cast<gunichar> (digit);
    }
    return true;
  }

  /* @pos at the 'u' of \uXXXX; moves past it, and past the second half of
   * a surrogate pair. */
  bool scan_unicode_escape (gsize &pos, gunichar &code, GError **error) const
  {
    const gsize start = pos - 1;
    pos++;
    if (!scan_hex4 (pos, code, error))
      return false;
    if (code >= 0xdc00 && code <= 0xdfff)
      return bad_surrogate (start, error);
    if (code < 0xd800 || code > 0xdbff)
      return true;
    if (size_ - pos < 2 || data_[pos] != '\\' || data_[pos + 1] != 'u')
      return bad_surrogate (start, error);
    pos += 2;
    gunichar low;
    if (!scan_hex4 (pos, low, error))
      return false;
    if (low < 0xdc00 || low > 0xdfff)
      return bad_surrogate (start, error);
    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
    return true;
  }

  bool bad_surrogate (gsize pos, GError **error) const noexcept
  {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "invalid JSON: unpaired surrogate escape at byte %" G_GSIZE_FORMAT,
        pos);
    return false;
  }

  bool too_deep (gsize pos, GError **error) const noexcept
  {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "invalid JSON: nested more than %u deep at byte %" G_GSIZE_FORMAT,
        json::max_depth, pos);
    return false;
  }

  bool skip_container (gsize &pos, guint depth, GError **error) const
  {
    if (data_[pos] == '{') {
      return for_each_member (
          pos, depth, error, [] (const std::string &, gsize) {});
    }
    return for_each_element (
        pos, depth, error, [] (guint, gsize) { return true; });
  }

  const char *data_;
  gsize size_;
};

/* The values of the members a reader wants of one object: the position of
 * each, or absent. As in json-glib, the last of duplicate members wins, and
 * as in json::find_member, a null one counts as absent. */
template <std::size_t N> class Members
{
public:
  explicit Members (const char *const (&names)[N]) noexcept : names_ (names)
  {
    for (gsize &pos : positions_)
      pos = absent;
  }

  /* Reads the object at @pos (which may be anything: the caller checks its
   * kind); @pos moves past it. */
  bool collect (const Text &text, gsize &pos, guint depth, GError **error)
  {
    return text.for_each_member (
        pos, depth, error, [&] (const std::string &key, gsize value) {
          for (std::size_t i = 0; i < N; i++) {
            if (key == names_[i])
              positions_[i] =
                  text.kind_at (value) == Kind::null ? absent : value;
          }
        });
  }

  /* Where member @name's value is, or absent; @name must be one of the
   * names given */
  gsize operator[] (const char *name) const noexcept
  {
    for (std::size_t i = 0; i < N; i++) {
      if (std::strcmp (names_[i], name) == 0)
        return positions_[i];
    }
    return absent;
  }

private:
  const char *const (&names_)[N];
  gsize positions_[N];
};

/* What the caps have left out so far */
struct Budget {
  std::size_t labels = 0;
  std::size_t points = 0;
  std::size_t dropped_predictions = 0;
  std::size_t dropped_labels = 0;
  std::size_t dropped_polygons = 0;
};

/* Reads known-good text: the whole document passed the first pass, so
 * only the kinds of values can be wrong here, and depths need no counting
 * again. */
class Reader
{
public:
  explicit Reader (const Text &text) noexcept : text_ (text) {}

  bool is (gsize pos, Kind kind) const noexcept
  {
    return pos != absent && text_.kind_at (pos) == kind;
  }

  bool expect (gsize pos, Kind kind, const char *expected, const Path &path,
      GError **error) const noexcept
  {
    if (pos == absent) {
      json::set_error (error, path, "missing");
      return false;
    }
    const Kind found = text_.kind_at (pos);
    if (found == kind)
      return true;
    json::set_error (
        error, path, "expected %s, got %s", expected, describe (found));
    return false;
  }

  bool number (gsize pos, const Path &path, double &out, GError **error) const
  {
    double value = 0;
    if (!expect (pos, Kind::number, "a number", path, error) ||
        !text_.scan_number (pos, &value, error))
      return false;
    /* 1e999 reads as infinity; no coordinate or score can be that */
    if (!std::isfinite (value)) {
      json::set_error (error, path, "expected a finite number");
      return false;
    }
    out = value;
    return true;
  }

  bool string (
      gsize pos, const Path &path, std::string &out, GError **error) const
  {
    if (!expect (pos, Kind::string, "a string", path, error) ||
        !text_.scan_string (pos, &out, error))
      return false;
    if (out.size () > max_string_size) {
      json::set_error (
          error, path, "a string longer than %zu bytes", max_string_size);
      return false;
    }
    return true;
  }

  bool boolean (gsize pos, const Path &path, bool &out, GError **error) const
  {
    if (!expect (pos, Kind::boolean, "a boolean", path, error))
      return false;
    out = text_.at (pos) == 't';
    return true;
  }

  /* The members @names of the object at @pos */
  template <std::size_t N>
  bool object (
      gsize pos, const Path &path, Members<N> &out, GError **error) const
  {
    if (!expect (pos, Kind::object, "an object", path, error))
      return false;
    return out.collect (text_, pos, 0, error);
  }

  /* Calls @element (index, position) for each element of the array at @pos
   */
  template <typename Element>
  bool array (
      gsize pos, const Path &path, GError **error, Element element) const
  {
    if (!expect (pos, Kind::array, "an array", path, error))
      return false;
    return text_.for_each_element (pos, 0, error, element);
  }

  /* The number of elements of the (known) array at @pos */
  std::size_t count (gsize pos) const
  {
    std::size_t n = 0;
    text_.for_each_element (pos, 0, nullptr, [&n] (guint, gsize) {
      n++;
      return true;
    });
    return n;
  }

private:
  const Text &text_;
};

/* Optional and required members, by name, as json::get_* read them */
template <std::size_t N, typename Read, typename T>
bool
get (const Reader &reader, const Members<N> &members, const Path &path,
    const char *name, Need need, T &out, GError **error, Read read)
{
  const Path member_path (path, name);
  const gsize pos = members[name];
  if (pos == absent) {
    if (need == Need::optional)
      return true;
    json::set_error (error, member_path, "missing");
    return false;
  }
  return (reader.*read) (pos, member_path, out, error);
}

template <std::size_t N>
bool
get_number (const Reader &reader, const Members<N> &members, const Path &path,
    const char *name, Need need, double &out, GError **error)
{
  return get (reader, members, path, name, need, out, error, &Reader::number);
}

template <std::size_t N>
bool
get_string (const Reader &reader, const Members<N> &members, const Path &path,
    const char *name, Need need, std::string &out, GError **error)
{
  return get (reader, members, path, name, need, out, error, &Reader::string);
}

template <std::size_t N>
bool
get_string (const Reader &reader, const Members<N> &members, const Path &path,
    const char *name, std::optional<std::string> &out, GError **error)
{
  if (members[name] == absent)
    return true;
  std::string value;
  if (!get_string (reader, members, path, name, Need::required, value, error))
    return false;
  out = std::move (value);
  return true;
}

constexpr const char *label_members[] = { "id", "name", "probability",
  "color" };

bool
parse_label (const Reader &reader, gsize pos, const Path &path, Label &label,
    GError **error)
{
  Members<G_N_ELEMENTS (label_members)> members (label_members);
  if (!reader.object (pos, path, members, error) ||
      !get_string (
          reader, members, path, "id", Need::required, label.id, error) ||
      !get_string (reader, members, path, "name", label.name, error) ||
      !get_number (reader, members, path, "probability", Need::required,
          label.probability, error))
    return false;

  /* Only the legacy annotation scene carries colours, but reading one
   * wherever it appears costs nothing. */
  std::optional<std::string> color;
  if (!get_string (reader, members, path, "color", color, error))
    return false;
  if (color) {
    label.color = parse_color (*color);
    if (!label.color) {
      const Path color_path (path, "color");
      json::set_error (error, color_path,
          "expected a colour \"#RRGGBB\" or \"#RRGGBBAA\", got \"%s\"",
          color->c_str ());
      return false;
    }
  }
  return true;
}

/* The labels past the caps are left out */
bool
parse_labels (const Reader &reader, gsize pos, const Path &path,
    const Budget &budget, std::vector<Label> &labels, std::size_t &dropped,
    GError **error)
{
  const Path labels_path (path, "labels");
  return reader.array (pos, labels_path, error, [&] (guint i, gsize element) {
    if (labels.size () >= max_labels_per_prediction ||
        budget.labels + labels.size () >= max_labels) {
      dropped++;
      return true;
    }
    const Path label_path (labels_path, i);
    Label label;
    if (!parse_label (reader, element, label_path, label, error))
      return false;
    labels.push_back (std::move (label));
    return true;
  });
}

constexpr const char *point_members[] = { "x", "y" };

bool
parse_points (const Reader &reader, gsize pos, const Path &path,
    std::vector<Point> &points, GError **error)
{
  const Path points_path (path, "points");
  return reader.array (pos, points_path, error, [&] (guint i, gsize element) {
    const Path point_path (points_path, i);
    Members<G_N_ELEMENTS (point_members)> members (point_members);
    Point point;
    if (!reader.object (element, point_path, members, error) ||
        !get_number (
            reader, members, point_path, "x", Need::required, point.x, error) ||
        !get_number (
            reader, members, point_path, "y", Need::required, point.y, error))
      return false;
    points.push_back (point);
    return true;
  });
}

constexpr const char *shape_members[] = { "type", "x", "y", "width", "height",
  "angle", "points", "is_visible" };
using ShapeMembers = Members<G_N_ELEMENTS (shape_members)>;

/* x, y, width, height: rectangles, rotated rectangles and ellipses */
bool
parse_box (const Reader &reader, const ShapeMembers &members, const Path &path,
    Shape &shape, GError **error)
{
  return get_number (
             reader, members, path, "x", Need::required, shape.x, error) &&
         get_number (
             reader, members, path, "y", Need::required, shape.y, error) &&
         get_number (reader, members, path, "width", Need::required,
             shape.width, error) &&
         get_number (reader, members, path, "height", Need::required,
             shape.height, error);
}

/* @keep turns false for a polygon past the point caps, which is left out
 * whole: its first points alone would outline something else. */
bool
parse_shape (const Reader &reader, gsize pos, const Path &path,
    const Budget &budget, Shape &shape, bool &keep, GError **error)
{
  ShapeMembers members (shape_members);
  if (!reader.object (pos, path, members, error))
    return false;

  std::string type_name;
  if (!get_string (
          reader, members, path, "type", Need::required, type_name, error))
    return false;
  const std::optional<ShapeType> type = shape_type_from_string (type_name);
  if (!type) {
    const Path type_path (path, "type");
    json::set_error (
        error, type_path, "unknown shape type \"%s\"", type_name.c_str ());
    return false;
  }
  shape.type = *type;

  switch (shape.type) {
    case ShapeType::rectangle:
    case ShapeType::ellipse:
      return parse_box (reader, members, path, shape, error);
    case ShapeType::rotated_rectangle:
      return parse_box (reader, members, path, shape, error) &&
             get_number (reader, members, path, "angle", Need::required,
                 shape.angle, error);
    case ShapeType::polygon: {
      const gsize points = members["points"];
      if (points == absent) {
        const Path points_path (path, "points");
        json::set_error (error, points_path, "missing");
        return false;
      }
      if (reader.is (points, Kind::array)) {
        const std::size_t n = reader.count (points);
        if (n > max_points_per_polygon || budget.points + n > max_points) {
          keep = false;
          return true;
        }
        shape.points.reserve (n);
      }
      return parse_points (reader, points, path, shape.points, error);
    }
    case ShapeType::keypoint: {
      if (!get_number (
              reader, members, path, "x", Need::required, shape.x, error) ||
          !get_number (
              reader, members, path, "y", Need::required, shape.y, error))
        return false;
      const gsize visible = members["is_visible"];
      if (visible == absent)
        return true;
      const Path visible_path (path, "is_visible");
      return reader.boolean (visible, visible_path, shape.visible, error);
    }
    case ShapeType::none:
      break;
  }
  /* shape_type_from_string never gives none; say so rather than assert */
  json::set_error (error, path, "shape without a type");
  return false;
}

constexpr const char *keypoint_members[] = { "id", "name", "score", "x", "y" };

/* The OVMS 2025.1 keypoint form: one prediction object holding the whole pose
 * as {"keypoints": [{"name", "id", "score", "x", "y"}, ...]}. Each point
 * becomes a KEYPOINT prediction of its own, the form later servers send. */
bool
parse_pose (const Reader &reader, gsize pos, const Path &path,
    std::vector<Prediction> &predictions, Budget &budget, GError **error)
{
  return reader.array (pos, path, error, [&] (guint i, gsize element) {
    if (predictions.size () >= max_predictions || budget.labels >= max_labels) {
      budget.dropped_predictions++;
      return true;
    }
    const Path point_path (path, i);
    Members<G_N_ELEMENTS (keypoint_members)> members (keypoint_members);
    Prediction prediction;
    Label label;
    if (!reader.object (element, point_path, members, error) ||
        !get_string (reader, members, point_path, "id", Need::required,
            label.id, error) ||
        !get_string (reader, members, point_path, "name", label.name, error) ||
        !get_number (reader, members, point_path, "score", Need::required,
            label.probability, error))
      return false;
    prediction.labels.push_back (std::move (label));

    prediction.shape.type = ShapeType::keypoint;
    if (!get_number (reader, members, point_path, "x", Need::required,
            prediction.shape.x, error) ||
        !get_number (reader, members, point_path, "y", Need::required,
            prediction.shape.y, error))
      return false;
    predictions.push_back (std::move (prediction));
    budget.labels++;
    return true;
  });
}

constexpr const char *prediction_members[] = { "labels", "shape", "keypoints" };

bool
parse_prediction (const Reader &reader, gsize pos, const Path &path,
    std::vector<Prediction> &predictions, Budget &budget, GError **error)
{
  Members<G_N_ELEMENTS (prediction_members)> members (prediction_members);
  if (!reader.object (pos, path, members, error))
    return false;

  const gsize keypoints = members["keypoints"];
  if (keypoints != absent && members["labels"] == absent &&
      members["shape"] == absent) {
    const Path keypoints_path (path, "keypoints");
    return parse_pose (
        reader, keypoints, keypoints_path, predictions, budget, error);
  }

  if (predictions.size () >= max_predictions) {
    budget.dropped_predictions++;
    return true;
  }
  Prediction prediction;
  std::size_t dropped_labels = 0;
  const gsize labels = members["labels"];
  if (labels == absent) {
    const Path labels_path (path, "labels");
    json::set_error (error, labels_path, "missing");
    return false;
  }
  if (!parse_labels (reader, labels, path, budget, prediction.labels,
          dropped_labels, error))
    return false;
  /* label_only=true answers have no shape at all */
  bool keep = true;
  if (const gsize shape = members["shape"]; shape != absent) {
    const Path shape_path (path, "shape");
    if (!parse_shape (
            reader, shape, shape_path, budget, prediction.shape, keep, error))
      return false;
  }
  if (!keep) {
    budget.dropped_polygons++;
    return true;
  }
  budget.dropped_labels += dropped_labels;
  budget.labels += prediction.labels.size ();
  budget.points += prediction.shape.points.size ();
  predictions.push_back (std::move (prediction));
  return true;
}

/* Makes the "no predictions" error useful when the body is a Geti error
 * document ({"message", "error_code", "http_status"}) sent with a 200. */
template <std::size_t N>
void
set_missing_predictions_error (
    const Reader &reader, const Members<N> &root, GError **error)
{
  std::optional<std::string> message;
  const Path top;
  GError *ignored = nullptr;
  if (!get_string (reader, root, top, "message", message, &ignored))
    g_clear_error (&ignored);

  if (message) {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "top level: no \"predictions\" or \"annotations\" member; the "
        "server said: %s",
        message->c_str ());
  } else {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE,
        "top level: no \"predictions\" or \"annotations\" member");
  }
}

/* "left out 122000 predictions past the cap of 10000 per answer", ... */
std::string
describe_caps (const Budget &budget)
{
  std::string text;
  auto add = [&text] (std::size_t n, const char *what) {
    if (n == 0)
      return;
    g_autofree gchar *part = g_strdup_printf (
        "%s%zu %s", text.empty () ? "left out " : "; ", n, what);
    text += part;
  };
  g_autofree gchar *predictions = g_strdup_printf (
      "predictions past the cap of %zu per answer", max_predictions);
  g_autofree gchar *labels = g_strdup_printf (
      "labels past the caps of %zu per prediction and %zu per answer",
      max_labels_per_prediction, max_labels);
  g_autofree gchar *polygons = g_strdup_printf (
      "polygons past the caps of %zu points per polygon and %zu per answer",
      max_points_per_polygon, max_points);
  add (budget.dropped_predictions, predictions);
  add (budget.dropped_labels, labels);
  add (budget.dropped_polygons, polygons);
  return text;
}

/* The first pass over a whole answer: UTF-8, standard JSON, one value and
 * nothing after it. @root collects the members of the top-level value when
 * it is an object; @root_pos is where that value is. */
template <std::size_t N>
bool
read_document (
    const Text &text, Members<N> &root, gsize &root_pos, GError **error)
{
  const gsize size = text.size ();
  if (size == 0) {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE, "empty document");
    return false;
  }
  gsize pos = 0;
  text.skip_space (pos);
  if (pos == size) {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE, "empty document");
    return false;
  }
  root_pos = pos;
  if (text.kind_at (pos) == Kind::object) {
    if (!root.collect (text, pos, 0, error))
      return false;
  } else if (!text.skip_value (pos, 0, error)) {
    return false;
  }
  text.skip_space (pos);
  if (pos != size)
    return text.syntax_error (pos, error);
  return true;
}

/* JSON is UTF-8; a NUL byte is no JSON either (g_utf8_validate_len
 * refuses both) */
bool
check_utf8 (const char *data, gsize size, GError **error)
{
  if (data == nullptr || size == 0) {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE, "empty document");
    return false;
  }
  const char *bad = nullptr;
  if (!g_utf8_validate_len (data, size, &bad)) {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "invalid JSON: not UTF-8 at byte %" G_GSIZE_FORMAT,
        static_cast<gsize> (bad - data));
    return false;
  }
  return true;
}

constexpr const char *root_members[] = { "predictions", "annotations",
  "created", "modified", "message" };

bool
parse_document (
    const char *data, gsize size, PredictResult &result, GError **error)
{
  if (!check_utf8 (data, size, error))
    return false;

  /* The first pass: the whole text is checked here */
  const Text text (data, size);
  const Reader reader (text);
  Members<G_N_ELEMENTS (root_members)> root (root_members);
  gsize root_pos = absent;
  if (!read_document (text, root, root_pos, error))
    return false;

  const Path top;
  if (!reader.expect (root_pos, Kind::object, "an object", top, error))
    return false;

  /* Geti < 1.13 (and the director's internal API) say "annotations" */
  const char *key = "predictions";
  gsize list = root[key];
  if (list == absent) {
    key = "annotations";
    list = root[key];
  }
  if (list == absent) {
    set_missing_predictions_error (reader, root, error);
    return false;
  }

  const Path list_path (top, key);
  Budget budget;
  if (!reader.array (list, list_path, error, [&] (guint i, gsize element) {
        const Path prediction_path (list_path, i);
        return parse_prediction (reader, element, prediction_path,
            result.predictions, budget, error);
      }))
    return false;
  result.capped = describe_caps (budget);

  /* The legacy scene has no "created"; the director itself maps its
   * "modified" onto "created" (src/PROTOCOL.md §3.4). */
  if (root["created"] != absent)
    return get_string (
        reader, root, top, "created", Need::required, result.created, error);
  return get_string (
      reader, root, top, "modified", Need::optional, result.created, error);
}

/* :explain (src/PROTOCOL.md §3.5) */

/* A map's base64 text (RFC 4648's standard alphabet, padded; line breaks,
 * as MIME writers put them, are skipped) to bytes. GLib's decoder skips
 * whatever is not base64 without a word, so the text is checked first. */
bool
decode_base64 (
    const std::string &text, std::vector<guint8> &out, std::string &why)
{
  gsize count = 0;
  gsize padding = 0;
  for (gsize i = 0; i < text.size (); i++) {
    const char c = text[i];
    if (c == '\r' || c == '\n')
      continue;
    count++;
    if (c == '=') {
      padding++;
      continue;
    }
    if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/')) {
      g_autofree gchar *shown =
          g_ascii_isgraph (c) ? g_strdup_printf ("'%c'", c)
                              : g_strdup_printf ("byte 0x%02x", (guchar) c);
      why = std::string ("bad base64: ") + shown + " at " + std::to_string (i);
      return false;
    }
  }
  if (count == 0) {
    why = "bad base64: empty";
    return false;
  }
  if (count % 4 != 0 || padding > 2) {
    why = "bad base64: " + std::to_string (count) +
          " characters, not a padded multiple of 4";
    return false;
  }
  out.resize (text.size () / 4 * 3 + 3);
  gint state = 0;
  guint save = 0;
  out.resize (g_base64_decode_step (
      text.data (), text.size (), out.data (), &state, &save));
  return true;
}

class Decompressor
{
public:
  Decompressor () noexcept : handle_ (tjInitDecompress ()) {}
  ~Decompressor ()
  {
    if (handle_ != nullptr)
      tjDestroy (handle_);
  }
  Decompressor (const Decompressor &) = delete;
  Decompressor &operator= (const Decompressor &) = delete;

  /* A JPEG to 8-bit intensity. Its header is read first: a size past the
   * caps (or past what @budget pixels leave) is refused before anything is
   * allocated for it. */
  bool decode (const std::vector<guint8> &jpeg, std::size_t budget,
      ExplainMap &map, std::string &why)
  {
    const bool ok = decode_ (jpeg, budget, map, why);
    if (!ok && handle_ != nullptr) {
      /* libturbojpeg 2.1 leaves the handle in the state the error left it
       * (the next header read then gives 0x0): start afresh */
      tjDestroy (handle_);
      handle_ = tjInitDecompress ();
    }
    return ok;
  }

private:
  bool decode_ (const std::vector<guint8> &jpeg, std::size_t budget,
      ExplainMap &map, std::string &why)
  {
    if (handle_ == nullptr) {
      why = "the JPEG decoder could not be created";
      return false;
    }
    /* libturbojpeg 2.x takes a non-const buffer it does not write to */
    unsigned char *data = const_cast<unsigned char *> (jpeg.data ());
    const unsigned long size = jpeg.size ();
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3 (handle_, data, size, &width, &height, &subsampling,
            &colorspace) != 0) {
      why = std::string ("not a JPEG: ") + tjGetErrorStr2 (handle_);
      return false;
    }
    if (width <= 0 || height <= 0 || guint (width) > max_map_side ||
        guint (height) > max_map_side ||
        std::size_t (width) * std::size_t (height) > max_map_pixels) {
      why = "a JPEG of " + std::to_string (width) + "x" +
            std::to_string (height) + ", over the cap of " +
            std::to_string (max_map_side) + "x" + std::to_string (max_map_side);
      return false;
    }
    /* Outside entropy-coded data a marker is 0xFF and its code; inside it
     * a 0xFF is followed by 0x00 or a restart code: every FF DA is a scan */
    std::size_t scans = 0;
    for (std::size_t i = 0; i + 1 < jpeg.size (); i++) {
      if (jpeg[i] == 0xff && jpeg[i + 1] == 0xda)
        scans++;
    }
    if (scans > max_map_scans) {
      why = "a JPEG of " + std::to_string (scans) + " scans, over the cap of " +
            std::to_string (max_map_scans);
      return false;
    }
    const std::size_t pixels = std::size_t (width) * std::size_t (height);
    if (pixels > budget) {
      why = "a JPEG of " + std::to_string (width) + "x" +
            std::to_string (height) + ", past the cap of " +
            std::to_string (max_map_pixels_total) + " pixels per answer";
      return false;
    }

    std::vector<guint8> gray (pixels);
    /* libjpeg turns grey, YCbCr and RGB into grey itself; CMYK and YCCK
     * it can only give as CMYK */
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) {
      std::vector<guint8> cmyk (pixels * 4);
      if (tjDecompress2 (handle_, data, size, cmyk.data (), width, 0, height,
              TJPF_CMYK, TJFLAG_STOPONWARNING) != 0) {
        why = std::string ("a JPEG that does not decode: ") +
              tjGetErrorStr2 (handle_);
        return false;
      }
      /* as libjpeg-turbo's cmyk_to_rgb (): inverted (Adobe) CMYK, then
       * BT.601 luma */
      for (std::size_t i = 0; i < pixels; i++) {
        const guint8 *p = &cmyk[i * 4];
        const guint k = p[3];
        const guint r = (p[0] * k + 127) / 255;
        const guint g = (p[1] * k + 127) / 255;
        const guint b = (p[2] * k + 127) / 255;
        gray[i] = guint8 ((77 * r + 150 * g + 29 * b + 128) >> 8);
      }
    } else if (tjDecompress2 (handle_, data, size, gray.data (), width, 0,
                   height, TJPF_GRAY, TJFLAG_STOPONWARNING) != 0) {
      why = std::string ("a JPEG that does not decode: ") +
            tjGetErrorStr2 (handle_);
      return false;
    }
    map.width = guint (width);
    map.height = guint (height);
    map.pixels = std::move (gray);
    return true;
  }

  tjhandle handle_;
};

constexpr const char *map_members[] = { "data", "label_id", "label_name" };
constexpr const char *explain_root_members[] = { "maps", "created", "message" };

bool
parse_explain_document (
    std::string_view body, ExplainResult &result, GError **error)
{
  if (!check_utf8 (body.data (), body.size (), error))
    return false;

  const Text text (body.data (), body.size ());
  const Reader reader (text);
  Members<G_N_ELEMENTS (explain_root_members)> root (explain_root_members);
  gsize root_pos = absent;
  if (!read_document (text, root, root_pos, error))
    return false;

  const Path top;
  if (!reader.expect (root_pos, Kind::object, "an object", top, error))
    return false;
  const gsize list = root["maps"];
  if (list == absent) {
    std::optional<std::string> message;
    GError *ignored = nullptr;
    if (!get_string (reader, root, top, "message", message, &ignored))
      g_clear_error (&ignored);
    if (message) {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "top level: no \"maps\" member; the server said: %s",
          message->c_str ());
    } else {
      g_set_error_literal (
          error, GETI_ERROR, ERROR_PARSE, "top level: no \"maps\" member");
    }
    return false;
  }

  Decompressor decompressor;
  std::size_t budget = max_map_pixels_total;
  std::size_t past_cap = 0;
  const Path list_path (top, "maps");
  if (!reader.array (list, list_path, error, [&] (guint i, gsize element) {
        if (i >= max_maps) {
          past_cap++;
          return true;
        }
        const Path map_path (list_path, i);
        Members<G_N_ELEMENTS (map_members)> members (map_members);
        ExplainMap map;
        if (!reader.object (element, map_path, members, error) ||
            !get_string (reader, members, map_path, "label_id", Need::required,
                map.label_id, error) ||
            !get_string (
                reader, members, map_path, "label_name", map.label_name, error))
          return false;
        const Path data_path (map_path, "data");
        const gsize data = members["data"];
        if (!reader.expect (data, Kind::string, "a string", data_path, error))
          return false;

        std::string why;
        {
          std::string base64;
          gsize pos = data;
          if (!text.scan_string (pos, &base64, error, max_map_data_size))
            return false;
          std::vector<guint8> jpeg;
          if (base64.size () > max_map_data_size) {
            why = "base64 text over the cap of " +
                  std::to_string (max_map_data_size) + " bytes";
          } else if (decode_base64 (base64, jpeg, why)) {
            base64 = std::string ();
            if (decompressor.decode (jpeg, budget, map, why)) {
              budget -= map.pixels.size ();
              result.maps.push_back (std::move (map));
              return true;
            }
          }
        }
        g_autofree gchar *where = map_path.format ();
        std::string reason = std::string (where) + " (label " + map.label_id;
        if (map.label_name)
          reason += " \"" + *map.label_name + "\"";
        reason += "): " + why;
        result.dropped.push_back (std::move (reason));
        return true;
      }))
    return false;
  if (past_cap > 0) {
    result.dropped.push_back ("left out " + std::to_string (past_cap) +
                              " maps past the cap of " +
                              std::to_string (max_maps) + " per answer");
  }
  return get_string (
      reader, root, top, "created", Need::optional, result.created, error);
}

} // namespace

bool
parse_predict_response (const char *data, gsize size, PredictResult &result,
    GError **error) noexcept
{
  result = PredictResult ();

  return guarded (error, ERROR_PARSE, "parsing the answer", [&] {
    PredictResult parsed;
    if (!parse_document (data, size, parsed, error))
      return false;
    result = std::move (parsed);
    return true;
  });
}

bool
parse_explain_response (
    std::string_view body, ExplainResult &result, GError **error) noexcept
{
  result = ExplainResult ();

  return guarded (error, ERROR_PARSE, "parsing the answer", [&] {
    ExplainResult parsed;
    if (!parse_explain_document (body, parsed, error))
      return false;
    result = std::move (parsed);
    return true;
  });
}

} // namespace geti
