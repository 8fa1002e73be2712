#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/release.sh against a temporary repository whose origin is a local bare
# repository: its refusals (nothing written), its dry run (every command shown, nothing
# written anywhere), and three real releases, whose git parts are carried out for real
# (commit, annotated and moving tags, one atomic push to the bare origin) and checked
# there. Only what needs GitHub is replaced: the ghcr.io image push (a fake
# release-image.sh that records how and from which commit it was called), the static
# builds (a fake build-static.sh writing a tiny ELF of the asked architecture; the real
# cross build is scripts/build-static.sh's own test) and the API (tests/release/fake_github.py,
# the same curl calls against loopback). CTest: release_script.
# Usage: tests/release/release_test.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-release-test.XXXXXX")
api_pid=""
cleanup() {
  [[ -n $api_pid ]] && kill "$api_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect() { if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi; }
contains() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else bad "$1 (no '$3' in the output)"; fi; }

# --- a repository shaped like berth's, and its bare origin ------------------------------------
work=$tmp/work origin=$tmp/origin.git fakes=$tmp/fakes
mkdir -p "$work/scripts" "$fakes"
cp "$root/action.yml" "$root/CMakeLists.txt" "$root/.gitignore" "$work/"
cp "$root/scripts/release.sh" "$work/scripts/"
git init -q -b main "$work"
git -C "$work" config user.name "release test"
git -C "$work" config user.email "release-test@example.invalid"
git -C "$work" add -A
git -C "$work" commit -q -m "berth at 0.1.0"
git -C "$work" tag -a v0.0.9 -m "an earlier release"
git init -q --bare "$origin"
git -C "$work" remote add origin "$origin"
git -C "$work" push -q origin main v0.0.9
base=$(git -C "$work" rev-parse HEAD)

# The fakes: each records what it was asked, from which commit, in which tree.
cat >"$fakes/release-image.sh" <<'EOF'
#!/usr/bin/env bash
# fake scripts/release-image.sh: records its call; "pushes" nothing anywhere
printf '%s|%s|%s|%s|%s\n' "$(git rev-parse HEAD)" "$(awk '/^[^ #]/ { r = /^runs:/ } r && /^  image:/' action.yml)" \
  "$(git status --porcelain | wc -l)" "${INPUT_USERNAME:-}:${#INPUT_PASSWORD}" "$*" >>"$FAKE_LOG/image-calls"
echo "fake release-image: $*" >&2
case " $* " in *" --dry-run "*) ;; *) echo "sha256:$(printf '%s' "$*" | sha256sum | cut -d' ' -f1)" ;; esac
EOF
cat >"$fakes/build-static.sh" <<'EOF'
#!/usr/bin/env bash
# fake scripts/build-static.sh: out/berth is a 120-byte static ELF of BERTH_TARGET_ARCH, then
# "berth <project version> <arch>"
set -euo pipefail
case ${BERTH_TARGET_ARCH:-} in amd64) m=0x3e ;; arm64) m=0xb7 ;; *) echo "bad arch" >&2; exit 1 ;; esac
v=$(sed -n 's/^project(berth VERSION \([^ ]*\) .*/\1/p' CMakeLists.txt)
# where the real one writes: out/berth for amd64, out/<arch>/berth for another
o=out/berth
[[ $BERTH_TARGET_ARCH == amd64 ]] || o=out/$BERTH_TARGET_ARCH/berth
mkdir -p "$(dirname "$o")"
python3 - "$m" "$o" "berth $v $BERTH_TARGET_ARCH" <<'PY'
import struct, sys
eh = b'\x7fELF' + bytes([2, 1, 1, 0]) + b'\0' * 8
eh += struct.pack('<HHIQQQIHHHHHH', 2, int(sys.argv[1], 16), 1, 0x400078, 64, 0, 0, 64, 56, 1, 0, 0, 0)
ph = struct.pack('<IIQQQQQQ', 1, 5, 0, 0x400000, 0x400000, 120, 120, 0x1000)
open(sys.argv[2], 'wb').write(eh + ph + sys.argv[3].encode() + b'\n')
PY
echo "$1" >>"$FAKE_LOG/build-dirs"
EOF
chmod +x "$fakes/release-image.sh" "$fakes/build-static.sh"
export FAKE_LOG=$tmp/log
mkdir -p "$FAKE_LOG"

