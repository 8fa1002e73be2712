// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "core/github.hpp"
#include "core/inputs.hpp"
#include "core/reference.hpp"

namespace berth::core {

// Returns the images to tag: the `images` lines if any, else registry/image,
// where image defaults to GITHUB_REPOSITORY lowercased. Duplicates are
// dropped. Throws Errors naming `images`, `image` or `registry`.
std::vector<ImageName> resolve_images(const Inputs& in, const GitHubContext& ctx);

}  // namespace berth::core
