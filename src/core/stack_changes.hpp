// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
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

// Returns why `pattern` is not a path glob berth matches, or "" when it is.
// A glob is relative to the repository root: `*` matches within one path
// segment, `**` (a whole segment) any number of segments, `?` one character
// but '/'; a pattern matching a directory matches everything under it.
// Refused: an empty pattern, a leading '/', '.' or '..' segments, '[' (no
// classes), a backslash, and `**` inside a segment ("a**").
std::string glob_problem(std::string_view pattern);

// Returns whether the path `path` (relative, '/'-separated) or one of its
// leading directories matches the glob `pattern` (glob_problem's rules).
bool glob_matches(std::string_view pattern, std::string_view path);

// Returns what each image of `stack` (linked: build order) does in a run
// with the changes `changes`, in the stack's order. An image builds when
// `changes.all`, when a changed path matches a rebuild-all glob, when a
// changed path lies in its context or is its Dockerfile, or when a parent
// builds; otherwise it is re-tagged from its last build. Each decision
// carries its reason: "changed: images/base/Dockerfile (+2 more)", "parent
// base builds", "rebuild-all: ci/build.sh", "unchanged since 2023.2-abc1234".
std::vector<StackDecision> decide_stack(const Stack& stack, const ChangeSet& changes);

// The newest commit whose build every image of a stack carries.
struct LastBuild {
  std::string sha;  // the commit
  std::string tag;  // its build tag: "2023.2-abc1234"
};

// Returns the newest commit of `history` (shas, newest first: the commits
// before HEAD) whose build tag "<prefix>-<7 hex of the sha>" appears in every
// list of `tags_per_image` (the tags of each image of the stack, one list per
// image), or nothing. `prefix` is the calver input's fixed prefix ("2023.4"),
// or "" for any calendar prefix (YYYY.N, core/time.hpp's is_calver_prefix).
// When a commit has build tags of several prefixes, the one every image
// carries and that sorts last wins (the newest quarter). No images: nothing.
std::optional<LastBuild> find_last_build(const std::vector<std::string>& history,
                                         const std::vector<std::vector<std::string>>& tags_per_image,
                                         std::string_view prefix = {});

}  // namespace berth::core
