// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "core/image_index.hpp"
#include "core/platform.hpp"
#include "io/registry.hpp"

// Reads the parts of an image index berth assembles (core/image_index.hpp)
// from manifests as the registry handed them over (already checked by
// io/manifest_check.hpp).
namespace berth::io {

// Returns `manifest` as a part of an index for `platform`; when it is itself
// an index, with its entries (attestation manifests included). `name` is the
// reference, for messages. Throws Error naming `name` when an index entry is
// malformed.
core::IndexPart read_index_part(const std::string& name, const core::Platform& platform,
                                const Manifest& manifest);

}  // namespace berth::io