# The fake GitHub API.
token="ghs_fake$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$tmp/api"
python3 "$here/fake_github.py" "$tmp/api" "$token" &
api_pid=$!
for ((i = 0; i < 100; i++)); do [[ -s $tmp/api/port ]] && break; sleep 0.05; done
[[ -s $tmp/api/port ]] || { echo "FAIL the fake GitHub API did not start"; exit 1; }
api=http://127.0.0.1:$(<"$tmp/api/port")

# release ARGS...: runs the clone's scripts/release.sh; OUT and RC are its output and status.
release() {
  OUT=$(cd "$work" && env GITHUB_REPOSITORY="${REPO-Example-Org/berth}" GITHUB_TOKEN="${TOKEN-$token}" \
    GITHUB_API_URL="$api" BERTH_RELEASE_WORK="$tmp/rw" \
    BERTH_RELEASE_IMAGE_SCRIPT="${IMAGE_SCRIPT-$fakes/release-image.sh}" \
    BERTH_RELEASE_BUILD_STATIC="$fakes/build-static.sh" scripts/release.sh "$@" 2>&1)
  RC=$?
}
# state: every ref here and on the origin, the work tree (ignored files too), what the fakes
# and the API were asked, and whether the release's work directory exists.
state() {
  git -C "$work" for-each-ref --format='%(refname) %(objectname)'
  git -C "$origin" for-each-ref --format='origin %(refname) %(objectname)'
  git -C "$work" status --porcelain --ignored
  cat "$tmp/api/requests.jsonl" "$FAKE_LOG/image-calls" "$FAKE_LOG/build-dirs" 2>/dev/null
  [[ -e $tmp/rw ]] && echo "work directory exists"
  true
}
# refused WHAT PATTERN ARGS...: the release fails, says PATTERN, and nothing changed.
refused() {
  local what=$1 pattern=$2 before; shift 2
  before=$(state)
  release "$@"
  if ((RC != 0)); then ok "$what: refused (exit $RC)"; else bad "$what: not refused"; fi
  contains "$what: the error says why" "$OUT" "$pattern"
  expect "$what: nothing written" "$(state)" "$before"
}

echo "== refusals"
refused "a two-part version" "--version: '1.2' is not MAJOR.MINOR.PATCH" --version 1.2
refused "a prerelease" "is not MAJOR.MINOR.PATCH" --version 1.0.0-rc.1
refused "a leading zero" "is not MAJOR.MINOR.PATCH" --version 01.2.0
refused "the last release again" "--version: 0.0.9 is not greater than the last release v0.0.9" --version v0.0.9
refused "an older version" "not greater than the last release v0.0.9" --version 0.0.8
REPO="" refused "no repository" "GITHUB_REPOSITORY: '' is not OWNER/REPO" --version 0.2.0
REPO="just-a-name" refused "a repository without owner" "GITHUB_REPOSITORY: 'just-a-name'" --version 0.2.0
refused "an image name no registry takes" "--image-name: 'ghcr.io/example-org/my..berth'" --version 0.2.0 --repository Example-Org/my..berth
refused "a bad --repository" "--repository: 'a/b/c' is not OWNER/REPO" --version 0.2.0 --repository a/b/c
TOKEN="" refused "no token" "GITHUB_TOKEN: not set" --version 0.2.0
IMAGE_SCRIPT=$tmp/missing refused "no release-image.sh" "no executable $tmp/missing" --version 0.2.0
refused "no such remote" "--remote: no remote 'upstream'" --version 0.2.0 --remote upstream
touch "$work/stray.txt"
refused "an untracked file" "the work tree has changes" --version 0.2.0
rm "$work/stray.txt"
git -C "$work" commit -q --allow-empty -m "not pushed"
refused "a HEAD the remote does not have" "is not origin's main" --version 0.2.0
git -C "$work" reset -q --hard "$base"

