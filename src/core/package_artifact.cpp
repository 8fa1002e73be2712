// SPDX-License-Identifier: MIT
#include "core/package_artifact.hpp"

#include <algorithm>

#include "core/media_types.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

std::string descriptor(const ContentRef& d) {
  return "{\"mediaType\":" + json_string(d.media_type) +
         ",\"digest\":" + json_string(d.digest) + ",\"size\":" + std::to_string(d.size) +
         "}";
}

}  // namespace

std::string package_artifact_manifest(const ContentRef& subject,
                                      const ContentRef& layer) {
  return "{\"schemaVersion\":2,\"mediaType\":" + json_string(k_oci_manifest) +
         ",\"artifactType\":" + json_string(k_packages_artifact_type) +
         ",\"config\":{\"mediaType\":" + json_string(k_oci_empty_type) +
         ",\"digest\":" + json_string(k_oci_empty_digest) +
         ",\"size\":2,\"data\":\"e30=\"}" + ",\"layers\":[" + descriptor(layer) +
         "],\"subject\":" + descriptor(subject) + "}";
}

std::string referrers_tag(const std::string& digest) {
  const auto colon = digest.find(':');
  if (colon == std::string::npos) {
    return {};
  }
  return digest.substr(0, std::min<std::size_t>(colon, 32)) + "-" +
         digest.substr(colon + 1, 64);
}

}  // namespace berth::core
