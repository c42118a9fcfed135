/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "json_reader.h"

#include <cmath>
#include <cstring>
#include <string_view>

#include "error.h"

namespace geti::json {

namespace {

void
set_lexical_error (GError **error, const char *data, gsize offset) noexcept
{
  const guchar c = static_cast<guchar> (data[offset]);
  if (g_ascii_isgraph (c)) {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "invalid JSON: unexpected character '%c' at byte %" G_GSIZE_FORMAT, c,
        offset);
  } else {
    g_set_error (error, GETI_ERROR, ERROR_PARSE,
        "invalid JSON: unexpected byte 0x%02x at byte %" G_GSIZE_FORMAT, c,
        offset);
  }
}

bool
starts_with (
    const char *data, gsize size, gsize offset, std::string_view word) noexcept
{
  return size - offset >= word.size () &&
         std::memcmp (data + offset, word.data (), word.size ()) == 0;
}

/* A strict lexical pass over the text before json-glib sees it. json-glib
 * (1.6) parses recursively with no depth limit, wraps integers that overflow
 * 64 bits, and accepts comments and single-quoted strings. Refusing anything
 * outside standard JSON tokens also makes the depth count here exact: with no
 * comments or other string forms, a bracket is structural exactly when it is
 * outside a double-quoted string. Other syntax errors (unbalanced brackets,
 * missing commas, unterminated strings) are left to json-glib, which words
 * them better. */
bool
check_tokens (const char *data, gsize size, GError **error) noexcept
{
  guint depth = 0;
  gsize i = 0;
  /* A document is one value: json-glib (1.6) reads "6{...}" as 6 and
   * leaks the object after it */
  bool complete = false;
  while (i < size) {
    const char c = data[i];
    if (complete && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      g_set_error (error, GETI_ERROR, ERROR_PARSE,
          "invalid JSON: more after the document's value, at byte "
          "%" G_GSIZE_FORMAT,
          i);
      return false;
    }
    const bool value_starts = depth == 0 && c != ' ' && c != '\t' &&
                              c != '\n' && c != '\r' && c != '[' && c != '{';
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case ',':
      case ':':
        i++;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) {
          g_set_error (error, GETI_ERROR, ERROR_PARSE,
              "invalid JSON: nested more than %u deep at byte %" G_GSIZE_FORMAT,
              max_depth, i);
          return false;
        }
        i++;
        break;
      case ']':
      case '}':
        if (depth > 0)
          depth--;
        i++;
        break;
      case '"': {
        const gsize start = i;
        for (i++; i < size && data[i] != '"'; i++) {
          if (data[i] != '\\')
            continue;
          i++;
          /* json-glib keeps strings NUL-terminated, without their length:
           * "a\u0000b" would silently come out as "a" */
          if (starts_with (data, size, i, "u0000")) {
            g_set_error (error, GETI_ERROR, ERROR_PARSE,
                "invalid JSON: the string at byte %" G_GSIZE_FORMAT
                " holds a NUL character (\\u0000)",
                start);
            return false;
          }
        }
        i++;
        break;
      }
      case 't':
      case 'f':
      case 'n':
        if (starts_with (data, size, i, "true"))
          i += 4;
        else if (starts_with (data, size, i, "false"))
          i += 5;
        else if (starts_with (data, size, i, "null"))
          i += 4;
        else {
          set_lexical_error (error, data, i);
          return false;
        }
        break;
      default:
        if (c == '-' || g_ascii_isdigit (c)) {
          const gsize start = i;
          bool integral = true;
          for (; i < size; i++) {
            const char d = data[i];
            if (d == '.' || d == 'e' || d == 'E')
              integral = false;
            else if (!g_ascii_isdigit (d) && d != '-' && d != '+')
              break;
          }
          if (integral &&
              !integer_fits (std::string_view (data + start, i - start))) {
            g_set_error (error, GETI_ERROR, ERROR_PARSE,
                "invalid JSON: integer too large at byte %" G_GSIZE_FORMAT,
                start);
            return false;
          }
          break;
        }
        set_lexical_error (error, data, i);
        return false;
    }
    /* a scalar at the top, or the bracket that closes the top value */
    if (depth == 0 && (value_starts || c == ']' || c == '}'))
      complete = true;
  }
  return true;
}

const char *
describe (JsonNode *node) noexcept
{
  switch (JSON_NODE_TYPE (node)) {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      break;
  }
  const GType type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return "a string";
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return "a number";
  if (type == G_TYPE_BOOLEAN)
    return "a boolean";
  return "an unknown value";
}

bool
wrong_type (JsonNode *node, const Path &path, const char *expected,
    GError **error) noexcept
{
  if (node == nullptr)
    set_error (error, path, "missing");
  else
    set_error (error, path, "expected %s, got %s", expected, describe (node));
  return false;
}

bool
holds_value_of (JsonNode *node, GType type) noexcept
{
  return node != nullptr && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == type;
}

/* Shared by the get_* readers: looks the member up, applies @need, and hands
 * a present member to @read. */
template <typename T, typename Read>
bool
get_member (JsonObject *object, const Path &path, const char *name, Need need,
    T &out, GError **error, Read read)
{
  const Path member_path (path, name);
  JsonNode *node = find_member (object, name);
  if (node == nullptr) {
    if (need == Need::optional)
      return true;
    set_error (error, member_path, "missing");
    return false;
  }
  return read (node, member_path, out, error);
}

} // namespace

