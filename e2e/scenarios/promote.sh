#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A promotion from workflow_dispatch (as .github/workflows/promote.yml runs it):
# the build tag YYYY.Q-<sha> (pushed here with the plain docker CLI, so this
# scenario does not depend on berth's build) becomes YYYY.Q-stable through the
# registry API, at the same digest.
# Usage: e2e/scenarios/promote.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "promote$([[ $dry == true ]] && echo -dry)"
src=$CALVER-$SC_SHA7
ref=$REG/$SC_REPO:$src

# Seed the registry with the build to promote.
host_login || { bad "docker login to $REG"; finish; }
if { DOCKER_BUILDKIT=0 host_docker build -q -t "$ref" "$SC_WS" && host_docker push -q "$ref"; } >"$SC_ROOT/seed.log" 2>&1; then
  ok "seeded $ref"
else
  tail -n 5 "$SC_ROOT/seed.log"
  bad "seeding $ref with docker build + push"; finish
fi
host_docker image rm "$ref" >/dev/null 2>&1 || true
seeded=$(reg_digest "$SC_REPO" "$src")

event_dispatch refs/heads/main "$(jq -n --arg t "$src" --arg d "$dry" '{tag: $t, "dry-run": $d}')"
run_planned_step $dry --github event_name=workflow_dispatch --github ref=refs/heads/main --github sha="$SC_SHA" \
  --github workflow=promote \
  -i registry="$REG" -i image="$SC_REPO" -i promote="$src"

check_step_basics
expect "digest output = the build's digest" "$(output digest)" "$seeded"
expect "promoted output" "$(output promoted)" "$REG/$SC_REPO:$CALVER-stable"
check "json output is JSON" jq -e . "$STEP_OUT/outputs/json"
if [[ $dry == true ]]; then
  expect "dry run: the registry still has only the build tag" "$(reg_tags "$SC_REPO" | paste -sd' ')" "$src"
else
  expect "registry: $CALVER-stable at the build's digest" "$(reg_digest "$SC_REPO" "$CALVER-stable")" "$seeded"
  expect "registry has the build and the stable tag" "$(reg_tags "$SC_REPO" | paste -sd' ')" "$(sorted_lines "$src" "$CALVER-stable" | paste -sd' ')"
  host_docker image rm "$REG/$SC_REPO:$CALVER-stable" >/dev/null 2>&1 || true
  got=$(host_docker pull -q "$REG/$SC_REPO:$CALVER-stable" >/dev/null 2>&1 &&
    host_docker run --rm --network none "$REG/$SC_REPO:$CALVER-stable" 2>/dev/null | tail -n 1)
  expect "the promoted image pulls and runs" "$got" "$SC_NONCE"
fi
finish
