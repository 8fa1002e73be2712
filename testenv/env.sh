# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are used by the scripts that source this file
# SPDX-License-Identifier: MIT
# Shared settings and helpers for berth's local test environment. Sourced, never run.
# Override before sourcing:
#   BERTH_TESTENV    state directory (default /tmp/berth-testenv); everything is written under it
#   BERTH_PORT_BASE  port base (default 5000): plain +0, token registry +2, token server +80, TLS +443
# Two environments can coexist with different BERTH_TESTENV and BERTH_PORT_BASE (and no dockerd, or
# dockerd in its default no-bridge mode, which touches no host network settings).

TESTENV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${BERTH_TESTENV:-/tmp/berth-testenv}
PORT_BASE=${BERTH_PORT_BASE:-5000}

PLAIN_ADDR=127.0.0.1:$((PORT_BASE + 0))     # anonymous HTTP
TOKEN_ADDR=127.0.0.1:$((PORT_BASE + 2))     # HTTP, bearer tokens from the token server
TOKENSRV_ADDR=127.0.0.1:$((PORT_BASE + 80)) # token server (realm)
TLS_ADDR=127.0.0.1:$((PORT_BASE + 443))     # HTTPS, htpasswd (bcrypt) basic auth

TLS_DIR=$STATE/tls
CA_CERT=$TLS_DIR/ca.crt
RUN_DIR=$STATE/run     # pidfiles
LOG_DIR=$STATE/log
REG_DIR=$STATE/registry

TEST_USER=${BERTH_TEST_USER:-ci}
ADMIN_USER=admin                     # same password; may push where the token server allows ci only pull
PASSWORD_FILE=$STATE/auth/password   # mode 600, random, made by registry.sh
HTPASSWD_FILE=$STATE/auth/htpasswd
TOKEN_SERVICE=berth-test-registry
TOKEN_ISSUER=berth-test-issuer
PULL_ONLY_REPO=${BERTH_PULL_ONLY_REPO:-readonly/app}   # token server grants only pull here

BASE_IMAGE=berth-base/debian:bookworm-slim
DOCKER_SOCK=$STATE/docker.sock
export DOCKER_HOST=unix://$DOCKER_SOCK
export DOCKER_CONFIG=$STATE/dockercfg
PY=/usr/bin/python3    # Debian's python (has python3-jwt), not whatever is first in PATH

# Status lines go to stderr so that up.sh's stdout stays eval-able.
say() { printf '[testenv] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# Print the variables a test needs, as export lines.
print_exports() {
  local v
  for v in "BERTH_TESTENV=$STATE" "BERTH_PORT_BASE=$PORT_BASE" \
    "BERTH_REG_PLAIN=$PLAIN_ADDR" "BERTH_REG_TLS=$TLS_ADDR" "BERTH_REG_TOKEN=$TOKEN_ADDR" \
    "BERTH_TOKEN_REALM=http://$TOKENSRV_ADDR/token" "BERTH_TOKEN_STATS=http://$TOKENSRV_ADDR/stats" \
    "BERTH_TOKEN_SERVICE=$TOKEN_SERVICE" "BERTH_PULL_ONLY_REPO=$PULL_ONLY_REPO" \
    "BERTH_CA_CERT=$CA_CERT" "BERTH_USER=$TEST_USER" "BERTH_ADMIN_USER=$ADMIN_USER" "BERTH_PASSWORD_FILE=$PASSWORD_FILE" \
    "BERTH_BASE_IMAGE=$BASE_IMAGE" "DOCKER_HOST=$DOCKER_HOST" "DOCKER_CONFIG=$DOCKER_CONFIG"; do
    printf 'export %s=%q\n' "${v%%=*}" "${v#*=}"
  done
}

# True if the pid in pidfile $1 is alive and its command line mentions the state dir
# (guards against a recycled pid belonging to someone else).
pid_alive() {
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$STATE"
}

# running PID: the process exists and is not a zombie (exited daemons may wait a while to be reaped).
running() {
  local st
  st=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || true
  [[ -n $st && $st != Z ]]
}

# start_daemon NAME CMD...: run CMD in its own session, log to $LOG_DIR/NAME.log, pid to $RUN_DIR/NAME.pid.
start_daemon() {
  local name=$1; shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  local pid=$! i
  echo "$pid" >"$RUN_DIR/$name.pid"
  # Until the child has exec'd, its cmdline is still this script's; wait so pid_alive sees the daemon
  # (up to 5 s: a loaded machine can be slow to get there).
  for ((i = 0; i < 250; i++)); do
    pid_alive "$RUN_DIR/$name.pid" || ! running "$pid" && return 0
    sleep 0.02
  done
}

# stop_pidfile NAME PIDFILE [SECONDS]: TERM the pid, wait (default 15 s), then KILL; remove the pidfile.
stop_pidfile() {
  local name=$1 pidfile=$2 secs=${3:-15} pid i
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"; say "$name: not running"; return 0
  fi
  pid=$(<"$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    running "$pid" || break
    sleep 0.1
  done
  if running "$pid"; then
    say "$name: still running after $secs s, sending KILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "$name: stopped (pid $pid)"
}

# still_alive PIDFILE: pid_alive, asked up to three times 0.2 s apart, so that one look at /proc
# in a bad moment does not declare a running daemon dead.
still_alive() {
  local i
  for ((i = 0; i < 3; i++)); do
    pid_alive "$1" && return 0
    sleep 0.2
  done
  return 1
}

# wait_http PIDFILE URL [curl args...]: wait up to 15 s until URL answers with any HTTP status
# (401 counts) while the daemon in PIDFILE stays alive.
wait_http() {
  local pidfile=$1 url=$2 i code; shift 2
  for ((i = 0; i < 60; i++)); do
    still_alive "$pidfile" || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)
    [[ $code != 000 ]] && pid_alive "$pidfile" && return 0
    sleep 0.25
  done
  return 1
}
