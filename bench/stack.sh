#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 14's benchmark: a push that changes one leaf image of the sample stack (examples/stack),
# run by berth (`rebuild: changed`: the leaf builds, is tested and pushed; the three other images
# are re-tagged by manifest PUT), against the whole stack rebuilt (`rebuild: all`, the team's
# current way: all four build, are tested and pushed), measured side by side in one run.
#
#   * Docker Engine 26, classic image store (testenv/engine26.sh: what a GitHub runner's Docker
#     uses; --store containerd or both for the containerd store), buildx 0.13; the token-auth test registry of testenv/up.sh; the local Debian base
#     (testenv/base-image.sh's rootfs, imported as berth-base/debian:bookworm-slim).
#   * The sample stack copied into a fresh git repository per variant; every run is
#     `berth stack build` with the runner's environment (INPUT_*, GITHUB_* of a push to main,
#     GITHUB_SHA = the commit), from the repository's directory.
#   * Both sides run with `no-cache: true`, so no build is a layer-cache hit: side (a) really
#     rebuilds the changed leaf, side (b) really rebuilds every image. The two sides differ only in
#     the `rebuild` input. Each timed run is on a commit of its own that changes the same leaf file
#     (ml's model.txt or batch's jobs.txt, alternating every two rounds).
#   * Per variant: one full build + push of the first commit and one run of each side, untimed
#     (warm-up), then N rounds of one (a) and one (b), the order alternating per round.
#   * Variants: "light" is the sample as it is (COPY steps only); "heavy" appends to every image's
#     Dockerfile (in the copy only) a RUN step writing HEAVY_MB MiB of random data, so each built
#     image makes and pushes one new layer of that size (a stand-in for the team's large images).
# Prints a table (medians, ratios of medians, registry requests, images built / re-tagged). It
# never asserts a timing: it fails only when something does not work (including when a side does
# not decide as expected: (a) must build exactly the leaf and re-tag the three others).
#
# Usage: bench/stack.sh [--rounds N] [--heavy-mb M] [--variants light,heavy] [--store S] [--keep-env]
#   --rounds N       rounds per variant (default 3)
#   --store S        Engine 26's image store: classic (default), containerd or both (each store runs
#                    every variant, on a daemon of its own)
#   --heavy-mb M     MiB of the heavy variant's RUN step (default 48; 0 drops the heavy variant)
#   --variants LIST  which variants (default light,heavy)
#   --keep-env       leave the bench's registries and daemon running at the end
# Environment:
#   BENCH_TESTENV    state directory of the bench's own test environment (default /tmp/berth-bench-stack)
#   BENCH_PORT_BASE  its port base (default 7600)
#   BENCH_BERTH      the berth binary (default out/berth, built by scripts/build-static.sh if missing)
#   BENCH_OUT        the report's path (default bench/STACK.md, whose table also replaces section 7 of
#                    bench/RESULTS.md; with BENCH_OUT set, RESULTS.md is left alone)
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=3 heavy_mb=48 variants=light,heavy store=classic keep_env=0
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --heavy-mb) heavy_mb=$2; shift 2 ;;
    --variants) variants=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --keep-env) keep_env=1; shift ;;
    -h | --help) awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
