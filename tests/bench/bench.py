#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The performance benchmark of getipredict (a script to run, not a test).

Every figure is measured in this one run, side by side with what it is
compared to, against the standalone fake Geti server:

- throughput in ordered mode, interval 1, 100 ms server, max-in-flight 1-16,
  next to the ideal max-in-flight / latency and next to the sequential Python
  `requests.post` loop of the seed on the same frames;
- pass-through cost at 1080p I420: getipredict interval=0 (and 30) vs
  identity, per frame;
- client CPU per prediction at 1080p, full size and max-size=640, vs the
  bare scale + JPEG encode of the same frames done alone;

each as a marginal cost (runs of N and 2N frames), in CPU time and in
instructions counted by callgrind (the CPU work itself, which the noise of a
shared machine does not move; the targets are checked on those); for the
client work, also where CPU time goes that instructions do not show, in
counts as steady as instructions: kernel time, context switches, page
faults and system calls per prediction, cache misses (callgrind's
simulation), and the HTTP side alone (geti-bench post);
- resident memory over 10 000 frames at interval 1 with a 20 ms server.

It prints a table (each figure next to its target) and writes a PNG plot of
throughput against max-in-flight.
"""

import argparse
import collections
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "fake_geti"))
from fake_geti import FakeServer  # noqa: E402


class Bench:
    def __init__(self, build_dir):
        self.exe = os.path.join(build_dir, "tests", "bench", "geti-bench")
        self.server_exe = os.path.join(build_dir, "tests", "fake_geti",
                                       "fake-geti-server")
        self.env = dict(os.environ)
        self.env["GST_PLUGIN_PATH"] = os.path.join(build_dir, "gst", "plugin")
        self.env["GST_REGISTRY"] = os.path.join(build_dir, "bench-registry.bin")
        # the CPUs the measuring runs are kept on (pin()); None: any
        self.cpus = None

    def pin(self, cpus):
        """Runs from now on on @cpus (a taskset list), when taskset is
        there."""
        if shutil.which("taskset"):
            self.cpus = cpus

    def _run(self, args, env=None):
        if self.cpus is not None:
            args = ["taskset", "-c", self.cpus] + args
        out = subprocess.run(args, env=env or self.env, check=True, text=True,
                             stdout=subprocess.PIPE).stdout
        return json.loads(out.strip().splitlines()[-1])

    def pipeline(self, description, rss_every=0):
        args = [self.exe, "pipeline", description]
        if rss_every:
            args += ["--rss-every", str(rss_every)]
        return self._run(args)

    def encode(self, width, height, frames, max_size=0):
        return self._run([self.exe, "encode", "--width", str(width),
                          "--height", str(height), "--frames", str(frames),
                          "--max-size", str(max_size)])

    def post(self, server, width, height, frames, max_size=0):
        """The HTTP side alone: the frames' JPEGs posted one after the other
        with the client to @server (geti-bench post)."""
        env = dict(self.env)
        env.update(server.env)
        return self._run([self.exe, "post", "--width", str(width),
                          "--height", str(height), "--frames", str(frames),
                          "--max-size", str(max_size)], env)


def python_loop_fps(bench, server, frames):
    """The seed's way: read an image, requests.post, wait, repeat."""
    import requests
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([bench.exe, "dump-jpegs", "--width", "640", "--height",
                        "480", "--frames", str(frames), "--dir", tmp],
                       env=bench.env, check=True)
        paths = sorted(glob.glob(os.path.join(tmp, "*.jpg")))
        url = server.predict_url()
        headers = {"x-api-key": server.env["GETI_API_KEY"]}
        start = time.monotonic()
        for path in paths:
            with open(path, "rb") as f:
                answer = requests.post(url, headers=headers, files={
                    "file": ("frame.jpg", f.read(), "image/jpeg")})
            answer.raise_for_status()
        return len(paths) / (time.monotonic() - start)


