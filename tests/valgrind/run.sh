#!/usr/bin/env bash
# Memcheck of the element suites: getipredict's tests (ordered mode, live
# mode, the server faults, start/stop and flushing stress, the server
# pools) and getitrack's under valgrind,
# one process per suite (CK_FORK=no; the leaks tracer still runs). Fails on
# any invalid access or use of uninitialised memory, and on any definitely
# or indirectly lost block; what the libraries below us lose on purpose or
# by a known bug of theirs is in tests/valgrind/geti.supp.
# Ends with one summary line per suite and "N passed, N failed".
#
#   tests/valgrind/run.sh [--all] [SUITE...]
#
# SUITE: getipredict, getipredict_live, getipredict_faults,
# getipredict_project, getipredict_stress, getipredict_pool, getitrack
# (default: all seven).
set -uo pipefail

all=false
suites=()
while [ $# -gt 0 ]; do
  case $1 in
    --all) all=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) suites+=("$1"); shift ;;
  esac
done
[ ${#suites[@]} -eq 0 ] && suites=(getipredict getipredict_live
  getipredict_faults getipredict_project getipredict_stress getipredict_pool
  getitrack)

# Every test of these suites but those that measure real time (a frame
# late at a synchronised sink, max-latency, a slow answer against the
# timeout, a server restart within a time, the adaptive limit growing while
# answers come back as fast as the fastest, which a client this slow reads
# as a queue): valgrind runs them 20-50 times slower. --all runs them too.
timed_tests=test_live_mode_flows,test_ordered_max_latency,test_fault_slow,test_server_restart
timed_tests+=,test_adaptive_grows,test_adaptive_shrinks_when_queued
# The stress suite with 20 start/stop cycles and flushing seeks per test
# instead of 500
export GETI_STRESS_ITERATIONS=${GETI_STRESS_ITERATIONS:-20}

export GETI_EXTRA_PACKAGES=valgrind
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh" || { echo "0 passed, ${#suites[@]} failed"; exit 1; }

out=${GETI_VALGRIND_OUT:-$GETI_SOURCE_DIR/out/valgrind}
rm -rf "$out"
mkdir -p "$out"
# One process per suite, slices as plain mallocs, the registry scanned in
# process, ORC's C fallbacks instead of its run-time generated code
export CK_FORK=no G_SLICE=always-malloc GST_REGISTRY_FORK=no ORC_CODE=backup
valgrind="valgrind --tool=memcheck --leak-check=full \
  --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
  --track-origins=yes --num-callers=40 --error-exitcode=99 \
  --suppressions=$GETI_SOURCE_DIR/tests/valgrind/geti.supp \
  --gen-suppressions=all --log-file=$out/%q{GETI_VALGRIND_SUITE}.%p.log"

# The plugin registry up to date before valgrind: scanning plugins into it
# in process (GST_REGISTRY_FORK=no) is where GStreamer loses a tracer
# factory per tracer, and GLib its first quark block
meson test -C "$GETI_BUILD_DIR" meta_accessors >/dev/null 2>&1

passed=0 failed=0
summary=()
for suite in "${suites[@]}"; do
  ignore=
  $all || ignore=$timed_tests
  echo "== $suite"
  start=$(date +%s)
  GETI_VALGRIND_SUITE=$suite GST_CHECKS_IGNORE=$ignore \
    meson test -C "$GETI_BUILD_DIR" --wrapper "$valgrind" \
      --timeout-multiplier 2 -v "$suite" >"$out/$suite.meson.log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))

  # The summaries of every process valgrind ran (the suite, and anything it
  # started)
  read -r errors definite indirect < <(
    cat "$out/$suite".*.log 2>/dev/null | awk '
      /ERROR SUMMARY:/ { e += $4 }
      /definitely lost:/ { gsub(",", "", $4); d += $4 }
      /indirectly lost:/ { gsub(",", "", $4); i += $4 }
      END { print e + 0, d + 0, i + 0 }')
  checks_line=$(grep -aoE '[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' \
    "$out/$suite.meson.log" | tail -n 1)
  line="$suite: ${checks_line:-no Check summary}; valgrind: $errors errors, $definite bytes definitely and $indirect indirectly lost; ${seconds} s"
  summary+=("$line")
  if [ $status -eq 0 ] && [ "$errors" -eq 0 ] && [ "$definite" -eq 0 ] && [ "$indirect" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    line="$line: FAILED (see $out/$suite.*.log)"
    first=$(grep -l -E 'ERROR SUMMARY: [1-9]' "$out/$suite".*.log 2>/dev/null | head -n 1)
    [ -n "$first" ] && sed -n '/^==[0-9]*== [A-Z]/,$p' "$first" | head -n 80
  fi
  echo "   $line"
done
echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
