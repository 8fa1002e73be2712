#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# berth's benchmarks, set-up included (as root, on Debian 12). Writes bench/RESULTS.md and
# bench/results.json. It never asserts a timing: it fails only when something does not work.
#
#   bench/run.sh            full run (about 10-15 minutes; the 1 GB image dominates)
#   bench/run.sh --quick    smoke run for CI: tiny images, one round of everything, no image build
#
# Other flags:
#   --fresh            rebuild and re-push the random-data source images even if the registry has them
#   --rebuild          rebuild out/berth (scripts/build-static.sh) even if it exists
#   --no-image-build   do not run scripts/build-image.sh when berth:dev is missing (comparison 6)
#   --keep-env         leave the bench's test environment running at the end
# Environment:
#   BENCH_TESTENV      state directory of the bench's own test environment (default /tmp/berth-bench)
#   BENCH_PORT_BASE    its port base (default 7000: registries on 7000/7002/7443, token server 7080)
#   BENCH_BERTH        the berth binary to measure (default out/berth, built if missing)
#   BENCH_OUT          where RESULTS.md and results.json go (default bench/; with --quick the bench's
#                      state directory, so a smoke run never overwrites the full run's results)
#
# The bench runs its own testenv (testenv/up.sh with BERTH_TESTENV/BERTH_PORT_BASE set), so that its
# `docker rmi`s and 1 GB pulls never touch the images or registries other work uses, and nothing else
# removes its images between a "cold" check and a pull. It stops that environment at the end if it
# started it; the registry data and daemon images stay on disk, so the next run reuses them.
#
# Every comparison interleaves its variants (A B A B ..., order alternating per round) and
# bench/report.py reports medians and ratios of medians. Registry-side request and byte counts
# come from the token registry's access log, sliced per timed command.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/bench
PY=/usr/bin/python3

quick=0 fresh=0 rebuild=0 image_build=1 keep_env=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --fresh) fresh=1 ;;
    --rebuild) rebuild=1 ;;
    --no-image-build) image_build=0 ;;
    --keep-env) keep_env=1 ;;
    -h | --help) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done

t_start=$EPOCHREALTIME
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# Seconds between two $EPOCHREALTIME values, 6 decimals (no fork, no floating point in bash).
elapsed() {
  local us=$((${2/./} - ${1/./}))
  printf '%d.%06d' $((us / 1000000)) $((us % 1000000))
}

# ---- 1. packages, the binary ----------------------------------------------------------------------
if [[ $(id -u) == 0 ]]; then
  "$root/scripts/install-deps.sh" --runtime
else
  log "not root: skipping scripts/install-deps.sh --runtime (the tools must already be installed)"
fi
for c in docker skopeo hyperfine jq curl dockerd; do
  command -v "$c" >/dev/null || [[ -x /usr/sbin/$c ]] || die "$c is missing (scripts/install-deps.sh --runtime)"
done

BERTH=${BENCH_BERTH:-$root/out/berth}
if [[ -z ${BENCH_BERTH:-} ]] && { ((rebuild)) || [[ ! -x $BERTH ]] || ! "$BERTH" promote --help >/dev/null 2>&1; }; then
  log "building out/berth (scripts/build-static.sh)"
  "$root/scripts/build-static.sh" >&2
fi
[[ -x $BERTH ]] || die "no berth binary at $BERTH"
"$BERTH" promote --help >/dev/null 2>&1 || die "$BERTH has no promote command (stale build? try --rebuild)"
berth_stale=false
if [[ -n $(find "$root/src" "$root/CMakeLists.txt" -newer "$BERTH" -print -quit 2>/dev/null) ]]; then
  berth_stale=true
  log "note: $BERTH is older than some sources; measuring it as it is (--rebuild to rebuild)"
fi

# ---- 2. the bench's own test environment ------------------------------------------------------------
export BERTH_TESTENV=${BENCH_TESTENV:-/tmp/berth-bench}
export BERTH_PORT_BASE=${BENCH_PORT_BASE:-7000}
was_up=0
if [[ -s $BERTH_TESTENV/run/dockerd.pid && -s $BERTH_TESTENV/run/registry-token.pid ]] &&
  kill -0 "$(<"$BERTH_TESTENV/run/dockerd.pid")" 2>/dev/null &&
  kill -0 "$(<"$BERTH_TESTENV/run/registry-token.pid")" 2>/dev/null; then
  was_up=1
