#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Checks that the README names every property of each element exactly once,
and nothing that is not one: the element's own properties as the plugin
registers them (what `gst-inspect-1.0 <element>` lists, less what it
inherits from GstObject, GstBaseTransform or GstBaseSink).

In the README, an element's section is the one headed `### <element>`; its
properties are the names in backticks in the first column of a table whose
header's first cell is `property` or `properties`, and in a line that begins
with `Properties:`. A property whose row says "GStreamer ≥ 1.24" exists only
in builds against GStreamer 1.24 or later (GstAnalytics): with an older
GStreamer its absence is expected.

    check_properties.py [README.md]     (GST_PLUGIN_PATH: the built plugin)

Prints one line per element, `N passed, N failed` and the same as Check does
(`NN%: Checks: N, Failures: N, Errors: 0`, which tests/run.sh totals).
"""

import os
import re
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GObject, Gst  # noqa: E402

ELEMENTS = ("getipredict", "getioverlay", "getijsonsink", "getitrack")
NAME = re.compile(r"`([a-z][a-z0-9-]*)`")


NEWER = "GStreamer ≥ 1.24"


def readme_properties(text, element, newer=None):
    """The property names listed in the element's section (a list, so that
    a name listed twice shows), or None without a section; the names of the
    rows that say NEWER are also added to the set @newer."""
    lines = text.splitlines()
    try:
        start = lines.index("### " + element)
    except ValueError:
        return None
    names = []
    in_table = False
    for line in lines[start + 1:]:
        if line.startswith("## ") or line.startswith("### "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")] \
            if line.startswith("|") else None
        if cells is None:
            in_table = False
            if line.startswith("Properties:"):
                names += NAME.findall(line)
            continue
        if not in_table:
            in_table = cells[0] in ("property", "properties")
            continue
        if set(cells[0]) <= set("-: "):
            continue  # the separator row
        names += NAME.findall(cells[0])
        if newer is not None and NEWER in line:
            newer.update(NAME.findall(cells[0]))
    return names


def own_properties(element):
    factory = Gst.ElementFactory.find(element)
    if factory is None:
        return None
    gtype = factory.load().get_element_type()
    return {p.name for p in GObject.list_properties(gtype)
            if p.owner_type == gtype}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
    Gst.init(None)
    with open(path) as f:
        text = f.read()
    passed = failed = 0
    for element in ELEMENTS:
        registered = own_properties(element)
        newer = set()
        listed = readme_properties(text, element, newer)
        problems = []
        if registered is None:
            problems.append("no such element (GST_PLUGIN_PATH=%s)"
                            % os.environ.get("GST_PLUGIN_PATH", ""))
        elif listed is None:
            problems.append("the README has no '### %s' section" % element)
        else:
            twice = sorted({n for n in listed if listed.count(n) > 1})
            missing = sorted(registered - set(listed))
            unknown = set(listed) - registered
            if Gst.version() < (1, 24, 0, 0):
                unknown -= newer
            unknown = sorted(unknown)
            if missing:
                problems.append("not in the README: " + ", ".join(missing))
            if unknown:
                problems.append("in the README but no property: "
                                + ", ".join(unknown))
            if twice:
                problems.append("listed more than once: " + ", ".join(twice))
        if problems:
            failed += 1
            print("%s: FAILED: %s" % (element, "; ".join(problems)))
        else:
            passed += 1
            print("%s: ok (%d properties)" % (element, len(registered)))
    print("%d passed, %d failed" % (passed, failed))
    # tests/run.sh totals Check's summary lines
    print("%d%%: Checks: %d, Failures: %d, Errors: 0"
          % (passed * 100 // (passed + failed), passed + failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
