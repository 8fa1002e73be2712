#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A modern Dockerfile (e2e/modern-app/Dockerfile): RUN --mount=type=cache, RUN
# --mount=type=secret reading a secret passed with the `secrets` input, COPY --link,
# heredocs (COPY and RUN), multi-stage with `target: final`. A push of v1.2.3; the pulled
# image runs and shows what each feature left. Then the secret's value is searched for, and
# must be nowhere: the step log (but the ::add-mask:: line the runner hides), the docker
# command line, the image's layers and config (docker save, every blob decompressed), the
# pushed blobs in the registry, `docker history --no-trunc`, `docker image inspect`, and
# every file left behind in the runner's work tree (temp, home, file commands, workspace).
# Usage: e2e/scenarios/modern-dockerfile.sh [--dry-run]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
dry=false; [[ ${1:-} == --dry-run ]] && dry=true
new_scenario "modern-dockerfile$([[ $dry == true ]] && echo -dry)"
cp "$E2E_DIR/modern-app/Dockerfile" "$SC_WS/Dockerfile"
secret=e2e-build-secret-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
tags=(1.2.3 1.2 1 latest)
event_push refs/tags/v1.2.3
run_planned_step $dry --github event_name=push --github ref=refs/tags/v1.2.3 --github sha="$SC_SHA" \
  -i registry="$REG" -i image="$SC_REPO" -i target=final -i "secrets=token=$secret"

check_step_basics
check_tags_output "$REG/$SC_REPO" "${tags[@]}"
check_push_outcome $dry "${tags[@]}"
if [[ $dry == false ]]; then check_build_steps "$STEP_OUT"; fi

# nowhere WHAT FILE...: the secret is in none of the files (binary files too)
nowhere() {
  local what=$1 hits; shift
  hits=$({ grep -laF -- "$secret" "$@" 2>/dev/null || true; } | head -n 3 | paste -sd' ')
  if [[ -z $hits ]]; then ok "the secret is not in $what"; else bad "the secret is in $what: $hits"; fi
}
# The control: the same search finds the value where it is (in a gzip'd blob, as layers are).
printf 'x%sx' "$secret" | gzip >"$SC_ROOT/control.gz"
zcat -f "$SC_ROOT/control.gz" >"$SC_ROOT/control.all"
if grep -laF -- "$secret" "$SC_ROOT/control.all" >/dev/null; then ok "control: the search finds the secret in a gzip'd blob"
else bad "control: the search does not find the secret where it is"; fi
rm -f "$SC_ROOT/control.gz" "$SC_ROOT/control.all"
for s in "$SC_ROOT"/steps/*/; do
  # The runner hides ::add-mask:: lines; anything else holding the value would be shown.
  if grep -v '^::add-mask::' "$s/log.txt" | grep -qF -- "$secret"; then bad "the secret is in the log of step ${s%/}"
  else ok "the secret is not in the log of step $(basename "$s") (add-mask lines aside)"; fi
  nowhere "the docker command line of step $(basename "$s")" "$s/docker-cmd.txt"
done
files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$SC_ROOT/work" -type f -print0)
nowhere "the ${#files[@]} files left in the runner's work tree (temp, home, file commands, workspace)" "${files[@]}"
left=$(find "$SC_ROOT/work/_temp" -mindepth 1 -maxdepth 1 \
  ! -name _github_home ! -name _github_workflow ! -name _runner_file_commands ! -name ca.crt)
expect "nothing left behind in RUNNER_TEMP" "$left" ""

if [[ $dry == false ]]; then
  image=$REG/$SC_REPO:1.2.3
  out=$(host_docker run --rm --network none "$image" 2>/dev/null)
  expect "COPY <<heredoc wrote its file" "$(sed -n 1p <<<"$out")" "written by a heredoc"
  expect "RUN <<heredoc ran its script" "$(sed -n 2p <<<"$out")" "run by a heredoc"
  expect "the secret mount held the secret (its sha256)" "$(sed -n 3p <<<"$out")" \
    "$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)"
  check "the cache mount was written through" grep -qE '^[0-9]+$' <<<"$(sed -n 4p <<<"$out")"
  check "target: final left the later debug stage out" host_docker run --rm --network none --entrypoint sh "$image" -c '! test -e /debug.txt'
  check "the cache mount's directory is not in the image" host_docker run --rm --network none --entrypoint sh "$image" -c '! test -e /var/cache/berth-e2e/runs'
  check "the secret file is not in the image" host_docker run --rm --network none --entrypoint sh "$image" -c '! test -e /run/secrets/token'

  saved=$SC_ROOT/image-save
  mkdir -p "$saved"
  if host_docker save "$image" | tar -xf - -C "$saved"; then
    # Every blob and layer, decompressed where compressed (the containerd store saves gzip blobs).
    while IFS= read -r -d '' f; do zcat -f "$f"; done < <(find "$saved" -type f -print0) >"$SC_ROOT/image-save.all"
    ok "docker save of the image ($(du -sh "$saved" | cut -f1))"
    nowhere "the image's layers and config (docker save)" "$SC_ROOT/image-save.all"
  else bad "docker save of the image"; fi
  manifest=$(reg_image_manifest "$SC_REPO" "$(output digest)")
  for d in $(jq -r '.config.digest, .layers[].digest' <<<"$manifest"); do reg_blob "$SC_REPO" "$d" | zcat -f; done >"$SC_ROOT/registry-blobs.all"
  check "the registry's blobs of the image were read" test -s "$SC_ROOT/registry-blobs.all"
  nowhere "the blobs pushed to the registry" "$SC_ROOT/registry-blobs.all"
  host_docker history --no-trunc "$image" >"$SC_ROOT/history.txt" 2>&1
  check "docker history --no-trunc shows the build's steps (the cache-mount RUN)" grep -qF 'wc -l </var/cache/berth-e2e/runs' "$SC_ROOT/history.txt"
  nowhere "docker history --no-trunc" "$SC_ROOT/history.txt"
  host_docker image inspect "$image" >"$SC_ROOT/inspect.json"
  nowhere "docker image inspect (the image config)" "$SC_ROOT/inspect.json"
  rm -rf "$saved" "$SC_ROOT/image-save.all" "$SC_ROOT/registry-blobs.all"
fi
finish
