#!/usr/bin/python3
# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the README's code blocks that are marked runnable, as a reader would.

A fenced block is run when the line before its fence is an HTML comment

    <!-- test -->          run it; it exits 0
    <!-- test: jsonl -->   ... and every line it prints is a JSON object
    <!-- test: mqtt -->    ... with an MQTT broker: the JSON lines it
                           publishes reach a subscriber

(invisible on GitHub). Blocks that need a real Geti, a camera or the network
stay unmarked. The marked blocks run in order in one bash, in a temporary
directory that looks like a clone of the repository with `build/` built
(its entries link to the source tree, `build` to the build directory under
test), so state (the fake server the quick start starts, its exported
settings) carries from one block to the next as it does in a reader's
terminal. Each block runs with `set -eE -o pipefail` and a time limit. For
`mqtt`, the test starts its own mosquitto broker on a free loopback port and
a mosquitto_sub on the topic; the clients find the broker through their
configuration files ($XDG_CONFIG_HOME/mosquitto_pub, .../mosquitto_sub), so
the block runs exactly as written. Everything started is stopped at the end.

    run_readme.py --build-dir BUILD [--source-dir SRC] [--readme FILE]
                  [--timeout S] [--keep]

Prints one line per block, `N passed, N failed` and the same as Check does
(`NN%: Checks: N, Failures: N, Errors: 0`, which tests/run.sh totals).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

MARK = re.compile(r"^<!--\s*test(?::\s*([a-z ,]+))?\s*-->\s*$")
FENCE = re.compile(r"^(```+|~~~+)\s*([A-Za-z0-9_+-]*)")
MQTT_TOPIC = "geti/predictions"


def blocks(readme):
    """(line number, kinds, text) of every marked block, in order."""
    lines = readme.splitlines()
    found = []
    i = 0
    while i < len(lines):
        mark = MARK.match(lines[i].strip())
        if mark:
            kinds = {k.strip() for k in (mark.group(1) or "").split(",")
                     if k.strip()}
            j = i + 1
            fence = FENCE.match(lines[j]) if j < len(lines) else None
            if not fence or fence.group(2) not in ("sh", "bash", "shell"):
                raise SystemExit("README.md:%d: a test mark not followed by a "
                                 "sh or bash block" % (i + 1))
            end = j + 1
            while end < len(lines) and not lines[end].startswith(
                    fence.group(1)):
                end += 1
            found.append((j + 1, kinds, "\n".join(lines[j + 1:end])))
            i = end
        i += 1
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def json_lines(path):
    """The problems with a file meant to hold JSON Lines ([] if none)."""
    problems = []
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    if not lines:
        return ["no output"]
    for n, line in enumerate(lines, 1):
        try:
            if not isinstance(json.loads(line), dict):
                raise ValueError("not an object")
        except ValueError as e:
            problems.append("line %d is no JSON object (%s): %.80s"
                            % (n, e, line))
    return problems


