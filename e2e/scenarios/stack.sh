#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sample stack (examples/stack: base, notebook FROM base, ml FROM notebook, batch FROM
# base) on real git history in the workspace, each step a dry run first (which must write
# nothing) and then the real run:
#   1. the first push builds all four, in build order, tests them, pushes each build tag and
#      moves latest;
#   2. a commit changing only notebook rebuilds notebook and ml, re-tags base and batch by
#      PUT: every image carries the new build tag;
#   3. a commit that makes an ml test fail moves no tag at all, and the summary shows the
#      failure and the tests that passed;
#   4. a pull request changing batch builds batch alone (compared with its base), pushes
#      nothing.
# e2e: no --dry-run variant
# Usage: e2e/scenarios/stack.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
[[ ${1:-} == --dry-run ]] && { echo "stack: makes its own dry runs" >&2; exit 0; }
new_scenario stack
# The images are <registry>/<owner>/NAME: an owner of this scenario's own.
OWNER=${SC_REPO//\//-}
IMAGES=(base notebook ml batch)
repo_of() { printf '%s/%s' "$OWNER" "$1"; }

# The workspace: the sample stack, as a git repository with its own history.
rm -rf "${SC_WS:?}"/* "$SC_WS"/.[!.]*
cp -a "$REPO_ROOT/examples/stack/." "$SC_WS/"
git_ws() { git -C "$SC_WS" -c user.name=e2e -c user.email=e2e@example.invalid "$@"; }
commit() { # commit MESSAGE: commits everything at COMMIT_TIME; SC_SHA is its sha
  git_ws add -A
  GIT_COMMITTER_DATE=$COMMIT_TIME GIT_AUTHOR_DATE=$COMMIT_TIME git_ws commit -q -m "$1"
  SC_SHA=$(git_ws rev-parse HEAD); SC_SHA7=${SC_SHA:0:7}
}
git_ws init -q -b main
commit "the stack"

registry_state() { # every image's tags and their digests, one line each
  local i t
  for i in "${IMAGES[@]}"; do
    for t in $(reg_tags "$(repo_of "$i")"); do echo "$i:$t $(tag_digest "$i" "$t")"; done
  done
}
tag_digest() { reg_digest "$(repo_of "$1")" "$2" 2>/dev/null || true; }
# decisions: "name=action ..." from the stack output, in build order
decisions() { jq -r '[.images[] | "\(.name)=\(.action)"] | join(" ")' <<<"$(output stack)"; }

# stack_step WHAT [run-action.sh args]: a dry run of HEAD (which must write nothing), then the
# real run. The event is a push to main unless the arguments say otherwise.
stack_step() {
  local what=$1; shift
  local args=(--github repository="$OWNER/stack" --github sha="$SC_SHA"
              -i registry="$REG" -i stack=true -i calver=true
              -i build-args="DEBIAN_IMAGE=berth-base/debian:bookworm-slim
STACK_PREFIX=$REG/$OWNER" "$@")
  local before
  before=$(registry_state)
  run_step "${args[@]}" -i dry-run=true
  expect "$what, dry run: step result" "$STEP_RC" 0
  expect "$what, dry run: the registry is unchanged" "$(registry_state)" "$before"
  DRY_DECISIONS=$(decisions)
  run_step "${args[@]}" -i dry-run=false
  expect "$what: the dry run decided as the real run" "$DRY_DECISIONS" "$(decisions)"
}
push_step() {
  event_push refs/heads/main
  stack_step "$@" --github event_name=push --github ref=refs/heads/main
}

# 1. First push: every image builds, in order.
push_step "first push"
TAG1=$CALVER-$SC_SHA7
expect "first push: step result" "$STEP_RC" 0
expect "first push: version output" "$(output version)" "$TAG1"
expect "first push: every image builds, parents first" "$(decisions)" \
  "base=build notebook=build ml=build batch=build"
expect "first push: why" "$(jq -r .changes.reason <<<"$(output stack)")" \
  "no earlier commit in the checkout"
for i in "${IMAGES[@]}"; do
  check "first push: $i carries $TAG1" test -n "$(tag_digest "$i" "$TAG1")"
  expect "first push: $i latest is its build" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG1")"
done
check "first push: JUnit file of ml" test -f "$SC_ROOT/work/_temp/$(basename "$(output junit-dir)")/ml.xml"
# ml runs its own, its parents' and the common tests.
expect "first push: ml's tests" \
  "$(jq -r '.images[] | select(.name == "ml") | [.tests[] | "\(.name):\(.result)"] | join(" ")' <<<"$(output stack)")" \
  "not-root:passed home:passed on-base:passed release-file:passed notebook-runs:passed model:passed on-notebook:passed"

# 2. A commit changing only notebook.
echo "# a change" >>"$SC_WS/images/notebook/notebook.sh"
commit "notebook: a change"
push_step "notebook change"
TAG2=$CALVER-$SC_SHA7
expect "notebook change: step result" "$STEP_RC" 0
expect "notebook change: decisions" "$(decisions)" \
  "base=retag notebook=build ml=build batch=retag"
expect "notebook change: compared with the first build" \
  "$(jq -r .changes.base_tag <<<"$(output stack)")" "$TAG1"
for i in "${IMAGES[@]}"; do
  check "notebook change: $i carries $TAG2" test -n "$(tag_digest "$i" "$TAG2")"
  expect "notebook change: $i latest is $TAG2" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG2")"
done
for i in base batch; do
  expect "notebook change: $i re-tagged (same manifest as $TAG1)" "$(tag_digest "$i" "$TAG2")" "$(tag_digest "$i" "$TAG1")"
done
for i in notebook ml; do
  check "notebook change: $i rebuilt" test "$(tag_digest "$i" "$TAG2")" != "$(tag_digest "$i" "$TAG1")"
done

# 3. A commit that breaks an ml test (an empty model).
: >"$SC_WS/images/ml/model.txt"
commit "ml: an empty model"
push_step "failing test"
TAG3=$CALVER-$SC_SHA7
check "failing test: the step fails" test "$STEP_RC" -ne 0
expect "failing test: decisions" "$(decisions)" "base=retag notebook=retag ml=build batch=retag"
for i in "${IMAGES[@]}"; do
  expect "failing test: $i latest stays on $TAG2" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG2")"
  expect "failing test: $i has no $TAG3" "$(tag_digest "$i" "$TAG3")" ""
done
summary=$STEP_OUT/summary.md
check "failing test: the summary shows the failure" grep -q '| ml | model | own | ❌ failed' "$summary"
check "failing test: the summary shows the passing tests" grep -q '| ml | on-notebook | own | ✅ passed' "$summary"
check "failing test: an ::error:: names the test" grep -q '::error.*model' "$STEP_OUT/log.txt"
git_ws checkout -q HEAD~1 -- images/ml/model.txt
commit "ml: the model back"

# 4. A pull request changing batch: compared with its base, batch alone builds, nothing is pushed.
base_sha=$SC_SHA
git_ws checkout -q -b feature/batch
echo "nightly-report" >>"$SC_WS/images/batch/jobs.txt"
commit "batch: a new job"
jq -n --arg head "$SC_SHA" --arg base "$base_sha" --arg t "$COMMIT_TIME" --argjson repo "$(repository_json)" \
  '{action: "synchronize", number: 7, repository: $repo, sender: {login: "ci"},
    pull_request: {number: 7, state: "open", title: "batch", updated_at: $t,
                   head: {ref: "feature/batch", sha: $head}, base: {ref: "main", sha: $base}}}' \
  >"$SC_ROOT/event.json"
before=$(registry_state)
stack_step "pull request" --github event_name=pull_request --github ref=refs/pull/7/merge \
  --github head_ref=feature/batch --github base_ref=main
expect "pull request: step result" "$STEP_RC" 0
expect "pull request: decisions" "$(decisions)" "base=retag notebook=retag ml=retag batch=build"
expect "pull request: push output" "$(output push)" false
expect "pull request: the registry is unchanged" "$(registry_state)" "$before"
finish
