// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace berth::core {

// The registry that names without a domain live on.
inline constexpr std::string_view k_docker_hub = "docker.io";

// An image name, split as the distribution reference grammar splits it
// (https://github.com/distribution/distribution/blob/main/reference/reference.go).
struct ImageName {
  std::string registry;    // "ghcr.io", "localhost:5000", "docker.io"
  std::string repository;  // "owner/app"; "library/debian" on Docker Hub
  std::string written;     // as the user wrote it, lowercased: "owner/app"

  // Returns "registry/repository", the fully qualified name.
  std::string full() const { return registry + "/" + repository; }
};

// An image reference: a name with an optional tag and digest. The one type
// that makes `name:tag` and `name@digest` strings.
struct Reference {
  ImageName name;
  std::string tag;     // "" when absent
  std::string digest;  // "sha256:<64 hex>", "" when absent

  // Returns the reference to `tag` of `name`. Throws nothing: `tag` is a
  // valid tag (the caller made it so).
  static Reference with_tag(const ImageName& name, std::string tag);
  // Returns the reference to `digest` of `name`. Throws nothing.
  static Reference with_digest(const ImageName& name, std::string digest);
  // Renders the reference as the user wrote the name: "owner/app:1.2",
  // "ghcr.io/o/a@sha256:...", "name:tag@digest" when both are set. Throws
  // nothing.
  std::string str() const;
};

// Parses `text` as an image name without tag or digest. The repository path is
// lowercased (registries reject upper case). Applies Docker Hub's defaults
// ("debian" is docker.io/library/debian), and the rules of GitHub's registries:
// ghcr.io names are OWNER/NAME..., docker.pkg.github.com names are exactly
// OWNER/REPO/NAME. Throws Error naming `input` when the name is invalid.
ImageName parse_image_name(std::string_view text, const std::string& input);

// Parses `text` as NAME[:TAG][@DIGEST]. Throws Error naming `input`.
Reference parse_reference(std::string_view text, const std::string& input);

// Returns whether `text` is a registry host: a domain name, IPv4 address or
// bracketed IPv6 address, with an optional port.
bool is_valid_registry(std::string_view text);

}  // namespace berth::core
