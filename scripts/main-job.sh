#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs berth's main job on an embedded default, set-up included (as root, on
# Debian 12): builds berth and runs it exactly as the runner runs the action,
# on a sample push to the default branch with calver build tags, then shows
# the step outputs and the job summary it wrote.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh >/dev/null
cmake -S . -B build-main -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_TESTS=OFF >/dev/null
cmake --build build-main -j"$(nproc)" --target berth >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/output"
: > "$work/summary"
# The runner passes inputs as INPUT_* (hyphens kept) and the context as
# GITHUB_*; env -i makes sure nothing else leaks in.
env -i PATH=/usr/bin:/bin \
  $(grep -v '^#' testdata/events/push_default.env | sed "s#^GITHUB_EVENT_PATH=#GITHUB_EVENT_PATH=$root/testdata/events/#") \
  GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
  INPUT_REGISTRY=ghcr.io INPUT_CALVER=true INPUT_DRY-RUN=true INPUT_PASSWORD=example-secret \
  build-main/berth
echo
echo "--- GITHUB_OUTPUT"
cat "$work/output"
echo "--- GITHUB_STEP_SUMMARY"
cat "$work/summary"
