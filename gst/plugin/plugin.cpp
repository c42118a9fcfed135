/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

#include "gstgetijsonsink.h"
#include "gstgetioverlay.h"
#include "gstgetipredict.h"
#include "gstgetitrack.h"

static gboolean
plugin_init (GstPlugin *plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (getipredict, plugin);
  ret |= GST_ELEMENT_REGISTER (getijsonsink, plugin);
  ret |= GST_ELEMENT_REGISTER (getioverlay, plugin);
  ret |= GST_ELEMENT_REGISTER (getitrack, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, geti,
    "Intel Geti predictions in GStreamer pipelines", plugin_init,
    PACKAGE_VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
