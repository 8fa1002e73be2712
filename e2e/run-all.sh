#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The end-to-end run: the test environment (dockerd, registries, base image), the
# action image (scripts/build-image.sh, unless E2E_IMAGE is given and present),
# the harness self-test, then every scenario as a dry run and for real, each run
# through e2e/run-action.sh exactly as the runner starts a container action.
# Last line: "N passed, M failed"; exit 1 if anything failed.
# Scenarios marked "e2e: no --dry-run variant" make their own dry runs and run once.
# Stops the test environment afterwards if it started it.
# Usage: e2e/run-all.sh [SCENARIO...]   (default: push-default push-tag pull-request promote release)
#   E2E_DRY_ONLY=1  only the dry runs   E2E_KEEP=1  keep every scenario's runner root
#   E2E_NO_BUILD=1  use the existing $E2E_IMAGE (default berth:dev) instead of rebuilding it
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
source "$here/lib.sh"

scenarios=("$@")
((${#scenarios[@]})) || scenarios=(push-default push-tag pull-request promote release)
for s in "${scenarios[@]}"; do
  [[ -x $here/scenarios/$s.sh ]] || { echo "run-all: no scenario $s (e2e/scenarios/)" >&2; exit 2; }
done

was_up=0
"$root/testenv/registry.sh" status all >/dev/null 2>&1 && "$root/testenv/dockerd.sh" status >/dev/null 2>&1 && was_up=1
((was_up)) || trap '"$root/testenv/down.sh" >/dev/null 2>&1 || true' EXIT
"$root/testenv/up.sh" >/dev/null || { echo "run-all: the test environment did not come up" >&2; exit 1; }
if [[ ${E2E_NO_BUILD:-0} != 1 ]]; then
  "$root/scripts/build-image.sh" "$E2E_IMAGE" >"$STATE/log/e2e-build-image.log" 2>&1 ||
    { tail -n 20 "$STATE/log/e2e-build-image.log"; echo "run-all: building $E2E_IMAGE failed" >&2; exit 1; }
  tail -n 1 "$STATE/log/e2e-build-image.log"
fi
docker image inspect "$E2E_IMAGE" >/dev/null 2>&1 || { echo "run-all: no image $E2E_IMAGE" >&2; exit 1; }
echo "e2e: image $E2E_IMAGE ($(docker image inspect -f '{{.Id}}' "$E2E_IMAGE" | cut -c1-19)), registry $REG, run $E2E_RUN_ID"
mkdir -p "$E2E_WORK"
log=$E2E_WORK/e2e.log
: >"$log"

runs=()
for s in "${scenarios[@]}"; do
  if grep -q '^# e2e: no --dry-run variant' "$here/scenarios/$s.sh"; then
    [[ ${E2E_DRY_ONLY:-0} == 1 ]] || runs+=("$s")
    continue
  fi
  runs+=("$s --dry-run")
  [[ ${E2E_DRY_ONLY:-0} == 1 ]] || runs+=("$s")
done

start=$SECONDS
{
  echo "== harness self-test"
  "$here/selftest.sh"
  for r in "${runs[@]}"; do
    echo
    echo "== $r"
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086  # "scenario [--dry-run]"
    "$here/scenarios/${r%% *}.sh" ${r#"${r%% *}"} 2>&1 | tee "$E2E_WORK/scenario.out"
    rc=${PIPESTATUS[0]}
    if ((rc != 0)) && ! grep -q '^FAIL ' "$E2E_WORK/scenario.out"; then
      echo "FAIL $r: the scenario stopped with status $rc before its checks"
    fi
    printf 'TIME %-26s %6.1f s  %s\n' "$r" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" \
      "$( ((rc == 0)) && echo ok || echo FAILED)"
  done
} 2>&1 | tee "$log"

passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo
echo "time of each run (wall clock, including docker pull/run checks):"
grep '^TIME ' "$log" | sed 's/^TIME /  /'
if ((failed)); then
  echo "failed checks:"
  grep '^FAIL ' "$log" | sed 's/^/  /'
fi
echo "e2e: log $log, scenario roots under $E2E_WORK, $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
