#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The GstGeti-1.0 typelib from Python (PyGObject): every accessor, checked
# against the JSON line of the same meta, on predictions of every shape type
# made by the fake Geti server.
#
#   test_gstgeti.py FAKE_GETI_SERVER
#
# GI_TYPELIB_PATH and LD_LIBRARY_PATH must name the directory of
# GstGeti-1.0.typelib and libgstgeti-1.0.so, GST_PLUGIN_PATH the plugin's.

import gc
import json
import math
import shlex
import subprocess
import sys
import unittest

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstGeti", "1.0")
from gi.repository import GLib, GObject, Gst, GstGeti  # noqa: E402

FAKE_SERVER = None
SHAPE_TYPES = ["RECTANGLE", "ROTATED_RECTANGLE", "ELLIPSE", "POLYGON",
               "KEYPOINT"]
SOURCES = ["predicted", "held", "interpolated", "extrapolated"]


class FakeServer:
    """The fake-geti-server executable, started with --print-env."""

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [FAKE_SERVER, "--print-env", *args], stdout=subprocess.PIPE,
            text=True)
        self.env = {}
        for line in self.process.stdout:
            if not line.strip():
                break
            name, _, value = line.strip().partition("=")
            self.env[name] = shlex.split(value)[0]
        if "GETI_SERVER" not in self.env:
            self.close()
            raise RuntimeError("the fake Geti server did not start")

    def close(self):
        self.process.terminate()
        self.process.wait()
        self.process.stdout.close()


def run_ball(server, frames, properties=""):
    """The samples of @frames frames of the ball through getipredict (with
    its @properties besides the server's)."""
    env = server.env
    pipeline = Gst.parse_launch(
        "videotestsrc pattern=ball num-buffers=%d ! "
        "video/x-raw,width=320,height=240,framerate=30/1 ! "
        "getipredict server=%s organization-id=%s workspace-id=%s "
        "project-id=%s api-key=%s %s ! appsink name=sink sync=false"
        % (frames, env["GETI_SERVER"], env["GETI_ORGANIZATION_ID"],
           env["GETI_WORKSPACE_ID"], env["GETI_PROJECT_ID"],
           env["GETI_API_KEY"], properties))
    return pull_samples(pipeline)


def pull_samples(pipeline):
    """Plays @pipeline to its end and returns what its appsink "sink"
    received."""
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)
    samples = []
    while True:
        sample = sink.emit("pull-sample")
        if sample is None:
            break
        samples.append(sample)
    bus = pipeline.get_bus()
    error = bus.pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    if error is not None:
        raise AssertionError(error.parse_error()[0].message)
    return samples


def rounded(value):
    """A coordinate as to_json writes it: rounded to 2 decimals, halves away
    from zero (C's round(value * 100) / 100)."""
    return math.copysign(math.floor(abs(value) * 100 + 0.5), value) / 100


def label_dict(label):
    color = label.get_color()
    result = {"id": label.get_id(), "name": label.get_name(),
              "color": "#%08x" % color if color else None,
              "probability": label.get_probability()}
    if label.get_empty():
        result["empty"] = True
    return result


def shape_dict(shape):
    """The shape as to_json writes it, from the accessors."""
    shape_type = shape.get_shape_type()
    name = GstGeti.ShapeType.to_string(shape_type)
    if name is None:
        return None
    result = {"type": name}
    if shape_type == GstGeti.ShapeType.POLYGON:
        points = [shape.get_point(i) for i in range(shape.get_n_points())]
        result["points"] = [{"x": rounded(p.get_x()),
                             "y": rounded(p.get_y())} for p in points]
    elif shape_type == GstGeti.ShapeType.KEYPOINT:
        result.update(x=rounded(shape.get_x()), y=rounded(shape.get_y()),
                      is_visible=shape.get_visible())
    else:
        result.update(x=rounded(shape.get_x()), y=rounded(shape.get_y()),
                      width=rounded(shape.get_width()),
                      height=rounded(shape.get_height()))
        if shape_type == GstGeti.ShapeType.ROTATED_RECTANGLE:
            result["angle"] = rounded(shape.get_angle())
    return result


def prediction_dict(prediction):
    result = {}
    if prediction.get_track_id():
        result["track_id"] = prediction.get_track_id()
    result["labels"] = [label_dict(prediction.get_label(i))
                        for i in range(prediction.get_n_labels())]
    shape = shape_dict(prediction.get_shape())
    if shape is not None:
        result["shape"] = shape
    return result


