#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# GStreamer's analytics language from Python: the entries getipredict (and
# getitrack) attach, read through the GstAnalytics-1.0 typelib as any
# analytics application reads them, agree with the GstGeti meta of the same
# buffer, for every shape kind, a task chain, a classification project and
# tracked predictions. Run where the plugin was built against GStreamer
# >= 1.24 (tests/meson.build adds it there only).
#
#   test_analytics.py FAKE_GETI_SERVER
#
# GI_TYPELIB_PATH and LD_LIBRARY_PATH must name the directory of
# GstGeti-1.0.typelib and libgstgeti-1.0.so, GST_PLUGIN_PATH the plugin's.

import math
import sys
import unittest

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstGeti", "1.0")
gi.require_version("GstAnalytics", "1.0")
from gi.repository import GLib, Gst, GstAnalytics, GstGeti  # noqa: E402

import test_gstgeti  # noqa: E402  (its FakeServer and pull_samples)

def run(server, frames, between=""):
    env = server.env
    pipeline = Gst.parse_launch(
        "videotestsrc pattern=ball num-buffers=%d ! "
        "video/x-raw,width=320,height=240,framerate=30/1 ! "
        "getipredict server=%s organization-id=%s workspace-id=%s "
        "project-id=%s api-key=%s %s ! appsink name=sink sync=false"
        % (frames, env["GETI_SERVER"], env["GETI_ORGANIZATION_ID"],
           env["GETI_WORKSPACE_ID"], env["GETI_PROJECT_ID"],
           env["GETI_API_KEY"], between))
    return test_gstgeti.pull_samples(pipeline)


def entries(buffer):
    """(detections, classifications, trackings) of the buffer's relation
    meta, each a list of handles, in the order they were added."""
    rmeta = GstAnalytics.buffer_get_analytics_relation_meta(buffer)
    if rmeta is None:
        return None
    found = ([], [], [])
    for i in range(GstAnalytics.relation_get_length(rmeta)):
        ok, od = rmeta.get_od_mtd(i)
        if ok:
            found[0].append(od)
            continue
        ok, cls = rmeta.get_cls_mtd(i)
        if ok:
            found[1].append(cls)
            continue
        ok, trk = rmeta.get_tracking_mtd(i)
        if ok:
            found[2].append(trk)
    return found


def related(rmeta, mtd, others):
    """The handles of @others that @mtd relates to (RELATE_TO)."""
    return [o for o in others
            if rmeta.get_relation(mtd.id, o.id) ==
            GstAnalytics.RelTypes.RELATE_TO]


def whole_frame(shape, width, height):
    return (shape.get_shape_type() == GstGeti.ShapeType.RECTANGLE and
            shape.get_x() <= 1 and shape.get_y() <= 1 and
            shape.get_x() + shape.get_width() >= width - 1 and
            shape.get_y() + shape.get_height() >= height - 1)


def expected_box(shape):
    """(x, y, w, h, r) the detection entry must have for @shape"""
    kind = shape.get_shape_type()
    if kind == GstGeti.ShapeType.ROTATED_RECTANGLE:
        x = shape.get_x() - shape.get_width() / 2
        y = shape.get_y() - shape.get_height() / 2
        return (x, y, shape.get_width(), shape.get_height(),
                math.radians(shape.get_angle()))
    if kind == GstGeti.ShapeType.POLYGON:
        xs = [shape.get_point(i).get_x() for i in range(shape.get_n_points())]
        ys = [shape.get_point(i).get_y() for i in range(shape.get_n_points())]
        return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys), 0)
    if kind == GstGeti.ShapeType.KEYPOINT:
        return (shape.get_x(), shape.get_y(), 0, 0, 0)
    return (shape.get_x(), shape.get_y(), shape.get_width(),
            shape.get_height(), 0)


