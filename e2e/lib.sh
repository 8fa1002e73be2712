# shellcheck shell=bash
# shellcheck disable=SC2034  # SC_*, CALVER, STEP_RC are for the scenario scripts
# SPDX-License-Identifier: MIT
# Shared helpers of the e2e scenarios. Sourced, never run.
#   E2E_IMAGE    the action image under test (default berth:dev, from scripts/build-image.sh)
#   E2E_ACTION_YML  the action.yml whose runs.image the steps run (default the repository's):
#                docker://HOST/PATH:TAG is E2E_IMAGE published as $PLAIN_ADDR/PATH:TAG
#                (run-all.sh) and pulled by each step; a Dockerfile is E2E_IMAGE itself
#                (e2e/action-image.sh)
#   E2E_RUN_ID   names this harness run: registry repositories are e2e/<run id>/<scenario>
#   E2E_WORK     where scenario roots go (default $STATE/e2e/<run id>); kept for inspection
#   E2E_KEEP=1   keep the per-scenario runner roots even when everything passed
#   E2E_ENGINE   the daemon (e2e/engine.sh): 26-classic (default), 26-containerd, 20.10
#   E2E_SCENARIO_SUFFIX  appended to scenario names (run-all.sh sets it to the engine of
#                SCENARIO@ENGINE), so one scenario can run on several engines in one run
#   E2E_BUILD_NETWORK  the `network` input of every step (default host: the test daemons have
#                no bridge, so a RUN step on the default network fails); empty leaves it out
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$E2E_DIR/.." && pwd)
# shellcheck source=SCRIPTDIR/../testenv/env.sh
source "$REPO_ROOT/testenv/env.sh"
# shellcheck source=SCRIPTDIR/engine.sh
source "$E2E_DIR/engine.sh"
# shellcheck source=SCRIPTDIR/action-image.sh
source "$E2E_DIR/action-image.sh"

E2E_IMAGE=${E2E_IMAGE:-berth:dev}
E2E_ACTION_YML=${E2E_ACTION_YML:-$REPO_ROOT/action.yml}
action_image "$E2E_ACTION_YML" || exit 2
E2E_BUILD_NETWORK=${E2E_BUILD_NETWORK-host}
E2E_RUN_ID=${E2E_RUN_ID:-$(date +%Y%m%d-%H%M%S)-$$}
E2E_WORK=${E2E_WORK:-$STATE/e2e/$E2E_RUN_ID}
REG=$TLS_ADDR                       # basic auth over TLS, the test CA
COMMIT_TIME=2025-08-14T10:00:00+02:00   # calver 2025.3
CALVER=2025.3
export E2E_IMAGE E2E_ACTION_YML E2E_RUN_ID E2E_WORK

pass=0 fail=0
SCENARIO=${SCENARIO:-scenario}
ok() { pass=$((pass + 1)); echo "PASS $SCENARIO: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $SCENARIO: $*"; }
expect() { # expect WHAT GOT WANT
  if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi
}
check() { # check WHAT COMMAND...: passes when COMMAND succeeds
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi
}
finish() {
  echo "$SCENARIO: $pass passed, $fail failed"
  ((fail == 0)) && [[ ${E2E_KEEP:-0} != 1 ]] && rm -rf "$SC_ROOT"
  ((fail == 0))
}
sorted_lines() { printf '%s\n' "$@" | sed '/^$/d' | LC_ALL=C sort; }

