#!/usr/bin/env bash
# Shared set-up of the README's two commands: installs the Debian 12 packages
# the build, the tests and the demo need (when missing), then configures and
# builds with meson. Sourced, not run: it sets GETI_BUILD_DIR.
#
#   GETI_BUILD_DIR   where to build (default: <repo>/build)
#   GETI_MESON_ARGS  extra arguments for `meson setup` (e.g. -Db_sanitize=address)
#   GETI_NO_APT=1    never call apt-get
#   GETI_PACKAGES_ONLY=1  install the packages, do not build
#   GETI_EXTRA_PACKAGES  more Debian packages a caller needs (the fuzzers:
#                    clang-14 libclang-rt-14-dev; the memcheck run: valgrind)

GETI_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GETI_BUILD_DIR=${GETI_BUILD_DIR:-$GETI_SOURCE_DIR/build}

geti_packages=(
  meson ninja-build pkg-config g++
  libglib2.0-dev glib-networking
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  libsoup-3.0-dev libjson-glib-dev check libturbojpeg0-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  gobject-introspection libgirepository1.0-dev python3-gi
  gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0
  mosquitto mosquitto-clients   # the README's MQTT recipe (the readme test)
)
# shellcheck disable=SC2206 # a space-separated list
geti_packages+=(${GETI_EXTRA_PACKAGES:-})
# With GStreamer >= 1.24 (Debian 13), besides: the GstAnalytics library the
# plugin builds against, upstream's objectdetectionoverlay and the
# GstAnalytics-1.0 typelib the analytics tests use (all gst-plugins-bad's).
geti_analytics_packages=(
  libgstreamer-plugins-bad1.0-dev gstreamer1.0-plugins-bad gir1.2-gst-plugins-bad-1.0
)

# Installs the packages "$@" (default: geti_packages) that are missing.
geti_install_packages () {
  local missing=() p wanted=("$@")
  [ $# -eq 0 ] && wanted=("${geti_packages[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${GETI_NO_APT:-0}" = 1 ] || ! command -v apt-get >/dev/null; then
    echo "Missing packages: ${missing[*]} (install them, or unset GETI_NO_APT)" >&2
    return 1
  fi
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  # apt's own output (-q: no progress bars), so that a first run shows
  # what it is doing
  echo "Installing the Debian packages the build needs: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" || { echo "apt-get failed (the error is above)" >&2; return 1; }
}

geti_build () {
  # pyenv's python3 may shadow Debian's; meson is a Debian script and
  # picks its own interpreter, but keep /usr/bin first for the tools.
  export PATH=/usr/bin:$PATH
  # meson's and ninja's own output: on the first run what was found and
  # each step of the build (a few minutes); on an up-to-date build ninja's
  # two lines
  if [ ! -f "$GETI_BUILD_DIR/build.ninja" ]; then
    echo "Configuring the build in $GETI_BUILD_DIR (meson setup)"
    # shellcheck disable=SC2086
    meson setup "$GETI_BUILD_DIR" "$GETI_SOURCE_DIR" ${GETI_MESON_ARGS:-} \
      || { echo "meson setup failed (the error is above)" >&2; return 1; }
  fi
  ninja -C "$GETI_BUILD_DIR" || { echo "the build failed (the error is above)" >&2; return 1; }
}

# Starts the bundled fake Geti server (tests/fake_geti) with --print-env
# and "$@" as a coprocess and exports the GETI_* settings it prints (its
# own, over any already set); geti_stop_fake_server stops it.
geti_start_fake_server () {
  coproc GETI_FAKE { exec "$GETI_BUILD_DIR/tests/fake_geti/fake-geti-server" --print-env "$@"; }
  local line
  unset GETI_SERVER
  # GETI_NAME=value lines (values shell-quoted), then an empty line
  while IFS= read -r line <&"${GETI_FAKE[0]}" && [ -n "$line" ]; do
    [[ $line =~ ^GETI_[A-Z_]+= ]] && eval "export $line"
  done
  [ -n "${GETI_SERVER:-}" ] || { echo "the fake server did not start" >&2; return 1; }
}

geti_stop_fake_server () {
  if [ -n "${GETI_FAKE_PID:-}" ]; then
    kill "$GETI_FAKE_PID" 2>/dev/null || true
    wait "$GETI_FAKE_PID" 2>/dev/null || true
  fi
}

# True when the installed GStreamer is older than 1.24 (or not installed).
geti_gst_before_1_24 () {
  local version
  version=$(dpkg-query -W -f='${Version}' libgstreamer1.0-dev 2>/dev/null) || return 0
  [ -z "$version" ] || dpkg --compare-versions "$version" lt 1.24
}

geti_install_packages &&
  { geti_gst_before_1_24 || geti_install_packages "${geti_analytics_packages[@]}"; } &&
  { [ "${GETI_PACKAGES_ONLY:-0}" = 1 ] || geti_build; }
