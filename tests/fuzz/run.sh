#!/usr/bin/env bash
# The fuzzers: builds the libFuzzer targets of tests/fuzz with clang 14
# (AddressSanitizer + UndefinedBehaviorSanitizer, every library instrumented)
# into their own build directory, then runs each on its seed corpus for a
# bounded time. A crash, a leak, an undefined behaviour or an input that
# takes longer than --timeout fails it; libFuzzer leaves the input in
# out/fuzz/crash-<target>-* (keep it in tests/fuzz/regressions/<target>/
# once fixed). Ends with "N passed, N failed".
#
#   tests/fuzz/run.sh [--seconds S] [--timeout S] [TARGET...]
#
#   GETI_FUZZ_BUILD_DIR  where to build (default: <repo>/build-fuzz)
#   GETI_FUZZ_OUT        new corpus entries and crashes (default: <repo>/out/fuzz)
set -uo pipefail

seconds=60
timeout=10
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(predict_response project meta_json discovery)

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
export GETI_BUILD_DIR=${GETI_FUZZ_BUILD_DIR:-$source_dir/build-fuzz}
export GETI_EXTRA_PACKAGES="clang-14 libclang-rt-14-dev"
export GETI_MESON_ARGS="-Dfuzzing=true -Db_sanitize=address,undefined \
  -Db_lundef=false -Dtests=disabled -Dexamples=disabled -Dintrospection=disabled"
export CC=clang-14 CXX=clang++-14
# shellcheck source=../../.ci/setup.sh
source "$source_dir/.ci/setup.sh" || { echo "0 passed, ${#targets[@]} failed"; exit 1; }

out=${GETI_FUZZ_OUT:-$source_dir/out/fuzz}
mkdir -p "$out"
# UndefinedBehaviorSanitizer findings are crashes too; GLib's one-time
# allocations are all still reachable, so leak checking needs no
# suppressions here (one that is not: GLib leaks its old GQuark table
# whenever it grows, so code that interns strings taken from the input
# shows up here as a 16 kB leak at exit: getipredict's ROI metas did).
# G_SLICE=always-malloc as in the sanitizer stage.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:intercept_tls_get_addr=0
export GST_REGISTRY_DISABLE=yes G_DEBUG=fatal-criticals G_SLICE=always-malloc

passed=0 failed=0
for target in "${targets[@]}"; do
  exe=$GETI_BUILD_DIR/tests/fuzz/fuzz_$target
  seeds=$source_dir/tests/fuzz/corpus/$target
  corpus=$out/corpus-$target   # what this run adds, seeds stay as they are
  mkdir -p "$corpus"
  echo "== fuzz_$target: $seconds s, $(find "$seeds" -type f | wc -l) seeds"
  log=$out/$target.log
  "$exe" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/crash-$target-" \
    "$corpus" "$seeds" >"$log" 2>&1
  status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+[[:space:]]+DONE)' "$log" |
    sed 's/^/   /'
  if [ $status -eq 0 ]; then
    passed=$((passed + 1))
    echo "   fuzz_$target: OK"
  else
    failed=$((failed + 1))
    tail -n 60 "$log"
    echo "   fuzz_$target: FAILED (exit $status; input in $out/crash-$target-*)"
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
