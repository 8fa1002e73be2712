#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one step of the berth action the way actions/runner runs a container action
# (docs: /work/shared/reference/container-action-runtime.md, "CAR" below), against the
# test daemon, and reads the step's file commands back with the runner's rules.
#
#   e2e/run-action.sh --root DIR --workspace DIR --event FILE \
#       --github event_name=push --github ref=refs/heads/main --github sha=... \
#       [-i INPUT=VALUE]... [-e NAME=VALUE]... [--token-file FILE] [--out DIR]
#       [--action-yml FILE] [--image IMG [--pull]]
#
# The image is the one action.yml's runs.image names (e2e/action-image.sh): for
# docker://HOST/PATH:TAG the step pulls $PLAIN_ADDR/PATH:TAG first (the runner's "Pull" in
# "Set up job": no credentials, no --platform, up to three tries) and runs the pulled image;
# for a Dockerfile it runs E2E_IMAGE (default berth:dev), the harness's build of it.
# --image IMG runs IMG instead (pulled first with --pull).
#
# What it reproduces (CAR §2, §3, §5):
#   * the runner's directory layout under ROOT (ROOT/work/_temp/{_github_home,_github_workflow,
#     _runner_file_commands}), fresh set_output_/step_summary_/... files with a new GUID
#     per step, and the payload at _github_workflow/event.json
#   * the environment in the runner's order: env context (-e), INPUT_<NAME> for every input
#     declared in action.yml (spaces -> _, upper-cased, hyphens kept; the value, else the
#     default with ${{ github.actor }} / ${{ github.token }} evaluated, else ""), HOME forced,
#     GITHUB_*, RUNNER_*, ACTIONS_RUNTIME_*; then every value translated host -> container path
#   * `docker run --name <sanitized image>_<6 hex> --label <6 hex> --workdir /github/workspace
#     --rm -e NAME... -e GITHUB_ACTIONS=true -e CI=true [--network ...] -v <docker.sock>:
#     /var/run/docker.sock -v <temp>:/github/runner_temp -v <home> -v <workflow>
#     -v <file_commands> -v <workspace> IMAGE`: names only on the command line, the values in
#     the docker CLI's own environment; no -t, no -i
#   * after the run, GITHUB_OUTPUT parsed with the runner's rules (parse-file-command.awk):
#     a parse error fails the step even with exit code 0; the summary is dropped over 1 MiB;
#     workflow commands in the log (::set-output, ::stop-commands::, ##[...]) as the runner reads them
#
# Deviations (on purpose; see e2e/README.md): the socket mounted is a private test daemon's
# (E2E_ENGINE, e2e/engine.sh: Engine 26 classic store by default);
# --network host by default (E2E_NETWORK=runner leaves it out as the runner does, but then
# berth's own HTTPS calls cannot reach registries on the host's loopback); stdout and stderr
# are merged; masking is applied only to the saved log.masked.txt.
#
# Results in OUT (default ROOT/steps/<n>): outputs/<NAME> (exact bytes; GITHUB_OUTPUT over
# ::set-output from the log), outputs.list, commands.tsv (workflow commands the runner would
# act on, parse-log-commands.awk), summary.md, log.txt, log.masked.txt, docker-cmd.txt,
# env-names.txt, exit_code, result
# (success|failure). Prints the outputs; exits 0 when the step succeeded, 1 when it failed,
# 2 on a usage error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/../testenv/env.sh
source "$repo_root/testenv/env.sh"
# shellcheck source=SCRIPTDIR/engine.sh
source "$here/engine.sh"
# shellcheck source=SCRIPTDIR/action-image.sh
source "$here/action-image.sh"

