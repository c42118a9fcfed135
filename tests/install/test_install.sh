#!/usr/bin/env bash
# Test that `meson install` into a temporary prefix gives applications what
# the README promises: the plugin in <libdir>/gstreamer-1.0, the meta library,
# its headers under include/gstreamer-1.0/gst/geti, the pkg-config file
# gstreamer-geti-1.0 and the GstGeti-1.0 typelib; that a separate tiny C
# program (read_meta.c) built with nothing but
# `pkg-config --cflags --libs gstreamer-geti-1.0` against that prefix runs
# the installed getipredict (found through GST_PLUGIN_PATH alone) against
# the fake Geti server and reads the meta; and that the Python example reads
# it through the installed typelib.
#
#   test_install.sh MESON SOURCE_DIR FAKE_GETI_SERVER PYTHON INTROSPECTION
#
# PYTHON: a python3 with PyGObject (may be empty when INTROSPECTION is false);
# INTROSPECTION: true or false, as the tree under test was configured.
set -euo pipefail

meson=$1 source_dir=$2 fake_server=$3 python=$4 introspection=$5
frames=5

work=$(mktemp -d "${TMPDIR:-/tmp}/gst-geti-install.XXXXXX")
fake_pid=
finish () {
  local status=$?
  if [ -n "$fake_pid" ]; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
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

# Runs "$@" with its output in $work/log, shown only when it fails.
logged () {
  "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; fail "$*"; }
}

# Only what a user's shell would have: no plugin path, registry or typelib
# path of the build tree.
unset GST_PLUGIN_PATH GST_PLUGIN_PATH_1_0 GST_REGISTRY GST_REGISTRY_1_0 \
  GI_TYPELIB_PATH LD_LIBRARY_PATH GST_TRACERS

prefix=$work/prefix
gir_option=disabled
[ "$introspection" = true ] && gir_option=enabled
echo "# meson setup --prefix=$prefix, then meson install"
logged "$meson" setup "$work/build" "$source_dir" --prefix="$prefix" \
  -Dtests=disabled -Dexamples=disabled -Dintrospection="$gir_option"
logged "$meson" install -C "$work/build"

pc=$(find "$prefix" -name gstreamer-geti-1.0.pc -path '*/pkgconfig/*')
[ -n "$pc" ] || fail "no gstreamer-geti-1.0.pc under $prefix"
libdir=$(dirname "$(dirname "$pc")")
echo "# installed in $prefix (libdir $libdir)"
for file in \
  "$libdir/gstreamer-1.0/libgstgeti.so" \
  "$libdir/libgstgeti-1.0.so" \
  "$libdir/libgstgeti-1.0.so.0" \
  "$prefix/include/gstreamer-1.0/gst/geti/geti.h" \
  "$prefix/include/gstreamer-1.0/gst/geti/geti-prelude.h" \
  "$prefix/include/gstreamer-1.0/gst/geti/gstgetiprediction.h" \
  "$prefix/include/gstreamer-1.0/gst/geti/gstgetipredictions.h" \
  "$prefix/include/gstreamer-1.0/gst/geti/gstgetipredictionmeta.h"; do
  [ -e "$file" ] || fail "not installed: $file"
done
if [ "$introspection" = true ]; then
  for file in "$libdir/girepository-1.0/GstGeti-1.0.typelib" \
    "$prefix/share/gir-1.0/GstGeti-1.0.gir"; do
    [ -e "$file" ] || fail "not installed: $file"
  done
fi

echo "# building read_meta.c with pkg-config --cflags --libs gstreamer-geti-1.0"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --libs gstreamer-geti-1.0) ||
  fail "pkg-config does not find gstreamer-geti-1.0"
echo "# $flags"
# shellcheck disable=SC2086
logged "${CC:-cc}" "$source_dir/tests/install/read_meta.c" \
  -o "$work/read_meta" $flags

# The application finds the library as any in a non-system prefix does, and
# GStreamer the plugin through GST_PLUGIN_PATH; both must be the installed
# ones.
export LD_LIBRARY_PATH=$libdir
export GST_PLUGIN_PATH=$libdir/gstreamer-1.0
export GST_REGISTRY=$work/registry.bin
linked=$(ldd "$work/read_meta" | awk '$1 ~ /^libgstgeti-1\.0\.so/ { print $3 }')
[ "$linked" = "$libdir/libgstgeti-1.0.so.0" ] ||
  fail "read_meta uses '$linked', not $libdir/libgstgeti-1.0.so.0"

echo "# starting $fake_server"
coproc FAKE { exec "$fake_server" --print-env; }
# shellcheck disable=SC2153 # FAKE_PID is set by coproc
fake_pid=$FAKE_PID
while IFS= read -r line <&"${FAKE[0]}" && [ -n "$line" ]; do
  case $line in
    GETI_*=*) eval "export $line" ;;
  esac
done
[ -n "${GETI_SERVER:-}" ] || fail "the fake Geti server did not start"

echo "# read_meta $frames"
"$work/read_meta" "$frames" >"$work/out" 2>"$work/err" ||
  { cat "$work/out" "$work/err" >&2; fail "read_meta failed"; }
cat "$work/out"
expected=""
for ((i = 0; i < frames; i++)); do
  expected+="frame=$i label=ball shape=RECTANGLE"$'\n'
done
expected+="plugin=$libdir/gstreamer-1.0/libgstgeti.so"
[ "$(cat "$work/out")" = "$expected" ] ||
  fail "read_meta printed something else than:"$'\n'"$expected"

if [ "$introspection" = true ]; then
  [ -n "$python" ] || fail "no python3 with PyGObject (gi) was found"
  echo "# $python examples/geti-probe.py --frames $frames, installed typelib"
  GI_TYPELIB_PATH=$libdir/girepository-1.0 \
    "$python" "$source_dir/examples/geti-probe.py" --frames "$frames" \
    >"$work/out" 2>"$work/err" ||
    { cat "$work/out" "$work/err" >&2; fail "geti-probe.py failed"; }
  cat "$work/out"
  balls=$(grep -c ' labels=ball:0.97:#ff5662ff shape=RECTANGLE x=' "$work/out" || true)
  [ "$balls" -eq "$frames" ] ||
    fail "geti-probe.py did not print one ball per frame"
  [ "$(wc -l <"$work/out")" -eq "$frames" ] ||
    fail "geti-probe.py printed more than one line per frame"

  # the PyGObject overrides, installed beside the prefix's Python modules
  overrides=$(find "$prefix" -path '*/gi/overrides/GstGeti.py' | head -n 1)
  [ -n "$overrides" ] || fail "gi/overrides/GstGeti.py is not installed"
  echo "# $overrides"
  PYTHONPATH=$(dirname "$(dirname "$(dirname "$overrides")")") \
    GI_TYPELIB_PATH=$libdir/girepository-1.0 "$python" -c '
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstGeti", "1.0")
from gi.repository import Gst, GstGeti
Gst.init(None)
assert GstGeti.Prediction.__module__ == "gi.overrides.GstGeti"
meta = GstGeti.buffer_add_geti_prediction_meta(Gst.Buffer.new(), None, 4, 4)
assert len(meta) == 0 and list(meta) == []
' || fail "the installed overrides do not load"
fi
echo "# ok"