def natural_label_dict(label):
    """The label as to_json writes it, from the fields and the colour text."""
    result = {"id": label.id, "name": label.name,
              "color": label.get_color_string(),
              "probability": label.probability}
    if label.empty:
        result["empty"] = True
    return result


def natural_shape_dict(shape):
    """The shape as to_json writes it, from the fields and get_points()."""
    name = GstGeti.ShapeType.to_string(shape.type)
    if name is None:
        return None
    result = {"type": name}
    if shape.type == GstGeti.ShapeType.POLYGON:
        result["points"] = [{"x": rounded(p.x), "y": rounded(p.y)}
                            for p in shape.get_points()]
    elif shape.type == GstGeti.ShapeType.KEYPOINT:
        result.update(x=rounded(shape.x), y=rounded(shape.y),
                      is_visible=shape.visible)
    else:
        result.update(x=rounded(shape.x), y=rounded(shape.y),
                      width=rounded(shape.width), height=rounded(shape.height))
        if shape.type == GstGeti.ShapeType.ROTATED_RECTANGLE:
            result["angle"] = rounded(shape.angle)
    return result


def natural_prediction_dict(prediction):
    """The prediction as to_json writes it, read as a new user would."""
    labels = prediction.get_labels()
    assert len(labels) == prediction.n_labels
    result = {}
    if prediction.track_id:
        result["track_id"] = prediction.track_id
    result["labels"] = [natural_label_dict(label) for label in labels]
    shape = natural_shape_dict(prediction.shape)
    if shape is not None:
        result["shape"] = shape
    return result


def natural_meta_dict(meta):
    """The whole meta as to_json writes it, from its fields and lists."""
    predictions = meta.get_predictions()
    return {"frame": meta.frame,
            "pts": None if meta.pts == Gst.CLOCK_TIME_NONE else meta.pts,
            "source_pts": (None if meta.source_pts == Gst.CLOCK_TIME_NONE
                           else meta.source_pts),
            "held": meta.held, "source": meta.get_source().value_nick,
            "width": meta.width, "height": meta.height,
            "latency_ms": (None if meta.latency == Gst.CLOCK_TIME_NONE
                           else round(meta.latency / 1e6, 3)),
            "created": predictions.get_created(),
            "predictions": [natural_prediction_dict(p)
                            for p in predictions.get_all()]}


