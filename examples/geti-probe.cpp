/* gst-geti
 * Copyright (C) 2026 gst-geti developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* geti-probe-cpp: reads Geti predictions from C++.
 *
 * The C++ twin of geti-probe.c, with the same options and the same output:
 * one line per prediction, printed from a pad probe on getipredict's source
 * pad. GStreamer references are held in std::unique_ptr, so every early
 * return releases them.
 *
 *   c++ -std=c++17 geti-probe.cpp -o geti-probe-cpp \
 *       $(pkg-config --cflags --libs gstreamer-geti-1.0)
 */

#include <gst/gst.h>
#include <gst/geti/geti.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace {

struct GstObjectUnref {
  void operator() (gpointer object) const noexcept
  {
    gst_object_unref (object);
  }
};

template <typename T> using GstPtr = std::unique_ptr<T, GstObjectUnref>;

struct MessageUnref {
  void operator() (GstMessage *msg) const noexcept
  {
    gst_message_unref (msg);
  }
};

using MessagePtr = std::unique_ptr<GstMessage, MessageUnref>;

/* A number the same way in every locale (and as C's and Python's "%g"). */
std::string
number (gdouble value, const char *format = "%g")
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_formatd (buf, sizeof (buf), format, value);
}

std::string
shape_text (const GstGetiShape &shape)
{
  const gchar *type = gst_geti_shape_type_to_string (shape.type);
  if (type == nullptr)
    return "";

  std::string text = std::string (" shape=") + type;
  switch (shape.type) {
    case GST_GETI_SHAPE_RECTANGLE:
    case GST_GETI_SHAPE_ELLIPSE:
    case GST_GETI_SHAPE_ROTATED_RECTANGLE:
      text += " x=" + number (shape.x) + " y=" + number (shape.y) +
              " width=" + number (shape.width) +
              " height=" + number (shape.height);
      if (shape.type == GST_GETI_SHAPE_ROTATED_RECTANGLE)
        text += " angle=" + number (shape.angle);
      break;
    case GST_GETI_SHAPE_POLYGON:
      text += " points=";
      for (guint i = 0; i < shape.n_points; i++)
        text += (i > 0 ? ";" : "") + number (shape.points[i].x) + "," +
                number (shape.points[i].y);
      break;
    case GST_GETI_SHAPE_KEYPOINT:
      text += " x=" + number (shape.x) + " y=" + number (shape.y) +
              " visible=" + (shape.visible ? "true" : "false");
      break;
    case GST_GETI_SHAPE_NONE:
      break;
  }
  return text;
}

std::string
prediction_text (
    const GstGetiPredictionMeta &meta, const GstGetiPrediction &prediction)
{
  std::string text =
      "frame=" + std::to_string (meta.frame) + " pts=" +
      (GST_CLOCK_TIME_IS_VALID (meta.pts) ? std::to_string (meta.pts)
                                          : std::string ("none")) +
      " held=" + (meta.held ? "true" : "false");

  /* name:probability[:#rrggbbaa], the detection label first */
  text += " labels=";
  for (guint i = 0; i < prediction.n_labels; i++) {
    const GstGetiLabel &label = prediction.labels[i];

    text += (i > 0 ? "," : "");
    text += label.name != nullptr ? label.name : label.id;
    text += ":" + number (label.probability, "%.2f");
    if (label.color != 0) {
      gchar color[16];
      g_snprintf (color, sizeof (color), ":#%08x", label.color);
      text += color;
    }
  }

  return text + shape_text (prediction.shape);
}

/* Called on getipredict's streaming thread for every buffer it pushes. No
 * exception may unwind into GStreamer, hence noexcept and the catch. */
GstPadProbeReturn
on_buffer (GstPad *, GstPadProbeInfo *info, gpointer) noexcept
{
  try {
    const GstGetiPredictionMeta *meta =
        gst_buffer_get_geti_prediction_meta (GST_PAD_PROBE_INFO_BUFFER (info));
    if (meta == nullptr)
      return GST_PAD_PROBE_OK; /* a frame without predictions */

    std::string lines;
    for (guint i = 0; i < gst_geti_prediction_meta_get_n_predictions (meta);
         i++)
      lines += prediction_text (
                   *meta, *gst_geti_prediction_meta_get_prediction (meta, i)) +
               "\n";
    std::cout << lines << std::flush;
  } catch (const std::exception &e) {
    std::cerr << "cannot print the predictions: " << e.what () << "\n";
  }
  return GST_PAD_PROBE_OK;
}

