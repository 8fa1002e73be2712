#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Proves engine26.sh's daemons build with BuildKit through buildx (docker driver) and push to the test
# registries, in both image stores:
#   scratch   FROM scratch + COPY --link + a heredoc COPY, --push to the plain registry (anonymous HTTP)
#   run       FROM the local Debian base image (imported from base-image.sh's debootstrap rootfs):
#             RUN --mount=type=secret and RUN --mount=type=cache, --push to the TLS registry (test CA,
#             basic auth through `docker login` into a throw-away DOCKER_CONFIG)
#   multi     --platform linux/amd64,linux/arm64 FROM scratch, --push; the registry must hold an OCI index
#             with both platforms (containerd store; the classic store must refuse it, as Docker does)
# Whatever it starts (registries, Debian 12's dockerd for the rootfs, the engine26 daemons) it stops again,
# by pidfile; what was already running is left running. Ends with a table and "N passed, M failed".
# Usage: testenv/engine26-smoke.sh [--no-run]   (--no-run skips the base image and the RUN build)
#   BERTH_ENGINE26_ROOTFS=DIR  use this finished rootfs instead of $STATE/base/rootfs (no debootstrap)
set -euo pipefail
here=$(dirname "$0")
source "$here/env.sh"

with_run=1
case ${1:-} in
  "") ;;
  --no-run) with_run=0 ;;
  *) die "usage: $0 [--no-run]" ;;
esac

T=$(mktemp -d /tmp/berth-e26smoke.XXXXXX)
started=()   # what to stop at the end, in reverse: "registries", "dockerd", "engine26:<store>"
cleanup() {
  local i s
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    s=${started[i]}
    case $s in
      registries) "$here/registry.sh" down all ;;
      dockerd) "$here/dockerd.sh" down ;;
      engine26:*) "$here/engine26.sh" down --store "${s#engine26:}" ;;
    esac
  done
  rm -rf "$T"
}
trap cleanup EXIT

rows=() pass=0 fail=0
now() { date +%s.%N; }
secs() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
# row STORE WHAT RESULT SECONDS [detail]: RESULT is PASS, FAIL or SKIP.
row() {
  rows+=("$(printf '%-10s | %-44s | %-4s | %6s s | %s' "$1" "$2" "$3" "$4" "${5:-}")")
  case $3 in PASS) pass=$((pass + 1)) ;; FAIL) fail=$((fail + 1)) ;; esac
}
last() { tail -n 1 "$T/log" | cut -c1-150; }

# --- services: registries, the engine26 daemons --------------------------------------------------------
t0=$(now)
mkdir -p "$STATE"
if ! "$here/registry.sh" status >/dev/null 2>&1; then
  started+=(registries)
  "$here/certs.sh"
  "$here/registry.sh" up all
fi
row - "registries up" PASS "$(secs "$t0")"

t0=$(now)
"$here/engine26.sh" fetch
row - "engine26 fetch (download + unpack, or cached)" PASS "$(secs "$t0")"

for s in classic containerd; do
  if ! "$here/engine26.sh" status --store "$s" >/dev/null 2>&1; then
    started+=("engine26:$s")
    t0=$(now)
    if "$here/engine26.sh" up --store "$s" >/dev/null 2>"$T/log"; then
      row "$s" "dockerd 26 up" PASS "$(secs "$t0")"
    else
      cat "$T/log" >&2
      row "$s" "dockerd 26 up" FAIL "$(secs "$t0")" "$(last)"
    fi
  else
    row "$s" "dockerd 26 up (already running)" PASS 0
  fi
done
eval "$("$here/engine26.sh" env)"
PLUGIN_DIR=$BERTH_BUILDX_PLUGIN_DIR

# d STORE ARGS...: the docker CLI (static, with buildx) against one store, with a throw-away config.
mkdir -p "$T/cfg/cli-plugins"
chmod 700 "$T/cfg"
ln -s "$PLUGIN_DIR/docker-buildx" "$T/cfg/cli-plugins/docker-buildx"
d() {
  local host
  host=BERTH_ENGINE26_$(tr '[:lower:]' '[:upper:]' <<<"$1")_HOST
  DOCKER_HOST=${!host} DOCKER_CONFIG=$T/cfg /usr/local/bin/docker "${@:2}"
}