class AnalyticsTest(unittest.TestCase):

    def check_buffer(self, buffer, tracked=False):
        """Every prediction of the GstGeti meta is its entries, and nothing
        else is there."""
        meta = GstGeti.buffer_get_prediction_meta(buffer)
        self.assertIsNotNone(meta)
        found = entries(buffer)
        self.assertIsNotNone(found, "no relation meta")
        detections, classifications, trackings = found
        rmeta = GstAnalytics.buffer_get_analytics_relation_meta(buffer)
        used_cls, next_od = set(), 0
        for i in range(meta.get_n_predictions()):
            p = meta.get_prediction(i)
            labels = [p.get_label(k) for k in range(p.get_n_labels())]
            shape = p.get_shape()
            if whole_frame(shape, meta.width, meta.height):
                matching = [c for c in classifications if c.id not in used_cls
                            and GLib.quark_to_string(c.get_quark(0)) ==
                            labels[0].get_name()]
                self.assertTrue(matching, "no classification for %s"
                                % labels[0].get_name())
                used_cls.add(matching[0].id)
                self.assertEqual(matching[0].get_length(),
                                 len([lb for lb in labels
                                      if not lb.get_empty()]))
                continue
            od = detections[next_od]
            next_od += 1
            self.assertEqual(GLib.quark_to_string(od.get_obj_type()),
                             labels[0].get_name())
            ok, x, y, w, h, r, confidence = od.get_oriented_location()
            self.assertTrue(ok)
            self.assertAlmostEqual(confidence, labels[0].get_probability(),
                                   places=5)
            ex, ey, ew, eh, er = expected_box(shape)
            for got, want in ((x, ex), (y, ey), (x + w, ex + ew),
                              (y + h, ey + eh)):
                self.assertLessEqual(abs(got - want), 1,
                                     "%s: %r vs %r"
                                     % (shape.get_shape_type(),
                                        (x, y, w, h), (ex, ey, ew, eh)))
            self.assertAlmostEqual(r, er, places=4)
            chain = related(rmeta, od, classifications)
            if len(labels) > 1:
                self.assertEqual(len(chain), 1)
                used_cls.add(chain[0].id)
                self.assertEqual(
                    [GLib.quark_to_string(chain[0].get_quark(k))
                     for k in range(chain[0].get_length())],
                    [lb.get_name() for lb in labels[1:]])
            else:
                self.assertEqual(chain, [])
            tracks = related(rmeta, od, trackings)
            if p.get_track_id():
                self.assertEqual(len(tracks), 1)
                ok, track_id, first, last, lost = tracks[0].get_info()
                self.assertTrue(ok)
                self.assertEqual(track_id, p.get_track_id())
                self.assertFalse(lost)
                self.assertLessEqual(first, last)
            else:
                self.assertEqual(tracks, [])
        self.assertEqual(next_od, len(detections))
        self.assertEqual(len(used_cls), len(classifications))
        if tracked:
            self.assertEqual(len(trackings), len(detections))

    def check_scenario(self, frames, *args, between="", tracked=False):
        server = test_gstgeti.FakeServer(*args)
        try:
            samples = run(server, frames, between)
        finally:
            server.close()
        self.assertEqual(len(samples), frames)
        for sample in samples:
            self.check_buffer(sample.get_buffer(), tracked)

    def test_every_shape(self):
        """RECTANGLE, ROTATED_RECTANGLE, ELLIPSE, POLYGON, KEYPOINT"""
        self.check_scenario(5, "--scenario", "shapes")

    def test_task_chain(self):
        """each box relates to the classification of its chain"""
        self.check_scenario(5, "--project-kind", "task-chain")

    def test_classification(self):
        """a whole-frame result is a classification entry, no box"""
        self.check_scenario(5, "--scenario", "classification")

    def test_tracked(self):
        """getitrack: a tracking entry per box, with its track id"""
        self.check_scenario(15, between="interval=5 ! getitrack",
                            tracked=True)


def main():
    test_gstgeti.FAKE_SERVER = sys.argv.pop(1)
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
