/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz.h"

#include <gst/gst.h>

#include "json_reader.h"

namespace geti::fuzz {

void
init_gstreamer () noexcept
{
  static const bool initialised = [] {
    g_setenv ("GST_REGISTRY_DISABLE", "yes", TRUE);
    gst_init (nullptr, nullptr);
    return true;
  }();
  (void) initialised;
}

bool
is_json (const std::string &text) noexcept
{
  g_autoptr (GError) error = nullptr;
  g_autoptr (JsonNode) root = json::parse (text.data (), text.size (), &error);
  if (root == nullptr)
    std::fprintf (stderr, "not JSON (%s): %s\n", error->message, text.c_str ());
  return root != nullptr;
}

} // namespace geti::fuzz
