#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every test of berth on a Debian 12 machine, set-up included (as root):
# installs the packages, builds and runs the unit and binary tests, the same
# tests under AddressSanitizer and UndefinedBehaviorSanitizer, runs every
# fuzz target briefly, builds the static release binary, cross-builds the arm64
# one and runs the unit tests under qemu-aarch64-static (scripts/test-arm64.sh),
# builds the action image and runs it end to end as GitHub's runner would
# (e2e/run-all.sh), and last builds the two-platform action image twice with
# berth and compares the digests (scripts/check-reproducible.sh).
# The integration tests (ctest) and the e2e harness start private Docker daemons
# and the test registries themselves and stop them afterwards:
#   Debian 12's dockerd 20.10   the integration tests (berth's classic builder: the
#                               tests' docker CLI has no buildx); the action image build
#   Docker Engine 26, classic   the integration tests again (the classic builder on a
#   image store (a GitHub       current engine); the end-to-end workflows and BuildKit
#   runner's default)           scenarios (the image's buildx, the daemon's BuildKit)
#   Docker Engine 26,           the integration tests again; the BuildKit scenarios
#   containerd image store      (one-build multi-platform, cache export)
# Engine 26 comes from Debian 13's packages (testenv/engine26.sh, fetched once).
# Usage: scripts/test.sh [--quick]   (--quick skips the sanitizer build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)
# Each step's header shows the seconds since the start, so a log shows where the time went.
step() { printf '\n== [%d s] %s\n' "$SECONDS" "$*"; }

step "packages"
scripts/install-deps.sh --runtime --cross arm64

step "the OTLP test receiver's packages (tests/otlp/package-lock.json)"
tests/otlp/install.sh

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

for engine in 26-classic 26-containerd; do
  step "integration tests on Docker Engine 26, ${engine#26-} image store (testenv/engine26.sh)"
  t0=$SECONDS
  BERTH_ITEST_ENGINE=$engine tests/with-testenv.sh build/berth_itest --gtest_brief=1
  echo "integration tests on Engine 26 (${engine#26-}): $((SECONDS - t0)) s"
done

step "fuzz targets, briefly, on their seed corpora (ASan + UBSan)"
scripts/fuzz.sh "${BERTH_FUZZ_SECONDS:-10}"

step "static release binary"
scripts/build-static.sh

step "arm64: the static binary and the unit tests cross-built, the tests run under qemu-aarch64-static (scripts/test-arm64.sh)"
scripts/test-arm64.sh

step "end to end: the action image, run as the runner runs it, on Engine 26's two image stores (e2e/run-all.sh)"
bash e2e/run-all.sh

step "the two-platform action image, built twice by berth from an empty cache: one digest (scripts/check-reproducible.sh)"
t0=$SECONDS
testenv/up.sh --no-base >/dev/null
rc=0
scripts/check-reproducible.sh || rc=$?
testenv/engine26.sh down --store containerd
testenv/down.sh
echo "reproducible action image: $((SECONDS - t0)) s"
echo "scripts/test.sh: $((SECONDS / 60)) min $((SECONDS % 60)) s"
exit "$rc"
