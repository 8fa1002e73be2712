// SPDX-License-Identifier: MIT
#include "core/meta_rules.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/error.hpp"
#include "core/meta_fields.hpp"
#include "core/meta_template.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

struct TypeSpec {
  TagType type;
  std::string_view name;
  int priority;                           // metadata-action's src/tag.ts defaults
  std::array<std::string_view, 3> attrs;  // besides enable, priority, prefix, suffix
};

constexpr std::array<TypeSpec, 8> k_types = {{
    {TagType::k_schedule, "schedule", 1000, {"pattern", "", ""}},
    {TagType::k_semver, "semver", 900, {"pattern", "value", "match"}},
    {TagType::k_pep440, "pep440", 900, {"pattern", "value", "match"}},
    {TagType::k_match, "match", 800, {"pattern", "group", "value"}},
    {TagType::k_edge, "edge", 700, {"branch", "", ""}},
    {TagType::k_ref, "ref", 600, {"event", "", ""}},
    {TagType::k_raw, "raw", 200, {"value", "", ""}},
    {TagType::k_sha, "sha", 100, {"format", "", ""}},
}};

const TypeSpec& spec_of(TagType type) {
  return *std::find_if(k_types.begin(), k_types.end(),
                       [type](const TypeSpec& s) { return s.type == type; });
}

std::optional<int> parse_int(std::string_view s) {
  const bool negative = !s.empty() && s[0] == '-';
  const std::string_view digits = negative ? s.substr(1) : s;
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), is_digit)) {
    return std::nullopt;
  }
  const int v = std::stoi(std::string(digits));
  return negative ? -v : v;
}

// The longest regular expression a rule may hold.
constexpr std::size_t k_max_regex_length = 1024;

RuleRegex compile_regex(const ListItem& item, const std::string& key,
                        const std::string& text, bool allow_flags) {
  std::string source = text;
  auto options = std::regex::ECMAScript;
  RuleRegex out;
  // A /re/flags pattern (metadata-action: /^\/(.+)\/(.*)$/, so the last '/').
  const auto last = text.rfind('/');
  if (allow_flags && text.size() > 2 && text[0] == '/' && last > 1) {
    source = text.substr(1, last - 1);
    for (char flag : text.substr(last + 1)) {
      if (flag == 'i') {
        options |= std::regex::icase;
      } else if (flag == 'm') {
        options |= std::regex::multiline;
      } else if (flag == 'g') {
        out.global = true;
      } else {
        fail_item("tags", item,
             key + ": regular expression flag '" + std::string(1, flag) +
                 "' is not supported (use i, m or g)");
      }
    }
  }
  // std::regex compiles (and matches) recursively: a pattern nested some
  // 30000 groups deep overflowed the stack (fuzz/fuzz_meta_rules.cpp). Real
  // patterns are short, so a long one is refused before it is compiled.
  if (source.size() > k_max_regex_length) {
    fail_item("tags", item,
         key + ": the regular expression is longer than " +
             std::to_string(k_max_regex_length) + " characters");
  }
  try {
    out.regex = std::regex(source, options);
  } catch (const std::regex_error& e) {
    fail_item("tags", item,
         key + ": \"" + source + "\" is not a regular expression (" + e.what() + ")");
  }
  out.groups = out.regex.mark_count();
  return out;
}

void check_attrs(const ListItem& item, const TagRule& rule) {
  const TypeSpec& spec = spec_of(rule.type);
  for (const auto& [key, value] : rule.attrs) {
    const bool common =
        key == "enable" || key == "priority" || key == "prefix" || key == "suffix";
    const bool own =
        std::find(spec.attrs.begin(), spec.attrs.end(), key) != spec.attrs.end();
    if (!common && !own) {
      fail_item("tags", item,
           "unknown attribute \"" + key + "\" for type=" + std::string(spec.name));
    }
  }
}

void fill_defaults(const ListItem& item, TagRule& rule) {
  auto& a = rule.attrs;
  const auto require = [&](const char* key) {
    if (a.count(key) == 0 || a[key].empty()) {
      fail_item("tags", item, std::string("missing ") + key + " attribute");
    }
  };
  a.emplace("priority", std::to_string(spec_of(rule.type).priority));
  a.emplace("enable", "true");
  switch (rule.type) {
    case TagType::k_schedule:
      a.emplace("pattern", "nightly");
      break;
    case TagType::k_semver:
    case TagType::k_pep440:
      require("pattern");
      a.emplace("value", "");
      a.emplace("match", "");
      break;
    case TagType::k_match:
      require("pattern");
      a.emplace("group", "0");
      a.emplace("value", "");
      break;
    case TagType::k_edge:
      a.emplace("branch", "");
      break;
    case TagType::k_ref:
      require("event");
      if (a["event"] != "branch" && a["event"] != "tag" && a["event"] != "pr") {
        fail_item("tags", item, "event=" + a["event"] + " is not branch, tag or pr");
      }
      if (a["event"] == "pr") {
        a.emplace("prefix", "pr-");
      }
      break;
    case TagType::k_raw:
      require("value");
      break;
    case TagType::k_sha:
      a.emplace("prefix", "sha-");
      a.emplace("format", "short");
      if (a["format"] != "short" && a["format"] != "long") {
        fail_item("tags", item, "format=" + a["format"] + " is not short or long");
      }
      break;
  }
}

