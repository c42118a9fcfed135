#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Many streams, one server: what N getipredict elements in one process cost
(a benchmark to run by hand, not a test).

For N = 1, 4, 16 and 64 it runs, in a process of its own (this script with
--child), ONE pipeline of N branches, as one gst-launch line would:

  videotestsrc is-live=true pattern=ball ! video/x-raw,format=I420,
  width=640,height=360,framerate=F/1 ! getipredict interval=6 ... ! fakesink

against ONE fake Geti server in another process (fake-geti-server, 20 ms a
prediction, capacity above anything the client can have in flight, so the
figures show the client). One pipeline rather than N: it is what a user
writes (the issue's "16 streams in one gst-launch"), one bus and one clock,
and each live source still has a streaming thread of its own.

Each row is measured on the pipeline process only, over a steady window
(after a warm-up): threads, open file descriptors and TCP connections to the
server's port (sampled every 0.2 s, the peak), resident memory, CPU time
(utime + stime of the whole process) per stream per second and per
prediction, predictions per second (each getipredict's stats "succeeded",
the difference over the window), Jain's fairness index over the streams'
prediction counts, the frames that reached the sinks against what the
sources should have made, and the stats' "limit" and "pool-streams" when the
element has them. Each row runs with max-in-flight=4 (the default) and with
max-in-flight=0 (adaptive) when the element takes it, and with identity in
getipredict's place (the reference: what the sources and sinks cost alone).
The figures are printed next to the targets of issue 18, never asserted.
"""

import argparse
import json
import collections
import os
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fake_geti"))

WIDTH, HEIGHT, INTERVAL = 640, 360, 6
STATS_FIELDS = ("requests", "succeeded", "failed", "skipped", "retried",
                "timed-out", "throttled", "in-flight", "limit",
                "pool-streams", "latency-p95-ms")


# -- the pipeline process ----------------------------------------------------

def child_main(args):
    import gi
    gi.require_version("Gst", "1.0")
    from gi.repository import GLib, Gst

    Gst.init(None)
    if args.probe:
        factory = Gst.ElementFactory.find("getipredict")
        if factory is None:
            print(json.dumps({"error": "no getipredict element"}), flush=True)
            return 1
        element = factory.create(None)
        spec = element.find_property("max-in-flight")
        stats = element.get_property("stats")
        fields = [stats.nth_field_name(i) for i in range(stats.n_fields())]
        print(json.dumps({"max_in_flight_min": spec.minimum,
                          "max_in_flight_default": spec.default_value,
                          "stats_fields": fields}), flush=True)
        return 0

    branches = []
    for i in range(args.streams):
        # --stagger: stream i's frames i/N of a sampling period (interval
        # frames) later, as cameras started apart would be; without it every
        # source makes its frames at the same instants, and every stream's
        # sampled frame comes at once
        offset = (i * INTERVAL * Gst.SECOND // (args.fps * args.streams)
                  if args.stagger else 0)
        branches.append(
            "videotestsrc is-live=true pattern=ball timestamp-offset=%d "
            "name=src%d ! "
            "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! "
            "%s name=e%d ! fakesink name=sink%d"
            % (offset, i, WIDTH, HEIGHT, args.fps, args.element, i, i))
    pipeline = Gst.parse_launch(" ".join(branches))
    elements = [pipeline.get_by_name("e%d" % i) for i in range(args.streams)]
    sinks = [pipeline.get_by_name("sink%d" % i) for i in range(args.streams)]
    predicting = args.element.startswith("getipredict")
    baseline_threads = len(os.listdir("/proc/self/task"))

    loop = GLib.MainLoop()
    problems = {"warnings": 0, "error": None}

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            err, debug = message.parse_error()
            problems["error"] = "%s (%s)" % (err.message, debug)
            print(json.dumps({"error": problems["error"]}), flush=True)
            loop.quit()
        elif message.type == Gst.MessageType.WARNING:
            problems["warnings"] += 1
        elif message.type == Gst.MessageType.EOS:
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)

    def snapshot():
        times = os.times()
        per_stream = []
        for element, sink in zip(elements, sinks):
            entry = {"rendered": sink.get_property("stats").get_value(
                "rendered")}
            if predicting:
                stats = element.get_property("stats")
                for name in STATS_FIELDS:
                    if stats.has_field(name):
                        entry[name] = stats.get_value(name)
            per_stream.append(entry)
        return {"t": time.monotonic(), "cpu": times.user + times.system,
                "threads": len(os.listdir("/proc/self/task")),
                "streams": per_stream, "warnings": problems["warnings"]}

    def on_command(_fd, _condition):
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            loop.quit()
            return False
        print(json.dumps(snapshot()), flush=True)
        return True

    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        bus.timed_pop_filtered(0, Gst.MessageType.ERROR)
        print(json.dumps({"error": "the pipeline did not start"}), flush=True)
        return 1
    # PLAYING reached (a live pipeline: no preroll to wait for)
    state = pipeline.get_state(10 * Gst.SECOND)
    if state[0] == Gst.StateChangeReturn.FAILURE:
        print(json.dumps({"error": "the pipeline did not start"}), flush=True)
        pipeline.set_state(Gst.State.NULL)
        return 1
    print(json.dumps({"ready": True, "baseline_threads": baseline_threads}),
          flush=True)
    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT,
                      GLib.IOCondition.IN | GLib.IOCondition.HUP, on_command)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    return 1 if problems["error"] else 0


# -- the measuring process ---------------------------------------------------

def socket_inodes(pid):
    inodes = set()
    fd_dir = "/proc/%d/fd" % pid
    for name in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def tcp_connections(pid, port):
    """The process's established TCP connections to 127.0.0.1:@port (its
    socket inodes matched against /proc/PID/net/tcp and tcp6)."""
    inodes = socket_inodes(pid)
    count = 0
    for table in ("tcp", "tcp6"):
        try:
            with open("/proc/%d/net/%s" % (pid, table)) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[3] == "01" \
                    and fields[9] in inodes:
                count += 1
    return count


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


GLIB_HELPERS = re.compile(r"^(gmain|gdbus|dconf worker|pool-.*)$")


def thread_names(pid):
    names = []
    task_dir = "/proc/%d/task" % pid
    for tid in os.listdir(task_dir):
        try:
            with open(os.path.join(task_dir, tid, "comm")) as f:
                names.append(f.read().strip())
        except OSError:
            continue
    return names


def fd_kinds(pid):
    """What each open descriptor is: socket, pipe, anon_inode:[eventfd] ..."""
    kinds = []
    fd_dir = "/proc/%d/fd" % pid
    for name in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue
        kinds.append(re.sub(r"^/.*", "file", re.sub(r":\[\d+\]$", "",
                                                   target)))
    return kinds


def sample(pid, port):
    names = thread_names(pid)
    fds = fd_kinds(pid)
    # A GstTask's thread is named "element:pad", one name per task (a
    # thread that inherited the name by being cloned from it is not one)
    streaming = len({n for n in names if ":" in n})
    return {"threads": len(names),
            "streaming": streaming,
            "glib": sum(1 for n in names if GLIB_HELPERS.match(n)),
            "fds": len(fds),
            "conns": tcp_connections(pid, port),
            "rss_kb": status_kb(pid, "VmRSS"),
            "names": names,
            "fd_kinds": fds}


class Row:
    """One measured configuration."""

    def __init__(self, streams, label, element):
        self.streams = streams
        self.label = label
        self.element = element
        self.error = None


def jain(values):
    total = sum(values)
    squares = sum(v * v for v in values)
    if squares == 0:
        return float("nan")
    return total * total / (len(values) * squares)


def run_row(row, args, server_port, env):
    cmd = [sys.executable, os.path.abspath(__file__), "--child",
           "--streams", str(row.streams), "--fps", str(args.fps),
           "--element", row.element] + (["--stagger"] if args.stagger else [])
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env=env)

    def read_json(timeout):
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        if not ready:
            raise RuntimeError("no answer from the pipeline process")
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the pipeline process ended")
        value = json.loads(line)
        if "error" in value:
            raise RuntimeError(value["error"])
        return value

    def ask():
        proc.stdin.write("snap\n")
        proc.stdin.flush()
        return read_json(30)

    next_snapshot = [time.monotonic()]

    def sample_until(deadline, into, timeline=None):
        while True:
            into.append(sample(proc.pid, server_port))
            if timeline is not None and time.monotonic() >= next_snapshot[0]:
                timeline.append(ask())
                next_snapshot[0] += 0.5
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(0.2, left))

    warmup, samples = [], []
    row.timeline = [] if args.timeline else None
    try:
        ready = read_json(120)
        row.baseline_threads = ready["baseline_threads"]
        next_snapshot[0] = time.monotonic()
        sample_until(time.monotonic() + args.warmup, warmup, row.timeline)
        first = ask()
        sample_until(time.monotonic() + args.window, samples, row.timeline)
        last = ask()
        samples.append(sample(proc.pid, server_port))
        hwm_kb = status_kb(proc.pid, "VmHWM")
    except (RuntimeError, OSError) as e:
        row.error = "failed: %s" % e
        return row
    finally:
        if proc.poll() is None:
            try:
                proc.stdin.write("quit\n")
                proc.stdin.flush()
            except BrokenPipeError:
                pass
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    window = last["t"] - first["t"]
    row.window = window
    peak = max(samples, key=lambda s: s["threads"])
    row.threads = peak["threads"]
    row.streaming = peak["streaming"]
    row.glib = peak["glib"]
    # the brief's "pool workers": threads - streaming threads - baseline
    row.pool = row.threads - row.streaming - row.baseline_threads
    row.threads_whole_run = max(s["threads"] for s in warmup + samples)
    row.names = collections.Counter(
        re.sub(r"\d+(?=:)", "#", n) for n in samples[-1]["names"])
    row.fds = max(s["fds"] for s in samples)
    row.fd_kinds = collections.Counter(samples[-1]["fd_kinds"])
    row.conns = max(s["conns"] for s in samples)
    row.rss_mb = samples[-1]["rss_kb"] / 1024.0
    row.hwm_mb = hwm_kb / 1024.0
    row.cpu = last["cpu"] - first["cpu"]
    row.cpu_ms_per_stream_s = 1e3 * row.cpu / (window * row.streams)
    pairs = list(zip(first["streams"], last["streams"]))
    frames = [b["rendered"] - a["rendered"] for a, b in pairs]
    row.frames_ratio = sum(frames) / (window * args.fps * row.streams)
    row.warnings = last["warnings"] - first["warnings"]
    row.predictions = None
    if not row.element.startswith("getipredict"):
        return row

    def delta(name):
        return sum(b.get(name, 0) - a.get(name, 0) for a, b in pairs)

    predictions = [b["succeeded"] - a["succeeded"] for a, b in pairs]
    row.failed = delta("failed") + delta("skipped")
    row.predictions = sum(predictions)
    row.pred_s = row.predictions / window
    row.pred_s_stream = row.pred_s / row.streams
    row.cpu_ms_per_pred = (1e3 * row.cpu / row.predictions
                           if row.predictions else float("nan"))
    row.jain = jain(predictions)
    row.limit = sorted({s["limit"] for s in last["streams"] if "limit" in s})
    row.pool_streams = sorted({s["pool-streams"] for s in last["streams"]
                               if "pool-streams" in s})
    p95 = [s["latency-p95-ms"] for s in last["streams"]
           if "latency-p95-ms" in s]
    row.p95_ms = max(p95) if p95 else float("nan")
    return row


def build_source(build):
    """The build's source tree, its commit and whether gst/ or src/ differ
    from it (others edit the same checkout)."""
    try:
        with open(os.path.join(build, "meson-info", "meson-info.json")) as f:
            source = json.load(f)["directories"]["source"]
    except (OSError, KeyError, ValueError):
        return "unknown"
    git = subprocess.run(["git", "-C", source, "log", "-1", "--format=%h %s"],
                         text=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    if git.returncode != 0:
        return "%s (not a git checkout)" % source
    commit = git.stdout.strip()
    if len(commit) > 64:
        commit = commit[:61] + "..."
    dirty = subprocess.run(["git", "-C", source, "status", "--porcelain",
                            "--", "gst", "src"], text=True,
                           stdout=subprocess.PIPE).stdout.strip()
    return "%s%s" % (commit, ", with uncommitted changes in gst/ or src/"
                     if dirty else "")


def fmt_set(values):
    if not values:
        return "n/a"
    if len(values) == 1:
        return "%d" % values[0]
    return "%d-%d" % (values[0], values[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--element", help=argparse.SUPPRESS)
    parser.add_argument("--build-dir",
                        default=os.path.join(HERE, "..", "..", "build"))
    parser.add_argument("--streams", default="1,4,16,64",
                        help="the rows' stream counts (default 1,4,16,64)")
    # 10, not 30: this project's 2-core machine, shared, does not keep up
    # with 64 x 30 fps (tests/bench/README.md, "Many streams")
    parser.add_argument("--fps", type=int, default=10,
                        help="each source's frame rate (default 10)")
    parser.add_argument("--warmup", type=float, default=3.0,
                        help="seconds skipped after PLAYING (default 3)")
    parser.add_argument("--window", type=float, default=10.0,
                        help="seconds measured (default 10)")
    parser.add_argument("--latency-ms", type=int, default=20,
                        help="the fake server's time per prediction "
                        "(default 20)")
    parser.add_argument("--mode", choices=("ordered", "live"),
                        default="ordered",
                        help="getipredict's mode (default ordered: frames "
                        "wait for their answers, up to max-latency)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the identity rows")
    parser.add_argument("--stagger", action="store_true",
                        help="spread the streams' sampled frames over the "
                        "sampling period (default: all at the same instants)")
    parser.add_argument("--timeline", action="store_true",
                        help="also print, per row, the stats every 0.5 s")
    parser.add_argument("--details", action="store_true",
                        help="also print each row's threads by name")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 1 and 4 streams, 1 s + 4 s")
    args = parser.parse_args()
    if args.child:
        if not args.probe:
            args.streams = int(args.streams)
        return child_main(args)
    if args.quick:
        args.streams, args.warmup, args.window = "1,4", 1.0, 4.0
    counts = [int(n) for n in args.streams.split(",")]

    from fake_geti import FakeServer
    build = os.path.abspath(args.build_dir)
    env = dict(os.environ)
    env["GST_PLUGIN_PATH"] = os.path.join(build, "gst", "plugin")
    env["GST_REGISTRY"] = os.path.join(build, "many-streams-registry.bin")
    probe = json.loads(subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", "--probe"],
        env=env, check=True, text=True, stdout=subprocess.PIPE).stdout)
    adaptive = probe["max_in_flight_min"] == 0
    has_pool = "pool-streams" in probe["stats_fields"]
    commit = build_source(build)

    # Capacity: more inferences at once than the client can ever have in
    # flight (every stream's max-in-flight 4), so that nothing queues there
    capacity = 4 * max(counts) + 16
    server = FakeServer(os.path.join(build, "tests", "fake_geti",
                                     "fake-geti-server"),
                        ["--latency-ms", str(args.latency_ms),
                         "--capacity", str(capacity)])
    base = "getipredict interval=%d mode=%s %s" % (INTERVAL, args.mode,
                                                 server.properties())
    configs = []
    if not args.no_reference:
        configs.append(("identity", "identity"))
    configs.append(("mif 4", base + " max-in-flight=4"))
    configs.append(("mif 0", base + " max-in-flight=0" if adaptive else None))

    print("many streams: %dx%d I420 ball, %d fps, getipredict interval=%d "
          "(%s), one pipeline; fake server %d ms, capacity %d; "
          "warm-up %g s, window %g s; sampled frames %s"
          % (WIDTH, HEIGHT, args.fps, INTERVAL, args.mode, args.latency_ms,
             capacity,
             args.warmup, args.window,
             "staggered over the period (--stagger)" if args.stagger
             else "of every stream at the same instants"))
    print("code: %s (built in %s)" % (commit, build))
    print("adaptive (max-in-flight=0): %s; stats limit/pool-streams: %s; "
          "%d cores, load %.1f at the start"
          % ("yes" if adaptive else "n/a (not in this build)",
             "yes" if has_pool else "n/a (not in this build)",
             os.cpu_count(), os.getloadavg()[0]), flush=True)
    rows = []
    try:
        for n in counts:
            for label, element in configs:
                row = Row(n, label, element)
                if element is None:
                    row.error = "n/a (max-in-flight=0 not in this build)"
                else:
                    print("  running %2d streams, %s ..." % (n, label),
                          file=sys.stderr, flush=True)
                    run_row(row, args, server.port, env)
                rows.append(row)
    finally:
        server.stop()
    print_table(rows, args)
    return 0


def print_table(rows, args):
    first, reference = {}, {}
    for row in rows:
        if row.error is None:
            first.setdefault(row.label, row)
            if row.label == "identity":
                reference[row.streams] = row
    columns = [("N", 3), ("config", -8), ("frames", 6), ("thr", 4),
               ("strm", 4), ("pool", 4), ("glib", 4), ("thr/+", 5),
               ("fds", 4), ("conns", 5), ("RSS", 6), ("MB/+", 5),
               ("ms/st/s", 7), ("ms/pred", 7), ("vs 1", 5), ("net", 5),
               ("pred/s", 6), ("/strm", 5), ("Jain", 5), ("p95", 4),
               ("limit", 5), ("pstr", 4), ("fail", 4)]

    def line(values, notes=""):
        cells = []
        for (name, width), value in zip(columns, values):
            cells.append(("%-*s" if width < 0 else "%*s")
                         % (abs(width), value))
        return (" ".join(cells) + ("  " + notes if notes else "")).rstrip()

    print()
    header = line([name for name, _ in columns], "targets")
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.error is not None:
            print(line(["%d" % row.streams, row.label]) + " " + row.error)
            continue
        one = first[row.label]
        notes = []
        if row.frames_ratio < 0.95:
            notes.append("SOURCES BEHIND")
        elif row.frames_ratio > 1.05:
            notes.append("SOURCES CATCHING UP (were behind)")
        if row.streams > one.streams:
            added = row.streams - one.streams
            per_added = (row.rss_mb - one.rss_mb) / added
            per_added_text = "%.2f" % per_added
            thr_added = "%.1f" % ((row.threads - one.threads) / added)
        else:
            per_added, per_added_text, thr_added = None, "-", "-"
        common = ["%d" % row.streams, row.label,
                  "%.0f%%" % (100 * row.frames_ratio), "%d" % row.threads,
                  "%d" % row.streaming, "%d" % row.pool, "%d" % row.glib,
                  thr_added, "%d" % row.fds, "%d" % row.conns,
                  "%.1f" % row.rss_mb, per_added_text,
                  "%.1f" % row.cpu_ms_per_stream_s]
        if row.predictions is None:
            print(line(common + ["-"] * 10, " ".join(notes)))
            continue
        vs_one = row.cpu_ms_per_pred / one.cpu_ms_per_pred
        ref = reference.get(row.streams)
        # the client's own CPU per prediction: what the same sources and
        # sinks cost with identity in getipredict's place taken off
        net = ("%.2f" % ((row.cpu_ms_per_stream_s - ref.cpu_ms_per_stream_s)
                         / row.pred_s_stream)
               if ref is not None and row.pred_s_stream else "-")
        # the pool's size: fixed, its budget (stats "limit") when the
        # element has one, else what one pool of these elements would have
        # (the sum of their max-in-flight, at most 64: the contract);
        # adaptive, the limit's upper bound, 64 (the limit itself moves,
        # and threads and connections are kept when it falls)
        if row.label == "mif 0":
            budget = 64
        else:
            budget = row.limit[-1] if row.limit else min(4 * row.streams, 64)
        workers = row.pool - row.glib
        notes.append("workers %d<=%d %s" % (
            workers, budget, "ok" if workers <= budget else "MISS"))
        notes.append("conns %s" % ("ok" if row.conns <= budget else "MISS"))
        if row.streams > one.streams:
            # the target is that it does not grow: a figure below the
            # single stream's (whose fixed costs are spread over fewer
            # predictions) is no miss, and said so
            notes.append("cpu/pred %s" % (
                "MISS" if vs_one > 1.10 else
                "ok (lower)" if vs_one < 0.90 else "ok"))
            notes.append("rss %s" % ("ok" if per_added < 2.0 else "MISS"))
        notes.append("Jain %s" % ("ok" if row.jain >= 0.95 else "MISS"))
        if row.warnings:
            notes.append("%d warnings" % row.warnings)
        print(line(common + [
            "%.2f" % row.cpu_ms_per_pred, "%.2f" % vs_one, net,
            "%.1f" % row.pred_s, "%.2f" % row.pred_s_stream,
            "%.3f" % row.jain, "%.0f" % row.p95_ms, fmt_set(row.limit),
            fmt_set(row.pool_streams), "%d" % row.failed], " ".join(notes)))
    print("""
