/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define GST_TYPE_GETI_JSON_SINK (gst_geti_json_sink_get_type ())
G_DECLARE_FINAL_TYPE (
    GstGetiJsonSink, gst_geti_json_sink, GST, GETI_JSON_SINK, GstBaseSink)

GST_ELEMENT_REGISTER_DECLARE (getijsonsink);

G_END_DECLS
