/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* geti-probe: reads Geti predictions from C.
 *
 * Runs a moving ball (or, with --input, a video file) through getipredict
 * and prints, from a pad probe on getipredict's source pad, one line per
 * prediction:
 *
 *   frame=12 pts=400000000 held=false labels=ball:0.97 shape=RECTANGLE
 *     x=302 y=222 width=38 height=38            (on one line)
 *
 * The project comes from GETI_PROJECT_URL (its address in Geti's web UI) or
 * from GETI_SERVER, GETI_ORGANIZATION_ID, GETI_WORKSPACE_ID and
 * GETI_PROJECT_ID, or from the options of the same names (--project-url, or
 * --server and the three ids); getipredict reads the API key from
 * GETI_API_KEY itself, so it never appears on a command line.
 *
 *   cc geti-probe.c -o geti-probe \
 *       $(pkg-config --cflags --libs gstreamer-geti-1.0)
 */

#include <gst/gst.h>
#include <gst/geti/geti.h>

/* A number the same way in every locale (and as Python's '%g' writes it). */
static void
append_number (GString *line, const gchar *format, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (line, g_ascii_formatd (buf, sizeof (buf), format, value));
}

static void
append_shape (GString *line, const GstGetiShape *shape)
{
  const gchar *type = gst_geti_shape_type_to_string (shape->type);

  if (!type)
    return;

  g_string_append_printf (line, " shape=%s", type);
  switch (shape->type) {
    case GST_GETI_SHAPE_RECTANGLE:
    case GST_GETI_SHAPE_ELLIPSE:
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      g_string_append (line, " x=");
      append_number (line, "%g", shape->x);
      g_string_append (line, " y=");
      append_number (line, "%g", shape->y);
      g_string_append (line, " width=");
      append_number (line, "%g", shape->width);
      g_string_append (line, " height=");
      append_number (line, "%g", shape->height);
      if (shape->type == GST_GETI_SHAPE_ROTATED_RECTANGLE) {
        g_string_append (line, " angle=");
        append_number (line, "%g", shape->angle);
      }
      break;
    case GST_GETI_SHAPE_POLYGON:
      g_string_append (line, " points=");
      for (guint i = 0; i < shape->n_points; i++) {
        if (i > 0)
          g_string_append_c (line, ';');
        append_number (line, "%g", shape->points[i].x);
        g_string_append_c (line, ',');
        append_number (line, "%g", shape->points[i].y);
      }
      break;
    case GST_GETI_SHAPE_KEYPOINT:
      g_string_append (line, " x=");
      append_number (line, "%g", shape->x);
      g_string_append (line, " y=");
      append_number (line, "%g", shape->y);
      g_string_append_printf (
          line, " visible=%s", shape->visible ? "true" : "false");
      break;
    case GST_GETI_SHAPE_NONE:
      break;
  }
}

static void
print_prediction (
    const GstGetiPredictionMeta *meta, const GstGetiPrediction *prediction)
{
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "frame=%" G_GUINT64_FORMAT, meta->frame);
  if (GST_CLOCK_TIME_IS_VALID (meta->pts))
    g_string_append_printf (line, " pts=%" G_GUINT64_FORMAT, meta->pts);
  else
    g_string_append (line, " pts=none");
  g_string_append_printf (line, " held=%s", meta->held ? "true" : "false");

  /* name:probability[:#rrggbbaa], the detection label first */
  g_string_append (line, " labels=");
  for (guint i = 0; i < prediction->n_labels; i++) {
    const GstGetiLabel *label = &prediction->labels[i];

    if (i > 0)
      g_string_append_c (line, ',');
    g_string_append_printf (line, "%s:", label->name ? label->name : label->id);
    append_number (line, "%.2f", label->probability);
    if (label->color != 0)
      g_string_append_printf (line, ":#%08x", label->color);
  }

  append_shape (line, &prediction->shape);

  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

/* Called on getipredict's streaming thread for every buffer it pushes. */
static GstPadProbeReturn
on_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstGetiPredictionMeta *meta = gst_buffer_get_geti_prediction_meta (buffer);

  if (!meta)
    return GST_PAD_PROBE_OK; /* a frame without predictions */

  for (guint i = 0; i < gst_geti_prediction_meta_get_n_predictions (meta); i++)
    print_prediction (meta, gst_geti_prediction_meta_get_prediction (meta, i));

  return GST_PAD_PROBE_OK;
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

/* The pipeline: the moving ball or @input through getipredict, connected
 * with the options or the GETI_* environment; NULL on an error. */
static GstElement *
build_pipeline (const gchar *const settings[][2], guint n_settings,
    const gchar *input, gint frames)
{
  GError *error = NULL;
  gchar *description;

  if (input)
    description = g_strdup ("filesrc name=file ! decodebin ! videoconvert ! "
                            "getipredict name=predict ! fakesink");
  else
    description = g_strdup_printf ("videotestsrc pattern=ball num-buffers=%d ! "
                                   "video/x-raw,width=640,height=480,"
                                   "framerate=30/1 ! "
                                   "getipredict name=predict ! fakesink",
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

  GstPad *pad = gst_element_get_static_pad (predict, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, NULL, NULL);
  gst_object_unref (pad);
  gst_object_unref (predict);

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
  GOptionContext *context =
      g_option_context_new ("- print the Geti predictions of every frame");
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