fi
t_env=$EPOCHREALTIME
eval "$("$root/testenv/up.sh")"
env_s=$(elapsed "$t_env" "$EPOCHREALTIME")
REG=$BERTH_REG_TOKEN                    # plain HTTP, bearer tokens from the token server
PLAIN=$BERTH_REG_PLAIN                  # plain HTTP, anonymous (the supplementary no-auth promotion)
export BERTH_INSECURE_REGISTRIES=$REG,$PLAIN # berth speaks plain HTTP to them
REGLOG=$BERTH_TESTENV/log/registry-token.log
DOCKER=$(command -v docker)

work=$(mktemp -d "$BERTH_TESTENV/bench.XXXXXX")
cleanup() {
  local rc=$?
  rm -rf "$work"
  if ((!was_up && !keep_env)); then "$root/testenv/down.sh" >/dev/null 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT

# The binary is measured from a private copy, so that a rebuild of out/berth by other work during the
# run cannot change it half-way.
BERTH_SOURCE=$BERTH
cp "$BERTH_SOURCE" "$work/berth"
BERTH=$work/berth
berth_sha=$(sha256sum "$BERTH" | cut -d' ' -f1)
berth_mtime=$(date -u -r "$BERTH_SOURCE" +%Y-%m-%dT%H:%M:%SZ)

# Credentials: one private docker config, written by `docker login --password-stdin`; berth (no
# --username: "else the docker config's") and skopeo (--authfile) read the same file.
export DOCKER_CONFIG=$work/docker
mkdir -m 700 "$DOCKER_CONFIG"
docker login "$REG" -u "$BERTH_USER" --password-stdin <"$BERTH_PASSWORD_FILE" >/dev/null 2>&1 ||
  die "docker login $REG failed"
AUTHFILE=$DOCKER_CONFIG/config.json
SKOPEO=(skopeo --insecure-policy)
RUN_ID=$(date +%s)
SAMPLES=$work/samples.jsonl
: >"$SAMPLES"

if ((quick)); then
  SIZES=(1 2) CHUNK_MB=1 ROUNDS_DOCKER=(1 1) FAST_REPS=2
  R2=1 R3=1 R5=1 HF_WARM=10 HF_COLD=3 HF_NODE=3 TOKEN_REPS=2
else
  SIZES=(50 200 1024) CHUNK_MB=64 ROUNDS_DOCKER=(5 5 3) FAST_REPS=3
  R2=5 R3=5 R5=6 HF_WARM=150 HF_COLD=15 HF_NODE=15 TOKEN_REPS=10
fi

logpos() { stat -c %s "$REGLOG"; }
tokens() { curl -fsS "$BERTH_TOKEN_STATS" | jq .requests; } # tokens issued so far by the token server
mark() { L0=$(logpos) K0=$(tokens); }                          # before a timed command
# T = seconds taken by CMD; its stdout to $OUT, stderr to $OUT.err. A failure stops the bench.
OUT=$work/last
timed() {
  local t0 t1
  t0=$EPOCHREALTIME
  if ! "$@" >"$OUT" 2>"$OUT.err"; then
    log "FAILED: $*"
    tail -n 20 "$OUT" "$OUT.err" >&2 || true
    exit 1
  fi
  t1=$EPOCHREALTIME
  T=$(elapsed "$t0" "$t1")
}
# record CMP CASE TOOL RUN [EXTRA-JSON]: one sample (seconds = $T; registry log and token counts since
# the last `mark`) into samples.jsonl.
record() {
  sleep 0.1 # let the registry finish its access-log line of the last request (outside the timing)
  jq -nc --arg cmp "$1" --arg case "$2" --arg tool "$3" --argjson run "$4" --argjson s "$T" \
    --argjson l0 "$L0" --argjson l1 "$(logpos)" --argjson tokens $(($(tokens) - K0)) --argjson extra "${5:-"{}"}" \
    '{cmp: $cmp, case: $case, tool: $tool, run: $run, s: $s, log: [$l0, $l1], tokens: $tokens} + $extra' >>"$SAMPLES"
}
# Every tag and image id of REPO in the daemon, removed; then checks none is left.
# shellcheck disable=SC2086 # $refs and $ids are lists, one name per word
remove_local() {
  local refs ids
  # By tag, then by digest (a parent of another image cannot be removed by id, but it can be untagged),
  # then whatever is left by id. Images with no name left are gone or only parents of other images.
  refs=$(docker image ls --format '{{.Repository}}:{{.Tag}}' "$REG/$1" | grep -v ':<none>$' || true)
  [[ -z $refs ]] || docker image rm $refs >/dev/null 2>&1 || true
  refs=$(docker image ls --digests --format '{{.Repository}}@{{.Digest}}' "$REG/$1" | grep -v '@<none>$' || true)
  [[ -z $refs ]] || docker image rm $refs >/dev/null 2>&1 || true
  ids=$(docker image ls -q "$REG/$1" | sort -u)
  [[ -z $ids ]] || docker image rm -f $ids >/dev/null 2>&1 || true
  [[ -z $(docker image ls -q "$REG/$1") ]] || die "could not remove the local images of $REG/$1"
}
manifest_of() { "${SKOPEO[@]}" inspect --raw --tls-verify=false --authfile "$AUTHFILE" "docker://$1"; }

# ---- 3. comparison 1: promotion of random-data images ------------------------------------------------
# SIZE MiB of /dev/urandom in files of at most CHUNK_MB MiB, one COPY (one layer) each, FROM scratch,
# built with the classic builder and pushed once; reused from the registry unless --fresh.
prepare_random_image() {
  local size=$1 repo=bench/rand-${1}m ctx n i left chunk t0
  if ((!fresh)) && manifest_of "$REG/$repo:src" >/dev/null 2>&1; then
    log "promote: $REG/$repo:src already in the registry (reused; --fresh rebuilds it)"
  else
    t0=$EPOCHREALTIME
    ctx=$work/ctx-$size
    mkdir -p "$ctx"
    printf 'FROM scratch\n' >"$ctx/Dockerfile"
    left=$size i=0
    while ((left > 0)); do
      chunk=$((left < CHUNK_MB ? left : CHUNK_MB))
      head -c $((chunk * 1048576)) /dev/urandom >"$ctx/part$i"
      printf 'COPY part%d /data/part%d\n' "$i" "$i" >>"$ctx/Dockerfile"
      left=$((left - chunk)) i=$((i + 1))
    done
    remove_local "$repo"
    DOCKER_BUILDKIT=0 docker build -q -t "$REG/$repo:src" "$ctx" >"$work/build.log" 2>&1 ||
      { tail "$work/build.log" >&2; die "build of $repo failed"; }
    rm -rf "$ctx"
    docker push "$REG/$repo:src" >"$work/push.log" 2>&1 || { tail "$work/push.log" >&2; die "push of $repo failed"; }
    log "promote: built and pushed $REG/$repo:src ($i layers) in $(elapsed "$t0" "$EPOCHREALTIME") s"
  fi
  remove_local "$repo"
  manifest_of "$REG/$repo:src" >"$work/manifest-$size.json"
  n=$(jq '.layers | length' "$work/manifest-$size.json")
  jq -c --arg size "$size" --argjson n "$n" --argjson mb "$(stat -c %s "$work/manifest-$size.json")" \
    '{($size): {layers: $n, layer_bytes: ([.layers[].size] | add), manifest_bytes: $mb}}' \
    "$work/manifest-$size.json" >>"$work/images.jsonl"
}

promote_berth() { "$BERTH" promote --image "$REG/$1" --from src --to "$2"; }
promote_skopeo() {
  "${SKOPEO[@]}" copy --all --src-tls-verify=false --dest-tls-verify=false --authfile "$AUTHFILE" \
    "docker://$REG/$1:src" "docker://$REG/$1:$2"
}
# Cold docker path: nothing of the repo is local before; pull, tag, push; each step timed.
promote_docker() {
  local repo=$1 tag=$2 size=$3 run=$4 t0 t1 t2 t3 layers pulled existing
  remove_local "$repo"
  docker image inspect "$REG/$repo:src" >/dev/null 2>&1 && die "not cold: $REG/$repo:src is still local"
  layers=$(jq '.layers | length' "$work/manifest-$size.json")
  mark
  t0=$EPOCHREALTIME
  docker pull "$REG/$repo:src" >"$work/pull.log" 2>&1 || { tail "$work/pull.log" >&2; die "docker pull failed"; }
  t1=$EPOCHREALTIME
  docker tag "$REG/$repo:src" "$REG/$repo:$tag"
  t2=$EPOCHREALTIME
  docker push "$REG/$repo:$tag" >"$work/push.log" 2>&1 || { tail "$work/push.log" >&2; die "docker push failed"; }
  t3=$EPOCHREALTIME
  T=$(elapsed "$t0" "$t3")
  pulled=$(grep -c ': Pull complete' "$work/pull.log" || true)
  existing=$(grep -c ': Already exists' "$work/pull.log" || true)
  ((pulled == layers && existing == 0)) ||
    die "the pull of $repo was not cold: $pulled of $layers layers pulled, $existing already there"
  record promote "$size" docker "$run" "$(jq -nc --argjson p "$pulled" --argjson e "$existing" \
    --argjson a "$(elapsed "$t0" "$t1")" --argjson b "$(elapsed "$t1" "$t2")" --argjson c "$(elapsed "$t2" "$t3")" \
    '{layers_pulled: $p, layers_already_local: $e, pull_s: $a, tag_s: $b, push_s: $c}')"
}
fast_pair() { # berth and skopeo, FAST_REPS times each, alternating which goes first
  local repo=$1 size=$2 r=$3 k tool order
  for ((k = 1; k <= FAST_REPS; k++)); do
    order="berth skopeo"
    (((r + k) % 2)) && order="skopeo berth"
    for tool in $order; do
      mark
      timed "promote_$tool" "$repo" "$tool-$RUN_ID-$r-$k"
      if [[ $tool == berth ]]; then
        record promote "$size" berth "$r" "$(jq -c '{requests, bytes_received, bytes_sent}' "$OUT")"
      else
        record promote "$size" skopeo "$r"
      fi
    done
  done
}
token_probe() { # the token endpoint alone, with the same credentials (curl reads them from a file)
  local i rc=$work/token.curlrc
  (umask 077 && printf 'user = "%s:%s"\n' "$BERTH_USER" "$(<"$BERTH_PASSWORD_FILE")" >"$rc")
  for ((i = 1; i <= TOKEN_REPS; i++)); do
    T=$(curl -s -o /dev/null -w '%{time_total}' -K "$rc" -G "$BERTH_TOKEN_REALM" \
      --data-urlencode "service=$BERTH_TOKEN_SERVICE" --data-urlencode "scope=repository:bench/rand-${SIZES[0]}m:pull,push")
    jq -nc --argjson s "$T" --argjson run "$i" '{cmp: "token", case: "token endpoint", tool: "curl", run: $run, s: $s}' >>"$SAMPLES"
  done
  rm -f "$rc"
}

log "promote: preparing ${SIZES[*]} MiB random-data images on $REG"
: >"$work/images.jsonl"
for size in "${SIZES[@]}"; do prepare_random_image "$size"; done
token_probe
for idx in "${!SIZES[@]}"; do
  size=${SIZES[$idx]} repo=bench/rand-${SIZES[$idx]}m
  log "promote: $size MiB, ${ROUNDS_DOCKER[$idx]} rounds (berth and skopeo x$FAST_REPS each, cold docker x1)"
  for ((r = 1; r <= ROUNDS_DOCKER[idx]; r++)); do
    if ((r % 2)); then
      fast_pair "$repo" "$size" "$r"
      promote_docker "$repo" "docker-$RUN_ID-$r" "$size" "$r"
    else
      promote_docker "$repo" "docker-$RUN_ID-$r" "$size" "$r"
      fast_pair "$repo" "$size" "$r"
    fi
  done
  remove_local "$repo"
done

# ---- 4. comparison 2: requests and bytes per promotion ----------------------------------------------
log "requests: berth promote to 1 and 4 targets, $R2 rounds"
repo=bench/rand-${SIZES[0]}m
for ((r = 1; r <= R2; r++)); do
  for n in $( ((r % 2)) && echo "1 4" || echo "4 1"); do
    tos=()
    for ((k = 1; k <= n; k++)); do tos+=(--to "req-$RUN_ID-$r-$n-$k"); done
    mark
    timed "$BERTH" promote --image "$REG/$repo" --from src "${tos[@]}"
    record requests "$n" berth "$r" "$(jq -c --argjson n "$n" '{targets: $n, requests, bytes_received, bytes_sent,
      promoted: ([.images[].promoted[]] | length)}' "$OUT")"
  done
