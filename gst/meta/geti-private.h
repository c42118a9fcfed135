/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What the files of the meta library share and applications never see. */

#pragma once

#include <gst/geti/geti.h>

#include <exception>
#include <memory>

namespace geti {

struct GFreeDeleter {
  void operator() (gpointer mem) const noexcept
  {
    g_free (mem);
  }
};

using GCharPtr = std::unique_ptr<gchar, GFreeDeleter>;

/* Calls @func, turning any exception into a critical warning and @fallback:
 * nothing may unwind through the C callers of this library. Everything here
 * that throws is an allocation, which GLib would treat as fatal anyway. */
template <typename Func, typename Result>
Result
guarded (const gchar *function, Func &&func, Result fallback) noexcept
{
  try {
    return func ();
  } catch (const std::exception &e) {
    g_critical ("%s: %s", function, e.what ());
  } catch (...) {
    g_critical ("%s: unknown exception", function);
  }
  return fallback;
}

/* gstgetigeometry.cpp: multiplies every coordinate of @shape, whose points
 * the caller owns, by the factors. */
void scale_shape (GstGetiShape *shape, gdouble sx, gdouble sy) noexcept;

/* gstgetipredictions.cpp: the change counter of a copy of @source scaled by
 * the factors: the same for every such copy, so that consumers see them as
 * one content. */
guint predictions_scaled_seqnum (
    const GstGetiPredictions *source, gdouble sx, gdouble sy) noexcept;

/* gstgetipredictions.cpp: gives the writable @predictions the change
 * counter @seqnum (one predictions_scaled_seqnum() returned). */
void predictions_set_seqnum (
    GstGetiPredictions *predictions, guint seqnum) noexcept;

/* gstgetipredictionmeta.cpp: whether the source of @meta is one of the
 * enum's values (read as the integer C code may have stored: C++ may not
 * even load another value as the enum). */
bool prediction_meta_source_is_valid (
    const GstGetiPredictionMeta *meta) noexcept;

} // namespace geti