usage() { sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

image="" pull=0
root="" workspace="" event="" out="" token_file=""
action_yml=$repo_root/action.yml
network=${E2E_NETWORK:-host}
timeout_s=${E2E_TIMEOUT:-900}
declare -A inputs=() github=()
env_names=() env_values=()
while (($#)); do
  case $1 in
    --image) image=$2; shift 2 ;;
    --pull) pull=1; shift ;;
    --root) root=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --event) event=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --token-file) token_file=$2; shift 2 ;;
    --action-yml) action_yml=$2; shift 2 ;;
    --network) network=$2; shift 2 ;;
    -i) [[ $2 == *=* ]] || usage; inputs[${2%%=*}]=${2#*=}; shift 2 ;;
    -e) [[ $2 == *=* ]] || usage; env_names+=("${2%%=*}"); env_values+=("${2#*=}"); shift 2 ;;
    --github) [[ $2 == *=* ]] || usage; github[${2%%=*}]=${2#*=}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "run-action: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ -n $root && -n $event ]] || usage
[[ -f $event ]] || { echo "run-action: no event payload at $event" >&2; exit 2; }
if [[ -z $image ]]; then
  action_image "$action_yml" || exit 2
  image=$E2E_ACTION_IMAGE pull=$E2E_PULL
fi
mkdir -p "$root"
root=$(cd "$root" && pwd)

# --- the runner's layout (CAR §2): <work>/_temp and its three sub-directories ----------------------
temp=$root/work/_temp
home_dir=$temp/_github_home
workflow_dir=$temp/_github_workflow
fc_dir=$temp/_runner_file_commands
mkdir -p "$home_dir" "$workflow_dir" "$fc_dir"
workspace=${workspace:-$root/work/repo/repo}
[[ -d $workspace ]] || { echo "run-action: no workspace at $workspace" >&2; exit 2; }
workspace=$(cd "$workspace" && pwd)
cp "$event" "$workflow_dir/event.json"

# A fresh GUID per step, and empty file-command files (FileCommandManager.InitializeFiles).
guid=$(cat /proc/sys/kernel/random/uuid)
for p in add_path_ set_env_ step_summary_ save_state_ set_output_; do : >"$fc_dir/$p$guid"; done
mkdir -p "$root/steps"
if [[ -z $out ]]; then
  n=$(find "$root/steps" -mindepth 1 -maxdepth 1 -type d | wc -l)
  out=$root/steps/$((n + 1))
fi
rm -rf "$out"
mkdir -p "$out/outputs"

# --- the environment, in the runner's order (CAR §3) ---------------------------------------------
declare -A envmap=()
order=()
put() { # put NAME VALUE: set, remembering first-insertion order
  [[ -v envmap[$1] ]] || order+=("$1")
  envmap[$1]=$2
}
# 1. env context: workflow/job/step env
for i in "${!env_names[@]}"; do put "${env_names[$i]}" "${env_values[$i]}"; done

# GitHub context (needed to evaluate input defaults), with defaults for a hosted runner.
gh() { printf '%s' "${github[$1]:-$2}"; }
github_token=""
[[ -n $token_file ]] && github_token=$(<"$token_file")
repository=$(gh repository e2e/sample-app)
ref=$(gh ref refs/heads/main)
case $ref in
  refs/heads/*) ref_name_default=${ref#refs/heads/} ref_type_default=branch ;;
  refs/tags/*) ref_name_default=${ref#refs/tags/} ref_type_default=tag ;;
  refs/pull/*) ref_name_default=${ref#refs/pull/} ref_type_default=branch ;;
  *) ref_name_default=$ref ref_type_default=branch ;;
esac

# 3. INPUT_<NAME> for every input action.yml declares: the `with:` value, else the default.
#    A line scan of action.yml's inputs: "  name:" entries and their "    default:" lines.
declared=()
declare -A defaults=()
while IFS=$'\t' read -r name def; do
  declared+=("$name")
  defaults[$name]=$def
done < <(awk '
  function unq(v) {
    if (v ~ /^'\''.*'\''$/) { v = substr(v, 2, length(v) - 2); gsub(/'\'''\''/, "'\''", v) }
    else if (v ~ /^".*"$/) v = substr(v, 2, length(v) - 2)
    return v
  }
  /^[^ #]/ { sec = $0; sub(/:.*/, "", sec); next }
  sec == "inputs" && /^  [^ #][^:]*:[ ]*$/ { if (name != "") print name "\t" def; name = $1; sub(/:$/, "", name); def = ""; next }
  sec == "inputs" && /^    default:/ { v = $0; sub(/^    default:[ ]*/, "", v); def = unq(v) }
  END { if (name != "") print name "\t" def }' "$action_yml")
((${#declared[@]} > 0)) || { echo "run-action: no inputs found in $action_yml" >&2; exit 2; }
for name in "${!inputs[@]}"; do
  [[ -v defaults[$name] ]] || echo "##[warning]Unexpected input(s) '$name', valid inputs are [$(IFS=,; echo "${declared[*]}")]" >&2
done
# shellcheck disable=SC2016  # the ${{ }} expressions are literal text here
eval_default() { # the expression contexts input defaults may use (github.*), as far as berth's are concerned
  local v=$1
  v=${v//'${{ github.actor }}'/$(gh actor ci)}
  v=${v//'${{ github.token }}'/$github_token}
  v=${v//'${{ github.repository }}'/$repository}
  if [[ $v == *'${{'* ]]; then echo "run-action: cannot evaluate default '$1'" >&2; exit 2; fi
  printf '%s' "$v"
}
input_var() { local n=${1// /_}; printf 'INPUT_%s' "${n^^}"; }
for name in "${declared[@]}"; do
  if [[ -v inputs[$name] ]]; then put "$(input_var "$name")" "${inputs[$name]}"
  else put "$(input_var "$name")" "$(eval_default "${defaults[$name]}")"; fi
done
for name in "${!inputs[@]}"; do # undeclared `with:` keys are exported too
  [[ -v defaults[$name] ]] || put "$(input_var "$name")" "${inputs[$name]}"
done
# 5. HOME is forced
put HOME "$home_dir"
# 6. GITHUB_* from the github context (allow-list; no GITHUB_TOKEN)
put GITHUB_ACTION "$(gh action __self)"
put GITHUB_ACTOR "$(gh actor ci)"
put GITHUB_ACTOR_ID "$(gh actor_id 1)"
put GITHUB_API_URL "$(gh api_url https://api.github.com)"
put GITHUB_BASE_REF "$(gh base_ref '')"
put GITHUB_ENV "$fc_dir/set_env_$guid"
put GITHUB_EVENT_NAME "$(gh event_name push)"
put GITHUB_EVENT_PATH "$workflow_dir/event.json"
put GITHUB_GRAPHQL_URL "$(gh graphql_url https://api.github.com/graphql)"
put GITHUB_HEAD_REF "$(gh head_ref '')"
put GITHUB_JOB "$(gh job e2e)"
put GITHUB_OUTPUT "$fc_dir/set_output_$guid"
put GITHUB_PATH "$fc_dir/add_path_$guid"
put GITHUB_REF "$ref"
put GITHUB_REF_NAME "$(gh ref_name "$ref_name_default")"
put GITHUB_REF_PROTECTED "$(gh ref_protected false)"
put GITHUB_REF_TYPE "$(gh ref_type "$ref_type_default")"
put GITHUB_REPOSITORY "$repository"
put GITHUB_REPOSITORY_ID "$(gh repository_id 1000)"
put GITHUB_REPOSITORY_OWNER "$(gh repository_owner "${repository%%/*}")"
put GITHUB_REPOSITORY_OWNER_ID "$(gh repository_owner_id 1001)"
put GITHUB_RETENTION_DAYS "$(gh retention_days 90)"
put GITHUB_RUN_ATTEMPT "$(gh run_attempt 1)"
put GITHUB_RUN_ID "$(gh run_id 4711)"
put GITHUB_RUN_NUMBER "$(gh run_number 17)"
put GITHUB_SERVER_URL "$(gh server_url https://github.com)"
put GITHUB_SHA "$(gh sha 0000000000000000000000000000000000000000)"
put GITHUB_STATE "$fc_dir/save_state_$guid"
put GITHUB_STEP_SUMMARY "$fc_dir/step_summary_$guid"
put GITHUB_TRIGGERING_ACTOR "$(gh triggering_actor "$(gh actor ci)")"
put GITHUB_WORKFLOW "$(gh workflow e2e)"
put GITHUB_WORKFLOW_REF "$(gh workflow_ref "$repository/.github/workflows/e2e.yml@$ref")"
put GITHUB_WORKFLOW_SHA "$(gh workflow_sha "$(gh sha 0000000000000000000000000000000000000000)")"
put GITHUB_WORKSPACE "$workspace"
# 7. RUNNER_* (RUNNER_WORKSPACE and RUNNER_TOOL_CACHE stay host paths, as on a real runner)
put RUNNER_OS Linux
put RUNNER_ARCH X64
put RUNNER_NAME e2e-runner
put RUNNER_ENVIRONMENT self-hosted
put RUNNER_TEMP "$temp"
put RUNNER_TOOL_CACHE /opt/hostedtoolcache
put RUNNER_WORKSPACE "$(dirname "$workspace")"
# 8. runtime services: dummies on a closed loopback port
put ACTIONS_RUNTIME_URL http://127.0.0.1:9/
put ACTIONS_RUNTIME_TOKEN e2e-runtime-token
put ACTIONS_RESULTS_URL http://127.0.0.1:9/

# 9. host -> container path translation of every value; most specific mapping first
maps_host=("$fc_dir" "$workflow_dir" "$home_dir" "$workspace" "$temp")
maps_ctr=(/github/file_commands /github/workflow /github/home /github/workspace /github/runner_temp)
translate() {
  local v=$1 i
  for i in "${!maps_host[@]}"; do
    if [[ $v == "${maps_host[$i]}" ]]; then printf '%s' "${maps_ctr[$i]}"; return; fi
    if [[ $v == "${maps_host[$i]}/"* ]]; then printf '%s' "${maps_ctr[$i]}${v#"${maps_host[$i]}"}"; return; fi
  done
  printf '%s' "$v"
}

# --- the image: pulled as the runner pulls a docker:// action (CAR §1) ---------------------------
printf '%s\n' "$image" >"$out/image.txt"
if ((pull)); then
  # No credentials: an empty private config, so nothing a test logged in to can help.
  mkdir -p "$out/pull-config"
  echo "[command]docker pull $image"
  for try in 1 2 3; do
    env -i PATH="$PATH" DOCKER_HOST="$DOCKER_HOST" DOCKER_CONFIG="$out/pull-config" \
      docker pull "$image" >>"$out/pull.txt" 2>&1 && rc=0 || rc=$?
    ((rc == 0)) && break
    echo "##[warning]Docker pull failed with exit code $rc, back off before retry (try $try)"
    sleep 1
  done
  rm -rf "$out/pull-config"
  sed 's/^/  | /' "$out/pull.txt"
  if ((rc != 0)); then
    echo "##[error]Docker pull failed with exit code $rc"
    echo "$rc" >"$out/exit_code"
    echo failure >"$out/result"
    echo "step result: failure (the image did not pull)"
    exit 1
  fi
  docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$image" >"$out/pulled.txt"
fi

# --- docker run (CAR §2) -------------------------------------------------------------------------
envp=()
for name in "${order[@]}"; do envp+=("$name=$(translate "${envmap[$name]}")"); done
sanitized=$(printf '%s' "$image" | tr -cd 'A-Za-z0-9_' | sed 's/^[0-9]*//')
cname=${sanitized}_$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')
label=$(printf '%s' "$root" | sha256sum | cut -c1-6)
args=(run --name "$cname" --label "$label" --workdir /github/workspace --rm)
for name in "${order[@]}"; do args+=(-e "$name"); done
args+=(-e GITHUB_ACTIONS=true)
[[ -v envmap[CI] ]] || args+=(-e CI=true)
[[ $network == runner ]] || args+=(--network "$network")
args+=(-v "$DOCKER_SOCK:/var/run/docker.sock"
  -v "$temp:/github/runner_temp"
  -v "$home_dir:/github/home"
  -v "$workflow_dir:/github/workflow"
  -v "$fc_dir:/github/file_commands"
  -v "$workspace:/github/workspace"
  "$image")
printf '%q ' docker "${args[@]}" >"$out/docker-cmd.txt"
printf '%s\n' "${order[@]}" >"$out/env-names.txt"
echo "[command]$(cat "$out/docker-cmd.txt")"

# The docker CLI gets exactly the step's variables plus what it needs to reach the test daemon.
# On a real runner the CLI's own environment is the runner's; DOCKER_HOST here is the private daemon.
set +e
env -i PATH="$PATH" DOCKER_HOST="$DOCKER_HOST" DOCKER_CONFIG="$DOCKER_CONFIG" "${envp[@]}" \
  timeout -s INT -k 10 "$timeout_s" docker "${args[@]}" >"$out/log.txt" 2>&1 </dev/null &
pid=$!
tail -f --pid="$pid" -n +1 "$out/log.txt" 2>/dev/null | sed 's/^/  | /'
wait "$pid"
rc=$?
set -e
echo "$rc" >"$out/exit_code"

# --- after the step (CAR §5): file commands, then the result ------------------------------------
result=success
((rc == 0)) || result=failure
if ! LC_ALL=C awk -v OUT="$out/outputs" -f "$here/parse-file-command.awk" "$fc_dir/set_output_$guid" \
  >"$out/outputs.list" 2>"$out/outputs.err"; then
  echo "##[error]$(cat "$out/outputs.err")"
  result=failure
fi
# Workflow commands in the log (ActionCommandManager): the deprecated ::set-output still sets
# outputs, under the file's values (file commands are processed after the process exits).
mkdir -p "$out/log-outputs"
LC_ALL=C awk -v OUT="$out/log-outputs" -f "$here/parse-log-commands.awk" "$out/log.txt" >"$out/commands.tsv"
for f in "$out/log-outputs"/*; do
  [[ -e $f ]] || continue
  name=${f##*/}
  [[ -e $out/outputs/$name ]] || { cp "$f" "$out/outputs/$name"; echo "$name" >>"$out/outputs.list"; }
done
summary_bytes=$(stat -c %s "$fc_dir/step_summary_$guid")
if ((summary_bytes > 1048576)); then
  echo "##[error]\$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got $((summary_bytes / 1024))k"
else
  cp "$fc_dir/step_summary_$guid" "$out/summary.md"
fi
cp "$fc_dir/set_output_$guid" "$out/set_output.raw"
# The log as the runner would show it: ::add-mask:: values replaced by ***, the command itself hidden.
LC_ALL=C awk '
  function mask(s, m,   out, k) {
    out = ""
    while ((k = index(s, m)) > 0) { out = out substr(s, 1, k - 1) "***"; s = substr(s, k + length(m)) }
    return out s
  }
  /^[ \t]*::add-mask::/ { v = $0; sub(/^[ \t]*::add-mask::/, "", v); if (v != "") masks[++n] = v; next }
  { line = $0; for (i = 1; i <= n; i++) line = mask(line, masks[i]); print line }' \
  "$out/log.txt" >"$out/log.masked.txt"
echo "$result" >"$out/result"

echo "step result: $result (exit code $rc)"
echo "outputs:"
sort -u "$out/outputs.list" | while IFS= read -r name; do
  value=$(cat "$out/outputs/$name"; printf x)
  value=${value%x}
  if [[ $value == *$'\n'* ]]; then
    printf '  %s:\n' "$name"
    printf '%s\n' "$value" | sed 's/^/    /'
  else
    printf '  %s=%s\n' "$name" "$value"
  fi
done
[[ $result == success ]]
