#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Proves that tests/depcheck.sh can fail: for each of its rules, plants one
# bad line in a temporary copy of SRC_DIR and expects depcheck to fail and
# name the planted file; a few allowed includes must still pass.
# Usage: tests/depcheck_test.sh SRC_DIR
set -euo pipefail
src=${1:?usage: depcheck_test.sh SRC_DIR}
depcheck=$(cd "$(dirname "$0")" && pwd)/depcheck.sh
work=$(mktemp -d /tmp/berth-depcheck.XXXXXX)
trap 'rm -rf "$work"' EXIT

failures=0
# check NAME EXPECT FILE LINE: copies SRC_DIR, appends LINE to FILE (relative
# to the copy; created if missing) and runs depcheck on the copy. EXPECT is
# "fail" (exit 1 and FILE named in the output) or "pass" (exit 0).
check() {
  local name=$1 expect=$2 file=$3 line=$4 tree="$work/$1" out rc
  rm -rf "$tree"
  cp -r "$src" "$tree"
  printf '%s\n' "$line" >>"$tree/$file"
  set +e
  out=$("$depcheck" "$tree" 2>&1)
  rc=$?
  set -e
  if [[ $expect == fail && $rc == 1 && $out == *"$tree/$file:"* ]] ||
     [[ $expect == pass && $rc == 0 ]]; then
    echo "ok    $name ($expect)"
  else
    echo "FAIL  $name: expected $expect, depcheck exited $rc:"
    echo "$out" | sed 's/^/      /'
    failures=$((failures + 1))
  fi
}

check clean_tree pass core/semver.cpp ''
check core_io_header fail core/semver.cpp '#include <curl/curl.h>'
check core_yaml_header fail core/planted.cpp '#include <yaml-cpp/yaml.h>'
check core_getenv fail core/planted.hpp 'inline const char* home() { return getenv("HOME"); }'
check core_includes_io fail core/semver.hpp '#include "io/env.hpp"'
check core_includes_app fail core/planted.cpp '#include "app/run.hpp"'
check core_includes_io_relative fail core/planted.cpp '#include "../io/env.hpp"'
check core_test_includes_app fail core/semver_test.cpp '#  include "app/cli.hpp"'
check io_includes_app fail io/env.cpp '#include "app/cli.hpp"'
check io_includes_support fail io/http.cpp '#include "support/fake_http.hpp"'
check app_includes_support fail app/cli.cpp '#include "support/spawn.hpp"'
check main_includes_support fail main.cpp '#include "support/fixtures.hpp"'
check test_includes_support pass io/env_test.cpp '#include "support/fixtures.hpp"'
check io_includes_core pass io/env.cpp '#include "core/text.hpp"'
check app_includes_io pass app/cli.cpp '#include "io/http.hpp"'

if ((failures > 0)); then
  echo "$failures case(s) failed"
  exit 1
fi
echo "depcheck fails on every planted break"
