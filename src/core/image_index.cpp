// SPDX-License-Identifier: MIT
#include "core/image_index.hpp"

#include <set>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

bool is_docker_type(std::string_view media_type) {
  return media_type.rfind("application/vnd.docker.", 0) == 0;
}

// The fields in the order the OCI and Docker specs list them.
std::string descriptor_json(const Descriptor& d) {
  std::string out = "{\"mediaType\":" + json_string(d.media_type) +
                    ",\"digest\":" + json_string(d.digest) +
                    ",\"size\":" + std::to_string(d.size);
  if (d.platform) {
    out += ",\"platform\":{\"architecture\":" + json_string(d.platform->architecture) +
           ",\"os\":" + json_string(d.platform->os);
    if (!d.os_version.empty()) {
      out += ",\"os.version\":" + json_string(d.os_version);
    }
    if (!d.os_features.empty()) {
      out += ",\"os.features\":[";
      for (std::size_t i = 0; i < d.os_features.size(); ++i) {
        out += (i == 0 ? "" : ",") + json_string(d.os_features[i]);
      }
      out += "]";
    }
    if (!d.platform->variant.empty()) {
      out += ",\"variant\":" + json_string(d.platform->variant);
    }
    out += "}";
  }
  if (!d.annotations.empty()) {
    out += ",\"annotations\":{";
    bool first = true;
    for (const auto& [key, value] : d.annotations) {  // std::map: sorted keys
      out += (first ? "" : ",") + json_string(key) + ":" + json_string(value);
      first = false;
    }
    out += "}";
  }
  return out + "}";
}

// The entries one part adds, checked against its requested platform.
std::vector<Descriptor> entries_of(const IndexPart& part) {
  const std::string what = "index part " + part.name;
  if (part.config_platform && !platform_matches(part.platform, *part.config_platform)) {
    throw Error(what + ": built for " + part.config_platform->str() + ", not " +
                part.platform.str());
  }
  if (part.media_type == k_oci_manifest || part.media_type == k_docker_manifest) {
    Descriptor d;
    d.media_type = part.media_type;
    d.digest = part.digest;
    d.size = part.size;
    d.platform = part.platform;
    return {d};
  }
  if (!is_index(part.media_type)) {
    throw Error(what + ": " + (part.media_type.empty() ? "no media type" : part.media_type) +
                " is not an image manifest or index");
  }
  bool has_image = false;
  for (const Descriptor& d : part.manifests) {
    if (is_attestation(d)) {
      continue;
    }
    if (!d.platform || !platform_matches(part.platform, *d.platform)) {
      throw Error(what + ": holds " + d.digest + " for " +
                  (d.platform ? d.platform->str() : std::string("no platform")) + ", not " +
                  part.platform.str());
    }
    has_image = true;
  }
  if (!has_image) {
    throw Error(what + ": an index with no image for " + part.platform.str());
  }
  return part.manifests;
}

}  // namespace

bool is_attestation(const Descriptor& d) {
  const auto it = d.annotations.find("vnd.docker.reference.type");
  return it != d.annotations.end() && it->second == "attestation-manifest";
}

bool platform_matches(const Platform& want, const Platform& have) {
  return want.os == have.os && want.architecture == have.architecture &&
         (want.variant.empty() || want.variant == have.variant);
}

ComposedIndex compose_index(const std::vector<IndexPart>& parts) {
  if (parts.empty()) {
    throw Error("an image index needs at least one part");
  }
  std::vector<Descriptor> entries;
  std::set<std::string> platforms;
  std::set<std::string> digests;
  for (const IndexPart& part : parts) {
    for (Descriptor& d : entries_of(part)) {
      if (!digests.insert(d.digest).second) {
        throw Error("index part " + part.name + ": manifest " + d.digest + " is already in the index");
      }
      if (!is_attestation(d) && d.platform && !platforms.insert(d.platform->str()).second) {
        throw Error("index part " + part.name + ": platform " + d.platform->str() +
                    " is already in the index");
      }
      entries.push_back(std::move(d));
    }
  }
  bool all_docker = true;
  for (const Descriptor& d : entries) {
    all_docker = all_docker && is_docker_type(d.media_type);
  }
  ComposedIndex index;
  index.media_type = std::string(all_docker ? k_docker_list : k_oci_index);
  index.bytes = "{\"schemaVersion\":2,\"mediaType\":" + json_string(index.media_type) +
                ",\"manifests\":[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    index.bytes += (i == 0 ? "" : ",") + descriptor_json(entries[i]);
  }
  index.bytes += "]}";
  return index;
}

}  // namespace berth::core
