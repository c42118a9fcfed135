#!/usr/bin/env bash
# getipredict's concurrency against servers of known capacity (a benchmark,
# not a test): builds what is missing, then runs adaptive-bench
# (tests/bench/adaptive_bench.cpp), which starts the fake Geti server
# in-process (K inferences at once at L ms each, or a rate limit of R
# requests per second) and prints, per server and max-in-flight (1, 2, 4,
# 8, 16 and 0: adaptive), predictions per second against min(K/L, R), p95
# latency against L, the share of requests answered 429 and the element's
# limit; then the issue's targets with ok/FAIL, and how long adaptive takes
# to settle when the server's capacity halves mid-run. About 6 minutes.
#
#   tests/bench/adaptive_bench.sh            the whole table (2 s warm-up,
#                                            6 s measured per row)
#   tests/bench/adaptive_bench.sh --quick    a smoke run: 1 s + 2 s per row,
#                                            the capacity halving after 4 s
#   tests/bench/adaptive_bench.sh [--settings 1,4] [--mif 4,0] [--timeline]
#       [--seconds S] [--warmup S] [--size WxH] [--no-halves]
#       [--halves-at S] [--halves-after S]   (adaptive-bench's own options)
#
# Exits 1 when a target is missed.
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"

export GST_PLUGIN_PATH=$GETI_BUILD_DIR/gst/plugin${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}
export GST_REGISTRY=$GETI_BUILD_DIR/bench-registry.bin
exec "$GETI_BUILD_DIR/tests/bench/adaptive-bench" "$@"
