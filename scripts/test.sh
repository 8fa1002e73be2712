#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every test of berth on a Debian 12 machine, set-up included (as root):
# installs the packages, builds and runs the unit and binary tests, the same
# tests under AddressSanitizer and UndefinedBehaviorSanitizer, runs every
# fuzz target briefly, and builds the static release binary. The integration
# tests (ctest) start a private Docker daemon and the test registries.
# Usage: scripts/test.sh [--quick]   (--quick skips the sanitizer build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)
step() { printf '\n== %s\n' "$*"; }

step "packages"
scripts/install-deps.sh --runtime

step "action.yml and workflows, against GitHub's schemas"
scripts/lint-workflows.sh

step "build and unit tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_TESTS=ON -DBERTH_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [[ "${1:-}" != "--quick" ]]; then
  step "unit tests under ASan + UBSan"
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DBERTH_SANITIZE=ON -DBERTH_WERROR=ON >/dev/null
  cmake --build build-sanitize -j"$jobs"
  ctest --test-dir build-sanitize --output-on-failure -j"$jobs"
fi

step "fuzz targets, briefly, on their seed corpora (ASan + UBSan)"
scripts/fuzz.sh "${BERTH_FUZZ_SECONDS:-10}"

step "static release binary"
scripts/build-static.sh
