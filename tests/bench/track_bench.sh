#!/usr/bin/env bash
# getitrack's quality and cost (a benchmark, not a test): builds what is
# missing, then runs track-bench (tests/bench/track_bench.cpp), which starts
# the fake Geti server in-process and prints the crossing clip, the quality
# table with the issue's targets (ok/FAIL), and the cost per frame.
#
#   tests/bench/track_bench.sh                 scene, quality and cost
#   tests/bench/track_bench.sh quality [--frames F] [--intervals 1,5,10,30]
#       [--motions hold,extrapolate,interpolate] [--clips ball,crossing]
#       [--details]                            (the largest errors and every
#                                               id switch, per row)
#   tests/bench/track_bench.sh cost [--frames N] [--rounds R] [--tracks T]
#   tests/bench/track_bench.sh scene
#
# Exits 1 when a target is missed.
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"

export GST_PLUGIN_PATH=$GETI_BUILD_DIR/gst/plugin${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}
export GST_REGISTRY=$GETI_BUILD_DIR/bench-registry.bin
bench=$GETI_BUILD_DIR/tests/bench/track-bench

if [ $# -gt 0 ]; then
  exec "$bench" "$@"
fi
status=0
"$bench" scene || status=1
echo
"$bench" quality --details || status=1
echo
"$bench" cost || status=1
exit $status
