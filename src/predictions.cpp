/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "predictions.h"

#include <glib.h>

namespace geti {

namespace {

struct ShapeTypeName {
  ShapeType type;
  std::string_view name;
};

constexpr ShapeTypeName shape_type_names[] = {
  { ShapeType::rectangle, "RECTANGLE" },
  { ShapeType::rotated_rectangle, "ROTATED_RECTANGLE" },
  { ShapeType::ellipse, "ELLIPSE" },
  { ShapeType::polygon, "POLYGON" },
  { ShapeType::keypoint, "KEYPOINT" },
};

} // namespace

const char *
shape_type_to_string (ShapeType type) noexcept
{
  for (const auto &entry : shape_type_names) {
    if (entry.type == type)
      return entry.name.data ();
  }
  return nullptr;
}

std::optional<ShapeType>
shape_type_from_string (std::string_view name) noexcept
{
  /* Exact match: Geti always writes the upper-case names, and anything else
   * is better reported than guessed at. */
  for (const auto &entry : shape_type_names) {
    if (entry.name == name)
      return entry.type;
  }
  return std::nullopt;
}

std::optional<std::uint32_t>
parse_color (std::string_view text) noexcept
{
  if (text.size () != 7 && text.size () != 9)
    return std::nullopt;
  if (text[0] != '#')
    return std::nullopt;

  std::uint32_t value = 0;
  for (std::size_t i = 1; i < text.size (); i++) {
    const int digit = g_ascii_xdigit_value (text[i]);
    if (digit < 0)
      return std::nullopt;
    value = (value << 4) | static_cast<std::uint32_t> (digit);
  }
  /* #RRGGBB means opaque */
  if (text.size () == 7)
    value = (value << 8) | 0xffu;
  return value;
}

} // namespace geti
