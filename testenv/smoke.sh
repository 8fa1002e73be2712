#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Proves the test environment works, using only curl against the registry HTTP API (plus docker if dockerd
# is up): for each set-up it pushes a tiny image (config + one layer blob by POST+PUT monolithic upload, then
# a manifest), reads it back, re-tags it by manifest GET+PUT, and checks that wrong or missing credentials
# and a denied scope are refused. Secrets never appear on a command line (curl -K / -H @file).
# Usage: testenv/smoke.sh     (after testenv/up.sh); last line "N passed, M failed", exit 1 on any failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect() { # expect NAME GOT WANT
  if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi
}

T=$(mktemp -d "$STATE/smoke.XXXXXX")
trap 'rm -rf "$T"' EXIT
[[ -s $PASSWORD_FILE ]] || { echo "FAIL no password file (run testenv/up.sh)"; echo "0 passed, 1 failed"; exit 1; }
(umask 077
  printf 'user = "%s:%s"\n' "$TEST_USER" "$(<"$PASSWORD_FILE")" >"$T/good.curlrc"
  printf 'user = "%s:%s"\n' "$TEST_USER" "wrong-$RANDOM" >"$T/bad.curlrc")
TAG=t$(date +%s)-$$
REPO=smoke/tiny

# http METHOD URL [curl args]: body to $T/body, headers to $T/head, prints the status (000 = no answer).
http() {
  local m=$1 url=$2; shift 2
  rm -f "$T/body" "$T/head"
  curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -X "$m" "$@" "$url" || true
}
header() { { grep -i "^$1:" "$T/head" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; } 2>/dev/null || true; }
sha() { echo "sha256:$(sha256sum "$1" 2>/dev/null | cut -d' ' -f1)"; }

# --- a tiny image: one gzip layer, its config, a Docker schema 2 manifest ------------------------------
mkdir -p "$T/rootfs"
echo "hello from berth smoke $TAG" >"$T/rootfs/hello.txt"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$T/rootfs" -cf "$T/layer.tar" .
gzip -n -c "$T/layer.tar" >"$T/layer.tgz"
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["cat","/hello.txt"]},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$(sha "$T/layer.tar")" >"$T/config.json"
MT=application/vnd.docker.distribution.manifest.v2+json
printf '{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":%d,"digest":"%s"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":%d,"digest":"%s"}]}' \
  "$MT" "$(stat -c %s "$T/config.json")" "$(sha "$T/config.json")" "$(stat -c %s "$T/layer.tgz")" "$(sha "$T/layer.tgz")" >"$T/manifest.json"
ACCEPT="$MT,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json"

