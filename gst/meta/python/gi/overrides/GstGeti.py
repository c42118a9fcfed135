# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# PyGObject overrides of GstGeti-1.0: what the C API spells with counts and
# indices reads the Python way here. A GstGeti.PredictionMeta and a
# GstGeti.Predictions list are sequences of GstGeti.Prediction (len(), [i],
# for ... in); a prediction's "labels" and a shape's "points" are lists;
# a label's colour reads as text too ("#ff5662ff", as the JSON lines write
# it); the explanation maps of a list or a meta are a list ("maps"), each
# with its pixels as bytes ("data"); and the methods carry the
# documentation help() shows.
#
# Installed beside PyGObject's own overrides (gi/overrides/GstGeti.py), it is
# loaded by "from gi.repository import GstGeti" with nothing else to do.

from ..module import get_introspection_module
from ..overrides import override

GstGeti = get_introspection_module("GstGeti")

__all__ = []


def _index(index, size, what):
    if not isinstance(index, int):
        raise TypeError("%s indices must be integers" % what)
    if index < 0:
        index += size
    if not 0 <= index < size:
        raise IndexError("%s index out of range" % what)
    return index


class Label(GstGeti.Label):
    """A label the model gave a prediction.

    Fields: id (the Geti label id), name (None when the server gave none and
    the project is not known), color (0xRRGGBBAA, 0 when not known; as text
    in color_string) and probability (0 to 1; keypoint scores may exceed 1).
    """

    @property
    def color_string(self):
        """The colour as the JSON lines write it, "#rrggbbaa"; None when
        not known."""
        return self.get_color_string()

    def __repr__(self):
        return "<GstGeti.Label %r %.3f %s>" % (
            self.name if self.name is not None else self.id,
            self.probability, self.color_string)


Label = override(Label)
__all__.append("Label")


class Shape(GstGeti.Shape):
    """Where a prediction is, in the frame's pixels.

    Fields: type (a GstGeti.ShapeType); for RECTANGLE, ELLIPSE (its box) and
    ROTATED_RECTANGLE (its centre): x, y, width, height, and angle in
    degrees; for KEYPOINT: x, y and visible; for POLYGON: points, a list of
    GstGeti.Point (x, y).
    """

    @property
    def points(self):
        """The polygon's points, a list of GstGeti.Point ([] for other
        shapes)."""
        return self.get_points() or []

    def __repr__(self):
        return "<GstGeti.Shape %s>" % GstGeti.ShapeType.to_string(self.type)


Shape = override(Shape)
__all__.append("Shape")


class Prediction(GstGeti.Prediction):
    """One prediction: its labels (best first) and its shape.

    prediction.labels is a list of GstGeti.Label (a task chain gives a
    detection label then a classification label); prediction.shape a
    GstGeti.Shape; prediction.track_id the object it follows, the same
    number on every frame where it is the same object (getitrack sets it;
    0 when untracked).
    """

    @property
    def labels(self):
        """The labels, a list of GstGeti.Label."""
        return self.get_labels() or []

    def __repr__(self):
        return "<GstGeti.Prediction %s%s %r>" % (
            "#%d " % self.track_id if self.track_id else "",
            GstGeti.ShapeType.to_string(self.shape.type),
            [label.name for label in self.labels])


Prediction = override(Prediction)
__all__.append("Prediction")


class Map(GstGeti.Map):
    """An explanation map (Geti's :explain): an 8-bit intensity image for
    one label, brighter where the model looked for it; it covers the whole
    frame, whatever its own size. Immutable, shared by the frames that hold
    it (never copied).

    label_id, label_name (None when not known), color (0xRRGGBBAA, 0 when
    not known), width, height and stride (= width) describe it; data is its
    pixels as bytes (row after row); get_bytes() gives them as GLib.Bytes
    and get_buffer() as a GRAY8 Gst.Buffer, both without copying.
    """

    label_id = property(GstGeti.Map.get_label_id,
                        doc="The Geti id of the label the map explains.")
    label_name = property(GstGeti.Map.get_label_name,
                          doc="The label's name, None when not known.")
    color = property(GstGeti.Map.get_color,
                     doc="The label's colour, 0xRRGGBBAA, 0 when not known.")
    width = property(GstGeti.Map.get_width, doc="The map's width in pixels.")
    height = property(GstGeti.Map.get_height,
                      doc="The map's height in pixels.")
    stride = property(GstGeti.Map.get_stride,
                      doc="The bytes from one row to the next (the width).")

    @property
    def data(self):
        """The pixels, width * height bytes, row after row."""
        return self.get_bytes().get_data()

    def __repr__(self):
        return "<GstGeti.Map %r %dx%d>" % (
            self.label_name if self.label_name is not None else self.label_id,
            self.width, self.height)


