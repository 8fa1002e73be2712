#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Proves that the action image is reproducible: builds it twice from this commit with berth
# (scripts/release-image.sh --testenv, Engine 26's containerd store), each time from an empty
# build cache (the builder's cache pruned first, and berth's no-cache input), pushes the two
# builds to two repositories of the plain test registry, and compares them: the index digests
# and, per platform, the manifest, config and layer digests. On a mismatch it names what
# differs (which platform, which layer, the config's differing keys) and exits 1.
# Attestations are left out (release-image.sh without --attest): provenance records the
# build's own times and ids, so an index with it differs from build to build by design; the
# image manifests it points at are the part that must be reproducible, and are the same with
# or without it.
# Also prints each run's wall time, and a third, warm run's (cache kept) with --warm, and
# each platform's size (compressed layers and uncompressed).
# The first build is cold. The second compiles curl and berth again for both platforms
# (berth's no-cache-filters: builder) on the toolchain stage the first one installed, which
# saves the two apt-get installs of the toolchains (minutes, and packages the Dockerfile does
# not pin anyway); --twice-cold makes the second build cold too.
# Usage: scripts/check-reproducible.sh [--twice-cold] [--warm] [--context DIR]
#        scripts/check-reproducible.sh --compare REPO_A@DIGEST REPO_B@DIGEST   (compare only)
#        scripts/check-reproducible.sh --sizes REPO@DIGEST    (each platform's sizes only)
#   (test env up: testenv/up.sh; REPO is NAME in the plain test registry)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/testenv/env.sh"

accept='application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
manifest() { curl -fsS -H "Accept: $accept" "http://$PLAIN_ADDR/v2/$1/manifests/$2"; }
blob() { curl -fsSL "http://$PLAIN_ADDR/v2/$1/blobs/$2"; }
# The image manifest's digest for one platform of an index.
platform_digest() { # INDEX_JSON OS/ARCH
  jq -r --arg os "${2%/*}" --arg a "${2#*/}" \
    '.manifests[] | select(.platform.os == $os and .platform.architecture == $a) | .digest' <<<"$1" | head -n 1
}

# compare REPO_A DIGEST_A REPO_B DIGEST_B: 0 when the same; otherwise says what differs.
compare() {
  local ra=$1 da=$2 rb=$3 db=$4 ia ib p ma mb pa pb n i la lb ca cb rc=0
  ia=$(manifest "$ra" "$da") ib=$(manifest "$rb" "$db")
  if [[ $da == "$db" ]]; then say "index: the same, $da"; else say "index: DIFFERS, $da vs $db"; rc=1; fi
  for p in $(jq -r '.manifests[] | select(.platform.os != "unknown") | "\(.platform.os)/\(.platform.architecture)"' <<<"$ia"); do
    pa=$(platform_digest "$ia" "$p") pb=$(platform_digest "$ib" "$p")
    if [[ -z $pb ]]; then say "$p: missing from the second build"; rc=1; continue; fi
    if [[ $pa == "$pb" ]]; then say "$p: manifest the same, $pa"; continue; fi
    rc=1
    say "$p: manifest DIFFERS, $pa vs $pb"
    ma=$(manifest "$ra" "$pa") mb=$(manifest "$rb" "$pb")
    ca=$(jq -r .config.digest <<<"$ma") cb=$(jq -r .config.digest <<<"$mb")
    if [[ $ca != "$cb" ]]; then
      say "$p: config differs ($ca vs $cb); keys whose values differ:"
      diff <(blob "$ra" "$ca" | jq -S '[paths(scalars) as $q | {($q | map(tostring) | join(".")): getpath($q)}] | add') \
        <(blob "$rb" "$cb" | jq -S '[paths(scalars) as $q | {($q | map(tostring) | join(".")): getpath($q)}] | add') |
        sed -n 's/^[<>] *//p' | sort -u | head -n 20 >&2 || true
    fi
    n=$(jq '.layers | length' <<<"$ma")
    [[ $n == "$(jq '.layers | length' <<<"$mb")" ]] || say "$p: $n layers vs $(jq '.layers | length' <<<"$mb")"
    for ((i = 0; i < n; i++)); do
      la=$(jq -r ".layers[$i].digest" <<<"$ma") lb=$(jq -r ".layers[$i].digest // \"none\"" <<<"$mb")
      [[ $la == "$lb" ]] && continue
      say "$p: layer $((i + 1)) of $n differs ($la vs $lb); files whose listing differs:"
      diff <(blob "$ra" "$la" | tar -tzvf - --full-time 2>/dev/null) <(blob "$rb" "$lb" | tar -tzvf - --full-time 2>/dev/null) |
        sed -n 's/^[<>] //p' | head -n 10 >&2 || true
    done
  done
  return "$rc"
}

