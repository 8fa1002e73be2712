#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails (exit 1, naming each offending line) when the layers of SRC_DIR (the
# project's src/) are crossed:
#   - the pure core reaches for I/O: libraries that do I/O or logging, the
#     environment, the clock, files or processes (test files excepted);
#   - a quoted include goes up a layer: "io/..." or "app/..." under core/,
#     "app/..." under io/ (test files included);
#   - anything but a *_test.cpp file includes test support ("support/...").
# Usage: tests/depcheck.sh SRC_DIR
set -euo pipefail
src=${1:?usage: depcheck.sh SRC_DIR}
[[ -d $src/core && -d $src/io ]] || { echo "depcheck: $src has no core/ and io/" >&2; exit 2; }

failed=0
# report TITLE HITS: prints the broken rule and its lines when there are any.
report() {
  if [[ -n $2 ]]; then
    echo "$1; found:"
    echo "$2"
    failed=1
  fi
}
# sources DIR: every C++ file under DIR, one a line.
sources() { find "$1" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort; }
# includes_of PREFIXES FILE...: the quoted includes of FILEs under the
# directories PREFIXES (an ERE alternation), ../ spellings included.
includes_of() {
  local prefixes=$1
  shift
  (($# == 0)) || grep -nHE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"(\.\./)*($prefixes)/" "$@" || true
}

mapfile -t core_files < <(sources "$src/core")
mapfile -t io_files < <(sources "$src/io")
mapfile -t all_files < <(sources "$src")
mapfile -t non_tests < <(printf '%s\n' "${all_files[@]}" | grep -v '_test\.cpp$' || true)
mapfile -t core_non_tests < <(printf '%s\n' "${core_files[@]}" | grep -v '_test\.cpp$' || true)

io_pattern='#include <(curl|rapidjson|spdlog|fmt|CLI|fstream|iostream|filesystem|chrono|ctime|unistd\.h|sys/)|getenv|std::cout|std::cerr|(^|[^sn])printf\(|fopen|system_clock|time\(nullptr\)'
io_pattern+='|#include <yaml-cpp'  # parsing libraries stay in io/ (the stack file)
hits=""
((${#core_non_tests[@]} == 0)) || hits=$(grep -nHE "$io_pattern" "${core_non_tests[@]}" || true)
report "the core must not do I/O" "$hits"
report "the core must not include io/ or app/" "$(includes_of 'io|app' "${core_files[@]}")"
report "io/ must not include app/" "$(includes_of 'app' "${io_files[@]}")"
report "only *_test.cpp files may include test support (support/)" \
  "$(includes_of 'support' "${non_tests[@]}")"

if ((failed)); then
  exit 1
fi
echo "layers hold: ${#all_files[@]} files checked (core ${#core_files[@]}, io ${#io_files[@]})"
