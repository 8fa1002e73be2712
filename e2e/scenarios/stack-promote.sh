#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Promotion of a whole stack (issue 14 item 7), as the promotion workflow runs it
# (workflow_dispatch, `stack: true`, `promote: <build tag>`), on the sample stack of
# examples/stack (base, notebook FROM base, ml FROM notebook, batch FROM base):
#   1. every image is seeded under a build tag with the plain docker CLI (docker build in
#      dependency order, docker push of the build tag only), so this scenario does not
#      depend on berth's stack build;
#   2. a second build tag that ml lacks: the promotion fails, names ml and the tag, and
#      writes nothing to any image;
#   3. a dry run of the first build tag: success, every PUT shown, nothing written;
#   4. the real promotion: every image carries YYYY.Q-stable at its build's digest.
# e2e: no --dry-run variant (the scenario runs its own dry run before the real one)
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
new_scenario "stack-promote"
PREFIX=$REG/$SC_REPO
IMAGES=(base notebook ml batch)  # build order
TAG1=$CALVER-$SC_SHA7
TAG2=$CALVER-ba7c4e2
STABLE=$CALVER-stable

# The workspace: the sample stack, its images under this scenario's repository.
rm -rf "${SC_WS:?}"/* "$SC_WS"/.[!.]*
cp -a "$REPO_ROOT/examples/stack/." "$SC_WS/"
sed -i "1i prefix: $PREFIX" "$SC_WS/.github/berth-stack.yml"

# 1. Seed: docker build in dependency order (each child FROM its parent just built, found
# locally as PREFIX/NAME:latest), then push only the build tag.
host_login || { bad "docker login to $REG"; finish; }
seed() { # seed NAME
  local name=$1 ctx=$SC_WS/images/$1
  DOCKER_BUILDKIT=0 host_docker build -q --build-arg "DEBIAN_IMAGE=$BASE_IMAGE" \
    --build-arg "STACK_PREFIX=$PREFIX" -t "$PREFIX/$name:$TAG1" -t "$PREFIX/$name:latest" "$ctx" &&
    host_docker push -q "$PREFIX/$name:$TAG1"
}
for i in "${IMAGES[@]}"; do
  if seed "$i" >>"$SC_ROOT/seed.log" 2>&1; then ok "seeded $PREFIX/$i:$TAG1"
  else tail -n 5 "$SC_ROOT/seed.log"; bad "seeding $PREFIX/$i:$TAG1 with docker build + push"; finish; fi
done
declare -A BUILT
for i in "${IMAGES[@]}"; do BUILT[$i]=$(reg_digest "$SC_REPO/$i" "$TAG1"); done
check "the four builds differ" test "$(printf '%s\n' "${BUILT[@]}" | sort -u | wc -l)" = 4
# TAG2: every image but ml.
for i in base notebook batch; do
  { host_docker tag "$PREFIX/$i:$TAG1" "$PREFIX/$i:$TAG2" && host_docker push -q "$PREFIX/$i:$TAG2"; } \
    >>"$SC_ROOT/seed.log" 2>&1 || bad "seeding $PREFIX/$i:$TAG2"
done
for i in "${IMAGES[@]}"; do
  host_docker image rm "$PREFIX/$i:$TAG1" "$PREFIX/$i:$TAG2" "$PREFIX/$i:latest" >/dev/null 2>&1 || true
done
all_tags() { for i in "${IMAGES[@]}"; do printf '%s: %s\n' "$i" "$(reg_tags "$SC_REPO/$i" | paste -sd' ')"; done; }
before=$(all_tags)

promote_step() { # promote_step BUILD_TAG DRY
  event_dispatch refs/heads/main "$(jq -n --arg t "$1" --arg d "$2" '{tag: $t, "dry-run": $d}')"
  run_step --github event_name=workflow_dispatch --github ref=refs/heads/main --github sha="$SC_SHA" \
    --github workflow=promote -i registry="$REG" -i stack=true -i promote="$1" -i dry-run="$2"
}

# 2. ml lacks TAG2: nothing is written, and the error names ml and the tag.
promote_step "$TAG2" false
expect "missing build tag: step result" "$(cat "$STEP_OUT/result" 2>/dev/null)" failure
check "missing build tag: the error names the image ml" grep -q 'stack image "ml"' "$STEP_OUT/log.txt"
check "missing build tag: the error names the tag" grep -q "$SC_REPO/ml:$TAG2: not found" "$STEP_OUT/log.txt"
expect "missing build tag: no tag written to any image" "$(all_tags)" "$before"

# 3. The dry run of TAG1: every PUT shown, nothing written.
promote_step "$TAG1" true
check_step_basics
for i in "${IMAGES[@]}"; do
  check "dry run: shows the PUT of $i:$STABLE" grep -q "$PREFIX/$i:$STABLE would point at ${BUILT[$i]}" "$STEP_OUT/log.txt"
done
expect "dry run: promoted output lists every image" "$(output promoted)" \
  "$(for i in "${IMAGES[@]}"; do echo "$PREFIX/$i:$STABLE"; done)"
expect "dry run: nothing written" "$(all_tags)" "$before"

# 4. The real promotion.
promote_step "$TAG1" false
check_step_basics
check_timings "$STEP_OUT"
for i in "${IMAGES[@]}"; do
  expect "$i: $STABLE at its build's digest" "$(reg_digest "$SC_REPO/$i" "$STABLE")" "${BUILT[$i]}"
done
expect "json output: the stack file" "$(jq -r .stack "$STEP_OUT/outputs/json")" .github/berth-stack.yml
expect "json output: each image's name in the stack" \
  "$(jq -r '[.images[].stack_image] | join(" ")' "$STEP_OUT/outputs/json")" "${IMAGES[*]}"
got=$(host_docker pull -q "$PREFIX/ml:$STABLE" >/dev/null 2>&1 &&
  host_docker run --rm --network none "$PREFIX/ml:$STABLE" cat /etc/acme-stack/release.d/notebook 2>/dev/null)
check "the promoted ml pulls and runs (it carries notebook's release file: '$got')" test -n "$got"
finish
