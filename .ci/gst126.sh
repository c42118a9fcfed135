#!/usr/bin/env bash
# The GStreamer 1.26 stage: builds the project and runs its whole suite
# (tests/run.sh) on Debian 13 "trixie" inside a Debian 13 root.
#
#   .ci/gst126.sh [meson test arguments...]
#   .ci/gst126.sh --run COMMAND [ARGUMENTS...]
#
# --run: runs COMMAND in the clone's directory inside the root (with the same
# mounts) instead of the suite, e.g. `.ci/gst126.sh --run bash` for a shell,
# `.ci/gst126.sh --run ninja -C build-gst126`.
#
# The root is made once with debootstrap (--variant=minbase) from the
# machine's own Debian mirror, the first one the apt sources name, and kept
# outside the clone for the next runs:
#
#   GETI_GST126_ROOT    where the root is kept
#                       (default /var/cache/gst-geti/debian13-root)
#   GETI_DEBIAN_MIRROR  the mirror to make it from (default: from the apt
#                       sources, /etc/apt/sources.list.d/*.sources and
#                       /etc/apt/sources.list)
#   GETI_GST126_BUILD_DIR  the build directory, as the root sees the clone
#                       (default <clone>/build-gst126)
#
# A root is made in <root>.partial and renamed into place once debootstrap
# has finished and the marker file (<root>/.gst-geti-root) is written, so a
# run interrupted while making it leaves no root that looks complete: the
# next run deletes the partial one and starts again. The packages the build
# and the suite need are installed by tests/run.sh itself inside the root
# (apt-get, the root's sources name the same mirror), so a kept root gains
# the ones added since it was made; a package installation interrupted
# half-way is finished by `dpkg --configure -a` before the suite.
#
# Everything the stage mounts (/proc, /sys, /dev, a fresh /dev/shm and /tmp,
# the host's resolv.conf, the clone at its own path) is mounted in a mount
# namespace of its own (unshare --mount --propagation private) with a PID
# namespace of its own: when the stage ends, however it ends, its last
# process is gone and so are its mounts; the host sees none of them.
# Needs root (debootstrap, chroot, mount); re-runs itself through sudo
# otherwise. The build is configured with -Dwerror=true: a warning from the
# Debian 13 compiler or headers fails the stage. Ends with Check's line,
# "NN%: Checks: N, Failures: N, Errors: N" (the suite's, or one error when
# the root could not be made or entered).
set -uo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
suite=trixie
root=${GETI_GST126_ROOT:-/var/cache/gst-geti/debian13-root}
build_dir=${GETI_GST126_BUILD_DIR:-$source_dir/build-gst126}
marker=.gst-geti-root

fail () {
  echo "gst126: $*" >&2
  echo
  echo "0%: Checks: 1, Failures: 0, Errors: 1"
  exit 1
}

# The first Debian mirror the apt sources name: the URI of the first
# enabled "deb" entry whose suite is a release's own (no "-updates",
# "-security"...).
debian_mirror () {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: one paragraph per entry, "Field: value" lines, # comments
    awk 'BEGIN { RS = ""; FS = "\n" }
      {
        types = uris = suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/) continue
          field = tolower(line); sub(/:.*/, "", field)
          value = line; sub(/^[^:]*:[ \t]*/, "", value)
          if (field == "types") types = value
          else if (field == "uris") uris = value
          else if (field == "suites") suites = value
          else if (field == "enabled") enabled = tolower(value)
        }
        if (enabled == "no" || (" " types " ") !~ / deb /) next
        n = split(suites, s, /[ \t]+/)
        for (j = 1; j <= n; j++)
          if (s[j] != "" && s[j] !~ /-/) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }' "$f"
  done
  if [ -f /etc/apt/sources.list ]; then
    # deb [options] URI suite components...
    sed -E 's/#.*//; s/\[[^]]*\]//' /etc/apt/sources.list |
      awk '$1 == "deb" && $3 !~ /-/ { print $2 }'
  fi
}

# Runs "$@" in a mount namespace and a PID namespace of its own: whatever it
# mounts is seen by it alone and goes with it, and so do all its processes
# (when its first process ends, the kernel ends the others). A signal that
# stops this script (TERM, INT, HUP) kills that first process: unshare
# itself would only wait (it blocks TERM and INT) while a process of the
# namespace that has no handler ignores the signal.
in_namespace () {
  unshare --mount --propagation private --pid --fork --kill-child -- "$@" <&0 &
  local pid=$! status
  trap 'kill -KILL "$pid" 2>/dev/null' TERM INT HUP
  while :; do
    wait "$pid"
    status=$?
    kill -0 "$pid" 2>/dev/null || break
  done
  trap - TERM INT HUP
  return "$status"
}

# Makes the root: debootstrap into <root>.partial, the apt and dpkg
# settings a build root wants, the marker, then the rename.
make_root () {
  local mirror=$1 partial=$root.partial
  if ! command -v debootstrap >/dev/null; then
    echo "Installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; } ||
      return 1
  fi
  if [ -e "$partial" ]; then
    echo "Deleting the half-made root $partial (a run was interrupted)"
    rm -rf --one-file-system "$partial" || return 1
  fi
  mkdir -p "$(dirname "$root")" || return 1
  echo "Making the Debian 13 root $root from $mirror (debootstrap, a few minutes)"
  # In a mount namespace of its own: the /proc and /sys debootstrap mounts
  # in the target go with it, also when it is interrupted.
  in_namespace debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    "$suite" "$partial" "$mirror" || { echo "debootstrap failed (the error is above)" >&2; return 1; }
  # No service starts in the root (mosquitto's package would start one).
  printf '#!/bin/sh\nexit 101\n' >"$partial/usr/sbin/policy-rc.d" &&
    chmod 755 "$partial/usr/sbin/policy-rc.d" &&
    printf 'APT::Install-Recommends "false";\nAcquire::Retries "3";\n' \
      >"$partial/etc/apt/apt.conf.d/90gst-geti" &&
    printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' \
      >"$partial/etc/hosts" &&
    echo "Debian $suite from $mirror, made $(date -u +%FT%TZ) by $0" >"$partial/$marker" &&
    mv "$partial" "$root"
}

