#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A registry cache round trip (run it on the containerd image store, whose docker driver
# exports caches: cache-registry@26-containerd). Two pushes of v1.2.3 with the same inputs a
# workflow would have, cache-from and cache-to type=registry,ref=<repo>:buildcache,mode=max:
#   1. a cold build: the cache manifest appears in the registry;
#   2. `docker buildx prune -af` and the image removed on that daemon (a fresh runner), then
#      the same step: the log shows the cache imported from the registry and the build's
#      steps CACHED, and the image's layers are the first build's.
# Each build is a dry run, then the real one (run_planned_step).
# e2e: no --dry-run variant
# Usage: e2e/scenarios/cache-registry.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
new_scenario cache-registry
cat >"$SC_WS/Dockerfile" <<'DOCKERFILE'
FROM berth-base/debian:bookworm-slim
# A step worth caching: some work, and output that differs per build when it really runs.
RUN head -c 4M /dev/urandom | sha256sum >/expensive.txt && echo "::warning::injected from the dockerfile"
COPY hello.txt /hello.txt
CMD ["cat", "/hello.txt"]
DOCKERFILE
tags=(1.2.3 1.2 1 latest)
cache=$REG/$SC_REPO:buildcache
step_inputs=(--github event_name=push --github ref=refs/tags/v1.2.3 --github sha="$SC_SHA"
  -i registry="$REG" -i image="$SC_REPO"
  -i "cache-from=type=registry,ref=$cache" -i "cache-to=type=registry,ref=$cache,mode=max")
event_push refs/tags/v1.2.3

# layers_of DIGEST: the image manifest's layer digests, one line
layers_of() { reg_image_manifest "$SC_REPO" "$1" | jq -r '[.layers[].digest] | join(" ")'; }

echo "-- build 1: cold, exports the cache"
run_planned_step false "${step_inputs[@]}"
check_step_basics
check_build_log_fenced
first=$(output digest)
for t in "${tags[@]}"; do expect "build 1: registry tag $t -> digest output" "$(reg_digest "$SC_REPO" "$t")" "$first"; done
check "build 1: the cache manifest $cache is in the registry" test -n "$(reg_digest "$SC_REPO" buildcache)"
expensive=$(reg_image_manifest "$SC_REPO" "$first" | jq -r '.layers[-2].digest')

echo "-- the builder's cache pruned and the image removed (an empty local cache)"
host_login || bad "docker login to $REG"
for t in "${tags[@]}"; do host_docker image rm -f "$REG/$SC_REPO:$t" >/dev/null 2>&1 || true; done
if host_docker buildx prune -af >"$SC_ROOT/prune.txt" 2>&1; then ok "docker buildx prune -af ($(tail -n 1 "$SC_ROOT/prune.txt"))"
else bad "docker buildx prune -af: $(tail -n 1 "$SC_ROOT/prune.txt")"; fi
expect "the builder's cache is empty" "$(host_docker buildx du 2>/dev/null | awk '/^Total:/ { print $2 }')" 0B

echo "-- build 2: the same step on the empty local cache"
run_planned_step false "${step_inputs[@]}"
check_step_basics
second=$(output digest)
for t in "${tags[@]}"; do expect "build 2: registry tag $t -> digest output" "$(reg_digest "$SC_REPO" "$t")" "$second"; done
check "build 2's log: the cache was imported from the registry" grep -qF "importing cache manifest from $cache" "$STEP_OUT/log.txt"
# BuildKit's plain progress: "#8 [2/3] RUN head -c 4M ..." and later "#8 CACHED" for that vertex.
run_vertex=$(grep -oE '^#[0-9]+ \[2/3\] RUN ' "$STEP_OUT/log.txt" | head -n 1 | cut -d' ' -f1)
check "build 2's log: the RUN step (${run_vertex:-not found}) was CACHED" grep -qx "$run_vertex CACHED" "$STEP_OUT/log.txt"
check "build 2's log: the RUN step did not run (no output of it)" bash -c "! grep -q '^$run_vertex [0-9.]* ::warning::' '$STEP_OUT/log.txt'"
expect "build 2's RUN layer is build 1's (taken from the cache, not run again)" \
  "$(reg_image_manifest "$SC_REPO" "$second" | jq -r '.layers[-2].digest')" "$expensive"
expect "build 2's layers are build 1's" "$(layers_of "$second")" "$(layers_of "$first")"
finish
