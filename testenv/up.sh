#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Starts the whole test environment (idempotent): certs, the three registries + token server, dockerd and
# the local base image. Status lines go to stderr; stdout is the export lines a test can eval:
#   eval "$(testenv/up.sh)"            everything
#   eval "$(testenv/up.sh --no-docker)"  registries only (no dockerd, no base image)
# Other flags: --no-base (dockerd but no base image).
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"

docker=1 base=1
for arg in "$@"; do
  case $arg in
    --no-docker) docker=0 base=0 ;;
    --no-base) base=0 ;;
    *) die "usage: $0 [--no-docker] [--no-base]" ;;
  esac
done

start=$(date +%s.%N)
mkdir -p "$STATE"
"$here/certs.sh"
"$here/registry.sh" up all
if ((docker)); then "$here/dockerd.sh" up; fi
if ((base)); then "$here/base-image.sh"; fi
say "up: ready in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }') (state $STATE)"
print_exports
