#!/usr/bin/env bash
# getioverlay's cost per frame (a benchmark, not a test): 1080p I420 ball
# frames through getipredict and the bundled fake Geti server, then through
# getioverlay attaching its drawing as meta, getioverlay blending it into the
# frame, or an identity in its place (no overlay). The time is the element's
# own: the latency tracer's time from the buffer entering it to the buffer
# leaving it. Two columns: new predictions on every frame (drawn every
# frame), and predictions held by nine frames in ten (the drawing reused).
# The "+ map" rows add an explanation map to every prediction (getipredict
# explain-interval=1; the fake server's map is 1/8 of the frame: 240x135)
# drawn with show-maps=all.
#
#   tests/bench/overlay_bench.sh [FRAMES]     (default 200)
set -euo pipefail
# shellcheck source=../../.ci/setup.sh
source "$(dirname "$0")/../../.ci/setup.sh"

frames=${1:-200}
# The first frames load fonts and fill caches: left out of the figures.
warmup=10
export GST_PLUGIN_PATH=$GETI_BUILD_DIR/gst/plugin${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}
export GST_REGISTRY=$GETI_BUILD_DIR/bench-registry.bin
work=$(mktemp -d)

trap 'geti_stop_fake_server; rm -rf "$work"' EXIT
geti_start_fake_server

attach_caps='video/x-raw(memory:SystemMemory,meta:GstVideoOverlayComposition)'

# Runs one configuration and prints the mean and median time, in ms, that
# the element named "measured" took per frame.
measure () { # interval, element..., caps[, getipredict property...]
  local interval=$1 caps=$3
  local -a predict_extra
  read -r -a predict_extra <<<"${4:-}"
  local -a element
  read -r -a element <<<"$2"
  local log=$work/trace.log
  rm -f "$log"
  GST_TRACERS='latency(flags=element)' GST_DEBUG='GST_TRACER:7' \
  GST_DEBUG_NO_COLOR=1 GST_DEBUG_FILE=$log \
    gst-launch-1.0 -q videotestsrc pattern=ball "num-buffers=$frames" \
      ! video/x-raw,format=I420,width=1920,height=1080,framerate=30/1 \
      ! getipredict "server=$GETI_SERVER" "organization-id=$GETI_ORGANIZATION_ID" \
          "workspace-id=$GETI_WORKSPACE_ID" "project-id=$GETI_PROJECT_ID" \
          "interval=$interval" hold-time=1000000000 "${predict_extra[@]}" \
      ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=0 \
      ! "${element[@]}" name=measured ! "$caps" ! fakesink >/dev/null
  grep -o 'element=(string)measured, src=(string)src, time=(guint64)[0-9]*' "$log" |
    sed 's/.*time=(guint64)//' | tail -n "+$((warmup + 1))" | sort -n |
    awk '{ v[NR] = $1; s += $1 }
         END { if (NR == 0) { print "- -"; exit }
               printf "%.3f %.3f\n", s / NR / 1e6, v[int((NR + 1) / 2)] / 1e6 }'
}

echo "getioverlay, 1920x1080 I420, $frames frames; time in the element per frame, ms"
echo "(mean / median over the frames after the first $warmup; the ball: one box"
echo "and its label tab; + map: and a 240x135 explanation map under them)"
echo
printf "%-30s %-30s %-22s\n" "" "new predictions every frame" "held 9 frames in 10"
for mode in "no overlay (identity)|identity|video/x-raw" \
            "attach (composition meta)|getioverlay|$attach_caps" \
            "blend (into the frame)|getioverlay|video/x-raw" \
            "attach + map|getioverlay show-maps=all|$attach_caps|explain-interval=1" \
            "blend + map|getioverlay show-maps=all|video/x-raw|explain-interval=1"; do
  IFS='|' read -r label element caps extra <<<"$mode"
  read -r fresh_mean fresh_median < <(measure 1 "$element" "$caps" "$extra")
  read -r held_mean held_median < <(measure 10 "$element" "$caps" "$extra")
  printf "%-30s %-30s %-22s\n" "$label" "$fresh_mean / $fresh_median" \
    "$held_mean / $held_median"
done
