// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "core/github.hpp"
#include "core/inputs.hpp"
#include "core/reference.hpp"

namespace berth::core {

// Returns the images to tag: the `images` input if set (docker/metadata-action's
// syntax: one name a line, a comma-separated line, or name=NAME,enable=BOOL;
// disabled images are skipped), else registry/image, where image defaults to
// GITHUB_REPOSITORY lowercased. Duplicates are dropped. Throws Errors naming
// `images`, `image` or `registry`.
std::vector<ImageName> resolve_images(const Inputs& in, const GitHubContext& ctx);

}  // namespace berth::core
