/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/geti/geti-prelude.h>
#include <gst/geti/gstgetiprediction.h>
#include <gst/geti/gstgetipredictions.h>
#include <gst/geti/gstgetipredictionmeta.h>
