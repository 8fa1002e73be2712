// SPDX-License-Identifier: MIT
#include "core/scheme.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/meta_engine.hpp"
#include "core/semver.hpp"
#include "core/tag.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr std::size_t k_short_sha = 7;

std::string short_sha(const std::string& sha, const std::string& what) {
  const bool hex = std::all_of(sha.begin(), sha.end(), is_hex);
  if (sha.size() < k_short_sha || !hex) {
    throw Error::variable(what + " \"" + sha + "\" is not a commit hash", "GITHUB_SHA");
  }
  return to_lower(sha.substr(0, k_short_sha));
}

// A ref name as a tag; fails when nothing valid is left of it.
std::string tag_from_name(std::string_view name, std::string_view ref) {
  std::string tag = sanitize_tag(name);
  if (tag.empty()) {
    throw Error::variable("ref \"" + std::string(ref) + "\" leaves no valid tag; set the tags input",
                "GITHUB_REF");
  }
  return tag;
}

std::string default_branch(const Inputs& in, const GitHubContext& ctx) {
  return in.default_branch.empty() ? ctx.repo.default_branch : in.default_branch;
}

// Adds the scheme's tags for the run's ref; returns whether "latest" is due.
bool add_ref_tags(const Inputs& in, const GitHubContext& ctx,
                  std::vector<TagCandidate>& out, std::vector<std::string>& warnings) {
  if (ctx.event_name == "schedule") {
    out.push_back({"nightly", priority::k_schedule});
    return false;
  }
  if (is_pull_request(ctx)) {
    const auto number = pull_request_number(ctx);
    if (!number) {
      throw Error::variable("pull request event without a pull request number in the payload or ref",
                  "GITHUB_EVENT_PATH");
    }
    out.push_back({"pr-" + std::to_string(*number), priority::k_ref});
    out.push_back({"sha-" + short_sha(effective_sha(ctx), "pull request head"),
                   priority::k_sha});
    return false;
  }
  if (const std::string_view tag = tag_of(ctx.ref); !tag.empty()) {
    if (const auto v = parse_semver(tag)) {
      if (v->is_prerelease()) {
        out.push_back({v->version(), priority::k_semver});
        return false;
      }
      const std::string major = std::to_string(v->major);
      const std::string minor = major + "." + std::to_string(v->minor);
      out.push_back({v->version(), priority::k_semver});
      out.push_back({minor, priority::k_semver});
      out.push_back({major, priority::k_semver});
      return true;
    }
    out.push_back({tag_from_name(tag, ctx.ref), priority::k_ref});
    return false;
  }
  if (const std::string_view branch = branch_of(ctx.ref); !branch.empty()) {
    const std::string def = default_branch(in, ctx);
    if (def.empty()) {
      warnings.push_back(
          "the default branch is unknown (no repository.default_branch in the event "
          "payload): set default-branch to get latest on its pushes");
    }
    const std::string sha = "sha-" + short_sha(ctx.sha, "GITHUB_SHA");
    if (!def.empty() && branch == def) {
      out.push_back({sha, priority::k_sha});
      return true;
    }
    out.push_back({tag_from_name(branch, ctx.ref), priority::k_ref});
    out.push_back({sha, priority::k_sha});
    return false;
  }
  throw Error::variable("event " + ctx.event_name + " has no branch or tag ref (GITHUB_REF=\"" +
                  ctx.ref + "\"); set the tags input",
              "GITHUB_REF");
}

}  // namespace

std::vector<std::string> TagSet::names() const {
  std::vector<std::string> out;
  if (!main.empty()) {
    out.push_back(main);
  }
  out.insert(out.end(), partials.begin(), partials.end());
  if (latest && !latest_tag.empty() && main != latest_tag &&
      std::find(partials.begin(), partials.end(), latest_tag) == partials.end()) {
    out.push_back(latest_tag);
  }
  return out;
}

TagSet assemble(std::vector<TagCandidate> candidates, bool latest) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const TagCandidate& a, const TagCandidate& b) {
                     return a.priority > b.priority;
                   });
  TagSet set;
  set.latest = latest;
  for (TagCandidate& c : candidates) {
    if (c.value.empty() || c.value == set.main ||
        std::find(set.partials.begin(), set.partials.end(), c.value) !=
            set.partials.end()) {
      continue;
    }
    if (set.main.empty()) {
      set.main = std::move(c.value);
    } else {
      set.partials.push_back(std::move(c.value));
    }
  }
  return set;
}

EpochMs build_time(const GitHubContext& ctx, const Clock& clock) {
  if (ctx.commit_time) {
    return *ctx.commit_time;
  }
  return clock.source_date_epoch.value_or(clock.now);
}

TagSet compute_tags(const Inputs& in, const GitHubContext& ctx, const Clock& clock) {
  std::vector<TagCandidate> candidates;
  std::vector<std::string> warnings;
  bool latest = false;
  std::string latest_tag = "latest";
  if (uses_metadata_rules(in)) {
    MetaTags meta = compute_meta_tags(in, ctx, clock);
    candidates = std::move(meta.candidates);
    latest = meta.latest;
    latest_tag = std::move(meta.latest_tag);
    warnings = std::move(meta.warnings);
  } else {
    latest = add_ref_tags(in, ctx, candidates, warnings);
  }
  if (in.calver.enabled) {
    const std::string prefix = in.calver.prefix.empty()
                                   ? year_quarter(build_time(ctx, clock))
                                   : in.calver.prefix;
    // The prefix is checked as YYYY.N by parse_inputs; it still goes through
    // the one tag rule, as every tag a run makes does.
    const TagOrigin origin{"calver", "calver: "};
    candidates.push_back(
        {make_tag({{prefix, !in.calver.prefix.empty(), "prefix", origin},
                   {"-" + short_sha(effective_sha(ctx), "GITHUB_SHA"), false, "value", origin}},
                  origin, warnings),
         priority::k_calver});
  }
  TagSet set = assemble(std::move(candidates), latest);
  set.latest_tag = std::move(latest_tag);
  set.warnings = std::move(warnings);
  return set;
}

}  // namespace berth::core