class TestGstGeti(unittest.TestCase):

    # Test that a buffer without the meta gives None.
    def test_no_meta(self):
        self.assertIsNone(GstGeti.buffer_get_geti_prediction_meta(Gst.Buffer.new()))

    # Test that a meta attached through the binding reads back: its fields,
    # its (empty) list, and its JSON line.
    def test_meta_from_python(self):
        predictions = GstGeti.Predictions.new("2023-11-07 14:57:03 +0000")
        predictions.add_keypoint_edge("a", "b")
        buffer = Gst.Buffer.new()
        meta = GstGeti.buffer_add_geti_prediction_meta(
            buffer, predictions, 640, 480)
        meta.frame = 7
        meta.pts = 400000000
        meta.held = True

        meta = GstGeti.buffer_get_geti_prediction_meta(buffer)
        self.assertEqual((meta.frame, meta.pts, meta.held),
                         (7, 400000000, True))
        self.assertEqual((meta.width, meta.height), (640, 480))
        self.assertEqual(meta.source_pts, Gst.CLOCK_TIME_NONE)
        self.assertEqual(meta.get_n_predictions(), 0)
        self.assertIsNone(meta.get_prediction(0))
        listed = meta.get_predictions()
        self.assertEqual(listed.get_size(), 0)
        self.assertEqual(listed.get_created(), "2023-11-07 14:57:03 +0000")
        self.assertEqual(listed.get_n_keypoint_edges(), 1)
        self.assertEqual(listed.get_keypoint_edge(0), (True, "a", "b"))
        self.assertEqual(listed.get_keypoint_edge(1)[0], False)
        self.assertEqual(json.loads(meta.to_json()), {
            "frame": 7, "pts": 400000000, "source_pts": None, "held": True,
            "source": "held", "width": 640, "height": 480,
            "latency_ms": None, "created": "2023-11-07 14:57:03 +0000",
            "predictions": []})

    # Test that the source of a frame's predictions is a registered enum
    # whose nicks are the JSON names, and reads from the meta as it: the
    # field as set, get_source() held when the held flag is set and the
    # source left at predicted.
    def test_prediction_source(self):
        self.assertEqual(
            GObject.type_name(GstGeti.PredictionSource.__gtype__),
            "GstGetiPredictionSource")
        values = [getattr(GstGeti.PredictionSource, name.upper())
                  for name in SOURCES]
        self.assertEqual([int(v) for v in values], [0, 1, 2, 3])
        self.assertEqual([v.value_nick for v in values], SOURCES)
        self.assertEqual(
            [GstGeti.PredictionSource.to_string(v) for v in values], SOURCES)

        buffer = Gst.Buffer.new()
        meta = GstGeti.buffer_add_geti_prediction_meta(buffer, None, 4, 4)
        self.assertEqual(meta.source, GstGeti.PredictionSource.PREDICTED)
        self.assertIsInstance(meta.get_source(), GstGeti.PredictionSource)
        self.assertEqual(meta.get_source(), GstGeti.PredictionSource.PREDICTED)
        meta.held = True
        self.assertEqual(meta.source, GstGeti.PredictionSource.PREDICTED)
        self.assertEqual(meta.get_source(), GstGeti.PredictionSource.HELD)
        for value in values[1:]:
            meta.source = value
            meta = GstGeti.buffer_get_geti_prediction_meta(buffer)
            self.assertEqual(meta.source, value)
            self.assertEqual(meta.get_source(), value)
            self.assertEqual(json.loads(meta.to_json())["source"],
                             value.value_nick)
        self.assertIn("extrapolated", repr(meta))

    # Test that a track id set from Python is kept by the list, read back
    # as the field and through get_track_id(), written first in the JSON
    # line (and only when not 0), and that track ids and source survive a
    # pipeline that copies and scales the buffer (videoscale).
    def test_track_id(self):
        predictions = GstGeti.Predictions.new(None)
        for track_id in (7, 0, 4000000007):
            prediction = GstGeti.Prediction()
            prediction.track_id = track_id
            self.assertEqual(prediction.get_track_id(), track_id)
            predictions.add(prediction)
        self.assertEqual([p.track_id for p in predictions],
                         [7, 0, 4000000007])
        self.assertIn("#7", repr(predictions[0]))
        self.assertNotIn("#", repr(predictions[1]))

        pipeline = Gst.parse_launch(
            "appsrc name=src format=time caps=video/x-raw,format=GRAY8,"
            "width=64,height=48,framerate=30/1 ! videoscale ! "
            "video/x-raw,width=32,height=24 ! appsink name=sink sync=false")
        buffer = Gst.Buffer.new_wrapped(bytes(64 * 48))
        buffer.pts = 0
        meta = GstGeti.buffer_add_geti_prediction_meta(
            buffer, predictions, 64, 48)
        meta.held = True
        meta.source = GstGeti.PredictionSource.EXTRAPOLATED
        line = json.loads(meta.to_json())
        self.assertEqual([list(p) for p in line["predictions"]],
                         [["track_id", "labels"], ["labels"],
                          ["track_id", "labels"]])
        self.assertEqual(
            [p.get("track_id") for p in line["predictions"]],
            [7, None, 4000000007])
        src = pipeline.get_by_name("src")
        src.emit("push-buffer", buffer)
        src.emit("end-of-stream")
        samples = pull_samples(pipeline)
        self.assertEqual(len(samples), 1)
        scaled = GstGeti.buffer_get_geti_prediction_meta(
            samples[0].get_buffer())
        self.assertIsNotNone(scaled)
        self.assertEqual((scaled.width, scaled.height), (32, 24))
        self.assertEqual(scaled.get_source(),
                         GstGeti.PredictionSource.EXTRAPOLATED)
        self.assertEqual([p.track_id for p in scaled], [7, 0, 4000000007])
        self.assertEqual([p.get_track_id() for p in scaled],
                         [7, 0, 4000000007])
        self.assertEqual(json.loads(scaled.to_json())["predictions"],
                         line["predictions"])

    # Test that the frames of getipredict interval=2 read from Python as
    # the JSON lines say: the sampled ones predicted, the others held (the
    # source, the held flag and get_source() agree), none tracked.
    def test_source_from_getipredict(self):
        server = FakeServer()
        try:
            samples = run_ball(server, 6, "interval=2")
        finally:
            server.close()
        self.assertEqual(len(samples), 6)
        for frame, sample in enumerate(samples):
            meta = GstGeti.buffer_get_geti_prediction_meta(sample.get_buffer())
            self.assertIsNotNone(meta)
            expected = json.loads(meta.to_json())
            self.assertEqual(natural_meta_dict(meta), expected)
            want = (GstGeti.PredictionSource.HELD if frame % 2
                    else GstGeti.PredictionSource.PREDICTED)
            self.assertEqual(meta.source, want, frame)
            self.assertEqual(meta.get_source(), want, frame)
            self.assertEqual(meta.held, bool(frame % 2))
            self.assertEqual(expected["source"], want.value_nick)
            self.assertTrue(len(meta) > 0)
            self.assertEqual([p.track_id for p in meta], [0] * len(meta))
            self.assertEqual([p.get_track_id() for p in meta],
                             [0] * len(meta))
            self.assertFalse(any("track_id" in p
                                 for p in expected["predictions"]))

    # Test that the shape type enum is a registered GType with its names.
    def test_shape_type(self):
        self.assertEqual(GObject.type_name(GstGeti.ShapeType.__gtype__),
                         "GstGetiShapeType")
        self.assertEqual(
            [GstGeti.ShapeType.to_string(getattr(GstGeti.ShapeType, name))
             for name in SHAPE_TYPES], SHAPE_TYPES)
        self.assertIsNone(GstGeti.ShapeType.to_string(GstGeti.ShapeType.NONE))
        self.assertEqual(GstGeti.ShapeType.ROTATED_RECTANGLE.value_nick,
                         "rotated-rectangle")

    # Test that the accessors give, for predictions of every shape type, what
    # the meta's JSON line says; and that what they returned stays valid
    # after the buffers are gone (bindings hold copies).
    def test_every_shape(self):
        server = FakeServer("--scenario", "shapes")
        try:
            samples = run_ball(server, 3)
        finally:
            server.close()
        self.assertEqual(len(samples), 3)

        kept = []
        for frame, sample in enumerate(samples):
            meta = GstGeti.buffer_get_geti_prediction_meta(sample.get_buffer())
            self.assertIsNotNone(meta)
            expected = json.loads(meta.to_json())
            self.assertEqual(meta.frame, frame)
            self.assertEqual(expected["frame"], frame)
            self.assertFalse(meta.held)
            self.assertEqual(meta.get_predictions().get_created(),
                             expected["created"])

            self.assertEqual(meta.get_n_predictions(), len(SHAPE_TYPES))
            predictions = [meta.get_prediction(i)
                           for i in range(meta.get_n_predictions())]
            self.assertEqual([prediction_dict(p) for p in predictions],
                             expected["predictions"])
            self.assertEqual(
                [p.get_shape().get_shape_type().value_name
                 for p in predictions],
                ["GST_GETI_SHAPE_" + name for name in SHAPE_TYPES])
            polygon = predictions[3].get_shape()
            self.assertEqual(polygon.get_n_points(), 4)
            self.assertIsNone(polygon.get_point(4))
            self.assertIsNone(predictions[0].get_label(1))
            kept.append((predictions, polygon.get_point(2),
                         predictions[0].get_label(0), expected))

        del samples, sample, meta
        gc.collect()
        for predictions, point, label, expected in kept:
            self.assertEqual([prediction_dict(p) for p in predictions],
                             expected["predictions"])
            self.assertEqual({"x": rounded(point.get_x()),
                              "y": rounded(point.get_y())},
                             expected["predictions"][3]["shape"]["points"][2])
            self.assertEqual(label.get_name(), "ball")


    # Test that a new user reading every field of every kind of prediction
    # (fields, get_labels(), get_points(), get_all(), the colour as text)
    # gets what the JSON line of the same buffer says, without a critical
    # (G_DEBUG=fatal-criticals): every shape kind, keypoints with their
    # skeleton, and the two labels of a task chain.
    def test_natural_every_field(self):
        runs = {"shapes": ("--scenario", "shapes"),
                "keypoint": ("--project-kind", "keypoint"),
                "task-chain": ("--project-kind", "task-chain"),
                "empty": ("--scenario", "empty")}
        seen_types = set()
        for name, args in runs.items():
            server = FakeServer(*args)
            try:
                samples = run_ball(server, 2)
            finally:
                server.close()
            self.assertEqual(len(samples), 2, name)
            for sample in samples:
                meta = GstGeti.buffer_get_geti_prediction_meta(
                    sample.get_buffer())
                self.assertIsNotNone(meta, name)
                expected = json.loads(meta.to_json())
                self.assertEqual(natural_meta_dict(meta), expected, name)
                predictions = meta.get_predictions()
                self.assertNotEqual(predictions.get_seqnum(), 0)
                for prediction in predictions.get_all():
                    # the raw array fields read without a critical
                    prediction.labels  # noqa: B018
                    prediction.shape.points  # noqa: B018
                    seen_types.add(prediction.shape.type)
                    for label in prediction.get_labels():
                        if label.color:
                            self.assertEqual(label.get_color_string(),
                                             "#%08x" % label.color)
                if name == "keypoint":
                    ids = {label["id"] for p in expected["predictions"]
                           for label in p["labels"]}
                    edges = [predictions.get_keypoint_edge(i)
                             for i in range(
                                 predictions.get_n_keypoint_edges())]
                    self.assertTrue(edges)
                    for ok, a, b in edges:
                        self.assertTrue(ok)
                        self.assertIn(a, ids)
                        self.assertIn(b, ids)
                if name == "empty":
                    # Geti's "nothing found": the project's empty label,
                    # marked so in the fields and the JSON line
                    labels = [label for p in predictions.get_all()
                              for label in p.get_labels()]
                    self.assertEqual([(label.name, label.empty,
                                       label.get_empty()) for label in labels],
                                     [("No object", True, True)])
                    self.assertTrue(
                        expected["predictions"][0]["labels"][0]["empty"])
                else:
                    for p in predictions.get_all():
                        self.assertFalse(any(label.empty
                                             for label in p.get_labels()))
                if name == "task-chain":
                    for p in predictions.get_all():
                        self.assertEqual(p.n_labels, 2)
                        self.assertEqual(len(p.get_labels()), 2)
        self.assertEqual(
            seen_types, {getattr(GstGeti.ShapeType, n) for n in SHAPE_TYPES})

    # Test that the methods document themselves to help().
    def test_help(self):
        for method, text in [
                (GstGeti.Prediction.get_labels, "-> list"),
                (GstGeti.Shape.get_points, "-> list"),
                (GstGeti.Predictions.get_all, "-> list"),
                (GstGeti.Label.get_color_string, "-> str"),
                (GstGeti.PredictionMeta.get_source,
                 "-> GstGeti.PredictionSource"),
                (GstGeti.buffer_get_geti_prediction_meta,
                 "GstGeti.PredictionMeta")]:
            self.assertIn(text, method.__doc__)

    # Test the Python side a new user expects (the overrides): the meta and
    # the list are sequences of predictions, labels and points are lists,
    # the colour reads as text, and help() shows what things are.
    def test_pythonic(self):
        self.assertTrue(GstGeti.Prediction.__module__.startswith(
            "gi.overrides"), GstGeti.Prediction.__module__)
        server = FakeServer("--scenario", "shapes")
        try:
            samples = run_ball(server, 2)
        finally:
            server.close()
        for sample in samples:
            meta = GstGeti.buffer_get_geti_prediction_meta(sample.get_buffer())
            expected = json.loads(meta.to_json())["predictions"]
            self.assertEqual(len(meta), len(expected))
            self.assertEqual(len(meta.get_predictions()), len(expected))
            listed = list(meta)
            self.assertEqual([natural_prediction_dict(p) for p in listed],
                             expected)
            self.assertEqual(
                [natural_prediction_dict(p) for p in meta.get_predictions()],
                expected)
            self.assertEqual(natural_prediction_dict(meta[-1]), expected[-1])
            with self.assertRaises(IndexError):
                meta[len(meta)]
            for prediction, want in zip(meta, expected):
                self.assertEqual(
                    [(label.name, label.color_string)
                     for label in prediction.labels],
                    [(label["name"], label["color"])
                     for label in want["labels"]])
                if prediction.shape.type == GstGeti.ShapeType.POLYGON:
                    self.assertEqual(
                        [{"x": rounded(p.x), "y": rounded(p.y)}
                         for p in prediction.shape.points],
                        want["shape"]["points"])
                else:
                    self.assertEqual(prediction.shape.points, [])
                self.assertIn("GstGeti.Prediction", repr(prediction))
        empty = GstGeti.buffer_add_geti_prediction_meta(
            Gst.Buffer.new(), None, 4, 4)
        self.assertEqual((len(empty), list(empty)), (0, []))
        for thing, text in [(GstGeti.PredictionMeta.__iter__,
                             "a sequence of"),
                            (GstGeti.PredictionMeta.get_prediction,
                             "IndexError"),
                            (GstGeti.Prediction.labels,
                             "list of GstGeti.Label"),
                            (GstGeti.Label.color_string, "#rrggbbaa"),
                            (GstGeti.Shape.points, "GstGeti.Point")]:
            self.assertIn(text, thing.__doc__)

    # Test that explanation maps made and attached from Python read back,
    # from the list and from the meta: label, colour, size, stride, the
    # pixels as bytes equal to what was put in (through get_bytes(),
    # "data" and a Gst.Buffer), the JSON line's "maps", and that a map
    # read from a list stays valid when the list and buffer are gone.
    def test_maps(self):
        pixels = bytes((i * 7 + 1) % 256 for i in range(8 * 6))
        ball = GstGeti.Map.new("id-ball", "ball", 0xff5662ff, 8, 6,
                               GLib.Bytes.new(pixels))
        anomaly = GstGeti.Map.new("id-anomaly", None, 0, 2, 1,
                                  GLib.Bytes.new(b"\x00\xff"))
        predictions = GstGeti.Predictions.new(None)
        self.assertEqual((predictions.get_n_maps(), predictions.maps), (0, []))
        predictions.add_map(ball)
        predictions.add_map(anomaly)
        buffer = Gst.Buffer.new()
        GstGeti.buffer_add_geti_prediction_meta(buffer, predictions, 640, 480)
        meta = GstGeti.buffer_get_geti_prediction_meta(buffer)

        self.assertEqual(meta.get_n_maps(), 2)
        self.assertIsNone(meta.get_map(2))
        self.assertIsNone(predictions.get_map(2))
        for maps in (meta.maps, predictions.maps,
                     [meta.get_map(0), meta.get_map(1)],
                     [predictions.get_map(0), predictions.get_map(1)]):
            self.assertEqual(len(maps), 2)
            first, second = maps
            self.assertIsInstance(first, GstGeti.Map)
            self.assertEqual(
                (first.get_label_id(), first.get_label_name(),
                 first.get_color(), first.get_width(), first.get_height(),
                 first.get_stride()),
                ("id-ball", "ball", 0xff5662ff, 8, 6, 8))
            self.assertEqual(
                (first.label_id, first.label_name, first.color, first.width,
                 first.height, first.stride),
                ("id-ball", "ball", 0xff5662ff, 8, 6, 8))
            self.assertEqual(first.get_bytes().get_data(), pixels)
            self.assertEqual(first.data, pixels)
            mapped = first.get_buffer()
            self.assertEqual(mapped.get_size(), len(pixels))
            self.assertEqual(mapped.extract_dup(0, mapped.get_size()), pixels)
            self.assertEqual(
                (second.label_id, second.label_name, second.color,
                 second.width, second.height, second.data),
                ("id-anomaly", None, 0, 2, 1, b"\x00\xff"))
            self.assertIn("GstGeti.Map 'ball' 8x6", repr(first))
        self.assertEqual(json.loads(meta.to_json())["maps"], [
            {"label_id": "id-ball", "name": "ball", "width": 8, "height": 6},
            {"label_id": "id-anomaly", "name": None, "width": 2,
             "height": 1}])

        kept = predictions.get_map(0)
        del meta, buffer, predictions, ball, anomaly, maps, first, second
        gc.collect()
        self.assertEqual((kept.label_id, kept.data), ("id-ball", pixels))
        without = GstGeti.buffer_add_geti_prediction_meta(
            Gst.Buffer.new(), None, 4, 4)
        self.assertEqual((without.get_n_maps(), without.maps), (0, []))
        self.assertNotIn("maps", json.loads(without.to_json()))
        self.assertIn("GstGeti.Map", GstGeti.Predictions.maps.__doc__)
        self.assertIn("bytes", GstGeti.Map.data.__doc__)

    # Test that the name before the one naming scheme still works.
    def test_deprecated_name(self):
        buffer = Gst.Buffer.new()
        meta = GstGeti.buffer_add_geti_prediction_meta(buffer, None, 4, 4)
        self.assertEqual(
            GstGeti.buffer_get_prediction_meta(buffer).width, meta.width)

def main():
    global FAKE_SERVER
    FAKE_SERVER = sys.argv.pop(1)
    Gst.init(None)
    result = unittest.main(exit=False, verbosity=2).result
    # The Check summary line tests/run.sh totals.
    checks = result.testsRun
    failures, errors = len(result.failures), len(result.errors)
    percent = (checks - failures - errors) * 100 // checks if checks else 0
    print("%d%%: Checks: %d, Failures: %d, Errors: %d"
          % (percent, checks, failures, errors))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
