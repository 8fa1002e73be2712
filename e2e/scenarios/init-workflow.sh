#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The workflows `berth init` writes, run as the runner runs them (issue 16):
#   1. `berth init --calver` (the action image's own binary) in a fresh clone of the sample
#      app writes .github/workflows/berth.yml and berth-promote.yml;
#   2. the berth step's `with:` inputs are read from the written build workflow and the step
#      runs for a push to the default branch: a dry run, then the real push of
#      YYYY.Q-<sha>, sha-<sha> and latest;
#   3. the written promotion workflow's berth step, with the workflow_dispatch inputs it
#      declares (tag = the build tag, dry-run = its default, true): success, nothing written.
# Only the host changes, as everywhere in the harness: registry and image point at the test
# registry and this scenario's repository (the workflows use ghcr.io and the repository).
# e2e: no --dry-run variant (the scenario runs the written workflow's dry run, then the real one)
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
new_scenario "init-workflow"

# A fresh clone: the sample app, one commit at COMMIT_TIME, origin on GitHub.
git_ws() { git -C "$SC_WS" -c user.name=e2e -c user.email=e2e@example.invalid "$@"; }
git_ws init -q -b main
git_ws remote add origin https://github.com/e2e/sample-app.git
git_ws add -A
GIT_COMMITTER_DATE=$COMMIT_TIME GIT_AUTHOR_DATE=$COMMIT_TIME git_ws commit -q -m "the app"
SC_SHA=$(git_ws rev-parse HEAD); SC_SHA7=${SC_SHA:0:7}

# 1. berth init, by the binary the action image ships (the image the steps run, pulled as
# they pull it when action.yml names a published one).
((E2E_PULL)) && docker pull -q "$E2E_ACTION_IMAGE" >"$SC_ROOT/init-pull.log" 2>&1
if docker run --rm --network none -v "$SC_WS:/w" -w /w "$E2E_ACTION_IMAGE" init --calver >"$SC_ROOT/init.log" 2>&1; then
  ok "berth init --calver"
else
  cat "$SC_ROOT/init.log"; bad "berth init --calver"; finish
fi
build_wf=$SC_WS/.github/workflows/berth.yml
promote_wf=$SC_WS/.github/workflows/berth-promote.yml
check "wrote the build workflow" test -s "$build_wf"
check "wrote the promotion workflow" test -s "$promote_wf"

# step_inputs WORKFLOW INPUTS_JSON: the `with:` of the step that uses berth, one NAME=VALUE a
# line; ${{ inputs.X }} is taken from INPUTS_JSON (the workflow_dispatch inputs), any other
# expression is an error (the runner would evaluate it; this harness does not).
step_inputs() {
  python3 - "$1" "$2" <<'PY'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
inputs = json.loads(sys.argv[2])
def value(v):
    v = v.split(' #')[0].strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1]
    def expr(m):
        e = m.group(1).strip()
        if not e.startswith('inputs.'):
            sys.exit('unsupported expression ' + e)
        x = inputs[e[len('inputs.'):]]
        return str(x).lower() if isinstance(x, bool) else str(x)
    return re.sub(r'\$\{\{(.*?)\}\}', expr, v)
def indent(l):
    return len(l) - len(l.lstrip())
uses = None
for i, line in enumerate(lines):
    m = re.match(r'^(\s*)(- )?uses: (berth/berth@\S+)\s*$', line)
    if not m:
        continue
    uses = m.group(3)
    key_ind = len(m.group(1)) + (2 if m.group(2) else 0)  # the indent of the step's keys
    k = i + 1
    while k < len(lines):  # the step's keys after `uses:` (berth init writes `with:` last)
        l = lines[k]
        if l.strip() and indent(l) < key_ind:
            break
        if indent(l) == key_ind and l.strip() == 'with:':
            k += 1
            while k < len(lines) and (not lines[k].strip() or indent(lines[k]) > key_ind):
                if lines[k].strip() and not lines[k].strip().startswith('#'):
                    name, _, v = lines[k].strip().partition(':')
                    print(name.strip() + '=' + value(v))
                k += 1
            break
        k += 1
    break
if uses is None:
    sys.exit('no step uses berth/berth@...')
PY
}

# 2. The build workflow's step, for a push to main.
if build_inputs=$(step_inputs "$build_wf" '{}'); then ok "the build workflow's berth step: $(paste -sd' ' <<<"$build_inputs")"
else bad "reading the build workflow's berth step"; finish; fi
expect "the build step asks for calver" "$(grep -c '^calver=true$' <<<"$build_inputs")" 1
args=()
while IFS= read -r kv; do [[ -n $kv ]] && args+=(-i "$kv"); done <<<"$build_inputs"
event_push refs/heads/main
run_planned_step false --github event_name=push --github ref=refs/heads/main --github sha="$SC_SHA" \
  "${args[@]}" -i registry="$REG" -i image="$SC_REPO"
check_step_basics
check_tags_output "$REG/$SC_REPO" "$CALVER-$SC_SHA7" "sha-$SC_SHA7" latest
check_push_outcome false "$CALVER-$SC_SHA7" "sha-$SC_SHA7" latest

# 3. The promotion workflow's step, with its dispatch inputs' defaults (a dry run).
dispatch=$(jq -n --arg t "$CALVER-$SC_SHA7" '{tag: $t, "dry-run": true}')
if promote_inputs=$(step_inputs "$promote_wf" "$dispatch"); then ok "the promotion workflow's berth step: $(paste -sd' ' <<<"$promote_inputs")"
else bad "reading the promotion workflow's berth step"; finish; fi
args=()
while IFS= read -r kv; do [[ -n $kv ]] && args+=(-i "$kv"); done <<<"$promote_inputs"
before=$(reg_tags "$SC_REPO" | paste -sd' ')
event_dispatch refs/heads/main "$dispatch"
run_step --github event_name=workflow_dispatch --github ref=refs/heads/main --github sha="$SC_SHA" \
  --github workflow=promote "${args[@]}" -i registry="$REG" -i image="$SC_REPO"
check_step_basics
expect "promotion dry run: would promote" "$(output promoted)" "$REG/$SC_REPO:$CALVER-stable"
expect "promotion dry run: nothing written" "$(reg_tags "$SC_REPO" | paste -sd' ')" "$before"
finish