class Broker:
    """mosquitto on a free loopback port, a subscriber on MQTT_TOPIC, and
    the clients' configuration files pointing at it."""

    def __init__(self, work):
        # the broker is in /usr/sbin, not on every user's PATH
        mosquitto = shutil.which(
            "mosquitto", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
        if not mosquitto or not shutil.which("mosquitto_sub"):
            raise RuntimeError("mosquitto or mosquitto_sub is missing "
                               "(Debian: mosquitto mosquitto-clients)")
        self.port = free_port()
        self.dir = os.path.join(work, ".mqtt")
        os.makedirs(os.path.join(self.dir, "config"))
        conf = os.path.join(self.dir, "mosquitto.conf")
        with open(conf, "w") as f:
            f.write("listener %d 127.0.0.1\nallow_anonymous true\n"
                    "persistence false\nlog_dest stdout\nlog_type all\n"
                    % self.port)
        for client in ("mosquitto_pub", "mosquitto_sub"):
            with open(os.path.join(self.dir, "config", client), "w") as f:
                f.write("-h 127.0.0.1\n-p %d\n" % self.port)
        self.log = os.path.join(self.dir, "broker.log")
        self.received = os.path.join(self.dir, "received.jsonl")
        self.sub = None
        # stdbuf: the broker's log, line by line, to see it start and
        # the subscriber subscribe
        self.broker = subprocess.Popen(
            ["stdbuf", "-oL", mosquitto, "-c", conf],
            stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        try:
            self._wait_for("running", "the broker did not start")
            self.sub = subprocess.Popen(
                ["mosquitto_sub", "-t", MQTT_TOPIC], env=self.env(os.environ),
                stdout=open(self.received, "w"))
            self._wait_for("Received SUBSCRIBE",
                           "mosquitto_sub did not subscribe")
        except BaseException:
            self.stop()
            raise

    def env(self, env):
        return dict(env, XDG_CONFIG_HOME=os.path.join(self.dir, "config"))

    def _wait_for(self, text, error):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(self.log, errors="replace") as f:
                if text in f.read():
                    return
            if self.broker.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(error)

    def messages(self):
        """What the subscriber received, once it stops growing."""
        size, still = -1, 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and still < 5:
            now = os.path.getsize(self.received)
            still = still + 1 if now == size else 0
            size = now
            time.sleep(0.1)
        return json_lines(self.received)

    def stop(self):
        for p in (self.sub, self.broker):
            if p is None:
                continue
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def script(found, status_fd):
    """One bash script running the blocks in order, each with its output
    in files of its own and its start and end on the status fd."""
    out = ["set -eE -o pipefail",
           "trap 'echo \"fail $__block $?\" >&%d; exit 1' ERR" % status_fd]
    for n, (_, _, text) in enumerate(found):
        out += ["__block=%d" % n,
                "echo \"start %d\" >&%d" % (n, status_fd),
                "{",
                text,
                "} >.block-%d.out 2>.block-%d.err </dev/null" % (n, n),
                "echo \"done %d\" >&%d" % (n, status_fd)]
    return "\n".join(out) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir",
                        default=os.path.normpath(os.path.join(here, "..", "..")))
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds one block may take (default 60)")
    parser.add_argument("--readme", help="the README to run (default: the "
                        "source directory's README.md)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory")
    args = parser.parse_args()
    source = os.path.abspath(args.source_dir)
    build = os.path.abspath(args.build_dir)
    with open(args.readme or os.path.join(source, "README.md")) as f:
        found = blocks(f.read())
    if not found:
        print("README.md has no block marked <!-- test -->")
        print("0 passed, 1 failed")
        return 1

    work = tempfile.mkdtemp(prefix="geti-readme-")
    # A clone with build/ built: the source tree's entries, build/ the
    # build directory under test.
    for name in os.listdir(source):
        if not name.startswith(".") and not name.startswith("build") \
                and name != "out":
            os.symlink(os.path.join(source, name), os.path.join(work, name))
    os.symlink(build, os.path.join(work, "build"))

    # A reader's environment: nothing of ours set, Debian's tools first.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GETI_", "GST_", "GI_", "LD_LIBRARY_PATH",
                                "PYTHONPATH", "PKG_CONFIG"))}
    env["PATH"] = "/usr/bin:/bin:" + env.get("PATH", "")
    env["GST_REGISTRY"] = os.path.join(work, ".registry.bin")
    env["HOME"] = work
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)

    broker = None
    results = []  # (line, ok, why)
    process = None
    read_fd = None
    try:
        if any("mqtt" in kinds for _, kinds, _ in found):
            try:
                broker = Broker(work)
            except (RuntimeError, OSError) as e:
                print("MQTT broker: FAILED: %s" % e)
                print("0 passed, 1 failed")
                print("0%: Checks: 1, Failures: 1, Errors: 0")
                return 1
            env = broker.env(env)
        read_fd, write_fd = os.pipe()
        with open(os.path.join(work, ".readme.sh"), "w") as f:
            f.write(script(found, write_fd))
        process = subprocess.Popen(
            ["bash", ".readme.sh"], cwd=work, env=env, pass_fds=(write_fd,),
            start_new_session=True, stdin=subprocess.DEVNULL)
        os.close(write_fd)
        os.set_blocking(read_fd, False)
        pending = ""
        state = {}  # block -> "start" | "done" | "fail <rc>"
        current, started = None, time.monotonic()
        while True:
            try:
                chunk = os.read(read_fd, 4096).decode()
            except BlockingIOError:
                chunk = ""
            if chunk:
                pending += chunk
                while "\n" in pending:
                    line, pending = pending.split("\n", 1)
                    word, n, *rest = line.split()
                    n = int(n)
                    state[n] = word if word != "fail" else "fail " + rest[0]
                    if word == "start":
                        current, started = n, time.monotonic()
            if process.poll() is not None and not chunk:
                break
            if current is not None and state.get(current) == "start" and \
                    time.monotonic() - started > args.timeout:
                state[current] = "timeout"
                break
            time.sleep(0.05)

        for n, (line, kinds, _) in enumerate(found):
            s = state.get(n)
            why = None
            if s is None:
                why = "not run (an earlier block failed)"
            elif s == "timeout":
                why = "took longer than %g s" % args.timeout
            elif s.startswith("fail"):
                why = "exit status %s" % s.split()[1]
            elif s != "done":
                why = "did not finish (exit %s)" % process.poll()
            elif "jsonl" in kinds:
                problems = json_lines(os.path.join(work, ".block-%d.out" % n))
                why = "; ".join(problems[:3]) if problems else None
            elif "mqtt" in kinds:
                problems = broker.messages()
                why = ("received on %s: " % MQTT_TOPIC
                       + "; ".join(problems[:3])) if problems else None
            if why and s is not None:
                for stream in ("out", "err"):
                    p = os.path.join(work, ".block-%d.%s" % (n, stream))
                    if os.path.exists(p):
                        with open(p, errors="replace") as f:
                            tail = f.read()[-2000:]
                        if tail.strip():
                            why += "\n  std%s:\n    %s" % (
                                stream, tail.rstrip().replace("\n", "\n    "))
            results.append((line, why is None, why))

        # Every JSON Lines file the blocks wrote parses too.
        for name in sorted(os.listdir(work)):
            if name.endswith(".jsonl") and not os.path.islink(
                    os.path.join(work, name)):
                problems = json_lines(os.path.join(work, name))
                results.append(("file " + name, not problems,
                                "; ".join(problems[:3]) or None))
    finally:
        if read_fd is not None:
            os.close(read_fd)
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            process.wait()
        if broker:
            broker.stop()
        if args.keep:
            print("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)

    passed = sum(1 for _, ok, _ in results if ok)
    for where, ok, why in results:
        where = where if isinstance(where, str) else "README.md:%d" % where
        print("%s: %s%s" % (where, "ok" if ok else "FAILED",
                            "" if ok else ": " + why))
    failed = len(results) - passed
    print("%d passed, %d failed" % (passed, failed))
    # tests/run.sh totals Check's summary lines
    print("%d%%: Checks: %d, Failures: %d, Errors: 0"
          % (passed * 100 // max(1, len(results)), len(results), failed))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
