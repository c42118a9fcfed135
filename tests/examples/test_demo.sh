#!/usr/bin/env bash
# Test that examples/demo.sh runs with every complete way of naming the
# project (nothing: its own fake server; GETI_PROJECT_URL as the fake
# server's --print-env gives it; GETI_SERVER and the three ids) and that an
# incomplete naming ends with an error that names the missing variables
# before anything is built.
#
#   test_demo.sh DEMO_SH BUILD_DIR FAKE_GETI_SERVER
#
# The demo builds BUILD_DIR through .ci/setup.sh (GETI_NO_APT=1: no apt-get),
# which meson test has just brought up to date.
set -euo pipefail

demo=$1 build_dir=$2 fake_server=$3
frames=6

work=$(mktemp -d "${TMPDIR:-/tmp}/gst-geti-demo.XXXXXX")
fake_pid=
finish () {
  local status=$?
  if [ -n "$fake_pid" ]; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  [ "$status" -eq 77 ] && exit 77 # skipped
  # The Check summary line tests/run.sh totals: this script is one check.
  if [ "$status" -eq 0 ]; then
    echo "100%: Checks: 1, Failures: 0, Errors: 0"
  else
    echo "0%: Checks: 1, Failures: 1, Errors: 0"
  fi
  exit "$status"
}
trap finish EXIT

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

project_variables=(GETI_PROJECT_URL GETI_SERVER GETI_ORGANIZATION_ID
  GETI_WORKSPACE_ID GETI_PROJECT_ID GETI_PROJECT_NAME GETI_API_KEY)
# Runs the demo ($1: a name for its output) with only the GETI_* variables
# given as NAME=value arguments naming the project; its status in $status,
# its output in $work/$1.out and $work/$1.err.
run_demo () {
  local name=$1
  shift
  echo "# demo.sh with ${*:-nothing set}"
  status=0
  env "${project_variables[@]/#/--unset=}" GETI_NO_APT=1 \
    GETI_BUILD_DIR="$build_dir" GETI_DEMO_FRAMES=$frames \
    GETI_DEMO_OUT="$work/$name" "$@" \
    bash "$demo" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  cat "$work/$name.out" "$work/$name.err"
}

# The demo cannot run as its users run it when .ci/setup.sh (GETI_NO_APT=1)
# found packages missing ($1: its output).
skip_if_packages_missing () {
  if grep -q "^Missing packages:" "$1"; then
    echo "SKIP: $(grep "^Missing packages:" "$1")" >&2
    exit 77
  fi
}

# A run that worked: its JSON lines (one per frame: the ball is always
# there), the video and the snapshot.
check_outputs () {
  local name=$1
  skip_if_packages_missing "$work/$name.err"
  [ "$status" -eq 0 ] || fail "demo.sh ($name) ended with status $status"
  local lines
  lines=$(wc -l <"$work/$name/predictions.jsonl")
  [ "$lines" -eq "$frames" ] ||
    fail "demo.sh ($name) wrote $lines JSON lines, not $frames"
  grep -q '"ball"' "$work/$name/predictions.jsonl" ||
    fail "demo.sh ($name): no ball in the predictions"
  # one frame in five sent (interval=5), getitrack's track id on every box
  # and the frames between interpolated (or, after the last answer,
  # extrapolated)
  local predicted placed
  predicted=$(grep -c '"source": "predicted"' "$work/$name/predictions.jsonl" || true)
  placed=$(grep -cE '"source": "(interpolated|extrapolated)"' "$work/$name/predictions.jsonl" || true)
  [ "$predicted" -eq $(((frames + 4) / 5)) ] && [ "$placed" -eq $((frames - predicted)) ] ||
    fail "demo.sh ($name): $predicted frames predicted, $placed placed by getitrack, of $frames"
  [ "$(grep -c '"track_id": 1,' "$work/$name/predictions.jsonl")" -eq "$frames" ] ||
    fail "demo.sh ($name): not every frame's ball has track id 1"
  [ -s "$work/$name/annotated.avi" ] || fail "demo.sh ($name): no video"
  [ -s "$work/$name/snapshot.png" ] || fail "demo.sh ($name): no snapshot"
}

# .ci/setup.sh on an up-to-date build (as the run before left it) says so
# in a line or two
setup=$(dirname "$demo")/../.ci/setup.sh
GETI_NO_APT=1 GETI_BUILD_DIR=$build_dir bash -c 'source "$1"' setup "$setup" \
  >"$work/setup.out" 2>&1 || true
status=0
GETI_NO_APT=1 GETI_BUILD_DIR=$build_dir bash -c 'source "$1"' setup "$setup" \
  >"$work/setup.out" 2>&1 || status=$?
