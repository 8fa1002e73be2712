#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The end-to-end run: the test environment (registries, Debian 12's dockerd for the image
# build, the base image), the action image (scripts/build-image.sh, unless E2E_NO_BUILD=1),
# published where action.yml's runs.image says the runner pulls it from (docker://HOST/PATH:TAG:
# the local anonymous registry under the same PATH:TAG, e2e/action-image.sh), the daemons the
# scenarios run against (e2e/engine.sh: Engine 26 in its classic and containerd image stores,
# testenv/engine26.sh) with the base image in them (docker import of the base rootfs) and no
# copy of the action image (each step pulls it, as the runner does; with runs.image a
# Dockerfile the build is moved in with docker save | docker load instead), the harness
# self-test, then every scenario as a dry run and for real, each run through
# e2e/run-action.sh exactly as the runner starts a container action.
# Last line: "N passed, M failed"; exit 1 if anything failed.
# Scenarios marked "e2e: no --dry-run variant" make their own dry runs and run once.
# Stops the test environment afterwards if it started it.
# Usage: e2e/run-all.sh [SCENARIO[@ENGINE]...]
#   SCENARIO alone runs on $E2E_ENGINE (default 26-classic, a GitHub runner's image store);
#   SCENARIO@ENGINE on that engine (20.10, 26-classic, 26-containerd), its root and registry
#   repository named SCENARIO-ENGINE. Default: the workflows (push-default push-tag
#   pull-request promote release stack-promote init-workflow) and the credentials
#   (multi-registry pr-private-base)
#   on $E2E_ENGINE, then the BuildKit scenarios on both
#   Engine 26 stores (modern-dockerfile, platforms, split-merge, stack; cache-registry on
#   containerd).
#   E2E_DRY_ONLY=1  only the dry runs   E2E_KEEP=1  keep every scenario's runner root
#   E2E_NO_BUILD=1  use the existing $E2E_IMAGE (default berth:dev) instead of rebuilding it
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=SCRIPTDIR/lib.sh
source "$here/lib.sh"
default_engine=$E2E_ENGINE
# The image is built in (and the checks of the set-up below talk to) Debian 12's dockerd.
export DOCKER_HOST=unix://$STATE/docker.sock

