// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// The longest tag a registry accepts.
inline constexpr std::size_t k_max_tag_length = 128;

// Returns whether `tag` is a valid image tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
// (https://github.com/distribution/distribution/blob/main/reference/reference.go).
bool is_valid_tag(std::string_view tag);

// Makes a git ref name into a valid tag: lowercased, each run of characters
// outside [a-z0-9._-] becomes one '-', leading '.' and '-' removed, cut to 128
// characters. Returns "" when nothing usable is left ("///", "-"). Throws
// nothing.
std::string sanitize_tag(std::string_view name);

// Replaces each run of characters outside [A-Za-z0-9._-] with one '-', as
// docker/metadata-action does; the case is kept. Throws nothing.
std::string sanitize_tag_keep_case(std::string_view tag);

// Where a part of a tag comes from, for messages: the input that holds it
// and the prefix naming its line (`tags: line 2 "type=raw,-x": `).
struct TagOrigin {
  std::string input;  // "tags", "flavor", "calver"
  std::string where;  // starts every message about the part
};

// One part of a tag (a prefix, a value, a suffix): text the user wrote as a
// constant, or text the run gave (a ref name, a rendered template).
struct TagPart {
  std::string text;
  bool written = false;  // the user's own constant text
  std::string what;      // "prefix", "value", "suffix": names the part in errors
  TagOrigin origin;
};

// Joins `parts` into a tag a registry accepts, by the one rule every path
// (bare `tags` lines, type=raw, type=ref and the other rules, prefixes and
// suffixes of a rule or of `flavor`, calver) follows:
// 1. Text the user wrote is the user's to fix: a written part holding a
//    character outside [A-Za-z0-9._-], a tag that starts with '.' or '-'
//    in a written part, or written parts longer than 128 characters together
//    throw Error naming the part's input and line.
// 2. Text from the run is repaired: each run of characters outside
//    [A-Za-z0-9._-] becomes one '-' silently (metadata-action's sanitizing);
//    a leading '.' or '-' is removed and the tag cut to 128 characters, each
//    with a warning in `warnings` prefixed by `rule.where`.
// Returns "" (with a warning) when nothing of the tag is left.
std::string make_tag(const std::vector<TagPart>& parts, const TagOrigin& rule,
                     std::vector<std::string>& warnings);

}  // namespace berth::core
