#!/usr/bin/env bash
# The demo: a moving ball through getipredict against the bundled fake Geti
# server or a real Geti project, one frame in five (interval=5), then
# getitrack, which gives the ball an id and places its box on the four
# frames between two answers; the predictions go out as JSON Lines and,
# drawn by getioverlay, as a video (annotated.avi, Motion JPEG) and a PNG
# snapshot of one annotated frame.
#
# The project, one of:
#   nothing set         the bundled fake Geti server (a bright-blob detector)
#   GETI_PROJECT_URL    the project's address in Geti's web UI
#                       (https://host/organizations/.../workspaces/.../projects/...)
#   GETI_SERVER, GETI_ORGANIZATION_ID, GETI_WORKSPACE_ID, GETI_PROJECT_ID
# and, for a real Geti, GETI_API_KEY (getipredict reads it itself).
#
#   GETI_DEMO_OUT       output directory (default: <repo>/out)
#   GETI_DEMO_FRAMES    frames to process (default: 150)
#   GETI_DEMO_SCENARIO  what the fake server answers: detection (default),
#                       shapes, keypoints-ovms, classification, empty, or
#                       anomaly (an inspection model: every frame is sent
#                       and explained, and the anomaly map is drawn as a
#                       heat map over the video)
#   GETI_INPUT          a video file to use instead of the ball (real Geti)
#   GETI_BUILD_DIR, GETI_NO_APT, ...  as .ci/setup.sh reads them
set -euo pipefail

# Which project, checked before anything is built: the fake server when
# nothing names one, otherwise a complete naming.
id_variables=(GETI_SERVER GETI_ORGANIZATION_ID GETI_WORKSPACE_ID GETI_PROJECT_ID)
use_fake_server=0
if [ -n "${GETI_PROJECT_URL:-}" ]; then
  project=("project-url=$GETI_PROJECT_URL")
else
  named=() missing=()
  for variable in "${id_variables[@]}"; do
    if [ -n "${!variable:-}" ]; then named+=("$variable"); else missing+=("$variable"); fi
  done
  if [ ${#named[@]} -eq 0 ]; then
    use_fake_server=1
  elif [ ${#missing[@]} -gt 0 ]; then
    cat >&2 <<EOM
demo: ${named[*]} set, but not ${missing[*]}.
Name the project in one of these ways:
  GETI_PROJECT_URL=https://geti.example/organizations/ORG/workspaces/WS/projects/ID
                      (the project's address in Geti's web UI, any page of it)
  GETI_SERVER, GETI_ORGANIZATION_ID, GETI_WORKSPACE_ID and GETI_PROJECT_ID
                      (all four)
or unset ${named[*]} to run against the bundled fake Geti server.
EOM
    exit 2
  else
    project=("server=$GETI_SERVER" "organization-id=$GETI_ORGANIZATION_ID"
      "workspace-id=$GETI_WORKSPACE_ID" "project-id=$GETI_PROJECT_ID")
  fi
fi
if [ "$use_fake_server" = 0 ] && [ -z "${GETI_API_KEY:-}" ]; then
  echo "demo: GETI_API_KEY is not set: the project's Geti needs an API key" \
    "(a personal access token from Geti's account page)" >&2
  exit 2
fi

# shellcheck source=../.ci/setup.sh
source "$(dirname "$0")/../.ci/setup.sh"

out=${GETI_DEMO_OUT:-$GETI_SOURCE_DIR/out}
frames=${GETI_DEMO_FRAMES:-150}
mkdir -p "$out"
export GST_PLUGIN_PATH=$GETI_BUILD_DIR/gst/plugin${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}
export GST_REGISTRY=$GETI_BUILD_DIR/demo-registry.bin

if [ "$use_fake_server" = 1 ]; then
  echo "Starting the bundled fake Geti server (a bright-blob detector)..."
  trap geti_stop_fake_server EXIT
  scenario=${GETI_DEMO_SCENARIO:-detection}
  kind=()
  [ "$scenario" = anomaly ] && kind=(--project-kind anomaly)
  geti_start_fake_server --latency-ms 40 --scenario "$scenario" "${kind[@]}"
  echo "Fake Geti server at $GETI_PROJECT_URL"
  project=("project-url=$GETI_PROJECT_URL")
fi

if [ -n "${GETI_INPUT:-}" ]; then
  source_pipeline=(filesrc "location=$GETI_INPUT" ! decodebin ! videoconvert)
else
  source_pipeline=(videotestsrc pattern=ball "num-buffers=$frames"
    ! video/x-raw,format=I420,width=640,height=480,framerate=30/1)
fi

jsonl=$out/predictions.jsonl
video=$out/annotated.avi
snapshot=$out/snapshot.png
rm -f "$jsonl" "$video" "$snapshot" "$out"/.snapshot-*.png
echo "Running the pipeline..."
# One pass: one frame in five goes to the server, getitrack follows the
# objects over the frames between; the predictions go to the JSON Lines
# file, and getioverlay draws them on the frames for the video and the
# snapshot (one frame a second goes to PNG, the last one written is kept).
# An anomaly model says only "Anomalous" on the whole frame; where comes
# from :explain: every frame is sent and explained, the map drawn as a heat
# map.
predict=(interval=5) overlay=()
if [ "${GETI_DEMO_SCENARIO:-}" = anomaly ]; then
  predict=(interval=1 explain-interval=1) overlay=(show-maps=all)
fi
gst-launch-1.0 -q -e "${source_pipeline[@]}" \
  ! getipredict "${predict[@]}" "${project[@]}" \
  ! getitrack \
  ! tee name=predicted \
  predicted. ! queue ! getijsonsink "location=$jsonl" \
  predicted. ! queue ! getioverlay "${overlay[@]}" ! videoconvert ! tee name=annotated \
  annotated. ! queue ! jpegenc ! avimux ! filesink "location=$video" \
  annotated. ! queue ! videorate drop-only=true max-rate=1 ! pngenc \
    ! multifilesink "location=$out/.snapshot-%05d.png" max-files=1 ||
  {
    status=$?
    echo "demo: the pipeline failed (exit $status); the error above says why" >&2
    exit "$status"
  }
last_png=$(ls "$out"/.snapshot-*.png 2>/dev/null | tail -n 1)
[ -n "$last_png" ] && mv "$last_png" "$snapshot"

lines=$(wc -l <"$jsonl")
# a frame where the model found nothing carries only its empty label
# ("No object", marked "empty": true)
detections=$(grep -vc '"empty": true' "$jsonl" || true)
# the frames the server answered for, and those getitrack placed between
predicted=$(grep -c '"source": "predicted"' "$jsonl" || true)
placed=$(grep -cE '"source": "(interpolated|extrapolated)"' "$jsonl" || true)
echo
echo "Wrote $lines JSON lines (one per frame with predictions; $detections with detections) to:"
echo "  $jsonl"
echo "The video with the predictions drawn on it (Motion JPEG in AVI):"
echo "  $video"
echo "One annotated frame:"
echo "  $snapshot"
echo "$predicted frames went to the server; getitrack placed the boxes on the $placed between."
echo "First line:"
head -n 1 "$jsonl"
[ "$lines" -gt 0 ] && [ -s "$video" ] && [ -s "$snapshot" ]
