// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/plan.hpp"
#include "core/reference.hpp"

// The package manifest steps of a stack run's plan (docs/package-manifests.md):
// after the tests of every built image, one `packages` step per built image
// (list its packages, compare with the previous build's manifest, write the
// files), and, when the run pushes, one `packages-store` step per pushed
// build tag (the manifest as an OCI artifact whose subject is that image),
// gated like every write on every test passing.
namespace berth::core {

// Returns the tag whose package manifest a stack run compares with: the
// stack's last build (`base_tag`) when known, else the first of the run's
// moving tags ("latest", "main", "pr-1": where the image's last build of
// that line stands before the run moves it), else "" (nothing to compare).
std::string previous_package_tag(const std::string& base_tag, const std::string& build_tag,
                                 const std::vector<std::string>& moving);

// Returns the `packages` step of the image `stack_image` built as `built`:
// its collector argv (core::package_collector_argv), `source` the previous
// build (`previous_tag` of the same image; no name when ""), `dir` the
// packages-dir the files go into.
Step package_step(const std::string& docker, const std::string& stack_image,
                  const Reference& built, const std::string& previous_tag,
                  const std::string& dir);

// Returns the `packages-store` step of `pushed` (the image's build tag).
Step package_store_step(const std::string& stack_image, const Reference& pushed);

// Returns how a plan shows a packages or packages-store step.
std::string describe_package_step(const Step& step);

}  // namespace berth::core
