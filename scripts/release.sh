#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Releases berth X.Y.Z from the checked-out branch (release.yml runs it on main):
#   1. checks, writing nothing: the version (MAJOR.MINOR.PATCH, greater than the last
#      vX.Y.Z tag on the remote), a clean work tree whose HEAD is the remote branch's head,
#      the repository (GITHUB_REPOSITORY), the token, the tools and scripts it calls
#   2. the release commit, locally: CMakeLists.txt's project VERSION and action.yml's
#      runs.image (docker://ghcr.io/<owner>/<repo>:X.Y.Z, lowercased) together, so the
#      binary's --version, the image tag and action.yml agree (src/app/action_image_test.cpp)
#   3. the static CLI binaries of that commit, linux amd64 and arm64
#      (BERTH_TARGET_ARCH=amd64|arm64 scripts/build-static.sh), and their SHA256SUMS
#   4. the two-platform action image of that commit, built by berth and pushed to ghcr.io
#      with provenance and an SBOM (scripts/release-image.sh --version X.Y.Z
#      --image ghcr.io/<owner>/<repo> --push --attest: tags X.Y.Z, X.Y, X, latest)
#   5. tags: vX.Y.Z annotated (the release: who, when, what; immutable), vX.Y and vX
#      lightweight (moving pointers to the same commit, forced)
#   6. one atomic push of the branch and the three tags: all land or none does
#   7. the GitHub release of vX.Y.Z (REST API with curl): created as a draft, the binaries
#      and SHA256SUMS uploaded, then published, so nobody sees it without its assets
# The commit is made before the builds (and pushed after them) so that the image and the
# binaries are built from exactly the commit the tag will name, with the version in it; the
# first write anywhere else is the image push, after every local build has succeeded, and the
# branch and tags are pushed only once the image they name exists. If the push fails (the
# branch moved), nothing is tagged on the remote; a rerun rebuilds and pushes the image again.
#
# Usage: scripts/release.sh --version X.Y.Z [--dry-run] [--repository OWNER/REPO]
#                           [--remote NAME] [--image-name NAME]
#   --dry-run          print every command and run none that writes: no commit, tag, push,
#                      image push or release (release-image.sh runs with --dry-run too);
#                      it reads the remote's refs
#   --repository       default $GITHUB_REPOSITORY; the image is ghcr.io/<it, lowercased>
#   --remote           default origin
#   --image-name       default ghcr.io/<repository, lowercased>
# Environment: GITHUB_TOKEN (the release; release-image.sh logs in with it, as GITHUB_ACTOR or
# the owner), GITHUB_API_URL
# (default https://api.github.com), BERTH_RELEASE_WORK (binaries and API answers; default
# $RUNNER_TEMP or $TMPDIR, berth-release-X.Y.Z). Tests replace what this machine cannot
# reach: BERTH_RELEASE_IMAGE_SCRIPT (default scripts/release-image.sh),
# BERTH_RELEASE_BUILD_STATIC (default scripts/build-static.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

