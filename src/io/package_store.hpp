// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "io/registry.hpp"

// Package manifests stored next to their image in its repository, as an OCI
// artifact whose subject is the image (core/package_artifact.hpp), so that
// the next build reads the previous one's without pulling a layer.
namespace berth::io {

// The largest package manifest JSON berth reads back.
inline constexpr std::size_t k_max_package_json = 16 * 1024 * 1024;

struct StoredPackages {
  std::string subject_digest;   // the image's manifest
  std::string artifact_digest;  // the artifact's manifest
  std::size_t json_size = 0;    // the layer (the manifest JSON)
  std::size_t artifact_size = 0;
  bool subject_recorded = false;  // the registry serves the referrers API (OCI-Subject)
  std::string referrers_tag;      // the tag updated instead ("" when the API served)
};

// Pushes `json` (core::package_manifest_json) as the package artifact of the
// image `repository`:`reference` (a tag or digest, already pushed): the empty
// config and the JSON as blobs, the artifact manifest under its digest, and,
// unless the registry recorded the subject, the referrers tag's index with
// the artifact added (other entries kept; a 404 starts an empty index).
// Throws Error (the referrers tag holding something other than an OCI index
// included).
StoredPackages store_package_artifact(Registry& registry, const std::string& repository,
                                      const std::string& reference,
                                      const std::string& json);

struct FoundPackages {
  std::optional<std::string> json;  // the manifest JSON, when found
  std::string subject_digest;       // the digest `reference` points at ("" when missing)
  std::string artifact_digest;
  bool via_api = false;  // found through the referrers API (else the referrers tag)
  std::string absent;    // why nothing was found ("no image", "no package manifest")
};

// Finds the package artifact of `repository`:`reference` (a tag or digest):
// its digest (HEAD), the referrers API, else the referrers tag, the newest
// entry of berth's artifact type, its manifest and its one layer (checked).
// A missing image or artifact is no error (`absent` says which). Throws
// Error on a malformed artifact or a registry failure.
FoundPackages find_package_artifact(Registry& registry, const std::string& repository,
                                    const std::string& reference);

// Returns the referrers index `index` (an OCI index's bytes; nothing: a new
// one) with `entry` added (a descriptor as compact JSON) unless a descriptor
// of its digest is there; other entries are kept as they are. Throws Error
// when `index` is not an OCI image index.
std::string add_referrer(const std::optional<std::string>& index,
                         const std::string& digest, const std::string& entry);

}  // namespace berth::io
