#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the fully static, stripped release binary: out/berth (amd64), or
# out/<arch>/berth for another BERTH_TARGET_ARCH (amd64 | arm64; default: the
# host's). arm64 on an amd64 host is cross-built with Debian's aarch64-linux-gnu
# toolchain and arm64 multiarch libraries (scripts/install-deps.sh --cross arm64).
# Usage: scripts/build-static.sh [BUILD_DIR]   (default: build-static, or build-static-<arch>)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/target-arch.sh"
default_build=$root/build-static
[[ "$target_arch" == amd64 ]] || default_build=$root/build-static-$target_arch
build=$(realpath -m "${1:-$default_build}")
out=$(target_out "$root")
start=$SECONDS
"$root/scripts/build-static-curl.sh" "$build/curl"
"$root/scripts/build-static-libgit2.sh" "$build/libgit2"
yaml_cpp_args "$build"
cmake -S "$root" -B "$build/berth" "${cmake_cross_args[@]}" -DCMAKE_BUILD_TYPE=MinSizeRel -DBERTH_STATIC=ON \
  -DBERTH_CURL_PREFIX="$build/curl" -DBERTH_LIBGIT2_PREFIX="$build/libgit2" -DBERTH_TESTS=OFF -DBERTH_WERROR=ON "${yaml_args[@]}" >/dev/null
cmake --build "$build/berth" -j"$(nproc)" --target berth 2>&1 | grep -v -e "requires at runtime the shared libraries" -e "in function" -e "^\[" || true
test -x "$build/berth/berth"
mkdir -p "$(dirname "$out")"
"$target_strip" -o "$out" "$build/berth/berth"
rel=${out#"$root"/}
file "$out" | grep -q "statically linked" || { echo "$rel is not statically linked"; exit 1; }
printf '%s: %s bytes stripped (%s unstripped), %s, built in %s s\n' "$rel" \
  "$(stat -c %s "$out")" "$(stat -c %s "$build/berth/berth")" \
  "$(file -b "$out" | cut -d, -f1-2,4)" "$((SECONDS - start))"