# Sizes of one platform's image: its compressed layers (what a pull moves) and the
# uncompressed bytes of those layers.
sizes() { # REPO DIGEST
  local idx p m packed unpacked l
  idx=$(manifest "$1" "$2")
  for p in $(jq -r '.manifests[] | select(.platform.os != "unknown") | "\(.platform.os)/\(.platform.architecture)"' <<<"$idx"); do
    m=$(manifest "$1" "$(platform_digest "$idx" "$p")")
    packed=$(jq '[.layers[].size] | add' <<<"$m") unpacked=0
    for l in $(jq -r '.layers[].digest' <<<"$m"); do
      unpacked=$((unpacked + $(blob "$1" "$l" | gzip -dc | wc -c)))
    done
    say "$p: $(awk -v b="$packed" 'BEGIN { printf "%.1f MB", b / 1e6 }') compressed, $(awk -v b="$unpacked" \
      'BEGIN { printf "%.1f MB", b / 1e6 }') uncompressed (layer tars), $(jq '.layers | length' <<<"$m") layers"
  done
}

if [[ ${1:-} == --sizes ]]; then
  [[ $# -eq 2 && $2 == *@sha256:* ]] || die "usage: $0 --sizes REPO@DIGEST"
  sizes "${2%@*}" "${2#*@}"
  exit
fi
if [[ ${1:-} == --compare ]]; then
  [[ $# -eq 3 && $2 == *@sha256:* && $3 == *@sha256:* ]] || die "usage: $0 --compare REPO_A@DIGEST REPO_B@DIGEST"
  compare "${2%@*}" "${2#*@}" "${3%@*}" "${3#*@}"
  exit
fi
warm=0 twice_cold=0 context=()
while (($#)); do
  case $1 in
    --warm) warm=1 ;;
    --twice-cold) twice_cold=1 ;;
    --context) [[ $# -ge 2 ]] || die "--context needs a directory"; context=(--context "$2"); shift ;;
    *) die "usage: $0 [--twice-cold] [--warm] [--context DIR] | --compare REPO_A@DIGEST REPO_B@DIGEST" ;;
  esac
  shift
done

eval "$("$root/testenv/engine26.sh" up --store containerd)"
e26() { DOCKER_HOST=$BERTH_ENGINE26_CONTAINERD_HOST DOCKER_CONFIG=$BERTH_ENGINE26_DOCKER_CONFIG /usr/local/bin/docker "$@"; }
run=$(date +%s)
declare -A digest secs
build() { # NAME CACHE(cold|warm)
  local t0 flags=()
  case $2 in
    cold) e26 builder prune -af >/dev/null; flags=(--no-cache) ;;
    compile) flags=(--no-cache-filter builder) ;; # the toolchain stage of build a, all else anew
  esac
  t0=$(date +%s.%N)
  digest[$1]=$("$root/scripts/release-image.sh" --testenv "${context[@]}" --version 0.0.0 \
    --image "$PLAIN_ADDR/berth-repro-$run/$1" --push "${flags[@]}" 2>"$LOG_DIR/repro-$1.log") ||
    { tail -n 20 "$LOG_DIR/repro-$1.log" >&2; die "build $1 failed; see $LOG_DIR/repro-$1.log"; }
  secs[$1]=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  say "build $1 ($2): ${digest[$1]} in ${secs[$1]} s"
}
build a cold
if ((twice_cold)); then
  build b cold
else
  build b compile
fi
rc=0
compare "berth-repro-$run/a" "${digest[a]}" "berth-repro-$run/b" "${digest[b]}" || rc=$?
if ((warm)); then
  build c warm
  [[ ${digest[c]} == "${digest[a]}" ]] || say "warm build: DIFFERS from the cold ones (${digest[c]})"
fi
sizes "berth-repro-$run/a" "${digest[a]}"
if ((rc == 0)); then
  say "reproducible: two builds (a cold, b $( ((twice_cold)) && echo cold || echo 'compiled anew')) of $(git -C "$root" rev-parse --short HEAD) gave ${digest[a]}"
else
  say "NOT reproducible (see above)"
fi
exit "$rc"
