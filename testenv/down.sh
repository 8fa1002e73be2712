#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Stops everything up.sh started, each by its pidfile (safe to run twice; nothing running is fine).
# Usage: testenv/down.sh [--purge]   (--purge also deletes the state dir, base image and registry data included)
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"

purge=0
[[ ${1:-} == --purge ]] && purge=1
[[ -d $STATE ]] || { say "down: nothing to do ($STATE does not exist)"; exit 0; }

"$here/registry.sh" down all
# engine26.sh's daemons (Docker Engine 26), only when it started some: the output stays as it was otherwise.
if compgen -G "$RUN_DIR/engine26-*.pid" >/dev/null; then "$here/engine26.sh" down; fi
"$here/dockerd.sh" down

if ((purge)); then
  if awk -v s="$STATE/" 'index($2, s) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    die "down: something is still mounted under $STATE; not deleting it"
  fi
  if compgen -G "$RUN_DIR/*.pid" >/dev/null; then die "down: pidfiles left in $RUN_DIR; not deleting"; fi
  rm -rf "$STATE"
  say "down: removed $STATE"
fi