// Checks the templates, numbers and regular expressions of a complete rule.
void check_values(const ListItem& item, TagRule& rule) {
  auto& a = rule.attrs;
  const auto priority = parse_int(a["priority"]);
  if (!priority) {
    fail_item("tags", item, "priority=" + a["priority"] + " is not a whole number");
  }
  rule.priority = *priority;
  if (a["enable"].find("{{") == std::string::npos && !is_true_or_false(a["enable"])) {
    fail_item("tags", item, "enable=" + a["enable"] + " is not true or false");
  }
  for (const char* key : {"enable", "prefix", "suffix", "value"}) {
    if (a.count(key) != 0) {
      check_template("tags", item, key, a[key], TemplateScope::k_global);
    }
  }
  switch (rule.type) {
    case TagType::k_schedule:
      check_template("tags", item, "pattern", a["pattern"], TemplateScope::k_schedule);
      break;
    case TagType::k_semver:
    case TagType::k_pep440:
      check_template("tags", item, "pattern", a["pattern"],
                     rule.type == TagType::k_semver ? TemplateScope::k_semver
                                                    : TemplateScope::k_pep440);
      if (!a["match"].empty()) {
        rule.regex = compile_regex(item, "match", a["match"], false);
        if (rule.regex->groups == 0) {
          fail_item("tags", item,
               "match: \"" + a["match"] +
                   "\" has no capture group; the version is group 1, as in v(\\d.*)");
        }
      }
      break;
    case TagType::k_match: {
      const std::string& group = a["group"];
      if (group.empty() || group.size() > 4 ||
          !std::all_of(group.begin(), group.end(), is_digit)) {
        fail_item("tags", item, "group=" + group + " is not a group number");
      }
      rule.regex = compile_regex(item, "pattern", a["pattern"], true);
      if (std::stoi(group) > 0 && rule.regex->groups == 0 && !rule.regex->global) {
        fail_item("tags", item,
             "pattern: \"" + a["pattern"] + "\" has no capture group for group=" + group);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string_view tag_type_name(TagType type) { return spec_of(type).name; }

const std::string& TagRule::attr(const std::string& key) const {
  static const std::string k_empty;
  const auto it = attrs.find(key);
  return it == attrs.end() ? k_empty : it->second;
}

std::vector<TagRule> default_tag_rules() {
  return parse_tag_rules({{"type=schedule", 0},
                          {"type=ref,event=branch", 0},
                          {"type=ref,event=tag", 0},
                          {"type=ref,event=pr", 0}});
}

TagRule parse_tag_rule(const ListItem& item) {
  TagRule rule;
  rule.line = item.line;
  rule.text = item.text;
  std::set<std::string> seen;
  for (const std::string& field : fields_of(item, "tags")) {
    auto [key, value] = split_field(field);
    if (key.empty()) {
      key = "value";  // a bare field: "foo" is type=raw,value=foo
    }
    // metadata-action lets the last one win; a second value is a mistake.
    if (!seen.insert(key).second) {
      fail_item("tags", item, key + " is given twice");
    }
    if (key == "type") {
      // Captures a copy: C++17 lambdas cannot capture a structured binding
      // (clang rejects it).
      const auto it = std::find_if(k_types.begin(), k_types.end(),
                                   [name = value](const TypeSpec& s) { return s.name == name; });
      if (it == k_types.end()) {
        fail_item("tags", item,
             "unknown type \"" + value +
                 "\" (known: schedule, semver, pep440, match, edge, ref, raw, sha)");
      }
      rule.type = it->type;
    } else {
      rule.attrs[key] = value;
    }
  }
  check_attrs(item, rule);
  fill_defaults(item, rule);
  check_values(item, rule);
  return rule;
}

std::vector<TagRule> parse_tag_rules(const std::vector<ListItem>& items) {
  std::vector<TagRule> rules;
  for (const ListItem& item : items) {
    rules.push_back(parse_tag_rule(item));
  }
  std::stable_sort(rules.begin(), rules.end(), [](const TagRule& a, const TagRule& b) {
    return a.priority > b.priority;
  });
  return rules;
}

std::vector<TagRule> parse_tags_input(std::string_view text) {
  return parse_tag_rules(split_list_input(text, "tags", true));
}

}  // namespace berth::core
