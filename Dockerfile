# SPDX-License-Identifier: MIT
# The berth action image: one static binary, a static docker CLI with its buildx
# plugin, CA roots and the time zone database in an otherwise empty (scratch) image.
#
# On GitHub both base images are public and nothing has to be passed. Without a
# registry (scripts/build-image.sh) they are replaced by local images:
#   docker build --network host \
#     --build-arg BASE_IMAGE=berth-base/debian:bookworm-slim \
#     --build-arg DOCKER_CLI_IMAGE=berth-local/docker-cli:28 -t berth:dev .
# No "# syntax=" line on purpose: it would pull a frontend image, and the file
# builds with the legacy builder and BuildKit alike.
ARG BASE_IMAGE=debian:bookworm-slim@sha256:96e378d7e6531ac9a15ad505478fcc2e69f371b10f5cdf87857c4b8188404716
# Both base images are pinned by digest, so a build of one commit starts from the same
# bytes. The bookworm-slim digest is one many unrelated public repositories pin for
# that tag (seen 2026-11); like the docker:28-cli one below, it could not be checked
# against Docker Hub from where this was written. Move tag and digest together.
# The official docker CLI image, pinned by its index digest (amd64 and arm64).
# The digest is the one several unrelated public repositories pin for
# docker:28-cli (seen 2026-11); it could not be checked against Docker Hub from
# where this was written. Move tag and digest together.
ARG DOCKER_CLI_IMAGE=docker:28-cli@sha256:625d9431a9f54c5a2bc90f24f0e1c3d55b1349fd857dd85035f98c2c9acbdd4d

# The TARGET platform's docker CLI image (no --platform: an index gives the target's
# manifest). Two Go binaries are taken from it: /usr/local/bin/docker and the buildx
# plugin at /usr/local/libexec/docker/cli-plugins/docker-buildx (where
# docker-library/docker's Dockerfile installs it, and one of the system plugin
# directories the CLI searches), so berth builds with BuildKit. Nothing of this stage
# runs: it is only copied from.
FROM ${DOCKER_CLI_IMAGE} AS docker-cli

# The builder runs on the BUILD platform and cross-compiles for the target
# (TARGETARCH amd64 natively, arm64 with Debian's aarch64-linux-gnu toolchain): no
# step of this file runs under emulation.
# The toolchain and libraries, in a stage of their own: scripts/check-reproducible.sh
# rebuilds the stages after it from source (no-cache-filters: builder) on top of it.
FROM --platform=$BUILDPLATFORM ${BASE_IMAGE} AS toolchain
ARG TARGETARCH
ARG BUILDARCH
ENV DEBIAN_FRONTEND=noninteractive
# deb-src entries mirror the image's own deb sources (as scripts/install-deps.sh
# does), for `apt-get source curl`. For another target, dpkg's multiarch brings its
# libraries and the cross toolchain (scripts/install-deps.sh --cross does the same).
# yaml-cpp (the stack file) only for the target: its -dev package is not multiarch.
RUN set -eux; \
    case "$TARGETARCH" in amd64|arm64) ;; \
      *) echo "TARGETARCH '$TARGETARCH': the action image is built for amd64 and arm64 only" >&2; exit 1 ;; esac; \
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then \
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        > /etc/apt/sources.list.d/berth-deb-src.sources; \
    else \
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/berth-deb-src.list; \
    fi; \
    cross=''; \
    yaml_cpp="libyaml-cpp-dev:$TARGETARCH"; \
    if [ "$TARGETARCH" != "$BUILDARCH" ]; then \
      dpkg --add-architecture "$TARGETARCH"; \
      cross="crossbuild-essential-$TARGETARCH libssl-dev:$TARGETARCH zlib1g-dev:$TARGETARCH"; \
    fi; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends \
      build-essential cmake pkg-config file dpkg-dev ca-certificates tzdata binutils \
      $yaml_cpp \
      libssl-dev zlib1g-dev rapidjson-dev libcli11-dev libspdlog-dev libfmt-dev $cross >/dev/null


