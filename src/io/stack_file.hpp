// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/stack.hpp"
#include "io/files.hpp"

// The stack file (YAML, docs/stack-file.md) read into core::Stack. The only
// file that includes yaml-cpp.
namespace berth::io {

// The stack file's default path, relative to the repository root.
inline constexpr const char* k_default_stack_file = ".github/berth-stack.yml";

// Parses the stack file `text` read from `path` (relative to the repository
// root; named in every error). An image's name is `prefix`/NAME unless its
// `image` says otherwise; without a `prefix` key, `default_prefix` (the
// registry input and the owner, lower case: "ghcr.io/acme") is used. Keeps
// the line of every image and test; leaves the links to core::link_stack.
// Throws Errors blaming the `stack` input, each naming the file and line:
// YAML syntax, unknown keys (with a did-you-mean), wrong types, no
// `images`, a test without `run`, a bad glob, a bad build-arg, a bad
// platform, a path leaving the repository, an invalid image name.
core::Stack parse_stack_file(std::string_view text, const std::string& path,
                             const std::string& default_prefix);

// Reads the stack file at `path` under the repository `root`, checks that
// every context is a directory and every Dockerfile a file, reads them and
// links the stack (core::link_stack with the action's `build_args`): the
// stack ready to plan, images in build order. Throws Errors blaming `stack`.
core::Stack load_stack(Files& files, const std::string& root, const std::string& path,
                       const std::string& default_prefix,
                       const std::vector<std::string>& build_args);

}  // namespace berth::io