done

# Supplementary: the same promotion without any auth (the anonymous registry), to show how much of the
# token registry's time is the token server. The first size's image is copied there once.
log "promote without auth: berth and skopeo on $PLAIN, $R2 rounds"
src_plain=$PLAIN/bench/rand-${SIZES[0]}m
if ! "${SKOPEO[@]}" inspect --raw --tls-verify=false "docker://$src_plain:src" >/dev/null 2>&1; then
  "${SKOPEO[@]}" copy --all --src-tls-verify=false --dest-tls-verify=false --authfile "$AUTHFILE" \
    "docker://$REG/bench/rand-${SIZES[0]}m:src" "docker://$src_plain:src" >/dev/null
fi
promote_plain_berth() { "$BERTH" promote --image "$src_plain" --from src --to "$1"; }
promote_plain_skopeo() {
  "${SKOPEO[@]}" copy --all --src-tls-verify=false --dest-tls-verify=false "docker://$src_plain:src" "docker://$src_plain:$1"
}
for ((r = 1; r <= R2 * 2; r++)); do
  for tool in $( ((r % 2)) && echo "berth skopeo" || echo "skopeo berth"); do
    timed "promote_plain_$tool" "noauth-$tool-$RUN_ID-$r"
    jq -nc --argjson s "$T" --argjson run "$r" --arg tool "$tool" --arg case "${SIZES[0]}" \
      '{cmp: "promote-noauth", case: $case, tool: $tool, run: $run, s: $s}' >>"$SAMPLES"
  done