Map = override(Map)
__all__.append("Map")


def _maps(predictions):
    return [predictions.get_map(i) for i in range(predictions.get_n_maps())]


class Predictions(GstGeti.Predictions):
    """The predictions of one answer of the Geti server, a sequence of
    GstGeti.Prediction: len(predictions), predictions[i], and
    for prediction in predictions.

    get_created() is the server's time of the answer; get_keypoint_edge(i)
    the skeleton of keypoint projects; get_seqnum() changes whenever the
    list does, and is kept by copies and scaled copies (a consumer can
    compare it to know whether to redraw); maps the explanation maps, a
    list of GstGeti.Map (empty when they were not asked for).
    """

    def __len__(self):
        return self.get_size()

    def __getitem__(self, index):
        return self.get(_index(index, len(self), "prediction"))

    def __iter__(self):
        return iter(self.get_all() or [])

    @property
    def maps(self):
        """The explanation maps, a list of GstGeti.Map."""
        return _maps(self)

    def __repr__(self):
        return "<GstGeti.Predictions of %d>" % len(self)


Predictions = override(Predictions)
__all__.append("Predictions")


# The meta is a plain struct (a GstMeta has no GType of its own), which
# override() does not take: its class is completed in place.
_PredictionMeta = GstGeti.PredictionMeta
_meta_get_n_predictions = _PredictionMeta.get_n_predictions
_meta_get_prediction = _PredictionMeta.get_prediction
_meta_to_json = _PredictionMeta.to_json
_meta_get_source = _PredictionMeta.get_source


def _meta_len(self):
    return _meta_get_n_predictions(self)


def _meta_getitem(self, index):
    return _meta_get_prediction(self, _index(index, len(self), "prediction"))


def _meta_iter(self):
    """The meta is a sequence of GstGeti.Prediction: len(meta), meta[i],
    and for prediction in meta."""
    predictions = self.get_predictions()
    return iter(predictions.get_all() or []) if predictions else iter(())


def _meta_repr(self):
    source = _meta_get_source(self)
    return "<GstGeti.PredictionMeta frame %d, %d predictions%s>" % (
        self.frame, len(self),
        "" if source == GstGeti.PredictionSource.PREDICTED
        else ", " + source.value_nick)


def get_n_predictions(self):
    """get_n_predictions() -> int

    The number of predictions, len(meta) (0 when none were made)."""
    return _meta_get_n_predictions(self)


def get_prediction(self, index):
    """get_prediction(index: int) -> GstGeti.Prediction or None

    The prediction at index (from 0), or None past the last; meta[i] raises
    IndexError instead."""
    return _meta_get_prediction(self, index)


def get_source(self):
    """get_source() -> GstGeti.PredictionSource

    Where the predictions of this frame come from: PREDICTED (the server's
    answer for this very frame), HELD (an earlier frame's answer),
    INTERPOLATED or EXTRAPOLATED (placed by getitrack). Its value_nick is
    the "source" of the JSON line."""
    return _meta_get_source(self)


def to_json(self):
    """to_json() -> str

    The meta as one JSON line, as getijsonsink writes it."""
    return _meta_to_json(self)


def _meta_maps(self):
    """The explanation maps of the frame, a list of GstGeti.Map (empty when
    they were not asked for)."""
    predictions = self.get_predictions()
    return _maps(predictions) if predictions is not None else []


_PredictionMeta.__len__ = _meta_len
_PredictionMeta.__getitem__ = _meta_getitem
_PredictionMeta.__iter__ = _meta_iter
_PredictionMeta.__repr__ = _meta_repr
_PredictionMeta.get_n_predictions = get_n_predictions
_PredictionMeta.get_prediction = get_prediction
_PredictionMeta.get_source = get_source
_PredictionMeta.maps = property(_meta_maps)
_PredictionMeta.to_json = to_json
del get_n_predictions, get_prediction, get_source, to_json
