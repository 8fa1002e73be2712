#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds a minimal static libgit2 (local repositories only: no HTTPS, SSH, GSSAPI or NTLM;
# glibc's regcomp, SHA-1 with collision detection, the system zlib) from Debian's own
# libgit2 source package into PREFIX, with Debian's http-parser (libgit2 1.5 compiles its
# HTTP transport always) built into PREFIX beside it. Debian's libgit2.a cannot be linked
# statically: it is built with GSSAPI, and krb5 ships no static archives; it would also pull
# mbedTLS and libssh2 in for transports berth never uses. The +ds source has no bundled
# deps/, hence the http-parser package. Needs deb-src entries (scripts/install-deps.sh).
# BERTH_TARGET_ARCH (amd64 | arm64; default: the host's) picks the target, as in
# scripts/build-static-curl.sh. LIBGIT2_DEB_VERSION pins the source version; without it
# the newest version the mirror serves is taken (a version listed but not served is skipped).
# Usage: scripts/build-static-libgit2.sh PREFIX [WORKDIR]
set -euo pipefail
# The target's toolchain (a container build stage copies target-arch.sh beside this script).
# shellcheck source=SCRIPTDIR/target-arch.sh
source "$(dirname "$0")/target-arch.sh"
prefix=$(realpath -m "${1:?usage: build-static-libgit2.sh PREFIX [WORKDIR]}")
work=$(realpath -m "${2:-$prefix.src}")

# The prefix records its arch, so one built for another target is never reused.
if [[ -f "$prefix/lib/libgit2.a" && -f "$prefix/include/git2.h" ]] &&
   [[ "$(cat "$prefix/.berth-arch" 2>/dev/null || echo "$host_arch")" == "$target_arch" ]]; then
  echo "static libgit2 ($target_arch): already in $prefix"
  exit 0
fi

# Fetches source package $1 into $work/$1 (version $2, else the newest that downloads).
fetch_source() {
  local pkg=$1 want=$2 dir=$work/$1 v
  if ls -d "$dir/$pkg"-*/ >/dev/null 2>&1; then return 0; fi
  local versions=("$want")
  [[ -n "$want" ]] || mapfile -t versions < <(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' |
    sort -u | sort -r -V)
  for v in "${versions[@]}"; do
    rm -rf "$dir" && mkdir -p "$dir"
    # As root, apt warns that the download is unsandboxed; that is expected.
    if (cd "$dir" && apt-get source -qq "$pkg=$v" >/dev/null 2>&1); then
      echo "$pkg source: $v"
      return 0
    fi
    echo "$pkg source $v: not served by the mirror" >&2
  done
  echo "build-static-libgit2.sh: no source of $pkg could be fetched" >&2
  return 1
}
fetch_source http-parser ''
fetch_source libgit2 "${LIBGIT2_DEB_VERSION:-}"
parser_src=$(ls -d "$work"/http-parser/http-parser-*/ | head -1)
git2_src=$(ls -d "$work"/libgit2/libgit2-*/ | head -1)

# Paths of the work tree are mapped away, so the same sources give the same bytes.
cflags="${CFLAGS:-} -Os -ffunction-sections -fdata-sections -ffile-prefix-map=$work/="
mkdir -p "$prefix/lib" "$prefix/include"
rm -f "$prefix/lib/libhttp_parser.a"
# shellcheck disable=SC2086  # $cflags is a list of flags
"$target_cc" $cflags -fPIC -c "$parser_src/http_parser.c" -o "$work/http_parser-$target_arch.o"
"$target_ar" rcsD "$prefix/lib/libhttp_parser.a" "$work/http_parser-$target_arch.o"
cp "$parser_src/http_parser.h" "$prefix/include/"

build=$work/build-$target_arch
rm -rf "$build"
CC=$target_cc CFLAGS="$cflags" cmake -Wno-dev -S "$git2_src" -B "$build" "${cmake_cross_system[@]}" \
  -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
  -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DENABLE_REPRODUCIBLE_BUILDS=ON \
  -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTS=OFF -DBUILD_CLI=OFF -DBUILD_EXAMPLES=OFF \
  -DUSE_HTTPS=OFF -DUSE_SSH=OFF -DUSE_GSSAPI=OFF -DUSE_NTLMCLIENT=OFF \
  -DUSE_SHA1=CollisionDetection -DUSE_SHA256=Builtin -DREGEX_BACKEND=regcomp \
  -DUSE_BUNDLED_ZLIB=OFF -DUSE_HTTP_PARSER=system \
  -DHTTP_PARSER_INCLUDE_DIR="$prefix/include" -DHTTP_PARSER_LIBRARY="$prefix/lib/libhttp_parser.a" \
  >/dev/null
cmake --build "$build" -j"$(nproc)" >"$build.log" 2>&1 ||
  { tail -n 40 "$build.log" >&2; echo "libgit2 build failed (log $build.log)" >&2; exit 1; }
cmake --install "$build" >/dev/null
echo "$target_arch" > "$prefix/.berth-arch"
echo "static libgit2 ($target_arch): $(du -b "$prefix/lib/libgit2.a" | cut -f1) bytes in $prefix"
