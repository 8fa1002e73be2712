// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::core {

// What a local checkout says about itself (read by io/git.hpp), for the run
// context of berth outside Actions.
struct CheckoutFacts {
  std::string root;            // the work tree's root
  std::string head_sha;        // 40 hex; "" for a repository without commits
  std::int64_t head_time_s = 0;  // HEAD's committer time, unix seconds
  std::string branch;          // "core"; "" when HEAD is detached
  std::vector<std::string> tags_at_head;  // lightweight and annotated, sorted
  std::string origin_url;      // remote.origin.url; "" without an origin
  std::string default_branch;  // from refs/remotes/origin/HEAD; "" when unknown
  bool shallow = false;
  // The commit of refs/remotes/origin/<default_branch>; "" when unknown (a
  // simulated pull request's base sha).
  std::string default_branch_sha;
};

}  // namespace berth::core
