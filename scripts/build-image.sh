#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Builds the action image locally, end to end and without any registry: the
# private dockerd, the local base and docker CLI images (scripts/make-local-images.sh),
# then `docker build` of the repository's Dockerfile. Prints the image's sizes
# (scripts/image-size.sh) and fails over the compressed budget.
# Usage: scripts/build-image.sh [TAG]              (default berth:dev)
#   BERTH_BUILDER=buildkit|legacy  buildkit (default) drives the daemon's BuildKit through
#                                  Debian's 20.10 client /usr/bin/docker; legacy uses the
#                                  classic builder of whatever `docker` is first in PATH
#   BERTH_NO_CACHE=1               build with --no-cache
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/testenv/env.sh"
tag=${1:-berth:dev}

mapfile -t build_args < <("$root/scripts/make-local-images.sh")
flags=(--network host -t "$tag" "${build_args[@]}")
[[ ${BERTH_NO_CACHE:-0} == 1 ]] && flags+=(--no-cache)

start=$(date +%s.%N)
case ${BERTH_BUILDER:-buildkit} in
  buildkit)
    [[ -x /usr/bin/docker ]] || die "BuildKit needs Debian's docker.io client /usr/bin/docker (or BERTH_BUILDER=legacy)"
    DOCKER_BUILDKIT=1 /usr/bin/docker build --progress=plain "${flags[@]}" "$root" ;;
  legacy)
    DOCKER_BUILDKIT=0 docker build "${flags[@]}" "$root" ;;
  *) die "BERTH_BUILDER must be buildkit or legacy" ;;
esac
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

printf '%s: built in %s s; %s\n' "$tag" "$secs" "$(docker run --rm --network none "$tag" --version 2>/dev/null)"
# Sizes (uncompressed, docker save | gzip, the registry's compressed layers); fails over the
# 45 MB compressed budget.
"$root/scripts/image-size.sh" "$tag" >/dev/null
