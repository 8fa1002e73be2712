#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source=SCRIPTDIR/../testenv/env.sh
# Measures an image in the test daemon three ways and checks the budget of the
# compressed image (45 MB, issue 12):
#   uncompressed   docker image inspect .Size
#   docker save    the bytes of `docker save IMAGE | gzip -6` (what a pull moves, roughly)
#   registry       the sum of the compressed layer sizes (plus config) the manifest lists
#                  after a push to the plain test registry (what a pull really moves)
# One line per figure on stdout, "KEY BYTES"; exit 1 when a compressed figure is over budget.
# Usage: scripts/image-size.sh [IMAGE]   (default berth:dev; test env up: testenv/up.sh)
#   BERTH_IMAGE_BUDGET  compressed budget in bytes (default 45000000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/testenv/env.sh"
image=${1:-berth:dev}
budget=${BERTH_IMAGE_BUDGET:-45000000}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

size=$(docker image inspect -f '{{.Size}}' "$image")
saved=$(docker save "$image" | gzip -6 | wc -c)
# The registry's own account: push under a throwaway repository and add up the manifest.
repo=$PLAIN_ADDR/berth-size/$(tr -c 'a-z0-9\n' '-' <<<"${image,,}" | head -c 60)
docker tag "$image" "$repo:measure"
docker push -q "$repo:measure" >/dev/null
docker image rm "$repo:measure" >/dev/null
accept='application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json'
pushed=$(curl -fsS -H "Accept: $accept" "http://$PLAIN_ADDR/v2/${repo#"$PLAIN_ADDR"/}/manifests/measure" |
  jq '[.layers[].size] + [.config.size] | add')
layers=$(curl -fsS -H "Accept: $accept" "http://$PLAIN_ADDR/v2/${repo#"$PLAIN_ADDR"/}/manifests/measure" | jq '.layers | length')

printf 'uncompressed %s\n' "$size"
printf 'docker-save-gzip %s\n' "$saved"
printf 'registry-compressed %s\n' "$pushed"
say "$image: $(mb "$size") uncompressed, $(mb "$saved") as docker save | gzip, $(mb "$pushed") in the registry ($layers layers); budget $(mb "$budget") compressed"
rc=0
for v in "$saved" "$pushed"; do
  if ((v > budget)); then rc=1; fi
done
((rc == 0)) || say "$image: the compressed image is over the $(mb "$budget") budget"
exit "$rc"
