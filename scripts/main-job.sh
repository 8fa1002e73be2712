#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs berth's main job end to end on an embedded default, set-up included
# (as root, on Debian 12): a throwaway Docker daemon and a TLS registry with
# basic auth (testenv/), a sample app, then berth as the runner runs the
# action: a push of v1.2.3 (build, push, every tag), and a manual promotion
# of the calver build tag to YYYY.Q-stable, dry run first. Shows the outputs
# and what the registry holds, then stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\n== %s\n' "$*"; }

say "set-up: packages, berth, daemon and registry"
scripts/install-deps.sh --runtime
cmake -S . -B build-main -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_TESTS=OFF >/dev/null
cmake --build build-main -j"$(nproc)" --target berth >/dev/null
was_up=0
testenv/registry.sh status all >/dev/null 2>&1 && was_up=1
eval "$(testenv/up.sh --no-base)"
work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  [[ $was_up == 1 ]] || testenv/down.sh >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p "$work/app"
printf 'FROM scratch\nCOPY hello /hello\n' > "$work/app/Dockerfile"
echo "hello from berth's main job" > "$work/app/hello"
image="$BERTH_REG_TLS/alice/bot"

# run_action FIXTURE [NAME=VALUE...]: the action as the runner starts it: a
# bare environment with GITHUB_* and INPUT_* (hyphens kept), the password in
# the environment, never on a command line.
run_action() {
  local fixture=$1; shift
  : > "$work/output"; : > "$work/summary"
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$work" DOCKER_HOST="$DOCKER_HOST" \
    $(grep -v '^#' "testdata/events/$fixture.env" | sed "s#^GITHUB_EVENT_PATH=#GITHUB_EVENT_PATH=$root/testdata/events/#") \
    GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" RUNNER_TEMP="$work" \
    BERTH_CA_FILE="$BERTH_CA_CERT" INPUT_IMAGES="$image" INPUT_CONTEXT="$work/app" \
    INPUT_USERNAME="$BERTH_USER" INPUT_PASSWORD="$(cat "$BERTH_PASSWORD_FILE")" "$@" \
    build-main/berth
  echo "--- outputs"
  sed -n '/^json<</,/^berth_/!p' "$work/output" | grep -v '^berth_' | sed 's/<<berth_.*/:/'
}

say "push of v1.2.3 with calver: build, push, tag"
run_action push_tag_semver INPUT_CALVER=true
build_tag=$(grep -m1 -o '2023\.[0-9]-[0-9a-f]\{7\}' "$work/output")

say "promotion of $build_tag from a workflow_dispatch run: dry run"
run_action workflow_dispatch INPUT_PROMOTE="$build_tag" INPUT_DRY-RUN=true

say "promotion of $build_tag: for real"
run_action workflow_dispatch INPUT_PROMOTE="$build_tag"

say "what the registry holds ($image)"
# curl reads the credentials from stdin (-K -), so they stay off its argv.
registry_get() {
  printf 'user = "%s:%s"\n' "$BERTH_USER" "$(cat "$BERTH_PASSWORD_FILE")" |
    curl -sS -K - --cacert "$BERTH_CA_CERT" "$@"
}
for tag in $(registry_get "https://$BERTH_REG_TLS/v2/alice/bot/tags/list" | grep -o '"tags":\[[^]]*' | tr -d '"[' | cut -d: -f2 | tr ',' ' '); do
  digest=$(registry_get -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "https://$BERTH_REG_TLS/v2/alice/bot/manifests/$tag" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
  printf '  %-20s %s\n' "$tag" "$digest"
done
