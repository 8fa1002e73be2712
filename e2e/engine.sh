# shellcheck shell=bash
# shellcheck disable=SC2034  # E2E_* are for the scripts that source this file
# SPDX-License-Identifier: MIT
# The daemon an e2e step runs against, as a GitHub runner's host daemon: the socket
# mounted into the action container, where the action image is loaded, where the
# scenario's own checks (pull, run) go. Sourced after testenv/env.sh, never run.
#   E2E_ENGINE  26-classic    Debian 13's Engine 26, classic image store (overlay2): what a
#                             GitHub runner's Docker uses by default (the default here)
#               26-containerd Engine 26 with the containerd image store (multi-platform
#                             builds and cache export with buildx's docker driver)
#               20.10         Debian 12's dockerd (testenv/dockerd.sh); berth finds buildx in
#                             the image and uses it there too (BuildKit 0.8: no COPY --link)
# Sets and exports DOCKER_HOST and DOCKER_SOCK to that daemon's (env.sh points them at 20.10),
# and E2E_STORE (classic|containerd) for scenarios that depend on the image store.
E2E_ENGINE=${E2E_ENGINE:-26-classic}
case $E2E_ENGINE in
  20.10) E2E_STORE=classic ;;
  26-classic | 26-containerd)
    E2E_STORE=${E2E_ENGINE#26-}
    DOCKER_SOCK=$STATE/engine26-$E2E_STORE.sock
    export DOCKER_HOST=unix://$DOCKER_SOCK ;;
  *) echo "e2e: E2E_ENGINE must be 20.10, 26-classic or 26-containerd (got '$E2E_ENGINE')" >&2; exit 2 ;;
esac
# The buildx plugin for the host-side docker CLI (testenv/engine26.sh fetch unpacks it), for
# scenarios that work on a daemon's build cache; empty before the fetch.
E2E_BUILDX=${E2E_BUILDX:-${BERTH_ENGINE26_CACHE:-$STATE/engine26-pkgs}/root/usr/libexec/docker/cli-plugins/docker-buildx}
export E2E_ENGINE E2E_STORE
