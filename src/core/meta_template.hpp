// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The Handlebars subset docker/metadata-action's tag rules use: {{name}},
// {{{name}}} (not escaped), {{helper 'arg' key='value'}} and {{! comments}}.
namespace berth::core {

// Which names a template may use; each place of a rule has its own set.
enum class TemplateScope {
  k_global,    // branch, tag, sha, base_ref, is_default_branch, is_not_default_branch,
               // date, commit_date
  k_semver,    // raw, version, major, minor, patch, prerelease, build
  k_pep440,    // raw, version, major, minor, patch
  k_schedule,  // date, commit_date
};

// An argument of a helper: a quoted string, or a bare word, which Handlebars
// looks up as a path (and which is then undefined).
struct TemplateParam {
  bool quoted = false;
  std::string text;
};

// One {{...}} of a template.
struct Mustache {
  std::string name;                                         // "branch", "date"
  std::vector<TemplateParam> params;                        // 'YYYYMMDD'
  std::vector<std::pair<std::string, TemplateParam>> hash;  // tz='Asia/Tokyo'
  bool escape = true;                                       // false for {{{...}}}
};

// A parsed template: literal text and mustaches, in order.
struct Template {
  struct Part {
    std::string text;  // literal text, when `mustache` is empty
    std::optional<Mustache> mustache;
  };
  std::vector<Part> parts;

  // Returns whether the template holds at least one mustache.
  bool has_mustache() const;
  // Returns whether the template is exactly one mustache named `name`, as
  // "{{raw}}" or "{{ raw }}" (metadata-action's isRawStatement).
  bool is_only(std::string_view name) const;
};

// Parses `text` and checks every name against `scope`. Throws Error (with a
// message that lacks the input's name: callers add it) on an unclosed
// mustache, a block helper, an unknown name, or a helper argument the helper
// does not take.
Template parse_template(std::string_view text, TemplateScope scope);

// Renders `t`, taking each mustache's text from `eval`; the text is
// HTML-escaped as Handlebars escapes it, unless the mustache is {{{triple}}}.
std::string render_template(const Template& t,
                            const std::function<std::string(const Mustache&)>& eval);

// Returns `s` with Handlebars' escapes for & < > " ' ` and =.
std::string html_escape(std::string_view s);

}  // namespace berth::core
