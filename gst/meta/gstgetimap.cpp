/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:gstgetimap
 * @title: GstGetiMap
 * @short_description: An explanation map of one label (Geti's `:explain`)
 *
 * Geti's `:explain` answers a frame with one map per predicted label (for
 * an anomaly model, the anomaly map): an 8-bit intensity image, brighter
 * where the model looked for that label. A #GstGetiMap holds one, decoded:
 * its label (id, name and colour), its size and its pixels, row after row
 * without padding (the stride is the width). A map covers the whole frame,
 * whatever its own size: its pixel (x, y) stands for the frame's area
 * around (x + 0.5) * frame width / map width, and the same for y.
 *
 * A map is immutable and reference-counted: getipredict adds it to the
 * frame's #GstGetiPredictions (gst_geti_predictions_add_map()), so every
 * buffer that carries the list (held frames) and every copy that
 * gst_geti_predictions_scale() makes (videoscale) shares the same map and
 * the same pixels, never a copy.
 *
 * |[<!-- language="C" -->
 * GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buf);
 * guint n = meta ? gst_geti_prediction_meta_get_n_maps (meta) : 0;
 *
 * for (guint i = 0; i < n; i++) {
 *   GstGetiMap *map = gst_geti_prediction_meta_get_map (meta, i);
 *   g_autoptr (GBytes) bytes = gst_geti_map_get_bytes (map);
 *   const guint8 *pixels = g_bytes_get_data (bytes, NULL);
 *
 *   g_print ("%s: %ux%u, first pixel %u\n",
 *       gst_geti_map_get_label_id (map), gst_geti_map_get_width (map),
 *       gst_geti_map_get_height (map), pixels[0]);
 * }
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "geti-private.h"

#include <gst/video/video.h>

using geti::GCharPtr;
using geti::guarded;

struct _GstGetiMap {
  gatomicrefcount refcount;
  GCharPtr label_id;
  GCharPtr label_name;
  guint32 color = 0;
  guint width = 0;
  guint height = 0;
  GBytes *pixels = NULL;

  ~_GstGetiMap ()
  {
    g_clear_pointer (&pixels, g_bytes_unref);
  }
};

/**
 * GstGetiMap:
 *
 * An immutable, reference-counted explanation map: an 8-bit intensity
 * image for one label, brighter where the model looked for it. References
 * may be taken and dropped from any thread.
 */

/**
 * GST_GETI_TYPE_MAP:
 *
 * The #GType of #GstGetiMap.
 */

/**
 * gst_geti_map_get_type:
 *
 * Returns: the #GType of #GstGetiMap, a boxed type whose copy takes a
 *   reference
 */
G_DEFINE_BOXED_TYPE (
    GstGetiMap, gst_geti_map, gst_geti_map_ref, gst_geti_map_unref);

/**
 * gst_geti_map_new:
 * @label_id: the Geti id of the label the map explains
 * @label_name: (nullable): the label's name, when known
 * @color: the label's colour as 0xRRGGBBAA, 0 when not known
 * @width: the map's width in pixels, > 0
 * @height: the map's height in pixels, > 0
 * @pixels: (transfer none): the map's @width × @height 8-bit intensities,
 *   row after row without padding; the map takes a reference, the bytes
 *   are never copied
 *
 * Creates an explanation map. A @pixels of any other size than @width ×
 * @height is a programming error.
 *
 * Returns: (transfer full) (nullable): a new #GstGetiMap, %NULL on bad
 *   arguments
 */
GstGetiMap *
gst_geti_map_new (const gchar *label_id, const gchar *label_name, guint32 color,
    guint width, guint height, GBytes *pixels)
{
  g_return_val_if_fail (label_id != NULL, NULL);
  g_return_val_if_fail (width > 0 && width <= G_MAXINT, NULL);
  g_return_val_if_fail (height > 0 && height <= G_MAXINT, NULL);
  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (
      static_cast<guint64> (width) * height <= G_MAXSIZE &&
          g_bytes_get_size (pixels) == static_cast<gsize> (width) * height,
      NULL);

  return guarded (
      G_STRFUNC,
      [&] () {
        auto map = new GstGetiMap ();

        g_atomic_ref_count_init (&map->refcount);
        map->label_id.reset (g_strdup (label_id));
        map->label_name.reset (g_strdup (label_name));
        map->color = color;
        map->width = width;
        map->height = height;
        map->pixels = g_bytes_ref (pixels);
        return map;
      },
      static_cast<GstGetiMap *> (NULL));
}

