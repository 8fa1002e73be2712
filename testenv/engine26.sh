#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# A current Docker Engine (Debian 13 "trixie"'s docker.io 26, its containerd and buildx) beside Debian 12's
# dockerd 20.10 of dockerd.sh, for BuildKit builds. Debian 12's apt sources are never changed: `fetch` runs
# apt-get with a private configuration (lists and cache under $STATE) that knows only trixie on the mirror
# this machine already uses, downloads the three packages and unpacks them with dpkg-deb -x, once.
# Each image store runs as its own daemon, so both can be up at once (and beside dockerd.sh's):
#   classic     "storage-driver": "overlay2"            (what a GitHub runner's Docker uses by default)
#   containerd  containerd-snapshotter, "overlayfs"     (multi-platform builds with the docker driver)
# Per store: data root $STATE/engine26-<store>/root, exec root .../exec, socket $STATE/engine26-<store>.sock,
# log $LOG_DIR/engine26-<store>.log, pidfile $RUN_DIR/engine26-<store>.pid. dockerd starts its own containerd
# (trixie's, found first in PATH) with root under the data root and socket under the exec root, so it never
# meets the containerd of Debian 12's dockerd.
# Usage: testenv/engine26.sh fetch|up|down|status|env [--store classic|containerd|both]   (default both)
#   `up` fetches first if needed; its stdout is export lines (eval-able), status lines go to stderr.
#   `env` prints the same export lines and starts nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"

E26_CACHE=${BERTH_ENGINE26_CACHE:-$STATE/engine26-pkgs}
E26_ROOT=$E26_CACHE/root                          # the unpacked packages
E26_DONE=$E26_CACHE/root.done
E26_PLUGIN_DIR=$E26_ROOT/usr/libexec/docker/cli-plugins
E26_DOCKER_CONFIG=$STATE/engine26-dockercfg        # a docker CLI config whose cli-plugins has buildx
E26_PACKAGES=(docker.io containerd docker-buildx)
SUITE=trixie

usage() { die "usage: $0 fetch|up|down|status|env [--store classic|containerd|both]"; }

# The first "deb" URI of this machine's Debian 12 sources that serves bookworm (trixie is on the same
# mirror). Read at run time so that no mirror name is ever written down.
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk '
      function flush() { if (deb && has && enabled && uri != "") { print uri; found = 1; exit } deb = has = 0; enabled = 1; uri = "" }
      BEGIN { enabled = 1 }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      tolower($1) == "suites:"  { for (i = 2; i <= NF; i++) if ($i == "bookworm") has = 1 }
      tolower($1) == "uris:"    { uri = $2 }
      tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
      END { if (!found) flush() }' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" && $3 == "bookworm" { print $2 }' || true
}

elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }'; }

# The docker CLI config for the engine26 daemons: only a cli-plugins dir with buildx in it (a separate
# config, so the Debian 12 daemon's $DOCKER_CONFIG keeps the classic `docker build` it has today).
plugin_config() {
  mkdir -p "$E26_DOCKER_CONFIG/cli-plugins"
  chmod 700 "$E26_DOCKER_CONFIG"
  ln -sfn "$E26_PLUGIN_DIR/docker-buildx" "$E26_DOCKER_CONFIG/cli-plugins/docker-buildx"
}

verify() {
  local v
  v=$("$E26_ROOT/usr/sbin/dockerd" --version) || die "unpacked dockerd does not run"
  say "engine26: $v"
  v=$("$E26_ROOT/usr/bin/containerd" --version) || die "unpacked containerd does not run"
  say "engine26: $v"
  plugin_config
  v=$(DOCKER_CONFIG=$E26_DOCKER_CONFIG /usr/local/bin/docker buildx version) || die "docker buildx does not run"
  say "engine26: buildx $v"
}

