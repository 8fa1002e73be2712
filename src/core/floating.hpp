// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/semver.hpp"

namespace berth::core {

// A floating tag (latest, X, X.Y) kept where it is, and why.
struct HeldBack {
  std::string tag;
  std::string because;  // "2.0.1 is already released"
};

// Returns the floating tags of release `version` that must not move because
// the repository already holds a higher release in their scope: "latest" if
// any release is higher, "X" if a higher X.*.* exists, "X.Y" if a higher
// X.Y.* exists. `existing` are the repository's tags; those that are not
// releases (prereleases, "latest", "1.2", "nightly") are ignored.
std::vector<HeldBack> held_back_floating_tags(const SemVer& version,
                                              const std::vector<std::string>& existing);

}  // namespace berth::core