echo "== a failed image push"
printf '#!/bin/sh\necho "fake release-image: the registry said no" >&2\nexit 1\n' >"$fakes/failing-image.sh"
chmod +x "$fakes/failing-image.sh"
origin_before=$(git -C "$origin" for-each-ref --format='%(refname) %(objectname)')
IMAGE_SCRIPT=$fakes/failing-image.sh release --version 0.2.0
if ((RC != 0)); then ok "a failed image push: the release fails (exit $RC)"; else bad "a failed image push: the release went on"; fi
expect "a failed image push: the origin is untouched" "$(git -C "$origin" for-each-ref --format='%(refname) %(objectname)')" "$origin_before"
expect "a failed image push: no tag here" "$(git -C "$work" tag -l 'v0.2*')" ""
expect "a failed image push: no API call" "$(cat "$tmp/api/requests.jsonl" 2>/dev/null)" ""
contains "a failed image push: says how to start over" "$OUT" "git reset --hard $base && git tag -d v0.2.0; git fetch --force --tags origin"
git -C "$work" reset -q --hard "$base"
rm -rf "$tmp/rw" "$work/out"

echo "== dry run"
before=$(state)
IMAGE_SCRIPT=$tmp/missing release --version 0.2.0 --dry-run
expect "dry run without release-image.sh: exit status" "$RC" 0
contains "dry run without release-image.sh: its command is shown" "$OUT" \
  "+ $tmp/missing --version 0.2.0 --image ghcr.io/example-org/berth --push --attest --dry-run"
contains "dry run without release-image.sh: and said not to be run" "$OUT" "(not run: $tmp/missing is not here yet)"
TOKEN="" release --version 0.2.0 --dry-run
expect "dry run: exit status (no token needed)" "$RC" 0
dry_out=$OUT
printf '%s\n' "$dry_out" | sed 's/^/    | /'
contains "dry run: the version bump is shown" "$dry_out" "+project(berth VERSION 0.2.0 LANGUAGES CXX)"
contains "dry run: the action.yml bump is shown" "$dry_out" "+  image: 'docker://ghcr.io/example-org/berth:0.2.0'"
contains "dry run: the commit" "$dry_out" "+ git commit -q -m release\ 0.2.0:\ action.yml\ runs\ ghcr.io/example-org/berth:0.2.0"
contains "dry run: the amd64 build" "$dry_out" "+ env BERTH_TARGET_ARCH=amd64 $fakes/build-static.sh $tmp/rw/build-amd64"
contains "dry run: the arm64 binary's path" "$dry_out" "+ cp $work/out/arm64/berth $tmp/rw/dist/berth-linux-arm64"
contains "dry run: the arm64 build" "$dry_out" "+ env BERTH_TARGET_ARCH=arm64 $fakes/build-static.sh $tmp/rw/build-arm64"
contains "dry run: the sums" "$dry_out" 'sha256sum\ berth-linux-amd64\ berth-linux-arm64\ \>SHA256SUMS'
contains "dry run: the image, through release-image.sh's own dry run" "$dry_out" \
  "fake release-image: --version 0.2.0 --image ghcr.io/example-org/berth --push --attest --dry-run"
contains "dry run: the annotated tag" "$dry_out" "+ git tag -a v0.2.0 -m berth\ 0.2.0"
contains "dry run: the moving tags" "$dry_out" "+ git tag -f v0.2 HEAD"
contains "dry run: the moving tags" "$dry_out" "+ git tag -f v0 HEAD"
contains "dry run: one atomic push, the moving tags forced" "$dry_out" \
  "+ git push --atomic origin HEAD:refs/heads/main refs/tags/v0.2.0 +refs/tags/v0.2 +refs/tags/v0"
contains "dry run: the release, as a draft" "$dry_out" "-X POST $api/repos/Example-Org/berth/releases"
contains "dry run: the uploads" "$dry_out" "-X POST UPLOAD_URL\?name=SHA256SUMS"
contains "dry run: the publication" "$dry_out" "-X PATCH $api/repos/Example-Org/berth/releases/RELEASE_ID"
contains "dry run: says so" "$dry_out" "dry run done: nothing was committed, tagged, pushed or published"
after=$(state)
# The fake release-image.sh logs its dry-run call: that line aside, nothing changed anywhere.
expect "dry run: nothing written (refs, origin, work tree, API, builds, work directory)" \
  "$(grep -v -- '--dry-run$' <<<"$after")" "$before"
