#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Builds the action image for linux/amd64 and linux/arm64 WITH berth (the project ships itself
# with its own tool), from this repository's Dockerfile, and prints the image index's digest.
# The Dockerfile's builder runs on the build platform and cross-compiles for each target, so no
# step needs emulation; SOURCE_DATE_EPOCH is the commit's time, so two builds of one commit
# give one digest (scripts/check-reproducible.sh proves it).
#
# Usage: scripts/release-image.sh --version X.Y.Z --image REPO [options]
#   --version X.Y.Z      the release; berth tags it as a push of refs/tags/vX.Y.Z would be
#                        tagged: X.Y.Z, X.Y, X and latest (monotonic: never below a higher one)
#   --image REPO         the repository without a tag, e.g. ghcr.io/OWNER/berth
#   --push               push the index and the tags (default: build only, nothing written)
#   --platforms LIST     default linux/amd64,linux/arm64
#   --dry-run            berth's dry run: the plan, no login, build or push
#   --no-cache           build without the build cache (berth's no-cache input)
#   --no-cache-filter S  build stages S (comma separated) without the cache, e.g. builder:
#                        curl and berth compiled again on the cached toolchain
#   --attest             provenance (mode=max) and an SBOM, as the GitHub release wants; they
#                        add attestation manifests to the index, so its digest then differs
#                        from build to build while each platform's image manifest does not
#   --build-arg K=V      an extra build argument (repeatable), e.g. BASE_IMAGE=..., or
#                        CURL_DEB_VERSION=... to move the curl source pin
#   --testenv            this Debian test machine: Engine 26's containerd store
#                        (testenv/engine26.sh) as the daemon, and the local stand-ins for both
#                        base images from the plain test registry, by digest
#                        (scripts/make-local-images.sh --registry)
#   --context DIR        the build context (default: this repository)
# stdout: one line, the digest (sha256:...) of the index (nothing on a dry run); berth's log
# goes to stderr. Exit status: berth's (non-zero on any failure), 2 on bad arguments.
# Environment:
#   BERTH_BIN            the berth binary to run (default out/berth; built by
#                        scripts/build-static.sh when missing)
#   SOURCE_DATE_EPOCH    default: the commit's time, `git log -1 --format=%ct`
#   GITHUB_SHA, GITHUB_REPOSITORY   the revision and source labels' commit and repository
#                        (default: HEAD, berth/berth)
#   INPUT_USERNAME, INPUT_PASSWORD  registry credentials, read by berth from its environment
#                        (never a command line); without them the configured ones are used
#   DOCKER_HOST, DOCKER_CONFIG      the daemon and a docker CLI config with buildx (ignored with
#                        --testenv). berth builds all platforms in one build where the daemon
#                        uses the containerd image store, and one build per platform plus an
#                        index it writes itself on the classic store: both give an index.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '/^# Usage:/,/^# Environment:/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
bad() { echo "release-image.sh: $*" >&2; exit 2; }

version='' image='' push=false platforms=linux/amd64,linux/arm64 dry=false no_cache=false
no_cache_filters=''
attest=false testenv=0 context=$root
build_args=()
while (($#)); do
  case $1 in
    --version) [[ $# -ge 2 ]] || bad "--version needs a value"; version=$2; shift ;;
    --image) [[ $# -ge 2 ]] || bad "--image needs a value"; image=$2; shift ;;
    --platforms) [[ $# -ge 2 ]] || bad "--platforms needs a value"; platforms=$2; shift ;;
    --build-arg) [[ $# -ge 2 && $2 == ?*=* ]] || bad "--build-arg needs NAME=VALUE"; build_args+=("$2"); shift ;;
    --context) [[ $# -ge 2 && -d $2 ]] || bad "--context needs a directory"; context=$(cd "$2" && pwd); shift ;;
    --push) push=true ;;
    --dry-run) dry=true ;;
    --no-cache) no_cache=true ;;
    --no-cache-filter) [[ $# -ge 2 ]] || bad "--no-cache-filter needs a stage"; no_cache_filters=$2; shift ;;
    --attest) attest=true ;;
    --testenv) testenv=1 ;;
    -h | --help) usage ;;
    *) bad "unknown argument '$1' (--help)" ;;
  esac
  shift
done
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || bad "--version: '$version' is not X.Y.Z"
[[ -n $image ]] || bad "--image is required"
[[ $image == */* && ${image##*/} != *:* && $image != *@* ]] ||
  bad "--image: '$image' must be a repository without a tag or digest (REGISTRY/NAME)"
[[ -f $context/Dockerfile ]] || bad "--context: no Dockerfile in $context"

epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct)}
[[ $epoch =~ ^[0-9]+$ ]] || bad "SOURCE_DATE_EPOCH: '$epoch' is not a number of seconds"
sha=${GITHUB_SHA:-$(git -C "$root" rev-parse HEAD)}

if ((testenv)); then
  source "$root/testenv/env.sh"
  mapfile -t local_args < <("$root/scripts/make-local-images.sh" --registry | sed 's/^--build-arg=//')
  ((${#local_args[@]} == 2)) || bad "scripts/make-local-images.sh --registry gave no base images"
  build_args=("${local_args[@]}" "${build_args[@]}")
  eval "$("$root/testenv/engine26.sh" up --store containerd)"
  export DOCKER_HOST=$BERTH_ENGINE26_CONTAINERD_HOST DOCKER_CONFIG=$BERTH_ENGINE26_DOCKER_CONFIG
fi

berth=${BERTH_BIN:-$root/out/berth}
if [[ ! -x $berth ]]; then
  [[ -z ${BERTH_BIN:-} ]] || bad "BERTH_BIN: $berth is not executable"
  "$root/scripts/build-static.sh" >&2
fi

flags=(--event-name push --ref "refs/tags/v$version" --sha "$sha" --repository "${GITHUB_REPOSITORY:-berth/berth}"
  --images "$image" --context "$context" --platforms "$platforms" --push "$push" --dry-run "$dry"
  --no-cache "$no_cache" --build-args "SOURCE_DATE_EPOCH=$epoch")
for a in "${build_args[@]}"; do flags+=(--build-args "$a"); done
[[ -z $no_cache_filters ]] || flags+=(--no-cache-filters "$no_cache_filters")
# RUN steps reach the mirror through the host's network: a daemon without a default bridge
# (the test machine's) has no other.
((testenv)) && flags+=(--network host)
if [[ $attest == true ]]; then
  flags+=(--provenance mode=max --sbom true)
else
  flags+=(--provenance false)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
: >"$out/github_output"
# berth's own clock for `created` is SOURCE_DATE_EPOCH too (README: Settings from the environment).
rc=0
SOURCE_DATE_EPOCH=$epoch GITHUB_OUTPUT=$out/github_output "$berth" "${flags[@]}" >&2 || rc=$?
((rc == 0)) || exit "$rc"
[[ $dry == true ]] && exit 0
mkdir -p "$out/outputs"
LC_ALL=C awk -v OUT="$out/outputs" -f "$root/e2e/parse-file-command.awk" "$out/github_output" >/dev/null
[[ -s $out/outputs/digest ]] || { echo "release-image.sh: berth gave no digest output" >&2; exit 1; }
cat "$out/outputs/digest"
echo
