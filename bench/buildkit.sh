#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# BuildKit benchmarks of berth, measured side by side in one run, on Docker Engine 26 (Debian 13's
# packages, testenv/engine26.sh) with buildx 0.13.1, against the token-auth test registry:
#   1. build+push: berth (run as the runner runs it: env -i, INPUT_*, GITHUB_*) against
#      `docker buildx build --push` with the very flags of berth's build step (read from berth's own
#      plan in its `json` output), on the same daemon, per image store (classic overlay2, containerd);
#   2. merge: berth `split: merge` (an image index of two platform tags, then one more tag) against
#      `docker buildx imagetools create` of the same index under the same two tags;
#   3. the action image's size, uncompressed and compressed (gzip of `docker save`).
# Variants are interleaved (A B, B A, ...); the table gives medians and ratios of medians. It never
# asserts a timing: it fails only when something does not work. Writes bench/BUILDKIT.md.
#
# Usage: bench/buildkit.sh [--rounds N] [--keep-env]     (default 7 rounds)
#   BENCH_TESTENV   state directory of the bench's own test environment (default /tmp/berth-bench-bk)
#   BENCH_PORT_BASE its port base (default 7500)
#   BENCH_BERTH     the berth binary (default out/berth, built by scripts/build-static.sh if missing)
#   BENCH_BERTH_BEFORE  optional: an earlier berth binary, timed in the same rounds (before/after)
#   BENCH_IMAGE     the action image to size (default berth:dev in the default test daemon, if there)
#   BENCH_OUT       the report's path (default bench/BUILDKIT.md)
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=7 keep_env=0
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --keep-env) keep_env=1; shift ;;
    -h | --help) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