def callgrind_counts(bench, args, cache_sim=False, only=()):
    """The events callgrind counts in a geti-bench run, by name: Ir, the
    instructions (the CPU work, whatever else the machine is doing at the
    time), and with @cache_sim the simulated cache's misses too (D1mr, D1mw:
    first level data, read and write; DLmr, DLmw: last level; I1mr: first
    level instructions). @only: the functions (callgrind patterns) counted
    alone, the rest of the run is not."""
    options = ["--callgrind-out-file=/dev/null"]
    if cache_sim:
        options.append("--cache-sim=yes")
    if only:
        options.append("--collect-atstart=no")
        options += ["--toggle-collect=%s" % f for f in only]
    out = subprocess.run(["valgrind", "--tool=callgrind"] + options +
                         [bench.exe] + args,
                         env=bench.env, check=True, text=True,
                         stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE).stderr
    events = None
    for line in out.splitlines():
        if "Events    :" in line:
            events = line.split(":")[-1].split()
        if "Collected :" in line and events:
            return dict(zip(events, (int(v) for v in
                                     line.split(":")[-1].split())))
    raise RuntimeError("callgrind counted nothing")


def instructions(bench, args):
    """The instructions a geti-bench run executes, counted by callgrind: the
    CPU work, whatever else the machine is doing at the time."""
    return callgrind_counts(bench, args)["Ir"]


# The bare work a prediction cannot avoid, for callgrind's toggle
BARE_WORK = ("*JpegEncoder::encode*", "*FrameScaler::scale*")


