// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

// Manifest media types berth reads and writes
// (https://github.com/opencontainers/image-spec/blob/main/media-types.md).
namespace berth::core {

inline constexpr std::string_view k_oci_index = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view k_docker_list =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view k_oci_manifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view k_docker_manifest =
    "application/vnd.docker.distribution.manifest.v2+json";

// The Accept header of manifest reads: indexes first, no schema 1, so that a
// registry hands back a multi-platform index as it is instead of rewriting
// it to one platform.
inline constexpr std::string_view k_manifest_accept =
    "application/vnd.oci.image.index.v1+json,"
    "application/vnd.docker.distribution.manifest.list.v2+json,"
    "application/vnd.oci.image.manifest.v1+json,"
    "application/vnd.docker.distribution.manifest.v2+json";

// Returns whether `media_type` names a multi-platform index.
inline bool is_index(std::string_view media_type) {
  return media_type == k_oci_index || media_type == k_docker_list;
}

// Returns whether berth can copy a manifest of `media_type` byte for byte.
inline bool is_supported_manifest(std::string_view media_type) {
  return is_index(media_type) || media_type == k_oci_manifest ||
         media_type == k_docker_manifest;
}

}  // namespace berth::core