fetch() {
  if [[ -f $E26_DONE ]]; then verify; return 0; fi
  local start mirror apt d
  start=$(date +%s.%N)
  mirror=${BERTH_DEBIAN_MIRROR:-$(find_mirror | head -n 1 || true)}
  [[ -n $mirror ]] || die "no Debian bookworm mirror in /etc/apt sources; set BERTH_DEBIAN_MIRROR"
  rm -rf "$E26_CACHE"
  mkdir -p "$E26_CACHE/apt/lists/partial" "$E26_CACHE/apt/cache/archives/partial" "$E26_CACHE/debs" "$LOG_DIR"
  echo "deb $mirror $SUITE main" >"$E26_CACHE/apt/sources.list"
  # Private lists and cache, no sources.list.d: the machine's own apt state is neither read nor changed.
  apt=(-o "Dir::Etc::sourcelist=$E26_CACHE/apt/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$E26_CACHE/apt/lists" -o "Dir::Cache=$E26_CACHE/apt/cache")
  say "engine26: fetching ${E26_PACKAGES[*]} from $SUITE (about 70 MB)"
  apt-get "${apt[@]}" update -qq >"$LOG_DIR/engine26-fetch.log" 2>&1 ||
    { tail -n 5 "$LOG_DIR/engine26-fetch.log" >&2; die "apt-get update ($SUITE) failed; see $LOG_DIR/engine26-fetch.log"; }
  (cd "$E26_CACHE/debs" && apt-get "${apt[@]}" download "${E26_PACKAGES[@]}") >>"$LOG_DIR/engine26-fetch.log" 2>&1 ||
    { tail -n 5 "$LOG_DIR/engine26-fetch.log" >&2; die "apt-get download failed; see $LOG_DIR/engine26-fetch.log"; }
  for d in "$E26_CACHE"/debs/*.deb; do dpkg-deb -x "$d" "$E26_ROOT"; done
  # The lists (about 100 MB) are only needed for the download; the .debs stay as the record of versions.
  rm -rf "$E26_CACHE/apt/lists" "$E26_CACHE/apt/cache"
  verify
  touch "$E26_DONE"
  say "engine26: fetched and unpacked in $(elapsed "$start") ($(du -sh "$E26_ROOT" | cut -f1) in $E26_ROOT)"
}

# Per-store names.
store_dir() { echo "$STATE/engine26-$1"; }
store_sock() { echo "$STATE/engine26-$1.sock"; }
store_pidfile() { echo "$RUN_DIR/engine26-$1.pid"; }
store_docker() { DOCKER_HOST=unix://$(store_sock "$1") DOCKER_CONFIG=$E26_DOCKER_CONFIG /usr/local/bin/docker "${@:2}"; }

write_config() {
  local store=$1 w
  w=$(store_dir "$store")
  # No bridge, no iptables, no ip_forward: the host's network settings stay as they are (builds use
  # --network host, the only way to the loopback registries anyway). All of 127.0.0.0/8 is an insecure
  # registry, so the plain HTTP one is pushed to over HTTP and the TLS one still verifies its certificate.
  if [[ $store == containerd ]]; then
    echo '{"storage-driver": "overlayfs", "features": {"containerd-snapshotter": true},'
  else
    echo '{"storage-driver": "overlay2", "features": {"containerd-snapshotter": false},'
  fi >"$w/daemon.json"
  echo ' "bridge": "none", "iptables": false, "ip6tables": false, "ip-forward": false, "ip-masq": false,
 "insecure-registries": ["127.0.0.0/8"]}' >>"$w/daemon.json"
}

up_store() {
  local store=$1 w sock pidfile start i
  w=$(store_dir "$store") sock=$(store_sock "$store") pidfile=$(store_pidfile "$store")
  if pid_alive "$pidfile"; then say "engine26-$store: already running (pid $(<"$pidfile"))"; return 0; fi
  start=$(date +%s.%N)
  mkdir -p "$w/root" "$w/exec"
  write_config "$store"
  rm -f "$sock"
  # PATH leads to trixie's containerd, containerd-shim-runc-v2 and docker-proxy; runc is Debian 12's
  # (/usr/sbin/runc). dockerd refuses a pidfile naming a live process, so it gets its own.
  start_daemon "engine26-$store" env "PATH=$E26_ROOT/usr/bin:$E26_ROOT/usr/sbin:$PATH" \
    "$E26_ROOT/usr/sbin/dockerd" --config-file "$w/daemon.json" --data-root "$w/root" --exec-root "$w/exec" \
    -H "unix://$sock" --pidfile "$w/dockerd.self.pid"
  for ((i = 0; i < 120; i++)); do
    still_alive "$pidfile" || { tail -n 5 "$LOG_DIR/engine26-$store.log" >&2; die "engine26-$store: dockerd exited; see $LOG_DIR/engine26-$store.log"; }
    store_docker "$store" version >/dev/null 2>&1 && break
    sleep 0.25
  done
  store_docker "$store" version >/dev/null 2>&1 || die "engine26-$store: no answer in 30 s; see $LOG_DIR/engine26-$store.log"
  say "engine26-$store: up at unix://$sock in $(elapsed "$start") (pid $(<"$pidfile"), $(store_docker "$store" info \
    --format 'server {{.ServerVersion}}, driver {{.Driver}}' 2>/dev/null))"
}

down_store() {
  local store=$1 w pidfile cpid m
  w=$(store_dir "$store") pidfile=$(store_pidfile "$store")
  # dockerd stops the containerd it started; a daemon that was killed leaves it running, so it is
  # stopped here by the pid dockerd recorded (and only if its command line names our state dir).
  stop_pidfile "engine26-$store" "$pidfile" 30
  cpid=$w/exec/containerd/containerd.pid
  if pid_alive "$cpid"; then
    cp "$cpid" "$RUN_DIR/engine26-$store-containerd.pid"
    stop_pidfile "engine26-$store containerd" "$RUN_DIR/engine26-$store-containerd.pid" 15
  fi
  rm -f "$w/dockerd.self.pid" "$(store_sock "$store")"
  # With the daemon gone, whatever it left mounted under its dirs (the default netns, a data root
  # bind-mounted onto itself, snapshot or shm mounts) is ours to undo; deepest first.
  [[ -d $w ]] || return 0
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
    say "engine26-$store: unmounted $m"
  done < <(awk -v s="$w/" 'index($2, s) == 1 || $2 == substr(s, 1, length(s) - 1) { print $2 }' /proc/self/mounts | sort -r)
}

status_store() {
  local store=$1 pidfile
  pidfile=$(store_pidfile "$store")
  if pid_alive "$pidfile"; then
    say "engine26-$store: running (pid $(<"$pidfile")), $(store_docker "$store" version --format 'server {{.Server.Version}}' 2>&1 | head -1)"
  else
    say "engine26-$store: stopped"
    return 1
  fi
}

print_e26_exports() {
  local v s
  for s in "$@"; do
    v=$(tr '[:lower:]' '[:upper:]' <<<"$s")
    printf 'export %s=%q\n' "BERTH_ENGINE26_${v}_HOST" "unix://$(store_sock "$s")"
  done
  printf 'export %s=%q\n' BERTH_BUILDX_PLUGIN_DIR "$E26_PLUGIN_DIR" BERTH_ENGINE26_DOCKER_CONFIG "$E26_DOCKER_CONFIG"
}

cmd=${1:-status}
[[ $# -gt 0 ]] && shift
stores=(classic containerd)
while [[ $# -gt 0 ]]; do
  case $1 in
    --store)
      [[ $# -ge 2 ]] || usage
      case $2 in
        classic | containerd) stores=("$2") ;;
        both) stores=(classic containerd) ;;
        *) usage ;;
      esac
      shift 2 ;;
    *) usage ;;
  esac
done

case $cmd in
  fetch) fetch ;;
  up)
    fetch
    for s in "${stores[@]}"; do up_store "$s"; done
    print_e26_exports "${stores[@]}" ;;
  env) print_e26_exports "${stores[@]}" ;;
  down) for s in "${stores[@]}"; do down_store "$s"; done ;;
  status)
    rc=0
    for s in "${stores[@]}"; do status_store "$s" || rc=1; done
    exit "$rc" ;;
  *) usage ;;
esac