frames  buffers that reached the sinks in the window / (N x %d fps x window)
thr     peak threads of the pipeline process (/proc/PID/task) in the window
strm    streaming threads (GstTask threads, "element:pad": each source's, and
        getipredict's own src task in ordered mode)
pool    thr - strm - the threads before PLAYING (%s); glib: GLib's helpers
        among them (gmain, dconf worker, pool-*); workers = pool - glib
thr/+   threads per added stream, against the 1-stream row
fds     peak open file descriptors (/proc/PID/fd)
conns   peak established TCP connections of the process to the server's port
        (its socket inodes in /proc/PID/net/tcp)
RSS     VmRSS (MB) at the window's end; MB/+: per added stream
ms/st/s CPU time (utime + stime, the whole process) in ms per stream per second
ms/pred CPU time per prediction; vs 1: against the 1-stream row; net: the
        client's own, the identity row's ms/st/s taken off
pred/s  predictions (stats "succeeded") per second; /strm per stream
        (ideal %.1f = %d fps / interval %d); Jain's index over the streams'
        counts; p95: the highest stream's latency-p95-ms
limit, pstr  stats "limit" and "pool-streams" (n/a: not in this build)
fail    stats failed + skipped in the window
targets workers and connections within the pool's size (fixed: its
        budget, limit, else min(4N, 64); adaptive: 64); CPU per prediction
        at most 10 %% above 1 stream's ("lower": more than 10 %% below it);
        RSS per added stream < 2 MB; Jain >= 0.95""" % (
        args.fps, "the Python interpreter's", args.fps / INTERVAL, args.fps,
        INTERVAL))
    if args.timeline:
        print_timelines(rows)
    if args.details:
        print("\nthreads by name at the window's end (digits as #), the "
              "peak over the whole run (warm-up included), VmHWM:")
        for row in rows:
            if row.error is None:
                print("  %2d %-8s peak %d, VmHWM %.1f MB: %s" % (
                    row.streams, row.label, row.threads_whole_run,
                    row.hwm_mb, ", ".join(
                    "%s x%d" % (name, count)
                    for name, count in row.names.most_common())))
        print("\nopen descriptors by kind at the window's end:")
        for row in rows:
            if row.error is None:
                print("  %2d %-8s %s" % (row.streams, row.label, ", ".join(
                    "%s x%d" % (kind, count)
                    for kind, count in row.fd_kinds.most_common())))


def print_timelines(rows):
    print("\ntimelines, every 0.5 s after PLAYING: limit (the lowest "
          "and highest of the streams'), in-flight (sum), predictions/s, "
          "skipped + failed /s, p95 ms (the highest)")
    for row in rows:
        if row.error is not None or not row.timeline \
                or row.predictions is None:
            continue
        print("  %d streams, %s:" % (row.streams, row.label))
        previous = None
        for snap in row.timeline:
            streams = snap["streams"]
            limits = [s["limit"] for s in streams if "limit" in s]
            total = {name: sum(s.get(name, 0) for s in streams)
                     for name in ("succeeded", "skipped", "failed",
                                  "in-flight")}
            if previous is not None:
                dt = snap["t"] - previous[0]
                p95 = max(s.get("latency-p95-ms", 0) for s in streams)
                print("    %5.1f s  limit %5s  in-flight %3d  %6.1f/s  "
                      "skipped+failed %5.1f/s  p95 %4.0f" % (
                          snap["t"] - row.timeline[0]["t"],
                          fmt_set(sorted(set(limits))),
                          total["in-flight"],
                          (total["succeeded"] - previous[1]["succeeded"]) / dt,
                          (total["skipped"] + total["failed"]
                           - previous[1]["skipped"] - previous[1]["failed"])
                          / dt, p95))
            previous = (snap["t"], total)


if __name__ == "__main__":
    sys.exit(main())
