#!/usr/bin/env bash
# Regenerates the fake-server part of the fuzzers' seed corpus
# (tests/fuzz/corpus/*/fake_*): the :predict answers of every scenario and
# project kind (with and without shapes, the fault bodies), the :explain
# answers of every project kind, the project
# documents and the discovery answers, as fake-geti-server sends them. The
# Geti fixtures (tests/data/geti) are copied beside them. Run it after
# changing what the fake server answers; commit the result.
#
#   tests/fuzz/make_corpus.sh      (builds with .ci/setup.sh first)
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"
corpus=$GETI_SOURCE_DIR/tests/fuzz/corpus
fixtures=$GETI_SOURCE_DIR/tests/data/geti
server_exe=$GETI_BUILD_DIR/tests/fake_geti/fake-geti-server
work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$corpus"/{predict_response,project,discovery,meta_json}
for f in "$fixtures"/*.json; do
  case $(basename "$f") in
    project_*) install -m 644 "$f" "$corpus/project/" ;;
    *) install -m 644 "$f" "$corpus/predict_response/" ;;
  esac
done

"$GETI_BUILD_DIR/tests/bench/geti-bench" dump-jpegs --width 320 --height 240 \
  --frames 1 --dir "$work"
jpeg=$work/frame-00000.jpg

# Starts the fake server with "$@", exporting its GETI_* settings
start_server () {
  exec {fd}< <(exec "$server_exe" --print-env "$@" 2>/dev/null)
  server_pid=$!
  while read -r line <&"$fd" && [ -n "$line" ]; do eval "export $line"; done
}
stop_server () {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=
}
get () {
  curl -s -H "x-api-key: $GETI_API_KEY" "$GETI_SERVER/api/v1/$1" -o "$2"
}
project_path () {
  echo "organizations/$GETI_ORGANIZATION_ID/workspaces/$GETI_WORKSPACE_ID/projects/$GETI_PROJECT_ID"
}
predict () {
  curl -s -H "x-api-key: $GETI_API_KEY" -F "file=@$jpeg;type=image/jpeg" \
    "$GETI_SERVER/api/v1/$(project_path)/pipelines/active:predict$1" -o "$2"
}

for kind in detection task-chain keypoint; do
  for scenario in detection shapes keypoints-ovms classification empty; do
    start_server --project-kind "$kind" --scenario "$scenario"
    predict "" "$corpus/predict_response/fake_${kind}_${scenario}.json"
    predict "?label_only=true" \
      "$corpus/predict_response/fake_${kind}_${scenario}_label_only.json"
    stop_server
  done
  start_server --project-kind "$kind"
  get "$(project_path)" "$corpus/project/fake_$kind.json"
  stop_server
done
# The anomaly project, and the :explain answers of every project kind (the
# predict_response target parses its input as an :explain answer too)
explain () {
  curl -s -H "x-api-key: $GETI_API_KEY" -F "file=@$jpeg;type=image/jpeg" \
    "$GETI_SERVER/api/v1/$(project_path)/pipelines/active:explain" -o "$1"
}
start_server --scenario anomaly
predict "" "$corpus/predict_response/fake_anomaly.json"
get "$(project_path)" "$corpus/project/fake_anomaly.json"
stop_server
for kind in detection task-chain keypoint anomaly; do
  start_server --project-kind "$kind"
  explain "$corpus/predict_response/fake_explain_$kind.json"
  stop_server
done

for fault in garbage wrong-type 500; do
  start_server --fault "$fault"
  predict "" "$corpus/predict_response/fake_fault_$fault.json"
  stop_server
done

start_server
get personal_access_tokens/organization "$corpus/discovery/fake_organization.json"
get "organizations/$GETI_ORGANIZATION_ID/workspaces" "$corpus/discovery/fake_workspaces.json"
get "organizations/$GETI_ORGANIZATION_ID/workspaces/$GETI_WORKSPACE_ID/projects?limit=100&skip=0" \
  "$corpus/discovery/fake_projects.json"
get "organizations/$GETI_ORGANIZATION_ID/workspaces/$GETI_WORKSPACE_ID/projects?name=ball" \
  "$corpus/discovery/fake_projects_by_name.json"
get "$(project_path)/nothing" "$corpus/discovery/fake_not_found.json"
stop_server

# The meta's round trip reads typed values off raw bytes: a few seeded
# random inputs of growing length
/usr/bin/python3 - "$corpus/meta_json" <<'PY'
import random, sys
for n in range(8):
    rng = random.Random(n)
    with open("%s/seed_%d" % (sys.argv[1], n), "wb") as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(64 + 96 * n)))
PY
find "$corpus" -type f | wc -l
