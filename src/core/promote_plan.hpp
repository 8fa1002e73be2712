// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/plan.hpp"

namespace berth::core {

// Plans a promotion: for every image, one manifest PUT per target tag, each
// copying the manifest of `source` byte for byte (no layer moves). Pinned
// targets come before moving ones. Throws Error naming `promote-to` when a
// target is the source itself.
Plan plan_promotion(const std::vector<ImageName>& images, const std::string& source,
                    const std::vector<std::string>& targets, bool dry_run);

}  // namespace berth::core
