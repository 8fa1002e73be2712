#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (fuzz/, clang, ASan+UBSan) and runs each one
# for SECONDS (default 20) on a copy of its checked-in corpus, one after the
# other. Prints per target the executions and any crash; exits 1 when a
# target crashed (the crashing inputs are kept, their paths printed).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 60 fuzz_semver
#
# BERTH_FUZZ_BUILD sets the build directory (default build-fuzz), BERTH_FUZZ_OUT
# where the run's logs and crash inputs go (default a new temporary directory).
set -euo pipefail

seconds=${1:-20}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BERTH_FUZZ_BUILD:-$root/build-fuzz}
out=${BERTH_FUZZ_OUT:-$(mktemp -d /tmp/berth-fuzz.XXXXXX)}
mkdir -p "$out"

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=()
  for src in "$root"/fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$src" .cpp)")
  done
fi

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DBERTH_FUZZ=ON \
  -DBERTH_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$out/configure.log"
cmake --build "$build" -j2 --target "${targets[@]}" >"$out/build.log" 2>&1 ||
  { tail -n 40 "$out/build.log"; exit 2; }

failed=0
printf '%-22s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  dir=$out/$t
  mkdir -p "$dir/artifacts"
  rm -rf "$dir/corpus"
  cp -r "$root/fuzz/corpus/$t" "$dir/corpus"
  set +e
  "$build/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" \
    >"$dir/log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -n 1)
  units=$(find "$dir/corpus" -type f | wc -l)
  crashes=$(find "$dir/artifacts" -type f | sort)
  if [[ $rc -ne 0 || -n $crashes ]]; then
    failed=1
    printf '%-22s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$units" "CRASH (exit $rc)"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant broken|.*runtime error)' "$dir/log" | head -n 5 | sed 's/^/    /'
    for c in $crashes; do
      echo "    input: $c"
    done
    echo "    log:   $dir/log"
  else
    printf '%-22s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$units" ok
  fi
done
echo "logs: $out"
exit $failed
