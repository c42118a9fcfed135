#!/usr/bin/env bash
# The soak test (not a test of the suite, nor of CI: it takes half an hour):
# builds what is missing, then runs tests/soak/soak.py against the build.
#   tests/soak/run.sh [--minutes 30] [--mode live|ordered] [--help]
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"
exec /usr/bin/python3 "$(dirname "$0")/soak.py" --build-dir "$GETI_BUILD_DIR" "$@"
