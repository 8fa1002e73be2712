#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# e2e: no --dry-run variant
# A pull request whose Dockerfile is FROM a base image in the token-auth registry, where an
# anonymous client may pull nothing. First with only the job's token (a ghs_ token, which berth
# sends only to GitHub's registries): no login, and the build fails on the pull. Then with a
# registry-auth line for that registry: berth logs in (the plan's only login), the build pulls the
# base and succeeds, and nothing is pushed anywhere; the password is printed nowhere.
# Usage: e2e/scenarios/pr-private-base.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=SCRIPTDIR/../registry-auth-lib.sh
source "$(dirname "$0")/../registry-auth-lib.sh"
new_scenario pr-private-base
password=$(<"$PASSWORD_FILE")
base=$TOK/$SC_REPO/base:1

# The private base: the local base image pushed to the token registry, then untagged, so that
# the daemon has to pull it by that name.
tok_host_login || { bad "docker login $TOK as $ADMIN_USER"; finish; exit 1; }
if host_docker tag "$BASE_IMAGE" "$base" && host_docker push -q "$base" >/dev/null 2>&1; then
  ok "the private base $base is in the token registry"
else bad "pushing the private base $base"; finish; exit 1; fi
host_docker image rm "$base" >/dev/null
expect "an anonymous client may not pull it" \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "Accept: $ACCEPT" "http://$TOK/v2/$SC_REPO/base/manifests/1")" 401
sed -i "s|^FROM .*|FROM $base|" "$SC_WS/Dockerfile"

head=$SC_SHA
merge=$(printf '%s' "$head-merge" | sha1sum | cut -c1-40)
event_pr 7 "$head"
pr=(--github event_name=pull_request --github ref=refs/pull/7/merge --github sha="$merge"
  --github head_ref=feature/e2e --github base_ref=main -i registry="$REG" -i image="$SC_REPO"
  -e BERTH_INSECURE_REGISTRIES="$TOK")

# 1. Only the job's token: not for this registry, so no login; the pull fails.
job_token=$E2E_WORK/job-token
(umask 077 && printf 'ghs_%s' "$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$job_token")
run_step "${pr[@]}" --token-file "$job_token" -i dry-run=false
expect "without credentials: the step fails" "$(cat "$STEP_OUT/result")" failure
expect "without credentials: no login in the plan" "$(plan_logins "$STEP_OUT")" ""
if grep -qiE 'unauthorized|denied|401|authoriz' "$STEP_OUT/log.txt"; then
  ok "without credentials: the log says the pull was refused"
else bad "without credentials: no refusal in the log: $(grep -i 'error' "$STEP_OUT/log.txt" | tail -n 3)"; fi
if grep -q "no login for $TOK\|berth has no credentials for $TOK" "$STEP_OUT/log.txt"; then
  ok "without credentials: berth names the registry it had no credentials for"
else bad "without credentials: berth does not name $TOK"; fi
check_no_secret "the job token" "$(<"$job_token")" "$STEP_OUT"/log.txt "$STEP_OUT"/docker-cmd.txt

# 2. With a registry-auth line: one login, read only; the build pulls the base; no push.
run_planned_step false "${pr[@]}" -i registry-auth="registry=$TOK,username=$ADMIN_USER,password=$password"
check_step_basics
expect "one login, to the base's registry" "$(plan_logins "$STEP_OUT")" "$ADMIN_USER@$TOK"
expect "the plan: log in, build; no push, no tag" "$(plan_kinds "$STEP_OUT")" "login build"
check_tags_output "$REG/$SC_REPO" pr-7 "sha-${head:0:7}"
expect "push output" "$(output push)" false
expect "no digest" "$(output digest)" ""
expect "nothing in the TLS registry" "$(reg_tags "$SC_REPO" | paste -sd' ')" ""
expect "the token registry holds only the base" "$(tok_tags "$SC_REPO/base" | paste -sd' ')" 1
check_build_log_fenced
got=$(docker run --rm --network none "$REG/$SC_REPO:pr-7" 2>/dev/null | tail -n 1)
expect "the built image is this build" "$got" "$SC_NONCE"
check_no_secret "the password" "$password" "$STEP_OUT"/log.txt "$STEP_OUT"/docker-cmd.txt \
  "$STEP_OUT"/outputs/* "$STEP_OUT"/summary.md
if grep -rqF -- "$password" "$SC_ROOT/work/_temp" --exclude=ca.crt 2>/dev/null; then
  bad "a file left under RUNNER_TEMP holds the password"
else ok "no file left under RUNNER_TEMP holds the password"; fi
finish
