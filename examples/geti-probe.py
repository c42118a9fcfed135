#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later

"""geti-probe.py: reads Geti predictions from Python.

The Python twin of geti-probe.c, with the same options and the same output:
one line per prediction, printed from a pad probe on getipredict's source
pad. The meta is read through GObject-Introspection (GstGeti-1.0), with
accessors only: no JSON parsing.

Needs PyGObject (Debian: python3-gi, gir1.2-gstreamer-1.0) and, when gst-geti
is not installed in a standard prefix, GI_TYPELIB_PATH and LD_LIBRARY_PATH
pointing at the directory of GstGeti-1.0.typelib and libgstgeti-1.0.so
(build/gst/meta in a build tree) and GST_PLUGIN_PATH at the plugin.

The project comes from GETI_PROJECT_URL (its address in Geti's web UI) or
from GETI_SERVER, GETI_ORGANIZATION_ID, GETI_WORKSPACE_ID and GETI_PROJECT_ID,
or from the options of the same names (--project-url, or --server and the
three ids); getipredict reads the API key from GETI_API_KEY itself.
"""

import argparse
import os
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstGeti", "1.0")
from gi.repository import GLib, Gst, GstGeti  # noqa: E402


def label_text(label):
    """name:probability[:#rrggbbaa]"""
    text = "%s:%.2f" % (label.get_name() or label.get_id(),
                        label.get_probability())
    if label.get_color() != 0:
        text += ":#%08x" % label.get_color()
    return text


def shape_text(shape):
    shape_type = shape.get_shape_type()
    name = GstGeti.ShapeType.to_string(shape_type)
    if name is None:
        return ""
    text = " shape=" + name
    if shape_type in (GstGeti.ShapeType.RECTANGLE, GstGeti.ShapeType.ELLIPSE,
                      GstGeti.ShapeType.ROTATED_RECTANGLE):
        text += " x=%g y=%g width=%g height=%g" % (
            shape.get_x(), shape.get_y(), shape.get_width(),
            shape.get_height())
        if shape_type == GstGeti.ShapeType.ROTATED_RECTANGLE:
            text += " angle=%g" % shape.get_angle()
    elif shape_type == GstGeti.ShapeType.POLYGON:
        points = (shape.get_point(i) for i in range(shape.get_n_points()))
        text += " points=" + ";".join(
            "%g,%g" % (point.get_x(), point.get_y()) for point in points)
    elif shape_type == GstGeti.ShapeType.KEYPOINT:
        text += " x=%g y=%g visible=%s" % (
            shape.get_x(), shape.get_y(),
            "true" if shape.get_visible() else "false")
    return text


def prediction_text(meta, prediction):
    pts = "none" if meta.pts == Gst.CLOCK_TIME_NONE else str(meta.pts)
    labels = (prediction.get_label(i)
              for i in range(prediction.get_n_labels()))
    return "frame=%d pts=%s held=%s labels=%s%s" % (
        meta.frame, pts, "true" if meta.held else "false",
        ",".join(label_text(label) for label in labels),
        shape_text(prediction.get_shape()))


def on_buffer(pad, info):
    """Called on getipredict's streaming thread for every buffer."""
    meta = GstGeti.buffer_get_geti_prediction_meta(info.get_buffer())
    if meta is not None:
        for i in range(meta.get_n_predictions()):
            print(prediction_text(meta, meta.get_prediction(i)), flush=True)
    return Gst.PadProbeReturn.OK


def build_pipeline(args):
    """The moving ball or the input file through getipredict, connected
    with the options or the GETI_* environment."""
    if args.input:
        source = "filesrc name=file ! decodebin ! videoconvert"
    else:
        source = ("videotestsrc pattern=ball num-buffers=%d ! "
                  "video/x-raw,width=640,height=480,framerate=30/1"
                  % args.frames)
    pipeline = Gst.parse_launch(
        source + " ! getipredict name=predict ! fakesink")

    predict = pipeline.get_by_name("predict")
    for prop, _, _ in PROJECT_OPTIONS:
        value = getattr(args, prop.replace("-", "_"))
        # unset: getipredict names the missing property when it starts
        if value:
            predict.set_property(prop, value)
    predict.get_static_pad("src").add_probe(
        Gst.PadProbeType.BUFFER, on_buffer)

    if args.input:
        pipeline.get_by_name("file").set_property("location", args.input)
    return pipeline


def run(pipeline):
    """Plays the pipeline to its end; False on an error."""
    bus = pipeline.get_bus()
    ok = False
    pipeline.set_state(Gst.State.PLAYING)
    while True:
        msg = bus.timed_pop_filtered(
            Gst.CLOCK_TIME_NONE,
            Gst.MessageType.EOS | Gst.MessageType.ERROR
            | Gst.MessageType.WARNING)
        if msg.type == Gst.MessageType.EOS:
            ok = True
            break
        if msg.type == Gst.MessageType.ERROR:
            error, debug = msg.parse_error()
            print("error from %s: %s (%s)" % (msg.src.get_name(),
                                              error.message, debug or ""),
                  file=sys.stderr)
            break
        error, debug = msg.parse_warning()
        print("warning from %s: %s (%s)" % (msg.src.get_name(),
                                            error.message, debug or ""),
              file=sys.stderr)
    pipeline.set_state(Gst.State.NULL)
    return ok


# The options that name the project: --project-url, or --server and the
# three ids (getipredict's properties of the same names).
PROJECT_OPTIONS = (
    ("project-url", "GETI_PROJECT_URL", "URL"),
    ("server", "GETI_SERVER", "URL"),
    ("organization-id", "GETI_ORGANIZATION_ID", "UUID"),
    ("workspace-id", "GETI_WORKSPACE_ID", "UUID"),
    ("project-id", "GETI_PROJECT_ID", "ID"),
)


def fill_from_environment(args):
    """The command line names the project one way or the other; only what
    it leaves out comes from the environment."""
    url_given = args.project_url is not None
    ids_given = any(getattr(args, prop.replace("-", "_")) is not None
                    for prop, _, _ in PROJECT_OPTIONS[1:])
    for prop, variable, _ in PROJECT_OPTIONS:
        attribute = prop.replace("-", "_")
        use_env = not ids_given if prop == "project-url" else not url_given
        if getattr(args, attribute) is None and use_env:
            setattr(args, attribute, os.environ.get(variable))


def main():
    parser = argparse.ArgumentParser(
        description="Print the Geti predictions of every frame.",
        epilog="getipredict reads the API key from GETI_API_KEY itself.")
    for prop, variable, metavar in PROJECT_OPTIONS:
        parser.add_argument(
            "--" + prop, metavar=metavar,
            help=("the project's address in Geti's web UI, instead of the "
                  "next four (default: $%s)" % variable
                  if prop == "project-url" else "default: $" + variable))
    parser.add_argument("-i", "--input", metavar="FILE",
                        help="a video file to use instead of the moving ball")
    parser.add_argument("-n", "--frames", type=int, default=30, metavar="N",
                        help="frames of the moving ball (default: 30)")
    args = parser.parse_args()
    fill_from_environment(args)

    Gst.init(None)
    try:
        pipeline = build_pipeline(args)
    except GLib.Error as error:
        print("cannot build the pipeline: %s (is GST_PLUGIN_PATH set?)"
              % error.message, file=sys.stderr)
        return 1
    return 0 if run(pipeline) else 1


if __name__ == "__main__":
    sys.exit(main())
