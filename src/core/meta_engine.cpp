// SPDX-License-Identifier: MIT
#include "core/meta_engine.hpp"

#include <optional>
#include <regex>

#include "core/error.hpp"
#include "core/pep440.hpp"
#include "core/semver.hpp"
#include "core/tag.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// npm semver's limits (internal/constants.js).
constexpr std::size_t k_semver_max_length = 256;
constexpr std::uint64_t k_max_safe_integer = 9007199254740991ULL;

struct Produced {
  std::string value;
  bool auto_latest = false;  // the type's choice under flavor latest=auto
};

bool has_template(std::string_view s) { return s.find("{{") != std::string_view::npos; }

// Follows src/meta.ts: each enabled rule, in priority order, gives at most
// one value; the first value decides `latest`.
class Evaluator {
 public:
  Evaluator(const Flavor& flavor, const MetaContext& mctx, MetaTags& out)
      : m_flavor(flavor), m_mctx(mctx), m_out(out) {}

  void run(const TagRule& rule) {
    if (!enabled(rule)) {
      return;
    }
    std::optional<Produced> p = produce(rule);
    if (!p || p->value.empty()) {
      return;
    }
    const TagOrigin origin{"tags", where("tags", rule.line, rule.text)};
    // A prefix or suffix is the rule's own when it sets one, else the flavor's.
    const auto affix = [&](const std::string& key) {
      const bool own = rule.has(key);
      const std::string& text =
          own ? rule.attr(key) : key == "prefix" ? m_flavor.prefix : m_flavor.suffix;
      return TagPart{render(text, rule), !has_template(text), key,
                     own ? origin : m_flavor_origin};
    };
    const bool written = rule.type == TagType::k_raw && !has_template(rule.attr("value"));
    const std::string value =
        make_tag({affix("prefix"), TagPart{p->value, written, "value", origin},
                  affix("suffix")},
                 origin, m_out.warnings);
    if (value.empty()) {
      return;
    }
    m_out.candidates.push_back({value, rule.priority});
    if (!m_latest_decided) {
      m_latest_decided = true;
      m_out.latest = m_flavor.latest == LatestMode::k_auto
                         ? p->auto_latest
                         : m_flavor.latest == LatestMode::k_true;
    }
  }

  std::string render(const std::string& text, const TagRule& rule) const {
    return has_template(text) ? render_global(text, m_mctx, "tags", rule.line, rule.text)
                              : text;
  }

 private:
  bool enabled(const TagRule& rule) const {
    const std::string enable = render(rule.attr("enable"), rule);
    if (enable != "true" && enable != "false") {
      throw Error(where("tags", rule.line, rule.text) + "enable renders \"" + enable +
                      "\", which is not true or false",
                  "tags");
    }
    return enable == "true";
  }

  void warn(const TagRule& rule, const std::string& what) {
    m_out.warnings.push_back(where("tags", rule.line, rule.text) + what);
  }

  std::optional<Produced> produce(const TagRule& rule) {
    const std::string branch = m_mctx.branch();
    switch (rule.type) {
      case TagType::k_schedule:
        if (m_mctx.event_name.find("schedule") == std::string::npos) {
          return std::nullopt;
        }
        return Produced{
            render_template(
                parse_template(rule.attr("pattern"), TemplateScope::k_schedule),
                [&](const Mustache& m) { return global_value(m, m_mctx); }),
            false};
      case TagType::k_semver:
        return semver(rule);
      case TagType::k_pep440:
        return pep440(rule);
      case TagType::k_match:
        return match(rule);
      case TagType::k_edge: {
        if (!starts_with(m_mctx.ref, "refs/heads/")) {
          return std::nullopt;
        }
        const std::string& edge =
            rule.attr("branch").empty() ? m_mctx.default_branch : rule.attr("branch");
        if (edge.empty()) {
          warn(rule,
               "the default branch is unknown (no repository.default_branch in the event "
               "payload); set default-branch or branch=");
          return std::nullopt;
        }
        return branch == edge ? std::optional<Produced>(Produced{"edge", false})
                              : std::nullopt;
      }
      case TagType::k_ref:
        return ref(rule);
      case TagType::k_raw:
        return Produced{render(rule.attr("value"), rule), false};
      case TagType::k_sha:
        if (m_mctx.sha.empty()) {
          return std::nullopt;
        }
        return Produced{rule.attr("format") == "long" ? m_mctx.sha : m_mctx.short_sha(),
                        false};
    }
    return std::nullopt;
  }