log() { printf '[bench-stack %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { local us=$((${2/./} - ${1/./})); printf '%d.%06d' $((us / 1000000)) $((us % 1000000)); }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number (got '$rounds')"
[[ $heavy_mb =~ ^[0-9]+$ ]] || die "--heavy-mb must be a number of MiB (got '$heavy_mb')"
IFS=, read -r -a VARIANTS <<<"$variants"
for v in "${VARIANTS[@]}"; do [[ $v == light || $v == heavy ]] || die "--variants: unknown variant '$v'"; done
if ((heavy_mb == 0)); then
  kept=()
  for v in "${VARIANTS[@]}"; do [[ $v == heavy ]] || kept+=("$v"); done
  VARIANTS=("${kept[@]}")
fi
((${#VARIANTS[@]})) || die "no variant to run"
case $store in
  classic | containerd) STORES=("$store") ;;
  both) STORES=(classic containerd) ;;
  *) die "--store must be classic, containerd or both (got '$store')" ;;
esac
# The cases: STORE-VARIANT, each with a repository, an owner (bench-STORE-VARIANT) and samples of its own.
CASES=()
for s in "${STORES[@]}"; do for v in "${VARIANTS[@]}"; do CASES+=("$s-$v"); done; done
for c in git jq curl; do command -v "$c" >/dev/null || die "$c is missing"; done

BERTH_SRC=${BENCH_BERTH:-$root/out/berth}
if [[ -z ${BENCH_BERTH:-} && ! -x $BERTH_SRC ]]; then
  log "building out/berth (scripts/build-static.sh)"
  "$root/scripts/build-static.sh" >&2
fi
[[ -x $BERTH_SRC ]] || die "no berth binary at $BERTH_SRC"
"$BERTH_SRC" stack --help >/dev/null 2>&1 || die "$BERTH_SRC has no stack command (stale build?)"
if [[ -n $(find "$root/src" -newer "$BERTH_SRC" -name '*.cpp' -print -quit 2>/dev/null) ]]; then
  log "note: $BERTH_SRC is older than some sources; measuring it as it is"
fi

# ---- the bench's own environment --------------------------------------------------------------------
export BERTH_TESTENV=${BENCH_TESTENV:-/tmp/berth-bench-stack}
export BERTH_PORT_BASE=${BENCH_PORT_BASE:-7600}
STATE=$BERTH_TESTENV
# Registries (and, the first time only, Debian 12's dockerd to make the base rootfs with
# testenv/base-image.sh; it is stopped again, the bench's daemon is Engine 26's).
if [[ -f $STATE/base/rootfs.done ]]; then
  eval "$("$root/testenv/up.sh" --no-docker)"
else
  log "first run: making the Debian base rootfs (testenv/up.sh, debootstrap)"
  eval "$("$root/testenv/up.sh")"
  "$root/testenv/dockerd.sh" down >/dev/null 2>&1 || true
fi
for s in "${STORES[@]}"; do eval "$("$root/testenv/engine26.sh" up --store "$s")"; done
# host_of CASE: the daemon of the case's store
host_of() { local var=BERTH_ENGINE26_${1%%-*}_HOST; var=${var^^}; printf '%s' "${!var}"; }
REG=$BERTH_REG_TOKEN
REGLOG=$STATE/log/registry-token.log
DOCKER=/usr/local/bin/docker
BASE_IMAGE=berth-base/debian:bookworm-slim
for s in "${STORES[@]}"; do
  HOST=$(host_of "$s")
  if ! DOCKER_HOST=$HOST "$DOCKER" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    # As e2e/run-all.sh does: the same rootfs and changes as testenv/base-image.sh's import.
    tar --numeric-owner -C "$STATE/base/rootfs" -c . | DOCKER_HOST=$HOST "$DOCKER" import \
      --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$BASE_IMAGE" >/dev/null || die "importing $BASE_IMAGE into Engine 26 ($s store) failed"
  fi
done

work=$(mktemp -d "$STATE/bench-stack.XXXXXX")
cleanup() {
  local rc=$?
  rm -rf "$work"
  if ((!keep_env)); then
    for s in "${STORES[@]}"; do "$root/testenv/engine26.sh" down --store "$s" >/dev/null 2>&1 || true; done
    "$root/testenv/down.sh" >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
cp "$BERTH_SRC" "$work/berth"
BERTH=$work/berth
# One private docker config: buildx as its plugin, and the registry login (berth has no password
# input here: "else the docker config's").
export DOCKER_CONFIG=$work/docker
mkdir -m 700 "$DOCKER_CONFIG"
mkdir "$DOCKER_CONFIG/cli-plugins"
ln -s "$BERTH_BUILDX_PLUGIN_DIR/docker-buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"
DOCKER_HOST=$(host_of "${CASES[0]}") "$DOCKER" login "$REG" -u "$BERTH_USER" --password-stdin <"$BERTH_PASSWORD_FILE" >/dev/null 2>&1 ||
  die "docker login $REG failed"
mkdir -p "$work/runner"
RUN_ID=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
SAMPLES=$work/samples.tsv
: >"$SAMPLES"

# ---- one variant's repository -------------------------------------------------------------------------
# make_repo CASE: $work/CASE/repo, the sample stack as a git repository with one commit.
make_repo() {
  local v=$1 repo=$work/$1/repo name
  mkdir -p "$repo"
  cp -a "$root/examples/stack/." "$repo/"
  if [[ $v == *-heavy ]]; then
    for name in base notebook ml batch; do
      # After the image's COPY steps, so that a change to one of its files reruns it. As root (the
      # base image switches to user 1000), into a directory of the image's own.
      printf '%s\n' "USER 0" \
        "RUN mkdir -p /opt/bench && head -c ${heavy_mb}M /dev/urandom >/opt/bench/$name.bin && sha256sum /opt/bench/$name.bin" \
        "USER 1000:1000" >>"$repo/images/$name/Dockerfile"
    done
  fi
  git_repo "$v" init -q -b main
  commit "$v" "the stack"
}
git_repo() { git -C "$work/$1/repo" -c user.name=bench -c user.email=bench@example.invalid "${@:2}"; }
# commit VARIANT MESSAGE: commits everything; SHA is its sha, and the event a push of it.
commit() {
  local v=$1 t
  t=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  git_repo "$v" add -A
  GIT_COMMITTER_DATE=$t GIT_AUTHOR_DATE=$t git_repo "$v" commit -q -m "$2"
  SHA=$(git_repo "$v" rev-parse HEAD)
  jq -n --arg sha "$SHA" --arg t "$t" --arg owner "bench-$v" \
    '{ref: "refs/heads/main", before: "0000000000000000000000000000000000000000", after: $sha,
      repository: {name: "stack", full_name: "\($owner)/stack", default_branch: "main",
                   html_url: "https://github.com/\($owner)/stack", owner: {login: $owner}},
      pusher: {name: "bench"}, sender: {login: "bench"},
      head_commit: {id: $sha, timestamp: $t, message: "bench"},
      commits: [{id: $sha, timestamp: $t, message: "bench"}]}' >"$work/$v/event.json"
}
# touch_leaf VARIANT LEAF WHY: a change to one file the leaf's Dockerfile copies, committed.
touch_leaf() {
  local f
  case $2 in
    ml) f=images/ml/model.txt ;;
    batch) f=images/batch/jobs.txt ;;
  esac
  printf '# %s %s\n' "$3" "$EPOCHREALTIME" >>"$work/$1/repo/$f"
  commit "$1" "$2: $3"
}

