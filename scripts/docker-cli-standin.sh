#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Stages the file tree of the local stand-in for docker:28-cli for one platform, in DIR:
#   usr/local/bin/docker                                the docker CLI
#   usr/local/libexec/docker/cli-plugins/docker-buildx  Debian 13's buildx plugin (0.13.1)
#   the loader and the libraries a dynamic one of the two asks for (readelf: interpreter,
#   NEEDED), from Debian 13's libc6 of that architecture, at the paths they are asked for
# amd64: the machine's static docker CLI (BERTH_DOCKER_CLI, default /usr/local/bin/docker, 28.x).
# arm64: Debian 13's docker-cli package (26.1.5, linked against libc; no static arm64 client
#        is reachable from here). The official docker:28-cli holds static binaries of both.
# The .debs (docker-cli, docker-buildx and libc6 for amd64 and arm64, about 45 MB) are
# fetched once into $STATE/docker-cli-pkgs through a private apt configuration that knows
# only trixie on the mirror of this machine's own apt sources (as testenv/engine26.sh does);
# the machine's apt state is neither read nor changed.
# Usage: scripts/docker-cli-standin.sh amd64|arm64 DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/testenv/env.sh"
arch=${1:-} dir=${2:-}
case $arch in
  amd64) triplet=x86_64-linux-gnu elf='x86-64' ;;
  arm64) triplet=aarch64-linux-gnu elf='ARM aarch64' ;;
  *) die "usage: $0 amd64|arm64 DIR (the platform '$arch' is not amd64 or arm64)" ;;
esac
[[ -n $dir ]] || die "usage: $0 amd64|arm64 DIR"
PKGS=$STATE/docker-cli-pkgs
PLUGIN=usr/local/libexec/docker/cli-plugins/docker-buildx

mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] && sed -n 's#^URIs:[[:space:]]*\(http[^[:space:]]*\)$#\1#p' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" && $3 == "bookworm" { print $2 }' || true
}

fetch() {
  [[ -f $PKGS/done ]] && return 0
  local m apt d a
  m=${BERTH_DEBIAN_MIRROR:-$(mirror | grep -v -e security -e updates | head -n 1 || true)}
  [[ -n $m ]] || die "no Debian mirror in /etc/apt sources; set BERTH_DEBIAN_MIRROR"
  rm -rf "$PKGS"
  mkdir -p "$PKGS/apt/lists/partial" "$PKGS/apt/cache/archives/partial" "$PKGS/debs" "$LOG_DIR"
  echo "deb $m trixie main" >"$PKGS/apt/sources.list"
  apt=(-o "Dir::Etc::sourcelist=$PKGS/apt/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$PKGS/apt/lists" -o "Dir::Cache=$PKGS/apt/cache"
    -o APT::Architectures::=amd64 -o APT::Architectures::=arm64)
  say "docker CLI stand-in: fetching docker-cli, docker-buildx and libc6 (amd64, arm64) from trixie"
  apt-get "${apt[@]}" update -qq >"$LOG_DIR/docker-cli-pkgs.log" 2>&1 ||
    die "apt-get update (trixie) failed; see $LOG_DIR/docker-cli-pkgs.log"
  (cd "$PKGS/debs" && apt-get "${apt[@]}" download docker-cli:arm64 docker-buildx:arm64 libc6:arm64 \
    docker-buildx:amd64 libc6:amd64) >>"$LOG_DIR/docker-cli-pkgs.log" 2>&1 ||
    die "apt-get download failed; see $LOG_DIR/docker-cli-pkgs.log"
  for a in amd64 arm64; do
    for d in "$PKGS"/debs/*_"$a".deb; do dpkg-deb -x "$d" "$PKGS/root-$a"; done
  done
  rm -rf "$PKGS/apt/lists" "$PKGS/apt/cache"
  touch "$PKGS/done"
}

fetch
pkg=$PKGS/root-$arch
rm -rf "$dir"
mkdir -p "$dir"
if [[ $arch == amd64 ]]; then
  cli=${BERTH_DOCKER_CLI:-/usr/local/bin/docker}
  [[ -x $cli ]] || die "no docker client at $cli (set BERTH_DOCKER_CLI)"
  install -D -m 755 "$cli" "$dir/usr/local/bin/docker"
  strip "$dir/usr/local/bin/docker"
else
  install -D -m 755 "$pkg/usr/bin/docker" "$dir/usr/local/bin/docker"
fi
install -D -m 755 "$pkg/usr/libexec/docker/cli-plugins/docker-buildx" "$dir/$PLUGIN"

# The loader and libraries of a dynamic binary, as regular files at the paths it asks for
# (the interpreter's own path; NEEDED libraries in /lib/<triplet>, which the loader searches).
for bin in usr/local/bin/docker "$PLUGIN"; do
  file -b "$dir/$bin" | grep -q "$elf" || die "/$bin is not an $arch binary: $(file -b "$dir/$bin")"
  file -b "$dir/$bin" | grep -q 'dynamically linked' || continue
  interp=$(readelf -l "$dir/$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
  [[ -n $interp ]] || die "/$bin: no interpreter in its program headers"
  install -D -m 755 "$pkg/usr/lib/$triplet/$(basename "$interp")" "$dir$interp"
  while read -r lib; do
    [[ -f $pkg/usr/lib/$triplet/$lib ]] || die "/$bin needs $lib, which Debian 13's libc6:$arch does not hold"
    install -D -m 755 "$pkg/usr/lib/$triplet/$lib" "$dir/lib/$triplet/$lib"
  done < <(readelf -d "$dir/$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
done
# One mtime for every file, so the stand-in's own layer is the same bytes each time it is made.
find "$dir" -exec touch -h -d @0 {} +
say "docker CLI stand-in ($arch): $(du -sm "$dir" | cut -f1) MB in $dir"