TAG=t$(date +%s)-$$
P=http://$PLAIN_ADDR
S=https://$TLS_ADDR
(umask 077; printf 'user = "%s:%s"\n' "$TEST_USER" "$(<"$PASSWORD_FILE")" >"$T/tls.curlrc")
IDX=application/vnd.oci.image.index.v1+json
ACCEPT="$IDX,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json,application/vnd.docker.distribution.manifest.list.v2+json"
# manifest BASEURL REPO REF [curl args]: the manifest to $T/manifest, prints "STATUS MEDIATYPE".
manifest() {
  local code
  code=$(curl -s -o "$T/manifest" -w '%{http_code}' -H "Accept: $ACCEPT" "${@:4}" "$1/v2/$2/manifests/$3" || true)
  echo "$code $(jq -r '.mediaType // "?"' "$T/manifest" 2>/dev/null || echo '?')"
}

# --- the build contexts (the RUN step compares the secret's hash: its value is in no file but $T/secret) -----------------------------------------------------------------------------------
mkdir -p "$T/scratch" "$T/run" "$T/multi"
echo "hello from berth engine26 smoke $TAG" >"$T/scratch/hello.txt"
cat >"$T/scratch/Dockerfile" <<EOF
FROM scratch
COPY --link hello.txt /hello.txt
COPY <<EOT /etc/berth-smoke
tag $TAG
EOT
EOF
cp "$T/scratch/hello.txt" "$T/multi/hello.txt"
printf 'FROM scratch\nARG TARGETPLATFORM\nCOPY --link hello.txt /hello.txt\n' >"$T/multi/Dockerfile"
(umask 077; echo "s3cret-$RANDOM$RANDOM" >"$T/secret")
cat >"$T/run/Dockerfile" <<EOF
FROM $BASE_IMAGE
RUN --mount=type=secret,id=berth,required=true test "\$(sha256sum </run/secrets/berth)" = "$(sha256sum <"$T/secret")" && echo secret-ok >/secret-ok
RUN --mount=type=cache,target=/var/cache/berth echo "$TAG" >/var/cache/berth/stamp && cp /var/cache/berth/stamp /stamp
EOF

# --- the base image's rootfs (only for the RUN build) -----------------------------------------------------
ROOTFS=${BERTH_ENGINE26_ROOTFS:-$STATE/base/rootfs}
if ((with_run)) && [[ -z ${BERTH_ENGINE26_ROOTFS:-} && ! -f $STATE/base/rootfs.done ]]; then
  # base-image.sh makes (and caches) the rootfs, and needs Debian 12's dockerd for its import.
  t0=$(now)
  if ! "$here/dockerd.sh" status >/dev/null 2>&1; then started+=(dockerd); "$here/dockerd.sh" up; fi
  if "$here/base-image.sh" >"$T/log" 2>&1; then
    row - "debootstrap rootfs (base-image.sh)" PASS "$(secs "$t0")"
  else
    row - "debootstrap rootfs (base-image.sh)" FAIL "$(secs "$t0")" "$(last)"
  fi
fi

