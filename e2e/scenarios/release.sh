#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The data-science team's flow in one runner root, step after step: a push of
# v1.2.3 with calver builds and pushes 1.2.3, 1.2, 1, latest and the build tag
# YYYY.Q-<7>; then two workflow_dispatch runs promote that build tag to
# YYYY.Q-stable, a dry run first (nothing moves), then for real (same digest,
# no layer moved). The README's main job (scripts/main-job.sh) is this scenario.
# It makes its own dry run, so run-all.sh runs it once.
# e2e: no --dry-run variant
# Usage: e2e/scenarios/release.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
new_scenario release
build=$CALVER-$SC_SHA7
stable=$CALVER-stable
tags=(1.2.3 1.2 1 latest "$build")

echo "-- step 1: push of v1.2.3 (calver: true)"
event_push refs/tags/v1.2.3
run_planned_step false --github event_name=push --github ref=refs/tags/v1.2.3 --github sha="$SC_SHA" \
  -i registry="$REG" -i image="$SC_REPO" -i calver=true
check_step_basics
check_tags_output "$REG/$SC_REPO" "${tags[@]}"
check_push_outcome false "${tags[@]}"
digest=$(output digest)

promote_step() { # promote_step DRY_RUN
  event_dispatch refs/heads/main "$(jq -n --arg t "$build" --arg d "$1" '{tag: $t, "dry-run": $d}')"
  run_step --github event_name=workflow_dispatch --github ref=refs/heads/main --github sha="$SC_SHA" \
    --github workflow=promote -i registry="$REG" -i image="$SC_REPO" -i promote="$build" -i dry-run="$1"
  check_step_basics
  expect "digest output = the pushed build's digest" "$(output digest)" "$digest"
  expect "promoted output" "$(output promoted)" "$REG/$SC_REPO:$stable"
}

echo "-- step 2: promotion of $build to $stable, dry run"
promote_step true
expect "dry run: the registry has no $stable" "$(reg_digest "$SC_REPO" "$stable")" ""
expect "json output: a dry run, nothing promoted" \
  "$(jq -c '[.dry_run, (.images[0].promoted | length)]' "$STEP_OUT/outputs/json")" "[true,0]"

dry_step=$STEP_OUT
echo "-- step 3: promotion of $build to $stable"
promote_step false
check_plan_carried_out "$dry_step" "$STEP_OUT"
check_timings "$STEP_OUT"
expect "registry: $stable at the build's digest" "$(reg_digest "$SC_REPO" "$stable")" "$digest"
expect "registry has the release's tags and $stable" "$(reg_tags "$SC_REPO" | paste -sd' ')" \
  "$(sorted_lines "${tags[@]}" "$stable" | paste -sd' ')"
expect "json output: no layer sent" "$(jq '.bytes_sent <= 8192' "$STEP_OUT/outputs/json")" true
host_docker image rm "$REG/$SC_REPO:$stable" >/dev/null 2>&1 || true
got=$(host_docker pull -q "$REG/$SC_REPO:$stable" >/dev/null 2>&1 &&
  host_docker run --rm --network none "$REG/$SC_REPO:$stable" 2>/dev/null | tail -n 1)
expect "the promoted image pulls and runs this build" "$got" "$SC_NONCE"

echo "-- what the registry holds for $REG/$SC_REPO"
for t in $(reg_tags "$SC_REPO"); do printf '  %-16s %s\n' "$t" "$(reg_digest "$SC_REPO" "$t")"; done
finish
