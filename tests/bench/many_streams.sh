#!/usr/bin/env bash
# Many streams, one server (a benchmark, not a test): builds what is missing,
# then runs many_streams.py, which starts the fake Geti server and, for 1, 4,
# 16 and 64 streams of 640x360 live video in one pipeline (one process),
# prints threads, descriptors, connections, memory, CPU per stream and per
# prediction, predictions per stream and their fairness, next to the targets
# of issue 18. About 3 minutes; nothing is asserted (exit 0 when it ran).
#
#   tests/bench/many_streams.sh              the four rows, 10 fps
#   tests/bench/many_streams.sh --quick      1 and 4 streams, 1 s + 4 s
#   tests/bench/many_streams.sh --details    also threads and descriptors
#                                            by kind, per row
#   tests/bench/many_streams.sh --streams 1,16 --fps 30 --window 20 ...
#                                            (--help lists them all)
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"

# /usr/bin/python3: the Debian one, with gi (pyenv's may shadow it)
exec /usr/bin/python3 "$(dirname "$0")/many_streams.py" \
  --build-dir "$GETI_BUILD_DIR" "$@"