for s in classic containerd; do
  if ! d "$s" version >/dev/null 2>&1; then
    row "$s" "builds" SKIP 0 "daemon not answering"
    continue
  fi
  repo=e26smoke/$s

  # scratch + COPY --link + heredoc -> plain registry
  t0=$(now)
  if d "$s" buildx build --progress plain -t "$PLAIN_ADDR/$repo/scratch:$TAG" --push "$T/scratch" >"$T/log" 2>&1; then
    got=$(manifest "$P" "$repo/scratch" "$TAG")
    if [[ $got == 200* ]]; then row "$s" "scratch, COPY --link, heredoc, push plain" PASS "$(secs "$t0")" "${got#* }"
    else row "$s" "scratch, COPY --link, heredoc, push plain" FAIL "$(secs "$t0")" "manifest GET: $got"; fi
  else
    row "$s" "scratch, COPY --link, heredoc, push plain" FAIL "$(secs "$t0")" "$(last)"
  fi

  # RUN --mount=type=secret / cache on the imported base -> TLS registry with basic auth
  if ((with_run)) && [[ -f $ROOTFS/etc/debian_version ]]; then
    t0=$(now)
    if tar --numeric-owner -C "$ROOTFS" -c . | d "$s" import --change 'CMD ["bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$BASE_IMAGE" >"$T/log" 2>&1; then
      row "$s" "docker import of the Debian base rootfs" PASS "$(secs "$t0")"
    else
      row "$s" "docker import of the Debian base rootfs" FAIL "$(secs "$t0")" "$(last)"
    fi
    t0=$(now)
    if d "$s" login "$TLS_ADDR" -u "$TEST_USER" --password-stdin <"$PASSWORD_FILE" >"$T/log" 2>&1 &&
      d "$s" buildx build --progress plain --network host --secret "id=berth,src=$T/secret" \
        -t "$TLS_ADDR/$repo/run:$TAG" --push "$T/run" >"$T/log" 2>&1; then
      got=$(manifest "$S" "$repo/run" "$TAG" --cacert "$CA_CERT" -K "$T/tls.curlrc")
      if [[ $got == 200* ]]; then row "$s" "RUN secret+cache mounts, push TLS+auth" PASS "$(secs "$t0")" "${got#* }"
      else row "$s" "RUN secret+cache mounts, push TLS+auth" FAIL "$(secs "$t0")" "manifest GET: $got"; fi
    else
      row "$s" "RUN secret+cache mounts, push TLS+auth" FAIL "$(secs "$t0")" "$(last)"
    fi
    d "$s" logout "$TLS_ADDR" >/dev/null 2>&1 || true
    if grep -qF "$(<"$T/secret")" "$T/log"; then row "$s" "secret value absent from the build log" FAIL 0
    else row "$s" "secret value absent from the build log" PASS 0; fi
  elif ((with_run)); then
    row "$s" "RUN secret+cache mounts" SKIP 0 "no rootfs at $ROOTFS"
  else
    row "$s" "RUN secret+cache mounts" SKIP 0 "--no-run"
  fi

  # two platforms, FROM scratch -> plain registry as an OCI index (containerd store only)
  t0=$(now)
  if d "$s" buildx build --progress plain --platform linux/amd64,linux/arm64 \
    -t "$PLAIN_ADDR/$repo/multi:$TAG" --push "$T/multi" >"$T/log" 2>&1; then
    got=$(manifest "$P" "$repo/multi" "$TAG")
    plats=$(jq -r '[.manifests[]?.platform | select(.os != "unknown") | .os + "/" + .architecture] | sort | join(",")' "$T/manifest" 2>/dev/null || true)
    if [[ $s == containerd && $got == "200 $IDX" && $plats == linux/amd64,linux/arm64 ]]; then
      row "$s" "linux/amd64,linux/arm64, push plain" PASS "$(secs "$t0")" "OCI index: $plats ($(jq '.manifests | length' "$T/manifest") manifests)"
    else
      row "$s" "linux/amd64,linux/arm64, push plain" FAIL "$(secs "$t0")" "got $got, platforms '$plats'"
    fi
  elif [[ $s == classic ]] && grep -q 'Multi-platform build is not supported' "$T/log"; then
    row "$s" "linux/amd64,linux/arm64 refused (as on a runner)" PASS "$(secs "$t0")" "$(grep -o 'Multi-platform build is not supported[^.]*' "$T/log" | head -1)"
  else
    row "$s" "linux/amd64,linux/arm64, push plain" FAIL "$(secs "$t0")" "$(last)"
  fi
done

printf '%-10s | %-44s | %-4s | %8s | %s\n' store check res time detail
printf '%s\n' "${rows[@]}"
echo "$pass passed, $fail failed"
((fail == 0))
