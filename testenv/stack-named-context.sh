#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Checks, on both Engine 26 stores, what a stack run relies on: `docker buildx build --load
# --build-context REF=docker-image://PARENT:TAG` (the docker driver) builds FROM the parent just
# loaded into the daemon and pulls nothing. The parent is named ghcr.io/acme/base, which this
# machine cannot reach: a pull would fail the build. The same child without the named context
# must fail (it would pull REF:latest), which proves the check can fail.
# Usage: testenv/stack-named-context.sh   (with testenv/engine26.sh up --store both)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval "$("$here/engine26.sh" env)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base" "$work/child"
marker=parent-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$marker" >"$work/base/marker"
printf 'FROM scratch\nCOPY marker /marker\n' >"$work/base/Dockerfile"
echo child >"$work/child/childfile"
printf 'FROM ghcr.io/acme/base\nCOPY childfile /childfile\n' >"$work/child/Dockerfile"
tag=2026.4-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-7)
fails=0
for store in classic containerd; do
  var=BERTH_ENGINE26_${store^^}_HOST
  d() { DOCKER_HOST=${!var} DOCKER_CONFIG=$BERTH_ENGINE26_DOCKER_CONFIG docker "$@"; }
  d buildx build --progress=plain --provenance=false --load -t "ghcr.io/acme/base:$tag" "$work/base" >"$work/log" 2>&1
  t0=$(date +%s%N)
  if d buildx build --progress=plain --provenance=false --load -t "ghcr.io/acme/child:$tag" \
      --build-context "ghcr.io/acme/base=docker-image://ghcr.io/acme/base:$tag" "$work/child" >"$work/log" 2>&1; then
    id=$(d create "ghcr.io/acme/child:$tag" /x)
    got=$(d export "$id" | tar xO marker); d rm "$id" >/dev/null
    if [[ $got == "$marker" ]]; then
      echo "PASS $store: the child came FROM the parent just loaded ($(( ($(date +%s%N) - t0) / 1000000 )) ms, no pull)"
    else echo "FAIL $store: the child's parent is not the one just built"; fails=$((fails + 1)); fi
  else echo "FAIL $store: $(tail -1 "$work/log")"; fails=$((fails + 1)); fi
  if d buildx build --progress=plain --provenance=false --load -t "ghcr.io/acme/child:$tag-nocontext" "$work/child" >"$work/log" 2>&1; then
    echo "FAIL $store: without the named context the build found a parent (check proves nothing)"; fails=$((fails + 1))
  else echo "PASS $store: without the named context the build tries the registry: $(grep -o 'failed to resolve source metadata for [^:]*:[a-z]*' "$work/log" | head -1)"; fi
  d image rm "ghcr.io/acme/base:$tag" "ghcr.io/acme/child:$tag" >/dev/null 2>&1 || true
done
exit $((fails > 0))
