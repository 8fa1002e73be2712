#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what berth needs on a Debian 12 machine, as root: the build toolchain and libraries,
# and the source packages of curl and libgit2 (for the minimal static libcurl and libgit2). Idempotent and quiet.
# Usage: scripts/install-deps.sh [--runtime] [--cross ARCH]
#   --runtime     adds docker.io, docker-registry and test tools
#   --cross arm64 adds what cross-building and testing for arm64 needs (scripts/build-static.sh,
#                 scripts/test-arm64.sh with BERTH_TARGET_ARCH=arm64): Debian's aarch64-linux-gnu
#                 toolchain, the arm64 static libraries through dpkg's multiarch (this adds the
#                 arm64 architecture to dpkg: part of the set-up, kept), qemu-user-static to run
#                 the result, and mmdebstrap for the arm64 base image of the e2e tests.
set -euo pipefail

runtime='' cross=''
while (( $# )); do
  case "$1" in
    --runtime) runtime=1 ;;
    --cross) cross=${2:?--cross needs an arch (arm64)}; shift ;;
    *) echo "install-deps.sh: unknown argument '$1' (--runtime, --cross arm64)" >&2; exit 2 ;;
  esac
  shift
done
if [[ -n "$cross" && "$cross" != arm64 ]]; then
  echo "install-deps.sh: --cross '$cross' is not supported (arm64)" >&2; exit 2
fi

# libgit2-dev: the development build's shared libgit2; static builds compile their own
# (scripts/build-static-libgit2.sh), so no arm64 libgit2 is needed.
packages=(build-essential cmake pkg-config file git ca-certificates dpkg-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev rapidjson-dev libcli11-dev libspdlog-dev libfmt-dev
  libgit2-dev libgtest-dev libgmock-dev clang libclang-rt-14-dev)
packages+=(libyaml-cpp-dev)  # the stack file's YAML (Debian ships libyaml-cpp.a)
if [[ -n "$runtime" ]]; then
  packages+=(docker.io docker-registry skopeo debootstrap apache2-utils openssl curl jq
    python3 python3-jwt python3-cryptography hyperfine)
fi
if [[ -n "$cross" && "$cross" != "$(dpkg --print-architecture)" ]]; then
  # Headers of the header-only libraries (rapidjson, CLI11, spdlog, fmt) are the host's.
  # qemu-user-static alone (no binfmt-support): testenv/binfmt.sh registers it when needed.
  packages+=(crossbuild-essential-arm64 qemu-user-static mmdebstrap
    libssl-dev:arm64 zlib1g-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64)
  # Not libyaml-cpp-dev:arm64: it is not multiarch and would replace the host's. The
  # static arm64 build takes libyaml-cpp.a out of the downloaded package (build-static.sh).
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    fresh=1
  fi
fi

# The workflow linter runs on node; the machine's own nodejs may come from
# elsewhere, and Debian's npm would conflict with it.
command -v npm >/dev/null || packages+=(nodejs npm)

# deb-src entries mirror the machine's own deb sources, so no host name is written here.
src_list=/etc/apt/sources.list.d/berth-deb-src.sources
if [[ ! -f "$src_list" && -f /etc/apt/sources.list.d/debian.sources ]]; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src_list"
  fresh=1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )) || [[ -n "${fresh:-}" ]]; then
  apt-get update -qq
fi
if (( ${#missing[@]} )); then
  echo "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
