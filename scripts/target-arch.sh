# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are for the scripts that source this file
# SPDX-License-Identifier: MIT
# Sourced by the build scripts: resolves BERTH_TARGET_ARCH (amd64 | arm64;
# default: the host's) into the toolchain to use. On an amd64 host, arm64 is
# cross-built with Debian's aarch64-linux-gnu toolchain and the arm64 -dev
# packages of dpkg's multiarch (scripts/install-deps.sh --cross arm64).
# Sets: target_arch, host_arch, target_triplet, cross (1 when cross-building),
#       target_cc, target_cxx, target_ar, target_strip, cmake_cross_args (array: the
#       target system and C++ compiler), cmake_cross_system (array: the system alone, for C).
host_arch=$(dpkg --print-architecture)
target_arch=${BERTH_TARGET_ARCH:-$host_arch}
case "$target_arch" in
  amd64) target_triplet=x86_64-linux-gnu ;;
  arm64) target_triplet=aarch64-linux-gnu ;;
  *) echo "BERTH_TARGET_ARCH: '$target_arch' is not supported (amd64 or arm64)" >&2; exit 2 ;;
esac
cmake_cross_args=() cmake_cross_system=()
if [[ "$target_arch" == "$host_arch" ]]; then
  cross=0 target_cc=${CC:-cc} target_cxx=${CXX:-c++} target_ar=ar target_strip=strip
else
  cross=1
  target_cc=$target_triplet-gcc target_cxx=$target_triplet-g++ target_ar=$target_triplet-ar
  target_strip=$target_triplet-strip
  if ! command -v "$target_cxx" >/dev/null; then
    echo "BERTH_TARGET_ARCH=$target_arch: $target_cxx is missing (scripts/install-deps.sh --cross $target_arch)" >&2
    exit 2
  fi
  processor=${target_triplet%%-*}
  cmake_cross_system=(-DCMAKE_SYSTEM_NAME=Linux "-DCMAKE_SYSTEM_PROCESSOR=$processor"
    "-DCMAKE_LIBRARY_ARCHITECTURE=$target_triplet")
  cmake_cross_args=("${cmake_cross_system[@]}" "-DCMAKE_CXX_COMPILER=$target_cxx")
fi
# Where a target's release binary goes: out/berth for amd64 (as always),
# out/<arch>/berth for any other, so that one tree holds both.
target_out() { if [[ "$target_arch" == amd64 ]]; then echo "$1/out/berth"; else echo "$1/out/$target_arch/berth"; fi; }

# Sets yaml_args: the cmake arguments naming the target's libyaml-cpp.a.
# yaml-cpp: Debian's libyaml-cpp.a for the target. Its -dev package is not multiarch
# (installing the arm64 one removes the host's), so where the target's is not installed
# the archive and headers are taken out of the downloaded package, kept in the build dir.
yaml_cpp_args() {
  local build=$1 yaml_dir
  yaml_args=()
  if [[ ! -f /usr/lib/$target_triplet/libyaml-cpp.a ]]; then
    yaml_dir=$build/yaml-cpp-$target_arch
    if [[ ! -f $yaml_dir/usr/lib/$target_triplet/libyaml-cpp.a ]]; then
      mkdir -p "$yaml_dir"
      (cd "$yaml_dir" && apt-get download -q "libyaml-cpp-dev:$target_arch" 2>&1 |
        grep -v -e 'unsandboxed' -e '^Get:' -e '^Fetched' || true)
      dpkg-deb -x "$(ls "$yaml_dir"/libyaml-cpp-dev_*.deb | head -1)" "$yaml_dir"
    fi
    yaml_args=(-DBERTH_YAML_CPP_LIBRARY="$yaml_dir/usr/lib/$target_triplet/libyaml-cpp.a"
      -DYAML_CPP_INCLUDE_DIR="$yaml_dir/usr/include")
  fi
}
