#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A two-platform image: a push of v1.2.3 with platforms linux/amd64,linux/arm64 and a
# Dockerfile whose `RUN uname -m` runs on each platform, arm64's under qemu-aarch64 (binfmt_misc
# with the F flag, testenv/binfmt.sh: brought up for the scenario and taken down again if it was
# not up), then a COPY. Its base is a local per-platform image,
# `FROM berth-base/busybox:$TARGETARCH` (BuildKit's automatic arg; declaring it empties it) (testenv/base-image.sh --platform-bases imports
# busybox-static of each arch with docker import --platform): a local image name holds one
# platform on either image store, and nothing is pulled. Checked against the
# registry's API: the digest output is an image index whose platforms are exactly the two,
# each manifest's config names its architecture, its RUN layer holds the machine name that
# `uname -m` printed on that platform (x86_64, aarch64), its last layer this run's nonce, and
# every tag points at the index. On the containerd image store buildx builds both platforms
# at once; on the classic store (a GitHub runner's default) berth builds one per platform,
# pushes each under its platform tag (<tag>-linux-arm64) and assembles the index itself.
# Usage: e2e/scenarios/platforms.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "platforms$([[ $dry == true ]] && echo -dry)"
cat >"$SC_WS/Dockerfile" <<'DOCKERFILE'
FROM berth-base/busybox:${TARGETARCH}
RUN uname -m > /uname.txt
COPY hello.txt /hello.txt
DOCKERFILE
if [[ $dry == false ]]; then
  # The per-platform bases in this scenario's daemon, and qemu-aarch64 for arm64's RUN.
  "$REPO_ROOT/testenv/base-image.sh" --platform-bases "$DOCKER_SOCK" ||
    { bad "the per-platform base images (testenv/base-image.sh --platform-bases)"; finish; exit 1; }
  if ! "$REPO_ROOT/testenv/binfmt.sh" status >/dev/null 2>&1; then
    "$REPO_ROOT/testenv/binfmt.sh" up || { bad "qemu-aarch64 in binfmt_misc (testenv/binfmt.sh up)"; finish; exit 1; }
    trap '"$REPO_ROOT/testenv/binfmt.sh" down' EXIT
  fi
fi
tags=(1.2.3 1.2 1 latest)
event_push refs/tags/v1.2.3
run_planned_step $dry --github event_name=push --github ref=refs/tags/v1.2.3 --github sha="$SC_SHA" \
  -i registry="$REG" -i image="$SC_REPO" -i platforms=linux/amd64,linux/arm64

check_step_basics
check_tags_output "$REG/$SC_REPO" "${tags[@]}"
if [[ $dry == true ]]; then
  expect "dry run: nothing in the registry" "$(reg_tags "$SC_REPO" | paste -sd' ')" ""
  expect "dry run: no digest" "$(output digest)" ""
  finish
  exit
fi

digest=$(output digest)
check_index "$SC_REPO" "$digest" linux/amd64 linux/arm64 "${tags[@]}"
# Each platform's image: its config says its architecture, its RUN layer holds what
# `uname -m` printed there, its last layer is hello.txt.
index=$(reg_manifest "$SC_REPO" "$digest")
declare -A machine=([amd64]=x86_64 [arm64]=aarch64)
for arch in amd64 arm64; do
  m=$(jq -r --arg a "$arch" '.manifests[] | select(.platform.os == "linux" and .platform.architecture == $a) | .digest' <<<"$index" | head -n 1)
  manifest=$(reg_manifest "$SC_REPO" "$m")
  config=$(reg_blob "$SC_REPO" "$(jq -r .config.digest <<<"$manifest")")
  expect "linux/$arch: the image config's architecture" "$(jq -r .architecture <<<"$config")" "$arch"
  expect "linux/$arch: the revision label" \
    "$(jq -r '.config.Labels["org.opencontainers.image.revision"] // ""' <<<"$config")" "$SC_SHA"
  got=$(reg_blob "$SC_REPO" "$(jq -r '.layers[-1].digest' <<<"$manifest")" | tar -xzOf - hello.txt 2>/dev/null)
  expect "linux/$arch: the layer holds this run's hello.txt" "$got" "$SC_NONCE"
  got=$(reg_blob "$SC_REPO" "$(jq -r '.layers[-2].digest' <<<"$manifest")" | tar -xzOf - uname.txt 2>/dev/null)
  expect "linux/$arch: RUN uname -m ran on $arch" "$got" "${machine[$arch]}"
done
# Besides the tags, only platform tags (<tag>-linux-<arch>, the classic store's per-platform
# pushes) may be in the repository.
extra=$(reg_tags "$SC_REPO" | { grep -vxF -f <(printf '%s\n' "${tags[@]}") || true; } | { grep -vE -- '-linux-(amd64|arm64)$' || true; } | paste -sd' ')
expect "no other tags in the repository" "$extra" ""
check_build_log_fenced
finish
