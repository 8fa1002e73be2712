// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/github.hpp"
#include "core/inputs.hpp"
#include "core/meta_context.hpp"
#include "core/meta_rules.hpp"
#include "core/scheme.hpp"

// docker/metadata-action's tag engine (src/meta.ts): rules and flavor in,
// tag candidates and the latest decision out.
namespace berth::core {

// What the rules make of a run.
struct MetaTags {
  std::vector<TagCandidate> candidates;  // sanitized, in rule order
  bool latest = false;                   // decided by the first rule that gave a tag
  std::string latest_tag = "latest";     // with the flavor's onlatest prefix/suffix
  std::vector<std::string> warnings;
};

// Evaluates `rules` (ordered by priority) with `flavor` on the run `mctx`.
// Every tag is made by make_tag (core/tag.hpp): text from the run is
// repaired (with a warning when more than characters change), text the user
// wrote that a registry would refuse is an error. Throws Error naming `tags`
// or `flavor` and the line on that, on an enable that renders neither true
// nor false, and on an unknown time zone.
MetaTags evaluate_tag_rules(const std::vector<TagRule>& rules, const Flavor& flavor,
                            const MetaContext& mctx);

// Evaluates the parsed `tags` and `flavor` inputs of `in` (metadata-action's
// default rules when `tags` has none). Throws Error as evaluate_tag_rules.
MetaTags compute_meta_tags(const Inputs& in, const GitHubContext& ctx,
                           const Clock& clock);

// Returns the `labels` lines of `in` (read with metadata-action's list
// syntax) with the global expressions rendered. Throws Error naming `labels`
// and the line.
std::vector<std::string> render_meta_labels(const Inputs& in, const MetaContext& mctx);

}  // namespace berth::core