say() { printf 'release: %s\n' "$*"; }
die() { printf 'release: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '/^# Usage:/,/^# BERTH_RELEASE_BUILD_STATIC/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

version="" dry=0 repository=${GITHUB_REPOSITORY:-} repository_from=GITHUB_REPOSITORY remote=origin image_name=""
while (($#)); do
  case $1 in
    --version) [[ $# -ge 2 ]] || usage; version=$2; shift 2 ;;
    --dry-run) dry=1; shift ;;
    --repository) [[ $# -ge 2 ]] || usage; repository=$2; repository_from=--repository; shift 2 ;;
    --remote) [[ $# -ge 2 ]] || usage; remote=$2; shift 2 ;;
    --image-name) [[ $# -ge 2 ]] || usage; image_name=$2; shift 2 ;;
    -h | --help) usage ;;
    *) echo "release: unknown argument '$1'" >&2; usage ;;
  esac
done

# run CMD...: prints the command; runs it unless this is a dry run.
run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  ((dry)) || "$@"
}
# run_api METHOD URL [curl args...]: a GitHub API call. The token goes to curl on stdin as a
# config line, never on its command line; the answer is written to $work/api.json.
run_api() {
  local method=$1 url=$2; shift 2
  printf '+ curl --config - -sS --fail-with-body -X %q %q' "$method" "$url"
  printf ' %q' "$@" -o "$work/api.json"
  printf '   # stdin: header = "Authorization: Bearer ***"\n'
  ((dry)) && return 0
  local token=${GITHUB_TOKEN//\\/\\\\}
  printf 'header = "Authorization: Bearer %s"\n' "${token//\"/\\\"}" |
    curl --config - -sS --fail-with-body -X "$method" "$url" \
      -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' \
      "$@" -o "$work/api.json" ||
    { echo "release: the GitHub API refused $method $url:" >&2; head -c 2000 "$work/api.json" >&2 || true; echo >&2; return 1; }
}

# --- 1. checks (nothing is written) -----------------------------------------------------------
[[ -n $version ]] || { echo "release: --version is required" >&2; usage; }
version=${version#v}
semver='^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$'
[[ $version =~ $semver ]] ||
  die "--version: '$version' is not MAJOR.MINOR.PATCH (a release: no prerelease, no build metadata, no leading zeros)"
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
[[ $repository =~ ^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$ ]] ||
  die "$repository_from: '$repository' is not OWNER/REPO"
owner=${repository%%/*}
image_name=${image_name:-ghcr.io/${repository,,}}
image_ref=$image_name:$version
component='[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*'
[[ $image_name =~ ^[a-z0-9.-]+(:[0-9]+)?/$component(/$component)*$ ]] ||
  die "--image-name: '$image_name' is not a valid lowercase image name (HOST/PATH)"

cd "$root"
[[ $(git rev-parse --show-toplevel 2>/dev/null) == "$root" ]] || die "$root is not the top of a git work tree"
branch=$(git symbolic-ref --short -q HEAD) || die "HEAD is detached: check out the branch to release"
changes=$(git status --porcelain --untracked-files=normal)
[[ -z $changes ]] || die "the work tree has changes (they would be built but not committed):"$'\n'"$changes"
git remote get-url "$remote" >/dev/null 2>&1 || die "--remote: no remote '$remote'"
remote_head=$(git ls-remote --heads "$remote" "refs/heads/$branch" | cut -f1)
head=$(git rev-parse HEAD)
[[ $remote_head == "$head" ]] ||
  die "HEAD ($head) is not $remote's $branch (${remote_head:-missing}): release the branch's head, fetched"
last=$(git ls-remote --tags --refs "$remote" 'refs/tags/v*' | sed -n 's#^[0-9a-f]*\trefs/tags/v##p' |
  grep -E "$semver" | sort -V | tail -n 1) || true
if [[ -n $last ]]; then
  if [[ $last == "$version" || $(printf '%s\n%s\n' "$last" "$version" | sort -V | tail -n 1) != "$version" ]]; then
    die "--version: $version is not greater than the last release v$last"
  fi
fi
git rev-parse -q --verify "refs/tags/v$version" >/dev/null && die "--version: tag v$version exists here already"
grep -Eq '^project\(berth VERSION [0-9]+\.[0-9]+\.[0-9]+ ' CMakeLists.txt || die "CMakeLists.txt: no project(berth VERSION X.Y.Z ...) line"
awk '/^[^ #]/ { runs = ($0 ~ /^runs:/) } runs && /^  image:/ { n++ } END { exit n != 1 }' action.yml ||
  die "action.yml: not exactly one runs.image line"

image_script=${BERTH_RELEASE_IMAGE_SCRIPT:-$root/scripts/release-image.sh}
build_static=${BERTH_RELEASE_BUILD_STATIC:-$root/scripts/build-static.sh}
api=${GITHUB_API_URL:-https://api.github.com}
work=${BERTH_RELEASE_WORK:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/berth-release-$version}
[[ -x $build_static ]] || die "no executable $build_static"
if [[ ! -x $image_script ]]; then
  ((dry)) || die "no executable $image_script (it builds and pushes the two-platform image)"
  say "note: $image_script is not here yet: its command is shown, not run"
fi
if ((!dry)); then
  [[ -n ${GITHUB_TOKEN:-} ]] || die "GITHUB_TOKEN: not set (the release and the image push need it)"
  for tool in git curl jq sha256sum file; do command -v "$tool" >/dev/null || die "needs $tool"; done
  [[ -n $(git config user.name) && -n $(git config user.email) ]] ||
    die "git has no user.name/user.email for the release commit and tag"
fi
say "berth $version from $branch at ${head:0:12} (last release: ${last:+v}${last:-none}); image $image_ref; remote $remote"
((dry)) && say "dry run: every command is printed, none that writes is run"

# --- 2. the release commit (local) ------------------------------------------------------------
edit_cmake() { sed -E "s/^(project\(berth VERSION )[0-9]+\.[0-9]+\.[0-9]+ /\1$version /" CMakeLists.txt; }
edit_action() {
  awk -v line="  image: 'docker://$image_ref'" \
    '/^[^ #]/ { runs = ($0 ~ /^runs:/) } runs && /^  image:/ { print line; next } { print }' action.yml
}
# set_release_files: CMakeLists.txt and action.yml with the new version and image.
set_release_files() {
  edit_cmake >CMakeLists.txt.new && mv CMakeLists.txt.new CMakeLists.txt
  edit_action >action.yml.new && mv action.yml.new action.yml
}
printf '+ set_release_files   # CMakeLists.txt project VERSION and action.yml runs.image:\n'
diff -u CMakeLists.txt <(edit_cmake) | sed -n 's/^\([-+]project.*\)/    \1/p' || true
diff -u action.yml <(edit_action) | sed -n 's/^\([-+]  image:.*\)/    \1/p' || true
((dry)) || set_release_files
run git add CMakeLists.txt action.yml
run git commit -q -m "release $version: action.yml runs $image_ref" \
  -m "CMakeLists.txt's project VERSION and the image action.yml names, written by scripts/release.sh."
# A failure from here on says what is left where.
pushed=0
local_only() {
  (($1 == 0 || dry)) && return
  if ((pushed)); then
    echo "release: v$version and the branch are pushed, but the GitHub release is not complete: finish it" >&2
    echo "  by hand (a draft of v$version may exist) with the files in $work/dist" >&2
    return
  fi
  echo "release: nothing was pushed; the release commit and tags are local only. To start over:" >&2
  echo "  git reset --hard $head && git tag -d v$version; git fetch --force --tags $remote" >&2
}
trap 'local_only $?' EXIT
if ((!dry)); then
  [[ $(git show HEAD:action.yml | awk '/^[^ #]/ { r = ($0 ~ /^runs:/) } r && /^  image:/') == "  image: 'docker://$image_ref'" ]] ||
    die "the release commit's action.yml does not name $image_ref"
fi

# --- 3. the static binaries and their sums ----------------------------------------------------
dist=$work/dist
((dry)) || { rm -rf "$work"; mkdir -p "$dist"; }
for arch in amd64 arm64; do
  run env BERTH_TARGET_ARCH=$arch "$build_static" "$work/build-$arch"
  # scripts/build-static.sh writes out/berth for amd64 and out/<arch>/berth for any other.
  built=$root/out/berth
  [[ $arch == amd64 ]] || built=$root/out/$arch/berth
  run cp "$built" "$dist/berth-linux-$arch"
  if ((!dry)); then
    want=x86-64
    [[ $arch == arm64 ]] && want=aarch64
    desc=$(file -b "$dist/berth-linux-$arch")
    [[ $desc == *"$want"* && $desc == *"statically linked"* ]] ||
      die "berth-linux-$arch is not a static $want binary: $desc"
  fi
done
run bash -c 'cd "$1" && sha256sum berth-linux-amd64 berth-linux-arm64 >SHA256SUMS && sha256sum -c --quiet SHA256SUMS' \
  sums "$dist"
((dry)) || sed 's/^/    /' "$dist/SHA256SUMS"

# --- 4. the action image ----------------------------------------------------------------------
# release-image.sh (berth building itself) tags the repository X.Y.Z, X.Y, X and latest, with
# provenance and an SBOM (--attest); it reads the registry credentials from berth's INPUT_*
# variables, set here in its environment only, never on a command line. stdout: the digest.
image_cmd=("$image_script" --version "$version" --image "$image_name" --push --attest) image_digest=""
if ((dry)); then
  # Its own dry run shows what it would build and push.
  image_cmd+=(--dry-run)
  printf '+'; printf ' %q' "${image_cmd[@]}"; printf '\n'
  if [[ -x $image_script ]]; then "${image_cmd[@]}"; else say "(not run: $image_script is not here yet)"; fi
else
  printf '+'; printf ' %q' "${image_cmd[@]}"; printf '   # INPUT_USERNAME, INPUT_PASSWORD in its environment\n'
  image_digest=$(INPUT_USERNAME=${GITHUB_ACTOR:-$owner} INPUT_PASSWORD=$GITHUB_TOKEN "${image_cmd[@]}")
  image_digest=$(tail -n 1 <<<"$image_digest")
  [[ $image_digest == sha256:* ]] || die "$image_script printed no digest (got '$image_digest')"
  say "pushed $image_ref ($image_digest)"
fi

# --- 5. tags, 6. the push ---------------------------------------------------------------------
run git tag -a "v$version" -m "berth $version" -m "Action image: $image_ref" HEAD
run git tag -f "v$major.$minor" HEAD
run git tag -f "v$major" HEAD
run git push --atomic "$remote" "HEAD:refs/heads/$branch" "refs/tags/v$version" \
  "+refs/tags/v$major.$minor" "+refs/tags/v$major"
pushed=1
if ((!dry)); then
  release_commit=$(git rev-parse HEAD)
  for t in "v$version^{}" "v$major.$minor" "v$major"; do
    got=$(git ls-remote --tags "$remote" "refs/tags/$t" | cut -f1)
    [[ $got == "$release_commit" ]] || die "$remote's $t is ${got:-missing}, not the release commit $release_commit"
  done
  say "$remote: $branch, v$version, v$major.$minor and v$major at ${release_commit:0:12}"
fi

# --- 7. the GitHub release --------------------------------------------------------------------
notes="Action image: \`$image_ref\`${image_digest:+ (index \`$image_digest\`)}, linux/amd64 and linux/arm64. Use it as \`uses: $repository@v$version\`, \`@v$major.$minor\` or \`@v$major\`.

Static CLI binaries (berth tags, berth promote without Docker): \`berth-linux-amd64\`, \`berth-linux-arm64\`; check them with \`sha256sum -c SHA256SUMS\`."
body=$(jq -n --arg tag "v$version" --arg name "berth $version" --arg notes "$notes" \
  '{tag_name: $tag, name: $name, body: $notes, draft: true, prerelease: false, generate_release_notes: true}')
run_api POST "$api/repos/$repository/releases" --data-binary "$body"
release_id=RELEASE_ID upload_url=UPLOAD_URL   # in a dry run: what the API would answer
if ((!dry)); then
  release_id=$(jq -er '.id' "$work/api.json") || die "the API's answer has no release id"
  upload_url=$(jq -er '.upload_url' "$work/api.json") || die "the API's answer has no upload_url"
  upload_url=${upload_url%%\{*}   # ".../assets{?name,label}"
fi
for f in berth-linux-amd64 berth-linux-arm64 SHA256SUMS; do
  run_api POST "$upload_url?name=$f" -H 'Content-Type: application/octet-stream' --data-binary "@$dist/$f"
done
run_api PATCH "$api/repos/$repository/releases/$release_id" --data-binary '{"draft":false,"make_latest":"true"}'
if ((dry)); then
  say "dry run done: nothing was committed, tagged, pushed or published"
else
  say "released berth $version: $(jq -r '.html_url // "(no html_url)"' "$work/api.json")"
fi
