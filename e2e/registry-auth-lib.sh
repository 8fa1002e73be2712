# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Helpers of the registry-auth scenarios (multi-registry, pr-private-base): the token-auth
# registry ($TOKEN_ADDR, plain HTTP on loopback, bearer tokens from the token server) read
# over its API, as the admin user (who may push where the token server lets ci only pull).
# Sourced after lib.sh, never run.
TOK=$TOKEN_ADDR

# tok_bearer REPO: a pull token for REPO, as the admin user (the password from a curlrc file)
tok_bearer() {
  local rc=$E2E_WORK/token.curlrc
  if [[ ! -s $rc ]]; then
    mkdir -p "$E2E_WORK"
    (umask 077 && printf 'user = "%s:%s"\nsilent\n' "$ADMIN_USER" "$(<"$PASSWORD_FILE")" >"$rc")
  fi
  curl -K "$rc" "http://$TOKENSRV_ADDR/token?service=$TOKEN_SERVICE&scope=repository:$1:pull" 2>/dev/null |
    jq -r '.token // .access_token // empty'
}
# tok_tags REPO: the repository's tags on the token registry, sorted, one per line
tok_tags() {
  local t
  t=$(tok_bearer "$1")
  curl -s -H "Authorization: Bearer $t" "http://$TOK/v2/$1/tags/list" 2>/dev/null |
    jq -r '.tags // [] | .[]' 2>/dev/null | LC_ALL=C sort
}
# tok_digest REPO TAG: the tag's Docker-Content-Digest on the token registry ("" when missing)
tok_digest() {
  local t
  t=$(tok_bearer "$1")
  curl -s -I -H "Authorization: Bearer $t" -H "Accept: $ACCEPT" -o /dev/null \
    -w '%header{docker-content-digest}' --fail "http://$TOK/v2/$1/manifests/$2" 2>/dev/null || true
}
# tok_users REPO: the users the token server issued REPO's tokens to, sorted, unique ("-" anonymous)
tok_users() {
  curl -s "http://$TOKENSRV_ADDR/stats" 2>/dev/null |
    jq -r --arg r "$1" '.log[] | select(any(.scopes[]; contains(":" + $r + ":"))) | (.user // "-")' |
    LC_ALL=C sort -u | paste -sd' '
}
# tok_host_login: the host docker CLI (private config) logged in to the token registry as admin
tok_host_login() {
  host_login >/dev/null 2>&1 || true
  host_docker login "$TOK" -u "$ADMIN_USER" --password-stdin <"$PASSWORD_FILE" >/dev/null 2>&1
}
# plan_logins STEP_OUT: the json output's login steps, "USER@HOST" each, in order
plan_logins() {
  jq -r '[.plan[] | select(.step == "login") | .argv as $a
    | "\($a[($a | index("--username")) + 1])@\($a[-1])"] | join(" ")' "$1/outputs/json" 2>/dev/null
}
# plan_kinds STEP_OUT: the json output's step kinds, in order
plan_kinds() { jq -r '[.plan[].step] | join(" ")' "$1/outputs/json" 2>/dev/null; }
# check_no_secret WHAT VALUE FILE...: VALUE appears in none of the files (the hidden ::add-mask::
# lines of the step log aside)
check_no_secret() {
  local what=$1 value=$2 f found=""; shift 2
  for f in "$@"; do
    [[ -f $f ]] || continue
    if grep -v '^::add-mask::' "$f" | grep -qF -- "$value"; then found+=" ${f#"$SC_ROOT"/}"; fi
  done
  if [[ -z $found ]]; then ok "$what is in no log, output or command line"; else bad "$what is in:$found"; fi
}