  std::optional<Produced> ref(const TagRule& rule) const {
    const std::string& event = rule.attr("event");
    if (event == "branch" && starts_with(m_mctx.ref, "refs/heads/")) {
      return Produced{m_mctx.branch(), false};
    }
    if (event == "tag" && starts_with(m_mctx.ref, "refs/tags/")) {
      return Produced{m_mctx.tag(), true};
    }
    if (event == "pr" && starts_with(m_mctx.ref, "refs/pull/")) {
      std::string pr = m_mctx.ref.substr(10);
      if (ends_with(pr, "/merge")) {
        pr.resize(pr.size() - 6);
      }
      return Produced{pr, false};
    }
    return std::nullopt;
  }

  // The text semver, pep440 and match read: `value` if set, else the tag.
  std::optional<std::string> version_source(const TagRule& rule) const {
    if (!rule.attr("value").empty()) {
      return render(rule.attr("value"), rule);
    }
    if (!starts_with(m_mctx.ref, "refs/tags/")) {
      return std::nullopt;
    }
    return m_mctx.tag();
  }

  // semver and pep440: `match` picks group 1 out of the source; '/' becomes '-'.
  std::optional<std::string> version_text(const TagRule& rule) {
    std::optional<std::string> v = version_source(rule);
    if (v && rule.regex) {
      std::smatch m;
      if (std::regex_search(*v, m, rule.regex->regex) && m[1].matched) {
        *v = m[1].str();
      } else {
        warn(rule, "match \"" + rule.attr("match") + "\" does not match \"" + *v + "\"");
      }
    }
    if (v) {
      for (char& c : *v) {
        c = c == '/' ? '-' : c;
      }
    }
    return v;
  }

  std::optional<Produced> semver(const TagRule& rule) {
    const std::optional<std::string> v = version_text(rule);
    if (!v) {
      return std::nullopt;
    }
    const std::optional<SemVer> sv =
        v->size() <= k_semver_max_length ? parse_semver(*v) : std::nullopt;
    if (!sv || sv->major > k_max_safe_integer || sv->minor > k_max_safe_integer ||
        sv->patch > k_max_safe_integer) {
      warn(rule, "\"" + *v + "\" is not a semantic version");
      return std::nullopt;
    }
    Template pattern = parse_template(rule.attr("pattern"), TemplateScope::k_semver);
    if (sv->is_prerelease() && !pattern.is_only("raw")) {
      pattern = parse_template("{{version}}", TemplateScope::k_semver);
    }
    const std::string out =
        render_template(pattern, [&](const Mustache& m) -> std::string {
          if (m.name == "raw") return *v;
          if (m.name == "version") return sv->version();
          if (m.name == "major") return std::to_string(sv->major);
          if (m.name == "minor") return std::to_string(sv->minor);
          if (m.name == "patch") return std::to_string(sv->patch);
          if (m.name == "prerelease") return join(sv->prerelease, ",");
          return join(sv->build, ",");
        });
    return Produced{out, !sv->is_prerelease()};
  }

  std::optional<Produced> pep440(const TagRule& rule) {
    const std::optional<std::string> v = version_text(rule);
    if (!v) {
      return std::nullopt;
    }
    const std::optional<Pep440> pv = parse_pep440(*v);
    if (!pv) {
      warn(rule, "\"" + *v + "\" is not a PEP 440 version");
      return std::nullopt;
    }
    const Template pattern =
        parse_template(rule.attr("pattern"), TemplateScope::k_pep440);
    if (pv->is_prerelease() || pv->is_postrelease()) {
      return Produced{pattern.is_only("raw") ? *v : pv->normalized(), false};
    }
    const std::string out =
        render_template(pattern, [&](const Mustache& m) -> std::string {
          if (m.name == "raw") return *v;
          if (m.name == "version") return pv->normalized();
          if (m.name == "major") return std::to_string(pv->part(0));
          if (m.name == "minor") return std::to_string(pv->part(1));
          return std::to_string(pv->part(2));
        });
    return Produced{out, true};
  }

