#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A push of the tag v1.2.3: berth builds and pushes 1.2.3, 1.2, 1, latest and
# the calver build tag.
# Usage: e2e/scenarios/push-tag.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "push-tag$([[ $dry == true ]] && echo -dry)"
event_push refs/tags/v1.2.3
run_planned_step $dry --github event_name=push --github ref=refs/tags/v1.2.3 --github sha="$SC_SHA" \
  -i registry="$REG" -i image="$SC_REPO" -i calver=true

check_step_basics
check_tags_output "$REG/$SC_REPO" 1.2.3 1.2 1 latest "$CALVER-$SC_SHA7"
expect "version output" "$(output version)" 1.2.3
expect "latest output" "$(output latest)" true
check_push_outcome $dry 1.2.3 1.2 1 latest "$CALVER-$SC_SHA7"
finish
