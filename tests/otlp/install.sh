#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the OTLP test receiver's packages (package-lock.json, exactly) into
# tests/otlp/node_modules. Quiet when they are there already.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -f node_modules/@opentelemetry/otlp-transformer/build/src/generated/root.js &&
      node_modules/.package-lock.json -nt package-lock.json ]]; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
