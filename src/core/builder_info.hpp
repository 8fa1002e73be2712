// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What the docker CLI tells about its BuildKit builder and the daemon's image
// store, parsed from the text of `docker buildx inspect` and `docker info`.
namespace berth::core {

// Where the daemon keeps images: the classic graph drivers (overlay2, as on a
// GitHub runner) or the containerd snapshotters. Only the containerd store
// holds image indexes, so only there does the docker driver build several
// platforms at once and export caches other than inline.
enum class ImageStore { k_unknown, k_classic, k_containerd };

// One builder as `docker buildx inspect` shows it.
struct BuilderInfo {
  std::string name;                    // "default"
  std::string driver;                  // "docker", "docker-container", "kubernetes", "remote"
  std::vector<std::string> platforms;  // every node's, in order, without duplicates
};

// Parses the output of `docker buildx inspect [NAME]`: the first "Name:" and
// "Driver:" lines are the builder's, each node's "Platforms:" line lists
// what it builds ("linux/amd64*" marks a platform set by the user; the star
// is dropped). Returns a BuilderInfo with an empty name when `text` has none.
BuilderInfo parse_buildx_inspect(std::string_view text);

// The `docker info` template whose output parse_image_store reads: one
// "key: value" line per entry of DriverStatus.
inline constexpr const char* k_driver_status_format =
    "{{range .DriverStatus}}{{index . 0}}: {{index . 1}}{{println}}{{end}}";

// The daemon's DriverStatus entries (key, value), as its API's /info gives them.
using DriverStatus = std::vector<std::pair<std::string, std::string>>;

// Returns the image store DriverStatus shows: the containerd store reports
// "driver-type: io.containerd.snapshotter.v1" (its DriverStatus has that one
// entry); the classic drivers report other keys ("Backing Filesystem",
// "Supports d_type"). Returns k_unknown for no entries.
ImageStore image_store_of(const DriverStatus& status);

// Parses `docker info --format k_driver_status_format` output into the
// entries image_store_of reads ("key: value" lines). Returns k_unknown for
// no lines.
ImageStore parse_image_store(std::string_view text);

// Returns "classic", "containerd" or "unknown".
const char* image_store_name(ImageStore store);

}  // namespace berth::core
