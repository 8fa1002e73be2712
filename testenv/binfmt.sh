#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# qemu-aarch64 in the kernel's binfmt_misc, so that arm64 programs run on this amd64 machine,
# inside containers and BuildKit's RUN steps too: registered with the F (fix binary) flag, the
# kernel opens the interpreter once at registration and needs no path to it inside the container.
# The registration line is Debian's own (qemu-user-static's /usr/lib/binfmt.d/qemu-aarch64.conf,
# or /usr/share/binfmts/qemu-aarch64), F added if it lacks it; no systemd and no binfmt-support.
#   up      mount binfmt_misc at /proc/sys/fs/binfmt_misc if it is not mounted, register
#           qemu-aarch64 if it is not registered; records what it did in $STATE/binfmt/
#   down    undo exactly what up recorded: unregister only the entry it registered, unmount only
#           what it mounted; anything that was there before up stays
#   status  the mount and the entry (exit 0 when qemu-aarch64 is registered, enabled, with F)
# binfmt_misc is one per kernel, not per test environment: an entry that up finds (someone
# else's, or another test environment's) is used as it is and never removed by this down.
# Usage: testenv/binfmt.sh up|down|status   (root; needs qemu-user-static: install-deps.sh --cross arm64)
set -euo pipefail
source "$(dirname "$0")/env.sh"

NAME=qemu-aarch64
MNT=/proc/sys/fs/binfmt_misc
REC=$STATE/binfmt

mounted() { awk -v m="$MNT" '$2 == m && $3 == "binfmt_misc" { f = 1 } END { exit !f }' /proc/self/mounts; }
entry_ok() { [[ -r $MNT/$NAME ]] && grep -qx enabled "$MNT/$NAME" && grep -q '^flags: .*F' "$MNT/$NAME"; }

# Debian's registration line for qemu-aarch64, with the F flag.
debian_line() {
  local line='' f=/usr/lib/binfmt.d/$NAME.conf
  if [[ -r $f ]]; then
    line=$(grep -m1 "^:$NAME:" "$f" || true)
  elif [[ -r /usr/share/binfmts/$NAME ]]; then
    # update-binfmts' format: package, type, offset, magic, mask, interpreter, credentials, fix_binary...
    line=$(awk -v n="$NAME" '
      $1 == "magic" { magic = $2 } $1 == "mask" { mask = $2 } $1 == "offset" { off = $2 }
      $1 == "interpreter" { interp = $2 } $1 == "preserve" && $2 == "yes" { fl = fl "P" }
      $1 == "credentials" && $2 == "yes" { fl = fl "C" } $1 == "fix_binary" && $2 == "yes" { fl = fl "F" }
      END { if (magic != "") printf ":%s:M:%s:%s:%s:%s:%s\n", n, off, magic, mask, interp, fl }' "/usr/share/binfmts/$NAME")
  fi
  [[ -n $line ]] || die "binfmt: no $NAME registration from qemu-user-static (scripts/install-deps.sh --cross arm64)"
  local interp flags
  interp=$(cut -d: -f7 <<<"$line")
  flags=$(cut -d: -f8 <<<"$line")
  [[ -e $interp ]] || die "binfmt: the interpreter $interp is missing (qemu-user-static)"
  [[ $flags == *F* ]] || line=${line%:*}:${flags}F
  printf '%s\n' "$line"
}

up() {
  [[ $(id -u) == 0 ]] || die "binfmt: up needs root"
  mkdir -p "$REC"
  if ! mounted; then
    mount -t binfmt_misc binfmt_misc "$MNT" || die "binfmt: cannot mount binfmt_misc at $MNT"
    touch "$REC/mounted"
    say "binfmt: mounted binfmt_misc at $MNT"
  fi
  if [[ -e $MNT/$NAME ]]; then
    entry_ok || die "binfmt: $NAME is already registered, but not enabled with the F flag ($(grep '^flags' "$MNT/$NAME")); not replacing someone else's entry"
    say "binfmt: $NAME already registered with F (left as found)"
    return 0
  fi
  debian_line >"$MNT/register" || die "binfmt: registering $NAME failed"
  touch "$REC/registered"
  entry_ok || die "binfmt: $NAME registered but not enabled with F"
  say "binfmt: registered $NAME ($(sed -n 's/^interpreter //p' "$MNT/$NAME"), $(grep '^flags' "$MNT/$NAME"))"
}

down() {
  if [[ -f $REC/registered ]]; then
    if [[ -e $MNT/$NAME ]]; then echo -1 >"$MNT/$NAME"; say "binfmt: unregistered $NAME"; fi
    rm -f "$REC/registered"
  fi
  if [[ -f $REC/mounted ]]; then
    if mounted; then umount "$MNT"; say "binfmt: unmounted $MNT"; fi
    rm -f "$REC/mounted"
  fi
  rmdir "$REC" 2>/dev/null || true
}

status() {
  if mounted; then echo "binfmt_misc: mounted at $MNT$([[ -f $REC/mounted ]] && echo ' (by this test environment)')"
  else echo "binfmt_misc: not mounted"; fi
  if [[ -e $MNT/$NAME ]]; then
    echo "$NAME: $(head -n1 "$MNT/$NAME"), $(sed -n 's/^interpreter //p' "$MNT/$NAME"), $(grep '^flags' "$MNT/$NAME")$([[ -f $REC/registered ]] && echo ' (registered by this test environment)')"
  else
    echo "$NAME: not registered"
  fi
  entry_ok
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: testenv/binfmt.sh up|down|status" >&2; exit 2 ;;
esac