# --- registry, read through its HTTP API with curl; the password stays in a curlrc file --------
ACCEPT='application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json'
curlrc() {
  local f=$E2E_WORK/registry.curlrc
  if [[ ! -s $f ]]; then
    mkdir -p "$E2E_WORK"
    (umask 077 && printf 'user = "%s:%s"\ncacert = "%s"\nsilent\n' "$TEST_USER" "$(<"$PASSWORD_FILE")" "$CA_CERT" >"$f")
  fi
  printf '%s' "$f"
}
# reg_tags REPO: the repository's tags, sorted, one per line (nothing when it does not exist)
reg_tags() {
  curl -K "$(curlrc)" "https://$REG/v2/$1/tags/list" 2>/dev/null | jq -r '.tags // [] | .[]' 2>/dev/null | LC_ALL=C sort
}
# reg_digest REPO TAG: Docker-Content-Digest of the tag's manifest ("" when missing)
reg_digest() {
  curl -K "$(curlrc)" -I -H "Accept: $ACCEPT" -o /dev/null -w '%header{docker-content-digest}' \
    --fail "https://$REG/v2/$1/manifests/$2" 2>/dev/null || true
}

# reg_manifest REPO REF: the manifest or index body, any of the four media types ("" when missing)
reg_manifest() {
  curl -K "$(curlrc)" -H "Accept: $ACCEPT" --fail "https://$REG/v2/$1/manifests/$2" 2>/dev/null || true
}
# reg_image_manifest REPO REF: the image manifest of REF; of an index, its linux/amd64 entry's
reg_image_manifest() {
  local body m
  body=$(reg_manifest "$1" "$2")
  m=$(jq -r 'if .manifests then [.manifests[] | select(.platform.os == "linux" and .platform.architecture == "amd64")][0].digest else "" end' <<<"$body" 2>/dev/null)
  if [[ -n $m && $m != null ]]; then reg_manifest "$1" "$m"; else printf '%s' "$body"; fi
}
# reg_media_type REPO REF: the Content-Type the registry serves REF with
reg_media_type() {
  curl -K "$(curlrc)" -I -H "Accept: $ACCEPT" -o /dev/null -w '%header{content-type}' \
    --fail "https://$REG/v2/$1/manifests/$2" 2>/dev/null || true
}
# reg_blob REPO DIGEST: a blob's bytes on stdout
reg_blob() { curl -K "$(curlrc)" -L --fail "https://$REG/v2/$1/blobs/$2" 2>/dev/null; }

