#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs berth's main job end to end on an embedded default, set-up included (as
# root, on Debian 12): a throwaway Docker daemon and a TLS registry with basic
# auth (testenv/), the action image built from this repository's Dockerfile
# (scripts/build-image.sh, on a local debootstrap base), and then the action run
# exactly as GitHub's runner runs a container action (e2e/run-action.sh): a push
# of v1.2.3 that builds a sample app and pushes every tag, and a manual
# promotion of its YYYY.Q-<sha> build tag to YYYY.Q-stable, dry run first.
# Shows each step's log and outputs and what the registry holds, checks them,
# and stops everything it started. This is e2e/scenarios/release.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

printf '== set-up: packages\n'
scripts/install-deps.sh --runtime
printf '\n== the daemon, the registry and the action image (the first build takes several minutes)\n'
exec bash e2e/run-all.sh release
