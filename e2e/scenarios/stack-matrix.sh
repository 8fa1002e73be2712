#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A stack over GitHub Actions' matrix (docs/stack-matrix.md), on the sample stack
# (examples/stack: base; notebook and batch FROM base; ml FROM notebook) as a git repository,
# over two runner roots (A and B, each its own checkout of the same commit) on one daemon,
# whose images each job removes afterwards, as a fresh runner would not have them:
#   1. first push: the plan step (a dry run) gives the matrix by level; each image's job
#      (stack-image, in root A for levels 0 and 2, root B for level 1) builds it FROM its
#      parents' build tags in the registry and pushes only its build tag; latest moves only
#      in the final step (stack-finish), for every image at once;
#   2. a commit changing notebook: the plan builds notebook and ml; ml's job is left out (a
#      failed matrix job): the final step fails naming ml, writes nothing (base and batch not
#      re-tagged, latest where it was);
#   3. ml's job then runs and the final step re-tags base and batch (their last build's
#      manifests) and moves latest of every image.
# Each job and final step runs dry first (nothing written), then for real.
# e2e: no --dry-run variant
# Usage: e2e/scenarios/stack-matrix.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
new_scenario stack-matrix
scenario_root=$SC_ROOT
PREFIX=$REG/$SC_REPO
IMAGES=(base notebook batch ml)
declare -A JOB_LOG=()
host_login || bad "docker login to $REG"

# The repository: the sample stack with its images under this scenario's registry repository.
origin=$scenario_root/origin
mkdir -p "$origin"
cp -a "$REPO_ROOT/examples/stack/." "$origin/"
sed -i "1i prefix: $PREFIX" "$origin/.github/berth-stack.yml"
git_origin() { git -C "$origin" -c user.name=e2e -c user.email=e2e@example.invalid "$@"; }
commit() { # commit MESSAGE: commits everything at COMMIT_TIME; SC_SHA is its sha
  git_origin add -A
  GIT_COMMITTER_DATE=$COMMIT_TIME GIT_AUTHOR_DATE=$COMMIT_TIME git_origin commit -q -m "$1"
  SC_SHA=$(git_origin rev-parse HEAD); SC_SHA7=${SC_SHA:0:7}
}
git_origin init -q -b main
commit "the stack"

# runner ROOT_NAME: SC_ROOT and SC_WS to runner root ROOT_NAME, its checkout at SC_SHA
runner() {
  SC_ROOT=$scenario_root/$1
  SC_WS=$SC_ROOT/work/stack/stack
  STEP_N=$( (ls "$SC_ROOT/steps" 2>/dev/null || true) | wc -l)
  rm -rf "$SC_WS"
  mkdir -p "$SC_WS" "$SC_ROOT/work/_temp"
  cp -a "$origin/." "$SC_WS/"
  cp "$CA_CERT" "$SC_ROOT/work/_temp/ca.crt"
  event_push refs/heads/main
}
BUILD_ARGS="DEBIAN_IMAGE=berth-base/debian:bookworm-slim
STACK_PREFIX=$PREFIX"
step() {
  run_step --github event_name=push --github ref=refs/heads/main --github sha="$SC_SHA" \
    -i registry="$REG" -i stack=true -i build-args="$BUILD_ARGS" "$@"
}
tag_digest() { reg_digest "$SC_REPO/$1" "$2" 2>/dev/null || true; }
# forget IMAGE TAG: the image leaves the daemon, as the next job's fresh runner lacks it
forget() { host_docker image rm -f "$PREFIX/$1:$2" >/dev/null 2>&1 || true; }

# plan: the plan job in root A; LEVELS[n] is level n's images to build (space separated)
plan() {
  runner A
  step -i dry-run=true
  expect "plan $SC_SHA7: step result" "$(cat "$STEP_OUT/result")" success
  LEVEL_MATRICES=$(output level-matrices)
  mapfile -t LEVELS < <(jq -r '.[] | [.include[].image | select(. != "(none)")] | join(" ")' <<<"$LEVEL_MATRICES")
  BUILD_TAG=$(output version)
}
# job IMAGE LEVEL: the matrix job of IMAGE (root A for even levels, B for odd), dry then real
job() {
  local image=$1 level=$2
  runner "$([[ $((level % 2)) == 0 ]] && echo A || echo B)"
  step -i stack-image="$image" -i dry-run=true
  expect "job $image (dry run): step result" "$(cat "$STEP_OUT/result")" success
  expect "job $image (dry run): wrote nothing" "$(tag_digest "$image" "$BUILD_TAG")" ""
  step -i stack-image="$image" -i dry-run=false
  check_step_basics
  expect "job $image: tag-names (its build tag only)" "$(output tag-names | paste -sd' ')" "$BUILD_TAG"
  check "job $image: $image carries $BUILD_TAG" test -n "$(tag_digest "$image" "$BUILD_TAG")"
  expect "job $image: one build, of $image" \
    "$(jq -r '[.plan[] | select(.step == "build") | .stack_image] | join(",")' <<<"$(output stack)")" "$image"
  JOB_LOG[$image]=$STEP_OUT/log.txt
  forget "$image" "$BUILD_TAG"
}
# finish DRY_RESULT REAL_RESULT: the final step in root B, dry then real
finish_step() {
  runner B
  step -i stack-finish=true -i dry-run=true
  expect "finish (dry run): step result" "$(cat "$STEP_OUT/result")" "$1"
  step -i stack-finish=true -i dry-run=false
  expect "finish: step result" "$(cat "$STEP_OUT/result")" "$2"
  if [[ $2 == success ]]; then check_timings "$STEP_OUT"; fi
}

