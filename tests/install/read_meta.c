/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A tiny application built outside the tree, with nothing but
 * `pkg-config --cflags --libs gstreamer-geti-1.0`, by test_install.sh: it
 * runs N frames of the moving ball through the installed getipredict
 * (GETI_* from the environment) and prints one line per prediction, then
 * the file the geti plugin was loaded from.
 *
 *   read_meta N */

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include <stdlib.h>

static GstPadProbeReturn
on_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstGetiPredictionMeta *meta =
      gst_buffer_get_geti_prediction_meta (GST_PAD_PROBE_INFO_BUFFER (info));

  for (guint i = 0;
       meta && i < gst_geti_prediction_meta_get_n_predictions (meta); i++) {
    const GstGetiPrediction *p =
        gst_geti_prediction_meta_get_prediction (meta, i);

    g_print ("frame=%" G_GUINT64_FORMAT " label=%s shape=%s\n", meta->frame,
        p->n_labels > 0 ? p->labels[0].name : "none",
        gst_geti_shape_type_to_string (p->shape.type));
  }
  return GST_PAD_PROBE_OK;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;

  gst_init (&argc, &argv);
  if (argc != 2) {
    g_printerr ("usage: %s FRAMES\n", argv[0]);
    return 2;
  }

  gchar *description = g_strdup_printf (
      "videotestsrc pattern=ball num-buffers=%d ! "
      "video/x-raw,width=320,height=240 ! getipredict name=predict server=%s "
      "organization-id=%s workspace-id=%s project-id=%s ! fakesink",
      atoi (argv[1]), g_getenv ("GETI_SERVER"),
      g_getenv ("GETI_ORGANIZATION_ID"), g_getenv ("GETI_WORKSPACE_ID"),
      g_getenv ("GETI_PROJECT_ID"));
  GstElement *pipeline = gst_parse_launch (description, &error);
  g_free (description);
  if (error) {
    g_printerr ("%s\n", error->message);
    return 1;
  }

  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  GstPad *pad = gst_element_get_static_pad (predict, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, NULL, NULL);
  gst_object_unref (pad);
  gst_object_unref (predict);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (
      bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  int status = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS ? 0 : 1;
  if (status != 0) {
    gst_message_parse_error (msg, &error, NULL);
    g_printerr ("error: %s\n", error->message);
    g_clear_error (&error);
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  GstPlugin *plugin = gst_registry_find_plugin (gst_registry_get (), "geti");
  g_print ("plugin=%s\n", plugin ? gst_plugin_get_filename (plugin) : "none");
  g_clear_object (&plugin);

  gst_deinit ();
  return status;
}
