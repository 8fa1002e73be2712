// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/github.hpp"
#include "core/time.hpp"

namespace berth::core {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Returns the OCI image labels (org.opencontainers.image.*) for a build of
// `version`, created at `created`, merged with the user's `extra` key=value
// lines (which win), sorted by key.
Labels oci_labels(const GitHubContext& ctx, const std::string& version, EpochMs created,
                  const std::vector<std::string>& extra);

}  // namespace berth::core
