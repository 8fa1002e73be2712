#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# e2e: no --dry-run variant
# One push to main writes one build to two registries with two sets of credentials: the TLS
# registry with username/password (ci), the token-auth registry with a registry-auth line (admin:
# the token server's log must show admin, never ci, for the repository). Dry run, then the real run carrying out the same plan. Then a registry-auth
# line with a wrong password: the run stops before the build, the error names registry-auth,
# its line and the registry, nothing is written, and the wrong password is printed nowhere.
# Usage: e2e/scenarios/multi-registry.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=SCRIPTDIR/../registry-auth-lib.sh
source "$(dirname "$0")/../registry-auth-lib.sh"
new_scenario multi-registry
event_push refs/heads/main
password=$(<"$PASSWORD_FILE")
images="$REG/$SC_REPO
$TOK/$SC_REPO"
run_planned_step false --github event_name=push --github ref=refs/heads/main --github sha="$SC_SHA" \
  -i images="$images" -i username="$TEST_USER" -i calver=true \
  -i registry-auth="# the token registry: its own user
registry=$TOK,username=$ADMIN_USER,password=$password" \
  -e BERTH_INSECURE_REGISTRIES="$TOK"

check_step_basics
tags=("$CALVER-$SC_SHA7" "sha-$SC_SHA7" latest)
expect "two logins, each registry with its own user" "$(plan_logins "$STEP_OUT")" \
  "$TEST_USER@$REG $ADMIN_USER@$TOK"
expect "the logins come first" "$(plan_kinds "$STEP_OUT" | cut -d' ' -f1-2)" "login login"
check_push_outcome false "${tags[@]}"
digest=$(output digest)
for t in "${tags[@]}"; do
  expect "token registry tag $t -> digest output" "$(tok_digest "$SC_REPO" "$t")" "$digest"
done
expect "the token registry has exactly these tags" "$(tok_tags "$SC_REPO" | paste -sd' ')" \
  "$(sorted_lines "${tags[@]}" | paste -sd' ')"
expect "the token server saw only $ADMIN_USER for $SC_REPO" "$(tok_users "$SC_REPO")" "$ADMIN_USER"
check_no_secret "the password" "$password" "$STEP_OUT"/log.txt "$STEP_OUT"/docker-cmd.txt \
  "$STEP_OUT"/outputs/* "$STEP_OUT"/summary.md
expect "nothing left in RUNNER_TEMP but the CA" "$(find "$SC_ROOT/work/_temp" -mindepth 1 -maxdepth 1 \
  ! -name ca.crt ! -name _github_home ! -name _github_workflow ! -name _runner_file_commands | wc -l)" 0
if grep -rqF -- "$password" "$SC_ROOT/work/_temp/_github_home" 2>/dev/null; then
  bad "the password is in a file under HOME"
else ok "no file under HOME holds the password"; fi

# A wrong password in the registry-auth line: stopped before any build, blamed on its line.
wrong=wrong-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
bad_repo=$SC_REPO-wrong
run_step --github event_name=push --github ref=refs/heads/main --github sha="$SC_SHA" \
  -i images="$REG/$bad_repo
$TOK/$bad_repo" -i username="$TEST_USER" \
  -i registry-auth="registry=$TOK,username=$ADMIN_USER,password=$wrong" \
  -e BERTH_INSECURE_REGISTRIES="$TOK"
expect "wrong password: the step fails" "$(cat "$STEP_OUT/result")" failure
if grep -q "registry-auth: line 1: $TOK/$bad_repo" "$STEP_OUT/log.txt"; then
  ok "the error names registry-auth, its line and the registry"
else bad "the error does not name registry-auth line 1 and $TOK: $(grep '::error' "$STEP_OUT/log.txt" | head -n 3)"; fi
if grep -q '::group::docker build' "$STEP_OUT/log.txt"; then
  bad "wrong password: a build ran"
else ok "wrong password: no build ran"; fi
expect "wrong password: nothing in the TLS registry" "$(reg_tags "$bad_repo" | paste -sd' ')" ""
expect "wrong password: nothing in the token registry" "$(tok_tags "$bad_repo" | paste -sd' ')" ""
check_no_secret "the wrong password" "$wrong" "$STEP_OUT"/log.txt "$STEP_OUT"/docker-cmd.txt
finish