# push_and_check NAME BASEURL REPO AUTH...: blobs, manifest, read back, re-tag; AUTH = curl args.
push_and_check() {
  local name=$1 base=$2 repo=$3 f code loc; shift 3
  for f in config.json layer.tgz; do
    code=$(http POST "$base/v2/$repo/blobs/uploads/" "$@")
    loc=$(header location)
    [[ $loc == /* ]] && loc=$base$loc
    [[ $loc == *\?* ]] && loc+="&" || loc+="?"
    [[ $code == 202 ]] && code=$(http PUT "${loc}digest=$(sha "$T/$f")" -H 'Content-Type: application/octet-stream' \
      --data-binary "@$T/$f" "$@")
    expect "$name: upload blob $f (POST+PUT)" "$code" 201
  done
  code=$(http PUT "$base/v2/$repo/manifests/$TAG" -H "Content-Type: $MT" --data-binary "@$T/manifest.json" "$@")
  expect "$name: PUT manifest" "$code:$(header docker-content-digest)" "201:$(sha "$T/manifest.json")"
  code=$(http GET "$base/v2/$repo/manifests/$TAG" -H "Accept: $ACCEPT" "$@")
  cmp -s "$T/body" "$T/manifest.json" && code+=":same-bytes"
  expect "$name: GET manifest back" "$code:$(header content-type)" "200:same-bytes:$MT"
  code=$(http GET "$base/v2/$repo/blobs/$(sha "$T/layer.tgz")" -L "$@")
  expect "$name: GET layer blob back" "$code:$(sha "$T/body")" "200:$(sha "$T/layer.tgz")"
  http GET "$base/v2/$repo/manifests/$TAG" -H "Accept: $ACCEPT" "$@" >/dev/null
  cp "$T/body" "$T/got.json" 2>/dev/null || : >"$T/got.json"
  code=$(http PUT "$base/v2/$repo/manifests/$TAG-promoted" -H "Content-Type: $(header content-type)" \
    --data-binary "@$T/got.json" "$@")
  expect "$name: re-tag by manifest GET+PUT keeps the digest" "$code:$(header docker-content-digest)" \
    "201:$(sha "$T/manifest.json")"
  code=$(http GET "$base/v2/$repo/tags/list" "$@")
  expect "$name: tags/list has both tags" "$code:$(jq -r --arg t "$TAG" '[.tags[] | select(. == $t or . == $t + "-promoted")] | length' "$T/body" 2>/dev/null)" "200:2"
}

# token [curl args...]: GET a token (scopes in the args), write the Bearer header file $T/bearer, print status.
token() {
  local code
  rm -f "$T/bearer"
  code=$(http GET "http://$TOKENSRV_ADDR/token" -G --data-urlencode "service=$TOKEN_SERVICE" "$@")
  [[ $code == 200 ]] && printf 'Authorization: Bearer %s\n' "$(jq -r .token "$T/body")" >"$T/bearer"
  echo "$code"
}
jwt_access() { # the access claim of the token in $T/bearer, compact
  local p
  p=$(cut -d' ' -f3 "$T/bearer" 2>/dev/null | cut -d. -f2 | tr '_-' '/+') || true
  while ((${#p} % 4)); do p+="="; done
  { base64 -d <<<"$p" | jq -c '[.access[] | {name, actions}]'; } 2>/dev/null || echo "(no token)"
}
token_requests() { { curl -fsS "http://$TOKENSRV_ADDR/stats" | jq -e .requests; } 2>/dev/null || echo -1000; }

# --- plain: anonymous HTTP ------------------------------------------------------------------------------
P=http://$PLAIN_ADDR
expect "plain: GET /v2/ anonymous" "$(http GET "$P/v2/")" 200
push_and_check plain "$P" "$REPO"

# --- tls: basic auth (htpasswd bcrypt) over TLS ------------------------------------------------------------
S=https://$TLS_ADDR
code=$(http GET "$S/v2/" --cacert "$CA_CERT")
expect "tls: GET /v2/ without credentials -> 401 Basic" "$code:$(header www-authenticate | cut -d' ' -f1)" "401:Basic"
expect "tls: wrong password -> 401" "$(http GET "$S/v2/" --cacert "$CA_CERT" -K "$T/bad.curlrc")" 401
rc=0; curl -s -o /dev/null "$S/v2/" 2>/dev/null || rc=$?
expect "tls: unknown CA is rejected without --cacert (curl exit 60)" "$rc" 60
expect "tls: GET /v2/ with credentials" "$(http GET "$S/v2/" --cacert "$CA_CERT" -K "$T/good.curlrc")" 200
push_and_check tls "$S" "$REPO" --cacert "$CA_CERT" -K "$T/good.curlrc"

# --- token: bearer tokens from token_server.py ------------------------------------------------------------
K=http://$TOKEN_ADDR
before=$(token_requests)
code=$(http GET "$K/v2/")
expect "token: GET /v2/ anonymous -> 401 Bearer challenge" "$code:$(header www-authenticate)" \
  "401:Bearer realm=\"http://$TOKENSRV_ADDR/token\",service=\"$TOKEN_SERVICE\""
expect "token: wrong password -> 401 from token server" "$(token -K "$T/bad.curlrc" --data-urlencode "scope=repository:$REPO:pull")" 401
expect "token: token for pull,push" "$(token -K "$T/good.curlrc" --data-urlencode "scope=repository:$REPO:pull,push")" 200
push_and_check token "$K" "$REPO" -H "@$T/bearer"
expect "token: anonymous token" "$(token --data-urlencode "scope=repository:$REPO:pull")" 200
expect "token: anonymous token has no access, manifest GET -> 401" \
  "$(jwt_access):$(http GET "$K/v2/$REPO/manifests/$TAG" -H "Accept: $ACCEPT" -H "@$T/bearer")" "[]:401"
rm -f "$T/bearer"
code=$(http POST "http://$TOKENSRV_ADDR/token" --data-urlencode grant_type=password --data-urlencode "service=$TOKEN_SERVICE" \
  --data-urlencode "username=$TEST_USER" --data-urlencode "password@$PASSWORD_FILE" \
  --data-urlencode "scope=repository:$REPO:pull")
[[ $code == 200 ]] && printf 'Authorization: Bearer %s\n' "$(jq -r .access_token "$T/body")" >"$T/bearer"
expect "token: OAuth2 password grant (POST) token pulls" \
  "$code:$(http GET "$K/v2/$REPO/manifests/$TAG" -H "Accept: $ACCEPT" -H "@$T/bearer")" "200:200"
DENIED=${PULL_ONLY_REPO%%[ ,]*}
token -K "$T/good.curlrc" --data-urlencode "scope=repository:$REPO:pull" \
  --data-urlencode "scope=repository:$DENIED:pull,push" >/dev/null
expect "token: two scope params; pull-only repo gets only pull" "$(jwt_access)" \
  "[{\"name\":\"$REPO\",\"actions\":[\"pull\"]},{\"name\":\"$DENIED\",\"actions\":[\"pull\"]}]"
code=$(http POST "$K/v2/$DENIED/blobs/uploads/" -H "@$T/bearer")
expect "token: push to pull-only repo refused (401 insufficient_scope)" \
  "$code:$(header www-authenticate | grep -o 'error="[a-z_]*"')" '401:error="insufficient_scope"'
expect "token: pull on pull-only repo allowed (404 unknown, not 401)" \
  "$(http GET "$K/v2/$DENIED/manifests/latest" -H "Accept: $ACCEPT" -H "@$T/bearer")" 404
expect "token: server counted the 5 token requests" "$(($(token_requests) - before))" 5

# --- dockerd: login, build FROM the base image, push to the TLS registry ----------------------------------
if docker version >/dev/null 2>&1; then
  IMG=$TLS_ADDR/smoke/built:$TAG
  if docker login "$TLS_ADDR" -u "$TEST_USER" --password-stdin <"$PASSWORD_FILE" >"$T/log" 2>&1; then
    ok "docker: login --password-stdin to $TLS_ADDR"
  else bad "docker: login ($(tail -n 1 "$T/log"))"; fi
  if printf 'FROM %s\nRUN echo "%s" > /smoke.txt\n' "$BASE_IMAGE" "$TAG" |
    DOCKER_BUILDKIT=0 docker build -q --network host -t "$IMG" - >"$T/log" 2>&1; then
    ok "docker: build FROM $BASE_IMAGE"
  else bad "docker: build ($(tail -n 1 "$T/log"))"; fi
  if docker push "$IMG" >"$T/log" 2>&1; then ok "docker: push $IMG"; else bad "docker: push ($(tail -n 1 "$T/log"))"; fi
  expect "docker: pushed manifest readable with curl" \
    "$(http GET "$S/v2/smoke/built/manifests/$TAG" -H "Accept: $ACCEPT" --cacert "$CA_CERT" -K "$T/good.curlrc")" 200
  docker rmi "$IMG" >/dev/null 2>&1 || true
  docker logout "$TLS_ADDR" >/dev/null 2>&1 || true
else
  echo "SKIP docker checks: dockerd not answering at $DOCKER_HOST"
fi

echo "$pass passed, $fail failed"
((fail == 0))