/* Plays @pipeline to its end; false on an error. */
bool
run (GstElement *pipeline)
{
  GstPtr<GstBus> bus (gst_element_get_bus (pipeline));
  bool ok = false;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (bool done = false; !done;) {
    MessagePtr msg (gst_bus_timed_pop_filtered (bus.get (), GST_CLOCK_TIME_NONE,
        static_cast<GstMessageType> (
            GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING)));
    GError *error = nullptr;
    gchar *debug = nullptr;

    switch (GST_MESSAGE_TYPE (msg.get ())) {
      case GST_MESSAGE_EOS:
        ok = done = true;
        break;
      case GST_MESSAGE_ERROR:
        gst_message_parse_error (msg.get (), &error, &debug);
        std::cerr << "error from " << GST_OBJECT_NAME (msg->src) << ": "
                  << error->message << " (" << (debug ? debug : "") << ")\n";
        done = true;
        break;
      case GST_MESSAGE_WARNING:
        gst_message_parse_warning (msg.get (), &error, &debug);
        std::cerr << "warning from " << GST_OBJECT_NAME (msg->src) << ": "
                  << error->message << " (" << (debug ? debug : "") << ")\n";
        break;
      default:
        break;
    }
    g_clear_error (&error);
    g_free (debug);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

struct Options {
  gchar *project_url = nullptr;
  gchar *server = nullptr;
  gchar *organization_id = nullptr;
  gchar *workspace_id = nullptr;
  gchar *project_id = nullptr;
  gchar *input = nullptr;
  gint frames = 30;

  Options () = default;
  Options (const Options &) = delete;
  Options &operator= (const Options &) = delete;
  ~Options ()
  {
    g_free (project_url);
    g_free (server);
    g_free (organization_id);
    g_free (workspace_id);
    g_free (project_id);
    g_free (input);
  }
};

/* @option when it is set; otherwise, when @use_env, the environment
 * variable @name. */
const char *
option_or_env (const char *option, const char *name, bool use_env)
{
  if (option != nullptr)
    return option;
  return use_env ? g_getenv (name) : nullptr;
}

/* The pipeline: the moving ball or the input file through getipredict,
 * connected with the options or the GETI_* environment. */
GstPtr<GstElement>
build_pipeline (const Options &options)
{
  const std::string source =
      options.input != nullptr
          ? "filesrc name=file ! decodebin ! videoconvert"
          : "videotestsrc pattern=ball num-buffers=" +
                std::to_string (options.frames) +
                " ! video/x-raw,width=640,height=480,framerate=30/1";
  GError *error = nullptr;
  GstPtr<GstElement> pipeline (gst_parse_launch (
      (source + " ! getipredict name=predict ! fakesink").c_str (), &error));
  if (error != nullptr) {
    std::cerr << "cannot build the pipeline: " << error->message
              << " (is GST_PLUGIN_PATH set?)\n";
    g_clear_error (&error);
    return nullptr;
  }

  GstPtr<GstElement> predict (
      gst_bin_get_by_name (GST_BIN (pipeline.get ()), "predict"));
  /* The command line names the project one way or the other; only what it
   * leaves out comes from the environment. */
  const bool ids_given = options.server || options.organization_id ||
                         options.workspace_id || options.project_id;
  const bool url_given = options.project_url != nullptr;
  const std::pair<const char *, const char *> settings[] = {
    { "project-url",
        option_or_env (options.project_url, "GETI_PROJECT_URL", !ids_given) },
    { "server", option_or_env (options.server, "GETI_SERVER", !url_given) },
    { "organization-id", option_or_env (options.organization_id,
                             "GETI_ORGANIZATION_ID", !url_given) },
    { "workspace-id",
        option_or_env (options.workspace_id, "GETI_WORKSPACE_ID", !url_given) },
    { "project-id",
        option_or_env (options.project_id, "GETI_PROJECT_ID", !url_given) },
  };
  for (const auto &[property, value] : settings) {
    /* unset: getipredict names the missing property when it starts */
    if (value != nullptr)
      g_object_set (predict.get (), property, value, nullptr);
  }

  GstPtr<GstPad> pad (gst_element_get_static_pad (predict.get (), "src"));
  gst_pad_add_probe (
      pad.get (), GST_PAD_PROBE_TYPE_BUFFER, on_buffer, nullptr, nullptr);

  if (options.input != nullptr) {
    GstPtr<GstElement> file (
        gst_bin_get_by_name (GST_BIN (pipeline.get ()), "file"));
    g_object_set (file.get (), "location", options.input, nullptr);
  }

  return pipeline;
}

} // namespace

int
main (int argc, char **argv)
{
  Options options;
  const GOptionEntry entries[] = {
    { "project-url", 0, 0, G_OPTION_ARG_STRING, &options.project_url,
        "The project's address in Geti's web UI, instead of the next four "
        "(default: $GETI_PROJECT_URL)",
        "URL" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &options.server,
        "Geti server URL (default: $GETI_SERVER)", "URL" },
    { "organization-id", 0, 0, G_OPTION_ARG_STRING, &options.organization_id,
        "Organization id (default: $GETI_ORGANIZATION_ID)", "UUID" },
    { "workspace-id", 0, 0, G_OPTION_ARG_STRING, &options.workspace_id,
        "Workspace id (default: $GETI_WORKSPACE_ID)", "UUID" },
    { "project-id", 0, 0, G_OPTION_ARG_STRING, &options.project_id,
        "Project id (default: $GETI_PROJECT_ID)", "ID" },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &options.input,
        "A video file to use instead of the moving ball", "FILE" },
    { "frames", 'n', 0, G_OPTION_ARG_INT, &options.frames,
        "Frames of the moving ball (default: 30)", "N" },
    { nullptr },
  };
  std::unique_ptr<GOptionContext, decltype (&g_option_context_free)> context (
      g_option_context_new ("- print the Geti predictions of every frame"),
      g_option_context_free);
  GError *error = nullptr;

  g_option_context_add_main_entries (context.get (), entries, nullptr);
  g_option_context_add_group (context.get (), gst_init_get_option_group ());
  g_option_context_set_description (context.get (),
      "getipredict reads the API key from GETI_API_KEY itself.");
  if (!g_option_context_parse (context.get (), &argc, &argv, &error)) {
    std::cerr << error->message << "\n";
    g_clear_error (&error);
    return 2;
  }

  int status = EXIT_FAILURE;
  if (GstPtr<GstElement> pipeline = build_pipeline (options))
    status = run (pipeline.get ()) ? EXIT_SUCCESS : EXIT_FAILURE;

  gst_deinit ();
  return status;
}