done

# ---- 5. comparisons 3 and 5: the action (build + push) ------------------------------------------------
# A small sample app on the Debian base image: a script and a data file.
make_app() {
  mkdir -p "$1/app"
  printf 'FROM %s\nCOPY app/ /app/\nCMD ["/app/run.sh"]\n' "$BERTH_BASE_IMAGE" >"$1/Dockerfile"
  # shellcheck disable=SC2016 # the $(...) is for the app's shell, not this one
  printf '#!/bin/sh\necho "sample app $(cat /app/version.txt)"\n' >"$1/app/run.sh"
  chmod 755 "$1/app/run.sh"
  head -c 262144 /dev/urandom | base64 >"$1/app/data.txt"
  echo "v0" >"$1/app/version.txt"
}
mapfile -t event_env < <(grep -v '^#' "$root/testdata/events/push_default.env" |
  sed "s#^GITHUB_EVENT_PATH=#GITHUB_EVENT_PATH=$root/testdata/events/#")
# run_action CONTEXT IMAGE TAGS: berth as the runner starts it (env -i, INPUT_*, GITHUB_*). The registry
# credentials come from the docker config (as after a login step), so berth runs no `docker login`.
# ACTION_ENV: extra variables (the BuildKit variant of comparison 5).
ACTION_ENV=()
run_action() {
  : >"$work/gh-output"
  : >"$work/gh-summary"
  mkdir -p "$work/runner"
  env -i PATH="$(dirname "$DOCKER"):/usr/bin:/bin" HOME="$work" RUNNER_TEMP="$work/runner" \
    DOCKER_HOST="$DOCKER_HOST" DOCKER_CONFIG="$DOCKER_CONFIG" BERTH_INSECURE_REGISTRIES="$REG" "${ACTION_ENV[@]}" \
    "${event_env[@]}" GITHUB_OUTPUT="$work/gh-output" GITHUB_STEP_SUMMARY="$work/gh-summary" \
    INPUT_IMAGES="$2" INPUT_TAGS="$3" INPUT_CONTEXT="$1" "$BERTH"
}
tags_of() { # PREFIX N -> N tags, one per line
  local k
  for ((k = 1; k <= $2; k++)); do printf '%s-%d\n' "$1" "$k"; done
}
docker_pushes() { # IMAGE TAG...: one docker push per tag
  local image=$1 tag
  shift
  for tag in "$@"; do docker push "$image:$tag" || return 1; done
}

