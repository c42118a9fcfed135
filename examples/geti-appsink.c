/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* geti-appsink: takes frames and their Geti predictions out of a pipeline.
 *
 * Runs a moving ball (or, with --input, a video file) through getipredict
 * into an appsink: the application receives every frame together with its
 * GstGetiPredictionMeta, here printed as the JSON line of
 * gst_geti_prediction_meta_to_json() (the format of getijsonsink), one line
 * per frame that has predictions.
 *
 * The project comes from GETI_PROJECT_URL (its address in Geti's web UI) or
 * from GETI_SERVER, GETI_ORGANIZATION_ID, GETI_WORKSPACE_ID and
 * GETI_PROJECT_ID, or from the options of the same names (--project-url, or
 * --server and the three ids); getipredict reads the API key from
 * GETI_API_KEY itself.
 *
 *   cc geti-appsink.c -o geti-appsink \
 *       $(pkg-config --cflags --libs gstreamer-geti-1.0 gstreamer-app-1.0)
 */

#include <gst/app/app.h>
#include <gst/gst.h>
#include <gst/geti/geti.h>

/* Called on the appsink's streaming thread for every frame. */
static GstFlowReturn
on_new_sample (GstAppSink *sink, gpointer user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (!sample)
    return GST_FLOW_FLUSHING;

  /* The frame itself is gst_sample_get_buffer (sample), its format
   * gst_sample_get_caps (sample): map it with gst_video_frame_map() to
   * work on the pixels the predictions point at. */
  GstGetiPredictionMeta *meta =
      gst_buffer_get_geti_prediction_meta (gst_sample_get_buffer (sample));
  if (meta) {
    gchar *json = gst_geti_prediction_meta_to_json (meta);

    g_print ("%s\n", json);
    g_free (json);
  }

  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

/* Plays @pipeline to its end; FALSE on an error. */
static gboolean
run (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  gboolean ok = FALSE, done = FALSE;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);
    GError *error = NULL;
    gchar *debug = NULL;

    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_EOS:
        ok = done = TRUE;
        break;
      case GST_MESSAGE_ERROR:
        gst_message_parse_error (msg, &error, &debug);
        g_printerr ("error from %s: %s (%s)\n", GST_OBJECT_NAME (msg->src),
            error->message, debug ? debug : "");
        done = TRUE;
        break;
      case GST_MESSAGE_WARNING:
        gst_message_parse_warning (msg, &error, &debug);
        g_printerr ("warning from %s: %s (%s)\n", GST_OBJECT_NAME (msg->src),
            error->message, debug ? debug : "");
        break;
      default:
        break;
    }
    g_clear_error (&error);
    g_free (debug);
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);

  return ok;
}

/* @option when it is set; otherwise, when @use_env, the environment
 * variable @name. */
static const gchar *
option_or_env (const gchar *option, const gchar *name, gboolean use_env)
{
  if (option)
    return option;
  return use_env ? g_getenv (name) : NULL;
}

/* The pipeline: the moving ball or @input through getipredict into an
 * appsink, connected with the options or the GETI_* environment; NULL on
 * an error. */
static GstElement *
build_pipeline (const gchar *const settings[][2], guint n_settings,
    const gchar *input, gint frames)
{
  GError *error = NULL;
  gchar *description;

  if (input)
    description = g_strdup ("filesrc name=file ! decodebin ! videoconvert ! "
                            "getipredict name=predict ! appsink name=sink");
  else
    description = g_strdup_printf ("videotestsrc pattern=ball num-buffers=%d ! "
                                   "video/x-raw,width=640,height=480,"
                                   "framerate=30/1 ! "
                                   "getipredict name=predict ! "
                                   "appsink name=sink",
        frames);
  GstElement *pipeline = gst_parse_launch (description, &error);
  g_free (description);
  if (error) {
    /* also for the errors after which a pipeline is returned anyway */
    g_printerr ("cannot build the pipeline: %s (is GST_PLUGIN_PATH set?)\n",
        error->message);
    g_clear_error (&error);
    g_clear_object (&pipeline);
    return NULL;
  }

  GstElement *predict = gst_bin_get_by_name (GST_BIN (pipeline), "predict");
  for (guint i = 0; i < n_settings; i++) {
    /* unset: getipredict names the missing property when it starts */
    if (settings[i][1])
      g_object_set (predict, settings[i][0], settings[i][1], NULL);
  }
  gst_object_unref (predict);

  /* As fast as the frames come: no clock synchronisation, no dropping. */
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstAppSinkCallbacks callbacks = { NULL };
  callbacks.new_sample = on_new_sample;
  g_object_set (sink, "sync", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, NULL, NULL);
  gst_object_unref (sink);

  if (input) {
    GstElement *file = gst_bin_get_by_name (GST_BIN (pipeline), "file");
    g_object_set (file, "location", input, NULL);
    gst_object_unref (file);
  }

  return pipeline;
}

int
main (int argc, char **argv)
{
  gchar *project_url = NULL, *server = NULL, *organization_id = NULL;
  gchar *workspace_id = NULL, *project_id = NULL, *input = NULL;
  gint frames = 30;
  GOptionEntry entries[] = {
    { "project-url", 0, 0, G_OPTION_ARG_STRING, &project_url,
        "The project's address in Geti's web UI, instead of the next four "
        "(default: $GETI_PROJECT_URL)",
        "URL" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
        "Geti server URL (default: $GETI_SERVER)", "URL" },
    { "organization-id", 0, 0, G_OPTION_ARG_STRING, &organization_id,
        "Organization id (default: $GETI_ORGANIZATION_ID)", "UUID" },
    { "workspace-id", 0, 0, G_OPTION_ARG_STRING, &workspace_id,
        "Workspace id (default: $GETI_WORKSPACE_ID)", "UUID" },
    { "project-id", 0, 0, G_OPTION_ARG_STRING, &project_id,
        "Project id (default: $GETI_PROJECT_ID)", "ID" },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input,
        "A video file to use instead of the moving ball", "FILE" },
    { "frames", 'n', 0, G_OPTION_ARG_INT, &frames,
        "Frames of the moving ball (default: 30)", "N" },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (
      "- print the Geti predictions of every frame as JSON Lines");
  GError *error = NULL;
  int status = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  g_option_context_set_description (
      context, "getipredict reads the API key from GETI_API_KEY itself.");
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    g_clear_error (&error);
    g_option_context_free (context);
    return 2;
  }
  g_option_context_free (context);

  /* The command line names the project one way or the other; only what it
   * leaves out comes from the environment. */
  gboolean ids_given = server || organization_id || workspace_id || project_id;
  const gchar *const settings[][2] = {
    { "project-url",
        option_or_env (project_url, "GETI_PROJECT_URL", !ids_given) },
    { "server", option_or_env (server, "GETI_SERVER", !project_url) },
    { "organization-id",
        option_or_env (organization_id, "GETI_ORGANIZATION_ID", !project_url) },
    { "workspace-id",
        option_or_env (workspace_id, "GETI_WORKSPACE_ID", !project_url) },
    { "project-id",
        option_or_env (project_id, "GETI_PROJECT_ID", !project_url) },
  };
  GstElement *pipeline =
      build_pipeline (settings, G_N_ELEMENTS (settings), input, frames);
  if (pipeline) {
    status = run (pipeline) ? 0 : 1;
    gst_object_unref (pipeline);
  }

  g_free (project_url);
  g_free (server);
  g_free (organization_id);
  g_free (workspace_id);
  g_free (project_id);
  g_free (input);
  gst_deinit ();
  return status;
}
