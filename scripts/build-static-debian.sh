#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/build-static.sh in a Debian 12 container, for a machine that is not Debian 12
# (release.yml's ubuntu runner: scripts/release.sh calls this through
# BERTH_RELEASE_BUILD_STATIC). The container is the system the CI test job builds on
# (ci.yml: debian:bookworm, scripts/install-deps.sh); the repository and the build
# directory are mounted at the same paths, BERTH_TARGET_ARCH is passed through, and what
# the build writes (out/, the build directory) is handed back to the caller's user. For
# BERTH_TARGET_ARCH=arm64 the container gets the cross toolchain (install-deps.sh --cross arm64).
# Usage: scripts/build-static-debian.sh BUILD_DIR
#   BERTH_DEBIAN_IMAGE  the image (default debian:bookworm)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ $# -eq 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$(realpath -m "$1")
mkdir -p "$build" "$root/out"
# shellcheck disable=SC2016  # expanded by the container's shell
docker run --rm --network host -e BERTH_TARGET_ARCH -e DEBIAN_FRONTEND=noninteractive \
  -e OWNER="$(id -u):$(id -g)" -v "$root:$root" -v "$build:$build" -w "$root" \
  "${BERTH_DEBIAN_IMAGE:-debian:bookworm}" bash -c '
    set -euo pipefail
    trap '\''chown -R "$OWNER" "$1" out'\'' EXIT
    deps=()
    [[ ${BERTH_TARGET_ARCH:-amd64} == amd64 ]] || deps=(--cross "$BERTH_TARGET_ARCH")
    scripts/install-deps.sh "${deps[@]}" >/dev/null
    scripts/build-static.sh "$1"' build-static "$build"
