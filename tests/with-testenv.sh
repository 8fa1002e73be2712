#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs COMMAND with the test registries up (anonymous HTTP, basic auth over
# TLS, token auth), started by testenv/up.sh and stopped afterwards if this
# script started them. Usage: tests/with-testenv.sh COMMAND [ARGS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
was_up=0
if "$root/testenv/registry.sh" status all >/dev/null 2>&1 && "$root/testenv/dockerd.sh" status >/dev/null 2>&1; then
  was_up=1
fi
exports=$("$root/testenv/up.sh" --no-base)
eval "$exports"
if [[ $was_up == 0 ]]; then
  trap '"$root/testenv/down.sh" >/dev/null 2>&1 || true' EXIT
fi
"$@"
