#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A stack of four images (e2e/stack-sample: base, child FROM base, grandchild FROM child,
# sibling FROM base) on real git history in the workspace:
#   1. the first push builds all four, in build order, tests them, pushes each build tag and
#      moves latest;
#   2. a commit changing only the child rebuilds child and grandchild, re-tags base and
#      sibling by PUT: every image carries the new build tag;
#   3. a commit that makes a grandchild test fail moves no tag at all, and the summary shows
#      the failure and the tests that passed.
# Needs the stack file reader, the git adapter and the decisions (issue 14's other parts).
# Usage: e2e/scenarios/stack.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "stack$([[ $dry == true ]] && echo -dry)"
PREFIX=$REG/$SC_REPO
IMAGES=(base child grandchild sibling)

# The workspace: the sample stack, as a git repository with its own history.
rm -rf "${SC_WS:?}"/* "$SC_WS"/.[!.]*
cp -a "$E2E_DIR/stack-sample/." "$SC_WS/"
grep -rl '@PREFIX@' "$SC_WS" | xargs sed -i "s|@PREFIX@|$PREFIX|g"
git_ws() { git -C "$SC_WS" -c user.name=e2e -c user.email=e2e@example.invalid "$@"; }
commit() { # commit MESSAGE: commits everything at COMMIT_TIME; SC_SHA is its sha
  git_ws add -A
  GIT_COMMITTER_DATE=$COMMIT_TIME GIT_AUTHOR_DATE=$COMMIT_TIME git_ws commit -q -m "$1"
  SC_SHA=$(git_ws rev-parse HEAD); SC_SHA7=${SC_SHA:0:7}
}
git_ws init -q -b main
commit "the stack"

# stack_step: a dry run, then (unless --dry-run) the real run, of the pushed HEAD.
stack_step() {
  event_push refs/heads/main
  local args=(--github event_name=push --github ref=refs/heads/main --github sha="$SC_SHA"
              -i registry="$REG" -i stack=true -i calver=true
              -i build-args="DEBIAN_IMAGE=berth-base/debian:bookworm-slim")
  run_step "${args[@]}" -i dry-run=true
  expect "dry run of $SC_SHA7: step result" "$(cat "$STEP_OUT/result" 2>/dev/null)" success
  expect "dry run of $SC_SHA7: wrote nothing" "$(reg_tags "$SC_REPO/base" | grep -c "$SC_SHA7" || true)" 0
  [[ $dry == true ]] && return
  run_step "${args[@]}" -i dry-run=false
}
# decisions: "name=action ..." from the stack output, in build order
decisions() { jq -r '[.images[] | "\(.name)=\(.action)"] | join(" ")' <<<"$(output stack)"; }
tag_digest() { reg_digest "$SC_REPO/$1" "$2" 2>/dev/null || true; }

# 1. First push: every image builds, in order.
stack_step
if [[ $dry == false ]]; then
  TAG1=$CALVER-$SC_SHA7
  expect "first push: step result" "$(cat "$STEP_OUT/result")" success
  expect "first push: version output" "$(output version)" "$TAG1"
  expect "first push: every image builds" "$(decisions)" \
    "base=build child=build sibling=build grandchild=build"
  expect "first push: build order" \
    "$(jq -r '[.steps[] | select(.step == "build") | .title] | join(",")' <<<"$(output stack)")" \
    "docker build base,docker build child,docker build sibling,docker build grandchild"
  for i in "${IMAGES[@]}"; do
    check "first push: $i carries $TAG1" test -n "$(tag_digest "$i" "$TAG1")"
    expect "first push: $i latest is its build" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG1")"
  done
  check "first push: JUnit files" test -f "$SC_ROOT/work/_temp/$(basename "$(output junit-dir)")/grandchild.xml"
fi

# 2. A commit changing only the child.
echo 2 >"$SC_WS/images/child/version.txt"
commit "child: version 2"
stack_step
if [[ $dry == false ]]; then
  TAG2=$CALVER-$SC_SHA7
  expect "child change: step result" "$(cat "$STEP_OUT/result")" success
  expect "child change: decisions" "$(decisions)" \
    "base=retag child=build sibling=retag grandchild=build"
  for i in "${IMAGES[@]}"; do
    check "child change: $i carries $TAG2" test -n "$(tag_digest "$i" "$TAG2")"
    expect "child change: $i latest is $TAG2" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG2")"
  done
  for i in base sibling; do
    expect "child change: $i re-tagged (same manifest as $TAG1)" "$(tag_digest "$i" "$TAG2")" "$(tag_digest "$i" "$TAG1")"
  done
  check "child change: child rebuilt" test "$(tag_digest child "$TAG2")" != "$(tag_digest child "$TAG1")"
fi

# 3. A commit that breaks a grandchild test.
echo 'echo "grandchild check: broken on purpose"; exit 1' >"$SC_WS/images/grandchild/check.sh"
commit "grandchild: a failing check"
stack_step
if [[ $dry == false ]]; then
  TAG3=$CALVER-$SC_SHA7
  expect "failing test: step result" "$(cat "$STEP_OUT/result")" failure
  for i in "${IMAGES[@]}"; do
    expect "failing test: $i latest stays on $TAG2" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG2")"
    expect "failing test: $i has no $TAG3" "$(tag_digest "$i" "$TAG3")" ""
  done
  summary=$STEP_OUT/summary.md
  check "failing test: the summary shows the failure" grep -q '| grandchild | grandchild-check | own | ❌ failed' "$summary"
  check "failing test: the summary shows the passing tests" grep -q '| grandchild | grandchild-file | own | ✅ passed' "$summary"
  check "failing test: the summary shows the failed test's output" grep -q 'broken on purpose' "$summary"
fi
finish
