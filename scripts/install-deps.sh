#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what berth needs on a Debian 12 machine, as root: the build toolchain and libraries,
# and the source package of curl (for the minimal static libcurl). Idempotent and quiet.
# Usage: scripts/install-deps.sh [--runtime]   (--runtime adds docker.io, docker-registry and test tools)
set -euo pipefail

packages=(build-essential cmake pkg-config file git ca-certificates dpkg-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev rapidjson-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev clang libclang-rt-14-dev)
if [[ "${1:-}" == "--runtime" ]]; then
  packages+=(docker.io docker-registry skopeo debootstrap apache2-utils openssl curl jq
    python3 python3-jwt python3-cryptography hyperfine)
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
