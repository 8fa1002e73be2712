#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A push to the default branch: berth builds the sample app and pushes
# sha-<7>, latest and the calver build tag YYYY.Q-<7>.
# Usage: e2e/scenarios/push-default.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "push-default$([[ $dry == true ]] && echo -dry)"
event_push refs/heads/main
run_planned_step $dry --github event_name=push --github ref=refs/heads/main --github sha="$SC_SHA" \
  -i registry="$REG" -i image="$SC_REPO" -i calver=true \
  -i build-args="GREETING=hello from $SCENARIO"

check_step_basics
check_tags_output "$REG/$SC_REPO" "$CALVER-$SC_SHA7" "sha-$SC_SHA7" latest
expect "version output" "$(output version)" "$CALVER-$SC_SHA7"
expect "latest output" "$(output latest)" true
check_push_outcome $dry "$CALVER-$SC_SHA7" "sha-$SC_SHA7" latest
finish
