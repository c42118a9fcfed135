/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include <optional>
#include <string>
#include <string_view>

/* Internal helpers of the parsers: reading typed members of a json-glib
 * document without ever tripping json-glib's own precondition checks (which
 * are criticals), and with errors that name the JSON path of the offending
 * value, e.g. "predictions[2].shape.x: expected a number, got a string".
 *
 * Every error is GETI_ERROR/ERROR_PARSE. The readers may throw std::bad_alloc
 * while storing strings; the public parsers catch it. */

namespace geti::json {

/* The deepest nesting of arrays and objects a document may have. Geti's
 * answers nest about 7 deep; json-glib itself recurses without limit, so a
 * hostile body could otherwise overflow the stack. */
constexpr guint max_depth = 64;

/* Where a value sits in a document. A chain of stack-allocated steps that is
 * only formatted when an error is reported, so that walking a large polygon
 * costs nothing. A step points to its parent: keep every step in a named
 * variable that lives as long as its children (a temporary would dangle). */
class Path
{
public:
  /* The top level of the document */
  Path () noexcept = default;
  /* A member of the object at @parent; @member must outlive the path */
  Path (const Path &parent, const char *member) noexcept
      : parent_ (&parent), member_ (member)
  {}
  /* An element of the array at @parent */
  Path (const Path &parent, guint index) noexcept
      : parent_ (&parent), index_ (index)
  {}

  /* "predictions[2].shape.x"; "top level" for the document itself */
  gchar *format () const noexcept;

private:
  void append_to (GString *out) const noexcept;

  const Path *parent_ = nullptr;
  const char *member_ = nullptr;
  guint index_ = 0;
};

/* Whether the JSON integer literal @token (an optional '-', then digits)
 * fits a gint64, which json-glib reads it into: it wraps larger ones around
 * without a word. */
bool integer_fits (std::string_view token) noexcept;

/* Sets GETI_ERROR/ERROR_PARSE to "<path>: <message>" */
void set_error (GError **error, const Path &path, const char *format,
    ...) noexcept G_GNUC_PRINTF (3, 4);

/* Parses @size bytes of JSON text (not necessarily NUL-terminated) and
 * returns the root node, never NULL on success. Only standard JSON is taken:
 * json-glib's extensions (comments, single-quoted strings, hex numbers) are
 * refused, as are an empty document, nesting deeper than max_depth and
 * integers too large for 64 bits, which json-glib would silently wrap. */
JsonNode *parse (const char *data, gsize size, GError **error) noexcept;

/* Typed views of a node at @path; an error names what was found instead.
 * Numbers may be written as JSON integers or as doubles, and must be finite.
 */
bool as_object (JsonNode *node, const Path &path, JsonObject *&out,
    GError **error) noexcept;
bool as_array (
    JsonNode *node, const Path &path, JsonArray *&out, GError **error) noexcept;
bool as_number (
    JsonNode *node, const Path &path, double &out, GError **error) noexcept;
bool as_bool (
    JsonNode *node, const Path &path, bool &out, GError **error) noexcept;
bool as_string (
    JsonNode *node, const Path &path, std::string &out, GError **error);

/* Whether a member is needed. A null member counts as absent: JSON writers
 * use null for "none" (a label's parent_id, say). */
enum class Need {
  optional,
  required,
};

/* Member @name of @object, where @object sits at @path. An absent (or null)
 * optional member leaves @out untouched and is not an error; an absent
 * required one is; a member of the wrong type always is. */
bool get_object (JsonObject *object, const Path &path, const char *name,
    Need need, JsonObject *&out, GError **error) noexcept;
bool get_array (JsonObject *object, const Path &path, const char *name,
    Need need, JsonArray *&out, GError **error) noexcept;
bool get_number (JsonObject *object, const Path &path, const char *name,
    Need need, double &out, GError **error) noexcept;
bool get_bool (JsonObject *object, const Path &path, const char *name,
    Need need, bool &out, GError **error) noexcept;
bool get_string (JsonObject *object, const Path &path, const char *name,
    Need need, std::string &out, GError **error);
bool get_string (JsonObject *object, const Path &path, const char *name,
    std::optional<std::string> &out, GError **error);

/* Member @name of @object, or NULL when it is absent or null. Never emits a
 * critical. */
JsonNode *find_member (JsonObject *object, const char *name) noexcept;

} // namespace geti::json
