/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include <memory>

/* unique_ptr aliases with the GLib/GStreamer unref as deleter, for members
 * and containers (locals use g_autoptr). */

namespace gst_geti {

template <typename T, void (*Free) (T *)> struct Unref {
  void operator() (T *p) const noexcept
  {
    if (p != nullptr)
      Free (p);
  }
};

inline void
unref_buffer (GstBuffer *buffer)
{
  gst_buffer_unref (buffer);
}

inline void
unref_event (GstEvent *event)
{
  gst_event_unref (event);
}

using BufferPtr = std::unique_ptr<GstBuffer, Unref<GstBuffer, unref_buffer>>;
using EventPtr = std::unique_ptr<GstEvent, Unref<GstEvent, unref_event>>;
using PredictionsPtr = std::unique_ptr<GstGetiPredictions,
    Unref<GstGetiPredictions, gst_geti_predictions_unref>>;

template <typename T> struct ObjectUnref {
  void operator() (T *p) const noexcept
  {
    if (p != nullptr)
      g_object_unref (p);
  }
};

template <typename T> using ObjectPtr = std::unique_ptr<T, ObjectUnref<T>>;

} // namespace gst_geti
