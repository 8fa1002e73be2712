#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Makes the two images the Dockerfile starts from, without any registry, in the
# test daemon ($DOCKER_HOST from testenv/env.sh):
#   berth-base/debian:bookworm-slim   debootstrap + docker import (testenv/base-image.sh)
#   berth-local/docker-cli:28         the amd64 tree of scripts/docker-cli-standin.sh: a stripped
#                                     copy of this machine's static upstream docker CLI at
#                                     /usr/local/bin/docker, Debian 13's buildx plugin at
#                                     /usr/local/libexec/docker/cli-plugins/docker-buildx and the
#                                     loader and libc it links (Debian 13's), nothing else (stands
#                                     in for docker:28-cli, whose only files used are those two)
# Prints the two --build-arg flags for `docker build` on stdout.
# With --registry both go to the plain test registry and the flags name them by digest:
#   <registry>/berth-base/debian:bookworm-slim@sha256:...  the same base image, pushed
#   <registry>/berth-local/docker-cli:28@sha256:...        a two-platform index, linux/amd64
#                                     and linux/arm64 (Debian 13's arm64 docker CLI 26.1.5 and
#                                     buildx with their libc), built on Engine 26's containerd
#                                     store (testenv/engine26.sh up --store containerd)
# Usage: scripts/make-local-images.sh [--force] [--registry]
#   BERTH_DOCKER_CLI  the static amd64 docker client to package (default /usr/local/bin/docker)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/testenv/env.sh"

CLI_IMAGE=berth-local/docker-cli:28
PLUGIN_PATH=usr/local/libexec/docker/cli-plugins/docker-buildx
cli=${BERTH_DOCKER_CLI:-/usr/local/bin/docker}
force=0 registry=0
for arg in "$@"; do
  case $arg in
    --force) force=1 ;;
    --registry) registry=1 ;;
    *) die "usage: $0 [--force] [--registry]" ;;
  esac
done

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
# An image made before it carried the loader and libc of its buildx has no berth.standin label:
# it is made again.
STANDIN=2
is_current() { [[ $(docker image inspect -f '{{index .Config.Labels "berth.standin"}}' "$CLI_IMAGE" 2>/dev/null) == "$STANDIN" ]]; }
if ((force)) || ! is_current; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$root/scripts/docker-cli-standin.sh" amd64 "$tmp/amd64"
  version=$("$tmp/amd64/usr/local/bin/docker" --version | sed -n 's/^Docker version \([^,]*\),.*/\1/p')
  [[ $version == 28.* ]] || say "warning: the docker CLI is $version, not 28.x"
  buildx_version=$("$tmp/amd64/$PLUGIN_PATH" version | awk '{ print $2 }')
  tar --numeric-owner --owner=0 --group=0 -C "$tmp/amd64" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin' --change 'ENTRYPOINT ["/usr/local/bin/docker"]' \
    --change "LABEL berth.buildx=$buildx_version berth.standin=$STANDIN" - "$CLI_IMAGE" >/dev/null
  say "docker CLI image: $CLI_IMAGE (docker $version; buildx $buildx_version, with its loader and libc)"
else
  say "docker CLI image: $CLI_IMAGE already present (buildx $(docker image inspect -f \
    '{{index .Config.Labels "berth.buildx"}}' "$CLI_IMAGE"))"
fi

# --registry: both images in the plain test registry, pinned by digest. The docker CLI
# stand-in becomes a two-platform index (amd64 and arm64 trees, one `FROM scratch` + COPY
# build for both platforms on Engine 26's containerd store: no step runs, so no emulation);
# the base image is pushed as it is (the Dockerfile's builder runs on the build platform).
# SOURCE_DATE_EPOCH=0 (with the trees' mtimes of 0) makes the index the same bytes each time,
# so the digest passed on, and the build cache keyed on it, stay the same.
if ((registry)); then
  tmp=${tmp:-$(mktemp -d)}
  trap 'rm -rf "$tmp"' EXIT
  for arch in amd64 arm64; do
    [[ -d $tmp/$arch ]] || "$root/scripts/docker-cli-standin.sh" "$arch" "$tmp/$arch"
  done
  # shellcheck disable=SC2016 # the Dockerfile's own variable
  printf '%s\n' 'FROM scratch' 'ARG TARGETARCH' 'COPY ${TARGETARCH}/ /' 'ENV PATH=/usr/local/bin' \
    'ENTRYPOINT ["/usr/local/bin/docker"]' >"$tmp/Dockerfile"
  eval "$("$root/testenv/engine26.sh" up --store containerd)"
  ref=$PLAIN_ADDR/$CLI_IMAGE
  DOCKER_HOST=$BERTH_ENGINE26_CONTAINERD_HOST DOCKER_CONFIG=$BERTH_ENGINE26_DOCKER_CONFIG \
    /usr/local/bin/docker buildx build -q --platform linux/amd64,linux/arm64 --provenance=false \
    --build-arg SOURCE_DATE_EPOCH=0 \
    --network host --push -t "$ref" "$tmp" >/dev/null
  accept='application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
  digest_of() { # REPO TAG
    curl -fsS -o /dev/null -D - -H "Accept: $accept" "http://$PLAIN_ADDR/v2/$1/manifests/$2" |
      tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }'
  }
  cli_digest=$(digest_of "${CLI_IMAGE%:*}" "${CLI_IMAGE##*:}" | sed 's/^/@/')
  [[ $cli_digest == @sha256:* ]] || die "no digest for $ref in the registry"
  base_ref=$PLAIN_ADDR/$BASE_IMAGE
  docker tag "$BASE_IMAGE" "$base_ref"
  docker push -q "$base_ref" >/dev/null
  base_digest=$(digest_of "${BASE_IMAGE%:*}" "${BASE_IMAGE##*:}" | sed 's/^/@/')
  [[ $base_digest == @sha256:* ]] || die "no digest for $base_ref in the registry"
  say "registry: $ref$cli_digest (linux/amd64, linux/arm64); $base_ref$base_digest"
  printf '%s\n' "--build-arg=BASE_IMAGE=$base_ref$base_digest" "--build-arg=DOCKER_CLI_IMAGE=$ref$cli_digest"
  exit 0
fi
printf '%s\n' "--build-arg=BASE_IMAGE=$BASE_IMAGE" "--build-arg=DOCKER_CLI_IMAGE=$CLI_IMAGE"