def syscalls(bench, args):
    """The system calls of a geti-bench run, by name (strace -f -c)."""
    pin = ["taskset", "-c", bench.cpus] if bench.cpus is not None else []
    with tempfile.NamedTemporaryFile(mode="r") as summary:
        subprocess.run(pin + ["strace", "-f", "-c", "-o", summary.name,
                              bench.exe] + args,
                       env=bench.env, check=True, stdout=subprocess.DEVNULL)
        counts = {}
        for line in summary:
            fields = line.split()
            # % time, seconds, usecs/call, calls, [errors,] syscall
            if len(fields) >= 5 and fields[0][0].isdigit() and \
                    fields[-1] != "total":
                counts[fields[-1]] = int(fields[3])
        return counts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir",
                        default=os.path.join(here, "..", "..", "build"))
    parser.add_argument("--out", default=os.path.join(here, "..", "..", "out",
                                                      "bench"))
    parser.add_argument("--quick", action="store_true",
                        help="fewer frames (a smoke run, noisier figures)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    bench = Bench(os.path.abspath(args.build_dir))
    scale = 0.25 if args.quick else 1.0
    rows = []  # (measure, value, compared to, ratio, target, ok)

    def row(measure, value, reference, ratio, target, ok):
        rows.append((measure, value, reference, ratio, target, ok))
        print("  %-52s %s" % (measure, value), flush=True)

    # 1. Throughput against a 100 ms server
    print("throughput, ordered mode, interval 1, 100 ms server, 640x480:")
    latency_s = 0.1
    server = FakeServer(bench.server_exe,
                        ["--latency-ms", str(int(latency_s * 1000))])
    throughput = []
    try:
        python_fps = python_loop_fps(bench, server, max(10, int(40 * scale)))
        for n in (1, 2, 4, 8, 16):
            frames = max(20, int((30 * n + 30) * scale))
            r = bench.pipeline(
                "videotestsrc pattern=ball num-buffers=%d ! video/x-raw,"
                "format=I420,width=640,height=480 ! getipredict name=predict "
                "max-in-flight=%d %s ! fakesink name=sink sync=false"
                % (frames, n, server.properties()))
            fps = r["frames"] / r["wall_s"]
            ideal = n / latency_s
            throughput.append((n, fps, ideal))
            row("max-in-flight %2d (frames/s)" % n, "%.1f" % fps,
                "ideal %.0f" % ideal, "%.2f" % (fps / ideal),
                ">= 0.90" if n <= 8 else "-",
                fps / ideal >= 0.9 if n <= 8 else None)
        row("sequential Python requests.post loop (frames/s)",
            "%.1f" % python_fps, "ideal %.0f" % (1 / latency_s),
            "%.2f" % (python_fps * latency_s), "-", None)
    finally:
        server.stop()

    # 2. Pass-through cost and 3. client CPU per prediction, at 1080p I420.
    # Each as a marginal cost (runs of N and 2N frames), so that what a run
    # pays once (start-up, the project look-up, the first connection) is not
    # charged per frame; in CPU time (the median of rounds that measure both
    # sides of each ratio together: a small shared machine's speed moves by
    # tens of percent from minute to minute) and in instructions counted by
    # callgrind, the CPU work itself, which that noise does not move: the
    # targets are checked on those. With two CPUs or more, the measured
    # process runs on the first and the fake server on the second, as a
    # real server would be elsewhere: its decoding of every 1080p JPEG no
    # longer shares the client's CPU and caches.
    server = FakeServer(bench.server_exe)
    pinned = (os.cpu_count() or 1) >= 2 and shutil.which("taskset")
    if pinned:
        subprocess.run(["taskset", "-a", "-p", "-c", "1",
                        str(server.proc.pid)],
                       check=True, stdout=subprocess.DEVNULL)
        bench.pin("0")
    try:
        runs = 5
        frames = max(60, int(150 * scale))

        def source(n):
            return ("videotestsrc num-buffers=%d ! video/x-raw,format=I420,"
                    "width=1920,height=1080" % n)

        def element(properties):
            if properties == "identity":
                return "identity"
            return "getipredict %s %s" % (properties, server.properties())

        # what getrusage counts besides CPU time (geti-bench's JSON)
        counters = ["cpu_s", "user_s", "system_s", "minor_faults",
                    "voluntary_switches", "involuntary_switches"]

        def usage_per_frame(properties, n=frames):
            def run(k):
                return bench.pipeline("%s ! %s ! fakesink name=sink"
                                      % (source(k), element(properties)))
            a, b = run(n), run(2 * n)
            return {c: (b[c] - a[c]) / n for c in counters}

        def bare_per_frame(max_size):
            a = bench.encode(1920, 1080, frames, max_size)
            b = bench.encode(1920, 1080, 2 * frames, max_size)
            usage = {c: (b[c] - a[c]) / frames for c in counters if c in a}
            # the encode loop's own thread CPU time, start-up left out
            usage["cpu_s"] = b["per_frame_ms"] / 1e3
            return usage

        # CPU time, in rounds: each round measures every configuration and
        # the bare work once, one right after the other, and the ratios are
        # taken within a round; the medians are shown. A shared machine's
        # speed drifts by tens of percent over minutes: measured apart, the
        # two sides of a ratio would see different machines.
        configurations = ["identity", "interval=0", "interval=30",
                          "max-size=0", "max-size=640"]
        usage = {c: [] for c in configurations}
        bare_usage = {0: [], 640: []}
        for _ in range(runs):
            for c in configurations:
                usage[c].append(usage_per_frame(c))
            for max_size in bare_usage:
                bare_usage[max_size].append(bare_per_frame(max_size))
        cpu = {c: [u["cpu_s"] for u in usage[c]] for c in configurations}
        bare = {m: [u["cpu_s"] for u in bare_usage[m]] for m in bare_usage}

        def median_of(values):
            return statistics.median(values)

        def median_ratio(numerators, denominators):
            return median_of([a / b for a, b in zip(numerators, denominators)])

        def counts_per_frame(properties, n=10, **options):
            def run(k):
                return callgrind_counts(bench, [
                    "pipeline", "%s ! %s ! fakesink name=sink"
                    % (source(k), element(properties))], **options)
            a, b = run(n), run(2 * n)
            return {e: (b[e] - a[e]) / n for e in a}

        def instructions_per_frame(properties, n=10):
            return counts_per_frame(properties, n)["Ir"]

        have_valgrind = subprocess.run(
            ["which", "valgrind"], stdout=subprocess.DEVNULL).returncode == 0
        have_strace = shutil.which("strace") is not None

        print("pass-through, 1080p I420 (CPU time: runs of %d and %d frames, "
              "median of %d rounds%s; instructions: runs of 30 and 60 "
              "frames):" % (frames, 2 * frames, runs,
                            ", pinned to CPU 0, the server to CPU 1"
                            if pinned else ""))
        for properties in ("interval=0", "interval=30"):
            row("%s: CPU time per frame (ms)" % properties,
                "%.3f" % (1e3 * median_of(cpu[properties])),
                "identity %.3f" % (1e3 * median_of(cpu["identity"])),
                "%.3f" % median_ratio(cpu[properties], cpu["identity"]),
                "(<= 1.02)" if properties == "interval=0" else "-", None)
        if have_valgrind:
            identity_i = instructions_per_frame("identity", 30)
            for properties in ("interval=0", "interval=30"):
                work = instructions_per_frame(properties, 30)
                row("%s: instructions per frame (M)" % properties,
                    "%.2f" % (work / 1e6), "identity %.2f" % (identity_i / 1e6),
                    "%.3f" % (work / identity_i),
                    "<= 1.02" if properties == "interval=0" else "-",
                    work / identity_i <= 1.02 if properties == "interval=0"
                    else None)

        print("client CPU per prediction, 1080p I420 (vs the same frames' "
              "bare scale + encode, alone):")
        # Per prediction: a configuration's figure per frame less
        # interval=0's (the same frames passing through); the counts are
        # the medians of the rounds above.
        idle_c = counts_per_frame("max-in-flight=1 interval=0",
                                  cache_sim=True) if have_valgrind else {}
        idle_i = idle_c.get("Ir", 0)
        for max_size in (0, 640):
            what = "full size" if max_size == 0 else "max-size=%d" % max_size
            bare_what = "bare %sencode" % ("scale + " if max_size else "")
            configuration = "max-size=%d" % max_size

            def per_prediction(counter):
                return [a[counter] - b[counter] for a, b in zip(
                    usage[configuration], usage["interval=0"])]

            def bare_median(counter):
                return median_of([u.get(counter, 0)
                                  for u in bare_usage[max_size]])

            row("%s: CPU time per prediction (ms)" % what,
                "%.2f" % (1e3 * median_of(per_prediction("cpu_s"))),
                "%s %.2f" % (bare_what, 1e3 * median_of(bare[max_size])),
                "%.2f" % median_ratio(per_prediction("cpu_s"), bare[max_size]),
                "(<= 1.25)", None)
            # getrusage splits CPU time into user and system by where the
            # timer ticks found it: the split is a sample, the sum is exact
            row("%s: of it in the kernel (ms)" % what,
                "%.3f" % (1e3 * median_of(per_prediction("system_s"))),
                "%s %.3f" % (bare_what, 1e3 * bare_median("system_s")),
                "-", "-", None)
            row("%s: context switches per prediction (vol. + invol.)" % what,
                "%.1f + %.1f" % (median_of(per_prediction(
                    "voluntary_switches")), median_of(per_prediction(
                        "involuntary_switches"))),
                "%s %.1f + %.1f" % (bare_what,
                                    bare_median("voluntary_switches"),
                                    bare_median("involuntary_switches")),
                "-", "-", None)
            row("%s: minor page faults per prediction" % what,
                "%.1f" % median_of(per_prediction("minor_faults")),
                "%s %.1f" % (bare_what, bare_median("minor_faults")),
                "-", "-", None)
            if have_strace:
                n = 30

                def calls(properties, k):
                    return syscalls(bench, [
                        "pipeline", "%s ! %s ! fakesink name=sink"
                        % (source(k), element(properties))])
                per = collections.Counter()
                for properties, sign in ((configuration, 1),
                                         ("interval=0", -1)):
                    a, b = calls(properties, n), calls(properties, 2 * n)
                    for name in set(a) | set(b):
                        per[name] += sign * (b.get(name, 0) -
                                             a.get(name, 0)) / n
                top = [(name, v) for name, v in per.most_common()
                       if v >= 0.5]
                row("%s: system calls per prediction" % what,
                    "%.0f" % sum(per.values()),
                    ", ".join("%s %.0f" % (name, v) for name, v in top[:6]),
                    "-", "-", None)
            if have_valgrind:
                c = counts_per_frame("max-in-flight=1 max-size=%d" % max_size,
                                     cache_sim=True)
                work = c["Ir"] - idle_i
                # the bare loop draws its frames with videotestsrc first:
                # take that out as well
                n = 10
                bare_i = (instructions(bench, ["encode", "--frames", str(2 * n),
                                               "--max-size", str(max_size)])
                          - instructions(bench, ["encode", "--frames", str(n),
                                                 "--max-size", str(max_size)])) \
                    / n - idle_i
                row("%s: instructions per prediction (M)" % what,
                    "%.1f" % (work / 1e6), "%s %.1f" % (bare_what, bare_i / 1e6),
                    "%.2f" % (work / bare_i), "<= 1.25", work / bare_i <= 1.25)
                # the simulated caches' misses, against the bare loop's in
                # its scaling and encoding alone (its frames were made first
                # and kept in memory, which a pipeline does not do)
                bare_a, bare_b = (callgrind_counts(
                    bench, ["encode", "--frames", str(k), "--max-size",
                            str(max_size)], True, BARE_WORK)
                    for k in (n, 2 * n))
                bare_c = {e: (bare_b[e] - bare_a[e]) / n for e in bare_a}
                for level, label in (("D1", "first level data"),
                                     ("DL", "last level")):
                    misses = sum(c[level + k] - idle_c[level + k]
                                 for k in ("mr", "mw"))
                    bare_misses = sum(bare_c[level + k] for k in ("mr", "mw"))
                    row("%s: %s cache misses per prediction (k)"
                        % (what, label), "%.1f" % (misses / 1e3),
                        "%s %.1f" % (bare_what, bare_misses / 1e3),
                        "%.2f" % (misses / bare_misses) if bare_misses >= 1e3
                        else "-", "-", None)
            # the HTTP side alone: the same JPEGs posted one by one
            http = [bench.post(server, 1920, 1080, frames, max_size)
                    for _ in range(3)]
            row("%s: HTTP alone, CPU per request (ms)" % what,
                "%.3f" % median_of([h["post_cpu_ms"] for h in http]),
                "geti-bench post, %.0f KB JPEGs" % (
                    http[0]["jpeg_bytes"] / 1e3), "-", "-", None)
    finally:
        server.stop()
        bench.pin(None)

    # 4. Memory over 10 000 frames
    frames = max(3000, int(10000 * scale))
    print("resident memory, %d frames at interval 1, 20 ms server, 320x240:"
          % frames)
    server = FakeServer(bench.server_exe, ["--latency-ms", "20"])
    try:
        r = bench.pipeline("videotestsrc pattern=ball num-buffers=%d ! "
                           "video/x-raw,format=I420,width=320,height=240 ! "
                           "getipredict name=predict %s ! fakesink name=sink "
                           "sync=false" % (frames, server.properties()),
                           rss_every=100)
    finally:
        server.stop()
    rss = r["rss_kb"]
    early = max(kb for frame, kb in rss if 1000 <= frame <= 2000)
    late = max(kb for frame, kb in rss if frame > frames - 1000)
    row("peak RSS, last 1000 frames (MiB)", "%.1f" % (late / 1024),
        "frames 1000-2000: %.1f" % (early / 1024), "%.3f" % (late / early),
        "<= 1.05", late / early <= 1.05)

    # The table
    print()
    print("| measure | value | compared to | ratio | target | |")
    print("|---|---|---|---|---|---|")
    for measure, value, reference, ratio, target, ok in rows:
        mark = "" if ok is None else ("met" if ok else "MISSED")
        print("| %s | %s | %s | %s | %s | %s |" % (measure, value, reference,
                                                    ratio, target, mark))

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(6, 4))
        ns = [n for n, _, _ in throughput]
        ax.plot(ns, [i for _, _, i in throughput], "--", label="ideal N / L")
        ax.plot(ns, [f for _, f, _ in throughput], "o-",
                label="getipredict, ordered")
        ax.axhline(python_fps, color="gray", linestyle=":",
                   label="sequential Python loop")
        ax.set_xscale("log", base=2)
        ax.set_xticks(ns, [str(n) for n in ns])
        ax.set_xlabel("max-in-flight")
        ax.set_ylabel("frames per second")
        ax.set_title("Throughput against a 100 ms server")
        ax.legend()
        fig.tight_layout()
        plot = os.path.join(args.out, "throughput.png")
        fig.savefig(plot, dpi=100)
        print("\nplot: %s" % os.path.abspath(plot))
    except ImportError:
        print("\n(no matplotlib: no plot)")

    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