expect "dry run: release-image.sh called once, with --dry-run" "$(grep -c -- '--push --attest --dry-run$' <<<"$after")" 1
# Real runs get the token; a dry run with it must not print it either.
release --version 0.2.0 --dry-run
dry_with_token=$OUT
if grep -qF -- "$token" <<<"$dry_with_token"; then bad "dry run: the token is in the output"; else ok "dry run: the token is not in the output"; fi
: >"$FAKE_LOG/image-calls"

# commands OUTPUT: the "+ " lines, with what only a real run knows (the API's upload URL and
# release id, the image's digest in the notes) and the image script's --dry-run made alike.
commands() {
  # shellcheck disable=SC2016  # the backticks are the notes' markdown
  grep '^+ ' <<<"$1" | sed -e 's/ --dry-run$//' -e 's/ (index `sha256:[0-9a-f]*`)//' -e 's/   # INPUT_USERNAME, INPUT_PASSWORD in its environment$//' -e "s#http://127.0.0.1:[0-9]*/uploads/[^?\\]*#UPLOAD_URL#" \
    -e 's#/releases/[0-9][0-9]* #/releases/RELEASE_ID #'
}

runs_image() { awk '/^[^ #]/ { r = /^runs:/ } r && /^  image:/'; }
# released VERSION MAJOR.MINOR MAJOR: checks a release that just ran; COMMIT is its commit.
released() {
  local v=$1 mm=$2 m=$3 parent=$4 img="ghcr.io/example-org/berth:$1" line
  expect "$v: exit status" "$RC" 0
  COMMIT=$(git -C "$origin" rev-parse main)
  expect "$v: origin's main is one commit on the last" "$(git -C "$origin" rev-parse main^)" "$parent"
  expect "$v: the commit changes exactly CMakeLists.txt and action.yml" \
    "$(git -C "$origin" diff --name-only main^ main | paste -sd' ')" "CMakeLists.txt action.yml"
  expect "$v: its action.yml names the image" \
    "$(git -C "$origin" show main:action.yml | runs_image)" "  image: 'docker://$img'"
  contains "$v: its CMakeLists.txt has the version" "$(git -C "$origin" show main:CMakeLists.txt)" \
    "project(berth VERSION $v LANGUAGES CXX)"
  expect "$v: tag v$v is annotated" "$(git -C "$origin" cat-file -t "v$v")" tag
  expect "$v: tag v$v is the release commit" "$(git -C "$origin" rev-parse "v$v^{commit}")" "$COMMIT"
  expect "$v: tag v$mm is lightweight, at the release commit" \
    "$(git -C "$origin" cat-file -t "v$mm") $(git -C "$origin" rev-parse "v$mm")" "commit $COMMIT"
  expect "$v: tag v$m is lightweight, at the release commit" \
    "$(git -C "$origin" cat-file -t "v$m") $(git -C "$origin" rev-parse "v$m")" "commit $COMMIT"
  line=$(tail -n 1 "$FAKE_LOG/image-calls")
  expect "$v: release-image.sh ran on the release commit, clean, with action.yml naming the image" \
    "$(cut -d'|' -f1-3 <<<"$line")" "$COMMIT|  image: 'docker://$img'|0"
  expect "$v: release-image.sh got the credentials in its environment (user:length of the token)" \
    "$(cut -d'|' -f4 <<<"$line")" "Example-Org:${#token}"
  expect "$v: release-image.sh's arguments" "${line##*|}" "--version $v --image ${img%:*} --push --attest"
  contains "$v: the release notes name the image and its digest" "$(jq -r .json.body <<<"$(tail -n 5 "$tmp/api/requests.jsonl" | head -n 1)")" \
    "\`$img\` (index \`sha256:"
  expect "$v: the work tree is clean" "$(git -C "$work" status --porcelain)" ""
  if grep -qF -- "$token" <<<"$OUT"; then bad "$v: the token is in the output"; else ok "$v: the token is not in the output"; fi
  # The API: a draft release of the tag, three uploads to it, then published; all authorized.
  local reqs
  reqs=$(tail -n 5 "$tmp/api/requests.jsonl")
  expect "$v: the API calls" "$(jq -r '"\(.method) \(.path)\(if .query != "" then "?" + .query else "" end) \(.status)"' <<<"$reqs" | paste -sd,)" \
    "POST /repos/Example-Org/berth/releases 201,POST /uploads/repos/Example-Org/berth/releases/$5/assets?name=berth-linux-amd64 201,POST /uploads/repos/Example-Org/berth/releases/$5/assets?name=berth-linux-arm64 201,POST /uploads/repos/Example-Org/berth/releases/$5/assets?name=SHA256SUMS 201,PATCH /repos/Example-Org/berth/releases/$5 200"
  expect "$v: every call carried the token and the API version" "$(jq -r '"\(.auth) \(.api_version)"' <<<"$reqs" | sort -u)" "true 2022-11-28"
  expect "$v: created as a draft of tag v$v" "$(head -n 1 <<<"$reqs" | jq -c '.json | [.tag_name, .draft, .prerelease]')" "[\"v$v\",true,false]"
  expect "$v: then published as the latest" "$(tail -n 1 <<<"$reqs" | jq -c '.json')" '{"draft":false,"make_latest":"true"}'
  expect "$v: the uploaded sums check the uploaded binaries" \
    "$(cd "$tmp/api/assets" && sha256sum -c SHA256SUMS 2>&1 | paste -sd' ')" "berth-linux-amd64: OK berth-linux-arm64: OK"
  expect "$v: the amd64 binary is this version's" "$(tail -c +121 "$tmp/api/assets/berth-linux-amd64")" "berth $v amd64"
  expect "$v: the arm64 binary is this version's" "$(tail -c +121 "$tmp/api/assets/berth-linux-arm64")" "berth $v arm64"
}