skip_if_packages_missing "$work/setup.out"
[ "$status" -eq 0 ] || fail "setup.sh failed: $(cat "$work/setup.out")"
[ "$(wc -l <"$work/setup.out")" -le 2 ] && grep -q "no work to do" "$work/setup.out" ||
  fail "setup.sh on an up-to-date build printed: $(cat "$work/setup.out")"

# Incomplete: only the server. No build, no unbound variable: the missing
# ones and the ways of naming the project.
run_demo server-only GETI_SERVER=http://127.0.0.1:1
[ "$status" -eq 2 ] || fail "demo.sh with only GETI_SERVER: status $status, not 2"
for variable in GETI_ORGANIZATION_ID GETI_WORKSPACE_ID GETI_PROJECT_ID \
  GETI_PROJECT_URL; do
  grep -q "$variable" "$work/server-only.err" ||
    fail "demo.sh with only GETI_SERVER does not mention $variable"
done
if grep -q "unbound variable" "$work/server-only.err"; then
  fail "demo.sh with only GETI_SERVER: unbound variable"
fi
[ ! -s "$work/server-only.out" ] ||
  fail "demo.sh with only GETI_SERVER went on: $(cat "$work/server-only.out")"

# Incomplete: a project without its key
run_demo no-key GETI_PROJECT_URL=http://127.0.0.1:1/organizations/x
[ "$status" -eq 2 ] || fail "demo.sh without GETI_API_KEY: status $status, not 2"
grep -q GETI_API_KEY "$work/no-key.err" ||
  fail "demo.sh without GETI_API_KEY does not say it is missing"

# Nothing set: the demo starts its own fake server
run_demo own-server
check_outputs own-server

# The inspection demo: an anomaly model, every frame sent and explained,
# each line with its anomaly map
run_demo anomaly GETI_DEMO_SCENARIO=anomaly
skip_if_packages_missing "$work/anomaly.err"
[ "$status" -eq 0 ] || fail "demo.sh (anomaly) ended with status $status"
[ "$(grep -c '"name": "Anomalous"' "$work/anomaly/predictions.jsonl")" -eq "$frames" ] ||
  fail "demo.sh (anomaly): not every frame is Anomalous"
[ "$(grep -c '"maps": \[{"label_id"' "$work/anomaly/predictions.jsonl")" -eq "$frames" ] ||
  fail "demo.sh (anomaly): not every frame has its anomaly map"
[ -s "$work/anomaly/snapshot.png" ] || fail "demo.sh (anomaly): no snapshot"

# The fake server's --print-env lines: its GETI_PROJECT_URL (the web UI's
# form of the address) alone, then GETI_SERVER and the three ids alone
echo "# starting $fake_server --print-env"
coproc FAKE { exec "$fake_server" --print-env 2>"$work/fake.err"; }
# shellcheck disable=SC2153 # FAKE_PID is set by coproc
fake_pid=$FAKE_PID
declare -A printed=()
while IFS= read -r line <&"${FAKE[0]}" && [ -n "$line" ]; do
  [[ $line =~ ^(GETI_[A-Z_]+)=(.*)$ ]] || fail "not a GETI_*= line: $line"
  eval "printed[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}"
done
[ -n "${printed[GETI_SERVER]:-}" ] || fail "the fake Geti server did not start"
expected_url="${printed[GETI_SERVER]}/organizations/${printed[GETI_ORGANIZATION_ID]}"
expected_url+="/workspaces/${printed[GETI_WORKSPACE_ID]}/projects/${printed[GETI_PROJECT_ID]}"
[ "${printed[GETI_PROJECT_URL]:-}" = "$expected_url" ] ||
  fail "GETI_PROJECT_URL is '${printed[GETI_PROJECT_URL]:-}', not '$expected_url'"

run_demo project-url "GETI_PROJECT_URL=${printed[GETI_PROJECT_URL]}" \
  "GETI_API_KEY=${printed[GETI_API_KEY]}"
check_outputs project-url
if grep -q "Starting the bundled fake" "$work/project-url.out"; then
  fail "demo.sh with GETI_PROJECT_URL started its own fake server"
fi

run_demo ids "GETI_SERVER=${printed[GETI_SERVER]}" \
  "GETI_ORGANIZATION_ID=${printed[GETI_ORGANIZATION_ID]}" \
  "GETI_WORKSPACE_ID=${printed[GETI_WORKSPACE_ID]}" \
  "GETI_PROJECT_ID=${printed[GETI_PROJECT_ID]}" \
  "GETI_API_KEY=${printed[GETI_API_KEY]}"
check_outputs ids

kill "$fake_pid"
wait "$fake_pid" 2>/dev/null || true
fake_pid=
# Both runs went to this server: one request per fifth frame each
grep -q "stopped after $((2 * ((frames + 4) / 5))) predict requests" "$work/fake.err" ||
  fail "the fake server did not answer both runs: $(cat "$work/fake.err")"
