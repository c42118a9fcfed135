#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The soak test of getipredict (a script to run, not part of CI).

A 720p30 live source runs through getipredict (interval 1) for --minutes
against the fake Geti server, which answers about 5 % of the requests with
a fault (HTTP 500 and 503, garbage, a closed connection) and is restarted
on the same port every --restart-minutes. The pipeline runs in its own
process (tests/bench/geti-bench pipeline); every minute this prints its
resident memory and open file descriptors. It fails if either grows past a
small bound over its value after the first minute, if the pipeline posts an
error or dies, or if a single frame does not reach the sink.

    tests/soak/run.sh [--minutes 30] [--mode live|ordered] [...]
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "fake_geti"))
from fake_geti import FakeServer  # noqa: E402

FAULTS = ["500:1:0.02", "503:1:0.01", "garbage:1:0.01", "close:1:0.01"]


def rss_kb(pid):
    """The resident set of @pid; None once it has exited (a zombie)"""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--mode", choices=["live", "ordered"], default="live")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--interval", type=int, default=1)
    parser.add_argument("--latency-ms", type=int, default=30,
                        help="the fake server's inference time")
    parser.add_argument("--restart-minutes", type=float, default=3)
    parser.add_argument("--max-rss-growth-mb", type=float, default=4,
                        help="the most resident memory may grow after the "
                        "first minute")
    parser.add_argument("--max-fd-growth", type=int, default=8,
                        help="the most open file descriptors may grow after "
                        "the first minute")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    frames = int(args.minutes * 60 * args.fps)
    fault_args = []
    for fault in FAULTS:
        fault_args += ["--fault", fault]
    server = FakeServer(os.path.join(args.build_dir, "tests", "fake_geti",
                                     "fake-geti-server"),
                        ["--latency-ms", str(args.latency_ms)] + fault_args,
                        seed=args.seed, stderr=subprocess.DEVNULL)
    description = (
        "videotestsrc is-live=true pattern=ball num-buffers=%d ! "
        "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! "
        "getipredict name=predict mode=%s interval=%d retries=2 timeout=5 %s "
        "! fakesink name=sink sync=false"
        % (frames, args.width, args.height, args.fps, args.mode,
           args.interval, server.properties()))
    bench = os.path.join(args.build_dir, "tests", "bench", "geti-bench")
    print("soak: %s mode, %dx%d@%d, interval %d, %.0f min (%d frames), "
          "faults %s, server restart every %.1f min"
          % (args.mode, args.width, args.height, args.fps, args.interval,
             args.minutes, frames, " ".join(FAULTS), args.restart_minutes),
          flush=True)
    env = dict(os.environ,
               GST_PLUGIN_PATH=os.path.join(args.build_dir, "gst", "plugin"),
               GST_REGISTRY=os.path.join(args.build_dir, "registry-soak.bin"))
    pipeline = subprocess.Popen([bench, "pipeline", description],
                                stdout=subprocess.PIPE, text=True, env=env)

    failures = []
    start = time.monotonic()
    next_sample = start + 60
    next_restart = start + args.restart_minutes * 60
    base = None
    samples = []
    try:
        while pipeline.poll() is None:
            now = time.monotonic()
            if now >= next_restart:
                server.restart()
                next_restart += args.restart_minutes * 60
            if now >= next_sample:
                try:
                    rss, fds = rss_kb(pipeline.pid), fd_count(pipeline.pid)
                except OSError:
                    rss = None
                if rss is None:
                    break  # it has just ended
                minute = round((now - start) / 60)
                if base is None:
                    base = (rss, fds)
                samples.append((rss, fds))
                print("minute %3d: RSS %7.1f MB (%+6.1f), %3d fds (%+d), "
                      "server restarts %d"
                      % (minute, rss / 1024, (rss - base[0]) / 1024, fds,
                         fds - base[1], server.restarts), flush=True)
                if rss - base[0] > args.max_rss_growth_mb * 1024:
                    failures.append("RSS grew by %.1f MB (bound %.0f MB) by "
                                    "minute %d" % ((rss - base[0]) / 1024,
                                                   args.max_rss_growth_mb,
                                                   minute))
                if fds - base[1] > args.max_fd_growth:
                    failures.append("file descriptors grew by %d (bound %d) "
                                    "by minute %d" % (fds - base[1],
                                                      args.max_fd_growth,
                                                      minute))
                if failures:
                    break
                next_sample += 60
            time.sleep(0.5)
    finally:
        if pipeline.poll() is None:
            pipeline.terminate()
        out, _ = pipeline.communicate()
        server.stop()

    result = None
    for line in out.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
    if pipeline.returncode != 0:
        failures.append("the pipeline failed (exit status %d)"
                        % pipeline.returncode)
    if result is None:
        failures.append("the pipeline printed no result")
    else:
        stats = result["stats"] or {}
        print("pipeline: %d of %d frames at the sink in %.0f s; %s"
              % (result["frames"], frames, result["wall_s"],
                 ", ".join("%s %s" % kv for kv in stats.items())))
        if result["frames"] != frames:
            failures.append("%d of %d frames lost"
                            % (frames - result["frames"], frames))
    if samples:
        print("RSS %.1f -> %.1f MB (max %.1f), fds %d -> %d (max %d), "
              "%d server restarts"
              % (base[0] / 1024, samples[-1][0] / 1024,
                 max(s[0] for s in samples) / 1024, base[1], samples[-1][1],
                 max(s[1] for s in samples), server.restarts))
    for failure in failures:
        print("FAIL: " + failure)
    print("soak: %s" % ("FAILED" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