log "tags: building the sample app once (cached from then on)"
app=$work/app-tags
make_app "$app"
IMG3=$REG/bench/app-tags
docker build -q -t "$IMG3:warm" "$app" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; die "build failed"; }
docker push "$IMG3:warm" >/dev/null
timed run_action "$app" "$IMG3" "warm-berth"
pushed_tags=(warm warm-berth)
log "tags: pushing 1, 5 and 10 tags, $R3 rounds"
for ((r = 1; r <= R3; r++)); do
  for n in $( ((r % 2)) && echo "1 5 10" || echo "10 5 1"); do
    for tool in $( ((r % 2)) && echo "berth docker" || echo "docker berth"); do
      mapfile -t tags < <(tags_of "t-$RUN_ID-$r-$tool$n" "$n")
      pushed_tags+=("${tags[@]}")
      if [[ $tool == berth ]]; then
        mark
        timed run_action "$app" "$IMG3" "$(printf '%s\n' "${tags[@]}")"
        record tags "$n" berth "$r"
      else
        # The same cached build as berth's (all tags at once), timed apart; then one push per tag.
        targs=()
        for t in "${tags[@]}"; do targs+=(-t "$IMG3:$t"); done
        timed docker build -q "${targs[@]}" "$app"
        build_s=$T
        mark
        timed docker_pushes "$IMG3" "${tags[@]}"
        record tags "$n" docker "$r" "$(jq -nc --argjson b "$build_s" '{build_s: $b}')"
      fi
    done
  done