echo "== release 0.2.0"
release --version 0.2.0
printf '%s\n' "$OUT" | sed 's/^/    | /'
released 0.2.0 0.2 0 "$base" 1
c1=$COMMIT
expect "0.2.0: the dry run printed the real run's commands" "$(commands "$dry_with_token")" "$(commands "$OUT")"
expect "0.2.0: the earlier release tag is untouched" "$(git -C "$origin" rev-parse 'v0.0.9^{commit}')" "$base"

echo "== release 0.2.1 (v0.2 and v0 move)"
release --version 0.2.1
released 0.2.1 0.2 0 "$c1" 2
c2=$COMMIT
expect "0.2.1: v0.2.0 stays where it was" "$(git -C "$origin" rev-parse 'v0.2.0^{commit}')" "$c1"

echo "== release 1.0.0 with a leading v (v1 and v1.0 new; v0 and v0.2 stay)"
release --version v1.0.0
released 1.0.0 1.0 1 "$c2" 3
expect "1.0.0: v0 stays at 0.2.1" "$(git -C "$origin" rev-parse v0)" "$c2"
expect "1.0.0: v0.2 stays at 0.2.1" "$(git -C "$origin" rev-parse v0.2)" "$c2"

echo "== after 1.0.0"
refused "a patch of an older line" "--version: 0.2.2 is not greater than the last release v1.0.0" --version 0.2.2
refused "the same version again" "not greater than the last release v1.0.0" --version 1.0.0

echo "== the API refuses the release after the push (a token without contents: write)"
TOKEN=ghs_not_the_right_one release --version 1.1.0
if ((RC != 0)); then ok "API refusal: the release fails (exit $RC)"; else bad "API refusal: the release went on"; fi
contains "API refusal: the API's answer is shown" "$OUT" "Bad credentials"
contains "API refusal: says what is left to do" "$OUT" "v1.1.0 and the branch are pushed, but the GitHub release is not complete"
expect "API refusal: the tags were pushed before" "$(git -C "$origin" rev-parse 'v1.1.0^{commit}')" "$(git -C "$origin" rev-parse main)"
if grep -qF ghs_not_the_right_one <<<"$OUT"; then bad "API refusal: the token is in the output"; else ok "API refusal: the token is not in the output"; fi

echo "release_test: $pass passed, $fail failed"
((fail == 0))
