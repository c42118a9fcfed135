#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test
# binary verbosely and ends with one line totalling the Check results.
set -uo pipefail
# shellcheck source=../.ci/setup.sh
source "$(dirname "$0")/../.ci/setup.sh" || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
meson test -C "$GETI_BUILD_DIR" -v --print-errorlogs "$@" 2>&1 | tee "$log"
meson_status=${PIPESTATUS[0]}

# Every suite prints Check's "NN%: Checks: N, Failures: N, Errors: N".
read -r checks failures errors < <(
  grep -aoE '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" |
    awk -F'[:,]' '{c+=$3; f+=$5; e+=$7} END {print c+0, f+0, e+0}')
# A binary that died before printing its line still counts as a failure.
if [ "$meson_status" -ne 0 ] && [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]; then
  errors=1
fi
percent=0
[ "$checks" -gt 0 ] && percent=$(( (checks - failures - errors) * 100 / checks ))
[ "$percent" -lt 0 ] && percent=0
echo
echo "$percent%: Checks: $checks, Failures: $failures, Errors: $errors"
[ "$meson_status" -eq 0 ] && [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]
