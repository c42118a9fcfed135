#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""What one :explain costs getipredict's client at 1080p (a script to run,
not a test).

The same 1080p I420 frames through getipredict (interval=1) against the
standalone fake Geti server, with explain-interval=0 and with
explain-interval=1: the difference per frame is what asking :explain for a
frame adds on the client (a copy of the JPEG, the request, reading the
answer, decoding the base64 and the map JPEG, attaching it). Marginal costs
(runs of N and 2N frames), in instructions counted by callgrind (the CPU
work, which a shared machine's noise does not move) and in CPU time (the
median of rounds measuring both settings one after the other).

    tests/bench/explain_bench.py [--build-dir build] [--rounds 5]
"""

import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench as geti_bench  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir",
                        default=os.path.join(here, "..", "..", "build"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--frames", type=int, default=40)
    args = parser.parse_args()
    b = geti_bench.Bench(os.path.abspath(args.build_dir))
    server = geti_bench.FakeServer(b.server_exe)
    try:
        def description(explain, n):
            return ("videotestsrc pattern=ball num-buffers=%d ! "
                    "video/x-raw,format=I420,width=1920,height=1080 ! "
                    "getipredict explain-interval=%d %s ! fakesink name=sink"
                    % (n, explain, server.properties()))

        def cpu_per_frame(explain):
            n = args.frames
            return (b.pipeline(description(explain, 2 * n))["cpu_s"] -
                    b.pipeline(description(explain, n))["cpu_s"]) / n

        def instructions_per_frame(explain, n=8):
            return (geti_bench.instructions(
                b, ["pipeline", description(explain, 2 * n)]) -
                geti_bench.instructions(
                    b, ["pipeline", description(explain, n)])) / n

        without, with_ = [], []
        for _ in range(args.rounds):
            without.append(cpu_per_frame(0))
            with_.append(cpu_per_frame(1))
        extra = [w - o for w, o in zip(with_, without)]
        print("1080p I420, interval=1, per frame (runs of %d and %d frames, "
              "median of %d rounds):" % (args.frames, 2 * args.frames,
                                         args.rounds))
        print("  CPU ms, explain-interval=0: %.2f" %
              (statistics.median(without) * 1e3))
        print("  CPU ms, explain-interval=1: %.2f" %
              (statistics.median(with_) * 1e3))
        print("  one :explain on the client: %.2f ms CPU (rounds: %s)" % (
            statistics.median(extra) * 1e3,
            " ".join("%.2f" % (e * 1e3) for e in extra)))
        have_valgrind = subprocess.run(
            ["which", "valgrind"], stdout=subprocess.DEVNULL).returncode == 0
        if have_valgrind:
            i0 = instructions_per_frame(0)
            i1 = instructions_per_frame(1)
            print("  instructions per frame: %.1f M without, %.1f M with; "
                  "one :explain: %.2f M" % (i0 / 1e6, i1 / 1e6,
                                             (i1 - i0) / 1e6))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
