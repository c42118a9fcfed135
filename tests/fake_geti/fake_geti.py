# gst-geti
# Copyright (C) 2026 gst-geti developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The fake Geti server (fake-geti-server) in a process of its own, for the
scripts that drive whole pipelines against it (tests/bench, tests/soak)."""

import shlex
import subprocess
import time


class FakeServer:
    """fake-geti-server started with --print-env and @args; its settings
    (GETI_SERVER, GETI_API_KEY, ...) are in .env. With @seed, each start
    passes --seed seed + restarts. restart() brings it back on its port."""

    def __init__(self, exe, args=(), seed=None, stderr=None):
        self.exe = exe
        self.args = list(args)
        self.seed = seed
        self.stderr = stderr
        self.port = 0
        self.restarts = 0
        self.env = {}
        self.proc = None
        self.start()

    def start(self):
        args = [self.exe, "--print-env", "--port", str(self.port)] + self.args
        if self.seed is not None:
            args += ["--seed", str(self.seed + self.restarts)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True,
                                     stderr=self.stderr)
        env = {}
        for line in self.proc.stdout:
            line = line.strip()
            if not line:
                break
            key, _, value = line.partition("=")
            env[key] = shlex.split(value)[0] if value else ""
        if "GETI_SERVER" not in env:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError("the fake server did not start")
        self.env = env
        self.port = int(env["GETI_SERVER"].rsplit(":", 1)[1])

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def restart(self):
        self.stop()
        self.restarts += 1
        # the port was just released: a fresh listener may take a moment
        for _ in range(50):
            try:
                self.start()
                return
            except RuntimeError:
                time.sleep(0.1)
        raise RuntimeError("the fake server did not come back on port %d"
                           % self.port)

    def properties(self):
        """getipredict's properties for this server"""
        e = self.env
        return ("server=%s organization-id=%s workspace-id=%s project-id=%s "
                "api-key=%s" % (e["GETI_SERVER"], e["GETI_ORGANIZATION_ID"],
                                e["GETI_WORKSPACE_ID"], e["GETI_PROJECT_ID"],
                                e["GETI_API_KEY"]))

    def predict_url(self):
        e = self.env
        return ("%s/api/v1/organizations/%s/workspaces/%s/projects/%s/"
                "pipelines/active:predict" % (
                    e["GETI_SERVER"], e["GETI_ORGANIZATION_ID"],
                    e["GETI_WORKSPACE_ID"], e["GETI_PROJECT_ID"]))