/**
 * gst_geti_map_ref:
 * @map: a #GstGetiMap
 *
 * Increases the reference count of @map.
 *
 * Returns: (transfer full): @map
 */
GstGetiMap *
gst_geti_map_ref (GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  g_atomic_ref_count_inc (&map->refcount);
  return map;
}

/**
 * gst_geti_map_unref:
 * @map: (transfer full): a #GstGetiMap
 *
 * Decreases the reference count of @map, freeing it when it drops to zero.
 */
void
gst_geti_map_unref (GstGetiMap *map)
{
  g_return_if_fail (map != NULL);

  if (g_atomic_ref_count_dec (&map->refcount))
    delete map;
}

/**
 * gst_geti_map_get_label_id:
 * @map: a #GstGetiMap
 *
 * Returns: (transfer none): the Geti id of the label @map explains
 */
const gchar *
gst_geti_map_get_label_id (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  return map->label_id.get ();
}

/**
 * gst_geti_map_get_label_name:
 * @map: a #GstGetiMap
 *
 * Returns: (transfer none) (nullable): the name of the label @map
 *   explains, %NULL when neither the server nor the project gave one
 */
const gchar *
gst_geti_map_get_label_name (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  return map->label_name.get ();
}

/**
 * gst_geti_map_get_color:
 * @map: a #GstGetiMap
 *
 * Returns: the colour of the label @map explains, as 0xRRGGBBAA (as
 *   #GstGetiLabel.color), 0 when not known
 */
guint32
gst_geti_map_get_color (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->color;
}

/**
 * gst_geti_map_get_width:
 * @map: a #GstGetiMap
 *
 * Returns: the width of @map in pixels (its own, not the frame's)
 */
guint
gst_geti_map_get_width (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->width;
}

/**
 * gst_geti_map_get_height:
 * @map: a #GstGetiMap
 *
 * Returns: the height of @map in pixels (its own, not the frame's)
 */
guint
gst_geti_map_get_height (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->height;
}

/**
 * gst_geti_map_get_stride:
 * @map: a #GstGetiMap
 *
 * Returns: the distance in bytes from one row of @map to the next: its
 *   width (the rows have no padding)
 */
guint
gst_geti_map_get_stride (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->width;
}

/**
 * gst_geti_map_get_bytes:
 * @map: a #GstGetiMap
 *
 * The pixels of @map: width × height 8-bit intensities, row after row, the
 * stride being the width. The bytes are the map's own, not a copy.
 *
 * Returns: (transfer full): a reference to the pixels of @map
 */
GBytes *
gst_geti_map_get_bytes (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  return g_bytes_ref (map->pixels);
}

/**
 * gst_geti_map_get_buffer:
 * @map: a #GstGetiMap
 *
 * The pixels of @map as a read-only GRAY8 video buffer, for
 * gst_video_frame_map() or an appsrc: a #GstBuffer that wraps the map's
 * bytes without copying them, with a #GstVideoMeta giving its format
 * (%GST_VIDEO_FORMAT_GRAY8), width, height and stride (the width, which a
 * #GstVideoInfo of the same size would round up to a multiple of 4).
 *
 * Returns: (transfer full) (nullable): a new buffer over the pixels of
 *   @map
 */
GstBuffer *
gst_geti_map_get_buffer (const GstGetiMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  GstBuffer *buffer = gst_buffer_new_wrapped_bytes (map->pixels);
  if (!buffer)
    return NULL;

  gsize offset[GST_VIDEO_MAX_PLANES] = { 0 };
  gint stride[GST_VIDEO_MAX_PLANES] = { static_cast<gint> (map->width) };
  if (!gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE,
          GST_VIDEO_FORMAT_GRAY8, map->width, map->height, 1, offset, stride)) {
    gst_buffer_unref (buffer);
    return NULL;
  }
  return buffer;
}