# check_index REPO DIGEST PLATFORM... TAG...: DIGEST is an image index (OCI or Docker list) whose
# image manifests are exactly PLATFORM... (os/arch; attestation manifests, "unknown/unknown",
# left aside), each an image manifest the registry holds; every TAG (arguments after the
# platforms, which contain a /) resolves to DIGEST.
check_index() {
  local repo=$1 digest=$2 body type platforms=() tags=() a m want got; shift 2
  for a in "$@"; do if [[ $a == */* ]]; then platforms+=("$a"); else tags+=("$a"); fi; done
  if [[ $digest == sha256:* ]]; then ok "digest output $digest"; else bad "digest output '$digest'"; return; fi
  type=$(reg_media_type "$repo" "$digest")
  case $type in
    application/vnd.oci.image.index.v1+json* | application/vnd.docker.distribution.manifest.list.v2+json*)
      ok "the digest is an image index ($type)" ;;
    *) bad "the digest is not an image index (Content-Type '$type')"; return ;;
  esac
  body=$(reg_manifest "$repo" "$digest")
  expect "the index's bytes hash to the digest" "sha256:$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)" "$digest"
  want=$(sorted_lines "${platforms[@]}" | paste -sd' ')
  got=$(jq -r '.manifests[] | select(.platform.os != "unknown") | "\(.platform.os)/\(.platform.architecture)"' <<<"$body" |
    LC_ALL=C sort | paste -sd' ')
  expect "the index's platforms" "$got" "$want"
  while read -r m; do
    [[ -n $m ]] || continue
    expect "the index's manifest $m is in the registry" "$(reg_digest "$repo" "$m")" "$m"
  done < <(jq -r '.manifests[].digest' <<<"$body")
  for a in "${tags[@]}"; do expect "registry tag $a -> the index" "$(reg_digest "$repo" "$a")" "$digest"; done
}

# --- the host docker CLI against the test daemon, logged in through a private config ---------
host_docker() { DOCKER_CONFIG=$E2E_WORK/dockercfg docker "$@"; }
host_login() {
  mkdir -p "$E2E_WORK/dockercfg/cli-plugins"
  chmod 700 "$E2E_WORK/dockercfg"
  # buildx for the host side too (docker buildx prune, imagetools), where it is unpacked.
  [[ -x $E2E_BUILDX ]] && ln -sfn "$E2E_BUILDX" "$E2E_WORK/dockercfg/cli-plugins/docker-buildx"
  host_docker login "$REG" -u "$TEST_USER" --password-stdin <"$PASSWORD_FILE" >/dev/null 2>&1
}

# --- one scenario: a runner root with a checkout of the sample app -----------------------------
# new_scenario NAME: SC_ROOT, SC_WS (the checkout, a host path that is not /github/workspace),
# SC_REPO (registry repository), SC_SHA/SC_SHA7, SC_NONCE (written into hello.txt)
new_scenario() {
  SCENARIO=$1${E2E_SCENARIO_SUFFIX:+-$E2E_SCENARIO_SUFFIX}
  SC_ROOT=$E2E_WORK/$SCENARIO
  SC_WS=$SC_ROOT/work/sample-app/sample-app
  SC_REPO=e2e/$(printf '%s' "$E2E_RUN_ID" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9\n' '-')/$(printf '%s' "$SCENARIO" | tr -c 'a-z0-9\n' '-')
  SC_SHA=$(printf '%s' "$E2E_RUN_ID/$SCENARIO" | sha1sum | cut -c1-40)
  SC_SHA7=${SC_SHA:0:7}
  SC_NONCE=nonce-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
  rm -rf "$SC_ROOT"
  mkdir -p "$SC_WS" "$SC_ROOT/work/_temp"
  cp -a "$E2E_DIR/sample-app/." "$SC_WS/"
  printf '%s\n' "$SC_NONCE" >"$SC_WS/hello.txt"
  # The test CA in RUNNER_TEMP, as a workflow step before berth would put it:
  #   env: BERTH_CA_FILE: ${{ runner.temp }}/ca.crt   (reaches berth as /github/runner_temp/ca.crt)
  cp "$CA_CERT" "$SC_ROOT/work/_temp/ca.crt"
}

repository_json() {
  jq -n '{name: "sample-app", full_name: "e2e/sample-app", default_branch: "main",
          html_url: "https://github.com/e2e/sample-app", description: "berth e2e sample app",
          license: {key: "mit", spdx_id: "MIT"}, owner: {login: "e2e"}}'
}
# event_push REF: a push payload for SC_SHA at COMMIT_TIME
event_push() {
  jq -n --arg ref "$1" --arg sha "$SC_SHA" --arg t "$COMMIT_TIME" --argjson repo "$(repository_json)" \
    '{ref: $ref, before: "0000000000000000000000000000000000000000", after: $sha, repository: $repo,
      pusher: {name: "ci"}, sender: {login: "ci"},
      head_commit: {id: $sha, timestamp: $t, message: "e2e"},
      commits: [{id: $sha, timestamp: $t, message: "e2e"}]}' >"$SC_ROOT/event.json"
}
# event_pr NUMBER HEAD_SHA: a pull_request (synchronize) payload
event_pr() {
  jq -n --argjson n "$1" --arg head "$2" --arg t "$COMMIT_TIME" --argjson repo "$(repository_json)" \
    '{action: "synchronize", number: $n, repository: $repo, sender: {login: "ci"},
      pull_request: {number: $n, state: "open", title: "e2e change", updated_at: $t,
                     head: {ref: "feature/e2e", sha: $head}, base: {ref: "main", sha: "1111111111111111111111111111111111111111"}}}' \
    >"$SC_ROOT/event.json"
}
# event_dispatch REF INPUTS_JSON: a workflow_dispatch payload
event_dispatch() {
  jq -n --arg ref "$1" --argjson inputs "$2" --argjson repo "$(repository_json)" \
    '{ref: $ref, inputs: $inputs, repository: $repo, sender: {login: "ci"}, workflow: ".github/workflows/promote.yml"}' \
    >"$SC_ROOT/event.json"
}

# run_step [run-action.sh args...]: runs the action in SC_ROOT; STEP_OUT is its result directory,
# STEP_RC its exit status (0 = the runner would mark the step successful).
run_step() {
  STEP_OUT=$SC_ROOT/steps/$((${STEP_N:-0} + 1))
  STEP_N=$((${STEP_N:-0} + 1))
  set +e
  "$E2E_DIR/run-action.sh" --action-yml "$E2E_ACTION_YML" --root "$SC_ROOT" --workspace "$SC_WS" \
    --event "$SC_ROOT/event.json" --out "$STEP_OUT" --token-file "$PASSWORD_FILE" \
    -e "BERTH_CA_FILE=$SC_ROOT/work/_temp/ca.crt" ${E2E_BUILD_NETWORK:+-i "network=$E2E_BUILD_NETWORK"} "$@"
  STEP_RC=$?
  set -e
}
# run_planned_step DRY [run-action.sh args...]: with DRY=true, one dry run. Otherwise the step
# runs dry first and then for real in the same runner root, and the real run must carry out
# exactly the dry run's plan. STEP_OUT is the last run's.
run_planned_step() {
  local dry=$1 plan_out; shift
  run_step "$@" -i dry-run=true
  [[ $dry == true ]] && return
  plan_out=$STEP_OUT
  run_step "$@" -i dry-run=false
  check_plan_carried_out "$plan_out" "$STEP_OUT"
  check_timings "$STEP_OUT"
}

# check_plan_carried_out DRY_STEP_OUT REAL_STEP_OUT: the json outputs' plans have the same steps
# in the same order with the same arguments; the dry run ran none, the real run every one.
# One argument may differ: the created label's value, which is the clock's, read once per run, when
# the event names no commit time (a pull request's payload has none).
check_plan_carried_out() {
  local shape='[.plan[] | del(.status, .digest, .ms, .start_ms, .note, .build_steps, .result, .exit_code, .output)
    | if .argv then .argv |= map(sub("^org.opencontainers.image.created=.*"; "org.opencontainers.image.created=(the run'"'"'s clock)")) else . end]'
  local statuses='[.plan[].status] | unique | join(",")'
  local planned
  planned=$(jq -c "$shape" "$1/outputs/json" 2>/dev/null)
  if [[ -n $planned && $planned != '[]' ]]; then ok "the dry run shows a plan of $(jq length <<<"$planned") steps"
  else bad "the dry run's json output has no plan"; fi
  expect "the real run's steps are the dry run's plan (steps, order, arguments)" \
    "$(jq -c "$shape" "$2/outputs/json" 2>/dev/null)" "$planned"
  expect "the dry run carried out no step" "$(jq -r "$statuses" "$1/outputs/json")" planned
  expect "the real run carried out every step" "$(jq -r "$statuses" "$2/outputs/json")" done
}

# check_timings STEP_OUT: the job summary of a real run has its timings: a Gantt chart whose section
# "berth" has one bar for the checks and one per step of the plan, and the json output's timings.
# A BuildKit build's own steps are in sections of their own after it (check_build_steps).
check_timings() {
  local summary=$1/summary.md steps bars
  steps=$(jq '.plan | length' "$1/outputs/json")
  if grep -q '^#### Timings (' "$summary" 2>/dev/null; then ok "the job summary has a timings section"
  else bad "the job summary has no timings section"; fi
  bars=$(awk '/^```mermaid/{m=1; next} /^```/{m=0} /^  section /{b=($0 == "  section berth"); next}
    m && b && / :(crit, )?s[0-9]+, [0-9]+, [0-9]+$/' "$summary" | wc -l)
  expect "the timings chart has a bar for the checks and each of the $steps steps" "$bars" "$((steps + 1))"
  expect "json output: the steps' times add up to at most the total" \
    "$(jq '([.plan[].ms] | add) <= .timings.total_ms' "$1/outputs/json")" true
}

# check_build_steps STEP_OUT: a BuildKit build's Dockerfile steps, from its progress: the json
# output lists them under the build step (with their times, cached or not), and the job summary's
# chart draws them in a section "docker build... steps" and its table lists every one of them.
check_build_steps() {
  local json=$1/outputs/json summary=$1/summary.md listed drawn tabled
  listed=$(jq '[.plan[] | select(.step == "build") | .build_steps[]? | select(.dockerfile)] | length' "$json" 2>/dev/null)
  check "json output: the build lists its Dockerfile steps ($listed)" test "${listed:-0}" -gt 0
  expect "json output: every Dockerfile step has a time and a status" \
    "$(jq '[.plan[] | .build_steps[]? | select(.dockerfile) | select((.ms | type) != "number" or (.status | IN("done", "cached", "failed", "unfinished") | not))] | length' "$json")" 0
  drawn=$(awk '/^```mermaid/{m=1; next} /^```/{m=0} /^  section /{b=($0 ~ /^  section docker build.* steps/); next}
    m && b && /^  \[([^]]* )?[0-9]+\/[0-9]+\] .* \((cached|[0-9.]+ m?s|[0-9]+ min [0-9]+ s)\) :/' "$summary" | wc -l)
  check "the timings chart draws Dockerfile steps in a section of their own ($drawn)" test "$drawn" -gt 0
  tabled=$(grep -cE '^\| ↳ \[([^]]* )?[0-9]+/[0-9]+\] ' "$summary" || true)
  expect "the timings table lists every Dockerfile step of the build" "$tabled" "$listed"
}

# output NAME: the step output, exactly ("" when not set)
output() { if [[ -f $STEP_OUT/outputs/$1 ]]; then cat "$STEP_OUT/outputs/$1"; fi; }
has_output() { [[ -f $STEP_OUT/outputs/$1 ]]; }

# Checks every step of the action should pass.
check_step_basics() {
  expect "step result" "$(cat "$STEP_OUT/result" 2>/dev/null)" success
  # The password (standing in for github.token) is masked before anything else is printed and
  # never shows up in the log except in the ::add-mask:: command, which the runner hides.
  local password first
  password=$(<"$PASSWORD_FILE")
  first=$(head -n 1 "$STEP_OUT/log.txt")
  expect "::add-mask:: is the first line" "${first%%::add-mask::*}" ""
  if grep -v '^::add-mask::' "$STEP_OUT/log.txt" | grep -qF -- "$password"; then
    bad "the password appears in the log"
  else
    ok "the password is not in the log"
  fi
  if grep -qF -- "$password" "$STEP_OUT/docker-cmd.txt"; then bad "a secret is on the docker command line"
  else ok "no secret on the docker command line"; fi
  check_step_image
}

# check_step_image: the step ran the image action.yml names; for docker://, the image it pulled
# is the one published to the local registry under runs.image's path and tag.
check_step_image() {
  local published
  expect "the step ran runs.image's image ($E2E_RUNS_IMAGE)" "$(cat "$STEP_OUT/image.txt" 2>/dev/null)" "$E2E_ACTION_IMAGE"
  ((E2E_PULL)) || return 0
  published=$(published_digest)
  if [[ $published == sha256:* ]] && grep -qx -- "$PLAIN_ADDR/$E2E_ACTION_REPO@$published" "$STEP_OUT/pulled.txt"; then
    ok "the step pulled the published $E2E_ACTION_IMAGE ($published)"
  else
    bad "the step's image is not the published $E2E_ACTION_IMAGE (registry: '$published', pulled: '$(paste -sd' ' "$STEP_OUT/pulled.txt" 2>/dev/null)')"
  fi
  if grep -qi -- 'authorization\|unauthorized\|login' "$STEP_OUT/pull.txt"; then bad "the pull asked for credentials"
  else ok "the pull needed no credentials"; fi
}

# Checks for a step that ran docker build on the sample app: the build log's workflow commands
# (sample-app/Dockerfile prints some) reached the runner fenced, so it ignored them.
check_build_log_fenced() {
  if has_output injected; then bad "the build log set the step output 'injected' (docker's output is not fenced with ::stop-commands::)"
  else ok "the build log cannot set step outputs"; fi
  if grep -q 'injected from the dockerfile' "$STEP_OUT/commands.tsv"; then
    bad "the build log's ::warning:: reached the runner"
  else ok "the build log's workflow commands are ignored"; fi
}

# check_tags_output IMAGE_REF EXPECTED_TAG_NAMES...: tag-names and tags outputs
check_tags_output() {
  local image=$1; shift
  local want_names want_refs t
  want_names=$(sorted_lines "$@")
  want_refs=$(for t in "$@"; do echo "$image:$t"; done | LC_ALL=C sort)
  expect "tag-names output" "$(output tag-names | LC_ALL=C sort | paste -sd' ')" "$(printf '%s\n' "$want_names" | paste -sd' ')"
  expect "tags output" "$(output tags | LC_ALL=C sort | paste -sd' ')" "$(printf '%s\n' "$want_refs" | paste -sd' ')"
  expect "image output" "$(output image)" "$image"
  check "json output is JSON with the tags" jq -e '.tags | length > 0' "$STEP_OUT/outputs/json"
}

# check_push_outcome DRY TAG...: after a push step, a dry run left the registry empty and set no
# digest; a real one fenced the build log and pushed exactly TAG... at the digest output.
check_push_outcome() {
  local dry=$1; shift
  expect "push output" "$(output push)" true
  if [[ $dry == true ]]; then
    expect "dry run: nothing in the registry" "$(reg_tags "$SC_REPO" | paste -sd' ')" ""
    expect "dry run: no digest" "$(output digest)" ""
  else
    check_build_log_fenced
    check_pushed "$SC_REPO" "$(output digest)" "$@"
  fi
}

# check_pushed REPO DIGEST TAG...: each tag is in the registry at DIGEST; the pulled image runs
check_pushed() {
  local repo=$1 digest=$2 t got; shift 2
  if [[ $digest == sha256:* ]]; then ok "digest output $digest"; else bad "digest output '$digest'"; fi
  for t in "$@"; do expect "registry tag $t -> digest output" "$(reg_digest "$repo" "$t")" "$digest"; done
  expect "registry has exactly these tags" "$(reg_tags "$repo" | paste -sd' ')" "$(sorted_lines "$@" | paste -sd' ')"
  # Pull by the first tag after dropping the local image, run it, look at what it says.
  host_login || { bad "docker login to $REG"; return; }
  host_docker image rm -f "$(output imageid)" >/dev/null 2>&1 || true
  for t in "$@"; do host_docker image rm "$REG/$repo:$t" >/dev/null 2>&1 || true; done
  if host_docker pull -q "$REG/$repo:$1" >/dev/null 2>&1; then ok "docker pull $REG/$repo:$1"; else bad "docker pull $REG/$repo:$1"; return; fi
  got=$(host_docker run --rm --network none "$REG/$repo:$1" 2>/dev/null | tail -n 1)
  expect "the pulled image is this build (prints the workspace's nonce)" "$got" "$SC_NONCE"
  got=$(host_docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.revision"}}' "$REG/$repo:$1" 2>/dev/null)
  expect "label org.opencontainers.image.revision" "$got" "$SC_SHA"
  expect "the pulled image's repo digest" \
    "$(host_docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$REG/$repo:$1" | grep -c "@$digest$")" 1
}
