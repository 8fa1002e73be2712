#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# A private dockerd (Debian's docker.io, as root) with all of its state under $STATE:
# --data-root $STATE/docker, --exec-root $STATE/exec, socket $STATE/docker.sock, --config-file $STATE/daemon.json
# (so /etc/docker/daemon.json is never read), log $LOG_DIR/dockerd.log. It starts and stops its own containerd.
# By default it has no bridge network and leaves iptables and ip_forward alone (containers and builds use
# --network host, the only way to reach the loopback registries anyway); BERTH_DOCKER_BRIDGE=1 keeps docker0+NAT.
# Usage: testenv/dockerd.sh up|down|status   (status fails when the daemon is stopped)
set -euo pipefail
source "$(dirname "$0")/env.sh"

PIDFILE=$RUN_DIR/dockerd.pid    # written by start_daemon
EXEC_ROOT=$STATE/exec

write_config() {
  if [[ ${BERTH_DOCKER_BRIDGE:-0} == 1 ]]; then
    echo '{"storage-driver": "overlay2"}'
  else
    echo '{"storage-driver": "overlay2", "bridge": "none", "iptables": false, "ip-forward": false, "ip-masq": false}'
  fi >"$STATE/daemon.json"
}

up() {
  if pid_alive "$PIDFILE"; then say "dockerd: already running (pid $(<"$PIDFILE"))"; return 0; fi
  [[ -x /usr/sbin/dockerd ]] || die "dockerd not installed (scripts/install-deps.sh --runtime)"
  mkdir -p "$STATE/docker" "$EXEC_ROOT" "$DOCKER_CONFIG"
  chmod 700 "$DOCKER_CONFIG"
  write_config
  rm -f "$DOCKER_SOCK"
  # dockerd refuses a pidfile naming a live process, so it gets its own (same pid as ours).
  start_daemon dockerd /usr/sbin/dockerd --config-file "$STATE/daemon.json" \
    --data-root "$STATE/docker" --exec-root "$EXEC_ROOT" -H "unix://$DOCKER_SOCK" \
    --pidfile "$STATE/dockerd.self.pid"
  local i
  for ((i = 0; i < 120; i++)); do
    still_alive "$PIDFILE" || { tail -n 5 "$LOG_DIR/dockerd.log" >&2; die "dockerd exited; see $LOG_DIR/dockerd.log"; }
    docker version >/dev/null 2>&1 && break
    sleep 0.25
  done
  docker version >/dev/null 2>&1 || die "dockerd did not answer in 30 s; see $LOG_DIR/dockerd.log"
  say "dockerd: up at $DOCKER_HOST (pid $(<"$PIDFILE"), server $(docker version --format '{{.Server.Version}}'))"
}

down() {
  stop_pidfile dockerd "$PIDFILE" 30
  rm -f "$STATE/dockerd.self.pid"
  # dockerd leaves its default network namespace bind-mounted, and a daemon that was killed (say,
  # with the session that started it) leaves its data root bind-mounted onto itself. With the
  # daemon gone both are ours to undo; anything else left under $STATE is reported.
  local m
  for m in "$EXEC_ROOT/netns/default" "$STATE/docker"; do
    if mountpoint -q "$m" 2>/dev/null; then
      umount "$m" && say "dockerd: unmounted $m"
    fi
  done
  local left
  left=$(awk -v s="$STATE/" 'index($2, s) == 1 {print $2}' /proc/self/mounts)
  [[ -z $left ]] || say "dockerd: WARNING, still mounted under $STATE: $left"
}

status() {
  if pid_alive "$PIDFILE"; then
    say "dockerd: running (pid $(<"$PIDFILE")), $(docker version --format 'server {{.Server.Version}}' 2>&1 | head -1)"
  else
    say "dockerd: stopped"
    return 1
  fi
}

case ${1:-status} in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up|down|status" ;;
esac
