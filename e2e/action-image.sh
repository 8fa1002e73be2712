# shellcheck shell=bash
# shellcheck disable=SC2034  # E2E_* are for the scripts that source this file
# SPDX-License-Identifier: MIT
# The image a step of the action runs, from action.yml's runs.image, as the runner decides it
# (container-action-runtime.md §1). Sourced after testenv/env.sh, never run.
#
#   docker://HOST/PATH:TAG  the runner pulls HOST/PATH:TAG (no credentials, no --platform) and
#                           runs it. Here HOST is mapped to the local anonymous registry
#                           ($PLAIN_ADDR): the harness publishes the image it built under the
#                           same PATH and TAG there (run-all.sh), and each step pulls
#                           $PLAIN_ADDR/PATH:TAG into the engine it runs on and runs that
#                           (run-action.sh). Only the host changes: this machine reaches no
#                           public registry, and the daemon cannot be made to take the name
#                           ghcr.io for a loopback registry (that would need DNS and a
#                           certificate for ghcr.io; registry mirrors serve Docker Hub only).
#                           The anonymous registry stands in for a public package, which is
#                           what the runner's credential-less pull needs.
#   Dockerfile, DIR/Dockerfile  the runner builds it in the job; here that build is E2E_IMAGE
#                           (scripts/build-image.sh in run-all.sh), run as it is.
#
# action_image ACTION_YML: sets E2E_RUNS_IMAGE (runs.image as written), E2E_ACTION_IMAGE (what
# a step runs), E2E_ACTION_REPO and E2E_ACTION_TAG (its repository and tag on the local
# registry, docker:// only) and E2E_PULL (1: pull E2E_ACTION_IMAGE before each step). Returns 1
# with a message on stderr for a runs.image the harness cannot stand in for.
action_image() {
  local file=$1 ref first path
  E2E_RUNS_IMAGE=$(awk '
    /^[^ #]/ { runs = ($0 ~ /^runs:/) }
    runs && /^  image:/ { v = $0; sub(/^  image:[ ]*/, "", v); sub(/[ ]+#.*$/, "", v)
      if (v ~ /^'\''.*'\''$/ || v ~ /^".*"$/) v = substr(v, 2, length(v) - 2); print v; exit }' "$file")
  E2E_ACTION_REPO="" E2E_ACTION_TAG=""
  case $E2E_RUNS_IMAGE in
    docker://*)
      ref=${E2E_RUNS_IMAGE#docker://}
      if [[ $ref == *@* ]]; then
        echo "e2e: runs.image '$E2E_RUNS_IMAGE' pins a digest: the harness cannot publish its build under it" >&2
        return 1
      fi
      # The distribution grammar's domain rule: a first component with a dot or a colon, or
      # localhost, is a host; otherwise the name is Docker Hub's.
      first=${ref%%/*}
      if [[ $ref == */* && ($first == *.* || $first == *:* || $first == localhost) ]]; then
        path=${ref#*/}
      else
        path=$ref
        [[ $path == */* ]] || path=library/$path
      fi
      if [[ ${path##*/} == *:* ]]; then
        E2E_ACTION_TAG=${path##*:} E2E_ACTION_REPO=${path%:*}
      else
        E2E_ACTION_TAG=latest E2E_ACTION_REPO=$path   # docker pull's default tag
      fi
      E2E_ACTION_IMAGE=$PLAIN_ADDR/$E2E_ACTION_REPO:$E2E_ACTION_TAG
      E2E_PULL=1 ;;
    Dockerfile | */Dockerfile | Dockerfile.* | */Dockerfile.*)
      E2E_ACTION_IMAGE=${E2E_IMAGE:-berth:dev}
      E2E_PULL=0 ;;
    *)
      echo "e2e: $file: runs.image '$E2E_RUNS_IMAGE' is neither docker://IMAGE nor a Dockerfile" >&2
      return 1 ;;
  esac
}

# published_digest: the local registry's digest of E2E_ACTION_IMAGE ("" when it has none).
published_digest() {
  curl -sS -I -o /dev/null -w '%header{docker-content-digest}' --fail \
    -H 'Accept: application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json' \
    "http://$PLAIN_ADDR/v2/$E2E_ACTION_REPO/manifests/$E2E_ACTION_TAG" 2>/dev/null || true
}