entries=("$@")
((${#entries[@]})) || entries=(push-default push-tag pull-request promote release
  multi-registry pr-private-base
  modern-dockerfile@26-classic modern-dockerfile@26-containerd
  platforms@26-classic platforms@26-containerd
  cache-registry@26-containerd
  split-merge@26-classic split-merge@26-containerd
  stack@26-classic stack@26-containerd stack-matrix@26-classic stack-matrix@26-containerd
  stack-promote init-workflow)
engines=()
for e in "${entries[@]}"; do
  s=${e%%@*}
  engine=$default_engine
  [[ $e == *@* ]] && engine=${e#*@}
  [[ -x $here/scenarios/$s.sh ]] || { echo "run-all: no scenario $s (e2e/scenarios/)" >&2; exit 2; }
  case $engine in 20.10 | 26-classic | 26-containerd) ;; *) echo "run-all: no engine '$engine' in $e" >&2; exit 2 ;; esac
  [[ " ${engines[*]} " == *" $engine "* ]] || engines+=("$engine")
done

was_up=0
"$root/testenv/registry.sh" status all >/dev/null 2>&1 && "$root/testenv/dockerd.sh" status >/dev/null 2>&1 && was_up=1
((was_up)) || trap '"$root/testenv/down.sh" >/dev/null 2>&1 || true' EXIT
# With the test environment already up, the Engine 26 daemons this run starts are stopped again.
started26=()
if ((was_up)); then
  for engine in "${engines[@]}"; do
    [[ $engine == 26-* ]] || continue
    "$root/testenv/engine26.sh" status --store "${engine#26-}" >/dev/null 2>&1 || started26+=("${engine#26-}")
  done
  ((${#started26[@]})) && trap 'for s in "${started26[@]}"; do "$root/testenv/engine26.sh" down --store "$s" >/dev/null 2>&1; done' EXIT
fi
"$root/testenv/up.sh" >/dev/null || { echo "run-all: the test environment did not come up" >&2; exit 1; }
if [[ ${E2E_NO_BUILD:-0} != 1 ]]; then
  "$root/scripts/build-image.sh" "$E2E_IMAGE" >"$STATE/log/e2e-build-image.log" 2>&1 ||
    { tail -n 20 "$STATE/log/e2e-build-image.log"; echo "run-all: building $E2E_IMAGE failed" >&2; exit 1; }
  tail -n 1 "$STATE/log/e2e-build-image.log"
fi
docker image inspect "$E2E_IMAGE" >/dev/null 2>&1 || { echo "run-all: no image $E2E_IMAGE" >&2; exit 1; }
image_id=$(docker image inspect -f '{{.Id}}' "$E2E_IMAGE")
# docker://: the build published under runs.image's path and tag, pushed from the daemon that built it.
if ((E2E_PULL)); then
  { docker tag "$E2E_IMAGE" "$E2E_ACTION_IMAGE" && docker push "$E2E_ACTION_IMAGE"; } >"$STATE/log/e2e-publish.log" 2>&1 ||
    { tail -n 5 "$STATE/log/e2e-publish.log"; echo "run-all: publishing $E2E_ACTION_IMAGE failed" >&2; exit 1; }
  published=$(published_digest)
  [[ $published == sha256:* ]] || { echo "run-all: the registry has no $E2E_ACTION_IMAGE after the push" >&2; exit 1; }
  echo "e2e: runs.image $E2E_RUNS_IMAGE: $E2E_IMAGE published as $E2E_ACTION_IMAGE ($published); each step pulls it"
fi

# prepare_engine ENGINE: its daemon up, the action image and the base image in it.
prepare_engine() {
  local engine=$1 store sock t0 marker
  [[ $engine == 20.10 ]] && return 0
  store=${engine#26-}
  sock=$STATE/engine26-$store.sock
  t0=$(date +%s.%N)
  "$root/testenv/engine26.sh" up --store "$store" >/dev/null 2>>"$STATE/log/e2e-engine26.log" ||
    { tail -n 5 "$STATE/log/e2e-engine26.log"; echo "run-all: engine $engine did not come up" >&2; return 1; }
  # docker://: no copy of the image, so that the first step's pull downloads what was published
  # (the layers an earlier run left may be reused, as on a runner with a warm cache).
  # Dockerfile: the image moves once per build: a marker names the 20.10 image id last loaded
  # (in the containerd store an image's id is its manifest's digest, so ids cannot be compared).
  marker=$STATE/e2e-image-$store
  if ((E2E_PULL)); then
    DOCKER_HOST=unix://$sock docker image rm "$E2E_ACTION_IMAGE" >/dev/null 2>&1 || true
  elif [[ $(cat "$marker" 2>/dev/null) != "$image_id" ]] || ! DOCKER_HOST=unix://$sock docker image inspect "$E2E_IMAGE" >/dev/null 2>&1; then
    docker save "$E2E_IMAGE" | DOCKER_HOST=unix://$sock docker load -q >/dev/null ||
      { echo "run-all: loading $E2E_IMAGE into $engine failed" >&2; return 1; }
    echo "$image_id" >"$marker"
  fi
  if ! DOCKER_HOST=unix://$sock docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    # The same rootfs and changes as testenv/base-image.sh's import into Debian 12's dockerd.
    tar --numeric-owner -C "$STATE/base/rootfs" -c . | DOCKER_HOST=unix://$sock docker import \
      --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$BASE_IMAGE" >/dev/null || { echo "run-all: importing $BASE_IMAGE into $engine failed" >&2; return 1; }
  fi
  printf 'e2e: engine %s ready in %.1f s (%s)\n' "$engine" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" \
    "$(DOCKER_HOST=unix://$sock docker version -f 'server {{.Server.Version}}' 2>/dev/null), $(DOCKER_HOST=unix://$sock docker info -f 'driver {{.Driver}}' 2>/dev/null)"
}
for engine in "${engines[@]}"; do prepare_engine "$engine" || exit 1; done
echo "e2e: image $E2E_IMAGE (${image_id:0:19}), steps run $E2E_ACTION_IMAGE, registry $REG, engines ${engines[*]}, run $E2E_RUN_ID"
mkdir -p "$E2E_WORK"
log=$E2E_WORK/e2e.log
: >"$log"

runs=()
for e in "${entries[@]}"; do
  s=${e%%@*}
  if grep -q '^# e2e: no --dry-run variant' "$here/scenarios/$s.sh"; then
    [[ ${E2E_DRY_ONLY:-0} == 1 ]] || runs+=("$e")
    continue
  fi
  runs+=("$e --dry-run")
  [[ ${E2E_DRY_ONLY:-0} == 1 ]] || runs+=("$e")
done

start=$SECONDS
{
  echo "== harness self-test"
  "$here/selftest.sh"
  for r in "${runs[@]}"; do
    echo
    echo "== $r"
    t0=$(date +%s.%N)
    e=${r%% *} engine=$default_engine suffix=""
    [[ $e == *@* ]] && engine=${e#*@} suffix=${e#*@}
    # shellcheck disable=SC2086  # "scenario [--dry-run]"
    E2E_ENGINE=$engine E2E_SCENARIO_SUFFIX=$suffix "$here/scenarios/${e%%@*}.sh" ${r#"$e"} 2>&1 |
      tee "$E2E_WORK/scenario.out"
    rc=${PIPESTATUS[0]}
    if ((rc != 0)) && ! grep -q '^FAIL ' "$E2E_WORK/scenario.out"; then
      echo "FAIL $r: the scenario stopped with status $rc before its checks"
    fi
    printf 'TIME %-42s %6.1f s  %s\n' "$r" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" \
      "$( ((rc == 0)) && echo ok || echo FAILED)"
  done
} 2>&1 | tee "$log"

passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
echo
echo "time of each run (wall clock, including docker pull/run checks):"
grep '^TIME ' "$log" | sed 's/^TIME /  /'
if ((failed)); then
  echo "failed checks:"
  grep '^FAIL ' "$log" | sed 's/^/  /'
fi
echo "e2e: log $log, scenario roots under $E2E_WORK, $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