  std::optional<Produced> match(const TagRule& rule) {
    const std::optional<std::string> v = version_source(rule);
    if (!v) {
      return std::nullopt;
    }
    const RuleRegex& re = *rule.regex;
    const std::size_t group = std::stoul(rule.attr("group"));
    std::optional<std::string> found;
    if (re.global) {  // String.match with the g flag: every match, no groups
      std::size_t i = 0;
      for (auto it = std::sregex_iterator(v->begin(), v->end(), re.regex);
           it != std::sregex_iterator() && !found; ++it, ++i) {
        if (i == group) {
          found = it->str(0);
        }
      }
    } else if (std::smatch m; std::regex_search(*v, m, re.regex) && group <= re.groups &&
                              m[group].matched) {
      found = m[group].str();
    }
    if (!found) {
      warn(rule, "pattern \"" + rule.attr("pattern") + "\" gives no group " +
                     rule.attr("group") + " for \"" + *v + "\"");
      return std::nullopt;
    }
    return Produced{*found, true};
  }

  const Flavor& m_flavor;
  const TagOrigin m_flavor_origin{"flavor", "flavor: "};
  const MetaContext& m_mctx;
  MetaTags& m_out;
  bool m_latest_decided = false;
};

void check_rule_zones(const TagRule& rule, const MetaContext& mctx) {
  for (const char* key : {"value", "enable", "prefix", "suffix"}) {
    if (has_template(rule.attr(key))) {
      check_zones(rule.attr(key), TemplateScope::k_global, mctx, "tags", rule.line,
                  rule.text);
    }
  }
  if (rule.type == TagType::k_schedule) {
    check_zones(rule.attr("pattern"), TemplateScope::k_schedule, mctx, "tags", rule.line,
                rule.text);
  }
}

}  // namespace

MetaTags evaluate_tag_rules(const std::vector<TagRule>& rules, const Flavor& flavor,
                            const MetaContext& mctx) {
  // Every zone is checked first: a bad one fails the run even when its rule
  // would not fire on this event.
  for (const TagRule& rule : rules) {
    check_rule_zones(rule, mctx);
  }
  check_zones(flavor.prefix, TemplateScope::k_global, mctx, "flavor", 0);
  check_zones(flavor.suffix, TemplateScope::k_global, mctx, "flavor", 0);

  MetaTags out;
  Evaluator evaluator(flavor, mctx, out);
  for (const TagRule& rule : rules) {
    evaluator.run(rule);
  }
  // The latest tag: "latest" with the flavor's prefix and suffix when their
  // onlatest is set.
  const TagOrigin origin{"flavor", "flavor: "};
  const auto part = [&](bool used, const std::string& text, const char* what) {
    return TagPart{used ? render_global(text, mctx, "flavor", 0) : std::string(),
                   !has_template(text), what, origin};
  };
  out.latest_tag = make_tag({part(flavor.prefix_latest, flavor.prefix, "prefix"),
                             TagPart{"latest", true, "value", origin},
                             part(flavor.suffix_latest, flavor.suffix, "suffix")},
                            origin, out.warnings);
  if (out.latest_tag.empty()) {
    out.latest = false;
  }
  return out;
}

MetaTags compute_meta_tags(const Inputs& in, const GitHubContext& ctx,
                           const Clock& clock) {
  return evaluate_tag_rules(in.tag_rules.empty() ? default_tag_rules() : in.tag_rules,
                            in.flavor.value_or(Flavor{}),
                            make_meta_context(ctx, clock, in.default_branch));
}

std::vector<std::string> render_meta_labels(const Inputs& in, const MetaContext& mctx) {
  std::vector<std::string> out;
  for (const ListItem& item : in.labels) {
    out.push_back(render_global(item.text, mctx, "labels", item.line));
  }
  return out;
}

}  // namespace berth::core
