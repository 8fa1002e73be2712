#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A pull request: berth builds pr-<n> and sha-<7 of the head> and, with
# push: auto, pushes nothing.
# Usage: e2e/scenarios/pull-request.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "pull-request$([[ $dry == true ]] && echo -dry)"
head=$SC_SHA
merge=$(printf '%s' "$head-merge" | sha1sum | cut -c1-40)
event_pr 7 "$head"
run_planned_step $dry --github event_name=pull_request --github ref=refs/pull/7/merge --github sha="$merge" \
  --github head_ref=feature/e2e --github base_ref=main \
  -i registry="$REG" -i image="$SC_REPO"

check_step_basics
check_tags_output "$REG/$SC_REPO" pr-7 "sha-${head:0:7}"
expect "version output" "$(output version)" pr-7
expect "latest output" "$(output latest)" false
expect "push output" "$(output push)" false
expect "nothing in the registry" "$(reg_tags "$SC_REPO" | paste -sd' ')" ""
expect "no digest" "$(output digest)" ""
if [[ $dry == false ]]; then
  check_build_log_fenced
  id=$(output imageid)
  if [[ $id == sha256:* ]]; then ok "imageid output $id"; else bad "imageid output '$id'"; fi
  check "the image was built in the daemon" docker image inspect "$id"
  check "and tagged $REG/$SC_REPO:pr-7" docker image inspect "$REG/$SC_REPO:pr-7"
  got=$(docker run --rm --network none "$REG/$SC_REPO:pr-7" 2>/dev/null | tail -n 1)
  expect "the built image is this build" "$got" "$SC_NONCE"
fi
finish
