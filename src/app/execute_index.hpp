// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/image_index.hpp"
#include "core/plan.hpp"
#include "io/registry.hpp"

// The k_index step: an image index assembled from per-platform manifests that
// are already in the target's repository (core/image_index.hpp composes it).
namespace berth::app {

// Reads the manifest a reference points at (the executor's cache).
using ManifestReader = std::function<const io::Manifest&(const core::Reference&)>;

// Returns the platform of each part of `step`: its `part_platforms` entry
// when given, else what the part's tag adds to the target's tag
// (platform_tag(target tag, P)). Throws Error naming the part when neither
// says, or when a part is not in the target's repository (the registry
// requires an index's manifests in its own repository; berth moves no blobs).
std::vector<core::Platform> part_platforms(const core::Step& step);

// Reads every part of `step` through `read`, composes the index and returns
// it as a manifest (bytes, media type, sha256 digest). Reads only. Throws
// Error naming the index and the part at fault.
io::Manifest assemble_index(const core::Step& step, const ManifestReader& read);

}  // namespace berth::app