if [ "${1:-}" != --in-namespace ]; then
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "needs root (debootstrap, chroot, mount) or sudo"
    exec sudo -E "$0" "$@"
  fi
  mirror=${GETI_DEBIAN_MIRROR:-$(debian_mirror | grep -m1 -E '^(https?|ftp|file):')}
  [ -n "$mirror" ] || fail "no Debian mirror in the apt sources (set GETI_DEBIAN_MIRROR)"

  # One stage at a time per root (apt inside it is not shared).
  mkdir -p "$(dirname "$root")" || fail "cannot create $(dirname "$root")"
  exec 9>"$root.lock"
  flock 9 || fail "cannot lock $root.lock"

  if [ ! -f "$root/$marker" ]; then
    if [ -e "$root" ]; then
      echo "Deleting $root: it has no $marker (not a complete root)"
      rm -rf --one-file-system "$root" || fail "cannot delete $root"
    fi
    start=$SECONDS
    make_root "$mirror" || fail "could not make the Debian 13 root (the error is above)"
    echo "Made the root in $((SECONDS - start)) s"
  else
    echo "Reusing the Debian 13 root $root ($(cat "$root/$marker"))"
  fi
  # The root's apt reads the mirror the host names today.
  echo "deb $mirror $suite main" >"$root/etc/apt/sources.list.new" &&
    mv "$root/etc/apt/sources.list.new" "$root/etc/apt/sources.list"

  in_namespace bash "$source_dir/.ci/gst126.sh" --in-namespace "$@"
  exit
fi
shift

# In the stage's own mount and PID namespaces (PID 1 here).
mount_all () {
  mount -t proc proc "$root/proc" &&
    mount -t sysfs -o ro sysfs "$root/sys" &&
    mount --rbind /dev "$root/dev" &&
    mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm" &&
    mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp" || return 1
  # apt in the root resolves the mirror with the host's resolver.
  if [ -L "$root/etc/resolv.conf" ] || [ ! -e "$root/etc/resolv.conf" ]; then
    rm -f "$root/etc/resolv.conf" && : >"$root/etc/resolv.conf" || return 1
  fi
  mount --bind -o ro /etc/resolv.conf "$root/etc/resolv.conf" &&
    mkdir -p "$root$source_dir" &&
    mount --bind "$source_dir" "$root$source_dir"
}
mount_all || fail "could not mount what the root needs (the error is above)"

# Runs "$@" in the root, in the clone's directory, with a clean environment.
in_root () {
  chroot "$root" /usr/bin/env -i --chdir="$source_dir" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive "$@"
}

# Besides the packages .ci/setup.sh installs, ca-certificates: a root made
# --variant=minbase trusts no CA, and glib-networking warns about it each
# time a client loads the default TLS database (the host, like any
# installed system, has them).
extra_packages=ca-certificates

# A package installation an earlier run left half-done.
in_root dpkg --configure -a || fail "dpkg --configure -a failed in the root"

if [ "${1:-}" = --run ]; then
  shift
  in_root "$@"
  exit
fi

# The packages first (tests/run.sh would install them too, but after the
# build directory was configured): a build directory configured before the
# root's packages last changed is made again, since meson would not look
# for a library installed since (GstAnalytics, when it came with 1.24).
in_root env GETI_PACKAGES_ONLY=1 GETI_EXTRA_PACKAGES="$extra_packages" \
  bash -c 'source .ci/setup.sh' || fail "could not install the packages in the root"
# shellcheck disable=SC2016 # dpkg-query's format
packages=$(in_root dpkg-query -W -f '${Package} ${Version}\n' | md5sum | cut -d' ' -f1)
if [ -d "$root$build_dir/meson-private" ] &&
  [ "$(cat "$root$build_dir/.gst126-packages" 2>/dev/null)" != "$packages" ]; then
  echo "The root's packages changed since $build_dir was configured: configuring it again"
  rm -rf "$root$build_dir"
fi

log=/tmp/gst126.log  # on the stage's own /tmp, gone with it
in_root env GETI_BUILD_DIR="$build_dir" GETI_MESON_ARGS=-Dwerror=true \
  GETI_EXTRA_PACKAGES="$extra_packages" bash tests/run.sh "$@" 2>&1 | tee "$root$log"
status=${PIPESTATUS[0]}
[ -f "$root$build_dir/build.ninja" ] && echo "$packages" >"$root$build_dir/.gst126-packages"

echo
# shellcheck disable=SC2016 # dpkg-query's format
echo "gst126: $(in_root dpkg-query -W -f '${Package} ${Version}, ' \
  libgstreamer1.0-0 libglib2.0-0t64 libsoup-3.0-0 libjson-glib-1.0-0 python3 g++ 2>/dev/null |
  sed 's/, $//')"
line=$(grep -aoE '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+$' "$root$log" | tail -n 1)
echo "${line:-0%: Checks: 1, Failures: 0, Errors: 1}"
exit "$status"