# stack_run VARIANT REBUILD: `berth stack build` of the last commit, as a runner's step runs it.
stack_run() {
  local v=$1 rebuild=$2 owner=bench-$1
  : >"$work/gh-output"
  : >"$work/gh-summary"
  (cd "$work/$v/repo" && env -i PATH="$(dirname "$DOCKER"):/usr/bin:/bin" HOME="$work" \
    RUNNER_TEMP="$work/runner" DOCKER_HOST="$(host_of "$v")" DOCKER_CONFIG="$DOCKER_CONFIG" \
    BERTH_INSECURE_REGISTRIES="$REG" GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push \
    GITHUB_EVENT_PATH="$work/$v/event.json" GITHUB_REF=refs/heads/main GITHUB_REF_NAME=main \
    GITHUB_REF_TYPE=branch GITHUB_REPOSITORY="$owner/stack" GITHUB_REPOSITORY_OWNER="$owner" \
    GITHUB_SHA="$SHA" GITHUB_RUN_NUMBER=1 GITHUB_RUN_ID="$RUN_ID" GITHUB_SERVER_URL=https://github.com \
    GITHUB_WORKFLOW=stack GITHUB_WORKSPACE="$work/$v/repo" GITHUB_OUTPUT="$work/gh-output" \
    GITHUB_STEP_SUMMARY="$work/gh-summary" \
    INPUT_REGISTRY="$REG" INPUT_STACK=true INPUT_CALVER=true INPUT_REBUILD="$rebuild" INPUT_NO-CACHE=true INPUT_NETWORK=host \
    "INPUT_BUILD-ARGS=DEBIAN_IMAGE=$BASE_IMAGE
STACK_PREFIX=$REG/$owner" \
    "$BERTH" stack build)
}
# output NAME: one output of the last run (heredoc form of GITHUB_OUTPUT).
output() { awk -v n="$1" '$0 ~ "^" n "<<" { d = substr($0, length(n) + 3); on = 1; next }
  on && $0 == d { exit } on { print }' "$work/gh-output"; }
decisions() { output stack | jq -r '[.images[] | "\(.name)=\(.action)"] | join(" ")'; }

# Registry requests of one slice of the access log: total, manifest PUTs, blob uploads finished,
# blob HEADs, blob GETs and the bytes they served.
reg_counts() { # FROM TO
  tail -c +"$(($1 + 1))" "$REGLOG" | head -c "$(($2 - $1))" | awk '
    match($0, /"(GET|HEAD|PUT|POST|PATCH|DELETE) [^ ]+ HTTP\/[0-9.]+" [0-9]+ [0-9-]+/) {
      split(substr($0, RSTART + 1, RLENGTH - 1), f, /[ "]+/)
      m = f[1]; p = f[2]; st = f[4]; b = f[5]; n++
      if (st !~ /^2/) next
      if (m == "PUT" && p ~ /\/manifests\//) mput++
      else if (m == "PUT" && p ~ /\/blobs\/uploads\//) bup++
      else if (m == "HEAD" && p ~ /\/blobs\//) bhead++
      else if (m == "GET" && p ~ /\/blobs\//) { bget++; if (b != "-") bbytes += b }
    }
    END { printf "%d\t%d\t%d\t%d\t%d\t%d\n", n, mput, bup, bhead, bget, bbytes }'
}
# The bytes of the token registry's blob store (content-addressed: its growth is what was uploaded).
BLOBS=$STATE/registry/data-token/docker/registry/v2/blobs
blob_bytes() { du -sb "$BLOBS" 2>/dev/null | cut -f1; }

# timed VARIANT SIDE ROUND: one run of a side on the last commit, its sample recorded.
timed() {
  local v=$1 side=$2 r=$3 rebuild l0 l1 t0 t1 d built retagged want s0
  [[ $side == a ]] && rebuild=changed || rebuild=all
  l0=$(stat -c %s "$REGLOG")
  s0=$(blob_bytes)
  t0=$EPOCHREALTIME
  stack_run "$v" "$rebuild" >"$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; die "$v/$side: berth stack build failed"; }
  t1=$EPOCHREALTIME
  sleep 0.3 # the registry's last access-log lines (outside the timing)
  l1=$(stat -c %s "$REGLOG")
  d=$(decisions)
  built=$(output stack | jq '[.images[] | select(.action == "build")] | length')
  retagged=$(output stack | jq '[.images[] | select(.action == "retag")] | length')
  if [[ $side == a ]]; then
    want=$(output stack | jq -r --arg leaf "$LEAF" '[.images[] | "\(.name)=\(if .name == $leaf then "build" else "retag" end)"] | join(" ")')
  else
    want=$(output stack | jq -r '[.images[] | "\(.name)=build"] | join(" ")')
  fi
  [[ $d == "$want" ]] || { log "$(output stack | jq -c .changes)"; die "$v/$side (round $r, $LEAF changed): decided '$d', expected '$want'"; }
  [[ $(output stack | jq -r '[.steps[].status] | unique | join(",")') == "done" ]] ||
    die "$v/$side: not every step of the plan was done"
  # berth's own account: the build, test, push and re-tag/tag steps' times (ms).
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$side" "$r" "$(elapsed "$t0" "$t1")" "$built" "$retagged" \
    "$(output stack | jq -r '[(["build", "test", "push", "tag"][] as $k | [.steps[] | select(.step == $k) | .ms] | add // 0)] | @tsv')" \
    "$(reg_counts "$l0" "$l1" | tr '\t' ' ') $(($(blob_bytes) - s0))" >>"$SAMPLES"
  output tag-names | tail -n +2 | paste -sd, >"$work/moving-tags"
  log "$v round $r side $side ($rebuild, $LEAF changed): $(elapsed "$t0" "$t1") s; $d"
}

# ---- the runs -------------------------------------------------------------------------------------------
for v in "${CASES[@]}"; do
  mkdir -p "$work/$v"
  make_repo "$v"
  log "$v: first full build + push (untimed)"
  t0=$EPOCHREALTIME
  stack_run "$v" changed >"$work/last.log" 2>&1 || { tail -n 40 "$work/last.log" >&2; die "$v: the first run failed"; }
  [[ $(decisions) == "base=build notebook=build ml=build batch=build" ]] || die "$v: the first run decided '$(decisions)'"
  log "$v: first run $(elapsed "$t0" "$EPOCHREALTIME") s"
  # Warm-up, untimed: one run of each side (the daemon, BuildKit and the registry warm for both).
  LEAF=ml
  touch_leaf "$v" ml "warm-up a"
  timed "$v" a 0
  touch_leaf "$v" ml "warm-up b"
  timed "$v" b 0
  for ((r = 1; r <= rounds; r++)); do
    if (((r - 1) / 2 % 2)); then LEAF="batch"; else LEAF="ml"; fi
    order="a b"
    ((r % 2)) || order="b a"
    for side in $order; do
      touch_leaf "$v" "$LEAF" "round $r side $side"
      timed "$v" "$side" "$r"
    done
  done
done

# ---- report -------------------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
  print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# col VARIANT SIDE N: the medians of column N of the timed rounds (round > 0)
col() { awk -F'\t' -v v="$1" -v s="$2" -v n="$3" '$1 == v && $2 == s && $3 > 0 { print $n }' "$SAMPLES" | median; }
# regcol VARIANT SIDE K: median of the K-th registry count (column 11 holds them, space-separated)
regcol() { awk -F'\t' -v v="$1" -v s="$2" -v k="$3" '$1 == v && $2 == s && $3 > 0 { split($11, c, " "); print c[k] }' "$SAMPLES" | median; }
n_of() { awk -F'\t' -v v="$1" -v s="$2" '$1 == v && $2 == s && $3 > 0' "$SAMPLES" | wc -l; }
secs() { awk -v s="$1" 'BEGIN { printf "%.2f s", s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# paired per-round ratio b/a, median
paired() { awk -F'\t' -v v="$1" '$1 == v && $3 > 0 { t[$3 "," $2] = $4; r[$3] = 1 }
  END { for (k in r) print t[k ",b"] / t[k ",a"] }' "$SAMPLES" | median; }
mbs() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
ms_s() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
engine_version=$(DOCKER_HOST=$(host_of "${CASES[0]}") "$DOCKER" version -f '{{.Server.Version}}' 2>/dev/null || echo '?')
buildx_version=$("$DOCKER" buildx version 2>/dev/null | awk '{ print $2 }')
{
  echo "Generated by \`bench/stack.sh --rounds $rounds --heavy-mb $heavy_mb --variants $(IFS=,; echo "${VARIANTS[*]}") --store $store\` on $(date -u +%Y-%m-%dT%H:%M:%SZ); medians of $rounds rounds"
  echo "per side, sides interleaved (a b, b a, ...). Machine: $(nproc) cores, load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (shared with other work: noisy)."
  echo "Docker Engine $engine_version ($(IFS=,; echo "${STORES[*]}") image store: classic is overlay2, a GitHub runner's default), buildx $buildx_version; $("$BERTH" --version | head -1);"
  echo "registry: Debian's docker-registry with token auth on loopback (testenv)."
  echo
  echo "| store, variant | (a) berth, one leaf changed | (b) whole stack rebuilt | (b) / (a) | paired per-round (b)/(a), median | images built / re-tagged, (a) vs (b) |"
  echo "|---|---|---|---|---|---|"
  for v in "${CASES[@]}"; do
    a=$(col "$v" a 4) b=$(col "$v" b 4)
    label="${v%%-*}, ${v#*-}"
    [[ $v == *-heavy ]] && label="$label (+ RUN writing ${heavy_mb} MiB per image)"
    echo "| $label | $(secs "$a") (n=$(n_of "$v" a)) | $(secs "$b") (n=$(n_of "$v" b)) | **$(ratio "$b" "$a")** | $(awk -v x="$(paired "$v")" 'BEGIN { printf "%.2fx", x }') | $(col "$v" a 5) / $(col "$v" a 6) vs $(col "$v" b 5) / $(col "$v" b 6) |"
  done
  echo
  echo "Where the time goes (medians of berth's own step times from its \`stack\` output, seconds: builds, tests, pushes, tag PUTs),"
  echo "and the registry's side, medians per run: requests in its access log (all, with the 401s of token challenges;"
  echo "the other columns count successful ones), blob uploads finished, blob GETs and the MB they served, and the growth"
  echo "of its blob store (content-addressed: the new bytes uploaded):"
  echo
  echo "| store, variant | side | total | build | test | push | tag PUTs | requests | manifest PUTs | blob uploads | blob HEADs | blob GETs / MB | MB stored |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for v in "${CASES[@]}"; do
    for side in a b; do
      echo "| ${v%%-*}, ${v#*-} | $side | $(secs "$(col "$v" "$side" 4)") | $(ms_s "$(col "$v" "$side" 7)") | $(ms_s "$(col "$v" "$side" 8)") | $(ms_s "$(col "$v" "$side" 9)") | $(ms_s "$(col "$v" "$side" 10)") | $(regcol "$v" "$side" 1) | $(regcol "$v" "$side" 2) | $(regcol "$v" "$side" 3) | $(regcol "$v" "$side" 4) | $(regcol "$v" "$side" 5) / $(mbs "$(regcol "$v" "$side" 6)") | $(mbs "$(regcol "$v" "$side" 7)") |"
    done
  done
  echo
  moving=$(sed -E 's/sha-[0-9a-f]{7}/sha-<7 hex>/g; s/,/, /g' "$work/moving-tags" 2>/dev/null)
  echo "Every run is \`berth stack build\` with \`no-cache: true\` on a commit of its own, which changes one file the"
  echo "leaf copies (ml's model.txt or batch's jobs.txt: the same leaf for both sides of a round; ml in rounds 1-2,"
  echo "batch in 3-4, ...). (a) \`rebuild: changed\`: berth compares the commit with the newest earlier one every image"
  echo "has a build tag of (the run before it), builds the leaf (FROM its parent's tag in the registry, which BuildKit"
  echo "resolves there), runs its tests and pushes it, and re-tags the three other images by manifest PUT."
  echo "(b) \`rebuild: all\`: all four images build (each child FROM its parent just built), run their tests (the"
  echo "3 common ones, their ancestors' and their own: 21 containers against (a)'s 6 or 7) and are pushed. Both sides"
  echo "then move the run's other tags ($moving) of every image by PUT. No build is a layer-cache hit"
  echo "(no-cache), so each built image has new layers (BuildKit dates the directories its COPY steps create): (b)"
  echo "uploads the layers of four images, (a) of one; the Debian base layer is in the registry already (HEAD only)."
  if [[ " ${VARIANTS[*]} " == *" heavy "* ]]; then
    echo "The heavy variant appends \`RUN head -c ${heavy_mb}M /dev/urandom >/opt/bench/NAME.bin && sha256sum ...\` (as root)"
    echo "to each image's Dockerfile in the bench's copy, after its COPY steps: every built image writes and pushes"
    echo "one new layer of ${heavy_mb} MiB (a stand-in for the team's large images; real builds also download and compile)."
  fi
  echo "The daemon keeps its images between runs (like a warm or self-hosted runner): (a)'s leaf build finds its"
  echo "parents' layers locally (the registry serves it their manifests only, no blob). On a fresh GitHub runner (a)"
  echo "would first pull its parent chain and (b) the Debian base: that cost is not in this table."
  echo "The ratio is what a team saves per leaf change on this stack's shape (one leaf of four images, tests in"
  echo "every built image); it grows with the images' build time and the stack's size, and shrinks on a warm layer"
  echo "cache. The machine is shared with other work (2 cores, load above): read the ratios, not the absolute seconds."
} >"$work/table.md"
cat "$work/table.md"
# bench/STACK.md (or BENCH_OUT), and the same as section 7 of bench/RESULTS.md (bench/report.py
# keeps it there when bench/run.sh rewrites that file).
{
  echo "# Stack benchmark: one leaf changed against the whole stack rebuilt"
  echo
  cat "$work/table.md"
} >"${BENCH_OUT:-$root/bench/STACK.md}"
if [[ -z ${BENCH_OUT:-} && -f $root/bench/RESULTS.md ]]; then
  /usr/bin/python3 "$root/bench/report.py" --splice-stack "$root/bench/STACK.md" "$root/bench/RESULTS.md" ||
    log "could not put the table into bench/RESULTS.md"
fi
# The bench's images in the daemons, removed (the registry keeps its copies).
for s in "${STORES[@]}"; do
  HOST=$(host_of "$s")
  DOCKER_HOST=$HOST "$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' | grep "^$REG/bench-" |
    xargs -r env DOCKER_HOST="$HOST" "$DOCKER" image rm >/dev/null 2>&1 || true
done
