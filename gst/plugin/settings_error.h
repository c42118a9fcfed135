/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "error.h"

/* The client core names its settings as values (geti::Setting); the
 * elements' users know them as properties. The one place that maps the
 * one to the other. */

namespace gst_geti {

/* The getipredict property that holds @setting, quoted as messages show
 * it ("\"server\""); nullptr for geti::Setting::none. */
const char *setting_property (geti::Setting setting) noexcept;

/* (transfer full) The message of @error for the element's users: the
 * core's text with each setting it names shown as its property
 * ("\"server\" is not set: ..."). */
gchar *settings_error_message (const GError *error) noexcept;

} // namespace gst_geti
