// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/registry.hpp"

// Seeds a registry with small images through its API alone (no daemon).
namespace berth::testing {

// Pushes a one-layer image manifest (OCI or Docker v2, by `media_type`) under
// `tag` and returns it as stored. `salt` makes the layer unique.
io::Manifest seed_image(io::RegistryClient& client, const std::string& repository,
                        const std::string& tag, const std::string& media_type,
                        const std::string& salt);

// Pushes two platform manifests (linux/amd64, linux/arm64) and an index over
// them (an OCI index or a Docker manifest list, by `media_type`) under `tag`.
io::Manifest seed_index(io::RegistryClient& client, const std::string& repository,
                        const std::string& tag, const std::string& media_type,
                        const std::string& salt);

}  // namespace berth::testing
