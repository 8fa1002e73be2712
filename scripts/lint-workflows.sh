#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Validates action.yml, every workflow under .github/workflows and the example
# workflows of docs/examples against
# GitHub's schemas with action-validator (@action-validator/cli from npm,
# pinned in tools/package-lock.json and installed into tools/node_modules).
# Usage: scripts/lint-workflows.sh [FILE...]    (default: all of them)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools=$root/tools
validator=$tools/node_modules/.bin/action-validator

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "lint-workflows: needs node and npm (apt-get install nodejs npm)" >&2
  exit 1
fi
# Reinstall when missing or when the lockfile changed since the last install.
if [[ ! -x $validator || $tools/package-lock.json -nt $tools/node_modules/.package-lock.json ]]; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
fi

files=("$@")
if ((${#files[@]} == 0)); then
  files=("$root/action.yml")
  shopt -s nullglob
  files+=("$root"/.github/workflows/*.yml "$root"/.github/workflows/*.yaml)
  # The workflows the documentation shows (docs/migration.md) are held to the same schema.
  files+=("$root"/docs/examples/*.yml)
fi
pass=0 fail=0
for f in "${files[@]}"; do
  if out=$(node "$validator" "$f" 2>&1); then
    pass=$((pass + 1)); echo "PASS ${f#"$root"/}"
  else
    fail=$((fail + 1)); echo "FAIL ${f#"$root"/}"; printf '%s\n' "$out" | sed 's/^/    /'
  fi
done
version=$(sed -n 's/^ *"version": "\(.*\)".*/\1/p' "$tools/node_modules/@action-validator/cli/package.json" | head -n 1)
echo "lint-workflows: $pass passed, $fail failed (action-validator $version)"
((fail == 0))
