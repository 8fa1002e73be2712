// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/meta_csv.hpp"
#include "core/reference.hpp"

// docker/metadata-action's rule language for the `tags`, `flavor` and
// `images` inputs (https://github.com/docker/metadata-action#tags-input),
// parsed and checked. Evaluation is in core/meta_engine.hpp.
namespace berth::core {

enum class TagType {
  k_schedule,
  k_semver,
  k_pep440,
  k_match,
  k_edge,
  k_ref,
  k_raw,
  k_sha
};

// Returns the name of `type` as a rule writes it ("semver").
std::string_view tag_type_name(TagType type);

// A regular expression of a rule: ECMAScript syntax; "/re/flags" (i, m, g)
// sets flags in a `match` pattern.
struct RuleRegex {
  std::regex regex;
  bool global = false;     // the g flag: the Nth match instead of the Nth group
  std::size_t groups = 0;  // capture groups in the pattern
};

// One line of the `tags` input: its type and every attribute with the
// defaults filled in, keyed as metadata-action keys them ("pattern").
struct TagRule {
  TagType type = TagType::k_raw;
  std::map<std::string, std::string> attrs;
  int priority = 0;
  std::size_t line = 0;            // line of the input
  std::string text;                // the line as the rule parser saw it
  std::optional<RuleRegex> regex;  // match: `pattern`; semver, pep440: `match`

  // Returns the attribute `key`, or "" when absent.
  const std::string& attr(const std::string& key) const;
  // Returns whether the rule sets `key` itself (a default does not count
  // for prefix and suffix).
  bool has(const std::string& key) const { return attrs.count(key) != 0; }
};

enum class LatestMode { k_auto, k_true, k_false };

// The `flavor` input.
struct Flavor {
  LatestMode latest = LatestMode::k_auto;
  std::string prefix;
  bool prefix_latest = false;  // prefix=...,onlatest=true
  std::string suffix;
  bool suffix_latest = false;
};

// One image of the `images` input.
struct ImageRule {
  std::string name;  // as written
  bool enable = true;
  std::size_t line = 0;
  ImageName image;   // `name` parsed (by parse_inputs, for enabled rules)
};

// Returns metadata-action's rules for an empty `tags` input: type=schedule,
// type=ref,event=branch, type=ref,event=tag, type=ref,event=pr.
std::vector<TagRule> default_tag_rules();

// Parses one item of the `tags` input (after the list pass). Throws Error
// naming `tags` and the line on an unknown type or attribute (berth rejects
// what metadata-action ignores), a missing or bad attribute, a template with
// an unknown name, or a regular expression that does not compile or lacks
// the capture group it needs.
TagRule parse_tag_rule(const ListItem& item);

// Parses every item and orders the rules by priority, highest first, ties
// in input order. Throws Error as parse_tag_rule.
std::vector<TagRule> parse_tag_rules(const std::vector<ListItem>& items);

// Parses the raw `tags` input; returns no rules for an empty one.
std::vector<TagRule> parse_tags_input(std::string_view text);

// Parses the items of the `flavor` input. Throws Error naming `flavor` and
// the line on an unknown key, a field without '=', a bad latest or onlatest
// value, or an onlatest that follows no prefix or suffix on its line.
Flavor parse_flavor(const std::vector<ListItem>& items);

// Parses the raw `flavor` input.
Flavor parse_flavor_input(std::string_view text);

// Parses the items of the `images` input: one comma-separated line of names
// (the legacy form), or lines of name=NAME[,enable=true|false] or a bare
// name. Throws Error naming `images` and the line on an unknown attribute,
// a bad enable, an empty name, or a line that names two images.
std::vector<ImageRule> parse_image_rules(const std::vector<ListItem>& items);

// Parses the raw `images` input.
std::vector<ImageRule> parse_images_input(std::string_view text);

}  // namespace berth::core
