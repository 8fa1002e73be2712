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
ARG BASE_IMAGE=debian:bookworm-slim
# The official docker CLI image, pinned by its index digest (amd64 and arm64).
# The digest is the one several unrelated public repositories pin for
# docker:28-cli (seen 2026-11); it could not be checked against Docker Hub from
# where this was written. Move tag and digest together.
ARG DOCKER_CLI_IMAGE=docker:28-cli@sha256:625d9431a9f54c5a2bc90f24f0e1c3d55b1349fd857dd85035f98c2c9acbdd4d

# Two static Go binaries are taken from this image: /usr/local/bin/docker and the
# buildx plugin at /usr/local/libexec/docker/cli-plugins/docker-buildx (where
# docker-library/docker's Dockerfile installs it, and one of the system plugin
# directories the CLI searches), so berth builds with BuildKit.
FROM ${DOCKER_CLI_IMAGE} AS docker-cli

FROM ${BASE_IMAGE} AS builder
ENV DEBIAN_FRONTEND=noninteractive
# deb-src entries mirror the image's own deb sources (as scripts/install-deps.sh
# does), for `apt-get source curl`.
RUN set -eux; \
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then \
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        > /etc/apt/sources.list.d/berth-deb-src.sources; \
    else \
      sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/berth-deb-src.list; \
    fi; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends \
      build-essential cmake pkg-config file dpkg-dev ca-certificates tzdata binutils \
      libssl-dev zlib1g-dev rapidjson-dev libcli11-dev libspdlog-dev libfmt-dev >/dev/null

WORKDIR /src
# The minimal static libcurl first: it changes only with this script (and the
# curl source package), so source edits reuse this layer. The lists are fetched
# again in case the layer above comes from an old cache.
COPY scripts/build-static-curl.sh scripts/
RUN apt-get update -qq && scripts/build-static-curl.sh /build/curl /build/curl-src \
 && rm -rf /build/curl-src /var/lib/apt/lists/*

# Everything the final image holds besides berth, staged as one tree.
COPY --from=docker-cli /usr/local/bin/docker /rootfs/usr/local/bin/docker
COPY --from=docker-cli /usr/local/libexec/docker/cli-plugins/docker-buildx \
     /rootfs/usr/local/libexec/docker/cli-plugins/docker-buildx
RUN set -eux; \
    strip /rootfs/usr/local/bin/docker /rootfs/usr/local/libexec/docker/cli-plugins/docker-buildx; \
    mkdir -p /rootfs/tmp /rootfs/etc/ssl/certs /rootfs/usr/share; \
    chmod 1777 /rootfs/tmp; \
    cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/ca-certificates.crt; \
    printf 'hosts: files dns\n' > /rootfs/etc/nsswitch.conf; \
    cp -a /usr/share/zoneinfo /rootfs/usr/share/zoneinfo; \
    rm -rf /rootfs/usr/share/zoneinfo/right /rootfs/usr/share/zoneinfo/posix \
           /rootfs/usr/share/zoneinfo/posixrules /rootfs/usr/share/zoneinfo/localtime; \
    /rootfs/usr/local/bin/docker --version; \
    /rootfs/usr/local/libexec/docker/cli-plugins/docker-buildx version

COPY CMakeLists.txt ./
COPY scripts/ scripts/
COPY src/ src/
RUN scripts/build-static.sh /build && ./out/berth --version

# The official image's buildx is static. A distribution's build links libc (Debian's
# docker-buildx, the local stand-in of scripts/make-local-images.sh): then its loader and
# libraries come from this stage, at the paths it asks for, or the plugin cannot start in
# the scratch image. Nothing is copied for a static plugin.
RUN set -eux; \
    plugin=/rootfs/usr/local/libexec/docker/cli-plugins/docker-buildx; \
    if ! file -b "$plugin" | grep -q 'statically linked'; then \
      for lib in $(ldd "$plugin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do \
        cp --parents -L "$lib" /rootfs; \
      done; \
      chroot /rootfs /usr/local/libexec/docker/cli-plugins/docker-buildx version; \
    fi

FROM scratch
COPY --from=builder /rootfs/ /
COPY --from=builder /src/out/berth /usr/local/bin/berth
ENV HOME=/tmp PATH=/usr/local/bin
ENTRYPOINT ["/usr/local/bin/berth"]
