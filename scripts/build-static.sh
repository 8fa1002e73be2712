#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the fully static, stripped release binary: out/berth.
# Usage: scripts/build-static.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$root/build-static}")
start=$SECONDS
"$root/scripts/build-static-curl.sh" "$build/curl"
cmake -S "$root" -B "$build/berth" -DCMAKE_BUILD_TYPE=MinSizeRel -DBERTH_STATIC=ON \
  -DBERTH_CURL_PREFIX="$build/curl" -DBERTH_TESTS=OFF -DBERTH_WERROR=ON >/dev/null
cmake --build "$build/berth" -j"$(nproc)" --target berth 2>&1 | grep -v -e "requires at runtime the shared libraries" -e "in function" -e "^\[" || true
test -x "$build/berth/berth"
mkdir -p "$root/out"
strip -o "$root/out/berth" "$build/berth/berth"
file "$root/out/berth" | grep -q "statically linked" || { echo "out/berth is not statically linked"; exit 1; }
printf 'out/berth: %s bytes stripped (%s unstripped), %s, built in %s s\n' \
  "$(stat -c %s "$root/out/berth")" "$(stat -c %s "$build/berth/berth")" \
  "$(file -b "$root/out/berth" | cut -d, -f1-2,4)" "$((SECONDS - start))"