log() { printf '[bench-bk %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { local us=$((${2/./} - ${1/./})); printf '%d.%06d' $((us / 1000000)) $((us % 1000000)); }

BERTH_SRC=${BENCH_BERTH:-$root/out/berth}
if [[ -z ${BENCH_BERTH:-} && ! -x $BERTH_SRC ]]; then
  log "building out/berth (scripts/build-static.sh)"
  "$root/scripts/build-static.sh" >&2
fi
[[ -x $BERTH_SRC ]] || die "no berth binary at $BERTH_SRC"
BEFORE_SRC=${BENCH_BERTH_BEFORE:-}
[[ -z $BEFORE_SRC || -x $BEFORE_SRC ]] || die "no berth binary at $BEFORE_SRC (BENCH_BERTH_BEFORE)"
OUT_MD=${BENCH_OUT:-$root/bench/BUILDKIT.md}

# The action image is sized where the tests built it (the default test daemon), before this
# script switches to its own environment.
IMAGE=${BENCH_IMAGE:-berth:dev}
size_raw="" size_gz="" buildx_in_image=""
default_docker_host=unix://${BERTH_TESTENV:-/tmp/berth-testenv}/docker.sock
if DOCKER_HOST=$default_docker_host docker image inspect "$IMAGE" >/dev/null 2>&1; then
  size_raw=$(DOCKER_HOST=$default_docker_host docker image inspect -f '{{.Size}}' "$IMAGE")
  size_gz=$(DOCKER_HOST=$default_docker_host docker save "$IMAGE" | gzip -6 | wc -c)
  buildx_in_image=$(DOCKER_HOST=$default_docker_host docker run --rm --entrypoint /usr/local/bin/docker \
    "$IMAGE" buildx version 2>/dev/null | head -1) || buildx_in_image=""
else
  log "no $IMAGE in the default test daemon (scripts/build-image.sh makes it): size not measured"
fi

# ---- the bench's own environment --------------------------------------------------------------------
export BERTH_TESTENV=${BENCH_TESTENV:-/tmp/berth-bench-bk}
export BERTH_PORT_BASE=${BENCH_PORT_BASE:-7500}
# The registries only: the bench's daemons are Engine 26's (no dockerd 20.10, no base image).
eval "$("$root/testenv/up.sh" --no-docker)"
eval "$("$root/testenv/engine26.sh" up --store both)"
REG=$BERTH_REG_TOKEN
export BERTH_INSECURE_REGISTRIES=$REG
work=$(mktemp -d "$BERTH_TESTENV/bench-bk.XXXXXX")
cleanup() {
  local rc=$?
  rm -rf "$work"
  if ((!keep_env)); then "$root/testenv/down.sh" >/dev/null 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT
cp "$BERTH_SRC" "$work/berth"
BERTH=$work/berth
if [[ -n $BEFORE_SRC ]]; then cp "$BEFORE_SRC" "$work/berth-before"; fi
DOCKER=/usr/local/bin/docker
# One private docker config: buildx as its plugin, and the registry login that berth (no password
# input: "else the docker config's") and buildx both use.
export DOCKER_CONFIG=$work/docker
mkdir -m 700 "$DOCKER_CONFIG"
mkdir "$DOCKER_CONFIG/cli-plugins"
ln -s "$BERTH_BUILDX_PLUGIN_DIR/docker-buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"
"$DOCKER" login "$REG" -u "$BERTH_USER" --password-stdin <"$BERTH_PASSWORD_FILE" >/dev/null 2>&1 ||
  die "docker login $REG failed"
buildx_version=$("$DOCKER" buildx version | head -1)

mapfile -t event_env < <(grep -v '^#' "$root/testdata/events/push_default.env" |
  sed "s#^GITHUB_EVENT_PATH=#GITHUB_EVENT_PATH=$root/testdata/events/#")
# action HOST INPUT=VALUE...: berth as the runner starts it; its outputs in $work/gh-output.
action() {
  local host=$1
  shift
  : >"$work/gh-output"
  : >"$work/gh-summary"
  local inputs=() kv
  for kv in "$@"; do inputs+=("INPUT_${kv%%=*}=${kv#*=}"); done
  env -i PATH="$(dirname "$DOCKER"):/usr/bin:/bin" HOME="$work" RUNNER_TEMP="$work/runner" \
    DOCKER_HOST="$host" DOCKER_CONFIG="$DOCKER_CONFIG" BERTH_INSECURE_REGISTRIES="$REG" \
    "${event_env[@]}" GITHUB_OUTPUT="$work/gh-output" GITHUB_STEP_SUMMARY="$work/gh-summary" \
    "${inputs[@]}" "${ACTION_BERTH:-$BERTH}"
}
# action_before HOST INPUT=VALUE...: the same with the earlier binary.
action_before() { ACTION_BERTH=$work/berth-before action "$@"; }
# output NAME: one output of the last action run (heredoc form of GITHUB_OUTPUT).
output() { awk -v n="$1" '$0 ~ "^" n "<<" { d = substr($0, length(n) + 3); on = 1; next }
  on && $0 == d { exit } on { print }' "$work/gh-output"; }
mkdir -p "$work/runner"  # once, here: a process spawned inside action() would be timed as berth's
SAMPLES=$work/samples.tsv
: >"$SAMPLES"
# timed CASE TOOL CMD...: one sample (seconds) of CMD; a failure stops the bench.
timed() {
  local t0 case=$1 tool=$2
  shift 2
  t0=$EPOCHREALTIME
  "$@" >"$work/last" 2>&1 || { tail -n 30 "$work/last" >&2; die "$case/$tool failed: $*"; }
  printf '%s\t%s\t%s\n' "$case" "$tool" "$(elapsed "$t0" "$EPOCHREALTIME")" >>"$SAMPLES"
}

# ---- 1. build+push ---------------------------------------------------------------------------------
app=$work/app
mkdir -p "$app/app"
printf 'FROM scratch\nCOPY app/ /app/\n' >"$app/Dockerfile"
head -c 262144 /dev/urandom | base64 >"$app/app/data.txt"

# The flags of berth's build step, from its dry run's plan, for the same context, image and tag.
docker_argv() { # HOST IMAGE TAG -> the build argv, one per line, paths made real
  action "$1" IMAGES="$2" TAGS="$3" CONTEXT="$app" DRY-RUN=true >/dev/null 2>&1 ||
    { die "berth's dry run failed on $1"; }
  output json | jq -r '.plan[] | select(.step == "build") | .argv[]' |
    sed "s#^\\\$BERTH_PRIVATE_DIR#$work/docker-private#"
}
for store in classic containerd; do
  host_var=BERTH_ENGINE26_${store^^}_HOST
  host=${!host_var}
  img=$REG/bench/bk-$store
  mapfile -t argv < <(docker_argv "$host" "$img" "b1.0.0")
  ((${#argv[@]})) || die "no build step in berth's plan on the $store store"
  [[ ${argv[1]:-} == buildx || ${argv[3]:-} == buildx ]] || log "note: berth's build step on $store is not buildx: ${argv[*]:0:4}"
  # Run with the bench's config (berth's private one exists only during its run): drop --config DIR,
  # and point --metadata-file/--iidfile at the work directory.
  mkdir -p "$work/docker-private"
  cmd=()
  skip=0
  for a in "${argv[@]}"; do
    if ((skip)); then skip=0; continue; fi
    if [[ $a == --config ]]; then skip=1; continue; fi
    cmd+=("$a")
  done
  printf '%s\n' "${cmd[*]}" >"$work/flags-$store.txt"
  log "build+push on the $store store: ${cmd[*]}"
  # Warm-up: the builder's cache and the registry's blobs exist for both.
  echo "warm $store" >"$app/app/version.txt"
  timed warm-$store docker env DOCKER_HOST="$host" "${cmd[@]}"
  timed warm-$store berth action "$host" IMAGES="$img" TAGS="b1.0.0" CONTEXT="$app"
  [[ -z $BEFORE_SRC ]] || timed warm-$store before action_before "$host" IMAGES="$img" TAGS="b1.0.0" CONTEXT="$app"
  for ((r = 1; r <= rounds; r++)); do
    order="berth docker"
    ((r % 2)) || order="docker berth"
    [[ -z $BEFORE_SRC ]] || { order="berth before docker"; ((r % 2)) || order="docker before berth"; }
    for tool in $order; do
      # A new layer every run: each variant really builds and pushes.
      echo "$tool $r $EPOCHREALTIME" >"$app/app/version.txt"
      if [[ $tool == berth ]]; then
        timed "build+push $store" berth action "$host" IMAGES="$img" TAGS="b1.0.0" CONTEXT="$app"
        [[ -n $(output digest) ]] || die "berth wrote no digest output"
        # berth's own account of the run: its checks before the plan, its build step.
        output json | jq -r --arg c "$store" '"parts \($c)\tchecks\t\(.timings.checks_ms / 1000)",
          "parts \($c)\tbuild\t\([.plan[] | select(.step == "build") | .ms] | add / 1000)",
          "parts \($c)\ttotal\t\(.timings.total_ms / 1000)"' >>"$SAMPLES"
      elif [[ $tool == before ]]; then
        timed "build+push $store" before action_before "$host" IMAGES="$img" TAGS="b1.0.0" CONTEXT="$app"
        output json | jq -r --arg c "$store" '"before \($c)\tchecks\t\(.timings.checks_ms / 1000)"' >>"$SAMPLES"
      else
        timed "build+push $store" docker env DOCKER_HOST="$host" "${cmd[@]}"
      fi
    done
  done
done

# ---- 2. merge: an index of two platform tags ----------------------------------------------------------
host=$BERTH_ENGINE26_CLASSIC_HOST
img=$REG/bench/bk-merge
for p in linux/amd64 linux/arm64; do
  echo "$p" >"$app/app/version.txt"
  DOCKER_HOST=$host "$DOCKER" buildx build -q --provenance=false --platform "$p" \
    -t "$img:m1.0.0-${p//\//-}" --push "$app" >/dev/null || die "pushing the $p part failed"
done
merge_berth() {
  action "$host" IMAGES="$img" TAGS=$'m1.0.0\nstable' PLATFORMS=linux/amd64,linux/arm64 SPLIT=merge
}
merge_docker() {
  DOCKER_HOST=$host "$DOCKER" buildx imagetools create -t "$img:i1.0.0" -t "$img:istable" \
    "$img:m1.0.0-linux-amd64" "$img:m1.0.0-linux-arm64"
}
merge_ok=1
if ! merge_berth >"$work/merge.log" 2>&1; then
  merge_ok=0
  log "berth's merge does not work here (tail of its log below): comparison 2 skipped"
  tail -n 15 "$work/merge.log" >&2
fi
if ((merge_ok)); then
  timed warm-merge docker merge_docker
  for ((r = 1; r <= rounds; r++)); do
    order="berth docker"
    ((r % 2)) || order="docker berth"
    for tool in $order; do
      if [[ $tool == berth ]]; then timed merge berth merge_berth; else timed merge docker merge_docker; fi
    done
  done
fi

# ---- report -------------------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
  print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { awk -F'\t' -v c="$1" -v t="$2" '$1 == c && $2 == t { print $3 }' "$SAMPLES" | median; }
n_of() { awk -F'\t' -v c="$1" -v t="$2" '$1 == c && $2 == t' "$SAMPLES" | wc -l; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
{
  echo "# BuildKit benchmarks"
  echo
  echo "Generated by \`bench/buildkit.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ), $rounds rounds, interleaved;"
  echo "medians and ratios of medians. Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (shared and noisy)."
  echo "Docker Engine 26.1.5 (Debian 13's docker.io), $buildx_version, docker CLI $("$DOCKER" --version | sed 's/Docker version //; s/,.*//');"
  echo "$("$BERTH" --version | head -1); registry: Debian's docker-registry with token auth on loopback."
  echo
  echo "| # | what | berth | docker | berth / docker | target |"
  echo "|---|---|---|---|---|---|"
  for store in classic containerd; do
    b=$(med "build+push $store" berth) d=$(med "build+push $store" docker)
    echo "| 1 | build+push, $store store (n=$(n_of "build+push $store" berth)) | $(ms "$b") | $(ms "$d") | $(ratio "$b" "$d") | <= 1.05x |"
  done
  if [[ -n $BEFORE_SRC ]]; then
    for store in classic containerd; do
      b=$(med "build+push $store" before) d=$(med "build+push $store" docker)
      echo "| 1 | build+push, $store store, the earlier berth (BENCH_BERTH_BEFORE) | $(ms "$b") | $(ms "$d") | $(ratio "$b" "$d") | - |"
    done
  fi
  if ((merge_ok)); then
    b=$(med merge berth) d=$(med merge docker)
    echo "| 2 | index of 2 platforms + 2 tags: berth \`split: merge\` vs \`imagetools create\` (n=$(n_of merge berth)) | $(ms "$b") | $(ms "$d") | $(ratio "$b" "$d") | - |"
  else
    echo "| 2 | merge | not measured: berth's merge failed | | | |"
  fi
  if [[ -n $size_raw ]]; then
    echo "| 3 | action image $IMAGE, uncompressed / gzip of docker save | $(mb "$size_raw") / $(mb "$size_gz") | | | compressed <= 45 MB |"
  else
    echo "| 3 | action image | not measured (no $IMAGE) | | | |"
  fi
  echo
  echo "The docker side of comparison 1 runs berth's own build command (its plan's argv, from a dry run),"
  echo "without the private \`--config\`: the same flags, labels, tag and \`--push\`. The app is"
  echo "\`FROM scratch\` + one COPY of 256 KiB plus a file that changes every run, so each run builds and"
  echo "pushes one new layer. berth's extra is its checks before the plan (the daemon's version and"
  echo "image store from its API socket; \`docker buildx inspect\` only when a builder may be named), the"
  echo "registry check before the build and the manifest read after it."
  [[ -z ${buildx_in_image:-} ]] || echo "The action image's buildx: $buildx_in_image."
  echo
  echo "berth's run from its own \`json\` timings (medians): the checks before the plan (the docker, buildx"
  echo "and registry probes), the build step (the same command as docker's), and the whole run:"
  echo
  echo "| store | checks | build step | berth total | docker buildx build --push |"
  echo "|---|---|---|---|---|"
  for store in classic containerd; do
    echo "| $store | $(ms "$(med "parts $store" checks)") | $(ms "$(med "parts $store" build)") | $(ms "$(med "parts $store" total)") | $(ms "$(med "build+push $store" docker)") |"
  done
  if [[ -n $BEFORE_SRC ]]; then
    echo
    echo "The earlier berth's checks before the plan (medians): classic $(ms "$(med "before classic" checks)"), containerd $(ms "$(med "before containerd" checks)")."
  fi
  echo
  echo "Build flags measured:"
  echo
  for store in classic containerd; do echo "- $store: \`$(cat "$work/flags-$store.txt")\`"; done
} >"$OUT_MD"
cat "$OUT_MD"
