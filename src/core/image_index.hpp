// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/platform.hpp"

// Image indexes that berth assembles from per-platform manifests already in
// the registry (https://github.com/opencontainers/image-spec/blob/main/image-index.md).
// Pure: the manifests are read (io/index_json.hpp) and written by others.
namespace berth::core {

// One entry of an index: a manifest by digest, with its platform.
struct Descriptor {
  std::string media_type;
  std::string digest;
  std::int64_t size = 0;
  std::optional<Platform> platform;
  std::string os_version;                  // "platform"."os.version" (Windows)
  std::vector<std::string> os_features;    // "platform"."os.features"
  std::map<std::string, std::string> annotations;
};

// One part of an index to be: a manifest as the registry holds it, and the
// platform it was built for.
struct IndexPart {
  std::string name;        // the reference, for messages: "ghcr.io/o/app:1.2.3-linux-arm64"
  std::string media_type;  // of the part's own manifest
  std::string digest;
  std::int64_t size = 0;
  Platform platform;       // the requested platform
  // os/architecture of the image's config, when it was read: a mismatch with
  // `platform` is an error.
  std::optional<Platform> config_platform;
  // When the part is itself an index (a builder with provenance pushes one
  // per platform): its entries, attestation manifests included.
  std::vector<Descriptor> manifests;
};

// An index's bytes and media type; the digest is the caller's (sha256 of bytes).
struct ComposedIndex {
  std::string media_type;
  std::string bytes;
};

// Returns whether `d` is a buildx attestation manifest (annotation
// "vnd.docker.reference.type": "attestation-manifest"), which names no
// runnable platform ("unknown/unknown").
bool is_attestation(const Descriptor& d);

// Composes the index of `parts`, in their order. A plain manifest part
// becomes one entry with its requested platform; an index part is flattened
// (each of its entries, attestations included, in its order). The result is
// a Docker manifest list when every entry is of a Docker media type, else an
// OCI image index (the rule of `docker buildx imagetools create`). The bytes
// are compact JSON with a fixed field order: the same parts give the same
// digest. Throws Error naming the part when there are no parts, a part is of
// an unsupported media type, its config names another platform, an index
// part holds an image of another platform or none, or a platform or manifest
// appears twice.
ComposedIndex compose_index(const std::vector<IndexPart>& parts);

// Returns whether `have` serves `want`: same os and architecture, and the same
// variant when `want` names one.
bool platform_matches(const Platform& want, const Platform& have);

}  // namespace berth::core