done
# Every tag pushed is in the registry.
"${SKOPEO[@]}" list-tags --tls-verify=false --authfile "$AUTHFILE" "docker://$IMG3" | jq -r '.Tags[]' | sort >"$work/listed"
missing=$(printf '%s\n' "${pushed_tags[@]}" | sort | comm -23 - "$work/listed" | wc -l)
((missing == 0)) || die "tags: $missing pushed tags are not in the registry"
remove_local bench/app-tags

log "e2e: berth build+push vs docker build + docker push of the same context and tag, $R5 rounds"
app=$work/app-e2e
make_app "$app"
IMG5=$REG/bench/app-e2e
# The default path: the docker CLI first in PATH and its default builder (the classic one when it has no
# buildx plugin, as here). Supplementary: BuildKit through Debian's 20.10 client (DOCKER_BUILDKIT=1 needs no
# buildx there), for berth (BERTH_DOCKER) and docker alike, on a tag of its own.
BK_DOCKER=/usr/bin/docker
docker_build_push() { docker build -t "$IMG5:e2e" "$1" && docker push "$IMG5:e2e"; }
docker_build_push_bk() { DOCKER_BUILDKIT=1 "$BK_DOCKER" build -t "$IMG5:e2e-bk" "$1" && "$BK_DOCKER" push "$IMG5:e2e-bk"; }
berth_bk() { ACTION_ENV=(BERTH_DOCKER="$BK_DOCKER" DOCKER_BUILDKIT=1); run_action "$1" "$IMG5" e2e-bk; local rc=$?; ACTION_ENV=(); return $rc; }
e2e_tools="berth docker"
# warm-up (base layer in the registry, daemon and caches warm), which also checks the BuildKit path works
timed docker_build_push "$app"
timed run_action "$app" "$IMG5" e2e
if [[ -x $BK_DOCKER ]] && DOCKER_BUILDKIT=1 "$BK_DOCKER" build -q -t "$IMG5:e2e-bk" "$app" >/dev/null 2>&1; then
  e2e_tools="berth docker berth-buildkit docker-buildkit"
  timed docker_build_push_bk "$app"
  timed berth_bk "$app"
else
  log "e2e: no BuildKit through $BK_DOCKER; only the default path is measured"
fi
for ((r = 1; r <= R5; r++)); do
  order=$e2e_tools
  ((r % 2)) || order=$(tr ' ' '\n' <<<"$e2e_tools" | tac | tr '\n' ' ')
  for tool in $order; do
    # A new commit each run: the app's version file changes, so every variant really builds and pushes a layer.
    echo "$tool $r $RUN_ID $EPOCHREALTIME" >"$app/app/version.txt"
    mark
    case $tool in
      berth)
        timed run_action "$app" "$IMG5" e2e
        grep -q '^digest<<' "$work/gh-output" || die "e2e: berth wrote no digest output" ;;
      docker) timed docker_build_push "$app" ;;
      berth-buildkit)
        timed berth_bk "$app"
        grep -q '^digest<<' "$work/gh-output" || die "e2e: berth wrote no digest output" ;;
      docker-buildkit) timed docker_build_push_bk "$app" ;;
    esac
    steps=$(grep -c '^Step [0-9]*/[0-9]* : LABEL' "$OUT" || true)
    record e2e small-app "$tool" "$r" "$(jq -nc --argjson n "$steps" '{classic_label_steps: $n}')"
  done
  # What berth runs before every build, alone: the two docker CLI probes.
  timed docker version --format '{{.Server.Version}}'
  jq -nc --argjson s "$T" --argjson run "$r" '{cmp: "probe", case: "docker version", tool: "docker", run: $run, s: $s}' >>"$SAMPLES"
  t0=$EPOCHREALTIME
  docker buildx version >/dev/null 2>&1 || true
  T=$(elapsed "$t0" "$EPOCHREALTIME")
  jq -nc --argjson s "$T" --argjson run "$r" '{cmp: "probe", case: "docker buildx version", tool: "docker", run: $run, s: $s}' >>"$SAMPLES"
