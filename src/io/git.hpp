// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/checkout.hpp"

// A git repository read without a git binary (libgit2): the checkout's facts
// and its history, for stacks (what changed) and the local CLI (the context).
namespace berth::io {

class GitRepo {
 public:
  virtual ~GitRepo() = default;
  // The checkout's facts: HEAD, its branch and tags, origin, default branch.
  virtual core::CheckoutFacts facts() = 0;
  // Commits reachable from `sha` (itself first), newest first, at most `limit`.
  virtual std::vector<std::string> history(const std::string& sha, std::size_t limit) = 0;
  // Paths (relative to the root) whose content differs between the trees of
  // commits `from` and `to`; a rename lists both paths. Throws Error when a
  // commit is not in the repository.
  virtual std::vector<std::string> changed_paths(const std::string& from, const std::string& to) = 0;
  // Whether `sha` names a commit the repository has.
  virtual bool has_commit(const std::string& sha) = 0;
};

// Opens the repository whose work tree holds `path` (searching upwards).
// Throws Error naming `path` when there is none.
std::unique_ptr<GitRepo> open_git_repo(const std::string& path);

}  // namespace berth::io
