// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/stack.hpp"

// Which images of a stack a run builds, and why: pure decisions over the
// paths a commit range changed.
namespace berth::core {

// What changed since the last build of the stack.
struct ChangeSet {
  bool all = false;               // every image rebuilds
  std::string all_reason;         // why: "no earlier build of the stack", "rebuild: all (input)",
                                  // "history not available (shallow clone)"
  std::string base_sha;           // the commit compared with ("" when `all`)
  std::string base_tag;           // its build tag ("2023.2-a1239a5"), the source of re-tags
  std::vector<std::string> paths; // changed paths, relative to the repository root
};

enum class StackAction {
  k_build,  // build, test, push
  k_retag,  // PUT the manifest of its last build (base_tag) under the new build tag
};

struct StackDecision {
  std::string name;     // the image's name in the stack file
  StackAction action = StackAction::k_build;
  std::string reason;   // "changed: images/base/Dockerfile", "parent base rebuilds", ...
};

}  // namespace berth::core
