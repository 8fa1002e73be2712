#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails when the pure core reaches for I/O: libraries that do I/O or logging,
# the environment, the clock, files or processes.
set -euo pipefail
core=${1:?usage: depcheck.sh SRC_CORE_DIR}
pattern='#include <(curl|rapidjson|spdlog|fmt|CLI|fstream|iostream|filesystem|chrono|ctime|unistd\.h|sys/)|getenv|std::cout|std::cerr|(^|[^sn])printf\(|fopen|system_clock|time\(nullptr\)'
if hits=$(grep -nE "$pattern" "$core"/*.hpp "$core"/*.cpp | grep -v '_test\.cpp:'); then
  echo "the core must not do I/O; found:"
  echo "$hits"
  exit 1
fi
echo "core is pure: $(ls "$core"/*.cpp | grep -vc _test.cpp) sources checked"
