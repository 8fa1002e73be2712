#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The split-and-merge matrix: one native runner per platform, then a merge, with no
# artifacts (the per-platform results meet in the registry). Three runner roots, each with
# its own checkout of the same commit (a `FROM scratch` + COPY image), for a push of v1.2.3:
#   job-amd64   split: true,  platforms: linux/amd64   builds and pushes its platform under
#   job-arm64   split: true,  platforms: linux/arm64   its platform tag only (<tag>-linux-<arch>)
#   merge       split: merge, platforms: both          builds nothing; assembles the index from
#                                                      the platform tags, applies every tag
# Each step is a dry run, then the real one (run_planned_step). Checked against the
# registry's API: no final tag before the merge; then every tag points at one index of
# exactly the two platforms, made of the manifests the split jobs pushed.
# e2e: no --dry-run variant
# Usage: e2e/scenarios/split-merge.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
new_scenario split-merge
scenario_root=$SC_ROOT
tags=(1.2.3 1.2 1 latest)

# job ROOT_NAME: SC_ROOT and SC_WS to a fresh runner root holding a checkout of the same commit
job() {
  SC_ROOT=$scenario_root/$1
  SC_WS=$SC_ROOT/work/sample-app/sample-app
  STEP_N=0
  mkdir -p "$SC_WS" "$SC_ROOT/work/_temp"
  printf 'FROM scratch\nCOPY hello.txt /hello.txt\n' >"$SC_WS/Dockerfile"
  printf '%s\n' "$SC_NONCE" >"$SC_WS/hello.txt"
  cp "$CA_CERT" "$SC_ROOT/work/_temp/ca.crt"
  event_push refs/tags/v1.2.3
}
step_inputs=(--github event_name=push --github ref=refs/tags/v1.2.3 --github sha="$SC_SHA"
  -i registry="$REG" -i image="$SC_REPO")

declare -A platform_digest=()
for arch in amd64 arm64; do
  echo "-- job-$arch: split: true, platforms: linux/$arch"
  job "job-$arch"
  run_planned_step false "${step_inputs[@]}" -i split=true -i platforms="linux/$arch"
  check_step_basics
  # Its platform's tags: <tag>-linux-<arch>, each a single image manifest of that architecture.
  ptags=$(reg_tags "$SC_REPO" | grep -E -- "-linux-$arch\$" || true)
  if [[ -n $ptags ]]; then ok "job-$arch pushed platform tags: $(paste -sd' ' <<<"$ptags")"
  else bad "job-$arch pushed no <tag>-linux-$arch tag"; fi
  for t in $ptags; do
    d=$(reg_digest "$SC_REPO" "$t")
    m=$(reg_manifest "$SC_REPO" "$d")
    expect "platform tag $t is one image manifest" "$(jq -r 'has("layers")' <<<"$m")" true
    expect "platform tag $t's architecture" "$(reg_blob "$SC_REPO" "$(jq -r .config.digest <<<"$m")" | jq -r .architecture)" "$arch"
    platform_digest[$arch]=$d
  done
  for t in "${tags[@]}"; do
    expect "job-$arch: no final tag $t before the merge" "$(reg_digest "$SC_REPO" "$t")" ""
  done
done

echo "-- merge: split: merge, platforms: linux/amd64,linux/arm64"
job merge
run_planned_step false "${step_inputs[@]}" -i split=merge -i platforms=linux/amd64,linux/arm64
check_step_basics
check_tags_output "$REG/$SC_REPO" "${tags[@]}"
digest=$(output digest)
check_index "$SC_REPO" "$digest" linux/amd64 linux/arm64 "${tags[@]}"
index=$(reg_manifest "$SC_REPO" "$digest")
for arch in amd64 arm64; do
  expect "the index's linux/$arch entry is job-$arch's manifest" \
    "$(jq -r --arg a "$arch" '[.manifests[] | select(.platform.architecture == $a)][0].digest' <<<"$index")" \
    "${platform_digest[$arch]:-none}"
done
expect "the merge built nothing (no build step in its plan)" \
  "$(jq '[.plan[] | select(.step == "build")] | length' "$STEP_OUT/outputs/json")" 0
if grep -qE '^#[0-9]+ ' "$STEP_OUT/log.txt"; then bad "the merge's log shows a BuildKit build"; else ok "the merge's log shows no build"; fi
SC_ROOT=$scenario_root
finish
