#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, runs every test
# binary verbosely and ends with one line totalling the Check results.
#
#   tests/run.sh [--sanitize] [meson test arguments...]
#
# --sanitize: the same suites built with AddressSanitizer (and LeakSanitizer)
# and UndefinedBehaviorSanitizer in a build directory of their own
# (build-asan, or GETI_SANITIZE_BUILD_DIR); any sanitizer report fails the
# run. Not there: the Python (GIR) tests, which would need the ASan runtime
# preloaded into Python, and the install test, which builds a tree of its
# own.
set -uo pipefail

sanitize=false
if [ "${1:-}" = --sanitize ]; then
  sanitize=true
  shift
  tests_dir=$(cd "$(dirname "$0")" && pwd)
  export GETI_BUILD_DIR=${GETI_SANITIZE_BUILD_DIR:-$(dirname "$tests_dir")/build-asan}
  export GETI_MESON_ARGS="-Db_sanitize=address,undefined -Dintrospection=disabled ${GETI_MESON_ARGS:-}"
  # intercept_tls_get_addr=0: gcc 12's LeakSanitizer crashes at exit once
  # glib-networking's TLS module is loaded. fast_unwind_on_malloc=0: whole
  # stacks through GLib (built without frame pointers), which the
  # suppressions match. The registry is scanned in process:
  # gst-plugin-scanner is no ASan program and can't load our plugin.
  export ASAN_OPTIONS=detect_leaks=1:intercept_tls_get_addr=0:fast_unwind_on_malloc=0:abort_on_error=1
  export LSAN_OPTIONS=suppressions=$tests_dir/sanitizers/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  export GST_REGISTRY_FORK=no G_SLICE=always-malloc
  set -- --no-suite install --timeout-multiplier 3 "$@"
fi

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
# A sanitizer report fails the run even where no exit status carried it
# (a child process, a forked test).
if $sanitize; then
  reports=$(grep -acE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log")
  if [ "$reports" -gt 0 ]; then
    echo "sanitizer reports: $reports"
    errors=$((errors + reports))
    meson_status=1
  fi
fi
percent=0
[ "$checks" -gt 0 ] && percent=$(( (checks - failures - errors) * 100 / checks ))
[ "$percent" -lt 0 ] && percent=0
echo
echo "$percent%: Checks: $checks, Failures: $failures, Errors: $errors"
[ "$meson_status" -eq 0 ] && [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]
