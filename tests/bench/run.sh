#!/usr/bin/env bash
# The performance benchmark (not a test): builds what is missing, then runs
# tests/bench/bench.py, which prints a table of figures next to their
# targets and writes out/bench/throughput.png.
#   tests/bench/run.sh [--quick]
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"
geti_packages=(python3-requests python3-matplotlib valgrind)
geti_install_packages
exec /usr/bin/python3 "$(dirname "$0")/bench.py" --build-dir "$GETI_BUILD_DIR" "$@"
