#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs COMMAND with the test registries up (anonymous HTTP, basic auth over
# TLS, token auth), started by testenv/up.sh and stopped afterwards if this
# script started them. Usage: tests/with-testenv.sh COMMAND [ARGS...]
#   BERTH_ITEST_ENGINE=26-classic|26-containerd  DOCKER_HOST is Docker Engine 26's daemon of
#     that image store (testenv/engine26.sh, started and stopped like the rest) instead of
#     Debian 12's dockerd 20.10. The docker CLI still has no buildx plugin (the tests give
#     berth a HOME of their own), so this is berth's classic-builder path on a current engine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
was_up=0
if "$root/testenv/registry.sh" status all >/dev/null 2>&1 && "$root/testenv/dockerd.sh" status >/dev/null 2>&1; then
  was_up=1
fi
# The local Debian base image too: tests build on it (made once, kept in the state directory).
exports=$("$root/testenv/up.sh")
eval "$exports"
if [[ $was_up == 0 ]]; then
  trap '"$root/testenv/down.sh" >/dev/null 2>&1 || true' EXIT
fi
case ${BERTH_ITEST_ENGINE:-20.10} in
  20.10) ;;
  26-classic | 26-containerd)
    store=${BERTH_ITEST_ENGINE#26-}
    # Both stores: the buildx tests run on each (they need BERTH_ENGINE26_*_HOST of both).
    if [[ $was_up == 1 ]] && ! "$root/testenv/engine26.sh" status --store both >/dev/null 2>&1; then
      trap '"$root/testenv/engine26.sh" down --store both >/dev/null 2>&1 || true' EXIT
    fi
    eval "$("$root/testenv/engine26.sh" up --store both)"
    var=BERTH_ENGINE26_${store^^}_HOST
    export DOCKER_HOST=${!var} ;;
  *) echo "with-testenv: BERTH_ITEST_ENGINE must be 20.10, 26-classic or 26-containerd" >&2; exit 2 ;;
esac
"$@"
