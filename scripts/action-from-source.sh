#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes a checkout's action.yml run berth from its own Dockerfile: the runs.image line
# becomes `image: 'Dockerfile'`, so `uses: ./` (or a fork's `uses: you/berth@branch`)
# builds this commit's code instead of pulling the released image action.yml names
# (docs/action-image.md, "Running berth from source"). This project's workflows run it
# before `uses: ./`, in their own checkout: the change is never committed there.
# Usage: scripts/action-from-source.sh [ACTION_YML]   (default: the repository's action.yml)
set -euo pipefail
file=${1:-$(cd "$(dirname "$0")/.." && pwd)/action.yml}
[[ -f $file ]] || { echo "action-from-source: no file $file" >&2; exit 2; }
# Exactly one "  image:" line under "runs:" is replaced; anything else is an error.
tmp=$(mktemp "$file.XXXXXX")
trap 'rm -f "$tmp"' EXIT
awk '
  /^[^ #]/ { runs = ($0 ~ /^runs:/) }
  runs && /^  image:/ { old = $0; print "  image: '\''Dockerfile'\''"; n++; next }
  { print }
  END { if (n != 1) exit 1; print old > "/dev/stderr" }' "$file" >"$tmp" 2>"$tmp.old" ||
  { rm -f "$tmp.old"; echo "action-from-source: no runs.image line in $file" >&2; exit 1; }
printf 'action-from-source: %s: runs.image was%s, now '\''Dockerfile'\''\n' "$file" "$(sed 's/^  image://' "$tmp.old")"
rm -f "$tmp.old"
chmod --reference="$file" "$tmp"
mv "$tmp" "$file"
trap - EXIT