done
remove_local bench/app-e2e

# ---- 6. comparison 4: start-up ------------------------------------------------------------------------
log "startup: berth tags (cold: first run of a fresh copy; warm: hyperfine), /bin/true and node -e 0"
cold=$work/cold
mkdir -p "$cold"
hf() { # NAME HYPERFINE-ARGS...: runs hyperfine under the sample event's environment
  env -i PATH=/usr/bin:/bin HOME="$work" "${event_env[@]}" \
    hyperfine -N --style none --export-json "$work/hf-$1.json" "${@:2}" >"$work/hf-$1.log" 2>&1 ||
    { cat "$work/hf-$1.log" >&2; die "hyperfine $1 failed"; }
}
hf cold --runs "$HF_COLD" --prepare "sh -c 'rm -f $cold/berth && cp $BERTH $cold/berth'" "$cold/berth tags"
hf warm1 --warmup 20 --runs "$HF_WARM" "$BERTH tags"
hf floor1 --warmup 20 --runs "$HF_WARM" /bin/true
has_node=0
if command -v node >/dev/null; then
  has_node=1
  hf node1 --warmup 3 --runs "$HF_NODE" "$(command -v node) -e 0"
fi
hf floor2 --warmup 20 --runs "$HF_WARM" /bin/true
hf warm2 --warmup 20 --runs "$HF_WARM" "$BERTH tags"
((has_node)) && hf node2 --warmup 3 --runs "$HF_NODE" "$(command -v node) -e 0"
for f in "$work"/hf-*.json; do
  name=$(basename "$f" .json)
  name=${name#hf-}
  jq -c --arg n "${name%[12]}" '.results[0] | {cmp: "startup", case: $n, tool: .command,
    times: .times, s: .median, user_mean_s: .user, system_mean_s: .system}' "$f" >>"$SAMPLES"
done

# ---- 7. comparison 6: sizes ---------------------------------------------------------------------------
image_note="" image_size=null image_gz=null image_build_s=null image_created=null
if docker image inspect berth:dev >/dev/null 2>&1; then
  image_note="berth:dev was already in the bench's daemon"
elif ((quick)); then
  image_note="not measured in --quick mode (berth:dev is not in the bench's daemon)"
elif ((!image_build)); then
  image_note="skipped (--no-image-build; berth:dev is not in the bench's daemon)"
elif [[ -x $root/scripts/build-image.sh ]]; then
  log "image: scripts/build-image.sh (BuildKit; several minutes when the sources changed)"
  t0=$EPOCHREALTIME
  if "$root/scripts/build-image.sh" >"$work/build-image.log" 2>&1; then
    image_note="built by scripts/build-image.sh during this run"
  else
    image_note="scripts/build-image.sh exited non-zero (over budget or failed; see its last lines in results.json)"
  fi
  image_build_s=$(elapsed "$t0" "$EPOCHREALTIME")
else
  image_note="skipped: scripts/build-image.sh does not exist yet"
fi
if docker image inspect berth:dev >/dev/null 2>&1; then
  image_size=$(docker image inspect -f '{{.Size}}' berth:dev)
  image_gz=$(docker save berth:dev | gzip -6 | wc -c) # what a pull transfers, near enough
  image_created=$(docker image inspect -f '{{.Created}}' berth:dev | jq -R .)
  docker history --no-trunc --format '{{.Size}}\t{{.CreatedBy}}' berth:dev >"$work/history.txt" 2>/dev/null || true
