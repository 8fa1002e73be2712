// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

// A package manifest stored next to its image as an OCI artifact
// (image-spec "Guidelines for Artifact Usage"): an image manifest with
// artifactType, the empty config, one layer holding the JSON, and the image
// as its subject, found again through the referrers API or, on a registry
// without it, the referrers tag schema (distribution-spec "Referrers Tag
// Schema": an index tagged "<alg>-<hex>").
namespace berth::core {

inline constexpr const char* k_packages_artifact_type =
    "application/vnd.berth.packages.v1+json";
inline constexpr const char* k_oci_empty_type = "application/vnd.oci.empty.v1+json";
// The empty config, "{}": its digest and size (image-spec, "Guidance for an Empty
// Descriptor").
inline constexpr const char* k_oci_empty_json = "{}";
inline constexpr const char* k_oci_empty_digest =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

// A manifest by media type, digest and size.
struct ContentRef {
  std::string media_type;
  std::string digest;
  std::int64_t size = 0;
};

// Returns the artifact's OCI image manifest (compact JSON, fixed field order)
// for the package JSON `layer` of the image `subject`.
std::string package_artifact_manifest(const ContentRef& subject, const ContentRef& layer);

// Returns the referrers tag of `digest` ("sha256:abc..." → "sha256-abc...";
// the algorithm cut to 32 characters, the hex to 64). Returns "" when
// `digest` has no ':'.
std::string referrers_tag(const std::string& digest);

}  // namespace berth::core
