#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# berth's unit tests for arm64, on this amd64 machine: cross-builds berth and berth_test
# statically for arm64 (Debian's aarch64-linux-gnu toolchain and arm64 multiarch libraries,
# the minimal static libcurl and libgit2 of build-static-curl.sh and build-static-libgit2.sh), checks that both are static
# ARM aarch64 executables and that `qemu-aarch64-static berth --version` answers, then runs
# berth_test under qemu-aarch64-static and prints gtest's summary.
# The tests that start the berth binary (binary_test.cpp) exec an arm64 program from inside
# the emulated one: qemu-user passes execve to the kernel, so that needs qemu-aarch64 in
# binfmt_misc. This script registers it for the run (testenv/binfmt.sh up, as root) and
# undoes exactly that afterwards; an entry that was there already is left as it is.
# Last line: "arm64: N passed, M failed"; exit 1 if any test failed.
# Set-up: scripts/install-deps.sh --cross arm64 (run here when something is missing).
# Usage: scripts/test-arm64.sh [BUILD_DIR] [gtest args...]   (default BUILD_DIR: build-arm64)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export BERTH_TARGET_ARCH=arm64
build=$(realpath -m "${1:-$root/build-arm64}")
shift $(($# > 0 ? 1 : 0))
start=$SECONDS

if ! command -v aarch64-linux-gnu-g++ >/dev/null || ! command -v qemu-aarch64-static >/dev/null ||
   ! dpkg-query -W -f='${Status}' libgtest-dev:arm64 2>/dev/null | grep -q 'ok installed'; then
  "$root/scripts/install-deps.sh" --cross arm64
fi
source "$root/scripts/target-arch.sh"

# The arm64 libcurl is shared with scripts/build-static.sh's default build dir.
curl=${BERTH_CURL_PREFIX:-$root/build-static-arm64/curl}
"$root/scripts/build-static-curl.sh" "$curl"
libgit2=${BERTH_LIBGIT2_PREFIX:-$root/build-static-arm64/libgit2}
"$root/scripts/build-static-libgit2.sh" "$libgit2"
yaml_cpp_args "$build"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Fully static test binary too (no arm64 loader or libraries needed under qemu); test
# discovery runs it through the emulator.
cmake -S "$root" -B "$build/berth" "${cmake_cross_args[@]}" "${launcher[@]}" \
  -DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64-static -DCMAKE_BUILD_TYPE=Release \
  -DBERTH_STATIC=ON -DBERTH_CURL_PREFIX="$curl" -DBERTH_LIBGIT2_PREFIX="$libgit2" -DCMAKE_EXE_LINKER_FLAGS=-static \
  -DBERTH_TESTS=ON -DBERTH_WERROR=ON "${yaml_args[@]}" >/dev/null
cmake --build "$build/berth" -j"$(nproc)" --target berth berth_test 2>&1 |
  grep -v -e "requires at runtime the shared libraries" -e "in function" -e "^\[" || true
built=$((SECONDS - start))

for exe in berth berth_test; do
  desc=$(file -b "$build/berth/$exe")
  [[ $desc == *"ARM aarch64"* && $desc == *"statically linked"* ]] ||
    { echo "test-arm64: $exe is not a static ARM aarch64 executable: $desc" >&2; exit 1; }
done
echo "test-arm64: $(file -b "$build/berth/berth_test" | cut -d, -f1-2,4)"
version=$(qemu-aarch64-static "$build/berth/berth" --version) ||
  { echo "test-arm64: qemu-aarch64-static berth --version failed" >&2; exit 1; }
echo "test-arm64: qemu-aarch64-static berth --version: $version"

# binfmt for the tests that exec the (arm64) berth binary; undone on exit if this run did it.
export BERTH_TESTENV=${BERTH_TESTENV:-/tmp/berth-testenv}
binfmt_down=0
if ! "$root/testenv/binfmt.sh" status >/dev/null 2>&1; then
  "$root/testenv/binfmt.sh" up && binfmt_down=1
fi
((binfmt_down)) && trap '"$root/testenv/binfmt.sh" down' EXIT

log=$build/berth_test.log
t0=$SECONDS
set +e
(cd "$build/berth" && qemu-aarch64-static ./berth_test --gtest_brief=1 "$@") >"$log" 2>&1
rc=$?
set -e
grep -E '^\[ +(FAILED|PASSED|SKIPPED) +\]|^\[==========\]' "$log" || tail -n 20 "$log"
passed=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?\..*/\1/p' "$log" | tail -n1)
failed=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) tests?, listed below.*/\1/p' "$log" | tail -n1)
echo "test-arm64: built in $built s, tests ran in $((SECONDS - t0)) s under qemu-aarch64-static (log $log)"
echo "arm64: ${passed:-0} passed, ${failed:-0} failed"
((rc == 0)) && [[ -n $passed ]]
