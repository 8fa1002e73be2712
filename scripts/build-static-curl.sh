#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds a minimal static libcurl (HTTP/HTTPS only, OpenSSL, zlib, threaded
# resolver) from Debian's own curl source package into PREFIX. Debian's
# libcurl.a cannot be linked statically: it needs gssapi and ldap, which ship
# no static archives. Needs deb-src entries (scripts/install-deps.sh adds them).
# BERTH_TARGET_ARCH (amd64 | arm64; default: the host's) picks the target: another
# arch is cross-built against its multiarch libraries (scripts/install-deps.sh --cross ARCH).
# Usage: scripts/build-static-curl.sh PREFIX [WORKDIR]
set -euo pipefail
# The target's toolchain (a container build stage copies target-arch.sh beside this script).
# shellcheck source=SCRIPTDIR/target-arch.sh
source "$(dirname "$0")/target-arch.sh"
prefix=$(realpath -m "${1:?usage: build-static-curl.sh PREFIX [WORKDIR]}")
work=$(realpath -m "${2:-$prefix.src}")

# The prefix records its arch, so one built for another target is never reused.
if [[ -f "$prefix/lib/libcurl.a" && -f "$prefix/include/curl/curl.h" ]] &&
   [[ "$(cat "$prefix/.berth-arch" 2>/dev/null || echo "$host_arch")" == "$target_arch" ]]; then
  echo "static libcurl ($target_arch): already in $prefix"
  exit 0
fi
mkdir -p "$work"
cd "$work"
if ! ls -d curl-*/ >/dev/null 2>&1; then
  # As root, apt warns that the download is unsandboxed; that is expected.
  apt-get source -q curl 2>&1 | grep -v -e 'unsandboxed' -e '^Reading' -e '^NOTICE' -e '^Please use' -e '^git clone' -e '^dpkg-source: info' -e '^Need to get' -e '^Get:' -e '^Fetched' -e '^Skipping' || true
fi
src=$(ls -d "$work"/curl-*/ | head -1)
cd "$src"
configure_cross=()
if (( cross )); then
  configure_cross=(--host="$target_triplet" CC="$target_cc"
    PKG_CONFIG_LIBDIR="/usr/lib/$target_triplet/pkgconfig:/usr/share/pkgconfig")
fi
# A tree configured before (perhaps for the other arch) starts clean.
if [[ -f Makefile ]]; then make -s distclean >/dev/null 2>&1 || true; fi
./configure -q "${configure_cross[@]}" --prefix="$prefix" --disable-shared --enable-static --with-pic \
  --with-openssl --with-zlib \
  --with-ca-bundle=/etc/ssl/certs/ca-certificates.crt --without-ca-path \
  --without-libpsl --without-libidn2 --without-brotli --without-zstd \
  --without-nghttp2 --without-nghttp3 --without-ngtcp2 --without-quiche --without-hyper \
  --without-librtmp --without-libssh2 --without-libssh --without-gssapi --without-libgsasl \
  --disable-ldap --disable-ldaps --disable-ntlm-wb --disable-dict --disable-telnet \
  --disable-tftp --disable-pop3 --disable-imap --disable-smtp --disable-gopher \
  --disable-mqtt --disable-rtsp --disable-smb --disable-ftp --disable-file \
  --disable-manual --disable-libcurl-option --disable-alt-svc --disable-hsts \
  --enable-ipv6 --enable-threaded-resolver --enable-unix-sockets >/dev/null
make -s -C lib -j"$(nproc)" >/dev/null
make -s -C lib install >/dev/null
make -s -C include install >/dev/null
echo "$target_arch" > "$prefix/.berth-arch"
echo "static libcurl ($target_arch): $(du -b "$prefix/lib/libcurl.a" | cut -f1) bytes in $prefix"
