/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>

/**
 * GST_GETI_API:
 *
 * Marks the public functions of libgstgeti-1.0: exported while the library
 * is built, imported by its users.
 */
#ifndef GST_GETI_API
#ifdef BUILDING_GST_GETI
#define GST_GETI_API GST_API_EXPORT
#else
#define GST_GETI_API GST_API_IMPORT
#endif
#endif

/**
 * GST_GETI_DEPRECATED_FOR:
 * @f: the function to use instead
 *
 * Marks a public function of libgstgeti-1.0 that is kept for the
 * applications built against it but has a better replacement, @f.
 */
#ifndef GST_GETI_DEPRECATED_FOR
#ifdef BUILDING_GST_GETI
#define GST_GETI_DEPRECATED_FOR(f) GST_GETI_API
#else
#define GST_GETI_DEPRECATED_FOR(f) GST_GETI_API G_DEPRECATED_FOR (f)
#endif
#endif