bool
integer_fits (std::string_view token) noexcept
{
  const bool negative = !token.empty () && token[0] == '-';
  if (negative)
    token.remove_prefix (1);
  while (token.size () > 1 && token[0] == '0')
    token.remove_prefix (1);
  /* G_MAXINT64 and -G_MININT64, both 19 digits */
  const std::string_view limit =
      negative ? "9223372036854775808" : "9223372036854775807";
  return token.size () < limit.size () ||
         (token.size () == limit.size () && token <= limit);
}

gchar *
Path::format () const noexcept
{
  GString *out = g_string_new (nullptr);
  append_to (out);
  if (out->len == 0)
    g_string_append (out, "top level");
  return g_string_free (out, FALSE);
}

void
Path::append_to (GString *out) const noexcept
{
  if (parent_ == nullptr)
    return;
  parent_->append_to (out);
  if (member_ != nullptr) {
    if (out->len > 0)
      g_string_append_c (out, '.');
    g_string_append (out, member_);
  } else {
    g_string_append_printf (out, "[%u]", index_);
  }
}

void
set_error (GError **error, const Path &path, const char *format, ...) noexcept
{
  if (error == nullptr)
    return;
  va_list args;
  va_start (args, format);
  g_autofree gchar *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree gchar *where = path.format ();
  g_set_error (error, GETI_ERROR, ERROR_PARSE, "%s: %s", where, message);
}

JsonNode *
parse (const char *data, gsize size, GError **error) noexcept
{
  if (data == nullptr || size == 0) {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE, "empty document");
    return nullptr;
  }
  /* json-glib's scanner takes the length as a guint */
  if (size > G_MAXUINT) {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE, "document too large");
    return nullptr;
  }
  if (!check_tokens (data, size, error))
    return nullptr;

  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) json_error = nullptr;
  if (!json_parser_load_from_data (
          parser, data, static_cast<gssize> (size), &json_error)) {
    g_set_error (error, GETI_ERROR, ERROR_PARSE, "invalid JSON: %s",
        json_error->message);
    return nullptr;
  }
  /* json-glib reports success, with no root, for blank text */
  JsonNode *root = json_parser_steal_root (parser);
  if (root == nullptr) {
    g_set_error_literal (error, GETI_ERROR, ERROR_PARSE, "empty document");
    return nullptr;
  }
  return root;
}

bool
as_object (
    JsonNode *node, const Path &path, JsonObject *&out, GError **error) noexcept
{
  if (node == nullptr || !JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (node, path, "an object", error);
  out = json_node_get_object (node);
  return true;
}

bool
as_array (
    JsonNode *node, const Path &path, JsonArray *&out, GError **error) noexcept
{
  if (node == nullptr || !JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (node, path, "an array", error);
  out = json_node_get_array (node);
  return true;
}

bool
as_number (
    JsonNode *node, const Path &path, double &out, GError **error) noexcept
{
  double value;
  if (holds_value_of (node, G_TYPE_INT64))
    value = static_cast<double> (json_node_get_int (node));
  else if (holds_value_of (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    return wrong_type (node, path, "a number", error);

  /* 1e999 parses as infinity; no coordinate or score can be that */
  if (!std::isfinite (value)) {
    set_error (error, path, "expected a finite number");
    return false;
  }
  out = value;
  return true;
}

bool
as_bool (JsonNode *node, const Path &path, bool &out, GError **error) noexcept
{
  if (!holds_value_of (node, G_TYPE_BOOLEAN))
    return wrong_type (node, path, "a boolean", error);
  out = json_node_get_boolean (node);
  return true;
}

bool
as_string (JsonNode *node, const Path &path, std::string &out, GError **error)
{
  if (!holds_value_of (node, G_TYPE_STRING))
    return wrong_type (node, path, "a string", error);
  out = json_node_get_string (node);
  return true;
}

JsonNode *
find_member (JsonObject *object, const char *name) noexcept
{
  if (object == nullptr || name == nullptr)
    return nullptr;
  JsonNode *node = json_object_get_member (object, name);
  if (node == nullptr || JSON_NODE_HOLDS_NULL (node))
    return nullptr;
  return node;
}

bool
get_object (JsonObject *object, const Path &path, const char *name, Need need,
    JsonObject *&out, GError **error) noexcept
{
  return get_member (object, path, name, need, out, error, as_object);
}

bool
get_array (JsonObject *object, const Path &path, const char *name, Need need,
    JsonArray *&out, GError **error) noexcept
{
  return get_member (object, path, name, need, out, error, as_array);
}

bool
get_number (JsonObject *object, const Path &path, const char *name, Need need,
    double &out, GError **error) noexcept
{
  return get_member (object, path, name, need, out, error, as_number);
}

bool
get_bool (JsonObject *object, const Path &path, const char *name, Need need,
    bool &out, GError **error) noexcept
{
  return get_member (object, path, name, need, out, error, as_bool);
}

bool
get_string (JsonObject *object, const Path &path, const char *name, Need need,
    std::string &out, GError **error)
{
  return get_member (object, path, name, need, out, error, as_string);
}

bool
get_string (JsonObject *object, const Path &path, const char *name,
    std::optional<std::string> &out, GError **error)
{
  std::string value;
  JsonNode *node = find_member (object, name);
  if (node == nullptr)
    return true;
  const Path member_path (path, name);
  if (!as_string (node, member_path, value, error))
    return false;
  out = std::move (value);
  return true;
}

} // namespace geti::json