# 1. First push: every image builds, level by level.
plan
TAG1=$BUILD_TAG
expect "first push: the build tag" "$TAG1" "$CALVER-$SC_SHA7"
expect "first push: levels output" "$(output levels)" 3
expect "first push: level-builds output" "$(output level-builds)" "[1,2,1]"
expect "first push: the images of each level" "$(printf '%s;' "${LEVELS[@]}")" "base;notebook batch;ml;"
expect "first push: matrix output" "$(jq -c '[.include[] | "\(.level):\(.image)"]' <<<"$(output matrix)")" \
  '["0:base","1:notebook","1:batch","2:ml"]'
expect "first push: the plan wrote nothing" "$(tag_digest base "$TAG1")" ""
for level in "${!LEVELS[@]}"; do
  for image in ${LEVELS[$level]}; do
    job "$image" "$level"
    for i in "${IMAGES[@]}"; do
      expect "first push, after job $image: $i has no latest yet" "$(tag_digest "$i" latest)" ""
    done
  done
done
# ml's build took notebook from the registry: the daemon had none of the stack's images.
check "first push: ml's build named notebook's build tag as its context" \
  grep -qF -- "--build-context $PREFIX/notebook=docker-image://$PREFIX/notebook:$TAG1" "${JOB_LOG[ml]}"
finish_step success success
check_step_basics
for i in "${IMAGES[@]}"; do
  check "first push: $i carries $TAG1" test -n "$(tag_digest "$i" "$TAG1")"
  expect "first push: $i latest is its build" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG1")"
done
expect "first push: the final step built nothing" \
  "$(jq '[.plan[] | select(.step == "build" or .step == "push")] | length' <<<"$(output stack)")" 0
expect "first push: a pulled ml has notebook's file" \
  "$(host_docker run --rm --network none --pull always --entrypoint cat "$PREFIX/ml:latest" /etc/acme-stack/release.d/notebook 2>/dev/null)" "notebook=1.0"
forget ml latest

# 2. A commit changing notebook; ml's matrix job fails (it does not run).
echo 'notebook=1.1' >"$origin/images/notebook/release"
commit "notebook: 1.1"
plan
TAG2=$BUILD_TAG
expect "notebook change: level-builds output" "$(output level-builds)" "[0,1,1]"
expect "notebook change: decisions" \
  "$(jq -r '[.images[] | "\(.name)=\(.action)"] | join(" ")' <<<"$(output stack)")" \
  "base=retag notebook=build ml=build batch=retag"
job notebook 1
finish_step failure failure
check "notebook change: the final step names ml" grep -q "::error.*ml lacks the run's build tag $TAG2" "$STEP_OUT/log.txt"
for i in "${IMAGES[@]}"; do
  expect "notebook change, ml failed: $i latest stays on $TAG1" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG1")"
done
for i in base batch ml; do
  expect "notebook change, ml failed: $i has no $TAG2" "$(tag_digest "$i" "$TAG2")" ""
done

# 3. ml's job runs after all; the final step re-tags base and batch and moves every latest.
job ml 2
finish_step success success
check_step_basics
for i in "${IMAGES[@]}"; do
  check "notebook change: $i carries $TAG2" test -n "$(tag_digest "$i" "$TAG2")"
  expect "notebook change: $i latest is $TAG2" "$(tag_digest "$i" latest)" "$(tag_digest "$i" "$TAG2")"
done
for i in base batch; do
  expect "notebook change: $i re-tagged (its $TAG1 manifest)" "$(tag_digest "$i" "$TAG2")" "$(tag_digest "$i" "$TAG1")"
done
for i in notebook ml; do
  check "notebook change: $i rebuilt" test "$(tag_digest "$i" "$TAG2")" != "$(tag_digest "$i" "$TAG1")"
done
SC_ROOT=$scenario_root
finish
