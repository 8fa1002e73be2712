#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Builds the local base image $BASE_IMAGE (berth-base/debian:bookworm-slim) without any registry:
# debootstrap --variant=minbase bookworm into $STATE/base/rootfs, slim it, `docker import` it.
# The Debian mirror comes from this machine's apt sources at run time (or BERTH_DEBIAN_MIRROR).
# Skips everything if the image is already in the daemon; reuses a finished rootfs.
# --platform-bases [SOCKET]: instead, the per-platform images $PLATFORM_BASE:amd64 and :arm64
# (busybox-static of that arch, from `mmdebstrap --variant=extract`, no emulation needed to make
# them; docker import --platform linux/ARCH) in the daemon at SOCKET (default Debian 12's), for
# builds whose RUN steps run on both platforms (`FROM $PLATFORM_BASE:$TARGETARCH`, BuildKit's automatic arg;
# arm64 needs testenv/binfmt.sh up). Rootfs cached under $STATE/base/busybox-ARCH.
# Usage: testenv/base-image.sh [--force]    (needs dockerd: testenv/dockerd.sh up)
#        testenv/base-image.sh --platform-bases [SOCKET]
set -euo pipefail
source "$(dirname "$0")/env.sh"

ROOTFS=$STATE/base/rootfs
DONE=$STATE/base/rootfs.done
SUITE=bookworm

# First URI of an enabled "deb" source for $SUITE: deb822 files first, then one-line sources.list files.
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk -v suite="$SUITE" '
      function flush() { if (deb && has && enabled && uri != "") { print uri; found = 1; exit } deb = has = 0; enabled = 1; uri = "" }
      BEGIN { enabled = 1 }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      tolower($1) == "suites:"  { for (i = 2; i <= NF; i++) if ($i == suite) has = 1 }
      tolower($1) == "uris:"    { uri = $2 }
      tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
      END { if (!found) flush() }' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -E 's/\[[^]]*\]//' | awk -v suite="$SUITE" '$1 == "deb" && $3 == suite { print $2 }' || true
}

PLATFORM_BASE=berth-base/busybox

# platform_bases SOCKET: $PLATFORM_BASE:amd64 and :arm64 in the daemon at SOCKET.
platform_bases() {
  local sock=$1 arch dir mirror got
  for arch in amd64 arm64; do
    if [[ $(DOCKER_HOST=unix://$sock docker image inspect -f '{{.Architecture}}' "$PLATFORM_BASE:$arch" 2>/dev/null) == "$arch" ]]; then
      continue
    fi
    dir=$STATE/base/busybox-$arch
    if [[ ! -f $dir.done ]]; then
      command -v mmdebstrap >/dev/null || die "platform bases: mmdebstrap is missing (scripts/install-deps.sh --cross arm64)"
      mirror=${BERTH_DEBIAN_MIRROR:-$(find_mirror | head -n 1 || true)}
      [[ -n $mirror ]] || die "no Debian '$SUITE' mirror in /etc/apt sources; set BERTH_DEBIAN_MIRROR"
      rm -rf "$dir"
      mkdir -p "$LOG_DIR" "$STATE/base"
      say "platform bases: busybox-static for $arch (mmdebstrap --variant=extract)"
      mmdebstrap --quiet --arch="$arch" --variant=extract --include=busybox-static \
        "$SUITE" "$dir" "$mirror" >"$LOG_DIR/mmdebstrap-$arch.log" 2>&1 ||
        { tail -n 5 "$LOG_DIR/mmdebstrap-$arch.log" >&2; die "mmdebstrap ($arch) failed; see $LOG_DIR/mmdebstrap-$arch.log"; }
      [[ -x $dir/bin/busybox ]] || die "platform bases: no bin/busybox in $dir"
      rm -rf "$dir"/usr/share/doc "$dir"/usr/share/man "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*
      for applet in sh uname cat echo ls; do ln -sf busybox "$dir/bin/$applet"; done
      mkdir -p "$dir/tmp" "$dir/etc"
      chmod 1777 "$dir/tmp"
      touch "$dir.done"
    fi
    tar --numeric-owner -C "$dir" -c . | DOCKER_HOST=unix://$sock docker import --platform "linux/$arch" \
      --change 'CMD ["sh"]' --change 'ENV PATH=/bin' - "$PLATFORM_BASE:$arch" >/dev/null ||
      die "platform bases: importing $PLATFORM_BASE:$arch into unix://$sock failed"
    # Debian 12's dockerd 20.10 ignores --platform on import (not experimental): say so.
    got=$(DOCKER_HOST=unix://$sock docker image inspect -f '{{.Architecture}}' "$PLATFORM_BASE:$arch")
    [[ $got == "$arch" ]] ||
      die "platform bases: unix://$sock imported $PLATFORM_BASE:$arch as $got (this daemon ignores docker import --platform; use Engine 26)"
    say "platform bases: imported $PLATFORM_BASE:$arch (linux/$arch) into unix://$sock"
  done
}
if [[ ${1:-} == --platform-bases ]]; then
  platform_bases "${2:-$DOCKER_SOCK}"
  exit 0
fi

if [[ ${1:-} == --force ]]; then
  rm -rf "$ROOTFS" "$DONE"
  docker image rm "$BASE_IMAGE" >/dev/null 2>&1 || true
fi
docker version >/dev/null 2>&1 || die "dockerd is not answering at $DOCKER_HOST (testenv/dockerd.sh up)"
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "base image: $BASE_IMAGE already present"
  exit 0
fi

if [[ ! -f $DONE ]]; then
  mirror=${BERTH_DEBIAN_MIRROR:-$(find_mirror | head -n 1 || true)}
  [[ -n $mirror ]] || die "no Debian '$SUITE' mirror in /etc/apt sources; set BERTH_DEBIAN_MIRROR"
  rm -rf "$ROOTFS"
  mkdir -p "$ROOTFS"
  say "base image: debootstrap minbase $SUITE (about 30 s)"
  debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$mirror" >"$LOG_DIR/debootstrap.log" 2>&1 ||
    { tail -n 5 "$LOG_DIR/debootstrap.log" >&2; die "debootstrap failed; see $LOG_DIR/debootstrap.log"; }

  # Slim it like the official -slim images: no apt lists/caches, docs, man pages or locales, and dpkg
  # excludes so later installs stay slim too.
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb \
    "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/*.log "$ROOTFS"/var/log/apt/* "$ROOTFS"/tmp/* \
    "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
    "$ROOTFS"/usr/share/lintian/* "$ROOTFS"/usr/share/linda/*
  find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EOF
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$ROOTFS/etc/apt/apt.conf.d/docker-no-recommends"
  printf 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };\n' \
    >"$ROOTFS/etc/apt/apt.conf.d/docker-clean"
  # The image uses the same apt sources as this machine (copied, not written out by name).
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    cp /etc/apt/sources.list.d/debian.sources "$ROOTFS/etc/apt/sources.list.d/debian.sources"
    rm -f "$ROOTFS/etc/apt/sources.list"
  fi
  : >"$ROOTFS/etc/machine-id"
  rm -f "$ROOTFS/etc/hostname" "$ROOTFS/etc/resolv.conf"
  touch "$DONE"
  say "base image: rootfs ready ($(du -sh "$ROOTFS" | cut -f1))"
fi

tar --numeric-owner -C "$ROOTFS" -c . | docker import \
  --change 'CMD ["bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$BASE_IMAGE" >/dev/null
say "base image: imported $BASE_IMAGE ($(docker image inspect -f '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.1f MB", $1/1e6}'))"