fi
unstripped=$root/build-static/berth/berth
[[ $BERTH_SOURCE == "$root/out/berth" && -x $unstripped ]] || unstripped=""
# Only if it is the build the measured binary was stripped from (it may have been rebuilt since).
if [[ -n $unstripped ]] && ! { strip -o "$work/restripped" "$unstripped" &&
  [[ $(sha256sum "$work/restripped" | cut -d' ' -f1) == "$berth_sha" ]]; }; then
  log "note: $unstripped is not the build of the measured binary; no size breakdown"
  unstripped=""
fi

# ---- 8. report -------------------------------------------------------------------------------------------
t_end=$EPOCHREALTIME
mem_total=$(free -b | awk '/^Mem:/ { print $2 }')
ver() { "$@" 2>&1 | head -n 1 | jq -R .; }
jq -n \
  --arg mode "$( ((quick)) && echo quick || echo full)" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --argjson nproc "$(nproc)" --argjson mem "$mem_total" \
  --arg free "$(free -h | sed -n 2p)" \
  --arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
  --arg kernel "$(uname -sr)" --arg load_end "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg git "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --argjson dirty "$(git -C "$root" status --porcelain 2>/dev/null | wc -l)" \
  --argjson berth_stale "$berth_stale" --arg berth_path "$BERTH_SOURCE" --arg berth_sha "$berth_sha" \
  --argjson berth_size "$(stat -c %s "$BERTH")" \
  --argjson berth_unstripped "$( [[ -n $unstripped ]] && stat -c %s "$unstripped" || echo null)" \
  --arg berth_mtime "$berth_mtime" \
  --argjson v_berth "$(ver "$BERTH" --version)" \
  --argjson v_docker "$(ver docker version --format 'client {{.Client.Version}}, server {{.Server.Version}}')" \
  --argjson v_skopeo "$(ver skopeo --version)" \
  --argjson v_registry "$(ver /usr/bin/docker-registry --version)" \
  --argjson v_hyperfine "$(ver hyperfine --version)" \
  --argjson v_node "$( ((has_node)) && ver node --version || echo null)" \
  --argjson v_jq "$(ver jq --version)" \
  --arg registry "$REG" --arg plain "$PLAIN" --arg testenv "$BERTH_TESTENV" \
  --argjson env_s "$env_s" --argjson total_s "$(elapsed "$t_start" "$t_end")" \
  --argjson image_size "$image_size" --argjson image_gz "$image_gz" --argjson image_build_s "$image_build_s" \
  --argjson image_created "$image_created" --arg image_note "$image_note" \
  --arg image_history "$(cat "$work/history.txt" 2>/dev/null || true)" \
  --arg image_build_tail "$(tail -n 5 "$work/build-image.log" 2>/dev/null || true)" \
  --argjson images "$(jq -s 'add // {}' "$work/images.jsonl")" \
  --argjson fast_reps "$FAST_REPS" \
  '{mode: $mode, date: $date,
    machine: {nproc: $nproc, mem_total_bytes: $mem, free: $free, cpu: $cpu, kernel: $kernel, loadavg_at_end: $load_end},
    versions: {berth: $v_berth, docker: $v_docker, skopeo: $v_skopeo, registry: $v_registry,
               hyperfine: $v_hyperfine, node: $v_node, jq: $v_jq},
    tree: {commit: $git, uncommitted_paths: $dirty},
    berth_binary: {path: $berth_path, sha256: $berth_sha, bytes: $berth_size, unstripped_bytes: $berth_unstripped,
                   built: $berth_mtime, older_than_sources: $berth_stale},
    registry: $registry, plain_registry: $plain, testenv: $testenv, random_images: $images, fast_reps: $fast_reps,
    image: {tag: "berth:dev", bytes: $image_size, gz_bytes: $image_gz, created: $image_created, note: $image_note,
            build_s: $image_build_s, history: $image_history, build_tail: $image_build_tail},
    durations: {testenv_up_s: $env_s, total_s: $total_s}}' >"$work/meta.json"

if ((quick)); then out=${BENCH_OUT:-$BERTH_TESTENV/bench-quick}; else out=${BENCH_OUT:-$bench}; fi
"$PY" "$bench/report.py" --meta "$work/meta.json" --samples "$SAMPLES" --registry-log "$REGLOG" \
  ${unstripped:+--unstripped "$unstripped"} --out "$out"
log "done in $(elapsed "$t_start" "$EPOCHREALTIME") s: $out/RESULTS.md, $out/results.json"
