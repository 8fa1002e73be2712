#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Makes the two images the Dockerfile starts from, without any registry, in the
# test daemon ($DOCKER_HOST from testenv/env.sh):
#   berth-base/debian:bookworm-slim   debootstrap + docker import (testenv/base-image.sh)
#   berth-local/docker-cli:28         a stripped copy of this machine's static upstream
#                                     docker CLI at /usr/local/bin/docker and Debian 13's
#                                     buildx plugin (testenv/engine26.sh fetch unpacks it) at
#                                     /usr/local/libexec/docker/cli-plugins/docker-buildx,
#                                     nothing else (stands in for docker:28-cli, whose only
#                                     files used are those two)
# Prints the two --build-arg flags for `docker build` on stdout.
# Usage: scripts/make-local-images.sh [--force]
#   BERTH_DOCKER_CLI  the static docker client to package (default /usr/local/bin/docker)
#   BERTH_BUILDX      the buildx plugin to package (default: engine26.sh's unpacked docker-buildx)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/testenv/env.sh"

CLI_IMAGE=berth-local/docker-cli:28
PLUGIN_PATH=usr/local/libexec/docker/cli-plugins/docker-buildx
cli=${BERTH_DOCKER_CLI:-/usr/local/bin/docker}
force=0
[[ ${1:-} == --force ]] && force=1

"$root/testenv/dockerd.sh" up
if ((force)); then "$root/testenv/base-image.sh" --force; else "$root/testenv/base-image.sh"; fi

if [[ ! -x $cli ]] && ! docker image inspect "$CLI_IMAGE" >/dev/null 2>&1; then
  # No static client on this machine (a GitHub runner's job container, say): where a public
  # registry is reachable, the Dockerfile's own default is the way. Untested here: this
  # machine reaches no public registry.
  if docker pull -q docker:28-cli >/dev/null 2>&1; then
    say "docker CLI image: docker:28-cli (no static client at $cli)"
    printf '%s\n' "--build-arg=BASE_IMAGE=$BASE_IMAGE" "--build-arg=DOCKER_CLI_IMAGE=docker:28-cli"
    exit 0
  fi
  die "no static docker client at $cli (set BERTH_DOCKER_CLI), and docker:28-cli cannot be pulled"
fi
# An image made before it carried buildx has no berth.buildx label: it is made again.
has_buildx() { [[ -n $(docker image inspect -f '{{index .Config.Labels "berth.buildx"}}' "$CLI_IMAGE" 2>/dev/null) ]]; }
if ((force)) || ! has_buildx; then
  [[ -x $cli ]] || die "no docker client at $cli (set BERTH_DOCKER_CLI)"
  if [[ -z ${BERTH_BUILDX:-} ]]; then
    # The same unpacked package the Engine 26 daemons use: fetched once, here or by engine26.sh up.
    "$root/testenv/engine26.sh" fetch
    eval "$("$root/testenv/engine26.sh" env --store classic)"
  fi
  buildx=${BERTH_BUILDX:-$BERTH_BUILDX_PLUGIN_DIR/docker-buildx}
  [[ -x $buildx ]] || die "no buildx plugin at $buildx (set BERTH_BUILDX)"
  buildx_version=$("$buildx" version | awk '{ print $2 }')
  file -b "$cli" | grep -q 'statically linked' || die "$cli is not statically linked; the image is FROM scratch"
  version=$("$cli" --version | sed -n 's/^Docker version \([^,]*\),.*/\1/p')
  [[ $version == 28.* ]] || say "warning: $cli is docker $version, not 28.x"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  install -D -m 755 "$cli" "$tmp/usr/local/bin/docker"
  strip "$tmp/usr/local/bin/docker"
  install -D -m 755 "$buildx" "$tmp/$PLUGIN_PATH"
  tar --numeric-owner --owner=0 --group=0 -C "$tmp" -c usr | docker import \
    --change 'ENV PATH=/usr/local/bin' --change 'ENTRYPOINT ["/usr/local/bin/docker"]' \
    --change "LABEL berth.buildx=$buildx_version" - "$CLI_IMAGE" >/dev/null
  say "docker CLI image: $CLI_IMAGE (docker $version, $(stat -c %s "$tmp/usr/local/bin/docker") bytes stripped;" \
    "buildx $buildx_version, $(stat -c %s "$tmp/$PLUGIN_PATH") bytes)"
else
  say "docker CLI image: $CLI_IMAGE already present (buildx $(docker image inspect -f \
    '{{index .Config.Labels "berth.buildx"}}' "$CLI_IMAGE"))"
fi
printf '%s\n' "--build-arg=BASE_IMAGE=$BASE_IMAGE" "--build-arg=DOCKER_CLI_IMAGE=$CLI_IMAGE"
