// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/http.hpp"
#include "io/registry.hpp"

// Manifests as registries hand them over: untrusted until checked.
namespace berth::io {

// The largest manifest berth reads (as the distribution registry accepts).
inline constexpr std::size_t k_max_manifest = 4 * 1024 * 1024;

// Checks that `bytes` is a manifest of `media_type`: a supported type, a JSON
// object with schemaVersion 2, a mediaType (when present) equal to
// `media_type` (required for Docker's types), and the fields of its kind
// (manifests; config and layers). Throws Error starting with `what`.
void check_manifest_body(const std::string& what, const std::string& media_type,
                         const std::string& bytes);

// Checks that `claimed` (a digest header or reference, untrusted) is a
// well-formed sha256 or sha512 digest of `bytes`. Throws Error starting with
// `what`, naming `source` ("the Docker-Content-Digest header").
void check_digest(const std::string& what, const std::string& source, const std::string& claimed,
                  const std::string& bytes);

// Returns the manifest of a 200 answer to a GET of `reference`: its body,
// checked, with the digest the registry claims (if any) and the digest
// `reference` names (if it is one) verified. Throws Error starting with `what`.
Manifest read_manifest(const std::string& what, const std::string& reference,
                       const HttpResponse& response);

}  // namespace berth::io
