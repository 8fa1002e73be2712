// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/github.hpp"
#include "core/inputs.hpp"
#include "core/time.hpp"
#include "core/time_zones.hpp"

namespace berth::core {

// One tag a rule wants, with its rank: higher priorities come first, ties keep
// the order the rules gave (docker/metadata-action's model, so that its rule
// language can produce the same candidates).
struct TagCandidate {
  std::string value;
  int priority = 0;
};

// The resolved tag list of one build: `main` first, then `partials`, then
// "latest" when `latest` is set.
struct TagSet {
  std::string main;                   // the `version` output
  std::vector<std::string> partials;  // further tags, no duplicates
  bool latest = false;
  std::string latest_tag = "latest";  // the name `latest` gives (flavor prefix/suffix)
  std::vector<std::string> warnings;  // findings worth a ::warning::

  // Returns main, partials and latest_tag, in that order.
  std::vector<std::string> names() const;
};

// The clocks the scheme may read, passed in by the caller.
struct Clock {
  EpochMs now = 0;                           // the wall clock
  std::optional<EpochMs> source_date_epoch;  // SOURCE_DATE_EPOCH, when set
  const TimeZones* zones = nullptr;          // for {{date tz=...}}; null: UTC only
};

// Returns the tag rank for each of berth's rules.
namespace priority {
inline constexpr int k_schedule = 1000;
inline constexpr int k_semver = 900;
inline constexpr int k_calver = 800;
inline constexpr int k_ref = 600;
inline constexpr int k_raw = 200;
inline constexpr int k_sha = 100;
}  // namespace priority

// Computes the tags of a run with berth's own scheme, or with
// docker/metadata-action's rules (core/meta_engine.hpp) when `tags` or
// `flavor` is set; `calver` adds its build tag either way. Throws Error when
// the context cannot name a tag (no ref, no sha) or a rule is bad.
TagSet compute_tags(const Inputs& in, const GitHubContext& ctx, const Clock& clock);

// Orders `candidates` by priority (stable) and folds them into a TagSet,
// dropping duplicates.
TagSet assemble(std::vector<TagCandidate> candidates, bool latest);

// Returns the time a build is dated by: the commit time if known, else
// SOURCE_DATE_EPOCH, else now.
EpochMs build_time(const GitHubContext& ctx, const Clock& clock);

}  // namespace berth::core