FROM toolchain AS builder
ARG TARGETARCH
ARG BUILDARCH
WORKDIR /src
# The minimal static libcurl first: it changes only with these scripts and the curl
# source package, so source edits reuse this layer. The source is Debian's, pinned
# by version: a version Debian has since replaced is no longer on the mirror and the
# build stops here, naming it (move CURL_DEB_VERSION then). The lists are fetched
# again in case the layer above comes from an old cache.
# For another target, configure is told it cross-compiles (CONFIG_SITE): where the
# kernel has a binfmt_misc emulator registered it would otherwise run its arm64 test
# programs, decide it is not cross-compiling, and fail its run-time library check.
ARG CURL_DEB_VERSION=7.88.1-10+deb12u15
COPY scripts/build-static-curl.sh scripts/target-arch.sh scripts/
RUN set -eux; \
    apt-get update -qq; \
    mkdir -p /build/curl-src; \
    (cd /build/curl-src && apt-get source -qq "curl=$CURL_DEB_VERSION" >/dev/null 2>&1) \
      || { echo "curl source $CURL_DEB_VERSION is not on the mirror (CURL_DEB_VERSION)" >&2; exit 1; }; \
    if [ "$TARGETARCH" != "$BUILDARCH" ]; then \
      printf 'cross_compiling=yes\n' > /build/cross.site; export CONFIG_SITE=/build/cross.site; \
    fi; \
    BERTH_TARGET_ARCH=$TARGETARCH scripts/build-static-curl.sh /build/curl /build/curl-src; \
    rm -rf /build/curl-src /var/lib/apt/lists/*

# The minimal static libgit2 (local repositories only), from Debian's libgit2 and
# http-parser source packages, the same way. Not pinned by default: the newest
# version the mirror serves (a security update may be listed before its source is
# served, as on mirrors that lag); set LIBGIT2_DEB_VERSION to pin one. Its cmake
# is told the target (CMAKE_SYSTEM_NAME), so nothing of it runs under emulation.
ARG LIBGIT2_DEB_VERSION=
COPY scripts/build-static-libgit2.sh scripts/target-arch.sh scripts/
RUN set -eux; \
    apt-get update -qq; \
    LIBGIT2_DEB_VERSION=$LIBGIT2_DEB_VERSION BERTH_TARGET_ARCH=$TARGETARCH \
      scripts/build-static-libgit2.sh /build/libgit2 /build/libgit2-src; \
    rm -rf /build/libgit2-src /var/lib/apt/lists/*

# Everything the final image holds besides berth, staged as one tree, /rootfs. The
# whole docker CLI image is copied aside (/cli) so that a binary linked against libc
# (Debian's buildx, the local stand-in of scripts/make-local-images.sh) finds its
# loader and libraries in the TARGET's own files: its ELF headers (readelf, which
# reads any architecture; ldd would have to run it) name the interpreter and the
# NEEDED libraries, looked up in /cli's library directories and copied at the same
# paths. Nothing is copied for a static binary (the official image's). The binaries
# run here only when the target is the build platform; otherwise `file` checks
# their architecture.
COPY --from=docker-cli / /cli/
RUN set -eux; \
    case "$TARGETARCH" in \
      amd64) triplet=x86_64-linux-gnu elf='x86-64' ;; \
      arm64) triplet=aarch64-linux-gnu elf='ARM aarch64' ;; \
    esac; \
    plugin=usr/local/libexec/docker/cli-plugins/docker-buildx; \
    install -D -m 755 /cli/usr/local/bin/docker /rootfs/usr/local/bin/docker; \
    install -D -m 755 "/cli/$plugin" "/rootfs/$plugin"; \
    "$triplet-strip" /rootfs/usr/local/bin/docker "/rootfs/$plugin"; \
    in_cli() { \
      p=$1; n=0; \
      while [ -L "/cli$p" ] && [ $n -lt 16 ]; do \
        t=$(readlink "/cli$p"); case "$t" in /*) p=$t ;; *) p=$(dirname "$p")/$t ;; esac; n=$((n + 1)); \
      done; \
      [ -f "/cli$p" ] && printf '%s\n' "$p"; \
    }; \
    for bin in usr/local/bin/docker "$plugin"; do \
      file -b "/rootfs/$bin" | grep -q "$elf" \
        || { echo "/$bin is not a $TARGETARCH binary: $(file -b "/rootfs/$bin")" >&2; exit 1; }; \
      file -b "/rootfs/$bin" | grep -q 'dynamically linked' || continue; \
      interp=$(readelf -l "/rootfs/$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p'); \
      src=$(in_cli "$interp") || { echo "/$bin: its loader $interp is not in the docker CLI image" >&2; exit 1; }; \
      mkdir -p "/rootfs$(dirname "$interp")"; cp "/cli$src" "/rootfs$interp"; \
      for lib in $(readelf -d "/rootfs/$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do \
        found=''; \
        for dir in "/lib/$triplet" "/usr/lib/$triplet" /lib /usr/lib /lib64; do \
          if src=$(in_cli "$dir/$lib"); then found=$dir/$lib; break; fi; \
        done; \
        [ -n "$found" ] || { echo "/$bin: $lib is not in the docker CLI image" >&2; exit 1; }; \
        mkdir -p "/rootfs$(dirname "$found")"; cp "/cli$src" "/rootfs$found"; \
      done; \
    done; \
    mkdir -p /rootfs/tmp /rootfs/etc/ssl/certs /rootfs/usr/share; \
    chmod 1777 /rootfs/tmp; \
    cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ca-certificates.crt; \
    printf 'hosts: files dns\n' > /rootfs/etc/nsswitch.conf; \
    cp -a /usr/share/zoneinfo /rootfs/usr/share/zoneinfo; \
    rm -rf /rootfs/usr/share/zoneinfo/right /rootfs/usr/share/zoneinfo/posix \
           /rootfs/usr/share/zoneinfo/posixrules /rootfs/usr/share/zoneinfo/localtime; \
    if [ "$TARGETARCH" = "$BUILDARCH" ]; then \
      chroot /rootfs /usr/local/bin/docker --version; \
      chroot /rootfs "/$plugin" version; \
    fi; \
    rm -rf /cli

# berth itself, cross-compiled for the target (scripts/build-static.sh honours
# BERTH_TARGET_ARCH: out/berth for amd64, out/<arch>/berth otherwise). Source paths
# are mapped away (-ffile-prefix-map) and the sources use no __DATE__ or __TIME__,
# so the same commit and toolchain give the same bytes.
COPY CMakeLists.txt ./
COPY scripts/ scripts/
COPY src/ src/
RUN set -eux; \
    export CFLAGS="-ffile-prefix-map=/src/=" CXXFLAGS="-ffile-prefix-map=/src/= -ffile-prefix-map=/build/="; \
    BERTH_TARGET_ARCH=$TARGETARCH scripts/build-static.sh /build; \
    if [ "$TARGETARCH" = amd64 ]; then bin=out/berth; else bin=out/$TARGETARCH/berth; fi; \
    case "$TARGETARCH" in amd64) elf='x86-64' ;; arm64) elf='ARM aarch64' ;; esac; \
    file -b "$bin" | grep -q "$elf" || { echo "$bin is not a $TARGETARCH binary: $(file -b "$bin")" >&2; exit 1; }; \
    install -D -m 755 "$bin" /berthfs/usr/local/bin/berth; \
    if [ "$TARGETARCH" = "$BUILDARCH" ]; then /berthfs/usr/local/bin/berth --version; fi

# Reproducible layers: every file, directory and link of the two trees gets the
# commit's time (SOURCE_DATE_EPOCH, a build argument; 0 without one), so the layers
# do not depend on when the steps above ran. Only these two trees reach the image:
# nothing of apt's state or the build directories does. Declared here, the argument
# leaves the cache of every step above alone.
ARG SOURCE_DATE_EPOCH
RUN set -eu; \
    find /rootfs /berthfs -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +

FROM scratch
COPY --from=builder /rootfs/ /
COPY --from=builder /berthfs/ /
ENV HOME=/tmp PATH=/usr/local/bin
ENTRYPOINT ["/usr/local/bin/berth"]
